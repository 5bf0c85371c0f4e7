//! The activity log: the selected household's activities, or the whole caseload's, newest
//! first, one line each with its follow-up state.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::{Theme, pane_block, safe, truncate};
use crate::app::{App, LogScope, Pane};
use crate::domain::Lang;
use crate::domain::activity::{FollowUpState, follow_up_state};
use crate::domain::format::{month_short, thousands};
use crate::i18n::{T, exit_label, fill, kind_short, referral_program, referral_status_label, tr};
use crate::model::{ActivityRow, LogEntry};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let w = &app.log.window;
    let key = match app.log.scope {
        LogScope::Household => T::LogTitleHousehold,
        LogScope::Caseload => T::LogTitleCaseload,
    };
    let title = Line::from(fill(tr(lang, key), &[&thousands(lang, w.total as i64)]));
    let block = pane_block(app, theme, Some(Pane::Log), title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if w.total == 0 {
        let empty = match app.log.scope {
            LogScope::Household if app.household.detail.is_none() => "",
            _ => tr(lang, T::LogEmpty),
        };
        frame.render_widget(Paragraph::new(empty).style(theme.muted), inner);
        return;
    }
    let width = inner.width as usize;
    let items: Vec<ListItem> = w
        .visible()
        .map(|(_, a)| ListItem::new(line(app, theme, a, width)))
        .collect();
    let mut state = ListState::default();
    if app.focus == Pane::Log {
        state.select(Some((w.selected - w.offset) as usize));
    }
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected),
        inner,
        &mut state,
    );
}

fn line<'a>(app: &App, theme: &Theme, a: &'a ActivityRow, width: usize) -> Line<'a> {
    let lang = app.lang();
    let date = format!(
        "{:>2} {} {:02}",
        a.date.day(),
        month_short(lang, a.date.month()),
        a.date.year() % 100
    );
    let (mark, mark_style) = match follow_up_state(a.follow_up, a.done, app.today) {
        FollowUpState::Overdue { .. } => ("!", theme.danger),
        FollowUpState::DueToday => ("!", theme.warn),
        FollowUpState::Upcoming { .. } => (">", Default::default()),
        FollowUpState::Done => ("v", theme.muted),
        FollowUpState::None => (" ", Default::default()),
    };
    // Graduations, exits and referrals are lines of the log too (D20).
    let kind = match a.entry {
        LogEntry::Activity => kind_short(lang, a.kind),
        LogEntry::Graduation(k) if k.is_graduation() => tr(lang, T::LogEntryGraduation),
        LogEntry::Graduation(_) => tr(lang, T::LogEntryExit),
        LogEntry::Referral(_) | LogEntry::ReferralStatus(..) => tr(lang, T::LogEntryReferral),
    };
    let kind = format!("{kind:<8}");
    let mut text = String::new();
    if app.log.scope == LogScope::Caseload {
        match &a.household_name {
            Some(name) => text.push_str(&format!("{}: ", safe(name))),
            None => text.push_str(&format!(
                "{}: ",
                fill(tr(lang, T::LogGroup), &[&a.group_size])
            )),
        }
    }
    // A supervisor's note says whose it is.
    if let Some(by) = &a.noted_by {
        text.push_str(&format!("[{}] ", safe(by)));
    }
    // A household absent from a group session says so.
    if a.attended == Some(false) {
        text.push_str(&format!("({}) ", tr(lang, T::LogAbsent)));
    }
    text.push_str(&entry_text(lang, a, if theme.ascii { "->" } else { "→" }));
    let used = date.chars().count() + 1 + 1 + 1 + kind.chars().count() + 1;
    Line::from(vec![
        Span::styled(date, theme.muted),
        Span::raw(" "),
        Span::styled(mark, mark_style),
        Span::raw(" "),
        Span::styled(kind, theme.key),
        Span::raw(" "),
        Span::raw(truncate(&text, width.saturating_sub(used), theme.ascii)),
    ])
}

/// What a log line says after its kind: an activity's summary; a graduation's kind and
/// reason; a referral's program and agency; a status change's program and old -> new.
pub fn entry_text(lang: Lang, a: &ActivityRow, arrow: &str) -> String {
    let summary = safe(&a.summary);
    match a.entry {
        LogEntry::Activity => summary,
        LogEntry::Graduation(k) if summary.is_empty() => exit_label(lang, k).to_string(),
        LogEntry::Graduation(k) => format!("{}: {summary}", exit_label(lang, k)),
        LogEntry::Referral(p) if summary.is_empty() => referral_program(lang, p).to_string(),
        LogEntry::Referral(p) => format!("{} · {summary}", referral_program(lang, p)),
        LogEntry::ReferralStatus(p, to) => {
            let from = crate::domain::graduation::ReferralStatus::from_key(&a.summary)
                .map(|s| referral_status_label(lang, s))
                .unwrap_or("-");
            format!(
                "{}: {from} {arrow} {}",
                referral_program(lang, p),
                referral_status_label(lang, to)
            )
        }
    }
}
