//! A form popup: one line per field (label, then the value), under a field its error,
//! the store's refusal of it or a long understood date, wrapped inside the form by display
//! width; the messages for the whole form (a rule the household breaks, a copy another
//! session changed, the discard question after Esc) pinned at its bottom. The form grows
//! with its messages and scrolls its fields, so the focused field and every message stay
//! on screen whatever the form's length and the terminal's width. The cursor sits in the
//! focused text field at its display column, so wide characters and diacritics line up.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Theme, pane_block, safe, truncate, wrap};
use crate::app::App;
use crate::app::entry::Entry;
use crate::app::form::FieldKind;
use crate::domain::format::date_long;
use crate::i18n::{self, T, tr};

/// Width of a date field's box; the understood date is shown after it.
const DATE_BOX: usize = 14;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, entry: &Entry) {
    let lang = app.lang();
    let form = &entry.form;
    let w = area.width.saturating_sub(6).min(90);
    let inner_w = usize::from(w.saturating_sub(2));
    let label_w = form
        .fields
        .iter()
        .map(|f| f.label.width())
        .max()
        .unwrap_or(10)
        // "Surat pernyataan ditandatangani" whole; at 80 columns 39 stay for the value.
        .min(32);
    let value_w = inner_w.saturating_sub(label_w + 2);
    // Messages under a field start at its value's column.
    let pad = " ".repeat(label_w + 2);
    let under_w = value_w.max(12);
    // The fields' lines, and which lines the focused field takes (to keep it in view).
    let mut lines: Vec<Line> = Vec::new();
    let mut focus = (0, 0);
    let mut cursor: Option<(usize, u16)> = None;
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let first = lines.len();
        let label_style = if focused { theme.key } else { theme.muted };
        let label = format!(
            "{:>label_w$}  ",
            truncate(&safe(&f.label), label_w, theme.ascii)
        );
        let mut spans = vec![Span::styled(label, label_style)];
        // (text, style, flagged with `!`)
        let mut under: Vec<(String, Style, bool)> = Vec::new();
        match &f.kind {
            FieldKind::Text | FieldKind::Date { .. } => {
                // A date's box is short: what it understood goes beside it (or under it,
                // when it is too long to fit).
                let is_date = matches!(f.kind, FieldKind::Date { .. });
                let box_w = if is_date {
                    value_w.min(DATE_BOX)
                } else {
                    value_w
                };
                let scroll = f.input.visual_scroll(box_w.saturating_sub(1));
                let shown = super::skip_columns(&safe(f.input.value()), scroll);
                let style = if focused {
                    theme.selected_unfocused
                } else {
                    Default::default()
                };
                spans.push(Span::styled(
                    format!("{:<box_w$}", truncate(&shown, box_w, theme.ascii)),
                    style,
                ));
                if focused {
                    let x = f.input.visual_cursor().saturating_sub(scroll);
                    cursor = Some((lines.len(), (label_w + 2 + x) as u16));
                }
                if is_date
                    && f.error.is_none()
                    && let Some(parsed) = f.date_value(app.today)
                {
                    let (text, style) = match parsed {
                        Ok(d) => (date_long(lang, d), theme.good),
                        Err(e) => (i18n::date_error(lang, &e), theme.warn),
                    };
                    if text.width() + 2 <= value_w.saturating_sub(box_w) {
                        spans.push(Span::raw("  "));
                        spans.push(Span::styled(text, style));
                    } else {
                        under.push((text, style, false));
                    }
                }
            }
            FieldKind::Choice(_) => {
                let (l, r) = if theme.ascii {
                    ("< ", " >")
                } else {
                    ("‹ ", " ›")
                };
                let style = if focused {
                    theme.selected
                } else {
                    Default::default()
                };
                spans.push(Span::styled(
                    format!(
                        "{l}{}{r}",
                        truncate(f.choice_label(), value_w.saturating_sub(4), theme.ascii)
                    ),
                    style,
                ));
            }
            FieldKind::Check => {
                let mark = if f.checked { "[x]" } else { "[ ]" };
                let style = if focused {
                    theme.selected
                } else {
                    Default::default()
                };
                spans.push(Span::styled(mark, style));
            }
        }
        lines.push(Line::from(spans));
        if let Some(err) = &f.error {
            under.push((err.clone(), theme.danger, true));
        }
        if let Some(r) = &entry.refusal
            && r.field.as_ref().is_some_and(|(key, _)| *key == f.key)
        {
            under.push((r.message.clone(), theme.danger, true));
        }
        for (text, style, flag) in under {
            for part in message_lines(&text, under_w, flag) {
                lines.push(Line::from(vec![
                    Span::raw(pad.clone()),
                    Span::styled(part, style),
                ]));
            }
        }
        if focused {
            focus = (first, lines.len());
        }
    }
    // The messages for the whole form, pinned under the fields.
    let mut messages: Vec<(&str, bool)> = Vec::new();
    if let Some(e) = &form.error {
        messages.push((e, true));
    }
    if let Some(r) = entry.refusal.as_ref().filter(|r| r.field.is_none()) {
        messages.push((&r.message, true));
    }
    if form.confirm_cancel {
        messages.push((tr(lang, T::FormConfirmDiscard), false));
    }
    let mut pinned: Vec<Line> = Vec::new();
    for (m, flag) in messages {
        if pinned.is_empty() {
            pinned.push(Line::from(""));
        }
        for part in message_lines(m, inner_w.max(12), flag) {
            pinned.push(Line::from(Span::styled(part, theme.danger)));
        }
    }
    // As tall as its lines (and a blank one, or the messages), never taller than the
    // screen.
    let wanted = (lines.len() + pinned.len().max(1) + 2) as u16;
    let h = wanted.min(area.height.saturating_sub(2));
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let block = pane_block(app, theme, None, Line::from(safe(&form.title)))
        .border_style(theme.border_focus);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    // The pinned messages leave at least two lines for the fields (one, if the form has
    // only one).
    let body_min = lines.len().min(2) as u16;
    let pinned_h = (pinned.len() as u16).min(inner.height.saturating_sub(body_min));
    let body_h = usize::from(inner.height - pinned_h);
    // The focused field and what is under it in view, one line after it if there is room.
    let top = (focus.1 + 1)
        .min(lines.len())
        .saturating_sub(body_h)
        .min(focus.0);
    let shown: Vec<Line> = lines.into_iter().skip(top).take(body_h).collect();
    frame.render_widget(
        Paragraph::new(shown),
        Rect::new(inner.x, inner.y, inner.width, body_h as u16),
    );
    frame.render_widget(
        Paragraph::new(pinned),
        Rect::new(inner.x, inner.y + body_h as u16, inner.width, pinned_h),
    );
    if let Some((line, x)) = cursor
        && line >= top
        && line < top + body_h
    {
        frame.set_cursor_position(Position::new(
            inner.x + x.min(inner.width.saturating_sub(1)),
            inner.y + (line - top) as u16,
        ));
    }
}

/// A message wrapped to `width` columns (made inert first); a flagged one (an error) starts
/// with `! ` and its further lines are indented under its text.
fn message_lines(text: &str, width: usize, flag: bool) -> Vec<String> {
    if !flag {
        return wrap(&safe(text), width);
    }
    wrap(&safe(text), width.saturating_sub(2))
        .into_iter()
        .enumerate()
        .map(|(i, line)| format!("{}{line}", if i == 0 { "! " } else { "  " }))
        .collect()
}
