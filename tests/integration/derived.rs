//! The month's derived values per household (`household_p2k2`, `household_failing`, kept
//! by the schema's triggers: `pilar-store`'s `schema/derived.rs`) held to their definitions
//! on real files after each kind of write that changes them: the demo's bulk load, P2K2
//! groups and their families, sessions with attendance, a session voided, a group renamed,
//! families leaving, a household voided, verifications saved and corrected, a merge, and a
//! sync pull. The definitions here are the SQL the list's `p2k2:` and `gagal:` terms ran
//! before the values were kept (grouping every session; reading every verification).

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Duration;
use common::{demo_db, today};
use pilar::domain::activity::{ActivityKind, P2k2Module};
use pilar::domain::verification::{Month, NotMetReason, Outcome};
use pilar::model::verification::NewVerifications;
use pilar::model::{ListQuery, NewActivity, Scope};
use pilar::store::Store;

/// Undoes the derived values' migration on a file (the tests that rewind to an earlier
/// schema version and run the later migrations again): its views name tables and columns
/// those tests drop.
pub const UNDO_MIGRATION: &str = "
    DROP VIEW p2k2_completion;
    DROP VIEW failing_member;
    DROP TABLE household_p2k2;
    DROP TABLE household_failing;
    DROP TRIGGER derived_households_insert;
    DROP TRIGGER derived_households_group;
    DROP TRIGGER derived_households_delete;
    DROP TRIGGER derived_groups_insert;
    DROP TRIGGER derived_groups_update;
    DROP TRIGGER derived_groups_delete;
    DROP TRIGGER derived_activities_insert;
    DROP TRIGGER derived_activities_update;
    DROP TRIGGER derived_activities_delete;
    DROP TRIGGER derived_attendance_insert;
    DROP TRIGGER derived_attendance_update;
    DROP TRIGGER derived_attendance_delete;
    DROP TRIGGER derived_verifications_insert;
    DROP TRIGGER derived_verifications_update;
    DROP TRIGGER derived_verifications_delete;
    DROP TRIGGER derived_members_update;";

/// Every household's P2K2 completion in percent, by the grouped definition.
const P2K2_DEFINITION: &str = "SELECT h.id, coalesce(t.n, 0) * 100 / s.held FROM p2k2_groups g
    JOIN (SELECT a.worker_id AS w, a.group_name AS gn, count(*) AS held FROM activities a
          WHERE a.kind = 'p2k2' AND a.deleted = 0 AND a.group_name <> ''
          GROUP BY a.worker_id, a.group_name) s ON s.w = g.worker_id AND s.gn = g.name
    JOIN households h ON h.group_id = g.id
    LEFT JOIN (SELECT ah.household_id AS hid, a.worker_id AS w, a.group_name AS gn,
                      count(*) AS n
               FROM activity_households ah JOIN activities a ON a.id = ah.activity_id
               WHERE ah.attended = 1 AND a.kind = 'p2k2' AND a.deleted = 0
               GROUP BY ah.household_id, a.worker_id, a.group_name) t
      ON t.hid = h.id AND t.w = g.worker_id AND t.gn = g.name
    WHERE g.deleted = 0";

/// The households with a member not met `n` months in a row, from the verifications.
fn failing_definition(n: u32) -> String {
    format!(
        "SELECT id FROM households WHERE EXISTS (SELECT 1 FROM verifications v
                 JOIN members m ON m.id = v.member_id AND m.deleted = 0
                                   AND m.component IS NOT NULL
                 WHERE v.household_id = households.id AND v.outcome = 'tidak_memenuhi'
                   AND v.month = (SELECT max(x.month) FROM verifications x
                                  WHERE x.member_id = v.member_id)
                   AND (SELECT count(*) FROM verifications x
                        WHERE x.member_id = v.member_id AND x.outcome = 'tidak_memenuhi'
                          AND x.month > strftime('%Y-%m', v.month || '-01', '-{n} months'))
                       >= {n})
         ORDER BY id"
    )
}

fn pairs(conn: &rusqlite::Connection, sql: &str) -> BTreeMap<String, i64> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn ids(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The kept values equal the definitions: the same completion for the same households,
/// and for every setting of `gagal:` (1-24 months) the same households. Returns how many
/// households have a completion and how many fail 1 month (so a test can tell that its
/// writes changed something).
fn assert_kept(path: &Path, after: &str) -> (usize, usize) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let kept = pairs(&conn, "SELECT household_id, pct FROM household_p2k2");
    let defined = pairs(&conn, P2K2_DEFINITION);
    assert_eq!(kept, defined, "P2K2 completion after {after}");
    let mut failing = 0;
    for n in 1..=24 {
        let kept = ids(
            &conn,
            &format!("SELECT household_id FROM household_failing WHERE run >= {n} ORDER BY 1"),
        );
        let defined = ids(&conn, &failing_definition(n));
        assert_eq!(kept, defined, "gagal at {n} months after {after}");
        if n == 1 {
            failing = kept.len();
        }
    }
    (kept.len(), failing)
}

fn worker(store: &Store) -> String {
    let login = store.default_user().unwrap().unwrap();
    store.worker_by_login(&login).unwrap().unwrap().id
}

fn households(store: &Store, me: &str, n: u64) -> Vec<String> {
    let q = ListQuery::caseload(Scope::Worker(me.to_string()), today());
    store
        .household_window(&q, 0, n)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

fn session(group: &str, families: &[String], absent: &[String], n: u8) -> NewActivity {
    NewActivity {
        households: families
            .iter()
            .map(|h| (h.clone(), !absent.contains(h)))
            .collect(),
        kind: ActivityKind::P2k2,
        date: today() - Duration::days(i64::from(30 - n)),
        summary: format!("Sesi {n}"),
        detail: String::new(),
        follow_up: None,
        group_name: group.to_string(),
        place: "Balai desa".into(),
        p2k2_module: Some(P2k2Module::PengasuhanPendidikan),
        p2k2_session: Some(n),
    }
}

/// Members with a component of the first households of the caseload, born before 2020.
fn members(path: &Path, n: usize) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut all = ids(
        &conn,
        "SELECT id FROM members WHERE deleted = 0 AND component IS NOT NULL
           AND birth_date < '2020-01-01' ORDER BY household_id, id",
    );
    all.truncate(n);
    all
}

fn verify(store: &Store, me: &str, members: &[String], month: &str, outcome: Outcome) {
    let saved = store
        .save_verifications(
            me,
            &NewVerifications {
                month: Month::parse(month).unwrap(),
                members: members.to_vec(),
                all_of: None,
                outcome,
                reason: (outcome == Outcome::NotMet).then_some(NotMetReason::Ill),
                notes: String::new(),
                today: today(),
            },
        )
        .unwrap();
    assert_eq!(saved, Ok(members.len()), "{month}");
}

#[test]
fn derived_values_of_the_demo_equal_their_definitions() {
    // Several facilitators (the supervisor's demo) and one.
    for (h, w) in [(300, 3), (462, 1)] {
        let demo = demo_db(h, w, 11);
        let (p2k2, failing) = assert_kept(&demo.path, "the demo");
        assert!(p2k2 > 0 && failing > 0, "{p2k2} {failing}");
    }
}

#[test]
fn derived_p2k2_follows_groups_sessions_voids_and_moves() {
    let demo = demo_db(60, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let me = worker(&store);
    let all = households(&store, &me, 30);
    let (families, others) = all.split_at(20);
    let a = store
        .save_group(&me, None, "Kenanga Uji", "")
        .unwrap()
        .unwrap();
    store
        .set_group_families(&me, &a, families)
        .unwrap()
        .unwrap();
    assert_kept(&demo.path, "a group's families (no session yet)");
    let first = store
        .add_activity(&me, &session("Kenanga Uji", families, &families[..4], 1))
        .unwrap();
    let (with, _) = assert_kept(&demo.path, "a session with four absent");
    store
        .add_activity(&me, &session("Kenanga Uji", families, &families[..2], 2))
        .unwrap();
    assert_kept(&demo.path, "a second session");
    store.void_activity(&me, &first, "salah catat").unwrap();
    assert_kept(&demo.path, "the first session voided");
    // Families move: two join the group, one of its own leaves.
    store
        .set_group_families(
            &me,
            &a,
            &[families[1..].to_vec(), others[..2].to_vec()].concat(),
        )
        .unwrap()
        .unwrap();
    assert_kept(&demo.path, "families in and out");
    store.leave_groups(&me, &families[5..7]).unwrap();
    assert_kept(&demo.path, "two leave");
    // Renamed: its sessions are found by the old name no more.
    store
        .save_group(&me, Some(&a), "Kenanga Baru", "")
        .unwrap()
        .unwrap();
    let (renamed, _) = assert_kept(&demo.path, "the group renamed");
    assert!(renamed < with, "{renamed} {with}");
    store
        .join_group(&me, "Kenanga Baru", None, &others[5..8])
        .unwrap()
        .unwrap();
    store
        .add_activity(&me, &session("Kenanga Baru", &others[5..8], &[], 3))
        .unwrap();
    assert_kept(&demo.path, "a session under the new name");
    let v = pilar::model::HouseholdVoid {
        household_id: others[6].clone(),
        reason: pilar::domain::void::VoidReason::Duplikat,
    };
    store.void_household(&me, &v).unwrap().unwrap();
    assert_kept(&demo.path, "a household voided");
}

#[test]
fn derived_failing_runs_follow_each_month_saved_and_corrected() {
    let demo = demo_db(40, 1, 5);
    let store = Store::open(&demo.path).unwrap();
    let me = worker(&store);
    let m = members(&demo.path, 6);
    for month in ["2026-05", "2026-06", "2026-07", "2026-08"] {
        verify(&store, &me, &m, month, Outcome::NotMet);
        assert_kept(&demo.path, month);
    }
    // A gap breaks the run; the months after it start again.
    verify(&store, &me, &m[..2], "2026-10", Outcome::NotMet);
    assert_kept(&demo.path, "a month skipped");
    verify(&store, &me, &m[2..4], "2026-11", Outcome::Met);
    assert_kept(&demo.path, "a month met");
    // Corrections in place: an earlier month, and the latest.
    verify(&store, &me, &m[4..], "2026-06", Outcome::Met);
    assert_kept(&demo.path, "an earlier month corrected");
    verify(&store, &me, &m[..2], "2026-10", Outcome::NotApplicable);
    assert_kept(&demo.path, "the latest month corrected");
}

#[test]
fn derived_values_come_right_through_a_merge() {
    let demo = demo_db(30, 1, 1);
    let ours = demo.dir.path().join("ours.db");
    let theirs = demo.dir.path().join("theirs.db");
    std::fs::copy(&demo.path, &ours).unwrap();
    std::fs::copy(&demo.path, &theirs).unwrap();
    {
        let store = Store::open(&theirs).unwrap();
        let me = worker(&store);
        let families = households(&store, &me, 15);
        let g = store
            .save_group(&me, None, "Anggrek Uji", "Masjid")
            .unwrap()
            .unwrap();
        store
            .set_group_families(&me, &g, &families)
            .unwrap()
            .unwrap();
        store
            .add_activity(&me, &session("Anggrek Uji", &families, &families[..3], 1))
            .unwrap();
        let m = members(&theirs, 4);
        for month in ["2026-08", "2026-09", "2026-10", "2026-11"] {
            verify(&store, &me, &m, month, Outcome::NotMet);
        }
    }
    let before = assert_kept(&ours, "nothing yet");
    let store = Store::open(&ours).unwrap();
    let other = Store::open_other(&theirs, None).unwrap();
    let me = worker(&store);
    store.merge_from(&other, &me, "theirs.db").unwrap();
    drop(store);
    let after = assert_kept(&ours, "the merge");
    assert_eq!(after, assert_kept(&theirs, "their writes"));
    assert_ne!(before, after);
}

#[test]
fn derived_values_come_right_through_a_sync_pull() {
    let Some(fx) = crate::sync::fixture() else {
        return;
    };
    let (a, _) = fx.enrol("a.db", "siti");
    let (b, _) = fx.enrol("b.db", "siti");
    let bootstrap = assert_kept(&b, "the first sync");
    assert!(bootstrap.0 > 0, "{bootstrap:?}");
    {
        let store = Store::open(&a).unwrap();
        let me = store.worker_by_login("siti").unwrap().unwrap().id;
        let families = households(&store, &me, 10);
        let g = store
            .save_group(&me, None, "Anggrek Uji", "")
            .unwrap()
            .unwrap();
        store
            .set_group_families(&me, &g, &families)
            .unwrap()
            .unwrap();
        store
            .add_activity(&me, &session("Anggrek Uji", &families, &families[..3], 1))
            .unwrap();
        let m = members(&a, 3);
        for month in ["2026-09", "2026-10", "2026-11"] {
            verify(&store, &me, &m, month, Outcome::NotMet);
        }
    }
    let written = assert_kept(&a, "the writes");
    crate::sync::synced(&a);
    crate::sync::synced(&b);
    assert_eq!(assert_kept(&b, "the pull"), written);
}
