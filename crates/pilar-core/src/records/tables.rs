//! The declarations (a data table): every record type, parents first (the order a merge
//! adds rows in). A column's place in its list is its place in a merge's comparisons and
//! in an export's columns; the SQLite table may hold them in another order (columns added
//! by a later migration come last there).
//!
//! Adding a column: declare it here (its role, type, label, file column and form key),
//! then write its migration (laptop and server); the tests name what else is missing.

use super::{Col, Column as C, HistoryField, Record, Ty};
use crate::i18n::T;

/// Every declared record type, in the order rows are added (parents first).
pub const RECORDS: &[Record] = &[
    WORKERS,
    P2K2_GROUPS,
    HOUSEHOLDS,
    MEMBERS,
    GRADUATIONS,
    ACTIVITIES,
    ACTIVITY_HOUSEHOLDS,
    REFERRALS,
    PAYMENTS,
    VERIFICATIONS,
    LIFE_EVENTS,
    SIGNOFFS,
    SAVED_VIEWS,
];

const CREATED_AT: C = C::bookkeeping("created_at", Ty::Time);
const UPDATED_AT: C = C::bookkeeping("updated_at", Ty::Time);
const AUTHOR_ID: C = C::bookkeeping("author_id", Ty::Id);
const ID: C = C::key("id", Ty::Id).file(Col::Id);
const HOUSEHOLD_ID: C = C::field("household_id", Ty::Id, T::LabelHousehold).file(Col::HouseholdId);
/// The household's No KK, joined in by an export (a household's own is its column).
const NO_KK_JOINED: C = C::file_only("no_kk", Ty::Text, Col::NoKk);
const WORKER_ID: C = C::field("worker_id", Ty::Id, T::DetailWorker);
const DELETED: C = C::field("deleted", Ty::Flag, T::LabelDeleted);
const VOID: HistoryField = HistoryField {
    name: "void",
    label: T::LabelVoid,
};

pub const WORKERS: Record = Record {
    table: "workers",
    key: &["id"],
    household: None,
    label: None,
    synced: false,
    columns: &[
        C::key("id", Ty::Id),
        C::copied("name", Ty::Text),
        C::copied("login", Ty::Text),
        C::copied("role", Ty::Text),
        C::copied("annual_target", Ty::Int),
        C::copied("supervisor_id", Ty::Id),
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

/// A facilitator's P2K2 group: the same 15-30 families meet every month. Its families are
/// the households whose `group_id` names it (a household is in at most one group).
pub const P2K2_GROUPS: Record = Record {
    table: "p2k2_groups",
    key: &["id"],
    household: None,
    label: Some(T::LabelP2k2Group),
    synced: true,
    columns: &[
        ID,
        WORKER_ID,
        C::field("name", Ty::Text, T::LabelName).file(Col::Name),
        C::field("place", Ty::Text, T::FieldPlace).file(Col::Place),
        // Its households' No KKs (those whose `group_id` names it), joined in by an export.
        C::file_only("families", Ty::Text, Col::Families),
        DELETED,
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

pub const HOUSEHOLDS: Record = Record {
    table: "households",
    key: &["id"],
    household: Some("id"),
    label: Some(T::LabelHousehold),
    synced: true,
    columns: &[
        ID,
        WORKER_ID,
        C::field("no_kk", Ty::Text, T::FieldNoKk)
            .file(Col::NoKk)
            .form("no_kk"),
        // The pengurus's name and NIK: the household's copies of its first member's.
        C::field("pengurus_name", Ty::Text, T::FieldPengurusName)
            .file(Col::Name)
            .form_first_member("name"),
        C::field("pengurus_nik", Ty::Text, T::LabelPengurusNik)
            .file(Col::Nik)
            .form_first_member("nik"),
        C::field("address", Ty::Text, T::FieldAddress)
            .file(Col::Address)
            .form("address"),
        C::field("rt", Ty::Text, T::FieldRt)
            .file(Col::Rt)
            .form("rt"),
        C::field("rw", Ty::Text, T::FieldRw)
            .file(Col::Rw)
            .form("rw"),
        C::field("village", Ty::Text, T::FieldVillage)
            .file(Col::Village)
            .form("village"),
        C::field("kecamatan", Ty::Text, T::FieldKecamatan)
            .file(Col::Kecamatan)
            .form("kecamatan"),
        C::field("kabupaten", Ty::Text, T::FieldKabupaten)
            .file(Col::Kabupaten)
            .form("kabupaten"),
        C::field("area_code", Ty::Text, T::FieldAreaCode)
            .file(Col::AreaCode)
            .form("area_code"),
        C::field("phone", Ty::Text, T::FieldPhone)
            .file(Col::Phone)
            .form("phone"),
        C::field("desil", Ty::Int, T::FieldDesil)
            .file(Col::Desil)
            .form("desil"),
        C::field("year_joined", Ty::Int, T::FieldJoined)
            .file(Col::YearJoined)
            .form("year_joined"),
        C::field("programs", Ty::Text, T::LabelPrograms)
            .file(Col::Programs)
            .form_checks("prog."),
        C::field("has_business", Ty::Flag, T::FieldBusiness)
            .file(Col::HasBusiness)
            .form("business"),
        C::field("business_desc", Ty::Text, T::FieldBusinessDesc)
            .file(Col::Business)
            .form("business_desc"),
        C::field("business_income", Ty::Int, T::FieldIncome)
            .file(Col::Income)
            .form("business_income"),
        C::field("pas_tags", Ty::Text, T::LabelPas)
            .file(Col::Pas)
            .form_checks("pas."),
        C::field("status", Ty::Text, T::FieldStatus).file(Col::Status),
        C::field("status_date", Ty::Date, T::LabelStatusDate).file(Col::StatusDate),
        // The P2K2 group the family meets with (`p2k2_groups`), none when NULL.
        C::field("group_id", Ty::Id, T::LabelP2k2Group),
        C::derived("last_visit", Ty::Date),
        C::derived("next_follow_up", Ty::Date),
        C::derived("component_count", Ty::Int),
        C::derived("search_text", Ty::Text),
        DELETED,
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[
        HistoryField {
            name: "nik_revealed",
            label: T::LabelRevealed,
        },
        VOID,
    ],
};

pub const MEMBERS: Record = Record {
    table: "members",
    key: &["id"],
    household: Some("household_id"),
    label: Some(T::LabelMember),
    synced: true,
    columns: &[
        ID,
        HOUSEHOLD_ID,
        NO_KK_JOINED,
        C::field("nik", Ty::Text, T::FieldNik)
            .file(Col::Nik)
            .form("nik"),
        C::field("name", Ty::Text, T::LabelName)
            .file(Col::Name)
            .form("name"),
        C::field("sex", Ty::Text, T::FieldSex)
            .file(Col::Sex)
            .form("sex"),
        C::field("birth_date", Ty::Date, T::FieldBirth)
            .file(Col::Birth)
            .form("birth"),
        C::field("relation", Ty::Text, T::FieldRelation)
            .file(Col::Relation)
            .form("relation"),
        C::field("component", Ty::Text, T::FieldComponent)
            .file(Col::Component)
            .form("component"),
        C::field("pregnancy_order", Ty::Int, T::LabelPregnancyOrder)
            .file(Col::PregnancyOrder)
            .form("pregnancy_order"),
        C::field("pregnancy_birth", Ty::Date, T::LabelPregnancyBirth)
            .file(Col::PregnancyBirth)
            .form("pregnancy_birth"),
        DELETED,
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
        // The day a member left (death or moving away: `domain::life_event`) and why; the
        // member stays, no longer counted.
        C::field("left_on", Ty::Date, T::LabelLeftOn).file(Col::LeftOn),
        C::field("left_reason", Ty::Text, T::LabelLeftReason).file(Col::LeftReason),
    ],
    history: &[],
};

pub const GRADUATIONS: Record = Record {
    table: "graduations",
    key: &["id"],
    household: Some("household_id"),
    label: Some(T::LabelGraduation),
    synced: true,
    columns: &[
        ID,
        HOUSEHOLD_ID,
        NO_KK_JOINED,
        // The facilitator the graduation counts for: the household's at the time.
        WORKER_ID,
        C::field("kind", Ty::Text, T::FieldKind).file(Col::ExitKind),
        C::field("date", Ty::Date, T::FieldDate).file(Col::Date),
        C::field("reason", Ty::Text, T::FieldReason).file(Col::Reason),
        C::field("evidence", Ty::Text, T::LabelEvidence).file(Col::Evidence),
        C::field("undone", Ty::Flag, T::LabelUndone).file(Col::Undone),
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

pub const ACTIVITIES: Record = Record {
    table: "activities",
    key: &["id"],
    household: Some("household_id"),
    label: Some(T::LabelActivity),
    synced: true,
    columns: &[
        ID,
        HOUSEHOLD_ID,
        NO_KK_JOINED,
        // A group activity's households (`activity_households`) with their attendance.
        C::file_only("participants", Ty::Text, Col::Participants),
        WORKER_ID,
        C::field("kind", Ty::Text, T::FieldKind).file(Col::ActivityKind),
        C::field("date", Ty::Date, T::FieldDate).file(Col::Date),
        C::field("summary", Ty::Text, T::FieldSummary).file(Col::Summary),
        C::field("detail", Ty::Text, T::FieldDetail).file(Col::Detail),
        C::field("follow_up", Ty::Date, T::FieldFollowUp).file(Col::FollowUp),
        C::field("done", Ty::Flag, T::LabelDone).file(Col::Done),
        C::field("group_name", Ty::Text, T::FieldGroup).file(Col::Group),
        C::field("place", Ty::Text, T::FieldPlace).file(Col::Place),
        C::field("p2k2_module", Ty::Text, T::FieldModule).file(Col::Module),
        C::field("p2k2_session", Ty::Int, T::FieldSession).file(Col::Session),
        // Monitoring follow-ups scheduled by a graduation.
        C::field("graduation_id", Ty::Id, T::LabelGraduation).file(Col::GraduationId),
        DELETED,
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[
        // A group activity's households, each `no_kk:attended`.
        HistoryField {
            name: "households",
            label: T::LabelAttendance,
        },
        VOID,
    ],
};

pub const ACTIVITY_HOUSEHOLDS: Record = Record {
    table: "activity_households",
    key: &["activity_id", "household_id"],
    household: Some("household_id"),
    label: Some(T::LabelActivity),
    synced: true,
    columns: &[
        C::key("activity_id", Ty::Id),
        C::key("household_id", Ty::Id),
        C::field("attended", Ty::Flag, T::LabelAttendance),
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

pub const REFERRALS: Record = Record {
    table: "referrals",
    key: &["id"],
    household: Some("household_id"),
    label: Some(T::LabelReferral),
    synced: true,
    columns: &[
        ID,
        HOUSEHOLD_ID,
        NO_KK_JOINED,
        C::field("program", Ty::Text, T::FieldProgram).file(Col::Program),
        C::field("agency", Ty::Text, T::FieldAgency).file(Col::Agency),
        C::field("date", Ty::Date, T::FieldDate).file(Col::Date),
        C::field("status", Ty::Text, T::FieldStatus).file(Col::Status),
        C::field("notes", Ty::Text, T::FieldNotes).file(Col::Notes),
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

/// A household's payment of one tahap of a year (issue 11, item 3): one row per household,
/// year and tahap, its id derived from the three (`domain::payment::record_key`). Exported
/// (`pilar export --what payments`) and imported (`pilar import`).
pub const PAYMENTS: Record = Record {
    table: "payments",
    key: &["id"],
    household: Some("household_id"),
    label: Some(T::LabelPayment),
    synced: true,
    columns: &[
        ID,
        HOUSEHOLD_ID,
        NO_KK_JOINED,
        C::field("year", Ty::Int, T::FieldYear).file(Col::Year),
        C::field("tahap", Ty::Int, T::FieldTahap).file(Col::Tahap),
        C::field("status", Ty::Text, T::FieldStatus).file(Col::Status),
        C::field("problem", Ty::Text, T::FieldPayProblem).file(Col::PayProblem),
        C::field("note", Ty::Text, T::FieldNotes).file(Col::Notes),
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

/// A member's commitment verification for a month (issue 11, item 1): one row per member
/// and month, its id derived from the two (`domain::verification::verification_id`).
/// Exported (`pilar export --what verifications`) and imported (`pilar import`).
pub const VERIFICATIONS: Record = Record {
    table: "verifications",
    key: &["id"],
    household: Some("household_id"),
    label: Some(T::LabelVerification),
    synced: true,
    columns: &[
        ID,
        HOUSEHOLD_ID,
        NO_KK_JOINED,
        C::field("member_id", Ty::Id, T::LabelMember).file(Col::MemberId),
        // The member's name, joined in by an export.
        C::file_only("member_name", Ty::Text, Col::Name),
        C::field("month", Ty::Text, T::LabelMonth).file(Col::Month),
        C::field("outcome", Ty::Text, T::LabelOutcome).file(Col::Outcome),
        C::field("reason", Ty::Text, T::FieldReason).file(Col::Reason),
        C::field("notes", Ty::Text, T::FieldNotes).file(Col::Notes),
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

/// A life event of a household or one of its members (issue 11, item 2): pregnancy,
/// birth, death, school entry, moving up, leaving school, moving away, change of pengurus
/// (`domain::life_event`), with the details its kind needs; or a proposal of the calendar
/// dismissed (`status` `diabaikan`), kept so it does not come back. The changes an event
/// made are in the members' (and the household's) own history. In the files (`pilar export
/// --what life-events`) with the member's NIK and name and a birth's child joined in.
pub const LIFE_EVENTS: Record = Record {
    table: "life_events",
    key: &["id"],
    household: Some("household_id"),
    label: Some(T::LabelLifeEvent),
    synced: true,
    columns: &[
        ID,
        HOUSEHOLD_ID,
        NO_KK_JOINED,
        // None for an event of the whole household.
        C::field("member_id", Ty::Id, T::LabelMember).file(Col::MemberId),
        // The member's NIK and name, joined in by an export (an import finds the member
        // by id, else NIK, else name in the household).
        C::file_only("member_nik", Ty::Text, Col::Nik),
        C::file_only("member_name", Ty::Text, Col::Name),
        C::field("kind", Ty::Text, T::FieldKind).file(Col::EventKind),
        C::field("date", Ty::Date, T::FieldDate).file(Col::Date),
        C::field("status", Ty::Text, T::FieldStatus).file(Col::Status),
        C::field("pregnancy_order", Ty::Int, T::LabelPregnancyOrder).file(Col::PregnancyOrder),
        C::field("expected_birth", Ty::Date, T::LabelExpectedBirth).file(Col::PregnancyBirth),
        C::field("school_level", Ty::Text, T::LabelSchoolLevel).file(Col::SchoolLevel),
        // The member a birth added, with its name, NIK and sex joined in by an export.
        C::field("child_id", Ty::Id, T::LabelChild).file(Col::ChildId),
        C::file_only("child_name", Ty::Text, Col::ChildName),
        C::file_only("child_nik", Ty::Text, Col::ChildNik),
        C::file_only("child_sex", Ty::Text, Col::ChildSex),
        C::field("note", Ty::Text, T::FieldNotes).file(Col::Notes),
        WORKER_ID,
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

/// A worker's named filter and sort: copied by a merge, not synced.
pub const SAVED_VIEWS: Record = Record {
    table: "saved_views",
    key: &["id"],
    household: None,
    label: None,
    synced: false,
    columns: &[
        C::key("id", Ty::Id),
        C::copied("worker_id", Ty::Id),
        C::copied("name", Ty::Text),
        C::copied("query", Ty::Text),
        C::copied("sort", Ty::Text),
        CREATED_AT,
        UPDATED_AT,
        AUTHOR_ID,
    ],
    history: &[],
};

/// A supervisor's sign-off of a facilitator's records up to a point of the history (issue
/// 11 item 8): the entry it reaches on the file where it was made (`upto_seq`, its
/// `upto_hash` and time `upto_at`), the facilitator's last entry it covers (`upto_entry`,
/// an id every copy shares) and a note. Synced in the facilitator's caseload stream and
/// brought by `pilar merge` (by id; never edited, so no field is compared).
pub const SIGNOFFS: Record = Record {
    table: "signoffs",
    key: &["id"],
    household: None,
    label: Some(T::LabelSignOff),
    synced: true,
    // Every column is a file column (`pilar export --what signoffs`), in this order.
    columns: &[
        ID,
        C::copied("supervisor_id", Ty::Id).file(Col::SupervisorId),
        C::copied("facilitator_id", Ty::Id).file(Col::FacilitatorId),
        C::copied("upto_seq", Ty::Int).file(Col::UptoSeq),
        C::copied("upto_hash", Ty::Text).file(Col::UptoHash),
        C::copied("upto_at", Ty::Time).file(Col::UptoAt),
        C::copied("note", Ty::Text).file(Col::Notes),
        CREATED_AT.file(Col::CreatedAt),
        UPDATED_AT.file(Col::UpdatedAt),
        AUTHOR_ID.file(Col::AuthorId),
        // Migration 16: the history entry's id, '' when it covered none of theirs.
        C::copied("upto_entry", Ty::Text).file(Col::UptoEntry),
    ],
    history: &[],
};
