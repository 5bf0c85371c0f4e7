//! The graduation gauge: this year's counted graduations against the target, the pace
//! (ahead, on track or behind by N), candidates in the pipeline, natural graduations shown
//! apart, and overdue follow-ups.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, pane_block, safe};
use crate::app::App;
use crate::domain::format::thousands;
use crate::domain::pace::{PaceState, pace};
use crate::i18n::{T, fill, role_label, tr};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let g = &app.gauge;
    let p = pace(g.target, g.counted, app.today);
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
    // Further facts in order of importance; each goes where it still fits.
    let mut segments = vec![
        Span::raw(fill(
            tr(lang, T::GaugeCandidates),
            &[&thousands(lang, g.candidates.into())],
        )),
        Span::styled(
            fill(
                tr(lang, T::GaugeAlamiah),
                &[&thousands(lang, g.alamiah.into())],
            ),
            theme.muted,
        ),
        Span::styled(
            fill(
                tr(lang, T::PaceExpected),
                &[&thousands(lang, p.expected.into())],
            ),
            theme.muted,
        ),
        Span::styled(
            fill(
                tr(lang, T::GaugeOverdue),
                &[&thousands(lang, g.overdue.into())],
            ),
            if g.overdue > 0 {
                theme.warn
            } else {
                theme.muted
            },
        ),
    ];
    if g.other_exits > 0 {
        segments.push(Span::styled(
            fill(
                tr(lang, T::GaugeOtherExits),
                &[&thousands(lang, g.other_exits.into())],
            ),
            theme.muted,
        ));
    }
    let width = inner.width as usize;
    let mut second: Vec<Span> = Vec::new();
    let mut first_w: usize = first.iter().map(|s| s.width()).sum();
    let mut second_w = 0;
    for seg in segments {
        let w = seg.width() + dot.len();
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
