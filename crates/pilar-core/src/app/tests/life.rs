//! Life events by key script (issue 11 item 2): `p` opens the event form on the selected
//! household's members, a birth is saved as one `Record::LifeEvent`, the rules refuse in
//! the form, supervisors are refused, and a proposal in "Hari ini" is confirmed (Enter)
//! or dismissed (`x`).

use super::*;
use crate::app::entry::{Purpose, Record};
use crate::app::{Overlay, Screen};
use crate::domain::Sex;
use crate::domain::component::Component;
use crate::domain::life_event::proposal::{Proposal, ProposalKind, line_detail};
use crate::domain::life_event::{EventStatus, LifeEventKind};
use crate::domain::pregnancy::Pregnancy;
use crate::domain::today::{Reason, TodayItem};
use crate::model::{Member, Relation};

fn member(id: &str, name: &str, sex: Sex, birth: (i32, u32, u32), relation: Relation) -> Member {
    Member {
        id: id.into(),
        nik: "3324045203850001".into(),
        name: name.into(),
        sex,
        birth_date: NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2),
        relation,
        component: None,
        pregnancy: Pregnancy::default(),
    }
}

/// A facilitator's app whose selected household (`h000`) has Budi, and Siti expecting
/// her second child on 20 November 2026.
fn with_family(role: Role) -> App {
    let mut app = started(role, 100);
    let mut d = detail("h000");
    let mut siti = member("m2", "Siti", Sex::Female, (1990, 2, 2), Relation::Istri);
    siti.component = Some(Component::IbuHamil);
    siti.pregnancy = Pregnancy {
        order: Some(2),
        birth: NaiveDate::from_ymd_opt(2026, 11, 20),
    };
    d.members = vec![
        member(
            "m1",
            "Budi",
            Sex::Male,
            (1985, 1, 1),
            Relation::KepalaKeluarga,
        ),
        siti,
    ];
    app.household.detail = Some(d);
    app
}

fn saved_event(fx: &[Effect]) -> &crate::model::life_event::NewLifeEvent {
    match fx {
        [Effect::Save { record, .. }] => match record.as_ref() {
            Record::LifeEvent(e) => e,
            other => panic!("a life event expected: {other:?}"),
        },
        other => panic!("one save expected: {other:?}"),
    }
}

#[test]
fn p_records_a_birth_on_the_expecting_mother_with_the_child() {
    let mut app = with_family(Role::Facilitator);
    assert!(press(&mut app, "p").is_empty());
    let Overlay::Form(entry) = &app.overlay else {
        panic!("the form opens")
    };
    assert!(matches!(entry.purpose, Purpose::LifeEvent(_)));
    assert_eq!(entry.form.value("member"), "m2", "the mother expecting");
    let fx = press(
        &mut app,
        "kel<tab><tab><tab>Dewi<tab>3324046101260001<tab>f<enter>",
    );
    let e = saved_event(&fx);
    assert_eq!(e.household_id, "h000");
    assert_eq!(e.event.kind, LifeEventKind::Kelahiran);
    assert_eq!(e.event.member.as_deref(), Some("m2"));
    assert_eq!(e.event.date, today());
    assert_eq!(e.status, EventStatus::Recorded);
    let child = e.event.child.as_ref().unwrap();
    assert_eq!(
        (child.name.as_str(), child.sex, child.nik.as_str()),
        ("Dewi", Sex::Female, "3324046101260001")
    );
    assert_eq!(e.summary, "Data update: birth, Siti");
    app.update(Action::Saved { household: None });
    assert_eq!(message(&app), "Event recorded: Data update: birth, Siti.");
}

#[test]
fn the_rules_refuse_in_the_form_naming_the_reason() {
    let mut app = with_family(Role::Facilitator);
    // A third pregnancy asking for ibu hamil.
    press(&mut app, "p");
    let fx = press(
        &mut app,
        "<tab><tab><tab><tab><tab><tab>3<tab>1/6/2027<enter>",
    );
    assert!(fx.is_empty(), "{fx:?}");
    let Overlay::Form(entry) = &app.overlay else {
        panic!("the form stays")
    };
    let error = entry.form.field("ibu_hamil").unwrap().error.clone();
    assert!(
        error.as_deref().unwrap_or("").contains("first and second"),
        "{error:?}"
    );
    // A birth for Budi: not a mother; in the future: refused on the date.
    let mut app = with_family(Role::Facilitator);
    press(&mut app, "p");
    let fx = press(&mut app, "kel<tab>B<tab>+3<enter>");
    assert!(fx.is_empty());
    let Overlay::Form(entry) = &app.overlay else {
        panic!("the form stays")
    };
    assert!(entry.form.field("date").unwrap().error.is_some());
}

#[test]
fn a_supervisor_may_not_record_an_event() {
    let mut app = with_family(Role::Supervisor);
    assert!(press(&mut app, "p").is_empty());
    assert!(matches!(app.overlay, Overlay::None));
    assert!(
        message(&app).starts_with("Supervisors only look"),
        "{}",
        message(&app)
    );
}

fn proposal_line() -> TodayItem {
    let p = Proposal {
        member: "m7".into(),
        name: "Ani".into(),
        kind: ProposalKind::EnterSd,
        due: NaiveDate::from_ymd_opt(2026, 7, 15).unwrap(),
        since: NaiveDate::from_ymd_opt(2025, 7, 15).unwrap(),
    };
    TodayItem {
        reason: Reason::LifeEvent,
        household_id: Some("h004".into()),
        name: "Nama 004".into(),
        village: "Curugsewu".into(),
        facilitator: "Siti Rahayu".into(),
        date: Some(p.due),
        number: 0,
        detail: line_detail(&p),
        households: vec![("m7".into(), "Ani".into())],
        module: None,
    }
}

#[test]
fn enter_on_a_proposal_opens_the_form_prefilled_and_x_dismisses_it() {
    let world = World {
        today: vec![proposal_line()],
        ..World::new(100)
    };
    let mut app = started(Role::Facilitator, 100);
    world.keys(&mut app, "4");
    assert_eq!(app.screen, Screen::Today);
    world.keys(&mut app, "<enter>");
    let Overlay::Form(entry) = &app.overlay else {
        panic!("the form opens")
    };
    assert_eq!(entry.form.value("kind"), "masuk_sekolah");
    assert_eq!(entry.form.value("member"), "m7");
    assert_eq!(entry.form.value("date"), "2026-07-15");
    let fx = press(&mut app, "<enter>");
    let e = saved_event(&fx);
    assert_eq!(e.event.kind, LifeEventKind::MasukSekolah);
    assert_eq!(e.household_id, "h004");
    // Esc back; x dismisses the proposal: a row with its status, no change.
    let mut app = started(Role::Facilitator, 100);
    world.keys(&mut app, "4");
    let fx = press(&mut app, "x");
    let e = saved_event(&fx);
    assert_eq!(e.status, EventStatus::Dismissed);
    assert_eq!(e.event.kind, LifeEventKind::MasukSekolah);
    assert_eq!(e.event.member.as_deref(), Some("m7"));
    app.update(Action::Saved { household: None });
    assert_eq!(
        message(&app),
        "Proposal dismissed: Ani turns 7: entered SD?."
    );
}
