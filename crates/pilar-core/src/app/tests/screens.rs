//! The other screens and windows: the agenda, the team screen, the conflicts overlay and
//! the help.

use super::*;
use crate::app::{AfterLocate, Overlay, Pane, Screen};
use crate::model::Resolution;
use crate::model::team::TeamColumn;

#[test]
fn the_agenda_pages_the_follow_ups_due_this_week_for_the_scope() {
    let mut app = app();
    let fx = press(&mut app, "2");
    assert_eq!(app.screen, Screen::Agenda);
    let [
        Effect::Page {
            source: Source::Agenda { scope, until },
            count: true,
            ..
        },
        // Issue 11 item 1: and the households failing their commitments.
        Effect::FetchFailing { months: 3, .. },
    ] = &fx[..]
    else {
        panic!("{fx:?}");
    };
    assert_eq!(*scope, own_scope());
    assert_eq!(*until, today() + chrono::Duration::days(7));
    World::new(100).run(&mut app, fx);
    assert_eq!(app.agenda.total, 3);
    World::new(100).keys(&mut app, "j");
    assert_eq!(app.agenda.selected, 1);
    press(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Dashboard);
}

#[test]
fn done_on_the_agenda_carries_the_day_and_the_note_and_reloads_the_agenda() {
    let mut app = app();
    World::new(100).keys(&mut app, "2j");
    // `d` asks for the outcome; Enter alone keeps the default note.
    assert!(press(&mut app, "d").is_empty());
    let fx = press(&mut app, "<enter>");
    assert_eq!(
        fx,
        vec![Effect::MarkDone {
            author: "w1".into(),
            activity_id: "a001".into(),
            today: today(),
            note: "Follow-up done: {}".into(),
        }]
    );
    let fx = app.update(Action::FollowUpDone);
    assert_eq!(message(&app), "Follow-up done and recorded");
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Page {
            source: Source::Agenda { .. },
            count: true,
            ..
        }
    )));
}

#[test]
fn enter_on_the_agenda_looks_in_every_status_if_it_must() {
    let mut app = app();
    World::new(100).keys(&mut app, "2jj");
    let fx = press(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(matches!(
        &fx[..],
        [Effect::Locate { household_id, then: AfterLocate::RetryAllStatuses, .. }] if household_id == "h002"
    ));
    // Not among the active households: every status, and look again (once).
    let fx = app.update(Action::Located {
        household_id: "h002".into(),
        position: None,
        then: AfterLocate::RetryAllStatuses,
    });
    assert!(app.caseload.include_exited);
    assert_eq!(
        message(&app),
        "Showing all statuses, including graduated and exited"
    );
    assert!(matches!(
        fx.last(),
        Some(Effect::Locate { then: AfterLocate::Report, query, .. }) if query.include_exited
    ));
    let fx = app.update(Action::Located {
        household_id: "h002".into(),
        position: None,
        then: AfterLocate::Report,
    });
    assert!(fx.is_empty());
    assert!(message(&app).starts_with("That household is not in this list"));
}

#[test]
fn a_quiet_locate_after_a_save_says_nothing_when_the_household_left_the_list() {
    let mut app = app();
    World::new(100).keys(&mut app, "jjj");
    app.message = None;
    let fx = app.update(Action::Located {
        household_id: "h003".into(),
        position: None,
        then: AfterLocate::Quiet,
    });
    assert!(fx.is_empty());
    assert!(app.message.is_none());
    assert_eq!(
        app.caseload.list.selected, 3,
        "the selection stays on its row"
    );
    // Found: the list goes there and the focus with it.
    app.focus = Pane::Log;
    app.update(Action::Located {
        household_id: "h042".into(),
        position: Some(42),
        then: AfterLocate::Quiet,
    });
    assert_eq!(app.caseload.list.selected, 42);
    assert_eq!(app.focus, Pane::List);
}

#[test]
fn the_team_screen_is_for_supervisors() {
    let mut app = app();
    assert!(press(&mut app, "3").is_empty());
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(message(&app).starts_with("The team screen is for supervisors"));
}

fn team_app() -> App {
    let mut app = started(Role::Supervisor, 100);
    let fx = press(&mut app, "3");
    assert_eq!(app.screen, Screen::Team);
    assert_eq!(
        fx,
        vec![
            Effect::FetchTeam {
                scope: Scope::All,
                year: 2026,
                as_of: today(),
                today: today(),
                policy: app.settings.policy.clone(),
                rules: app.settings.rules.clone(),
                readiness: app.settings.readiness,
            },
            Effect::FetchReviewSummaries
        ]
    );
    app.update(Action::TeamLoaded(crate::model::team::tests::data()));
    app
}

#[test]
fn the_team_table_sorts_by_the_next_column_and_reverses() {
    let mut app = team_app();
    assert_eq!(app.team.column, TeamColumn::Pace);
    let behind = app.team.rows()[0].name.clone();
    assert!(
        press(&mut app, "s").is_empty(),
        "sorting the team asks for nothing"
    );
    assert_eq!(app.team.column, TeamColumn::Pace.next());
    assert_eq!(
        app.team.descending,
        TeamColumn::Pace.next().descending_first()
    );
    assert!(message(&app).starts_with("Sorted by "));
    press(&mut app, "S");
    assert_eq!(
        app.team.descending,
        !TeamColumn::Pace.next().descending_first()
    );
    assert_eq!(app.team.selected, 0, "back on the total row");
    assert!(!behind.is_empty());
}

#[test]
fn enter_on_a_facilitator_opens_their_caseload_and_esc_returns_to_the_team() {
    let mut app = team_app();
    World::new(100).keys(&mut app, "j");
    let name = app.team.selected_row().unwrap().name.clone();
    let id = app.team.selected_row().unwrap().worker_id.clone();
    let fx = press(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    assert_eq!(app.scope, Scope::Worker(id.clone()));
    assert_eq!(app.scope_name.as_deref(), Some(name.as_str()));
    assert!(
        matches!(&fx[0], Effect::FetchGauge { scope, .. } if *scope == Scope::Worker(id.clone()))
    );
    assert!(
        matches!(&fx[1], Effect::Page { source: Source::List(q), .. } if q.scope == Scope::Worker(id.clone()))
    );
    World::new(100).run(&mut app, fx);
    let fx = press(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Team);
    assert_eq!(app.scope, Scope::All);
    assert_eq!(
        fx.iter()
            .filter(|e| matches!(
                e,
                Effect::FetchTeam {
                    scope: Scope::All,
                    ..
                }
            ))
            .count(),
        1,
        "the team loads once, for everyone"
    );
}

#[test]
fn conflicts_are_kept_or_taken_and_the_answer_says_what_was_done() {
    let mut app = app();
    let fx = press(&mut app, ":conflicts<enter>");
    assert_eq!(
        fx,
        vec![Effect::Conflicts(conflicts::Request::Load(own_scope()))]
    );
    app.update(
        conflicts::Loaded::Rows {
            rows: vec![conflict("c1"), conflict("c2")],
            total: 2,
        }
        .into(),
    );
    press(&mut app, "j");
    assert_eq!(
        press(&mut app, "t"),
        vec![Effect::Conflicts(conflicts::Request::Resolve {
            author: "w1".into(),
            id: "c2".into(),
            how: Resolution::Theirs,
        })]
    );
    let fx = app.update(conflicts::Loaded::Resolved { settled: true }.into());
    assert!(message(&app).contains("009") && message(&app).contains("Nama 001"));
    assert_eq!(
        fx.last(),
        Some(&Effect::Conflicts(conflicts::Request::Load(own_scope())))
    );
    assert!(matches!(
        &press(&mut app, "o")[..],
        [Effect::Conflicts(conflicts::Request::Resolve {
            how: Resolution::Ours,
            ..
        })]
    ));
    app.update(conflicts::Loaded::Resolved { settled: false }.into());
    assert!(message(&app).contains("already settled in another session"));
    // Another session's change reloads the open list; once closed, nothing.
    assert!(
        app.update(Action::DataChanged)
            .contains(&Effect::Conflicts(conflicts::Request::Load(own_scope())))
    );
    press(&mut app, "q");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(conflicts::changed(&app).is_empty());
}

#[test]
fn the_conflicts_notice_at_start_does_not_hide_another_message() {
    let mut app = bare(Role::Facilitator);
    app.update(conflicts::Loaded::Count(3).into());
    assert!(message(&app).starts_with("3 merge conflicts"));
    app.message = Some(crate::app::Message {
        level: crate::app::Level::Info,
        text: "kept".into(),
    });
    app.update(conflicts::Loaded::Count(3).into());
    assert_eq!(message(&app), "kept");
}

#[test]
fn help_scrolls_within_its_lines_and_toggles() {
    let mut app = app();
    press(&mut app, "?");
    press(&mut app, "jjjk");
    assert!(matches!(app.overlay, Overlay::Help { scroll: 2 }));
    press(&mut app, "G");
    let Overlay::Help { scroll } = app.overlay else {
        panic!()
    };
    // The help's last line at the bottom of the screen, and no further.
    assert_eq!(u64::from(scroll), crate::app::help::max_scroll(&app));
    press(&mut app, "<f1>");
    assert!(matches!(app.overlay, Overlay::None));
}

/// The field test's D13: below 80x24 the screen says so, and keys do nothing but `q` and
/// Ctrl-c, so nothing is typed into a hidden form; `q` quits (asking first if a form has
/// typed text, as Ctrl-c does); back at full size everything is as it was.
#[test]
fn the_too_small_screen_takes_no_keys_but_q_and_ctrl_c() {
    let summary = |app: &App| match &app.overlay {
        Overlay::Form(e) => e.form.value("summary"),
        _ => panic!("the form is gone"),
    };
    let mut app = app();
    press(&mut app, "aKunjungan");
    app.update(Action::Resize(60, 20));
    let fx = press(&mut app, "X<space><bs><enter><c-s><tab><esc><c-u>:1");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.update(Action::Paste("tempel".into())).is_empty());
    assert_eq!(
        summary(&app),
        "Kunjungan",
        "nothing typed into the hidden form"
    );
    assert!(matches!(&app.overlay, Overlay::Form(e) if !e.form.confirm_cancel));
    // Resized back: the form as it was, and typing goes on.
    app.update(Action::Resize(80, 24));
    press(&mut app, " rumah");
    assert_eq!(summary(&app), "Kunjungan rumah");
    // Too small again: q asks first (typed text would be lost), q again quits.
    app.update(Action::Resize(70, 22));
    press(&mut app, "q");
    assert!(!app.quit);
    assert!(message(&app).contains("q again"), "{}", message(&app));
    // Resized back, the question is withdrawn (q types again there).
    app.update(Action::Resize(80, 24));
    assert_eq!(message(&app), "");
    press(&mut app, "<c-c>");
    assert!(!app.quit, "asked afresh");
    app.update(Action::Resize(70, 22));
    press(&mut app, "q");
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn on_the_too_small_screen_q_quits_at_once_without_typed_text_and_ctrl_c_too() {
    let mut app = app();
    app.update(Action::Resize(79, 24));
    assert!(press(&mut app, "jx/").is_empty());
    assert_eq!(app.caseload.list.selected, 0);
    press(&mut app, "q");
    assert!(app.quit);
    let mut app = super::app();
    press(&mut app, "aKunjungan");
    app.update(Action::Resize(80, 23));
    press(&mut app, "<c-c>");
    assert!(!app.quit);
    assert!(message(&app).contains("Ctrl-c again"));
    press(&mut app, "<c-c>");
    assert!(app.quit);
}
