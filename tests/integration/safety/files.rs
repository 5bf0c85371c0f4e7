//! Files at the database path: empty files, failed init, key files, passwd and demo refusing a file in use or a disk too small.

use super::history::{demo_with_history, unguarded};
use super::*;

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
