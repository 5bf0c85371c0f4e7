//! Issue 11 items 5 and 6 through the real store: the readiness inputs read in bulk agree
//! with the household detail's, the list filters and sorts by the score, and the screens
//! (the gauge's forecast, the detail's readiness, the team's forecast) at 80x24 in both
//! languages.

use crate::common;

use common::{app, app_as, demo_db, keys, today};
use pilar::app::{App, Screen};
use pilar::domain::Lang;
use pilar::domain::component::ComponentRules;
use pilar::domain::forecast::READY_THRESHOLD;
use pilar::domain::readiness::{ReadinessSettings, readiness};
use pilar::model::{Scope, SortColumn};
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

#[test]
fn ready_scores_read_in_bulk_agree_with_the_detail() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let rules = ComponentRules::default();
    let settings = ReadinessSettings::default();
    let rows = store
        .readiness_scores(&Scope::All, today(), &rules, &settings)
        .unwrap();
    // Every active household, and only those.
    let active = common::count(
        &demo.path,
        "SELECT count(*) FROM households
         WHERE deleted = 0 AND status IN ('aktif', 'calon_graduasi')",
    );
    assert_eq!(rows.len() as i64, active);
    for r in &rows {
        let d = store.household_detail(&r.id).unwrap().unwrap();
        let want = readiness(&d.readiness_inputs(today(), &rules), &settings).score;
        assert_eq!(r.score, want, "{} ({})", r.name, r.id);
        assert_eq!(r.marked, d.status.key() == "calon_graduasi");
    }
    // The demo's spread: some clearly ready, most not.
    let ready = rows.iter().filter(|r| r.score >= READY_THRESHOLD).count();
    assert!(
        ready >= 3 && ready * 4 < rows.len(),
        "{ready} of {}",
        rows.len()
    );
    // A P2K2 count and a referral in progress are read for some households.
    let with_p2k2 = rows
        .iter()
        .filter(|r| {
            store
                .household_detail(&r.id)
                .unwrap()
                .unwrap()
                .p2k2_sessions
                > 0
        })
        .count();
    assert!(with_p2k2 > 0);
    // "Commitments met" reads the last 6 months' verifications: the bulk read agrees with
    // the detail's (the scores above), and the demo has families that met them all and
    // families that did not.
    use pilar::domain::readiness::{Criterion, Value};
    let commitments: Vec<(u32, u32)> = rows
        .iter()
        .filter_map(|r| {
            let d = store.household_detail(&r.id).unwrap().unwrap();
            let scored = readiness(&d.readiness_inputs(today(), &rules), &settings);
            scored
                .criteria
                .iter()
                .find(|c| c.criterion == Criterion::Commitments)
                .and_then(|c| match c.value {
                    Value::Commitments { met, verified } if verified > 0 => Some((met, verified)),
                    _ => None,
                })
        })
        .collect();
    assert!(commitments.len() * 2 > rows.len(), "{}", commitments.len());
    assert!(commitments.iter().any(|(m, v)| m == v));
    assert!(commitments.iter().any(|(m, v)| m < v));
    // Six months of each member's verifications at most.
    let most = common::count(
        &demo.path,
        "SELECT max(n) FROM (SELECT count(*) AS n FROM verifications
         WHERE month BETWEEN '2026-06' AND '2026-11' GROUP BY household_id)",
    );
    assert!(commitments.iter().all(|(_, v)| i64::from(*v) <= most));
}

#[test]
fn ready_filter_and_sort_through_the_real_store() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let scores = store
        .readiness_scores(
            &app.scope,
            today(),
            &ComponentRules::default(),
            &ReadinessSettings::default(),
        )
        .unwrap();
    let at_least_70 = scores.iter().filter(|r| r.score >= 70).count() as u64;
    keys(&mut app, &store, "/siap:70<enter>");
    assert_eq!(app.caseload.list.total, at_least_70);
    let shown: Vec<u8> = app
        .caseload
        .list
        .visible()
        .map(|(_, r)| r.readiness.expect("the score is read"))
        .collect();
    assert!(
        !shown.is_empty() && shown.iter().all(|s| *s >= 70),
        "{shown:?}"
    );
    // Sorted by readiness, readiest first with S.
    keys(&mut app, &store, "sssssS");
    assert_eq!(app.caseload.sort.column, SortColumn::Readiness);
    let shown: Vec<u8> = app
        .caseload
        .list
        .visible()
        .map(|(_, r)| r.readiness.unwrap())
        .collect();
    let mut sorted = shown.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(shown, sorted);
    let best = scores.iter().map(|r| r.score).max().unwrap();
    assert_eq!(shown[0], best);
    // The screen shows the Siap column.
    let t = render(&app);
    insta::assert_snapshot!("ready_list_sorted_80x24_id", t.backend());
}

macro_rules! detail_snapshot {
    ($name:ident, $lang:expr) => {
        #[test]
        fn $name() {
            let demo = demo_db(462, 1, 1);
            let store = Store::open(&demo.path).unwrap();
            let mut app = app(&store, $lang, 80, 24);
            // The readiest household first, its detail scrolled to the readiness.
            keys(&mut app, &store, "sssssS<tab>jjjjjjjjjjjjjjjjjjjjjjjj");
            let t = render(&app);
            insta::assert_snapshot!(stringify!($name), t.backend());
        }
    };
}

detail_snapshot!(ready_detail_80x24_id, Lang::Id);
detail_snapshot!(ready_detail_80x24_en, Lang::En);

macro_rules! team_snapshot {
    ($name:ident, $lang:expr) => {
        #[test]
        fn $name() {
            let demo = demo_db(1200, 4, 1);
            let store = Store::open(&demo.path).unwrap();
            let supervisor: String = common::one(
                &demo.path,
                "SELECT login FROM workers WHERE role = 'supervisor' LIMIT 1",
            );
            let mut app = app_as(&store, &supervisor, $lang);
            keys(&mut app, &store, "3j");
            assert_eq!(app.screen, Screen::Team);
            let t = render(&app);
            insta::assert_snapshot!(stringify!($name), t.backend());
        }
    };
}

team_snapshot!(ready_team_80x24_id, Lang::Id);
team_snapshot!(ready_team_80x24_en, Lang::En);

#[test]
fn ready_settings_from_the_environment_are_read_and_bad_ones_refused() {
    let demo = demo_db(462, 1, 1);
    let run = |env: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"));
        cmd.arg("--db")
            .arg(&demo.path)
            .args(["report", "--format", "csv"])
            .env("PILAR_TODAY", "2026-11-29")
            .env_remove("PILAR_LANG")
            .env_remove("PILAR_UMK")
            .env_remove("PILAR_READINESS_WEIGHTS");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let plain = run(&[]);
    assert!(plain.status.success());
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(
        plain.lines().next().unwrap().contains(";Perkiraan;"),
        "{plain}"
    );
    // Only the income counts, against a UMK of Rp1: every family with an income is ready,
    // and the readiest change.
    let rich = run(&[
        ("PILAR_UMK", "1"),
        (
            "PILAR_READINESS_WEIGHTS",
            "income=100,desil=0,years=0,business=0,p2k2=0,commitments=0,ending=0,referral=0",
        ),
    ]);
    assert!(rich.status.success());
    assert_ne!(String::from_utf8(rich.stdout).unwrap(), plain);
    // A bad value stops with the reason, in the user's language; nothing is changed.
    let bad = run(&[("PILAR_UMK", "dua juta")]);
    assert_eq!(bad.status.code(), Some(2), "a bad value is a usage error");
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("PILAR_UMK") && err.contains("dua juta"),
        "{err}"
    );
    let bad = run(&[("PILAR_READINESS_WEIGHTS", "gaji=10")]);
    assert_eq!(bad.status.code(), Some(2), "a bad value is a usage error");
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.contains("gaji") && err.contains("income, desil"),
        "{err}"
    );
}

/// The gauge scores every household in view before the first frame: a caseload gets its
/// forecast, but past `GAUGE_FORECAST_MAX_HOUSEHOLDS` (everyone's, at a supervisor's widest)
/// the gauge has none rather than seconds of work at start or a wrong figure; the same
/// households narrowed to one facilitator still get theirs.
#[test]
fn ready_the_gauge_forecasts_a_caseload_and_not_a_scope_past_the_limit() {
    use pilar::domain::forecast::GAUGE_FORECAST_MAX_HOUSEHOLDS;
    use pilar::domain::graduation::TargetPolicy;
    use pilar::model::ForecastReach;
    let rules = ComponentRules::default();
    let settings = ReadinessSettings::default();
    let policy = TargetPolicy::default();

    let small = demo_db(300, 2, 1);
    let store = Store::open(&small.path).unwrap();
    let g = store
        .gauge_with_forecast(&Scope::All, today(), &policy, &rules, &settings)
        .unwrap();
    assert_eq!(
        g.forecast_reach,
        ForecastReach::Scored,
        "a few hundred households are scored"
    );

    let n = u64::from(GAUGE_FORECAST_MAX_HOUSEHOLDS) + 500;
    let big = demo_db(n, 100, 1);
    let store = Store::open(&big.path).unwrap();
    let g = store
        .gauge_with_forecast(&Scope::All, today(), &policy, &rules, &settings)
        .unwrap();
    assert_eq!(
        g.forecast_reach,
        ForecastReach::TooMany,
        "{n} households are not scored before the first frame"
    );
    assert!(g.ready.is_empty());
    let one = store
        .workers()
        .unwrap()
        .into_iter()
        .find(|w| w.role == pilar::model::Role::Facilitator)
        .unwrap();
    let g = store
        .gauge_with_forecast(&Scope::Worker(one.id), today(), &policy, &rules, &settings)
        .unwrap();
    assert_eq!(
        g.forecast_reach,
        ForecastReach::Scored,
        "one facilitator's caseload is scored"
    );
}

/// The start asks for the scores twice (the gauge, Hari ini) and the second is answered
/// from memory: never stale after a write on this connection or another's commit.
#[test]
fn ready_scores_remembered_are_computed_again_after_any_write() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let rules = ComponentRules::default();
    let settings = ReadinessSettings::default();
    let login = store.default_user().unwrap().unwrap();
    let me = store.worker_by_login(&login).unwrap().unwrap();
    let scope = Scope::Worker(me.id.clone());
    let scores = |s: &Store| {
        s.readiness_scores(&scope, today(), &rules, &settings)
            .unwrap()
    };
    let first = scores(&store);
    assert_eq!(scores(&store), first);

    // This connection's own writes: every P2K2 session voided.
    let sessions: Vec<String> = {
        let c = rusqlite::Connection::open(&demo.path).unwrap();
        let mut stmt = c
            .prepare("SELECT id FROM activities WHERE kind = 'p2k2' AND deleted = 0")
            .unwrap();
        stmt.query_map([], |r| r.get("id"))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert!(!sessions.is_empty());
    for id in &sessions {
        store.void_activity(&me.id, id, "salah catat").unwrap();
    }
    let voided = scores(&store);
    assert_ne!(voided, first);
    assert_eq!(voided, scores(&Store::open(&demo.path).unwrap()));

    // Another connection's commit: a household gone.
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "UPDATE households SET deleted = 1 WHERE id = ?1",
            [&voided[0].id],
        )
        .unwrap();
    let after = scores(&store);
    assert_eq!(after.len(), voided.len() - 1);
    assert!(after.iter().all(|r| r.id != voided[0].id));
}
