//! The laptop side of the sync tier (`pilar sync`, `:sinkron` in the TUI): enrol once, then
//! pull, merge, push. The protocol is `pilar_core::sync`'s; the database side (cursors,
//! dirty rows, applying a page with `pilar merge`'s rule) is the store's
//! (`store/sync_state.rs`, `store/sync_pull.rs`); this module only orders the calls.
//!
//! Order of one sync, each step safe to cut and run again:
//! 1. A push sent before without an answer (`pending_push`) is sent again as it was, same
//!    id: the server answers the stored result if it had applied it.
//! 2. Pull pages from the cursor until `more` is false; each page is merged and its cursor
//!    stored in one transaction.
//! 3. Push the outbox (unsent entries, dirty rows) in chunks of at most 2,000 entries and
//!    2,000 rows, each kept as `pending_push` until answered. `pull_first` (someone pushed
//!    meanwhile): back to 2.
//! 4. A supervisor, instead of 3., pulls the team's caseloads (rows, read-only) and the
//!    roll-up, then pushes their supervision notes, each into its facilitator's stream on
//!    top of the head just pulled (`supervisor.rs`); "pull first": back to 2.

pub mod background;
mod client;
pub mod supervisor;
mod team;

use pilar_core::sync::{
    EnrollRequest, ErrorBody, ErrorCode, MAX_PUSH_ENTRIES, MAX_PUSH_ROWS, PushRequest,
    PushResponse, TableRows,
};
use serde::{Deserialize, Serialize};

use crate::domain::Lang;
use crate::i18n::{self, T, fill, tr};
use crate::store::messages::open_error;
use crate::store::{Enrolment, MergeError, Store, StoreError};

pub use client::Client;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The server (`--server`); the enrolled one when absent.
    pub server: Option<String>,
    /// A one-time enrolment code (`--code`): enrol (again) first.
    pub code: Option<String>,
    /// A certificate (PEM text) to trust for this server (`--ca FILE`).
    pub ca_pem: Option<String>,
    /// The local login, if any (sent so the server can refuse a clash).
    pub login: Option<String>,
}

/// What moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Enrolled in this run: (server, login, role).
    pub enrolled: Option<(String, String, String)>,
    /// The first pull of this device (a restore when the database was empty).
    pub first_pull: bool,
    pub pages: u64,
    pub pulled_entries: u64,
    pub added: u64,
    pub updated: u64,
    pub conflicts: u64,
    pub pushed_entries: u64,
    pub pushed_rows: u64,
    pub quarantined: Vec<pilar_core::sync::Quarantined>,
    pub open_conflicts: u64,
    /// A supervisor's team pull: facilitators and rows brought.
    pub team: Option<(u64, u64)>,
}

impl Report {
    /// Whether anything moved either way.
    pub fn moved(&self) -> bool {
        self.pulled_entries + self.added + self.updated + self.conflicts > 0
            || self.pushed_entries + self.pushed_rows > 0
            || !self.quarantined.is_empty()
            || self.team.is_some_and(|(_, rows)| rows > 0)
    }
}

/// Why a sync stopped. Whatever was committed before stays (pages with their cursor,
/// acknowledged pushes); nothing else was changed here.
#[derive(Debug)]
pub enum SyncError {
    /// Not enrolled and no `--server`/`--code`.
    NotEnrolled,
    BadUrl(String),
    CaFile(String),
    /// (server, detail)
    Network(String, String),
    Tls(String, String),
    /// The server's answer does not read.
    BadAnswer(String),
    /// The server refused (its error body).
    Server(ErrorBody),
    /// The server knows this laptop's login under another worker id.
    LoginClash(String),
    /// The server kept answering "pull first" (others pushing all the time).
    Busy,
    Merge(MergeError),
    Store(StoreError),
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Store(e)
    }
}

impl From<MergeError> for SyncError {
    fn from(e: MergeError) -> Self {
        match e {
            MergeError::Store(s) => SyncError::Store(s),
            MergeError::LoginClash { login } => SyncError::LoginClash(login),
            other => SyncError::Merge(other),
        }
    }
}

impl SyncError {
    /// The reason, in the user's language.
    pub fn message(&self, lang: Lang, db: &std::path::Path) -> String {
        match self {
            SyncError::NotEnrolled => tr(lang, T::SyncNotEnrolled).to_string(),
            SyncError::BadUrl(u) => fill(tr(lang, T::SyncBadUrl), &[u]),
            SyncError::CaFile(e) => fill(tr(lang, T::SyncCaFile), &[e]),
            SyncError::Network(u, e) => fill(tr(lang, T::SyncNetwork), &[u, e]),
            SyncError::Tls(u, e) => fill(tr(lang, T::SyncTls), &[u, e]),
            SyncError::BadAnswer(e) => fill(tr(lang, T::SyncBadAnswer), &[e]),
            SyncError::Server(body) => i18n::sync_error(lang, body.error).to_string(),
            SyncError::LoginClash(login) => fill(tr(lang, T::MergeLoginClash), &[login]),
            SyncError::Busy => tr(lang, T::SyncBusy).to_string(),
            SyncError::Merge(MergeError::ReadOnly) => {
                fill(tr(lang, T::MergeReadOnly), &[&db.display()])
            }
            SyncError::Merge(_) => fill(tr(lang, T::SyncBadAnswer), &[&"merge"]),
            SyncError::Store(e) => open_error(lang, db, e),
        }
    }

    /// The server's error code, if the server refused.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            SyncError::Server(b) => Some(b.error),
            _ => None,
        }
    }
}

/// A push kept until its answer is in: sent again as it is after a failure.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    request: PushRequest,
    /// The dirty generation its rows were read at.
    generation: i64,
    /// The local seq its entries reach.
    upto: i64,
}

/// How many times a sync pulls again after "pull first" before it gives up.
const MAX_ROUNDS: usize = 8;

/// One whole sync of `store` as `opts` asks.
pub fn run(store: &Store, opts: &Options) -> Result<Report, SyncError> {
    let mut report = Report::default();
    if let Some(code) = &opts.code {
        enroll(store, opts, code, &mut report)?;
    }
    let state = store.sync_state()?;
    let (Some(server), Some(token), Some(worker)) = (
        state.server_url.clone(),
        state.token.clone(),
        state.worker_id.clone(),
    ) else {
        return Err(SyncError::NotEnrolled);
    };
    let ca = opts.ca_pem.clone().or(state.ca_pem.clone());
    let client = Client::new(&server, ca.as_deref(), Some(&token))?;
    report.first_pull = state.pull_seq == 0 && state.anchor_seq.is_none();
    // 1. A push whose answer was lost.
    if let Some(json) = &state.pending_push {
        match serde_json::from_str::<Pending>(json) {
            Ok(p) => match client.push(&p.request) {
                Ok(answer) => acknowledge(store, &p, &answer, &mut report)?,
                Err(SyncError::Server(b)) if b.error == ErrorCode::PullFirst => {
                    store.sync_set_pending(None)?;
                }
                Err(e) => return Err(e),
            },
            Err(_) => store.sync_set_pending(None)?,
        }
    }
    let supervisor = state.role.as_deref() == Some("supervisor");
    let mut rounds = 0;
    loop {
        rounds += 1;
        pull(store, &client, &worker, &mut report)?;
        let pushed = if supervisor {
            // A supervisor's own edits are notes in the facilitators' streams: the team
            // pull brings each stream's head, then the notes go on top of it.
            let (facilitators, rows) = team::pull(store, &client)?;
            let before = report.team.map_or(0, |(_, r)| r);
            report.team = Some((facilitators, before + rows));
            supervisor::push(store, &client, &worker, &mut report)
        } else {
            push(store, &client, &mut report)
        };
        match pushed {
            Ok(()) => break,
            Err(SyncError::Server(b)) if b.error == ErrorCode::PullFirst => {
                if rounds >= MAX_ROUNDS {
                    return Err(SyncError::Busy);
                }
            }
            Err(e) => return Err(e),
        }
    }
    report.open_conflicts = store.count_open_conflicts(&crate::model::Scope::All)?;
    store.sync_finished(None)?;
    Ok(report)
}

fn enroll(store: &Store, opts: &Options, code: &str, report: &mut Report) -> Result<(), SyncError> {
    let state = store.sync_state()?;
    let Some(server) = opts.server.clone().or(state.server_url.clone()) else {
        return Err(SyncError::NotEnrolled);
    };
    let ca = opts.ca_pem.clone().or(state.ca_pem.clone());
    let client = Client::new(&server, ca.as_deref(), None)?;
    let worker_id = match &opts.login {
        Some(l) => store.worker_by_login(l)?.map(|w| w.id),
        None => None,
    };
    let device_name = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "laptop".into());
    let e = client.enroll(&EnrollRequest {
        code: code.to_string(),
        device_name,
        worker_id,
    })?;
    // The same login under another id here: refused, as `pilar merge` refuses it.
    if let Some(w) = store.worker_by_login(&e.login)?
        && w.id != e.worker_id
    {
        return Err(SyncError::LoginClash(e.login));
    }
    let mut workers = e.workers.clone();
    workers.push(e.worker.clone());
    store.sync_enrolled(
        &Enrolment {
            server_url: client.base(),
            ca_pem: ca.as_deref(),
            device_id: &e.device_id,
            token: &e.token,
            worker_id: &e.worker_id,
            login: &e.login,
            role: &e.role,
            kab_code: &e.kab_code,
            scope: &e.scope,
        },
        &workers,
    )?;
    report.enrolled = Some((client.base().to_string(), e.login, e.role));
    Ok(())
}

/// Pulls pages until the stream's head, each merged with its cursor.
fn pull(
    store: &Store,
    client: &Client,
    author: &str,
    report: &mut Report,
) -> Result<(), SyncError> {
    loop {
        let state = store.sync_state()?;
        let anchor = store.sync_anchor()?;
        let page = client.pull(state.pull_seq, anchor.as_ref())?;
        let merged = store.sync_apply_page(author, &page)?;
        report.pages += 1;
        report.pulled_entries += merged.history;
        for t in merged.tables.iter().filter(|t| t.table != "workers") {
            report.added += t.added;
            report.updated += t.updated;
            report.conflicts += t.conflicts;
        }
        if !page.more || page.upto <= state.pull_seq {
            return Ok(());
        }
    }
}

/// Pushes the outbox in chunks: rows first (parents first), then entries, so an entry's
/// record is on the server (or in the same chunk) when the entry arrives.
fn push(store: &Store, client: &Client, report: &mut Report) -> Result<(), SyncError> {
    let outbox = store.sync_outbox()?;
    if outbox.entries.is_empty() && outbox.rows.is_empty() {
        return Ok(());
    }
    let open_conflicts = store.sync_open_conflicts()?;
    let mut rows = outbox.rows.iter().peekable();
    let mut entries = outbox.entries.iter().zip(&outbox.seqs).peekable();
    while rows.peek().is_some() || entries.peek().is_some() {
        let mut chunk_rows = TableRows::new();
        let mut n = 0;
        while n < MAX_PUSH_ROWS
            && let Some((t, r)) = rows.next()
        {
            chunk_rows.entry(t.clone()).or_default().push(r.clone());
            n += 1;
        }
        let mut chunk_entries = Vec::new();
        let mut upto = 0;
        if rows.peek().is_none() {
            while chunk_entries.len() < MAX_PUSH_ENTRIES
                && let Some((e, seq)) = entries.next()
            {
                chunk_entries.push(e.clone());
                upto = *seq;
            }
        }
        let last = rows.peek().is_none() && entries.peek().is_none();
        if last {
            upto = outbox.head.seq;
        }
        let state = store.sync_state()?;
        let pending = Pending {
            request: PushRequest {
                push_id: uuid::Uuid::now_v7().to_string(),
                caseload: None,
                base_seq: state.pull_seq,
                entries: chunk_entries,
                rows: chunk_rows,
                open_conflicts: open_conflicts.clone(),
                laptop_head: outbox.head.clone(),
                anchor: store.sync_anchor()?,
            },
            generation: outbox.generation,
            upto,
        };
        let json =
            serde_json::to_string(&pending).map_err(|e| SyncError::BadAnswer(e.to_string()))?;
        store.sync_set_pending(Some(&json))?;
        match client.push(&pending.request) {
            Ok(answer) => acknowledge(store, &pending, &answer, report)?,
            Err(e) => {
                // Refused outright: nothing was applied, the push is not pending.
                if matches!(e, SyncError::Server(_)) {
                    store.sync_set_pending(None)?;
                }
                return Err(e);
            }
        }
    }
    Ok(())
}

fn acknowledge(
    store: &Store,
    p: &Pending,
    answer: &PushResponse,
    report: &mut Report,
) -> Result<(), SyncError> {
    if p.request.caseload.is_some() {
        store.sync_acknowledge_team(answer, &p.request.rows, p.generation)?;
    } else {
        store.sync_acknowledge(answer, &p.request.rows, p.generation, p.upto)?;
    }
    let refused = answer
        .quarantined
        .iter()
        .filter(|q| q.kind == pilar_core::sync::ItemKind::Entry)
        .count() as u64;
    report.pushed_entries += (p.request.entries.len() as u64).saturating_sub(refused);
    report.pushed_rows += answer.rows_applied;
    report
        .quarantined
        .extend(answer.quarantined.iter().cloned());
    Ok(())
}

/// The lines `pilar sync` prints, in the user's language (counts only: no names, no NIKs).
pub fn summary(lang: Lang, r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((server, login, role)) = &r.enrolled {
        let role = match role.as_str() {
            "supervisor" => tr(lang, T::SyncRoleSupervisor),
            _ => tr(lang, T::SyncRoleFacilitator),
        };
        out.push(fill(tr(lang, T::SyncEnrolled), &[server, login, &role]));
    }
    if !r.moved() {
        out.push(tr(lang, T::SyncNothing).to_string());
    } else {
        out.push(fill(
            tr(lang, T::SyncPulled),
            &[&r.pulled_entries, &r.added, &r.updated, &r.conflicts],
        ));
        out.push(fill(
            tr(lang, T::SyncPushed),
            &[&r.pushed_entries, &r.pushed_rows],
        ));
        if let Some((workers, rows)) = r.team {
            out.push(fill(tr(lang, T::SyncTeam), &[&workers, &rows]));
        }
    }
    if !r.quarantined.is_empty() {
        out.push(fill(tr(lang, T::SyncQuarantined), &[&r.quarantined.len()]));
        for q in &r.quarantined {
            out.push(fill(
                tr(lang, T::SyncQuarantinedLine),
                &[
                    &i18n::merge_table(lang, &q.table),
                    &q.record_id,
                    &i18n::reject_reason(lang, q.code),
                ],
            ));
        }
    }
    if r.open_conflicts > 0 {
        out.push(fill(tr(lang, T::MergeOpen), &[&r.open_conflicts]));
    }
    out
}

/// What a push whose answer was lost leaves behind (the server applied it, the laptop
/// never heard): the first chunk of the outbox is kept as pending and sent, and its answer
/// dropped. For the fault tests; the next [`run`] must send it again, same id.
#[doc(hidden)]
pub fn push_and_lose_the_answer(store: &Store) -> Result<bool, SyncError> {
    let state = store.sync_state()?;
    let (Some(server), Some(token)) = (state.server_url.clone(), state.token.clone()) else {
        return Err(SyncError::NotEnrolled);
    };
    let client = Client::new(&server, state.ca_pem.as_deref(), Some(&token))?;
    let outbox = store.sync_outbox()?;
    if outbox.entries.len() > MAX_PUSH_ENTRIES || outbox.rows.len() > MAX_PUSH_ROWS {
        return Ok(false);
    }
    let mut rows = TableRows::new();
    for (t, r) in &outbox.rows {
        rows.entry(t.clone()).or_default().push(r.clone());
    }
    let pending = Pending {
        request: PushRequest {
            push_id: uuid::Uuid::now_v7().to_string(),
            caseload: None,
            base_seq: state.pull_seq,
            entries: outbox.entries.clone(),
            rows,
            open_conflicts: store.sync_open_conflicts()?,
            laptop_head: outbox.head.clone(),
            anchor: store.sync_anchor()?,
        },
        generation: outbox.generation,
        upto: outbox.head.seq,
    };
    let json = serde_json::to_string(&pending).map_err(|e| SyncError::BadAnswer(e.to_string()))?;
    store.sync_set_pending(Some(&json))?;
    client.push(&pending.request)?;
    Ok(true)
}
