//! Issue 13's faults not covered elsewhere (a lost answer, a restart, terminated PostgreSQL
//! connections and a push sent twice are in `sync.rs` and the server's `faults.rs`): the
//! laptop's `pilar sync` killed with SIGKILL at random points, and the laptop's clock a year
//! off. Both run the built binary against the service on a throw-away schema.

use crate::common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use pilar::store::Store;

use crate::sync_load::{laptop_ids, loaded, server_chains_verify, server_ids_once};

fn pilar(db: &Path, today: chrono::NaiveDate) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pilar"));
    c.args(["--db", db.to_str().unwrap(), "--plaintext", "--lang", "en"])
        .env("PILAR_TODAY", today.to_string())
        .env_remove("PILAR_LANG");
    c
}

fn ran(mut c: Command) -> Output {
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `n` history entries on the laptop's households, written as `login`.
fn work(path: &Path, login: &str, n: usize) {
    let store = Store::open(path).unwrap();
    let me = store.worker_by_login(login).unwrap().unwrap().id;
    let households: Vec<String> = store
        .sync_rows("households")
        .unwrap()
        .iter()
        .filter_map(|r| r.get("id").and_then(|c| c.as_text()).map(str::to_string))
        .collect();
    for hid in households.iter().cycle().take(n) {
        store.log_reveal(&me, hid).unwrap();
    }
}

/// `pilar sync` runs to the end and says it moved nothing.
fn nothing_moves(db: &Path, today: chrono::NaiveDate) {
    let out = ran({
        let mut c = pilar(db, today);
        c.arg("sync");
        c
    });
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Already in sync"), "{text}");
}

fn verify_passes(db: &Path, today: chrono::NaiveDate) {
    ran({
        let mut c = pilar(db, today);
        c.arg("verify");
        c
    });
}

#[test]
fn sync_fault_sigkill_at_random_points_of_pilar_sync_loses_and_doubles_nothing() {
    let Some((h, demo)) = loaded(30, 2, 4) else {
        return;
    };
    let today = common::today();
    let dir = demo.dir.path();
    let (a, b) = (dir.join("a.db"), dir.join("b.db"));
    for db in [&a, &b] {
        let code = h.enroll_code("siti");
        ran({
            let mut c = pilar(db, today);
            c.args(["sync", "--server", &h.url(), "--code", &code]);
            c
        });
    }
    // Laptop b's work comes down to a while a's goes up: more than one push chunk (2,000).
    work(&b, "siti", 600);
    ran({
        let mut c = pilar(&b, today);
        c.arg("sync");
        c
    });
    work(&a, "siti", 2_100);
    // A small generator picks when to kill; the seed is printed to replay a failure.
    let mut seed: u64 = std::env::var("PILAR_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("kill seed: PILAR_TEST_SEED={seed}");
    let mut finished = 0;
    for round in 0..8 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_millis(20 + (seed >> 33) % (150 * (round + 1)));
        let mut c = pilar(&a, today);
        c.arg("sync").stdout(Stdio::null()).stderr(Stdio::null());
        let mut child = c.spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        }
        child.kill().unwrap_or(()); // SIGKILL (already gone: nothing to do)
        child.wait().unwrap();
        eprintln!("round {round}: killed after {delay:?}");
    }
    assert!(
        finished < 8,
        "every run ended before its kill: nothing was tested"
    );
    // Run to the end: every entry of both laptops on the server exactly once.
    ran({
        let mut c = pilar(&a, today);
        c.arg("sync");
        c
    });
    let server = server_ids_once(&h);
    let (ids_a, ids_b) = (laptop_ids(&a), laptop_ids(&b));
    assert!(ids_a.is_subset(&server), "a's entries all on the server");
    assert_eq!(
        ids_a,
        ids_b.union(&ids_a).cloned().collect(),
        "b's pulled to a"
    );
    assert_eq!(server_chains_verify(&h), server.len() as i64);
    verify_passes(&a, today);
    nothing_moves(&a, today);
    // b gets a's work once, and then nothing moves either.
    ran({
        let mut c = pilar(&b, today);
        c.arg("sync");
        c
    });
    assert_eq!(laptop_ids(&b), ids_a);
    verify_passes(&b, today);
    nothing_moves(&b, today);
}
