//! `pilar report`: the team roll-up as text to paste into an email or print, as CSV for a
//! spreadsheet, or as a Markdown table. [`command`] reads the roll-up from the store; the
//! rest is pure: it formats a [`TeamData`] the store filled, with the same totals and pace
//! (`model::team`) the team screen shows.

use std::process::ExitCode;

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use crate::cli::{Cli, ReportArgs};
use crate::domain::Lang;
use crate::domain::forecast::Forecast;
use crate::domain::format::{date_short, month_short, thousands};
use crate::domain::pace::Pace;
use crate::domain::text::neutralize;
use crate::i18n::{T, fill, tr};
use crate::model::team::{
    TeamColumn, pace_delta, row_forecast, row_pace, sorted, team_forecast, team_pace, totals,
};
use crate::model::{Scope, TeamData, TeamRow};
use crate::store::StoreError;
use crate::store::messages::open_error;
use crate::transfer::out::neutralize_formula;

use super::open::open;
use super::{Failure, default_db, find_worker, login, print_out, settings, today, unknown_user};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Markdown,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "teks" | "txt" => Some(Format::Text),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// The day a report for `year` is counted up to: today for this year, 31 December for a
/// past year, 1 January for a future one.
pub fn as_of(year: i32, today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    match year.cmp(&today.year()) {
        std::cmp::Ordering::Equal => today,
        std::cmp::Ordering::Less => NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today),
        std::cmp::Ordering::Greater => NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today),
    }
}

const COLUMNS: [T; 13] = [
    T::ColTeamName,
    T::ColTeamCaseload,
    T::ColTeamGraduated,
    T::ReportTarget,
    T::ColTeamPace,
    T::ReportForecast,
    T::ColTeamCandidates,
    T::ColTeamActivities,
    T::ColTeamP2k2,
    T::ColTeamOverdue,
    T::ColTeamNotVisited,
    T::ColTeamPayProblems,
    T::ReportReadiest,
];

/// One row's cells, in [`COLUMNS`] order; counts formatted by `num`.
fn cells(r: &TeamRow, pace: &Pace, f: &Forecast, num: &dyn Fn(u32) -> String) -> Vec<String> {
    let delta = pace_delta(pace);
    let names: Vec<String> = f.readiest.iter().map(|(n, _)| neutralize(n)).collect();
    vec![
        neutralize(&r.name),
        num(r.caseload),
        num(r.graduated),
        num(r.target),
        if delta > 0 {
            format!("+{delta}")
        } else {
            delta.to_string()
        },
        num(f.expected),
        num(r.candidates),
        num(r.activities_30d),
        num(r.p2k2_month),
        num(r.overdue),
        num(r.not_visited_90d),
        num(r.pay_problems),
        names.join(", "),
    ]
}

/// The table: a header, the facilitators (most behind first, as the screen opens), and the
/// team's total last.
fn table(data: &TeamData, lang: Lang, num: &dyn Fn(u32) -> String) -> Vec<Vec<String>> {
    let header: Vec<String> = COLUMNS.iter().map(|t| tr(lang, *t).into()).collect();
    let mut rows = vec![header];
    for r in sorted(data, TeamColumn::Pace, false) {
        rows.push(cells(r, &row_pace(data, r), &row_forecast(data, r), num));
    }
    if data.rows.len() > 1 {
        let total = TeamRow {
            name: tr(lang, T::TeamTotal).into(),
            ..totals(&data.rows)
        };
        // The team's pace is the sum of the rows'.
        rows.push(cells(&total, &team_pace(data), &team_forecast(data), num));
    }
    rows
}

fn title(data: &TeamData, lang: Lang) -> String {
    let as_of = data.as_of.unwrap_or_default();
    let title = fill(
        tr(lang, T::ReportTitle),
        &[&data.year, &date_short(lang, as_of)],
    );
    // A past year: the caseload columns are today's, the rest that year's.
    match data.state_on {
        Some(day) if day != as_of => format!(
            "{title}\n{}",
            fill(tr(lang, T::ReportStateOn), &[&date_short(lang, day)])
        ),
        _ => title,
    }
}

fn legend(lang: Lang) -> String {
    tr(lang, T::ReportLegend).to_string()
}

fn months_line(data: &TeamData, lang: Lang) -> String {
    let months: Vec<String> = data
        .graduations_by_month
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{} {n}", month_short(lang, i as u32 + 1)))
        .collect();
    format!("{}: {}", tr(lang, T::ReportMonths), months.join(", "))
}

fn weeks_line(data: &TeamData, lang: Lang) -> String {
    let weeks: Vec<String> = data
        .activities_by_week
        .iter()
        .map(|n| n.to_string())
        .collect();
    format!("{}: {}", tr(lang, T::ReportWeeks), weeks.join(" "))
}

/// The report in `format`, ending with a newline.
pub fn render(data: &TeamData, lang: Lang, format: Format) -> String {
    match format {
        Format::Text => text(data, lang),
        Format::Csv => csv(data, lang),
        Format::Markdown => markdown(data, lang),
    }
}

fn text(data: &TeamData, lang: Lang) -> String {
    let rows = table(data, lang, &|n| thousands(lang, n.into()));
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = format!("{}\n\n", title(data, lang));
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.width();
            if c == 0 || c + 1 == row.len() {
                if c > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        // A rule under the header and above the total.
        if i == 0 || (i + 2 == rows.len() && data.rows.len() > 1) {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&legend(lang));
    out.push('\n');
    out.push_str(&months_line(data, lang));
    out.push('\n');
    out.push_str(&weeks_line(data, lang));
    out.push('\n');
    out
}

/// CSV for the spreadsheet of the report's language: `;` for Indonesian (where the comma
/// is the decimal mark), `,` for English. Plain digits, no thousands separators; a name a
/// spreadsheet would run as a formula is made inert as in exports (`neutralize_formula`).
fn csv(data: &TeamData, lang: Lang) -> String {
    let sep = match lang {
        Lang::Id => b';',
        Lang::En => b',',
    };
    let mut out = Vec::new();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(sep)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        for mut row in table(data, lang, &|n| n.to_string()) {
            // Only the names are text; the rest are numbers pilar computed.
            row[0] = neutralize_formula(&row[0]).into_owned();
            let last = row.len() - 1;
            row[last] = neutralize_formula(&row[last]).into_owned();
            // Writing into a Vec cannot fail.
            let _ = w.write_record(&row);
        }
        let _ = w.flush();
    }
    String::from_utf8(out).unwrap_or_default()
}

fn markdown(data: &TeamData, lang: Lang) -> String {
    let rows = table(data, lang, &|n| thousands(lang, n.into()));
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = format!("## {}\n\n", title(data, lang).replace('\n', "\n\n"));
    for (i, row) in rows.iter().enumerate() {
        let total = i + 1 == rows.len() && i > 0 && data.rows.len() > 1;
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if total {
                    format!("**{}**", cell(c))
                } else {
                    cell(c)
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if i == 0 {
            let align: Vec<&str> = (0..row.len())
                .map(|c| {
                    if c == 0 || c + 1 == row.len() {
                        "---"
                    } else {
                        "---:"
                    }
                })
                .collect();
            out.push_str(&format!("|{}|\n", align.join("|")));
        }
    }
    out.push('\n');
    out.push_str(&format!("_{}_\n\n", legend(lang)));
    out.push_str(&format!("- {}\n", months_line(data, lang)));
    out.push_str(&format!("- {}\n", weeks_line(data, lang)));
    out
}

/// `pilar report`: the roll-up of the user's scope (a supervisor's whole team, a
/// facilitator's own row) on stdout.
pub fn command(cli: &Cli, lang: Lang, args: &ReportArgs) -> Result<ExitCode, Failure> {
    use chrono::Datelike;
    // clap accepted only these names (a bad one exits 2 before this).
    let format = Format::parse(&args.format)
        .ok_or_else(|| Failure(fill(tr(lang, T::ReportBadFormat), &[&args.format])))?;
    let path = default_db(cli, lang)?;
    let store = open(&path, lang)?;
    let err = |e: StoreError| Failure(open_error(lang, &path, &e));
    let login = login(cli, lang, &store)?;
    let user =
        find_worker(lang, &store, &login)?.ok_or_else(|| unknown_user(lang, &store, &login))?;
    let today = today(cli, lang)?;
    let year = args.year.unwrap_or(today.year());
    let as_of = as_of(year, today);
    let scope = Scope::for_worker(&user);
    let settings = settings(lang);
    let mut data = store
        .team(&scope, year, as_of, today, &settings.policy)
        .map_err(err)?;
    // The forecast's candidates are today's households: only this year has any.
    if year == today.year() {
        let readiness = super::readiness_settings(lang)?;
        store
            .team_forecast(&mut data, &scope, today, &settings.rules, &readiness)
            .map_err(err)?;
    }
    // A reader that went away (`| head`) is no failure.
    print_out(lang, &render(&data, lang, format))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> TeamData {
        let row = |name: &str, graduated, overdue| TeamRow {
            worker_id: name.to_lowercase(),
            name: name.into(),
            login: name.to_lowercase(),
            target: 10,
            caseload: 1200,
            graduated,
            overdue,
            ..TeamRow::default()
        };
        TeamData {
            year: 2026,
            as_of: NaiveDate::from_ymd_opt(2026, 7, 2),
            state_on: NaiveDate::from_ymd_opt(2026, 7, 2),
            rows: vec![row("Budi", 7, 0), row("=Ani", 2, 3)],
            graduations_by_month: [1, 0, 2, 0, 0, 0, 6, 0, 0, 0, 0, 0],
            activities_by_week: vec![3, 4],
        }
    }

    #[test]
    fn text_is_aligned_with_totals_last() {
        let out = render(&data(), Lang::Id, Format::Text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "Rekap pendampingan PKH tahun 2026, per 2 Jul 2026"
        );
        assert!(lines[2].starts_with("Pendamping"));
        assert!(lines[4].starts_with("=Ani"), "most behind first: {out}");
        assert!(lines[4].contains("1.200"), "Indonesian thousands");
        assert!(lines[7].starts_with("Seluruh tim"));
        assert!(lines[7].contains("2.400"));
        // Every table line is as wide as the header.
        let w = lines[2].width();
        assert!(lines[4].width() <= w && lines[7].width() <= w);
        assert!(out.contains("Jul 6"));
    }

    #[test]
    fn csv_uses_the_locales_separator_and_neutralises_formulas() {
        let id = render(&data(), Lang::Id, Format::Csv);
        let first: Vec<&str> = id.lines().collect();
        assert!(first[0].starts_with("Pendamping;KPM;"));
        // 2 done and no candidate: 2 expected, nobody named.
        // The last column before the names: households with a tahap not received.
        assert_eq!(first[1], "'=Ani;1200;2;10;-3;2;0;0;0;3;0;0;");
        assert!(id.ends_with("\r\n"));
        let en = render(&data(), Lang::En, Format::Csv);
        assert!(en.starts_with("Facilitator,Cases,"));
        assert!(en.contains("Whole team,2400,9,20,"));
    }

    /// Issue 11 item 6: the forecast and the readiest names, in every format (a name that
    /// looks like a formula made inert in the CSV).
    #[test]
    fn the_forecast_and_the_readiest_are_in_every_format() {
        use crate::domain::forecast::Candidate;
        let mut d = data();
        d.rows[1].ready = vec![
            Candidate {
                name: "Sainem".into(),
                score: 90,
                marked: true,
            },
            Candidate {
                name: "=Tarsih".into(),
                score: 85,
                marked: false,
            },
        ];
        // 2 done; 0.9 + 0.85 = 1.75 -> 1 more: 3.
        let csv = render(&d, Lang::Id, Format::Csv);
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].contains(";Perkiraan;"), "{csv}");
        assert!(lines[0].ends_with(";Paling siap"), "{csv}");
        assert_eq!(lines[1], "'=Ani;1200;2;10;-3;3;0;0;0;3;0;0;Sainem, =Tarsih");
        // The team's forecast is the sum of the rows': 7 + 3.
        assert!(
            lines[3].starts_with("Seluruh tim;2400;9;20;-1;10;"),
            "{csv}"
        );
        let text = render(&d, Lang::En, Format::Text);
        assert!(text.lines().nth(2).unwrap().contains("Forecast"), "{text}");
        assert!(text.contains("Sainem, =Tarsih"), "{text}");
        let md = render(&d, Lang::En, Format::Markdown);
        assert!(md.contains("| Readiest |"), "{md}");
        assert!(md.contains("| Sainem, =Tarsih |"), "{md}");
    }

    #[test]
    fn a_past_year_says_the_caseload_columns_are_todays() {
        let mut d = data();
        d.year = 2025;
        d.as_of = NaiveDate::from_ymd_opt(2025, 12, 31);
        d.state_on = NaiveDate::from_ymd_opt(2026, 11, 29);
        let out = render(&d, Lang::En, Format::Text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "PKH facilitation roll-up for 2025, as of 31 Dec 2025"
        );
        assert!(lines[1].ends_with("as they stand on 29 Nov 2026."), "{out}");
        assert!(render(&data(), Lang::En, Format::Text).lines().nth(1) == Some(""));
    }

    #[test]
    fn markdown_is_a_table() {
        let out = render(&data(), Lang::En, Format::Markdown);
        assert!(out.starts_with("## PKH facilitation roll-up for 2026, as of 2 Jul 2026"));
        assert!(out.contains("|---|---:|"));
        assert!(out.contains("| **Whole team** |"));
    }

    #[test]
    fn a_past_year_is_counted_to_its_end() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(as_of(2026, today), today);
        assert_eq!(
            as_of(2025, today),
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
        );
        assert_eq!(Format::parse("MD"), Some(Format::Markdown));
        assert_eq!(Format::parse("pdf"), None);
    }
}
