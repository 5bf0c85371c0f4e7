//! Running the keymap table's commands: [`run`] is the one place that refuses what may not
//! run (a write on a read-only database, a supervisor's write in a caseload, a missing
//! argument), from the row's attributes, before calling the row's function. The `:`
//! command line finds rows by name and runs them the same way. The commands that belong to
//! no slice live here: moving (routed to the slice in view), Enter and Esc, panes and
//! screens, help, the command line, quitting.

use tui_input::Input;

use super::window::apply_delta;
use super::{
    App, Effect, Overlay, Pane, Screen, agenda, caseload, forms, household, layout, log, team,
};
use crate::i18n::{T, fill, tr};
use crate::keymap::{self, Binding, Command, Key, Param};
use crate::model::Role;

/// What a command is called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arg<'a> {
    /// The command run (one function may serve a pair, like keep ours / take theirs).
    pub command: Command,
    /// The key that ran it (`None` from the `:` line).
    pub key: Option<Key>,
    /// The text after the command's name on the `:` line (empty from a key).
    pub text: &'a str,
}

impl Arg<'static> {
    pub fn key(command: Command, key: Key) -> Arg<'static> {
        Arg {
            command,
            key: Some(key),
            text: "",
        }
    }
}

impl<'a> Arg<'a> {
    pub fn named(command: Command, text: &'a str) -> Arg<'a> {
        Arg {
            command,
            key: None,
            text,
        }
    }
}

/// Runs a row of the keymap table, after the checks its attributes ask for.
pub fn run(app: &mut App, b: &Binding, arg: Arg<'_>) -> Vec<Effect> {
    if b.access.writes() && app.read_only {
        app.error(tr(app.lang(), T::MsgReadOnly).to_string());
        return Vec::new();
    }
    if b.access.writes() && !b.access.supervisor_may() && app.user.role == Role::Supervisor {
        // A caseload is its facilitator's to change.
        app.info(T::MsgSupervisorReadOnly);
        return Vec::new();
    }
    if let Param::Required(how) = b.param
        && arg.text.is_empty()
    {
        app.error(tr(app.lang(), how).to_string());
        return Vec::new();
    }
    (b.run)(app, arg)
}

/// Enter on the command line runs what was typed; in the search box it keeps the filter.
pub fn run_line(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    match std::mem::replace(&mut app.overlay, Overlay::None) {
        Overlay::CommandLine(input) => {
            app.line.ran(input.value());
            run_typed(app, input.value().trim())
        }
        // Enter keeps the search as the list's filter (and, past the scoring limit, says
        // again why `siap:` matches nobody: the key cleared the message).
        _ => {
            super::caseload::explain_unscored(app);
            Vec::new()
        }
    }
}

/// A `:` line: a command name in either language, then its argument, if any.
fn run_typed(app: &mut App, text: &str) -> Vec<Effect> {
    if text.is_empty() {
        return Vec::new();
    }
    let (name, rest) = match text.split_once(char::is_whitespace) {
        Some((n, a)) => (n, a.trim()),
        None => (text, ""),
    };
    let Some(b) = keymap::by_name(name) else {
        let msg = fill(tr(app.lang(), T::MsgUnknownCommand), &[&text]);
        app.error(msg);
        return Vec::new();
    };
    // A command runs where its keys would: `:selesai` only on the agenda, and so on.
    if !keymap::applies(b, app.ctx()) {
        let msg = fill(tr(app.lang(), T::MsgNotHere), &[&text]);
        app.error(msg);
        return Vec::new();
    }
    let text = if b.param == Param::None { "" } else { rest };
    run(app, b, Arg::named(b.command, text))
}

/// "Sorted by X, ascending/descending", for the list and the team table alike.
pub(super) fn sort_message(app: &mut App, label: &str, descending: bool) {
    let lang = app.lang();
    let dir = tr(lang, if descending { T::SortDesc } else { T::SortAsc });
    app.say(fill(tr(lang, T::MsgSortBy), &[&label, &dir]));
}

pub fn move_down(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    scroll(app, 1)
}

pub fn move_up(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    scroll(app, -1)
}

pub fn top(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    scroll(app, i64::MIN)
}

pub fn bottom(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    scroll(app, i64::MAX)
}

pub fn page_down(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let page = page(app) as i64;
    scroll(app, page)
}

pub fn page_up(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let page = page(app) as i64;
    scroll(app, -page)
}

/// Ctrl-d: half a page down.
pub fn half_page_down(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let half = (page(app) / 2).max(1) as i64;
    scroll(app, half)
}

/// Ctrl-u: half a page up.
pub fn half_page_up(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let half = (page(app) / 2).max(1) as i64;
    scroll(app, -half)
}

/// Rows in a page of what is in view.
fn page(app: &App) -> u64 {
    if app.screen == Screen::Team {
        return team::page_size(app);
    }
    if app.screen == Screen::Today {
        return super::today::page_size(app);
    }
    if app.screen == Screen::Verify {
        return app.verify.window.height.max(1);
    }
    if app.screen == Screen::Review {
        return app.review.window.height.max(1);
    }
    match app.focus {
        Pane::List => app.caseload.list.height,
        Pane::Log => app.log.window.height,
        Pane::Detail => layout::layout(app.size.0, app.size.1).map_or(1, |l| l.detail_rows()),
    }
    .max(1)
}

/// Moves in what has the keys: an overlay's list, else the screen's, else the focused
/// pane's. `i64::MIN` and `i64::MAX` go to the top and the bottom.
fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    match &mut app.overlay {
        Overlay::Conflicts(view) => {
            view.move_by(delta);
            return Vec::new();
        }
        Overlay::Help { .. } => {
            // To the help's last line at the bottom of the screen.
            let max = super::help::max_scroll(app);
            let Overlay::Help { scroll } = &mut app.overlay else {
                return Vec::new();
            };
            *scroll = apply_delta(u64::from(*scroll), delta, max) as u16;
            return Vec::new();
        }
        Overlay::Record { record, scroll } => {
            // About as many lines as the window draws (the ui stops at the last one).
            let max = (record.attendance.len() + 8 + record.detail.len() / 40) as u64;
            *scroll = apply_delta(u64::from(*scroll), delta, max) as u16;
            return Vec::new();
        }
        Overlay::Views { views, selected } => {
            let max = views.len().saturating_sub(1) as u64;
            *selected = apply_delta(*selected as u64, delta, max) as usize;
            return Vec::new();
        }
        _ => {}
    }
    match (app.screen, app.focus) {
        (Screen::Agenda, _) => agenda::scroll(app, delta),
        (Screen::Team, _) => team::scroll(app, delta),
        (Screen::Today, _) => super::today::scroll(app, delta),
        (Screen::Verify, _) => super::verify::scroll(app, delta),
        (Screen::Review, _) => super::review::scroll(app, delta),
        (Screen::Dashboard, Pane::List) => caseload::scroll(app, delta),
        (Screen::Dashboard, Pane::Log) => log::scroll(app, delta),
        (Screen::Dashboard, Pane::Detail) => household::scroll(app, delta),
    }
}

pub fn next_pane(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.focus = app.focus.next();
    Vec::new()
}

pub fn prev_pane(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.focus = app.focus.prev();
    Vec::new()
}

/// Enter: pick a saved view, reopen a draft, open a facilitator's caseload, go to a
/// follow-up's or an activity's household, or focus the detail.
pub fn open(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    match app.overlay {
        Overlay::Views { selected, .. } => return caseload::pick(app, selected + 1),
        Overlay::DraftOffer { .. } => return forms::reopen_draft(app),
        Overlay::CloseFollowUp(_) => return agenda::close_offered(app),
        _ => {}
    }
    match (app.screen, app.focus) {
        (Screen::Team, _) => team::open(app),
        (Screen::Agenda, _) => agenda::open(app),
        (Screen::Today, _) => super::today::open(app),
        (Screen::Verify, _) => Vec::new(),
        (Screen::Review, _) => super::review::open(app),
        (Screen::Dashboard, Pane::List) => caseload::open(app),
        (Screen::Dashboard, Pane::Log) => log::open(app),
        (Screen::Dashboard, Pane::Detail) => Vec::new(),
    }
}

/// Esc (and `q` in a window): back one step, whatever is in view.
pub fn back(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let list = app.focus == Pane::List;
    match app.overlay {
        Overlay::DraftOffer { .. } => forms::discard_draft(app),
        // Back from the review to the team it was opened from.
        Overlay::None if app.screen == Screen::Review => team::open_screen(app),
        Overlay::None if app.screen != Screen::Dashboard => {
            app.screen = Screen::Dashboard;
            Vec::new()
        }
        // Back from a household opened from the review to the review.
        Overlay::None if list && !app.filtering() && app.review.opened => {
            super::review::back_to(app)
        }
        // Back from a facilitator's caseload to the team.
        Overlay::None if list && !app.filtering() && app.scope_name.is_some() => {
            team::open_screen(app)
        }
        Overlay::Search(_) => {
            app.overlay = Overlay::None;
            caseload::set_filter(app, "")
        }
        Overlay::None if list && app.filtering() => caseload::set_filter(app, ""),
        Overlay::None => {
            app.focus = Pane::List;
            Vec::new()
        }
        _ => {
            app.overlay = Overlay::None;
            Vec::new()
        }
    }
}

/// `s` / `S`: the team table's sort on the team screen, else the list's.
pub fn sort(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    if app.screen == Screen::Team {
        team::sort(app, arg.command)
    } else {
        caseload::sort(app, arg.command)
    }
}

pub fn dashboard(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.screen = Screen::Dashboard;
    Vec::new()
}

pub fn help(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.overlay = match app.overlay {
        Overlay::Help { .. } => Overlay::None,
        _ => Overlay::Help { scroll: 0 },
    };
    Vec::new()
}

pub fn command_line(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.overlay = Overlay::CommandLine(Input::default());
    app.line.opened();
    Vec::new()
}

/// Ctrl-l: the shell clears the screen and draws it whole.
pub fn redraw(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.terminal = Some(super::TerminalOp::Redraw);
    Vec::new()
}

/// Ctrl-z: the shell gives the terminal back and stops until `fg`.
pub fn suspend(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.terminal = Some(super::TerminalOp::Suspend);
    Vec::new()
}

/// `q`: quits. Where it works over an open form (the "too small" notice), a form with
/// typed text makes it ask first, as Ctrl-c does.
pub fn quit(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    quit_asking(app, arg)
}

/// Ctrl-c quits from anywhere; with an unsaved form it asks once first.
pub fn force_quit(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    quit_asking(app, arg)
}

/// Quits, unless a form with typed text is open and this is the first press: then it
/// asks, naming the key to press again (either quitting key then quits).
fn quit_asking(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    let unsaved = matches!(&app.overlay, Overlay::Form(e) if e.form.dirty);
    if unsaved && !app.forms.quit_armed {
        app.forms.quit_armed = true;
        let key = arg.key.unwrap_or(Key::Ctrl('c'));
        let text = fill(
            tr(app.lang(), T::MsgQuitAgain),
            &[&keymap::key_label(key, true)],
        );
        app.error(text);
    } else {
        app.quit = true;
    }
    Vec::new()
}
