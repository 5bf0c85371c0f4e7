//! Issue 11 item 1 through the real store: the demo's 18 months of outcomes, the
//! verification screen by keys (a whole filter met in a few keys, a correction kept in the
//! history), the refusals, the failing households (list mark, `gagal:`, the agenda, the
//! detail), `PILAR_FAILING_MONTHS`, and the screen at 80x24 in both languages.

use crate::common;

use common::{app, app_as, count, demo_db, keys, one};
use pilar::app::{App, Screen};
use pilar::domain::Lang;
use pilar::domain::verification::{FailingMonths, Month, Outcome};
use pilar::model::Scope;
use pilar::model::verification::NewVerifications;
use pilar::store::Store;
use pilar::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| ui::draw(f, app, &Theme::new(true, false)))
        .unwrap();
    t
}

fn october() -> Month {
    Month::parse("2026-10").unwrap()
}

#[test]
fn verify_the_demo_has_18_months_mostly_met_and_a_few_failing() {
    let demo = demo_db(462, 1, 1);
    let p = &demo.path;
    let months = count(p, "SELECT count(DISTINCT month) FROM verifications");
    assert_eq!(months, 18);
    assert_eq!(
        one::<String>(p, "SELECT max(month) FROM verifications"),
        "2026-10",
        "the current month is not verified yet"
    );
    let all = count(p, "SELECT count(*) FROM verifications");
    let met = count(
        p,
        "SELECT count(*) FROM verifications WHERE outcome = 'memenuhi'",
    );
    assert!(met * 100 > all * 85, "most are met: {met} of {all}");
    // Only members with a component, only from their birth month.
    assert_eq!(
        count(
            p,
            "SELECT count(*) FROM verifications v JOIN members m ON m.id = v.member_id
             WHERE m.component IS NULL OR v.month < substr(m.birth_date, 1, 7)"
        ),
        0
    );
    let store = Store::open(p).unwrap();
    let worker = store.worker_by_login("siti").unwrap().unwrap();
    let failing = store
        .failing_households(&Scope::Worker(worker.id), 3)
        .unwrap();
    assert!(
        (3..=40).contains(&failing.len()),
        "a few failing families: {}",
        failing.len()
    );
    for f in &failing {
        assert!(f.run >= 3 && f.last == october(), "{f:?}");
    }
    // Deterministic: the same seed gives the same outcomes.
    let again = demo_db(462, 1, 1);
    let sum = |p: &std::path::Path| -> String {
        one(
            p,
            "SELECT group_concat(id || outcome, ',') FROM (SELECT id, outcome FROM verifications ORDER BY id)",
        )
    };
    assert_eq!(sum(p), sum(&again.path));
}

#[test]
fn verify_a_filtered_group_all_met_in_three_keys_with_history() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "5/desa:curugsewu<enter>");
    assert_eq!(app.screen, Screen::Verify);
    let total = app.verify.window.total;
    assert!(total > 100, "{total} members in Curugsewu");
    let before = count(&demo.path, "SELECT count(*) FROM change_log");
    keys(&mut app, &store, "*m");
    let month = "2026-11";
    let saved = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM verifications v JOIN households h ON h.id = v.household_id
             WHERE v.month = '{month}' AND v.outcome = 'memenuhi' AND h.village = 'Curugsewu'"
        ),
    );
    assert_eq!(saved as u64, total, "every member of the filter");
    assert_eq!(
        count(
            &demo.path,
            &format!("SELECT count(*) FROM verifications WHERE month = '{month}'")
        ) as u64,
        total,
        "and no one else"
    );
    // Each new record's fields are in the history.
    let after = count(&demo.path, "SELECT count(*) FROM change_log");
    assert!(after - before >= 4 * total as i64, "{before} -> {after}");
    assert!(!app.verify.all, "the marks are spent");
    assert!(
        app.message.as_ref().unwrap().text.contains("memenuhi"),
        "{:?}",
        app.message
    );
    // The screen shows the outcome now.
    assert!(
        app.verify
            .window
            .rows
            .iter()
            .all(|r| r.outcome == Some(Outcome::Met))
    );
    assert!(
        store.verify().unwrap().ok(),
        "the history agrees with the rows"
    );
}

#[test]
fn verify_a_later_outcome_replaces_the_months_and_the_history_keeps_both() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::En, 80, 24);
    keys(&mut app, &store, "5m");
    let member = app.verify.window.rows[0].member_id.clone();
    // Not met after all: x, the reason (the usual one), a note, Enter.
    keys(&mut app, &store, "gx<tab>demam<enter>");
    let id =
        pilar::domain::verification::verification_id(&member, Month::parse("2026-11").unwrap());
    let row: (String, String, String) = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT outcome, reason, notes FROM verifications WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row.0, "tidak_memenuhi");
    assert_ne!(row.1, "");
    assert_eq!(row.2, "demam");
    let outcomes: Vec<(Option<String>, Option<String>)> = {
        let c = rusqlite::Connection::open(&demo.path).unwrap();
        let mut s = c
            .prepare(
                "SELECT old_value, new_value FROM change_log
                 WHERE record_id = ?1 AND field = 'outcome' ORDER BY seq",
            )
            .unwrap();
        s.query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        outcomes,
        [
            (None, Some("memenuhi".into())),
            (Some("memenuhi".into()), Some("tidak_memenuhi".into()))
        ]
    );
    assert!(store.verify().unwrap().ok());
    // The household's history names the member and the month.
    let household = app.verify.window.rows[0].household_id.clone();
    let history = store.household_history(&household, 50).unwrap();
    let change = history
        .iter()
        .find(|c| c.table == "verifications" && c.field == "outcome" && c.old.is_some())
        .expect("the correction is in the household's history");
    assert_eq!(change.new.as_deref(), Some("tidak_memenuhi"));
    assert!(
        change
            .record_name
            .as_deref()
            .unwrap_or("")
            .ends_with(" 2026-11"),
        "{change:?}"
    );
}

#[test]
fn verify_refused_without_component_before_birth_or_in_the_future() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let worker = store.worker_by_login("siti").unwrap().unwrap();
    let (without, with, birth): (String, String, String) = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT (SELECT id FROM members WHERE component IS NULL LIMIT 1),
                    id, birth_date FROM members WHERE component IS NOT NULL
                      AND birth_date < '2025-01-01'
             ORDER BY birth_date DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let born = Month::parse(&birth[..7]).unwrap();
    let try_save = |member: &str, month: Month| {
        store
            .save_verifications(
                &worker.id,
                &NewVerifications {
                    month,
                    members: vec![member.to_string()],
                    all_of: None,
                    outcome: Outcome::Met,
                    reason: None,
                    notes: String::new(),
                    today: common::today(),
                },
            )
            .unwrap()
    };
    use pilar::domain::verification::Refusal as Why;
    use pilar::model::Refusal;
    let before = count(&demo.path, "SELECT count(*) FROM verifications");
    for (member, month, why) in [
        (&without, october(), Why::NoComponent),
        (&with, born.prev(), Why::BeforeBirth),
        (&with, Month::parse("2026-12").unwrap(), Why::Future),
    ] {
        match try_save(member, month) {
            Err(Refusal::Verification {
                why: w,
                member: name,
            }) => {
                assert_eq!(w, why);
                assert!(!name.is_empty());
            }
            other => panic!("{why:?}: {other:?}"),
        }
    }
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM verifications"),
        before
    );
    // Someone else's caseload, or a supervisor: not allowed.
    let sup = store
        .add_worker(
            "Bambang",
            "bambang",
            pilar::model::Role::Supervisor,
            0,
            None,
        )
        .unwrap();
    let r = store.save_verifications(
        &sup.id,
        &NewVerifications {
            month: october(),
            members: vec![with.clone()],
            all_of: None,
            outcome: Outcome::Met,
            reason: None,
            notes: String::new(),
            today: common::today(),
        },
    );
    assert!(r.is_err(), "{r:?}");
    assert_eq!(try_save(&with, october()), Ok(1));
}

#[test]
fn verify_failing_households_are_marked_filtered_on_the_agenda_and_in_the_detail() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    // Tall enough for the detail's commitments line under the members.
    let mut app = app(&store, Lang::Id, 120, 50);
    keys(&mut app, &store, "/gagal:ya<enter>");
    let n = app.caseload.list.total;
    assert!(n >= 3, "{n}");
    assert!(app.caseload.list.rows.iter().all(|r| r.failing));
    let detail = app.household.detail.clone().expect("the first is shown");
    let run = detail
        .verifications
        .iter()
        .map(|m| pilar::domain::verification::not_met_run(&m.months))
        .max()
        .unwrap();
    assert!(run >= 3, "{run}");
    let mut t = Terminal::new(TestBackend::new(120, 50)).unwrap();
    t.draw(|f| ui::draw(f, &app, &Theme::new(true, false)))
        .unwrap();
    let screen = format!("{:?}", t.backend());
    assert!(screen.contains("Komitmen:"), "{screen}");
    assert!(screen.contains("berturut-turut"), "{screen}");
    keys(&mut app, &store, "<esc>/failing:no<enter>");
    assert!(app.caseload.list.rows.iter().all(|r| !r.failing));
    // The agenda lists each failing member's household.
    keys(&mut app, &store, "<esc>2");
    let households: std::collections::BTreeSet<&str> = app
        .verify
        .failing
        .iter()
        .map(|f| f.household_id.as_str())
        .collect();
    assert_eq!(households.len() as u64, n);
    // A longer setting flags fewer.
    app.settings.failing = FailingMonths(5);
    keys(&mut app, &store, "1/gagal:ya<enter>");
    assert!(app.caseload.list.total < n);
}

#[test]
fn verify_a_bad_failing_months_setting_is_a_usage_error() {
    let demo = demo_db(30, 1, 1);
    let run = |v: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
            .arg("--db")
            .arg(&demo.path)
            .args(["report", "--format", "csv"])
            .env("PILAR_TODAY", "2026-11-29")
            .env("PILAR_FAILING_MONTHS", v)
            .env_remove("PILAR_LANG")
            .output()
            .unwrap()
    };
    assert!(run("4").status.success());
    let bad = run("tiga");
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("PILAR_FAILING_MONTHS") && err.contains("tiga"),
        "{err}"
    );
}

#[test]
fn verify_supervisors_see_the_screen_and_cannot_write() {
    let demo = demo_db(462, 3, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app_as(&store, "korkab", Lang::En);
    let before = count(&demo.path, "SELECT count(*) FROM verifications");
    keys(&mut app, &store, "5*m");
    assert_eq!(app.screen, Screen::Verify);
    assert!(app.verify.window.total > 0);
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM verifications"),
        before
    );
}

#[test]
fn verify_a_supervisors_count_stops_at_the_cap_and_shows_the_same_lines() {
    // Issue 10: counting every member with a component of a wide scope took seconds on
    // each month or filter change; a supervisor's count stops at the list's cap (as the
    // list's does), a facilitator's stays exact, and the lines shown are the same.
    let demo = demo_db(462, 3, 1);
    let store = Store::open(&demo.path).unwrap();
    let exact = count(
        &demo.path,
        "SELECT count(*) FROM members m JOIN households h ON h.id = m.household_id
         WHERE m.deleted = 0 AND h.deleted = 0 AND m.component IS NOT NULL
           AND h.status IN ('aktif', 'calon_graduasi')
           AND (m.birth_date IS NULL OR m.birth_date < '2026-12-01')",
    ) as u64;
    assert!(exact > 500, "{exact} lines: more than the cap");
    let mut app = app_as(&store, "korkab", Lang::Id);
    keys(&mut app, &store, "5");
    assert_eq!(app.screen, Screen::Verify);
    assert!(app.verify.capped);
    assert_eq!(app.verify.window.total, 500);
    let t = render(&app);
    let screen: Vec<String> = (0..24)
        .map(|y| {
            (0..80)
                .map(|x| t.backend().buffer()[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    assert!(
        screen.iter().any(|l| l.contains("500+ anggota")),
        "{screen:#?}"
    );
    // The last line reachable is the 500th of the same order.
    keys(&mut app, &store, "<end>");
    assert_eq!(app.verify.window.selected, 499);
    let q = pilar::app::verify::query(&app);
    let line = store.verify_window(&q, 499, 1).unwrap();
    assert_eq!(app.verify.window.selected_row(), line.first());
    // The month before: counted again, capped again, from the top.
    keys(&mut app, &store, "[");
    assert!(app.verify.capped);
    assert_eq!(app.verify.window.selected, 0);
    // A facilitator's own caseload: exact.
    let worker = store.worker_by_login("siti").unwrap().unwrap();
    let mut mine = app_as(&store, &worker.login, Lang::Id);
    keys(&mut mine, &store, "5");
    assert!(!mine.verify.capped);
    let own = pilar::app::verify::query(&mine);
    let all = store.verify_window(&own, 0, u64::MAX / 2).unwrap();
    assert_eq!(mine.verify.window.total, all.len() as u64);
}

macro_rules! verify_snapshot {
    ($name:ident, $lang:expr, $script:expr) => {
        #[test]
        fn $name() {
            let demo = demo_db(462, 1, 1);
            let store = Store::open(&demo.path).unwrap();
            let mut app = app(&store, $lang, 80, 24);
            keys(&mut app, &store, $script);
            let t = render(&app);
            insta::assert_snapshot!(stringify!($name), t.backend());
        }
    };
}

verify_snapshot!(verify_screen_80x24_id, Lang::Id, "5[j<space>j<space>");
verify_snapshot!(verify_screen_80x24_en, Lang::En, "5[");
verify_snapshot!(verify_agenda_80x24_id, Lang::Id, "2");
