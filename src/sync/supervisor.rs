//! A supervisor's push: their supervision notes, each into the stream of the facilitator
//! whose household it is (`PushRequest::caseload`), on top of that facilitator's team
//! cursor (the stream's head at the team pull). The server checks the scope (a facilitator
//! of the supervisor's regency, a single-household `catatan`/`direktif` they wrote) and
//! quarantines the rest like any push; "pull first" (the facilitator pushed meanwhile)
//! sends the caller back to the team pull.

use pilar_core::sync::{MAX_PUSH_ENTRIES, MAX_PUSH_ROWS, PushRequest, TableRows};

use super::{Client, Pending, Report, SyncError, acknowledge};
use crate::store::{Store, TeamOutbox};

/// Pushes `me`'s unsent notes, caseload by caseload, in chunks.
pub fn push(
    store: &Store,
    client: &Client,
    me: &str,
    report: &mut Report,
) -> Result<(), SyncError> {
    let outbox = store.sync_team_outbox(me)?;
    let cursors = store.sync_team_cursors()?;
    for (facilitator, (rows, entries)) in &outbox.caseloads {
        let mut rows = rows.iter().peekable();
        let mut entries = entries.iter().peekable();
        while rows.peek().is_some() || entries.peek().is_some() {
            let mut chunk_rows = TableRows::new();
            let mut n = 0;
            while n < MAX_PUSH_ROWS
                && let Some((t, r)) = rows.next()
            {
                chunk_rows.entry(t.clone()).or_default().push(r.clone());
                n += 1;
            }
            let mut chunk_entries = Vec::new();
            if rows.peek().is_none() {
                while chunk_entries.len() < MAX_PUSH_ENTRIES
                    && let Some(e) = entries.next()
                {
                    chunk_entries.push(e.clone());
                }
            }
            // After the first chunk the cursor is the head the last answer gave.
            let base = store
                .sync_team_cursors()?
                .get(facilitator)
                .copied()
                .or_else(|| cursors.get(facilitator).copied())
                .unwrap_or(0);
            let pending = pending(store, &outbox, facilitator, base, chunk_rows, chunk_entries)?;
            let json =
                serde_json::to_string(&pending).map_err(|e| SyncError::BadAnswer(e.to_string()))?;
            store.sync_set_pending(Some(&json))?;
            match client.push(&pending.request) {
                Ok(answer) => acknowledge(store, &pending, &answer, report)?,
                Err(e) => {
                    if matches!(e, SyncError::Server(_)) {
                        store.sync_set_pending(None)?;
                    }
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}

/// The push of one chunk of `facilitator`'s notes on top of `base`, as it is kept pending
/// until its answer comes.
fn pending(
    store: &Store,
    outbox: &TeamOutbox,
    facilitator: &str,
    base: i64,
    rows: TableRows,
    entries: Vec<pilar_core::sync::Entry>,
) -> Result<Pending, SyncError> {
    Ok(Pending {
        request: PushRequest {
            push_id: uuid::Uuid::now_v7().to_string(),
            caseload: Some(facilitator.to_string()),
            base_seq: base,
            entries,
            rows,
            open_conflicts: Vec::new(),
            laptop_head: outbox.head.clone(),
            anchor: store.sync_anchor()?,
        },
        generation: outbox.generation,
        upto: 0,
    })
}

/// What a supervisor's push whose answer was lost leaves behind (the server applied it,
/// the laptop never heard): the team pulled, the first facilitator's notes kept as pending
/// and sent, the answer dropped. For the tests; the next [`super::run`] must send it again,
/// same id, and the server answer what it stored.
#[doc(hidden)]
pub fn push_and_lose_the_answer(store: &Store) -> Result<bool, SyncError> {
    let state = store.sync_state()?;
    let (Some(server), Some(token), Some(me)) = (
        state.server_url.clone(),
        state.token.clone(),
        state.worker_id.clone(),
    ) else {
        return Err(SyncError::NotEnrolled);
    };
    let client = Client::new(&server, state.ca_pem.as_deref(), Some(&token))?;
    super::team::pull(store, &client)?;
    let outbox = store.sync_team_outbox(&me)?;
    let Some((facilitator, (rows, entries))) = outbox.caseloads.iter().next() else {
        return Ok(false);
    };
    if rows.len() > MAX_PUSH_ROWS || entries.len() > MAX_PUSH_ENTRIES {
        return Ok(false);
    }
    let mut chunk_rows = TableRows::new();
    for (t, r) in rows {
        chunk_rows.entry(t.clone()).or_default().push(r.clone());
    }
    let base = store
        .sync_team_cursors()?
        .get(facilitator)
        .copied()
        .unwrap_or(0);
    let pending = pending(
        store,
        &outbox,
        facilitator,
        base,
        chunk_rows,
        entries.clone(),
    )?;
    let json = serde_json::to_string(&pending).map_err(|e| SyncError::BadAnswer(e.to_string()))?;
    store.sync_set_pending(Some(&json))?;
    client.push(&pending.request)?;
    Ok(true)
}
