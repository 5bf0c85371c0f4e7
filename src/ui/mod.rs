//! Drawing. Every function here reads `&App` and writes into a ratatui `Frame`; nothing
//! here changes state, touches the store or reads the clock.

mod agenda;
mod conflicts;
mod detail;
mod form;
mod gauge;
mod help;
mod list;
mod log;
mod payment;
mod record;
mod review;
mod status;
mod team;
pub mod theme;
mod today;
mod verify;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Overlay, Pane, Screen};
use crate::i18n::{T, fill, tr};
pub use theme::Theme;

/// Draws the whole screen for the current state (in ASCII mode, nothing but ASCII).
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    draw_screen(frame, app, theme);
    if theme.ascii {
        theme::to_ascii(frame.buffer_mut());
    }
}

fn draw_screen(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let Some(l) = layout::layout(area.width, area.height) else {
        too_small(frame, app, area);
        return;
    };
    gauge::draw(frame, app, theme, l.gauge);
    match app.screen {
        Screen::Dashboard => {
            list::draw(frame, app, theme, l.list);
            detail::draw(frame, app, theme, l.detail);
            log::draw(frame, app, theme, l.log);
        }
        Screen::Agenda => {
            // The households failing their commitments below the follow-ups.
            let body = l.body();
            let below = crate::app::verify::failing_height(app) as u16;
            if below > 0 && body.height > below + 4 {
                let top = Rect::new(body.x, body.y, body.width, body.height - below);
                let bottom = Rect::new(body.x, body.y + top.height, body.width, below);
                agenda::draw(frame, app, theme, top);
                verify::draw_failing(frame, app, theme, bottom);
            } else {
                agenda::draw(frame, app, theme, body);
            }
        }
        Screen::Verify => verify::draw(frame, app, theme, l.body()),
        Screen::Team => team::draw(frame, app, theme, &l),
        Screen::Today => today::draw(frame, app, theme, l.body()),
        Screen::Review => review::draw(frame, app, theme, l.body()),
    }
    status::draw(frame, app, theme, l.status);
    match &app.overlay {
        Overlay::Conflicts(view) => conflicts::draw(frame, app, theme, area, view),
        Overlay::Help { .. } => help::draw(frame, app, theme, area),
        Overlay::Record { record, scroll } => {
            record::draw(frame, app, theme, area, record, *scroll)
        }
        Overlay::Form(entry) => form::draw(frame, app, theme, area, entry),
        Overlay::DraftOffer { kind, .. } => draft_offer(frame, app, theme, area, kind),
        Overlay::CloseFollowUp(row) => close_offer(frame, app, theme, area, row),
        Overlay::Views { views, selected } => {
            help::draw_views(frame, app, theme, area, views, *selected)
        }
        _ => {}
    }
}

/// Asks whether to reopen the form left open when the terminal went away.
fn draft_offer(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, kind: &str) {
    let lang = app.lang();
    let what = match kind {
        "activity" => tr(lang, T::KeyAdd),
        "graduation" => tr(lang, T::KeyGraduate),
        "household" => tr(lang, T::FormHouseholdNew),
        "void" => tr(lang, T::KeyVoid),
        _ => tr(lang, T::KeyRefer),
    };
    let w = area.width.saturating_sub(10).min(70);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + area.height / 3,
        w,
        5,
    );
    let block = pane_block(app, theme, None, Line::from(tr(lang, T::DraftOfferTitle)))
        .border_style(theme.border_focus);
    let inner = block.inner(rect);
    frame.render_widget(ratatui::widgets::Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(
        Paragraph::new(fill(tr(lang, T::MsgDraftOffer), &[&what])).wrap(Wrap { trim: true }),
        inner,
    );
}

/// After a visit: the household's open follow-up, Enter marks it done, Esc keeps it.
fn close_offer(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    row: &crate::model::AgendaRow,
) {
    let lang = app.lang();
    let w = area.width.saturating_sub(10).min(70);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + area.height / 3,
        w,
        6,
    );
    let block = pane_block(
        app,
        theme,
        None,
        Line::from(tr(lang, T::CloseFollowUpTitle)),
    )
    .border_style(theme.border_focus);
    let inner = block.inner(rect);
    frame.render_widget(ratatui::widgets::Clear, rect);
    frame.render_widget(block, rect);
    let text = fill(
        tr(lang, T::MsgCloseFollowUp),
        &[
            &safe(&row.summary),
            &crate::domain::format::date_short(lang, row.follow_up),
        ],
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
}

/// The notice below the smallest size: what is needed, how to quit, and the answer to
/// the last key (the only keys that work here quit).
fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let lang = app.lang();
    let text = fill(
        tr(lang, T::TooSmall),
        &[&area.width, &area.height, &MIN_WIDTH, &MIN_HEIGHT],
    );
    let mut lines = vec![Line::from(text), Line::from(tr(lang, T::TooSmallHint))];
    // Only q and Ctrl-c work here: what they answer (the question before a typed form is
    // lost) shows on the notice.
    if let Some(m) = &app.message {
        lines.push(Line::from(""));
        lines.push(Line::from(safe(&m.text)));
    }
    let y = area.height.saturating_sub(2) / 2;
    let rect = Rect::new(
        area.x,
        area.y + y,
        area.width,
        area.height.saturating_sub(y),
    );
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

/// A bordered block whose border shows whether `pane` has the focus.
fn pane_block<'a>(app: &App, theme: &Theme, pane: Option<Pane>, title: Line<'a>) -> Block<'a> {
    let focused = pane.is_some_and(|p| p == app.focus) && matches!(app.overlay, Overlay::None);
    let (border, marker) = if focused {
        (theme.border_focus, if theme.ascii { "> " } else { "▶ " })
    } else {
        (theme.border, "")
    };
    let mut spans = vec![Span::raw(" ")];
    if !marker.is_empty() {
        spans.push(Span::styled(marker, theme.border_focus));
    }
    spans.extend(title.spans);
    spans.push(Span::raw(" "));
    Block::bordered()
        .border_set(theme.border_set())
        .border_style(border)
        .title(Line::from(spans).style(theme.title))
}

/// Text from the database made safe to draw: control characters, bidirectional overrides
/// and zero-width characters cannot move the cursor or reorder the screen.
pub fn safe(s: &str) -> String {
    crate::domain::text::neutralize(s)
}

/// `s` without its first `columns` display columns (for a text field scrolled sideways).
pub fn skip_columns(s: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    s.chars()
        .skip_while(|c| {
            if used >= columns {
                return false;
            }
            used += c.width().unwrap_or(0);
            true
        })
        .collect()
}

/// `text` in lines of at most `width` display columns, broken at spaces (the core's, shared
/// with the help's layout).
pub use crate::app::layout::wrap;

/// Cuts `s` to at most `width` display columns, marking the cut with `…` (or `~`).
pub fn truncate(s: &str, width: usize, ascii: bool) -> String {
    use unicode_width::UnicodeWidthChar;
    let total: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push(if ascii { '~' } else { '…' });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_neutralises_escapes_and_bidi() {
        let s = safe("Siti\u{1b}[2J\u{202E}Aminah\u{7}");
        assert!(!s.contains('\u{1b}'));
        assert!(!s.contains('\u{202E}'));
        assert!(s.starts_with("Siti"));
        assert_eq!(safe("Ñoño Sànti"), "Ñoño Sànti");
    }

    #[test]
    fn wraps_by_display_width_at_spaces() {
        assert_eq!(
            wrap("NIK 3324 sudah terdaftar", 9),
            ["NIK 3324", "sudah", "terdaftar"]
        );
        assert_eq!(wrap("漢字漢字 ab", 5), ["漢字", "漢字", "ab"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 10), [""]);
        for line in wrap("Graduasi sejahtera mandiri perlu surat pernyataan", 12) {
            assert!(line.chars().count() <= 12, "{line}");
        }
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("Sri Wahyuningsih", 8, false), "Sri Wah…");
        assert_eq!(truncate("Sri", 8, true), "Sri");
        assert_eq!(truncate("漢字漢字", 5, true), "漢字~");
    }
}
