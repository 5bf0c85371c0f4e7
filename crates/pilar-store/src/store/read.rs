//! Read queries behind the screens: a window of the caseload list, one household's detail,
//! a window of the activity log, and the graduation gauge. Every list query takes an offset
//! and a limit so a screen never loads more rows than it shows.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, RowIndex, Statement, params, params_from_iter};

use super::{Result, Store};
use pilar_core::domain::Sex;
use pilar_core::domain::activity::ActivityKind;
use pilar_core::domain::component::Component;
use pilar_core::domain::graduation::{
    ExitKind, HouseholdStatus, PasTag, Program, ReferralStatus, SocialProgram, TargetPolicy,
};
use pilar_core::domain::pregnancy::Pregnancy;
use pilar_core::model::{
    ActivityRow, GaugeData, GaugeShare, Graduation, HouseholdDetail, HouseholdFields, LogEntry,
    LogQuery, Member, RecordDetail, Referral, Relation, Role, Scope, Worker,
};
use pilar_core::records::tables::{HOUSEHOLDS, MEMBERS};
use std::sync::LazyLock;

pub(super) const ACTIVE: &str = "+status IN ('aktif', 'calon_graduasi')";

/// Turns a stored key that the schema's CHECK constraints guarantee into its enum, or a
/// conversion error naming the column if the file was edited by hand. `column` is its name,
/// or a position looked up by name with [`column_indexes`].
pub(super) fn key<T>(
    row: &Row<'_>,
    column: impl RowIndex,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = row.get(column)?;
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column.idx(row.as_ref()).unwrap_or_default(),
            rusqlite::types::Type::Text,
            format!("unknown key {s:?}").into(),
        )
    })
}

/// Where the columns `names` sit in a statement's result, looked up by name once, for a
/// loop that reads many rows (a name costs a search of the column list on every read).
pub(super) fn column_indexes<const N: usize>(
    stmt: &Statement<'_>,
    names: [&str; N],
) -> rusqlite::Result<[usize; N]> {
    let mut out = [0; N];
    for (i, name) in out.iter_mut().zip(names) {
        *i = stmt.column_index(name)?;
    }
    Ok(out)
}

fn key_list<T>(s: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
    s.split(',').filter_map(|k| parse(k.trim())).collect()
}

/// The columns `worker_from_row` reads, for `SELECT {WORKER_COLUMNS} FROM workers ...`.
pub(super) const WORKER_COLUMNS: &str = "id, name, login, role, annual_target";

pub(super) fn worker_from_row(row: &Row<'_>) -> rusqlite::Result<Worker> {
    Ok(Worker {
        id: row.get("id")?,
        name: row.get("name")?,
        login: row.get("login")?,
        role: key(row, "role", Role::from_key)?,
        annual_target: row.get("annual_target")?,
    })
}

/// A household's own fields (what its form edits) from a row holding the household's
/// declared columns (`SELECT {HOUSEHOLDS.select(..)}`), by name.
pub(super) fn household_fields_from_row(r: &Row<'_>) -> rusqlite::Result<HouseholdFields> {
    Ok(HouseholdFields {
        no_kk: r.get("no_kk")?,
        address: r.get("address")?,
        rt: r.get("rt")?,
        rw: r.get("rw")?,
        village: r.get("village")?,
        kecamatan: r.get("kecamatan")?,
        kabupaten: r.get("kabupaten")?,
        area_code: r.get("area_code")?,
        phone: r.get("phone")?,
        desil: r.get("desil")?,
        year_joined: r.get("year_joined")?,
        programs: key_list(&r.get::<_, String>("programs")?, SocialProgram::from_key),
        has_business: r.get("has_business")?,
        business_desc: r.get("business_desc")?,
        business_income: r.get("business_income")?,
        pas: key_list(&r.get::<_, String>("pas_tags")?, PasTag::from_key),
    })
}

/// A member from a row holding its declared columns (`SELECT {MEMBERS.select(..)}`), by
/// name.
pub(super) fn member_from_row(r: &Row<'_>) -> rusqlite::Result<Member> {
    let component: Option<String> = r.get("component")?;
    Ok(Member {
        id: r.get("id")?,
        nik: r.get("nik")?,
        name: r.get("name")?,
        sex: key(r, "sex", Sex::from_key)?,
        birth_date: r.get("birth_date")?,
        relation: key(r, "relation", Relation::from_key)?,
        component: component.as_deref().and_then(Component::from_key),
        pregnancy: Pregnancy {
            order: r.get("pregnancy_order")?,
            birth: r.get("pregnancy_birth")?,
        },
    })
}

impl Store {
    /// One household with its members, referrals and graduations; `None` if unknown or
    /// deleted.
    pub fn household_detail(&self, id: &str) -> Result<Option<HouseholdDetail>> {
        // Every declared column of the household (`records`), and its facilitator's name.
        static DETAIL: LazyLock<String> = LazyLock::new(|| {
            format!(
                "SELECT {}, w.name AS worker_name
                 FROM households h JOIN workers w ON w.id = h.worker_id
                 WHERE h.id = ?1 AND h.deleted = 0",
                HOUSEHOLDS.select("h")
            )
        });
        static MEMBERS_OF: LazyLock<String> = LazyLock::new(|| {
            format!(
                "SELECT {} FROM members
                 WHERE household_id = ?1 AND deleted = 0
                 ORDER BY left_on IS NOT NULL,
                          CASE relation WHEN 'kepala_keluarga' THEN 0 WHEN 'istri' THEN 1
                                        WHEN 'suami' THEN 1 ELSE 2 END,
                          birth_date, id",
                MEMBERS.select("")
            )
        });
        let conn = self.conn();
        let detail = conn
            .prepare_cached(&DETAIL)?
            .query_row([id], |r| {
                Ok(HouseholdDetail {
                    id: r.get("id")?,
                    fields: household_fields_from_row(r)?,
                    pengurus_name: r.get("pengurus_name")?,
                    pengurus_nik: r.get("pengurus_nik")?,
                    status: key(r, "status", HouseholdStatus::from_key)?,
                    status_date: r.get("status_date")?,
                    worker_name: r.get("worker_name")?,
                    updated_at: r.get("updated_at")?,
                    last_visit: r.get("last_visit")?,
                    next_follow_up: r.get("next_follow_up")?,
                    members: Vec::new(),
                    referrals: Vec::new(),
                    graduations: Vec::new(),
                    p2k2_attended: 0,
                    p2k2_sessions: 0,
                    payments: Vec::new(),
                    verifications: Vec::new(),
                    p2k2_group: None,
                    left: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut detail) = detail else {
            return Ok(None);
        };
        detail.members = conn
            .prepare_cached(&MEMBERS_OF)?
            .query_map([id], member_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, program, agency, date, status, notes FROM referrals
             WHERE household_id = ?1 ORDER BY date DESC, id DESC",
        )?;
        detail.referrals = stmt
            .query_map([id], |r| {
                Ok(Referral {
                    id: r.get("id")?,
                    program: key(r, "program", Program::from_key)?,
                    agency: r.get("agency")?,
                    date: r.get("date")?,
                    status: key(r, "status", ReferralStatus::from_key)?,
                    notes: r.get("notes")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, kind, date, reason, evidence FROM graduations
             WHERE household_id = ?1 AND undone = 0 ORDER BY date DESC, id DESC",
        )?;
        detail.graduations = stmt
            .query_map([id], |r| {
                Ok(Graduation {
                    id: r.get("id")?,
                    kind: key(r, "kind", ExitKind::from_key)?,
                    date: r.get("date")?,
                    reason: r.get("reason")?,
                    evidence: r.get("evidence")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        // P2K2 attendance: sessions recorded for the household (alone or in a group) and
        // how many it was present at.
        let (attended, sessions): (i64, i64) = conn
            .prepare_cached(
                "SELECT coalesce(sum(attended), 0) AS attended, count(*) AS sessions FROM (
                    SELECT 1 AS attended FROM activities
                    WHERE household_id = ?1 AND kind = 'p2k2' AND deleted = 0
                    UNION ALL
                    SELECT l.attended FROM activity_households l
                    JOIN activities a ON a.id = l.activity_id
                    WHERE l.household_id = ?1 AND a.kind = 'p2k2' AND a.deleted = 0)",
            )?
            .query_row([id], |r| Ok((r.get("attended")?, r.get("sessions")?)))?;
        detail.p2k2_attended = attended as u32;
        detail.p2k2_sessions = sessions as u32;
        detail.payments = self.payments_of(id)?;
        detail.verifications = self.member_outcomes(id)?;
        detail.p2k2_group = match (self.household_group(id)?, self.p2k2_completion(id)?) {
            (Some(g), Some((attended, held))) => Some(pilar_core::model::GroupCompletion {
                name: g.name,
                attended,
                held,
            }),
            _ => None,
        };
        detail.left = self.departures(id)?;
        Ok(Some(detail))
    }

    /// How many lines the log pane holds (activities, graduations, referrals and their
    /// status changes).
    pub fn count_activities(&self, q: &LogQuery) -> Result<u64> {
        let (sql, p) = log_sql(q, "count(*) AS n", "");
        let n: i64 = self
            .conn()
            .prepare_cached(&sql)?
            .query_row(params_from_iter(p), |r| r.get("n"))?;
        Ok(n as u64)
    }

    /// Log lines `offset..offset+limit`, newest first: activities, and (D20) graduations
    /// and exits in force, referrals made and their status changes.
    pub fn activity_window(
        &self,
        q: &LogQuery,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<ActivityRow>> {
        let (sql, mut p) = log_sql(q, "*", "ORDER BY date DESC, rid DESC LIMIT ?2 OFFSET ?3");
        p.push(Value::Integer(limit as i64));
        p.push(Value::Integer(offset as i64));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(p), |r| {
            let entry: String = r.get("entry")?;
            let other: Option<String> = r.get("new_status")?;
            let program = || key(r, "kind", Program::from_key);
            let (kind, entry) = match entry.as_str() {
                "graduation" => (
                    ActivityKind::AsesmenGraduasi,
                    LogEntry::Graduation(key(r, "kind", ExitKind::from_key)?),
                ),
                "referral" => (ActivityKind::Rujukan, LogEntry::Referral(program()?)),
                "referral_status" => (
                    ActivityKind::Rujukan,
                    LogEntry::ReferralStatus(
                        program()?,
                        other
                            .as_deref()
                            .and_then(ReferralStatus::from_key)
                            .unwrap_or(ReferralStatus::Diusulkan),
                    ),
                ),
                _ => (key(r, "kind", ActivityKind::from_key)?, LogEntry::Activity),
            };
            Ok(ActivityRow {
                id: r.get("id")?,
                date: r.get("date")?,
                kind,
                summary: r.get("summary")?,
                household_name: r.get("household_name")?,
                household_id: r.get("household_id")?,
                group_size: r.get("group_size")?,
                follow_up: r.get("follow_up")?,
                noted_by: r.get("noted_by")?,
                done: r.get("done")?,
                entry,
                attended: r.get("attended")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The whole record behind a log line: its detail and, for a group activity, who was
    /// present and who absent (by name).
    pub fn record_detail(&self, row: &ActivityRow) -> Result<RecordDetail> {
        let conn = self.conn();
        // `sql` names its one column `v`.
        let one = |sql: &str| -> Result<String> {
            Ok(conn
                .query_row(sql, [&row.id], |r| r.get::<_, Option<String>>("v"))
                .optional()?
                .flatten()
                .unwrap_or_default())
        };
        let mut out = RecordDetail {
            row: row.clone(),
            detail: String::new(),
            group_name: String::new(),
            place: String::new(),
            attendance: Vec::new(),
        };
        match row.entry {
            LogEntry::Activity => {
                out.detail = one("SELECT detail AS v FROM activities WHERE id = ?1")?;
                out.group_name = one("SELECT group_name AS v FROM activities WHERE id = ?1")?;
                out.place = one("SELECT place AS v FROM activities WHERE id = ?1")?;
                out.attendance = conn
                    .prepare_cached(
                        "SELECT h.pengurus_name, l.attended FROM activity_households l
                         JOIN households h ON h.id = l.household_id
                         WHERE l.activity_id = ?1 AND h.deleted = 0
                         ORDER BY h.pengurus_name, h.id",
                    )?
                    .query_map([&row.id], |r| {
                        Ok((r.get("pengurus_name")?, r.get("attended")?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
            }
            LogEntry::Graduation(_) => {
                out.detail = one("SELECT evidence AS v FROM graduations WHERE id = ?1")?;
            }
            LogEntry::Referral(_) => {
                out.detail = one("SELECT notes AS v FROM referrals WHERE id = ?1")?;
            }
            LogEntry::ReferralStatus(..) => {}
        }
        Ok(out)
    }

    /// The graduation gauge for a scope in the year of `today`.
    pub fn gauge(
        &self,
        scope: &Scope,
        today: NaiveDate,
        policy: &TargetPolicy,
    ) -> Result<GaugeData> {
        let conn = self.conn();
        let year = today.year();
        let from = format!("{year:04}-01-01");
        let to = format!("{:04}-01-01", year + 1);
        let (worker_clause, worker): (&str, Value) = match scope {
            Scope::Worker(id) => ("worker_id = ?3", Value::Text(id.clone())),
            Scope::All => ("?3 IS NULL", Value::Null),
        };
        let mut data = GaugeData {
            year,
            ..GaugeData::default()
        };
        let sql = format!(
            "SELECT kind, count(*) AS n FROM graduations
             WHERE undone = 0 AND date >= ?1 AND date < ?2 AND {worker_clause}
             GROUP BY kind"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![from, to, worker])?;
        while let Some(r) = rows.next()? {
            let kind = key(r, "kind", ExitKind::from_key)?;
            let n: u32 = r.get("n")?;
            if policy.counts(kind) {
                data.counted += n;
            } else if kind == ExitKind::Alamiah {
                data.alamiah += n;
            } else {
                data.other_exits += n;
            }
        }
        let hw = worker_clause.replace("?3", "?1");
        data.candidates = conn.query_row(
            &format!(
                "SELECT count(*) AS n FROM households
                 WHERE deleted = 0 AND status = 'calon_graduasi' AND {hw}"
            ),
            [&worker],
            |r| r.get("n"),
        )?;
        data.overdue = conn.query_row(
            &format!(
                "SELECT count(*) AS n FROM households
                 WHERE deleted = 0 AND next_follow_up < ?2 AND {ACTIVE} AND {hw}"
            ),
            params![worker, today],
            |r| r.get("n"),
        )?;
        // Payment problems: not counted for a scope past the forecast's limit (everyone's in
        // a very large file), where the count would delay the first frame (~15 ms per
        // 100,000 households): the team screen still counts each facilitator's.
        data.pay_problems = if self.past_forecast_limit(scope)? {
            0
        } else {
            conn.query_row(
                &format!(
                    "SELECT count(*) AS n FROM households
                 WHERE deleted = 0 AND {ACTIVE} AND {hw}
                   AND id IN (SELECT household_id FROM payments
                              WHERE status = 'tidak_diterima' AND year >= ?2)"
                ),
                params![worker, super::list::pay_since(today)],
                |r| r.get("n"),
            )?
        };
        data.target = match scope {
            Scope::Worker(id) => conn
                .query_row(
                    "SELECT annual_target FROM workers WHERE id = ?1",
                    [id],
                    |r| r.get("annual_target"),
                )
                .optional()?
                .unwrap_or(0),
            // Everyone's: the facilitators' targets summed, each kept for the pace.
            Scope::All => {
                data.shares = self.gauge_shares()?;
                data.shares
                    .iter()
                    .fold(0u32, |sum, s| sum.saturating_add(s.target))
            }
        };
        Ok(data)
    }

    /// Each facilitator's target, for a gauge over several facilitators: its pace is the
    /// sum of theirs (the team screen's rows, without the rest of its roll-up).
    fn gauge_shares(&self) -> Result<Vec<GaugeShare>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT id, annual_target FROM workers WHERE role = 'facilitator' ORDER BY id",
            )?
            .query_map([], |r| {
                Ok(GaugeShare {
                    worker_id: r.get("id")?,
                    target: r.get("annual_target")?,
                    ..GaugeShare::default()
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Each share's counted graduations of `year`, for the forecast (which a gauge over a
    /// scope past `GAUGE_FORECAST_MAX_HOUSEHOLDS` skips, and so this GROUP BY with it: 26
    /// ms at a million households).
    pub(super) fn count_gauge_shares(
        &self,
        shares: &mut [GaugeShare],
        year: i32,
        policy: &TargetPolicy,
    ) -> Result<()> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT worker_id, kind, count(*) AS n FROM graduations
             WHERE undone = 0 AND date >= ?1 AND date < ?2
             GROUP BY worker_id, kind",
        )?;
        let mut rows = stmt.query(params![
            format!("{year:04}-01-01"),
            format!("{:04}-01-01", year + 1)
        ])?;
        while let Some(r) = rows.next()? {
            let kind = key(r, "kind", ExitKind::from_key)?;
            if !policy.counts(kind) {
                continue;
            }
            let worker: String = r.get("worker_id")?;
            let n: u32 = r.get("n")?;
            if let Ok(i) = shares.binary_search_by(|s| s.worker_id.as_str().cmp(&worker)) {
                shares[i].counted += n;
            }
        }
        Ok(())
    }
}

/// The log's lines for a query as one SQL statement selecting `what` from them (`*` or a
/// count), then `tail`; ?1 is the household or worker. Columns (named in the first SELECT
/// of the union): id, date, kind (an activity kind, exit kind or program), summary,
/// household_name, household_id, group_size, follow_up, done, noted_by, rid (the order
/// within a day), attended, entry (`activity`, `graduation`, `referral`,
/// `referral_status`), and new_status (the new status of a referral's status change).
fn log_sql(q: &LogQuery, what: &str, tail: &str) -> (String, Vec<Value>) {
    const COLS: &str = "a.id AS id, a.date AS date, a.kind AS kind, a.summary AS summary,
        h.pengurus_name AS household_name, a.household_id AS household_id,
        CASE WHEN a.household_id IS NULL
             THEN (SELECT count(*) FROM activity_households x WHERE x.activity_id = a.id)
             ELSE 0 END AS group_size,
        a.follow_up AS follow_up, a.done AS done,
        CASE WHEN a.author_id <> a.worker_id
             THEN (SELECT name FROM workers w WHERE w.id = a.author_id) END AS noted_by,
        a.rowid AS rid";
    // Graduations, referrals and status changes of the households `which` selects (a
    // condition on `h`).
    let others = |which: &str| {
        format!(
            "UNION ALL
             SELECT g.id, g.date, g.kind, g.reason, h.pengurus_name, g.household_id, 0, NULL, 0,
                    NULL, g.rowid, NULL, 'graduation', NULL
             FROM graduations g JOIN households h ON h.id = g.household_id
             WHERE g.undone = 0 AND h.deleted = 0 AND {which}
             UNION ALL
             SELECT r.id, r.date, r.program, r.agency, h.pengurus_name, r.household_id, 0, NULL,
                    0, NULL, r.rowid, NULL, 'referral', NULL
             FROM referrals r JOIN households h ON h.id = r.household_id
             WHERE h.deleted = 0 AND {which}
             UNION ALL
             SELECT c.id, substr(c.created_at, 1, 10), r.program, c.old_value, h.pengurus_name,
                    r.household_id, 0, NULL, 0, NULL, c.seq, NULL, 'referral_status',
                    c.new_value
             FROM change_log c JOIN referrals r ON r.id = c.record_id
             JOIN households h ON h.id = r.household_id
             WHERE c.table_name = 'referrals' AND c.field = 'status'
               AND c.old_value IS NOT NULL AND h.deleted = 0 AND {which}"
        )
    };
    match q {
        LogQuery::Household(id) => (
            format!(
                "SELECT {what} FROM (
                   SELECT {COLS}, NULL AS attended, 'activity' AS entry, NULL AS new_status
                   FROM activities a
                   LEFT JOIN households h ON h.id = a.household_id
                   WHERE a.household_id = ?1 AND a.deleted = 0
                   UNION ALL
                   SELECT {COLS}, l.attended, 'activity', NULL FROM activity_households l
                   JOIN activities a ON a.id = l.activity_id
                   LEFT JOIN households h ON h.id = a.household_id
                   WHERE l.household_id = ?1 AND a.deleted = 0
                   {})
                 {tail}",
                others("h.id = ?1")
            ),
            vec![Value::Text(id.clone())],
        ),
        LogQuery::Caseload(scope) => {
            let (clause, p) = match scope {
                Scope::Worker(w) => ("a.worker_id = ?1", Value::Text(w.clone())),
                Scope::All => ("?1 IS NULL", Value::Null),
            };
            let which = match scope {
                Scope::Worker(_) => "h.worker_id = ?1",
                Scope::All => "?1 IS NULL",
            };
            (
                format!(
                    "SELECT {what} FROM (
                       SELECT {COLS}, NULL AS attended, 'activity' AS entry, NULL AS new_status
                       FROM activities a
                       LEFT JOIN households h ON h.id = a.household_id
                       WHERE {clause} AND a.deleted = 0 AND coalesce(h.deleted, 0) = 0
                       {})
                     {tail}",
                    others(which)
                ),
                vec![p],
            )
        }
    }
}
