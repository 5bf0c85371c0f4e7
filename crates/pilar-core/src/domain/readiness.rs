//! Graduation readiness, explained (issue 11 item 5): a score from 0 to 100 per active
//! household, built from criteria that are each shown with their value and the points they
//! earned. The score only proposes: nothing is decided by it, the facilitator records.
//! Each criterion's weight is a setting ([`Weights`], defaults in [`DEFAULT_WEIGHTS`]); the
//! UMK is a setting too ([`ReadinessSettings::umk`]). "Commitments met" reads the
//! verifications of the last [`COMMITMENT_MONTHS`] months (this month the last).

use super::component::{ComponentPerson, ComponentRules, check_person, current};
use super::verification::Month;
use chrono::{Datelike, NaiveDate};

/// UMK Kabupaten Kendal 2025 (SK Gubernur Jawa Tengah 561/45/2024), Rupiah a month.
pub const UMK_KENDAL_2025: i64 = 2_783_455;

/// Years on PKH from which a family is a priority to graduate (domain.md: "more than 5").
pub const PRIORITY_YEARS: u32 = 5;

/// How many months of verifications "commitments met" reads, this month the last.
pub const COMMITMENT_MONTHS: i32 = 6;

/// One criterion of readiness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Criterion {
    /// The business's monthly income against the UMK.
    Income,
    /// The DTSEN desil (4 is the top of PKH's range).
    Desil,
    /// Years on PKH since the year joined.
    Years,
    /// A running business.
    Business,
    /// P2K2 sessions attended of those held.
    P2k2,
    /// The share of the last 6 months' verifications met (of those met or not met).
    Commitments,
    /// Components that end within a year (a child leaving school age, ...).
    Ending,
    /// A referral to an empowerment program in progress.
    Referral,
}

keyed!(Criterion; 8;
    Income => "income",
    Desil => "desil",
    Years => "years",
    Business => "business",
    P2k2 => "p2k2",
    Commitments => "commitments",
    Ending => "ending",
    Referral => "referral",
);

/// The default weight of each criterion: the one table (they add up to 100).
pub const DEFAULT_WEIGHTS: [(Criterion, u32); 8] = [
    (Criterion::Income, 30),
    (Criterion::Desil, 15),
    (Criterion::Years, 15),
    (Criterion::Business, 5),
    (Criterion::P2k2, 10),
    (Criterion::Commitments, 10),
    (Criterion::Ending, 10),
    (Criterion::Referral, 5),
];

/// Each criterion's weight, in [`Criterion::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights(pub [u32; 8]);

impl Default for Weights {
    fn default() -> Self {
        Weights(DEFAULT_WEIGHTS.map(|(_, w)| w))
    }
}

impl Weights {
    pub fn get(&self, c: Criterion) -> u32 {
        let i = Criterion::ALL.iter().position(|x| *x == c).unwrap_or(0);
        self.0[i]
    }

    /// Parses overrides such as `income=40,desil=10` over the defaults. Weights are
    /// whole numbers 0-100; at least one must stay above zero.
    pub fn parse(s: &str) -> Result<Weights, WeightsError> {
        let mut w = Weights::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| WeightsError::Malformed(part.to_string()))?;
            let c = Criterion::from_key(k.trim())
                .ok_or_else(|| WeightsError::UnknownCriterion(k.trim().to_string()))?;
            let n: u32 = v
                .trim()
                .parse()
                .ok()
                .filter(|n| *n <= 100)
                .ok_or_else(|| WeightsError::BadWeight(part.to_string()))?;
            let i = Criterion::ALL.iter().position(|x| *x == c).unwrap_or(0);
            w.0[i] = n;
        }
        if w.0.iter().all(|n| *n == 0) {
            return Err(WeightsError::AllZero);
        }
        Ok(w)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeightsError {
    Malformed(String),
    UnknownCriterion(String),
    BadWeight(String),
    AllZero,
}

/// The settings of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadinessSettings {
    /// The district minimum wage, Rupiah a month.
    pub umk: i64,
    pub weights: Weights,
}

impl Default for ReadinessSettings {
    fn default() -> Self {
        ReadinessSettings {
            umk: UMK_KENDAL_2025,
            weights: Weights::default(),
        }
    }
}

/// The facts of one household the rule reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadinessInputs {
    pub business_income: Option<i64>,
    pub desil: Option<u8>,
    /// Whole years on PKH (see [`years_on_pkh`]).
    pub years: Option<u32>,
    pub has_business: bool,
    pub p2k2_attended: u32,
    pub p2k2_held: u32,
    /// Verifications of the last [`COMMITMENT_MONTHS`] months met, and those met or not
    /// met (not applicable ones are not counted).
    pub commitments_met: u32,
    pub commitments_verified: u32,
    /// Members holding a component today.
    pub components: u32,
    /// Of those, the ones whose component ends within a year.
    pub components_ending: u32,
    pub referral_in_progress: bool,
}

/// What a criterion saw, to show beside its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Income { income: Option<i64>, umk: i64 },
    Desil(Option<u8>),
    Years(Option<u32>),
    Business(bool),
    P2k2 { attended: u32, held: u32 },
    Commitments { met: u32, verified: u32 },
    Ending { ending: u32, of: u32 },
    Referral(bool),
}

/// One criterion's result: its value, the points earned and the most it could earn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    pub criterion: Criterion,
    pub value: Value,
    pub points: u32,
    pub max: u32,
}

/// A household's readiness: the score 0-100 and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub score: u8,
    pub criteria: Vec<Scored>,
}

/// `weight * num / den` with `num` clamped to `den`; 0 when `den` is 0.
fn part(weight: u32, num: u64, den: u64) -> u32 {
    if den == 0 {
        return 0;
    }
    u32::try_from(u64::from(weight) * num.min(den) / den).unwrap_or(weight)
}

/// The share (numerator, denominator) of a criterion's weight a household earns.
fn share(value: Value) -> (u64, u64) {
    match value {
        // Income at or above the UMK earns it all; below, in proportion.
        Value::Income { income, umk } => {
            let i = income.unwrap_or(0).max(0).unsigned_abs();
            (i, umk.max(1).unsigned_abs())
        }
        // Desil 1 earns nothing, 4 (or above, the exit for cause) all.
        Value::Desil(d) => (u64::from(d.unwrap_or(1).clamp(1, 4) - 1), 3),
        // More than five years earns it all; fewer, in proportion to six.
        Value::Years(y) => match y {
            Some(y) if y > PRIORITY_YEARS => (1, 1),
            Some(y) => (u64::from(y), u64::from(PRIORITY_YEARS + 1)),
            None => (0, 1),
        },
        Value::Business(b) | Value::Referral(b) => (u64::from(b), 1),
        Value::P2k2 { attended, held } => (u64::from(attended), u64::from(held)),
        // Nothing verified earns nothing, like a P2K2 with no session held.
        Value::Commitments { met, verified } => (u64::from(met), u64::from(verified)),
        // No component left: nothing holds the family on PKH.
        Value::Ending { of: 0, .. } => (1, 1),
        Value::Ending { ending, of } => (u64::from(ending), u64::from(of)),
    }
}

/// The readiness of a household from its facts.
pub fn readiness(inputs: &ReadinessInputs, settings: &ReadinessSettings) -> Readiness {
    let criteria: Vec<Scored> = Criterion::ALL
        .iter()
        .map(|&criterion| {
            let value = match criterion {
                Criterion::Income => Value::Income {
                    income: inputs.business_income,
                    umk: settings.umk,
                },
                Criterion::Desil => Value::Desil(inputs.desil),
                Criterion::Years => Value::Years(inputs.years),
                Criterion::Business => Value::Business(inputs.has_business),
                Criterion::P2k2 => Value::P2k2 {
                    attended: inputs.p2k2_attended,
                    held: inputs.p2k2_held,
                },
                Criterion::Commitments => Value::Commitments {
                    met: inputs.commitments_met,
                    verified: inputs.commitments_verified,
                },
                Criterion::Ending => Value::Ending {
                    ending: inputs.components_ending,
                    of: inputs.components,
                },
                Criterion::Referral => Value::Referral(inputs.referral_in_progress),
            };
            let max = settings.weights.get(criterion);
            let (num, den) = share(value);
            Scored {
                criterion,
                value,
                points: part(max, num, den),
                max,
            }
        })
        .collect();
    let earned: u64 = criteria.iter().map(|c| u64::from(c.points)).sum();
    let total: u64 = criteria.iter().map(|c| u64::from(c.max)).sum();
    let score = (earned * 100)
        .checked_div(total)
        .map_or(0, |s| u8::try_from(s).unwrap_or(100));
    Readiness { score, criteria }
}

/// "Commitments met" of outcomes `(month, met)` (not applicable ones left out by the
/// caller): (met, verified) over the [`COMMITMENT_MONTHS`] months ending with `today`'s.
pub fn commitments_met(
    outcomes: impl IntoIterator<Item = (Month, bool)>,
    today: NaiveDate,
) -> (u32, u32) {
    let (first, last) = (commitments_from(today), Month::of(today));
    outcomes
        .into_iter()
        .filter(|(m, _)| *m >= first && *m <= last)
        .fold((0, 0), |(met, of), (_, ok)| (met + u32::from(ok), of + 1))
}

/// The first month "commitments met" reads on `today` (`2026-06` in November 2026), for a
/// query over `verifications.month`.
pub fn commitments_from(today: NaiveDate) -> Month {
    Month::of(today).plus(1 - COMMITMENT_MONTHS)
}

/// Whole years on PKH on `today` for a family that joined in `year_joined` (0 for a year
/// in the future).
pub fn years_on_pkh(year_joined: i32, today: NaiveDate) -> u32 {
    u32::try_from(today.year() - year_joined).unwrap_or(0)
}

/// How many members hold a component today, and how many of those components end within a
/// year (the member is no longer eligible on the same day next year).
pub fn components_ending(
    people: &[ComponentPerson],
    today: NaiveDate,
    rules: &ComponentRules,
) -> (u32, u32) {
    let in_a_year = today
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(today);
    let mut holding = 0u32;
    let mut ending = 0u32;
    for p in people {
        let Some(c) = current(p, today) else { continue };
        if check_person(p, c, today, rules).is_err() {
            continue;
        }
        holding += 1;
        if current(p, in_a_year).is_none() || check_person(p, c, in_a_year, rules).is_err() {
            ending += 1;
        }
    }
    (holding, ending)
}

#[cfg(test)]
mod tests;
