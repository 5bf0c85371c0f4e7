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
use pilar_core::model::{Relation, Role};
use pilar_core::sync::{
    Accepted, CASELOAD_TABLES, Cell, Entry, FieldRef, ItemKind, MAX_PUSH_ENTRIES, MAX_PUSH_ROWS,
    Quarantined, RejectCode, TableRows, history_only_field,
};
use serde_json::{Map, Value};
use tokio_postgres::Transaction;

use crate::catalog::{Catalog, Table, ValueError, parse_time, parse_uuid, to_pg};
use crate::sql::{self, table_statements};

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

/// The domain's rules for a column's text or number, beyond its type.
fn domain_check(table: &str, column: &str, cell: &Cell, today: NaiveDate) -> Result<(), Refusal> {
    let key = |ok: bool| {
        if ok {
            Ok(())
        } else {
            Err((
                RejectCode::UnknownKey,
                format!("{table}.{column}: not one of its values"),
            ))
        }
    };
    let list = |s: &str, known: fn(&str) -> bool| {
        key(s
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .all(known))
    };
    let nik = |ok: bool| {
        if ok {
            Ok(())
        } else {
            Err((
                RejectCode::BadNik,
                format!("{table}.{column}: not a valid NIK / No KK"),
            ))
        }
    };
    match (table, column, cell) {
        (_, _, Cell::Null) => Ok(()),
        ("households", "status", Cell::Text(s)) => key(HouseholdStatus::from_key(s).is_some()),
        ("households", "no_kk", Cell::Text(s)) => {
            nik(parse_no_kk(s).is_ok_and(|n| n.as_str() == s))
        }
        ("households", "pengurus_nik", Cell::Text(s)) | ("members", "nik", Cell::Text(s)) => {
            nik(parse_nik(s, today).is_ok_and(|n| n.nik.as_str() == s))
        }
        ("households", "area_code", Cell::Text(s)) => {
            if s.is_empty() || (s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit())) {
                Ok(())
            } else {
                Err((
                    RejectCode::BadValue,
                    "households.area_code: not 10 digits".into(),
                ))
            }
        }
        ("households", "programs", Cell::Text(s)) => {
            list(s, |k| SocialProgram::from_key(k).is_some())
        }
        ("households", "pas_tags", Cell::Text(s)) => list(s, |k| PasTag::from_key(k).is_some()),
        ("households", "desil", Cell::Integer(d)) => key((1..=10).contains(d)),
        ("members", "sex", Cell::Text(s)) => key(Sex::from_key(s).is_some()),
        ("members", "relation", Cell::Text(s)) => key(Relation::from_key(s).is_some()),
        ("members", "component", Cell::Text(s)) => key(Component::from_key(s).is_some()),
        ("activities", "kind", Cell::Text(s)) => key(ActivityKind::from_key(s).is_some()),
        ("activities", "p2k2_module", Cell::Text(s)) => key(P2k2Module::from_key(s).is_some()),
        ("graduations", "kind", Cell::Text(s)) => key(ExitKind::from_key(s).is_some()),
        ("referrals", "program", Cell::Text(s)) => key(Program::from_key(s).is_some()),
        ("referrals", "status", Cell::Text(s)) => key(ReferralStatus::from_key(s).is_some()),
        ("workers", "role", Cell::Text(s)) => key(Role::from_key(s).is_some()),
        _ => Ok(()),
    }
}

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
        if let Value::Object(o) = r.get::<_, Value>(0) {
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
        .map(|r| r.get::<_, String>(0))
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
        .map(|r| (r.get(0), r.get(1)))
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

fn refuse_row(
    into: &mut Vec<(Quarantined, Value)>,
    table: &str,
    key: &str,
    wire: &pilar_core::sync::Row,
    r: Refusal,
) {
    into.push((
        Quarantined {
            kind: ItemKind::Row,
            id: key.to_string(),
            table: table.to_string(),
            record_id: key.to_string(),
            code: r.0,
            reason: r.1,
        },
        serde_json::to_value(wire).unwrap_or(Value::Null),
    ));
}

/// The store's `guard`, for one row. `owner` gives a household's facilitator (accepted in
/// this batch: the stream's), `activity_worker` an activity's caseload, `graduation` whether
/// a graduation exists.
#[allow(clippy::too_many_arguments)]
fn check_row(
    table: &str,
    row: &Map<String, Value>,
    old: Option<&Map<String, Value>>,
    known: &HashSet<String>,
    supervisor: bool,
    actor: &str,
    me: &str,
    kab: &str,
    owner: &dyn Fn(&str) -> Option<String>,
    activity_worker: &dyn Fn(&str) -> Option<String>,
    graduation: &dyn Fn(&str) -> bool,
) -> Result<(), Refusal> {
    for col in ["worker_id", "author_id"] {
        if let Some(w) = text(row, col)
            && !known.contains(w)
        {
            return Err((
                RejectCode::UnknownWorker,
                format!("{table}.{col}: not a worker the server knows"),
            ));
        }
    }
    let not_mine = || {
        Err((
            RejectCode::NotYourHousehold,
            format!("{table}: the household is another facilitator's"),
        ))
    };
    let note_only = || {
        Err((
            RejectCode::SupervisorNoteOnly,
            format!("{table}: a supervisor writes only supervision notes"),
        ))
    };
    let missing = |what: &str| {
        Err((
            RejectCode::MissingParent,
            format!("{table}: its {what} is not on the server"),
        ))
    };
    // A household this row points at, and its facilitator.
    let household_of = |r: &Map<String, Value>| text(r, "household_id").map(str::to_string);
    match table {
        "households" => {
            if supervisor {
                return note_only();
            }
            let worker = text(row, "worker_id").unwrap_or_default();
            match old {
                Some(o) => {
                    let was = text(o, "worker_id").unwrap_or_default();
                    if was != me {
                        return not_mine();
                    }
                    if worker != was {
                        return Err((
                            RejectCode::WorkerChange,
                            "households.worker_id: a household's facilitator changes only by a transfer".into(),
                        ));
                    }
                }
                None if worker != me => return not_mine(),
                None => {}
            }
            let area = text(row, "area_code").unwrap_or_default();
            if !area.is_empty() && !area.starts_with(kab) {
                return Err((
                    RejectCode::OutsideRegency,
                    "households.area_code: another regency than the facilitator's".into(),
                ));
            }
            Ok(())
        }
        "members" | "graduations" | "referrals" => {
            if supervisor {
                return note_only();
            }
            let Some(h) = household_of(row) else {
                return missing("household");
            };
            match owner(&h) {
                None => return missing("household"),
                Some(w) if w != me => return not_mine(),
                Some(_) => {}
            }
            if let Some(was) = old.and_then(household_of)
                && was != h
                && owner(&was).as_deref() != Some(me)
            {
                return not_mine();
            }
            Ok(())
        }
        "activities" => {
            let worker = text(row, "worker_id").unwrap_or_default();
            let h = household_of(row);
            if let Some(h) = &h {
                match owner(h) {
                    None => return missing("household"),
                    Some(w) if w != me => return not_mine(),
                    Some(_) => {}
                }
            }
            if let Some(g) = text(row, "graduation_id")
                && !graduation(g)
            {
                return missing("graduation");
            }
            if worker != me {
                return not_mine();
            }
            if let Some(o) = old {
                if text(o, "worker_id") != Some(me) {
                    return not_mine();
                }
                if let Some(was) = household_of(o)
                    && owner(&was).as_deref() != Some(me)
                {
                    return not_mine();
                }
            }
            if supervisor {
                let note = |r: &Map<String, Value>| {
                    matches!(text(r, "kind"), Some("catatan" | "direktif"))
                        && text(r, "author_id") == Some(actor)
                        && household_of(r).is_some()
                };
                if !note(row) || old.is_some_and(|o| !note(o) || household_of(o) != h) {
                    return note_only();
                }
            }
            Ok(())
        }
        "activity_households" => {
            if supervisor {
                return note_only();
            }
            let a = text(row, "activity_id").unwrap_or_default();
            match activity_worker(a) {
                None => return missing("activity"),
                Some(w) if w != me => return not_mine(),
                Some(_) => {}
            }
            match household_of(row).and_then(|h| owner(&h)) {
                None => missing("household"),
                Some(w) if w != me => not_mine(),
                Some(_) => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// A row the server has, by table and key.
type ServerRow<'m> = dyn Fn(&str, &str) -> Option<&'m Map<String, Value>> + 'm;

/// The store's `guard`, for one entry: its record is accepted in this batch or the
/// server's and in this stream; a supervisor's only on a note they wrote.
#[allow(clippy::too_many_arguments)]
fn check_entry<'m>(
    e: &Entry,
    known: &HashSet<String>,
    supervisor: bool,
    actor: &str,
    me: &str,
    accepted: &HashMap<(&'static str, String), Map<String, Value>>,
    refused: &HashSet<(String, String)>,
    server: &ServerRow<'m>,
    owner: &dyn Fn(&str) -> Option<String>,
) -> Result<(), Refusal> {
    let bad = |what: &str| Err((RejectCode::BadValue, format!("entry {what}: not valid")));
    if parse_uuid(&e.id).is_none() {
        return bad("id");
    }
    if parse_uuid(&e.record_id).is_none() {
        return bad("record_id");
    }
    if parse_time(&e.at).is_none() {
        return bad("time");
    }
    if !known.contains(&e.author) {
        return Err((
            RejectCode::UnknownWorker,
            "entry author: not a worker the server knows".into(),
        ));
    }
    // Attendance is logged on its activity.
    let table: &'static str = match e.table.as_str() {
        "activity_households" => "activities",
        t => CASELOAD_TABLES
            .iter()
            .find(|x| **x == t)
            .copied()
            .unwrap_or("households"),
    };
    if refused.contains(&(table.to_string(), e.record_id.clone())) {
        return Err((
            RejectCode::RecordRefused,
            format!("{table}: its record was refused in this push"),
        ));
    }
    let row = match accepted.get(&(table, e.record_id.clone())) {
        Some(r) => r,
        None => match server(table, &e.record_id) {
            Some(r) => r,
            None => {
                return Err((
                    RejectCode::MissingRecord,
                    format!("{table}: the record is neither in the push nor on the server"),
                ));
            }
        },
    };
    let stream_of = match table {
        "households" => text(row, "worker_id").map(str::to_string),
        "activities" => text(row, "worker_id").map(str::to_string),
        _ => text(row, "household_id").and_then(owner),
    };
    if stream_of.as_deref() != Some(me) {
        return Err((
            RejectCode::NotYourHousehold,
            format!("{table}: the record is another facilitator's"),
        ));
    }
    if supervisor {
        let note = table == "activities"
            && matches!(text(row, "kind"), Some("catatan" | "direktif"))
            && text(row, "author_id") == Some(actor)
            && e.author == actor;
        if !note {
            return Err((
                RejectCode::SupervisorNoteOnly,
                "a supervisor writes only supervision notes".into(),
            ));
        }
    }
    if table == "households" && e.field == "worker_id" && e.new.as_deref() != Some(me) {
        return Err((
            RejectCode::WorkerChange,
            "households.worker_id: a household's facilitator changes only by a transfer".into(),
        ));
    }
    Ok(())
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
        .map(|r| r.get(0))
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
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
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
            .map(|r| (r.get(0), r.get(1)))
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
        .map(|r| r.get::<_, Value>(0))
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
mod tests {
    use super::*;

    const ME: &str = "0190c0de-0000-7000-8000-000000000001";
    const OTHER: &str = "0190c0de-0000-7000-8000-000000000002";
    const BOSS: &str = "0190c0de-0000-7000-8000-000000000003";
    const H1: &str = "0190c0de-0000-7000-8000-0000000000a1";
    const H2: &str = "0190c0de-0000-7000-8000-0000000000a2";

    fn row(pairs: &[(&str, &str)]) -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect()
    }

    fn known() -> HashSet<String> {
        [ME, OTHER, BOSS].iter().map(|s| s.to_string()).collect()
    }

    /// H1 is mine on the server, H2 another facilitator's.
    fn owner(h: &str) -> Option<String> {
        match h {
            H1 => Some(ME.into()),
            H2 => Some(OTHER.into()),
            _ => None,
        }
    }

    fn check(
        table: &str,
        r: &Map<String, Value>,
        old: Option<&Map<String, Value>>,
        supervisor: bool,
    ) -> Result<(), RejectCode> {
        let actor = if supervisor { BOSS } else { ME };
        check_row(
            table,
            r,
            old,
            &known(),
            supervisor,
            actor,
            ME,
            "3324",
            &owner,
            &|_| Some(ME.into()),
            &|_| true,
        )
        .map_err(|(c, _)| c)
    }

    #[test]
    fn the_guard_for_rows() {
        let mine = row(&[
            ("id", H1),
            ("worker_id", ME),
            ("author_id", ME),
            ("area_code", "3324010001"),
        ]);
        assert_eq!(check("households", &mine, Some(&mine), false), Ok(()));
        let theirs = row(&[("id", H2), ("worker_id", OTHER), ("author_id", ME)]);
        assert_eq!(
            check("households", &theirs, Some(&theirs), false),
            Err(RejectCode::NotYourHousehold)
        );
        let moved = row(&[("id", H1), ("worker_id", OTHER), ("author_id", ME)]);
        assert_eq!(
            check("households", &moved, Some(&mine), false),
            Err(RejectCode::WorkerChange)
        );
        let away = row(&[
            ("id", H1),
            ("worker_id", ME),
            ("author_id", ME),
            ("area_code", "3374010001"),
        ]);
        assert_eq!(
            check("households", &away, None, false),
            Err(RejectCode::OutsideRegency)
        );
        let stranger = row(&[
            ("id", H1),
            ("worker_id", ME),
            ("author_id", "0190c0de-0000-7000-8000-0000000000ff"),
        ]);
        assert_eq!(
            check("households", &stranger, None, false),
            Err(RejectCode::UnknownWorker)
        );
        // A member moved from another's household into mine is still not mine to move.
        let member = row(&[("id", "m"), ("household_id", H1), ("author_id", ME)]);
        let was = row(&[("id", "m"), ("household_id", H2), ("author_id", OTHER)]);
        assert_eq!(check("members", &member, None, false), Ok(()));
        assert_eq!(
            check("members", &member, Some(&was), false),
            Err(RejectCode::NotYourHousehold)
        );
        let orphan = row(&[("id", "m"), ("household_id", "nowhere"), ("author_id", ME)]);
        assert_eq!(
            check("members", &orphan, None, false),
            Err(RejectCode::MissingParent)
        );
        // A supervisor: a note in the stream's household, nothing else.
        let note = row(&[
            ("id", "n"),
            ("household_id", H1),
            ("worker_id", ME),
            ("kind", "direktif"),
            ("author_id", BOSS),
        ]);
        assert_eq!(check("activities", &note, None, true), Ok(()));
        let visit = row(&[
            ("id", "n"),
            ("household_id", H1),
            ("worker_id", ME),
            ("kind", "kunjungan"),
            ("author_id", BOSS),
        ]);
        assert_eq!(
            check("activities", &visit, None, true),
            Err(RejectCode::SupervisorNoteOnly)
        );
        let group = row(&[
            ("id", "n"),
            ("worker_id", ME),
            ("kind", "catatan"),
            ("author_id", BOSS),
        ]);
        assert_eq!(
            check("activities", &group, None, true),
            Err(RejectCode::SupervisorNoteOnly)
        );
        assert_eq!(
            check("households", &mine, Some(&mine), true),
            Err(RejectCode::SupervisorNoteOnly)
        );
        let elsewhere = row(&[
            ("id", "n"),
            ("household_id", H2),
            ("worker_id", ME),
            ("kind", "catatan"),
            ("author_id", BOSS),
        ]);
        assert_eq!(
            check("activities", &elsewhere, None, true),
            Err(RejectCode::NotYourHousehold)
        );
    }

    #[test]
    fn domain_values() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let t = |s: &str| Cell::Text(s.into());
        assert!(domain_check("households", "status", &t("aktif"), today).is_ok());
        assert_eq!(
            domain_check("households", "status", &t("pensiun"), today)
                .unwrap_err()
                .0,
            RejectCode::UnknownKey
        );
        assert_eq!(
            domain_check("members", "nik", &t("3324010101900000"), today)
                .unwrap_err()
                .0,
            RejectCode::BadNik
        );
        assert!(
            domain_check(
                "households",
                "pas_tags",
                &t("disabilitas,fakir_miskin"),
                today
            )
            .is_ok()
        );
        assert!(domain_check("households", "pas_tags", &t("disabilitas,x"), today).is_err());
        assert!(domain_check("households", "desil", &Cell::Integer(11), today).is_err());
        assert!(domain_check("households", "area_code", &t("33240"), today).is_err());
        assert!(domain_check("members", "component", &Cell::Null, today).is_ok());
    }
}
