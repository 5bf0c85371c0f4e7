//! A supervisor's work travels (issue 11 item 8, part a): a supervision note or a sign-off
//! written on the supervisor's laptop is pushed into the facilitator's caseload stream,
//! reaches the facilitator's laptop and another supervisor laptop of the regency, whose
//! review since sign-off then counts alike; a second sync moves nothing. Real SQLite files against the real service on a
//! throw-away PostgreSQL schema (skipped without PostgreSQL unless `PILAR_REQUIRE_PG=1`).

use crate::common;
use crate::sync::{edit, fixture, synced, verified};

use common::{app_as, count, keys, one};
use pilar::app::Overlay;
use pilar::domain::Lang;
use pilar::model::LogQuery;
use pilar::model::review::{NewSignOff, ReviewQuery};
use pilar::store::Store;

/// Leaves a supervision note on the supervisor list's first household; returns the
/// household's id and its facilitator's login.
fn note_on_first_household(path: &std::path::Path, text: &str) -> (String, String) {
    let store = Store::open(path).unwrap();
    let mut app = app_as(&store, "korkab", Lang::Id);
    keys(&mut app, &store, "g");
    let id = app.caseload.list.selected_row().unwrap().id.clone();
    keys(&mut app, &store, "a");
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "a opens the note form"
    );
    keys(&mut app, &store, &format!("{text}<enter>"));
    assert!(matches!(app.overlay, Overlay::None), "the note was saved");
    let login: String = one(
        path,
        &format!(
            "SELECT w.login FROM households h JOIN workers w ON w.id = h.worker_id
             WHERE h.id = '{id}'"
        ),
    );
    (id, login)
}

#[test]
fn a_supervisors_note_reaches_the_facilitators_laptop_and_another_supervisor() {
    let Some(fx) = fixture() else { return };
    let (s, _) = fx.enrol("s.db", "korkab");
    let (household, login) = note_on_first_household(&s, "Tolong cek KIS bulan ini");
    let (f, _) = fx.enrol("f.db", &login);
    assert!(Store::open(&s).unwrap().sync_unsent().unwrap() > 0);

    let rs = synced(&s);
    assert!(rs.pushed_entries >= 1, "the note's entries went up: {rs:?}");
    assert!(rs.quarantined.is_empty(), "{rs:?}");
    assert_eq!(Store::open(&s).unwrap().sync_unsent().unwrap(), 0);
    assert_eq!(
        fx.h.count(
            "SELECT count(*) FROM activities WHERE kind = 'catatan'
             AND summary = 'Tolong cek KIS bulan ini'"
        ),
        1
    );

    // The facilitator's laptop pulls it: in the household's log, by the supervisor.
    let rf = synced(&f);
    assert!(rf.added >= 1, "{rf:?}");
    let log = Store::open(&f)
        .unwrap()
        .activity_window(&LogQuery::Household(household.clone()), 0, 50)
        .unwrap();
    let note = log
        .iter()
        .find(|a| a.summary == "Tolong cek KIS bulan ini")
        .expect("the note in the household's log");
    assert!(note.noted_by.is_some(), "{note:?}");

    // Another supervisor laptop of the regency has it too (the team pull's rows).
    let (s2, _) = fx.enrol("s2.db", "korkab");
    assert_eq!(
        count(
            &s2,
            "SELECT count(*) FROM activities WHERE summary = 'Tolong cek KIS bulan ini'"
        ),
        1
    );

    // Nothing moves the second time, on either side; the files verify.
    for p in [&s, &f] {
        let r = synced(p);
        assert!(!r.moved(), "{}: {r:?}", p.display());
    }
    for p in [&s, &f, &s2] {
        verified(p);
    }
}

/// Part (a)'s second half: the team pull brings the facilitators' history, and a sign-off
/// made on one supervisor laptop reaches another supervisor laptop of the regency (and
/// the facilitator's, read-only), so both team screens' `Baru` counts agree: siti's work
/// before the sign-off counted on both before it, none of it after, her later work on both.
#[test]
fn a_sign_off_reaches_another_supervisor_laptop() {
    let Some(fx) = fixture() else { return };
    let (f, _) = fx.enrol("f.db", "siti");
    let (s, _) = fx.enrol("s.db", "korkab");
    let (s2, _) = fx.enrol("s2.db", "korkab");
    let me: String = one(&s, "SELECT id FROM workers WHERE login = 'korkab'");
    let siti: String = one(&s, "SELECT id FROM workers WHERE login = 'siti'");
    let review = |p: &std::path::Path| {
        let store = Store::open(p).unwrap();
        let summary = store.review_summaries().unwrap()[&siti].clone();
        let since = summary.last.as_ref().map_or(0, |l| l.upto_seq);
        let rows = store
            .review_window(
                &ReviewQuery {
                    facilitator_id: siti.clone(),
                    since_seq: since,
                },
                0,
                10_000,
            )
            .unwrap();
        (summary, rows)
    };

    // Siti's work before the sign-off reaches both supervisor laptops with its history.
    let before = edit(&f, 0, "phone", "081277770001");
    synced(&f);
    synced(&s);
    synced(&s2);
    let (a, rows_a) = review(&s);
    let (b, rows_b) = review(&s2);
    assert!(a.counts.total() > 0, "{a:?}");
    assert_eq!(a.counts, b.counts);
    assert_eq!(rows_a.len(), rows_b.len());
    assert!(
        rows_a
            .iter()
            .any(|r| r.household_id.as_deref() == Some(before.as_str()) && r.field == "phone"),
        "the phone change is in the review"
    );
    // Team entries are the server's: nothing unsent, nothing to push.
    assert_eq!(Store::open(&s2).unwrap().sync_unsent().unwrap(), 0);

    // korkab signs off on s and syncs: the sign-off goes into siti's stream.
    Store::open(&s)
        .unwrap()
        .sign_off(
            &me,
            &NewSignOff {
                supervisor_id: me.clone(),
                facilitator_id: siti.clone(),
                upto_seq: i64::MAX,
                note: "oke".into(),
            },
        )
        .unwrap();
    assert!(Store::open(&s).unwrap().sync_unsent().unwrap() > 0);
    let r = synced(&s);
    assert!(r.quarantined.is_empty(), "{r:?}");
    assert_eq!(Store::open(&s).unwrap().sync_unsent().unwrap(), 0);
    assert_eq!(fx.h.count("SELECT count(*) FROM signoffs"), 1);

    // Siti works on after it.
    let after = edit(&f, 1, "phone", "081277770002");
    assert_ne!(after, before);
    synced(&f);
    synced(&s);
    synced(&s2);
    assert_eq!(count(&s2, "SELECT count(*) FROM signoffs"), 1);
    assert_eq!(
        count(&f, "SELECT count(*) FROM signoffs"),
        1,
        "the facilitator's laptop holds it"
    );
    let (a, rows_a) = review(&s);
    let (b, rows_b) = review(&s2);
    assert!(a.last.is_some() && b.last.is_some());
    assert_eq!(a.counts, b.counts);
    assert_eq!(
        (a.counts.households_changed, a.counts.total()),
        (1, 1),
        "only the change after the sign-off: {a:?}"
    );
    for rows in [&rows_a, &rows_b] {
        assert!(!rows.is_empty());
        assert!(
            rows.iter()
                .all(|r| r.household_id.as_deref() == Some(after.as_str())),
            "nothing signed off is in the review: {rows:?}"
        );
    }
    assert_eq!(rows_a.len(), rows_b.len());

    // Nothing moves the second time; every file verifies.
    for p in [&s, &s2, &f] {
        let r = synced(p);
        assert!(!r.moved(), "{}: {r:?}", p.display());
    }
    for p in [&s, &s2, &f] {
        verified(p);
    }
}

/// A supervisor's push whose answer was lost is sent again with its id at the next sync:
/// the server answers what it stored, the note is on the server once, and the laptop
/// counts it as sent.
#[test]
fn a_supervisors_push_whose_answer_was_lost_is_replayed_once() {
    let Some(fx) = fixture() else { return };
    let (s, _) = fx.enrol("s.db", "korkab");
    note_on_first_household(&s, "Catatan yang jawabannya hilang");
    assert!(pilar::sync::supervisor::push_and_lose_the_answer(&Store::open(&s).unwrap()).unwrap());
    let on_server = || {
        fx.h.count(
            "SELECT count(*) FROM activities WHERE summary = 'Catatan yang jawabannya hilang'",
        )
    };
    assert_eq!(on_server(), 1, "the server applied it");
    let entries = fx.h.count("SELECT count(*) FROM caseload_log");
    assert!(
        Store::open(&s).unwrap().sync_unsent().unwrap() > 0,
        "not acknowledged"
    );
    let r = synced(&s);
    assert!(r.quarantined.is_empty(), "{r:?}");
    assert_eq!(on_server(), 1);
    assert_eq!(
        fx.h.count("SELECT count(*) FROM caseload_log"),
        entries,
        "no entry twice"
    );
    assert_eq!(Store::open(&s).unwrap().sync_unsent().unwrap(), 0);
    assert!(!synced(&s).moved());
    verified(&s);
}

/// A sign-off made on a supervisor's file before it was enrolled goes up with the first
/// sync (enrolment marks the supervisor's own sign-offs for the outbox, as a facilitator's
/// caseload is marked), and reaches another supervisor laptop.
#[test]
fn a_sign_off_made_before_enrolling_goes_up_with_the_first_sync() {
    let Some(fx) = fixture() else { return };
    let pre = fx.laptop("pre.db");
    std::fs::copy(&fx.demo.path, &pre).unwrap();
    let me: String = one(&pre, "SELECT id FROM workers WHERE login = 'korkab'");
    let siti: String = one(&pre, "SELECT id FROM workers WHERE login = 'siti'");
    Store::open(&pre)
        .unwrap()
        .sign_off(
            &me,
            &NewSignOff {
                supervisor_id: me.clone(),
                facilitator_id: siti.clone(),
                upto_seq: i64::MAX,
                note: "sebelum sinkron".into(),
            },
        )
        .unwrap();
    let (s, r) = fx.enrol("pre.db", "korkab");
    assert!(r.quarantined.is_empty(), "{r:?}");
    assert_eq!(
        fx.h.count("SELECT count(*) FROM signoffs WHERE note = 'sebelum sinkron'"),
        1,
        "the server holds it"
    );
    assert_eq!(Store::open(&s).unwrap().sync_unsent().unwrap(), 0);
    let (s2, _) = fx.enrol("s2.db", "korkab");
    assert_eq!(
        count(
            &s2,
            "SELECT count(*) FROM signoffs WHERE note = 'sebelum sinkron'"
        ),
        1
    );
    verified(&s);
}
