//! The demo's realism, stated as rules over the generated data (issue 14 section 5, the
//! domain review's section 2): the default demo (`pilar demo`: 462 households, one
//! facilitator) and a team (`pilar demo --workers 12`) are generated once, read back from
//! the file, and every rule names the households that break it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use crate::common;

use chrono::{Datelike, NaiveDate};
use common::{demo_db, today};
use pilar::demo::UMK_KENDAL_2025;
use pilar::domain::age_on;
use rusqlite::Connection;

struct Member {
    name: String,
    nik: String,
    sex: String,
    birth: NaiveDate,
    relation: String,
    component: Option<String>,
}

struct Household {
    id: String,
    pengurus: String,
    pengurus_nik: String,
    village: String,
    kecamatan: String,
    area_code: String,
    desil: Option<u8>,
    year_joined: i32,
    status: String,
    has_business: bool,
    income: Option<i64>,
    component_count: u32,
    members: Vec<Member>,
}

impl Household {
    /// How a failure names the household.
    fn who(&self) -> String {
        format!("{} ({}, {})", self.pengurus, self.village, self.id)
    }
    fn active(&self) -> bool {
        self.status == "aktif" || self.status == "calon_graduasi"
    }
    fn pengurus(&self) -> &Member {
        self.members
            .iter()
            .find(|m| m.nik == self.pengurus_nik)
            .unwrap_or_else(|| panic!("{}: the pengurus is not a member", self.who()))
    }
}

struct Activity {
    household_id: Option<String>,
    kind: String,
    date: NaiveDate,
    summary: String,
    follow_up: Option<NaiveDate>,
    done: bool,
    group: String,
    module: Option<String>,
    session: Option<u8>,
}

struct Graduation {
    household_id: String,
    kind: String,
    date: NaiveDate,
    reason: String,
}

struct Referral {
    household_id: String,
    program: String,
    date: NaiveDate,
}

struct Data {
    label: &'static str,
    households: Vec<Household>,
    activities: Vec<Activity>,
    graduations: Vec<Graduation>,
    referrals: Vec<Referral>,
}

impl Data {
    fn household(&self, id: &str) -> &Household {
        self.households.iter().find(|h| h.id == id).unwrap()
    }
}

fn load(label: &'static str, households: u64, workers: u64) -> Data {
    let demo = demo_db(households, workers, 1);
    let conn = Connection::open(&demo.path).unwrap();
    let date = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap();
    let mut members: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT household_id, name, nik, sex, birth_date, relation, component
             FROM members WHERE deleted = 0 ORDER BY rowid",
        )
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        members.entry(r.get(0).unwrap()).or_default().push(Member {
            name: r.get(1).unwrap(),
            nik: r.get(2).unwrap(),
            sex: r.get(3).unwrap(),
            birth: date(r.get(4).unwrap()),
            relation: r.get(5).unwrap(),
            component: r.get(6).unwrap(),
        });
    }
    let mut stmt = conn
        .prepare(
            "SELECT id, pengurus_name, pengurus_nik, village, kecamatan, area_code, desil,
                    year_joined, status, has_business, business_income, component_count
             FROM households WHERE deleted = 0 ORDER BY rowid",
        )
        .unwrap();
    let households = stmt
        .query_map([], |r| {
            let id: String = r.get(0)?;
            Ok(Household {
                members: members.remove(&id).unwrap_or_default(),
                id,
                pengurus: r.get(1)?,
                pengurus_nik: r.get(2)?,
                village: r.get(3)?,
                kecamatan: r.get(4)?,
                area_code: r.get(5)?,
                desil: r.get(6)?,
                year_joined: r.get(7)?,
                status: r.get(8)?,
                has_business: r.get(9)?,
                income: r.get(10)?,
                component_count: r.get(11)?,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stmt = conn
        .prepare(
            "SELECT household_id, kind, date, summary, follow_up, done, group_name,
                    p2k2_module, p2k2_session
             FROM activities WHERE deleted = 0 ORDER BY date, rowid",
        )
        .unwrap();
    let activities = stmt
        .query_map([], |r| {
            Ok(Activity {
                household_id: r.get(0)?,
                kind: r.get(1)?,
                date: date(r.get(2)?),
                summary: r.get(3)?,
                follow_up: r.get::<_, Option<String>>(4)?.map(date),
                done: r.get(5)?,
                group: r.get(6)?,
                module: r.get(7)?,
                session: r.get(8)?,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stmt = conn
        .prepare("SELECT household_id, kind, date, reason FROM graduations WHERE undone = 0")
        .unwrap();
    let graduations = stmt
        .query_map([], |r| {
            Ok(Graduation {
                household_id: r.get(0)?,
                kind: r.get(1)?,
                date: date(r.get(2)?),
                reason: r.get(3)?,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stmt = conn
        .prepare("SELECT household_id, program, date FROM referrals")
        .unwrap();
    let referrals = stmt
        .query_map([], |r| {
            Ok(Referral {
                household_id: r.get(0)?,
                program: r.get(1)?,
                date: date(r.get(2)?),
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    Data {
        label,
        households,
        activities,
        graduations,
        referrals,
    }
}

/// `pilar demo` and `pilar demo --workers 12`, generated once for every rule.
fn demos() -> &'static [Data] {
    static DEMOS: OnceLock<Vec<Data>> = OnceLock::new();
    DEMOS.get_or_init(|| {
        vec![
            load("pilar demo", 462, 1),
            load("pilar demo --workers 12", 462, 12),
        ]
    })
}

/// Fails with every broken case, naming the demo and the household.
fn check(rule: &str, f: impl Fn(&Data, &mut Vec<String>)) {
    let mut all = Vec::new();
    for d in demos() {
        let mut broken = Vec::new();
        f(d, &mut broken);
        all.extend(broken.into_iter().map(|b| format!("[{}] {b}", d.label)));
    }
    assert!(
        all.is_empty(),
        "{rule}: {} cases\n{}",
        all.len(),
        all.iter().take(15).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Whole years between two dates (the age at `later` of someone born `earlier`).
fn years(earlier: NaiveDate, later: NaiveDate) -> u32 {
    age_on(earlier, later)
}

#[test]
fn mothers_are_15_to_50_at_each_birth() {
    check(
        "a mother younger than 15 or older than 50 at a birth",
        |d, broken| {
            for h in &d.households {
                let mother = h.members.iter().find(|m| {
                    m.sex == "P" && (m.relation == "istri" || m.relation == "kepala_keluarga")
                });
                let Some(mother) = mother else { continue };
                for child in h.members.iter().filter(|m| m.relation == "anak") {
                    let age = years(mother.birth, child.birth);
                    if child.birth < mother.birth || !(15..=50).contains(&age) {
                        broken.push(format!(
                            "{}: {} born {} when the mother was {age}",
                            h.who(),
                            child.name,
                            child.birth
                        ));
                    }
                }
            }
        },
    );
}

#[test]
fn the_pengurus_was_at_least_17_when_the_family_joined() {
    check(
        "a pengurus younger than 17 when the family joined PKH",
        |d, broken| {
            for h in &d.households {
                let p = h.pengurus();
                let joined = NaiveDate::from_ymd_opt(h.year_joined, 1, 1).unwrap();
                if years(p.birth, joined) < 17 || p.birth > joined {
                    broken.push(format!(
                        "{}: born {}, joined {}",
                        h.who(),
                        p.birth,
                        h.year_joined
                    ));
                }
                if h.year_joined < 2007 || h.year_joined > today().year() {
                    broken.push(format!("{}: joined {}", h.who(), h.year_joined));
                }
            }
        },
    );
}

#[test]
fn grandparents_are_at_least_30_years_older_than_the_pengurus() {
    check(
        "an orang tua less than 30 years older than the pengurus",
        |d, broken| {
            for h in &d.households {
                let p = h.pengurus();
                let head = h.members.iter().find(|m| m.relation == "kepala_keluarga");
                for g in h.members.iter().filter(|m| m.relation == "orang_tua") {
                    if g.birth > p.birth || years(g.birth, p.birth) < 30 {
                        broken.push(format!(
                            "{}: {} born {}, the pengurus {}",
                            h.who(),
                            g.name,
                            g.birth,
                            p.birth
                        ));
                    }
                    // The head's parent, too.
                    if let Some(head) = head
                        && (g.birth > head.birth || years(g.birth, head.birth) < 15)
                    {
                        broken.push(format!(
                            "{}: {} born {}, the head {}",
                            h.who(),
                            g.name,
                            g.birth,
                            head.birth
                        ));
                    }
                }
            }
        },
    );
}

/// "No active family without a component unless it is marked as an alamiah candidate":
/// calon graduasi with the reason in its log, or already exited as alamiah.
#[test]
fn an_active_family_without_a_component_is_an_alamiah_candidate() {
    check(
        "an active family without a component, not marked",
        |d, broken| {
            for h in &d.households {
                let components = h.members.iter().filter(|m| m.component.is_some()).count();
                if components as u32 != h.component_count {
                    broken.push(format!(
                        "{}: component_count {}",
                        h.who(),
                        h.component_count
                    ));
                }
                if !h.active() || components > 0 {
                    continue;
                }
                let reason = d.activities.iter().any(|a| {
                    a.household_id.as_deref() == Some(&h.id) && a.summary.contains("alamiah")
                });
                if h.status != "calon_graduasi" || !reason {
                    broken.push(format!(
                        "{}: {} without a component{}",
                        h.who(),
                        h.status,
                        if reason { "" } else { ", no reason in the log" }
                    ));
                }
            }
            for g in d.graduations.iter().filter(|g| g.kind == "alamiah") {
                let h = d.household(&g.household_id);
                if h.members.iter().any(|m| m.component.is_some()) {
                    broken.push(format!("{}: alamiah with a component left", h.who()));
                }
            }
        },
    );
}

/// Desil 1-4 households earn below the UMK (Kendal 2025) from their business, mostly; the
/// few above it are flagged as candidates (or have graduated).
#[test]
fn incomes_fit_desil_1_to_4() {
    check("an income that does not fit the desil", |d, broken| {
        let business: Vec<&Household> = d.households.iter().filter(|h| h.has_business).collect();
        let above: Vec<&&Household> = business
            .iter()
            .filter(|h| h.income.is_some_and(|i| i >= UMK_KENDAL_2025))
            .collect();
        for h in &business {
            match h.income {
                None => broken.push(format!("{}: a business without income", h.who())),
                Some(i) if !(200_000..=6_000_000).contains(&i) => {
                    broken.push(format!("{}: income {i}", h.who()))
                }
                _ => {}
            }
        }
        for h in &above {
            if h.status == "aktif" {
                broken.push(format!(
                    "{}: income {:?} above the UMK, desil {:?}, not a candidate",
                    h.who(),
                    h.income,
                    h.desil
                ));
            }
        }
        let active_above = above.iter().filter(|h| h.active()).count();
        let active = business.iter().filter(|h| h.active()).count();
        if active_above * 100 > active * 15 {
            broken.push(format!(
                "{active_above} of {active} active business households earn the UMK or more"
            ));
        }
        for h in d.households.iter().filter(|h| !h.has_business) {
            if h.income.is_some() {
                broken.push(format!("{}: income without a business", h.who()));
            }
        }
    });
}

#[test]
fn a_sejahtera_mandiri_reason_agrees_with_the_income() {
    check(
        "a sejahtera mandiri graduation whose reason the data contradicts",
        |d, broken| {
            for g in d
                .graduations
                .iter()
                .filter(|g| g.kind == "sejahtera_mandiri")
            {
                let h = d.household(&g.household_id);
                let income = h.income.unwrap_or(0);
                let claims_umk = g.reason.contains("UMK");
                if claims_umk != (income >= UMK_KENDAL_2025) {
                    broken.push(format!(
                        "{}: \"{}\" with an income of {income}",
                        h.who(),
                        g.reason
                    ));
                }
                if g.date.year() - h.year_joined < 3 {
                    broken.push(format!(
                        "{}: joined {}, graduated {}",
                        h.who(),
                        h.year_joined,
                        g.date
                    ));
                }
            }
        },
    );
}

/// PENA was succeeded by PPSE in 2025.
#[test]
fn no_pena_referral_after_2024() {
    check(
        "a PENA referral after 2024 or a PPSE one before 2025",
        |d, broken| {
            let y2025 = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            for r in &d.referrals {
                let bad = match r.program.as_str() {
                    "pena" => r.date >= y2025,
                    "ppse" => r.date < y2025,
                    _ => false,
                };
                if bad {
                    broken.push(format!(
                        "{}: {} on {}",
                        d.household(&r.household_id).who(),
                        r.program,
                        r.date
                    ));
                }
            }
        },
    );
}

/// The name lists of `assets/demo/names.csv`: (first birth year, last birth year, sex,
/// part) -> names.
type Names = BTreeMap<(i32, i32, String, String), BTreeSet<String>>;

fn names() -> Names {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/names.csv"
    ))
    .unwrap();
    let mut out = Names::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(';').map(str::trim).collect();
        let (from, to) = f[0].split_once('-').unwrap();
        let from = from.parse().unwrap_or(1800);
        let to = to.parse().unwrap_or(2200);
        out.entry((from, to, f[1].to_string(), f[2].to_string()))
            .or_default()
            .insert(f[3].to_string());
    }
    out
}

fn list<'a>(names: &'a Names, year: i32, sex: &str, part: &str) -> Option<&'a BTreeSet<String>> {
    names
        .iter()
        .find(|((from, to, s, p), _)| (*from..=*to).contains(&year) && s == sex && p == part)
        .map(|(_, v)| v)
}

/// Children born after 2005 carry today's names (Aditya, Nabila...), older Javanese names
/// (Painem, Tukijo...) belong to people born before 1975: each person's name comes from
/// the list of their generation.
#[test]
fn names_fit_the_birth_decade() {
    let names = names();
    let young = list(&names, 2010, "P", "depan").unwrap();
    assert!(young.contains("Nabila") && young.contains("Aisyah"));
    let old = list(&names, 1960, "L", "depan").unwrap();
    assert!(old.contains("Tukijo"));
    assert!(!list(&names, 2010, "L", "depan").unwrap().contains("Tukijo"));
    check("a name from another generation", |d, broken| {
        for h in &d.households {
            for m in &h.members {
                let year = m.birth.year();
                let words: Vec<&str> = m.name.split(' ').collect();
                let ok = words.len() <= 2
                    && list(&names, year, &m.sex, "depan").is_some_and(|l| l.contains(words[0]))
                    && words.get(1).is_none_or(|w| {
                        list(&names, year, &m.sex, "belakang").is_some_and(|l| l.contains(*w))
                    });
                if !ok {
                    broken.push(format!("{}: {} born {year}", h.who(), m.name));
                }
            }
        }
    });
}

/// No "Sutrisno Sutrisno", and no two members of a family called by the same first name.
#[test]
fn no_doubled_names() {
    check("a doubled name", |d, broken| {
        for h in &d.households {
            let mut first = BTreeSet::new();
            for m in &h.members {
                let words: Vec<&str> = m.name.split(' ').collect();
                if words.len() == 2 && words[0].eq_ignore_ascii_case(words[1]) {
                    broken.push(format!("{}: {}", h.who(), m.name));
                }
                if !first.insert(words[0]) {
                    broken.push(format!("{}: two called {}", h.who(), words[0]));
                }
            }
        }
    });
}

/// The pengurus is normally the mother or an adult woman; a man only where the family has
/// no woman of 17 or more.
#[test]
fn the_pengurus_is_the_mother_or_an_adult_woman() {
    check("a male pengurus beside an adult woman", |d, broken| {
        let mut men = 0;
        for h in &d.households {
            let p = h.pengurus();
            if p.sex == "L" {
                men += 1;
                for w in h.members.iter().filter(|m| m.sex == "P") {
                    if age_on(w.birth, today()) >= 17 {
                        broken.push(format!(
                            "{}: {} ({}) is {}",
                            h.who(),
                            w.name,
                            w.relation,
                            age_on(w.birth, today())
                        ));
                    }
                }
            } else if age_on(p.birth, today()) < 17 {
                broken.push(format!(
                    "{}: a pengurus aged {}",
                    h.who(),
                    age_on(p.birth, today())
                ));
            }
        }
        if men * 10 > d.households.len() {
            broken.push(format!("{men} of {} pengurus are men", d.households.len()));
        }
    });
}

/// A woman's first and second pregnancy only ("maksimal dua kali kehamilan"): a pregnant
/// mother in the demo has at most one child.
#[test]
fn a_pregnant_mother_has_at_most_one_child() {
    check("ibu hamil in a third pregnancy", |d, broken| {
        for h in &d.households {
            let children = h.members.iter().filter(|m| m.relation == "anak").count();
            for m in &h.members {
                if m.component.as_deref() == Some("ibu_hamil") && children > 1 {
                    broken.push(format!("{}: {} with {children} children", h.who(), m.name));
                }
            }
        }
    });
}

/// P2K2 sessions are numbered as the ministry does, 1-14 across the five modules
/// (Pengasuhan 1-4, Keuangan 5-7, Kesehatan 8-10, Perlindungan Anak 11-12, Kesejahteraan
/// Sosial 13-14); the stunting module has its own numbers from 1. Each group goes through
/// them in order, and the summary names the session.
#[test]
fn p2k2_sessions_are_numbered_1_to_14_across_the_modules() {
    let ranges: BTreeMap<&str, (u8, u8)> = [
        ("pengasuhan_pendidikan", (1, 4)),
        ("keuangan_usaha", (5, 7)),
        ("kesehatan_gizi", (8, 10)),
        ("perlindungan_anak", (11, 12)),
        ("kesejahteraan_sosial", (13, 14)),
        ("pencegahan_stunting", (1, 15)),
    ]
    .into_iter()
    .collect();
    check(
        "a P2K2 session numbered against the ministry's modules",
        |d, broken| {
            let mut groups: BTreeMap<&str, Vec<&Activity>> = BTreeMap::new();
            for a in d.activities.iter().filter(|a| a.kind == "p2k2") {
                groups.entry(&a.group).or_default().push(a);
            }
            if groups.is_empty() {
                broken.push("no P2K2 sessions".into());
            }
            for (group, sessions) in groups {
                let mut expected = 1;
                let mut stunting = false;
                for a in sessions {
                    let module = a.module.as_deref().unwrap_or("");
                    let n = a.session.unwrap_or(0);
                    let ok = ranges
                        .get(module)
                        .is_some_and(|(lo, hi)| (*lo..=*hi).contains(&n));
                    if !ok || !a.summary.contains(&format!("Sesi {n}")) {
                        broken.push(format!("{group} {}: {module} {n}: {}", a.date, a.summary));
                    }
                    // In order: 1..14, then the stunting module from 1.
                    if module == "pencegahan_stunting" && !stunting {
                        stunting = true;
                        expected = 1;
                    }
                    if n != expected {
                        broken.push(format!(
                            "{group} {}: session {n}, expected {expected}",
                            a.date
                        ));
                    }
                    expected = n + 1;
                }
            }
        },
    );
}

/// Overdue follow-ups are recent: an active facilitator does not leave one for a year.
#[test]
fn overdue_follow_ups_are_recent() {
    check("a follow-up overdue for more than 90 days", |d, broken| {
        for a in &d.activities {
            let (Some(f), Some(id)) = (a.follow_up, a.household_id.as_deref()) else {
                continue;
            };
            let h = d.household(id);
            let days = (today() - f).num_days();
            if !a.done && h.active() && days > 90 {
                broken.push(format!(
                    "{}: \"{}\" overdue {days} days",
                    h.who(),
                    a.summary
                ));
            }
        }
    });
}

/// Every household's area code, village and kecamatan are one official village's.
#[test]
fn households_carry_official_area_codes() {
    let r = crate::assets::Reference::load();
    check(
        "a household whose area code is not its village's",
        |d, broken| {
            for h in &d.households {
                let village = r.villages.get(&h.area_code);
                let kecamatan = r.kecamatan.get(h.area_code.get(..6).unwrap_or(""));
                if village != Some(&h.village) || kecamatan != Some(&h.kecamatan) {
                    broken.push(format!(
                        "{}: {} {} is {village:?} in {kecamatan:?}",
                        h.who(),
                        h.area_code,
                        h.kecamatan
                    ));
                }
            }
        },
    );
}

/// The demo shows the desil rule: a few active families re-ranked above desil 4 (flagged,
/// the re-ranking in their log), and an exit `desil_naik` only for a family above 4.
#[test]
fn desil_above_4_is_rare_recorded_and_exits_with_its_kind() {
    check("a desil that the data does not explain", |d, broken| {
        let mut flagged = 0;
        for h in &d.households {
            let Some(desil) = h.desil else {
                broken.push(format!("{}: no desil", h.who()));
                continue;
            };
            if desil <= 4 || !h.active() {
                continue;
            }
            flagged += 1;
            let logged = d.activities.iter().any(|a| {
                a.household_id.as_deref() == Some(&h.id)
                    && a.summary.contains("DTSEN")
                    && a.summary.contains(&desil.to_string())
            });
            if !logged {
                broken.push(format!(
                    "{}: desil {desil}, no re-ranking in the log",
                    h.who()
                ));
            }
        }
        if flagged == 0 || flagged * 100 > d.households.len() * 3 {
            broken.push(format!("{flagged} active families above desil 4"));
        }
        for g in d.graduations.iter().filter(|g| g.kind == "desil_naik") {
            let h = d.household(&g.household_id);
            if h.desil.is_none_or(|d| d <= 4) {
                broken.push(format!("{}: desil_naik at desil {:?}", h.who(), h.desil));
            }
        }
        if !d.graduations.iter().any(|g| g.kind == "desil_naik") {
            broken.push("no desil_naik exit".into());
        }
    });
}
