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
use pilar_core::domain::life_event::LeftReason;
use pilar_core::domain::nik::{NikError, NikWarning, check_against, parse_nik, parse_no_kk};
use pilar_core::domain::pregnancy::Pregnancy;
use pilar_core::model::{HouseholdFields, Member, MemberInput, Relation};

mod households;
mod life;
mod month;
mod records;
mod signoff;
pub use households::{component_violations, households};
pub use life::{GroupRecord, LifeEventRecord, MemberRef, groups, life_events};
pub use month::{PaymentRecord, VerificationRecord, parse_month, payments, verifications};
pub use records::{activities, graduations, referrals};
pub use signoff::{SignOffRecord, signoffs};

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
        /// The household's members as the file gives them.
        members: Vec<MemberInput>,
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
    /// Not a month (`2026-03`).
    Month,
    /// Filled only when this column (its export header) holds that value: a payment's
    /// problem with `status` `tidak_diterima`, a verification's reason and notes with
    /// `hasil` `tidak_memenuhi`.
    OnlyWith(&'static str, &'static str),
    /// What `b` / `:bayar` refuses ([`pilar_core::domain::payment::check`]).
    Payment(pilar_core::domain::payment::PaymentRefusal),
    /// What the verification screen refuses for this member (its name).
    Verification {
        member: String,
        why: pilar_core::domain::verification::Refusal,
    },
    /// No member with this id in the user's caseload (a verification), or none of the
    /// row's household with this id, NIK or name (a life event).
    UnknownMember,
    /// The member is not of the household the row names.
    MemberNotInHousehold,
    /// The same household, year and tahap on an earlier line of the file.
    DuplicateTahap {
        first_line: usize,
    },
    /// The same member and month on an earlier line of the file.
    DuplicateMonth {
        first_line: usize,
    },
    // Life events and P2K2 groups (`life.rs`, found by the store):
    /// A life event's rule ([`pilar_core::domain::life_event::plan`]), as the form says it.
    LifeEvent(pilar_core::domain::life_event::Refusal),
    /// A birth whose child (its NIK) is already a member of the household.
    ChildExists,
    /// Not a refusal: the members as stored already show the event (a database rebuilt
    /// from households and members files), so it is recorded without changing them.
    EventShown,
    /// A group's name refused by the form's rule.
    GroupName(pilar_core::domain::groups::NameError),
    /// Another of the user's groups has this name.
    GroupNameTaken,
    /// The group id is another facilitator's (or a deleted) group.
    GroupNotYours,
    /// The household is already listed for a group on this earlier line of the file.
    FamilyTwice {
        first_line: usize,
    },
    /// Not a refusal: the household leaves group `from` for group `to`.
    GroupMoves {
        from: String,
        to: String,
    },
    // Sign-offs (`signoff.rs`):
    /// Not a time (`2026-03-01T08:00:00.000Z`, RFC 3339).
    Timestamp,
    /// Not a whole number of 0 or more.
    Number,
    /// The id is no supervisor among the file's workers.
    NotSupervisor,
    /// The id is no facilitator among the file's workers.
    NotFacilitator,
    /// A sign-off of another facilitator's records (a facilitator imports their own).
    SignOffOtherCaseload,
}

/// A household row, ready for the store. A column the file does not have leaves that
/// field as stored (`None` in [`FileFields`], and in a member's fields); an empty cell
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
    pub fields: FileFields,
    /// True when a members file listed this household's members (then they are all of
    /// them); otherwise the stored members stay and only the pengurus is set.
    pub members_given: bool,
    pub status: Option<(HouseholdStatus, Option<NaiveDate>)>,
    /// Members whose NIK disagrees with their sex or birth date: told, not refused.
    pub warnings: Vec<Problem>,
}

/// The household's fields ([`HouseholdFields`]) as a file gives them, those an import may
/// leave out: `None` when the file has no such column (the stored value stays), `Some`
/// when it has (an empty cell: `Some("")`, `Some(None)`, `Some(vec![])`, which clears the
/// field). No KK and village are required, so always given ([`HouseholdRecord`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFields {
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

impl FileFields {
    /// Writes the fields the file has onto `h` (the stored household's, or a new one's).
    pub fn apply(&self, h: &mut HouseholdFields) {
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
    /// The day the member left and why (`None`: the file does not say; `Some(None)`: has
    /// not left). A member who left has no component.
    pub left: Option<Option<(NaiveDate, LeftReason)>>,
    /// What the NIK says.
    pub nik_sex: Sex,
    pub nik_birth: NaiveDate,
    /// The relation of a new member without one.
    pub new_relation: Relation,
}

impl FileMember {
    /// The file says this member left the household.
    pub fn has_left(&self) -> bool {
        matches!(self.left, Some(Some(_)))
    }

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
                component: if self.has_left() {
                    None
                } else {
                    self.component.unwrap_or(s.component)
                },
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
                component: self.component.flatten().filter(|_| !self.has_left()),
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
