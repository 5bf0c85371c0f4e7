//! Import and export against the database. An import is one transaction: the file's rows
//! are first matched against what is stored (by id, else No KK) and checked for NIKs and
//! No KKs held elsewhere; then, unless there was a problem (or `skip_invalid` says to go
//! on without those rows), the changes are written through the same write paths as the
//! forms, so every one lands in `change_log`. A row that changes nothing writes nothing.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};

use super::read::{household_fields_from_row, member_from_row};
use super::write::{
    NewIds, changed, cleaned, household_fields, log, log_entries, member_fields, member_leaves_tx,
    refresh_rollups, save_household_tx, set_status, stored_household,
};
use super::{Result, Store, new_id, now_utc};
use crate::transfer::out::{Cell, CellType};
use crate::transfer::rows::{
    ActivityRecord, GraduationRecord, HouseholdRecord, HouseholdRef, Problem, Reason,
    ReferralRecord,
};
use crate::transfer::{Col, Kind};
use pilar_core::domain::fields::RtRw;
use pilar_core::domain::graduation::HouseholdStatus;
use pilar_core::domain::life_event::LeftReason;
use pilar_core::domain::text::clean;
use pilar_core::model::{HouseholdInput, MemberInput, Scope, Worker};
use pilar_core::records::tables::{HOUSEHOLDS, MEMBERS};
use std::sync::LazyLock;

mod export;
mod life;
mod month;
mod records;
mod signoff;
pub use records::Records;

/// How an import goes.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Write nothing, only report.
    pub dry_run: bool,
    /// Import the valid rows even when others are refused.
    pub skip_invalid: bool,
    /// The file already had problems (found before the store saw it).
    pub had_problems: bool,
    pub today: NaiveDate,
}

/// What an import did (or, without writing, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// The members of the imported households: new ones, stored ones with a field changed,
    /// and stored ones a members file no longer lists.
    pub members_added: usize,
    pub members_updated: usize,
    pub members_removed: usize,
    /// Rows of the main table that are not imported (refused), and of the members table.
    pub invalid: usize,
    pub members_invalid: usize,
    /// Problems found against the database.
    pub problems: Vec<Problem>,
    /// Told, not refused: members whose NIK disagrees with their sex or birth date.
    pub warnings: Vec<Problem>,
    /// Every stored record the import changes (or, without writing, would change), with
    /// each field's old and new value.
    pub changes: Vec<RecordChanges>,
    /// True when the changes were committed.
    pub written: bool,
}

/// The changes an import makes to one stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChanges {
    /// The line of the file.
    pub line: usize,
    /// `households`, `activities`, `graduations` or `referrals`.
    pub table: &'static str,
    /// The household's recipient, or a record's id.
    pub name: String,
    pub changes: Vec<ImportChange>,
}

/// One change an import makes to a stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportChange {
    /// A stored field (`member`: of that member of the household), as the history names
    /// it: old -> new (`None` for empty).
    Field {
        member: Option<String>,
        field: &'static str,
        old: Option<String>,
        new: Option<String>,
    },
    /// A member the members file adds to a stored household.
    MemberAdded(String),
    /// A stored member the members file no longer lists (flagged deleted).
    MemberRemoved(String),
}

/// Progress of long work, reported as (done, total) to a plain callback the shell draws
/// (the store knows no terminal); a total of 0 means it is not known.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Added,
    Updated,
    Unchanged,
}

impl ImportReport {
    fn count(&mut self, o: &Outcome) {
        match o {
            Outcome::Added => self.added += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }
}

/// A larger page cache for the length of an import (the indexes on NIK and No KK are
/// written in no particular order), back to what it was afterwards.
struct BigCache<'a> {
    store: &'a Store,
    before: i64,
}

impl<'a> BigCache<'a> {
    fn new(store: &'a Store) -> Result<BigCache<'a>> {
        let before: i64 = store
            .conn()
            .pragma_query_value(None, "cache_size", |r| r.get("cache_size"))?;
        store.conn().pragma_update(None, "cache_size", -131_072)?;
        Ok(BigCache { store, before })
    }
}

impl Drop for BigCache<'_> {
    fn drop(&mut self) {
        let _ = self
            .store
            .conn()
            .pragma_update(None, "cache_size", self.before);
    }
}

/// A large import writes through a rollback journal instead of the write-ahead log, when
/// no other connection has the file open: new pages then go to the file once, instead of
/// to the log and again to the file at the checkpoint (100,000 households: 7 s instead of
/// 9.5). Atomicity is the same (a crash rolls the journal back at the next open, which also
/// puts the file back in WAL mode). If another session has the file open the switch is
/// refused at once and the import runs in WAL mode as usual.
struct RollbackJournal<'a> {
    store: &'a Store,
    switched: bool,
}

/// Rows from which an import is large enough to switch journals.
const LARGE_IMPORT: usize = 2000;

impl<'a> RollbackJournal<'a> {
    fn for_rows(store: &'a Store, rows: usize) -> RollbackJournal<'a> {
        let switched = rows > LARGE_IMPORT && {
            let conn = store.conn();
            // Ask once, without waiting for other sessions.
            let _ = conn.busy_timeout(std::time::Duration::ZERO);
            let mode = conn.pragma_update_and_check(None, "journal_mode", "TRUNCATE", |r| {
                r.get::<_, String>("journal_mode")
            });
            let _ = conn.busy_timeout(super::BUSY_TIMEOUT);
            mode.is_ok_and(|m| m.eq_ignore_ascii_case("truncate"))
        };
        RollbackJournal { store, switched }
    }
}

impl Drop for RollbackJournal<'_> {
    fn drop(&mut self) {
        if self.switched {
            let _ = self
                .store
                .conn()
                .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()));
        }
    }
}

/// One household's planned save.
struct HouseholdPlan {
    input: HouseholdInput,
    ids: NewIds,
    status: Option<(HouseholdStatus, Option<NaiveDate>)>,
    outcome: Outcome,
    /// What changes in a stored household (empty for a new one).
    changes: Vec<ImportChange>,
    /// Members added, updated and removed.
    members: (usize, usize, usize),
    /// Members the file says left (by NIK) whom the database has not: when and why.
    departures: Vec<(String, NaiveDate, LeftReason)>,
}

fn problem(line: usize, column: &str, value: &str, reason: Reason) -> Problem {
    Problem::at(line, column, value, reason)
}

fn exists(tx: &Transaction<'_>, table: &str, id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A stored household (id, worker) by id, else by No KK; not deleted.
fn find_household(
    tx: &Transaction<'_>,
    id: Option<&str>,
    no_kk: Option<&str>,
) -> Result<Option<(String, String)>> {
    if let Some(id) = id {
        let hit = tx
            .prepare_cached("SELECT id, worker_id FROM households WHERE id = ?1 AND deleted = 0")?
            .query_row([id], |r| Ok((r.get("id")?, r.get("worker_id")?)))
            .optional()?;
        if hit.is_some() {
            return Ok(hit);
        }
    }
    match no_kk {
        Some(kk) => {
            // Filtered here: with `deleted = 0` in SQL the statement was prepared again
            // on every run.
            let mut stmt = tx
                .prepare_cached("SELECT id, worker_id, deleted FROM households WHERE no_kk = ?1")?;
            let mut rows = stmt.query([kk])?;
            let mut best: Option<(String, String)> = None;
            while let Some(r) = rows.next()? {
                let (id, worker, deleted): (String, String, i64) =
                    (r.get("id")?, r.get("worker_id")?, r.get("deleted")?);
                if deleted == 0 && best.as_ref().is_none_or(|(b, _)| id < *b) {
                    best = Some((id, worker));
                }
            }
            Ok(best)
        }
        None => Ok(None),
    }
}

fn in_scope(scope: &Scope, worker: &str) -> bool {
    match scope {
        Scope::Worker(w) => w == worker,
        Scope::All => true,
    }
}

/// A stored household as the form would write it (with its members): what an import's
/// row is laid onto, so that the columns a file leaves out stay as they are.
fn stored_input(tx: &Transaction<'_>, id: &str) -> Result<HouseholdInput> {
    static HOUSEHOLD: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {} FROM households WHERE id = ?1",
            HOUSEHOLDS.select("")
        )
    });
    let fields = tx
        .prepare_cached(&HOUSEHOLD)?
        .query_row([id], household_fields_from_row)?;
    Ok(HouseholdInput {
        id: Some(id.to_string()),
        expected_updated_at: None,
        fields,
        members: stored_members(tx, id)?,
    })
}

/// The stored members of a household as the form would write them, with their ids.
fn stored_members(tx: &Transaction<'_>, household: &str) -> Result<Vec<MemberInput>> {
    static MEMBERS_OF: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {} FROM members WHERE household_id = ?1 AND deleted = 0 ORDER BY rowid",
            MEMBERS.select("")
        )
    });
    let mut stmt = tx.prepare_cached(&MEMBERS_OF)?;
    let rows = stmt.query_map([household], |r| Ok(member_from_row(r)?.map_id(Some)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Imports households (with their members) into `user`'s caseload.
    pub fn import_households(
        &self,
        user: &Worker,
        records: &[HouseholdRecord],
        opts: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportReport> {
        // Every statement of the import's loop stays prepared.
        self.conn().set_prepared_statement_cache_capacity(64);
        let _cache = BigCache::new(self)?;
        let _journal = RollbackJournal::for_rows(self, records.len());
        let tx = self.conn().unchecked_transaction()?;
        let mut report = ImportReport::default();
        let mut plans = Vec::new();
        for r in records {
            match self.plan_household(&tx, &user.id, r, opts.today)? {
                Ok(plan) => {
                    report.count(&plan.outcome);
                    let (added, updated, removed) = plan.members;
                    report.members_added += added;
                    report.members_updated += updated;
                    report.members_removed += removed;
                    report.warnings.extend(r.warnings.iter().cloned());
                    if !plan.changes.is_empty() {
                        report.changes.push(RecordChanges {
                            line: r.line,
                            table: "households",
                            name: plan
                                .input
                                .members
                                .first()
                                .map(|m| m.name.clone())
                                .unwrap_or_default(),
                            changes: plan.changes.clone(),
                        });
                    }
                    plans.push(plan);
                }
                Err(p) => report.problems.push(p),
            }
        }
        if !self.may_write(opts, &report) {
            return Ok(report);
        }
        let total = plans.len();
        for (i, plan) in plans.iter().enumerate() {
            if plan.outcome != Outcome::Unchanged {
                self.apply_household(&tx, &user.id, plan, opts.today)?;
            }
            progress(i + 1, total);
        }
        tx.commit()?;
        report.written = true;
        Ok(report)
    }

    fn may_write(&self, opts: &ImportOptions, report: &ImportReport) -> bool {
        let problems = opts.had_problems || !report.problems.is_empty();
        !opts.dry_run && (opts.skip_invalid || !problems)
    }

    /// Lays a row onto the stored household it names (by id, else No KK) or onto a new
    /// one: the columns the file has replace the stored values, the others stay. Refuses
    /// a household of another caseload, a No KK or NIK held by another household, and
    /// component rules broken by the members it would keep.
    fn plan_household(
        &self,
        tx: &Transaction<'_>,
        user_id: &str,
        r: &HouseholdRecord,
        today: NaiveDate,
    ) -> Result<std::result::Result<HouseholdPlan, Problem>> {
        use crate::transfer::Col;
        let existing = find_household(tx, r.id.as_deref(), Some(&r.no_kk))?;
        if let Some((_, worker)) = &existing
            && worker != user_id
        {
            return Ok(Err(problem(
                r.line,
                Col::NoKk.header(),
                &r.no_kk,
                Reason::OtherCaseload,
            )));
        }
        let mut input = match &existing {
            Some((id, _)) => stored_input(tx, id)?,
            None => HouseholdInput::default(),
        };
        let stored = std::mem::take(&mut input.members);
        // The stored members who left: they stay so, without a component.
        let mut gone: Vec<String> = Vec::new();
        if let Some((id, _)) = &existing {
            gone = tx
                .prepare_cached(
                    "SELECT id FROM members
                     WHERE household_id = ?1 AND deleted = 0 AND left_on IS NOT NULL",
                )?
                .query_map([id], |row| row.get("id"))?
                .collect::<rusqlite::Result<_>>()?;
        }
        input.fields.no_kk = r.no_kk.clone();
        input.fields.village = r.village.clone();
        r.fields.apply(&mut input.fields);
        let mut ids = NewIds::default();
        // Members: the stored ones are the same people (by id, else NIK) and keep their ids
        // and whatever the file leaves out.
        let mut members: Vec<MemberInput> = Vec::new();
        if r.members_given || stored.is_empty() {
            for m in &r.members {
                let hit = stored
                    .iter()
                    .find(|s| s.id.is_some() && s.id == m.id)
                    .or_else(|| stored.iter().find(|s| s.nik == m.nik));
                let mut resolved = m.resolve(hit);
                if resolved.id.as_ref().is_some_and(|id| gone.contains(id)) {
                    resolved.component = None;
                }
                let fresh = match (&resolved.id, &m.id) {
                    (None, Some(f)) if !exists(tx, "members", f)? => Some(f.clone()),
                    _ => None,
                };
                members.push(resolved);
                ids.members.push(fresh);
            }
        } else {
            // No members file: the stored members stay; the pengurus is set from the row.
            let p = &r.members[0];
            members.push(p.resolve(stored.iter().find(|s| s.nik == p.nik)));
            ids.members.push(None);
            for s in &stored {
                if s.nik != p.nik {
                    members.push(s.clone());
                    ids.members.push(None);
                }
            }
        }
        input.members = members;
        let mut input = cleaned(&input);
        // The rules again, now with what the stored members keep (the file's rows were
        // checked as they are).
        if r.members_given
            && let Some(reason) = crate::transfer::rows::component_violations(
                &input.members,
                today,
                &pilar_core::domain::component::ComponentRules::default(),
            )
            .into_iter()
            .next()
        {
            return Ok(Err(problem(r.line, Col::Component.header(), "", reason)));
        }
        let except = existing.as_ref().map(|(id, _)| id.as_str());
        let niks: Vec<&str> = input.members.iter().map(|m| m.nik.as_str()).collect();
        if let Some(d) = self.find_duplicate(&input.fields.no_kk, &niks, except)? {
            let col = if d.field == "no_kk" {
                Col::NoKk
            } else {
                Col::Nik
            };
            // Another facilitator's family is not named.
            let reason = if d.in_caseload_of(user_id) {
                Reason::TakenBy(d.household_name)
            } else {
                Reason::TakenElsewhere
            };
            return Ok(Err(problem(r.line, col.header(), &d.value, reason)));
        }
        // Members the file says left, whom the database has not (a member who left stays
        // so: an empty cell does not bring them back).
        let mut departures = Vec::new();
        let mut left_changes = Vec::new();
        if r.members_given {
            for m in &r.members {
                let Some(Some((on, why))) = m.left else {
                    continue;
                };
                let left_already = input
                    .members
                    .iter()
                    .find(|s| s.nik == m.nik)
                    .and_then(|s| s.id.as_ref())
                    .is_some_and(|id| gone.contains(id));
                if !left_already {
                    departures.push((m.nik.clone(), on, why));
                    left_changes.push(ImportChange::Field {
                        member: Some(m.name.clone()),
                        field: "left_on",
                        old: None,
                        new: Some(on.to_string()),
                    });
                    left_changes.push(ImportChange::Field {
                        member: Some(m.name.clone()),
                        field: "left_reason",
                        old: None,
                        new: Some(why.key().to_string()),
                    });
                }
            }
        }
        let mut changes = Vec::new();
        let outcome = match &existing {
            None => {
                ids.household = match &r.id {
                    Some(id) if !exists(tx, "households", id)? => Some(id.clone()),
                    _ => None,
                };
                Outcome::Added
            }
            Some((id, _)) => {
                input.id = Some(id.clone());
                let (_, old) = stored_household(tx, id)?;
                let new = household_fields(&input);
                changes.extend(
                    changed(&new, &old).map(|(field, new, old)| ImportChange::Field {
                        member: None,
                        field,
                        old,
                        new,
                    }),
                );
                changes.extend(member_changes(&stored, &input.members));
                changes.append(&mut left_changes);
                if let Some((s, d)) = r.status {
                    let (cur, cur_date): (String, Option<NaiveDate>) = tx
                        .prepare_cached("SELECT status, status_date FROM households WHERE id = ?1")?
                        .query_row([id], |row| {
                            Ok((row.get("status")?, row.get("status_date")?))
                        })?;
                    if cur != s.key() {
                        changes.push(ImportChange::Field {
                            member: None,
                            field: "status",
                            old: Some(cur),
                            new: Some(s.key().to_string()),
                        });
                    }
                    if d.is_some() && d != cur_date {
                        changes.push(ImportChange::Field {
                            member: None,
                            field: "status_date",
                            old: cur_date.map(|d| d.to_string()),
                            new: d.map(|d| d.to_string()),
                        });
                    }
                }
                if changes.is_empty() {
                    Outcome::Unchanged
                } else {
                    Outcome::Updated
                }
            }
        };
        let members = match outcome {
            Outcome::Added => (input.members.len(), 0, 0),
            _ => member_counts(&changes),
        };
        Ok(Ok(HouseholdPlan {
            input,
            ids,
            status: r.status,
            outcome,
            changes,
            members,
            departures,
        }))
    }

    fn apply_household(
        &self,
        tx: &Transaction<'_>,
        author: &str,
        plan: &HouseholdPlan,
        today: NaiveDate,
    ) -> Result<()> {
        let id = match save_household_tx(tx, author, &plan.input, &plan.ids)? {
            Ok(id) => id,
            // Cannot happen: an import carries no `expected_updated_at`, and duplicates
            // were checked when planning.
            Err(_) => return Ok(()),
        };
        if let Some((status, date)) = plan.status {
            let (cur, cur_date): (String, Option<NaiveDate>) = tx
                .prepare_cached("SELECT status, status_date FROM households WHERE id = ?1")?
                .query_row([&id], |row| {
                    Ok((row.get("status")?, row.get("status_date")?))
                })?;
            if cur != status.key() || (date.is_some() && date != cur_date) {
                set_status(tx, author, &id, status, date.unwrap_or(today))?;
            }
        }
        for (nik, on, why) in &plan.departures {
            let member: Option<String> = tx
                .prepare_cached(
                    "SELECT id FROM members WHERE household_id = ?1 AND nik = ?2 AND deleted = 0",
                )?
                .query_row([&id, nik], |row| row.get("id"))
                .optional()?;
            if let Some(member) = member {
                member_leaves_tx(tx, author, &member, *on, *why)?;
            }
        }
        Ok(())
    }
}

/// What a household's members change: each stored member's changed fields (by id), the
/// new members and the stored ones no longer listed.
fn member_changes(stored: &[MemberInput], members: &[MemberInput]) -> Vec<ImportChange> {
    let mut out = Vec::new();
    for m in members {
        match stored.iter().find(|s| s.id.is_some() && s.id == m.id) {
            Some(s) => {
                for ((field, new), (_, old)) in member_fields(m).into_iter().zip(member_fields(s)) {
                    if new != old {
                        out.push(ImportChange::Field {
                            member: Some(m.name.clone()),
                            field,
                            old,
                            new,
                        });
                    }
                }
            }
            None => out.push(ImportChange::MemberAdded(m.name.clone())),
        }
    }
    for s in stored {
        if !members.iter().any(|m| m.id.is_some() && m.id == s.id) {
            out.push(ImportChange::MemberRemoved(s.name.clone()));
        }
    }
    out
}

/// Members added, updated (one or more fields) and removed among a household's changes.
fn member_counts(changes: &[ImportChange]) -> (usize, usize, usize) {
    let mut updated: Vec<&str> = Vec::new();
    let (mut added, mut removed) = (0, 0);
    for c in changes {
        match c {
            ImportChange::MemberAdded(_) => added += 1,
            ImportChange::MemberRemoved(_) => removed += 1,
            ImportChange::Field {
                member: Some(name), ..
            } => {
                if !updated.contains(&name.as_str()) {
                    updated.push(name);
                }
            }
            ImportChange::Field { .. } => {}
        }
    }
    (added, updated.len(), removed)
}
