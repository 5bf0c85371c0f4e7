//! Issue 13's load test, scaled down for CI: 50 laptops (real pilar stores in a temporary
//! folder, each a different facilitator, enrolled and synced by the real client code of
//! `src/sync/`) sync at once against one service with a pool of 8 connections. Also the
//! server-side checks the fault tests (`sync_faults.rs`) share: every entry once, by id, and
//! every caseload's chain walked on the server.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use pilar::domain::Lang;
use pilar::store::Store;
use pilar::sync::{self, Options};
use pilar_server::load::{LoadOptions, Snapshot};
use pilar_server::testing::{Harness, Setup};

/// The tables whose history the server's streams carry.
pub(crate) const CASELOAD: &str =
    "('households', 'members', 'graduations', 'activities', 'activity_households', 'referrals')";

/// A harness on `today` with a demo regency (`households`, `workers` facilitators and
/// their supervisor) loaded, and the demo.
pub(crate) fn loaded(
    households: u64,
    workers: u64,
    pool: usize,
) -> Option<(Harness, common::Demo)> {
    let h = Harness::start_with(Setup {
        today: Some(common::today()),
        pool,
        ..Setup::default()
    })?;
    let demo = common::demo_db(households, workers, 7);
    let snap = Snapshot::read(&Store::open(&demo.path).unwrap()).unwrap();
    let mut c = h.pg();
    h.block_on(pilar_server::load::load(
        &mut c,
        &snap,
        &LoadOptions {
            kab: Some("3324".into()),
            today: Some(common::today()),
        },
    ))
    .expect("load the demo onto the server");
    Some((h, demo))
}

/// The ids of a laptop's caseload history entries.
pub(crate) fn laptop_ids(path: &Path) -> BTreeSet<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut s = c
        .prepare(&format!(
            "SELECT id FROM change_log WHERE table_name IN {CASELOAD}"
        ))
        .unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The ids on the server, asserting each is there exactly once.
pub(crate) fn server_ids_once(h: &Harness) -> BTreeSet<String> {
    let c = h.pg();
    let rows = h
        .block_on(c.query("SELECT id::text FROM caseload_log", &[]))
        .unwrap();
    let all: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    let ids: BTreeSet<String> = all.iter().cloned().collect();
    assert_eq!(all.len(), ids.len(), "an entry is on the server twice");
    ids
}

/// Walks every caseload's chain on the server; see `Harness::verify_chains`.
pub(crate) fn server_chains_verify(h: &Harness) -> i64 {
    h.verify_chains()
}

/// One laptop of `login`: enrolled and restored, then `entries` history entries written
/// and synced, all laptops starting each step together; returns its path.
fn laptop(
    h: &Harness,
    dir: &Path,
    login: &str,
    code: String,
    entries: usize,
    go: &Barrier,
) -> PathBuf {
    let path = dir.join(format!("{login}.db"));
    let fail = |what: &str, e: sync::SyncError| -> ! {
        panic!("{login}, {what}: {}", e.message(Lang::En, &path))
    };
    go.wait();
    let store = Store::open(&path).unwrap();
    let first = sync::run(
        &store,
        &Options {
            server: Some(h.url()),
            code: Some(code),
            ..Options::default()
        },
    )
    .unwrap_or_else(|e| fail("first sync", e));
    assert!(first.first_pull && first.added > 0, "{login}: {first:?}");
    let me = store.worker_by_login(login).unwrap().unwrap().id;
    let households: Vec<String> = store
        .sync_rows("households")
        .unwrap()
        .iter()
        .filter_map(|r| r.get("id").and_then(|c| c.as_text()).map(str::to_string))
        .collect();
    for hid in households.iter().cycle().take(entries) {
        store.log_reveal(&me, hid).unwrap();
    }
    go.wait();
    let day = sync::run(&store, &Options::default()).unwrap_or_else(|e| fail("day's sync", e));
    assert_eq!(day.pushed_entries, entries as u64, "{login}: {day:?}");
    path
}

#[test]
fn sync_load_50_laptops_at_once_lose_and_double_nothing_within_the_pool() {
    const LAPTOPS: u64 = 50;
    const POOL: usize = 8;
    const ENTRIES: usize = 4;
    let Some((h, demo)) = loaded(2 * LAPTOPS, LAPTOPS, POOL) else {
        return;
    };
    let logins: Vec<String> = Store::open(&demo.path)
        .unwrap()
        .workers()
        .unwrap()
        .into_iter()
        .filter(|w| w.login != "korkab")
        .map(|w| w.login)
        .collect();
    assert_eq!(logins.len() as u64, LAPTOPS);
    let codes: Vec<String> = logins.iter().map(|l| h.enroll_code(l)).collect();
    let before = server_ids_once(&h);
    let go = Barrier::new(logins.len());
    let (done, most) = (AtomicBool::new(false), AtomicI64::new(0));
    let app = format!("pilar-test-{}", h.schema);
    let laptops: Vec<PathBuf> = std::thread::scope(|s| {
        // Samples the service's PostgreSQL connections while the laptops run.
        s.spawn(|| {
            let c = h.pg();
            while !done.load(Ordering::Relaxed) {
                let n: i64 = h
                    .block_on(c.query_one(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                        &[&app],
                    ))
                    .unwrap()
                    .get(0);
                most.fetch_max(n, Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        });
        let handles: Vec<_> = logins
            .iter()
            .zip(codes)
            .map(|(login, code)| {
                let (h, go, dir) = (&h, &go, demo.dir.path());
                s.spawn(move || laptop(h, dir, login, code, ENTRIES, go))
            })
            .collect();
        let paths = handles
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect();
        done.store(true, Ordering::Relaxed);
        paths
    });
    let most = most.load(Ordering::Relaxed);
    assert!(most > 0, "the sampler saw the service's connections");
    assert!(
        most <= POOL as i64,
        "{most} connections for a pool of {POOL}"
    );
    // Every laptop's entries on the server exactly once, and nothing else new.
    let after = server_ids_once(&h);
    let mut pushed = BTreeSet::new();
    for path in &laptops {
        let ids = laptop_ids(path);
        assert!(
            ids.is_subset(&after),
            "{}: an entry missing",
            path.display()
        );
        pushed.extend(ids.difference(&before).cloned());
        let v = Store::open(path).unwrap().verify().unwrap();
        assert!(v.ok(), "{}: {v:?}", path.display());
    }
    assert_eq!(pushed.len(), LAPTOPS as usize * ENTRIES);
    assert_eq!(after.len(), before.len() + pushed.len());
    assert_eq!(server_chains_verify(&h), after.len() as i64);
    // And a second sync of any laptop moves nothing.
    let r = sync::run(&Store::open(&laptops[0]).unwrap(), &Options::default()).unwrap();
    assert!(!r.moved(), "{r:?}");
}
