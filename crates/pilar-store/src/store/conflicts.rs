//! Merge conflicts waiting for a person: listing them for the `:konflik` view (per
//! facilitator's scope), counting them, and settling one (keep ours or take theirs, written
//! like any edit with its history). The conflicts themselves are recorded by the merge
//! (`merge.rs`), whether the other side is a file (`pilar merge`) or the server (`pilar sync`).

use std::collections::BTreeSet;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::merge::{SPECS, refresh_search, text};
use super::write::{Write, guard, log, refresh_rollups};
use super::{Result, Store, StoreError, now_utc};
use pilar_core::model::{Conflict, Resolution, Scope};

/// The columns a conflict may name, per table (conflict rows come from the file, so their
/// field names are checked before they reach SQL).
fn column_of(table: &str, field: &str) -> Option<(&'static str, &'static str)> {
    SPECS
        .iter()
        .find(|s| s.table == table && s.key.len() == 1)
        .and_then(|s| {
            s.fields
                .iter()
                .find(|f| **f == field)
                .map(|f| (s.table, *f))
        })
}

impl Store {
    /// How many merge conflicts in `scope` wait for a decision.
    pub fn count_open_conflicts(&self, scope: &Scope) -> Result<u64> {
        count_open(self.conn(), scope)
    }

    /// The open merge conflicts in `scope` (a facilitator's: those of their households and
    /// of the group activities filed in their caseload), oldest first (at most `limit`).
    /// `household_name` is the household's name, or a group activity's group name.
    pub fn open_conflicts(&self, scope: &Scope, limit: u64) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT c.id, c.table_name, c.record_id, c.household_id,
                    coalesce(h.pengurus_name, (
                        SELECT nullif(a.group_name, '') FROM activities a
                        WHERE c.table_name = 'activities' AND a.id = c.record_id))
                        AS household_name,
                    c.field,
                    c.ours, c.theirs, c.source
             FROM merge_conflicts c LEFT JOIN households h ON h.id = c.household_id
             WHERE {OPEN_IN_SCOPE}
             ORDER BY c.created_at, c.rowid LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![worker_of(scope), limit as i64], |r| {
            Ok(Conflict {
                id: r.get("id")?,
                table: r.get("table_name")?,
                record_id: r.get("record_id")?,
                household_id: r.get("household_id")?,
                household_name: r.get("household_name")?,
                field: r.get("field")?,
                ours: r.get("ours")?,
                theirs: r.get("theirs")?,
                source: r.get("source")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Settles a conflict: keep our value, or take theirs (written like any edit, with its
    /// history). Either way the history records the decision, so a later merge of the
    /// same file sees ours as the newer value. Returns false if it was already settled.
    /// Only the facilitator of every household the decision may change may settle it; a
    /// conflict with no household to check is settled by nobody (`NotAllowed`).
    pub fn resolve_conflict(&self, author: &str, id: &str, how: Resolution) -> Result<bool> {
        let tx = self.conn().unchecked_transaction()?;
        let row: Option<Unsettled> = tx
            .query_row(
                "SELECT table_name, record_id, household_id, field, theirs
                 FROM merge_conflicts WHERE id = ?1 AND resolved_at IS NULL",
                [id],
                |r| {
                    Ok((
                        r.get("table_name")?,
                        r.get("record_id")?,
                        r.get("household_id")?,
                        r.get("field")?,
                        r.get("theirs")?,
                    ))
                },
            )
            .optional()?;
        let Some((table, record, household, field, theirs)) = row else {
            return Ok(false);
        };
        // Every household the decision may change must be the author's: the conflict's
        // (for a `household_id` conflict, their target household), the record's household
        // here, and for a group activity (no household) its participants. With none to
        // check nobody may settle it.
        let households = households_of(&tx, &table, &record, household.as_deref())?;
        if households.is_empty() {
            return Err(StoreError::NotAllowed);
        }
        let refs: Vec<&str> = households.iter().map(String::as_str).collect();
        guard(&tx, author, &refs, Write::Caseload)?;
        let now = now_utc();
        // Their status date was recorded beside their status, to be settled with it.
        let status_date: Option<(String, Option<String>)> = if field == "status" {
            tx.query_row(
                "SELECT id, theirs FROM merge_conflicts
                 WHERE table_name = ?1 AND record_id = ?2 AND field = 'status_date'
                   AND resolved_at IS NULL
                 ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [&table, &record],
                |r| Ok((r.get("id")?, r.get("theirs")?)),
            )
            .optional()?
        } else {
            None
        };
        if let Some((table, column)) = column_of(&table, &field) {
            let current: Option<Value> = tx
                .query_row(
                    &format!("SELECT {column} AS v FROM {table} WHERE id = ?1"),
                    [&record],
                    |r| r.get("v"),
                )
                .optional()?;
            let ours = current.as_ref().and_then(text);
            match how {
                Resolution::Ours => {
                    log(
                        &tx,
                        author,
                        table,
                        &record,
                        column,
                        theirs.as_deref(),
                        ours.as_deref(),
                    )?;
                }
                Resolution::Theirs if current.is_some() => {
                    // The history writes an emptied field as absent; the column may
                    // not be NULL-able (text columns default to '').
                    let value = match &theirs {
                        None if not_null(&tx, table, column)? => Some(String::new()),
                        v => v.clone(),
                    };
                    tx.execute(
                        &format!("UPDATE {table} SET {column} = ?2, updated_at = ?3 WHERE id = ?1"),
                        params![record, value, now],
                    )?;
                    if let Some((_, date)) = &status_date
                        && column_of(table, "status_date").is_some()
                    {
                        tx.execute(
                            &format!("UPDATE {table} SET status_date = ?2 WHERE id = ?1"),
                            params![record, date],
                        )?;
                    }
                    log(
                        &tx,
                        author,
                        table,
                        &record,
                        column,
                        ours.as_deref(),
                        theirs.as_deref(),
                    )?;
                    if table == "households" && (column == "pengurus_name" || column == "village") {
                        refresh_search(&tx, &[record.clone()].into())?;
                    }
                }
                Resolution::Theirs => {}
            }
        }
        for h in &households {
            refresh_rollups(&tx, h)?;
        }
        let resolution = match how {
            Resolution::Ours => "ours",
            Resolution::Theirs => "theirs",
        };
        let mut settle = tx.prepare_cached(
            "UPDATE merge_conflicts SET resolved_at = ?2, resolution = ?3, updated_at = ?2
             WHERE id = ?1",
        )?;
        settle.execute(params![id, now, resolution])?;
        if let Some((date_id, _)) = &status_date {
            settle.execute(params![date_id, now, resolution])?;
        }
        drop(settle);
        tx.commit()?;
        Ok(true)
    }
}

/// The households a conflict's decision may change: the one the conflict names, the
/// record's household here (they differ for a `household_id` conflict), and for a record
/// without one (a group activity) the activity's participants.
fn households_of(
    tx: &Transaction<'_>,
    table: &str,
    record: &str,
    named: Option<&str>,
) -> Result<BTreeSet<String>> {
    let mut out: BTreeSet<String> = named.map(str::to_string).into_iter().collect();
    let spec = SPECS.iter().find(|s| s.table == table && s.key.len() == 1);
    if let Some(spec) = spec
        && let Some(column) = spec.household
    {
        let here: Option<Option<String>> = tx
            .query_row(
                &format!("SELECT {column} AS v FROM {} WHERE id = ?1", spec.table),
                [record],
                |r| r.get("v"),
            )
            .optional()?;
        out.extend(here.flatten().filter(|h| !h.is_empty()));
    }
    if out.is_empty() && table == "activities" {
        out.extend(participants(tx, record)?);
    }
    Ok(out)
}

/// The households taking part in an activity.
pub(super) fn participants(conn: &Connection, activity: &str) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT household_id FROM activity_households WHERE activity_id = ?1")?;
    let rows = stmt.query_map([activity], |r| r.get::<_, String>("household_id"))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An open conflict as settling needs it: table, record, household, field, their value.
type Unsettled = (String, String, Option<String>, String, Option<String>);

/// Open conflicts in a scope (`?1`: the facilitator, NULL for all), with `c` the conflict
/// and `h` its household (left-joined). A conflict belongs to its household's facilitator;
/// one without a household (a group activity) to the facilitator whose caseload the
/// activity is filed in (`activities.worker_id`). A status date recorded beside an open
/// status conflict is settled with it and not listed on its own.
const OPEN_IN_SCOPE: &str = "c.resolved_at IS NULL
    AND (?1 IS NULL OR coalesce(h.worker_id, (
        SELECT a.worker_id FROM activities a
        WHERE c.table_name = 'activities' AND a.id = c.record_id)) = ?1)
    AND NOT (c.field = 'status_date' AND EXISTS (
        SELECT 1 FROM merge_conflicts s
        WHERE s.record_id = c.record_id AND s.table_name = c.table_name
          AND s.field = 'status' AND s.resolved_at IS NULL))";

fn worker_of(scope: &Scope) -> Option<&str> {
    match scope {
        Scope::Worker(id) => Some(id),
        Scope::All => None,
    }
}

pub(super) fn count_open(conn: &Connection, scope: &Scope) -> Result<u64> {
    let n: i64 = conn.query_row(
        &format!(
            "SELECT count(*) AS n FROM merge_conflicts c
             LEFT JOIN households h ON h.id = c.household_id
             WHERE {OPEN_IN_SCOPE}"
        ),
        [worker_of(scope)],
        |r| r.get("n"),
    )?;
    Ok(n as u64)
}

/// Whether a column of a table is declared NOT NULL.
fn not_null(tx: &Transaction<'_>, table: &str, column: &str) -> Result<bool> {
    let n: Option<bool> = tx
        .query_row(
            "SELECT \"notnull\" FROM pragma_table_info(?1) WHERE name = ?2",
            [table, column],
            |r| r.get("notnull"),
        )
        .optional()?;
    Ok(n.unwrap_or(false))
}
