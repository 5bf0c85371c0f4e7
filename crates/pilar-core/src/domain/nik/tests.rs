use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 2, 12)
}

fn p(s: &str) -> Result<NikInfo, NikError> {
    parse_nik(s, today())
}

#[test]
fn parses_male_nik() {
    let info = p("3324011005850001").unwrap();
    assert_eq!(info.nik.as_str(), "3324011005850001");
    assert_eq!(info.province, 33);
    assert_eq!(info.regency, 24);
    assert_eq!(info.district, 1);
    assert_eq!(info.birth_date, d(1985, 5, 10));
    assert_eq!(info.sex, Sex::Male);
    assert_eq!(info.serial, 1);
}

#[test]
fn parses_female_nik() {
    let info = p("3324015203850002").unwrap();
    assert_eq!(info.birth_date, d(1985, 3, 12));
    assert_eq!(info.sex, Sex::Female);
    assert_eq!(info.serial, 2);
}

#[test]
fn century_from_today() {
    // today() is 12 February 2026.
    assert_eq!(p("3324011002260001").unwrap().birth_date, d(2026, 2, 10));
    assert_eq!(p("3324011202260001").unwrap().birth_date, d(2026, 2, 12));
    assert_eq!(p("3324011005270001").unwrap().birth_date, d(1927, 5, 10));
    assert_eq!(p("3324011005000001").unwrap().birth_date, d(2000, 5, 10));
    assert_eq!(p("3324011005990001").unwrap().birth_date, d(1999, 5, 10));
    let early = parse_nik("3324011005260001", d(2025, 12, 31)).unwrap();
    assert_eq!(early.birth_date, d(1926, 5, 10));
}

#[test]
fn a_birth_date_is_never_in_the_future() {
    // 10 May 26 has not come yet on 12 February 2026: born in 1926, not in the future
    // (the domain review's 3324015512260001 on 30 November 2026 likewise).
    assert_eq!(p("3324011005260001").unwrap().birth_date, d(1926, 5, 10));
    assert_eq!(p("3324011302260001").unwrap().birth_date, d(1926, 2, 13));
    let info = parse_nik("3324015512260001", d(2026, 11, 30)).unwrap();
    assert_eq!(info.birth_date, d(1926, 12, 15));
    assert!(info.birth_date <= d(2026, 11, 30));
}

#[test]
fn kabupaten_and_kecamatan_00_are_refused() {
    assert_eq!(
        p("3300015203850001"),
        Err(NikError::BadRegency { code: "00".into() })
    );
    assert_eq!(
        p("3370015203850001"),
        Err(NikError::BadRegency { code: "70".into() })
    );
    assert_eq!(
        p("3324005203850001"),
        Err(NikError::BadDistrict { code: "00".into() })
    );
    assert_eq!(
        parse_no_kk("3300012001100003"),
        Err(NikError::BadRegency { code: "00".into() })
    );
    assert_eq!(
        parse_no_kk("3324002001100003"),
        Err(NikError::BadDistrict { code: "00".into() })
    );
    // Kota codes (71-99) and every kecamatan from 01 are fine.
    assert!(p("3371015203850001").is_ok());
    assert!(p("3399995203850001").is_ok());
}

#[test]
fn cleaning_accepts_apostrophe_and_spaces() {
    let want = p("3324015203850002").unwrap();
    assert_eq!(p("'3324015203850002").unwrap(), want);
    assert_eq!(p("  '3324015203850002 \t").unwrap(), want);
    assert_eq!(p("332401 520385 0002").unwrap(), want);
    assert_eq!(p("3324\u{a0}0152\u{a0}0385\u{a0}0002").unwrap(), want);
}

#[test]
fn only_one_apostrophe_removed() {
    assert_eq!(
        p("''3324015203850002"),
        Err(NikError::NonDigit { ch: '\'', pos: 0 })
    );
}

#[test]
fn empty() {
    assert_eq!(p(""), Err(NikError::Empty));
    assert_eq!(p("   "), Err(NikError::Empty));
    assert_eq!(p("'"), Err(NikError::Empty));
}

#[test]
fn scientific_notation() {
    for s in [
        "3.32402E+15",
        "3,32402E+15",
        "3.32402e15",
        "3E+15",
        "3.324015203850E+15",
        "'3.32402E+15",
        "3.32402E-15",
    ] {
        assert_eq!(p(s), Err(NikError::ScientificNotation), "{s}");
    }
}

#[test]
fn not_scientific_when_malformed() {
    assert_eq!(p("3.32402E+"), Err(NikError::NonDigit { ch: '.', pos: 1 }));
    assert_eq!(p("E+15"), Err(NikError::NonDigit { ch: 'E', pos: 0 }));
}

#[test]
fn decimal_suffix() {
    assert_eq!(p("3324015203850001.0"), Err(NikError::DecimalSuffix));
    assert_eq!(p("3324015203850001,00"), Err(NikError::DecimalSuffix));
    assert_eq!(p("332401520385000,0"), Err(NikError::DecimalSuffix));
}

#[test]
fn nonzero_fraction_is_non_digit() {
    assert_eq!(
        p("3324015203850001.5"),
        Err(NikError::NonDigit { ch: '.', pos: 16 })
    );
}

#[test]
fn group_dots_rejected() {
    assert_eq!(
        p("3.324.015.203.850.002"),
        Err(NikError::NonDigit { ch: '.', pos: 1 })
    );
}

#[test]
fn non_digit_position_in_cleaned_input() {
    assert_eq!(
        p(" 3324 01x203850002"),
        Err(NikError::NonDigit { ch: 'x', pos: 6 })
    );
    assert_eq!(
        p("33240152038500-2"),
        Err(NikError::NonDigit { ch: '-', pos: 14 })
    );
    assert_eq!(
        p("332401520385000é"),
        Err(NikError::NonDigit { ch: 'é', pos: 15 })
    );
}

#[test]
fn lengths() {
    assert_eq!(p("332401520385000"), Err(NikError::TooShort { len: 15 }));
    assert_eq!(p("1"), Err(NikError::TooShort { len: 1 }));
    assert_eq!(p("33240152038500021"), Err(NikError::TooLong { len: 17 }));
}

#[test]
fn bad_province() {
    for code in [
        "00", "10", "20", "22", "30", "37", "50", "54", "60", "66", "77", "83", "97", "99",
    ] {
        let s = format!("{code}24015203850002");
        assert_eq!(
            p(&s),
            Err(NikError::BadProvince {
                code: code.to_string()
            }),
            "{s}"
        );
    }
}

#[test]
fn province_list() {
    let valid: Vec<u8> = (0..=255u8).filter(|&c| is_valid_province(c)).collect();
    let mut want: Vec<u8> = (11..=19).collect();
    want.push(21);
    want.extend(31..=36);
    want.extend(51..=53);
    want.extend(61..=65);
    want.extend(71..=76);
    want.extend(81..=82);
    want.extend(91..=96);
    assert_eq!(valid, want);
}

#[test]
fn bad_day() {
    for dd in [0u32, 32, 39, 40, 72, 80, 99] {
        let s = format!("332401{dd:02}03850002");
        assert_eq!(p(&s), Err(NikError::BadDay { day: dd }), "{s}");
    }
    assert!(p("3324013103850002").is_ok());
    assert!(p("3324014103850002").is_ok());
    assert!(p("3324017103850002").is_ok());
}

#[test]
fn bad_date() {
    assert_eq!(
        p("3324013102850002"),
        Err(NikError::BadDate {
            day: 31,
            month: 2,
            year: 1985
        })
    );
    assert_eq!(
        p("3324017102850002"),
        Err(NikError::BadDate {
            day: 31,
            month: 2,
            year: 1985
        })
    );
    assert_eq!(
        p("3324011013850002"),
        Err(NikError::BadDate {
            day: 10,
            month: 13,
            year: 1985
        })
    );
    assert_eq!(
        p("3324011000850002"),
        Err(NikError::BadDate {
            day: 10,
            month: 0,
            year: 1985
        })
    );
    // 29 Feb only in leap years.
    assert_eq!(
        p("3324012902010002"),
        Err(NikError::BadDate {
            day: 29,
            month: 2,
            year: 2001
        })
    );
    assert_eq!(p("3324016902040002").unwrap().birth_date, d(2004, 2, 29));
}

#[test]
fn zero_serial() {
    assert_eq!(p("3324015203850000"), Err(NikError::ZeroSerial));
    assert_eq!(p("3324015203859999").unwrap().serial, 9999);
}

#[test]
fn check_order() {
    // Length beats province.
    assert_eq!(p("0024015203850"), Err(NikError::TooShort { len: 13 }));
    // Province beats day.
    assert_eq!(
        p("0024019903850000"),
        Err(NikError::BadProvince { code: "00".into() })
    );
    // Day beats date and serial.
    assert_eq!(p("3324019913850000"), Err(NikError::BadDay { day: 99 }));
    // Date beats serial.
    assert_eq!(
        p("3324013113850000"),
        Err(NikError::BadDate {
            day: 31,
            month: 13,
            year: 1985
        })
    );
    // Non-digit beats length.
    assert_eq!(p("33x"), Err(NikError::NonDigit { ch: 'x', pos: 2 }));
}

#[test]
fn masking() {
    let n = p("3324015203850002").unwrap().nik;
    assert_eq!(n.masked(), "3324••••••••0002");
    assert_eq!(n.masked_ascii(), "3324********0002");
    assert_eq!(n.to_string(), "3324015203850002");
}

#[test]
fn from_digits() {
    assert_eq!(
        Nik::from_digits("0000000000000000").map(|n| n.to_string()),
        Some("0000000000000000".to_string())
    );
    assert_eq!(Nik::from_digits("000000000000000"), None);
    assert_eq!(Nik::from_digits("00000000000000000"), None);
    assert_eq!(Nik::from_digits("000000000000000a"), None);
}

#[test]
fn warnings() {
    let info = p("3324015203850002").unwrap();
    assert!(check_against(&info, Sex::Female, Some(d(1985, 3, 12))).is_empty());
    assert!(check_against(&info, Sex::Female, None).is_empty());
    assert_eq!(
        check_against(&info, Sex::Male, None),
        vec![NikWarning::SexMismatch {
            nik: Sex::Female,
            recorded: Sex::Male
        }]
    );
    assert_eq!(
        check_against(&info, Sex::Male, Some(d(1985, 3, 13))),
        vec![
            NikWarning::SexMismatch {
                nik: Sex::Female,
                recorded: Sex::Male
            },
            NikWarning::BirthDateMismatch {
                nik: d(1985, 3, 12),
                recorded: d(1985, 3, 13)
            }
        ]
    );
}

#[test]
fn warning_ignores_century() {
    // A centenarian: NIK year 25 reads as 2025 but the record says 1925.
    let info = p("3324011005250001").unwrap();
    assert_eq!(info.birth_date, d(2025, 5, 10));
    assert!(check_against(&info, Sex::Male, Some(d(1925, 5, 10))).is_empty());
    assert_eq!(
        check_against(&info, Sex::Male, Some(d(1935, 5, 10))).len(),
        1
    );
}

#[test]
fn no_kk() {
    assert_eq!(
        parse_no_kk("'3324 0120 0110 0003").unwrap().as_str(),
        "3324012001100003"
    );
    // Issue date is not checked as a calendar date beyond day/month ranges.
    assert!(parse_no_kk("3324013102100003").is_ok());
    assert_eq!(
        parse_no_kk("3324014102100003"),
        Err(NikError::BadDay { day: 41 })
    );
    assert_eq!(
        parse_no_kk("3324010002100003"),
        Err(NikError::BadDay { day: 0 })
    );
    assert_eq!(
        parse_no_kk("3324011013100003"),
        Err(NikError::BadDate {
            day: 10,
            month: 13,
            year: 10
        })
    );
    assert_eq!(
        parse_no_kk("3324011000100003"),
        Err(NikError::BadDate {
            day: 10,
            month: 0,
            year: 10
        })
    );
    assert_eq!(parse_no_kk("3324011001100000"), Err(NikError::ZeroSerial));
    assert_eq!(
        parse_no_kk("3.32401E+15"),
        Err(NikError::ScientificNotation)
    );
    assert_eq!(
        parse_no_kk("3324011001100003.0"),
        Err(NikError::DecimalSuffix)
    );
    assert_eq!(parse_no_kk(""), Err(NikError::Empty));
    assert_eq!(
        parse_no_kk("332401100110000"),
        Err(NikError::TooShort { len: 15 })
    );
    assert_eq!(
        parse_no_kk("9924011001100003"),
        Err(NikError::BadProvince { code: "99".into() })
    );
}

#[test]
fn compose_examples() {
    assert_eq!(
        compose_nik(33, 24, 1, d(1985, 3, 12), Sex::Female, 2).as_str(),
        "3324015203850002"
    );
    assert_eq!(
        compose_nik(33, 24, 1, d(2005, 1, 2), Sex::Male, 123).as_str(),
        "3324010201050123"
    );
    assert_eq!(
        compose_no_kk(33, 24, 4, d(2010, 11, 20), 77).as_str(),
        "3324042011100077"
    );
}

#[test]
fn compose_always_16_digits() {
    let n = compose_nik(255, 200, 123, d(1985, 3, 12), Sex::Female, 65535);
    assert_eq!(n.as_str().len(), 16);
    assert!(n.as_str().bytes().all(|b| b.is_ascii_digit()));
}

#[test]
fn compose_then_parse_round_trip() {
    let today = d(2026, 6, 1);
    let mut date = d(1927, 1, 1);
    let mut serial: u16 = 1;
    let mut count = 0;
    while date <= today {
        for sex in [Sex::Male, Sex::Female] {
            let nik = compose_nik(33, 24, 4, date, sex, serial);
            let info = parse_nik(nik.as_str(), today).unwrap();
            assert_eq!(info.nik, nik);
            assert_eq!(info.province, 33);
            assert_eq!(info.regency, 24);
            assert_eq!(info.district, 4);
            assert_eq!(info.birth_date, date);
            assert_eq!(info.sex, sex);
            assert_eq!(info.serial, serial);
            assert!(check_against(&info, sex, Some(date)).is_empty());
            count += 1;
        }
        serial = serial % 9999 + 1;
        date += chrono::Duration::days(5);
    }
    assert!(count > 10_000);
}

#[test]
fn compose_no_kk_then_parse() {
    let mut date = d(1990, 1, 1);
    while date < d(2026, 1, 1) {
        let kk = compose_no_kk(52, 71, 3, date, 9999);
        assert_eq!(parse_no_kk(kk.as_str()), Ok(kk));
        date += chrono::Duration::days(13);
    }
}
