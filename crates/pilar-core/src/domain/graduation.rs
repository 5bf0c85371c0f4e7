//! Graduation (graduasi) vocabulary: exit kinds and which count toward the
//! yearly target, household status, referrals to empowerment programs,
//! social programs received and the 12 PAS tags. Keys are the stable
//! storage form; labels of proper nouns live here, other text in i18n.

/// Why a household left assistance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExitKind {
    SejahteraMandiri,
    Alamiah,
    Mandiri,
    Pindah,
    Meninggal,
    TidakLayak,
    Menolak,
    /// DTSEN re-ranked the family above desil 4 (Mensos, Dec 2025: "desil 1 sampai 4;
    /// setelah desil 4 naik jadi graduasi"); see [`super::household::above_desil_limit`].
    DesilNaik,
    /// Commitments (P2K2, school, health checks) not met repeatedly; "graduasi paksa" in
    /// some regions.
    TidakMemenuhiKomitmen,
}

keyed!(ExitKind; 9;
    SejahteraMandiri => "sejahtera_mandiri",
    Alamiah => "alamiah",
    Mandiri => "mandiri",
    Pindah => "pindah",
    Meninggal => "meninggal",
    TidakLayak => "tidak_layak",
    Menolak => "menolak",
    DesilNaik => "desil_naik",
    TidakMemenuhiKomitmen => "tidak_memenuhi_komitmen",
);

impl ExitKind {
    /// Graduation proper (sejahtera mandiri, alamiah, mandiri), not another exit.
    pub fn is_graduation(self) -> bool {
        matches!(
            self,
            ExitKind::SejahteraMandiri | ExitKind::Alamiah | ExitKind::Mandiri
        )
    }

    /// Status of the household after this exit.
    pub fn resulting_status(self) -> HouseholdStatus {
        if self.is_graduation() {
            HouseholdStatus::Graduasi
        } else {
            HouseholdStatus::Keluar
        }
    }
}

/// Evidence a graduation is recorded with (storage keys, comma separated in the database).
pub const EVIDENCE: [&str; 2] = ["asesmen", "surat_pernyataan"];

/// The evidence `kind` needs that `evidence` lacks: a graduation by the family's own
/// decision (sejahtera mandiri, mandiri) needs its signed statement (`surat_pernyataan`),
/// and sejahtera mandiri also the assessment (`asesmen`). Other exits need none.
pub fn missing_evidence(kind: ExitKind, evidence: &[&str]) -> Vec<&'static str> {
    let needed: &[&'static str] = match kind {
        ExitKind::SejahteraMandiri => &["surat_pernyataan", "asesmen"],
        ExitKind::Mandiri => &["surat_pernyataan"],
        _ => &[],
    };
    needed
        .iter()
        .copied()
        .filter(|n| !evidence.contains(n))
        .collect()
}

/// Which exit kinds count toward a facilitator's yearly graduation target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetPolicy {
    pub counted: Vec<ExitKind>,
}

impl Default for TargetPolicy {
    fn default() -> Self {
        TargetPolicy {
            counted: vec![ExitKind::SejahteraMandiri, ExitKind::Mandiri],
        }
    }
}

impl TargetPolicy {
    pub fn counts(&self, k: ExitKind) -> bool {
        self.counted.contains(&k)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HouseholdStatus {
    Aktif,
    CalonGraduasi,
    Graduasi,
    Keluar,
}

keyed!(HouseholdStatus; 4;
    Aktif => "aktif",
    CalonGraduasi => "calon_graduasi",
    Graduasi => "graduasi",
    Keluar => "keluar",
);

impl HouseholdStatus {
    /// Still receiving assistance.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            HouseholdStatus::Aktif | HouseholdStatus::CalonGraduasi
        )
    }
}

/// State of a referral to an empowerment program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferralStatus {
    Diusulkan,
    Diterima,
    Berjalan,
    Selesai,
    Ditolak,
}

impl ReferralStatus {
    /// Proposed, accepted or running: not yet finished or refused.
    pub fn in_progress(self) -> bool {
        matches!(
            self,
            ReferralStatus::Diusulkan | ReferralStatus::Diterima | ReferralStatus::Berjalan
        )
    }
}

keyed!(ReferralStatus; 5;
    Diusulkan => "diusulkan",
    Diterima => "diterima",
    Berjalan => "berjalan",
    Selesai => "selesai",
    Ditolak => "ditolak",
);

impl ReferralStatus {
    /// Next step along diusulkan -> diterima -> berjalan -> selesai; None at
    /// the end and for ditolak.
    pub fn next(self) -> Option<Self> {
        match self {
            ReferralStatus::Diusulkan => Some(ReferralStatus::Diterima),
            ReferralStatus::Diterima => Some(ReferralStatus::Berjalan),
            ReferralStatus::Berjalan => Some(ReferralStatus::Selesai),
            ReferralStatus::Selesai | ReferralStatus::Ditolak => None,
        }
    }

    /// The step before along the pipeline, to take back a mistaken `R`; None at the start.
    /// A rejected referral goes back to the status it had before (from its history, which
    /// only the store knows), so this is None for ditolak too.
    pub fn prev(self) -> Option<Self> {
        match self {
            ReferralStatus::Diterima => Some(ReferralStatus::Diusulkan),
            ReferralStatus::Berjalan => Some(ReferralStatus::Diterima),
            ReferralStatus::Selesai => Some(ReferralStatus::Berjalan),
            ReferralStatus::Diusulkan | ReferralStatus::Ditolak => None,
        }
    }

    /// A referral still under way can be rejected; a finished or rejected one cannot (D19).
    pub fn can_reject(self) -> bool {
        !matches!(self, ReferralStatus::Selesai | ReferralStatus::Ditolak)
    }
}

/// Empowerment programs a graduated family can be referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Program {
    Pena,
    Ppse,
    Kube,
    Kur,
    Mekaar,
    Umi,
    Lainnya,
}

keyed!(Program; 7;
    Pena => "pena",
    Ppse => "ppse",
    Kube => "kube",
    Kur => "kur",
    Mekaar => "mekaar",
    Umi => "umi",
    Lainnya => "lainnya",
);

impl Program {
    /// Proper name; "Lainnya" is translated by i18n.
    pub fn label(self) -> &'static str {
        match self {
            Program::Pena => "PENA",
            Program::Ppse => "PPSE",
            Program::Kube => "KUBE",
            Program::Kur => "KUR",
            Program::Mekaar => "Mekaar",
            Program::Umi => "UMi",
            Program::Lainnya => "Lainnya",
        }
    }
}

/// Social programs a household receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SocialProgram {
    Pkh,
    Bpnt,
    PbiJk,
}

keyed!(SocialProgram; 3;
    Pkh => "pkh",
    Bpnt => "bpnt",
    PbiJk => "pbi_jk",
);

impl SocialProgram {
    pub fn label(self) -> &'static str {
        match self {
            SocialProgram::Pkh => "PKH",
            SocialProgram::Bpnt => "BPNT",
            SocialProgram::PbiJk => "PBI-JK",
        }
    }
}

/// The 12 PAS (Pemerlu Atensi Sosial) tags; a family can carry several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasTag {
    AnakRentan,
    Disabilitas,
    LansiaTelantar,
    BerpendapatanRendah,
    KorbanBencana,
    AfirmasiKhusus,
    WargaBinaan,
    KorbanKekerasan,
    KorbanNapzaHiv,
    BermasalahSosial,
    PerempuanRentan,
    FakirMiskin,
}

keyed!(PasTag; 12;
    AnakRentan => "anak_rentan",
    Disabilitas => "disabilitas",
    LansiaTelantar => "lansia_telantar",
    BerpendapatanRendah => "berpendapatan_rendah",
    KorbanBencana => "korban_bencana",
    AfirmasiKhusus => "afirmasi_khusus",
    WargaBinaan => "warga_binaan",
    KorbanKekerasan => "korban_kekerasan",
    KorbanNapzaHiv => "korban_napza_hiv",
    BermasalahSosial => "bermasalah_sosial",
    PerempuanRentan => "perempuan_rentan",
    FakirMiskin => "fakir_miskin",
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Keys are unique, snake_case ASCII and round-trip.
    fn check_keys<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        key: fn(T) -> &'static str,
        from: fn(&str) -> Option<T>,
    ) {
        let keys: HashSet<&str> = all.iter().map(|&v| key(v)).collect();
        assert_eq!(keys.len(), all.len());
        for &v in all {
            let k = key(v);
            assert!(
                k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{k}"
            );
            assert_eq!(from(k), Some(v));
            assert_eq!(from(&k.to_uppercase()), None);
        }
        assert_eq!(from(""), None);
        assert_eq!(from("unknown"), None);
    }

    #[test]
    fn all_keys_round_trip() {
        check_keys(&ExitKind::ALL, ExitKind::key, ExitKind::from_key);
        check_keys(
            &HouseholdStatus::ALL,
            HouseholdStatus::key,
            HouseholdStatus::from_key,
        );
        check_keys(
            &ReferralStatus::ALL,
            ReferralStatus::key,
            ReferralStatus::from_key,
        );
        check_keys(&Program::ALL, Program::key, Program::from_key);
        check_keys(
            &SocialProgram::ALL,
            SocialProgram::key,
            SocialProgram::from_key,
        );
        check_keys(&PasTag::ALL, PasTag::key, PasTag::from_key);
    }

    #[test]
    fn exact_keys() {
        let k: Vec<_> = ExitKind::ALL.iter().map(|e| e.key()).collect();
        assert_eq!(
            k,
            [
                "sejahtera_mandiri",
                "alamiah",
                "mandiri",
                "pindah",
                "meninggal",
                "tidak_layak",
                "menolak",
                "desil_naik",
                "tidak_memenuhi_komitmen"
            ]
        );
        let k: Vec<_> = HouseholdStatus::ALL.iter().map(|e| e.key()).collect();
        assert_eq!(k, ["aktif", "calon_graduasi", "graduasi", "keluar"]);
        let k: Vec<_> = ReferralStatus::ALL.iter().map(|e| e.key()).collect();
        assert_eq!(
            k,
            ["diusulkan", "diterima", "berjalan", "selesai", "ditolak"]
        );
        let k: Vec<_> = Program::ALL.iter().map(|e| e.key()).collect();
        assert_eq!(
            k,
            ["pena", "ppse", "kube", "kur", "mekaar", "umi", "lainnya"]
        );
        let k: Vec<_> = SocialProgram::ALL.iter().map(|e| e.key()).collect();
        assert_eq!(k, ["pkh", "bpnt", "pbi_jk"]);
        assert_eq!(PasTag::ALL.len(), 12);
        assert_eq!(PasTag::KorbanNapzaHiv.key(), "korban_napza_hiv");
        assert_eq!(PasTag::FakirMiskin.key(), "fakir_miskin");
        assert_eq!(PasTag::AnakRentan.key(), "anak_rentan");
    }

    #[test]
    fn graduation_kinds() {
        let grads: Vec<_> = ExitKind::ALL
            .into_iter()
            .filter(|e| e.is_graduation())
            .collect();
        assert_eq!(
            grads,
            [
                ExitKind::SejahteraMandiri,
                ExitKind::Alamiah,
                ExitKind::Mandiri
            ]
        );
        for e in ExitKind::ALL {
            let want = if e.is_graduation() {
                HouseholdStatus::Graduasi
            } else {
                HouseholdStatus::Keluar
            };
            assert_eq!(e.resulting_status(), want);
        }
        assert_eq!(
            ExitKind::Meninggal.resulting_status(),
            HouseholdStatus::Keluar
        );
    }

    /// Issue 14 (domain review 1.4): a family whose DTSEN desil rose above 4, and one that
    /// did not meet its commitments, leave PKH with their own kinds. Both are exits, not
    /// graduations: status Keluar, no monitoring, not counted toward the target by default.
    #[test]
    fn exits_for_cause_are_exits_not_graduations() {
        for key in ["desil_naik", "tidak_memenuhi_komitmen"] {
            let k = ExitKind::from_key(key).unwrap_or_else(|| panic!("no exit kind {key}"));
            assert!(!k.is_graduation(), "{key}");
            assert_eq!(k.resulting_status(), HouseholdStatus::Keluar, "{key}");
            assert!(!TargetPolicy::default().counts(k), "{key}");
            assert!(missing_evidence(k, &[]).is_empty(), "{key}");
        }
    }

    #[test]
    fn target_policy() {
        let p = TargetPolicy::default();
        let counted: Vec<_> = ExitKind::ALL.into_iter().filter(|&k| p.counts(k)).collect();
        assert_eq!(counted, [ExitKind::SejahteraMandiri, ExitKind::Mandiri]);
        let only = TargetPolicy {
            counted: vec![ExitKind::SejahteraMandiri],
        };
        assert!(!only.counts(ExitKind::Mandiri));
        assert!(only.counts(ExitKind::SejahteraMandiri));
    }

    #[test]
    fn evidence_a_graduation_needs() {
        use ExitKind::*;
        assert_eq!(
            missing_evidence(SejahteraMandiri, &[]),
            ["surat_pernyataan", "asesmen"]
        );
        assert_eq!(
            missing_evidence(SejahteraMandiri, &["surat_pernyataan"]),
            ["asesmen"]
        );
        assert!(missing_evidence(SejahteraMandiri, &EVIDENCE).is_empty());
        assert_eq!(
            missing_evidence(Mandiri, &["asesmen"]),
            ["surat_pernyataan"]
        );
        assert!(missing_evidence(Mandiri, &["surat_pernyataan"]).is_empty());
        for k in [
            Alamiah,
            Pindah,
            Meninggal,
            TidakLayak,
            Menolak,
            DesilNaik,
            TidakMemenuhiKomitmen,
        ] {
            assert!(missing_evidence(k, &[]).is_empty(), "{k:?}");
        }
    }

    #[test]
    fn household_active() {
        assert!(HouseholdStatus::Aktif.is_active());
        assert!(HouseholdStatus::CalonGraduasi.is_active());
        assert!(!HouseholdStatus::Graduasi.is_active());
        assert!(!HouseholdStatus::Keluar.is_active());
    }

    #[test]
    fn referral_next() {
        use ReferralStatus::*;
        assert_eq!(Diusulkan.next(), Some(Diterima));
        assert_eq!(Diterima.next(), Some(Berjalan));
        assert_eq!(Berjalan.next(), Some(Selesai));
        for s in ReferralStatus::ALL {
            if let Some(p) = s.prev() {
                assert_eq!(p.next(), Some(s), "back then on is where it was");
            }
        }
        assert_eq!(Diusulkan.prev(), None);
        assert!(Diusulkan.can_reject() && Berjalan.can_reject());
        assert!(!Selesai.can_reject() && !Ditolak.can_reject());
        assert_eq!(Selesai.next(), None);
        assert_eq!(Ditolak.next(), None);
    }

    #[test]
    fn labels() {
        let l: Vec<_> = Program::ALL.iter().map(|p| p.label()).collect();
        assert_eq!(
            l,
            ["PENA", "PPSE", "KUBE", "KUR", "Mekaar", "UMi", "Lainnya"]
        );
        let l: Vec<_> = SocialProgram::ALL.iter().map(|p| p.label()).collect();
        assert_eq!(l, ["PKH", "BPNT", "PBI-JK"]);
    }
}
