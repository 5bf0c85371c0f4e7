//! The merge conflicts overlay (`:konflik`): household, field, the value here and the
//! other laptop's, one line each; the status bar shows the keys that settle one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Theme, pane_block, safe, truncate};
use crate::app::App;
use crate::app::conflicts::ConflictsView;
use crate::i18n::{T, field_label, fill, record_label, tr, value_label};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, view: &ConflictsView) {
    let lang = app.lang();
    let w = area.width.saturating_sub(4).min(100);
    let h = area.height.saturating_sub(2);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let title = fill(tr(lang, T::ConflictsTitle), &[&view.total]);
    let block = pane_block(app, theme, None, Line::from(title)).border_style(theme.border_focus);
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    if view.loaded && view.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(tr(lang, T::ConflictsEmpty))
                .style(theme.muted)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    // Household, field, ours, theirs; the two values share what is left.
    let width = inner.width as usize;
    let name_w = (width * 3 / 10).max(8);
    let field_w = 14.min(width / 5);
    let value_w = width.saturating_sub(name_w + field_w + 3 + 1) / 2;
    let cell = |s: &str, w: usize| {
        let t = truncate(&safe(s), w, theme.ascii);
        let pad = w.saturating_sub(unicode_width::UnicodeWidthStr::width(t.as_str()));
        format!("{t}{}", " ".repeat(pad))
    };
    let row = |a: &str, b: &str, c: &str, d: &str| {
        format!(
            " {} {} {} {}",
            cell(a, name_w),
            cell(b, field_w),
            cell(c, value_w),
            cell(d, value_w)
        )
    };
    let mut lines = vec![Line::from(Span::styled(
        row(
            tr(lang, T::ConflictsHousehold),
            tr(lang, T::ConflictsField),
            tr(lang, T::ConflictsOurs),
            tr(lang, T::ConflictsTheirs),
        ),
        theme.header,
    ))];
    let visible = (inner.height as usize).saturating_sub(1).max(1);
    let offset = (view.selected + 1).saturating_sub(visible);
    for (i, c) in view.rows.iter().enumerate().skip(offset).take(visible) {
        let name = match &c.household_name {
            Some(n) => n.clone(),
            None => record_label(lang, &c.table),
        };
        // Identity numbers stay masked here as everywhere on screen.
        let identity = crate::domain::nik::is_identity_field(&c.field);
        let value = |v: &Option<String>| match v.as_deref() {
            None => "-".to_string(),
            Some(v) if identity => theme.mask(v),
            Some(v) => value_label(lang, &c.table, &c.field, v),
        };
        let text = row(
            &name,
            &field_label(lang, &c.field),
            &value(&c.ours),
            &value(&c.theirs),
        );
        let style = if i == view.selected {
            theme.selected
        } else {
            Default::default()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
