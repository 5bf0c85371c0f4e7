//! Indonesian phone numbers as people and spreadsheets write them. A number is kept in its
//! national form (`08…`, `02…`: digits only, leading 0), whatever separators or country
//! prefix it was written with (`+62 812-3456-7890`, `62812…`). Spreadsheet damage is refused
//! with its own error, as for a NIK: scientific notation (`6,28123E+12`: the last digits are
//! gone), a decimal tail (`81234000222.0`), and a number whose leading 0 was dropped because
//! the cell was a number (`81234000222`).

use super::nik::{is_decimal_suffix, is_scientific};

/// Fewest and most digits of a number in its national form (with the leading 0).
pub const MIN_DIGITS: usize = 9;
pub const MAX_DIGITS: usize = 15;

/// Why text is not a phone number. Checked in the order of the variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    /// e.g. "6,28123E+12": a spreadsheet turned it into a float and dropped digits.
    ScientificNotation,
    /// e.g. "81234000222.0": the spreadsheet column is numeric.
    DecimalSuffix,
    /// A character other than digits, spaces, `-`, `.`, `/`, brackets and a leading `+`;
    /// `pos` is its 0-based char index in the trimmed input.
    NonDigit {
        ch: char,
        pos: usize,
    },
    /// `+` followed by a country code other than 62.
    NotIndonesian,
    /// Digits that start with neither 0 nor 62: the leading 0 was lost (a number cell).
    LeadingZeroLost,
    /// Digits in the national form, outside 9..=15.
    TooShort {
        len: usize,
    },
    TooLong {
        len: usize,
    },
}

/// Parses a phone number into its national form: `"+62 812-3456-7890"` ->
/// `"081234567890"`. One leading apostrophe (a spreadsheet's text marker) is ignored.
pub fn parse_phone(input: &str) -> Result<String, PhoneError> {
    let t = input.trim();
    let t = t.strip_prefix('\'').unwrap_or(t).trim();
    if t.is_empty() {
        return Err(PhoneError::Empty);
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if is_scientific(&compact) {
        return Err(PhoneError::ScientificNotation);
    }
    if is_decimal_suffix(&compact) {
        return Err(PhoneError::DecimalSuffix);
    }
    let mut digits = String::with_capacity(t.len());
    let mut plus = false;
    for (pos, ch) in t.chars().enumerate() {
        match ch {
            '0'..='9' => digits.push(ch),
            '+' if digits.is_empty() && !plus => plus = true,
            '-' | '.' | '/' | '(' | ')' => {}
            c if c.is_whitespace() => {}
            _ => return Err(PhoneError::NonDigit { ch, pos }),
        }
    }
    let national = if let Some(rest) = digits.strip_prefix("62") {
        format!("0{rest}")
    } else if plus {
        return Err(PhoneError::NotIndonesian);
    } else if digits.starts_with('0') {
        digits
    } else {
        return Err(PhoneError::LeadingZeroLost);
    };
    match national.len() {
        n if n < MIN_DIGITS => Err(PhoneError::TooShort { len: n }),
        n if n > MAX_DIGITS => Err(PhoneError::TooLong { len: n }),
        _ => Ok(national),
    }
}

/// An optional phone field: empty text is no number.
pub fn parse_optional_phone(input: &str) -> Result<String, PhoneError> {
    match parse_phone(input) {
        Err(PhoneError::Empty) => Ok(String::new()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_and_international_forms_agree() {
        for s in [
            "081234567890",
            "0812-3456-7890",
            "0812 3456 7890",
            "0812.3456.7890",
            "+6281234567890",
            "+62 812-3456-7890",
            "6281234567890",
            "'081234567890",
            " (0812) 3456 7890 ",
            "62 812 3456 7890",
        ] {
            assert_eq!(parse_phone(s), Ok("081234567890".to_string()), "{s}");
        }
        assert_eq!(parse_phone("(0294) 381234"), Ok("0294381234".to_string()));
        assert_eq!(parse_phone("021-1234567"), Ok("0211234567".to_string()));
    }

    #[test]
    fn spreadsheet_damage_is_refused() {
        for s in ["6,28123E+12", "6.28123E+12", "6.28123e12", "8,1234E+10"] {
            assert_eq!(parse_phone(s), Err(PhoneError::ScientificNotation), "{s}");
        }
        assert_eq!(parse_phone("81234000222.0"), Err(PhoneError::DecimalSuffix));
        // An xlsx number cell: the leading 0 is gone.
        assert_eq!(parse_phone("81234000222"), Err(PhoneError::LeadingZeroLost));
    }

    #[test]
    fn wrong_numbers_are_named() {
        assert_eq!(parse_phone(""), Err(PhoneError::Empty));
        assert_eq!(parse_phone(" ' "), Err(PhoneError::Empty));
        assert_eq!(
            parse_phone("0812x3456"),
            Err(PhoneError::NonDigit { ch: 'x', pos: 4 })
        );
        assert_eq!(
            parse_phone("08123+45678"),
            Err(PhoneError::NonDigit { ch: '+', pos: 5 })
        );
        assert_eq!(
            parse_phone("+1 555 123 4567"),
            Err(PhoneError::NotIndonesian)
        );
        assert_eq!(parse_phone("0812345"), Err(PhoneError::TooShort { len: 7 }));
        assert_eq!(
            parse_phone("0812345678901234"),
            Err(PhoneError::TooLong { len: 16 })
        );
        assert_eq!(parse_optional_phone("  "), Ok(String::new()));
        assert_eq!(
            parse_optional_phone("6,28123E+12"),
            Err(PhoneError::ScientificNotation)
        );
    }
}
