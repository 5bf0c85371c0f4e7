//! The columns of spreadsheet files (moved out of `pilar_store::transfer`, which re-exports
//! them): [`Col`], its export header and the headers an import accepts. A declared column
//! (`records::tables`) names the `Col` a file carries it as; the importer's parsers and
//! the exporter's writers use `Col`.

/// Declares [`Col`] and its `ALL` list from one list of names, so neither can miss one.
macro_rules! columns {
    ($($name:ident,)*) => {
        /// A column pilar knows, whatever the header calls it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Col {
            $($name,)*
        }

        impl Col {
            pub const ALL: &'static [Col] = &[$(Col::$name,)*];
        }
    };
}

columns! {
    Id,
    HouseholdId,
    NoKk,
    Name,
    Nik,
    Address,
    Rt,
    Rw,
    Village,
    Kecamatan,
    Kabupaten,
    AreaCode,
    Phone,
    Desil,
    YearJoined,
    Programs,
    HasBusiness,
    Business,
    Income,
    Pas,
    Status,
    StatusDate,
    Sex,
    Birth,
    Relation,
    Component,
    PregnancyOrder,
    PregnancyBirth,
    Participants,
    ActivityKind,
    ExitKind,
    Date,
    Summary,
    Detail,
    FollowUp,
    Done,
    Group,
    Place,
    Module,
    Session,
    GraduationId,
    Reason,
    Evidence,
    Undone,
    Program,
    Agency,
    Notes,
    Year,
    Tahap,
    PayProblem,
    MemberId,
    Month,
    Outcome,
    Families,
    EventKind,
    SchoolLevel,
    ChildId,
    ChildName,
    ChildNik,
    ChildSex,
    SupervisorId,
    FacilitatorId,
    UptoSeq,
    UptoHash,
    UptoAt,
    CreatedAt,
    UpdatedAt,
    AuthorId,
    UptoEntry,
    LeftOn,
    LeftReason,
}

impl Col {
    /// The header an export writes (Indonesian, as the field's forms are: a file format,
    /// not interface text, so it does not change with `--lang`).
    pub fn header(self) -> &'static str {
        self.aliases()[0]
    }

    /// Accepted headers after [`normalize_header`]-like spelling: the first is the export's.
    /// Matching ignores case, spaces and punctuation.
    pub fn aliases(self) -> &'static [&'static str] {
        use Col::*;
        match self {
            Id => &["id"],
            HouseholdId => &["id_keluarga", "household_id", "id_kpm"],
            NoKk => &[
                "no_kk",
                "nomor_kk",
                "kk",
                "no_kartu_keluarga",
                "nomor_kartu_keluarga",
                "family_card",
                "family_card_no",
                "family_card_number",
            ],
            Name => &[
                "nama",
                "nama_pengurus",
                "nama_kepala_keluarga",
                "nama_anggota",
                "pengurus",
                "name",
                "recipient",
                "recipient_name",
                "member_name",
            ],
            Nik => &["nik", "nik_pengurus", "nik_anggota", "recipient_nik"],
            Address => &["alamat", "address"],
            Rt => &["rt"],
            Rw => &["rw"],
            Village => &["desa", "kelurahan", "desa/kelurahan", "village"],
            Kecamatan => &["kecamatan", "district", "subdistrict"],
            Kabupaten => &[
                "kabupaten",
                "kab/kota",
                "kabupaten/kota",
                "kota",
                "regency",
                "regency/city",
                "city",
            ],
            AreaCode => &["kode_wilayah", "kode_desa", "area_code"],
            Phone => &[
                "telepon",
                "no_hp",
                "hp",
                "nomor_hp",
                "no_telepon",
                "phone",
                "telephone",
            ],
            Desil => &["desil", "decile"],
            YearJoined => &[
                "tahun_masuk",
                "tahun_kepesertaan",
                "tahun_masuk_pkh",
                "year_joined",
            ],
            Programs => &["bansos", "program_bansos", "programs", "social_programs"],
            HasBusiness => &["punya_usaha", "has_business", "runs_business"],
            Business => &["usaha", "jenis_usaha", "business"],
            Income => &[
                "penghasilan_usaha",
                "penghasilan",
                "business_income",
                "income",
            ],
            Pas => &["pas", "12_pas", "pas_tags"],
            Status => &["status"],
            StatusDate => &["tanggal_status", "status_date"],
            Sex => &["jenis_kelamin", "jk", "sex", "gender"],
            Birth => &["tanggal_lahir", "tgl_lahir", "birth_date", "date_of_birth"],
            Relation => &["hubungan", "hubungan_keluarga", "relation"],
            Component => &["komponen", "component"],
            PregnancyOrder => &[
                "kehamilan_ke",
                "hamil_ke",
                "urutan_kehamilan",
                "pregnancy_order",
                "pregnancy_no",
            ],
            PregnancyBirth => &[
                "tanggal_persalinan",
                "tgl_persalinan",
                "hpl",
                "hari_perkiraan_lahir",
                "perkiraan_lahir",
                "pregnancy_birth",
                "due_date",
            ],
            Participants => &["peserta", "participants"],
            ActivityKind => &["kegiatan", "jenis_kegiatan", "activity", "activity_kind"],
            ExitKind => &["graduasi", "jenis_graduasi", "graduation", "exit_kind"],
            Date => &["tanggal", "tgl", "date"],
            Summary => &["ringkasan", "summary"],
            Detail => &["rincian", "detail", "details"],
            FollowUp => &["tindak_lanjut", "follow_up"],
            Done => &["selesai", "done"],
            Group => &["kelompok", "group"],
            Place => &["tempat", "place"],
            Module => &["modul_p2k2", "modul", "p2k2_module", "module"],
            Session => &["sesi_p2k2", "sesi", "p2k2_session", "session"],
            GraduationId => &["id_graduasi", "graduation_id"],
            Reason => &["alasan", "reason"],
            Evidence => &["bukti", "evidence"],
            Undone => &["dibatalkan", "undone"],
            Program => &["program", "program_rujukan", "referral_program"],
            Agency => &["lembaga", "instansi", "agency"],
            Notes => &["catatan", "notes"],
            Year => &["tahun", "year"],
            Tahap => &["tahap", "payment_stage", "stage"],
            PayProblem => &["masalah_bayar", "masalah", "payment_problem", "problem"],
            MemberId => &["id_anggota", "member_id"],
            Month => &["bulan", "month"],
            Outcome => &["hasil", "hasil_verifikasi", "outcome"],
            Families => &["keluarga", "kk_kelompok", "families", "group_households"],
            EventKind => &[
                "peristiwa",
                "jenis_peristiwa",
                "peristiwa_hidup",
                "life_event",
                "event",
                "event_kind",
            ],
            SchoolLevel => &["jenjang", "jenjang_sekolah", "school_level", "level"],
            ChildId => &["id_anak", "child_id"],
            ChildName => &["nama_anak", "nama_bayi", "child_name", "child"],
            ChildNik => &["nik_anak", "nik_bayi", "child_nik"],
            ChildSex => &["jenis_kelamin_anak", "jk_anak", "child_sex"],
            // A sign-off's columns (`signoffs`).
            SupervisorId => &["id_supervisor", "supervisor_id"],
            FacilitatorId => &["id_pendamping", "facilitator_id"],
            UptoSeq => &["sampai_seq", "upto_seq"],
            UptoHash => &["sampai_hash", "upto_hash"],
            UptoAt => &["sampai_waktu", "upto_at"],
            CreatedAt => &["dibuat", "created_at"],
            UpdatedAt => &["diubah", "updated_at"],
            AuthorId => &["id_penulis", "author_id"],
            UptoEntry => &["sampai_entri", "upto_entry"],
            // A member who left the household (death or moving away): when and why.
            LeftOn => &["tanggal_keluar", "tgl_keluar", "left_on", "date_left"],
            LeftReason => &["alasan_keluar", "left_reason", "reason_left"],
        }
    }

    /// The column a header names, ignoring case, spaces and punctuation.
    pub fn from_header(header: &str) -> Option<Col> {
        let h = normalize_header(header);
        if h.is_empty() {
            return None;
        }
        Col::ALL
            .iter()
            .copied()
            .find(|c| c.aliases().iter().any(|a| normalize_header(a) == h))
    }

    /// True for the 16-digit numbers a spreadsheet would round (and the phone, whose
    /// leading 0 it would drop): exported in CSV as `="…"` so they stay text.
    pub fn is_number_text(self) -> bool {
        matches!(self, Col::NoKk | Col::Nik | Col::Phone | Col::ChildNik)
    }

    /// A yes/no column (`ya`/`tidak` in CSV, a boolean in JSON).
    pub fn is_flag(self) -> bool {
        matches!(self, Col::HasBusiness | Col::Done | Col::Undone)
    }
}

/// Lower case, letters and digits only: `No. KK` and `nomor_kk` compare as `nokk`, `nomorkk`.
pub fn normalize_header(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_ignoring_case_spaces_and_punctuation() {
        assert_eq!(Col::from_header("No. KK"), Some(Col::NoKk));
        assert_eq!(Col::from_header("NOMOR KK"), Some(Col::NoKk));
        assert_eq!(Col::from_header("Nama Kepala Keluarga"), Some(Col::Name));
        assert_eq!(Col::from_header("Desa/Kelurahan"), Some(Col::Village));
        assert_eq!(Col::from_header("Kab/Kota"), Some(Col::Kabupaten));
        assert_eq!(Col::from_header("No HP"), Some(Col::Phone));
        assert_eq!(Col::from_header("Tahun Kepesertaan"), Some(Col::YearJoined));
        assert_eq!(Col::from_header("warna"), None);
        // Every alias is unique across columns.
        let mut all: Vec<String> = Col::ALL
            .iter()
            .flat_map(|c| c.aliases().iter().map(|a| normalize_header(a)))
            .collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
