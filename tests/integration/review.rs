//! A supervisor's review since sign-off (issue 11 item 8) on real SQLite files: the
//! changes counted by kind on a hand-made database (a supervisor's own notes not among
//! them), the sign-off record and its history, who may sign off; the review by key script
//! through the real store (team, review, Enter, a note, Esc, `P P`, counts reset); and the
//! team screen's column and the review list at 80x24 in both languages.

use crate::common;

use chrono::NaiveDate;
use common::{app_as, keys, today};
use pilar::app::{App, Overlay, Screen};
use pilar::domain::Lang;
use pilar::domain::Sex;
use pilar::domain::activity::ActivityKind;
use pilar::domain::nik::{compose_nik, compose_no_kk};
use pilar::model::review::{NewSignOff, ReviewQuery};
use pilar::model::{HouseholdInput, MemberInput, NewActivity, Relation, Role, Worker};
use pilar::store::{Store, StoreError};

/// Undoes the migration that lets sign-offs travel (migration 16) on a file, for the tests
/// that rewind to an earlier schema version and run the later migrations again.
pub const UNDO_SIGNOFF_TRAVEL: &str = "
    DROP TRIGGER IF EXISTS sync_dirty_signoffs_insert;
    DROP TRIGGER IF EXISTS sync_dirty_signoffs_update;
    ALTER TABLE signoffs DROP COLUMN upto_entry;";

struct Team {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    ani: Worker,
    budi: Worker,
    korcam: Worker,
    /// Ani's two households, Budi's one.
    sri: String,
    tuti: String,
    rina: String,
}

fn household(n: u8, name: &str) -> HouseholdInput {
    let birth = NaiveDate::from_ymd_opt(1985, 5, n.into()).unwrap();
    let joined = NaiveDate::from_ymd_opt(2019, 2, n.into()).unwrap();
    HouseholdInput {
        id: None,
        expected_updated_at: None,
        fields: pilar::model::HouseholdFields {
            no_kk: compose_no_kk(33, 24, 4, joined, n.into()).to_string(),
            village: "Curugsewu".into(),
            ..Default::default()
        },
        members: vec![MemberInput {
            id: None,
            nik: compose_nik(33, 24, 4, birth, Sex::Female, n.into()).to_string(),
            name: name.into(),
            sex: Sex::Female,
            birth_date: Some(birth),
            relation: Relation::Istri,
            component: None,
            pregnancy: Default::default(),
        }],
    }
}

fn visit(h: &str, kind: ActivityKind, summary: &str) -> NewActivity {
    NewActivity {
        households: vec![(h.to_string(), true)],
        kind,
        date: today(),
        summary: summary.into(),
        detail: String::new(),
        follow_up: None,
        group_name: String::new(),
        place: String::new(),
        p2k2_module: None,
        p2k2_session: None,
    }
}

/// Counted by hand: Ani added Sri and Tuti and visited Sri twice (two activities); Budi
/// added Rina; the supervisor left a note on Sri (not Ani's work: not counted).
fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open(&path).unwrap();
    let korcam = store
        .add_worker("Korcam Patean", "korcam", Role::Supervisor, 0, None)
        .unwrap();
    let ani = store
        .add_worker("Ani", "ani", Role::Facilitator, 10, None)
        .unwrap();
    let budi = store
        .add_worker("Budi", "budi", Role::Facilitator, 12, None)
        .unwrap();
    let sri = store
        .save_household(&ani.id, &household(1, "Sri"))
        .unwrap()
        .unwrap();
    let tuti = store
        .save_household(&ani.id, &household(2, "Tuti"))
        .unwrap()
        .unwrap();
    let rina = store
        .save_household(&budi.id, &household(3, "Rina"))
        .unwrap()
        .unwrap();
    store
        .add_activity(
            &ani.id,
            &visit(&sri, ActivityKind::Kunjungan, "Kunjungan 1"),
        )
        .unwrap();
    store
        .add_activity(
            &ani.id,
            &visit(&sri, ActivityKind::Kunjungan, "Kunjungan 2"),
        )
        .unwrap();
    store
        .add_activity(&korcam.id, &visit(&sri, ActivityKind::Catatan, "Supervisi"))
        .unwrap();
    Team {
        _dir: dir,
        path,
        ani,
        budi,
        korcam,
        sri,
        tuti,
        rina,
    }
}

/// The history's last entry.
fn head(path: &std::path::Path) -> i64 {
    common::one(path, "SELECT max(seq) FROM change_log")
}

#[test]
fn changes_since_a_sign_off_are_counted_by_kind_and_the_sign_off_is_in_the_history() {
    let t = team();
    let store = Store::open(&t.path).unwrap();
    let s = store.review_summaries().unwrap();
    let ani = &s[&t.ani.id];
    assert!(ani.last.is_none(), "never signed off");
    assert_eq!(
        (
            ani.counts.households_added,
            ani.counts.households_changed,
            ani.counts.activities,
            ani.counts.total()
        ),
        (2, 0, 2, 4)
    );
    assert_eq!(s[&t.budi.id].counts.households_added, 1);
    assert_eq!(s[&t.budi.id].counts.total(), 1);
    assert!(
        !s.contains_key(&t.korcam.id),
        "supervisors are not reviewed"
    );
    // The review list: every entry of Ani's caseload by Ani, newest first.
    let q = ReviewQuery {
        facilitator_id: t.ani.id.clone(),
        since_seq: 0,
    };
    let n = store.review_count(&q).unwrap();
    let rows = store.review_window(&q, 0, 500).unwrap();
    assert_eq!(rows.len() as u64, n);
    assert!(rows.windows(2).all(|w| w[0].seq > w[1].seq));
    assert!(
        rows.iter().all(|r| r.author == "Ani"),
        "not the supervisor's note"
    );
    assert!(
        rows.iter()
            .any(|r| r.household_name.as_deref() == Some("Sri") && r.field == "summary")
    );
    assert!(
        rows.iter()
            .all(|r| r.household_id.as_deref() != Some(t.rina.as_str()))
    );

    // Signed off up to now: nothing new; the record and its history are there.
    let upto = head(&t.path);
    let entries_before: i64 = common::one(&t.path, "SELECT count(*) FROM change_log");
    store
        .sign_off(
            &t.korcam.id,
            &NewSignOff {
                supervisor_id: t.korcam.id.clone(),
                facilitator_id: t.ani.id.clone(),
                upto_seq: upto,
                note: "Sudah diperiksa".into(),
            },
        )
        .unwrap();
    let s = store.review_summaries().unwrap();
    let ani = &s[&t.ani.id];
    assert_eq!(ani.last.as_ref().map(|l| l.upto_seq), Some(upto));
    assert_eq!(ani.counts.total(), 0);
    assert_eq!(s[&t.budi.id].counts.total(), 1, "Budi's are his own");
    let row: (String, String, i64, String, String) = rusqlite::Connection::open(&t.path)
        .unwrap()
        .query_row(
            "SELECT supervisor_id, facilitator_id, upto_seq, upto_hash, note FROM signoffs",
            [],
            |r| {
                Ok((
                    r.get("supervisor_id")?,
                    r.get("facilitator_id")?,
                    r.get("upto_seq")?,
                    r.get("upto_hash")?,
                    r.get("note")?,
                ))
            },
        )
        .unwrap();
    let hash: String = common::one(
        &t.path,
        &format!("SELECT hash FROM change_log WHERE seq = {upto}"),
    );
    assert_eq!(
        row,
        (
            t.korcam.id.clone(),
            t.ani.id.clone(),
            upto,
            hash,
            "Sudah diperiksa".into()
        )
    );
    let logged: i64 = common::one(
        &t.path,
        "SELECT count(*) FROM change_log WHERE table_name = 'signoffs'
         AND field IN ('facilitator_id', 'upto_seq', 'upto_hash', 'upto_at', 'note')",
    );
    assert_eq!(logged, 5);
    assert!(common::one::<i64>(&t.path, "SELECT count(*) FROM change_log") > entries_before);

    // Ani changes Tuti's phone: one household changed (not added), one entry to review.
    let mut edit = household(2, "Tuti");
    let detail = store.household_detail(&t.tuti).unwrap().unwrap();
    edit.id = Some(t.tuti.clone());
    edit.expected_updated_at = Some(detail.updated_at.clone());
    edit.members[0].id = detail.members.first().map(|m| m.id.clone());
    edit.fields.phone = "081234567890".into();
    store.save_household(&t.ani.id, &edit).unwrap().unwrap();
    let ani = &store.review_summaries().unwrap()[&t.ani.id];
    assert_eq!((ani.counts.households_changed, ani.counts.total()), (1, 1));
    let q = ReviewQuery {
        facilitator_id: t.ani.id.clone(),
        since_seq: upto,
    };
    let rows = store.review_window(&q, 0, 50).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].field, "phone");
    assert_eq!(rows[0].new.as_deref(), Some("081234567890"));
    assert!(store.verify().unwrap().ok());
}

#[test]
fn only_a_supervisor_signs_off_and_only_a_facilitators_records() {
    let t = team();
    let store = Store::open(&t.path).unwrap();
    let s = |by: &Worker, of: &Worker| {
        store.sign_off(
            &by.id,
            &NewSignOff {
                supervisor_id: by.id.clone(),
                facilitator_id: of.id.clone(),
                upto_seq: 1_000_000,
                note: String::new(),
            },
        )
    };
    assert!(matches!(s(&t.ani, &t.budi), Err(StoreError::NotAllowed)));
    assert!(matches!(s(&t.ani, &t.ani), Err(StoreError::NotAllowed)));
    assert!(matches!(
        s(&t.korcam, &t.korcam),
        Err(StoreError::NotAllowed)
    ));
    assert_eq!(
        common::one::<i64>(&t.path, "SELECT count(*) FROM signoffs"),
        0
    );
    // Past the history's end: up to its end (the sign-off's own entries come after).
    let end = head(&t.path);
    s(&t.korcam, &t.budi).unwrap();
    assert_eq!(
        common::one::<i64>(&t.path, "SELECT upto_seq FROM signoffs"),
        end
    );
    assert!(head(&t.path) > end);
}

/// The supervisor's app on the team screen with Ani selected.
fn on_ani(store: &Store, t: &Team, lang: Lang) -> App {
    let mut app = app_as(store, "korcam", lang);
    keys(&mut app, store, "3");
    let at = app
        .team
        .rows()
        .iter()
        .position(|r| r.worker_id == t.ani.id)
        .unwrap();
    keys(&mut app, store, &"j".repeat(at + 1));
    app
}

#[test]
fn review_note_and_sign_off_by_key_script() {
    let t = team();
    let store = Store::open(&t.path).unwrap();
    let mut app = on_ani(&store, &t, Lang::En);
    assert_eq!(app.review.summaries[&t.ani.id].counts.total(), 4);
    keys(&mut app, &store, "r");
    assert_eq!(app.screen, Screen::Review);
    let total = app.review.window.total;
    assert!(total > 0);
    // The newest line first: Ani's second visit.
    let first = app.review.window.selected_row().unwrap().clone();
    assert_eq!(first.household_id.as_deref(), Some(t.sri.as_str()));
    // Enter: Sri's household with its history; `a` leaves a note there.
    keys(&mut app, &store, "<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    assert_eq!(
        app.household.detail.as_ref().map(|d| d.id.as_str()),
        Some(t.sri.as_str())
    );
    assert!(app.household.show_history);
    assert!(!app.household.history.is_empty());
    keys(&mut app, &store, "a");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    keys(&mut app, &store, "Cek kunjungan kedua<enter>");
    assert!(matches!(app.overlay, Overlay::None), "saved");
    assert_eq!(
        common::one::<i64>(
            &t.path,
            "SELECT count(*) FROM activities WHERE summary = 'Cek kunjungan kedua'"
        ),
        1
    );
    // Esc: back on the review; the supervisor's note is not Ani's change.
    keys(&mut app, &store, "<esc>");
    assert_eq!(app.screen, Screen::Review);
    assert_eq!(app.review.window.total, total);
    // `P` asks, `P` again signs off: the counts are zero.
    keys(&mut app, &store, "P");
    assert!(app.message.as_ref().unwrap().text.contains("Press P again"));
    assert_eq!(
        common::one::<i64>(&t.path, "SELECT count(*) FROM signoffs"),
        0
    );
    keys(&mut app, &store, "P");
    assert_eq!(
        common::one::<i64>(&t.path, "SELECT count(*) FROM signoffs"),
        1
    );
    assert_eq!(app.review.window.total, 0);
    assert_eq!(app.review.summaries[&t.ani.id].counts.total(), 0);
    assert!(app.review.summaries[&t.ani.id].last.is_some());
    // Back on the team: Ani's column reads 0, Budi's still 1.
    keys(&mut app, &store, "<esc>");
    assert_eq!(app.screen, Screen::Team);
    assert_eq!(app.review.summaries[&t.budi.id].counts.total(), 1);
}

#[test]
fn team_column_and_review_list_at_80x24() {
    use pilar::ui::{self, Theme};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let t = team();
    let store = Store::open(&t.path).unwrap();
    // Budi signed off already: his date shows; Ani's never.
    store
        .sign_off(
            &t.korcam.id,
            &NewSignOff {
                supervisor_id: t.korcam.id.clone(),
                facilitator_id: t.budi.id.clone(),
                upto_seq: head(&t.path),
                note: String::new(),
            },
        )
        .unwrap();
    for (lang, suffix) in [(Lang::En, "en"), (Lang::Id, "id")] {
        let mut app = on_ani(&store, &t, lang);
        // Times in the history are the clock's: the snapshots pin them.
        app.settings.zone = pilar::domain::zone::Zone::default();
        let draw = |app: &App| {
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            term.draw(|f| ui::draw(f, app, &Theme::new(true, false)))
                .unwrap();
            normalize(&format!("{}", term.backend()))
        };
        insta::assert_snapshot!(format!("review_team_80x24_{suffix}"), draw(&app));
        keys(&mut app, &store, "r");
        insta::assert_snapshot!(format!("review_list_80x24_{suffix}"), draw(&app));
    }
}

/// The clock's times and dates (history entries are stamped when written) as fixed text.
fn normalize(screen: &str) -> String {
    let mut out = String::with_capacity(screen.len());
    let chars: Vec<char> = screen.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // YYYY-MM-DD HH:MM, MM-DD HH:MM or YYYY-MM-DD
        let is = |j: usize, pat: &str| {
            pat.chars()
                .enumerate()
                .all(|(k, p)| match chars.get(j + k) {
                    Some(c) if p == '9' => c.is_ascii_digit(),
                    Some(c) => *c == p,
                    None => false,
                })
        };
        if is(i, "9999-99-99 99:99") {
            out.push_str("YYYY-MM-DD hh:mm");
            i += 16;
        } else if is(i, "99-99 99:99") {
            out.push_str("MM-DD hh:mm");
            i += 11;
        } else if is(i, "9999-99-99") {
            out.push_str("YYYY-MM-DD");
            i += 10;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The counts read each record's last entry (`review_latest`), kept while the history is
/// indexed; a file indexed before that table existed gets it filled from its index when it
/// is opened, with the same counts, and later entries keep it up to date.
#[test]
fn counts_from_each_records_last_entry_survive_the_upgrade_of_an_indexed_file() {
    let t = team();
    let counts = |store: &Store| -> Vec<(String, u32, u32, u32)> {
        store
            .review_summaries()
            .unwrap()
            .into_iter()
            .map(|(w, s)| {
                let c = s.counts;
                (w, c.households_added, c.households_changed, c.total())
            })
            .collect()
    };
    let before = counts(&Store::open(&t.path).unwrap());
    assert!(before.iter().any(|c| c.3 > 0), "{before:?}");
    // As a file indexed by the version before: no table of last entries yet.
    {
        let c = rusqlite::Connection::open(&t.path).unwrap();
        // Migration 13 made review_latest; those after it run again (idempotent).
        c.execute_batch(&format!(
            "DROP TABLE review_latest;
             DROP TABLE review_totals;
             CREATE INDEX review_index_kind ON review_index (worker_id, kind, rec);
             {UNDO_SIGNOFF_TRAVEL}
             PRAGMA user_version = 12;"
        ))
        .unwrap();
    }
    let store = Store::open(&t.path).unwrap();
    let kept: i64 = common::one(&t.path, "SELECT count(*) FROM review_latest");
    assert!(kept > 0, "filled from the index");
    assert_eq!(counts(&store), before);
    // Tuti changed twice after a sign-off: one household changed.
    let upto = head(&t.path);
    store
        .sign_off(
            &t.korcam.id,
            &NewSignOff {
                supervisor_id: t.korcam.id.clone(),
                facilitator_id: t.ani.id.clone(),
                upto_seq: upto,
                note: String::new(),
            },
        )
        .unwrap();
    for phone in ["081234567890", "081234567891"] {
        let mut edit = household(2, "Tuti");
        let detail = store.household_detail(&t.tuti).unwrap().unwrap();
        edit.id = Some(t.tuti.clone());
        edit.expected_updated_at = Some(detail.updated_at.clone());
        edit.members[0].id = detail.members.first().map(|m| m.id.clone());
        edit.fields.phone = phone.into();
        store.save_household(&t.ani.id, &edit).unwrap().unwrap();
    }
    let ani = &store.review_summaries().unwrap()[&t.ani.id];
    assert_eq!((ani.counts.households_changed, ani.counts.total()), (1, 1));
    // A household with no entry of its adding (as the demo's, or a pulled one) changed:
    // counted as changed for a facilitator never signed off.
    let mut edit = household(3, "Rina");
    let detail = store.household_detail(&t.rina).unwrap().unwrap();
    edit.id = Some(t.rina.clone());
    edit.expected_updated_at = Some(detail.updated_at.clone());
    edit.members[0].id = detail.members.first().map(|m| m.id.clone());
    edit.fields.phone = "081299990000".into();
    {
        let c = rusqlite::Connection::open(&t.path).unwrap();
        // As if Rina's adding had never been indexed (the kept rows and totals agree).
        c.execute(
            "UPDATE review_totals SET n = n - 1 WHERE worker_id = ?1
                 AND kind IN (SELECT kind FROM review_latest WHERE rec = ?2)",
            [&t.budi.id, &t.rina],
        )
        .unwrap();
        c.execute("DELETE FROM review_latest WHERE rec = ?1", [&t.rina])
            .unwrap();
    }
    store.save_household(&t.budi.id, &edit).unwrap().unwrap();
    let budi = &store.review_summaries().unwrap()[&t.budi.id];
    assert_eq!(
        (budi.counts.households_added, budi.counts.households_changed),
        (0, 1)
    );
    // The totals kept entry by entry are what the rows of last entries give.
    let c = rusqlite::Connection::open(&t.path).unwrap();
    let kept: Vec<(String, String, i64)> = c
        .prepare("SELECT worker_id, kind, n FROM review_totals WHERE n > 0 ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let counted: Vec<(String, String, i64)> = c
        .prepare(
            "SELECT * FROM (
                 SELECT worker_id, kind, count(*) AS n FROM review_latest GROUP BY 1, 2
                 UNION ALL
                 SELECT l.worker_id, 'household_only', count(*) FROM review_latest l
                 WHERE l.kind = 'household' AND NOT EXISTS (SELECT 1 FROM review_latest a
                     WHERE a.worker_id = l.worker_id AND a.kind = 'added' AND a.rec = l.rec)
                 GROUP BY 1)
             WHERE n > 0 ORDER BY 1, 2",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(kept, counted);
}

/// A sign-off brought by `pilar merge` counts the same on both files: it names the entry it
/// reaches by its id, not by this file's seq (the two files' seqs differ after they part).
#[test]
fn a_sign_off_merged_from_another_file_counts_the_same_on_both() {
    let t = team();
    let theirs = t.path.with_file_name("theirs.db");
    std::fs::copy(&t.path, &theirs).unwrap();
    // They part: Ani visits again on ours and korcam signs her off there; Budi works on
    // theirs (so their seqs differ from here on).
    let ours = Store::open(&t.path).unwrap();
    ours.add_activity(
        &t.ani.id,
        &visit(&t.sri, ActivityKind::Kunjungan, "Kunjungan 3"),
    )
    .unwrap();
    ours.sign_off(
        &t.korcam.id,
        &NewSignOff {
            supervisor_id: t.korcam.id.clone(),
            facilitator_id: t.ani.id.clone(),
            upto_seq: i64::MAX,
            note: "Sudah".into(),
        },
    )
    .unwrap();
    let other = Store::open(&theirs).unwrap();
    other
        .add_activity(
            &t.budi.id,
            &visit(&t.rina, ActivityKind::Kunjungan, "Budi 1"),
        )
        .unwrap();
    other
        .add_activity(
            &t.budi.id,
            &visit(&t.rina, ActivityKind::Kunjungan, "Budi 2"),
        )
        .unwrap();
    assert!(other.review_summaries().unwrap()[&t.ani.id].counts.total() > 0);
    let merge = |into: &Store, from: &std::path::Path| {
        let from = Store::open_other(from, None).unwrap();
        into.merge_from(&from, &t.korcam.id, "other.db").unwrap()
    };
    let ani = |s: &Store| s.review_summaries().unwrap()[&t.ani.id].clone();

    merge(&other, &t.path);
    assert_eq!(
        common::one::<i64>(&theirs, "SELECT count(*) FROM signoffs"),
        1,
        "the sign-off came over"
    );
    let (a, b) = (ani(&ours), ani(&other));
    assert!(a.last.is_some() && b.last.is_some());
    assert_eq!(a.counts.total(), 0, "{a:?}");
    assert_eq!(a.counts, b.counts);

    // Ani goes on after the sign-off on ours; merged again, both count it alike.
    ours.add_activity(
        &t.ani.id,
        &visit(&t.sri, ActivityKind::Kunjungan, "Kunjungan 4"),
    )
    .unwrap();
    merge(&other, &t.path);
    merge(&ours, &theirs);
    let (a, b) = (ani(&ours), ani(&other));
    assert_eq!((a.counts.activities, a.counts.total()), (1, 1), "{a:?}");
    assert_eq!(a.counts, b.counts);
    assert_eq!(
        common::one::<i64>(&t.path, "SELECT count(*) FROM signoffs"),
        1,
        "merged back: still one"
    );
    assert!(ours.verify().unwrap().ok());
    assert!(other.verify().unwrap().ok());
}
