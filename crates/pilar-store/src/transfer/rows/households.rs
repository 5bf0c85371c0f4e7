//! Households and their members from one or two tables (moved out of `rows` unchanged):
//! each household's record with its members resolved, and every problem.

use super::*;

/// A members file's row, before it is joined to its household.
struct MemberRow {
    line: usize,
    no_kk: String,
    member: FileMember,
    /// The NIK disagrees with the row's sex or birth date (told, not refused).
    warnings: Vec<Problem>,
}

/// Households (and, from a second table, their members): each household's record, and
/// every problem. `today` dates NIK centuries and component ages.
pub fn households(
    table: &Table,
    members: Option<&Table>,
    today: NaiveDate,
) -> (Vec<HouseholdRecord>, Vec<Problem>) {
    let cells = Cells::new(table);
    let mut problems = broken(&cells);
    problems.extend(cells.missing(&[Col::NoKk, Col::Name, Col::Nik, Col::Village]));
    let mut out: Vec<HouseholdRecord> = Vec::new();
    let mut by_kk: HashMap<String, usize> = HashMap::new();
    // NIKs seen in either file: the line and the No KK they were first seen under.
    let mut niks: HashMap<String, (usize, String)> = HashMap::new();
    // No KKs of refused rows: their members are not reported again.
    let mut bad_kks: std::collections::HashSet<String> = Default::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut c = RowCheck {
            cells: &cells,
            row,
            problems: Vec::new(),
        };
        let id = c.unique_id(&mut ids);
        let no_kk = c.req(Col::NoKk, |s| {
            parse_no_kk(s).map(|n| n.to_string()).map_err(Reason::NoKk)
        });
        let name = c.required(Col::Name);
        let nik = c.req(Col::Nik, |s| parse_nik(s, today).map_err(Reason::Nik));
        let village = c.required(Col::Village);
        let business_desc = c.given_text(Col::Business);
        // Without a `punya_usaha` column, a business column says it: named means yes.
        let has_business = c
            .given(Col::HasBusiness, yes_no)
            .map(|b| b.unwrap_or(false))
            .or_else(|| business_desc.as_ref().map(|d| !d.is_empty()));
        // RT and RW as the form reads them: the RT cell may hold both (`3/4`).
        let (rt_given, rw_given) = (c.cells.has(Col::Rt), c.cells.has(Col::Rw));
        let rt_rw = c.rt_rw();
        let rw_given = rw_given || (rt_given && rt_rw.is_some_and(|v| v.rw.is_some()));
        let fields = FileFields {
            address: c.given_text(Col::Address),
            rt: rt_rw.map(|v| v.rt_key()).filter(|_| rt_given),
            rw: rt_rw.map(|v| v.rw_key()).filter(|_| rw_given),
            kecamatan: c.given_text(Col::Kecamatan),
            kabupaten: c.given_text(Col::Kabupaten),
            area_code: c
                .given(Col::AreaCode, |s| {
                    parse_area_code(s).map(|(a, _)| a).map_err(Reason::AreaCode)
                })
                .map(Option::unwrap_or_default),
            phone: c
                .given(Col::Phone, rule(Phone::parse))
                .map(|p| p.flatten().map(|p| p.to_string()).unwrap_or_default()),
            desil: c
                .given(Col::Desil, rule(Desil::parse))
                .map(|d| d.map(Desil::get)),
            year_joined: c
                .given(Col::YearJoined, rule(|s| YearJoined::parse(s, today)))
                .map(|y| y.map(YearJoined::get)),
            programs: c
                .given(Col::Programs, |s| {
                    choices(s, &SocialProgram::ALL, SocialProgram::key)
                })
                .map(Option::unwrap_or_default),
            has_business,
            business_desc,
            business_income: c.given(Col::Income, number),
            pas: c
                .given(Col::Pas, |s| choices(s, &PasTag::ALL, PasTag::key))
                .map(Option::unwrap_or_default),
        };
        let status = c.opt(Col::Status, |s| {
            choice(s, &HouseholdStatus::ALL, HouseholdStatus::key)
        });
        let status_date = c.opt(Col::StatusDate, parse_date);
        if let Some(kk) = &no_kk
            && let Some(&first) = by_kk.get(kk)
        {
            c.fail(
                Col::NoKk,
                Reason::DuplicateNoKk {
                    first_line: out[first].line,
                },
            );
        }
        if let Some(info) = &nik
            && let Some((first_line, _)) = niks.get(info.nik.as_str())
        {
            c.fail(
                Col::Nik,
                Reason::DuplicateNik {
                    first_line: *first_line,
                },
            );
        }
        let failed = !c.problems.is_empty();
        problems.append(&mut c.problems);
        let kk = no_kk.clone();
        let (Some(no_kk), Some(name), Some(info), Some(village), false) =
            (no_kk, name, nik, village, failed)
        else {
            bad_kks.extend(kk);
            continue;
        };
        niks.insert(info.nik.to_string(), (row.line, no_kk.clone()));
        by_kk.insert(no_kk.clone(), out.len());
        // The pengurus: the households file gives the name and NIK only.
        let pengurus = FileMember {
            id: None,
            nik: info.nik.to_string(),
            name,
            sex: None,
            birth_date: None,
            relation: None,
            component: None,
            pregnancy_order: None,
            pregnancy_birth: None,
            left: None,
            nik_sex: info.sex,
            nik_birth: info.birth_date,
            new_relation: match info.sex {
                Sex::Female => Relation::Istri,
                Sex::Male => Relation::KepalaKeluarga,
            },
        };
        out.push(HouseholdRecord {
            line: row.line,
            id,
            no_kk,
            village,
            members: vec![pengurus],
            fields,
            members_given: false,
            status: status.map(|s| (s, status_date)),
            warnings: Vec::new(),
        });
    }
    // Households refused for one of their members (indexes into `out`).
    let mut refused: std::collections::HashSet<usize> = Default::default();
    if let Some(mt) = members {
        let mcells = Cells::of_members(mt);
        let (rows, refused_members, mut mp) = member_rows(&mcells, today, &mut niks);
        problems.append(&mut mp);
        // A household with a refused member is refused too: saved without that member, its
        // stored member would be deleted.
        for (member_line, kk) in refused_members {
            if let Some(&i) = by_kk.get(&kk) {
                refused.insert(i);
                problems.push(cells.problem(
                    out[i].line,
                    cells.header(Col::NoKk),
                    kk,
                    Reason::MemberRefused { member_line },
                ));
            }
        }
        // Members join their household by No KK; the pengurus (the household's NIK) first.
        let mut grouped: HashMap<usize, Vec<MemberRow>> = HashMap::new();
        for m in rows {
            match by_kk.get(&m.no_kk) {
                Some(i) if refused.contains(i) => {}
                Some(&i) => grouped.entry(i).or_default().push(m),
                None if bad_kks.contains(&m.no_kk) => {}
                None => problems.push(mcells.problem(
                    m.line,
                    mcells.header(Col::NoKk),
                    m.no_kk.clone(),
                    Reason::NoHousehold,
                )),
            }
        }
        for (i, list) in grouped {
            let h = &mut out[i];
            let pengurus = h.members[0].clone();
            let mut members = Vec::new();
            for m in list {
                h.warnings.extend(m.warnings);
                if m.member.nik == pengurus.nik {
                    // The households file names the pengurus; the members file the rest.
                    let mut p = m.member;
                    p.name = pengurus.name.clone();
                    p.new_relation = pengurus.new_relation;
                    members.insert(0, p);
                } else {
                    members.push(m.member);
                }
            }
            if members.first().is_none_or(|m| m.nik != pengurus.nik) {
                members.insert(0, pengurus);
            }
            h.members = members;
            h.members_given = true;
        }
    }
    // Component rules per household (members as the file gives them; the store checks
    // again with what it keeps of the stored members).
    let rules = ComponentRules::default();
    let mut keep = Vec::new();
    for (i, h) in out.into_iter().enumerate() {
        if refused.contains(&i) {
            continue;
        }
        let resolved: Vec<MemberInput> = h.members.iter().map(|m| m.resolve(None)).collect();
        let violations = component_violations(&resolved, today, &rules);
        if violations.is_empty() {
            keep.push(h);
            continue;
        }
        for reason in violations {
            problems.push(cells.problem(
                h.line,
                Col::Component.header().to_string(),
                String::new(),
                reason,
            ));
        }
    }
    problems.sort_by_key(|p| p.line);
    (keep, problems)
}

/// The component rules broken by a household of these members, each as a [`Reason`] that
/// names its people.
pub fn component_violations(
    members: &[MemberInput],
    today: NaiveDate,
    rules: &ComponentRules,
) -> Vec<Reason> {
    let people: Vec<ComponentPerson> = members.iter().map(Member::component_person).collect();
    let violations = check_household(&people, today, rules);
    if violations.is_empty() {
        return Vec::new();
    }
    violations
        .into_iter()
        .map(|violation| Reason::Component {
            violation,
            members: members.to_vec(),
        })
        .collect()
}

/// A members table's rows (NIKs unique across the whole import: `niks` holds each NIK's
/// first line and No KK), the line and No KK of every refused row, and the problems.
#[allow(clippy::type_complexity)]
fn member_rows(
    cells: &Cells<'_>,
    today: NaiveDate,
    niks: &mut HashMap<String, (usize, String)>,
) -> (Vec<MemberRow>, Vec<(usize, String)>, Vec<Problem>) {
    let table = cells.table;
    let mut problems = broken(cells);
    problems.extend(cells.missing(&[Col::NoKk, Col::Nik, Col::Name]));
    let mut out = Vec::new();
    let mut refused = Vec::new();
    // Member NIKs seen in this table (the pengurus also appears in the households file).
    let mut own: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut c = RowCheck {
            cells,
            row,
            problems: Vec::new(),
        };
        let id = c.unique_id(&mut ids);
        let no_kk = c.req(Col::NoKk, |s| {
            parse_no_kk(s).map(|n| n.to_string()).map_err(Reason::NoKk)
        });
        let name = c.required(Col::Name);
        let nik = c.req(Col::Nik, |s| parse_nik(s, today).map_err(Reason::Nik));
        let sex = c.given(Col::Sex, sex);
        let birth = c.given(Col::Birth, |s| parse_birth(s, today));
        let relation = c.given(Col::Relation, |s| choice(s, &Relation::ALL, Relation::key));
        let component = c.given(Col::Component, |s| {
            choice(s, &Component::ALL, Component::key)
        });
        let pregnancy_order = c.given(
            Col::PregnancyOrder,
            rule(|s| PregnancyOrder::parse(s).map(PregnancyOrder::get)),
        );
        let pregnancy_birth = c.given(Col::PregnancyBirth, parse_date);
        let born = birth.flatten().or(nik.as_ref().map(|i| i.birth_date));
        let left = departure(&mut c, today, born);
        if let Some(info) = &nik {
            let elsewhere = niks
                .get(info.nik.as_str())
                .filter(|(_, kk)| no_kk.as_ref() != Some(kk))
                .map(|(line, _)| *line);
            if let Some(first_line) = own.get(info.nik.as_str()).copied().or(elsewhere) {
                c.fail(Col::Nik, Reason::DuplicateNik { first_line });
            }
        }
        let failed = !c.problems.is_empty();
        problems.append(&mut c.problems);
        let (Some(no_kk), Some(name), Some(info), false) = (no_kk.clone(), name, nik, failed)
        else {
            // Its household (by the No KK as written, if not valid) is refused with it.
            let kk = no_kk.unwrap_or_else(|| {
                c.text(Col::NoKk)
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect()
            });
            refused.push((row.line, kk));
            continue;
        };
        // An empty sex or birth-date cell: as the NIK says.
        let sex = sex.map(|s| s.unwrap_or(info.sex));
        let birth = birth.map(|b| b.unwrap_or(info.birth_date));
        // As the form does: a NIK that disagrees with the row is told, not refused.
        let warnings = check_against(&info, sex.unwrap_or(info.sex), birth)
            .into_iter()
            .map(|w| {
                let col = match w {
                    NikWarning::SexMismatch { .. } => Col::Sex,
                    NikWarning::BirthDateMismatch { .. } => Col::Birth,
                };
                c.problem(col, Reason::NikDisagrees(w))
            })
            .collect();
        own.insert(info.nik.to_string(), row.line);
        niks.entry(info.nik.to_string())
            .or_insert((row.line, no_kk.clone()));
        out.push(MemberRow {
            line: row.line,
            no_kk,
            member: FileMember {
                id,
                nik: info.nik.to_string(),
                name,
                sex,
                birth_date: birth,
                relation: relation.map(|r| r.unwrap_or(Relation::Lainnya)),
                component,
                pregnancy_order,
                pregnancy_birth,
                left,
                nik_sex: info.sex,
                nik_birth: info.birth_date,
                new_relation: Relation::Lainnya,
            },
            warnings,
        });
    }
    (out, refused, problems)
}

/// A member's departure (`tanggal_keluar` and `alasan_keluar`, as the export writes who
/// left): both or neither, on a day not after today nor before the member's birth. `None`
/// when the file has neither column.
fn departure(
    c: &mut RowCheck<'_, '_>,
    today: NaiveDate,
    born: Option<NaiveDate>,
) -> Option<Option<(NaiveDate, LeftReason)>> {
    use pilar_core::domain::life_event::Refusal;
    let on = c.given(Col::LeftOn, parse_date);
    let why = c.given(Col::LeftReason, |s| {
        choice(s, &LeftReason::ALL, LeftReason::key)
    });
    if on.is_none() && why.is_none() {
        return None;
    }
    match (on.flatten(), why.flatten()) {
        (Some(on), Some(why)) => {
            if on > today {
                c.fail(Col::LeftOn, Reason::LifeEvent(Refusal::InFuture));
            } else if let Some(birth) = born.filter(|b| on < *b) {
                c.fail(
                    Col::LeftOn,
                    Reason::LifeEvent(Refusal::BeforeBirth { birth }),
                );
            }
            Some(Some((on, why)))
        }
        (Some(_), None) if c.text(Col::LeftReason).is_empty() => {
            c.fail(Col::LeftReason, Reason::Required);
            None
        }
        (None, Some(_)) if c.text(Col::LeftOn).is_empty() => {
            c.fail(Col::LeftOn, Reason::Required);
            None
        }
        // A cell that did not parse is named already.
        (Some(_), None) | (None, Some(_)) => None,
        (None, None) => Some(None),
    }
}
