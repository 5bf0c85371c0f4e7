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
    NewIds, changed, cleaned, household_fields, log, log_entries, refresh_rollups,
    save_household_tx, set_status, stored_household,
};
use super::{Result, Store, new_id, now_utc};
use crate::transfer::Kind;
use crate::transfer::rows::{
    ActivityRecord, GraduationRecord, HouseholdRecord, HouseholdRef, Problem, Reason,
    ReferralRecord,
};
use pilar_core::domain::graduation::HouseholdStatus;
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
    /// Problems found against the database.
    pub problems: Vec<Problem>,
    /// True when the changes were committed.
    pub written: bool,
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
}

fn problem(line: usize, column: &str, value: &str, reason: Reason) -> Problem {
    Problem {
        line,
        column: column.to_string(),
        value: value.to_string(),
        reason,
    }
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

/// A stored member as the form would write it, with its id.
fn stored_members(tx: &Transaction<'_>, household: &str) -> Result<Vec<MemberInput>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, nik, name, sex, birth_date, relation, component FROM members
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
        let scope = Scope::Worker(user.id.clone());
        for r in records {
            match self.plan_household(&tx, &scope, r)? {
                Ok(plan) => {
                    report.count(&plan.outcome);
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

    fn plan_household(
        &self,
        tx: &Transaction<'_>,
        scope: &Scope,
        r: &HouseholdRecord,
    ) -> Result<std::result::Result<HouseholdPlan, Problem>> {
        let mut input = cleaned(&r.input);
        let existing = find_household(tx, r.id.as_deref(), Some(&input.no_kk))?;
        if let Some((_, worker)) = &existing
            && !in_scope(scope, worker)
        {
            return Ok(Err(problem(
                r.line,
                crate::transfer::Col::NoKk.header(),
                &input.no_kk,
                Reason::OtherCaseload,
            )));
        }
        let stored = match &existing {
            Some((id, _)) => stored_members(tx, id)?,
            None => Vec::new(),
        };
        let mut ids = NewIds::default();
        // Members: keep the stored ids of the same people (by id, else NIK).
        let mut members: Vec<MemberInput> = Vec::new();
        if r.members_given || stored.is_empty() {
            for (m, fid) in input.members.iter().zip(&r.member_ids) {
                let hit = stored
                    .iter()
                    .find(|s| s.id.is_some() && s.id == *fid)
                    .or_else(|| stored.iter().find(|s| s.nik == m.nik));
                let mut m = m.clone();
                m.id = hit.and_then(|s| s.id.clone());
                let fresh = match (&m.id, fid) {
                    (None, Some(f)) if !exists(tx, "members", f)? => Some(f.clone()),
                    _ => None,
                };
                members.push(m);
                ids.members.push(fresh);
            }
        } else {
            // No members file: the stored members stay; the pengurus is set from the row.
            let p = &input.members[0];
            match stored.iter().position(|s| s.nik == p.nik) {
                Some(i) => {
                    let mut head = stored[i].clone();
                    head.name = p.name.clone();
                    members.push(head);
                }
                None => members.push(p.clone()),
            }
            ids.members.push(None);
            for s in &stored {
                if s.nik != p.nik {
                    members.push(s.clone());
                    ids.members.push(None);
                }
            }
        }
        input.members = members;
        let except = existing.as_ref().map(|(id, _)| id.as_str());
        let niks: Vec<&str> = input.members.iter().map(|m| m.nik.as_str()).collect();
        if let Some(d) = self.find_duplicate(&input.no_kk, &niks, except)? {
            let col = if d.field == "no_kk" {
                crate::transfer::Col::NoKk
            } else {
                crate::transfer::Col::Nik
            };
            return Ok(Err(problem(
                r.line,
                col.header(),
                &d.value,
                Reason::TakenBy(d.household_name),
            )));
        }
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
                let same_fields = changed(&new, &old).next().is_none();
                let same_members = input.members.len() == stored.len()
                    && input
                        .members
                        .iter()
                        .all(|m| m.id.is_some() && stored.iter().any(|s| s == m));
                let same_status = match r.status {
                    None => true,
                    Some((s, d)) => {
                        let (cur, cur_date): (String, Option<NaiveDate>) = tx
                            .prepare_cached(
                                "SELECT status, status_date FROM households WHERE id = ?1",
                            )?
                            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
                        cur == s.key() && (d.is_none() || d == cur_date)
                    }
                };
                if same_fields && same_members && same_status {
                    Outcome::Unchanged
                } else {
                    Outcome::Updated
                }
            }
        };
        Ok(Ok(HouseholdPlan {
            input,
            ids,
            status: r.status,
            outcome,
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

/// Inserts a record, or updates the fields that differ (each change logged); `write`
/// false only tells what would happen. `insert_only` columns are written on insert and
/// never compared (the owner of an activity, the facilitator of a graduation).
fn upsert(
    tx: &Transaction<'_>,
    author: &str,
    table: &str,
    id: &str,
    cols: &[(&'static str, Value)],
    insert_only: &[(&'static str, Value)],
    write: bool,
) -> Result<Outcome> {
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
                    .filter_map(|(n, v)| text(v).filter(|t| !t.is_empty()).map(|t| (*n, t)))
                    .collect();
                let entries: Vec<(&str, Option<&str>, Option<&str>)> = texts
                    .iter()
                    .map(|(n, t)| (*n, None, Some(t.as_str())))
                    .collect();
                log_entries(tx, author, table, id, &entries)?;
            }
            Ok(Outcome::Added)
        }
        Some(old) => {
            let diff: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].1 != old[i]).collect();
            if diff.is_empty() {
                return Ok(Outcome::Unchanged);
            }
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
            Ok(Outcome::Updated)
        }
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
    let value = h.no_kk.clone().or_else(|| h.id.clone()).unwrap_or_default();
    let col = crate::transfer::Col::NoKk.header();
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
    cols: Vec<(&'static str, Value)>,
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
                        Ok((hid, _)) => planned.push((
                            r.line,
                            "referrals",
                            Planned {
                                id: r.id.clone().unwrap_or_else(new_id),
                                cols: vec![
                                    ("household_id", Value::Text(hid.clone())),
                                    ("program", Value::Text(r.program.key().into())),
                                    ("agency", text_value(&r.agency)),
                                    ("date", date_value(Some(r.date))),
                                    ("status", Value::Text(r.status.key().into())),
                                    ("notes", text_value(&r.notes)),
                                ],
                                insert_only: Vec::new(),
                                households: Vec::new(),
                                group: false,
                                status: None,
                                stored_households: Vec::new(),
                                outcome: Outcome::Unchanged,
                            },
                        )),
                        Err(p) => report.problems.push(p),
                    }
                }
            }
        }
        let mut plans: Vec<(&'static str, Planned)> = Vec::new();
        for (line, table, mut p) in planned {
            match check_stored(&tx, scope, table, line, &mut p)? {
                Ok(()) => plans.push((table, p)),
                Err(problem) => report.problems.push(problem),
            }
        }
        for (table, p) in plans.iter_mut() {
            p.outcome = upsert(&tx, &user.id, table, &p.id, &p.cols, &p.insert_only, false)?;
            report.count(&p.outcome);
        }
        if !self.may_write(opts, &report) {
            return Ok(report);
        }
        let total = plans.len();
        let mut touched = BTreeSet::new();
        for (i, (table, p)) in plans.iter().enumerate() {
            if p.outcome != Outcome::Unchanged {
                upsert(&tx, &user.id, table, &p.id, &p.cols, &p.insert_only, true)?;
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
    let graduation = match (&r.graduation_id, &single) {
        (Some(g), Some(h))
            if tx
                .prepare_cached("SELECT 1 FROM graduations WHERE id = ?1 AND household_id = ?2")?
                .query_row([g, h], |_| Ok(()))
                .optional()?
                .is_some() =>
        {
            Value::Text(g.clone())
        }
        _ => Value::Null,
    };
    let id = r.id.clone().unwrap_or_else(new_id);
    Ok(Ok(Planned {
        id,
        cols: vec![
            ("household_id", single.map_or(Value::Null, Value::Text)),
            ("kind", Value::Text(r.kind.key().into())),
            ("date", date_value(Some(r.date))),
            ("summary", text_value(&r.summary)),
            ("detail", text_value(&r.detail)),
            ("follow_up", date_value(r.follow_up)),
            ("done", Value::Integer(i64::from(r.done))),
            ("group_name", text_value(&r.group_name)),
            ("place", text_value(&r.place)),
            (
                "p2k2_module",
                r.module
                    .map_or(Value::Null, |m| Value::Text(m.key().into())),
            ),
            (
                "p2k2_session",
                r.session
                    .map_or(Value::Null, |s| Value::Integer(i64::from(s))),
            ),
            ("graduation_id", graduation),
        ],
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
    let status = (active && !r.undone).then(|| (hid.clone(), r.kind.resulting_status(), r.date));
    Ok(Ok(Planned {
        id: r.id.clone().unwrap_or_else(new_id),
        cols: vec![
            ("household_id", Value::Text(hid.clone())),
            ("kind", Value::Text(r.kind.key().into())),
            ("date", date_value(Some(r.date))),
            ("reason", text_value(&r.reason)),
            ("evidence", text_value(&r.evidence)),
            ("undone", Value::Integer(i64::from(r.undone))),
        ],
        insert_only: vec![("worker_id", Value::Text(worker))],
        households: vec![(hid, true)],
        group: false,
        status,
        stored_households: Vec::new(),
        outcome: Outcome::Unchanged,
    }))
}

impl Store {
    /// Everything of one kind in `scope`, as text in [`Kind::columns`] order, by id.
    pub fn export_rows(&self, kind: Kind, scope: &Scope) -> Result<Vec<Vec<String>>> {
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
                        m.component
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
        let n = kind.columns().len();
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map([worker], |r| {
            (0..n)
                .map(|i| {
                    Ok(match r.get::<_, Value>(i)? {
                        Value::Null | Value::Blob(_) => String::new(),
                        Value::Integer(v) => v.to_string(),
                        Value::Real(v) => v.to_string(),
                        Value::Text(s) => s,
                    })
                })
                .collect::<rusqlite::Result<Vec<String>>>()
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
