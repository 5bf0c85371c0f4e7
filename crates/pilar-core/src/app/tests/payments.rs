//! Payments per tahap by key script (issue 11 item 3): `b` on the selected or marked
//! households, `B B` on the filtered list, `:bayar` words, the refusals made before the
//! store is asked, and the answer.

use super::*;
use crate::app::Level;
use crate::domain::payment::{PaymentProblem, PaymentRefusal, PaymentStatus, TahapOutcome};
use crate::model::Role;
use crate::model::payment::{PayTarget, PaymentsSaved, SetPayments};

fn set_of(fx: &[Effect]) -> &SetPayments {
    match fx {
        [Effect::SetPayments { set, .. }] => set,
        other => panic!("one SetPayments expected: {other:?}"),
    }
}

#[test]
fn b_records_the_current_tahap_received_for_the_selected_household() {
    let mut app = app();
    let fx = press(&mut app, "jb");
    let fx: Vec<Effect> = fx
        .into_iter()
        .filter(|e| matches!(e, Effect::SetPayments { .. }))
        .collect();
    let set = set_of(&fx);
    let (year, tahap) = crate::domain::payment::current(today());
    assert_eq!((set.year, set.tahap), (year, tahap));
    assert_eq!(set.outcome, TahapOutcome::received());
    assert_eq!(
        set.target,
        PayTarget::Households(vec![("h001".into(), "Nama 001".into())])
    );
}

#[test]
fn b_takes_the_marked_households_and_the_answer_uses_up_the_marks() {
    let mut app = app();
    World::new(100).keys(&mut app, "<space><space><space>");
    let fx = press(&mut app, ":pay card 3/2025<enter>");
    let set = set_of(&fx).clone();
    assert!(matches!(&set.target, PayTarget::Households(h) if h.len() == 3));
    assert_eq!((set.year, set.tahap), (2025, 3));
    assert_eq!(set.outcome.status, PaymentStatus::NotReceived);
    assert_eq!(set.outcome.problem, Some(PaymentProblem::CardBlocked));
    let fx = app.update(Action::PaymentsSet {
        year: 2025,
        tahap: 3,
        outcome: set.outcome.clone(),
        saved: PaymentsSaved {
            changed: 3,
            ..Default::default()
        },
    });
    assert!(app.caseload.marked.is_empty());
    assert!(!fx.is_empty(), "the panes load again");
    assert_eq!(
        message(&app),
        "Tahap 3/2025 not received: card blocked: recorded for 3 households"
    );
}

#[test]
fn capital_b_needs_a_filter_and_a_second_press() {
    let mut app = app();
    assert!(press(&mut app, "B").is_empty());
    assert!(
        message(&app).contains("filter the list first"),
        "{}",
        message(&app)
    );
    // A search of only terms it does not understand is no filter.
    World::new(100).keys(&mut app, "/colour:red<enter>");
    assert!(press(&mut app, "B").is_empty());
    assert!(
        message(&app).contains("filter the list first"),
        "{}",
        message(&app)
    );
    World::new(100).keys(&mut app, "/<c-u>desa:curug<enter>");
    assert!(press(&mut app, "B").is_empty());
    assert!(message(&app).contains("Press B again"), "{}", message(&app));
    // Another key disarms it.
    press(&mut app, "j");
    assert!(press(&mut app, "B").is_empty());
    let fx = press(&mut app, "B");
    let set = set_of(&fx);
    assert!(matches!(&set.target, PayTarget::Shown(q) if !q.filter.is_empty()));
    // From the command line it records at once.
    let fx = press(&mut app, ":pay-shown<enter>");
    assert!(matches!(&set_of(&fx).target, PayTarget::Shown(_)));
}

#[test]
fn refusals_before_the_store_is_asked() {
    let mut app = app();
    for (line, text) in [
        (":pay tahap 5<enter>", "There is no tahap 5"),
        (":pay 2027<enter>", "2027 has not come yet"),
        (":pay not<enter>", "Not received why?"),
        (":pay other<enter>", "Other needs a note"),
        (":pay colour<enter>", "\"colour\" is not understood"),
    ] {
        assert!(press(&mut app, line).is_empty(), "{line}");
        assert!(message(&app).contains(text), "{line}: {}", message(&app));
        assert_eq!(app.message.as_ref().unwrap().level, Level::Error);
    }
}

#[test]
fn a_refused_household_is_named_in_the_answer() {
    let mut app = app();
    app.update(Action::PaymentsSet {
        year: 2019,
        tahap: 1,
        outcome: TahapOutcome::received(),
        saved: PaymentsSaved {
            refused: vec![(
                "Nama 001".into(),
                PaymentRefusal::BeforeJoined {
                    year: 2019,
                    joined: 2021,
                },
            )],
            ..Default::default()
        },
    });
    assert_eq!(
        message(&app),
        "Tahap 1/2019 received: recorded for 0 households; 1 refused (Nama 001: 2019 is before the family joined PKH (2021))"
    );
}

#[test]
fn a_supervisor_cannot_record_payments() {
    let mut app = started(Role::Supervisor, 100);
    assert!(press(&mut app, "b").is_empty());
    assert!(press(&mut app, ":pay<enter>").is_empty());
}

#[test]
fn the_team_sort_reaches_payment_problems_only_where_the_column_shows() {
    use crate::model::team::{PAY_COLUMN_MIN_WIDTH, TeamColumn};
    let mut v = crate::app::team::TeamView {
        column: TeamColumn::NotVisited,
        ..Default::default()
    };
    v.sort_next(80);
    assert_eq!(v.column, TeamColumn::Name, "no Bayar! column at 80");
    v.column = TeamColumn::NotVisited;
    v.sort_next(PAY_COLUMN_MIN_WIDTH);
    assert_eq!(v.column, TeamColumn::PayProblems);
    assert!(v.descending, "most problems first");
    v.sort_next(PAY_COLUMN_MIN_WIDTH);
    assert_eq!(v.column, TeamColumn::Name);
}
