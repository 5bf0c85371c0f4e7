//! Importing activities, graduations and referrals (moved out of `transfer` unchanged):
//! each row planned against what is stored, then inserted or updated field by field with
//! its history.

use super::*;

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
pub(super) fn resolve(
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
        "NULL AS undone, NULL AS kind, NULL AS date"
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
                        = 'supervisor' AS by_supervisor
             FROM {table} t WHERE id = ?1"
        ))?
        .query_row([id], |r| {
            Ok((
                r.get("household_id")?,
                r.get("undone")?,
                r.get("kind")?,
                r.get("date")?,
                r.get("by_supervisor")?,
            ))
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
            .query_map([id], |r| r.get("household_id"))?
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
            .query_row([h], |r| r.get("worker_id"))
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
        |row| row.get("status"),
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
