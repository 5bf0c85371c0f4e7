//! The application core: all state of a pilar session and `App::update`, which turns one
//! [`Action`] (a key, a resize, a query result) into new state plus the [`Effect`]s the
//! shell must run (database reads). No terminal, no SQL, no clock: `today` is given.

pub mod conflicts;
pub mod entry;
pub mod form;
pub mod layout;
pub mod team;
pub mod window;

use chrono::NaiveDate;
use tui_input::{Input, InputRequest};

use crate::domain::Lang;
use crate::domain::component::ComponentRules;
use crate::domain::graduation::TargetPolicy;
use crate::filter::Query;
use crate::i18n::{T, fill, tr};
use crate::keymap::{self, Command, Ctx, Key};
use crate::model::{
    ActivityRow, AgendaRow, Change, GaugeData, HouseholdDetail, HouseholdRow, ListQuery, LogQuery,
    Role, SavedView, Scope, Sort, TeamData, Worker,
};
use entry::{Entry, Purpose, Record};
use form::FormEvent;
use window::{Fetch, Window};

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
}

/// What the activity log shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogScope {
    Household,
    Caseload,
}

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
    /// A draft from last time: open it again or discard it.
    DraftOffer {
        kind: String,
        payload: String,
    },
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

/// Input to [`App::update`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// First load after start.
    Start,
    /// Merge conflicts loaded or settled.
    Conflicts(conflicts::Loaded),
    Key(Key),
    Resize(u16, u16),
    ListLoaded {
        /// The count, and whether counting stopped at a cap (there are more).
        total: Option<(u64, bool)>,
        offset: u64,
        /// How many rows were asked for (fewer back means the list ends there).
        limit: u64,
        rows: Vec<HouseholdRow>,
    },
    DetailLoaded(Option<Box<HouseholdDetail>>),
    LogLoaded {
        total: Option<u64>,
        offset: u64,
        limit: u64,
        rows: Vec<ActivityRow>,
    },
    GaugeLoaded(GaugeData),
    /// Position of a household in the current list (after "jump to household").
    Located(Option<u64>),
    ViewSaved(String),
    /// A record was saved; the text says what, in the user's language.
    Saved {
        text: String,
        /// The household to select afterwards (the one the record is about).
        select: Option<String>,
        /// An activity for the marked households was saved: clear the marks.
        clear_marks: bool,
    },
    /// The clock's day changed (the shell checks it before each key).
    Today(NaiveDate),
    /// Undoing a graduation: whether there was one.
    Undone(bool),
    HistoryLoaded(Vec<Change>),
    AgendaLoaded {
        total: Option<u64>,
        offset: u64,
        limit: u64,
        rows: Vec<AgendaRow>,
    },
    DraftFound(Option<(String, String)>),
    /// The reveal of this household's NIK was logged: show it.
    Revealed(String),
    /// The store refused a household: a duplicate NIK/No KK, or a stale copy.
    Refused(crate::model::Refusal),
    /// Another session changed the database: fetch what is shown again.
    DataChanged,
    /// A plain message for the status bar (already in the user's language).
    Info(String),
    ViewsLoaded(Vec<SavedView>),
    /// The view asked for by name (`None`: there is none by that name).
    ViewLoaded {
        name: String,
        view: Option<SavedView>,
    },
    TeamLoaded(TeamData),
    /// A store call failed; the text is already in the user's language.
    Failed(String),
    /// A write failed because the database cannot be written any more (full disk,
    /// read-only): the form stays open, and pilar goes on read-only.
    WriteBlocked(String),
}

/// Work for the shell. Each one's result comes back as an [`Action`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Merge conflicts: count, load, settle.
    Conflicts(conflicts::Request),
    FetchList {
        query: ListQuery,
        fetch: Fetch,
        count: bool,
    },
    FetchDetail(String),
    FetchLog {
        query: LogQuery,
        fetch: Fetch,
        count: bool,
    },
    FetchGauge(Scope),
    Locate {
        query: ListQuery,
        household_id: String,
    },
    SaveView {
        worker_id: String,
        name: String,
        query: String,
        sort: Sort,
    },
    FetchViews(String),
    FetchView {
        worker_id: String,
        name: String,
    },
    /// Save a record written by `author`; the result comes back as `Saved(message)`.
    Save {
        author: String,
        record: Box<Record>,
        message: String,
        /// The activity was for the marked households: clear the marks once saved.
        clear_marks: bool,
    },
    UndoGraduation {
        author: String,
        household_id: String,
    },
    MarkDone {
        author: String,
        activity_id: String,
    },
    FetchHistory(String),
    FetchAgenda {
        scope: Scope,
        until: NaiveDate,
        fetch: Fetch,
        count: bool,
    },
    FetchDraft(String),
    DeleteDraft(String),
    /// The team roll-up of every facilitator for `year`, counted up to `as_of`.
    FetchTeam {
        year: i32,
        as_of: NaiveDate,
    },
    /// Log that `author` revealed the household's NIK and No KK.
    LogReveal {
        author: String,
        household_id: String,
    },
    AdvanceReferral {
        author: String,
        household_id: String,
        /// Mark it rejected instead of moving it on.
        reject: bool,
    },
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
}

impl Settings {
    pub fn new(lang: Lang) -> Settings {
        Settings {
            lang,
            policy: TargetPolicy::default(),
            rules: ComponentRules::default(),
            monitoring_months: 12,
            agenda_days: 7,
        }
    }
}

pub struct App {
    pub settings: Settings,
    pub today: NaiveDate,
    pub user: Worker,
    pub scope: Scope,
    pub is_demo: bool,
    pub focus: Pane,
    pub screen: Screen,
    pub overlay: Overlay,
    /// Households marked (Space) for a group activity: (id, name).
    pub marked: Vec<(String, String)>,
    pub agenda: Window<AgendaRow>,
    pub team: team::TeamView,
    /// The facilitator whose caseload a supervisor opened from the team screen.
    pub scope_name: Option<String>,
    /// The detail pane shows the household's history instead of its facts.
    pub show_history: bool,
    pub history: Vec<Change>,
    /// `U` was pressed once for this household: the next `U` undoes its graduation.
    undo_armed: Option<String>,
    /// Ctrl-c was pressed once with an unsaved form: the next one quits.
    quit_armed: bool,
    /// The pending Locate is a follow-up of a save: no "not in the list" message.
    locate_quietly: bool,
    /// The pending Locate may retry in every status (from the agenda).
    locate_retry: Option<String>,
    /// The household graduated last in this session, for `U U` after it left the list.
    last_exit: Option<(String, String)>,
    /// The household whose NIK and No KK are shown unmasked (until the selection moves).
    pub revealed: Option<String>,
    /// The database cannot be written (read-only file, full disk): look, don't change.
    pub read_only: bool,
    /// The database file is encrypted (the screen says when it is not).
    pub encrypted: bool,
    pub include_exited: bool,
    /// The search text as typed (kept after Enter), and what it parses to.
    pub filter_text: String,
    pub filter: Query,
    pub sort: Sort,
    pub list: Window<HouseholdRow>,
    /// The list's total is a lower bound: counting stopped at the store's cap.
    pub list_capped: bool,
    pub detail: Option<HouseholdDetail>,
    pub detail_scroll: u16,
    pub log_scope: LogScope,
    pub log: Window<ActivityRow>,
    pub gauge: GaugeData,
    pub size: (u16, u16),
    pub message: Option<Message>,
    pub quit: bool,
    /// The household the detail and household log were loaded for.
    shown_household: Option<String>,
}

impl App {
    pub fn new(settings: Settings, user: Worker, today: NaiveDate, is_demo: bool) -> App {
        let scope = Scope::for_worker(&user);
        App {
            settings,
            today,
            scope,
            user,
            is_demo,
            focus: Pane::List,
            screen: Screen::Dashboard,
            overlay: Overlay::None,
            marked: Vec::new(),
            agenda: Window::default(),
            team: team::TeamView::default(),
            scope_name: None,
            show_history: false,
            history: Vec::new(),
            undo_armed: None,
            quit_armed: false,
            locate_quietly: false,
            locate_retry: None,
            last_exit: None,
            revealed: None,
            read_only: false,
            encrypted: false,
            include_exited: false,
            filter_text: String::new(),
            filter: Query::default(),
            sort: Sort::default(),
            list: Window::default(),
            list_capped: false,
            detail: None,
            detail_scroll: 0,
            log_scope: LogScope::Household,
            log: Window::default(),
            gauge: GaugeData::default(),
            size: (layout::MIN_WIDTH, layout::MIN_HEIGHT),
            message: None,
            quit: false,
            shown_household: None,
        }
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    pub fn list_query(&self) -> ListQuery {
        ListQuery {
            scope: self.scope.clone(),
            include_exited: self.include_exited,
            filter: self.filter.clone(),
            sort: self.sort,
            today: self.today,
        }
    }

    /// True when a search or filter narrows the list.
    pub fn filtering(&self) -> bool {
        !self.filter_text.trim().is_empty()
    }

    fn log_query(&self) -> Option<LogQuery> {
        match self.log_scope {
            LogScope::Household => self.shown_household.clone().map(LogQuery::Household),
            LogScope::Caseload => Some(LogQuery::Caseload(self.scope.clone())),
        }
    }

    /// The key context: overlays first, then the focused pane.
    pub fn ctx(&self) -> Ctx {
        match self.overlay {
            Overlay::Conflicts(_) => Ctx::Conflicts,
            Overlay::Help { .. } => Ctx::Help,
            Overlay::CommandLine(_) => Ctx::CommandLine,
            Overlay::Search(_) => Ctx::Search,
            Overlay::Views { .. } => Ctx::Views,
            Overlay::Form(_) => Ctx::Form,
            Overlay::DraftOffer { .. } => Ctx::Confirm,
            Overlay::None if self.screen == Screen::Agenda => Ctx::Agenda,
            Overlay::None if self.screen == Screen::Team => Ctx::Team,
            Overlay::None => match self.focus {
                Pane::List => Ctx::List,
                Pane::Detail => Ctx::Detail,
                Pane::Log => Ctx::Log,
            },
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Start => self.reload_all(),
            Action::Conflicts(loaded) => self.conflicts_loaded(loaded),
            Action::Resize(w, h) => self.resize(w, h),
            Action::Key(key) => {
                self.message = None;
                self.key(key)
            }
            Action::ListLoaded {
                total,
                offset,
                limit,
                rows,
            } => {
                if let Some((total, capped)) = total {
                    self.list.reset(total);
                    self.list_capped = capped;
                }
                self.list.fill(offset, rows, limit);
                let mut fx = self.fetch_missing_list(false);
                fx.extend(self.follow_selection());
                fx
            }
            Action::DetailLoaded(detail) => {
                self.detail = detail.map(|d| *d);
                Vec::new()
            }
            Action::LogLoaded {
                total,
                offset,
                limit,
                rows,
            } => {
                if let Some(total) = total {
                    self.log.reset(total);
                }
                self.log.fill(offset, rows, limit);
                self.fetch_missing_log(false)
            }
            Action::GaugeLoaded(g) => {
                self.gauge = g;
                Vec::new()
            }
            Action::Located(pos) => {
                let quiet = std::mem::replace(&mut self.locate_quietly, false);
                let retry = self.locate_retry.take();
                if let Some(pos) = pos.filter(|p| *p < self.list.total) {
                    self.list.move_to(pos);
                    self.focus = Pane::List;
                    let mut fx = self.fetch_missing_list(false);
                    fx.extend(self.follow_selection());
                    fx
                } else if let Some(id) = retry.filter(|_| !self.include_exited) {
                    // Not in the active list (graduated or exited): look in every status.
                    self.include_exited = true;
                    self.info(T::MsgShowingExited);
                    let mut fx = self.reload_list();
                    fx.push(Effect::Locate {
                        query: self.list_query(),
                        household_id: id,
                    });
                    fx
                } else {
                    if !quiet {
                        self.info(T::MsgNotInList);
                    }
                    Vec::new()
                }
            }
            Action::ViewSaved(name) => {
                self.message = Some(Message {
                    level: Level::Info,
                    text: fill(tr(self.lang(), T::MsgViewSaved), &[&name]),
                });
                Vec::new()
            }
            Action::Saved {
                text,
                select,
                clear_marks,
            } => {
                self.overlay = Overlay::None;
                if clear_marks {
                    self.marked.clear();
                }
                self.message = Some(Message {
                    level: Level::Info,
                    text,
                });
                let mut fx = self.refresh();
                if let Some(id) = select {
                    // Keep the saved household selected, wherever it now sorts; if it left
                    // the list (a graduation), the selection stays on the same row.
                    self.locate_quietly = true;
                    fx.push(Effect::Locate {
                        query: self.list_query(),
                        household_id: id,
                    });
                }
                fx
            }
            Action::Today(day) => {
                if day == self.today {
                    return Vec::new();
                }
                self.today = day;
                self.refresh()
            }
            Action::Undone(done) => {
                self.info(if done {
                    T::MsgUndone
                } else {
                    T::MsgNothingToUndo
                });
                self.refresh()
            }
            Action::HistoryLoaded(changes) => {
                self.history = changes;
                Vec::new()
            }
            Action::AgendaLoaded {
                total,
                offset,
                limit,
                rows,
            } => {
                if let Some(total) = total {
                    self.agenda.reset(total);
                }
                self.agenda.fill(offset, rows, limit);
                self.fetch_missing_agenda(false)
            }
            Action::DataChanged => {
                // Another session changed the file: every pane, and the conflicts list if it
                // is open, load again.
                let mut fx = self.refresh();
                fx.extend(self.conflicts_changed());
                fx
            }
            Action::Refused(crate::model::Refusal::Stale(differ)) => {
                let lang = self.lang();
                if let Overlay::Form(entry) = &mut self.overlay {
                    let now: Vec<String> = differ
                        .iter()
                        .map(|(f, v)| format!("{f}={}", if v.is_empty() { "-" } else { v }))
                        .collect();
                    entry.form.error = Some(fill(tr(lang, T::FormStale), &[&now.join(", ")]));
                }
                Vec::new()
            }
            Action::Refused(crate::model::Refusal::Duplicate(dup)) => {
                let lang = self.lang();
                if let Overlay::Form(entry) = &mut self.overlay {
                    let what = if dup.field == "no_kk" { "No KK" } else { "NIK" };
                    // Another facilitator's family is not named (nor can it be opened).
                    let own = dup.in_caseload_of(&self.user.id);
                    let text = if own {
                        fill(
                            tr(lang, T::FormDuplicate),
                            &[&what, &dup.value, &dup.household_name],
                        )
                    } else {
                        fill(tr(lang, T::FormDuplicateElsewhere), &[&what, &dup.value])
                    };
                    let key = if dup.field == "no_kk" {
                        "no_kk".to_string()
                    } else {
                        entry
                            .form
                            .fields
                            .iter()
                            .find(|f| f.key.ends_with(".nik") && f.value().contains(&dup.value))
                            .map(|f| f.key.clone())
                            .unwrap_or_else(|| "no_kk".to_string())
                    };
                    entry.form.set_error(&key, text.clone());
                    entry.form.error = Some(text);
                    entry.duplicate_of = own.then_some(dup.household_id);
                }
                Vec::new()
            }
            Action::Revealed(id) => {
                self.revealed = Some(id);
                self.message = Some(Message {
                    level: Level::Info,
                    text: fill(tr(self.lang(), T::MsgRevealed), &[&self.user.name]),
                });
                Vec::new()
            }
            Action::Info(text) => {
                self.message = Some(Message {
                    level: Level::Info,
                    text,
                });
                self.refresh()
            }
            Action::DraftFound(draft) => {
                if let Some((kind, payload)) = draft {
                    self.overlay = Overlay::DraftOffer { kind, payload };
                }
                Vec::new()
            }
            Action::ViewsLoaded(views) => {
                self.overlay = Overlay::Views { views, selected: 0 };
                Vec::new()
            }
            Action::ViewLoaded { name, view } => match view {
                Some(v) => self.apply_view(v),
                None => {
                    self.message = Some(Message {
                        level: Level::Error,
                        text: fill(tr(self.lang(), T::MsgViewNotFound), &[&name]),
                    });
                    Vec::new()
                }
            },
            Action::TeamLoaded(data) => {
                self.team.set(data);
                // The same facilitator stays selected, and in view.
                let (selected, height) = (self.team.selected, self.team_height());
                self.team.move_to(selected, height);
                Vec::new()
            }
            Action::WriteBlocked(text) => {
                self.read_only = true;
                self.message = Some(Message {
                    level: Level::Error,
                    text,
                });
                Vec::new()
            }
            Action::Failed(text) => {
                self.message = Some(Message {
                    level: Level::Error,
                    text,
                });
                Vec::new()
            }
        }
    }

    fn info(&mut self, t: T) {
        self.message = Some(Message {
            level: Level::Info,
            text: tr(self.lang(), t).to_string(),
        });
    }

    fn reload_all(&mut self) -> Vec<Effect> {
        self.shown_household = None;
        let mut fx = vec![
            Effect::FetchGauge(self.scope.clone()),
            Effect::FetchDraft(self.user.id.clone()),
            conflicts::at_start(&self.scope),
        ];
        fx.extend(self.fetch_missing_list(true));
        if self.log_scope == LogScope::Caseload {
            fx.extend(self.fetch_missing_log(true));
        }
        fx
    }

    fn resize(&mut self, w: u16, h: u16) -> Vec<Effect> {
        self.size = (w, h);
        let Some(l) = layout::layout(w, h) else {
            return Vec::new();
        };
        self.list.set_height(l.list_rows());
        self.log.set_height(l.log_rows());
        self.agenda.set_height(l.agenda_rows());
        let mut fx = self.fetch_missing_list(false);
        fx.extend(self.fetch_missing_log(false));
        if self.screen == Screen::Agenda {
            fx.extend(self.fetch_missing_agenda(false));
        }
        fx
    }

    /// After a save: everything that may show the change is fetched again, keeping the
    /// selection where it was.
    fn refresh(&mut self) -> Vec<Effect> {
        self.shown_household = None;
        self.detail = None;
        if self.log_scope == LogScope::Household {
            self.log.rows.clear();
        }
        self.list.rows.clear();
        let mut fx = vec![Effect::FetchGauge(self.scope.clone())];
        fx.extend(self.fetch_missing_list(true));
        if self.log_scope == LogScope::Caseload {
            self.log.rows.clear();
            fx.extend(self.fetch_missing_log(true));
        }
        if self.screen == Screen::Agenda {
            self.agenda.rows.clear();
            fx.extend(self.fetch_missing_agenda(true));
        }
        if self.screen == Screen::Team {
            fx.push(self.fetch_team());
        }
        fx
    }

    fn fetch_team(&self) -> Effect {
        use chrono::Datelike;
        Effect::FetchTeam {
            year: self.today.year(),
            as_of: self.today,
        }
    }

    /// Rows of the team table that fit on the screen.
    fn team_height(&self) -> usize {
        layout::layout(self.size.0, self.size.1).map_or(1, |l| l.team_rows() as usize)
    }

    /// Opens the team screen, on the whole team's figures.
    fn show_team(&mut self) -> Vec<Effect> {
        if self.user.role != Role::Supervisor {
            self.info(T::MsgTeamSupervisors);
            return Vec::new();
        }
        self.screen = Screen::Team;
        let mut fx = vec![self.fetch_team()];
        if self.scope_name.take().is_some() {
            fx.extend(self.set_scope(Scope::All));
        }
        fx
    }

    /// Shows another caseload (a supervisor's pick on the team screen): every pane loads
    /// again for it.
    fn set_scope(&mut self, scope: Scope) -> Vec<Effect> {
        self.scope = scope;
        self.marked.clear();
        self.log.selected = 0;
        self.log.offset = 0;
        self.list.selected = 0;
        self.list.offset = 0;
        self.refresh()
    }

    fn agenda_until(&self) -> NaiveDate {
        self.today + chrono::Duration::days(i64::from(self.settings.agenda_days))
    }

    fn fetch_missing_agenda(&self, count: bool) -> Vec<Effect> {
        self.agenda
            .fetch(count)
            .map(|fetch| Effect::FetchAgenda {
                scope: self.scope.clone(),
                until: self.agenda_until(),
                fetch,
                count,
            })
            .into_iter()
            .collect()
    }

    /// The open form, as a draft to keep if the terminal goes away.
    pub fn draft(&self) -> Option<(String, String)> {
        match &self.overlay {
            Overlay::Form(entry) if entry.form.dirty => Some(entry.to_draft()),
            _ => None,
        }
    }

    /// The households an activity would be recorded for: the marked ones, else the
    /// selected one.
    fn activity_households(&self) -> Vec<(String, String)> {
        if !self.marked.is_empty() {
            return self.marked.clone();
        }
        self.list
            .selected_row()
            .map(|r| vec![(r.id.clone(), r.name.clone())])
            .unwrap_or_default()
    }

    fn selected_household(&self) -> Option<(String, String)> {
        self.list
            .selected_row()
            .map(|r| (r.id.clone(), r.name.clone()))
    }

    fn open_form(&mut self, entry: Entry) -> Vec<Effect> {
        self.overlay = Overlay::Form(Box::new(entry));
        Vec::new()
    }

    /// Keys while a form is open.
    fn form_key(&mut self, key: Key) -> Vec<Effect> {
        let lang = self.lang();
        let Overlay::Form(entry) = &mut self.overlay else {
            return Vec::new();
        };
        if keymap::command_for(Ctx::Form, key) == Some(Command::ForceQuit) {
            if !entry.form.dirty || self.quit_armed {
                self.quit = true;
            } else {
                self.quit_armed = true;
                self.message = Some(Message {
                    level: Level::Error,
                    text: tr(lang, T::MsgCtrlCAgain).to_string(),
                });
            }
            return Vec::new();
        }
        self.quit_armed = false;
        match entry.form.handle(key) {
            FormEvent::None => Vec::new(),
            FormEvent::Cancel => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            FormEvent::AddRow => {
                entry.add_member(lang);
                Vec::new()
            }
            FormEvent::RemoveRow => {
                entry.remove_member(lang);
                Vec::new()
            }
            FormEvent::OpenDuplicate => match entry.duplicate_of.clone() {
                Some(id) => {
                    // Show every household (the other one may have left the active list),
                    // then go to it.
                    self.overlay = Overlay::None;
                    self.include_exited = true;
                    self.filter_text.clear();
                    self.filter = Query::default();
                    self.screen = Screen::Dashboard;
                    let mut fx = self.reload_list();
                    fx.push(Effect::Locate {
                        query: self.list_query(),
                        household_id: id,
                    });
                    fx
                }
                None => Vec::new(),
            },
            FormEvent::Submit => {
                let Some(record) = entry.validate(
                    lang,
                    self.today,
                    self.settings.monitoring_months,
                    &self.settings.rules,
                ) else {
                    return Vec::new();
                };
                let message = match &record {
                    Record::Activity(a) if a.households.len() > 1 => {
                        fill(tr(lang, T::MsgSavedGroup), &[&a.households.len()])
                    }
                    Record::Activity(a) => fill(tr(lang, T::MsgSavedActivity), &[&a.summary]),
                    Record::Graduation(g) => fill(
                        tr(lang, T::MsgSavedGraduation),
                        &[&crate::i18n::exit_label(lang, g.kind)],
                    ),
                    Record::Referral(r) => fill(
                        tr(lang, T::MsgSavedReferral),
                        &[&crate::i18n::referral_program(lang, r.program)],
                    ),
                    Record::Household(h) => fill(
                        tr(lang, T::MsgSavedHousehold),
                        &[&h.members.first().map(|m| m.name.as_str()).unwrap_or("")],
                    ),
                };
                // The household a saved graduation concerns stays the `U U` target after it
                // leaves the active list; an activity for the marked households clears them.
                if let Purpose::Graduation { household } = &entry.purpose {
                    self.last_exit = Some(household.clone());
                }
                let clear_marks = matches!(record, Record::Activity(_)) && !self.marked.is_empty();
                vec![Effect::Save {
                    author: self.user.id.clone(),
                    record: Box::new(record),
                    message,
                    clear_marks,
                }]
            }
        }
    }

    fn fetch_missing_list(&self, count: bool) -> Vec<Effect> {
        self.list
            .fetch(count)
            .map(|fetch| Effect::FetchList {
                query: self.list_query(),
                fetch,
                count,
            })
            .into_iter()
            .collect()
    }

    fn fetch_missing_log(&self, count: bool) -> Vec<Effect> {
        let Some(query) = self.log_query() else {
            return Vec::new();
        };
        self.log
            .fetch(count)
            .map(|fetch| Effect::FetchLog {
                query,
                fetch,
                count,
            })
            .into_iter()
            .collect()
    }

    /// After the list selection may have changed: load the new household's detail (and its
    /// log when the log follows the household).
    fn follow_selection(&mut self) -> Vec<Effect> {
        let selected = self.list.selected_row().map(|r| r.id.clone());
        if selected == self.shown_household {
            return Vec::new();
        }
        self.shown_household = selected.clone();
        self.detail_scroll = 0;
        // A revealed NIK is for that view only.
        self.revealed = None;
        let Some(id) = selected else {
            self.detail = None;
            if self.log_scope == LogScope::Household {
                self.log = Window {
                    height: self.log.height,
                    ..Window::default()
                };
            }
            return Vec::new();
        };
        let mut fx = vec![Effect::FetchDetail(id.clone())];
        if self.show_history {
            self.history.clear();
            fx.push(Effect::FetchHistory(id));
        }
        if self.log_scope == LogScope::Household {
            self.log.selected = 0;
            self.log.offset = 0;
            fx.extend(self.fetch_missing_log(true));
        }
        fx
    }

    fn key(&mut self, key: Key) -> Vec<Effect> {
        if matches!(self.overlay, Overlay::Form(_)) {
            return self.form_key(key);
        }
        // `U` twice undoes; any other key (outside the command line, where `:batal-graduasi`
        // is being typed) starts over.
        if !matches!(key, Key::Char('U')) && !matches!(self.overlay, Overlay::CommandLine(_)) {
            self.undo_armed = None;
        }
        let ctx = self.ctx();
        // In the command line and the search box, letters are text.
        let text_key = keymap::TEXT_CONTEXTS.contains(&ctx) && matches!(key, Key::Char(_));
        let command = if text_key {
            None
        } else {
            keymap::command_for(ctx, key)
        };
        if let Some(cmd) = command {
            if cmd == Command::PickNumber
                && let Key::Char(c) = key
            {
                return self.pick_view(c.to_digit(10).unwrap_or(0) as usize);
            }
            return self.command(cmd);
        }
        match &mut self.overlay {
            Overlay::CommandLine(input) => {
                if key == Key::Backspace && input.value().is_empty() {
                    self.overlay = Overlay::None;
                } else if let Some(req) = input_request(key) {
                    input.handle(req);
                }
                Vec::new()
            }
            Overlay::Search(input) => {
                let Some(req) = input_request(key) else {
                    return Vec::new();
                };
                input.handle(req);
                let text = input.value().to_string();
                self.set_filter(&text)
            }
            _ => Vec::new(),
        }
    }

    /// Applies search text: parse it, start the list from the top, count and fetch again.
    fn set_filter(&mut self, text: &str) -> Vec<Effect> {
        if text == self.filter_text {
            return Vec::new();
        }
        self.filter_text = text.to_string();
        self.filter = crate::filter::parse(text);
        self.reload_list()
    }

    fn reload_list(&mut self) -> Vec<Effect> {
        self.list.selected = 0;
        self.list.offset = 0;
        self.list.rows.clear();
        self.fetch_missing_list(true)
    }

    fn apply_view(&mut self, v: SavedView) -> Vec<Effect> {
        self.overlay = Overlay::None;
        self.screen = Screen::Dashboard;
        self.focus = Pane::List;
        self.sort = v.sort;
        self.message = Some(Message {
            level: Level::Info,
            text: fill(tr(self.lang(), T::MsgViewOpened), &[&v.name]),
        });
        self.filter_text = v.query.clone();
        self.filter = crate::filter::parse(&v.query);
        self.reload_list()
    }

    fn pick_view(&mut self, number: usize) -> Vec<Effect> {
        let Overlay::Views { views, .. } = &self.overlay else {
            return Vec::new();
        };
        match number.checked_sub(1).and_then(|i| views.get(i)) {
            Some(v) => {
                let v = v.clone();
                self.apply_view(v)
            }
            None => Vec::new(),
        }
    }

    /// Runs a command, whether it came from a key or from the `:` command line.
    pub fn command(&mut self, cmd: Command) -> Vec<Effect> {
        if self.read_only && writes(cmd) {
            self.message = Some(Message {
                level: Level::Error,
                text: tr(self.lang(), T::MsgReadOnly).to_string(),
            });
            return Vec::new();
        }
        if self.user.role == Role::Supervisor && writes(cmd) && !supervisor_may(cmd) {
            self.info(T::MsgSupervisorReadOnly);
            return Vec::new();
        }
        match cmd {
            Command::Conflicts | Command::KeepOurs | Command::TakeTheirs => {
                self.conflicts_command(cmd)
            }
            Command::MoveDown => self.scroll(1),
            Command::MoveUp => self.scroll(-1),
            Command::PageDown => {
                let page = self.page() as i64;
                self.scroll(page)
            }
            Command::PageUp => {
                let page = self.page() as i64;
                self.scroll(-page)
            }
            Command::Top => self.scroll(i64::MIN),
            Command::Bottom => self.scroll(i64::MAX),
            Command::NextPane => {
                self.focus = self.focus.next();
                Vec::new()
            }
            Command::PrevPane => {
                self.focus = self.focus.prev();
                Vec::new()
            }
            Command::Open => self.open(),
            Command::Back => match self.overlay {
                Overlay::DraftOffer { .. } => {
                    self.overlay = Overlay::None;
                    self.info(T::MsgDraftDiscarded);
                    vec![Effect::DeleteDraft(self.user.id.clone())]
                }
                Overlay::None if self.screen == Screen::Agenda => {
                    self.screen = Screen::Dashboard;
                    Vec::new()
                }
                Overlay::None if self.screen == Screen::Team => {
                    self.screen = Screen::Dashboard;
                    Vec::new()
                }
                Overlay::None
                    if self.focus == Pane::List
                        && !self.filtering()
                        && self.scope_name.is_some() =>
                {
                    // Back from a facilitator's caseload to the team.
                    self.show_team()
                }
                Overlay::Search(_) => {
                    self.overlay = Overlay::None;
                    self.set_filter("")
                }
                Overlay::None if self.focus == Pane::List && self.filtering() => {
                    self.set_filter("")
                }
                Overlay::None => {
                    self.focus = Pane::List;
                    Vec::new()
                }
                _ => {
                    self.overlay = Overlay::None;
                    Vec::new()
                }
            },
            Command::Search => {
                self.screen = Screen::Dashboard;
                let mut input = Input::new(self.filter_text.clone());
                input.handle(InputRequest::GoToEnd);
                self.overlay = Overlay::Search(input);
                self.focus = Pane::List;
                Vec::new()
            }
            Command::SortNext | Command::SortReverse if self.screen == Screen::Team => {
                if cmd == Command::SortNext {
                    self.team.sort_next();
                } else {
                    self.team.sort_reverse();
                }
                let lang = self.lang();
                let dir = tr(
                    lang,
                    if self.team.descending {
                        T::SortDesc
                    } else {
                        T::SortAsc
                    },
                );
                self.message = Some(Message {
                    level: Level::Info,
                    text: fill(
                        tr(lang, T::MsgSortBy),
                        &[
                            &crate::i18n::team_column_label(lang, self.team.column),
                            &dir,
                        ],
                    ),
                });
                Vec::new()
            }
            Command::SortNext | Command::SortReverse => {
                if cmd == Command::SortNext {
                    self.sort = Sort {
                        column: self.sort.column.next(),
                        descending: false,
                    };
                } else {
                    self.sort.descending = !self.sort.descending;
                }
                let lang = self.lang();
                let dir = tr(
                    lang,
                    if self.sort.descending {
                        T::SortDesc
                    } else {
                        T::SortAsc
                    },
                );
                self.message = Some(Message {
                    level: Level::Info,
                    text: fill(
                        tr(lang, T::MsgSortBy),
                        &[
                            &crate::i18n::sort_column_label(lang, self.sort.column),
                            &dir,
                        ],
                    ),
                });
                self.reload_list()
            }
            Command::Views => vec![Effect::FetchViews(self.user.id.clone())],
            Command::PickNumber => Vec::new(),
            Command::SaveView | Command::View => {
                let t = if cmd == Command::SaveView {
                    T::MsgViewNeedsName
                } else {
                    T::MsgViewNameNeeded
                };
                self.message = Some(Message {
                    level: Level::Error,
                    text: tr(self.lang(), t).to_string(),
                });
                Vec::new()
            }
            Command::ToggleLogScope => {
                self.log_scope = match self.log_scope {
                    LogScope::Household => LogScope::Caseload,
                    LogScope::Caseload => LogScope::Household,
                };
                self.log.selected = 0;
                self.log.offset = 0;
                self.log.rows.clear();
                self.fetch_missing_log(true)
            }
            Command::ToggleExited => {
                self.include_exited = !self.include_exited;
                self.info(if self.include_exited {
                    T::MsgShowingExited
                } else {
                    T::MsgHidingExited
                });
                self.list.selected = 0;
                self.list.offset = 0;
                let mut fx = vec![Effect::FetchGauge(self.scope.clone())];
                fx.extend(self.reload_list());
                fx
            }
            Command::Help => {
                self.overlay = match self.overlay {
                    Overlay::Help { .. } => Overlay::None,
                    _ => Overlay::Help { scroll: 0 },
                };
                Vec::new()
            }
            Command::CommandLine => {
                self.overlay = Overlay::CommandLine(Input::default());
                Vec::new()
            }
            Command::Run => match self.overlay {
                Overlay::Search(_) => {
                    // Enter keeps the search as the list's filter.
                    self.overlay = Overlay::None;
                    Vec::new()
                }
                _ => self.run_command_line(),
            },
            // Form keys go to the open form (see `form_key`); as commands they do nothing.
            Command::NextField
            | Command::PrevField
            | Command::Save
            | Command::Cancel
            | Command::ChoicePrev
            | Command::ChoiceNext
            | Command::Toggle
            | Command::AddMember
            | Command::RemoveMember
            | Command::OpenDuplicate => Vec::new(),
            Command::NewHousehold => {
                let place = self
                    .detail
                    .as_ref()
                    .map(|d| entry::PlaceDefaults {
                        village: d.village.clone(),
                        kecamatan: d.kecamatan.clone(),
                        kabupaten: d.kabupaten.clone(),
                        area_code: d.area_code.clone(),
                    })
                    .unwrap_or_default();
                let entry = Entry::household(self.lang(), None, &place, self.today);
                self.open_form(entry)
            }
            Command::EditHousehold => {
                let selected = self.list.selected_row().map(|r| r.id.clone());
                match &self.detail {
                    Some(d) if Some(&d.id) == selected.as_ref() => {
                        let entry = Entry::household(
                            self.lang(),
                            Some(d),
                            &entry::PlaceDefaults::default(),
                            self.today,
                        );
                        self.open_form(entry)
                    }
                    _ => {
                        self.info(T::MsgNoHousehold);
                        Vec::new()
                    }
                }
            }
            Command::AdvanceReferral | Command::RejectReferral => match self.selected_household() {
                Some((id, _)) => vec![Effect::AdvanceReferral {
                    author: self.user.id.clone(),
                    household_id: id,
                    reject: cmd == Command::RejectReferral,
                }],
                None => {
                    self.info(T::MsgNoHousehold);
                    Vec::new()
                }
            },
            Command::AddActivity if self.user.role == Role::Supervisor => {
                // A supervisor's note on one household, filed in its facilitator's log.
                match self.selected_household() {
                    Some(h) => {
                        let entry = Entry::supervision_note(self.lang(), h);
                        self.open_form(entry)
                    }
                    None => {
                        self.info(T::MsgNoHousehold);
                        Vec::new()
                    }
                }
            }
            Command::AddActivity => {
                let households = self.activity_households();
                if households.is_empty() {
                    self.info(T::MsgNoHousehold);
                    return Vec::new();
                }
                let entry = Entry::activity(self.lang(), households);
                self.open_form(entry)
            }
            Command::Mark => {
                let Some((id, name)) = self.selected_household() else {
                    return Vec::new();
                };
                if let Some(i) = self.marked.iter().position(|(m, _)| *m == id) {
                    self.marked.remove(i);
                } else if self.marked.len() >= entry::MAX_GROUP {
                    self.message = Some(Message {
                        level: Level::Error,
                        text: fill(tr(self.lang(), T::MsgGroupTooLarge), &[&entry::MAX_GROUP]),
                    });
                    return Vec::new();
                } else {
                    self.marked.push((id, name));
                }
                self.message = Some(Message {
                    level: Level::Info,
                    text: fill(tr(self.lang(), T::MsgMarked), &[&self.marked.len()]),
                });
                // Space marks and moves on, so a row of families is quick to mark.
                self.scroll(1)
            }
            Command::Graduate => {
                let Some(row) = self.list.selected_row() else {
                    self.info(T::MsgNoHousehold);
                    return Vec::new();
                };
                if !row.status.is_active() {
                    let status = crate::i18n::status_label(self.lang(), row.status);
                    self.message = Some(Message {
                        level: Level::Error,
                        text: fill(tr(self.lang(), T::MsgAlreadyExited), &[&status]),
                    });
                    return Vec::new();
                }
                let household = (row.id.clone(), row.name.clone());
                let entry = Entry::graduation(self.lang(), household);
                self.open_form(entry)
            }
            Command::UndoGraduation => {
                // The selected household if it has left assistance, else the one graduated
                // last in this session (it left the active list).
                let selected = self
                    .list
                    .selected_row()
                    .filter(|r| !r.status.is_active())
                    .map(|r| (r.id.clone(), r.name.clone()));
                let Some((id, name)) = selected
                    .or_else(|| self.last_exit.clone())
                    .or_else(|| self.selected_household())
                else {
                    self.info(T::MsgNoHousehold);
                    return Vec::new();
                };
                if self.undo_armed.as_deref() == Some(id.as_str()) {
                    self.undo_armed = None;
                    return vec![Effect::UndoGraduation {
                        author: self.user.id.clone(),
                        household_id: id,
                    }];
                }
                self.undo_armed = Some(id);
                self.message = Some(Message {
                    level: Level::Info,
                    text: fill(tr(self.lang(), T::MsgUndoConfirm), &[&name]),
                });
                Vec::new()
            }
            Command::Refer => match self.selected_household() {
                Some(h) => {
                    let entry = Entry::referral(self.lang(), h);
                    self.open_form(entry)
                }
                None => {
                    self.info(T::MsgNoHousehold);
                    Vec::new()
                }
            },
            Command::Reveal => match &self.shown_household {
                Some(id) => vec![Effect::LogReveal {
                    author: self.user.id.clone(),
                    household_id: id.clone(),
                }],
                None => {
                    self.info(T::MsgNoHousehold);
                    Vec::new()
                }
            },
            Command::History => {
                self.show_history = !self.show_history;
                self.history.clear();
                match (&self.shown_household, self.show_history) {
                    (Some(id), true) => vec![Effect::FetchHistory(id.clone())],
                    _ => Vec::new(),
                }
            }
            Command::Dashboard => {
                self.screen = Screen::Dashboard;
                Vec::new()
            }
            Command::Team => self.show_team(),
            Command::Agenda => {
                self.screen = Screen::Agenda;
                self.agenda.rows.clear();
                self.fetch_missing_agenda(true)
            }
            Command::MarkDone => match self.agenda.selected_row() {
                Some(row) => {
                    let id = row.activity_id.clone();
                    vec![Effect::MarkDone {
                        author: self.user.id.clone(),
                        activity_id: id,
                    }]
                }
                None => Vec::new(),
            },
            Command::Quit | Command::ForceQuit => {
                self.quit = true;
                Vec::new()
            }
        }
    }

    fn run_command_line(&mut self) -> Vec<Effect> {
        let Overlay::CommandLine(input) = std::mem::replace(&mut self.overlay, Overlay::None)
        else {
            return Vec::new();
        };
        let text = input.value().trim().to_string();
        if text.is_empty() {
            return Vec::new();
        }
        let (name, arg) = match text.split_once(char::is_whitespace) {
            Some((n, a)) => (n.to_string(), a.trim().to_string()),
            None => (text.clone(), String::new()),
        };
        let command = keymap::command_by_name(&name);
        if !arg.is_empty() {
            match command {
                Some(Command::SaveView) if self.read_only => {
                    self.message = Some(Message {
                        level: Level::Error,
                        text: tr(self.lang(), T::MsgReadOnly).to_string(),
                    });
                    return Vec::new();
                }
                Some(Command::SaveView) => {
                    return vec![Effect::SaveView {
                        worker_id: self.user.id.clone(),
                        name: arg,
                        query: self.filter_text.clone(),
                        sort: self.sort,
                    }];
                }
                Some(Command::View) => {
                    return vec![Effect::FetchView {
                        worker_id: self.user.id.clone(),
                        name: arg,
                    }];
                }
                Some(Command::Search) => {
                    // The list it filters comes into view (from the agenda or the team).
                    self.screen = Screen::Dashboard;
                    self.focus = Pane::List;
                    return self.set_filter(&arg);
                }
                _ => {}
            }
        }
        // A command runs where its keys would: `:selesai` only on the agenda, and so on.
        let ctx = self.ctx();
        let applies = |c: Command| {
            keymap::BINDINGS
                .iter()
                .filter(|b| b.command == c)
                .any(|b| b.contexts.is_empty() || b.contexts.contains(&ctx))
        };
        match command {
            Some(c) if !applies(c) => {
                self.message = Some(Message {
                    level: Level::Error,
                    text: fill(tr(self.lang(), T::MsgNotHere), &[&text]),
                });
                Vec::new()
            }
            Some(Command::Run | Command::CommandLine | Command::PickNumber) | None => {
                self.message = Some(Message {
                    level: Level::Error,
                    text: fill(tr(self.lang(), T::MsgUnknownCommand), &[&text]),
                });
                Vec::new()
            }
            Some(cmd) => self.command(cmd),
        }
    }

    fn page(&self) -> u64 {
        let l = layout::layout(self.size.0, self.size.1);
        if self.screen == Screen::Team {
            return self.team_height().max(1) as u64;
        }
        match self.focus {
            Pane::List => self.list.height,
            Pane::Log => self.log.height,
            Pane::Detail => l.map(|l| l.detail_rows()).unwrap_or(1),
        }
        .max(1)
    }

    fn scroll(&mut self, delta: i64) -> Vec<Effect> {
        match &mut self.overlay {
            Overlay::Conflicts(view) => {
                view.move_by(delta);
                return Vec::new();
            }
            Overlay::Help { scroll } => {
                // About as many lines as the help has (bindings, filters, legend).
                let max = (keymap::BINDINGS.len() + 12) as u64;
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
        if self.screen == Screen::Agenda {
            move_window(&mut self.agenda, delta);
            return self.fetch_missing_agenda(false);
        }
        if self.screen == Screen::Team {
            let height = self.team_height();
            let last = self.team.len().saturating_sub(1) as u64;
            let to = apply_delta(self.team.selected as u64, delta, last);
            self.team.move_to(to as usize, height);
            return Vec::new();
        }
        match self.focus {
            Pane::List => {
                move_window(&mut self.list, delta);
                let mut fx = self.fetch_missing_list(false);
                fx.extend(self.follow_selection());
                fx
            }
            Pane::Log => {
                move_window(&mut self.log, delta);
                self.fetch_missing_log(false)
            }
            Pane::Detail => {
                // Scroll no further than the pane has lines, so ↑ answers at once.
                let lines = if self.show_history {
                    self.history.len()
                } else {
                    self.detail.as_ref().map_or(0, |d| {
                        d.members.len() + d.referrals.len() + 2 * d.graduations.len() + 16
                    })
                };
                let page = layout::layout(self.size.0, self.size.1)
                    .map_or(1, |l| l.detail_rows() as usize);
                let max = lines.saturating_sub(page / 2) as u64;
                self.detail_scroll = apply_delta(u64::from(self.detail_scroll), delta, max) as u16;
                Vec::new()
            }
        }
    }

    fn open(&mut self) -> Vec<Effect> {
        if let Overlay::Views { selected, .. } = self.overlay {
            return self.pick_view(selected + 1);
        }
        if let Overlay::DraftOffer { kind, payload } =
            std::mem::replace(&mut self.overlay, Overlay::None)
        {
            let mut fx = vec![Effect::DeleteDraft(self.user.id.clone())];
            if let Some(entry) = Entry::from_draft(self.lang(), &kind, &payload, self.today) {
                fx.extend(self.open_form(entry));
            }
            return fx;
        }
        if self.screen == Screen::Team {
            // Enter opens the facilitator's four panes (the total row: everyone's).
            let (scope, name) = match self.team.selected_row() {
                Some(r) => (Scope::Worker(r.worker_id.clone()), Some(r.name.clone())),
                None => (Scope::All, None),
            };
            self.screen = Screen::Dashboard;
            self.focus = Pane::List;
            self.scope_name = name;
            return self.set_scope(scope);
        }
        if self.screen == Screen::Agenda {
            let Some(row) = self.agenda.selected_row() else {
                return Vec::new();
            };
            let Some(id) = row.household_id.clone() else {
                self.info(T::MsgGroupActivity);
                return Vec::new();
            };
            self.screen = Screen::Dashboard;
            self.locate_retry = Some(id.clone());
            return vec![Effect::Locate {
                query: self.list_query(),
                household_id: id,
            }];
        }
        match self.focus {
            Pane::List => {
                if self.list.selected_row().is_some() {
                    self.focus = Pane::Detail;
                }
                Vec::new()
            }
            Pane::Log => {
                // In the caseload log, Enter jumps to the activity's household.
                let Some(row) = self.log.selected_row() else {
                    return Vec::new();
                };
                if self.log_scope == LogScope::Household {
                    return Vec::new();
                }
                match row.household_id.clone() {
                    Some(id) => {
                        self.locate_retry = Some(id.clone());
                        vec![Effect::Locate {
                            query: self.list_query(),
                            household_id: id,
                        }]
                    }
                    None => {
                        self.info(T::MsgGroupActivity);
                        Vec::new()
                    }
                }
            }
            Pane::Detail => Vec::new(),
        }
    }
}

/// What a supervisor may write: supervision notes, the logged reveal of a NIK, and their
/// own saved views. Everything else in a caseload is the facilitator's to change.
fn supervisor_may(cmd: Command) -> bool {
    matches!(
        cmd,
        Command::AddActivity | Command::Reveal | Command::SaveView
    )
}

/// Commands that write to the database (refused while read-only).
fn writes(cmd: Command) -> bool {
    matches!(
        cmd,
        Command::AddActivity
            | Command::Mark
            | Command::Graduate
            | Command::UndoGraduation
            | Command::Refer
            | Command::NewHousehold
            | Command::EditHousehold
            | Command::AdvanceReferral
            | Command::RejectReferral
            | Command::MarkDone
            | Command::Reveal
            | Command::SaveView
    )
}

fn move_window<T>(w: &mut Window<T>, delta: i64) {
    match delta {
        i64::MIN => w.move_to(0),
        i64::MAX => w.move_last(),
        d => w.move_by(d),
    }
}

fn apply_delta(value: u64, delta: i64, max: u64) -> u64 {
    match delta {
        i64::MIN => 0,
        i64::MAX => max,
        d if d < 0 => value.saturating_sub(d.unsigned_abs()),
        d => value.saturating_add(d as u64).min(max),
    }
}

/// Keys that edit the command line.
fn input_request(key: Key) -> Option<InputRequest> {
    Some(match key {
        Key::Char(c) => InputRequest::InsertChar(c),
        Key::Backspace => InputRequest::DeletePrevChar,
        Key::Delete => InputRequest::DeleteNextChar,
        Key::Left => InputRequest::GoToPrevChar,
        Key::Right => InputRequest::GoToNextChar,
        Key::Home => InputRequest::GoToStart,
        Key::End => InputRequest::GoToEnd,
        _ => return None,
    })
}
