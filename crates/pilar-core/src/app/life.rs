//! Life events from the keys (issue 11 item 2): `p` / `:peristiwa` opens the event form
//! on the selected household (its members from the loaded detail), Enter on a proposed
//! event in "Hari ini" opens it prefilled (`today::open`), and `x` / `:abaikan` there
//! dismisses the proposal (stored, so it does not come back).

use super::commands::Arg;
use super::entry::{Entry, EventTarget};
use super::{App, Effect, forms};
use crate::domain::life_event::proposal::{ProposalKind, parse_line_detail};
use crate::domain::life_event::{EventStatus, LifeEvent};
use crate::domain::today::{Reason, TodayItem};
use crate::i18n::{T, fill, tr};
use crate::model::life_event::{NewLifeEvent, people};

/// `p`: the event form for the selected household, once its detail is loaded.
pub fn record_event(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(household) = app.caseload.selected() else {
        app.info(T::MsgNoHousehold);
        return Vec::new();
    };
    let Some(detail) = app
        .household
        .detail
        .as_ref()
        .filter(|d| d.id == household.0)
    else {
        app.info(T::MsgEventNotLoaded);
        return Vec::new();
    };
    let folks = people(&detail.members, &detail.left);
    let members: Vec<(String, String)> = folks
        .iter()
        .filter(|p| !p.left)
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    if members.is_empty() {
        app.info(T::MsgEventNoMembers);
        return Vec::new();
    }
    let target = EventTarget {
        household,
        members,
        people: folks,
    };
    forms::open(app, Entry::life_event(app.lang(), target, None, None))
}

/// Enter on a proposed event in "Hari ini": the form on its kind and member. The
/// household's other members are not loaded there: the store checks the rules.
pub(super) fn confirm(app: &mut App, item: TodayItem) -> Vec<Effect> {
    let (Some(household), Some((kind, member))) =
        (item.household_id.clone(), parse_line_detail(&item.detail))
    else {
        app.info(T::MsgNotAProposal);
        return Vec::new();
    };
    let target = EventTarget {
        household: (household, item.name.clone()),
        members: item.households.clone(),
        people: Vec::new(),
    };
    let mut entry = Entry::life_event(app.lang(), target, Some(kind.event()), Some(member));
    if let ProposalKind::Finished(_) | ProposalKind::EnterSd = kind
        && let Some(due) = Some(item.date).flatten().filter(|d| *d <= app.today)
        && let Some(f) = entry.form.field_mut("date")
    {
        f.set_value(&due.format("%Y-%m-%d").to_string());
    }
    forms::open(app, entry)
}

/// `x` / `:abaikan` in "Hari ini": the proposal of the line is dismissed.
pub fn dismiss(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(item) = app
        .today_list
        .selected_item()
        .filter(|i| i.reason == Reason::LifeEvent)
        .cloned()
    else {
        app.info(T::MsgNotAProposal);
        return Vec::new();
    };
    let (Some(household), Some((kind, member))) =
        (item.household_id.clone(), parse_line_detail(&item.detail))
    else {
        app.info(T::MsgNotAProposal);
        return Vec::new();
    };
    let lang = app.lang();
    let name = item.households.first().map_or("", |m| m.1.as_str());
    let what = crate::i18n::life_event::proposal_text(lang, kind, name);
    let record = crate::app::entry::Record::LifeEvent(Box::new(NewLifeEvent {
        household_id: household,
        event: LifeEvent::new(kind.event(), app.today, Some(member.to_string())),
        status: EventStatus::Dismissed,
        note: String::new(),
        summary: String::new(),
        today: app.today,
        rules: app.settings.rules.clone(),
    }));
    let message = fill(tr(lang, T::MsgProposalDismissed), &[&what]);
    forms::save_record(app, record, message)
}
