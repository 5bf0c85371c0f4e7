//! Search, filters, sorting and saved views: on hand-made households (so every expectation
//! is known) through the store, and on the demo through key scripts.

use crate::common;

use chrono::Duration;
use common::{demo_db, keys, today};
use pilar::app::{Action, App, Level, Overlay};
use pilar::domain::Lang;
use pilar::filter::parse;
use pilar::model::{ListQuery, Role, Scope, Sort, SortColumn};
use pilar::runtime;
use pilar::store::{HouseholdRecord, MemberRecord, Store};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    siti: String,
    budi: String,
}

struct H<'a> {
    name: &'a str,
    village: &'a str,
    nik: &'a str,
    kk: &'a str,
    phone: &'a str,
    desil: u8,
    joined: i32,
    business: bool,
    status: &'a str,
    last_visit: Option<i64>,
    follow_up: Option<i64>,
    pas: &'a str,
    component: Option<&'a str>,
}

const BASE: H<'static> = H {
    name: "",
    village: "Curugsewu",
    nik: "3324044101800001",
    kk: "3324040101100001",
    phone: "",
    desil: 1,
    joined: 2015,
    business: false,
    status: "aktif",
    last_visit: Some(10),
    follow_up: None,
    pas: "fakir_miskin",
    component: None,
};

/// Six households with known facts; Siti owns the first five, Budi the last.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let siti = store
        .add_worker("Siti Rahayu", "siti", Role::Facilitator, 10, None)
        .unwrap()
        .id;
    let budi = store
        .add_worker("Budi Santoso", "budi", Role::Facilitator, 10, None)
        .unwrap()
        .id;
    let t = today();
    let rows = [
        (
            &siti,
            H {
                name: "Sànti Ñur'aini",
                nik: "3324046505900002",
                phone: "081234567890",
                desil: 2,
                joined: 2012,
                business: true,
                last_visit: Some(45),
                follow_up: Some(-3),
                pas: "fakir_miskin,lansia_telantar",
                component: Some("lansia"),
                ..BASE
            },
        ),
        (
            &siti,
            H {
                name: "Siti Aminah",
                village: "Pagersari",
                nik: "3324044506850003",
                kk: "3324040202150002",
                desil: 3,
                joined: 2019,
                last_visit: None,
                follow_up: Some(5),
                component: Some("sd"),
                ..BASE
            },
        ),
        (
            &siti,
            H {
                name: "Aminah Siti",
                nik: "3324044107880004",
                kk: "3324040303150003",
                desil: 4,
                joined: 2021,
                status: "calon_graduasi",
                last_visit: Some(5),
                follow_up: Some(0),
                component: Some("sd"),
                ..BASE
            },
        ),
        (
            &siti,
            H {
                name: "Wartini",
                village: "Pagersari",
                nik: "3324045208700005",
                kk: "3324040404150004",
                phone: "085700001111",
                desil: 1,
                joined: 2009,
                status: "graduasi",
                last_visit: Some(200),
                ..BASE
            },
        ),
        (
            &siti,
            H {
                name: "Endang Sri",
                nik: "3324045909750006",
                kk: "3324040505150005",
                desil: 2,
                joined: 2016,
                business: true,
                last_visit: Some(31),
                ..BASE
            },
        ),
        (
            &budi,
            H {
                name: "Siti Budiarti",
                village: "Gedong",
                nik: "3324046101700007",
                kk: "3324040606150006",
                desil: 1,
                joined: 2010,
                ..BASE
            },
        ),
    ];
    store
        .bulk_load(|w| {
            for (i, (worker, h)) in rows.iter().enumerate() {
                let id = format!("0000000{i}-0000-7000-8000-000000000000");
                let search = pilar::filter::search_text(h.name, h.village);
                w.household(&HouseholdRecord {
                    id: &id,
                    worker_id: worker,
                    no_kk: h.kk,
                    pengurus_name: h.name,
                    pengurus_nik: h.nik,
                    address: "",
                    rt: "001",
                    rw: "001",
                    village: h.village,
                    kecamatan: "Patean",
                    kabupaten: "Kendal",
                    // Official codes (assets/reference/wilayah-kendal.csv).
                    area_code: match h.village {
                        "Pagersari" => "3324042005",
                        "Gedong" => "3324042008",
                        _ => "3324042007",
                    },
                    phone: h.phone,
                    desil: Some(h.desil),
                    year_joined: Some(h.joined),
                    programs: "pkh",
                    has_business: h.business,
                    business_desc: if h.business { "Warung" } else { "" },
                    business_income: None,
                    pas_tags: h.pas,
                    status: h.status,
                    status_date: None,
                    last_visit: h.last_visit.map(|d| t - Duration::days(d)),
                    next_follow_up: h.follow_up.map(|d| t + Duration::days(d)),
                    component_count: u32::from(h.component.is_some()),
                    search_text: &search,
                    created_at: "2026-01-01T00:00:00.000Z",
                    author_id: worker,
                })?;
                w.member(&MemberRecord {
                    id: &format!("1000000{i}-0000-7000-8000-000000000000"),
                    household_id: &id,
                    nik: h.nik,
                    name: h.name,
                    sex: "P",
                    birth_date: None,
                    relation: "istri",
                    component: h.component,
                    created_at: "2026-01-01T00:00:00.000Z",
                    author_id: worker,
                    pregnancy: Default::default(),
                })?;
            }
            Ok(())
        })
        .unwrap();
    Fixture {
        _dir: dir,
        store,
        siti,
        budi,
    }
}

fn names(store: &Store, scope: &Scope, text: &str) -> Vec<String> {
    let mut q = ListQuery::caseload(scope.clone(), today());
    q.filter = parse(text);
    assert!(q.filter.errors.is_empty(), "{text}: {:?}", q.filter.errors);
    let n = store.count_households(&q).unwrap();
    let rows = store.household_window(&q, 0, 100).unwrap();
    assert_eq!(rows.len() as u64, n, "count and rows agree for {text:?}");
    rows.into_iter().map(|r| r.name).collect()
}

#[test]
fn words_match_names_ignoring_case_diacritics_and_order_in_both_scopes() {
    let f = fixture();
    for scope in [Scope::Worker(f.siti.clone()), Scope::All] {
        assert_eq!(names(&f.store, &scope, "santi"), vec!["Sànti Ñur'aini"]);
        assert_eq!(names(&f.store, &scope, "NUR"), vec!["Sànti Ñur'aini"]);
        assert_eq!(
            names(&f.store, &scope, "SÀNTÍ aini"),
            vec!["Sànti Ñur'aini"]
        );
        // Word order does not matter; partial words match as prefixes.
        assert_eq!(
            names(&f.store, &scope, "ami sit"),
            vec!["Aminah Siti", "Siti Aminah"]
        );
        assert!(
            names(&f.store, &scope, "mina").is_empty(),
            "prefixes, not infixes"
        );
        // Village words match too.
        assert_eq!(
            names(&f.store, &scope, "pagers"),
            vec!["Siti Aminah"],
            "Wartini graduated: not in the active list"
        );
    }
    // The supervisor's scope sees Budi's household too.
    assert_eq!(
        names(&f.store, &Scope::All, "siti"),
        vec!["Aminah Siti", "Siti Aminah", "Siti Budiarti"]
    );
}

#[test]
fn numbers_match_nik_kk_phone_and_member_nik_prefixes() {
    let f = fixture();
    let all = Scope::All;
    assert_eq!(names(&f.store, &all, "33240465"), vec!["Sànti Ñur'aini"]);
    assert_eq!(names(&f.store, &all, "3324040202"), vec!["Siti Aminah"]);
    assert_eq!(names(&f.store, &all, "0812"), vec!["Sànti Ñur'aini"]);
    assert_eq!(names(&f.store, &all, "0812-3456"), vec!["Sànti Ñur'aini"]);
    assert!(names(&f.store, &all, "9999").is_empty());
    // NIK prefixes are prefixes: the middle of a NIK does not match.
    assert!(names(&f.store, &all, "65059").is_empty());
}

#[test]
fn every_filter_term_in_both_languages() {
    let f = fixture();
    let s = Scope::Worker(f.siti.clone());
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "desa:curug",
            "village:CURUG",
            &["Aminah Siti", "Endang Sri", "Sànti Ñur'aini"],
        ),
        (
            "status:aktif",
            "status:active",
            &["Endang Sri", "Sànti Ñur'aini", "Siti Aminah"],
        ),
        ("status:graduasi", "status:graduated", &["Wartini"]),
        (
            "status:semua desa:pager",
            "status:all village:pager",
            &["Siti Aminah", "Wartini"],
        ),
        (
            "komponen:sd",
            "component:primary",
            &["Aminah Siti", "Siti Aminah"],
        ),
        ("komponen:lansia", "component:elderly", &["Sànti Ñur'aini"]),
        (
            "usaha:ya",
            "business:yes",
            &["Endang Sri", "Sànti Ñur'aini"],
        ),
        (
            "usaha:tidak",
            "business:no",
            &["Aminah Siti", "Siti Aminah"],
        ),
        ("desil:<=2", "decile:<3", &["Endang Sri", "Sànti Ñur'aini"]),
        ("desil:4", "decile:=4", &["Aminah Siti"]),
        (
            "kunjungan:>30",
            "visit:>30",
            &["Endang Sri", "Sànti Ñur'aini", "Siti Aminah"],
        ),
        ("kunjungan:<=10", "visit:<11", &["Aminah Siti"]),
        ("kunjungan:belum", "visit:never", &["Siti Aminah"]),
        (
            "tindaklanjut:terlambat",
            "followup:overdue",
            &["Sànti Ñur'aini"],
        ),
        ("tl:hariini", "followup:today", &["Aminah Siti"]),
        (
            "tindaklanjut:akandatang",
            "followup:upcoming",
            &["Siti Aminah"],
        ),
        ("tindaklanjut:tidak", "followup:none", &["Endang Sri"]),
        ("calon:ya", "candidate:yes", &["Aminah Siti"]),
        ("masuk:<2016", "joined:<2016", &["Sànti Ñur'aini"]),
        (
            "masuk:>=2019",
            "joined:>=2019",
            &["Aminah Siti", "Siti Aminah"],
        ),
        ("pas:lansia", "pas:lansia_telantar", &["Sànti Ñur'aini"]),
        (
            "pendamping:siti",
            "facilitator:rahayu",
            &["Aminah Siti", "Endang Sri", "Sànti Ñur'aini", "Siti Aminah"],
        ),
        ("pendamping:budi", "facilitator:budi", &[]),
        (
            "siti desa:curugsewu",
            "village:curugsewu siti",
            &["Aminah Siti"],
        ),
    ];
    for (id, en, expected) in cases {
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(names(&f.store, &s, id), expected, "{id}");
        assert_eq!(names(&f.store, &s, en), expected, "{en}");
    }
    assert_eq!(
        names(&f.store, &Scope::All, "pendamping:budi"),
        vec!["Siti Budiarti"]
    );
    let _ = &f.budi;
}

#[test]
fn an_invalid_term_is_named_and_the_rest_still_apply() {
    let f = fixture();
    let mut q = ListQuery::caseload(Scope::Worker(f.siti.clone()), today());
    q.filter = parse("desa:pager warna:merah desil:x");
    assert_eq!(q.filter.errors.len(), 2);
    assert_eq!(q.filter.errors[0].term, "warna:merah");
    let rows = f.store.household_window(&q, 0, 10).unwrap();
    assert_eq!(rows.len(), 1);
    let msg = pilar::i18n::term_error(Lang::Id, &q.filter.errors[0]);
    assert!(
        msg.contains("warna:merah") && msg.contains("tidak dikenal"),
        "{msg}"
    );
    let msg = pilar::i18n::term_error(Lang::En, &q.filter.errors[1]);
    assert!(msg.contains("desil:x"), "{msg}");
}

#[test]
fn sorting_by_every_column_both_ways() {
    let f = fixture();
    let mut q = ListQuery::caseload(Scope::Worker(f.siti.clone()), today());
    q.include_exited = true;
    let order = |q: &ListQuery| -> Vec<String> {
        f.store
            .household_window(q, 0, 10)
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    q.sort = Sort {
        column: SortColumn::Name,
        descending: false,
    };
    assert_eq!(
        order(&q),
        [
            "Aminah Siti",
            "Endang Sri",
            "Sànti Ñur'aini",
            "Siti Aminah",
            "Wartini"
        ]
    );
    q.sort.descending = true;
    assert_eq!(
        order(&q),
        [
            "Wartini",
            "Siti Aminah",
            "Sànti Ñur'aini",
            "Endang Sri",
            "Aminah Siti"
        ]
    );
    q.sort = Sort {
        column: SortColumn::Days,
        descending: false,
    };
    assert_eq!(
        order(&q),
        [
            "Aminah Siti",
            "Endang Sri",
            "Sànti Ñur'aini",
            "Wartini",
            "Siti Aminah"
        ]
    );
    q.sort.descending = true;
    assert_eq!(
        order(&q)[0],
        "Siti Aminah",
        "never visited first when most days first"
    );
    q.sort = Sort {
        column: SortColumn::Desil,
        descending: true,
    };
    assert_eq!(order(&q)[0], "Aminah Siti");
    q.sort = Sort {
        column: SortColumn::Village,
        descending: false,
    };
    assert_eq!(
        order(&q)[..3],
        ["Aminah Siti", "Endang Sri", "Sànti Ñur'aini"]
    );
    q.sort = Sort {
        column: SortColumn::Status,
        descending: true,
    };
    assert_eq!(order(&q)[0], "Wartini");
    q.sort = Sort {
        column: SortColumn::Components,
        descending: true,
    };
    assert_eq!(
        order(&q)[..3],
        ["Aminah Siti", "Sànti Ñur'aini", "Siti Aminah"]
    );
    // Positions follow the sort.
    for (i, name) in order(&q).iter().enumerate() {
        let rows = f.store.household_window(&q, i as u64, 1).unwrap();
        assert_eq!(&rows[0].name, name);
        assert_eq!(
            f.store.household_position(&q, &rows[0].id).unwrap(),
            Some(i as u64)
        );
    }
}

#[test]
fn saved_views_survive_a_restart() {
    let f = fixture();
    let sort = Sort {
        column: SortColumn::Days,
        descending: true,
    };
    f.store
        .save_view(&f.siti, "Belum dikunjungi", "kunjungan:>30", sort)
        .unwrap();
    f.store
        .save_view(&f.siti, "Usaha", "usaha:ya", Sort::default())
        .unwrap();
    f.store
        .save_view(&f.siti, "Usaha", "usaha:ya desil:<=2", Sort::default())
        .unwrap();
    let path = f.store.path().to_path_buf();
    drop(f.store);
    let store = Store::open(&path).unwrap();
    let views = store.saved_views(&f.siti).unwrap();
    assert_eq!(views.len(), 2, "saving a name again replaces it");
    assert_eq!(views[0].name, "Belum dikunjungi");
    assert_eq!(views[0].sort, sort);
    assert_eq!(views[1].query, "usaha:ya desil:<=2");
    assert!(
        store.saved_views(&f.budi).unwrap().is_empty(),
        "views are per worker"
    );
    assert_eq!(
        store.saved_view(&f.siti, "usaha").unwrap().unwrap().name,
        "Usaha"
    );
}

fn demo_app(store: &Store) -> App {
    common::app(store, Lang::Id, 80, 24)
}

#[test]
fn typing_a_search_narrows_the_list_on_every_keystroke() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = demo_app(&store);
    let all = app.caseload.list.total;
    keys(&mut app, &store, "/s");
    assert!(matches!(app.overlay, Overlay::Search(_)));
    let after_s = app.caseload.list.total;
    assert!(after_s < all && after_s > 0);
    keys(&mut app, &store, "iti");
    let after_siti = app.caseload.list.total;
    assert!(after_siti < after_s && after_siti > 0);
    assert!(
        app.caseload
            .list
            .selected_row()
            .unwrap()
            .name
            .to_lowercase()
            .contains("siti")
    );
    assert_eq!(
        app.household.detail.as_ref().unwrap().id,
        app.caseload.list.selected_row().unwrap().id
    );
    // j types; arrows move the list.
    keys(&mut app, &store, "<down>");
    assert_eq!(app.caseload.list.selected, 1);
    keys(&mut app, &store, "<bs><bs><bs>");
    assert_eq!(app.caseload.list.total, after_s);
    keys(&mut app, &store, "iti<enter>");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(
        app.caseload.list.total, after_siti,
        "Enter keeps the filter"
    );
    assert_eq!(app.caseload.filter_text, "siti");
    keys(&mut app, &store, "<esc>");
    assert_eq!(app.caseload.list.total, all, "Esc clears it");
    // Esc inside the box clears too; an impossible search gives an empty list.
    keys(&mut app, &store, "/zzzzqqq");
    assert_eq!(app.caseload.list.total, 0);
    assert!(app.caseload.list.selected_row().is_none());
    assert!(app.household.detail.is_none());
    keys(&mut app, &store, "jkG<esc>");
    assert_eq!(app.caseload.list.total, all);
}

#[test]
fn filters_sorting_and_views_from_the_keyboard() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = demo_app(&store);
    keys(&mut app, &store, "/usaha:ya warna:merah<enter>");
    assert_eq!(app.caseload.filter.errors.len(), 1);
    let with_business = app.caseload.list.total;
    assert!(with_business > 50 && with_business < 200);
    keys(&mut app, &store, "S");
    assert!(app.caseload.sort.descending);
    let names: Vec<String> = app
        .caseload
        .list
        .rows
        .iter()
        .map(|r| r.name.to_lowercase())
        .collect();
    assert!(
        names.windows(2).all(|w| w[0] >= w[1]),
        "names descending: {names:?}"
    );
    keys(&mut app, &store, "s");
    assert_eq!(app.caseload.sort.column, SortColumn::Village);
    assert!(!app.caseload.sort.descending);
    let villages: Vec<&str> = app
        .caseload
        .list
        .rows
        .iter()
        .map(|r| r.village.as_str())
        .collect();
    assert!(
        villages.windows(2).all(|w| w[0] <= w[1]),
        "villages ascending"
    );
    keys(&mut app, &store, ":simpan-tampilan Punya usaha<enter>");
    assert_eq!(
        app.message.as_ref().unwrap().level,
        Level::Info,
        "{:?}",
        app.message
    );
    keys(&mut app, &store, "<esc>");
    assert!(!app.filtering());
    assert_eq!(
        app.caseload.sort.column,
        SortColumn::Village,
        "clearing the search keeps the sort"
    );
    // Recall by name...
    keys(&mut app, &store, ":view punya usaha<enter>");
    assert_eq!(app.caseload.list.total, with_business);
    assert_eq!(app.caseload.sort.column, SortColumn::Village);
    keys(&mut app, &store, "<esc>");
    // ...and by number from the views list, after a restart.
    drop(app);
    let mut app = demo_app(&store);
    keys(&mut app, &store, "v");
    assert!(matches!(app.overlay, Overlay::Views { ref views, .. } if views.len() == 1));
    keys(&mut app, &store, "1");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.caseload.list.total, with_business);
    assert_eq!(app.caseload.filter_text, "usaha:ya warna:merah");
    keys(&mut app, &store, ":tampilan nope<enter>");
    assert_eq!(app.message.as_ref().unwrap().level, Level::Error);
    keys(&mut app, &store, ":cari desa:pagersari<enter>");
    assert!(app.caseload.list.total > 100 && app.caseload.list.total < with_business * 4);
    // The list's query counts days from the app's today.
    assert_eq!(app.list_query().today, today());
    runtime::dispatch(&mut app, &store, Action::Resize(120, 40));
    assert!(app.caseload.list.selected_row().is_some());
}

#[test]
fn supervisor_counts_stop_at_the_cap_and_common_and_rare_words_agree() {
    let demo = demo_db(8000, 3, 4);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app(&store, Lang::En, 80, 24);
    assert_eq!(app.user.role, Role::Supervisor);
    keys(&mut app, &store, "/s");
    assert!(app.caseload.capped, "a common word counts up to the cap");
    assert_eq!(app.caseload.list.total, pilar::store::COUNT_CAP);
    assert!(app.caseload.list.rows.iter().all(|r| {
        pilar::filter::search_text(&r.name, &r.village)
            .split(' ')
            .any(|w| w.starts_with('s'))
    }));
    // Exact count in the store agrees with a count by hand.
    let mut q = ListQuery::caseload(Scope::All, today());
    q.filter = parse("s");
    let exact = store.count_households(&q).unwrap();
    assert!(exact > pilar::store::COUNT_CAP);
    // A rare word goes through the FTS index: same answer as scanning.
    keys(&mut app, &store, "<esc>/maryam ngatini");
    assert!(!app.caseload.capped);
    let mut q = ListQuery::caseload(Scope::All, today());
    q.filter = parse("maryam ngatini");
    let via_index = store.count_households(&q).unwrap();
    q.scope = Scope::Worker(store.worker_by_login("siti").unwrap().unwrap().id);
    let siti_only = store.count_households(&q).unwrap();
    assert_eq!(app.caseload.list.total, via_index);
    assert!(siti_only <= via_index);
    let expected = store
        .household_window(&ListQuery::caseload(Scope::All, today()), 0, 10_000)
        .unwrap()
        .into_iter()
        .filter(|r| {
            let t = pilar::filter::search_text(&r.name, &r.village);
            let words: Vec<&str> = t.split(' ').collect();
            words.iter().any(|w| w.starts_with("maryam"))
                && words.iter().any(|w| w.starts_with("ngatini"))
        })
        .count() as u64;
    assert!(via_index > 0, "the rare-word search found something");
    assert_eq!(via_index, expected);
}
