//! The monthly P2K2 group sessions of one facilitator's caseload.

use chrono::Duration;

use crate::store::{ActivityRecord, BulkWriter, Result};
use pilar_core::domain::activity::{ActivityKind, P2k2Module};

use super::lists::Village;
use super::rng::Rng;
use super::{DemoConfig, DemoSummary, stamp};

/// About 25 families a group.
const GROUP: usize = 25;

/// The group of a caseload's `hi`th household of `count` (they alternate between the two
/// villages): its village (0 or 1) and the group's index there. The village's families are
/// shared evenly, 15-30 a group wherever a village has 15 or more; [`p2k2`] makes the same
/// groups.
pub(super) fn group_of(count: u64, hi: u64) -> (usize, usize) {
    let vi = (hi % 2) as usize;
    let n = if vi == 0 {
        count.div_ceil(2)
    } else {
        count / 2
    } as usize;
    let groups = n.div_ceil(GROUP).max(1);
    let size = n.div_ceil(groups).max(1);
    (vi, (hi / 2) as usize / size)
}

/// The id of a facilitator's group `gi` in village `vi`: from a generator of its own, so
/// the rest of the demo draws as it would without groups.
pub(super) fn group_id(
    cfg: &DemoConfig,
    worker_id: &str,
    vi: usize,
    gi: usize,
    months: i64,
) -> String {
    let group_seed = worker_id
        .bytes()
        .fold(cfg.seed ^ 0x4b45_4c4f_4d50_4f4b, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
        ^ ((vi as u64) << 32 | gi as u64);
    Rng::new(group_seed, formed_on(cfg, months)).id()
}

/// When a group's sessions began.
fn formed_on(cfg: &DemoConfig, months: i64) -> chrono::NaiveDate {
    cfg.today - Duration::days((months - 1) * 30 + 20)
}

/// Monthly P2K2 sessions: groups of about 25 families per village, modules in order, each
/// session numbered as the ministry does. The households were written in their groups
/// already ([`group_of`], [`group_id`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn p2k2(
    w: &mut BulkWriter<'_>,
    rng: &mut Rng,
    cfg: &DemoConfig,
    worker_id: &str,
    villages: [&Village; 2],
    households: &[(String, usize)],
    months: i64,
    summary: &mut DemoSummary,
) -> Result<()> {
    let today = cfg.today;
    for (vi, village) in villages.iter().enumerate() {
        let members: Vec<&String> = households
            .iter()
            .filter(|(_, v)| *v == vi)
            .map(|(id, _)| id)
            .collect();
        // About 25 families a group, the village's families shared evenly (15-30 a group
        // wherever a village has 15 or more).
        let groups = members.len().div_ceil(GROUP).max(1);
        let size = members.len().div_ceil(groups).max(1);
        for (gi, group) in members.chunks(size).enumerate() {
            let group_name = format!("{} {}", village.name, gi + 1);
            // The group itself (issue 11, item 4), formed when its sessions began.
            let group_id = group_id(cfg, worker_id, vi, gi, months);
            let place = "Balai desa";
            let formed = stamp(formed_on(cfg, months));
            w.p2k2_group(&group_id, worker_id, &group_name, place, &formed)?;
            // Sesi 1-14 across the five modules, then the stunting module from 1.
            let mut module = 0usize;
            let mut session = *P2k2Module::ALL[0].session_numbers().start();
            for m in (0..months).rev() {
                let date = today - Duration::days(m * 30 + rng.range(3, 20));
                if date > today {
                    continue;
                }
                let md = P2k2Module::ALL[module % P2k2Module::ALL.len()];
                let id = rng.id();
                let created = stamp(date);
                let summary_text = format!("P2K2 {}, Sesi {}", module_name(md), session);
                w.activity(&ActivityRecord {
                    id: &id,
                    household_id: None,
                    worker_id,
                    kind: ActivityKind::P2k2.key(),
                    date,
                    summary: &summary_text,
                    follow_up: None,
                    done: false,
                    group_name: &group_name,
                    place,
                    p2k2_module: Some(md.key()),
                    p2k2_session: Some(session),
                    created_at: &created,
                })?;
                summary.activities += 1;
                for hh in group {
                    w.activity_household(&id, hh, rng.chance(870), &created, worker_id)?;
                }
                session += 1;
                if session > *md.session_numbers().end() {
                    module += 1;
                    let next = P2k2Module::ALL[module % P2k2Module::ALL.len()];
                    session = *next.session_numbers().start();
                }
            }
        }
    }
    Ok(())
}

/// Module names are the ministry's own (Indonesian) titles: demo data, not interface text.
pub(super) fn module_name(m: P2k2Module) -> &'static str {
    match m {
        P2k2Module::PengasuhanPendidikan => "Pengasuhan dan Pendidikan Anak",
        P2k2Module::KeuanganUsaha => "Pengelolaan Keuangan dan Perencanaan Usaha",
        P2k2Module::KesehatanGizi => "Kesehatan dan Gizi",
        P2k2Module::PerlindunganAnak => "Perlindungan Anak",
        P2k2Module::KesejahteraanSosial => "Kesejahteraan Sosial",
        P2k2Module::PencegahanStunting => "Pencegahan dan Penanganan Stunting",
    }
}
