//! The verification screen (issue 11 item 1): a month's members with a component, grouped by
//! household (the household's name on its first member's line), each with the month's
//! outcome; marked members carry `+`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{Theme, pane_block, safe};
use crate::app::App;
use crate::app::verify::{month, month_label};
use crate::domain::format::thousands;
use crate::domain::verification::Outcome;
use crate::i18n::{T, component_short, fill, outcome_label, reason_label, tr};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let v = &app.verify;
    let w = &v.window;
    // A supervisor's count stops at the store's cap: "500+".
    let plus = if v.capped { "+" } else { "" };
    let mut title = fill(
        tr(lang, T::VerifyTitle),
        &[
            &month_label(lang, month(app)),
            &format!("{}{plus}", thousands(lang, w.total as i64)),
        ],
    );
    let marked = if v.all {
        format!("{}{plus}", thousands(lang, w.total as i64))
    } else {
        thousands(lang, v.marked.len() as i64)
    };
    if (v.all && w.total > 0) || !v.marked.is_empty() {
        title.push_str(" · ");
        title.push_str(&fill(tr(lang, T::VerifyTitleMarked), &[&marked]));
    }
    if app.filtering() {
        title.push_str(" · /");
        title.push_str(&safe(&app.caseload.filter_text));
    }
    let block = pane_block(app, theme, None, Line::from(title)).border_style(theme.border_focus);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if w.total == 0 {
        frame.render_widget(
            Paragraph::new(tr(lang, T::VerifyEmpty)).style(theme.muted),
            inner,
        );
        return;
    }
    let wide = inner.width >= 100;
    let mut previous: Option<&str> = None;
    // The line above the window's first shows whether its household continues.
    if let Some(first) = w.offset.checked_sub(1).and_then(|i| {
        i.checked_sub(w.rows_from)
            .and_then(|j| w.rows.get(j as usize))
    }) {
        previous = Some(first.household_id.as_str());
    }
    let rows: Vec<Row> = w
        .visible()
        .map(|(_, r)| {
            let same = previous == Some(r.household_id.as_str());
            previous = Some(r.household_id.as_str());
            let mark = if v.is_marked(&r.member_id) {
                Span::styled("+", theme.key)
            } else {
                Span::raw(" ")
            };
            let household = if same {
                String::new()
            } else {
                safe(&r.household_name)
            };
            let (outcome, style) = match r.outcome {
                None => (tr(lang, T::VerifyNotYet).to_string(), theme.muted),
                Some(Outcome::Met) => (outcome_label(lang, Outcome::Met).to_string(), theme.good),
                Some(Outcome::NotMet) => {
                    let mut text = outcome_label(lang, Outcome::NotMet).to_string();
                    if let Some(reason) = r.reason {
                        text.push_str(": ");
                        text.push_str(reason_label(lang, reason));
                    }
                    if !r.notes.is_empty() {
                        text.push_str(" · ");
                        text.push_str(&safe(&r.notes));
                    }
                    (text, theme.danger)
                }
                Some(o) => (outcome_label(lang, o).to_string(), Default::default()),
            };
            let mut cells = vec![Cell::from(Line::from(mark)), Cell::from(household)];
            if wide {
                cells.push(Cell::from(if same {
                    String::new()
                } else {
                    safe(&r.village)
                }));
            }
            cells.extend([
                Cell::from(safe(&r.member_name)),
                Cell::from(component_short(lang, r.component)),
                Cell::from(Span::styled(outcome, style)),
            ]);
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["", tr(lang, T::ColName)];
    let mut widths = vec![Constraint::Length(1), Constraint::Length(18)];
    if wide {
        header.push(tr(lang, T::ColVillage));
        widths.push(Constraint::Length(12));
    }
    header.extend([
        tr(lang, T::ColMember),
        tr(lang, T::FieldComponent).trim(),
        tr(lang, T::ColOutcome),
    ]);
    widths.extend([
        Constraint::Length(18),
        Constraint::Length(9),
        Constraint::Fill(1),
    ]);
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

/// The agenda's section of households with a member not met N months in a row: name,
/// village, the member and their component, the run.
pub fn draw_failing(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let failing = &app.verify.failing;
    let title = Line::from(fill(
        tr(lang, T::AgendaFailingTitle),
        &[&app.settings.failing.0, &failing.len()],
    ));
    let block = pane_block(app, theme, None, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows: Vec<Row> = failing
        .iter()
        .take(inner.height as usize)
        .map(|f| {
            Row::new(vec![
                Cell::from(Span::styled(
                    fill(
                        tr(lang, T::AgendaFailingMonths),
                        &[
                            &f.run,
                            &format!(
                                "{} {}",
                                crate::domain::format::month_short(lang, f.last.month()),
                                f.last.year()
                            ),
                        ],
                    ),
                    theme.danger,
                )),
                Cell::from(safe(&f.household_name)),
                Cell::from(safe(&f.village)),
                Cell::from(format!(
                    "{} ({})",
                    safe(&f.member_name),
                    component_short(lang, f.component)
                )),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(19),
        Constraint::Length(18),
        Constraint::Length(12),
        Constraint::Fill(1),
    ];
    frame.render_widget(Table::new(rows, widths), inner);
}
