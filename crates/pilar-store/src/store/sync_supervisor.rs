//! A supervisor's outbox: their supervision notes (single-household `catatan`/`direktif`
//! activities they wrote, filed in a facilitator's caseload) and their sign-offs of a
//! facilitator's records, grouped by the facilitator whose stream each goes into, and the
//! answer to such a push. Anything else a supervisor's file holds unsent (rows and entries
//! brought by `pilar merge` of a facilitator's file, another supervisor's sign-offs) stays
//! on this laptop: the server takes only these from a supervisor.

use std::collections::BTreeMap;

use pilar_core::sync::{ChainPoint, Entry, PushResponse, Row, TableRows};
use rusqlite::{OptionalExtension, params};

use super::sync_state::record_answer;
use super::{Result, Store};

/// One facilitator's share: (table, row) in table order, and entries in history order.
pub type NotesOf = (Vec<(String, Row)>, Vec<Entry>);

/// A supervisor's outbox, by facilitator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamOutbox {
    /// Facilitator id -> their notes' rows and entries.
    pub caseloads: BTreeMap<String, NotesOf>,
    /// The dirty generation the outbox was read at.
    pub generation: i64,
    /// The local chain's head when it was read.
    pub head: ChainPoint,
}

const NOTE_KINDS: [&str; 2] = ["catatan", "direktif"];

impl Store {
    /// The notes and sign-offs `me` (a supervisor) wrote and has not sent, by facilitator:
    /// the dirty rows and the unsent history entries of those records.
    pub fn sync_team_outbox(&self, me: &str) -> Result<TeamOutbox> {
        let all = self.sync_outbox()?;
        let conn = self.conn();
        let mut note_of = conn.prepare_cached(
            "SELECT worker_id, kind, household_id FROM activities WHERE id = ?1 AND author_id = ?2",
        )?;
        // The facilitator whose stream a note of `me` goes into.
        let mut caseload = |id: &str| -> Result<Option<String>> {
            let found: Option<(String, String, Option<String>)> = note_of
                .query_row(params![id, me], |r| {
                    Ok((r.get("worker_id")?, r.get("kind")?, r.get("household_id")?))
                })
                .optional()?;
            Ok(found.and_then(|(w, kind, h)| {
                (NOTE_KINDS.contains(&kind.as_str()) && h.is_some() && w != me).then_some(w)
            }))
        };
        let mut signoff_of = conn.prepare_cached(
            "SELECT facilitator_id FROM signoffs
             WHERE id = ?1 AND author_id = ?2 AND supervisor_id = ?2",
        )?;
        // The facilitator whose stream a sign-off of `me` goes into.
        let mut signed = |id: &str| -> Result<Option<String>> {
            Ok(signoff_of
                .query_row(params![id, me], |r| r.get("facilitator_id"))
                .optional()?)
        };
        let mut out = TeamOutbox {
            generation: all.generation,
            head: all.head.clone(),
            ..TeamOutbox::default()
        };
        for (table, row) in all.rows {
            let Some(id) = row.get("id").and_then(|c| c.as_text()).map(str::to_string) else {
                continue;
            };
            let stream = match table.as_str() {
                "activities" => caseload(&id)?,
                "signoffs" => signed(&id)?,
                _ => None,
            };
            if let Some(w) = stream {
                out.caseloads.entry(w).or_default().0.push((table, row));
            }
        }
        for e in all.entries {
            if e.author != me {
                continue;
            }
            let stream = match e.table.as_str() {
                "activities" => caseload(&e.record_id)?,
                "signoffs" => signed(&e.record_id)?,
                _ => None,
            };
            if let Some(w) = stream {
                out.caseloads.entry(w).or_default().1.push(e);
            }
        }
        Ok(out)
    }

    /// A supervisor's push into `answer.caseload` answered (their notes in a facilitator's
    /// stream): as [`Store::sync_acknowledge`], but the cursor that moves is that
    /// facilitator's team cursor (the push was a fast-forward from it); the supervisor's
    /// own `pull_seq` and `pushed_seq` stay (entries of other caseloads may be unsent).
    pub fn sync_acknowledge_team(
        &self,
        answer: &PushResponse,
        rows: &TableRows,
        generation: i64,
    ) -> Result<()> {
        let tx = self.conn().unchecked_transaction()?;
        record_answer(&tx, answer, rows, generation)?;
        tx.execute(
            "INSERT INTO team_cursors (worker_id, seq) VALUES (?1, ?2)
             ON CONFLICT (worker_id) DO UPDATE SET seq = max(seq, excluded.seq)",
            params![answer.caseload, answer.seq],
        )?;
        tx.execute(
            "UPDATE sync_state SET anchor_seq = ?1, pending_push = NULL WHERE id = 1",
            params![answer.anchor_seq],
        )?;
        tx.commit()?;
        Ok(())
    }
}
