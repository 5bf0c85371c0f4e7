//! Display formats for dates, Rupiah amounts and counts in Indonesian and
//! English, so every screen and export writes them the same way.
//! Indonesian groups thousands with '.', English with ','.

use super::Lang;
use chrono::{Datelike, NaiveDate, Weekday};

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_SHORT_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_SHORT_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Placeholder for a month number outside 1..=12.
const UNKNOWN: &str = "?";

fn pick(table: &'static [&'static str; 12], month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| table.get(i as usize))
        .copied()
        .unwrap_or(UNKNOWN)
}

/// Full month name for `month` 1..=12 ("?" otherwise).
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    match lang {
        Lang::Id => pick(&MONTHS_ID, month),
        Lang::En => pick(&MONTHS_EN, month),
    }
}

/// Three-letter month for `month` 1..=12 ("?" otherwise).
pub fn month_short(lang: Lang, month: u32) -> &'static str {
    match lang {
        Lang::Id => pick(&MONTHS_SHORT_ID, month),
        Lang::En => pick(&MONTHS_SHORT_EN, month),
    }
}

pub fn weekday_name(lang: Lang, wd: Weekday) -> &'static str {
    let i = wd.num_days_from_monday() as usize;
    match lang {
        Lang::Id => [
            "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
        ][i],
        Lang::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
    }
}

/// "12 Feb 2026"; the day is not zero-padded.
pub fn date_short(lang: Lang, d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_short(lang, d.month()), d.year())
}

/// "Kamis, 12 Februari 2026" / "Thursday, 12 February 2026".
pub fn date_long(lang: Lang, d: NaiveDate) -> String {
    format!(
        "{}, {} {} {}",
        weekday_name(lang, d.weekday()),
        d.day(),
        month_name(lang, d.month()),
        d.year()
    )
}

fn group_sep(lang: Lang) -> char {
    match lang {
        Lang::Id => '.',
        Lang::En => ',',
    }
}

fn decimal_sep(lang: Lang) -> char {
    match lang {
        Lang::Id => ',',
        Lang::En => '.',
    }
}

/// Digits of `n` with thousands separators, no sign.
fn group_digits(lang: Lang, n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group_sep(lang));
        }
        out.push(c);
    }
    out
}

fn sign(n: i64) -> &'static str {
    if n < 0 { "-" } else { "" }
}

/// 462 -> "462", 1000000 -> "1.000.000" (Id) / "1,000,000" (En).
pub fn thousands(lang: Lang, n: i64) -> String {
    format!(
        "{}{}",
        sign(n),
        group_digits(lang, u128::from(n.unsigned_abs()))
    )
}

/// "Rp1.500.000" (Id), "Rp1,500,000" (En), "-Rp1.500", "Rp0".
pub fn rupiah(lang: Lang, amount: i64) -> String {
    format!(
        "{}Rp{}",
        sign(amount),
        group_digits(lang, u128::from(amount.unsigned_abs()))
    )
}

/// Short amounts: "Rp1,5 jt", "Rp750 rb", "Rp2 M" (miliar), "Rp1 T" (Id);
/// "Rp1.5M", "Rp750K", "Rp2B", "Rp1T" (En). One decimal, rounded half up,
/// dropped when zero. Below 1000 same as [`rupiah`].
pub fn rupiah_compact(lang: Lang, amount: i64) -> String {
    let abs = u128::from(amount.unsigned_abs());
    if abs < 1000 {
        return rupiah(lang, amount);
    }
    let units: [(u128, &str); 4] = match lang {
        Lang::Id => [
            (1_000, " rb"),
            (1_000_000, " jt"),
            (1_000_000_000, " M"),
            (1_000_000_000_000, " T"),
        ],
        Lang::En => [
            (1_000, "K"),
            (1_000_000, "M"),
            (1_000_000_000, "B"),
            (1_000_000_000_000, "T"),
        ],
    };
    let mut i = units.iter().rposition(|&(u, _)| abs >= u).unwrap_or(0);
    let tenths_in = |unit: u128| (abs * 10 + unit / 2) / unit;
    let mut tenths = tenths_in(units[i].0);
    // Rounding can reach 1000 of a unit (999 950 -> "1000 rb"): use the next.
    if tenths >= 10_000 && i + 1 < units.len() {
        i += 1;
        tenths = tenths_in(units[i].0);
    }
    let mut out = format!("{}Rp{}", sign(amount), group_digits(lang, tenths / 10));
    if tenths % 10 != 0 {
        out.push(decimal_sep(lang));
        out.push_str(&(tenths % 10).to_string());
    }
    out.push_str(units[i].1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months() {
        assert_eq!(month_name(Lang::Id, 1), "Januari");
        assert_eq!(month_name(Lang::Id, 8), "Agustus");
        assert_eq!(month_name(Lang::Id, 12), "Desember");
        assert_eq!(month_name(Lang::En, 2), "February");
        assert_eq!(month_name(Lang::En, 0), "?");
        assert_eq!(month_name(Lang::Id, 13), "?");
        let short_id: Vec<_> = (1..=12).map(|m| month_short(Lang::Id, m)).collect();
        assert_eq!(
            short_id,
            [
                "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"
            ]
        );
        assert_eq!(month_short(Lang::En, 5), "May");
        assert_eq!(month_short(Lang::En, 8), "Aug");
        assert_eq!(month_short(Lang::En, 10), "Oct");
        assert_eq!(month_short(Lang::En, 99), "?");
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday_name(Lang::Id, Weekday::Mon), "Senin");
        assert_eq!(weekday_name(Lang::Id, Weekday::Thu), "Kamis");
        assert_eq!(weekday_name(Lang::Id, Weekday::Fri), "Jumat");
        assert_eq!(weekday_name(Lang::Id, Weekday::Sun), "Minggu");
        assert_eq!(weekday_name(Lang::En, Weekday::Wed), "Wednesday");
        assert_eq!(weekday_name(Lang::En, Weekday::Sun), "Sunday");
    }

    #[test]
    fn dates() {
        assert_eq!(date_short(Lang::Id, d(2026, 2, 12)), "12 Feb 2026");
        assert_eq!(date_short(Lang::Id, d(2026, 8, 12)), "12 Agu 2026");
        assert_eq!(date_short(Lang::En, d(2026, 8, 12)), "12 Aug 2026");
        assert_eq!(date_short(Lang::Id, d(2026, 3, 5)), "5 Mar 2026");
        assert_eq!(
            date_long(Lang::Id, d(2026, 2, 12)),
            "Kamis, 12 Februari 2026"
        );
        assert_eq!(
            date_long(Lang::En, d(2026, 2, 12)),
            "Thursday, 12 February 2026"
        );
        assert_eq!(
            date_long(Lang::Id, d(2025, 12, 1)),
            "Senin, 1 Desember 2025"
        );
    }

    #[test]
    fn thousands_grouping() {
        assert_eq!(thousands(Lang::Id, 0), "0");
        assert_eq!(thousands(Lang::Id, 462), "462");
        assert_eq!(thousands(Lang::Id, 1000), "1.000");
        assert_eq!(thousands(Lang::Id, 1_000_000), "1.000.000");
        assert_eq!(thousands(Lang::En, 1_000_000), "1,000,000");
        assert_eq!(thousands(Lang::En, 12_345), "12,345");
        assert_eq!(thousands(Lang::Id, -123_456), "-123.456");
        assert_eq!(thousands(Lang::En, i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn rupiah_full() {
        assert_eq!(rupiah(Lang::Id, 1_500_000), "Rp1.500.000");
        assert_eq!(rupiah(Lang::En, 1_500_000), "Rp1,500,000");
        assert_eq!(rupiah(Lang::Id, -1_500), "-Rp1.500");
        assert_eq!(rupiah(Lang::Id, 0), "Rp0");
        assert_eq!(rupiah(Lang::En, 999), "Rp999");
        assert_eq!(rupiah(Lang::Id, 100_000), "Rp100.000");
    }

    #[test]
    fn rupiah_compact_id() {
        assert_eq!(rupiah_compact(Lang::Id, 1_500_000), "Rp1,5 jt");
        assert_eq!(rupiah_compact(Lang::Id, 750_000), "Rp750 rb");
        assert_eq!(rupiah_compact(Lang::Id, 2_000_000), "Rp2 jt");
        assert_eq!(rupiah_compact(Lang::Id, 2_400_000_000), "Rp2,4 M");
        assert_eq!(rupiah_compact(Lang::Id, 3_000_000_000_000), "Rp3 T");
        assert_eq!(rupiah_compact(Lang::Id, 1_500), "Rp1,5 rb");
        assert_eq!(rupiah_compact(Lang::Id, 999), "Rp999");
        assert_eq!(rupiah_compact(Lang::Id, 0), "Rp0");
        assert_eq!(rupiah_compact(Lang::Id, -1_500_000), "-Rp1,5 jt");
    }

    #[test]
    fn rupiah_compact_en() {
        assert_eq!(rupiah_compact(Lang::En, 1_500_000), "Rp1.5M");
        assert_eq!(rupiah_compact(Lang::En, 750_000), "Rp750K");
        assert_eq!(rupiah_compact(Lang::En, 2_000_000), "Rp2M");
        assert_eq!(rupiah_compact(Lang::En, 2_400_000_000), "Rp2.4B");
        assert_eq!(rupiah_compact(Lang::En, -500), "-Rp500");
    }

    #[test]
    fn rupiah_compact_rounding() {
        assert_eq!(rupiah_compact(Lang::En, 1_250_000), "Rp1.3M");
        assert_eq!(rupiah_compact(Lang::En, 1_249_999), "Rp1.2M");
        assert_eq!(rupiah_compact(Lang::En, 1_960_000), "Rp2M");
        assert_eq!(rupiah_compact(Lang::Id, 999_950), "Rp1 jt");
        assert_eq!(rupiah_compact(Lang::Id, 999_949), "Rp999,9 rb");
        assert_eq!(rupiah_compact(Lang::En, 1_000), "Rp1K");
    }

    #[test]
    fn rupiah_compact_extremes() {
        assert_eq!(rupiah_compact(Lang::Id, i64::MAX), "Rp9.223.372 T");
        assert_eq!(rupiah_compact(Lang::En, i64::MIN), "-Rp9,223,372T");
    }
}
