//! Colours, modifiers and symbols: every widget takes its styles from one [`Theme`]. Only
//! the 16 named ANSI colours are used (and written as the classic SGR codes, see
//! `crate::term`), so pilar looks the same over any SSH client and on the Linux console.
//! Nothing is drawn in DarkGray (palette 8 is the background of Solarized Dark): muted text
//! and borders are Gray on the dark palette and the default colour on the light one. Two
//! palettes, [`Palette::Dark`] (the default) and [`Palette::Light`] (no yellow, cyan or
//! green text, which a white background washes out); with `NO_COLOR` a monochrome theme
//! uses modifiers alone (crossterm turns colour commands into resets that would also clear
//! them). ASCII (`--ascii`, a non-UTF-8 locale, `TERM=dumb|vt100|vt220`) swaps box-drawing,
//! block characters, arrows and ellipses for plain ASCII.

use crate::domain::nik::Nik;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// Which background the colours are chosen for (`--theme`, `PILAR_THEME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    #[default]
    Dark,
    Light,
}

impl Palette {
    /// `light` or `dark` (any case); `None` for anything else.
    pub fn parse(s: &str) -> Option<Palette> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dark" | "gelap" => Some(Palette::Dark),
            "light" | "terang" => Some(Palette::Light),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub ascii: bool,
    pub color: bool,
    /// Draw inside synchronized updates (off for the old terminals that do not know them).
    pub sync: bool,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub header: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub muted: Style,
    pub warn: Style,
    pub danger: Style,
    pub good: Style,
    pub gauge_fill: Style,
    pub gauge_empty: Style,
    pub key: Style,
    pub badge: Style,
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII_BARS: ratatui::symbols::bar::Set = ratatui::symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "#",
    three_eighths: " ",
    one_quarter: " ",
    one_eighth: " ",
    empty: " ",
};

const ASCII_SPARK: ratatui::symbols::bar::Set = ratatui::symbols::bar::Set {
    full: "|",
    seven_eighths: "|",
    three_quarters: "|",
    five_eighths: ":",
    half: ":",
    three_eighths: ":",
    one_quarter: ".",
    one_eighth: ".",
    empty: " ",
};

impl Theme {
    /// The dark palette (the default).
    pub fn new(color: bool, ascii: bool) -> Theme {
        Theme::with_palette(Palette::Dark, color, ascii)
    }

    pub fn with_palette(palette: Palette, color: bool, ascii: bool) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if color && palette == Palette::Dark {
            Theme {
                ascii,
                color,
                sync: true,
                border: Style::new().fg(Color::Gray),
                border_focus: Style::new().fg(Color::Cyan),
                title: bold,
                header: bold.fg(Color::Yellow),
                selected: bold.fg(Color::Black).bg(Color::Cyan),
                selected_unfocused: Style::new().fg(Color::Black).bg(Color::Gray),
                muted: Style::new().fg(Color::Gray),
                warn: Style::new().fg(Color::Yellow),
                danger: bold.fg(Color::Red),
                good: Style::new().fg(Color::Green),
                gauge_fill: Style::new().fg(Color::Green),
                gauge_empty: Style::new().fg(Color::Gray),
                key: bold.fg(Color::Cyan),
                badge: bold.fg(Color::Black).bg(Color::Yellow),
            }
        } else if color {
            // A light background: dark colours for text, light ones only as backgrounds.
            Theme {
                ascii,
                color,
                sync: true,
                border: Style::new(),
                border_focus: Style::new().fg(Color::Blue),
                title: bold,
                header: bold.fg(Color::Blue),
                selected: bold.fg(Color::White).bg(Color::Blue),
                selected_unfocused: Style::new().fg(Color::Black).bg(Color::Gray),
                muted: Style::new(),
                warn: bold.fg(Color::Magenta),
                danger: bold.fg(Color::Red),
                good: Style::new().fg(Color::Blue),
                gauge_fill: Style::new().fg(Color::Blue),
                gauge_empty: Style::new(),
                key: bold.fg(Color::Blue),
                badge: bold.fg(Color::Black).bg(Color::Yellow),
            }
        } else {
            Theme {
                ascii,
                color,
                sync: true,
                border: Style::new(),
                border_focus: bold,
                title: bold,
                header: bold.add_modifier(Modifier::UNDERLINED),
                selected: bold.add_modifier(Modifier::REVERSED),
                selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
                muted: Style::new(),
                warn: bold,
                danger: bold,
                good: Style::new(),
                gauge_fill: bold,
                gauge_empty: Style::new(),
                key: bold,
                badge: bold.add_modifier(Modifier::REVERSED),
            }
        }
    }

    pub fn border_set(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::ROUNDED
        }
    }

    /// Characters for the filled and empty part of a gauge bar.
    pub fn gauge_chars(&self) -> (char, char) {
        if self.ascii {
            ('#', '-')
        } else {
            ('█', '░')
        }
    }

    /// Blocks for bar charts (whole `#` bars in ASCII).
    pub fn bar_set(&self) -> ratatui::symbols::bar::Set<'static> {
        if self.ascii {
            ASCII_BARS
        } else {
            ratatui::symbols::bar::NINE_LEVELS
        }
    }

    /// Blocks for sparklines (`.`, `:`, `|` in ASCII).
    pub fn sparkline_set(&self) -> ratatui::symbols::bar::Set<'static> {
        if self.ascii {
            ASCII_SPARK
        } else {
            ratatui::symbols::bar::NINE_LEVELS
        }
    }

    /// An arrow pointing right (`->` in ASCII).
    pub fn arrow(&self) -> &'static str {
        if self.ascii { "->" } else { "→" }
    }

    /// The sort mark of a column: up for ascending, down for descending (`^`/`v` in ASCII).
    pub fn sort_mark(&self, descending: bool) -> &'static str {
        match (descending, self.ascii) {
            (false, false) => "▲",
            (true, false) => "▼",
            (false, true) => "^",
            (true, true) => "v",
        }
    }

    /// Separator between items on one line.
    pub fn dot(&self) -> &'static str {
        if self.ascii { " - " } else { " · " }
    }

    /// A NIK or No KK masked with this theme's fill (a non-16-digit value is shown as is).
    pub fn mask(&self, digits: &str) -> String {
        match Nik::from_digits(digits) {
            Some(nik) if self.ascii => nik.masked_ascii(),
            Some(nik) => nik.masked(),
            None => digits.to_string(),
        }
    }
}

/// The last step of every frame in ASCII mode: whatever is still not ASCII in the buffer
/// (a quote or a dash from the text table, a name with diacritics, a symbol a widget drew)
/// becomes its nearest ASCII look-alike, or `?`. So an ASCII terminal receives no byte
/// of 0x80 or above, whatever the data holds.
pub fn to_ascii(buf: &mut ratatui::buffer::Buffer) {
    use unicode_normalization::UnicodeNormalization;
    for cell in buf.content.iter_mut() {
        let symbol = cell.symbol();
        if symbol.is_ascii() {
            continue;
        }
        let plain: String = match symbol {
            "«" | "»" | "“" | "”" | "„" => "\"".into(),
            "‘" | "’" | "‚" => "'".into(),
            "…" => "~".into(),
            "·" | "•" => "-".into(),
            "–" | "—" | "─" | "━" | "═" => "-".into(),
            "│" | "┃" | "║" => "|".into(),
            "↑" | "▲" => "^".into(),
            "↓" | "▼" => "v".into(),
            "→" | "▶" | "›" => ">".into(),
            "←" | "◀" | "‹" => "<".into(),
            "░" => "-".into(),
            _ if symbol
                .chars()
                .all(|c| ('\u{2580}'..='\u{259f}').contains(&c)) =>
            {
                "#".into()
            }
            _ if symbol
                .chars()
                .all(|c| ('\u{2500}'..='\u{257f}').contains(&c)) =>
            {
                "+".into()
            }
            _ => {
                // Letters with diacritics lose them (é -> e); anything else is `?`.
                let base: String = symbol.nfd().filter(char::is_ascii).collect();
                if base.is_empty() { "?".into() } else { base }
            }
        };
        cell.set_symbol(&plain);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    #[test]
    fn themes_never_use_dark_gray() {
        for palette in [Palette::Dark, Palette::Light] {
            let t = Theme::with_palette(palette, true, false);
            for s in [
                t.border,
                t.border_focus,
                t.title,
                t.header,
                t.muted,
                t.warn,
                t.danger,
                t.good,
                t.gauge_fill,
                t.gauge_empty,
                t.key,
            ] {
                assert_ne!(s.fg, Some(Color::DarkGray), "{palette:?} {s:?}");
                assert_eq!(s.bg, None, "text on the default background: {s:?}");
            }
        }
        // On a light background no yellow, cyan or green text.
        let light = Theme::with_palette(Palette::Light, true, false);
        for s in [
            light.header,
            light.warn,
            light.good,
            light.key,
            light.border_focus,
        ] {
            assert!(
                !matches!(
                    s.fg,
                    Some(Color::Yellow | Color::Cyan | Color::Green | Color::Gray)
                ),
                "{s:?}"
            );
        }
    }

    #[test]
    fn palettes_parse_in_both_languages() {
        assert_eq!(Palette::parse("light"), Some(Palette::Light));
        assert_eq!(Palette::parse(" Dark "), Some(Palette::Dark));
        assert_eq!(Palette::parse("terang"), Some(Palette::Light));
        assert_eq!(Palette::parse("solarized"), None);
        assert_eq!(Palette::parse(""), None);
    }

    #[test]
    fn ascii_pass_leaves_no_byte_above_127() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 1));
        buf.set_string(
            0,
            0,
            "Cari «sit» ╭─▶ █░ ↓ Ñoño… 漢",
            ratatui::style::Style::new(),
        );
        to_ascii(&mut buf);
        let text: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(text.is_ascii(), "{text}");
        assert!(text.starts_with("Cari \"sit\" +-> #- v Nono~ ?"), "{text}");
    }
}
