//! The graduation gauge: this year's counted graduations against the target, the pace
//! (ahead, on track or behind by N), candidates in the pipeline, natural graduations shown
//! apart, overdue follow-ups, and the year-end forecast with the readiest households.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, pane_block, safe};
use crate::app::App;
use crate::domain::format::thousands;
use crate::domain::pace::PaceState;
use crate::i18n::{T, fill, role_label, tr};
use crate::model::ForecastReach;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let g = &app.gauge;
    let p = g.pace(app.today);
    let mut title = vec![
        Span::raw(fill(tr(lang, T::GaugeTitle), &[&g.year])),
        Span::raw(theme.dot()),
        Span::raw(safe(&app.user.name)),
        Span::styled(
            format!(" ({})", role_label(lang, app.user.role)),
            theme.muted,
        ),
    ];
    // A supervisor looking at one facilitator's caseload: the gauge is theirs.
    if let Some(name) = &app.scope_name {
        title.push(Span::raw(if theme.ascii { " > " } else { " › " }));
        title.push(Span::styled(safe(name), theme.title));
    }
    if app.read_only {
        title.push(Span::raw(" "));
        title.push(Span::styled(
            format!(" {} ", tr(lang, T::ReadOnlyBadge)),
            theme.badge,
        ));
    }
    if app.is_demo {
        title.push(Span::raw(" "));
        title.push(Span::styled(
            format!(" {} ", tr(lang, T::DemoBadge)),
            theme.badge,
        ));
    }
    // People's data unencrypted on disk is said plainly (the demo is always so).
    if !app.encrypted {
        title.push(Span::raw(" "));
        title.push(Span::styled(tr(lang, T::PlainBadge), theme.warn));
    }
    let block = pane_block(app, theme, None, Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let bar_w: usize = if inner.width >= 100 { 20 } else { 10 };
    let (full, empty) = theme.gauge_chars();
    let filled = if g.target == 0 {
        bar_w
    } else {
        ((g.counted as usize * bar_w) / g.target as usize).min(bar_w)
    };
    let count = format!(
        " {}/{} ",
        thousands(lang, g.counted.into()),
        thousands(lang, g.target.into())
    );
    let (pace_text, pace_style) = match p.state {
        PaceState::Ahead(n) => (fill(tr(lang, T::PaceAhead), &[&n]), theme.good),
        PaceState::OnTrack => (tr(lang, T::PaceOnTrack).to_string(), theme.good),
        PaceState::Behind(n) => (fill(tr(lang, T::PaceBehind), &[&n]), theme.warn),
    };
    let dot = theme.dot();
    let mut first: Vec<Span> = vec![
        Span::styled(full.to_string().repeat(filled), theme.gauge_fill),
        Span::styled(empty.to_string().repeat(bar_w - filled), theme.gauge_empty),
        Span::styled(count, theme.title),
        Span::styled(pace_text, pace_style),
    ];
    // Further facts in order of importance; each goes where it still fits. The forecast
    // first (issue 11 item 6), then overdue follow-ups, then as many of the readiest
    // households' names as the line holds, then candidates, natural graduations, the
    // expected count and other exits: at 80 columns the last ones drop first.
    let f = g.forecast(app.today);
    let forecast_style = if f.expected >= f.target {
        theme.good
    } else {
        theme.warn
    };
    let mut segments = vec![
        Seg::Fixed(Span::styled(
            fill(
                tr(lang, T::GaugeForecast),
                &[
                    &thousands(lang, f.expected.into()),
                    &thousands(lang, f.target.into()),
                ],
            ),
            forecast_style,
        )),
        Seg::Fixed(Span::styled(
            fill(
                tr(lang, T::GaugeOverdue),
                &[&thousands(lang, g.overdue.into())],
            ),
            if g.overdue > 0 {
                theme.warn
            } else {
                theme.muted
            },
        )),
        Seg::Names,
        Seg::Fixed(Span::raw(fill(
            tr(lang, T::GaugeCandidates),
            &[&thousands(lang, g.candidates.into())],
        ))),
        Seg::Fixed(Span::styled(
            fill(
                tr(lang, T::GaugeAlamiah),
                &[&thousands(lang, g.alamiah.into())],
            ),
            theme.muted,
        )),
        Seg::Fixed(Span::styled(
            fill(
                tr(lang, T::PaceExpected),
                &[&thousands(lang, p.expected.into())],
            ),
            theme.muted,
        )),
    ];
    // Payment problems (issue 11 item 3) after the overdue follow-ups, when there are any.
    if g.pay_problems > 0 {
        segments.insert(
            2,
            Seg::Fixed(Span::styled(
                fill(
                    tr(lang, T::GaugePayProblems),
                    &[&thousands(lang, g.pay_problems.into())],
                ),
                theme.warn,
            )),
        );
    }
    if g.forecast_reach != ForecastReach::Scored {
        // Too many households in view to score before the first frame
        // (`GAUGE_FORECAST_MAX_HOUSEHOLDS`): no forecast rather than a wrong one.
        segments.remove(0);
        segments.retain(|s| !matches!(s, Seg::Names));
    }
    if g.other_exits > 0 {
        segments.push(Seg::Fixed(Span::styled(
            fill(
                tr(lang, T::GaugeOtherExits),
                &[&thousands(lang, g.other_exits.into())],
            ),
            theme.muted,
        )));
    }
    let names: Vec<String> = f.readiest.iter().map(|(n, _)| safe(n)).collect();
    let width = inner.width as usize;
    let mut second: Vec<Span> = Vec::new();
    let mut first_w: usize = first.iter().map(|s| s.width()).sum();
    let mut second_w = 0;
    for seg in segments {
        let dot_w = dot.chars().count();
        let seg = match seg {
            Seg::Fixed(span) => span,
            // As many names as fit where the line has room (none: the segment drops).
            Seg::Names => {
                let room = width.saturating_sub(first_w + dot_w);
                let room2 = if inner.height >= 2 {
                    width.saturating_sub(second_w + dot_w)
                } else {
                    0
                };
                match readiest_text(lang, &names, room.max(room2)) {
                    Some(text) => Span::styled(text, theme.title),
                    None => continue,
                }
            }
        };
        let w = seg.width() + dot_w;
        if first_w + w <= width {
            first_w += w;
            first.push(Span::styled(dot, theme.muted));
            first.push(seg);
        } else if inner.height >= 2 && second_w + w <= width {
            if !second.is_empty() {
                second.push(Span::styled(dot, theme.muted));
            }
            second_w += w;
            second.push(seg);
        }
    }
    let mut lines = vec![Line::from(first)];
    if !second.is_empty() {
        lines.push(Line::from(second));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A fact of the gauge line: a fixed text, or the readiest names (as many as fit).
enum Seg<'a> {
    Fixed(Span<'a>),
    Names,
}

/// "paling siap: Ani, Budi" with as many whole names as fit in `room` columns; None when
/// there is no name or not even one fits.
fn readiest_text(lang: crate::domain::Lang, names: &[String], room: usize) -> Option<String> {
    let mut best = None;
    for n in 1..=names.len() {
        let text = fill(tr(lang, T::GaugeReadiest), &[&names[..n].join(", ")]);
        if ratatui::text::Span::raw(text.as_str()).width() > room {
            break;
        }
        best = Some(text);
    }
    best
}
