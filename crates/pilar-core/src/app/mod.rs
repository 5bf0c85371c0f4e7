//! The application core: the state of a pilar session and [`App::update`], which turns one
//! [`Action`] (a key, a resize, a query result) into new state plus the [`Effect`]s the
//! shell must run. No terminal, no SQL, no clock: `today` is given.
//!
//! `App` holds what every part shares (settings, today, the user and the scope they look
//! at, the screen, the focused pane, the overlay, the message, the terminal size,
//! read-only) and routes: keys go through the keymap table to the function of their row
//! (`commands::run`, which also makes the read-only and supervisor refusals), results go
//! to the slice that asked for them. Each slice owns its state and its update:
//! `caseload` (the list, search, saved views, marks), `household` (the selected
//! household's detail and history), `log` (the activity log), `agenda`, `team`,
//! `conflicts` and `forms` (data entry, saving, drafts, undo).

pub mod agenda;
pub mod caseload;
pub mod commands;
pub mod conflicts;
mod effect;
pub mod entry;
pub mod form;
pub mod forms;
pub mod groups;
pub mod help;
pub mod household;
pub mod input;
pub mod layout;
pub mod life;
pub mod line;
pub mod log;
pub mod payment;
pub mod review;
pub mod sync;
pub mod team;
#[cfg(test)]
mod tests;
pub mod today;
pub mod verify;
pub mod window;

use chrono::NaiveDate;
use tui_input::Input;

use crate::domain::Lang;
use crate::domain::component::ComponentRules;
use crate::domain::graduation::TargetPolicy;
use crate::i18n::{T, tr};
use crate::keymap::{self, Ctx, Key};
use crate::model::{AgendaRow, GaugeData, ListQuery, SavedView, Scope, Worker};
pub use effect::{
    Action, AfterLocate, Effect, ReferralOutcome, ReferralStep, RevealPlace, Rows, Source, Total,
    coalesce,
};
use entry::Entry;
pub use log::LogScope;
use window::Window;

/// The three panes that take the keyboard focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Detail,
    Log,
}

impl Pane {
    fn next(self) -> Pane {
        match self {
            Pane::List => Pane::Detail,
            Pane::Detail => Pane::Log,
            Pane::Log => Pane::List,
        }
    }
    fn prev(self) -> Pane {
        match self {
            Pane::List => Pane::Log,
            Pane::Detail => Pane::List,
            Pane::Log => Pane::Detail,
        }
    }
}

/// The screens, switched with number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Dashboard,
    Agenda,
    /// A supervisor's roll-up of every facilitator.
    Team,
    /// "Hari ini": today's work in order of urgency, each line with its reason.
    Today,
    /// A month's commitment verification, member by member.
    Verify,
    /// A supervisor's review of one facilitator's changes since their last sign-off.
    Review,
}

/// The window over the screen, if any; it takes the keys while open.
#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    /// The open merge conflicts (`:konflik`).
    Conflicts(conflicts::ConflictsView),
    Help {
        scroll: u16,
    },
    CommandLine(Input),
    /// The `/` search box; the list follows every keystroke.
    Search(Input),
    /// The saved views, to pick one.
    Views {
        views: Vec<SavedView>,
        selected: usize,
    },
    /// A data-entry form.
    Form(Box<Entry>),
    /// The whole record behind a log line (Enter in the household's log).
    Record {
        record: Box<crate::model::RecordDetail>,
        scroll: u16,
    },
    /// After a visit: the household's open follow-up, offered to close (Enter) or keep
    /// (Esc).
    CloseFollowUp(Box<crate::model::AgendaRow>),
    /// A draft from last time: open it again or discard it.
    DraftOffer {
        kind: String,
        payload: String,
    },
}

/// Work on the terminal itself, which only the shell can do (as `quit` asks it to end):
/// the shell takes it from [`App::terminal`] after the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminalOp {
    /// Ctrl-l: clear the screen and draw it whole (after a `wall` message or line noise).
    Redraw,
    /// Ctrl-z: give the terminal back and stop as a shell's job until `fg`.
    Suspend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// A one-line message in the status bar, cleared by the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

/// Settings that shape behaviour and can differ per region or user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    pub policy: TargetPolicy,
    pub rules: ComponentRules,
    /// Months of follow-up monitoring a graduation schedules (default 12).
    pub monitoring_months: u32,
    /// How many days ahead the agenda looks (default 7).
    pub agenda_days: u32,
    /// The zone history times are shown in (the shell reads `TZ`; default UTC).
    pub zone: crate::domain::zone::Zone,
    /// The readiness rule's UMK and weights (the shell reads `PILAR_UMK` and
    /// `PILAR_READINESS_WEIGHTS`).
    pub readiness: crate::domain::readiness::ReadinessSettings,
    /// Open "Hari ini" at start when something is overdue (default on; the shell reads
    /// `PILAR_TODAY_AT_START`).
    pub today_at_start: bool,
    /// Months of "not met" in a row that flag a household (the shell reads
    /// `PILAR_FAILING_MONTHS`; default 3).
    pub failing: crate::domain::verification::FailingMonths,
}

impl Settings {
    pub fn new(lang: Lang) -> Settings {
        Settings {
            lang,
            policy: TargetPolicy::default(),
            rules: ComponentRules::default(),
            monitoring_months: 12,
            agenda_days: 7,
            zone: crate::domain::zone::Zone::default(),
            readiness: crate::domain::readiness::ReadinessSettings::default(),
            today_at_start: true,
            failing: crate::domain::verification::FailingMonths::default(),
        }
    }
}

pub struct App {
    pub settings: Settings,
    pub today: NaiveDate,
    pub user: Worker,
    /// Whose caseload every pane shows.
    pub scope: Scope,
    /// The facilitator whose caseload a supervisor opened from the team screen.
    pub scope_name: Option<String>,
    pub is_demo: bool,
    /// The database cannot be written (read-only file, full disk): look, don't change.
    pub read_only: bool,
    /// The database file is encrypted (the screen says when it is not).
    pub encrypted: bool,
    pub screen: Screen,
    pub focus: Pane,
    pub overlay: Overlay,
    pub message: Option<Message>,
    pub size: (u16, u16),
    pub quit: bool,
    /// What the shell must do to the terminal after these keys.
    pub terminal: Option<TerminalOp>,
    /// The `:` line's history and completion.
    pub line: line::LineMemory,
    /// This year's graduations against the target, for the gauge at the top.
    pub gauge: GaugeData,
    /// The caseload list, its search, sort and saved views, and the marked households.
    pub caseload: caseload::Caseload,
    /// The selected household's detail and history.
    pub household: household::Household,
    /// The activity log pane.
    pub log: log::ActivityLog,
    /// The agenda screen: open follow-ups due soon.
    pub agenda: Window<AgendaRow>,
    /// The supervisor's team screen.
    pub team: team::TeamView,
    /// "Hari ini": today's work.
    pub today_list: today::TodayView,
    /// Data entry: what a save in flight will say, the armed `U U` and Ctrl-c.
    pub forms: forms::Forms,
    /// `B` pressed once (payments per tahap).
    pub payments: payment::Payments,
    /// The sync with the central server: unsent changes, last sync, one running.
    pub sync: sync::SyncStatus,
    /// The verification screen, and the households failing their commitments.
    pub verify: verify::VerifyView,
    /// A supervisor's review since sign-off, and the team's counts since.
    pub review: review::ReviewView,
}

impl App {
    pub fn new(settings: Settings, user: Worker, today: NaiveDate, is_demo: bool) -> App {
        let scope = Scope::for_worker(&user);
        App {
            settings,
            today,
            scope,
            user,
            scope_name: None,
            is_demo,
            read_only: false,
            encrypted: false,
            screen: Screen::Dashboard,
            focus: Pane::List,
            overlay: Overlay::None,
            message: None,
            size: (layout::MIN_WIDTH, layout::MIN_HEIGHT),
            quit: false,
            terminal: None,
            line: line::LineMemory::default(),
            gauge: GaugeData::default(),
            caseload: caseload::Caseload::default(),
            household: household::Household::default(),
            log: log::ActivityLog::default(),
            agenda: Window::default(),
            team: team::TeamView::default(),
            today_list: today::TodayView::default(),
            forms: forms::Forms::default(),
            payments: payment::Payments::default(),
            sync: sync::SyncStatus::default(),
            verify: verify::VerifyView::default(),
            review: review::ReviewView::default(),
        }
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// The query behind the caseload list as it stands.
    pub fn list_query(&self) -> ListQuery {
        let mut q = self.caseload.query(&self.scope, self.today);
        q.failing_months = self.settings.failing.0;
        q
    }

    /// True when a search or filter narrows the list.
    pub fn filtering(&self) -> bool {
        self.caseload.filtering()
    }

    /// The key context: the "too small" notice first (it hides everything), then
    /// overlays, then the screen and the focused pane.
    pub fn ctx(&self) -> Ctx {
        if !self.fits() {
            return Ctx::TooSmall;
        }
        match &self.overlay {
            Overlay::Conflicts(_) => Ctx::Conflicts,
            // The record window reads like the help: scroll, Esc or q to close.
            Overlay::Help { .. } | Overlay::Record { .. } => Ctx::Help,
            Overlay::CommandLine(_) => Ctx::CommandLine,
            Overlay::Search(_) => Ctx::Search,
            Overlay::Views { .. } => Ctx::Views,
            Overlay::Form(entry) => entry.form.ctx(),
            Overlay::DraftOffer { .. } | Overlay::CloseFollowUp(_) => Ctx::Confirm,
            Overlay::None if self.screen == Screen::Agenda => Ctx::Agenda,
            Overlay::None if self.screen == Screen::Team => Ctx::Team,
            Overlay::None if self.screen == Screen::Today => Ctx::Today,
            Overlay::None if self.screen == Screen::Verify => Ctx::Verify,
            Overlay::None if self.screen == Screen::Review => Ctx::Review,
            Overlay::None => match self.focus {
                Pane::List => Ctx::List,
                Pane::Detail => Ctx::Detail,
                Pane::Log => Ctx::Log,
            },
        }
    }

    /// Whether the terminal is big enough to draw pilar (else only a notice is drawn).
    pub fn fits(&self) -> bool {
        layout::layout(self.size.0, self.size.1).is_some()
    }

    /// Whether `key`, in the current context, only edits typed text (the search box, the
    /// command line, a form field): its meaning then cannot depend on a result not yet
    /// loaded, so the shell may apply it before running what earlier keys asked for.
    pub fn edits_text(&self, key: Key) -> bool {
        let ctx = self.ctx();
        if !keymap::TEXT_CONTEXTS.contains(&ctx) {
            return false;
        }
        matches!(key, Key::Char(_))
            || keymap::command_for(ctx, key).is_some_and(|c| input::request(c).is_some())
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Start => self.start(),
            Action::Key(key) => {
                self.message = None;
                self.key(key)
            }
            Action::Paste(text) => {
                self.message = None;
                input::paste(self, &text)
            }
            Action::Resize(w, h) => self.resize(w, h),
            Action::Today(day) => {
                if day == self.today {
                    return Vec::new();
                }
                self.today = day;
                self.refresh()
            }
            Action::DataChanged => {
                // Another session changed the file: every pane, and the conflicts list if it
                // is open, load again.
                let mut fx = self.refresh();
                fx.extend(conflicts::changed(self));
                fx
            }
            Action::Page {
                total,
                offset,
                limit,
                rows,
            } => match rows {
                Rows::List(rows) => caseload::page(self, total, offset, limit, rows),
                Rows::Log(rows) => log::page(self, total, offset, limit, rows),
                Rows::Agenda(rows) => agenda::page(self, total, offset, limit, rows),
                Rows::Verify(rows) => verify::page(self, total, offset, limit, rows),
                Rows::Review(rows) => review::page(self, total, offset, limit, rows),
            },
            Action::FailingLoaded(rows) => verify::failing_loaded(self, rows),
            Action::GaugeLoaded(g) => {
                let newly = g.forecast_reach != self.gauge.forecast_reach;
                self.gauge = g;
                if newly {
                    caseload::explain_unscored(self);
                }
                today::gauge_loaded(self)
            }
            Action::DetailLoaded(detail) => {
                self.household.detail = detail.map(|d| *d);
                Vec::new()
            }
            Action::HistoryLoaded(changes) => {
                self.household.history = changes;
                Vec::new()
            }
            Action::Revealed(RevealPlace::Detail) => household::revealed(self),
            Action::Revealed(RevealPlace::Form) => forms::edit_revealed(self),
            Action::Located {
                household_id,
                position,
                then,
            } => caseload::located(self, household_id, position, then),
            Action::ViewsLoaded(views) => {
                self.overlay = Overlay::Views { views, selected: 0 };
                Vec::new()
            }
            Action::ViewLoaded(view) => caseload::view_loaded(self, view),
            Action::ViewSaved => caseload::view_saved(self),
            Action::GroupJoined(result) => groups::joined(self, result),
            Action::GroupLeft(n) => groups::left(self, n),
            Action::TeamLoaded(data) => team::loaded(self, data),
            Action::ReviewSummaries(s) => review::summaries_loaded(self, s),
            Action::SignedOff => review::signed_off(self),
            Action::TodayLoaded(items) => today::loaded(self, items),
            Action::Conflicts(loaded) => conflicts::loaded(self, loaded),
            Action::Sync(outcome) => sync::outcome(self, outcome),
            Action::Saved { household } => {
                let mut fx = forms::saved(self, household);
                fx.extend(sync::after_write(self));
                fx
            }
            Action::Refused(refusal) => forms::refused(self, refusal),
            Action::Undone(done) => forms::undone(self, done),
            Action::ReferralAdvanced(outcome) => forms::referral_advanced(self, outcome),
            Action::PaymentsSet {
                year,
                tahap,
                outcome,
                saved,
            } => payment::saved(self, year, tahap, &outcome, &saved),
            Action::DraftFound(draft) => {
                if let Some((kind, payload)) = draft {
                    self.overlay = Overlay::DraftOffer { kind, payload };
                }
                Vec::new()
            }
            Action::DraftDeleted => Vec::new(),
            Action::FollowUpDone => {
                self.info(T::MsgFollowUpDone);
                self.refresh()
            }
            Action::RecordLoaded(record) => {
                self.overlay = Overlay::Record { record, scroll: 0 };
                Vec::new()
            }
            Action::ActivityVoided => {
                self.info(T::MsgActivityVoided);
                self.refresh()
            }
            Action::OpenFollowUp(Some(row)) => {
                // Not over a form or a question already open.
                if matches!(self.overlay, Overlay::None) {
                    self.overlay = Overlay::CloseFollowUp(Box::new(row));
                }
                Vec::new()
            }
            Action::OpenFollowUp(None) => Vec::new(),
            Action::ActivityEdited => {
                self.info(T::MsgActivityEdited);
                self.refresh()
            }
            Action::ReferralEdited => {
                self.info(T::MsgReferralEdited);
                self.refresh()
            }
            Action::FollowUpReopened(true) => {
                self.info(T::MsgFollowUpReopened);
                self.refresh()
            }
            Action::FollowUpReopened(false) => {
                self.info(T::MsgFollowUpNotDone);
                Vec::new()
            }
            Action::WriteBlocked(text) => {
                self.forms.forget_reveal();
                self.read_only = true;
                self.error(text);
                Vec::new()
            }
            Action::Failed(text) => {
                // A reveal that could not be recorded shows nothing.
                self.forms.forget_reveal();
                self.error(text);
                Vec::new()
            }
        }
    }

    /// Routes a key: in a text context letters are text; otherwise the keymap table's row
    /// for the key runs (through the one place that refuses what may not run).
    fn key(&mut self, key: Key) -> Vec<Effect> {
        let ctx = self.ctx();
        // `U` twice undoes; any other key (outside a form, and outside the command line
        // where `:batal-graduasi` is being typed) starts over.
        if !matches!(ctx, Ctx::Form | Ctx::HouseholdForm | Ctx::CommandLine)
            && key != Key::Char('U')
        {
            self.forms.undo_armed = None;
        }
        if ctx != Ctx::CommandLine {
            payment::other_key(self, key);
            review::other_key(self, key);
        }
        let text = keymap::TEXT_CONTEXTS.contains(&ctx);
        let typed = text && matches!(key, Key::Char(_));
        match keymap::binding_for(ctx, key).filter(|_| !typed) {
            Some(b) => commands::run(self, b, commands::Arg::key(b.command, key)),
            None if text => input::typed(self, key),
            // A key nothing is bound to here (on the "too small" notice: all but quitting).
            None => Vec::new(),
        }
    }

    /// The first load: the gauge, a draft from last time, the conflicts notice, the list
    /// (and the caseload log when the log shows the caseload).
    fn start(&mut self) -> Vec<Effect> {
        self.household.forget();
        let mut fx = vec![
            self.fetch_gauge(),
            Effect::FetchDraft(self.user.id.clone()),
            conflicts::at_start(&self.scope),
        ];
        fx.extend(caseload::fetch(self, true));
        if self.log.scope == LogScope::Caseload {
            fx.extend(log::fetch(self, true));
        }
        fx.push(sync::at_start());
        today::at_start(self);
        fx
    }

    fn resize(&mut self, w: u16, h: u16) -> Vec<Effect> {
        let fitted = self.fits();
        self.size = (w, h);
        // Back from the "too small" notice: its question (q again to quit) is withdrawn,
        // since q types again here.
        if !fitted && self.fits() && self.forms.quit_armed {
            self.forms.quit_armed = false;
            self.message = None;
        }
        let Some(l) = layout::layout(w, h) else {
            return Vec::new();
        };
        self.caseload.list.set_height(l.list_rows());
        self.log.window.set_height(l.log_rows());
        self.agenda
            .set_height(l.agenda_rows().saturating_sub(verify::failing_height(self)));
        self.verify.window.set_height(l.agenda_rows());
        self.review.window.set_height(l.agenda_rows());
        let mut fx = caseload::fetch(self, false);
        fx.extend(log::fetch(self, false));
        if self.screen == Screen::Agenda {
            fx.extend(agenda::fetch(self, false));
        }
        if self.screen == Screen::Verify {
            fx.extend(verify::fetch(self, false));
        }
        if self.screen == Screen::Review {
            fx.extend(review::fetch(self, false));
        }
        fx
    }

    /// After a save or a change elsewhere: everything that may show it is fetched again,
    /// keeping the selection where it was.
    pub(crate) fn refresh(&mut self) -> Vec<Effect> {
        self.household.forget();
        self.household.detail = None;
        self.caseload.list.rows.clear();
        let mut fx = vec![self.fetch_gauge()];
        fx.extend(caseload::fetch(self, true));
        self.log.window.rows.clear();
        if self.log.scope == LogScope::Caseload {
            fx.extend(log::fetch(self, true));
        }
        if self.screen == Screen::Agenda {
            self.agenda.rows.clear();
            fx.extend(agenda::fetch(self, true));
            fx.push(verify::fetch_failing(self));
        }
        if self.screen == Screen::Verify {
            self.verify.window.rows.clear();
            fx.extend(verify::fetch(self, true));
        }
        if self.screen == Screen::Team {
            fx.push(team::fetch(self));
            fx.push(review::fetch_summaries());
        }
        if self.screen == Screen::Review {
            self.review.window.rows.clear();
            fx.extend(review::fetch(self, true));
            fx.push(review::fetch_summaries());
        }
        if self.screen == Screen::Today {
            fx.push(today::fetch(self));
        }
        fx
    }

    /// Shows another caseload (a supervisor's pick on the team screen, or back to
    /// everyone's): every pane loads again for it.
    pub(crate) fn set_scope(&mut self, scope: Scope) -> Vec<Effect> {
        self.scope = scope;
        self.caseload.marked.clear();
        self.log.window.selected = 0;
        self.log.window.offset = 0;
        self.caseload.list.selected = 0;
        self.caseload.list.offset = 0;
        self.refresh()
    }

    pub(crate) fn fetch_gauge(&self) -> Effect {
        Effect::FetchGauge {
            scope: self.scope.clone(),
            today: self.today,
            policy: self.settings.policy.clone(),
            rules: self.settings.rules.clone(),
            readiness: self.settings.readiness,
        }
    }

    /// The open form, as a draft to keep if the terminal goes away.
    pub fn draft(&self) -> Option<(String, String)> {
        match &self.overlay {
            Overlay::Form(entry) if entry.form.dirty => Some(entry.to_draft()),
            _ => None,
        }
    }

    pub(crate) fn info(&mut self, t: T) {
        self.message = Some(Message {
            level: Level::Info,
            text: tr(self.lang(), t).to_string(),
        });
    }

    pub(crate) fn say(&mut self, text: String) {
        self.message = Some(Message {
            level: Level::Info,
            text,
        });
    }

    pub(crate) fn error(&mut self, text: String) {
        self.message = Some(Message {
            level: Level::Error,
            text,
        });
    }
}

/// The page a window needs (with `count`: a fresh one, counted), as an effect on `source`.
fn page_of<T>(w: &Window<T>, count: bool, source: impl FnOnce() -> Source) -> Vec<Effect> {
    w.fetch(count)
        .map(|fetch| Effect::Page {
            source: source(),
            fetch,
            count,
        })
        .into_iter()
        .collect()
}
