//! Writes a person makes: activities, graduations and their undoing, referrals, follow-ups
//! done, drafts. Each save is one transaction that also appends to `change_log` (who,
//! when, which record, which field, old and new value) and keeps the household roll-ups
//! (`last_visit`, `next_follow_up`, `component_count`) in step.
//!
//! One file per record: `household.rs` (the household form), `activity.rs` (activities and
//! follow-ups), `referral.rs`, `graduation.rs` (graduations, exits and their undoing),
//! `agenda.rs` (the history, agenda and drafts) and `audit.rs` (reveals and exports). This
//! file holds what they share: the history chain, the roll-ups and the write guard.

mod activity;
mod agenda;
mod audit;
mod graduation;
mod group;
mod household;
mod life_event;
mod payment;
mod referral;

pub(super) use graduation::set_status;
pub use group::P2k2Group;
pub(super) use household::{
    NewIds, changed, cleaned, household_fields, member_fields, save_household_tx, stored_household,
};
pub(super) use life_event::{
    EventIds, field_written_on, household_people, member_leaves_tx, record_life_event_tx,
    record_shown_life_event_tx,
};
pub use payment::payment_id;
pub(super) use payment::write_one as write_payment;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, new_id, now_utc};

/// Appends one field change to the history.
pub(super) fn log(
    tx: &Transaction<'_>,
    author: &str,
    table: &str,
    record: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    log_entries(tx, author, table, record, &[(field, old, new)])
}

/// Appends changes of one record's fields (field, old, new) to the history, in order: the
/// chain's last hash is read once and carried from entry to entry. Every append to the
/// history goes through here or [`append`], and both record the chain's new head in
/// `meta` (`chain::record_head`) in the same transaction, so `pilar verify` can tell a
/// history whose end was cut off.
pub(super) fn log_entries(
    tx: &Transaction<'_>,
    author: &str,
    table: &str,
    record: &str,
    entries: &[(&str, Option<&str>, Option<&str>)],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let now = now_utc();
    let mut prev = last_hash(tx)?;
    let mut insert = tx.prepare_cached(INSERT_LOG)?;
    for &(field, old, new) in entries {
        let id = new_id();
        let hash = super::chain::entry_hash(&super::chain::Entry {
            prev: &prev,
            id: &id,
            table,
            record,
            field,
            old,
            new,
            at: &now,
            author,
        });
        insert.execute(params![
            id, table, record, field, old, new, now, author, prev, hash
        ])?;
        prev = hash;
    }
    record_head(tx, prev)
}

/// Records the entry just inserted, whose hash is `hash`, as the chain's head.
fn record_head(tx: &Transaction<'_>, hash: String) -> Result<()> {
    super::chain::record_head(
        tx,
        &super::chain::Head {
            seq: tx.last_insert_rowid(),
            hash,
        },
    )
}

const INSERT_LOG: &str = "INSERT INTO change_log (id, table_name, record_id, field, old_value,
                             new_value, created_at, updated_at, author_id, prev_hash, hash)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10)";

/// The hash of the chain's last entry ("" for an empty history).
fn last_hash(tx: &Transaction<'_>) -> Result<String> {
    Ok(tx
        .prepare_cached("SELECT hash FROM change_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get("hash"))
        .optional()?
        .unwrap_or_default())
}

/// One history row as it is appended: its own id and time (a merge keeps those of the
/// other laptop), and the rest.
#[derive(Clone, Copy)]
pub(super) struct LogEntry<'a> {
    pub id: &'a str,
    pub at: &'a str,
    pub author: &'a str,
    pub table: &'a str,
    pub record: &'a str,
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

/// Appends another history's entry (a merged file's, a pulled stream's) with its id,
/// author and time unless that id is here already, its values cleaned as the store writes
/// them (the fields they describe were cleaned too); whether it was added.
pub(super) fn append_theirs(tx: &Transaction<'_>, e: &LogEntry<'_>) -> Result<bool> {
    let here: bool = tx
        .prepare_cached("SELECT count(*) > 0 AS found FROM change_log WHERE id = ?1")?
        .query_row([e.id], |r| r.get("found"))?;
    if here {
        return Ok(false);
    }
    let old = e.old.map(pilar_core::domain::text::clean);
    let new = e.new.map(pilar_core::domain::text::clean);
    append(
        tx,
        &LogEntry {
            old: old.as_deref(),
            new: new.as_deref(),
            ..*e
        },
    )?;
    Ok(true)
}

/// Appends `e` at the end of the chain (new `seq`, `prev_hash` and `hash`).
pub(super) fn append(tx: &Transaction<'_>, e: &LogEntry<'_>) -> Result<()> {
    let LogEntry {
        id,
        at: now,
        author,
        table,
        record,
        field,
        old,
        new,
    } = *e;
    let prev = last_hash(tx)?;
    let hash = super::chain::entry_hash(&super::chain::Entry {
        prev: &prev,
        id,
        table,
        record,
        field,
        old,
        new,
        at: now,
        author,
    });
    tx.prepare_cached(INSERT_LOG)?.execute(params![
        id, table, record, field, old, new, now, author, prev, hash
    ])?;
    record_head(tx, hash)
}

/// Logs every non-empty field of a new record.
pub(super) fn log_created(
    tx: &Transaction<'_>,
    author: &str,
    table: &str,
    record: &str,
    fields: &[(&str, Option<String>)],
) -> Result<()> {
    let entries: Vec<(&str, Option<&str>, Option<&str>)> = fields
        .iter()
        .filter_map(|(field, value)| {
            value
                .as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| (*field, None, Some(v)))
        })
        .collect();
    log_entries(tx, author, table, record, &entries)
}

/// Recomputes a household's roll-ups from its activities and members.
pub(super) fn refresh_rollups(tx: &Transaction<'_>, household_id: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE households SET
            last_visit = (
                SELECT max(date) FROM (
                    SELECT a.date FROM activities a
                    WHERE a.household_id = ?1 AND a.deleted = 0
                      AND a.kind IN ('kunjungan', 'asesmen_graduasi')
                    UNION ALL
                    SELECT a.date FROM activity_households l
                    JOIN activities a ON a.id = l.activity_id
                    WHERE l.household_id = ?1 AND l.attended = 1 AND a.deleted = 0
                      AND a.kind IN ('kunjungan', 'asesmen_graduasi'))),
            next_follow_up = (
                SELECT min(follow_up) FROM (
                    SELECT a.follow_up FROM activities a
                    WHERE a.household_id = ?1 AND a.deleted = 0 AND a.done = 0
                    UNION ALL
                    SELECT a.follow_up FROM activity_households l
                    JOIN activities a ON a.id = l.activity_id
                    WHERE l.household_id = ?1 AND a.deleted = 0 AND a.done = 0)),
            component_count = (
                SELECT count(*) FROM members
                WHERE household_id = ?1 AND deleted = 0 AND component IS NOT NULL)
         WHERE id = ?1",
    )?
    .execute([household_id])?;
    Ok(())
}

/// What an author is allowed to write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Write {
    /// A supervision note (`catatan` or `direktif`): supervisors too.
    Note,
    /// Anything else: only the facilitator whose caseload holds the households.
    Caseload,
}

/// Refuses a write the author may not make: a supervisor's anything but a note, a
/// facilitator's in another facilitator's caseload, or an author who is not a worker here.
/// The app refuses these before they get here; this keeps the rule for every caller.
pub(super) fn guard(
    tx: &Transaction<'_>,
    author: &str,
    households: &[&str],
    what: Write,
) -> Result<()> {
    let role: Option<String> = tx
        .prepare_cached("SELECT role FROM workers WHERE id = ?1")?
        .query_row([author], |r| r.get("role"))
        .optional()?;
    let allowed = match role.as_deref() {
        Some("supervisor") => what == Write::Note,
        Some(_) => {
            let mut stmt =
                tx.prepare_cached("SELECT worker_id = ?2 AS mine FROM households WHERE id = ?1")?;
            let mut ok = true;
            for h in households {
                let mine: Option<bool> =
                    stmt.query_row([*h, author], |r| r.get("mine")).optional()?;
                ok &= mine.unwrap_or(false);
            }
            ok
        }
        None => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(super::StoreError::NotAllowed)
    }
}
