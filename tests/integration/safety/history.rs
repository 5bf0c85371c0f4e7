//! `pilar verify`: the history's head, a shortened history, dropped guard triggers, rows changed behind it.

use super::*;

/// The file with the history's guard triggers dropped, as someone tampering with it would.
pub(super) fn unguarded(path: &std::path::Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER change_log_no_update;
         DROP TRIGGER change_log_no_delete;",
    )
    .unwrap();
    conn
}

/// A demo with three activities saved through the store, so the history has entries.
pub(super) fn demo_with_history() -> (common::Demo, String, String) {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = siti_and_household(&store);
    for summary in ["Kunjungan satu", "Kunjungan dua", "Kunjungan tiga"] {
        store.add_activity(&me, &visit(&hh, summary)).unwrap();
    }
    (demo, me, hh)
}

/// The head `pilar verify` prints: the `SEQ:HASH` on its head line.
fn printed_head(stdout: &str) -> String {
    stdout
        .split_whitespace()
        .find(|w| {
            w.split_once(':')
                .is_some_and(|(s, h)| s.parse::<u64>().is_ok() && h.len() == 64)
        })
        .unwrap_or_else(|| panic!("no head in {stdout}"))
        .trim_end_matches(['.', ',', ')'])
        .to_string()
}

#[test]
fn verify_prints_the_head_and_checks_an_expected_one() {
    let (demo, me, hh) = demo_with_history();
    let db = demo.path.to_str().unwrap();
    let out = run(&["verify", "--db", db, "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let head = printed_head(&text(&out.stdout));
    let (seq, hash) = head.split_once(':').unwrap();
    let last: (i64, String) = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((seq.parse::<i64>().unwrap(), hash.to_string()), last);
    // Later saves keep reaching it.
    let store = Store::open(&demo.path).unwrap();
    store
        .add_activity(&me, &visit(&hh, "Kunjungan empat"))
        .unwrap();
    drop(store);
    let out = run(&["verify", "--db", db, "--expect", &head, "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(&head));
    // Another hash at that number, or a number the history no longer has: status 1.
    let wrong = format!("{seq}:{}", "0".repeat(64));
    let out = run(&["verify", "--db", db, "--expect", &wrong]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let conn = unguarded(&demo.path);
    conn.execute("DELETE FROM change_log WHERE seq >= ?1", [seq])
        .unwrap();
    conn.execute(
        "UPDATE meta SET value = (SELECT seq || ':' || hash FROM change_log
                                  ORDER BY seq DESC LIMIT 1) WHERE key = 'chain_head'",
        [],
    )
    .unwrap();
    conn.execute_batch(
        "CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;",
    )
    .unwrap();
    drop(conn);
    // Shortened with care (head and triggers put back): only the expected head tells.
    let out = run(&["verify", "--db", db]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let out = run(&["verify", "--db", db, "--expect", &head, "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("no longer reaches"),
        "{}",
        text(&out.stdout)
    );
    // Not SEQ:HASH at all: a bad argument (status 2), said in the user's language.
    let out = run(&["verify", "--db", db, "--expect", "kemarin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("kemarin"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn verify_finds_a_history_shortened_at_its_end() {
    let (demo, _, _) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    assert!(store.verify().unwrap().ok());
    let conn = unguarded(&demo.path);
    // Triggers dropped alone: verify says so.
    assert!(!store.verify().unwrap().ok());
    conn.execute(
        "DELETE FROM change_log WHERE seq = (SELECT max(seq) FROM change_log)",
        [],
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert!(!v.ok(), "{v:?}");
    assert!(
        matches!(
            v.head_check,
            pilar::store::chain::HeadCheck::Shortened { .. }
        ),
        "{v:?}"
    );
    conn.execute("DELETE FROM change_log", []).unwrap();
    let v = store.verify().unwrap();
    assert!(
        matches!(
            v.head_check,
            pilar::store::chain::HeadCheck::Shortened { last: None, .. }
        ),
        "{v:?}"
    );
    // And the command line says so, with status 1.
    let out = run(&[
        "verify",
        "--db",
        demo.path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("removed"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn verify_finds_guard_triggers_dropped_or_altered() {
    let (demo, _, _) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    let conn = Connection::open(&demo.path).unwrap();
    conn.execute_batch("DROP TRIGGER change_log_no_delete;")
        .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.missing_triggers, vec!["change_log_no_delete"], "{v:?}");
    // A trigger of the same name that no longer refuses anything.
    conn.execute_batch(
        "CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
         BEGIN SELECT 1; END;",
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.missing_triggers, vec!["change_log_no_delete"], "{v:?}");
    let out = run(&[
        "verify",
        "--db",
        demo.path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("change_log_no_delete"),
        "{}",
        text(&out.stdout)
    );
}

/// A new household with two members, saved through the store (so its fields have history).
fn new_household(store: &Store, me: &str) -> String {
    use pilar::domain::Sex;
    use pilar::model::{HouseholdInput, MemberInput, Relation};
    let member = |nik: &str, name: &str, relation| MemberInput {
        id: None,
        nik: nik.into(),
        name: name.into(),
        sex: Sex::Female,
        birth_date: None,
        relation,
        component: None,
        pregnancy: Default::default(),
    };
    store
        .save_household(
            me,
            &HouseholdInput {
                id: None,
                expected_updated_at: None,
                fields: pilar::model::HouseholdFields {
                    no_kk: "3324010101260001".into(),
                    address: "Jl. Melati 1".into(),
                    rt: "001".into(),
                    rw: "002".into(),
                    village: "Curugsewu".into(),
                    desil: Some(2),
                    year_joined: Some(2019),
                    ..Default::default()
                },
                members: vec![
                    member("3324014101900001", "Sri Lestari", Relation::KepalaKeluarga),
                    member("3324014101100002", "Dewi Lestari", Relation::Anak),
                ],
            },
        )
        .unwrap()
        .unwrap()
}

#[test]
fn verify_finds_rows_changed_or_deleted_behind_the_history() {
    let (demo, me, _) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    let hid = new_household(&store, &me);
    assert!(store.verify().unwrap().ok());
    let conn = Connection::open(&demo.path).unwrap();
    // A household edited without history (the adversarial test's T08).
    conn.execute("UPDATE households SET desil = 9 WHERE id = ?1", [&hid])
        .unwrap();
    let v = store.verify().unwrap();
    assert!(!v.ok());
    assert_eq!(v.mismatch_count, 1, "{v:?}");
    let m = &v.mismatches[0];
    assert_eq!(
        (m.table.as_str(), m.record.as_str(), m.field.as_deref()),
        ("households", hid.as_str(), Some("desil"))
    );
    // Fields without history (the demo's own rows, status_date) are not checked.
    conn.execute_batch(
        "UPDATE households SET desil = 10, status_date = '2020-01-01'
         WHERE id <> (SELECT id FROM households ORDER BY created_at DESC LIMIT 1);",
    )
    .unwrap();
    assert_eq!(store.verify().unwrap().mismatch_count, 1);
    // A member row deleted (T14) and an activity's summary changed.
    let member: String = conn
        .query_row(
            "SELECT id FROM members WHERE household_id = ?1 AND name = 'Dewi Lestari'",
            [&hid],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute("DELETE FROM members WHERE id = ?1", [&member])
        .unwrap();
    conn.execute(
        "UPDATE activities SET summary = 'Kunjungan palsu' WHERE summary = 'Kunjungan dua'",
        [],
    )
    .unwrap();
    let v = store.verify().unwrap();
    assert_eq!(v.mismatch_count, 3, "{v:?}");
    assert!(
        v.mismatches
            .iter()
            .any(|m| m.table == "members" && m.record == member && m.field.is_none()),
        "{v:?}"
    );
    assert!(
        v.mismatches
            .iter()
            .any(|m| m.table == "activities" && m.field.as_deref() == Some("summary")),
        "{v:?}"
    );
    // The command line names table, record and field, and exits 1.
    let out = run(&[
        "verify",
        "--db",
        demo.path.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&hid) && stdout.contains("desil"),
        "{stdout}"
    );
    assert!(stdout.contains(&member), "{stdout}");
    // A field with an open merge conflict is not checked: the merge kept ours while their
    // later entry joined the history.
    conn.execute(
        "INSERT INTO merge_conflicts (id, table_name, record_id, household_id, field, ours,
             theirs, source, created_at, updated_at, author_id)
         VALUES ('c1', 'households', ?1, ?1, 'desil', '9', '2', 'laptop.db',
                 '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z', ?2)",
        [&hid, &me],
    )
    .unwrap();
    assert_eq!(store.verify().unwrap().mismatch_count, 2);
}

#[test]
fn verify_never_writes_to_the_file() {
    // A file of the previous schema version (2): verify reads it as it is.
    let (demo, _, _) = demo_with_history();
    let conn = Connection::open(&demo.path).unwrap();
    conn.execute_batch(
        "DROP INDEX households_team; DROP INDEX activities_team; PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&demo.path).unwrap();
    let out = run(&["verify", "--db", demo.path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(std::fs::read(&demo.path).unwrap() == before, "verify wrote");
    assert_eq!(common::count(&demo.path, "PRAGMA user_version"), 2);
}

#[test]
fn verify_and_report_fail_cleanly_when_stdout_cannot_be_written() {
    let (demo, _, _) = demo_with_history();
    let db = demo.path.to_str().unwrap();
    for cmd in ["verify", "report"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = pilar_bin()
            .args([cmd, "--db", db, "--lang", "en"])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("Cannot write"),
            "{cmd}: {}",
            text(&out.stderr)
        );
        // A reader that went away (`| head`) is no error: quietly done.
        let mut child = pilar_bin()
            .args([cmd, "--db", db, "--lang", "en"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{cmd}: {}", text(&out.stderr));
    }
}

#[test]
fn verify_agrees_after_every_kind_of_save() {
    use pilar::domain::graduation::{ExitKind, Program, ReferralStatus};
    use pilar::model::{NewGraduation, NewReferral};
    let (demo, me, hh) = demo_with_history();
    let store = Store::open(&demo.path).unwrap();
    let referral = NewReferral {
        household_id: hh.clone(),
        program: Program::Kube,
        agency: "Dinsos".into(),
        date: today(),
        status: ReferralStatus::Diusulkan,
        notes: String::new(),
    };
    let graduation = NewGraduation {
        household_id: hh.clone(),
        kind: ExitKind::SejahteraMandiri,
        date: today(),
        reason: "Usaha warung berjalan".into(),
        evidence: vec!["asesmen"],
        referral: Some(referral.clone()),
        monitoring_months: 12,
        monitoring_summary: "Pemantauan bulan ke-{}".into(),
    };
    store.record_graduation(&me, &graduation).unwrap();
    store.undo_graduation(&me, &hh, today()).unwrap();
    store.record_graduation(&me, &graduation).unwrap();
    store.add_referral(&me, &referral).unwrap();
    store.advance_referral(&me, &hh, false).unwrap();
    store.advance_referral(&me, &hh, true).unwrap();
    let follow_up = store
        .add_activity(
            &me,
            &NewActivity {
                follow_up: Some(today()),
                ..visit(&hh, "Cek dokumen")
            },
        )
        .unwrap();
    store
        .mark_follow_up_done(&me, &follow_up, today(), "Selesai: {}")
        .unwrap();
    store.log_reveal(&me, &hh).unwrap();
    // A new household, then edited: a field changed, a member renamed, one removed.
    let hid = new_household(&store, &me);
    let members: Vec<(String, String)> = {
        let conn = Connection::open(&demo.path).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, name FROM members WHERE household_id = ?1 ORDER BY name DESC")
            .unwrap();
        stmt.query_map([&hid], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(members.len(), 2);
    let updated_at: String = common::one(
        &demo.path,
        &format!("SELECT updated_at FROM households WHERE id = '{hid}'"),
    );
    let detail = store.household_detail(&hid).unwrap().unwrap();
    assert_eq!(detail.members.len(), 2);
    let edit = pilar::model::HouseholdInput {
        id: Some(hid.clone()),
        expected_updated_at: Some(updated_at),
        fields: pilar::model::HouseholdFields {
            no_kk: "3324010101260001".into(),
            address: "Jl. Melati 2".into(),
            rt: "001".into(),
            rw: "002".into(),
            village: "Curugsewu".into(),
            phone: "081234567890".into(),
            desil: Some(3),
            year_joined: Some(2019),
            has_business: true,
            business_desc: "Warung".into(),
            business_income: Some(1_500_000),
            ..Default::default()
        },
        members: vec![pilar::model::MemberInput {
            id: Some(members[0].0.clone()),
            nik: "3324014101900001".into(),
            name: "Sri Lestari Wati".into(),
            sex: pilar::domain::Sex::Female,
            birth_date: None,
            relation: pilar::model::Relation::KepalaKeluarga,
            component: None,
            pregnancy: Default::default(),
        }],
    };
    assert!(store.save_household(&me, &edit).unwrap().is_ok());
    let v = store.verify().unwrap();
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.head_check, pilar::store::chain::HeadCheck::Agrees);
}
