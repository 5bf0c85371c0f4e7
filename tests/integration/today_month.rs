//! "Hari ini"'s lines of the facilitator's month through the real store (issue 11 item 7):
//! repeated commitment failures, payment problems and the verifications not done (this
//! month's and the month before's) agree with the file, one line per household (or P2K2
//! group); a month's outcome saved takes a household off; Enter on a line opens its
//! month's verification screen filtered to it; the screen at 80x24.

use crate::common;

use std::collections::BTreeSet;

use common::{count, demo_db, keys, today};
use pilar::app::{App, Screen};
use pilar::domain::Lang;
use pilar::domain::component::ComponentRules;
use pilar::domain::readiness::ReadinessSettings;
use pilar::domain::today::{Reason, TodayItem, order};
use pilar::domain::verification::{FailingMonths, Month, Outcome};
use pilar::model::Scope;
use pilar::model::verification::NewVerifications;
use pilar::runtime;
use pilar::store::Store;
use pilar::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn items(store: &Store, scope: &Scope) -> Vec<TodayItem> {
    let mut items = store
        .today(
            scope,
            today(),
            &ComponentRules::default(),
            &ReadinessSettings::default(),
            FailingMonths::default().0,
        )
        .unwrap();
    order(&mut items);
    items
}

fn of(items: &[TodayItem], r: Reason) -> Vec<&TodayItem> {
    items.iter().filter(|i| i.reason == r).collect()
}

fn ids(sql: &str, db: &std::path::Path) -> BTreeSet<String> {
    rusqlite::Connection::open(db)
        .unwrap()
        .prepare(sql)
        .unwrap()
        .query_map([], |r| r.get::<_, String>("id"))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

const ACTIVE: &str = "h.deleted = 0 AND h.status IN ('aktif', 'calon_graduasi')";

#[test]
fn the_months_reasons_list_what_the_file_holds_one_line_per_household_or_group() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let me = common::one::<String>(&demo.path, "SELECT id FROM workers LIMIT 1");
    let scope = Scope::Worker(me.clone());
    // The demo's families are all in P2K2 groups: two leave theirs, to have lines of their own.
    let loners = leave_groups(&store, &me, 2);
    let all = items(&store, &scope);

    // Repeated failures: the households the agenda lists, once each, the longest run.
    let failing = of(&all, Reason::Failing);
    let agenda = store
        .failing_households(&scope, FailingMonths::default().0)
        .unwrap();
    let want: BTreeSet<String> = agenda.iter().map(|f| f.household_id.clone()).collect();
    let got: BTreeSet<String> = failing
        .iter()
        .map(|i| i.household_id.clone().unwrap())
        .collect();
    assert!(!want.is_empty(), "the demo has failing families");
    assert_eq!(got, want);
    assert_eq!(failing.len(), want.len(), "one line per household");
    for line in &failing {
        let runs: Vec<&pilar::model::verification::FailingHousehold> = agenda
            .iter()
            .filter(|f| Some(&f.household_id) == line.household_id.as_ref())
            .collect();
        assert_eq!(
            line.number,
            i64::from(runs.iter().map(|f| f.run).max().unwrap())
        );
        for f in runs {
            assert!(line.detail.contains(&f.member_name), "{}", line.detail);
        }
        assert!(!line.facilitator.is_empty());
    }

    // Payment problems: a started tahap of last year or this year not received.
    let problems = of(&all, Reason::PaymentProblem);
    let want = ids(
        &format!(
            "SELECT DISTINCT h.id FROM payments p JOIN households h ON h.id = p.household_id
             WHERE p.status = 'tidak_diterima' AND p.year >= 2025 AND {ACTIVE}
               AND h.worker_id = '{me}'"
        ),
        &demo.path,
    );
    let got: BTreeSet<String> = problems
        .iter()
        .map(|i| i.household_id.clone().unwrap())
        .collect();
    assert!(!want.is_empty(), "the demo has payment problems");
    assert_eq!(got, want);
    assert_eq!(problems.len(), want.len());
    for p in &problems {
        assert!((1..=4).contains(&p.number));
        assert!(
            pilar::domain::payment::PaymentProblem::from_key(&p.detail).is_some(),
            "{}",
            p.detail
        );
    }
    // The oldest problem first.
    let dates: Vec<_> = problems.iter().map(|p| p.date.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");

    // Verifications not done this month (the demo has verified up to October): every
    // active household with a member holding a component, on its group's line or its own.
    let not_verified = of(&all, Reason::NotVerified);
    let want = ids(
        &format!(
            "SELECT DISTINCT h.id FROM households h JOIN members m ON m.household_id = h.id
             WHERE {ACTIVE} AND h.worker_id = '{me}' AND m.deleted = 0
               AND m.component IS NOT NULL AND (m.birth_date IS NULL OR m.birth_date < '2026-12-01')"
        ),
        &demo.path,
    );
    let mut got = BTreeSet::new();
    let mut groups = 0;
    for line in &not_verified {
        match &line.household_id {
            Some(h) => {
                assert!(got.insert(h.clone()));
                assert!(line.number > 0);
                assert!(
                    line.detail.chars().all(|c| c.is_ascii_digit()),
                    "{}",
                    line.detail
                );
            }
            None => {
                groups += 1;
                assert_eq!(line.number as usize, line.households.len());
                assert!(line.detail.starts_with("kelompok:"), "{}", line.detail);
                for (h, _) in &line.households {
                    assert!(got.insert(h.clone()));
                }
            }
        }
    }
    assert_eq!(got, want);
    assert!(groups > 0, "the demo's groups have a line each");
    for h in &loners {
        assert!(
            not_verified
                .iter()
                .any(|i| i.household_id.as_ref() == Some(h)),
            "{h} out of its group has its own line"
        );
    }
    assert!(
        not_verified.len() * 2 < want.len(),
        "the list is short: {} lines for {} households",
        not_verified.len(),
        want.len()
    );
    // The most left first.
    let left: Vec<i64> = not_verified.iter().map(|i| i.number).collect();
    assert!(left.windows(2).all(|w| w[0] >= w[1]), "{left:?}");
    // The month's order: failures, payments, verifications, then the families to visit.
    let ranks: Vec<usize> = all.iter().map(|i| i.reason.rank()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]));

    // A household's members all verified this month: its line is gone.
    let line = not_verified
        .iter()
        .find(|i| i.household_id.is_some())
        .unwrap();
    let hid = line.household_id.clone().unwrap();
    let members: Vec<String> = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .prepare(
            "SELECT id FROM members WHERE household_id = ?1 AND deleted = 0
             AND component IS NOT NULL",
        )
        .unwrap()
        .query_map([&hid], |r| r.get("id"))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(members.len() as i64, line.number);
    store
        .save_verifications(
            &me,
            &NewVerifications {
                month: Month::of(today()),
                members,
                all_of: None,
                outcome: Outcome::Met,
                reason: None,
                notes: String::new(),
                today: today(),
            },
        )
        .unwrap()
        .unwrap();
    let after = items(&store, &scope);
    assert!(
        of(&after, Reason::NotVerified)
            .iter()
            .all(|i| i.household_id.as_ref() != Some(&hid))
    );
    assert_eq!(
        of(&after, Reason::NotVerified).len(),
        not_verified.len() - 1
    );
}

/// `n` active households of the worker's leave their P2K2 groups (by name).
fn leave_groups(store: &Store, me: &str, n: u64) -> Vec<String> {
    let q = pilar::model::ListQuery::caseload(Scope::Worker(me.to_string()), today());
    let ids: Vec<String> = store
        .household_window(&q, 0, n)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    store.leave_groups(me, &ids).unwrap();
    ids
}

fn app_today(store: &Store, lang: Lang) -> App {
    let login = store.default_user().unwrap().unwrap();
    let user = store.worker_by_login(&login).unwrap().unwrap();
    let mut app = App::new(common::settings(lang), user, today(), true);
    runtime::dispatch(&mut app, store, pilar::app::Action::Resize(80, 24));
    runtime::dispatch(&mut app, store, pilar::app::Action::Start);
    keys(&mut app, store, "4");
    app
}

#[test]
fn enter_on_a_household_not_verified_opens_its_members_this_month() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let me = common::one::<String>(&demo.path, "SELECT id FROM workers LIMIT 1");
    leave_groups(&store, &me, 1);
    let mut app = app_today(&store, Lang::Id);
    assert_eq!(app.screen, Screen::Today);
    let at = app
        .today_list
        .items
        .iter()
        .position(|i| i.reason == Reason::NotVerified && i.household_id.is_some())
        .expect("a household not verified");
    let hid = app.today_list.items[at].household_id.clone().unwrap();
    app.today_list.selected = at;
    keys(&mut app, &store, "<enter>");
    assert_eq!(app.screen, Screen::Verify);
    let rows = &app.verify.window.rows;
    let components = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM members WHERE household_id = '{hid}' AND deleted = 0
             AND component IS NOT NULL"
        ),
    );
    assert_eq!(app.verify.window.total as i64, components);
    assert!(rows.iter().all(|r| r.household_id == hid), "{rows:?}");
    // `*` and `m`: the household's month is done, and its line leaves "Hari ini".
    keys(&mut app, &store, "*m4");
    assert!(
        app.today_list
            .items
            .iter()
            .all(|i| !(i.reason == Reason::NotVerified && i.household_id.as_deref() == Some(&hid)))
    );
    // A group's line: its families' members.
    let at = app
        .today_list
        .items
        .iter()
        .position(|i| i.reason == Reason::NotVerified && i.household_id.is_none())
        .expect("a group not verified");
    let families: BTreeSet<String> = app.today_list.items[at]
        .households
        .iter()
        .map(|(h, _)| h.clone())
        .collect();
    app.today_list.selected = at;
    keys(&mut app, &store, "<enter>");
    assert_eq!(app.screen, Screen::Verify);
    assert!(app.caseload.filter_text.starts_with("kelompok:"));
    assert!(!app.verify.window.rows.is_empty());
    assert!(
        app.verify
            .window
            .rows
            .iter()
            .all(|r| families.contains(&r.household_id)),
        "only the group's families"
    );
}

#[test]
fn today_with_the_months_lines_at_80x24() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let me = common::one::<String>(&demo.path, "SELECT id FROM workers LIMIT 1");
    leave_groups(&store, &me, 1);
    for (lang, name) in [
        (Lang::Id, "today_month_80x24_id"),
        (Lang::En, "today_month_80x24_en"),
    ] {
        let mut app = app_today(&store, lang);
        // The month's lines in view: down to a few lines past the first not verified.
        let at = app
            .today_list
            .items
            .iter()
            .position(|i| i.reason == Reason::NotVerified)
            .unwrap()
            + 3;
        keys(&mut app, &store, &"j".repeat(at));
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| ui::draw(f, &app, &Theme::new(true, false)))
            .unwrap();
        insta::assert_snapshot!(name, t.backend());
    }
}

/// The month before's verifications left undone stay on "Hari ini" when the month turns
/// (they were dropped for this month's, which can only be finished at its end): a line per
/// household or group with that month, before this month's; Enter opens that month.
#[test]
fn the_month_befores_verifications_not_done_stay_on_today() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let me = common::one::<String>(&demo.path, "SELECT id FROM workers LIMIT 1");
    leave_groups(&store, &me, 1);
    let before = Month::of(today()).prev();
    // The demo verified the whole month before; take one household's outcomes away.
    let hid = common::one::<String>(
        &demo.path,
        &format!(
            "SELECT h.id FROM households h WHERE h.group_id IS NULL AND {ACTIVE}
               AND EXISTS (SELECT 1 FROM verifications v
                           WHERE v.household_id = h.id AND v.month = '{}')
             ORDER BY h.id LIMIT 1",
            before.key()
        ),
    );
    let gone = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "DELETE FROM verifications WHERE household_id = ?1 AND month = ?2",
            [&hid, &before.key()],
        )
        .unwrap();
    assert!(gone > 0);
    let all = items(&store, &Scope::All);
    let lines: Vec<&TodayItem> = of(&all, Reason::NotVerified)
        .into_iter()
        .filter(|i| i.date == Some(before.first_day()))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].household_id.as_deref(), Some(hid.as_str()));
    assert_eq!(lines[0].number as usize, gone);
    // Older first within the reason.
    let first = of(&all, Reason::NotVerified)[0];
    assert_eq!(first.date, Some(before.first_day()));
    // Enter opens the month before, filtered to the household.
    let mut app = app_today(&store, Lang::En);
    let at = app
        .today_list
        .items
        .iter()
        .position(|i| i.reason == Reason::NotVerified && i.date == Some(before.first_day()))
        .expect("the month before's line");
    app.today_list.selected = at;
    keys(&mut app, &store, "<enter>");
    assert_eq!(app.screen, Screen::Verify);
    assert_eq!(pilar::app::verify::month(&app), before);
    assert_eq!(app.verify.window.total as usize, gone);
    // Saved, the line goes.
    keys(&mut app, &store, "*m4");
    assert!(
        app.today_list
            .items
            .iter()
            .all(|i| !(i.reason == Reason::NotVerified && i.date == Some(before.first_day())))
    );
}
