//! Rows of text into records the store saves, every problem named with its line, column
//! and value. The whole file is checked before anything is written.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Broken, Col, Place, Table, unwrap_cell};
use pilar_core::domain::Sex;
use pilar_core::domain::activity::{ActivityKind, P2k2Module};
use pilar_core::domain::component::{
    Component, ComponentPerson, ComponentRules, ComponentViolation, check_household,
};
use pilar_core::domain::dates::{parse_birth_date, parse_written_date};
use pilar_core::domain::fields::{
    Desil, FieldError, Phone, PregnancyOrder, RtRw, Rupiah, YearJoined,
};
use pilar_core::domain::graduation::{
    EVIDENCE, ExitKind, HouseholdStatus, PasTag, Program, ReferralStatus, SocialProgram,
    missing_evidence,
};
use pilar_core::domain::household::{AreaCodeError, parse_area_code};
use pilar_core::domain::nik::{NikError, NikWarning, check_against, parse_nik, parse_no_kk};
use pilar_core::domain::pregnancy::Pregnancy;
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
    /// The sheet (or second file) the line is in, when an import reads more than one.
    pub place: Option<Place>,
    /// True for a line of the members table (its line numbers are that table's).
    pub in_members: bool,
}

impl Problem {
    /// A problem on `line` of the main table (no place named).
    pub fn at(line: usize, column: &str, value: &str, reason: Reason) -> Problem {
        Problem {
            line,
            column: column.to_string(),
            value: value.to_string(),
            reason,
            place: None,
            in_members: false,
        }
    }
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
    /// A birth date after today.
    BirthFuture,
    /// Not a refusal: the member's NIK says another sex or birth date than the row.
    NikDisagrees(NikWarning),
    /// A field rule ([`pilar_core::domain::fields`]): desil, year joined, RT/RW, an amount,
    /// a phone number, a pregnancy order; the same rules as the form's.
    Field(FieldError),
    AreaCode(AreaCodeError),
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
    /// The No KK or NIK is already registered to another household of the user's own
    /// caseload (its recipient's name).
    TakenBy(String),
    /// The No KK or NIK is already registered in another facilitator's caseload (not named).
    TakenElsewhere,
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

/// A household row, ready for the store. A column the file does not have leaves that
/// field as stored (`None` in [`HouseholdFields`], and in a member's fields); an empty cell
/// in a column it has clears the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRecord {
    pub line: usize,
    /// The id in the file (an export's), kept for a new household so files round-trip.
    pub id: Option<String>,
    pub no_kk: String,
    pub village: String,
    /// The pengurus first; with a members file, then the household's other members.
    pub members: Vec<FileMember>,
    pub fields: HouseholdFields,
    /// True when a members file listed this household's members (then they are all of
    /// them); otherwise the stored members stay and only the pengurus is set.
    pub members_given: bool,
    pub status: Option<(HouseholdStatus, Option<NaiveDate>)>,
    /// Members whose NIK disagrees with their sex or birth date: told, not refused.
    pub warnings: Vec<Problem>,
}

/// The household fields an import may leave out: `None` when the file has no such column
/// (the stored value stays), `Some` when it has (an empty cell: `Some("")`, `Some(None)`,
/// `Some(vec![])`, which clears the field).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HouseholdFields {
    pub address: Option<String>,
    pub rt: Option<String>,
    pub rw: Option<String>,
    pub kecamatan: Option<String>,
    pub kabupaten: Option<String>,
    pub area_code: Option<String>,
    pub phone: Option<String>,
    pub desil: Option<Option<u8>>,
    pub year_joined: Option<Option<i32>>,
    pub programs: Option<Vec<SocialProgram>>,
    pub has_business: Option<bool>,
    pub business_desc: Option<String>,
    pub business_income: Option<Option<i64>>,
    pub pas: Option<Vec<PasTag>>,
}

impl HouseholdFields {
    /// Writes the fields the file has onto `h` (the stored household, or a new empty one).
    pub fn apply(&self, h: &mut HouseholdInput) {
        fn set<T: Clone>(to: &mut T, from: &Option<T>) {
            if let Some(v) = from {
                *to = v.clone();
            }
        }
        set(&mut h.address, &self.address);
        set(&mut h.rt, &self.rt);
        set(&mut h.rw, &self.rw);
        set(&mut h.kecamatan, &self.kecamatan);
        set(&mut h.kabupaten, &self.kabupaten);
        set(&mut h.area_code, &self.area_code);
        set(&mut h.phone, &self.phone);
        set(&mut h.desil, &self.desil);
        set(&mut h.year_joined, &self.year_joined);
        set(&mut h.programs, &self.programs);
        set(&mut h.has_business, &self.has_business);
        set(&mut h.business_desc, &self.business_desc);
        set(&mut h.business_income, &self.business_income);
        set(&mut h.pas, &self.pas);
    }
}

/// A member as a file gives it. `None` for a column the file does not have: a stored member
/// keeps its own value, a new one takes what its NIK says (sex, birth date), `new_relation`
/// and no component. An empty sex or birth-date cell means "as the NIK says".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMember {
    /// The id in the file (an export's).
    pub id: Option<String>,
    pub nik: String,
    pub name: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub relation: Option<Relation>,
    pub component: Option<Option<Component>>,
    /// The pregnancy's order and expected or actual birth date (for `ibu_hamil`).
    pub pregnancy_order: Option<Option<u8>>,
    pub pregnancy_birth: Option<Option<NaiveDate>>,
    /// What the NIK says.
    pub nik_sex: Sex,
    pub nik_birth: NaiveDate,
    /// The relation of a new member without one.
    pub new_relation: Relation,
}

impl FileMember {
    /// The member to save: onto `stored` (the same person already stored) when there is
    /// one, else new.
    pub fn resolve(&self, stored: Option<&MemberInput>) -> MemberInput {
        match stored {
            Some(s) => MemberInput {
                id: s.id.clone(),
                nik: self.nik.clone(),
                name: self.name.clone(),
                sex: self.sex.unwrap_or(s.sex),
                birth_date: self.birth_date.or(s.birth_date),
                relation: self.relation.unwrap_or(s.relation),
                component: self.component.unwrap_or(s.component),
                pregnancy: Pregnancy {
                    order: self.pregnancy_order.unwrap_or(s.pregnancy.order),
                    birth: self.pregnancy_birth.unwrap_or(s.pregnancy.birth),
                },
            },
            None => MemberInput {
                id: None,
                nik: self.nik.clone(),
                name: self.name.clone(),
                sex: self.sex.unwrap_or(self.nik_sex),
                birth_date: Some(self.birth_date.unwrap_or(self.nik_birth)),
                relation: self.relation.unwrap_or(self.new_relation),
                component: self.component.flatten(),
                pregnancy: Pregnancy {
                    order: self.pregnancy_order.flatten(),
                    birth: self.pregnancy_birth.flatten(),
                },
            },
        }
    }
}

/// How a row names its household: by id, else No KK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRef {
    pub id: Option<String>,
    pub no_kk: Option<String>,
}

/// An activity row. `None` in an optional field: the file has no such column, and an
/// update by id leaves that field as stored (a new activity gets the empty value).
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
    pub detail: Option<String>,
    pub follow_up: Option<Option<NaiveDate>>,
    pub done: Option<bool>,
    pub group_name: Option<String>,
    pub place: Option<String>,
    pub module: Option<Option<P2k2Module>>,
    pub session: Option<Option<u8>>,
    pub graduation_id: Option<Option<String>>,
}

/// A graduation row (`None`: the file has no such column, as for activities).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraduationRecord {
    pub line: usize,
    pub id: Option<String>,
    pub household: HouseholdRef,
    pub kind: ExitKind,
    pub date: NaiveDate,
    pub reason: Option<String>,
    pub evidence: Option<String>,
    pub undone: Option<bool>,
}

/// A referral row (`None`: the file has no such column, as for activities).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRecord {
    pub line: usize,
    pub id: Option<String>,
    pub household: HouseholdRef,
    pub program: Program,
    pub agency: Option<String>,
    pub date: NaiveDate,
    pub status: Option<ReferralStatus>,
    pub notes: Option<String>,
}

/// Reads one table's cells by column.
struct Cells<'a> {
    table: &'a Table,
    index: HashMap<Col, usize>,
    /// True for a members table.
    members: bool,
}

impl<'a> Cells<'a> {
    fn new(table: &'a Table) -> Cells<'a> {
        let index = table
            .columns()
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (c, i)))
            .collect();
        Cells {
            table,
            index,
            members: false,
        }
    }

    fn of_members(table: &'a Table) -> Cells<'a> {
        Cells {
            members: true,
            ..Cells::new(table)
        }
    }

    /// A problem in this table.
    fn problem(&self, line: usize, column: String, value: String, reason: Reason) -> Problem {
        Problem {
            line,
            column,
            value,
            reason,
            place: self.table.place.clone(),
            in_members: self.members,
        }
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
            .map(|c| {
                self.problem(
                    1,
                    c.header().to_string(),
                    String::new(),
                    Reason::MissingColumn(c.header()),
                )
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
        let p = self.problem(c, reason);
        self.problems.push(p);
    }

    /// A problem of column `c` on this row.
    fn problem(&self, c: Col, reason: Reason) -> Problem {
        self.cells
            .problem(self.row.line, self.cells.header(c), self.text(c), reason)
    }

    /// A column the file may leave out: `None` without the column, else its value
    /// (`None` for an empty cell, or one refused with a problem).
    fn given<T>(
        &mut self,
        c: Col,
        parse: impl FnOnce(&str) -> Result<T, Reason>,
    ) -> Option<Option<T>> {
        self.cells.has(c).then(|| self.opt(c, parse))
    }

    /// RT and RW through [`RtRw::parse`] (None when refused, or neither column is there).
    fn rt_rw(&mut self) -> Option<RtRw> {
        if !self.cells.has(Col::Rt) && !self.cells.has(Col::Rw) {
            return None;
        }
        match RtRw::parse(&self.text(Col::Rt), &self.text(Col::Rw)) {
            Ok(v) => Some(v),
            Err(e) => {
                let col = if e == FieldError::Rw && self.cells.has(Col::Rw) {
                    Col::Rw
                } else {
                    Col::Rt
                };
                self.fail(col, Reason::Field(e));
                None
            }
        }
    }

    /// The text of a column the file may leave out.
    fn given_text(&self, c: Col) -> Option<String> {
        self.cells.has(c).then(|| self.text(c))
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

fn broken(cells: &Cells<'_>) -> Vec<Problem> {
    cells
        .table
        .broken
        .iter()
        .map(|(line, b)| {
            cells.problem(
                *line,
                String::new(),
                String::new(),
                Reason::Broken(b.clone()),
            )
        })
        .collect()
}

/// A date as spreadsheets and people write it: `2026-02-12` (also with a time after it),
/// `2026/02/12`, `12/02/2026`, `12-02-2026`, `12.02.2026`, `12/02/26`, and with the month's
/// name as the form takes it (`1 Juli 2016`, `12 Agu 2026`). The year is always written.
pub fn parse_date(s: &str) -> Result<NaiveDate, Reason> {
    let s = s.trim();
    // ISO with a time (`2026-02-12T10:00`, `2026-02-12 10:00:00`), or year first with slashes.
    let first = s.split(['T', ' ']).next().unwrap_or(s);
    if first.len() == 10 && first.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        for f in ["%Y-%m-%d", "%Y/%m/%d"] {
            if let Ok(d) = NaiveDate::parse_from_str(first, f) {
                return Ok(d);
            }
        }
    }
    parse_written_date(s)
        .or_else(|e| {
            // A day-first date with a time after it (`12/02/2026 10:00`).
            match s.split_once(' ') {
                Some((day, time)) if time.contains(':') => parse_written_date(day),
                _ => Err(e),
            }
        })
        .map_err(|_| Reason::Date)
}

/// A birth date: as [`parse_date`], a two-digit year is in the past (`12/3/85` is 1985),
/// and a date after `today` is refused.
fn parse_birth(s: &str, today: NaiveDate) -> Result<NaiveDate, Reason> {
    match parse_date(s)? {
        d if d <= today => Ok(d),
        // A two-digit year after today is the last century's.
        _ => parse_birth_date(s, today).map_err(|_| Reason::BirthFuture),
    }
}

fn number(s: &str) -> Result<i64, Reason> {
    Rupiah::parse(s).map(Rupiah::get).map_err(Reason::Field)
}

/// A field rule's parse, its refusal as a [`Reason`].
fn rule<T>(
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> impl FnOnce(&str) -> Result<T, Reason> {
    move |s| parse(s).map_err(Reason::Field)
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
        let fields = HouseholdFields {
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
    let people: Vec<ComponentPerson> = members
        .iter()
        .map(|m| ComponentPerson {
            birth_date: m.birth_date,
            sex: m.sex,
            component: m.component,
            pregnancy: m.pregnancy,
        })
        .collect();
    let violations = check_household(&people, today, rules);
    if violations.is_empty() {
        return Vec::new();
    }
    let named: Vec<Member> = members
        .iter()
        .map(|m| Member {
            id: String::new(),
            nik: m.nik.clone(),
            name: m.name.clone(),
            sex: m.sex,
            birth_date: m.birth_date,
            relation: m.relation,
            component: m.component,
            pregnancy: m.pregnancy,
        })
        .collect();
    violations
        .into_iter()
        .map(|violation| Reason::Component {
            violation,
            members: named.clone(),
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
                nik_sex: info.sex,
                nik_birth: info.birth_date,
                new_relation: Relation::Lainnya,
            },
            warnings,
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
    let mut problems = broken(&cells);
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
        let follow_up = c.given(Col::FollowUp, parse_date);
        let done = c.given(Col::Done, yes_no).map(|d| d.unwrap_or(false));
        let module = c.given(Col::Module, |s| {
            choice(s, &P2k2Module::ALL, P2k2Module::key)
        });
        let session = c.given(Col::Session, |s| match number(s) {
            Ok(n @ 1..=99) => Ok(n as u8),
            _ => Err(Reason::Field(FieldError::NotANumber)),
        });
        let graduation_id = c
            .cells
            .has(Col::GraduationId)
            .then(|| c.id(Col::GraduationId));
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
            detail: c.given_text(Col::Detail),
            follow_up,
            done,
            group_name: c.given_text(Col::Group),
            place: c.given_text(Col::Place),
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
        let undone = c.given(Col::Undone, yes_no).map(|u| u.unwrap_or(false));
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
            reason: c.given_text(Col::Reason),
            evidence: c.cells.has(Col::Evidence).then_some(evidence),
            undone,
        })
    })
}

pub fn referrals(table: &Table) -> (Vec<ReferralRecord>, Vec<Problem>) {
    each_record(table, &[Col::Program, Col::Date], |c, id| {
        let household = need_household(c);
        let program = c.req(Col::Program, |s| choice(s, &Program::ALL, Program::key));
        let date = c.req(Col::Date, parse_date);
        // A referral always has a status: an empty cell, like a missing column, keeps the
        // stored one (a new referral is proposed), as a household's empty status does.
        let status = c
            .given(Col::Status, |s| {
                choice(s, &ReferralStatus::ALL, ReferralStatus::key)
            })
            .flatten();
        Some(ReferralRecord {
            line: c.row.line,
            id,
            household,
            program: program?,
            agency: c.given_text(Col::Agency),
            date: date?,
            status,
            notes: c.given_text(Col::Notes),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_as_files_write_them() {
        for s in [
            "2026-02-12",
            "2026/02/12",
            "2026-02-12T10:00:00",
            "2026-02-12 10:00",
            "12/02/2026",
            "12-02-2026",
            "12.02.2026",
            "12/02/26",
            "12/02/2026 10:00",
            "12 Februari 2026",
            "12 feb 2026",
        ] {
            assert_eq!(parse_date(s), Ok(d(2026, 2, 12)), "{s}");
        }
        assert_eq!(parse_date("1 Juli 2016"), Ok(d(2016, 7, 1)));
        for s in ["kemarin", "t", "-3", "12/02", "12 feb", "2026-02-30", "x"] {
            assert_eq!(parse_date(s), Err(Reason::Date), "{s}");
        }
        let today = d(2026, 11, 29);
        assert_eq!(parse_birth("12/3/85", today), Ok(d(1985, 3, 12)));
        assert_eq!(parse_birth("12/3/20", today), Ok(d(2020, 3, 12)));
        assert_eq!(parse_birth("12/12/26", today), Ok(d(1926, 12, 12)));
        assert_eq!(parse_birth("12/12/2026", today), Err(Reason::BirthFuture));
        assert_eq!(parse_birth("kemarin", today), Err(Reason::Date));
    }
}
