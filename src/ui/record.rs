//! The record window (Enter on a line of the household's log): the whole line that the log
//! cuts short, its detail and, for a group activity, every household present or absent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Theme, pane_block, safe};
use crate::app::App;
use crate::domain::format::date_long;
use crate::i18n::{T, fill, kind_label, tr};
use crate::model::{LogEntry, RecordDetail};

pub fn draw(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    r: &RecordDetail,
    scroll: u16,
) {
    let lang = app.lang();
    let w = area.width.saturating_sub(4).min(80);
    let h = area.height.saturating_sub(2);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let a = &r.row;
    let what = match a.entry {
        LogEntry::Activity => kind_label(lang, a.kind).to_string(),
        LogEntry::Graduation(k) if k.is_graduation() => tr(lang, T::LogEntryGraduation).into(),
        LogEntry::Graduation(_) => tr(lang, T::LogEntryExit).into(),
        LogEntry::Referral(_) | LogEntry::ReferralStatus(..) => {
            tr(lang, T::LogEntryReferral).into()
        }
    };
    let title = format!("{what} · {}", date_long(lang, a.date));
    let block = pane_block(app, theme, None, Line::from(title))
        .border_style(theme.border_focus)
        .title_bottom(Line::from(format!(" {} ", tr(lang, T::HelpClose))).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);

    let label = |t: T| Span::styled(format!("{} ", tr(lang, t)), theme.muted);
    let arrow = if theme.ascii { "->" } else { "→" };
    let mut lines: Vec<Line> = vec![Line::from(super::log::entry_text(lang, a, arrow))];
    if let Some(by) = &a.noted_by {
        lines.push(Line::from(vec![label(T::RecordBy), Span::raw(safe(by))]));
    }
    if !r.detail.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(safe(&r.detail)));
    }
    if let Some(f) = a.follow_up {
        let state = if a.done {
            tr(lang, T::RecordDone)
        } else {
            tr(lang, T::RecordOpen)
        };
        lines.push(Line::from(vec![
            label(T::RecordFollowUp),
            Span::raw(format!("{} ({state})", date_long(lang, f))),
        ]));
    }
    if !r.group_name.is_empty() || !r.place.is_empty() {
        let place = [safe(&r.group_name), safe(&r.place)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(Line::from(vec![label(T::RecordGroup), Span::raw(place)]));
    }
    if !r.attendance.is_empty() {
        let present = r.attendance.iter().filter(|(_, p)| *p).count();
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            fill(
                tr(lang, T::RecordAttendance),
                &[&present, &r.attendance.len()],
            ),
            theme.header,
        )));
        for (name, here) in &r.attendance {
            let (mark, what, style) = if *here {
                ("v", tr(lang, T::ValuePresent), theme.good)
            } else {
                ("x", tr(lang, T::LogAbsent), theme.warn)
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(format!("{} ", safe(name))),
                Span::styled(format!("({what})"), theme.muted),
            ]));
        }
    }
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let max = paragraph
        .line_count(inner.width)
        .saturating_sub(inner.height as usize) as u16;
    frame.render_widget(paragraph.scroll((scroll.min(max), 0)), inner);
}
