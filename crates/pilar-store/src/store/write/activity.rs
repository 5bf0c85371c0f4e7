//! Activities: recording one (alone or for a group) and marking a follow-up done.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::super::{Result, Store, new_id, now_utc};
use super::{Write, guard, log, log_created, refresh_rollups};
use pilar_core::domain::activity::ActivityKind;
use pilar_core::domain::text::clean;
use pilar_core::model::NewActivity;

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
}
