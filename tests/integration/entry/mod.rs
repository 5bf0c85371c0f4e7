//! Data entry from the keyboard, as key scripts over a real demo database: each form's
//! happy path and each validation error, checked in the database afterwards.

use crate::common;

use common::{count, demo_db, keys, today};
use pilar::app::{App, Level, Overlay, Screen};
use pilar::domain::Lang;
use pilar::model::{ListQuery, LogQuery, Scope};
use pilar::store::Store;
use rusqlite::Connection;

mod guards;

fn setup(households: u64) -> (common::Demo, Store, App) {
    let demo = demo_db(households, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let app = common::app(&store, Lang::Id, 80, 24);
    (demo, store, app)
}

fn form_error(app: &App, key: &str) -> Option<String> {
    match &app.overlay {
        Overlay::Form(e) => e.form.field(key).and_then(|f| f.error.clone()),
        _ => None,
    }
}

/// The store's refusal of the last save (drawn in the form), else the form's own message.
fn form_message(app: &App) -> Option<String> {
    match &app.overlay {
        Overlay::Form(e) => e
            .refusal
            .as_ref()
            .map(|r| r.message.clone())
            .or_else(|| e.form.error.clone()),
        _ => None,
    }
}

#[test]
fn quick_log_of_a_visit_is_two_keys_plus_the_summary() {
    let (demo, store, mut app) = setup(100);
    let id = app.caseload.list.selected_row().unwrap().id.clone();
    let before = store
        .count_activities(&LogQuery::Household(id.clone()))
        .unwrap();
    let history = count(&demo.path, "SELECT count(*) FROM change_log");
    keys(&mut app, &store, "aAnak sudah sekolah lagi<enter>");
    // The form closed (and, the household having an open follow-up, the visit offers to
    // close it: Esc keeps it open).
    assert!(
        matches!(app.overlay, Overlay::None | Overlay::CloseFollowUp(_)),
        "the form closed"
    );
    assert_eq!(app.message.as_ref().unwrap().level, Level::Info);
    keys(&mut app, &store, "<esc>");
    assert_eq!(
        app.log.window.total,
        before + 1,
        "the log pane updated at once"
    );
    assert_eq!(app.log.window.rows[0].summary, "Anak sudah sekolah lagi");
    assert_eq!(
        app.caseload.list.selected_row().unwrap().last_visit,
        Some(today())
    );
    assert!(count(&demo.path, "SELECT count(*) FROM change_log") > history);
    // Survives a reopen of the database.
    drop(store);
    let store = Store::open(&demo.path).unwrap();
    let rows = store
        .activity_window(&LogQuery::Household(id), 0, 1)
        .unwrap();
    assert_eq!(rows[0].summary, "Anak sudah sekolah lagi");
}

#[test]
fn activity_validation_errors_block_saving() {
    let (demo, store, mut app) = setup(60);
    let total = count(&demo.path, "SELECT count(*) FROM activities");
    keys(&mut app, &store, "a<enter>");
    assert!(form_error(&app, "summary").unwrap().contains("wajib"));
    // An impossible date, then a follow-up before the activity.
    keys(&mut app, &store, "Kunjungan<backtab><c-u>31/2<enter>");
    assert!(
        form_error(&app, "date").unwrap().contains("31/2"),
        "{:?}",
        form_error(&app, "date")
    );
    keys(&mut app, &store, "<c-u>-3<tab><tab><tab>-10<enter>");
    assert!(form_error(&app, "follow_up").is_some());
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM activities"),
        total,
        "nothing written"
    );
    // Fix it: follow-up in a week; every activity kind is a choice.
    keys(
        &mut app,
        &store,
        "<c-u>+7<backtab><backtab><backtab><backtab>kas<enter>",
    );
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_message(&app)
    );
    let (kind, follow_up): (String, String) = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT kind, follow_up FROM activities ORDER BY rowid DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kind, "kasus");
    assert_eq!(follow_up, (today() + chrono::Duration::days(7)).to_string());
}

#[test]
fn esc_asks_before_discarding_typed_text() {
    let (demo, store, mut app) = setup(40);
    let total = count(&demo.path, "SELECT count(*) FROM activities");
    keys(&mut app, &store, "a<esc>");
    assert!(
        matches!(app.overlay, Overlay::None),
        "untouched form closes at once"
    );
    keys(&mut app, &store, "aabc<esc>");
    assert!(matches!(app.overlay, Overlay::Form(ref e) if e.form.confirm_cancel));
    keys(&mut app, &store, "d");
    assert!(matches!(app.overlay, Overlay::Form(ref e) if e.form.value("summary") == "abcd"));
    keys(&mut app, &store, "<esc><esc>");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(count(&demo.path, "SELECT count(*) FROM activities"), total);
    // Ctrl-c with typed text asks too.
    keys(&mut app, &store, "ax<c-c>");
    assert!(!app.quit);
    keys(&mut app, &store, "<c-c>");
    assert!(app.quit);
}

#[test]
fn p2k2_session_for_marked_households_records_attendance() {
    let (demo, store, mut app) = setup(120);
    keys(&mut app, &store, "<space><space><space><space>");
    assert_eq!(app.caseload.marked.len(), 4);
    keys(&mut app, &store, "k<space>");
    assert_eq!(app.caseload.marked.len(), 3, "Space again unmarks");
    keys(&mut app, &store, "a");
    let Overlay::Form(entry) = &app.overlay else {
        panic!("no form")
    };
    assert_eq!(entry.form.value("kind"), "p2k2");
    // Summary, then session 9 of a 4-session module is refused.
    keys(&mut app, &store, "Pertemuan bulan ini<tab><tab><tab><tab>");
    keys(
        &mut app,
        &store,
        "<c-u>9<tab>Kelompok Mawar<tab>Balai desa<tab><space><enter>",
    );
    assert!(form_error(&app, "session").is_some());
    // The focus went to the field in error.
    keys(&mut app, &store, "<c-u>2<enter>");
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_message(&app)
    );
    assert!(app.caseload.marked.is_empty());
    let conn = Connection::open(&demo.path).unwrap();
    let (id, module, session, group): (String, String, i64, String) = conn
        .query_row(
            "SELECT id, p2k2_module, p2k2_session, group_name FROM activities
             ORDER BY rowid DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (module.as_str(), session, group.as_str()),
        ("pengasuhan_pendidikan", 2, "Kelompok Mawar")
    );
    let present: i64 = conn
        .query_row(
            "SELECT sum(attended) FROM activity_households WHERE activity_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    let all: i64 = conn
        .query_row(
            "SELECT count(*) FROM activity_households WHERE activity_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((all, present), (3, 2), "one household was ticked absent");
}

#[test]
fn graduation_moves_the_gauge_leaves_the_list_and_can_be_undone() {
    let (demo, store, mut app) = setup(462);
    let counted = app.gauge.counted;
    let active = app.caseload.list.total;
    let name = app.caseload.list.selected_row().unwrap().name.clone();
    let id = app.caseload.list.selected_row().unwrap().id.clone();
    keys(&mut app, &store, "LUsaha warung stabil<enter>");
    assert!(form_error(&app, "asesmen").is_some(), "assessment needed");
    assert!(
        form_error(&app, "surat_pernyataan").is_some(),
        "statement needed"
    );
    // The focus went to the first field in error (the assessment box).
    keys(&mut app, &store, "<space><tab><space><tab>kub<enter>");
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_message(&app)
    );
    assert_eq!(app.gauge.counted, counted + 1, "the gauge changes at once");
    assert_eq!(
        app.caseload.list.total,
        active - 1,
        "it leaves the active list"
    );
    // Still findable and viewable.
    keys(
        &mut app,
        &store,
        &format!("x/{}<enter>", name.to_lowercase()),
    );
    assert!(app.caseload.list.rows.iter().any(|r| r.id == id));
    let conn = Connection::open(&demo.path).unwrap();
    let referral: String = conn
        .query_row(
            "SELECT program FROM referrals WHERE household_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(referral, "kube");
    let monitoring: i64 = conn
        .query_row(
            "SELECT count(*) FROM activities WHERE household_id = ?1 AND done = 0
             AND summary LIKE 'Pemantauan%'",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(monitoring, 4, "monitoring every 3 months for 12 months");
    // Undo: U once asks, U again undoes; it is recorded.
    while app.caseload.list.selected_row().unwrap().id != id {
        keys(&mut app, &store, "j");
    }
    keys(&mut app, &store, "U");
    assert_eq!(app.gauge.counted, counted + 1);
    keys(&mut app, &store, "U");
    assert_eq!(app.gauge.counted, counted, "undone");
    let undone: i64 = conn
        .query_row(
            "SELECT count(*) FROM change_log WHERE table_name = 'graduations' AND field = 'undone'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(undone, 1);
    // History shows the changes.
    keys(&mut app, &store, "h");
    assert!(app.household.show_history);
    assert!(app.household.history.iter().any(|c| c.field == "status"));
}

#[test]
fn referrals_are_recorded_and_move_along_the_pipeline() {
    let (demo, store, mut app) = setup(60);
    let id = app.caseload.list.selected_row().unwrap().id.clone();
    keys(
        &mut app,
        &store,
        "rppse<tab>Dinas Sosial<tab><tab><tab>modal usaha<enter>",
    );
    assert!(matches!(app.overlay, Overlay::None));
    let d = app.household.detail.as_ref().unwrap();
    assert_eq!(d.referrals.len(), 1);
    assert_eq!(d.referrals[0].agency, "Dinas Sosial");
    keys(&mut app, &store, "RR");
    let d = app.household.detail.as_ref().unwrap();
    assert_eq!(d.referrals[0].status.key(), "berjalan");
    let n = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM change_log WHERE field = 'status' AND record_id IN
             (SELECT id FROM referrals WHERE household_id = '{id}')"
        ),
    );
    assert_eq!(n, 3, "created as diusulkan, then two moves");
    keys(&mut app, &store, ":tolak-rujukan<enter>");
    assert_eq!(
        app.household.detail.as_ref().unwrap().referrals[0]
            .status
            .key(),
        "ditolak"
    );
    // A rejected referral moves no further, and the message says so.
    keys(&mut app, &store, "R");
    assert_eq!(
        app.household.detail.as_ref().unwrap().referrals[0]
            .status
            .key(),
        "ditolak"
    );
    let msg = app.message.clone().unwrap().text;
    assert!(msg.starts_with("Rujukan sudah"), "{msg}");
}

/// A valid NIK for a woman born 1990-05-25, registered in Patean.
const NIK_1: &str = "3324046505900999";
const KK_NEW: &str = "3324040101259999";

#[test]
fn a_new_household_with_four_members() {
    let (demo, store, mut app) = setup(80);
    let total = app.caseload.list.total;
    // No KK, then each member: name, NIK (sex and birth date come from the NIK),
    // relation, component.
    let script = format!(
        "n{KK_NEW}<tab>Siti Nurjanah<tab>{NIK_1}<tab><tab><tab><tab>\
         <c-n>Ahmad Fauzi<tab>3324041203880998<tab><tab><tab>suam<tab>\
         <c-n>Rina<tab>3324045506160997<tab><tab><tab>anak<tab>sd<tab>\
         <c-n>Bayu<tab>3324040302230996<tab><tab><tab>anak<tab>anak usia<c-s>"
    );
    keys(&mut app, &store, &script);
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?} {:?}",
        form_message(&app),
        app.overlay_errors()
    );
    assert_eq!(app.caseload.list.total, total + 1);
    let conn = Connection::open(&demo.path).unwrap();
    let (hid, name, comps): (String, String, i64) = conn
        .query_row(
            "SELECT id, pengurus_name, component_count FROM households WHERE no_kk = ?1",
            [KK_NEW],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), comps), ("Siti Nurjanah", 2));
    let members: i64 = conn
        .query_row(
            "SELECT count(*) FROM members WHERE household_id = ?1",
            [&hid],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(members, 4);
    let (sex, birth): (String, String) = conn
        .query_row(
            "SELECT sex, birth_date FROM members WHERE nik = ?1",
            [NIK_1],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (sex.as_str(), birth.as_str()),
        ("P", "1990-05-25"),
        "taken from the NIK"
    );
    // It can be found at once.
    keys(&mut app, &store, "/nurjanah<enter>");
    assert_eq!(app.caseload.list.total, 1);
    // And edited: the change of phone lands in the history.
    keys(&mut app, &store, "e");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    let Overlay::Form(entry) = &mut app.overlay else {
        unreachable!()
    };
    entry.form.focus_on("phone");
    keys(&mut app, &store, "081234567890<c-s>");
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_message(&app)
    );
    let phone_changes = count(
        &demo.path,
        &format!("SELECT count(*) FROM change_log WHERE record_id = '{hid}' AND field = 'phone'"),
    );
    assert_eq!(phone_changes, 1);
    assert_eq!(
        app.household.detail.as_ref().unwrap().fields.phone,
        "081234567890"
    );
    let _ = ListQuery::caseload(Scope::All, today());
}

impl OverlayErrors for App {
    fn overlay_errors(&self) -> Vec<(String, String)> {
        match &self.overlay {
            Overlay::Form(e) => e
                .form
                .fields
                .iter()
                .filter_map(|f| f.error.clone().map(|x| (f.key.clone(), x)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

trait OverlayErrors {
    fn overlay_errors(&self) -> Vec<(String, String)>;
}

#[test]
fn household_validation_names_each_mistake() {
    let (demo, store, mut app) = setup(80);
    let total = count(&demo.path, "SELECT count(*) FROM households");
    // A spreadsheet-mangled NIK and No KK.
    keys(
        &mut app,
        &store,
        "n3.32404E+15<tab>Siti<tab>3.32402E+15<c-s>",
    );
    assert!(form_error(&app, "no_kk").unwrap().contains("spreadsheet"));
    assert!(form_error(&app, "m1.nik").unwrap().contains("spreadsheet"));
    // 15 digits: a spreadsheet kept only 15.
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!()
    };
    entry.form.focus_on("m1.nik");
    keys(&mut app, &store, "<c-u>332404650590099<c-s>");
    assert!(form_error(&app, "m1.nik").unwrap().contains("15"));
    // An impossible birth date typed by hand.
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!()
    };
    entry.form.focus_on("m1.birth");
    keys(&mut app, &store, "30/2/1990<c-s>");
    assert!(form_error(&app, "m1.birth").is_some());
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM households"),
        total,
        "nothing written"
    );
}

#[test]
fn duplicate_nik_blocks_and_offers_the_existing_household() {
    let (demo, store, mut app) = setup(80);
    let conn = Connection::open(&demo.path).unwrap();
    let (existing_nik, existing_id): (String, String) = conn
        .query_row(
            "SELECT m.nik, m.household_id FROM members m JOIN households h ON h.id = m.household_id
             WHERE h.status = 'aktif' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    keys(
        &mut app,
        &store,
        &format!("n{KK_NEW}<tab>Orang Baru<tab>{existing_nik}<c-s>"),
    );
    let msg = form_message(&app).expect("duplicate reported");
    assert!(
        msg.contains(&existing_nik) && msg.contains("Ctrl-o"),
        "{msg}"
    );
    keys(&mut app, &store, "<c-o>");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(
        app.caseload.list.selected_row().unwrap().id,
        existing_id,
        "jumped to it"
    );
}

#[test]
fn a_fifth_component_person_is_refused_naming_the_rule() {
    let (demo, store, mut app) = setup(80);
    let total = count(&demo.path, "SELECT count(*) FROM households");
    let kids = [
        ("Ani", "3324045506160901"),
        ("Budi", "3324040506160902"),
        ("Cici", "3324045506150903"),
        ("Dodi", "3324040506140904"),
        ("Euis", "3324045506130905"),
    ];
    let mut script = format!("n{KK_NEW}<tab>Ibu Sari<tab>{NIK_1}<tab><tab><tab><tab>");
    for (name, nik) in kids {
        script.push_str(&format!(
            "<c-n>{name}<tab>{nik}<tab><tab><tab>anak<tab>sd<tab>"
        ));
    }
    script.push_str("<c-s>");
    keys(&mut app, &store, &script);
    let msg = form_message(&app).expect("component rule reported");
    assert!(msg.contains("maksimal 4"), "{msg}");
    assert_eq!(count(&demo.path, "SELECT count(*) FROM households"), total);
    // Removing one member (Ctrl-d on it) makes it valid.
    let Overlay::Form(entry) = &mut app.overlay else {
        panic!()
    };
    let key = entry
        .form
        .fields
        .iter()
        .find(|f| f.key.ends_with(".name") && f.value() == "Euis")
        .unwrap()
        .key
        .clone();
    entry.form.focus_on(&key);
    keys(&mut app, &store, "<c-d><c-s>");
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        form_message(&app)
    );
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM households"),
        total + 1
    );
}

#[test]
fn agenda_lists_due_follow_ups_and_marks_them_done() {
    let (demo, store, mut app) = setup(462);
    keys(&mut app, &store, "2");
    assert_eq!(app.screen, Screen::Agenda);
    let due = app.agenda.total;
    assert!(due > 0);
    let first = app.agenda.rows[0].clone();
    assert!(
        app.agenda
            .rows
            .windows(2)
            .all(|w| w[0].follow_up <= w[1].follow_up),
        "overdue first"
    );
    // `d` asks for the outcome; Enter alone keeps the default line.
    keys(&mut app, &store, "d<enter>");
    assert_eq!(app.agenda.total, due - 1);
    let done: i64 = Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT done FROM activities WHERE id = ?1",
            [&first.activity_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(done, 1);
    let target = app.agenda.rows[0].household_id.clone();
    keys(&mut app, &store, "<enter>");
    assert_eq!(app.screen, Screen::Dashboard);
    let target = target.expect("the demo's follow-ups belong to one household each");
    assert_eq!(app.caseload.list.selected_row().unwrap().id, target);
    keys(&mut app, &store, ":agenda<enter><esc>");
    assert_eq!(app.screen, Screen::Dashboard);
}

#[test]
fn a_form_left_open_comes_back_as_a_draft() {
    let (demo, store, mut app) = setup(60);
    keys(&mut app, &store, "aRumah bocor, perlu RTLH<tab>");
    // What the shell does when the terminal goes away.
    let (kind, payload) = app.draft().expect("a dirty form is a draft");
    store.save_draft(&app.user.id, &kind, &payload).unwrap();
    drop(app);
    let mut app = common::app(&store, Lang::Id, 80, 24);
    assert!(matches!(app.overlay, Overlay::DraftOffer { .. }));
    keys(&mut app, &store, "<enter>");
    let Overlay::Form(entry) = &app.overlay else {
        panic!("draft not reopened")
    };
    assert_eq!(entry.form.value("summary"), "Rumah bocor, perlu RTLH");
    keys(&mut app, &store, "<enter>");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(
        store.draft(&app.user.id).unwrap(),
        None,
        "the draft is gone once used"
    );
    let _ = demo;
}

/// The README's keystroke counts, checked: each script saves what it claims.
#[test]
fn keystroke_counts_in_the_readme_hold() {
    let (demo, store, mut app) = setup(120);
    // Four members in 28 keys besides text: names, No KK and NIKs are typed as text.
    // The script as (typed text, keys) pieces: what is run is what is counted.
    let pieces = [
        ("", "n"),
        (KK_NEW, "<tab>"),
        ("Siti Nurjanah", "<tab>"),
        (NIK_1, "<c-n>"),
        ("Ahmad Fauzi", "<tab>"),
        ("3324041203880998", "<tab><tab><tab>su<c-n>"),
        ("Rina", "<tab>"),
        ("3324045506160997", "<tab><tab><tab>a<tab>sd<c-n>"),
        ("Bayu", "<tab>"),
        ("3324040302230996", "<tab><tab><tab>a<tab>a<c-s>"),
    ];
    let control: usize = pieces
        .iter()
        .map(|(_, k)| pilar::keymap::parse_keys(k).unwrap().len())
        .sum();
    assert_eq!(control, 28);
    let script: String = pieces.iter().map(|(t, k)| format!("{t}{k}")).collect();
    keys(&mut app, &store, &script);
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        app.overlay_errors()
    );
    let conn = Connection::open(&demo.path).unwrap();
    let comps: Vec<(String, Option<String>)> = conn
        .prepare(
            "SELECT m.relation, m.component FROM members m JOIN households h
             ON h.id = m.household_id WHERE h.no_kk = ?1 ORDER BY m.nik",
        )
        .unwrap()
        .query_map([KK_NEW], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(comps.len(), 4);
    assert!(comps.contains(&("suami".into(), None)));
    assert!(comps.contains(&("anak".into(), Some("sd".into()))));
    assert!(comps.contains(&("anak".into(), Some("anak_usia_dini".into()))));
    // Ten households at a P2K2 session: Space x10, a, summary, Enter.
    keys(
        &mut app,
        &store,
        "<esc>g<space><space><space><space><space><space><space><space><space><space>aPertemuan P2K2<enter>",
    );
    assert!(
        matches!(app.overlay, Overlay::None),
        "{:?}",
        app.overlay_errors()
    );
    let present: i64 = conn
        .query_row(
            "SELECT sum(attended) FROM activity_households WHERE activity_id =
             (SELECT id FROM activities ORDER BY rowid DESC LIMIT 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(present, 10);
    // A graduation in 6 keys besides the reason.
    let counted = app.gauge.counted;
    keys(
        &mut app,
        &store,
        "LSudah mandiri<tab><space><tab><space><enter>",
    );
    assert_eq!(app.gauge.counted, counted + 1);
    // A village's tahap received in 4 keys besides the filter: `/`, `desa:curugsewu`,
    // Enter, `B` `B` (issue 11 item 3). This tahap is not recorded yet.
    conn.execute("DELETE FROM payments WHERE year = 2026 AND tahap = 4", [])
        .unwrap();
    let village: i64 = conn
        .query_row(
            "SELECT count(*) FROM households WHERE village = 'Curugsewu' AND deleted = 0
             AND status IN ('aktif', 'calon_graduasi')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    keys(&mut app, &store, "/desa:curugsewu<enter>BB");
    let received: i64 = conn
        .query_row(
            "SELECT count(*) FROM payments p JOIN households h ON h.id = p.household_id
             WHERE p.year = 2026 AND p.tahap = 4 AND p.status = 'diterima'
               AND h.village = 'Curugsewu'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(village > 10);
    assert_eq!(received, village);
    // Issue 11 item 1: a P2K2 group (about 25 families) whose members all met this month, in 5 keys
    // besides the group's name: 5, / and Enter around the filter, * and m.
    let pieces = [
        ("", "<esc>"),
        ("", "5/"),
        ("kelompok:\"curugsewu 1\"", "<enter>*m"),
    ];
    let control: usize = pieces[1..]
        .iter()
        .map(|(_, k)| pilar::keymap::parse_keys(k).unwrap().len())
        .sum();
    assert_eq!(control, 5);
    let script: String = pieces.iter().map(|(t, k)| format!("{t}{k}")).collect();
    keys(&mut app, &store, &script);
    // The demo's groups share a village's families evenly: about 25 each.
    let group = "(SELECT h.id FROM households h JOIN p2k2_groups g ON g.id = h.group_id
                  WHERE g.name = 'Curugsewu 1')";
    let families = count(
        &demo.path,
        &format!("SELECT count(*) FROM households WHERE id IN {group}"),
    );
    assert!((15..=30).contains(&families), "{families} families");
    let unverified = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM members m JOIN households h ON h.id = m.household_id
             WHERE h.id IN {group} AND h.status IN ('aktif', 'calon_graduasi')
               AND m.component IS NOT NULL AND m.deleted = 0
               AND NOT EXISTS (SELECT 1 FROM verifications v WHERE v.member_id = m.id
                               AND v.month = '2026-11' AND v.outcome = 'memenuhi')"
        ),
    );
    assert_eq!(
        unverified, 0,
        "every member of the group's active families met"
    );
    assert!(
        count(
            &demo.path,
            "SELECT count(*) FROM verifications WHERE month = '2026-11'"
        ) > 20
    );
}
