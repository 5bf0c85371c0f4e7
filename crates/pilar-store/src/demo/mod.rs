//! The demo caseload: a deterministic synthetic database (same seed and same day give the
//! same data) that looks like a real facilitator's work in Kabupaten Kendal: valid NIKs that
//! agree with each member's birth date and sex, components that obey the rules, 18 months
//! of visits and P2K2 sessions, overdue follow-ups, and this year's graduations and exits.
//! Names (by the generation a person was born in), villages (with Kemendagri's codes) and
//! businesses come from lists in `assets/demo/`.
//!
//! Families are plausible (`tests/integration/demo.rs` states each rule over the data): a
//! mother is 17-45 at each birth; the pengurus is the mother, or a father only where no
//! woman of 17 or more lives in the family, and was an adult when the family joined PKH;
//! a grandparent is 30 or more years older than the pengurus; a family without a component
//! is a candidate for graduasi alamiah (or has graduated so); business incomes fit desil
//! 1-4 (below the UMK, the few above it candidates); a sejahtera mandiri graduation's reason
//! agrees with the income; PPSE, not PENA, from 2025; P2K2 sessions numbered as the
//! ministry does; overdue follow-ups are recent; a few families re-ranked above desil 4.

mod family;
mod household;
mod life;
mod lists;
mod p2k2;
mod payments;
mod rng;
#[cfg(test)]
mod tests;
mod verifications;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

use crate::store::{BulkWriter, OpenMode, Result, Store};
use pilar_core::domain::Sex;
use pilar_core::domain::component::ComponentRules;

use household::household;
use lists::Lists;
use p2k2::p2k2;
use rng::Rng;

/// UMK Kabupaten Kendal 2025 (SK Gubernur Jawa Tengah 561/45/2024), Rupiah a month: the
/// line between a desil 1-4 family's business income and a candidate's.
pub const UMK_KENDAL_2025: i64 = 2_783_455;

/// Above this many households (a district or province copy, used to test speed) each
/// household gets a lighter history: 1-2 individual activities instead of 2-8, one month
/// of P2K2 sessions instead of 18, the commitment outcomes of the month before this one
/// (and a failing member's whole run of 3 to 5 months) instead of 18 months, and this
/// year's latest tahap instead of two years' payments.
const FULL_HISTORY_MAX: u64 = 50_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    pub households: u64,
    pub workers: u64,
    pub seed: u64,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub households: u64,
    pub members: u64,
    pub activities: u64,
    pub workers: u64,
    pub default_user: String,
}

fn stamp(date: NaiveDate) -> String {
    let mut s = String::with_capacity(24);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02}T08:00:00.000Z",
        date.year(),
        date.month(),
        date.day()
    );
    s
}

/// Unique NIK/No KK serials per (kecamatan, date, sex).
#[derive(Default)]
struct Serials(HashMap<(u8, NaiveDate, u8), u16>);

impl Serials {
    fn next(&mut self, kec: u8, date: NaiveDate, kind: u8) -> u16 {
        let n = self.0.entry((kec, date, kind)).or_insert(0);
        *n += 1;
        *n
    }
}

/// Writes a demo database to `path` (which must not exist) and returns what it holds.
pub fn generate(path: &Path, cfg: &DemoConfig) -> Result<DemoSummary> {
    generate_with(path, cfg, &mut |_, _| {})
}

/// [`generate`], reporting the households written against their number.
pub fn generate_with(
    path: &Path,
    cfg: &DemoConfig,
    progress: crate::store::Progress<'_>,
) -> Result<DemoSummary> {
    let mut store = Store::open_with(path, OpenMode::FreshBulk)?;
    let lists = Lists::load();
    let mut summary = DemoSummary {
        households: 0,
        members: 0,
        activities: 0,
        workers: cfg.workers,
        default_user: String::new(),
    };
    store.bulk_load(|w| write_all(w, cfg, &lists, &mut summary, progress))?;
    Ok(summary)
}

fn write_all(
    w: &mut BulkWriter<'_>,
    cfg: &DemoConfig,
    lists: &Lists,
    summary: &mut DemoSummary,
    progress: crate::store::Progress<'_>,
) -> Result<()> {
    let today = cfg.today;
    let total = usize::try_from(cfg.households).unwrap_or(usize::MAX);
    let mut written = 0;
    let start = today - Duration::days(548);
    let mut rng = Rng::new(cfg.seed ^ 0x5049_4C41_5200_0000, start);
    let rules = ComponentRules::default();
    let mut serials = Serials::default();

    // Workers: one facilitator, or a supervisor over W facilitators.
    let created = stamp(start);
    let mut supervisor_id = None;
    if cfg.workers > 1 {
        let id = rng.id();
        w.worker(
            &id,
            "Bambang Wicaksono",
            "korkab",
            "supervisor",
            0,
            None,
            &created,
            &id,
        )?;
        summary.default_user = "korkab".into();
        supervisor_id = Some(id);
    }
    let mut workers = Vec::new();
    for i in 0..cfg.workers {
        let id = rng.id();
        let (name, login) = if i == 0 {
            ("Siti Rahayu".to_string(), "siti".to_string())
        } else {
            let sex = if rng.chance(600) {
                Sex::Female
            } else {
                Sex::Male
            };
            // Facilitators are adults of today's working age.
            let name = lists.name(&mut rng, sex, 1988, &mut Vec::new());
            (name, format!("p{:04}", i + 1))
        };
        let author = supervisor_id.clone().unwrap_or_else(|| id.clone());
        w.worker(
            &id,
            &name,
            &login,
            "facilitator",
            10,
            supervisor_id.as_deref(),
            &created,
            &author,
        )?;
        if cfg.workers == 1 {
            summary.default_user = login.clone();
        }
        workers.push(id);
    }
    w.meta("demo", "1")?;
    w.meta("demo_seed", &cfg.seed.to_string())?;
    w.meta("default_user", &summary.default_user)?;

    let p2k2_months: i64 = if cfg.households > FULL_HISTORY_MAX {
        1
    } else {
        18
    };
    let per_worker = cfg.households / cfg.workers;
    let extra = cfg.households % cfg.workers;
    let nv = lists.villages.len();
    for (wi, worker_id) in workers.iter().enumerate() {
        let count = per_worker + u64::from((wi as u64) < extra);
        // Each facilitator covers two neighbouring villages; the first one covers
        // Curugsewu and Pagersari (Kecamatan Patean).
        let villages = [
            &lists.villages[(wi * 2) % nv],
            &lists.villages[(wi * 2 + 1) % nv],
        ];
        let mut ids: Vec<(String, usize)> = Vec::with_capacity(count as usize);
        // Graduations this year: part-way towards the target of 10.
        let elapsed = i64::from(today.ordinal());
        let year_len = 365;
        let mut quotas = Quotas {
            graduations: (10 * elapsed / year_len * rng.range(45, 80) / 100) as u64,
            // Every caseload of a hundred or more shows one family that resigned.
            mandiri: rng.below(2).max(u64::from(count >= 100)),
            alamiah: rng.range(1, 3) as u64,
            desil_exits: 1 + u64::from(count > 200 && rng.chance(500)),
            commitment_exits: u64::from(rng.chance(400)),
            exits: rng.range(0, 2) as u64,
            // About 1 in 125 active families re-ranked above desil 4, at least one each.
            reranked: count.div_ceil(125),
            candidates: rng.range(4, 9) as u64,
        };
        // Each household is written in its P2K2 group (made after them, by `p2k2`).
        let mut group_ids: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        for hi in 0..count {
            written += 1;
            progress(written, total);
            let (vi, gi) = p2k2::group_of(count, hi);
            let ids_here = &mut group_ids[vi];
            while ids_here.len() <= gi {
                let next = ids_here.len();
                ids_here.push(p2k2::group_id(cfg, worker_id, vi, next, p2k2_months));
            }
            let v = villages[vi];
            let id = household(
                w,
                &mut rng,
                &mut serials,
                lists,
                &rules,
                cfg,
                worker_id,
                v,
                &group_ids[vi][gi],
                count - hi,
                start,
                &mut quotas,
                summary,
            )?;
            ids.push((id, vi));
        }
        p2k2(
            w,
            &mut rng,
            cfg,
            worker_id,
            villages,
            &ids,
            p2k2_months,
            summary,
        )?;
    }
    summary.households = cfg.households;
    Ok(())
}

/// What is left to hand out in one facilitator's caseload: this year's graduations and
/// exits by kind, families re-ranked above desil 4, graduation candidates.
struct Quotas {
    graduations: u64,
    mandiri: u64,
    alamiah: u64,
    desil_exits: u64,
    commitment_exits: u64,
    exits: u64,
    reranked: u64,
    candidates: u64,
}
