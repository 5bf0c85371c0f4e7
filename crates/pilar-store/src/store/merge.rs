//! Merging another pilar database (a facilitator's laptop, worked offline) into this one.
//!
//! Records are matched by id. A record only the other side has is added; a field whose
//! values differ is decided from the two histories, which share the entries (same ids) of
//! the file both descend from: if only the other side has entries for the field that ours
//! lacks, theirs is taken; if only ours has, ours is kept; otherwise (both changed it, or
//! neither) the field is kept as it is here and recorded in `merge_conflicts` for a person
//! to decide. The other side's history rows that are not here yet are appended to this
//! chain (same id, author and time; new `seq`, `prev_hash` and `hash`), so `pilar verify`
//! still passes and they are common history from then on. All of it is one transaction;
//! the other file is opened read-only.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params, params_from_iter};

use super::conflicts::{count_open, participants};
use super::write::{LogEntry, append_theirs, log, refresh_rollups};
use super::{APPLICATION_ID, Result, SCHEMA_VERSION, Store, StoreError, new_id, now_utc};
use pilar_core::domain::text::clean;
use pilar_core::model::Scope;

mod specs;
pub(super) use specs::{SPECS, Spec};

/// What one table gained from the merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableReport {
    pub table: &'static str,
    pub added: u64,
    pub updated: u64,
    /// New conflicts (one per field); a conflict already recorded is not counted again.
    pub conflicts: u64,
}

/// What `pilar merge` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub tables: Vec<TableReport>,
    /// History entries brought over from the other database.
    pub history: u64,
    /// Conflicts waiting for a decision after the merge (new and older ones).
    pub open_conflicts: u64,
}

impl MergeReport {
    /// Whether the merge changed anything here.
    pub fn changed(&self) -> bool {
        self.history > 0
            || self
                .tables
                .iter()
                .any(|t| t.added + t.updated + t.conflicts > 0)
    }
}

/// Why a merge was refused. Nothing was written.
#[derive(Debug)]
pub enum MergeError {
    /// The other file is this database.
    SameFile,
    /// This database cannot be written.
    ReadOnly,
    /// A worker's login is used by different workers (different ids) in the two files.
    LoginClash {
        login: String,
    },
    /// The other database's history chain is broken at this entry.
    OtherBroken {
        seq: i64,
        id: String,
    },
    Store(StoreError),
}

impl From<StoreError> for MergeError {
    fn from(e: StoreError) -> Self {
        MergeError::Store(e)
    }
}

impl From<rusqlite::Error> for MergeError {
    fn from(e: rusqlite::Error) -> Self {
        MergeError::Store(e.into())
    }
}

/// A stored value as the history writes it: text, numbers in decimal, empty as absent.
pub(super) fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(s) if s.is_empty() => None,
        Value::Text(s) => Some(s.clone()),
        Value::Blob(b) => Some(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

/// The other side's row with every text value cleaned as the store cleans what it writes
/// (`domain::text::clean`): another laptop's file may have been written past pilar (raw
/// escapes in a name). Ids (the key, `id` and `*_id` columns) are left as they are, so
/// records still match.
fn cleaned_row(spec: &Spec, columns: &[String], row: Vec<Value>) -> Vec<Value> {
    row.into_iter()
        .zip(columns)
        .map(|(v, c)| match v {
            Value::Text(t) if !is_id_column(spec, c) => Value::Text(clean(&t)),
            other => other,
        })
        .collect()
}

fn is_id_column(spec: &Spec, column: &str) -> bool {
    spec.key.contains(&column) || column == "id" || column.ends_with("_id")
}

/// The ids of the history entries recorded for a record's field. Both databases descend
/// from one file and a merge copies entries with their ids, so an id found on both sides
/// is history they share; an id on one side only is a change the other has not seen.
fn history_ids(
    conn: &Connection,
    table: &str,
    record: &str,
    field: &str,
) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM change_log WHERE record_id = ?1 AND field = ?2 AND table_name = ?3",
    )?;
    let rows = stmt.query_map(params![record, field, table], |r| r.get::<_, String>("id"))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether each side changed a record's field since the history they share: (ours, theirs).
fn changed_sides(
    ours: &Connection,
    theirs: &Connection,
    table: &str,
    record: &str,
    field: &str,
) -> Result<(bool, bool)> {
    let ours_ids = history_ids(ours, table, record, field)?;
    let theirs_ids = history_ids(theirs, table, record, field)?;
    Ok((
        ours_ids.iter().any(|id| !theirs_ids.contains(id)),
        theirs_ids.iter().any(|id| !ours_ids.contains(id)),
    ))
}

fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Everything a merge keeps track of while it walks the tables.
struct Run<'a> {
    tx: &'a Transaction<'a>,
    other: &'a Connection,
    author: &'a str,
    source: &'a str,
    /// Households whose roll-ups must be recomputed.
    touched: BTreeSet<String>,
    /// Households whose name or village changed (search text and index).
    renamed: BTreeSet<String>,
}

impl Run<'_> {
    fn table(&mut self, spec: &Spec) -> std::result::Result<TableReport, MergeError> {
        let mut report = TableReport {
            table: spec.table,
            ..TableReport::default()
        };
        let columns: Vec<String> = self
            .tx
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{}')",
                spec.table
            ))?
            .query_map([], |r| r.get("name"))?
            .collect::<rusqlite::Result<_>>()?;
        let list = columns.join(", ");
        let index = |name: &str| columns.iter().position(|c| c == name);
        let keys: Vec<usize> = spec.key.iter().filter_map(|k| index(k)).collect();
        let where_key = spec
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k} = ?{}", i + 1))
            .collect::<Vec<_>>()
            .join(" AND ");
        let mut theirs_stmt = self.other.prepare(&format!(
            "SELECT {list} FROM {} ORDER BY {}",
            spec.table,
            spec.key.join(", ")
        ))?;
        let mut rows = theirs_stmt.query([])?;
        while let Some(r) = rows.next()? {
            let theirs: Vec<Value> = (0..columns.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<rusqlite::Result<_>>()?;
            let theirs = cleaned_row(spec, &columns, theirs);
            let key: Vec<&Value> = keys.iter().map(|&i| &theirs[i]).collect();
            let ours: Option<Vec<Value>> = self
                .tx
                .prepare_cached(&format!(
                    "SELECT {list} FROM {} WHERE {where_key}",
                    spec.table
                ))?
                .query_row(params_from_iter(key.iter()), |r| {
                    (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect()
                })
                .optional()?;
            let household = spec
                .household
                .and_then(index)
                .and_then(|i| text(&theirs[i]));
            match ours {
                None => {
                    if !self.may_add(spec.table, &columns, &theirs)? {
                        continue;
                    }
                    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
                    self.tx.execute(
                        &format!(
                            "INSERT INTO {} ({list}) VALUES ({})",
                            spec.table,
                            marks.join(", ")
                        ),
                        params_from_iter(theirs.iter()),
                    )?;
                    report.added += 1;
                    if let Some(h) = household {
                        if spec.table == "households" {
                            self.renamed.insert(h.clone());
                        }
                        self.touched.insert(h);
                    }
                }
                Some(ours) => {
                    let record = text(&theirs[keys[0]]).unwrap_or_default();
                    let mut take: Vec<&str> = Vec::new();
                    let status_differs =
                        index("status").is_some_and(|i| text(&ours[i]) != text(&theirs[i]));
                    for field in spec.fields {
                        let Some(i) = index(field) else { continue };
                        let (o, t) = (text(&ours[i]), text(&theirs[i]));
                        if o == t {
                            continue;
                        }
                        // The status date goes with the status.
                        if *field == "status_date" && status_differs {
                            continue;
                        }
                        // Which side changed the field since the file they share: an
                        // entry on one side only is a change the other has not seen. The
                        // status date has no history of its own (a status change writes
                        // both and logs the status): it is decided by the status's history
                        // (e.g. graduated and undone on one side: same status, new date).
                        let logged = if *field == "status_date" {
                            "status"
                        } else {
                            field
                        };
                        let (ours_changed, theirs_changed) =
                            changed_sides(self.tx, self.other, spec.table, &record, logged)?;
                        if theirs_changed && !ours_changed {
                            take.push(field);
                            if *field == "status" {
                                take.push("status_date");
                            }
                        } else if ours_changed && !theirs_changed {
                            // Only ours changed since: keep it.
                        } else {
                            // Both changed it, or neither did and still they differ.
                            if self.record_conflict(
                                spec.table,
                                &record,
                                household.as_deref(),
                                field,
                                o.as_deref(),
                                t.as_deref(),
                            )? {
                                report.conflicts += 1;
                            }
                            // Their status date goes with their status: recorded beside
                            // it (not listed, not counted) and settled with it.
                            if *field == "status"
                                && let Some(d) = index("status_date")
                                && text(&ours[d]) != text(&theirs[d])
                            {
                                self.record_conflict(
                                    spec.table,
                                    &record,
                                    household.as_deref(),
                                    "status_date",
                                    text(&ours[d]).as_deref(),
                                    text(&theirs[d]).as_deref(),
                                )?;
                            }
                        }
                    }
                    // Only columns this table has (`referrals` has no status date).
                    take.retain(|f| index(f).is_some());
                    if take.is_empty() {
                        continue;
                    }
                    let set: Vec<String> = take
                        .iter()
                        .enumerate()
                        .map(|(n, f)| format!("{f} = ?{}", n + 1))
                        .collect();
                    let mut values: Vec<Value> = take
                        .iter()
                        .filter_map(|f| index(f).map(|i| theirs[i].clone()))
                        .collect();
                    debug_assert_eq!(set.len(), values.len());
                    let has_updated_at = index("updated_at").is_some();
                    let mut sql = format!("UPDATE {} SET {}", spec.table, set.join(", "));
                    if has_updated_at {
                        sql.push_str(&format!(", updated_at = ?{}", values.len() + 1));
                        values.push(Value::Text(now_utc()));
                    }
                    let base = values.len();
                    let cond = spec
                        .key
                        .iter()
                        .enumerate()
                        .map(|(n, k)| format!("{k} = ?{}", base + n + 1))
                        .collect::<Vec<_>>()
                        .join(" AND ");
                    sql.push_str(&format!(" WHERE {cond}"));
                    values.extend(key.iter().map(|v| (*v).clone()));
                    self.tx.execute(&sql, params_from_iter(values.iter()))?;
                    report.updated += 1;
                    // A group activity (no household): its participants' roll-ups.
                    if spec.table == "activities" && household.is_none() {
                        self.touched.extend(participants(self.tx, &record)?);
                    }
                    if let Some(h) = household {
                        if spec.table == "households"
                            && take
                                .iter()
                                .any(|f| *f == "pengurus_name" || *f == "village")
                        {
                            self.renamed.insert(h.clone());
                        }
                        self.touched.insert(h);
                    }
                    // A household moved to another household's list: both change.
                    if let Some(i) = index("household_id")
                        && let Some(h) = text(&ours[i])
                    {
                        self.touched.insert(h);
                    }
                }
            }
        }
        Ok(report)
    }

    /// Whether a row only the other side has may be added: a worker whose login another
    /// worker holds here is refused; a saved view whose name the same worker already
    /// uses here is left out (ours is kept). A sign-off is added (it names the entry it
    /// reaches by an id both files share, `upto_entry`).
    fn may_add(
        &self,
        table: &str,
        columns: &[String],
        row: &[Value],
    ) -> std::result::Result<bool, MergeError> {
        let get = |name: &str| {
            columns
                .iter()
                .position(|c| c == name)
                .and_then(|i| text(&row[i]))
                .unwrap_or_default()
        };
        match table {
            "workers" => {
                let login = get("login");
                let clash: Option<String> = self
                    .tx
                    .query_row("SELECT id FROM workers WHERE login = ?1", [&login], |r| {
                        r.get("id")
                    })
                    .optional()?;
                match clash {
                    Some(_) => Err(MergeError::LoginClash { login }),
                    None => Ok(true),
                }
            }
            "saved_views" => {
                let taken: Option<i64> = self
                    .tx
                    .query_row(
                        "SELECT 1 AS found FROM saved_views WHERE worker_id = ?1 AND name = ?2",
                        params![get("worker_id"), get("name")],
                        |r| r.get("found"),
                    )
                    .optional()?;
                Ok(taken.is_none())
            }
            _ => Ok(true),
        }
    }

    /// Records a conflict unless the same one (record, field, their value) was recorded
    /// before, open or decided. Returns whether a new one was written.
    fn record_conflict(
        &self,
        table: &str,
        record: &str,
        household: Option<&str>,
        field: &str,
        ours: Option<&str>,
        theirs: Option<&str>,
    ) -> Result<bool> {
        let known: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT 1 AS found FROM merge_conflicts
                 WHERE record_id = ?1 AND field = ?2 AND table_name = ?3 AND theirs IS ?4",
            )?
            .query_row(params![record, field, table, theirs], |r| r.get("found"))
            .optional()?;
        if known.is_some() {
            return Ok(false);
        }
        let now = now_utc();
        self.tx.execute(
            "INSERT INTO merge_conflicts (id, table_name, record_id, household_id, field, ours,
                theirs, source, created_at, updated_at, author_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![
                new_id(),
                table,
                record,
                household,
                field,
                ours,
                theirs,
                self.source,
                now,
                self.author
            ],
        )?;
        Ok(true)
    }

    /// Appends the other side's history rows that are not here yet, in their order.
    fn history(&self) -> Result<u64> {
        let mut stmt = self.other.prepare(
            "SELECT id, table_name, record_id, field, old_value, new_value, created_at,
                    author_id
             FROM change_log ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut added = 0;
        while let Some(r) = rows.next()? {
            let [id, table, record, field, at, author]: [String; 6] = [
                r.get("id")?,
                r.get("table_name")?,
                r.get("record_id")?,
                r.get("field")?,
                r.get("created_at")?,
                r.get("author_id")?,
            ];
            let [old, new]: [Option<String>; 2] = [r.get("old_value")?, r.get("new_value")?];
            if !append_theirs(
                self.tx,
                &LogEntry {
                    id: &id,
                    at: &at,
                    author: &author,
                    table: &table,
                    record: &record,
                    field: &field,
                    old: old.as_deref(),
                    new: new.as_deref(),
                },
            )? {
                continue;
            }
            added += 1;
        }
        Ok(added)
    }

    /// Keeps the derived columns in step: search text and index for renamed households,
    /// roll-ups for every household a merged row belongs to.
    fn derived(&self) -> Result<()> {
        refresh_search(self.tx, &self.renamed)?;
        for id in &self.touched {
            refresh_rollups(self.tx, id)?;
        }
        Ok(())
    }
}

impl Store {
    /// Opens another pilar database read-only, to merge it into this one: the file is never
    /// written (not even migrated). `key` for an encrypted file.
    pub fn open_other(path: &Path, key: Option<&str>) -> Result<Store> {
        std::fs::metadata(path)?;
        let conn = super::connect_for_reading(path)?;
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
        if let Some(k) = key {
            conn.pragma_update(None, "key", k)?;
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 =
            match conn.pragma_query_value(None, "user_version", |r| r.get("user_version")) {
                Ok(v) => v,
                Err(e) => {
                    return Err(match StoreError::from(e) {
                        StoreError::NotADatabase if key.is_some() => StoreError::WrongKey,
                        StoreError::NotADatabase if super::is_encrypted(path).unwrap_or(false) => {
                            StoreError::NeedsKey
                        }
                        other => other,
                    });
                }
            };
        let app_id: i64 =
            conn.pragma_query_value(None, "application_id", |r| r.get("application_id"))?;
        if app_id != APPLICATION_ID || version < 1 {
            return Err(StoreError::NotPilar);
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "query_only", "ON")?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            mode: super::OpenMode::Normal,
            words_probe: std::cell::RefCell::new(None),
            split_search: std::cell::Cell::new(true),
            readiness_memo: super::readiness::Memo::default(),
            count_memo: super::list::CountMemo::default(),
            read_only: true,
            encrypted: key.is_some(),
            key: std::cell::RefCell::new(key.map(str::to_string)),
            lock: super::session_lock(path)?,
        })
    }

    /// Merges `other` (opened with [`Store::open_other`]) into this database, as `author`,
    /// in one transaction. `source` names the other file in the conflicts it records.
    pub fn merge_from(
        &self,
        other: &Store,
        author: &str,
        source: &str,
    ) -> std::result::Result<MergeReport, MergeError> {
        self.merge_from_with(other, author, source, &mut |_, _| {})
    }

    /// [`Store::merge_from`], reporting its steps (checking their history, each table,
    /// bringing the history over) against their number.
    pub fn merge_from_with(
        &self,
        other: &Store,
        author: &str,
        source: &str,
        progress: super::Progress<'_>,
    ) -> std::result::Result<MergeReport, MergeError> {
        let steps = SPECS.len() + 2;
        if same_file(self.path(), other.path()) {
            return Err(MergeError::SameFile);
        }
        if self.read_only() {
            return Err(MergeError::ReadOnly);
        }
        // Their history must be whole before it joins ours.
        let v = other.verify()?;
        progress(1, steps);
        if let Some((seq, id)) = v.broken {
            // The id is the other file's text: shown, so made inert.
            let id = pilar_core::domain::text::neutralize(&id);
            return Err(MergeError::OtherBroken { seq, id });
        }
        self.merge_conn(
            other.conn(),
            author,
            source,
            |_| Ok(()),
            |_, _| Ok(()),
            &mut |i, _| progress(i, steps),
        )
    }

    /// The merge itself, from any pilar-shaped connection (a file opened read-only, or the
    /// in-memory copy of a pull page the sync builds), in one transaction: `before` runs
    /// first in it, `after` last (the sync stores its cursor there, so a page and its
    /// cursor commit together). `progress` hears each step (`steps` in all).
    pub(super) fn merge_conn(
        &self,
        other: &Connection,
        author: &str,
        source: &str,
        before: impl FnOnce(&Transaction<'_>) -> Result<()>,
        after: impl FnOnce(&Transaction<'_>, &MergeReport) -> Result<()>,
        progress: super::Progress<'_>,
    ) -> std::result::Result<MergeReport, MergeError> {
        let steps = SPECS.len() + 2;
        let tx = self.conn().unchecked_transaction()?;
        // Rows arrive parents first, but a supervisor may follow its facilitators: check
        // the references once, at commit.
        tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        before(&tx)?;
        let mut run = Run {
            tx: &tx,
            other,
            author,
            source,
            touched: BTreeSet::new(),
            renamed: BTreeSet::new(),
        };
        let mut report = MergeReport::default();
        for (i, spec) in SPECS.iter().enumerate() {
            report.tables.push(run.table(spec)?);
            progress(i + 2, steps);
        }
        report.history = run.history()?;
        progress(steps, steps);
        run.derived()?;
        if report.changed() {
            // Who merged what, when: one line in this database's history.
            let summary: BTreeMap<&str, (u64, u64, u64)> = report
                .tables
                .iter()
                .map(|t| (t.table, (t.added, t.updated, t.conflicts)))
                .collect();
            let text = summary
                .iter()
                .filter(|(_, (a, u, c))| a + u + c > 0)
                .map(|(t, (a, u, c))| format!("{t}:+{a}~{u}!{c}"))
                .collect::<Vec<_>>()
                .join(",");
            log(&tx, author, "merge", &new_id(), source, None, Some(&text))?;
        }
        // A merge is a whole-database action: every open conflict counts.
        report.open_conflicts = count_open(&tx, &Scope::All)?;
        after(&tx, &report)?;
        tx.commit()?;
        Ok(report)
    }
}

/// Search text and index for these households, from their name and village.
pub(super) fn refresh_search(tx: &Transaction<'_>, ids: &BTreeSet<String>) -> Result<()> {
    for id in ids {
        let row: Option<(i64, String, String)> = tx
            .query_row(
                "SELECT rowid AS rid, pengurus_name, village FROM households WHERE id = ?1",
                [id],
                |r| Ok((r.get("rid")?, r.get("pengurus_name")?, r.get("village")?)),
            )
            .optional()?;
        let Some((rowid, name, village)) = row else {
            continue;
        };
        let search = pilar_core::filter::search_text(&name, &village);
        tx.execute(
            "UPDATE households SET search_text = ?2 WHERE id = ?1",
            params![id, search],
        )?;
        tx.execute("DELETE FROM household_search WHERE rowid = ?1", [rowid])?;
        tx.execute(super::list::SEARCH_INDEX_INSERT, params![rowid, search])?;
    }
    Ok(())
}
