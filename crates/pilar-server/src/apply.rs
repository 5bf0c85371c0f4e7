//! Applying a batch of entries and rows to one caseload stream, inside the caller's
//! transaction, after the caller locked the stream's `caseloads` row: the heart of a push,
//! and of `pilar server load`.
//!
//! Every row and entry is checked; a failure is quarantined with its reason and does not
//! stop the rest. The checks, in order: the value fits its column (type, NULL, the domain's
//! keys and NIK parsers); the workers it names exist; its parents exist (on the server or
//! accepted earlier in the batch); the author may write it (the store's `write::guard`:
//! a facilitator only records of households whose *server* facilitator they are, new
//! households become theirs, `worker_id` never changes; a supervisor only single-household
//! `catatan`/`direktif` activities they wrote, in the stream's households); a household's
//! area code is in the stream's regency; a NIK is not another household's (`nik_claims`).
//! Then the new entries get the stream's next seqs and chain hashes, the rows are upserted
//! (fields with an open conflict on the laptop keep the server's value), the stream's head
//! moves, and the facilitator's `team_rollup` row is refreshed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use pilar_core::chain::entry_hash;
use pilar_core::domain::Sex;
use pilar_core::domain::activity::{ActivityKind, P2k2Module};
use pilar_core::domain::component::Component;
use pilar_core::domain::graduation::{
    ExitKind, HouseholdStatus, PasTag, Program, ReferralStatus, SocialProgram, TargetPolicy,
};
use pilar_core::domain::nik::{parse_nik, parse_no_kk};
use pilar_core::domain::payment::{self, PaymentProblem, PaymentStatus};
use pilar_core::model::{Relation, Role};
use pilar_core::sync::{
    Accepted, CASELOAD_TABLES, Cell, Entry, FieldRef, ItemKind, MAX_PUSH_ENTRIES, MAX_PUSH_ROWS,
    Quarantined, RejectCode, TableRows, history_only_field,
};
use serde_json::{Map, Value};
use tokio_postgres::Transaction;

use crate::catalog::{Catalog, Table, ValueError, parse_time, parse_uuid, to_pg};
use crate::sql::{self, table_statements};

mod check;
use check::{check_entry, check_row, domain_check, refuse_row};

/// Who pushes.
#[derive(Debug, Clone)]
pub struct Actor {
    pub worker_id: String,
    pub role: Role,
    pub kab: String,
}

/// The stream pushed into: a facilitator's caseload in a regency.
#[derive(Debug, Clone)]
pub struct Stream {
    pub kab: String,
    pub worker_id: String,
}

/// Where the batch comes from.
#[derive(Debug, Clone)]
pub struct Meta {
    pub push_id: String,
    pub device_id: Option<String>,
    pub received_at: DateTime<Utc>,
    /// The server's date: NIK centuries, the roll-up's windows.
    pub today: NaiveDate,
}

/// What a batch did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The stream's head and chain hash after the batch.
    pub seq: i64,
    pub hash: String,
    pub accepted: Vec<Accepted>,
    pub quarantined: Vec<Quarantined>,
    pub rows_applied: u64,
    pub entries_added: u64,
}

/// Why a batch could not be applied (nothing of it is kept: the caller rolls back).
#[derive(Debug)]
pub enum ApplyError {
    Pg(tokio_postgres::Error),
    /// Another stream of the regency stored one of these entry ids at the same moment.
    Race,
}

impl From<tokio_postgres::Error> for ApplyError {
    fn from(e: tokio_postgres::Error) -> Self {
        ApplyError::Pg(e)
    }
}

/// A batch that is not well formed: answered 400 and nothing is applied.
pub fn check_shape(cat: &Catalog, entries: &[Entry], rows: &TableRows) -> Result<(), String> {
    if entries.len() > MAX_PUSH_ENTRIES {
        return Err(format!(
            "{} entries: at most {MAX_PUSH_ENTRIES} per push",
            entries.len()
        ));
    }
    let total: usize = rows.values().map(Vec::len).sum();
    if total > MAX_PUSH_ROWS {
        return Err(format!("{total} rows: at most {MAX_PUSH_ROWS} per push"));
    }
    for (name, list) in rows {
        let Some(table) = cat.table(name) else {
            return Err(format!("unknown table {name:?}"));
        };
        for (i, row) in list.iter().enumerate() {
            for (col, cell) in row {
                match table.column(col) {
                    None => return Err(format!("{name} row {i}: unknown column {col:?}")),
                    Some(c) if !c.ty.accepts(cell) => {
                        return Err(format!("{name} row {i}: column {col} has the wrong kind"));
                    }
                    Some(_) => {}
                }
            }
            if let Some(c) = table.columns.iter().find(|c| !row.contains_key(&c.name)) {
                return Err(format!("{name} row {i}: column {} is missing", c.name));
            }
        }
    }
    for (i, e) in entries.iter().enumerate() {
        let Some(table) = cat.table(&e.table) else {
            return Err(format!("entry {i}: unknown table {:?}", e.table));
        };
        if table.column(&e.field).is_none() && !history_only_field(&e.table, &e.field) {
            return Err(format!(
                "entry {i}: unknown field {:?} of {}",
                e.field, e.table
            ));
        }
    }
    Ok(())
}

type Refusal = (RejectCode, String);

/// Checks a row's values and converts them to PostgreSQL's JSON (without the server's
/// columns).
pub fn convert_row(
    table: &Table,
    row: &pilar_core::sync::Row,
    today: NaiveDate,
) -> Result<Map<String, Value>, Refusal> {
    let mut out = Map::new();
    for col in &table.columns {
        let cell = row.get(&col.name).unwrap_or(&Cell::Null);
        let v = to_pg(col, cell).map_err(|e| match e {
            ValueError::Missing => (
                RejectCode::MissingValue,
                format!("{}.{}: empty", table.name, col.name),
            ),
            ValueError::Bad => (
                RejectCode::BadValue,
                format!("{}.{}: not a {:?} value", table.name, col.name, col.ty),
            ),
        })?;
        domain_check(table.name, &col.name, cell, today)?;
        out.insert(col.name.clone(), v);
    }
    Ok(out)
}

fn text<'a>(row: &'a Map<String, Value>, col: &str) -> Option<&'a str> {
    row.get(col).and_then(Value::as_str)
}

/// Rows read from the server, by table and key.
type Existing = HashMap<&'static str, HashMap<String, Map<String, Value>>>;

async fn fetch(
    tx: &Transaction<'_>,
    table: &Table,
    kab: &str,
    keys: &BTreeSet<String>,
    into: &mut Existing,
) -> Result<(), tokio_postgres::Error> {
    if keys.is_empty() {
        return Ok(());
    }
    let stmt = table_statements(table);
    let rows = if table.key.len() > 1 {
        let (a, h): (Vec<String>, Vec<String>) = keys
            .iter()
            .filter_map(|k| k.split_once(':'))
            .map(|(a, h)| (a.to_string(), h.to_string()))
            .unzip();
        tx.query(&stmt.by_keys, &[&kab, &a, &h]).await?
    } else {
        let ids: Vec<&String> = keys.iter().collect();
        tx.query(&stmt.by_keys, &[&kab, &ids]).await?
    };
    let map = into.entry(table.name).or_default();
    for r in rows {
        if let Value::Object(o) = r.get::<_, Value>("row") {
            map.insert(table.json_key(&o), o);
        }
    }
    Ok(())
}

/// A row that passed its value checks, waiting for the rest.
struct Candidate<'a> {
    key: String,
    json: Map<String, Value>,
    wire: &'a pilar_core::sync::Row,
}

/// Applies a batch to `stream`, whose locked head is `(seq, hash)`. The batch must have
/// passed [`check_shape`].
#[allow(clippy::too_many_arguments)]
pub async fn apply(
    tx: &Transaction<'_>,
    cat: &Catalog,
    actor: &Actor,
    stream: &Stream,
    head: (i64, String),
    entries: &[Entry],
    rows: &TableRows,
    open_conflicts: &[FieldRef],
    meta: &Meta,
) -> Result<Outcome, ApplyError> {
    let kab = stream.kab.as_str();
    let me = stream.worker_id.as_str();
    let supervisor = actor.role == Role::Supervisor;
    let mut quarantined: Vec<(Quarantined, Value)> = Vec::new();

    // 1. Values.
    let mut candidates: Vec<(&Table, Vec<Candidate<'_>>)> = Vec::new();
    for table in &cat.tables {
        let mut list = Vec::new();
        let mut seen = HashSet::new();
        for wire in rows.get(table.name).map(Vec::as_slice).unwrap_or_default() {
            let key = table.row_key(wire);
            if !seen.insert(key.clone()) {
                continue;
            }
            match convert_row(table, wire, meta.today) {
                Ok(json) => list.push(Candidate { key, json, wire }),
                Err(r) => refuse_row(&mut quarantined, table.name, &key, wire, r),
            }
        }
        candidates.push((table, list));
    }

    // 2. What the server has: the pushed records, the entries' records, their parents.
    let mut wanted: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for (table, list) in &candidates {
        for c in list {
            wanted.entry(table.name).or_default().insert(c.key.clone());
            for (col, parent) in &table.parents {
                if let Some(id) = text(&c.json, col) {
                    let p = CASELOAD_TABLES
                        .iter()
                        .find(|t| **t == parent.as_str())
                        .copied()
                        .unwrap_or("households");
                    wanted.entry(p).or_default().insert(id.to_string());
                }
            }
        }
    }
    for e in entries {
        let t = if e.table == "activity_households" {
            "activities"
        } else {
            e.table.as_str()
        };
        if let Some(t) = CASELOAD_TABLES.iter().find(|x| **x == t)
            && parse_uuid(&e.record_id).is_some()
        {
            wanted.entry(t).or_default().insert(e.record_id.clone());
        }
    }
    let mut existing: Existing = HashMap::new();
    for table in cat.tables.iter().filter(|t| t.name != "households") {
        let keys = wanted.remove(table.name).unwrap_or_default();
        fetch(tx, table, kab, &keys, &mut existing).await?;
    }
    // Households last: the existing rows above name theirs too.
    let mut households: BTreeSet<String> = wanted.remove("households").unwrap_or_default();
    for rows in existing.values() {
        for r in rows.values() {
            if let Some(h) = text(r, "household_id") {
                households.insert(h.to_string());
            }
        }
    }
    if let Some(t) = cat.table("households") {
        fetch(tx, t, kab, &households, &mut existing).await?;
    }
    let server = |table: &str, key: &str| existing.get(table).and_then(|m| m.get(key));

    // Workers the batch names.
    let mut named: BTreeSet<String> = entries
        .iter()
        .filter(|e| parse_uuid(&e.author).is_some())
        .map(|e| e.author.clone())
        .collect();
    for (_, list) in &candidates {
        for c in list {
            for col in ["worker_id", "author_id"] {
                if let Some(w) = text(&c.json, col) {
                    named.insert(w.to_string());
                }
            }
        }
    }
    let named: Vec<String> = named.into_iter().collect();
    let known: HashSet<String> = tx
        .query(sql::reference::WORKERS_KNOWN, &[&named])
        .await?
        .iter()
        .map(|r| r.get::<_, String>("id"))
        .collect();

    // 3. Parents, authorisation, regency, NIKs; table by table, parents first.
    let open: HashSet<(&str, &str, &str)> = open_conflicts
        .iter()
        .map(|f| (f.table.as_str(), f.record_id.as_str(), f.field.as_str()))
        .collect();
    // Accepted rows by (table, key).
    let mut accepted: HashMap<(&'static str, String), Map<String, Value>> = HashMap::new();
    // Pushed rows that were refused (their entries follow them).
    let mut refused: HashSet<(String, String)> = quarantined
        .iter()
        .map(|(q, _)| (q.table.clone(), q.id.clone()))
        .collect();
    let mut writes: Vec<(&Table, Vec<Value>)> = Vec::new();
    for (table, list) in candidates {
        let name = table.name;
        let mut ok: Vec<Candidate<'_>> = Vec::new();
        for c in list {
            let verdict = {
                let owner = |h: &str| -> Option<String> {
                    if accepted.contains_key(&("households", h.to_string())) {
                        Some(me.to_string())
                    } else {
                        server("households", h)
                            .and_then(|r| text(r, "worker_id"))
                            .map(str::to_string)
                    }
                };
                let activity_worker = |a: &str| -> Option<String> {
                    accepted
                        .get(&("activities", a.to_string()))
                        .or_else(|| server("activities", a))
                        .and_then(|r| text(r, "worker_id"))
                        .map(str::to_string)
                };
                let old = server(name, &c.key);
                check_row(
                    name,
                    &c.json,
                    old,
                    &known,
                    supervisor,
                    &actor.worker_id,
                    me,
                    kab,
                    &owner,
                    &activity_worker,
                    &|g: &str| {
                        accepted.contains_key(&("graduations", g.to_string()))
                            || server("graduations", g).is_some()
                    },
                    &|g: &str| {
                        accepted
                            .get(&("p2k2_groups", g.to_string()))
                            .or_else(|| server("p2k2_groups", g))
                            .and_then(|r| text(r, "worker_id"))
                            .map(str::to_string)
                    },
                )
            };
            match verdict {
                Ok(()) => ok.push(c),
                Err(r) => {
                    refused.insert((name.to_string(), c.key.clone()));
                    refuse_row(&mut quarantined, name, &c.key, c.wire, r);
                }
            }
        }
        // NIKs: households' pengurus and members, when the row is live.
        let nik_column = match name {
            "households" => Some("pengurus_nik"),
            "members" => Some("nik"),
            _ => None,
        };
        if let Some(col) = nik_column {
            let claims: Vec<(String, String)> = ok
                .iter()
                .filter(|c| c.json.get("deleted") != Some(&Value::Bool(true)))
                .filter_map(|c| {
                    let household = if name == "households" {
                        c.key.clone()
                    } else {
                        text(&c.json, "household_id")?.to_string()
                    };
                    Some((text(&c.json, col)?.to_string(), household))
                })
                .collect();
            let lost = claim_niks(tx, kab, &claims, rows).await?;
            ok.retain(|c| {
                let household = if name == "households" {
                    Some(c.key.as_str())
                } else {
                    text(&c.json, "household_id")
                };
                let taken = text(&c.json, col)
                    .zip(household)
                    .is_some_and(|(n, h)| lost.contains(&(n.to_string(), h.to_string())));
                if taken {
                    refused.insert((name.to_string(), c.key.clone()));
                    refuse_row(
                        &mut quarantined,
                        name,
                        &c.key,
                        c.wire,
                        (
                            RejectCode::NikClaimed,
                            format!("{name}.{col}: the NIK belongs to another household"),
                        ),
                    );
                }
                !taken
            });
        }
        let mut out = Vec::new();
        for mut c in ok {
            // An open conflict on the laptop: the server keeps its value until a person
            // decides (the status date goes with the status).
            if let Some(old) = server(name, &c.key) {
                for col in &table.columns {
                    let f = col.name.as_str();
                    let is_open = open.contains(&(name, c.key.as_str(), f))
                        || (f == "status_date" && open.contains(&(name, c.key.as_str(), "status")));
                    if is_open {
                        c.json
                            .insert(f.to_string(), old.get(f).cloned().unwrap_or(Value::Null));
                    }
                }
            }
            accepted.insert((name, c.key.clone()), c.json.clone());
            out.push(Value::Object(c.json));
        }
        writes.push((table, out));
    }

    // 4. Entries.
    let mut fresh: Vec<&Entry> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for e in entries {
        if !seen.insert(e.id.as_str()) {
            continue;
        }
        let verdict = check_entry(
            e,
            &known,
            supervisor,
            &actor.worker_id,
            me,
            &accepted,
            &refused,
            &|t: &str, k: &str| server(t, k),
            &|h: &str| -> Option<String> {
                if accepted.contains_key(&("households", h.to_string())) {
                    Some(me.to_string())
                } else {
                    server("households", h)
                        .and_then(|r| text(r, "worker_id"))
                        .map(str::to_string)
                }
            },
        );
        match verdict {
            Ok(()) => fresh.push(e),
            Err((code, reason)) => quarantined.push((
                Quarantined {
                    kind: ItemKind::Entry,
                    id: e.id.clone(),
                    table: e.table.clone(),
                    record_id: e.record_id.clone(),
                    code,
                    reason,
                },
                serde_json::to_value(e).unwrap_or(Value::Null),
            )),
        }
    }
    let ids: Vec<&str> = fresh.iter().map(|e| e.id.as_str()).collect();
    let held: HashMap<String, i64> = tx
        .query(sql::single_shard::LOG_KNOWN, &[&kab, &ids])
        .await?
        .iter()
        .map(|r| (r.get("id"), r.get("seq")))
        .collect();

    // 5. Writes.
    let (seq0, hash0) = head;
    let mut accepted_entries = Vec::new();
    let mut cols: [Vec<Option<String>>; 11] = Default::default();
    let mut seqs: Vec<i64> = Vec::new();
    let mut prev = hash0.clone();
    let mut seq = seq0;
    for e in fresh {
        if let Some(&s) = held.get(&e.id) {
            accepted_entries.push(Accepted {
                id: e.id.clone(),
                seq: s,
            });
            continue;
        }
        seq += 1;
        let hash = entry_hash(&e.chain(&prev));
        seqs.push(seq);
        for (i, v) in [
            Some(e.id.clone()),
            Some(e.table.clone()),
            Some(e.record_id.clone()),
            Some(e.field.clone()),
            e.old.clone(),
            e.new.clone(),
            Some(e.at.clone()),
            Some(e.author.clone()),
            Some(prev.clone()),
            Some(hash.clone()),
        ]
        .into_iter()
        .enumerate()
        {
            cols[i].push(v);
        }
        accepted_entries.push(Accepted {
            id: e.id.clone(),
            seq,
        });
        prev = hash;
    }
    let added = seqs.len() as i64;
    if added > 0 {
        let n = tx
            .execute(
                sql::single_shard::LOG_INSERT,
                &[
                    &kab,
                    &me,
                    &meta.received_at,
                    &meta.device_id,
                    &meta.push_id,
                    &seqs,
                    &cols[0],
                    &cols[1],
                    &cols[2],
                    &cols[3],
                    &cols[4],
                    &cols[5],
                    &cols[6],
                    &cols[7],
                    &cols[8],
                    &cols[9],
                ],
            )
            .await?;
        if n != seqs.len() as u64 {
            // Another stream of the regency took one of these ids at the same moment: the
            // chain would have a hole. Nothing is kept; the laptop pushes again.
            return Err(ApplyError::Race);
        }
    }
    let row_seq = seq0 + added.max(1);
    let mut rows_applied = 0u64;
    for (table, mut list) in writes {
        if list.is_empty() {
            continue;
        }
        for v in &mut list {
            if let Value::Object(o) = v {
                o.insert("kab_code".into(), Value::String(kab.to_string()));
                o.insert("caseload_id".into(), Value::String(me.to_string()));
                o.insert("row_seq".into(), Value::from(row_seq));
            }
        }
        let stmt = table_statements(table);
        let written = tx.query(&stmt.upsert, &[&kab, &Value::Array(list)]).await?;
        rows_applied += written.len() as u64;
    }
    let new_seq = if added > 0 {
        seq0 + added
    } else if rows_applied > 0 {
        seq0 + 1
    } else {
        seq0
    };
    if new_seq != seq0 {
        tx.execute(
            sql::single_shard::CASELOAD_SET,
            &[&kab, &me, &new_seq, &prev, &meta.received_at],
        )
        .await?;
        refresh_rollup(tx, kab, me, meta.today, meta.received_at).await?;
    }
    for (n, (q, payload)) in quarantined.iter().enumerate() {
        let kind = match q.kind {
            ItemKind::Entry => "entry",
            ItemKind::Row => "row",
        };
        let entry_id = (q.kind == ItemKind::Entry).then(|| q.id.clone());
        tx.execute(
            sql::single_shard::QUARANTINE_INSERT,
            &[
                &kab,
                &meta.push_id,
                &(n as i32),
                &me,
                &meta.device_id,
                &kind,
                &q.table,
                &q.record_id,
                &entry_id,
                &q.code.key(),
                &q.reason,
                payload,
                &meta.received_at,
            ],
        )
        .await?;
    }
    Ok(Outcome {
        seq: new_seq,
        hash: prev,
        accepted: accepted_entries,
        quarantined: quarantined.into_iter().map(|(q, _)| q).collect(),
        rows_applied,
        entries_added: added as u64,
    })
}

/// Claims `(nik, household)` pairs in `nik_claims`; returns the pairs another household
/// holds. A claim whose household no longer has that NIK live (a member deleted or
/// corrected, also in this very batch) moves to the new household, within the regency.
async fn claim_niks(
    tx: &Transaction<'_>,
    kab: &str,
    claims: &[(String, String)],
    batch: &TableRows,
) -> Result<HashSet<(String, String)>, tokio_postgres::Error> {
    let mut lost = HashSet::new();
    if claims.is_empty() {
        return Ok(lost);
    }
    // First claim of a NIK in this batch wins.
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut unique: Vec<(&str, &str)> = Vec::new();
    for (n, h) in claims {
        match first.get(n.as_str()) {
            Some(h0) if h0 != h => {
                lost.insert((n.clone(), h.clone()));
            }
            Some(_) => {}
            None => {
                first.insert(n, h);
                unique.push((n, h));
            }
        }
    }
    // In one order everywhere, so two pushes claiming the same NIKs wait rather than
    // deadlock.
    unique.sort_unstable();
    let niks: Vec<&str> = unique.iter().map(|(n, _)| *n).collect();
    let households: Vec<&str> = unique.iter().map(|(_, h)| *h).collect();
    let claimed: HashSet<String> = tx
        .query(sql::nik::CLAIM, &[&kab, &niks, &households])
        .await?
        .iter()
        .map(|r| r.get("nik"))
        .collect();
    let rest: Vec<&str> = niks
        .iter()
        .copied()
        .filter(|n| !claimed.contains(*n))
        .collect();
    if rest.is_empty() {
        return Ok(lost);
    }
    let holders: HashMap<String, (String, String)> = tx
        .query(sql::nik::CLAIMS, &[&rest])
        .await?
        .iter()
        .map(|r| (r.get("nik"), (r.get("kab_code"), r.get("household_id"))))
        .collect();
    // Rows of this batch that give up a NIK: deleted, or holding another one now.
    let gives_up = |table: &str, id: &str, nik: &str| {
        let col = if table == "households" {
            "pengurus_nik"
        } else {
            "nik"
        };
        batch.get(table).is_some_and(|rows| {
            rows.iter().any(|r| {
                r.get("id").and_then(Cell::as_text) == Some(id)
                    && (r.get("deleted") == Some(&Cell::Integer(1))
                        || r.get(col).and_then(Cell::as_text) != Some(nik))
            })
        })
    };
    for (n, h) in unique.iter().filter(|(n, _)| rest.contains(n)) {
        let Some((hkab, holder)) = holders.get(*n) else {
            // Claimed and released meanwhile: claim again on the next push.
            lost.insert((n.to_string(), h.to_string()));
            continue;
        };
        if holder == h && hkab == kab {
            continue;
        }
        if hkab != kab {
            lost.insert((n.to_string(), h.to_string()));
            continue;
        }
        let live: Vec<(String, String)> = tx
            .query(sql::single_shard::NIK_HOLDERS, &[&kab, holder, n])
            .await?
            .iter()
            .map(|r| (r.get("table_name"), r.get("id")))
            .collect();
        if live.iter().all(|(t, id)| gives_up(t, id, n)) {
            tx.execute(sql::nik::TAKE_OVER, &[n, &kab, holder, h])
                .await?;
        } else {
            lost.insert((n.to_string(), h.to_string()));
        }
    }
    Ok(lost)
}

/// Refreshes one facilitator's `team_rollup` row for this year (only if a figure changed).
pub async fn refresh_rollup(
    tx: &Transaction<'_>,
    kab: &str,
    worker: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), tokio_postgres::Error> {
    let Some(w) = tx
        .query_opt(sql::reference::WORKER, &[&worker])
        .await?
        .map(|r| r.get::<_, Value>("row"))
    else {
        return Ok(());
    };
    if w.get("role").and_then(Value::as_str) != Some("facilitator") {
        return Ok(());
    }
    let year = today.year();
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(today);
    let counted: Vec<&str> = TargetPolicy::default()
        .counted
        .iter()
        .map(|k| k.key())
        .collect();
    let recent = today - Duration::days(29);
    let month = today.with_day(1).unwrap_or(today);
    let cutoff = today - Duration::days(90);
    let name = w.get("name").and_then(Value::as_str).unwrap_or_default();
    let login = w.get("login").and_then(Value::as_str).unwrap_or_default();
    let target = w
        .get("annual_target")
        .and_then(Value::as_i64)
        .and_then(|t| i32::try_from(t).ok())
        .unwrap_or(0);
    tx.execute(
        sql::single_shard::ROLLUP_REFRESH,
        &[
            &kab, &worker, &year, &name, &login, &target, &from, &to, &counted, &recent, &today,
            &month, &cutoff, &now,
        ],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests;
