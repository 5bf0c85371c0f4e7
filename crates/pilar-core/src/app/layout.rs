//! Where each pane sits for a terminal size. Pure geometry, shared by the app (which needs
//! page sizes) and the UI (which draws into these rectangles), so the two never disagree.

use ratatui_core::layout::Rect;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// Height of the team screen's charts (graduations per month, activities per week).
const TEAM_CHARTS_HEIGHT: u16 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub gauge: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub log: Rect,
    pub status: Rect,
}

/// Whether a caseload list `width` columns wide (with its border) has room for the Desil
/// column: the UI shows it only then, and sorting skips it when it is not on screen.
pub fn list_is_wide(width: u16) -> bool {
    width.saturating_sub(2) >= 60
}

impl Layout {
    /// Data rows visible in the caseload table (inside the border, below the header).
    pub fn list_rows(&self) -> u64 {
        u64::from(self.list.height.saturating_sub(3))
    }
    /// Lines visible in the activity log.
    pub fn log_rows(&self) -> u64 {
        u64::from(self.log.height.saturating_sub(2))
    }
    /// Lines visible in the detail pane.
    pub fn detail_rows(&self) -> u64 {
        u64::from(self.detail.height.saturating_sub(2))
    }
    /// The area under the gauge: the agenda screen's.
    pub fn body(&self) -> Rect {
        Rect::new(
            self.list.x,
            self.list.y,
            self.list.width + self.detail.width,
            self.list.height,
        )
    }
    /// Rows visible on the agenda screen (inside the border, below the header).
    pub fn agenda_rows(&self) -> u64 {
        u64::from(self.body().height.saturating_sub(3))
    }
    /// The team screen's table (top of the body) and charts (bottom).
    pub fn team_table(&self) -> Rect {
        let body = self.body();
        Rect::new(body.x, body.y, body.width, body.height - TEAM_CHARTS_HEIGHT)
    }
    pub fn team_charts(&self) -> Rect {
        let body = self.body();
        Rect::new(
            body.x,
            body.y + body.height - TEAM_CHARTS_HEIGHT,
            body.width,
            TEAM_CHARTS_HEIGHT,
        )
    }
    /// Rows visible in the team table, the total row included.
    pub fn team_rows(&self) -> u64 {
        u64::from(self.team_table().height.saturating_sub(3))
    }
}

/// The layout for a `width` x `height` terminal, or `None` if it is too small to be useful.
pub fn layout(width: u16, height: u16) -> Option<Layout> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let gauge_h = if height >= 36 { 4 } else { 3 };
    let status = Rect::new(0, height - 1, width, 1);
    let gauge = Rect::new(0, 0, width, gauge_h);
    let body_y = gauge_h;
    let body_h = height - 1 - gauge_h;
    // The list gets 46 columns at 80 and 55% of wider terminals.
    let list_w = if width <= 90 {
        46
    } else {
        (u32::from(width) * 55 / 100) as u16
    };
    let right_w = width - list_w;
    let list = Rect::new(0, body_y, list_w, body_h);
    let detail_h = if body_h <= 20 {
        12
    } else {
        (u32::from(body_h) * 55 / 100) as u16
    };
    let detail = Rect::new(list_w, body_y, right_w, detail_h);
    let log = Rect::new(list_w, body_y + detail_h, right_w, body_h - detail_h);
    Some(Layout {
        gauge,
        list,
        detail,
        log,
        status,
    })
}

/// The display width of `s` (columns on a terminal).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Where the help overlay (`?`) goes on a `width` x `height` screen: centred, at most 96
/// columns, the full height but a line above and below.
pub fn help_area(width: u16, height: u16) -> Rect {
    let w = width.saturating_sub(4).min(96);
    let h = height.saturating_sub(2);
    Rect::new((width - w) / 2, 1, w, h)
}

/// `text` in lines of at most `width` display columns, broken at spaces (a word longer
/// than a line is cut inside it), so a message wraps whatever the terminal's width.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        if w <= width - used {
            line.push_str(word);
            used += w;
            continue;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_80x24_with_room_in_every_pane() {
        let l = layout(80, 24).unwrap();
        assert_eq!(l.list.width + l.detail.width, 80);
        assert_eq!(l.gauge.height + l.list.height + l.status.height, 24);
        assert_eq!(l.detail.height + l.log.height, l.list.height);
        assert!(l.list_rows() >= 15);
        assert!(l.log_rows() >= 5);
        assert!(l.detail_rows() >= 8);
        assert!(l.team_rows() >= 8);
        assert_eq!(
            l.team_table().height + l.team_charts().height,
            l.body().height
        );
    }

    #[test]
    fn larger_terminals_get_larger_panes() {
        let small = layout(80, 24).unwrap();
        let big = layout(120, 40).unwrap();
        assert!(big.list.width > small.list.width);
        assert!(big.detail.width > small.detail.width);
        assert!(big.list_rows() > small.list_rows());
        assert!(big.log_rows() > small.log_rows());
    }

    #[test]
    fn too_small_is_none() {
        assert!(layout(79, 24).is_none());
        assert!(layout(80, 23).is_none());
    }
}
