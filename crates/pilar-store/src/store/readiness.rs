//! The inputs of graduation readiness read in bulk for a caseload (issue 11 item 5): the
//! households' own facts, their members' components, P2K2 attendance, the commitments
//! met of the last 6 months and referrals in progress, handed to the pure rule ([`pilar_core::domain::readiness`]). The scores are
//! kept in memory behind the SQL function `pilar_readiness(id)` of this connection (NULL
//! for a household without a score): never in the file, never synced, nothing written (a
//! read-only database sorts by it too). The list sorts and filters by it; the gauge's
//! forecast reads the candidates.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;

use super::read::{ACTIVE, column_indexes, key};
use super::{Result, Store};
use pilar_core::domain::Sex;
use pilar_core::domain::component::{Component, ComponentPerson, ComponentRules};
use pilar_core::domain::forecast::{Candidate, GAUGE_FORECAST_MAX_HOUSEHOLDS, READY_THRESHOLD};
use pilar_core::domain::graduation::HouseholdStatus;
use pilar_core::domain::graduation::TargetPolicy;
use pilar_core::domain::pregnancy::Pregnancy;
use pilar_core::domain::readiness::{
    ReadinessInputs, ReadinessSettings, commitments_from, components_ending, readiness,
    years_on_pkh,
};
use pilar_core::domain::verification::Month;
use pilar_core::model::{ForecastReach, GaugeData, ReadinessRow, Scope};

/// The SQL function that answers a household's score.
pub(super) const FUNCTION: &str = "pilar_readiness";

/// What a set of scores was computed for: the caseload, the day, the rules and settings,
/// and the file as it was then (another connection's commits move `data_version`, this
/// connection's own writes `total_changes`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct MemoKey {
    scope: Scope,
    today: NaiveDate,
    rules: ComponentRules,
    settings: ReadinessSettings,
    data_version: i64,
    changes: u64,
}

/// The last scores computed on this connection. The start asks for them twice (the gauge's
/// forecast and Hari ini's "ready to graduate"); the second is answered from here, and
/// `pilar_readiness` already answers them.
#[derive(Default)]
pub(super) struct Memo(std::cell::RefCell<Option<(MemoKey, Vec<ReadinessRow>)>>);

/// Makes `pilar_readiness(id)` answer from `scores`.
fn register(conn: &rusqlite::Connection, scores: HashMap<String, u8>) -> Result<()> {
    let scores = Arc::new(scores);
    conn.create_scalar_function(FUNCTION, 1, FunctionFlags::SQLITE_UTF8, move |ctx| {
        let id: String = ctx.get(0)?;
        Ok(scores.get(&id).copied())
    })?;
    Ok(())
}

impl Store {
    /// Fills each facilitator's forecast candidates in a team roll-up from the readiness of
    /// the households of `scope` on `today`.
    pub fn team_forecast(
        &self,
        data: &mut pilar_core::model::TeamData,
        scope: &Scope,
        today: NaiveDate,
        rules: &ComponentRules,
        settings: &ReadinessSettings,
    ) -> Result<()> {
        let mut by_worker: HashMap<String, Vec<Candidate>> = HashMap::new();
        for r in self.readiness_scores(scope, today, rules, settings)? {
            if r.marked || r.score >= READY_THRESHOLD {
                by_worker.entry(r.worker_id).or_default().push(Candidate {
                    name: r.name,
                    score: r.score,
                    marked: r.marked,
                });
            }
        }
        for row in &mut data.rows {
            row.ready = by_worker.remove(&row.worker_id).unwrap_or_default();
        }
        Ok(())
    }

    /// Makes sure `pilar_readiness` exists before a list query calls it (with no score
    /// until the gauge's load computes them: then no household matches `siap:`).
    pub(super) fn readiness_function(&self, q: &pilar_core::model::ListQuery) -> Result<()> {
        if !q.uses_readiness() {
            return Ok(());
        }
        let known: bool = self.conn().query_row(
            "SELECT count(*) > 0 AS known FROM pragma_function_list WHERE name = ?1",
            [FUNCTION],
            |r| r.get("known"),
        )?;
        if !known {
            register(self.conn(), HashMap::new())?;
        }
        Ok(())
    }

    /// The gauge's numbers with the forecast's candidates (and `pilar_readiness` answering the new scores).
    pub fn gauge_with_forecast(
        &self,
        scope: &Scope,
        today: NaiveDate,
        policy: &TargetPolicy,
        rules: &ComponentRules,
        settings: &ReadinessSettings,
    ) -> Result<GaugeData> {
        let mut data = self.gauge(scope, today, policy)?;
        if self.past_forecast_limit(scope)? {
            data.forecast_reach = ForecastReach::TooMany;
            return Ok(data);
        }
        data.forecast_reach = ForecastReach::Scored;
        self.count_gauge_shares(&mut data.shares, data.year, policy)?;
        for r in self.readiness_scores(scope, today, rules, settings)? {
            if !(r.marked || r.score >= READY_THRESHOLD) {
                continue;
            }
            let candidate = Candidate {
                name: r.name,
                score: r.score,
                marked: r.marked,
            };
            // Over several facilitators each also counts in its facilitator's forecast.
            if let Ok(i) = data
                .shares
                .binary_search_by(|s| s.worker_id.as_str().cmp(&r.worker_id))
            {
                data.shares[i].ready.push(candidate.clone());
            }
            data.ready.push(candidate);
        }
        Ok(data)
    }

    /// Whether `scope` holds more than [`GAUGE_FORECAST_MAX_HOUSEHOLDS`] households, where
    /// the gauge's forecast and the scope-wide reads of "Hari ini" that would hold up a
    /// screen are skipped. A scope past the limit is only ever everyone's (a facilitator
    /// has hundreds): one bounded probe instead of a count over a million rows.
    pub(super) fn past_forecast_limit(&self, scope: &Scope) -> Result<bool> {
        if !matches!(scope, Scope::All) {
            return Ok(false);
        }
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM households WHERE deleted = 0 LIMIT 1 OFFSET ?1) AS big",
            [GAUGE_FORECAST_MAX_HOUSEHOLDS],
            |r| r.get("big"),
        )?)
    }

    /// The readiness of every active household of `scope` on `today`, by name; the scores
    /// also answer `pilar_readiness` for the list.
    pub fn readiness_scores(
        &self,
        scope: &Scope,
        today: NaiveDate,
        rules: &ComponentRules,
        settings: &ReadinessSettings,
    ) -> Result<Vec<ReadinessRow>> {
        let key = MemoKey {
            scope: scope.clone(),
            today,
            rules: rules.clone(),
            settings: *settings,
            data_version: self.data_version()?,
            changes: self.conn().total_changes(),
        };
        if let Some((k, rows)) = self.readiness_memo.0.borrow().as_ref()
            && *k == key
        {
            return Ok(rows.clone());
        }
        let rows = self.compute_readiness(scope, today, rules, settings)?;
        *self.readiness_memo.0.borrow_mut() = Some((key, rows.clone()));
        Ok(rows)
    }

    fn compute_readiness(
        &self,
        scope: &Scope,
        today: NaiveDate,
        rules: &ComponentRules,
        settings: &ReadinessSettings,
    ) -> Result<Vec<ReadinessRow>> {
        let conn = self.conn();
        let (clause, worker): (&str, Value) = match scope {
            Scope::Worker(id) => ("h.worker_id = ?1", Value::Text(id.clone())),
            Scope::All => ("?1 IS NULL", Value::Null),
        };
        let active = ACTIVE.replace("+status", "h.status");
        let from = format!("households h WHERE h.deleted = 0 AND {active} AND {clause}");
        let mut rows: Vec<(ReadinessRow, ReadinessInputs)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        {
            let mut stmt = conn.prepare(&format!(
                "SELECT h.id, h.pengurus_name, h.worker_id, h.status, h.desil, h.year_joined,
                        h.has_business, h.business_income FROM {from}
                 ORDER BY h.search_text, h.id"
            ))?;
            let [
                id_at,
                name_at,
                worker_at,
                status_at,
                desil_at,
                year_at,
                business_at,
                income_at,
            ] = column_indexes(
                &stmt,
                [
                    "id",
                    "pengurus_name",
                    "worker_id",
                    "status",
                    "desil",
                    "year_joined",
                    "has_business",
                    "business_income",
                ],
            )?;
            let mut q = stmt.query([&worker])?;
            while let Some(r) = q.next()? {
                let id: String = r.get(id_at)?;
                let has_business: bool = r.get(business_at)?;
                let year_joined: Option<i32> = r.get(year_at)?;
                let income: Option<i64> = r.get(income_at)?;
                index.insert(id.clone(), rows.len());
                rows.push((
                    ReadinessRow {
                        id,
                        name: r.get(name_at)?,
                        worker_id: r.get(worker_at)?,
                        marked: key(r, status_at, HouseholdStatus::from_key)?
                            == HouseholdStatus::CalonGraduasi,
                        score: 0,
                    },
                    ReadinessInputs {
                        business_income: income.filter(|_| has_business),
                        desil: r.get(desil_at)?,
                        years: year_joined.map(|y| years_on_pkh(y, today)),
                        has_business,
                        ..ReadinessInputs::default()
                    },
                ));
            }
        }
        // Members with a component, per household.
        let mut people: HashMap<usize, Vec<ComponentPerson>> = HashMap::new();
        {
            let mut stmt = conn.prepare(&format!(
                "SELECT m.household_id, m.birth_date, m.sex, m.component, m.pregnancy_order,
                        m.pregnancy_birth
                 FROM members m JOIN households h ON h.id = m.household_id
                 WHERE m.deleted = 0 AND m.component IS NOT NULL AND h.deleted = 0
                   AND {active} AND {clause}"
            ))?;
            let [
                hid_at,
                birth_at,
                sex_at,
                component_at,
                order_at,
                pregnancy_birth_at,
            ] = column_indexes(
                &stmt,
                [
                    "household_id",
                    "birth_date",
                    "sex",
                    "component",
                    "pregnancy_order",
                    "pregnancy_birth",
                ],
            )?;
            let mut q = stmt.query([&worker])?;
            while let Some(r) = q.next()? {
                let hid: String = r.get(hid_at)?;
                let Some(&i) = index.get(&hid) else { continue };
                let component: Option<String> = r.get(component_at)?;
                people.entry(i).or_default().push(ComponentPerson {
                    birth_date: r.get(birth_at)?,
                    sex: key(r, sex_at, Sex::from_key)?,
                    component: component.as_deref().and_then(Component::from_key),
                    pregnancy: Pregnancy {
                        order: r.get(order_at)?,
                        birth: r.get(pregnancy_birth_at)?,
                    },
                });
            }
        }
        for (i, p) in people {
            let (holding, ending) = components_ending(&p, today, rules);
            rows[i].1.components = holding;
            rows[i].1.components_ending = ending;
        }
        // P2K2 sessions recorded for each household and those it was present at (as the
        // detail counts them), counted here: the households of the scope are `index`'s, and
        // a GROUP BY over a `hid IN (...)` list cost several times the reading itself
        // (about 7 of the 29 ms of the demo's first frame, measured 2026-11-30).
        {
            let mut stmt = conn.prepare(
                "SELECT a.household_id AS hid, 1 AS attended FROM activities a
                 WHERE a.kind = 'p2k2' AND a.deleted = 0 AND a.household_id IS NOT NULL
                 UNION ALL
                 SELECT l.household_id, l.attended FROM activity_households l
                 JOIN activities a ON a.id = l.activity_id
                 WHERE a.kind = 'p2k2' AND a.deleted = 0",
            )?;
            let [hid_at, attended_at] = column_indexes(&stmt, ["hid", "attended"])?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let hid: String = r.get(hid_at)?;
                let Some(&i) = index.get(&hid) else { continue };
                let attended: bool = r.get(attended_at)?;
                rows[i].1.p2k2_attended += u32::from(attended);
                rows[i].1.p2k2_held += 1;
            }
        }
        // Commitments met of the last months' verifications (one GROUP BY, on the
        // verifications' household index).
        {
            let mut stmt = conn.prepare(&format!(
                "SELECT v.household_id, sum(v.outcome = 'memenuhi') AS met, count(*) AS verified
                 FROM verifications v
                 WHERE v.month >= ?2 AND v.month <= ?3
                   AND v.outcome IN ('memenuhi', 'tidak_memenuhi')
                   AND v.household_id IN (SELECT h.id FROM {from})
                 GROUP BY v.household_id"
            ))?;
            let [hid_at, met_at, verified_at] =
                column_indexes(&stmt, ["household_id", "met", "verified"])?;
            let from_month = commitments_from(today).key();
            let to_month = Month::of(today).key();
            let mut q = stmt.query(rusqlite::params![&worker, from_month, to_month])?;
            while let Some(r) = q.next()? {
                let hid: String = r.get(hid_at)?;
                let Some(&i) = index.get(&hid) else { continue };
                rows[i].1.commitments_met = r.get(met_at)?;
                rows[i].1.commitments_verified = r.get(verified_at)?;
            }
        }
        {
            let mut stmt = conn.prepare(&format!(
                "SELECT DISTINCT household_id FROM referrals
                 WHERE status IN ('diusulkan', 'diterima', 'berjalan')
                   AND household_id IN (SELECT h.id FROM {from})"
            ))?;
            let mut q = stmt.query([&worker])?;
            while let Some(r) = q.next()? {
                let hid: String = r.get("household_id")?;
                if let Some(&i) = index.get(&hid) {
                    rows[i].1.referral_in_progress = true;
                }
            }
        }
        let out: Vec<ReadinessRow> = rows
            .into_iter()
            .map(|(mut row, inputs)| {
                row.score = readiness(&inputs, settings).score;
                row
            })
            .collect();
        register(conn, out.iter().map(|r| (r.id.clone(), r.score)).collect())?;
        Ok(out)
    }
}
