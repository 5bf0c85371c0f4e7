//! The server's schema against the record declarations (`pilar_core::records`): every
//! synced table (and `workers`, which enrolment copies) in `sql/*.sql` has exactly the
//! declared columns of the laptop's table, with a matching type, besides the server's own
//! (`catalog::SERVER_COLUMNS`, `WORKER_SERVER_COLUMNS`). Read from the migrations' text, so
//! it needs no PostgreSQL: a column declared without its server migration fails here.

use std::collections::BTreeMap;

use pilar_core::records::{RECORDS, Ty};

use crate::catalog::{SERVER_COLUMNS, WORKER_SERVER_COLUMNS};
use crate::db::MIGRATIONS;

/// Every table's columns and their types (lower case) as the migrations leave them.
fn server_tables() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut tables: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (_, _, sql) in MIGRATIONS {
        for line in sql.lines() {
            let line = line.split("--").next().unwrap_or_default().trim();
            let words: Vec<&str> = line.split_whitespace().collect();
            match (&current, words.as_slice()) {
                (None, ["CREATE", "TABLE", name, "("])
                | (None, ["CREATE", "TABLE", "IF", "NOT", "EXISTS", name, "("]) => {
                    current = Some(name.to_string());
                    tables.entry(name.to_string()).or_default();
                }
                (None, ["ALTER", "TABLE", table, "ADD", "COLUMN", name, ty, ..]) => {
                    tables.entry(table.to_string()).or_default().insert(
                        name.to_string(),
                        ty.trim_end_matches([';', ',']).to_lowercase(),
                    );
                }
                (Some(_), [first, ..]) if first.starts_with(')') => current = None,
                (Some(t), [name, ty, ..])
                    if !matches!(*name, "PRIMARY" | "UNIQUE" | "CHECK" | "CONSTRAINT") =>
                {
                    tables
                        .get_mut(t)
                        .expect("opened above")
                        .insert(name.to_string(), ty.trim_end_matches(',').to_lowercase());
                }
                _ => {}
            }
        }
    }
    tables
}

fn fits(ty: Ty, server: &str) -> bool {
    match ty {
        Ty::Id => server == "uuid",
        Ty::Text => server == "text" || server.starts_with("char("),
        Ty::Int => matches!(server, "integer" | "bigint" | "smallint"),
        Ty::Flag => server == "boolean",
        Ty::Date => server == "date",
        Ty::Time => server == "timestamptz",
    }
}

#[test]
fn every_synced_table_on_the_server_has_exactly_the_declared_columns() {
    let tables = server_tables();
    let mut checked = 0;
    for r in RECORDS.iter().filter(|r| r.synced || r.table == "workers") {
        let own: &[&str] = if r.table == "workers" {
            &WORKER_SERVER_COLUMNS
        } else {
            &SERVER_COLUMNS
        };
        let server = tables
            .get(r.table)
            .unwrap_or_else(|| panic!("{}: no table in sql/*.sql", r.table));
        for c in r.stored() {
            let ty = server.get(c.name).unwrap_or_else(|| {
                panic!(
                    "{}.{}: declared but not in the server's sql/*.sql (append a migration)",
                    r.table, c.name
                )
            });
            assert!(fits(c.ty, ty), "{}.{}: {:?} vs {ty}", r.table, c.name, c.ty);
        }
        for name in server.keys().filter(|n| !own.contains(&n.as_str())) {
            assert!(
                r.column(name).is_some_and(|c| c.stored()),
                "{}.{name}: on the server but not declared",
                r.table
            );
        }
        checked += 1;
    }
    // workers and every synced table.
    assert_eq!(checked, 1 + pilar_core::sync::CASELOAD_TABLES.len());
    assert_eq!(
        tables["households"].get("group_id").map(String::as_str),
        Some("uuid")
    );
    // The migrations' text was read as PostgreSQL reads it.
    assert_eq!(
        tables["members"].get("pregnancy_order").map(String::as_str),
        Some("smallint")
    );
    assert_eq!(
        tables["households"].get("no_kk").map(String::as_str),
        Some("char(16)")
    );
}
