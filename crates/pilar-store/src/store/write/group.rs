//! P2K2 groups that persist (issue 11, item 4): saving a group (name and place) and its
//! families (`households.group_id`: a household is in at most one group), the group's
//! next session in the ministry's numbering and a family's completion.

use rusqlite::{OptionalExtension, Transaction, params};

use super::super::{Result, Store, new_id, now_utc};
use super::{Write, guard, log_created, log_entries};
use pilar_core::domain::activity::P2k2Module;
use pilar_core::domain::groups::{self, GroupRefusal};
use pilar_core::domain::text::clean;

/// A facilitator's P2K2 group as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct P2k2Group {
    pub id: String,
    pub worker_id: String,
    pub name: String,
    pub place: String,
    /// Its families (households whose `group_id` is the group, not deleted).
    pub families: u32,
}

const GROUP_COLUMNS: &str = "g.id, g.worker_id, g.name, g.place,
    (SELECT count(*) FROM households h WHERE h.group_id = g.id AND h.deleted = 0) AS families";

fn group_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<P2k2Group> {
    Ok(P2k2Group {
        id: r.get("id")?,
        worker_id: r.get("worker_id")?,
        name: r.get("name")?,
        place: r.get("place")?,
        families: r.get("families")?,
    })
}

/// The group's name and facilitator when it is `author`'s and not deleted.
fn own_group(tx: &Transaction<'_>, author: &str, id: &str) -> Result<Option<(String, String)>> {
    Ok(tx
        .prepare_cached(
            "SELECT name, place FROM p2k2_groups WHERE id = ?1 AND worker_id = ?2 AND deleted = 0",
        )?
        .query_row([id, author], |r| Ok((r.get("name")?, r.get("place")?)))
        .optional()?)
}

impl Store {
    /// Creates a group (`id` None) or renames and moves an existing one of the author's.
    /// The name is trimmed and must be new among the author's groups; the history gets
    /// every changed field. Returns the group's id, or why it was refused.
    pub fn save_group(
        &self,
        author: &str,
        id: Option<&str>,
        name: &str,
        place: &str,
    ) -> Result<std::result::Result<String, GroupRefusal>> {
        let name = match groups::group_name(name) {
            Ok(n) => n,
            Err(e) => return Ok(Err(GroupRefusal::Name(e))),
        };
        let place = clean(place);
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[], Write::Caseload)?;
        let taken: Option<String> = tx
            .prepare_cached(
                "SELECT id FROM p2k2_groups WHERE worker_id = ?1 AND deleted = 0
                   AND lower(name) = lower(?2) AND id IS NOT ?3",
            )?
            .query_row(params![author, name, id], |r| r.get("id"))
            .optional()?;
        if taken.is_some() {
            return Ok(Err(GroupRefusal::NameTaken));
        }
        let now = now_utc();
        let id = match id {
            None => {
                let id = new_id();
                tx.prepare_cached(
                    "INSERT INTO p2k2_groups (id, worker_id, name, place, created_at, updated_at,
                                              author_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?2)",
                )?
                .execute(params![id, author, name, place, now])?;
                log_created(
                    &tx,
                    author,
                    "p2k2_groups",
                    &id,
                    &[
                        ("worker_id", Some(author.to_string())),
                        ("name", Some(name.clone())),
                        ("place", Some(place.clone())),
                    ],
                )?;
                id
            }
            Some(id) => {
                let Some((old_name, old_place)) = own_group(&tx, author, id)? else {
                    return Ok(Err(GroupRefusal::NotFound));
                };
                tx.prepare_cached(
                    "UPDATE p2k2_groups SET name = ?2, place = ?3, updated_at = ?4, author_id = ?5
                     WHERE id = ?1",
                )?
                .execute(params![id, name, place, now, author])?;
                let mut changes = Vec::new();
                if old_name != name {
                    changes.push(("name", Some(old_name.as_str()), Some(name.as_str())));
                }
                if old_place != place {
                    changes.push(("place", Some(old_place.as_str()), Some(place.as_str())));
                }
                log_entries(&tx, author, "p2k2_groups", id, &changes)?;
                id.to_string()
            }
        };
        tx.commit()?;
        Ok(Ok(id))
    }

    /// Makes `households` the group's families: each joins it (leaving any other group it
    /// was in), and the group's families not listed leave it. Only the author's own
    /// households; each change is in the household's history (`group_id`).
    pub fn set_group_families(
        &self,
        author: &str,
        group: &str,
        households: &[String],
    ) -> Result<std::result::Result<(), GroupRefusal>> {
        let tx = self.conn().unchecked_transaction()?;
        let refs: Vec<&str> = households.iter().map(String::as_str).collect();
        guard(&tx, author, &refs, Write::Caseload)?;
        if own_group(&tx, author, group)?.is_none() {
            return Ok(Err(GroupRefusal::NotFound));
        }
        let now = now_utc();
        let mut current: Vec<String> = Vec::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT id FROM households WHERE group_id = ?1 AND deleted = 0 ORDER BY id",
            )?;
            let rows = stmt.query_map([group], |r| r.get::<_, String>("id"))?;
            for r in rows {
                current.push(r?);
            }
        }
        let mut set = tx.prepare_cached(
            "UPDATE households SET group_id = ?2, updated_at = ?3, author_id = ?4 WHERE id = ?1",
        )?;
        let mut old_group = tx.prepare_cached("SELECT group_id FROM households WHERE id = ?1")?;
        for h in &current {
            if !households.contains(h) {
                set.execute(params![h, Option::<&str>::None, now, author])?;
                log_entries(
                    &tx,
                    author,
                    "households",
                    h,
                    &[("group_id", Some(group), None)],
                )?;
            }
        }
        for h in households {
            let old: Option<String> = old_group.query_row([h], |r| r.get("group_id"))?;
            if old.as_deref() != Some(group) {
                set.execute(params![h, group, now, author])?;
                log_entries(
                    &tx,
                    author,
                    "households",
                    h,
                    &[("group_id", old.as_deref(), Some(group))],
                )?;
            }
        }
        drop(set);
        drop(old_group);
        tx.commit()?;
        Ok(Ok(()))
    }

    /// `:kelompok NAME [@ PLACE]`: the households join the author's group of that name
    /// (any case), which is created when there is none (its place set when one is
    /// given). Returns what `:kelompok` says: the group's name, its families, and how many
    /// joined.
    pub fn join_group(
        &self,
        author: &str,
        name: &str,
        place: Option<&str>,
        households: &[String],
    ) -> Result<std::result::Result<pilar_core::app::groups::Joined, GroupRefusal>> {
        let found: Option<(String, String, String)> = self
            .conn()
            .prepare_cached(
                "SELECT id, name, place FROM p2k2_groups
                 WHERE worker_id = ?1 AND deleted = 0 AND lower(name) = lower(?2)",
            )?
            .query_row(
                params![author, groups::group_name(name).unwrap_or_default()],
                |r| Ok((r.get("id")?, r.get("name")?, r.get("place")?)),
            )
            .optional()?;
        let id = match found {
            Some((id, stored, old_place)) => match place {
                Some(p) if clean(p) != old_place => {
                    match self.save_group(author, Some(&id), &stored, p)? {
                        Ok(id) => id,
                        Err(e) => return Ok(Err(e)),
                    }
                }
                _ => id,
            },
            None => match self.save_group(author, None, name, place.unwrap_or_default())? {
                Ok(id) => id,
                Err(e) => return Ok(Err(e)),
            },
        };
        let mut families = self.group_families(&id)?;
        let before = families.len();
        for h in households {
            if !families.contains(h) {
                families.push(h.clone());
            }
        }
        if let Err(e) = self.set_group_families(author, &id, &families)? {
            return Ok(Err(e));
        }
        let stored: String =
            self.conn()
                .query_row("SELECT name FROM p2k2_groups WHERE id = ?1", [&id], |r| {
                    r.get("name")
                })?;
        Ok(Ok(pilar_core::app::groups::Joined {
            name: stored,
            families: u32::try_from(families.len()).unwrap_or(u32::MAX),
            added: u32::try_from(families.len() - before).unwrap_or(u32::MAX),
        }))
    }

    /// `:keluar-kelompok`: the households leave their groups (each in its history).
    /// Returns how many were in one.
    pub fn leave_groups(&self, author: &str, households: &[String]) -> Result<u32> {
        let tx = self.conn().unchecked_transaction()?;
        let refs: Vec<&str> = households.iter().map(String::as_str).collect();
        guard(&tx, author, &refs, Write::Caseload)?;
        let now = now_utc();
        let mut left = 0;
        for h in households {
            let old: Option<String> = tx
                .prepare_cached("SELECT group_id FROM households WHERE id = ?1")?
                .query_row([h], |r| r.get("group_id"))?;
            if let Some(g) = old {
                tx.prepare_cached(
                    "UPDATE households SET group_id = NULL, updated_at = ?2, author_id = ?3
                     WHERE id = ?1",
                )?
                .execute(params![h, now, author])?;
                log_entries(
                    &tx,
                    author,
                    "households",
                    h,
                    &[("group_id", Some(&g), None)],
                )?;
                left += 1;
            }
        }
        tx.commit()?;
        Ok(left)
    }

    /// A worker's groups (not deleted), by name.
    pub fn groups(&self, worker: &str) -> Result<Vec<P2k2Group>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {GROUP_COLUMNS} FROM p2k2_groups g
             WHERE g.worker_id = ?1 AND g.deleted = 0 ORDER BY lower(g.name), g.id"
        ))?;
        let rows = stmt.query_map([worker], group_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A household's group, if it is in one.
    pub fn household_group(&self, household: &str) -> Result<Option<P2k2Group>> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT {GROUP_COLUMNS} FROM households h JOIN p2k2_groups g ON g.id = h.group_id
                 WHERE h.id = ?1 AND g.deleted = 0"
            ))?
            .query_row([household], group_from_row)
            .optional()?)
    }

    /// The group's families (not deleted), by the recipient's name.
    pub fn group_families(&self, group: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id FROM households WHERE group_id = ?1 AND deleted = 0
             ORDER BY search_text, id",
        )?;
        let rows = stmt.query_map([group], |r| r.get::<_, String>("id"))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The session the group holds next (`domain::groups::next_session` after its latest
    /// recorded session: by date, then by number); `None` once its cycle is complete.
    pub fn group_next_session(&self, group: &str) -> Result<Option<(P2k2Module, u8)>> {
        let last: Option<(Option<String>, Option<i64>)> = self
            .conn()
            .prepare_cached(
                "SELECT a.p2k2_module AS module, a.p2k2_session AS session
                 FROM p2k2_groups g JOIN activities a
                   ON a.worker_id = g.worker_id AND a.group_name = g.name AND a.kind = 'p2k2'
                  AND a.deleted = 0
                 WHERE g.id = ?1 AND a.p2k2_session IS NOT NULL
                 ORDER BY a.date DESC, a.p2k2_session DESC LIMIT 1",
            )?
            .query_row([group], |r| Ok((r.get("module")?, r.get("session")?)))
            .optional()?;
        let last = last.and_then(|(m, n)| {
            let n = u8::try_from(n?).ok()?;
            Some((m.as_deref().and_then(P2k2Module::from_key), n))
        });
        Ok(groups::next_session(last))
    }

    /// A household's P2K2 completion: (sessions attended, sessions its group held); None
    /// when it is in no group.
    pub fn p2k2_completion(&self, household: &str) -> Result<Option<(u32, u32)>> {
        use super::super::list::{P2K2_ATTENDED, P2K2_HELD};
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT ({P2K2_ATTENDED}) AS attended, ({P2K2_HELD}) AS held FROM households
                 WHERE id = ?1 AND group_id IS NOT NULL"
            ))?
            .query_row([household], |r| Ok((r.get("attended")?, r.get("held")?)))
            .optional()?)
    }
}
