//! Field rules as types (issue 10 item 2): the household fields a facilitator types or a
//! spreadsheet carries, each with one `parse` from text (returning a [`FieldError`] the i18n
//! table words in both languages) and one display. The household form, the import and the
//! search filter all go through these, so they never disagree on what is valid.
//!
//! - [`Desil`]: DTSEN desil 1-10.
//! - [`YearJoined`]: the year a family joined PKH, 2007 (PKH's first year) to this year.
//! - [`RtRw`]: RT and RW, written one way, `RT 003/RW 004`, whatever entered them
//!   (`3/4`, `003/004`, `RT 3 RW 4`, `RT.03/RW.05`).
//! - [`Rupiah`]: a whole amount of Rupiah (`Rp1.500.000`, `1 500 000`, `1.500.000,00`).
//! - [`Phone`]: an Indonesian phone number in its national form ([`super::phone`]).
//! - [`PregnancyOrder`]: which pregnancy of the woman this is (1, 2, 3...).
//!
//! Dates have their own module ([`super::dates`]).

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::nik::{is_decimal_suffix, is_scientific};
use super::phone::{PhoneError, parse_optional_phone};

/// Why a field's text is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// Not a whole number (letters, a decimal, nothing but signs).
    NotANumber,
    /// A whole number outside desil 1-10.
    DesilRange,
    /// A year outside 2007..=`max` (this year).
    YearRange {
        max: i32,
    },
    /// RT (or RW) that is not a number of 1-3 digits.
    Rt,
    Rw,
    /// A negative amount.
    NegativeAmount,
    /// An amount with cents (`1.500,50`): Rupiah are whole.
    AmountCents,
    /// A spreadsheet turned the number into scientific notation (`1,5E+06`).
    ScientificNotation,
    Phone(PhoneError),
    /// A pregnancy order that is not 1-20.
    PregnancyOrder,
}

/// Removes one spreadsheet text marker and surrounding whitespace.
fn clean(s: &str) -> &str {
    let t = s.trim();
    t.strip_prefix('\'').unwrap_or(t).trim()
}

/// A whole number written plainly (`12`, ` 12 `, `12.0` from a numeric spreadsheet cell).
fn whole(s: &str) -> Result<i64, FieldError> {
    let t = clean(s);
    let t = if is_decimal_suffix(t) {
        t.split(['.', ',']).next().unwrap_or(t)
    } else {
        t
    };
    t.parse().map_err(|_| FieldError::NotANumber)
}

/// DTSEN desil 1-10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Desil(u8);

impl Desil {
    pub fn new(n: i64) -> Result<Desil, FieldError> {
        match u8::try_from(n) {
            Ok(d @ 1..=10) => Ok(Desil(d)),
            _ => Err(FieldError::DesilRange),
        }
    }
    pub fn parse(s: &str) -> Result<Desil, FieldError> {
        Desil::new(whole(s)?)
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Desil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The year a family joined PKH: 2007 (the programme's first year) to this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearJoined(i32);

impl YearJoined {
    pub const FIRST: i32 = 2007;
    pub fn new(n: i64, today: NaiveDate) -> Result<YearJoined, FieldError> {
        let max = today.year();
        match i32::try_from(n) {
            Ok(y) if (Self::FIRST..=max).contains(&y) => Ok(YearJoined(y)),
            _ => Err(FieldError::YearRange { max }),
        }
    }
    pub fn parse(s: &str, today: NaiveDate) -> Result<YearJoined, FieldError> {
        YearJoined::new(whole(s)?, today)
    }
    pub fn get(self) -> i32 {
        self.0
    }
}

impl fmt::Display for YearJoined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// RT and RW of an address, each a number of 1-3 digits (or unknown). Stored as three
/// digits each (`003`, `004`); shown as `RT 003/RW 004`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RtRw {
    pub rt: Option<u16>,
    pub rw: Option<u16>,
}

/// One part's number: `3`, `003`, `RT 3`, `rt.03`, `RW: 4` (`word` is `rt` or `rw`).
fn part(s: &str, word: &str) -> Option<Option<u16>> {
    let t = clean(s).to_ascii_lowercase();
    let t = t.strip_prefix(word).unwrap_or(&t);
    let t = t.trim_start_matches(['.', ':', ' ', '-']).trim();
    if t.is_empty() {
        return Some(None);
    }
    if t.len() > 3 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().map(Some)
}

impl RtRw {
    /// The RT and RW fields as typed: the RT field may hold both (`3/4`, `003/004`,
    /// `RT 3 RW 4`, `RT 003/RW 004`) when the RW field is empty.
    pub fn parse(rt: &str, rw: &str) -> Result<RtRw, FieldError> {
        let lower = clean(rt).to_ascii_lowercase();
        if clean(rw).is_empty()
            && let Some((a, b)) = lower
                .split_once('/')
                .or_else(|| lower.find("rw").map(|i| (&lower[..i], &lower[i..])))
        {
            let rt = part(a, "rt").ok_or(FieldError::Rt)?;
            let rw = part(b, "rw").ok_or(FieldError::Rw)?;
            return Ok(RtRw { rt, rw });
        }
        Ok(RtRw {
            rt: part(rt, "rt").ok_or(FieldError::Rt)?,
            rw: part(rw, "rw").ok_or(FieldError::Rw)?,
        })
    }

    /// Stored values (as [`RtRw::rt_key`] wrote them, or older free text) for display: a
    /// value that does not parse is kept as it was.
    pub fn show_stored(rt: &str, rw: &str) -> String {
        match RtRw::parse(rt, rw) {
            Ok(v) => v.to_string(),
            Err(_) => format!("RT {}/RW {}", rt.trim(), rw.trim()),
        }
    }

    /// The stored RT: three digits, or empty when unknown.
    pub fn rt_key(self) -> String {
        self.rt.map(|n| format!("{n:03}")).unwrap_or_default()
    }
    pub fn rw_key(self) -> String {
        self.rw.map(|n| format!("{n:03}")).unwrap_or_default()
    }
    pub fn is_empty(self) -> bool {
        self.rt.is_none() && self.rw.is_none()
    }
}

/// `RT 003/RW 004`; `RT 003` or `RW 004` when only one is known; empty when neither.
impl fmt::Display for RtRw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.rt, self.rw) {
            (Some(rt), Some(rw)) => write!(f, "RT {rt:03}/RW {rw:03}"),
            (Some(rt), None) => write!(f, "RT {rt:03}"),
            (None, Some(rw)) => write!(f, "RW {rw:03}"),
            (None, None) => Ok(()),
        }
    }
}

/// A whole, non-negative amount of Rupiah.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rupiah(i64);

impl Rupiah {
    pub fn new(n: i64) -> Result<Rupiah, FieldError> {
        if n < 0 {
            Err(FieldError::NegativeAmount)
        } else {
            Ok(Rupiah(n))
        }
    }
    /// `Rp1.500.000`, `Rp 1.500.000,00`, `1 500 000` (also with no-break spaces),
    /// `1500000`. Dots group thousands (the Indonesian way); a comma starts the cents,
    /// which must be zero.
    pub fn parse(s: &str) -> Result<Rupiah, FieldError> {
        let t = clean(s);
        let t = t
            .strip_prefix("Rp")
            .or_else(|| t.strip_prefix("rp"))
            .or_else(|| t.strip_prefix("RP"))
            .unwrap_or(t)
            .trim_start_matches('.')
            .trim();
        let compact: String = t
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if is_scientific(&compact) {
            return Err(FieldError::ScientificNotation);
        }
        let (int, cents) = match compact.split_once(',') {
            Some((i, c)) => (i, Some(c)),
            None => (compact.as_str(), None),
        };
        if let Some(c) = cents {
            if c.is_empty() || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(FieldError::NotANumber);
            }
            if c.bytes().any(|b| b != b'0') {
                return Err(FieldError::AmountCents);
            }
        }
        let negative = int.starts_with('-');
        let digits: String = int.trim_start_matches('-').replace('.', "");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::NotANumber);
        }
        let n: i64 = digits.parse().map_err(|_| FieldError::NotANumber)?;
        Rupiah::new(if negative { -n } else { n })
    }
    pub fn get(self) -> i64 {
        self.0
    }
}

/// `Rp1.500.000`, as domain.md writes money.
impl fmt::Display for Rupiah {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::format::rupiah(super::Lang::Id, self.0))
    }
}

/// An Indonesian phone number in its national form (`081234567890`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Any way people and spreadsheets write a number; spreadsheet damage is refused.
    /// Empty text is no number (`None`).
    pub fn parse(s: &str) -> Result<Option<Phone>, FieldError> {
        match parse_optional_phone(s) {
            Ok(p) if p.is_empty() => Ok(None),
            Ok(p) => Ok(Some(Phone(p))),
            Err(e) => Err(FieldError::Phone(e)),
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which pregnancy of the woman this is: 1 for the first. `ibu_hamil` covers the first and
/// second only ([`super::component`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PregnancyOrder(u8);

impl PregnancyOrder {
    pub fn new(n: i64) -> Result<PregnancyOrder, FieldError> {
        match u8::try_from(n) {
            Ok(v @ 1..=20) => Ok(PregnancyOrder(v)),
            _ => Err(FieldError::PregnancyOrder),
        }
    }
    pub fn parse(s: &str) -> Result<PregnancyOrder, FieldError> {
        let t = clean(s).to_ascii_lowercase();
        // "ke-2", "ke 2", "2"
        let t = t
            .strip_prefix("ke")
            .map(|r| r.trim_start_matches(['-', ' ']))
            .unwrap_or(&t);
        PregnancyOrder::new(whole(t)?)
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for PregnancyOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An optional field: empty text (after trimming) is `None`, anything else must parse.
pub fn optional<T>(
    s: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if clean(s).is_empty() {
        Ok(None)
    } else {
        parse(s).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 2, 12).unwrap()
    }

    #[test]
    fn types_desil_parse_and_display() {
        for (s, want) in [("1", 1), (" 10 ", 10), ("4", 4), ("'3", 3), ("4.0", 4)] {
            assert_eq!(Desil::parse(s).map(Desil::get), Ok(want), "{s}");
            assert_eq!(Desil::parse(s).unwrap().to_string(), want.to_string());
        }
        for (s, e) in [
            ("0", FieldError::DesilRange),
            ("11", FieldError::DesilRange),
            ("-3", FieldError::DesilRange),
            ("300", FieldError::DesilRange),
            ("", FieldError::NotANumber),
            ("4.5", FieldError::NotANumber),
            ("empat", FieldError::NotANumber),
        ] {
            assert_eq!(Desil::parse(s), Err(e), "{s}");
        }
    }

    #[test]
    fn types_year_joined_parse_and_display() {
        assert_eq!(YearJoined::parse("2007", today()).unwrap().get(), 2007);
        assert_eq!(
            YearJoined::parse(" 2026 ", today()).unwrap().to_string(),
            "2026"
        );
        for s in ["2006", "2027", "1990"] {
            assert_eq!(
                YearJoined::parse(s, today()),
                Err(FieldError::YearRange { max: 2026 }),
                "{s}"
            );
        }
        assert_eq!(
            YearJoined::parse("dua ribu", today()),
            Err(FieldError::NotANumber)
        );
    }

    #[test]
    fn types_rt_rw_written_one_way() {
        for (rt, rw) in [
            ("3", "4"),
            ("003", "004"),
            ("3/4", ""),
            ("003/004", ""),
            ("RT 3 RW 4", ""),
            ("RT 003/RW 004", ""),
            ("rt.3/rw.4", ""),
            ("RT 03", "RW 04"),
            ("RT: 3", "RW: 4"),
            (" '3 ", "004"),
        ] {
            let v = RtRw::parse(rt, rw).unwrap_or_else(|e| panic!("{rt:?} {rw:?}: {e:?}"));
            assert_eq!(v.to_string(), "RT 003/RW 004", "{rt:?} {rw:?}");
            assert_eq!((v.rt_key(), v.rw_key()), ("003".into(), "004".into()));
        }
        assert_eq!(RtRw::parse("5", "").unwrap().to_string(), "RT 005");
        assert_eq!(RtRw::parse("", "12").unwrap().to_string(), "RW 012");
        assert!(RtRw::parse("", "").unwrap().is_empty());
        assert_eq!(RtRw::parse("", "").unwrap().to_string(), "");
        assert_eq!(RtRw::parse("1234", "1"), Err(FieldError::Rt));
        assert_eq!(RtRw::parse("tiga", "1"), Err(FieldError::Rt));
        assert_eq!(RtRw::parse("3", "x"), Err(FieldError::Rw));
        assert_eq!(RtRw::parse("3/RW empat", ""), Err(FieldError::Rw));
        assert_eq!(RtRw::show_stored("3", "4"), "RT 003/RW 004");
        assert_eq!(
            RtRw::show_stored("dekat masjid", "4"),
            "RT dekat masjid/RW 4"
        );
    }

    #[test]
    fn types_rupiah_parse_and_display() {
        for s in [
            "Rp1.500.000",
            "Rp 1.500.000",
            "1.500.000",
            "1500000",
            "1 500 000",
            "1\u{a0}500\u{a0}000",
            "Rp1.500.000,00",
            "'1500000",
        ] {
            assert_eq!(Rupiah::parse(s).map(Rupiah::get), Ok(1_500_000), "{s}");
        }
        assert_eq!(Rupiah::parse("0").unwrap().to_string(), "Rp0");
        assert_eq!(Rupiah::parse("750000").unwrap().to_string(), "Rp750.000");
        assert_eq!(Rupiah::parse("-5000"), Err(FieldError::NegativeAmount));
        assert_eq!(Rupiah::parse("1.500,50"), Err(FieldError::AmountCents));
        assert_eq!(
            Rupiah::parse("1,5E+06"),
            Err(FieldError::ScientificNotation)
        );
        assert_eq!(
            Rupiah::parse("1.5E+06"),
            Err(FieldError::ScientificNotation)
        );
        assert_eq!(Rupiah::parse("satu juta"), Err(FieldError::NotANumber));
        assert_eq!(Rupiah::parse("Rp"), Err(FieldError::NotANumber));
    }

    #[test]
    fn types_phone_parse_and_display() {
        assert_eq!(
            Phone::parse("+62 812-3456-7890")
                .unwrap()
                .unwrap()
                .to_string(),
            "081234567890"
        );
        assert_eq!(Phone::parse("  "), Ok(None));
        assert_eq!(
            Phone::parse("6.28123E+11"),
            Err(FieldError::Phone(PhoneError::ScientificNotation))
        );
        assert_eq!(
            Phone::parse("81234000222"),
            Err(FieldError::Phone(PhoneError::LeadingZeroLost))
        );
    }

    #[test]
    fn types_pregnancy_order_parse_and_display() {
        for (s, n) in [("1", 1), ("2", 2), ("ke-2", 2), ("Ke 3", 3), ("3.0", 3)] {
            assert_eq!(
                PregnancyOrder::parse(s).map(PregnancyOrder::get),
                Ok(n),
                "{s}"
            );
        }
        assert_eq!(PregnancyOrder::parse("2").unwrap().to_string(), "2");
        assert_eq!(PregnancyOrder::parse("0"), Err(FieldError::PregnancyOrder));
        assert_eq!(PregnancyOrder::parse("kedua"), Err(FieldError::NotANumber));
    }

    #[test]
    fn types_optional_fields() {
        assert_eq!(optional(" ", Desil::parse), Ok(None));
        assert_eq!(optional("3", Desil::parse), Ok(Some(Desil(3))));
        assert_eq!(optional("x", Desil::parse), Err(FieldError::NotANumber));
    }
}
