//! Plain data records shared by the store (which fills them) and the app (which holds and
//! shows them). No I/O and no SQL here: these are the shapes of what a screen needs.
//! `team` holds the figures derived from the team roll-up (sort, totals, pace);
//! `household` the household's one payload for read and write, and the cells the store
//! writes of it and of a member.

mod household;
pub mod life_event;
pub mod payment;
pub mod review;
pub mod team;
pub mod verification;

pub use household::{GroupCompletion, HouseholdDetail, HouseholdFields, HouseholdInput};

use crate::domain::pregnancy::Pregnancy;
use chrono::NaiveDate;

use crate::domain::Sex;
use crate::domain::activity::ActivityKind;
use crate::domain::component::{Component, ComponentPerson};
use crate::domain::graduation::{ExitKind, HouseholdStatus, Program, ReferralStatus};

/// A facilitator (pendamping) or a supervisor (koordinator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Facilitator,
    Supervisor,
}

keyed!(Role; 2;
    Facilitator => "facilitator",
    Supervisor => "supervisor",
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    pub id: String,
    pub name: String,
    pub login: String,
    pub role: Role,
    pub annual_target: u32,
}

/// Whose households a screen shows: one facilitator's caseload, or everyone's (a supervisor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Worker(String),
    All,
}

impl Scope {
    pub fn for_worker(w: &Worker) -> Scope {
        match w.role {
            Role::Facilitator => Scope::Worker(w.id.clone()),
            Role::Supervisor => Scope::All,
        }
    }
}

/// A column the caseload list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    Name,
    Village,
    Status,
    Components,
    /// Days since the last visit.
    Days,
    Desil,
    /// Graduation readiness (the score of [`crate::domain::readiness`]).
    Readiness,
}

impl SortColumn {
    pub const ALL: [SortColumn; 7] = [
        SortColumn::Name,
        SortColumn::Village,
        SortColumn::Status,
        SortColumn::Components,
        SortColumn::Days,
        SortColumn::Desil,
        SortColumn::Readiness,
    ];
    pub fn key(self) -> &'static str {
        match self {
            SortColumn::Name => "name",
            SortColumn::Village => "village",
            SortColumn::Status => "status",
            SortColumn::Components => "components",
            SortColumn::Days => "days",
            SortColumn::Desil => "desil",
            SortColumn::Readiness => "readiness",
        }
    }
    pub fn from_key(s: &str) -> Option<SortColumn> {
        SortColumn::ALL.into_iter().find(|c| c.key() == s)
    }
    pub fn next(self) -> SortColumn {
        let i = SortColumn::ALL.iter().position(|c| *c == self).unwrap_or(0);
        SortColumn::ALL[(i + 1) % SortColumn::ALL.len()]
    }
}

/// How the caseload list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            column: SortColumn::Name,
            descending: false,
        }
    }
}

impl Sort {
    /// Stored form: the column key, with a leading `-` when descending.
    pub fn key(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.column.key()
        )
    }
    pub fn from_key(s: &str) -> Option<Sort> {
        let (descending, col) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        SortColumn::from_key(col).map(|column| Sort { column, descending })
    }
}

/// What the caseload list asks the store for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub scope: Scope,
    /// Also list households that graduated or left (they are no longer the active caseload).
    /// A `status:` filter term overrides this.
    pub include_exited: bool,
    pub filter: crate::filter::Query,
    pub sort: Sort,
    /// The day "days since the last visit" and "overdue" are counted from.
    pub today: NaiveDate,
    /// Months not met in a row that flag a household (`gagal:`, the list's mark).
    pub failing_months: u32,
}

impl ListQuery {
    /// The whole caseload of `scope` (active households, by name).
    pub fn caseload(scope: Scope, today: NaiveDate) -> ListQuery {
        ListQuery {
            scope,
            include_exited: false,
            filter: crate::filter::Query::default(),
            sort: Sort::default(),
            today,
            failing_months: crate::domain::verification::FailingMonths::default().0,
        }
    }

    /// Whether the list sorts or filters by readiness (then it reads and shows the score).
    pub fn uses_readiness(&self) -> bool {
        self.sort.column == SortColumn::Readiness
            || self
                .filter
                .terms
                .iter()
                .any(|t| matches!(t, crate::filter::Term::Ready(..)))
    }
}

/// A named filter and sort, saved by a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub name: String,
    pub query: String,
    pub sort: Sort,
}

/// One line of the caseload list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    pub id: String,
    pub name: String,
    pub village: String,
    pub status: HouseholdStatus,
    pub components: u32,
    pub last_visit: Option<NaiveDate>,
    pub has_business: bool,
    pub next_follow_up: Option<NaiveDate>,
    pub desil: Option<u8>,
    /// The readiness score, read only when the list sorts or filters by it (else None).
    pub readiness: Option<u8>,
    /// A tahap of last year or this year not received (`bayar:masalah`).
    pub pay_problem: bool,
    /// A member has not met their commitments N months in a row (the list's mark).
    pub failing: bool,
}

/// A member's relation to the head of the family (hubungan dengan kepala keluarga).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    KepalaKeluarga,
    Istri,
    Suami,
    Anak,
    Menantu,
    Cucu,
    OrangTua,
    Mertua,
    FamiliLain,
    Lainnya,
}

keyed!(Relation; 10;
    KepalaKeluarga => "kepala_keluarga",
    Istri => "istri",
    Suami => "suami",
    Anak => "anak",
    Menantu => "menantu",
    Cucu => "cucu",
    OrangTua => "orang_tua",
    Mertua => "mertua",
    FamiliLain => "famili_lain",
    Lainnya => "lainnya",
);

/// A member of a household, as stored (`Member`, its id a `String`) and as entered in the
/// household form ([`MemberInput`], its id `None` for a new member): one payload for read
/// and write, as its declaration (`records::tables::MEMBERS`) is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<Id = String> {
    pub id: Id,
    pub nik: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub relation: Relation,
    pub component: Option<Component>,
    /// The pregnancy's order and expected or actual birth date (for `ibu_hamil`).
    pub pregnancy: Pregnancy,
}

impl<Id> Member<Id> {
    /// The same member with its id turned by `f` (a stored member as the form edits it:
    /// `m.map_id(Some)`).
    pub fn map_id<J>(self, f: impl FnOnce(Id) -> J) -> Member<J> {
        Member {
            id: f(self.id),
            nik: self.nik,
            name: self.name,
            sex: self.sex,
            birth_date: self.birth_date,
            relation: self.relation,
            component: self.component,
            pregnancy: self.pregnancy,
        }
    }

    pub fn component_person(&self) -> ComponentPerson {
        ComponentPerson {
            birth_date: self.birth_date,
            sex: self.sex,
            component: self.component,
            pregnancy: self.pregnancy,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: String,
    pub program: Program,
    pub agency: String,
    pub date: NaiveDate,
    pub status: ReferralStatus,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graduation {
    pub id: String,
    pub kind: ExitKind,
    pub date: NaiveDate,
    pub reason: String,
    pub evidence: String,
}

/// Which activities the log pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogQuery {
    Household(String),
    Caseload(Scope),
}

/// One line of the activity log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub id: String,
    pub date: NaiveDate,
    pub kind: ActivityKind,
    pub summary: String,
    /// `None` for a group activity.
    pub household_id: Option<String>,
    /// The household's name, or for a group activity the number of households (see `group_size`).
    pub household_name: Option<String>,
    pub group_size: u32,
    pub follow_up: Option<NaiveDate>,
    pub done: bool,
    /// Who wrote it, when that is not the facilitator (a supervisor's note).
    pub noted_by: Option<String>,
    /// What the line records: an activity, or a graduation, exit or referral (D20).
    pub entry: LogEntry,
    /// For a group activity in a household's log: whether the household was present.
    pub attended: Option<bool>,
}

/// The whole record behind a log line (Enter on the household's log): the line itself and
/// what the line has no room for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordDetail {
    pub row: ActivityRow,
    /// An activity's detail, a graduation's evidence, a referral's notes.
    pub detail: String,
    pub group_name: String,
    pub place: String,
    /// A group activity's households by name, present or absent.
    pub attendance: Vec<(String, bool)>,
}

/// What a line of the activity log records besides activities (for those, `kind` says
/// which; for the others it is only a placeholder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogEntry {
    #[default]
    Activity,
    /// A graduation or exit in force (the summary is its reason).
    Graduation(ExitKind),
    /// A referral made (the summary is the agency).
    Referral(Program),
    /// A referral's status changed (the summary is the status it had).
    ReferralStatus(Program, ReferralStatus),
}

/// The numbers behind the graduation gauge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GaugeData {
    pub year: i32,
    pub target: u32,
    /// Graduations this year of the kinds the target policy counts.
    pub counted: u32,
    /// Natural graduations (no component left) this year: shown apart, not counted.
    pub alamiah: u32,
    /// Other exits this year (moved, deceased, ineligible, rejected).
    pub other_exits: u32,
    /// Households marked as graduation candidates.
    pub candidates: u32,
    /// Households with a follow-up date in the past.
    pub overdue: u32,
    /// Active households with a tahap of last year or this year not received.
    pub pay_problems: u32,
    /// The forecast's candidates: active households marked `calon_graduasi` or with a
    /// readiness score at or above [`crate::domain::forecast::READY_THRESHOLD`].
    pub ready: Vec<crate::domain::forecast::Candidate>,
    /// Whether `ready` was worked out: not above
    /// [`crate::domain::forecast::GAUGE_FORECAST_MAX_HOUSEHOLDS`] households in view, where
    /// the gauge shows no forecast rather than a wrong one.
    pub forecast_reach: ForecastReach,
    /// Each facilitator's part when the gauge is several facilitators' (a supervisor's
    /// whole scope); empty for one facilitator's caseload. The pace and the forecast are
    /// then the sums of the facilitators', as the team screen's total row is.
    pub shares: Vec<GaugeShare>,
}

/// One facilitator's part of a gauge over several: their target, their counted
/// graduations this year and their forecast's candidates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GaugeShare {
    pub worker_id: String,
    pub target: u32,
    pub counted: u32,
    pub ready: Vec<crate::domain::forecast::Candidate>,
}

/// How far the gauge's readiness scoring reached (and so the list's `siap:` and readiness
/// sort, which read the same scores).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForecastReach {
    /// No gauge loaded yet.
    #[default]
    Pending,
    /// Every household in view has its score.
    Scored,
    /// More than [`crate::domain::forecast::GAUGE_FORECAST_MAX_HOUSEHOLDS`] households in
    /// view: none is scored (narrow the scope to one facilitator for scores).
    TooMany,
}

impl GaugeData {
    /// The pace on `today`: over several facilitators the sum of their expected counts
    /// (each rounded as the team screen's rows are), else the target's.
    pub fn pace(&self, today: NaiveDate) -> crate::domain::pace::Pace {
        use crate::domain::pace::{Pace, pace};
        if self.shares.is_empty() {
            return pace(self.target, self.counted, today);
        }
        let expected = self.shares.iter().fold(0u32, |sum, s| {
            sum.saturating_add(pace(s.target, s.counted, today).expected)
        });
        Pace::of(self.target, self.counted, expected)
    }

    /// The year-end forecast from these numbers on `today`. Over several facilitators
    /// the graduations expected are the counted ones plus each facilitator's expected
    /// more (their candidates within their own capacity), as the team's total row; the
    /// readiest are the whole scope's.
    pub fn forecast(&self, today: NaiveDate) -> crate::domain::forecast::Forecast {
        use crate::domain::forecast::{READY_THRESHOLD, forecast};
        let mut f = forecast(
            self.target,
            self.counted,
            &self.ready,
            READY_THRESHOLD,
            today,
        );
        if !self.shares.is_empty() {
            let more = self.shares.iter().fold(0u32, |sum, s| {
                let one = forecast(s.target, s.counted, &s.ready, READY_THRESHOLD, today);
                sum.saturating_add(one.expected.saturating_sub(one.achieved))
            });
            f.expected = self.counted.saturating_add(more);
        }
        f
    }
}

/// One active household's readiness score, as the store computes it for a caseload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadinessRow {
    pub id: String,
    pub name: String,
    pub worker_id: String,
    /// Marked `calon_graduasi`.
    pub marked: bool,
    pub score: u8,
}

/// An activity to record, for one household or (with several) a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    /// The households and whether each attended (always true for one household).
    pub households: Vec<(String, bool)>,
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub summary: String,
    pub detail: String,
    pub follow_up: Option<NaiveDate>,
    pub group_name: String,
    pub place: String,
    pub p2k2_module: Option<crate::domain::activity::P2k2Module>,
    pub p2k2_session: Option<u8>,
}

/// A correction of a recorded activity: its kind, date, summary, follow-up and, for a
/// group activity, who was present (every household it was recorded for, present or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityEdit {
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub summary: String,
    pub follow_up: Option<NaiveDate>,
    /// For a group activity: (household, present); empty leaves attendance as it is.
    pub attendance: Vec<(String, bool)>,
}

/// A correction of a referral (its status moves apart, step by step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralEdit {
    pub program: Program,
    pub agency: String,
    pub notes: String,
    pub date: NaiveDate,
}

/// A referral to an empowerment program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub household_id: String,
    pub program: Program,
    pub agency: String,
    pub date: NaiveDate,
    pub status: ReferralStatus,
    pub notes: String,
}

/// A graduation (or other exit) to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGraduation {
    pub household_id: String,
    pub kind: ExitKind,
    pub date: NaiveDate,
    pub reason: String,
    /// Checklist keys: `asesmen`, `surat_pernyataan`.
    pub evidence: Vec<&'static str>,
    pub referral: Option<NewReferral>,
    /// Months of monitoring follow-ups after a graduation (one every 3 months).
    pub monitoring_months: u32,
    /// Summary of each monitoring follow-up, `{}` standing for the month (from i18n).
    pub monitoring_summary: String,
}

/// One entry of a record's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub at: String,
    pub author: String,
    pub table: String,
    /// Which record, when the household has several of its kind: a member's name.
    pub record_name: Option<String>,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One open follow-up on the agenda.
/// A field edited differently on two laptops, kept by `pilar merge` for a person to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    pub table: String,
    pub record_id: String,
    pub household_id: Option<String>,
    /// The household's pengurus, when the record belongs to one (a group activity: its
    /// group name).
    pub household_name: Option<String>,
    pub field: String,
    /// The value in this database (kept until someone decides) and the other laptop's.
    pub ours: Option<String>,
    pub theirs: Option<String>,
    /// The other database, as it was named to `pilar merge`.
    pub source: String,
}

/// How a merge conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Keep this database's value.
    Ours,
    /// Take the other laptop's value.
    Theirs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaRow {
    pub activity_id: String,
    pub household_id: Option<String>,
    pub household_name: String,
    pub village: String,
    pub kind: ActivityKind,
    pub summary: String,
    pub follow_up: NaiveDate,
    /// Whose caseload the household is in (the activity's worker for a group's): the
    /// supervisor's agenda shows it.
    pub facilitator: String,
}

/// A member as entered in the household form: a [`Member`] whose id is `None` for a new
/// member.
pub type MemberInput = Member<Option<String>>;

/// Why a household could not be saved (or voided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Duplicate(Duplicate),
    /// Someone else changed the household since the form was opened: the fields that
    /// differ, as (field, value now stored).
    Stale(Vec<(String, String)>),
    /// A void refused: the household has this graduation or exit in force (it counts in
    /// the gauge and the team's figures); undo it first.
    Exited(ExitKind),
    /// A commitment verification refused for this member (named), and why.
    Verification {
        member: String,
        why: crate::domain::verification::Refusal,
    },
    /// A life event refused by its rules (`domain::life_event::plan`).
    LifeEvent(crate::domain::life_event::Refusal),
}

/// A household entered by mistake, to be voided: hidden from every list and count, not
/// an exit, kept in the history with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdVoid {
    pub household_id: String,
    pub reason: crate::domain::void::VoidReason,
}

/// Why a household could not be saved: its No KK or a member's NIK is already registered
/// to another household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// `no_kk` or `nik`.
    pub field: &'static str,
    pub value: String,
    pub household_id: String,
    pub household_name: String,
    /// The facilitator whose caseload holds it: outside one's own caseload the household
    /// is not named (nor opened).
    pub worker_id: String,
}

impl Duplicate {
    /// Whether the household holding the number is in `worker_id`'s own caseload.
    pub fn in_caseload_of(&self, worker_id: &str) -> bool {
        self.worker_id == worker_id
    }
}

/// One facilitator's figures on the team screen and in `pilar report`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamRow {
    pub worker_id: String,
    pub name: String,
    pub login: String,
    pub target: u32,
    /// Active households (aktif or calon graduasi).
    pub caseload: u32,
    /// Graduations this year of the kinds the target policy counts.
    pub graduated: u32,
    /// Households marked as graduation candidates.
    pub candidates: u32,
    /// Activities dated in the 30 days up to the report date.
    pub activities_30d: u32,
    /// P2K2 sessions this month (each group meeting once).
    pub p2k2_month: u32,
    /// Active households with a follow-up date in the past.
    pub overdue: u32,
    /// Active households without a home visit in the last 90 days (or never visited).
    pub not_visited_90d: u32,
    /// Active households with a tahap of last year or this year not received.
    pub pay_problems: u32,
    /// The forecast's candidates among the facilitator's households (see
    /// [`GaugeData::ready`]).
    pub ready: Vec<crate::domain::forecast::Candidate>,
}

/// Weeks of activity the team sparkline shows.
pub const TEAM_WEEKS: usize = 26;

/// The team roll-up: one row per facilitator, plus the team's charts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamData {
    pub year: i32,
    /// The day the figures are counted up to (today, or 31 December of a past year).
    pub as_of: Option<NaiveDate>,
    /// The day the caseload's state (households, candidates, follow-ups, visits) is read:
    /// today, also for a past year.
    pub state_on: Option<NaiveDate>,
    pub rows: Vec<TeamRow>,
    /// Counted graduations per month of `year`, January first.
    pub graduations_by_month: [u32; 12],
    /// Activities per week, oldest first; the last entry is the 7 days up to `as_of`.
    pub activities_by_week: Vec<u32>,
}
