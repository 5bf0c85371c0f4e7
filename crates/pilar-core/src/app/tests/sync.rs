//! `:sinkron` / `:sync`: the core asks the shell for a sync and stays usable; one sync at
//! a time; its outcome refreshes the panes, the status and the conflicts; the status bar's
//! numbers come from the shell's status answers.

use super::*;
use crate::app::Level;
use crate::app::sync::{Outcome, Request};

fn runs(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::Sync(Request::Run { .. })))
        .count()
}

#[test]
fn the_start_asks_for_the_sync_status_and_a_save_asks_again_only_when_enrolled() {
    let mut app = bare(Role::Facilitator);
    let fx = app.update(Action::Start);
    assert!(fx.contains(&Effect::Sync(Request::Status)));
    let mut app = app_enrolled(false);
    let fx = app.update(Action::Saved { household: None });
    assert!(!fx.contains(&Effect::Sync(Request::Status)));
    let mut app = app_enrolled(true);
    assert_eq!(app.sync.unsent, 4);
    assert_eq!(app.sync.last_sync.as_deref(), Some("09:15"));
    let fx = app.update(Action::Saved { household: None });
    assert!(fx.contains(&Effect::Sync(Request::Status)));
}

fn app_enrolled(enrolled: bool) -> App {
    let mut app = app();
    let fx = app.update(Action::Sync(Outcome::Status {
        enrolled,
        unsent: 4,
        last_sync: Some("09:15".into()),
    }));
    assert!(fx.is_empty());
    app
}

#[test]
fn sync_runs_once_at_a_time_and_its_outcome_refreshes_what_is_shown() {
    let mut app = app_enrolled(true);
    let fx = press(&mut app, ":sinkron<enter>");
    assert_eq!(runs(&fx), 1, "{fx:?}");
    assert!(fx.contains(&Effect::Sync(Request::Run {
        author: "w1".into()
    })));
    assert!(app.sync.running);
    assert_eq!(message(&app), "Sync running… the screen stays usable.");
    // The screen stays usable meanwhile: moving in the list still asks for nothing odd.
    press(&mut app, "j");
    // A second one waits for the first.
    let fx = press(&mut app, ":sync<enter>");
    assert_eq!(runs(&fx), 0);
    assert_eq!(message(&app), "A sync is already running.");
    // Done: the panes load again, and the status and the conflicts are read.
    let fx = app.update(Action::Sync(Outcome::Done {
        pulled: 3,
        pushed: 1,
        conflicts: 0,
    }));
    assert!(!app.sync.running);
    assert_eq!(
        message(&app),
        "Sync done: 3 pulled, 1 pushed, 0 new conflicts."
    );
    assert!(fx.contains(&Effect::Sync(Request::Status)));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Conflicts(conflicts::Request::Count(_))))
    );
    assert!(!list_pages(&fx).is_empty(), "the list loads again: {fx:?}");
    // A failure says why, as an error, and a new sync may start.
    press(&mut app, ":sinkron<enter>");
    let fx = app.update(Action::Sync(Outcome::Failed(
        "The server cannot be reached".into(),
    )));
    assert_eq!(fx, vec![Effect::Sync(Request::Status)]);
    assert!(!app.sync.running);
    let m = app.message.as_ref().unwrap();
    assert_eq!(m.level, Level::Error);
    assert_eq!(m.text, "Sync failed: The server cannot be reached");
    assert_eq!(runs(&press(&mut app, ":sync<enter>")), 1);
}

#[test]
fn a_supervisor_may_sync_too() {
    let mut app = started(Role::Supervisor, 10);
    assert_eq!(runs(&press(&mut app, ":sinkron<enter>")), 1);
}
