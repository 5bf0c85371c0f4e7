//! Activities: recording one (alone or for a group) and marking a follow-up done.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::super::{Result, Store, new_id, now_utc};
use super::{Write, guard, log, log_created, refresh_rollups};
use pilar_core::domain::activity::ActivityKind;
use pilar_core::domain::text::clean;
use pilar_core::model::{ActivityEdit, NewActivity};

pub(super) fn insert_activity(
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
                r.get("worker_id")
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
            |r| Ok((r.get("household_id")?, r.get("summary")?)),
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
                .query_map([activity_id], |r| r.get("household_id"))?
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
}

impl Store {
    /// Corrects an activity: each changed field goes to the history (old -> new), a changed
    /// attendance as the activity's `households` (as when it was recorded) and, per
    /// household, `attended` of `activity_households` (what `pilar merge` compares). The
    /// households' roll-ups follow. Only the caseload's facilitator may.
    pub fn edit_activity(&self, author: &str, id: &str, e: &ActivityEdit) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        let households = activity_households(&tx, id)?;
        let refs: Vec<&str> = households.iter().map(|(h, _)| h.as_str()).collect();
        guard(&tx, author, &refs, Write::Caseload)?;
        let old: (String, String, String, Option<String>) = tx.query_row(
            "SELECT kind, date, summary, follow_up FROM activities WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get("kind")?,
                    r.get("date")?,
                    r.get("summary")?,
                    r.get("follow_up")?,
                ))
            },
        )?;
        let summary = clean(&e.summary);
        let new = (
            e.kind.key().to_string(),
            e.date.to_string(),
            summary.clone(),
            e.follow_up.map(|d| d.to_string()),
        );
        let mut changes: Vec<(&str, Option<&str>, Option<&str>)> = Vec::new();
        if old.0 != new.0 {
            changes.push(("kind", Some(&old.0), Some(&new.0)));
        }
        if old.1 != new.1 {
            changes.push(("date", Some(&old.1), Some(&new.1)));
        }
        if old.2 != new.2 {
            changes.push(("summary", Some(&old.2), Some(&new.2)));
        }
        if old.3 != new.3 {
            changes.push(("follow_up", old.3.as_deref(), new.3.as_deref()));
        }
        tx.execute(
            "UPDATE activities SET kind = ?2, date = ?3, summary = ?4, follow_up = ?5,
                 updated_at = ?6 WHERE id = ?1",
            params![id, new.0, e.date, summary, e.follow_up, now_utc()],
        )?;
        super::log_entries(&tx, author, "activities", id, &changes)?;
        // Attendance of a group activity (one household alone is always present).
        let group = tx.query_row(
            "SELECT household_id IS NULL AS grouped FROM activities WHERE id = ?1",
            [id],
            |r| r.get::<_, bool>("grouped"),
        )?;
        if group && !e.attendance.is_empty() {
            let list = |v: &[(String, bool)]| {
                v.iter()
                    .map(|(h, a)| format!("{h}:{}", u8::from(*a)))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let after: Vec<(String, bool)> = households
                .iter()
                .map(|(h, was)| {
                    let now = e
                        .attendance
                        .iter()
                        .find(|(x, _)| x == h)
                        .map_or(*was, |(_, a)| *a);
                    (h.clone(), now)
                })
                .collect();
            if after != households {
                for ((h, was), (_, now)) in households.iter().zip(&after) {
                    if was != now {
                        tx.execute(
                            "UPDATE activity_households SET attended = ?3, updated_at = ?4
                             WHERE activity_id = ?1 AND household_id = ?2",
                            params![id, h, now, now_utc()],
                        )?;
                        log(
                            &tx,
                            author,
                            "activity_households",
                            id,
                            "attended",
                            Some(&format!("{h}:{}", u8::from(*was))),
                            Some(&format!("{h}:{}", u8::from(*now))),
                        )?;
                    }
                }
                log(
                    &tx,
                    author,
                    "activities",
                    id,
                    "households",
                    Some(&list(&households)),
                    Some(&list(&after)),
                )?;
            }
        }
        for (h, _) in &households {
            refresh_rollups(&tx, h)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Voids an activity recorded by mistake: it is flagged deleted (gone from the log,
    /// agenda and counts) and the history keeps it with the reason (a `void` entry) and
    /// who and when. Only the caseload's facilitator may.
    pub fn void_activity(&self, author: &str, id: &str, reason: &str) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        let households = activity_households(&tx, id)?;
        let refs: Vec<&str> = households.iter().map(|(h, _)| h.as_str()).collect();
        guard(&tx, author, &refs, Write::Caseload)?;
        tx.execute(
            "UPDATE activities SET deleted = 1, updated_at = ?2 WHERE id = ?1",
            params![id, now_utc()],
        )?;
        let reason = clean(reason);
        super::log_entries(
            &tx,
            author,
            "activities",
            id,
            &[
                ("void", None, Some(&reason)),
                ("deleted", Some("0"), Some("1")),
            ],
        )?;
        for (h, _) in &households {
            refresh_rollups(&tx, h)?;
        }
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Reopens a follow-up marked done by mistake: `done` 1 -> 0 in the history, and the
    /// households' next follow-up counts it again. Returns false when it was not done.
    pub fn reopen_follow_up(&self, author: &str, id: &str) -> Result<bool> {
        let tx = self.conn().unchecked_transaction()?;
        let households = activity_households(&tx, id)?;
        let refs: Vec<&str> = households.iter().map(|(h, _)| h.as_str()).collect();
        guard(&tx, author, &refs, Write::Caseload)?;
        let done: bool = tx.query_row(
            "SELECT done = 1 AND follow_up IS NOT NULL AS done FROM activities WHERE id = ?1",
            [id],
            |r| r.get("done"),
        )?;
        if !done {
            return Ok(false);
        }
        tx.execute(
            "UPDATE activities SET done = 0, updated_at = ?2 WHERE id = ?1",
            params![id, now_utc()],
        )?;
        log(&tx, author, "activities", id, "done", Some("1"), Some("0"))?;
        for (h, _) in &households {
            refresh_rollups(&tx, h)?;
        }
        tx.commit()?;
        Ok(true)
    }
}

/// The households of an activity and whether each was present (one household alone:
/// present).
fn activity_households(tx: &Transaction<'_>, id: &str) -> Result<Vec<(String, bool)>> {
    let single: Option<String> = tx.query_row(
        "SELECT household_id FROM activities WHERE id = ?1",
        [id],
        |r| r.get("household_id"),
    )?;
    Ok(match single {
        Some(h) => vec![(h, true)],
        None => tx
            .prepare_cached(
                "SELECT household_id, attended FROM activity_households WHERE activity_id = ?1
                 ORDER BY household_id",
            )?
            .query_map([id], |r| Ok((r.get("household_id")?, r.get("attended")?)))?
            .collect::<rusqlite::Result<_>>()?,
    })
}
