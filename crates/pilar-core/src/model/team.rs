//! The team roll-up's figures: the columns its table sorts by, the order of its rows, the
//! team's totals and each facilitator's pace on the report date. Pure: the team screen
//! (`app::team`) and `pilar report` both read these, so the two never disagree.

use chrono::{Datelike, NaiveDate};

use crate::domain::forecast::{Forecast, READY_THRESHOLD, forecast};
use crate::domain::pace::{Pace, pace};
use crate::model::{TeamData, TeamRow};

/// The narrowest terminal whose team table has the payment problems column (`Bayar!`): at
/// 80 columns the names keep their room and the column is left out (the report has it).
pub const PAY_COLUMN_MIN_WIDTH: u16 = 96;

/// A column the team table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TeamColumn {
    Name,
    Caseload,
    Graduated,
    /// Graduations ahead of (positive) or behind (negative) the even pace.
    Pace,
    Candidates,
    Activities,
    P2k2,
    Overdue,
    NotVisited,
    /// Payment problems (a tahap not received).
    PayProblems,
}

impl TeamColumn {
    pub const ALL: [TeamColumn; 10] = [
        TeamColumn::Name,
        TeamColumn::Caseload,
        TeamColumn::Graduated,
        TeamColumn::Pace,
        TeamColumn::Candidates,
        TeamColumn::Activities,
        TeamColumn::P2k2,
        TeamColumn::Overdue,
        TeamColumn::NotVisited,
        TeamColumn::PayProblems,
    ];

    pub fn next(self) -> TeamColumn {
        let i = TeamColumn::ALL.iter().position(|c| *c == self).unwrap_or(0);
        TeamColumn::ALL[(i + 1) % TeamColumn::ALL.len()]
    }

    /// The sort a supervisor wants first on this column: names A-Z, the rest problems
    /// first, so the people who need help come to the top: the largest caseloads, most
    /// candidates waiting, most overdue and most not visited; the fewest graduations,
    /// activities in 30 days (Keg30) and P2K2 sessions; the most behind the pace.
    pub fn descending_first(self) -> bool {
        matches!(
            self,
            TeamColumn::Caseload
                | TeamColumn::Candidates
                | TeamColumn::Overdue
                | TeamColumn::NotVisited
                | TeamColumn::PayProblems
        )
    }
}

/// The day pace is measured on: the report date.
fn as_of(data: &TeamData) -> NaiveDate {
    data.as_of
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(data.year, 12, 31).unwrap_or_default())
}

/// A facilitator's (or the team's) pace toward the target on the report date.
pub fn row_pace(data: &TeamData, row: &TeamRow) -> Pace {
    pace(row.target, row.graduated, measured_on(data))
}

/// The report date within the report's year: a past year is measured at its end, a future
/// one at its start.
fn measured_on(data: &TeamData) -> NaiveDate {
    let day = as_of(data);
    if day.year() == data.year {
        day
    } else if day.year() > data.year {
        NaiveDate::from_ymd_opt(data.year, 12, 31).unwrap_or(day)
    } else {
        NaiveDate::from_ymd_opt(data.year, 1, 1).unwrap_or(day)
    }
}

/// The whole team's pace: the sum of its facilitators' (expected and achieved), so the
/// total row's figure is the sum of the rows above it. (The pace of the summed targets
/// would round once instead of once per facilitator, and differ by a few.)
pub fn team_pace(data: &TeamData) -> Pace {
    let mut expected: u32 = 0;
    for r in &data.rows {
        expected = expected.saturating_add(row_pace(data, r).expected);
    }
    let t = totals(&data.rows);
    Pace::of(t.target, t.graduated, expected)
}

/// A facilitator's forecast for the year on the report date (the day their pace is
/// measured on).
pub fn row_forecast(data: &TeamData, row: &TeamRow) -> Forecast {
    forecast(
        row.target,
        row.graduated,
        &row.ready,
        READY_THRESHOLD,
        measured_on(data),
    )
}

/// The team's forecast: the sum of its facilitators' expected counts and targets (as the
/// team's pace is), with no names (each facilitator has their own).
pub fn team_forecast(data: &TeamData) -> Forecast {
    let mut f = Forecast {
        target: 0,
        achieved: 0,
        expected: 0,
        readiest: Vec::new(),
    };
    for r in &data.rows {
        let one = row_forecast(data, r);
        f.target = f.target.saturating_add(one.target);
        f.achieved = f.achieved.saturating_add(one.achieved);
        f.expected = f.expected.saturating_add(one.expected);
    }
    f
}

/// Graduations ahead of the even pace (negative: behind).
pub fn pace_delta(p: &Pace) -> i64 {
    i64::from(p.achieved) - i64::from(p.expected)
}

/// The team's totals: every count summed (targets too).
pub fn totals(rows: &[TeamRow]) -> TeamRow {
    // Saturating: a target typed absurdly large on some laptop must not panic the screen.
    let mut t = TeamRow::default();
    for r in rows {
        t.target = t.target.saturating_add(r.target);
        t.caseload = t.caseload.saturating_add(r.caseload);
        t.graduated = t.graduated.saturating_add(r.graduated);
        t.candidates = t.candidates.saturating_add(r.candidates);
        t.activities_30d = t.activities_30d.saturating_add(r.activities_30d);
        t.p2k2_month = t.p2k2_month.saturating_add(r.p2k2_month);
        t.overdue = t.overdue.saturating_add(r.overdue);
        t.not_visited_90d = t.not_visited_90d.saturating_add(r.not_visited_90d);
        t.pay_problems = t.pay_problems.saturating_add(r.pay_problems);
    }
    t
}

/// The rows in the chosen order (ties by name, so the order is stable).
pub fn sorted(data: &TeamData, column: TeamColumn, descending: bool) -> Vec<&TeamRow> {
    let mut rows: Vec<&TeamRow> = data.rows.iter().collect();
    let value = |r: &TeamRow| -> i64 {
        match column {
            TeamColumn::Name => 0,
            TeamColumn::Caseload => r.caseload.into(),
            TeamColumn::Graduated => r.graduated.into(),
            TeamColumn::Pace => pace_delta(&row_pace(data, r)),
            TeamColumn::Candidates => r.candidates.into(),
            TeamColumn::Activities => r.activities_30d.into(),
            TeamColumn::P2k2 => r.p2k2_month.into(),
            TeamColumn::Overdue => r.overdue.into(),
            TeamColumn::NotVisited => r.not_visited_90d.into(),
            TeamColumn::PayProblems => r.pay_problems.into(),
        }
    };
    rows.sort_by(|a, b| {
        let by_value = value(a).cmp(&value(b));
        let by_value = if descending {
            by_value.reverse()
        } else {
            by_value
        };
        let by_name = a
            .name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.login.cmp(&b.login));
        let by_name = if descending && column == TeamColumn::Name {
            by_name.reverse()
        } else {
            by_name
        };
        by_value.then(by_name)
    });
    rows
}

#[cfg(test)]
pub(crate) mod tests {
    //! `data()` also serves the team screen's tests (`app::team`).

    use super::*;

    fn row(name: &str, target: u32, graduated: u32, overdue: u32) -> TeamRow {
        TeamRow {
            worker_id: name.to_lowercase(),
            name: name.into(),
            login: name.to_lowercase(),
            target,
            graduated,
            overdue,
            caseload: 300,
            ..TeamRow::default()
        }
    }

    pub(crate) fn data() -> TeamData {
        TeamData {
            year: 2026,
            // 2 Jul 2026: 10 * 183 / 365 = 5 expected.
            as_of: NaiveDate::from_ymd_opt(2026, 7, 2),
            rows: vec![
                row("Budi", 10, 7, 3),
                row("Ani", 10, 2, 9),
                row("Citra", 10, 5, 0),
            ],
            ..TeamData::default()
        }
    }

    #[test]
    fn pace_is_measured_on_the_report_date() {
        let d = data();
        let p = row_pace(&d, &d.rows[0]);
        assert_eq!((p.expected, pace_delta(&p)), (5, 2));
        assert_eq!(pace_delta(&row_pace(&d, &d.rows[1])), -3);
        // A past year is measured at its end: the whole target was due.
        let past = TeamData {
            year: 2025,
            ..d.clone()
        };
        assert_eq!(row_pace(&past, &past.rows[0]).expected, 10);
    }

    /// The field test's team: 12 facilitators with a target of 10 on 30 Nov (9 expected
    /// each, 108 in all; the summed target alone would expect 109). The total row's pace
    /// is the sum of the rows'.
    #[test]
    fn the_teams_pace_is_the_sum_of_its_rows() {
        let d = TeamData {
            year: 2026,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 30),
            rows: (0..12u32)
                .map(|i| row(&format!("P{i:02}"), 10, i % 8, 0))
                .collect(),
            ..TeamData::default()
        };
        let sum: i64 = d.rows.iter().map(|r| pace_delta(&row_pace(&d, r))).sum();
        let team = team_pace(&d);
        assert_eq!(pace_delta(&team), sum);
        assert_eq!((team.target, team.expected), (120, 108));
        assert_eq!(
            team.achieved,
            d.rows.iter().map(|r| r.graduated).sum::<u32>()
        );
    }

    /// Issue 11 item 6: each facilitator's forecast from their own candidates, and the
    /// team's as the sum of theirs.
    #[test]
    fn forecast_per_facilitator_and_for_the_team() {
        use crate::domain::forecast::Candidate;
        let mut d = data();
        d.rows[1].ready = vec![
            Candidate {
                name: "Sainem".into(),
                score: 90,
                marked: true,
            },
            Candidate {
                name: "Ngatini".into(),
                score: 80,
                marked: false,
            },
        ];
        let ani = row_forecast(&d, &d.rows[1]);
        // 2 done, 0.9 + 0.8 = 1.7 -> 1 more; 8 lacking: both names, readiest first.
        assert_eq!((ani.expected, ani.target), (3, 10));
        assert_eq!(
            ani.readiest,
            [("Sainem".to_string(), 90), ("Ngatini".to_string(), 80)]
        );
        // Without candidates a facilitator's forecast is what is done.
        assert_eq!(row_forecast(&d, &d.rows[0]).expected, 7);
        let team = team_forecast(&d);
        assert_eq!((team.expected, team.target), (7 + 3 + 5, 30));
        assert!(team.readiest.is_empty());
    }

    /// A gauge over several facilitators carries their shares and says what the team's
    /// total row says; over the summed target alone it would round once and differ.
    #[test]
    fn a_gauge_over_several_facilitators_is_the_sum_of_their_shares() {
        use crate::domain::forecast::Candidate;
        use crate::model::{GaugeData, GaugeShare};
        let mut d = data();
        // 29 Nov: 12 * 333 / 365 = 10.9 -> 10 and 10 * 333 / 365 = 9.1 -> 9 each, 28 in
        // all; 32 * 333 / 365 = 29.2 -> 29 for the summed target.
        let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        d.as_of = Some(day);
        d.rows[0].target = 12;
        d.rows[1].ready = vec![Candidate {
            name: "Sainem".into(),
            score: 90,
            marked: true,
        }];
        d.rows[2].ready = vec![Candidate {
            name: "Ngatini".into(),
            score: 60,
            marked: true,
        }];
        let gauge = GaugeData {
            year: 2026,
            target: d.rows.iter().map(|r| r.target).sum(),
            counted: d.rows.iter().map(|r| r.graduated).sum(),
            ready: d.rows.iter().flat_map(|r| r.ready.clone()).collect(),
            shares: d
                .rows
                .iter()
                .map(|r| GaugeShare {
                    worker_id: r.worker_id.clone(),
                    target: r.target,
                    counted: r.graduated,
                    ready: r.ready.clone(),
                })
                .collect(),
            ..GaugeData::default()
        };
        let (pace, team) = (gauge.pace(day), team_pace(&d));
        assert_eq!(
            (pace.expected, pace.achieved, pace.state),
            (28, 14, team.state)
        );
        assert_eq!(team.expected, 28);
        let alone = GaugeData {
            shares: Vec::new(),
            ..gauge.clone()
        };
        assert_eq!(alone.pace(day).expected, 29);
        // Each facilitator's candidates count in their own forecast: 0.9 -> 0 and 0.6 -> 0,
        // where pooled they make 1.5 -> 1.
        let (f, team) = (gauge.forecast(day), team_forecast(&d));
        assert_eq!((f.expected, f.target), (team.expected, team.target));
        assert_eq!(f.expected, 14);
        assert_eq!(alone.forecast(day).expected, 15);
        // The readiest are still the whole scope's.
        assert_eq!(f.readiest.len(), 2);
    }

    #[test]
    fn totals_sum_every_column() {
        let t = totals(&data().rows);
        assert_eq!(
            (t.target, t.graduated, t.overdue, t.caseload),
            (30, 14, 12, 900)
        );
    }

    #[test]
    fn totals_saturate_instead_of_overflowing() {
        let mut rows = data().rows;
        rows[0].target = u32::MAX;
        assert_eq!(totals(&rows).target, u32::MAX);
    }

    #[test]
    fn sorts_put_problems_first() {
        let d = data();
        let names = |rows: Vec<&TeamRow>| rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(sorted(&d, TeamColumn::Pace, false)),
            ["Ani", "Citra", "Budi"]
        );
        assert_eq!(
            names(sorted(&d, TeamColumn::Overdue, true)),
            ["Ani", "Budi", "Citra"]
        );
        assert_eq!(
            names(sorted(&d, TeamColumn::Name, false)),
            ["Ani", "Budi", "Citra"]
        );
        assert_eq!(
            names(sorted(&d, TeamColumn::Name, true)),
            ["Citra", "Budi", "Ani"]
        );
    }
}
