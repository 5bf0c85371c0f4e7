//! Reads that go with the writes: a household's history, the agenda of follow-ups, and
//! the drafts of open forms.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::super::read::key;
use super::super::{Result, Store, new_id, now_utc};
use pilar_core::domain::activity::ActivityKind;
use pilar_core::model::{AgendaRow, Change, Scope};

impl Store {
    /// The history of a household and of its activities, graduations, referrals, members
    /// and tahap payments (named `Tahap 4/2026`), newest first. A change of the household's
    /// P2K2 group shows the groups' names (their ids when a group is gone).
    pub fn household_history(&self, household_id: &str, limit: u64) -> Result<Vec<Change>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.created_at, w.name AS author, c.table_name, c.field,
                    CASE WHEN c.table_name = 'households' AND c.field = 'group_id'
                         THEN coalesce((SELECT g.name FROM p2k2_groups g
                                        WHERE g.id = c.old_value), c.old_value)
                         ELSE c.old_value END AS old_value,
                    CASE WHEN c.table_name = 'households' AND c.field = 'group_id'
                         THEN coalesce((SELECT g.name FROM p2k2_groups g
                                        WHERE g.id = c.new_value), c.new_value)
                         ELSE c.new_value END AS new_value,
                    CASE WHEN c.table_name = 'members'
                         THEN (SELECT m.name FROM members m WHERE m.id = c.record_id)
                         WHEN c.table_name = 'payments'
                         THEN (SELECT 'Tahap ' || p.tahap || '/' || p.year FROM payments p
                               WHERE p.id = c.record_id)
                         WHEN c.table_name = 'verifications'
                         THEN (SELECT m.name || ' ' || v.month FROM verifications v
                               JOIN members m ON m.id = v.member_id WHERE v.id = c.record_id)
                    END AS record_name
             FROM change_log c JOIN workers w ON w.id = c.author_id
             WHERE c.record_id = ?1
                OR c.record_id IN (SELECT id FROM activities WHERE household_id = ?1)
                OR c.record_id IN (SELECT activity_id FROM activity_households
                                   WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM graduations WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM referrals WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM payments WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM members WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM verifications WHERE household_id = ?1)
             ORDER BY c.seq DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![household_id, limit as i64], |r| {
            Ok(Change {
                at: r.get("created_at")?,
                author: r.get("author")?,
                table: r.get("table_name")?,
                field: r.get("field")?,
                old: r.get("old_value")?,
                new: r.get("new_value")?,
                record_name: r.get("record_name")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open follow-ups due by `until` (overdue first), `offset..offset+limit`.
    pub fn agenda(
        &self,
        scope: &Scope,
        until: NaiveDate,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<AgendaRow>> {
        let (clause, worker) = agenda_scope(scope);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT a.id AS activity_id, a.household_id,
                    coalesce(h.pengurus_name, a.group_name) AS household_name,
                    coalesce(h.village, a.place) AS village, a.kind, a.summary, a.follow_up,
                    coalesce((SELECT w.name FROM workers w WHERE w.id = h.worker_id),
                             (SELECT w.name FROM workers w WHERE w.id = a.worker_id), '')
                        AS facilitator
             FROM activities a LEFT JOIN households h ON h.id = a.household_id
             WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up IS NOT NULL
               AND a.follow_up <= ?1 AND {clause}
               AND (h.id IS NULL OR (h.deleted = 0
                    AND h.status IN ('aktif', 'calon_graduasi', 'graduasi')))
             ORDER BY a.follow_up, a.rowid LIMIT ?3 OFFSET ?4"
        ))?;
        let rows = stmt.query_map(
            params![until, worker, limit as i64, offset as i64],
            agenda_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn count_agenda(&self, scope: &Scope, until: NaiveDate) -> Result<u64> {
        let (clause, worker) = agenda_scope(scope);
        let n: i64 = self.conn().query_row(
            &format!(
                "SELECT count(*) AS n FROM activities a
                 LEFT JOIN households h ON h.id = a.household_id
                 WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up IS NOT NULL
                   AND a.follow_up <= ?1 AND {clause}
                   AND (h.id IS NULL OR (h.deleted = 0
                    AND h.status IN ('aktif', 'calon_graduasi', 'graduasi')))"
            ),
            params![until, worker],
            |r| r.get("n"),
        )?;
        Ok(n as u64)
    }

    /// The household's earliest open follow-up (its own or a group's), if any, other than
    /// the household's latest activity (the visit just logged, whose own follow-up is new).
    pub fn open_follow_up(&self, household_id: &str) -> Result<Option<AgendaRow>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT a.id AS activity_id, h.id AS household_id,
                        h.pengurus_name AS household_name, h.village, a.kind, a.summary,
                        a.follow_up,
                        coalesce((SELECT w.name FROM workers w WHERE w.id = h.worker_id), '')
                            AS facilitator
                 FROM activities a JOIN households h ON h.id = ?1
                 WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up IS NOT NULL
                   AND a.rowid IS NOT (SELECT max(rowid) FROM activities WHERE household_id = ?1)
                   AND (a.household_id = ?1 OR a.id IN (SELECT activity_id
                        FROM activity_households WHERE household_id = ?1))
                 ORDER BY a.follow_up, a.rowid LIMIT 1",
            )?
            .query_row([household_id], agenda_from_row)
            .optional()?)
    }

    /// Saves the open form of `worker_id` as a draft (replacing an older one).
    pub fn save_draft(&self, worker_id: &str, kind: &str, payload: &str) -> Result<()> {
        let now = now_utc();
        self.conn()
            .execute("DELETE FROM drafts WHERE worker_id = ?1", [worker_id])?;
        self.conn().execute(
            "INSERT INTO drafts (id, worker_id, kind, payload, created_at, updated_at, author_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?2)",
            params![new_id(), worker_id, kind, payload, now],
        )?;
        Ok(())
    }

    /// The worker's draft, if any: (kind, payload).
    pub fn draft(&self, worker_id: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT kind, payload FROM drafts WHERE worker_id = ?1
                 ORDER BY created_at DESC LIMIT 1",
                [worker_id],
                |r| Ok((r.get("kind")?, r.get("payload")?)),
            )
            .optional()?)
    }

    pub fn delete_draft(&self, worker_id: &str) -> Result<()> {
        self.conn()
            .execute("DELETE FROM drafts WHERE worker_id = ?1", [worker_id])?;
        Ok(())
    }
}

/// An agenda line from a SELECT naming its columns activity_id, household_id,
/// household_name, village, kind, summary, follow_up and facilitator.
fn agenda_from_row(r: &Row<'_>) -> rusqlite::Result<AgendaRow> {
    Ok(AgendaRow {
        activity_id: r.get("activity_id")?,
        household_id: r.get("household_id")?,
        household_name: r.get("household_name")?,
        village: r.get("village")?,
        kind: key(r, "kind", ActivityKind::from_key)?,
        summary: r.get("summary")?,
        follow_up: r.get("follow_up")?,
        facilitator: r.get("facilitator")?,
    })
}

fn agenda_scope(scope: &Scope) -> (&'static str, Option<String>) {
    match scope {
        Scope::Worker(id) => ("a.worker_id = ?2", Some(id.clone())),
        Scope::All => ("?2 IS NULL", None),
    }
}
