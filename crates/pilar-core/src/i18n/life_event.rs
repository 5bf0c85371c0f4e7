//! The words of life events ([`crate::domain::life_event`]): kinds, why a member left, the
//! refusals named in the form, and the proposals of the calendar as "Hari ini" shows them,
//! in Bahasa Indonesia and English (exhaustive matches).

use crate::domain::Lang;
use crate::domain::format::date_short;
use crate::domain::life_event::proposal::ProposalKind;
use crate::domain::life_event::{EventStatus, LeftReason, LifeEventKind, Refusal};

fn pick(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// An event's kind as the form and the history say it.
pub fn kind_label(lang: Lang, k: LifeEventKind) -> &'static str {
    match k {
        LifeEventKind::Kehamilan => pick(lang, "kehamilan", "pregnancy"),
        LifeEventKind::Kelahiran => pick(lang, "kelahiran", "birth"),
        LifeEventKind::Kematian => pick(lang, "kematian", "death"),
        LifeEventKind::MasukSekolah => pick(lang, "masuk sekolah", "school entry"),
        LifeEventKind::NaikJenjang => pick(lang, "naik jenjang", "moving up a level"),
        LifeEventKind::KeluarSekolah => pick(lang, "keluar sekolah", "leaving school"),
        LifeEventKind::Pindah => pick(lang, "pindah", "moving away"),
        LifeEventKind::GantiPengurus => pick(lang, "ganti pengurus", "change of pengurus"),
    }
}

pub fn status_label(lang: Lang, s: EventStatus) -> &'static str {
    match s {
        EventStatus::Recorded => pick(lang, "dicatat", "recorded"),
        EventStatus::Dismissed => pick(lang, "usulan diabaikan", "proposal dismissed"),
    }
}

pub fn left_label(lang: Lang, r: LeftReason) -> &'static str {
    match r {
        LeftReason::Meninggal => pick(lang, "meninggal", "died"),
        LeftReason::Pindah => pick(lang, "pindah", "moved away"),
    }
}

/// A member who left, as the detail shows it: "meninggal 12 Feb 2026".
pub fn left_line(lang: Lang, r: LeftReason, on: chrono::NaiveDate) -> String {
    format!("{} {}", left_label(lang, r), date_short(lang, on))
}

/// Why an event is refused, naming the rule.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    match r {
        Refusal::InFuture => pick(
            lang,
            "Tanggal peristiwa di masa depan: catat peristiwa setelah terjadi.",
            "The event's date is in the future: record an event once it happened.",
        )
        .into(),
        Refusal::NoMember => pick(
            lang,
            "Pilih anggota keluarga yang mengalami peristiwa ini.",
            "Choose the member of the household the event is about.",
        )
        .into(),
        Refusal::BeforeBirth { birth } => match lang {
            Lang::Id => format!(
                "Tanggal peristiwa sebelum tanggal lahir anggota ({}).",
                date_short(lang, *birth)
            ),
            Lang::En => format!(
                "The event's date is before the member's birth date ({}).",
                date_short(lang, *birth)
            ),
        },
        Refusal::MemberLeft => pick(
            lang,
            "Anggota ini sudah keluar dari keluarga (meninggal atau pindah).",
            "This member has left the household (died or moved away).",
        )
        .into(),
        Refusal::NotFemale => pick(
            lang,
            "Kehamilan dan kelahiran dicatat pada ibu (perempuan).",
            "A pregnancy or birth is recorded on the mother (a woman).",
        )
        .into(),
        Refusal::PregnancyDetails => pick(
            lang,
            "Kehamilan perlu urutannya (ke-1, ke-2, ...) dan HPL.",
            "A pregnancy needs its number (1st, 2nd, ...) and the expected birth date.",
        )
        .into(),
        Refusal::ThirdPregnancy { order } => match lang {
            Lang::Id => format!(
                "Kehamilan ke-{order}: komponen ibu hamil hanya untuk kehamilan pertama dan kedua. Kosongkan komponen ibu hamil untuk mencatatnya."
            ),
            Lang::En => format!(
                "Pregnancy number {order}: the ibu hamil component covers only the first and second. Untick the component to record it."
            ),
        },
        Refusal::NoPregnancy => pick(
            lang,
            "Belum ada kehamilan tercatat untuk ibu ini: catat kehamilannya dulu.",
            "No pregnancy is recorded for this mother: record her pregnancy first.",
        )
        .into(),
        Refusal::NoChildName => pick(
            lang,
            "Kelahiran perlu nama anak.",
            "A birth needs the child's name.",
        )
        .into(),
        Refusal::AlreadyInSchool => pick(
            lang,
            "Anggota ini sudah bersekolah: pakai naik jenjang.",
            "This member is already in school: use moving up.",
        )
        .into(),
        Refusal::NotInSchool => pick(
            lang,
            "Anggota ini tidak bersekolah (tidak ada komponen SD/SMP/SMA): pakai masuk sekolah.",
            "This member is not in school (no SD/SMP/SMA component): use school entry.",
        )
        .into(),
        Refusal::PastSma => pick(
            lang,
            "SMA adalah jenjang terakhir: pakai keluar sekolah.",
            "SMA is the last level: use leaving school.",
        )
        .into(),
        Refusal::AlreadyPengurus => pick(
            lang,
            "Anggota ini sudah pengurus.",
            "This member is the pengurus already.",
        )
        .into(),
        Refusal::Ineligible(why) => match lang {
            Lang::Id => format!("Tidak memenuhi syarat: {}", super::ineligible(lang, why)),
            Lang::En => format!("Not eligible: {}", super::ineligible(lang, why)),
        },
        Refusal::Components(v) => {
            let none: &[crate::model::Member] = &[];
            super::component_violation(lang, v, none)
        }
    }
}

/// A proposal's question, for "Hari ini": "Budi berumur 7: sudah masuk SD?".
pub fn proposal_text(lang: Lang, kind: ProposalKind, name: &str) -> String {
    use crate::domain::component::Component;
    let level = |c: Component| super::component_short(lang, c);
    match (lang, kind) {
        (Lang::Id, ProposalKind::EnterSd) => format!("{name} berumur 7: sudah masuk SD?"),
        (Lang::En, ProposalKind::EnterSd) => format!("{name} turns 7: entered SD?"),
        (Lang::Id, ProposalKind::Birth) => format!("HPL {name} lewat: catat kelahiran?"),
        (Lang::En, ProposalKind::Birth) => {
            format!("{name}'s expected birth date passed: record the birth?")
        }
        (Lang::Id, ProposalKind::Finished(c)) => {
            format!("{name} lulus {} bulan Juni?", level(c))
        }
        (Lang::En, ProposalKind::Finished(c)) => {
            format!("{name} finished {} in June?", level(c))
        }
    }
}

/// A proposal's reason, short, for the line's reason column: "usul: kelahiran".
pub fn proposal_short(lang: Lang, kind: ProposalKind) -> &'static str {
    use crate::domain::component::Component;
    match kind {
        ProposalKind::EnterSd => pick(lang, "usul: masuk SD", "proposed: SD entry"),
        ProposalKind::Birth => pick(lang, "usul: kelahiran", "proposed: birth"),
        ProposalKind::Finished(Component::Sd) => pick(lang, "usul: lulus SD", "proposed: SD done"),
        ProposalKind::Finished(Component::Smp) => {
            pick(lang, "usul: lulus SMP", "proposed: SMP done")
        }
        ProposalKind::Finished(_) => pick(lang, "usul: lulus SMA", "proposed: SMA done"),
    }
}
