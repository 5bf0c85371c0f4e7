//! Graduations and exits: recording one (with its monitoring follow-ups and referral),
//! undoing the latest, and the household status they set.

use chrono::{Months, NaiveDate};
use rusqlite::{OptionalExtension, Transaction, params};

use super::super::read::key;
use super::super::{Result, Store, new_id, now_utc};
use super::activity::insert_activity;
use super::referral::insert_referral;
use super::{Write, guard, log, log_created, refresh_rollups};
use pilar_core::domain::activity::ActivityKind;
use pilar_core::domain::graduation::{ExitKind, HouseholdStatus};
use pilar_core::domain::text::clean;
use pilar_core::model::{NewActivity, NewGraduation};

pub(in crate::store) fn set_status(
    tx: &Transaction<'_>,
    author: &str,
    household_id: &str,
    status: HouseholdStatus,
    date: NaiveDate,
) -> Result<()> {
    let old: String = tx.query_row(
        "SELECT status FROM households WHERE id = ?1",
        [household_id],
        |r| r.get("status"),
    )?;
    tx.execute(
        "UPDATE households SET status = ?2, status_date = ?3, updated_at = ?4 WHERE id = ?1",
        params![household_id, status.key(), date, now_utc()],
    )?;
    log(
        tx,
        author,
        "households",
        household_id,
        "status",
        Some(&old),
        Some(status.key()),
    )
}

impl Store {
    /// Records a graduation or exit: the household's new status, an optional referral, and
    /// (for a graduation) monitoring follow-ups every 3 months for `monitoring_months`.
    pub fn record_graduation(&self, author: &str, g: &NewGraduation) -> Result<String> {
        let g = &NewGraduation {
            reason: clean(&g.reason),
            ..g.clone()
        };
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[g.household_id.as_str()], Write::Caseload)?;
        let id = new_id();
        let now = now_utc();
        let evidence = g.evidence.join(",");
        tx.execute(
            "INSERT INTO graduations (id, household_id, kind, date, reason, evidence,
                                      created_at, updated_at, author_id, worker_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8,
                     (SELECT worker_id FROM households WHERE id = ?2))",
            params![
                id,
                g.household_id,
                g.kind.key(),
                g.date,
                g.reason,
                evidence,
                now,
                author
            ],
        )?;
        log_created(
            &tx,
            author,
            "graduations",
            &id,
            &[
                ("household_id", Some(g.household_id.clone())),
                ("kind", Some(g.kind.key().to_string())),
                ("date", Some(g.date.to_string())),
                ("reason", Some(g.reason.clone())),
                ("evidence", Some(evidence.clone())),
            ],
        )?;
        // The status date the household had is kept in the history, so an undo can put it
        // back (D17).
        let since: Option<String> = tx.query_row(
            "SELECT status_date FROM households WHERE id = ?1",
            [&g.household_id],
            |r| r.get("status_date"),
        )?;
        set_status(
            &tx,
            author,
            &g.household_id,
            g.kind.resulting_status(),
            g.date,
        )?;
        log(
            &tx,
            author,
            "households",
            &g.household_id,
            "status_date",
            since.as_deref(),
            Some(&g.date.to_string()),
        )?;
        if let Some(r) = &g.referral {
            insert_referral(&tx, author, r)?;
        }
        if g.kind.is_graduation() {
            let mut month = 3;
            while month <= g.monitoring_months {
                let follow = g.date.checked_add_months(Months::new(month));
                insert_activity(
                    &tx,
                    author,
                    &NewActivity {
                        households: vec![(g.household_id.clone(), true)],
                        kind: ActivityKind::Catatan,
                        date: g.date,
                        summary: g.monitoring_summary.replace("{}", &month.to_string()),
                        detail: String::new(),
                        follow_up: follow,
                        group_name: String::new(),
                        place: String::new(),
                        p2k2_module: None,
                        p2k2_session: None,
                    },
                    Some(&id),
                )?;
                month += 3;
            }
        }
        refresh_rollups(&tx, &g.household_id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Undoes the household's latest graduation or exit: it is kept, marked `undone`, and
    /// the household is active again. Returns false if there was nothing to undo.
    pub fn undo_graduation(
        &self,
        author: &str,
        household_id: &str,
        today: NaiveDate,
    ) -> Result<bool> {
        Ok(self
            .undo_graduation_to(author, household_id, today)?
            .is_some())
    }

    /// [`Store::undo_graduation`], saying what the household is back to: the status it
    /// had before (a candidate stays a candidate) and that status's date, both from the
    /// history (D17); `today` only when the history does not hold the date (a graduation
    /// recorded before the date was kept). `None`: there was nothing to undo.
    pub fn undo_graduation_to(
        &self,
        author: &str,
        household_id: &str,
        today: NaiveDate,
    ) -> Result<Option<(HouseholdStatus, Option<NaiveDate>)>> {
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[household_id], Write::Caseload)?;
        let id: Option<String> = tx
            .query_row(
                "SELECT id FROM graduations WHERE household_id = ?1 AND undone = 0
                 ORDER BY date DESC, created_at DESC LIMIT 1",
                [household_id],
                |r| r.get("id"),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        tx.execute(
            "UPDATE graduations SET undone = 1, updated_at = ?2 WHERE id = ?1",
            params![id, now_utc()],
        )?;
        log(
            &tx,
            author,
            "graduations",
            &id,
            "undone",
            Some("0"),
            Some("1"),
        )?;
        // Back to the status it had before (a candidate stays a candidate), from the history.
        let before: Option<String> = tx
            .query_row(
                "SELECT old_value FROM change_log
                 WHERE record_id = ?1 AND table_name = 'households' AND field = 'status'
                 ORDER BY seq DESC LIMIT 1",
                [household_id],
                |r| r.get("old_value"),
            )
            .optional()?
            .flatten();
        let back = before
            .as_deref()
            .and_then(HouseholdStatus::from_key)
            .filter(|s| s.is_active())
            .unwrap_or(HouseholdStatus::Aktif);
        // Its date, from the entry the graduation wrote (the last status date entry).
        let since: Option<(Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT old_value, new_value FROM change_log
                 WHERE record_id = ?1 AND table_name = 'households' AND field = 'status_date'
                 ORDER BY seq DESC LIMIT 1",
                [household_id],
                |r| Ok((r.get("old_value")?, r.get("new_value")?)),
            )
            .optional()?;
        let since: Option<NaiveDate> = match since {
            Some((old, _)) => old.and_then(|d| d.parse().ok()),
            None => Some(today),
        };
        let graduated_on: Option<String> = tx.query_row(
            "SELECT status_date FROM households WHERE id = ?1",
            [household_id],
            |r| r.get("status_date"),
        )?;
        set_status(&tx, author, household_id, back, today)?;
        tx.execute(
            "UPDATE households SET status_date = ?2 WHERE id = ?1",
            params![household_id, since],
        )?;
        let since_text = since.map(|d| d.to_string());
        if graduated_on != since_text {
            log(
                &tx,
                author,
                "households",
                household_id,
                "status_date",
                graduated_on.as_deref(),
                since_text.as_deref(),
            )?;
        }
        // The monitoring follow-ups this graduation scheduled are withdrawn (flagged deleted,
        // with history), not marked done: that work never happened.
        let scheduled: Vec<String> = tx
            .prepare("SELECT id FROM activities WHERE graduation_id = ?1 AND deleted = 0")?
            .query_map([&id], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        for a in &scheduled {
            tx.execute(
                "UPDATE activities SET deleted = 1, updated_at = ?2 WHERE id = ?1",
                params![a, now_utc()],
            )?;
            log(
                &tx,
                author,
                "activities",
                a,
                "deleted",
                Some("0"),
                Some("1"),
            )?;
        }
        refresh_rollups(&tx, household_id)?;
        tx.commit()?;
        Ok(Some((back, since)))
    }

    /// Id of the household's latest graduation or exit still in force.
    pub fn current_exit(&self, household_id: &str) -> Result<Option<ExitKind>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT kind FROM graduations WHERE household_id = ?1 AND undone = 0
                 ORDER BY date DESC, created_at DESC LIMIT 1",
                [household_id],
                |r| key(r, "kind", ExitKind::from_key),
            )
            .optional()?)
    }
}
