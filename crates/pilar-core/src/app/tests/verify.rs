//! Issue 11 item 1: the verification screen by keys (Actions in, Effects out).

use super::*;
use crate::app::Screen;
use crate::app::entry::Record;
use crate::domain::verification::{Month, NotMetReason, Outcome};
use crate::model::verification::NewVerifications;

/// The verifications among `effects`.
fn saves(effects: &[Effect]) -> Vec<NewVerifications> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Save { record, .. } => match record.as_ref() {
                Record::Verification(v) => Some(v.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn verify_months(effects: &[Effect]) -> Vec<Month> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Page {
                source: Source::Verify(q),
                ..
            } => Some(q.month),
            _ => None,
        })
        .collect()
}

fn november() -> Month {
    Month::parse("2026-11").unwrap()
}

#[test]
fn five_opens_this_month_and_m_saves_met_for_the_selected_member() {
    let mut app = app();
    let fx = World::new(100).keys(&mut app, "5");
    assert_eq!(app.screen, Screen::Verify);
    assert_eq!(verify_months(&fx), [november()]);
    assert_eq!(app.verify.window.total, 200);
    let fx = press(&mut app, "jm");
    let saved = saves(&fx);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].members, ["m001"]);
    assert_eq!(saved[0].outcome, Outcome::Met);
    assert_eq!(saved[0].month, november());
    assert!(saved[0].all_of.is_none());
}

#[test]
fn a_group_all_met_is_star_then_m_over_the_filter() {
    let mut app = app();
    // 4, the filter, * and m: the filter's every member met, whatever the window holds.
    World::new(100).keys(&mut app, "5/kelompok:mawar<enter>*");
    assert_eq!(app.screen, Screen::Verify, "the search keeps the screen");
    let fx = press(&mut app, "m");
    let saved = saves(&fx);
    let all = saved[0].all_of.as_ref().expect("every line of the filter");
    assert_eq!(
        all.list.filter.terms,
        [crate::filter::Term::Group("mawar".into())]
    );
    assert_eq!(all.month, november());
    // Once saved, the marks are spent and the screen loads again.
    let fx = World::new(100).run(&mut app, vec![]);
    assert!(fx.is_empty());
    let fx = app.update(Action::Saved { household: None });
    assert!(!app.verify.all);
    assert_eq!(verify_months(&fx), [november()]);
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("Verification of November 2026: 200 members met")
    );
}

#[test]
fn space_marks_members_and_the_outcome_goes_to_all_marked() {
    let mut app = app();
    World::new(100).keys(&mut app, "5<space><space>j<space>");
    let fx = press(&mut app, "-");
    let saved = saves(&fx);
    assert_eq!(saved[0].members, ["m000", "m001", "m003"]);
    assert_eq!(saved[0].outcome, Outcome::NotApplicable);
}

#[test]
fn x_asks_the_reason_then_saves_not_met_with_it() {
    let mut app = app();
    World::new(100).keys(&mut app, "5x");
    assert!(matches!(app.overlay, super::super::Overlay::Form(_)));
    // School members' usual reason comes first; → picks the next one; notes typed.
    let fx = press(&mut app, "<right><tab>demam<enter>");
    let saved = saves(&fx);
    assert_eq!(saved[0].members, ["m000"]);
    assert_eq!(saved[0].outcome, Outcome::NotMet);
    assert_eq!(saved[0].reason, Some(NotMetReason::NoCheck));
    assert_eq!(saved[0].notes, "demam");
}

#[test]
fn brackets_change_the_month_but_not_past_this_one() {
    let mut app = app();
    World::new(100).keys(&mut app, "5");
    let fx = World::new(100).keys(&mut app, "[[");
    assert_eq!(
        verify_months(&fx).last(),
        Some(&Month::parse("2026-09").unwrap())
    );
    World::new(100).keys(&mut app, "]]");
    let fx = press(&mut app, "]");
    assert!(verify_months(&fx).is_empty());
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("The next month cannot be verified yet")
    );
}

#[test]
fn a_month_before_the_members_birth_is_refused_naming_them() {
    let mut app = app();
    World::new(100).keys(&mut app, "5");
    // Back to December 2014: the members were born in January 2015.
    let back = "[".repeat(143);
    World::new(100).keys(&mut app, &back);
    assert_eq!(
        crate::app::verify::month(&app),
        Month::parse("2014-12").unwrap()
    );
    let fx = press(&mut app, "m");
    assert!(saves(&fx).is_empty());
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("Anak 000 was not born yet in that month")
    );
}

#[test]
fn the_stores_refusal_is_said_in_the_users_language() {
    let mut app = app();
    app.settings.lang = Lang::Id;
    World::new(100).keys(&mut app, "5m");
    app.update(Action::Refused(crate::model::Refusal::Verification {
        member: "Budi".into(),
        why: crate::domain::verification::Refusal::NoComponent,
    }));
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("Budi tidak punya komponen: tidak ada komitmen untuk diverifikasi")
    );
}

#[test]
fn supervisors_read_the_screen_but_do_not_verify() {
    let mut app = started(Role::Supervisor, 100);
    World::new(100).keys(&mut app, "5");
    assert_eq!(app.screen, Screen::Verify);
    for key in ["m", "x", "-", "<space>", "*"] {
        let fx = press(&mut app, key);
        assert!(saves(&fx).is_empty(), "{key}");
        assert!(!matches!(app.overlay, super::super::Overlay::Form(_)));
    }
}

#[test]
fn the_agenda_asks_for_the_failing_households_with_the_setting() {
    let mut app = app();
    app.settings.failing = crate::domain::verification::FailingMonths(4);
    let fx = press(&mut app, "2");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::FetchFailing { months: 4, .. }))
    );
    // And the list's query carries it for gagal: and the mark.
    assert_eq!(app.list_query().failing_months, 4);
}

#[test]
fn a_capped_count_is_kept_for_the_title_until_counted_again() {
    // A supervisor's count stops at the store's cap (issue 10): the screen says "500+".
    let mut app = app();
    World::new(100).keys(&mut app, "5");
    assert!(!app.verify.capped);
    let page = |total: Option<Total>| Action::Page {
        total,
        offset: 0,
        limit: 10,
        rows: Rows::Verify((0..10).map(verify_row).collect()),
    };
    app.update(page(Some(Total {
        count: 500,
        capped: true,
    })));
    assert!(app.verify.capped);
    assert_eq!(app.verify.window.total, 500);
    // Rows without a count (a scroll) keep it; an exact count clears it.
    app.update(page(None));
    assert!(app.verify.capped);
    app.update(page(Some(Total::exact(20))));
    assert!(!app.verify.capped);
    assert_eq!(app.verify.window.total, 20);
}
