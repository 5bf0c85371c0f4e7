//! `pilar server load`: a whole pilar database onto the server (a district's first upload,
//! or the demo). Workers first (reference data, with their regency: the first 4 digits of
//! their households' area codes, their facilitators' for a supervisor, or `--kab`), then
//! one transaction per regency: every facilitator's rows, then the history entries of
//! their records filed into their caseload stream, then the supervisors' sign-offs of them
//! with their history, pushed as the supervisor who made each (as a supervisor's laptop
//! would), all through the same checks and writes as a push ([`crate::apply`]).
//! Idempotent: rows equal to the server's are not written, entries the server holds are
//! not added again, so a second load changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, Utc};
use pilar_core::model::Role;
use pilar_core::sync::{
    CASELOAD_TABLES, Cell, Entry, MAX_PUSH_ENTRIES, MAX_PUSH_ROWS, RejectCode, Row, TableRows,
};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio_postgres::Client;

use crate::apply::{self, Actor, ApplyError, Meta, Stream};
use crate::catalog::Catalog;
use crate::sql;

/// A pilar database as the sync sees it (read by `pilar_store::store::Store::sync_*`).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub workers: Vec<Row>,
    /// Rows of each caseload table.
    pub tables: BTreeMap<String, Vec<Row>>,
    /// The history, in its order.
    pub entries: Vec<Entry>,
}

impl Snapshot {
    /// Reads a database (every synced table, the history).
    pub fn read(store: &pilar_store::store::Store) -> pilar_store::store::Result<Snapshot> {
        let mut tables = BTreeMap::new();
        for t in CASELOAD_TABLES {
            tables.insert(t.to_string(), store.sync_rows(t)?);
        }
        Ok(Snapshot {
            workers: store.sync_workers()?,
            tables,
            entries: store.sync_entries()?,
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Every worker's regency, instead of the one their households tell.
    pub kab: Option<String>,
    /// The server's date (NIK centuries, roll-ups).
    pub today: Option<NaiveDate>,
}

/// What one regency got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KabReport {
    pub kab: String,
    pub facilitators: u64,
    pub rows_applied: u64,
    pub entries_added: u64,
    pub quarantined: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub workers: u64,
    pub regencies: Vec<KabReport>,
    /// History entries of tables that are not a caseload's (workers, saved views, merges).
    pub skipped_entries: u64,
    /// Entries whose record the database does not have.
    pub unfiled_entries: u64,
}

impl LoadReport {
    pub fn changed(&self) -> bool {
        self.regencies
            .iter()
            .any(|k| k.rows_applied + k.entries_added > 0)
    }
}

#[derive(Debug)]
pub enum LoadError {
    /// Workers whose regency nothing tells (no households, no facilitators): `--kab`.
    NoRegency(Vec<String>),
    /// A `--kab` that is not 4 digits.
    BadKab(String),
    /// A worker row that does not fit the server's table.
    BadWorker(String),
    /// A login the server has under another worker id (as `pilar merge` refuses it).
    LoginClash(String),
    Pg(tokio_postgres::Error),
    Race,
}

impl From<tokio_postgres::Error> for LoadError {
    fn from(e: tokio_postgres::Error) -> Self {
        LoadError::Pg(e)
    }
}

impl From<ApplyError> for LoadError {
    fn from(e: ApplyError) -> Self {
        match e {
            ApplyError::Pg(e) => LoadError::Pg(e),
            ApplyError::Race => LoadError::Race,
        }
    }
}

fn text<'a>(row: &'a Row, col: &str) -> Option<&'a str> {
    row.get(col)
        .and_then(Cell::as_text)
        .filter(|s| !s.is_empty())
}

/// The most frequent value (ties: the smallest), if any.
fn mode<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(v, _)| v.to_string())
}

/// Each worker's regency.
fn regencies(snap: &Snapshot, kab: Option<&str>) -> Result<HashMap<String, String>, LoadError> {
    let mut out = HashMap::new();
    let ids: Vec<&str> = snap.workers.iter().filter_map(|w| text(w, "id")).collect();
    if let Some(k) = kab {
        for id in ids {
            out.insert(id.to_string(), k.to_string());
        }
        return Ok(out);
    }
    let households = snap
        .tables
        .get("households")
        .map(Vec::as_slice)
        .unwrap_or_default();
    for id in &ids {
        let codes = households
            .iter()
            .filter(|h| text(h, "worker_id") == Some(id))
            .filter_map(|h| text(h, "area_code"))
            .filter(|a| a.len() >= 4 && a.bytes().take(4).all(|b| b.is_ascii_digit()))
            .map(|a| &a[..4]);
        if let Some(k) = mode(codes) {
            out.insert(id.to_string(), k);
        }
    }
    // Supervisors: their facilitators' regency; then anyone under a placed supervisor.
    for _ in 0..2 {
        for w in &snap.workers {
            let Some(id) = text(w, "id") else { continue };
            if out.contains_key(id) {
                continue;
            }
            let under: Vec<String> = snap
                .workers
                .iter()
                .filter(|f| text(f, "supervisor_id") == Some(id))
                .filter_map(|f| text(f, "id").and_then(|f| out.get(f)).cloned())
                .collect();
            let guess = mode(under.iter().map(String::as_str))
                .or_else(|| text(w, "supervisor_id").and_then(|s| out.get(s)).cloned());
            if let Some(k) = guess {
                out.insert(id.to_string(), k);
            }
        }
    }
    // One regency in the whole file: the others belong there too.
    let all: BTreeSet<&String> = out.values().collect();
    if all.len() == 1 {
        let k = (*all.iter().next().unwrap_or(&&String::new())).clone();
        for id in &ids {
            out.entry(id.to_string()).or_insert_with(|| k.clone());
        }
    }
    let missing: Vec<String> = snap
        .workers
        .iter()
        .filter(|w| text(w, "id").is_some_and(|id| !out.contains_key(id)))
        .filter_map(|w| text(w, "login").map(str::to_string))
        .collect();
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(LoadError::NoRegency(missing))
    }
}

/// A push id for a chunk of a load: the same chunk always gets the same id, so a second
/// load files its quarantine under the same keys.
fn chunk_id(kab: &str, worker: &str, what: &str, keys: &[String]) -> String {
    let mut h = Sha256::new();
    for part in [kab, worker, what] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    for k in keys {
        h.update(k.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_random_bytes(b).into_uuid().to_string()
}

/// Loads `snap` onto the server (migrated already) as the database owner.
pub async fn load(
    client: &mut Client,
    snap: &Snapshot,
    opts: &LoadOptions,
) -> Result<LoadReport, LoadError> {
    if let Some(k) = &opts.kab
        && !(k.len() == 4 && k.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(LoadError::BadKab(k.clone()));
    }
    let today = opts
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let cat = Catalog::load(&*client)
        .await
        .map_err(|e| LoadError::BadWorker(e.to_string()))?;
    let kab_of = regencies(snap, opts.kab.as_deref())?;
    let households = snap
        .tables
        .get("households")
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut report = LoadReport::default();

    // Reference data: regions, then workers (supervisors before those they supervise).
    let tx = client.transaction().await?;
    let kabs: BTreeSet<&String> = kab_of.values().collect();
    for kab in &kabs {
        let name = mode(
            households
                .iter()
                .filter(|h| text(h, "area_code").is_some_and(|a| a.starts_with(kab.as_str())))
                .filter_map(|h| text(h, "kabupaten")),
        )
        .unwrap_or_default();
        tx.execute(sql::reference::REGION_UPSERT, &[kab, &&kab[..2], &name])
            .await?;
    }
    for w in &snap.workers {
        let (Some(id), Some(login)) = (text(w, "id"), text(w, "login")) else {
            continue;
        };
        if let Some(r) = tx
            .query_opt(sql::reference::WORKER_LOGIN_ID, &[&login])
            .await?
            && r.get::<_, String>("id") != id
        {
            return Err(LoadError::LoginClash(login.to_string()));
        }
    }
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<&Row> = snap.workers.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut later = Vec::new();
        for w in pending {
            let sup = text(w, "supervisor_id");
            if sup.is_some_and(|s| !placed.contains(s) && text(w, "id") != Some(s)) {
                later.push(w);
                continue;
            }
            let mut json = apply::convert_row(&cat.workers, w, today)
                .map_err(|(_, reason)| LoadError::BadWorker(reason))?;
            let id = text(w, "id").unwrap_or_default().to_string();
            let kab = kab_of.get(&id).cloned().unwrap_or_default();
            json.insert("prov_code".into(), Value::String(kab[..2].to_string()));
            json.insert("scope".into(), Value::String(format!("kab:{kab}")));
            json.insert("kab_code".into(), Value::String(kab));
            tx.execute(sql::reference::WORKER_UPSERT, &[&Value::Object(json)])
                .await?;
            placed.insert(id);
            report.workers += 1;
        }
        if later.len() == before {
            // A supervisor cycle or one outside the file: load them anyway (the
            // reference fails loudly if it is really missing).
            for w in later.drain(..) {
                let mut json = apply::convert_row(&cat.workers, w, today)
                    .map_err(|(_, reason)| LoadError::BadWorker(reason))?;
                json.insert("supervisor_id".into(), Value::Null);
                let id = text(w, "id").unwrap_or_default().to_string();
                let kab = kab_of.get(&id).cloned().unwrap_or_default();
                json.insert("prov_code".into(), Value::String(kab[..2].to_string()));
                json.insert("scope".into(), Value::String(format!("kab:{kab}")));
                json.insert("kab_code".into(), Value::String(kab));
                tx.execute(sql::reference::WORKER_UPSERT, &[&Value::Object(json)])
                    .await?;
                placed.insert(id);
                report.workers += 1;
            }
        }
        pending = later;
    }
    tx.commit().await?;

    // Who owns what: household -> facilitator, activity -> facilitator.
    let owner_of_household: HashMap<&str, &str> = households
        .iter()
        .filter_map(|h| Some((text(h, "id")?, text(h, "worker_id")?)))
        .collect();
    let rows_of = |t: &str| snap.tables.get(t).map(Vec::as_slice).unwrap_or_default();
    let owner_of_activity: HashMap<&str, &str> = rows_of("activities")
        .iter()
        .filter_map(|a| {
            let owner = match text(a, "household_id") {
                Some(h) => owner_of_household.get(h).copied()?,
                None => text(a, "worker_id")?,
            };
            Some((text(a, "id")?, owner))
        })
        .collect();
    let owner = |table: &str, row: &Row| -> Option<String> {
        match table {
            "households" | "p2k2_groups" => text(row, "worker_id").map(str::to_string),
            "signoffs" => text(row, "facilitator_id").map(str::to_string),
            "activities" => text(row, "id")
                .and_then(|a| owner_of_activity.get(a))
                .map(|s| s.to_string()),
            "activity_households" => text(row, "activity_id")
                .and_then(|a| owner_of_activity.get(a))
                .map(|s| s.to_string()),
            _ => text(row, "household_id")
                .and_then(|h| owner_of_household.get(h))
                .map(|s| s.to_string()),
        }
    };
    let mut record_owner: HashMap<(&str, &str), String> = HashMap::new();
    for t in [
        "p2k2_groups",
        "households",
        "members",
        "graduations",
        "activities",
        "referrals",
        "payments",
        "verifications",
        "life_events",
        "signoffs",
    ] {
        for r in rows_of(t) {
            if let (Some(id), Some(o)) = (text(r, "id"), owner(t, r)) {
                record_owner.insert((t, id), o);
            }
        }
    }
    let mut entries_of: HashMap<String, Vec<Entry>> = HashMap::new();
    for e in &snap.entries {
        if !CASELOAD_TABLES.contains(&e.table.as_str()) {
            report.skipped_entries += 1;
            continue;
        }
        let t = if e.table == "activity_households" {
            "activities"
        } else {
            e.table.as_str()
        };
        match record_owner.get(&(t, e.record_id.as_str())) {
            Some(o) => entries_of.entry(o.clone()).or_default().push(e.clone()),
            None => report.unfiled_entries += 1,
        }
    }

    // One transaction per regency.
    let workers_by_id: HashMap<&str, &Row> = snap
        .workers
        .iter()
        .filter_map(|w| Some((text(w, "id")?, w)))
        .collect();
    for kab in kabs {
        let mut kr = KabReport {
            kab: kab.clone(),
            ..KabReport::default()
        };
        let tx = client.transaction().await?;
        let mut facilitators: Vec<&str> = kab_of
            .iter()
            .filter(|(id, k)| {
                *k == kab
                    && workers_by_id.get(id.as_str()).and_then(|w| text(w, "role"))
                        == Some("facilitator")
            })
            .map(|(id, _)| id.as_str())
            .collect();
        facilitators.sort_unstable();
        for f in facilitators {
            kr.facilitators += 1;
            let actor = Actor {
                worker_id: f.to_string(),
                role: Role::Facilitator,
                kab: kab.clone(),
            };
            let stream = Stream {
                kab: kab.clone(),
                worker_id: f.to_string(),
            };
            tx.execute(sql::single_shard::CASELOAD_ENSURE, &[kab, &f])
                .await?;
            let row = tx
                .query_one(sql::single_shard::CASELOAD_LOCK, &[kab, &f])
                .await?;
            let mut head: (i64, String) = (row.get("seq"), row.get("last_hash"));
            // Rows, parents first, in chunks of a push's size.
            let mut chunks: Vec<TableRows> = Vec::new();
            let mut current = TableRows::new();
            let mut n = 0;
            // A sign-off is the supervisor's: pushed as them, after the facilitator's.
            for t in CASELOAD_TABLES.iter().filter(|t| **t != "signoffs") {
                for r in rows_of(t) {
                    if owner(t, r).as_deref() != Some(f) {
                        continue;
                    }
                    if n == MAX_PUSH_ROWS {
                        chunks.push(std::mem::take(&mut current));
                        n = 0;
                    }
                    current.entry(t.to_string()).or_default().push(r.clone());
                    n += 1;
                }
            }
            if n > 0 {
                chunks.push(current);
            }
            let mut batches: Vec<(String, Vec<Entry>, TableRows)> = Vec::new();
            for chunk in chunks {
                let keys: Vec<String> = chunk
                    .iter()
                    .flat_map(|(t, rows)| {
                        let table = cat.table(t);
                        rows.iter().map(move |r| {
                            format!("{t}/{}", table.map(|t| t.row_key(r)).unwrap_or_default())
                        })
                    })
                    .collect();
                batches.push((chunk_id(kab, f, "rows", &keys), Vec::new(), chunk));
            }
            let (signed, theirs): (Vec<&Entry>, Vec<&Entry>) = entries_of
                .get(f)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .partition(|e| e.table == "signoffs");
            for list in theirs.chunks(MAX_PUSH_ENTRIES) {
                let keys: Vec<String> = list.iter().map(|e| e.id.clone()).collect();
                batches.push((
                    chunk_id(kab, f, "entries", &keys),
                    list.iter().map(|e| (*e).clone()).collect(),
                    TableRows::new(),
                ));
            }
            let mut batches: Vec<(Actor, String, Vec<Entry>, TableRows)> = batches
                .into_iter()
                .map(|(id, entries, rows)| (actor.clone(), id, entries, rows))
                .collect();
            batches.extend(sign_off_batches(kab, f, rows_of("signoffs"), &signed));
            for (actor, push_id, entries, rows) in batches {
                let meta = Meta {
                    push_id,
                    device_id: None,
                    received_at: Utc::now(),
                    today,
                };
                let out = apply::apply(
                    &tx,
                    &cat,
                    &actor,
                    &stream,
                    head,
                    &entries,
                    &rows,
                    &[],
                    &meta,
                )
                .await?;
                head = (out.seq, out.hash.clone());
                kr.rows_applied += out.rows_applied;
                kr.entries_added += out.entries_added;
                for q in out.quarantined {
                    *kr.quarantined.entry(q.code.key().to_string()).or_default() += 1;
                }
            }
            apply::refresh_rollup(&tx, kab, f, today, Utc::now()).await?;
        }
        tx.commit().await?;
        report.regencies.push(kr);
    }
    Ok(report)
}

/// The sign-offs of facilitator `f` and their history entries, pushed into `f`'s stream
/// as the supervisor who made each (the server takes a sign-off only from its supervisor):
/// one batch of rows and then its entries per supervisor, in chunks of a push's size.
fn sign_off_batches(
    kab: &str,
    f: &str,
    rows: &[Row],
    entries: &[&Entry],
) -> Vec<(Actor, String, Vec<Entry>, TableRows)> {
    let mut by_supervisor: BTreeMap<&str, (Vec<Row>, Vec<Entry>)> = BTreeMap::new();
    for r in rows.iter().filter(|r| text(r, "facilitator_id") == Some(f)) {
        if let Some(s) = text(r, "supervisor_id") {
            by_supervisor.entry(s).or_default().0.push(r.clone());
        }
    }
    let supervisor_of: HashMap<&str, &str> = rows
        .iter()
        .filter_map(|r| Some((text(r, "id")?, text(r, "supervisor_id")?)))
        .collect();
    for e in entries {
        if let Some(s) = supervisor_of.get(e.record_id.as_str()) {
            by_supervisor.entry(s).or_default().1.push((*e).clone());
        }
    }
    let mut out = Vec::new();
    for (s, (rows, entries)) in by_supervisor {
        let actor = Actor {
            worker_id: s.to_string(),
            role: Role::Supervisor,
            kab: kab.to_string(),
        };
        for chunk in rows.chunks(MAX_PUSH_ROWS) {
            let keys: Vec<String> = chunk
                .iter()
                .filter_map(|r| text(r, "id").map(str::to_string))
                .collect();
            let mut table = TableRows::new();
            table.insert("signoffs".to_string(), chunk.to_vec());
            let id = chunk_id(kab, f, &format!("signoffs {s}"), &keys);
            out.push((actor.clone(), id, Vec::new(), table));
        }
        for chunk in entries.chunks(MAX_PUSH_ENTRIES) {
            let keys: Vec<String> = chunk.iter().map(|e| e.id.clone()).collect();
            let id = chunk_id(kab, f, &format!("signoff entries {s}"), &keys);
            out.push((actor.clone(), id, chunk.to_vec(), TableRows::new()));
        }
    }
    out
}

/// Quarantine codes as the report lists them.
pub fn reject_code(key: &str) -> Option<RejectCode> {
    RejectCode::ALL.into_iter().find(|c| c.key() == key)
}
