//! Voiding a household entered by mistake (issue 14; the field test's D4: a bare
//! household saved by a stray Enter could never be removed, only "exited" falsely): by key
//! script through the real store, it is hidden from every list and count, is not an exit,
//! keeps its history with who, when and why, and is refused while a graduation counts.

use crate::common;

use common::{count, demo_db, keys, today};
use pilar::app::Overlay;
use pilar::domain::Lang;
use pilar::domain::graduation::{ExitKind, TargetPolicy};
use pilar::domain::void::VoidReason;
use pilar::model::{HouseholdVoid, ListQuery, Refusal, Scope};
use pilar::store::{Store, StoreError};
use pilar::transfer::Kind;

const KK: &str = "3324041503150009";
const NIK: &str = "3324045201880002";

/// What every list and count shows of one facilitator's caseload.
#[derive(Debug, PartialEq, Eq)]
struct Figures {
    list: u64,
    found: u64,
    gauge: (u32, u32, u32, u32),
    team_caseload: u32,
    team_activities: u32,
    agenda: u64,
    exported: usize,
    exported_activities: usize,
}

fn figures(store: &Store, worker: &str) -> Figures {
    let scope = Scope::Worker(worker.to_string());
    let mut found = ListQuery::caseload(scope.clone(), today());
    found.filter = pilar::filter::parse("warsini");
    let g = store
        .gauge(&scope, today(), &TargetPolicy::default())
        .unwrap();
    let team = store
        .team(&scope, 2026, today(), today(), &TargetPolicy::default())
        .unwrap();
    Figures {
        list: store
            .count_for_list(&ListQuery::caseload(scope.clone(), today()))
            .unwrap()
            .0,
        found: store.count_for_list(&found).unwrap().0,
        gauge: (g.counted, g.other_exits, g.candidates, g.overdue),
        team_caseload: team.rows[0].caseload,
        team_activities: team.rows[0].activities_30d,
        agenda: store
            .count_agenda(&scope, today() + chrono::Duration::days(30))
            .unwrap(),
        exported: store.export_rows(Kind::Households, &scope).unwrap().len(),
        exported_activities: store.export_rows(Kind::Activities, &scope).unwrap().len(),
    }
}

#[test]
fn a_household_entered_by_mistake_is_voided_from_every_list_and_count_and_kept_in_the_history() {
    let demo = demo_db(60, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app(&store, Lang::Id, 80, 24);
    let me = app.user.id.clone();
    let before = figures(&store, &me);
    // The field test's D4 household (saved on purpose here), and a visit with a follow-up
    // logged on it before the mistake was seen.
    keys(
        &mut app,
        &store,
        &format!("n{KK}<tab>Warsini<tab>{NIK}<c-s>"),
    );
    assert!(matches!(app.overlay, Overlay::None));
    let id = app.caseload.list.selected_row().unwrap().id.clone();
    keys(&mut app, &store, "aSalah rumah<tab><tab>+2<enter>");
    assert!(matches!(app.overlay, Overlay::None));
    assert_ne!(figures(&store, &me), before);
    // `D`, the reason, Enter, and Enter again once asked.
    keys(&mut app, &store, "Ds<enter>");
    assert!(matches!(app.overlay, Overlay::Form(_)), "asked first");
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM households WHERE deleted = 1"
        ),
        0
    );
    keys(&mut app, &store, "<enter>");
    assert!(matches!(app.overlay, Overlay::None));
    let said = app.message.clone().unwrap().text;
    assert!(
        said.contains("Warsini") && said.contains("riwayat"),
        "{said}"
    );
    // Gone from every list and count: as if it had never been entered.
    assert_eq!(figures(&store, &me), before);
    assert_ne!(
        app.caseload.list.selected_row().map(|r| r.id.clone()),
        Some(id.clone())
    );
    assert!(store.household_detail(&id).unwrap().is_none());
    // Not an exit: no graduation row, the status unchanged.
    let q = |sql: &str| count(&demo.path, &sql.replace("ID", &id));
    assert_eq!(
        q("SELECT count(*) FROM graduations WHERE household_id = 'ID'"),
        0
    );
    assert_eq!(
        q("SELECT count(*) FROM households WHERE id = 'ID' AND deleted = 1 AND status = 'aktif'"),
        1
    );
    // Kept in the history: who, when, why; its activity withdrawn with history too.
    let (reason, author, at): (String, String, String) = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT new_value, author_id, created_at FROM change_log
             WHERE record_id = ?1 AND field = 'void'",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (reason.as_str(), author.as_str()),
        ("salah_input", me.as_str())
    );
    assert!(at.starts_with("20"), "{at}");
    assert_eq!(
        q(
            "SELECT count(*) FROM change_log WHERE record_id = 'ID' AND field = 'deleted'
           AND old_value = '0' AND new_value = '1'"
        ),
        1
    );
    assert_eq!(
        q("SELECT count(*) FROM activities WHERE household_id = 'ID' AND deleted = 0"),
        0
    );
    assert_eq!(
        q(
            "SELECT count(*) FROM change_log WHERE field = 'deleted' AND record_id IN
           (SELECT id FROM activities WHERE household_id = 'ID')"
        ),
        1
    );
    // The family's numbers are free again: the right household can be registered.
    assert!(store.find_duplicate(KK, &[NIK], None).unwrap().is_none());
    keys(
        &mut app,
        &store,
        &format!("n{KK}<tab>Warsini<tab>{NIK}<c-s>"),
    );
    assert!(matches!(app.overlay, Overlay::None), "registered again");
    // The history still verifies.
    assert!(store.verify().unwrap().ok());
}

/// A household that graduated counts toward the target: voiding it would change the
/// gauge without an exit on record. Refused in the form, with the way out (undo first).
#[test]
fn a_void_is_refused_while_a_graduation_counts_and_allowed_once_undone() {
    let demo = demo_db(60, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app(&store, Lang::En, 80, 24);
    let me = app.user.id.clone();
    let gauge = || {
        store
            .gauge(
                &Scope::Worker(me.clone()),
                today(),
                &TargetPolicy::default(),
            )
            .unwrap()
            .counted
    };
    let counted = gauge();
    let row = app.caseload.list.selected_row().unwrap().clone();
    let id = row.id.clone();
    keys(&mut app, &store, "LStable business<tab> <tab> <enter>");
    assert_eq!(gauge(), counted + 1);
    let void = HouseholdVoid {
        household_id: id.clone(),
        reason: VoidReason::Duplikat,
    };
    assert_eq!(
        store.void_household(&me, &void).unwrap(),
        Err(Refusal::Exited(ExitKind::SejahteraMandiri))
    );
    // By key: the graduated household (shown with every status) is refused before the form.
    keys(
        &mut app,
        &store,
        &format!("x/{}<enter>", row.name.to_lowercase()),
    );
    for _ in 0..app.caseload.list.total {
        if app.caseload.list.selected_row().map(|r| r.id.as_str()) == Some(id.as_str()) {
            break;
        }
        keys(&mut app, &store, "j");
    }
    assert_eq!(app.caseload.list.selected_row().unwrap().id, id);
    keys(&mut app, &store, "D");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(app.message.clone().unwrap().text.contains("U U"));
    assert_eq!(gauge(), counted + 1, "nothing changed");
    // Undone, it may be voided; the gauge is back where it was.
    keys(&mut app, &store, "UU");
    assert_eq!(store.void_household(&me, &void).unwrap(), Ok(()));
    assert_eq!(gauge(), counted);
    assert_eq!(
        count(
            &demo.path,
            &format!("SELECT count(*) FROM households WHERE id = '{id}' AND deleted = 1")
        ),
        1
    );
}

/// Guarded as every write is: only the household's own facilitator voids it.
#[test]
fn only_the_households_facilitator_may_void_it() {
    let demo = demo_db(80, 2, 1);
    let store = Store::open(&demo.path).unwrap();
    let siti = store.worker_by_login("siti").unwrap().unwrap();
    let other = store.worker_by_login("p0002").unwrap().unwrap();
    let boss = store.worker_by_login("korkab").unwrap().unwrap();
    let id: String = common::one(
        &demo.path,
        &format!(
            "SELECT id FROM households WHERE worker_id = '{}' AND status = 'aktif' LIMIT 1",
            siti.id
        ),
    );
    let void = HouseholdVoid {
        household_id: id.clone(),
        reason: VoidReason::SalahInput,
    };
    for who in [&other.id, &boss.id] {
        assert!(matches!(
            store.void_household(who, &void),
            Err(StoreError::NotAllowed)
        ));
    }
    assert_eq!(store.void_household(&siti.id, &void).unwrap(), Ok(()));
}
