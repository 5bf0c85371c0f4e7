//! The merge conflicts slice: the open conflicts `pilar merge` recorded, as an overlay
//! (`:konflik`), and the keys that settle the selected one (keep ours / take theirs, both
//! writes in the keymap table, so read-only and supervisor refusals happen where every
//! other command's do). Pure like the rest of the core: it asks the shell for rows and
//! writes through [`Request`]s.

use super::commands::Arg;
use super::{Action, App, Effect, Overlay};
use crate::domain::nik::Nik;
use crate::i18n::{T, field_label, fill, record_label, tr, value_label};
use crate::keymap::Command;
use crate::model::{Conflict, Resolution, Scope};

/// How many open conflicts the view loads (more wait for the next ones to be settled).
pub const LIMIT: u64 = 500;

/// The conflicts overlay: the rows loaded and the selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConflictsView {
    pub rows: Vec<Conflict>,
    /// All open conflicts (may be more than `rows`).
    pub total: u64,
    pub selected: usize,
    /// Rows have arrived at least once.
    pub loaded: bool,
    /// What the status bar says once the settle in flight is done.
    settling: Option<String>,
}

impl ConflictsView {
    pub fn selected_row(&self) -> Option<&Conflict> {
        self.rows.get(self.selected)
    }

    pub fn move_by(&mut self, delta: i64) {
        let max = self.rows.len().saturating_sub(1) as i64;
        let target = match delta {
            i64::MIN => 0,
            i64::MAX => max,
            d => (self.selected as i64).saturating_add(d).clamp(0, max),
        };
        self.selected = target as usize;
    }
}

/// Work for the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// How many conflicts in the caseload are open (for the notice at start).
    Count(Scope),
    /// The open conflicts in the caseload (a facilitator's households; all for a
    /// supervisor).
    Load(Scope),
    /// Settle a conflict.
    Resolve {
        author: String,
        id: String,
        how: Resolution,
    },
}

/// Results from the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    Count(u64),
    Rows {
        rows: Vec<Conflict>,
        total: u64,
    },
    /// A conflict was settled (`settled`), or had been settled in another session.
    Resolved {
        settled: bool,
    },
}

/// What the start of a session asks for: the count in the caseload, for the notice.
pub fn at_start(scope: &Scope) -> Effect {
    Effect::Conflicts(Request::Count(scope.clone()))
}

/// `:konflik`: the overlay, loading.
pub fn show(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let view = match &app.overlay {
        Overlay::Conflicts(v) => v.clone(),
        _ => ConflictsView::default(),
    };
    app.overlay = Overlay::Conflicts(view);
    vec![Effect::Conflicts(Request::Load(app.scope.clone()))]
}

/// `o` keep ours / `t` take theirs, on the selected conflict.
pub fn resolve(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let lang = app.lang();
    let Overlay::Conflicts(view) = &mut app.overlay else {
        return Vec::new();
    };
    let Some(c) = view.selected_row() else {
        return Vec::new();
    };
    let (how, t, value) = if arg.command == Command::KeepOurs {
        (Resolution::Ours, T::MsgConflictKept, &c.ours)
    } else {
        (Resolution::Theirs, T::MsgConflictTaken, &c.theirs)
    };
    let who = c
        .household_name
        .clone()
        .unwrap_or_else(|| record_label(lang, &c.table));
    // As the list shows it: identity numbers masked, other values named as the forms
    // name them.
    let shown = match value.as_deref() {
        None => "-".to_string(),
        Some(v) if crate::domain::nik::is_identity_field(&c.field) => {
            Nik::from_digits(v).map_or_else(|| "*".repeat(v.chars().count()), |n| n.masked())
        }
        Some(v) => value_label(lang, &c.table, &c.field, v),
    };
    let message = fill(tr(lang, t), &[&field_label(lang, &c.field), &shown, &who]);
    let id = c.id.clone();
    view.settling = Some(message);
    vec![Effect::Conflicts(Request::Resolve {
        author: app.user.id.clone(),
        id,
        how,
    })]
}

/// Another session changed the data: reloads the conflicts overlay if it is open (a
/// conflict may have been settled there). Called from `Action::DataChanged`.
pub fn changed(app: &App) -> Vec<Effect> {
    match &app.overlay {
        Overlay::Conflicts(_) => vec![Effect::Conflicts(Request::Load(app.scope.clone()))],
        _ => Vec::new(),
    }
}

/// Results of [`Request`]s.
pub(super) fn loaded(app: &mut App, loaded: Loaded) -> Vec<Effect> {
    match loaded {
        Loaded::Count(0) => Vec::new(),
        Loaded::Count(n) => {
            // A message from the start (a draft offer) stays; this is only a notice.
            if app.message.is_none() {
                let text = fill(tr(app.lang(), T::MsgConflictsOpen), &[&n]);
                app.say(text);
            }
            Vec::new()
        }
        Loaded::Rows { rows, total } => {
            if let Overlay::Conflicts(view) = &mut app.overlay {
                view.rows = rows;
                view.total = total;
                view.loaded = true;
                view.move_by(0);
            }
            Vec::new()
        }
        Loaded::Resolved { settled } => {
            let said = match &mut app.overlay {
                Overlay::Conflicts(view) => view.settling.take(),
                _ => None,
            };
            match (settled, said) {
                (true, Some(text)) => app.say(text),
                (true, None) => {}
                // Someone settled it meanwhile: say so, not what we meant to do.
                (false, _) => app.info(T::MsgConflictAlreadySettled),
            }
            let mut fx = app.refresh();
            fx.push(Effect::Conflicts(Request::Load(app.scope.clone())));
            fx
        }
    }
}

impl From<Loaded> for Action {
    fn from(l: Loaded) -> Action {
        Action::Conflicts(l)
    }
}
