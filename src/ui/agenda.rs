//! The agenda screen: open follow-ups overdue, due today and in the next days across the
//! caseload, overdue first, one line each. Over every caseload (a supervisor's), a
//! facilitator column says whose each one is; the village gives way to it below 100
//! columns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{Theme, pane_block, safe};
use crate::app::App;
use crate::domain::activity::{FollowUpState, follow_up_state};
use crate::domain::format::{date_short, thousands};
use crate::i18n::{T, fill, kind_short, tr};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let w = &app.agenda;
    let until = crate::app::agenda::until(app);
    let title = Line::from(fill(
        tr(lang, T::AgendaTitle),
        &[&date_short(lang, until), &thousands(lang, w.total as i64)],
    ));
    let block = pane_block(app, theme, None, title).border_style(theme.border_focus);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if w.total == 0 {
        frame.render_widget(
            Paragraph::new(tr(lang, T::AgendaEmpty)).style(theme.muted),
            inner,
        );
        return;
    }
    // A supervisor's agenda over every caseload: whose follow-up is it.
    let everyone = app.scope == crate::model::Scope::All;
    let village = !everyone || inner.width >= 100;
    let rows: Vec<Row> = w
        .visible()
        .map(|(_, a)| {
            let (when, style) = match follow_up_state(Some(a.follow_up), false, app.today) {
                FollowUpState::Overdue { days } => {
                    (fill(tr(lang, T::AgendaOverdue), &[&days]), theme.danger)
                }
                FollowUpState::DueToday => (tr(lang, T::AgendaToday).to_string(), theme.warn),
                FollowUpState::Upcoming { days } => {
                    (fill(tr(lang, T::AgendaIn), &[&days]), Default::default())
                }
                _ => (String::new(), Default::default()),
            };
            let mut cells = vec![
                Cell::from(date_short(lang, a.follow_up)),
                Cell::from(Span::styled(when, style)),
                Cell::from(safe(&a.household_name)),
            ];
            if everyone {
                cells.push(Cell::from(safe(&a.facilitator)));
            }
            if village {
                cells.push(Cell::from(safe(&a.village)));
            }
            cells.push(Cell::from(kind_short(lang, a.kind)));
            cells.push(Cell::from(safe(&a.summary)));
            Row::new(cells)
        })
        .collect();
    let mut header = vec![tr(lang, T::FieldDate), "", tr(lang, T::ColName)];
    let mut widths = vec![
        Constraint::Length(11),
        Constraint::Length(16),
        Constraint::Length(16),
    ];
    if everyone {
        header.push(tr(lang, T::ColTeamName));
        widths.push(Constraint::Length(14));
    }
    if village {
        header.push(tr(lang, T::ColVillage));
        widths.push(Constraint::Length(10));
    }
    header.extend([tr(lang, T::FieldKind), tr(lang, T::FieldSummary)]);
    widths.extend([Constraint::Length(8), Constraint::Fill(1)]);
    let header = Row::new(header).style(theme.header);
    let mut state = TableState::default();
    state.select(Some((w.selected - w.offset) as usize));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme.selected),
        inner,
        &mut state,
    );
}
