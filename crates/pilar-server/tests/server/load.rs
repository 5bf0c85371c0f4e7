//! `pilar server load`: a demo database with history onto the server, twice.

use chrono::NaiveDate;
use pilar_core::domain::activity::ActivityKind;
use pilar_core::model::NewActivity;
use pilar_server::load::{LoadOptions, Snapshot, load};
use pilar_server::testing::Harness;

use crate::common::*;

#[test]
fn loading_a_demo_twice_files_every_entry_once_with_verifying_chains() {
    let Some(h) = Harness::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), 60, 3);
    // The demo has no history: write some through the store, as people would.
    {
        let store = pilar_store::store::Store::open(&path).unwrap();
        let workers = store.workers().unwrap();
        let snap = Snapshot::read(&store).unwrap();
        for w in workers.iter().filter(|w| w.login != "korkab") {
            let mine: Vec<String> = snap.tables["households"]
                .iter()
                .filter(|r| text(r, "worker_id") == w.id)
                .take(3)
                .map(|r| text(r, "id").to_string())
                .collect();
            for hid in &mine {
                store
                    .add_activity(
                        &w.id,
                        &NewActivity {
                            households: vec![(hid.clone(), true)],
                            kind: ActivityKind::Kunjungan,
                            date: NaiveDate::from_ymd_opt(2026, 6, 10).unwrap(),
                            summary: "Kunjungan rumah".into(),
                            detail: String::new(),
                            follow_up: Some(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()),
                            group_name: String::new(),
                            place: String::new(),
                            p2k2_module: None,
                            p2k2_session: None,
                        },
                    )
                    .unwrap();
                store.log_reveal(&w.id, hid).unwrap();
            }
        }
        // A supervisor's note, filed in the facilitator's caseload.
        let korkab = workers.iter().find(|w| w.login == "korkab").unwrap();
        let hid = text(&snap.tables["households"][0], "id").to_string();
        store
            .add_activity(
                &korkab.id,
                &NewActivity {
                    households: vec![(hid, true)],
                    kind: ActivityKind::Direktif,
                    date: NaiveDate::from_ymd_opt(2026, 6, 12).unwrap(),
                    summary: "Periksa kehadiran".into(),
                    detail: String::new(),
                    follow_up: None,
                    group_name: String::new(),
                    place: String::new(),
                    p2k2_module: None,
                    p2k2_session: None,
                },
            )
            .unwrap();
        // The supervisor signs off the first facilitator's records up to now.
        let head = store.sync_head().unwrap().seq;
        let first = workers.iter().find(|w| w.login != "korkab").unwrap();
        store
            .sign_off(
                &korkab.id,
                &pilar_core::model::review::NewSignOff {
                    supervisor_id: korkab.id.clone(),
                    facilitator_id: first.id.clone(),
                    upto_seq: head,
                    note: "Sudah diperiksa".into(),
                },
            )
            .unwrap();
    }
    let snap = snapshot(&path);
    assert_eq!(snap.tables["signoffs"].len(), 1);
    let filed: Vec<&pilar_core::sync::Entry> = snap
        .entries
        .iter()
        .filter(|e| pilar_core::sync::CASELOAD_TABLES.contains(&e.table.as_str()))
        .collect();
    assert!(filed.len() > 50, "{} entries", filed.len());
    let opts = LoadOptions {
        kab: None,
        today: Some(today()),
    };
    let mut c = h.pg();
    let first = h.block_on(load(&mut c, &snap, &opts)).unwrap();
    assert!(first.changed());
    assert_eq!(first.workers, 4);
    assert_eq!(first.regencies.len(), 1);
    let k = &first.regencies[0];
    assert_eq!(k.kab, "3324");
    assert_eq!(k.facilitators, 3);
    assert!(k.quarantined.is_empty(), "{:?}", k.quarantined);
    let rows: u64 = snap.tables.values().map(|v| v.len() as u64).sum();
    assert_eq!(k.rows_applied, rows);
    assert_eq!(k.entries_added, filed.len() as u64);
    let counts = table_counts(&h);
    assert_eq!(counts["households"], 60);
    assert_eq!(counts["team_rollup"], 3);
    // The sign-off, in its facilitator's stream with its history, written by its supervisor.
    assert_eq!(counts["signoffs"], 1);
    assert!(
        h.count(
            "SELECT count(*) FROM caseload_log l JOIN signoffs s
               ON s.kab_code = l.kab_code AND s.id = l.record_id
             WHERE l.worker_id = s.facilitator_id AND l.author_id = s.supervisor_id"
        ) > 0
    );

    let second = h.block_on(load(&mut c, &snap, &opts)).unwrap();
    assert!(!second.changed(), "{second:?}");
    assert_eq!(table_counts(&h), counts);

    // Every entry once, in its facilitator's stream, chains verifying.
    assert_eq!(
        h.count("SELECT count(*) FROM caseload_log"),
        filed.len() as i64
    );
    assert_eq!(
        h.count("SELECT count(DISTINCT id) FROM caseload_log"),
        filed.len() as i64
    );
    assert_eq!(verify_chains(&h), filed.len() as i64);
    // The supervisor's note is in the household's facilitator's stream.
    assert!(
        h.count(
            "SELECT count(*) FROM caseload_log l JOIN activities a
               ON a.kab_code = l.kab_code AND a.id = l.record_id
             WHERE a.kind = 'direktif' AND a.worker_id = l.worker_id
               AND a.author_id <> l.worker_id"
        ) > 0
    );
    // The roll-up agrees with the laptop's team screen.
    let store = pilar_store::store::Store::open(&path).unwrap();
    let team = store
        .team(
            &pilar_core::model::Scope::All,
            2026,
            today(),
            today(),
            &Default::default(),
        )
        .unwrap();
    for row in team.rows {
        let server = h.count(&format!(
            "SELECT (caseload * 1000000 + graduated * 10000 + candidates * 100 + overdue)::bigint
             FROM team_rollup WHERE worker_id = '{}'",
            row.worker_id
        ));
        let laptop = i64::from(row.caseload) * 1_000_000
            + i64::from(row.graduated) * 10_000
            + i64::from(row.candidates) * 100
            + i64::from(row.overdue);
        assert_eq!(server, laptop, "{}", row.login);
        assert_eq!(
            h.count(&format!(
                "SELECT (activities_30d * 10000 + p2k2_month * 100 + not_visited_90d)::bigint
                 FROM team_rollup WHERE worker_id = '{}'",
                row.worker_id
            )),
            i64::from(row.activities_30d) * 10_000
                + i64::from(row.p2k2_month) * 100
                + i64::from(row.not_visited_90d),
            "{}",
            row.login
        );
    }
}
