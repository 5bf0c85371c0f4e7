//! P2K2 groups by key script (issue 11, item 4): marked households join a group with
//! `:kelompok NAME @ PLACE`, the store's answer clears the marks and says what happened,
//! a refusal names the rule; `:keluar-kelompok` takes them out; a supervisor may do
//! neither.

use super::*;
use crate::app::groups::Joined;
use crate::domain::groups::{GroupRefusal, NameError};

#[test]
fn marked_households_join_a_group_by_name_and_place() {
    let mut app = app();
    app.settings.lang = crate::domain::Lang::Id;
    let fx = press(
        &mut app,
        "<space><space><space>:kelompok Mawar 1 @ Balai Desa<enter>",
    );
    let joins: Vec<&Effect> = fx
        .iter()
        .filter(|e| matches!(e, Effect::JoinGroup { .. }))
        .collect();
    assert_eq!(
        joins,
        [&Effect::JoinGroup {
            author: "w1".into(),
            name: "Mawar 1".into(),
            place: Some("Balai Desa".into()),
            households: vec!["h000".into(), "h001".into(), "h002".into()],
        }]
    );
    let fx = app.update(Action::GroupJoined(Ok(Joined {
        name: "Mawar 1".into(),
        families: 3,
        added: 3,
    })));
    assert!(app.caseload.marked.is_empty(), "the marks are used up");
    assert_eq!(message(&app), "Kelompok Mawar 1: 3 keluarga (3 baru masuk)");
    assert!(!fx.is_empty(), "what is shown is read again");
}

#[test]
fn without_marks_the_selected_household_joins_and_the_english_command_works() {
    let mut app = app();
    let fx = press(&mut app, "jj:group Melati<enter>");
    assert!(fx.contains(&Effect::JoinGroup {
        author: "w1".into(),
        name: "Melati".into(),
        place: None,
        households: vec!["h002".into()],
    }));
    app.update(Action::GroupJoined(Ok(Joined {
        name: "Melati".into(),
        families: 1,
        added: 1,
    })));
    assert_eq!(message(&app), "Group Melati: 1 household (1 joined)");
}

#[test]
fn a_refused_group_is_named_and_a_name_is_asked_for() {
    let mut app = app();
    app.settings.lang = crate::domain::Lang::Id;
    press(&mut app, ":kelompok<enter>");
    assert!(
        message(&app).starts_with("Beri nama kelompok"),
        "{}",
        message(&app)
    );
    app.update(Action::GroupJoined(Err(GroupRefusal::Name(
        NameError::TooLong,
    ))));
    assert_eq!(message(&app), "Nama kelompok paling panjang 40 huruf");
    app.update(Action::GroupJoined(Err(GroupRefusal::NotFound)));
    assert_eq!(message(&app), "Kelompok itu bukan milik Anda");
}

#[test]
fn households_leave_their_group() {
    let mut app = app();
    app.settings.lang = crate::domain::Lang::Id;
    let fx = press(&mut app, "<space><space>:keluar-kelompok<enter>");
    assert!(fx.contains(&Effect::LeaveGroup {
        author: "w1".into(),
        households: vec!["h000".into(), "h001".into()],
    }));
    app.update(Action::GroupLeft(2));
    assert!(app.caseload.marked.is_empty());
    assert_eq!(message(&app), "2 keluarga keluar dari kelompoknya");
}

#[test]
fn a_supervisor_neither_makes_nor_changes_groups() {
    let mut app = started(Role::Supervisor, 20);
    for script in [":kelompok Mawar<enter>", ":keluar-kelompok<enter>"] {
        let fx = press(&mut app, script);
        assert!(
            !fx.iter()
                .any(|e| matches!(e, Effect::JoinGroup { .. } | Effect::LeaveGroup { .. })),
            "{script}"
        );
    }
}
