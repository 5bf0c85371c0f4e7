//! Shared test helpers: a demo database in a temporary folder, an app over it, a fixed
//! "today" so screens and counts are reproducible, one-value SQL queries on a file, and a
//! hostile name written past pilar's cleaning.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use pilar::app::{Action, App, Settings};
use pilar::demo::{self, DemoConfig, DemoSummary};
use pilar::domain::Lang;
use pilar::keymap::parse_keys;
use pilar::runtime;
use pilar::store::{ImportOptions, Store};
use tempfile::TempDir;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

/// The options of an import on [`today`], the file's problems not yet seen.
pub fn import_opts(dry_run: bool, skip_invalid: bool) -> ImportOptions {
    ImportOptions {
        dry_run,
        skip_invalid,
        had_problems: false,
        today: today(),
    }
}

pub struct Demo {
    pub dir: TempDir,
    pub path: PathBuf,
    pub summary: DemoSummary,
}

pub fn demo_db(households: u64, workers: u64, seed: u64) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let summary = demo::generate(
        &path,
        &DemoConfig {
            households,
            workers,
            seed,
            today: today(),
        },
    )
    .unwrap();
    Demo { dir, path, summary }
}

/// The defaults, except that "Hari ini" does not open at start: the demo has overdue
/// follow-ups, and the tests of the dashboard start on it (`tests/integration/today.rs`
/// turns it on).
pub fn settings(lang: Lang) -> Settings {
    let mut s = Settings::new(lang);
    s.today_at_start = false;
    s
}

/// An app for the database's default user, started and sized like a terminal.
pub fn app(store: &Store, lang: Lang, width: u16, height: u16) -> App {
    let login = store.default_user().unwrap().unwrap();
    sized_app(store, &login, lang, width, height)
}

/// An app for `login` (not necessarily the database's default user), started at 80x24.
pub fn app_as(store: &Store, login: &str, lang: Lang) -> App {
    sized_app(store, login, lang, 80, 24)
}

fn sized_app(store: &Store, login: &str, lang: Lang, width: u16, height: u16) -> App {
    let user = store.worker_by_login(login).unwrap().unwrap();
    let mut app = App::new(settings(lang), user, today(), store.is_demo().unwrap());
    runtime::dispatch(&mut app, store, Action::Resize(width, height));
    runtime::dispatch(&mut app, store, Action::Start);
    app
}

/// Feeds a key script such as `jj<tab><enter>`.
pub fn keys(app: &mut App, store: &Store, script: &str) {
    runtime::keys(app, store, &parse_keys(script).unwrap());
}

/// The one value a query returns, read straight from the file.
pub fn one<T: rusqlite::types::FromSql>(path: &Path, sql: &str) -> T {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// A count (or any integer) a query returns.
pub fn count(path: &Path, sql: &str) -> i64 {
    one(path, sql)
}

/// Another program writes a name with a clear-screen, a retitle and a right-to-left
/// override straight into the first active household, past pilar's own cleaning.
pub fn write_hostile_name(path: &Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute(
            "UPDATE households SET pengurus_name = ?1
             WHERE id = (SELECT id FROM households WHERE status = 'aktif'
                         ORDER BY search_text LIMIT 1)",
            ["Evil\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}Name"],
        )
        .unwrap();
}
