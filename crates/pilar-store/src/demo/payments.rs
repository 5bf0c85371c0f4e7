//! The demo's payments per tahap (issue 11, item 3), apart from the rest of the generator.

use chrono::{Datelike, Duration, NaiveDate};

use super::{Rng, stamp};
use crate::store::{BulkWriter, PaymentRecord, Result};

/// The household's tahap (issue 11, item 3) of this year and last year, up to `until`
/// (today, or its exit), or in a large demo (`history` false: more than
/// [`super::FULL_HISTORY_MAX`] households) the latest tahap only: mostly
/// received, one in a hundred not received for one of the problems (fewer last year:
/// most were settled), "not due" before the tahap it joined in. Drawn from the household's
/// own generator (`Rng::sub`), so the rest of the demo is the same with or without them.
pub(super) fn payments(
    w: &mut BulkWriter<'_>,
    rng: &mut Rng,
    hh_id: &str,
    worker_id: &str,
    joined: NaiveDate,
    until: NaiveDate,
    history: bool,
) -> Result<()> {
    use pilar_core::domain::payment::{
        PaymentProblem, PaymentStatus, due_count, tahap_of, tahap_start,
    };
    let year = until.year();
    let first = if history { year - 1 } else { year };
    for y in first.max(joined.year())..=year {
        let due = due_count(y, until);
        let from = if history { 1 } else { due };
        for t in from.max(1)..=due {
            let start = tahap_start(y, t).unwrap_or(until);
            let (status, problem, note) = if y == joined.year() && t < tahap_of(joined) {
                (PaymentStatus::NotDue, None, "")
            } else if rng.chance(if y == year { 10 } else { 4 }) {
                let p = *rng.pick(&PaymentProblem::ALL);
                let note = if p == PaymentProblem::Other {
                    "KKS hilang, sedang diurus ke bank"
                } else {
                    ""
                };
                (PaymentStatus::NotReceived, Some(p.key()), note)
            } else {
                (PaymentStatus::Received, None, "")
            };
            // Recorded some weeks into the tahap (never after the last day shown).
            let at = (start + Duration::days(rng.range(20, 60))).min(until);
            w.payment(&PaymentRecord {
                id: &crate::store::payment_id(hh_id, y, t),
                household_id: hh_id,
                year: y,
                tahap: t,
                status: status.key(),
                problem,
                note,
                created_at: &stamp(at),
                author_id: worker_id,
            })?;
        }
    }
    Ok(())
}
