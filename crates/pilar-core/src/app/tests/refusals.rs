//! The read-only and supervisor refusals: made in one place from the keymap table's
//! attributes, with a message and no effect.

use super::*;
use crate::app::{Level, Overlay};
use crate::keymap::{Access, BINDINGS, Command};

/// The app with the conflicts overlay open on one conflict.
fn with_conflict(role: Role) -> App {
    let mut app = started(role, 20);
    press(&mut app, ":konflik<enter>");
    app.update(
        conflicts::Loaded::Rows {
            rows: vec![conflict("c1")],
            total: 1,
        }
        .into(),
    );
    app
}

#[test]
fn read_only_refuses_every_writing_key_with_a_message_and_no_effect() {
    let mut app = app();
    app.read_only = true;
    for script in [
        "a",
        "n",
        "e",
        "D",
        "L",
        "U",
        "r",
        "R",
        "i",
        " ",
        ":tolak-rujukan<enter>",
    ] {
        let fx = press(&mut app, script);
        assert!(fx.is_empty(), "{script}: {fx:?}");
        assert!(matches!(app.overlay, Overlay::None), "{script}");
        let m = app.message.clone().unwrap();
        assert_eq!(m.level, Level::Error, "{script}");
        assert!(m.text.contains("read-only"), "{script}: {}", m.text);
    }
    assert!(app.caseload.marked.is_empty());
    let fx = press(&mut app, ":save-view x<enter>");
    assert!(fx.is_empty() && message(&app).contains("read-only"));
}

#[test]
fn read_only_still_looks_around() {
    let mut app = app();
    app.read_only = true;
    assert!(!press(&mut app, "j").is_empty());
    assert!(!press(&mut app, "/a").is_empty());
    assert!(!press(&mut app, "<esc>v").is_empty());
    assert!(app.message.is_none());
}

#[test]
fn a_supervisor_is_refused_a_facilitators_writes_but_may_note_reveal_and_keep_views() {
    let mut app = started(Role::Supervisor, 20);
    for script in ["n", "e", "D", "L", "U", "r", "R", " "] {
        assert!(press(&mut app, script).is_empty(), "{script}");
        let m = app.message.clone().unwrap();
        assert_eq!(m.level, Level::Info);
        assert!(
            m.text.starts_with("Supervisors only look"),
            "{script}: {}",
            m.text
        );
    }
    // A supervision note on the selected household.
    press(&mut app, "a");
    let Overlay::Form(entry) = &app.overlay else {
        panic!("the note form opens");
    };
    assert!(
        matches!(&entry.purpose, crate::app::entry::Purpose::Activity { households } if households.len() == 1)
    );
    press(&mut app, "<esc>");
    assert_eq!(
        press(&mut app, "i"),
        vec![Effect::LogReveal {
            author: "s1".into(),
            household_id: "h000".into(),
            place: crate::app::RevealPlace::Detail,
        }]
    );
    assert!(matches!(
        &press(&mut app, ":save-view semua<enter>")[..],
        [Effect::SaveView { .. }]
    ));
}

#[test]
fn settling_a_conflict_is_a_write_refused_like_any_other() {
    let mut app = with_conflict(Role::Facilitator);
    app.read_only = true;
    for key in ["o", "t"] {
        assert!(press(&mut app, key).is_empty());
        assert!(message(&app).contains("read-only"));
    }
    let mut app = with_conflict(Role::Supervisor);
    for key in ["o", "t"] {
        assert!(press(&mut app, key).is_empty());
        assert!(message(&app).starts_with("Supervisors only look"));
    }
}

#[test]
fn the_table_marks_every_command_that_writes() {
    // What used to be two hand-kept lists is now a column of the table.
    for b in BINDINGS {
        let writes = matches!(
            b.command,
            Command::AddActivity
                | Command::Mark
                | Command::Graduate
                | Command::UndoGraduation
                | Command::Refer
                | Command::NewHousehold
                | Command::EditHousehold
                | Command::VoidHousehold
                | Command::AdvanceReferral
                | Command::Pay
                | Command::PayShown
                | Command::RejectReferral
                | Command::ReferralBack
                | Command::VoidActivity
                | Command::ReopenFollowUp
                | Command::EditReferral
                | Command::EditActivity
                | Command::MarkDone
                | Command::Reveal
                | Command::SaveView
                | Command::KeepOurs
                | Command::TakeTheirs
                | Command::Sync
                | Command::Met
                | Command::NotMet
                | Command::NotApplicable
                | Command::MarkMember
                | Command::MarkAll
                | Command::JoinGroup
                | Command::LeaveGroup
                | Command::SignOff
                | Command::RecordEvent
                | Command::DismissProposal
        );
        assert_eq!(b.access.writes(), writes, "{:?}", b.command);
        if b.access == Access::WriteSupervisorToo {
            assert!(matches!(
                b.command,
                Command::AddActivity
                    | Command::Reveal
                    | Command::SaveView
                    | Command::Sync
                    | Command::SignOff
            ));
        }
    }
}

#[test]
fn a_write_blocked_by_a_full_disk_makes_the_app_read_only_and_keeps_the_form() {
    let mut app = app();
    press(&mut app, "aRumah bocor<enter>");
    app.update(Action::WriteBlocked(
        "Could not save: the disk is full".into(),
    ));
    assert!(app.read_only);
    assert_eq!(app.message.as_ref().unwrap().level, Level::Error);
    let Overlay::Form(entry) = &app.overlay else {
        panic!("the form stays open");
    };
    assert_eq!(entry.form.value("summary"), "Rumah bocor");
    press(&mut app, "<esc><esc>a");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(message(&app).contains("read-only"));
}
