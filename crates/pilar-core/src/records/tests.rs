use super::*;
use crate::domain::Lang;
use crate::i18n::{field_label, tr};

#[test]
fn every_key_and_household_column_is_declared_and_names_are_unique() {
    let mut tables: Vec<&str> = RECORDS.iter().map(|r| r.table).collect();
    tables.sort_unstable();
    tables.dedup();
    assert_eq!(tables.len(), RECORDS.len());
    for r in RECORDS {
        for k in r.key {
            assert_eq!(
                r.column(k).map(|c| c.role),
                Some(Role::Key),
                "{}.{k}",
                r.table
            );
        }
        assert!(
            r.columns
                .iter()
                .filter(|c| c.role == Role::Key)
                .all(|c| r.key.contains(&c.name)),
            "{}: a key column outside `key`",
            r.table
        );
        if let Some(h) = r.household {
            assert!(r.column(h).is_some_and(|c| c.stored()), "{}.{h}", r.table);
        }
        let mut names: Vec<&str> = r.columns.iter().map(|c| c.name).collect();
        names.extend(r.history.iter().map(|h| h.name));
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "{}: a name declared twice", r.table);
        for c in r.columns {
            assert_eq!(
                c.role == Role::Field,
                c.label.is_some(),
                "{}.{}: every compared field has a history label, and only they",
                r.table,
                c.name
            );
            assert!(c.role != Role::FileOnly || c.file.is_some());
        }
    }
}

#[test]
fn a_name_has_one_label_wherever_it_is_declared() {
    // `field_label` takes no table: the same name must mean the same label everywhere.
    for r in RECORDS {
        for c in r.columns.iter().filter(|c| c.label.is_some()) {
            assert_eq!(field_label_key(c.name), c.label, "{}.{}", r.table, c.name);
        }
        for h in r.history {
            assert_eq!(
                field_label_key(h.name),
                Some(h.label),
                "{}.{}",
                r.table,
                h.name
            );
        }
    }
    for lang in [Lang::Id, Lang::En] {
        assert_eq!(
            field_label(lang, "pregnancy_order"),
            tr(lang, T::LabelPregnancyOrder).trim()
        );
    }
}

#[test]
fn the_synced_records_are_the_sync_protocols_tables_in_its_order() {
    let synced: Vec<&str> = RECORDS
        .iter()
        .filter(|r| r.synced)
        .map(|r| r.table)
        .collect();
    assert_eq!(synced, crate::sync::CASELOAD_TABLES);
    for (t, f) in crate::sync::HISTORY_ONLY_FIELDS {
        assert!(
            record(t).is_some_and(|r| r.history.iter().any(|h| h.name == *f)),
            "{t}.{f}"
        );
    }
}

#[test]
fn every_file_column_is_declared_and_flags_are_flag_columns() {
    let mut declared: Vec<Col> = Vec::new();
    for r in RECORDS {
        let files = r.file_columns();
        assert_eq!(
            files.len(),
            r.columns.iter().filter(|c| c.file.is_some()).count()
        );
        for c in r.columns {
            if let Some(col) = c.file {
                assert_eq!(col.is_flag(), c.ty == Ty::Flag, "{}.{}", r.table, c.name);
                declared.push(col);
            }
        }
        // A file names each column once.
        let mut unique = files.to_vec();
        unique.dedup();
        assert_eq!(unique.len(), files.len(), "{}", r.table);
    }
    for col in Col::ALL {
        assert!(declared.contains(col), "{col:?} is in no declared record");
    }
    // The export's first columns, as files have always had them.
    assert_eq!(
        record("members").unwrap().file_columns()[..4],
        [Col::Id, Col::HouseholdId, Col::NoKk, Col::Nik]
    );
    assert_eq!(record("workers").unwrap().file_columns(), &[]);
}

#[test]
fn form_keys_map_to_their_columns() {
    let households = record("households").unwrap();
    let members = record("members").unwrap();
    assert_eq!(members.form_key("birth_date"), Some("birth"));
    assert_eq!(households.form_key("has_business"), Some("business"));
    assert_eq!(households.form_key("programs"), None);
    assert_eq!(
        members.column_of_form_key("m12.birth").map(|c| c.name),
        Some("birth_date")
    );
    assert_eq!(
        households.column_of_form_key("prog.pkh").map(|c| c.name),
        Some("programs")
    );
    assert_eq!(
        households.column_of_form_key("year_joined").map(|c| c.name),
        Some("year_joined")
    );
    assert_eq!(member_field("m3.pregnancy_order"), Some("pregnancy_order"));
    assert_eq!(member_field("mx.nik"), None);
    assert_eq!(member_field("prog.pkh"), None);
}
