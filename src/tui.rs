//! The interactive shell: owns the terminal. One thread reads terminal events, another
//! waits for SIGTERM/SIGHUP/SIGINT; the main thread blocks on a channel, hands each event to
//! the core and redraws only then, so an idle pilar writes nothing to the terminal. What
//! is already waiting when it wakes (keys typed ahead, a paste) is one burst: the keys are
//! applied together (`runtime::burst`), the store asked once, the screen drawn once.
//!
//! Bracketed paste is on while pilar runs (and off again however it ends: quit, signal,
//! lost terminal, panic), so a paste arrives as one `Event::Paste` and becomes one
//! `Action::Paste`: text for the field that has the keys, never keys.
//!
//! Every frame goes out through `term::lean::Lean` (the changed cells in as few bytes as it
//! can) and `term::ClassicSgr` (colours as the classic SGR codes).
//! What a key asks of the terminal itself (`app.terminal`) is done here after the keys:
//! Ctrl-l clears the screen and draws it whole; Ctrl-z (Unix) gives the terminal back as
//! it was, stops the process group with SIGTSTP as a shell's job, and on `fg` takes the
//! terminal again and draws it whole. The database and the session lock stay open.

use std::io::{self, Write};
use std::sync::mpsc;
use std::thread;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, enable_raw_mode,
};
use ratatui::layout::Rect;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::{Action, App, TerminalOp};
use crate::keymap::Key;
use crate::runtime;
use crate::store::Store;
use crate::term::ClassicSgr;
use crate::term::lean::Lean;
use crate::ui::{self, Theme};

/// The terminal as the session draws on it.
type Screen = Terminal<Lean<ClassicSgr<io::Stdout>>>;

enum Msg {
    Term(Event),
    /// A result from a thread of the shell's (the sync).
    Background(Action),
    InputGone,
    Signal(i32),
}

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    /// The terminal went away (a dropped SSH connection) or a signal asked us to stop.
    Signal(i32),
    InputClosed,
}

/// Converts a crossterm key event to pilar's key, ignoring releases and repeats.
pub fn key_from_event(k: &KeyEvent) -> Option<Key> {
    if k.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    })
}

/// Draws one frame inside a synchronized update (no tearing over slow links). Generic over
/// the writer so the benchmark counts exactly the bytes a terminal would receive.
pub fn draw_synced<B: Backend<Error = io::Error> + Write>(
    terminal: &mut Terminal<B>,
    app: &App,
    theme: &Theme,
) -> io::Result<()> {
    if theme.sync {
        execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    }
    terminal.draw(|f| ui::draw(f, app, theme))?;
    if theme.sync {
        execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    }
    Write::flush(terminal.backend_mut())
}

/// Runs the interactive session until the user quits or the terminal goes away. The
/// terminal is restored in every case (and by ratatui's panic hook on a panic).
/// `follow_clock`: tell the app when the day changes (a session left open over midnight);
/// off when the day is pinned with `--today`.
pub fn run(store: &Store, app: &mut App, theme: &Theme, follow_clock: bool) -> io::Result<Ending> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    {
        let tx = tx.clone();
        thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let _ = tx.send(Msg::Signal(sig));
            }
        });
    }
    // ratatui's set-up (raw mode, the alternate screen, the panic hook that restores them);
    // the drawing goes through the classic-SGR writer.
    drop(ratatui::try_init()?);
    let mut terminal = Terminal::new(Lean::new(ClassicSgr::new(io::stdout())))?;
    paste_mode()?;
    {
        let tx = tx.clone();
        thread::spawn(move || {
            loop {
                match event::read() {
                    Ok(ev) => {
                        if tx.send(Msg::Term(ev)).is_err() {
                            break;
                        }
                    }
                    Err(_) => {
                        let _ = tx.send(Msg::InputGone);
                        break;
                    }
                }
            }
        });
    }
    {
        let tx = std::sync::Mutex::new(tx.clone());
        crate::sync::background::install(move |a| {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(Msg::Background(a));
            }
        });
    }
    let result = event_loop(&mut terminal, &rx, store, app, theme, follow_clock);
    crate::sync::background::uninstall();
    // The terminal went away or we were told to stop with a form open: keep what was
    // typed as a draft, offered back at the next start.
    if !matches!(result, Ok(Ending::Quit))
        && let Some((kind, payload)) = app.draft()
    {
        let _ = store.save_draft(&app.user.id, &kind, &payload);
    }
    restore();
    handle.close();
    result
}

/// Turns bracketed paste on, and makes sure a panic turns it off again (ratatui's own
/// hook, installed by `try_init`, restores the rest of the terminal after ours).
fn paste_mode() -> io::Result<()> {
    execute!(io::stdout(), EnableBracketedPaste)?;
    let restore_rest = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
        restore_rest(info);
    }));
    Ok(())
}

/// Leaves the terminal as it was: bracketed paste off, then ratatui's restore (raw mode
/// off, the main screen, the cursor shown).
fn restore() {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

fn event_loop(
    terminal: &mut Screen,
    rx: &mpsc::Receiver<Msg>,
    store: &Store,
    app: &mut App,
    theme: &Theme,
    follow_clock: bool,
) -> io::Result<Ending> {
    let size = terminal.size()?;
    runtime::dispatch(app, store, Action::Resize(size.width, size.height));
    runtime::dispatch(app, store, Action::Start);
    let mut seen = 0;
    runtime::catch_up(app, store, &mut seen);
    draw_synced(terminal, app, theme)?;
    let mut keys = Vec::new();
    loop {
        let Ok(first) = rx.recv() else {
            return Ok(Ending::InputClosed);
        };
        // Everything that arrived meanwhile (keys typed ahead, a paste) is one burst: the
        // keys are applied together, the store is asked once, the screen drawn once.
        let mut msgs = vec![first];
        msgs.extend(rx.try_iter());
        let mut redraw = false;
        for msg in msgs {
            match msg {
                Msg::Signal(sig) => return Ok(Ending::Signal(sig)),
                Msg::InputGone => return Ok(Ending::InputClosed),
                Msg::Term(Event::Key(k)) => keys.extend(key_from_event(&k)),
                // A paste is text: the keys before it first, then the whole text at once.
                Msg::Term(Event::Paste(text)) => {
                    apply_keys(app, store, &mut keys, follow_clock, &mut seen);
                    before_input(app, store, follow_clock, &mut seen);
                    runtime::dispatch(app, store, Action::Paste(text));
                    redraw = true;
                }
                Msg::Term(Event::Resize(w, h)) => {
                    apply_keys(app, store, &mut keys, follow_clock, &mut seen);
                    runtime::dispatch(app, store, Action::Resize(w, h));
                    terminal.autoresize()?;
                    redraw = true;
                }
                Msg::Background(action) => {
                    apply_keys(app, store, &mut keys, follow_clock, &mut seen);
                    runtime::dispatch(app, store, action);
                    redraw = true;
                }
                Msg::Term(_) => {}
            }
        }
        redraw |= apply_keys(app, store, &mut keys, follow_clock, &mut seen);
        if app.quit {
            return Ok(Ending::Quit);
        }
        if let Some(op) = app.terminal.take() {
            if op == TerminalOp::Suspend {
                terminal.show_cursor()?;
                suspend()?;
            }
            // The whole screen cleared and drawn again (without asking the terminal where
            // its cursor is, which `Terminal::clear` does: a round trip over SSH, and no
            // answer at all from some terminals); the size may have changed meanwhile.
            let size = terminal.size()?;
            terminal.resize(Rect::new(0, 0, size.width, size.height))?;
            if app.size != (size.width, size.height) {
                runtime::dispatch(app, store, Action::Resize(size.width, size.height));
            }
            redraw = true;
        }
        if redraw {
            draw_synced(terminal, app, theme)?;
        }
    }
}

/// Ctrl-z: the terminal as it was before pilar, the process group stopped as a shell's
/// job (SIGTSTP, what the terminal's own Ctrl-z sends); after `fg` (SIGCONT) pilar takes
/// the terminal again. Where no shell can resume it (an orphaned process group, as under
/// `ssh host pilar`), the system ignores SIGTSTP and pilar simply goes on.
#[cfg(unix)]
fn suspend() -> io::Result<()> {
    restore();
    // SAFETY: kill(2) with pid 0 signals our own process group; no memory is involved.
    unsafe {
        libc::kill(0, libc::SIGTSTP);
    }
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Ok(())
}

#[cfg(not(unix))]
fn suspend() -> io::Result<()> {
    Ok(())
}

/// Applies the keys collected so far as one burst (and empties the list); false when
/// there were none.
fn apply_keys(
    app: &mut App,
    store: &Store,
    keys: &mut Vec<Key>,
    follow_clock: bool,
    seen: &mut i64,
) -> bool {
    if keys.is_empty() {
        return false;
    }
    before_input(app, store, follow_clock, seen);
    runtime::burst(app, store, keys, &mut |_| {});
    keys.clear();
    true
}

/// Before keys or a paste are applied: a new day, and what another pilar on the same file
/// saved, are shown first.
fn before_input(app: &mut App, store: &Store, follow_clock: bool, seen: &mut i64) {
    if follow_clock {
        let today = chrono::Local::now().date_naive();
        runtime::dispatch(app, store, Action::Today(today));
    }
    runtime::catch_up(app, store, seen);
}
