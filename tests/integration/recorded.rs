//! Seeing what was recorded (issue 14 §4) through the real store and the drawn screen:
//! the history in local time with its zone, member changes naming the member, values as
//! labels (the field test's D7, D8).

use crate::common;

use common::{app, demo_db, keys};
use pilar::domain::Lang;
use pilar::domain::zone::Zone;
use pilar::model::{HouseholdDetail, HouseholdInput, Relation};
use pilar::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub(crate) fn screen(app: &pilar::app::App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = pilar::ui::Theme::new(true, false);
    t.draw(|f| pilar::ui::draw(f, app, &theme)).unwrap();
    let buf = t.backend().buffer();
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// The household as its form would save it unchanged.
pub(crate) fn input_of(d: &HouseholdDetail) -> HouseholdInput {
    HouseholdInput {
        id: Some(d.id.clone()),
        expected_updated_at: Some(d.updated_at.clone()),
        fields: d.fields.clone(),
        members: d.members.iter().map(|m| m.clone().map_id(Some)).collect(),
    }
}

#[test]
fn fix_history_is_local_time_names_the_member_and_shows_labels() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 160, 50);
    app.settings.zone = Zone::new(Some("Asia/Jakarta"), 0);
    let (hh, _) = app.caseload.selected().unwrap();
    let me = app.user.id.clone();
    let d = store.household_detail(&hh).unwrap().unwrap();
    assert!(d.members.len() >= 2, "a household with a second member");
    let mut edit = input_of(&d);
    let child = edit.members[1].name.clone();
    edit.members[1].relation = if edit.members[1].relation == Relation::Cucu {
        Relation::Anak
    } else {
        Relation::Cucu
    };
    edit.fields.has_business = !d.fields.has_business;
    assert!(store.save_household(&me, &edit).unwrap().is_ok());
    keys(&mut app, &store, "h");
    let s = screen(&app, 160, 50);
    // D7: local time, with the zone.
    assert!(s.contains(" WIB "), "{s}");
    // D8: the member is named, and values are labels.
    assert!(s.contains(&format!("Anggota {child} · Hubungan")), "{s}");
    let business = if d.fields.has_business {
        "ya → tidak"
    } else {
        "tidak → ya"
    };
    assert!(s.contains(&format!("Punya usaha {business}")), "{s}");
    assert!(!s.contains(" 1 → 0") && !s.contains(" 0 → 1"), "{s}");
}

#[test]
fn fix_detail_wraps_shows_p2k2_attendance_and_stops_at_its_end() {
    use pilar::domain::activity::ActivityKind;
    use pilar::model::NewActivity;
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let (hh, _) = app.caseload.selected().unwrap();
    let me = app.user.id.clone();
    let other: String = common::one(
        &demo.path,
        &format!(
            "SELECT id FROM households WHERE worker_id = '{me}' AND id <> '{hh}'
             AND status = 'aktif' AND deleted = 0 LIMIT 1"
        ),
    );
    // A family in no P2K2 group: the detail counts every session recorded for it (a
    // group's family reads its group's completion instead, `groups.rs`).
    store.leave_groups(&me, std::slice::from_ref(&hh)).unwrap();
    let before = store.household_detail(&hh).unwrap().unwrap();
    for present in [true, false, true] {
        store
            .add_activity(
                &me,
                &NewActivity {
                    households: vec![(hh.clone(), present), (other.clone(), true)],
                    kind: ActivityKind::P2k2,
                    date: common::today(),
                    summary: "Sesi P2K2".into(),
                    detail: String::new(),
                    follow_up: None,
                    group_name: "Kelompok Mawar".into(),
                    place: "Balai desa".into(),
                    p2k2_module: None,
                    p2k2_session: Some(1),
                },
            )
            .unwrap();
    }
    let d = store.household_detail(&hh).unwrap().unwrap();
    assert_eq!(
        (d.p2k2_attended, d.p2k2_sessions),
        (before.p2k2_attended + 2, before.p2k2_sessions + 3)
    );
    // A long business description, saved through the form's path.
    let mut edit = input_of(&d);
    edit.fields.has_business = true;
    edit.fields.business_desc =
        "Warung kelontong dan jasa jahit pakaian seragam sekolah anak".into();
    assert!(store.save_household(&me, &edit).unwrap().is_ok());
    keys(&mut app, &store, "jk");
    let s = screen(&app, 80, 24);
    let p2k2 = format!("P2K2 {}/{}", d.p2k2_attended, d.p2k2_sessions);
    assert!(s.contains(&p2k2), "{s}");
    // A long line is wrapped, not clipped: scrolling down, the description's end comes on
    // screen (the readiness lines follow it since issue 11).
    keys(&mut app, &store, "<tab>");
    let mut seen = false;
    for _ in 0..40 {
        if screen(&app, 80, 24).contains("jahit pakaian seragam sekolah") {
            seen = true;
            break;
        }
        keys(&mut app, &store, "j");
    }
    assert!(seen, "{}", screen(&app, 80, 24));
    // Scrolled to the end, the pane's last row holds text, not blank space.
    keys(&mut app, &store, "GGGG");
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("fix_detail_scrolled_to_its_end_80x24", s);
}

#[test]
fn fix_the_log_shows_graduations_referrals_their_steps_and_absence() {
    use pilar::domain::activity::ActivityKind;
    use pilar::domain::graduation::{ExitKind, Program, ReferralStatus};
    use pilar::model::{LogEntry, LogQuery, NewActivity, NewGraduation, NewReferral};
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let (hh, _) = app.caseload.selected().unwrap();
    let me = app.user.id.clone();
    let other: String = common::one(
        &demo.path,
        &format!(
            "SELECT id FROM households WHERE worker_id = '{me}' AND id <> '{hh}'
             AND status = 'aktif' AND deleted = 0 LIMIT 1"
        ),
    );
    let q = LogQuery::Household(hh.clone());
    let before = store.count_activities(&q).unwrap();
    store
        .add_activity(
            &me,
            &NewActivity {
                households: vec![(hh.clone(), false), (other.clone(), true)],
                kind: ActivityKind::P2k2,
                date: common::today(),
                summary: "Sesi Keuangan".into(),
                detail: String::new(),
                follow_up: None,
                group_name: "Kelompok Mawar".into(),
                place: "Balai desa".into(),
                p2k2_module: None,
                p2k2_session: Some(5),
            },
        )
        .unwrap();
    store
        .record_graduation(
            &me,
            &NewGraduation {
                household_id: hh.clone(),
                kind: ExitKind::SejahteraMandiri,
                date: common::today(),
                reason: "Warung stabil".into(),
                evidence: vec!["asesmen", "surat_pernyataan"],
                referral: Some(NewReferral {
                    household_id: hh.clone(),
                    program: Program::Kur,
                    agency: "BRI Unit Boja".into(),
                    date: common::today(),
                    status: ReferralStatus::Diusulkan,
                    notes: String::new(),
                }),
                monitoring_months: 0,
                monitoring_summary: String::new(),
            },
        )
        .unwrap();
    // Drawn at 80x24: the household is graduated now, so show every status and find it.
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::DataChanged);
    keys(&mut app, &store, "x");
    let name = store.household_detail(&hh).unwrap().unwrap().pengurus_name;
    keys(&mut app, &store, &format!("/{name}<enter>"));
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("fix_log_entries_80x24", s);
    assert!(s.contains("Graduasi Graduasi"), "{s}");
    assert!(s.contains("Rujukan  KUR"), "{s}");
    assert!(s.contains("P2K2     (tidak had"), "{s}");
    // A step of the referral is a line too (dated by the clock: not in the snapshot).
    store.advance_referral(&me, &hh, false).unwrap();
    // The session, the graduation, the referral and its step: four more lines.
    assert_eq!(store.count_activities(&q).unwrap(), before + 4);
    let rows = store.activity_window(&q, 0, 10).unwrap();
    let entries: Vec<LogEntry> = rows.iter().map(|r| r.entry).collect();
    assert!(entries.contains(&LogEntry::Graduation(ExitKind::SejahteraMandiri)));
    assert!(entries.contains(&LogEntry::Referral(Program::Kur)));
    assert!(entries.contains(&LogEntry::ReferralStatus(
        Program::Kur,
        ReferralStatus::Diterima
    )));
    assert!(rows.iter().any(|r| r.attended == Some(false)));
    // The caseload log holds them too.
    let all = LogQuery::Caseload(pilar::model::Scope::Worker(me.clone()));
    let rows = store.activity_window(&all, 0, 10).unwrap();
    assert!(
        rows.iter()
            .any(|r| r.entry == LogEntry::Referral(Program::Kur))
    );
}

#[test]
fn fix_a_follow_up_done_with_an_outcome_logs_it() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "2");
    let first = app.agenda.rows[0].clone();
    keys(&mut app, &store, "drumah sudah diperbaiki<enter>");
    let logged = common::count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM activities WHERE summary = 'Tindak lanjut selesai: {}. Hasil: rumah sudah diperbaiki'",
            first.summary.replace('\'', "''")
        ),
    );
    assert_eq!(logged, 1);
}

#[test]
fn fix_the_record_view_shows_a_p2k2_session_whole_with_attendance_80x24() {
    use pilar::domain::activity::ActivityKind;
    use pilar::model::NewActivity;
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let (hh, _) = app.caseload.selected().unwrap();
    let me = app.user.id.clone();
    let others: Vec<String> = {
        let conn = rusqlite::Connection::open(&demo.path).unwrap();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT id FROM households WHERE worker_id = '{me}' AND id <> '{hh}'
                 AND status = 'aktif' AND deleted = 0 ORDER BY id LIMIT 2"
            ))
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    store
        .add_activity(
            &me,
            &NewActivity {
                households: vec![
                    (hh.clone(), true),
                    (others[0].clone(), false),
                    (others[1].clone(), true),
                ],
                kind: ActivityKind::P2k2,
                date: common::today(),
                summary: "Sesi 5 Pengelolaan Keuangan: membuat rencana belanja keluarga \
                          bulanan dan menabung untuk biaya sekolah anak"
                    .into(),
                detail: "Ibu-ibu membawa buku catatan; dua orang minta diulang minggu depan."
                    .into(),
                follow_up: None,
                group_name: "Kelompok Mawar".into(),
                place: "Balai desa Curugsewu".into(),
                p2k2_module: None,
                p2k2_session: Some(5),
            },
        )
        .unwrap();
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::DataChanged);
    keys(&mut app, &store, "<backtab><enter>");
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("fix_record_view_80x24", s);
    assert!(s.contains("menabung untuk biaya sekolah anak"), "{s}");
    assert!(s.contains("(tidak hadir)"), "{s}");
    assert!(s.contains("Kehadiran: 2 dari 3 keluarga hadir"), "{s}");
    keys(&mut app, &store, "<esc>");
    assert!(matches!(app.overlay, pilar::app::Overlay::None));
}

#[test]
fn fix_logging_a_visit_offers_to_close_the_open_follow_up_80x24() {
    use pilar::domain::activity::ActivityKind;
    use pilar::model::NewActivity;
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let (hh, _) = app.caseload.selected().unwrap();
    let me = app.user.id.clone();
    // Close whatever the demo left open, then one follow-up of our own.
    let open: Vec<String> = {
        let conn = rusqlite::Connection::open(&demo.path).unwrap();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT a.id FROM activities a WHERE a.deleted = 0 AND a.done = 0
                 AND a.follow_up IS NOT NULL AND (a.household_id = '{hh}' OR a.id IN
                 (SELECT activity_id FROM activity_households WHERE household_id = '{hh}'))"
            ))
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    for id in open {
        store
            .mark_follow_up_done(&me, &id, common::today(), "Selesai: {}")
            .unwrap();
    }
    let follow = store
        .add_activity(
            &me,
            &NewActivity {
                households: vec![(hh.clone(), true)],
                kind: ActivityKind::Kasus,
                date: common::today(),
                summary: "KKS belum diterima".into(),
                detail: String::new(),
                follow_up: Some(common::today()),
                group_name: String::new(),
                place: String::new(),
                p2k2_module: None,
                p2k2_session: None,
            },
        )
        .unwrap();
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::DataChanged);
    keys(&mut app, &store, "aKKS sudah diterima<enter>");
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("fix_close_follow_up_offer_80x24", s);
    assert!(s.contains("KKS belum diterima"), "{s}");
    keys(&mut app, &store, "<enter>");
    let done: i64 = common::one(
        &demo.path,
        &format!("SELECT done FROM activities WHERE id = '{follow}'"),
    );
    assert_eq!(done, 1);
}
