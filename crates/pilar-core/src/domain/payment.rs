//! Payments per tahap (issue 11, item 3): the PKH benefit is paid in four quarterly stages a
//! year (tahap 1: Jan-Mar, 2: Apr-Jun, 3: Jul-Sep, 4: Oct-Dec; `domain.md`, "The monthly
//! cycle"). For each household and tahap the facilitator records whether the money
//! arrived: received, not received (with the problem: card blocked, account dormant, name
//! mismatch, not collected, other with a note) or not due. A later status replaces the
//! earlier one (the history keeps both). Pure rules: which tahap a date is in, which are
//! due, what may be recorded, and the words of the `:bayar` command.

use chrono::{Datelike, NaiveDate};

/// The tahap of a year: 1 to 4.
pub const TAHAP: std::ops::RangeInclusive<u8> = 1..=4;

/// Whether the tahap's money arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    /// Diterima: the family has the money.
    Received,
    /// Tidak diterima: it did not arrive (a [`PaymentProblem`] says why).
    NotReceived,
    /// Belum jatuh tempo / tidak ada: no payment due to the family for that tahap.
    NotDue,
}

keyed!(PaymentStatus; 3;
    Received => "diterima",
    NotReceived => "tidak_diterima",
    NotDue => "tidak_jatuh_tempo",
);

/// Why a tahap did not arrive (the problems `domain.md` names, and "other" with a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentProblem {
    /// The KKS card is blocked.
    CardBlocked,
    /// The bank account went dormant.
    AccountDormant,
    /// The name on the account does not match the recipient.
    NameMismatch,
    /// The money was not collected (tidak diambil).
    NotCollected,
    /// Another reason, told in the note.
    Other,
}

keyed!(PaymentProblem; 5;
    CardBlocked => "kartu_diblokir",
    AccountDormant => "rekening_dormant",
    NameMismatch => "nama_tidak_sesuai",
    NotCollected => "tidak_diambil",
    Other => "lainnya",
);

/// One tahap's outcome as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TahapOutcome {
    pub status: PaymentStatus,
    /// Only for [`PaymentStatus::NotReceived`].
    pub problem: Option<PaymentProblem>,
    /// Free text; required with [`PaymentProblem::Other`].
    pub note: String,
}

impl TahapOutcome {
    pub fn received() -> Self {
        TahapOutcome {
            status: PaymentStatus::Received,
            problem: None,
            note: String::new(),
        }
    }

    /// Not received: a problem to follow up.
    pub fn is_problem(&self) -> bool {
        self.status == PaymentStatus::NotReceived
    }
}

/// What cannot be recorded, and why (worded by `i18n::payment_refusal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentRefusal {
    /// A tahap outside 1-4.
    TahapOutOfRange(i64),
    /// A year after this one.
    YearInFuture(i32),
    /// A year before the household joined PKH.
    BeforeJoined { year: i32, joined: i32 },
    /// Received or not received for a tahap that has not started yet.
    NotYetDue { year: i32, tahap: u8 },
    /// Not received without saying why.
    ProblemMissing,
    /// "Other" without a note saying what.
    NoteMissing,
}

/// The tahap `date` falls in (1-4).
pub fn tahap_of(date: NaiveDate) -> u8 {
    ((date.month0() / 3) + 1) as u8
}

/// The tahap of `today` with its year: what `b` marks.
pub fn current(today: NaiveDate) -> (i32, u8) {
    (today.year(), tahap_of(today))
}

/// The first day of a tahap.
pub fn tahap_start(year: i32, tahap: u8) -> Option<NaiveDate> {
    if !TAHAP.contains(&tahap) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, u32::from(tahap - 1) * 3 + 1, 1)
}

/// How many tahap of `year` have started by `today` (0-4): tahap 1 to that number are due.
/// Every tahap of a past year, none of a future one.
pub fn due_count(year: i32, today: NaiveDate) -> u8 {
    use std::cmp::Ordering::*;
    match year.cmp(&today.year()) {
        Less => 4,
        Equal => tahap_of(today),
        Greater => 0,
    }
}

/// The tahap of `year` that are due by `today`.
pub fn due(year: i32, today: NaiveDate) -> Vec<u8> {
    (1..=due_count(year, today)).collect()
}

/// Whether `outcome` may be recorded for tahap `tahap` of `year` on `today`, for a household
/// that joined PKH in `joined` (unknown: no limit). A tahap outside 1-4, a year in the
/// future or before the household joined are refused; so is the money's arrival (or not)
/// for a tahap that has not started ("not due" may be said of any tahap of this year);
/// not received needs its problem, and "other" a note.
pub fn check(
    year: i32,
    tahap: i64,
    outcome: &TahapOutcome,
    today: NaiveDate,
    joined: Option<i32>,
) -> Result<u8, PaymentRefusal> {
    let t = u8::try_from(tahap)
        .ok()
        .filter(|t| TAHAP.contains(t))
        .ok_or(PaymentRefusal::TahapOutOfRange(tahap))?;
    if year > today.year() {
        return Err(PaymentRefusal::YearInFuture(year));
    }
    if let Some(joined) = joined.filter(|j| year < *j) {
        return Err(PaymentRefusal::BeforeJoined { year, joined });
    }
    if outcome.status != PaymentStatus::NotDue && t > due_count(year, today) {
        return Err(PaymentRefusal::NotYetDue { year, tahap: t });
    }
    match (outcome.status, outcome.problem) {
        (PaymentStatus::NotReceived, None) => return Err(PaymentRefusal::ProblemMissing),
        (PaymentStatus::NotReceived, Some(PaymentProblem::Other))
            if outcome.note.trim().is_empty() =>
        {
            return Err(PaymentRefusal::NoteMissing);
        }
        _ => {}
    }
    Ok(t)
}

/// The 16 bytes of a tahap record's id, the same on every laptop: a household has one
/// record per year and tahap, so two laptops (or a merged copy) that record the same tahap
/// write the same record, and a merge compares its fields instead of adding a second row.
/// The first 16 bytes of SHA-256 over `household:year:tahap` (the store makes them a
/// version-8 UUID).
pub fn record_key(household: &str, year: i32, tahap: u8) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("pilar-payment:{household}:{year}:{tahap}").as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// What `:bayar` asks for: an outcome and, when named, the tahap and year (else the
/// current tahap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayCommand {
    pub outcome: TahapOutcome,
    pub tahap: Option<i64>,
    pub year: Option<i32>,
}

/// Why `:bayar`'s words were not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayWordsError {
    /// A word that is no status, problem, tahap or year.
    Unknown(String),
}

/// The words of `:bayar` / `:pay`, in either language: nothing or `terima` / `received` /
/// `ok` (received); a problem (`kartu`/`blokir`/`card`/`blocked`, `dormant`/`pasif`,
/// `nama`/`name`, `diambil`/`ambil`/`collected`, `lain`/`lainnya`/`other` followed by the
/// note) meaning not received for that reason; `tidak`/`gagal`/`not`/`failed` alone is
/// not received without a reason (refused by [`check`]); `belum`/`kosong`/`none`/`not-due`
/// is not due. The tahap as `tahap 3`, `t3` or `3`, the year as `2025`, or both as `3/2025`.
pub fn parse_words(text: &str) -> Result<PayCommand, PayWordsError> {
    let mut cmd = PayCommand {
        outcome: TahapOutcome::received(),
        tahap: None,
        year: None,
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let raw = words[i];
        let w = raw.to_lowercase();
        let w = w.trim_matches(|c: char| c == ',' || c == '.');
        i += 1;
        let mut problem = |p: PaymentProblem| {
            cmd.outcome.status = PaymentStatus::NotReceived;
            cmd.outcome.problem = Some(p);
        };
        match w {
            "terima" | "diterima" | "received" | "receive" | "ok" | "sudah" | "paid" => {
                cmd.outcome.status = PaymentStatus::Received;
                cmd.outcome.problem = None;
            }
            "tidak" | "gagal" | "not" | "failed" | "masalah" | "problem" => {
                if cmd.outcome.problem.is_none() {
                    cmd.outcome.status = PaymentStatus::NotReceived;
                }
            }
            "belum" | "kosong" | "none" | "not-due" | "notdue" | "tidak-jatuh-tempo" => {
                cmd.outcome.status = PaymentStatus::NotDue;
                cmd.outcome.problem = None;
            }
            "kartu" | "blokir" | "diblokir" | "card" | "blocked" => {
                problem(PaymentProblem::CardBlocked)
            }
            "dormant" | "pasif" | "rekening" | "account" => problem(PaymentProblem::AccountDormant),
            "nama" | "name" | "mismatch" | "beda" => problem(PaymentProblem::NameMismatch),
            "diambil" | "ambil" | "collected" | "uncollected" | "tidak-diambil" => {
                problem(PaymentProblem::NotCollected)
            }
            "lain" | "lainnya" | "other" => {
                problem(PaymentProblem::Other);
                cmd.outcome.note = words[i..].join(" ");
                break;
            }
            "tahap" | "stage" => {}
            _ => {
                let digits = w.trim_start_matches(['t', 'T']);
                if let Some((t, y)) = digits.split_once('/') {
                    match (t.parse::<i64>(), y.parse::<i32>()) {
                        (Ok(t), Ok(y)) => {
                            cmd.tahap = Some(t);
                            cmd.year = Some(y);
                            continue;
                        }
                        _ => return Err(PayWordsError::Unknown(raw.to_string())),
                    }
                }
                match digits.parse::<i64>() {
                    Ok(y) if digits.len() == 4 => cmd.year = i32::try_from(y).ok(),
                    Ok(t) if !digits.is_empty() => cmd.tahap = Some(t),
                    _ => return Err(PayWordsError::Unknown(raw.to_string())),
                }
            }
        }
    }
    Ok(cmd)
}

#[cfg(test)]
mod tests;
