//! Runs the app's [`Effect`]s against the [`Store`] and feeds each result back as an
//! [`Action`] until nothing is left to do. No terminal here, so key-script tests and the
//! benchmark drive exactly the code the interactive shell drives.

use std::collections::VecDeque;

use crate::app::entry::Record;
use crate::app::{Action, App, Effect};
use crate::i18n::{self, T};
use crate::keymap::Key;
use crate::store::Store;
use crate::store::messages::store_error;

/// Applies `action` and every effect it causes, synchronously.
pub fn dispatch(app: &mut App, store: &Store, action: Action) {
    let mut queue: VecDeque<Effect> = app.update(action).into();
    while let Some(effect) = queue.pop_front() {
        let result = run(app, store, effect);
        queue.extend(app.update(result));
    }
}

/// Before a key: if another session committed since we last looked, fetch again so this
/// screen shows their changes. `seen` is the data version we last showed.
pub fn catch_up(app: &mut App, store: &Store, seen: &mut i64) {
    if let Ok(v) = store.data_version()
        && v != *seen
    {
        let first = *seen == 0;
        *seen = v;
        if !first {
            dispatch(app, store, Action::DataChanged);
        }
    }
}

/// Feeds a sequence of keys (stops early if the app asks to quit).
pub fn keys(app: &mut App, store: &Store, keys: &[Key]) {
    for key in keys {
        if app.quit {
            break;
        }
        dispatch(app, store, Action::Key(*key));
    }
}

fn run(app: &App, store: &Store, effect: Effect) -> Action {
    let lang = app.lang();
    let failed = |e: crate::store::StoreError| {
        Action::Failed(i18n::fill(
            i18n::tr(lang, T::MsgReadFailed),
            &[&store_error(lang, &e)],
        ))
    };
    let write_failed = |e: crate::store::StoreError| {
        let text = i18n::fill(i18n::tr(lang, T::MsgWriteFailed), &[&store_error(lang, &e)]);
        if e.makes_read_only() {
            Action::WriteBlocked(text)
        } else {
            Action::Failed(text)
        }
    };
    match effect {
        Effect::Conflicts(req) => conflicts(app, store, req),
        Effect::FetchList {
            query,
            fetch,
            count,
        } => {
            let total = if count {
                match store.count_for_list(&query) {
                    Ok(n) => Some(n),
                    Err(e) => return failed(e),
                }
            } else {
                None
            };
            match store.household_window(&query, fetch.offset, fetch.limit) {
                Ok(rows) => Action::ListLoaded {
                    total,
                    offset: fetch.offset,
                    limit: fetch.limit,
                    rows,
                },
                Err(e) => failed(e),
            }
        }
        Effect::FetchDetail(id) => match store.household_detail(&id) {
            Ok(d) => Action::DetailLoaded(d.map(Box::new)),
            Err(e) => failed(e),
        },
        Effect::FetchLog {
            query,
            fetch,
            count,
        } => {
            let total = if count {
                match store.count_activities(&query) {
                    Ok(n) => Some(n),
                    Err(e) => return failed(e),
                }
            } else {
                None
            };
            match store.activity_window(&query, fetch.offset, fetch.limit) {
                Ok(rows) => Action::LogLoaded {
                    total,
                    offset: fetch.offset,
                    limit: fetch.limit,
                    rows,
                },
                Err(e) => failed(e),
            }
        }
        Effect::FetchGauge(scope) => match store.gauge(&scope, app.today, &app.settings.policy) {
            Ok(g) => Action::GaugeLoaded(g),
            Err(e) => failed(e),
        },
        Effect::SaveView {
            worker_id,
            name,
            query,
            sort,
        } => match store.save_view(&worker_id, &name, &query, sort) {
            Ok(()) => Action::ViewSaved(name),
            Err(e) => Action::Failed(i18n::fill(
                i18n::tr(lang, T::MsgWriteFailed),
                &[&store_error(lang, &e)],
            )),
        },
        Effect::FetchViews(worker_id) => match store.saved_views(&worker_id) {
            Ok(v) => Action::ViewsLoaded(v),
            Err(e) => failed(e),
        },
        Effect::FetchView { worker_id, name } => match store.saved_view(&worker_id, &name) {
            Ok(view) => Action::ViewLoaded { name, view },
            Err(e) => failed(e),
        },
        Effect::Save {
            author,
            record,
            message,
            clear_marks,
        } => {
            let result = match &*record {
                Record::Activity(a) => {
                    let one = (a.households.len() == 1).then(|| a.households[0].0.clone());
                    store.add_activity(&author, a).map(|_| one)
                }
                Record::Graduation(g) => store
                    .record_graduation(&author, g)
                    .map(|_| Some(g.household_id.clone())),
                Record::Referral(r) => store
                    .add_referral(&author, r)
                    .map(|_| Some(r.household_id.clone())),
                Record::Household(h) => match store.save_household(&author, h) {
                    Ok(Err(refusal)) => return Action::Refused(refusal),
                    Ok(Ok(id)) => Ok(Some(id)),
                    Err(e) => Err(e),
                },
            };
            match result {
                Ok(select) => Action::Saved {
                    text: message,
                    select,
                    clear_marks,
                },
                Err(e) => write_failed(e),
            }
        }
        Effect::UndoGraduation {
            author,
            household_id,
        } => match store.undo_graduation(&author, &household_id, app.today) {
            Ok(done) => Action::Undone(done),
            Err(e) => write_failed(e),
        },
        Effect::MarkDone {
            author,
            activity_id,
        } => match store.mark_follow_up_done(
            &author,
            &activity_id,
            app.today,
            i18n::tr(lang, T::NoteFollowUpDone),
        ) {
            Ok(()) => Action::Saved {
                text: i18n::tr(lang, T::MsgFollowUpDone).to_string(),
                select: None,
                clear_marks: false,
            },
            Err(e) => write_failed(e),
        },
        Effect::FetchHistory(id) => match store.household_history(&id, 200) {
            Ok(h) => Action::HistoryLoaded(h),
            Err(e) => failed(e),
        },
        Effect::FetchAgenda {
            scope,
            until,
            fetch,
            count,
        } => {
            let total = if count {
                match store.count_agenda(&scope, until) {
                    Ok(n) => Some(n),
                    Err(e) => return failed(e),
                }
            } else {
                None
            };
            match store.agenda(&scope, until, fetch.offset, fetch.limit) {
                Ok(rows) => Action::AgendaLoaded {
                    total,
                    offset: fetch.offset,
                    limit: fetch.limit,
                    rows,
                },
                Err(e) => failed(e),
            }
        }
        Effect::FetchDraft(worker) => match store.draft(&worker) {
            Ok(d) => Action::DraftFound(d),
            Err(e) => failed(e),
        },
        Effect::FetchTeam { year, as_of } => {
            match store.team(
                &crate::model::Scope::All,
                year,
                as_of,
                app.today,
                &app.settings.policy,
            ) {
                Ok(t) => Action::TeamLoaded(t),
                Err(e) => failed(e),
            }
        }
        Effect::DeleteDraft(worker) => match store.delete_draft(&worker) {
            Ok(()) => Action::DraftFound(None),
            Err(e) => write_failed(e),
        },
        Effect::AdvanceReferral {
            author,
            household_id,
            reject,
        } => match store.advance_referral(&author, &household_id, reject) {
            Ok(Some((_, status, false))) => Action::Info(i18n::fill(
                i18n::tr(lang, T::MsgReferralFinal),
                &[&i18n::referral_status_label(lang, status)],
            )),
            Ok(Some((program, status, true))) => Action::Info(i18n::fill(
                i18n::tr(lang, T::MsgReferralAdvanced),
                &[
                    &i18n::referral_program(lang, program),
                    &i18n::referral_status_label(lang, status),
                ],
            )),
            Ok(None) => Action::Info(i18n::tr(lang, T::MsgNoReferral).to_string()),
            Err(e) => write_failed(e),
        },
        Effect::LogReveal {
            author,
            household_id,
        } => match store.log_reveal(&author, &household_id) {
            Ok(()) => Action::Revealed(household_id),
            Err(e) => write_failed(e),
        },
        Effect::Locate {
            query,
            household_id,
        } => match store.household_position(&query, &household_id) {
            Ok(pos) => Action::Located(pos),
            Err(e) => failed(e),
        },
    }
}

/// Merge conflicts (issue 5): count, load, settle.
fn conflicts(app: &App, store: &Store, req: crate::app::conflicts::Request) -> Action {
    use crate::app::conflicts::{LIMIT, Loaded, Request};
    let lang = app.lang();
    let failed = |t: T, e: crate::store::StoreError| {
        let text = i18n::fill(i18n::tr(lang, t), &[&store_error(lang, &e)]);
        if t == T::MsgWriteFailed && e.makes_read_only() {
            Action::WriteBlocked(text)
        } else {
            Action::Failed(text)
        }
    };
    match req {
        Request::Count(scope) => match store.count_open_conflicts(&scope) {
            Ok(n) => Loaded::Count(n).into(),
            Err(e) => failed(T::MsgReadFailed, e),
        },
        Request::Load(scope) => match (
            store.open_conflicts(&scope, LIMIT),
            store.count_open_conflicts(&scope),
        ) {
            (Ok(rows), Ok(total)) => Loaded::Rows { rows, total }.into(),
            (Err(e), _) | (_, Err(e)) => failed(T::MsgReadFailed, e),
        },
        Request::Resolve {
            author,
            id,
            how,
            message,
        } => match store.resolve_conflict(&author, &id, how) {
            Ok(true) => Loaded::Resolved(message).into(),
            // Someone settled it meanwhile: say so, not what we meant to do.
            Ok(false) => {
                Loaded::Resolved(i18n::tr(lang, T::MsgConflictAlreadySettled).into()).into()
            }
            Err(e) => failed(T::MsgWriteFailed, e),
        },
    }
}
