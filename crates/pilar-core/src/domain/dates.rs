//! Quick date entry for form fields. Facilitators type dates all day on the
//! keyboard, so a date field accepts short forms ("t", "kemarin", "-3",
//! "12/2", "12 agu 2026") besides full dates, always day before month as
//! Indonesians write them. This module only turns text into a date relative
//! to a given `today`; errors are enums that other modules put into words.

use crate::domain::Lang;
use crate::domain::format::{month_name, month_short};
use chrono::{Datelike, Days, NaiveDate};

/// Largest relative offset accepted, in days, either way (about ten years).
const MAX_OFFSET_DAYS: u64 = 3650;

/// Why typed text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Empty,
    /// Not a form we know.
    Unrecognised,
    /// Looks like a date but does not exist (31/2, 30/2/2026, 2026-13-01).
    NoSuchDate {
        day: u32,
        month: u32,
        year: i32,
    },
    /// Offset too large (more than 3650 days either way).
    TooFar,
    /// A birth date after today.
    Future,
}

/// Parses what a person types into a date field, relative to `today`:
/// - `t`, `hari ini`, `hariini`, `today`, `sekarang`, `now` -> today
/// - `y`, `kemarin`, `yesterday` -> today - 1; `besok`, `tomorrow` -> today + 1
/// - `-3` -> 3 days ago; `+7` -> 7 days ahead (digits only, at most 3650)
/// - `12/2` -> 12 February of today's year; `12/2/2026`, `12-2-2026`,
///   `12.2.2026`; two-digit year `12/2/26` -> 2026 (2000+YY)
/// - ISO `2026-02-12`
/// - Indonesian or English month names, full, short or any prefix of at
///   least three letters, any case: `12 feb`, `12 Februari 2026`,
///   `12 agustus`, `12 agu`, `12 aug 2026`, `12-feb-2026`
///
/// Leading/trailing whitespace is ignored and runs of inner whitespace count
/// as one space; case-insensitive. Day always comes before month.
pub fn parse_date_input(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let lower = input.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.is_empty() {
        return Err(DateError::Empty);
    }
    let text = words.join(" ");

    match text.as_str() {
        "t" | "hari ini" | "hariini" | "today" | "sekarang" | "now" => return Ok(today),
        "y" | "kemarin" | "yesterday" => return shift(today, '-', 1),
        "besok" | "tomorrow" => return shift(today, '+', 1),
        _ => {}
    }

    if let Some(result) = parse_offset(&text, today) {
        return result;
    }
    if text.chars().any(|c| c.is_alphabetic()) {
        return parse_named(&text, today);
    }
    parse_numeric(&text, today)
}

/// What a person types (or a file holds) in a birth-date field, relative to `today`: any
/// form [`parse_date_input`] takes, but a two-digit year means the past: `12/3/85` is
/// 1985, `12/3/20` is 2020 if that date is not after today, else 1920. A date after today
/// written otherwise (four digits, `+3`) is [`DateError::Future`].
pub fn parse_birth_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let date = parse_date_input(input, today)?;
    if date <= today {
        return Ok(date);
    }
    if has_two_digit_year(input)
        && let Some(earlier) = date.with_year(date.year() - 100)
        && earlier <= today
    {
        return Ok(earlier);
    }
    Err(DateError::Future)
}

/// A date as a file writes it, with its year: day, month (number or name, Indonesian or
/// English) and year (`1 Juli 2016`, `12/02/2026`, `12-feb-26`, ISO `2026-02-12`). Words
/// for today and offsets (`t`, `kemarin`, `-3`) and dates without a year are refused: a
/// file is not read on the day it was written. Two-digit years are 2000+YY.
pub fn parse_written_date(input: &str) -> Result<NaiveDate, DateError> {
    let parts = date_parts(input);
    if parts.is_empty() {
        return Err(DateError::Empty);
    }
    let offset = input.trim_start().starts_with(['+', '-']);
    if parts.len() != 3 || offset {
        return Err(DateError::Unrecognised);
    }
    // Three parts give the same date whatever today is.
    let any_day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    parse_date_input(input, any_day)
}

/// The words of a date, split at spaces and the separators dates use.
fn date_parts(input: &str) -> Vec<&str> {
    input
        .split([' ', '\t', '-', '/', '.', ','])
        .filter(|p| !p.is_empty())
        .collect()
}

/// Day, month and a year of exactly two digits (not ISO, whose first part is the year).
fn has_two_digit_year(input: &str) -> bool {
    let parts = date_parts(input);
    matches!(parts.as_slice(), [d, _, y] if d.len() <= 2 && y.len() == 2 && all_digits(y))
}

/// `+N` / `-N` with N made only of ASCII digits; `None` if not that shape.
fn parse_offset(text: &str, today: NaiveDate) -> Option<Result<NaiveDate, DateError>> {
    let mut chars = text.chars();
    let sign = chars.next().filter(|c| *c == '+' || *c == '-')?;
    let digits = chars.as_str();
    if !all_digits(digits) {
        return None;
    }
    // All digits, so a parse failure can only be overflow: certainly too far.
    let days = match digits.parse::<u64>() {
        Ok(n) if n <= MAX_OFFSET_DAYS => n,
        _ => return Some(Err(DateError::TooFar)),
    };
    Some(shift(today, sign, days))
}

fn shift(today: NaiveDate, sign: char, days: u64) -> Result<NaiveDate, DateError> {
    let shifted = if sign == '-' {
        today.checked_sub_days(Days::new(days))
    } else {
        today.checked_add_days(Days::new(days))
    };
    shifted.ok_or(DateError::TooFar)
}

/// `d/m`, `d/m/y`, `d-m-y`, `d.m.y` (one separator kind) or ISO `yyyy-mm-dd`.
fn parse_numeric(text: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let sep = ['/', '-', '.']
        .into_iter()
        .find(|s| text.contains(*s))
        .ok_or(DateError::Unrecognised)?;
    let parts: Vec<&str> = text.split(sep).collect();
    if parts.iter().any(|p| !all_digits(p)) {
        return Err(DateError::Unrecognised);
    }
    match parts.as_slice() {
        [y, m, d] if sep == '-' && y.len() == 4 => {
            let day = small_number(d)?;
            let month = small_number(m)?;
            build(day, month, year_number(y)?)
        }
        [d, m] => build(small_number(d)?, small_number(m)?, today.year()),
        [d, m, y] => build(small_number(d)?, small_number(m)?, year_number(y)?),
        _ => Err(DateError::Unrecognised),
    }
}

/// `d month [y]`, words separated by spaces, `-`, `/`, `.` or `,`.
fn parse_named(text: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let parts: Vec<&str> = text
        .split([' ', '-', '/', '.', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let (d, m, y) = match parts.as_slice() {
        [d, m] => (*d, *m, None),
        [d, m, y] => (*d, *m, Some(*y)),
        _ => return Err(DateError::Unrecognised),
    };
    if !all_digits(d) {
        return Err(DateError::Unrecognised);
    }
    let day = small_number(d)?;
    let month = month_from_name(m).ok_or(DateError::Unrecognised)?;
    let year = match y {
        None => today.year(),
        Some(y) if all_digits(y) => year_number(y)?,
        Some(_) => return Err(DateError::Unrecognised),
    };
    build(day, month, year)
}

/// Month number for an Indonesian or English name (lower case expected):
/// full name, the usual three-letter short, a few older or common spellings,
/// or any unambiguous prefix of at least three letters of a full name.
fn month_from_name(word: &str) -> Option<u32> {
    const ALIASES: [(&str, u32); 6] = [
        ("pebruari", 2),
        ("peb", 2),
        ("agt", 8),
        ("ags", 8),
        ("nopember", 11),
        ("nop", 11),
    ];
    if let Some((_, m)) = ALIASES.iter().find(|(a, _)| *a == word) {
        return Some(*m);
    }
    let mut found = None;
    for month in 1..=12u32 {
        for lang in [Lang::Id, Lang::En] {
            let full = month_name(lang, month).to_lowercase();
            let short = month_short(lang, month).to_lowercase();
            let matches = word == short || (word.chars().count() >= 3 && full.starts_with(word));
            if matches {
                match found {
                    Some(m) if m != month => return None,
                    _ => found = Some(month),
                }
            }
        }
    }
    found
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Day or month: one or two digits.
fn small_number(s: &str) -> Result<u32, DateError> {
    if s.len() > 2 {
        return Err(DateError::Unrecognised);
    }
    s.parse().map_err(|_| DateError::Unrecognised)
}

/// Two digits mean 2000+YY; four digits are taken as written.
fn year_number(s: &str) -> Result<i32, DateError> {
    let n: i32 = s.parse().map_err(|_| DateError::Unrecognised)?;
    match s.len() {
        2 => Ok(2000 + n),
        4 => Ok(n),
        _ => Err(DateError::Unrecognised),
    }
}

fn build(day: u32, month: u32, year: i32) -> Result<NaiveDate, DateError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDate { day, month, year })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A Thursday in a common (non-leap) year.
    fn today() -> NaiveDate {
        d(2025, 6, 12)
    }

    fn p(s: &str) -> Result<NaiveDate, DateError> {
        parse_date_input(s, today())
    }

    fn no_such(day: u32, month: u32, year: i32) -> Result<NaiveDate, DateError> {
        Err(DateError::NoSuchDate { day, month, year })
    }

    #[test]
    fn two_digit_birth_years_are_in_the_past() {
        // today() is 12 June 2025.
        assert_eq!(parse_birth_date("12/3/85", today()), Ok(d(1985, 3, 12)));
        assert_eq!(parse_birth_date("12/3/20", today()), Ok(d(2020, 3, 12)));
        assert_eq!(parse_birth_date("12/3/25", today()), Ok(d(2025, 3, 12)));
        // 12 July 25 has not come yet: 1925.
        assert_eq!(parse_birth_date("12/7/25", today()), Ok(d(1925, 7, 12)));
        assert_eq!(parse_birth_date("12 jul 25", today()), Ok(d(1925, 7, 12)));
        assert_eq!(parse_birth_date("1 Juli 2016", today()), Ok(d(2016, 7, 1)));
        assert_eq!(parse_birth_date("1985-03-12", today()), Ok(d(1985, 3, 12)));
        assert_eq!(parse_birth_date("kemarin", today()), Ok(d(2025, 6, 11)));
        // Four digits are taken as written: a birth date in the future is refused.
        assert_eq!(
            parse_birth_date("12/7/2025", today()),
            Err(DateError::Future)
        );
        assert_eq!(parse_birth_date("+3", today()), Err(DateError::Future));
        assert_eq!(
            parse_birth_date("2025-06-13", today()),
            Err(DateError::Future)
        );
        assert_eq!(parse_birth_date("", today()), Err(DateError::Empty));
        assert_eq!(
            parse_birth_date("31/2/85", today()),
            Err(DateError::NoSuchDate {
                day: 31,
                month: 2,
                year: 2085
            })
        );
    }

    #[test]
    fn a_date_in_a_file_carries_its_year() {
        assert_eq!(parse_written_date("1 Juli 2016"), Ok(d(2016, 7, 1)));
        assert_eq!(parse_written_date("12 Agustus 2026"), Ok(d(2026, 8, 12)));
        assert_eq!(parse_written_date("12-feb-2026"), Ok(d(2026, 2, 12)));
        assert_eq!(parse_written_date("12/02/2026"), Ok(d(2026, 2, 12)));
        assert_eq!(parse_written_date("12.02.26"), Ok(d(2026, 2, 12)));
        assert_eq!(parse_written_date("2026-02-12"), Ok(d(2026, 2, 12)));
        for s in [
            "t", "kemarin", "-3", "+7", "12/2", "12 feb", "feb 2026", "x y z",
        ] {
            assert_eq!(parse_written_date(s), Err(DateError::Unrecognised), "{s}");
        }
        assert_eq!(parse_written_date(" "), Err(DateError::Empty));
    }

    #[test]
    fn today_words() {
        for s in ["t", "hari ini", "hariini", "today", "sekarang", "now"] {
            assert_eq!(p(s), Ok(today()), "{s}");
        }
    }

    #[test]
    fn yesterday_and_tomorrow_words() {
        for s in ["y", "kemarin", "yesterday"] {
            assert_eq!(p(s), Ok(d(2025, 6, 11)), "{s}");
        }
        for s in ["besok", "tomorrow"] {
            assert_eq!(p(s), Ok(d(2025, 6, 13)), "{s}");
        }
    }

    #[test]
    fn words_cross_month_and_year_boundaries() {
        assert_eq!(
            parse_date_input("kemarin", d(2026, 1, 1)),
            Ok(d(2025, 12, 31))
        );
        assert_eq!(
            parse_date_input("besok", d(2025, 12, 31)),
            Ok(d(2026, 1, 1))
        );
        assert_eq!(
            parse_date_input("besok", d(2024, 2, 28)),
            Ok(d(2024, 2, 29))
        );
    }

    #[test]
    fn case_and_whitespace_ignored() {
        assert_eq!(p("  T  "), Ok(today()));
        assert_eq!(p("HARI INI"), Ok(today()));
        assert_eq!(p("Hari   Ini"), Ok(today()));
        assert_eq!(p("\thari\tini\n"), Ok(today()));
        assert_eq!(p("Kemarin"), Ok(d(2025, 6, 11)));
        assert_eq!(p("TOMORROW"), Ok(d(2025, 6, 13)));
        assert_eq!(p(" 12/2 "), Ok(d(2025, 2, 12)));
        assert_eq!(p("  12   FEB   2026 "), Ok(d(2026, 2, 12)));
        assert_eq!(p("12 AgUsTuS"), Ok(d(2025, 8, 12)));
        assert_eq!(p(" -3 "), Ok(d(2025, 6, 9)));
    }

    #[test]
    fn offsets() {
        assert_eq!(p("-3"), Ok(d(2025, 6, 9)));
        assert_eq!(p("+7"), Ok(d(2025, 6, 19)));
        assert_eq!(p("-0"), Ok(today()));
        assert_eq!(p("+0"), Ok(today()));
        assert_eq!(p("-12"), Ok(d(2025, 5, 31)));
        assert_eq!(p("+20"), Ok(d(2025, 7, 2)));
        assert_eq!(p("+007"), Ok(d(2025, 6, 19)));
    }

    #[test]
    fn offset_limits() {
        assert_eq!(p("+3650"), Ok(today() + Days::new(3650)));
        assert_eq!(p("-3650"), Ok(today() - Days::new(3650)));
        assert_eq!(p("+3651"), Err(DateError::TooFar));
        assert_eq!(p("-3651"), Err(DateError::TooFar));
        assert_eq!(p("-99999"), Err(DateError::TooFar));
        assert_eq!(p("+99999999999999999999999999"), Err(DateError::TooFar));
    }

    #[test]
    fn offsets_are_digits_only() {
        for s in [
            "-3h", "+7h", "+", "-", "--3", "+-3", "- 3", "+3.5", "3+", "+x",
        ] {
            assert_eq!(p(s), Err(DateError::Unrecognised), "{s}");
        }
    }

    #[test]
    fn shifting_off_the_calendar_is_too_far() {
        assert_eq!(
            parse_date_input("besok", NaiveDate::MAX),
            Err(DateError::TooFar)
        );
        assert_eq!(
            parse_date_input("kemarin", NaiveDate::MIN),
            Err(DateError::TooFar)
        );
        assert_eq!(
            parse_date_input("+1", NaiveDate::MAX),
            Err(DateError::TooFar)
        );
    }

    #[test]
    fn day_month_uses_todays_year() {
        assert_eq!(p("12/2"), Ok(d(2025, 2, 12)));
        assert_eq!(p("1/1"), Ok(d(2025, 1, 1)));
        assert_eq!(p("31/12"), Ok(d(2025, 12, 31)));
        assert_eq!(p("05/06"), Ok(d(2025, 6, 5)));
        assert_eq!(p("12-2"), Ok(d(2025, 2, 12)));
        assert_eq!(p("12.2"), Ok(d(2025, 2, 12)));
    }

    #[test]
    fn day_first_never_month_first() {
        assert_eq!(p("3/4/2026"), Ok(d(2026, 4, 3)));
        assert_eq!(p("4/3/2026"), Ok(d(2026, 3, 4)));
        // US order 2/13 would be 13 February; here it is month 13.
        assert_eq!(p("2/13/2026"), no_such(2, 13, 2026));
    }

    #[test]
    fn full_numeric_dates_with_each_separator() {
        assert_eq!(p("12/2/2026"), Ok(d(2026, 2, 12)));
        assert_eq!(p("12-2-2026"), Ok(d(2026, 2, 12)));
        assert_eq!(p("12.2.2026"), Ok(d(2026, 2, 12)));
        assert_eq!(p("12/02/2026"), Ok(d(2026, 2, 12)));
        assert_eq!(p("01.01.1990"), Ok(d(1990, 1, 1)));
    }

    #[test]
    fn two_digit_years_are_this_century() {
        assert_eq!(p("12/2/26"), Ok(d(2026, 2, 12)));
        assert_eq!(p("12-2-26"), Ok(d(2026, 2, 12)));
        assert_eq!(p("12.2.26"), Ok(d(2026, 2, 12)));
        assert_eq!(p("1/1/00"), Ok(d(2000, 1, 1)));
        assert_eq!(p("31/12/99"), Ok(d(2099, 12, 31)));
    }

    #[test]
    fn iso_dates() {
        assert_eq!(p("2026-02-12"), Ok(d(2026, 2, 12)));
        assert_eq!(p("2026-2-5"), Ok(d(2026, 2, 5)));
        assert_eq!(p(" 2024-02-29 "), Ok(d(2024, 2, 29)));
        assert_eq!(p("2026-13-01"), no_such(1, 13, 2026));
        assert_eq!(p("2026-02-30"), no_such(30, 2, 2026));
        assert_eq!(p("2026-00-10"), no_such(10, 0, 2026));
    }

    #[test]
    fn impossible_numeric_dates() {
        assert_eq!(p("31/2"), no_such(31, 2, 2025));
        assert_eq!(p("30/2/2026"), no_such(30, 2, 2026));
        assert_eq!(p("31/4"), no_such(31, 4, 2025));
        assert_eq!(p("31/4/2026"), no_such(31, 4, 2026));
        assert_eq!(p("0/1"), no_such(0, 1, 2025));
        assert_eq!(p("0/1/2026"), no_such(0, 1, 2026));
        assert_eq!(p("12/13"), no_such(12, 13, 2025));
        assert_eq!(p("12/0/2026"), no_such(12, 0, 2026));
        assert_eq!(p("32/1/2026"), no_such(32, 1, 2026));
        assert_eq!(p("99/99/99"), no_such(99, 99, 2099));
    }

    #[test]
    fn leap_days() {
        assert_eq!(p("29/2"), no_such(29, 2, 2025));
        assert_eq!(p("29/2/2026"), no_such(29, 2, 2026));
        assert_eq!(p("29/2/1900"), no_such(29, 2, 1900));
        assert_eq!(p("29/2/2024"), Ok(d(2024, 2, 29)));
        assert_eq!(p("29/2/2000"), Ok(d(2000, 2, 29)));
        assert_eq!(p("29/2/28"), Ok(d(2028, 2, 29)));
        assert_eq!(parse_date_input("29/2", d(2024, 1, 1)), Ok(d(2024, 2, 29)));
        assert_eq!(p("29 feb"), no_such(29, 2, 2025));
        assert_eq!(p("29 februari 2024"), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn malformed_numeric_forms() {
        for s in [
            "12",
            "2026",
            "12/",
            "/2",
            "12//2026",
            "12/2/",
            "12/2/2026/1",
            "12/2-2026",
            "12-2/2026",
            "12.2/2026",
            "123/2",
            "12/123",
            "12/2/202",
            "12/2/2",
            "12/2/20266",
            "2026/02/12",
            "2026.02.12",
            "12 2 2026",
            "12 / 2",
            "1x/2",
            "½/2",
            "١٢/٢",
        ] {
            assert_eq!(p(s), Err(DateError::Unrecognised), "{s}");
        }
    }

    #[test]
    fn indonesian_month_names() {
        let full = [
            "januari",
            "februari",
            "maret",
            "april",
            "mei",
            "juni",
            "juli",
            "agustus",
            "september",
            "oktober",
            "november",
            "desember",
        ];
        let short = [
            "jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des",
        ];
        for (i, (f, s)) in full.iter().zip(short).enumerate() {
            let month = i as u32 + 1;
            assert_eq!(p(&format!("12 {f}")), Ok(d(2025, month, 12)), "{f}");
            assert_eq!(p(&format!("12 {s}")), Ok(d(2025, month, 12)), "{s}");
            assert_eq!(p(&format!("12 {f} 2026")), Ok(d(2026, month, 12)), "{f}");
        }
    }

    #[test]
    fn english_month_names() {
        let full = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let short = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        for (i, (f, s)) in full.iter().zip(short).enumerate() {
            let month = i as u32 + 1;
            assert_eq!(p(&format!("12 {f}")), Ok(d(2025, month, 12)), "{f}");
            assert_eq!(p(&format!("12 {s}")), Ok(d(2025, month, 12)), "{s}");
            assert_eq!(p(&format!("12 {s} 2026")), Ok(d(2026, month, 12)), "{s}");
        }
    }

    #[test]
    fn named_examples_from_the_brief() {
        assert_eq!(p("12 feb"), Ok(d(2025, 2, 12)));
        assert_eq!(p("12 Februari 2026"), Ok(d(2026, 2, 12)));
        assert_eq!(p("12 agustus"), Ok(d(2025, 8, 12)));
        assert_eq!(p("12 agu"), Ok(d(2025, 8, 12)));
        assert_eq!(p("12 aug 2026"), Ok(d(2026, 8, 12)));
        assert_eq!(p("12 FEB"), Ok(d(2025, 2, 12)));
        assert_eq!(p("12 Feb 26"), Ok(d(2026, 2, 12)));
    }

    #[test]
    fn named_with_other_separators_prefixes_and_aliases() {
        assert_eq!(p("12-feb-2026"), Ok(d(2026, 2, 12)));
        assert_eq!(p("12.feb.2026"), Ok(d(2026, 2, 12)));
        assert_eq!(p("12/feb"), Ok(d(2025, 2, 12)));
        assert_eq!(p("12 feb, 2026"), Ok(d(2026, 2, 12)));
        assert_eq!(p("1 febr"), Ok(d(2025, 2, 1)));
        assert_eq!(p("1 sept"), Ok(d(2025, 9, 1)));
        assert_eq!(p("1 pebruari"), Ok(d(2025, 2, 1)));
        assert_eq!(p("1 nopember 2026"), Ok(d(2026, 11, 1)));
        assert_eq!(p("1 agt"), Ok(d(2025, 8, 1)));
        assert_eq!(p("05 des 2026"), Ok(d(2026, 12, 5)));
    }

    #[test]
    fn impossible_named_dates() {
        assert_eq!(p("31 feb"), no_such(31, 2, 2025));
        assert_eq!(p("30 februari 2026"), no_such(30, 2, 2026));
        assert_eq!(p("31 april"), no_such(31, 4, 2025));
        assert_eq!(p("31 jun 2026"), no_such(31, 6, 2026));
        assert_eq!(p("0 jan"), no_such(0, 1, 2025));
        assert_eq!(p("32 mei"), no_such(32, 5, 2025));
    }

    #[test]
    fn malformed_named_forms() {
        for s in [
            "feb",
            "feb 12",
            "februari 12 2026",
            "12 ju",
            "12 ma",
            "12 xyz",
            "12 febx",
            "12feb",
            "12 feb 202",
            "12 feb 2026 x",
            "12 feb 20x6",
            "123 feb",
            "x feb",
            "tomorrow please",
            "hari",
            "ini",
            "yes",
            "nowt",
            "12 feb -3",
        ] {
            assert_eq!(p(s), Err(DateError::Unrecognised), "{s}");
        }
    }

    #[test]
    fn empty_input() {
        for s in ["", " ", "\t", "\n  \r\n"] {
            assert_eq!(p(s), Err(DateError::Empty), "{s:?}");
        }
    }

    #[test]
    fn month_prefixes_are_unambiguous() {
        assert_eq!(month_from_name("mar"), Some(3));
        assert_eq!(month_from_name("mare"), Some(3));
        assert_eq!(month_from_name("marc"), Some(3));
        assert_eq!(month_from_name("may"), Some(5));
        assert_eq!(month_from_name("mei"), Some(5));
        assert_eq!(month_from_name("jun"), Some(6));
        assert_eq!(month_from_name("jul"), Some(7));
        assert_eq!(month_from_name("ju"), None);
        assert_eq!(month_from_name(""), None);
    }
}
