//! The `:` command line's memory and help: the commands run this session (Up/Down walk
//! back and forth through them, in memory only, never saved), and Tab completing a command
//! name from the keymap table's names in both languages (`:gra` Tab → `:graduasi `; where
//! several names fit, Tab goes to their common start, then through them one by one). Only
//! commands that work on the screen under the line are offered.

use tui_input::Input;

use super::commands::Arg;
use super::{App, Effect, Overlay};
use crate::keymap::{self, Param};

/// The session's command line history and the completion in progress.
#[derive(Debug, Clone, Default)]
pub struct LineMemory {
    /// Lines run, oldest first (a line run twice in a row is kept once).
    history: Vec<String>,
    /// Where Up/Down are in `history` (`None`: at the line being typed).
    at: Option<usize>,
    /// What was typed before Up first went back, given back by Down at the end.
    typed: String,
    /// A completion being cycled: the prefix typed, the match shown, and what it showed.
    cycle: Option<(String, usize, String)>,
}

impl LineMemory {
    /// The command line opens: Up starts from the newest line again.
    pub fn opened(&mut self) {
        self.at = None;
        self.typed.clear();
        self.cycle = None;
    }

    /// A line is run: remembered for Up.
    pub fn ran(&mut self, line: &str) {
        let line = line.trim();
        if !line.is_empty() && self.history.last().is_none_or(|l| l != line) {
            self.history.push(line.to_string());
        }
    }

    pub fn history(&self) -> &[String] {
        &self.history
    }
}

fn set(app: &mut App, text: &str) {
    if let Overlay::CommandLine(input) = &mut app.overlay {
        *input = Input::new(text.to_string());
    }
}

fn value(app: &App) -> Option<String> {
    match &app.overlay {
        Overlay::CommandLine(input) => Some(input.value().to_string()),
        _ => None,
    }
}

/// Up: the line run before the one shown.
pub fn history_prev(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(now) = value(app) else {
        return Vec::new();
    };
    let m = &mut app.line;
    if m.history.is_empty() {
        return Vec::new();
    }
    let at = match m.at {
        None => {
            m.typed = now;
            m.history.len() - 1
        }
        Some(i) => i.saturating_sub(1),
    };
    m.at = Some(at);
    let text = m.history[at].clone();
    set(app, &text);
    Vec::new()
}

/// Down: the line run after the one shown; past the newest, what was being typed.
pub fn history_next(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let m = &mut app.line;
    let Some(i) = m.at else {
        return Vec::new();
    };
    let text = if i + 1 < m.history.len() {
        m.at = Some(i + 1);
        m.history[i + 1].clone()
    } else {
        m.at = None;
        std::mem::take(&mut m.typed)
    };
    set(app, &text);
    Vec::new()
}

/// The `:` names that start with `prefix` (any case) and work where the line was opened,
/// in the table's order.
pub fn candidates(app: &mut App, prefix: &str) -> Vec<&'static str> {
    // The context under the line: where the command would run.
    let line = std::mem::replace(&mut app.overlay, Overlay::None);
    let ctx = app.ctx();
    app.overlay = line;
    let prefix = prefix.to_lowercase();
    keymap::BINDINGS
        .iter()
        .filter(|b| keymap::applies(b, ctx))
        .flat_map(|b| b.names.iter().copied())
        .filter(|n| n.starts_with(&prefix))
        .collect()
}

/// Tab: completes the command name being typed.
pub fn complete(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(now) = value(app) else {
        return Vec::new();
    };
    // Only the name is completed, not an argument after it.
    if now.contains(char::is_whitespace) {
        return Vec::new();
    }
    // Tab again on a shown match: the next one.
    if let Some((prefix, i, shown)) = app.line.cycle.clone()
        && shown == now
    {
        let found = candidates(app, &prefix);
        if !found.is_empty() {
            let next = (i + 1) % found.len();
            app.line.cycle = Some((prefix, next, found[next].to_string()));
            set(app, found[next]);
        }
        return Vec::new();
    }
    app.line.cycle = None;
    let found = candidates(app, &now);
    match found.as_slice() {
        [] => {}
        [one] => {
            let b = keymap::by_name(one).expect("a name from the table");
            let text = if b.param == Param::None {
                one.to_string()
            } else {
                format!("{one} ")
            };
            set(app, &text);
        }
        [first, ..] => {
            let common = found.iter().fold(first.to_string(), |acc, n| {
                acc.chars()
                    .zip(n.chars())
                    .take_while(|(a, b)| a == b)
                    .map(|(a, _)| a)
                    .collect()
            });
            if common.chars().count() > now.chars().count() {
                set(app, &common);
            } else {
                app.line.cycle = Some((now.to_lowercase(), 0, first.to_string()));
                set(app, first);
            }
        }
    }
    Vec::new()
}
