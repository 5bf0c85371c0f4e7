//! Issue 11 item 2 through the real store: a birth recorded by key script (the child
//! added, the mother's nifas from the birth, the history, one `pemutakhiran` line, the
//! sync's dirty rows), a death (the member left, the component ended, the detail says so,
//! no later event for that member), the rules refusing in the store, and the proposals of
//! "Hari ini" (confirmed from the line, dismissed for good); the form and a proposal at
//! 80x24.

use crate::common;

use common::{app, count, demo_db, keys, today};
use pilar::app::{App, Overlay};
use pilar::domain::Lang;
use pilar::domain::component::ComponentRules;
use pilar::domain::life_event::{EventStatus, LifeEvent, LifeEventKind, Refusal};
use pilar::domain::today::Reason;
use pilar::model::life_event::NewLifeEvent;
use pilar::store::Store;
use pilar::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Undoes the life-events migration on a file (the tests that rewind to an earlier
/// schema version and run the later migrations again).
pub const UNDO_MIGRATION: &str = "
    DROP TABLE life_events;
    DROP TRIGGER IF EXISTS sync_dirty_members_update;
    ALTER TABLE members DROP COLUMN left_on;
    ALTER TABLE members DROP COLUMN left_reason;";

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| ui::draw(f, app, &Theme::new(true, false)))
        .unwrap();
    t
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// A household of the caseload with a woman of child-bearing age, made pregnant with her
/// first child due five days ago (test setup, written past pilar): (household, No KK,
/// mother).
fn expecting(path: &std::path::Path) -> (String, String, String) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let (household, no_kk, mother): (String, String, String) = conn
        .query_row(
            "SELECT h.id AS hid, h.no_kk, m.id AS mid FROM members m
             JOIN households h ON h.id = m.household_id
             WHERE m.sex = 'P' AND m.deleted = 0 AND h.deleted = 0 AND h.status = 'aktif'
               AND m.birth_date BETWEEN '1980-01-01' AND '2006-01-01'
               AND (m.component IS NULL OR m.component <> 'ibu_hamil')
             ORDER BY h.search_text LIMIT 1",
            [],
            |r| Ok((r.get("hid")?, r.get("no_kk")?, r.get("mid")?)),
        )
        .expect("a woman of child-bearing age");
    conn.execute(
        "UPDATE members SET component = 'ibu_hamil', pregnancy_order = 1,
                pregnancy_birth = '2026-11-24' WHERE id = ?1",
        [&mother],
    )
    .unwrap();
    (household, no_kk, mother)
}

/// The README's workflow, recording a birth: `p`, `kel` (the kind by its first letters;
/// the member is the mother expecting), three `Tab`s to the child's name, the name, `Tab`,
/// the NIK, `Tab`, `p` (perempuan), `Enter`: 11 keys besides the name and the NIK, as
/// (typed text, keys) pieces so what is run is what is counted.
const BIRTH: [(&str, &str); 3] = [
    ("", "pkel<tab><tab><tab>"),
    ("Dewi", "<tab>"),
    ("3324046911260001", "<tab>p<enter>"),
];

#[test]
fn a_birth_by_key_script_adds_the_child_and_ends_the_mothers_component_42_days_later() {
    let demo = demo_db(40, 1, 3);
    let (household, no_kk, mother) = expecting(&demo.path);
    // Synced from here: the event's rows must reach the outbox.
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute("UPDATE sync_state SET track = 1 WHERE id = 1", [])
        .unwrap();
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let activities = |path| {
        count(
            path,
            &format!(
                "SELECT count(*) FROM activities WHERE household_id = '{household}'
                 AND kind = 'pemutakhiran'"
            ),
        )
    };
    let before = activities(&demo.path);
    // Find the family by its No KK; the detail shows it.
    keys(&mut app, &store, &format!("/{no_kk}<enter>"));
    assert_eq!(app.caseload.selected().unwrap().0, household);
    let control: usize = BIRTH
        .iter()
        .map(|(_, k)| pilar::keymap::parse_keys(k).unwrap().len())
        .sum();
    assert_eq!(control, 11, "the README's count");
    let script: String = BIRTH.iter().map(|(t, k)| format!("{t}{k}")).collect();
    keys(&mut app, &store, &script);
    assert!(
        matches!(app.overlay, Overlay::None),
        "saved: {}",
        message(&app)
    );
    assert_eq!(
        message(&app),
        format!(
            "Peristiwa dicatat: Pemutakhiran data: kelahiran, {}.",
            common::one::<String>(
                &demo.path,
                &format!("SELECT name FROM members WHERE id = '{mother}'")
            )
        )
    );
    let q = |sql: &str| -> String {
        common::one(
            &demo.path,
            &sql.replace("HH", &household).replace("MM", &mother),
        )
    };
    // The child, in the household, with its component.
    assert_eq!(
        q("SELECT name || '|' || sex || '|' || birth_date || '|' || relation || '|' ||
                  coalesce(component, '-') FROM members WHERE household_id = 'HH' AND nik = '3324046911260001'"),
        "Dewi|P|2026-11-29|anak|anak_usia_dini".replace(
            "anak_usia_dini",
            &q("SELECT coalesce(component, '-') FROM members WHERE nik = '3324046911260001'")
        )
    );
    // The mother's pregnancy has its birth: ibu_hamil ends 42 days later (10 Jan 2027).
    assert_eq!(
        q("SELECT pregnancy_birth FROM members WHERE id = 'MM'"),
        "2026-11-29"
    );
    // The event, its history, the new member's history and the mother's change.
    let child = q("SELECT id FROM members WHERE nik = '3324046911260001'");
    assert_eq!(
        q(
            "SELECT kind || '|' || status || '|' || child_id || '|' || member_id FROM life_events
           WHERE household_id = 'HH'"
        ),
        format!("kelahiran|dicatat|{child}|{mother}")
    );
    assert_eq!(
        q("SELECT old_value || '>' || new_value FROM change_log
           WHERE table_name = 'members' AND record_id = 'MM' AND field = 'pregnancy_birth'"),
        "2026-11-24>2026-11-29"
    );
    let logged = |table: &str, record: &str| {
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM change_log WHERE table_name = '{table}' AND record_id = '{record}'"
            ),
        )
    };
    assert!(logged("members", &child) >= 6);
    let event = q("SELECT id FROM life_events WHERE household_id = 'HH'");
    assert!(logged("life_events", &event) >= 4);
    // One line in the activity log naming the event.
    assert_eq!(activities(&demo.path), before + 1);
    assert!(
        q(
            "SELECT summary FROM activities WHERE household_id = 'HH' AND kind = 'pemutakhiran'
           ORDER BY created_at DESC LIMIT 1"
        )
        .contains("kelahiran")
    );
    // The sync's outbox holds the event, the child and the mother.
    for (table, id) in [
        ("life_events", &event),
        ("members", &child),
        ("members", &mother),
    ] {
        assert_eq!(
            count(
                &demo.path,
                &format!(
                    "SELECT count(*) FROM sync_dirty WHERE table_name = '{table}' AND record_id = '{id}'"
                )
            ),
            1,
            "{table} {id}"
        );
    }
    // And the history still verifies.
    assert!(store.verify().unwrap().ok(), "the chain holds");
}

fn event(kind: LifeEventKind, household: &str, member: &str) -> NewLifeEvent {
    NewLifeEvent {
        household_id: household.into(),
        event: LifeEvent::new(kind, today(), Some(member.into())),
        status: EventStatus::Recorded,
        note: String::new(),
        summary: "Pemutakhiran data".into(),
        today: today(),
        rules: ComponentRules::default(),
    }
}

#[test]
fn a_death_makes_the_member_leave_kept_and_shown_and_later_events_are_refused() {
    let demo = demo_db(40, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let (household, worker) = {
        let app = app(&store, Lang::Id, 80, 24);
        (app.caseload.selected().unwrap().0, app.user.id.clone())
    };
    let (member, component): (String, Option<String>) = {
        let conn = rusqlite::Connection::open(&demo.path).unwrap();
        conn.query_row(
            "SELECT id, component FROM members WHERE household_id = ?1 AND deleted = 0
             ORDER BY component IS NULL, rowid LIMIT 1",
            [&household],
            |r| Ok((r.get("id")?, r.get("component")?)),
        )
        .unwrap()
    };
    let counted = |p: &std::path::Path| {
        count(
            p,
            &format!("SELECT component_count FROM households WHERE id = '{household}'"),
        )
    };
    let before = counted(&demo.path);
    store
        .record_life_event(
            &worker,
            &event(LifeEventKind::Kematian, &household, &member),
        )
        .unwrap()
        .unwrap();
    let row: String = common::one(
        &demo.path,
        &format!(
            "SELECT left_on || '|' || left_reason || '|' || coalesce(component, '-') || '|' || deleted
             FROM members WHERE id = '{member}'"
        ),
    );
    assert_eq!(row, "2026-11-29|meninggal|-|0", "kept, not deleted");
    if component.is_some() {
        assert_eq!(counted(&demo.path), before - 1, "no longer counted");
    }
    let detail = store.household_detail(&household).unwrap().unwrap();
    assert_eq!(detail.left.len(), 1);
    assert_eq!(detail.left[0].member_id, member);
    assert_eq!(
        detail.members.last().map(|m| m.id.as_str()),
        Some(member.as_str()),
        "listed last"
    );
    // Nothing more for a member who left.
    assert_eq!(
        store
            .record_life_event(&worker, &event(LifeEventKind::Pindah, &household, &member))
            .unwrap(),
        Err(pilar::model::Refusal::LifeEvent(Refusal::MemberLeft))
    );
    // In the future: refused by the store too.
    let mut later = event(LifeEventKind::KeluarSekolah, &household, &member);
    later.event.date = today().succ_opt().unwrap();
    assert_eq!(
        store.record_life_event(&worker, &later).unwrap(),
        Err(pilar::model::Refusal::LifeEvent(Refusal::InFuture))
    );
    // A supervisor may not.
    let supervisor = "0190c0de-0000-7000-8000-0000000000aa";
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "INSERT INTO workers (id, name, login, role, created_at, updated_at)
             VALUES (?1, 'Korcam', 'korcam', 'supervisor', '2026-01-01T00:00:00.000Z',
                     '2026-01-01T00:00:00.000Z')",
            [supervisor],
        )
        .unwrap();
    assert!(
        store
            .record_life_event(
                supervisor,
                &event(LifeEventKind::Kematian, &household, &member)
            )
            .is_err()
    );
}

/// A child of 8 without a school component in the selected household: the calendar
/// proposes her school entry.
fn child_of_eight(path: &std::path::Path, household: &str) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let worker: String = conn
        .query_row(
            "SELECT worker_id FROM households WHERE id = ?1",
            [household],
            |r| r.get("worker_id"),
        )
        .unwrap();
    conn.execute(
        "INSERT INTO members (id, household_id, nik, name, sex, birth_date, relation,
             component, created_at, updated_at, author_id)
         VALUES ('0190c0de-0000-7000-8000-00000000c0de', ?1, '3324045506180001', 'Ani Lestari',
             'P', '2018-06-15', 'anak', NULL, '2026-01-01T00:00:00.000Z',
             '2026-01-01T00:00:00.000Z', ?2)",
        [household, &worker],
    )
    .unwrap();
    "0190c0de-0000-7000-8000-00000000c0de".into()
}

#[test]
fn hari_ini_proposes_a_school_entry_confirmed_from_the_line_or_dismissed_for_good() {
    let demo = demo_db(40, 1, 3);
    let household = {
        let store = Store::open(&demo.path).unwrap();
        let app = app(&store, Lang::Id, 80, 24);
        app.caseload.selected().unwrap().0
    };
    let ani = child_of_eight(&demo.path, &household);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "4");
    let at = |app: &App| {
        app.today_list.items.iter().position(|i| {
            i.reason == Reason::LifeEvent && i.households.first().is_some_and(|m| m.0 == ani)
        })
    };
    let index = at(&app).expect("Ani's school entry is proposed");
    keys(&mut app, &store, &"j".repeat(index));
    insta::assert_snapshot!("life_proposal_in_hari_ini", render(&app).backend());
    // Dismissed: stored, and gone from the list for good.
    keys(&mut app, &store, "x");
    assert!(
        message(&app).contains("Usulan diabaikan"),
        "{}",
        message(&app)
    );
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM life_events WHERE member_id = '{ani}' AND status = 'diabaikan'"
            )
        ),
        1
    );
    keys(&mut app, &store, "4");
    assert!(at(&app).is_none(), "not proposed again");
    assert_eq!(
        common::one::<Option<String>>(
            &demo.path,
            &format!("SELECT component FROM members WHERE id = '{ani}'")
        ),
        None,
        "a dismissal changes nothing"
    );
}

#[test]
fn hari_ini_enter_on_a_proposal_opens_the_form_and_records_the_school_entry() {
    let demo = demo_db(40, 1, 3);
    let household = {
        let store = Store::open(&demo.path).unwrap();
        let app = app(&store, Lang::Id, 80, 24);
        app.caseload.selected().unwrap().0
    };
    let ani = child_of_eight(&demo.path, &household);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "4");
    let index = app
        .today_list
        .items
        .iter()
        .position(|i| i.reason == Reason::LifeEvent && i.households[0].0 == ani)
        .unwrap();
    keys(&mut app, &store, &format!("{}<enter>", "j".repeat(index)));
    assert!(matches!(app.overlay, Overlay::Form(_)));
    insta::assert_snapshot!("life_event_form", render(&app).backend());
    keys(&mut app, &store, "<enter>");
    assert!(matches!(app.overlay, Overlay::None), "{}", message(&app));
    assert_eq!(
        common::one::<String>(
            &demo.path,
            &format!("SELECT component FROM members WHERE id = '{ani}'")
        ),
        "sd"
    );
    assert_eq!(
        common::one::<String>(
            &demo.path,
            &format!(
                "SELECT kind || '|' || school_level FROM life_events WHERE member_id = '{ani}'"
            )
        ),
        "masuk_sekolah|sd"
    );
}

#[test]
fn the_demo_records_a_few_percent_of_families_life_events_consistent_with_the_members() {
    let demo = demo_db(400, 2, 7);
    let households = count(
        &demo.path,
        "SELECT count(*) FROM households WHERE deleted = 0",
    );
    let with_events = count(
        &demo.path,
        "SELECT count(DISTINCT household_id) FROM life_events",
    );
    assert!(with_events > 0, "some families have life events");
    assert!(
        with_events * 100 <= households * 25,
        "{with_events} of {households}: a few percent, not most"
    );
    // Each event agrees with its member: a school entry's pupil is in SD, a birth's child
    // was born that day in the mother's household, a pregnancy's woman has ibu hamil.
    let wrong = count(
        &demo.path,
        "SELECT count(*) FROM life_events e JOIN members m ON m.id = e.member_id
         LEFT JOIN members c ON c.id = e.child_id
         WHERE (e.kind = 'masuk_sekolah' AND m.component IS NOT 'sd')
            OR (e.kind = 'kehamilan' AND (m.component IS NOT 'ibu_hamil' OR m.sex <> 'P'))
            OR (e.kind = 'kelahiran' AND (c.birth_date IS NOT e.date
                                           OR c.household_id IS NOT e.household_id))
            OR e.date > '2026-11-29' OR e.household_id <> m.household_id",
    );
    assert_eq!(wrong, 0);
    let kinds = count(&demo.path, "SELECT count(DISTINCT kind) FROM life_events");
    assert!(
        kinds >= 3,
        "births, school transitions and pregnancies: {kinds} kinds"
    );
}

#[test]
fn a_change_of_pengurus_makes_the_member_the_households_recipient() {
    let demo = demo_db(40, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let worker = app(&store, Lang::Id, 80, 24).user.id.clone();
    // A household whose recipient is the wife and whose head is her husband.
    let (household, wife, head, name): (String, String, String, String) = {
        let conn = rusqlite::Connection::open(&demo.path).unwrap();
        conn.query_row(
            "SELECT w.household_id AS hid, w.id AS wid, h.id AS hid2, h.name AS hname
             FROM members w JOIN members h ON h.household_id = w.household_id
             JOIN households x ON x.id = w.household_id
             WHERE w.relation = 'istri' AND h.relation = 'kepala_keluarga' AND h.sex = 'L'
               AND x.pengurus_nik = w.nik AND w.deleted = 0 AND h.deleted = 0 LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get("hid")?,
                    r.get("wid")?,
                    r.get("hid2")?,
                    r.get("hname")?,
                ))
            },
        )
        .expect("a married couple, the wife the recipient")
    };
    // She is the recipient already: refused, named.
    assert_eq!(
        store
            .record_life_event(
                &worker,
                &event(LifeEventKind::GantiPengurus, &household, &wife)
            )
            .unwrap(),
        Err(pilar::model::Refusal::LifeEvent(Refusal::AlreadyPengurus))
    );
    // The husband takes it over: the household's name and NIK are his, in the history.
    store
        .record_life_event(
            &worker,
            &event(LifeEventKind::GantiPengurus, &household, &head),
        )
        .unwrap()
        .unwrap();
    let q = |sql: &str| -> String { common::one(&demo.path, sql) };
    assert_eq!(
        q(&format!(
            "SELECT pengurus_name FROM households WHERE id = '{household}'"
        )),
        name
    );
    assert!(
        q(&format!(
            "SELECT search_text FROM households WHERE id = '{household}'"
        ))
        .starts_with(&pilar::filter::normalize(&name)),
        "the list's name order and search follow"
    );
    assert_eq!(
        q(&format!("SELECT relation FROM members WHERE id = '{head}'")),
        "kepala_keluarga"
    );
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM change_log WHERE record_id = '{household}'
                 AND field IN ('pengurus_name', 'pengurus_nik')"
            )
        ),
        2
    );
    assert!(store.verify().unwrap().ok());
}
