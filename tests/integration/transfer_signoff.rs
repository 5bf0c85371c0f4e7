//! Issue 11: sign-offs through `pilar export --what signoffs` and `pilar import`. A
//! supervisor's sign-off exported (every column of `signoffs`, CSV, xlsx and JSON) and
//! imported into a copy of the database without it: the same row, its history entry as
//! `sign_off` writes it (authored by the supervisor), its sync mark, the chain intact; a
//! second import changes nothing. Refused rows (a supervisor who is not one, a
//! facilitator who is not one, a bad time) named by line, column and reason in both
//! languages, nothing written; `--dry-run` writes nothing.

use crate::common;
use crate::transfer_life::{table_of, track};

use common::{count, demo_db};
use pilar::commands::transfer::run_import;
use pilar::domain::Lang;
use pilar::model::review::NewSignOff;
use pilar::model::{Role, Scope, Worker};
use pilar::store::{ImportReport, Store};
use pilar::transfer::messages::import_problem;
use pilar::transfer::out::{Format, render};
use pilar::transfer::rows::{Problem, Reason};
use pilar::transfer::{Kind, Table, read_csv};

fn worker(store: &Store, role: Role) -> Worker {
    store
        .workers()
        .unwrap()
        .into_iter()
        .find(|w| w.role == role)
        .unwrap()
}

/// An import by the facilitator (whose sign-offs they are).
fn import(store: &Store, table: &Table, dry_run: bool) -> (Vec<Problem>, ImportReport) {
    let me = worker(store, Role::Facilitator);
    run_import(
        store,
        &me,
        Kind::SignOffs,
        table,
        None,
        &common::import_opts(dry_run, false),
        Lang::Id,
    )
    .unwrap()
}

fn exported(store: &Store, format: Format) -> Vec<u8> {
    let scope = Scope::for_worker(&worker(store, Role::Facilitator));
    render(
        Kind::SignOffs,
        format,
        &store.export_rows(Kind::SignOffs, &scope).unwrap(),
    )
    .unwrap()
}

const ROW: &str = "SELECT id || '|' || supervisor_id || '|' || facilitator_id || '|' || upto_seq
    || '|' || upto_hash || '|' || upto_at || '|' || note || '|' || created_at || '|'
    || updated_at || '|' || author_id || '|' || upto_entry FROM signoffs";

const ENTRIES: &str =
    "SELECT group_concat(author_id || ':' || field || '=' || coalesce(new_value, ''),
    ',') FROM (SELECT * FROM change_log WHERE table_name = 'signoffs' ORDER BY field)";

#[test]
fn a_sign_off_exported_in_three_formats_is_imported_into_a_copy_without_it() {
    let demo = demo_db(40, 2, 11);
    let store = Store::open(&demo.path).unwrap();
    let (sup, fac) = (
        worker(&store, Role::Supervisor),
        worker(&store, Role::Facilitator),
    );
    let copies: Vec<_> = ["csv", "xlsx", "json"]
        .iter()
        .map(|f| {
            let p = demo.dir.path().join(format!("copy-{f}.db"));
            std::fs::copy(&demo.path, &p).unwrap();
            p
        })
        .collect();
    let head = count(&demo.path, "SELECT coalesce(max(seq), 0) FROM change_log");
    store
        .sign_off(
            &sup.id,
            &NewSignOff {
                supervisor_id: sup.id.clone(),
                facilitator_id: fac.id.clone(),
                upto_seq: head,
                note: "Sudah diperiksa; baik".into(),
            },
        )
        .unwrap();
    let rows = store
        .export_rows(Kind::SignOffs, &Scope::for_worker(&fac))
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].len(), 11, "every column of signoffs");
    assert_eq!(Kind::SignOffs.columns().len(), 11);
    let original: String = common::one(&demo.path, ROW);
    let entries: String = common::one(&demo.path, ENTRIES);
    assert!(entries.starts_with(&format!("{}:", sup.id)), "{entries}");
    for (format, copy) in [Format::Csv, Format::Xlsx, Format::Json]
        .into_iter()
        .zip(&copies)
    {
        let file = exported(&store, format);
        let table = table_of(format, &file);
        assert_eq!(table.kind(), Some(Kind::SignOffs), "{format:?}");
        // Into the same file: already there, unchanged.
        let (problems, report) = import(&store, &table, false);
        assert_eq!(problems, vec![], "{format:?}");
        assert_eq!((report.added, report.unchanged), (0, 1), "{format:?}");

        let other = Store::open(copy).unwrap();
        track(copy);
        let before = count(copy, "SELECT count(*) FROM change_log");
        let (problems, report) = import(&other, &table, true);
        assert_eq!((problems, report.added, report.written), (vec![], 1, false));
        assert_eq!(count(copy, "SELECT count(*) FROM signoffs"), 0, "dry run");
        let (problems, report) = import(&other, &table, false);
        assert_eq!(problems, vec![], "{format:?}");
        assert_eq!((report.added, report.unchanged), (1, 0), "{format:?}");
        assert!(report.written);
        assert_eq!(common::one::<String>(copy, ROW), original, "{format:?}");
        assert_eq!(common::one::<String>(copy, ENTRIES), entries, "{format:?}");
        assert_eq!(
            count(
                copy,
                "SELECT count(*) FROM sync_dirty WHERE table_name = 'signoffs'"
            ),
            1,
            "{format:?}: the sync's outbox holds it"
        );
        assert!(other.verify().unwrap().ok(), "{format:?}: the chain holds");
        // The same content (an xlsx also carries the second it was written, so its bytes
        // may differ: compared as read back).
        assert_eq!(
            table_of(format, &exported(&other, format)),
            table_of(format, &file),
            "{format:?}: the same file"
        );
        // A second import: unchanged, nothing written.
        let entries_now = count(copy, "SELECT count(*) FROM change_log");
        assert!(entries_now > before);
        let (problems, report) = import(&other, &table, false);
        assert_eq!(problems, vec![]);
        assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 1));
        assert_eq!(count(copy, "SELECT count(*) FROM change_log"), entries_now);
    }
}

#[test]
fn refused_sign_off_rows_are_named_and_nothing_is_written() {
    let demo = demo_db(20, 2, 5);
    let store = Store::open(&demo.path).unwrap();
    let (sup, fac) = (
        worker(&store, Role::Supervisor),
        worker(&store, Role::Facilitator),
    );
    let (s, f) = (&sup.id, &fac.id);
    let id = |n: u8| format!("0b4d2f8e-1c3a-4e5f-8a9b-0c1d2e3f4a{n:02x}");
    let csv = format!(
        "id;id_supervisor;id_pendamping;sampai_seq;sampai_hash;sampai_waktu;catatan;dibuat;diubah;id_penulis;sampai_entri\n\
         {};{f};{f};3;h;2026-03-01T08:00:00.000Z;;2026-03-01T09:00:00.000Z;;;\n\
         {};{s};{s};3;h;2026-03-01T08:00:00.000Z;;2026-03-01T09:00:00.000Z;;;\n\
         {};{s};{f};3;h;kemarin;;2026-03-01T09:00:00.000Z;;;\n\
         {};{s};{f};3;h;2026-03-01T08:00:00.000Z;ok;2026-03-01T09:00:00.000Z;;;\n",
        id(1),
        id(2),
        id(3),
        id(4)
    );
    let table = read_csv(csv.as_bytes()).unwrap();
    assert_eq!(table.kind(), Some(Kind::SignOffs));
    let before = count(&demo.path, "SELECT count(*) FROM change_log");
    let (problems, report) = import(&store, &table, false);
    let at: Vec<_> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.reason.clone()))
        .collect();
    assert_eq!(
        at,
        [
            (2, "id_supervisor", Reason::NotSupervisor),
            (3, "id_pendamping", Reason::NotFacilitator),
            (4, "sampai_waktu", Reason::Timestamp),
        ]
    );
    assert_eq!(
        (report.added, report.invalid, report.written),
        (1, 3, false)
    );
    assert_eq!(count(&demo.path, "SELECT count(*) FROM signoffs"), 0);
    assert_eq!(count(&demo.path, "SELECT count(*) FROM change_log"), before);
    let id_text = import_problem(Lang::Id, &problems[0]);
    let en_text = import_problem(Lang::En, &problems[0]);
    assert!(id_text.contains("bukan supervisor"), "{id_text}");
    assert!(en_text.contains("not a supervisor"), "{en_text}");
    assert!(import_problem(Lang::En, &problems[2]).contains("not a time"));
    assert!(import_problem(Lang::Id, &problems[1]).contains("bukan pendamping"));
    // With --skip-invalid the good row goes in, alone.
    let me = worker(&store, Role::Facilitator);
    let skip = common::import_opts(false, true);
    let (_, report) =
        run_import(&store, &me, Kind::SignOffs, &table, None, &skip, Lang::En).unwrap();
    assert_eq!((report.added, report.written), (1, true));
    assert_eq!(count(&demo.path, "SELECT count(*) FROM signoffs"), 1);
    assert!(store.verify().unwrap().ok());
}
