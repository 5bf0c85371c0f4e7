//! The laptop's side of the sync, as stored: the enrolment and cursors (`sync_state`), the
//! entries the server holds (`sync_known`), the rows changed since their last push
//! (`sync_dirty`, filled by triggers), what the server refused (`sync_rejects`), and the
//! outbox a push is built from. The protocol itself (HTTP, order of a sync) lives in the
//! binary (`src/sync/`); this module only reads and writes the database.

use pilar_core::sync::{
    CASELOAD_TABLES, ChainPoint, Entry, FieldRef, ItemKind, PushResponse, Row, TableRows,
    history_only_field,
};
use rusqlite::{OptionalExtension, params};

use super::sync::{ENTRY_COLUMNS, entry_from_row};
use super::{Result, Store, now_utc};

/// What `sync_state` holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    pub server_url: Option<String>,
    pub device_id: Option<String>,
    pub token: Option<String>,
    pub worker_id: Option<String>,
    pub login: Option<String>,
    pub role: Option<String>,
    pub kab_code: Option<String>,
    pub scope: Option<String>,
    /// A certificate (PEM) to trust besides the system's, for a server with its own.
    pub ca_pem: Option<String>,
    /// The caseload stream's seq pulled up to.
    pub pull_seq: i64,
    /// The laptop seq whose hash the next request sends as its anchor.
    pub anchor_seq: Option<i64>,
    /// Every local history entry at or below this seq is sent, known or not sendable.
    pub pushed_seq: i64,
    /// A push sent without an answer yet (JSON of [`PendingPush`]).
    pub pending_push: Option<String>,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
}

impl SyncState {
    /// Whether this laptop is enrolled with a server.
    pub fn enrolled(&self) -> bool {
        self.token.is_some() && self.server_url.is_some()
    }
}

/// What an enrolment gave, to be stored.
#[derive(Debug, Clone)]
pub struct Enrolment<'a> {
    pub server_url: &'a str,
    pub ca_pem: Option<&'a str>,
    pub device_id: &'a str,
    pub token: &'a str,
    pub worker_id: &'a str,
    pub login: &'a str,
    pub role: &'a str,
    pub kab_code: &'a str,
    pub scope: &'a str,
}

/// The unsent work: history entries (in history order) and dirty rows (parents first).
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    pub entries: Vec<Entry>,
    /// The local seq of each entry (same order).
    pub seqs: Vec<i64>,
    /// (table, row) in `CASELOAD_TABLES` order.
    pub rows: Vec<(String, Row)>,
    /// The dirty generation the outbox was read at.
    pub generation: i64,
    /// The local chain's head when it was read.
    pub head: ChainPoint,
}

/// What the laptop shows of a refused item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub kind: String,
    pub id: String,
    pub table: String,
    pub record_id: String,
    pub code: String,
    pub reason: String,
    pub at: String,
}

/// The key of a row as the sync names it: `id`, or `activity_id:household_id`.
pub fn row_key(table: &str, row: &Row) -> String {
    let get = |c: &str| row.get(c).and_then(|v| v.as_text()).unwrap_or_default();
    if table == "activity_households" {
        format!("{}:{}", get("activity_id"), get("household_id"))
    } else {
        get("id").to_string()
    }
}

impl Store {
    /// The sync state (defaults before the first enrolment).
    pub fn sync_state(&self) -> Result<SyncState> {
        Ok(self.conn().query_row(
            "SELECT server_url, device_id, token, worker_id, login, role, kab_code, scope,
                    ca_pem, pull_seq, anchor_seq, pushed_seq, pending_push, last_sync,
                    last_error
             FROM sync_state WHERE id = 1",
            [],
            |r| {
                Ok(SyncState {
                    server_url: r.get("server_url")?,
                    device_id: r.get("device_id")?,
                    token: r.get("token")?,
                    worker_id: r.get("worker_id")?,
                    login: r.get("login")?,
                    role: r.get("role")?,
                    kab_code: r.get("kab_code")?,
                    scope: r.get("scope")?,
                    ca_pem: r.get("ca_pem")?,
                    pull_seq: r.get("pull_seq")?,
                    anchor_seq: r.get("anchor_seq")?,
                    pushed_seq: r.get("pushed_seq")?,
                    pending_push: r.get("pending_push")?,
                    last_sync: r.get("last_sync")?,
                    last_error: r.get("last_error")?,
                })
            },
        )?)
    }

    /// Records an enrolment: the server's workers of the regency join `workers` (those not
    /// here yet, by id), the device and token are kept, and the dirty-row triggers start.
    /// A facilitator's database that already holds their caseload marks it all dirty, so
    /// the first push uploads it (a bootstrap); a new, empty one has nothing to mark.
    /// Cursors start again from 0 (a new device has pushed nothing).
    pub fn sync_enrolled(&self, e: &Enrolment<'_>, workers: &[Row]) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        insert_missing(&tx, "workers", workers)?;
        tx.execute(
            "UPDATE sync_state SET server_url = ?1, ca_pem = ?2, device_id = ?3, token = ?4,
                    worker_id = ?5, login = ?6, role = ?7, kab_code = ?8, scope = ?9,
                    pull_seq = 0, anchor_seq = NULL, pushed_seq = 0, pending_push = NULL,
                    last_error = NULL, track = 1
             WHERE id = 1",
            params![
                e.server_url,
                e.ca_pem,
                e.device_id,
                e.token,
                e.worker_id,
                e.login,
                e.role,
                e.kab_code,
                e.scope
            ],
        )?;
        tx.execute("DELETE FROM sync_known", [])?;
        // A new database opens as the enrolled worker.
        tx.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('default_user', ?1)",
            [e.login],
        )?;
        if e.role == "supervisor" {
            // Their sign-offs made before enrolling go up with the first sync like the
            // later ones (the supervisor's outbox takes their own, by facilitator).
            tx.execute(
                "INSERT OR IGNORE INTO sync_dirty (table_name, record_id, gen)
                 SELECT 'signoffs', id, 0 FROM signoffs WHERE supervisor_id = ?1",
                [e.worker_id],
            )?;
        }
        if e.role == "facilitator" {
            tx.execute_batch(&format!(
                "CREATE TEMP TABLE IF NOT EXISTS boot_households (id TEXT PRIMARY KEY);
                 DELETE FROM boot_households;
                 INSERT INTO boot_households SELECT id FROM households WHERE worker_id = '{w}';
                 INSERT OR IGNORE INTO sync_dirty SELECT 'p2k2_groups', id, 0 FROM p2k2_groups
                     WHERE worker_id = '{w}';
                 INSERT OR IGNORE INTO sync_dirty SELECT 'households', id, 0 FROM boot_households;
                 INSERT OR IGNORE INTO sync_dirty SELECT 'members', id, 0 FROM members
                     WHERE household_id IN boot_households;
                 INSERT OR IGNORE INTO sync_dirty SELECT 'graduations', id, 0 FROM graduations
                     WHERE household_id IN boot_households;
                 INSERT OR IGNORE INTO sync_dirty SELECT 'referrals', id, 0 FROM referrals
                     WHERE household_id IN boot_households;
                 INSERT OR IGNORE INTO sync_dirty SELECT 'payments', id, 0 FROM payments
                     WHERE household_id IN boot_households;
                 INSERT OR IGNORE INTO sync_dirty SELECT 'verifications', id, 0 FROM verifications
                     WHERE household_id IN boot_households;
                 INSERT OR IGNORE INTO sync_dirty SELECT 'activities', id, 0 FROM activities
                     WHERE household_id IN boot_households
                        OR (household_id IS NULL AND worker_id = '{w}');
                 INSERT OR IGNORE INTO sync_dirty
                     SELECT 'activity_households', activity_id || ':' || household_id, 0
                     FROM activity_households
                     WHERE activity_id IN (SELECT record_id FROM sync_dirty
                                           WHERE table_name = 'activities');
                 DROP TABLE boot_households;",
                // A worker id is a UUID the server sent (checked below).
                w = e.worker_id.replace('\'', "")
            ))?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds the workers the server sent that are not here yet (by id).
    pub fn sync_add_workers(&self, workers: &[Row]) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        insert_missing(&tx, "workers", workers)?;
        tx.commit()?;
        Ok(())
    }

    /// Records how the last sync ended: `None` is a success (its time becomes the last
    /// sync), otherwise the reason, in the user's language.
    pub fn sync_finished(&self, error: Option<&str>) -> Result<()> {
        match error {
            None => self.conn().execute(
                "UPDATE sync_state SET last_sync = ?1, last_error = NULL WHERE id = 1",
                [now_utc()],
            )?,
            Some(e) => self
                .conn()
                .execute("UPDATE sync_state SET last_error = ?1 WHERE id = 1", [e])?,
        };
        Ok(())
    }

    /// The local chain's head: the last entry's seq and hash (0 and "" for none).
    pub fn sync_head(&self) -> Result<ChainPoint> {
        Ok(super::chain::last_entry(self.conn())?
            .map(|h| ChainPoint {
                seq: h.seq,
                hash: h.hash,
            })
            .unwrap_or_default())
    }

    /// The anchor to send: the local hash at the seq the server named ("" if this history
    /// has no such entry any more), or none before the first push.
    pub fn sync_anchor(&self) -> Result<Option<ChainPoint>> {
        let Some(seq) = self.sync_state()?.anchor_seq else {
            return Ok(None);
        };
        let hash: Option<String> = self
            .conn()
            .query_row("SELECT hash FROM change_log WHERE seq = ?1", [seq], |r| {
                r.get("hash")
            })
            .optional()?;
        Ok(Some(ChainPoint {
            seq,
            hash: hash.unwrap_or_default(),
        }))
    }

    /// Unsent history entries and dirty rows. Entries the protocol cannot carry (outside
    /// the caseload tables: merges, exports, views; or a field that is no column) are left
    /// out: they stay on this laptop.
    pub fn sync_outbox(&self) -> Result<Outbox> {
        let conn = self.conn();
        let state = self.sync_state()?;
        let generation: i64 =
            conn.query_row("SELECT dirty_gen FROM sync_state WHERE id = 1", [], |r| {
                r.get("dirty_gen")
            })?;
        let head = self.sync_head()?;
        let mut out = Outbox {
            generation,
            head,
            ..Outbox::default()
        };
        let columns = |t: &str| -> Result<Vec<String>> {
            let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1)")?;
            let rows = stmt.query_map([t], |r| r.get::<_, String>("name"))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let mut cols: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for t in CASELOAD_TABLES {
            cols.insert(t, columns(t)?);
        }
        let mut stmt = conn.prepare(&format!(
            "SELECT c.seq AS seq, {ENTRY_COLUMNS}
             FROM change_log c
             WHERE c.seq > ?1
               AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.id = c.id)
               AND NOT EXISTS (SELECT 1 FROM sync_rejects r WHERE r.kind = 'entry' AND r.id = c.id)
             ORDER BY c.seq"
        ))?;
        let mut rows = stmt.query([state.pushed_seq])?;
        while let Some(r) = rows.next()? {
            let e = entry_from_row(r)?;
            let sendable = cols
                .get(e.table.as_str())
                .is_some_and(|c| c.contains(&e.field) || history_only_field(&e.table, &e.field));
            if sendable {
                out.seqs.push(r.get("seq")?);
                out.entries.push(e);
            }
        }
        drop(rows);
        drop(stmt);
        for t in CASELOAD_TABLES {
            let mut ids = conn.prepare_cached(
                "SELECT record_id FROM sync_dirty WHERE table_name = ?1 ORDER BY record_id",
            )?;
            let keys: Vec<String> = ids
                .query_map([t], |r| r.get("record_id"))?
                .collect::<rusqlite::Result<_>>()?;
            let sql = if t == "activity_households" {
                "SELECT * FROM activity_households WHERE activity_id = ?1 AND household_id = ?2"
                    .to_string()
            } else {
                format!("SELECT * FROM {t} WHERE id = ?1")
            };
            let mut read = conn.prepare_cached(&sql)?;
            let names: Vec<String> = read.column_names().map(str::to_string).collect();
            for key in keys {
                let parts: Vec<&str> = key.splitn(2, ':').collect();
                let found = if t == "activity_households" && parts.len() == 2 {
                    read.query_row([parts[0], parts[1]], |r| row_of(&names, r))
                        .optional()?
                } else {
                    read.query_row([&key], |r| row_of(&names, r)).optional()?
                };
                // A row gone since (nothing in pilar deletes caseload rows but the
                // attendance of an edited group activity): nothing to send.
                if let Some(row) = found {
                    out.rows.push((t.to_string(), row));
                }
            }
        }
        Ok(out)
    }

    /// Unsent work, for the status bar: the records changed here and not pushed yet (by
    /// an unsent history entry or a dirty row; a record counts once).
    pub fn sync_unsent(&self) -> Result<u64> {
        let state = self.sync_state()?;
        if !state.enrolled() {
            return Ok(0);
        }
        let n: i64 = self.conn().query_row(
            &format!(
                "SELECT count(*) AS n FROM (
                     SELECT c.table_name, c.record_id FROM change_log c
                     WHERE c.seq > ?1 AND c.table_name IN ({})
                       AND NOT EXISTS (SELECT 1 FROM sync_known k WHERE k.id = c.id)
                       AND NOT EXISTS (SELECT 1 FROM sync_rejects r
                                       WHERE r.kind = 'entry' AND r.id = c.id)
                     UNION
                     SELECT table_name, record_id FROM sync_dirty)",
                CASELOAD_TABLES
                    .iter()
                    .map(|t| format!("'{t}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            [state.pushed_seq],
            |r| r.get("n"),
        )?;
        Ok(n as u64)
    }

    /// Fields with an open conflict here (the server keeps its value for them).
    pub fn sync_open_conflicts(&self) -> Result<Vec<FieldRef>> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT table_name, record_id, field FROM merge_conflicts
             WHERE resolved_at IS NULL ORDER BY 1, 2, 3",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FieldRef {
                table: r.get("table_name")?,
                record_id: r.get("record_id")?,
                field: r.get("field")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps (or clears) the push being sent, so a re-run sends it again with its id.
    pub fn sync_set_pending(&self, pending: Option<&str>) -> Result<()> {
        self.conn().execute(
            "UPDATE sync_state SET pending_push = ?1 WHERE id = 1",
            [pending],
        )?;
        Ok(())
    }

    /// Records the server's answer to a push, in one transaction: the entries it holds
    /// join `sync_known`, what it refused goes to `sync_rejects`, the pushed rows are clean
    /// again unless written after `generation`, `pushed_seq` moves to `upto`, the pull cursor to
    /// the stream's head (the push was a fast-forward) and the anchor to the one answered.
    pub fn sync_acknowledge(
        &self,
        answer: &PushResponse,
        rows: &TableRows,
        generation: i64,
        upto: i64,
    ) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        record_answer(&tx, answer, rows, generation)?;
        tx.execute(
            "UPDATE sync_state SET pushed_seq = max(pushed_seq, ?1), pull_seq = ?2,
                    anchor_seq = ?3, pending_push = NULL
             WHERE id = 1",
            params![upto, answer.seq, answer.anchor_seq],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// What the server refused, newest first.
    pub fn sync_rejects(&self) -> Result<Vec<Rejected>> {
        let mut stmt = self.conn().prepare(
            "SELECT kind, id, table_name, record_id, code, reason, created_at
             FROM sync_rejects ORDER BY created_at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Rejected {
                kind: r.get("kind")?,
                id: r.get("id")?,
                table: r.get("table_name")?,
                record_id: r.get("record_id")?,
                code: r.get("code")?,
                reason: r.get("reason")?,
                at: r.get("created_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn row_of(names: &[String], r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let mut row = Row::new();
    for (i, name) in names.iter().enumerate() {
        row.insert(name.clone(), super::sync::cell(r.get_ref(i)?));
    }
    Ok(row)
}

/// Inserts the rows of `table` whose key is not here yet (columns this table has only).
pub(super) fn insert_missing(conn: &rusqlite::Connection, table: &str, rows: &[Row]) -> Result<()> {
    let cols: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get("name"))?
        .collect::<rusqlite::Result<_>>()?;
    for row in rows {
        let present: Vec<&String> = cols.iter().filter(|c| row.contains_key(*c)).collect();
        if present.is_empty() {
            continue;
        }
        let marks: Vec<String> = (1..=present.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT OR IGNORE INTO {table} ({}) VALUES ({})",
            present
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            marks.join(", ")
        );
        let values: Vec<rusqlite::types::Value> = present
            .iter()
            .map(|c| super::sync::value(&row[*c]))
            .collect();
        conn.execute(&sql, rusqlite::params_from_iter(values))?;
    }
    Ok(())
}

/// The part of an answer every push records: the entries the server holds join `sync_known`,
/// the pushed rows are clean again unless written after `generation`, what it refused goes
/// to `sync_rejects`.
pub(super) fn record_answer(
    tx: &rusqlite::Transaction<'_>,
    answer: &PushResponse,
    rows: &TableRows,
    generation: i64,
) -> Result<()> {
    let mut known = tx.prepare_cached(
        "INSERT OR IGNORE INTO sync_known (id, server_seq, origin) VALUES (?1, ?2, 'push')",
    )?;
    for a in &answer.accepted {
        known.execute(params![a.id, a.seq])?;
    }
    let mut clean = tx.prepare_cached(
        "DELETE FROM sync_dirty WHERE table_name = ?1 AND record_id = ?2 AND gen <= ?3",
    )?;
    for (table, list) in rows {
        for row in list {
            clean.execute(params![table, row_key(table, row), generation])?;
        }
    }
    let mut reject = tx.prepare_cached(
        "INSERT OR REPLACE INTO sync_rejects
                (kind, id, table_name, record_id, code, reason, push_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let now = now_utc();
    for q in &answer.quarantined {
        let kind = match q.kind {
            ItemKind::Entry => "entry",
            ItemKind::Row => "row",
        };
        reject.execute(params![
            kind,
            q.id,
            q.table,
            q.record_id,
            q.code.key(),
            q.reason,
            answer.push_id,
            now
        ])?;
    }
    Ok(())
}
