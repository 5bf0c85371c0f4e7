use chrono::NaiveDate;

use super::lists::Lists;
use super::rng::Rng;

#[test]
fn rng_is_stable() {
    let mut a = Rng::new(42, NaiveDate::MIN);
    let mut b = Rng::new(42, NaiveDate::MIN);
    let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
    let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
    assert_eq!(xs, ys);
    for _ in 0..1000 {
        assert!(a.below(7) < 7);
        let r = a.range(-3, 3);
        assert!((-3..=3).contains(&r));
    }
}

#[test]
fn lists_load() {
    let l = Lists::load();
    assert!(l.villages.len() > 50);
    assert_eq!(l.villages[0].name, "Curugsewu");
    assert_eq!(l.villages[1].name, "Pagersari");
    assert_eq!(l.villages[0].kecamatan, "Patean");
    assert_eq!(l.villages[0].kecamatan_code, 4);
    assert_eq!(l.generations.len(), 3);
    for g in &l.generations {
        for list in [
            &g.female_first,
            &g.female_second,
            &g.male_first,
            &g.male_second,
        ] {
            assert!(list.len() >= 15, "{}-{}", g.from, g.to);
        }
    }
    assert_eq!(l.generation(1960).to, 1974);
    assert_eq!(l.generation(1990).from, 1975);
    assert_eq!(l.generation(2015).from, 2005);
    assert!(l.generation(2015).female_first.contains(&"Nabila"));
    assert!(l.generation(1960).male_first.contains(&"Tukijo"));
    assert!(l.businesses.len() > 10);
}

/// The bulk load checks neither references nor CHECK constraints row by row (the
/// generator vouches for them): the demos hold to both, and to NOT NULL.
#[test]
fn the_demo_keeps_every_constraint() {
    let dir = std::env::temp_dir().join(format!("pilar-demo-constraints-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for workers in [1, 12] {
        let path = dir.join(format!("demo-{workers}.db"));
        let _ = std::fs::remove_file(&path);
        let cfg = super::DemoConfig {
            households: 462,
            workers,
            seed: 1,
            today: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        };
        super::generate(&path, &cfg).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let check: Vec<String> = conn
            .prepare("PRAGMA quick_check")
            .unwrap()
            .query_map([], |r| r.get("quick_check"))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(check, ["ok"], "{workers} workers");
        let dangling: i64 = conn
            .query_row(
                "SELECT count(*) AS n FROM pragma_foreign_key_check",
                [],
                |r| r.get("n"),
            )
            .unwrap();
        assert_eq!(dangling, 0, "{workers} workers");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Nothing in a demo was written after the day it is made for: on the first days of a
/// month the month before's outcomes were still recorded "on the 5th", days ahead.
#[test]
fn no_demo_record_is_written_after_today() {
    let dir = std::env::temp_dir().join(format!("pilar-demo-today-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, today) in [(2026, 12, 1), (2026, 12, 4), (2026, 12, 5), (2027, 1, 2)]
        .into_iter()
        .enumerate()
    {
        let today = NaiveDate::from_ymd_opt(today.0, today.1, today.2).unwrap();
        let path = dir.join(format!("demo-{i}.db"));
        let _ = std::fs::remove_file(&path);
        let cfg = super::DemoConfig {
            households: 462,
            workers: 12,
            seed: 1,
            today,
        };
        super::generate(&path, &cfg).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let columns: Vec<(String, String)> = conn
            .prepare(
                "SELECT m.name AS tbl, c.name AS col FROM sqlite_schema m, pragma_table_info(m.name) c
                 WHERE m.type = 'table' AND c.name IN ('created_at', 'updated_at')",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get("tbl")?, r.get("col")?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(columns.len() > 20, "{columns:?}");
        let last = today.format("%Y-%m-%d").to_string();
        for (table, column) in columns {
            let later: Vec<String> = conn
                .prepare(&format!(
                    "SELECT DISTINCT {column} AS at FROM {table}
                     WHERE substr({column}, 1, 10) > ?1 ORDER BY 1 LIMIT 3"
                ))
                .unwrap()
                .query_map([&last], |r| r.get("at"))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(
                later.is_empty(),
                "{table}.{column} after {today}: {later:?}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
