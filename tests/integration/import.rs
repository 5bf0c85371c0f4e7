//! Import and export on real SQLite files: CSV (comma, semicolon, BOM, CRLF) and xlsx,
//! every kind of bad row with its line, all-or-nothing, --skip-invalid, --dry-run,
//! idempotent re-import, export -> import round trips of every kind, formula
//! neutralising, and the real binary's exit status and messages.

use crate::common;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use common::{demo_db, today};
use pilar::commands::transfer::run_import;
use pilar::domain::Lang;
use pilar::domain::nik::{NikError, compose_nik, compose_no_kk};
use pilar::domain::{Sex, text};
use pilar::model::{Role, Scope, Worker};
use pilar::store::{ImportOptions, ImportReport, Store};
use pilar::transfer::out::{Cell, Format, render};
use pilar::transfer::rows::{Problem, Reason};
use pilar::transfer::{Kind, Table, read_csv, read_xlsx};

fn nik(serial: u16) -> String {
    let birth = NaiveDate::from_ymd_opt(1985, 3, 12).unwrap();
    compose_nik(33, 24, 4, birth, Sex::Female, serial).to_string()
}

fn child_nik(serial: u16) -> String {
    let birth = NaiveDate::from_ymd_opt(2016, 7, 1).unwrap();
    compose_nik(33, 24, 4, birth, Sex::Male, serial).to_string()
}

fn kk(serial: u16) -> String {
    compose_no_kk(
        33,
        24,
        4,
        NaiveDate::from_ymd_opt(2020, 8, 10).unwrap(),
        serial,
    )
    .to_string()
}

struct Db {
    _dir: tempfile::TempDir,
    dir: std::path::PathBuf,
    path: std::path::PathBuf,
    store: Store,
    user: Worker,
}

fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pilar.db");
    let store = Store::open(&path).unwrap();
    let user = store
        .add_worker("Ani", "ani", Role::Facilitator, 10, None)
        .unwrap();
    store.set_meta("default_user", "ani").unwrap();
    Db {
        dir: dir.path().to_path_buf(),
        _dir: dir,
        path,
        store,
        user,
    }
}

fn opts() -> ImportOptions {
    ImportOptions {
        dry_run: false,
        skip_invalid: false,
        had_problems: false,
        today: today(),
    }
}

fn import_tables(
    db: &Db,
    main: &Table,
    members: Option<&Table>,
    o: ImportOptions,
) -> (Vec<Problem>, ImportReport) {
    let kind = main.kind().expect("a known kind");
    run_import(&db.store, &db.user, kind, main, members, &o, Lang::Id).unwrap()
}

fn import(
    db: &Db,
    csv: &str,
    members: Option<&str>,
    o: ImportOptions,
) -> (Vec<Problem>, ImportReport) {
    let main = read_csv(csv.as_bytes()).unwrap();
    let members = members.map(|m| read_csv(m.as_bytes()).unwrap());
    import_tables(db, &main, members.as_ref(), o)
}

fn count(db: &Db, table: &str) -> i64 {
    common::count(&db.path, &format!("SELECT count(*) FROM {table}"))
}

fn households_csv(sep: &str, eol: &str) -> String {
    let (n1, n2, n3, k1, k2, k3) = (nik(1), nik(2), nik(3), kk(1), kk(2), kk(3));
    let rows = [
        vec![
            "Nama Pengurus",
            "NIK Pengurus",
            "No. KK",
            "Alamat",
            "RT",
            "RW",
            "Desa/Kelurahan",
            "Kecamatan",
            "Kab/Kota",
            "Desil",
            "No HP",
            "Tahun Masuk",
            "Usaha",
        ],
        vec![
            "Siti Aminah",
            &n1,
            &k1,
            "\"Dusun Krajan; Jl. Mawar, 3\"",
            "001",
            "002",
            "Curugsewu",
            "Patean",
            "Kendal",
            "2",
            "0812-3456-7890",
            "2015",
            "Warung",
        ],
        vec![
            "Sri Wahyuni",
            &n2,
            &k2,
            "",
            "003",
            "001",
            "Pagersari",
            "Patean",
            "Kendal",
            "1",
            "",
            "2019",
            "",
        ],
        vec![
            "Lestari",
            &n3,
            &k3,
            "",
            "",
            "",
            "Curugsewu",
            "Patean",
            "Kendal",
            "",
            "",
            "",
            "",
        ],
    ];
    let mut s = String::new();
    for r in rows {
        s.push_str(&r.join(sep));
        s.push_str(eol);
    }
    s
}

fn members_csv() -> String {
    format!(
        "No KK;NIK;Nama;Jenis Kelamin;Tanggal Lahir;Hubungan;Komponen\n\
         {k1};{n1};Siti Aminah;P;12/03/1985;istri;\n\
         {k1};{c1};Budi;L;2016-07-01;anak;sd\n\
         {k2};{n2};Sri Wahyuni;P;;Istri;\n",
        k1 = kk(1),
        n1 = nik(1),
        c1 = child_nik(11),
        k2 = kk(2),
        n2 = nik(2),
    )
}

fn reasons(problems: &[Problem]) -> Vec<(usize, String)> {
    problems
        .iter()
        .map(|p| (p.line, format!("{:?}", p.reason)))
        .collect()
}

#[test]
fn comma_csv_with_lf_imports() {
    let db = db();
    let (problems, report) = import(
        &db,
        &households_csv(",", "\n").replace(';', " "),
        None,
        opts(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((report.added, report.updated, report.unchanged), (3, 0, 0));
    assert!(report.written);
    let rows = db
        .store
        .export_rows(Kind::Households, &Scope::Worker(db.user.id.clone()))
        .unwrap();
    assert_eq!(rows.len(), 3);
    let siti = rows.iter().find(|r| r[2] == "Siti Aminah").unwrap();
    assert_eq!(siti[1], kk(1));
    assert_eq!(siti[11], "081234567890", "the phone keeps its digits");
    assert_eq!(siti[15], "ya", "a business named means it runs one");
    assert_eq!(count(&db, "members"), 3, "each household gets its pengurus");
}

#[test]
fn semicolon_csv_with_bom_crlf_and_quotes_imports_with_members() {
    let db = db();
    let csv = format!("\u{feff}{}", households_csv(";", "\r\n"));
    let (problems, report) = import(&db, &csv, Some(&members_csv()), opts());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.added, 3);
    let rows = db
        .store
        .export_rows(Kind::Households, &Scope::Worker(db.user.id.clone()))
        .unwrap();
    let siti = rows.iter().find(|r| r[2] == "Siti Aminah").unwrap();
    assert_eq!(
        siti[4], "Dusun Krajan; Jl. Mawar, 3",
        "a quoted separator stays"
    );
    let members = db
        .store
        .export_rows(Kind::Members, &Scope::Worker(db.user.id.clone()))
        .unwrap();
    assert_eq!(
        members.len(),
        4,
        "Siti's two, Sri's one, Lestari's pengurus"
    );
    let budi = members.iter().find(|m| m[4] == "Budi").unwrap();
    assert_eq!(&budi[5..], ["L", "2016-07-01", "anak", "sd", "", ""]);
}

#[test]
fn xlsx_with_a_members_sheet_imports() {
    let db = db();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let csv = households_csv("\t", "\n");
    for (i, line) in csv.lines().enumerate() {
        for (j, cell) in line.split('\t').enumerate() {
            sheet
                .write_string(i as u32, j as u16, cell.trim_matches('"'))
                .unwrap();
        }
    }
    let sheet = book.add_worksheet();
    for (i, line) in members_csv().lines().enumerate() {
        for (j, cell) in line.split(';').enumerate() {
            sheet.write_string(i as u32, j as u16, cell).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let mut sheets = read_xlsx(&bytes).unwrap();
    assert_eq!(sheets.len(), 2);
    let members = sheets.remove(1).1;
    let main = sheets.remove(0).1;
    assert_eq!(members.kind(), Some(Kind::Members));
    let (problems, report) = import_tables(&db, &main, Some(&members), opts());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.added, 3);
    assert_eq!(count(&db, "members"), 4);
}

#[test]
fn a_number_cell_in_xlsx_is_explained_as_spreadsheet_damage() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in ["nama", "nik", "no kk", "desa"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Siti").unwrap();
    sheet.write_number(1, 1, 3324045203850001.0).unwrap();
    sheet.write_string(1, 2, kk(1)).unwrap();
    sheet.write_string(1, 3, "Curugsewu").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let table = read_xlsx(&bytes).unwrap().remove(0).1;
    let (_, problems) = pilar::transfer::rows::households(&table, None, today());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 2);
    assert_eq!(
        problems[0].reason,
        Reason::Nik(NikError::ScientificNotation)
    );
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_nothing_is_written() {
    let db = db();
    let header = "nama;nik;no kk;rt;desa;desil\n";
    let rows = [
        format!("Baik;{};{};001;Curugsewu;2", nik(1), kk(1)), // 2 ok
        format!("Provinsi;9924045203850001;{};001;Curugsewu;2", kk(2)), // 3 bad province
        format!("Ilmiah;3.32404E+15;{};001;Curugsewu;2", kk(3)), // 4 scientific
        format!("Potong;332404520385000;{};001;Curugsewu;2", kk(4)), // 5 15 digits
        format!(";{};{};001;Curugsewu;2", nik(5), kk(5)),     // 6 name missing
        format!("Desil;{};{};001;Curugsewu;11", nik(6), kk(6)), // 7 desil
        format!("RT;{};{};12a;Curugsewu;2", nik(7), kk(7)),   // 8 rt
        format!("Ganda;{};{};001;Curugsewu;2", nik(8), kk(1)), // 9 same No KK as 2
        format!("Kutip;\"{};{};001;Curugsewu;2", nik(9), kk(9)), // 10 quote left open
    ];
    let csv = format!("{header}{}\n", rows.join("\n"));
    let members = format!(
        "no kk;nik;nama;hubungan\n{};{};Anak;anak\n",
        kk(42),
        child_nik(3)
    );
    let before = count(&db, "change_log");
    let (problems, report) = import(&db, &csv, Some(&members), opts());
    let r = reasons(&problems);
    let has = |line: usize, what: &str| {
        assert!(
            r.iter().any(|(l, s)| *l == line && s.contains(what)),
            "line {line}: {what} in {r:#?}"
        )
    };
    has(3, "BadProvince");
    has(4, "ScientificNotation");
    has(5, "TooShort { len: 15 }");
    has(6, "Required");
    has(7, "Field(DesilRange)");
    has(8, "Field(Rt)");
    has(9, "DuplicateNoKk { first_line: 2 }");
    has(10, "Cells");
    has(2, "NoHousehold"); // line 2 of the members file
    assert!(!report.written);
    assert_eq!(count(&db, "households"), 0, "one bad row: nothing written");
    assert_eq!(count(&db, "change_log"), before);
    // The messages name line, column, value and reason in the user's language.
    let p = problems.iter().find(|p| p.line == 4).unwrap();
    let id = pilar::transfer::messages::import_problem(Lang::Id, p);
    assert!(
        id.starts_with("Baris 4, kolom nik: \"3.32404E+15\""),
        "{id}"
    );
    assert!(id.contains("notasi ilmiah"), "{id}");
    let en = pilar::transfer::messages::import_problem(Lang::En, p);
    assert!(en.contains("scientific notation"), "{en}");
}

#[test]
fn a_missing_required_column_is_named() {
    let db = db();
    let csv = format!("nama;nik;no kk\nSiti;{};{}\n", nik(1), kk(1));
    let (problems, _) = import(&db, &csv, None, opts());
    assert!(
        problems
            .iter()
            .any(|p| p.line == 1 && p.reason == Reason::MissingColumn("desa")),
        "{problems:?}"
    );
    assert_eq!(count(&db, "households"), 0);
}

#[test]
fn skip_invalid_imports_the_valid_rows_and_dry_run_writes_nothing() {
    let db = db();
    let csv = format!(
        "nama;nik;no kk;desa\nSiti;{};{};Curugsewu\nRusak;123;{};Curugsewu\nSri;{};{};Pagersari\n",
        nik(1),
        kk(1),
        kk(2),
        nik(3),
        kk(3)
    );
    let before = count(&db, "change_log");
    let dry = ImportOptions {
        dry_run: true,
        skip_invalid: true,
        ..opts()
    };
    let (problems, report) = import(&db, &csv, None, dry);
    assert_eq!(problems.len(), 1);
    assert_eq!(report.added, 2);
    assert!(!report.written);
    assert_eq!(count(&db, "households"), 0);
    assert_eq!(count(&db, "change_log"), before);

    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let (problems, report) = import(&db, &csv, None, skip);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 3);
    assert_eq!(report.added, 2);
    assert!(report.written);
    assert_eq!(count(&db, "households"), 2);
}

#[test]
fn reimport_changes_nothing_and_a_changed_row_is_an_update() {
    let db = db();
    let csv = households_csv(";", "\r\n");
    let (_, first) = import(&db, &csv, Some(&members_csv()), opts());
    assert_eq!(first.added, 3);
    let log = count(&db, "change_log");
    let (problems, again) = import(&db, &csv, Some(&members_csv()), opts());
    assert!(problems.is_empty());
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(count(&db, "change_log"), log, "no history for nothing");
    // Without the members file the stored members stay.
    let (_, again) = import(&db, &csv, None, opts());
    assert_eq!(again.unchanged, 3);
    assert_eq!(count(&db, "members"), 4);

    let changed = csv.replace(";Kendal;1;", ";Kendal;3;");
    let (_, update) = import(&db, &changed, None, opts());
    assert_eq!((update.added, update.updated, update.unchanged), (0, 1, 2));
    let c = rusqlite::Connection::open(&db.path).unwrap();
    let (old, new): (String, String) = c
        .query_row(
            "SELECT old_value, new_value FROM change_log WHERE field = 'desil'
             ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((old.as_str(), new.as_str()), ("1", "3"));
    assert!(db.store.verify().unwrap().ok());
}

#[test]
fn a_failure_part_way_leaves_the_database_as_it_was() {
    let db = db();
    {
        let c = rusqlite::Connection::open(&db.path).unwrap();
        c.execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON households WHEN NEW.pengurus_name = 'Lestari'
             BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    }
    let before = count(&db, "change_log");
    let main = read_csv(households_csv(";", "\n").as_bytes()).unwrap();
    let result = run_import(
        &db.store,
        &db.user,
        Kind::Households,
        &main,
        None,
        &opts(),
        Lang::Id,
    );
    assert!(result.is_err());
    assert_eq!(count(&db, "households"), 0);
    assert_eq!(count(&db, "members"), 0);
    assert_eq!(count(&db, "change_log"), before);
}

#[test]
fn hostile_text_is_stored_inert_and_formulas_are_neutralised_on_export() {
    let db = db();
    let csv = format!(
        "nama;nik;no kk;desa;usaha\n\"=HYPERLINK(\"\"http://x\"\")\";{};{};Curug\u{202e}sewu;@SUM(A1)\n",
        nik(1),
        kk(1)
    );
    let (problems, _) = import(&db, &csv, None, opts());
    assert!(problems.is_empty(), "{problems:?}");
    let scope = Scope::Worker(db.user.id.clone());
    let rows = db.store.export_rows(Kind::Households, &scope).unwrap();
    assert!(
        !rows[0][7].chars().any(text::is_hostile),
        "bidi override made inert"
    );
    let out = String::from_utf8(render(Kind::Households, Format::Csv, &rows).unwrap()).unwrap();
    assert!(out.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{out}");
    assert!(out.contains(";'@SUM(A1);"), "{out}");
    assert!(
        out.contains(&format!("\"=\"\"{}\"\"\"", kk(1))),
        "No KK kept as text: {out}"
    );
    // And back: the importer removes what the export added.
    let again = read_csv(out.as_bytes()).unwrap();
    let (_, report) = import_tables(&db, &again, None, opts());
    assert_eq!(report.unchanged, 1, "{report:?}");
}

/// Exports every importable kind from `store` (as `user`) in `format`, then reads them back.
fn export_all(
    store: &Store,
    scope: &Scope,
    format: Format,
) -> Vec<(Kind, Vec<Vec<Cell>>, Vec<u8>)> {
    Kind::ALL
        .into_iter()
        .filter(|k| k.importable())
        .map(|k| {
            let rows = store.export_rows(k, scope).unwrap();
            let bytes = render(k, format, &rows).unwrap();
            (k, rows, bytes)
        })
        .collect()
}

fn table_of(format: Format, bytes: &[u8]) -> Table {
    match format {
        Format::Xlsx => read_xlsx(bytes).unwrap().remove(0).1,
        _ => read_csv(bytes).unwrap(),
    }
}

fn round_trip(format: Format) {
    let demo = demo_db(40, 1, 7);
    let source = Store::open(&demo.path).unwrap();
    let siti = source
        .worker_by_login(&demo.summary.default_user)
        .unwrap()
        .unwrap();
    let first = export_all(&source, &Scope::for_worker(&siti), format);
    assert!(first.iter().all(|(_, rows, _)| !rows.is_empty()));

    let db = db();
    let get = |k: Kind| table_of(format, &first.iter().find(|f| f.0 == k).unwrap().2);
    let members = get(Kind::Members);
    let (problems, report) = import_tables(&db, &get(Kind::Households), Some(&members), opts());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.added, 40);
    for k in [
        Kind::Groups,
        Kind::Graduations,
        Kind::Referrals,
        Kind::Activities,
    ] {
        let t = get(k);
        assert_eq!(t.kind(), Some(k));
        let (problems, report) = import_tables(&db, &t, None, opts());
        assert!(problems.is_empty(), "{k:?}: {problems:?}");
        assert_eq!(report.added, t.rows.len(), "{k:?}");
    }
    let second = export_all(&db.store, &Scope::for_worker(&db.user), format);
    // Life events are not imported into a database rebuilt from these files: its members
    // already show them (their round trips are in `transfer_life.rs`).
    for ((k, a, _), (_, b, _)) in first.iter().zip(&second) {
        if *k == Kind::LifeEvents {
            continue;
        }
        assert_eq!(a, b, "{k:?} differs after the round trip");
    }
    // Importing it all again changes nothing.
    let log = count(&db, "change_log");
    let (_, again) = import_tables(&db, &get(Kind::Households), Some(&members), opts());
    assert_eq!(again.unchanged, 40);
    for k in [
        Kind::Groups,
        Kind::Graduations,
        Kind::Referrals,
        Kind::Activities,
    ] {
        let (_, again) = import_tables(&db, &get(k), None, opts());
        assert_eq!((again.added, again.updated), (0, 0), "{k:?}");
    }
    assert_eq!(count(&db, "change_log"), log);
    assert!(db.store.verify().unwrap().ok());
}

#[test]
fn export_then_import_gives_back_the_same_data_csv() {
    round_trip(Format::Csv);
}

#[test]
fn export_then_import_gives_back_the_same_data_xlsx() {
    round_trip(Format::Xlsx);
}

#[test]
fn json_export_carries_every_column() {
    let demo = demo_db(10, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let rows = store.export_rows(Kind::Referrals, &Scope::All).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&render(Kind::Referrals, Format::Json, &rows).unwrap()).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), rows.len());
    if let Some(first) = list.first() {
        assert_eq!(first["id"], rows[0][0].json());
        assert_eq!(first["no_kk"].as_str().unwrap().len(), 16);
    }
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
fn the_binary_refuses_a_bad_file_with_status_1_and_imports_a_good_one() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let bad = db.dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "nama;nik;no kk;desa\nSiti;{};{};Curugsewu\nSri;3.3E+15;{};Curugsewu\n",
            nik(1),
            kk(1),
            kk(2)
        ),
    )
    .unwrap();
    let out = pilar(&db.dir, &["import", "--db", &dbp, bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Baris 3, kolom nik: \"3.3E+15\""), "{err}");
    assert!(err.contains("tidak ada yang diimpor"), "{err}");
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            "--skip-invalid",
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Households: added 1, updated 0, unchanged 0, invalid 1."),
        "{text}"
    );
    // Export to stdout, CSV; xlsx needs --out.
    let out = pilar(&db.dir, &["export", "--db", &dbp, "--what", "households"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("=\"\"{}\"\"", kk(1))));
    let out = pilar(
        &db.dir,
        &[
            "export",
            "--db",
            &dbp,
            "--what",
            "households",
            "--format",
            "xlsx",
            "--lang",
            "en",
        ],
    );
    // A usage error (issue 12): status 2.
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
}

#[test]
fn a_supervisor_cannot_import() {
    let demo = demo_db(20, 2, 1);
    let file = demo.dir.path().join("k.csv");
    std::fs::write(
        &file,
        format!("nama;nik;no kk;desa\nSiti;{};{};Curugsewu\n", nik(1), kk(1)),
    )
    .unwrap();
    let out = pilar(
        demo.dir.path(),
        &[
            "import",
            "--db",
            demo.path.to_str().unwrap(),
            "--lang",
            "en",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("A supervisor cannot import"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_csv_reader_and_checks_never_panic_on_any_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..400)
        ) {
            if let Ok(t) = read_csv(&bytes) {
                let _ = t.kind();
                let _ = pilar::transfer::rows::households(&t, Some(&t), today());
                let _ = pilar::transfer::rows::activities(&t);
                let _ = pilar::transfer::rows::graduations(&t);
                let _ = pilar::transfer::rows::referrals(&t);
            }
        }

        #[test]
        fn the_workbook_reader_never_panics_on_any_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..400),
            zip in any::<bool>(),
        ) {
            let mut bytes = bytes;
            if zip {
                // Past the first check: a zip's local file header.
                bytes.splice(0..0, *b"PK\x03\x04");
            }
            if let Ok(sheets) = read_xlsx(&bytes) {
                for (_, t) in sheets {
                    let _ = pilar::transfer::rows::households(&t, Some(&t), today());
                }
            }
        }

        #[test]
        fn a_damaged_workbook_never_panics(
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        ) {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            for (j, h) in ["nama", "nik", "no kk", "desa"].iter().enumerate() {
                sheet.write_string(0, j as u16, *h).unwrap();
                sheet.write_string(1, j as u16, "3324045203850001").unwrap();
            }
            let mut bytes = book.save_to_buffer().unwrap();
            for (at, b) in flips {
                let n = bytes.len();
                bytes[at % n] = b;
            }
            let _ = read_xlsx(&bytes);
        }

        #[test]
        fn csv_like_text_never_panics(
            s in "(nama|nik|no kk|desa|rt|desil|tanggal|ringkasan|kegiatan)([;,][a-z ]{0,8}){0,5}\r?\n(([\"0-9A-Za-z.E+ ;,'=-]{0,20})\r?\n){0,8}"
        ) {
            if let Ok(t) = read_csv(s.as_bytes()) {
                let _ = pilar::transfer::rows::households(&t, Some(&t), today());
                let _ = pilar::transfer::rows::activities(&t);
            }
        }
    }
}

#[test]
fn the_templates_in_assets_import_cleanly() {
    let db = db();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/import");
    let main = read_csv(&std::fs::read(root.join("keluarga.csv")).unwrap()).unwrap();
    let members = read_csv(&std::fs::read(root.join("anggota.csv")).unwrap()).unwrap();
    assert!(
        main.unknown_headers().is_empty(),
        "{:?}",
        main.unknown_headers()
    );
    assert!(members.unknown_headers().is_empty());
    let (problems, report) = import_tables(&db, &main, Some(&members), opts());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.added, 1);
    assert_eq!(count(&db, "members"), 2);
}

/// A large import (more than 2,000 rows) writes through a rollback journal when it has the
/// file to itself, and through the WAL when another session has it open; either way every
/// row lands, the file is back in WAL mode and its history verifies.
#[test]
fn a_large_import_with_and_without_another_session() {
    let csv = |from: u16| {
        let mut s = String::from("nama;nik;no kk;desa\n");
        for i in from..from + 2500 {
            s.push_str(&format!("Ibu {i};{};{};Curugsewu\n", nik(i), kk(i)));
        }
        s
    };
    let journal = |db: &Db| -> String {
        rusqlite::Connection::open(&db.path)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap()
    };
    let db = db();
    let (problems, report) = import(&db, &csv(1), None, opts());
    assert!(problems.is_empty());
    assert_eq!(report.added, 2500);
    assert_eq!(journal(&db), "wal");
    // Another session keeps the file open (and reads from it) during the next import.
    let other = Store::open(&db.path).unwrap();
    assert_eq!(other.workers().unwrap().len(), 1);
    let (problems, report) = import(&db, &csv(3000), None, opts());
    assert!(problems.is_empty());
    assert_eq!(report.added, 2500);
    assert_eq!(
        other.workers().unwrap().len(),
        1,
        "the other session still reads"
    );
    drop(other);
    assert_eq!(count(&db, "households"), 5000);
    assert_eq!(journal(&db), "wal");
    assert!(db.store.verify().unwrap().ok());
}

/// Imports `csv` as `user` (another facilitator than the database's Ani, say).
fn import_as(db: &Db, user: &Worker, csv: &str, o: ImportOptions) -> (Vec<Problem>, ImportReport) {
    let main = read_csv(csv.as_bytes()).unwrap();
    let kind = main.kind().expect("a known kind");
    run_import(&db.store, user, kind, &main, None, &o, Lang::Id).unwrap()
}

fn simple_households(list: &[(u16, &str)]) -> String {
    let mut s = String::from("nama;nik;no kk;desa\n");
    for (serial, name) in list {
        s.push_str(&format!(
            "{name};{};{};Curugsewu\n",
            nik(*serial),
            kk(*serial)
        ));
    }
    s
}

fn query(db: &Db, sql: &str, id: &str) -> String {
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row(sql, [id], |r| {
            r.get::<_, rusqlite::types::Value>(0).map(|v| match v {
                rusqlite::types::Value::Text(s) => s,
                rusqlite::types::Value::Integer(i) => i.to_string(),
                _ => String::new(),
            })
        })
        .unwrap()
}

#[test]
fn an_import_cannot_rewrite_move_or_undo_another_facilitators_records() {
    let db = db();
    let budi = db
        .store
        .add_worker("Budi", "budi", Role::Facilitator, 10, None)
        .unwrap();
    let (p, _) = import(
        &db,
        &simple_households(&[(1, "Siti"), (3, "Sri")]),
        None,
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    let (p, _) = import_as(&db, &budi, &simple_households(&[(2, "Lestari")]), opts());
    assert!(p.is_empty(), "{p:?}");
    let budi_household = query(&db, "SELECT id FROM households WHERE no_kk = ?1", &kk(2));
    let (aid, gid, rid) = (
        "0b6c3a52-2f1e-4c4e-9a55-000000000001",
        "0b6c3a52-2f1e-4c4e-9a55-000000000002",
        "0b6c3a52-2f1e-4c4e-9a55-000000000003",
    );
    for csv in [
        format!(
            "id;no_kk;kegiatan;tanggal;ringkasan\n{aid};{};kunjungan;2026-11-01;Kunjungan Budi\n",
            kk(2)
        ),
        format!(
            "id;no_kk;graduasi;tanggal;bukti\n{gid};{};sejahtera_mandiri;2026-11-02;asesmen,surat_pernyataan\n",
            kk(2)
        ),
        format!(
            "id;no_kk;program;tanggal;lembaga\n{rid};{};kube;2026-11-02;Dinsos\n",
            kk(2)
        ),
    ] {
        let (p, report) = import_as(&db, &budi, &csv, opts());
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(report.added, 1);
    }
    let log = count(&db, "change_log");
    // Ani names Budi's records by their ids, with her own household.
    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    for csv in [
        format!(
            "id;no_kk;kegiatan;tanggal;ringkasan\n{aid};{};kunjungan;2026-11-03;Ditimpa\n",
            kk(1)
        ),
        format!(
            "id;no_kk;graduasi;tanggal;dibatalkan\n{gid};{};alamiah;2026-11-03;ya\n",
            kk(1)
        ),
        format!(
            "id;no_kk;program;tanggal;lembaga\n{rid};{};kur;2026-11-03;Bank\n",
            kk(1)
        ),
    ] {
        let (p, report) = import(&db, &csv, None, skip);
        assert_eq!(
            reasons(&p),
            [(2, "RecordOtherCaseload".to_string())],
            "{csv}"
        );
        assert_eq!((report.added, report.updated), (0, 0));
        let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
        assert!(en.contains("another facilitator's caseload"), "{en}");
    }
    assert_eq!(count(&db, "change_log"), log, "nothing written");
    for (table, id) in [
        ("activities", aid),
        ("graduations", gid),
        ("referrals", rid),
    ] {
        let sql = format!("SELECT household_id FROM {table} WHERE id = ?1");
        assert_eq!(query(&db, &sql, id), budi_household, "{table}");
    }
    assert_eq!(
        query(
            &db,
            "SELECT kind || undone FROM graduations WHERE id = ?1",
            gid
        ),
        "sejahtera_mandiri0"
    );

    // Her own records: an update may not move one to another household, nor undo a
    // graduation; it does refresh the household's roll-ups.
    let (a2, g2) = (
        "0b6c3a52-2f1e-4c4e-9a55-000000000004",
        "0b6c3a52-2f1e-4c4e-9a55-000000000005",
    );
    let activity = |no_kk: &str, date: &str| {
        format!("id;no_kk;kegiatan;tanggal;ringkasan\n{a2};{no_kk};kunjungan;{date};Kunjungan\n")
    };
    let (p, report) = import(&db, &activity(&kk(1), "2026-10-01"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.added, 1);
    let siti = query(&db, "SELECT id FROM households WHERE no_kk = ?1", &kk(1));
    let (p, _) = import(&db, &activity(&kk(3), "2026-10-01"), None, opts());
    assert_eq!(reasons(&p), [(2, "MovesRecord".to_string())]);
    assert_eq!(
        query(&db, "SELECT household_id FROM activities WHERE id = ?1", a2),
        siti
    );
    let (p, report) = import(&db, &activity(&kk(1), "2026-10-20"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.updated, 1);
    assert_eq!(
        query(
            &db,
            "SELECT last_visit FROM households WHERE id = ?1",
            &siti
        ),
        "2026-10-20"
    );
    let graduation = |undone: &str| {
        format!(
            "id;no_kk;graduasi;tanggal;bukti;dibatalkan\n{g2};{};mandiri;2026-11-01;surat_pernyataan;{undone}\n",
            kk(3)
        )
    };
    let (p, report) = import(&db, &graduation("tidak"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.added, 1);
    let (p, _) = import(&db, &graduation("ya"), None, skip);
    assert_eq!(reasons(&p), [(2, "ChangesUndone".to_string())]);
    assert!(pilar::transfer::messages::import_problem(Lang::En, &p[0]).contains("U U"));
    assert_eq!(
        query(
            &db,
            "SELECT status FROM households WHERE no_kk = ?1",
            &kk(3)
        ),
        "graduasi"
    );
    assert_eq!(
        query(&db, "SELECT undone FROM graduations WHERE id = ?1", g2),
        "0"
    );
    // Nor change a recorded graduation's kind or date (its status came from them).
    for changed in [
        graduation("tidak")
            .replace(";mandiri;", ";sejahtera_mandiri;")
            .replace(";surat_pernyataan;", ";asesmen,surat_pernyataan;"),
        graduation("tidak").replace("2026-11-01", "2026-11-05"),
    ] {
        let (p, _) = import(&db, &changed, None, skip);
        assert_eq!(
            reasons(&p),
            [(2, "ChangesGraduation".to_string())],
            "{changed}"
        );
    }
    assert_eq!(
        query(
            &db,
            "SELECT kind || date FROM graduations WHERE id = ?1",
            g2
        ),
        "mandiri2026-11-01"
    );
    // Re-importing it unchanged is fine.
    let (p, report) = import(&db, &graduation("tidak"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.unchanged, 1);
    assert!(db.store.verify().unwrap().ok());
}

#[test]
fn a_supervisors_note_is_not_rewritten_by_an_import() {
    let db = db();
    let korcam = db
        .store
        .add_worker("Korcam", "korcam", Role::Supervisor, 0, None)
        .unwrap();
    let (p, _) = import(&db, &simple_households(&[(1, "Siti")]), None, opts());
    assert!(p.is_empty(), "{p:?}");
    let siti = query(&db, "SELECT id FROM households WHERE no_kk = ?1", &kk(1));
    let note = db
        .store
        .add_activity(
            &korcam.id,
            &pilar::model::NewActivity {
                households: vec![(siti.clone(), true)],
                kind: pilar::domain::activity::ActivityKind::Direktif,
                date: today(),
                summary: "Kunjungi minggu ini".into(),
                detail: String::new(),
                follow_up: None,
                group_name: String::new(),
                place: String::new(),
                p2k2_module: None,
                p2k2_session: None,
            },
        )
        .unwrap();
    // The facilitator's export carries the note; importing it back changes nothing ...
    let rows = db
        .store
        .export_rows(Kind::Activities, &Scope::Worker(db.user.id.clone()))
        .unwrap();
    let csv = String::from_utf8(render(Kind::Activities, Format::Csv, &rows).unwrap()).unwrap();
    let (p, report) = import(&db, &csv, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.unchanged, 1);
    // ... and an edited copy is refused.
    let edited = csv.replace("Kunjungi minggu ini", "Sudah");
    let (p, _) = import(&db, &edited, None, opts());
    assert_eq!(reasons(&p), [(2, "SupervisorRecord".to_string())]);
    assert_eq!(
        query(&db, "SELECT summary FROM activities WHERE id = ?1", &note),
        "Kunjungi minggu ini"
    );
}

#[test]
fn a_refused_member_row_leaves_its_household_as_it_was() {
    let db = db();
    let csv = households_csv(";", "\n");
    let (p, _) = import(&db, &csv, Some(&members_csv()), opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(count(&db, "members"), 4);
    // The child's row (line 3 of the members file) now has a date that is not one.
    let bad = members_csv().replace("2016-07-01", "kemarin");
    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let changed = csv.replace(";Kendal;2;", ";Kendal;4;");
    let (p, report) = import(&db, &changed, Some(&bad), skip);
    let r = reasons(&p);
    assert!(r.contains(&(3, "Date".to_string())), "{r:?}");
    assert!(
        r.contains(&(2, "MemberRefused { member_line: 3 }".to_string())),
        "{r:?}"
    );
    assert!(report.written);
    assert_eq!((report.updated, report.unchanged), (0, 2));
    let live: i64 = rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row("SELECT count(*) FROM members WHERE deleted = 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(live, 4, "the stored child is not deleted");
    assert_eq!(
        query(&db, "SELECT desil FROM households WHERE no_kk = ?1", &kk(1)),
        "2",
        "the household is left as it was"
    );
    let p = p.iter().find(|p| p.line == 2).unwrap();
    let id = pilar::transfer::messages::import_problem(Lang::Id, p);
    assert!(id.contains("baris 3"), "{id}");
}

#[test]
fn a_nik_under_two_no_kks_is_a_duplicate_across_the_files() {
    let db = db();
    // Sri's pengurus NIK (line 3 of the households file) as a child of Siti's household.
    let members = format!(
        "no kk;nik;nama;hubungan\n{};{};Sri Lagi;anak\n",
        kk(1),
        nik(2)
    );
    let (p, report) = import(&db, &households_csv(";", "\n"), Some(&members), opts());
    let r = reasons(&p);
    assert!(
        r.contains(&(2, "DuplicateNik { first_line: 3 }".to_string())),
        "{r:?}"
    );
    assert!(!report.written);
    assert_eq!(count(&db, "households"), 0);
}

#[test]
fn a_duplicate_id_in_one_file_is_reported_with_its_line() {
    let db = db();
    let hid = "0b6c3a52-2f1e-4c4e-9a55-0000000000aa";
    let households = format!(
        "id;nama;nik;no kk;desa\n{hid};Siti;{};{};Curugsewu\n{hid};Sri;{};{};Curugsewu\n",
        nik(1),
        kk(1),
        nik(2),
        kk(2)
    );
    let (p, _) = import(&db, &households, None, opts());
    assert_eq!(
        reasons(&p),
        [(3, "DuplicateId { first_line: 2 }".to_string())]
    );
    let (p, _) = import(&db, &simple_households(&[(1, "Siti")]), None, opts());
    assert!(p.is_empty());
    let aid = "0b6c3a52-2f1e-4c4e-9a55-0000000000bb";
    let activities = format!(
        "id;no_kk;kegiatan;tanggal;ringkasan\n{aid};{k};kunjungan;2026-11-01;Satu\n{aid};{k};kunjungan;2026-11-02;Dua\n",
        k = kk(1)
    );
    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let (p, report) = import(&db, &activities, None, skip);
    assert_eq!(
        reasons(&p),
        [(3, "DuplicateId { first_line: 2 }".to_string())]
    );
    assert_eq!(report.added, 1);
    let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
    assert!(en.contains("the same id is already on line 2"), "{en}");
    let id = pilar::transfer::messages::import_problem(Lang::Id, &p[0]);
    assert!(id.contains("id yang sama sudah ada di baris 2"), "{id}");
    for (kind, header) in [
        ("graduasi", "graduasi;bukti"),
        ("program", "program;lembaga"),
    ] {
        let (a, b) = if kind == "graduasi" {
            ("pindah;", "meninggal;")
        } else {
            ("kube;Dinsos", "kur;Bank")
        };
        let csv = format!(
            "id;no_kk;tanggal;{header}\n{aid};{k};2026-11-01;{a}\n{aid};{k};2026-11-02;{b}\n",
            k = kk(1)
        );
        let (p, _) = import(&db, &csv, None, opts());
        assert_eq!(
            reasons(&p),
            [(3, "DuplicateId { first_line: 2 }".to_string())],
            "{kind}"
        );
    }
}

#[test]
fn a_graduation_without_the_evidence_the_form_requires_is_refused() {
    let db = db();
    let (p, _) = import(
        &db,
        &simple_households(&[(1, "Siti"), (2, "Sri"), (3, "Tri")]),
        None,
        opts(),
    );
    assert!(p.is_empty());
    let csv = format!(
        "no_kk;graduasi;tanggal;bukti\n\
         {};mandiri;2026-11-01;\n\
         {};sejahtera_mandiri;2026-11-01;Asesmen\n\
         {};sejahtera_mandiri;2026-11-01;asesmen, Surat Pernyataan\n",
        kk(1),
        kk(2),
        kk(3)
    );
    let skip = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let (p, report) = import(&db, &csv, None, skip);
    assert_eq!(
        reasons(&p),
        [
            (2, "MissingEvidence([\"surat_pernyataan\"])".to_string()),
            (3, "MissingEvidence([\"surat_pernyataan\"])".to_string()),
        ]
    );
    assert_eq!(report.added, 1, "only the graduation with both");
    let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
    assert!(en.contains("needs the evidence: surat_pernyataan"), "{en}");
    // The demo's graduations satisfy the rule, so its exports import.
    let demo = demo_db(300, 2, 11);
    let store = Store::open(&demo.path).unwrap();
    let rows = store.export_rows(Kind::Graduations, &Scope::All).unwrap();
    let kinds: Vec<&str> = rows.iter().map(|r| r[3].text.as_str()).collect();
    assert!(
        kinds.contains(&"mandiri") && kinds.contains(&"sejahtera_mandiri"),
        "{kinds:?}"
    );
    let bytes = render(Kind::Graduations, Format::Csv, &rows).unwrap();
    let (_, problems) = pilar::transfer::rows::graduations(&read_csv(&bytes).unwrap());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn export_refuses_to_overwrite_a_file_and_writes_a_new_one_private() {
    use std::os::unix::fs::PermissionsExt;
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let old = db.dir.join("old.csv");
    std::fs::write(&old, "dulu").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = pilar(
        &db.dir,
        &[
            "export",
            "--db",
            &dbp,
            "--what",
            "households",
            "--lang",
            "en",
            "--out",
            old.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already exists") && err.contains("does not overwrite"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "dulu");
    let out = pilar(
        &db.dir,
        &[
            "export",
            "--db",
            &dbp,
            "--what",
            "households",
            "--out",
            old.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tidak menimpanya"));
    let new = db.dir.join("new.csv");
    let out = pilar(
        &db.dir,
        &[
            "export",
            "--db",
            &dbp,
            "--what",
            "households",
            "--out",
            new.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn a_failing_import_benchmark_says_why_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    // A temporary directory that is a file: the benchmark cannot make its folder.
    let not_a_dir = dir.path().join("file");
    std::fs::write(&not_a_dir, "").unwrap();
    let run = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_pilar"))
            .args(["bench", "--import", "1", "--lang", lang])
            .env("PILAR_TODAY", "2026-11-29")
            .env("TMPDIR", &not_a_dir)
            .env_remove("PILAR_LANG")
            .env_remove("PILAR_DB")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run("en");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("The import benchmark failed: Cannot write"),
        "{err}"
    );
    let out = run("id");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Uji kecepatan impor gagal: Tidak dapat menulis"),
        "{err}"
    );
}

// Issue 14: partial imports, dry-run listing, counts, spreadsheet-mangled phones, sheet
// names, NIK rules on import, bounded input, inert messages, no identity leak.

fn scope(db: &Db) -> Scope {
    Scope::Worker(db.user.id.clone())
}

fn household_row(db: &Db, no_kk: &str) -> Vec<String> {
    db.store
        .export_rows(Kind::Households, &scope(db))
        .unwrap()
        .into_iter()
        .find(|r| r[1] == no_kk)
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect()
}

fn logged_fields_since(db: &Db, seq: i64) -> Vec<String> {
    let c = rusqlite::Connection::open(&db.path).unwrap();
    let mut stmt = c
        .prepare("SELECT field FROM change_log WHERE seq > ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([seq], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn last_seq(db: &Db) -> i64 {
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn a_partial_file_changes_only_its_columns_and_an_empty_cell_clears() {
    use pilar::transfer::Col;
    let db = db();
    let (p, _) = import(
        &db,
        &households_csv(";", "\n"),
        Some(&members_csv()),
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    let before = household_row(&db, &kk(1));
    let seq = last_seq(&db);
    // The field test's D1: an office sheet that only updates phone numbers.
    let phones = format!(
        "no_kk;nama;nik;desa;telepon\n{};Siti Aminah;{};Curugsewu;0812 9999 8888\n",
        kk(1),
        nik(1)
    );
    let (p, report) = import(&db, &phones, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!((report.added, report.updated, report.unchanged), (0, 1, 0));
    let after = household_row(&db, &kk(1));
    for (i, col) in Kind::Households.columns().iter().enumerate() {
        if *col == Col::Phone {
            assert_eq!(after[i], "081299998888");
        } else {
            assert_eq!(after[i], before[i], "{col:?} kept");
        }
    }
    assert_eq!(logged_fields_since(&db, seq), ["phone"]);
    assert_eq!(count(&db, "members"), 4, "members untouched");
    // An empty cell in a column the file has clears that field, and only that one.
    let seq = last_seq(&db);
    let clear = format!(
        "no_kk;nama;nik;desa;alamat;desil;usaha\n{};Siti Aminah;{};Curugsewu;;;\n",
        kk(1),
        nik(1)
    );
    let (p, report) = import(&db, &clear, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.updated, 1);
    let cleared = household_row(&db, &kk(1));
    for (i, col) in Kind::Households.columns().iter().enumerate() {
        match col {
            Col::Address | Col::Desil | Col::Business => {
                assert_eq!(cleared[i], "", "{col:?} cleared")
            }
            // A file with a business column and an empty cell runs no business.
            Col::HasBusiness => assert_eq!(cleared[i], "tidak"),
            _ => assert_eq!(cleared[i], after[i], "{col:?} kept"),
        }
    }
    let mut logged = logged_fields_since(&db, seq);
    logged.sort();
    assert_eq!(
        logged,
        ["address", "business_desc", "desil", "has_business"]
    );
}

#[test]
fn a_partial_members_file_keeps_what_it_leaves_out() {
    let db = db();
    let csv = households_csv(";", "\n");
    let (p, _) = import(&db, &csv, Some(&members_csv()), opts());
    assert!(p.is_empty(), "{p:?}");
    let seq = last_seq(&db);
    // Names only: Budi is renamed; his relation, component, sex and birth date stay.
    let names = format!(
        "no kk;nik;nama\n{k1};{n1};Siti Aminah\n{k1};{c1};Budi Santoso\n{k2};{n2};Sri Wahyuni\n",
        k1 = kk(1),
        n1 = nik(1),
        c1 = child_nik(11),
        k2 = kk(2),
        n2 = nik(2),
    );
    let (p, report) = import(&db, &csv, Some(&names), opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!((report.updated, report.unchanged), (1, 2));
    let members = db.store.export_rows(Kind::Members, &scope(&db)).unwrap();
    let budi = members.iter().find(|m| m[3] == child_nik(11)).unwrap();
    assert_eq!(
        &budi[4..],
        ["Budi Santoso", "L", "2016-07-01", "anak", "sd", "", ""]
    );
    assert_eq!(logged_fields_since(&db, seq), ["name"]);
}

#[test]
fn a_partial_records_file_keeps_what_it_leaves_out() {
    let db = db();
    let (p, _) = import(&db, &simple_households(&[(1, "Siti")]), None, opts());
    assert!(p.is_empty(), "{p:?}");
    let (aid, rid) = (
        "0b6c3a52-2f1e-4c4e-9a55-0000000000a1",
        "0b6c3a52-2f1e-4c4e-9a55-0000000000a2",
    );
    let full = format!(
        "id;no_kk;kegiatan;tanggal;ringkasan;rincian;tindak_lanjut\n\
         {aid};{};kunjungan;2026-11-02;Kunjungan rumah;Atap bocor;2026-12-10\n",
        kk(1)
    );
    let (p, _) = import(&db, &full, None, opts());
    assert!(p.is_empty(), "{p:?}");
    let short = format!(
        "id;no_kk;kegiatan;tanggal;ringkasan\n{aid};{};kunjungan;2026-11-02;Kunjungan kedua\n",
        kk(1)
    );
    let (p, report) = import(&db, &short, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.updated, 1);
    assert_eq!(
        query(&db, "SELECT summary FROM activities WHERE id = ?1", aid),
        "Kunjungan kedua"
    );
    assert_eq!(
        query(&db, "SELECT detail FROM activities WHERE id = ?1", aid),
        "Atap bocor"
    );
    assert_eq!(
        query(&db, "SELECT follow_up FROM activities WHERE id = ?1", aid),
        "2026-12-10"
    );
    let referral = format!(
        "id;no_kk;program;tanggal;lembaga;catatan\n{rid};{};kur;2026-11-03;BRI Patean;bawa KTP\n",
        kk(1)
    );
    let (p, _) = import(&db, &referral, None, opts());
    assert!(p.is_empty(), "{p:?}");
    let status = format!(
        "id;no_kk;program;tanggal;status\n{rid};{};kur;2026-11-03;diterima\n",
        kk(1)
    );
    let (p, report) = import(&db, &status, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.updated, 1);
    assert_eq!(
        query(&db, "SELECT status FROM referrals WHERE id = ?1", rid),
        "diterima"
    );
    assert_eq!(
        query(&db, "SELECT agency FROM referrals WHERE id = ?1", rid),
        "BRI Patean"
    );
    assert_eq!(
        query(&db, "SELECT notes FROM referrals WHERE id = ?1", rid),
        "bawa KTP"
    );
    // A status cannot be emptied: an empty cell keeps it.
    let (p, report) = import(&db, &status.replace(";diterima", ";"), None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.unchanged, 1);
}

/// A database at `db.path` with the households and members of `households_csv`, closed.
fn filled_db_file() -> Db {
    let db = db();
    let (p, _) = import(
        &db,
        &households_csv(";", "\n"),
        Some(&members_csv()),
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    db
}

fn run_text(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dry_run_lists_each_field_that_would_change_with_identity_numbers_masked() {
    let db = filled_db_file();
    let dbp = db.path.to_str().unwrap().to_string();
    let file = db.dir.join("hp.csv");
    // A new phone, an emptied address, and a pengurus NIK that differs from the stored one.
    std::fs::write(
        &file,
        format!(
            "no_kk;nama;nik;desa;telepon;alamat\n{};Siti Aminah;{};Curugsewu;081299998888;\n",
            kk(1),
            nik(9)
        ),
    )
    .unwrap();
    let seq = last_seq(&db);
    let out = pilar(
        &db.dir,
        &["import", "--db", &dbp, "--dry-run", file.to_str().unwrap()],
    );
    let (stdout, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("Baris 2"), "{stdout}");
    assert!(
        stdout.contains("No. HP: 081234567890 -> 081299998888"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Alamat: Dusun Krajan; Jl. Mawar, 3 -> -"),
        "{stdout}"
    );
    assert!(
        stdout.contains("NIK pengurus: 3324••••••••0001 -> 3324••••••••0009"),
        "{stdout}"
    );
    assert!(!stdout.contains(&nik(9)), "NIK masked: {stdout}");
    assert!(!stdout.contains(&nik(1)), "NIK masked: {stdout}");
    assert_eq!(last_seq(&db), seq, "a dry run writes nothing");
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--dry-run",
            "--lang",
            "en",
            file.to_str().unwrap(),
        ],
    );
    let (stdout, _) = run_text(&out);
    assert!(
        stdout.contains("Phone: 081234567890 -> 081299998888"),
        "{stdout}"
    );
}

#[test]
fn summaries_count_households_and_members_and_say_nothing_was_added_when_refused() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    // Two good rows and a bad one: all or nothing refuses the file.
    let file = db.dir.join("k.csv");
    std::fs::write(
        &file,
        format!(
            "nama;nik;no kk;desa\nSiti;{};{};Curugsewu\nSri;{};{};Curugsewu\nRusak;123;{};Curugsewu\n",
            nik(1),
            kk(1),
            nik(2),
            kk(2),
            kk(3)
        ),
    )
    .unwrap();
    let out = pilar(&db.dir, &["import", "--db", &dbp, file.to_str().unwrap()]);
    let (stdout, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout.contains("ditambah 2"), "{stdout}");
    assert!(stderr.contains("1 masalah di 1 baris"), "{stderr}");
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            file.to_str().unwrap(),
        ],
    );
    let (stdout, stderr) = run_text(&out);
    assert!(!stdout.contains("added 2"), "{stdout}");
    assert!(stderr.contains("1 problem on 1 line;"), "{stderr}");
    // One household with two bad member rows is one invalid household (and two invalid
    // member rows); the other household and its members are counted.
    let members = db.dir.join("a.csv");
    std::fs::write(
        &members,
        format!(
            "no kk;nik;nama;tanggal lahir\n{k1};{c1};Budi;kemarin lusa\n{k1};123;Ani;\n{k2};{c2};Dodi;\n",
            k1 = kk(1),
            c1 = child_nik(11),
            k2 = kk(2),
            c2 = child_nik(12),
        ),
    )
    .unwrap();
    let two = db.dir.join("k2.csv");
    std::fs::write(&two, simple_households(&[(1, "Siti"), (2, "Sri")])).unwrap();
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            "--skip-invalid",
            "--members",
            members.to_str().unwrap(),
            two.to_str().unwrap(),
        ],
    );
    let (stdout, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains("Households: added 1, updated 0, unchanged 0, invalid 1."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Members: added 2, updated 0, removed 0, invalid 2."),
        "{stdout}"
    );
    assert!(stdout.contains("3 invalid lines skipped"), "{stdout}");
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            "--members",
            members.to_str().unwrap(),
            two.to_str().unwrap(),
        ],
    );
    let (_, stderr) = run_text(&out);
    assert!(stderr.contains("4 problems on 3 lines;"), "{stderr}");
}

#[test]
fn a_phone_damaged_by_a_spreadsheet_is_refused_like_a_nik() {
    let db = db();
    let csv = format!(
        "nama;nik;no kk;desa;no hp\nSiti;{};{};Curugsewu;6,28123E+12\nSri;{};{};Curugsewu;6.28123E+12\nAni;{};{};Curugsewu;+62 812-3456-7890\n",
        nik(1),
        kk(1),
        nik(2),
        kk(2),
        nik(3),
        kk(3)
    );
    let (p, report) = import(&db, &csv, None, opts());
    let lines: Vec<usize> = p.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3], "{p:?}");
    assert!(!report.written);
    let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
    assert!(
        en.contains("scientific notation") && en.contains("Format the column as Text"),
        "{en}"
    );
    let id = pilar::transfer::messages::import_problem(Lang::Id, &p[1]);
    assert!(id.contains("Teks"), "{id}");
    // A number cell in a workbook: the leading 0 is gone.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in ["nama", "nik", "no kk", "desa", "telepon"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Siti").unwrap();
    sheet.write_string(1, 1, nik(1)).unwrap();
    sheet.write_string(1, 2, kk(1)).unwrap();
    sheet.write_string(1, 3, "Curugsewu").unwrap();
    sheet.write_number(1, 4, 81234000222.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let table = read_xlsx(&bytes).unwrap().remove(0).1;
    let (p, _) = import_tables(&db, &table, None, opts());
    assert_eq!(p.len(), 1, "{p:?}");
    let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
    assert!(en.contains("leading 0") && en.contains("Text"), "{en}");
    // The valid number is stored in its national form.
    let (p, report) = import(
        &db,
        &csv.lines()
            .take(1)
            .chain(csv.lines().skip(3))
            .collect::<Vec<_>>()
            .join("\n"),
        None,
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    assert!(report.written);
    assert_eq!(household_row(&db, &kk(3))[11], "081234567890");
}

fn two_sheet_book(households: &[[&str; 4]], members: &[[&str; 4]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Keluarga").unwrap();
    for (j, h) in ["Nama", "NIK Pengurus", "No KK", "Desa"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for (i, r) in households.iter().enumerate() {
        for (j, c) in r.iter().enumerate() {
            sheet.write_string(i as u32 + 1, j as u16, *c).unwrap();
        }
    }
    let sheet = book.add_worksheet().set_name("Anggota").unwrap();
    for (j, h) in ["No KK", "NIK", "Nama", "Hubungan"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for (i, r) in members.iter().enumerate() {
        for (j, c) in r.iter().enumerate() {
            sheet.write_string(i as u32 + 1, j as u16, *c).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_problems_name_their_sheet() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let (k1, n1, k2, n2) = (kk(1), nik(1), kk(2), nik(2));
    let bytes = two_sheet_book(
        &[
            ["Siti", "3324045203850", &k1, "Curugsewu"],
            ["Sri", &n2, &k2, "Curugsewu"],
        ],
        &[
            [&k2, "33240452038", "Anak", "anak"],
            [&k1, &n1, "Siti", "istri"],
        ],
    );
    let file = db.dir.join("buku.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let out = pilar(&db.dir, &["import", "--db", &dbp, file.to_str().unwrap()]);
    let (_, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("Lembar Keluarga, baris 2, kolom NIK Pengurus"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Lembar Anggota, baris 2, kolom NIK"),
        "{stderr}"
    );
    let out = pilar(
        &db.dir,
        &[
            "import",
            "--db",
            &dbp,
            "--lang",
            "en",
            file.to_str().unwrap(),
        ],
    );
    let (_, stderr) = run_text(&out);
    assert!(
        stderr.contains("Sheet Anggota, line 2, column NIK"),
        "{stderr}"
    );
}

#[test]
fn a_members_nik_that_disagrees_with_sex_or_birth_date_is_a_warning_not_a_refusal() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let households = db.dir.join("k.csv");
    std::fs::write(&households, simple_households(&[(1, "Siti")])).unwrap();
    // The child's NIK says a boy born 1 July 2016; the row says a girl born 2 July 2016.
    let members = db.dir.join("a.csv");
    std::fs::write(
        &members,
        format!(
            "no kk;nik;nama;jenis kelamin;tanggal lahir;hubungan\n{};{};Budi;P;2016-07-02;anak\n",
            kk(1),
            child_nik(11)
        ),
    )
    .unwrap();
    let run = |lang: &str| {
        pilar(
            &db.dir,
            &[
                "import",
                "--db",
                &dbp,
                "--dry-run",
                "--lang",
                lang,
                "--members",
                members.to_str().unwrap(),
                households.to_str().unwrap(),
            ],
        )
    };
    let out = run("en");
    let (stdout, stderr) = run_text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("would add 1"), "{stdout}");
    assert!(
        stderr.contains("line 2, column jenis kelamin: \"P\": warning: the NIK says Male"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "column tanggal lahir: \"2016-07-02\": warning: the NIK says born 1 Jul 2016"
        ),
        "{stderr}"
    );
    let (_, stderr) = run_text(&run("id"));
    assert!(
        stderr
            .contains("baris 2, kolom jenis kelamin: \"P\": peringatan: NIK menunjukkan Laki-laki"),
        "{stderr}"
    );
}

#[test]
fn import_dates_take_month_names_and_birth_years_of_two_digits_are_in_the_past() {
    let db = db();
    let (p, _) = import(&db, &simple_households(&[(1, "Siti")]), None, opts());
    assert!(p.is_empty(), "{p:?}");
    let members = format!(
        "no kk;nik;nama;tanggal lahir;hubungan\n{k};{n};Siti;12/3/85;istri\n{k};{c};Budi;1 Juli 2016;anak\n",
        k = kk(1),
        n = nik(1),
        c = child_nik(11)
    );
    let (p, _) = import(
        &db,
        &simple_households(&[(1, "Siti")]),
        Some(&members),
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    let rows = db.store.export_rows(Kind::Members, &scope(&db)).unwrap();
    let birth = |n: &str| rows.iter().find(|m| m[3] == n).unwrap()[6].clone();
    assert_eq!(birth(&nik(1)), "1985-03-12");
    assert_eq!(birth(&child_nik(11)), "2016-07-01");
    let activity = format!(
        "no_kk;kegiatan;tanggal;ringkasan\n{};kunjungan;2 Nov 2026;Kunjungan\n",
        kk(1)
    );
    let (p, report) = import(&db, &activity, None, opts());
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(report.added, 1);
    // A birth date typed with four digits in the future is refused.
    let future = members.replace("12/3/85", "12/3/2027");
    let (p, _) = import(
        &db,
        &simple_households(&[(1, "Siti")]),
        Some(&future),
        opts(),
    );
    assert!(
        p.iter().any(|p| p.line == 2 && p.column == "tanggal lahir"),
        "{p:?}"
    );
}

/// Runs the binary with a time limit (a FIFO nobody writes to must not hang the import).
fn pilar_within(dir: &Path, args: &[&str], secs: u64) -> std::process::Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(args)
        .env("PILAR_TODAY", "2026-11-29")
        .env_remove("PILAR_LANG")
        .env_remove("PILAR_DB")
        .env_remove("PILAR_KEY_FILE")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() >= secs {
            let _ = child.kill();
            panic!("pilar {args:?} did not finish in {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn unreadable_and_oversized_inputs_get_clear_errors_not_a_crash() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let run = |file: &str| {
        let out = pilar_within(&db.dir, &["import", "--db", &dbp, "--lang", "en", file], 60);
        let (_, stderr) = run_text(&out);
        (out.status.code(), stderr)
    };
    // A file over the limit is refused before it is read (a sparse file: no disk used).
    let big = db.dir.join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200_000_001)
        .unwrap();
    let (code, err) = run(big.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("200 MB"), "{err}");
    // An endless input stops at the limit.
    let (code, err) = run("/dev/zero");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("200 MB"), "{err}");
    // A directory, a FIFO, an empty device, a missing file.
    let (code, err) = run(db.dir.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is a folder"), "{err}");
    let fifo = db.dir.join("pipe.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (code, err) = run(fifo.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    let (code, err) = run("/dev/null");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("empty"), "{err}");
    let (code, err) = run(db.dir.join("nothing.csv").to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no such file"), "{err}");
    // A workbook whose sheet claims a cell at XFD1048576 (adversarial test 3.13).
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Jauh").unwrap();
    sheet.write_string(0, 0, "nama").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let far = db.dir.join("far.xlsx");
    std::fs::write(&far, book.save_to_buffer().unwrap()).unwrap();
    let (code, err) = run(far.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("Jauh") && err.contains("1048576") && err.contains("16384"),
        "{err}"
    );
    // Not a workbook at all, and a UTF-16 file.
    let junk = db.dir.join("junk.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 not really a zip").unwrap();
    let (code, err) = run(junk.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    let utf16 = db.dir.join("utf16.csv");
    let text: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("nama;nik\r\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&utf16, text).unwrap();
    let (code, err) = run(utf16.to_str().unwrap());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("UTF-16"), "{err}");
    assert!(!err.contains('\0'), "no raw bytes: {err:?}");
}

#[test]
fn text_from_the_file_never_reaches_the_terminal_raw() {
    let db = db();
    let dbp = db.path.to_str().unwrap().to_string();
    drop(db.store);
    let evil = "\u{1b}]0;PWNED\u{7}\u{1b}]52;c;cm0gLXJmIH4K\u{7}kolom";
    let check = |name: &str, content: &str| {
        let file = db.dir.join(name);
        std::fs::write(&file, content).unwrap();
        let out = pilar(
            &db.dir,
            &["import", "--db", &dbp, "--dry-run", file.to_str().unwrap()],
        );
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !stream.iter().any(|&b| b == 0x1b || b == 0x07),
                "{name}: raw escape in {:?}",
                String::from_utf8_lossy(stream)
            );
        }
        run_text(&out)
    };
    // An unknown column (adversarial test F1), with comma and semicolon separators.
    let (_, err) = check(
        "header.csv",
        &format!(
            "nama,nik,no_kk,desa,\"{evil}\"\nBudi,{},{},Curugsewu,x\n",
            nik(1),
            kk(1)
        ),
    );
    assert!(err.contains("kolom"), "{err}");
    check(
        "header2.csv",
        &format!(
            "nama;nik;no_kk;desa;{evil}\nBudi;{};{};Curugsewu;x\n",
            nik(1),
            kk(1)
        ),
    );
    // A header no kind is recognised from.
    check("kind.csv", &format!("{evil};x\n1;2\n"));
    // A value and a NIK with an escape in them (adversarial test 3.6).
    let (_, err) = check(
        "value.csv",
        &format!(
            "nama;nik;no_kk;desa;rt\nBudi;\u{1b}3324;{};Curugsewu;\"{evil}\"\n",
            kk(1)
        ),
    );
    assert!(err.contains("U+001B"), "{err}");
    // A workbook's header cell and sheet name.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Data").unwrap();
    for (j, h) in ["nama", "nik", "no kk", "desa", evil].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Budi").unwrap();
    sheet.write_string(1, 1, evil).unwrap();
    let file = db.dir.join("book.xlsx");
    std::fs::write(&file, book.save_to_buffer().unwrap()).unwrap();
    let out = pilar(&db.dir, &["import", "--db", &dbp, file.to_str().unwrap()]);
    assert!(!out.stderr.iter().any(|&b| b == 0x1b || b == 0x07));
}

/// Issue 14 (adversarial test F4): `pilar export --what members` shows every member's full
/// NIK, so it is recorded in the history (who, when, how many, which caseload) as `i` is;
/// a database that cannot record it does not export them.
#[test]
fn an_export_of_members_is_recorded_in_the_history() {
    use std::os::unix::fs::PermissionsExt;
    let db = filled_db_file();
    let dbp = db.path.to_str().unwrap().to_string();
    let user = db.user.id.clone();
    drop(db.store);
    let out = pilar(&db.dir, &["export", "--db", &dbp, "--what", "members"]);
    assert_eq!(out.status.code(), Some(0));
    let c = rusqlite::Connection::open(&db.path).unwrap();
    let (author, field, new): (String, String, String) = c
        .query_row(
            "SELECT author_id, field, new_value FROM change_log
             WHERE table_name = 'export' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (author.as_str(), field.as_str()),
        (user.as_str(), "members")
    );
    assert!(new.contains("4") && new.contains("ani"), "{new}");
    drop(c);
    assert!(Store::open(&db.path).unwrap().verify().unwrap().ok());
    // Read-only: nothing can be recorded, so nothing is exported.
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o400)).unwrap();
    let out = pilar(&db.dir, &["export", "--db", &dbp, "--what", "members"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    // Households carry no member NIKs beyond the pengurus'; they export read-only as before.
    let out = pilar(&db.dir, &["export", "--db", &dbp, "--what", "households"]);
    assert_eq!(out.status.code(), Some(0));
}

/// Issue 14 (adversarial test F13, 9.3): a NIK or No KK registered in another facilitator's
/// caseload is refused without that family's name (in one's own caseload the name helps and
/// stays); a row naming its household by `id_keluarga` is reported in that column.
#[test]
fn a_duplicate_in_another_caseload_is_not_named_and_the_column_is_the_files() {
    let db = db();
    let budi = db
        .store
        .add_worker("Budi", "budi", Role::Facilitator, 10, None)
        .unwrap();
    let (p, _) = import_as(
        &db,
        &budi,
        &simple_households(&[(2, "Lestari Budi")]),
        opts(),
    );
    assert!(p.is_empty(), "{p:?}");
    let (p, _) = import(&db, &simple_households(&[(1, "Siti Ani")]), None, opts());
    assert!(p.is_empty(), "{p:?}");
    // Budi's pengurus NIK, and then Ani's own, under new No KKs.
    for (serial, own) in [(2u16, false), (1, true)] {
        let csv = format!(
            "nama;nik;no kk;desa\nOrang Baru;{};{};Curugsewu\n",
            nik(serial),
            kk(30 + serial)
        );
        let (p, report) = import(&db, &csv, None, opts());
        assert!(!report.written);
        assert_eq!(p.len(), 1, "{p:?}");
        let id = pilar::transfer::messages::import_problem(Lang::Id, &p[0]);
        let en = pilar::transfer::messages::import_problem(Lang::En, &p[0]);
        if own {
            assert!(id.contains("Siti Ani"), "{id}");
        } else {
            assert!(
                !id.contains("Lestari") && !en.contains("Lestari"),
                "{id} / {en}"
            );
            assert!(
                id.contains("sudah terdaftar di KPM dampingan pendamping lain"),
                "{id}"
            );
            assert!(
                en.contains("already registered in another facilitator's caseload"),
                "{en}"
            );
        }
    }
    let budi_household = query(&db, "SELECT id FROM households WHERE no_kk = ?1", &kk(2));
    let csv = format!(
        "id_keluarga;kegiatan;tanggal;ringkasan\n{budi_household};kunjungan;2026-11-02;Kunjungan\n"
    );
    let (p, _) = import(&db, &csv, None, opts());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].column, "id_keluarga");
    assert_eq!(p[0].reason, Reason::OtherCaseload);
}

/// Issue 14 (domain review 1.2, 1.3): NIKs with kabupaten/kota 00 or kecamatan 00 and an
/// area code whose village number is 000 are refused on import.
#[test]
fn impossible_niks_and_area_codes_are_refused() {
    let db = db();
    let csv = format!(
        "nama;nik;no kk;desa;kode wilayah\n\
         Kab;3300015203850001;{};Curugsewu;\n\
         Kec;3324005203850002;{};Curugsewu;\n\
         Desa;{};{};Curugsewu;33.24.04.2000\n\
         Baik;{};{};Curugsewu;33.24.04.2007\n",
        kk(1),
        kk(2),
        nik(3),
        kk(3),
        nik(4),
        kk(4)
    );
    let (p, report) = import(&db, &csv, None, opts());
    let lines: Vec<usize> = p.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3, 4], "{p:?}");
    assert!(!report.written);
    let en: Vec<String> = p
        .iter()
        .map(|p| pilar::transfer::messages::import_problem(Lang::En, p))
        .collect();
    assert!(en[0].contains("kabupaten/kota code 00"), "{en:?}");
    assert!(en[1].contains("kecamatan code 00"), "{en:?}");
    assert!(en[2].contains("000"), "{en:?}");
}
