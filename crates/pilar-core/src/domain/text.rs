//! Hostile text made inert. Names, notes and imported cells must not move the cursor,
//! change colours, retitle the terminal or reorder text: control characters (C0, DEL, C1),
//! bidirectional overrides and isolates, and zero-width characters become U+FFFD. Applied
//! when text is stored and again when it is drawn.

/// True for a character that could steer a terminal or reorder what is shown.
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// `s` with every hostile character replaced by U+FFFD.
pub fn neutralize(s: &str) -> String {
    s.chars()
        .map(|c| if is_hostile(c) { '\u{FFFD}' } else { c })
        .collect()
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
    fn clean_keeps_words_apart() {
        assert_eq!(clean("  Rumah\tbocor\r\nparah "), "Rumah bocor  parah");
    }
}
