//! A supervisor's read-only copies from the server: each facilitator's caseload rows (no
//! history: the team screen and notes need the rows, the history stays with its laptop)
//! and the last roll-up. Rows are written as the server has them, with the dirty-row
//! triggers off (nothing here is the supervisor's to push), each facilitator's page in one
//! transaction with its cursor.

use pilar_core::sync::{CASELOAD_TABLES, TeamCaseload};
use rusqlite::params;

use super::merge::refresh_search;
use super::{Result, Store, now_utc};

impl Store {
    /// The team pull cursor of each facilitator.
    pub fn sync_team_cursors(&self) -> Result<std::collections::BTreeMap<String, i64>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT worker_id, seq FROM team_cursors")?;
        let rows = stmt.query_map([], |r| Ok((r.get("worker_id")?, r.get("seq")?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes one facilitator's team page and its cursor; returns the rows written.
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
