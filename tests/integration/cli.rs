//! The command line's habits (issue 12, items 3, 4 and 8) on the built binary: a closed
//! pipe ends quietly with status 0, a bad argument or environment value exits 2 with one
//! line naming it, an empty variable counts as unset, `--out -` is standard output, a
//! failing standard output is a message and no panic, `--user` ignores case, `--help` is in
//! the user's language, and `pilar completions` writes each shell's script.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use clap::CommandFactory;

use crate::common::demo_db;
use pilar::cli::Cli;
use pilar::cli::localize::arg_key;
use pilar::i18n::cli_help::CLI_HELP;
use pilar::store::Store;

fn pilar(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pilar"));
    c.env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env_remove("PILAR_KEY_FILE")
        .env_remove("PILAR_MONITORING_MONTHS")
        .env("PILAR_TODAY", "2026-11-29")
        .arg("--db")
        .arg(db)
        .stdin(Stdio::null());
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs `cmd` with its standard output a pipe whose reader is already closed, as
/// `| head` leaves it once it has its lines.
fn to_closed_pipe(cmd: &mut Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    cmd.stdout(writer).stderr(Stdio::piped()).output().unwrap()
}

#[test]
fn cli_a_closed_pipe_ends_quietly_with_status_0() {
    let demo = demo_db(40, 1, 1);
    for args in [
        &["export", "--what", "households"][..],
        &["export", "--what", "members", "--out", "-"],
        &["report"],
        &["verify"],
        &["completions", "bash"],
        &["--help"],
    ] {
        let out = to_closed_pipe(pilar(&demo.path).args(args));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stderr), "", "{args:?} says nothing");
    }
}

#[test]
fn cli_every_bad_argument_or_value_exits_2_with_one_line_naming_it() {
    let demo = demo_db(10, 1, 1);
    // (arguments, environment, what the line must name)
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 11] = [
        (
            &["demo", "--no-open", "--households", "3000000"],
            &[],
            "--households",
        ),
        (
            &["demo", "--no-open", "--workers", "30000"],
            &[],
            "--workers",
        ),
        (
            &["serve", "--pg", "host=/nonexistent", "--pool", "99"],
            &[],
            "--pool",
        ),
        (&["report", "--format", "xml"], &[], "--format"),
        (
            &["export", "--what", "households", "--format", "xlsx"],
            &[],
            "--out",
        ),
        (&["export", "--what", "nothing"], &[], "--what"),
        (&["report", "--year", "tahun"], &[], "--year"),
        (&["report"], &[("PILAR_TODAY", "30/11/2026")], "PILAR_TODAY"),
        (&["report", "--today", "kemarin"], &[], "--today"),
        (
            &["report"],
            &[("PILAR_MONITORING_MONTHS", "dua")],
            "PILAR_MONITORING_MONTHS",
        ),
        (&["report", "--bogus"], &[], "--bogus"),
    ];
    for (args, env, names) in cases {
        let out = pilar(&demo.path)
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} {env:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?} {env:?}: one line: {err}");
        assert!(err.contains(names), "{args:?} {env:?} names {names}: {err}");
        assert!(!err.contains("error:"), "in the user's language: {err}");
    }
    // A bad PILAR_LANG names the variable, in both languages (which one is unknown).
    let out = pilar(&demo.path)
        .arg("report")
        .env("PILAR_LANG", "jawa")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).lines().all(|l| l.contains("PILAR_LANG")));
}

#[test]
fn cli_an_empty_environment_variable_counts_as_unset() {
    let demo = demo_db(10, 1, 1);
    for var in [
        "PILAR_TODAY",
        "PILAR_LANG",
        "PILAR_MONITORING_MONTHS",
        "PILAR_DB",
    ] {
        let out = pilar(&demo.path)
            .arg("report")
            .env(var, "")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{var}=: {}", text(&out.stderr));
    }
    // PILAR_LANG= is Indonesian, the default.
    let out = pilar(&demo.path)
        .arg("--help")
        .env("PILAR_LANG", "")
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("Pemakaian:"));
}

#[test]
fn cli_out_dash_writes_to_standard_output() {
    let demo = demo_db(10, 1, 1);
    let dir = tempfile::tempdir().unwrap();
    let out = pilar(&demo.path)
        .current_dir(dir.path())
        .args(["export", "--what", "households", "--out", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("no_kk"), "{}", text(&out.stdout));
    assert!(!dir.path().join("-").exists(), "no file named -");
    // An xlsx may go to standard output sent to a file.
    let file = std::fs::File::create(dir.path().join("hh.xlsx")).unwrap();
    let out = pilar(&demo.path)
        .args([
            "export",
            "--what",
            "households",
            "--format",
            "xlsx",
            "--out",
            "-",
        ])
        .stdout(file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bytes = std::fs::read(dir.path().join("hh.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx (zip) file");
}

#[test]
fn cli_report_and_verify_never_panic_when_standard_output_fails() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let demo = demo_db(10, 1, 1);
    for args in [
        &["report"][..],
        &["verify"],
        &["export", "--what", "households"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = pilar(&demo.path).args(args).stdout(full).output().unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn cli_user_ignores_case_and_an_unknown_one_lists_the_known_logins() {
    let demo = demo_db(30, 2, 1);
    let logins: Vec<String> = Store::open(&demo.path)
        .unwrap()
        .workers()
        .unwrap()
        .into_iter()
        .map(|w| w.login)
        .collect();
    let upper = logins[0].to_uppercase();
    assert_ne!(upper, logins[0]);
    let out = pilar(&demo.path)
        .args(["--user", &upper, "report"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = pilar(&demo.path)
        .args(["--user", "nobody", "report"])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for login in &logins {
        assert!(err.contains(login.as_str()), "names {login}: {err}");
    }
}

#[test]
fn cli_help_is_in_the_users_language() {
    let none = Path::new("/nonexistent/pilar.db");
    let id = pilar(none).arg("--help").output().unwrap();
    let en = pilar(none)
        .args(["--lang", "en", "--help"])
        .output()
        .unwrap();
    let env_en = pilar(none)
        .arg("--help")
        .env("PILAR_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(id.status.code(), Some(0));
    let (id, en, env_en) = (text(&id.stdout), text(&en.stdout), text(&env_en.stdout));
    assert!(
        id.contains("Pemakaian:") && id.contains("Perintah:") && id.contains("Opsi:"),
        "{id}"
    );
    assert!(
        id.contains("Dasbor terminal untuk pendamping sosial PKH"),
        "{id}"
    );
    assert!(
        en.contains("Usage:") && en.contains("Commands:") && en.contains("Options:"),
        "{en}"
    );
    assert!(
        en.contains("Terminal dashboard for PKH social facilitators"),
        "{en}"
    );
    // The same page: the notes name the variable, not its value.
    assert_eq!(en, env_en, "PILAR_LANG=en is --lang en");
    let demo_id = text(
        &pilar(none)
            .args(["demo", "--help"])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(demo_id.contains("Jumlah keluarga"), "{demo_id}");
    assert!(demo_id.contains("Tampilkan bantuan ini"), "{demo_id}");
    // clap's own notes (default, variable, choices) are in the user's language too.
    assert!(demo_id.contains("[bawaan: 462]"), "{demo_id}");
    assert!(demo_id.contains("[variabel: PILAR_LANG]"), "{demo_id}");
    for english in ["[default:", "[env:", "[possible values:"] {
        assert!(!demo_id.contains(english), "{english} in {demo_id}");
    }
    let demo_en = text(
        &pilar(none)
            .args(["demo", "-h", "--lang=en"])
            .output()
            .unwrap()
            .stdout,
    );
    assert!(demo_en.contains("Number of households"), "{demo_en}");
    assert!(demo_en.contains("[default: 462]"), "{demo_en}");
    assert!(demo_en.contains("[env: PILAR_LANG]"), "{demo_en}");
    let merge_id = text(&pilar(none).args(["help", "merge"]).output().unwrap().stdout);
    assert!(merge_id.contains("Argumen:"), "{merge_id}");
}

/// Every subcommand and argument a user can see, with its key in the help table.
fn visible(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        out.push(arg_key(path, a));
    }
    for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub = format!("{path} {}", s.get_name()).trim().to_string();
        out.push(sub.clone());
        visible(s, &sub, out);
    }
}

#[test]
fn cli_every_visible_argument_has_help_in_both_languages() {
    let mut keys = vec![
        String::new(),
        "--help".into(),
        "--version".into(),
        "help".into(),
    ];
    visible(&Cli::command(), "", &mut keys);
    for key in &keys {
        let row = CLI_HELP.iter().find(|(k, _, _)| k == key);
        let (_, id, en) = row.unwrap_or_else(|| panic!("no help for {key:?} in i18n::cli_help"));
        assert!(!id.trim().is_empty() && !en.trim().is_empty(), "{key}");
    }
    // And no row for something that is gone.
    for (k, _, _) in CLI_HELP {
        assert!(keys.iter().any(|key| key == k), "stale help row {k:?}");
    }
}

#[test]
fn cli_completions_name_every_subcommand_in_each_shell() {
    let none = Path::new("/nonexistent/pilar.db");
    for shell in ["bash", "zsh", "fish"] {
        let out = pilar(none).args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.len() > 500, "{shell}: a script");
        for sub in [
            "demo",
            "report",
            "merge",
            "verify",
            "import",
            "export",
            "completions",
        ] {
            assert!(script.contains(sub), "{shell} names {sub}");
        }
    }
    let out = pilar(none)
        .args(["completions", "powershell"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `pilar bench` starts the real binary in a pseudo-terminal for its first frame: with the
/// database named by a relative path, the child looked for it in the home folder (the
/// pseudo-terminal's command starts there), found none and asked for a new passphrase, so
/// the figure was "not measured (no frame within 30 s)".
#[test]
fn bench_measures_the_real_binary_with_a_relative_database_path() {
    let demo = demo_db(40, 1, 3);
    let out = Command::new(env!("CARGO_BIN_EXE_pilar"))
        .env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env("PILAR_TODAY", "2026-11-29")
        .env("HOME", demo.dir.path().join("elsewhere"))
        .current_dir(demo.path.parent().unwrap())
        .args(["--lang", "en", "bench", "--moves", "5", "--starts", "1"])
        .args(["--searches", "1", "--db"])
        .arg(demo.path.file_name().unwrap())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}{}", text(&out.stderr));
    assert!(said.contains("real binary in a pty: first frame"), "{said}");
}
