//! The file's safety under other sessions and odd places (issue 14, sections 1 and 7): a
//! busy file waits instead of failing, read-only places open read-only and leave nothing
//! behind, an empty file is not silently made a plaintext database, a file in use is not
//! replaced or rekeyed, and `pilar verify` sees a history shortened or bypassed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use crate::common;

use common::{demo_db, today};
use pilar::domain::activity::ActivityKind;
use pilar::model::{ListQuery, NewActivity, Scope};
use pilar::store::Store;
use rusqlite::Connection;

/// A home visit to `household`, as the activity form saves it.
fn visit(household: &str, summary: &str) -> NewActivity {
    NewActivity {
        households: vec![(household.to_string(), true)],
        kind: ActivityKind::Kunjungan,
        date: today(),
        summary: summary.into(),
        detail: String::new(),
        follow_up: None,
        group_name: String::new(),
        place: String::new(),
        p2k2_module: None,
        p2k2_session: None,
    }
}

/// The demo's facilitator and the first household of their caseload.
fn siti_and_household(store: &Store) -> (String, String) {
    let me = store.worker_by_login("siti").unwrap().unwrap();
    let q = ListQuery::caseload(Scope::Worker(me.id.clone()), today());
    let hh = store.household_window(&q, 0, 1).unwrap()[0].id.clone();
    (me.id, hh)
}

#[test]
fn a_save_waits_for_another_sessions_write_instead_of_failing() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = siti_and_household(&store);
    // Another session takes the write lock and keeps it for a second.
    let (held, wait_held) = mpsc::channel();
    let path = demo.path.clone();
    let holder = thread::spawn(move || {
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch(
                "BEGIN IMMEDIATE;
                 INSERT INTO meta (key, value) VALUES ('other session', '1');",
            )
            .unwrap();
        held.send(()).unwrap();
        thread::sleep(Duration::from_millis(1000));
        other.execute_batch("COMMIT").unwrap();
    });
    wait_held.recv().unwrap();
    let started = Instant::now();
    let saved = store.add_activity(&me, &visit(&hh, "Kunjungan saat sesi lain menulis"));
    let waited = started.elapsed();
    holder.join().unwrap();
    assert!(saved.is_ok(), "the save failed at once: {:?}", saved.err());
    assert!(
        waited >= Duration::from_millis(800),
        "it waited for the other write ({waited:?})"
    );
    assert!(store.verify().unwrap().ok());
}

#[test]
fn saves_succeed_while_another_session_writes_in_a_tight_loop() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = siti_and_household(&store);
    // Another session commits again and again, holding the write lock most of the time
    // (the adversarial test's F12: 40 of 40 saves failed at once).
    let stop = Arc::new(AtomicBool::new(false));
    let (started_tx, started) = mpsc::channel();
    let writer = {
        let stop = stop.clone();
        let path = demo.path.clone();
        thread::spawn(move || {
            let other = Connection::open(&path).unwrap();
            other.busy_timeout(Duration::from_secs(5)).unwrap();
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                other.execute_batch("BEGIN IMMEDIATE").unwrap();
                other
                    .execute(
                        "INSERT INTO meta (key, value) VALUES ('load', ?1)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [i.to_string()],
                    )
                    .unwrap();
                if i == 0 {
                    started_tx.send(()).unwrap();
                }
                thread::sleep(Duration::from_millis(4));
                other.execute_batch("COMMIT").unwrap();
                thread::sleep(Duration::from_millis(1));
                i += 1;
            }
            i
        })
    };
    started.recv().unwrap();
    // 20 saves, a little apart as a person's are, all the while the other session writes.
    let mut failed = Vec::new();
    let n = 20;
    for i in 0..n {
        if let Err(e) = store.add_activity(&me, &visit(&hh, &format!("Kunjungan {i}"))) {
            failed.push(e.to_string());
        }
        thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, Ordering::Relaxed);
    let commits = writer.join().unwrap();
    assert!(
        failed.is_empty(),
        "{} of {n} saves failed: {failed:?}",
        failed.len()
    );
    assert!(commits >= 20, "the other session kept writing ({commits})");
    assert!(store.verify().unwrap().ok());
}

fn exists(path: &std::path::Path, suffix: &str) -> bool {
    pilar::store::access::sidecar_path(path, suffix).exists()
}

fn chmod(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// A demo database written once by pilar (so it is in WAL mode, as every used file is).
fn used_demo() -> common::Demo {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = siti_and_household(&store);
    store
        .add_activity(&me, &visit(&hh, "Kunjungan awal"))
        .unwrap();
    drop(store);
    demo
}

#[test]
fn a_file_that_cannot_be_written_opens_read_only_and_leaves_nothing_beside_it() {
    let demo = used_demo();
    assert!(!exists(&demo.path, "-wal") && !exists(&demo.path, "-shm"));
    chmod(&demo.path, 0o400);
    let before = std::fs::read(&demo.path).unwrap();
    {
        let store = Store::open(&demo.path).unwrap();
        assert!(store.read_only());
        let (_, hh) = siti_and_household(&store);
        assert!(!hh.is_empty());
        assert!(store.verify().unwrap().ok());
    }
    assert!(
        !exists(&demo.path, "-wal") && !exists(&demo.path, "-shm"),
        "a read-only session leaves no -wal or -shm (they would keep the file's 0400)"
    );
    assert!(
        std::fs::read(&demo.path).unwrap() == before,
        "the file changed"
    );
    // Made writable again, it is written as before.
    chmod(&demo.path, 0o600);
    let store = Store::open(&demo.path).unwrap();
    assert!(!store.read_only());
    let (me, hh) = siti_and_household(&store);
    store
        .add_activity(&me, &visit(&hh, "Kunjungan lagi"))
        .unwrap();
}

/// Runs `script` in a private mount namespace (`unshare -m`), where it may mount without
/// touching the machine; None when this machine does not allow that (not root, no
/// `unshare`), so the caller can say what it could not test.
fn in_mount_namespace(script: &str) -> Option<std::process::Output> {
    let probe = std::process::Command::new("unshare")
        .args(["-m", "true"])
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    Some(
        std::process::Command::new("unshare")
            .args(["-m", "sh", "-ec", script])
            .env_remove("PILAR_LANG")
            .env("PILAR_TODAY", "2026-11-29")
            .output()
            .unwrap(),
    )
}

#[test]
fn a_database_on_a_read_only_file_system_opens_read_only() {
    let demo = used_demo();
    let dir = demo.dir.path();
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).unwrap();
    let before = std::fs::read(&demo.path).unwrap();
    let bin = env!("CARGO_BIN_EXE_pilar");
    let script = format!(
        "mount --bind {dir} {ro}; mount -o remount,ro,bind {ro}
         {bin} verify --db {ro}/demo.db
         {bin} export --what households --format csv --db {ro}/demo.db | head -c 0
         {bin} report --db {ro}/demo.db --lang en",
        dir = dir.display(),
        ro = ro.display(),
    );
    let Some(out) = in_mount_namespace(&script) else {
        eprintln!("skipped: this machine does not allow a private mount namespace");
        return;
    };
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("utuh"), "{}", text(&out.stdout));
    assert!(!exists(&demo.path, "-wal") && !exists(&demo.path, "-shm"));
    assert!(
        std::fs::read(&demo.path).unwrap() == before,
        "the file changed"
    );
}

/// Runs pilar as the unprivileged user 65534 (`setpriv`); None unless this test runs as
/// root with `setpriv` at hand.
fn as_nobody(args: &[&str]) -> Option<std::process::Output> {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| text(&o.stdout).trim() == "0");
    if !root {
        return None;
    }
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_pilar"))
        .args(args)
        .env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env("PILAR_TODAY", "2026-11-29")
        .output()
        .ok()?;
    Some(out)
}

#[test]
fn a_database_in_a_folder_the_user_cannot_write_opens_read_only() {
    let demo = used_demo();
    // Another user's folder (0755) holding a file they may read (0644).
    chmod(demo.dir.path(), 0o755);
    chmod(&demo.path, 0o644);
    let before = std::fs::read(&demo.path).unwrap();
    let db = demo.path.to_str().unwrap();
    let Some(out) = as_nobody(&["export", "--what", "households", "--db", db]) else {
        eprintln!("skipped: not root, or no setpriv, so no other user to run as");
        return;
    };
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).lines().count() > 10);
    let out = as_nobody(&["verify", "--db", db]).unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!exists(&demo.path, "-wal") && !exists(&demo.path, "-shm"));
    assert!(
        std::fs::read(&demo.path).unwrap() == before,
        "the file changed"
    );
}

/// The folder and the file belong to user 65534, as a facilitator's own files do.
fn give_to_nobody(demo: &common::Demo) {
    for p in [demo.dir.path(), demo.path.as_path()] {
        std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
    }
}

#[test]
fn after_a_read_only_session_the_file_is_writable_again_once_chmod_600() {
    // The adversarial test's 6.8, as the file's owner (not root, whom no mode stops).
    let demo = used_demo();
    give_to_nobody(&demo);
    chmod(&demo.path, 0o400);
    let db = demo.path.to_str().unwrap();
    let Some(out) = as_nobody(&["export", "--what", "households", "--db", db]) else {
        eprintln!("skipped: not root, or no setpriv, so no other user to run as");
        return;
    };
    assert!(out.status.success(), "{}", text(&out.stderr));
    chmod(&demo.path, 0o600);
    let out = as_nobody(&["crash-writer", "--count", "1", "--db", db]).unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().count(),
        1,
        "one save acknowledged"
    );
}

#[test]
fn read_only_sidecars_an_older_pilar_left_are_made_writable_again() {
    let demo = used_demo();
    give_to_nobody(&demo);
    // What an older pilar's read-only session left: the file's 0400 on -wal and -shm.
    for suffix in ["-wal", "-shm"] {
        let p = pilar::store::access::sidecar_path(&demo.path, suffix);
        std::fs::write(&p, b"").unwrap();
        std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
        chmod(&p, 0o400);
    }
    let db = demo.path.to_str().unwrap();
    let Some(out) = as_nobody(&["crash-writer", "--count", "1", "--db", db]) else {
        eprintln!("skipped: not root, or no setpriv, so no other user to run as");
        return;
    };
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().count(),
        1,
        "one save acknowledged"
    );
}

fn pilar_bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"));
    c.env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env_remove("PILAR_KEY_FILE")
        .env_remove("PILAR_NEW_KEY_FILE")
        .env("PILAR_TODAY", "2026-11-29");
    c
}

fn run(args: &[&str]) -> std::process::Output {
    pilar_bin().args(args).output().unwrap()
}

/// The file with the history's guard triggers dropped, as someone tampering with it would.
fn unguarded(path: &std::path::Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER change_log_no_update;
         DROP TRIGGER change_log_no_delete;",
    )
    .unwrap();
    conn
}

/// A demo with three activities saved through the store, so the history has entries.
fn demo_with_history() -> (common::Demo, String, String) {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = siti_and_household(&store);
    for summary in ["Kunjungan satu", "Kunjungan dua", "Kunjungan tiga"] {
        store.add_activity(&me, &visit(&hh, summary)).unwrap();
    }
    (demo, me, hh)
}

/// The head `pilar verify` prints: the `SEQ:HASH` on its head line.
fn printed_head(stdout: &str) -> String {
    stdout
        .split_whitespace()
        .find(|w| {
            w.split_once(':')
                .is_some_and(|(s, h)| s.parse::<u64>().is_ok() && h.len() == 64)
        })
        .unwrap_or_else(|| panic!("no head in {stdout}"))
        .trim_end_matches(['.', ',', ')'])
        .to_string()
}

#[test]
fn verify_prints_the_head_and_checks_an_expected_one() {
    let (demo, me, hh) = demo_with_history();
    let db = demo.path.to_str().unwrap();
    let out = run(&["verify", "--db", db, "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let head = printed_head(&text(&out.stdout));
    let (seq, hash) = head.split_once(':').unwrap();
    let last: (i64, String) = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((seq.parse::<i64>().unwrap(), hash.to_string()), last);
    // Later saves keep reaching it.
    let store = Store::open(&demo.path).unwrap();
    store
        .add_activity(&me, &visit(&hh, "Kunjungan empat"))
        .unwrap();
    drop(store);
    let out = run(&["verify", "--db", db, "--expect", &head, "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(&head));
    // Another hash at that number, or a number the history no longer has: status 1.
    let wrong = format!("{seq}:{}", "0".repeat(64));
    let out = run(&["verify", "--db", db, "--expect", &wrong]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let conn = unguarded(&demo.path);
    conn.execute("DELETE FROM change_log WHERE seq >= ?1", [seq])
        .unwrap();
    conn.execute(
        "UPDATE meta SET value = (SELECT seq || ':' || hash FROM change_log
                                  ORDER BY seq DESC LIMIT 1) WHERE key = 'chain_head'",
        [],
    )
    .unwrap();
    conn.execute_batch(
        "CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;",
    )
    .unwrap();
    drop(conn);
    // Shortened with care (head and triggers put back): only the expected head tells.
    let out = run(&["verify", "--db", db]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let out = run(&["verify", "--db", db, "--expect", &head, "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("no longer reaches"),
        "{}",
        text(&out.stdout)
    );
    // Not SEQ:HASH at all: a bad argument (status 2), said in the user's language.
    let out = run(&["verify", "--db", db, "--expect", "kemarin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("kemarin"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn verify_finds_a_history_shortened_at_its_end() {
    let (demo, _, _) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    assert!(store.verify().unwrap().ok());
    let conn = unguarded(&demo.path);
    // Triggers dropped alone: verify says so.
    assert!(!store.verify().unwrap().ok());
    conn.execute(
        "DELETE FROM change_log WHERE seq = (SELECT max(seq) FROM change_log)",
        [],
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert!(!v.ok(), "{v:?}");
    assert!(
        matches!(
            v.head_check,
            pilar::store::chain::HeadCheck::Shortened { .. }
        ),
        "{v:?}"
    );
    conn.execute("DELETE FROM change_log", []).unwrap();
    let v = store.verify().unwrap();
    assert!(
        matches!(
            v.head_check,
            pilar::store::chain::HeadCheck::Shortened { last: None, .. }
        ),
        "{v:?}"
    );
    // And the command line says so, with status 1.
    let out = run(&[
        "verify",
        "--db",
        demo.path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("removed"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn verify_finds_guard_triggers_dropped_or_altered() {
    let (demo, _, _) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    let conn = Connection::open(&demo.path).unwrap();
    conn.execute_batch("DROP TRIGGER change_log_no_delete;")
        .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.missing_triggers, vec!["change_log_no_delete"], "{v:?}");
    // A trigger of the same name that no longer refuses anything.
    conn.execute_batch(
        "CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
         BEGIN SELECT 1; END;",
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.missing_triggers, vec!["change_log_no_delete"], "{v:?}");
    let out = run(&[
        "verify",
        "--db",
        demo.path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("change_log_no_delete"),
        "{}",
        text(&out.stdout)
    );
}

/// A new household with two members, saved through the store (so its fields have history).
fn new_household(store: &Store, me: &str) -> String {
    use pilar::domain::Sex;
    use pilar::model::{HouseholdInput, MemberInput, Relation};
    let member = |nik: &str, name: &str, relation| MemberInput {
        id: None,
        nik: nik.into(),
        name: name.into(),
        sex: Sex::Female,
        birth_date: None,
        relation,
        component: None,
        pregnancy: Default::default(),
    };
    store
        .save_household(
            me,
            &HouseholdInput {
                id: None,
                expected_updated_at: None,
                fields: pilar::model::HouseholdFields {
                    no_kk: "3324010101260001".into(),
                    address: "Jl. Melati 1".into(),
                    rt: "001".into(),
                    rw: "002".into(),
                    village: "Curugsewu".into(),
                    desil: Some(2),
                    year_joined: Some(2019),
                    ..Default::default()
                },
                members: vec![
                    member("3324014101900001", "Sri Lestari", Relation::KepalaKeluarga),
                    member("3324014101100002", "Dewi Lestari", Relation::Anak),
                ],
            },
        )
        .unwrap()
        .unwrap()
}

#[test]
fn verify_finds_rows_changed_or_deleted_behind_the_history() {
    let (demo, me, _) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    let hid = new_household(&store, &me);
    assert!(store.verify().unwrap().ok());
    let conn = Connection::open(&demo.path).unwrap();
    // A household edited without history (the adversarial test's T08).
    conn.execute("UPDATE households SET desil = 9 WHERE id = ?1", [&hid])
        .unwrap();
    let v = store.verify().unwrap();
    assert!(!v.ok());
    assert_eq!(v.mismatch_count, 1, "{v:?}");
    let m = &v.mismatches[0];
    assert_eq!(
        (m.table.as_str(), m.record.as_str(), m.field.as_deref()),
        ("households", hid.as_str(), Some("desil"))
    );
    // Fields without history (the demo's own rows, status_date) are not checked.
    conn.execute_batch(
        "UPDATE households SET desil = 10, status_date = '2020-01-01'
         WHERE id <> (SELECT id FROM households ORDER BY created_at DESC LIMIT 1);",
    )
    .unwrap();
    assert_eq!(store.verify().unwrap().mismatch_count, 1);
    // A member row deleted (T14) and an activity's summary changed.
    let member: String = conn
        .query_row(
            "SELECT id FROM members WHERE household_id = ?1 AND name = 'Dewi Lestari'",
            [&hid],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute("DELETE FROM members WHERE id = ?1", [&member])
        .unwrap();
    conn.execute(
        "UPDATE activities SET summary = 'Kunjungan palsu' WHERE summary = 'Kunjungan dua'",
        [],
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.mismatch_count, 3, "{v:?}");
    assert!(
        v.mismatches
            .iter()
            .any(|m| m.table == "members" && m.record == member && m.field.is_none()),
        "{v:?}"
    );
    assert!(
        v.mismatches
            .iter()
            .any(|m| m.table == "activities" && m.field.as_deref() == Some("summary")),
        "{v:?}"
    );
    // The command line names table, record and field, and exits 1.
    let out = run(&[
        "verify",
        "--db",
        demo.path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&hid) && stdout.contains("desil"),
        "{stdout}"
    );
    assert!(stdout.contains(&member), "{stdout}");
    // A field with an open merge conflict is not checked: the merge kept ours while their
    // later entry joined the history.
    conn.execute(
        "INSERT INTO merge_conflicts (id, table_name, record_id, household_id, field, ours,
             theirs, source, created_at, updated_at, author_id)
         VALUES ('c1', 'households', ?1, ?1, 'desil', '9', '2', 'laptop.db',
                 '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z', ?2)",
        [&hid, &me],
    )
    .unwrap();
    assert_eq!(store.verify().unwrap().mismatch_count, 2);
}

#[test]
fn verify_never_writes_to_the_file() {
    // A file of the previous schema version (2): verify reads it as it is.
    let (demo, _, _) = demo_with_history();
    let conn = Connection::open(&demo.path).unwrap();
    conn.execute_batch(
        "DROP INDEX households_team; DROP INDEX activities_team; PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&demo.path).unwrap();
    let out = run(&["verify", "--db", demo.path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(std::fs::read(&demo.path).unwrap() == before, "verify wrote");
    assert_eq!(common::count(&demo.path, "PRAGMA user_version"), 2);
}

#[test]
fn verify_and_report_fail_cleanly_when_stdout_cannot_be_written() {
    let (demo, _, _) = demo_with_history();
    let db = demo.path.to_str().unwrap();
    for cmd in ["verify", "report"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = pilar_bin()
            .args([cmd, "--db", db, "--lang", "en"])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("Cannot write"),
            "{cmd}: {}",
            text(&out.stderr)
        );
        // A reader that went away (`| head`) is no error: quietly done.
        let mut child = pilar_bin()
            .args([cmd, "--db", db, "--lang", "en"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{cmd}: {}", text(&out.stderr));
    }
}

#[test]
fn verify_agrees_after_every_kind_of_save() {
    use pilar::domain::graduation::{ExitKind, Program, ReferralStatus};
    use pilar::model::{NewGraduation, NewReferral};
    let (demo, me, hh) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    let referral = NewReferral {
        household_id: hh.clone(),
        program: Program::Kube,
        agency: "Dinsos".into(),
        date: today(),
        status: ReferralStatus::Diusulkan,
        notes: String::new(),
    };
    let graduation = NewGraduation {
        household_id: hh.clone(),
        kind: ExitKind::SejahteraMandiri,
        date: today(),
        reason: "Usaha warung berjalan".into(),
        evidence: vec!["asesmen"],
        referral: Some(referral.clone()),
        monitoring_months: 12,
        monitoring_summary: "Pemantauan bulan ke-{}".into(),
    };
    store.record_graduation(&me, &graduation).unwrap();
    store.undo_graduation(&me, &hh, today()).unwrap();
    store.record_graduation(&me, &graduation).unwrap();
    store.add_referral(&me, &referral).unwrap();
    store.advance_referral(&me, &hh, false).unwrap();
    store.advance_referral(&me, &hh, true).unwrap();
    let follow_up = store
        .add_activity(
            &me,
            &NewActivity {
                follow_up: Some(today()),
                ..visit(&hh, "Cek dokumen")
            },
        )
        .unwrap();
    store
        .mark_follow_up_done(&me, &follow_up, today(), "Selesai: {}")
        .unwrap();
    store.log_reveal(&me, &hh).unwrap();
    // A new household, then edited: a field changed, a member renamed, one removed.
    let hid = new_household(&store, &me);
    let members: Vec<(String, String)> = {
        let conn = Connection::open(&demo.path).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, name FROM members WHERE household_id = ?1 ORDER BY name DESC")
            .unwrap();
        stmt.query_map([&hid], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(members.len(), 2);
    let updated_at: String = common::one(
        &demo.path,
        &format!("SELECT updated_at FROM households WHERE id = '{hid}'"),
    );
    let detail = store.household_detail(&hid).unwrap().unwrap();
    assert_eq!(detail.members.len(), 2);
    let edit = pilar::model::HouseholdInput {
        id: Some(hid.clone()),
        expected_updated_at: Some(updated_at),
        fields: pilar::model::HouseholdFields {
            no_kk: "3324010101260001".into(),
            address: "Jl. Melati 2".into(),
            rt: "001".into(),
            rw: "002".into(),
            village: "Curugsewu".into(),
            phone: "081234567890".into(),
            desil: Some(3),
            year_joined: Some(2019),
            has_business: true,
            business_desc: "Warung".into(),
            business_income: Some(1_500_000),
            ..Default::default()
        },
        members: vec![pilar::model::MemberInput {
            id: Some(members[0].0.clone()),
            nik: "3324014101900001".into(),
            name: "Sri Lestari Wati".into(),
            sex: pilar::domain::Sex::Female,
            birth_date: None,
            relation: pilar::model::Relation::KepalaKeluarga,
            component: None,
            pregnancy: Default::default(),
        }],
    };
    assert!(store.save_household(&me, &edit).unwrap().is_ok());
    let v = store.verify().unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.head_check, pilar::store::chain::HeadCheck::Agrees);
}

/// A file holding `text`, readable by its owner only (as a key file must be).
fn private_file(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    chmod(&p, 0o600);
    p
}

/// A households CSV with one family, to import.
fn households_csv(dir: &std::path::Path) -> std::path::PathBuf {
    use chrono::NaiveDate;
    use pilar::domain::Sex;
    use pilar::domain::nik::{compose_nik, compose_no_kk};
    let born = NaiveDate::from_ymd_opt(1985, 3, 12).unwrap();
    let nik = compose_nik(33, 24, 4, born, Sex::Female, 7);
    let kk = compose_no_kk(33, 24, 4, NaiveDate::from_ymd_opt(2020, 8, 10).unwrap(), 7);
    private_file(
        dir,
        "keluarga.csv",
        &format!("no_kk;nama;nik;desa\n{kk};Sri Rahasia;{nik};Curugsewu\n"),
    )
}

#[test]
fn an_empty_file_at_the_database_path_becomes_an_encrypted_database_when_a_key_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let db = private_file(dir.path(), "z.db", "");
    let key = private_file(dir.path(), "key", "kata-sandi-panjang\n");
    let csv = households_csv(dir.path());
    let out = pilar_bin()
        .args([
            "import",
            csv.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .env("PILAR_KEY_FILE", &key)
        .env("USER", "ani")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        pilar::store::is_encrypted(&db).unwrap(),
        "created encrypted"
    );
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.windows(11).any(|w| w == b"Sri Rahasia"));
    let store = Store::open_encrypted(&db, "kata-sandi-panjang").unwrap();
    assert!(store.verify().unwrap().ok());
}

#[test]
fn a_failed_init_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    let empty_key = private_file(dir.path(), "emptykey", "");
    let out = pilar_bin()
        .args(["init", "--db", db.to_str().unwrap()])
        .env("PILAR_KEY_FILE", &empty_key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!db.exists(), "a failed init left {}", db.display());
    // Whatever the reason a new database cannot be set up, the store removes the file it
    // created.
    assert!(Store::open_encrypted(&db, "").is_err());
    assert!(!db.exists());
    assert!(!exists(&db, "-wal") && !exists(&db, "-shm") && !exists(&db, "-journal"));
}

#[test]
fn verify_report_and_export_leave_an_empty_file_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = private_file(dir.path(), "kosong.db", "");
    let path = db.to_str().unwrap();
    for args in [
        vec!["verify", "--db", path],
        vec!["report", "--db", path],
        vec!["export", "--what", "households", "--db", path],
    ] {
        let out = pilar_bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            text(&out.stderr).contains("kosong"),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "{args:?} wrote");
    }
}

#[test]
fn key_files_other_users_can_read_or_shorter_than_8_characters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rahasia.db");
    drop(Store::open_encrypted(&db, "kata-sandi-panjang").unwrap());
    let before = std::fs::read(&db).unwrap();
    let good = private_file(dir.path(), "good", "kata-sandi-panjang\n");
    let shared = private_file(dir.path(), "shared", "kata-sandi-panjang\n");
    chmod(&shared, 0o644);
    let short = private_file(dir.path(), "short", "pendek\n");
    let pilar = |args: &[&str], key: &std::path::Path, new_key: Option<&std::path::Path>| {
        let mut c = pilar_bin();
        c.args(args).env("PILAR_KEY_FILE", key);
        if let Some(k) = new_key {
            c.env("PILAR_NEW_KEY_FILE", k);
        }
        c.output().unwrap()
    };
    let db_arg = db.to_str().unwrap();
    // Readable by others: refused with the reason and the fix, whatever it holds.
    let out = pilar(&["verify", "--db", db_arg, "--lang", "en"], &shared, None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("other users") && err.contains("chmod 600"),
        "{err}"
    );
    assert!(err.contains(shared.to_str().unwrap()), "{err}");
    // Too short, for a new database or a new passphrase.
    let new_db = dir.path().join("baru.db");
    let out = pilar(&["init", "--db", new_db.to_str().unwrap()], &short, None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("8 karakter"),
        "{}",
        text(&out.stderr)
    );
    assert!(!new_db.exists());
    for new_key in [&short, &shared] {
        let out = pilar(&["passwd", "--db", db_arg], &good, Some(new_key));
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    }
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the passphrase was not changed"
    );
    // The key file as it should be still works.
    assert!(
        pilar(&["verify", "--db", db_arg], &good, None)
            .status
            .success()
    );
}

#[test]
fn passwd_refuses_while_another_session_has_the_file_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rahasia.db");
    drop(Store::open_encrypted(&db, "kata-sandi-lama").unwrap());
    let old = private_file(dir.path(), "old", "kata-sandi-lama\n");
    let new = private_file(dir.path(), "new", "kata-sandi-baru\n");
    let passwd = || {
        pilar_bin()
            .args(["passwd", "--db", db.to_str().unwrap(), "--lang", "en"])
            .env("PILAR_KEY_FILE", &old)
            .env("PILAR_NEW_KEY_FILE", &new)
            .output()
            .unwrap()
    };
    // Another session (the screen, an import...) has it open.
    let session = Store::open_encrypted(&db, "kata-sandi-lama").unwrap();
    let out = passwd();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("open in another pilar session"),
        "{}",
        text(&out.stderr)
    );
    // That session goes on saving with the passphrase it opened with.
    session
        .add_worker("Siti", "siti", pilar::model::Role::Facilitator, 10, None)
        .unwrap();
    drop(session);
    assert!(Store::open_encrypted(&db, "kata-sandi-lama").is_ok());
    // Closed, the passphrase can be changed.
    let out = passwd();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(Store::open_encrypted(&db, "kata-sandi-baru").is_ok());
}

/// `pilar demo --no-open` on `path` (with more arguments), stdin not a terminal.
fn demo_cmd(path: &std::path::Path, more: &[&str]) -> std::process::Output {
    pilar_bin()
        .args([
            "demo",
            "--db",
            path.to_str().unwrap(),
            "--no-open",
            "--lang",
            "en",
        ])
        .args(["--households", "30"])
        .args(more)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[cfg(unix)]
fn inode(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[test]
fn demo_never_replaces_a_file_another_session_has_open() {
    let demo = demo_db(30, 1, 1);
    let session = Store::open(&demo.path).unwrap();
    let before = inode(&demo.path);
    let out = demo_cmd(&demo.path, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("open in another pilar session"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        inode(&demo.path),
        before,
        "the file in use was not replaced"
    );
    // The session still works on it.
    let (me, hh) = siti_and_household(&session);
    session
        .add_activity(&me, &visit(&hh, "Masih di sini"))
        .unwrap();
    drop(session);
    // Closed, it may be replaced (that visit was a person's entry: --replace says so).
    let out = demo_cmd(&demo.path, &["--replace"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_ne!(inode(&demo.path), before);
}

#[test]
fn demo_asks_before_replacing_a_demo_with_entries_a_person_made() {
    let demo = used_demo();
    let before = inode(&demo.path);
    // Not asked on a terminal: refused, naming the flag that forces it.
    let out = demo_cmd(&demo.path, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--replace"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(inode(&demo.path), before);
    assert!(common::count(&demo.path, "SELECT count(*) FROM change_log") > 0);
    let out = demo_cmd(&demo.path, &["--replace"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        common::count(&demo.path, "SELECT count(*) FROM change_log"),
        0
    );
}

/// Files in `dir` whose name holds `.tmp-` (a demo's scratch file).
fn scratch_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn demo_refuses_more_households_than_fit_and_leaves_no_scratch_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d2.db");
    let out = pilar_bin()
        .args([
            "demo",
            "--db",
            path.to_str().unwrap(),
            "--no-open",
            "--lang",
            "en",
        ])
        .args(["--households", "99999999999"])
        .output()
        .unwrap();
    // A bad value (issue 12): status 2.
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("2,000,000"),
        "states the maximum: {}",
        text(&out.stderr)
    );
    assert!(!path.exists());
    assert!(scratch_files(dir.path()).is_empty());
}

#[test]
fn demo_refuses_a_size_the_disk_cannot_hold() {
    // A 16 MB file system, in a private mount namespace.
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_pilar");
    let script = format!(
        "mount -t tmpfs -o size=16m none {dir}
         {bin} demo --db {dir}/d.db --no-open --households 100000 --lang en || echo status=$?
         ls -a {dir}",
        dir = dir.path().display(),
    );
    let Some(out) = in_mount_namespace(&script) else {
        eprintln!("skipped: this machine does not allow a private mount namespace");
        return;
    };
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("status=1"), "{stdout}{stderr}");
    assert!(stderr.contains("free"), "{stderr}");
    assert!(!stdout.contains("d.db"), "nothing written: {stdout}");
}

#[test]
fn a_demo_stopped_by_a_signal_leaves_no_scratch_file() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("besar.db");
    let mut child = pilar_bin()
        .args([
            "demo",
            "--db",
            path.to_str().unwrap(),
            "--no-open",
            "--lang",
            "en",
        ])
        .args(["--households", "30000"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while scratch_files(dir.path()).is_empty()
        && Instant::now() < deadline
        && child.try_wait().unwrap().is_none()
    {
        thread::sleep(Duration::from_millis(10));
    }
    if scratch_files(dir.path()).is_empty() {
        let out = child.wait_with_output().unwrap();
        let err = text(&out.stderr);
        if err.contains("is free in") {
            eprintln!("skipped: not enough disk for the demo ({err})");
            return;
        }
        panic!("generation never started: {err}");
    }
    thread::sleep(Duration::from_millis(200));
    // SIGTERM, as `kill` or a closing session sends.
    std::process::Command::new("kill")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        status.code() == Some(143) || status.signal().is_some(),
        "{status:?}"
    );
    assert_eq!(scratch_files(dir.path()), Vec::<String>::new());
    assert!(!path.exists());
}

#[test]
fn merging_a_laptop_file_that_cannot_be_written_leaves_nothing_beside_it() {
    let demo = used_demo();
    let laptop = demo.dir.path().join("laptop.db");
    std::fs::copy(&demo.path, &laptop).unwrap();
    chmod(&laptop, 0o400);
    let store = Store::open(&demo.path).unwrap();
    let me = store.worker_by_login("siti").unwrap().unwrap();
    let other = Store::open_other(&laptop, None).unwrap();
    let report = store.merge_from(&other, &me.id, "laptop.db").unwrap();
    assert!(!report.changed());
    drop(other);
    assert!(!exists(&laptop, "-wal") && !exists(&laptop, "-shm"));
}

#[test]
fn a_read_only_file_left_half_written_is_refused_not_read() {
    let demo = demo_db(300, 1, 1);
    let cut = demo.dir.path().join("cut.db");
    {
        // A write cut off in rollback-journal mode (a killed large import): its changed
        // pages are in the file, the old ones in the hot -journal beside it.
        let conn = Connection::open(&demo.path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = TRUNCATE; PRAGMA cache_size = 1; BEGIN;
             UPDATE households SET address = 'SETENGAH TERTULIS ' || address;",
        )
        .unwrap();
        std::fs::copy(&demo.path, &cut).unwrap();
        let journal = pilar::store::access::sidecar_path(&demo.path, "-journal");
        assert!(std::fs::metadata(&journal).unwrap().len() > 0);
        std::fs::copy(
            &journal,
            pilar::store::access::sidecar_path(&cut, "-journal"),
        )
        .unwrap();
        conn.execute_batch("ROLLBACK").unwrap();
    }
    assert!(
        std::fs::read(&cut)
            .unwrap()
            .windows(17)
            .any(|w| w == b"SETENGAH TERTULIS"),
        "the copy holds the half-written pages"
    );
    chmod(&cut, 0o400);
    let out = pilar_bin()
        .args([
            "export",
            "--what",
            "households",
            "--db",
            cut.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        !text(&out.stdout).contains("SETENGAH TERTULIS"),
        "a write that never committed was read"
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    // Said for what it is (not "malformed": nothing is damaged, it needs rolling back).
    assert!(
        text(&out.stderr).contains("setengah tertulis"),
        "{}",
        text(&out.stderr)
    );
    let out = pilar_bin()
        .args(["verify", "--db", cut.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("setengah tertulis"),
        "{}",
        text(&out.stderr)
    );
    // Writable again, a normal open rolls it back, and it is whole.
    chmod(&cut, 0o600);
    let store = Store::open(&cut).unwrap();
    assert!(store.verify().unwrap().ok());
    assert_eq!(
        common::count(
            &cut,
            "SELECT count(*) FROM households WHERE address LIKE 'SETENGAH%'"
        ),
        0
    );
}

#[test]
fn verify_finds_a_history_entrys_updated_at_edited() {
    // The adversarial test's T10: `updated_at` is not in the hash, but an entry is never
    // updated, so it must equal `created_at`.
    let (demo, _, _) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    assert!(store.verify().unwrap().ok());
    let conn = unguarded(&demo.path);
    conn.execute(
        "UPDATE change_log SET updated_at = '2030-01-01T00:00:00.000Z' WHERE seq = 2",
        [],
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.broken.as_ref().map(|b| b.0), Some(2), "{v:?}");
}
