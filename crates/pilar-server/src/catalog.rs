//! The columns of the synced tables and their types, read from PostgreSQL's catalog at
//! start: the one list of columns is the schema itself (`sql/001_tables.sql`), not a second
//! hand-written one. The wire carries SQLite's values ([`Cell`]); this module checks and
//! converts them to and from PostgreSQL's types.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use pilar_core::sync::{CASELOAD_TABLES, Cell, Row};
use serde_json::Value;
use tokio_postgres::GenericClient;

use crate::db::DbError;

/// Columns the server keeps beside the laptop's: never on the wire.
pub const SERVER_COLUMNS: [&str; 3] = ["kab_code", "caseload_id", "row_seq"];
/// The server-only columns of `workers`.
pub const WORKER_SERVER_COLUMNS: [&str; 3] = ["kab_code", "prov_code", "scope"];

/// A column type the sync knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    /// `char(n)`: exactly n characters.
    Char(usize),
    Uuid,
    Int2,
    Int4,
    Int8,
    /// A 0/1 flag on the laptop.
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    Timestamptz,
}

impl Ty {
    fn from_catalog(udt: &str, len: Option<i32>) -> Option<Ty> {
        Some(match udt {
            "text" | "varchar" => Ty::Text,
            "bpchar" => Ty::Char(usize::try_from(len.unwrap_or(1)).ok()?),
            "uuid" => Ty::Uuid,
            "int2" => Ty::Int2,
            "int4" => Ty::Int4,
            "int8" => Ty::Int8,
            "bool" => Ty::Bool,
            "date" => Ty::Date,
            "timestamptz" => Ty::Timestamptz,
            _ => return None,
        })
    }

    /// Whether a wire cell of this kind can hold a value of this type (NULL always can;
    /// whether the column takes NULL is a value check).
    pub fn accepts(self, cell: &Cell) -> bool {
        match cell {
            Cell::Null => true,
            Cell::Integer(_) => matches!(self, Ty::Int2 | Ty::Int4 | Ty::Int8 | Ty::Bool),
            Cell::Text(_) => !matches!(self, Ty::Int2 | Ty::Int4 | Ty::Int8 | Ty::Bool),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub ty: Ty,
    pub not_null: bool,
}

/// One synced table: its wire columns (the laptop's) in catalog order, its key, and the
/// columns that point at another synced table.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
    /// The primary key without `kab_code` (`id`, or `activity_id, household_id`).
    pub key: Vec<String>,
    /// column -> parent table (a foreign key `(kab_code, column)` to `(kab_code, id)`).
    pub parents: BTreeMap<String, String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The key of a wire row as one string (`id`, or `activity_id:household_id`).
    pub fn row_key(&self, row: &Row) -> String {
        self.key
            .iter()
            .map(|k| row.get(k).and_then(Cell::as_text).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(":")
    }

    /// The key of a row read from PostgreSQL (`to_jsonb`).
    pub fn json_key(&self, row: &serde_json::Map<String, Value>) -> String {
        self.key
            .iter()
            .map(|k| row.get(k).and_then(Value::as_str).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(":")
    }
}

/// The synced tables, in [`CASELOAD_TABLES`] order, and `workers`.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub tables: Vec<Table>,
    pub workers: Table,
}

impl Catalog {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Reads the current schema's catalog (after `db::migrate`).
    pub async fn load(client: &impl GenericClient) -> Result<Catalog, DbError> {
        let mut tables = Vec::new();
        for name in CASELOAD_TABLES {
            tables.push(read_table(client, name, &SERVER_COLUMNS).await?);
        }
        let workers = read_table(client, "workers", &WORKER_SERVER_COLUMNS).await?;
        Ok(Catalog { tables, workers })
    }
}

async fn read_table(
    client: &impl GenericClient,
    name: &'static str,
    server_only: &[&str],
) -> Result<Table, DbError> {
    let rows = client
        .query(
            "SELECT column_name::text AS column_name, udt_name::text AS udt_name,
                    character_maximum_length::int AS max_length, is_nullable = 'NO' AS not_null
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1
             ORDER BY ordinal_position",
            &[&name],
        )
        .await?;
    let mut columns = Vec::new();
    for r in rows {
        let column: String = r.get("column_name");
        if server_only.contains(&column.as_str()) {
            continue;
        }
        let udt: String = r.get("udt_name");
        let ty = Ty::from_catalog(&udt, r.get("max_length")).ok_or_else(|| {
            DbError::Schema(format!(
                "{name}.{column}: type {udt} is not one the sync knows"
            ))
        })?;
        columns.push(Column {
            name: column,
            ty,
            not_null: r.get("not_null"),
        });
    }
    if columns.is_empty() {
        return Err(DbError::Schema(format!("table {name} is missing")));
    }
    let key: Vec<String> = client
        .query(
            "SELECT a.attname::text AS column_name
             FROM pg_index i
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = to_regclass($1) AND i.indisprimary
             ORDER BY array_position(i.indkey::int2[], a.attnum)",
            &[&name],
        )
        .await?
        .iter()
        .map(|r| r.get::<_, String>("column_name"))
        .filter(|c| c != "kab_code")
        .collect();
    // Foreign keys (kab_code, column) -> (kab_code, id) of another synced table.
    let mut parents = BTreeMap::new();
    for r in client
        .query(
            "SELECT (SELECT array_agg(a.attname::text ORDER BY k.n)
                     FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
                        AS columns,
                    c.confrelid::regclass::text AS parent
             FROM pg_constraint c
             WHERE c.contype = 'f' AND c.conrelid = to_regclass($1)",
            &[&name],
        )
        .await?
    {
        let cols: Vec<String> = r.get("columns");
        let parent: String = r.get("parent");
        let parent = parent.rsplit('.').next().unwrap_or(&parent).to_string();
        if let [kab, col] = cols.as_slice()
            && kab == "kab_code"
            && CASELOAD_TABLES.contains(&parent.as_str())
        {
            parents.insert(col.clone(), parent);
        }
    }
    Ok(Table {
        name,
        columns,
        key,
        parents,
    })
}

/// The canonical text of a timestamp: UTC, milliseconds, `Z`.
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses a timestamp written exactly as pilar writes them (`2026-01-31T08:00:00.000Z`);
/// any other spelling of the same instant is refused, because the history's hash covers
/// the text.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let t = DateTime::parse_from_rfc3339(s).ok()?.with_timezone(&Utc);
    (format_time(&t) == s).then_some(t)
}

/// Parses a date written `YYYY-MM-DD` (nothing else).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    (d.format("%Y-%m-%d").to_string() == s).then_some(d)
}

/// Parses a UUID written lower-case and hyphenated (as the laptop's ids are).
pub fn parse_uuid(s: &str) -> Option<uuid::Uuid> {
    let u = uuid::Uuid::parse_str(s).ok()?;
    (u.to_string() == s).then_some(u)
}

/// Why a value does not fit its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// NULL in a NOT NULL column.
    Missing,
    /// Does not parse as the column's type.
    Bad,
}

/// Converts one checked wire value to the JSON PostgreSQL's `jsonb_populate_recordset`
/// reads for the column's type.
pub fn to_pg(col: &Column, cell: &Cell) -> Result<Value, ValueError> {
    let bad = Err(ValueError::Bad);
    match (col.ty, cell) {
        (_, Cell::Null) if col.not_null => Err(ValueError::Missing),
        (_, Cell::Null) => Ok(Value::Null),
        (Ty::Int2, Cell::Integer(i)) => i16::try_from(*i).map_or(bad, |v| Ok(v.into())),
        (Ty::Int4, Cell::Integer(i)) => i32::try_from(*i).map_or(bad, |v| Ok(v.into())),
        (Ty::Int8, Cell::Integer(i)) => Ok((*i).into()),
        (Ty::Bool, Cell::Integer(0)) => Ok(Value::Bool(false)),
        (Ty::Bool, Cell::Integer(1)) => Ok(Value::Bool(true)),
        (Ty::Text, Cell::Text(s)) if !s.contains('\0') => Ok(Value::String(s.clone())),
        (Ty::Char(n), Cell::Text(s)) if s.chars().count() == n && !s.ends_with(' ') => {
            Ok(Value::String(s.clone()))
        }
        (Ty::Uuid, Cell::Text(s)) if parse_uuid(s).is_some() => Ok(Value::String(s.clone())),
        (Ty::Date, Cell::Text(s)) if parse_date(s).is_some() => Ok(Value::String(s.clone())),
        (Ty::Timestamptz, Cell::Text(s)) if parse_time(s).is_some() => Ok(Value::String(s.clone())),
        _ => bad,
    }
}

/// Converts a column's value read from PostgreSQL (`to_jsonb`) back to the laptop's.
pub fn from_pg(col: &Column, v: &Value) -> Cell {
    match (col.ty, v) {
        (_, Value::Null) => Cell::Null,
        (Ty::Bool, Value::Bool(b)) => Cell::Integer(i64::from(*b)),
        (_, Value::Number(n)) => n.as_i64().map_or(Cell::Null, Cell::Integer),
        (Ty::Timestamptz, Value::String(s)) => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => Cell::Text(format_time(&t.with_timezone(&Utc))),
            Err(_) => Cell::Text(s.clone()),
        },
        (_, Value::String(s)) => Cell::Text(s.clone()),
        (_, other) => Cell::Text(other.to_string()),
    }
}

/// A row read from PostgreSQL as the laptop's row: its wire columns only.
pub fn row_from_pg(table: &Table, v: &serde_json::Map<String, Value>) -> Row {
    table
        .columns
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                v.get(&c.name).map_or(Cell::Null, |x| from_pg(c, x)),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(ty: Ty, not_null: bool) -> Column {
        Column {
            name: "c".into(),
            ty,
            not_null,
        }
    }

    #[test]
    fn values_convert_both_ways_and_only_canonical_text_passes() {
        let t = |s: &str| Cell::Text(s.into());
        let ts = col(Ty::Timestamptz, true);
        assert_eq!(
            to_pg(&ts, &t("2026-01-31T08:00:00.000Z")),
            Ok(Value::String("2026-01-31T08:00:00.000Z".into()))
        );
        assert_eq!(to_pg(&ts, &t("2026-01-31T08:00:00Z")), Err(ValueError::Bad));
        assert_eq!(to_pg(&ts, &Cell::Null), Err(ValueError::Missing));
        assert_eq!(
            from_pg(&ts, &Value::String("2026-01-31T15:00:00+07:00".into())),
            t("2026-01-31T08:00:00.000Z")
        );
        let d = col(Ty::Date, false);
        assert!(to_pg(&d, &t("2026-02-30")).is_err());
        assert!(to_pg(&d, &t("2026-2-3")).is_err());
        assert_eq!(to_pg(&d, &Cell::Null), Ok(Value::Null));
        let b = col(Ty::Bool, true);
        assert_eq!(to_pg(&b, &Cell::Integer(1)), Ok(Value::Bool(true)));
        assert!(to_pg(&b, &Cell::Integer(2)).is_err());
        assert_eq!(from_pg(&b, &Value::Bool(false)), Cell::Integer(0));
        assert!(to_pg(&col(Ty::Int4, false), &Cell::Integer(1 << 40)).is_err());
        let u = col(Ty::Uuid, true);
        assert!(to_pg(&u, &t("0190c0de-0000-7000-8000-000000000001")).is_ok());
        assert!(to_pg(&u, &t("0190C0DE-0000-7000-8000-000000000001")).is_err());
        assert!(to_pg(&col(Ty::Char(4), true), &t("332")).is_err());
        assert!(Ty::Int4.accepts(&Cell::Integer(1)) && !Ty::Int4.accepts(&t("1")));
        assert!(Ty::Date.accepts(&t("x")) && !Ty::Date.accepts(&Cell::Integer(1)));
    }
}
