//! The tamper-evident history: each `change_log` row carries the SHA-256 of its own
//! content and of the row before it, so changing, removing or reordering any row breaks
//! the chain from there on. The hash itself is the core's (`chain::entry_hash`, re-exported
//! here). `Store::verify` checks the database and walks the chain, and also what the
//! chain alone cannot show:
//!
//! - entries removed from the chain's end (or all of them): every save records the
//!   chain's head (`SEQ:HASH` of the last entry) in `meta` under [`HEAD_KEY`], a table the
//!   history's triggers do not cover, and verify compares it with the last entry; `pilar
//!   verify` prints the head so a person can keep it elsewhere and check it later
//!   (`--expect`, [`Store::reaches`]);
//! - the guard triggers that refuse UPDATE and DELETE on `change_log` dropped or altered;
//! - rows changed or deleted behind the history's back: every household, member,
//!   activity, graduation and referral field that has history must hold the history's
//!   last value.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};

pub use pilar_core::chain::{Entry, entry_hash};

use super::{MIGRATIONS, Result, Store};

/// The `meta` key under which every save records the chain's head.
pub const HEAD_KEY: &str = "chain_head";

/// The tables whose rows must agree with their history.
pub const CHECKED_TABLES: [&str; 7] = [
    "households",
    "members",
    "activities",
    "graduations",
    "referrals",
    "payments",
    "verifications",
];

/// The triggers that keep `change_log` append-only.
pub const GUARD_TRIGGERS: [&str; 2] = ["change_log_no_update", "change_log_no_delete"];

/// How many disagreeing rows a verification keeps to show (it counts them all).
pub const MISMATCHES_KEPT: usize = 5;

/// The history's last entry: its number and hash. Written and read as `SEQ:HASH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

impl Head {
    /// `SEQ:HASH` as `pilar verify` prints it (the hash's 64 hex digits in either case);
    /// `None` for anything else.
    pub fn parse(s: &str) -> Option<Head> {
        let (seq, hash) = s.trim().split_once(':')?;
        let seq: i64 = seq.parse().ok().filter(|n| *n > 0)?;
        let hash = hash.to_ascii_lowercase();
        (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
            .then_some(Head { seq, hash })
    }
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

/// What the head recorded in `meta` says about the chain's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadCheck {
    /// The recorded head is the chain's last entry (or nothing is recorded and the
    /// history is empty).
    Agrees,
    /// The history has entries but no recorded head: no save by this version of pilar
    /// has happened yet (the next one records it).
    NotRecorded,
    /// The chain ends before the recorded head: entries at its end were removed (`last`
    /// is the last entry left, `None` when every entry is gone).
    Shortened { recorded: Head, last: Option<Head> },
    /// The recorded head (as stored) is not the chain's last entry in any other way:
    /// entries replaced or added outside pilar.
    Differs {
        recorded: String,
        last: Option<Head>,
    },
}

/// A row that disagrees with its history: `field` `None` when the row itself is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub table: String,
    pub record: String,
    pub field: Option<String>,
}

/// What `pilar verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// `PRAGMA integrity_check` output when it is not "ok".
    pub integrity: Vec<String>,
    /// How many history rows were checked.
    pub entries: u64,
    /// The first broken history row: its `seq` and id.
    pub broken: Option<(i64, String)>,
    /// The chain's last entry (`None` for an empty history).
    pub head: Option<Head>,
    pub head_check: HeadCheck,
    /// Guard triggers that are missing or not as pilar created them.
    pub missing_triggers: Vec<&'static str>,
    /// The first [`MISMATCHES_KEPT`] rows that disagree with their history...
    pub mismatches: Vec<Mismatch>,
    /// ...and how many there are.
    pub mismatch_count: u64,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty()
            && self.broken.is_none()
            && matches!(self.head_check, HeadCheck::Agrees | HeadCheck::NotRecorded)
            && self.missing_triggers.is_empty()
            && self.mismatch_count == 0
    }
}

impl Store {
    /// Checks the file (`integrity_check`), the whole history chain, its recorded head,
    /// its guard triggers, and that the rows agree with their history. Only reads.
    pub fn verify(&self) -> Result<Verification> {
        self.verify_with(&mut |_, _| {})
    }

    /// [`Store::verify`], reporting the history entries walked against their number.
    pub fn verify_with(&self, progress: super::Progress<'_>) -> Result<Verification> {
        let conn = self.conn();
        let integrity: Vec<String> = conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>("integrity_check"))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|l| l != "ok")
            .collect();
        let (entries, broken) = walk_chain(conn, progress)?;
        let head = last_entry(conn)?;
        let recorded = recorded_head(conn)?;
        let head_check = check_head(recorded, head.clone());
        let missing_triggers = missing_triggers(conn)?;
        let (mismatches, mismatch_count) = mismatches(conn)?;
        Ok(Verification {
            integrity,
            entries,
            broken,
            head,
            head_check,
            missing_triggers,
            mismatches,
            mismatch_count,
        })
    }

    /// Whether the history still holds `head`: an entry numbered `head.seq` with that hash.
    /// (With an unbroken chain, everything up to it is then as it was.)
    pub fn reaches(&self, head: &Head) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT hash FROM change_log WHERE seq = ?1",
                [head.seq],
                |r| r.get("hash"),
            )
            .optional()?)
    }
}

/// Walks the chain in `seq` order: how many entries, and the first broken one (its hash or
/// link is wrong, or its `updated_at` was changed).
fn walk_chain(
    conn: &Connection,
    progress: super::Progress<'_>,
) -> Result<(u64, Option<(i64, String)>)> {
    let total: i64 = conn.query_row("SELECT count(*) AS n FROM change_log", [], |r| r.get("n"))?;
    let total = usize::try_from(total).unwrap_or(0);
    let mut stmt = conn.prepare(
        "SELECT seq, id, table_name, record_id, field, old_value, new_value, created_at,
                author_id, prev_hash, hash, updated_at = created_at AS untouched
         FROM change_log ORDER BY seq",
    )?;
    let [
        seq_at,
        id_at,
        table_at,
        record_at,
        field_at,
        old_at,
        new_at,
        created_at,
        author_at,
        prev_at,
        hash_at,
        untouched_at,
    ] = super::read::column_indexes(
        &stmt,
        [
            "seq",
            "id",
            "table_name",
            "record_id",
            "field",
            "old_value",
            "new_value",
            "created_at",
            "author_id",
            "prev_hash",
            "hash",
            "untouched",
        ],
    )?;
    let mut rows = stmt.query(params![])?;
    let mut prev = String::new();
    let mut entries = 0;
    while let Some(r) = rows.next()? {
        entries += 1;
        progress(entries as usize, total.max(entries as usize));
        let seq: i64 = r.get(seq_at)?;
        let id: String = r.get(id_at)?;
        let old: Option<String> = r.get(old_at)?;
        let new: Option<String> = r.get(new_at)?;
        let stored_prev: String = r.get(prev_at)?;
        let stored: String = r.get(hash_at)?;
        let table: String = r.get(table_at)?;
        let record: String = r.get(record_at)?;
        let field: String = r.get(field_at)?;
        let at: String = r.get(created_at)?;
        let author: String = r.get(author_at)?;
        let expected = entry_hash(&Entry {
            prev: &prev,
            id: &id,
            table: &table,
            record: &record,
            field: &field,
            old: old.as_deref(),
            new: new.as_deref(),
            at: &at,
            author: &author,
        });
        // `updated_at` is outside the hash, but an entry is never updated: it must be its
        // `created_at` still.
        let untouched: bool = r.get(untouched_at)?;
        if stored_prev != prev || stored != expected || !untouched {
            return Ok((entries, Some((seq, id))));
        }
        prev = stored;
    }
    Ok((entries, None))
}

/// The chain's last entry, `None` for an empty history.
pub(super) fn last_entry(conn: &Connection) -> Result<Option<Head>> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| {
            Ok(Head {
                seq: r.get("seq")?,
                hash: r.get("hash")?,
            })
        })
        .optional()?)
}

/// Records `head` in `meta` (inside the caller's transaction): done by every append to the
/// history, so the last save's head is always there.
pub(super) fn record_head(conn: &Connection, head: &Head) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![HEAD_KEY, head.to_string()])?;
    Ok(())
}

fn recorded_head(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [HEAD_KEY], |r| {
            r.get("value")
        })
        .optional()?)
}

/// Compares the head `meta` records with the chain's last entry (pure).
pub fn check_head(recorded: Option<String>, last: Option<Head>) -> HeadCheck {
    let Some(text) = recorded else {
        return if last.is_none() {
            HeadCheck::Agrees
        } else {
            HeadCheck::NotRecorded
        };
    };
    match (Head::parse(&text), &last) {
        (Some(r), Some(l)) if r == *l => HeadCheck::Agrees,
        (Some(r), _) if last.as_ref().is_none_or(|l| l.seq < r.seq) => {
            HeadCheck::Shortened { recorded: r, last }
        }
        _ => HeadCheck::Differs {
            recorded: text,
            last,
        },
    }
}

/// The guard triggers that are missing, or whose statement is not the one pilar's schema
/// creates (a trigger of the same name that refuses nothing is no guard).
fn missing_triggers(conn: &Connection) -> Result<Vec<&'static str>> {
    let mut missing = Vec::new();
    for name in GUARD_TRIGGERS {
        let sql: Option<Option<String>> = conn
            .query_row(
                "SELECT sql FROM sqlite_schema
                 WHERE type = 'trigger' AND name = ?1 AND tbl_name = 'change_log'",
                [name],
                |r| r.get("sql"),
            )
            .optional()?;
        let expected = expected_trigger(name);
        if sql.flatten().as_deref() != expected {
            missing.push(name);
        }
    }
    Ok(missing)
}

/// The statement that creates trigger `name` as the schema's migrations write it (SQLite
/// keeps it in `sqlite_schema` as written, without the final `;`).
fn expected_trigger(name: &str) -> Option<&'static str> {
    MIGRATIONS.iter().find_map(|m| {
        let start = m.find(&format!("CREATE TRIGGER {name} "))?;
        let len = m[start..].find("END;")? + "END".len();
        Some(&m[start..start + len])
    })
}

/// Rows of [`CHECKED_TABLES`] that disagree with their history: the first
/// [`MISMATCHES_KEPT`] and the count.
///
/// For each field that has history, the row must hold the last entry's new value. Empty
/// text and NULL are alike (as in the history) and numbers compare as their decimal text.
/// Skipped: fields that are not columns (`households` of an activity, `nik_revealed`),
/// `status_date` (written with `status`, which has the history) and a field with an open
/// merge conflict (the merge kept ours while their later entry joined the history). A
/// record with history whose row is gone is reported without a field.
fn mismatches(conn: &Connection) -> Result<(Vec<Mismatch>, u64)> {
    let open_conflicts = open_conflicts(conn)?;
    let mut rows = Rows::new(conn);
    let mut kept = Vec::new();
    let mut count = 0u64;
    let mut report = |m: Mismatch, kept: &mut Vec<Mismatch>| {
        count += 1;
        if kept.len() < MISMATCHES_KEPT {
            kept.push(m);
        }
    };
    // The history one record at a time (the index on record_id, seq), its fields' last values.
    let mut stmt = conn.prepare(
        "SELECT record_id, table_name, field, new_value FROM change_log
         WHERE table_name IN ('households', 'members', 'activities', 'graduations', 'referrals',
                              'payments', 'verifications')
         ORDER BY record_id, seq",
    )?;
    let mut history = stmt.query([])?;
    let mut record = String::new();
    let mut last: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
    loop {
        let next = history.next()?;
        let next_record: Option<String> = next.map(|r| r.get("record_id")).transpose()?;
        if next_record.as_deref() != Some(record.as_str()) && !last.is_empty() {
            for m in rows.check(&record, &last, &open_conflicts)? {
                report(m, &mut kept);
            }
            last.clear();
        }
        let (Some(r), Some(id)) = (next, next_record) else {
            break;
        };
        record = id;
        last.insert((r.get("table_name")?, r.get("field")?), r.get("new_value")?);
    }
    Ok((kept, count))
}

/// (table, record, field) of every open merge conflict.
fn open_conflicts(conn: &Connection) -> Result<HashSet<(String, String, String)>> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 AS found FROM sqlite_schema
         WHERE type = 'table' AND name = 'merge_conflicts'",
        [],
        |r| r.get("found"),
    )?;
    if !exists {
        return Ok(HashSet::new());
    }
    let mut stmt = conn.prepare(
        "SELECT table_name, record_id, field FROM merge_conflicts WHERE resolved_at IS NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get("table_name")?, r.get("record_id")?, r.get("field")?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A row as (column, value as text).
type Row = Vec<(String, Option<String>)>;

/// Reads rows of the checked tables by id, each table's columns as text.
struct Rows<'c> {
    conn: &'c Connection,
}

impl<'c> Rows<'c> {
    fn new(conn: &'c Connection) -> Self {
        Rows { conn }
    }

    /// The row `id` of `table` as (column, value as text), `None` when there is none.
    fn row(&mut self, table: &str, id: &str) -> Result<Option<Row>> {
        if !CHECKED_TABLES.contains(&table) {
            return Ok(None);
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT * FROM \"{table}\" WHERE id = ?1"))?;
        let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
        Ok(stmt
            .query_row([id], |r| {
                (0..names.len())
                    .map(|i| Ok((names[i].clone(), as_text(r.get_ref(i)?))))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .optional()?)
    }

    /// The fields of record `id` whose stored value is not their history's last.
    fn check(
        &mut self,
        id: &str,
        last: &BTreeMap<(String, String), Option<String>>,
        open: &HashSet<(String, String, String)>,
    ) -> Result<Vec<Mismatch>> {
        let mut found = Vec::new();
        let tables: Vec<&String> = {
            let mut t: Vec<&String> = last.keys().map(|(t, _)| t).collect();
            t.dedup();
            t
        };
        for table in tables {
            let Some(row) = self.row(table, id)? else {
                found.push(Mismatch {
                    table: table.clone(),
                    record: id.to_string(),
                    field: None,
                });
                continue;
            };
            for ((t, field), value) in last.iter().filter(|((t, _), _)| t == table) {
                if field == "status_date"
                    || open.contains(&(t.clone(), id.to_string(), field.clone()))
                {
                    continue;
                }
                let Some((_, stored)) = row.iter().find(|(c, _)| c == field) else {
                    continue;
                };
                if value.as_deref().unwrap_or("") != stored.as_deref().unwrap_or("") {
                    found.push(Mismatch {
                        table: table.clone(),
                        record: id.to_string(),
                        field: Some(field.clone()),
                    });
                }
            }
        }
        Ok(found)
    }
}

/// A stored value as the history writes it: NULL as `None`, numbers as decimal text.
fn as_text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(seq: i64, c: char) -> Head {
        Head {
            seq,
            hash: c.to_string().repeat(64),
        }
    }

    #[test]
    fn heads_are_written_and_read_as_seq_colon_hash() {
        let h = head(42, 'a');
        assert_eq!(Head::parse(&h.to_string()), Some(h.clone()));
        assert_eq!(Head::parse(&format!(" 42:{} \n", "A".repeat(64))), Some(h));
        for bad in ["", "42", "42:abc", "0:".to_string().as_str(), "x:aa", "-1:"] {
            assert_eq!(Head::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Head::parse(&format!("42:{}", "g".repeat(64))), None);
    }

    #[test]
    fn the_recorded_head_is_compared_with_the_chains_end() {
        let rec = |h: &Head| Some(h.to_string());
        assert_eq!(check_head(None, None), HeadCheck::Agrees);
        assert_eq!(check_head(None, Some(head(3, 'a'))), HeadCheck::NotRecorded);
        assert_eq!(
            check_head(rec(&head(3, 'a')), Some(head(3, 'a'))),
            HeadCheck::Agrees
        );
        assert_eq!(
            check_head(rec(&head(5, 'a')), Some(head(3, 'b'))),
            HeadCheck::Shortened {
                recorded: head(5, 'a'),
                last: Some(head(3, 'b'))
            }
        );
        assert_eq!(
            check_head(rec(&head(5, 'a')), None),
            HeadCheck::Shortened {
                recorded: head(5, 'a'),
                last: None
            }
        );
        assert!(matches!(
            check_head(rec(&head(3, 'a')), Some(head(3, 'b'))),
            HeadCheck::Differs { .. }
        ));
        assert!(matches!(
            check_head(rec(&head(3, 'a')), Some(head(4, 'b'))),
            HeadCheck::Differs { .. }
        ));
        assert!(matches!(
            check_head(Some("rubbish".into()), Some(head(4, 'b'))),
            HeadCheck::Differs { .. }
        ));
    }

    #[test]
    fn the_guard_triggers_are_found_in_the_migrations() {
        for name in GUARD_TRIGGERS {
            let sql = expected_trigger(name).unwrap();
            assert!(
                sql.starts_with("CREATE TRIGGER") && sql.ends_with("END"),
                "{sql}"
            );
            assert!(sql.contains("RAISE(ABORT"), "{sql}");
        }
    }
}
