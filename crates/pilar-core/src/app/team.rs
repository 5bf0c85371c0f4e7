//! The team slice (screen 3, supervisors): the loaded roll-up, its sort and the selection,
//! and the keys that open it, sort it and open a facilitator's caseload from it. The
//! figures derived from the roll-up (sorting, totals, pace) are `model::team`, shared with
//! `pilar report`.

use super::commands::Arg;
use super::window::apply_delta;
use super::{App, Effect, Pane, Screen, layout};
use crate::i18n::{T, team_column_label};
use crate::keymap::Command;
use crate::model::team::{PAY_COLUMN_MIN_WIDTH, TeamColumn, sorted};
use crate::model::{Role, Scope, TeamData, TeamRow};

/// The team screen's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamView {
    pub data: TeamData,
    pub loaded: bool,
    pub column: TeamColumn,
    pub descending: bool,
    /// 0 is the team's total row; 1.. the facilitators in sorted order.
    pub selected: usize,
    pub offset: usize,
}

impl Default for TeamView {
    fn default() -> Self {
        TeamView {
            data: TeamData::default(),
            loaded: false,
            column: TeamColumn::Pace,
            descending: false,
            selected: 0,
            offset: 0,
        }
    }
}

impl TeamView {
    /// Rows in the table, the total row included.
    pub fn len(&self) -> usize {
        self.data.rows.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        self.data.rows.is_empty()
    }

    pub fn rows(&self) -> Vec<&TeamRow> {
        sorted(&self.data, self.column, self.descending)
    }

    /// The facilitator under the cursor (`None` on the total row).
    pub fn selected_row(&self) -> Option<&TeamRow> {
        let i = self.selected.checked_sub(1)?;
        self.rows().get(i).copied()
    }

    /// Moves the cursor, keeping it inside a window of `height` rows.
    pub fn move_to(&mut self, index: usize, height: usize) {
        self.selected = index.min(self.len().saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    /// New data (after a load): keeps the same facilitator selected if still there.
    pub fn set(&mut self, data: TeamData) {
        let keep = self.selected_row().map(|r| r.worker_id.clone());
        self.data = data;
        self.loaded = true;
        self.selected = match keep {
            Some(id) => self
                .rows()
                .iter()
                .position(|r| r.worker_id == id)
                .map_or(0, |i| i + 1),
            None => 0,
        };
        self.offset = self.offset.min(self.selected);
    }

    /// `s`: sort by the next column, in the order that puts problems first; on a
    /// terminal narrower than [`PAY_COLUMN_MIN_WIDTH`] (no payment column there) past it.
    pub fn sort_next(&mut self, width: u16) {
        self.column = self.column.next();
        if self.column == TeamColumn::PayProblems && width < PAY_COLUMN_MIN_WIDTH {
            self.column = self.column.next();
        }
        self.descending = self.column.descending_first();
        self.selected = 0;
        self.offset = 0;
    }

    /// `S`: reverse the sort.
    pub fn sort_reverse(&mut self) {
        self.descending = !self.descending;
        self.selected = 0;
        self.offset = 0;
    }
}

/// The roll-up for the scope shown (everyone's, on the team screen), this year to today.
pub(super) fn fetch(app: &App) -> Effect {
    use chrono::Datelike;
    Effect::FetchTeam {
        scope: app.scope.clone(),
        year: app.today.year(),
        as_of: app.today,
        today: app.today,
        policy: app.settings.policy.clone(),
        rules: app.settings.rules.clone(),
        readiness: app.settings.readiness,
    }
}

/// Rows of the team table that fit on the screen.
fn height(app: &App) -> usize {
    layout::layout(app.size.0, app.size.1).map_or(1, |l| l.team_rows() as usize)
}

/// `3`: the team screen, on the whole team's figures.
pub fn show(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    open_screen(app)
}

/// Opens the team screen (also Esc from a facilitator's caseload opened from it).
pub(super) fn open_screen(app: &mut App) -> Vec<Effect> {
    if app.user.role != Role::Supervisor {
        app.info(T::MsgTeamSupervisors);
        return Vec::new();
    }
    app.screen = Screen::Team;
    app.review.opened = false;
    if app.scope_name.take().is_some() {
        // Back to everyone's caseload; reloading it fetches the team too.
        return app.set_scope(Scope::All);
    }
    vec![fetch(app), super::review::fetch_summaries()]
}

pub(super) fn loaded(app: &mut App, data: TeamData) -> Vec<Effect> {
    app.team.set(data);
    // The same facilitator stays selected, and in view.
    let (selected, height) = (app.team.selected, height(app));
    app.team.move_to(selected, height);
    Vec::new()
}

pub(super) fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    let height = height(app);
    let last = app.team.len().saturating_sub(1) as u64;
    let to = apply_delta(app.team.selected as u64, delta, last);
    app.team.move_to(to as usize, height);
    Vec::new()
}

/// The page size for PgUp/PgDn on the team screen.
pub(super) fn page_size(app: &App) -> u64 {
    height(app).max(1) as u64
}

/// `s` / `S` on the team screen.
pub(super) fn sort(app: &mut App, command: Command) -> Vec<Effect> {
    if command == Command::SortNext {
        app.team.sort_next(app.size.0);
    } else {
        app.team.sort_reverse();
    }
    let label = team_column_label(app.lang(), app.team.column);
    super::commands::sort_message(app, label, app.team.descending);
    Vec::new()
}

/// Enter opens the facilitator's four panes (on the total row: everyone's).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let (scope, name) = match app.team.selected_row() {
        Some(r) => (Scope::Worker(r.worker_id.clone()), Some(r.name.clone())),
        None => (Scope::All, None),
    };
    app.screen = Screen::Dashboard;
    app.focus = Pane::List;
    app.scope_name = name;
    app.set_scope(scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::team::tests::data;

    #[test]
    fn reload_keeps_the_selected_facilitator() {
        let mut v = TeamView::default();
        v.set(data());
        v.move_to(3, 10);
        let id = v.selected_row().unwrap().worker_id.clone();
        let mut d = data();
        d.rows.reverse();
        v.set(d);
        assert_eq!(v.selected_row().unwrap().worker_id, id);
        v.move_to(99, 2);
        assert_eq!((v.selected, v.offset), (3, 2));
    }
}
