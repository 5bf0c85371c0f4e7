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

mod files;
mod history;

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
