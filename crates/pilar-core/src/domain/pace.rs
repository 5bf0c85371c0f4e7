//! Progress toward the yearly graduation target: how many graduations are
//! expected by today if they were spread evenly over the year, and whether
//! the facilitator is ahead or behind. Integer arithmetic keeps it exact.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaceState {
    Ahead(u32),
    OnTrack,
    Behind(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub target: u32,
    pub achieved: u32,
    pub expected: u32,
    pub state: PaceState,
}

fn days_in_year(year: i32) -> u32 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// expected = floor(target * day-of-year(today) / days in year), leap aware;
/// on 31 Dec expected == target. achieved > expected -> Ahead(diff);
/// equal -> OnTrack; less -> Behind(diff).
pub fn pace(target: u32, achieved: u32, today: NaiveDate) -> Pace {
    let num = u64::from(target) * u64::from(today.ordinal());
    // ordinal <= days in year, so the quotient is at most `target`.
    let expected = u32::try_from(num / u64::from(days_in_year(today.year()))).unwrap_or(target);
    Pace::of(target, achieved, expected)
}

impl Pace {
    /// `achieved` against `expected` (a sum of several facilitators' expected counts, say).
    pub fn of(target: u32, achieved: u32, expected: u32) -> Pace {
        let state = match achieved.cmp(&expected) {
            std::cmp::Ordering::Greater => PaceState::Ahead(achieved - expected),
            std::cmp::Ordering::Equal => PaceState::OnTrack,
            std::cmp::Ordering::Less => PaceState::Behind(expected - achieved),
        };
        Pace {
            target,
            achieved,
            expected,
            state,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn year_end_expects_full_target() {
        for y in [2024, 2025, 2026, 2100, 2000] {
            assert_eq!(pace(10, 10, d(y, 12, 31)).expected, 10);
            assert_eq!(pace(u32::MAX, 0, d(y, 12, 31)).expected, u32::MAX);
        }
    }

    #[test]
    fn year_start() {
        assert_eq!(pace(10, 0, d(2026, 1, 1)).expected, 0);
        assert_eq!(pace(365, 0, d(2026, 1, 1)).expected, 1);
        assert_eq!(pace(366, 0, d(2024, 1, 1)).expected, 1);
    }

    #[test]
    fn mid_year_floor() {
        // 2 Jul 2026 is day 183 of 365: 10 * 183 / 365 = 5.01 -> 5.
        assert_eq!(pace(10, 0, d(2026, 7, 2)).expected, 5);
        // 1 Jul 2026 is day 182: 4.98 -> 4.
        assert_eq!(pace(10, 0, d(2026, 7, 1)).expected, 4);
    }

    #[test]
    fn leap_year_aware() {
        // 1 Jul 2024 is day 183 of 366: 10 * 183 / 366 = 5 exactly.
        assert_eq!(pace(10, 0, d(2024, 7, 1)).expected, 5);
        // 30 Jun 2024 is day 182 of 366: 4.97 -> 4.
        assert_eq!(pace(10, 0, d(2024, 6, 30)).expected, 4);
        assert_eq!(pace(366, 0, d(2024, 12, 30)).expected, 365);
        assert_eq!(pace(365, 0, d(2025, 12, 30)).expected, 364);
    }

    #[test]
    fn states() {
        let t = d(2026, 7, 2); // expected 5
        assert_eq!(pace(10, 7, t).state, PaceState::Ahead(2));
        assert_eq!(pace(10, 5, t).state, PaceState::OnTrack);
        assert_eq!(pace(10, 1, t).state, PaceState::Behind(4));
        let p = pace(10, 1, t);
        assert_eq!((p.target, p.achieved, p.expected), (10, 1, 5));
    }

    #[test]
    fn zero_target() {
        assert_eq!(pace(0, 0, d(2026, 7, 2)).state, PaceState::OnTrack);
        assert_eq!(pace(0, 3, d(2026, 7, 2)).state, PaceState::Ahead(3));
    }

    #[test]
    fn expected_never_decreases() {
        let mut prev = 0;
        let mut day = d(2024, 1, 1);
        while day.year() == 2024 {
            let e = pace(12, 0, day).expected;
            assert!(e >= prev && e <= 12);
            prev = e;
            day = day.succ_opt().unwrap();
        }
        assert_eq!(prev, 12);
    }
}
