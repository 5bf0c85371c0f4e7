//! The tamper-evident history: each `change_log` row carries the SHA-256 of its own
//! content and of the row before it, so changing, removing or reordering any row breaks
//! the chain from there on. The hash itself is the core's (`chain::entry_hash`, re-exported
//! here); `Store::verify` checks the database and walks the chain.

use rusqlite::params;

pub use pilar_core::chain::{Entry, entry_hash};

use super::{Result, Store};

/// What `pilar verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// `PRAGMA integrity_check` output when it is not "ok".
    pub integrity: Vec<String>,
    /// How many history rows were checked.
    pub entries: u64,
    /// The first broken history row: its `seq` and id.
    pub broken: Option<(i64, String)>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.broken.is_none()
    }
}

impl Store {
    /// Checks the file (`integrity_check`) and the whole history chain.
    pub fn verify(&self) -> Result<Verification> {
        let conn = self.conn();
        let integrity: Vec<String> = conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|l| l != "ok")
            .collect();
        let mut stmt = conn.prepare(
            "SELECT seq, id, table_name, record_id, field, old_value, new_value, created_at,
                    author_id, prev_hash, hash
             FROM change_log ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![])?;
        let mut prev = String::new();
        let mut entries = 0;
        let mut broken = None;
        while let Some(r) = rows.next()? {
            entries += 1;
            let seq: i64 = r.get(0)?;
            let id: String = r.get(1)?;
            let old: Option<String> = r.get(5)?;
            let new: Option<String> = r.get(6)?;
            let stored_prev: String = r.get(9)?;
            let stored: String = r.get(10)?;
            let fields: Vec<String> = [2, 3, 4, 7, 8]
                .into_iter()
                .map(|i| r.get(i))
                .collect::<rusqlite::Result<_>>()?;
            let expected = entry_hash(&Entry {
                prev: &prev,
                id: &id,
                table: &fields[0],
                record: &fields[1],
                field: &fields[2],
                old: old.as_deref(),
                new: new.as_deref(),
                at: &fields[3],
                author: &fields[4],
            });
            if stored_prev != prev || stored != expected {
                broken = Some((seq, id));
                break;
            }
            prev = stored;
        }
        Ok(Verification {
            integrity,
            entries,
            broken,
        })
    }
}
