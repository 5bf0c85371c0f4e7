//! Colours, modifiers and symbols. Only the 16 named ANSI colours are used, so pilar looks
//! the same over any SSH client; with `NO_COLOR` a monochrome theme uses modifiers alone
//! (crossterm turns colour commands into resets that would also clear them). `--ascii`
//! swaps box-drawing and block characters for plain ASCII.

use crate::domain::nik::Nik;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub ascii: bool,
    pub color: bool,
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
    pub fn new(color: bool, ascii: bool) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if color {
            Theme {
                ascii,
                color,
                border: Style::new().fg(Color::DarkGray),
                border_focus: Style::new().fg(Color::Cyan),
                title: bold,
                header: bold.fg(Color::Yellow),
                selected: bold.fg(Color::Black).bg(Color::Cyan),
                selected_unfocused: Style::new().fg(Color::Black).bg(Color::Gray),
                muted: Style::new().fg(Color::DarkGray),
                warn: Style::new().fg(Color::Yellow),
                danger: bold.fg(Color::Red),
                good: Style::new().fg(Color::Green),
                gauge_fill: Style::new().fg(Color::Green),
                gauge_empty: Style::new().fg(Color::DarkGray),
                key: bold.fg(Color::Cyan),
                badge: bold.fg(Color::Black).bg(Color::Yellow),
            }
        } else {
            Theme {
                ascii,
                color,
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
