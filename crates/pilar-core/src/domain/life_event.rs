//! Life events (issue 11 item 2, domain.md "The monthly cycle", pemutakhiran): pregnancy,
//! birth, death, school entry, moving up, leaving school, moving away and a change of
//! pengurus. Each is checked here ([`plan`]: what is refused, named by [`Refusal`]) and
//! turned into the field changes it makes ([`Change`]), which the store applies in one
//! transaction with their history. The proposals the calendar implies are in
//! [`proposal`]. Pure: `today` comes from the shell.

pub mod proposal;
pub mod shown;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use super::component::{
    self, Component, ComponentPerson, ComponentRules, ComponentViolation, Ineligible,
};
use super::pregnancy::{MAX_COVERED_PREGNANCY, Pregnancy};
use super::{Sex, age_on};
use crate::model::Relation;

/// What happened in the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LifeEventKind {
    Kehamilan,
    Kelahiran,
    Kematian,
    MasukSekolah,
    NaikJenjang,
    KeluarSekolah,
    Pindah,
    GantiPengurus,
}

keyed!(LifeEventKind; 8;
    Kehamilan => "kehamilan",
    Kelahiran => "kelahiran",
    Kematian => "kematian",
    MasukSekolah => "masuk_sekolah",
    NaikJenjang => "naik_jenjang",
    KeluarSekolah => "keluar_sekolah",
    Pindah => "pindah",
    GantiPengurus => "ganti_pengurus",
);

/// Whether a `life_events` row is an event that happened or a proposal dismissed (kept so
/// the proposal does not come back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Recorded,
    Dismissed,
}

keyed!(EventStatus; 2;
    Recorded => "dicatat",
    Dismissed => "diabaikan",
);

/// Why a member is no longer counted (`members.left_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftReason {
    Meninggal,
    Pindah,
}

keyed!(LeftReason; 2;
    Meninggal => "meninggal",
    Pindah => "pindah",
);

/// The school components in order: SD -> SMP -> SMA.
pub const SCHOOL: [Component; 3] = [Component::Sd, Component::Smp, Component::Sma];

/// The level after `c` (None after SMA or for a component that is no school).
pub fn next_level(c: Component) -> Option<Component> {
    let i = SCHOOL.iter().position(|&s| s == c)?;
    SCHOOL.get(i + 1).copied()
}

/// A member as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub nik: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub relation: Relation,
    pub component: Option<Component>,
    pub pregnancy: Pregnancy,
    /// The member left the household (death or moving away): no longer counted.
    pub left: bool,
}

impl Person {
    fn component_person(&self) -> ComponentPerson {
        ComponentPerson {
            birth_date: self.birth_date,
            sex: self.sex,
            component: if self.left { None } else { self.component },
            pregnancy: self.pregnancy,
        }
    }
}

/// The child a birth adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChild {
    pub name: String,
    /// The child's NIK (checked by the form: `domain::nik`).
    pub nik: String,
    pub sex: Sex,
    pub relation: Relation,
}

/// An event as entered: its kind, date, member (none only for a household's event) and
/// the details its kind needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifeEvent {
    pub kind: LifeEventKind,
    pub date: NaiveDate,
    pub member: Option<String>,
    /// A pregnancy's order (1 for the first).
    pub pregnancy_order: Option<u8>,
    /// A pregnancy's expected birth date (HPL).
    pub expected_birth: Option<NaiveDate>,
    /// A pregnancy asks for `ibu_hamil` (a third or later cannot).
    pub claims_component: bool,
    /// A school entry's level (SD when none).
    pub school_level: Option<Component>,
    /// A birth's child.
    pub child: Option<NewChild>,
}

impl LifeEvent {
    /// An event of `kind` on `date` for `member`, no details.
    pub fn new(kind: LifeEventKind, date: NaiveDate, member: Option<String>) -> LifeEvent {
        LifeEvent {
            kind,
            date,
            member,
            pregnancy_order: None,
            expected_birth: None,
            claims_component: true,
            school_level: None,
            child: None,
        }
    }
}

/// Why an event is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The date is after today.
    InFuture,
    /// The kind is about a member and none was named (or it is not in the household).
    NoMember,
    /// The event is before the member's birth date.
    BeforeBirth { birth: NaiveDate },
    /// The member has left the household.
    MemberLeft,
    /// A pregnancy or a birth for a member who is not a woman.
    NotFemale,
    /// A pregnancy without its order or expected birth date.
    PregnancyDetails,
    /// A third or later pregnancy asking for `ibu_hamil`.
    ThirdPregnancy { order: u8 },
    /// A birth whose mother has no pregnancy recorded.
    NoPregnancy,
    /// A birth without the child's name.
    NoChildName,
    /// A school entry for a member already in school.
    AlreadyInSchool,
    /// Moving up or leaving school for a member not in school.
    NotInSchool,
    /// Moving up from SMA.
    PastSma,
    /// The new pengurus is the pengurus already (the store knows: the household's copy).
    AlreadyPengurus,
    /// The member is not eligible for the component the event gives.
    Ineligible(Ineligible),
    /// The event would break the household's component rules (caps).
    Components(ComponentViolation),
}

/// One change an event makes, applied by the store with a history entry per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The member's component (None: ends).
    Component {
        member: String,
        to: Option<Component>,
    },
    /// The member's pregnancy fields.
    Pregnancy { member: String, to: Pregnancy },
    /// The member leaves the household on a date.
    Leaves {
        member: String,
        on: NaiveDate,
        reason: LeftReason,
    },
    /// A new member: the child of a birth, with its component.
    AddChild {
        child: NewChild,
        birth: NaiveDate,
        component: Option<Component>,
    },
    /// The member's relation to the head.
    Relation { member: String, to: Relation },
    /// The household's pengurus copies become this member's name and NIK.
    Pengurus { member: String },
}

/// The changes `e` makes to a household of `people` (the members, those who left
/// included), or why it is refused. `today` bounds the date.
pub fn plan(
    e: &LifeEvent,
    people: &[Person],
    today: NaiveDate,
    rules: &ComponentRules,
) -> Result<Vec<Change>, Refusal> {
    if e.date > today {
        return Err(Refusal::InFuture);
    }
    let p = people
        .iter()
        .find(|p| Some(&p.id) == e.member.as_ref())
        .ok_or(Refusal::NoMember)?;
    if p.left {
        return Err(Refusal::MemberLeft);
    }
    if let Some(birth) = p.birth_date
        && e.date < birth
    {
        return Err(Refusal::BeforeBirth { birth });
    }
    let id = p.id.clone();
    let changes = match e.kind {
        LifeEventKind::Kehamilan => pregnancy(e, p)?,
        LifeEventKind::Kelahiran => birth(e, p, people, rules)?,
        LifeEventKind::Kematian | LifeEventKind::Pindah => {
            let reason = if e.kind == LifeEventKind::Kematian {
                LeftReason::Meninggal
            } else {
                LeftReason::Pindah
            };
            let mut out = vec![Change::Leaves {
                member: id.clone(),
                on: e.date,
                reason,
            }];
            if p.component.is_some() {
                out.push(Change::Component {
                    member: id,
                    to: None,
                });
            }
            out
        }
        LifeEventKind::MasukSekolah => {
            if p.component.is_some_and(|c| SCHOOL.contains(&c)) {
                return Err(Refusal::AlreadyInSchool);
            }
            let level = e.school_level.unwrap_or(Component::Sd);
            vec![Change::Component {
                member: id,
                to: Some(level),
            }]
        }
        LifeEventKind::NaikJenjang => {
            let now = p
                .component
                .filter(|c| SCHOOL.contains(c))
                .ok_or(Refusal::NotInSchool)?;
            let next = next_level(now).ok_or(Refusal::PastSma)?;
            vec![Change::Component {
                member: id,
                to: Some(next),
            }]
        }
        LifeEventKind::KeluarSekolah => {
            if !p.component.is_some_and(|c| SCHOOL.contains(&c)) {
                return Err(Refusal::NotInSchool);
            }
            vec![Change::Component {
                member: id,
                to: None,
            }]
        }
        LifeEventKind::GantiPengurus => pengurus(p, people),
    };
    check_components(&changes, people, e.date, rules)?;
    Ok(changes)
}

fn pregnancy(e: &LifeEvent, p: &Person) -> Result<Vec<Change>, Refusal> {
    if p.sex != Sex::Female {
        return Err(Refusal::NotFemale);
    }
    let (Some(order), Some(hpl)) = (e.pregnancy_order, e.expected_birth) else {
        return Err(Refusal::PregnancyDetails);
    };
    if order == 0 {
        return Err(Refusal::PregnancyDetails);
    }
    if e.claims_component && order > MAX_COVERED_PREGNANCY {
        return Err(Refusal::ThirdPregnancy { order });
    }
    let mut out = vec![Change::Pregnancy {
        member: p.id.clone(),
        to: Pregnancy {
            order: Some(order),
            birth: Some(hpl),
        },
    }];
    if e.claims_component && p.component != Some(Component::IbuHamil) {
        out.push(Change::Component {
            member: p.id.clone(),
            to: Some(Component::IbuHamil),
        });
    }
    Ok(out)
}

/// A birth: the mother is the event's member, a woman with a pregnancy recorded (an order,
/// or `ibu_hamil`); her pregnancy's birth date becomes the event's date (so `ibu_hamil`
/// ends 42 days later), and the child joins with `anak_usia_dini` when the caps allow.
fn birth(
    e: &LifeEvent,
    mother: &Person,
    people: &[Person],
    rules: &ComponentRules,
) -> Result<Vec<Change>, Refusal> {
    if mother.sex != Sex::Female {
        return Err(Refusal::NotFemale);
    }
    if mother.pregnancy.order.is_none() && mother.component != Some(Component::IbuHamil) {
        return Err(Refusal::NoPregnancy);
    }
    let child = e.child.clone().ok_or(Refusal::NoChildName)?;
    if child.name.trim().is_empty() {
        return Err(Refusal::NoChildName);
    }
    let mut out = vec![Change::Pregnancy {
        member: mother.id.clone(),
        to: Pregnancy {
            order: mother.pregnancy.order,
            birth: Some(e.date),
        },
    }];
    // The child's component when the household's rules allow one more.
    let mut after: Vec<ComponentPerson> = people.iter().map(Person::component_person).collect();
    after.push(ComponentPerson {
        birth_date: Some(e.date),
        sex: child.sex,
        component: Some(Component::AnakUsiaDini),
        pregnancy: Pregnancy::default(),
    });
    let fits = component::check_household(&after, e.date, rules).is_empty();
    out.push(Change::AddChild {
        child,
        birth: e.date,
        component: fits.then_some(Component::AnakUsiaDini),
    });
    Ok(out)
}

/// A new pengurus becomes the head of the family's record (the first member, whose name
/// and NIK the household carries); the former head, if any, takes the new one's place:
/// `suami`/`istri` when the two were married, `famili_lain` otherwise.
fn pengurus(p: &Person, people: &[Person]) -> Vec<Change> {
    let mut out: Vec<Change> = people
        .iter()
        .filter(|h| h.relation == Relation::KepalaKeluarga && h.id != p.id && !h.left)
        .map(|head| Change::Relation {
            member: head.id.clone(),
            to: match (p.relation, head.sex) {
                (Relation::Istri, Sex::Male) => Relation::Suami,
                (Relation::Suami, Sex::Female) => Relation::Istri,
                _ => Relation::FamiliLain,
            },
        })
        .collect();
    if p.relation != Relation::KepalaKeluarga {
        out.push(Change::Relation {
            member: p.id.clone(),
            to: Relation::KepalaKeluarga,
        });
    }
    out.push(Change::Pengurus {
        member: p.id.clone(),
    });
    out
}

/// Refuses changes whose components the member is not eligible for on the event's date,
/// or that break the household's caps where they held before.
fn check_components(
    changes: &[Change],
    people: &[Person],
    on: NaiveDate,
    rules: &ComponentRules,
) -> Result<(), Refusal> {
    let mut after: Vec<Person> = people.to_vec();
    let mut touched = false;
    for c in changes {
        match c {
            Change::Component { member, to } => {
                if let Some(p) = after.iter_mut().find(|p| &p.id == member) {
                    p.component = *to;
                    touched |= to.is_some();
                }
            }
            Change::Pregnancy { member, to } => {
                if let Some(p) = after.iter_mut().find(|p| &p.id == member) {
                    p.pregnancy = *to;
                }
            }
            _ => {}
        }
    }
    if !touched {
        return Ok(());
    }
    for c in changes {
        if let Change::Component {
            member,
            to: Some(to),
        } = c
            && let Some(p) = after.iter().find(|p| &p.id == member)
        {
            component::check_person(&p.component_person(), *to, on, rules)
                .map_err(Refusal::Ineligible)?;
        }
    }
    let before: Vec<ComponentPerson> = people.iter().map(Person::component_person).collect();
    let now: Vec<ComponentPerson> = after.iter().map(Person::component_person).collect();
    let old = component::check_household(&before, on, rules);
    match component::check_household(&now, on, rules)
        .into_iter()
        .find(|v| !matches!(v, ComponentViolation::NotEligible { .. }) && !old.contains(v))
    {
        Some(v) => Err(Refusal::Components(v)),
        None => Ok(()),
    }
}

/// The age a member has on `on` (0 without a birth date).
pub fn age(p: &Person, on: NaiveDate) -> u32 {
    p.birth_date.map_or(0, |b| age_on(b, on))
}
