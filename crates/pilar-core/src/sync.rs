//! The sync protocol between a laptop and the central service (`pilar serve`): the JSON
//! bodies of `/v1/...`, their limits and their error codes. Pure data (serde); the server
//! (`pilar-server`) and the laptop's client share these types, so the wire cannot drift.
//!
//! # Transport
//! - HTTP/1.1, JSON bodies (`Content-Type: application/json`), UTF-8. The version is the
//!   path prefix [`API_PREFIX`] (`/v1`); a change that old laptops cannot read gets `/v2`.
//! - Every call but `enroll` and `health` carries `Authorization: Bearer <token>` (the
//!   64 hex digits [`EnrollResponse::token`] gave).
//! - Request bodies may be gzip (`Content-Encoding: gzip`); answers are gzip when the request
//!   says `Accept-Encoding: gzip` and the body is larger than [`GZIP_ABOVE`] bytes. A body is
//!   at most [`MAX_BODY_BYTES`] once decompressed (413 `too_large` otherwise).
//! - A failure is a 4xx/5xx status with an [`ErrorBody`] `{"error": code, "reason": text}`;
//!   the laptop words it from [`ErrorCode`] (the reason is English, for logs and support).
//!
//! # Endpoints
//! | call | body | answer |
//! |---|---|---|
//! | `POST /v1/enroll` | [`EnrollRequest`] | 200 [`EnrollResponse`] |
//! | `GET /v1/pull?after=S&limit=N[&anchor_seq=A&anchor_hash=H]` | ([`PullQuery`]) | 200 [`PullResponse`] |
//! | `POST /v1/push` | [`PushRequest`] | 200 [`PushResponse`], 409 `pull_first` / `history_rewritten` |
//! | `POST /v1/team/pull` | [`TeamPullRequest`] | 200 [`TeamPullResponse`] (supervisors) |
//! | `GET /v1/rollup?scope=kab:3324\|prov:33\|nasional&year=Y` | ([`RollupQuery`]) | 200 [`RollupResponse`] |
//! | `GET /v1/health` | | 200 [`HealthResponse`] (503 when PostgreSQL does not answer) |
//!
//! # The caseload stream
//! Each facilitator's caseload is one stream on the server: every history entry of its
//! records gets the next `seq` (1, 2, ...) and a hash chained over the stream
//! ([`crate::chain::entry_hash`], `prev` = the hash of the previous entry of the same
//! stream, `""` before the first). Rows carry the seq at which they last changed, so a pull
//! also brings rows changed without history. Some seqs have no entry (a push of rows only
//! takes one seq for its rows); [`PullResponse::chain`] is the hash of the last entry at or
//! before `upto`.
//!
//! # The laptop's anchor
//! Each push carries the laptop's own chain head ([`PushRequest::laptop_head`]: its local
//! `change_log` seq and hash). The server keeps the last two heads per device and returns the
//! newest one's seq as `anchor_seq` in every pull and push answer. The next pull or push
//! must send the laptop's hash *at that seq* ([`PushRequest::anchor`], or `anchor_seq` and
//! `anchor_hash` in the pull's query). A hash that differs, a seq the laptop no longer has
//! (send `hash: ""`), or no anchor while the server holds one, is answered 409
//! `history_rewritten`: the laptop's history was shortened or rewritten since (a restored
//! backup, a copied file), and nothing is merged. Either of the two kept heads is accepted,
//! so a push whose answer was lost does not trip the check.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The path prefix of this protocol version.
pub const API_PREFIX: &str = "/v1";
/// The protocol version [`HealthResponse::protocol`] reports.
pub const PROTOCOL_VERSION: u32 = 1;
/// The largest request body, decompressed (8 MiB). Larger: 413 `too_large`.
pub const MAX_BODY_BYTES: usize = 8 << 20;
/// Answers larger than this are gzip-compressed when the client accepts gzip.
pub const GZIP_ABOVE: usize = 1024;
/// The largest page a pull asks for (`limit`), and the default.
pub const MAX_PAGE: u32 = 2000;
/// The most entries, and the most rows (all tables together), in one push. A larger outbox
/// is pushed in chunks, each a fast-forward of the one before.
pub const MAX_PUSH_ENTRIES: usize = 2000;
pub const MAX_PUSH_ROWS: usize = 2000;
/// Days an enrolment code stays valid.
pub const ENROLL_CODE_DAYS: i64 = 7;

/// The synced tables, parents first: rows are applied (and listed in a pull) in this order.
pub const CASELOAD_TABLES: [&str; 11] = [
    "p2k2_groups",
    "households",
    "members",
    "graduations",
    "activities",
    "activity_households",
    "referrals",
    "payments",
    "verifications",
    "life_events",
    // A supervisor's sign-off of the facilitator's records, in the facilitator's stream.
    "signoffs",
];

/// History fields that are not columns: a NIK reveal on a household, an activity's
/// participants. Every other entry field must be a column of its table.
pub const HISTORY_ONLY_FIELDS: &[(&str, &str)] =
    &[("households", "nik_revealed"), ("activities", "households")];

/// Whether `field` may appear in a history entry of `table` besides its columns.
pub fn history_only_field(table: &str, field: &str) -> bool {
    HISTORY_ONLY_FIELDS
        .iter()
        .any(|(t, f)| *t == table && *f == field)
}

/// One value of a row, as SQLite stores it: NULL, an integer (flags are 0/1) or text
/// (ids, dates `YYYY-MM-DD`, times `YYYY-MM-DDTHH:MM:SS.mmmZ`). JSON `null`, a number
/// without a fraction, or a string; anything else (a boolean, `1.5`) does not parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Null,
    Integer(i64),
    Text(String),
}

impl Cell {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Cell::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// The value as the history writes it: text, an integer in decimal, NULL or an empty
    /// string as absent.
    pub fn history_text(&self) -> Option<String> {
        match self {
            Cell::Null => None,
            Cell::Integer(i) => Some(i.to_string()),
            Cell::Text(s) if s.is_empty() => None,
            Cell::Text(s) => Some(s.clone()),
        }
    }
}

/// A row: every column of the laptop's table, by name (SQLite's column names). The server
/// refuses a row with a column it does not know or without one it has (400 `bad_request`).
pub type Row = BTreeMap<String, Cell>;

/// Rows by table name (one of [`CASELOAD_TABLES`]).
pub type TableRows = BTreeMap<String, Vec<Row>>;

/// A history entry as the laptop's `change_log` holds it (without its local seq and hashes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The entry's UUID (lower-case, hyphenated): the same on every copy.
    pub id: String,
    /// One of [`CASELOAD_TABLES`].
    pub table: String,
    pub record_id: String,
    /// A column of `table`, or one of [`HISTORY_ONLY_FIELDS`].
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The author's clock, `YYYY-MM-DDTHH:MM:SS.mmmZ` exactly as stored (the hash covers it).
    pub at: String,
    /// The author's worker id.
    pub author: String,
}

impl Entry {
    /// The fields the chain hash covers, after `prev`.
    pub fn chain<'a>(&'a self, prev: &'a str) -> crate::chain::Entry<'a> {
        crate::chain::Entry {
            prev,
            id: &self.id,
            table: &self.table,
            record: &self.record_id,
            field: &self.field,
            old: self.old.as_deref(),
            new: self.new.as_deref(),
            at: &self.at,
            author: &self.author,
        }
    }
}

/// An entry as the server's caseload stream holds it: its place (`seq`) and the stream's
/// chain hash up to and including it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamEntry {
    pub seq: i64,
    #[serde(flatten)]
    pub entry: Entry,
    /// `entry_hash` over the previous stream entry's hash and this entry.
    pub hash: String,
}

/// A point of a chain: a seq and the hash of the chain up to it ("" for none).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChainPoint {
    pub seq: i64,
    pub hash: String,
}

/// `POST /v1/enroll`: binds this laptop to a worker with a one-time code from
/// `pilar server enroll` (no token yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    /// As printed (`ABCD-EFGH-JKLM-NPQR`); case, spaces and dashes do not matter.
    pub code: String,
    /// A name for the device in `pilar server enroll --list` (e.g. the host name).
    #[serde(default)]
    pub device_name: String,
    /// The worker id the laptop already has for this login, if its database is not new:
    /// a different id than the server's is refused (409 `worker_mismatch`), as `pilar merge`
    /// refuses a login clash.
    #[serde(default)]
    pub worker_id: Option<String>,
}

/// What a successful enrolment returns. Keep `token` secret (it is stored only hashed on
/// the server; a lost token means a new code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    pub device_id: String,
    /// 64 hex digits (256 bits): `Authorization: Bearer <token>`.
    pub token: String,
    pub worker_id: String,
    pub login: String,
    /// `facilitator` or `supervisor`.
    pub role: String,
    /// The worker's regency (4 digits).
    pub kab_code: String,
    /// What the worker's roll-ups cover: `kab:3324`, `prov:33` or `nasional`.
    pub scope: String,
    /// The worker's own `workers` row (the laptop's columns).
    pub worker: Row,
    /// The regency's workers (facilitators and supervisors), the worker included.
    pub workers: Vec<Row>,
}

/// `GET /v1/pull` query. `after` is the laptop's pull cursor (0 for a restore); `limit` at
/// most [`MAX_PAGE`] (the default).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    pub after: i64,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub anchor_seq: Option<i64>,
    #[serde(default)]
    pub anchor_hash: Option<String>,
}

/// One page of the caller's caseload stream: entries with `after < seq <= upto`, and rows.
/// Apply it in one transaction together with `upto` as the new cursor; ask again from
/// `upto` while `more`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    /// The stream's last seq now.
    pub head: i64,
    pub after: i64,
    pub upto: i64,
    pub more: bool,
    /// In seq order.
    pub entries: Vec<StreamEntry>,
    /// The current rows of the records those entries name, the rows that changed in
    /// `(after, upto]`, and any row those rows point to (household, activity, graduation)
    /// that changed after `after`: a row's parents are in the same page or an earlier one.
    /// Within a table in no particular order; apply tables in [`CASELOAD_TABLES`] order.
    pub rows: TableRows,
    /// The stream's chain at `upto`.
    pub chain: ChainPoint,
    /// The regency's workers (rows of the laptop's `workers` table), every page.
    pub workers: Vec<Row>,
    /// The laptop seq whose hash the next pull or push must send as its anchor.
    pub anchor_seq: Option<i64>,
}

/// A field whose conflict is still open on the laptop: the server keeps its own value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FieldRef {
    pub table: String,
    pub record_id: String,
    pub field: String,
}

/// `POST /v1/push`: the laptop's new entries and changed rows, on top of `base_seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    /// A UUID the laptop picks per chunk and keeps until it has the answer: sending the same
    /// push again (a lost answer) returns the stored answer and changes nothing.
    pub push_id: String,
    /// Whose caseload stream: the caller's own when absent (facilitators). A supervisor
    /// pushes notes into a facilitator's stream and names them here.
    #[serde(default)]
    pub caseload: Option<String>,
    /// The stream seq the laptop has pulled up to; it must be the stream's head (409
    /// `pull_first` with the head otherwise: pull, merge, push again with a new push_id).
    pub base_seq: i64,
    /// In the laptop's history order (at most [`MAX_PUSH_ENTRIES`]).
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// Whole rows (at most [`MAX_PUSH_ROWS`] in all).
    #[serde(default)]
    pub rows: TableRows,
    /// Fields with an open conflict on the laptop: not overwritten on the server.
    #[serde(default)]
    pub open_conflicts: Vec<FieldRef>,
    /// The laptop's own chain head now (local `change_log` seq and hash).
    pub laptop_head: ChainPoint,
    /// The laptop's hash at the `anchor_seq` of the last answer (absent on the first sync).
    #[serde(default)]
    pub anchor: Option<ChainPoint>,
}

/// What was refused and why: an entry or a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Entry,
    Row,
}

/// Why an entry or a row was quarantined (kept on the server, not applied). Stable codes;
/// the laptop words them (`i18n::reject_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// A value that does not parse as its column's type (date, time, id, number, flag).
    BadValue,
    /// A NULL in a column that must have a value.
    MissingValue,
    /// A NIK or No KK the domain's parser refuses.
    BadNik,
    /// A value outside its column's list (status, kind, sex, program...).
    UnknownKey,
    /// The household (or the record's household) is another facilitator's on the server.
    NotYourHousehold,
    /// A supervisor may write only single-household `catatan`/`direktif` activities.
    SupervisorNoteOnly,
    /// A household's facilitator (`worker_id`) cannot be changed by a sync.
    WorkerChange,
    /// The household's area code names another regency than the facilitator's.
    OutsideRegency,
    /// The NIK belongs to another household on the server.
    NikClaimed,
    /// The row points to a household, activity or graduation the server does not have.
    MissingParent,
    /// The entry names a record neither the push nor the server has.
    MissingRecord,
    /// The author (or another worker the row names) is not a worker the server knows.
    UnknownWorker,
    /// The entry's record was refused in the same push.
    RecordRefused,
    /// A sign-off not by a supervisor of the regency in their own name, or not of the
    /// stream's facilitator (or one changed after it was made).
    SignOffNotAllowed,
}

impl RejectCode {
    pub const ALL: [RejectCode; 14] = [
        RejectCode::BadValue,
        RejectCode::MissingValue,
        RejectCode::BadNik,
        RejectCode::UnknownKey,
        RejectCode::NotYourHousehold,
        RejectCode::SupervisorNoteOnly,
        RejectCode::WorkerChange,
        RejectCode::OutsideRegency,
        RejectCode::NikClaimed,
        RejectCode::MissingParent,
        RejectCode::MissingRecord,
        RejectCode::UnknownWorker,
        RejectCode::RecordRefused,
        RejectCode::SignOffNotAllowed,
    ];

    /// The wire name (`bad_value`, ...).
    pub fn key(self) -> &'static str {
        match self {
            RejectCode::BadValue => "bad_value",
            RejectCode::MissingValue => "missing_value",
            RejectCode::BadNik => "bad_nik",
            RejectCode::UnknownKey => "unknown_key",
            RejectCode::NotYourHousehold => "not_your_household",
            RejectCode::SupervisorNoteOnly => "supervisor_note_only",
            RejectCode::WorkerChange => "worker_change",
            RejectCode::OutsideRegency => "outside_regency",
            RejectCode::NikClaimed => "nik_claimed",
            RejectCode::MissingParent => "missing_parent",
            RejectCode::MissingRecord => "missing_record",
            RejectCode::UnknownWorker => "unknown_worker",
            RejectCode::RecordRefused => "record_refused",
            RejectCode::SignOffNotAllowed => "sign_off_not_allowed",
        }
    }
}

/// One refused entry or row. `id` is the entry's id, or the row's record id (for
/// `activity_households`, `activity_id:household_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    pub kind: ItemKind,
    pub id: String,
    pub table: String,
    pub record_id: String,
    pub code: RejectCode,
    /// English detail (which column, which value kind); never a NIK or a name.
    pub reason: String,
}

/// The answer to a push (also the stored answer a repeated `push_id` gets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub push_id: String,
    /// The stream pushed into.
    pub caseload: String,
    /// The stream's head after this push: the laptop's new pull cursor if it was at
    /// `base_seq` (its own entries are now `base_seq+1..=seq`, see `accepted`).
    pub seq: i64,
    /// Ids of the pushed entries the server holds now, each with its stream seq (entries the
    /// server already had keep their earlier seq).
    pub accepted: Vec<Accepted>,
    /// Rows inserted or changed (rows identical to the server's are not counted).
    pub rows_applied: u64,
    /// Entries and rows refused, with why; the rest was applied.
    pub quarantined: Vec<Quarantined>,
    /// The stream's chain at `seq`.
    pub chain: ChainPoint,
    /// The laptop seq whose hash the next pull or push must send as its anchor
    /// (`laptop_head.seq` of this push).
    pub anchor_seq: i64,
}

/// An entry the server holds, with its place in the stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    pub id: String,
    pub seq: i64,
}

/// `POST /v1/team/pull` (supervisors): the rows of each facilitator's caseload in the
/// supervisor's regency that changed after the cursor given for them (0 or absent: all).
/// Rows and their history: read-only copies for the team screen, notes and the review
/// since sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TeamPullRequest {
    /// Facilitator worker id -> the stream seq already pulled.
    #[serde(default)]
    pub cursors: BTreeMap<String, i64>,
    /// Rows per facilitator per page (at most [`MAX_PAGE`], the default).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One facilitator's page of a team pull: rows with `after < row_seq <= upto` (and their
/// parents) and the stream's entries in `after..=upto`. Store `upto` as their cursor; ask
/// again while `more`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamCaseload {
    pub worker_id: String,
    pub head: i64,
    pub after: i64,
    pub upto: i64,
    pub more: bool,
    pub rows: TableRows,
    /// The stream's entries with `after < seq <= upto`, in seq order, as a facilitator's
    /// own pull carries them (absent from an older server: none).
    #[serde(default)]
    pub entries: Vec<StreamEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamPullResponse {
    /// Every facilitator of the regency, in name order.
    pub caseloads: Vec<TeamCaseload>,
    pub workers: Vec<Row>,
}

/// `GET /v1/rollup` query: `scope` defaults to the caller's own, `year` to this year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RollupQuery {
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
}

/// What a roll-up covers: one regency, a province (2 digits) or the whole country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RollupScope {
    Kab(String),
    Prov(String),
    Nasional,
}

impl RollupScope {
    /// `kab:3324`, `prov:33` or `nasional`.
    pub fn parse(s: &str) -> Option<RollupScope> {
        let digits = |d: &str, n: usize| d.len() == n && d.bytes().all(|b| b.is_ascii_digit());
        match s.split_once(':') {
            Some(("kab", k)) if digits(k, 4) => Some(RollupScope::Kab(k.to_string())),
            Some(("prov", p)) if digits(p, 2) => Some(RollupScope::Prov(p.to_string())),
            None if s == "nasional" => Some(RollupScope::Nasional),
            _ => None,
        }
    }

    pub fn key(&self) -> String {
        match self {
            RollupScope::Kab(k) => format!("kab:{k}"),
            RollupScope::Prov(p) => format!("prov:{p}"),
            RollupScope::Nasional => "nasional".into(),
        }
    }

    /// Whether `self` (a worker's scope) covers `other`.
    pub fn covers(&self, other: &RollupScope) -> bool {
        match (self, other) {
            (RollupScope::Nasional, _) => true,
            (RollupScope::Prov(p), RollupScope::Prov(q)) => p == q,
            (RollupScope::Prov(p), RollupScope::Kab(k)) => k.starts_with(p.as_str()),
            (RollupScope::Kab(a), RollupScope::Kab(b)) => a == b,
            _ => false,
        }
    }
}

/// The team screen's figures for one facilitator (as `store::team` counts them), as of
/// `as_of` (the server's date at the facilitator's last push).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacilitatorRollup {
    pub worker_id: String,
    pub name: String,
    pub login: String,
    pub kab_code: String,
    pub target: i64,
    /// Active households (aktif, calon graduasi).
    pub caseload: i64,
    /// Graduations of `year` the default target policy counts (sejahtera mandiri, mandiri).
    pub graduated: i64,
    pub candidates: i64,
    /// Activities the facilitator recorded in the 30 days up to `as_of`.
    pub activities_30d: i64,
    /// P2K2 sessions since the 1st of `as_of`'s month.
    pub p2k2_month: i64,
    pub overdue: i64,
    pub not_visited_90d: i64,
    pub as_of: String,
}

/// The same figures summed over a regency's facilitators: no names, no NIKs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegencyRollup {
    pub kab_code: String,
    pub facilitators: i64,
    pub target: i64,
    pub caseload: i64,
    pub graduated: i64,
    pub candidates: i64,
    pub activities_30d: i64,
    pub p2k2_month: i64,
    pub overdue: i64,
    pub not_visited_90d: i64,
}

/// A roll-up: per facilitator (with names) for a korkab's own regency, per regency for a
/// province or national login (and for a facilitator, their own row only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollupResponse {
    pub scope: String,
    pub year: i32,
    pub facilitators: Vec<FacilitatorRollup>,
    pub regencies: Vec<RegencyRollup>,
}

/// `GET /v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthResponse {
    pub status: String,
    pub protocol: u32,
}

/// A failure's stable code; the HTTP status is [`ErrorCode::status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: malformed JSON, a wrong type, an unknown table or column, a missing column, a
    /// bad query parameter. Nothing was changed.
    BadRequest,
    /// 413: the body is larger than [`MAX_BODY_BYTES`] decompressed, or a push has more
    /// than [`MAX_PUSH_ENTRIES`] entries or [`MAX_PUSH_ROWS`] rows.
    TooLarge,
    /// 401: no token, or one the server does not know.
    Unauthorized,
    /// 401: the device was revoked (`pilar server enroll --revoke`): enrol again.
    TokenRevoked,
    /// 403: the worker may not do this (a facilitator asking for a team pull, a push into
    /// another facilitator's stream, a roll-up outside the worker's scope).
    Forbidden,
    /// 403: no such enrolment code.
    EnrollCodeInvalid,
    /// 403: the code was used already (codes are one-time).
    EnrollCodeUsed,
    /// 403: the code is older than [`ENROLL_CODE_DAYS`] days.
    EnrollCodeExpired,
    /// 409: the laptop's worker id for this login differs from the server's.
    WorkerMismatch,
    /// 409: the push does not build on the stream's head (`head` says where it is): pull,
    /// merge, push again.
    PullFirst,
    /// 409: the laptop's history at the anchor differs from what it sent before.
    HistoryRewritten,
    /// 409: this push_id was used by another device.
    PushIdReused,
    /// 404: no such endpoint.
    NotFound,
    /// 405: wrong method for the endpoint.
    MethodNotAllowed,
    /// 503: PostgreSQL does not answer; try again later (nothing was changed).
    Unavailable,
    /// 500: a fault on the server; nothing was changed.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::BadRequest,
        ErrorCode::TooLarge,
        ErrorCode::Unauthorized,
        ErrorCode::TokenRevoked,
        ErrorCode::Forbidden,
        ErrorCode::EnrollCodeInvalid,
        ErrorCode::EnrollCodeUsed,
        ErrorCode::EnrollCodeExpired,
        ErrorCode::WorkerMismatch,
        ErrorCode::PullFirst,
        ErrorCode::HistoryRewritten,
        ErrorCode::PushIdReused,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Unavailable,
        ErrorCode::Internal,
    ];

    /// The HTTP status this code is sent with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::TooLarge => 413,
            ErrorCode::Unauthorized | ErrorCode::TokenRevoked => 401,
            ErrorCode::Forbidden
            | ErrorCode::EnrollCodeInvalid
            | ErrorCode::EnrollCodeUsed
            | ErrorCode::EnrollCodeExpired => 403,
            ErrorCode::WorkerMismatch
            | ErrorCode::PullFirst
            | ErrorCode::HistoryRewritten
            | ErrorCode::PushIdReused => 409,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Unavailable => 503,
            ErrorCode::Internal => 500,
        }
    }
}

/// Every failure's body. `head` comes with `pull_first`, `anchor_seq` with
/// `history_rewritten`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorCode,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_seq: Option<i64>,
}

/// Normalises a typed enrolment code: upper case, without spaces and dashes.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_null_integer_or_text_and_nothing_else() {
        let row: Row = serde_json::from_str(r#"{"a": null, "b": 1, "c": "x", "d": -7}"#).unwrap();
        assert_eq!(row["a"], Cell::Null);
        assert_eq!(row["b"], Cell::Integer(1));
        assert_eq!(row["c"], Cell::Text("x".into()));
        assert_eq!(row["d"], Cell::Integer(-7));
        assert!(serde_json::from_str::<Row>(r#"{"a": true}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": 1.5}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"a": [1]}"#).is_err());
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"a":null,"b":1,"c":"x","d":-7}"#
        );
    }

    #[test]
    fn a_push_round_trips_and_optional_parts_may_be_left_out() {
        let p: PushRequest = serde_json::from_str(
            r#"{"push_id": "p", "base_seq": 3, "laptop_head": {"seq": 9, "hash": "h"}}"#,
        )
        .unwrap();
        assert!(p.entries.is_empty() && p.rows.is_empty() && p.anchor.is_none());
        let back: PushRequest = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(p, back);
        assert!(serde_json::from_str::<PushRequest>(r#"{"push_id": 1}"#).is_err());
    }

    #[test]
    fn stream_entries_are_flat() {
        let e = StreamEntry {
            seq: 4,
            entry: Entry {
                id: "i".into(),
                table: "households".into(),
                record_id: "r".into(),
                field: "status".into(),
                old: None,
                new: Some("aktif".into()),
                at: "2026-01-01T00:00:00.000Z".into(),
                author: "a".into(),
            },
            hash: "h".into(),
        };
        let v: serde_json::Value = serde_json::to_value(&e).unwrap();
        assert_eq!(v["seq"], 4);
        assert_eq!(v["table"], "households");
        assert_eq!(v["old"], serde_json::Value::Null);
        assert_eq!(serde_json::from_value::<StreamEntry>(v).unwrap(), e);
    }

    #[test]
    fn codes_have_stable_names_and_statuses() {
        let body = ErrorBody {
            error: ErrorCode::PullFirst,
            reason: "r".into(),
            head: Some(7),
            anchor_seq: None,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":"pull_first","reason":"r","head":7}"#
        );
        assert_eq!(ErrorCode::PullFirst.status(), 409);
        for c in ErrorCode::ALL {
            assert!((400..600).contains(&c.status()));
        }
        for c in RejectCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.key());
        }
    }

    #[test]
    fn scopes_parse_and_cover() {
        let kab = RollupScope::parse("kab:3324").unwrap();
        let prov = RollupScope::parse("prov:33").unwrap();
        let nas = RollupScope::parse("nasional").unwrap();
        assert!(nas.covers(&kab) && prov.covers(&kab) && kab.covers(&kab));
        assert!(!kab.covers(&prov) && !RollupScope::parse("prov:32").unwrap().covers(&kab));
        assert_eq!(RollupScope::parse("kab:33"), None);
        assert_eq!(RollupScope::parse("kab:33a4"), None);
        assert_eq!(kab.key(), "kab:3324");
        assert_eq!(normalize_code("abcd-efgh jkmn-pqrs"), "ABCDEFGHJKMNPQRS");
    }
}
