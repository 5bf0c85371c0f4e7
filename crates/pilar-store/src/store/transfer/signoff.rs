//! Importing sign-offs (`--what signoffs`, issue 11). Matched by id: a sign-off already
//! stored is counted unchanged, whatever the row says (a sign-off is never edited, so no
//! value is compared or written). A new one needs its supervisor to be a supervisor and
//! its facilitator a facilitator among this file's workers (and, for a facilitator's
//! import, to be theirs); it is inserted as the file gives it, with the history entries
//! `sign_off` writes (`log_created` of `signoffs`, authored by its supervisor), so the
//! triggers mark it for sync. One transaction; without writing (a dry run, or a problem
//! without `--skip-invalid`) it is rolled back.

use super::super::write::log_created;
use super::*;
use crate::transfer::rows::SignOffRecord;

impl Store {
    /// Imports sign-offs (see the module's text); `scope` is the importing worker's.
    pub fn import_signoffs(
        &self,
        scope: &Scope,
        records: &[SignOffRecord],
        opts: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportReport> {
        let tx = self.conn().unchecked_transaction()?;
        let mut report = ImportReport::default();
        let total = records.len();
        for (i, r) in records.iter().enumerate() {
            match import_signoff(&tx, scope, r)? {
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
}

fn import_signoff(
    tx: &Transaction<'_>,
    scope: &Scope,
    r: &SignOffRecord,
) -> Result<std::result::Result<Outcome, Problem>> {
    let at = |col: Col, value: &str, reason| problem(r.line, col.header(), value, reason);
    if exists(tx, "signoffs", &r.id)? {
        return Ok(Ok(Outcome::Unchanged));
    }
    let role = |id: &str| -> Result<Option<String>> {
        Ok(tx
            .prepare_cached("SELECT role FROM workers WHERE id = ?1")?
            .query_row([id], |row| row.get("role"))
            .optional()?)
    };
    if role(&r.supervisor_id)?.as_deref() != Some("supervisor") {
        return Ok(Err(at(
            Col::SupervisorId,
            &r.supervisor_id,
            Reason::NotSupervisor,
        )));
    }
    if role(&r.facilitator_id)?.as_deref() != Some("facilitator") {
        return Ok(Err(at(
            Col::FacilitatorId,
            &r.facilitator_id,
            Reason::NotFacilitator,
        )));
    }
    if let Scope::Worker(w) = scope
        && *w != r.facilitator_id
    {
        return Ok(Err(at(
            Col::FacilitatorId,
            &r.facilitator_id,
            Reason::SignOffOtherCaseload,
        )));
    }
    tx.execute(
        "INSERT INTO signoffs (id, supervisor_id, facilitator_id, upto_seq, upto_hash,
                               upto_at, note, created_at, updated_at, author_id, upto_entry)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?2, ?10)",
        params![
            r.id,
            r.supervisor_id,
            r.facilitator_id,
            r.upto_seq,
            r.upto_hash,
            r.upto_at,
            r.note,
            r.created_at,
            r.updated_at,
            r.upto_entry
        ],
    )?;
    // The entries `Store::sign_off` writes.
    log_created(
        tx,
        &r.supervisor_id,
        "signoffs",
        &r.id,
        &[
            ("facilitator_id", Some(r.facilitator_id.clone())),
            ("upto_seq", Some(r.upto_seq.to_string())),
            ("upto_hash", Some(r.upto_hash.clone())),
            ("upto_at", Some(r.upto_at.clone())),
            ("note", Some(r.note.clone())),
            ("upto_entry", Some(r.upto_entry.clone())),
        ],
    )?;
    Ok(Ok(Outcome::Added))
}
