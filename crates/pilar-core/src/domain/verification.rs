//! Commitment verification (verifikasi komitmen), per member with a component, per month
//! (issue 11 item 1; `domain.md`, "The monthly cycle"): the outcome (met, not met with a
//! reason, not applicable), which members need one in a month, what is refused (a member
//! without a component, a month before the member's birth or in the future), and the
//! "not met N months in a row" flag whose N is a setting (default 3).
//!
//! A verification is named by its member and month: [`verification_id`] derives the same
//! id on every laptop, so two copies that verified the same member in the same month merge
//! into one record (the later outcome wins, both in the history) instead of two rows.

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use super::component::Component;

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1-12.
    month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    /// The month `day` falls in.
    pub fn of(day: NaiveDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// `YYYY-MM` (exactly: four digits, a dash, two digits 01-12).
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        if b.len() != 7
            || b[4] != b'-'
            || !s[..4]
                .bytes()
                .chain(s[5..].bytes())
                .all(|c| c.is_ascii_digit())
        {
            return None;
        }
        Month::new(s[..4].parse().ok()?, s[5..].parse().ok()?)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// The month `n` months later (earlier for a negative `n`).
    pub fn plus(self, n: i32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 + n;
        Month {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn next(self) -> Month {
        self.plus(1)
    }

    pub fn prev(self) -> Month {
        self.plus(-1)
    }

    /// Months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: Month) -> i32 {
        (later.year * 12 + later.month as i32) - (self.year * 12 + self.month as i32)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a month has a first day")
    }

    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A month's outcome for one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The commitment was met (school attendance at least 85%, the health checks done).
    Met,
    /// Not met: a reason goes with it.
    NotMet,
    /// Not applicable this month (school holidays, no posyandu held).
    NotApplicable,
}

keyed!(Outcome; 3;
    Met => "memenuhi",
    NotMet => "tidak_memenuhi",
    NotApplicable => "tidak_berlaku",
);

/// Why a commitment was not met: a short list, with free text beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotMetReason {
    /// School attendance below 85% of school days.
    Absent,
    /// No antenatal, nifas, posyandu or elderly check at the health facility.
    NoCheck,
    /// Ill (the member, or the one who takes them).
    Ill,
    /// Away from home this month (working, staying with family).
    Away,
    Other,
}

keyed!(NotMetReason; 5;
    Absent => "tidak_hadir",
    NoCheck => "tidak_periksa",
    Ill => "sakit",
    Away => "bepergian",
    Other => "lainnya",
);

impl NotMetReason {
    /// The reason that fits a component best, offered first.
    pub fn usual_for(component: Component) -> NotMetReason {
        match component {
            Component::Sd | Component::Smp | Component::Sma => NotMetReason::Absent,
            _ => NotMetReason::NoCheck,
        }
    }
}

/// Why a verification is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The member has no component: there is no commitment to verify.
    NoComponent,
    /// The month is before the member's birth month.
    BeforeBirth,
    /// The month has not begun.
    Future,
}

/// Whether `month` may be verified for a member with `component`, born on `birth`, on
/// `today`. The current month may be verified (the outcome is often known by mid-month).
pub fn check(
    component: Option<Component>,
    birth: Option<NaiveDate>,
    month: Month,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if component.is_none() {
        return Err(Refusal::NoComponent);
    }
    if month > Month::of(today) {
        return Err(Refusal::Future);
    }
    if birth.is_some_and(|b| month < Month::of(b)) {
        return Err(Refusal::BeforeBirth);
    }
    Ok(())
}

/// Whether a member needs a verification in `month`: a component, and the month allowed.
pub fn needs(
    component: Option<Component>,
    birth: Option<NaiveDate>,
    month: Month,
    today: NaiveDate,
) -> bool {
    check(component, birth, month, today).is_ok()
}

/// Months of "not met" in a row, ending at the latest month recorded: a month met or not
/// applicable, or a month not recorded, ends the run. `outcomes` in any order, one per
/// month.
pub fn not_met_run(outcomes: &[(Month, Outcome)]) -> u32 {
    let mut sorted: Vec<&(Month, Outcome)> = outcomes.iter().collect();
    sorted.sort_by_key(|x| std::cmp::Reverse(x.0));
    let mut run = 0;
    let mut expected: Option<Month> = None;
    for (month, outcome) in sorted {
        if expected.is_some_and(|e| e != *month) || *outcome != Outcome::NotMet {
            break;
        }
        run += 1;
        expected = Some(month.prev());
    }
    run
}

/// The "not met N months in a row" flag's setting: N, 1-24, default 3 (regions differ:
/// `domain.md` "Repeated failure leads to warnings").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailingMonths(pub u32);

impl Default for FailingMonths {
    fn default() -> Self {
        FailingMonths(3)
    }
}

impl FailingMonths {
    pub const MAX: u32 = 24;

    /// A whole number of months, 1-24 (surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<FailingMonths> {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=Self::MAX).contains(n))
            .map(FailingMonths)
    }

    /// Whether a run of not-met months flags the member.
    pub fn flags(self, run: u32) -> bool {
        run >= self.0
    }
}

/// The one id of a member's verification for a month, the same on every laptop: a UUID
/// (version 8, RFC 9562's custom layout) from SHA-256 over the member and the month.
pub fn verification_id(member_id: &str, month: Month) -> String {
    let mut h = Sha256::new();
    h.update(b"pilar-verification\0");
    h.update(member_id.as_bytes());
    h.update(b"\0");
    h.update(month.key().as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests;
