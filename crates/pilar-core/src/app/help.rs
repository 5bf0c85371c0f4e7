//! The help overlay's lines, laid out for a width: every row of the keymap table (its keys,
//! what it does, its `:` names in both languages), then the filter language and the legend
//! of list marks. Descriptions wrap by display width under their own column and are never
//! cut; the names follow the description, on its last line when they fit. The layout is
//! the core's so that scrolling knows where the help ends; the UI only draws the lines.

use super::layout::{help_area, wrap};
use super::{App, Overlay};
use crate::domain::Lang;
use crate::i18n::{T, tr};
use crate::keymap::{self, BINDINGS};

/// One line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A binding's line: its keys (first line only), a piece of its description and, on
    /// the last line, its `:` names.
    Row {
        keys: String,
        text: String,
        names: String,
    },
    Heading(&'static str),
    Text(String),
    Blank,
}

/// Width of the key column: the widest keys in ASCII (wider than the arrows), so the
/// layout, and where the help ends, is the same in both.
pub fn keys_width() -> usize {
    BINDINGS
        .iter()
        .map(|b| keymap::keys_label(b, true).chars().count())
        .max()
        .unwrap_or(8)
}

/// The help's lines for an inner width of `width` columns.
pub fn lines(lang: Lang, width: usize, ascii: bool) -> Vec<HelpLine> {
    let keys_w = keys_width();
    // " keys  description"
    let text_w = width.saturating_sub(1 + keys_w + 2).max(12);
    let mut out = Vec::new();
    for b in BINDINGS {
        let names = b
            .names
            .iter()
            .map(|n| format!(":{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut text = wrap(tr(lang, b.help), text_w);
        let last = text.last().map_or(0, |l| crate::app::layout::width(l));
        // The names after the description when they fit, else on lines of their own.
        let mut names_lines = Vec::new();
        if !names.is_empty() {
            if last + 2 + crate::app::layout::width(&names) <= text_w {
                names_lines.push((text.len() - 1, names));
            } else {
                for l in wrap(&names, text_w) {
                    text.push(String::new());
                    names_lines.push((text.len() - 1, l));
                }
            }
        }
        for (i, t) in text.into_iter().enumerate() {
            let names = names_lines
                .iter()
                .find(|(at, _)| *at == i)
                .map_or(String::new(), |(_, n)| n.clone());
            let keys = if i == 0 {
                keymap::keys_label(b, ascii)
            } else {
                String::new()
            };
            out.push(HelpLine::Row {
                keys,
                text: t,
                names,
            });
        }
    }
    out.push(HelpLine::Blank);
    out.push(HelpLine::Heading(tr(lang, T::HelpFilterTitle)));
    let example = format!("/{}", tr(lang, T::HelpFilterExample));
    for l in wrap(&example, width.saturating_sub(2).max(12)) {
        out.push(HelpLine::Text(format!(" {l}")));
    }
    out.push(HelpLine::Blank);
    out.push(HelpLine::Heading(tr(lang, T::HelpLegendTitle)));
    for t in [
        T::HelpLegendOverdue,
        T::HelpLegendMarked,
        T::HelpLegendBusiness,
        T::HelpLegendCandidate,
        T::HelpLegendDesil,
        T::HelpLegendDays,
    ] {
        for l in wrap_aligned(tr(lang, t), width.saturating_sub(2).max(12)) {
            out.push(HelpLine::Text(format!(" {l}")));
        }
    }
    out
}

/// `text` as it is when it fits (the legend aligns with double spaces), else wrapped.
fn wrap_aligned(text: &str, width: usize) -> Vec<String> {
    if crate::app::layout::width(text) <= width {
        vec![text.to_string()]
    } else {
        wrap(text, width)
    }
}

/// How far the help scrolls on the current screen: its last line at the bottom.
pub fn max_scroll(app: &App) -> u64 {
    let area = help_area(app.size.0, app.size.1);
    let inner_w = area.width.saturating_sub(2) as usize;
    let inner_h = area.height.saturating_sub(2) as usize;
    lines(app.lang(), inner_w, true)
        .len()
        .saturating_sub(inner_h) as u64
}

/// The help's scroll, within its end (for drawing after a resize).
pub fn scroll(app: &App) -> u16 {
    match app.overlay {
        Overlay::Help { scroll } => (u64::from(scroll).min(max_scroll(app))) as u16,
        _ => 0,
    }
}
