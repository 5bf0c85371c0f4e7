//! Rows of text into records the store saves, every problem named with its line, column
//! and value. The whole file is checked before anything is written.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{Broken, Col, Table, unwrap_cell};
use pilar_core::domain::Sex;
use pilar_core::domain::activity::{ActivityKind, P2k2Module};
use pilar_core::domain::component::{
    Component, ComponentPerson, ComponentRules, ComponentViolation, check_household,
};
use pilar_core::domain::graduation::{
    EVIDENCE, ExitKind, HouseholdStatus, PasTag, Program, ReferralStatus, SocialProgram,
    missing_evidence,
};
use pilar_core::domain::household::{AreaCodeError, DesilError, parse_area_code, parse_desil};
use pilar_core::domain::nik::{NikError, parse_nik, parse_no_kk};
use pilar_core::model::{HouseholdInput, Member, MemberInput, Relation};

/// One thing wrong with a file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line of the file (row of the sheet); 1 is the header row.
    pub line: usize,
    /// The column's header as the file wrote it (empty for the whole row).
    pub column: String,
    pub value: String,
    pub reason: Reason,
}

/// Why a row (or a value in it) is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Broken(Broken),
    /// The header row lacks a column this kind of file needs (named by its export header).
    MissingColumn(&'static str),
    /// A required value is empty.
    Required,
    Nik(NikError),
    NoKk(NikError),
    Desil(DesilError),
    AreaCode(AreaCodeError),
    /// RT/RW: up to 3 digits.
    RtRw,
    /// A year between 2007 and this year.
    Year,
    NotNumber,
    Date,
    /// Not one of these values (storage keys).
    Choice(Vec<&'static str>),
    /// The same No KK on an earlier line of the file.
    DuplicateNoKk {
        first_line: usize,
    },
    /// The same NIK on an earlier line of the file (or, for a member, under another No KK
    /// on that line of either file).
    DuplicateNik {
        first_line: usize,
    },
    /// The same id on an earlier line of the file.
    DuplicateId {
        first_line: usize,
    },
    /// A household whose member on this line of the members file is refused: the household
    /// is refused too, so that it is not saved without that member.
    MemberRefused {
        member_line: usize,
    },
    /// A graduation without the evidence the form requires (storage keys).
    MissingEvidence(Vec<&'static str>),
    /// A member whose No KK is in no row of the households file.
    NoHousehold,
    /// A component rule, with the household's members for naming them.
    Component {
        violation: ComponentViolation,
        members: Vec<Member>,
    },
    /// An id that is not a UUID.
    BadId,
    // Found by the store against the database:
    /// The No KK or NIK is already registered to another household (its recipient's name).
    TakenBy(String),
    /// The household is in another facilitator's caseload.
    OtherCaseload,
    /// No household with this id or No KK in the user's caseload.
    UnknownHousehold,
    /// The id is a stored record of a household in another facilitator's caseload.
    RecordOtherCaseload,
    /// The id is a stored record of another household: an import does not move records.
    MovesRecord,
    /// The row would undo a stored graduation or redo an undone one (done in pilar, which
    /// also restores the status and withdraws the follow-ups).
    ChangesUndone,
    /// The row would change a stored graduation's kind or date (the household's status and
    /// follow-ups came from them: undo it in pilar and record it again).
    ChangesGraduation,
    /// The id is a supervisor's note: it stays as the supervisor wrote it.
    SupervisorRecord,
}

/// A household row, ready for the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRecord {
    pub line: usize,
    /// The id in the file (an export's), kept for a new household so files round-trip.
    pub id: Option<String>,
    /// `id` is `None`; members: the pengurus first.
    pub input: HouseholdInput,
    /// True when a members file listed this household's members (then they are all of
    /// them); otherwise the stored members stay and only the pengurus is set.
    pub members_given: bool,
    /// Ids of the members in the file (aligned with `input.members`).
    pub member_ids: Vec<Option<String>>,
    pub status: Option<(HouseholdStatus, Option<NaiveDate>)>,
}

/// How a row names its household: by id, else No KK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRef {
    pub id: Option<String>,
    pub no_kk: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecord {
    pub line: usize,
    pub id: Option<String>,
    pub household: Option<HouseholdRef>,
    /// A group activity's households (No KK or id) and attendance.
    pub participants: Vec<(String, bool)>,
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub summary: String,
    pub detail: String,
    pub follow_up: Option<NaiveDate>,
    pub done: bool,
    pub group_name: String,
    pub place: String,
    pub module: Option<P2k2Module>,
    pub session: Option<u8>,
    pub graduation_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraduationRecord {
    pub line: usize,
    pub id: Option<String>,
    pub household: HouseholdRef,
    pub kind: ExitKind,
    pub date: NaiveDate,
    pub reason: String,
    pub evidence: String,
    pub undone: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRecord {
    pub line: usize,
    pub id: Option<String>,
    pub household: HouseholdRef,
    pub program: Program,
    pub agency: String,
    pub date: NaiveDate,
    pub status: ReferralStatus,
    pub notes: String,
}

/// Reads one table's cells by column.
struct Cells<'a> {
    table: &'a Table,
    index: HashMap<Col, usize>,
}

impl<'a> Cells<'a> {
    fn new(table: &'a Table) -> Cells<'a> {
        let index = table
            .columns()
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (c, i)))
            .collect();
        Cells { table, index }
    }

    fn has(&self, c: Col) -> bool {
        self.index.contains_key(&c)
    }

    fn header(&self, c: Col) -> String {
        self.index
            .get(&c)
            .map(|&i| self.table.headers[i].trim().to_string())
            .unwrap_or_else(|| c.header().to_string())
    }

    fn get<'r>(&self, row: &'r super::Row, c: Col) -> &'r str {
        self.index
            .get(&c)
            .and_then(|&i| row.cells.get(i))
            .map(|s| unwrap_cell(s))
            .unwrap_or("")
    }

    /// The header-row problems: required columns missing.
    fn missing(&self, required: &[Col]) -> Vec<Problem> {
        required
            .iter()
            .filter(|c| !self.has(**c))
            .map(|c| Problem {
                line: 1,
                column: c.header().to_string(),
                value: String::new(),
                reason: Reason::MissingColumn(c.header()),
            })
            .collect()
    }
}

/// Collects a row's problems while reading its values.
struct RowCheck<'a, 'c> {
    cells: &'c Cells<'a>,
    row: &'c super::Row,
    problems: Vec<Problem>,
}

impl RowCheck<'_, '_> {
    fn text(&self, c: Col) -> String {
        self.cells.get(self.row, c).to_string()
    }

    fn fail(&mut self, c: Col, reason: Reason) {
        let value = self.text(c);
        self.problems.push(Problem {
            line: self.row.line,
            column: self.cells.header(c),
            value,
            reason,
        });
    }

    fn required(&mut self, c: Col) -> Option<String> {
        let v = self.text(c);
        if v.is_empty() {
            if self.cells.has(c) {
                self.fail(c, Reason::Required);
            }
            return None;
        }
        Some(v)
    }

    fn opt<T>(&mut self, c: Col, parse: impl FnOnce(&str) -> Result<T, Reason>) -> Option<T> {
        let v = self.text(c);
        if v.is_empty() {
            return None;
        }
        match parse(&v) {
            Ok(x) => Some(x),
            Err(r) => {
                self.fail(c, r);
                None
            }
        }
    }

    fn req<T>(&mut self, c: Col, parse: impl FnOnce(&str) -> Result<T, Reason>) -> Option<T> {
        self.required(c)?;
        self.opt(c, parse)
    }

    fn id(&mut self, c: Col) -> Option<String> {
        self.opt(c, |s| {
            uuid::Uuid::parse_str(s)
                .map(|u| u.to_string())
                .map_err(|_| Reason::BadId)
        })
    }

    /// The row's `id`, refused when an earlier line of the file has it (`seen`: id -> line).
    fn unique_id(&mut self, seen: &mut HashMap<String, usize>) -> Option<String> {
        let id = self.id(Col::Id)?;
        if let Some(&first_line) = seen.get(&id) {
            self.fail(Col::Id, Reason::DuplicateId { first_line });
        } else {
            seen.insert(id.clone(), self.row.line);
        }
        Some(id)
    }

    fn household_ref(&mut self) -> HouseholdRef {
        HouseholdRef {
            id: self.id(Col::HouseholdId),
            no_kk: self.opt(Col::NoKk, |s| {
                parse_no_kk(s).map(|n| n.to_string()).map_err(Reason::NoKk)
            }),
        }
    }
}

fn broken(table: &Table) -> Vec<Problem> {
    table
        .broken
        .iter()
        .map(|(line, b)| Problem {
            line: *line,
            column: String::new(),
            value: String::new(),
            reason: Reason::Broken(b.clone()),
        })
        .collect()
}

/// A date as spreadsheets write it: `2026-02-12`, `12/02/2026`, `12-02-2026`, `12.02.2026`.
pub fn parse_date(s: &str) -> Result<NaiveDate, Reason> {
    let s = s.trim();
    let s = s.split(['T', ' ']).next().unwrap_or(s);
    for f in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Ok(d);
        }
    }
    Err(Reason::Date)
}

fn number(s: &str) -> Result<i64, Reason> {
    let t: String = s
        .trim()
        .trim_start_matches("Rp")
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    let t = t.strip_suffix(",00").unwrap_or(&t);
    match t.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err(Reason::NotNumber),
    }
}

fn yes_no(s: &str) -> Result<bool, Reason> {
    match crate::transfer::normalize_header(s).as_str() {
        "1" | "ya" | "y" | "yes" | "true" | "benar" => Ok(true),
        "0" | "tidak" | "t" | "no" | "n" | "false" | "salah" => Ok(false),
        _ => Err(Reason::Choice(vec!["ya", "tidak"])),
    }
}

/// A value by its storage key, ignoring case, spaces and punctuation (`PBI-JK` = `pbi_jk`).
fn choice<T: Copy>(s: &str, all: &[T], key: impl Fn(T) -> &'static str) -> Result<T, Reason> {
    let n = crate::transfer::normalize_header(s);
    all.iter()
        .copied()
        .find(|v| crate::transfer::normalize_header(key(*v)) == n)
        .ok_or_else(|| Reason::Choice(all.iter().map(|v| key(*v)).collect()))
}

/// A list of keys separated by commas, semicolons, slashes or `|`.
fn choices<T: Copy>(
    s: &str,
    all: &[T],
    key: impl Fn(T) -> &'static str + Copy,
) -> Result<Vec<T>, Reason> {
    let mut out = Vec::new();
    for part in s
        .split([',', ';', '/', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let v = choice(part, all, key)?;
        if !out.iter().any(|o: &T| key(*o) == key(v)) {
            out.push(v);
        }
    }
    Ok(out)
}

fn rt_rw(s: &str) -> Result<String, Reason> {
    let t = s.trim();
    if (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(t.to_string())
    } else {
        Err(Reason::RtRw)
    }
}

fn sex(s: &str) -> Result<Sex, Reason> {
    match crate::transfer::normalize_header(s).as_str() {
        "l" | "lk" | "lakilaki" | "pria" | "m" | "male" => Ok(Sex::Male),
        "p" | "pr" | "perempuan" | "wanita" | "f" | "female" => Ok(Sex::Female),
        _ => Err(Reason::Choice(vec!["L", "P"])),
    }
}

/// A members file's row, before it is joined to its household.
struct MemberRow {
    line: usize,
    id: Option<String>,
    no_kk: String,
    input: MemberInput,
}

/// Households (and, from a second table, their members): each household's record, and
/// every problem. `today` dates NIK centuries and component ages.
pub fn households(
    table: &Table,
    members: Option<&Table>,
    today: NaiveDate,
) -> (Vec<HouseholdRecord>, Vec<Problem>) {
    let cells = Cells::new(table);
    let mut problems = broken(table);
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
        let rt = c.opt(Col::Rt, rt_rw).unwrap_or_default();
        let rw = c.opt(Col::Rw, rt_rw).unwrap_or_default();
        let area_code = c
            .opt(Col::AreaCode, |s| {
                parse_area_code(s).map(|(a, _)| a).map_err(Reason::AreaCode)
            })
            .unwrap_or_default();
        let desil = c.opt(Col::Desil, |s| parse_desil(s).map_err(Reason::Desil));
        let year_joined = c.opt(Col::YearJoined, |s| match number(s) {
            Ok(y) if (2007..=i64::from(today.year())).contains(&y) => Ok(y as i32),
            _ => Err(Reason::Year),
        });
        let programs = c
            .opt(Col::Programs, |s| {
                choices(s, &SocialProgram::ALL, SocialProgram::key)
            })
            .unwrap_or_default();
        let pas = c
            .opt(Col::Pas, |s| choices(s, &PasTag::ALL, PasTag::key))
            .unwrap_or_default();
        let business_desc = c.text(Col::Business);
        let has_business = c
            .opt(Col::HasBusiness, yes_no)
            .unwrap_or(!business_desc.is_empty());
        let business_income = c.opt(Col::Income, number);
        let status = c.opt(Col::Status, |s| {
            choice(s, &HouseholdStatus::ALL, HouseholdStatus::key)
        });
        let status_date = c.opt(Col::StatusDate, parse_date);
        let phone: String = c
            .text(Col::Phone)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
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
        let pengurus = MemberInput {
            id: None,
            nik: info.nik.to_string(),
            name,
            sex: info.sex,
            birth_date: Some(info.birth_date),
            relation: match info.sex {
                Sex::Female => Relation::Istri,
                Sex::Male => Relation::KepalaKeluarga,
            },
            component: None,
        };
        out.push(HouseholdRecord {
            line: row.line,
            id,
            input: HouseholdInput {
                id: None,
                expected_updated_at: None,
                no_kk,
                members: vec![pengurus],
                address: c.text(Col::Address),
                rt,
                rw,
                village,
                kecamatan: c.text(Col::Kecamatan),
                kabupaten: c.text(Col::Kabupaten),
                area_code,
                phone,
                desil,
                year_joined,
                programs,
                has_business,
                business_desc,
                business_income,
                pas,
            },
            members_given: false,
            member_ids: vec![None],
            status: status.map(|s| (s, status_date)),
        });
    }
    // Households refused for one of their members (indexes into `out`).
    let mut refused: std::collections::HashSet<usize> = Default::default();
    if let Some(mt) = members {
        let (rows, refused_members, mut mp) = member_rows(mt, today, &mut niks);
        problems.append(&mut mp);
        // A household with a refused member is refused too: saved without that member, its
        // stored member would be deleted.
        for (member_line, kk) in refused_members {
            if let Some(&i) = by_kk.get(&kk) {
                refused.insert(i);
                problems.push(Problem {
                    line: out[i].line,
                    column: cells.header(Col::NoKk),
                    value: kk,
                    reason: Reason::MemberRefused { member_line },
                });
            }
        }
        let mcells = Cells::new(mt);
        // Members join their household by No KK; the pengurus (the household's NIK) first.
        let mut grouped: HashMap<usize, Vec<MemberRow>> = HashMap::new();
        for m in rows {
            match by_kk.get(&m.no_kk) {
                Some(i) if refused.contains(i) => {}
                Some(&i) => grouped.entry(i).or_default().push(m),
                None if bad_kks.contains(&m.no_kk) => {}
                None => problems.push(Problem {
                    line: m.line,
                    column: mcells.header(Col::NoKk),
                    value: m.no_kk.clone(),
                    reason: Reason::NoHousehold,
                }),
            }
        }
        for (i, list) in grouped {
            let h = &mut out[i];
            let pengurus_nik = h.input.members[0].nik.clone();
            let mut members = Vec::new();
            let mut ids = Vec::new();
            let mut found = false;
            for m in list {
                if m.input.nik == pengurus_nik {
                    found = true;
                    // The households file names the pengurus; the members file the rest.
                    let mut p = m.input;
                    p.name = h.input.members[0].name.clone();
                    members.insert(0, p);
                    ids.insert(0, m.id);
                } else {
                    members.push(m.input);
                    ids.push(m.id);
                }
            }
            if !found {
                members.insert(0, h.input.members[0].clone());
                ids.insert(0, None);
            }
            h.input.members = members;
            h.member_ids = ids;
            h.members_given = true;
        }
    }
    // Component rules per household.
    let rules = ComponentRules::default();
    let mut keep = Vec::new();
    for (i, h) in out.into_iter().enumerate() {
        if refused.contains(&i) {
            continue;
        }
        let people: Vec<ComponentPerson> = h
            .input
            .members
            .iter()
            .map(|m| ComponentPerson {
                birth_date: m.birth_date,
                sex: m.sex,
                component: m.component,
            })
            .collect();
        let violations = check_household(&people, today, &rules);
        if violations.is_empty() {
            keep.push(h);
            continue;
        }
        let members: Vec<Member> = h
            .input
            .members
            .iter()
            .map(|m| Member {
                id: String::new(),
                nik: m.nik.clone(),
                name: m.name.clone(),
                sex: m.sex,
                birth_date: m.birth_date,
                relation: m.relation,
                component: m.component,
            })
            .collect();
        for violation in violations {
            problems.push(Problem {
                line: h.line,
                column: Col::Component.header().to_string(),
                value: String::new(),
                reason: Reason::Component {
                    violation,
                    members: members.clone(),
                },
            });
        }
    }
    problems.sort_by_key(|p| p.line);
    (keep, problems)
}

/// A members table's rows (NIKs unique across the whole import: `niks` holds each NIK's
/// first line and No KK), the line and No KK of every refused row, and the problems.
#[allow(clippy::type_complexity)]
fn member_rows(
    table: &Table,
    today: NaiveDate,
    niks: &mut HashMap<String, (usize, String)>,
) -> (Vec<MemberRow>, Vec<(usize, String)>, Vec<Problem>) {
    let cells = Cells::new(table);
    let mut problems = broken(table);
    problems.extend(cells.missing(&[Col::NoKk, Col::Nik, Col::Name]));
    let mut out = Vec::new();
    let mut refused = Vec::new();
    // Member NIKs seen in this table (the pengurus also appears in the households file).
    let mut own: HashMap<String, usize> = HashMap::new();
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
        let sex = c.opt(Col::Sex, sex);
        let birth = c.opt(Col::Birth, parse_date);
        let relation = c
            .opt(Col::Relation, |s| choice(s, &Relation::ALL, Relation::key))
            .unwrap_or(Relation::Lainnya);
        let component = c.opt(Col::Component, |s| {
            choice(s, &Component::ALL, Component::key)
        });
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
        own.insert(info.nik.to_string(), row.line);
        niks.entry(info.nik.to_string())
            .or_insert((row.line, no_kk.clone()));
        out.push(MemberRow {
            line: row.line,
            id,
            no_kk,
            input: MemberInput {
                id: None,
                nik: info.nik.to_string(),
                name,
                sex: sex.unwrap_or(info.sex),
                birth_date: Some(birth.unwrap_or(info.birth_date)),
                relation,
                component,
            },
        });
    }
    (out, refused, problems)
}

/// Checks each row of an activities, graduations or referrals file: the file's breakage
/// and missing required columns first, then every row through `check`, given its id
/// (unique in the file). A row that collected any problem gives no record.
fn each_record<T>(
    table: &Table,
    required: &[Col],
    mut check: impl FnMut(&mut RowCheck<'_, '_>, Option<String>) -> Option<T>,
) -> (Vec<T>, Vec<Problem>) {
    let cells = Cells::new(table);
    let mut problems = broken(table);
    problems.extend(cells.missing(required));
    let mut out = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut c = RowCheck {
            cells: &cells,
            row,
            problems: Vec::new(),
        };
        let id = c.unique_id(&mut ids);
        let record = check(&mut c, id);
        let failed = !c.problems.is_empty();
        problems.append(&mut c.problems);
        if let (Some(record), false) = (record, failed) {
            out.push(record);
        }
    }
    (out, problems)
}

/// Activities (one household, or a group with its participants and attendance).
pub fn activities(table: &Table) -> (Vec<ActivityRecord>, Vec<Problem>) {
    let required = [Col::ActivityKind, Col::Date, Col::Summary];
    each_record(table, &required, |c, id| {
        let household = c.household_ref();
        let participants = c
            .opt(Col::Participants, |s| {
                s.split_whitespace()
                    .map(|p| {
                        let (who, att) = p.split_once(':').unwrap_or((p, "1"));
                        match att {
                            "1" => Ok((who.to_string(), true)),
                            "0" => Ok((who.to_string(), false)),
                            _ => Err(Reason::Choice(vec!["NO_KK:1", "NO_KK:0"])),
                        }
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap_or_default();
        let kind = c.req(Col::ActivityKind, |s| {
            choice(s, &ActivityKind::ALL, ActivityKind::key)
        });
        let date = c.req(Col::Date, parse_date);
        let summary = c.required(Col::Summary);
        let follow_up = c.opt(Col::FollowUp, parse_date);
        let done = c.opt(Col::Done, yes_no).unwrap_or(false);
        let module = c.opt(Col::Module, |s| {
            choice(s, &P2k2Module::ALL, P2k2Module::key)
        });
        let session = c.opt(Col::Session, |s| match number(s) {
            Ok(n @ 1..=99) => Ok(n as u8),
            _ => Err(Reason::NotNumber),
        });
        let graduation_id = c.id(Col::GraduationId);
        let has_household = household.id.is_some() || household.no_kk.is_some();
        if !has_household && participants.is_empty() {
            c.fail(Col::NoKk, Reason::Required);
        }
        Some(ActivityRecord {
            line: c.row.line,
            id,
            household: has_household.then_some(household),
            participants,
            kind: kind?,
            date: date?,
            summary: summary?,
            detail: c.text(Col::Detail),
            follow_up,
            done,
            group_name: c.text(Col::Group),
            place: c.text(Col::Place),
            module,
            session,
            graduation_id,
        })
    })
}

fn need_household(c: &mut RowCheck<'_, '_>) -> HouseholdRef {
    let h = c.household_ref();
    if h.id.is_none() && h.no_kk.is_none() && c.text(Col::NoKk).is_empty() {
        c.fail(Col::NoKk, Reason::Required);
    }
    h
}

pub fn graduations(table: &Table) -> (Vec<GraduationRecord>, Vec<Problem>) {
    each_record(table, &[Col::ExitKind, Col::Date], |c, id| {
        let household = need_household(c);
        let kind = c.req(Col::ExitKind, |s| choice(s, &ExitKind::ALL, ExitKind::key));
        let date = c.req(Col::Date, parse_date);
        let undone = c.opt(Col::Undone, yes_no).unwrap_or(false);
        let evidence = c.text(Col::Evidence);
        if let Some(kind) = kind {
            // The form's rule: evidence keys, matched ignoring case and punctuation.
            let given: Vec<&str> = evidence
                .split([',', ';', '/', '|'])
                .filter_map(|part| {
                    let part = crate::transfer::normalize_header(part);
                    EVIDENCE
                        .into_iter()
                        .find(|k| crate::transfer::normalize_header(k) == part)
                })
                .collect();
            let missing = missing_evidence(kind, &given);
            if !missing.is_empty() {
                c.fail(Col::Evidence, Reason::MissingEvidence(missing));
            }
        }
        Some(GraduationRecord {
            line: c.row.line,
            id,
            household,
            kind: kind?,
            date: date?,
            reason: c.text(Col::Reason),
            evidence,
            undone,
        })
    })
}

pub fn referrals(table: &Table) -> (Vec<ReferralRecord>, Vec<Problem>) {
    each_record(table, &[Col::Program, Col::Date], |c, id| {
        let household = need_household(c);
        let program = c.req(Col::Program, |s| choice(s, &Program::ALL, Program::key));
        let date = c.req(Col::Date, parse_date);
        let status = c
            .opt(Col::Status, |s| {
                choice(s, &ReferralStatus::ALL, ReferralStatus::key)
            })
            .unwrap_or(ReferralStatus::Diusulkan);
        Some(ReferralRecord {
            line: c.row.line,
            id,
            household,
            program: program?,
            agency: c.text(Col::Agency),
            date: date?,
            status,
            notes: c.text(Col::Notes),
        })
    })
}
