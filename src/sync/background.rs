//! The TUI's side of the sync: the shell runs `Effect::Sync` here. A status is read at
//! once; a sync runs on a thread of its own over a second connection (`Store::reopen`),
//! and its outcome comes back as an `Action` through the sender the interactive shell
//! installed ([`install`]). Without one (key-script tests, the benchmark) the sync runs
//! where it is asked, so tests need no waiting.

use std::sync::Mutex;

use crate::app::Action;
use crate::app::sync::{Outcome, Request};
use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::store::Store;
use crate::store::messages::store_error;

type Sender = Box<dyn Fn(Action) + Send>;

static BACKGROUND: Mutex<Option<Sender>> = Mutex::new(None);

/// Where a sync on a thread sends its outcome (the interactive shell's channel).
pub fn install(send: impl Fn(Action) + Send + 'static) {
    if let Ok(mut b) = BACKGROUND.lock() {
        *b = Some(Box::new(send));
    }
}

/// Back to running syncs in place (the shell is gone).
pub fn uninstall() {
    if let Ok(mut b) = BACKGROUND.lock() {
        *b = None;
    }
}

/// Runs one sync effect.
pub fn effect(store: &Store, lang: Lang, req: Request) -> Action {
    match req {
        Request::Status => status(store, lang),
        Request::Run { .. } => {
            let installed = BACKGROUND.lock().map(|b| b.is_some()).unwrap_or(false);
            if !installed {
                return Action::Sync(run(store, lang));
            }
            match store.reopen() {
                Ok(second) => {
                    std::thread::spawn(move || {
                        let outcome = run(&second, lang);
                        drop(second);
                        if let Ok(b) = BACKGROUND.lock()
                            && let Some(send) = b.as_ref()
                        {
                            send(Action::Sync(outcome));
                        }
                    });
                    // The status bar keeps its numbers until the outcome arrives.
                    status(store, lang)
                }
                Err(e) => Action::Sync(Outcome::Failed(store_error(lang, &e))),
            }
        }
    }
}

fn run(store: &Store, lang: Lang) -> Outcome {
    match super::run(store, &super::Options::default()) {
        Ok(r) => Outcome::Done {
            pulled: r.added + r.updated,
            pushed: r.pushed_entries + r.pushed_rows,
            conflicts: r.conflicts,
        },
        Err(e) => {
            let msg = e.message(lang, store.path());
            let _ = store.sync_finished(Some(&msg));
            Outcome::Failed(msg)
        }
    }
}

fn status(store: &Store, lang: Lang) -> Action {
    let state = store.sync_state();
    let unsent = store.sync_unsent();
    match (state, unsent) {
        (Ok(s), Ok(unsent)) => Action::Sync(Outcome::Status {
            enrolled: s.enrolled(),
            unsent,
            last_sync: s.last_sync.as_deref().and_then(local_time),
        }),
        (Err(e), _) | (_, Err(e)) => {
            Action::Failed(fill(tr(lang, T::MsgReadFailed), &[&store_error(lang, &e)]))
        }
    }
}

/// A stored UTC time as the status bar shows it: `HH:MM` today, `DD-MM HH:MM` before.
fn local_time(utc: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(utc).ok()?;
    let local = t.with_timezone(&chrono::Local);
    if local.date_naive() == chrono::Local::now().date_naive() {
        Some(local.format("%H:%M").to_string())
    } else {
        Some(local.format("%d-%m %H:%M").to_string())
    }
}
