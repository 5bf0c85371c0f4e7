//! Merging laptops (issue 5): the open merge conflicts, as an overlay (`:konflik`), and
//! the keys that settle the selected one (keep ours / take theirs). Pure like the rest of
//! the core: it asks the shell for rows and writes through [`Request`]s.

use super::{Action, App, Effect, Level, Message, Overlay};
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
    /// Settle a conflict; `message` says what was done, in the user's language.
    Resolve {
        author: String,
        id: String,
        how: Resolution,
        message: String,
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
    /// A conflict was settled (the message says how), or was already settled elsewhere.
    Resolved(String),
}

/// What the start of a session asks for: the count in the caseload, for the notice.
pub fn at_start(scope: &Scope) -> Effect {
    Effect::Conflicts(Request::Count(scope.clone()))
}

impl App {
    /// `:konflik`, `o` and `t`.
    pub(super) fn conflicts_command(&mut self, cmd: Command) -> Vec<Effect> {
        match cmd {
            Command::KeepOurs | Command::TakeTheirs => self.resolve(cmd),
            _ => {
                let view = match &self.overlay {
                    Overlay::Conflicts(v) => v.clone(),
                    _ => ConflictsView::default(),
                };
                self.overlay = Overlay::Conflicts(view);
                vec![Effect::Conflicts(Request::Load(self.scope.clone()))]
            }
        }
    }

    fn resolve(&mut self, cmd: Command) -> Vec<Effect> {
        let lang = self.lang();
        if self.user.role == crate::model::Role::Supervisor {
            // Settling a conflict changes a caseload: the facilitator's to do.
            self.message = Some(Message {
                level: Level::Info,
                text: tr(lang, T::MsgSupervisorReadOnly).to_string(),
            });
            return Vec::new();
        }
        if self.read_only {
            self.message = Some(Message {
                level: Level::Error,
                text: tr(lang, T::MsgReadOnly).to_string(),
            });
            return Vec::new();
        }
        let Overlay::Conflicts(view) = &self.overlay else {
            return Vec::new();
        };
        let Some(c) = view.selected_row() else {
            return Vec::new();
        };
        let (how, t, value) = if cmd == Command::KeepOurs {
            (Resolution::Ours, T::MsgConflictKept, &c.ours)
        } else {
            (Resolution::Theirs, T::MsgConflictTaken, &c.theirs)
        };
        let who = c
            .household_name
            .clone()
            .unwrap_or_else(|| record_label(lang, &c.table));
        // As the list shows it: identity numbers masked, other values named as the
        // forms name them.
        let shown = match value.as_deref() {
            None => "-".to_string(),
            Some(v) if crate::domain::nik::is_identity_field(&c.field) => {
                Nik::from_digits(v).map_or_else(|| "*".repeat(v.chars().count()), |n| n.masked())
            }
            Some(v) => value_label(lang, &c.table, &c.field, v),
        };
        let message = fill(tr(lang, t), &[&field_label(lang, &c.field), &shown, &who]);
        vec![Effect::Conflicts(Request::Resolve {
            author: self.user.id.clone(),
            id: c.id.clone(),
            how,
            message,
        })]
    }

    /// Another session changed the data: reloads the conflicts overlay if it is open (a
    /// conflict may have been settled there). Called from `Action::DataChanged`.
    pub fn conflicts_changed(&mut self) -> Vec<Effect> {
        match &self.overlay {
            Overlay::Conflicts(_) => vec![Effect::Conflicts(Request::Load(self.scope.clone()))],
            _ => Vec::new(),
        }
    }

    /// Results of [`Request`]s.
    pub(super) fn conflicts_loaded(&mut self, loaded: Loaded) -> Vec<Effect> {
        match loaded {
            Loaded::Count(0) => Vec::new(),
            Loaded::Count(n) => {
                // A message from the start (a draft offer) stays; this is only a notice.
                if self.message.is_none() {
                    self.message = Some(Message {
                        level: Level::Info,
                        text: fill(tr(self.lang(), T::MsgConflictsOpen), &[&n]),
                    });
                }
                Vec::new()
            }
            Loaded::Rows { rows, total } => {
                if let Overlay::Conflicts(view) = &mut self.overlay {
                    view.rows = rows;
                    view.total = total;
                    view.loaded = true;
                    view.move_by(0);
                }
                Vec::new()
            }
            Loaded::Resolved(text) => {
                self.message = Some(Message {
                    level: Level::Info,
                    text,
                });
                let mut fx = self.refresh();
                fx.push(Effect::Conflicts(Request::Load(self.scope.clone())));
                fx
            }
        }
    }
}

impl From<Loaded> for Action {
    fn from(l: Loaded) -> Action {
        Action::Conflicts(l)
    }
}
