//! "Hari ini": today's work in order of urgency, one line each with its reason (coloured
//! by urgency), the household or group, its village and what it is about. Over every
//! caseload (a supervisor's), a facilitator column says whose each one is; the village
//! gives way to it below 100 columns, as on the agenda.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{Theme, pane_block, safe};
use crate::app::App;
use crate::domain::format::{date_long, thousands};
use crate::domain::today::Reason;
use crate::i18n::today::{reason_detail, reason_text};
use crate::i18n::{T, fill, tr};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let v = &app.today_list;
    let title = Line::from(fill(
        tr(lang, T::TodayTitle),
        &[
            &date_long(lang, app.today),
            &thousands(lang, v.items.len() as i64),
        ],
    ));
    let block = pane_block(app, theme, None, title).border_style(theme.border_focus);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if v.items.is_empty() {
        let text = if v.loaded {
            T::TodayEmpty
        } else {
            T::TodayLoading
        };
        frame.render_widget(Paragraph::new(tr(lang, text)).style(theme.muted), inner);
        return;
    }
    let everyone = app.scope == crate::model::Scope::All;
    let village = !everyone || inner.width >= 100;
    let height = usize::from(inner.height.saturating_sub(1));
    let rows: Vec<Row> = v
        .items
        .iter()
        .skip(v.offset)
        .take(height)
        .map(|item| {
            let style = match item.reason {
                Reason::Overdue => theme.danger,
                Reason::DueToday | Reason::NotVisited => theme.warn,
                _ => Default::default(),
            };
            let mut cells = vec![
                Cell::from(Span::styled(reason_text(lang, item), style)),
                Cell::from(safe(&item.name)),
            ];
            if everyone {
                cells.push(Cell::from(safe(&item.facilitator)));
            }
            if village {
                cells.push(Cell::from(safe(&item.village)));
            }
            cells.push(Cell::from(safe(&reason_detail(lang, item))));
            Row::new(cells)
        })
        .collect();
    let mut header = vec![tr(lang, T::ColReason), tr(lang, T::ColName)];
    let mut widths = vec![Constraint::Length(24), Constraint::Length(18)];
    if everyone {
        header.push(tr(lang, T::ColTeamName));
        widths.push(Constraint::Length(14));
    }
    if village {
        header.push(tr(lang, T::ColVillage));
        widths.push(Constraint::Length(11));
    }
    header.push(tr(lang, T::FieldSummary));
    widths.push(Constraint::Fill(1));
    let header = Row::new(header).style(theme.header);
    let mut state = TableState::default();
    state.select(Some(v.selected.saturating_sub(v.offset)));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme.selected),
        inner,
        &mut state,
    );
}
