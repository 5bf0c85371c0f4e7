//! `pilar bench --sync`: the sync's figures on this machine, against the PostgreSQL of
//! `PILAR_TEST_PG` (a throw-away schema, the service in-process, as the tests run it): a
//! 500-family caseload restored onto 2 new laptops (real pilar databases) at once, then a
//! day's work (150 history entries) pushed from one and pulled by the other; then the load
//! and the roll-ups (`bench_sync_load.rs`, `PILAR_SYNC_LAPTOPS` simulated laptops).

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use pilar_server::load::{LoadOptions, Snapshot};
use pilar_server::testing::{Harness, Setup};

use super::Failure;
use crate::store::Store;
use crate::sync::{self, Options};

pub fn command(today: NaiveDate) -> Result<(), Failure> {
    let simulated: usize = std::env::var("PILAR_SYNC_LAPTOPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(50);
    let laptops = 2;
    let fail =
        |what: &str, e: &dyn std::fmt::Display| Failure(format!("bench --sync: {what}: {e}"));
    let Some(h) = Harness::start_with(Setup {
        today: Some(today),
        pool: 16,
        ..Setup::default()
    }) else {
        return Err(Failure(
            "bench --sync needs PostgreSQL (PILAR_TEST_PG)".into(),
        ));
    };
    let dir = tempfile_dir().map_err(|e| fail("a folder", &e))?;
    let demo = dir.join("demo.db");
    crate::demo::generate(
        &demo,
        &crate::demo::DemoConfig {
            households: 500,
            workers: 1,
            seed: 7,
            today,
        },
    )
    .map_err(|e| fail("the demo", &e))?;
    let snap = Snapshot::read(&Store::open(&demo).map_err(|e| fail("the demo", &e))?)
        .map_err(|e| fail("the demo", &e))?;
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
    let login = "siti";
    let codes: Vec<String> = (0..laptops).map(|_| h.enroll_code(login)).collect();
    let url = h.url();
    println!("sync bench: 500 families, {laptops} laptops restoring at once, {url}");
    let started = Instant::now();
    let handles: Vec<_> = codes
        .into_iter()
        .enumerate()
        .map(|(i, code)| {
            let path = dir.join(format!("laptop{i}.db"));
            let url = url.clone();
            std::thread::spawn(move || -> Result<f64, String> {
                let t = Instant::now();
                let store = Store::open(&path).map_err(|e| e.to_string())?;
                sync::run(
                    &store,
                    &Options {
                        server: Some(url),
                        code: Some(code),
                        ..Options::default()
                    },
                )
                .map_err(|e| e.message(crate::domain::Lang::En, &path))?;
                Ok(t.elapsed().as_secs_f64())
            })
        })
        .collect();
    let mut times = Vec::new();
    for handle in handles {
        let t = handle
            .join()
            .map_err(|_| Failure("bench --sync: a laptop panicked".into()))?
            .map_err(|e| fail("restore", &e))?;
        times.push(t);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "restore: all {laptops} in {:.2} s; per laptop median {:.2} s, slowest {:.2} s",
        started.elapsed().as_secs_f64(),
        times[times.len() / 2],
        times[times.len() - 1]
    );
    // A day's work on laptop 0: 150 history entries, then its sync and laptop 1's.
    let first = dir.join("laptop0.db");
    let second = dir.join("laptop1.db");
    day(&first, login, 150).map_err(|e| fail("a day's work", &e))?;
    for (what, path) in [("push (laptop 0)", &first), ("pull (laptop 1)", &second)] {
        let store = Store::open(path).map_err(|e| fail(what, &e))?;
        let t = Instant::now();
        let r = sync::run(&store, &Options::default())
            .map_err(|e| fail(what, &e.message(crate::domain::Lang::En, path)))?;
        println!(
            "day's sync, {what}: {:.0} ms ({} entries pushed, {} pulled)",
            t.elapsed().as_secs_f64() * 1000.0,
            r.pushed_entries,
            r.pulled_entries
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    drop(h);
    super::bench_sync_load::command(today, simulated)
}

/// `n` history entries on the worker's households (NIK reveals: cheap, and carried).
fn day(path: &Path, login: &str, n: usize) -> crate::store::Result<()> {
    let store = Store::open(path)?;
    let me = store
        .worker_by_login(login)?
        .map(|w| w.id)
        .unwrap_or_default();
    let households: Vec<String> = store
        .sync_rows("households")?
        .iter()
        .filter_map(|r| r.get("id").and_then(|c| c.as_text()).map(str::to_string))
        .collect();
    for h in households.iter().cycle().take(n) {
        store.log_reveal(&me, h)?;
    }
    Ok(())
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("pilar-bench-sync-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
