//! The pregnancy facts the `ibu_hamil` component needs (issue 14 section 5, domain.md):
//! the component covers a woman's **first and second** pregnancy only ("maksimal dua kali
//! kehamilan"), from the pregnancy through the nifas period, **42 days after the birth**,
//! then it ends by itself. A member stores the pregnancy's order and the expected (HPL) or
//! actual birth date; `today` comes from the shell.

use chrono::{Days, NaiveDate};

/// Days after the birth that `ibu_hamil` still covers (nifas).
pub const NIFAS_DAYS: u64 = 42;
/// The last pregnancy `ibu_hamil` covers: the second.
pub const MAX_COVERED_PREGNANCY: u8 = 2;

/// A member's current (or last) pregnancy; both unknown for most members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pregnancy {
    /// 1 for the woman's first pregnancy.
    pub order: Option<u8>,
    /// The expected (HPL) or actual birth date.
    pub birth: Option<NaiveDate>,
}

impl Pregnancy {
    /// The last day `ibu_hamil` covers: the birth date plus 42 days.
    pub fn nifas_end(self) -> Option<NaiveDate> {
        self.birth?.checked_add_days(Days::new(NIFAS_DAYS))
    }

    /// The nifas period is over on `today`: the component has ended by itself.
    pub fn ended(self, today: NaiveDate) -> bool {
        self.nifas_end().is_some_and(|end| today > end)
    }

    /// A third or later pregnancy (`Some(order)`), which `ibu_hamil` does not cover.
    pub fn beyond_covered(self) -> Option<u8> {
        self.order.filter(|&o| o > MAX_COVERED_PREGNANCY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Sex;
    use crate::domain::component::{
        Component, ComponentPerson, ComponentRules, ComponentViolation, Ineligible, annual_benefit,
        check_household, check_person, current, no_component_left,
    };

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn mother(order: Option<u8>, birth: Option<NaiveDate>) -> ComponentPerson {
        ComponentPerson {
            birth_date: Some(d(1996, 5, 1)),
            sex: Sex::Female,
            component: Some(Component::IbuHamil),
            pregnancy: Pregnancy { order, birth },
        }
    }

    const C: Component = Component::IbuHamil;

    #[test]
    fn types_ibu_hamil_covers_the_first_and_second_pregnancy_only() {
        let today = d(2026, 2, 12);
        let r = ComponentRules::default();
        let due = Some(d(2026, 5, 1));
        assert_eq!(check_person(&mother(Some(1), due), C, today, &r), Ok(()));
        assert_eq!(check_person(&mother(Some(2), due), C, today, &r), Ok(()));
        assert_eq!(
            check_person(&mother(Some(3), due), C, today, &r),
            Err(Ineligible::ThirdPregnancy { order: 3 })
        );
        assert_eq!(
            check_household(&[mother(Some(4), due)], today, &r),
            [ComponentViolation::NotEligible {
                index: 0,
                component: C,
                reason: Ineligible::ThirdPregnancy { order: 4 },
            }]
        );
        assert_eq!(
            annual_benefit(&[mother(Some(2), due)], today, &r),
            3_000_000
        );
        // An old record without the order is not refused: the order is not known.
        assert_eq!(check_person(&mother(None, due), C, today, &r), Ok(()));
    }

    #[test]
    fn types_ibu_hamil_ends_by_itself_42_days_after_the_birth() {
        let r = ComponentRules::default();
        let born = d(2026, 1, 1);
        let p = mother(Some(1), Some(born));
        assert_eq!(p.pregnancy.nifas_end(), Some(d(2026, 2, 12)));
        // Before the birth and through day 42 after it: covered and paid.
        for today in [d(2025, 9, 1), born, d(2026, 2, 12)] {
            assert_eq!(current(&p, today), Some(C), "{today}");
            assert_eq!(
                annual_benefit(std::slice::from_ref(&p), today, &r),
                3_000_000
            );
            assert!(!no_component_left(std::slice::from_ref(&p), today, &r));
        }
        // Day 43: ended by itself, nobody had to remove it; not a refusal either.
        let today = d(2026, 2, 13);
        assert!(p.pregnancy.ended(today));
        assert_eq!(current(&p, today), None);
        assert_eq!(annual_benefit(std::slice::from_ref(&p), today, &r), 0);
        assert!(no_component_left(std::slice::from_ref(&p), today, &r));
        assert_eq!(check_household(std::slice::from_ref(&p), today, &r), []);
        // An ended pregnancy does not count against the cap of two.
        let due = Some(d(2026, 6, 1));
        let three = [p.clone(), mother(Some(1), due), mother(Some(2), due)];
        assert_eq!(check_household(&three, today, &r), []);
        assert!(
            !check_household(&three, born, &r).is_empty(),
            "three at once"
        );
        // No birth date known: it does not end.
        assert_eq!(current(&mother(Some(1), None), d(2030, 1, 1)), Some(C));
    }
}
