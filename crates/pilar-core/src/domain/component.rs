//! PKH benefit components (komponen): amounts, caps and age eligibility.
//! A household's assignment is checked here and its annual benefit computed,
//! so every screen and report applies the same rules.

use super::pregnancy::Pregnancy;
use super::{Sex, age_on};
use chrono::NaiveDate;

/// A PKH component a member can be assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Component {
    IbuHamil,
    AnakUsiaDini,
    Sd,
    Smp,
    Sma,
    DisabilitasBerat,
    Lansia,
}

keyed!(Component; 7;
    IbuHamil => "ibu_hamil",
    AnakUsiaDini => "anak_usia_dini",
    Sd => "sd",
    Smp => "smp",
    Sma => "sma",
    DisabilitasBerat => "disabilitas_berat",
    Lansia => "lansia",
);

impl Component {
    /// Benefit per year in Rupiah (unchanged 2019-2025).
    pub fn annual_rupiah(self) -> i64 {
        match self {
            Component::IbuHamil | Component::AnakUsiaDini => 3_000_000,
            Component::Sd => 900_000,
            Component::Smp => 1_500_000,
            Component::Sma => 2_000_000,
            Component::DisabilitasBerat | Component::Lansia => 2_400_000,
        }
    }

    /// Benefit per quarterly stage (tahap).
    pub fn per_tahap_rupiah(self) -> i64 {
        self.annual_rupiah() / 4
    }
}

/// Settings that vary by region (domain.md marks them "(varies)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentRules {
    pub max_persons: usize,
    pub lansia_min_age: u32,
    pub school_min_age: u32,
    pub school_max_age: u32,
    pub early_child_max_age: u32,
}

impl Default for ComponentRules {
    fn default() -> Self {
        ComponentRules {
            max_persons: 4,
            lansia_min_age: 70,
            school_min_age: 6,
            school_max_age: 21,
            early_child_max_age: 6,
        }
    }
}

/// The member facts the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentPerson {
    pub birth_date: Option<NaiveDate>,
    pub sex: Sex,
    pub component: Option<Component>,
    /// The current or last pregnancy (for `ibu_hamil`).
    pub pregnancy: Pregnancy,
}

/// The component a person holds on `today`: none once an `ibu_hamil` has ended by itself,
/// 42 days after the birth ([`Pregnancy::ended`]).
pub fn current(p: &ComponentPerson, today: NaiveDate) -> Option<Component> {
    p.component
        .filter(|&c| !(c == Component::IbuHamil && p.pregnancy.ended(today)))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentViolation {
    TooManyPersons {
        count: usize,
        max: usize,
    },
    CapExceeded {
        component: Component,
        count: usize,
        max: usize,
    },
    /// `index` is into the checked slice.
    NotEligible {
        index: usize,
        component: Component,
        reason: Ineligible,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligible {
    NoBirthDate,
    TooYoung {
        age: u32,
        min: u32,
    },
    TooOld {
        age: u32,
        max: u32,
    },
    NotFemale,
    /// `ibu_hamil` covers the first and second pregnancy only.
    ThirdPregnancy {
        order: u8,
    },
}

/// Plausible age range for `ibu_hamil`, only to catch typos.
const IBU_HAMIL_MIN_AGE: u32 = 10;
const IBU_HAMIL_MAX_AGE: u32 = 60;

/// Per-household cap of a component; school components have none of their own.
pub fn cap(c: Component) -> Option<usize> {
    match c {
        Component::IbuHamil | Component::AnakUsiaDini => Some(2),
        Component::Lansia | Component::DisabilitasBerat => Some(1),
        Component::Sd | Component::Smp | Component::Sma => None,
    }
}

fn age_in(age: u32, min: u32, max: u32) -> Result<(), Ineligible> {
    if age < min {
        Err(Ineligible::TooYoung { age, min })
    } else if age > max {
        Err(Ineligible::TooOld { age, max })
    } else {
        Ok(())
    }
}

/// One person's eligibility for `c` on `today`:
/// - AnakUsiaDini: age `0..=early_child_max_age`;
/// - Sd / Smp / Sma: age `school_min_age..=school_max_age`;
/// - Lansia: age `>= lansia_min_age`;
/// - IbuHamil: female, the first or second pregnancy (when the order is known), aged
///   `10..=60` (only to catch typos);
/// - DisabilitasBerat: any age, birth date not needed.
///
/// Sex is checked before the birth date.
pub fn check_person(
    p: &ComponentPerson,
    c: Component,
    today: NaiveDate,
    rules: &ComponentRules,
) -> Result<(), Ineligible> {
    if c == Component::DisabilitasBerat {
        return Ok(());
    }
    if c == Component::IbuHamil && p.sex != Sex::Female {
        return Err(Ineligible::NotFemale);
    }
    if c == Component::IbuHamil
        && let Some(order) = p.pregnancy.beyond_covered()
    {
        return Err(Ineligible::ThirdPregnancy { order });
    }
    let age = age_on(p.birth_date.ok_or(Ineligible::NoBirthDate)?, today);
    match c {
        Component::IbuHamil => age_in(age, IBU_HAMIL_MIN_AGE, IBU_HAMIL_MAX_AGE),
        Component::AnakUsiaDini => age_in(age, 0, rules.early_child_max_age),
        Component::Sd | Component::Smp | Component::Sma => {
            age_in(age, rules.school_min_age, rules.school_max_age)
        }
        Component::Lansia => age_in(age, rules.lansia_min_age, u32::MAX),
        Component::DisabilitasBerat => Ok(()),
    }
}

/// All violations of a household's component assignment (empty = valid), in
/// this order: TooManyPersons, CapExceeded (in `Component::ALL` order),
/// NotEligible (in slice order).
pub fn check_household(
    people: &[ComponentPerson],
    today: NaiveDate,
    rules: &ComponentRules,
) -> Vec<ComponentViolation> {
    let mut out = Vec::new();
    // An `ibu_hamil` that has ended by itself is neither counted nor checked.
    let count = people
        .iter()
        .filter(|p| current(p, today).is_some())
        .count();
    if count > rules.max_persons {
        out.push(ComponentViolation::TooManyPersons {
            count,
            max: rules.max_persons,
        });
    }
    for component in Component::ALL {
        if let Some(max) = cap(component) {
            let count = people
                .iter()
                .filter(|p| current(p, today) == Some(component))
                .count();
            if count > max {
                out.push(ComponentViolation::CapExceeded {
                    component,
                    count,
                    max,
                });
            }
        }
    }
    for (index, p) in people.iter().enumerate() {
        if let Some(component) = current(p, today)
            && let Err(reason) = check_person(p, component, today, rules)
        {
            out.push(ComponentViolation::NotEligible {
                index,
                component,
                reason,
            });
        }
    }
    out
}

/// Annual benefit in Rupiah of the assigned components, counting at most
/// `max_persons` persons and each cap; persons beyond them are not paid.
/// Highest-paying components are counted first. Eligibility is not checked; an
/// `ibu_hamil` that has ended on `today` is not paid.
pub fn annual_benefit(people: &[ComponentPerson], today: NaiveDate, rules: &ComponentRules) -> i64 {
    let mut assigned: Vec<Component> = people.iter().filter_map(|p| current(p, today)).collect();
    assigned.sort_by_key(|c| (std::cmp::Reverse(c.annual_rupiah()), *c));
    let mut taken = [0usize; Component::ALL.len()];
    let mut persons = 0;
    let mut total = 0;
    for c in assigned {
        if persons >= rules.max_persons {
            break;
        }
        let slot = &mut taken[c as usize];
        if cap(c).is_some_and(|max| *slot >= max) {
            continue;
        }
        *slot += 1;
        persons += 1;
        total += c.annual_rupiah();
    }
    total
}

/// The component a person would be eligible for by age alone (None if none):
/// AnakUsiaDini 0..=early_child_max_age (wins at 6), Sd school_min_age..=12,
/// Smp 13..=15, Sma 16..=18, Lansia >= lansia_min_age.
pub fn suggested_by_age(age: u32, rules: &ComponentRules) -> Option<Component> {
    if age <= rules.early_child_max_age {
        Some(Component::AnakUsiaDini)
    } else if age >= rules.school_min_age && age <= 12 {
        Some(Component::Sd)
    } else if (13..=15).contains(&age) {
        Some(Component::Smp)
    } else if (16..=18).contains(&age) {
        Some(Component::Sma)
    } else if age >= rules.lansia_min_age {
        Some(Component::Lansia)
    } else {
        None
    }
}

/// True when no assigned component is still eligible on `today` (also when
/// nothing is assigned): a candidate for graduasi alamiah.
pub fn no_component_left(
    people: &[ComponentPerson],
    today: NaiveDate,
    rules: &ComponentRules,
) -> bool {
    !people
        .iter()
        .any(|p| current(p, today).is_some_and(|c| check_person(p, c, today, rules).is_ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 2, 12)
    }

    /// A person aged `age` on `today()` (birthday on 1 Jan).
    fn person(age: i32, sex: Sex, c: Option<Component>) -> ComponentPerson {
        ComponentPerson {
            birth_date: Some(d(2026 - age, 1, 1)),
            sex,
            component: c,
            pregnancy: Pregnancy::default(),
        }
    }

    fn with(c: Component, age: i32) -> ComponentPerson {
        person(age, Sex::Female, Some(c))
    }

    #[test]
    fn keys_round_trip() {
        let keys: Vec<&str> = Component::ALL.iter().map(|c| c.key()).collect();
        assert_eq!(
            keys,
            [
                "ibu_hamil",
                "anak_usia_dini",
                "sd",
                "smp",
                "sma",
                "disabilitas_berat",
                "lansia"
            ]
        );
        for c in Component::ALL {
            assert_eq!(Component::from_key(c.key()), Some(c));
        }
        assert_eq!(Component::from_key("SD"), None);
        assert_eq!(Component::from_key(""), None);
    }

    #[test]
    fn amounts() {
        let annual: Vec<i64> = Component::ALL.iter().map(|c| c.annual_rupiah()).collect();
        assert_eq!(
            annual,
            [
                3_000_000, 3_000_000, 900_000, 1_500_000, 2_000_000, 2_400_000, 2_400_000
            ]
        );
        let tahap: Vec<i64> = Component::ALL
            .iter()
            .map(|c| c.per_tahap_rupiah())
            .collect();
        assert_eq!(
            tahap,
            [
                750_000, 750_000, 225_000, 375_000, 500_000, 600_000, 600_000
            ]
        );
    }

    #[test]
    fn default_rules() {
        let r = ComponentRules::default();
        assert_eq!(r.max_persons, 4);
        assert_eq!(r.lansia_min_age, 70);
        assert_eq!(r.school_min_age, 6);
        assert_eq!(r.school_max_age, 21);
        assert_eq!(r.early_child_max_age, 6);
    }

    #[test]
    fn caps() {
        assert_eq!(cap(Component::IbuHamil), Some(2));
        assert_eq!(cap(Component::AnakUsiaDini), Some(2));
        assert_eq!(cap(Component::Lansia), Some(1));
        assert_eq!(cap(Component::DisabilitasBerat), Some(1));
        assert_eq!(cap(Component::Sd), None);
        assert_eq!(cap(Component::Smp), None);
        assert_eq!(cap(Component::Sma), None);
    }

    #[test]
    fn early_child_ages() {
        let r = ComponentRules::default();
        let c = Component::AnakUsiaDini;
        assert_eq!(check_person(&with(c, 0), c, today(), &r), Ok(()));
        assert_eq!(check_person(&with(c, 6), c, today(), &r), Ok(()));
        assert_eq!(
            check_person(&with(c, 7), c, today(), &r),
            Err(Ineligible::TooOld { age: 7, max: 6 })
        );
    }

    #[test]
    fn school_ages() {
        let r = ComponentRules::default();
        for c in [Component::Sd, Component::Smp, Component::Sma] {
            assert_eq!(
                check_person(&with(c, 5), c, today(), &r),
                Err(Ineligible::TooYoung { age: 5, min: 6 })
            );
            assert_eq!(check_person(&with(c, 6), c, today(), &r), Ok(()));
            assert_eq!(check_person(&with(c, 21), c, today(), &r), Ok(()));
            assert_eq!(
                check_person(&with(c, 22), c, today(), &r),
                Err(Ineligible::TooOld { age: 22, max: 21 })
            );
        }
    }

    #[test]
    fn lansia_age_and_setting() {
        let c = Component::Lansia;
        let r = ComponentRules::default();
        assert_eq!(
            check_person(&with(c, 65), c, today(), &r),
            Err(Ineligible::TooYoung { age: 65, min: 70 })
        );
        assert_eq!(check_person(&with(c, 70), c, today(), &r), Ok(()));
        assert_eq!(check_person(&with(c, 101), c, today(), &r), Ok(()));
        let r60 = ComponentRules {
            lansia_min_age: 60,
            ..ComponentRules::default()
        };
        assert_eq!(check_person(&with(c, 65), c, today(), &r60), Ok(()));
    }

    #[test]
    fn ibu_hamil() {
        let c = Component::IbuHamil;
        let r = ComponentRules::default();
        assert_eq!(check_person(&with(c, 25), c, today(), &r), Ok(()));
        assert_eq!(
            check_person(&person(25, Sex::Male, Some(c)), c, today(), &r),
            Err(Ineligible::NotFemale)
        );
        assert_eq!(
            check_person(&with(c, 9), c, today(), &r),
            Err(Ineligible::TooYoung { age: 9, min: 10 })
        );
        assert_eq!(check_person(&with(c, 10), c, today(), &r), Ok(()));
        assert_eq!(check_person(&with(c, 60), c, today(), &r), Ok(()));
        assert_eq!(
            check_person(&with(c, 61), c, today(), &r),
            Err(Ineligible::TooOld { age: 61, max: 60 })
        );
        let male_no_date = ComponentPerson {
            birth_date: None,
            sex: Sex::Male,
            component: Some(c),
            pregnancy: Pregnancy::default(),
        };
        assert_eq!(
            check_person(&male_no_date, c, today(), &r),
            Err(Ineligible::NotFemale)
        );
    }

    #[test]
    fn missing_birth_date() {
        let r = ComponentRules::default();
        let p = ComponentPerson {
            birth_date: None,
            sex: Sex::Female,
            component: None,
            pregnancy: Pregnancy::default(),
        };
        for c in Component::ALL {
            let want = if c == Component::DisabilitasBerat {
                Ok(())
            } else {
                Err(Ineligible::NoBirthDate)
            };
            assert_eq!(check_person(&p, c, today(), &r), want, "{c:?}");
        }
    }

    #[test]
    fn disability_any_age() {
        let r = ComponentRules::default();
        let c = Component::DisabilitasBerat;
        for age in [0, 30, 90] {
            assert_eq!(
                check_person(&person(age, Sex::Male, Some(c)), c, today(), &r),
                Ok(())
            );
        }
    }

    #[test]
    fn valid_household() {
        let r = ComponentRules::default();
        let people = vec![
            with(Component::IbuHamil, 30),
            with(Component::AnakUsiaDini, 3),
            with(Component::Sd, 9),
            person(35, Sex::Male, None),
            with(Component::Smp, 14),
        ];
        assert!(check_household(&people, today(), &r).is_empty());
    }

    #[test]
    fn household_violations_in_order() {
        let r = ComponentRules::default();
        let people = vec![
            with(Component::Lansia, 75),
            with(Component::Lansia, 60),
            with(Component::AnakUsiaDini, 1),
            with(Component::AnakUsiaDini, 2),
            with(Component::AnakUsiaDini, 3),
            person(30, Sex::Male, Some(Component::IbuHamil)),
        ];
        assert_eq!(
            check_household(&people, today(), &r),
            vec![
                ComponentViolation::TooManyPersons { count: 6, max: 4 },
                ComponentViolation::CapExceeded {
                    component: Component::AnakUsiaDini,
                    count: 3,
                    max: 2
                },
                ComponentViolation::CapExceeded {
                    component: Component::Lansia,
                    count: 2,
                    max: 1
                },
                ComponentViolation::NotEligible {
                    index: 1,
                    component: Component::Lansia,
                    reason: Ineligible::TooYoung { age: 60, min: 70 }
                },
                ComponentViolation::NotEligible {
                    index: 5,
                    component: Component::IbuHamil,
                    reason: Ineligible::NotFemale
                },
            ]
        );
    }

    #[test]
    fn school_components_have_no_cap() {
        let r = ComponentRules {
            max_persons: 10,
            ..ComponentRules::default()
        };
        let people: Vec<_> = (0..5).map(|_| with(Component::Sd, 8)).collect();
        assert!(check_household(&people, today(), &r).is_empty());
    }

    #[test]
    fn max_persons_setting() {
        let r = ComponentRules {
            max_persons: 2,
            ..ComponentRules::default()
        };
        let people: Vec<_> = (0..3).map(|_| with(Component::Sd, 8)).collect();
        assert_eq!(
            check_household(&people, today(), &r),
            vec![ComponentViolation::TooManyPersons { count: 3, max: 2 }]
        );
    }

    #[test]
    fn benefit_simple() {
        let r = ComponentRules::default();
        let people = vec![
            with(Component::IbuHamil, 30),
            with(Component::Sd, 9),
            person(35, Sex::Male, None),
        ];
        assert_eq!(annual_benefit(&people, today(), &r), 3_900_000);
        assert_eq!(annual_benefit(&[], today(), &r), 0);
    }

    #[test]
    fn benefit_respects_caps() {
        let r = ComponentRules::default();
        let people = vec![with(Component::Lansia, 80), with(Component::Lansia, 75)];
        assert_eq!(annual_benefit(&people, today(), &r), 2_400_000);
        let people: Vec<_> = (0..3).map(|_| with(Component::AnakUsiaDini, 2)).collect();
        assert_eq!(annual_benefit(&people, today(), &r), 6_000_000);
    }

    #[test]
    fn benefit_counts_highest_first() {
        let r = ComponentRules::default();
        // Sd listed first but the four highest-paying are counted.
        let people = vec![
            with(Component::Sd, 9),
            with(Component::Sd, 10),
            with(Component::Sma, 17),
            with(Component::IbuHamil, 30),
            with(Component::AnakUsiaDini, 1),
            with(Component::Lansia, 80),
        ];
        assert_eq!(
            annual_benefit(&people, today(), &r),
            3_000_000 + 3_000_000 + 2_400_000 + 2_000_000
        );
    }

    #[test]
    fn benefit_capped_persons_do_not_use_slots() {
        let r = ComponentRules::default();
        // 3 AUD: only 2 paid; the third does not take a person slot.
        let people = vec![
            with(Component::AnakUsiaDini, 1),
            with(Component::AnakUsiaDini, 2),
            with(Component::AnakUsiaDini, 3),
            with(Component::Sd, 9),
            with(Component::Sd, 10),
        ];
        assert_eq!(annual_benefit(&people, today(), &r), 6_000_000 + 1_800_000);
    }

    #[test]
    fn benefit_order_independent() {
        let r = ComponentRules::default();
        let mut people = vec![
            with(Component::Smp, 14),
            with(Component::DisabilitasBerat, 40),
            with(Component::IbuHamil, 30),
            with(Component::IbuHamil, 28),
            with(Component::IbuHamil, 26),
            with(Component::Sma, 17),
        ];
        let a = annual_benefit(&people, today(), &r);
        people.reverse();
        assert_eq!(annual_benefit(&people, today(), &r), a);
        assert_eq!(a, 3_000_000 * 2 + 2_400_000 + 2_000_000);
    }

    #[test]
    fn suggested() {
        let r = ComponentRules::default();
        let got: Vec<Option<Component>> = [0, 6, 7, 12, 13, 15, 16, 18, 19, 40, 69, 70, 95]
            .iter()
            .map(|&a| suggested_by_age(a, &r))
            .collect();
        use Component::*;
        assert_eq!(
            got,
            [
                Some(AnakUsiaDini),
                Some(AnakUsiaDini),
                Some(Sd),
                Some(Sd),
                Some(Smp),
                Some(Smp),
                Some(Sma),
                Some(Sma),
                None,
                None,
                None,
                Some(Lansia),
                Some(Lansia)
            ]
        );
        let r60 = ComponentRules {
            lansia_min_age: 60,
            ..ComponentRules::default()
        };
        assert_eq!(suggested_by_age(60, &r60), Some(Lansia));
        let r5 = ComponentRules {
            early_child_max_age: 5,
            ..ComponentRules::default()
        };
        assert_eq!(suggested_by_age(6, &r5), Some(Sd));
    }

    #[test]
    fn no_component_left_cases() {
        let r = ComponentRules::default();
        assert!(no_component_left(&[], today(), &r));
        assert!(no_component_left(
            &[person(40, Sex::Male, None)],
            today(),
            &r
        ));
        // Child aged out of school.
        assert!(no_component_left(&[with(Component::Sma, 22)], today(), &r));
        assert!(!no_component_left(
            &[with(Component::Sma, 22), with(Component::Sd, 10)],
            today(),
            &r
        ));
        assert!(!no_component_left(
            &[with(Component::DisabilitasBerat, 40)],
            today(),
            &r
        ));
        // The same child ages out later.
        let kid = [with(Component::AnakUsiaDini, 6)];
        assert!(!no_component_left(&kid, today(), &r));
        assert!(no_component_left(&kid, d(2027, 1, 1), &r));
    }
}
