//! The household detail: pengurus, masked NIK and No KK, address, desil, programs, annual
//! benefit, business, members with their components, rule problems (and why an active family
//! above desil 4 must leave), referrals, graduation.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, pane_block, safe, truncate};
use crate::app::{App, Pane};
use crate::domain::activity::{FollowUpState, follow_up_state};
use crate::domain::age_on;
use crate::domain::component::{
    Component, ComponentPerson, annual_benefit, check_household, no_component_left,
};
use crate::domain::format::{date_short, rupiah, rupiah_compact};
use crate::domain::graduation::HouseholdStatus;
use crate::domain::household::{above_desil_limit, days_since, long_term};
use crate::domain::readiness::readiness;
use crate::i18n::readiness::scored_line;
use crate::i18n::{
    self, T, component_short, exit_label, field_label, fill, pas_label, record_label,
    referral_status_label, relation_label, status_label, tr, value_label,
};
use crate::model::HouseholdDetail;

/// The household's history of changes, newest first.
fn draw_history(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lang = app.lang();
    let title = Line::from(fill(
        tr(lang, T::HistoryTitle),
        &[&app.household.history.len()],
    ));
    let block = pane_block(app, theme, Some(Pane::Detail), title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.household.history.is_empty() {
        frame.render_widget(
            Paragraph::new(tr(lang, T::HistoryEmpty)).style(theme.muted),
            inner,
        );
        return;
    }
    let arrow = if theme.ascii { "->" } else { "→" };
    let lines: Vec<Line> = app
        .household
        .history
        .iter()
        .map(|c| {
            // Local time with its zone (WIB, WITA, WIT or the UTC offset): D7.
            let when = app.settings.zone.local(&c.at);
            // Identity numbers stay masked in the history too (unless revealed with `i`).
            let identity = crate::domain::nik::is_identity_field(&c.field);
            let revealed = app.household.revealed.is_some()
                && app.household.revealed == app.household.detail.as_ref().map(|d| d.id.clone());
            // An empty value is shown as absent, alike everywhere (D8).
            let show = |v: &Option<String>| match v.as_deref() {
                None | Some("") => "-".to_string(),
                Some(v) if identity && !revealed => theme.mask(v),
                Some(v) => safe(&value_label(lang, &c.table, &c.field, v)),
            };
            let old = show(&c.old);
            let new = show(&c.new);
            Line::from(vec![
                Span::styled(format!("{when} "), theme.muted),
                Span::raw(format!("{} ", safe(&c.author))),
                Span::styled(
                    format!(
                        "{}{} · {} ",
                        record_label(lang, &c.table),
                        // A member's change names the member (D8).
                        c.record_name
                            .as_deref()
                            .map(|n| format!(" {}", safe(n)))
                            .unwrap_or_default(),
                        field_label(lang, &c.field)
                    ),
                    theme.key,
                ),
                Span::raw(format!("{old} {arrow} {new}")),
            ])
        })
        .collect();
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let max_scroll = paragraph
        .line_count(inner.width)
        .saturating_sub(inner.height as usize) as u16;
    frame.render_widget(
        paragraph.scroll((app.household.scroll.min(max_scroll), 0)),
        inner,
    );
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if app.household.show_history && app.household.detail.is_some() {
        draw_history(frame, app, theme, area);
        return;
    }
    let lang = app.lang();
    let block = pane_block(
        app,
        theme,
        Some(Pane::Detail),
        Line::from(tr(lang, T::DetailTitle)),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(d) = &app.household.detail else {
        let text = if app.caseload.list.total == 0 {
            ""
        } else {
            tr(lang, T::DetailNone)
        };
        frame.render_widget(Paragraph::new(text).style(theme.muted), inner);
        return;
    };
    // One line per fact; a long one wraps so it can be read whole (D21), and the pane
    // scrolls no further than its last line is at the bottom (no blank space below).
    let lines = lines(app, theme, d, inner.width as usize);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let max_scroll = paragraph
        .line_count(inner.width)
        .saturating_sub(inner.height as usize) as u16;
    frame.render_widget(
        paragraph.scroll((app.household.scroll.min(max_scroll), 0)),
        inner,
    );
}

fn label<'a>(theme: &Theme, t: &'a str) -> Span<'a> {
    Span::styled(format!("{t} "), theme.muted)
}

fn lines<'a>(app: &App, theme: &Theme, d: &'a HouseholdDetail, width: usize) -> Vec<Line<'a>> {
    let lang = app.lang();
    let today = app.today;
    let dot = theme.dot();
    let mut out = Vec::new();

    let status_style = match d.status {
        HouseholdStatus::Aktif => theme.good,
        HouseholdStatus::CalonGraduasi => theme.warn,
        HouseholdStatus::Graduasi | HouseholdStatus::Keluar => theme.muted,
    };
    let mut status = status_label(lang, d.status).to_string();
    if let Some(sd) = d.status_date
        && d.status != HouseholdStatus::Aktif
    {
        status = format!("{status} {}", date_short(lang, sd));
    }
    let status_w = status.chars().count() + 1;
    out.push(Line::from(vec![
        Span::styled(
            truncate(
                &safe(&d.pengurus_name),
                width.saturating_sub(status_w),
                theme.ascii,
            ),
            theme.title,
        ),
        Span::raw(" "),
        Span::styled(status, status_style),
    ]));
    let revealed = app.household.revealed.as_deref() == Some(d.id.as_str());
    let shown = |digits: &str| {
        if revealed {
            Span::styled(safe(digits), theme.warn)
        } else {
            Span::raw(theme.mask(digits))
        }
    };
    let nik = vec![label(theme, "NIK"), shown(&d.pengurus_nik)];
    let kk = vec![label(theme, "KK "), shown(&d.fields.no_kk)];
    if width >= 44 {
        let mut both = nik;
        both.push(Span::raw("  "));
        both.extend(kk);
        out.push(Line::from(both));
    } else {
        out.push(Line::from(nik));
        out.push(Line::from(kk));
    }
    let mut addr = Vec::new();
    if !d.fields.address.is_empty() {
        addr.push(safe(&d.fields.address));
    }
    if !d.fields.rt.is_empty() || !d.fields.rw.is_empty() {
        addr.push(safe(&pilar_core::domain::fields::RtRw::show_stored(
            &d.fields.rt,
            &d.fields.rw,
        )));
    }
    addr.push(safe(&d.fields.village));
    if !d.fields.kecamatan.is_empty() {
        addr.push(safe(&d.fields.kecamatan));
    }
    out.push(Line::from(addr.join(", ")));

    let mut facts = Vec::new();
    if let Some(desil) = d.fields.desil {
        facts.push(Span::raw(fill(tr(lang, T::DetailDesil), &[&desil])));
    }
    if let Some(y) = d.fields.year_joined {
        if !facts.is_empty() {
            facts.push(Span::raw(dot));
        }
        let style = if long_term(Some(y), today) {
            theme.warn
        } else {
            Default::default()
        };
        facts.push(Span::styled(fill(tr(lang, T::DetailJoined), &[&y]), style));
    }
    if !d.fields.programs.is_empty() {
        if !facts.is_empty() {
            facts.push(Span::raw(dot));
        }
        let names: Vec<&str> = d.fields.programs.iter().map(|p| p.label()).collect();
        facts.push(Span::raw(names.join(", ")));
    }
    if !facts.is_empty() {
        out.push(Line::from(facts));
    }
    // P2K2 on a line of its own: a group's name ("Pagersari 1") wrapped after the other
    // facts left its number to start the next line.
    if let Some(g) = &d.p2k2_group {
        // Its group's sessions attended of those held, e.g. "Kelompok Mawar: P2K2 10/12 (83%)".
        out.push(Line::from(
            match crate::domain::groups::completion(g.attended, g.held) {
                Some(pct) => fill(
                    tr(lang, T::DetailP2k2Group),
                    &[&g.name, &g.attended, &g.held, &pct],
                ),
                None => fill(tr(lang, T::DetailP2k2GroupNew), &[&g.name]),
            },
        ));
    } else if d.p2k2_sessions > 0 {
        // Present at / recorded for the household, e.g. "P2K2 10/12".
        out.push(Line::from(fill(
            tr(lang, T::DetailP2k2),
            &[&d.p2k2_attended, &d.p2k2_sessions],
        )));
    }

    let people: Vec<ComponentPerson> = d.members.iter().map(|m| m.component_person()).collect();

    out.push(Line::from(Span::styled(
        fill(
            tr(lang, T::DetailMembers),
            &[&(d.members.len() - d.left.len())],
        ),
        theme.header,
    )));
    for m in &d.members {
        let age = m
            .birth_date
            .map(|b| age_on(b, today).to_string())
            .unwrap_or_else(|| "?".into());
        let comp = m
            .component
            .map(|c| component_short(lang, c))
            .unwrap_or_default();
        // A member who left (died, moved away) is shown as such, in place of the relation.
        let left = d.left.iter().find(|l| l.member_id == m.id);
        let rel = match left {
            Some(l) => crate::i18n::life_event::left_line(lang, l.reason, l.on),
            None => relation_label(lang, m.relation).to_string(),
        };
        let rel = rel.as_str();
        // Fixed columns: name, sex, age, component (8), then the relation where room is left.
        let sex = crate::i18n::tr(
            lang,
            match m.sex {
                crate::domain::Sex::Male => crate::i18n::T::SexMaleShort,
                crate::domain::Sex::Female => crate::i18n::T::SexFemaleShort,
            },
        );
        let tail = format!(" {sex} {age:>2} {comp:<8}");
        let name_w = width.saturating_sub(tail.chars().count() + 1).min(22);
        // The relation takes what room is left (the line must not wrap: one member a line).
        let room = width.saturating_sub(1 + name_w + tail.chars().count() + 1);
        let rel = if room > 0 {
            format!(" {}", truncate(rel, room, theme.ascii))
        } else {
            String::new()
        };
        out.push(Line::from(vec![
            Span::raw(" "),
            Span::raw(format!(
                "{:<name_w$}",
                truncate(&safe(&m.name), name_w, theme.ascii)
            )),
            Span::raw(tail),
            Span::styled(rel, theme.muted),
        ]));
        // Issue 14: ibu_hamil's pregnancy, and its end 42 days after the birth.
        if m.component == Some(Component::IbuHamil) {
            let p = m.pregnancy;
            let date = |d| date_short(lang, d);
            if p.ended(today) {
                let end = p.nifas_end().map(date).unwrap_or_default();
                out.push(Line::from(Span::styled(
                    format!("  {}", fill(tr(lang, T::DetailNifasEnded), &[&end])),
                    theme.warn,
                )));
            } else if let (Some(order), Some(birth)) = (p.order, p.birth) {
                let text = if birth > today {
                    fill(tr(lang, T::DetailPregnancy), &[&order, &date(birth)])
                } else {
                    let end = p.nifas_end().map(date).unwrap_or_default();
                    fill(tr(lang, T::DetailNifas), &[&order, &date(birth), &end])
                };
                out.push(Line::from(Span::styled(format!("  {text}"), theme.muted)));
            }
        }
    }
    // Issue 11 item 1: the latest six months' commitments of each member with a component
    // (v met, x not met, - not applicable, . not recorded), on one line.
    if let Some(line) = commitments(app, theme, d) {
        out.push(line);
    }
    // Money, business and visits after the members: at 80x24 the members come first.
    let benefit = annual_benefit(&people, today, &app.settings.rules);
    let benefit_line = vec![
        label(theme, tr(lang, T::DetailBenefit)),
        Span::styled(rupiah(lang, benefit), theme.title),
    ];
    // "Usaha Toko pulsa, Rp 3 jt/bln", or without one "Tidak punya usaha" (not "Usaha tidak
    // ada").
    let business_line = if d.fields.has_business {
        let mut s = safe(&d.fields.business_desc);
        if let Some(income) = d.fields.business_income {
            s = format!(
                "{s}, {}",
                fill(
                    tr(lang, T::DetailPerMonth),
                    &[&rupiah_compact(lang, income)]
                )
            );
        }
        vec![label(theme, tr(lang, T::DetailBusiness)), Span::raw(s)]
    } else {
        vec![Span::raw(tr(lang, T::DetailNoBusiness))]
    };
    let bw: usize = benefit_line
        .iter()
        .chain(&business_line)
        .map(|s| s.width())
        .sum();
    if bw + 3 <= width {
        let mut one = benefit_line;
        one.push(Span::raw(dot));
        one.extend(business_line);
        out.push(Line::from(one));
    } else {
        out.push(Line::from(benefit_line));
        out.push(Line::from(business_line));
    }
    out.extend(super::payment::detail_lines(app, theme, d));
    out.push(visit_line(app, theme, d.last_visit));
    if let Some(line) = follow_up_line(app, theme, d.next_follow_up) {
        out.push(line);
    }
    for v in check_household(&people, today, &app.settings.rules) {
        out.push(Line::from(Span::styled(
            format!(
                "! {}",
                safe(&i18n::component_violation(lang, &v, &d.members))
            ),
            theme.warn,
        )));
    }
    if d.status.is_active() && no_component_left(&people, today, &app.settings.rules) {
        out.push(Line::from(Span::styled(
            tr(lang, T::DetailAlamiahCandidate),
            theme.warn,
        )));
    }
    if let Some(desil) = d
        .fields
        .desil
        .filter(|_| above_desil_limit(d.status, d.fields.desil))
    {
        out.push(Line::from(Span::styled(
            fill(tr(lang, T::DetailDesilAboveLimit), &[&desil]),
            theme.danger,
        )));
    }
    // Issue 11 item 5: readiness, with each criterion's value and points (active families).
    if d.status.is_active() {
        let inputs = d.readiness_inputs(today, &app.settings.rules);
        let r = readiness(&inputs, &app.settings.readiness);
        out.push(Line::from(Span::styled(
            fill(tr(lang, T::DetailReadiness), &[&r.score]),
            theme.header,
        )));
        for s in &r.criteria {
            let (what, points) = scored_line(lang, s);
            let what = format!(" {what}");
            // Points at the right edge when they fit on the line; else after a space.
            let gap = width
                .saturating_sub(what.chars().count() + points.chars().count())
                .max(1);
            let style = if s.points == s.max && s.max > 0 {
                theme.title
            } else {
                theme.muted
            };
            out.push(Line::from(vec![
                Span::raw(what),
                Span::raw(" ".repeat(gap)),
                Span::styled(points, style),
            ]));
        }
    }
    if !d.fields.pas.is_empty() {
        let tags: Vec<&str> = d.fields.pas.iter().map(|t| pas_label(lang, *t)).collect();
        out.push(Line::from(vec![
            label(theme, "PAS"),
            Span::raw(tags.join(", ")),
        ]));
    }
    if !d.referrals.is_empty() {
        out.push(Line::from(Span::styled(
            tr(lang, T::DetailReferrals),
            theme.header,
        )));
        for r in &d.referrals {
            let mut text = format!(
                " {} {} {}{dot}{}",
                date_short(lang, r.date),
                i18n::referral_program(lang, r.program),
                safe(&r.agency),
                referral_status_label(lang, r.status)
            );
            if !r.notes.is_empty() {
                text = format!("{text}{dot}{}", safe(&r.notes));
            }
            out.push(Line::from(text));
        }
    }
    for g in &d.graduations {
        out.push(Line::from(vec![
            label(theme, tr(lang, T::DetailExit)),
            Span::raw(format!(
                "{} {}",
                exit_label(lang, g.kind),
                date_short(lang, g.date)
            )),
        ]));
        if !g.reason.is_empty() {
            out.push(Line::from(Span::styled(
                format!(" {}", safe(&g.reason)),
                theme.muted,
            )));
        }
    }
    if !d.fields.phone.is_empty() {
        out.push(Line::from(vec![
            label(theme, tr(lang, T::DetailPhone)),
            Span::raw(safe(&d.fields.phone)),
        ]));
    }
    out.push(Line::from(vec![
        label(theme, tr(lang, T::DetailWorker)),
        Span::raw(safe(&d.worker_name)),
    ]));
    out
}

fn visit_line<'a>(app: &App, theme: &Theme, last: Option<NaiveDate>) -> Line<'a> {
    let lang = app.lang();
    let text = match last {
        Some(d) => fill(
            tr(lang, T::DetailLastVisit),
            &[&date_short(lang, d), &days_since(d, app.today)],
        ),
        None => tr(lang, T::DetailNeverVisited).to_string(),
    };
    let stale = last.is_none_or(|d| days_since(d, app.today) > 90);
    Line::from(Span::styled(
        text,
        if stale {
            theme.warn
        } else {
            Default::default()
        },
    ))
}

fn follow_up_line<'a>(app: &App, theme: &Theme, next: Option<NaiveDate>) -> Option<Line<'a>> {
    let lang = app.lang();
    let date = next?;
    let (text, style) = match follow_up_state(Some(date), false, app.today) {
        FollowUpState::Overdue { days } => (
            fill(
                tr(lang, T::FollowUpOverdue),
                &[&date_short(lang, date), &days],
            ),
            theme.danger,
        ),
        FollowUpState::DueToday => (tr(lang, T::FollowUpToday).to_string(), theme.warn),
        FollowUpState::Upcoming { days } => (
            fill(
                tr(lang, T::FollowUpUpcoming),
                &[&date_short(lang, date), &days],
            ),
            Default::default(),
        ),
        FollowUpState::None | FollowUpState::Done => return None,
    };
    Some(Line::from(Span::styled(text, style)))
}

/// "Komitmen: Budi vvvvvv · Sari vxxx.." with the run of a failing member named.
fn commitments<'a>(
    app: &App,
    theme: &Theme,
    d: &crate::model::HouseholdDetail,
) -> Option<Line<'a>> {
    use crate::domain::verification::{Month, not_met_run};
    let lang = app.lang();
    let shown: Vec<_> = d
        .verifications
        .iter()
        .filter(|m| !m.months.is_empty())
        .collect();
    if shown.is_empty() {
        return None;
    }
    let now = Month::of(app.today);
    let mut spans = vec![Span::styled(tr(lang, T::DetailCommitments), theme.header)];
    let mut worst = 0;
    for m in shown {
        let run = not_met_run(&m.months);
        worst = worst.max(run);
        let marks: String = (0..6)
            .rev()
            .map(|back| {
                let month = now.plus(-back);
                m.months
                    .iter()
                    .find(|(mm, _)| *mm == month)
                    .map(|(_, o)| crate::i18n::verification::outcome_mark(*o))
                    .unwrap_or('.')
            })
            .collect();
        let first = m.name.split_whitespace().next().unwrap_or("");
        let style = if app.settings.failing.flags(run) {
            theme.danger
        } else {
            Default::default()
        };
        spans.push(Span::raw(format!(" {} ", safe(first))));
        spans.push(Span::styled(marks, style));
    }
    if app.settings.failing.flags(worst) {
        spans.push(Span::styled(
            format!(" ({})", fill(tr(lang, T::DetailFailing), &[&worst])),
            theme.danger,
        ));
    }
    Some(Line::from(spans))
}
