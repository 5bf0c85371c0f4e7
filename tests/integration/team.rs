//! The supervisor's team roll-up checked against a database made by hand (every figure
//! counted on paper), the team screen's keys, and the access rules: a facilitator sees and
//! changes only their own caseload; a supervisor sees everyone's and writes only notes.

use crate::common;

use chrono::{Duration, NaiveDate};
use common::{app_as, keys, settings, today};
use pilar::app::{Action, App, Overlay, Screen};
use pilar::domain::Lang;
use pilar::domain::activity::ActivityKind;
use pilar::domain::graduation::{ExitKind, TargetPolicy};
use pilar::model::team::{TeamColumn, totals};
use pilar::model::{NewActivity, NewGraduation, Role, Scope, TEAM_WEEKS, Worker};
use pilar::runtime;
use pilar::store::{Store, StoreError};
use rusqlite::{Connection, params};

struct Team {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    ani: Worker,
    budi: Worker,
    korcam: Worker,
}

fn day(ago: i64) -> NaiveDate {
    today() - Duration::days(ago)
}

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// Two facilitators and a supervisor, with households, activities and graduations whose
/// roll-up is worked out by hand in `roll_up_matches_the_hand_count`.
fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let store = Store::open(&path).unwrap();
    let korcam = store
        .add_worker("Korcam Patean", "korcam", Role::Supervisor, 0, None)
        .unwrap();
    let ani = store
        .add_worker("Ani", "ani", Role::Facilitator, 10, None)
        .unwrap();
    let budi = store
        .add_worker("Budi", "budi", Role::Facilitator, 12, None)
        .unwrap();
    drop(store);
    let c = Connection::open(&path).unwrap();
    let now = "2026-01-01T00:00:00Z";
    let household =
        |id: &str,
         worker: &str,
         name: &str,
         status: &str,
         last_visit: Option<NaiveDate>,
         follow_up: Option<NaiveDate>,
         deleted: bool,
         n: u32| {
            let kk = format!("33240100010{n:05}");
            let nik = format!("33240141018{n:05}");
            c.execute(
            "INSERT INTO households (id, worker_id, no_kk, pengurus_name, pengurus_nik, village,
                 status, last_visit, next_follow_up, search_text, deleted, created_at,
                 updated_at, author_id)
             VALUES (?1, ?2, ?3, ?4, ?5, 'Curugsewu', ?6, ?7, ?8, lower(?4), ?9, ?10, ?10, ?2)",
            params![id, worker, kk, name, nik, status, last_visit, follow_up, deleted, now],
        )
        .unwrap();
        };
    household(
        "h1",
        &ani.id,
        "Sri",
        "aktif",
        Some(day(10)),
        Some(day(1)),
        false,
        1,
    );
    household(
        "h2",
        &ani.id,
        "Tuti",
        "calon_graduasi",
        None,
        None,
        false,
        2,
    );
    household(
        "h3",
        &ani.id,
        "Wati",
        "graduasi",
        Some(day(200)),
        None,
        false,
        3,
    );
    household("h4", &ani.id, "Yani", "aktif", None, Some(day(3)), true, 4);
    household(
        "h5",
        &budi.id,
        "Rina",
        "aktif",
        Some(day(100)),
        Some(day(-5)),
        false,
        5,
    );
    let graduation =
        |id: &str, h: &str, worker: &str, kind: &str, date: NaiveDate, undone: bool| {
            c.execute(
                "INSERT INTO graduations (id, household_id, worker_id, kind, date, undone,
                 created_at, updated_at, author_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?3)",
                params![id, h, worker, kind, date, undone, now],
            )
            .unwrap();
        };
    graduation(
        "g1",
        "h3",
        &ani.id,
        "sejahtera_mandiri",
        d(2026, 3, 10),
        false,
    );
    graduation("g2", "h3", &ani.id, "alamiah", d(2026, 4, 1), false);
    graduation("g3", "h3", &ani.id, "mandiri", d(2025, 12, 31), false);
    graduation(
        "g4",
        "h3",
        &ani.id,
        "sejahtera_mandiri",
        d(2026, 5, 2),
        true,
    );
    graduation("g5", "h5", &budi.id, "mandiri", d(2026, 11, 2), false);
    let activity = |id: &str, h: &str, worker: &str, author: &str, kind: &str, date: NaiveDate| {
        c.execute(
            "INSERT INTO activities (id, household_id, worker_id, kind, date, summary,
                 created_at, updated_at, author_id)
             VALUES (?1, ?2, ?3, ?4, ?5, 'x', ?6, ?6, ?7)",
            params![id, h, worker, kind, date, now, author],
        )
        .unwrap();
    };
    activity("a1", "h1", &ani.id, &ani.id, "kunjungan", day(1));
    activity("a2", "h1", &ani.id, &ani.id, "p2k2", d(2026, 11, 3));
    // A supervisor's note is filed in Ani's log but is not Ani's work.
    activity("a3", "h1", &ani.id, &korcam.id, "catatan", day(2));
    activity("a4", "h2", &ani.id, &ani.id, "kunjungan", day(40));
    // 30 days back from 29 Nov is 31 Oct: the 30th is outside.
    activity("a5", "h5", &budi.id, &budi.id, "p2k2", d(2026, 10, 30));
    Team {
        _dir: dir,
        path,
        ani,
        budi,
        korcam,
    }
}

#[test]
fn roll_up_matches_the_hand_count() {
    let t = team();
    let store = Store::open(&t.path).unwrap();
    let data = store
        .team(
            &Scope::All,
            2026,
            today(),
            today(),
            &TargetPolicy::default(),
        )
        .unwrap();
    assert_eq!(data.rows.len(), 2, "supervisors are not rows");
    let ani = &data.rows[0];
    let budi = &data.rows[1];
    assert_eq!((ani.name.as_str(), budi.name.as_str()), ("Ani", "Budi"));
    // caseload, graduated, candidates, activities in 30 days, P2K2 this month, overdue,
    // not visited for 90 days.
    let figures = |r: &pilar::model::TeamRow| {
        (
            r.target,
            r.caseload,
            r.graduated,
            r.candidates,
            r.activities_30d,
            r.p2k2_month,
            r.overdue,
            r.not_visited_90d,
        )
    };
    assert_eq!(figures(ani), (10, 2, 1, 1, 2, 1, 1, 1));
    assert_eq!(figures(budi), (12, 1, 1, 0, 0, 0, 0, 1));
    let mut months = [0; 12];
    months[2] = 1;
    months[10] = 1;
    assert_eq!(data.graduations_by_month, months);
    let mut weeks = vec![0; TEAM_WEEKS];
    weeks[TEAM_WEEKS - 1] = 1; // a1, yesterday
    weeks[TEAM_WEEKS - 4] = 1; // a2, 26 days ago
    weeks[TEAM_WEEKS - 5] = 1; // a5, 30 days ago
    weeks[TEAM_WEEKS - 6] = 1; // a4, 40 days ago
    assert_eq!(data.activities_by_week, weeks);
    let t2 = totals(&data.rows);
    assert_eq!((t2.target, t2.caseload, t2.graduated), (22, 3, 2));
    // One facilitator's own roll-up (pilar report --user ani).
    let own = store
        .team(
            &Scope::Worker(t.ani.id.clone()),
            2026,
            today(),
            today(),
            &TargetPolicy::default(),
        )
        .unwrap();
    assert_eq!(own.rows.len(), 1);
    assert_eq!(figures(&own.rows[0]), figures(ani));
    // A past year: last year's graduation counts there.
    let last = store
        .team(
            &Scope::All,
            2025,
            d(2025, 12, 31),
            today(),
            &TargetPolicy::default(),
        )
        .unwrap();
    assert_eq!(last.rows[0].graduated, 1);
    assert_eq!(last.graduations_by_month[11], 1);
    // ... while the caseload is read as it stands today: Ani's overdue follow-up (due
    // yesterday) is overdue now, not on 31 December 2025.
    assert_eq!(last.rows[0].overdue, 1);
    assert_eq!(last.state_on, Some(today()));
}

#[test]
fn the_team_screen_sorts_and_opens_a_facilitators_caseload() {
    let t = team();
    let store = Store::open(&t.path).unwrap();
    let mut app = app_as(&store, "korcam", Lang::En);
    keys(&mut app, &store, "3");
    assert_eq!(app.screen, Screen::Team);
    assert_eq!(app.team.data.rows.len(), 2);
    // Pace first, most behind on top: on 29 Nov Ani is expected 9 of 10 (has 1), Budi 10
    // of 12 (has 1).
    assert_eq!(app.team.column, TeamColumn::Pace);
    let names: Vec<&str> = app.team.rows().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Budi", "Ani"]);
    // `s` walks the columns, each sorted worst first: candidates, most first.
    keys(&mut app, &store, "s");
    assert_eq!(
        (app.team.column, app.team.descending),
        (TeamColumn::Candidates, true)
    );
    assert_eq!(app.team.rows()[0].name, "Ani");
    // ... round to the names, A-Z.
    keys(&mut app, &store, "sssss");
    assert_eq!(app.team.column, TeamColumn::Name);
    let names: Vec<&str> = app.team.rows().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ani", "Budi"]);
    keys(&mut app, &store, "S");
    assert_eq!(app.team.rows()[0].name, "Budi");
    // Enter on Budi opens his four panes: his households, his gauge.
    keys(&mut app, &store, "j<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    assert_eq!(app.scope, Scope::Worker(t.budi.id.clone()));
    assert_eq!(app.caseload.list.total, 1);
    assert_eq!(app.gauge.target, 12);
    assert_eq!(app.scope_name.as_deref(), Some("Budi"));
    // Esc goes back to the team, on everyone's figures again.
    keys(&mut app, &store, "<esc>");
    assert_eq!(app.screen, Screen::Team);
    assert_eq!(app.scope, Scope::All);
    assert_eq!(
        app.caseload.list.total, 3,
        "every active household, both caseloads"
    );
    // Enter on the total row: everyone's households.
    keys(&mut app, &store, "g<enter>");
    assert_eq!(
        (app.screen, app.scope.clone()),
        (Screen::Dashboard, Scope::All)
    );
    // `:tim` / `:team` work too.
    keys(&mut app, &store, ":team<enter>");
    assert_eq!(app.screen, Screen::Team);
    // A search typed on the team screen shows the list it filters.
    keys(&mut app, &store, ":search calon:ya<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    assert_eq!(app.caseload.list.total, 1);
    // The conflicts list opens from the team screen too.
    keys(&mut app, &store, "<esc>3:konflik<enter>");
    assert!(
        matches!(app.overlay, Overlay::Conflicts(_)),
        "{:?}",
        app.message
    );
}

#[test]
fn a_facilitator_sees_and_changes_only_their_own_caseload() {
    let t = team();
    let store = Store::open(&t.path).unwrap();
    let mut app = app_as(&store, "ani", Lang::En);
    assert_eq!(app.caseload.list.total, 2);
    let mut seen = Vec::new();
    for _ in 0..app.caseload.list.total {
        seen.push(app.caseload.list.selected_row().unwrap().id.clone());
        keys(&mut app, &store, "j");
    }
    assert!(
        !seen.contains(&"h5".to_string()),
        "Budi's household is not shown"
    );
    // The team screen is for supervisors.
    keys(&mut app, &store, "3");
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(app.message.is_some());
    // The store refuses a write in someone else's caseload, whoever asks.
    let visit = |h: &str, kind| NewActivity {
        households: vec![(h.to_string(), true)],
        kind,
        date: today(),
        summary: "Kunjungan".into(),
        detail: String::new(),
        follow_up: None,
        group_name: String::new(),
        place: String::new(),
        p2k2_module: None,
        p2k2_session: None,
    };
    assert!(matches!(
        store.add_activity(&t.ani.id, &visit("h5", ActivityKind::Kunjungan)),
        Err(StoreError::NotAllowed)
    ));
    assert!(
        store
            .add_activity(&t.ani.id, &visit("h1", ActivityKind::Kunjungan))
            .is_ok()
    );
    assert!(matches!(
        store.undo_graduation(&t.budi.id, "h3", today()),
        Err(StoreError::NotAllowed)
    ));
    // Nor can a household be edited by anyone but its facilitator, or added by a supervisor.
    let household = |id: Option<&str>| pilar::model::HouseholdInput {
        id: id.map(str::to_string),
        expected_updated_at: None,
        fields: pilar::model::HouseholdFields {
            no_kk: "3324010001000099".into(),
            village: "Curugsewu".into(),
            ..Default::default()
        },
        members: Vec::new(),
    };
    assert!(matches!(
        store.save_household(&t.ani.id, &household(Some("h5"))),
        Err(StoreError::NotAllowed)
    ));
    assert!(matches!(
        store.save_household(&t.korcam.id, &household(None)),
        Err(StoreError::NotAllowed)
    ));
}

#[test]
fn a_supervisor_sees_everyone_and_writes_only_notes() {
    let t = team();
    let store = Store::open(&t.path).unwrap();
    let mut app = app_as(&store, "korcam", Lang::En);
    assert_eq!(app.caseload.list.total, 3);
    let count = |sql: &str| -> i64 {
        Connection::open(&t.path)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    let before = count("SELECT count(*) FROM change_log");
    // Graduate, refer, edit, new, mark: refused with a message, no form.
    for k in ["L", "r", "e", "n", " ", "R", "UU"] {
        keys(&mut app, &store, k);
        assert!(matches!(app.overlay, Overlay::None), "{k:?} opened nothing");
        assert!(app.message.is_some(), "{k:?} said why");
    }
    assert_eq!(count("SELECT count(*) FROM change_log"), before);
    // `a` is a supervision note: a note or a directive, nothing else.
    keys(&mut app, &store, "a");
    let Overlay::Form(entry) = &app.overlay else {
        panic!("a opens the note form");
    };
    let kind = entry.form.fields.iter().find(|f| f.key == "kind").unwrap();
    assert_eq!(kind.value(), "catatan");
    keys(&mut app, &store, "Perlu dikunjungi minggu ini<enter>");
    assert!(matches!(app.overlay, Overlay::None), "saved");
    assert_eq!(
        count("SELECT count(*) FROM activities WHERE kind = 'catatan' AND author_id <> worker_id"),
        2
    );
    // The facilitator's log shows whose note it is.
    let log = store
        .activity_window(&pilar::model::LogQuery::Caseload(Scope::All), 0, 50)
        .unwrap();
    let note = log
        .iter()
        .find(|a| a.summary == "Perlu dikunjungi minggu ini")
        .unwrap();
    assert_eq!(note.noted_by.as_deref(), Some("Korcam Patean"));
    assert!(
        log.iter()
            .filter(|a| a.kind == ActivityKind::Kunjungan)
            .all(|a| a.noted_by.is_none())
    );
    // The store keeps the rule for any caller.
    let note = |kind| NewActivity {
        households: vec![("h1".to_string(), true)],
        kind,
        date: today(),
        summary: "Supervisi".into(),
        detail: String::new(),
        follow_up: None,
        group_name: String::new(),
        place: String::new(),
        p2k2_module: None,
        p2k2_session: None,
    };
    assert!(
        store
            .add_activity(&t.korcam.id, &note(ActivityKind::Direktif))
            .is_ok()
    );
    assert!(matches!(
        store.add_activity(&t.korcam.id, &note(ActivityKind::Kunjungan)),
        Err(StoreError::NotAllowed)
    ));
    let graduation = NewGraduation {
        household_id: "h1".into(),
        kind: ExitKind::SejahteraMandiri,
        date: today(),
        reason: String::new(),
        evidence: Vec::new(),
        referral: None,
        monitoring_months: 12,
        monitoring_summary: "Monitoring {}".into(),
    };
    assert!(matches!(
        store.record_graduation(&t.korcam.id, &graduation),
        Err(StoreError::NotAllowed)
    ));
    assert!(store.verify().unwrap().ok());
}

#[test]
fn team_screen_at_80x24() {
    use pilar::ui::{self, Theme};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let t = team();
    let store = Store::open(&t.path).unwrap();
    for (lang, name) in [(Lang::En, "team_80x24_en"), (Lang::Id, "team_80x24_id")] {
        let user = store.worker_by_login("korcam").unwrap().unwrap();
        let mut app = App::new(settings(lang), user, today(), false);
        runtime::dispatch(&mut app, &store, Action::Resize(80, 24));
        runtime::dispatch(&mut app, &store, Action::Start);
        keys(&mut app, &store, "3j");
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| ui::draw(f, &app, &Theme::new(true, false)))
            .unwrap();
        insta::assert_snapshot!(name, term.backend());
    }
}

#[test]
fn pilar_report_prints_the_roll_up() {
    let t = team();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
            .arg("--db")
            .arg(&t.path)
            .args(args)
            .env("PILAR_TODAY", "2026-11-29")
            .env_remove("PILAR_LANG")
            .output()
            .unwrap()
    };
    let out = run(&[
        "--lang", "en", "--user", "korcam", "report", "--format", "csv",
    ]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "Facilitator,Cases,Graduated,Target,Pace,Forecast,Cand,Act30,P2K2,Late,>90d,Pay!,Readiest"
    );
    // The forecast (issue 11 item 6): Budi has no candidate, so 1 is expected; Ani's one
    // candidate, Tuti (marked, with a readiness of 10: only "no component left"), adds
    // 0.1, rounded down, and is the readiest of the 9 Ani still lacks.
    assert_eq!(lines[1], "Budi,1,1,12,-9,1,0,0,0,0,1,0,");
    assert_eq!(lines[2], "Ani,2,1,10,-8,1,1,2,1,1,1,0,Tuti");
    // The team's pace is the sum of the rows' (-9 + -8), not the pace of the summed
    // target (which rounds once and said -18); its forecast too.
    assert_eq!(lines[3], "Whole team,3,2,22,-17,2,1,2,1,1,2,0,");
    // A facilitator's report is their own row; last year is counted to its end.
    let out = run(&["--user", "ani", "report", "--year", "2025"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Rekap pendampingan PKH tahun 2025, per 31 Des 2025"));
    assert!(!text.contains("Budi"));
    // Mistakes are named, in the user's language.
    let out = run(&["--user", "siapa", "report"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("siapa"));
    let out = run(&["--lang", "en", "--user", "ani", "report", "--format", "pdf"]);
    // A usage error (issue 12): status 2, one line naming the option and the choices.
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "pilar: --format: the value \"pdf\" is not valid (choose text, csv, md)\n"
    );
}

#[test]
fn a_caseload_without_any_follow_up_date_still_rolls_up() {
    let t = team();
    let store = Store::open(&t.path).unwrap();
    let citra = store
        .add_worker("Citra", "citra", Role::Facilitator, 10, None)
        .unwrap();
    drop(store);
    let c = Connection::open(&t.path).unwrap();
    c.execute(
        "INSERT INTO households (id, worker_id, no_kk, pengurus_name, pengurus_nik, village,
             search_text, created_at, updated_at, author_id)
         VALUES ('h9', ?1, '3324010001000009', 'Nur', '3324014101800009', 'Pagersari', 'nur',
                 '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?1)",
        [&citra.id],
    )
    .unwrap();
    let store = Store::open(&t.path).unwrap();
    let data = store
        .team(
            &Scope::All,
            2026,
            today(),
            today(),
            &TargetPolicy::default(),
        )
        .unwrap();
    let row = data.rows.iter().find(|r| r.name == "Citra").unwrap();
    assert_eq!(
        (
            row.caseload,
            row.overdue,
            row.not_visited_90d,
            row.activities_30d
        ),
        (1, 0, 1, 0)
    );
}

/// A supervisor's gauge says what the team screen's total row says: its pace and forecast
/// are the sums of the facilitators' (on a 12-facilitator demo the gauge said "behind by
/// 45 · forecast 75 of 120" above a total row of -43 and 77 of 120).
#[test]
fn the_supervisors_gauge_agrees_with_the_teams_total_row() {
    use pilar::model::team::{team_forecast, team_pace};
    let demo = common::demo_db(3000, 12, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app(&store, Lang::En, 80, 24);
    assert_eq!(app.scope, Scope::All);
    keys(&mut app, &store, "3");
    assert_eq!(app.screen, Screen::Team);
    assert_eq!(app.team.data.rows.len(), 12);
    let team = team_pace(&app.team.data);
    let gauge = app.gauge.pace(today());
    assert_eq!(
        (gauge.target, gauge.achieved, gauge.expected),
        (team.target, team.achieved, team.expected)
    );
    let team = team_forecast(&app.team.data);
    let gauge = app.gauge.forecast(today());
    assert_eq!(
        (gauge.target, gauge.achieved, gauge.expected),
        (team.target, team.achieved, team.expected)
    );
}
