//! The demo caseload: a deterministic synthetic database (same seed and same day give the
//! same data) that looks like a real facilitator's work in Kabupaten Kendal: valid NIKs that
//! agree with each member's birth date and sex, components that obey the rules, 18 months
//! of visits and P2K2 sessions, overdue follow-ups, and this year's graduations.
//! Names, villages and businesses come from lists in `assets/demo/`.

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
use pilar_core::model::Relation;

const FEMALE_FIRST: &str = include_str!("../../../assets/demo/female_first.txt");
const FEMALE_SECOND: &str = include_str!("../../../assets/demo/female_second.txt");
const MALE_FIRST: &str = include_str!("../../../assets/demo/male_first.txt");
const MALE_SECOND: &str = include_str!("../../../assets/demo/male_second.txt");
const BUSINESSES: &str = include_str!("../../../assets/demo/businesses.txt");
const VILLAGES: &str = include_str!("../../../assets/demo/villages.csv");

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

struct Lists {
    female_first: Vec<&'static str>,
    female_second: Vec<&'static str>,
    male_first: Vec<&'static str>,
    male_second: Vec<&'static str>,
    businesses: Vec<&'static str>,
    villages: Vec<Village>,
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
            female_first: lines(FEMALE_FIRST),
            female_second: lines(FEMALE_SECOND),
            male_first: lines(MALE_FIRST),
            male_second: lines(MALE_SECOND),
            businesses: lines(BUSINESSES),
            villages,
        }
    }

    fn name(&self, rng: &mut Rng, sex: Sex) -> String {
        let (first, second) = match sex {
            Sex::Female => (&self.female_first, &self.female_second),
            Sex::Male => (&self.male_first, &self.male_second),
        };
        let f = rng.pick(first);
        if rng.chance(150) {
            f.to_string()
        } else {
            format!("{f} {}", rng.pick(second))
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
}

fn birth(rng: &mut Rng, today: NaiveDate, age: i64) -> NaiveDate {
    today - Duration::days(age * 365 + rng.range(0, 364))
}

/// Writes a demo database to `path` (which must not exist) and returns what it holds.
pub fn generate(path: &Path, cfg: &DemoConfig) -> Result<DemoSummary> {
    let mut store = Store::open_with(path, OpenMode::FreshBulk)?;
    let lists = Lists::load();
    let mut summary = DemoSummary {
        households: 0,
        members: 0,
        activities: 0,
        workers: cfg.workers,
        default_user: String::new(),
    };
    store.bulk_load(|w| write_all(w, cfg, &lists, &mut summary))?;
    Ok(summary)
}

fn write_all(
    w: &mut BulkWriter<'_>,
    cfg: &DemoConfig,
    lists: &Lists,
    summary: &mut DemoSummary,
) -> Result<()> {
    let today = cfg.today;
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
            (lists.name(&mut rng, sex), format!("p{:04}", i + 1))
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
        let mut grads_left = (10 * elapsed / year_len * rng.range(45, 80) / 100) as u64;
        let mut mandiri_left = rng.below(2);
        let mut alamiah_left = rng.range(1, 3) as u64;
        let mut exits_left = rng.range(0, 2) as u64;
        let mut candidates_left = rng.range(4, 9) as u64;
        for hi in 0..count {
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
                hi,
                count,
                start,
                &mut grads_left,
                &mut mandiri_left,
                &mut alamiah_left,
                &mut exits_left,
                &mut candidates_left,
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
    index: u64,
    count: u64,
    start: NaiveDate,
    grads_left: &mut u64,
    mandiri_left: &mut u64,
    alamiah_left: &mut u64,
    exits_left: &mut u64,
    candidates_left: &mut u64,
    summary: &mut DemoSummary,
) -> Result<String> {
    let today = cfg.today;
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    // People: the pengurus (usually the mother), often a husband, children, sometimes a
    // grandparent.
    let mut people = Vec::new();
    let female_head = rng.chance(880);
    let head_age = rng.range(24, 62);
    let head_sex = if female_head { Sex::Female } else { Sex::Male };
    people.push(Person {
        name: lists.name(rng, head_sex),
        sex: head_sex,
        birth: birth(rng, today, head_age),
        relation: if female_head && rng.chance(700) {
            Relation::Istri
        } else {
            Relation::KepalaKeluarga
        },
        component: None,
    });
    if people[0].relation == Relation::Istri {
        people.push(Person {
            name: lists.name(rng, Sex::Male),
            sex: Sex::Male,
            birth: {
                let age = head_age + rng.range(0, 8);
                birth(rng, today, age)
            },
            relation: Relation::KepalaKeluarga,
            component: None,
        });
    }
    let children = if head_age > 55 {
        rng.range(0, 2)
    } else {
        rng.range(1, 4)
    };
    let max_child_age = (head_age - 18).clamp(0, 24);
    for _ in 0..children {
        let sex = if rng.chance(500) {
            Sex::Female
        } else {
            Sex::Male
        };
        let age = rng.range(0, max_child_age);
        people.push(Person {
            name: lists.name(rng, sex),
            sex,
            birth: birth(rng, today, age),
            relation: Relation::Anak,
            component: None,
        });
    }
    if rng.chance(180) {
        let sex = if rng.chance(650) {
            Sex::Female
        } else {
            Sex::Male
        };
        people.push(Person {
            name: lists.name(rng, sex),
            sex,
            birth: {
                let age = rng.range(62, 88);
                birth(rng, today, age)
            },
            relation: Relation::OrangTua,
            component: None,
        });
    }
    // Components by age, within the caps and the per-family maximum.
    let mut assigned = 0usize;
    let mut per: HashMap<Component, usize> = HashMap::new();
    let pregnant = female_head && head_age < 40 && rng.chance(60);
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
                p.component = Some(comp);
                assigned += 1;
                per.insert(comp, n + 1);
            }
        }
    }

    let joined_year = rng.range(2008, i64::from(today.year()) - 1) as i32;
    let joined = NaiveDate::from_ymd_opt(joined_year, rng.range(1, 12) as u32, 1).unwrap_or(start);
    let hh_id = rng.id();
    let created = stamp(joined);
    let kec = v.kecamatan_code;
    let kk_issued = NaiveDate::from_ymd_opt(
        rng.range(2005, 2023) as i32,
        rng.range(1, 12) as u32,
        rng.range(1, 28) as u32,
    )
    .unwrap_or(joined);
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
    let business_income = has_business.then(|| rng.range(6, 45) * 100_000);
    let desil = match rng.below(10) {
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

    // Status and exits this year, spread over the caseload.
    let remaining = count - index;
    let take = |left: &mut u64, rng: &mut Rng| -> bool {
        if *left > 0 && rng.below(remaining) < *left * 2 {
            *left -= 1;
            true
        } else {
            false
        }
    };
    let days_this_year = (today - year_start).num_days().max(1);
    let mut exit: Option<(ExitKind, NaiveDate)> = None;
    let mut status = HouseholdStatus::Aktif;
    if has_business && take(grads_left, rng) {
        exit = Some((
            ExitKind::SejahteraMandiri,
            year_start + Duration::days(rng.range(0, days_this_year - 1)),
        ));
    } else if take(mandiri_left, rng) {
        exit = Some((
            ExitKind::Mandiri,
            year_start + Duration::days(rng.range(0, days_this_year - 1)),
        ));
    } else if assigned == 0 && take(alamiah_left, rng) {
        exit = Some((
            ExitKind::Alamiah,
            year_start + Duration::days(rng.range(0, days_this_year - 1)),
        ));
    } else if take(exits_left, rng) {
        let k = *rng.pick(&[ExitKind::Pindah, ExitKind::Meninggal, ExitKind::TidakLayak]);
        exit = Some((
            k,
            year_start + Duration::days(rng.range(0, days_this_year - 1)),
        ));
    } else if (has_business || joined_year < 2019) && take(candidates_left, rng) {
        status = HouseholdStatus::CalonGraduasi;
    }
    let mut status_date = None;
    if let Some((k, d)) = exit {
        status = k.resulting_status();
        status_date = Some(d);
    } else if status == HouseholdStatus::CalonGraduasi {
        status_date = Some(today - Duration::days(rng.range(5, 90)));
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
            // Old follow-ups were mostly done; recent ones often still open.
            done = if f < today - Duration::days(30) {
                rng.chance(930)
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
    if let Some((kind, date)) = exit {
        let summary_text = match kind {
            ExitKind::SejahteraMandiri => "Asesmen graduasi: usaha stabil, siap mandiri",
            ExitKind::Mandiri => "Keluarga mengundurkan diri dari PKH",
            _ => "Pemutakhiran data sebelum keluar",
        };
        let act_kind = if kind.is_graduation() {
            ActivityKind::AsesmenGraduasi
        } else {
            ActivityKind::Pemutakhiran
        };
        let ad = date - Duration::days(rng.range(7, 30)).min(date - start);
        if act_kind.is_visit() {
            last_visit = Some(last_visit.map_or(ad, |l: NaiveDate| l.max(ad)));
        }
        acts.push((act_kind, ad, summary_text.to_string(), None, false));
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
        let reason = match kind {
            ExitKind::SejahteraMandiri => format!(
                "Usaha {} berjalan, penghasilan di atas UMK",
                business_desc.to_lowercase()
            ),
            ExitKind::Mandiri => "Mengundurkan diri, suami bekerja tetap".to_string(),
            ExitKind::Alamiah => "Tidak ada komponen yang memenuhi syarat".to_string(),
            ExitKind::Pindah => "Pindah domisili ke luar kabupaten".to_string(),
            ExitKind::Meninggal => "Pengurus meninggal dunia".to_string(),
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
            let program =
                *rng.pick(&[Program::Pena, Program::Ppse, Program::Kube, Program::Mekaar]);
            let (agency, status) = match program {
                Program::Pena | Program::Ppse => ("Kemensos", ReferralStatus::Diterima),
                Program::Kube => ("Dinas Sosial Kab. Kendal", ReferralStatus::Berjalan),
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

/// Monthly P2K2 sessions: groups of about 25 families per village, modules in order.
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
        for (gi, group) in members.chunks(GROUP).enumerate() {
            let group_name = format!("{} {}", village.name, gi + 1);
            let mut module = 0usize;
            let mut session = 1u8;
            for m in (0..months).rev() {
                let date = today - Duration::days(m * 30 + rng.range(3, 20));
                if date > today {
                    continue;
                }
                let md = P2k2Module::ALL[module % P2k2Module::ALL.len()];
                let id = rng.id();
                let created = stamp(date);
                let summary_text = format!("P2K2 {} sesi {}", module_name(md), session);
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
                    place: "Balai desa",
                    p2k2_module: Some(md.key()),
                    p2k2_session: Some(session),
                    created_at: &created,
                })?;
                summary.activities += 1;
                for hh in group {
                    w.activity_household(&id, hh, rng.chance(870), &created, worker_id)?;
                }
                session += 1;
                if session > md.sessions() {
                    session = 1;
                    module += 1;
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
        P2k2Module::KeuanganUsaha => "Pengelolaan Keuangan",
        P2k2Module::KesehatanGizi => "Kesehatan dan Gizi",
        P2k2Module::PerlindunganAnak => "Perlindungan Anak",
        P2k2Module::KesejahteraanSosial => "Kesejahteraan Sosial",
        P2k2Module::PencegahanStunting => "Pencegahan Stunting",
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
        assert!(l.female_first.len() > 20 && l.businesses.len() > 10);
    }
}
