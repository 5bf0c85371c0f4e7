//! The selected household slice: its detail (the facts pane), its history of changes (`h`)
//! and the logged reveal of its NIK and No KK (`i`). It follows the caseload list's
//! selection: when another household is selected, it asks for that one's detail (and the
//! household log, through the `log` slice).

use super::commands::Arg;
use super::window::{Window, apply_delta};
use super::{App, Effect, LogScope, layout, log};
use crate::i18n::{T, fill, tr};
use crate::model::{Change, HouseholdDetail};

/// The detail pane's state.
#[derive(Debug, Clone, Default)]
pub struct Household {
    pub detail: Option<HouseholdDetail>,
    /// Lines the detail pane is scrolled down.
    pub scroll: u16,
    /// The detail pane shows the household's history instead of its facts.
    pub show_history: bool,
    pub history: Vec<Change>,
    /// The household whose NIK and No KK are shown unmasked (until the selection moves).
    pub revealed: Option<String>,
    /// The household the detail and household log were loaded for.
    shown: Option<String>,
    /// The household whose reveal is being logged.
    revealing: Option<String>,
}

impl Household {
    /// The household the panes show (loaded or being loaded).
    pub fn shown(&self) -> Option<&str> {
        self.shown.as_deref()
    }

    /// Forgets which household is shown, so the next selection loads it again.
    pub(super) fn forget(&mut self) {
        self.shown = None;
    }
}

/// After the list selection may have changed: load the new household's detail (and its
/// log when the log follows the household).
pub(super) fn follow(app: &mut App) -> Vec<Effect> {
    let selected = app.caseload.list.selected_row().map(|r| r.id.clone());
    let h = &mut app.household;
    if selected == h.shown {
        return Vec::new();
    }
    h.shown = selected.clone();
    h.scroll = 0;
    // A revealed NIK is for that view only.
    h.revealed = None;
    let Some(id) = selected else {
        h.detail = None;
        if app.log.scope == LogScope::Household {
            app.log.window = Window {
                height: app.log.window.height,
                ..Window::default()
            };
        }
        return Vec::new();
    };
    let mut fx = vec![Effect::FetchDetail(id.clone())];
    if h.show_history {
        h.history.clear();
        fx.push(Effect::FetchHistory(id));
    }
    if app.log.scope == LogScope::Household {
        app.log.window.selected = 0;
        app.log.window.offset = 0;
        fx.extend(log::fetch(app, true));
    }
    fx
}

/// Scrolls the focused detail pane, no further than it has lines, so ↑ answers at once.
pub(super) fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    let h = &app.household;
    let lines = if h.show_history {
        h.history.len()
    } else {
        // About as many lines as the pane draws for this household.
        h.detail.as_ref().map_or(0, |d| {
            // An active family's readiness: a heading and a line per criterion, some
            // wrapped in a narrow pane.
            let readiness = if d.status.is_active() {
                2 * crate::domain::readiness::Criterion::ALL.len()
            } else {
                0
            };
            d.members.len() + d.referrals.len() + 2 * d.graduations.len() + 16 + readiness
        })
    };
    let page = layout::layout(app.size.0, app.size.1).map_or(1, |l| l.detail_rows() as usize);
    let max = lines.saturating_sub(page / 2) as u64;
    let h = &mut app.household;
    h.scroll = apply_delta(u64::from(h.scroll), delta, max) as u16;
    Vec::new()
}

/// `h`: the history of changes instead of the facts, and back.
pub fn toggle_history(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let h = &mut app.household;
    h.show_history = !h.show_history;
    h.history.clear();
    match (&h.shown, h.show_history) {
        (Some(id), true) => vec![Effect::FetchHistory(id.clone())],
        _ => Vec::new(),
    }
}

/// `i`: log the reveal of the shown household's NIK and No KK; they show once it is logged.
pub fn reveal(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(id) = app.household.shown.clone() else {
        app.info(T::MsgNoHousehold);
        return Vec::new();
    };
    app.household.revealing = Some(id.clone());
    vec![Effect::LogReveal {
        author: app.user.id.clone(),
        household_id: id,
        place: super::RevealPlace::Detail,
    }]
}

pub(super) fn revealed(app: &mut App) -> Vec<Effect> {
    app.household.revealed = app.household.revealing.take();
    let text = fill(tr(app.lang(), T::MsgRevealed), &[&app.user.name]);
    app.say(text);
    Vec::new()
}
