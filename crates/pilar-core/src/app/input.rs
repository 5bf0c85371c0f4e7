//! Typed text: the one mapping from editing commands to text-input requests, used alike
//! by form fields, the `:` command line and the `/` search box. Which key edits how is a
//! row of the keymap table (Ctrl-u, Ctrl-w, Ctrl-a/Home, Ctrl-e/End, Backspace, Delete,
//! Left/Right), so the help lists them and every text context edits the same way.

use tui_input::InputRequest;

use super::commands::Arg;
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
