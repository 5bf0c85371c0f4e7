//! The household sheet's sections of the facilitator's month (issue 11 item 9): the
//! commitments of the last [`COMMITMENT_MONTHS`] months per member and the payments per
//! tahap. Pure, like the other sections: they read what [`HouseholdSheet`] is given.

use crate::domain::Lang;
use crate::domain::format::month_short;
use crate::domain::payment::{PaymentStatus, due_count};
use crate::domain::verification::Month;
use crate::i18n::component_label;
use crate::i18n::payment::outcome_label as payment_outcome;
use crate::i18n::print::{Word, word};
use crate::i18n::verification::outcome_mark;

use super::{Body, HouseholdSheet, Section, s};

/// How many months of commitments the sheet shows, this month the last.
pub const COMMITMENT_MONTHS: i32 = 6;

/// How many years of payments the sheet shows, this year the last.
pub const PAYMENT_YEARS: i32 = 2;

/// One row per member with a component, one column per month (`v` met, `x` not met, `-`
/// not applicable, empty when not recorded); the legend is in the title.
pub fn commitments(h: &HouseholdSheet, lang: Lang) -> Section {
    let last = Month::of(h.today);
    let months: Vec<Month> = (0..COMMITMENT_MONTHS)
        .rev()
        .map(|back| last.plus(-back))
        .collect();
    let rows = h
        .commitments
        .iter()
        .map(|m| {
            let mut row = vec![s(&m.name), component_label(lang, m.component).to_string()];
            row.extend(months.iter().map(|month| {
                m.months
                    .iter()
                    .find(|(at, _)| at == month)
                    .map(|(_, o)| outcome_mark(*o).to_string())
                    .unwrap_or_default()
            }));
            row
        })
        .collect();
    let mut header = vec![
        word(lang, Word::Name).to_string(),
        word(lang, Word::Component).to_string(),
    ];
    header.extend(
        months
            .iter()
            .map(|m| format!("{} {:02}", month_short(lang, m.month()), m.year() % 100)),
    );
    Section {
        title: format!(
            "{} ({})",
            word(lang, Word::Commitments),
            word(lang, Word::CommitmentsLegend)
        ),
        body: Body::Table { header, rows },
    }
}

/// One row per year (the last [`PAYMENT_YEARS`], and any earlier year recorded), one
/// column per tahap: its outcome, `?` when due and not recorded, empty when not started.
pub fn payments(h: &HouseholdSheet, lang: Lang) -> Section {
    let this = chrono::Datelike::year(&h.today);
    let mut years: Vec<i32> = h.payments.iter().map(|p| p.year).collect();
    years.extend(this - PAYMENT_YEARS + 1..=this);
    years.sort_unstable();
    years.dedup();
    years.retain(|y| *y <= this);
    let rows = years
        .iter()
        .rev()
        .map(|&year| {
            let due = due_count(year, h.today);
            let mut row = vec![year.to_string()];
            row.extend((1..=4u8).map(|t| {
                match h.payments.iter().find(|p| p.year == year && p.tahap == t) {
                    Some(p) if p.outcome.status == PaymentStatus::NotReceived => {
                        s(&payment_outcome(lang, &p.outcome))
                    }
                    Some(p) => payment_outcome(lang, &p.outcome),
                    None if t <= due => "?".to_string(),
                    None => String::new(),
                }
            }));
            row
        })
        .collect();
    let mut header = vec![word(lang, Word::Year).to_string()];
    header.extend((1..=4).map(|t| format!("Tahap {t}")));
    Section {
        title: word(lang, Word::Payments).into(),
        body: Body::Table { header, rows },
    }
}
