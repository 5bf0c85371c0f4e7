//! Import and export against the database. An import is one transaction: the file's rows
//! are first matched against what is stored (by id, else No KK) and checked for NIKs and
//! No KKs held elsewhere; then, unless there was a problem (or `skip_invalid` says to go
//! on without those rows), the changes are written through the same write paths as the
//! forms, so every one lands in `change_log`. A row that changes nothing writes nothing.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params};

use super::write::{
    NewIds, changed, cleaned, household_fields, log, log_entries, member_fields, refresh_rollups,
    save_household_tx, set_status, stored_household,
};
use super::{Result, Store, new_id, now_utc};
use crate::transfer::out::{Cell, CellType};
use crate::transfer::rows::{
    ActivityRecord, GraduationRecord, HouseholdRecord, HouseholdRef, Problem, Reason,
    ReferralRecord,
};
use crate::transfer::{Col, Kind};
use pilar_core::domain::fields::RtRw;
use pilar_core::domain::graduation::{HouseholdStatus, PasTag, SocialProgram};
use pilar_core::domain::text::clean;
use pilar_core::model::{HouseholdInput, MemberInput, Relation, Scope, Worker};

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

/// Progress of the writing pass: (done, total).
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
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
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
                r.get::<_, String>(0)
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
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
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
                    (r.get(0)?, r.get(1)?, r.get(2)?);
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

/// A household as a new one starts: every field empty.
fn empty_household() -> HouseholdInput {
    HouseholdInput {
        id: None,
        expected_updated_at: None,
        no_kk: String::new(),
        members: Vec::new(),
        address: String::new(),
        rt: String::new(),
        rw: String::new(),
        village: String::new(),
        kecamatan: String::new(),
        kabupaten: String::new(),
        area_code: String::new(),
        phone: String::new(),
        desil: None,
        year_joined: None,
        programs: Vec::new(),
        has_business: false,
        business_desc: String::new(),
        business_income: None,
        pas: Vec::new(),
    }
}

/// A stored household as the form would write it (with its members): what an import's
/// row is laid onto, so that the columns a file leaves out stay as they are.
fn stored_input(tx: &Transaction<'_>, id: &str) -> Result<HouseholdInput> {
    let mut h = tx
        .prepare_cached(
            "SELECT no_kk, address, rt, rw, village, kecamatan, kabupaten, area_code, phone,
                    desil, year_joined, programs, has_business, business_desc,
                    business_income, pas_tags
             FROM households WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let keys = |i: usize| -> rusqlite::Result<Vec<String>> {
                let text: String = r.get(i)?;
                Ok(text
                    .split(',')
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect())
            };
            Ok(HouseholdInput {
                id: Some(id.to_string()),
                expected_updated_at: None,
                no_kk: r.get(0)?,
                members: Vec::new(),
                address: r.get(1)?,
                rt: r.get(2)?,
                rw: r.get(3)?,
                village: r.get(4)?,
                kecamatan: r.get(5)?,
                kabupaten: r.get(6)?,
                area_code: r.get(7)?,
                phone: r.get(8)?,
                desil: r.get(9)?,
                year_joined: r.get(10)?,
                programs: keys(11)?
                    .iter()
                    .filter_map(|k| SocialProgram::from_key(k))
                    .collect(),
                has_business: r.get(12)?,
                business_desc: r.get(13)?,
                business_income: r.get(14)?,
                pas: keys(15)?
                    .iter()
                    .filter_map(|k| PasTag::from_key(k))
                    .collect(),
            })
        })?;
    h.members = stored_members(tx, id)?;
    Ok(h)
}

/// A stored member as the form would write it, with its id.
fn stored_members(tx: &Transaction<'_>, household: &str) -> Result<Vec<MemberInput>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, nik, name, sex, birth_date, relation, component, pregnancy_order,
                pregnancy_birth FROM members
         WHERE household_id = ?1 AND deleted = 0 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([household], |r| {
        let sex: String = r.get(3)?;
        let relation: String = r.get(5)?;
        let component: Option<String> = r.get(6)?;
        Ok(MemberInput {
            id: Some(r.get(0)?),
            nik: r.get(1)?,
            name: r.get(2)?,
            sex: pilar_core::domain::Sex::from_key(&sex).unwrap_or(pilar_core::domain::Sex::Female),
            birth_date: r.get(4)?,
            relation: Relation::from_key(&relation).unwrap_or(Relation::Lainnya),
            component: component
                .as_deref()
                .and_then(pilar_core::domain::component::Component::from_key),
            pregnancy: pilar_core::domain::pregnancy::Pregnancy {
                order: r.get("pregnancy_order")?,
                birth: r.get("pregnancy_birth")?,
            },
        })
    })?;
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
            None => empty_household(),
        };
        let stored = std::mem::take(&mut input.members);
        input.no_kk = r.no_kk.clone();
        input.village = r.village.clone();
        r.fields.apply(&mut input);
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
                let resolved = m.resolve(hit);
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
        if let Some(d) = self.find_duplicate(&input.no_kk, &niks, except)? {
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
                if let Some((s, d)) = r.status {
                    let (cur, cur_date): (String, Option<NaiveDate>) = tx
                        .prepare_cached("SELECT status, status_date FROM households WHERE id = ?1")?
                        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
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
                .query_row([&id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            if cur != status.key() || (date.is_some() && date != cur_date) {
                set_status(tx, author, &id, status, date.unwrap_or(today))?;
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

/// Inserts a record, or updates the fields that differ (each change logged); `write`
/// false only tells what would happen. `defaults` are the values of the columns the file
/// does not have: written (and logged) on insert, never compared or updated.
/// `insert_only` columns are written on insert and never compared (the owner of an
/// activity, the facilitator of a graduation). Returns the changed fields of an update.
#[allow(clippy::too_many_arguments)]
fn upsert(
    tx: &Transaction<'_>,
    author: &str,
    table: &str,
    id: &str,
    cols: &[(&'static str, Value)],
    defaults: &[(&'static str, Value)],
    insert_only: &[(&'static str, Value)],
    write: bool,
) -> Result<(Outcome, Vec<ImportChange>)> {
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let stored: Option<Vec<Value>> = tx
        .prepare_cached(&format!(
            "SELECT {} FROM {table} WHERE id = ?1",
            names.join(", ")
        ))?
        .query_row([id], |r| {
            (0..names.len()).map(|i| r.get::<_, Value>(i)).collect()
        })
        .optional()?;
    let text = |v: &Value| match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(s) => Some(s.clone()),
        Value::Blob(_) => None,
    };
    match stored {
        None => {
            if write {
                let now = now_utc();
                let all: Vec<(&str, Value)> = cols
                    .iter()
                    .chain(defaults)
                    .chain(insert_only)
                    .map(|(n, v)| (*n, v.clone()))
                    .chain([
                        ("id", Value::Text(id.to_string())),
                        ("created_at", Value::Text(now.clone())),
                        ("updated_at", Value::Text(now)),
                        ("author_id", Value::Text(author.to_string())),
                    ])
                    .collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    all.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
                    (1..=all.len())
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                tx.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(all.iter().map(|(_, v)| v)))?;
                let texts: Vec<(&str, String)> = cols
                    .iter()
                    .chain(defaults)
                    .filter_map(|(n, v)| text(v).filter(|t| !t.is_empty()).map(|t| (*n, t)))
                    .collect();
                let entries: Vec<(&str, Option<&str>, Option<&str>)> = texts
                    .iter()
                    .map(|(n, t)| (*n, None, Some(t.as_str())))
                    .collect();
                log_entries(tx, author, table, id, &entries)?;
            }
            Ok((Outcome::Added, Vec::new()))
        }
        Some(old) => {
            let diff: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].1 != old[i]).collect();
            if diff.is_empty() {
                return Ok((Outcome::Unchanged, Vec::new()));
            }
            let changes = diff
                .iter()
                .map(|&i| ImportChange::Field {
                    member: None,
                    field: cols[i].0,
                    old: text(&old[i]),
                    new: text(&cols[i].1),
                })
                .collect();
            if write {
                for &i in &diff {
                    let (n, v) = &cols[i];
                    log(
                        tx,
                        author,
                        table,
                        id,
                        n,
                        text(&old[i]).as_deref(),
                        text(v).as_deref(),
                    )?;
                    tx.execute(
                        &format!("UPDATE {table} SET {n} = ?2, updated_at = ?3 WHERE id = ?1"),
                        params![id, v, now_utc()],
                    )?;
                }
            }
            Ok((Outcome::Updated, changes))
        }
    }
}

/// A column the file may leave out: among `cols` when it has it, else among `defaults`
/// with the value a new record gets.
fn given(
    cols: &mut Vec<(&'static str, Value)>,
    defaults: &mut Vec<(&'static str, Value)>,
    name: &'static str,
    value: Option<Value>,
    default: Value,
) {
    match value {
        Some(v) => cols.push((name, v)),
        None => defaults.push((name, default)),
    }
}

fn text_value(s: &str) -> Value {
    Value::Text(clean(s))
}

fn date_value(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::Text(d.to_string()))
}

/// A row's household: in the scope, by id else No KK.
fn resolve(
    tx: &Transaction<'_>,
    scope: &Scope,
    line: usize,
    h: &HouseholdRef,
) -> Result<std::result::Result<(String, String), Problem>> {
    // The column whose value names the household (`id_keluarga` when there is no No KK).
    let (col, value) = match (&h.no_kk, &h.id) {
        (Some(kk), _) => (crate::transfer::Col::NoKk.header(), kk.clone()),
        (None, Some(id)) => (crate::transfer::Col::HouseholdId.header(), id.clone()),
        (None, None) => (crate::transfer::Col::NoKk.header(), String::new()),
    };
    match find_household(tx, h.id.as_deref(), h.no_kk.as_deref())? {
        None => Ok(Err(problem(line, col, &value, Reason::UnknownHousehold))),
        Some((_, w)) if !in_scope(scope, &w) => {
            Ok(Err(problem(line, col, &value, Reason::OtherCaseload)))
        }
        Some(hit) => Ok(Ok(hit)),
    }
}

/// A planned activity, graduation or referral save.
struct Planned {
    id: String,
    /// The columns the file has.
    cols: Vec<(&'static str, Value)>,
    /// The columns it does not have, with a new record's values.
    defaults: Vec<(&'static str, Value)>,
    insert_only: Vec<(&'static str, Value)>,
    /// Households whose roll-ups follow (and, for a group activity, attendance to insert).
    households: Vec<(String, bool)>,
    group: bool,
    /// A graduation that sets its household's status when added.
    status: Option<(String, HouseholdStatus, NaiveDate)>,
    /// The households of the stored record with this id (their roll-ups follow an update).
    stored_households: Vec<String>,
    outcome: Outcome,
}

/// A stored activity, graduation or referral, as far as an import may change it.
struct StoredRecord {
    /// Its `household_id` (None for a group activity).
    household: Option<String>,
    /// The households it belongs to (a group activity: its participants).
    households: Vec<String>,
    /// A graduation's `undone`.
    undone: Option<i64>,
    /// A graduation's kind and date.
    graduation: Option<(String, String)>,
    /// Written by a supervisor (a supervision note).
    by_supervisor: bool,
}

/// The stored record of `table` with `id`, if any.
fn stored_record(tx: &Transaction<'_>, table: &str, id: &str) -> Result<Option<StoredRecord>> {
    let graduation = if table == "graduations" {
        "undone, kind, date"
    } else {
        "NULL, NULL, NULL"
    };
    type Hit = (
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
        bool,
    );
    let hit: Option<Hit> = tx
        .prepare_cached(&format!(
            "SELECT household_id, {graduation},
                    coalesce((SELECT role FROM workers w WHERE w.id = t.author_id), '')
                        = 'supervisor'
             FROM {table} t WHERE id = ?1"
        ))?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((household, undone, kind, date, by_supervisor)) = hit else {
        return Ok(None);
    };
    let graduation = kind.zip(date);
    let households = match &household {
        Some(h) => vec![h.clone()],
        None if table == "activities" => tx
            .prepare_cached(
                "SELECT household_id FROM activity_households WHERE activity_id = ?1
                 ORDER BY household_id",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        None => Vec::new(),
    };
    Ok(Some(StoredRecord {
        household,
        households,
        undone,
        graduation,
        by_supervisor,
    }))
}

/// Whether the stored record differs from the row in any of its columns (text and NULL are
/// compared as the import writes them).
fn differs(
    tx: &Transaction<'_>,
    table: &str,
    id: &str,
    cols: &[(&'static str, Value)],
) -> Result<bool> {
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let sql = format!("SELECT {} FROM {table} WHERE id = ?1", names.join(", "));
    let stored: Vec<Value> = tx.prepare_cached(&sql)?.query_row([id], |r| {
        (0..names.len()).map(|i| r.get::<_, Value>(i)).collect()
    })?;
    Ok(stored.iter().zip(cols).any(|(old, (_, new))| old != new))
}

/// Refuses a row whose id is a stored record the user may not change: one of a household
/// outside `scope`, one of another household (an import does not move records), a
/// graduation whose `undone`, kind or date would change (undoing is done in pilar, with its
/// status and follow-ups), or a supervisor's note that would change. Otherwise notes the stored record's households in `p`.
fn check_stored(
    tx: &Transaction<'_>,
    scope: &Scope,
    table: &str,
    line: usize,
    p: &mut Planned,
) -> Result<std::result::Result<(), Problem>> {
    let Some(StoredRecord {
        household,
        households,
        undone,
        graduation,
        by_supervisor,
    }) = stored_record(tx, table, &p.id)?
    else {
        return Ok(Ok(()));
    };
    let col = crate::transfer::Col::Id.header();
    let refuse = |reason| Ok(Err(problem(line, col, &p.id, reason)));
    for h in &households {
        let worker: Option<String> = tx
            .prepare_cached("SELECT worker_id FROM households WHERE id = ?1")?
            .query_row([h], |r| r.get(0))
            .optional()?;
        if !worker.is_some_and(|w| in_scope(scope, &w)) {
            return refuse(Reason::RecordOtherCaseload);
        }
    }
    let col_value = |name: &str| p.cols.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
    let planned_household = match col_value("household_id") {
        Some(Value::Text(h)) => Some(h.clone()),
        _ => None,
    };
    if planned_household != household {
        return refuse(Reason::MovesRecord);
    }
    if let (Some(old), Some(Value::Integer(new))) = (undone, col_value("undone"))
        && old != *new
    {
        return refuse(Reason::ChangesUndone);
    }
    if let Some((kind, date)) = &graduation {
        let same = |name: &str, old: &str| match col_value(name) {
            Some(Value::Text(new)) => new == old,
            _ => true,
        };
        if !same("kind", kind) || !same("date", date) {
            return refuse(Reason::ChangesGraduation);
        }
    }
    if by_supervisor && differs(tx, table, &p.id, &p.cols)? {
        return refuse(Reason::SupervisorRecord);
    }
    p.stored_households = households;
    Ok(Ok(()))
}

impl Store {
    /// Imports activities, graduations or referrals (matched to households in `scope` by
    /// household id, else No KK; idempotent by the record's id).
    pub fn import_records(
        &self,
        user: &Worker,
        scope: &Scope,
        records: &Records,
        opts: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportReport> {
        // Every statement of the import's loop stays prepared.
        self.conn().set_prepared_statement_cache_capacity(64);
        let tx = self.conn().unchecked_transaction()?;
        let mut report = ImportReport::default();
        let mut planned: Vec<(usize, &'static str, Planned)> = Vec::new();
        match records {
            Records::Activities(list) => {
                for r in list {
                    match plan_activity(&tx, scope, r)? {
                        Ok(p) => planned.push((r.line, "activities", p)),
                        Err(p) => report.problems.push(p),
                    }
                }
            }
            Records::Graduations(list) => {
                for r in list {
                    match plan_graduation(&tx, scope, r)? {
                        Ok(p) => planned.push((r.line, "graduations", p)),
                        Err(p) => report.problems.push(p),
                    }
                }
            }
            Records::Referrals(list) => {
                for r in list {
                    match resolve(&tx, scope, r.line, &r.household)? {
                        Ok((hid, _)) => planned.push((r.line, "referrals", plan_referral(hid, r))),
                        Err(p) => report.problems.push(p),
                    }
                }
            }
        }
        let mut plans: Vec<(&'static str, Planned)> = Vec::new();
        for (line, table, mut p) in planned {
            match check_stored(&tx, scope, table, line, &mut p)? {
                Ok(()) => {
                    let (outcome, changes) = upsert(
                        &tx,
                        &user.id,
                        table,
                        &p.id,
                        &p.cols,
                        &p.defaults,
                        &p.insert_only,
                        false,
                    )?;
                    if !changes.is_empty() {
                        report.changes.push(RecordChanges {
                            line,
                            table,
                            name: p.id.clone(),
                            changes,
                        });
                    }
                    p.outcome = outcome;
                    report.count(&p.outcome);
                    plans.push((table, p));
                }
                Err(problem) => report.problems.push(problem),
            }
        }
        if !self.may_write(opts, &report) {
            return Ok(report);
        }
        let total = plans.len();
        let mut touched = BTreeSet::new();
        for (i, (table, p)) in plans.iter().enumerate() {
            if p.outcome != Outcome::Unchanged {
                upsert(
                    &tx,
                    &user.id,
                    table,
                    &p.id,
                    &p.cols,
                    &p.defaults,
                    &p.insert_only,
                    true,
                )?;
                if p.outcome == Outcome::Added {
                    if p.group {
                        let now = now_utc();
                        for (h, attended) in &p.households {
                            tx.prepare_cached(
                                "INSERT OR IGNORE INTO activity_households (activity_id,
                                    household_id, attended, created_at, updated_at, author_id)
                                 VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                            )?
                            .execute(params![p.id, h, attended, now, user.id])?;
                        }
                        let list: Vec<String> = p
                            .households
                            .iter()
                            .map(|(h, a)| format!("{h}:{}", u8::from(*a)))
                            .collect();
                        log(
                            &tx,
                            &user.id,
                            table,
                            &p.id,
                            "households",
                            None,
                            Some(&list.join(",")),
                        )?;
                    }
                    if let Some((hid, status, date)) = &p.status {
                        set_status(&tx, &user.id, hid, *status, *date)?;
                    }
                }
                touched.extend(p.households.iter().map(|(h, _)| h.clone()));
                touched.extend(p.stored_households.iter().cloned());
            }
            progress(i + 1, total);
        }
        for h in &touched {
            refresh_rollups(&tx, h)?;
        }
        tx.commit()?;
        report.written = true;
        Ok(report)
    }
}

/// Validated activities, graduations or referrals.
pub enum Records {
    Activities(Vec<ActivityRecord>),
    Graduations(Vec<GraduationRecord>),
    Referrals(Vec<ReferralRecord>),
}

fn plan_referral(hid: String, r: &ReferralRecord) -> Planned {
    let mut cols = vec![
        ("household_id", Value::Text(hid)),
        ("program", Value::Text(r.program.key().into())),
        ("date", date_value(Some(r.date))),
    ];
    let mut defaults = Vec::new();
    let d = &mut defaults;
    given(
        &mut cols,
        d,
        "agency",
        r.agency.as_deref().map(text_value),
        text_value(""),
    );
    given(
        &mut cols,
        d,
        "status",
        r.status.map(|s| Value::Text(s.key().into())),
        Value::Text(
            pilar_core::domain::graduation::ReferralStatus::Diusulkan
                .key()
                .into(),
        ),
    );
    given(
        &mut cols,
        d,
        "notes",
        r.notes.as_deref().map(text_value),
        text_value(""),
    );
    Planned {
        id: r.id.clone().unwrap_or_else(new_id),
        cols,
        defaults,
        insert_only: Vec::new(),
        households: Vec::new(),
        group: false,
        status: None,
        stored_households: Vec::new(),
        outcome: Outcome::Unchanged,
    }
}

fn plan_activity(
    tx: &Transaction<'_>,
    scope: &Scope,
    r: &ActivityRecord,
) -> Result<std::result::Result<Planned, Problem>> {
    let mut households = Vec::new();
    let mut owner = None;
    let single = match &r.household {
        Some(h) if r.participants.is_empty() => match resolve(tx, scope, r.line, h)? {
            Ok((hid, w)) => {
                owner = Some(w);
                households.push((hid.clone(), true));
                Some(hid)
            }
            Err(p) => return Ok(Err(p)),
        },
        _ => None,
    };
    for (who, attended) in &r.participants {
        let is_kk = who.len() == 16 && who.bytes().all(|b| b.is_ascii_digit());
        let h = HouseholdRef {
            id: (!is_kk).then(|| who.clone()),
            no_kk: is_kk.then(|| who.clone()),
        };
        match resolve(tx, scope, r.line, &h)? {
            Ok((hid, w)) => {
                owner.get_or_insert(w);
                households.push((hid, *attended));
            }
            Err(mut p) => {
                p.column = crate::transfer::Col::Participants.header().into();
                return Ok(Err(p));
            }
        }
    }
    // A follow-up keeps its graduation only in the same household (undoing a graduation
    // withdraws the follow-ups it names).
    let graduation = match (r.graduation_id.as_ref().map(Option::as_ref), &single) {
        (None, _) => None,
        (Some(Some(g)), Some(h))
            if tx
                .prepare_cached("SELECT 1 FROM graduations WHERE id = ?1 AND household_id = ?2")?
                .query_row([g, h], |_| Ok(()))
                .optional()?
                .is_some() =>
        {
            Some(Value::Text(g.clone()))
        }
        _ => Some(Value::Null),
    };
    let id = r.id.clone().unwrap_or_else(new_id);
    let mut cols = vec![
        ("household_id", single.map_or(Value::Null, Value::Text)),
        ("kind", Value::Text(r.kind.key().into())),
        ("date", date_value(Some(r.date))),
        ("summary", text_value(&r.summary)),
    ];
    let mut defaults = Vec::new();
    let d = &mut defaults;
    let text = |v: &Option<String>| v.as_deref().map(text_value);
    given(&mut cols, d, "detail", text(&r.detail), text_value(""));
    given(
        &mut cols,
        d,
        "follow_up",
        r.follow_up.map(date_value),
        Value::Null,
    );
    given(
        &mut cols,
        d,
        "done",
        r.done.map(|x| Value::Integer(i64::from(x))),
        Value::Integer(0),
    );
    given(
        &mut cols,
        d,
        "group_name",
        text(&r.group_name),
        text_value(""),
    );
    given(&mut cols, d, "place", text(&r.place), text_value(""));
    given(
        &mut cols,
        d,
        "p2k2_module",
        r.module
            .map(|m| m.map_or(Value::Null, |m| Value::Text(m.key().into()))),
        Value::Null,
    );
    given(
        &mut cols,
        d,
        "p2k2_session",
        r.session
            .map(|s| s.map_or(Value::Null, |s| Value::Integer(i64::from(s)))),
        Value::Null,
    );
    given(&mut cols, d, "graduation_id", graduation, Value::Null);
    Ok(Ok(Planned {
        id,
        cols,
        defaults,
        insert_only: vec![("worker_id", Value::Text(owner.unwrap_or_default()))],
        group: !r.participants.is_empty(),
        households,
        status: None,
        stored_households: Vec::new(),
        outcome: Outcome::Unchanged,
    }))
}

fn plan_graduation(
    tx: &Transaction<'_>,
    scope: &Scope,
    r: &GraduationRecord,
) -> Result<std::result::Result<Planned, Problem>> {
    let (hid, worker) = match resolve(tx, scope, r.line, &r.household)? {
        Ok(h) => h,
        Err(p) => return Ok(Err(p)),
    };
    // A graduation added to an active household changes its status, as recording it does.
    let current: String = tx.query_row(
        "SELECT status FROM households WHERE id = ?1",
        [&hid],
        |row| row.get(0),
    )?;
    let active = HouseholdStatus::from_key(&current).is_some_and(|s| s.is_active());
    let undone = r.undone.unwrap_or(false);
    let status = (active && !undone).then(|| (hid.clone(), r.kind.resulting_status(), r.date));
    let mut cols = vec![
        ("household_id", Value::Text(hid.clone())),
        ("kind", Value::Text(r.kind.key().into())),
        ("date", date_value(Some(r.date))),
    ];
    let mut defaults = Vec::new();
    let d = &mut defaults;
    let text = |v: &Option<String>| v.as_deref().map(text_value);
    given(&mut cols, d, "reason", text(&r.reason), text_value(""));
    given(&mut cols, d, "evidence", text(&r.evidence), text_value(""));
    given(
        &mut cols,
        d,
        "undone",
        r.undone.map(|u| Value::Integer(i64::from(u))),
        Value::Integer(0),
    );
    Ok(Ok(Planned {
        id: r.id.clone().unwrap_or_else(new_id),
        cols,
        defaults,
        insert_only: vec![("worker_id", Value::Text(worker))],
        households: vec![(hid, true)],
        group: false,
        status,
        stored_households: Vec::new(),
        outcome: Outcome::Unchanged,
    }))
}

impl Store {
    /// Everything of one kind in `scope`, typed cells in [`Kind::columns`] order, by id.
    pub fn export_rows(&self, kind: Kind, scope: &Scope) -> Result<Vec<Vec<Cell>>> {
        let worker = match scope {
            Scope::Worker(w) => Some(w.clone()),
            Scope::All => None,
        };
        let sql = match kind {
            Kind::Households => {
                "SELECT h.id, h.no_kk, h.pengurus_name, h.pengurus_nik, h.address, h.rt, h.rw,
                        h.village, h.kecamatan, h.kabupaten, h.area_code, h.phone, h.desil,
                        h.year_joined, h.programs,
                        CASE h.has_business WHEN 1 THEN 'ya' ELSE 'tidak' END,
                        h.business_desc, h.business_income, h.pas_tags, h.status, h.status_date
                 FROM households h
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY h.id"
            }
            Kind::Members => {
                "SELECT m.id, h.id, h.no_kk, m.nik, m.name, m.sex, m.birth_date, m.relation,
                        m.component, m.pregnancy_order, m.pregnancy_birth
                 FROM members m JOIN households h ON h.id = m.household_id
                 WHERE m.deleted = 0 AND h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1)
                 ORDER BY m.id"
            }
            Kind::Activities => {
                "SELECT a.id, h.id, h.no_kk,
                        (SELECT group_concat(x.no_kk || ':' || x.attended, ' ') FROM
                            (SELECT g.no_kk, l.attended FROM activity_households l
                             JOIN households g ON g.id = l.household_id
                             WHERE l.activity_id = a.id ORDER BY g.no_kk) x),
                        a.kind, a.date, a.summary, a.detail, a.follow_up,
                        CASE a.done WHEN 1 THEN 'ya' ELSE 'tidak' END, a.group_name, a.place,
                        a.p2k2_module, a.p2k2_session, a.graduation_id
                 FROM activities a LEFT JOIN households h ON h.id = a.household_id
                 WHERE a.deleted = 0 AND (?1 IS NULL OR a.worker_id = ?1) ORDER BY a.id"
            }
            Kind::Graduations => {
                "SELECT g.id, h.id, h.no_kk, g.kind, g.date, g.reason, g.evidence,
                        CASE g.undone WHEN 1 THEN 'ya' ELSE 'tidak' END
                 FROM graduations g JOIN households h ON h.id = g.household_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY g.id"
            }
            Kind::Referrals => {
                "SELECT r.id, h.id, h.no_kk, r.program, r.agency, r.date, r.status, r.notes
                 FROM referrals r JOIN households h ON h.id = r.household_id
                 WHERE h.deleted = 0 AND (?1 IS NULL OR h.worker_id = ?1) ORDER BY r.id"
            }
        };
        let cols = kind.columns();
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map([worker], |r| {
            cols.iter()
                .enumerate()
                .map(|(i, col)| Ok(export_cell(*col, r.get::<_, Value>(i)?)))
                .collect::<rusqlite::Result<Vec<Cell>>>()
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A stored value as an export cell: integers are numbers, `ya`/`tidak` columns flags, RT
/// and RW written one way (`003`, as [`RtRw`] stores them, also for older free text that
/// parses), everything else text.
fn export_cell(col: Col, v: Value) -> Cell {
    let ty = if col.is_flag() {
        CellType::Flag
    } else if matches!(v, Value::Integer(_) | Value::Real(_)) {
        CellType::Number
    } else {
        CellType::Text
    };
    let text = match v {
        Value::Null | Value::Blob(_) => String::new(),
        Value::Integer(v) => v.to_string(),
        Value::Real(v) => v.to_string(),
        Value::Text(s) => s,
    };
    let text = match col {
        Col::Rt => RtRw::parse(&text, "").map_or(text, |v| v.rt_key()),
        Col::Rw => RtRw::parse("", &text).map_or(text, |v| v.rw_key()),
        _ => text,
    };
    Cell { text, ty }
}
