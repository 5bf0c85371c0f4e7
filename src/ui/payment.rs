//! The detail's payment lines (issue 11, item 3): this year's four tahap, and last year's
//! when one of its tahap was not received.

use chrono::Datelike;
use ratatui::text::{Line, Span};

use super::{Theme, safe};
use crate::app::App;
use crate::i18n::payment::year_line;
use crate::model::HouseholdDetail;

/// The lines, problems in the danger colour; none for a household that is not active and
/// has no tahap recorded in those years.
pub(super) fn detail_lines<'a>(app: &App, theme: &Theme, d: &HouseholdDetail) -> Vec<Line<'a>> {
    let year = app.today.year();
    let recorded = |y: i32| d.payments.iter().any(|p| p.year == y);
    let problem = |y: i32| {
        d.payments
            .iter()
            .any(|p| p.year == y && p.outcome.is_problem())
    };
    let mut years = Vec::new();
    if problem(year - 1) {
        years.push(year - 1);
    }
    if d.status.is_active() || recorded(year) {
        years.push(year);
    }
    years
        .into_iter()
        .map(|y| {
            let text = safe(&year_line(app.lang(), y, &d.payments, app.today));
            Line::from(Span::styled(
                text,
                if problem(y) {
                    theme.danger
                } else {
                    Default::default()
                },
            ))
        })
        .collect()
}
