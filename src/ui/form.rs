//! A form popup: one line per field (label, then the value), the error or the understood
//! date under it, the cursor in the focused text field (at its display column, so wide
//! characters and diacritics line up), and the discard question when Esc was pressed.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Theme, pane_block, safe, truncate};
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
    // A line a field, one more for each error, and two for the discard question; never
    // taller than the screen.
    let errors = form.fields.iter().filter(|f| f.error.is_some()).count();
    let wanted = (form.fields.len() + errors + 4) as u16;
    let h = wanted.min(area.height.saturating_sub(2));
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let block = pane_block(app, theme, None, Line::from(safe(&form.title)))
        .border_style(theme.border_focus);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);

    let label_w = form
        .fields
        .iter()
        .map(|f| f.label.width())
        .max()
        .unwrap_or(10)
        .min(24);
    let value_w = (inner.width as usize).saturating_sub(label_w + 2);
    // Lines, and which line each field starts on (to keep the focused one in view).
    let mut lines: Vec<Line> = Vec::new();
    let mut focus_line = 0;
    let mut cursor: Option<(usize, u16)> = None;
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        if focused {
            focus_line = lines.len();
        }
        let label_style = if focused { theme.key } else { theme.muted };
        let label = format!(
            "{:>label_w$}  ",
            truncate(&safe(&f.label), label_w, theme.ascii)
        );
        let mut spans = vec![Span::styled(label, label_style)];
        match &f.kind {
            FieldKind::Text | FieldKind::Date { .. } => {
                // A date's box is short: what it understood goes beside it.
                let is_date = matches!(f.kind, FieldKind::Date { .. });
                let value_w = if is_date {
                    value_w.min(DATE_BOX)
                } else {
                    value_w
                };
                let scroll = f.input.visual_scroll(value_w.saturating_sub(1));
                let shown = super::skip_columns(&safe(f.input.value()), scroll);
                let style = if focused {
                    theme.selected_unfocused
                } else {
                    Default::default()
                };
                spans.push(Span::styled(
                    format!("{:<value_w$}", truncate(&shown, value_w, theme.ascii)),
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
                    spans.push(Span::raw("  "));
                    spans.push(Span::styled(text, style));
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
        let pad = " ".repeat(label_w + 2);
        if let Some(err) = &f.error {
            lines.push(Line::from(vec![
                Span::raw(pad),
                Span::styled(format!("! {}", safe(err)), theme.danger),
            ]));
        }
    }
    if form.confirm_cancel {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            tr(lang, T::FormConfirmDiscard),
            theme.danger,
        )));
    }
    let height = inner.height as usize;
    let top = (focus_line + 2).saturating_sub(height);
    let shown: Vec<Line> = lines.into_iter().skip(top).take(height).collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if let Some((line, x)) = cursor
        && line >= top
        && line < top + height
    {
        frame.set_cursor_position(Position::new(
            inner.x + x.min(inner.width.saturating_sub(1)),
            inner.y + (line - top) as u16,
        ));
    }
}
