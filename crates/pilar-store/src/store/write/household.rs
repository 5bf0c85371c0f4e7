//! The household form's save: the household and its members, every changed field in the
//! history, duplicates refused.

use rusqlite::{OptionalExtension, Transaction, params};

use super::super::{Result, Store, new_id, now_utc};
use super::{Write, guard, log, log_created, refresh_rollups};
use pilar_core::domain::text::clean;

/// The household's stored fields that the form edits, as text, for the history.
pub(in crate::store) fn household_fields(
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
pub(in crate::store) fn cleaned(
    h: &pilar_core::model::HouseholdInput,
) -> pilar_core::model::HouseholdInput {
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

/// The fields [`stored_household`] reads, in the order of [`household_fields`].
const STORED_FIELDS: [&str; 18] = [
    "no_kk",
    "pengurus_name",
    "pengurus_nik",
    "address",
    "rt",
    "rw",
    "village",
    "kecamatan",
    "kabupaten",
    "area_code",
    "phone",
    "desil",
    "year_joined",
    "programs",
    "has_business",
    "business_desc",
    "business_income",
    "pas_tags",
];

/// A household's `updated_at` and its stored fields, in the order of
/// [`household_fields`], as text.
pub(in crate::store) fn stored_household(
    tx: &Transaction<'_>,
    id: &str,
) -> Result<(String, Vec<Option<String>>)> {
    Ok(tx.query_row(
        "SELECT updated_at, no_kk, pengurus_name, pengurus_nik, address, rt, rw, village,
                kecamatan, kabupaten, area_code, phone, CAST(desil AS TEXT) AS desil,
                CAST(year_joined AS TEXT) AS year_joined, programs,
                CAST(has_business AS TEXT) AS has_business, business_desc,
                CAST(business_income AS TEXT) AS business_income, pas_tags
         FROM households WHERE id = ?1",
        [id],
        |r| {
            let fields = STORED_FIELDS
                .iter()
                .map(|f| r.get::<_, Option<String>>(*f))
                .collect::<rusqlite::Result<_>>()?;
            Ok((r.get("updated_at")?, fields))
        },
    )?)
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

pub(in crate::store) fn member_fields(
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
pub(in crate::store) struct NewIds {
    pub household: Option<String>,
    pub members: Vec<Option<String>>,
}

/// The body of [`Store::save_household`] inside a transaction the caller commits: `h` is
/// already cleaned and checked for duplicates.
pub(in crate::store) fn save_household_tx(
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
        for (i, m) in h.members.iter().enumerate() {
            let fields = member_fields(m);
            match &m.id {
                Some(mid) => {
                    let old: Vec<Option<String>> = tx.query_row(
                        "SELECT nik, name, sex, birth_date, relation, component,
                                CAST(pregnancy_order AS TEXT) AS pregnancy_order, pregnancy_birth
                         FROM members WHERE id = ?1",
                        [mid],
                        |r| {
                            fields
                                .iter()
                                .map(|(f, _)| r.get::<_, Option<String>>(*f))
                                .collect()
                        },
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

#[cfg(test)]
mod tests {
    /// `stored_household` reads its fields by name in the order the comparison with the
    /// form's fields needs: the two lists must not drift apart.
    #[test]
    fn the_stored_fields_are_the_forms_fields_in_order() {
        let h = crate::store::transfer::empty_household();
        let names: Vec<&str> = super::household_fields(&h)
            .iter()
            .map(|(f, _)| *f)
            .collect();
        assert_eq!(names, super::STORED_FIELDS);
    }
}
