//! The tamper-evident history: each `change_log` row carries the SHA-256 of its own
//! content and of the row before it, so changing, removing or reordering any row breaks
//! the chain from there on. `Store::verify` checks the database and walks the chain.

use rusqlite::params;
use sha2::{Digest, Sha256};

use super::{Result, Store};

/// The fields of one history row that its hash covers.
pub struct Entry<'a> {
    pub prev: &'a str,
    pub id: &'a str,
    pub table: &'a str,
    pub record: &'a str,
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub at: &'a str,
    pub author: &'a str,
}

/// Hex SHA-256 over the fields, each length-prefixed (so no two rows hash alike by
/// shifting text between fields), `None` distinct from an empty string.
pub fn entry_hash(e: &Entry<'_>) -> String {
    let mut h = Sha256::new();
    let mut put = |v: Option<&str>| match v {
        Some(s) => {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        None => h.update(u64::MAX.to_le_bytes()),
    };
    put(Some(e.prev));
    put(Some(e.id));
    put(Some(e.table));
    put(Some(e.record));
    put(Some(e.field));
    put(e.old);
    put(e.new);
    put(Some(e.at));
    put(Some(e.author));
    let digest = h.finalize();
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn e<'a>(prev: &'a str, new: Option<&'a str>) -> Entry<'a> {
        Entry {
            prev,
            id: "id",
            table: "t",
            record: "r",
            field: "f",
            old: None,
            new,
            at: "2026-11-29T00:00:00.000Z",
            author: "a",
        }
    }

    #[test]
    fn hashes_depend_on_every_field_and_the_previous_row() {
        let a = entry_hash(&e("", Some("x")));
        assert_eq!(a.len(), 64);
        assert_ne!(a, entry_hash(&e("", Some("y"))));
        assert_ne!(a, entry_hash(&e("", None)));
        assert_ne!(entry_hash(&e("", Some(""))), entry_hash(&e("", None)));
        assert_ne!(a, entry_hash(&e(&a, Some("x"))));
        assert_eq!(a, entry_hash(&e("", Some("x"))));
    }
}
