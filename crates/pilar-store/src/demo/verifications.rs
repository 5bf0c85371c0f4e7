//! The demo's commitment verification (issue 11 item 1): for each member with a component
//! of an active family, the months before the current one (18, or in a large demo the last
//! one, and a failing member's whole run), from the member's birth month. Most are met; school components are not applicable in July
//! (the school holidays); about one member in 60 has not met their commitments for the
//! last 3 to 5 months in a row (the failing families), and a few single months are not
//! met. Drawn from the member's id, so the rest of the demo is unchanged by it.

use crate::store::{BulkWriter, Result};
use chrono::NaiveDate;
use pilar_core::domain::component::Component;
use pilar_core::domain::verification::{Month, NotMetReason, Outcome};

/// A small deterministic generator seeded from the member's id.
struct Draw(u64);

impl Draw {
    /// FNV-1a over the id, then mixed by the first draws.
    fn of(member_id: &str) -> Draw {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in member_id.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Draw(h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn member(
    w: &mut BulkWriter<'_>,
    household_id: &str,
    member_id: &str,
    component: Component,
    birth: NaiveDate,
    today: NaiveDate,
    months: i32,
    author: &str,
) -> Result<()> {
    let mut d = Draw::of(member_id);
    let this = Month::of(today);
    let born = Month::of(birth);
    // One member in 60 is failing: not met for the last 3 to 5 months.
    let failing = if d.below(60) == 0 {
        3 + d.below(3) as i32
    } else {
        0
    };
    // A failing member's whole run is kept, whatever the months kept for the others.
    let months = months.max(failing);
    let school = matches!(component, Component::Sd | Component::Smp | Component::Sma);
    let usual = NotMetReason::usual_for(component);
    for back in (1..=months).rev() {
        let month = this.plus(-back);
        if month < born {
            continue;
        }
        let (outcome, reason) = if back <= failing {
            let r = if d.below(4) == 0 {
                NotMetReason::Ill
            } else {
                usual
            };
            (Outcome::NotMet, r.key())
        } else if school && month.month() == 7 {
            (Outcome::NotApplicable, "")
        } else if d.below(30) == 0 {
            (Outcome::NotMet, usual.key())
        } else {
            (Outcome::Met, "")
        };
        // Recorded in the first days of the month after (by today, when that is sooner).
        let on = (month.next().first_day() + chrono::Duration::days(4)).min(today);
        let at = format!("{}T09:00:00.000Z", on.format("%Y-%m-%d"));
        w.verification(
            household_id,
            member_id,
            month,
            outcome.key(),
            reason,
            &at,
            author,
        )?;
    }
    Ok(())
}
