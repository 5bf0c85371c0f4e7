//! The help overlay (`?` or F1): every row of the keymap table with its keys, what it
//! does and its `:` command names (both languages, and any alias), then the filter
//! language and the legend of list marks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, pane_block};
use crate::app::App;
use crate::i18n::{T, tr};
use crate::keymap::{self, BINDINGS};
use crate::model::SavedView;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, scroll: u16) {
    let lang = app.lang();
    let w = area.width.saturating_sub(4).min(96);
    let h = area.height.saturating_sub(2);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let block = pane_block(app, theme, None, Line::from(tr(lang, T::HelpTitle)))
        .border_style(theme.border_focus)
        .title_bottom(Line::from(format!(" {} ", tr(lang, T::HelpClose))).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);

    let keys_w = BINDINGS
        .iter()
        .map(|b| keymap::keys_label(b, theme.ascii).chars().count())
        .max()
        .unwrap_or(8);
    let names_of = |b: &keymap::Binding| {
        b.names
            .iter()
            .map(|n| format!(":{n}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let names_w = BINDINGS
        .iter()
        .map(|b| names_of(b).chars().count())
        .max()
        .unwrap_or(20);
    // Key column, description, command names; the description gives way on narrow screens.
    let help_w = (inner.width as usize)
        .saturating_sub(1 + keys_w + 2 + 2 + names_w)
        .max(12);
    let mut lines: Vec<Line> = Vec::new();
    for b in BINDINGS {
        let keys = keymap::keys_label(b, theme.ascii);
        let help = super::truncate(tr(lang, b.help), help_w, theme.ascii);
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys:<keys_w$}  "), theme.key),
            Span::raw(format!("{help:<help_w$}  ")),
            Span::styled(names_of(b), theme.muted),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        tr(lang, T::HelpFilterTitle),
        theme.header,
    )));
    // The filter example, wrapped at words.
    let width = (inner.width as usize).saturating_sub(2).max(20);
    let mut line = String::from(" /");
    for word in tr(lang, T::HelpFilterExample).split(' ') {
        if line.chars().count() + 1 + word.chars().count() > width && line.len() > 2 {
            lines.push(Line::from(std::mem::replace(&mut line, String::from("  "))));
        }
        if !line.ends_with(' ') && !line.ends_with('/') {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(Line::from(line));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        tr(lang, T::HelpLegendTitle),
        theme.header,
    )));
    for t in [
        T::HelpLegendOverdue,
        T::HelpLegendMarked,
        T::HelpLegendBusiness,
        T::HelpLegendCandidate,
        T::HelpLegendDays,
    ] {
        lines.push(Line::from(format!(" {}", tr(lang, t))));
    }
    let max_scroll = lines.len().saturating_sub(inner.height as usize) as u16;
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll.min(max_scroll), 0)),
        inner,
    );
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
