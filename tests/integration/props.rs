//! Property tests for the parsers that read what people (and spreadsheets) type: whatever
//! the input, they answer with a value or a named error, never a panic, and what they
//! accept is consistent with itself.

use chrono::NaiveDate;
use pilar::domain::dates::{parse_birth_date, parse_date_input, parse_written_date};
use pilar::domain::nik::{compose_nik, parse_nik, parse_no_kk};
use pilar::domain::phone::parse_phone;
use pilar::domain::text::{is_hostile, neutralize};
use pilar::domain::{Sex, age_on};
use pilar::filter::{normalize, parse};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn nik_parsing_never_panics(s in "\\PC{0,24}") {
        let _ = parse_nik(&s, today());
        let _ = parse_no_kk(&s);
    }

    #[test]
    fn nik_like_inputs_never_panic(s in "[0-9 .,eE+'-]{0,20}") {
        let _ = parse_nik(&s, today());
        let _ = parse_no_kk(&s);
    }

    #[test]
    fn a_composed_nik_parses_back(
        day in 0i64..36_000,
        female in any::<bool>(),
        district in 1u8..40,
        serial in 1u16..10_000,
    ) {
        let birth = today() - chrono::Duration::days(day);
        let sex = if female { Sex::Female } else { Sex::Male };
        let nik = compose_nik(33, 24, district, birth, sex, serial);
        let info = parse_nik(nik.as_str(), today()).unwrap();
        prop_assert_eq!(info.sex, sex);
        prop_assert_eq!(info.serial, serial);
        // Two-digit years: the century is the latest one not in the future.
        prop_assert_eq!(age_on(info.birth_date, today()) % 100, age_on(birth, today()) % 100);
    }

    #[test]
    fn date_input_never_panics(s in "\\PC{0,16}", shift in -20_000i64..20_000) {
        let today = today() + chrono::Duration::days(shift);
        let _ = parse_date_input(&s, today);
    }

    #[test]
    fn date_like_inputs_never_panic(s in "[0-9/.+ -]{0,12}|[a-z ]{0,12}") {
        let _ = parse_date_input(&s, today());
    }

    #[test]
    fn filter_language_never_panics_and_normalizes_once(s in "\\PC{0,60}") {
        let q = parse(&s);
        for w in &q.words {
            prop_assert_eq!(&normalize(w), w);
        }
        let n = normalize(&s);
        prop_assert_eq!(normalize(&n), n);
    }

    #[test]
    fn filter_terms_never_panic(s in "(([a-z]{1,12}):([<>=]{0,2}[a-z0-9\"]{0,8}) ?){0,6}") {
        let _ = parse(&s);
    }

    #[test]
    fn neutralized_text_is_inert(s in "\\PC{0,40}|[\\u{0}-\\u{1f}\\u{7f}-\\u{9f}\\u{ad}\\u{61c}\\u{115f}\\u{1160}\\u{180e}\\u{200b}-\\u{200f}\\u{2028}-\\u{202e}\\u{2060}-\\u{206f}\\u{3164}\\u{fe00}-\\u{fe0f}\\u{ffa0}\\u{e0000}-\\u{e007f}a\\u{2764}]{0,10}") {
        prop_assert!(!neutralize(&s).chars().any(is_hostile));
    }

    #[test]
    fn phone_parsing_never_panics_and_gives_a_national_number(s in "\\PC{0,24}|[0-9 +().,eE'-]{0,20}") {
        if let Ok(p) = parse_phone(&s) {
            prop_assert!(p.starts_with('0'), "{p}");
            prop_assert!((9..=15).contains(&p.len()), "{p}");
            prop_assert!(p.bytes().all(|b| b.is_ascii_digit()), "{p}");
            // Its own national form parses to itself.
            prop_assert_eq!(parse_phone(&p), Ok(p.clone()));
        }
    }

    #[test]
    fn a_birth_date_is_never_in_the_future(s in "\\PC{0,16}|[0-9/.+ -]{0,12}|[0-9]{1,2} [a-z]{3,9} [0-9]{2,4}", shift in -20_000i64..20_000) {
        let today = today() + chrono::Duration::days(shift);
        if let Ok(d) = parse_birth_date(&s, today) {
            prop_assert!(d <= today, "{s:?} gave {d}");
        }
        let _ = parse_written_date(&s);
    }
}
