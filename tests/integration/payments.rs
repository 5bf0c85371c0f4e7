//! Issue 11 item 3 through the real store: payments per tahap recorded with `b`, `B B` and
//! `:bayar` (history kept, a later status replacing the earlier), refused with the reason,
//! read back by the detail, `bayar:masalah` and the list's mark, and the detail at 80x24.

use crate::common;

use common::{app, app_as, count, demo_db, keys};
use pilar::app::App;
use pilar::domain::Lang;
use pilar::store::Store;
use pilar::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| ui::draw(f, app, &Theme::new(true, false)))
        .unwrap();
    t
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn selected(app: &App) -> String {
    app.caseload.selected().unwrap().0
}

/// The demo without this tahap (4/2026) recorded, so `b` has something to write.
fn without_tahap_4(path: &std::path::Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute("DELETE FROM payments WHERE year = 2026 AND tahap = 4", [])
        .unwrap();
}

#[test]
fn b_records_the_current_tahap_and_a_later_status_replaces_it_in_the_history() {
    let demo = demo_db(40, 1, 3);
    without_tahap_4(&demo.path);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let id = selected(&app);
    let row = |sql: &str| -> String { common::one(&demo.path, &sql.replace("HH", &id)) };
    keys(&mut app, &store, "b");
    assert!(
        message(&app).contains("Tahap 4/2026 diterima: 1 keluarga dicatat"),
        "{}",
        message(&app)
    );
    assert_eq!(
        row("SELECT status FROM payments WHERE household_id = 'HH' AND year = 2026 AND tahap = 4"),
        "diterima"
    );
    // Not received after all: the card is blocked. The same row changes; the history has both.
    keys(&mut app, &store, ":bayar kartu diblokir<enter>");
    assert_eq!(
        row("SELECT status || ':' || problem FROM payments
             WHERE household_id = 'HH' AND year = 2026 AND tahap = 4"),
        "tidak_diterima:kartu_diblokir"
    );
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM payments WHERE household_id = '{id}' AND year = 2026 AND tahap = 4"
            )
        ),
        1
    );
    let pid =
        row("SELECT id FROM payments WHERE household_id = 'HH' AND year = 2026 AND tahap = 4");
    let history: Vec<(String, Option<String>, Option<String>)> = {
        let conn = rusqlite::Connection::open(&demo.path).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT field, old_value, new_value FROM change_log
                 WHERE table_name = 'payments' AND record_id = ?1 ORDER BY seq",
            )
            .unwrap();
        stmt.query_map([&pid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(history.contains(&("status".into(), None, Some("diterima".into()))));
    assert!(history.contains(&(
        "status".into(),
        Some("diterima".into()),
        Some("tidak_diterima".into())
    )));
    assert!(history.contains(&("problem".into(), None, Some("kartu_diblokir".into()))));
    // The chain of the history still verifies.
    let v = store.verify().unwrap();
    assert!(v.broken.is_none() && v.mismatches.is_empty(), "{v:?}");
    // The detail reads it, and the list marks the household.
    let d = store.household_detail(&id).unwrap().unwrap();
    assert!(
        d.payments
            .iter()
            .any(|p| p.year == 2026 && p.tahap == 4 && p.outcome.is_problem())
    );
    assert!(
        app.caseload
            .list
            .rows
            .iter()
            .any(|r| r.id == id && r.pay_problem)
    );
    // The household's history names the tahap.
    let history = store.household_history(&id, 50).unwrap();
    assert!(
        history.iter().any(|c| c.table == "payments"
            && c.field == "status"
            && c.record_name.as_deref() == Some("Tahap 4/2026")
            && c.new.as_deref() == Some("tidak_diterima")),
        "{history:?}"
    );
    // Saved again unchanged: nothing written.
    let entries = count(&demo.path, "SELECT count(*) FROM change_log");
    keys(&mut app, &store, ":bayar kartu<enter>");
    assert!(
        message(&app).contains("1 sudah begitu"),
        "{}",
        message(&app)
    );
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM change_log"),
        entries
    );
}

#[test]
fn b_twice_records_a_filtered_village_and_nothing_else() {
    let demo = demo_db(60, 1, 3);
    without_tahap_4(&demo.path);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    // Without a filter B says to filter first and writes nothing.
    keys(&mut app, &store, "B");
    assert!(
        message(&app).contains("saring daftar dulu"),
        "{}",
        message(&app)
    );
    // Nor with a search of only terms it does not understand (it narrows nothing).
    keys(&mut app, &store, "/warna:merah<enter>B");
    assert!(
        message(&app).contains("saring daftar dulu"),
        "{}",
        message(&app)
    );
    keys(&mut app, &store, "/<c-u>desa:curug<enter>");
    let shown = app.caseload.list.total;
    assert!(shown > 5);
    // The first household's card is blocked: B B leaves that known problem as it is.
    let blocked = selected(&app);
    keys(&mut app, &store, ":bayar kartu<enter>");
    keys(&mut app, &store, "B");
    assert!(
        message(&app).contains(&format!("{shown} keluarga yang tampil")),
        "{}",
        message(&app)
    );
    let four = "SELECT count(*) FROM payments WHERE year = 2026 AND tahap = 4";
    assert_eq!(count(&demo.path, four), 1, "the first B only asks");
    // Another key disarms it.
    keys(&mut app, &store, "jB");
    assert_eq!(count(&demo.path, four), 1);
    keys(&mut app, &store, "B");
    assert_eq!(count(&demo.path, four), shown as i64, "{}", message(&app));
    assert!(
        message(&app).contains("1 bermasalah tetap"),
        "{}",
        message(&app)
    );
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM payments p JOIN households h ON h.id = p.household_id
             WHERE p.year = 2026 AND p.tahap = 4
               AND (h.village NOT LIKE 'Curug%' OR p.status <> 'diterima')"
        ),
        1
    );
    assert_eq!(
        common::one::<String>(
            &demo.path,
            &format!(
                "SELECT status FROM payments WHERE household_id = '{blocked}'
                 AND year = 2026 AND tahap = 4"
            )
        ),
        "tidak_diterima"
    );
}

#[test]
fn marked_households_get_the_tahap_and_the_marks_are_used_up() {
    let demo = demo_db(40, 1, 3);
    without_tahap_4(&demo.path);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::En, 80, 24);
    keys(&mut app, &store, "<space><space><space>");
    keys(&mut app, &store, ":pay not collected<enter>");
    assert!(
        message(&app).contains("recorded for 3 households"),
        "{}",
        message(&app)
    );
    assert!(app.caseload.marked.is_empty());
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM payments WHERE year = 2026 AND tahap = 4
             AND problem = 'tidak_diambil'"
        ),
        3
    );
}

#[test]
fn refusals_are_named_and_write_nothing() {
    let demo = demo_db(40, 1, 3);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let entries = count(&demo.path, "SELECT count(*) FROM change_log");
    keys(&mut app, &store, ":bayar tahap 5<enter>");
    assert!(
        message(&app).contains("Tahap 5 tidak ada"),
        "{}",
        message(&app)
    );
    keys(&mut app, &store, ":bayar 2027<enter>");
    assert!(
        message(&app).contains("2027 belum tiba"),
        "{}",
        message(&app)
    );
    keys(&mut app, &store, ":bayar tidak<enter>");
    assert!(message(&app).contains("karena apa"), "{}", message(&app));
    keys(&mut app, &store, ":bayar lain<enter>");
    assert!(message(&app).contains("perlu catatan"), "{}", message(&app));
    keys(&mut app, &store, ":bayar warna<enter>");
    assert!(
        message(&app).contains("\"warna\" tidak dimengerti"),
        "{}",
        message(&app)
    );
    // Before the household joined PKH: the store names it.
    let id = selected(&app);
    let joined: i64 = common::one(
        &demo.path,
        &format!("SELECT year_joined FROM households WHERE id = '{id}'"),
    );
    keys(
        &mut app,
        &store,
        &format!(":bayar tahap 1 {}<enter>", joined - 1),
    );
    assert!(message(&app).contains("1 ditolak"), "{}", message(&app));
    assert!(
        message(&app).contains("sebelum keluarga masuk PKH"),
        "{}",
        message(&app)
    );
    assert_eq!(
        count(&demo.path, "SELECT count(*) FROM change_log"),
        entries
    );
}

#[test]
fn a_supervisor_reads_payments_but_cannot_record_them() {
    let demo = demo_db(60, 2, 3);
    without_tahap_4(&demo.path);
    let store = Store::open(&demo.path).unwrap();
    let supervisor: String = common::one(
        &demo.path,
        "SELECT login FROM workers WHERE role = 'supervisor' LIMIT 1",
    );
    let mut app = app_as(&store, &supervisor, Lang::Id);
    keys(&mut app, &store, "b");
    keys(&mut app, &store, "/desa:curug<enter>BB");
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM payments WHERE year = 2026 AND tahap = 4"
        ),
        0
    );
}

#[test]
fn the_problem_filter_and_mark_agree_with_the_stored_tahap() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let problems = count(
        &demo.path,
        "SELECT count(DISTINCT p.household_id) FROM payments p
         JOIN households h ON h.id = p.household_id
         WHERE p.status = 'tidak_diterima' AND p.year >= 2025
           AND h.status IN ('aktif', 'calon_graduasi') AND h.deleted = 0",
    );
    // The demo: some, not many.
    assert!(problems > 3 && problems * 10 < 462, "{problems}");
    keys(&mut app, &store, "/bayar:masalah<enter>");
    assert_eq!(app.caseload.list.total as i64, problems);
    assert!(app.caseload.list.rows.iter().all(|r| r.pay_problem));
    keys(&mut app, &store, "<esc>/pay:ok<enter>");
    assert!(app.caseload.list.rows.iter().all(|r| !r.pay_problem));
}

#[test]
fn the_gauge_and_the_team_count_the_same_problem_households() {
    let demo = demo_db(600, 3, 2);
    let store = Store::open(&demo.path).unwrap();
    let policy = pilar::domain::graduation::TargetPolicy::default();
    let problems = count(
        &demo.path,
        "SELECT count(DISTINCT p.household_id) FROM payments p
         JOIN households h ON h.id = p.household_id
         WHERE p.status = 'tidak_diterima' AND p.year >= 2025
           AND h.status IN ('aktif', 'calon_graduasi') AND h.deleted = 0",
    );
    assert!(problems > 0);
    let gauge = store
        .gauge(&pilar::model::Scope::All, common::today(), &policy)
        .unwrap();
    assert_eq!(i64::from(gauge.pay_problems), problems);
    let team = store
        .team(
            &pilar::model::Scope::All,
            2026,
            common::today(),
            common::today(),
            &policy,
        )
        .unwrap();
    assert!(team.rows.iter().filter(|r| r.pay_problems > 0).count() >= 2);
    let sum: u32 = team.rows.iter().map(|r| r.pay_problems).sum();
    assert_eq!(i64::from(sum), problems);
}

macro_rules! detail_snapshot {
    ($name:ident, $lang:expr) => {
        #[test]
        fn $name() {
            let demo = demo_db(462, 1, 1);
            let store = Store::open(&demo.path).unwrap();
            let mut app = app(&store, $lang, 80, 24);
            // The first household with a payment problem, its detail scrolled to the tahap.
            keys(&mut app, &store, "/bayar:masalah<enter><tab>jjjjjjjjj");
            let t = render(&app);
            insta::assert_snapshot!(stringify!($name), t.backend());
        }
    };
}

detail_snapshot!(pay_detail_80x24_id, Lang::Id);
detail_snapshot!(pay_detail_80x24_en, Lang::En);

/// Two copies of one database record the same tahap: they meet in one record (its id comes
/// from household, year and tahap), so a merge takes the new one and reports the one they
/// disagree on as a conflict instead of failing on a second row.
#[test]
fn two_laptops_recording_the_same_tahap_meet_in_one_record() {
    use pilar::domain::payment::{PaymentProblem, PaymentStatus, TahapOutcome};
    use pilar::model::payment::{PayTarget, SetPayments};
    let demo = demo_db(30, 1, 1);
    without_tahap_4(&demo.path);
    let ours = demo.dir.path().join("ours.db");
    let theirs = demo.dir.path().join("theirs.db");
    std::fs::copy(&demo.path, &ours).unwrap();
    std::fs::copy(&demo.path, &theirs).unwrap();
    let store = Store::open(&ours).unwrap();
    let author = store.workers().unwrap()[0].id.clone();
    let (a, b): (String, String) = {
        let ids: Vec<String> = rusqlite::Connection::open(&ours)
            .unwrap()
            .prepare("SELECT id FROM households WHERE status = 'aktif' ORDER BY id LIMIT 2")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (ids[0].clone(), ids[1].clone())
    };
    let set = |path: &std::path::Path, ids: &[&str], outcome: TahapOutcome| {
        let s = Store::open(path).unwrap();
        let households = ids.iter().map(|i| (i.to_string(), String::new())).collect();
        let saved = s
            .set_payments(
                &author,
                &SetPayments {
                    target: PayTarget::Households(households),
                    year: 2026,
                    tahap: 4,
                    outcome,
                },
                common::today(),
            )
            .unwrap();
        assert_eq!(saved.changed as usize, ids.len());
    };
    set(&ours, &[&a], TahapOutcome::received());
    let blocked = TahapOutcome {
        status: PaymentStatus::NotReceived,
        problem: Some(PaymentProblem::CardBlocked),
        note: String::new(),
    };
    set(&theirs, &[&a], blocked);
    set(&theirs, &[&b], TahapOutcome::received());
    drop(store);
    let store = Store::open(&ours).unwrap();
    let other = Store::open_other(&theirs, None).unwrap();
    let report = store
        .merge_from(&other, &author, &theirs.display().to_string())
        .unwrap();
    let payments = report
        .tables
        .iter()
        .find(|t| t.table == "payments")
        .unwrap();
    // The status they disagree on is a conflict (ours kept until it is settled).
    assert_eq!((payments.added, payments.conflicts), (1, 1), "{payments:?}");
    let d = store.household_detail(&a).unwrap().unwrap();
    let t4 = d
        .payments
        .iter()
        .find(|p| p.year == 2026 && p.tahap == 4)
        .unwrap();
    assert_eq!(t4.outcome, TahapOutcome::received());
    assert_eq!(
        count(
            &ours,
            "SELECT count(*) FROM payments WHERE year = 2026 AND tahap = 4"
        ),
        2
    );
    assert!(store.verify().unwrap().ok());
}

/// The demo's tahap: every active household has this year's four (all due on 29 Nov), last
/// year's too, mostly received, some problems, "not due" only before the tahap it joined
/// in; the same seed gives the same tahap.
#[test]
fn the_demo_records_last_and_this_years_tahap_deterministically() {
    let demo = demo_db(462, 1, 1);
    let missing = count(
        &demo.path,
        "SELECT count(*) FROM households h, (SELECT 2025 AS y UNION SELECT 2026) y,
             (SELECT 1 AS t UNION SELECT 2 UNION SELECT 3 UNION SELECT 4) t
         WHERE h.status IN ('aktif', 'calon_graduasi') AND h.deleted = 0
           AND h.year_joined <= y.y
           AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.household_id = h.id
                           AND p.year = y.y AND p.tahap = t.t)",
    );
    assert_eq!(missing, 0);
    let all = count(&demo.path, "SELECT count(*) FROM payments");
    let received = count(
        &demo.path,
        "SELECT count(*) FROM payments WHERE status = 'diterima'",
    );
    let problems = count(
        &demo.path,
        "SELECT count(*) FROM payments WHERE status = 'tidak_diterima'",
    );
    assert!(received * 100 > all * 90, "{received} of {all}");
    assert!(problems > 5, "{problems}");
    assert_eq!(
        count(
            &demo.path,
            "SELECT count(*) FROM payments p JOIN households h ON h.id = p.household_id
             WHERE p.status = 'tidak_jatuh_tempo' AND p.year <> h.year_joined"
        ),
        0
    );
    let again = demo_db(462, 1, 1);
    let digest = |path: &std::path::Path| -> String {
        common::one(
            path,
            "SELECT group_concat(id || status || coalesce(problem, ''), ',') FROM
                 (SELECT * FROM payments ORDER BY id)",
        )
    };
    assert_eq!(digest(&demo.path), digest(&again.path));
}
