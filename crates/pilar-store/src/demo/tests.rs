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
