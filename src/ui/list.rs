//! The caseload list: only the visible window of rows, with marks for overdue follow-up
//! (`!`), business (`$`), graduation candidate (`*`) or, in its place, an active family
//! above desil 4 (`^`), and days since the last visit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{Theme, pane_block, safe, truncate};
use crate::app::{App, Pane};
use crate::domain::format::thousands;
use crate::domain::graduation::HouseholdStatus;
use crate::domain::household::{above_desil_limit, days_since};
use crate::i18n::{T, fill, status_short, term_error, tr};
use crate::model::{HouseholdRow, SortColumn};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let w = &app.caseload.list;
    let plus = if app.caseload.capped { "+" } else { "" };
    let count = format!("{}{plus}", thousands(lang, w.total as i64));
    let title = if app.filtering() {
        let shown = truncate(&safe(app.caseload.filter_text.trim()), 24, theme.ascii);
        Line::from(fill(tr(lang, T::ListTitleFilter), &[&shown, &count]))
    } else if app.caseload.include_exited {
        Line::from(fill(tr(lang, T::ListTitleAll), &[&count]))
    } else {
        Line::from(fill(tr(lang, T::ListTitle), &[&count]))
    };
    let mut block = pane_block(app, theme, Some(Pane::List), title);
    // The sort, when it is not the usual name order, also under the list (the column
    // headers are narrow at 80 columns).
    let sort_note = if app.caseload.sort == crate::model::Sort::default() {
        String::new()
    } else {
        let arrow = match (app.caseload.sort.descending, theme.ascii) {
            (false, false) => "↑",
            (true, false) => "↓",
            (false, true) => "^",
            (true, true) => "v",
        };
        format!(
            "{}{}{arrow}",
            theme.dot(),
            crate::i18n::sort_column_label(lang, app.caseload.sort.column)
        )
    };
    if let Some(err) = app.caseload.filter.errors.first() {
        // An invalid term: name it where the position would be; the rest still apply.
        let text = format!(" ! {} ", safe(&term_error(lang, err)));
        let max = area.width.saturating_sub(4) as usize;
        block = block.title_bottom(
            Line::from(Span::styled(truncate(&text, max, theme.ascii), theme.warn)).right_aligned(),
        );
    } else if w.total > 0 {
        block = block.title_bottom(
            Line::from(format!(
                " {}/{}{} ",
                thousands(lang, (w.selected + 1) as i64),
                count,
                sort_note
            ))
            .right_aligned(),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if w.total == 0 {
        let text = if app.filtering() {
            tr(lang, T::ListNoMatch)
        } else if app.caseload.include_exited {
            tr(lang, T::ListEmpty)
        } else {
            tr(lang, T::ListEmptyActive)
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.muted)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let wide = crate::app::layout::list_is_wide(area.width);
    let arrow = match (app.caseload.sort.descending, theme.ascii) {
        (false, false) => "↑",
        (true, false) => "↓",
        (false, true) => "^",
        (true, true) => "v",
    };
    let head = |col: SortColumn, t: T| -> Cell {
        if app.caseload.sort.column == col
            && (col != SortColumn::Name || app.caseload.sort.descending)
        {
            Cell::from(format!("{}{arrow}", tr(lang, t)))
        } else {
            Cell::from(tr(lang, t))
        }
    };
    // The readiness score shows while the list sorts or filters by it (issue 11 item 5); on
    // a narrow list it takes the components column's room (unless that is the sort), so
    // the names stay readable.
    let ready = app.list_query().uses_readiness();
    let components = !ready || wide || app.caseload.sort.column == SortColumn::Components;
    let mut header = vec![
        Cell::from(""),
        head(SortColumn::Name, T::ColName),
        head(SortColumn::Village, T::ColVillage),
        head(SortColumn::Status, T::ColStatus),
        head(SortColumn::Components, T::ColComponents),
        head(SortColumn::Days, T::ColDays),
    ];
    if !components {
        header.remove(4);
    }
    // The sorted column is as wide as its header with the arrow, so the arrow shows.
    let fit = |col: SortColumn, t: T, base: u16| -> Constraint {
        let sorted = app.caseload.sort.column == col
            && (col != SortColumn::Name || app.caseload.sort.descending);
        let need = unicode_width::UnicodeWidthStr::width(tr(lang, t)) as u16 + 1;
        Constraint::Length(if sorted { base.max(need) } else { base })
    };
    let mut widths = vec![
        Constraint::Length(4),
        Constraint::Fill(1),
        fit(
            SortColumn::Village,
            T::ColVillage,
            if wide { 12 } else { 9 },
        ),
        fit(SortColumn::Status, T::ColStatus, 6),
        fit(SortColumn::Components, T::ColComponents, 2),
        fit(SortColumn::Days, T::ColDays, 4),
    ];
    if !components {
        widths.remove(4);
    }
    if wide {
        header.push(head(SortColumn::Desil, T::ColDesil));
        widths.push(fit(SortColumn::Desil, T::ColDesil, 7));
    }
    if ready {
        header.push(head(SortColumn::Readiness, T::ColReady));
        let w = unicode_width::UnicodeWidthStr::width(tr(lang, T::ColReady)) as u16;
        widths.push(fit(SortColumn::Readiness, T::ColReady, w));
    }
    let rows: Vec<Row> = w
        .visible()
        .map(|(_, r)| row(app, theme, r, wide, ready, components))
        .collect();
    let mut state = TableState::default();
    state.select(Some((w.selected - w.offset) as usize));
    let highlight = if app.focus == Pane::List {
        theme.selected
    } else {
        theme.selected_unfocused
    };
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header))
        .column_spacing(1)
        .row_highlight_style(highlight);
    frame.render_stateful_widget(table, inner, &mut state);
}

fn row<'a>(
    app: &App,
    theme: &Theme,
    r: &'a HouseholdRow,
    wide: bool,
    ready: bool,
    components: bool,
) -> Row<'a> {
    let lang = app.lang();
    let overdue = r.next_follow_up.is_some_and(|d| d < app.today);
    let marked = app.caseload.marked.iter().any(|(id, _)| *id == r.id);
    let mut marks = vec![
        if marked {
            Span::styled("+", theme.key)
        } else {
            Span::raw(" ")
        },
        if overdue {
            Span::styled("!", theme.danger)
        } else {
            Span::raw(" ")
        },
        // A tahap not received outranks the business mark in its place.
        if r.pay_problem {
            Span::styled("%", theme.danger)
        } else if r.has_business {
            Span::styled("$", theme.good)
        } else {
            Span::raw(" ")
        },
    ];
    // An active family above desil 4 must leave PKH: that outranks "candidate" (the status
    // column still says Calon).
    marks.push(if above_desil_limit(r.status, r.desil) {
        Span::styled("^", theme.danger)
    } else if r.failing {
        // A member not met their commitments N months in a row (issue 11 item 1).
        Span::styled("x", theme.danger)
    } else if r.status == HouseholdStatus::CalonGraduasi {
        Span::styled("*", theme.warn)
    } else {
        Span::raw(" ")
    });
    let days = match r.last_visit {
        Some(d) => days_since(d, app.today).to_string(),
        None => "-".to_string(),
    };
    let stale = r.last_visit.is_none_or(|d| days_since(d, app.today) > 90);
    let mut cells = vec![
        Cell::from(Line::from(marks)),
        Cell::from(safe(&r.name)),
        Cell::from(safe(&r.village)),
        Cell::from(status_short(lang, r.status)),
        Cell::from(Line::from(r.components.to_string()).right_aligned()),
        Cell::from(
            Line::from(Span::styled(
                days,
                if stale {
                    theme.warn
                } else {
                    Default::default()
                },
            ))
            .right_aligned(),
        ),
    ];
    if !components {
        cells.remove(4);
    }
    if wide {
        cells.push(Cell::from(
            Line::from(r.desil.map(|d| d.to_string()).unwrap_or_default()).right_aligned(),
        ));
    }
    if ready {
        let score = r
            .readiness
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into());
        cells.push(Cell::from(Line::from(score).right_aligned()));
    }
    Row::new(cells)
}
