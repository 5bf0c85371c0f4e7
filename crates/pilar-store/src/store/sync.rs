//! What the sync reads from a pilar database: the rows of the synced tables as the wire
//! carries them (`pilar_core::sync::Row`: column name -> NULL, integer or text, exactly as
//! SQLite holds them), the workers, and the history in its order. `pilar server load`
//! uploads a database with these; the laptop's sync client builds its pushes from them.

use pilar_core::sync::{CASELOAD_TABLES, Cell, Entry, Row};
use rusqlite::types::ValueRef;

use super::{Result, Store};

pub(super) fn cell(v: ValueRef<'_>) -> Cell {
    match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Integer(i),
        // No column of pilar's schema holds a real or a blob; kept as text if one does.
        ValueRef::Real(f) => Cell::Text(f.to_string()),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Cell::Text(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

/// The history columns [`entry_from_row`] reads, over `change_log c`:
/// `SELECT {ENTRY_COLUMNS} FROM change_log c ...`.
pub(super) const ENTRY_COLUMNS: &str = "c.id AS id, c.table_name AS table_name,
    c.record_id AS record_id, c.field AS field, c.old_value AS old_value,
    c.new_value AS new_value, c.created_at AS created_at, c.author_id AS author_id";

/// A history entry as the wire carries it, from a row selecting [`ENTRY_COLUMNS`].
pub(super) fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get("id")?,
        table: r.get("table_name")?,
        record_id: r.get("record_id")?,
        field: r.get("field")?,
        old: r.get("old_value")?,
        new: r.get("new_value")?,
        at: r.get("created_at")?,
        author: r.get("author_id")?,
    })
}

/// A wire cell as SQLite stores it.
pub(super) fn value(c: &Cell) -> rusqlite::types::Value {
    match c {
        Cell::Null => rusqlite::types::Value::Null,
        Cell::Integer(i) => rusqlite::types::Value::Integer(*i),
        Cell::Text(t) => rusqlite::types::Value::Text(t.clone()),
    }
}

impl Store {
    /// Every row of a synced table (one of `CASELOAD_TABLES`, or `workers`), all columns,
    /// in primary-key order.
    pub fn sync_rows(&self, table: &str) -> Result<Vec<Row>> {
        let order = match table {
            "activity_households" => "activity_id, household_id",
            t if CASELOAD_TABLES.contains(&t) || t == "workers" => "id",
            _ => return Ok(Vec::new()),
        };
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
        let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Row::new();
            for (i, name) in names.iter().enumerate() {
                row.insert(name.clone(), cell(r.get_ref(i)?));
            }
            out.push(row);
        }
        Ok(out)
    }

    /// The workers, as rows.
    pub fn sync_workers(&self) -> Result<Vec<Row>> {
        self.sync_rows("workers")
    }

    /// The whole history (`change_log`) in `seq` order, as the wire's entries.
    pub fn sync_entries(&self) -> Result<Vec<Entry>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM change_log c ORDER BY c.seq"
        ))?;
        let rows = stmt.query_map([], entry_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
