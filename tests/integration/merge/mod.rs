//! `pilar merge`: another laptop's database brought into this one, on real SQLite files.
//! Two copies of one demo database are changed apart (through the app, by key script, so
//! every change has its history), then merged.

use crate::common;

use std::path::{Path, PathBuf};

use common::{app_as, demo_db, keys, one};
use pilar::app::{App, Overlay};
use pilar::domain::Lang;
use pilar::model::{Resolution, Scope};
use pilar::store::{MergeError, Store, StoreError};
use rusqlite::Connection;

mod fields;

const NIK_NEW: &str = "3324046505900999";
const KK_NEW: &str = "3324040101259999";

struct Laptops {
    _demo: common::Demo,
    ours: PathBuf,
    theirs: PathBuf,
}

/// Two copies of one demo database: this laptop's and the other one's.
fn laptops() -> Laptops {
    let demo = demo_db(30, 1, 1);
    let ours = demo.dir.path().join("ours.db");
    let theirs = demo.dir.path().join("theirs.db");
    std::fs::copy(&demo.path, &ours).unwrap();
    std::fs::copy(&demo.path, &theirs).unwrap();
    Laptops {
        _demo: demo,
        ours,
        theirs,
    }
}

fn session(path: &Path) -> (Store, App) {
    let store = Store::open(path).unwrap();
    let app = common::app(&store, Lang::Id, 80, 24);
    (store, app)
}

/// Selects the list's row `row` and returns the household's id.
fn select(app: &mut App, store: &Store, row: usize) -> String {
    keys(app, store, &format!("g{}", "j".repeat(row)));
    app.caseload.list.selected_row().unwrap().id.clone()
}

/// Edits one field of the selected household through the form.
fn edit(app: &mut App, store: &Store, field: &str, value: &str) {
    keys(app, store, "e");
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!("no form")
    };
    entry.form.focus_on(field);
    keys(app, store, &format!("<c-u>{value}<c-s>"));
    assert!(matches!(app.overlay, Overlay::None), "the edit was saved");
}

fn merge(ours: &Path, theirs: &Path) -> pilar::store::MergeReport {
    let store = Store::open(ours).unwrap();
    let other = Store::open_other(theirs, None).unwrap();
    let author = store.workers().unwrap()[0].id.clone();
    store
        .merge_from(&other, &author, &theirs.display().to_string())
        .unwrap()
}

fn table<'a>(r: &'a pilar::store::MergeReport, name: &str) -> &'a pilar::store::TableReport {
    r.tables.iter().find(|t| t.table == name).unwrap()
}

struct Scenario {
    laptops: Laptops,
    visited: String,
    phoned: String,
    both: String,
}

/// The other laptop logs a visit, changes a phone number, adds a household and changes an
/// RT; this laptop changes the same RT to something else.
fn scenario() -> Scenario {
    let laptops = laptops();
    let (store, mut app) = session(&laptops.theirs);
    let visited = select(&mut app, &store, 0);
    keys(&mut app, &store, "aKunjungan dari laptop lain<enter>");
    let phoned = select(&mut app, &store, 1);
    edit(&mut app, &store, "phone", "081299990000");
    let both = select(&mut app, &store, 2);
    edit(&mut app, &store, "rt", "007");
    keys(
        &mut app,
        &store,
        &format!("n{KK_NEW}<tab>Siti Nurjanah<tab>{NIK_NEW}<tab><tab><tab><tab><c-s>"),
    );
    assert!(matches!(app.overlay, Overlay::None), "new household saved");
    drop(app);
    drop(store);
    let (store, mut app) = session(&laptops.ours);
    assert_eq!(select(&mut app, &store, 2), both);
    edit(&mut app, &store, "rt", "009");
    Scenario {
        laptops,
        visited,
        phoned,
        both,
    }
}

#[test]
fn merge_adds_updates_keeps_conflicts_and_is_idempotent() {
    let s = scenario();
    let (ours, theirs) = (&s.laptops.ours, &s.laptops.theirs);
    let theirs_bytes = std::fs::read(theirs).unwrap();
    let last_visit_before: Option<String> = one(
        ours,
        &format!(
            "SELECT last_visit FROM households WHERE id = '{}'",
            s.visited
        ),
    );

    let r = merge(ours, theirs);
    assert_eq!(
        std::fs::read(theirs).unwrap(),
        theirs_bytes,
        "the other file is untouched"
    );
    // Added: the new household (with its member) and the visit.
    assert_eq!(table(&r, "households").added, 1);
    assert_eq!(table(&r, "members").added, 1);
    assert_eq!(table(&r, "activities").added, 1);
    assert_eq!(
        one::<String>(
            ours,
            &format!("SELECT pengurus_name FROM households WHERE no_kk = '{KK_NEW}'")
        ),
        "Siti Nurjanah"
    );
    // The roll-up follows the merged visit.
    let last_visit: Option<String> = one(
        ours,
        &format!(
            "SELECT last_visit FROM households WHERE id = '{}'",
            s.visited
        ),
    );
    assert_ne!(last_visit, last_visit_before);
    assert_eq!(last_visit.as_deref(), Some("2026-11-29"));
    // Updated: a field edited only on the other laptop is taken.
    assert_eq!(table(&r, "households").updated, 1);
    assert_eq!(
        one::<String>(
            ours,
            &format!("SELECT phone FROM households WHERE id = '{}'", s.phoned)
        ),
        "081299990000"
    );
    // Conflict: both edited the RT; ours is kept and the conflict listed.
    assert_eq!(table(&r, "households").conflicts, 1);
    assert_eq!(r.open_conflicts, 1);
    assert_eq!(
        one::<String>(
            ours,
            &format!("SELECT rt FROM households WHERE id = '{}'", s.both)
        ),
        "009"
    );
    let store = Store::open(ours).unwrap();
    let open = store.open_conflicts(&Scope::All, 100).unwrap();
    assert_eq!(open.len(), 1);
    let c = &open[0];
    assert_eq!(
        (c.field.as_str(), c.ours.as_deref(), c.theirs.as_deref()),
        ("rt", Some("009"), Some("007"))
    );
    assert_eq!(c.household_id.as_deref(), Some(s.both.as_str()));
    assert!(c.household_name.is_some());
    // The history came along and the chain still verifies.
    assert!(r.history > 0);
    let v = store.verify().unwrap();
    assert!(v.ok(), "{v:?}");
    // The new household can be found by name (search text and index).
    let mut app = common::app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "/nurjanah<enter>");
    assert_eq!(app.caseload.list.total, 1);
    drop(app);
    drop(store);

    // Twice: nothing more.
    let log_rows: i64 = one(ours, "SELECT count(*) FROM change_log");
    let conflicts: i64 = one(ours, "SELECT count(*) FROM merge_conflicts");
    let again = merge(ours, theirs);
    assert!(!again.changed(), "{again:?}");
    assert_eq!(again.history, 0);
    assert_eq!(again.open_conflicts, 1);
    assert_eq!(
        one::<i64>(ours, "SELECT count(*) FROM change_log"),
        log_rows
    );
    assert_eq!(
        one::<i64>(ours, "SELECT count(*) FROM merge_conflicts"),
        conflicts
    );
    assert!(Store::open(ours).unwrap().verify().unwrap().ok());
}

#[test]
fn resolving_a_conflict_is_recorded_and_a_later_merge_agrees() {
    let s = scenario();
    let (ours, theirs) = (&s.laptops.ours, &s.laptops.theirs);
    merge(ours, theirs);
    let store = Store::open(ours).unwrap();
    let author = store.workers().unwrap()[0].id.clone();
    let c = store.open_conflicts(&Scope::All, 10).unwrap().remove(0);
    let before: i64 = one(ours, "SELECT count(*) FROM change_log");
    assert!(
        store
            .resolve_conflict(&author, &c.id, Resolution::Theirs)
            .unwrap()
    );
    assert!(
        !store
            .resolve_conflict(&author, &c.id, Resolution::Ours)
            .unwrap(),
        "settled once"
    );
    assert_eq!(store.count_open_conflicts(&Scope::All).unwrap(), 0);
    assert_eq!(
        one::<String>(
            ours,
            &format!("SELECT rt FROM households WHERE id = '{}'", s.both)
        ),
        "007"
    );
    assert_eq!(
        one::<i64>(ours, "SELECT count(*) FROM change_log"),
        before + 1
    );
    assert!(store.verify().unwrap().ok());
    drop(store);
    let again = merge(ours, theirs);
    assert!(!again.changed(), "{again:?}");
    assert_eq!(again.open_conflicts, 0);

    // Keeping ours instead: a later merge of the same file does not ask again.
    let s = scenario();
    let (ours, theirs) = (&s.laptops.ours, &s.laptops.theirs);
    merge(ours, theirs);
    let store = Store::open(ours).unwrap();
    let c = store.open_conflicts(&Scope::All, 10).unwrap().remove(0);
    assert!(
        store
            .resolve_conflict(&author, &c.id, Resolution::Ours)
            .unwrap()
    );
    assert_eq!(
        one::<String>(
            ours,
            &format!("SELECT rt FROM households WHERE id = '{}'", s.both)
        ),
        "009"
    );
    drop(store);
    let again = merge(ours, theirs);
    assert!(!again.changed(), "{again:?}");
    assert_eq!(again.open_conflicts, 0);
}

#[test]
fn merging_a_file_into_itself_or_a_foreign_file_is_refused() {
    let l = laptops();
    let store = Store::open(&l.ours).unwrap();
    let author = store.workers().unwrap()[0].id.clone();
    let me = Store::open_other(&l.ours, None).unwrap();
    assert!(matches!(
        store.merge_from(&me, &author, "ours.db"),
        Err(MergeError::SameFile)
    ));
    // Another program's SQLite file, and no file at all.
    let foreign = l.ours.with_file_name("other.sqlite");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x INTEGER);")
        .unwrap();
    assert!(matches!(
        Store::open_other(&foreign, None),
        Err(StoreError::NotPilar)
    ));
    assert!(matches!(
        Store::open_other(&l.ours.with_file_name("missing.db"), None),
        Err(StoreError::Io(_))
    ));
    // An encrypted laptop needs its passphrase.
    let secret = l.ours.with_file_name("secret.db");
    drop(Store::open_encrypted(&secret, "kata-sandi-rahasia").unwrap());
    assert!(matches!(
        Store::open_other(&secret, None),
        Err(StoreError::NeedsKey)
    ));
    assert!(matches!(
        Store::open_other(&secret, Some("salah")),
        Err(StoreError::WrongKey)
    ));
    let other = Store::open_other(&secret, Some("kata-sandi-rahasia")).unwrap();
    let r = store.merge_from(&other, &author, "secret.db").unwrap();
    assert!(!r.changed());
}

#[test]
fn a_login_held_by_another_worker_is_refused_and_nothing_changes() {
    let l = laptops();
    {
        let theirs = Store::open(&l.theirs).unwrap();
        theirs
            .add_worker("Budi", "budi", pilar::model::Role::Facilitator, 10, None)
            .unwrap();
        let ours = Store::open(&l.ours).unwrap();
        ours.add_worker("Budi S", "budi", pilar::model::Role::Facilitator, 10, None)
            .unwrap();
    }
    let store = Store::open(&l.ours).unwrap();
    let other = Store::open_other(&l.theirs, None).unwrap();
    let author = store.workers().unwrap()[0].id.clone();
    match store.merge_from(&other, &author, "theirs.db") {
        Err(MergeError::LoginClash { login }) => assert_eq!(login, "budi"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.workers().unwrap().len(), 2, "no worker added");
}

fn render(app: &App, w: u16, h: u16) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    let theme = pilar::ui::Theme::new(true, false);
    t.draw(|f| pilar::ui::draw(f, app, &theme)).unwrap();
    t
}

fn screen(t: &ratatui::Terminal<ratatui::backend::TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

#[test]
fn the_conflicts_view_lists_and_settles_conflicts_by_key() {
    let s = scenario();
    let (ours, theirs) = (&s.laptops.ours, &s.laptops.theirs);
    merge(ours, theirs);
    let store = Store::open(ours).unwrap();
    let mut app = common::app(&store, Lang::Id, 80, 24);
    // The notice at start.
    let notice = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(notice.contains("1 konflik"), "{notice}");
    keys(&mut app, &store, ":konflik<enter>");
    let Overlay::Conflicts(view) = &app.overlay else {
        panic!("no conflicts view: {:?}", app.overlay)
    };
    assert_eq!(view.rows.len(), 1);
    let t = render(&app, 80, 24);
    let text = screen(&t);
    assert!(text.contains("009") && text.contains("007"), "{text}");
    insta::assert_snapshot!("conflicts_80x24_id", t.backend());
    // `t` takes the other laptop's RT: written with its history, the view empties.
    let log_rows: i64 = one(ours, "SELECT count(*) FROM change_log");
    keys(&mut app, &store, "t");
    assert_eq!(
        one::<String>(
            ours,
            &format!("SELECT rt FROM households WHERE id = '{}'", s.both)
        ),
        "007"
    );
    assert_eq!(
        one::<i64>(ours, "SELECT count(*) FROM change_log"),
        log_rows + 1
    );
    assert_eq!(store.count_open_conflicts(&Scope::All).unwrap(), 0);
    let Overlay::Conflicts(view) = &app.overlay else {
        panic!("the view stays open")
    };
    assert!(view.rows.is_empty() && view.loaded);
    let msg = app.message.as_ref().unwrap().text.clone();
    assert!(msg.contains("RT = 007"), "{msg}");
    assert!(screen(&render(&app, 80, 24)).contains("Tidak ada konflik"));
    // Esc closes it; `:conflicts` works in English too.
    keys(&mut app, &store, "<esc>");
    assert!(matches!(app.overlay, Overlay::None));
    keys(&mut app, &store, ":conflicts<enter>q");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(store.verify().unwrap().ok());
}

#[test]
fn pilar_merge_reports_per_table_and_refuses_itself() {
    let s = scenario();
    let (ours, theirs) = (&s.laptops.ours, &s.laptops.theirs);
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
            .args(args)
            .env_remove("PILAR_KEY_FILE")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (o, t) = (ours.to_str().unwrap(), theirs.to_str().unwrap());
    let (code, out, err) = run(&["--db", o, "--lang", "en", "merge", t]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("households: 1 added, 1 updated, 1 new conflict\n"),
        "{out}"
    );
    assert!(out.contains("activities: 1 added"), "{out}");
    assert!(out.contains("1 conflict waits for a decision"), "{out}");
    let (code, out, _) = run(&["--db", o, "merge", t]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Tidak ada yang baru"), "{out}");
    let (code, _, err) = run(&["--db", o, "--lang", "en", "merge", o]);
    assert_eq!(code, Some(1));
    assert!(err.contains("is this database itself"), "{err}");
    let (code, out, _) = run(&["--db", o, "verify"]);
    assert_eq!(code, Some(0), "{out}");
}
