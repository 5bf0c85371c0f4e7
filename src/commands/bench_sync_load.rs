//! `pilar bench --sync`, its load part: `PILAR_SYNC_LAPTOPS` simulated laptops (default 50;
//! issue 13's target is 1,000) each do a day's sync at once against one service with a
//! pool of 32 PostgreSQL connections, then the roll-ups are timed: one regency (the
//! supervisor's) and national aggregates over 34,000 facilitators' roll-up rows.
//!
//! A simulated laptop is a thread speaking the wire protocol through the laptop's own HTTP
//! client (`sync::Client`): enrolled and restored before the clock starts, then one pull
//! and one push of [`DAY`] history entries (NIK reveals on its households, as a real laptop
//! logs them). Real SQLite laptops are measured by the restore and day's sync figures; a
//! thousand of them would measure this machine's two cores, not the service.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use pilar_core::sync::{ChainPoint, EnrollRequest, Entry, PushRequest, TableRows};
use pilar_server::load::{LoadOptions, Snapshot};
use pilar_server::testing::{Harness, Setup};

use super::Failure;
use crate::store::Store;
use crate::sync::Client;

/// History entries in a simulated laptop's day.
pub const DAY: usize = 100;
/// The service's pool (the issue allows 16-32).
const POOL: usize = 32;
/// National aggregates are measured over this many facilitators.
const NATIONAL: i64 = 34_000;

fn fail(what: &str, e: &dyn std::fmt::Display) -> Failure {
    Failure(format!("bench --sync: {what}: {e}"))
}

/// One enrolled, restored simulated laptop.
struct Sim {
    client: Client,
    worker: String,
    households: Vec<String>,
    head: i64,
}

fn enrol(url: &str, code: &str) -> Result<Sim, String> {
    let anon = Client::new(url, None, None).map_err(|e| format!("{e:?}"))?;
    let e = anon
        .enroll(&EnrollRequest {
            code: code.into(),
            device_name: "bench".into(),
            worker_id: None,
        })
        .map_err(|e| format!("enrol: {e:?}"))?;
    let client = Client::new(url, None, Some(&e.token)).map_err(|e| format!("{e:?}"))?;
    let mut sim = Sim {
        client,
        worker: e.worker_id,
        households: Vec::new(),
        head: 0,
    };
    loop {
        let page = sim
            .client
            .pull(sim.head, None)
            .map_err(|e| format!("restore: {e:?}"))?;
        for r in page.rows.get("households").into_iter().flatten() {
            if let Some(id) = r.get("id").and_then(|c| c.as_text()) {
                sim.households.push(id.to_string());
            }
        }
        sim.head = page.upto;
        if !page.more {
            break;
        }
    }
    Ok(sim)
}

/// A day's sync: a pull (nothing new), then a push of [`DAY`] entries. Returns how many
/// the server accepted.
fn day(sim: &Sim) -> Result<usize, String> {
    if sim.households.is_empty() {
        return Err("a facilitator without households".into());
    }
    let page = sim
        .client
        .pull(sim.head, None)
        .map_err(|e| format!("pull: {e:?}"))?;
    let entries: Vec<Entry> = sim
        .households
        .iter()
        .cycle()
        .take(DAY)
        .map(|h| Entry {
            id: uuid::Uuid::now_v7().to_string(),
            table: "households".into(),
            record_id: h.clone(),
            field: "nik_revealed".into(),
            old: None,
            new: Some("nik,no_kk".into()),
            at: crate::store::now_utc(),
            author: sim.worker.clone(),
        })
        .collect();
    let r = sim
        .client
        .push(&PushRequest {
            push_id: uuid::Uuid::now_v7().to_string(),
            caseload: None,
            base_seq: page.head,
            entries,
            rows: TableRows::new(),
            open_conflicts: Vec::new(),
            laptop_head: ChainPoint {
                seq: DAY as i64,
                hash: format!("bench-{}", sim.worker),
            },
            anchor: None,
        })
        .map_err(|e| format!("push: {e:?}"))?;
    if !r.quarantined.is_empty() {
        return Err(format!("quarantined: {:?}", r.quarantined[0]));
    }
    Ok(r.accepted.len())
}

pub fn command(today: NaiveDate, laptops: usize) -> Result<(), Failure> {
    let Some(h) = Harness::start_with(Setup {
        today: Some(today),
        pool: POOL,
        ..Setup::default()
    }) else {
        return Err(Failure(
            "bench --sync needs PostgreSQL (PILAR_TEST_PG)".into(),
        ));
    };
    // The regency: `laptops` facilitators with 2 families each, and their supervisor.
    let dir = std::env::temp_dir().join(format!("pilar-bench-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| fail("a folder", &e))?;
    let demo = dir.join("regency.db");
    crate::demo::generate(
        &demo,
        &crate::demo::DemoConfig {
            households: 2 * laptops as u64,
            workers: laptops as u64,
            seed: 11,
            today,
        },
    )
    .map_err(|e| fail("the demo", &e))?;
    let store = Store::open(&demo).map_err(|e| fail("the demo", &e))?;
    let snap = Snapshot::read(&store).map_err(|e| fail("the demo", &e))?;
    let logins: Vec<String> = store
        .workers()
        .map_err(|e| fail("the demo", &e))?
        .into_iter()
        .filter(|w| w.login != "korkab")
        .map(|w| w.login)
        .collect();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    let mut c = h.pg();
    h.block_on(pilar_server::load::load(
        &mut c,
        &snap,
        &LoadOptions {
            kab: Some("3324".into()),
            today: Some(today),
        },
    ))
    .map_err(|e| fail("load", &format!("{e:?}")))?;
    println!(
        "sync load: {} simulated laptops (one per facilitator, one regency), pool {POOL}",
        logins.len()
    );
    let url = h.url();
    let codes: Vec<String> = logins.iter().map(|l| h.enroll_code(l)).collect();
    let before = h.count("SELECT count(*) FROM caseload_log");
    let go = Barrier::new(logins.len() + 1);
    let errors = Mutex::new(Vec::<String>::new());
    let (accepted, finished) = (AtomicU64::new(0), AtomicU64::new(0));
    let (done, most) = (AtomicBool::new(false), AtomicI64::new(0));
    let app = format!("pilar-test-{}", h.schema);
    let mut elapsed = 0.0;
    let (back, gate) = std::sync::mpsc::channel::<()>();
    for _ in 0..POOL {
        back.send(()).expect("a token");
    }
    let gate = Mutex::new(gate);
    std::thread::scope(|s| {
        s.spawn(|| {
            let c = h.pg();
            while !done.load(Ordering::Relaxed) {
                if let Ok(r) = h.block_on(c.query_one(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                    &[&app],
                )) {
                    most.fetch_max(r.get(0), Ordering::Relaxed);
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        });
        for code in &codes {
            let (url, go, errors, accepted, finished, gate) =
                (&url, &go, &errors, &accepted, &finished, &gate);
            let back = back.clone();
            std::thread::Builder::new()
                .stack_size(256 << 10)
                .spawn_scoped(s, move || {
                    // Enrolled and restored before the clock starts, 32 at a time (a
                    // thousand first syncs in the same instant is not the target).
                    let token = gate.lock().unwrap().recv();
                    let sim = enrol(url, code).map_err(|e| format!("(before the clock) {e}"));
                    if let Ok(t) = token {
                        let _ = back.send(t);
                    }
                    go.wait();
                    match sim.and_then(|sim| day(&sim)) {
                        Ok(n) => {
                            accepted.fetch_add(n as u64, Ordering::Relaxed);
                        }
                        Err(e) => errors.lock().unwrap().push(e),
                    }
                    finished.fetch_add(1, Ordering::Relaxed);
                })
                .expect("a thread");
        }
        go.wait();
        let started = Instant::now();
        // The scope joins the laptops; the sampler stops when they are done.
        while finished.load(Ordering::Relaxed) < codes.len() as u64 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        elapsed = started.elapsed().as_secs_f64();
        done.store(true, Ordering::Relaxed);
    });
    let errors = errors.into_inner().unwrap();
    let accepted = accepted.into_inner();
    let total = h.count("SELECT count(*) FROM caseload_log");
    let distinct = h.count("SELECT count(DISTINCT id) FROM caseload_log");
    let expected = before + (logins.len() * DAY) as i64;
    println!(
        "  {} laptops' day's sync ({DAY} entries each) at once: {elapsed:.1} s; {} errors{}",
        logins.len(),
        errors.len(),
        errors
            .first()
            .map_or(String::new(), |e| format!(" (first: {e})"))
    );
    println!(
        "  entries accepted: {accepted}; on the server: {total} for {expected} expected, \
         {} duplicated; \
         most PostgreSQL connections of the service: {}",
        total - distinct,
        most.load(Ordering::Relaxed)
    );
    rollups(&h, today)
}

/// The supervisor's regency roll-up, then national aggregates over [`NATIONAL`]
/// facilitators (their rows written the way the service stores them).
fn rollups(h: &Harness, today: NaiveDate) -> Result<(), Failure> {
    let sup = enrol(&h.url(), &h.enroll_code("korkab"))
        .map_err(|e| fail("the supervisor", &e))?
        .client;
    let median = |f: &dyn Fn() -> Result<usize, String>| -> Result<(f64, usize), Failure> {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..5 {
            let t = Instant::now();
            n = f().map_err(|e| fail("roll-up", &e))?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        Ok((times[2], n))
    };
    let (ms, n) = median(&|| {
        sup.rollup()
            .map(|r| r.facilitators.len())
            .map_err(|e| format!("{e:?}"))
    })?;
    println!("  roll-up for one regency ({n} facilitators), median of 5: {ms:.1} ms");
    let year = today.year();
    h.sql(&format!(
        "INSERT INTO regions (kab_code, prov_code, name)
           SELECT k, left(k, 2), 'Kab ' || k FROM (
             SELECT (11 + g / 20)::text || lpad((g % 20 + 1)::text, 2, '0') AS k
             FROM generate_series(0, 513) g) r
         ON CONFLICT DO NOTHING;
         CREATE TEMP TABLE nat AS
           SELECT gen_random_uuid() AS id, g,
                  (11 + (g % 514) / 20)::text || lpad(((g % 514) % 20 + 1)::text, 2, '0') AS k
           FROM generate_series(1, {NATIONAL}) g;
         INSERT INTO workers (id, name, login, role, annual_target, supervisor_id, created_at,
             updated_at, author_id, kab_code, prov_code, scope)
           SELECT id, 'Pendamping ' || g, 'nas' || g, 'facilitator', 10, NULL, now(), now(), id,
                  k, left(k, 2), 'kab:' || k FROM nat;
         INSERT INTO team_rollup (kab_code, worker_id, year, name, login, target, caseload,
             graduated, candidates, activities_30d, p2k2_month, overdue, not_visited_90d,
             as_of, updated_at)
           SELECT k, id, {year}, 'Pendamping ' || g, 'nas' || g, 10, 250 + g % 100, g % 12,
                  g % 30, g % 40, g % 8, g % 5, g % 20, '{today}', now() FROM nat;
         INSERT INTO workers (id, name, login, role, annual_target, supervisor_id, created_at,
             updated_at, author_id, kab_code, prov_code, scope)
           VALUES ('00000000-0000-7000-8000-00000000a11a', 'Pusat', 'pusat', 'supervisor', 0,
             NULL, now(), now(), '00000000-0000-7000-8000-00000000a11a', '3324', '33',
             'nasional');
         ANALYZE team_rollup;"
    ));
    let national = enrol(&h.url(), &h.enroll_code("pusat"))
        .map_err(|e| fail("the national login", &e))?
        .client;
    let (ms, n) = median(&|| {
        national
            .rollup()
            .map(|r| r.regencies.len())
            .map_err(|e| format!("{e:?}"))
    })?;
    println!(
        "  national aggregates ({} facilitators, {n} regencies), median of 5: {ms:.0} ms",
        h.count("SELECT count(*) FROM team_rollup")
    );
    Ok(())
}
