//! The one-line status bar: a message if there is one, else the keys that work right now
//! (from the keymap table; when they do not all fit, the most used ones, in the order
//! `keymap::STATUS_FIRST` gives); or the `:` command line while it is open.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, safe, truncate};
use crate::app::{App, Level, Overlay};
use crate::i18n::{T, fill, tr};
use crate::keymap::{self, Binding, Command, Ctx};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let width = area.width as usize;
    let prompt = match &app.overlay {
        Overlay::CommandLine(input) => Some((":", input)),
        Overlay::Search(input) => Some(("/", input)),
        _ => None,
    };
    if let Some((prompt, input)) = prompt {
        let scroll = input.visual_scroll(width.saturating_sub(2));
        let line = Line::from(vec![
            Span::styled(prompt, theme.key),
            Span::raw(super::skip_columns(&safe(input.value()), scroll)),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        let x = (input.visual_cursor().max(scroll) - scroll + 1) as u16;
        frame.set_cursor_position(Position::new(area.x + x.min(area.width - 1), area.y));
        return;
    }
    if let Some(msg) = &app.message {
        let style = match msg.level {
            Level::Info => theme.title,
            Level::Error => theme.danger,
        };
        frame.render_widget(
            Paragraph::new(Span::styled(
                truncate(&safe(&msg.text), width, theme.ascii),
                style,
            )),
            area,
        );
        return;
    }
    // Once enrolled, the sync's state sits at the right end: unsent changes, last sync.
    let sync = sync_status(app);
    let sync_width = sync.as_ref().map_or(0, |t| t.chars().count() as u16);
    if let Some(text) = sync
        && sync_width + 20 <= area.width
    {
        let hints_area = Rect {
            width: area.width - sync_width - 1,
            ..area
        };
        frame.render_widget(
            Paragraph::new(hints(app, theme, hints_area.width as usize)),
            hints_area,
        );
        let right = Rect {
            x: area.x + area.width - sync_width,
            width: sync_width,
            ..area
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.title)), right);
        return;
    }
    frame.render_widget(Paragraph::new(hints(app, theme, width)), area);
}

/// "unsent 3 · synced 14:02" when this laptop is enrolled with a sync server.
fn sync_status(app: &App) -> Option<String> {
    let s = &app.sync;
    if !s.enrolled {
        return None;
    }
    let lang = app.lang();
    let when = s
        .last_sync
        .clone()
        .unwrap_or_else(|| tr(lang, T::SyncNever).to_string());
    Some(fill(tr(lang, T::SyncStatus), &[&s.unsent, &when]))
}

/// "key label" pairs for the current context; bindings that share a label share an entry.
fn hints<'a>(app: &App, theme: &Theme, width: usize) -> Line<'a> {
    let lang = app.lang();
    // (keys, label, rank): bindings that share a label share an entry and its best rank.
    let mut entries: Vec<(String, &'static str, usize)> = Vec::new();
    let mut seen = Vec::new();
    // Esc in the list only does something while a search narrows it.
    let ctx = app.ctx();
    // Ctrl-o in the household form only once a refused save found a household to open.
    let duplicate = matches!(&app.overlay, Overlay::Form(e) if e.duplicate_of.is_some());
    let all: Vec<&Binding> = keymap::status_bindings(ctx)
        .filter(|b| !(b.command == Command::Back && ctx == Ctx::List && !app.filtering()))
        .filter(|b| b.command != Command::OpenDuplicate || duplicate)
        // Only keys this user may use here: no writes on a read-only file, none of a
        // facilitator's own changes for a supervisor.
        .filter(|b| {
            let refused_here = b.access.writes() && app.read_only;
            let not_a_supervisors =
                !b.access.supervisor_may() && app.user.role == crate::model::Role::Supervisor;
            !(refused_here || not_a_supervisors)
        })
        // `2` for the agenda, not on the agenda itself.
        .filter(|b| !(b.command == Command::Agenda && ctx == Ctx::Agenda))
        .filter(|b| !(b.command == Command::Today && ctx == Ctx::Today))
        .collect();
    for b in all.iter().copied() {
        if seen.contains(&b.label) {
            continue;
        }
        seen.push(b.label);
        // The first key of every status binding with this label: "↓/↑".
        let keys: Vec<String> = all
            .iter()
            .filter(|o| o.label == b.label)
            .map(|o| keymap::key_label(o.keys[0], theme.ascii))
            .collect();
        let rank = all
            .iter()
            .filter(|o| o.label == b.label)
            .map(|o| keymap::status_rank(o.command))
            .min()
            .unwrap_or(usize::MAX);
        entries.push((keys.join("/"), tr(lang, b.label), rank));
    }
    // The most needed first (`keymap::STATUS_FIRST`) while they fit, shown in table order.
    let w = |(keys, label, _): &(String, &str, usize)| {
        unicode_width::UnicodeWidthStr::width(keys.as_str())
            + 1
            + unicode_width::UnicodeWidthStr::width(*label)
            + 2
    };
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| entries[i].2);
    let mut kept = vec![false; entries.len()];
    let mut used = 0;
    for i in order {
        // The last hint needs no gap after it.
        if used + w(&entries[i]) - 2 <= width {
            used += w(&entries[i]);
            kept[i] = true;
        }
    }
    let mut spans = Vec::new();
    for (i, (keys, label, _)) in entries.into_iter().enumerate() {
        if kept[i] {
            spans.push(Span::styled(keys, theme.key));
            spans.push(Span::raw(format!(" {label}  ")));
        }
    }
    Line::from(spans)
}
