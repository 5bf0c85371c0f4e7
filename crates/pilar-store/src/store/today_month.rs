//! The lines of "Hari ini" from the facilitator's month (issue 11 item 7): repeated
//! commitment failures, payment problems and this month's verifications not done, each
//! kept short (one line per household, or per P2K2 group). The core orders them.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::params;

use super::read::ACTIVE;
use super::today::{item, scope_value};
use super::{Result, Store};
use pilar_core::domain::payment::{tahap_of, tahap_start};
use pilar_core::domain::today::{MAX_PER_REASON, Reason, TodayItem};
use pilar_core::domain::verification::Month;
use pilar_core::model::Scope;

/// A filter term's value as the list parses it: quoted when it holds a space or a quote.
fn term_value(v: &str) -> String {
    if v.chars().any(|c| c.is_whitespace() || c == '"') {
        format!("\"{}\"", v.replace('"', ""))
    } else {
        v.to_string()
    }
}

impl Store {
    /// Households with a member not met `months` months in a row (`failing_households`,
    /// the agenda's rule), one line per household: its longest run and its members.
    pub(super) fn today_failing(&self, scope: &Scope, months: u32) -> Result<Vec<TodayItem>> {
        let mut by_household: BTreeMap<String, TodayItem> = BTreeMap::new();
        for f in self.failing_households(scope, months)? {
            let line = by_household
                .entry(f.household_id.clone())
                .or_insert_with(|| TodayItem {
                    household_id: Some(f.household_id.clone()),
                    name: f.household_name.clone(),
                    village: f.village.clone(),
                    ..item(Reason::Failing)
                });
            if i64::from(f.run) > line.number {
                line.number = i64::from(f.run);
                line.date = Some(f.last.first_day());
            }
            if !line.detail.is_empty() {
                line.detail.push_str(", ");
            }
            line.detail.push_str(&f.member_name);
        }
        let facilitators: BTreeMap<String, String> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT h.id, w.name AS facilitator FROM households h
                 JOIN workers w ON w.id = h.worker_id WHERE h.id = ?1",
            )?;
            let mut out = BTreeMap::new();
            for id in by_household.keys() {
                let name: String = stmt.query_row([id], |r| r.get("facilitator"))?;
                out.insert(id.clone(), name);
            }
            out
        };
        Ok(by_household
            .into_iter()
            .map(|(id, mut line)| {
                line.facilitator = facilitators.get(&id).cloned().unwrap_or_default();
                line
            })
            .collect())
    }

    /// Active households with a tahap of last year or this year, started by `today`, not
    /// received with a problem: one line per household, its latest such tahap.
    pub(super) fn today_payment_problems(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> Result<Vec<TodayItem>> {
        let active = ACTIVE.replace("+status", "h.status");
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT h.id, h.pengurus_name, h.village, w.name AS facilitator,
                    p.year, p.tahap, p.problem
             FROM payments p JOIN households h ON h.id = p.household_id
             JOIN workers w ON w.id = h.worker_id
             WHERE p.status = 'tidak_diterima' AND p.problem IS NOT NULL
               AND p.year >= ?2 - 1 AND (p.year < ?2 OR p.tahap <= ?3)
               AND h.deleted = 0 AND {active} AND (?1 IS NULL OR h.worker_id = ?1)
             ORDER BY p.year DESC, p.tahap DESC, h.search_text LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![
                scope_value(scope),
                today.year(),
                tahap_of(today),
                (MAX_PER_REASON * 4) as i64
            ],
            |r| {
                let year: i32 = r.get("year")?;
                let tahap: u8 = r.get("tahap")?;
                Ok(TodayItem {
                    household_id: Some(r.get("id")?),
                    name: r.get("pengurus_name")?,
                    village: r.get("village")?,
                    facilitator: r.get("facilitator")?,
                    date: tahap_start(year, tahap),
                    number: i64::from(tahap),
                    detail: r.get("problem")?,
                    ..item(Reason::PaymentProblem)
                })
            },
        )?;
        // The latest first in the query: the first line of each household is kept.
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for line in rows {
            let line = line?;
            if seen.insert(line.household_id.clone()) {
                out.push(line);
            }
        }
        out.truncate(MAX_PER_REASON as usize);
        Ok(out)
    }

    /// The verifications not done of the month before and of this month: the month
    /// before's stay until they are done (a month's outcomes are known at its end, so
    /// they are recorded in the first days of the next, when this month's are only
    /// starting).
    pub(super) fn today_not_verified(
        &self,
        scope: &Scope,
        today: NaiveDate,
    ) -> Result<Vec<TodayItem>> {
        let this = Month::of(today);
        // Over more households than the gauge forecasts (a supervisor's widest scope on a
        // very large file) this month's only: where the month before is done, its read
        // walks every household (0.66 s at 200,000).
        let mut out = if self.past_forecast_limit(scope)? {
            Vec::new()
        } else {
            self.not_verified_in(scope, this.prev(), true)?
        };
        out.extend(self.not_verified_in(scope, this, false)?);
        Ok(out)
    }

    /// A month's verifications not done: the active households with a member holding a
    /// component (born by the month's end, as the verification screen lists them) and no
    /// outcome that month (for a past month, among the households in the file before it
    /// ended: one added since was not this caseload's then). A household in a P2K2 group
    /// is counted on its group's line.
    fn not_verified_in(&self, scope: &Scope, month: Month, past: bool) -> Result<Vec<TodayItem>> {
        // Walked in name order (`households_name`, or `households_worker_name` for one
        // facilitator) up to the LIMIT: the status stays out of the index choice (`+`), and
        // the scope is an equality where there is one. Filtering by the status index first
        // meant reading every active household before sorting (0.79 s against 0.09 s for
        // everyone's at 200,000 households).
        let active = ACTIVE.replace("+status", "+h.status");
        let scoped = match scope {
            Scope::Worker(_) => "h.worker_id = ?1",
            Scope::All => "?1 IS NULL",
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT h.id, h.pengurus_name, h.village, h.no_kk, w.name AS facilitator,
                    g.name AS group_name, g.place AS group_place,
                    (SELECT count(*) FROM members m
                     WHERE m.household_id = h.id AND m.deleted = 0
                       AND m.component IS NOT NULL
                       AND (m.birth_date IS NULL OR m.birth_date < ?2)
                       AND NOT EXISTS (SELECT 1 FROM verifications v
                                       WHERE v.member_id = m.id AND v.month = ?3)) AS members_left
             FROM households h JOIN workers w ON w.id = h.worker_id
             LEFT JOIN p2k2_groups g ON g.id = h.group_id AND g.deleted = 0
             WHERE h.deleted = 0 AND {active} AND {scoped}
               AND (?5 = 0 OR h.created_at < ?2) AND members_left > 0
             ORDER BY h.search_text, h.id LIMIT ?4"
        ))?;
        let mut rows = stmt.query(params![
            scope_value(scope),
            month.next().first_day(),
            month.key(),
            (MAX_PER_REASON * 4) as i64,
            past
        ])?;
        let first = month.first_day();
        let mut groups: BTreeMap<String, TodayItem> = BTreeMap::new();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get("id")?;
            let name: String = r.get("pengurus_name")?;
            let group: Option<String> = r.get("group_name")?;
            match group {
                Some(group) => {
                    let facilitator: String = r.get("facilitator")?;
                    let line = groups
                        .entry(format!("{facilitator}\u{0}{group}"))
                        .or_insert_with(|| TodayItem {
                            village: r.get("group_place").unwrap_or_default(),
                            facilitator: facilitator.clone(),
                            date: Some(first),
                            detail: format!("kelompok:{}", term_value(&group)),
                            name: group.clone(),
                            ..item(Reason::NotVerified)
                        });
                    line.households.push((id, name));
                    line.number += 1;
                }
                None => {
                    let no_kk: String = r.get("no_kk")?;
                    out.push(TodayItem {
                        household_id: Some(id),
                        village: r.get("village")?,
                        facilitator: r.get("facilitator")?,
                        date: Some(first),
                        number: r.get("members_left")?,
                        // The No KK names the household in the list's search; a household
                        // without one, its name.
                        detail: if no_kk.is_empty() {
                            term_value(&name)
                        } else {
                            no_kk
                        },
                        name,
                        ..item(Reason::NotVerified)
                    });
                }
            }
        }
        out.extend(groups.into_values());
        out.truncate(MAX_PER_REASON as usize);
        Ok(out)
    }
}
