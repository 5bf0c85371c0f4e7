//! Search-box language of the caseload list. A facilitator types free words
//! (names), digit runs (NIK, No KK, phone) and `key:value` filters such as
//! `desa:curugsewu desil:<=2 kunjungan:>30`, in Indonesian or English. This
//! module turns that text into a typed [`Query`] so that the storage layer can
//! build its SQL and the interface can report mistakes, without either of them
//! re-parsing the input. It does no I/O, builds no SQL and produces no
//! sentences: problems are returned as [`TermError`] values.

use crate::domain::component::Component;
use crate::domain::graduation::{HouseholdStatus, PasTag};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Comparison operator of a numeric term (`desil:<=2`, `masuk:2019`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Cmp {
    /// The SQL operator: "<", "<=", "=", ">=", ">".
    pub fn sql(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "=",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
        }
    }
}

/// Which follow-up state a household must be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Overdue,
    DueToday,
    Upcoming,
    /// Any open follow-up.
    Open,
    /// No open follow-up.
    None,
}

/// One recognised `key:value` filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Normalized (see [`normalize`]); matches villages starting with it.
    Village(String),
    /// One value, or "semua"/"all" = all four statuses.
    Status(Vec<HouseholdStatus>),
    Component(Component),
    Business(bool),
    /// Desil 1..=10.
    Desil(Cmp, u8),
    /// Days since the last visit: `kunjungan:>30` = not visited for more than
    /// 30 days. Never-visited households are [`Term::NeverVisited`].
    DaysSinceVisit(Cmp, u32),
    NeverVisited,
    FollowUp(FollowUp),
    /// Status calon_graduasi (true) or not (false).
    Candidate(bool),
    /// Year joined PKH, 2000..=2100.
    Joined(Cmp, i32),
    /// Graduation readiness score 0..=100 ([`crate::domain::readiness`]); a bare number
    /// means "at least": `siap:70` is a score of 70 or more.
    Ready(Cmp, u8),
    Pas(PasTag),
    /// Normalized facilitator name or login prefix.
    Worker(String),
    /// An active family above desil 4 (true) or not (false):
    /// [`crate::domain::household::above_desil_limit`].
    DesilAboveLimit(bool),
    /// A tahap of last year or this year not received (true) or none (false):
    /// `bayar:masalah` / `pay:problem` ([`crate::domain::payment`]).
    PayProblem(bool),
    /// A member not met their commitments N months in a row (true) or none (false):
    /// [`crate::domain::verification::not_met_run`], N a setting.
    Failing(bool),
    /// Normalized beginning of the name of the family's P2K2 group (`p2k2_groups`).
    Group(String),
    /// P2K2 completion in percent (sessions attended of those its group held,
    /// [`crate::domain::groups::completion`]); `p2k2:<50`. A bare number is "at least",
    /// like `siap:`. Families whose group held no session yet have no completion.
    P2k2(Cmp, u8),
}

/// Why a term was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermErrorKind {
    /// The key is not one of [`KEYS`] (or an alias): `warna:merah`.
    UnknownKey,
    /// The key is known, the value is not.
    BadValue { expected: Expected },
    /// Nothing after the colon (`desa:`), or only quotes or punctuation.
    Empty,
}

/// What a key's value should have looked like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// ya/yes/y/1 or tidak/no/n/0.
    YesNo,
    /// A well-formed comparison whose number is out of range (desil outside
    /// 1..=10, days too large to count).
    Number,
    /// A comparison like `<=2`, `>30`, `5`.
    Comparison,
    Status,
    Component,
    FollowUp,
    Pas,
    /// A year comparison in 2000..=2100 like `<2020`, `2019`.
    Year,
    /// masalah/problem (or ya/yes), lancar/ok (or tidak/no).
    PayProblem,
}

/// A term that was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermError {
    /// The term exactly as typed (quotes included).
    pub term: String,
    pub kind: TermErrorKind,
}

/// The parsed search box.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Free words, normalized, in typed order (match names in any order, as
    /// word prefixes).
    pub words: Vec<String>,
    /// Free tokens made only of digits (4 or more): NIK / No KK / phone
    /// prefixes. A leading '+62' or '62' of a phone is NOT rewritten; digits
    /// are kept as typed.
    pub numbers: Vec<String>,
    pub terms: Vec<Term>,
    pub errors: Vec<TermError>,
}

impl Query {
    /// No words, numbers or terms (errors are ignored).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.numbers.is_empty() && self.terms.is_empty()
    }
}

/// All keys, for help text and completion: (Indonesian key, English key).
/// Aliases also accepted: `kelurahan` (= desa), `tl` (= tindaklanjut).
pub const KEYS: &[(&str, &str)] = &[
    ("desa", "village"),
    ("status", "status"),
    ("komponen", "component"),
    ("usaha", "business"),
    ("desil", "decile"),
    ("kunjungan", "visit"),
    ("tindaklanjut", "followup"),
    ("calon", "candidate"),
    ("masuk", "joined"),
    ("pas", "pas"),
    ("pendamping", "facilitator"),
    ("desilnaik", "decilerisen"),
    ("siap", "ready"),
    ("bayar", "pay"),
    ("gagal", "failing"),
    ("kelompok", "group"),
    ("p2k2", "p2k2"),
];

/// Lowercase, strip diacritics (Unicode NFD then drop combining marks), map
/// any run of non-alphanumeric characters to one space, trim.
/// "Sàntí  Ñur'aini" -> "santi nur aini".
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.to_lowercase().nfd().filter(|&c| !is_combining_mark(c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Parses the whole input. Tokens are separated by whitespace; a token
/// containing ':' is a term; `"quoted words"` after a colon
/// (`desa:"sumber rahayu"`) keep their spaces (an unclosed quote runs to the
/// end of the input). Unknown keys and bad values go to `errors`, the rest
/// still apply.
///
/// A free token is normalized and split into words; a word made only of
/// ASCII digits goes to `numbers` when it has 4 or more digits. A free token
/// that looks like a phone or ID number (digits with an optional leading '+'
/// and '-' or '.' between digit groups, e.g. `+62812-3456`) is kept as one
/// number of its digits (`62812 3456` joined: `628123456`).
pub fn parse(input: &str) -> Query {
    let mut q = Query::default();
    for token in tokens(input) {
        match token.split_once(':') {
            Some((key, value)) => match parse_term(key, value) {
                Ok(term) => q.terms.push(term),
                Err(kind) => q.errors.push(TermError {
                    term: token.to_string(),
                    kind,
                }),
            },
            None => push_free(&mut q, token),
        }
    }
    q
}

/// Splits on whitespace, except inside double quotes that come after a colon
/// in the same token.
fn tokens(input: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut seen_colon = false;
    let mut in_quote = false;
    for (i, c) in input.char_indices() {
        match start {
            None => {
                if !c.is_whitespace() {
                    start = Some(i);
                    seen_colon = c == ':';
                    in_quote = false;
                }
            }
            Some(s) => {
                if in_quote {
                    if c == '"' {
                        in_quote = false;
                    }
                } else if c.is_whitespace() {
                    out.push(&input[s..i]);
                    start = None;
                } else if c == ':' {
                    seen_colon = true;
                } else if c == '"' && seen_colon {
                    in_quote = true;
                }
            }
        }
    }
    if let Some(s) = start {
        out.push(&input[s..]);
    }
    out
}

fn push_free(q: &mut Query, token: &str) {
    if let Some(digits) = phone_like(token) {
        q.numbers.push(digits);
        return;
    }
    for word in normalize(token).split(' ').filter(|w| !w.is_empty()) {
        if word.len() >= 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            q.numbers.push(word.to_string());
        } else {
            q.words.push(word.to_string());
        }
    }
}

/// Digits of a token like `+6281234`, `0812-3456-7890` or `3324.0112`: an
/// optional leading '+', then ASCII digit groups joined by single '-' or '.'
/// (at least 4 digits in all). None for anything else.
fn phone_like(token: &str) -> Option<String> {
    let body = token.strip_prefix('+').unwrap_or(token);
    let mut digits = String::with_capacity(body.len());
    let mut prev_digit = false;
    for c in body.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            prev_digit = true;
        } else if (c == '-' || c == '.') && prev_digit {
            prev_digit = false;
        } else {
            return None;
        }
    }
    (prev_digit && digits.len() >= 4).then_some(digits)
}

#[derive(Clone, Copy)]
enum Key {
    Village,
    Status,
    Component,
    Business,
    Desil,
    Visit,
    FollowUp,
    Candidate,
    Joined,
    Pas,
    Worker,
    DesilAboveLimit,
    Ready,
    Pay,
    Failing,
    Group,
    P2k2,
}

/// Key lookup: case-insensitive, ignoring everything but letters and digits
/// (so `Tindak_Lanjut` and `follow-up` are accepted).
fn key_of(raw: &str) -> Option<Key> {
    let k: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Some(match k.as_str() {
        "desa" | "kelurahan" | "village" => Key::Village,
        "status" => Key::Status,
        "komponen" | "component" => Key::Component,
        "usaha" | "business" => Key::Business,
        "desil" | "decile" => Key::Desil,
        "kunjungan" | "visit" => Key::Visit,
        "tindaklanjut" | "tl" | "followup" => Key::FollowUp,
        "calon" | "candidate" => Key::Candidate,
        "masuk" | "joined" => Key::Joined,
        "pas" => Key::Pas,
        "pendamping" | "facilitator" => Key::Worker,
        "desilnaik" | "decilerisen" => Key::DesilAboveLimit,
        "siap" | "ready" | "kesiapan" | "readiness" => Key::Ready,
        "bayar" | "pay" | "pembayaran" | "payment" => Key::Pay,
        "gagal" | "failing" => Key::Failing,
        "kelompok" | "group" => Key::Group,
        "p2k2" => Key::P2k2,
        _ => return None,
    })
}

fn bad(expected: Expected) -> TermErrorKind {
    TermErrorKind::BadValue { expected }
}

fn parse_term(raw_key: &str, raw_value: &str) -> Result<Term, TermErrorKind> {
    let key = key_of(raw_key).ok_or(TermErrorKind::UnknownKey)?;
    let value: String = raw_value.chars().filter(|&c| c != '"').collect();
    let value = value.trim();
    if value.is_empty() {
        return Err(TermErrorKind::Empty);
    }
    // Word values compare in this form: "Anak Usia-Dini" -> "anak_usia_dini".
    let word = normalize(value).replace(' ', "_");
    match key {
        Key::Village | Key::Worker | Key::Group => {
            let text = normalize(value);
            if text.is_empty() {
                return Err(TermErrorKind::Empty);
            }
            Ok(match key {
                Key::Village => Term::Village(text),
                Key::Group => Term::Group(text),
                _ => Term::Worker(text),
            })
        }
        Key::Failing => yes_no(&word).map(Term::Failing).ok_or(bad(Expected::YesNo)),
        Key::Status => status(&word).map(Term::Status).ok_or(bad(Expected::Status)),
        Key::Component => component(&word)
            .map(Term::Component)
            .ok_or(bad(Expected::Component)),
        Key::Business => yes_no(&word)
            .map(Term::Business)
            .ok_or(bad(Expected::YesNo)),
        Key::Candidate => yes_no(&word)
            .map(Term::Candidate)
            .ok_or(bad(Expected::YesNo)),
        Key::DesilAboveLimit => yes_no(&word)
            .map(Term::DesilAboveLimit)
            .ok_or(bad(Expected::YesNo)),
        Key::Pay => match word.as_str() {
            "masalah" | "problem" | "problems" => Ok(Term::PayProblem(true)),
            "lancar" | "ok" => Ok(Term::PayProblem(false)),
            _ => yes_no(&word)
                .map(Term::PayProblem)
                .ok_or(bad(Expected::PayProblem)),
        },
        Key::Desil => {
            let (cmp, n) = comparison(value).ok_or(bad(Expected::Comparison))?;
            // The same rule as the form and the import (`domain::fields`).
            i64::try_from(n)
                .ok()
                .and_then(|n| crate::domain::fields::Desil::new(n).ok())
                .map(|d| Term::Desil(cmp, d.get()))
                .ok_or(bad(Expected::Number))
        }
        Key::Visit => {
            if matches!(
                word.as_str(),
                "belum" | "never" | "belum_pernah" | "tidak_pernah"
            ) {
                return Ok(Term::NeverVisited);
            }
            let (cmp, n) = comparison(value).ok_or(bad(Expected::Comparison))?;
            u32::try_from(n)
                .map(|days| Term::DaysSinceVisit(cmp, days))
                .map_err(|_| bad(Expected::Number))
        }
        Key::FollowUp => follow_up(&word)
            .map(Term::FollowUp)
            .ok_or(bad(Expected::FollowUp)),
        Key::Joined => {
            let (cmp, n) = comparison(value).ok_or(bad(Expected::Year))?;
            match i32::try_from(n) {
                Ok(y) if (2000..=2100).contains(&y) => Ok(Term::Joined(cmp, y)),
                _ => Err(bad(Expected::Year)),
            }
        }
        Key::Pas => pas(&word).map(Term::Pas).ok_or(bad(Expected::Pas)),
        Key::Ready | Key::P2k2 => {
            let value = value.trim_end_matches('%');
            let (cmp, n) = comparison(value).ok_or(bad(Expected::Comparison))?;
            // A bare number is a threshold: `siap:70` = 70 or more.
            let cmp = if value.starts_with(|c: char| c.is_ascii_digit()) {
                Cmp::Ge
            } else {
                cmp
            };
            u8::try_from(n)
                .ok()
                .filter(|n| *n <= 100)
                .map(|n| match key {
                    Key::Ready => Term::Ready(cmp, n),
                    _ => Term::P2k2(cmp, n),
                })
                .ok_or(bad(Expected::Number))
        }
    }
}

fn yes_no(w: &str) -> Option<bool> {
    match w {
        "ya" | "yes" | "y" | "1" => Some(true),
        "tidak" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

fn status(w: &str) -> Option<Vec<HouseholdStatus>> {
    let one = match w {
        "semua" | "all" => return Some(HouseholdStatus::ALL.to_vec()),
        "aktif" | "active" => HouseholdStatus::Aktif,
        "calon" | "candidate" | "calon_graduasi" => HouseholdStatus::CalonGraduasi,
        "graduasi" | "graduated" => HouseholdStatus::Graduasi,
        "keluar" | "exited" => HouseholdStatus::Keluar,
        _ => return None,
    };
    Some(vec![one])
}

fn component(w: &str) -> Option<Component> {
    Component::from_key(w).or(match w {
        "aud" | "balita" | "early" => Some(Component::AnakUsiaDini),
        "bumil" | "hamil" | "pregnant" => Some(Component::IbuHamil),
        "disabilitas" | "disability" => Some(Component::DisabilitasBerat),
        "elderly" => Some(Component::Lansia),
        "primary" => Some(Component::Sd),
        "junior" => Some(Component::Smp),
        "senior" => Some(Component::Sma),
        _ => None,
    })
}

fn follow_up(w: &str) -> Option<FollowUp> {
    match w {
        "terlambat" | "overdue" => Some(FollowUp::Overdue),
        "hariini" | "hari_ini" | "today" => Some(FollowUp::DueToday),
        "akandatang" | "akan_datang" | "upcoming" => Some(FollowUp::Upcoming),
        "ada" | "open" | "any" => Some(FollowUp::Open),
        "tidak" | "none" => Some(FollowUp::None),
        _ => None,
    }
}

/// Exact PAS key, else the only key starting with `w`.
fn pas(w: &str) -> Option<PasTag> {
    if w.is_empty() {
        return None;
    }
    if let Some(tag) = PasTag::from_key(w) {
        return Some(tag);
    }
    let mut found = PasTag::ALL.into_iter().filter(|t| t.key().starts_with(w));
    match (found.next(), found.next()) {
        (Some(tag), None) => Some(tag),
        _ => None,
    }
}

/// `<=2`, `<3`, `>=2`, `>1`, `=2`, `2` (plain = Eq). The number is ASCII
/// digits only; None when it is missing, malformed or beyond u64.
fn comparison(v: &str) -> Option<(Cmp, u64)> {
    let v = v.trim();
    let (cmp, rest) = if let Some(r) = v.strip_prefix("<=") {
        (Cmp::Le, r)
    } else if let Some(r) = v.strip_prefix(">=") {
        (Cmp::Ge, r)
    } else if let Some(r) = v.strip_prefix('<') {
        (Cmp::Lt, r)
    } else if let Some(r) = v.strip_prefix('>') {
        (Cmp::Gt, r)
    } else if let Some(r) = v.strip_prefix('=') {
        (Cmp::Eq, r)
    } else {
        (Cmp::Eq, v)
    };
    let rest = rest.trim();
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse::<u64>().ok().map(|n| (cmp, n))
}

#[cfg(test)]
mod tests;

/// The stored search and sort key of a household: its normalized name, then its normalized
/// village after a `\u{1}` mark, so the list sorts by name first ("siti" before
/// "siti aminah") and free words still match either part as word prefixes.
pub fn search_text(name: &str, village: &str) -> String {
    format!("{} \u{1} {}", normalize(name), normalize(village))
}

#[cfg(test)]
mod search_text_tests {
    use super::*;

    #[test]
    fn name_sorts_before_village() {
        let a = search_text("Siti", "Curugsewu");
        let b = search_text("Siti Aminah", "Curugsewu");
        assert!(a < b);
        assert_eq!(search_text("Sànti", "Pagersari"), "santi \u{1} pagersari");
    }
}
