//! Bulk loading: many records written through prepared statements inside one transaction.
//! Used by the demo generator (and later by import); records arrive already validated.

use chrono::NaiveDate;
use rusqlite::{Statement, Transaction, params};

use super::{Result, Store};

pub struct HouseholdRecord<'a> {
    pub id: &'a str,
    pub worker_id: &'a str,
    pub no_kk: &'a str,
    pub pengurus_name: &'a str,
    pub pengurus_nik: &'a str,
    pub address: &'a str,
    pub rt: &'a str,
    pub rw: &'a str,
    pub village: &'a str,
    pub kecamatan: &'a str,
    pub kabupaten: &'a str,
    pub area_code: &'a str,
    pub phone: &'a str,
    pub desil: Option<u8>,
    pub year_joined: Option<i32>,
    pub programs: &'a str,
    pub has_business: bool,
    pub business_desc: &'a str,
    pub business_income: Option<i64>,
    pub pas_tags: &'a str,
    pub status: &'a str,
    pub status_date: Option<NaiveDate>,
    pub last_visit: Option<NaiveDate>,
    pub next_follow_up: Option<NaiveDate>,
    pub component_count: u32,
    /// Name and village, normalized for search (`filter::normalize`).
    pub search_text: &'a str,
    pub created_at: &'a str,
    pub author_id: &'a str,
}

pub struct MemberRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub nik: &'a str,
    pub name: &'a str,
    pub sex: &'a str,
    pub birth_date: Option<NaiveDate>,
    pub relation: &'a str,
    pub component: Option<&'a str>,
    pub created_at: &'a str,
    pub author_id: &'a str,
    pub pregnancy: pilar_core::domain::pregnancy::Pregnancy,
}

pub struct ActivityRecord<'a> {
    pub id: &'a str,
    /// `None` for a group activity; its households go through [`BulkWriter::activity_household`].
    pub household_id: Option<&'a str>,
    pub worker_id: &'a str,
    pub kind: &'a str,
    pub date: NaiveDate,
    pub summary: &'a str,
    pub follow_up: Option<NaiveDate>,
    pub done: bool,
    pub group_name: &'a str,
    pub place: &'a str,
    pub p2k2_module: Option<&'a str>,
    pub p2k2_session: Option<u8>,
    pub created_at: &'a str,
}

pub struct GraduationRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub worker_id: &'a str,
    pub kind: &'a str,
    pub date: NaiveDate,
    pub reason: &'a str,
    pub evidence: &'a str,
    pub created_at: &'a str,
    pub author_id: &'a str,
}

pub struct ReferralRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub program: &'a str,
    pub agency: &'a str,
    pub date: NaiveDate,
    pub status: &'a str,
    pub notes: &'a str,
    pub created_at: &'a str,
    pub author_id: &'a str,
}

/// One tahap's payment (`payments`).
pub struct PaymentRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub year: i32,
    pub tahap: u8,
    pub status: &'a str,
    pub problem: Option<&'a str>,
    pub note: &'a str,
    pub created_at: &'a str,
    pub author_id: &'a str,
}

/// A life event as the demo writes it (`life_events`, status `dicatat`).
pub struct LifeEventRecord<'a> {
    pub id: &'a str,
    pub household_id: &'a str,
    pub member_id: &'a str,
    pub kind: &'a str,
    pub date: chrono::NaiveDate,
    pub pregnancy_order: Option<u8>,
    pub expected_birth: Option<chrono::NaiveDate>,
    pub school_level: Option<&'a str>,
    pub child_id: Option<&'a str>,
    pub worker_id: &'a str,
    pub created_at: &'a str,
}
/// The word index of every household at once, as the migration that made it fills it
/// (`SEARCH_INDEX_INSERT`'s two columns). A fresh bulk load writes it at the end: written
/// row by row, the FTS5 table joined the transaction and flushed its pending terms at every
/// later statement (each insert's statement savepoint), about a tenth of the demo's CPU
/// (`perf`, 2026-11-30).
const SEARCH_INDEX_FILL: &str = "INSERT INTO household_search (rowid, first, rest)
     SELECT rowid, substr(search_text, 1, instr(search_text || ' ', ' ') - 1),
            substr(search_text, instr(search_text || ' ', ' ') + 1)
     FROM households";

/// Prepared insert statements bound to one open transaction.
pub struct BulkWriter<'t> {
    worker: Statement<'t>,
    household: Statement<'t>,
    /// `None` in a fresh bulk load: the word index is filled once at the end
    /// ([`SEARCH_INDEX_FILL`]).
    search: Option<Statement<'t>>,
    member: Statement<'t>,
    activity: Statement<'t>,
    activity_household: Statement<'t>,
    graduation: Statement<'t>,
    referral: Statement<'t>,
    payment: Statement<'t>,
    verification: Statement<'t>,
    life_event: Statement<'t>,
    meta: Statement<'t>,
    group: Statement<'t>,
    group_household: Statement<'t>,
}

impl<'t> BulkWriter<'t> {
    fn new(tx: &'t Transaction<'_>, fresh: bool) -> Result<Self> {
        Ok(BulkWriter {
            worker: tx.prepare(
                "INSERT INTO workers (id, name, login, role, annual_target, supervisor_id,
                                      created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            )?,
            household: tx.prepare(
                "INSERT INTO households (id, worker_id, no_kk, pengurus_name, pengurus_nik,
                    address, rt, rw, village, kecamatan, kabupaten, area_code, phone, desil,
                    year_joined, programs, has_business, business_desc, business_income,
                    pas_tags, status, status_date, last_visit, next_follow_up, component_count,
                    created_at, updated_at, author_id, search_text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                         ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?26, ?27, ?28)",
            )?,
            search: if fresh {
                None
            } else {
                Some(tx.prepare(super::list::SEARCH_INDEX_INSERT)?)
            },
            member: tx.prepare(
                "INSERT INTO members (id, household_id, nik, name, sex, birth_date, relation,
                                      component, created_at, updated_at, author_id,
                                      pregnancy_order, pregnancy_birth)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
            )?,
            activity: tx.prepare(
                "INSERT INTO activities (id, household_id, worker_id, kind, date, summary,
                    follow_up, done, group_name, place, p2k2_module, p2k2_session,
                    created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?3)",
            )?,
            activity_household: tx.prepare(
                "INSERT INTO activity_households (activity_id, household_id, attended,
                                                  created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            )?,
            graduation: tx.prepare(
                "INSERT INTO graduations (id, household_id, kind, date, reason, evidence,
                                          created_at, updated_at, author_id, worker_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
            )?,
            referral: tx.prepare(
                "INSERT INTO referrals (id, household_id, program, agency, date, status, notes,
                                        created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            )?,
            payment: tx.prepare(
                "INSERT INTO payments (id, household_id, year, tahap, status, problem, note,
                                       created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            )?,
            verification: tx.prepare(
                "INSERT INTO verifications (id, household_id, member_id, month, outcome, reason,
                                            notes, created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?7, ?8)",
            )?,
            life_event: tx.prepare(
                "INSERT INTO life_events (id, household_id, member_id, kind, date, status,
                    pregnancy_order, expected_birth, school_level, child_id, note, worker_id,
                    created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'dicatat', ?6, ?7, ?8, ?9, '', ?10, ?11, ?11, ?10)",
            )?,
            meta: tx.prepare(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?,
            group: tx.prepare(
                "INSERT INTO p2k2_groups (id, worker_id, name, place, created_at, updated_at,
                                          author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?2)",
            )?,
            group_household: tx.prepare("UPDATE households SET group_id = ?2 WHERE id = ?1")?,
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub fn worker(
        &mut self,
        id: &str,
        name: &str,
        login: &str,
        role: &str,
        annual_target: u32,
        supervisor_id: Option<&str>,
        created_at: &str,
        author_id: &str,
    ) -> Result<()> {
        self.worker.execute(params![
            id,
            name,
            login,
            role,
            annual_target,
            supervisor_id,
            created_at,
            author_id
        ])?;
        Ok(())
    }

    pub fn household(&mut self, h: &HouseholdRecord<'_>) -> Result<()> {
        let rowid = self.household.insert(params![
            h.id,
            h.worker_id,
            h.no_kk,
            h.pengurus_name,
            h.pengurus_nik,
            h.address,
            h.rt,
            h.rw,
            h.village,
            h.kecamatan,
            h.kabupaten,
            h.area_code,
            h.phone,
            h.desil,
            h.year_joined,
            h.programs,
            h.has_business,
            h.business_desc,
            h.business_income,
            h.pas_tags,
            h.status,
            h.status_date,
            h.last_visit,
            h.next_follow_up,
            h.component_count,
            h.created_at,
            h.author_id,
            h.search_text
        ])?;
        if let Some(search) = &mut self.search {
            search.execute(params![rowid, h.search_text])?;
        }
        Ok(())
    }

    pub fn member(&mut self, m: &MemberRecord<'_>) -> Result<()> {
        self.member.execute(params![
            m.id,
            m.household_id,
            m.nik,
            m.name,
            m.sex,
            m.birth_date,
            m.relation,
            m.component,
            m.created_at,
            m.author_id,
            m.pregnancy.order,
            m.pregnancy.birth
        ])?;
        Ok(())
    }

    pub fn activity(&mut self, a: &ActivityRecord<'_>) -> Result<()> {
        self.activity.execute(params![
            a.id,
            a.household_id,
            a.worker_id,
            a.kind,
            a.date,
            a.summary,
            a.follow_up,
            a.done,
            a.group_name,
            a.place,
            a.p2k2_module,
            a.p2k2_session,
            a.created_at
        ])?;
        Ok(())
    }

    pub fn activity_household(
        &mut self,
        activity_id: &str,
        household_id: &str,
        attended: bool,
        created_at: &str,
        author_id: &str,
    ) -> Result<()> {
        self.activity_household.execute(params![
            activity_id,
            household_id,
            attended,
            created_at,
            author_id
        ])?;
        Ok(())
    }

    pub fn graduation(&mut self, g: &GraduationRecord<'_>) -> Result<()> {
        self.graduation.execute(params![
            g.id,
            g.household_id,
            g.kind,
            g.date,
            g.reason,
            g.evidence,
            g.created_at,
            g.author_id,
            g.worker_id
        ])?;
        Ok(())
    }

    pub fn referral(&mut self, r: &ReferralRecord<'_>) -> Result<()> {
        self.referral.execute(params![
            r.id,
            r.household_id,
            r.program,
            r.agency,
            r.date,
            r.status,
            r.notes,
            r.created_at,
            r.author_id
        ])?;
        Ok(())
    }

    /// A life event recorded (issue 11 item 2), by its facilitator.
    pub fn life_event(&mut self, e: &LifeEventRecord<'_>) -> Result<()> {
        self.life_event.execute(params![
            e.id,
            e.household_id,
            e.member_id,
            e.kind,
            e.date,
            e.pregnancy_order,
            e.expected_birth,
            e.school_level,
            e.child_id,
            e.worker_id,
            e.created_at
        ])?;
        Ok(())
    }

    pub fn payment(&mut self, p: &PaymentRecord<'_>) -> Result<()> {
        self.payment.execute(params![
            p.id,
            p.household_id,
            p.year,
            p.tahap,
            p.status,
            p.problem,
            p.note,
            p.created_at,
            p.author_id
        ])?;
        Ok(())
    }

    /// A member's commitment verification for a month (issue 11 item 1); its id is the
    /// member's and the month's (`domain::verification::verification_id`).
    #[allow(clippy::too_many_arguments)]
    pub fn verification(
        &mut self,
        household_id: &str,
        member_id: &str,
        month: pilar_core::domain::verification::Month,
        outcome: &str,
        reason: &str,
        created_at: &str,
        author_id: &str,
    ) -> Result<()> {
        let id = pilar_core::domain::verification::verification_id(member_id, month);
        self.verification.execute(params![
            id,
            household_id,
            member_id,
            month.key(),
            outcome,
            reason,
            created_at,
            author_id
        ])?;
        Ok(())
    }

    /// A facilitator's P2K2 group (written by its facilitator).
    pub fn p2k2_group(
        &mut self,
        id: &str,
        worker_id: &str,
        name: &str,
        place: &str,
        created_at: &str,
    ) -> Result<()> {
        self.group
            .execute(params![id, worker_id, name, place, created_at])?;
        Ok(())
    }

    /// A household written before joins a group.
    pub fn group_household(&mut self, household_id: &str, group_id: &str) -> Result<()> {
        self.group_household
            .execute(params![household_id, group_id])?;
        Ok(())
    }

    pub fn meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.meta.execute(params![key, value])?;
        Ok(())
    }
}

impl Store {
    /// Runs `fill` with a [`BulkWriter`] inside one transaction: everything is written, or
    /// (if `fill` fails) nothing is.
    ///
    /// In [`OpenMode::FreshBulk`](super::OpenMode) the secondary indexes are dropped first
    /// and rebuilt at the end (sorting once is far faster than millions of random index
    /// inserts), and foreign keys are not checked row by row: the caller vouches for them.
    pub fn bulk_load<F>(&mut self, fill: F) -> Result<()>
    where
        F: FnOnce(&mut BulkWriter<'_>) -> Result<()>,
    {
        let fresh = self.mode == super::OpenMode::FreshBulk;
        let tx = self.conn.transaction()?;
        let mut indexes: Vec<(String, String)> = Vec::new();
        let mut triggers: Vec<(String, String)> = Vec::new();
        if fresh {
            let mut stmt = tx.prepare(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL",
            )?;
            indexes = stmt
                .query_map([], |r| Ok((r.get("name")?, r.get("sql")?)))?
                .collect::<rusqlite::Result<_>>()?;
            drop(stmt);
            for (name, _) in &indexes {
                tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            }
            // The derived values' triggers would look up indexes that are gone: the tables
            // are filled once at the end instead.
            let mut stmt = tx.prepare(
                "SELECT name, sql FROM sqlite_schema
                 WHERE type = 'trigger' AND name LIKE 'derived\\_%' ESCAPE '\\'",
            )?;
            triggers = stmt
                .query_map([], |r| Ok((r.get("name")?, r.get("sql")?)))?
                .collect::<rusqlite::Result<_>>()?;
            drop(stmt);
            for (name, _) in &triggers {
                tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
            }
        }
        {
            let mut writer = BulkWriter::new(&tx, fresh)?;
            fill(&mut writer)?;
        }
        if fresh {
            tx.execute_batch(SEARCH_INDEX_FILL)?;
        }
        for (_, sql) in &indexes {
            tx.execute_batch(sql)?;
        }
        if fresh {
            tx.execute_batch(super::schema::DERIVED_FILL)?;
        }
        for (_, sql) in &triggers {
            tx.execute_batch(sql)?;
        }
        tx.commit()?;

        self.conn.execute_batch("PRAGMA optimize")?;
        Ok(())
    }
}
