//! `pilar print`: sheets to print or bring to a meeting (issue 11 item 9). [`command`]
//! reads from the store; the rest is pure: a sheet is a title and a list of [`Section`]s,
//! each made by one function, rendered as aligned text or Markdown in the user's language,
//! every value from the data neutralised as everything printed is.
//!
//! The household sheet's sections are [`HOUSEHOLD_SECTIONS`], in print order: adding one
//! is one function there, reading what [`HouseholdSheet`] is given (the commitments of
//! the last 6 months and the payments per tahap are in [`month`]). The visit plan
//! ([`visits`]) is the store's `visit_plan`, one section per village.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use crate::cli::{Cli, PrintOut, PrintWhat};
use crate::domain::Lang;
use crate::domain::component::{ComponentRules, annual_benefit};
use crate::domain::dates::parse_date_input;
use crate::domain::format::{date_long, date_short, rupiah, thousands};
use crate::domain::nik::Nik;
use crate::domain::readiness::{ReadinessSettings, readiness};
use crate::domain::text::neutralize;
use crate::domain::today::{Reason, TodayItem, order};
use crate::i18n::print::{Word, word};
use crate::i18n::today::{reason_detail, reason_text};
use crate::i18n::{
    T, component_label, date_error, exit_label, fill, kind_label, referral_program,
    referral_status_label, relation_label, status_label, tr,
};
use crate::model::{ActivityRow, HouseholdDetail, ListQuery, LogEntry, Scope};
use crate::store::messages::open_error;
use crate::store::{Store, StoreError};

use super::open::open;

mod month;
use super::{
    Failure, current_user, default_db, print_out, readiness_settings, settings, today, usage,
};

/// How many of the household's latest log lines the sheet lists.
pub const ACTIVITY_LINES: u64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "teks" | "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// One part of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Label and value, one a line.
    Fields(Vec<(String, String)>),
    /// A table with its header; no rows prints "none".
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// Everything the household sheet is made from.
pub struct HouseholdSheet {
    pub detail: HouseholdDetail,
    /// The latest log lines, newest first.
    pub activities: Vec<ActivityRow>,
    /// Each member with a component and their recorded outcomes, oldest first.
    pub commitments: Vec<crate::model::verification::MemberOutcomes>,
    /// Every tahap recorded, oldest first.
    pub payments: Vec<crate::model::payment::Payment>,
    pub today: NaiveDate,
    pub rules: ComponentRules,
    pub readiness: ReadinessSettings,
}

type SectionFn = fn(&HouseholdSheet, Lang) -> Section;

/// The household sheet's sections, in order.
pub const HOUSEHOLD_SECTIONS: &[SectionFn] = &[
    identity,
    members,
    benefit,
    month::commitments,
    month::payments,
    activities,
    referrals,
    graduations,
];

fn s(text: &str) -> String {
    neutralize(text)
}

fn masked(digits: &str) -> String {
    Nik::from_digits(digits).map_or_else(|| s(digits), |n| n.masked())
}

fn or_none(lang: Lang, v: Option<String>) -> String {
    v.unwrap_or_else(|| word(lang, Word::None).to_string())
}

fn identity(h: &HouseholdSheet, lang: Lang) -> Section {
    let d = &h.detail;
    let mut address = s(&d.fields.address);
    if !d.fields.rt.is_empty() || !d.fields.rw.is_empty() {
        address.push_str(&format!(" RT {}/RW {}", s(&d.fields.rt), s(&d.fields.rw)));
    }
    let place = [&d.fields.village, &d.fields.kecamatan, &d.fields.kabupaten]
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| s(p))
        .collect::<Vec<_>>()
        .join(", ");
    let business = if d.fields.has_business {
        let income = d
            .fields
            .business_income
            .map(|i| format!(" ({})", rupiah(lang, i)))
            .unwrap_or_default();
        format!("{}{income}", s(&d.fields.business_desc))
    } else {
        word(lang, Word::None).to_string()
    };
    let mut status = status_label(lang, d.status).to_string();
    if let Some(since) = d.status_date {
        status.push_str(&format!(" ({})", date_short(lang, since)));
    }
    let mut fields = vec![
        (word(lang, Word::Recipient), s(&d.pengurus_name)),
        (word(lang, Word::NoKk), masked(&d.fields.no_kk)),
        (word(lang, Word::Address), address.trim().to_string()),
        (word(lang, Word::Village), place),
        (word(lang, Word::Facilitator), s(&d.worker_name)),
        (word(lang, Word::Status), status),
        (
            word(lang, Word::Desil),
            or_none(lang, d.fields.desil.map(|x| x.to_string())),
        ),
        (
            word(lang, Word::Joined),
            or_none(lang, d.fields.year_joined.map(|y| y.to_string())),
        ),
        (word(lang, Word::Business), business),
        (
            word(lang, Word::LastVisit),
            or_none(lang, d.last_visit.map(|v| date_short(lang, v))),
        ),
        (
            word(lang, Word::NextFollowUp),
            or_none(lang, d.next_follow_up.map(|v| date_short(lang, v))),
        ),
        (
            word(lang, Word::P2k2),
            format!("{}/{}", d.p2k2_attended, d.p2k2_sessions),
        ),
    ];
    if d.status.is_active() {
        let score = readiness(&d.readiness_inputs(h.today, &h.rules), &h.readiness).score;
        fields.push((word(lang, Word::Readiness), format!("{score}/100")));
    }
    Section {
        title: word(lang, Word::Household).into(),
        body: Body::Fields(fields.into_iter().map(|(k, v)| (k.into(), v)).collect()),
    }
}

fn members(h: &HouseholdSheet, lang: Lang) -> Section {
    let rows = h
        .detail
        .members
        .iter()
        .map(|m| {
            vec![
                s(&m.name),
                masked(&m.nik),
                relation_label(lang, m.relation).to_string(),
                m.birth_date
                    .map(|b| crate::domain::age_on(b, h.today).to_string())
                    .unwrap_or_default(),
                m.component
                    .map(|c| component_label(lang, c).to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Section {
        title: format!("{} ({})", word(lang, Word::Members), h.detail.members.len()),
        body: Body::Table {
            header: [
                Word::Name,
                Word::Nik,
                Word::Relation,
                Word::Age,
                Word::Component,
            ]
            .iter()
            .map(|w| word(lang, *w).to_string())
            .collect(),
            rows,
        },
    }
}

fn benefit(h: &HouseholdSheet, lang: Lang) -> Section {
    let people: Vec<_> = h
        .detail
        .members
        .iter()
        .map(|m| m.component_person())
        .collect();
    let amount = annual_benefit(&people, h.today, &h.rules);
    Section {
        title: word(lang, Word::Benefit).into(),
        body: Body::Fields(vec![(
            word(lang, Word::PerYear).into(),
            rupiah(lang, amount),
        )]),
    }
}

fn entry_kind(lang: Lang, a: &ActivityRow) -> String {
    match a.entry {
        LogEntry::Activity => kind_label(lang, a.kind).to_string(),
        LogEntry::Graduation(k) => exit_label(lang, k).to_string(),
        LogEntry::Referral(p) => format!(
            "{} {}",
            word(lang, Word::Referrals),
            referral_program(lang, p)
        ),
        LogEntry::ReferralStatus(p, st) => format!(
            "{}: {}",
            referral_program(lang, p),
            referral_status_label(lang, st)
        ),
    }
}

fn activities(h: &HouseholdSheet, lang: Lang) -> Section {
    let rows = h
        .activities
        .iter()
        .map(|a| {
            let follow = match a.follow_up {
                Some(f) if a.done => {
                    format!("{} ({})", date_short(lang, f), word(lang, Word::Done))
                }
                Some(f) => date_short(lang, f),
                None => String::new(),
            };
            vec![
                date_short(lang, a.date),
                entry_kind(lang, a),
                s(&a.summary),
                follow,
            ]
        })
        .collect();
    Section {
        title: word(lang, Word::Activities).into(),
        body: Body::Table {
            header: [Word::Date, Word::Kind, Word::Summary, Word::FollowUp]
                .iter()
                .map(|w| word(lang, *w).to_string())
                .collect(),
            rows,
        },
    }
}

fn referrals(h: &HouseholdSheet, lang: Lang) -> Section {
    let rows = h
        .detail
        .referrals
        .iter()
        .map(|r| {
            vec![
                date_short(lang, r.date),
                referral_program(lang, r.program).to_string(),
                s(&r.agency),
                referral_status_label(lang, r.status).to_string(),
            ]
        })
        .collect();
    Section {
        title: word(lang, Word::Referrals).into(),
        body: Body::Table {
            header: [Word::Date, Word::Program, Word::Agency, Word::Status]
                .iter()
                .map(|w| word(lang, *w).to_string())
                .collect(),
            rows,
        },
    }
}

fn graduations(h: &HouseholdSheet, lang: Lang) -> Section {
    let rows = h
        .detail
        .graduations
        .iter()
        .map(|g| {
            vec![
                date_short(lang, g.date),
                exit_label(lang, g.kind).to_string(),
                s(&g.reason),
            ]
        })
        .collect();
    Section {
        title: word(lang, Word::Graduations).into(),
        body: Body::Table {
            header: [Word::Date, Word::Kind, Word::Reason]
                .iter()
                .map(|w| word(lang, *w).to_string())
                .collect(),
            rows,
        },
    }
}

/// The household sheet: its title and every section of [`HOUSEHOLD_SECTIONS`].
pub fn household(h: &HouseholdSheet, lang: Lang, format: Format) -> String {
    let title = format!(
        "{}: {} ({} {})",
        word(lang, Word::HouseholdTitle),
        s(&h.detail.pengurus_name),
        word(lang, Word::Printed),
        date_long(lang, h.today)
    );
    let sections: Vec<Section> = HOUSEHOLD_SECTIONS.iter().map(|f| f(h, lang)).collect();
    render(&title, &sections, lang, format)
}

/// The visit plan of `from..=to`: one section per village (by name), the lines in the
/// order of "Hari ini" (overdue follow-ups first, then those due, then the families not
/// visited longest); a supervisor's plan names each line's facilitator.
pub fn visits(
    mut items: Vec<TodayItem>,
    from: NaiveDate,
    to: NaiveDate,
    everyone: bool,
    lang: Lang,
    format: Format,
) -> String {
    order(&mut items);
    let title = format!(
        "{}: {} - {}",
        word(lang, Word::VisitsTitle),
        date_short(lang, from),
        date_short(lang, to)
    );
    let mut villages: Vec<String> = items.iter().map(|i| i.village.clone()).collect();
    villages.sort_by_key(|v| v.to_lowercase());
    villages.dedup();
    let mut header = vec![word(lang, Word::Reason), word(lang, Word::Name)];
    if everyone {
        header.push(word(lang, Word::Facilitator));
    }
    header.extend([word(lang, Word::Date), word(lang, Word::Summary)]);
    let sections: Vec<Section> = villages
        .iter()
        .map(|v| {
            let rows: Vec<Vec<String>> = items
                .iter()
                .filter(|i| &i.village == v)
                .map(|i| {
                    let reason = match i.reason {
                        // In a plan "due" is within its days, not only today.
                        Reason::DueToday => word(lang, Word::FollowUp).to_string(),
                        _ => reason_text(lang, i),
                    };
                    let detail = match i.reason {
                        Reason::NotVisited => String::new(),
                        _ => reason_detail(lang, i),
                    };
                    let mut row = vec![reason, s(&i.name)];
                    if everyone {
                        row.push(s(&i.facilitator));
                    }
                    row.push(i.date.map(|d| date_short(lang, d)).unwrap_or_default());
                    row.push(s(&detail));
                    row
                })
                .collect();
            Section {
                title: format!(
                    "{} ({} {})",
                    s(v),
                    thousands(lang, rows.len() as i64),
                    word(lang, Word::Households)
                ),
                body: Body::Table {
                    header: header.iter().map(|h| h.to_string()).collect(),
                    rows,
                },
            }
        })
        .collect();
    if sections.is_empty() {
        return format!(
            "{}\n\n{}\n",
            render_title(&title, format),
            word(lang, Word::NothingToVisit)
        );
    }
    render(&title, &sections, lang, format)
}

fn render_title(title: &str, format: Format) -> String {
    match format {
        Format::Text => format!("{title}\n{}", "=".repeat(title.width())),
        Format::Markdown => format!("# {title}"),
    }
}

/// A sheet in `format`, ending with a newline.
pub fn render(title: &str, sections: &[Section], lang: Lang, format: Format) -> String {
    let mut out = render_title(title, format);
    out.push('\n');
    for section in sections {
        out.push('\n');
        match format {
            Format::Text => text_section(&mut out, section, lang),
            Format::Markdown => md_section(&mut out, section, lang),
        }
    }
    out
}

fn pad(cell: &str, width: usize) -> String {
    format!("{cell}{}", " ".repeat(width.saturating_sub(cell.width())))
}

fn text_section(out: &mut String, section: &Section, lang: Lang) {
    out.push_str(&section.title);
    out.push('\n');
    out.push_str(&"-".repeat(section.title.width()));
    out.push('\n');
    match &section.body {
        Body::Fields(fields) => {
            let w = fields.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
            for (k, v) in fields {
                out.push_str(format!("{}  {v}", pad(k, w)).trim_end());
                out.push('\n');
            }
        }
        Body::Table { rows, .. } if rows.is_empty() => {
            out.push_str(word(lang, Word::None));
            out.push('\n');
        }
        Body::Table { header, rows } => {
            let widths: Vec<usize> = (0..header.len())
                .map(|c| {
                    std::iter::once(header)
                        .chain(rows)
                        .map(|r| r.get(c).map_or(0, |x| x.width()))
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |r: &Vec<String>| {
                let cells: Vec<String> = r
                    .iter()
                    .enumerate()
                    .map(|(c, x)| pad(x, widths[c]))
                    .collect();
                format!("{}\n", cells.join("  ").trim_end())
            };
            out.push_str(&line(header));
            for r in rows {
                out.push_str(&line(r));
            }
        }
    }
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|")
}

fn md_section(out: &mut String, section: &Section, lang: Lang) {
    out.push_str(&format!("## {}\n\n", md_cell(&section.title)));
    match &section.body {
        Body::Fields(fields) => {
            for (k, v) in fields {
                out.push_str(&format!("- **{}**: {}\n", md_cell(k), md_cell(v)));
            }
        }
        Body::Table { rows, .. } if rows.is_empty() => {
            out.push_str(&format!("_{}_\n", word(lang, Word::None)));
        }
        Body::Table { header, rows } => {
            let cells =
                |r: &Vec<String>| r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ");
            out.push_str(&format!("| {} |\n", cells(header)));
            out.push_str(&format!("|{}|\n", vec!["---"; header.len()].join("|")));
            for r in rows {
                out.push_str(&format!("| {} |\n", cells(r)));
            }
        }
    }
}

/// Where the sheet goes: a new file (never one that exists) or standard output.
fn write(lang: Lang, out: Option<&Path>, text: &str) -> Result<(), Failure> {
    match out.filter(|p| *p != Path::new("-")) {
        Some(path) => super::transfer::write_private(path, text.as_bytes()).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Failure(fill(tr(lang, T::ExportExists), &[&path.display()]))
            } else {
                Failure(fill(tr(lang, T::ExportWrite), &[&path.display(), &e]))
            }
        }),
        None => print_out(lang, text).map(|_| ()),
    }
}

/// A date argument, or a usage error naming the option.
fn date_arg(lang: Lang, option: &str, v: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    parse_date_input(v, today)
        .map_err(|e| format!("{option}: \"{}\": {}", neutralize(v), date_error(lang, &e)))
}

/// `pilar print household|visits`.
pub fn command(cli: &Cli, lang: Lang, what: &PrintWhat) -> Result<ExitCode, Failure> {
    let day = today(cli, lang)?;
    // Usage errors first, before the database is opened: status 2, one line.
    let (out, dates) = match what {
        PrintWhat::Household { out, .. } => (out, None),
        PrintWhat::Visits { from, to, out } => {
            let from = match from.as_deref().map(|v| date_arg(lang, "--from", v, day)) {
                Some(Err(msg)) => return Ok(usage(&msg)),
                Some(Ok(d)) => d,
                None => day,
            };
            let to = match to.as_deref().map(|v| date_arg(lang, "--to", v, day)) {
                Some(Err(msg)) => return Ok(usage(&msg)),
                Some(Ok(d)) => d,
                None => from + chrono::Duration::days(6),
            };
            if to < from {
                return Ok(usage(&fill(
                    tr(lang, T::PrintToBeforeFrom),
                    &[&date_short(lang, to), &date_short(lang, from)],
                )));
            }
            (out, Some((from, to)))
        }
    };
    let format = Format::parse(&out.format)
        .ok_or_else(|| Failure(fill(tr(lang, T::ReportBadFormat), &[&out.format])))?;
    let path = default_db(cli, lang)?;
    let store = open(&path, lang)?;
    let err = |e: StoreError| Failure(open_error(lang, &path, &e));
    let user = current_user(cli, lang, &store)?;
    let scope = Scope::for_worker(&user);
    let text = match (what, dates) {
        (PrintWhat::Visits { .. }, Some((from, to))) => {
            let items = store.visit_plan(&scope, from, to).map_err(err)?;
            visits(items, from, to, scope == Scope::All, lang, format)
        }
        (PrintWhat::Household { id, search, .. }, _) => {
            let id = match find(&store, &scope, lang, day, id, search).map_err(err)? {
                Ok(id) => id,
                Err(msg) => return Err(Failure(msg)),
            };
            let detail = store
                .household_detail(&id)
                .map_err(err)?
                .ok_or_else(|| Failure(fill(tr(lang, T::PrintNoHousehold), &[&id])))?;
            let activities = store
                .activity_window(&crate::model::LogQuery::Household(id), 0, ACTIVITY_LINES)
                .map_err(err)?;
            let commitments = store.member_outcomes(&detail.id).map_err(err)?;
            let payments = store.payments_of(&detail.id).map_err(err)?;
            let sheet = HouseholdSheet {
                detail,
                activities,
                commitments,
                payments,
                today: day,
                rules: settings(lang).rules,
                readiness: readiness_settings(lang)?,
            };
            household(&sheet, lang, format)
        }
        (PrintWhat::Visits { .. }, None) => unreachable!("visits always have dates"),
    };
    write(lang, out_path(out), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn out_path(out: &PrintOut) -> Option<&Path> {
    out.out.as_deref()
}

/// The household an id, a No KK or a search names, in the user's scope; or why not (no
/// match, several: the first few named).
fn find(
    store: &Store,
    scope: &Scope,
    lang: Lang,
    today: NaiveDate,
    id: &Option<String>,
    search: &Option<String>,
) -> Result<Result<String, String>, StoreError> {
    if let Some(id) = id {
        return Ok(store
            .find_household(scope, id)?
            .ok_or_else(|| fill(tr(lang, T::PrintNoHousehold), &[&neutralize(id)])));
    }
    let text = search.as_deref().unwrap_or_default();
    let query = ListQuery {
        include_exited: true,
        filter: crate::filter::parse(text),
        ..ListQuery::caseload(scope.clone(), today)
    };
    let rows = store.household_window(&query, 0, 6)?;
    Ok(match rows.as_slice() {
        [] => Err(fill(tr(lang, T::PrintNoMatch), &[&neutralize(text)])),
        [one] => Ok(one.id.clone()),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(5)
                .map(|r| {
                    format!(
                        "{} ({}, {})",
                        neutralize(&r.name),
                        neutralize(&r.village),
                        r.id
                    )
                })
                .collect();
            let more = if many.len() > 5 { ", ..." } else { "" };
            Err(fill(
                tr(lang, T::PrintManyMatches),
                &[&neutralize(text), &format!("{}{more}", names.join(", "))],
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(reason: Reason, name: &str, village: &str, number: i64) -> TodayItem {
        TodayItem {
            reason,
            household_id: Some(name.to_lowercase()),
            name: name.into(),
            village: village.into(),
            facilitator: "Siti".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 20),
            number,
            detail: "Cek | sekolah".into(),
            households: Vec::new(),
            module: None,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn text_aligns_fields_and_columns_and_says_none_for_an_empty_table() {
        let sections = [
            Section {
                title: "Keluarga".into(),
                body: Body::Fields(vec![
                    ("Desa".into(), "Curugsewu".into()),
                    ("Pendamping".into(), "Siti".into()),
                ]),
            },
            Section {
                title: "Rujukan".into(),
                body: Body::Table {
                    header: vec!["Tanggal".into(), "Program".into()],
                    rows: Vec::new(),
                },
            },
            Section {
                title: "Anggota".into(),
                body: Body::Table {
                    header: vec!["Nama".into(), "Umur".into()],
                    rows: vec![vec!["Sainem Purwanti".into(), "57".into()]],
                },
            },
        ];
        let t = render("Judul", &sections, Lang::Id, Format::Text);
        assert_eq!(
            t,
            "Judul\n=====\n\nKeluarga\n--------\nDesa        Curugsewu\nPendamping  Siti\n\n\
             Rujukan\n-------\ntidak ada\n\nAnggota\n-------\nNama             Umur\n\
             Sainem Purwanti  57\n"
        );
    }

    #[test]
    fn markdown_escapes_the_table_bar_and_marks_an_empty_table() {
        let sections = [Section {
            title: "Rujukan".into(),
            body: Body::Table {
                header: vec!["A".into()],
                rows: vec![vec!["x|y".into()]],
            },
        }];
        let m = render("T", &sections, Lang::En, Format::Markdown);
        assert_eq!(m, "# T\n\n## Rujukan\n\n| A |\n|---|\n| x\\|y |\n");
        let empty = [Section {
            title: "R".into(),
            body: Body::Table {
                header: vec!["A".into()],
                rows: Vec::new(),
            },
        }];
        assert!(render("T", &empty, Lang::En, Format::Markdown).ends_with("_none_\n"));
    }

    #[test]
    fn the_visit_plan_is_one_section_per_village_most_urgent_first() {
        let items = vec![
            item(Reason::NotVisited, "Tarsih", "Pagersari", 120),
            item(Reason::Overdue, "Sainem", "Curugsewu", 3),
            item(Reason::Overdue, "Painem", "Curugsewu", 9),
            item(Reason::DueToday, "Ngatini", "Pagersari", 0),
        ];
        let t = visits(items, day(1), day(7), false, Lang::Id, Format::Text);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "Rencana kunjungan: 1 Des 2026 - 7 Des 2026");
        let curug = lines
            .iter()
            .position(|l| l.starts_with("Curugsewu (2 keluarga)"));
        let pager = lines
            .iter()
            .position(|l| l.starts_with("Pagersari (2 keluarga)"));
        assert!(curug.unwrap() < pager.unwrap(), "{t}");
        let names: Vec<&str> = lines
            .iter()
            .filter_map(|l| {
                ["Painem", "Sainem", "Ngatini", "Tarsih"]
                    .into_iter()
                    .find(|n| l.contains(n))
            })
            .collect();
        assert_eq!(names, ["Painem", "Sainem", "Ngatini", "Tarsih"]);
        // A supervisor's plan names the facilitator; an empty plan says so.
        let t = visits(
            vec![item(Reason::Overdue, "Sainem", "Curugsewu", 3)],
            day(1),
            day(7),
            true,
            Lang::En,
            Format::Markdown,
        );
        assert!(
            t.contains("| Reason | Name | Facilitator | Date | Summary |"),
            "{t}"
        );
        assert!(t.contains("Cek \\| sekolah"), "{t}");
        let t = visits(Vec::new(), day(1), day(7), false, Lang::En, Format::Text);
        assert!(t.ends_with("No visits to plan.\n"), "{t}");
    }
}
