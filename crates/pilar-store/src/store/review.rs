//! A supervisor's review since sign-off (issue 11 item 8): the history of a facilitator's
//! caseload after their last sign-off, counted by kind (the team screen's column) and
//! paged line by line (the review screen), and the sign-off itself.
//!
//! `change_log` names a record, not its household or facilitator, so `review_index` (one
//! row per history entry: the facilitator whose caseload it touched, the household, the
//! kind and the record counted) is kept beside it. It is brought up to the history's end
//! before each read ([`Store::index_history`]: only the entries after its last one are
//! resolved, so after the first read a call costs the entries written since), and every
//! page is a range of its `(worker_id, seq)` index. The counts read `review_latest`,
//! kept beside it: each record's last entry, so a record changed after a sign-off is one
//! row whose `seq` is after it, however many entries it had. Entries written by a
//! supervisor (their notes, the sign-offs) are no facilitator's work and are not counted.
//!
//! A sign-off travels (sync, `pilar merge`): where it reaches in this file's history is
//! worked out on every read ([`Store::sign_off_position`]), from the facilitator's last
//! entry it covered (`upto_entry`, the same id on every laptop).

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, params};

use super::write::log_created;
use super::{Result, Store, StoreError, new_id, now_utc};
use pilar_core::model::review::{
    ChangeKind, NewSignOff, ReviewCounts, ReviewQuery, ReviewRow, ReviewSummary, SignOff,
};

/// The history entries after `?1`, each with its household and the facilitator whose
/// caseload holds it (NULL for an entry written by a supervisor or of no caseload).
const UNINDEXED: &str = "
SELECT x.seq, x.table_name, x.record_id, x.field, x.created, x.household_id,
       CASE WHEN (SELECT role FROM workers WHERE id = x.author_id) = 'facilitator'
            THEN coalesce((SELECT worker_id FROM households WHERE id = x.household_id),
                          x.record_worker) END AS worker_id
FROM (SELECT c.seq, c.table_name, c.record_id, c.field, c.author_id,
             c.old_value IS NULL AS created,
             CASE c.table_name
                 WHEN 'households' THEN c.record_id
                 WHEN 'members' THEN (SELECT household_id FROM members WHERE id = c.record_id)
                 WHEN 'activities'
                     THEN (SELECT household_id FROM activities WHERE id = c.record_id)
                 WHEN 'activity_households'
                     THEN (SELECT household_id FROM activities WHERE id = c.record_id)
                 WHEN 'graduations'
                     THEN (SELECT household_id FROM graduations WHERE id = c.record_id)
                 WHEN 'referrals'
                     THEN (SELECT household_id FROM referrals WHERE id = c.record_id)
                 WHEN 'payments' THEN (SELECT household_id FROM payments WHERE id = c.record_id)
                 WHEN 'verifications'
                     THEN (SELECT household_id FROM verifications WHERE id = c.record_id)
             END AS household_id,
             CASE c.table_name
                 WHEN 'activities' THEN (SELECT worker_id FROM activities WHERE id = c.record_id)
                 WHEN 'activity_households'
                     THEN (SELECT worker_id FROM activities WHERE id = c.record_id)
                 WHEN 'p2k2_groups'
                     THEN (SELECT worker_id FROM p2k2_groups WHERE id = c.record_id)
             END AS record_worker
      FROM change_log c WHERE c.seq > ?1 ORDER BY c.seq) x";

/// `review_totals`' row of households changed and not added.
const HOUSEHOLD_ONLY: &str = "household_only";

impl Store {
    /// Brings `review_index` up to the history's end. On a file that cannot be written
    /// the index stays as it was (the counts then reach the last entry indexed).
    pub fn index_history(&self) -> Result<()> {
        match self.index_history_tx() {
            Err(StoreError::Sqlite(e)) if read_only(&e) => Ok(()),
            other => other,
        }
    }

    fn index_history_tx(&self) -> Result<()> {
        let conn = self.conn();
        let indexed: i64 = conn.query_row(
            "SELECT coalesce(max(seq), 0) AS seq FROM review_index",
            [],
            |r| r.get("seq"),
        )?;
        let head: i64 = conn.query_row(
            "SELECT coalesce(max(seq), 0) AS seq FROM change_log",
            [],
            |r| r.get("seq"),
        )?;
        if head <= indexed {
            return Ok(());
        }
        let tx = conn.unchecked_transaction()?;
        {
            let mut read = tx.prepare_cached(UNINDEXED)?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO review_index (seq, worker_id, household_id, kind, rec)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            // Each record's last entry (entries come in seq order, so the newest wins), and
            // the totals when a record is counted for the first time.
            let mut update_latest = tx.prepare_cached(
                "UPDATE review_latest SET seq = ?1 WHERE worker_id = ?2 AND kind = ?3 AND rec = ?4",
            )?;
            let mut insert_latest = tx.prepare_cached(
                "INSERT INTO review_latest (worker_id, kind, rec, seq) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut latest_exists = tx.prepare_cached(
                "SELECT 1 FROM review_latest WHERE worker_id = ?1 AND kind = ?2 AND rec = ?3",
            )?;
            let mut bump = tx.prepare_cached(
                "INSERT INTO review_totals (worker_id, kind, n) VALUES (?1, ?2, ?3)
                 ON CONFLICT (worker_id, kind) DO UPDATE SET n = n + excluded.n",
            )?;
            let mut rows = read.query([indexed])?;
            while let Some(r) = rows.next()? {
                let table: String = r.get("table_name")?;
                let field: String = r.get("field")?;
                let created: bool = r.get("created")?;
                let household: Option<String> = r.get("household_id")?;
                let record: String = r.get("record_id")?;
                let kind = ChangeKind::of(&table, &field, created);
                // A household counts once for all its fields and members.
                let rec = match kind {
                    ChangeKind::HouseholdAdded | ChangeKind::Household => {
                        household.clone().unwrap_or(record)
                    }
                    _ => record,
                };
                let worker: Option<String> = r.get("worker_id")?;
                let seq: i64 = r.get("seq")?;
                insert.execute(params![seq, worker, household, kind.key(), rec])?;
                if let Some(w) = &worker
                    && update_latest.execute(params![seq, w, kind.key(), rec])? == 0
                {
                    insert_latest.execute(params![w, kind.key(), rec, seq])?;
                    bump.execute(params![w, kind.key(), 1])?;
                    let mut other = |k: ChangeKind| latest_exists.exists(params![w, k.key(), rec]);
                    match kind {
                        ChangeKind::Household if !other(ChangeKind::HouseholdAdded)? => {
                            bump.execute(params![w, HOUSEHOLD_ONLY, 1])?;
                        }
                        ChangeKind::HouseholdAdded if other(ChangeKind::Household)? => {
                            bump.execute(params![w, HOUSEHOLD_ONLY, -1])?;
                        }
                        _ => {}
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every facilitator's last sign-off and the records changed in their caseload since.
    pub fn review_summaries(&self) -> Result<BTreeMap<String, ReviewSummary>> {
        self.index_history()?;
        let conn = self.conn();
        let workers: Vec<String> = conn
            .prepare_cached("SELECT id FROM workers WHERE role = 'facilitator'")?
            .query_map([], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = BTreeMap::new();
        for w in workers {
            let last = self.last_sign_off(&w)?;
            let since = last.as_ref().map_or(0, |s| s.upto_seq);
            let counts = self.review_counts(&w, since)?;
            out.insert(w, ReviewSummary { last, counts });
        }
        Ok(out)
    }

    /// The facilitator's latest sign-off: the one reaching furthest into this file's
    /// history (its [`Store::sign_off_position`]; the newest on a tie). Its `upto_seq` is
    /// that local position.
    pub fn last_sign_off(&self, facilitator_id: &str) -> Result<Option<SignOff>> {
        let rows: Vec<(Placed, String, String)> = self
            .conn()
            .prepare_cached(
                "SELECT s.upto_seq, s.upto_hash, s.upto_at, s.upto_entry, s.created_at,
                        coalesce(w.name, '') AS supervisor
                 FROM signoffs s LEFT JOIN workers w ON w.id = s.supervisor_id
                 WHERE s.facilitator_id = ?1",
            )?
            .query_map([facilitator_id], |r| {
                Ok((
                    Placed {
                        upto_seq: r.get("upto_seq")?,
                        upto_hash: r.get("upto_hash")?,
                        upto_at: r.get("upto_at")?,
                        upto_entry: r.get("upto_entry")?,
                    },
                    r.get("created_at")?,
                    r.get("supervisor")?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut best: Option<SignOff> = None;
        for (placed, at, supervisor) in rows {
            let upto_seq = self.sign_off_position(facilitator_id, &placed)?;
            let better = best
                .as_ref()
                .is_none_or(|b| (upto_seq, at.as_str()) > (b.upto_seq, b.at.as_str()));
            if better {
                best = Some(SignOff {
                    upto_seq,
                    at,
                    supervisor,
                });
            }
        }
        Ok(best)
    }

    /// Where a sign-off of `facilitator_id` reaches in this file's history (a local seq;
    /// the review counts what comes after it):
    /// 1. this file's entry at `upto_seq` has the hash `upto_hash`: the file shares the
    ///    history of the one where it was made up to there (it was made here, or this is a
    ///    copy), so `upto_seq`;
    /// 2. otherwise `upto_entry` (the facilitator's last entry it covered, an id every copy
    ///    shares) is here: its local seq (a facilitator's entries keep their stream's order
    ///    on every laptop, so the same entries of theirs are before it);
    /// 3. `upto_entry` empty: it covered none of their entries, 0;
    /// 4. the entry has not reached this file yet: the facilitator's last entry here whose
    ///    author's time is at or before `upto_at` (0 if none), an approximation until it
    ///    arrives.
    pub(super) fn sign_off_position(&self, facilitator_id: &str, s: &Placed) -> Result<i64> {
        let conn = self.conn();
        if s.upto_seq > 0 && !s.upto_hash.is_empty() {
            let hash: Option<String> = conn
                .prepare_cached("SELECT hash FROM change_log WHERE seq = ?1")?
                .query_row([s.upto_seq], |r| r.get("hash"))
                .optional()?;
            if hash.as_deref() == Some(s.upto_hash.as_str()) {
                return Ok(s.upto_seq);
            }
        }
        if s.upto_entry.is_empty() {
            return Ok(0);
        }
        let here: Option<i64> = conn
            .prepare_cached("SELECT seq FROM change_log WHERE id = ?1")?
            .query_row([&s.upto_entry], |r| r.get("seq"))
            .optional()?;
        if let Some(seq) = here {
            return Ok(seq);
        }
        Ok(conn
            .prepare_cached(
                "SELECT coalesce(max(r.seq), 0) AS seq FROM review_index r
                 JOIN change_log c ON c.seq = r.seq
                 WHERE r.worker_id = ?1 AND c.created_at <= ?2",
            )?
            .query_row(params![facilitator_id, s.upto_at], |r| r.get("seq"))?)
    }

    /// Records of `facilitator_id`'s caseload changed after history entry `since_seq`:
    /// those whose last entry (`review_latest`) is after it, one row read per record
    /// whatever the number of entries, no DISTINCT.
    pub fn review_counts(&self, facilitator_id: &str, since_seq: i64) -> Result<ReviewCounts> {
        let conn = self.conn();
        let mut counts = ReviewCounts::default();
        if since_seq <= 0 {
            // Never signed off: every record counted, kept per kind.
            let mut stmt = conn.prepare_cached(
                "SELECT kind, n FROM review_totals WHERE worker_id = ?1 AND n > 0",
            )?;
            let mut rows = stmt.query([facilitator_id])?;
            while let Some(r) = rows.next()? {
                let key: String = r.get("kind")?;
                let n: u32 = r.get("n")?;
                if key == HOUSEHOLD_ONLY {
                    counts.households_changed = n;
                } else if let Some(kind) = ChangeKind::from_key(&key)
                    && kind != ChangeKind::Household
                {
                    counts.add(kind, n);
                }
            }
            return Ok(counts);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT kind, count(*) AS n FROM review_latest
             WHERE worker_id = ?1 AND seq > ?2 AND kind <> 'household'
             GROUP BY kind",
        )?;
        let mut rows = stmt.query(params![facilitator_id, since_seq])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get("kind")?;
            if let Some(kind) = ChangeKind::from_key(&key) {
                counts.add(kind, r.get("n")?);
            }
        }
        // A household added since is counted as added, not changed too.
        counts.households_changed = conn
            .prepare_cached(
                "SELECT count(*) AS n FROM review_latest l
                 WHERE l.worker_id = ?1 AND l.seq > ?2 AND l.kind = 'household'
                   AND NOT EXISTS (SELECT 1 FROM review_latest a
                                   WHERE a.worker_id = ?1 AND a.kind = 'added'
                                     AND a.rec = l.rec AND a.seq > ?2)",
            )?
            .query_row(params![facilitator_id, since_seq], |r| r.get("n"))?;
        Ok(counts)
    }

    /// The review list's length: history entries of the facilitator's caseload after the
    /// query's sign-off.
    pub fn review_count(&self, q: &ReviewQuery) -> Result<u64> {
        self.index_history()?;
        let n: i64 = self
            .conn()
            .prepare_cached(
                "SELECT count(*) AS n FROM review_index WHERE worker_id = ?1 AND seq > ?2",
            )?
            .query_row(params![q.facilitator_id, q.since_seq], |r| r.get("n"))?;
        Ok(n.max(0) as u64)
    }

    /// The review list, newest first, `offset..offset+limit`.
    pub fn review_window(
        &self,
        q: &ReviewQuery,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<ReviewRow>> {
        self.index_history()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.seq, c.created_at, coalesce(w.name, '') AS author, c.table_name, c.field,
                    c.old_value, c.new_value, r.household_id, h.pengurus_name
             FROM review_index r
             JOIN change_log c ON c.seq = r.seq
             LEFT JOIN workers w ON w.id = c.author_id
             LEFT JOIN households h ON h.id = r.household_id
             WHERE r.worker_id = ?1 AND r.seq > ?2
             ORDER BY r.seq DESC LIMIT ?3 OFFSET ?4",
        )?;
        let rows = stmt.query_map(
            params![q.facilitator_id, q.since_seq, limit as i64, offset as i64],
            |r| {
                Ok(ReviewRow {
                    seq: r.get("seq")?,
                    at: r.get("created_at")?,
                    author: r.get("author")?,
                    table: r.get("table_name")?,
                    field: r.get("field")?,
                    old: r.get("old_value")?,
                    new: r.get("new_value")?,
                    household_id: r.get("household_id")?,
                    household_name: r.get("pengurus_name")?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a sign-off of `s.facilitator_id`'s records up to history entry `s.upto_seq`
    /// (never past the history's end), with its history entries. Only a supervisor may
    /// sign off, and only a facilitator's records.
    pub fn sign_off(&self, author: &str, s: &NewSignOff) -> Result<()> {
        // The facilitator's entries it covers are known from the index.
        self.index_history()?;
        let tx = self.conn().unchecked_transaction()?;
        let role = |id: &str| -> Result<Option<String>> {
            Ok(tx
                .prepare_cached("SELECT role FROM workers WHERE id = ?1")?
                .query_row([id], |r| r.get("role"))
                .optional()?)
        };
        if role(author)?.as_deref() != Some("supervisor")
            || role(&s.facilitator_id)?.as_deref() != Some("facilitator")
        {
            return Err(StoreError::NotAllowed);
        }
        let head: Option<(i64, String)> = tx
            .prepare_cached(
                "SELECT seq, hash FROM change_log WHERE seq <= ?1 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([s.upto_seq], |r| Ok((r.get("seq")?, r.get("hash")?)))
            .optional()?;
        let (seq, hash) = head.unwrap_or((0, String::new()));
        let (id, now) = (new_id(), now_utc());
        // The entry's time (the sign-off's own with no history yet).
        let upto_at: String = tx
            .prepare_cached("SELECT created_at FROM change_log WHERE seq = ?1")?
            .query_row([seq], |r| r.get("created_at"))
            .optional()?
            .unwrap_or_else(|| now.clone());
        // The facilitator's last entry it covers: the position every laptop shares.
        let upto_entry: String = tx
            .prepare_cached(
                "SELECT c.id FROM review_index r JOIN change_log c ON c.seq = r.seq
                 WHERE r.worker_id = ?1 AND r.seq <= ?2 ORDER BY r.seq DESC LIMIT 1",
            )?
            .query_row(params![s.facilitator_id, seq], |r| r.get("id"))
            .optional()?
            .unwrap_or_default();
        tx.execute(
            "INSERT INTO signoffs (id, supervisor_id, facilitator_id, upto_seq, upto_hash,
                                   upto_at, note, created_at, updated_at, author_id,
                                   upto_entry)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?2, ?9)",
            params![
                id,
                author,
                s.facilitator_id,
                seq,
                hash,
                upto_at,
                s.note,
                now,
                upto_entry
            ],
        )?;
        log_created(
            &tx,
            author,
            "signoffs",
            &id,
            &[
                ("facilitator_id", Some(s.facilitator_id.clone())),
                ("upto_seq", Some(seq.to_string())),
                ("upto_hash", Some(hash)),
                ("upto_at", Some(upto_at)),
                ("note", Some(s.note.clone())),
                ("upto_entry", Some(upto_entry)),
            ],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// What a sign-off row says of where it reaches (see [`Store::sign_off_position`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Placed {
    pub upto_seq: i64,
    pub upto_hash: String,
    pub upto_at: String,
    pub upto_entry: String,
}

fn read_only(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::DiskFull)
    )
}
