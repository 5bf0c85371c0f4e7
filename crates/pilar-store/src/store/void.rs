//! Voiding a household entered by mistake (a half-filled form saved, a family registered
//! twice): one transaction, guarded as every write is (its own facilitator only), that
//! flags the household `deleted` and records why (`void`: `salah_input` or `duplikat`),
//! who and when in the history. Every list, search, count, the agenda, the team's
//! figures and the export already leave `deleted` rows out, so the household is gone from
//! all of them; its own activities are withdrawn with it (flagged `deleted`, with
//! history), so no count keeps them. It is not an exit: no graduation row is written and
//! its status is left as it was. A household with a graduation or exit in force is
//! refused (`Refusal::Exited`): that counts toward the target, and undoing it (`U U`) is
//! recorded on its own first. A group activity it attended keeps its row for it (the
//! other families were there). A void is not undone in pilar.

use rusqlite::{OptionalExtension, params};

use super::read::key;
use super::write::{Write, guard, log, log_entries};
use super::{Result, Store, now_utc};
use pilar_core::domain::graduation::ExitKind;
use pilar_core::model::{HouseholdVoid, Refusal};

impl Store {
    /// Voids a household entered by mistake (see the module's documentation). Voiding one
    /// already voided changes nothing.
    pub fn void_household(
        &self,
        author: &str,
        v: &HouseholdVoid,
    ) -> Result<std::result::Result<(), Refusal>> {
        let tx = self.conn().unchecked_transaction()?;
        guard(&tx, author, &[v.household_id.as_str()], Write::Caseload)?;
        let deleted: bool = tx.query_row(
            "SELECT deleted FROM households WHERE id = ?1",
            [&v.household_id],
            |r| r.get("deleted"),
        )?;
        if deleted {
            return Ok(Ok(()));
        }
        let exit: Option<ExitKind> = tx
            .query_row(
                "SELECT kind FROM graduations WHERE household_id = ?1 AND undone = 0
                 ORDER BY date DESC, created_at DESC LIMIT 1",
                [&v.household_id],
                |r| key(r, "kind", ExitKind::from_key),
            )
            .optional()?;
        if let Some(kind) = exit {
            return Ok(Err(Refusal::Exited(kind)));
        }
        let now = now_utc();
        let activities: Vec<String> = tx
            .prepare("SELECT id FROM activities WHERE household_id = ?1 AND deleted = 0")?
            .query_map([&v.household_id], |r| r.get("id"))?
            .collect::<rusqlite::Result<_>>()?;
        for a in &activities {
            tx.execute(
                "UPDATE activities SET deleted = 1, updated_at = ?2 WHERE id = ?1",
                params![a, now],
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
        tx.execute(
            "UPDATE households SET deleted = 1, updated_at = ?2 WHERE id = ?1",
            params![v.household_id, now],
        )?;
        log_entries(
            &tx,
            author,
            "households",
            &v.household_id,
            &[
                ("deleted", Some("0"), Some("1")),
                ("void", None, Some(v.reason.key())),
            ],
        )?;
        tx.commit()?;
        Ok(Ok(()))
    }
}
