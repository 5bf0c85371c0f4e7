//! Importing payments per tahap and commitment verifications (issue 11 "Also"). A record
//! is named as the screens name it: a household's tahap of a year, a member's month (the
//! id every copy derives, `payment_id` / `verification_id`; the file's `id` is not used to
//! find it). A row for a stored record updates it as a screen edit does (each changed field
//! a history entry); a row equal to it is unchanged and writes nothing. Every row is
//! checked with the screens' rules (`domain::payment::check`, `domain::verification::check`)
//! against what is stored, then written through their saves (`write_payment`,
//! `write_verification`), in one transaction.

use std::collections::HashMap;

use pilar_core::domain::component::Component;
use pilar_core::domain::payment::{self, PaymentProblem, PaymentRefusal, PaymentStatus};
use pilar_core::domain::verification::{self, NotMetReason, verification_id};

use super::super::verify::{Verified, write_verification};
use super::super::write::{Write, guard, write_payment};
use super::records::resolve;
use super::*;
use crate::transfer::rows::{PaymentRecord, VerificationRecord};
use pilar_core::domain::payment::TahapOutcome;

/// A planned save of one row.
struct MonthPlan<T> {
    household: String,
    what: T,
    outcome: Outcome,
}

/// A payment to write: year, tahap and outcome.
type PaymentSave = (i32, u8, TahapOutcome);

/// A verification to write: member, month and the outcome's keys.
struct VerificationSave {
    member: String,
    month: verification::Month,
    outcome: &'static str,
    reason: &'static str,
    notes: String,
}

/// One field's change, as the history writes it (`None` for empty).
fn field(field: &'static str, old: &str, new: &str) -> Option<ImportChange> {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    (old != new).then(|| ImportChange::Field {
        member: None,
        field,
        old: some(old),
        new: some(new),
    })
}

impl Store {
    /// Imports payments per tahap into `scope`'s households (by household id, else No KK).
    pub fn import_payments(
        &self,
        user: &Worker,
        scope: &Scope,
        records: &[PaymentRecord],
        opts: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportReport> {
        self.conn().set_prepared_statement_cache_capacity(64);
        let tx = self.conn().unchecked_transaction()?;
        let mut report = ImportReport::default();
        let mut plans = Vec::new();
        let mut seen: HashMap<(String, i32, u8), usize> = HashMap::new();
        for r in records {
            match plan_payment(&tx, scope, r, opts.today, &mut seen)? {
                Ok((plan, changes)) => {
                    report.count(&plan.outcome);
                    if let Some(c) = changes {
                        report.changes.push(c);
                    }
                    plans.push(plan);
                }
                Err(p) => report.problems.push(p),
            }
        }
        if !self.may_write(opts, &report) {
            return Ok(report);
        }
        let households: Vec<&str> = plans.iter().map(|p| p.household.as_str()).collect();
        guard(&tx, &user.id, &households, Write::Caseload)?;
        let total = plans.len();
        for (i, p) in plans.iter().enumerate() {
            if p.outcome != Outcome::Unchanged {
                let (year, tahap, outcome) = &p.what;
                write_payment(&tx, &user.id, &p.household, *year, *tahap, outcome)?;
            }
            progress(i + 1, total);
        }
        tx.commit()?;
        report.written = true;
        Ok(report)
    }

    /// Imports commitment verifications of `scope`'s members (each of the household the
    /// row names, by id else No KK).
    pub fn import_verifications(
        &self,
        user: &Worker,
        scope: &Scope,
        records: &[VerificationRecord],
        opts: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportReport> {
        self.conn().set_prepared_statement_cache_capacity(64);
        let tx = self.conn().unchecked_transaction()?;
        let mut report = ImportReport::default();
        let mut plans = Vec::new();
        let mut seen: HashMap<(String, verification::Month), usize> = HashMap::new();
        for r in records {
            match plan_verification(&tx, scope, r, opts.today, &mut seen)? {
                Ok((plan, changes)) => {
                    report.count(&plan.outcome);
                    if let Some(c) = changes {
                        report.changes.push(c);
                    }
                    plans.push(plan);
                }
                Err(p) => report.problems.push(p),
            }
        }
        if !self.may_write(opts, &report) {
            return Ok(report);
        }
        let households: Vec<&str> = plans.iter().map(|p| p.household.as_str()).collect();
        guard(&tx, &user.id, &households, Write::Caseload)?;
        let now = now_utc();
        let total = plans.len();
        for (i, p) in plans.iter().enumerate() {
            if p.outcome != Outcome::Unchanged {
                let v = &p.what;
                write_verification(
                    &tx,
                    &user.id,
                    &Verified {
                        household: &p.household,
                        member: &v.member,
                        month: v.month,
                        outcome: v.outcome,
                        reason: v.reason,
                        notes: &v.notes,
                    },
                    &now,
                )?;
            }
            progress(i + 1, total);
        }
        tx.commit()?;
        report.written = true;
        Ok(report)
    }
}

type Planned<T> = std::result::Result<(MonthPlan<T>, Option<RecordChanges>), Problem>;

/// A payment row against what is stored: its household in scope, once in the file, the
/// outcome laid onto the stored one (the columns the file lacks keep their values) and
/// checked as `b` / `:bayar` check it.
fn plan_payment(
    tx: &Transaction<'_>,
    scope: &Scope,
    r: &PaymentRecord,
    today: NaiveDate,
    seen: &mut HashMap<(String, i32, u8), usize>,
) -> Result<Planned<PaymentSave>> {
    let (hid, _) = match resolve(tx, scope, r.line, &r.household)? {
        Ok(h) => h,
        Err(p) => return Ok(Err(p)),
    };
    let at =
        |col: Col, value: String, reason| Ok(Err(problem(r.line, col.header(), &value, reason)));
    if let Some(&first_line) = seen.get(&(hid.clone(), r.year, r.tahap)) {
        return at(
            Col::Tahap,
            r.tahap.to_string(),
            Reason::DuplicateTahap { first_line },
        );
    }
    seen.insert((hid.clone(), r.year, r.tahap), r.line);
    type Stored = (String, Option<String>, String);
    let stored: Option<Stored> = tx
        .prepare_cached(
            "SELECT status, problem, note FROM payments
             WHERE household_id = ?1 AND year = ?2 AND tahap = ?3",
        )?
        .query_row(params![hid, r.year, r.tahap], |row| {
            Ok((row.get("status")?, row.get("problem")?, row.get("note")?))
        })
        .optional()?;
    let (joined, name): (Option<i32>, String) = tx
        .prepare_cached("SELECT year_joined, pengurus_name FROM households WHERE id = ?1")?
        .query_row([&hid], |row| {
            Ok((row.get("year_joined")?, row.get("pengurus_name")?))
        })?;
    let stored_problem = stored
        .as_ref()
        .and_then(|(_, p, _)| p.as_deref())
        .and_then(PaymentProblem::from_key);
    // A problem goes with "not received" only; beside another status the file may carry
    // the one stored (a merge can leave it there, read as none), nothing else.
    if let Some(Some(p)) = r.problem
        && r.status != PaymentStatus::NotReceived
        && stored_problem != Some(p)
    {
        return at(
            Col::PayProblem,
            p.key().to_string(),
            Reason::OnlyWith(Col::Status.header(), PaymentStatus::NotReceived.key()),
        );
    }
    let outcome = TahapOutcome {
        status: r.status,
        problem: match r.status {
            PaymentStatus::NotReceived => r.problem.unwrap_or(stored_problem),
            _ => None,
        },
        note: match &r.note {
            Some(n) => clean(n.trim()),
            None => stored
                .as_ref()
                .map(|(_, _, n)| n.clone())
                .unwrap_or_default(),
        },
    };
    if let Err(why) = payment::check(r.year, i64::from(r.tahap), &outcome, today, joined) {
        let (col, value) = match why {
            PaymentRefusal::YearInFuture(_) | PaymentRefusal::BeforeJoined { .. } => {
                (Col::Year, r.year.to_string())
            }
            PaymentRefusal::TahapOutOfRange(_) | PaymentRefusal::NotYetDue { .. } => {
                (Col::Tahap, r.tahap.to_string())
            }
            PaymentRefusal::ProblemMissing => (Col::PayProblem, String::new()),
            PaymentRefusal::NoteMissing => (Col::Notes, outcome.note.clone()),
        };
        return at(col, value, Reason::Payment(why));
    }
    let (state, changes) = match &stored {
        None => (Outcome::Added, None),
        Some((status, problem, note)) => {
            let changes: Vec<ImportChange> = [
                field("status", status, outcome.status.key()),
                field(
                    "problem",
                    problem.as_deref().unwrap_or(""),
                    outcome.problem.map_or("", |p| p.key()),
                ),
                field("note", note, &outcome.note),
            ]
            .into_iter()
            .flatten()
            .collect();
            // A stale problem beside another status alone is no change (it is read as
            // none); with another change it goes, as `:bayar` would clear it.
            let stale_only = r.status != PaymentStatus::NotReceived
                && changes.iter().all(|c| {
                    matches!(
                        c,
                        ImportChange::Field {
                            field: "problem",
                            ..
                        }
                    )
                });
            if changes.is_empty() || stale_only {
                (Outcome::Unchanged, None)
            } else {
                let record = RecordChanges {
                    line: r.line,
                    table: "payments",
                    name: format!("{name}, tahap {}/{}", r.tahap, r.year),
                    changes,
                };
                (Outcome::Updated, Some(record))
            }
        }
    };
    Ok(Ok((
        MonthPlan {
            household: hid,
            what: (r.year, r.tahap, outcome),
            outcome: state,
        },
        changes,
    )))
}

/// A verification row against what is stored: its household in scope, the member one of
/// that household's, once in the file, checked as the verification screen checks it; the
/// reason and notes as the screen saves them (only with "not met", the reason "other"
/// when none is given), the columns the file lacks keeping their values.
fn plan_verification(
    tx: &Transaction<'_>,
    scope: &Scope,
    r: &VerificationRecord,
    today: NaiveDate,
    seen: &mut HashMap<(String, verification::Month), usize>,
) -> Result<Planned<VerificationSave>> {
    let (hid, _) = match resolve(tx, scope, r.line, &r.household)? {
        Ok(h) => h,
        Err(p) => return Ok(Err(p)),
    };
    let at =
        |col: Col, value: String, reason| Ok(Err(problem(r.line, col.header(), &value, reason)));
    type Member = (String, String, Option<String>, Option<NaiveDate>);
    let member: Option<Member> = tx
        .prepare_cached(
            "SELECT household_id, name, component, birth_date FROM members
             WHERE id = ?1 AND deleted = 0",
        )?
        .query_row([&r.member_id], |row| {
            Ok((
                row.get("household_id")?,
                row.get("name")?,
                row.get("component")?,
                row.get("birth_date")?,
            ))
        })
        .optional()?;
    let Some((member_household, name, component, birth)) = member else {
        return at(Col::MemberId, r.member_id.clone(), Reason::UnknownMember);
    };
    if member_household != hid {
        return at(
            Col::MemberId,
            r.member_id.clone(),
            Reason::MemberNotInHousehold,
        );
    }
    let key = (r.member_id.clone(), r.month);
    if let Some(&first_line) = seen.get(&key) {
        return at(
            Col::Month,
            r.month.key(),
            Reason::DuplicateMonth { first_line },
        );
    }
    seen.insert(key, r.line);
    let component = component.as_deref().and_then(Component::from_key);
    if let Err(why) = verification::check(component, birth, r.month, today) {
        let col = match why {
            verification::Refusal::NoComponent => Col::MemberId,
            _ => Col::Month,
        };
        let value = match col {
            Col::MemberId => r.member_id.clone(),
            _ => r.month.key(),
        };
        return at(col, value, Reason::Verification { member: name, why });
    }
    let id = verification_id(&r.member_id, r.month);
    let stored: Option<(String, String, String)> = tx
        .prepare_cached("SELECT outcome, reason, notes FROM verifications WHERE id = ?1")?
        .query_row([&id], |row| {
            Ok((row.get("outcome")?, row.get("reason")?, row.get("notes")?))
        })
        .optional()?;
    // A reason and notes go with "not met" only; beside another outcome the file may carry
    // the ones stored (a merge can leave them there), nothing else.
    if r.outcome != verification::Outcome::NotMet {
        let only = Reason::OnlyWith(Col::Outcome.header(), verification::Outcome::NotMet.key());
        let (old_reason, old_notes) = stored.as_ref().map_or(("", ""), |(_, reason, notes)| {
            (reason.as_str(), notes.as_str())
        });
        if let Some(Some(given)) = r.reason
            && given.key() != old_reason
        {
            return at(Col::Reason, given.key().to_string(), only);
        }
        if let Some(given) = r.notes.as_deref().map(|n| clean(n.trim()))
            && !given.is_empty()
            && given != old_notes
        {
            return at(Col::Notes, given, only);
        }
    }
    let (reason, notes) = match r.outcome {
        verification::Outcome::NotMet => {
            let stored_reason = stored
                .as_ref()
                .and_then(|(_, reason, _)| NotMetReason::from_key(reason));
            let reason = r
                .reason
                .unwrap_or(stored_reason)
                .unwrap_or(NotMetReason::Other);
            let notes = match &r.notes {
                Some(n) => clean(n.trim()),
                None => stored
                    .as_ref()
                    .map(|(_, _, n)| n.clone())
                    .unwrap_or_default(),
            };
            (reason.key(), notes)
        }
        _ => ("", String::new()),
    };
    let outcome = r.outcome.key();
    let (state, changes) = match &stored {
        None => (Outcome::Added, None),
        Some((o, old_reason, old_notes)) => {
            let changes: Vec<ImportChange> = [
                field("outcome", o, outcome),
                field("reason", old_reason, reason),
                field("notes", old_notes, &notes),
            ]
            .into_iter()
            .flatten()
            .collect();
            // A stale reason or notes beside another outcome alone are no change; with
            // another change they go, as the screen's save clears them.
            let stale_only = r.outcome != verification::Outcome::NotMet
                && changes.iter().all(|c| {
                    matches!(
                        c,
                        ImportChange::Field {
                            field: "reason" | "notes",
                            ..
                        }
                    )
                });
            if changes.is_empty() || stale_only {
                (Outcome::Unchanged, None)
            } else {
                let record = RecordChanges {
                    line: r.line,
                    table: "verifications",
                    name: format!("{name}, {}", r.month.key()),
                    changes,
                };
                (Outcome::Updated, Some(record))
            }
        }
    };
    Ok(Ok((
        MonthPlan {
            household: hid,
            what: VerificationSave {
                member: r.member_id.clone(),
                month: r.month,
                outcome,
                reason,
                notes,
            },
            outcome: state,
        },
        changes,
    )))
}
