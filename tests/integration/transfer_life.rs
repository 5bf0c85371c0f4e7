//! Issue 11 "Also": life events and P2K2 groups through import and export. Life events
//! exported in CSV, xlsx and JSON and imported back unchanged; into a copy of the database
//! without the newest event, imported with the same ids (the export is then the same
//! file); a hand-made file applied through the form's rules and write path (a pregnancy
//! before its birth whatever the rows' order, the child added once however often the
//! file is imported); every refusal named by line, column and reason in both languages
//! with nothing written. P2K2 groups imported back unchanged, a new group created with
//! its families (a family of another group moves, and the report says so), refusals.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{count, demo_db, today};
use pilar::commands::transfer::run_import;
use pilar::domain::Lang;
use pilar::domain::component::ComponentRules;
use pilar::domain::life_event::{EventStatus, LifeEvent, LifeEventKind, NewChild, Refusal};
use pilar::model::life_event::NewLifeEvent;
use pilar::model::{Relation, Role, Scope, Worker};
use pilar::store::{ImportReport, Store};
use pilar::transfer::messages::import_problem;
use pilar::transfer::out::{Format, render};
use pilar::transfer::rows::{Problem, Reason};
use pilar::transfer::{Kind, Table, read_csv, read_json, read_xlsx};

/// The first facilitator (a demo of two has a supervisor too, who imports nothing).
pub(crate) fn user(store: &Store) -> Worker {
    store
        .workers()
        .unwrap()
        .into_iter()
        .find(|w| w.role == Role::Facilitator)
        .unwrap()
}

fn import(store: &Store, kind: Kind, table: &Table) -> (Vec<Problem>, ImportReport) {
    run_import(
        store,
        &user(store),
        kind,
        table,
        None,
        &common::import_opts(false, false),
        Lang::Id,
    )
    .unwrap()
}

fn exported(store: &Store, kind: Kind, format: Format) -> Vec<u8> {
    let scope = Scope::for_worker(&user(store));
    render(kind, format, &store.export_rows(kind, &scope).unwrap()).unwrap()
}

/// An exported file read back as the import reads it.
pub(crate) fn table_of(format: Format, bytes: &[u8]) -> Table {
    match format {
        Format::Xlsx => read_xlsx(bytes).unwrap().remove(0).1,
        Format::Json => read_json(bytes).unwrap(),
        _ => read_csv(bytes).unwrap(),
    }
}

/// Turns on the sync's tracking (as a first sync does): writes from here reach the outbox.
pub(crate) fn track(path: &Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute("UPDATE sync_state SET track = 1 WHERE id = 1", [])
        .unwrap();
}

fn history(path: &Path) -> i64 {
    count(path, "SELECT count(*) FROM change_log")
}

/// A woman of child-bearing age without a pregnancy in an active household of the
/// caseload, and a man of that household: (No KK, her NIK, his NIK, her id).
fn family(path: &Path) -> (String, String, String, String) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT h.no_kk, w.nik AS her, m.nik AS his, w.id AS wid FROM members w
         JOIN households h ON h.id = w.household_id
         JOIN members m ON m.household_id = h.id AND m.sex = 'L' AND m.deleted = 0
         WHERE w.sex = 'P' AND w.deleted = 0 AND h.deleted = 0 AND h.status = 'aktif'
           AND w.birth_date BETWEEN '1985-01-01' AND '2000-01-01'
           AND w.component IS NULL AND w.pregnancy_order IS NULL AND w.left_on IS NULL
           AND NOT EXISTS (SELECT 1 FROM members x WHERE x.household_id = h.id
                           AND x.component = 'ibu_hamil')
         ORDER BY h.no_kk LIMIT 1",
        [],
        |r| Ok((r.get("no_kk")?, r.get("her")?, r.get("his")?, r.get("wid")?)),
    )
    .expect("a family with a young woman and a man")
}

#[test]
fn life_events_export_in_three_formats_and_import_back_unchanged() {
    let demo = demo_db(400, 2, 7);
    let store = Store::open(&demo.path).unwrap();
    let scope = Scope::for_worker(&user(&store));
    let rows = store.export_rows(Kind::LifeEvents, &scope).unwrap();
    let stored = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM life_events e JOIN households h ON h.id = e.household_id
             WHERE h.worker_id = '{}'",
            user(&store).id
        ),
    );
    assert!(stored > 0, "the demo has life events");
    assert_eq!(
        rows.len() as i64,
        stored,
        "the caseload's events, each once"
    );
    let before = history(&demo.path);
    for format in [Format::Csv, Format::Xlsx] {
        let table = table_of(format, &exported(&store, Kind::LifeEvents, format));
        assert_eq!(table.kind(), Some(Kind::LifeEvents), "{format:?}");
        assert!(table.unknown_headers().is_empty());
        let (problems, report) = import(&store, Kind::LifeEvents, &table);
        assert_eq!(problems, vec![], "{format:?}");
        assert_eq!(
            (
                report.added,
                report.updated,
                report.unchanged,
                report.invalid
            ),
            (0, 0, rows.len(), 0),
            "{format:?}"
        );
    }
    assert_eq!(history(&demo.path), before, "nothing written twice");
    // JSON: the same values under the same headers.
    let csv = read_csv(&exported(&store, Kind::LifeEvents, Format::Csv)).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&exported(&store, Kind::LifeEvents, Format::Json)).unwrap();
    let json = json.as_array().unwrap();
    assert_eq!(json.len(), csv.rows.len());
    for (row, object) in csv.rows.iter().zip(json) {
        for (header, cell) in csv.headers.iter().zip(&row.cells) {
            let value = match &object[header.as_str()] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(&value, pilar::transfer::unwrap_cell(cell), "{header}");
        }
    }
    // Every declared header, the member's and the child's beside their ids.
    assert_eq!(
        csv.headers,
        [
            "id",
            "id_keluarga",
            "no_kk",
            "id_anggota",
            "nik",
            "nama",
            "peristiwa",
            "tanggal",
            "status",
            "kehamilan_ke",
            "tanggal_persalinan",
            "jenjang",
            "id_anak",
            "nama_anak",
            "nik_anak",
            "jenis_kelamin_anak",
            "catatan"
        ]
    );
}

fn birth(household: &str, mother: &str, date: chrono::NaiveDate) -> NewLifeEvent {
    let mut event = LifeEvent::new(LifeEventKind::Kelahiran, date, Some(mother.into()));
    event.child = Some(NewChild {
        name: "Dewi".into(),
        nik: "3324014211260001".into(),
        sex: pilar::domain::Sex::Female,
        relation: Relation::Anak,
    });
    NewLifeEvent {
        household_id: household.into(),
        event,
        status: EventStatus::Recorded,
        note: "lahir di puskesmas".into(),
        summary: "Pemutakhiran data: kelahiran".into(),
        today: today(),
        rules: ComponentRules::default(),
    }
}

#[test]
fn an_event_recorded_on_one_copy_is_imported_into_another_with_the_same_ids() {
    let demo = demo_db(60, 1, 3);
    let copy = demo.dir.path().join("copy.db");
    std::fs::copy(&demo.path, &copy).unwrap();
    let store = Store::open(&demo.path).unwrap();
    let (no_kk, _, _, mother) = family(&demo.path);
    let household: String = common::one(
        &demo.path,
        &format!("SELECT id FROM households WHERE no_kk = '{no_kk}'"),
    );
    // A pregnancy, then its birth, through the form's write path.
    let mut pregnant = birth(&household, &mother, today() - chrono::Duration::days(200));
    pregnant.event.kind = LifeEventKind::Kehamilan;
    pregnant.event.child = None;
    pregnant.event.pregnancy_order = Some(1);
    pregnant.event.expected_birth = Some(today() - chrono::Duration::days(3));
    let me = user(&store).id;
    store.record_life_event(&me, &pregnant).unwrap().unwrap();
    store
        .record_life_event(
            &me,
            &birth(&household, &mother, today() - chrono::Duration::days(3)),
        )
        .unwrap()
        .unwrap();
    let file = exported(&store, Kind::LifeEvents, Format::Csv);
    let other = Store::open(&copy).unwrap();
    let members = |p: &Path| {
        count(
            p,
            &format!("SELECT count(*) FROM members WHERE household_id = '{household}'"),
        )
    };
    let before = members(&copy);
    let (problems, report) = import(&other, Kind::LifeEvents, &read_csv(&file).unwrap());
    assert_eq!(problems, vec![]);
    assert_eq!((report.added, report.updated), (2, 0));
    assert_eq!(members(&copy), before + 1, "the child joins");
    assert_eq!(
        exported(&other, Kind::LifeEvents, Format::Csv),
        file,
        "the same events, ids, members and child: the same file"
    );
    // The child as the form adds one, and the mother's pregnancy as the birth leaves it.
    let same =
        |sql: &str| -> (String, String) { (common::one(&demo.path, sql), common::one(&copy, sql)) };
    let (a, b) = same(&format!(
        "SELECT group_concat(id || nik || name || sex || birth_date || relation
                || coalesce(component, '-') || coalesce(pregnancy_order, '-')
                || coalesce(pregnancy_birth, '-'), ',')
         FROM members WHERE household_id = '{household}' ORDER BY id"
    ));
    assert_eq!(a, b);
    let lines = format!(
        "SELECT count(*) FROM activities
         WHERE household_id = '{household}' AND kind = 'pemutakhiran'"
    );
    assert_eq!(
        count(&demo.path, &lines),
        count(&copy, &lines),
        "one pemutakhiran line each"
    );
    assert!(other.verify().unwrap().ok(), "the history's chain holds");
}

/// A hand-made life events file for one family (the birth's row first).
fn hand_made(no_kk: &str, her: &str) -> String {
    format!(
        "No KK;NIK;Peristiwa;Tanggal;Kehamilan ke;HPL;Nama anak;NIK anak;Catatan\n\
         {no_kk};{her};kelahiran;20/11/2026;;;Dewi;3324016011260001;\n\
         {no_kk};{her};kehamilan;01/04/2026;1;25/11/2026;;;dari posyandu\n"
    )
}

#[test]
fn a_hand_made_file_applies_the_forms_rules_in_date_order_and_once() {
    let demo = demo_db(60, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let (no_kk, her, _, mother) = family(&demo.path);
    let table = read_csv(hand_made(&no_kk, &her).as_bytes()).unwrap();
    assert_eq!(table.kind(), Some(Kind::LifeEvents));
    let kids = |p: &Path| {
        count(
            p,
            "SELECT count(*) FROM members WHERE nik = '3324016011260001' AND deleted = 0",
        )
    };
    // A dry run says what it would do and writes nothing.
    let before = history(&demo.path);
    let (problems, report) = run_import(
        &store,
        &user(&store),
        Kind::LifeEvents,
        &table,
        None,
        &common::import_opts(true, false),
        Lang::Id,
    )
    .unwrap();
    assert_eq!(problems, vec![]);
    assert_eq!(report.added, 2);
    assert!(!report.written);
    assert_eq!((history(&demo.path), kids(&demo.path)), (before, 0));
    track(&demo.path);
    let (problems, report) = import(&store, Kind::LifeEvents, &table);
    assert_eq!(problems, vec![]);
    assert_eq!((report.added, report.unchanged), (2, 0));
    assert_eq!(kids(&demo.path), 1, "the child is added");
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM sync_dirty WHERE table_name = 'life_events'
                OR (table_name = 'members' AND record_id IN
                    (SELECT id FROM members WHERE nik = '3324016011260001'))"
        ),
        3,
        "the sync's outbox holds both events and the child"
    );
    let row: String = common::one(
        &demo.path,
        &format!(
            "SELECT c.sex || '|' || c.relation || '|' || c.birth_date || '|'
                    || m.pregnancy_order || '|' || m.pregnancy_birth
             FROM members c, members m WHERE c.nik = '3324016011260001' AND m.id = '{mother}'"
        ),
    );
    assert_eq!(
        row, "P|anak|2026-11-20|1|2026-11-20",
        "the child born that day, the mother's pregnancy ended by the birth"
    );
    // Imported again: the same events, counted unchanged, no second child.
    let written = history(&demo.path);
    let (problems, report) = import(&store, Kind::LifeEvents, &table);
    assert_eq!(problems, vec![]);
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 2));
    assert_eq!(kids(&demo.path), 1, "replaying a file adds no second child");
    assert_eq!(history(&demo.path), written);
    assert!(store.verify().unwrap().ok());
}

#[test]
fn refused_events_name_line_column_and_reason_in_both_languages_and_write_nothing() {
    let demo = demo_db(60, 2, 3);
    let store = Store::open(&demo.path).unwrap();
    let (no_kk, her, his, _) = family(&demo.path);
    let me = user(&store);
    let elsewhere: String = common::one(
        &demo.path,
        &format!(
            "SELECT no_kk FROM households WHERE worker_id <> '{}' AND deleted = 0 LIMIT 1",
            me.id
        ),
    );
    let her_birth: String = common::one(
        &demo.path,
        &format!("SELECT birth_date FROM members WHERE nik = '{her}'"),
    );
    let before_birth = chrono::NaiveDate::parse_from_str(&her_birth, "%Y-%m-%d").unwrap()
        - chrono::Duration::days(1);
    let unknown = format!("{}9998", &no_kk[..12]);
    let file = format!(
        "no_kk,nik,nama,peristiwa,tanggal,kehamilan_ke,hpl\n\
         {no_kk},{his},,kehamilan,2026-06-01,1,2026-12-20\n\
         {no_kk},{her},,pindah,2026-12-24,,\n\
         {no_kk},{her},,pindah,{before_birth},,\n\
         {no_kk},,Siapa Saja,pindah,2026-06-01,,\n\
         {elsewhere},{her},,pindah,2026-06-01,,\n\
         {unknown},{her},,pindah,2026-06-01,,\n\
         {no_kk},{her},,kematian,2026-06-01,,\n\
         {no_kk},{her},,pindah,2026-07-01,,\n"
    );
    let table = read_csv(file.as_bytes()).unwrap();
    let before = history(&demo.path);
    let (problems, report) = import(&store, Kind::LifeEvents, &table);
    assert!(!report.written);
    assert_eq!(history(&demo.path), before, "nothing written");
    let said: Vec<(usize, String, Reason)> = problems
        .iter()
        .map(|p| (p.line, p.column.clone(), p.reason.clone()))
        .collect();
    assert_eq!(
        said,
        vec![
            (2, "nik".into(), Reason::LifeEvent(Refusal::NotFemale)),
            (3, "tanggal".into(), Reason::LifeEvent(Refusal::InFuture)),
            (
                4,
                "tanggal".into(),
                Reason::LifeEvent(Refusal::BeforeBirth {
                    birth: before_birth + chrono::Duration::days(1)
                })
            ),
            (5, "nama".into(), Reason::UnknownMember),
            (6, "no_kk".into(), Reason::OtherCaseload),
            (7, "no_kk".into(), Reason::UnknownHousehold),
            // Line 8 is recorded (a death); the move after it is refused.
            (9, "nik".into(), Reason::LifeEvent(Refusal::MemberLeft)),
        ]
    );
    let words = |lang| {
        problems
            .iter()
            .map(|p| import_problem(lang, p))
            .collect::<Vec<_>>()
    };
    let id = words(Lang::Id);
    let en = words(Lang::En);
    assert!(id[0].starts_with("Baris 2"), "{}", id[0]);
    assert!(en[0].starts_with("Line 2"), "{}", en[0]);
    for (id, en) in id.iter().zip(&en) {
        assert_ne!(id, en);
    }
    assert!(
        en[3].contains("no member with this id/NIK/name"),
        "{}",
        en[3]
    );
    assert!(id[3].contains("tidak ada anggota"), "{}", id[3]);
    // With --skip-invalid, the valid row alone (the death) is written.
    let skip = common::import_opts(false, true);
    let (_, report) =
        run_import(&store, &me, Kind::LifeEvents, &table, None, &skip, Lang::En).unwrap();
    assert!(report.written);
    assert_eq!((report.added, report.invalid), (1, 7));
    assert_eq!(
        common::one::<String>(
            &demo.path,
            &format!("SELECT left_reason FROM members WHERE nik = '{her}'")
        ),
        "meninggal"
    );
    assert_eq!(
        common::one::<String>(
            &demo.path,
            &format!(
                "SELECT summary FROM activities WHERE kind = 'pemutakhiran'
                   AND household_id = (SELECT household_id FROM members WHERE nik = '{her}')
                 ORDER BY created_at DESC LIMIT 1"
            )
        ),
        "Data update: death, ".to_string()
            + &common::one::<String>(
                &demo.path,
                &format!("SELECT name FROM members WHERE nik = '{her}'")
            ),
        "the activity log's line in the user's language"
    );
}

fn group_of(path: &Path, no_kk: &str) -> Option<String> {
    common::one(
        path,
        &format!(
            "SELECT g.name FROM households h LEFT JOIN p2k2_groups g ON g.id = h.group_id
             WHERE h.no_kk = '{no_kk}'"
        ),
    )
}

#[test]
fn groups_import_back_unchanged_and_a_new_group_takes_its_families() {
    let demo = demo_db(60, 2, 3);
    let store = Store::open(&demo.path).unwrap();
    let me = user(&store);
    for format in [Format::Csv, Format::Xlsx] {
        let table = table_of(format, &exported(&store, Kind::Groups, format));
        assert!(!table.rows.is_empty(), "the demo has groups");
        let before = history(&demo.path);
        let (problems, report) = import(&store, Kind::Groups, &table);
        assert_eq!(problems, vec![], "{format:?}");
        assert_eq!(
            (report.added, report.updated, report.unchanged),
            (0, 0, table.rows.len()),
            "{format:?}"
        );
        assert_eq!(history(&demo.path), before);
    }
    // Two families: one in a group already, one in none.
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    let pick = |sql: &str| -> String {
        conn.query_row(
            &format!("{sql} AND worker_id = ?1 AND deleted = 0 ORDER BY no_kk LIMIT 1"),
            [&me.id],
            |r| r.get("no_kk"),
        )
        .unwrap()
    };
    let grouped = pick("SELECT no_kk FROM households WHERE group_id IS NOT NULL");
    // Another family, in none or another group.
    let loose = pick(&format!(
        "SELECT no_kk FROM households WHERE group_id IS NOT
            (SELECT group_id FROM households WHERE no_kk = '{grouped}')"
    ));
    let old = group_of(&demo.path, &grouped).unwrap();
    let was_loose = group_of(&demo.path, &loose);
    let file = format!("nama;tempat;keluarga\nMawar Baru;Balai RW 3;{grouped} {loose}\n");
    track(&demo.path);
    let table = read_csv(file.as_bytes()).unwrap();
    let (problems, report) = import(&store, Kind::Groups, &table);
    assert_eq!(problems, vec![]);
    assert_eq!((report.added, report.updated), (1, 0));
    assert_eq!(
        report.warnings.len(),
        1 + usize::from(was_loose.is_some()),
        "each move is told"
    );
    assert_eq!(
        report.warnings[0].reason,
        Reason::GroupMoves {
            from: old.clone(),
            to: "Mawar Baru".into()
        }
    );
    assert_eq!(report.warnings[0].value, grouped);
    assert!(
        import_problem(Lang::En, &report.warnings[0])
            .contains(&format!("moves from group {old} to group Mawar Baru"))
    );
    for kk in [&grouped, &loose] {
        assert_eq!(group_of(&demo.path, kk).as_deref(), Some("Mawar Baru"));
    }
    let logged = count(
        &demo.path,
        "SELECT count(*) FROM change_log WHERE table_name = 'households' AND field = 'group_id'
           AND new_value = (SELECT id FROM p2k2_groups WHERE name = 'Mawar Baru')",
    );
    assert_eq!(logged, 2, "each family's move in its history");
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM sync_dirty WHERE record_id IN
                    (SELECT id FROM p2k2_groups WHERE name = 'Mawar Baru'
                     UNION ALL SELECT id FROM households WHERE no_kk IN ('{grouped}', '{loose}'))"
            )
        ),
        3,
        "the sync's outbox holds the group and its two families"
    );
    // Again, and by its own export: unchanged. A new place: updated, in the history.
    let (_, report) = import(&store, Kind::Groups, &table);
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 1));
    let moved = read_csv(b"nama,tempat\nMawar Baru,Masjid Al-Ikhlas\n").unwrap();
    let (problems, report) = import(&store, Kind::Groups, &moved);
    assert_eq!(problems, vec![]);
    assert_eq!(report.updated, 1);
    assert_eq!(
        common::one::<String>(
            &demo.path,
            "SELECT place FROM p2k2_groups WHERE name = 'Mawar Baru'"
        ),
        "Masjid Al-Ikhlas"
    );
    assert_eq!(
        group_of(&demo.path, &loose).as_deref(),
        Some("Mawar Baru"),
        "families stay"
    );
    assert!(store.verify().unwrap().ok());
}

#[test]
fn a_groups_file_with_unknown_or_foreign_families_is_refused_whole() {
    let demo = demo_db(60, 2, 3);
    let store = Store::open(&demo.path).unwrap();
    let me = user(&store);
    let elsewhere: String = common::one(
        &demo.path,
        &format!(
            "SELECT no_kk FROM households WHERE worker_id <> '{}' AND deleted = 0 LIMIT 1",
            me.id
        ),
    );
    let mine: String = common::one(
        &demo.path,
        &format!(
            "SELECT no_kk FROM households WHERE worker_id = '{}' AND deleted = 0 LIMIT 1",
            me.id
        ),
    );
    let taken: String = common::one(
        &demo.path,
        &format!(
            "SELECT name FROM p2k2_groups WHERE worker_id = '{}' LIMIT 1",
            me.id
        ),
    );
    let unknown = format!("{}9998", &mine[..12]);
    let file = format!(
        "id,nama,tempat,keluarga\n\
         ,Kenanga,,{elsewhere}\n\
         ,Kenanga 2,,{unknown}\n\
         0190c0de-0000-7000-8000-00000000abcd,{taken},,\n\
         ,Kenanga 3,,{mine}\n\
         ,Kenanga 4,,{mine}\n"
    );
    let table = read_csv(file.as_bytes()).unwrap();
    let before = history(&demo.path);
    let (problems, report) = import(&store, Kind::Groups, &table);
    let said: Vec<(usize, Reason)> = problems
        .iter()
        .map(|p| (p.line, p.reason.clone()))
        .collect();
    assert_eq!(
        said,
        vec![
            (2, Reason::OtherCaseload),
            (3, Reason::UnknownHousehold),
            (4, Reason::GroupNameTaken),
            (6, Reason::FamilyTwice { first_line: 5 }),
        ]
    );
    assert!(!report.written);
    assert_eq!(history(&demo.path), before);
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM p2k2_groups WHERE name LIKE 'Kenanga%'"
        ),
        0
    );
}

fn pilar(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(args)
        .env("PILAR_TODAY", "2026-11-29")
        .env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env_remove("PILAR_KEY_FILE")
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn the_binary_exports_life_events_and_imports_them_back_unchanged() {
    let demo = demo_db(400, 1, 7);
    let db = demo.path.to_str().unwrap();
    let dir = demo.dir.path();
    for (format, file) in [("csv", "events.csv"), ("xlsx", "events.xlsx")] {
        let out = pilar(
            dir,
            &[
                "--db",
                db,
                "export",
                "--what",
                "life-events",
                "--format",
                format,
                "--out",
                file,
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("baris peristiwa keluarga ditulis"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (lang, said) in [
            ("id", "Peristiwa keluarga: ditambah 0, diubah 0"),
            ("en", "Life events: added 0, updated 0"),
        ] {
            let out = pilar(dir, &["--lang", lang, "--db", db, "import", file]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains(said), "{lang}: {text}");
        }
    }
}
