//! Import of payments and verifications over what a merge can leave (issue 11 "Also"): a
//! problem beside "received", a reason and notes beside "met" (their side's fields beside
//! our status) export and import back unchanged, another value beside them is refused, and
//! they go with the record's next change, as the screens' saves clear them.

use crate::common;
use crate::import_month::{cell, exported, facilitator, import, logged, messages, opts, text};

use common::demo_db;
use pilar::domain::Lang;
use pilar::store::Store;
use pilar::transfer::out::Format;
use pilar::transfer::rows::Reason;
use pilar::transfer::{Col, Kind};

#[test]
fn a_problem_a_merge_left_beside_received_round_trips_and_goes_with_the_next_change() {
    let demo = demo_db(30, 2, 5);
    let store = Store::open(&demo.path).unwrap();
    let user = facilitator(&store);
    // What a merge can leave: their problem beside our status (read as none).
    let id: String = common::one(
        &demo.path,
        &format!(
            "SELECT p.id FROM payments p JOIN households h ON h.id = p.household_id
             WHERE h.worker_id = '{}' AND p.status = 'diterima' ORDER BY p.id LIMIT 1",
            user.id
        ),
    );
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "UPDATE payments SET problem = 'kartu_diblokir' WHERE id = ?1",
            [&id],
        )
        .unwrap();
    let (mut pay, n) = exported(&store, &user, Kind::Payments, Format::Csv);
    let (problems, report) = import(&store, &user, &pay, opts(false, false));
    assert!(problems.is_empty(), "{:?}", messages(&problems, Lang::En));
    assert_eq!(report.unchanged, n, "the export imports back unchanged");
    let i = (0..pay.rows.len())
        .find(|&i| text(&pay, i, Col::Id) == id)
        .unwrap();
    assert_eq!(text(&pay, i, Col::PayProblem), "kartu_diblokir");
    // Another problem beside received is refused; a new note clears the stale one.
    *cell(&mut pay, i, Col::PayProblem) = "nama_tidak_sesuai".into();
    let (problems, _) = import(&store, &user, &pay, opts(true, false));
    assert_eq!(
        problems.iter().map(|p| &p.reason).collect::<Vec<_>>(),
        vec![&Reason::OnlyWith("status", "tidak_diterima")]
    );
    *cell(&mut pay, i, Col::PayProblem) = "kartu_diblokir".into();
    *cell(&mut pay, i, Col::Notes) = "diambil ibu".into();
    let (problems, report) = import(&store, &user, &pay, opts(false, false));
    assert!(problems.is_empty(), "{:?}", messages(&problems, Lang::En));
    assert_eq!((report.updated, report.unchanged), (1, n - 1));
    assert_eq!(
        logged(&demo.path, "payments", &id, "problem", "kartu_diblokir", ""),
        1
    );
}

#[test]
fn a_reason_a_merge_left_beside_met_round_trips_and_goes_with_the_next_change() {
    let demo = demo_db(30, 2, 5);
    let store = Store::open(&demo.path).unwrap();
    let user = facilitator(&store);
    // Their reason and notes beside our outcome.
    let id: String = common::one(
        &demo.path,
        &format!(
            "SELECT v.id FROM verifications v JOIN households h ON h.id = v.household_id
             WHERE h.worker_id = '{}' AND v.outcome = 'memenuhi' ORDER BY v.id LIMIT 1",
            user.id
        ),
    );
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "UPDATE verifications SET reason = 'sakit', notes = 'demam' WHERE id = ?1",
            [&id],
        )
        .unwrap();
    let (mut ver, n) = exported(&store, &user, Kind::Verifications, Format::Xlsx);
    let (problems, report) = import(&store, &user, &ver, opts(false, false));
    assert!(problems.is_empty(), "{:?}", messages(&problems, Lang::En));
    assert_eq!(report.unchanged, n, "the export imports back unchanged");
    let i = (0..ver.rows.len())
        .find(|&i| text(&ver, i, Col::Id) == id)
        .unwrap();
    *cell(&mut ver, i, Col::Reason) = "bepergian".into();
    let (problems, _) = import(&store, &user, &ver, opts(true, false));
    assert_eq!(
        problems.iter().map(|p| &p.reason).collect::<Vec<_>>(),
        vec![&Reason::OnlyWith("hasil", "tidak_memenuhi")]
    );
    // Not applicable after all: the stale reason and notes go with it.
    *cell(&mut ver, i, Col::Reason) = String::new();
    *cell(&mut ver, i, Col::Notes) = String::new();
    *cell(&mut ver, i, Col::Outcome) = "tidak_berlaku".into();
    let (problems, report) = import(&store, &user, &ver, opts(false, false));
    assert!(problems.is_empty(), "{:?}", messages(&problems, Lang::En));
    assert_eq!((report.updated, report.unchanged), (1, n - 1));
    assert_eq!(
        logged(&demo.path, "verifications", &id, "reason", "sakit", ""),
        1
    );
    assert_eq!(
        logged(&demo.path, "verifications", &id, "notes", "demam", ""),
        1
    );
}
