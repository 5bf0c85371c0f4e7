//! A family drawn whole: its people, their ages and their PKH components.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use pilar_core::domain::Sex;
use pilar_core::domain::component::{Component, ComponentRules, cap, suggested_by_age};
use pilar_core::domain::pregnancy::Pregnancy;
use pilar_core::model::Relation;

use super::lists::Lists;
use super::rng::Rng;

pub(super) struct Person {
    pub(super) name: String,
    pub(super) sex: Sex,
    pub(super) birth: NaiveDate,
    pub(super) relation: Relation,
    pub(super) component: Option<Component>,
    pub(super) pregnancy: Pregnancy,
}

pub(super) fn birth(rng: &mut Rng, today: NaiveDate, age: i64) -> NaiveDate {
    today - Duration::days(age * 365 + rng.range(0, 364))
}

/// Draws a family: the pengurus first (usually the mother; a father raising children alone
/// when there is no woman of 17 or more), then her husband, the children, sometimes a
/// grandparent. Ages are drawn from the pengurus's: a mother is 17-45 at each birth, a
/// grandparent at least 31 years older than the pengurus and 19 than the head.
pub(super) fn family(rng: &mut Rng, lists: &Lists, today: NaiveDate) -> Vec<Person> {
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
pub(super) fn components(
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
pub(super) fn demo_pregnancy(
    mother_birth: NaiveDate,
    children: usize,
    today: NaiveDate,
) -> Pregnancy {
    let offset = i64::from(mother_birth.ordinal() * 7 % 270) - 30;
    Pregnancy {
        order: Some(children as u8 + 1),
        birth: Some(today + Duration::days(offset)),
    }
}
