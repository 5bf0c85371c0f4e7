//! The messages between the core and the shell: an [`Action`] is what happened (a key, a
//! resize, the result of a query or a save), an [`Effect`] is work the shell must do (read
//! or write the store). Effects carry everything the shell needs (the day, the target
//! policy, the scope), so the shell never reads the app's state; and a result carries only
//! what the store found, never a value the app sent out: what the app wants to do with a
//! result it keeps itself (a pending save's message) or names in the effect as a
//! continuation ([`AfterLocate`]).
//!
//! The three long lists (the caseload list, the activity log, the agenda) load through one
//! pair, [`Effect::Page`] and [`Action::Page`]. Reads that only replace what is shown can
//! be superseded by a later read of the same thing ([`Effect::supersedes`]); the shell uses
//! that to apply keys typed ahead before it runs one query for all of them ([`coalesce`]).

use chrono::NaiveDate;

use super::conflicts;
use super::entry::Record;
use super::window::Fetch;
use crate::domain::graduation::{HouseholdStatus, Program, ReferralStatus, TargetPolicy};
use crate::keymap::Key;
use crate::model::{
    ActivityRow, AgendaRow, Change, GaugeData, HouseholdDetail, HouseholdRow, ListQuery, LogQuery,
    RecordDetail, Refusal, SavedView, Scope, Sort, TeamData,
};

/// Input to [`App::update`](super::App::update).
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// First load after start.
    Start,
    Key(Key),
    /// Text pasted into the terminal (bracketed paste): text for the field that has the
    /// keys, never keys, so a pasted line break cannot save a form or run a command.
    Paste(String),
    Resize(u16, u16),
    /// The clock's day changed (the shell checks it before each key).
    Today(NaiveDate),
    /// Another session changed the database: fetch what is shown again.
    DataChanged,
    /// Rows of one of the paged lists (which one: the kind of `rows`), from `offset`, for
    /// a request of `limit` rows (fewer back means the list ends there); `total` when the
    /// request asked for a count.
    Page {
        total: Option<Total>,
        offset: u64,
        limit: u64,
        rows: Rows,
    },
    DetailLoaded(Option<Box<HouseholdDetail>>),
    /// The households with a member not met N months in a row (for the agenda).
    FailingLoaded(Vec<crate::model::verification::FailingHousehold>),
    /// The whole record behind a log line, to show in its own window.
    RecordLoaded(Box<RecordDetail>),
    HistoryLoaded(Vec<Change>),
    GaugeLoaded(GaugeData),
    TeamLoaded(TeamData),
    /// Every facilitator's last sign-off and the records changed since (by facilitator id).
    ReviewSummaries(std::collections::BTreeMap<String, crate::model::review::ReviewSummary>),
    /// A sign-off was recorded.
    SignedOff,
    /// Today's lines, as the store gathered them (unordered).
    TodayLoaded(Vec<crate::domain::today::TodayItem>),
    /// Where a household is in the list asked about (`None`: not in it), and what to do
    /// next, as the [`Effect::Locate`] said.
    Located {
        household_id: String,
        position: Option<u64>,
        then: AfterLocate,
    },
    ViewsLoaded(Vec<SavedView>),
    /// The view asked for by name (`None`: there is none by that name).
    ViewLoaded(Option<SavedView>),
    ViewSaved,
    /// `:kelompok`: the group the households joined, or why not.
    GroupJoined(Result<super::groups::Joined, crate::domain::groups::GroupRefusal>),
    /// `:keluar-kelompok`: how many households left their group.
    GroupLeft(u32),
    /// A record was saved. `household`: the household the store created or updated (a
    /// household form); for other records the app knows which household it was about.
    Saved {
        household: Option<String>,
    },
    /// A follow-up on the agenda was marked done (and noted in the household's log).
    FollowUpDone,
    /// An activity was voided (kept in the history with the reason).
    ActivityVoided,
    /// A referral was corrected.
    ReferralEdited,
    /// The household's open follow-up (the earliest), after a visit was logged.
    OpenFollowUp(Option<AgendaRow>),
    /// An activity was corrected.
    ActivityEdited,
    /// Reopening a follow-up: whether it was done (and is open again).
    FollowUpReopened(bool),
    /// Undoing a graduation: the status the household is back to and that status's date,
    /// or `None` when there was nothing to undo.
    Undone(Option<(HouseholdStatus, Option<NaiveDate>)>),
    /// What moving a referral on did.
    ReferralAdvanced(ReferralOutcome),
    /// What a `:bayar` recorded: the tahap, its year and outcome, and the counts.
    PaymentsSet {
        year: i32,
        tahap: u8,
        outcome: crate::domain::payment::TahapOutcome,
        saved: crate::model::payment::PaymentsSaved,
    },
    /// The draft kept from last time, if any: (kind, payload).
    DraftFound(Option<(String, String)>),
    /// The draft was deleted (opened again or discarded).
    DraftDeleted,
    /// The reveal of the household's NIK was logged: show it where it was asked for.
    Revealed(RevealPlace),
    /// The store refused a household: a duplicate NIK/No KK, or a stale copy.
    Refused(Refusal),
    /// Merge conflicts counted, loaded or settled.
    Conflicts(conflicts::Loaded),
    /// The sync's status, or how a sync ended.
    Sync(super::sync::Outcome),
    /// A store call failed; the text is already in the user's language.
    Failed(String),
    /// A write failed because the database cannot be written any more (full disk,
    /// read-only): the form stays open, and pilar goes on read-only.
    WriteBlocked(String),
}

/// A count of a paged list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub count: u64,
    /// Counting stopped at the store's cap: there are more.
    pub capped: bool,
}

impl Total {
    pub fn exact(count: u64) -> Total {
        Total {
            count,
            capped: false,
        }
    }
}

/// Rows of a paged list; the variant says which list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rows {
    List(Vec<HouseholdRow>),
    Log(Vec<ActivityRow>),
    Agenda(Vec<AgendaRow>),
    /// The verification screen's members.
    Verify(Vec<crate::model::verification::VerifyRow>),
    /// The review's history lines since a sign-off.
    Review(Vec<crate::model::review::ReviewRow>),
}

/// What a page is read from: one of the three long lists, with its query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The caseload list.
    List(ListQuery),
    /// The activity log of a household or a caseload.
    Log(LogQuery),
    /// Open follow-ups due up to `until`.
    Agenda { scope: Scope, until: NaiveDate },
    /// The members to verify for a month.
    Verify(crate::model::verification::VerifyQuery),
    /// A facilitator's history since their last sign-off.
    Review(crate::model::review::ReviewQuery),
}

impl Source {
    /// Both are the same list (whatever their queries).
    pub fn same_list(&self, other: &Source) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// What to do once a household's place in the list is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterLocate {
    /// Go there, or say it is not in the list.
    Report,
    /// After a save: go there; if it left the list (a graduation), stay where we are,
    /// silently.
    Quiet,
    /// From the agenda or the caseload log: if it is not among the active households,
    /// show every status and look again.
    RetryAllStatuses,
}

/// Where unmasked identity numbers are shown, each reveal logged first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevealPlace {
    /// `i`: the detail pane shows the household's NIK and No KK.
    Detail,
    /// `e`: the household form shows every member's NIK and the No KK.
    Form,
}

/// What moving a referral on did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralOutcome {
    /// The latest referral moved to `status`.
    Moved {
        program: Program,
        status: ReferralStatus,
    },
    /// It is already finished or rejected: nothing changed.
    AlreadyFinal(ReferralStatus),
    /// Asked to reject a finished or rejected referral: nothing changed (D19).
    CannotReject(ReferralStatus),
    /// Asked to step back at the first step: nothing changed.
    AtStart,
    /// The household has no referral.
    NoReferral,
}

/// Which way a referral's status moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralStep {
    /// One step on (`R`).
    Next,
    /// Rejected (`:tolak-rujukan`), unless finished or rejected already.
    Reject,
    /// One step back (`:mundur-rujukan`), to take back a mistaken `R`.
    Back,
}

/// Work for the shell. Each one's result comes back as an [`Action`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Merge conflicts: count, load, settle.
    Conflicts(conflicts::Request),
    /// The sync: its status, or a sync on a thread of the shell's.
    Sync(super::sync::Request),
    /// Rows `fetch` of a paged list, and with `count` its total.
    Page {
        source: Source,
        fetch: Fetch,
        count: bool,
    },
    FetchDetail(String),
    FetchHistory(String),
    /// The households of `scope` with a member not met `months` months in a row.
    FetchFailing {
        scope: Scope,
        months: u32,
    },
    /// The whole record behind this log line.
    FetchRecord(Box<ActivityRow>),
    /// The household's earliest open follow-up.
    FetchOpenFollowUp(String),
    /// This year's graduations of `scope` against its target, on `today`.
    FetchGauge {
        scope: Scope,
        today: NaiveDate,
        policy: TargetPolicy,
        /// For the readiness behind the forecast (and the list's `siap:` and sort).
        rules: crate::domain::component::ComponentRules,
        readiness: crate::domain::readiness::ReadinessSettings,
    },
    /// The team roll-up of the facilitators in `scope` for `year`, counted up to `as_of`.
    FetchTeam {
        scope: Scope,
        year: i32,
        as_of: NaiveDate,
        today: NaiveDate,
        policy: TargetPolicy,
        /// For each facilitator's forecast (the readiness of their candidates).
        rules: crate::domain::component::ComponentRules,
        readiness: crate::domain::readiness::ReadinessSettings,
    },
    /// Every facilitator's last sign-off and counts since (the team screen's column).
    FetchReviewSummaries,
    /// Record a supervisor's sign-off of a facilitator's records.
    SignOff {
        author: String,
        sign_off: crate::model::review::NewSignOff,
    },
    /// Today's lines of `scope` ("Hari ini"), every reason of `domain::today::SOURCES`.
    FetchToday {
        scope: Scope,
        today: NaiveDate,
        rules: crate::domain::component::ComponentRules,
        readiness: crate::domain::readiness::ReadinessSettings,
        /// Months not met in a row that flag a household (the setting).
        failing: u32,
    },
    /// Where the household is in the list `query` gives; `then` comes back with the answer.
    Locate {
        query: ListQuery,
        household_id: String,
        then: AfterLocate,
    },
    SaveView {
        worker_id: String,
        name: String,
        query: String,
        sort: Sort,
    },
    /// `:kelompok NAME [@ PLACE]`: the households join the author's group NAME (created
    /// when new; its place set when one is given).
    JoinGroup {
        author: String,
        name: String,
        place: Option<String>,
        households: Vec<String>,
    },
    /// `:keluar-kelompok`: the households leave their group.
    LeaveGroup {
        author: String,
        households: Vec<String>,
    },
    FetchViews(String),
    FetchView {
        worker_id: String,
        name: String,
    },
    /// Save a record written by `author`.
    Save {
        author: String,
        record: Box<Record>,
    },
    UndoGraduation {
        author: String,
        household_id: String,
        today: NaiveDate,
    },
    /// Mark a follow-up done on `today`; `note` (in the user's language, `{}` for the
    /// activity's summary) is the line recorded in the household's log.
    MarkDone {
        author: String,
        activity_id: String,
        today: NaiveDate,
        note: String,
    },
    AdvanceReferral {
        author: String,
        household_id: String,
        step: ReferralStep,
    },
    /// Record one tahap's outcome for several households on `today` (`b`, `B B`, `:bayar`).
    SetPayments {
        author: String,
        set: crate::model::payment::SetPayments,
        today: NaiveDate,
    },
    /// Correct an activity (kind, date, summary, follow-up, attendance).
    EditActivity {
        author: String,
        activity_id: String,
        edit: crate::model::ActivityEdit,
    },
    /// Correct a referral's program, agency, notes or date.
    EditReferral {
        author: String,
        referral_id: String,
        edit: crate::model::ReferralEdit,
    },
    /// Reopen a follow-up marked done by mistake.
    ReopenFollowUp {
        author: String,
        activity_id: String,
    },
    /// Void an activity recorded by mistake, with the reason.
    VoidActivity {
        author: String,
        activity_id: String,
        reason: String,
    },
    /// Log that `author` revealed the household's NIK and No KK; `place` (where) comes
    /// back in [`Action::Revealed`].
    LogReveal {
        author: String,
        household_id: String,
        place: RevealPlace,
    },
    FetchDraft(String),
    DeleteDraft(String),
}

impl Effect {
    /// Whether running `self` makes running `earlier` (not run yet) useless: both read the
    /// same thing to replace what is shown, and `self` asks at least as much. A page of a
    /// list supersedes an earlier page of that list unless the earlier one counted and
    /// this one does not. Writes never supersede and are never superseded.
    pub fn supersedes(&self, earlier: &Effect) -> bool {
        use Effect as E;
        match (self, earlier) {
            (
                E::Page { source, count, .. },
                E::Page {
                    source: before,
                    count: counted,
                    ..
                },
            ) => source.same_list(before) && (*count || !*counted),
            (E::FetchDetail(_), E::FetchDetail(_))
            | (E::FetchFailing { .. }, E::FetchFailing { .. })
            | (E::FetchHistory(_), E::FetchHistory(_))
            | (E::FetchGauge { .. }, E::FetchGauge { .. })
            | (E::FetchTeam { .. }, E::FetchTeam { .. })
            | (E::FetchReviewSummaries, E::FetchReviewSummaries)
            | (E::FetchToday { .. }, E::FetchToday { .. }) => true,
            (
                E::Conflicts(conflicts::Request::Load(_)),
                E::Conflicts(conflicts::Request::Load(_)),
            ) => true,
            _ => false,
        }
    }

    /// Whether this effect may wait while more keys are applied: a read whose result only
    /// replaces what is shown (so a later read of the same thing may supersede it). Every
    /// write, and every read whose answer the next key may depend on, must run first.
    pub fn may_wait(&self) -> bool {
        matches!(
            self,
            Effect::Page { .. }
                | Effect::FetchDetail(_)
                | Effect::FetchFailing { .. }
                | Effect::FetchHistory(_)
                | Effect::FetchGauge { .. }
                | Effect::FetchTeam { .. }
                | Effect::FetchReviewSummaries
                | Effect::FetchToday { .. }
                | Effect::Conflicts(conflicts::Request::Load(_))
        )
    }
}

/// Adds `new` effects to those waiting to run, dropping every waiting one a new one
/// supersedes (the order of the rest is kept).
pub fn coalesce(waiting: &mut Vec<Effect>, new: impl IntoIterator<Item = Effect>) {
    for effect in new {
        waiting.retain(|w| !effect.supersedes(w));
        waiting.push(effect);
    }
}
