//! The agenda slice (screen 2): open follow-ups due up to a few days ahead, as a paged
//! window (`App::agenda`). `d` marks one done; Enter goes to its household.

use chrono::NaiveDate;

use super::commands::Arg;
use super::{AfterLocate, App, Effect, Screen, Source, Total, caseload, page_of};
use crate::i18n::{T, tr};
use crate::model::AgendaRow;

/// The last day the agenda shows.
pub fn until(app: &App) -> NaiveDate {
    app.today + chrono::Duration::days(i64::from(app.settings.agenda_days))
}

/// The page of the agenda that is missing (with `count`: a fresh one, counted).
pub(super) fn fetch(app: &App, count: bool) -> Vec<Effect> {
    page_of(&app.agenda, count, || Source::Agenda {
        scope: app.scope.clone(),
        until: until(app),
    })
}

pub(super) fn page(
    app: &mut App,
    total: Option<Total>,
    offset: u64,
    limit: u64,
    rows: Vec<AgendaRow>,
) -> Vec<Effect> {
    app.agenda.load(total.map(|t| t.count), offset, limit, rows);
    fetch(app, false)
}

pub(super) fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    app.agenda.step(delta);
    fetch(app, false)
}

/// `2`: the agenda screen, loaded afresh.
pub fn show(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.screen = Screen::Agenda;
    app.agenda.rows.clear();
    let mut fx = fetch(app, true);
    fx.push(super::verify::fetch_failing(app));
    fx
}

/// `d`: the selected follow-up is done.
pub fn mark_done(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let Some(row) = app.agenda.selected_row() else {
        return Vec::new();
    };
    // `d` asks for a short outcome note on the command line, `:selesai ` already typed:
    // Enter alone keeps the default line, Esc cancels.
    if arg.key.is_some() {
        let names = crate::keymap::binding(crate::keymap::Command::MarkDone).names;
        let name = match app.lang() {
            crate::domain::Lang::Id => names[0],
            crate::domain::Lang::En => names[names.len() - 1],
        };
        app.overlay = super::Overlay::CommandLine(tui_input::Input::new(format!("{name} ")));
        return Vec::new();
    }
    let lang = app.lang();
    // The note is a template whose `{}` the store fills with the follow-up's summary.
    let outcome = arg.text.trim().replace("{}", "{ }");
    let note = if outcome.is_empty() {
        tr(lang, T::NoteFollowUpDone).to_string()
    } else {
        // The last `{}` is the outcome; the first stays for the summary.
        let t = tr(lang, T::NoteFollowUpDoneWith);
        let at = t.rfind("{}").unwrap_or(t.len());
        format!("{}{outcome}{}", &t[..at], t.get(at + 2..).unwrap_or(""))
    };
    vec![Effect::MarkDone {
        author: app.user.id.clone(),
        activity_id: row.activity_id.clone(),
        today: app.today,
        note,
    }]
}

/// Enter: the follow-up's household in the list (in any status).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let Some(row) = app.agenda.selected_row() else {
        return Vec::new();
    };
    let Some(id) = row.household_id.clone() else {
        app.info(T::MsgGroupActivity);
        return Vec::new();
    };
    app.screen = Screen::Dashboard;
    vec![caseload::locate(app, id, AfterLocate::RetryAllStatuses)]
}

/// Enter on the offer after a visit: the household's open follow-up is marked done with
/// the default line (Esc keeps it open).
pub(super) fn close_offered(app: &mut App) -> Vec<Effect> {
    let super::Overlay::CloseFollowUp(row) =
        std::mem::replace(&mut app.overlay, super::Overlay::None)
    else {
        return Vec::new();
    };
    vec![Effect::MarkDone {
        author: app.user.id.clone(),
        activity_id: row.activity_id.clone(),
        today: app.today,
        note: tr(app.lang(), T::NoteFollowUpDone).to_string(),
    }]
}
