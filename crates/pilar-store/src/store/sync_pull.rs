//! Applying one pull page with `pilar merge`'s rule. The page becomes "the other
//! database": an in-memory pilar database (nothing on disk, so no names or NIKs leave the
//! encrypted file) holding the page's rows and workers, and as history the entries both
//! sides share (the local entries the server holds, `sync_known`, for the page's records)
//! followed by the page's new entries. The merge then decides field by field exactly as it
//! does for a file: only theirs changed, take it; only ours (an unsent local entry), keep
//! it; both, a conflict (source `server`) and ours is kept. The merge, the new `sync_known`
//! ids and the cursor commit in one transaction, with the dirty-row triggers off, so a
//! page is applied whole or not at all and replaying it changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use pilar_core::sync::{CASELOAD_TABLES, Entry, PullResponse};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::merge::{MergeError, MergeReport, text};
use super::sync::{ENTRY_COLUMNS, entry_from_row};
use super::sync_state::insert_missing;
use super::{MIGRATIONS, Result, Store};

/// The source the merge records in conflicts a pull makes.
pub const SERVER_SOURCE: &str = "server";

impl Store {
    /// Applies a pull page as `author` (the enrolled worker), in one transaction with its
    /// cursor (`pull_seq = page.upto`).
    pub fn sync_apply_page(
        &self,
        author: &str,
        page: &PullResponse,
    ) -> std::result::Result<MergeReport, MergeError> {
        let other = self.page_database(page)?;
        self.merge_conn(
            &other,
            author,
            SERVER_SOURCE,
            |tx| {
                tx.execute("UPDATE sync_state SET track = 0 WHERE id = 1", [])?;
                Ok(())
            },
            |tx, _| {
                let mut known = tx.prepare_cached(
                    "INSERT OR IGNORE INTO sync_known (id, server_seq, origin)
                     VALUES (?1, ?2, 'pull')",
                )?;
                for e in &page.entries {
                    known.execute(params![e.entry.id, e.seq])?;
                }
                tx.execute(
                    "UPDATE sync_state SET track = 1, pull_seq = ?1,
                            anchor_seq = coalesce(?2, anchor_seq)
                     WHERE id = 1",
                    params![page.upto, page.anchor_seq],
                )?;
                Ok(())
            },
            &mut |_, _| {},
        )
    }

    /// The page as a pilar database in memory.
    fn page_database(&self, page: &PullResponse) -> Result<Connection> {
        let other = Connection::open_in_memory()?;
        // A page holds rows whose parents came in an earlier page.
        other.execute_batch("PRAGMA foreign_keys = OFF;")?;
        for sql in MIGRATIONS {
            other.execute_batch(sql)?;
        }
        insert_missing(&other, "workers", &page.workers)?;
        let mut records: BTreeSet<String> = BTreeSet::new();
        for t in CASELOAD_TABLES {
            let rows = page.rows.get(t).map(Vec::as_slice).unwrap_or_default();
            insert_missing(&other, t, rows)?;
            for r in rows {
                for c in ["id", "activity_id"] {
                    if let Some(id) = r.get(c).and_then(|v| v.as_text()) {
                        records.insert(id.to_string());
                    }
                }
            }
        }
        records.extend(page.entries.iter().map(|e| e.entry.record_id.clone()));
        // Fields the server holds apart: its row disagrees with the field's newest entry
        // (another laptop has the field in an open conflict, and the server keeps its
        // value until a person decides). Their newest value is the entry's.
        let mut newest: BTreeMap<(String, String, String), Option<String>> = BTreeMap::new();
        for e in &page.entries {
            let e = &e.entry;
            if e.table == "activity_households"
                || e.field == "status_date"
                || !CASELOAD_TABLES.contains(&e.table.as_str())
            {
                continue;
            }
            newest.insert(
                (e.table.clone(), e.record_id.clone(), e.field.clone()),
                e.new.clone().filter(|v| !v.is_empty()),
            );
        }
        let mut held: Vec<((String, String, String), Option<String>)> = Vec::new();
        for ((table, record, field), value) in newest {
            let is_column: bool = other
                .query_row(
                    "SELECT count(*) > 0 AS found FROM pragma_table_info(?1) WHERE name = ?2",
                    [&table, &field],
                    |r| r.get("found"),
                )
                .unwrap_or(false);
            if !is_column {
                continue;
            }
            let row: Option<Value> = other
                .query_row(
                    &format!("SELECT {field} AS v FROM {table} WHERE id = ?1"),
                    [&record],
                    |r| r.get("v"),
                )
                .optional()?;
            if let Some(row) = row
                && text(&row) != value
            {
                held.push(((table, record, field), value));
            }
        }
        let held_fields: HashSet<(String, String, String)> =
            held.iter().map(|(k, _)| k.clone()).collect();
        // The shared history: local entries the server holds, for these records.
        let mut shared: Vec<(i64, Entry, bool)> = Vec::new();
        {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT c.seq AS seq, {ENTRY_COLUMNS}, k.origin = 'push' AS pushed
                 FROM change_log c JOIN sync_known k ON k.id = c.id
                 WHERE c.record_id = ?1"
            ))?;
            for record in &records {
                let rows = stmt.query_map([record], |r| {
                    Ok((r.get("seq")?, entry_from_row(r)?, r.get("pushed")?))
                })?;
                for row in rows {
                    shared.push(row?);
                }
            }
        }
        // For a held field this laptop's own entries are left out of the shared history:
        // both sides then changed it, and the merge records the conflict here too (ours
        // kept, theirs the newest entry's value), exactly as `pilar merge` of that
        // laptop's file would.
        // (Only entries this laptop pushed: one it pulled, the other laptop had too.)
        shared.retain(|(_, e, pushed)| {
            !(*pushed
                && held_fields.contains(&(e.table.clone(), e.record_id.clone(), e.field.clone())))
        });
        shared.sort_by_key(|(seq, _, _)| *seq);
        let mut seen: HashSet<String> = shared.iter().map(|(_, e, _)| e.id.clone()).collect();
        let mut history: Vec<&Entry> = shared.iter().map(|(_, e, _)| e).collect();
        for e in &page.entries {
            if seen.insert(e.entry.id.clone()) {
                history.push(&e.entry);
            }
        }
        let mut prev = String::new();
        let mut insert = other.prepare(
            "INSERT INTO change_log (id, table_name, record_id, field, old_value, new_value,
                                     created_at, updated_at, author_id, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10)",
        )?;
        for e in history {
            let hash = pilar_core::chain::entry_hash(&e.chain(&prev));
            insert.execute(params![
                e.id,
                e.table,
                e.record_id,
                e.field,
                e.old,
                e.new,
                e.at,
                e.author,
                prev,
                hash
            ])?;
            prev = hash;
        }
        drop(insert);
        // The other side reads as that laptop's file would: the held fields with their
        // newest entry's value.
        for ((table, record, field), value) in held {
            let not_null: bool = other.query_row(
                "SELECT \"notnull\" FROM pragma_table_info(?1) WHERE name = ?2",
                [&table, &field],
                |r| r.get("notnull"),
            )?;
            let v = match value {
                None if not_null => Some(String::new()),
                v => v,
            };
            // A value the column refuses keeps the server's row as it is.
            let _ = other.execute(
                &format!("UPDATE {table} SET {field} = ?1 WHERE id = ?2"),
                params![v, record],
            );
        }
        Ok(other)
    }
}
