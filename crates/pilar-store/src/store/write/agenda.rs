//! Reads that go with the writes: a household's history, the agenda of follow-ups, and
//! the drafts of open forms.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::super::read::key;
use super::super::{Result, Store, new_id, now_utc};
use pilar_core::domain::activity::ActivityKind;
use pilar_core::model::{AgendaRow, Change, Scope};

impl Store {
    /// The history of a household and of its activities, graduations and referrals,
    /// newest first.
    pub fn household_history(&self, household_id: &str, limit: u64) -> Result<Vec<Change>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.created_at, w.name, c.table_name, c.field, c.old_value, c.new_value,
                    CASE WHEN c.table_name = 'members'
                         THEN (SELECT m.name FROM members m WHERE m.id = c.record_id)
                         WHEN c.table_name = 'verifications'
                         THEN (SELECT m.name || ' ' || v.month FROM verifications v
                               JOIN members m ON m.id = v.member_id WHERE v.id = c.record_id)
                    END
             FROM change_log c JOIN workers w ON w.id = c.author_id
             WHERE c.record_id = ?1
                OR c.record_id IN (SELECT id FROM activities WHERE household_id = ?1)
                OR c.record_id IN (SELECT activity_id FROM activity_households
                                   WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM graduations WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM referrals WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM members WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM verifications WHERE household_id = ?1)
             ORDER BY c.seq DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![household_id, limit as i64], |r| {
            Ok(Change {
                at: r.get(0)?,
                author: r.get(1)?,
                table: r.get(2)?,
                field: r.get(3)?,
                old: r.get(4)?,
                new: r.get(5)?,
                record_name: r.get(6)?,
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
            "SELECT a.id, a.household_id, coalesce(h.pengurus_name, a.group_name),
                    coalesce(h.village, a.place), a.kind, a.summary, a.follow_up,
                    coalesce((SELECT w.name FROM workers w WHERE w.id = h.worker_id),
                             (SELECT w.name FROM workers w WHERE w.id = a.worker_id), '')
             FROM activities a LEFT JOIN households h ON h.id = a.household_id
             WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up IS NOT NULL
               AND a.follow_up <= ?1 AND {clause}
               AND (h.id IS NULL OR (h.deleted = 0
                    AND h.status IN ('aktif', 'calon_graduasi', 'graduasi')))
             ORDER BY a.follow_up, a.rowid LIMIT ?3 OFFSET ?4"
        ))?;
        let rows = stmt.query_map(params![until, worker, limit as i64, offset as i64], |r| {
            Ok(AgendaRow {
                activity_id: r.get(0)?,
                household_id: r.get(1)?,
                household_name: r.get(2)?,
                village: r.get(3)?,
                kind: key(r, 4, ActivityKind::from_key)?,
                summary: r.get(5)?,
                follow_up: r.get(6)?,
                facilitator: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn count_agenda(&self, scope: &Scope, until: NaiveDate) -> Result<u64> {
        let (clause, worker) = agenda_scope(scope);
        let n: i64 = self.conn().query_row(
            &format!(
                "SELECT count(*) FROM activities a LEFT JOIN households h ON h.id = a.household_id
                 WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up IS NOT NULL
                   AND a.follow_up <= ?1 AND {clause}
                   AND (h.id IS NULL OR (h.deleted = 0
                    AND h.status IN ('aktif', 'calon_graduasi', 'graduasi')))"
            ),
            params![until, worker],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// The household's earliest open follow-up (its own or a group's), if any, other than
    /// the household's latest activity (the visit just logged, whose own follow-up is new).
    pub fn open_follow_up(&self, household_id: &str) -> Result<Option<AgendaRow>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT a.id, h.id, h.pengurus_name, h.village, a.kind, a.summary, a.follow_up,
                        coalesce((SELECT w.name FROM workers w WHERE w.id = h.worker_id), '')
                 FROM activities a JOIN households h ON h.id = ?1
                 WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up IS NOT NULL
                   AND a.rowid IS NOT (SELECT max(rowid) FROM activities WHERE household_id = ?1)
                   AND (a.household_id = ?1 OR a.id IN (SELECT activity_id
                        FROM activity_households WHERE household_id = ?1))
                 ORDER BY a.follow_up, a.rowid LIMIT 1",
            )?
            .query_row([household_id], |r| {
                Ok(AgendaRow {
                    activity_id: r.get(0)?,
                    household_id: r.get(1)?,
                    household_name: r.get(2)?,
                    village: r.get(3)?,
                    kind: key(r, 4, ActivityKind::from_key)?,
                    summary: r.get(5)?,
                    follow_up: r.get(6)?,
                    facilitator: r.get(7)?,
                })
            })
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
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn delete_draft(&self, worker_id: &str) -> Result<()> {
        self.conn()
            .execute("DELETE FROM drafts WHERE worker_id = ?1", [worker_id])?;
        Ok(())
    }
}

fn agenda_scope(scope: &Scope) -> (&'static str, Option<String>) {
    match scope {
        Scope::Worker(id) => ("a.worker_id = ?2", Some(id.clone())),
        Scope::All => ("?2 IS NULL", None),
    }
}
