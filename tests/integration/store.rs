//! Store tests on real SQLite files: migrations, refusal of files pilar must not touch,
//! pragmas, windowed queries, the gauge, and the demo generator's promises.

use crate::common;

use chrono::Datelike;
use common::{demo_db, today};
use pilar::domain::component::{ComponentRules, check_household};
use pilar::domain::graduation::{HouseholdStatus, TargetPolicy};
use pilar::domain::nik::{check_against, parse_nik, parse_no_kk};
use pilar::model::{ListQuery, LogQuery, Role, Scope};
use pilar::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

fn active(scope: Scope) -> ListQuery {
    ListQuery::caseload(scope, today())
}

fn everything(scope: Scope) -> ListQuery {
    let mut q = ListQuery::caseload(scope, today());
    q.include_exited = true;
    q
}

/// Files made by other programs get the owner-only mode pilar expects (whatever the umask).
fn private(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn an_encrypted_database_needs_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.db");
    {
        let store = Store::open_encrypted(&path, "kata-sandi-rahasia").unwrap();
        assert!(store.encrypted());
        store
            .add_worker("Siti Rahayu", "siti", Role::Facilitator, 10, None)
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "the file is encrypted"
    );
    assert!(
        !bytes.windows(11).any(|w| w == b"Siti Rahayu"),
        "no plain text in the file"
    );
    assert!(pilar::store::is_encrypted(&path).unwrap());
    assert!(matches!(Store::open(&path), Err(StoreError::NeedsKey)));
    assert!(matches!(
        Store::open_encrypted(&path, "salah"),
        Err(StoreError::WrongKey)
    ));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "a wrong passphrase changes nothing"
    );
    let store = Store::open_encrypted(&path, "kata-sandi-rahasia").unwrap();
    assert_eq!(
        store.worker_by_login("siti").unwrap().unwrap().name,
        "Siti Rahayu"
    );
    // Changing the passphrase.
    store.change_passphrase("kata-sandi-baru").unwrap();
    drop(store);
    assert!(matches!(
        Store::open_encrypted(&path, "kata-sandi-rahasia"),
        Err(StoreError::WrongKey)
    ));
    let store = Store::open_encrypted(&path, "kata-sandi-baru").unwrap();
    assert!(store.verify().unwrap().ok());
}

#[test]
fn files_are_private_and_a_file_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data/pilar");
    let path = folder.join("pilar.db");
    drop(Store::open(&path).unwrap());
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "database file");
    assert_eq!(mode(&folder), 0o700, "database folder");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::Unsafe { mode }) => assert_eq!(mode, 0o666),
        other => panic!("opened a world-writable file: {:?}", other.err()),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let msg = pilar::store::messages::open_error(
        pilar::domain::Lang::Id,
        &path,
        &StoreError::Unsafe { mode: 0o666 },
    );
    assert!(msg.contains("chmod 600"), "{msg}");
}

#[test]
fn migrates_an_empty_file_and_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/pilar.db");
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let w = store
            .add_worker("Siti", "siti", Role::Facilitator, 10, None)
            .unwrap();
        assert_eq!(w.annual_target, 10);
    }
    assert!(
        path.exists(),
        "the folder and file are created on first use"
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let w = store.worker_by_login("siti").unwrap().unwrap();
    assert_eq!(w.name, "Siti");
    assert_eq!(w.role, Role::Facilitator);
    // Ids are UUIDv7.
    let id = uuid::Uuid::parse_str(&w.id).unwrap();
    assert_eq!(id.get_version_num(), 7);
}

#[test]
fn sets_durable_pragmas_and_strict_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let strict: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_list WHERE schema = 'main'
             AND name IN ('workers','households','members','activities','graduations',
                          'referrals','activity_households','meta') AND strict = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strict, 8, "every table is STRICT");
    // STRICT rejects a wrong type.
    let err = conn.execute(
        "INSERT INTO workers (id, name, login, role, annual_target, created_at, updated_at)
         VALUES ('x', 'n', 'l', 'facilitator', 'ten', 'now', 'now')",
        [],
    );
    assert!(err.is_err());
}

#[test]
fn refuses_a_newer_database_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(StoreError::NewerSchema { found, known }) => {
            assert_eq!(found, SCHEMA_VERSION + 5);
            assert_eq!(known, SCHEMA_VERSION);
        }
        Err(e) => panic!("wrong error {e}"),
        Ok(_) => panic!("a newer database was opened"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "file bytes changed");
    let msg = pilar::store::messages::open_error(
        pilar::domain::Lang::En,
        &path,
        &StoreError::NewerSchema {
            found: SCHEMA_VERSION + 5,
            known: SCHEMA_VERSION,
        },
    );
    assert!(msg.contains("newer pilar"), "{msg}");
}

#[test]
fn refuses_other_programs_databases_and_non_databases() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    {
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
    }
    private(&other);
    assert!(matches!(Store::open(&other), Err(StoreError::NotPilar)));
    let text = dir.path().join("notes.db");
    std::fs::write(&text, vec![b'x'; 8192]).unwrap();
    private(&text);
    // Without SQLite's header a file may be an encrypted database: pilar asks for the
    // passphrase, and a wrong one is refused; the file is never changed.
    assert!(matches!(Store::open(&text), Err(StoreError::NeedsKey)));
    assert!(matches!(
        Store::open_encrypted(&text, "whatever-key"),
        Err(StoreError::WrongKey)
    ));
    assert_eq!(std::fs::read(&text).unwrap(), vec![b'x'; 8192]);
}

#[test]
fn demo_is_deterministic() {
    let a = demo_db(40, 1, 7);
    let b = demo_db(40, 1, 7);
    let c = demo_db(40, 1, 8);
    let rows = |p: &std::path::Path| -> Vec<(String, String, String)> {
        let conn = Connection::open(p).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, pengurus_name, pengurus_nik FROM households ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(rows(&a.path), rows(&b.path));
    assert_ne!(rows(&a.path), rows(&c.path));
}

#[test]
fn demo_default_caseload_is_realistic() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    assert!(store.is_demo().unwrap());
    assert!(Store::peek_is_demo(&demo.path).unwrap());
    let login = store.default_user().unwrap().unwrap();
    let me = store.worker_by_login(&login).unwrap().unwrap();
    assert_eq!(me.role, Role::Facilitator);
    let all = everything(Scope::for_worker(&me));
    assert_eq!(store.count_households(&all).unwrap(), 462);

    let rules = ComponentRules::default();
    let mut business = 0;
    let mut villages = std::collections::BTreeSet::new();
    let rows = store.household_window(&all, 0, 1000).unwrap();
    assert_eq!(rows.len(), 462);
    for row in &rows {
        let d = store.household_detail(&row.id).unwrap().unwrap();
        villages.insert(d.fields.village.clone());
        // Desil 1-4, but for the few DTSEN re-ranked above 4 (tests/integration/demo.rs).
        assert!(
            (1..=10).contains(&d.fields.desil.unwrap()),
            "desil {:?}",
            d.fields.desil
        );
        assert!(
            parse_no_kk(&d.fields.no_kk).is_ok(),
            "No KK {}",
            d.fields.no_kk
        );
        business += usize::from(d.fields.has_business);
        for m in &d.members {
            let info = parse_nik(&m.nik, today()).unwrap_or_else(|e| panic!("{}: {e:?}", m.nik));
            assert!(
                check_against(&info, m.sex, m.birth_date).is_empty(),
                "NIK {} disagrees with {:?} {:?}",
                m.nik,
                m.sex,
                m.birth_date
            );
        }
        let people: Vec<_> = d.members.iter().map(|m| m.component_person()).collect();
        assert_eq!(
            check_household(&people, today(), &rules),
            vec![],
            "component rules broken in {}",
            d.pengurus_name
        );
        assert_eq!(
            row.components as usize,
            d.members.iter().filter(|m| m.component.is_some()).count()
        );
    }
    assert_eq!(
        villages.into_iter().collect::<Vec<_>>(),
        vec!["Curugsewu".to_string(), "Pagersari".to_string()]
    );
    assert!(
        (80..=150).contains(&business),
        "about a quarter run a business: {business}"
    );

    // The gauge sits part-way and there is work to follow up.
    let g = store
        .gauge(&Scope::for_worker(&me), today(), &TargetPolicy::default())
        .unwrap();
    assert_eq!(g.year, today().year());
    assert_eq!(g.target, 10);
    assert!(g.counted >= 1 && g.counted < 10, "counted {}", g.counted);
    assert!(g.candidates >= 1, "candidates {}", g.candidates);
    assert!(g.overdue >= 1, "overdue {}", g.overdue);

    // 18 months of history.
    let conn = Connection::open(&demo.path).unwrap();
    let oldest: String = conn
        .query_row("SELECT min(date) FROM activities", [], |r| r.get(0))
        .unwrap();
    assert!(oldest.as_str() < "2025-07-01", "oldest activity {oldest}");
    let p2k2: i64 = conn
        .query_row("SELECT count(*) FROM activity_households", [], |r| r.get(0))
        .unwrap();
    assert!(p2k2 > 1000);
}

#[test]
fn several_workers_get_a_supervisor_who_sees_everyone() {
    let demo = demo_db(300, 3, 1);
    let store = Store::open(&demo.path).unwrap();
    let login = store.default_user().unwrap().unwrap();
    let boss = store.worker_by_login(&login).unwrap().unwrap();
    assert_eq!(boss.role, Role::Supervisor);
    assert_eq!(Scope::for_worker(&boss), Scope::All);
    let all = everything(Scope::All);
    assert_eq!(store.count_households(&all).unwrap(), 300);
    let workers = store.workers().unwrap();
    assert_eq!(workers.len(), 4);
    let siti = store.worker_by_login("siti").unwrap().unwrap();
    let mine = everything(Scope::Worker(siti.id.clone()));
    assert_eq!(store.count_households(&mine).unwrap(), 100);
    let g = store
        .gauge(&Scope::All, today(), &TargetPolicy::default())
        .unwrap();
    assert_eq!(
        g.target, 30,
        "the team's target is the sum of its facilitators'"
    );
}

#[test]
fn windows_page_through_the_list_in_name_order() {
    let demo = demo_db(120, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let q = active(Scope::All);
    let total = store.count_households(&q).unwrap();
    let mut names = Vec::new();
    let mut offset = 0;
    loop {
        let rows = store.household_window(&q, offset, 17).unwrap();
        if rows.is_empty() {
            break;
        }
        offset += rows.len() as u64;
        names.extend(rows.into_iter().map(|r| {
            assert!(r.status.is_active());
            (pilar::filter::search_text(&r.name, &r.village), r.id)
        }));
    }
    assert_eq!(names.len() as u64, total);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    // The position of a household is its index in that order.
    for (i, (_, id)) in names.iter().enumerate().step_by(13) {
        assert_eq!(store.household_position(&q, id).unwrap(), Some(i as u64));
    }
    assert!(store.household_window(&q, total, 10).unwrap().is_empty());
}

#[test]
fn activity_log_includes_group_sessions_newest_first() {
    let demo = demo_db(60, 1, 5);
    let store = Store::open(&demo.path).unwrap();
    let q = active(Scope::All);
    let row = &store.household_window(&q, 0, 1).unwrap()[0];
    let log = LogQuery::Household(row.id.clone());
    let n = store.count_activities(&log).unwrap();
    let rows = store.activity_window(&log, 0, 1000).unwrap();
    assert_eq!(rows.len() as u64, n);
    assert!(rows.windows(2).all(|w| w[0].date >= w[1].date));
    let group: Vec<_> = rows.iter().filter(|a| a.household_id.is_none()).collect();
    assert!(
        !group.is_empty(),
        "P2K2 sessions show in the household's log"
    );
    assert!(group.iter().all(|a| a.group_size > 1));
    let all = LogQuery::Caseload(Scope::All);
    assert!(store.count_activities(&all).unwrap() > n);
}

#[test]
fn exited_households_leave_the_active_list() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let active_n = store.count_households(&active(Scope::All)).unwrap();
    let all = everything(Scope::All);
    let all_rows = store.household_window(&all, 0, 1000).unwrap();
    let exited = all_rows
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                HouseholdStatus::Graduasi | HouseholdStatus::Keluar
            )
        })
        .count() as u64;
    assert!(exited > 0);
    assert_eq!(active_n + exited, 462);
}

#[test]
fn history_is_append_only_and_verify_finds_tampering() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let me = store.worker_by_login("siti").unwrap().unwrap();
    let q = active(Scope::All);
    let hh = store.household_window(&q, 0, 1).unwrap()[0].id.clone();
    for summary in ["Kunjungan pertama", "Kunjungan kedua"] {
        store
            .add_activity(
                &me.id,
                &pilar::model::NewActivity {
                    households: vec![(hh.clone(), true)],
                    kind: pilar::domain::activity::ActivityKind::Kunjungan,
                    date: today(),
                    summary: summary.into(),
                    detail: String::new(),
                    follow_up: None,
                    group_name: String::new(),
                    place: String::new(),
                    p2k2_module: None,
                    p2k2_session: None,
                },
            )
            .unwrap();
    }
    let v = store.verify().unwrap();
    assert!(v.ok(), "{v:?}");
    assert!(v.entries >= 8);
    // Triggers refuse changing or deleting history.
    let conn = Connection::open(&demo.path).unwrap();
    assert!(
        conn.execute("UPDATE change_log SET new_value = 'x'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM change_log", []).is_err());
    // Someone with the file drops the trigger and edits an entry: verify names it.
    conn.execute_batch(
        "DROP TRIGGER change_log_no_update;
         UPDATE change_log SET new_value = 'Kunjungan palsu' WHERE seq = 3;",
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert!(!v.ok());
    assert_eq!(v.broken.as_ref().unwrap().0, 3);
    // The command line says so and exits 1.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args([
            "verify",
            "--db",
            demo.path.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("entry number 3"));
}

#[test]
fn verify_passes_on_a_sound_database() {
    let demo = demo_db(30, 1, 1);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(["verify", "--db", demo.path.to_str().unwrap()])
        .env_remove("PILAR_LANG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("utuh"));
}

#[test]
fn a_database_held_by_another_session_is_reported_busy_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    drop(Store::open(&path).unwrap());
    // Another session holds the file the way a large import does: rollback journal,
    // exclusive lock.
    let other = Connection::open(&path).unwrap();
    let mode: String = other
        .query_row("PRAGMA journal_mode = TRUNCATE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "truncate");
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let err = match Store::open(&path) {
        Err(e) => e,
        Ok(_) => panic!("the file is held"),
    };
    assert!(err.is_busy(), "{err:?}");
    let msg = pilar::store::messages::open_error(pilar::domain::Lang::Id, &path, &err);
    assert!(msg.contains("sedang dipakai sesi lain"), "{msg}");
    other.execute_batch("COMMIT").unwrap();
    drop(other);
    // Once it is free, pilar opens it (back in WAL mode) and it is sound.
    let store = Store::open(&path).unwrap();
    assert!(store.verify().unwrap().ok());
}

#[test]
fn the_whole_lists_count_remembered_is_taken_again_after_any_write() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let login = store.default_user().unwrap().unwrap();
    let me = store.worker_by_login(&login).unwrap().unwrap();
    let all = everything(Scope::for_worker(&me));
    let shown = active(Scope::for_worker(&me));
    let n_all = store.count_households(&all).unwrap();
    let n_shown = store.count_households(&shown).unwrap();
    assert_eq!(n_all, 462);
    assert!(n_shown < n_all);
    // Two different lists are not one remembered count.
    assert_eq!(store.count_households(&all).unwrap(), n_all);
    assert_eq!(store.count_households(&shown).unwrap(), n_shown);

    // This connection's own write: a household entered by mistake voided.
    let first = store.household_window(&shown, 0, 1).unwrap().remove(0);
    let void = pilar::model::HouseholdVoid {
        household_id: first.id.clone(),
        reason: pilar::domain::void::VoidReason::Duplikat,
    };
    assert_eq!(store.void_household(&me.id, &void).unwrap(), Ok(()));
    assert_eq!(store.count_households(&all).unwrap(), n_all - 1);
    assert_eq!(store.count_households(&shown).unwrap(), n_shown - 1);

    // Another connection's commit.
    let second = store.household_window(&shown, 0, 1).unwrap().remove(0);
    Connection::open(&demo.path)
        .unwrap()
        .execute(
            "UPDATE households SET deleted = 1 WHERE id = ?1",
            [&second.id],
        )
        .unwrap();
    assert_eq!(store.count_households(&shown).unwrap(), n_shown - 2);
    assert_eq!(
        store.count_households(&shown).unwrap(),
        Store::open(&demo.path)
            .unwrap()
            .count_households(&shown)
            .unwrap()
    );
}
