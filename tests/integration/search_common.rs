//! A word common across a supervisor's whole scope (`siti` among thousands): in name order
//! the store answers it as a union of name ranges and the index's later words
//! (`Words::Split`); these tests hold that union to the plain scan, window by window, and
//! the word index of an older file to its rebuild in two columns.

use crate::common;

use common::{demo_db, today};
use pilar::filter::parse;
use pilar::model::{HouseholdRow, ListQuery, Scope, Sort, SortColumn};
use pilar::store::Store;

/// The two columns of the word index from `search_text`, as the store writes them.
const REINDEX: &str = "DELETE FROM household_search;
    INSERT INTO household_search (rowid, first, rest)
    SELECT rowid, substr(search_text, 1, instr(search_text || ' ', ' ') - 1),
           substr(search_text, instr(search_text || ' ', ' ') + 1)
    FROM households;";

/// A 3,000-household demo seen by its supervisor, where 2,400 recipients' names now start
/// with "Siti" and a few dozen carry it as a later name: "siti" is common, and rarely
/// anything but a first name.
fn common_siti() -> common::Demo {
    let demo = demo_db(3000, 4, 11);
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    conn.execute_batch(&format!(
        "UPDATE households SET pengurus_name = 'Siti ' || pengurus_name,
                               search_text = 'siti ' || search_text
         WHERE rowid % 5 <> 0;
         UPDATE households SET pengurus_name = pengurus_name || ' Siti',
                               search_text = replace(search_text, ' \u{1} ', ' siti \u{1} ')
         WHERE rowid % 61 = 0;
         {REINDEX}"
    ))
    .unwrap();
    demo
}

fn query(text: &str, descending: bool) -> ListQuery {
    let mut q = ListQuery::caseload(Scope::All, today());
    q.filter = parse(text);
    q.sort = Sort {
        column: SortColumn::Name,
        descending,
    };
    q
}

fn ids(rows: Vec<HouseholdRow>) -> Vec<String> {
    rows.into_iter().map(|r| r.id).collect()
}

#[test]
fn a_common_first_name_is_searched_as_a_union_that_agrees_with_the_scan() {
    let demo = common_siti();
    let store = Store::open(&demo.path).unwrap();
    let mut split_seen = 0;
    for text in [
        "siti",
        "sit",
        "siti a",
        "siti ami",
        "ami siti",
        "siti s",
        "siti curug",
        "siti pagersari",
        "s siti",
        "siti siti",
        "siti status:semua",
        "siti usaha:ya",
    ] {
        for descending in [false, true] {
            let q = query(text, descending);
            store.set_split_search(true);
            let split = store.splits_search(&q).unwrap();
            split_seen += usize::from(split);
            let count = store.count_for_list(&q).unwrap();
            let pages: Vec<Vec<String>> = [0, 17, 480]
                .iter()
                .map(|&o| ids(store.household_window(&q, o, 60).unwrap()))
                .collect();
            store.set_split_search(false);
            assert!(!store.splits_search(&q).unwrap());
            assert_eq!(store.count_for_list(&q).unwrap(), count, "{text:?} count");
            for (page, o) in pages.iter().zip([0, 17, 480]) {
                let scan = ids(store.household_window(&q, o, 60).unwrap());
                assert_eq!(*page, scan, "{text:?} descending {descending} from {o}");
            }
            assert!(!pages[0].is_empty(), "{text:?} finds households");
        }
    }
    // The queries that stay common with all their words (not "siti ami", "siti curug",
    // "siti pagersari", "ami siti": few enough for the index alone) took the union.
    assert_eq!(split_seen, 16, "the union was taken {split_seen} times");
}

#[test]
fn a_word_common_after_the_first_name_too_is_scanned_as_before() {
    let demo = common_siti();
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    // Now "siti" also follows most first names: the union would read them all.
    conn.execute_batch(&format!(
        "UPDATE households SET search_text = replace(search_text, ' \u{1} ', ' siti \u{1} ');
         {REINDEX}"
    ))
    .unwrap();
    let store = Store::open(&demo.path).unwrap();
    assert!(!store.splits_search(&query("siti", false)).unwrap());
    // Nor in any other order than the names'.
    let mut q = query("siti", false);
    q.sort.column = SortColumn::Village;
    assert!(!store.splits_search(&q).unwrap());
}

#[test]
fn an_older_files_word_index_is_rebuilt_in_two_columns() {
    let demo = demo_db(300, 2, 5);
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    // The index as schema 9 made it: one column, no column details; the schema version
    // before the rebuild (the migrations after it, life events, undone to run again).
    let rebuild = pilar::store::MIGRATIONS
        .iter()
        .position(|m| m.contains("first, rest, content = ''"))
        .expect("the word index's rebuild");
    conn.execute_batch(&format!(
        "DROP TABLE household_search;
         CREATE VIRTUAL TABLE household_search USING fts5 (
             text, content = '', contentless_delete = 1, detail = none, prefix = '1 2',
             tokenize = 'unicode61 remove_diacritics 2');
         INSERT INTO household_search (rowid, text) SELECT rowid, search_text FROM households;
         PRAGMA foreign_keys = OFF;
         {}
         {}
         PRAGMA user_version = {rebuild};",
        crate::life::UNDO_MIGRATION,
        crate::review::UNDO_SIGNOFF_TRAVEL
    ))
    .unwrap();
    drop(conn);
    let store = Store::open(&demo.path).unwrap();
    assert_eq!(common::count(&demo.path, "PRAGMA user_version"), version);
    // A name's first and later words are found through the rebuilt index.
    let first = store
        .household_window(&ListQuery::caseload(Scope::All, today()), 0, 1)
        .unwrap()
        .remove(0);
    let words: Vec<String> = pilar::filter::normalize(&first.name)
        .split(' ')
        .map(str::to_string)
        .collect();
    for word in &words {
        let q = query(word, false);
        let found = ids(store.household_window(&q, 0, 1000).unwrap());
        assert!(found.contains(&first.id), "{word:?} finds {}", first.name);
    }
    let later = common::count(
        &demo.path,
        "SELECT count(*) FROM household_search WHERE household_search MATCH '{rest}: a*'",
    );
    assert!(later > 0, "the later words are in their own column");
}
