//! Shared test helpers: a demo database in a temporary folder, an app over it, and a
//! fixed "today" so screens and counts are reproducible.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use pilar::app::{Action, App, Settings};
use pilar::demo::{self, DemoConfig, DemoSummary};
use pilar::domain::Lang;
use pilar::keymap::parse_keys;
use pilar::runtime;
use pilar::store::Store;
use tempfile::TempDir;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
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

pub fn settings(lang: Lang) -> Settings {
    Settings::new(lang)
}

/// An app for the database's default user, started and sized like a terminal.
pub fn app(store: &Store, lang: Lang, width: u16, height: u16) -> App {
    let login = store.default_user().unwrap().unwrap();
    let user = store.worker_by_login(&login).unwrap().unwrap();
    let mut app = App::new(settings(lang), user, today(), store.is_demo().unwrap());
    runtime::dispatch(&mut app, store, Action::Resize(width, height));
    runtime::dispatch(&mut app, store, Action::Start);
    app
}

/// Feeds a key script such as `jj<tab><enter>`.
pub fn keys(app: &mut App, store: &Store, script: &str) {
    runtime::keys(app, store, &parse_keys(script).unwrap());
}
