//! "Hari ini"'s lines of the facilitator's month by keys (issue 11 item 7): Enter on this
//! month's verifications not done opens the verification screen for this month filtered to
//! the household or the group; on a repeated failure or a payment problem, the household.

use super::*;
use crate::app::{AfterLocate, Screen};
use crate::domain::today::{Reason, TodayItem};
use crate::domain::verification::Month;

fn line(reason: Reason, household: Option<&str>, number: i64, detail: &str) -> TodayItem {
    TodayItem {
        reason,
        household_id: household.map(str::to_string),
        name: household.map_or("Mawar 1".into(), |h| format!("Nama {}", &h[1..])),
        village: "Curugsewu".into(),
        facilitator: "Siti Rahayu".into(),
        date: Some(today()),
        number,
        detail: detail.into(),
        households: Vec::new(),
        module: None,
    }
}

/// Out of order: a group and a household not verified, a payment problem, a failure.
fn world() -> World {
    World {
        gauge: GaugeData {
            overdue: 1,
            forecast_reach: crate::model::ForecastReach::Scored,
            ..GaugeData::default()
        },
        today: vec![
            line(Reason::NotVerified, None, 12, "kelompok:\"Mawar 1\""),
            line(Reason::NotVerified, Some("h004"), 2, "3324010101010004"),
            line(Reason::PaymentProblem, Some("h003"), 3, "kartu_diblokir"),
            line(Reason::Failing, Some("h002"), 3, "Budi"),
        ],
        ..World::new(100)
    }
}

fn start() -> App {
    let mut app = bare(Role::Facilitator);
    app.settings.today_at_start = true;
    let fx = app.update(Action::Start);
    world().run(&mut app, fx);
    app
}

fn verify_page(fx: &[Effect]) -> Option<(Month, String)> {
    fx.iter().find_map(|e| match e {
        Effect::Page {
            source: Source::Verify(q),
            ..
        } => Some((q.month, q.list.filter.numbers.join(" "))),
        _ => None,
    })
}

#[test]
fn failures_and_payment_problems_come_first_and_open_the_household() {
    let mut app = start();
    assert_eq!(app.screen, Screen::Today);
    let reasons: Vec<Reason> = app.today_list.items.iter().map(|i| i.reason).collect();
    assert_eq!(
        reasons,
        [
            Reason::Failing,
            Reason::PaymentProblem,
            Reason::NotVerified,
            Reason::NotVerified
        ]
    );
    let fx = press(&mut app, "<enter>");
    assert!(
        matches!(&fx[..], [Effect::Locate { household_id, then: AfterLocate::RetryAllStatuses, .. }] if household_id == "h002"),
        "{fx:?}"
    );
    app.screen = Screen::Today;
    let fx = press(&mut app, "j<enter>");
    assert!(
        matches!(&fx[..], [Effect::Locate { household_id, .. }] if household_id == "h003"),
        "{fx:?}"
    );
}

#[test]
fn enter_on_verifications_not_done_opens_this_months_screen_filtered_to_the_line() {
    let mut app = start();
    // The group of 12 first (the most left), then the household.
    world().keys(&mut app, "jj");
    assert_eq!(app.today_list.selected_item().unwrap().number, 12);
    // A month chosen earlier does not stay: the line is about this month.
    app.verify.month = Some(Month::of(today()).prev());
    let fx = press(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Verify);
    assert_eq!(app.caseload.filter_text, "kelompok:\"Mawar 1\"");
    assert!(app.caseload.filter.errors.is_empty());
    let (month, _) = verify_page(&fx).expect("the verification screen loads");
    assert_eq!(month, Month::of(today()));
    world().run(&mut app, fx);
    // Back to the list, the household's line: its No KK is the filter.
    app.screen = Screen::Today;
    let fx = press(&mut app, "j<enter>");
    assert_eq!(app.screen, Screen::Verify);
    assert_eq!(app.caseload.filter_text, "3324010101010004");
    let (_, numbers) = verify_page(&fx).expect("the verification screen loads");
    assert_eq!(numbers, "3324010101010004");
}
