//! The demo caseload: a deterministic synthetic database (same seed and same day give the
//! same data) that looks like a real facilitator's work in Kabupaten Kendal: valid NIKs that
//! agree with each member's birth date and sex, components that obey the rules, 18 months
//! of visits and P2K2 sessions, overdue follow-ups, and this year's graduations and exits.
//! Names (by the generation a person was born in), villages (with Kemendagri's codes) and
//! businesses come from lists in `assets/demo/`.
//!
//! Families are plausible (`tests/integration/demo.rs` states each rule over the data): a
//! mother is 17-45 at each birth; the pengurus is the mother, or a father only where no
//! woman of 17 or more lives in the family, and was an adult when the family joined PKH;
//! a grandparent is 30 or more years older than the pengurus; a family without a component
//! is a candidate for graduasi alamiah (or has graduated so); business incomes fit desil
//! 1-4 (below the UMK, the few above it candidates); a sejahtera mandiri graduation's reason
//! agrees with the income; PPSE, not PENA, from 2025; P2K2 sessions numbered as the
//! ministry does; overdue follow-ups are recent; a few families re-ranked above desil 4.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

use crate::store::{
    ActivityRecord, BulkWriter, GraduationRecord, HouseholdRecord, MemberRecord, OpenMode,
    ReferralRecord, Result, Store,
};
use pilar_core::domain::Sex;
use pilar_core::domain::activity::{ActivityKind, P2k2Module};
use pilar_core::domain::component::{Component, ComponentRules, cap, suggested_by_age};
use pilar_core::domain::graduation::{ExitKind, HouseholdStatus, PasTag, Program, ReferralStatus};
use pilar_core::domain::nik::{compose_nik, compose_no_kk};
use pilar_core::domain::pregnancy::Pregnancy;
use pilar_core::model::Relation;

const NAMES: &str = include_str!("../../../assets/demo/names.csv");
const BUSINESSES: &str = include_str!("../../../assets/demo/businesses.txt");
const VILLAGES: &str = include_str!("../../../assets/demo/villages.csv");

/// UMK Kabupaten Kendal 2025 (SK Gubernur Jawa Tengah 561/45/2024), Rupiah a month: the
/// line between a desil 1-4 family's business income and a candidate's.
pub const UMK_KENDAL_2025: i64 = 2_783_455;

/// Above this many households (a district or province copy, used to test speed) each
/// household gets a lighter history: 1-2 individual activities instead of 2-8 and one
/// month of P2K2 sessions instead of 18, so a million households stay under a minute and
/// about 3 GB.
const FULL_HISTORY_MAX: u64 = 50_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    pub households: u64,
    pub workers: u64,
    pub seed: u64,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub households: u64,
    pub members: u64,
    pub activities: u64,
    pub workers: u64,
    pub default_user: String,
}

/// SplitMix64: tiny, fast and stable across versions, so a seed always gives the same data.
/// It also hands out the demo's ids (see [`Rng::id`]).
struct Rng {
    state: u64,
    /// Timestamp part of the last id handed out, in Unix milliseconds.
    last_ms: u64,
}

impl Rng {
    /// Ids start counting at midnight of `start`.
    fn new(seed: u64, start: NaiveDate) -> Rng {
        let last_ms = start
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
            .unwrap_or(0)
            .max(0) as u64;
        Rng {
            state: seed,
            last_ms,
        }
    }

    /// A deterministic UUIDv7. The timestamp part counts up from the start of the history
    /// one millisecond per record, so ids ascend in insert order (cheap appends to every
    /// primary key) while staying valid, unique version-7 UUIDs.
    fn id(&mut self) -> String {
        self.last_ms += 1;
        let random = self.bytes10();
        uuid::Builder::from_unix_timestamp_millis(self.last_ms, &random)
            .into_uuid()
            .to_string()
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `per_mille`/1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn bytes10(&mut self) -> [u8; 10] {
        let a = self.next().to_le_bytes();
        let b = self.next().to_le_bytes();
        [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1]]
    }
}

struct Village {
    kecamatan_code: u8,
    kecamatan: String,
    area_code: String,
    name: String,
}

/// The names of one generation (people born `from..=to`): first names and second names by
/// sex, from `assets/demo/names.csv`.
#[derive(Default)]
struct Generation {
    from: i32,
    to: i32,
    female_first: Vec<&'static str>,
    female_second: Vec<&'static str>,
    male_first: Vec<&'static str>,
    male_second: Vec<&'static str>,
}

struct Lists {
    generations: Vec<Generation>,
    businesses: Vec<&'static str>,
    villages: Vec<Village>,
}

/// `names.csv`: `generasi;jenis_kelamin;bagian;nama`, the generation a range of birth years
/// (`-1974`, `1975-2004`, `2005-`), the part `depan` (first) or `belakang` (second).
fn generations() -> Vec<Generation> {
    let mut out: Vec<Generation> = Vec::new();
    for line in NAMES.lines().skip(1) {
        let f: Vec<&'static str> = line.trim().split(';').map(str::trim).collect();
        let [years, sex, part, name] = f[..] else {
            continue;
        };
        let Some((from, to)) = years.split_once('-') else {
            continue;
        };
        let from = from.parse().unwrap_or(i32::MIN);
        let to = to.parse().unwrap_or(i32::MAX);
        let i = match out.iter().position(|g| g.from == from && g.to == to) {
            Some(i) => i,
            None => {
                out.push(Generation {
                    from,
                    to,
                    ..Generation::default()
                });
                out.len() - 1
            }
        };
        let g = &mut out[i];
        match (sex, part) {
            ("P", "depan") => g.female_first.push(name),
            ("P", _) => g.female_second.push(name),
            (_, "depan") => g.male_first.push(name),
            _ => g.male_second.push(name),
        }
    }
    out.sort_by_key(|g| g.from);
    out
}

fn lines(s: &'static str) -> Vec<&'static str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

impl Lists {
    fn load() -> Lists {
        let villages = VILLAGES
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.trim().split(';').collect();
                if f.len() != 4 {
                    return None;
                }
                Some(Village {
                    kecamatan_code: f[0].get(4..6)?.parse().ok()?,
                    kecamatan: f[1].to_string(),
                    area_code: f[2].to_string(),
                    name: f[3].to_string(),
                })
            })
            .collect();
        Lists {
            generations: generations(),
            businesses: lines(BUSINESSES),
            villages,
        }
    }

    /// The names of people born in `year` (the nearest generation outside the lists).
    fn generation(&self, year: i32) -> &Generation {
        self.generations
            .iter()
            .find(|g| year <= g.to)
            .or(self.generations.last())
            .expect("assets/demo/names.csv lists names")
    }

    /// A name for someone born in `year`, from their generation's list: a first name none
    /// of `taken` (the family's, which it joins) carries, and usually a second name that is
    /// not the same word.
    fn name(&self, rng: &mut Rng, sex: Sex, year: i32, taken: &mut Vec<&'static str>) -> String {
        let g = self.generation(year);
        let (first, second) = match sex {
            Sex::Female => (&g.female_first, &g.female_second),
            Sex::Male => (&g.male_first, &g.male_second),
        };
        let mut f = *rng.pick(first);
        for _ in 0..6 {
            if !taken.contains(&f) {
                break;
            }
            f = *rng.pick(first);
        }
        if taken.contains(&f) {
            f = first
                .iter()
                .copied()
                .find(|n| !taken.contains(n))
                .unwrap_or(f);
        }
        taken.push(f);
        // Older people more often go by one name.
        let single = if g.to < 1975 { 350 } else { 150 };
        if rng.chance(single) {
            return f.to_string();
        }
        let s = *rng.pick(second);
        if s == f {
            f.to_string()
        } else {
            format!("{f} {s}")
        }
    }
}

fn stamp(date: NaiveDate) -> String {
    let mut s = String::with_capacity(24);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02}T08:00:00.000Z",
        date.year(),
        date.month(),
        date.day()
    );
    s
}

/// Unique NIK/No KK serials per (kecamatan, date, sex).
#[derive(Default)]
struct Serials(HashMap<(u8, NaiveDate, u8), u16>);

impl Serials {
    fn next(&mut self, kec: u8, date: NaiveDate, kind: u8) -> u16 {
        let n = self.0.entry((kec, date, kind)).or_insert(0);
        *n += 1;
        *n
    }
}

struct Person {
    name: String,
    sex: Sex,
    birth: NaiveDate,
    relation: Relation,
    component: Option<Component>,
    pregnancy: Pregnancy,
}

fn birth(rng: &mut Rng, today: NaiveDate, age: i64) -> NaiveDate {
    today - Duration::days(age * 365 + rng.range(0, 364))
}

/// Writes a demo database to `path` (which must not exist) and returns what it holds.
pub fn generate(path: &Path, cfg: &DemoConfig) -> Result<DemoSummary> {
    generate_with(path, cfg, &mut |_, _| {})
}

/// [`generate`], reporting the households written against their number.
pub fn generate_with(
    path: &Path,
    cfg: &DemoConfig,
    progress: crate::store::Progress<'_>,
) -> Result<DemoSummary> {
    let mut store = Store::open_with(path, OpenMode::FreshBulk)?;
    let lists = Lists::load();
    let mut summary = DemoSummary {
        households: 0,
        members: 0,
        activities: 0,
        workers: cfg.workers,
        default_user: String::new(),
    };
    store.bulk_load(|w| write_all(w, cfg, &lists, &mut summary, progress))?;
    Ok(summary)
}

fn write_all(
    w: &mut BulkWriter<'_>,
    cfg: &DemoConfig,
    lists: &Lists,
    summary: &mut DemoSummary,
    progress: crate::store::Progress<'_>,
) -> Result<()> {
    let today = cfg.today;
    let total = usize::try_from(cfg.households).unwrap_or(usize::MAX);
    let mut written = 0;
    let start = today - Duration::days(548);
    let mut rng = Rng::new(cfg.seed ^ 0x5049_4C41_5200_0000, start);
    let rules = ComponentRules::default();
    let mut serials = Serials::default();

    // Workers: one facilitator, or a supervisor over W facilitators.
    let created = stamp(start);
    let mut supervisor_id = None;
    if cfg.workers > 1 {
        let id = rng.id();
        w.worker(
            &id,
            "Bambang Wicaksono",
            "korkab",
            "supervisor",
            0,
            None,
            &created,
            &id,
        )?;
        summary.default_user = "korkab".into();
        supervisor_id = Some(id);
    }
    let mut workers = Vec::new();
    for i in 0..cfg.workers {
        let id = rng.id();
        let (name, login) = if i == 0 {
            ("Siti Rahayu".to_string(), "siti".to_string())
        } else {
            let sex = if rng.chance(600) {
                Sex::Female
            } else {
                Sex::Male
            };
            // Facilitators are adults of today's working age.
            let name = lists.name(&mut rng, sex, 1988, &mut Vec::new());
            (name, format!("p{:04}", i + 1))
        };
        let author = supervisor_id.clone().unwrap_or_else(|| id.clone());
        w.worker(
            &id,
            &name,
            &login,
            "facilitator",
            10,
            supervisor_id.as_deref(),
            &created,
            &author,
        )?;
        if cfg.workers == 1 {
            summary.default_user = login.clone();
        }
        workers.push(id);
    }
    w.meta("demo", "1")?;
    w.meta("demo_seed", &cfg.seed.to_string())?;
    w.meta("default_user", &summary.default_user)?;

    let p2k2_months: i64 = if cfg.households > FULL_HISTORY_MAX {
        1
    } else {
        18
    };
    let per_worker = cfg.households / cfg.workers;
    let extra = cfg.households % cfg.workers;
    let nv = lists.villages.len();
    for (wi, worker_id) in workers.iter().enumerate() {
        let count = per_worker + u64::from((wi as u64) < extra);
        // Each facilitator covers two neighbouring villages; the first one covers
        // Curugsewu and Pagersari (Kecamatan Patean).
        let villages = [
            &lists.villages[(wi * 2) % nv],
            &lists.villages[(wi * 2 + 1) % nv],
        ];
        let mut ids: Vec<(String, usize)> = Vec::with_capacity(count as usize);
        // Graduations this year: part-way towards the target of 10.
        let elapsed = i64::from(today.ordinal());
        let year_len = 365;
        let mut quotas = Quotas {
            graduations: (10 * elapsed / year_len * rng.range(45, 80) / 100) as u64,
            // Every caseload of a hundred or more shows one family that resigned.
            mandiri: rng.below(2).max(u64::from(count >= 100)),
            alamiah: rng.range(1, 3) as u64,
            desil_exits: 1 + u64::from(count > 200 && rng.chance(500)),
            commitment_exits: u64::from(rng.chance(400)),
            exits: rng.range(0, 2) as u64,
            // About 1 in 125 active families re-ranked above desil 4, at least one each.
            reranked: count.div_ceil(125),
            candidates: rng.range(4, 9) as u64,
        };
        for hi in 0..count {
            written += 1;
            progress(written, total);
            let vi = (hi % 2) as usize;
            let v = villages[vi];
            let id = household(
                w,
                &mut rng,
                &mut serials,
                lists,
                &rules,
                cfg,
                worker_id,
                v,
                count - hi,
                start,
                &mut quotas,
                summary,
            )?;
            ids.push((id, vi));
        }
        p2k2(
            w,
            &mut rng,
            cfg,
            worker_id,
            villages,
            &ids,
            p2k2_months,
            summary,
        )?;
    }
    summary.households = cfg.households;
    Ok(())
}

/// What is left to hand out in one facilitator's caseload: this year's graduations and
/// exits by kind, families re-ranked above desil 4, graduation candidates.
struct Quotas {
    graduations: u64,
    mandiri: u64,
    alamiah: u64,
    desil_exits: u64,
    commitment_exits: u64,
    exits: u64,
    reranked: u64,
    candidates: u64,
}

/// Draws a family: the pengurus first (usually the mother; a father raising children alone
/// when there is no woman of 17 or more), then her husband, the children, sometimes a
/// grandparent. Ages are drawn from the pengurus's: a mother is 17-45 at each birth, a
/// grandparent at least 31 years older than the pengurus and 19 than the head.
fn family(rng: &mut Rng, lists: &Lists, today: NaiveDate) -> Vec<Person> {
    let mut people = Vec::new();
    let mut taken = Vec::new();
    let mut person = |rng: &mut Rng, sex: Sex, age: i64, relation: Relation| {
        let born = birth(rng, today, age);
        Person {
            name: lists.name(rng, sex, born.year(), &mut taken),
            sex,
            birth: born,
            relation,
            component: None,
            pregnancy: Pregnancy::default(),
        }
    };
    let sex = |rng: &mut Rng, female: u64| {
        if rng.chance(female) {
            Sex::Female
        } else {
            Sex::Male
        }
    };
    let single_father = rng.chance(50);
    let (pengurus_age, head_age, children, youngest_parent) = if single_father {
        let age = rng.range(28, 60);
        people.push(person(rng, Sex::Male, age, Relation::KepalaKeluarga));
        (age, age, rng.range(1, 3), age - 2)
    } else {
        let age = rng.range(22, 62);
        let married = rng.chance(760);
        let relation = if married {
            Relation::Istri
        } else {
            Relation::KepalaKeluarga
        };
        people.push(person(rng, Sex::Female, age, relation));
        let mut head = age;
        if married {
            head = age + rng.range(0, 8);
            people.push(person(rng, Sex::Male, head, Relation::KepalaKeluarga));
        }
        let children = if age > 55 {
            rng.range(0, 2)
        } else {
            rng.range(1, 4)
        };
        (age, head, children, age)
    };
    // The mother was 18 to 44 (a year either way for the days of the year).
    let (lo, hi) = (
        (youngest_parent - 44).max(0),
        (youngest_parent - 18).min(24),
    );
    for _ in 0..children {
        if lo > hi {
            break;
        }
        let mut sex = sex(rng, 500);
        let mut age = rng.range(lo, hi);
        // A father is pengurus only where no woman of 17 or more lives: his daughters are
        // younger.
        if single_father && sex == Sex::Female && age > 16 {
            if lo <= 16 {
                age = rng.range(lo, 16);
            } else {
                sex = Sex::Male;
            }
        }
        people.push(person(rng, sex, age, Relation::Anak));
    }
    if rng.chance(180) {
        let youngest = (pengurus_age + 31).max(head_age + 19);
        if youngest <= 92 {
            let age = rng.range(youngest, (youngest + 8).min(95));
            let sex = if single_father {
                Sex::Male
            } else {
                sex(rng, 650)
            };
            people.push(person(rng, sex, age, Relation::OrangTua));
        }
    }
    people
}

/// Components by age, within the caps and the per-family maximum. A pregnancy is a
/// mother's first or second (she has at most one child). Returns how many were given.
fn components(
    rng: &mut Rng,
    people: &mut [Person],
    rules: &ComponentRules,
    today: NaiveDate,
) -> usize {
    let mut assigned = 0usize;
    let mut per: HashMap<Component, usize> = HashMap::new();
    let children = people
        .iter()
        .filter(|p| p.relation == Relation::Anak)
        .count();
    let mother = &people[0];
    let pregnant = mother.sex == Sex::Female
        && pilar_core::domain::age_on(mother.birth, today) <= 40
        && children <= 1
        && rng.chance(90);
    for (i, p) in people.iter_mut().enumerate() {
        let age = pilar_core::domain::age_on(p.birth, today);
        let mut c = suggested_by_age(age, rules);
        if i == 0 && pregnant {
            c = Some(Component::IbuHamil);
        }
        if c.is_none() && rng.chance(25) {
            c = Some(Component::DisabilitasBerat);
        }
        if let Some(comp) = c {
            let n = per.get(&comp).copied().unwrap_or(0);
            if assigned < rules.max_persons && cap(comp).is_none_or(|m| n < m) {
                if comp == Component::IbuHamil {
                    p.pregnancy = demo_pregnancy(p.birth, children, today);
                }
                p.component = Some(comp);
                assigned += 1;
                per.insert(comp, n + 1);
            }
        }
    }
    assigned
}

/// A demo mother's pregnancy: her first or second (one more than her children), due
/// between 30 days ago (she is in her nifas) and about eight months ahead. Derived from her
/// birth date, not drawn, so the rest of the demo stays as it was.
fn demo_pregnancy(mother_birth: NaiveDate, children: usize, today: NaiveDate) -> Pregnancy {
    let offset = i64::from(mother_birth.ordinal() * 7 % 270) - 30;
    Pregnancy {
        order: Some(children as u8 + 1),
        birth: Some(today + Duration::days(offset)),
    }
}

/// A business's monthly income for a family of `desil` (1-4): below the UMK, more so in
/// lower desil; in desil 3-4 one in ten earns above it (such a family is a candidate).
fn income(rng: &mut Rng, desil: u8) -> i64 {
    if desil >= 3 && rng.chance(100) {
        return rng.range(28, 42) * 100_000;
    }
    let (lo, hi) = match desil {
        1 => (5, 15),
        2 => (7, 20),
        3 => (9, 24),
        _ => (10, 27),
    };
    rng.range(lo, hi) * 100_000
}

#[allow(clippy::too_many_arguments)]
fn household(
    w: &mut BulkWriter<'_>,
    rng: &mut Rng,
    serials: &mut Serials,
    lists: &Lists,
    rules: &ComponentRules,
    cfg: &DemoConfig,
    worker_id: &str,
    v: &Village,
    remaining: u64,
    start: NaiveDate,
    quotas: &mut Quotas,
    summary: &mut DemoSummary,
) -> Result<String> {
    let today = cfg.today;
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    // Families on PKH have a component; one drawn without is drawn again once, and the
    // rare one left is a candidate for graduasi alamiah (or has graduated so).
    let mut people = family(rng, lists, today);
    let mut assigned = components(rng, &mut people, rules, today);
    if assigned == 0 {
        people = family(rng, lists, today);
        assigned = components(rng, &mut people, rules, today);
    }
    let female_head = people[0].sex == Sex::Female;
    let husband = people
        .iter()
        .any(|p| p.relation == Relation::KepalaKeluarga && p.sex == Sex::Male && female_head);

    // Joined PKH (from 2008) when the pengurus was at least 18.
    let adult = people[0].birth.year() + 18;
    let joined_year = rng.range(i64::from(adult.max(2008)), i64::from(today.year()) - 1) as i32;
    let joined = NaiveDate::from_ymd_opt(joined_year, rng.range(1, 12) as u32, 1).unwrap_or(start);
    let hh_id = rng.id();
    let created = stamp(joined);
    let kec = v.kecamatan_code;
    // The family card is issued again at each birth: not before the youngest member's.
    let youngest = people.iter().map(|p| p.birth).max().unwrap_or(joined);
    let kk_issued = NaiveDate::from_ymd_opt(
        rng.range(2005, 2023) as i32,
        rng.range(1, 12) as u32,
        rng.range(1, 28) as u32,
    )
    .unwrap_or(joined)
    .max(youngest + Duration::days(rng.range(14, 60)))
    .min(today);
    let no_kk = compose_no_kk(33, 24, kec, kk_issued, serials.next(kec, kk_issued, 2));
    let niks: Vec<String> = people
        .iter()
        .map(|p| {
            let s = if p.sex == Sex::Female { 1 } else { 0 };
            compose_nik(33, 24, kec, p.birth, p.sex, serials.next(kec, p.birth, s))
                .as_str()
                .to_string()
        })
        .collect();

    // Business: about a quarter; more likely among the long-term families.
    let has_business = rng.chance(if joined_year < 2018 { 300 } else { 220 });
    let business_desc = if has_business {
        *rng.pick(&lists.businesses)
    } else {
        ""
    };
    let mut desil: u8 = match rng.below(10) {
        0..=2 => 1,
        3..=5 => 2,
        6..=7 => 3,
        _ => 4,
    };
    let mut programs = String::from("pkh");
    if rng.chance(820) {
        programs.push_str(",bpnt");
    }
    if rng.chance(900) {
        programs.push_str(",pbi_jk");
    }
    let mut pas = vec![PasTag::FakirMiskin.key()];
    if rng.chance(300) {
        pas = vec![PasTag::BerpendapatanRendah.key()];
    }
    if people
        .iter()
        .any(|p| p.component == Some(Component::Lansia))
        && rng.chance(300)
    {
        pas.push(PasTag::LansiaTelantar.key());
    }
    if people
        .iter()
        .any(|p| p.component == Some(Component::DisabilitasBerat))
    {
        pas.push(PasTag::Disabilitas.key());
    }
    if female_head && people[0].relation == Relation::KepalaKeluarga && rng.chance(400) {
        pas.push(PasTag::PerempuanRentan.key());
    }
    if rng.chance(50) {
        pas.push(PasTag::AnakRentan.key());
    }

    // Status, and exits this year, spread over the caseload.
    let take = |left: &mut u64, rng: &mut Rng| -> bool {
        if *left > 0 && rng.below(remaining) < *left * 2 {
            *left -= 1;
            true
        } else {
            false
        }
    };
    let days_this_year = (today - year_start).num_days().max(1);
    let this_year = |rng: &mut Rng| year_start + Duration::days(rng.range(0, days_this_year - 1));
    let mut exit: Option<(ExitKind, NaiveDate)> = None;
    let mut status = HouseholdStatus::Aktif;
    // Why an active family is flagged, written in its log: (kind, date, summary).
    let mut flag: Option<(ActivityKind, NaiveDate, String)> = None;
    let on_pkh = i64::from(today.year()) - i64::from(joined_year);
    if has_business && on_pkh >= 3 && take(&mut quotas.graduations, rng) {
        exit = Some((ExitKind::SejahteraMandiri, this_year(rng)));
        desil = rng.range(3, 4) as u8;
    } else if take(&mut quotas.mandiri, rng) {
        exit = Some((ExitKind::Mandiri, this_year(rng)));
    } else if assigned == 0 && quotas.alamiah > 0 {
        quotas.alamiah -= 1;
        exit = Some((ExitKind::Alamiah, this_year(rng)));
    } else if assigned == 0 {
        status = HouseholdStatus::CalonGraduasi;
        flag = Some((
            ActivityKind::AsesmenGraduasi,
            today - Duration::days(rng.range(5, 90)),
            "Asesmen graduasi: tidak ada komponen yang memenuhi syarat, diusulkan graduasi alamiah"
                .to_string(),
        ));
    } else if take(&mut quotas.desil_exits, rng) {
        desil = rng.range(5, 7) as u8;
        exit = Some((ExitKind::DesilNaik, this_year(rng)));
    } else if take(&mut quotas.commitment_exits, rng) {
        exit = Some((ExitKind::TidakMemenuhiKomitmen, this_year(rng)));
    } else if take(&mut quotas.exits, rng) {
        let k = *rng.pick(&[ExitKind::Pindah, ExitKind::Meninggal, ExitKind::TidakLayak]);
        exit = Some((k, this_year(rng)));
    } else if take(&mut quotas.reranked, rng) {
        // DTSEN's last re-ranking moved the family above desil 4: flagged, not yet exited.
        desil = rng.range(5, 6) as u8;
        flag = Some((
            ActivityKind::Pemutakhiran,
            today - Duration::days(rng.range(5, 60)),
            format!("Pemutakhiran DTSEN: desil naik ke {desil}, diusulkan keluar dari PKH"),
        ));
        if rng.chance(500) {
            status = HouseholdStatus::CalonGraduasi;
        }
    } else if (has_business || joined_year < 2019) && take(&mut quotas.candidates, rng) {
        status = HouseholdStatus::CalonGraduasi;
    }
    // Income: a sejahtera mandiri family's has mostly risen above the UMK; the others'
    // fit their desil, and the few above the UMK are candidates.
    let sm_above_umk = rng.chance(700);
    let business_income = has_business.then(|| match exit {
        Some((ExitKind::SejahteraMandiri, _)) if sm_above_umk => rng.range(28, 45) * 100_000,
        Some((ExitKind::SejahteraMandiri, _)) => rng.range(18, 27) * 100_000,
        _ => income(rng, desil.min(4)),
    });
    if exit.is_none()
        && status == HouseholdStatus::Aktif
        && business_income.is_some_and(|i| i >= UMK_KENDAL_2025)
    {
        status = HouseholdStatus::CalonGraduasi;
    }
    let mut status_date = None;
    if let Some((k, d)) = exit {
        status = k.resulting_status();
        status_date = Some(d);
    } else if status == HouseholdStatus::CalonGraduasi {
        status_date = Some(
            flag.as_ref()
                .map_or_else(|| today - Duration::days(rng.range(5, 90)), |f| f.1),
        );
    }

    // Activity history: home visits and other work over 18 months. Collected first so the
    // household row (a parent) is written before them.
    let history_end = status_date.filter(|_| exit.is_some()).unwrap_or(today);
    let n_acts = if cfg.households > FULL_HISTORY_MAX {
        rng.range(1, 2)
    } else {
        rng.range(2, 8)
    };
    let mut last_visit: Option<NaiveDate> = None;
    let mut next_follow_up: Option<NaiveDate> = None;
    let span = (history_end - start).num_days().max(1);
    let village = &v.name;
    let mut acts: Vec<(ActivityKind, NaiveDate, String, Option<NaiveDate>, bool)> = Vec::new();
    for _ in 0..n_acts {
        let date = start + Duration::days(rng.range(0, span));
        let kind = match rng.below(100) {
            0..=57 => ActivityKind::Kunjungan,
            58..=71 => ActivityKind::Verifikasi,
            72..=79 => ActivityKind::Pemutakhiran,
            80..=84 => ActivityKind::Penyaluran,
            85..=88 => ActivityKind::Kasus,
            89..=91 => ActivityKind::Rujukan,
            92..=95 => ActivityKind::Koordinasi,
            _ => ActivityKind::Catatan,
        };
        let summary_text = activity_summary(rng, kind, village);
        let mut follow_up = None;
        let mut done = false;
        if rng.chance(200) {
            let f = date + Duration::days(rng.range(7, 45));
            follow_up = Some(f);
            // An active facilitator closes follow-ups: those more than two months past are
            // done, recent ones often still open.
            done = if f < today - Duration::days(60) {
                true
            } else {
                f < today && rng.chance(500)
            };
            if !done && exit.is_none() {
                next_follow_up = Some(next_follow_up.map_or(f, |n: NaiveDate| n.min(f)));
            }
        }
        if kind.is_visit() {
            last_visit = Some(last_visit.map_or(date, |l: NaiveDate| l.max(date)));
        }
        acts.push((kind, date, summary_text, follow_up, done));
    }
    if let Some((kind, date, text)) = flag {
        if kind.is_visit() {
            last_visit = Some(last_visit.map_or(date, |l: NaiveDate| l.max(date)));
        }
        acts.push((kind, date, text, None, false));
    }
    if let Some((kind, date)) = exit {
        let (act_kind, summary_text) = match kind {
            ExitKind::SejahteraMandiri => (
                ActivityKind::AsesmenGraduasi,
                "Asesmen graduasi: usaha stabil, siap mandiri".to_string(),
            ),
            ExitKind::Mandiri => (
                ActivityKind::AsesmenGraduasi,
                "Keluarga mengundurkan diri dari PKH".to_string(),
            ),
            ExitKind::Alamiah => (
                ActivityKind::AsesmenGraduasi,
                "Asesmen graduasi: tidak ada komponen tersisa, graduasi alamiah".to_string(),
            ),
            ExitKind::DesilNaik => (
                ActivityKind::Pemutakhiran,
                format!("Pemutakhiran DTSEN: desil naik ke {desil}"),
            ),
            ExitKind::TidakMemenuhiKomitmen => (
                ActivityKind::Verifikasi,
                "Verifikasi komitmen: tidak hadir P2K2 dan posyandu tiga bulan berturut-turut"
                    .to_string(),
            ),
            _ => (
                ActivityKind::Pemutakhiran,
                "Pemutakhiran data sebelum keluar".to_string(),
            ),
        };
        let ad = date - Duration::days(rng.range(7, 30)).min(date - start);
        if act_kind.is_visit() {
            last_visit = Some(last_visit.map_or(ad, |l: NaiveDate| l.max(ad)));
        }
        acts.push((act_kind, ad, summary_text, None, false));
    }

    let mut component_count = 0;
    for p in &people {
        component_count += u32::from(p.component.is_some());
    }
    let rt = format!("{:03}", rng.range(1, 8));
    let rw = format!("{:03}", rng.range(1, 4));
    let phone = if rng.chance(750) {
        format!(
            "08{}{:08}",
            rng.pick(&["12", "13", "21", "52", "57", "77", "95"]),
            rng.below(100_000_000)
        )
    } else {
        String::new()
    };
    let pas_tags = pas.join(",");
    let search_text = pilar_core::filter::search_text(&people[0].name, village);
    w.household(&HouseholdRecord {
        id: &hh_id,
        worker_id,
        no_kk: no_kk.as_str(),
        pengurus_name: &people[0].name,
        pengurus_nik: &niks[0],
        address: "",
        rt: &rt,
        rw: &rw,
        village,
        kecamatan: &v.kecamatan,
        kabupaten: "Kendal",
        area_code: &v.area_code,
        phone: &phone,
        desil: Some(desil),
        year_joined: Some(joined_year),
        programs: &programs,
        has_business,
        business_desc,
        business_income,
        pas_tags: &pas_tags,
        status: status.key(),
        status_date,
        last_visit,
        next_follow_up,
        component_count,
        search_text: &search_text,
        created_at: &created,
        author_id: worker_id,
    })?;
    for (p, nik) in people.iter().zip(&niks) {
        let id = rng.id();
        w.member(&MemberRecord {
            id: &id,
            household_id: &hh_id,
            nik,
            name: &p.name,
            sex: p.sex.key(),
            birth_date: Some(p.birth),
            relation: p.relation.key(),
            component: p.component.map(|c| c.key()),
            created_at: &created,
            author_id: worker_id,
            pregnancy: p.pregnancy,
        })?;
        summary.members += 1;
    }
    for (kind, date, summary_text, follow_up, done) in &acts {
        let id = rng.id();
        w.activity(&ActivityRecord {
            id: &id,
            household_id: Some(&hh_id),
            worker_id,
            kind: kind.key(),
            date: *date,
            summary: summary_text,
            follow_up: *follow_up,
            done: *done,
            group_name: "",
            place: "",
            p2k2_module: None,
            p2k2_session: None,
            created_at: &stamp(*date),
        })?;
        summary.activities += 1;
    }
    if let Some((kind, date)) = exit {
        let id = rng.id();
        // The reason agrees with the data: "di atas UMK" only with an income above it.
        let business = business_desc.to_lowercase();
        let earner = if husband {
            "suami bekerja tetap"
        } else {
            "anak sudah bekerja"
        };
        let reason = match kind {
            ExitKind::SejahteraMandiri
                if business_income.is_some_and(|i| i >= UMK_KENDAL_2025) =>
            {
                format!("Usaha {business} berjalan, penghasilan di atas UMK")
            }
            ExitKind::SejahteraMandiri => {
                format!("Usaha {business} berjalan stabil dan {earner}; keluarga menyatakan mampu")
            }
            ExitKind::Mandiri => format!("Mengundurkan diri, {earner}"),
            ExitKind::Alamiah => "Tidak ada komponen yang memenuhi syarat".to_string(),
            ExitKind::Pindah => "Pindah domisili ke luar kabupaten".to_string(),
            ExitKind::Meninggal => "Pengurus meninggal dunia".to_string(),
            ExitKind::DesilNaik => {
                format!("Pemeringkatan DTSEN: desil {desil}, di atas batas PKH (desil 4)")
            }
            ExitKind::TidakMemenuhiKomitmen => {
                "Tidak memenuhi komitmen P2K2 dan kesehatan tiga bulan berturut-turut; berita acara desa"
                    .to_string()
            }
            _ => "Tidak layak setelah pemutakhiran DTSEN".to_string(),
        };
        // What the graduation form requires (`graduation::missing_evidence`).
        let evidence = match kind {
            ExitKind::SejahteraMandiri => "asesmen,surat_pernyataan",
            ExitKind::Mandiri => "surat_pernyataan",
            _ => "",
        };
        w.graduation(&GraduationRecord {
            id: &id,
            household_id: &hh_id,
            worker_id,
            kind: kind.key(),
            date,
            reason: &reason,
            evidence,
            created_at: &stamp(date),
            author_id: worker_id,
        })?;
        if kind == ExitKind::SejahteraMandiri {
            let id = rng.id();
            // PENA until 2024; PPSE succeeded it in 2025.
            let empowerment = if date.year() < 2025 {
                Program::Pena
            } else {
                Program::Ppse
            };
            let program = *rng.pick(&[empowerment, Program::Kube, Program::Mekaar, Program::Kur]);
            let (agency, status) = match program {
                Program::Pena | Program::Ppse => ("Kemensos", ReferralStatus::Diterima),
                Program::Kube => ("Dinas Sosial Kab. Kendal", ReferralStatus::Berjalan),
                Program::Kur => ("BRI Unit Patean", ReferralStatus::Diusulkan),
                _ => ("PNM Mekaar", ReferralStatus::Diusulkan),
            };
            w.referral(&ReferralRecord {
                id: &id,
                household_id: &hh_id,
                program: program.key(),
                agency,
                date,
                status: status.key(),
                notes: "",
                created_at: &stamp(date),
                author_id: worker_id,
            })?;
        }
    }
    summary.households += 1;
    Ok(hh_id)
}

fn activity_summary(rng: &mut Rng, kind: ActivityKind, village: &str) -> String {
    let options: &[&str] = match kind {
        ActivityKind::Kunjungan => &[
            "Kunjungan rumah, cek kondisi keluarga",
            "Kunjungan rumah: anak rajin sekolah",
            "Kunjungan: ibu sudah periksa ke posyandu",
            "Kunjungan rumah, bahas rencana usaha",
            "Kunjungan: atap rumah bocor, usul RTLH",
            "Kunjungan: keluarga sehat, tidak ada kendala",
        ],
        ActivityKind::Verifikasi => &[
            "Verifikasi kehadiran sekolah di atas 85%",
            "Verifikasi posyandu balita",
            "Verifikasi pemeriksaan kehamilan",
        ],
        ActivityKind::Pemutakhiran => &[
            "Pemutakhiran data anggota keluarga",
            "Pemutakhiran: anak lulus SMA",
            "Pemutakhiran alamat dan nomor HP",
        ],
        ActivityKind::Penyaluran => &[
            "Pendampingan penyaluran tahap bansos",
            "Bantuan cair di kantor pos",
        ],
        ActivityKind::Kasus => &[
            "Pengaduan: KKS belum diterima",
            "Kasus: saldo bantuan tidak masuk",
            "Pengaduan data ganda di DTSEN",
        ],
        ActivityKind::Rujukan => &[
            "Rujukan ke puskesmas",
            "Rujukan beasiswa PIP",
            "Rujukan ke Dinas Sosial",
        ],
        ActivityKind::Koordinasi => &[
            "Koordinasi dengan perangkat desa",
            "Koordinasi dengan kader kesehatan",
            "Koordinasi dengan pendamping desa",
        ],
        _ => &[
            "Catatan: ibu mulai jualan online",
            "Catatan: anak butuh seragam sekolah",
            "Catatan: keluarga minta info KUR",
        ],
    };
    let s = rng.pick(options);
    if rng.chance(100) {
        format!("{s} ({village})")
    } else {
        s.to_string()
    }
}

/// Monthly P2K2 sessions: groups of about 25 families per village, modules in order, each
/// session numbered as the ministry does.
#[allow(clippy::too_many_arguments)]
fn p2k2(
    w: &mut BulkWriter<'_>,
    rng: &mut Rng,
    cfg: &DemoConfig,
    worker_id: &str,
    villages: [&Village; 2],
    households: &[(String, usize)],
    months: i64,
    summary: &mut DemoSummary,
) -> Result<()> {
    const GROUP: usize = 25;
    let today = cfg.today;
    for (vi, village) in villages.iter().enumerate() {
        let members: Vec<&String> = households
            .iter()
            .filter(|(_, v)| *v == vi)
            .map(|(id, _)| id)
            .collect();
        // About 25 families a group, the village's families shared evenly (15-30 a group
        // wherever a village has 15 or more).
        let groups = members.len().div_ceil(GROUP).max(1);
        let size = members.len().div_ceil(groups).max(1);
        for (gi, group) in members.chunks(size).enumerate() {
            let group_name = format!("{} {}", village.name, gi + 1);
            // The group itself (issue 11, item 4), formed when its sessions began. Its id
            // comes from a generator of its own, so the rest of the demo draws as before.
            let formed_on = today - Duration::days((months - 1) * 30 + 20);
            let group_seed = worker_id
                .bytes()
                .fold(cfg.seed ^ 0x4b45_4c4f_4d50_4f4b, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
                })
                ^ ((vi as u64) << 32 | gi as u64);
            let group_id = Rng::new(group_seed, formed_on).id();
            let place = "Balai desa";
            let formed = stamp(formed_on);
            w.p2k2_group(&group_id, worker_id, &group_name, place, &formed)?;
            for hh in group {
                w.group_household(hh, &group_id)?;
            }
            // Sesi 1-14 across the five modules, then the stunting module from 1.
            let mut module = 0usize;
            let mut session = *P2k2Module::ALL[0].session_numbers().start();
            for m in (0..months).rev() {
                let date = today - Duration::days(m * 30 + rng.range(3, 20));
                if date > today {
                    continue;
                }
                let md = P2k2Module::ALL[module % P2k2Module::ALL.len()];
                let id = rng.id();
                let created = stamp(date);
                let summary_text = format!("P2K2 {}, Sesi {}", module_name(md), session);
                w.activity(&ActivityRecord {
                    id: &id,
                    household_id: None,
                    worker_id,
                    kind: ActivityKind::P2k2.key(),
                    date,
                    summary: &summary_text,
                    follow_up: None,
                    done: false,
                    group_name: &group_name,
                    place,
                    p2k2_module: Some(md.key()),
                    p2k2_session: Some(session),
                    created_at: &created,
                })?;
                summary.activities += 1;
                for hh in group {
                    w.activity_household(&id, hh, rng.chance(870), &created, worker_id)?;
                }
                session += 1;
                if session > *md.session_numbers().end() {
                    module += 1;
                    let next = P2k2Module::ALL[module % P2k2Module::ALL.len()];
                    session = *next.session_numbers().start();
                }
            }
        }
    }
    Ok(())
}

/// Module names are the ministry's own (Indonesian) titles: demo data, not interface text.
fn module_name(m: P2k2Module) -> &'static str {
    match m {
        P2k2Module::PengasuhanPendidikan => "Pengasuhan dan Pendidikan Anak",
        P2k2Module::KeuanganUsaha => "Pengelolaan Keuangan dan Perencanaan Usaha",
        P2k2Module::KesehatanGizi => "Kesehatan dan Gizi",
        P2k2Module::PerlindunganAnak => "Perlindungan Anak",
        P2k2Module::KesejahteraanSosial => "Kesejahteraan Sosial",
        P2k2Module::PencegahanStunting => "Pencegahan dan Penanganan Stunting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_stable() {
        let mut a = Rng::new(42, NaiveDate::MIN);
        let mut b = Rng::new(42, NaiveDate::MIN);
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        for _ in 0..1000 {
            assert!(a.below(7) < 7);
            let r = a.range(-3, 3);
            assert!((-3..=3).contains(&r));
        }
    }

    #[test]
    fn lists_load() {
        let l = Lists::load();
        assert!(l.villages.len() > 50);
        assert_eq!(l.villages[0].name, "Curugsewu");
        assert_eq!(l.villages[1].name, "Pagersari");
        assert_eq!(l.villages[0].kecamatan, "Patean");
        assert_eq!(l.villages[0].kecamatan_code, 4);
        assert_eq!(l.generations.len(), 3);
        for g in &l.generations {
            for list in [
                &g.female_first,
                &g.female_second,
                &g.male_first,
                &g.male_second,
            ] {
                assert!(list.len() >= 15, "{}-{}", g.from, g.to);
            }
        }
        assert_eq!(l.generation(1960).to, 1974);
        assert_eq!(l.generation(1990).from, 1975);
        assert_eq!(l.generation(2015).from, 2005);
        assert!(l.generation(2015).female_first.contains(&"Nabila"));
        assert!(l.generation(1960).male_first.contains(&"Tukijo"));
        assert!(l.businesses.len() > 10);
    }
}
