use super::*;
use crate::domain::Sex;
use crate::domain::component::Component;
use crate::domain::pregnancy::Pregnancy;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ready_family() -> ReadinessInputs {
    ReadinessInputs {
        business_income: Some(3_000_000),
        desil: Some(4),
        years: Some(8),
        has_business: true,
        p2k2_attended: 14,
        p2k2_held: 14,
        commitments_met: 12,
        commitments_verified: 12,
        components: 1,
        components_ending: 1,
        referral_in_progress: true,
    }
}

fn points(r: &Readiness, c: Criterion) -> u32 {
    r.criteria.iter().find(|s| s.criterion == c).unwrap().points
}

#[test]
fn default_weights_add_up_to_100_and_cover_every_criterion() {
    assert_eq!(DEFAULT_WEIGHTS.iter().map(|(_, w)| w).sum::<u32>(), 100);
    let order: Vec<Criterion> = DEFAULT_WEIGHTS.iter().map(|(c, _)| *c).collect();
    assert_eq!(order, Criterion::ALL);
}

#[test]
fn a_family_meeting_every_criterion_scores_100() {
    let r = readiness(&ready_family(), &ReadinessSettings::default());
    assert_eq!(r.score, 100);
    assert_eq!(r.criteria.len(), 8);
    assert!(r.criteria.iter().all(|s| s.points == s.max));
}

#[test]
fn a_family_meeting_none_scores_0() {
    let inputs = ReadinessInputs {
        desil: Some(1),
        years: Some(0),
        components: 3,
        ..ReadinessInputs::default()
    };
    let r = readiness(&inputs, &ReadinessSettings::default());
    assert_eq!(r.score, 0);
    assert!(r.criteria.iter().all(|s| s.points == 0));
}

#[test]
fn each_criterion_earns_in_proportion() {
    let s = ReadinessSettings::default();
    let inputs = ReadinessInputs {
        // Half the UMK (rounded down): 14 of 30.
        business_income: Some(UMK_KENDAL_2025 / 2),
        // Desil 3: 2/3 of 15 = 10.
        desil: Some(3),
        // 3 years of the 6 that earn it all: 7 of 15.
        years: Some(3),
        has_business: true,
        // 10 of 12 sessions: 8 of 10.
        p2k2_attended: 10,
        p2k2_held: 12,
        // 9 of 12 verifications met: 7 of 10.
        commitments_met: 9,
        commitments_verified: 12,
        // One of four components ends: 2 of 10.
        components: 4,
        components_ending: 1,
        referral_in_progress: false,
    };
    let r = readiness(&inputs, &s);
    assert_eq!(points(&r, Criterion::Income), 14);
    assert_eq!(points(&r, Criterion::Desil), 10);
    assert_eq!(points(&r, Criterion::Years), 7);
    assert_eq!(points(&r, Criterion::Business), 5);
    assert_eq!(points(&r, Criterion::P2k2), 8);
    assert_eq!(points(&r, Criterion::Commitments), 7);
    assert_eq!(points(&r, Criterion::Ending), 2);
    assert_eq!(points(&r, Criterion::Referral), 0);
    assert_eq!(r.score, 53);
    assert_eq!(
        r.criteria[5].value,
        Value::Commitments {
            met: 9,
            verified: 12
        }
    );
    assert_eq!(
        r.criteria[0].value,
        Value::Income {
            income: Some(UMK_KENDAL_2025 / 2),
            umk: UMK_KENDAL_2025
        }
    );
}

#[test]
fn edges_of_each_criterion() {
    let s = ReadinessSettings::default();
    let with = |f: &dyn Fn(&mut ReadinessInputs)| {
        let mut i = ready_family();
        f(&mut i);
        readiness(&i, &s)
    };
    // Income above the UMK earns no more than at it; none earns nothing.
    assert_eq!(
        points(
            &with(&|i| i.business_income = Some(i64::MAX)),
            Criterion::Income
        ),
        30
    );
    assert_eq!(
        points(&with(&|i| i.business_income = None), Criterion::Income),
        0
    );
    assert_eq!(
        points(&with(&|i| i.business_income = Some(-5)), Criterion::Income),
        0
    );
    // Desil above 4 (an exit for cause) earns it all; unknown earns nothing.
    assert_eq!(points(&with(&|i| i.desil = Some(7)), Criterion::Desil), 15);
    assert_eq!(points(&with(&|i| i.desil = None), Criterion::Desil), 0);
    // Exactly five years is not yet "more than five".
    assert_eq!(points(&with(&|i| i.years = Some(5)), Criterion::Years), 12);
    assert_eq!(points(&with(&|i| i.years = Some(6)), Criterion::Years), 15);
    assert_eq!(points(&with(&|i| i.years = None), Criterion::Years), 0);
    // No session held yet earns nothing.
    let r = with(&|i| {
        i.p2k2_attended = 0;
        i.p2k2_held = 0;
    });
    assert_eq!(points(&r, Criterion::P2k2), 0);
    // Nothing verified earns nothing; all not met neither.
    let r = with(&|i| {
        i.commitments_met = 0;
        i.commitments_verified = 0;
    });
    assert_eq!(points(&r, Criterion::Commitments), 0);
    let r = with(&|i| i.commitments_met = 0);
    assert_eq!(points(&r, Criterion::Commitments), 0);
    // No component left: nothing holds the family.
    let r = with(&|i| {
        i.components = 0;
        i.components_ending = 0;
    });
    assert_eq!(points(&r, Criterion::Ending), 10);
}

#[test]
fn weights_are_a_setting() {
    let w = Weights::parse("income=50, referral=0").unwrap();
    assert_eq!(w.get(Criterion::Income), 50);
    assert_eq!(w.get(Criterion::Referral), 0);
    assert_eq!(w.get(Criterion::Desil), 15);
    let s = ReadinessSettings {
        weights: w,
        ..ReadinessSettings::default()
    };
    // Only the income, at the UMK: 50 of 115 (the referral weighs nothing now).
    let inputs = ReadinessInputs {
        business_income: Some(UMK_KENDAL_2025),
        desil: Some(1),
        years: Some(0),
        components: 2,
        ..ReadinessInputs::default()
    };
    assert_eq!(readiness(&inputs, &s).score, 43);
    let w = Weights::parse("commitments=40").unwrap();
    assert_eq!(w.get(Criterion::Commitments), 40);
    assert_eq!(Weights::parse("").unwrap(), Weights::default());
    assert_eq!(
        Weights::parse("gaji=10"),
        Err(WeightsError::UnknownCriterion("gaji".into()))
    );
    assert_eq!(
        Weights::parse("income"),
        Err(WeightsError::Malformed("income".into()))
    );
    assert_eq!(
        Weights::parse("income=-1"),
        Err(WeightsError::BadWeight("income=-1".into()))
    );
    assert_eq!(
        Weights::parse("income=101"),
        Err(WeightsError::BadWeight("income=101".into()))
    );
    let all_zero: Vec<String> = Criterion::ALL
        .iter()
        .map(|c| format!("{}=0", c.key()))
        .collect();
    assert_eq!(
        Weights::parse(&all_zero.join(",")),
        Err(WeightsError::AllZero)
    );
}

#[test]
fn the_umk_is_a_setting() {
    let s = ReadinessSettings {
        umk: 2_000_000,
        ..ReadinessSettings::default()
    };
    let mut i = ready_family();
    i.business_income = Some(2_000_000);
    assert_eq!(points(&readiness(&i, &s), Criterion::Income), 30);
    assert_eq!(
        points(
            &readiness(&i, &ReadinessSettings::default()),
            Criterion::Income
        ),
        21
    );
}

#[test]
fn years_on_pkh_from_the_year_joined() {
    assert_eq!(years_on_pkh(2018, d(2026, 11, 30)), 8);
    assert_eq!(years_on_pkh(2026, d(2026, 11, 30)), 0);
    assert_eq!(years_on_pkh(2030, d(2026, 11, 30)), 0);
}

fn person(birth: NaiveDate, c: Option<Component>) -> ComponentPerson {
    ComponentPerson {
        birth_date: Some(birth),
        sex: Sex::Female,
        component: c,
        pregnancy: Pregnancy::default(),
    }
}

#[test]
fn components_ending_within_a_year() {
    let today = d(2026, 11, 30);
    let rules = ComponentRules::default();
    let people = [
        // 21 now, 22 next year: past school age, SMA ends.
        person(d(2005, 3, 1), Some(Component::Sma)),
        // 10 now: SD goes on.
        person(d(2016, 3, 1), Some(Component::Sd)),
        // 80: lansia goes on.
        person(d(1946, 3, 1), Some(Component::Lansia)),
        // No component: not counted.
        person(d(1990, 3, 1), None),
    ];
    assert_eq!(components_ending(&people, today, &rules), (3, 1));
    assert_eq!(components_ending(&[], today, &rules), (0, 0));
}

#[test]
fn commitments_met_reads_the_six_months_ending_this_month() {
    let today = d(2026, 11, 30);
    let m = |y, mo| Month::new(y, mo).unwrap();
    assert_eq!(commitments_from(today), m(2026, 6));
    let outcomes = [
        // Before the window: not counted.
        (m(2026, 5), false),
        (m(2026, 6), true),
        (m(2026, 8), false),
        (m(2026, 10), true),
        (m(2026, 11), true),
        // A month to come (a record brought by a merge): not counted.
        (m(2026, 12), false),
    ];
    assert_eq!(commitments_met(outcomes, today), (3, 4));
    assert_eq!(commitments_met([], today), (0, 0));
    // Across a year: January reads August to January.
    assert_eq!(commitments_from(d(2027, 1, 5)), m(2026, 8));
}
