//! Crash safety: a writer is killed with SIGKILL at random moments while it saves; every
//! write it acknowledged must survive, `integrity_check` must pass and the history chain
//! must verify. CI runs a reduced loop; `PILAR_CRASH_ROUNDS=300 cargo test --test crash`
//! runs the long one.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use pilar::store::Store;
use rusqlite::Connection;

#[test]
fn acknowledged_writes_survive_sigkill() {
    let rounds: u32 = std::env::var("PILAR_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let demo = common::demo_db(40, 1, 1);
    let db = demo.path.to_str().unwrap().to_string();
    let mut acknowledged: Vec<String> = Vec::new();
    // A small deterministic generator picks when to kill.
    let mut seed: u64 = 0x5eed;
    for _ in 0..rounds {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = Duration::from_millis(5 + (seed >> 33) % 120);
        let mut child = Command::new(env!("CARGO_BIN_EXE_pilar"))
            .args(["crash-writer", "--db", &db, "--count", "100000"])
            .env("PILAR_TODAY", "2026-11-29")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        acknowledged.extend(reader.join().unwrap());
    }
    assert!(!acknowledged.is_empty(), "the writer never got to write");
    let conn = Connection::open(&demo.path).unwrap();
    let mut missing = 0;
    for id in &acknowledged {
        let n: i64 = conn
            .query_row("SELECT count(*) FROM activities WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        missing += usize::from(n == 0);
    }
    assert_eq!(
        missing,
        0,
        "{missing} of {} acknowledged writes lost",
        acknowledged.len()
    );
    let store = Store::open(&demo.path).unwrap();
    let v = store.verify().unwrap();
    assert!(v.ok(), "after {rounds} kills: {v:?}");
}
