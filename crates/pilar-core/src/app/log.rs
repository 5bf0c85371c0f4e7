//! The activity log slice: the log pane as a paged [`Window`], showing the selected
//! household's activities or the whole caseload's (`l`). In the caseload log, Enter goes
//! to the activity's household.

use super::commands::Arg;
use super::window::Window;
use super::{AfterLocate, App, Effect, Source, Total, caseload, page_of};
use crate::i18n::T;
use crate::model::{ActivityRow, LogQuery};

/// What the activity log shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogScope {
    #[default]
    Household,
    Caseload,
}

/// The log pane's state.
#[derive(Debug, Clone, Default)]
pub struct ActivityLog {
    pub window: Window<ActivityRow>,
    pub scope: LogScope,
}

/// The query behind the log: the shown household's activities, or the caseload's.
fn query(app: &App) -> Option<LogQuery> {
    match app.log.scope {
        LogScope::Household => app
            .household
            .shown()
            .map(|id| LogQuery::Household(id.into())),
        LogScope::Caseload => Some(LogQuery::Caseload(app.scope.clone())),
    }
}

/// The page of the log that is missing (with `count`: a fresh one, counted).
pub(super) fn fetch(app: &App, count: bool) -> Vec<Effect> {
    let Some(query) = query(app) else {
        return Vec::new();
    };
    page_of(&app.log.window, count, || Source::Log(query))
}

pub(super) fn page(
    app: &mut App,
    total: Option<Total>,
    offset: u64,
    limit: u64,
    rows: Vec<ActivityRow>,
) -> Vec<Effect> {
    app.log
        .window
        .load(total.map(|t| t.count), offset, limit, rows);
    fetch(app, false)
}

pub(super) fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    app.log.window.step(delta);
    fetch(app, false)
}

/// `l`: this household's log / the whole caseload's.
pub fn toggle_scope(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.log.scope = match app.log.scope {
        LogScope::Household => LogScope::Caseload,
        LogScope::Caseload => LogScope::Household,
    };
    app.log.window.restart();
    fetch(app, true)
}

/// Enter in the caseload log: go to the activity's household (in any status).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let Some(row) = app.log.window.selected_row() else {
        return Vec::new();
    };
    // In a household's log, Enter opens the whole record (the caseload's log goes to the
    // line's household, where Enter then opens it).
    if app.log.scope == LogScope::Household {
        return vec![Effect::FetchRecord(Box::new(row.clone()))];
    }
    match row.household_id.clone() {
        Some(id) => vec![caseload::locate(app, id, AfterLocate::RetryAllStatuses)],
        None => {
            app.info(T::MsgGroupActivity);
            Vec::new()
        }
    }
}

/// `:batalkan-kegiatan ALASAN`: void the activity selected in the log (recorded by
/// mistake), with the reason; a graduation or referral line is corrected elsewhere.
pub fn void_activity(app: &mut App, arg: super::commands::Arg<'_>) -> Vec<Effect> {
    let row = (app.focus == super::Pane::Log)
        .then(|| app.log.window.selected_row())
        .flatten();
    match row {
        Some(a) if a.entry == crate::model::LogEntry::Activity => vec![Effect::VoidActivity {
            author: app.user.id.clone(),
            activity_id: a.id.clone(),
            reason: arg.text.to_string(),
        }],
        Some(_) => {
            app.info(crate::i18n::T::MsgNotAnActivity);
            Vec::new()
        }
        None => {
            app.info(crate::i18n::T::MsgPickActivity);
            Vec::new()
        }
    }
}

/// `:buka-lagi`: reopen the follow-up selected in the log (marked done by mistake).
pub fn reopen_follow_up(app: &mut App, _: super::commands::Arg<'_>) -> Vec<Effect> {
    let row = (app.focus == super::Pane::Log)
        .then(|| app.log.window.selected_row())
        .flatten();
    match row {
        Some(a) if a.entry == crate::model::LogEntry::Activity && a.done => {
            vec![Effect::ReopenFollowUp {
                author: app.user.id.clone(),
                activity_id: a.id.clone(),
            }]
        }
        Some(_) => {
            app.info(crate::i18n::T::MsgFollowUpNotDone);
            Vec::new()
        }
        None => {
            app.info(crate::i18n::T::MsgPickActivity);
            Vec::new()
        }
    }
}

/// `:ubah-kegiatan FIELD VALUE`: corrects the activity selected in the log, one field at a
/// time: `ringkasan ...` (`summary`), `tanggal 12/2` (`date`), `tindak-lanjut +7`
/// (`follow-up`; `-` clears it), `jenis kunjungan` (`kind`), and for a group session in a
/// household's log `hadir` / `tidak-hadir` (`present` / `absent`) for that household.
pub fn edit_activity(app: &mut App, arg: super::commands::Arg<'_>) -> Vec<Effect> {
    use crate::i18n::{T, fill, kind_label, tr};
    let lang = app.lang();
    let row = (app.focus == super::Pane::Log)
        .then(|| app.log.window.selected_row())
        .flatten()
        .cloned();
    let Some(a) = row else {
        app.info(T::MsgPickActivity);
        return Vec::new();
    };
    if a.entry != crate::model::LogEntry::Activity {
        app.info(T::MsgNotAnActivity);
        return Vec::new();
    }
    let mut edit = crate::model::ActivityEdit {
        kind: a.kind,
        date: a.date,
        summary: a.summary.clone(),
        follow_up: a.follow_up,
        attendance: Vec::new(),
    };
    let (field, value) = arg
        .text
        .split_once(char::is_whitespace)
        .unwrap_or((arg.text, ""));
    let value = value.trim();
    let date = |app: &mut App, v: &str| match crate::domain::dates::parse_date_input(v, app.today) {
        Ok(d) => Some(d),
        Err(e) => {
            let text = crate::i18n::date_error(lang, &e);
            app.error(text);
            None
        }
    };
    match field.to_lowercase().as_str() {
        "ringkasan" | "summary" if !value.is_empty() => edit.summary = value.to_string(),
        "tanggal" | "date" => match date(app, value) {
            Some(d) => edit.date = d,
            None => return Vec::new(),
        },
        "tindak-lanjut" | "follow-up" if value == "-" => edit.follow_up = None,
        "tindak-lanjut" | "follow-up" => match date(app, value) {
            Some(d) => edit.follow_up = Some(d),
            None => return Vec::new(),
        },
        "jenis" | "kind" => {
            let wanted = value.to_lowercase();
            match crate::domain::activity::ActivityKind::ALL.iter().find(|k| {
                k.key() == wanted || kind_label(lang, **k).to_lowercase().starts_with(&wanted)
            }) {
                Some(k) if !wanted.is_empty() => edit.kind = *k,
                _ => {
                    app.error(fill(tr(lang, T::MsgEditActivityKind), &[&value]));
                    return Vec::new();
                }
            }
        }
        f @ ("hadir" | "present" | "tidak-hadir" | "absent") => {
            let here = matches!(f, "hadir" | "present");
            match (&app.log.scope, a.household_id.is_none()) {
                (LogScope::Household, true) => {
                    let Some((h, _)) = app.caseload.selected() else {
                        return Vec::new();
                    };
                    edit.attendance = vec![(h, here)];
                }
                _ => {
                    app.info(T::MsgEditAttendanceWhere);
                    return Vec::new();
                }
            }
        }
        _ => {
            app.info(T::MsgEditActivityHow);
            return Vec::new();
        }
    }
    vec![Effect::EditActivity {
        author: app.user.id.clone(),
        activity_id: a.id.clone(),
        edit,
    }]
}
