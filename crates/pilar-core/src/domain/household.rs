//! Household (KPM) fields that need validation beyond a NIK: the Kemendagri
//! area code, the flag of an active family above desil 4 (the desil itself is
//! [`super::fields::Desil`]),
//! and time on assistance (families on PKH for more than 5 years are the
//! priority to graduate).

use super::graduation::HouseholdStatus;
use super::nik::{is_valid_province, is_valid_regency};
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaCodeError {
    /// `len` counts chars after removing dots and whitespace.
    WrongLength {
        len: usize,
    },
    NonDigit,
    BadProvince,
    /// 01-69 kabupaten or 71-99 kota; 00 and 70 invalid.
    BadRegency,
    /// The kecamatan part is 00.
    BadDistrict,
    /// First digit of DDDD must be 1 kelurahan, 2 desa, 3 desa adat.
    BadVillageKind,
    /// The village's serial (the last three digits) is 000.
    ZeroVillage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VillageKind {
    Kelurahan,
    Desa,
    DesaAdat,
}

/// Validates the 10-digit Kemendagri area code PP.KK.CC.DDDD (dots and
/// whitespace optional in input). Returns the cleaned 10 digits. Checks in
/// order: NonDigit, WrongLength, BadProvince, BadRegency, BadDistrict, BadVillageKind,
/// ZeroVillage.
pub fn parse_area_code(input: &str) -> Result<(String, VillageKind), AreaCodeError> {
    let s: String = input
        .chars()
        .filter(|&c| c != '.' && !c.is_whitespace())
        .collect();
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(AreaCodeError::NonDigit);
    }
    if s.len() != 10 {
        return Err(AreaCodeError::WrongLength { len: s.len() });
    }
    let b = s.as_bytes();
    let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
    if !is_valid_province(two(0)) {
        return Err(AreaCodeError::BadProvince);
    }
    if !is_valid_regency(two(2)) {
        return Err(AreaCodeError::BadRegency);
    }
    if two(4) == 0 {
        return Err(AreaCodeError::BadDistrict);
    }
    let kind = match b[6] {
        b'1' => VillageKind::Kelurahan,
        b'2' => VillageKind::Desa,
        b'3' => VillageKind::DesaAdat,
        _ => return Err(AreaCodeError::BadVillageKind),
    };
    if &s[7..] == "000" {
        return Err(AreaCodeError::ZeroVillage);
    }
    Ok((s, kind))
}

/// "3324042001" -> "33.24.04.2001". Anything that is not 10 ASCII digits is
/// returned unchanged.
pub fn format_area_code(code: &str) -> String {
    if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return code.to_string();
    }
    format!(
        "{}.{}.{}.{}",
        &code[..2],
        &code[2..4],
        &code[4..6],
        &code[6..]
    )
}

/// The highest DTSEN desil PKH goes to. The Minister (Dec 2025): "yang diberi bantuan itu
/// adalah desil 1 sampai 4, setelah desil 4 naik jadi graduasi".
pub const PKH_MAX_DESIL: u8 = 4;

/// An active family (aktif or calon graduasi) that DTSEN ranks above desil 4: it is flagged
/// and leaves PKH (exit kind `desil_naik`). A family that already left is not flagged.
pub fn above_desil_limit(status: HouseholdStatus, desil: Option<u8>) -> bool {
    status.is_active() && desil.is_some_and(|d| d > PKH_MAX_DESIL)
}

/// Whole days from `d` to `today` (negative if `d` is later).
pub fn days_since(d: NaiveDate, today: NaiveDate) -> i64 {
    (today - d).num_days()
}

/// Priority to graduate: on PKH for more than 5 years. Only the year joined
/// is known, so this is true when certainly more than 5 years have passed:
/// today's year minus the year joined is at least 6.
pub fn long_term(year_joined: Option<i32>, today: NaiveDate) -> bool {
    year_joined.is_some_and(|y| i64::from(today.year()) - i64::from(y) > 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn kecamatan_00_and_village_serial_000_are_refused() {
        assert_eq!(
            parse_area_code("3324002001"),
            Err(AreaCodeError::BadDistrict)
        );
        assert_eq!(
            parse_area_code("3324042000"),
            Err(AreaCodeError::ZeroVillage)
        );
        assert_eq!(
            parse_area_code("33.24.04.1000"),
            Err(AreaCodeError::ZeroVillage)
        );
        assert!(parse_area_code("3324042001").is_ok());
        assert!(parse_area_code("3324041999").is_ok());
    }

    #[test]
    fn area_code_ok() {
        assert_eq!(
            parse_area_code("33.24.04.2001"),
            Ok(("3324042001".to_string(), VillageKind::Desa))
        );
        assert_eq!(
            parse_area_code(" 3324041001 "),
            Ok(("3324041001".to_string(), VillageKind::Kelurahan))
        );
        assert_eq!(
            parse_area_code("91.71.01.3005"),
            Ok(("9171013005".to_string(), VillageKind::DesaAdat))
        );
        assert_eq!(
            parse_area_code("33.99.04.2001").map(|r| r.1),
            Ok(VillageKind::Desa)
        );
    }

    #[test]
    fn area_code_errors() {
        assert_eq!(
            parse_area_code("33.24.04.200"),
            Err(AreaCodeError::WrongLength { len: 9 })
        );
        assert_eq!(
            parse_area_code(""),
            Err(AreaCodeError::WrongLength { len: 0 })
        );
        assert_eq!(
            parse_area_code("33240420011"),
            Err(AreaCodeError::WrongLength { len: 11 })
        );
        assert_eq!(
            parse_area_code("33-24-04-2001"),
            Err(AreaCodeError::NonDigit)
        );
        assert_eq!(
            parse_area_code("33.24.04.20a"),
            Err(AreaCodeError::NonDigit)
        );
        assert_eq!(
            parse_area_code("10.24.04.2001"),
            Err(AreaCodeError::BadProvince)
        );
        assert_eq!(
            parse_area_code("33.00.04.2001"),
            Err(AreaCodeError::BadRegency)
        );
        assert_eq!(
            parse_area_code("33.70.04.2001"),
            Err(AreaCodeError::BadRegency)
        );
        assert_eq!(
            parse_area_code("33.24.04.4001"),
            Err(AreaCodeError::BadVillageKind)
        );
        assert_eq!(
            parse_area_code("33.24.04.0001"),
            Err(AreaCodeError::BadVillageKind)
        );
    }

    #[test]
    fn area_code_check_order() {
        // Province checked before regency and village kind.
        assert_eq!(
            parse_area_code("00.00.04.9001"),
            Err(AreaCodeError::BadProvince)
        );
        assert_eq!(
            parse_area_code("33.70.04.9001"),
            Err(AreaCodeError::BadRegency)
        );
    }

    #[test]
    fn area_code_format() {
        assert_eq!(format_area_code("3324042001"), "33.24.04.2001");
        assert_eq!(format_area_code("33240420"), "33240420");
        assert_eq!(format_area_code("33.24.04.2001"), "33.24.04.2001");
        let (code, _) = parse_area_code(&format_area_code("3324042001")).unwrap();
        assert_eq!(code, "3324042001");
    }

    /// Issue 14 (domain review 1.3): PKH goes to desil 1-4; an active family (aktif or calon)
    /// above 4 is flagged, a family that has left is not.
    #[test]
    fn an_active_family_above_desil_4_is_flagged() {
        use crate::domain::graduation::HouseholdStatus::*;
        assert_eq!(PKH_MAX_DESIL, 4);
        for d in 1..=4 {
            assert!(!above_desil_limit(Aktif, Some(d)), "{d}");
        }
        for d in 5..=10 {
            assert!(above_desil_limit(Aktif, Some(d)), "{d}");
            assert!(above_desil_limit(CalonGraduasi, Some(d)), "{d}");
            assert!(!above_desil_limit(Graduasi, Some(d)), "{d}");
            assert!(!above_desil_limit(Keluar, Some(d)), "{d}");
        }
        assert!(!above_desil_limit(Aktif, None), "desil unknown");
    }

    #[test]
    fn days() {
        assert_eq!(days_since(d(2026, 2, 1), d(2026, 2, 12)), 11);
        assert_eq!(days_since(d(2026, 2, 12), d(2026, 2, 12)), 0);
        assert_eq!(days_since(d(2026, 2, 13), d(2026, 2, 12)), -1);
        assert_eq!(days_since(d(2024, 1, 1), d(2025, 1, 1)), 366);
    }

    #[test]
    fn long_term_years() {
        let t = d(2026, 2, 12);
        assert!(long_term(Some(2020), t));
        assert!(long_term(Some(2008), t));
        assert!(!long_term(Some(2021), t));
        assert!(!long_term(Some(2026), t));
        assert!(!long_term(None, t));
        assert!(!long_term(Some(2030), t));
        assert!(long_term(Some(i32::MIN), t));
    }
}
