//! Runs the app's [`Effect`]s against the [`Store`] and feeds each result back as an
//! [`Action`] until nothing is left to do. No terminal here, so key-script tests and the
//! benchmark drive exactly the code the interactive shell drives. Effects carry all the
//! shell needs; only the language (to word a store error) comes from the app.
//!
//! Keys that arrive together (typed ahead, pasted) go through [`burst`]: each is applied
//! to the app at once, but what they ask the store for waits while the next keys only
//! edit text, and a later read of the same thing supersedes a waiting one
//! ([`app::coalesce`]); so typing `khotimah` into the search runs one search, not eight.

use std::collections::VecDeque;

use crate::app::conflicts::{LIMIT, Loaded, Request};
use crate::app::entry::Record;
use crate::app::{
    self, Action, App, Effect, ReferralOutcome, ReferralStep, RevealPlace, Rows, Source, Total,
};
use crate::domain::Lang;
use crate::i18n::{self, T};
use crate::keymap::Key;
use crate::store::messages::store_error;
use crate::store::{Store, StoreError};

/// Applies `action` and every effect it causes, synchronously.
pub fn dispatch(app: &mut App, store: &Store, action: Action) {
    let effects = app.update(action);
    settle(app, store, effects, &mut |_| {});
}

/// Runs `effects` and every effect their results cause, until none is left. `ran` sees
/// each effect just before it runs.
fn settle(app: &mut App, store: &Store, effects: Vec<Effect>, ran: &mut dyn FnMut(&Effect)) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        ran(&effect);
        let result = run(store, app.lang(), effect);
        queue.extend(app.update(result));
    }
}

/// Applies keys that arrived together. Each key is applied in turn; what it asks for
/// waits while the keys after it only edit text and everything waiting may wait
/// ([`Effect::may_wait`]), and a later read supersedes a waiting read of the same thing.
/// Everything still needed runs before any other key, and at the end. `ran` sees each
/// effect run (the tests count queries with it).
pub fn burst(app: &mut App, store: &Store, keys: &[Key], ran: &mut dyn FnMut(&Effect)) {
    let mut waiting: Vec<Effect> = Vec::new();
    for &key in keys {
        if app.quit {
            break;
        }
        if !waiting.is_empty() && !app.edits_text(key) {
            settle(app, store, std::mem::take(&mut waiting), ran);
        }
        app::coalesce(&mut waiting, app.update(Action::Key(key)));
        if waiting.iter().any(|e| !e.may_wait()) {
            settle(app, store, std::mem::take(&mut waiting), ran);
        }
    }
    settle(app, store, waiting, ran);
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

/// Feeds a sequence of keys one at a time, each with all its effects (stops early if the
/// app asks to quit).
pub fn keys(app: &mut App, store: &Store, keys: &[Key]) {
    for key in keys {
        if app.quit {
            break;
        }
        dispatch(app, store, Action::Key(*key));
    }
}

/// A failed read, in the user's language.
fn read_failed(lang: Lang, e: StoreError) -> Action {
    Action::Failed(i18n::fill(
        i18n::tr(lang, T::MsgReadFailed),
        &[&store_error(lang, &e)],
    ))
}

/// A failed write, in the user's language; a full disk or a read-only file blocks writing.
fn write_failed(lang: Lang, e: StoreError) -> Action {
    let text = i18n::fill(i18n::tr(lang, T::MsgWriteFailed), &[&store_error(lang, &e)]);
    if e.makes_read_only() {
        Action::WriteBlocked(text)
    } else {
        Action::Failed(text)
    }
}

/// One page of a list: the count when asked for, then the rows.
fn page<R>(
    count: bool,
    fetch: app::window::Fetch,
    total: impl FnOnce() -> crate::store::Result<Total>,
    rows: impl FnOnce(u64, u64) -> crate::store::Result<Vec<R>>,
    wrap: fn(Vec<R>) -> Rows,
) -> crate::store::Result<Action> {
    let total = if count { Some(total()?) } else { None };
    Ok(Action::Page {
        total,
        offset: fetch.offset,
        limit: fetch.limit,
        rows: wrap(rows(fetch.offset, fetch.limit)?),
    })
}

fn run(store: &Store, lang: Lang, effect: Effect) -> Action {
    let read = |r: crate::store::Result<Action>| r.unwrap_or_else(|e| read_failed(lang, e));
    let write = |r: crate::store::Result<Action>| r.unwrap_or_else(|e| write_failed(lang, e));
    match effect {
        Effect::Conflicts(req) => conflicts(store, lang, req),
        Effect::Sync(req) => crate::sync::background::effect(store, lang, req),
        Effect::Page {
            source,
            fetch,
            count,
        } => read(match &source {
            Source::List(q) => page(
                count,
                fetch,
                || {
                    store
                        .count_for_list(q)
                        .map(|(count, capped)| Total { count, capped })
                },
                |o, l| store.household_window(q, o, l),
                Rows::List,
            ),
            Source::Log(q) => page(
                count,
                fetch,
                || store.count_activities(q).map(Total::exact),
                |o, l| store.activity_window(q, o, l),
                Rows::Log,
            ),
            Source::Agenda { scope, until } => page(
                count,
                fetch,
                || store.count_agenda(scope, *until).map(Total::exact),
                |o, l| store.agenda(scope, *until, o, l),
                Rows::Agenda,
            ),
            Source::Verify(q) => page(
                count,
                fetch,
                || {
                    store
                        .count_verify(q)
                        .map(|(count, capped)| Total { count, capped })
                },
                |o, l| store.verify_window(q, o, l),
                Rows::Verify,
            ),
            Source::Review(q) => page(
                count,
                fetch,
                || store.review_count(q).map(Total::exact),
                |o, l| store.review_window(q, o, l),
                Rows::Review,
            ),
        }),
        Effect::FetchFailing { scope, months } => read(
            store
                .failing_households(&scope, months)
                .map(Action::FailingLoaded),
        ),
        Effect::FetchDetail(id) => read(
            store
                .household_detail(&id)
                .map(|d| Action::DetailLoaded(d.map(Box::new))),
        ),
        Effect::FetchOpenFollowUp(h) => read(store.open_follow_up(&h).map(Action::OpenFollowUp)),
        Effect::FetchRecord(row) => read(
            store
                .record_detail(&row)
                .map(|r| Action::RecordLoaded(Box::new(r))),
        ),
        Effect::FetchHistory(id) => {
            read(store.household_history(&id, 200).map(Action::HistoryLoaded))
        }
        Effect::FetchGauge {
            scope,
            today,
            policy,
            rules,
            readiness,
        } => read(
            store
                .gauge_with_forecast(&scope, today, &policy, &rules, &readiness)
                .map(Action::GaugeLoaded),
        ),
        Effect::FetchTeam {
            scope,
            year,
            as_of,
            today,
            policy,
            rules,
            readiness,
        } => read(
            store
                .team(&scope, year, as_of, today, &policy)
                .and_then(|mut data| {
                    store.team_forecast(&mut data, &scope, today, &rules, &readiness)?;
                    Ok(Action::TeamLoaded(data))
                }),
        ),
        Effect::FetchReviewSummaries => read(store.review_summaries().map(Action::ReviewSummaries)),
        Effect::SignOff { author, sign_off } => write(
            store
                .sign_off(&author, &sign_off)
                .map(|()| Action::SignedOff),
        ),
        Effect::FetchToday {
            scope,
            today,
            rules,
            readiness,
            failing,
        } => read(
            store
                .today(&scope, today, &rules, &readiness, failing)
                .map(Action::TodayLoaded),
        ),
        Effect::Locate {
            query,
            household_id,
            then,
        } => read(
            store
                .household_position(&query, &household_id)
                .map(|position| Action::Located {
                    household_id,
                    position,
                    then,
                }),
        ),
        Effect::SaveView {
            worker_id,
            name,
            query,
            sort,
        } => write(
            store
                .save_view(&worker_id, &name, &query, sort)
                .map(|()| Action::ViewSaved),
        ),
        Effect::JoinGroup {
            author,
            name,
            place,
            households,
        } => write(
            store
                .join_group(&author, &name, place.as_deref(), &households)
                .map(Action::GroupJoined),
        ),
        Effect::LeaveGroup { author, households } => write(
            store
                .leave_groups(&author, &households)
                .map(Action::GroupLeft),
        ),
        Effect::FetchViews(worker_id) => {
            read(store.saved_views(&worker_id).map(Action::ViewsLoaded))
        }
        Effect::FetchView { worker_id, name } => {
            read(store.saved_view(&worker_id, &name).map(Action::ViewLoaded))
        }
        Effect::Save { author, record } => {
            let saved = |household| Action::Saved { household };
            write(match *record {
                Record::Activity(a) => store.add_activity(&author, &a).map(|_| saved(None)),
                Record::Graduation(g) => store.record_graduation(&author, &g).map(|_| saved(None)),
                Record::Referral(r) => store.add_referral(&author, &r).map(|_| saved(None)),
                Record::Household(h) => store.save_household(&author, &h).map(|r| match r {
                    Ok(id) => saved(Some(id)),
                    Err(refusal) => Action::Refused(refusal),
                }),
                Record::Void(v) => store.void_household(&author, &v).map(|r| match r {
                    Ok(()) => saved(None),
                    Err(refusal) => Action::Refused(refusal),
                }),
                Record::Verification(v) => store.save_verifications(&author, &v).map(|r| match r {
                    Ok(_) => saved(None),
                    Err(refusal) => Action::Refused(refusal),
                }),
                Record::LifeEvent(e) => store.record_life_event(&author, &e).map(|r| match r {
                    Ok(_) => saved(None),
                    Err(refusal) => Action::Refused(refusal),
                }),
            })
        }
        Effect::UndoGraduation {
            author,
            household_id,
            today,
        } => write(
            store
                .undo_graduation_to(&author, &household_id, today)
                .map(Action::Undone),
        ),
        Effect::MarkDone {
            author,
            activity_id,
            today,
            note,
        } => write(
            store
                .mark_follow_up_done(&author, &activity_id, today, &note)
                .map(|()| Action::FollowUpDone),
        ),
        Effect::AdvanceReferral {
            author,
            household_id,
            step,
        } => write(
            match step {
                ReferralStep::Next => store.advance_referral(&author, &household_id, false),
                ReferralStep::Reject => store.advance_referral(&author, &household_id, true),
                ReferralStep::Back => store.step_back_referral(&author, &household_id),
            }
            .map(|r| {
                Action::ReferralAdvanced(match r {
                    Some((program, status, true)) => ReferralOutcome::Moved { program, status },
                    Some((_, status, false)) => match step {
                        ReferralStep::Next => ReferralOutcome::AlreadyFinal(status),
                        ReferralStep::Reject => ReferralOutcome::CannotReject(status),
                        ReferralStep::Back => ReferralOutcome::AtStart,
                    },
                    None => ReferralOutcome::NoReferral,
                })
            }),
        ),
        Effect::SetPayments { author, set, today } => write(
            store
                .set_payments(&author, &set, today)
                .map(|saved| Action::PaymentsSet {
                    year: set.year,
                    tahap: set.tahap,
                    outcome: set.outcome.clone(),
                    saved,
                }),
        ),
        Effect::EditActivity {
            author,
            activity_id,
            edit,
        } => write(
            store
                .edit_activity(&author, &activity_id, &edit)
                .map(|()| Action::ActivityEdited),
        ),
        Effect::EditReferral {
            author,
            referral_id,
            edit,
        } => write(
            store
                .edit_referral(&author, &referral_id, &edit)
                .map(|()| Action::ReferralEdited),
        ),
        Effect::ReopenFollowUp {
            author,
            activity_id,
        } => write(
            store
                .reopen_follow_up(&author, &activity_id)
                .map(Action::FollowUpReopened),
        ),
        Effect::VoidActivity {
            author,
            activity_id,
            reason,
        } => write(
            store
                .void_activity(&author, &activity_id, &reason)
                .map(|()| Action::ActivityVoided),
        ),
        Effect::LogReveal {
            author,
            household_id,
            place,
        } => write(
            match place {
                RevealPlace::Detail => store.log_reveal(&author, &household_id),
                RevealPlace::Form => store.log_form_reveal(&author, &household_id),
            }
            .map(|()| Action::Revealed(place)),
        ),
        Effect::FetchDraft(worker) => read(store.draft(&worker).map(Action::DraftFound)),
        Effect::DeleteDraft(worker) => {
            write(store.delete_draft(&worker).map(|()| Action::DraftDeleted))
        }
    }
}

/// Merge conflicts: count, load, settle.
fn conflicts(store: &Store, lang: Lang, req: Request) -> Action {
    match req {
        Request::Count(scope) => match store.count_open_conflicts(&scope) {
            Ok(n) => Loaded::Count(n).into(),
            Err(e) => read_failed(lang, e),
        },
        Request::Load(scope) => match (
            store.open_conflicts(&scope, LIMIT),
            store.count_open_conflicts(&scope),
        ) {
            (Ok(rows), Ok(total)) => Loaded::Rows { rows, total }.into(),
            (Err(e), _) | (_, Err(e)) => read_failed(lang, e),
        },
        Request::Resolve { author, id, how } => match store.resolve_conflict(&author, &id, how) {
            Ok(settled) => Loaded::Resolved { settled }.into(),
            Err(e) => write_failed(lang, e),
        },
    }
}
