//! What `pilar merge` (and the sync's pull) merges, table by table: the record specs
//! (moved out of `merge`).

/// A table merged record by record.
pub(in crate::store) struct Spec {
    pub(in crate::store) table: &'static str,
    /// Primary-key columns (the first one names the record in the history).
    pub(in crate::store) key: &'static [&'static str],
    /// Columns compared between the two sides; the others are bookkeeping
    /// (`created_at`, `updated_at`, `author_id`) or derived and recomputed here.
    pub(in crate::store) fields: &'static [&'static str],
    /// The column holding the row's household (`id` for households themselves).
    pub(in crate::store) household: Option<&'static str>,
}

/// In the order rows are added (parents first).
pub(in crate::store) const SPECS: &[Spec] = &[
    Spec {
        table: "workers",
        key: &["id"],
        fields: &[],
        household: None,
    },
    Spec {
        table: "households",
        key: &["id"],
        fields: &[
            "worker_id",
            "no_kk",
            "pengurus_name",
            "pengurus_nik",
            "address",
            "rt",
            "rw",
            "village",
            "kecamatan",
            "kabupaten",
            "area_code",
            "phone",
            "desil",
            "year_joined",
            "programs",
            "has_business",
            "business_desc",
            "business_income",
            "pas_tags",
            "status",
            "status_date",
            "deleted",
        ],
        household: Some("id"),
    },
    Spec {
        table: "members",
        key: &["id"],
        fields: &[
            "household_id",
            "nik",
            "name",
            "sex",
            "birth_date",
            "relation",
            "component",
            "pregnancy_order",
            "pregnancy_birth",
            "deleted",
        ],
        household: Some("household_id"),
    },
    Spec {
        table: "graduations",
        key: &["id"],
        fields: &[
            "household_id",
            "worker_id",
            "kind",
            "date",
            "reason",
            "evidence",
            "undone",
        ],
        household: Some("household_id"),
    },
    Spec {
        table: "activities",
        key: &["id"],
        fields: &[
            "household_id",
            "worker_id",
            "kind",
            "date",
            "summary",
            "detail",
            "follow_up",
            "done",
            "group_name",
            "place",
            "p2k2_module",
            "p2k2_session",
            "graduation_id",
            "deleted",
        ],
        household: Some("household_id"),
    },
    Spec {
        table: "activity_households",
        key: &["activity_id", "household_id"],
        fields: &["attended"],
        household: Some("household_id"),
    },
    Spec {
        table: "referrals",
        key: &["id"],
        fields: &[
            "household_id",
            "program",
            "agency",
            "date",
            "status",
            "notes",
        ],
        household: Some("household_id"),
    },
    Spec {
        table: "verifications",
        key: &["id"],
        fields: &[
            "household_id",
            "member_id",
            "month",
            "outcome",
            "reason",
            "notes",
        ],
        household: Some("household_id"),
    },
    Spec {
        table: "saved_views",
        key: &["id"],
        fields: &[],
        household: None,
    },
];
