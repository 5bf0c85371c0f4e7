//! The supervisor's review since sign-off by Actions and Effects: `r` on the team screen,
//! the paged review, Enter to the household and its history, Esc back, `P P` and its
//! refusal for a facilitator.

use super::*;
use crate::app::{Effect, Screen, Source};
use crate::model::review::{NewSignOff, ReviewSummary, SignOff};
use crate::model::{TeamData, TeamRow};

/// A supervisor on the team screen with two facilitators, Ani signed off at entry 40.
fn team() -> App {
    let mut app = started(Role::Supervisor, 100);
    World::new(100).keys(&mut app, "3");
    let row = |id: &str, name: &str| TeamRow {
        worker_id: id.into(),
        name: name.into(),
        login: id.into(),
        target: 10,
        ..TeamRow::default()
    };
    app.update(Action::TeamLoaded(TeamData {
        year: 2026,
        rows: vec![row("w1", "Ani"), row("w2", "Budi")],
        ..TeamData::default()
    }));
    let mut summaries = std::collections::BTreeMap::new();
    summaries.insert(
        "w1".to_string(),
        ReviewSummary {
            last: Some(SignOff {
                upto_seq: 40,
                at: "2026-11-01T02:00:00.000Z".into(),
                supervisor: "Budi Santoso".into(),
            }),
            ..ReviewSummary::default()
        },
    );
    app.update(Action::ReviewSummaries(summaries));
    app
}

#[test]
fn the_team_screen_asks_for_the_counts_since_sign_off() {
    let mut app = started(Role::Supervisor, 100);
    let fx = press(&mut app, "3");
    assert!(fx.contains(&Effect::FetchReviewSummaries), "{fx:?}");
}

#[test]
fn r_reviews_the_selected_facilitator_since_their_sign_off() {
    let mut app = team();
    // On the total row there is no one to review.
    assert!(press(&mut app, "r").is_empty());
    assert_eq!(app.screen, Screen::Team);
    // The sort puts Ani (by pace, both at 0: name order) first.
    let name = app.team.rows()[0].name.clone();
    let fx = press(&mut app, "jr");
    assert_eq!(app.screen, Screen::Review);
    assert_eq!(app.ctx(), crate::keymap::Ctx::Review);
    let Some(Effect::Page {
        source: Source::Review(q),
        count: true,
        ..
    }) = fx.first()
    else {
        panic!("a counted page of the review: {fx:?}");
    };
    let since = if name == "Ani" { 40 } else { 0 };
    assert_eq!(q.since_seq, since);
    // Paged like the other lists; the newest line is what a sign-off reaches.
    World::new(100).run(&mut app, fx);
    assert_eq!(app.review.window.total, 7);
    assert_eq!(app.review.newest, 100);
    World::new(100).keys(&mut app, "j");
    assert_eq!(app.review.window.selected, 1);
}

#[test]
fn enter_opens_the_household_with_its_history_and_esc_comes_back() {
    let mut app = team();
    World::new(100).keys(&mut app, "jr");
    World::new(100).keys(&mut app, "jj");
    let fx = World::new(100).keys(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(app.household.show_history, "the history is shown");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Locate { household_id, .. } if household_id == "h002")),
        "{fx:?}"
    );
    assert!(matches!(app.scope, Scope::Worker(_)));
    // `a` opens the supervision note form there.
    World::new(100).keys(&mut app, "a");
    assert!(matches!(app.overlay, crate::app::Overlay::Form(_)));
    World::new(100).keys(&mut app, "<esc>");
    assert!(matches!(app.overlay, crate::app::Overlay::None));
    // Esc: back on the review, everyone's caseload again.
    let fx = World::new(100).keys(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Review, "{fx:?}");
    assert_eq!(app.scope, Scope::All);
    assert!(fx.contains(&Effect::FetchReviewSummaries));
    // Esc again: the team.
    World::new(100).keys(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Team);
}

#[test]
fn p_twice_signs_off_up_to_the_newest_line() {
    let mut app = team();
    World::new(100).keys(&mut app, "jr");
    let (id, _) = app.review.facilitator.clone().unwrap();
    // Once: a question, nothing written.
    assert!(press(&mut app, "P").is_empty());
    assert!(app.message.as_ref().unwrap().text.contains("Press P again"));
    // Another key disarms it.
    press(&mut app, "j");
    assert!(press(&mut app, "P").is_empty());
    let fx = press(&mut app, "P");
    assert_eq!(
        fx,
        vec![Effect::SignOff {
            author: "s1".into(),
            sign_off: NewSignOff {
                supervisor_id: "s1".into(),
                facilitator_id: id,
                upto_seq: 100,
                note: String::new(),
            },
        }]
    );
    // Done: the review starts after it, counted again, and the team's counts reload.
    let fx = app.update(Action::SignedOff);
    assert_eq!(app.review.since_seq, 100);
    assert!(fx.contains(&Effect::FetchReviewSummaries));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Page { source: Source::Review(q), count: true, .. } if q.since_seq == 100
    )));
}

#[test]
fn the_command_line_signs_off_with_a_note() {
    let mut app = team();
    World::new(100).keys(&mut app, "jr");
    let fx = press(&mut app, ":sign-off all checked<enter>");
    assert!(
        matches!(&fx[..], [Effect::SignOff { sign_off, .. }] if sign_off.note == "all checked"),
        "{fx:?}"
    );
}

#[test]
fn a_facilitator_may_not_sign_off_nor_review() {
    let mut app = started(Role::Facilitator, 100);
    // The team screen and its review are a supervisor's.
    World::new(100).keys(&mut app, "3");
    assert_ne!(app.screen, Screen::Team);
    // Even on the review screen (put there by hand), `P P` is refused with the reason.
    app.screen = Screen::Review;
    app.review.facilitator = Some(("w1".into(), "Siti".into()));
    assert!(press(&mut app, "PP").is_empty());
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "Only a supervisor can sign off a facilitator's records"
    );
}

#[test]
fn a_read_only_file_refuses_the_sign_off() {
    let mut app = team();
    World::new(100).keys(&mut app, "jr");
    app.read_only = true;
    assert!(press(&mut app, "PP").is_empty());
    assert_eq!(
        app.message.as_ref().unwrap().level,
        crate::app::Level::Error
    );
}
