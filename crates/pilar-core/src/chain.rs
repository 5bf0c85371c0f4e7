//! The history's hash chain: each `change_log` row carries the SHA-256 of its own content
//! and of the row before it, so changing, removing or reordering any row breaks the chain
//! from there on. Pure (no SQL): the store appends and verifies with it, and a sync server
//! can check the same chain.

use sha2::{Digest, Sha256};

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
