//! Import of the month's record types (issue 11 "Also"): payments per tahap and commitment
//! verifications. An export imports back unchanged in CSV, xlsx and JSON and under English
//! headers; an edited file updates the records it changes as a screen edit does (the same
//! ids, a history entry per field, the sync outbox) and exports back as edited; a new
//! tahap or month is added under the id the screens give it; every bad row is refused with
//! its line, column and reason in both languages, and nothing is written unless asked;
//! the binary imports them.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{count, demo_db};
use pilar::commands::transfer::run_import;
use pilar::domain::Lang;
use pilar::domain::payment::PaymentRefusal;
use pilar::domain::verification::{Month, Refusal, verification_id};
use pilar::model::{Role, Scope, Worker};
use pilar::store::{ImportChange, ImportOptions, ImportReport, Store, payment_id};
use pilar::transfer::messages::import_problem;
use pilar::transfer::out::{Format, render};
use pilar::transfer::rows::{Problem, Reason};
use pilar::transfer::{Col, Kind, Table, read_csv, read_json, read_xlsx};

const KINDS: [Kind; 2] = [Kind::Payments, Kind::Verifications];
pub(crate) use common::import_opts as opts;

const FORMATS: [Format; 3] = [Format::Csv, Format::Xlsx, Format::Json];

pub(crate) fn import(
    store: &Store,
    user: &Worker,
    t: &Table,
    o: ImportOptions,
) -> (Vec<Problem>, ImportReport) {
    let kind = t.kind().expect("a month's file is recognised");
    run_import(store, user, kind, t, None, &o, Lang::Id).unwrap()
}

/// An export of `kind` as `format`, read back as the importer reads that format.
pub(crate) fn exported(store: &Store, user: &Worker, kind: Kind, format: Format) -> (Table, usize) {
    let rows = store.export_rows(kind, &Scope::for_worker(user)).unwrap();
    let bytes = render(kind, format, &rows).unwrap();
    let table = match format {
        Format::Csv => read_csv(&bytes).unwrap(),
        Format::Xlsx => read_xlsx(&bytes).unwrap().remove(0).1,
        Format::Json => read_json(&bytes).unwrap(),
    };
    (table, rows.len())
}

/// The English header of the month's columns (the aliases `records/file.rs` declares).
fn english(col: Col) -> &'static str {
    match col {
        Col::Id => "id",
        Col::HouseholdId => "household_id",
        Col::NoKk => "family_card",
        Col::Year => "year",
        Col::Tahap => "stage",
        Col::Status => "status",
        Col::PayProblem => "problem",
        Col::Notes => "notes",
        Col::MemberId => "member_id",
        Col::Name => "name",
        Col::Month => "month",
        Col::Outcome => "outcome",
        Col::Reason => "reason",
        other => panic!("{other:?} is not a column of the month's files"),
    }
}

fn facilitators(store: &Store) -> Vec<Worker> {
    store
        .workers()
        .unwrap()
        .into_iter()
        .filter(|w| w.role == Role::Facilitator)
        .collect()
}

/// The first facilitator (with two, the demo's default user is their supervisor, who
/// cannot import).
pub(crate) fn facilitator(store: &Store) -> Worker {
    facilitators(store).remove(0)
}

pub(crate) fn messages(problems: &[Problem], lang: Lang) -> Vec<String> {
    problems.iter().map(|p| import_problem(lang, p)).collect()
}

#[test]
fn an_export_of_payments_and_verifications_imports_back_unchanged_in_every_format() {
    let demo = demo_db(30, 2, 5);
    let store = Store::open(&demo.path).unwrap();
    let user = facilitator(&store);
    let log = count(&demo.path, "SELECT count(*) FROM change_log");
    for kind in KINDS {
        let before = store.export_rows(kind, &Scope::for_worker(&user)).unwrap();
        assert!(!before.is_empty(), "{kind:?}: the demo has some");
        let mut tables: Vec<(String, Table, usize)> = FORMATS
            .iter()
            .map(|f| {
                let (t, n) = exported(&store, &user, kind, *f);
                (format!("{f:?}"), t, n)
            })
            .collect();
        // The English headers (the CSV's columns renamed).
        let (mut t, n) = exported(&store, &user, kind, Format::Csv);
        t.headers = kind
            .columns()
            .iter()
            .map(|c| english(*c).to_string())
            .collect();
        assert!(t.unknown_headers().is_empty());
        tables.push(("English CSV".into(), t, n));
        for (what, table, n) in tables {
            assert_eq!(table.kind(), Some(kind), "{what}");
            let (problems, report) = import(&store, &user, &table, opts(false, false));
            assert!(
                problems.is_empty(),
                "{kind:?} {what}: {:?}",
                messages(&problems, Lang::En)
            );
            assert_eq!(
                (
                    report.added,
                    report.updated,
                    report.unchanged,
                    report.invalid
                ),
                (0, 0, n, 0),
                "{kind:?} {what}"
            );
            assert!(report.changes.is_empty(), "{kind:?} {what}");
        }
        assert_eq!(
            store.export_rows(kind, &Scope::for_worker(&user)).unwrap(),
            before,
            "{kind:?}: the same export after"
        );
    }
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM change_log"),
        log,
        "nothing written"
    );
}

/// The cell of `col` on the table's row `i`.
pub(crate) fn cell(t: &mut Table, i: usize, col: Col) -> &mut String {
    let at = t
        .columns()
        .iter()
        .position(|c| *c == Some(col))
        .unwrap_or_else(|| panic!("{col:?} in {:?}", t.headers));
    &mut t.rows[i].cells[at]
}

pub(crate) fn text(t: &Table, i: usize, col: Col) -> String {
    let at = t.columns().iter().position(|c| *c == Some(col)).unwrap();
    pilar::transfer::unwrap_cell(&t.rows[i].cells[at]).to_string()
}

pub(crate) fn logged(path: &Path, table: &str, id: &str, field: &str, old: &str, new: &str) -> i64 {
    count(
        path,
        &format!(
            "SELECT count(*) FROM change_log WHERE table_name = '{table}' AND record_id = '{id}'
             AND field = '{field}' AND coalesce(old_value, '') = '{old}'
             AND coalesce(new_value, '') = '{new}'"
        ),
    )
}

fn dirty_since(path: &Path, table: &str, id: &str, since: i64) -> i64 {
    count(
        path,
        &format!(
            "SELECT count(*) FROM sync_dirty WHERE table_name = '{table}' AND record_id = '{id}'
             AND gen > {since}"
        ),
    )
}

#[test]
fn an_edited_file_updates_what_it_changes_as_the_screens_do_and_exports_back_as_edited() {
    let demo = demo_db(30, 2, 5);
    // Synced from here: the changed rows must reach the outbox.
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute("UPDATE sync_state SET track = 1 WHERE id = 1", [])
        .unwrap();
    let store = Store::open(&demo.path).unwrap();
    let user = facilitator(&store);
    let since: i64 = count(&demo.path, "SELECT coalesce(max(gen), 0) FROM sync_dirty");

    // A received tahap becomes not received with a blocked card and a note.
    let (mut pay, n) = exported(&store, &user, Kind::Payments, Format::Xlsx);
    let i = (0..pay.rows.len())
        .find(|&i| text(&pay, i, Col::Status) == "diterima")
        .expect("a received tahap");
    *cell(&mut pay, i, Col::Status) = "tidak_diterima".into();
    *cell(&mut pay, i, Col::PayProblem) = "kartu_diblokir".into();
    *cell(&mut pay, i, Col::Notes) = "kartu hilang".into();
    let pay_id = text(&pay, i, Col::Id);
    let household = text(&pay, i, Col::HouseholdId);
    let (year, tahap): (i32, u8) = (
        text(&pay, i, Col::Year).parse().unwrap(),
        text(&pay, i, Col::Tahap).parse().unwrap(),
    );
    assert_eq!(
        pay_id,
        payment_id(&household, year, tahap),
        "the screens' id"
    );

    // A dry run tells the changes and writes nothing.
    let log = count(&demo.path, "SELECT count(*) FROM change_log");
    let (problems, report) = import(&store, &user, &pay, opts(true, false));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((report.updated, report.unchanged), (1, n - 1));
    assert!(!report.written);
    let fields: Vec<&str> = report.changes[0]
        .changes
        .iter()
        .map(|c| match c {
            ImportChange::Field { field, .. } => *field,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(fields, vec!["status", "problem", "note"]);
    assert_eq!(count(&demo.path, "SELECT count(*) FROM change_log"), log);

    let (problems, report) = import(&store, &user, &pay, opts(false, false));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (0, 1, n - 1)
    );
    assert_eq!(
        logged(
            &demo.path,
            "payments",
            &pay_id,
            "status",
            "diterima",
            "tidak_diterima"
        ),
        1
    );
    assert_eq!(
        logged(
            &demo.path,
            "payments",
            &pay_id,
            "problem",
            "",
            "kartu_diblokir"
        ),
        1
    );
    assert_eq!(
        dirty_since(&demo.path, "payments", &pay_id, since),
        1,
        "in the outbox"
    );

    // A met month becomes not met, ill, with a note.
    let (mut ver, m) = exported(&store, &user, Kind::Verifications, Format::Json);
    let j = (0..ver.rows.len())
        .find(|&j| text(&ver, j, Col::Outcome) == "memenuhi")
        .expect("a met month");
    *cell(&mut ver, j, Col::Outcome) = "tidak_memenuhi".into();
    *cell(&mut ver, j, Col::Reason) = "sakit".into();
    *cell(&mut ver, j, Col::Notes) = "demam".into();
    let ver_id = text(&ver, j, Col::Id);
    let month = Month::parse(&text(&ver, j, Col::Month)).unwrap();
    assert_eq!(
        ver_id,
        verification_id(&text(&ver, j, Col::MemberId), month)
    );
    let (problems, report) = import(&store, &user, &ver, opts(false, false));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (0, 1, m - 1)
    );
    assert_eq!(
        logged(
            &demo.path,
            "verifications",
            &ver_id,
            "outcome",
            "memenuhi",
            "tidak_memenuhi"
        ),
        1
    );
    assert_eq!(
        logged(&demo.path, "verifications", &ver_id, "reason", "", "sakit"),
        1
    );
    assert_eq!(dirty_since(&demo.path, "verifications", &ver_id, since), 1);

    // Both export back as edited, and importing them again changes nothing.
    for (kind, edited) in [(Kind::Payments, &pay), (Kind::Verifications, &ver)] {
        let format = if kind == Kind::Payments {
            Format::Xlsx
        } else {
            Format::Json
        };
        let (again, _) = exported(&store, &user, kind, format);
        let cells = |t: &Table| -> Vec<Vec<String>> {
            let mut rows: Vec<Vec<String>> = (0..t.rows.len())
                .map(|i| kind.columns().iter().map(|c| text(t, i, *c)).collect())
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(cells(&again), cells(edited), "{kind:?}");
        let (_, report) = import(&store, &user, &again, opts(false, false));
        assert_eq!(report.updated + report.added, 0, "{kind:?}");
    }
    assert!(store.verify().unwrap().ok(), "the history chain holds");
}

#[test]
fn a_new_tahap_and_a_new_month_are_added_under_the_screens_ids_in_a_partial_file() {
    let demo = demo_db(30, 2, 5);
    let store = Store::open(&demo.path).unwrap();
    let user = facilitator(&store);
    let q = |sql: &str| -> String { common::one(&demo.path, sql) };
    // A household of the user's without tahap 4 of 2026; a member with a component
    // without November 2026.
    let hh = q(&format!(
        "SELECT id FROM households h WHERE worker_id = '{}' AND deleted = 0
         AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.household_id = h.id
                         AND year = 2026 AND tahap = 4)
         AND (year_joined IS NULL OR year_joined <= 2026) ORDER BY id LIMIT 1",
        user.id
    ));
    let kk = q(&format!("SELECT no_kk FROM households WHERE id = '{hh}'"));
    let member = q(&format!(
        "SELECT m.id FROM members m JOIN households h ON h.id = m.household_id
         WHERE h.worker_id = '{}' AND h.deleted = 0 AND m.deleted = 0
         AND m.component IS NOT NULL AND (m.birth_date IS NULL OR m.birth_date < '2026-11-01')
         AND NOT EXISTS (SELECT 1 FROM verifications v WHERE v.member_id = m.id
                         AND v.month = '2026-11') ORDER BY m.id LIMIT 1",
        user.id
    ));
    let member_kk = q(&format!(
        "SELECT h.no_kk FROM members m JOIN households h ON h.id = m.household_id
         WHERE m.id = '{member}'"
    ));
    // Only the columns needed: no id, no problem or note column.
    let pay =
        read_csv(format!("no_kk;tahun;tahap;status\n{kk};2026;4;diterima\n").as_bytes()).unwrap();
    let (problems, report) = import(&store, &user, &pay, opts(false, false));
    assert!(problems.is_empty(), "{:?}", messages(&problems, Lang::En));
    assert_eq!(report.added, 1);
    let id = payment_id(&hh, 2026, 4);
    assert_eq!(
        count(
            &demo.path,
            &format!("SELECT count(*) FROM payments WHERE id = '{id}' AND status = 'diterima'")
        ),
        1
    );
    assert_eq!(
        logged(&demo.path, "payments", &id, "status", "", "diterima"),
        1
    );
    // Verified by hand in a spreadsheet that took the month for a date.
    let ver = read_csv(
        format!("No KK;ID Anggota;Bulan;Hasil\n{member_kk};{member};01/11/2026;Tidak memenuhi\n")
            .as_bytes(),
    )
    .unwrap();
    let (problems, report) = import(&store, &user, &ver, opts(false, false));
    assert!(problems.is_empty(), "{:?}", messages(&problems, Lang::En));
    assert_eq!(report.added, 1);
    let id = verification_id(&member, Month::new(2026, 11).unwrap());
    assert_eq!(
        q(&format!(
            "SELECT outcome || '/' || reason FROM verifications WHERE id = '{id}'"
        )),
        "tidak_memenuhi/lainnya",
        "not met without a reason is 'other', as the screen saves it"
    );
    // A file without the reason and notes columns keeps them: the same row again is
    // unchanged.
    let (_, report) = import(&store, &user, &ver, opts(false, false));
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 1));
}

#[test]
fn every_bad_row_is_refused_with_its_line_column_and_reason_in_both_languages() {
    let demo = demo_db(30, 2, 5);
    let store = Store::open(&demo.path).unwrap();
    let user = facilitator(&store);
    let other = facilitators(&store)
        .into_iter()
        .find(|w| w.id != user.id)
        .expect("two facilitators");
    let q = |sql: &str| -> String { common::one(&demo.path, sql) };
    let mine = format!("h.worker_id = '{}' AND h.deleted = 0", user.id);
    // A household that joined PKH after 2008, for a year before it joined.
    let hh = q(&format!(
        "SELECT h.id FROM households h WHERE {mine} AND year_joined >= 2009 ORDER BY id LIMIT 1"
    ));
    let kk = q(&format!("SELECT no_kk FROM households WHERE id = '{hh}'"));
    let joined = count(
        &demo.path,
        &format!("SELECT year_joined FROM households WHERE id = '{hh}'"),
    );
    let kk_other = q(&format!(
        "SELECT no_kk FROM households WHERE worker_id = '{}' AND deleted = 0 ORDER BY id LIMIT 1",
        other.id
    ));
    let unknown_kk = format!("{}9999", &kk[..12]);
    assert_eq!(
        count(
            &demo.path,
            &format!("SELECT count(*) FROM households WHERE no_kk = '{unknown_kk}'")
        ),
        0
    );
    let pay = format!(
        "no_kk;tahun;tahap;status;masalah_bayar;catatan\n\
         {kk};2026;5;diterima;;\n\
         {kk};2030;1;diterima;;\n\
         {kk};2026;1;dibayar;;\n\
         {kk};2026;1;tidak_diterima;hilang;\n\
         {kk_other};2026;1;diterima;;\n\
         {unknown_kk};2026;1;diterima;;\n\
         {kk};{};1;diterima;;\n\
         {kk};2026;1;tidak_diterima;lainnya;\n\
         {kk};2026;2;tidak_jatuh_tempo;;\n\
         {kk};2026;2;diterima;;\n\
         {kk};2026;3;diterima;rekening_dormant;\n",
        joined - 1
    );
    let table = read_csv(pay.as_bytes()).unwrap();
    let log = count(&demo.path, "SELECT count(*) FROM change_log");
    let (problems, report) = import(&store, &user, &table, opts(false, false));
    let got: Vec<(usize, &str, &Reason)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), &p.reason))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                2,
                "tahap",
                &Reason::Payment(PaymentRefusal::TahapOutOfRange(5))
            ),
            (
                3,
                "tahun",
                &Reason::Field(pilar::domain::fields::FieldError::YearRange { max: 2026 })
            ),
            (
                4,
                "status",
                &Reason::Choice(vec!["diterima", "tidak_diterima", "tidak_jatuh_tempo"])
            ),
            (
                5,
                "masalah_bayar",
                &Reason::Choice(vec![
                    "kartu_diblokir",
                    "rekening_dormant",
                    "nama_tidak_sesuai",
                    "tidak_diambil",
                    "lainnya"
                ])
            ),
            (6, "no_kk", &Reason::OtherCaseload),
            (7, "no_kk", &Reason::UnknownHousehold),
            (
                8,
                "tahun",
                &Reason::Payment(PaymentRefusal::BeforeJoined {
                    year: joined as i32 - 1,
                    joined: joined as i32
                })
            ),
            (9, "catatan", &Reason::Payment(PaymentRefusal::NoteMissing)),
            (11, "tahap", &Reason::DuplicateTahap { first_line: 10 }),
            (
                12,
                "masalah_bayar",
                &Reason::OnlyWith("status", "tidak_diterima")
            ),
        ]
    );
    assert_eq!(report.invalid, 10, "one valid row of eleven");
    assert!(!report.written);
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM change_log"),
        log,
        "nothing written"
    );
    let id = messages(&problems, Lang::Id);
    let en = messages(&problems, Lang::En);
    assert_eq!(
        id[0],
        "Baris 2, kolom tahap: \"5\": Tahap 5 tidak ada: tahap 1 sampai 4"
    );
    assert_eq!(
        en[0],
        "Line 2, column tahap: \"5\": There is no tahap 5: tahap are 1 to 4"
    );
    assert!(id[8].contains("baris 10"), "{}", id[8]);
    assert!(en[8].contains("line 10"), "{}", en[8]);
    assert!(en[7].contains("Other needs a note"), "{}", en[7]);
    assert!(id[4].contains("pendamping lain"), "{}", id[4]);
    // The valid row is imported when asked.
    let (_, report) = import(&store, &user, &table, opts(false, true));
    assert!(report.written);
    assert_eq!(report.added + report.updated + report.unchanged, 1);

    // Verifications.
    let member = |cond: &str| -> (String, String, String) {
        let id = q(&format!(
            "SELECT m.id FROM members m JOIN households h ON h.id = m.household_id
             WHERE {mine} AND m.deleted = 0 AND {cond} ORDER BY m.id LIMIT 1"
        ));
        let kk = q(&format!(
            "SELECT h.no_kk FROM members m JOIN households h ON h.id = m.household_id
             WHERE m.id = '{id}'"
        ));
        let birth = q(&format!(
            "SELECT coalesce(birth_date, '') FROM members WHERE id = '{id}'"
        ));
        (id, kk, birth)
    };
    let (m0, kk0, _) = member("m.component IS NULL");
    let (m1, kk1, birth) = member(
        "m.component IS NOT NULL AND m.birth_date > '2010-02-01' AND m.birth_date < '2026-01-01'",
    );
    let (m2, _, _) = member(&format!(
        "m.component IS NOT NULL AND m.household_id <> (SELECT household_id FROM members
         WHERE id = '{m1}')"
    ));
    let before_birth = Month::parse(&birth[..7]).unwrap().prev().key();
    let ver = format!(
        "no_kk;id_anggota;bulan;hasil;alasan;catatan\n\
         {kk0};{m0};2026-10;memenuhi;;\n\
         {kk1};{m2};2026-10;memenuhi;;\n\
         {kk1};{m1};2026-12;memenuhi;;\n\
         {kk1};{m1};{before_birth};memenuhi;;\n\
         {kk1};{m1};2026-10;lulus;;\n\
         {kk1};{m1};2026-10;tidak_memenuhi;malas;\n\
         {kk1};0b8e7f5e-93a6-4d1c-9a57-2f0c4f5b7a11;2026-10;memenuhi;;\n\
         {kk1};{m1};2026-10;tidak_memenuhi;sakit;demam\n\
         {kk1};{m1};2026-10;memenuhi;;\n\
         {kk_other};{m1};2026-10;memenuhi;;\n\
         {kk1};{m1};2026-09;memenuhi;sakit;\n\
         {kk1};{m1};2026-08;tidak_berlaku;;libur\n"
    );
    let table = read_csv(ver.as_bytes()).unwrap();
    let log = count(&demo.path, "SELECT count(*) FROM change_log");
    let (problems, report) = import(&store, &user, &table, opts(false, false));
    let name = |id: &str| q(&format!("SELECT name FROM members WHERE id = '{id}'"));
    let got: Vec<(usize, &str, &Reason)> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), &p.reason))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                2,
                "id_anggota",
                &Reason::Verification {
                    member: name(&m0),
                    why: Refusal::NoComponent
                }
            ),
            (3, "id_anggota", &Reason::MemberNotInHousehold),
            (
                4,
                "bulan",
                &Reason::Verification {
                    member: name(&m1),
                    why: Refusal::Future
                }
            ),
            (
                5,
                "bulan",
                &Reason::Verification {
                    member: name(&m1),
                    why: Refusal::BeforeBirth
                }
            ),
            (
                6,
                "hasil",
                &Reason::Choice(vec!["memenuhi", "tidak_memenuhi", "tidak_berlaku"])
            ),
            (
                7,
                "alasan",
                &Reason::Choice(vec![
                    "tidak_hadir",
                    "tidak_periksa",
                    "sakit",
                    "bepergian",
                    "lainnya"
                ])
            ),
            (8, "id_anggota", &Reason::UnknownMember),
            (10, "bulan", &Reason::DuplicateMonth { first_line: 9 }),
            (11, "no_kk", &Reason::OtherCaseload),
            (12, "alasan", &Reason::OnlyWith("hasil", "tidak_memenuhi")),
            (13, "catatan", &Reason::OnlyWith("hasil", "tidak_memenuhi")),
        ]
    );
    assert_eq!(report.invalid, 11);
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM change_log"),
        log,
        "nothing written"
    );
    let id = messages(&problems, Lang::Id);
    let en = messages(&problems, Lang::En);
    assert!(id[0].contains("tidak punya komponen"), "{}", id[0]);
    assert!(en[0].contains("has no component"), "{}", en[0]);
    assert!(
        en[1].contains("not a member of this row's household"),
        "{}",
        en[1]
    );
    assert!(
        id[7].contains("anggota dan bulan yang sama sudah ada di baris 9"),
        "{}",
        id[7]
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
fn the_binary_imports_exported_payments_and_verifications_in_every_format() {
    let demo = demo_db(20, 1, 3);
    let db = demo.path.to_str().unwrap();
    let dir = demo.dir.path();
    let before = count(&demo.path, "SELECT count(*) FROM change_log");
    for kind in KINDS {
        for format in ["csv", "xlsx", "json"] {
            let file = format!("{}.{format}", kind.key());
            let out = pilar(
                dir,
                &[
                    "--db",
                    db,
                    "export",
                    "--what",
                    kind.key(),
                    "--format",
                    format,
                    "--out",
                    &file,
                ],
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            for lang in ["id", "en"] {
                let out = pilar(dir, &["--lang", lang, "--db", db, "import", &file]);
                let said = format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{kind:?} {format} {lang}: {said}"
                );
                let unchanged = if lang == "id" {
                    "tidak berubah"
                } else {
                    "unchanged"
                };
                assert!(said.contains(unchanged), "{kind:?} {format} {lang}: {said}");
            }
        }
    }
    assert_eq!(count(&demo.path, "SELECT count(*) FROM change_log"), before);
}
