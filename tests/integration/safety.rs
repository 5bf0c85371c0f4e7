//! The file's safety under other sessions and odd places (issue 14, sections 1 and 7): a
//! busy file waits instead of failing, read-only places open read-only and leave nothing
//! behind, an empty file is not silently made a plaintext database, a file in use is not
//! replaced or rekeyed, and `pilar verify` sees a history shortened or bypassed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use crate::common;

use common::{demo_db, today};
use pilar::domain::activity::ActivityKind;
use pilar::model::{ListQuery, NewActivity, Scope};
use pilar::store::Store;
use rusqlite::Connection;

/// A home visit to `household`, as the activity form saves it.
fn visit(household: &str, summary: &str) -> NewActivity {
    NewActivity {
        households: vec![(household.to_string(), true)],
        kind: ActivityKind::Kunjungan,
        date: today(),
        summary: summary.into(),
        detail: String::new(),
        follow_up: None,
        group_name: String::new(),
        place: String::new(),
        p2k2_module: None,
        p2k2_session: None,
    }
}

/// The demo's facilitator and the first household of their caseload.
fn siti_and_household(store: &Store) -> (String, String) {
    let me = store.worker_by_login("siti").unwrap().unwrap();
    let q = ListQuery::caseload(Scope::Worker(me.id.clone()), today());
    let hh = store.household_window(&q, 0, 1).unwrap()[0].id.clone();
    (me.id, hh)
}

#[test]
fn a_save_waits_for_another_sessions_write_instead_of_failing() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = siti_and_household(&store);
    // Another session takes the write lock and keeps it for a second.
    let (held, wait_held) = mpsc::channel();
    let path = demo.path.clone();
    let holder = thread::spawn(move || {
        let other = Connection::open(&path).unwrap();
        other
            .execute_batch(
                "BEGIN IMMEDIATE;
                 INSERT INTO meta (key, value) VALUES ('other session', '1');",
            )
            .unwrap();
        held.send(()).unwrap();
        thread::sleep(Duration::from_millis(1000));
        other.execute_batch("COMMIT").unwrap();
    });
    wait_held.recv().unwrap();
    let started = Instant::now();
    let saved = store.add_activity(&me, &visit(&hh, "Kunjungan saat sesi lain menulis"));
    let waited = started.elapsed();
    holder.join().unwrap();
    assert!(saved.is_ok(), "the save failed at once: {:?}", saved.err());
    assert!(
        waited >= Duration::from_millis(800),
        "it waited for the other write ({waited:?})"
    );
    assert!(store.verify().unwrap().ok());
}

#[test]
fn saves_succeed_while_another_session_writes_in_a_tight_loop() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = siti_and_household(&store);
    // Another session commits again and again, holding the write lock most of the time
    // (the adversarial test's F12: 40 of 40 saves failed at once).
    let stop = Arc::new(AtomicBool::new(false));
    let (started_tx, started) = mpsc::channel();
    let writer = {
        let stop = stop.clone();
        let path = demo.path.clone();
        thread::spawn(move || {
            let other = Connection::open(&path).unwrap();
            other.busy_timeout(Duration::from_secs(5)).unwrap();
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                other.execute_batch("BEGIN IMMEDIATE").unwrap();
                other
                    .execute(
                        "INSERT INTO meta (key, value) VALUES ('load', ?1)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [i.to_string()],
                    )
                    .unwrap();
                if i == 0 {
                    started_tx.send(()).unwrap();
                }
                thread::sleep(Duration::from_millis(4));
                other.execute_batch("COMMIT").unwrap();
                thread::sleep(Duration::from_millis(1));
                i += 1;
            }
            i
        })
    };
    started.recv().unwrap();
    // 20 saves, a little apart as a person's are, all the while the other session writes.
    let mut failed = Vec::new();
    let n = 20;
    for i in 0..n {
        if let Err(e) = store.add_activity(&me, &visit(&hh, &format!("Kunjungan {i}"))) {
            failed.push(e.to_string());
        }
        thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, Ordering::Relaxed);
    let commits = writer.join().unwrap();
    assert!(
        failed.is_empty(),
        "{} of {n} saves failed: {failed:?}",
        failed.len()
    );
    assert!(commits >= 20, "the other session kept writing ({commits})");
    assert!(store.verify().unwrap().ok());
}
