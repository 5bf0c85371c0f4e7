//! "Hari ini" through the real store: each reason's lines agree with the file, the screen
//! opens at start when something is overdue, Enter on its first line records the visit
//! and closes the follow-up (the README's keystroke count), snapshots at 80x24 in both
//! languages and in monochrome and ASCII.

use crate::common;

use chrono::{Duration, Months, NaiveDate};
use common::{count, demo_db, keys, today};
use pilar::app::{App, Overlay, Screen};
use pilar::domain::Lang;
use pilar::domain::component::ComponentRules;
use pilar::domain::readiness::ReadinessSettings;
use pilar::domain::today::{Reason, TodayItem, order};
use pilar::model::Scope;
use pilar::runtime;
use pilar::store::Store;
use pilar::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn items(store: &Store, scope: &Scope) -> Vec<TodayItem> {
    let mut items = store
        .today(
            scope,
            today(),
            &ComponentRules::default(),
            &ReadinessSettings::default(),
            pilar::domain::verification::FailingMonths::default().0,
        )
        .unwrap();
    order(&mut items);
    items
}

fn of(items: &[TodayItem], r: Reason) -> Vec<&TodayItem> {
    items.iter().filter(|i| i.reason == r).collect()
}

/// An app of the database's default user with "Hari ini" at start (as pilar runs).
fn app_at_start(store: &Store, lang: Lang) -> App {
    let login = store.default_user().unwrap().unwrap();
    let user = store.worker_by_login(&login).unwrap().unwrap();
    let mut app = App::new(pilar::app::Settings::new(lang), user, today(), true);
    runtime::dispatch(&mut app, store, pilar::app::Action::Resize(80, 24));
    runtime::dispatch(&mut app, store, pilar::app::Action::Start);
    app
}

#[test]
fn each_reason_lists_what_the_file_holds() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let scope = Scope::Worker(common::one(&demo.path, "SELECT id FROM workers LIMIT 1"));
    let all = items(&store, &scope);
    let day = today().to_string();
    // Follow-ups: every open one due by today of an active or graduated household.
    let open_due = |cmp: &str| {
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM activities a LEFT JOIN households h ON h.id = a.household_id
                 WHERE a.deleted = 0 AND a.done = 0 AND a.follow_up {cmp} '{day}'
                   AND (h.id IS NULL OR (h.deleted = 0
                        AND h.status IN ('aktif', 'calon_graduasi', 'graduasi')))"
            ),
        )
    };
    let overdue = of(&all, Reason::Overdue);
    assert!(!overdue.is_empty(), "the demo has overdue follow-ups");
    assert_eq!(overdue.len() as i64, open_due("<"));
    assert_eq!(of(&all, Reason::DueToday).len() as i64, open_due("="));
    for w in overdue.windows(2) {
        assert!(w[0].number >= w[1].number, "the latest first");
    }
    assert_eq!(all[0].reason, Reason::Overdue);
    // Not visited in 90 days: active, the last visit at least 90 days ago or none, and not
    // already on the list for a follow-up.
    let cutoff = (today() - Duration::days(90)).to_string();
    let followed: Vec<&str> = all
        .iter()
        .filter(|i| matches!(i.reason, Reason::Overdue | Reason::DueToday))
        .filter_map(|i| i.household_id.as_deref())
        .collect();
    let unvisited = of(&all, Reason::NotVisited);
    assert!(!unvisited.is_empty());
    let expected = count(
        &demo.path,
        &format!(
            "SELECT count(*) FROM households WHERE deleted = 0
               AND status IN ('aktif', 'calon_graduasi')
               AND (last_visit IS NULL OR last_visit <= '{cutoff}')"
        ),
    );
    let followed_unvisited = unvisited.len() as i64
        + count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM households WHERE deleted = 0
                   AND status IN ('aktif', 'calon_graduasi')
                   AND (last_visit IS NULL OR last_visit <= '{cutoff}')
                   AND id IN ({})",
                followed
                    .iter()
                    .map(|h| format!("'{h}'"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        );
    assert_eq!(followed_unvisited, expected);
    for i in &unvisited {
        match i.date {
            None => assert_eq!(i.number, -1),
            Some(d) => assert_eq!(i.number, (today() - d).num_days()),
        }
        assert!(i.number < 0 || i.number >= 90);
    }
    // Ready: the scores the list sorts by, 70 or more, readiest first.
    let scores = store
        .readiness_scores(
            &scope,
            today(),
            &ComponentRules::default(),
            &ReadinessSettings::default(),
        )
        .unwrap();
    let ready = of(&all, Reason::Ready);
    assert_eq!(ready.len(), scores.iter().filter(|r| r.score >= 70).count());
    assert!(!ready.is_empty());
    for i in &ready {
        let s = scores
            .iter()
            .find(|r| Some(&r.id) == i.household_id.as_ref())
            .unwrap();
        assert_eq!(i.number, i64::from(s.score));
        assert!(!i.village.is_empty());
    }
    // Each P2K2 group that met in the last 90 days: the session after its last, a month
    // later, with the households of that session.
    let groups = of(&all, Reason::P2k2Next);
    assert!(!groups.is_empty(), "the demo's groups meet monthly");
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    for g in &groups {
        let (last, held, n): (i64, NaiveDate, i64) = conn
            .query_row(
                "SELECT a.p2k2_session, a.date,
                        (SELECT count(*) FROM activity_households l WHERE l.activity_id = a.id)
                 FROM activities a WHERE a.kind = 'p2k2' AND a.deleted = 0
                   AND a.group_name = ?1 ORDER BY a.date DESC, a.rowid DESC LIMIT 1",
                [&g.name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(g.number, last + 1, "{}", g.name);
        assert_eq!(g.date, held.checked_add_months(Months::new(1)));
        assert!(!g.households.is_empty() && g.households.len() as i64 <= n);
    }
}

#[test]
fn a_referral_waiting_two_weeks_is_listed_and_one_moved_on_is_not() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let scope = Scope::Worker(common::one(&demo.path, "SELECT id FROM workers LIMIT 1"));
    let conn = rusqlite::Connection::open(&demo.path).unwrap();
    let before = of(&items(&store, &scope), Reason::ReferralWaiting).len();
    let hid: String = common::one(
        &demo.path,
        "SELECT id FROM households WHERE status = 'aktif' AND deleted = 0
         AND id NOT IN (SELECT household_id FROM referrals) ORDER BY search_text LIMIT 1",
    );
    let author: String = common::one(&demo.path, "SELECT id FROM workers LIMIT 1");
    for (id, days, status) in [("r-wait", 20, "diusulkan"), ("r-run", 40, "berjalan")] {
        conn.execute(
            "INSERT INTO referrals (id, household_id, program, agency, date, status,
                                    created_at, updated_at, author_id)
             VALUES (?1, ?2, 'kur', 'BRI', ?3, ?4, 'x', 'x', ?5)",
            rusqlite::params![id, hid, today() - Duration::days(days), status, author],
        )
        .unwrap();
    }
    let all = items(&store, &scope);
    let waiting = of(&all, Reason::ReferralWaiting);
    assert_eq!(waiting.len(), before + 1);
    let mine = waiting
        .iter()
        .find(|i| i.household_id.as_deref() == Some(hid.as_str()))
        .unwrap();
    assert_eq!(mine.number, 20);
    assert_eq!(mine.detail, "kur");
}

#[test]
fn it_opens_at_start_and_enter_on_its_first_line_records_the_visit_and_closes_the_follow_up() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app_at_start(&store, Lang::Id);
    assert_eq!(app.screen, Screen::Today, "something is overdue");
    let first = app.today_list.items[0].clone();
    assert_eq!(first.reason, Reason::Overdue);
    let hid = first.household_id.clone().unwrap();
    let visits = |hid: &str| {
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM activities WHERE household_id = '{hid}'
                 AND kind = 'kunjungan' AND deleted = 0"
            ),
        )
    };
    let before = visits(&hid);
    // README: `4`, Enter, the summary, Enter, Enter: 4 keys besides the text (here the
    // list is already open, as at start; `4` opens it again).
    let pieces = [
        ("", "4"),
        ("", "<enter>"),
        ("Sudah dikunjungi", "<enter>"),
        ("", "<enter>"),
    ];
    let control: usize = pieces
        .iter()
        .map(|(_, k)| pilar::keymap::parse_keys(k).unwrap().len())
        .sum();
    assert_eq!(control, 4);
    let script: String = pieces.iter().map(|(t, k)| format!("{t}{k}")).collect();
    keys(&mut app, &store, &script);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
    assert_eq!(visits(&hid), before + 1, "the visit is recorded");
    assert_eq!(
        count(
            &demo.path,
            &format!(
                "SELECT count(*) FROM activities WHERE household_id = '{hid}'
                 AND done = 0 AND follow_up = '{}'",
                first.date.unwrap()
            ),
        ),
        0,
        "its follow-up is closed"
    );
    assert_eq!(app.screen, Screen::Today);
    assert!(
        app.today_list
            .items
            .iter()
            .all(|i| !(i.reason == Reason::Overdue && i.household_id.as_deref() == Some(&hid))),
        "the line is gone"
    );
}

#[test]
fn enter_on_a_group_line_records_its_next_session_for_its_households() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app_at_start(&store, Lang::Id);
    let at = app
        .today_list
        .items
        .iter()
        .position(|i| i.reason == Reason::P2k2Next)
        .unwrap();
    let group = app.today_list.items[at].clone();
    keys(&mut app, &store, &format!("4g{}", "j".repeat(at)));
    assert_eq!(app.today_list.selected, at);
    // The form opens with the group, its place, the module and the next session: the
    // summary and Enter record it.
    keys(&mut app, &store, "<enter>Sesi berikutnya<enter>");
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.overlay);
    let (session, module, present): (i64, String, i64) = rusqlite::Connection::open(&demo.path)
        .unwrap()
        .query_row(
            "SELECT a.p2k2_session, a.p2k2_module,
                    (SELECT count(*) FROM activity_households l WHERE l.activity_id = a.id)
             FROM activities a WHERE a.summary = 'Sesi berikutnya' AND a.group_name = ?1",
            [&group.name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(session, group.number);
    assert_eq!(Some(module.as_str()), group.module.map(|m| m.key()));
    assert_eq!(present as usize, group.households.len());
}

#[test]
fn a_supervisors_list_covers_the_team_and_names_the_facilitator() {
    let demo = demo_db(300, 3, 1);
    let store = Store::open(&demo.path).unwrap();
    let all = items(&store, &Scope::All);
    let facilitators: std::collections::HashSet<&str> =
        all.iter().map(|i| i.facilitator.as_str()).collect();
    assert!(facilitators.len() >= 3, "{facilitators:?}");
    let mut app = app_at_start(&store, Lang::En);
    keys(&mut app, &store, "4");
    let t = render(&app, &Theme::new(true, false), 80, 24);
    let s = text(&t);
    assert!(s.contains("Facilitator"), "{s}");
}

fn render(app: &App, theme: &Theme, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app, theme)).unwrap();
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
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

#[test]
fn today_at_80x24_in_both_languages_monochrome_and_ascii() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for (lang, name) in [(Lang::Id, "today_80x24_id"), (Lang::En, "today_80x24_en")] {
        let app = app_at_start(&store, lang);
        let t = render(&app, &Theme::new(true, false), 80, 24);
        insta::assert_snapshot!(name, t.backend());
    }
    let mut app = app_at_start(&store, Lang::Id);
    keys(&mut app, &store, "G");
    let t = render(&app, &Theme::new(false, false), 80, 24);
    insta::assert_snapshot!("today_80x24_id_no_color_end", t.backend());
    // The selected line is in reverse video without colour.
    let buf = t.backend().buffer();
    let selected = (0..24).any(|y| {
        buf[(2, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    });
    assert!(selected, "the selection shows without colour");
    let t = render(&app, &Theme::new(false, true), 80, 24);
    assert!(text(&t).is_ascii(), "{}", text(&t));
}
