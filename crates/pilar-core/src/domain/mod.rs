//! Pure domain rules of PKH casework: identity numbers, benefit components,
//! graduation vocabulary, target pace, display formats, activity kinds and
//! household fields. Nothing here does I/O or produces sentences; other
//! modules (storage, i18n, interface) build on these types.

pub mod activity;
pub mod component;
pub mod dates;
pub mod fields;
pub mod forecast;
pub mod format;
pub mod graduation;
pub mod groups;
pub mod household;
pub mod life_event;
pub mod nik;
pub mod pace;
pub mod payment;
pub mod phone;
pub mod pregnancy;
pub mod readiness;
pub mod text;
pub mod today;
pub mod verification;
pub mod void;
pub mod zone;

use chrono::Datelike;

/// Sex as recorded on Indonesian civil documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// Stable storage key: "L" (laki-laki) or "P" (perempuan).
    pub fn key(self) -> &'static str {
        match self {
            Sex::Male => "L",
            Sex::Female => "P",
        }
    }

    /// Parses "L" / "P" (case-insensitive, surrounding whitespace ignored).
    pub fn from_key(s: &str) -> Option<Sex> {
        match s.trim() {
            "L" | "l" => Some(Sex::Male),
            "P" | "p" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Id,
    En,
}

/// Age in whole years on date `on`; 0 if `birth` is after `on`.
/// A 29 February birthday counts as reached on 1 March in common years.
pub fn age_on(birth: chrono::NaiveDate, on: chrono::NaiveDate) -> u32 {
    if birth > on {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    // `birth <= on` makes `years` non-negative.
    u32::try_from(years).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn sex_keys_round_trip() {
        for s in [Sex::Male, Sex::Female] {
            assert_eq!(Sex::from_key(s.key()), Some(s));
        }
        assert_eq!(Sex::Male.key(), "L");
        assert_eq!(Sex::Female.key(), "P");
    }

    #[test]
    fn sex_from_key_is_case_insensitive() {
        assert_eq!(Sex::from_key("l"), Some(Sex::Male));
        assert_eq!(Sex::from_key("p"), Some(Sex::Female));
        assert_eq!(Sex::from_key(" P "), Some(Sex::Female));
    }

    #[test]
    fn sex_from_key_rejects_others() {
        for s in ["", "M", "F", "LP", "laki", "x"] {
            assert_eq!(Sex::from_key(s), None, "{s}");
        }
    }

    #[test]
    fn age_whole_years() {
        assert_eq!(age_on(d(2000, 5, 10), d(2026, 5, 9)), 25);
        assert_eq!(age_on(d(2000, 5, 10), d(2026, 5, 10)), 26);
        assert_eq!(age_on(d(2000, 5, 10), d(2026, 5, 11)), 26);
        assert_eq!(age_on(d(2026, 1, 1), d(2026, 1, 1)), 0);
    }

    #[test]
    fn age_zero_when_born_later() {
        assert_eq!(age_on(d(2027, 1, 1), d(2026, 1, 1)), 0);
    }

    #[test]
    fn age_leap_day_birthday() {
        assert_eq!(age_on(d(2004, 2, 29), d(2025, 2, 28)), 20);
        assert_eq!(age_on(d(2004, 2, 29), d(2025, 3, 1)), 21);
        assert_eq!(age_on(d(2004, 2, 29), d(2028, 2, 29)), 24);
    }
}

/// Issue 10 item 7: every enum keyed by the `keyed!` macro round-trips its keys, and no two
/// values share one.
#[cfg(test)]
mod keyed_tests {
    use std::collections::HashSet;

    fn round_trips<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        key: fn(T) -> &'static str,
        from: fn(&str) -> Option<T>,
    ) {
        let mut seen = HashSet::new();
        for &v in all {
            assert_eq!(from(key(v)), Some(v), "{v:?}");
            assert!(seen.insert(key(v)), "{} twice", key(v));
        }
        assert_eq!(from("no such key"), None);
    }

    #[test]
    fn types_keyed_enums_round_trip() {
        use super::activity::{ActivityKind as A, P2k2Module as P};
        use super::component::Component as C;
        use super::graduation::{
            ExitKind as E, HouseholdStatus as H, PasTag as T, Program as G, ReferralStatus as R,
            SocialProgram as S,
        };
        use super::void::VoidReason as V;
        use crate::model::{Relation as L, Role as O};
        round_trips(&A::ALL, A::key, A::from_key);
        round_trips(&P::ALL, P::key, P::from_key);
        round_trips(&C::ALL, C::key, C::from_key);
        round_trips(&E::ALL, E::key, E::from_key);
        round_trips(&H::ALL, H::key, H::from_key);
        round_trips(&T::ALL, T::key, T::from_key);
        round_trips(&G::ALL, G::key, G::from_key);
        round_trips(&R::ALL, R::key, R::from_key);
        round_trips(&S::ALL, S::key, S::from_key);
        round_trips(&V::ALL, V::key, V::from_key);
        round_trips(&L::ALL, L::key, L::from_key);
        round_trips(&O::ALL, O::key, O::from_key);
    }
}
