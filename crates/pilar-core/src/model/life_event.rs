//! What a life event saves (issue 11 item 2) and what the detail shows of members who
//! left.

use chrono::NaiveDate;

use crate::domain::life_event::{EventStatus, LeftReason, LifeEvent, Person};
use crate::model::Member;

/// A life event to save: the event (or a proposal dismissed), its note, and the activity
/// log's line in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLifeEvent {
    pub household_id: String,
    pub event: LifeEvent,
    pub status: EventStatus,
    pub note: String,
    /// The activity log's `pemutakhiran` line naming the event ("Pemutakhiran data:
    /// kelahiran, Dewi"); none for a dismissal.
    pub summary: String,
    /// The day it is recorded on (the event's date may not be later).
    pub today: NaiveDate,
    /// The component rules of the settings (caps, ages).
    pub rules: crate::domain::component::ComponentRules,
}

/// A member who left the household: when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departure {
    pub member_id: String,
    pub on: NaiveDate,
    pub reason: LeftReason,
}

/// The members as the life-event rules see them, those who left marked.
pub fn people(members: &[Member], left: &[Departure]) -> Vec<Person> {
    members
        .iter()
        .map(|m| Person {
            id: m.id.clone(),
            name: m.name.clone(),
            nik: m.nik.clone(),
            sex: m.sex,
            birth_date: m.birth_date,
            relation: m.relation,
            component: m.component,
            pregnancy: m.pregnancy,
            left: left.iter().any(|d| d.member_id == m.id),
        })
        .collect()
}
