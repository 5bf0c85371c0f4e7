//! Corrections (issue 14 §3) by Actions and Effects: a referral stepped back, a finished
//! one not rejected, an undone graduation saying what the household is back to.

use super::*;
use crate::app::{ReferralOutcome, ReferralStep};
use crate::domain::graduation::{Program, ReferralStatus};

#[test]
fn fix_a_referral_steps_back_by_command_and_says_where_it_is() {
    let mut app = app();
    assert_eq!(
        press(&mut app, ":referral-back<enter>"),
        vec![Effect::AdvanceReferral {
            author: "w1".into(),
            household_id: "h000".into(),
            step: ReferralStep::Back,
        }]
    );
    let fx = app.update(Action::ReferralAdvanced(ReferralOutcome::Moved {
        program: Program::Kur,
        status: ReferralStatus::Diterima,
    }));
    assert!(!fx.is_empty(), "reloads");
    assert_eq!(message(&app), "Referral KUR: accepted");
    assert!(
        app.update(Action::ReferralAdvanced(ReferralOutcome::AtStart))
            .is_empty()
    );
    assert!(
        message(&app).contains("no step before"),
        "{}",
        message(&app)
    );
}

#[test]
fn fix_a_finished_referral_is_not_rejected_and_says_why() {
    let mut app = app();
    assert!(matches!(
        &press(&mut app, ":reject-referral<enter>")[..],
        [Effect::AdvanceReferral {
            step: ReferralStep::Reject,
            ..
        }]
    ));
    assert!(
        app.update(Action::ReferralAdvanced(ReferralOutcome::CannotReject(
            ReferralStatus::Selesai
        )))
        .is_empty()
    );
    assert_eq!(
        message(&app),
        "The referral is already completed: it cannot be rejected"
    );
}

#[test]
fn fix_undoing_a_graduation_says_which_status_and_date_it_is_back_to() {
    let mut app = app();
    let since = NaiveDate::from_ymd_opt(2026, 10, 24).unwrap();
    let fx = app.update(Action::Undone(Some((
        HouseholdStatus::CalonGraduasi,
        Some(since),
    ))));
    assert!(matches!(fx[0], Effect::FetchGauge { .. }));
    assert_eq!(
        message(&app),
        "Graduation undone (recorded); the household is back to Graduation candidate since 24 Oct 2026"
    );
    app.update(Action::Undone(None));
    assert!(message(&app).starts_with("This household has no graduation"));
}

#[test]
fn fix_an_activity_selected_in_the_log_is_voided_with_a_reason() {
    let mut app = app();
    // Not from the list: the log's line must be chosen first.
    assert!(press(&mut app, ":void-activity wrong household<enter>").is_empty());
    assert!(message(&app).starts_with("Select the activity in the log"));
    // A reason is needed.
    press(&mut app, "<backtab>");
    assert_eq!(app.focus, crate::app::Pane::Log);
    assert!(press(&mut app, ":void-activity<enter>").is_empty());
    assert!(
        message(&app).starts_with("Give the reason"),
        "{}",
        message(&app)
    );
    assert_eq!(
        press(&mut app, "j:void-activity wrong household<enter>"),
        vec![Effect::VoidActivity {
            author: "w1".into(),
            activity_id: "a001".into(),
            reason: "wrong household".into(),
        }]
    );
    let fx = app.update(Action::ActivityVoided);
    assert!(!fx.is_empty(), "reloads");
    assert!(message(&app).starts_with("Activity voided"));
}

#[test]
fn fix_a_supervisor_cannot_void_an_activity() {
    let mut app = started(Role::Supervisor, 10);
    press(&mut app, "<backtab>");
    assert!(press(&mut app, ":void-activity salah<enter>").is_empty());
}

#[test]
fn fix_done_asks_for_an_outcome_note_and_enter_alone_keeps_the_default() {
    let mut app = app();
    World::new(100).keys(&mut app, "2j");
    assert!(press(&mut app, "d").is_empty());
    match &app.overlay {
        crate::app::Overlay::CommandLine(input) => assert_eq!(input.value(), "done "),
        other => panic!("{other:?}"),
    }
    let fx = press(&mut app, "house repaired<enter>");
    assert_eq!(
        fx,
        vec![Effect::MarkDone {
            author: "w1".into(),
            activity_id: "a001".into(),
            today: today(),
            note: "Follow-up done: {}. Outcome: house repaired".into(),
        }]
    );
    // Esc cancels: nothing is marked.
    assert!(press(&mut app, "d<esc>").is_empty());
}

#[test]
fn fix_a_done_follow_up_selected_in_the_log_is_reopened() {
    let mut app = app();
    press(&mut app, "<backtab>");
    // The World's log lines are not done: nothing to reopen.
    assert!(press(&mut app, ":reopen<enter>").is_empty());
    assert!(message(&app).starts_with("This line is not a follow-up marked done"));
    let mut done = activity(0, Some("h000"));
    done.done = true;
    done.follow_up = Some(today());
    app.log.window.rows[0] = done;
    assert_eq!(app.log.window.selected, 0);
    assert_eq!(
        press(&mut app, ":buka-lagi<enter>"),
        vec![Effect::ReopenFollowUp {
            author: "w1".into(),
            activity_id: "a000".into(),
        }]
    );
    assert!(!app.update(Action::FollowUpReopened(true)).is_empty());
    assert!(message(&app).starts_with("Follow-up reopened"));
}

#[test]
fn fix_enter_on_the_household_log_opens_the_whole_record_and_esc_closes_it() {
    let mut app = app();
    press(&mut app, "<backtab>");
    let fx = press(&mut app, "<enter>");
    let [Effect::FetchRecord(row)] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(row.id, "a000");
    let record = crate::model::RecordDetail {
        row: (**row).clone(),
        detail: "Rumah tidak layak huni, usul RTLH".into(),
        group_name: String::new(),
        place: String::new(),
        attendance: vec![("Siti".into(), true), ("Warsini".into(), false)],
    };
    app.update(Action::RecordLoaded(Box::new(record)));
    assert!(matches!(app.overlay, crate::app::Overlay::Record { .. }));
    press(&mut app, "j");
    press(&mut app, "<esc>");
    assert!(matches!(app.overlay, crate::app::Overlay::None));
    assert_eq!(app.focus, crate::app::Pane::Log);
}

#[test]
fn fix_the_latest_referral_is_corrected_field_by_field() {
    use crate::model::{Referral, ReferralEdit};
    let mut app = app();
    press(&mut app, ":edit-referral agency Dinsos<enter>");
    assert!(message(&app).starts_with("This household has no referral"));
    let referral = Referral {
        id: "r1".into(),
        program: Program::Kur,
        agency: "BRI".into(),
        date: today(),
        status: ReferralStatus::Diterima,
        notes: String::new(),
    };
    app.household.detail.as_mut().unwrap().referrals = vec![referral];
    let edit = |program, agency: &str, date| ReferralEdit {
        program,
        agency: agency.into(),
        notes: String::new(),
        date,
    };
    assert_eq!(
        press(&mut app, ":edit-referral agency BRI Unit Boja<enter>"),
        vec![Effect::EditReferral {
            author: "w1".into(),
            referral_id: "r1".into(),
            edit: edit(Program::Kur, "BRI Unit Boja", today()),
        }]
    );
    assert_eq!(
        press(&mut app, ":ubah-rujukan program umi<enter>"),
        vec![Effect::EditReferral {
            author: "w1".into(),
            referral_id: "r1".into(),
            edit: edit(Program::Umi, "BRI", today()),
        }]
    );
    let yesterday = today().pred_opt().unwrap();
    assert_eq!(
        press(&mut app, ":edit-referral date yesterday<enter>"),
        vec![Effect::EditReferral {
            author: "w1".into(),
            referral_id: "r1".into(),
            edit: edit(Program::Kur, "BRI", yesterday),
        }]
    );
    // Bad input: a clear message, nothing sent.
    assert!(press(&mut app, ":edit-referral program xyz<enter>").is_empty());
    assert!(message(&app).starts_with("Unknown program xyz"));
    assert!(press(&mut app, ":edit-referral colour red<enter>").is_empty());
    assert!(message(&app).starts_with("Say what to correct"));
    assert!(!app.update(Action::ReferralEdited).is_empty());
    assert!(message(&app).starts_with("Referral corrected"));
}

#[test]
fn fix_the_activity_selected_in_the_log_is_corrected_field_by_field() {
    use crate::model::ActivityEdit;
    let mut app = app();
    press(&mut app, "<backtab>");
    let base = ActivityEdit {
        kind: ActivityKind::Kunjungan,
        date: today(),
        summary: "Kunjungan 0".into(),
        follow_up: None,
        attendance: Vec::new(),
    };
    let sent = |edit| {
        vec![Effect::EditActivity {
            author: "w1".into(),
            activity_id: "a000".into(),
            edit,
        }]
    };
    assert_eq!(
        press(
            &mut app,
            ":edit-activity summary Home visit, KKS checked<enter>"
        ),
        sent(ActivityEdit {
            summary: "Home visit, KKS checked".into(),
            ..base.clone()
        })
    );
    assert_eq!(
        press(&mut app, ":edit-activity follow-up +7<enter>"),
        sent(ActivityEdit {
            follow_up: Some(today() + chrono::Duration::days(7)),
            ..base.clone()
        })
    );
    assert_eq!(
        press(&mut app, ":ubah-kegiatan jenis verifikasi<enter>"),
        sent(ActivityEdit {
            kind: ActivityKind::Verifikasi,
            ..base.clone()
        })
    );
    // Bad input: a clear message, nothing sent.
    assert!(press(&mut app, ":edit-activity date 32/13<enter>").is_empty());
    assert!(press(&mut app, ":edit-activity kind zzz<enter>").is_empty());
    assert!(message(&app).starts_with("Unknown activity kind zzz"));
    // Attendance only on a group session.
    assert!(press(&mut app, ":edit-activity absent<enter>").is_empty());
    assert!(message(&app).starts_with("Attendance is corrected on a group session"));
    let mut group = activity(0, None);
    group.group_size = 12;
    app.log.window.rows[0] = group;
    assert_eq!(
        press(&mut app, ":edit-activity absent<enter>"),
        sent(ActivityEdit {
            attendance: vec![("h000".into(), false)],
            ..base.clone()
        })
    );
    assert!(!app.update(Action::ActivityEdited).is_empty());
    assert!(message(&app).starts_with("Activity corrected"));
}

#[test]
fn fix_a_visit_offers_to_close_the_open_follow_up() {
    let mut app = app();
    let fx = press(&mut app, "aRumah sudah diperbaiki<enter>");
    assert!(matches!(&fx[..], [Effect::Save { .. }]), "{fx:?}");
    let fx = app.update(Action::Saved { household: None });
    assert!(
        fx.contains(&Effect::FetchOpenFollowUp("h000".into())),
        "{fx:?}"
    );
    app.update(Action::OpenFollowUp(Some(agenda_row(1))));
    assert!(matches!(app.overlay, crate::app::Overlay::CloseFollowUp(_)));
    // Esc keeps it open.
    assert!(press(&mut app, "<esc>").is_empty());
    assert!(matches!(app.overlay, crate::app::Overlay::None));
    // Enter marks it done.
    app.update(Action::OpenFollowUp(Some(agenda_row(1))));
    assert_eq!(
        press(&mut app, "<enter>"),
        vec![Effect::MarkDone {
            author: "w1".into(),
            activity_id: agenda_row(1).activity_id,
            today: today(),
            note: "Follow-up done: {}".into(),
        }]
    );
    // Nothing open: nothing asked.
    app.update(Action::OpenFollowUp(None));
    assert!(matches!(app.overlay, crate::app::Overlay::None));
}
