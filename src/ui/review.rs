//! The review screen (issue 11 item 8): one facilitator's history since their last
//! sign-off, newest first; above it the changed records counted by kind. Each line: when,
//! the household, the record and field, old -> new, and who. Identity numbers stay masked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{Theme, pane_block, safe, truncate};
use crate::app::App;
use crate::domain::format::thousands;
use crate::i18n::{T, field_label, fill, record_label, tr, value_label};
use crate::model::review::ReviewSummary;

/// "3 Nov 2026" for a sign-off's time, or "belum pernah".
pub fn signed_off_label(app: &App, summary: Option<&ReviewSummary>) -> String {
    match summary.and_then(|s| s.last.as_ref()) {
        Some(last) => {
            let local = app.settings.zone.local(&last.at);
            local.split(' ').next().unwrap_or(&local).to_string()
        }
        None => tr(app.lang(), T::ReviewNever).to_string(),
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let v = &app.review;
    let w = &v.window;
    let name = v
        .facilitator
        .as_ref()
        .map(|(_, n)| safe(n))
        .unwrap_or_default();
    let title = fill(
        tr(lang, T::ReviewTitle),
        &[&name, &signed_off_label(app, v.summary())],
    );
    let block = pane_block(app, theme, None, Line::from(title))
        .border_style(theme.border_focus)
        .title_bottom(Line::from(format!(" {} ", thousands(lang, w.total as i64))).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let c = v.summary().map(|s| s.counts.clone()).unwrap_or_default();
    let counts = fill(
        tr(lang, T::ReviewCounts),
        &[
            &c.households_added,
            &c.households_changed,
            &c.activities,
            &c.graduations,
            &c.referrals,
            &c.payments,
            &c.verifications,
        ],
    );
    let dots = if theme.ascii {
        counts.replace('·', "-")
    } else {
        counts
    };
    let head = Rect::new(inner.x, inner.y, inner.width, 1);
    frame.render_widget(
        Paragraph::new(truncate(&dots, inner.width as usize, theme.ascii)).style(theme.header),
        head,
    );
    let body = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    if w.total == 0 {
        frame.render_widget(
            Paragraph::new(tr(lang, T::ReviewEmpty)).style(theme.muted),
            body,
        );
        return;
    }
    let arrow = if theme.ascii { "->" } else { "→" };
    let show = |table: &str, field: &str, v: &Option<String>| match v.as_deref() {
        None | Some("") => "-".to_string(),
        Some(x) if crate::domain::nik::is_identity_field(field) => theme.mask(x),
        Some(x) => safe(&value_label(lang, table, field, x)),
    };
    let rows: Vec<Row> = w
        .visible()
        .map(|(_, r)| {
            // "11-29 10:00": the month, day and local time (the year is this review's).
            let when: String = app
                .settings
                .zone
                .local(&r.at)
                .chars()
                .skip(5)
                .take(11)
                .collect();
            let household = r
                .household_name
                .as_deref()
                .map(safe)
                .unwrap_or_else(|| tr(lang, T::ReviewGroup).to_string());
            let what = format!(
                "{} · {}",
                record_label(lang, &r.table),
                field_label(lang, &r.field)
            );
            let change = format!(
                "{} {arrow} {}",
                show(&r.table, &r.field, &r.old),
                show(&r.table, &r.field, &r.new)
            );
            Row::new(vec![
                Cell::from(Span::styled(when, theme.muted)),
                Cell::from(household),
                Cell::from(Span::styled(what, theme.key)),
                Cell::from(change),
                Cell::from(safe(&r.author)),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(11),
        Constraint::Length(12),
        Constraint::Length(22),
        Constraint::Fill(1),
        Constraint::Length(8),
    ];
    let mut state = TableState::default()
        .with_offset(0)
        .with_selected(w.selected.checked_sub(w.offset).map(|s| s as usize));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .column_spacing(1)
            .row_highlight_style(theme.selected),
        body,
        &mut state,
    );
}
