//! Saved views: a worker's named search text and sort for the caseload list.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, new_id, now_utc};
use pilar_core::model::{SavedView, Sort};

/// The columns [`view_from_row`] reads: `SELECT {VIEW_COLUMNS} FROM saved_views ...`.
const VIEW_COLUMNS: &str = "name, query, sort";

fn view_from_row(r: &Row<'_>) -> rusqlite::Result<SavedView> {
    let sort: String = r.get("sort")?;
    Ok(SavedView {
        name: r.get("name")?,
        query: r.get("query")?,
        sort: Sort::from_key(&sort).unwrap_or_default(),
    })
}

impl Store {
    /// Saves (or replaces) the view `name` of `worker_id`.
    pub fn save_view(&self, worker_id: &str, name: &str, query: &str, sort: Sort) -> Result<()> {
        let now = now_utc();
        self.conn().execute(
            "INSERT INTO saved_views (id, worker_id, name, query, sort, created_at, updated_at,
                                      author_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?2)
             ON CONFLICT (worker_id, name) DO UPDATE SET
                query = excluded.query, sort = excluded.sort, updated_at = excluded.updated_at",
            params![
                new_id(),
                worker_id,
                pilar_core::domain::text::clean(name),
                pilar_core::domain::text::clean(query),
                sort.key(),
                now
            ],
        )?;
        Ok(())
    }

    /// The worker's saved views, oldest first (their numbers in the views list).
    pub fn saved_views(&self, worker_id: &str) -> Result<Vec<SavedView>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} FROM saved_views WHERE worker_id = ?1
             ORDER BY created_at, name"
        ))?;
        let rows = stmt.query_map([worker_id], view_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One saved view by name (case-insensitive).
    pub fn saved_view(&self, worker_id: &str, name: &str) -> Result<Option<SavedView>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {VIEW_COLUMNS} FROM saved_views
                     WHERE worker_id = ?1 AND lower(name) = lower(?2)"
                ),
                params![worker_id, name],
                view_from_row,
            )
            .optional()?)
    }
}
