//! The proposals of the calendar for "Hari ini" (issue 11 item 2), read in bulk: the
//! members who may be concerned (an expected birth date passed, a child of school-entry
//! age without a school component, a pupil of the age that finishes a level) in one
//! query over the scope's active households, the events that answer them in a second,
//! and the core's rule (`domain::life_event::proposal`) deciding.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use rusqlite::params;

use super::read::{ACTIVE, key};
use super::{Result, Store};
use pilar_core::domain::component::Component;
use pilar_core::domain::life_event::proposal::{
    FINISH_AGE, SD_ENTRY_AGE, line_detail, proposals, school_year_end,
};
use pilar_core::domain::life_event::{LifeEventKind, Person};
use pilar_core::domain::pregnancy::Pregnancy;
use pilar_core::domain::today::{MAX_PER_REASON, Reason, TodayItem};
use pilar_core::domain::{Sex, text};
use pilar_core::model::{Relation, Scope};

/// The household of a candidate: (pengurus name, village, facilitator).
type Place = (String, String, String);
/// The events stored for each household's members: (member, kind, date).
type Answered = BTreeMap<String, Vec<(String, LifeEventKind, NaiveDate)>>;

impl Store {
    /// The proposed life events of `scope` on `today`, one line each (at most
    /// [`MAX_PER_REASON`]). Over more households than the gauge forecasts (a supervisor's
    /// widest scope on a very large file) none: reading them would hold up the screen.
    pub(super) fn proposed_events(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> Result<Vec<TodayItem>> {
        let worker = match scope {
            Scope::Worker(id) => Some(id.clone()),
            Scope::All => {
                if self.past_forecast_limit(scope)? {
                    return Ok(Vec::new());
                }
                None
            }
        };
        let years = |n: u32| {
            today
                .checked_sub_months(Months::new(12 * n))
                .unwrap_or(today)
        };
        let end = school_year_end(today);
        let finished = |c: Component| {
            let age = FINISH_AGE.iter().find(|(l, _)| *l == c).map_or(99, |f| f.1);
            end.checked_sub_months(Months::new(12 * age)).unwrap_or(end)
        };
        let active = ACTIVE.replace("+status", "h.status");
        // A facilitator's households through the worker index (`?1 IS NULL OR` would walk
        // every household's name instead).
        let mine = if worker.is_some() {
            "h.worker_id = ?1"
        } else {
            "?1 IS NULL"
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT m.id, m.household_id, m.name, m.sex, m.birth_date, m.relation, m.component,
                    m.pregnancy_order, m.pregnancy_birth, h.pengurus_name, h.village,
                    w.name AS facilitator
             FROM members m JOIN households h ON h.id = m.household_id
             JOIN workers w ON w.id = h.worker_id
             WHERE m.deleted = 0 AND m.left_on IS NULL AND h.deleted = 0 AND {active}
               AND {mine}
               AND ((m.component = 'ibu_hamil' AND m.pregnancy_birth < ?2)
                 OR ((m.component IS NULL OR m.component = 'anak_usia_dini')
                     AND m.birth_date <= ?3 AND m.birth_date > ?4)
                 OR (m.component = 'sd' AND m.birth_date <= ?5)
                 OR (m.component = 'smp' AND m.birth_date <= ?6)
                 OR (m.component = 'sma' AND m.birth_date <= ?7))
             ORDER BY h.search_text, m.id LIMIT ?8"
        ))?;
        let rows = stmt.query_map(
            params![
                worker,
                today,
                years(SD_ENTRY_AGE),
                years(13),
                finished(Component::Sd),
                finished(Component::Smp),
                finished(Component::Sma),
                (MAX_PER_REASON * 4) as i64
            ],
            |r| {
                let component: Option<String> = r.get("component")?;
                let person = Person {
                    id: r.get("id")?,
                    name: r.get("name")?,
                    nik: String::new(),
                    sex: key(r, "sex", Sex::from_key)?,
                    birth_date: r.get("birth_date")?,
                    relation: key(r, "relation", Relation::from_key)?,
                    component: component.as_deref().and_then(Component::from_key),
                    pregnancy: Pregnancy {
                        order: r.get("pregnancy_order")?,
                        birth: r.get("pregnancy_birth")?,
                    },
                    left: false,
                };
                let household: String = r.get("household_id")?;
                let place: Place = (
                    r.get("pengurus_name")?,
                    r.get("village")?,
                    r.get("facilitator")?,
                );
                Ok((household, place, person))
            },
        )?;
        let mut by_household: BTreeMap<String, (Place, Vec<Person>)> = BTreeMap::new();
        for row in rows {
            let (h, place, person) = row?;
            by_household
                .entry(h)
                .or_insert((place, Vec::new()))
                .1
                .push(person);
        }
        let answered = self.answered_events(by_household.keys().cloned().collect())?;
        let mut out = Vec::new();
        for (household, ((name, village, facilitator), people)) in by_household {
            let mine: Vec<(&str, LifeEventKind, NaiveDate)> = answered
                .get(&household)
                .map(|v| v.iter().map(|(m, k, d)| (m.as_str(), *k, *d)).collect())
                .unwrap_or_default();
            for p in proposals(&people, &mine, today) {
                out.push(TodayItem {
                    reason: Reason::LifeEvent,
                    household_id: Some(household.clone()),
                    name: name.clone(),
                    village: village.clone(),
                    facilitator: facilitator.clone(),
                    date: Some(p.due),
                    number: 0,
                    detail: line_detail(&p),
                    households: vec![(p.member.clone(), text::neutralize(&p.name))],
                    module: None,
                });
            }
        }
        out.truncate(MAX_PER_REASON as usize);
        Ok(out)
    }

    /// The events stored (recorded or dismissed) of `households`' members, by household.
    fn answered_events(&self, households: Vec<String>) -> Result<Answered> {
        let json = serde_json::to_string(&households).unwrap_or_else(|_| "[]".into());
        let mut stmt = self.conn().prepare_cached(
            "SELECT household_id, member_id, kind, date FROM life_events
             WHERE household_id IN (SELECT value FROM json_each(?1)) AND member_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([json], |r| {
            Ok((
                r.get::<_, String>("household_id")?,
                r.get::<_, String>("member_id")?,
                key(r, "kind", LifeEventKind::from_key)?,
                r.get::<_, NaiveDate>("date")?,
            ))
        })?;
        let mut out: BTreeMap<String, Vec<_>> = BTreeMap::new();
        for row in rows {
            let (h, m, k, d) = row?;
            out.entry(h).or_default().push((m, k, d));
        }
        Ok(out)
    }
}
