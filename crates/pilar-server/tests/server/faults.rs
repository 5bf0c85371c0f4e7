//! Retries, two identical pushes at once, PostgreSQL connections cut mid-run, a panic in a
//! handler, and HTTPS with a certificate made here.

use std::sync::{Arc, Barrier};

use pilar_core::sync::{PushResponse, TableRows};
use pilar_server::testing::{Setup, self_signed};

use crate::common::*;

#[test]
fn a_retried_push_returns_the_stored_answer_and_changes_nothing() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    let h = text(&rows["households"][0], "id").to_string();
    let p = push_req(
        0,
        vec![entry("households", &h, "phone", None, Some("1"), &siti)],
        rows,
        1,
    );
    let first = laptop.push(&p);
    assert_eq!(first.status, 200, "{}", first.json);
    let (other, _) = fx.device("siti");
    let before = table_counts(&fx.h);
    let again = laptop.push(&p);
    assert_eq!(again.status, 200);
    assert_eq!(again.json, first.json);
    assert_eq!(table_counts(&fx.h), before);
    // The same push_id from another device is refused.
    let a = other.push(&p);
    assert_eq!((a.status, a.code()), (409, "push_id_reused"));
    assert_eq!(table_counts(&fx.h), before);

    // Two identical pushes at once: one applies, the other waits on the caseload's lock
    // and gets the same answer.
    let p = push_req(
        1,
        vec![entry(
            "households",
            &h,
            "phone",
            Some("1"),
            Some("2"),
            &siti,
        )],
        TableRows::new(),
        2,
    );
    let mut p2 = p.clone();
    p2.anchor = anchor(1);
    let p = p2;
    let barrier = Arc::new(Barrier::new(2));
    let answers: Vec<serde_json::Value> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (b, l, p) = (barrier.clone(), &laptop, &p);
                s.spawn(move || {
                    b.wait();
                    let a = l.push(p);
                    assert_eq!(a.status, 200, "{}", a.json);
                    a.json
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(answers[0], answers[1]);
    assert_eq!(fx.h.count("SELECT count(*) FROM caseload_log"), 2);
    assert_eq!(verify_chains(&fx.h), 2);
}

#[test]
fn terminated_database_connections_are_replaced_and_nothing_is_half_applied() {
    let Some(fx) = fixture() else { return };
    let siti = fx.id("siti").to_string();
    let (laptop, _) = fx.device("siti");
    let rows = caseload(&fx.snap, &siti);
    let h = text(&rows["households"][0], "id").to_string();
    assert_eq!(laptop.push(&push_req(0, vec![], rows, 0)).status, 200);
    assert!(fx.h.terminate_connections() > 0);
    // The next request gets a fresh connection.
    assert_eq!(laptop.pull(0, anchor(0).as_ref()).status, 200);
    // Pushes in a loop while the connections are cut again and again.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (acked, failed) = std::thread::scope(|s| {
        let pusher = s.spawn(|| {
            let mut base = 1;
            let mut acked = 0;
            let mut failed = 0;
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) && n < 200 {
                n += 1;
                let mut p = push_req(
                    base,
                    (0..20)
                        .map(|i| {
                            entry(
                                "households",
                                &h,
                                "phone",
                                None,
                                Some(&format!("{n}-{i}")),
                                &siti,
                            )
                        })
                        .collect(),
                    TableRows::new(),
                    n,
                );
                p.anchor = anchor(n - 1);
                let a = laptop.push(&p);
                match a.status {
                    200 => {
                        let r: PushResponse = serde_json::from_value(a.json).unwrap();
                        base = r.seq;
                        acked += r.accepted.len() as i64;
                    }
                    503 => {
                        failed += 1;
                        // Retry the same push, as a laptop does: it either was applied
                        // (the stored answer comes back) or not at all.
                        let mut tries = 0;
                        let a = loop {
                            tries += 1;
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            let a = laptop.push(&p);
                            if a.status != 503 || tries == 10 {
                                break a;
                            }
                        };
                        assert_eq!(a.status, 200, "{}", a.json);
                        let r: PushResponse = serde_json::from_value(a.json).unwrap();
                        base = r.seq;
                        acked += r.accepted.len() as i64;
                    }
                    other => panic!("unexpected {other}: {}", a.json),
                }
            }
            (acked, failed)
        });
        for _ in 0..5 {
            std::thread::sleep(std::time::Duration::from_millis(40));
            fx.h.terminate_connections();
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        pusher.join().unwrap()
    });
    eprintln!("pushes acknowledged entries: {acked}, failed once and retried: {failed}");
    assert_eq!(fx.h.count("SELECT count(*) FROM caseload_log"), acked);
    assert_eq!(verify_chains(&fx.h), acked);
    assert_eq!(
        fx.h.count(
            "SELECT count(*) FROM (SELECT id FROM caseload_log GROUP BY id HAVING count(*) > 1) d"
        ),
        0
    );
}

#[test]
fn a_panic_in_a_handler_is_a_500_and_the_server_goes_on() {
    let extra = axum::Router::new().route(
        "/v1/_panic",
        axum::routing::get(|| async {
            if std::hint::black_box(true) {
                panic!("test panic");
            }
            "never"
        }),
    );
    let Some(fx) = fixture_with(
        Setup {
            extra: Some(extra),
            ..Setup::default()
        },
        4,
        1,
    ) else {
        return;
    };
    let a = fx.http.get("/v1/_panic");
    assert_eq!((a.status, a.code()), (500, "internal"));
    assert_eq!(fx.http.get("/v1/health").status, 200);
}

#[test]
fn https_with_a_self_signed_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, &cert).unwrap();
    std::fs::write(&key_path, &key).unwrap();
    let Some(fx) = fixture_with(
        Setup {
            tls: Some((cert_path, key_path)),
            ..Setup::default()
        },
        6,
        1,
    ) else {
        return;
    };
    assert!(fx.h.url().starts_with("https://127.0.0.1:"));
    let https = Http::with_roots(&fx.h.url(), Some(&cert));
    assert_eq!(https.get("/v1/health").status, 200);
    let code = fx.h.enroll_code("siti");
    let (laptop, e) = https.enroll(&code);
    let rows = caseload(&fx.snap, &e.worker_id);
    let a = laptop.push(&push_req(0, vec![], rows.clone(), 0));
    assert_eq!(a.status, 200, "{}", a.json);
    let page = laptop.pull(0, anchor(0).as_ref());
    assert_eq!(page.status, 200);
    assert_eq!(
        page.json["rows"]["households"].as_array().unwrap().len(),
        rows["households"].len()
    );
    // A client that does not trust the certificate is refused.
    let untrusting = Http::with_roots(&fx.h.url(), None);
    assert!(
        untrusting.try_get("/v1/health").is_err(),
        "an unknown certificate is refused"
    );
}
