//! Referrals: adding one and moving it along its statuses.

use rusqlite::{OptionalExtension, Transaction, params};

use super::super::read::key;
use super::super::{Result, Store, new_id, now_utc};
use super::{Write, guard, log, log_created};
use pilar_core::domain::graduation::{Program, ReferralStatus};
use pilar_core::domain::text::clean;
use pilar_core::model::{NewReferral, ReferralEdit};

pub(super) fn insert_referral(
    tx: &Transaction<'_>,
    author: &str,
    r: &NewReferral,
) -> Result<String> {
    let r = &NewReferral {
        agency: clean(&r.agency),
        notes: clean(&r.notes),
        ..r.clone()
    };
    let id = new_id();
    let now = now_utc();
    tx.prepare_cached(
        "INSERT INTO referrals (id, household_id, program, agency, date, status, notes,
                                created_at, updated_at, author_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
    )?
    .execute(params![
        id,
        r.household_id,
        r.program.key(),
        r.agency,
        r.date,
        r.status.key(),
        r.notes,
        now,
        author
    ])?;
    log_created(
        tx,
        author,
        "referrals",
        &id,
        &[
            ("household_id", Some(r.household_id.clone())),
            ("program", Some(r.program.key().to_string())),
            ("agency", Some(r.agency.clone())),
            ("date", Some(r.date.to_string())),
            ("status", Some(r.status.key().to_string())),
            ("notes", Some(r.notes.clone())),
        ],
    )?;
    Ok(id)
}

impl Store {
    pub fn add_referral(&self, author: &str, r: &NewReferral) -> Result<String> {
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[r.household_id.as_str()], Write::Caseload)?;
        let id = insert_referral(&tx, author, r)?;
        tx.commit()?;
        Ok(id)
    }

    /// Moves a referral along its pipeline (or to `ditolak`).
    pub fn set_referral_status(
        &self,
        author: &str,
        id: &str,
        status: ReferralStatus,
    ) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        let (old, household): (String, String) = tx.query_row(
            "SELECT status, household_id FROM referrals WHERE id = ?1",
            [id],
            |r| Ok((r.get("status")?, r.get("household_id")?)),
        )?;
        guard(&tx, author, &[household.as_str()], Write::Caseload)?;
        tx.execute(
            "UPDATE referrals SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, status.key(), now_utc()],
        )?;
        log(
            &tx,
            author,
            "referrals",
            id,
            "status",
            Some(&old),
            Some(status.key()),
        )?;
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Moves the household's latest referral one step along diusulkan -> diterima ->
    /// berjalan -> selesai (or, with `reject`, to ditolak). Returns the program, its status
    /// and whether it moved (a finished or rejected referral stays), or `None` when the
    /// household has no referral.
    pub fn advance_referral(
        &self,
        author: &str,
        household_id: &str,
        reject: bool,
    ) -> Result<Option<(Program, ReferralStatus, bool)>> {
        let latest = self.latest_referral(household_id)?;
        let Some((id, program, status)) = latest else {
            return Ok(None);
        };
        let next = if reject {
            // A finished or rejected referral cannot be rejected (D19).
            status.can_reject().then_some(ReferralStatus::Ditolak)
        } else {
            status.next()
        };
        match next {
            Some(next) => {
                self.set_referral_status(author, &id, next)?;
                Ok(Some((program, next, true)))
            }
            // Finished or rejected already: nothing to move.
            None => Ok(Some((program, status, false))),
        }
    }

    /// Takes the latest referral one step back (a mistaken `R`): berjalan -> diterima and
    /// so on; a rejected one goes back to the status it had before it was rejected (from
    /// its history). Returns the program, its status and whether it moved (at the start it
    /// stays), or `None` when the household has no referral.
    pub fn step_back_referral(
        &self,
        author: &str,
        household_id: &str,
    ) -> Result<Option<(Program, ReferralStatus, bool)>> {
        let Some((id, program, status)) = self.latest_referral(household_id)? else {
            return Ok(None);
        };
        let back = match status {
            ReferralStatus::Ditolak => self
                .conn()
                .query_row(
                    "SELECT old_value FROM change_log
                     WHERE table_name = 'referrals' AND record_id = ?1 AND field = 'status'
                       AND new_value = 'ditolak'
                     ORDER BY seq DESC LIMIT 1",
                    [&id],
                    |r| r.get::<_, Option<String>>("old_value"),
                )
                .optional()?
                .flatten()
                .as_deref()
                .and_then(ReferralStatus::from_key)
                .or(Some(ReferralStatus::Diusulkan)),
            other => other.prev(),
        };
        match back {
            Some(back) => {
                self.set_referral_status(author, &id, back)?;
                Ok(Some((program, back, true)))
            }
            None => Ok(Some((program, status, false))),
        }
    }

    /// The household's latest referral: (id, program, status).
    fn latest_referral(
        &self,
        household_id: &str,
    ) -> Result<Option<(String, Program, ReferralStatus)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, program, status FROM referrals WHERE household_id = ?1
                 ORDER BY date DESC, created_at DESC LIMIT 1",
                [household_id],
                |r| {
                    Ok((
                        r.get("id")?,
                        key(r, "program", Program::from_key)?,
                        key(r, "status", ReferralStatus::from_key)?,
                    ))
                },
            )
            .optional()?)
    }
}

impl Store {
    /// Corrects a referral's program, agency, notes and date: each changed field goes to
    /// the history (old -> new). Its status moves only with `R`, `:tolak-rujukan` and
    /// `:mundur-rujukan`. Only the caseload's facilitator may.
    pub fn edit_referral(&self, author: &str, id: &str, r: &ReferralEdit) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        let (household, program, agency, notes, date): (String, String, String, String, String) =
            tx.query_row(
                "SELECT household_id, program, agency, notes, date FROM referrals WHERE id = ?1",
                [id],
                |x| {
                    Ok((
                        x.get("household_id")?,
                        x.get("program")?,
                        x.get("agency")?,
                        x.get("notes")?,
                        x.get("date")?,
                    ))
                },
            )?;
        guard(&tx, author, &[household.as_str()], Write::Caseload)?;
        let new = (
            r.program.key().to_string(),
            clean(&r.agency),
            clean(&r.notes),
            r.date.to_string(),
        );
        let mut changes: Vec<(&str, Option<&str>, Option<&str>)> = Vec::new();
        for (field, old, new) in [
            ("program", &program, &new.0),
            ("agency", &agency, &new.1),
            ("notes", &notes, &new.2),
            ("date", &date, &new.3),
        ] {
            if old != new {
                changes.push((field, Some(old), Some(new)));
            }
        }
        tx.execute(
            "UPDATE referrals SET program = ?2, agency = ?3, notes = ?4, date = ?5,
                 updated_at = ?6 WHERE id = ?1",
            params![id, new.0, new.1, new.2, r.date, now_utc()],
        )?;
        super::log_entries(&tx, author, "referrals", id, &changes)?;
        tx.commit()?;
        Ok(())
    }
}
