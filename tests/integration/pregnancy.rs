//! The pregnancy fields `ibu_hamil` needs (issue 14 section 5, issue 10's worked example)
//! on real SQLite files: the store keeps them (with history), the import reads them under
//! their aliases, the export writes them, and a third pregnancy is refused.

use crate::common::{self, today};

use chrono::NaiveDate;
use pilar::commands::transfer::run_import;
use pilar::domain::Lang;
use pilar::domain::nik::{compose_nik, compose_no_kk};
use pilar::domain::pregnancy::Pregnancy;
use pilar::domain::{Sex, component::Component};
use pilar::model::{HouseholdInput, MemberInput, Relation, Role, Scope, Worker};
use pilar::store::{ImportOptions, Store};
use pilar::transfer::messages::import_problem;
use pilar::transfer::{Kind, read_csv};

fn nik() -> String {
    let birth = NaiveDate::from_ymd_opt(1990, 3, 12).unwrap();
    compose_nik(33, 24, 4, birth, Sex::Female, 7).to_string()
}

fn kk() -> String {
    compose_no_kk(33, 24, 4, NaiveDate::from_ymd_opt(2020, 8, 10).unwrap(), 7).to_string()
}

fn db() -> (tempfile::TempDir, std::path::PathBuf, Store, Worker) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pilar.db");
    let store = Store::open(&path).unwrap();
    let user = store
        .add_worker("Ani", "ani", Role::Facilitator, 10, None)
        .unwrap();
    (dir, path, store, user)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn household(birth: NaiveDate) -> HouseholdInput {
    HouseholdInput {
        id: None,
        expected_updated_at: None,
        fields: pilar::model::HouseholdFields {
            no_kk: kk(),
            rt: "003".into(),
            rw: "004".into(),
            village: "Curugsewu".into(),
            ..Default::default()
        },
        members: vec![MemberInput {
            id: None,
            nik: nik(),
            name: "Siti".into(),
            sex: Sex::Female,
            birth_date: Some(d(1990, 3, 12)),
            relation: Relation::Istri,
            component: Some(Component::IbuHamil),
            pregnancy: Pregnancy {
                order: Some(1),
                birth: Some(birth),
            },
        }],
    }
}

#[test]
fn types_pregnancy_fields_round_trip_through_the_store_with_history() {
    let (_dir, path, store, user) = db();
    let mut h = household(d(2026, 4, 20));
    let id = store.save_household(&user.id, &h).unwrap().unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let detail = store.household_detail(&id).unwrap().unwrap();
    assert_eq!(
        detail.members[0].pregnancy,
        Pregnancy {
            order: Some(1),
            birth: Some(d(2026, 4, 20))
        }
    );
    // The second pregnancy, edited: logged like every other member field.
    h.id = Some(id.clone());
    h.expected_updated_at = Some(detail.updated_at.clone());
    h.members[0].id = Some(detail.members[0].id.clone());
    h.members[0].pregnancy = Pregnancy {
        order: Some(2),
        birth: Some(d(2027, 1, 5)),
    };
    store.save_household(&user.id, &h).unwrap().unwrap();
    let detail = store.household_detail(&id).unwrap().unwrap();
    assert_eq!(detail.members[0].pregnancy.order, Some(2));
    let logged: String = common::one(
        &path,
        "SELECT group_concat(field || '=' || coalesce(old_value, '') || '>' || new_value, ' ')
         FROM (SELECT field, old_value, new_value FROM change_log
               WHERE table_name = 'members' AND field LIKE 'pregnancy%' ORDER BY seq)",
    );
    assert_eq!(
        logged,
        "pregnancy_order=>1 pregnancy_birth=>2026-04-20 \
         pregnancy_order=1>2 pregnancy_birth=2026-04-20>2027-01-05"
    );
    assert!(store.verify().unwrap().mismatches.is_empty());
}

#[test]
fn types_pregnancy_columns_import_under_their_aliases_and_export() {
    let (_dir, _path, store, user) = db();
    let households = format!("no kk;nama;nik;desa\n{};Siti;{};Curugsewu\n", kk(), nik());
    let members = |order: &str| {
        format!(
            "No KK;NIK;Nama;Hubungan;Komponen;Hamil ke;HPL\n{};{};Siti;istri;ibu_hamil;{order};20/04/2027\n",
            kk(),
            nik()
        )
    };
    let opts = ImportOptions {
        dry_run: false,
        skip_invalid: false,
        had_problems: false,
        today: today(),
    };
    let run = |m: &str| {
        let main = read_csv(households.as_bytes()).unwrap();
        let m = read_csv(m.as_bytes()).unwrap();
        run_import(
            &store,
            &user,
            Kind::Households,
            &main,
            Some(&m),
            &opts,
            Lang::Id,
        )
        .unwrap()
    };
    // A third pregnancy: refused with the rule, nothing written.
    let (problems, report) = run(&members("3"));
    assert!(!report.written);
    let text: Vec<String> = problems
        .iter()
        .map(|p| import_problem(Lang::Id, p))
        .collect();
    assert!(
        text.iter()
            .any(|t| t.contains("kehamilan pertama dan kedua")),
        "{text:?}"
    );
    let (problems, report) = run(&members("2"));
    assert!(problems.is_empty(), "{problems:?}");
    assert!(report.written);
    let rows = store
        .export_rows(Kind::Members, &Scope::Worker(user.id.clone()))
        .unwrap();
    let headers: Vec<&str> = Kind::Members.columns().iter().map(|c| c.header()).collect();
    let at = |h: &str| headers.iter().position(|x| *x == h).unwrap();
    assert_eq!(rows[0][at("kehamilan_ke")], "2");
    assert_eq!(rows[0][at("tanggal_persalinan")], "2027-04-20");
}

/// The detail says when `ibu_hamil` ended by itself (42 days after the birth, with the
/// date the shell passes in: the tests' today is 29 Nov 2026), and shows the pregnancy
/// before that.
#[test]
fn types_the_detail_shows_the_pregnancy_and_its_end() {
    use pilar::ui::{self, Theme};
    let (_dir, _path, store, user) = db();
    store.set_meta("default_user", "ani").unwrap();
    let screen = |store: &Store| {
        let app = common::app(store, Lang::Id, 120, 40);
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        t.draw(|f| ui::draw(f, &app, &Theme::new(false, false)))
            .unwrap();
        let buf = t.backend().buffer().clone();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut h = household(d(2026, 10, 1));
    let id = store.save_household(&user.id, &h).unwrap().unwrap();
    let text = screen(&store);
    assert!(
        text.contains("ibu hamil berakhir 12 Nov 2026 (nifas 42 hari)"),
        "{text}"
    );
    let detail = store.household_detail(&id).unwrap().unwrap();
    h.id = Some(id);
    h.expected_updated_at = Some(detail.updated_at.clone());
    h.members[0].id = Some(detail.members[0].id.clone());
    h.members[0].pregnancy.birth = Some(d(2027, 3, 1));
    store.save_household(&user.id, &h).unwrap().unwrap();
    let text = screen(&store);
    assert!(text.contains("hamil ke-1, HPL 1 Mar 2027"), "{text}");
    assert!(!text.contains("berakhir"), "{text}");
}
