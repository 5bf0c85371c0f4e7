//! The team roll-up behind the supervisor's team screen and `pilar report`: per
//! facilitator, caseload, graduations against the target, candidates, recent activity,
//! P2K2 sessions, overdue follow-ups and families not visited; plus graduations per month
//! and activities per week. A handful of GROUP BY queries, one pass each. Every `sum` is
//! wrapped in `coalesce`: a comparison with a NULL date is NULL, and a group of only NULLs
//! sums to NULL (a caseload without any follow-up date yet).

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::params;

use super::read::{ACTIVE, key};
use super::{Result, Store};
use pilar_core::domain::graduation::{ExitKind, TargetPolicy};
use pilar_core::model::{Scope, TEAM_WEEKS, TeamData, TeamRow};

impl Store {
    /// The roll-up of `scope`'s facilitators (every facilitator for [`Scope::All`]) for
    /// `year`: graduations of that year, activities in the windows ending `as_of`, and the
    /// caseload as it stands `today` (households, candidates, overdue follow-ups and visits
    /// have no history to look back into, so a past year's report shows them as now).
    pub fn team(
        &self,
        scope: &Scope,
        year: i32,
        as_of: NaiveDate,
        today: NaiveDate,
        policy: &TargetPolicy,
    ) -> Result<TeamData> {
        let conn = self.conn();
        let only: Option<&str> = match scope {
            Scope::Worker(id) => Some(id),
            Scope::All => None,
        };
        let mut rows: Vec<TeamRow> = conn
            .prepare_cached(
                "SELECT id, name, login, annual_target FROM workers
                 WHERE role = 'facilitator' AND (?1 IS NULL OR id = ?1)
                 ORDER BY name, login",
            )?
            .query_map([only], |r| {
                Ok(TeamRow {
                    worker_id: r.get("id")?,
                    name: r.get("name")?,
                    login: r.get("login")?,
                    target: r.get("annual_target")?,
                    ..TeamRow::default()
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let index: HashMap<String, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.worker_id.clone(), i))
            .collect();
        let visit_cutoff = today - Duration::days(90);
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT worker_id,
                    count(*) AS caseload,
                    coalesce(sum(status = 'calon_graduasi'), 0) AS candidates,
                    coalesce(sum(next_follow_up < ?1), 0) AS overdue,
                    coalesce(sum(last_visit IS NULL OR last_visit < ?2), 0) AS not_visited_90d
             FROM households INDEXED BY households_team
             WHERE deleted = 0 AND {ACTIVE} AND (?3 IS NULL OR worker_id = ?3)
             GROUP BY worker_id"
        ))?;
        let mut q = stmt.query(params![today, visit_cutoff, only])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = index.get(&r.get::<_, String>("worker_id")?) {
                let row = &mut rows[i];
                row.caseload = r.get("caseload")?;
                row.candidates = r.get("candidates")?;
                row.overdue = r.get("overdue")?;
                row.not_visited_90d = r.get("not_visited_90d")?;
            }
        }
        // Payment problems: active households with a tahap of last year or this year not
        // received (as the gauge counts them).
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT worker_id, count(*) AS n FROM households
             WHERE deleted = 0 AND {ACTIVE} AND (?2 IS NULL OR worker_id = ?2)
               AND id IN (SELECT household_id FROM payments
                          WHERE status = 'tidak_diterima' AND year >= ?1)
             GROUP BY worker_id"
        ))?;
        let mut q = stmt.query(params![super::list::pay_since(today), only])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = index.get(&r.get::<_, String>("worker_id")?) {
                rows[i].pay_problems = r.get("n")?;
            }
        }
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of);
        let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(as_of);
        let mut by_month = [0u32; 12];
        let mut stmt = conn.prepare_cached(
            "SELECT worker_id, kind, CAST(substr(date, 6, 2) AS INTEGER) AS month, count(*) AS n
             FROM graduations
             WHERE undone = 0 AND date >= ?1 AND date < ?2 AND (?3 IS NULL OR worker_id = ?3)
             GROUP BY worker_id, kind, 3",
        )?;
        let mut q = stmt.query(params![from, to, only])?;
        while let Some(r) = q.next()? {
            let kind = key(r, "kind", ExitKind::from_key)?;
            if !policy.counts(kind) {
                continue;
            }
            let month: i64 = r.get("month")?;
            let n: u32 = r.get("n")?;
            if let Some(&i) = index.get(&r.get::<_, String>("worker_id")?) {
                rows[i].graduated += n;
                if let Some(m) = usize::try_from(month - 1).ok().filter(|m| *m < 12) {
                    by_month[m] += n;
                }
            }
        }
        let month_start = as_of.with_day(1).unwrap_or(as_of);
        let recent = as_of - Duration::days(29);
        let mut stmt = conn.prepare_cached(
            "SELECT worker_id,
                    coalesce(sum(date >= ?1), 0) AS activities_30d,
                    coalesce(sum(kind = 'p2k2' AND date >= ?2), 0) AS p2k2_month
             FROM activities INDEXED BY activities_team
             WHERE deleted = 0 AND date >= min(?1, ?2) AND date <= ?3 AND author_id = worker_id
               AND (?4 IS NULL OR worker_id = ?4)
             GROUP BY worker_id",
        )?;
        let mut q = stmt.query(params![recent, month_start, as_of, only])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = index.get(&r.get::<_, String>("worker_id")?) {
                rows[i].activities_30d = r.get("activities_30d")?;
                rows[i].p2k2_month = r.get("p2k2_month")?;
            }
        }
        // Activities per day (in index order), bucketed into weeks here. Activities are
        // filed under the household's facilitator, so every one belongs to a row.
        let first_day = as_of - Duration::days(7 * TEAM_WEEKS as i64 - 1);
        let mut weeks = vec![0u32; TEAM_WEEKS];
        let mut stmt = conn.prepare_cached(
            "SELECT date, count(*) AS n
             FROM activities INDEXED BY activities_team
             WHERE deleted = 0 AND date >= ?1 AND date <= ?2 AND author_id = worker_id
               AND (?3 IS NULL OR worker_id = ?3)
             GROUP BY date",
        )?;
        let mut q = stmt.query(params![first_day, as_of, only])?;
        while let Some(r) = q.next()? {
            let date: NaiveDate = r.get("date")?;
            let n: u32 = r.get("n")?;
            let ago = (as_of - date).num_days() / 7;
            if let Some(w) = usize::try_from(ago).ok().filter(|w| *w < TEAM_WEEKS) {
                weeks[TEAM_WEEKS - 1 - w] += n;
            }
        }
        Ok(TeamData {
            year,
            as_of: Some(as_of),
            state_on: Some(today),
            rows,
            graduations_by_month: by_month,
            activities_by_week: weeks,
        })
    }
}
