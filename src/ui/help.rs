//! The help overlay (`?` or F1): every row of the keymap table with its keys, what it
//! does (wrapped by display width, never cut) and its `:` command names (both languages,
//! and any alias), then the filter language and the legend of list marks. The lines are
//! laid out by the core (`app::help`), which also knows where scrolling ends.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane_block};
use crate::app::App;
use crate::app::help::{self, HelpLine};
use crate::app::layout::help_area;
use crate::i18n::{T, tr};
use crate::model::SavedView;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let rect = help_area(area.width, area.height);
    let rect = Rect::new(area.x + rect.x, area.y + rect.y, rect.width, rect.height);
    let block = pane_block(app, theme, None, Line::from(tr(lang, T::HelpTitle)))
        .border_style(theme.border_focus)
        .title_bottom(Line::from(format!(" {} ", tr(lang, T::HelpClose))).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);

    let keys_w = help::keys_width();
    let lines: Vec<Line> = help::lines(lang, inner.width as usize, theme.ascii)
        .into_iter()
        .map(|l| match l {
            HelpLine::Row { keys, text, names } => {
                let pad = keys_w.saturating_sub(keys.chars().count());
                let mut spans = vec![
                    Span::styled(format!(" {keys}{}  ", " ".repeat(pad)), theme.key),
                    Span::raw(text.clone()),
                ];
                if !names.is_empty() {
                    let gap = if text.is_empty() { "" } else { "  " };
                    spans.push(Span::raw(gap));
                    spans.push(Span::styled(names, theme.muted));
                }
                Line::from(spans)
            }
            HelpLine::Heading(t) => Line::from(Span::styled(t, theme.header)),
            HelpLine::Text(t) => Line::from(t),
            HelpLine::Blank => Line::from(""),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).scroll((help::scroll(app), 0)), inner);
}

/// The saved-views list (`v`): number, name, search text and sort.
pub fn draw_views(
    frame: &mut Frame,
    app: &App,
    theme: &Theme,
    area: Rect,
    views: &[SavedView],
    selected: usize,
) {
    let lang = app.lang();
    let w = area.width.saturating_sub(8).min(72);
    let h = (views.len() as u16 + 2).clamp(3, area.height.saturating_sub(4));
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 4, w, h);
    let block = pane_block(app, theme, None, Line::from(tr(lang, T::ViewsTitle)))
        .border_style(theme.border_focus);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    if views.is_empty() {
        frame.render_widget(
            Paragraph::new(tr(lang, T::ViewsEmpty))
                .style(theme.muted)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let lines: Vec<Line> = views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let number = if i < 9 {
                format!("{} ", i + 1)
            } else {
                "  ".into()
            };
            let text = format!(
                "{number}{}  /{}  [{}]",
                super::safe(&v.name),
                super::safe(&v.query),
                crate::i18n::sort_column_label(lang, v.sort.column)
            );
            let style = if i == selected {
                theme.selected
            } else {
                Default::default()
            };
            Line::from(Span::styled(
                super::truncate(&text, inner.width as usize, theme.ascii),
                style,
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
