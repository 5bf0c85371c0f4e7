//! The review slice (issue 11 item 8, supervisors): each facilitator's changes since their
//! last sign-off, counted for the team screen's column, and the review screen of one
//! facilitator (`r` on the team screen): the history of their caseload after the sign-off,
//! newest first, paged like the other long lists. Enter opens the line's household in the
//! facilitator's caseload with its history (where `a` leaves a supervision note, and Esc
//! comes back here); `P P` signs off everything up to the newest line shown.

use std::collections::BTreeMap;

use super::commands::Arg;
use super::window::Window;
use super::{AfterLocate, App, Effect, Screen, Source, Total, caseload, page_of};
use crate::i18n::{T, fill, tr};
use crate::keymap::Key;
use crate::model::review::{NewSignOff, ReviewQuery, ReviewRow, ReviewSummary};
use crate::model::{Role, Scope};

/// The review's state.
#[derive(Debug, Clone, Default)]
pub struct ReviewView {
    /// Every facilitator's last sign-off and counts since (the team screen's column).
    pub summaries: BTreeMap<String, ReviewSummary>,
    /// The facilitator reviewed: (id, name).
    pub facilitator: Option<(String, String)>,
    /// The history entry their last sign-off reaches (0: never signed off).
    pub since_seq: i64,
    /// The newest entry the list has shown (what `P P` signs off up to).
    pub newest: i64,
    pub window: Window<ReviewRow>,
    /// `P` pressed once: the next `P` signs off.
    pub armed: bool,
    /// The household opened from the review: Esc from the caseload comes back here.
    pub opened: bool,
}

impl ReviewView {
    /// The reviewed facilitator's summary.
    pub fn summary(&self) -> Option<&ReviewSummary> {
        self.facilitator
            .as_ref()
            .and_then(|(id, _)| self.summaries.get(id))
    }
}

/// The team screen's counts (every facilitator's).
pub(super) fn fetch_summaries() -> Effect {
    Effect::FetchReviewSummaries
}

pub(super) fn summaries_loaded(
    app: &mut App,
    summaries: BTreeMap<String, ReviewSummary>,
) -> Vec<Effect> {
    app.review.summaries = summaries;
    if let Some((id, _)) = &app.review.facilitator {
        app.review.since_seq = app
            .review
            .summaries
            .get(id)
            .and_then(|s| s.last.as_ref())
            .map_or(0, |l| l.upto_seq);
    }
    Vec::new()
}

fn query(app: &App) -> Option<ReviewQuery> {
    let (id, _) = app.review.facilitator.as_ref()?;
    Some(ReviewQuery {
        facilitator_id: id.clone(),
        since_seq: app.review.since_seq,
    })
}

pub(super) fn fetch(app: &App, count: bool) -> Vec<Effect> {
    match query(app) {
        Some(q) => page_of(&app.review.window, count, || Source::Review(q)),
        None => Vec::new(),
    }
}

/// From the top, counted again.
pub(super) fn reload(app: &mut App) -> Vec<Effect> {
    app.review.window.restart();
    app.review.window.rows.clear();
    fetch(app, true)
}

pub(super) fn page(
    app: &mut App,
    total: Option<Total>,
    offset: u64,
    limit: u64,
    rows: Vec<ReviewRow>,
) -> Vec<Effect> {
    if offset == 0 {
        app.review.newest = rows.first().map_or(app.review.since_seq, |r| r.seq);
    }
    app.review
        .window
        .load(total.map(|t| t.count), offset, limit, rows);
    fetch(app, false)
}

pub(super) fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    app.review.window.step(delta);
    fetch(app, false)
}

/// `r` on the team screen: the review of the selected facilitator since their sign-off.
pub fn show(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(row) = app.team.selected_row() else {
        app.info(T::MsgReviewPickFacilitator);
        return Vec::new();
    };
    let (id, name) = (row.worker_id.clone(), row.name.clone());
    app.review.since_seq = app
        .review
        .summaries
        .get(&id)
        .and_then(|s| s.last.as_ref())
        .map_or(0, |l| l.upto_seq);
    app.review.facilitator = Some((id, name));
    app.review.armed = false;
    app.review.opened = false;
    app.screen = Screen::Review;
    reload(app)
}

/// Back on the review screen (Esc from the household opened from it): counted again.
pub(super) fn back_to(app: &mut App) -> Vec<Effect> {
    app.review.opened = false;
    app.screen = Screen::Review;
    app.scope_name = None;
    let mut fx = app.set_scope(Scope::All);
    fx.push(fetch_summaries());
    fx
}

/// Enter: the line's household in the facilitator's caseload, its history shown.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let Some(row) = app.review.window.selected_row() else {
        return Vec::new();
    };
    let Some(household) = row.household_id.clone() else {
        app.info(T::MsgGroupActivity);
        return Vec::new();
    };
    let Some((id, name)) = app.review.facilitator.clone() else {
        return Vec::new();
    };
    app.review.opened = true;
    app.screen = Screen::Dashboard;
    app.focus = super::Pane::List;
    app.scope_name = Some(name);
    app.household.show_history = true;
    let mut fx = app.set_scope(Scope::Worker(id));
    fx.push(caseload::locate(
        app,
        household,
        AfterLocate::RetryAllStatuses,
    ));
    fx
}

/// `P P`: sign off the facilitator's records up to the newest line shown. Supervisors
/// only (the store refuses anyone else too).
pub fn sign_off(app: &mut App, arg: Arg<'_>) -> Vec<Effect> {
    if app.user.role != Role::Supervisor {
        app.info(T::MsgSignOffSupervisors);
        return Vec::new();
    }
    let Some((id, name)) = app.review.facilitator.clone() else {
        return Vec::new();
    };
    if arg.key.is_some() && !app.review.armed {
        app.review.armed = true;
        let text = fill(
            tr(app.lang(), T::MsgSignOffConfirm),
            &[&name, &app.review.window.total],
        );
        app.say(text);
        return Vec::new();
    }
    app.review.armed = false;
    vec![Effect::SignOff {
        author: app.user.id.clone(),
        sign_off: NewSignOff {
            supervisor_id: app.user.id.clone(),
            facilitator_id: id,
            upto_seq: app.review.newest,
            note: arg.text.to_string(),
        },
    }]
}

/// Any key but `P` on the review screen disarms `P P`.
pub(super) fn other_key(app: &mut App, key: Key) {
    if key != Key::Char('P') {
        app.review.armed = false;
    }
}

/// After a sign-off: the review starts after it (empty until something changes), and the
/// team's counts load again.
pub(super) fn signed_off(app: &mut App) -> Vec<Effect> {
    if let Some((_, name)) = &app.review.facilitator {
        let text = fill(tr(app.lang(), T::MsgSignedOff), &[name]);
        app.say(text);
    }
    app.review.since_seq = app.review.newest;
    let mut fx = reload(app);
    fx.push(fetch_summaries());
    fx
}
