//! The real binary saving records, drawing hostile text, and at home in old terminals.

use super::*;

/// "N/10" from the gauge line.
fn gauge_count(screen: &str) -> u32 {
    let line = screen.lines().nth(1).unwrap_or("");
    let at = line.find("/10").expect("gauge count on screen");
    line[..at]
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number before /10")
}

#[test]
fn real_binary_saves_a_visit_a_graduation_and_a_draft() {
    let demo = common::demo_db(462, 1, 1);
    let db = demo.path.to_str().unwrap();
    // Log a visit with `a`, the summary and Enter; quit; start again: it is in the log.
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("KPM aktif");
    s.send("a");
    s.wait_for("Catat kegiatan");
    s.send("Uji pty\r");
    s.wait_for("Tersimpan");
    s.send("q");
    assert!(s.wait_exit().success());
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("Uji pty");
    // Record a graduation: the gauge's count rises by one.
    let before = gauge_count(&s.screen());
    s.send("L");
    s.wait_for("Graduasi / keluar");
    s.send("Usaha stabil\r");
    // "... perlu asesmen", wrapped under the field at 80 columns.
    s.wait_for("mandiri perlu");
    s.send(" \t \r");
    s.wait_for("Graduasi tersimpan");
    s.wait_for(&format!("{}/10", before + 1));
    // A form half filled when the connection drops comes back as a draft.
    s.send("a");
    s.wait_for("Catat kegiatan");
    s.send("setengah jalan");
    s.wait_for("setengah jalan");
    let pid = s.child.process_id().unwrap();
    std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    s.wait_exit();
    s.assert_restored();
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("belum tersimpan");
    s.send("\r");
    s.wait_for("setengah jalan");
    // Esc asks first (something was typed), a second Esc discards.
    s.send("\x1b");
    s.wait_for("belum disimpan");
    s.send("\x1b");
    s.wait_for("KPM aktif");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn hostile_names_reach_the_terminal_as_inert_text() {
    let demo = common::demo_db(60, 1, 1);
    common::write_hostile_name(&demo.path);
    let db = demo.path.to_str().unwrap();
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("Evil");
    s.send("q");
    assert!(s.wait_exit().success());
    let raw = s.raw.lock().unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(
        !text.contains("\u{1b}]0;pwned"),
        "the window title was changed"
    );
    assert!(
        !text.contains('\u{202e}'),
        "a bidi override reached the terminal"
    );
    assert!(!text.contains("Evil\u{1b}"), "an escape followed the name");
}

#[test]
fn a_supervisor_opens_the_team_and_a_facilitators_caseload() {
    let demo = common::demo_db(300, 3, 1);
    let db = demo.path.to_str().unwrap();
    let mut s = Session::start(&["--db", db, "--lang", "en"], &[]);
    s.wait_for("Active households");
    s.send("3");
    s.wait_for("Team: 3 facilitators");
    s.wait_for("Whole team");
    s.wait_for("Graduations per month");
    s.send("j\r");
    s.wait_for(" › ");
    s.send("\x1b");
    s.wait_for("Team: 3 facilitators");
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

/// Issue 14 (adversarial test F3): an export to a terminal passes every value through the
/// neutraliser, so a name written into the database past pilar cannot retitle the window
/// or clear the screen.
#[test]
fn an_export_to_a_terminal_is_inert() {
    let demo = common::demo_db(20, 1, 1);
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "UPDATE households SET pengurus_name = ?1
             WHERE id = (SELECT id FROM households ORDER BY id LIMIT 1)",
            ["Jahat\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}Nama"],
        )
        .unwrap();
    let db = demo.path.to_str().unwrap();
    for format in ["csv", "json"] {
        let mut s = Session::start(
            &[
                "export",
                "--db",
                db,
                "--what",
                "households",
                "--format",
                format,
            ],
            &[],
        );
        assert!(s.wait_exit().success());
        let raw = s.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains("Jahat"), "{text}");
        assert!(
            !raw.contains(&0x1b),
            "{format}: an escape reached the terminal"
        );
        assert!(!text.contains('\u{202e}'), "{format}: a bidi override");
    }
}

/// Issue 14 (ecosystem review, finding 1): a paste is text, never keys. A spreadsheet cell
/// copied with its line break, then a `q`, pasted into the activity form: nothing is saved,
/// pilar keeps running, the summary holds the text. Bracketed paste is on while pilar
/// runs and off once it quits.
#[test]
fn a_paste_is_text_never_keys() {
    let demo = common::demo_db(60, 1, 1);
    let db = demo.path.to_str().unwrap();
    let activities = || common::count(&demo.path, "SELECT count(*) FROM activities");
    let before = activities();
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("KPM aktif");
    s.send("a");
    s.wait_for("Catat kegiatan");
    s.send("\x1b[200~Dikunjungi\nq\x1b[201~");
    s.wait_for("Dikunjungi q");
    thread::sleep(Duration::from_millis(300));
    assert!(s.child.try_wait().unwrap().is_none(), "pilar quit");
    assert_eq!(activities(), before, "the paste saved the form");
    assert!(
        s.screen().contains("Catat kegiatan"),
        "the form is still open"
    );
    // Esc asks first (text was pasted), Esc again discards; then quit.
    s.send("\x1b");
    s.wait_for("belum disimpan");
    s.send("\x1b");
    s.wait_for("KPM aktif");
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
    let raw = s.raw.lock().unwrap();
    let text = String::from_utf8_lossy(&raw);
    let on = text.find("\x1b[?2004h").expect("bracketed paste turned on");
    let off = text
        .rfind("\x1b[?2004l")
        .expect("bracketed paste turned off");
    assert!(on < off);
}

#[test]
fn ctrl_l_redraws_the_whole_screen_over_garbage() {
    let demo = common::demo_db(60, 1, 1);
    let db = demo.path.to_str().unwrap();
    let mut s = Session::start(&["--db", db], &[]);
    s.wait_for("KPM aktif");
    s.wait_for(" 1/");
    // What a `wall` message or line noise leaves on the terminal.
    s.parser
        .lock()
        .unwrap()
        .process(b"\x1b[3;3HBroadcast message from root: reboot\x1b[20;40HNOISE");
    assert!(s.screen().contains("Broadcast message"));
    s.send("\x0c");
    s.wait_gone("Broadcast message");
    s.wait_gone("NOISE");
    s.wait_for("KPM aktif");
    s.wait_for("Detail keluarga");
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_restores_the_screen() {
    let demo = common::demo_db(60, 1, 1);
    let db = demo.path.to_str().unwrap();
    // An interactive shell with job control, as a person has.
    let mut s = Session::spawn(
        "bash",
        &["--norc", "--noprofile", "-i"],
        &[("PS1", "shell$ ")],
    );
    s.wait_for("shell$ ");
    s.send(&format!("{} --db {db}\r", env!("CARGO_BIN_EXE_pilar")));
    s.wait_for("KPM aktif");
    s.wait_for(" 1/");
    s.send("j");
    s.wait_for(" 2/");
    s.send("\x1a");
    s.wait_for("Stopped");
    {
        let p = s.parser.lock().unwrap();
        assert!(!p.screen().alternate_screen(), "the shell's screen is back");
        assert!(!p.screen().hide_cursor(), "the shell has its cursor");
    }
    s.send("fg\r");
    s.wait_for("KPM aktif");
    s.wait_for(" 2/");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    // Keys work again, and quitting gives the shell back.
    s.send("j");
    s.wait_for(" 3/");
    s.send("q");
    s.wait_gone("KPM aktif");
    // The shell's earlier prompts are still on its screen (the command's and `fg`'s): wait
    // for the third, printed once pilar has ended, so `exit` goes to the shell and not to a
    // pilar still restoring the terminal (which made this test flaky).
    let deadline = Instant::now() + Duration::from_secs(20);
    while s.screen().matches("shell$ ").count() < 3 {
        assert!(
            Instant::now() < deadline,
            "no prompt after pilar ended; screen:\n{}",
            s.screen()
        );
        thread::sleep(Duration::from_millis(20));
    }
    s.send("exit\r");
    s.wait_exit();
}

/// Runs pilar under `term` through the list, a search, the help and the team-less
/// agenda, and returns every byte it wrote.
fn bytes_under(term: &str) -> Vec<u8> {
    let demo = common::demo_db(60, 1, 1);
    let db = demo.path.to_str().unwrap();
    let mut s = Session::start(&["--db", db], &[("TERM", term)]);
    s.wait_for("KPM aktif");
    s.wait_for(" 1/");
    s.send("/sit");
    s.wait_for("sit");
    s.send("\r?");
    s.wait_for("Bantuan");
    s.send("q2");
    s.wait_for("Agenda");
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_restored();
    s.raw.lock().unwrap().clone()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn old_terminals_get_only_ascii_and_the_classic_colours() {
    for term in ["vt100", "vt220", "dumb"] {
        let raw = bytes_under(term);
        if let Some(at) = raw.iter().position(|&b| b >= 0x80) {
            let from = at.saturating_sub(40);
            panic!(
                "TERM={term}: byte {:#x} at {at}: {:?}",
                raw[at],
                String::from_utf8_lossy(&raw[from..(at + 10).min(raw.len())])
            );
        }
        assert!(!contains(&raw, b"38;5;"), "TERM={term}: 256-colour codes");
        assert!(!contains(&raw, b"48;5;"), "TERM={term}: 256-colour codes");
        assert!(
            !contains(&raw, b"?2026"),
            "TERM={term}: synchronized output"
        );
        assert!(contains(&raw, b"+-"), "TERM={term}: ASCII borders");
    }
}

#[test]
fn the_linux_console_gets_the_classic_colours_and_its_box_drawing() {
    let raw = bytes_under("linux");
    assert!(!contains(&raw, b"38;5;"), "256-colour codes");
    assert!(!contains(&raw, b"48;5;"), "256-colour codes");
    // Colours are still there, as the classic codes (cyan selection, bold).
    assert!(contains(&raw, b"[46m") || contains(&raw, b";46m") || contains(&raw, b";46;"));
    assert!(contains(&raw, "╭".as_bytes()));
}

/// Long work shows one progress bar with the count and the time left on a terminal
/// (issue 12, item 5): `demo` and `verify` here; and nothing at all when standard error is
/// a pipe.
#[test]
fn long_work_shows_a_progress_bar_on_a_terminal_and_nothing_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    let mut s = Session::start(
        &["--db", db, "demo", "--no-open", "--households", "1200"],
        &[],
    );
    assert!(s.wait_exit().success(), "{}", s.screen());
    let screen = s.screen();
    assert!(screen.contains("Menulis demo ["), "{screen}");
    // The count grouped as elsewhere in Indonesian.
    assert!(screen.contains("1.200/1.200 (sisa"), "{screen}");
    // An export to a file shows one too (one to the terminal does not: the data would mix).
    let out = dir.path().join("members.csv");
    let mut s = Session::start(
        &[
            "--db",
            db,
            "--lang",
            "en",
            "export",
            "--what",
            "members",
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(s.wait_exit().success(), "{}", s.screen());
    assert!(s.screen().contains("Exporting "), "{}", s.screen());

    let other = dir.path().join("pipe.db");
    for args in [
        &[
            "--db",
            other.to_str().unwrap(),
            "demo",
            "--no-open",
            "--households",
            "300",
        ][..],
        &["--db", other.to_str().unwrap(), "verify"],
        &[
            "--db",
            other.to_str().unwrap(),
            "export",
            "--what",
            "members",
        ],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
            .args(args)
            .env("PILAR_TODAY", "2026-11-29")
            .env_remove("PILAR_LANG")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains('\r') && !err.contains('['),
            "{args:?}: {err:?}"
        );
        assert!(
            !err.contains("Menulis demo") && !err.contains("Memeriksa"),
            "{err:?}"
        );
    }
}
