//! The sync slice: `:sinkron` / `:sync` asks the shell to sync with the central server on
//! a thread of its own (the screen stays usable), and the status bar shows the unsent
//! changes and the time of the last sync. Pure: the shell runs [`Request`]s and answers
//! with [`Outcome`]s.

use super::commands::Arg;
use super::{App, Effect, Level, Message, conflicts};
use crate::i18n::{T, fill, tr};

/// What the status bar shows of the sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncStatus {
    /// Enrolled with a server (nothing is shown before).
    pub enrolled: bool,
    /// History entries and rows not pushed yet.
    pub unsent: u64,
    /// When the last sync succeeded, local time `HH:MM` today or `DD-MM` before.
    pub last_sync: Option<String>,
    /// A sync is running.
    pub running: bool,
}

/// Work for the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Read the status (enrolled, unsent, last sync).
    Status,
    /// Sync now, as `author` (on a thread; the outcome comes back when done).
    Run { author: String },
}

/// Results from the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Status {
        enrolled: bool,
        unsent: u64,
        last_sync: Option<String>,
    },
    /// The sync finished: entries and records pulled, entries and rows pushed, new
    /// conflicts.
    Done {
        pulled: u64,
        pushed: u64,
        conflicts: u64,
    },
    /// The sync failed; the reason is in the user's language.
    Failed(String),
}

/// What the start of a session asks for.
pub fn at_start() -> Effect {
    Effect::Sync(Request::Status)
}

/// After a save: the unsent count changed (only asked when enrolled).
pub fn after_write(app: &App) -> Option<Effect> {
    app.sync.enrolled.then(at_start)
}

/// `:sinkron`: start a sync unless one is running.
pub fn run(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let lang = app.lang();
    if app.sync.running {
        app.message = Some(Message {
            text: tr(lang, T::SyncAlready).to_string(),
            level: Level::Info,
        });
        return Vec::new();
    }
    app.sync.running = true;
    app.message = Some(Message {
        text: tr(lang, T::SyncRunning).to_string(),
        level: Level::Info,
    });
    vec![Effect::Sync(Request::Run {
        author: app.user.id.clone(),
    })]
}

/// A result from the shell.
pub fn outcome(app: &mut App, outcome: Outcome) -> Vec<Effect> {
    let lang = app.lang();
    match outcome {
        Outcome::Status {
            enrolled,
            unsent,
            last_sync,
        } => {
            app.sync.enrolled = enrolled;
            app.sync.unsent = unsent;
            app.sync.last_sync = last_sync;
            Vec::new()
        }
        Outcome::Done {
            pulled,
            pushed,
            conflicts: new,
        } => {
            app.sync.running = false;
            app.message = Some(Message {
                text: fill(tr(lang, T::SyncDone), &[&pulled, &pushed, &new]),
                level: Level::Info,
            });
            // What was pulled is shown: every pane again, the status and the conflicts.
            let mut fx = app.refresh();
            fx.push(Effect::Sync(Request::Status));
            fx.push(conflicts::at_start(&app.scope));
            fx
        }
        Outcome::Failed(reason) => {
            app.sync.running = false;
            app.message = Some(Message {
                text: fill(tr(lang, T::SyncFailed), &[&reason]),
                level: Level::Error,
            });
            vec![Effect::Sync(Request::Status)]
        }
    }
}
