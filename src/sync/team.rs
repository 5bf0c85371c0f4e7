//! A supervisor's sync: every facilitator's caseload rows of the regency (read-only
//! copies, pages resumed from each one's cursor) and the roll-up of their scope, so the
//! team screen works across laptops and offline since the last sync.

use pilar_core::sync::TeamPullRequest;

use super::{Client, SyncError};
use crate::store::Store;

/// Pulls the team's rows until no facilitator has more; returns (facilitators, rows).
pub fn pull(store: &Store, client: &Client) -> Result<(u64, u64), SyncError> {
    let mut rows = 0;
    let mut facilitators = 0;
    for _ in 0..10_000 {
        let cursors = store.sync_team_cursors()?;
        let page = client.team_pull(&TeamPullRequest {
            cursors,
            limit: None,
        })?;
        facilitators = page.caseloads.len() as u64;
        // New workers (a facilitator who joined) before their rows.
        store.sync_add_workers(&page.workers)?;
        let mut more = false;
        for c in &page.caseloads {
            rows += store.sync_apply_team(c)?;
            more |= c.more;
        }
        if !more {
            break;
        }
    }
    let rollup = client.rollup()?;
    let body = serde_json::to_string(&rollup).map_err(|e| SyncError::BadAnswer(e.to_string()))?;
    store.sync_store_rollup(&rollup.scope, rollup.year, &body)?;
    Ok((facilitators, rows))
}
