//! The real binary in a pseudo-terminal at 80x24, used as a person would: it shows the four
//! panes, moves the selection, quits with status 0 and leaves the terminal restored; a
//! SIGHUP (dropped SSH connection) also restores the terminal.

#[path = "../common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

mod work;

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str], envs: &[(&str, &str)]) -> Session {
        Session::spawn(env!("CARGO_BIN_EXE_pilar"), args, envs)
    }

    fn spawn(program: &str, args: &[&str], envs: &[(&str, &str)]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("LANG", "C.UTF-8");
        cmd.env("TERM", "xterm-256color");
        cmd.env("PILAR_TODAY", "2026-11-29");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("PILAR_LANG");
        // The demo has overdue follow-ups: "Hari ini" would open first. The tests of the
        // dashboard start on it; the test of "Hari ini" at start sets it back on.
        cmd.env("PILAR_TODAY_AT_START", "tidak");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        {
            let parser = parser.clone();
            let raw = raw.clone();
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    parser.lock().unwrap().process(&buf[..n]);
                    raw.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
        }
        Session {
            parser,
            raw,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.screen().contains(needle) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("{needle:?} never appeared; screen:\n{}", self.screen());
    }

    /// Waits until `needle` is gone from the screen.
    fn wait_gone(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if !self.screen().contains(needle) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("{needle:?} never went away; screen:\n{}", self.screen());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain the last bytes.
                thread::sleep(Duration::from_millis(100));
                return status;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("pilar did not exit; screen:\n{}", self.screen());
    }

    fn assert_restored(&self) {
        let p = self.parser.lock().unwrap();
        assert!(
            !p.screen().alternate_screen(),
            "still in the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "cursor left hidden");
        let raw = self.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains("\x1b[?1049l"), "alternate screen never left");
        // Bracketed paste, once turned on, is off again at the end.
        if let Some(on) = text.rfind("\x1b[?2004h") {
            assert!(
                text.rfind("\x1b[?2004l").is_some_and(|off| off > on),
                "bracketed paste left on"
            );
        }
    }
}

/// Readable by its owner only, as pilar wants a key file (whatever the umask).
fn private(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn an_empty_typed_passphrase_is_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rahasia.db");
    {
        let store = pilar::store::Store::open_encrypted(&db, "rahasia-pertama").unwrap();
        store
            .add_worker("Siti", "siti", pilar::model::Role::Facilitator, 10, None)
            .unwrap();
    }
    // Opening: an empty passphrase says so, in the user's language, and asks again.
    let mut s = Session::start(&["verify", "--db", db.to_str().unwrap()], &[]);
    s.wait_for("Kata sandi basis data");
    s.send("\r");
    s.wait_for("tidak boleh kosong");
    s.send("rahasia-pertama\r");
    s.wait_for("utuh");
    assert!(s.wait_exit().success());
    assert!(!s.screen().contains("PRAGMA"), "no library message");
    // A new passphrase: the same.
    let mut s = Session::start(
        &["passwd", "--db", db.to_str().unwrap(), "--lang", "en"],
        &[],
    );
    s.wait_for("Database passphrase");
    s.send("rahasia-pertama\r");
    s.wait_for("New passphrase");
    s.send("\r");
    s.wait_for("cannot be empty");
    s.send("rahasia-kedua\r");
    s.wait_for("Repeat");
    s.send("rahasia-kedua\r");
    s.wait_for("was changed");
    assert!(s.wait_exit().success());
    assert!(pilar::store::Store::open_encrypted(&db, "rahasia-kedua").is_ok());
}

#[test]
fn real_binary_shows_four_panes_moves_and_quits_cleanly() {
    let demo = common::demo_db(462, 1, 1);
    let db = demo.path.to_str().unwrap();
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("KPM aktif");
    for pane in [
        "Detail keluarga",
        "Kegiatan keluarga",
        "Graduasi 2026",
        "Bantuan",
    ] {
        s.wait_for(pane);
    }
    s.wait_for(" 1/");
    s.send("j");
    s.wait_for(" 2/");
    s.send("jj");
    s.wait_for(" 4/");
    s.send("k");
    s.wait_for(" 3/");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();
}

#[test]
fn today_opens_at_start_when_something_is_overdue_and_enter_opens_the_visit_form() {
    let demo = common::demo_db(462, 1, 1);
    let db = demo.path.to_str().unwrap();
    // As pilar runs without the setting: "Hari ini" opens first (the demo has overdue
    // follow-ups).
    let mut s = Session::start(&["--db", db], &[("PILAR_TODAY_AT_START", "")]);
    s.wait_for("Hari ini, Minggu, 29 November 2026");
    s.wait_for("TL terlambat");
    s.send("\r");
    s.wait_for("Catat kegiatan: ");
    s.send("\x1b");
    s.wait_gone("Catat kegiatan: ");
    // Esc back to the dashboard, `4` to the list again.
    s.send("\x1b");
    s.wait_for("KPM aktif");
    s.send("4");
    s.wait_for("Hari ini, Minggu");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();
}

#[test]
fn english_and_ascii_on_request() {
    let demo = common::demo_db(60, 1, 1);
    let db = demo.path.to_str().unwrap();
    let mut s = Session::start(
        &["--db", db, "--lang", "en", "--ascii"],
        &[("NO_COLOR", "1")],
    );
    s.wait_for("Active households");
    s.wait_for("+-");
    s.send("\x03");
    let status = s.wait_exit();
    assert!(status.success());
    s.assert_restored();
}

#[test]
fn sighup_restores_the_terminal() {
    let demo = common::demo_db(60, 1, 1);
    let db = demo.path.to_str().unwrap();
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("KPM aktif");
    let pid = s.child.process_id().unwrap();
    let ok = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let status = s.wait_exit();
    assert!(!status.success(), "a hang-up is not a normal quit");
    s.assert_restored();
}

#[test]
fn idle_screen_writes_nothing() {
    let demo = common::demo_db(60, 1, 1);
    let db = demo.path.to_str().unwrap();
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("KPM aktif");
    thread::sleep(Duration::from_millis(300));
    let before = s.raw.lock().unwrap().len();
    thread::sleep(Duration::from_millis(1500));
    let after = s.raw.lock().unwrap().len();
    assert_eq!(before, after, "pilar wrote to the terminal while idle");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn unknown_database_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, vec![b'x'; 4096]).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Without SQLite's header the file may be encrypted: with a passphrase that does not
    // open it, pilar says so in the user's language, and leaves the file alone.
    let key = dir.path().join("key");
    std::fs::write(&key, "bukan-kunci\n").unwrap();
    private(&key);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(["--db", bad.to_str().unwrap(), "--lang", "en"])
        .env("PILAR_KEY_FILE", &key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not open"), "{err}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(["--db", bad.to_str().unwrap()])
        .env_remove("PILAR_LANG")
        .env("PILAR_KEY_FILE", &key)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tidak membuka"), "{err}");
    assert_eq!(std::fs::read(&bad).unwrap(), vec![b'x'; 4096]);
}

#[test]
fn init_creates_an_encrypted_database_and_passwd_changes_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pilar.db");
    let key = dir.path().join("key");
    let new_key = dir.path().join("new-key");
    std::fs::write(&key, "rahasia-pertama\n").unwrap();
    std::fs::write(&new_key, "rahasia-kedua\n").unwrap();
    private(&key);
    private(&new_key);
    let run = |args: &[&str], key: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
            .args(args)
            .args(["--db", db.to_str().unwrap(), "--lang", "en"])
            .env("PILAR_KEY_FILE", key)
            .env("PILAR_NEW_KEY_FILE", &new_key)
            .output()
            .unwrap()
    };
    let out = run(&["init"], &key);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
    assert!(run(&["verify"], &key).status.success());
    let wrong = run(&["verify"], &new_key);
    assert_eq!(wrong.status.code(), Some(1));
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert!(err.contains("does not open"), "{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "one clear message, no library noise: {err}"
    );
    let out = run(&["passwd"], &key);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        run(&["verify"], &new_key).status.success(),
        "the new passphrase opens it"
    );
    assert_eq!(
        run(&["verify"], &key).status.code(),
        Some(1),
        "the old one no longer does"
    );
    // init never overwrites.
    assert_eq!(run(&["init"], &key).status.code(), Some(1));
}

#[test]
fn demo_refuses_to_overwrite_a_real_database() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.db");
    {
        let store = pilar::store::Store::open(&real).unwrap();
        store
            .add_worker("Siti", "siti", pilar::model::Role::Facilitator, 10, None)
            .unwrap();
    }
    let before = std::fs::read(&real).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args([
            "demo",
            "--db",
            real.to_str().unwrap(),
            "--no-open",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a demo"));
    assert_eq!(std::fs::read(&real).unwrap(), before);

    // A demo file may be replaced by a new demo.
    let demo = dir.path().join("demo.db");
    for _ in 0..2 {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
            .args([
                "demo",
                "--db",
                demo.to_str().unwrap(),
                "--no-open",
                "--households",
                "30",
            ])
            .env("PILAR_TODAY", "2026-11-29")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(pilar::store::Store::peek_is_demo(&demo).unwrap());
}

#[test]
fn demo_asks_on_the_terminal_before_replacing_a_persons_entries() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.db");
    let args = [
        "demo",
        "--db",
        demo.to_str().unwrap(),
        "--no-open",
        "--lang",
        "en",
    ];
    assert!(Session::start(&args, &[]).wait_exit().success());
    {
        // A person logs a note in it.
        let store = pilar::store::Store::open(&demo).unwrap();
        let siti = store.worker_by_login("siti").unwrap().unwrap();
        let q = pilar::model::ListQuery::caseload(
            pilar::model::Scope::Worker(siti.id.clone()),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        );
        let hh = store.household_window(&q, 0, 1).unwrap()[0].id.clone();
        store.log_reveal(&siti.id, &hh).unwrap();
    }
    let entries = || {
        rusqlite::Connection::open(&demo)
            .unwrap()
            .query_row("SELECT count(*) FROM change_log", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
    };
    // No: the old demo stays.
    let mut s = Session::start(&args, &[]);
    s.wait_for("Replace it with a new demo?");
    s.send("n\r");
    s.wait_for("was kept");
    assert!(!s.wait_exit().success());
    assert_eq!(entries(), 1);
    // Yes: replaced.
    let mut s = Session::start(&args, &[]);
    s.wait_for("Replace it with a new demo?");
    s.send("y\r");
    s.wait_for("written to");
    assert!(s.wait_exit().success());
    assert_eq!(entries(), 0);
}
