//! PKH rules of issue 14 section 5 through the store and the screen: the exits for cause
//! (`desil_naik`, `tidak_memenuhi_komitmen`) and the migration that lets `graduations`
//! hold them; an active family above desil 4 is flagged in the list, the detail and the
//! filter language.

use std::path::Path;

use crate::common;

use chrono::NaiveDate;
use common::{count, demo_db, today};
use pilar::domain::graduation::{ExitKind, TargetPolicy};
use pilar::model::{NewGraduation, Scope};
use pilar::store::{MIGRATIONS, SCHEMA_VERSION, Store};
use rusqlite::Connection;

fn exit(kind: ExitKind, household_id: &str, months: u32) -> NewGraduation {
    NewGraduation {
        household_id: household_id.to_string(),
        kind,
        date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        reason: "alasan".into(),
        evidence: vec!["asesmen", "surat_pernyataan"],
        referral: None,
        monitoring_months: months,
        monitoring_summary: "Pemantauan pascagraduasi, bulan ke-{}".into(),
    }
}

/// `n` active households of the demo at `path`, and the facilitator who owns them.
fn active_households(path: &Path, n: usize) -> (Vec<String>, String) {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT id, worker_id FROM households WHERE status = 'aktif' AND deleted = 0
             ORDER BY id LIMIT ?1",
        )
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([n as i64], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), n);
    let worker = rows[0].1.clone();
    (rows.into_iter().map(|r| r.0).collect(), worker)
}

/// Every exit kind the domain knows can be saved, and the gauge counts the exits for cause
/// as exits: not toward the target, not as alamiah.
#[test]
fn every_exit_kind_can_be_recorded_and_the_gauge_counts_exits_apart() {
    let demo = demo_db(60, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (ids, worker) = active_households(&demo.path, ExitKind::ALL.len());
    let scope = Scope::Worker(worker.clone());
    let before = store
        .gauge(&scope, today(), &TargetPolicy::default())
        .unwrap();
    for (kind, id) in ExitKind::ALL.into_iter().zip(&ids) {
        store
            .record_graduation(&worker, &exit(kind, id, 0))
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(store.current_exit(id).unwrap(), Some(kind));
        let status: String = common::one(
            &demo.path,
            &format!("SELECT status FROM households WHERE id = '{id}'"),
        );
        assert_eq!(status, kind.resulting_status().key(), "{kind:?}");
    }
    let after = store
        .gauge(&scope, today(), &TargetPolicy::default())
        .unwrap();
    // sejahtera mandiri and mandiri count; alamiah apart; the six others are exits.
    assert_eq!(after.counted - before.counted, 2);
    assert_eq!(after.alamiah - before.alamiah, 1);
    assert_eq!(after.other_exits - before.other_exits, 6);
    // A region may count the desil exit (the policy is a setting).
    let regional = TargetPolicy {
        counted: vec![
            ExitKind::SejahteraMandiri,
            ExitKind::Mandiri,
            ExitKind::DesilNaik,
        ],
    };
    let g = store.gauge(&scope, today(), &regional).unwrap();
    let desil_exits = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM graduations WHERE kind = 'desil_naik' AND undone = 0
             AND worker_id = '{worker}' AND date >= '2026-01-01'"
        ),
    );
    assert!(desil_exits >= 1);
    assert_eq!(i64::from(g.counted), i64::from(after.counted) + desil_exits);
}

/// The migration that widens `graduations`' CHECK rebuilds the table (SQLite cannot alter
/// a CHECK): on a demo written with the old table, with a graduation whose monitoring
/// follow-ups point at it (`activities.graduation_id`), the rows, the links and the
/// indexes survive, the foreign keys check clean, `pilar verify` passes, and the new kinds
/// save.
#[test]
fn the_exit_kinds_migration_keeps_graduations_and_their_follow_ups() {
    let demo = demo_db(60, 1, 1);
    let (ids, worker) = active_households(&demo.path, 2);
    {
        let store = Store::open(&demo.path).unwrap();
        store
            .record_graduation(&worker, &exit(ExitKind::SejahteraMandiri, &ids[0], 12))
            .unwrap();
    }
    let linked = "SELECT count(*) FROM activities a JOIN graduations g ON g.id = a.graduation_id";
    let graduations = count(&demo.path, "SELECT count(*) FROM graduations");
    let follow_ups = count(&demo.path, linked);
    assert_eq!(follow_ups, 4, "monitoring every 3 months for 12 months");

    // Back to the file as it was before the migration: the table as migration 1 made it,
    // the schema version before the migration.
    let mine = MIGRATIONS
        .iter()
        .position(|m| m.contains("graduations_new"))
        .expect("a migration rebuilds graduations");
    let first = MIGRATIONS[0];
    let start = first.find("CREATE TABLE graduations (").unwrap();
    let end = start + first[start..].find(") STRICT;").unwrap() + ") STRICT;".len();
    let old_table = first[start..end].replace("TABLE graduations (", "TABLE graduations_old (");
    assert!(!old_table.contains("desil_naik"));
    let conn = Connection::open(&demo.path).unwrap();
    // A file from before the migration holds only the old kinds: the demo's exits for
    // cause are written as `tidak_layak` there.
    let life = crate::life::UNDO_MIGRATION;
    // The derived values' views name the tables and columns dropped below (their
    // migration runs again too).
    let derived = crate::derived::UNDO_MIGRATION;
    // And the sign-offs' travel (its migration runs again too).
    let signoffs = crate::review::UNDO_SIGNOFF_TRAVEL;
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF;
         BEGIN;
         {derived}
         {signoffs}
         {old_table}
         INSERT INTO graduations_old
             SELECT id, household_id, worker_id,
                    CASE WHEN kind IN ('desil_naik', 'tidak_memenuhi_komitmen')
                         THEN 'tidak_layak' ELSE kind END,
                    date, reason, evidence, undone, created_at, updated_at, author_id
             FROM graduations;
         DROP TABLE graduations;
         ALTER TABLE graduations_old RENAME TO graduations;
         CREATE INDEX graduations_household ON graduations (household_id);
         CREATE INDEX graduations_date ON graduations (date, worker_id, kind) WHERE undone = 0;
         -- and without the later migrations' columns (the pregnancy fields) and the sync's
         -- triggers that name them (both migrations run again).
         DROP TRIGGER IF EXISTS sync_dirty_members_update;
         DROP TRIGGER IF EXISTS sync_dirty_members_insert;
         ALTER TABLE members DROP COLUMN pregnancy_order;
         ALTER TABLE members DROP COLUMN pregnancy_birth;
         -- and without the P2K2 groups (their migration runs again too).
         DROP TABLE p2k2_groups;
         DROP TRIGGER IF EXISTS sync_dirty_households_update;
         DROP INDEX households_group;
         DROP INDEX activities_group;
         ALTER TABLE households DROP COLUMN group_id;
         -- and without the life events (their migration runs again too).
         {life}
         PRAGMA user_version = {mine};
         COMMIT;"
    ))
    .unwrap();
    assert!(
        conn.execute("UPDATE graduations SET kind = 'desil_naik'", [])
            .is_err(),
        "the old table refuses the new kinds"
    );
    drop(conn);

    let store = Store::open(&demo.path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let sql: String = common::one(
        &demo.path,
        "SELECT sql FROM sqlite_schema WHERE name = 'graduations'",
    );
    assert!(
        sql.contains("'desil_naik'") && sql.contains("'tidak_memenuhi_komitmen'"),
        "{sql}"
    );
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    // The children still point at `graduations`, not at a renamed table.
    let activities: String = common::one(
        &demo.path,
        "SELECT sql FROM sqlite_schema WHERE name = 'activities'",
    );
    assert!(
        activities.contains("REFERENCES graduations(id)"),
        "{activities}"
    );
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM graduations"),
        graduations
    );
    assert_eq!(count(&demo.path, linked), follow_ups);
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index'
             AND name IN ('graduations_household', 'graduations_date')"
        ),
        2
    );
    store
        .record_graduation(&worker, &exit(ExitKind::DesilNaik, &ids[1], 0))
        .unwrap();
    // Undoing the migrated graduation still withdraws its follow-ups through the link.
    assert!(store.undo_graduation(&worker, &ids[0], today()).unwrap());
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM activities WHERE graduation_id IS NOT NULL AND deleted = 0"
        ),
        0
    );
    drop(store);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(["verify", "--db", demo.path.to_str().unwrap()])
        .env("PILAR_LANG", "en")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The import and the export know the new keys: a graduations file with `desil_naik` and
/// `tidak_memenuhi_komitmen` imports, sets the households' status to Keluar, and exports
/// with the same keys.
#[test]
fn import_and_export_know_the_exits_for_cause() {
    use pilar::commands::transfer::run_import;
    use pilar::domain::Lang;
    use pilar::store::ImportOptions;
    use pilar::transfer::Kind;
    use pilar::transfer::out::{Format, render};

    let demo = demo_db(40, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (ids, worker_id) = active_households(&demo.path, 2);
    let user = store
        .workers()
        .unwrap()
        .into_iter()
        .find(|w| w.id == worker_id)
        .unwrap();
    let kk = |id: &str| -> String {
        common::one(
            &demo.path,
            &format!("SELECT no_kk FROM households WHERE id = '{id}'"),
        )
    };
    let csv = format!(
        "no_kk;graduasi;tanggal;alasan\n\
         {};desil_naik;2026-11-02;Desil 6 di DTSEN\n\
         {};tidak_memenuhi_komitmen;2026-11-03;Tidak hadir P2K2 enam bulan\n",
        kk(&ids[0]),
        kk(&ids[1])
    );
    let table = pilar::transfer::read_csv(csv.as_bytes()).unwrap();
    let options = ImportOptions {
        dry_run: false,
        skip_invalid: false,
        had_problems: false,
        today: today(),
    };
    let (problems, report) = run_import(
        &store,
        &user,
        table.kind().unwrap(),
        &table,
        None,
        &options,
        Lang::Id,
    )
    .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.added, 2);
    assert_eq!(
        store.current_exit(&ids[0]).unwrap(),
        Some(ExitKind::DesilNaik)
    );
    assert_eq!(
        store.current_exit(&ids[1]).unwrap(),
        Some(ExitKind::TidakMemenuhiKomitmen)
    );
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM households WHERE status = 'keluar'
                 AND id IN ('{}', '{}')",
                ids[0], ids[1]
            )
        ),
        2
    );
    let rows = store
        .export_rows(Kind::Graduations, &Scope::Worker(worker_id))
        .unwrap();
    let text = String::from_utf8(render(Kind::Graduations, Format::Csv, &rows).unwrap()).unwrap();
    assert!(text.contains(";desil_naik;"), "{text}");
    assert!(text.contains(";tidak_memenuhi_komitmen;"), "{text}");
}

/// The graduation form (`L`) offers both exits for cause, by typing their first letters,
/// and saves them without the evidence a graduation by the family's own decision needs.
#[test]
fn the_graduation_form_offers_the_exits_for_cause() {
    use pilar::app::Overlay;
    use pilar::domain::Lang;

    let demo = demo_db(60, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app(&store, Lang::Id, 80, 24);
    for (typed, kind) in [
        ("desil", ExitKind::DesilNaik),
        ("tidak m", ExitKind::TidakMemenuhiKomitmen),
    ] {
        let id = app.caseload.list.selected_row().unwrap().id.clone();
        common::keys(&mut app, &store, "L<backtab><backtab>");
        common::keys(&mut app, &store, typed);
        let Overlay::Form(entry) = &app.overlay else {
            panic!("no graduation form")
        };
        assert_eq!(entry.form.value("kind"), kind.key(), "{typed}");
        common::keys(&mut app, &store, "<tab><tab>Hasil pemutakhiran<enter>");
        assert!(matches!(app.overlay, Overlay::None), "{typed} not saved");
        assert_eq!(store.current_exit(&id).unwrap(), Some(kind));
    }
}

/// Three households of a demo re-ranked by DTSEN: an active one at desil 6, a candidate at
/// desil 5, one that already left at desil 7. Returns their ids in that order.
fn rerank(path: &Path) -> [String; 3] {
    let conn = Connection::open(path).unwrap();
    let pick = |skip: i64| -> String {
        conn.query_row(
            "SELECT id FROM households WHERE status IN ('aktif', 'calon_graduasi')
             AND deleted = 0 ORDER BY search_text, id LIMIT 1 OFFSET ?1",
            [skip],
            |r| r.get(0),
        )
        .unwrap()
    };
    let ids = [pick(0), pick(1), pick(2)];
    for (id, desil, status) in [
        (&ids[0], 6, "aktif"),
        (&ids[1], 5, "calon_graduasi"),
        (&ids[2], 7, "keluar"),
    ] {
        conn.execute(
            "UPDATE households SET desil = ?2, status = ?3 WHERE id = ?1",
            rusqlite::params![id, desil, status],
        )
        .unwrap();
    }
    conn.execute(
        "UPDATE households SET desil = 4 WHERE id NOT IN (?1, ?2, ?3) AND desil > 4",
        rusqlite::params![ids[0], ids[1], ids[2]],
    )
    .unwrap();
    ids
}

/// `desilnaik:ya` (`decilerisen:yes`) lists the active families above desil 4, whatever
/// else the list shows; `desilnaik:tidak` the rest.
#[test]
fn the_desil_filter_finds_active_families_above_desil_4() {
    use pilar::filter::parse;
    use pilar::model::ListQuery;

    let demo = demo_db(60, 1, 1);
    let [a, b, _gone] = rerank(&demo.path);
    let store = Store::open(&demo.path).unwrap();
    let ids = |text: &str, exited: bool| -> Vec<String> {
        let mut q = ListQuery::caseload(Scope::All, today());
        q.include_exited = exited;
        q.filter = parse(text);
        assert!(q.filter.errors.is_empty(), "{text}: {:?}", q.filter.errors);
        let n = store.count_households(&q).unwrap();
        let mut rows: Vec<String> = store
            .household_window(&q, 0, 1000)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(rows.len() as u64, n, "{text}");
        rows.sort();
        rows
    };
    let mut flagged = vec![a.clone(), b.clone()];
    flagged.sort();
    for text in ["desilnaik:ya", "decilerisen:yes", "desil_naik:y"] {
        assert_eq!(ids(text, false), flagged, "{text}");
        assert_eq!(ids(text, true), flagged, "{text}, exited listed too");
    }
    let active = ids("", false).len();
    let rest = ids("desilnaik:tidak", false);
    assert_eq!(rest.len(), active - 2);
    assert!(!rest.contains(&a) && !rest.contains(&b));
    let everyone = ids("", true).len();
    assert_eq!(ids("decilerisen:no", true).len(), everyone - 2);
}

/// The list marks an active family above desil 4 with `^` (in the candidate's place: the
/// status column still says Calon), the detail says why, and the help explains the mark.
#[test]
fn the_list_marks_and_the_detail_explains_a_family_above_desil_4() {
    use pilar::domain::Lang;
    use pilar::ui::{self, Theme};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let demo = demo_db(60, 1, 1);
    let [a, b, _gone] = rerank(&demo.path);
    let store = Store::open(&demo.path).unwrap();
    for (lang, reason, legend) in [
        (
            Lang::Id,
            "! Desil 6 (DTSEN): di atas 4, keluar dari PKH",
            "^  desil di atas 4 (DTSEN): keluar dari PKH",
        ),
        (
            Lang::En,
            "! Decile 6 (DTSEN): above 4, must leave PKH",
            "^  decile above 4 (DTSEN): must leave PKH",
        ),
    ] {
        let app = common::app(&store, lang, 120, 40);
        let screen = |app: &pilar::app::App, h: u16| -> Vec<String> {
            let mut t = Terminal::new(TestBackend::new(120, h)).unwrap();
            t.draw(|f| ui::draw(f, app, &Theme::new(true, false)))
                .unwrap();
            let buf = t.backend().buffer().clone();
            (0..buf.area.height)
                .map(|y| {
                    (0..buf.area.width)
                        .map(|x| buf[(x, y)].symbol().to_string())
                        .collect()
                })
                .collect()
        };
        // The first two rows of the list are the re-ranked families, in name order.
        assert_eq!(app.caseload.list.selected_row().unwrap().id, a);
        let lines = screen(&app, 40);
        // A list row: the border, four marks, a space, the name padded with spaces.
        let listed = |line: &str, name: &str| -> bool {
            line.chars()
                .skip(6)
                .collect::<String>()
                .starts_with(&format!("{name}  "))
        };
        let row = |name: &str| -> String {
            lines
                .iter()
                .find(|l| listed(l, name))
                .unwrap_or_else(|| panic!("{name} not listed"))
                .clone()
        };
        let rows = app.caseload.list.rows.clone();
        let name_of = |id: &str| rows.iter().find(|r| r.id == id).unwrap().name.clone();
        for id in [&a, &b] {
            let line = row(&name_of(id));
            let marks: String = line.chars().skip(1).take(4).collect();
            assert_eq!(marks.chars().nth(3), Some('^'), "{line}");
        }
        for other in rows.iter().filter(|r| r.id != a && r.id != b) {
            if let Some(line) = lines.iter().find(|l| listed(l, &other.name)) {
                assert!(!line.chars().take(6).any(|c| c == '^'), "{line}");
            }
        }
        assert!(
            lines.iter().any(|l| l.contains(reason)),
            "{lang:?}: no \"{reason}\" in\n{}",
            lines.join("\n")
        );
        // The help, scrolled to its end, where the marks' legend is.
        let mut tall = common::app(&store, lang, 120, 100);
        common::keys(&mut tall, &store, "?G");
        let help = screen(&tall, 100);
        assert!(
            help.iter().any(|l| l.contains(legend)),
            "{lang:?}: no \"{legend}\" in\n{}",
            help.join("\n")
        );
    }
}

/// The P2K2 form takes the ministry's session number (Perlindungan Anak is Sesi 11-12) or
/// the module's own count (its first session, 1, is Sesi 11), stores the ministry's, and
/// refuses anything else naming the module's numbers.
#[test]
fn a_p2k2_session_is_stored_with_the_ministrys_number() {
    use pilar::app::Overlay;
    use pilar::domain::Lang;

    let demo = demo_db(60, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app(&store, Lang::Id, 80, 24);
    let last = || -> (String, i64) {
        let conn = Connection::open(&demo.path).unwrap();
        conn.query_row(
            "SELECT p2k2_module, p2k2_session FROM activities ORDER BY rowid DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    for (typed, stored) in [("1", 11), ("12", 12)] {
        common::keys(&mut app, &store, "<space><space>a");
        // Summary, then Tab to the module (after details and follow-up), then the session.
        common::keys(&mut app, &store, "Pertemuan P2K2<tab><tab><tab>perl<tab>");
        common::keys(&mut app, &store, &format!("<c-u>{typed}<enter>"));
        assert!(matches!(app.overlay, Overlay::None), "{typed} not saved");
        assert_eq!(last(), ("perlindungan_anak".to_string(), stored), "{typed}");
    }
    common::keys(&mut app, &store, "<space><space>a");
    common::keys(
        &mut app,
        &store,
        "Pertemuan P2K2<tab><tab><tab>perl<tab><c-u>3<enter>",
    );
    let Overlay::Form(entry) = &app.overlay else {
        panic!("session 3 of Perlindungan Anak was saved")
    };
    let error = entry.form.field("session").unwrap().error.clone().unwrap();
    assert!(error.contains("11") && error.contains("12"), "{error}");
}
