//! Data entry: forms open on the right households, Enter turns a valid form into a Save
//! effect with its record, and the answer (saved, refused, blocked) is taken as the app
//! kept it; drafts, `U U`, referrals moved on, the reveal.

use super::*;
use crate::app::entry::{Purpose, Record};
use crate::app::{AfterLocate, Level, Overlay, ReferralOutcome, ReferralStep, RevealPlace};
use crate::domain::graduation::{ExitKind, Program, ReferralStatus};
use crate::model::{Duplicate, Refusal};

/// The message for the whole form: the store's refusal, else the form's own.
fn form_error(app: &App) -> Option<String> {
    match &app.overlay {
        Overlay::Form(e) => e
            .refusal
            .as_ref()
            .map(|r| r.message.clone())
            .or_else(|| e.form.error.clone()),
        _ => None,
    }
}

#[test]
fn enter_in_the_activity_form_saves_the_record_and_the_answer_says_so() {
    let mut app = app();
    World::new(100).keys(&mut app, "jj");
    assert!(press(&mut app, "a").is_empty());
    assert!(
        matches!(&app.overlay, Overlay::Form(e) if matches!(&e.purpose, Purpose::Activity { households } if households[0].0 == "h002"))
    );
    let fx = press(&mut app, "Anak sakit<enter>");
    let [Effect::Save { author, record }] = &fx[..] else {
        panic!("{fx:?}");
    };
    assert_eq!(author, "w1");
    let Record::Activity(a) = &**record else {
        panic!("{record:?}")
    };
    assert_eq!(a.summary, "Anak sakit");
    assert_eq!(a.households, vec![("h002".to_string(), true)]);
    assert_eq!(a.date, today());
    assert!(matches!(app.overlay, Overlay::Form(_)), "open until saved");
    // Saved: the form closes, the message comes from the app, the household stays selected.
    let fx = app.update(Action::Saved { household: None });
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(message(&app), "Saved: Anak sakit");
    assert!(matches!(fx[0], Effect::FetchGauge { .. }));
    assert!(matches!(
        fx.last(),
        Some(Effect::Locate { household_id, then: AfterLocate::Quiet, .. }) if household_id == "h002"
    ));
}

#[test]
fn a_group_activity_is_for_the_marked_households_and_clears_the_marks_once_saved() {
    let mut app = app();
    World::new(100).keys(&mut app, "  ");
    assert_eq!(app.caseload.marked.len(), 2);
    assert_eq!(app.caseload.list.selected, 2, "Space marks and moves on");
    assert!(message(&app).starts_with("2 households marked"));
    let fx = press(&mut app, "aPertemuan P2K2<enter>");
    let [Effect::Save { record, .. }] = &fx[..] else {
        panic!("{fx:?} {:?}", form_error(&app));
    };
    let Record::Activity(a) = &**record else {
        panic!()
    };
    assert_eq!(a.households.len(), 2);
    let fx = app.update(Action::Saved { household: None });
    assert!(app.caseload.marked.is_empty());
    assert!(message(&app).contains("2 households"), "{}", message(&app));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Locate { .. })),
        "no one household to go to"
    );
}

#[test]
fn a_graduation_is_saved_and_remembered_for_undo_after_it_left_the_list() {
    let mut app = app();
    let fx = press(&mut app, "LUsaha stabil<tab> <tab> <enter>");
    let [Effect::Save { record, .. }] = &fx[..] else {
        panic!("{fx:?} {:?}", form_error(&app));
    };
    let Record::Graduation(g) = &**record else {
        panic!()
    };
    assert_eq!(
        (g.household_id.as_str(), g.kind),
        ("h000", ExitKind::SejahteraMandiri)
    );
    app.update(Action::Saved { household: None });
    assert!(message(&app).starts_with("Graduation saved"));
    // It left the active list; the first row is now another household, but `U U` undoes
    // this graduation.
    press(&mut app, "U");
    assert!(message(&app).contains("Nama 000"), "{}", message(&app));
    assert_eq!(
        press(&mut app, "U"),
        vec![Effect::UndoGraduation {
            author: "w1".into(),
            household_id: "h000".into(),
            today: today(),
        }]
    );
    let fx = app.update(Action::Undone(Some((
        HouseholdStatus::Aktif,
        Some(today()),
    ))));
    assert!(message(&app).starts_with("Graduation undone"));
    assert!(matches!(fx[0], Effect::FetchGauge { .. }));
}

#[test]
fn u_must_be_pressed_twice_in_a_row() {
    let mut app = app();
    press(&mut app, "U");
    assert!(message(&app).starts_with("Press U again"));
    assert!(
        press(&mut app, "j")
            .iter()
            .all(|e| !matches!(e, Effect::UndoGraduation { .. }))
    );
    let fx = press(&mut app, "kU");
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::UndoGraduation { .. })),
        "disarmed by the move"
    );
    assert!(matches!(
        press(&mut app, "U")[..],
        [Effect::UndoGraduation { .. }]
    ));
}

#[test]
fn a_household_already_exited_cannot_graduate_again() {
    let mut app = app();
    let mut exited = row(0);
    exited.status = crate::domain::graduation::HouseholdStatus::Keluar;
    app.update(Action::Page {
        total: None,
        offset: 0,
        limit: 1,
        rows: Rows::List(vec![exited]),
    });
    assert!(press(&mut app, "L").is_empty());
    assert_eq!(app.message.as_ref().unwrap().level, Level::Error);
    assert!(message(&app).contains("Press U"));
}

#[test]
fn a_new_household_is_selected_by_the_id_the_store_gives() {
    let mut app = app();
    press(&mut app, "n");
    let Overlay::Form(entry) = &app.overlay else {
        panic!()
    };
    assert_eq!(
        entry.form.value("village"),
        "Curugsewu",
        "the selected one's village"
    );
    let fx = app.update(Action::Saved {
        household: Some("h042".into()),
    });
    assert!(matches!(app.overlay, Overlay::None));
    assert!(matches!(
        fx.last(),
        Some(Effect::Locate { household_id, then: AfterLocate::Quiet, .. }) if household_id == "h042"
    ));
}

#[test]
fn a_stale_or_duplicate_household_is_refused_in_the_open_form() {
    let mut app = app();
    open_edit(&mut app);
    assert!(
        matches!(&app.overlay, Overlay::Form(e) if matches!(&e.purpose, Purpose::Household { id: Some(id), .. } if id == "h000"))
    );
    app.update(Action::Refused(Refusal::Stale(vec![(
        "rt".into(),
        "009".into(),
    )])));
    assert!(form_error(&app).unwrap().contains("RT 009"));
    let dup = |worker: &str| {
        Action::Refused(Refusal::Duplicate(Duplicate {
            field: "no_kk",
            value: "3324041234560001".into(),
            household_id: "h077".into(),
            household_name: "Nama 077".into(),
            worker_id: worker.into(),
        }))
    };
    // In another facilitator's caseload: not named, and Ctrl-o has nothing to open.
    app.update(dup("w2"));
    assert!(!form_error(&app).unwrap().contains("Nama 077"));
    assert!(press(&mut app, "<c-o>").is_empty());
    assert!(matches!(app.overlay, Overlay::Form(_)));
    app.update(dup("w1"));
    assert!(form_error(&app).unwrap().contains("Nama 077"));
    // Ctrl-o goes to the other household, in every status and unfiltered.
    let fx = press(&mut app, "<c-o>");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(app.caseload.include_exited);
    assert!(matches!(
        fx.last(),
        Some(Effect::Locate { household_id, then: AfterLocate::Report, query }) if household_id == "h077" && query.include_exited
    ));
}

#[test]
fn edit_needs_the_selected_households_detail() {
    let mut app = bare(Role::Facilitator);
    app.update(Action::Start);
    app.update(Action::Page {
        total: Some(Total::exact(1)),
        offset: 0,
        limit: 10,
        rows: Rows::List(vec![row(0)]),
    });
    assert!(press(&mut app, "e").is_empty());
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(message(&app), "Select a household first");
}

#[test]
fn ctrl_c_and_esc_ask_once_before_losing_typed_input() {
    let mut app = app();
    press(&mut app, "ax<c-c>");
    assert!(!app.quit);
    assert!(message(&app).contains("Ctrl-c again"));
    press(&mut app, "y");
    press(&mut app, "<c-c>");
    assert!(!app.quit, "another key disarmed it");
    press(&mut app, "<c-c>");
    assert!(app.quit);

    let mut app = super::app();
    press(&mut app, "ax<esc>");
    assert!(matches!(&app.overlay, Overlay::Form(e) if e.form.confirm_cancel));
    press(&mut app, "<esc>");
    assert!(matches!(app.overlay, Overlay::None));
    // An untouched form closes at once, and Ctrl-c quits at once.
    press(&mut app, "a<esc>");
    assert!(matches!(app.overlay, Overlay::None));
    press(&mut app, "a<c-c>");
    assert!(app.quit);
}

#[test]
fn a_draft_from_last_time_is_offered_reopened_or_discarded() {
    let mut app = app();
    press(&mut app, "aRumah bocor");
    let (kind, payload) = app.draft().unwrap();
    let mut app = super::app();
    app.update(Action::DraftFound(Some((kind.clone(), payload.clone()))));
    assert!(matches!(app.overlay, Overlay::DraftOffer { .. }));
    let fx = press(&mut app, "<enter>");
    assert_eq!(fx, vec![Effect::DeleteDraft("w1".into())]);
    assert!(matches!(&app.overlay, Overlay::Form(e) if e.form.value("summary") == "Rumah bocor"));
    assert!(app.update(Action::DraftDeleted).is_empty());
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "the acknowledgement changes nothing"
    );

    let mut app = super::app();
    app.update(Action::DraftFound(Some((kind, payload))));
    assert_eq!(
        press(&mut app, "<esc>"),
        vec![Effect::DeleteDraft("w1".into())]
    );
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(message(&app), "Old form discarded");
}

#[test]
fn moving_a_referral_on_says_what_happened_and_reloads_only_when_it_moved() {
    let mut app = app();
    assert_eq!(
        press(&mut app, "R"),
        vec![Effect::AdvanceReferral {
            author: "w1".into(),
            household_id: "h000".into(),
            step: ReferralStep::Next,
        }]
    );
    assert!(matches!(
        &press(&mut app, ":reject-referral<enter>")[..],
        [Effect::AdvanceReferral {
            step: ReferralStep::Reject,
            ..
        }]
    ));
    let fx = app.update(Action::ReferralAdvanced(ReferralOutcome::Moved {
        program: Program::Pena,
        status: ReferralStatus::Diterima,
    }));
    assert!(!fx.is_empty());
    assert!(message(&app).starts_with("Referral "));
    assert!(
        app.update(Action::ReferralAdvanced(ReferralOutcome::NoReferral))
            .is_empty()
    );
    assert!(message(&app).starts_with("This household has no referral"));
    assert!(
        app.update(Action::ReferralAdvanced(ReferralOutcome::AlreadyFinal(
            ReferralStatus::Selesai
        )))
        .is_empty()
    );
    assert!(message(&app).starts_with("The referral is already"));
}

#[test]
fn the_reveal_is_logged_first_and_shown_for_that_household_only() {
    let mut app = app();
    let fx = press(&mut app, "i");
    assert_eq!(
        fx,
        vec![Effect::LogReveal {
            author: "w1".into(),
            household_id: "h000".into(),
            place: RevealPlace::Detail,
        }]
    );
    assert!(app.household.revealed.is_none(), "not before it is logged");
    assert!(app.update(Action::Revealed(RevealPlace::Detail)).is_empty());
    assert_eq!(app.household.revealed.as_deref(), Some("h000"));
    assert!(message(&app).contains("Siti Rahayu"));
    World::new(100).keys(&mut app, "j");
    assert!(app.household.revealed.is_none(), "moving on masks it again");
}

#[test]
fn a_referral_form_saves_for_the_selected_household() {
    let mut app = app();
    World::new(100).keys(&mut app, "j");
    let fx = press(&mut app, "r<enter>");
    let [Effect::Save { record, .. }] = &fx[..] else {
        panic!("{fx:?} {:?}", form_error(&app));
    };
    let Record::Referral(r) = &**record else {
        panic!()
    };
    assert_eq!(r.household_id, "h001");
    let fx = app.update(Action::Saved { household: None });
    assert!(message(&app).starts_with("Referral saved"));
    assert!(
        matches!(fx.last(), Some(Effect::Locate { household_id, .. }) if household_id == "h001")
    );
}
