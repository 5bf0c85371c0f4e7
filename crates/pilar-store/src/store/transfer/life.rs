//! Importing life events and P2K2 groups (issue 11 "Also"). Each life event row goes
//! through the form's write path (`write::record_life_event_tx`: the rules on the members
//! as stored, each change with its history, the `pemutakhiran` activity) inside the
//! import's one transaction, in date order, so a pregnancy comes before its birth; an
//! event already recorded (its id, or the same household, member, kind and date) is
//! counted unchanged and not applied again. An event the members as stored already show
//! (`domain::life_event::shown`: a database rebuilt from households and members files) is
//! recorded without changing them, and a warning says so. A group is created or updated
//! (name, place) with its history and its listed families join it. Without writing (a dry run, or a
//! problem without `--skip-invalid`) the transaction is rolled back.

use pilar_core::domain::component::{Component, ComponentRules};
use pilar_core::domain::groups::group_name;
use pilar_core::domain::life_event::shown::{Shown, Stored, shown};
use pilar_core::domain::life_event::{EventStatus, LifeEvent, LifeEventKind, NewChild, Refusal};
use pilar_core::domain::{Lang, Sex};
use pilar_core::i18n::{T, fill, life_event::kind_label, tr};
use pilar_core::model::Relation;
use pilar_core::model::life_event::NewLifeEvent;

use super::super::write::{
    EventIds, field_written_on, guard, household_people, log_created, log_entries,
    record_life_event_tx, record_shown_life_event_tx,
};
use super::*;
use crate::transfer::rows::{GroupRecord, LifeEventRecord, MemberRef};

/// A member of a household as an import names one.
struct Found {
    id: String,
    name: String,
}

/// The member of `household` the row names: by id, else NIK, else name (the only one of
/// that name, ignoring case); those who left included (the rules refuse them).
fn find_member(tx: &Transaction<'_>, household: &str, m: &MemberRef) -> Result<Option<Found>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, nik, name FROM members WHERE household_id = ?1 AND deleted = 0
         ORDER BY rowid",
    )?;
    let all: Vec<(String, String, String)> = stmt
        .query_map([household], |r| {
            Ok((r.get("id")?, r.get("nik")?, r.get("name")?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let pick = |hit: Option<&(String, String, String)>| {
        hit.map(|(id, _, name)| Found {
            id: id.clone(),
            name: name.clone(),
        })
    };
    if let Some(id) = &m.id {
        return Ok(pick(all.iter().find(|(i, _, _)| i == id)));
    }
    if let Some(nik) = &m.nik {
        return Ok(pick(all.iter().find(|(_, n, _)| n == nik)));
    }
    if let Some(name) = &m.name {
        let name = name.trim().to_lowercase();
        let hits: Vec<_> = all
            .iter()
            .filter(|(_, _, n)| n.trim().to_lowercase() == name)
            .collect();
        if hits.len() == 1 {
            return Ok(pick(hits.first().copied()));
        }
    }
    Ok(None)
}

/// The column a row names its member by (for its problem).
fn member_column(m: &MemberRef) -> (Col, String) {
    match (&m.id, &m.nik, &m.name) {
        (Some(id), _, _) => (Col::MemberId, id.clone()),
        (None, Some(nik), _) => (Col::Nik, nik.clone()),
        (None, None, Some(name)) => (Col::Name, name.clone()),
        (None, None, None) => (Col::Nik, String::new()),
    }
}

/// The column a rule's refusal is about.
fn refusal_column(r: &Refusal) -> Option<Col> {
    match r {
        Refusal::InFuture | Refusal::BeforeBirth { .. } => Some(Col::Date),
        Refusal::PregnancyDetails | Refusal::ThirdPregnancy { .. } => Some(Col::PregnancyOrder),
        Refusal::NoChildName => Some(Col::ChildName),
        _ => None,
    }
}

/// Whether the household's members as stored already show `e`
/// (`domain::life_event::shown`), and the child a birth's row names.
fn already_shown(
    tx: &Transaction<'_>,
    e: &LifeEvent,
    household: &str,
    child_id: Option<&str>,
    started: &str,
) -> Result<Option<Shown>> {
    let Some(member) = e.member.as_deref() else {
        return Ok(None);
    };
    let (people, left) = household_people(tx, household)?;
    let stored = Stored {
        people: &people,
        left_on: left.iter().find(|d| d.member_id == member).map(|d| d.on),
        component_written: field_written_on(tx, member, "component", started)?,
        relation_written: field_written_on(tx, member, "relation", started)?,
    };
    Ok(shown(e, child_id, &stored))
}

impl Store {
    /// Imports life events into households of `scope` (by household id, else No KK): each
    /// row through the form's rules and write path, in date order; one already recorded
    /// is unchanged. `lang` words the activity log's `pemutakhiran` lines.
    pub fn import_life_events(
        &self,
        user: &Worker,
        scope: &Scope,
        records: &[LifeEventRecord],
        opts: &ImportOptions,
        lang: Lang,
        progress: Progress<'_>,
    ) -> Result<ImportReport> {
        self.conn().set_prepared_statement_cache_capacity(64);
        let tx = self.conn().unchecked_transaction()?;
        let mut report = ImportReport::default();
        let rules = ComponentRules::default();
        let mut order: Vec<&LifeEventRecord> = records.iter().collect();
        order.sort_by_key(|r| (r.date, r.line));
        let total = order.len();
        // The members' fields as written before this import (its own writes are the
        // events it applies, not what the members showed).
        let started = now_utc();
        for (i, r) in order.into_iter().enumerate() {
            let warnings = &mut report.warnings;
            match self.import_event(
                &tx, user, scope, r, opts.today, lang, &rules, &started, warnings,
            )? {
                Ok(outcome) => report.count(&outcome),
                Err(p) => report.problems.push(p),
            }
            progress(i + 1, total);
        }
        report.problems.sort_by_key(|p| p.line);
        if !self.may_write(opts, &report) {
            // Dropped: rolled back.
            return Ok(report);
        }
        tx.commit()?;
        report.written = true;
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    fn import_event(
        &self,
        tx: &Transaction<'_>,
        user: &Worker,
        scope: &Scope,
        r: &LifeEventRecord,
        today: NaiveDate,
        lang: Lang,
        rules: &ComponentRules,
        started: &str,
        warnings: &mut Vec<Problem>,
    ) -> Result<std::result::Result<Outcome, Problem>> {
        let at = |col: Col, value: &str, reason| problem(r.line, col.header(), value, reason);
        let (hid, _) = match super::records::resolve(tx, scope, r.line, &r.household)? {
            Ok(h) => h,
            Err(p) => return Ok(Err(p)),
        };
        // The same id: already recorded (in this household), never moved.
        if let Some(id) = &r.id {
            let stored: Option<String> = tx
                .prepare_cached("SELECT household_id FROM life_events WHERE id = ?1")?
                .query_row([id], |row| row.get("household_id"))
                .optional()?;
            match stored {
                Some(h) if h == hid => return Ok(Ok(Outcome::Unchanged)),
                Some(_) => return Ok(Err(at(Col::Id, id, Reason::MovesRecord))),
                None => {}
            }
        }
        let Some(member) = find_member(tx, &hid, &r.member)? else {
            let (col, value) = member_column(&r.member);
            let why = if value.is_empty() {
                Reason::Required
            } else {
                Reason::UnknownMember
            };
            return Ok(Err(at(col, &value, why)));
        };
        // The same event already recorded (a file imported again): not a second time.
        let same: Option<i64> = tx
            .prepare_cached(
                "SELECT 1 AS hit FROM life_events WHERE household_id = ?1 AND member_id = ?2
                   AND kind = ?3 AND date = ?4",
            )?
            .query_row(
                params![hid, member.id, r.kind.key(), r.date.to_string()],
                |row| row.get("hit"),
            )
            .optional()?;
        if same.is_some() {
            return Ok(Ok(Outcome::Unchanged));
        }
        let mut event = LifeEvent::new(r.kind, r.date, Some(member.id.clone()));
        event.pregnancy_order = r.pregnancy_order;
        event.expected_birth = r.expected_birth;
        // A third or later pregnancy is recorded without `ibu_hamil`, as the form does
        // when its box is left unchecked (a file does not say).
        event.claims_component = r
            .pregnancy_order
            .is_none_or(|o| o <= pilar_core::domain::pregnancy::MAX_COVERED_PREGNANCY);
        event.school_level = r.school_level;
        let birth = r.kind == LifeEventKind::Kelahiran && r.status == EventStatus::Recorded;
        let nik = r.child_nik.clone().unwrap_or_default();
        if birth {
            event.child = Some(NewChild {
                name: r.child_name.clone(),
                nik: nik.clone(),
                sex: r.child_sex.unwrap_or(Sex::Male),
                relation: Relation::Anak,
            });
        }
        if r.kind == LifeEventKind::MasukSekolah && r.school_level.is_none() {
            event.school_level = Some(Component::Sd);
        }
        let what = kind_label(lang, r.kind);
        let e = NewLifeEvent {
            household_id: hid.clone(),
            event,
            status: r.status,
            note: r.note.clone(),
            summary: fill(
                tr(lang, T::LogEventSummary),
                &[&format!("{what}, {}", member.name)],
            ),
            today,
            rules: rules.clone(),
        };
        guard(
            tx,
            &user.id,
            &[hid.as_str()],
            super::super::write::Write::Caseload,
        )?;
        // The members already show it (a database rebuilt from households and members
        // files): recorded, not applied again.
        if r.status == EventStatus::Recorded
            && r.date <= today
            && let Some(shown) = already_shown(tx, &e.event, &hid, r.child_id.as_deref(), started)?
        {
            record_shown_life_event_tx(tx, &user.id, &e, shown.child.as_deref(), r.id.as_deref())?;
            let (col, value) = member_column(&r.member);
            warnings.push(at(col, &value, Reason::EventShown));
            return Ok(Ok(Outcome::Added));
        }
        let mut child_id = None;
        if birth {
            let taken: Option<i64> = tx
                .prepare_cached(
                    "SELECT 1 AS hit FROM members WHERE household_id = ?1 AND nik = ?2
                       AND deleted = 0",
                )?
                .query_row([&hid, &nik], |row| row.get("hit"))
                .optional()?;
            if taken.is_some() {
                return Ok(Err(at(Col::ChildNik, &nik, Reason::ChildExists)));
            }
            // The file's child id for the new member, unless it is someone already.
            child_id = r
                .child_id
                .as_deref()
                .filter(|id| !exists(tx, "members", id).unwrap_or(true));
        }
        let ids = EventIds {
            event: r.id.as_deref(),
            child: child_id,
        };
        match record_life_event_tx(tx, &user.id, &e, ids)? {
            Ok(_) => Ok(Ok(Outcome::Added)),
            Err(pilar_core::model::Refusal::LifeEvent(why)) => {
                let (col, value) = match refusal_column(&why) {
                    Some(col) => {
                        let value = match col {
                            Col::Date => r.date.to_string(),
                            Col::PregnancyOrder => {
                                r.pregnancy_order.map(|o| o.to_string()).unwrap_or_default()
                            }
                            _ => r.child_name.clone(),
                        };
                        (col, value)
                    }
                    None => member_column(&r.member),
                };
                Ok(Err(at(col, &value, Reason::LifeEvent(why))))
            }
            Err(other) => unreachable!("a life event is refused by its rules only: {other:?}"),
        }
    }

    /// Imports P2K2 groups of `user` (matched by id, else name): each is created or
    /// renamed and moved (name and place, with their history), and its listed families
    /// (by No KK, in the user's caseload) join it, leaving any other group they were in
    /// (a warning names both). Families not listed stay where they are.
    pub fn import_groups(
        &self,
        user: &Worker,
        records: &[GroupRecord],
        opts: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportReport> {
        let tx = self.conn().unchecked_transaction()?;
        let mut report = ImportReport::default();
        let scope = Scope::Worker(user.id.clone());
        let total = records.len();
        for (i, r) in records.iter().enumerate() {
            match import_group(&tx, &user.id, &scope, r, &mut report)? {
                Ok(outcome) => report.count(&outcome),
                Err(p) => report.problems.push(p),
            }
            progress(i + 1, total);
        }
        if !self.may_write(opts, &report) {
            return Ok(report);
        }
        tx.commit()?;
        report.written = true;
        Ok(report)
    }
}

/// One group row, written in the import's transaction (rolled back when not kept).
fn import_group(
    tx: &Transaction<'_>,
    author: &str,
    scope: &Scope,
    r: &GroupRecord,
    report: &mut ImportReport,
) -> Result<std::result::Result<Outcome, Problem>> {
    let at = |col: Col, value: &str, reason| problem(r.line, col.header(), value, reason);
    let name = match group_name(&r.name) {
        Ok(n) => n,
        Err(e) => return Ok(Err(at(Col::Name, &r.name, Reason::GroupName(e)))),
    };
    type Stored = (String, String, String, String, i64);
    let by_id: Option<Stored> = match &r.id {
        Some(id) => tx
            .prepare_cached(
                "SELECT id, worker_id, name, place, deleted FROM p2k2_groups WHERE id = ?1",
            )?
            .query_row([id], |row| {
                Ok((
                    row.get("id")?,
                    row.get("worker_id")?,
                    row.get("name")?,
                    row.get("place")?,
                    row.get("deleted")?,
                ))
            })
            .optional()?,
        None => None,
    };
    if let Some((id, worker, _, _, deleted)) = &by_id
        && (worker != author || *deleted != 0)
    {
        return Ok(Err(at(Col::Id, id, Reason::GroupNotYours)));
    }
    let by_name: Option<Stored> = tx
        .prepare_cached(
            "SELECT id, worker_id, name, place, deleted FROM p2k2_groups
             WHERE worker_id = ?1 AND deleted = 0 AND lower(name) = lower(?2)",
        )?
        .query_row([author, &name], |row| {
            Ok((
                row.get("id")?,
                row.get("worker_id")?,
                row.get("name")?,
                row.get("place")?,
                row.get("deleted")?,
            ))
        })
        .optional()?;
    let stored = match (&by_id, &by_name) {
        // Another group of the user's has the name the row gives this one.
        (Some((id, ..)), Some((other, ..))) if id != other => {
            return Ok(Err(at(Col::Name, &r.name, Reason::GroupNameTaken)));
        }
        (Some(_), _) => by_id.clone(),
        // A new id whose name is taken: the name finds no other group.
        (None, Some(_)) if r.id.is_some() => {
            return Ok(Err(at(Col::Name, &r.name, Reason::GroupNameTaken)));
        }
        (None, found) => found.clone(),
    };
    // The families first: a refused one leaves the group as it was.
    let mut families = Vec::new();
    for kk in r.families.iter().flatten() {
        let col = Col::Families;
        match find_household(tx, None, Some(kk))? {
            None => return Ok(Err(at(col, kk, Reason::UnknownHousehold))),
            Some((_, w)) if !in_scope(scope, &w) => {
                return Ok(Err(at(col, kk, Reason::OtherCaseload)));
            }
            Some((hid, _)) => families.push(hid),
        }
    }
    let now = now_utc();
    let place = r.place.as_deref().map(clean);
    let (id, mut outcome) = match stored {
        None => {
            let id = r.id.clone().unwrap_or_else(new_id);
            let place = place.unwrap_or_default();
            tx.prepare_cached(
                "INSERT INTO p2k2_groups (id, worker_id, name, place, created_at, updated_at,
                                          author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?2)",
            )?
            .execute(params![id, author, name, place, now])?;
            log_created(
                tx,
                author,
                "p2k2_groups",
                &id,
                &[
                    ("worker_id", Some(author.to_string())),
                    ("name", Some(name.clone())),
                    ("place", Some(place)),
                ],
            )?;
            (id, Outcome::Added)
        }
        Some((id, _, old_name, old_place, _)) => {
            let place = place.unwrap_or_else(|| old_place.clone());
            let mut changes = Vec::new();
            if old_name != name {
                changes.push(("name", Some(old_name.as_str()), Some(name.as_str())));
            }
            if old_place != place {
                changes.push(("place", Some(old_place.as_str()), Some(place.as_str())));
            }
            let outcome = if changes.is_empty() {
                Outcome::Unchanged
            } else {
                tx.prepare_cached(
                    "UPDATE p2k2_groups SET name = ?2, place = ?3, updated_at = ?4,
                                            author_id = ?5
                     WHERE id = ?1",
                )?
                .execute(params![id, name, place, now, author])?;
                log_entries(tx, author, "p2k2_groups", &id, &changes)?;
                report.changes.push(RecordChanges {
                    line: r.line,
                    table: "p2k2_groups",
                    name: name.clone(),
                    changes: changes
                        .iter()
                        .map(|(field, old, new)| ImportChange::Field {
                            member: None,
                            field,
                            old: old.map(str::to_string),
                            new: new.map(str::to_string),
                        })
                        .collect(),
                });
                Outcome::Updated
            };
            (id, outcome)
        }
    };
    for hid in &families {
        let old: Option<String> = tx
            .prepare_cached("SELECT group_id FROM households WHERE id = ?1")?
            .query_row([hid], |row| row.get("group_id"))?;
        if old.as_deref() == Some(id.as_str()) {
            continue;
        }
        tx.prepare_cached(
            "UPDATE households SET group_id = ?2, updated_at = ?3, author_id = ?4 WHERE id = ?1",
        )?
        .execute(params![hid, id, now, author])?;
        log_entries(
            tx,
            author,
            "households",
            hid,
            &[("group_id", old.as_deref(), Some(id.as_str()))],
        )?;
        if let Some(old) = old {
            let from: Option<String> = tx
                .prepare_cached("SELECT name FROM p2k2_groups WHERE id = ?1")?
                .query_row([&old], |row| row.get("name"))
                .optional()?;
            let kk: String = tx
                .prepare_cached("SELECT no_kk FROM households WHERE id = ?1")?
                .query_row([hid], |row| row.get("no_kk"))?;
            report.warnings.push(problem(
                r.line,
                Col::Families.header(),
                &kk,
                Reason::GroupMoves {
                    from: from.unwrap_or(old),
                    to: name.clone(),
                },
            ));
        }
        if outcome == Outcome::Unchanged {
            outcome = Outcome::Updated;
        }
    }
    Ok(Ok(outcome))
}
