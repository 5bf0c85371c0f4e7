//! The household form's save: the household and its members, every changed field in the
//! history, duplicates refused.

use std::sync::LazyLock;

use rusqlite::types::{ToSql, Value};
use rusqlite::{OptionalExtension, Transaction, params};

use super::super::sync::cell;
use super::super::{Result, Store, new_id, now_utc};
use super::{Write, guard, log, log_created, refresh_rollups};
use pilar_core::domain::text::clean;
use pilar_core::model::{HouseholdFields, HouseholdInput, MemberInput};
use pilar_core::records::Record;
use pilar_core::records::tables::{HOUSEHOLDS, MEMBERS};
use pilar_core::sync::Cell;

/// A stored value as the history writes it: text, an integer in decimal, NULL as absent
/// (an empty text stays empty).
fn history_value(c: &Cell) -> Option<String> {
    match c {
        Cell::Null => None,
        Cell::Integer(i) => Some(i.to_string()),
        Cell::Text(s) => Some(s.clone()),
    }
}

fn history_values(cells: &[(&'static str, Cell)]) -> Vec<(&'static str, Option<String>)> {
    cells
        .iter()
        .map(|(name, c)| (*name, history_value(c)))
        .collect()
}

/// The household's stored fields that the form saves, as text, for the history: its
/// declared form columns (`HouseholdInput::cells`).
pub(in crate::store) fn household_fields(
    h: &HouseholdInput,
) -> Vec<(&'static str, Option<String>)> {
    history_values(&h.cells())
}

/// A member's stored fields that the form saves, as text, for the history.
pub(in crate::store) fn member_fields(m: &MemberInput) -> Vec<(&'static str, Option<String>)> {
    history_values(&m.cells())
}

/// The household with every text field stored inert.
pub(in crate::store) fn cleaned(h: &HouseholdInput) -> HouseholdInput {
    let f = &h.fields;
    HouseholdInput {
        fields: HouseholdFields {
            no_kk: clean(&f.no_kk),
            address: clean(&f.address),
            rt: clean(&f.rt),
            rw: clean(&f.rw),
            village: clean(&f.village),
            kecamatan: clean(&f.kecamatan),
            kabupaten: clean(&f.kabupaten),
            area_code: clean(&f.area_code),
            phone: clean(&f.phone),
            business_desc: clean(&f.business_desc),
            ..f.clone()
        },
        members: h
            .members
            .iter()
            .map(|m| MemberInput {
                nik: clean(&m.nik),
                name: clean(&m.name),
                ..m.clone()
            })
            .collect(),
        ..h.clone()
    }
}

/// The statements that read and write a record's form columns
/// ([`Record::form_columns`]), generated once from the declaration. The form columns take
/// parameters `?1..?n` in declared order (the order of the payload's cells, as `model`'s
/// tests hold them); a statement's own columns follow, written with `$k` for its `k`th
/// extra value (numbered positions, not names: binding by name costs a search of the
/// statement's parameters and a C string per value, which an import of 100,000 households
/// feels).
struct FormSql {
    /// The form columns, in declared order.
    columns: Vec<&'static str>,
    /// `SELECT {extra}{columns} FROM {table} WHERE id = ?1`.
    stored: String,
    /// `UPDATE {table} SET column = ?i, ..., {extra}`.
    update: String,
    /// `INSERT INTO {table} (columns, {extra columns}) VALUES (?1, ..., {extra values})`.
    insert: String,
}

impl FormSql {
    fn new(
        record: &Record,
        stored_extra: &str,
        update_extra: &str,
        insert_extra: (&str, &str),
    ) -> FormSql {
        let columns: Vec<&'static str> = record.form_columns().collect();
        let n = columns.len();
        // `$k` is the k-th value after the form columns'.
        let extra = |sql: &str| {
            (1..=9).rev().fold(sql.to_string(), |sql, k| {
                sql.replace(&format!("${k}"), &format!("?{}", n + k))
            })
        };
        let set: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        let params: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let table = record.table;
        FormSql {
            stored: format!(
                "SELECT {stored_extra}{} FROM {table} WHERE id = ?1",
                columns.join(", ")
            ),
            update: format!(
                "UPDATE {table} SET {}, {}",
                set.join(", "),
                extra(update_extra)
            ),
            insert: format!(
                "INSERT INTO {table} ({}, {}) VALUES ({}, {})",
                columns.join(", "),
                insert_extra.0,
                params.join(", "),
                extra(insert_extra.1)
            ),
            columns,
        }
    }

    /// The parameters: the values of `cells` (the form columns, in declared order), then
    /// `extra` (`$1`, `$2`, ...).
    fn bind<'a>(
        &self,
        cells: &'a [(&'static str, Value)],
        extra: &[&'a dyn ToSql],
    ) -> Vec<&'a dyn ToSql> {
        debug_assert!(
            cells
                .iter()
                .map(|(c, _)| *c)
                .eq(self.columns.iter().copied())
        );
        cells
            .iter()
            .map(|(_, v)| v as &dyn ToSql)
            .chain(extra.iter().copied())
            .collect()
    }

    /// The stored form columns of a row [`FormSql::stored`] read, as text, in declared
    /// order (the `stored_extra` columns the caller reads itself).
    fn stored_values(&self, r: &rusqlite::Row<'_>) -> rusqlite::Result<Vec<Option<String>>> {
        self.columns
            .iter()
            .map(|c| Ok(history_value(&cell(r.get_ref(*c)?))))
            .collect()
    }
}

/// A payload's cells as SQLite values.
fn values(cells: Vec<(&'static str, Cell)>) -> Vec<(&'static str, Value)> {
    let value = |c| match c {
        Cell::Null => Value::Null,
        Cell::Integer(i) => Value::Integer(i),
        Cell::Text(t) => Value::Text(t),
    };
    cells.into_iter().map(|(n, c)| (n, value(c))).collect()
}

/// The household form's statements: its declared columns, the search text that follows the
/// name and village, and for a new household its id, facilitator (the author), status and
/// bookkeeping.
static HOUSEHOLD_SQL: LazyLock<FormSql> = LazyLock::new(|| {
    FormSql::new(
        &HOUSEHOLDS,
        "updated_at, ",
        "search_text = $1, updated_at = $2 WHERE id = $3",
        (
            "search_text, id, worker_id, status, created_at, updated_at, author_id",
            "$1, $2, $3, 'aktif', $4, $4, $3",
        ),
    )
});

/// A member row's statements: its declared columns, and for a new member its id, household
/// and bookkeeping.
static MEMBER_SQL: LazyLock<FormSql> = LazyLock::new(|| {
    FormSql::new(
        &MEMBERS,
        "",
        "updated_at = $1 WHERE id = $2",
        (
            "id, household_id, created_at, updated_at, author_id",
            "$1, $2, $3, $3, $4",
        ),
    )
});

/// A household's `updated_at` and its stored fields, in the order of
/// [`household_fields`], as text.
pub(in crate::store) fn stored_household(
    tx: &Transaction<'_>,
    id: &str,
) -> Result<(String, Vec<Option<String>>)> {
    let sql = &*HOUSEHOLD_SQL;
    Ok(tx
        .prepare_cached(&sql.stored)?
        .query_row([id], |r| Ok((r.get("updated_at")?, sql.stored_values(r)?)))?)
}

/// The fields whose new value differs from the stored one (empty and absent are alike):
/// (field, new, stored).
pub(in crate::store) fn changed<'a>(
    new: &'a [(&'static str, Option<String>)],
    old: &'a [Option<String>],
) -> impl Iterator<Item = (&'static str, Option<String>, Option<String>)> + 'a {
    let norm = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    new.iter()
        .zip(old)
        .filter(move |((_, n), o)| norm(n) != norm(o))
        .map(|((f, n), o)| (*f, n.clone(), o.clone()))
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
                Ok((r.get("id")?, r.get("pengurus_name")?, r.get("worker_id")?))
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
                    Ok((r.get("id")?, r.get("pengurus_name")?, r.get("worker_id")?))
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
        h: &HouseholdInput,
    ) -> Result<std::result::Result<String, pilar_core::model::Refusal>> {
        let h = &cleaned(h);
        let niks: Vec<&str> = h.members.iter().map(|m| m.nik.as_str()).collect();
        if let Some(d) = self.find_duplicate(&h.fields.no_kk, &niks, h.id.as_deref())? {
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
pub(in crate::store) struct NewIds {
    pub household: Option<String>,
    pub members: Vec<Option<String>>,
}

/// The body of [`Store::save_household`] inside a transaction the caller commits: `h` is
/// already cleaned and checked for duplicates.
pub(in crate::store) fn save_household_tx(
    tx: &Transaction<'_>,
    author: &str,
    h: &HouseholdInput,
    ids: &NewIds,
) -> Result<std::result::Result<String, pilar_core::model::Refusal>> {
    // A new household joins its author's caseload (a facilitator's); an edit is its
    // facilitator's to make.
    let existing: Vec<&str> = h.id.as_deref().into_iter().collect();
    guard(tx, author, &existing, Write::Caseload)?;
    {
        let cells = h.cells();
        let new_fields = history_values(&cells);
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
        let name = h.members.first().map(|m| m.name.as_str()).unwrap_or("");
        let search = pilar_core::filter::search_text(name, &h.fields.village);
        // The declared columns the form writes, bound by name.
        let sql = &*HOUSEHOLD_SQL;
        let cells = values(cells);
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
                let params = sql.bind(&cells, &[&search, &now, id]);
                tx.prepare_cached(&sql.update)?.execute(params.as_slice())?;
                id.clone()
            }
            _ => {
                let id = ids.household.clone().unwrap_or_else(new_id);
                let params = sql.bind(&cells, &[&search, &id, &author, &now]);
                tx.prepare_cached(&sql.insert)?.execute(params.as_slice())?;
                log_created(tx, author, "households", &id, &new_fields)?;
                id
            }
        };
        // The search index follows the name and village.
        let rowid: i64 = tx
            .prepare_cached("SELECT rowid AS rid FROM households WHERE id = ?1")?
            .query_row([&id], |r| r.get("rid"))?;
        // (A new household has no index entry and no members yet.)
        let is_new = stored.is_none();
        if !is_new {
            tx.prepare_cached("DELETE FROM household_search WHERE rowid = ?1")?
                .execute([rowid])?;
        }
        tx.prepare_cached(crate::store::list::SEARCH_INDEX_INSERT)?
            .execute(params![rowid, search])?;
        // Members: update the kept ones, add the new ones, flag the removed ones deleted.
        let kept: Vec<&str> = h.members.iter().filter_map(|m| m.id.as_deref()).collect();
        let existing: Vec<String> = if is_new {
            Vec::new()
        } else {
            tx.prepare_cached("SELECT id FROM members WHERE household_id = ?1 AND deleted = 0")?
                .query_map([&id], |r| r.get("id"))?
                .collect::<rusqlite::Result<_>>()?
        };
        for old in existing.iter().filter(|e| !kept.contains(&e.as_str())) {
            tx.execute(
                "UPDATE members SET deleted = 1, updated_at = ?2 WHERE id = ?1",
                params![old, now],
            )?;
            log(tx, author, "members", old, "deleted", Some("0"), Some("1"))?;
        }
        let sql = &*MEMBER_SQL;
        for (i, m) in h.members.iter().enumerate() {
            let cells = m.cells();
            let fields = history_values(&cells);
            let cells = values(cells);
            match &m.id {
                Some(mid) => {
                    let old: Vec<Option<String>> = tx
                        .prepare_cached(&sql.stored)?
                        .query_row([mid], |r| sql.stored_values(r))?;
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
                    let params = sql.bind(&cells, &[&now, mid]);
                    tx.prepare_cached(&sql.update)?.execute(params.as_slice())?;
                }
                None => {
                    let mid = ids.members.get(i).cloned().flatten().unwrap_or_else(new_id);
                    let params = sql.bind(&cells, &[&mid, &id, &now, &author]);
                    tx.prepare_cached(&sql.insert)?.execute(params.as_slice())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The statements are generated from the declaration: every declared form column is
    /// written, and the history and the stale check compare the same columns in the same
    /// order as the payload gives them.
    #[test]
    fn the_form_statements_name_every_declared_form_column() {
        for (sql, record) in [(&*HOUSEHOLD_SQL, &HOUSEHOLDS), (&*MEMBER_SQL, &MEMBERS)] {
            for c in record.form_columns() {
                assert!(sql.update.contains(&format!(" {c} = ?")), "{c}");
                assert!(sql.insert.contains(&format!("{c}, ")), "{c}");
                assert!(sql.stored.contains(c), "{c}");
            }
        }
        // The positions: the form columns first, then each statement's own values.
        assert_eq!(
            MEMBER_SQL.insert,
            "INSERT INTO members (nik, name, sex, birth_date, relation, component, \
             pregnancy_order, pregnancy_birth, id, household_id, created_at, updated_at, \
             author_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)"
        );
        assert_eq!(
            MEMBER_SQL.update,
            "UPDATE members SET nik = ?1, name = ?2, sex = ?3, birth_date = ?4, \
             relation = ?5, component = ?6, pregnancy_order = ?7, pregnancy_birth = ?8, \
             updated_at = ?9 WHERE id = ?10"
        );
        assert!(
            HOUSEHOLD_SQL
                .update
                .ends_with("search_text = ?19, updated_at = ?20 WHERE id = ?21")
        );
        let names: Vec<&str> = household_fields(&HouseholdInput::default())
            .iter()
            .map(|(f, _)| *f)
            .collect();
        assert_eq!(names, HOUSEHOLDS.form_columns().collect::<Vec<_>>());
    }
}
