//! The terminal pilar draws on, chosen once at start from the environment: `TERM` (old
//! terminals get ASCII and no synchronized output), the locale (not UTF-8: ASCII),
//! `--ascii`, `NO_COLOR` (monochrome) and `--theme`/`PILAR_THEME` (the palette); and
//! [`ClassicSgr`], the writer that puts every colour in the classic SGR codes (30-37,
//! 90-97 and their backgrounds) instead of crossterm's `38;5;N`, which a vt100, the Linux
//! console or a 16-colour terminal reads as something else (blink, for one).

pub mod lean;

use std::io::{self, Write};

use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::ui::theme::{Palette, Theme};

/// What the terminal named by `TERM` can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capability {
    /// Only ASCII: no box drawing, blocks, arrows or quotes (`dumb`, `vt100`, `vt220`).
    pub ascii: bool,
    /// Synchronized output (`?2026`), which the old terminals do not know.
    pub sync: bool,
}

/// The capability of the terminal `TERM` names (unset: a modern terminal). Every terminal
/// gets at most the 16 named colours, written by [`ClassicSgr`].
pub fn capability(term: Option<&str>) -> Capability {
    let name = term.unwrap_or("").trim().to_ascii_lowercase();
    // `vt100-am`, `vt220-8bit`: variants of the same terminals.
    let family = name.split('-').next().unwrap_or("");
    let old = matches!(family, "dumb" | "vt52" | "vt100" | "vt102" | "vt220");
    Capability {
        ascii: old,
        sync: !old,
    }
}

/// The palette asked for: `--theme`, else `PILAR_THEME` (empty counts as unset), else
/// dark. An unknown value is an error naming where it came from.
pub fn palette(flag: Option<&str>, env: Option<&str>, lang: Lang) -> Result<Palette, String> {
    let (value, source) = match (flag, env.filter(|v| !v.trim().is_empty())) {
        (Some(v), _) => (v, "--theme"),
        (None, Some(v)) => (v, "PILAR_THEME"),
        (None, None) => return Ok(Palette::Dark),
    };
    Palette::parse(value).ok_or_else(|| fill(tr(lang, T::ErrTheme), &[&value, &source]))
}

/// The theme for this session from the arguments and the environment.
pub fn theme(ascii_flag: bool, theme_flag: Option<&str>, lang: Lang) -> Result<Theme, String> {
    let env = std::env::var("PILAR_THEME").ok();
    let palette = palette(theme_flag, env.as_deref(), lang)?;
    let cap = capability(std::env::var("TERM").ok().as_deref());
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let ascii = ascii_flag || cap.ascii || ascii_locale();
    let mut theme = Theme::with_palette(palette, color, ascii);
    theme.sync = cap.sync;
    Ok(theme)
}

/// True when the locale cannot show box-drawing characters.
fn ascii_locale() -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let v = v.to_lowercase();
            return !(v.contains("utf-8") || v.contains("utf8"));
        }
    }
    true
}

/// A writer that rewrites SGR colour parameters to the classic codes: `38;5;N` becomes
/// `30+N` (`90+N-8` for the bright eight), `48;5;N` becomes `40+N` (`100+N-8`), and the
/// underline colour (`58;…`, `59`) is dropped; everything else passes through unchanged.
/// An escape sequence split across two writes is held until it is complete.
pub struct ClassicSgr<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

const ESC: u8 = 0x1b;

impl<W: Write> ClassicSgr<W> {
    pub fn new(inner: W) -> ClassicSgr<W> {
        ClassicSgr {
            inner,
            pending: Vec::new(),
        }
    }

    pub fn get_ref(&self) -> &W {
        &self.inner
    }
}

/// The parameters of one SGR sequence in classic codes (`None`: nothing left to say).
fn classic(params: &str) -> Option<String> {
    if params.is_empty() {
        return Some(String::new());
    }
    let parts: Vec<&str> = params.split(';').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let p = parts[i];
        match p {
            "38" | "48" | "58" if parts.get(i + 1) == Some(&"5") => {
                let n: Option<u8> = parts.get(i + 2).and_then(|n| n.parse().ok());
                i += 3;
                let (base, bright) = match p {
                    "38" => (30, 90),
                    "48" => (40, 100),
                    _ => continue,
                };
                match n {
                    Some(n) if n < 8 => out.push((base + u32::from(n)).to_string()),
                    Some(n) if n < 16 => out.push((bright + u32::from(n) - 8).to_string()),
                    // Not one of the 16 (pilar uses none): the terminal's default.
                    _ => out.push(if p == "38" { "39" } else { "49" }.into()),
                }
            }
            "38" | "48" | "58" if parts.get(i + 1) == Some(&"2") => {
                i += 5;
                if p != "58" {
                    out.push(if p == "38" { "39" } else { "49" }.into());
                }
            }
            "59" => i += 1,
            _ => {
                out.push(p.to_string());
                i += 1;
            }
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out.join(";"))
    }
}

impl<W: Write> Write for ClassicSgr<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        for &b in buf {
            if self.pending.is_empty() {
                if b == ESC {
                    self.pending.push(b);
                } else {
                    out.push(b);
                }
                continue;
            }
            self.pending.push(b);
            if self.pending.len() == 2 {
                if b != b'[' {
                    out.append(&mut self.pending);
                }
                continue;
            }
            if (0x40..=0x7e).contains(&b) {
                let seq = std::mem::take(&mut self.pending);
                let params = &seq[2..seq.len() - 1];
                if b == b'm'
                    && let Ok(text) = std::str::from_utf8(params)
                    && text.bytes().all(|c| c.is_ascii_digit() || c == b';')
                {
                    if let Some(p) = classic(text) {
                        out.extend_from_slice(format!("\x1b[{p}m").as_bytes());
                    }
                } else {
                    out.extend_from_slice(&seq);
                }
            } else if self.pending.len() > 64 {
                out.append(&mut self.pending);
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(chunks: &[&[u8]]) -> String {
        let mut w = ClassicSgr::new(Vec::new());
        for c in chunks {
            w.write_all(c).unwrap();
        }
        String::from_utf8(w.get_ref().clone()).unwrap()
    }

    #[test]
    fn colours_become_classic_sgr_codes() {
        assert_eq!(rewrite(&[b"\x1b[38;5;1mX"]), "\x1b[31mX");
        assert_eq!(rewrite(&[b"\x1b[38;5;12;48;5;0;1m"]), "\x1b[94;40;1m");
        assert_eq!(rewrite(&[b"\x1b[48;5;15m"]), "\x1b[107m");
        assert_eq!(rewrite(&[b"\x1b[59m"]), "");
        assert_eq!(rewrite(&[b"a\x1b[0mb"]), "a\x1b[0mb");
        assert_eq!(rewrite(&[b"\x1b[m"]), "\x1b[m");
        assert_eq!(rewrite(&[b"\x1b[38;2;1;2;3m"]), "\x1b[39m");
        // Other sequences pass through as they are, split or not.
        assert_eq!(
            rewrite(&[b"\x1b[?2004h\x1b[5;10H"]),
            "\x1b[?2004h\x1b[5;10H"
        );
        assert_eq!(rewrite(&[b"\x1b[38;", b"5;", b"3mY"]), "\x1b[33mY");
        assert_eq!(rewrite(&[b"\x1b", b"7z"]), "\x1b7z");
    }

    #[test]
    fn old_terminals_get_ascii_and_no_synchronized_output() {
        for term in ["dumb", "vt100", "vt220", "VT100", "vt100-am"] {
            let c = capability(Some(term));
            assert!(c.ascii && !c.sync, "{term}");
        }
        for term in ["linux", "xterm-256color", "screen", "tmux-256color"] {
            let c = capability(Some(term));
            assert!(!c.ascii && c.sync, "{term}");
        }
        assert!(!capability(None).ascii);
    }

    #[test]
    fn the_palette_comes_from_the_flag_then_the_variable() {
        assert_eq!(palette(None, None, Lang::En), Ok(Palette::Dark));
        assert_eq!(palette(None, Some(""), Lang::En), Ok(Palette::Dark));
        assert_eq!(palette(None, Some("light"), Lang::En), Ok(Palette::Light));
        assert_eq!(
            palette(Some("dark"), Some("light"), Lang::En),
            Ok(Palette::Dark)
        );
        let e = palette(None, Some("blue"), Lang::En).unwrap_err();
        assert!(e.contains("PILAR_THEME") && e.contains("blue"), "{e}");
        let e = palette(Some("blue"), None, Lang::Id).unwrap_err();
        assert!(e.contains("--theme") && e.contains("blue"), "{e}");
    }
}
