//! The "Hari ini" slice (screen 4, `:hari-ini` / `:today`): today's work in order of
//! urgency, each line with its reason (`domain::today`). Enter acts on the line: the visit
//! form for a follow-up or a family not visited, the group's session form for a P2K2
//! group, the verification screen filtered to the household or group for this month's
//! verifications not done, the household for the rest. At start, when the setting says so and the gauge
//! counts an overdue follow-up, the list opens.

use super::commands::Arg;
use super::entry::Entry;
use super::window::apply_delta;
use super::{AfterLocate, App, Effect, Pane, Screen, caseload, forms, layout};
use crate::domain::today::{self, TodayItem};
use crate::i18n::T;
use crate::model::Role;

/// The screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodayView {
    /// The lines, in order ([`today::order`]).
    pub items: Vec<TodayItem>,
    pub loaded: bool,
    pub selected: usize,
    pub offset: usize,
    /// Just started: show the screen when the gauge counts something overdue.
    pub at_start: bool,
}

impl TodayView {
    pub fn selected_item(&self) -> Option<&TodayItem> {
        self.items.get(self.selected)
    }

    fn move_to(&mut self, index: usize, height: usize) {
        self.selected = index.min(self.items.len().saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }
}

/// Rows of the list that fit on the screen.
fn height(app: &App) -> usize {
    layout::layout(app.size.0, app.size.1).map_or(1, |l| l.agenda_rows() as usize)
}

pub(super) fn fetch(app: &App) -> Effect {
    Effect::FetchToday {
        scope: app.scope.clone(),
        today: app.today,
        rules: app.settings.rules.clone(),
        readiness: app.settings.readiness,
        failing: app.settings.failing.0,
    }
}

/// At start: the gauge's answer decides (it counts the overdue follow-ups anyway), so a
/// start with nothing overdue reads nothing more.
pub(super) fn at_start(app: &mut App) {
    app.today_list.at_start = app.settings.today_at_start;
}

/// The gauge loaded: the first time after start, with something overdue, the list opens
/// (unless something else was opened meanwhile). Over more households than the gauge
/// forecasts (a supervisor's widest scope on a very large file) it waits for `4`: reading
/// it would hold up the first frame.
pub(super) fn gauge_loaded(app: &mut App) -> Vec<Effect> {
    if !std::mem::take(&mut app.today_list.at_start) {
        return Vec::new();
    }
    let small = !matches!(app.scope, crate::model::Scope::All)
        || app.gauge.forecast_reach == crate::model::ForecastReach::Scored;
    if app.gauge.overdue == 0
        || !small
        || app.screen != Screen::Dashboard
        || !matches!(app.overlay, super::Overlay::None)
    {
        return Vec::new();
    }
    app.screen = Screen::Today;
    vec![fetch(app)]
}

/// `4`, `:hari-ini`, `:today`: the screen, loaded afresh.
pub fn show(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.screen = Screen::Today;
    app.today_list.at_start = false;
    vec![fetch(app)]
}

pub(super) fn loaded(app: &mut App, mut items: Vec<TodayItem>) -> Vec<Effect> {
    today::order(&mut items);
    today::fold_not_visited(&mut items, today::NOT_VISITED_SHOWN);
    // The same line stays selected when it is still there.
    let keep = app
        .today_list
        .selected_item()
        .map(|i| (i.reason, i.household_id.clone(), i.name.clone()));
    app.today_list.items = items;
    app.today_list.loaded = true;
    let index = keep
        .and_then(|(r, h, n)| {
            app.today_list
                .items
                .iter()
                .position(|i| i.reason == r && i.household_id == h && i.name == n)
        })
        .unwrap_or(app.today_list.selected);
    let height = height(app);
    app.today_list.move_to(index, height);
    Vec::new()
}

pub(super) fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    let height = height(app);
    let last = app.today_list.items.len().saturating_sub(1) as u64;
    let to = apply_delta(app.today_list.selected as u64, delta, last);
    app.today_list.move_to(to as usize, height);
    Vec::new()
}

pub(super) fn page_size(app: &App) -> u64 {
    height(app).max(1) as u64
}

/// Enter: what the line's reason asks for.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let Some(item) = app.today_list.selected_item().cloned() else {
        return Vec::new();
    };
    let supervisor = app.user.role == Role::Supervisor;
    let writable = !app.read_only && !supervisor;
    match (item.action(), item.household_id.clone()) {
        (today::Action::Visit, Some(id)) if writable => {
            forms::open(app, Entry::activity(app.lang(), vec![(id, item.name)]))
        }
        (today::Action::GroupSession, _) if writable && !item.households.is_empty() => {
            // The group's name and place as its sessions were recorded, and its next session.
            let mut entry = Entry::activity(app.lang(), item.households);
            let module = item.module.map(|m| m.key().to_string()).unwrap_or_default();
            let session = item.number.to_string();
            for (key, value) in [
                ("group", &item.name),
                ("place", &item.village),
                ("module", &module),
                ("session", &session),
            ] {
                if let Some(f) = entry.form.field_mut(key).filter(|_| !value.is_empty()) {
                    f.set_value(value);
                }
            }
            forms::open(app, entry)
        }
        (today::Action::Verify, _) => {
            // The line's month (this month's or the month before's), the list's filter
            // narrowed to the household or the group.
            app.screen = Screen::Verify;
            app.verify.month = item
                .date
                .map(crate::domain::verification::Month::of)
                .filter(|m| *m != crate::domain::verification::Month::of(app.today));
            app.verify.marked.clear();
            app.verify.all = false;
            app.verify.window.rows.clear();
            let fx = caseload::set_filter(app, &item.detail);
            if fx.is_empty() {
                super::verify::reload(app)
            } else {
                fx
            }
        }
        (today::Action::LifeEvent, Some(_)) if writable => super::life::confirm(app, item),
        (today::Action::ListFilter, _) => {
            // Every family not visited, in the list (the default list is the active ones).
            app.screen = Screen::Dashboard;
            app.focus = Pane::List;
            let exited = std::mem::replace(&mut app.caseload.include_exited, false);
            let filter = crate::i18n::today::not_visited_filter(app.lang());
            match caseload::set_filter(app, &filter) {
                fx if fx.is_empty() && exited => caseload::reload(app),
                fx => fx,
            }
        }
        (_, Some(id)) => {
            app.screen = Screen::Dashboard;
            app.focus = Pane::List;
            vec![caseload::locate(app, id, AfterLocate::RetryAllStatuses)]
        }
        (today::Action::GroupSession, None) => {
            // A group's line where no form may open (read-only, a supervisor).
            app.info(if app.read_only {
                T::MsgReadOnly
            } else {
                T::MsgTodayGroupNoForm
            });
            Vec::new()
        }
        (_, None) => {
            // A group activity's follow-up: no one household to open.
            app.info(T::MsgGroupActivity);
            Vec::new()
        }
    }
}
