//! NIK (national ID) and No KK (family card number) parsing and generation.
//! Both are 16 digits `PPKKCC DDMMYY NNNN`; spreadsheets often mangle them,
//! so input is cleaned and every way it can be wrong is a distinct error.

use super::Sex;
use chrono::{Datelike, NaiveDate};

/// Why a NIK / No KK was rejected. Checked in the order of the variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NikError {
    Empty,
    /// e.g. "3.32402E+15", "3,32402E+15", "3.32402e15": a spreadsheet turned it into a float.
    ScientificNotation,
    /// e.g. "3324015203850001.0" or ",00".
    DecimalSuffix,
    /// `pos` is the 0-based char index in the cleaned input.
    NonDigit {
        ch: char,
        pos: usize,
    },
    /// 15 digits gets this too (spreadsheets keep only 15 significant digits).
    TooShort {
        len: usize,
    },
    TooLong {
        len: usize,
    },
    /// Not one of 11-19, 21, 31-36, 51-53, 61-65, 71-76, 81-82, 91-96.
    BadProvince {
        code: String,
    },
    /// The kabupaten/kota part is 00 or 70 (kabupaten are 01-69, kota 71-99).
    BadRegency {
        code: String,
    },
    /// The kecamatan part is 00.
    BadDistrict {
        code: String,
    },
    /// The DD part as written (women have +40) does not give a day 1..=31.
    BadDay {
        day: u32,
    },
    /// Not a real calendar date (e.g. 31 Feb, month 13). `day` is the real
    /// day (40 already subtracted), `year` the full year. For No KK, `year`
    /// is the two-digit YY as written (its century is unknown).
    BadDate {
        day: u32,
        month: u32,
        year: i32,
    },
    /// Last 4 digits are 0000.
    ZeroSerial,
}

/// Disagreement between a NIK and the member's recorded fields; never blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NikWarning {
    SexMismatch { nik: Sex, recorded: Sex },
    BirthDateMismatch { nik: NaiveDate, recorded: NaiveDate },
}

/// A NIK or No KK: always exactly 16 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nik(String);

impl Nik {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps an already-stored value: exactly 16 ASCII digits, no other checks.
    pub fn from_digits(s: &str) -> Option<Nik> {
        (s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit())).then(|| Nik(s.to_string()))
    }

    /// First 4 digits, 8 × '•', last 4: "3324••••••••0002".
    pub fn masked(&self) -> String {
        self.mask_with('•')
    }

    /// Same as [`Nik::masked`] with '*'.
    pub fn masked_ascii(&self) -> String {
        self.mask_with('*')
    }

    fn mask_with(&self, c: char) -> String {
        // The string is 16 ASCII digits, so byte slicing is on char boundaries.
        let mut out = String::with_capacity(24);
        out.push_str(&self.0[..4]);
        out.extend(std::iter::repeat_n(c, 8));
        out.push_str(&self.0[12..]);
        out
    }
}

impl std::fmt::Display for Nik {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Fields decoded from a valid NIK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NikInfo {
    pub nik: Nik,
    pub province: u8,
    pub regency: u8,
    pub district: u8,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub serial: u16,
}

/// Stored fields that hold a NIK or No KK: shown masked wherever they appear (history,
/// merge conflicts), unless revealed on purpose.
pub fn is_identity_field(field: &str) -> bool {
    matches!(field, "nik" | "pengurus_nik" | "no_kk")
}

/// Province codes of Kemendagri: 11-19, 21, 31-36, 51-53, 61-65, 71-76, 81-82, 91-96.
pub fn is_valid_province(code: u8) -> bool {
    matches!(
        code,
        11..=19 | 21 | 31..=36 | 51..=53 | 61..=65 | 71..=76 | 81..=82 | 91..=96
    )
}

/// Kabupaten/kota part of a Kemendagri code: 01-69 kabupaten, 71-99 kota (00 and 70 are
/// not used).
pub fn is_valid_regency(code: u8) -> bool {
    matches!(code, 1..=69 | 71..=99)
}

/// True for `digits` followed by an optional `[.,]digits` fraction.
fn split_decimal(s: &str) -> Option<(&str, Option<&str>)> {
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    match s.find(['.', ',']) {
        None => all_digits(s).then_some((s, None)),
        Some(i) => {
            let (int, frac) = (&s[..i], &s[i + 1..]);
            (all_digits(int) && all_digits(frac)).then_some((int, Some(frac)))
        }
    }
}

pub(super) fn is_scientific(s: &str) -> bool {
    let Some(e) = s.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, exp) = (&s[..e], &s[e + 1..]);
    let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
    !exp.is_empty() && exp.bytes().all(|b| b.is_ascii_digit()) && split_decimal(mantissa).is_some()
}

pub(super) fn is_decimal_suffix(s: &str) -> bool {
    matches!(split_decimal(s), Some((_, Some(frac))) if frac.bytes().all(|b| b == b'0'))
}

/// Cleaning and checks shared by NIK and No KK, up to the kecamatan code.
fn clean_digits(input: &str) -> Result<String, NikError> {
    let t = input.trim();
    let t = t.strip_prefix('\'').unwrap_or(t);
    let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(NikError::Empty);
    }
    if is_scientific(&s) {
        return Err(NikError::ScientificNotation);
    }
    if is_decimal_suffix(&s) {
        return Err(NikError::DecimalSuffix);
    }
    if let Some((pos, ch)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(NikError::NonDigit { ch, pos });
    }
    let len = s.len();
    if len < 16 {
        return Err(NikError::TooShort { len });
    }
    if len > 16 {
        return Err(NikError::TooLong { len });
    }
    let province = num(&s, 0, 2);
    if !is_valid_province(province as u8) {
        return Err(NikError::BadProvince {
            code: s[..2].to_string(),
        });
    }
    if !is_valid_regency(num(&s, 2, 2) as u8) {
        return Err(NikError::BadRegency {
            code: s[2..4].to_string(),
        });
    }
    if num(&s, 4, 2) == 0 {
        return Err(NikError::BadDistrict {
            code: s[4..6].to_string(),
        });
    }
    Ok(s)
}

/// Numeric value of `s[start..start+len]`; `s` must be ASCII digits.
fn num(s: &str, start: usize, len: usize) -> u32 {
    s.as_bytes()[start..start + len]
        .iter()
        .fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
}

fn check_serial(s: &str) -> Result<u16, NikError> {
    // Four digits: at most 9999, fits in u16.
    let serial = num(s, 12, 4) as u16;
    if serial == 0 {
        Err(NikError::ZeroSerial)
    } else {
        Ok(serial)
    }
}

/// Parses a NIK.
///
/// Cleans input: trims whitespace, removes ONE leading apostrophe (Excel's
/// text marker), removes inner whitespace. Digit-group dots are not accepted
/// (NonDigit), but float renderings (scientific notation, ".0" suffix) are
/// detected first. `today` picks the century, so that a birth date is never in the
/// future: 20YY if that date is not after today, else 19YY (the rule of two-digit years
/// in birth-date fields, [`crate::domain::dates::parse_birth_date`]).
pub fn parse_nik(input: &str, today: NaiveDate) -> Result<NikInfo, NikError> {
    let s = clean_digits(input)?;
    let raw_day = num(&s, 6, 2);
    let (day, sex) = if raw_day > 40 {
        (raw_day - 40, Sex::Female)
    } else {
        (raw_day, Sex::Male)
    };
    if !(1..=31).contains(&day) {
        return Err(NikError::BadDay { day: raw_day });
    }
    let month = num(&s, 8, 2);
    let yy = num(&s, 10, 2) as i32;
    let year = match NaiveDate::from_ymd_opt(2000 + yy, month, day) {
        Some(d) if d <= today => 2000 + yy,
        // An impossible date is reported with the year it would have had this century.
        None if 2000 + yy <= today.year() => 2000 + yy,
        _ => 1900 + yy,
    };
    let birth_date =
        NaiveDate::from_ymd_opt(year, month, day).ok_or(NikError::BadDate { day, month, year })?;
    let serial = check_serial(&s)?;
    // Each two-digit field is at most 99, so the casts are lossless.
    Ok(NikInfo {
        province: num(&s, 0, 2) as u8,
        regency: num(&s, 2, 2) as u8,
        district: num(&s, 4, 2) as u8,
        birth_date,
        sex,
        serial,
        nik: Nik(s),
    })
}

/// Checks recorded sex / birth date against the NIK. The NIK only holds a
/// two-digit year, so a recorded date with the same day, month and YY (any
/// century) agrees.
pub fn check_against(info: &NikInfo, sex: Sex, birth: Option<NaiveDate>) -> Vec<NikWarning> {
    let mut out = Vec::new();
    if info.sex != sex {
        out.push(NikWarning::SexMismatch {
            nik: info.sex,
            recorded: sex,
        });
    }
    if let Some(recorded) = birth {
        let n = info.birth_date;
        let same = n.day() == recorded.day()
            && n.month() == recorded.month()
            && n.year().rem_euclid(100) == recorded.year().rem_euclid(100);
        if !same {
            out.push(NikWarning::BirthDateMismatch { nik: n, recorded });
        }
    }
    out
}

/// Parses a No KK: same cleaning and errors as [`parse_nik`] for
/// length/format/float/province/zero serial; the DDMMYY part is the issue
/// date, checked only for day 1..=31 (BadDay) and month 1..=12 (BadDate,
/// with the two-digit YY as `year`).
pub fn parse_no_kk(input: &str) -> Result<Nik, NikError> {
    let s = clean_digits(input)?;
    let day = num(&s, 6, 2);
    if !(1..=31).contains(&day) {
        return Err(NikError::BadDay { day });
    }
    let month = num(&s, 8, 2);
    if !(1..=12).contains(&month) {
        return Err(NikError::BadDate {
            day,
            month,
            year: num(&s, 10, 2) as i32,
        });
    }
    check_serial(&s)?;
    Ok(Nik(s))
}

/// Builds a NIK for generated data. Codes are taken modulo 100 and the
/// serial modulo 10000 so the result is always 16 digits; pass valid codes
/// and a serial in 1..=9999 to get a NIK that [`parse_nik`] accepts.
pub fn compose_nik(
    province: u8,
    regency: u8,
    district: u8,
    birth: NaiveDate,
    sex: Sex,
    serial: u16,
) -> Nik {
    let day = birth.day()
        + match sex {
            Sex::Male => 0,
            Sex::Female => 40,
        };
    compose(province, regency, district, day, birth, serial)
}

/// Builds a No KK for generated data (same modulo rules as [`compose_nik`]).
pub fn compose_no_kk(
    province: u8,
    regency: u8,
    district: u8,
    issued: NaiveDate,
    serial: u16,
) -> Nik {
    compose(province, regency, district, issued.day(), issued, serial)
}

fn compose(province: u8, regency: u8, district: u8, day: u32, date: NaiveDate, serial: u16) -> Nik {
    Nik(format!(
        "{:02}{:02}{:02}{:02}{:02}{:02}{:04}",
        province % 100,
        regency % 100,
        district % 100,
        day,
        date.month(),
        date.year().rem_euclid(100),
        serial % 10000
    ))
}

#[cfg(test)]
mod tests;
