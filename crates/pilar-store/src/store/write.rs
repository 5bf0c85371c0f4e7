//! Writes a person makes: activities, graduations and their undoing, referrals, follow-ups
//! done, drafts. Each save is one transaction that also appends to `change_log` (who,
//! when, which record, which field, old and new value) and keeps the household roll-ups
//! (`last_visit`, `next_follow_up`, `component_count`) in step.

use chrono::{Months, NaiveDate};
use rusqlite::{OptionalExtension, Transaction, params};

use super::read::key;
use super::{Result, Store, new_id, now_utc};
use pilar_core::domain::activity::ActivityKind;
use pilar_core::domain::graduation::{ExitKind, HouseholdStatus, ReferralStatus};
use pilar_core::domain::text::clean;
use pilar_core::model::{AgendaRow, Change, NewActivity, NewGraduation, NewReferral, Scope};

/// Appends one field change to the history.
pub(super) fn log(
    tx: &Transaction<'_>,
    author: &str,
    table: &str,
    record: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    log_entries(tx, author, table, record, &[(field, old, new)])
}

/// Appends changes of one record's fields (field, old, new) to the history, in order: the
/// chain's last hash is read once and carried from entry to entry. Every append to the
/// history goes through here or [`append`], and both record the chain's new head in
/// `meta` (`chain::record_head`) in the same transaction, so `pilar verify` can tell a
/// history whose end was cut off.
pub(super) fn log_entries(
    tx: &Transaction<'_>,
    author: &str,
    table: &str,
    record: &str,
    entries: &[(&str, Option<&str>, Option<&str>)],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let now = now_utc();
    let mut prev = last_hash(tx)?;
    let mut insert = tx.prepare_cached(INSERT_LOG)?;
    for &(field, old, new) in entries {
        let id = new_id();
        let hash = super::chain::entry_hash(&super::chain::Entry {
            prev: &prev,
            id: &id,
            table,
            record,
            field,
            old,
            new,
            at: &now,
            author,
        });
        insert.execute(params![
            id, table, record, field, old, new, now, author, prev, hash
        ])?;
        prev = hash;
    }
    record_head(tx, prev)
}

/// Records the entry just inserted, whose hash is `hash`, as the chain's head.
fn record_head(tx: &Transaction<'_>, hash: String) -> Result<()> {
    super::chain::record_head(
        tx,
        &super::chain::Head {
            seq: tx.last_insert_rowid(),
            hash,
        },
    )
}

const INSERT_LOG: &str = "INSERT INTO change_log (id, table_name, record_id, field, old_value,
                             new_value, created_at, updated_at, author_id, prev_hash, hash)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10)";

/// The hash of the chain's last entry ("" for an empty history).
fn last_hash(tx: &Transaction<'_>) -> Result<String> {
    Ok(tx
        .prepare_cached("SELECT hash FROM change_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// One history row as it is appended: its own id and time (a merge keeps those of the
/// other laptop), and the rest.
#[derive(Clone, Copy)]
pub(super) struct LogEntry<'a> {
    pub id: &'a str,
    pub at: &'a str,
    pub author: &'a str,
    pub table: &'a str,
    pub record: &'a str,
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

/// Appends `e` at the end of the chain (new `seq`, `prev_hash` and `hash`).
pub(super) fn append(tx: &Transaction<'_>, e: &LogEntry<'_>) -> Result<()> {
    let LogEntry {
        id,
        at: now,
        author,
        table,
        record,
        field,
        old,
        new,
    } = *e;
    let prev = last_hash(tx)?;
    let hash = super::chain::entry_hash(&super::chain::Entry {
        prev: &prev,
        id,
        table,
        record,
        field,
        old,
        new,
        at: now,
        author,
    });
    tx.prepare_cached(INSERT_LOG)?.execute(params![
        id, table, record, field, old, new, now, author, prev, hash
    ])?;
    record_head(tx, hash)
}

/// Logs every non-empty field of a new record.
pub(super) fn log_created(
    tx: &Transaction<'_>,
    author: &str,
    table: &str,
    record: &str,
    fields: &[(&str, Option<String>)],
) -> Result<()> {
    let entries: Vec<(&str, Option<&str>, Option<&str>)> = fields
        .iter()
        .filter_map(|(field, value)| {
            value
                .as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| (*field, None, Some(v)))
        })
        .collect();
    log_entries(tx, author, table, record, &entries)
}

/// Recomputes a household's roll-ups from its activities and members.
pub(super) fn refresh_rollups(tx: &Transaction<'_>, household_id: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE households SET
            last_visit = (
                SELECT max(date) FROM (
                    SELECT a.date FROM activities a
                    WHERE a.household_id = ?1 AND a.deleted = 0
                      AND a.kind IN ('kunjungan', 'asesmen_graduasi')
                    UNION ALL
                    SELECT a.date FROM activity_households l
                    JOIN activities a ON a.id = l.activity_id
                    WHERE l.household_id = ?1 AND l.attended = 1 AND a.deleted = 0
                      AND a.kind IN ('kunjungan', 'asesmen_graduasi'))),
            next_follow_up = (
                SELECT min(follow_up) FROM (
                    SELECT a.follow_up FROM activities a
                    WHERE a.household_id = ?1 AND a.deleted = 0 AND a.done = 0
                    UNION ALL
                    SELECT a.follow_up FROM activity_households l
                    JOIN activities a ON a.id = l.activity_id
                    WHERE l.household_id = ?1 AND a.deleted = 0 AND a.done = 0)),
            component_count = (
                SELECT count(*) FROM members
                WHERE household_id = ?1 AND deleted = 0 AND component IS NOT NULL)
         WHERE id = ?1",
    )?
    .execute([household_id])?;
    Ok(())
}

fn insert_activity(
    tx: &Transaction<'_>,
    author: &str,
    a: &NewActivity,
    graduation_id: Option<&str>,
) -> Result<String> {
    // Text is stored inert (no escapes, bidi overrides or zero-width characters).
    let a = &NewActivity {
        summary: clean(&a.summary),
        detail: clean(&a.detail),
        group_name: clean(&a.group_name),
        place: clean(&a.place),
        ..a.clone()
    };
    let id = new_id();
    let now = now_utc();
    let single = match a.households.as_slice() {
        [(h, _)] => Some(h.as_str()),
        _ => None,
    };
    // The activity belongs to the caseload of the households' facilitator, whoever typed
    // it (a supervisor may record for a facilitator); the author is kept apart.
    let owner: String = match a.households.first() {
        Some((h, _)) => tx
            .query_row("SELECT worker_id FROM households WHERE id = ?1", [h], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_else(|| author.to_string()),
        None => author.to_string(),
    };
    tx.prepare_cached(
        "INSERT INTO activities (id, household_id, worker_id, kind, date, summary, detail,
            follow_up, done, group_name, place, p2k2_module, p2k2_session, graduation_id,
            created_at, updated_at, author_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15)",
    )?
    .execute(params![
        id,
        single,
        owner,
        a.kind.key(),
        a.date,
        a.summary,
        a.detail,
        a.follow_up,
        a.group_name,
        a.place,
        a.p2k2_module.map(|m| m.key()),
        a.p2k2_session,
        graduation_id,
        now,
        author
    ])?;
    if single.is_none() {
        for (h, attended) in &a.households {
            tx.prepare_cached(
                "INSERT INTO activity_households (activity_id, household_id, attended,
                                                  created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            )?
            .execute(params![id, h, attended, now, author])?;
        }
    }
    log_created(
        tx,
        author,
        "activities",
        &id,
        &[
            ("kind", Some(a.kind.key().to_string())),
            ("date", Some(a.date.to_string())),
            ("summary", Some(a.summary.clone())),
            ("detail", Some(a.detail.clone())),
            ("follow_up", a.follow_up.map(|d| d.to_string())),
            (
                "households",
                Some(
                    a.households
                        .iter()
                        .map(|(h, att)| format!("{h}:{}", u8::from(*att)))
                        .collect::<Vec<_>>()
                        .join(","),
                ),
            ),
        ],
    )?;
    for (h, _) in &a.households {
        refresh_rollups(tx, h)?;
    }
    Ok(id)
}

fn insert_referral(tx: &Transaction<'_>, author: &str, r: &NewReferral) -> Result<String> {
    let r = &NewReferral {
        agency: clean(&r.agency),
        notes: clean(&r.notes),
        ..r.clone()
    };
    let id = new_id();
    let now = now_utc();
    tx.prepare_cached(
        "INSERT INTO referrals (id, household_id, program, agency, date, status, notes,
                                created_at, updated_at, author_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
    )?
    .execute(params![
        id,
        r.household_id,
        r.program.key(),
        r.agency,
        r.date,
        r.status.key(),
        r.notes,
        now,
        author
    ])?;
    log_created(
        tx,
        author,
        "referrals",
        &id,
        &[
            ("household_id", Some(r.household_id.clone())),
            ("program", Some(r.program.key().to_string())),
            ("agency", Some(r.agency.clone())),
            ("date", Some(r.date.to_string())),
            ("status", Some(r.status.key().to_string())),
            ("notes", Some(r.notes.clone())),
        ],
    )?;
    Ok(id)
}

pub(super) fn set_status(
    tx: &Transaction<'_>,
    author: &str,
    household_id: &str,
    status: HouseholdStatus,
    date: NaiveDate,
) -> Result<()> {
    let old: String = tx.query_row(
        "SELECT status FROM households WHERE id = ?1",
        [household_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "UPDATE households SET status = ?2, status_date = ?3, updated_at = ?4 WHERE id = ?1",
        params![household_id, status.key(), date, now_utc()],
    )?;
    log(
        tx,
        author,
        "households",
        household_id,
        "status",
        Some(&old),
        Some(status.key()),
    )
}

/// What an author is allowed to write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Write {
    /// A supervision note (`catatan` or `direktif`): supervisors too.
    Note,
    /// Anything else: only the facilitator whose caseload holds the households.
    Caseload,
}

/// Refuses a write the author may not make: a supervisor's anything but a note, a
/// facilitator's in another facilitator's caseload, or an author who is not a worker here.
/// The app refuses these before they get here; this keeps the rule for every caller.
pub(super) fn guard(
    tx: &Transaction<'_>,
    author: &str,
    households: &[&str],
    what: Write,
) -> Result<()> {
    let role: Option<String> = tx
        .prepare_cached("SELECT role FROM workers WHERE id = ?1")?
        .query_row([author], |r| r.get(0))
        .optional()?;
    let allowed = match role.as_deref() {
        Some("supervisor") => what == Write::Note,
        Some(_) => {
            let mut stmt =
                tx.prepare_cached("SELECT worker_id = ?2 FROM households WHERE id = ?1")?;
            let mut ok = true;
            for h in households {
                let mine: Option<bool> = stmt.query_row([*h, author], |r| r.get(0)).optional()?;
                ok &= mine.unwrap_or(false);
            }
            ok
        }
        None => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(super::StoreError::NotAllowed)
    }
}

impl Store {
    /// Records an activity (one transaction, with history and roll-ups).
    pub fn add_activity(&self, author: &str, a: &NewActivity) -> Result<String> {
        let tx = self.conn().unchecked_transaction()?;
        let households: Vec<&str> = a.households.iter().map(|(h, _)| h.as_str()).collect();
        let what = if matches!(a.kind, ActivityKind::Catatan | ActivityKind::Direktif)
            && households.len() == 1
        {
            Write::Note
        } else {
            Write::Caseload
        };
        guard(&tx, author, &households, what)?;
        let id = insert_activity(&tx, author, a, None)?;
        tx.commit()?;
        Ok(id)
    }

    /// Records a graduation or exit: the household's new status, an optional referral, and
    /// (for a graduation) monitoring follow-ups every 3 months for `monitoring_months`.
    pub fn record_graduation(&self, author: &str, g: &NewGraduation) -> Result<String> {
        let g = &NewGraduation {
            reason: clean(&g.reason),
            ..g.clone()
        };
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[g.household_id.as_str()], Write::Caseload)?;
        let id = new_id();
        let now = now_utc();
        let evidence = g.evidence.join(",");
        tx.execute(
            "INSERT INTO graduations (id, household_id, kind, date, reason, evidence,
                                      created_at, updated_at, author_id, worker_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8,
                     (SELECT worker_id FROM households WHERE id = ?2))",
            params![
                id,
                g.household_id,
                g.kind.key(),
                g.date,
                g.reason,
                evidence,
                now,
                author
            ],
        )?;
        log_created(
            &tx,
            author,
            "graduations",
            &id,
            &[
                ("household_id", Some(g.household_id.clone())),
                ("kind", Some(g.kind.key().to_string())),
                ("date", Some(g.date.to_string())),
                ("reason", Some(g.reason.clone())),
                ("evidence", Some(evidence.clone())),
            ],
        )?;
        set_status(
            &tx,
            author,
            &g.household_id,
            g.kind.resulting_status(),
            g.date,
        )?;
        if let Some(r) = &g.referral {
            insert_referral(&tx, author, r)?;
        }
        if g.kind.is_graduation() {
            let mut month = 3;
            while month <= g.monitoring_months {
                let follow = g.date.checked_add_months(Months::new(month));
                insert_activity(
                    &tx,
                    author,
                    &NewActivity {
                        households: vec![(g.household_id.clone(), true)],
                        kind: ActivityKind::Catatan,
                        date: g.date,
                        summary: g.monitoring_summary.replace("{}", &month.to_string()),
                        detail: String::new(),
                        follow_up: follow,
                        group_name: String::new(),
                        place: String::new(),
                        p2k2_module: None,
                        p2k2_session: None,
                    },
                    Some(&id),
                )?;
                month += 3;
            }
        }
        refresh_rollups(&tx, &g.household_id)?;
        tx.commit()?;
        Ok(id)
    }

    /// Undoes the household's latest graduation or exit: it is kept, marked `undone`, and
    /// the household is active again. Returns false if there was nothing to undo.
    pub fn undo_graduation(
        &self,
        author: &str,
        household_id: &str,
        today: NaiveDate,
    ) -> Result<bool> {
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[household_id], Write::Caseload)?;
        let id: Option<String> = tx
            .query_row(
                "SELECT id FROM graduations WHERE household_id = ?1 AND undone = 0
                 ORDER BY date DESC, created_at DESC LIMIT 1",
                [household_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE graduations SET undone = 1, updated_at = ?2 WHERE id = ?1",
            params![id, now_utc()],
        )?;
        log(
            &tx,
            author,
            "graduations",
            &id,
            "undone",
            Some("0"),
            Some("1"),
        )?;
        // Back to the status it had before (a candidate stays a candidate), from the history.
        let before: Option<String> = tx
            .query_row(
                "SELECT old_value FROM change_log
                 WHERE record_id = ?1 AND table_name = 'households' AND field = 'status'
                 ORDER BY seq DESC LIMIT 1",
                [household_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let back = before
            .as_deref()
            .and_then(HouseholdStatus::from_key)
            .filter(|s| s.is_active())
            .unwrap_or(HouseholdStatus::Aktif);
        set_status(&tx, author, household_id, back, today)?;
        // The monitoring follow-ups this graduation scheduled are withdrawn (flagged deleted,
        // with history), not marked done: that work never happened.
        let scheduled: Vec<String> = tx
            .prepare("SELECT id FROM activities WHERE graduation_id = ?1 AND deleted = 0")?
            .query_map([&id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for a in &scheduled {
            tx.execute(
                "UPDATE activities SET deleted = 1, updated_at = ?2 WHERE id = ?1",
                params![a, now_utc()],
            )?;
            log(
                &tx,
                author,
                "activities",
                a,
                "deleted",
                Some("0"),
                Some("1"),
            )?;
        }
        refresh_rollups(&tx, household_id)?;
        tx.commit()?;
        Ok(true)
    }

    pub fn add_referral(&self, author: &str, r: &NewReferral) -> Result<String> {
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[r.household_id.as_str()], Write::Caseload)?;
        let id = insert_referral(&tx, author, r)?;
        tx.commit()?;
        Ok(id)
    }

    /// Moves a referral along its pipeline (or to `ditolak`).
    pub fn set_referral_status(
        &self,
        author: &str,
        id: &str,
        status: ReferralStatus,
    ) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        let (old, household): (String, String) = tx.query_row(
            "SELECT status, household_id FROM referrals WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        guard(&tx, author, &[household.as_str()], Write::Caseload)?;
        tx.execute(
            "UPDATE referrals SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, status.key(), now_utc()],
        )?;
        log(
            &tx,
            author,
            "referrals",
            id,
            "status",
            Some(&old),
            Some(status.key()),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a follow-up done, and logs that in the household's activities and history.
    /// `note` is the log line to add, with `{}` for the follow-up's summary (from i18n).
    pub fn mark_follow_up_done(
        &self,
        author: &str,
        activity_id: &str,
        today: NaiveDate,
        note: &str,
    ) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        let (household, summary): (Option<String>, String) = tx.query_row(
            "SELECT household_id, summary FROM activities WHERE id = ?1",
            [activity_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        tx.execute(
            "UPDATE activities SET done = 1, updated_at = ?2 WHERE id = ?1",
            params![activity_id, now_utc()],
        )?;
        log(
            &tx,
            author,
            "activities",
            activity_id,
            "done",
            Some("0"),
            Some("1"),
        )?;
        let households: Vec<String> = match household {
            Some(h) => vec![h],
            None => tx
                .prepare("SELECT household_id FROM activity_households WHERE activity_id = ?1")?
                .query_map([activity_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        };
        let refs: Vec<&str> = households.iter().map(String::as_str).collect();
        guard(&tx, author, &refs, Write::Caseload)?;
        insert_activity(
            &tx,
            author,
            &NewActivity {
                households: households.iter().map(|h| (h.clone(), true)).collect(),
                kind: ActivityKind::Catatan,
                date: today,
                summary: note.replace("{}", &summary),
                detail: String::new(),
                follow_up: None,
                group_name: String::new(),
                place: String::new(),
                p2k2_module: None,
                p2k2_session: None,
            },
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The history of a household and of its activities, graduations and referrals,
    /// newest first.
    pub fn household_history(&self, household_id: &str, limit: u64) -> Result<Vec<Change>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.created_at, w.name, c.table_name, c.field, c.old_value, c.new_value
             FROM change_log c JOIN workers w ON w.id = c.author_id
             WHERE c.record_id = ?1
                OR c.record_id IN (SELECT id FROM activities WHERE household_id = ?1)
                OR c.record_id IN (SELECT activity_id FROM activity_households
                                   WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM graduations WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM referrals WHERE household_id = ?1)
                OR c.record_id IN (SELECT id FROM members WHERE household_id = ?1)
             ORDER BY c.seq DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![household_id, limit as i64], |r| {
            Ok(Change {
                at: r.get(0)?,
                author: r.get(1)?,
                table: r.get(2)?,
                field: r.get(3)?,
                old: r.get(4)?,
                new: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open follow-ups due by `until` (overdue first), `offset..offset+limit`.
    pub fn agenda(
        &self,
        scope: &Scope,
        until: NaiveDate,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<AgendaRow>> {
        let (clause, worker) = agenda_scope(scope);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT a.id, a.household_id, coalesce(h.pengurus_name, a.group_name),
                    coalesce(h.village, a.place), a.kind, a.summary, a.follow_up,
                    coalesce((SELECT w.name FROM workers w WHERE w.id = h.worker_id),
                             (SELECT w.name FROM workers w WHERE w.id = a.worker_id), '')
             FROM activities a LEFT JOIN households h ON h.id = a.household_id
             WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up IS NOT NULL
               AND a.follow_up <= ?1 AND {clause}
               AND (h.id IS NULL OR (h.deleted = 0
                    AND h.status IN ('aktif', 'calon_graduasi', 'graduasi')))
             ORDER BY a.follow_up, a.rowid LIMIT ?3 OFFSET ?4"
        ))?;
        let rows = stmt.query_map(params![until, worker, limit as i64, offset as i64], |r| {
            Ok(AgendaRow {
                activity_id: r.get(0)?,
                household_id: r.get(1)?,
                household_name: r.get(2)?,
                village: r.get(3)?,
                kind: key(r, 4, ActivityKind::from_key)?,
                summary: r.get(5)?,
                follow_up: r.get(6)?,
                facilitator: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn count_agenda(&self, scope: &Scope, until: NaiveDate) -> Result<u64> {
        let (clause, worker) = agenda_scope(scope);
        let n: i64 = self.conn().query_row(
            &format!(
                "SELECT count(*) FROM activities a LEFT JOIN households h ON h.id = a.household_id
                 WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up IS NOT NULL
                   AND a.follow_up <= ?1 AND {clause}
                   AND (h.id IS NULL OR (h.deleted = 0
                    AND h.status IN ('aktif', 'calon_graduasi', 'graduasi')))"
            ),
            params![until, worker],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Saves the open form of `worker_id` as a draft (replacing an older one).
    pub fn save_draft(&self, worker_id: &str, kind: &str, payload: &str) -> Result<()> {
        let now = now_utc();
        self.conn()
            .execute("DELETE FROM drafts WHERE worker_id = ?1", [worker_id])?;
        self.conn().execute(
            "INSERT INTO drafts (id, worker_id, kind, payload, created_at, updated_at, author_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?2)",
            params![new_id(), worker_id, kind, payload, now],
        )?;
        Ok(())
    }

    /// The worker's draft, if any: (kind, payload).
    pub fn draft(&self, worker_id: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT kind, payload FROM drafts WHERE worker_id = ?1
                 ORDER BY created_at DESC LIMIT 1",
                [worker_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn delete_draft(&self, worker_id: &str) -> Result<()> {
        self.conn()
            .execute("DELETE FROM drafts WHERE worker_id = ?1", [worker_id])?;
        Ok(())
    }

    /// Id of the household's latest graduation or exit still in force.
    pub fn current_exit(&self, household_id: &str) -> Result<Option<ExitKind>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT kind FROM graduations WHERE household_id = ?1 AND undone = 0
                 ORDER BY date DESC, created_at DESC LIMIT 1",
                [household_id],
                |r| key(r, 0, ExitKind::from_key),
            )
            .optional()?)
    }
}

fn agenda_scope(scope: &Scope) -> (&'static str, Option<String>) {
    match scope {
        Scope::Worker(id) => ("a.worker_id = ?2", Some(id.clone())),
        Scope::All => ("?2 IS NULL", None),
    }
}

/// The household's stored fields that the form edits, as text, for the history.
pub(super) fn household_fields(
    h: &pilar_core::model::HouseholdInput,
) -> Vec<(&'static str, Option<String>)> {
    let keys = |v: Vec<&'static str>| v.join(",");
    vec![
        ("no_kk", Some(h.no_kk.clone())),
        ("pengurus_name", h.members.first().map(|m| m.name.clone())),
        ("pengurus_nik", h.members.first().map(|m| m.nik.clone())),
        ("address", Some(h.address.clone())),
        ("rt", Some(h.rt.clone())),
        ("rw", Some(h.rw.clone())),
        ("village", Some(h.village.clone())),
        ("kecamatan", Some(h.kecamatan.clone())),
        ("kabupaten", Some(h.kabupaten.clone())),
        ("area_code", Some(h.area_code.clone())),
        ("phone", Some(h.phone.clone())),
        ("desil", h.desil.map(|d| d.to_string())),
        ("year_joined", h.year_joined.map(|y| y.to_string())),
        (
            "programs",
            Some(keys(h.programs.iter().map(|p| p.key()).collect())),
        ),
        ("has_business", Some(u8::from(h.has_business).to_string())),
        ("business_desc", Some(h.business_desc.clone())),
        ("business_income", h.business_income.map(|i| i.to_string())),
        (
            "pas_tags",
            Some(keys(h.pas.iter().map(|p| p.key()).collect())),
        ),
    ]
}

/// The household with every text field stored inert.
pub(super) fn cleaned(h: &pilar_core::model::HouseholdInput) -> pilar_core::model::HouseholdInput {
    pilar_core::model::HouseholdInput {
        no_kk: clean(&h.no_kk),
        members: h
            .members
            .iter()
            .map(|m| pilar_core::model::MemberInput {
                nik: clean(&m.nik),
                name: clean(&m.name),
                ..m.clone()
            })
            .collect(),
        address: clean(&h.address),
        rt: clean(&h.rt),
        rw: clean(&h.rw),
        village: clean(&h.village),
        kecamatan: clean(&h.kecamatan),
        kabupaten: clean(&h.kabupaten),
        area_code: clean(&h.area_code),
        phone: clean(&h.phone),
        business_desc: clean(&h.business_desc),
        ..h.clone()
    }
}

/// A household's `updated_at` and its stored fields, in the order of
/// [`household_fields`], as text.
pub(super) fn stored_household(
    tx: &Transaction<'_>,
    id: &str,
) -> Result<(String, Vec<Option<String>>)> {
    Ok(tx.query_row(
        "SELECT updated_at, no_kk, pengurus_name, pengurus_nik, address, rt, rw, village,
                kecamatan, kabupaten, area_code, phone, CAST(desil AS TEXT),
                CAST(year_joined AS TEXT), programs, CAST(has_business AS TEXT), business_desc,
                CAST(business_income AS TEXT), pas_tags
         FROM households WHERE id = ?1",
        [id],
        |r| {
            let fields = (1..19)
                .map(|i| r.get::<_, Option<String>>(i))
                .collect::<rusqlite::Result<_>>()?;
            Ok((r.get(0)?, fields))
        },
    )?)
}

/// The fields whose new value differs from the stored one (empty and absent are alike):
/// (field, new, stored).
pub(super) fn changed<'a>(
    new: &'a [(&'static str, Option<String>)],
    old: &'a [Option<String>],
) -> impl Iterator<Item = (&'static str, Option<String>, Option<String>)> + 'a {
    let norm = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    new.iter()
        .zip(old)
        .filter(move |((_, n), o)| norm(n) != norm(o))
        .map(|((f, n), o)| (*f, n.clone(), o.clone()))
}

pub(super) fn member_fields(
    m: &pilar_core::model::MemberInput,
) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("nik", Some(m.nik.clone())),
        ("name", Some(m.name.clone())),
        ("sex", Some(m.sex.key().to_string())),
        ("birth_date", m.birth_date.map(|d| d.to_string())),
        ("relation", Some(m.relation.key().to_string())),
        ("component", m.component.map(|c| c.key().to_string())),
        ("pregnancy_order", m.pregnancy.order.map(|o| o.to_string())),
        ("pregnancy_birth", m.pregnancy.birth.map(|d| d.to_string())),
    ]
}

impl Store {
    /// A household already holding this No KK or one of these NIKs (other than `except`).
    pub fn find_duplicate(
        &self,
        no_kk: &str,
        niks: &[&str],
        except: Option<&str>,
    ) -> Result<Option<pilar_core::model::Duplicate>> {
        let except = except.unwrap_or("");
        let hit: Option<(String, String, String)> = self
            .conn()
            .prepare_cached(
                "SELECT id, pengurus_name, worker_id FROM households
                 WHERE no_kk = ?1 AND deleted = 0 AND id <> ?2 LIMIT 1",
            )?
            .query_row(params![no_kk, except], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if let Some((id, name, worker_id)) = hit {
            return Ok(Some(pilar_core::model::Duplicate {
                field: "no_kk",
                value: no_kk.to_string(),
                household_id: id,
                household_name: name,
                worker_id,
            }));
        }
        for nik in niks {
            let hit: Option<(String, String, String)> = self
                .conn()
                .prepare_cached(
                    // Not a join: rusqlite's statement cache clears the bindings of a
                    // cached statement, which makes SQLite prepare a join again each time.
                    "SELECT h.id, h.pengurus_name, h.worker_id FROM households h
                     WHERE h.id IN (SELECT household_id FROM members
                                    WHERE nik = ?1 AND deleted = 0)
                       AND h.deleted = 0 AND h.id <> ?2
                     LIMIT 1",
                )?
                .query_row(params![nik, except], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            if let Some((id, name, worker_id)) = hit {
                return Ok(Some(pilar_core::model::Duplicate {
                    field: "nik",
                    value: nik.to_string(),
                    household_id: id,
                    household_name: name,
                    worker_id,
                }));
            }
        }
        Ok(None)
    }

    /// Creates or updates a household with its members in one transaction; every changed
    /// field goes to the history. A duplicate No KK or NIK refuses the save.
    pub fn save_household(
        &self,
        author: &str,
        h: &pilar_core::model::HouseholdInput,
    ) -> Result<std::result::Result<String, pilar_core::model::Refusal>> {
        let h = &cleaned(h);
        let niks: Vec<&str> = h.members.iter().map(|m| m.nik.as_str()).collect();
        if let Some(d) = self.find_duplicate(&h.no_kk, &niks, h.id.as_deref())? {
            return Ok(Err(pilar_core::model::Refusal::Duplicate(d)));
        }
        let tx = self.conn().unchecked_transaction()?;
        let saved = save_household_tx(&tx, author, h, &NewIds::default())?;
        if saved.is_ok() {
            tx.commit()?;
        }
        Ok(saved)
    }
}

/// Ids to give new records instead of fresh ones (an import keeps the ids of the file it
/// reads, so an export imported elsewhere keeps its ids): the household's, and per member
/// (aligned with `HouseholdInput::members`, used for members without an id).
#[derive(Debug, Default)]
pub(super) struct NewIds {
    pub household: Option<String>,
    pub members: Vec<Option<String>>,
}

/// The body of [`Store::save_household`] inside a transaction the caller commits: `h` is
/// already cleaned and checked for duplicates.
pub(super) fn save_household_tx(
    tx: &Transaction<'_>,
    author: &str,
    h: &pilar_core::model::HouseholdInput,
    ids: &NewIds,
) -> Result<std::result::Result<String, pilar_core::model::Refusal>> {
    // A new household joins its author's caseload (a facilitator's); an edit is its
    // facilitator's to make.
    let existing: Vec<&str> = h.id.as_deref().into_iter().collect();
    guard(tx, author, &existing, Write::Caseload)?;
    {
        let new_fields = household_fields(h);
        // For an edit, what is stored now (one read): to refuse a stale copy and to write
        // the history of what changed.
        let stored = match &h.id {
            Some(id) => Some(stored_household(tx, id)?),
            None => None,
        };
        if let (Some((updated_at, old)), Some(expected)) = (&stored, &h.expected_updated_at)
            && updated_at != expected
        {
            // Someone else (another session on a shared server) saved this household since
            // the form opened: refuse, and say what is stored now.
            let differ = changed(&new_fields, old)
                .map(|(field, _, theirs)| (field.to_string(), theirs.unwrap_or_default()))
                .collect();
            return Ok(Err(pilar_core::model::Refusal::Stale(differ)));
        }
        let now = now_utc();
        let pengurus = h.members.first();
        let name = pengurus.map(|m| m.name.as_str()).unwrap_or("");
        let nik = pengurus.map(|m| m.nik.as_str()).unwrap_or("");
        let programs = h
            .programs
            .iter()
            .map(|p| p.key())
            .collect::<Vec<_>>()
            .join(",");
        let pas = h.pas.iter().map(|p| p.key()).collect::<Vec<_>>().join(",");
        let search = pilar_core::filter::search_text(name, &h.village);
        // The columns the form writes, in one order for both statements.
        let values: [&dyn rusqlite::ToSql; 19] = [
            &h.no_kk,
            &name,
            &nik,
            &h.address,
            &h.rt,
            &h.rw,
            &h.village,
            &h.kecamatan,
            &h.kabupaten,
            &h.area_code,
            &h.phone,
            &h.desil,
            &h.year_joined,
            &programs,
            &h.has_business,
            &h.business_desc,
            &h.business_income,
            &pas,
            &search,
        ];
        const COLUMNS: &str = "no_kk, pengurus_name, pengurus_nik, address, rt, rw, village, \
            kecamatan, kabupaten, area_code, phone, desil, year_joined, programs, has_business, \
            business_desc, business_income, pas_tags, search_text";
        let id = match (&h.id, &stored) {
            (Some(id), Some((_, old))) => {
                for (field, new, old) in changed(&new_fields, old) {
                    log(
                        tx,
                        author,
                        "households",
                        id,
                        field,
                        old.as_deref(),
                        new.as_deref(),
                    )?;
                }
                let set: Vec<String> = COLUMNS
                    .split(", ")
                    .enumerate()
                    .map(|(i, c)| format!("{} = ?{}", c.trim(), i + 1))
                    .collect();
                let sql = format!(
                    "UPDATE households SET {}, updated_at = ?20 WHERE id = ?21",
                    set.join(", ")
                );
                let params = values
                    .iter()
                    .copied()
                    .chain([&now as &dyn rusqlite::ToSql, id]);
                tx.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(params))?;
                id.clone()
            }
            _ => {
                let id = ids.household.clone().unwrap_or_else(new_id);
                let sql = format!(
                    "INSERT INTO households ({COLUMNS}, id, worker_id, status, created_at,
                        updated_at, author_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                             ?16, ?17, ?18, ?19, ?20, ?21, 'aktif', ?22, ?22, ?21)"
                );
                let params =
                    values
                        .iter()
                        .copied()
                        .chain([&id as &dyn rusqlite::ToSql, &author, &now]);
                tx.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(params))?;
                log_created(tx, author, "households", &id, &new_fields)?;
                id
            }
        };
        // The search index follows the name and village.
        let rowid: i64 = tx
            .prepare_cached("SELECT rowid FROM households WHERE id = ?1")?
            .query_row([&id], |r| r.get(0))?;
        // (A new household has no index entry and no members yet.)
        let is_new = stored.is_none();
        if !is_new {
            tx.prepare_cached("DELETE FROM household_search WHERE rowid = ?1")?
                .execute([rowid])?;
        }
        tx.prepare_cached("INSERT INTO household_search (rowid, text) VALUES (?1, ?2)")?
            .execute(params![rowid, search])?;
        // Members: update the kept ones, add the new ones, flag the removed ones deleted.
        let kept: Vec<&str> = h.members.iter().filter_map(|m| m.id.as_deref()).collect();
        let existing: Vec<String> = if is_new {
            Vec::new()
        } else {
            tx.prepare_cached("SELECT id FROM members WHERE household_id = ?1 AND deleted = 0")?
                .query_map([&id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for old in existing.iter().filter(|e| !kept.contains(&e.as_str())) {
            tx.execute(
                "UPDATE members SET deleted = 1, updated_at = ?2 WHERE id = ?1",
                params![old, now],
            )?;
            log(tx, author, "members", old, "deleted", Some("0"), Some("1"))?;
        }
        for (i, m) in h.members.iter().enumerate() {
            let fields = member_fields(m);
            match &m.id {
                Some(mid) => {
                    let old: Vec<Option<String>> = tx.query_row(
                        "SELECT nik, name, sex, birth_date, relation, component,
                                CAST(pregnancy_order AS TEXT), pregnancy_birth
                         FROM members WHERE id = ?1",
                        [mid],
                        |r| (0..8).map(|i| r.get::<_, Option<String>>(i)).collect(),
                    )?;
                    for ((field, new), old) in fields.iter().zip(&old) {
                        if new != old {
                            log(
                                tx,
                                author,
                                "members",
                                mid,
                                field,
                                old.as_deref(),
                                new.as_deref(),
                            )?;
                        }
                    }
                    tx.execute(
                        "UPDATE members SET nik = ?2, name = ?3, sex = ?4, birth_date = ?5,
                            relation = ?6, component = ?7, updated_at = ?8,
                            pregnancy_order = ?9, pregnancy_birth = ?10 WHERE id = ?1",
                        params![
                            mid,
                            m.nik,
                            m.name,
                            m.sex.key(),
                            m.birth_date,
                            m.relation.key(),
                            m.component.map(|c| c.key()),
                            now,
                            m.pregnancy.order,
                            m.pregnancy.birth
                        ],
                    )?;
                }
                None => {
                    let mid = ids.members.get(i).cloned().flatten().unwrap_or_else(new_id);
                    tx.prepare_cached(
                        "INSERT INTO members (id, household_id, nik, name, sex, birth_date,
                            relation, component, created_at, updated_at, author_id,
                            pregnancy_order, pregnancy_birth)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
                    )?
                    .execute(params![
                        mid,
                        id,
                        m.nik,
                        m.name,
                        m.sex.key(),
                        m.birth_date,
                        m.relation.key(),
                        m.component.map(|c| c.key()),
                        now,
                        author,
                        m.pregnancy.order,
                        m.pregnancy.birth
                    ])?;
                    log_created(tx, author, "members", &mid, &fields)?;
                }
            }
        }
        if stored.is_some() {
            refresh_rollups(tx, &id)?;
        } else {
            // A new household has no activities yet: of its roll-ups only the component
            // count can be other than empty.
            let components = h.members.iter().filter(|m| m.component.is_some()).count();
            if components > 0 {
                tx.prepare_cached("UPDATE households SET component_count = ?2 WHERE id = ?1")?
                    .execute(params![id, components as i64])?;
            }
        }
        Ok(Ok(id))
    }
}

impl Store {
    /// Moves the household's latest referral one step along diusulkan -> diterima ->
    /// berjalan -> selesai (or, with `reject`, to ditolak). Returns the program, its status
    /// and whether it moved (a finished or rejected referral stays), or `None` when the
    /// household has no referral.
    pub fn advance_referral(
        &self,
        author: &str,
        household_id: &str,
        reject: bool,
    ) -> Result<
        Option<(
            pilar_core::domain::graduation::Program,
            ReferralStatus,
            bool,
        )>,
    > {
        let latest: Option<(
            String,
            pilar_core::domain::graduation::Program,
            ReferralStatus,
        )> = self
            .conn()
            .query_row(
                "SELECT id, program, status FROM referrals WHERE household_id = ?1
                 ORDER BY date DESC, created_at DESC LIMIT 1",
                [household_id],
                |r| {
                    Ok((
                        r.get(0)?,
                        key(r, 1, pilar_core::domain::graduation::Program::from_key)?,
                        key(r, 2, ReferralStatus::from_key)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, program, status)) = latest else {
            return Ok(None);
        };
        let next = if reject {
            (status != ReferralStatus::Ditolak).then_some(ReferralStatus::Ditolak)
        } else {
            status.next()
        };
        match next {
            Some(next) => {
                self.set_referral_status(author, &id, next)?;
                Ok(Some((program, next, true)))
            }
            // Finished or rejected already: nothing to move.
            None => Ok(Some((program, status, false))),
        }
    }
}

impl Store {
    /// Records that `author` exported `rows` records of `what` holding full NIKs (UU PDP:
    /// processing of personal data is recorded), and from which scope (`caseload:LOGIN` or
    /// `all`): one history entry, as a reveal with `i` makes for one household.
    pub fn log_export(&self, author: &str, what: &str, rows: usize, scope: &str) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        log(
            &tx,
            author,
            "export",
            &new_id(),
            what,
            None,
            Some(&format!("rows={rows} scope={scope}")),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that `author` looked at a household's unmasked NIK and No KK (UU PDP:
    /// processing of personal data is recorded): `i` in the detail pane.
    pub fn log_reveal(&self, author: &str, household_id: &str) -> Result<()> {
        self.log_revealed(author, household_id, "nik,no_kk")
    }

    /// Records that `author` opened a household's form, which shows every member's NIK
    /// and the No KK unmasked (`e`): one entry, `form`.
    pub fn log_form_reveal(&self, author: &str, household_id: &str) -> Result<()> {
        self.log_revealed(author, household_id, "form")
    }

    /// One `nik_revealed` entry saying what was shown.
    fn log_revealed(&self, author: &str, household_id: &str, what: &str) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        log(
            &tx,
            author,
            "households",
            household_id,
            "nik_revealed",
            None,
            Some(what),
        )?;
        tx.commit()?;
        Ok(())
    }
}
