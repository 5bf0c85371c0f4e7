//! The words of commitment verification: outcomes, reasons, the month's name.

use super::{T, tr};
use crate::domain::Lang;
use crate::domain::verification::{NotMetReason, Outcome};

pub fn outcome_label(lang: Lang, o: Outcome) -> &'static str {
    tr(
        lang,
        match o {
            Outcome::Met => T::OutcomeMet,
            Outcome::NotMet => T::OutcomeNotMet,
            Outcome::NotApplicable => T::OutcomeNotApplicable,
        },
    )
}

pub fn reason_label(lang: Lang, r: NotMetReason) -> &'static str {
    tr(
        lang,
        match r {
            NotMetReason::Absent => T::ReasonAbsent,
            NotMetReason::NoCheck => T::ReasonNoCheck,
            NotMetReason::Ill => T::ReasonIll,
            NotMetReason::Away => T::ReasonAway,
            NotMetReason::Other => T::ReasonOther,
        },
    )
}

/// A month's full name (`November`), for the verification screen's month.
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    crate::domain::format::month_name(lang, month)
}

/// One outcome as one character in the detail's row of months: `v` met, `x` not met,
/// `-` not applicable (ASCII, so every terminal shows it).
pub fn outcome_mark(o: Outcome) -> char {
    match o {
        Outcome::Met => 'v',
        Outcome::NotMet => 'x',
        Outcome::NotApplicable => '-',
    }
}
