//! P2K2 groups that persist (issue 11, item 4) through the real store on real files: a
//! group saved and refused, its families (a household in at most one group), the group's
//! next session in the ministry's numbering, each family's completion, the `kelompok:` and
//! `p2k2:` list terms, the history, and a group brought over by `pilar merge`.

use crate::common;

use chrono::Duration;
use common::{count, demo_db, today};
use pilar::domain::activity::{ActivityKind, P2k2Module};
use pilar::domain::groups::{GroupRefusal, NameError};
use pilar::domain::today::Reason;
use pilar::filter::parse;
use pilar::model::{ListQuery, NewActivity, Scope};
use pilar::store::Store;

fn worker(store: &Store) -> String {
    let login = store.default_user().unwrap().unwrap();
    store.worker_by_login(&login).unwrap().unwrap().id
}

/// The first `n` active households of the caseload, by name.
fn households(store: &Store, me: &str, n: u64) -> Vec<String> {
    let q = ListQuery::caseload(Scope::Worker(me.to_string()), today());
    store
        .household_window(&q, 0, n)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

fn listed(store: &Store, me: &str, text: &str) -> Vec<String> {
    let mut q = ListQuery::caseload(Scope::Worker(me.to_string()), today());
    q.filter = parse(text);
    assert!(q.filter.errors.is_empty(), "{text}: {:?}", q.filter.errors);
    let mut ids: Vec<String> = store
        .household_window(&q, 0, 1000)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
}

fn session(
    group: &str,
    families: &[String],
    absent: &[String],
    module: P2k2Module,
    n: u8,
    days_ago: i64,
) -> NewActivity {
    NewActivity {
        households: families
            .iter()
            .map(|h| (h.clone(), !absent.contains(h)))
            .collect(),
        kind: ActivityKind::P2k2,
        date: today() - Duration::days(days_ago),
        summary: format!("Sesi {n}"),
        detail: String::new(),
        follow_up: None,
        group_name: group.to_string(),
        place: "Balai desa".into(),
        p2k2_module: Some(module),
        p2k2_session: Some(n),
    }
}

#[test]
fn a_group_is_saved_renamed_and_refused_with_its_reason() {
    let demo = demo_db(40, 1, 7);
    let store = Store::open(&demo.path).unwrap();
    let me = worker(&store);
    let id = store
        .save_group(&me, None, "  Mawar   Baru ", "Balai Dusun Krajan")
        .unwrap()
        .unwrap();
    let g = &store.groups(&me).unwrap()[0..];
    let mine = g.iter().find(|g| g.id == id).unwrap();
    assert_eq!(
        (mine.name.as_str(), mine.place.as_str()),
        ("Mawar Baru", "Balai Dusun Krajan")
    );
    assert_eq!(mine.families, 0);
    // The same name (any case) is refused: a group's sessions are found by its name.
    assert_eq!(
        store.save_group(&me, None, "mawar baru", "").unwrap(),
        Err(GroupRefusal::NameTaken)
    );
    assert_eq!(
        store.save_group(&me, None, "   ", "").unwrap(),
        Err(GroupRefusal::Name(NameError::Empty))
    );
    assert_eq!(
        store
            .save_group(&me, Some("no-such-group"), "Melati Baru", "")
            .unwrap(),
        Err(GroupRefusal::NotFound)
    );
    // Renaming keeps its own name free and is in the history.
    assert_eq!(
        store
            .save_group(&me, Some(&id), "Melati Baru", "Balai Dusun Krajan")
            .unwrap(),
        Ok(id.clone())
    );
    let renamed = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM change_log WHERE table_name = 'p2k2_groups'
             AND record_id = '{id}' AND field = 'name' AND old_value = 'Mawar Baru'
             AND new_value = 'Melati Baru'"
        ),
    );
    assert_eq!(renamed, 1);
}

#[test]
fn families_sessions_and_completion_through_the_store() {
    let demo = demo_db(60, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let me = worker(&store);
    let all = households(&store, &me, 30);
    let (families, others) = all.split_at(20);
    let a = store
        .save_group(&me, None, "Kenanga Uji", "Rumah Bu RT")
        .unwrap()
        .unwrap();
    let b = store
        .save_group(&me, None, "Kamboja Uji", "")
        .unwrap()
        .unwrap();
    store
        .set_group_families(&me, &a, families)
        .unwrap()
        .unwrap();
    assert_eq!(store.group_families(&a).unwrap().len(), 20);
    // A household is in one group at a time: joining b leaves a.
    store
        .set_group_families(&me, &b, &others[..5])
        .unwrap()
        .unwrap();
    store
        .set_group_families(&me, &b, &[others[0].clone(), families[0].clone()])
        .unwrap()
        .unwrap();
    assert_eq!(store.group_families(&a).unwrap().len(), 19);
    assert_eq!(store.group_families(&b).unwrap().len(), 2);
    assert_eq!(
        store.household_group(&families[0]).unwrap().map(|g| g.name),
        Some("Kamboja Uji".to_string())
    );
    assert_eq!(store.household_group(&others[1]).unwrap(), None);
    // The move is in the household's history.
    let moved = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM change_log WHERE table_name = 'households'
             AND record_id = '{}' AND field = 'group_id' AND old_value = '{a}'
             AND new_value = '{b}'",
            families[0]
        ),
    );
    assert_eq!(moved, 1);
    // The history shows the groups' names, not their ids (issue 11, item 5).
    let history = store.household_history(&families[0], 50).unwrap();
    let change = history
        .iter()
        .find(|c| c.table == "households" && c.field == "group_id" && c.old.is_some())
        .expect("the move is in the history");
    assert_eq!(change.old.as_deref(), Some("Kenanga Uji"));
    assert_eq!(change.new.as_deref(), Some("Kamboja Uji"));
    assert!(
        history
            .iter()
            .all(|c| c.old.as_deref() != Some(a.as_str()) && c.new.as_deref() != Some(b.as_str()))
    );

    // A new group opens the cycle; each session recorded moves it on.
    assert_eq!(
        store.group_next_session(&a).unwrap(),
        Some((P2k2Module::PengasuhanPendidikan, 1))
    );
    let members = store.group_families(&a).unwrap();
    let absent = members[..4].to_vec();
    store
        .add_activity(
            &me,
            &session(
                "Kenanga Uji",
                &members,
                &absent,
                P2k2Module::PengasuhanPendidikan,
                3,
                40,
            ),
        )
        .unwrap();
    store
        .add_activity(
            &me,
            &session(
                "Kenanga Uji",
                &members,
                &absent[..2],
                P2k2Module::PengasuhanPendidikan,
                4,
                10,
            ),
        )
        .unwrap();
    assert_eq!(
        store.group_next_session(&a).unwrap(),
        Some((P2k2Module::KeuanganUsaha, 5))
    );
    assert_eq!(store.p2k2_completion(&members[0]).unwrap(), Some((0, 2)));
    assert_eq!(store.p2k2_completion(&members[3]).unwrap(), Some((1, 2)));
    assert_eq!(store.p2k2_completion(&members[10]).unwrap(), Some((2, 2)));
    assert_eq!(store.p2k2_completion(&others[1]).unwrap(), None);
    // Group b has held nothing: its families have no completion yet.
    assert_eq!(store.p2k2_completion(&families[0]).unwrap(), Some((0, 0)));

    // The list's terms, in both languages.
    let mut in_a = members.clone();
    in_a.sort();
    assert_eq!(listed(&store, &me, "kelompok:kenanga"), in_a);
    assert_eq!(listed(&store, &me, "group:\"Kenanga Uji\""), in_a);
    // Any word's beginning (both groups end in "Uji"), never inside a word.
    assert_eq!(listed(&store, &me, "kelompok:uji").len(), 21);
    assert_eq!(listed(&store, &me, "kelompok:nanga").len(), 0);
    let mut low = members[..4].to_vec();
    low.sort();
    // The demo's own groups have sessions of their own: each term beside the group's.
    assert_eq!(listed(&store, &me, "kelompok:kenanga p2k2:<100"), low);
    let mut none = members[..2].to_vec();
    none.sort();
    assert_eq!(listed(&store, &me, "kelompok:kenanga p2k2:<50"), none);
    assert_eq!(listed(&store, &me, "kelompok:kenanga p2k2:100").len(), 15);
    assert_eq!(
        listed(&store, &me, "kelompok:uji p2k2:>=0").len(),
        19,
        "group b held no session"
    );
}

#[test]
fn a_group_and_its_families_come_over_in_a_merge() {
    let demo = demo_db(30, 1, 1);
    let ours = demo.dir.path().join("ours.db");
    let theirs = demo.dir.path().join("theirs.db");
    std::fs::copy(&demo.path, &ours).unwrap();
    std::fs::copy(&demo.path, &theirs).unwrap();
    let (group, families) = {
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
        (g, families)
    };
    let store = Store::open(&ours).unwrap();
    let other = Store::open_other(&theirs, None).unwrap();
    let me = worker(&store);
    store.merge_from(&other, &me, "theirs.db").unwrap();
    let g = store.groups(&me).unwrap();
    let merged = g
        .iter()
        .find(|x| x.id == group)
        .expect("the group came over");
    assert_eq!((merged.name.as_str(), merged.families), ("Anggrek Uji", 15));
    assert_eq!(store.group_families(&group).unwrap().len(), families.len());
}

/// The README's group workflows by key script through the real store: twenty marked
/// families form a group in 22 keys besides the text (`Space` x20, `:`, `Enter`), and its
/// first session is recorded from "Hari ini" with every family present but the one
/// `Space` unmarks.
#[test]
fn a_group_formed_by_keys_holds_its_first_session_from_today() {
    use pilar::app::Overlay;
    let demo = demo_db(120, 1, 5);
    let store = Store::open(&demo.path).unwrap();
    let me = worker(&store);
    let mut app = common::app(&store, pilar::domain::Lang::Id, 80, 24);
    let pieces = [
        ("", "<space>".repeat(20)),
        ("", ":".to_string()),
        ("kelompok Kenanga Uji @ Rumah Bu RT", "<enter>".to_string()),
    ];
    let control: usize = pieces
        .iter()
        .map(|(_, k)| pilar::keymap::parse_keys(k).unwrap().len())
        .sum();
    assert_eq!(control, 22);
    let script: String = pieces.iter().map(|(t, k)| format!("{t}{k}")).collect();
    common::keys(&mut app, &store, &script);
    let group = store
        .groups(&me)
        .unwrap()
        .into_iter()
        .find(|g| g.name == "Kenanga Uji")
        .expect("the group was made");
    assert_eq!((group.place.as_str(), group.families), ("Rumah Bu RT", 20));
    assert!(app.caseload.marked.is_empty());

    // "Hari ini": the new group's first session, today, with its twenty families.
    common::keys(&mut app, &store, "4");
    let at = app
        .today_list
        .items
        .iter()
        .position(|i| i.name == "Kenanga Uji" && i.reason == Reason::P2k2Next)
        .expect("the group's line");
    let line = app.today_list.items[at].clone();
    assert_eq!((line.number, line.households.len()), (1, 20));
    assert_eq!(line.village, "Rumah Bu RT");
    common::keys(&mut app, &store, &format!("g{}<enter>", "j".repeat(at)));
    assert!(matches!(app.overlay, Overlay::Form(_)), "{:?}", app.overlay);
    // The summary; Tab down to the first family and Space: absent; Enter saves.
    common::keys(
        &mut app,
        &store,
        "Sesi pertama<tab><tab><tab><tab><tab><tab><tab><space><enter>",
    );
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
    assert_eq!(
        store.group_next_session(&group.id).unwrap(),
        Some((P2k2Module::PengasuhanPendidikan, 2))
    );
    let families = store.group_families(&group.id).unwrap();
    let completions: Vec<Option<(u32, u32)>> = families
        .iter()
        .map(|h| store.p2k2_completion(h).unwrap())
        .collect();
    assert_eq!(
        completions.iter().filter(|c| **c == Some((1, 1))).count(),
        19
    );
    assert_eq!(
        completions.iter().filter(|c| **c == Some((0, 1))).count(),
        1
    );
    // The detail names the group and the family's completion.
    let absent = families
        .iter()
        .find(|h| store.p2k2_completion(h).unwrap() == Some((0, 1)))
        .unwrap();
    let detail = store.household_detail(absent).unwrap().unwrap();
    assert_eq!(
        detail.p2k2_group,
        Some(pilar::model::GroupCompletion {
            name: "Kenanga Uji".into(),
            attended: 0,
            held: 1,
        })
    );
}
