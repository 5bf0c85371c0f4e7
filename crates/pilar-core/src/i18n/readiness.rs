//! The words of graduation readiness and the forecast: each criterion's name and how its
//! value reads, in Bahasa Indonesia and English (exhaustive matches, like the other labels).

use crate::domain::Lang;
use crate::domain::format::rupiah_compact;
use crate::domain::readiness::{Criterion, Scored, Value};

/// A criterion's name in the detail's explanation.
pub fn criterion_label(lang: Lang, c: Criterion) -> &'static str {
    let (id, en) = match c {
        Criterion::Income => ("Penghasilan usaha", "Business income"),
        Criterion::Desil => ("Desil", "Decile"),
        Criterion::Years => ("Lama ikut PKH", "Years on PKH"),
        Criterion::Business => ("Usaha berjalan", "Running business"),
        Criterion::P2k2 => ("Kehadiran P2K2", "P2K2 attendance"),
        Criterion::Commitments => ("Komitmen dipenuhi", "Commitments met"),
        Criterion::Ending => ("Komponen habis dlm 1 th", "Components ending in 1 yr"),
        Criterion::Referral => ("Rujukan sedang berjalan", "Referral in progress"),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

fn yes_no(lang: Lang, b: bool) -> &'static str {
    match (lang, b) {
        (Lang::Id, true) => "ya",
        (Lang::Id, false) => "tidak",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

/// How a criterion's value reads: "Rp3 jt/bln (UMK Rp2,8 jt)", "8 tahun", "10/12".
pub fn criterion_value(lang: Lang, v: Value) -> String {
    let id = lang == Lang::Id;
    match v {
        Value::Income { income, umk } => {
            let umk = rupiah_compact(lang, umk);
            match income {
                Some(i) if id => format!("{}/bln (UMK {umk})", rupiah_compact(lang, i)),
                Some(i) => format!("{}/mo (UMK {umk})", rupiah_compact(lang, i)),
                None if id => format!("tidak ada (UMK {umk})"),
                None => format!("none (UMK {umk})"),
            }
        }
        Value::Desil(Some(d)) => d.to_string(),
        Value::Years(Some(y)) if id => format!("{y} tahun"),
        Value::Years(Some(y)) => format!("{y} yr"),
        Value::Desil(None) | Value::Years(None) => "-".to_string(),
        Value::Business(b) | Value::Referral(b) => yes_no(lang, b).to_string(),
        Value::P2k2 { held: 0, .. } if id => "belum ada sesi".to_string(),
        Value::P2k2 { held: 0, .. } => "no session yet".to_string(),
        Value::P2k2 { attended, held } => format!("{attended}/{held}"),
        Value::Commitments { verified: 0, .. } if id => "belum diverifikasi".to_string(),
        Value::Commitments { verified: 0, .. } => "none verified".to_string(),
        Value::Commitments { met, verified } => format!("{met}/{verified}"),
        Value::Ending { of: 0, .. } if id => "sudah tidak ada".to_string(),
        Value::Ending { of: 0, .. } => "none left".to_string(),
        Value::Ending { ending, of } if id => format!("{ending} dari {of}"),
        Value::Ending { ending, of } => format!("{ending} of {of}"),
    }
}

/// One criterion of the explanation: "Desil 4", then its points "15/15".
pub fn scored_line(lang: Lang, s: &Scored) -> (String, String) {
    (
        format!(
            "{} {}",
            criterion_label(lang, s.criterion),
            criterion_value(lang, s.value)
        ),
        format!("{}/{}", s.points, s.max),
    )
}
