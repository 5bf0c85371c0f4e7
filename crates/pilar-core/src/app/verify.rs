//! The verification slice (screen 4, issue 11 item 1): a month's commitment verification
//! of the caseload's members with a component, grouped by household, as a paged window
//! over the list's filter (village, group, component...). `m` met, `x` not met (a form asks
//! the reason), `-` not applicable; Space marks members, `*` marks every line of the
//! filter, and the outcome then goes to all marked. `[` and `]` change the month (not past
//! the current one). The households failing N months in a row are kept here too, for the
//! agenda.

use super::commands::Arg;
use super::entry::{Entry, Record};
use super::window::Window;
use super::{App, Effect, Overlay, Screen, Source, Total, page_of};
use crate::domain::Lang;
use crate::domain::verification::{self, Month, NotMetReason, Outcome};
use crate::i18n::{self, T, fill, tr};
use crate::model::verification::{FailingHousehold, NewVerifications, VerifyQuery, VerifyRow};

/// The verification screen's state.
#[derive(Debug, Clone, Default)]
pub struct VerifyView {
    /// The month shown; `None` is the current month.
    pub month: Option<Month>,
    pub window: Window<VerifyRow>,
    /// Members marked (Space): (member id, name).
    pub marked: Vec<(String, String)>,
    /// `*`: every line of the filter is marked.
    pub all: bool,
    /// Households with a member not met N months in a row (the agenda's section).
    pub failing: Vec<FailingHousehold>,
    /// The count stopped at the store's cap (a supervisor's wide scope): there are more
    /// lines than the window holds.
    pub capped: bool,
}

impl VerifyView {
    pub fn is_marked(&self, member_id: &str) -> bool {
        self.all || self.marked.iter().any(|(m, _)| m == member_id)
    }

    fn clear_marks(&mut self) {
        self.marked.clear();
        self.all = false;
    }
}

/// The month the screen shows.
pub fn month(app: &App) -> Month {
    app.verify.month.unwrap_or_else(|| Month::of(app.today))
}

/// The query behind the screen: the list's filter, this month.
pub fn query(app: &App) -> VerifyQuery {
    VerifyQuery {
        list: app.list_query(),
        month: month(app),
    }
}

pub(super) fn fetch(app: &App, count: bool) -> Vec<Effect> {
    page_of(&app.verify.window, count, || Source::Verify(query(app)))
}

/// From the top, counted again (another month or filter).
pub(super) fn reload(app: &mut App) -> Vec<Effect> {
    app.verify.window.restart();
    fetch(app, true)
}

pub(super) fn page(
    app: &mut App,
    total: Option<Total>,
    offset: u64,
    limit: u64,
    rows: Vec<VerifyRow>,
) -> Vec<Effect> {
    if let Some(t) = total {
        app.verify.capped = t.capped;
    }
    app.verify
        .window
        .load(total.map(|t| t.count), offset, limit, rows);
    fetch(app, false)
}

pub(super) fn scroll(app: &mut App, delta: i64) -> Vec<Effect> {
    app.verify.window.step(delta);
    fetch(app, false)
}

/// The failing households of the scope, for the agenda.
pub(super) fn fetch_failing(app: &App) -> Effect {
    Effect::FetchFailing {
        scope: app.scope.clone(),
        months: app.settings.failing.0,
    }
}

pub(super) fn failing_loaded(app: &mut App, rows: Vec<FailingHousehold>) -> Vec<Effect> {
    app.verify.failing = rows;
    if let Some(l) = super::layout::layout(app.size.0, app.size.1) {
        app.agenda
            .set_height(l.agenda_rows().saturating_sub(failing_height(app)));
    }
    Vec::new()
}

/// Lines the agenda's section of failing households takes (none without any).
pub fn failing_height(app: &App) -> u64 {
    match app.verify.failing.len() {
        0 => 0,
        n => n.min(4) as u64 + 2,
    }
}

/// `4`: the verification screen, for the month shown (the current one at first).
pub fn show(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    app.screen = Screen::Verify;
    app.verify.window.rows.clear();
    reload(app)
}

/// `[`: the month before.
pub fn prev_month(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    set_month(app, month(app).prev())
}

/// `]`: the month after, up to the current month.
pub fn next_month(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let next = month(app).next();
    if next > Month::of(app.today) {
        app.info(T::MsgVerifyNoFuture);
        return Vec::new();
    }
    set_month(app, next)
}

fn set_month(app: &mut App, m: Month) -> Vec<Effect> {
    app.verify.month = Some(m);
    app.verify.clear_marks();
    let text = fill(
        tr(app.lang(), T::MsgVerifyMonth),
        &[&month_label(app.lang(), m)],
    );
    app.say(text);
    reload(app)
}

/// Space: mark or unmark the selected member, and move on.
pub fn mark(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(row) = app.verify.window.selected_row() else {
        return Vec::new();
    };
    let (id, name) = (row.member_id.clone(), row.member_name.clone());
    let v = &mut app.verify;
    if v.all {
        // Unmarking one of "all" marks the loaded others one by one.
        v.all = false;
        v.marked = v
            .window
            .rows
            .iter()
            .filter(|r| r.member_id != id)
            .map(|r| (r.member_id.clone(), r.member_name.clone()))
            .collect();
    } else if let Some(i) = v.marked.iter().position(|(m, _)| *m == id) {
        v.marked.remove(i);
    } else {
        v.marked.push((id, name));
    }
    let text = fill(
        tr(app.lang(), T::MsgVerifyMarked),
        &[&app.verify.marked.len()],
    );
    app.say(text);
    scroll(app, 1)
}

/// `*`: mark every line of the filter (again: unmark all).
pub fn mark_all(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let v = &mut app.verify;
    if v.all || !v.marked.is_empty() {
        v.clear_marks();
        app.info(T::MsgVerifyUnmarked);
    } else {
        v.all = true;
        let text = fill(
            tr(app.lang(), T::MsgVerifyMarked),
            &[&app.verify.window.total],
        );
        app.say(text);
    }
    Vec::new()
}

/// `m`: met, for the marked members or the selected one.
pub fn met(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    apply(app, Outcome::Met)
}

/// `-`: not applicable this month.
pub fn not_applicable(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    apply(app, Outcome::NotApplicable)
}

/// `x`: not met; a form asks the reason (and notes) first.
pub fn not_met(app: &mut App, _: Arg<'_>) -> Vec<Effect> {
    let Some(target) = target(app) else {
        return Vec::new();
    };
    let usual = app
        .verify
        .window
        .selected_row()
        .map(|r| NotMetReason::usual_for(r.component))
        .unwrap_or(NotMetReason::Other);
    let entry = Entry::not_met(app.lang(), target, usual);
    app.overlay = Overlay::Form(Box::new(entry));
    Vec::new()
}

/// What an outcome goes to: the members, how many, a name for the form's title, and
/// whether every line of the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub month: Month,
    pub members: Vec<String>,
    pub all_of: Option<VerifyQuery>,
    pub count: u64,
    pub name: String,
}

fn target(app: &mut App) -> Option<Target> {
    let v = &app.verify;
    let month = month(app);
    if v.all {
        if v.window.total == 0 {
            return None;
        }
        return Some(Target {
            month,
            members: Vec::new(),
            all_of: Some(query(app)),
            count: v.window.total,
            name: String::new(),
        });
    }
    let picked: Vec<(String, String)> = if v.marked.is_empty() {
        let row = v.window.selected_row()?;
        // The core's rule first, naming the member (the store keeps it too).
        if let Err(why) = verification::check(Some(row.component), row.birth_date, month, app.today)
        {
            let text = refusal_text(app.lang(), &row.member_name, why);
            app.error(text);
            return None;
        }
        vec![(row.member_id.clone(), row.member_name.clone())]
    } else {
        v.marked.clone()
    };
    Some(Target {
        month,
        count: picked.len() as u64,
        name: picked.first().map(|p| p.1.clone()).unwrap_or_default(),
        members: picked.into_iter().map(|p| p.0).collect(),
        all_of: None,
    })
}

fn apply(app: &mut App, outcome: Outcome) -> Vec<Effect> {
    let Some(t) = target(app) else {
        return Vec::new();
    };
    let record = t.record(outcome, None, String::new(), app.today);
    let message = saved_message(app.lang(), &t, outcome);
    super::forms::save_record(app, record, message)
}

impl Target {
    pub fn record(
        &self,
        outcome: Outcome,
        reason: Option<NotMetReason>,
        notes: String,
        today: chrono::NaiveDate,
    ) -> Record {
        Record::Verification(NewVerifications {
            month: self.month,
            members: self.members.clone(),
            all_of: self.all_of.clone(),
            outcome,
            reason,
            notes,
            today,
        })
    }
}

/// "Verifikasi November 2026: 52 anggota memenuhi".
pub fn saved_message(lang: Lang, t: &Target, outcome: Outcome) -> String {
    fill(
        tr(lang, T::MsgVerifySaved),
        &[
            &month_label(lang, t.month),
            &t.count,
            &i18n::outcome_label(lang, outcome),
        ],
    )
}

/// After a save on this screen: the marks are spent.
pub(super) fn saved(app: &mut App) {
    app.verify.clear_marks();
}

/// "November 2026".
pub fn month_label(lang: Lang, m: Month) -> String {
    format!(
        "{} {}",
        i18n::verification::month_name(lang, m.month()),
        m.year()
    )
}

/// Why a verification is refused, naming the member.
pub fn refusal_text(lang: Lang, member: &str, why: verification::Refusal) -> String {
    let t = match why {
        verification::Refusal::NoComponent => T::VerifyNoComponent,
        verification::Refusal::BeforeBirth => T::VerifyBeforeBirth,
        verification::Refusal::Future => T::VerifyFuture,
    };
    fill(tr(lang, t), &[&member])
}
