//! Typed text: the one mapping from editing commands to text-input requests, used alike
//! by form fields, the `:` command line and the `/` search box. Which key edits how is a
//! row of the keymap table (Ctrl-u, Ctrl-w, Ctrl-a/Home, Ctrl-e/End, Backspace, Delete,
//! Left/Right), so the help lists them and every text context edits the same way.
//!
//! A paste (the terminal's bracketed paste) is text, never keys: [`paste`] puts it into
//! whatever takes typed text, on one line, so a pasted line break cannot save a form or
//! run a command.

use tui_input::{Input, InputRequest};

use super::commands::{self, Arg};
use super::{App, Effect, Overlay, caseload, forms};
use crate::keymap::{self, Command, Ctx, Key};

/// What an editing command does to the text and its cursor (`None`: not an editing
/// command).
pub fn request(command: Command) -> Option<InputRequest> {
    Some(match command {
        Command::CursorLeft => InputRequest::GoToPrevChar,
        Command::CursorRight => InputRequest::GoToNextChar,
        Command::LineStart => InputRequest::GoToStart,
        Command::LineEnd => InputRequest::GoToEnd,
        Command::DeleteBack => InputRequest::DeletePrevChar,
        Command::DeleteForward => InputRequest::DeleteNextChar,
        Command::DeleteWord => InputRequest::DeletePrevWord,
        Command::ClearToStart => InputRequest::DeleteFromStart,
        _ => return None,
    })
}

/// What `key` does to typed text in `ctx`: a character is inserted; an editing key edits.
pub fn request_for(ctx: Ctx, key: Key) -> Option<InputRequest> {
    match key {
        Key::Char(c) => Some(InputRequest::InsertChar(c)),
        _ => keymap::command_for(ctx, key).and_then(request),
    }
}

/// The editing rows of the keymap table: edit the open text (in a form, the focused
/// field, through the form).
pub fn edit(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let Some(req) = request(arg.command) else {
        return Vec::new();
    };
    match &mut app.overlay {
        Overlay::Form(_) => forms::form_key(app, arg),
        Overlay::CommandLine(input) => {
            // Backspace on an empty command line closes it.
            if arg.command == Command::DeleteBack && input.value().is_empty() {
                app.overlay = Overlay::None;
            } else {
                input.handle(req);
            }
            Vec::new()
        }
        Overlay::Search(input) => {
            input.handle(req);
            let text = input.value().to_string();
            caseload::set_filter(app, &text)
        }
        _ => Vec::new(),
    }
}

/// A key with no row in a text context (a letter, mostly): typed into the open text.
pub(super) fn typed(app: &mut App, key: Key) -> Vec<Effect> {
    match &mut app.overlay {
        Overlay::Form(_) => forms::key(app, key),
        Overlay::CommandLine(input) => {
            if let Key::Char(c) = key {
                input.handle(InputRequest::InsertChar(c));
            }
            Vec::new()
        }
        Overlay::Search(input) => {
            let Key::Char(c) = key else {
                return Vec::new();
            };
            input.handle(InputRequest::InsertChar(c));
            let text = input.value().to_string();
            caseload::set_filter(app, &text)
        }
        _ => Vec::new(),
    }
}

/// Pasted text as one line of typed text: the line break a copied cell ends with is not
/// part of its value; other line breaks and tabs become spaces; other control characters
/// are dropped. (pilar's text fields are all one line.)
pub fn pasted_line(text: &str) -> String {
    text.trim_end_matches(['\n', '\r'])
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Inserts `text` at the cursor of `input`, the cursor after it (one edit, however long).
pub fn insert(input: &mut Input, text: &str) {
    let at = input.cursor();
    let value = input.value();
    let split = value.char_indices().nth(at).map_or(value.len(), |(i, _)| i);
    let joined = format!("{}{text}{}", &value[..split], &value[split..]);
    *input = Input::new(joined).with_cursor(at + text.chars().count());
}

/// A paste: into the focused form field, the command line or the search box; on the
/// caseload's screens (no window open) it searches for the pasted text, as `/` and typing
/// it would. Anywhere else (help, a list of views, a question) it does nothing.
pub(super) fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    let text = pasted_line(text);
    // Nothing is typed into what the "too small" notice hides.
    if text.is_empty() || !app.fits() {
        return Vec::new();
    }
    match &mut app.overlay {
        Overlay::Form(_) => forms::paste(app, &text),
        Overlay::CommandLine(input) => {
            insert(input, &text);
            Vec::new()
        }
        Overlay::Search(input) => {
            insert(input, &text);
            let text = input.value().to_string();
            caseload::set_filter(app, &text)
        }
        Overlay::None => {
            let search = keymap::binding(Command::Search);
            if !keymap::applies(search, app.ctx()) {
                return Vec::new();
            }
            // A paste is a new search: the box opens with the pasted text alone.
            let mut fx = commands::run(app, search, Arg::named(Command::Search, ""));
            if let Overlay::Search(input) = &mut app.overlay {
                *input = Input::default();
                insert(input, &text);
                fx.extend(caseload::set_filter(app, &text));
            }
            fx
        }
        _ => Vec::new(),
    }
}
