//! Who left a household travels in the members file (`tanggal_keluar`, `alasan_keluar`):
//! exported as stored, imported onto a member who has not left with its history (the
//! member stays, no longer counted, without a component), never undone by an empty cell,
//! and refused with its reason when the day is after today or before the member's birth,
//! or when one of the two is missing.

use super::*;

fn households() -> String {
    format!(
        "No KK;NIK;Nama;Desa\n{};{};Siti Aminah;Curugsewu\n",
        kk(1),
        nik(1)
    )
}

fn members(left: &str, why: &str) -> String {
    format!(
        "No KK;NIK;Nama;Hubungan;Komponen;Tanggal keluar;Alasan keluar\n\
         {k};{n};Siti Aminah;istri;;;\n\
         {k};{c};Budi;anak;sd;{left};{why}\n",
        k = kk(1),
        n = nik(1),
        c = child_nik(11),
    )
}

fn budi(db: &Db) -> String {
    common::one(
        &db.path,
        &format!(
            "SELECT coalesce(left_on, '-') || '|' || coalesce(left_reason, '-') || '|'
                    || coalesce(component, '-')
             FROM members WHERE nik = '{}'",
            child_nik(11)
        ),
    )
}

#[test]
fn a_member_who_left_is_imported_as_left_and_exported_so() {
    let db = db();
    let (problems, report) = import(&db, &households(), Some(&members("", "")), opts());
    assert_eq!(problems, vec![]);
    assert!(report.written);
    assert_eq!(budi(&db), "-|-|sd");
    // The file now says Budi moved away in June: a dry run names the change.
    let file = members("15/06/2026", "pindah");
    let dry = common::import_opts(true, false);
    let (problems, report) = import(&db, &households(), Some(&file), dry);
    assert_eq!(problems, vec![]);
    assert_eq!((report.updated, report.members_updated), (1, 1));
    let fields: Vec<&str> = report
        .changes
        .iter()
        .flat_map(|c| &c.changes)
        .filter_map(|c| match c {
            pilar::store::ImportChange::Field { field, .. } => Some(*field),
            _ => None,
        })
        .collect();
    assert!(
        fields.contains(&"left_on") && fields.contains(&"left_reason"),
        "{fields:?}"
    );
    assert_eq!(budi(&db), "-|-|sd", "a dry run writes nothing");
    let (problems, report) = import(&db, &households(), Some(&file), opts());
    assert_eq!(problems, vec![]);
    assert!(report.written);
    assert_eq!(
        budi(&db),
        "2026-06-15|pindah|-",
        "left, no longer a component"
    );
    assert_eq!(
        common::count(
            &db.path,
            "SELECT count(*) FROM change_log WHERE field IN ('left_on', 'left_reason')"
        ),
        2,
        "with its history"
    );
    assert!(db.store.verify().unwrap().ok());
    // Exported as stored, and imported again: nothing changes.
    let scope = Scope::Worker(db.user.id.clone());
    let out = render(
        Kind::Members,
        Format::Csv,
        &db.store.export_rows(Kind::Members, &scope).unwrap(),
    )
    .unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        text.contains("tanggal_keluar") && text.contains("2026-06-15"),
        "{text}"
    );
    let (problems, report) = import_tables(
        &db,
        &read_csv(households().as_bytes()).unwrap(),
        Some(&read_csv(&out).unwrap()),
        opts(),
    );
    assert_eq!(problems, vec![]);
    assert_eq!((report.unchanged, report.members_updated), (1, 0));
    // An empty cell does not bring a member back (nor a component to one who left).
    let (problems, report) = import(&db, &households(), Some(&members("", "")), opts());
    assert_eq!(problems, vec![]);
    assert_eq!(report.members_updated, 0);
    assert_eq!(budi(&db), "2026-06-15|pindah|-");
}

#[test]
fn a_departure_after_today_before_birth_or_half_given_is_refused() {
    let db = db();
    let lines = [
        ("01/01/2099", "meninggal"),
        ("01/01/2010", "meninggal"),
        ("01/06/2026", ""),
        ("", "pindah"),
        ("01/06/2026", "hilang"),
    ];
    let mut said = Vec::new();
    for (left, why) in lines {
        let (problems, report) = import(&db, &households(), Some(&members(left, why)), opts());
        assert!(!report.written, "{left} {why}");
        let p = problems
            .iter()
            .find(|p| p.in_members)
            .unwrap_or_else(|| panic!("{problems:?}"));
        said.push((p.column.clone(), format!("{:?}", p.reason)));
    }
    assert_eq!(
        said.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        vec![
            "Tanggal keluar",
            "Tanggal keluar",
            "Alasan keluar",
            "Tanggal keluar",
            "Alasan keluar"
        ]
    );
    assert!(said[0].1.contains("InFuture"), "{said:?}");
    assert!(said[1].1.contains("BeforeBirth"), "{said:?}");
    assert!(said[2].1.contains("Required") && said[3].1.contains("Required"));
    assert!(said[4].1.contains("Choice"), "{said:?}");
    assert_eq!(count(&db, "households"), 0, "nothing written");
}
