//! A supervisor's read-only copies from the server: each facilitator's caseload rows and
//! their history, and the last roll-up. Rows are written as the server has them, with the
//! dirty-row triggers off (nothing here is the supervisor's to push); the page's entries
//! are appended to this file's history as `pilar merge` and the facilitator's pull do
//! (same id, author and time; re-chained here; ids already here skipped) and recorded in
//! `sync_known` as pulled, so they are never pushed nor counted unsent, and the review
//! since sign-off sees the facilitators' work. Each facilitator's page is one transaction
//! with its cursor.

use pilar_core::sync::{CASELOAD_TABLES, TeamCaseload};
use rusqlite::params;

use super::merge::refresh_search;
use super::write::{LogEntry, append_theirs};
use super::{Result, Store, now_utc};

/// The page's rows of the tables `pilar verify` holds to their history take their fields'
/// newest entry's value where the server's row differs: a field the server holds apart
/// (a laptop has it in an open conflict, and the server keeps its value until a person
/// decides) arrives with the server's value but the other laptop's newest entry. As the
/// facilitator's pull reads such a field (`sync_pull.rs`), the supervisor's read-only copy
/// then agrees with its history; the decision, when it comes, is a newer entry.
fn agree_with_history(tx: &rusqlite::Transaction<'_>, page: &TeamCaseload) -> Result<()> {
    use rusqlite::OptionalExtension;
    use rusqlite::types::Value;
    for table in super::chain::CHECKED_TABLES {
        let Some(rows) = page.rows.get(table) else {
            continue;
        };
        let columns: Vec<(String, bool)> = tx
            .prepare_cached("SELECT name, \"notnull\" AS nn FROM pragma_table_info(?1)")?
            .query_map([table], |r| Ok((r.get("name")?, r.get("nn")?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut last = tx.prepare_cached(
            "SELECT field, new_value FROM change_log
             WHERE record_id = ?1 AND table_name = ?2 ORDER BY seq",
        )?;
        for row in rows {
            let Some(id) = row.get("id").and_then(|v| v.as_text()) else {
                continue;
            };
            let mut newest: std::collections::BTreeMap<String, Option<String>> = Default::default();
            let entries = last.query_map(params![id, table], |r| {
                Ok((
                    r.get::<_, String>("field")?,
                    r.get::<_, Option<String>>("new_value")?,
                ))
            })?;
            for e in entries {
                let (field, value) = e?;
                newest.insert(field, value.filter(|v| !v.is_empty()));
            }
            for (field, value) in newest {
                let Some((_, not_null)) = columns.iter().find(|(c, _)| *c == field) else {
                    continue;
                };
                if field == "status_date" {
                    continue;
                }
                let stored: Option<Value> = tx
                    .query_row(
                        &format!("SELECT {field} AS v FROM {table} WHERE id = ?1"),
                        [id],
                        |r| r.get("v"),
                    )
                    .optional()?;
                let Some(stored) = stored else { continue };
                if super::merge::text(&stored) == value {
                    continue;
                }
                let v = match value {
                    None if *not_null => Some(String::new()),
                    v => v,
                };
                // A value the column refuses keeps the server's.
                let _ = tx.execute(
                    &format!("UPDATE {table} SET {field} = ?1 WHERE id = ?2"),
                    params![v, id],
                );
            }
        }
    }
    Ok(())
}

impl Store {
    /// The team pull cursor of each facilitator.
    pub fn sync_team_cursors(&self) -> Result<std::collections::BTreeMap<String, i64>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT worker_id, seq FROM team_cursors")?;
        let rows = stmt.query_map([], |r| Ok((r.get("worker_id")?, r.get("seq")?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes one facilitator's team page (rows, then entries) and its cursor; returns the
    /// rows written.
    pub fn sync_apply_team(&self, page: &TeamCaseload) -> Result<u64> {
        let tx = self.conn().unchecked_transaction()?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        tx.execute("UPDATE sync_state SET track = 0 WHERE id = 1", [])?;
        let mut written = 0u64;
        let mut households = std::collections::BTreeSet::new();
        for t in CASELOAD_TABLES {
            let key = if t == "activity_households" {
                "activity_id, household_id"
            } else {
                "id"
            };
            let cols: Vec<String> = tx
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))?
                .query_map([], |r| r.get("name"))?
                .collect::<rusqlite::Result<_>>()?;
            for row in page.rows.get(t).map(Vec::as_slice).unwrap_or_default() {
                let present: Vec<&String> = cols.iter().filter(|c| row.contains_key(*c)).collect();
                let marks: Vec<String> = (1..=present.len()).map(|i| format!("?{i}")).collect();
                let set: Vec<String> = present
                    .iter()
                    .map(|c| format!("{c} = excluded.{c}"))
                    .collect();
                let sql = format!(
                    "INSERT INTO {t} ({}) VALUES ({}) ON CONFLICT ({key}) DO UPDATE SET {}",
                    present
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    marks.join(", "),
                    set.join(", ")
                );
                let values: Vec<rusqlite::types::Value> = present
                    .iter()
                    .map(|c| super::sync::value(&row[*c]))
                    .collect();
                tx.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(values))?;
                written += 1;
                if t == "households"
                    && let Some(id) = row.get("id").and_then(|v| v.as_text())
                {
                    households.insert(id.to_string());
                }
            }
        }
        // The stream's history, in its order, after this file's.
        for e in &page.entries {
            let entry = &e.entry;
            append_theirs(
                &tx,
                &LogEntry {
                    id: &entry.id,
                    at: &entry.at,
                    author: &entry.author,
                    table: &entry.table,
                    record: &entry.record_id,
                    field: &entry.field,
                    old: entry.old.as_deref(),
                    new: entry.new.as_deref(),
                },
            )?;
            // The server holds it: never this laptop's to push (its own pushed entries
            // keep their origin).
            tx.prepare_cached(
                "INSERT OR IGNORE INTO sync_known (id, server_seq, origin) VALUES (?1, ?2, 'pull')",
            )?
            .execute(params![e.entry.id, e.seq])?;
        }
        agree_with_history(&tx, page)?;
        refresh_search(&tx, &households)?;
        tx.execute(
            "INSERT INTO team_cursors (worker_id, seq) VALUES (?1, ?2)
             ON CONFLICT (worker_id) DO UPDATE SET seq = excluded.seq",
            params![page.worker_id, page.upto],
        )?;
        tx.execute("UPDATE sync_state SET track = 1 WHERE id = 1", [])?;
        tx.commit()?;
        Ok(written)
    }

    /// Keeps the roll-up the server sent (JSON) for `scope` and `year`.
    pub fn sync_store_rollup(&self, scope: &str, year: i32, body: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO team_rollups (scope, year, body, fetched_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (scope) DO UPDATE SET year = excluded.year, body = excluded.body,
                 fetched_at = excluded.fetched_at",
            params![scope, year, body, now_utc()],
        )?;
        Ok(())
    }

    /// The last roll-up kept for `scope`: (year, JSON, when).
    pub fn sync_rollup(&self, scope: &str) -> Result<Option<(i32, String, String)>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row(
                "SELECT year, body, fetched_at FROM team_rollups WHERE scope = ?1",
                [scope],
                |r| Ok((r.get("year")?, r.get("body")?, r.get("fetched_at")?)),
            )
            .optional()?)
    }
}
