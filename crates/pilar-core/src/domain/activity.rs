//! What a facilitator records: activity kinds (mapped from the yearly
//! performance items), P2K2 session modules, and the state of an activity's
//! follow-up date, which drives the due/overdue worklist.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    Kunjungan,
    P2k2,
    Verifikasi,
    Pemutakhiran,
    Penyaluran,
    Kasus,
    Rujukan,
    AsesmenGraduasi,
    Koordinasi,
    Direktif,
    Catatan,
}

impl ActivityKind {
    pub const ALL: [Self; 11] = [
        Self::Kunjungan,
        Self::P2k2,
        Self::Verifikasi,
        Self::Pemutakhiran,
        Self::Penyaluran,
        Self::Kasus,
        Self::Rujukan,
        Self::AsesmenGraduasi,
        Self::Koordinasi,
        Self::Direktif,
        Self::Catatan,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Kunjungan => "kunjungan",
            Self::P2k2 => "p2k2",
            Self::Verifikasi => "verifikasi",
            Self::Pemutakhiran => "pemutakhiran",
            Self::Penyaluran => "penyaluran",
            Self::Kasus => "kasus",
            Self::Rujukan => "rujukan",
            Self::AsesmenGraduasi => "asesmen_graduasi",
            Self::Koordinasi => "koordinasi",
            Self::Direktif => "direktif",
            Self::Catatan => "catatan",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }

    /// Kunjungan and AsesmenGraduasi are home visits.
    pub fn is_visit(self) -> bool {
        matches!(self, Self::Kunjungan | Self::AsesmenGraduasi)
    }
}

/// P2K2 (family development session) modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum P2k2Module {
    PengasuhanPendidikan,
    KeuanganUsaha,
    KesehatanGizi,
    PerlindunganAnak,
    KesejahteraanSosial,
    PencegahanStunting,
}

impl P2k2Module {
    pub const ALL: [Self; 6] = [
        Self::PengasuhanPendidikan,
        Self::KeuanganUsaha,
        Self::KesehatanGizi,
        Self::PerlindunganAnak,
        Self::KesejahteraanSosial,
        Self::PencegahanStunting,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::PengasuhanPendidikan => "pengasuhan_pendidikan",
            Self::KeuanganUsaha => "keuangan_usaha",
            Self::KesehatanGizi => "kesehatan_gizi",
            Self::PerlindunganAnak => "perlindungan_anak",
            Self::KesejahteraanSosial => "kesejahteraan_sosial",
            Self::PencegahanStunting => "pencegahan_stunting",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == s)
    }

    /// Number of sessions in the module.
    pub fn sessions(self) -> u8 {
        match self {
            Self::PengasuhanPendidikan => 4,
            Self::KeuanganUsaha | Self::KesehatanGizi => 3,
            Self::PerlindunganAnak | Self::KesejahteraanSosial => 2,
            Self::PencegahanStunting => 15,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpState {
    /// No follow-up date set.
    None,
    Done,
    Upcoming {
        days: i64,
    },
    DueToday,
    /// `days` late (positive).
    Overdue {
        days: i64,
    },
}

/// State of a follow-up: None without a date; Done once done; otherwise
/// relative to `today`.
pub fn follow_up_state(
    follow_up: Option<NaiveDate>,
    done: bool,
    today: NaiveDate,
) -> FollowUpState {
    let Some(date) = follow_up else {
        return FollowUpState::None;
    };
    if done {
        return FollowUpState::Done;
    }
    let days = (date - today).num_days();
    match days {
        0 => FollowUpState::DueToday,
        d if d > 0 => FollowUpState::Upcoming { days: d },
        d => FollowUpState::Overdue { days: -d },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn activity_keys() {
        let keys: Vec<_> = ActivityKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(
            keys,
            [
                "kunjungan",
                "p2k2",
                "verifikasi",
                "pemutakhiran",
                "penyaluran",
                "kasus",
                "rujukan",
                "asesmen_graduasi",
                "koordinasi",
                "direktif",
                "catatan"
            ]
        );
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::from_key(k.key()), Some(k));
        }
        assert_eq!(ActivityKind::from_key("Kunjungan"), None);
        assert_eq!(ActivityKind::from_key(""), None);
    }

    #[test]
    fn visits() {
        let visits: Vec<_> = ActivityKind::ALL
            .into_iter()
            .filter(|k| k.is_visit())
            .collect();
        assert_eq!(
            visits,
            [ActivityKind::Kunjungan, ActivityKind::AsesmenGraduasi]
        );
    }

    #[test]
    fn modules() {
        let sessions: Vec<u8> = P2k2Module::ALL.iter().map(|m| m.sessions()).collect();
        assert_eq!(sessions, [4, 3, 3, 2, 2, 15]);
        let mut keys: Vec<_> = P2k2Module::ALL.iter().map(|m| m.key()).collect();
        for m in P2k2Module::ALL {
            assert_eq!(P2k2Module::from_key(m.key()), Some(m));
        }
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 6);
        assert_eq!(P2k2Module::PencegahanStunting.key(), "pencegahan_stunting");
        assert_eq!(P2k2Module::from_key("stunting"), None);
    }

    #[test]
    fn follow_up() {
        let t = d(2026, 2, 12);
        assert_eq!(follow_up_state(None, false, t), FollowUpState::None);
        assert_eq!(follow_up_state(None, true, t), FollowUpState::None);
        assert_eq!(
            follow_up_state(Some(d(2026, 1, 1)), true, t),
            FollowUpState::Done
        );
        assert_eq!(follow_up_state(Some(t), false, t), FollowUpState::DueToday);
        assert_eq!(
            follow_up_state(Some(d(2026, 2, 15)), false, t),
            FollowUpState::Upcoming { days: 3 }
        );
        assert_eq!(
            follow_up_state(Some(d(2026, 2, 2)), false, t),
            FollowUpState::Overdue { days: 10 }
        );
        assert_eq!(
            follow_up_state(Some(d(2025, 2, 12)), false, t),
            FollowUpState::Overdue { days: 365 }
        );
    }
}
