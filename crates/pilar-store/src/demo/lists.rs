//! The lists the demo draws from: names by generation, businesses, villages with their
//! Kemendagri codes (`assets/demo/`).

use pilar_core::domain::Sex;

use super::rng::Rng;

const NAMES: &str = include_str!("../../../../assets/demo/names.csv");
const BUSINESSES: &str = include_str!("../../../../assets/demo/businesses.txt");
const VILLAGES: &str = include_str!("../../../../assets/demo/villages.csv");

pub(super) struct Village {
    pub(super) kecamatan_code: u8,
    pub(super) kecamatan: String,
    pub(super) area_code: String,
    pub(super) name: String,
}

/// The names of one generation (people born `from..=to`): first names and second names by
/// sex, from `assets/demo/names.csv`.
#[derive(Default)]
pub(super) struct Generation {
    pub(super) from: i32,
    pub(super) to: i32,
    pub(super) female_first: Vec<&'static str>,
    pub(super) female_second: Vec<&'static str>,
    pub(super) male_first: Vec<&'static str>,
    pub(super) male_second: Vec<&'static str>,
}

pub(super) struct Lists {
    pub(super) generations: Vec<Generation>,
    pub(super) businesses: Vec<&'static str>,
    pub(super) villages: Vec<Village>,
}

/// `names.csv`: `generasi;jenis_kelamin;bagian;nama`, the generation a range of birth years
/// (`-1974`, `1975-2004`, `2005-`), the part `depan` (first) or `belakang` (second).
pub(super) fn generations() -> Vec<Generation> {
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

pub(super) fn lines(s: &'static str) -> Vec<&'static str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

impl Lists {
    pub(super) fn load() -> Lists {
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
    pub(super) fn generation(&self, year: i32) -> &Generation {
        self.generations
            .iter()
            .find(|g| year <= g.to)
            .or(self.generations.last())
            .expect("assets/demo/names.csv lists names")
    }

    /// A name for someone born in `year`, from their generation's list: a first name none
    /// of `taken` (the family's, which it joins) carries, and usually a second name that is
    /// not the same word.
    pub(super) fn name(
        &self,
        rng: &mut Rng,
        sex: Sex,
        year: i32,
        taken: &mut Vec<&'static str>,
    ) -> String {
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
