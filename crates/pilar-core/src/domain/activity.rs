//! What a facilitator records: activity kinds (mapped from the yearly
//! performance items), P2K2 session modules and the ministry's session numbers,
//! and the state of an activity's follow-up date, which drives the due/overdue
//! worklist.

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

keyed!(ActivityKind; 11;
    Kunjungan => "kunjungan",
    P2k2 => "p2k2",
    Verifikasi => "verifikasi",
    Pemutakhiran => "pemutakhiran",
    Penyaluran => "penyaluran",
    Kasus => "kasus",
    Rujukan => "rujukan",
    AsesmenGraduasi => "asesmen_graduasi",
    Koordinasi => "koordinasi",
    Direktif => "direktif",
    Catatan => "catatan",
);

impl ActivityKind {
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

keyed!(P2k2Module; 6;
    PengasuhanPendidikan => "pengasuhan_pendidikan",
    KeuanganUsaha => "keuangan_usaha",
    KesehatanGizi => "kesehatan_gizi",
    PerlindunganAnak => "perlindungan_anak",
    KesejahteraanSosial => "kesejahteraan_sosial",
    PencegahanStunting => "pencegahan_stunting",
);

impl P2k2Module {
    /// Number of sessions in the module.
    pub fn sessions(self) -> u8 {
        match self {
            Self::PengasuhanPendidikan => 4,
            Self::KeuanganUsaha | Self::KesehatanGizi => 3,
            Self::PerlindunganAnak | Self::KesejahteraanSosial => 2,
            Self::PencegahanStunting => 15,
        }
    }

    /// The session numbers the ministry uses for the module: Sesi 1-14 run across the five
    /// family modules in order (Pengasuhan 1-4, Keuangan 5-7, Kesehatan 8-10, Perlindungan
    /// Anak 11-12, Kesejahteraan Sosial 13-14); the stunting module numbers its own from 1.
    pub fn session_numbers(self) -> std::ops::RangeInclusive<u8> {
        let first = if self == Self::PencegahanStunting {
            1
        } else {
            1 + Self::ALL
                .iter()
                .take_while(|m| **m != self)
                .map(|m| m.sessions())
                .sum::<u8>()
        };
        first..=first + self.sessions() - 1
    }

    /// A session number as a facilitator types it, as the ministry numbers it: the
    /// ministry's own (`11` for Perlindungan Anak) or the module's count (`1`, its first
    /// session, is Sesi 11). The two never overlap but in the first module, where they are
    /// the same. None outside both.
    pub fn session_number(self, typed: u8) -> Option<u8> {
        let numbers = self.session_numbers();
        if numbers.contains(&typed) {
            Some(typed)
        } else if (1..=self.sessions()).contains(&typed) {
            Some(numbers.start() + typed - 1)
        } else {
            None
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

    /// Issue 14 (domain review 1.6): the ministry numbers P2K2 sessions 1-14 across the five
    /// family modules (Perlindungan Anak is Sesi 11-12); the stunting module has its own.
    /// A facilitator may type either that number or the module's own count.
    #[test]
    fn sessions_are_numbered_as_the_ministry_does() {
        use P2k2Module::*;
        let numbers: Vec<(u8, u8)> = P2k2Module::ALL
            .iter()
            .map(|m| (*m.session_numbers().start(), *m.session_numbers().end()))
            .collect();
        assert_eq!(
            numbers,
            [(1, 4), (5, 7), (8, 10), (11, 12), (13, 14), (1, 15)]
        );
        assert_eq!(PerlindunganAnak.session_number(11), Some(11));
        assert_eq!(PerlindunganAnak.session_number(12), Some(12));
        assert_eq!(PerlindunganAnak.session_number(1), Some(11));
        assert_eq!(PerlindunganAnak.session_number(2), Some(12));
        assert_eq!(PerlindunganAnak.session_number(3), None);
        assert_eq!(PerlindunganAnak.session_number(13), None);
        assert_eq!(KeuanganUsaha.session_number(3), Some(7));
        assert_eq!(KeuanganUsaha.session_number(5), Some(5));
        assert_eq!(PengasuhanPendidikan.session_number(4), Some(4));
        assert_eq!(PengasuhanPendidikan.session_number(5), None);
        assert_eq!(PencegahanStunting.session_number(15), Some(15));
        assert_eq!(PencegahanStunting.session_number(16), None);
        for m in P2k2Module::ALL {
            assert_eq!(m.session_number(0), None);
            for n in m.session_numbers() {
                assert_eq!(m.session_number(n), Some(n), "{m:?} {n}");
            }
        }
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
