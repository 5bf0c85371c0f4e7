//! `pilar sync` end to end: laptops (real SQLite files, edited through the app by key
//! script) against the real service on a throw-away PostgreSQL schema
//! (`pilar_server::testing::Harness`). Without PostgreSQL each test prints the harness's
//! `skipped: no PostgreSQL at ...` line and passes (`PILAR_REQUIRE_PG=1` makes it fail).

use crate::common;

use std::path::{Path, PathBuf};

use common::{app_as, count, keys, one};
use pilar::app::{App, Overlay};
use pilar::domain::Lang;
use pilar::model::Scope;
use pilar::store::Store;
use pilar::sync::{self, Options, Report};
use pilar_core::sync::ErrorCode;
use pilar_server::load::{LoadOptions, Snapshot};
use pilar_server::testing::{Harness, Setup, self_signed};

/// A server loaded with a demo regency (30 households, facilitators `siti` and `p0002`,
/// supervisor `korkab`) and a folder for laptops.
pub(crate) struct Fx {
    pub(crate) h: Harness,
    pub(crate) demo: common::Demo,
}

impl Fx {
    pub(crate) fn laptop(&self, name: &str) -> PathBuf {
        self.demo.dir.path().join(name)
    }

    /// Enrols a new laptop database for `login` and runs its first sync.
    pub(crate) fn enrol(&self, name: &str, login: &str) -> (PathBuf, Report) {
        let path = self.laptop(name);
        let store = Store::open(&path).unwrap();
        let report = sync::run(
            &store,
            &Options {
                server: Some(self.h.url()),
                code: Some(self.h.enroll_code(login)),
                ..Options::default()
            },
        )
        .unwrap_or_else(|e| panic!("first sync of {name}: {}", e.message(Lang::En, &path)));
        (path, report)
    }
}

fn fixture_with(setup: Setup) -> Option<Fx> {
    let h = Harness::start_with(Setup {
        today: Some(common::today()),
        ..setup
    })?;
    let demo = common::demo_db(30, 2, 7);
    let snap = Snapshot::read(&Store::open(&demo.path).unwrap()).unwrap();
    let mut c = h.pg();
    h.block_on(pilar_server::load::load(
        &mut c,
        &snap,
        &LoadOptions {
            kab: Some("3324".into()),
            today: Some(common::today()),
        },
    ))
    .expect("load the demo onto the server");
    Some(Fx { h, demo })
}

pub(crate) fn fixture() -> Option<Fx> {
    fixture_with(Setup::default())
}

fn sync_now(path: &Path) -> Result<Report, ErrorCode> {
    let store = Store::open(path).unwrap();
    sync::run(&store, &Options::default()).map_err(|e| {
        e.code()
            .unwrap_or_else(|| panic!("sync of {}: {}", path.display(), e.message(Lang::En, path)))
    })
}

pub(crate) fn synced(path: &Path) -> Report {
    sync_now(path).unwrap_or_else(|c| panic!("sync of {}: {c:?}", path.display()))
}

/// Selects the list's row `row` and returns the household's id.
fn select(app: &mut App, store: &Store, row: usize) -> String {
    keys(app, store, &format!("g{}", "j".repeat(row)));
    app.caseload.list.selected_row().unwrap().id.clone()
}

/// Edits one field of household `id` (found by its row in siti's list) through the form.
pub(crate) fn edit(path: &Path, row: usize, field: &str, value: &str) -> String {
    let store = Store::open(path).unwrap();
    let mut app = app_as(&store, "siti", Lang::Id);
    let id = select(&mut app, &store, row);
    keys(&mut app, &store, "e");
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!("no form")
    };
    entry.form.focus_on(field);
    keys(&mut app, &store, &format!("<c-u>{value}<c-s>"));
    assert!(matches!(app.overlay, Overlay::None), "the edit was saved");
    id
}

pub(crate) fn field(path: &Path, id: &str, column: &str) -> String {
    one(
        path,
        &format!("SELECT {column} FROM households WHERE id = '{id}'"),
    )
}

pub(crate) fn verified(path: &Path) {
    let v = Store::open(path).unwrap().verify().unwrap();
    assert!(v.ok(), "{}: {v:?}", path.display());
}

/// Entries of the caseload tables (what the server's streams carry).
fn caseload_entries(path: &Path) -> i64 {
    count(
        path,
        "SELECT count(*) FROM change_log WHERE table_name IN ('households', 'members',
            'graduations', 'activities', 'activity_households', 'referrals', 'verifications')",
    )
}

#[test]
fn sync_two_laptops_and_a_supervisor_flow_both_ways_with_one_conflict() {
    let Some(fx) = fixture() else { return };
    let siti_households: i64 = count(
        &fx.demo.path,
        "SELECT count(*) FROM households h JOIN workers w ON w.id = h.worker_id
         WHERE w.login = 'siti'",
    );
    // Two laptops of siti restore her caseload from the server.
    let (a, first) = fx.enrol("a.db", "siti");
    assert!(first.enrolled.is_some() && first.first_pull);
    assert!(first.added as i64 >= siti_households, "{first:?}");
    assert_eq!(
        count(&a, "SELECT count(*) FROM households"),
        siti_households
    );
    let (b, _) = fx.enrol("b.db", "siti");
    assert_eq!(
        count(&b, "SELECT count(*) FROM households"),
        siti_households
    );

    // A changes a phone and an RT; B changes the same RT otherwise and logs a visit.
    let phoned = edit(&a, 0, "phone", "081211110000");
    let both = edit(&a, 2, "rt", "007");
    assert_eq!(edit(&b, 2, "rt", "009"), both);
    {
        let store = Store::open(&b).unwrap();
        let mut app = app_as(&store, "siti", Lang::Id);
        select(&mut app, &store, 1);
        keys(&mut app, &store, "aKunjungan dari laptop B<enter>");
        assert!(store.sync_unsent().unwrap() > 0, "B has unsent work");
    }

    let ra = synced(&a);
    assert!(ra.pushed_entries >= 2, "{ra:?}");
    assert_eq!(Store::open(&a).unwrap().sync_unsent().unwrap(), 0);
    let rb = synced(&b);
    // B took A's phone, kept its own RT with one conflict, and pushed its visit.
    assert_eq!(field(&b, &phoned, "phone"), "081211110000");
    assert_eq!(field(&b, &both, "rt"), "009");
    assert_eq!(rb.conflicts, 1, "{rb:?}");
    assert_eq!(rb.open_conflicts, 1);
    let open = Store::open(&b)
        .unwrap()
        .open_conflicts(&Scope::All, 10)
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (
            open[0].field.as_str(),
            open[0].ours.as_deref(),
            open[0].theirs.as_deref(),
            open[0].source.as_str()
        ),
        ("rt", Some("009"), Some("007"), "server")
    );
    assert!(rb.pushed_entries >= 1);

    // A gets B's visit, and the RT both changed is one conflict on A too, as `pilar merge`
    // of B's file would make it: A's value kept, B's waiting for a decision.
    let ra2 = synced(&a);
    assert!(ra2.added >= 1, "{ra2:?}");
    assert_eq!(
        count(
            &a,
            "SELECT count(*) FROM activities WHERE summary = 'Kunjungan dari laptop B'"
        ),
        1
    );
    assert_eq!(ra2.conflicts, 1, "{ra2:?}");
    assert_eq!(field(&a, &both, "rt"), "007");
    let open = Store::open(&a)
        .unwrap()
        .open_conflicts(&Scope::All, 10)
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].ours.as_deref(), open[0].theirs.as_deref()),
        (Some("007"), Some("009"))
    );

    // A second sync moves nothing on either.
    for p in [&a, &b] {
        let r = synced(p);
        assert!(!r.moved(), "{}: {r:?}", p.display());
    }

    // The supervisor pulls the team's caseloads (read-only rows) and the roll-up.
    let (s, rs) = fx.enrol("s.db", "korkab");
    let (facilitators, rows) = rs.team.expect("a team pull");
    assert_eq!(facilitators, 2);
    assert!(rows > 0);
    assert_eq!(
        count(&s, "SELECT count(*) FROM households"),
        count(&fx.demo.path, "SELECT count(*) FROM households")
    );
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM activities WHERE summary = 'Kunjungan dari laptop B'"
        ),
        1
    );
    assert!(
        Store::open(&s)
            .unwrap()
            .sync_rollup("kab:3324")
            .unwrap()
            .is_some()
    );

    // A new, empty laptop restores the caseload with its full history.
    let (c, _) = fx.enrol("c.db", "siti");
    assert_eq!(
        count(&c, "SELECT count(*) FROM households"),
        siti_households
    );
    assert_eq!(field(&c, &phoned, "phone"), "081211110000");
    let server_entries = fx.h.count("SELECT count(*) FROM caseload_log");
    assert_eq!(caseload_entries(&c), server_entries);
    assert_eq!(caseload_entries(&a), server_entries);

    for p in [&a, &b, &c, &s] {
        verified(p);
    }
}

/// Issue 11 item 1: the demo's verifications come down with the caseload, and a month's
/// outcome saved on one laptop reaches the other as the same record (one id per member and
/// month).
#[test]
fn sync_verifications_flow_between_laptops_as_one_record() {
    let Some(fx) = fixture() else { return };
    let (a, _) = fx.enrol("a.db", "siti");
    let (b, _) = fx.enrol("b.db", "siti");
    let siti: i64 = count(
        &fx.demo.path,
        "SELECT count(*) FROM verifications v JOIN households h ON h.id = v.household_id
         JOIN workers w ON w.id = h.worker_id WHERE w.login = 'siti'",
    );
    assert!(siti > 0);
    assert_eq!(count(&a, "SELECT count(*) FROM verifications"), siti);
    {
        let store = Store::open(&a).unwrap();
        let mut app = app_as(&store, "siti", Lang::Id);
        keys(&mut app, &store, "5m");
    }
    let now = "SELECT count(*) FROM verifications WHERE month = '2026-11'";
    assert_eq!(count(&a, now), 1);
    let ra = synced(&a);
    assert!(ra.pushed_entries >= 4, "{ra:?}");
    assert_eq!(fx.h.count(now), 1);
    synced(&b);
    assert_eq!(count(&b, now), 1);
    let id = "SELECT id || outcome FROM verifications WHERE month = '2026-11'";
    assert_eq!(one::<String>(&a, id), one::<String>(&b, id));
    for p in [&a, &b] {
        verified(p);
    }
}

#[test]
fn sync_cli_over_https_with_a_self_signed_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, &cert).unwrap();
    std::fs::write(&key_path, &key).unwrap();
    let Some(fx) = fixture_with(Setup {
        tls: Some((cert_path.clone(), key_path)),
        ..Setup::default()
    }) else {
        return;
    };
    assert!(fx.h.url().starts_with("https://"));
    let db = fx.laptop("https.db");
    let pilar = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
            .args(["--db", db.to_str().unwrap(), "--plaintext", "sync"])
            .args(args)
            .env("PILAR_TODAY", common::today().to_string())
            .env_remove("PILAR_LANG")
            .output()
            .unwrap()
    };
    // Without the certificate the secure connection is refused, with the reason.
    let code = fx.h.enroll_code("siti");
    let out = pilar(&["--server", &fx.h.url(), "--code", &code]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Sambungan aman"), "{err}");
    // With it: enrolled, restored, and a second run moves nothing.
    let out = pilar(&[
        "--server",
        &fx.h.url(),
        "--code",
        &code,
        "--ca",
        cert_path.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Terdaftar ke https://"), "{text}");
    assert!(text.contains("Diambil dari server"), "{text}");
    assert!(count(&db, "SELECT count(*) FROM households") > 0);
    let out = pilar(&[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Sudah sinkron"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    verified(&db);
}

#[test]
fn sync_a_lost_answer_a_restart_and_dropped_connections_lose_and_double_nothing() {
    let Some(mut fx) = fixture() else { return };
    let (a, _) = fx.enrol("a.db", "siti");
    let id = edit(&a, 0, "phone", "081233334444");
    // The push reaches the server, its answer is lost.
    assert!(sync::push_and_lose_the_answer(&Store::open(&a).unwrap()).unwrap());
    let entries = fx.h.count("SELECT count(*) FROM caseload_log");
    let seq =
        fx.h.count("SELECT coalesce(sum(seq), 0)::bigint FROM caseloads");
    assert!(
        Store::open(&a)
            .unwrap()
            .sync_state()
            .unwrap()
            .pending_push
            .is_some()
    );
    // The server restarts and its PostgreSQL connections are cut before the re-run.
    fx.h.restart();
    fx.h.terminate_connections();
    let r = synced(&a);
    assert!(r.pushed_entries >= 1, "the stored answer was taken: {r:?}");
    assert_eq!(
        fx.h.count("SELECT count(*) FROM caseload_log"),
        entries,
        "sent once"
    );
    assert_eq!(
        fx.h.count("SELECT coalesce(sum(seq), 0)::bigint FROM caseloads"),
        seq
    );
    let state = Store::open(&a).unwrap().sync_state().unwrap();
    assert!(state.pending_push.is_none());
    assert_eq!(Store::open(&a).unwrap().sync_unsent().unwrap(), 0);
    assert!(!synced(&a).moved());
    // A second laptop sees the change exactly once.
    let (b, _) = fx.enrol("b.db", "siti");
    assert_eq!(field(&b, &id, "phone"), "081233334444");
    assert_eq!(
        count(
            &b,
            "SELECT count(*) FROM change_log WHERE new_value = '081233334444'"
        ),
        1
    );
    verified(&a);
    verified(&b);
}

#[test]
fn sync_refuses_a_laptop_whose_history_was_rewritten() {
    let Some(fx) = fixture() else { return };
    let (a, _) = fx.enrol("a.db", "siti");
    edit(&a, 0, "phone", "081200000001");
    synced(&a);
    // A copy kept here, then two more days of work and syncs.
    let backup = fx.laptop("a-backup.db");
    std::fs::copy(&a, &backup).unwrap();
    edit(&a, 1, "phone", "081200000002");
    synced(&a);
    edit(&a, 2, "phone", "081200000003");
    synced(&a);
    // The old copy comes back in place of the laptop's file.
    std::fs::copy(&backup, &a).unwrap();
    let _ = std::fs::remove_file(a.with_extension("db-wal"));
    edit(&a, 3, "phone", "081200000004");
    let history = count(&a, "SELECT count(*) FROM change_log");
    let server = fx.h.count("SELECT count(*) FROM caseload_log");
    let store = Store::open(&a).unwrap();
    let err = sync::run(&store, &Options::default()).unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::HistoryRewritten));
    let msg = err.message(Lang::Id, &a);
    assert!(msg.contains("Riwayat di laptop ini"), "{msg}");
    drop(store);
    assert_eq!(
        count(&a, "SELECT count(*) FROM change_log"),
        history,
        "nothing merged"
    );
    assert_eq!(fx.h.count("SELECT count(*) FROM caseload_log"), server);
}

#[test]
fn sync_bootstraps_a_laptop_that_holds_its_caseload_in_chunks() {
    // The server knows the workers only; siti's laptop holds her families (no history:
    // a demo), more rows than one push carries.
    let Some(h) = Harness::start_with(Setup {
        today: Some(common::today()),
        ..Setup::default()
    }) else {
        return;
    };
    let demo = common::demo_db(240, 2, 11);
    let snap = Snapshot::read(&Store::open(&demo.path).unwrap()).unwrap();
    let workers_only = Snapshot {
        workers: snap.workers.clone(),
        ..Snapshot::default()
    };
    let mut c = h.pg();
    h.block_on(pilar_server::load::load(
        &mut c,
        &workers_only,
        &LoadOptions {
            kab: Some("3324".into()),
            today: Some(common::today()),
        },
    ))
    .unwrap();
    let laptop = demo.dir.path().join("siti.db");
    std::fs::copy(&demo.path, &laptop).unwrap();
    let mine = "(SELECT id FROM households WHERE worker_id =
                  (SELECT id FROM workers WHERE login = 'siti'))";
    let rows = count(
        &laptop,
        &format!("SELECT count(*) FROM households WHERE id IN {mine}"),
    ) + count(
        &laptop,
        &format!("SELECT count(*) FROM members WHERE household_id IN {mine}"),
    ) + count(
        &laptop,
        &format!(
            "SELECT count(*) FROM activity_households WHERE activity_id IN
                 (SELECT id FROM activities WHERE household_id IN {mine}
                  OR (household_id IS NULL AND worker_id =
                      (SELECT id FROM workers WHERE login = 'siti')))"
        ),
    );
    assert!(rows > 2000, "more than one push: {rows}");
    let store = Store::open(&laptop).unwrap();
    let r = sync::run(
        &store,
        &Options {
            server: Some(h.url()),
            code: Some(h.enroll_code("siti")),
            login: Some("siti".into()),
            ..Options::default()
        },
    )
    .unwrap_or_else(|e| panic!("{}", e.message(Lang::En, &laptop)));
    assert!(r.pushed_rows as i64 >= rows, "{r:?}");
    assert!(r.quarantined.is_empty(), "{:?}", r.quarantined);
    assert_eq!(store.sync_unsent().unwrap(), 0);
    drop(store);
    assert_eq!(
        h.count("SELECT count(*) FROM households"),
        count(
            &laptop,
            &format!("SELECT count(*) FROM households WHERE id IN {mine}")
        )
    );
    assert!(!synced(&laptop).moved());
    // A new laptop gets the same families back.
    let fresh = demo.dir.path().join("fresh.db");
    let store = Store::open(&fresh).unwrap();
    sync::run(
        &store,
        &Options {
            server: Some(h.url()),
            code: Some(h.enroll_code("siti")),
            ..Options::default()
        },
    )
    .unwrap_or_else(|e| panic!("{}", e.message(Lang::En, &fresh)));
    drop(store);
    let siti = "(SELECT id FROM workers WHERE login = 'siti')";
    for (t, filter) in [
        ("households", format!("id IN {mine}")),
        ("members", format!("household_id IN {mine}")),
        (
            "activities",
            format!("household_id IN {mine} OR (household_id IS NULL AND worker_id = {siti})"),
        ),
    ] {
        let q = |p: &Path| count(p, &format!("SELECT count(*) FROM {t} WHERE {filter}"));
        assert_eq!(q(&fresh), q(&laptop), "{t}");
    }
    verified(&laptop);
    verified(&fresh);
}

/// The bottom line of the screen at 80x24.
fn status_line(app: &App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let theme = pilar::ui::Theme::new(true, false);
    t.draw(|f| pilar::ui::draw(f, app, &theme)).unwrap();
    let buf = t.backend().buffer();
    (0..80).map(|x| buf[(x, 23)].symbol()).collect()
}

#[test]
fn sync_from_the_tui_and_the_status_bar_shows_unsent_changes_and_the_last_sync() {
    let Some(fx) = fixture() else { return };
    let (a, _) = fx.enrol("a.db", "siti");
    let (b, _) = fx.enrol("b.db", "siti");
    let id = edit(&b, 0, "phone", "081255556666");
    let store = Store::open(&b).unwrap();
    let mut app = app_as(&store, "siti", Lang::Id);
    let line = status_line(&app);
    assert!(line.contains("belum terkirim 1 · sinkron "), "{line}");
    // `:sinkron` in B: the edit goes up (no shell thread here: it runs in place).
    keys(&mut app, &store, ":sinkron<enter>");
    assert!(!app.sync.running);
    let line = status_line(&app);
    assert!(line.contains("Sinkron selesai"), "{line}");
    keys(&mut app, &store, "j");
    let line = status_line(&app);
    assert!(line.contains("belum terkirim 0 · sinkron "), "{line}");
    drop(app);
    drop(store);
    // And in A the change comes down.
    let store = Store::open(&a).unwrap();
    let mut app = app_as(&store, "siti", Lang::En);
    keys(&mut app, &store, ":sync<enter>");
    assert_eq!(field(&a, &id, "phone"), "081255556666");
    keys(&mut app, &store, "j");
    let line = status_line(&app);
    assert!(line.contains("unsent 0 · synced "), "{line}");
    // The time of the last sync is today's clock: masked for the snapshot.
    let (hints, time) = line.trim_end().rsplit_once(' ').unwrap();
    assert_eq!(time.len(), 5, "{line}");
    insta::assert_snapshot!("sync_status_bar", format!("{hints} HH:MM"));
}

#[test]
fn sync_dirty_triggers_cover_every_column_and_only_changes_count() {
    // No server needed: the triggers and the outbox on a real file.
    let demo = common::demo_db(10, 1, 3);
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    for t in [
        "households",
        "members",
        "graduations",
        "activities",
        "referrals",
        "activity_households",
        "payments",
        "verifications",
    ] {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [format!("sync_dirty_{t}_update")],
                |r| r.get(0),
            )
            .unwrap();
        let mut stmt = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .unwrap();
        let columns: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for c in columns.iter().filter(|c| *c != "updated_at") {
            assert!(
                sql.contains(&format!("OLD.{c} IS NOT NEW.{c}")),
                "{t}.{c}: a new column must join its sync_dirty trigger (schema.rs)"
            );
        }
    }
    // Not enrolled: nothing is tracked.
    conn.execute("UPDATE households SET rt = '042'", [])
        .unwrap();
    assert_eq!(count(&demo.path, "SELECT count(*) FROM sync_dirty"), 0);
    // Enrolled (tracking on): a change marks its row, a save that changes nothing does not.
    conn.execute("UPDATE sync_state SET track = 1", []).unwrap();
    conn.execute("UPDATE members SET updated_at = 'x'", [])
        .unwrap();
    assert_eq!(count(&demo.path, "SELECT count(*) FROM sync_dirty"), 0);
    let id: String = one(&demo.path, "SELECT id FROM households LIMIT 1");
    conn.execute("UPDATE households SET rt = '043' WHERE id = ?1", [&id])
        .unwrap();
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM sync_dirty WHERE table_name = 'households'"
        ),
        1
    );
}
