//! Corrections with history (issue 14 §3): each correction on a real SQLite file goes
//! through the store's history like any other edit, and `pilar verify` still passes.

use crate::common;

use chrono::NaiveDate;
use common::{count, demo_db, one, today};
use pilar::domain::graduation::{ExitKind, HouseholdStatus, Program, ReferralStatus};
use pilar::model::{NewGraduation, NewReferral};
use pilar::store::Store;

/// The demo's facilitator and an active household of their caseload.
fn me_and_household(store: &Store, demo: &common::Demo) -> (String, String) {
    let login = store.default_user().unwrap().unwrap();
    let me = store.worker_by_login(&login).unwrap().unwrap().id;
    let hh: String = one(
        &demo.path,
        &format!(
            "SELECT id FROM households WHERE worker_id = '{me}' AND status = 'aktif'
             AND deleted = 0 ORDER BY id LIMIT 1"
        ),
    );
    (me, hh)
}

fn referral(hh: &str) -> NewReferral {
    NewReferral {
        household_id: hh.to_string(),
        program: Program::Kur,
        agency: "BRI Unit Boja".into(),
        date: today(),
        status: ReferralStatus::Diusulkan,
        notes: String::new(),
    }
}

/// `pilar verify` on the file passes.
pub(crate) fn assert_verifies(path: &std::path::Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"))
        .args(["verify", "--db", path.to_str().unwrap()])
        .env("PILAR_LANG", "en")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn referral_status(path: &std::path::Path, hh: &str) -> String {
    one(
        path,
        &format!(
            "SELECT status FROM referrals WHERE household_id = '{hh}' ORDER BY created_at DESC LIMIT 1"
        ),
    )
}

#[test]
fn fix_a_finished_or_rejected_referral_cannot_be_rejected() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = me_and_household(&store, &demo);
    store.add_referral(&me, &referral(&hh)).unwrap();
    for _ in 0..3 {
        store.advance_referral(&me, &hh, false).unwrap();
    }
    assert_eq!(referral_status(&demo.path, &hh), "selesai");
    // D19: `:tolak-rujukan` on a finished referral changes nothing.
    let (_, status, moved) = store.advance_referral(&me, &hh, true).unwrap().unwrap();
    assert_eq!((status, moved), (ReferralStatus::Selesai, false));
    assert_eq!(referral_status(&demo.path, &hh), "selesai");
    // Nor twice rejected.
    let other = demo_db(30, 1, 1);
    let store2 = Store::open(&other.path).unwrap();
    let (me2, hh2) = me_and_household(&store2, &other);
    store2.add_referral(&me2, &referral(&hh2)).unwrap();
    assert!(
        store2
            .advance_referral(&me2, &hh2, true)
            .unwrap()
            .unwrap()
            .2
    );
    let (_, status, moved) = store2.advance_referral(&me2, &hh2, true).unwrap().unwrap();
    assert_eq!((status, moved), (ReferralStatus::Ditolak, false));
}

#[test]
fn fix_a_referral_steps_back_with_history() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = me_and_household(&store, &demo);
    store.add_referral(&me, &referral(&hh)).unwrap();
    store.advance_referral(&me, &hh, false).unwrap();
    store.advance_referral(&me, &hh, false).unwrap();
    assert_eq!(referral_status(&demo.path, &hh), "berjalan");
    // A mistaken `R` is taken back one step, recorded.
    let (program, status, moved) = store.step_back_referral(&me, &hh).unwrap().unwrap();
    assert_eq!(
        (program, status, moved),
        (Program::Kur, ReferralStatus::Diterima, true)
    );
    assert_eq!(referral_status(&demo.path, &hh), "diterima");
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM change_log WHERE table_name = 'referrals' AND field = 'status'
             AND old_value = 'berjalan' AND new_value = 'diterima'"
        ),
        1
    );
    // A rejection taken back returns to where it was before.
    store.advance_referral(&me, &hh, true).unwrap();
    assert_eq!(referral_status(&demo.path, &hh), "ditolak");
    let (_, status, moved) = store.step_back_referral(&me, &hh).unwrap().unwrap();
    assert_eq!((status, moved), (ReferralStatus::Diterima, true));
    store.step_back_referral(&me, &hh).unwrap();
    // At the start there is nothing before.
    let (_, status, moved) = store.step_back_referral(&me, &hh).unwrap().unwrap();
    assert_eq!((status, moved), (ReferralStatus::Diusulkan, false));
    drop(store);
    assert_verifies(&demo.path);
}

#[test]
fn fix_undoing_a_graduation_restores_the_status_and_its_date() {
    let demo = demo_db(60, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let (me, _) = me_and_household(&store, &demo);
    let hh: String = one(
        &demo.path,
        &format!(
            "SELECT id FROM households WHERE worker_id = '{me}' AND status = 'calon_graduasi'
             AND deleted = 0 ORDER BY id LIMIT 1"
        ),
    );
    let candidate_since = NaiveDate::from_ymd_opt(2026, 10, 24).unwrap();
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "UPDATE households SET status_date = ?2 WHERE id = ?1",
            rusqlite::params![hh, candidate_since],
        )
        .unwrap();
    store
        .record_graduation(
            &me,
            &NewGraduation {
                household_id: hh.clone(),
                kind: ExitKind::SejahteraMandiri,
                date: today(),
                reason: "Usaha warung stabil".into(),
                evidence: vec!["asesmen", "surat_pernyataan"],
                referral: None,
                monitoring_months: 6,
                monitoring_summary: "Pemantauan bulan ke-{}".into(),
            },
        )
        .unwrap();
    let back = store.undo_graduation_to(&me, &hh, today()).unwrap();
    assert_eq!(
        back,
        Some((HouseholdStatus::CalonGraduasi, Some(candidate_since)))
    );
    let (status, date): (String, String) = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT status, status_date FROM households WHERE id = ?1",
            [&hh],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), date.as_str()),
        ("calon_graduasi", "2026-10-24")
    );
    drop(store);
    assert_verifies(&demo.path);
}

#[test]
fn fix_an_activity_is_corrected_and_voided_with_history() {
    use pilar::domain::activity::ActivityKind;
    use pilar::model::{ActivityEdit, NewActivity};
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = me_and_household(&store, &demo);
    let other: String = one(
        &demo.path,
        &format!(
            "SELECT id FROM households WHERE worker_id = '{me}' AND id <> '{hh}'
             AND status = 'aktif' AND deleted = 0 ORDER BY id LIMIT 1"
        ),
    );
    let visit = NewActivity {
        households: vec![(hh.clone(), true)],
        kind: ActivityKind::Kunjungan,
        date: today(),
        summary: "Kunjugan rutin".into(),
        detail: String::new(),
        follow_up: None,
        group_name: String::new(),
        place: String::new(),
        p2k2_module: None,
        p2k2_session: None,
    };
    let id = store.add_activity(&me, &visit).unwrap();
    let yesterday = today().pred_opt().unwrap();
    store
        .edit_activity(
            &me,
            &id,
            &ActivityEdit {
                kind: ActivityKind::Verifikasi,
                date: yesterday,
                summary: "Verifikasi kehadiran sekolah".into(),
                follow_up: Some(today()),
                attendance: Vec::new(),
            },
        )
        .unwrap();
    let logged = |field: &str, old: &str, new: &str| {
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM change_log WHERE record_id = '{id}' AND field = '{field}'
                 AND coalesce(old_value, '') = '{old}' AND new_value = '{new}'"
            ),
        )
    };
    assert_eq!(logged("kind", "kunjungan", "verifikasi"), 1);
    assert_eq!(
        logged("date", &today().to_string(), &yesterday.to_string()),
        1
    );
    assert_eq!(
        logged("summary", "Kunjugan rutin", "Verifikasi kehadiran sekolah"),
        1
    );
    assert_eq!(logged("follow_up", "", &today().to_string()), 1);
    // The household's next follow-up follows the correction.
    let next: String = one(
        &demo.path,
        &format!("SELECT next_follow_up FROM households WHERE id = '{hh}'"),
    );
    assert!(next <= today().to_string());

    // A P2K2 session's attendance is corrected.
    let session = store
        .add_activity(
            &me,
            &NewActivity {
                households: vec![(hh.clone(), true), (other.clone(), true)],
                kind: ActivityKind::P2k2,
                summary: "Sesi 5".into(),
                p2k2_session: Some(5),
                ..visit.clone()
            },
        )
        .unwrap();
    store
        .edit_activity(
            &me,
            &session,
            &ActivityEdit {
                kind: ActivityKind::P2k2,
                date: today(),
                summary: "Sesi 5".into(),
                follow_up: None,
                attendance: vec![(other.clone(), false)],
            },
        )
        .unwrap();
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT attended FROM activity_households
                 WHERE activity_id = '{session}' AND household_id = '{other}'"
            )
        ),
        0
    );
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM change_log WHERE table_name = 'activity_households'
                 AND record_id = '{session}' AND field = 'attended'
                 AND old_value = '{other}:1' AND new_value = '{other}:0'"
            )
        ),
        1
    );

    // Voided with a reason: gone from the log, kept in the history.
    let q = pilar::model::LogQuery::Household(hh.clone());
    let before = store.count_activities(&q).unwrap();
    store.void_activity(&me, &id, "salah keluarga").unwrap();
    assert_eq!(store.count_activities(&q).unwrap(), before - 1);
    assert_eq!(logged("void", "", "salah keluarga"), 1);
    assert_eq!(logged("deleted", "0", "1"), 1);
    let history = store.household_history(&hh, 100).unwrap();
    assert!(history.iter().any(|c| c.field == "void"));
    drop(store);
    assert_verifies(&demo.path);
}

#[test]
fn fix_a_done_follow_up_is_reopened_with_history() {
    use pilar::domain::activity::ActivityKind;
    use pilar::model::{NewActivity, Scope};
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = me_and_household(&store, &demo);
    let id = store
        .add_activity(
            &me,
            &NewActivity {
                households: vec![(hh.clone(), true)],
                kind: ActivityKind::Kunjungan,
                date: today(),
                summary: "Cek KKS".into(),
                detail: String::new(),
                follow_up: Some(today()),
                group_name: String::new(),
                place: String::new(),
                p2k2_module: None,
                p2k2_session: None,
            },
        )
        .unwrap();
    let scope = Scope::Worker(me.clone());
    let due = store.count_agenda(&scope, today()).unwrap();
    assert!(!store.reopen_follow_up(&me, &id).unwrap(), "not done yet");
    store
        .mark_follow_up_done(&me, &id, today(), "Selesai: {}")
        .unwrap();
    assert_eq!(store.count_agenda(&scope, today()).unwrap(), due - 1);
    assert!(store.reopen_follow_up(&me, &id).unwrap());
    assert_eq!(store.count_agenda(&scope, today()).unwrap(), due);
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM change_log WHERE record_id = '{id}' AND field = 'done'
                 AND old_value = '1' AND new_value = '0'"
            )
        ),
        1
    );
    drop(store);
    assert_verifies(&demo.path);
}

#[test]
fn fix_a_referral_is_corrected_with_history() {
    use pilar::model::ReferralEdit;
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = me_and_household(&store, &demo);
    let id = store.add_referral(&me, &referral(&hh)).unwrap();
    let earlier = today().pred_opt().unwrap();
    store
        .edit_referral(
            &me,
            &id,
            &ReferralEdit {
                program: Program::Umi,
                agency: "Pegadaian Boja".into(),
                notes: "Modal warung".into(),
                date: earlier,
            },
        )
        .unwrap();
    let logged = |field: &str, old: &str, new: &str| {
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM change_log WHERE record_id = '{id}' AND field = '{field}'
                 AND coalesce(old_value, '') = '{old}' AND new_value = '{new}'"
            ),
        )
    };
    assert_eq!(logged("program", "kur", "umi"), 1);
    assert_eq!(logged("agency", "BRI Unit Boja", "Pegadaian Boja"), 1);
    assert_eq!(logged("notes", "", "Modal warung"), 1);
    assert_eq!(
        logged("date", &today().to_string(), &earlier.to_string()),
        1
    );
    assert_eq!(
        referral_status(&demo.path, &hh),
        "diusulkan",
        "status untouched"
    );
    drop(store);
    assert_verifies(&demo.path);
}

#[test]
fn fix_pilar_merge_carries_corrections() {
    use pilar::domain::activity::ActivityKind;
    use pilar::model::{ActivityEdit, NewActivity, ReferralEdit};
    let demo = demo_db(30, 1, 1);
    let (me, hh, other, session, visit, referral) = {
        let store = Store::open(&demo.path).unwrap();
        let (me, hh) = me_and_household(&store, &demo);
        let other: String = one(
            &demo.path,
            &format!(
                "SELECT id FROM households WHERE worker_id = '{me}' AND id <> '{hh}'
                 AND status = 'aktif' AND deleted = 0 ORDER BY id LIMIT 1"
            ),
        );
        let base = NewActivity {
            households: vec![(hh.clone(), true)],
            kind: ActivityKind::Kunjungan,
            date: today(),
            summary: "Kunjungan".into(),
            detail: String::new(),
            follow_up: None,
            group_name: String::new(),
            place: String::new(),
            p2k2_module: None,
            p2k2_session: None,
        };
        let visit = store.add_activity(&me, &base).unwrap();
        let session = store
            .add_activity(
                &me,
                &NewActivity {
                    households: vec![(hh.clone(), true), (other.clone(), true)],
                    kind: ActivityKind::P2k2,
                    p2k2_session: Some(3),
                    ..base
                },
            )
            .unwrap();
        let referral = store.add_referral(&me, &referral(&hh)).unwrap();
        (me, hh, other, session, visit, referral)
    };
    // Two laptops from one file; the corrections are made on the other one.
    let ours = demo.dir.path().join("ours.db");
    let theirs = demo.dir.path().join("theirs.db");
    std::fs::copy(&demo.path, &ours).unwrap();
    std::fs::copy(&demo.path, &theirs).unwrap();
    {
        let store = Store::open(&theirs).unwrap();
        store
            .edit_activity(
                &me,
                &visit,
                &ActivityEdit {
                    kind: ActivityKind::Kunjungan,
                    date: today(),
                    summary: "Kunjungan: KKS sudah diterima".into(),
                    follow_up: None,
                    attendance: Vec::new(),
                },
            )
            .unwrap();
        store
            .edit_activity(
                &me,
                &session,
                &ActivityEdit {
                    kind: ActivityKind::P2k2,
                    date: today(),
                    summary: "Kunjungan".into(),
                    follow_up: None,
                    attendance: vec![(other.clone(), false)],
                },
            )
            .unwrap();
        store
            .edit_referral(
                &me,
                &referral,
                &ReferralEdit {
                    program: Program::Kur,
                    agency: "BRI Unit Boja Kendal".into(),
                    notes: String::new(),
                    date: today(),
                },
            )
            .unwrap();
        store.advance_referral(&me, &hh, false).unwrap();
        store.step_back_referral(&me, &hh).unwrap();
    }
    let store = Store::open(&ours).unwrap();
    let other_db = Store::open_other(&theirs, None).unwrap();
    let report = store
        .merge_from(&other_db, &me, &theirs.display().to_string())
        .unwrap();
    assert_eq!(report.open_conflicts, 0, "{report:?}");
    drop(store);
    let summary: String = one(
        &ours,
        &format!("SELECT summary FROM activities WHERE id = '{visit}'"),
    );
    assert_eq!(summary, "Kunjungan: KKS sudah diterima");
    let attended: i64 = one(
        &ours,
        &format!(
            "SELECT attended FROM activity_households
             WHERE activity_id = '{session}' AND household_id = '{other}'"
        ),
    );
    assert_eq!(attended, 0);
    let agency: String = one(
        &ours,
        &format!("SELECT agency FROM referrals WHERE id = '{referral}'"),
    );
    assert_eq!(agency, "BRI Unit Boja Kendal");
    assert_verifies(&ours);
}

#[test]
fn fix_a_supervisor_corrects_nothing_in_the_store() {
    use pilar::domain::activity::ActivityKind;
    use pilar::model::{ActivityEdit, NewActivity, ReferralEdit, Role};
    use pilar::store::StoreError;
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let (me, hh) = me_and_household(&store, &demo);
    let korcam = store
        .add_worker("Korcam Patean", "korcam", Role::Supervisor, 0, None)
        .unwrap();
    let id = store
        .add_activity(
            &me,
            &NewActivity {
                households: vec![(hh.clone(), true)],
                kind: ActivityKind::Kunjungan,
                date: today(),
                summary: "Kunjungan".into(),
                detail: String::new(),
                follow_up: Some(today()),
                group_name: String::new(),
                place: String::new(),
                p2k2_module: None,
                p2k2_session: None,
            },
        )
        .unwrap();
    let referral = store.add_referral(&me, &referral(&hh)).unwrap();
    store.advance_referral(&me, &hh, false).unwrap();
    let history = count(&demo.path, "SELECT count(*) FROM change_log");
    let refused =
        |r: Result<(), StoreError>| assert!(matches!(r, Err(StoreError::NotAllowed)), "{r:?}");
    let edit = ActivityEdit {
        kind: ActivityKind::Kasus,
        date: today(),
        summary: "x".into(),
        follow_up: None,
        attendance: Vec::new(),
    };
    refused(store.edit_activity(&korcam.id, &id, &edit));
    refused(store.void_activity(&korcam.id, &id, "salah"));
    refused(store.reopen_follow_up(&korcam.id, &id).map(|_| ()));
    refused(store.edit_referral(
        &korcam.id,
        &referral,
        &ReferralEdit {
            program: Program::Umi,
            agency: "x".into(),
            notes: String::new(),
            date: today(),
        },
    ));
    refused(store.step_back_referral(&korcam.id, &hh).map(|_| ()));
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM change_log"),
        history
    );
}
