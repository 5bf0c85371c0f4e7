//! The life events the calendar implies (issue 11 item 2): a child who turns 7 without a
//! school component ("entered SD?"), a pregnancy whose expected birth date has passed
//! ("record the birth?"), a pupil of the age that finishes SD, SMP or SMA at the end of
//! the school year in June ("finished SMP in June"). Each is proposed until an event of
//! its kind for the member, recorded or dismissed, is dated on or after the proposal's
//! `since`; so a dismissal is a `life_events` row too ([`super::EventStatus::Dismissed`]).

use chrono::{Datelike, NaiveDate};

use super::{LifeEventKind, Person, SCHOOL};
use crate::domain::age_on;
use crate::domain::component::Component;

/// The age a child enters SD.
pub const SD_ENTRY_AGE: u32 = 7;
/// The age, at the end of a school year, of a pupil who finishes each level (SD ~13,
/// SMP ~16, SMA ~19).
pub const FINISH_AGE: [(Component, u32); 3] = [
    (Component::Sd, 13),
    (Component::Smp, 16),
    (Component::Sma, 19),
];

/// What a proposal asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalKind {
    /// The child turned 7 on `due`: entered SD?
    EnterSd,
    /// The expected birth date `due` passed: record the birth?
    Birth,
    /// The pupil finished this level at the end of the school year (`due`, 30 June).
    Finished(Component),
}

impl ProposalKind {
    /// The event the proposal opens the form for.
    pub fn event(self) -> LifeEventKind {
        match self {
            ProposalKind::EnterSd => LifeEventKind::MasukSekolah,
            ProposalKind::Birth => LifeEventKind::Kelahiran,
            ProposalKind::Finished(Component::Sma) => LifeEventKind::KeluarSekolah,
            ProposalKind::Finished(_) => LifeEventKind::NaikJenjang,
        }
    }
}

/// One proposal: a member, what is asked, and the date it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub member: String,
    pub name: String,
    pub kind: ProposalKind,
    /// The birthday, expected birth date or end of school year it is about.
    pub due: NaiveDate,
    /// Events of the proposal's kind for the member dated from here answer it.
    pub since: NaiveDate,
}

/// An event already stored (recorded or dismissed): member, kind, date.
pub type Answered<'a> = (&'a str, LifeEventKind, NaiveDate);

/// The end of the last school year on or before `today` (30 June).
pub fn school_year_end(today: NaiveDate) -> NaiveDate {
    let this = NaiveDate::from_ymd_opt(today.year(), 6, 30).unwrap_or(today);
    if today >= this {
        this
    } else {
        NaiveDate::from_ymd_opt(today.year() - 1, 6, 30).unwrap_or(today)
    }
}

/// The proposals for one household's `people` on `today`, given the events stored for
/// them (`answered`); in the members' order.
pub fn proposals(people: &[Person], answered: &[Answered<'_>], today: NaiveDate) -> Vec<Proposal> {
    let mut out = Vec::new();
    for p in people.iter().filter(|p| !p.left) {
        if let Some(kind_due) = proposed(p, today) {
            let (kind, due, since) = kind_due;
            let done = answered
                .iter()
                .any(|&(m, k, d)| m == p.id && k == kind.event() && d >= since);
            if !done {
                out.push(Proposal {
                    member: p.id.clone(),
                    name: p.name.clone(),
                    kind,
                    due,
                    since,
                });
            }
        }
    }
    out
}

/// What the calendar implies for one member, with its due date and `since`.
fn proposed(p: &Person, today: NaiveDate) -> Option<(ProposalKind, NaiveDate, NaiveDate)> {
    if p.component == Some(Component::IbuHamil)
        && let Some(hpl) = p.pregnancy.birth
        && hpl < today
    {
        // A birth recorded sets the pregnancy's birth to the birth's date: a kelahiran
        // dated from 10 months before the expected date answers it.
        let since = hpl - chrono::Days::new(300);
        return Some((ProposalKind::Birth, hpl, since));
    }
    let birth = p.birth_date?;
    let school = p.component.filter(|c| SCHOOL.contains(c));
    match school {
        None => {
            let age = age_on(birth, today);
            // A child of 7 to 12 with no school component (anak usia dini or none).
            if (SD_ENTRY_AGE..13).contains(&age) {
                let due = birthday(birth, SD_ENTRY_AGE)?;
                return Some((ProposalKind::EnterSd, due, due - chrono::Days::new(366)));
            }
            None
        }
        Some(level) => {
            let end = school_year_end(today);
            let (_, finish) = FINISH_AGE.iter().find(|(c, _)| *c == level)?;
            if age_on(birth, end) >= *finish {
                // Answered by a moving up (or leaving) dated in that school year's second
                // half or later.
                let since = NaiveDate::from_ymd_opt(end.year(), 1, 1)?;
                return Some((ProposalKind::Finished(level), end, since));
            }
            None
        }
    }
}

/// The day `birth` turns `years` (a 29 February birthday: 1 March in common years).
fn birthday(birth: NaiveDate, years: u32) -> Option<NaiveDate> {
    let y = birth.year() + i32::try_from(years).ok()?;
    NaiveDate::from_ymd_opt(y, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
}

impl ProposalKind {
    /// A stable word for the kind (in a "Hari ini" line's detail).
    pub fn key(self) -> &'static str {
        match self {
            ProposalKind::EnterSd => "masuk_sd",
            ProposalKind::Birth => "kelahiran",
            ProposalKind::Finished(Component::Sd) => "lulus_sd",
            ProposalKind::Finished(Component::Smp) => "lulus_smp",
            ProposalKind::Finished(_) => "lulus_sma",
        }
    }

    pub fn from_key(s: &str) -> Option<ProposalKind> {
        Some(match s {
            "masuk_sd" => ProposalKind::EnterSd,
            "kelahiran" => ProposalKind::Birth,
            "lulus_sd" => ProposalKind::Finished(Component::Sd),
            "lulus_smp" => ProposalKind::Finished(Component::Smp),
            "lulus_sma" => ProposalKind::Finished(Component::Sma),
            _ => return None,
        })
    }
}

/// A proposal as a "Hari ini" line's detail: `kind|member id`.
pub fn line_detail(p: &Proposal) -> String {
    format!("{}|{}", p.kind.key(), p.member)
}

/// The kind and member id of a line's detail ([`line_detail`]).
pub fn parse_line_detail(detail: &str) -> Option<(ProposalKind, &str)> {
    let (kind, member) = detail.split_once('|')?;
    Some((ProposalKind::from_key(kind)?, member))
}
