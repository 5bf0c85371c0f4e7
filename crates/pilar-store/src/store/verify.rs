//! Commitment verification (issue 11 item 1): the verification screen's rows for a month,
//! saving a month's outcome for some members (one transaction, with the history), the
//! detail's latest outcomes, the households failing N months in a row (the list's mark,
//! `gagal:` and the agenda).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};

use super::list::{COUNT_CAP, Where, list_where};
use super::read::key;
use super::write::{Write, guard, log_created, log_entries};
use super::{Result, Store, now_utc};
use pilar_core::domain::component::Component;
use pilar_core::domain::text::clean;
use pilar_core::domain::verification::{
    self, Month, NotMetReason, Outcome, not_met_run, verification_id,
};
use pilar_core::filter::Term;
use pilar_core::model::verification::{
    FailingHousehold, MemberOutcomes, NewVerifications, VerifyQuery, VerifyRow,
};
use pilar_core::model::{Refusal, Scope};

/// How many months of outcomes the detail reads (it shows the latest, and the run).
const DETAIL_MONTHS: i32 = 24;
/// The most failing households the agenda lists.
pub const FAILING_SHOWN: u64 = 200;

/// SQL true when a member of `households` (the row in scope) has not met their commitments
/// in the `n` months up to their latest recorded month: that month is not met, and so are
/// the `n - 1` before it. `domain::verification::not_met_run` as SQL, read from
/// `household_failing` (each household's longest such run, kept by the schema's triggers:
/// `schema/derived.rs`; `tests/integration/derived.rs` holds them to the verifications).
pub(super) fn failing_sql(n: u32) -> String {
    format!(
        "EXISTS (SELECT 1 FROM household_failing f
                 WHERE f.household_id = households.id AND f.run >= {n})"
    )
}

/// The members of the query's households with a component, born by the month's end (and
/// of the filter's component, if it names one), joined to the month's outcome.
fn verify_from(q: &VerifyQuery, w: Where) -> (String, Vec<Value>) {
    let mut params = w.params;
    let component = q.list.filter.terms.iter().find_map(|t| match t {
        Term::Component(c) => Some(*c),
        _ => None,
    });
    let only = match component {
        Some(c) => {
            params.push(Value::Text(c.key().to_string()));
            "AND m.component = ?"
        }
        None => "",
    };
    params.push(Value::Text(q.month.next().first_day().to_string()));
    params.push(Value::Text(q.month.key()));
    let sql = format!(
        "FROM (SELECT id, pengurus_name, village, search_text FROM households WHERE {}) h
         JOIN members m ON m.household_id = h.id AND m.deleted = 0
                         AND m.component IS NOT NULL {only}
                         AND (m.birth_date IS NULL OR m.birth_date < ?)
         LEFT JOIN verifications v ON v.member_id = m.id AND v.month = ?",
        w.sql
    );
    (sql, params)
}

/// One member's outcome for a month, as saved: the month's row stored under the one id
/// [`verification_id`] gives.
pub(super) struct Verified<'a> {
    pub household: &'a str,
    pub member: &'a str,
    pub month: Month,
    /// Storage keys; `reason` and `notes` empty unless not met.
    pub outcome: &'a str,
    pub reason: &'a str,
    pub notes: &'a str,
}

/// Writes one member's month (the verification screen's save and the import's): a new
/// row with its history, or the fields that differ with an entry each; false when the
/// row already held that outcome (nothing written).
pub(super) fn write_verification(
    tx: &rusqlite::Transaction<'_>,
    author: &str,
    v: &Verified<'_>,
    now: &str,
) -> Result<bool> {
    let id = verification_id(v.member, v.month);
    let month = v.month.key();
    let (outcome, reason, notes) = (v.outcome, v.reason, v.notes);
    let before: Option<(String, String, String)> = tx
        .prepare_cached("SELECT outcome, reason, notes FROM verifications WHERE id = ?1")?
        .query_row([&id], |r| {
            Ok((r.get("outcome")?, r.get("reason")?, r.get("notes")?))
        })
        .optional()?;
    match before {
        None => {
            tx.prepare_cached(
                "INSERT INTO verifications (id, household_id, member_id, month, outcome,
                                            reason, notes, created_at, updated_at,
                                            author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            )?
            .execute(params![
                id,
                v.household,
                v.member,
                month,
                outcome,
                reason,
                notes,
                now,
                author
            ])?;
            log_created(
                tx,
                author,
                "verifications",
                &id,
                &[
                    ("household_id", Some(v.household.to_string())),
                    ("member_id", Some(v.member.to_string())),
                    ("month", Some(month.clone())),
                    ("outcome", Some(outcome.to_string())),
                    ("reason", Some(reason.to_string())),
                    ("notes", Some(notes.to_string())),
                ],
            )?;
            Ok(true)
        }
        Some((o, r, n)) => {
            let mut changes: Vec<(&str, Option<&str>, Option<&str>)> = Vec::new();
            for (field, old, new) in [
                ("outcome", o.as_str(), outcome),
                ("reason", r.as_str(), reason),
                ("notes", n.as_str(), notes),
            ] {
                if old != new {
                    changes.push((field, Some(old), Some(new)));
                }
            }
            if changes.is_empty() {
                return Ok(false);
            }
            tx.prepare_cached(
                "UPDATE verifications SET outcome = ?2, reason = ?3, notes = ?4,
                        updated_at = ?5, author_id = ?6
                 WHERE id = ?1",
            )?
            .execute(params![id, outcome, reason, notes, now, author])?;
            log_entries(tx, author, "verifications", &id, &changes)?;
            Ok(true)
        }
    }
}

impl Store {
    /// How many lines the verification screen holds: exact over a facilitator's own
    /// caseload; over a wider scope counting stops at [`COUNT_CAP`] (`true` = there are
    /// more), as the list's count does. Counting every member with a component of a
    /// regency took seconds on each month or filter change (issue 10); the screen's first
    /// lines come from the households' name index and need no full count. A supervisor
    /// cannot save outcomes, so nothing acts on the uncounted lines.
    pub fn count_verify(&self, q: &VerifyQuery) -> Result<(u64, bool)> {
        let w = list_where(&q.list, self.words_mode(&q.list)?);
        let (from, mut params) = verify_from(q, w);
        if matches!(q.list.scope, Scope::Worker(_)) {
            let n: i64 = self.conn().query_row(
                &format!("SELECT count(*) AS n {from}"),
                params_from_iter(params),
                |r| r.get("n"),
            )?;
            return Ok((n as u64, false));
        }
        params.push(Value::Integer(COUNT_CAP as i64 + 1));
        let n: i64 = self.conn().query_row(
            &format!("SELECT count(*) AS n FROM (SELECT 1 {from} LIMIT ?)"),
            params_from_iter(params),
            |r| r.get("n"),
        )?;
        let n = n as u64;
        Ok((n.min(COUNT_CAP), n > COUNT_CAP))
    }

    /// Lines `offset..offset+limit` of the verification screen: households by name, their
    /// members by birth date.
    pub fn verify_window(
        &self,
        q: &VerifyQuery,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<VerifyRow>> {
        let w = list_where(&q.list, self.words_mode(&q.list)?);
        let (from, mut params) = verify_from(q, w);
        params.push(Value::Integer(limit as i64));
        params.push(Value::Integer(offset as i64));
        let sql = format!(
            "SELECT m.id AS member_id, h.id AS household_id, h.pengurus_name, h.village,
                    m.name AS member_name, m.component, m.birth_date, v.outcome, v.reason,
                    v.notes
             {from}
             ORDER BY h.search_text, h.id, m.birth_date, m.id
             LIMIT ? OFFSET ?"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            let outcome: Option<String> = r.get("outcome")?;
            let reason: Option<String> = r.get("reason")?;
            Ok(VerifyRow {
                member_id: r.get("member_id")?,
                household_id: r.get("household_id")?,
                household_name: r.get("pengurus_name")?,
                village: r.get("village")?,
                member_name: r.get("member_name")?,
                component: key(r, "component", Component::from_key)?,
                birth_date: r.get("birth_date")?,
                outcome: outcome.as_deref().and_then(Outcome::from_key),
                reason: reason.as_deref().and_then(NotMetReason::from_key),
                notes: r.get::<_, Option<String>>("notes")?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Saves a month's outcome for `v.members`, in one transaction: each member gets its
    /// row for the month (the one id [`verification_id`] gives), or the row it has gets the
    /// new outcome; the history records each field that changed. Refused whole, naming the
    /// member, when a member has no component or the month is before their birth or in the
    /// future; refused as not allowed outside the author's own caseload. The count saved.
    pub fn save_verifications(
        &self,
        author: &str,
        v: &NewVerifications,
    ) -> Result<std::result::Result<usize, Refusal>> {
        let mut ids = v.members.clone();
        if let Some(q) = &v.all_of {
            let every = self.verify_window(q, 0, i64::MAX as u64)?;
            ids.extend(every.into_iter().map(|r| r.member_id));
        }
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        let tx = self.conn().unchecked_transaction()?;
        let mut members = Vec::with_capacity(ids.len());
        {
            let mut stmt = tx.prepare_cached(
                "SELECT household_id, name, component, birth_date FROM members
                 WHERE id = ?1 AND deleted = 0",
            )?;
            for id in &ids {
                let found: Option<(String, String, Option<String>, Option<chrono::NaiveDate>)> =
                    stmt.query_row([id], |r| {
                        Ok((
                            r.get("household_id")?,
                            r.get("name")?,
                            r.get("component")?,
                            r.get("birth_date")?,
                        ))
                    })
                    .optional()?;
                let Some((household, name, component, birth)) = found else {
                    continue;
                };
                let component = component.as_deref().and_then(Component::from_key);
                if let Err(why) = verification::check(component, birth, v.month, v.today) {
                    return Ok(Err(Refusal::Verification { member: name, why }));
                }
                members.push((id.clone(), household));
            }
        }
        let households: Vec<&str> = members.iter().map(|(_, h)| h.as_str()).collect();
        guard(&tx, author, &households, Write::Caseload)?;
        let outcome = v.outcome.key();
        let reason = match v.outcome {
            Outcome::NotMet => v.reason.unwrap_or(NotMetReason::Other).key(),
            _ => "",
        };
        let notes = match v.outcome {
            Outcome::NotMet => clean(v.notes.trim()),
            _ => String::new(),
        };
        let now = now_utc();
        let month = v.month;
        for (member, household) in &members {
            write_verification(
                &tx,
                author,
                &Verified {
                    household,
                    member,
                    month,
                    outcome,
                    reason,
                    notes: &notes,
                },
                &now,
            )?;
        }
        tx.commit()?;
        Ok(Ok(members.len()))
    }

    /// The outcomes of a household's members with a component over the latest
    /// [`DETAIL_MONTHS`] months recorded, oldest first.
    pub fn member_outcomes(&self, household_id: &str) -> Result<Vec<MemberOutcomes>> {
        let conn = self.conn();
        let mut members: Vec<MemberOutcomes> = conn
            .prepare_cached(
                "SELECT id, name, component FROM members
                 WHERE household_id = ?1 AND deleted = 0 AND component IS NOT NULL
                 ORDER BY birth_date, id",
            )?
            .query_map([household_id], |r| {
                Ok(MemberOutcomes {
                    member_id: r.get("id")?,
                    name: r.get("name")?,
                    component: key(r, "component", Component::from_key)?,
                    months: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT month, outcome FROM verifications WHERE member_id = ?1
             ORDER BY month DESC LIMIT ?2",
        )?;
        for m in &mut members {
            let mut months: Vec<(Month, Outcome)> = stmt
                .query_map(params![m.member_id, DETAIL_MONTHS], |r| {
                    Ok((r.get::<_, String>("month")?, r.get::<_, String>("outcome")?))
                })?
                .filter_map(|r| match r {
                    Ok((month, outcome)) => Month::parse(&month)
                        .zip(Outcome::from_key(&outcome))
                        .map(Ok),
                    Err(e) => Some(Err(e)),
                })
                .collect::<rusqlite::Result<_>>()?;
            months.reverse();
            m.months = months;
        }
        Ok(members)
    }

    /// The active households of `scope` with a member not met `n` months in a row: one
    /// line per such member, the longest runs first (at most [`FAILING_SHOWN`]).
    pub fn failing_households(&self, scope: &Scope, n: u32) -> Result<Vec<FailingHousehold>> {
        let (clause, worker) = match scope {
            Scope::Worker(id) => ("households.worker_id = ?1", Some(id.clone())),
            Scope::All => ("?1 IS NULL", None),
        };
        let sql = format!(
            "SELECT households.id AS household_id, households.pengurus_name, households.village,
                    m.id AS member_id, m.name AS member_name, m.component
             FROM households JOIN members m ON m.household_id = households.id
             WHERE households.deleted = 0
               AND households.status IN ('aktif', 'calon_graduasi') AND {clause}
               AND m.deleted = 0 AND m.component IS NOT NULL
               AND m.id IN (SELECT v.member_id FROM verifications v
                            WHERE v.household_id = households.id
                              AND v.outcome = 'tidak_memenuhi')
               AND {}
             ORDER BY households.search_text, households.id, m.birth_date, m.id",
            failing_sql(n)
        );
        let conn = self.conn();
        let candidates: Vec<(String, String, String, String, String, Component)> = conn
            .prepare_cached(&sql)?
            .query_map(params![worker], |r| {
                Ok((
                    r.get("household_id")?,
                    r.get("pengurus_name")?,
                    r.get("village")?,
                    r.get("member_id")?,
                    r.get("member_name")?,
                    key(r, "component", Component::from_key)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT month, outcome FROM verifications WHERE member_id = ?1
             ORDER BY month DESC LIMIT ?2",
        )?;
        let mut out = Vec::new();
        for (household_id, household_name, village, member, member_name, component) in candidates {
            let months: Vec<(Month, Outcome)> = stmt
                .query_map(params![member, DETAIL_MONTHS], |r| {
                    Ok((r.get::<_, String>("month")?, r.get::<_, String>("outcome")?))
                })?
                .filter_map(|r| r.ok())
                .filter_map(|(m, o)| Month::parse(&m).zip(Outcome::from_key(&o)))
                .collect();
            let run = not_met_run(&months);
            // The SQL and the rule agree; a member they would not is not listed.
            let Some(last) = months.iter().map(|(m, _)| *m).max() else {
                continue;
            };
            if run < n {
                continue;
            }
            out.push(FailingHousehold {
                household_id,
                household_name,
                village,
                member_name,
                component,
                run,
                last,
            });
        }
        out.sort_by_key(|f| std::cmp::Reverse(f.run));
        out.truncate(FAILING_SHOWN as usize);
        Ok(out)
    }
}
