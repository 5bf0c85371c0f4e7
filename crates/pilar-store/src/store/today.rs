//! The lines of "Hari ini" and of the printed visit plan, one query per reason of
//! [`pilar_core::domain::today::SOURCES`] (at most [`MAX_PER_REASON`] lines each). The
//! core orders them; this only finds them. A new reason gets its function here (those of
//! the facilitator's month in `today_month.rs`) and its arm in [`Store::today_reason`].

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};

use super::read::ACTIVE;
use super::{Result, Store};
use pilar_core::domain::activity::P2k2Module;
use pilar_core::domain::component::ComponentRules;
use pilar_core::domain::forecast::{GAUGE_FORECAST_MAX_HOUSEHOLDS, READY_THRESHOLD};
use pilar_core::domain::readiness::ReadinessSettings;
use pilar_core::domain::today::{
    MAX_PER_REASON, NOT_VISITED_DAYS, REFERRAL_WAIT_DAYS, Reason, SOURCES, TodayItem, next_session,
};
use pilar_core::model::Scope;

/// A P2K2 group whose last session is older than this is not meeting any more.
const GROUP_ACTIVE_DAYS: i64 = 90;

pub(super) fn scope_value(scope: &Scope) -> Value {
    match scope {
        Scope::Worker(id) => Value::Text(id.clone()),
        Scope::All => Value::Null,
    }
}

pub(super) fn item(reason: Reason) -> TodayItem {
    TodayItem {
        reason,
        household_id: None,
        name: String::new(),
        village: String::new(),
        facilitator: String::new(),
        date: None,
        number: 0,
        detail: String::new(),
        households: Vec::new(),
        module: None,
    }
}

impl Store {
    /// Today's lines of `scope`, every reason, unordered (the core orders them);
    /// `failing` is the months not met in a row that flag a household (the setting).
    pub fn today(
        &self,
        scope: &Scope,
        today: NaiveDate,
        rules: &ComponentRules,
        readiness: &ReadinessSettings,
        failing: u32,
    ) -> Result<Vec<TodayItem>> {
        let mut out = Vec::new();
        for &reason in SOURCES {
            out.extend(self.today_reason(reason, scope, today, today, rules, readiness, failing)?);
        }
        Ok(out)
    }

    /// The visit plan of `from..=to` (`pilar print visits`): open follow-ups due by `to`
    /// (those before `from` overdue) and the active families that will have gone
    /// [`NOT_VISITED_DAYS`] days without a visit by `to`. Unordered.
    pub fn visit_plan(
        &self,
        scope: &Scope,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<TodayItem>> {
        let mut out = self.follow_ups(scope, from, to, true)?;
        out.extend(self.follow_ups(scope, from, to, false)?);
        out.extend(self.not_visited(scope, to)?);
        Ok(out)
    }

    /// The household `key` names (its id or its No KK) in `scope`, not voided.
    pub fn find_household(&self, scope: &Scope, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id FROM households
                 WHERE deleted = 0 AND (id = ?1 OR no_kk = ?1)
                   AND (?2 IS NULL OR worker_id = ?2)
                 ORDER BY id LIMIT 1",
            )?
            .query_row(params![key.trim(), scope_value(scope)], |r| r.get("id"))
            .optional()?)
    }

    /// The lines of one reason, as of `today`; follow-ups due up to `until` (today for the
    /// screen, the last day of a printed plan).
    #[allow(clippy::too_many_arguments)]
    pub fn today_reason(
        &self,
        reason: Reason,
        scope: &Scope,
        today: NaiveDate,
        until: NaiveDate,
        rules: &ComponentRules,
        readiness: &ReadinessSettings,
        failing: u32,
    ) -> Result<Vec<TodayItem>> {
        match reason {
            // Both from one read: the follow-ups due up to `until`.
            Reason::Overdue => self.follow_ups(scope, today, until, true),
            Reason::DueToday => self.follow_ups(scope, today, until, false),
            Reason::NotVisited => self.not_visited(scope, today),
            Reason::Failing => self.today_failing(scope, failing),
            Reason::PaymentProblem => self.today_payment_problems(scope, today),
            Reason::NotVerified => self.today_not_verified(scope, today),
            Reason::ReferralWaiting => self.referrals_waiting(scope, today),
            Reason::P2k2Next => self.next_sessions(scope, today),
            Reason::LifeEvent => self.proposed_events(scope, today),
            Reason::Ready => self.ready(scope, today, rules, readiness),
        }
    }

    /// Open follow-ups before `today` (`overdue`) or from `today` to `until`.
    fn follow_ups(
        &self,
        scope: &Scope,
        today: NaiveDate,
        until: NaiveDate,
        overdue: bool,
    ) -> Result<Vec<TodayItem>> {
        let rows = self.agenda(scope, until.max(today), 0, MAX_PER_REASON * 2)?;
        Ok(rows
            .into_iter()
            .filter(|a| (a.follow_up < today) == overdue)
            .take(MAX_PER_REASON as usize)
            .map(|a| TodayItem {
                household_id: a.household_id,
                name: a.household_name,
                village: a.village,
                facilitator: a.facilitator,
                date: Some(a.follow_up),
                number: (today - a.follow_up).num_days(),
                detail: a.summary,
                ..item(if overdue {
                    Reason::Overdue
                } else {
                    Reason::DueToday
                })
            })
            .collect())
    }

    /// Active families with no home visit in [`NOT_VISITED_DAYS`] days, never visited
    /// first, then the longest unvisited.
    fn not_visited(&self, scope: &Scope, today: NaiveDate) -> Result<Vec<TodayItem>> {
        let cutoff = today - Duration::days(NOT_VISITED_DAYS);
        let active = ACTIVE.replace("+status", "h.status");
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT h.id, h.pengurus_name, h.village, w.name AS facilitator, h.last_visit
             FROM households h JOIN workers w ON w.id = h.worker_id
             WHERE h.deleted = 0 AND {active} AND (?1 IS NULL OR h.worker_id = ?1)
               AND (h.last_visit IS NULL OR h.last_visit <= ?2)
             ORDER BY h.last_visit IS NOT NULL, h.last_visit, h.search_text LIMIT ?3"
        ))?;
        let rows = stmt.query_map(
            params![scope_value(scope), cutoff, MAX_PER_REASON as i64],
            |r| {
                let last: Option<NaiveDate> = r.get("last_visit")?;
                Ok(TodayItem {
                    household_id: Some(r.get("id")?),
                    name: r.get("pengurus_name")?,
                    village: r.get("village")?,
                    facilitator: r.get("facilitator")?,
                    date: last,
                    number: last.map_or(-1, |d| (today - d).num_days()),
                    ..item(Reason::NotVisited)
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Referrals proposed or accepted [`REFERRAL_WAIT_DAYS`] or more days ago, of active
    /// households.
    fn referrals_waiting(&self, scope: &Scope, today: NaiveDate) -> Result<Vec<TodayItem>> {
        let cutoff = today - Duration::days(REFERRAL_WAIT_DAYS);
        let active = ACTIVE.replace("+status", "h.status");
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT h.id, h.pengurus_name, h.village, w.name AS facilitator, r.date, r.program
             FROM referrals r JOIN households h ON h.id = r.household_id
             JOIN workers w ON w.id = h.worker_id
             WHERE r.status IN ('diusulkan', 'diterima') AND r.date <= ?2
               AND h.deleted = 0 AND {active} AND (?1 IS NULL OR h.worker_id = ?1)
             ORDER BY r.date, h.search_text LIMIT ?3"
        ))?;
        let rows = stmt.query_map(
            params![scope_value(scope), cutoff, MAX_PER_REASON as i64],
            |r| {
                let date: NaiveDate = r.get("date")?;
                Ok(TodayItem {
                    household_id: Some(r.get("id")?),
                    name: r.get("pengurus_name")?,
                    village: r.get("village")?,
                    facilitator: r.get("facilitator")?,
                    date: Some(date),
                    number: (today - date).num_days(),
                    detail: r.get("program")?,
                    ..item(Reason::ReferralWaiting)
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each P2K2 group (by its facilitator and name) that met in the last
    /// [`GROUP_ACTIVE_DAYS`] days: its next session, a month after the last, with the
    /// active households of its last session; a stored group's (`p2k2_groups`) with its
    /// place and its families instead. A stored group that has not met yet: its first
    /// session, today.
    fn next_sessions(&self, scope: &Scope, today: NaiveDate) -> Result<Vec<TodayItem>> {
        let since = today - Duration::days(GROUP_ACTIVE_DAYS);
        // SQLite takes the bare columns from the row that holds max(date).
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.group_name, max(a.date) AS last, a.p2k2_session, a.id, a.place,
                    w.name AS facilitator, a.p2k2_module, a.worker_id
             FROM activities a JOIN workers w ON w.id = a.worker_id
             WHERE a.kind = 'p2k2' AND a.deleted = 0 AND a.group_name <> ''
               AND (?1 IS NULL OR a.worker_id = ?1) AND a.date >= ?2
             GROUP BY a.worker_id, a.group_name
             ORDER BY a.group_name LIMIT ?3",
        )?;
        let groups = stmt
            .query_map(
                params![scope_value(scope), since, MAX_PER_REASON as i64],
                |r| {
                    Ok((
                        r.get::<_, String>("group_name")?,
                        r.get::<_, NaiveDate>("last")?,
                        r.get::<_, Option<i64>>("p2k2_session")?,
                        r.get::<_, String>("id")?,
                        r.get::<_, String>("place")?,
                        r.get::<_, String>("facilitator")?,
                        r.get::<_, Option<String>>("p2k2_module")?,
                        r.get::<_, String>("worker_id")?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let active = ACTIVE.replace("+status", "h.status");
        let mut members = self.conn().prepare_cached(&format!(
            "SELECT h.id, h.pengurus_name FROM households h
             WHERE h.deleted = 0 AND {active}
               AND (h.id IN (SELECT household_id FROM activity_households
                             WHERE activity_id = ?1)
                    OR h.id = (SELECT household_id FROM activities WHERE id = ?1))
             ORDER BY h.search_text, h.id"
        ))?;
        let mut stored = self.conn().prepare_cached(
            "SELECT id, place FROM p2k2_groups
             WHERE worker_id = ?1 AND name = ?2 AND deleted = 0",
        )?;
        let mut families = self.conn().prepare_cached(&format!(
            "SELECT h.id, h.pengurus_name FROM households h
             WHERE h.group_id = ?1 AND h.deleted = 0 AND {active}
             ORDER BY h.search_text, h.id"
        ))?;
        let mut out = Vec::new();
        for (group, held, last, activity_id, place, facilitator, module, worker) in groups {
            let module = module.as_deref().and_then(P2k2Module::from_key);
            let Some((module, number, date)) = next_session(module, last.unwrap_or(0), held) else {
                continue;
            };
            let group_row: Option<(String, String)> = stored
                .query_row(params![worker, group], |r| {
                    Ok((r.get("id")?, r.get("place")?))
                })
                .optional()?;
            let (households, place) = match group_row {
                Some((id, group_place)) => {
                    let rows = families
                        .query_map([&id], |r| Ok((r.get("id")?, r.get("pengurus_name")?)))?
                        .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
                    (
                        rows,
                        if group_place.is_empty() {
                            place
                        } else {
                            group_place
                        },
                    )
                }
                None => (
                    members
                        .query_map([&activity_id], |r| {
                            Ok((r.get("id")?, r.get("pengurus_name")?))
                        })?
                        .collect::<rusqlite::Result<Vec<(String, String)>>>()?,
                    place,
                ),
            };
            out.push(TodayItem {
                name: group,
                village: place,
                facilitator,
                date: Some(date),
                number,
                households,
                module: Some(module),
                ..item(Reason::P2k2Next)
            });
        }
        // Stored groups that never met: their first session, today.
        let mut new_groups = self.conn().prepare_cached(
            "SELECT g.id, g.name, g.place, w.name AS facilitator
             FROM p2k2_groups g JOIN workers w ON w.id = g.worker_id
             WHERE g.deleted = 0 AND (?1 IS NULL OR g.worker_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.worker_id = g.worker_id
                               AND a.group_name = g.name AND a.kind = 'p2k2' AND a.deleted = 0)
             ORDER BY g.name LIMIT ?2",
        )?;
        let fresh = new_groups
            .query_map(params![scope_value(scope), MAX_PER_REASON as i64], |r| {
                Ok((
                    r.get::<_, String>("id")?,
                    r.get::<_, String>("name")?,
                    r.get::<_, String>("place")?,
                    r.get::<_, String>("facilitator")?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (id, name, place, facilitator) in fresh {
            let households = families
                .query_map([&id], |r| Ok((r.get("id")?, r.get("pengurus_name")?)))?
                .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
            let Some((module, number)) = pilar_core::domain::groups::next_session(None) else {
                continue;
            };
            out.push(TodayItem {
                name,
                village: place,
                facilitator,
                date: Some(today),
                number: i64::from(number),
                households,
                module: Some(module),
                ..item(Reason::P2k2Next)
            });
        }
        Ok(out)
    }

    /// Active households with a readiness of [`READY_THRESHOLD`] or more, readiest first.
    /// Over more households than the gauge forecasts (a supervisor's widest scope on a
    /// very large file) none: scoring them all would take seconds.
    fn ready(
        &self,
        scope: &Scope,
        today: NaiveDate,
        rules: &ComponentRules,
        settings: &ReadinessSettings,
    ) -> Result<Vec<TodayItem>> {
        if matches!(scope, Scope::All) {
            let big: bool = self.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM households WHERE deleted = 0 LIMIT 1 OFFSET ?1) AS big",
                [GAUGE_FORECAST_MAX_HOUSEHOLDS],
                |r| r.get("big"),
            )?;
            if big {
                return Ok(Vec::new());
            }
        }
        let mut ready: Vec<_> = self
            .readiness_scores(scope, today, rules, settings)?
            .into_iter()
            .filter(|r| r.score >= READY_THRESHOLD)
            .collect();
        ready.sort_by_key(|r| std::cmp::Reverse(r.score));
        ready.truncate(MAX_PER_REASON as usize);
        let places = self.places(ready.iter().map(|r| r.id.clone()).collect())?;
        Ok(ready
            .into_iter()
            .map(|r| {
                let (village, facilitator) = places.get(&r.id).cloned().unwrap_or_default();
                TodayItem {
                    household_id: Some(r.id),
                    name: r.name,
                    village,
                    facilitator,
                    number: i64::from(r.score),
                    ..item(Reason::Ready)
                }
            })
            .collect())
    }

    /// The village and the facilitator's name of each household of `ids`.
    fn places(&self, ids: Vec<String>) -> Result<HashMap<String, (String, String)>> {
        let json = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
        let mut stmt = self.conn().prepare_cached(
            "SELECT h.id, h.village, w.name AS facilitator FROM households h
             JOIN workers w ON w.id = h.worker_id
             WHERE h.id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([json], |r| {
            Ok((r.get("id")?, (r.get("village")?, r.get("facilitator")?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
