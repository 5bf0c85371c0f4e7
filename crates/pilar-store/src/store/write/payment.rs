//! Payments per tahap: one row per household, year and tahap; a later status replaces the
//! earlier one in place and the history keeps both (old -> new per field).

use rusqlite::{OptionalExtension, Transaction, params};

use super::super::read::key;
use super::super::{Result, Store, now_utc};
use super::{Write, guard, log_created, log_entries};
use pilar_core::domain::payment::{self, PaymentProblem, PaymentStatus, TahapOutcome};
use pilar_core::domain::text::clean;
use pilar_core::model::payment::{PayTarget, Payment, PaymentsSaved, SetPayments};

/// What a stored tahap holds: (id, status, problem, note).
type Stored = (String, String, Option<String>, String);

impl Store {
    /// Records one tahap's outcome for the households of `set` on `today`: each is checked
    /// ([`payment::check`], with its year joined); those refused are named in the answer and
    /// the others saved, in one transaction. A household that already has that outcome is
    /// counted unchanged and writes nothing.
    pub fn set_payments(
        &self,
        author: &str,
        set: &SetPayments,
        today: chrono::NaiveDate,
    ) -> Result<PaymentsSaved> {
        let households = match &set.target {
            PayTarget::Households(h) => h.clone(),
            PayTarget::Shown(q) => self.list_households(q)?,
        };
        let tx = self.conn().unchecked_transaction()?;
        let ids: Vec<&str> = households.iter().map(|(id, _)| id.as_str()).collect();
        guard(&tx, author, &ids, Write::Caseload)?;
        let outcome = TahapOutcome {
            note: clean(&set.outcome.note),
            ..set.outcome.clone()
        };
        let mut saved = PaymentsSaved::default();
        let keep_problems =
            matches!(set.target, PayTarget::Shown(_)) && outcome.status == PaymentStatus::Received;
        for (id, name) in &households {
            let joined: Option<i32> = tx
                .prepare_cached("SELECT year_joined FROM households WHERE id = ?1")?
                .query_row([id], |r| r.get("year_joined"))?;
            if let Err(why) =
                payment::check(set.year, i64::from(set.tahap), &outcome, today, joined)
            {
                saved.refused.push((name.clone(), why));
                continue;
            }
            if keep_problems && problem_recorded(&tx, id, set.year, set.tahap)? {
                saved.kept_problems += 1;
                continue;
            }
            if write_one(&tx, author, id, set.year, set.tahap, &outcome)? {
                saved.changed += 1;
            } else {
                saved.unchanged += 1;
            }
        }
        tx.commit()?;
        Ok(saved)
    }
}

/// The id of a household's tahap record: the same wherever it is written
/// ([`payment::record_key`]).
pub fn payment_id(household: &str, year: i32, tahap: u8) -> String {
    uuid::Builder::from_custom_bytes(payment::record_key(household, year, tahap))
        .into_uuid()
        .to_string()
}

/// Whether the household's tahap is recorded not received.
fn problem_recorded(tx: &Transaction<'_>, household: &str, year: i32, tahap: u8) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM payments WHERE household_id = ?1 AND year = ?2
                            AND tahap = ?3 AND status = 'tidak_diterima') AS found",
        )?
        .query_row(params![household, year, tahap], |r| r.get("found"))?)
}

/// Writes one household's tahap (`b`, `:bayar` and the import); false when it already
/// held that outcome.
pub(in crate::store) fn write_one(
    tx: &Transaction<'_>,
    author: &str,
    household: &str,
    year: i32,
    tahap: u8,
    o: &TahapOutcome,
) -> Result<bool> {
    let status = o.status.key();
    let problem = o.problem.map(|p| p.key());
    let stored: Option<Stored> = tx
        .prepare_cached(
            "SELECT id, status, problem, note FROM payments
             WHERE household_id = ?1 AND year = ?2 AND tahap = ?3",
        )?
        .query_row(params![household, year, tahap], |r| {
            Ok((
                r.get("id")?,
                r.get("status")?,
                r.get("problem")?,
                r.get("note")?,
            ))
        })
        .optional()?;
    let now = now_utc();
    match stored {
        None => {
            let id = payment_id(household, year, tahap);
            tx.prepare_cached(
                "INSERT INTO payments (id, household_id, year, tahap, status, problem, note,
                                       created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            )?
            .execute(params![
                id, household, year, tahap, status, problem, o.note, now, author
            ])?;
            log_created(
                tx,
                author,
                "payments",
                &id,
                &[
                    ("household_id", Some(household.to_string())),
                    ("year", Some(year.to_string())),
                    ("tahap", Some(tahap.to_string())),
                    ("status", Some(status.to_string())),
                    ("problem", problem.map(str::to_string)),
                    ("note", Some(o.note.clone())),
                ],
            )?;
            Ok(true)
        }
        Some((id, old_status, old_problem, old_note)) => {
            let mut changes: Vec<(&str, Option<&str>, Option<&str>)> = Vec::new();
            if old_status != status {
                changes.push(("status", Some(&old_status), Some(status)));
            }
            if old_problem.as_deref() != problem {
                changes.push(("problem", old_problem.as_deref(), problem));
            }
            if old_note != o.note {
                let old = (!old_note.is_empty()).then_some(old_note.as_str());
                let new = (!o.note.is_empty()).then_some(o.note.as_str());
                changes.push(("note", old, new));
            }
            if changes.is_empty() {
                return Ok(false);
            }
            tx.prepare_cached(
                "UPDATE payments SET status = ?2, problem = ?3, note = ?4, updated_at = ?5
                 WHERE id = ?1",
            )?
            .execute(params![id, status, problem, o.note, now])?;
            log_entries(tx, author, "payments", &id, &changes)?;
            Ok(true)
        }
    }
}

impl Store {
    /// Every tahap recorded for a household, oldest first.
    pub fn payments_of(&self, household: &str) -> Result<Vec<Payment>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT year, tahap, status, problem, note FROM payments
             WHERE household_id = ?1 ORDER BY year, tahap",
        )?;
        let rows = stmt.query_map([household], |r| {
            let status = key(r, "status", PaymentStatus::from_key)?;
            Ok(Payment {
                year: r.get("year")?,
                tahap: r.get("tahap")?,
                outcome: TahapOutcome {
                    status,
                    // Only a tahap not received has a problem (a merge may leave one
                    // beside another status: see the schema).
                    problem: r
                        .get::<_, Option<String>>("problem")?
                        .as_deref()
                        .and_then(PaymentProblem::from_key)
                        .filter(|_| status == PaymentStatus::NotReceived),
                    note: r.get("note")?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
