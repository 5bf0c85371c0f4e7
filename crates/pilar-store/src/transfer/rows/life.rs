//! Life events and P2K2 groups files (issue 11 "Also"): each row checked into its record,
//! every problem named. The event's own rules (a date after today, before the member's
//! birth, a member who left, a pregnancy on a man, ...) are the store's, on the members as
//! stored ([`pilar_core::domain::life_event::plan`]); here only what a row says.

use super::records::{each_record, need_household};
use super::*;
use pilar_core::domain::life_event::{EventStatus, LifeEventKind, SCHOOL};

/// How a row names a member of its household: by id, else NIK, else name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberRef {
    pub id: Option<String>,
    pub nik: Option<String>,
    pub name: Option<String>,
}

/// A life event row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifeEventRecord {
    pub line: usize,
    /// The id in the file (an export's), kept for a new event so files round-trip.
    pub id: Option<String>,
    pub household: HouseholdRef,
    pub member: MemberRef,
    pub kind: LifeEventKind,
    pub date: NaiveDate,
    /// `dicatat` when the file has no status (or an empty one).
    pub status: EventStatus,
    pub pregnancy_order: Option<u8>,
    pub expected_birth: Option<NaiveDate>,
    pub school_level: Option<Component>,
    /// A birth's child as the file gives it (name, NIK, sex) and its id (an export's).
    pub child_name: String,
    pub child_nik: Option<String>,
    pub child_sex: Option<Sex>,
    pub child_id: Option<String>,
    pub note: String,
}

/// A P2K2 group row (`None`: the file has no such column, the stored value stays).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecord {
    pub line: usize,
    pub id: Option<String>,
    pub name: String,
    pub place: Option<String>,
    /// Its families' No KKs (`None` without the column: its families stay).
    pub families: Option<Vec<String>>,
}

/// Checks each row of a life events file.
pub fn life_events(table: &Table, today: NaiveDate) -> (Vec<LifeEventRecord>, Vec<Problem>) {
    let required = [Col::EventKind, Col::Date];
    each_record(table, &required, |c, id| {
        let household = need_household(c);
        let member = MemberRef {
            id: c.id(Col::MemberId),
            nik: c.opt(Col::Nik, |s| {
                parse_nik(s, today)
                    .map(|n| n.nik.to_string())
                    .map_err(Reason::Nik)
            }),
            name: Some(c.text(Col::Name)).filter(|n| !n.is_empty()),
        };
        let kind = c.req(Col::EventKind, |s| {
            choice(s, &LifeEventKind::ALL, LifeEventKind::key)
        });
        let date = c.req(Col::Date, parse_date);
        let status = c
            .opt(Col::Status, |s| {
                choice(s, &[EventStatus::Recorded, EventStatus::Dismissed], |v| {
                    v.key()
                })
            })
            .unwrap_or(EventStatus::Recorded);
        let pregnancy_order = c.opt(
            Col::PregnancyOrder,
            rule(|s| PregnancyOrder::parse(s).map(PregnancyOrder::get)),
        );
        let expected_birth = c.opt(Col::PregnancyBirth, parse_date);
        let school_level = c.opt(Col::SchoolLevel, |s| choice(s, &SCHOOL, Component::key));
        let child_nik = c.opt(Col::ChildNik, |s| {
            parse_nik(s, today)
                .map(|n| (n.nik.to_string(), n.sex))
                .map_err(Reason::Nik)
        });
        let child_sex = c.opt(Col::ChildSex, sex);
        let child_name = c.text(Col::ChildName);
        // A birth recorded adds its child: the form's required fields.
        if kind == Some(LifeEventKind::Kelahiran) && status == EventStatus::Recorded {
            if child_name.is_empty() {
                c.fail(Col::ChildName, Reason::Required);
            }
            if c.text(Col::ChildNik).is_empty() {
                c.fail(Col::ChildNik, Reason::Required);
            }
        }
        Some(LifeEventRecord {
            line: c.row.line,
            id,
            household,
            member,
            kind: kind?,
            date: date?,
            status,
            pregnancy_order,
            expected_birth,
            school_level,
            child_name,
            // The child's sex as the NIK says when the file does not.
            child_sex: child_sex.or(child_nik.as_ref().map(|(_, s)| *s)),
            child_nik: child_nik.map(|(n, _)| n),
            child_id: c.id(Col::ChildId),
            note: c.text(Col::Notes),
        })
    })
}

/// Checks each row of a P2K2 groups file: a name, a place, and its families' No KKs
/// (separated by spaces, commas or semicolons), each family on one line of the file only.
pub fn groups(table: &Table) -> (Vec<GroupRecord>, Vec<Problem>) {
    let mut listed: HashMap<String, usize> = HashMap::new();
    each_record(table, &[Col::Name], |c, id| {
        let name = c.required(Col::Name);
        let families = c.cells.has(Col::Families).then(|| {
            let text = c.text(Col::Families);
            let mut out = Vec::new();
            for part in text
                .split([' ', ',', ';', '\n', '\t'])
                .map(unwrap_cell)
                .filter(|p| !p.is_empty())
            {
                match parse_no_kk(part) {
                    Ok(kk) => {
                        let kk = kk.to_string();
                        match listed.get(&kk) {
                            Some(&first_line) if first_line != c.row.line => {
                                c.fail(Col::Families, Reason::FamilyTwice { first_line })
                            }
                            Some(_) => {}
                            None => {
                                listed.insert(kk.clone(), c.row.line);
                                out.push(kk);
                            }
                        }
                    }
                    Err(e) => {
                        let mut p = c.problem(Col::Families, Reason::NoKk(e));
                        p.value = part.to_string();
                        c.problems.push(p);
                    }
                }
            }
            out
        });
        Some(GroupRecord {
            line: c.row.line,
            id,
            name: name?,
            place: c.given_text(Col::Place),
            families,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::read_csv;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const KK: &str = "3324010101010001";
    const MOTHER: &str = "3324015203850001";
    // A girl born 2026-11-02 (day + 40).
    const CHILD: &str = "3324014211260001";

    #[test]
    fn a_life_event_row_reads_every_detail() {
        let t = read_csv(
            format!(
                "no_kk;nik;peristiwa;tanggal;status;kehamilan_ke;hpl;jenjang;nama_anak;nik_anak;catatan\n\
                 {KK};{MOTHER};Kehamilan;2026-03-01;;2;2026-11-02;;;;dari posyandu\n\
                 {KK};{MOTHER};kelahiran;02/11/2026;dicatat;;;;Dewi;{CHILD};\n\
                 {KK};{MOTHER};Masuk Sekolah;2026-07-01;diabaikan;;;SMP;;;\n"
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(t.kind(), Some(crate::transfer::Kind::LifeEvents));
        let (rows, problems) = life_events(&t, d(2026, 11, 29));
        assert_eq!(problems, vec![]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].kind, LifeEventKind::Kehamilan);
        assert_eq!(rows[0].member.nik.as_deref(), Some(MOTHER));
        assert_eq!(rows[0].household.no_kk.as_deref(), Some(KK));
        assert_eq!(rows[0].pregnancy_order, Some(2));
        assert_eq!(rows[0].expected_birth, Some(d(2026, 11, 2)));
        assert_eq!(rows[0].status, EventStatus::Recorded);
        assert_eq!(rows[0].note, "dari posyandu");
        assert_eq!(rows[1].date, d(2026, 11, 2));
        assert_eq!(rows[1].child_name, "Dewi");
        assert_eq!(rows[1].child_nik.as_deref(), Some(CHILD));
        assert_eq!(rows[1].child_sex, Some(Sex::Female), "the NIK's sex");
        assert_eq!(rows[2].kind, LifeEventKind::MasukSekolah);
        assert_eq!(rows[2].status, EventStatus::Dismissed);
        assert_eq!(rows[2].school_level, Some(Component::Smp));
    }

    #[test]
    fn a_bad_life_event_row_names_its_column() {
        let t = read_csv(
            format!(
                "no_kk,nik,peristiwa,tanggal,jenjang,nama_anak,nik_anak,kehamilan_ke\n\
                 {KK},{MOTHER},menikah,2026-03-01,,,,\n\
                 {KK},{MOTHER},kelahiran,kemarin,,,,\n\
                 {KK},{MOTHER},kelahiran,2026-11-02,,,,\n\
                 {KK},{MOTHER},masuk_sekolah,2026-07-01,kuliah,,,\n\
                 {KK},123,kehamilan,2026-07-01,,,,nol\n\
                 ,,pindah,2026-07-01,,,,\n"
            )
            .as_bytes(),
        )
        .unwrap();
        let (rows, problems) = life_events(&t, d(2026, 11, 29));
        assert!(rows.is_empty(), "{rows:?}");
        let at: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.column.as_str()))
            .collect();
        assert_eq!(
            at,
            vec![
                (2, "peristiwa"),
                (3, "tanggal"),
                (3, "nama_anak"),
                (3, "nik_anak"),
                (4, "nama_anak"),
                (4, "nik_anak"),
                (5, "jenjang"),
                (6, "nik"),
                (6, "kehamilan_ke"),
                (7, "no_kk"),
            ]
        );
        assert!(matches!(problems[0].reason, Reason::Choice(_)));
        assert_eq!(problems[1].reason, Reason::Date);
        assert_eq!(problems[2].reason, Reason::Required);
    }

    #[test]
    fn english_headers_name_a_life_events_file_and_other_kinds_stay_theirs() {
        use crate::transfer::Kind;
        let cases = [
            (
                "id,household_id,family_card,member_id,nik,name,life_event,date,status,\
                 pregnancy_order,due_date,school_level,child_id,child_name,child_nik,child_sex,notes",
                Kind::LifeEvents,
            ),
            ("No KK;NIK;Peristiwa;Tanggal", Kind::LifeEvents),
            (
                "no_kk,nik,nama,jenis_kelamin,tanggal_lahir,hubungan",
                Kind::Members,
            ),
            ("no_kk,kegiatan,tanggal,ringkasan", Kind::Activities),
            ("id,name,place,families", Kind::Groups),
            ("id,no_kk,member_id,month,outcome", Kind::Verifications),
        ];
        for (header, kind) in cases {
            let t = read_csv(format!("{header}\n").as_bytes()).unwrap();
            assert!(t.unknown_headers().is_empty(), "{header}");
            assert_eq!(t.kind(), Some(kind), "{header}");
        }
    }

    #[test]
    fn a_groups_row_lists_its_families_once() {
        let other = "3324010101010002";
        let t = read_csv(
            format!(
                "id,nama,tempat,keluarga\n\
                 ,Mawar 1,Balai Desa,\"{KK}, {other}\"\n\
                 ,Melati,,{KK}\n\
                 ,,Pos,\n\
                 ,Anggrek,,12345\n"
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(t.kind(), Some(crate::transfer::Kind::Groups));
        let (rows, problems) = groups(&t);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name, "Mawar 1");
        assert_eq!(rows[0].place.as_deref(), Some("Balai Desa"));
        assert_eq!(
            rows[0].families.as_deref(),
            Some(&[KK.to_string(), other.to_string()][..])
        );
        let why: Vec<(usize, &Reason)> = problems.iter().map(|p| (p.line, &p.reason)).collect();
        assert_eq!(why[0], (3, &Reason::FamilyTwice { first_line: 2 }));
        assert_eq!(why[1], (4, &Reason::Required));
        assert_eq!(why[2].0, 5);
        assert!(matches!(why[2].1, Reason::NoKk(_)));
        assert_eq!(problems[2].value, "12345");
    }
}
