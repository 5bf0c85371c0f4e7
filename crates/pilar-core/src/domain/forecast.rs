//! A forecast on the gauge (issue 11 item 6): how many graduations to expect by 31 December
//! from this year's graduations, the pace, and the readiness of the candidates, and which
//! households would make the difference. Integer arithmetic; nothing here is decided, it
//! only shows the facilitator where the year is heading.
//!
//! The rule, in words:
//! - candidates are active households marked `calon_graduasi` or with a readiness score
//!   at or above the threshold (default [`READY_THRESHOLD`]);
//! - each candidate counts as its score in hundredths of a graduation (a score of 80 is
//!   0.8): `likely` = the sum of the scores / 100, rounded down;
//! - the year's remaining days cap it: at most `capacity` more graduations, the larger of
//!   the facilitator's own pace over the days left and the target's even pace over them
//!   (rounded up), so on 31 December nothing more is expected;
//! - expected = graduations so far + min(likely, capacity);
//! - the readiest: the candidates by score (then name), as many as the target still
//!   lacks; none once the target is reached.

use chrono::{Datelike, NaiveDate};

/// The readiness score from which a household counts as a candidate without being marked.
pub const READY_THRESHOLD: u8 = 70;

/// Above this many households in view, the gauge shows no forecast: scoring every household
/// happens before the first frame, and at a million (a stress test; a district has tens of
/// thousands) it would take seconds. The team screen and `pilar report` still forecast.
pub const GAUGE_FORECAST_MAX_HOUSEHOLDS: u32 = 50_000;

/// A candidate household as the forecast sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub score: u8,
    /// Marked as a graduation candidate (`calon_graduasi`) by the facilitator.
    pub marked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub target: u32,
    pub achieved: u32,
    /// Graduations expected on 31 December.
    pub expected: u32,
    /// The readiest candidates (name, score), as many as the target still lacks.
    pub readiest: Vec<(String, u8)>,
}

fn days_in_year(year: i32) -> u64 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// The forecast for `target`, with `achieved` graduations counted so far this year.
pub fn forecast(
    target: u32,
    achieved: u32,
    candidates: &[Candidate],
    threshold: u8,
    today: NaiveDate,
) -> Forecast {
    let days = days_in_year(today.year());
    let elapsed = u64::from(today.ordinal());
    let remaining = days.saturating_sub(elapsed);
    let own_pace = u64::from(achieved) * remaining / elapsed.max(1);
    let target_pace = (u64::from(target) * remaining).div_ceil(days);
    let capacity = own_pace.max(target_pace);
    let mut pool: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.marked || c.score >= threshold)
        .collect();
    let likely: u64 = pool.iter().map(|c| u64::from(c.score)).sum::<u64>() / 100;
    let more = u32::try_from(likely.min(capacity)).unwrap_or(u32::MAX);
    pool.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    let gap = target.saturating_sub(achieved) as usize;
    let readiest = pool
        .into_iter()
        .take(gap)
        .map(|c| (c.name.clone(), c.score))
        .collect();
    Forecast {
        target,
        achieved,
        expected: achieved.saturating_add(more),
        readiest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn c(name: &str, score: u8, marked: bool) -> Candidate {
        Candidate {
            name: name.into(),
            score,
            marked,
        }
    }

    fn names(f: &Forecast) -> Vec<&str> {
        f.readiest.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn start_of_year_counts_the_ready_candidates() {
        let cands = [
            c("Ani", 90, false),
            c("Budi", 80, false),
            c("Cici", 100, true),
            c("Dedi", 30, false), // neither marked nor ready: left out
        ];
        let f = forecast(10, 0, &cands, READY_THRESHOLD, d(2026, 1, 1));
        // 0.9 + 0.8 + 1.0 = 2.7 -> 2; the target's pace leaves room for 10.
        assert_eq!(f.expected, 2);
        assert_eq!(names(&f), ["Cici", "Ani", "Budi"]);
    }

    #[test]
    fn a_marked_candidate_counts_by_its_score_even_below_the_threshold() {
        let cands = [
            c("Eka", 50, true),
            c("Fajar", 50, true),
            c("Gita", 69, false),
        ];
        let f = forecast(10, 3, &cands, 70, d(2026, 3, 1));
        assert_eq!(f.expected, 4);
        assert_eq!(names(&f), ["Eka", "Fajar"]);
    }

    #[test]
    fn mid_year_the_days_left_cap_the_candidates() {
        let cands: Vec<Candidate> = (0..20).map(|i| c(&format!("K{i:02}"), 100, true)).collect();
        // 2 Jul 2026: day 183, 182 days left. Own pace 6 * 182 / 183 = 5; the target's
        // pace ceil(10 * 182 / 365) = 5: at most 5 more of the 20 ready.
        let f = forecast(10, 6, &cands, READY_THRESHOLD, d(2026, 7, 2));
        assert_eq!(f.expected, 11);
        // The target lacks 4: the four readiest (ties by name).
        assert_eq!(names(&f), ["K00", "K01", "K02", "K03"]);
    }

    #[test]
    fn a_fast_facilitator_is_capped_by_their_own_pace() {
        let cands: Vec<Candidate> = (0..30)
            .map(|i| c(&format!("K{i:02}"), 100, false))
            .collect();
        // 2 Jul 2026, 12 graduations already: own pace 12 * 182 / 183 = 11.
        let f = forecast(10, 12, &cands, READY_THRESHOLD, d(2026, 7, 2));
        assert_eq!(f.expected, 23);
    }

    #[test]
    fn after_the_target_no_names_are_needed() {
        let cands = [c("Ani", 95, true)];
        let f = forecast(10, 11, &cands, READY_THRESHOLD, d(2026, 10, 1));
        assert_eq!(f.expected, 11); // 0.95 rounds down
        assert!(f.readiest.is_empty());
    }

    #[test]
    fn no_candidates_expects_what_is_done() {
        let f = forecast(10, 4, &[], READY_THRESHOLD, d(2026, 6, 1));
        assert_eq!((f.expected, f.target, f.achieved), (4, 10, 4));
        assert!(f.readiest.is_empty());
    }

    #[test]
    fn on_the_last_day_nothing_more_is_expected() {
        let cands = [c("Ani", 100, true), c("Budi", 100, true)];
        let f = forecast(10, 7, &cands, READY_THRESHOLD, d(2026, 12, 31));
        assert_eq!(f.expected, 7);
        assert_eq!(names(&f), ["Ani", "Budi"]);
        // A leap year's last day as well.
        assert_eq!(forecast(10, 7, &cands, 70, d(2024, 12, 31)).expected, 7);
    }

    #[test]
    fn zero_target() {
        let f = forecast(0, 0, &[c("Ani", 100, true)], 70, d(2026, 1, 1));
        assert_eq!(f.expected, 0);
        assert!(f.readiest.is_empty());
    }
}
