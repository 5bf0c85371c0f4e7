//! The life-event form (issue 11 item 2): the kind, the member, the date, and the details
//! each kind needs (a pregnancy's number, expected birth date and whether it asks for
//! `ibu_hamil`; a school entry's level; a birth's child). Its refusals are the rules'
//! (`domain::life_event::plan`), named on the field they are about; the store checks
//! them again when it saves.

use chrono::NaiveDate;

use super::super::form::{Field, Form};
use super::{Entry, Purpose, Record, options};
use crate::domain::component::{Component, ComponentRules};
use crate::domain::life_event::{
    EventStatus, LifeEvent, LifeEventKind, NewChild, Person, Refusal, SCHOOL, plan,
};
use crate::domain::nik::parse_nik;
use crate::domain::{Lang, Sex};
use crate::i18n::{self, T, fill, tr};
use crate::model::Relation;
use crate::model::life_event::NewLifeEvent;

/// What the form is for: the household, its members to choose from, and the members as
/// the rules see them (empty when the form opened from "Hari ini" without the household's
/// detail: the store checks alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTarget {
    pub household: (String, String),
    pub members: Vec<(String, String)>,
    pub people: Vec<Person>,
}

impl Entry {
    /// The form for `target`, on `kind` and `member` when given (a proposal confirmed);
    /// else the kind is a pregnancy and the member the one expecting, if any, else the
    /// first.
    pub fn life_event(
        lang: Lang,
        target: EventTarget,
        kind: Option<LifeEventKind>,
        member: Option<&str>,
    ) -> Entry {
        let title = fill(tr(lang, T::FormEventTitle), &[&target.household.1]);
        let expecting = target
            .people
            .iter()
            .find(|p| !p.left && p.component == Some(Component::IbuHamil))
            .map(|p| p.id.clone());
        let member = member
            .map(str::to_string)
            .or(expecting)
            .or_else(|| target.members.first().map(|m| m.0.clone()))
            .unwrap_or_default();
        let kinds = options(&LifeEventKind::ALL, LifeEventKind::key, |k| {
            i18n::life_event::kind_label(lang, k).to_string()
        });
        let levels = options(&SCHOOL, Component::key, |c| {
            i18n::component_short(lang, c).to_string()
        });
        let sexes = vec![
            ("L".to_string(), tr(lang, T::SexMale).to_string()),
            ("P".to_string(), tr(lang, T::SexFemale).to_string()),
        ];
        let fields = vec![
            Field::choice(
                "kind",
                tr(lang, T::FieldEventKind),
                kinds,
                kind.unwrap_or(LifeEventKind::Kehamilan).key(),
            ),
            Field::choice(
                "member",
                tr(lang, T::FieldEventMember),
                target.members.clone(),
                &member,
            ),
            Field::date("date", tr(lang, T::FieldDate), "t", false),
            Field::text("child_name", tr(lang, T::FieldChildName), ""),
            Field::text("child_nik", tr(lang, T::FieldChildNik), ""),
            Field::choice("child_sex", tr(lang, T::FieldChildSex), sexes, "L"),
            Field::text("order", tr(lang, T::FieldPregnancyNumber), ""),
            Field::date("hpl", tr(lang, T::LabelExpectedBirth), "", true),
            Field::check("ibu_hamil", tr(lang, T::FieldClaimIbuHamil), true),
            Field::choice("level", tr(lang, T::FieldSchoolLevel), levels, "sd"),
            Field::text("note", tr(lang, T::FieldNotes), ""),
        ];
        Entry {
            form: Form::new(title, fields),
            purpose: Purpose::LifeEvent(Box::new(target)),
            duplicate_of: None,
            warned: false,
            refusal: None,
        }
    }

    /// Checks the life-event form: the event to save, or errors on its fields.
    pub(super) fn validate_life_event(
        &mut self,
        lang: Lang,
        today: NaiveDate,
        rules: &ComponentRules,
    ) -> Option<Record> {
        let Purpose::LifeEvent(target) = &self.purpose else {
            return None;
        };
        let form = &mut self.form;
        let kind = LifeEventKind::from_key(&form.value("kind"))?;
        let date = match form.field("date").and_then(|f| f.date_value(today)) {
            Some(Ok(d)) => d,
            Some(Err(e)) => {
                form.set_error("date", i18n::date_error(lang, &e));
                return None;
            }
            None => today,
        };
        let member = Some(form.value("member")).filter(|m| !m.is_empty());
        let mut event = LifeEvent::new(kind, date, member);
        match kind {
            LifeEventKind::Kehamilan => {
                let order = form.value("order").trim().parse::<u8>().ok();
                event.pregnancy_order = order.filter(|&o| o > 0);
                if event.pregnancy_order.is_none() {
                    form.set_error("order", tr(lang, T::FormRequired));
                }
                match form.field("hpl").and_then(|f| f.date_value(today)) {
                    Some(Ok(d)) => event.expected_birth = Some(d),
                    Some(Err(e)) => form.set_error("hpl", i18n::date_error(lang, &e)),
                    None => form.set_error("hpl", tr(lang, T::FormRequired)),
                }
                event.claims_component = form.checked("ibu_hamil");
            }
            LifeEventKind::Kelahiran => {
                let name = form.value("child_name").trim().to_string();
                if name.is_empty() {
                    form.set_error("child_name", tr(lang, T::FormRequired));
                }
                let nik = form.value("child_nik").trim().to_string();
                match parse_nik(&nik, today) {
                    Ok(_) => {}
                    Err(e) => form.set_error("child_nik", i18n::nik_error(lang, &e)),
                }
                let sex = Sex::from_key(&form.value("child_sex")).unwrap_or(Sex::Male);
                event.child = Some(NewChild {
                    name,
                    nik,
                    sex,
                    relation: Relation::Anak,
                });
            }
            LifeEventKind::MasukSekolah => {
                event.school_level = Component::from_key(&form.value("level"));
            }
            _ => {}
        }
        if form.has_errors() {
            return None;
        }
        // The rules, on the household as loaded; the store checks again as stored.
        if !target.people.is_empty()
            && let Err(why) = plan(&event, &target.people, today, rules)
        {
            let field = match why {
                Refusal::InFuture | Refusal::BeforeBirth { .. } => "date",
                Refusal::ThirdPregnancy { .. } => "ibu_hamil",
                Refusal::PregnancyDetails => "order",
                Refusal::NoChildName => "child_name",
                _ => "member",
            };
            form.set_error(field, i18n::life_event::refusal(lang, &why));
            return None;
        }
        let who = target
            .members
            .iter()
            .find(|(id, _)| Some(id) == event.member.as_ref())
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        let what = i18n::life_event::kind_label(lang, kind);
        let summary = fill(tr(lang, T::LogEventSummary), &[&format!("{what}, {who}")]);
        Some(Record::LifeEvent(Box::new(NewLifeEvent {
            household_id: target.household.0.clone(),
            event,
            status: EventStatus::Recorded,
            note: form.value("note").trim().to_string(),
            summary,
            today,
            rules: rules.clone(),
        })))
    }
}
