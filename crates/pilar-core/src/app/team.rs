//! The supervisor's team screen as data: the loaded roll-up, its sort and the selection.
//! The figures derived from the roll-up (sorting, totals, pace) are `model::team`, shared
//! with `pilar report`.

use crate::model::team::{TeamColumn, sorted};
use crate::model::{TeamData, TeamRow};

/// The team screen's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamView {
    pub data: TeamData,
    pub loaded: bool,
    pub column: TeamColumn,
    pub descending: bool,
    /// 0 is the team's total row; 1.. the facilitators in sorted order.
    pub selected: usize,
    pub offset: usize,
}

impl Default for TeamView {
    fn default() -> Self {
        TeamView {
            data: TeamData::default(),
            loaded: false,
            column: TeamColumn::Pace,
            descending: false,
            selected: 0,
            offset: 0,
        }
    }
}

impl TeamView {
    /// Rows in the table, the total row included.
    pub fn len(&self) -> usize {
        self.data.rows.len() + 1
    }

    pub fn is_empty(&self) -> bool {
        self.data.rows.is_empty()
    }

    pub fn rows(&self) -> Vec<&TeamRow> {
        sorted(&self.data, self.column, self.descending)
    }

    /// The facilitator under the cursor (`None` on the total row).
    pub fn selected_row(&self) -> Option<&TeamRow> {
        let i = self.selected.checked_sub(1)?;
        self.rows().get(i).copied()
    }

    /// Moves the cursor, keeping it inside a window of `height` rows.
    pub fn move_to(&mut self, index: usize, height: usize) {
        self.selected = index.min(self.len().saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    /// New data (after a load): keeps the same facilitator selected if still there.
    pub fn set(&mut self, data: TeamData) {
        let keep = self.selected_row().map(|r| r.worker_id.clone());
        self.data = data;
        self.loaded = true;
        self.selected = match keep {
            Some(id) => self
                .rows()
                .iter()
                .position(|r| r.worker_id == id)
                .map_or(0, |i| i + 1),
            None => 0,
        };
        self.offset = self.offset.min(self.selected);
    }

    /// `s`: sort by the next column, in the order that puts problems first.
    pub fn sort_next(&mut self) {
        self.column = self.column.next();
        self.descending = self.column.descending_first();
        self.selected = 0;
        self.offset = 0;
    }

    /// `S`: reverse the sort.
    pub fn sort_reverse(&mut self) {
        self.descending = !self.descending;
        self.selected = 0;
        self.offset = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::team::tests::data;

    #[test]
    fn reload_keeps_the_selected_facilitator() {
        let mut v = TeamView::default();
        v.set(data());
        v.move_to(3, 10);
        let id = v.selected_row().unwrap().worker_id.clone();
        let mut d = data();
        d.rows.reverse();
        v.set(d);
        assert_eq!(v.selected_row().unwrap().worker_id, id);
        v.move_to(99, 2);
        assert_eq!((v.selected, v.offset), (3, 2));
    }
}
