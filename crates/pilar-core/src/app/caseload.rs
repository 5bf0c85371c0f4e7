//! The caseload list slice: the scope's households as a paged [`Window`], the search box
//! and the filter it parses to, the sort, "all statuses", saved views, and the households
//! marked for a group activity. It asks for pages and positions through
//! [`Effect::Page`]/[`Effect::Locate`] and takes their results; moving the selection hands
//! on to the `household` slice, which follows it.

use tui_input::{Input, InputRequest};

use super::commands::Arg;
use super::window::Window;
use super::{
    AfterLocate, App, Effect, Overlay, Pane, Screen, Source, Total, entry, household, page_of,
};
use crate::filter::Query;
use crate::i18n::{T, fill, sort_column_label, tr};
use crate::keymap::{Command, Key};
use crate::model::{HouseholdRow, ListQuery, SavedView, Scope, Sort};

/// The caseload list's state.
#[derive(Debug, Clone, Default)]
pub struct Caseload {
    pub list: Window<HouseholdRow>,
    /// The list's total is a lower bound: counting stopped at the store's cap.
    pub capped: bool,
    /// The search text as typed (kept after Enter), and what it parses to.
    pub filter_text: String,
    pub filter: Query,
    pub sort: Sort,
    /// Also list graduated and exited households (`x`).
    pub include_exited: bool,
    /// Households marked (Space) for a group activity: (id, name).
    pub marked: Vec<(String, String)>,
    /// The saved view asked for by name, to name it in the answer.
    asked_view: Option<String>,
}

impl Caseload {
    pub fn query(&self, scope: &Scope, today: chrono::NaiveDate) -> ListQuery {
        ListQuery {
            scope: scope.clone(),
            include_exited: self.include_exited,
            filter: self.filter.clone(),
            sort: self.sort,
            today,
            failing_months: crate::domain::verification::FailingMonths::default().0,
        }
    }

    /// True when a search or filter narrows the list.
    pub fn filtering(&self) -> bool {
        !self.filter_text.trim().is_empty()
    }

    /// The selected household: (id, name).
    pub fn selected(&self) -> Option<(String, String)> {
        self.list
            .selected_row()
            .map(|r| (r.id.clone(), r.name.clone()))
    }

    /// The households an activity would be recorded for: the marked ones, else the
    /// selected one.
    pub fn activity_households(&self) -> Vec<(String, String)> {
        if !self.marked.is_empty() {
            return self.marked.clone();
        }
        self.selected().into_iter().collect()
    }
}

/// The page of the list that is missing (with `count`: a fresh one, counted).
pub(super) fn fetch(app: &App, count: bool) -> Vec<Effect> {
    page_of(&app.caseload.list, count, || Source::List(app.list_query()))
}

/// From the top, counted again (a new search, sort or status choice).
pub(super) fn reload(app: &mut App) -> Vec<Effect> {
    app.caseload.list.restart();
    explain_unscored(app);
    fetch(app, true)
}

/// Past the gauge's limit no household in view has a readiness score: a `siap:` term or
/// the readiness sort would quietly match or order nothing, so the user is told why.
pub(super) fn explain_unscored(app: &mut App) {
    if app.gauge.forecast_reach == crate::model::ForecastReach::TooMany
        && app.list_query().uses_readiness()
    {
        let limit = crate::domain::format::thousands(
            app.settings.lang,
            i64::from(crate::domain::forecast::GAUGE_FORECAST_MAX_HOUSEHOLDS),
        );
        let text = crate::i18n::fill(crate::i18n::tr(app.lang(), T::MsgReadyNotScored), &[&limit]);
        app.say(text);
    }
}

/// A page of the list arrived: fetch what is still missing, follow the selection.
pub(super) fn page(
    app: &mut App,
    total: Option<Total>,
    offset: u64,
    limit: u64,
    rows: Vec<HouseholdRow>,
) -> Vec<Effect> {
    if let Some(t) = total {
        app.caseload.capped = t.capped;
    }
    app.caseload
        .list
        .load(total.map(|t| t.count), offset, limit, rows);
    let mut fx = fetch(app, false);
    fx.extend(household::follow(app));
    fx
}

pub(super) fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    app.caseload.list.step(delta);
    let mut fx = fetch(app, false);
    fx.extend(household::follow(app));
    fx
}

/// Enter in the list: the detail takes the focus.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    if app.caseload.list.selected_row().is_some() {
        app.focus = Pane::Detail;
    }
    Vec::new()
}

/// Asks where a household is in the list as it stands.
pub(super) fn locate(app: &App, household_id: String, then: AfterLocate) -> Effect {
    Effect::Locate {
        query: app.list_query(),
        household_id,
        then,
    }
}

pub(super) fn located(
    app: &mut App,
    household_id: String,
    position: Option<u64>,
    then: AfterLocate,
) -> Vec<Effect> {
    if let Some(pos) = position.filter(|p| *p < app.caseload.list.total) {
        app.caseload.list.move_to(pos);
        app.focus = Pane::List;
        let mut fx = fetch(app, false);
        fx.extend(household::follow(app));
        return fx;
    }
    if then == AfterLocate::RetryAllStatuses && !app.caseload.include_exited {
        // Not in the active list (graduated or exited): look in every status.
        app.caseload.include_exited = true;
        app.info(T::MsgShowingExited);
        let mut fx = reload(app);
        fx.push(locate(app, household_id, AfterLocate::Report));
        return fx;
    }
    if then != AfterLocate::Quiet {
        app.info(T::MsgNotInList);
    }
    Vec::new()
}

/// Applies search text: parse it, start the list from the top, count and fetch again.
pub(super) fn set_filter(app: &mut App, text: &str) -> Vec<Effect> {
    if text == app.caseload.filter_text {
        return Vec::new();
    }
    app.caseload.filter_text = text.to_string();
    app.caseload.filter = crate::filter::parse(text);
    let mut fx = reload(app);
    // The verification screen lists the same filter's members.
    if app.screen == Screen::Verify {
        app.verify.marked.clear();
        app.verify.all = false;
        fx.extend(super::verify::reload(app));
    }
    fx
}

/// Shows every household of every status, unfiltered (to go to a duplicate's household).
pub(super) fn show_everything(app: &mut App) -> Vec<Effect> {
    app.caseload.include_exited = true;
    app.caseload.filter_text.clear();
    app.caseload.filter = Query::default();
    app.screen = Screen::Dashboard;
    reload(app)
}

/// `/` opens the search box on the current text; `:cari TEXT` searches at once.
pub fn search(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    // The list it filters comes into view (from the agenda or the team); the verification
    // screen filters its members with it and stays.
    if app.screen != Screen::Verify {
        app.screen = Screen::Dashboard;
        app.focus = Pane::List;
    }
    if !arg.text.is_empty() {
        return set_filter(app, arg.text);
    }
    let mut input = Input::new(app.caseload.filter_text.clone());
    input.handle(InputRequest::GoToEnd);
    app.overlay = Overlay::Search(input);
    Vec::new()
}

/// `s` / `S` on the list.
pub(super) fn sort(app: &mut App, command: Command) -> Vec<Effect> {
    // A sort never uses a column that is not on screen (Desil, on a narrow list).
    let desil_shown = super::layout::layout(app.size.0, app.size.1)
        .is_some_and(|l| super::layout::list_is_wide(l.list.width));
    let sort = &mut app.caseload.sort;
    if command == Command::SortNext {
        let mut column = sort.column.next();
        if column == crate::model::SortColumn::Desil && !desil_shown {
            column = column.next();
        }
        *sort = Sort {
            column,
            descending: false,
        };
    } else {
        sort.descending = !sort.descending;
    }
    let (column, descending) = (sort.column, sort.descending);
    let label = sort_column_label(app.lang(), column);
    super::commands::sort_message(app, label, descending);
    reload(app)
}

pub fn toggle_exited(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let c = &mut app.caseload;
    c.include_exited = !c.include_exited;
    app.info(if app.caseload.include_exited {
        T::MsgShowingExited
    } else {
        T::MsgHidingExited
    });
    let mut fx = vec![app.fetch_gauge()];
    fx.extend(reload(app));
    fx
}

/// Space: mark or unmark the selected household for a group activity, and move on.
pub fn mark(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some((id, name)) = app.caseload.selected() else {
        return Vec::new();
    };
    let marked = &mut app.caseload.marked;
    if let Some(i) = marked.iter().position(|(m, _)| *m == id) {
        marked.remove(i);
    } else if marked.len() >= entry::MAX_GROUP {
        let text = fill(tr(app.lang(), T::MsgGroupTooLarge), &[&entry::MAX_GROUP]);
        app.error(text);
        return Vec::new();
    } else {
        marked.push((id, name));
    }
    let text = fill(tr(app.lang(), T::MsgMarked), &[&app.caseload.marked.len()]);
    app.say(text);
    // Space marks and moves on, so a row of families is quick to mark.
    scroll(app, 1)
}

/// `v`: the saved views, to pick one.
pub fn views(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    vec![Effect::FetchViews(app.user.id.clone())]
}

/// A number in the saved-views list.
pub fn pick_view(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    match arg.key {
        Some(Key::Char(c)) => pick(app, c.to_digit(10).unwrap_or(0) as usize),
        _ => Vec::new(),
    }
}

/// The view numbered `number` (from 1) in the open list.
pub(super) fn pick(app: &mut App, number: usize) -> Vec<Effect> {
    let Overlay::Views { views, .. } = &app.overlay else {
        return Vec::new();
    };
    match number.checked_sub(1).and_then(|i| views.get(i)) {
        Some(v) => {
            let v = v.clone();
            apply_view(app, v)
        }
        None => Vec::new(),
    }
}

/// `:simpan-tampilan NAME`: the current search and sort under a name.
pub fn save_view(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    app.caseload.asked_view = Some(arg.text.to_string());
    vec![Effect::SaveView {
        worker_id: app.user.id.clone(),
        name: arg.text.to_string(),
        query: app.caseload.filter_text.clone(),
        sort: app.caseload.sort,
    }]
}

/// `:tampilan NAME`: a saved view by name.
pub fn open_view(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    app.caseload.asked_view = Some(arg.text.to_string());
    vec![Effect::FetchView {
        worker_id: app.user.id.clone(),
        name: arg.text.to_string(),
    }]
}

pub(super) fn view_saved(app: &mut App) -> Vec<Effect> {
    let name = app.caseload.asked_view.take().unwrap_or_default();
    let text = fill(tr(app.lang(), T::MsgViewSaved), &[&name]);
    app.say(text);
    Vec::new()
}

pub(super) fn view_loaded(app: &mut App, view: Option<SavedView>) -> Vec<Effect> {
    let asked = app.caseload.asked_view.take().unwrap_or_default();
    match view {
        Some(v) => apply_view(app, v),
        None => {
            let text = fill(tr(app.lang(), T::MsgViewNotFound), &[&asked]);
            app.error(text);
            Vec::new()
        }
    }
}

fn apply_view(app: &mut App, v: SavedView) -> Vec<Effect> {
    app.overlay = Overlay::None;
    app.screen = Screen::Dashboard;
    app.focus = Pane::List;
    app.caseload.sort = v.sort;
    let text = fill(tr(app.lang(), T::MsgViewOpened), &[&v.name]);
    app.say(text);
    app.caseload.filter = crate::filter::parse(&v.query);
    app.caseload.filter_text = v.query;
    reload(app)
}
