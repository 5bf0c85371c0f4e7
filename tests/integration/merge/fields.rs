//! The merge of single fields: emptied fields, status dates, conflicts on both sides, group activities, moved members, settled conflicts.

use super::*;

/// Changes made on this laptop before the file was copied to the other one: history both
/// databases share.
fn shared(l: &Laptops, change: impl FnOnce(&Store, &mut App)) {
    {
        let (store, mut app) = session(&l.ours);
        change(&store, &mut app);
    }
    std::fs::copy(&l.ours, &l.theirs).unwrap();
}

fn field_of(path: &Path, column: &str, id: &str) -> Option<String> {
    one(
        path,
        &format!("SELECT {column} FROM households WHERE id = '{id}'"),
    )
}

#[test]
fn a_referral_moved_on_the_other_laptop_is_taken() {
    let l = laptops();
    let mut referral = (String::new(), String::new());
    shared(&l, |store, app| {
        let h = select(app, store, 0);
        let author = store.workers().unwrap()[0].id.clone();
        let id = store
            .add_referral(
                &author,
                &pilar::model::NewReferral {
                    household_id: h.clone(),
                    program: pilar::domain::graduation::Program::Kube,
                    agency: "Dinsos".into(),
                    date: common::today(),
                    status: pilar::domain::graduation::ReferralStatus::Diusulkan,
                    notes: String::new(),
                },
            )
            .unwrap();
        referral = (author, id);
    });
    let (author, id) = referral;
    Store::open(&l.theirs)
        .unwrap()
        .set_referral_status(
            &author,
            &id,
            pilar::domain::graduation::ReferralStatus::Diterima,
        )
        .unwrap();
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "referrals").updated, 1);
    assert_eq!(table(&r, "referrals").conflicts, 0);
    assert_eq!(
        one::<String>(
            &l.ours,
            &format!("SELECT status FROM referrals WHERE id = '{id}'")
        ),
        "diterima"
    );
    assert!(!merge(&l.ours, &l.theirs).changed());
    assert!(Store::open(&l.ours).unwrap().verify().unwrap().ok());
}

#[test]
fn taking_an_emptied_field_writes_it_empty() {
    let l = laptops();
    let h = {
        let (store, mut app) = session(&l.theirs);
        let h = select(&mut app, &store, 2);
        edit(&mut app, &store, "rt", "");
        h
    };
    {
        let (store, mut app) = session(&l.ours);
        assert_eq!(select(&mut app, &store, 2), h);
        edit(&mut app, &store, "rt", "009");
    }
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "households").conflicts, 1);
    let store = Store::open(&l.ours).unwrap();
    let author = store.workers().unwrap()[0].id.clone();
    let c = store.open_conflicts(&Scope::All, 10).unwrap().remove(0);
    assert_eq!((c.field.as_str(), c.theirs.as_deref()), ("rt", None));
    assert!(
        store
            .resolve_conflict(&author, &c.id, Resolution::Theirs)
            .unwrap()
    );
    assert_eq!(field_of(&l.ours, "rt", &h).as_deref(), Some(""));
    drop(store);
    assert!(!merge(&l.ours, &l.theirs).changed());
}

#[test]
fn taking_their_status_takes_their_status_date() {
    let l = laptops();
    let (h, author) = {
        let store = Store::open(&l.ours).unwrap();
        let h: String = one(
            &l.ours,
            "SELECT id FROM households WHERE status = 'aktif' AND deleted = 0 ORDER BY id LIMIT 1",
        );
        (h, store.workers().unwrap()[0].id.clone())
    };
    let exit = |path: &Path, kind, day| {
        Store::open(path)
            .unwrap()
            .record_graduation(
                &author,
                &pilar::model::NewGraduation {
                    household_id: h.clone(),
                    kind,
                    date: chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
                    reason: String::new(),
                    evidence: Vec::new(),
                    referral: None,
                    monitoring_months: 0,
                    monitoring_summary: String::new(),
                },
            )
            .unwrap();
    };
    use pilar::domain::graduation::ExitKind;
    exit(&l.ours, ExitKind::SejahteraMandiri, 2);
    exit(&l.theirs, ExitKind::Pindah, 20);
    let ours_status = field_of(&l.ours, "status", &h);
    let theirs_status = field_of(&l.theirs, "status", &h);
    assert_ne!(ours_status, theirs_status);
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "households").conflicts, 1, "{r:?}");
    let store = Store::open(&l.ours).unwrap();
    // The status date is settled with the status, not on its own.
    assert_eq!(store.count_open_conflicts(&Scope::All).unwrap(), 1);
    let c = store.open_conflicts(&Scope::All, 10).unwrap().remove(0);
    assert_eq!(c.field, "status");
    assert!(
        store
            .resolve_conflict(&author, &c.id, Resolution::Theirs)
            .unwrap()
    );
    assert_eq!(field_of(&l.ours, "status", &h), theirs_status);
    assert_eq!(
        field_of(&l.ours, "status_date", &h).as_deref(),
        Some("2026-11-20")
    );
    assert_eq!(store.count_open_conflicts(&Scope::All).unwrap(), 0);
    assert_eq!(
        one::<i64>(
            &l.ours,
            "SELECT count(*) FROM merge_conflicts WHERE resolved_at IS NULL"
        ),
        0
    );
    drop(store);
    let again = merge(&l.ours, &l.theirs);
    assert!(!again.changed(), "{again:?}");
}

#[test]
fn a_field_changed_on_both_sides_is_a_conflict_even_when_one_side_emptied_it() {
    let l = laptops();
    let mut h = String::new();
    shared(&l, |store, app| {
        h = select(app, store, 3);
        edit(app, store, "business_desc", "Warung");
    });
    {
        let (store, mut app) = session(&l.ours);
        assert_eq!(select(&mut app, &store, 3), h);
        edit(&mut app, &store, "business_desc", "");
    }
    {
        let (store, mut app) = session(&l.theirs);
        assert_eq!(select(&mut app, &store, 3), h);
        edit(&mut app, &store, "business_desc", "Toko");
    }
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "households").conflicts, 1, "{r:?}");
    assert_eq!(table(&r, "households").updated, 0, "{r:?}");
    assert_eq!(field_of(&l.ours, "business_desc", &h).as_deref(), Some(""));
    let store = Store::open(&l.ours).unwrap();
    let c = store.open_conflicts(&Scope::All, 10).unwrap().remove(0);
    assert_eq!(
        (c.field.as_str(), c.ours.as_deref(), c.theirs.as_deref()),
        ("business_desc", None, Some("Toko"))
    );
    drop(store);
    assert!(!merge(&l.ours, &l.theirs).changed());
}

#[test]
fn a_change_and_back_on_one_side_against_a_change_on_the_other_is_a_conflict() {
    let l = laptops();
    let mut h = String::new();
    shared(&l, |store, app| {
        h = select(app, store, 4);
        edit(app, store, "rt", "001");
    });
    {
        // A -> B -> A here.
        let (store, mut app) = session(&l.ours);
        assert_eq!(select(&mut app, &store, 4), h);
        edit(&mut app, &store, "rt", "002");
        edit(&mut app, &store, "rt", "001");
    }
    {
        let (store, mut app) = session(&l.theirs);
        assert_eq!(select(&mut app, &store, 4), h);
        edit(&mut app, &store, "rt", "005");
    }
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "households").conflicts, 1, "{r:?}");
    assert_eq!(field_of(&l.ours, "rt", &h).as_deref(), Some("001"));
    // Settled by keeping ours: a second merge asks nothing.
    let store = Store::open(&l.ours).unwrap();
    let author = store.workers().unwrap()[0].id.clone();
    let c = store.open_conflicts(&Scope::All, 10).unwrap().remove(0);
    store
        .resolve_conflict(&author, &c.id, Resolution::Ours)
        .unwrap();
    drop(store);
    let again = merge(&l.ours, &l.theirs);
    assert!(!again.changed(), "{again:?}");
    assert_eq!(again.open_conflicts, 0);
    assert_eq!(field_of(&l.ours, "rt", &h).as_deref(), Some("001"));

    // A field changed on the other laptop only is still taken.
    {
        let (store, mut app) = session(&l.theirs);
        assert_eq!(select(&mut app, &store, 4), h);
        // The demo draws RW 001-004: 007 is a change whatever the household had.
        edit(&mut app, &store, "rw", "007");
    }
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "households").updated, 1, "{r:?}");
    assert_eq!(table(&r, "households").conflicts, 0, "{r:?}");
    assert_eq!(field_of(&l.ours, "rw", &h).as_deref(), Some("007"));
    assert_eq!(field_of(&l.ours, "rt", &h).as_deref(), Some("001"));
    assert!(!merge(&l.ours, &l.theirs).changed());
    assert!(Store::open(&l.ours).unwrap().verify().unwrap().ok());
}

#[test]
fn a_facilitator_sees_and_settles_only_conflicts_of_their_own_households() {
    let demo = demo_db(30, 2, 1);
    let ours = demo.dir.path().join("ours.db");
    let theirs = demo.dir.path().join("theirs.db");
    std::fs::copy(&demo.path, &ours).unwrap();
    std::fs::copy(&demo.path, &theirs).unwrap();
    // Budi (`p0002`) changes one of his households' RT on both laptops.
    let mut h = String::new();
    for (path, rt) in [(&theirs, "007"), (&ours, "009")] {
        let store = Store::open(path).unwrap();
        let mut app = app_as(&store, "p0002", Lang::Id);
        h = select(&mut app, &store, 0);
        edit(&mut app, &store, "rt", rt);
    }
    merge(&ours, &theirs);
    let store = Store::open(&ours).unwrap();
    let ani = store.worker_by_login("siti").unwrap().unwrap();
    let budi = store.worker_by_login("p0002").unwrap().unwrap();
    let ani_scope = Scope::Worker(ani.id.clone());
    let budi_scope = Scope::Worker(budi.id.clone());
    assert_eq!(store.count_open_conflicts(&ani_scope).unwrap(), 0);
    assert!(store.open_conflicts(&ani_scope, 10).unwrap().is_empty());
    assert_eq!(store.count_open_conflicts(&budi_scope).unwrap(), 1);
    assert_eq!(store.count_open_conflicts(&Scope::All).unwrap(), 1);
    let c = store.open_conflicts(&budi_scope, 10).unwrap().remove(0);
    assert_eq!(c.household_id.as_deref(), Some(h.as_str()));
    // Ani sees nothing in the app either.
    let mut app = app_as(&store, "siti", Lang::Id);
    assert!(app.message.is_none(), "{:?}", app.message);
    keys(&mut app, &store, ":konflik<enter>");
    let Overlay::Conflicts(view) = &app.overlay else {
        panic!("no conflicts view")
    };
    assert!(view.rows.is_empty() && view.total == 0);
    // The store refuses Ani (and the supervisor); Budi settles it.
    assert!(matches!(
        store.resolve_conflict(&ani.id, &c.id, Resolution::Theirs),
        Err(StoreError::NotAllowed)
    ));
    let korkab = store.worker_by_login("korkab").unwrap().unwrap();
    assert!(matches!(
        store.resolve_conflict(&korkab.id, &c.id, Resolution::Ours),
        Err(StoreError::NotAllowed)
    ));
    assert_eq!(field_of(&ours, "rt", &h).as_deref(), Some("009"));
    assert_eq!(store.count_open_conflicts(&budi_scope).unwrap(), 1);
    assert!(
        store
            .resolve_conflict(&budi.id, &c.id, Resolution::Theirs)
            .unwrap()
    );
    assert_eq!(field_of(&ours, "rt", &h).as_deref(), Some("007"));
    // The supervisor sees every conflict (none left).
    assert_eq!(store.count_open_conflicts(&Scope::All).unwrap(), 0);
}

#[test]
fn settling_an_identity_number_keeps_it_masked_in_the_message() {
    let l = laptops();
    const KK_OURS: &str = "3324040101250111";
    const KK_THEIRS: &str = "3324040101250222";
    for (path, kk) in [(&l.theirs, KK_THEIRS), (&l.ours, KK_OURS)] {
        let (store, mut app) = session(path);
        select(&mut app, &store, 5);
        edit(&mut app, &store, "no_kk", kk);
    }
    merge(&l.ours, &l.theirs);
    let store = Store::open(&l.ours).unwrap();
    let mut app = common::app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, ":konflik<enter>t");
    let msg = app.message.as_ref().unwrap().text.clone();
    assert!(!msg.contains(KK_THEIRS), "{msg}");
    assert!(msg.contains("3324••••••••0222"), "{msg}");
    assert_eq!(
        one::<i64>(
            &l.ours,
            &format!("SELECT count(*) FROM households WHERE no_kk = '{KK_THEIRS}'")
        ),
        1
    );
    // Other values are named as the forms name them.
    let s = scenario();
    merge(&s.laptops.ours, &s.laptops.theirs);
    let store = Store::open(&s.laptops.ours).unwrap();
    let mut app = common::app(&store, Lang::En, 80, 24);
    keys(&mut app, &store, ":conflicts<enter>o");
    let msg = app.message.as_ref().unwrap().text.clone();
    assert!(msg.contains("RT = 009"), "{msg}");
}

/// Two copies of a demo with two facilitators (`siti` and `p0002`) and a supervisor.
fn team_laptops() -> Laptops {
    let demo = demo_db(30, 2, 1);
    let ours = demo.dir.path().join("ours.db");
    let theirs = demo.dir.path().join("theirs.db");
    std::fs::copy(&demo.path, &ours).unwrap();
    std::fs::copy(&demo.path, &theirs).unwrap();
    Laptops {
        _demo: demo,
        ours,
        theirs,
    }
}

/// Changes an activity's summary the way a facilitator does it offline: export, edit,
/// import (with its history).
fn resummarize(path: &Path, activity: &str, summary: &str) {
    use pilar::transfer::out::{Format, render};
    use pilar::transfer::{Col, Kind};
    let store = Store::open(path).unwrap();
    let worker: String = one(
        path,
        &format!("SELECT worker_id FROM activities WHERE id = '{activity}'"),
    );
    let user = store
        .workers()
        .unwrap()
        .into_iter()
        .find(|w| w.id == worker)
        .unwrap();
    let mut rows = store
        .export_rows(Kind::Activities, &Scope::for_worker(&user))
        .unwrap();
    rows.retain(|r| r[0] == activity);
    assert_eq!(rows.len(), 1);
    let i = Kind::Activities
        .columns()
        .iter()
        .position(|c| *c == Col::Summary)
        .unwrap();
    rows[0][i] = summary.into();
    let bytes = render(Kind::Activities, Format::Csv, &rows).unwrap();
    let table = pilar::transfer::read_csv(&bytes).unwrap();
    let opts = pilar::store::ImportOptions {
        dry_run: false,
        skip_invalid: false,
        had_problems: false,
        today: common::today(),
    };
    let (problems, report) = pilar::commands::transfer::run_import(
        &store,
        &user,
        Kind::Activities,
        &table,
        None,
        &opts,
        Lang::Id,
    )
    .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(report.updated, 1);
}

#[test]
fn a_group_activity_conflict_belongs_to_its_facilitator() {
    let l = team_laptops();
    let activity: String = one(
        &l.ours,
        "SELECT id FROM activities WHERE household_id IS NULL AND deleted = 0
         AND EXISTS (SELECT 1 FROM activity_households WHERE activity_id = activities.id)
         ORDER BY id LIMIT 1",
    );
    let owner: String = one(
        &l.ours,
        &format!("SELECT worker_id FROM activities WHERE id = '{activity}'"),
    );
    resummarize(&l.ours, &activity, "Ringkasan di sini");
    resummarize(&l.theirs, &activity, "Ringkasan di laptop lain");
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "activities").conflicts, 1, "{r:?}");
    let store = Store::open(&l.ours).unwrap();
    let workers = store.workers().unwrap();
    let other = workers
        .iter()
        .find(|w| w.role == pilar::model::Role::Facilitator && w.id != owner)
        .unwrap();
    let korkab = store.worker_by_login("korkab").unwrap().unwrap();
    let mine = Scope::Worker(owner.clone());
    assert_eq!(store.count_open_conflicts(&mine).unwrap(), 1);
    assert_eq!(
        store
            .count_open_conflicts(&Scope::Worker(other.id.clone()))
            .unwrap(),
        0
    );
    let c = store.open_conflicts(&mine, 10).unwrap().remove(0);
    assert_eq!(
        (c.table.as_str(), c.field.as_str()),
        ("activities", "summary")
    );
    // Another facilitator and the supervisor may not settle it.
    for who in [&other.id, &korkab.id] {
        assert!(matches!(
            store.resolve_conflict(who, &c.id, Resolution::Theirs),
            Err(StoreError::NotAllowed)
        ));
    }
    assert!(
        store
            .resolve_conflict(&owner, &c.id, Resolution::Theirs)
            .unwrap()
    );
    assert_eq!(
        one::<String>(
            &l.ours,
            &format!("SELECT summary FROM activities WHERE id = '{activity}'")
        ),
        "Ringkasan di laptop lain"
    );
    assert_eq!(store.count_open_conflicts(&Scope::All).unwrap(), 0);
    drop(store);
    assert!(!merge(&l.ours, &l.theirs).changed());
}

#[test]
fn a_graduation_undone_on_one_side_brings_its_status_date_without_a_conflict() {
    let l = laptops();
    let h: String = one(
        &l.ours,
        "SELECT id FROM households WHERE status = 'aktif' AND deleted = 0 ORDER BY id LIMIT 1",
    );
    let before = field_of(&l.ours, "status_date", &h);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    {
        let store = Store::open(&l.theirs).unwrap();
        let author = store.workers().unwrap()[0].id.clone();
        store
            .record_graduation(
                &author,
                &pilar::model::NewGraduation {
                    household_id: h.clone(),
                    kind: pilar::domain::graduation::ExitKind::Pindah,
                    date: day,
                    reason: String::new(),
                    evidence: Vec::new(),
                    referral: None,
                    monitoring_months: 0,
                    monitoring_summary: String::new(),
                },
            )
            .unwrap();
        assert!(store.undo_graduation(&author, &h, day).unwrap());
    }
    let theirs = field_of(&l.theirs, "status_date", &h);
    // The undo puts the status's date back as it was (issue 14, D17).
    assert_eq!(before, theirs, "the undo restored the status date");
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "households").conflicts, 0, "{r:?}");
    assert_eq!(r.open_conflicts, 0);
    assert_eq!(field_of(&l.ours, "status", &h).as_deref(), Some("aktif"));
    assert_eq!(field_of(&l.ours, "status_date", &h), theirs);
    assert!(!merge(&l.ours, &l.theirs).changed());
    // The other way round, this laptop's date is kept.
    let r = merge(&l.theirs, &l.ours);
    assert_eq!(r.open_conflicts, 0, "{r:?}");
}

#[test]
fn moving_a_member_needs_both_households() {
    let l = team_laptops();
    // A member of one of Siti's households; a household of Budi's and another of Siti's.
    let siti: String = one(&l.ours, "SELECT id FROM workers WHERE login = 'siti'");
    let budi: String = one(&l.ours, "SELECT id FROM workers WHERE login = 'p0002'");
    let member: String = one(
        &l.ours,
        &format!(
            "SELECT m.id FROM members m JOIN households h ON h.id = m.household_id
             WHERE h.worker_id = '{siti}' AND m.deleted = 0 ORDER BY m.id LIMIT 1"
        ),
    );
    let budis: String = one(
        &l.ours,
        &format!("SELECT id FROM households WHERE worker_id = '{budi}' ORDER BY id LIMIT 1"),
    );
    // The conflict's household is the member's target (theirs): Budi's.
    let c = Connection::open(&l.ours).unwrap();
    c.execute(
        "INSERT INTO merge_conflicts (id, table_name, record_id, household_id, field, ours,
            theirs, source, created_at, updated_at, author_id)
         VALUES ('c1', 'members', ?1, ?2, 'household_id', NULL, ?2, 'x', '2026-11-29',
            '2026-11-29', ?3)",
        rusqlite::params![member, budis, siti],
    )
    .unwrap();
    drop(c);
    let store = Store::open(&l.ours).unwrap();
    for who in [&siti, &budi] {
        assert!(matches!(
            store.resolve_conflict(who, "c1", Resolution::Theirs),
            Err(StoreError::NotAllowed)
        ));
    }
}

#[test]
fn history_of_another_table_with_the_same_record_id_does_not_count() {
    let l = laptops();
    let activity: String = one(
        &l.ours,
        "SELECT id FROM activities WHERE household_id IS NULL AND deleted = 0
         AND EXISTS (SELECT 1 FROM activity_households WHERE activity_id = activities.id)
         ORDER BY id LIMIT 1",
    );
    resummarize(&l.theirs, &activity, "Ringkasan di laptop lain");
    // Here, an entry of another table whose record id and field happen to match.
    let c = Connection::open(&l.ours).unwrap();
    let author: String = one(&l.ours, "SELECT id FROM workers ORDER BY id LIMIT 1");
    c.execute(
        "INSERT INTO change_log (id, table_name, record_id, field, old_value, new_value,
            created_at, updated_at, author_id, prev_hash, hash)
         VALUES ('other-table', 'activity_households', ?1, 'summary', NULL, 'x',
            '2026-11-29', '2026-11-29', ?2, '', '')",
        rusqlite::params![activity, author],
    )
    .unwrap();
    drop(c);
    let r = merge(&l.ours, &l.theirs);
    assert_eq!(table(&r, "activities").conflicts, 0, "{r:?}");
    assert_eq!(table(&r, "activities").updated, 1, "{r:?}");
    assert_eq!(
        one::<String>(
            &l.ours,
            &format!("SELECT summary FROM activities WHERE id = '{activity}'")
        ),
        "Ringkasan di laptop lain"
    );
}

#[test]
fn settling_a_conflict_already_settled_elsewhere_says_so() {
    let s = scenario();
    merge(&s.laptops.ours, &s.laptops.theirs);
    let store = Store::open(&s.laptops.ours).unwrap();
    let mut app = common::app(&store, Lang::En, 80, 24);
    keys(&mut app, &store, ":conflicts<enter>");
    let Overlay::Conflicts(view) = &app.overlay else {
        panic!("no conflicts view")
    };
    assert_eq!(view.rows.len(), 1);
    let id = view.rows[0].id.clone();
    // Another session settles it meanwhile.
    let elsewhere = Store::open(&s.laptops.ours).unwrap();
    let author = app.user.id.clone();
    assert!(
        elsewhere
            .resolve_conflict(&author, &id, Resolution::Ours)
            .unwrap()
    );
    keys(&mut app, &store, "t");
    let msg = app.message.as_ref().unwrap().text.clone();
    assert!(msg.contains("already settled in another session"), "{msg}");
    assert_eq!(
        field_of(&s.laptops.ours, "rt", &s.both).as_deref(),
        Some("009")
    );
    let Overlay::Conflicts(view) = &app.overlay else {
        panic!("no conflicts view")
    };
    assert!(view.rows.is_empty());
    // A change from another session reloads the open list.
    assert_eq!(
        pilar::app::conflicts::changed(&app),
        vec![pilar::app::Effect::Conflicts(
            pilar::app::conflicts::Request::Load(app.scope.clone())
        )]
    );
    keys(&mut app, &store, "<esc>");
    assert!(pilar::app::conflicts::changed(&app).is_empty());
}

/// Issue 14 (adversarial test F3): another laptop's file written past pilar (raw escapes in
/// a worker's and a family's name, and in the text of a history entry) is cleaned as it
/// comes in, as every write here is; an export of it, to a file or a terminal, holds no
/// escape.
#[test]
fn text_merged_from_another_laptop_is_stored_clean() {
    let l = laptops();
    let evil = "Jahat \u{1b}]0;MERGE-TITLE\u{7}\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}[2J\u{2066}";
    {
        let c = Connection::open(&l.theirs).unwrap();
        c.execute(
            "INSERT INTO workers (id, name, login, role, created_at, updated_at)
             VALUES ('0197ffff-0000-7000-8000-000000000001', ?1, 'jahat', 'facilitator',
                     '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')",
            [evil],
        )
        .unwrap();
        c.execute_batch(
            "CREATE TEMP TABLE h AS SELECT * FROM households ORDER BY id LIMIT 1;
             UPDATE h SET id = '0197ffff-0000-7000-8000-000000000002',
                          no_kk = '3324040101259998', pengurus_nik = '3324046505900998',
                          worker_id = '0197ffff-0000-7000-8000-000000000001';
             INSERT INTO households SELECT * FROM h;",
        )
        .unwrap();
        c.execute(
            "UPDATE households SET pengurus_name = ?1, address = ?1
             WHERE id = '0197ffff-0000-7000-8000-000000000002'",
            [evil],
        )
        .unwrap();
    }
    let report = merge(&l.ours, &l.theirs);
    assert_eq!(table(&report, "households").added, 1);
    let c = Connection::open(&l.ours).unwrap();
    for sql in [
        "SELECT name FROM workers WHERE login = 'jahat'",
        "SELECT pengurus_name FROM households WHERE id = '0197ffff-0000-7000-8000-000000000002'",
        "SELECT address FROM households WHERE id = '0197ffff-0000-7000-8000-000000000002'",
    ] {
        let v: String = c.query_row(sql, [], |r| r.get(0)).unwrap();
        assert!(v.starts_with("Jahat "), "{v:?}");
        assert!(
            !v.chars().any(pilar::domain::text::is_hostile),
            "{sql}: {v:?}"
        );
    }
    // An export of it (standard output, not a terminal here) holds no escape.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args([
            "export",
            "--db",
            l.ours.to_str().unwrap(),
            "--what",
            "households",
        ])
        .args(["--user", "jahat"])
        .env("PILAR_TODAY", "2026-11-29")
        .env_remove("PILAR_KEY_FILE")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Jahat"));
    assert!(!out.stdout.contains(&0x1b));
}
