//! The supervisor's team screen: one row per facilitator (caseload, graduations against the
//! target as a small gauge, pace, candidates, recent activity, P2K2 sessions, overdue
//! follow-ups, families not visited), the team's totals on top, and two charts below:
//! graduations per month this year and activities per week.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Cell, Paragraph, Row, Sparkline, Table, TableState,
};

use super::{Theme, pane_block, safe, truncate};
use crate::app::App;
use crate::app::layout::Layout as Panes;
use crate::domain::format::{month_short, thousands};
use crate::domain::pace::Pace;
use crate::i18n::{T, fill, tr};
use crate::model::TeamRow;
use crate::model::team::{
    PAY_COLUMN_MIN_WIDTH, TeamColumn, pace_delta, row_forecast, row_pace, team_forecast, team_pace,
    totals,
};

const GAUGE_CELLS: usize = 5;

/// From this width the date of each facilitator's last sign-off has its own column
/// (narrower, the selected facilitator's is on the table's bottom line).
pub const SIGNED_COLUMN_MIN_WIDTH: u16 = 110;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, l: &Panes) {
    table(frame, app, theme, l.team_table());
    charts(frame, app, theme, l.team_charts());
}

fn table(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let view = &app.team;
    let data = &view.data;
    let title = Line::from(fill(
        tr(lang, T::TeamTitle),
        &[&data.rows.len(), &data.year],
    ));
    // The selected facilitator's forecast (the team's on the total row) on the top border's
    // right: "Arif: perkiraan 7 dari 10 · paling siap: Sainem" (issue 11 item 6).
    let room = (area.width as usize).saturating_sub(title.width() + 6);
    let forecast = forecast_title(app, theme, room);
    let signed = app.size.0 >= SIGNED_COLUMN_MIN_WIDTH;
    // The selected facilitator's last sign-off, where no column shows it; else the legend.
    let bottom = match view.selected_row() {
        Some(r) if !signed => {
            let summary = app.review.summaries.get(&r.worker_id);
            fill(
                tr(lang, T::TeamSignOffLine),
                &[
                    &safe(&r.name),
                    &super::review::signed_off_label(app, summary),
                    &summary.map_or(0, |s| s.counts.total()),
                ],
            )
        }
        _ => tr(lang, T::TeamLegend).to_string(),
    };
    let mut block = pane_block(app, theme, None, title)
        .title_top(forecast.right_aligned())
        .border_style(theme.border_focus)
        .title_bottom(Line::from(ascii_dots(theme, &bottom)).style(theme.muted));
    // Where the table is when not every facilitator fits: the one selected ("3/12"), or on
    // the total row the ones in view ("1-8/12").
    let height = area.height.saturating_sub(3) as usize;
    let n = data.rows.len();
    if view.len() > height && height > 0 {
        let pos = if view.selected == 0 {
            let first = view.offset.max(1);
            let last = (view.offset + height - 1).min(n);
            format!(" {first}-{last}/{n} ")
        } else {
            format!(" {}/{n} ", view.selected)
        };
        block = block.title_bottom(Line::from(pos).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if view.loaded && view.is_empty() {
        frame.render_widget(
            Paragraph::new(tr(lang, T::TeamEmpty)).style(theme.muted),
            inner,
        );
        return;
    }
    let total = TeamRow {
        name: tr(lang, T::TeamTotal).to_string(),
        ..totals(&data.rows)
    };
    // The total's pace is the sum of the rows' (`team_pace`).
    // The payment problems column only where the names keep their room.
    let pay = app.size.0 >= PAY_COLUMN_MIN_WIDTH;
    let mut rows = vec![row(app, theme, &total, &team_pace(data), pay).style(theme.header)];
    rows.extend(
        view.rows()
            .into_iter()
            .map(|r| row(app, theme, r, &row_pace(data, r), pay)),
    );
    let arrow = match (view.descending, theme.ascii) {
        (true, true) => "v",
        (false, true) => "^",
        (true, false) => "▼",
        (false, false) => "▲",
    };
    let mut headers = vec![
        (TeamColumn::Name, T::ColTeamName),
        (TeamColumn::Caseload, T::ColTeamCaseload),
        (TeamColumn::Graduated, T::ColTeamGraduated),
        (TeamColumn::Pace, T::ColTeamPace),
        (TeamColumn::Candidates, T::ColTeamCandidates),
        (TeamColumn::Activities, T::ColTeamActivities),
        (TeamColumn::P2k2, T::ColTeamP2k2),
        (TeamColumn::Overdue, T::ColTeamOverdueShort),
        (TeamColumn::NotVisited, T::ColTeamNotVisited),
        (TeamColumn::PayProblems, T::ColTeamPayProblems),
    ];
    if !pay {
        headers.pop();
    }
    let extra = review_headers(app, signed);
    let header = Row::new(
        headers
            .iter()
            .map(|(c, t)| {
                let label = tr(lang, *t);
                let label = if *c == view.column {
                    format!("{label}{arrow}")
                } else {
                    label.to_string()
                };
                // Counts are right-aligned under right-aligned headings.
                match c {
                    TeamColumn::Name | TeamColumn::Graduated => Cell::from(label),
                    _ => Cell::from(Line::from(label).right_aligned()),
                }
            })
            .chain(extra),
    )
    .style(theme.header);
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(14),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(6),
    ];
    if !pay {
        widths.pop();
    }
    widths.push(Constraint::Length(4));
    if signed {
        widths.push(Constraint::Length(10));
    }
    let mut state = TableState::default()
        .with_offset(view.offset)
        .with_selected(Some(view.selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(theme.selected),
        inner,
        &mut state,
    );
}

/// The selected row's forecast in at most `room` columns: the name and count always (cut
/// to fit), then as many of the readiest names as fit.
fn forecast_title<'a>(app: &App, theme: &Theme, room: usize) -> Line<'a> {
    let lang = app.lang();
    let data = &app.team.data;
    if data.rows.is_empty() {
        return Line::default();
    }
    let (who, f) = match app.team.selected_row() {
        Some(r) => (safe(&r.name), row_forecast(data, r)),
        None => (tr(lang, T::TeamTotal).to_string(), team_forecast(data)),
    };
    let count = fill(
        tr(lang, T::GaugeForecast),
        &[
            &thousands(lang, f.expected.into()),
            &thousands(lang, f.target.into()),
        ],
    );
    let mut text = format!(" {who}: {count} ");
    let names: Vec<String> = f.readiest.iter().map(|(n, _)| safe(n)).collect();
    for n in (1..=names.len()).rev() {
        let with = format!(
            " {who}: {count}{}{} ",
            theme.dot(),
            fill(tr(lang, T::GaugeReadiest), &[&names[..n].join(", ")])
        );
        if with.chars().count() <= room {
            text = with;
            break;
        }
    }
    Line::from(Span::styled(
        truncate(&text, room, theme.ascii),
        theme.title,
    ))
}

/// One facilitator's line (or the team's, for the total row).
fn row<'a>(app: &App, theme: &Theme, r: &TeamRow, p: &Pace, pay: bool) -> Row<'a> {
    let lang = app.lang();
    let delta = pace_delta(p);
    let (pace_text, pace_style) = match delta {
        d if d < 0 => (format!("{d}"), theme.warn),
        0 => ("0".to_string(), theme.good),
        d => (format!("+{d}"), theme.good),
    };
    let (full, empty) = theme.gauge_chars();
    let filled = if r.target == 0 {
        GAUGE_CELLS
    } else {
        (r.graduated as usize * GAUGE_CELLS / r.target as usize).min(GAUGE_CELLS)
    };
    let gauge = Line::from(vec![
        Span::raw(format!("{:>3}/{:<3} ", r.graduated, r.target)),
        Span::styled(full.to_string().repeat(filled), theme.gauge_fill),
        Span::styled(
            empty.to_string().repeat(GAUGE_CELLS - filled),
            theme.gauge_empty,
        ),
    ]);
    let count = |n: u32, bad: Style| -> Cell<'a> {
        let style = if n > 0 { bad } else { Style::default() };
        Cell::from(Span::styled(
            format!("{:>5}", thousands(lang, n.into())),
            style,
        ))
    };
    let mut cells = vec![
        Cell::from(truncate(&safe(&r.name), 30, theme.ascii)),
        count(r.caseload, Style::default()),
        Cell::from(gauge),
        Cell::from(Line::from(Span::styled(pace_text, pace_style)).right_aligned()),
        count(r.candidates, Style::default()),
        count(r.activities_30d, Style::default()),
        count(r.p2k2_month, Style::default()),
        count(r.overdue, theme.danger),
        count(r.not_visited_90d, theme.warn),
    ];
    if pay {
        cells.push(count(r.pay_problems, theme.danger));
    }
    // Changes since the last sign-off (the team's: everyone's).
    let summary = app.review.summaries.get(&r.worker_id);
    let new = match summary {
        Some(s) => s.counts.total(),
        None if r.worker_id.is_empty() => app
            .review
            .summaries
            .values()
            .map(|s| s.counts.total())
            .sum(),
        None => 0,
    };
    cells.push(Cell::from(Span::styled(
        format!("{:>4}", thousands(lang, new.into())),
        if new > 0 {
            theme.warn
        } else {
            Style::default()
        },
    )));
    if app.size.0 >= SIGNED_COLUMN_MIN_WIDTH {
        let date = match (summary, r.worker_id.is_empty()) {
            (_, true) => String::new(),
            (Some(s), false) if s.last.is_some() => super::review::signed_off_label(app, Some(s)),
            _ => tr(lang, T::ReviewNeverShort).to_string(),
        };
        cells.push(Cell::from(date));
    }
    Row::new(cells)
}

fn charts(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let data = &app.team.data;
    let [months_area, weeks_area] =
        Layout::horizontal([Constraint::Length(50), Constraint::Fill(1)]).areas(area);

    let block = pane_block(
        app,
        theme,
        None,
        Line::from(fill(tr(lang, T::TeamChartMonths), &[&data.year])),
    );
    let bars: Vec<Bar> = data
        .graduations_by_month
        .iter()
        .enumerate()
        .map(|(i, n)| {
            Bar::default()
                .value(u64::from(*n))
                .label(Line::from(month_short(lang, i as u32 + 1)))
                .style(theme.gauge_fill)
                .value_style(theme.selected)
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(block)
            .data(BarGroup::default().bars(&bars))
            .bar_width(3)
            .bar_gap(1)
            .bar_set(theme.bar_set()),
        months_area,
    );

    let block = pane_block(app, theme, None, Line::from(tr(lang, T::TeamChartWeeks)));
    let inner = block.inner(weeks_area);
    frame.render_widget(block, weeks_area);
    // The newest weeks, as many as fit.
    let weeks = &data.activities_by_week;
    let shown = weeks.len().min(usize::from(inner.width));
    let values: Vec<u64> = weeks[weeks.len() - shown..]
        .iter()
        .map(|n| u64::from(*n))
        .collect();
    let max = values.iter().copied().max().unwrap_or(0);
    let [spark, legend] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(
        Sparkline::default()
            .data(&values)
            .style(theme.gauge_fill)
            .bar_set(theme.sparkline_set()),
        spark,
    );
    let last = values.last().copied().unwrap_or(0);
    frame.render_widget(
        Paragraph::new(ascii_dots(
            theme,
            &fill(tr(lang, T::TeamWeeksLegend), &[&max, &last]),
        ))
        .style(theme.muted),
        legend,
    );
}

/// The interface's `·` separators, as `-` on an ASCII terminal.
fn ascii_dots(theme: &Theme, s: &str) -> String {
    if theme.ascii {
        s.replace('·', "-")
    } else {
        s.to_string()
    }
}

/// The review's headings: changes since the sign-off, and (wide) the sign-off's date.
fn review_headers<'a>(app: &App, signed: bool) -> Vec<Cell<'a>> {
    let lang = app.lang();
    let mut cells = vec![Cell::from(
        Line::from(tr(lang, T::ColTeamReview)).right_aligned(),
    )];
    if signed {
        cells.push(Cell::from(tr(lang, T::ColTeamSignedOff)));
    }
    cells
}
