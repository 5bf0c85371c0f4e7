//! Life events (issue 11 item 2): an event checked by its rules (`domain::life_event::plan`)
//! against the household's members as stored, its changes applied with a history entry per
//! changed field, its `life_events` row, and one `pemutakhiran` line in the activity log,
//! all in one transaction; or a proposal dismissed (a row with status `diabaikan`, no
//! change). And the reads the detail and "Hari ini" need.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::super::read::{key, member_from_row};
use super::super::{Result, Store, new_id, now_utc};
use super::activity::insert_activity;
use super::{Write, guard, log_created, log_entries, refresh_rollups};
use pilar_core::domain::activity::ActivityKind;
use pilar_core::domain::component::Component;
use pilar_core::domain::life_event::{
    Change, EventStatus, LeftReason, LifeEventKind, Person, plan,
};
use pilar_core::domain::text::clean;
use pilar_core::model::life_event::{Departure, NewLifeEvent, people};
use pilar_core::model::{Member, NewActivity, Refusal};
use pilar_core::records::tables::MEMBERS;

impl Store {
    /// Records a life event (or dismisses a proposal) for a household: refused with the
    /// rule's reason, or saved with its changes; the new row's id.
    pub fn record_life_event(
        &self,
        author: &str,
        e: &NewLifeEvent,
    ) -> Result<std::result::Result<String, Refusal>> {
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[e.household_id.as_str()], Write::Caseload)?;
        let saved = record_life_event_tx(&tx, author, e, EventIds::default())?;
        if saved.is_ok() {
            tx.commit()?;
        }
        Ok(saved)
    }

    /// The members of a household who left, with when and why.
    pub fn departures(&self, household: &str) -> Result<Vec<Departure>> {
        departures(self.conn(), household)
    }
}

/// The ids a recorded event keeps: an imported file's (so files round-trip), new ones
/// when `None`.
#[derive(Debug, Clone, Copy, Default)]
pub struct EventIds<'a> {
    pub event: Option<&'a str>,
    /// A birth's child.
    pub child: Option<&'a str>,
}

/// [`Store::record_life_event`] inside the caller's transaction (the form's, or an
/// import's), its author already allowed: refused before anything is written, or saved.
pub(in crate::store) fn record_life_event_tx(
    tx: &Transaction<'_>,
    author: &str,
    e: &NewLifeEvent,
    ids: EventIds<'_>,
) -> Result<std::result::Result<String, Refusal>> {
    let rules = &e.rules;
    let (members, left) = members_of(tx, &e.household_id)?;
    let folks = people(&members, &left);
    let changes = if e.status == EventStatus::Dismissed {
        Vec::new()
    } else {
        match plan(&e.event, &folks, e.today, rules) {
            Ok(c) => c,
            Err(why) => return Ok(Err(Refusal::LifeEvent(why))),
        }
    };
    // The household's recipient already: nothing to change.
    for c in &changes {
        if let Change::Pengurus { member } = c {
            let nik: String = tx
                .prepare_cached("SELECT pengurus_nik FROM households WHERE id = ?1")?
                .query_row([&e.household_id], |r| r.get("pengurus_nik"))?;
            if members.iter().any(|m| &m.id == member && m.nik == nik) {
                return Ok(Err(Refusal::LifeEvent(
                    pilar_core::domain::life_event::Refusal::AlreadyPengurus,
                )));
            }
        }
    }
    let mut child_id = None;
    for c in &changes {
        if let Some(id) = apply(tx, author, &e.household_id, &members, c, ids.child)? {
            child_id = Some(id);
        }
    }
    let id = insert_event(tx, author, e, child_id.as_deref(), ids.event)?;
    if e.status == EventStatus::Recorded {
        insert_activity(tx, author, &update_line(e), None)?;
    }
    refresh_rollups(tx, &e.household_id)?;
    Ok(Ok(id))
}

/// An event the members as stored already show (`domain::life_event::shown`: an import
/// into a database rebuilt from households and members files): its row with its history,
/// linked to the child already there, and its `pemutakhiran` line unless the household
/// has one that day (the activities file brings those); no member is changed.
pub(in crate::store) fn record_shown_life_event_tx(
    tx: &Transaction<'_>,
    author: &str,
    e: &NewLifeEvent,
    child: Option<&str>,
    id: Option<&str>,
) -> Result<String> {
    let id = insert_event(tx, author, e, child, id)?;
    let logged: Option<i64> = tx
        .prepare_cached(
            "SELECT 1 AS hit FROM activities
             WHERE household_id = ?1 AND kind = ?2 AND date = ?3 AND deleted = 0",
        )?
        .query_row(
            params![
                e.household_id,
                ActivityKind::Pemutakhiran.key(),
                e.event.date
            ],
            |r| r.get("hit"),
        )
        .optional()?;
    if logged.is_none() {
        insert_activity(tx, author, &update_line(e), None)?;
        refresh_rollups(tx, &e.household_id)?;
    }
    Ok(id)
}

/// A household's members as the life-event rules see them (those who left marked), and
/// those who left with the day.
pub(in crate::store) fn household_people(
    tx: &Transaction<'_>,
    household: &str,
) -> Result<(Vec<Person>, Vec<Departure>)> {
    let (members, left) = members_of(tx, household)?;
    Ok((people(&members, &left), left))
}

/// The last day a member's `field` was written before `before` (a time: an import leaves
/// out its own writes): its newest history entry, else the day the member was added.
pub(in crate::store) fn field_written_on(
    tx: &Transaction<'_>,
    member: &str,
    field: &str,
    before: &str,
) -> Result<Option<NaiveDate>> {
    let at: Option<String> = tx
        .prepare_cached(
            "SELECT max(at) AS at FROM (
                SELECT created_at AS at FROM members WHERE id = ?1
                UNION ALL
                SELECT created_at AS at FROM change_log
                WHERE record_id = ?1 AND table_name = 'members' AND field = ?2)
             WHERE at < ?3",
        )?
        .query_row(params![member, field, before], |r| r.get("at"))?;
    Ok(at.and_then(|a| a.get(..10).and_then(|d| d.parse().ok())))
}

/// A member leaves the household on `on` (death or moving away), with its history: the
/// member stays, no longer counted. Also what an import does for a member its file says
/// left.
pub(in crate::store) fn member_leaves_tx(
    tx: &Transaction<'_>,
    author: &str,
    member: &str,
    on: NaiveDate,
    reason: LeftReason,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE members SET left_on = ?2, left_reason = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![member, on, reason.key(), now_utc()])?;
    let on = on.to_string();
    log_entries(
        tx,
        author,
        "members",
        member,
        &[
            ("left_on", None, Some(&on)),
            ("left_reason", None, Some(reason.key())),
        ],
    )
}

/// An event's `pemutakhiran` line in the activity log.
fn update_line(e: &NewLifeEvent) -> NewActivity {
    NewActivity {
        households: vec![(e.household_id.clone(), true)],
        kind: ActivityKind::Pemutakhiran,
        date: e.event.date,
        summary: e.summary.clone(),
        detail: e.note.clone(),
        follow_up: None,
        group_name: String::new(),
        place: String::new(),
        p2k2_module: None,
        p2k2_session: None,
    }
}

fn departures(conn: &rusqlite::Connection, household: &str) -> Result<Vec<Departure>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, left_on, left_reason FROM members
         WHERE household_id = ?1 AND deleted = 0 AND left_on IS NOT NULL
         ORDER BY left_on, id",
    )?;
    let rows = stmt.query_map([household], |r| {
        Ok(Departure {
            member_id: r.get("id")?,
            on: r.get("left_on")?,
            reason: key(r, "left_reason", LeftReason::from_key)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A household's members as stored, and those who left.
fn members_of(tx: &Transaction<'_>, household: &str) -> Result<(Vec<Member>, Vec<Departure>)> {
    let sql = format!(
        "SELECT {} FROM members WHERE household_id = ?1 AND deleted = 0 ORDER BY rowid",
        MEMBERS.select("")
    );
    let members = tx
        .prepare_cached(&sql)?
        .query_map([household], member_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((members, departures(tx, household)?))
}

fn opt<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|v| v.to_string())
}

/// Applies one change; the new member's id for a child added.
fn apply(
    tx: &Transaction<'_>,
    author: &str,
    household: &str,
    members: &[Member],
    c: &Change,
    child_id: Option<&str>,
) -> Result<Option<String>> {
    let now = now_utc();
    let stored = |id: &str| members.iter().find(|m| m.id == id);
    match c {
        Change::Component { member, to } => {
            let old = stored(member).and_then(|m| m.component).map(Component::key);
            let new = to.map(Component::key);
            if old != new {
                tx.prepare_cached(
                    "UPDATE members SET component = ?2, updated_at = ?3 WHERE id = ?1",
                )?
                .execute(params![member, new, now])?;
                log_entries(tx, author, "members", member, &[("component", old, new)])?;
            }
        }
        Change::Pregnancy { member, to } => {
            let was = stored(member).map(|m| m.pregnancy).unwrap_or_default();
            tx.prepare_cached(
                "UPDATE members SET pregnancy_order = ?2, pregnancy_birth = ?3, updated_at = ?4
                 WHERE id = ?1",
            )?
            .execute(params![member, to.order, to.birth, now])?;
            let (oo, no) = (opt(was.order), opt(to.order));
            let (ob, nb) = (opt(was.birth), opt(to.birth));
            let mut entries = Vec::new();
            if oo != no {
                entries.push(("pregnancy_order", oo.as_deref(), no.as_deref()));
            }
            if ob != nb {
                entries.push(("pregnancy_birth", ob.as_deref(), nb.as_deref()));
            }
            log_entries(tx, author, "members", member, &entries)?;
        }
        Change::Leaves { member, on, reason } => {
            member_leaves_tx(tx, author, member, *on, *reason)?
        }
        Change::AddChild {
            child,
            birth,
            component,
        } => {
            let id = child_id.map_or_else(new_id, str::to_string);
            let name = clean(child.name.trim());
            tx.prepare_cached(
                "INSERT INTO members (id, household_id, nik, name, sex, birth_date, relation,
                                      component, created_at, updated_at, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            )?
            .execute(params![
                id,
                household,
                child.nik,
                name,
                child.sex.key(),
                birth,
                child.relation.key(),
                component.map(Component::key),
                now,
                author
            ])?;
            log_created(
                tx,
                author,
                "members",
                &id,
                &[
                    ("household_id", Some(household.to_string())),
                    ("nik", Some(child.nik.clone())),
                    ("name", Some(name)),
                    ("sex", Some(child.sex.key().to_string())),
                    ("birth_date", Some(birth.to_string())),
                    ("relation", Some(child.relation.key().to_string())),
                    ("component", component.map(|c| c.key().to_string())),
                ],
            )?;
            return Ok(Some(id));
        }
        Change::Relation { member, to } => {
            let old = stored(member).map(|m| m.relation.key());
            tx.prepare_cached("UPDATE members SET relation = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![member, to.key(), now])?;
            log_entries(
                tx,
                author,
                "members",
                member,
                &[("relation", old, Some(to.key()))],
            )?;
        }
        Change::Pengurus { member } => {
            let Some(m) = stored(member) else {
                return Ok(None);
            };
            let (old_name, old_nik, village, rowid): (String, String, String, i64) = tx
                .prepare_cached(
                    "SELECT pengurus_name, pengurus_nik, village, rowid AS rid
                     FROM households WHERE id = ?1",
                )?
                .query_row([household], |r| {
                    Ok((
                        r.get("pengurus_name")?,
                        r.get("pengurus_nik")?,
                        r.get("village")?,
                        r.get("rid")?,
                    ))
                })?;
            let search = pilar_core::filter::search_text(&m.name, &village);
            tx.prepare_cached(
                "UPDATE households SET pengurus_name = ?2, pengurus_nik = ?3, search_text = ?4,
                                       updated_at = ?5
                 WHERE id = ?1",
            )?
            .execute(params![household, m.name, m.nik, search, now])?;
            tx.prepare_cached("DELETE FROM household_search WHERE rowid = ?1")?
                .execute([rowid])?;
            tx.prepare_cached(crate::store::list::SEARCH_INDEX_INSERT)?
                .execute(params![rowid, search])?;
            let mut entries = Vec::new();
            if old_name != m.name {
                entries.push((
                    "pengurus_name",
                    Some(old_name.as_str()),
                    Some(m.name.as_str()),
                ));
            }
            if old_nik != m.nik {
                entries.push(("pengurus_nik", Some(old_nik.as_str()), Some(m.nik.as_str())));
            }
            log_entries(tx, author, "households", household, &entries)?;
        }
    }
    Ok(None)
}

/// The `life_events` row, with its history.
fn insert_event(
    tx: &Transaction<'_>,
    author: &str,
    e: &NewLifeEvent,
    child: Option<&str>,
    id: Option<&str>,
) -> Result<String> {
    let id = id.map_or_else(new_id, str::to_string);
    let now = now_utc();
    let worker: String = tx
        .prepare_cached("SELECT worker_id FROM households WHERE id = ?1")?
        .query_row([&e.household_id], |r| r.get("worker_id"))
        .optional()?
        .unwrap_or_else(|| author.to_string());
    let ev = &e.event;
    let level = match ev.kind {
        LifeEventKind::MasukSekolah => Some(ev.school_level.unwrap_or(Component::Sd).key()),
        _ => None,
    };
    let (order, hpl) = match ev.kind {
        LifeEventKind::Kehamilan => (ev.pregnancy_order, ev.expected_birth),
        _ => (None, None),
    };
    let note = clean(e.note.trim());
    tx.prepare_cached(
        "INSERT INTO life_events (id, household_id, member_id, kind, date, status,
            pregnancy_order, expected_birth, school_level, child_id, note, worker_id,
            created_at, updated_at, author_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
    )?
    .execute(params![
        id,
        e.household_id,
        ev.member,
        ev.kind.key(),
        ev.date,
        e.status.key(),
        order,
        hpl,
        level,
        child,
        note,
        worker,
        now,
        author
    ])?;
    log_created(
        tx,
        author,
        "life_events",
        &id,
        &[
            ("household_id", Some(e.household_id.clone())),
            ("member_id", ev.member.clone()),
            ("kind", Some(ev.kind.key().to_string())),
            ("date", Some(ev.date.to_string())),
            ("status", Some(e.status.key().to_string())),
            ("pregnancy_order", opt(order)),
            ("expected_birth", opt(hpl)),
            ("school_level", level.map(str::to_string)),
            ("child_id", child.map(str::to_string)),
            ("note", Some(note)),
        ],
    )?;
    Ok(id)
}
