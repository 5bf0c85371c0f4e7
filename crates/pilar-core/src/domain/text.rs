//! Hostile text made inert. Names, notes, imported cells, column headers and anything else
//! that comes from a file or a database must not move the cursor, change colours, retitle
//! the terminal, reorder text or hide in it: control characters (C0, DEL, C1, line and
//! paragraph separators), bidirectional marks, overrides and isolates, zero-width and other
//! invisible format characters (soft hyphen, word joiner, invisible operators, Mongolian
//! vowel separator, Hangul fillers, tag characters) become U+FFFD, and so does a variation
//! selector that does not follow an emoji. [`neutralize`] is the one function every such
//! text goes through before it is printed or drawn; [`clean`] (the store's, on every write)
//! is the same plus spaces for tabs and line ends.

/// True for a character that could steer a terminal, reorder what is shown or hide in it.
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// A variation selector (text or emoji style, or an ideographic variant).
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Characters a variation selector may follow: emoji and symbols that have an emoji
/// presentation, and the keycap bases.
fn takes_variation(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '#'
            | '*'
            | '\u{00A9}'
            | '\u{00AE}'
            | '\u{203C}'
            | '\u{2049}'
            | '\u{2122}'
            | '\u{2139}'
            | '\u{2194}'..='\u{21AA}'
            | '\u{231A}'..='\u{23FF}'
            | '\u{24C2}'
            | '\u{25AA}'..='\u{27BF}'
            | '\u{2934}'..='\u{2935}'
            | '\u{2B05}'..='\u{2B55}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{3297}'
            | '\u{3299}'
            | '\u{1F000}'..='\u{1FAFF}'
    )
}

/// `s` with every hostile character, and every variation selector that does not follow an
/// emoji, replaced by U+FFFD. The one neutraliser of text from files and databases.
pub fn neutralize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let inert =
            is_hostile(c) || (is_variation_selector(c) && !prev.is_some_and(takes_variation));
        out.push(if inert { '\u{FFFD}' } else { c });
        prev = Some(c);
    }
    out
}

/// For stored fields: neutralized, with tabs and newlines (which a form or a spreadsheet
/// cell may carry) turned into spaces first, and surrounding space trimmed.
pub fn clean(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    neutralize(spaced.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_bidi_and_zero_width_become_inert() {
        let s = neutralize("Siti\u{1b}[2J\u{1b}]0;x\u{7}\u{202E}Aminah\u{200B}\u{9b}");
        assert!(!s.chars().any(is_hostile));
        assert!(s.starts_with("Siti\u{FFFD}[2J"));
        assert_eq!(neutralize("Ñoño Sànti 漢字"), "Ñoño Sànti 漢字");
    }

    #[test]
    fn invisible_format_characters_become_inert() {
        // Adversarial test F9: each of these reached storage and the terminal.
        for c in [
            '\u{061C}',
            '\u{2060}',
            '\u{2061}',
            '\u{2062}',
            '\u{2063}',
            '\u{2064}',
            '\u{2028}',
            '\u{2029}',
            '\u{00AD}',
            '\u{180E}',
            '\u{115F}',
            '\u{1160}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{E0000}',
            '\u{E0001}',
            '\u{E0041}',
            '\u{E007F}',
        ] {
            let s = format!("Siti{c}Aminah");
            assert!(is_hostile(c), "U+{:04X}", c as u32);
            assert_eq!(neutralize(&s), "Siti\u{FFFD}Aminah", "U+{:04X}", c as u32);
            assert_eq!(clean(&s), "Siti\u{FFFD}Aminah", "U+{:04X}", c as u32);
        }
        // A variation selector stays on an emoji and goes anywhere else.
        assert_eq!(neutralize("\u{2764}\u{FE0F} ok"), "\u{2764}\u{FE0F} ok");
        assert_eq!(neutralize("\u{1F600}\u{FE0F}"), "\u{1F600}\u{FE0F}");
        assert_eq!(neutralize("Siti\u{FE0F}"), "Siti\u{FFFD}");
        assert_eq!(neutralize("\u{FE0F}Siti"), "\u{FFFD}Siti");
        assert_eq!(neutralize("A\u{FE00}\u{E0100}"), "A\u{FFFD}\u{FFFD}");
        // Letters of every script stay.
        assert_eq!(
            neutralize("Ñoño Sànti 漢字 한글 ا"),
            "Ñoño Sànti 漢字 한글 ا"
        );
    }

    #[test]
    fn clean_keeps_words_apart() {
        assert_eq!(clean("  Rumah\tbocor\r\nparah "), "Rumah bocor  parah");
    }
}
