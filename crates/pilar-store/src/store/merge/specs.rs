//! What `pilar merge` (and the sync's pull) merges, table by table: the record specs, built
//! from the core's declarations (`pilar_core::records`), in their order.

use std::sync::LazyLock;

use pilar_core::records::RECORDS;

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

/// In the order rows are added (parents first): every declared record, its
/// [`pilar_core::records::Role::Field`] columns compared.
pub(in crate::store) static SPECS: LazyLock<Vec<Spec>> = LazyLock::new(|| {
    RECORDS
        .iter()
        .map(|r| Spec {
            table: r.table,
            key: r.key,
            // Built once per process: the lists live as long as the declarations.
            fields: Vec::leak(r.fields().collect()),
            household: r.household,
        })
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specs_are_the_declared_records_in_order() {
        // Workers first, the synced tables in the sync's order (sign-offs last), then the
        // saved views.
        let tables: Vec<&str> = SPECS.iter().map(|s| s.table).collect();
        let mut expected = vec!["workers"];
        expected.extend(pilar_core::sync::CASELOAD_TABLES);
        expected.push("saved_views");
        assert_eq!(tables, expected);
        let fields = |t: &str| SPECS.iter().find(|s| s.table == t).unwrap().fields;
        // The lists `pilar merge` compared before they were derived.
        assert_eq!(fields("workers"), &[] as &[&str]);
        assert_eq!(fields("saved_views"), &[] as &[&str]);
        // A sign-off is never edited: added when missing, never compared.
        assert_eq!(fields("signoffs"), &[] as &[&str]);
        assert_eq!(fields("activity_households"), &["attended"]);
        assert_eq!(
            fields("members"),
            &[
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
                "left_on",
                "left_reason",
            ]
        );
        assert_eq!(
            fields("referrals"),
            &[
                "household_id",
                "program",
                "agency",
                "date",
                "status",
                "notes"
            ]
        );
        assert_eq!(
            fields("graduations"),
            &[
                "household_id",
                "worker_id",
                "kind",
                "date",
                "reason",
                "evidence",
                "undone"
            ]
        );
        assert_eq!(fields("households").len(), 23);
        assert_eq!(
            fields("households")[..3],
            ["worker_id", "no_kk", "pengurus_name"]
        );
        assert_eq!(
            fields("households")[20..],
            ["status_date", "group_id", "deleted"]
        );
        assert_eq!(
            fields("p2k2_groups"),
            &["worker_id", "name", "place", "deleted"]
        );
        assert_eq!(fields("activities").len(), 14);
        assert_eq!(fields("activities")[13], "deleted");
    }
}
