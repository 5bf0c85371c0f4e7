//! The record declarations (`pilar_core::records`) against the laptop's real schema: every
//! table lists exactly the declared columns with their types, and every sync trigger
//! watches exactly the declared columns, so a column added to one and not the other fails
//! here (the server's SQL is checked in `pilar-server`'s `declared` tests).

use pilar_core::records::{RECORDS, Ty};

use crate::common;

fn table_info(conn: &rusqlite::Connection, table: &str) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY name")
        .unwrap();
    stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn every_table_has_exactly_its_declared_columns_and_types() {
    let demo = common::demo_db(3, 1, 5);
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    for r in RECORDS {
        let mut declared: Vec<(String, String)> = r
            .stored()
            .map(|c| {
                let ty = match c.ty {
                    Ty::Int | Ty::Flag => "INTEGER",
                    Ty::Id | Ty::Text | Ty::Date | Ty::Time => "TEXT",
                };
                (c.name.to_string(), ty.to_string())
            })
            .collect();
        declared.sort();
        assert_eq!(
            table_info(&conn, r.table),
            declared,
            "{}: the table (schema.rs) and its declaration (pilar_core::records::tables) differ",
            r.table
        );
    }
}

#[test]
fn every_sync_trigger_watches_exactly_the_declared_columns() {
    let demo = common::demo_db(3, 1, 5);
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    for r in RECORDS.iter().filter(|r| r.synced) {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [format!("sync_dirty_{}_update", r.table)],
                |row| row.get(0),
            )
            .unwrap();
        let mut watched: Vec<&str> = sql
            .split("OLD.")
            .skip(1)
            .filter_map(|rest| rest.split_whitespace().next())
            .collect();
        watched.sort_unstable();
        let mut declared: Vec<&str> = r.stored().filter(|c| c.watched()).map(|c| c.name).collect();
        declared.sort_unstable();
        assert_eq!(
            watched, declared,
            "{}: its sync_dirty trigger (schema.rs) and its declaration differ",
            r.table
        );
    }
    // Tables that are not synced have no trigger.
    for r in RECORDS.iter().filter(|r| !r.synced) {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1",
                [r.table],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{}", r.table);
    }
}
