//! The words of payments per tahap ([`crate::domain::payment`]): statuses, problems,
//! refusals, the detail's line per year and the messages of `b` / `B` / `:bayar`, in
//! Bahasa Indonesia and English (exhaustive matches, like the other labels).

use crate::domain::Lang;
use crate::domain::payment::{
    PayWordsError, PaymentProblem, PaymentRefusal, PaymentStatus, TahapOutcome, due_count,
};
use crate::model::payment::{Payment, PaymentsSaved};

fn pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// A status as the history and messages say it.
pub fn status_label(lang: Lang, s: PaymentStatus) -> &'static str {
    match s {
        PaymentStatus::Received => pick(lang, "diterima", "received"),
        PaymentStatus::NotReceived => pick(lang, "tidak diterima", "not received"),
        PaymentStatus::NotDue => pick(lang, "tidak jatuh tempo", "not due"),
    }
}

/// A problem in full.
pub fn problem_label(lang: Lang, p: PaymentProblem) -> &'static str {
    match p {
        PaymentProblem::CardBlocked => pick(lang, "kartu diblokir", "card blocked"),
        PaymentProblem::AccountDormant => pick(lang, "rekening dormant", "account dormant"),
        PaymentProblem::NameMismatch => pick(lang, "nama tidak sesuai", "name mismatch"),
        PaymentProblem::NotCollected => pick(lang, "tidak diambil", "not collected"),
        PaymentProblem::Other => pick(lang, "lainnya", "other"),
    }
}

/// An outcome in a few words: "diterima", "tidak diterima: kartu diblokir", "lainnya: bank
/// tutup".
pub fn outcome_label(lang: Lang, o: &TahapOutcome) -> String {
    match o.problem {
        Some(PaymentProblem::Other) if !o.note.is_empty() => {
            format!("{}: {}", problem_label(lang, PaymentProblem::Other), o.note)
        }
        Some(p) => format!(
            "{}: {}",
            status_label(lang, o.status),
            problem_label(lang, p)
        ),
        None => status_label(lang, o.status).to_string(),
    }
}

/// The detail's line for a year: each tahap's outcome, `?` for one due and not recorded,
/// `-` for one not started. "Bayar 2026: 1 ok · 2 ok · 3 kartu diblokir · 4 ?".
pub fn year_line(lang: Lang, year: i32, payments: &[Payment], today: chrono::NaiveDate) -> String {
    let due = due_count(year, today);
    let cells: Vec<String> = (1..=4u8)
        .map(|t| {
            let word = match payments.iter().find(|p| p.year == year && p.tahap == t) {
                Some(p) => match (p.outcome.status, p.outcome.problem) {
                    (PaymentStatus::Received, _) => "ok".to_string(),
                    (PaymentStatus::NotDue, _) => pick(lang, "tidak ada", "none").to_string(),
                    (PaymentStatus::NotReceived, Some(PaymentProblem::Other))
                        if !p.outcome.note.is_empty() =>
                    {
                        p.outcome.note.clone()
                    }
                    (PaymentStatus::NotReceived, Some(pr)) => problem_label(lang, pr).to_string(),
                    (PaymentStatus::NotReceived, None) => {
                        status_label(lang, PaymentStatus::NotReceived).to_string()
                    }
                },
                None if t <= due => "?".to_string(),
                None => "-".to_string(),
            };
            format!("{t} {word}")
        })
        .collect();
    format!(
        "{} {year}: {}",
        pick(lang, "Bayar", "Paid"),
        cells.join(" · ")
    )
}

/// Why a tahap cannot be recorded.
pub fn refusal(lang: Lang, r: PaymentRefusal) -> String {
    match (lang, r) {
        (Lang::Id, PaymentRefusal::TahapOutOfRange(t)) => {
            format!("Tahap {t} tidak ada: tahap 1 sampai 4")
        }
        (Lang::En, PaymentRefusal::TahapOutOfRange(t)) => {
            format!("There is no tahap {t}: tahap are 1 to 4")
        }
        (Lang::Id, PaymentRefusal::YearInFuture(y)) => format!("Tahun {y} belum tiba"),
        (Lang::En, PaymentRefusal::YearInFuture(y)) => format!("The year {y} has not come yet"),
        (Lang::Id, PaymentRefusal::BeforeJoined { year, joined }) => {
            format!("{year} sebelum keluarga masuk PKH ({joined})")
        }
        (Lang::En, PaymentRefusal::BeforeJoined { year, joined }) => {
            format!("{year} is before the family joined PKH ({joined})")
        }
        (Lang::Id, PaymentRefusal::NotYetDue { year, tahap }) => {
            format!("Tahap {tahap}/{year} belum dimulai: hanya bisa dicatat tidak jatuh tempo")
        }
        (Lang::En, PaymentRefusal::NotYetDue { year, tahap }) => {
            format!("Tahap {tahap}/{year} has not started: it can only be recorded not due")
        }
        (Lang::Id, PaymentRefusal::ProblemMissing) => "Tidak diterima karena apa? Sebutkan: \
             kartu, dormant, nama, diambil atau lain + catatan (:bayar kartu)"
            .to_string(),
        (Lang::En, PaymentRefusal::ProblemMissing) => "Not received why? Say card, dormant, \
             name, collected or other + a note (:pay card)"
            .to_string(),
        (Lang::Id, PaymentRefusal::NoteMissing) => {
            "Lainnya perlu catatan: :bayar lain ALASAN".to_string()
        }
        (Lang::En, PaymentRefusal::NoteMissing) => {
            "Other needs a note: :pay other REASON".to_string()
        }
    }
}

/// `:bayar` words not understood.
pub fn words_error(lang: Lang, e: &PayWordsError) -> String {
    let PayWordsError::Unknown(w) = e;
    let w = crate::domain::text::neutralize(w);
    match lang {
        Lang::Id => format!(
            "\"{w}\" tidak dimengerti. Contoh: :bayar, :bayar kartu, :bayar tidak diambil, \
             :bayar tahap 3 2025, :bayar lain ALASAN, :bayar belum"
        ),
        Lang::En => format!(
            "\"{w}\" is not understood. For example: :pay, :pay card, :pay not collected, \
             :pay tahap 3 2025, :pay other REASON, :pay not-due"
        ),
    }
}

/// What a `b`, `B B` or `:bayar` did.
pub fn saved(lang: Lang, year: i32, tahap: u8, o: &TahapOutcome, s: &PaymentsSaved) -> String {
    let what = outcome_label(lang, o);
    let mut text = match lang {
        Lang::Id => format!(
            "Tahap {tahap}/{year} {what}: {} keluarga dicatat",
            s.changed
        ),
        Lang::En => format!(
            "Tahap {tahap}/{year} {what}: recorded for {} {}",
            s.changed,
            if s.changed == 1 {
                "household"
            } else {
                "households"
            }
        ),
    };
    if s.kept_problems > 0 {
        text.push_str(&match lang {
            Lang::Id => format!(
                ", {} bermasalah tetap (ubah satu per satu dengan b)",
                s.kept_problems
            ),
            Lang::En => format!(
                ", {} with a problem kept (change each with b)",
                s.kept_problems
            ),
        });
    }
    if s.unchanged > 0 {
        text.push_str(&match lang {
            Lang::Id => format!(", {} sudah begitu", s.unchanged),
            Lang::En => format!(", {} already so", s.unchanged),
        });
    }
    if let Some((name, why)) = s.refused.first() {
        let name = crate::domain::text::neutralize(name);
        text.push_str(&match lang {
            Lang::Id => format!(
                "; {} ditolak ({name}: {})",
                s.refused.len(),
                refusal(lang, *why)
            ),
            Lang::En => format!(
                "; {} refused ({name}: {})",
                s.refused.len(),
                refusal(lang, *why)
            ),
        });
    }
    text
}

/// `B` once: what the second `B` will record.
pub fn confirm_shown(lang: Lang, year: i32, tahap: u8, n: u64) -> String {
    match lang {
        Lang::Id => format!(
            "Catat tahap {tahap}/{year} diterima untuk {n} keluarga yang tampil? Tekan B lagi \
             (tombol lain: batal)"
        ),
        Lang::En => format!(
            "Record tahap {tahap}/{year} received for the {n} households shown? Press B again \
             (any other key cancels)"
        ),
    }
}

/// `B` on the whole caseload: filter first.
pub fn filter_first(lang: Lang) -> &'static str {
    pick(
        lang,
        "B mencatat semua keluarga yang tampil: saring daftar dulu (/desa:curug atau \
         /pendamping:...), atau tandai dengan Spasi lalu b",
        "B records every household shown: filter the list first (/village:curug), or mark \
         with Space and press b",
    )
}
