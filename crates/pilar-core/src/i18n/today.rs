//! The words of "Hari ini" and the visit plan: each reason's heading and how a line's
//! reason reads, in Bahasa Indonesia and English (exhaustive matches: a new reason does
//! not compile until it has its words).

use crate::domain::Lang;
use chrono::Datelike;

use crate::domain::format::{date_short, month_short};
use crate::domain::graduation::Program;
use crate::domain::today::{Reason, TodayItem};

/// A reason's heading (the printed sheet's sections, the help).
pub fn reason_heading(lang: Lang, r: Reason) -> &'static str {
    let (id, en) = match r {
        Reason::Overdue => ("Tindak lanjut terlambat", "Overdue follow-ups"),
        Reason::DueToday => ("Tindak lanjut jatuh tempo", "Follow-ups due"),
        Reason::Failing => (
            "Komitmen tidak dipenuhi berulang",
            "Commitments not met repeatedly",
        ),
        Reason::PaymentProblem => ("Masalah pembayaran", "Payment problems"),
        Reason::NotVerified => ("Verifikasi belum selesai", "Verification not done"),
        Reason::NotVisited => ("Belum dikunjungi 90 hari", "Not visited in 90 days"),
        Reason::ReferralWaiting => ("Rujukan menunggu", "Referrals waiting"),
        Reason::P2k2Next => ("Sesi P2K2 berikutnya", "Next P2K2 sessions"),
        Reason::LifeEvent => ("Usulan peristiwa keluarga", "Proposed life events"),
        Reason::Ready => ("Siap asesmen graduasi", "Ready for a graduation assessment"),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The line's reason, short: "terlambat 5 hr", "belum dikunjungi 120 hr", "siap 85".
pub fn reason_text(lang: Lang, item: &TodayItem) -> String {
    let id = lang == Lang::Id;
    let n = item.number;
    match item.reason {
        Reason::Overdue if id => format!("TL terlambat {n} hr"),
        Reason::Overdue => format!("follow-up {n}d late"),
        Reason::DueToday if id => "TL hari ini".into(),
        Reason::DueToday => "follow-up today".into(),
        Reason::Failing if id => format!("gagal {n} bln berturut"),
        Reason::Failing => format!("not met {n} mo running"),
        Reason::PaymentProblem => {
            let year = item.date.map(|d| d.year().to_string()).unwrap_or_default();
            if id {
                format!("T{n}/{year} tidak diterima")
            } else {
                format!("T{n}/{year} not received")
            }
        }
        Reason::NotVerified if item.household_id.is_none() && id => {
            format!("belum verifikasi {n} KK")
        }
        Reason::NotVerified if item.household_id.is_none() => {
            format!("{n} families unverified")
        }
        Reason::NotVerified if id => format!("belum verifikasi {n} org"),
        Reason::NotVerified => format!("{n} members unverified"),
        // The line counting the rest (`domain::today::fold_not_visited`).
        Reason::NotVisited if item.household_id.is_none() && id => {
            format!("+{n} KK tak dikunjungi")
        }
        Reason::NotVisited if item.household_id.is_none() => format!("+{n} more not visited"),
        Reason::NotVisited if n < 0 && id => "belum pernah dikunjungi".into(),
        Reason::NotVisited if n < 0 => "never visited".into(),
        Reason::NotVisited if id => format!("tak dikunjungi {n} hr"),
        Reason::NotVisited => format!("not visited {n}d"),
        Reason::ReferralWaiting if id => format!("rujukan menunggu {n} hr"),
        Reason::ReferralWaiting => format!("referral waiting {n}d"),
        Reason::P2k2Next => {
            // Within about a month: the day and the month say it.
            let when = item
                .date
                .map(|d| format!("{} {}", d.day(), month_short(lang, d.month())))
                .unwrap_or_default();
            if id {
                format!("P2K2 Sesi {n}, {when}")
            } else {
                format!("P2K2 session {n}, {when}")
            }
        }
        Reason::LifeEvent => {
            use crate::domain::life_event::proposal::parse_line_detail;
            match parse_line_detail(&item.detail) {
                Some((kind, _)) => super::life_event::proposal_short(lang, kind).to_string(),
                None => item.detail.clone(),
            }
        }
        Reason::Ready if id => format!("siap graduasi {n}"),
        Reason::Ready => format!("ready to graduate {n}"),
    }
}

/// The list's filter that shows every family not visited in
/// [`crate::domain::today::NOT_VISITED_DAYS`] days (the default list is the active ones,
/// as Hari ini's), in the user's words.
pub fn not_visited_filter(lang: Lang) -> String {
    let key = match lang {
        Lang::Id => "kunjungan",
        Lang::En => "visit",
    };
    format!("{key}:>={}", crate::domain::today::NOT_VISITED_DAYS)
}

/// What follows the reason: the follow-up's summary, the referral's program, the group's
/// last session, the readiness threshold's meaning.
pub fn reason_detail(lang: Lang, item: &TodayItem) -> String {
    let id = lang == Lang::Id;
    match item.reason {
        Reason::ReferralWaiting => {
            let program = Program::from_key(&item.detail)
                .map(|p| super::referral_program(lang, p).to_string())
                .unwrap_or_else(|| item.detail.clone());
            let since = item.date.map(|d| date_short(lang, d)).unwrap_or_default();
            if id {
                format!("{program}, diusulkan {since}")
            } else {
                format!("{program}, proposed {since}")
            }
        }
        Reason::NotVisited if item.household_id.is_none() => {
            let filter = not_visited_filter(lang);
            if id {
                format!("daftar: {filter}")
            } else {
                format!("list: {filter}")
            }
        }
        Reason::NotVisited => match item.date {
            Some(d) if id => format!("kunjungan terakhir {}", date_short(lang, d)),
            Some(d) => format!("last visit {}", date_short(lang, d)),
            None => String::new(),
        },
        Reason::P2k2Next => {
            let n = item.households.len();
            let last = item.number - 1;
            match (id, last > 0) {
                (true, true) => format!("{n} keluarga, terakhir Sesi {last}"),
                (true, false) => format!("{n} keluarga"),
                (false, true) => format!("{n} households, last session {last}"),
                (false, false) => format!("{n} households"),
            }
        }
        Reason::LifeEvent => {
            use crate::domain::life_event::proposal::parse_line_detail;
            let member = item.households.first().map_or("", |m| m.1.as_str());
            match parse_line_detail(&item.detail) {
                Some((kind, _)) => super::life_event::proposal_text(lang, kind, member),
                None => String::new(),
            }
        }
        Reason::Ready if id => "lakukan asesmen graduasi".into(),
        Reason::Ready => "assess for graduation".into(),
        Reason::Overdue | Reason::DueToday => item.detail.clone(),
        Reason::Failing => item.detail.clone(),
        Reason::PaymentProblem => crate::domain::payment::PaymentProblem::from_key(&item.detail)
            .map(|p| super::payment::problem_label(lang, p).to_string())
            .unwrap_or_default(),
        Reason::NotVerified => {
            // The month (a group's line is named by the group, its place the village's).
            item.date
                .map(|d| format!("{} {}", month_short(lang, d.month()), d.year()))
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::today::SOURCES;

    #[test]
    fn every_reason_reads_in_both_languages() {
        for &r in SOURCES {
            let item = TodayItem {
                reason: r,
                household_id: None,
                name: "X".into(),
                village: String::new(),
                facilitator: String::new(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 12, 3),
                number: 5,
                detail: "kur".into(),
                households: Vec::new(),
                module: None,
            };
            for lang in [Lang::Id, Lang::En] {
                assert!(!reason_heading(lang, r).is_empty());
                assert!(!reason_text(lang, &item).is_empty());
            }
            assert_ne!(reason_heading(Lang::Id, r), reason_heading(Lang::En, r));
        }
    }
}
