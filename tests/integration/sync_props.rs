//! The sync keeps `pilar merge`'s rule, as a property: for random divergent edits on two
//! laptops of one facilitator, syncing A, then B, then A gives A the same values and the
//! same open conflicts as merging B's file into a copy of A (`pilar merge`). Against the
//! real PostgreSQL (skipped without it, like the other sync tests); few cases, each a
//! whole server.

use std::collections::BTreeSet;
use std::path::Path;

use pilar::model::Scope;
use pilar::store::Store;
use proptest::prelude::*;

use super::sync::{edit, field, fixture, synced, verified};

/// (laptop B?, list row, field, value): values drawn from two, so both sides sometimes
/// agree.
fn edits() -> impl Strategy<Value = Vec<(bool, usize, &'static str, &'static str)>> {
    prop::collection::vec(
        (
            any::<bool>(),
            0usize..3,
            prop_oneof![Just("phone"), Just("rt")],
            prop_oneof![Just("a"), Just("b")],
        )
            .prop_map(|(b, row, f, v)| {
                let value = match (f, v) {
                    ("phone", "a") => "081200000011",
                    ("phone", _) => "081200000022",
                    (_, "a") => "011",
                    _ => "022",
                };
                (b, row, f, value)
            }),
        1..6,
    )
}

fn open_conflicts(path: &Path) -> BTreeSet<(String, String, Option<String>, Option<String>)> {
    Store::open(path)
        .unwrap()
        .open_conflicts(&Scope::All, 100)
        .unwrap()
        .into_iter()
        .map(|c| (c.record_id, c.field, c.ours, c.theirs))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn sync_a_b_a_is_pilar_merge(edits in edits()) {
        let Some(fx) = fixture() else { return Ok(()) };
        let (a, _) = fx.enrol("a.db", "siti");
        let (b, _) = fx.enrol("b.db", "siti");
        let mut touched = BTreeSet::new();
        for (on_b, row, f, value) in &edits {
            let id = edit(if *on_b { &b } else { &a }, *row, f, value);
            touched.insert(id);
        }
        // What `pilar merge` makes of the same two files.
        let merged = fx.laptop("merged.db");
        let other = fx.laptop("b-file.db");
        std::fs::copy(&a, &merged).unwrap();
        std::fs::copy(&b, &other).unwrap();
        {
            let store = Store::open(&merged).unwrap();
            let theirs = Store::open_other(&other, None).unwrap();
            let author = store.worker_by_login("siti").unwrap().unwrap().id;
            store.merge_from(&theirs, &author, "b-file.db").unwrap();
        }
        synced(&a);
        synced(&b);
        synced(&a);
        for id in &touched {
            for f in ["phone", "rt"] {
                prop_assert_eq!(field(&a, id, f), field(&merged, id, f), "{} {}", id, f);
            }
        }
        prop_assert_eq!(open_conflicts(&a), open_conflicts(&merged));
        verified(&a);
        verified(&b);
    }
}
