//! Issue 11: life events imported into a database rebuilt from a laptop's households and
//! members files. Those members already show the events (the child born, the pupil moved
//! up, the pregnancy ended by its birth, the member who died): the events are recorded
//! without being applied a second time, so the rebuilt caseload's members are the
//! laptop's, field for field. And on the laptop itself, events newer than the members'
//! data still apply, one after another within one file.

use crate::common;
use crate::transfer_life::user;

use std::path::Path;

use chrono::{Duration, NaiveDate};
use common::{count, demo_db, today};
use pilar::commands::transfer::run_import;
use pilar::domain::component::ComponentRules;
use pilar::domain::life_event::{EventStatus, LifeEvent, LifeEventKind, NewChild};
use pilar::domain::nik::compose_nik;
use pilar::domain::{Lang, Sex};
use pilar::model::life_event::NewLifeEvent;
use pilar::model::{Relation, Role, Scope};
use pilar::store::{ImportReport, Store};
use pilar::transfer::messages::import_problem;
use pilar::transfer::out::{Format, render};
use pilar::transfer::rows::{Problem, Reason};
use pilar::transfer::{Kind, read_csv};

fn csv(store: &Store, kind: Kind) -> Vec<u8> {
    let scope = Scope::for_worker(&user(store));
    render(kind, Format::Csv, &store.export_rows(kind, &scope).unwrap()).unwrap()
}

fn import(
    store: &Store,
    kind: Kind,
    file: &[u8],
    members: Option<&[u8]>,
) -> (Vec<Problem>, ImportReport) {
    let main = read_csv(file).unwrap();
    let members = members.map(|m| read_csv(m).unwrap());
    run_import(
        store,
        &user(store),
        kind,
        &main,
        members.as_ref(),
        &common::import_opts(false, false),
        Lang::Id,
    )
    .unwrap()
}

fn event(household: &str, member: &str, kind: LifeEventKind, date: NaiveDate) -> NewLifeEvent {
    NewLifeEvent {
        household_id: household.into(),
        event: LifeEvent::new(kind, date, Some(member.into())),
        status: EventStatus::Recorded,
        note: String::new(),
        summary: "Pemutakhiran data".into(),
        today: today(),
        rules: ComponentRules::default(),
    }
}

/// Every member of the caseload as the rules and the export see them, by id.
fn members(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT id || '|' || nik || '|' || name || '|' || sex || '|'
                    || coalesce(birth_date, '-') || '|' || relation || '|'
                    || coalesce(component, '-') || '|' || coalesce(pregnancy_order, '-')
                    || '|' || coalesce(pregnancy_birth, '-') || '|' || coalesce(left_on, '-')
                    || '|' || coalesce(left_reason, '-')
             FROM members WHERE deleted = 0 ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// (household id, member id) of the first member matching `filter` in an active household.
fn pick(path: &Path, filter: &str) -> (String, String) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        &format!(
            "SELECT h.id AS hid, m.id AS mid FROM members m
             JOIN households h ON h.id = m.household_id
             WHERE h.deleted = 0 AND h.status = 'aktif' AND m.deleted = 0
               AND m.left_on IS NULL AND {filter}
             ORDER BY h.no_kk, m.rowid LIMIT 1"
        ),
        [],
        |r| Ok((r.get("hid")?, r.get("mid")?)),
    )
    .unwrap_or_else(|e| panic!("a member where {filter}: {e}"))
}

#[test]
fn life_events_imported_into_a_file_rebuilt_from_households_and_members_change_nothing() {
    let demo = demo_db(120, 1, 5);
    let laptop = Store::open(&demo.path).unwrap();
    let me = user(&laptop);
    // A pregnancy, then its birth.
    let (house, mother) = pick(
        &demo.path,
        "m.sex = 'P' AND m.birth_date BETWEEN '1988-01-01' AND '2000-01-01'
         AND m.component IS NULL AND m.pregnancy_order IS NULL
         AND NOT EXISTS (SELECT 1 FROM members x WHERE x.household_id = h.id
                         AND x.component = 'ibu_hamil')",
    );
    let mut pregnant = event(
        &house,
        &mother,
        LifeEventKind::Kehamilan,
        today() - Duration::days(200),
    );
    pregnant.event.pregnancy_order = Some(1);
    pregnant.event.expected_birth = Some(today() - Duration::days(5));
    laptop
        .record_life_event(&me.id, &pregnant)
        .unwrap()
        .unwrap();
    let mut born = event(
        &house,
        &mother,
        LifeEventKind::Kelahiran,
        today() - Duration::days(3),
    );
    let day = today() - Duration::days(3);
    born.event.child = Some(NewChild {
        name: "Dewi Lestari".into(),
        nik: compose_nik(33, 24, 1, day, Sex::Female, 9).to_string(),
        sex: Sex::Female,
        relation: Relation::Anak,
    });
    laptop.record_life_event(&me.id, &born).unwrap().unwrap();
    // A pupil moves up from SMP to SMA; a member of another family dies.
    let (school, pupil) = pick(
        &demo.path,
        "m.component = 'smp' AND m.birth_date <= date('now', '-15 years')",
    );
    let up = event(
        &school,
        &pupil,
        LifeEventKind::NaikJenjang,
        today() - Duration::days(60),
    );
    laptop.record_life_event(&me.id, &up).unwrap().unwrap();
    let (mourning, gone) = pick(
        &demo.path,
        &format!("m.relation <> 'kepala_keluarga' AND h.id NOT IN ('{house}', '{school}')"),
    );
    let death = event(
        &mourning,
        &gone,
        LifeEventKind::Kematian,
        today() - Duration::days(30),
    );
    laptop.record_life_event(&me.id, &death).unwrap().unwrap();

    // The laptop's files, and a new database rebuilt from its households and members.
    let (households, people, events) = (
        csv(&laptop, Kind::Households),
        csv(&laptop, Kind::Members),
        csv(&laptop, Kind::LifeEvents),
    );
    let path = demo.dir.path().join("rebuilt.db");
    let rebuilt = Store::open(&path).unwrap();
    rebuilt
        .add_worker(&me.name, &me.login, Role::Facilitator, 10, None)
        .unwrap();
    let (problems, report) = import(&rebuilt, Kind::Households, &households, Some(&people));
    assert_eq!(problems, vec![]);
    assert!(report.written);
    // The members file carries everything, who left included.
    assert_eq!(
        members(&path),
        members(&demo.path),
        "the same members, field for field"
    );

    let (problems, report) = import(&rebuilt, Kind::LifeEvents, &events, None);
    assert_eq!(problems, vec![]);
    assert!(report.written);
    let stored = count(&demo.path, "SELECT count(*) FROM life_events") as usize;
    assert_eq!(report.added, stored, "every event recorded");
    // Each event is shown by the members already, and said once: nothing is applied again.
    let shown: Vec<&Problem> = report
        .warnings
        .iter()
        .filter(|w| w.reason == Reason::EventShown)
        .collect();
    assert_eq!(shown.len(), stored, "{:?}", report.warnings);
    assert!(
        import_problem(Lang::En, shown[0]).contains("already shows this event"),
        "{}",
        import_problem(Lang::En, shown[0])
    );
    assert!(import_problem(Lang::Id, shown[0]).contains("sudah menunjukkan peristiwa ini"));
    assert_eq!(
        members(&path),
        members(&demo.path),
        "still the same members, field for field"
    );
    assert_eq!(
        count(
            &path,
            &format!("SELECT count(*) FROM members WHERE household_id = '{house}'")
        ),
        count(
            &demo.path,
            &format!("SELECT count(*) FROM members WHERE household_id = '{house}'")
        ),
        "the child once"
    );
    assert_eq!(
        csv(&rebuilt, Kind::LifeEvents),
        events,
        "the same events, the birth linked to the same child"
    );
    assert!(rebuilt.verify().unwrap().ok(), "the history's chain holds");
    // Imported again: nothing more.
    let (problems, report) = import(&rebuilt, Kind::LifeEvents, &events, None);
    assert_eq!(problems, vec![]);
    assert_eq!((report.added, report.unchanged), (0, stored));
}

#[test]
fn on_the_laptop_events_newer_than_the_members_data_apply_one_after_another() {
    let demo = demo_db(120, 1, 5);
    let laptop = Store::open(&demo.path).unwrap();
    // A pupil at SD whose data was entered years ago.
    let (_, child) = pick(
        &demo.path,
        "m.component = 'sd' AND m.birth_date <= date('now', '-12 years')
         AND m.created_at < date('now', '-2 years')",
    );
    let (kk, nik, name): (String, String, String) = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT h.no_kk, m.nik, m.name FROM members m
             JOIN households h ON h.id = m.household_id WHERE m.id = ?1",
            [&child],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // Moved up to SMP last July, left school this July: both apply, the second on the
    // first (this import's own write does not count as the members' data).
    let year: i32 = today().format("%Y").to_string().parse().unwrap();
    let file = format!(
        "No KK;NIK;Peristiwa;Tanggal\n\
         {kk};{nik};keluar_sekolah;15/07/{year}\n\
         {kk};{nik};naik_jenjang;15/07/{}\n",
        year - 1
    );
    let (problems, report) = import(&laptop, Kind::LifeEvents, file.as_bytes(), None);
    assert_eq!(problems, vec![], "{name}");
    assert_eq!(report.added, 2);
    assert!(
        report
            .warnings
            .iter()
            .all(|w| w.reason != Reason::EventShown),
        "{:?}",
        report.warnings
    );
    assert_eq!(
        common::one::<Option<String>>(
            &demo.path,
            &format!("SELECT component FROM members WHERE id = '{child}'")
        ),
        None,
        "out of school"
    );
    let logged = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM change_log WHERE record_id = '{child}' AND field = 'component'"
        ),
    );
    assert_eq!(logged, 2, "sd > smp, smp > none");
}
