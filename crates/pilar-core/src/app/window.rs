//! A window onto a long list that lives in the database: the total count, the selected
//! index, the first visible index, and only the rows around the visible part. Moving the
//! selection is pure arithmetic; the window says when it needs rows it does not hold.

/// Rows fetched beyond the visible part on each side, in screens.
const MARGIN_SCREENS: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window<T> {
    pub total: u64,
    pub selected: u64,
    /// Index of the first visible row.
    pub offset: u64,
    /// Number of visible rows (set from the layout).
    pub height: u64,
    /// Index of `rows[0]`.
    pub rows_from: u64,
    pub rows: Vec<T>,
}

impl<T> Default for Window<T> {
    fn default() -> Self {
        Window {
            total: 0,
            selected: 0,
            offset: 0,
            height: 1,
            rows_from: 0,
            rows: Vec::new(),
        }
    }
}

/// A range of rows to fetch: `offset..offset + limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fetch {
    pub offset: u64,
    pub limit: u64,
}

impl<T> Window<T> {
    pub fn selected_row(&self) -> Option<&T> {
        if self.selected < self.rows_from {
            return None;
        }
        self.rows.get((self.selected - self.rows_from) as usize)
    }

    /// The visible rows that are loaded, with their absolute indexes.
    pub fn visible(&self) -> impl Iterator<Item = (u64, &T)> {
        let end = (self.offset + self.height).min(self.total);
        (self.offset..end).filter_map(move |i| {
            i.checked_sub(self.rows_from)
                .and_then(|j| self.rows.get(j as usize))
                .map(|r| (i, r))
        })
    }

    pub fn set_height(&mut self, height: u64) {
        self.height = height.max(1);
        self.scroll_to_selected();
    }

    /// Moves the selection by `delta` rows, clamped to the list.
    pub fn move_by(&mut self, delta: i64) {
        let target = if delta < 0 {
            self.selected.saturating_sub(delta.unsigned_abs())
        } else {
            self.selected.saturating_add(delta as u64)
        };
        self.move_to(target);
    }

    pub fn move_to(&mut self, index: u64) {
        self.selected = index.min(self.total.saturating_sub(1));
        self.scroll_to_selected();
    }

    pub fn move_last(&mut self) {
        self.move_to(u64::MAX);
    }

    /// Keeps the selection in view. A step just past an edge (less than half a view)
    /// moves the view by half a view, not by one row, so the selection lands mid-view
    /// with the next rows already shown: a terminal redraws every row of a list that
    /// scrolls, so scrolling one row a step sent the whole list again at every step
    /// (issue 10, bytes per move). A longer jump puts the selection at the edge as before.
    fn scroll_to_selected(&mut self) {
        let half = (self.height / 2).max(1);
        if self.selected < self.offset {
            self.offset = if self.offset - self.selected < half {
                self.offset.saturating_sub(half).min(self.selected)
            } else {
                self.selected
            };
        } else if self.selected >= self.offset + self.height {
            let edge = self.selected + 1 - self.height;
            self.offset = if self.selected < self.offset + self.height + half {
                (self.offset + half).max(edge)
            } else {
                edge
            };
        }
        // Keep the window full when the list shrank or the window grew.
        let max_offset = self.total.saturating_sub(self.height);
        if self.offset > max_offset {
            self.offset = max_offset;
        }
    }

    /// A new total (after a reload): clamps the selection and forgets the rows.
    pub fn reset(&mut self, total: u64) {
        self.total = total;
        self.rows.clear();
        self.rows_from = 0;
        self.selected = self.selected.min(total.saturating_sub(1));
        self.scroll_to_selected();
    }

    /// The rows to fetch so that every visible row is loaded, or `None` if they all are.
    pub fn needed(&self) -> Option<Fetch> {
        let end = (self.offset + self.height).min(self.total);
        let loaded_end = self.rows_from + self.rows.len() as u64;
        if self.offset >= self.rows_from && end <= loaded_end {
            return None;
        }
        let margin = self.height * MARGIN_SCREENS;
        let offset = self.offset.saturating_sub(margin);
        Some(Fetch {
            offset,
            limit: self.height + 2 * margin,
        })
    }

    /// What to fetch: with `recount`, a fresh window around the visible part (the caller
    /// also counts again); otherwise only what is missing, if anything.
    pub fn fetch(&self, recount: bool) -> Option<Fetch> {
        if recount {
            Some(Fetch {
                offset: self.offset.saturating_sub(self.height * MARGIN_SCREENS),
                limit: self.height * (1 + 2 * MARGIN_SCREENS),
            })
        } else {
            self.needed()
        }
    }

    /// Takes rows `offset..` fetched with `limit`. Fewer rows than asked for means the list
    /// ends there (it may have shrunk since it was counted, for example when another
    /// session changed the database): the total follows, so no fetch repeats forever.
    pub fn fill(&mut self, offset: u64, rows: Vec<T>, limit: u64) {
        let end = offset + rows.len() as u64;
        self.rows_from = offset;
        self.rows = rows;
        if end < offset + limit && end < self.total {
            self.total = end;
            self.selected = self.selected.min(end.saturating_sub(1));
            self.scroll_to_selected();
        }
    }

    /// Takes a page: its total first when it was counted (which forgets the rows held),
    /// then its rows.
    pub fn load(&mut self, total: Option<u64>, offset: u64, limit: u64, rows: Vec<T>) {
        if let Some(total) = total {
            self.reset(total);
        }
        self.fill(offset, rows, limit);
    }

    /// Moves the selection by a key's step: `i64::MIN` is the top, `i64::MAX` the bottom.
    pub fn step(&mut self, delta: i64) {
        match delta {
            i64::MIN => self.move_to(0),
            i64::MAX => self.move_last(),
            d => self.move_by(d),
        }
    }

    /// Back to the top with nothing loaded (a new search or sort).
    pub fn restart(&mut self) {
        self.selected = 0;
        self.offset = 0;
        self.rows.clear();
    }
}

/// `value` moved by a key's step within `0..=max` (`i64::MIN` the top, `i64::MAX` the end).
pub fn apply_delta(value: u64, delta: i64, max: u64) -> u64 {
    match delta {
        i64::MIN => 0,
        i64::MAX => max,
        d if d < 0 => value.saturating_sub(d.unsigned_abs()),
        d => value.saturating_add(d as u64).min(max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(total: u64, height: u64) -> Window<u64> {
        let mut w = Window {
            total,
            ..Window::default()
        };
        w.set_height(height);
        if let Some(f) = w.needed() {
            let end = (f.offset + f.limit).min(total);
            w.fill(f.offset, (f.offset..end).collect(), f.limit);
        }
        w
    }

    #[test]
    fn first_and_last_rows() {
        let mut w = window(100, 10);
        assert_eq!(w.selected_row(), Some(&0));
        w.move_by(-5);
        assert_eq!(w.selected, 0);
        w.move_last();
        assert_eq!(w.selected, 99);
        assert_eq!(w.offset, 90);
        assert!(w.needed().is_some(), "rows 90..100 are not loaded yet");
        let f = w.needed().unwrap();
        w.fill(
            f.offset,
            (f.offset..(f.offset + f.limit).min(100)).collect(),
            f.limit,
        );
        assert_eq!(w.selected_row(), Some(&99));
        assert_eq!(w.visible().count(), 10);
        w.move_by(5);
        assert_eq!(w.selected, 99);
    }

    #[test]
    fn scrolls_only_when_leaving_the_view() {
        let mut w = window(100, 10);
        w.move_by(9);
        assert_eq!(w.offset, 0);
        w.move_by(1);
        assert_eq!(w.offset, 5);
        // Within the fetched margin: no fetch needed.
        assert_eq!(w.needed(), None);
        w.move_by(-10);
        assert_eq!((w.selected, w.offset), (0, 0));
    }

    #[test]
    fn a_step_past_an_edge_moves_the_view_by_half() {
        let mut w = window(100, 10);
        w.move_to(9);
        // One step past the bottom: half a view, the selection mid-view; the next four
        // steps move only the selection.
        w.move_by(1);
        assert_eq!((w.selected, w.offset), (10, 5));
        for _ in 0..4 {
            w.move_by(1);
        }
        assert_eq!((w.selected, w.offset), (14, 5));
        // One step past the top: half a view up.
        w.move_by(-9);
        assert_eq!((w.selected, w.offset), (5, 5));
        w.move_by(-1);
        assert_eq!((w.selected, w.offset), (4, 0));
        // A page down puts the selection at the bottom edge, as before.
        w.move_by(10);
        assert_eq!((w.selected, w.offset), (14, 5));
        w.move_by(10);
        assert_eq!((w.selected, w.offset), (24, 15));
        // Never past the end of the list.
        w.move_to(96);
        w.move_to(99);
        assert_eq!((w.selected, w.offset), (99, 90));
        // A view of one row moves by one.
        let mut one = window(100, 1);
        one.move_by(1);
        assert_eq!((one.selected, one.offset), (1, 1));
    }

    #[test]
    fn empty_list() {
        let mut w: Window<u64> = window(0, 10);
        assert_eq!(w.selected_row(), None);
        w.move_by(3);
        w.move_last();
        assert_eq!(w.selected, 0);
        assert_eq!(w.needed(), None);
        assert_eq!(w.visible().count(), 0);
    }

    #[test]
    fn shorter_than_the_view() {
        let mut w = window(3, 10);
        w.move_last();
        assert_eq!((w.selected, w.offset), (2, 0));
        assert_eq!(w.visible().count(), 3);
    }

    #[test]
    fn a_short_fetch_shrinks_the_list_instead_of_fetching_forever() {
        let mut w = window(100, 10);
        w.move_last();
        let f = w.needed().unwrap();
        // Another session removed rows: the database now holds 85, not 100.
        let db = 85;
        let mut fetch = Some(f);
        let mut rounds = 0;
        while let Some(f) = fetch {
            let end = (f.offset + f.limit).min(db);
            w.fill(f.offset, (f.offset.min(end)..end).collect(), f.limit);
            fetch = w.needed();
            rounds += 1;
            assert!(rounds < 5, "fetching forever");
        }
        assert_eq!(w.total, db);
        assert_eq!(w.selected, db - 1);
        assert_eq!(w.selected_row(), Some(&(db - 1)));
    }

    #[test]
    fn reset_clamps_selection() {
        let mut w = window(100, 10);
        w.move_to(80);
        w.reset(50);
        assert_eq!(w.selected, 49);
        assert_eq!(w.offset, 40);
        assert!(w.needed().is_some());
    }
}
