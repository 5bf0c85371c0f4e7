//! Key-script tests: keys fed to the app core over a real demo database, then assertions
//! on the state a person would see.

use crate::common;

use common::{app, demo_db, keys};
use pilar::app::{Effect, Level, LogScope, Overlay, Pane, Source};
use pilar::domain::Lang;
use pilar::keymap::parse_keys;
use pilar::store::Store;

#[test]
fn start_fills_every_pane() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let app = app(&store, Lang::Id, 80, 24);
    assert!(app.caseload.list.total > 400 && app.caseload.list.total <= 462);
    assert_eq!(app.caseload.list.selected, 0);
    let first = app.caseload.list.selected_row().unwrap();
    let detail = app
        .household
        .detail
        .as_ref()
        .expect("detail of the first household");
    assert_eq!(detail.id, first.id);
    assert!(!detail.members.is_empty());
    assert!(
        app.log.window.total > 0,
        "the first household has activities"
    );
    assert_eq!(app.gauge.target, 10);
    assert!(app.is_demo);
}

#[test]
fn moving_the_selection_follows_with_detail_and_log() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "jj");
    assert_eq!(app.caseload.list.selected, 2);
    let row = app.caseload.list.selected_row().unwrap().clone();
    assert_eq!(app.household.detail.as_ref().unwrap().id, row.id);
    keys(&mut app, &store, "k<down><up>");
    assert_eq!(app.caseload.list.selected, 1);

    keys(&mut app, &store, "G");
    assert_eq!(app.caseload.list.selected, app.caseload.list.total - 1);
    let last = app
        .caseload
        .list
        .selected_row()
        .expect("last row loaded")
        .clone();
    assert_eq!(app.household.detail.as_ref().unwrap().id, last.id);
    keys(&mut app, &store, "j<end>");
    assert_eq!(
        app.caseload.list.selected,
        app.caseload.list.total - 1,
        "clamped at the end"
    );

    keys(&mut app, &store, "g");
    assert_eq!(
        (app.caseload.list.selected, app.caseload.list.offset),
        (0, 0)
    );
    keys(&mut app, &store, "<pgdn>");
    assert_eq!(app.caseload.list.selected, app.caseload.list.height);
    keys(&mut app, &store, "<pgup><pgup><home>");
    assert_eq!(app.caseload.list.selected, 0);
    keys(&mut app, &store, "<end><home>");
    assert_eq!(app.caseload.list.selected, 0);
}

#[test]
fn tab_cycles_panes_and_esc_goes_back() {
    let demo = demo_db(100, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::En, 80, 24);
    assert_eq!(app.focus, Pane::List);
    keys(&mut app, &store, "<tab>");
    assert_eq!(app.focus, Pane::Detail);
    keys(&mut app, &store, "<tab>");
    assert_eq!(app.focus, Pane::Log);
    keys(&mut app, &store, "<tab>");
    assert_eq!(app.focus, Pane::List);
    keys(&mut app, &store, "<backtab>");
    assert_eq!(app.focus, Pane::Log);
    keys(&mut app, &store, "<esc>");
    assert_eq!(app.focus, Pane::List);
    keys(&mut app, &store, "<enter>");
    assert_eq!(app.focus, Pane::Detail, "Enter opens the detail");
    keys(&mut app, &store, "jjj");
    assert_eq!(app.household.scroll, 3, "j scrolls the focused detail");
    assert_eq!(app.caseload.list.selected, 0, "and leaves the list alone");
    keys(&mut app, &store, "<esc>");
    assert_eq!(app.focus, Pane::List);
}

#[test]
fn log_switches_to_the_whole_caseload_and_jumps_to_a_household() {
    let demo = demo_db(200, 1, 2);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let household_total = app.log.window.total;
    keys(&mut app, &store, "l");
    assert_eq!(app.log.scope, LogScope::Caseload);
    assert!(app.log.window.total > household_total);
    // Find an activity tied to one household, then Enter jumps there.
    keys(&mut app, &store, "<tab><tab>");
    assert_eq!(app.focus, Pane::Log);
    let mut guard = 0;
    while app
        .log
        .window
        .selected_row()
        .unwrap()
        .household_id
        .is_none()
    {
        keys(&mut app, &store, "j");
        guard += 1;
        assert!(guard < 200);
    }
    let target = app
        .log
        .window
        .selected_row()
        .unwrap()
        .household_id
        .clone()
        .unwrap();
    keys(&mut app, &store, "<enter>");
    assert_eq!(app.focus, Pane::List);
    // Found, in the active list or (if it graduated or left) among every status.
    assert_eq!(app.caseload.list.selected_row().unwrap().id, target);
    assert_eq!(app.household.detail.as_ref().unwrap().id, target);
    keys(&mut app, &store, "l");
    assert_eq!(app.log.scope, LogScope::Household);
}

#[test]
fn x_shows_exited_households_too() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let active = app.caseload.list.total;
    keys(&mut app, &store, "x");
    assert_eq!(app.caseload.list.total, 462);
    assert!(active < 462);
    assert_eq!(app.message.as_ref().unwrap().level, Level::Info);
    keys(&mut app, &store, "x");
    assert_eq!(app.caseload.list.total, active);
}

#[test]
fn command_line_runs_commands_in_both_languages() {
    let demo = demo_db(100, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, ":turun<enter>:down<enter>");
    assert_eq!(app.caseload.list.selected, 2);
    keys(&mut app, &store, ":bantuan<enter>");
    assert!(matches!(app.overlay, Overlay::Help { .. }));
    keys(&mut app, &store, "jj<esc>");
    assert!(matches!(app.overlay, Overlay::None));
    keys(&mut app, &store, ":nonsense<enter>");
    let msg = app.message.clone().unwrap();
    assert_eq!(msg.level, Level::Error);
    assert!(msg.text.contains("nonsense"), "{}", msg.text);
    assert!(msg.text.contains("tidak dikenal"), "Indonesian by default");
    keys(&mut app, &store, "j");
    assert!(app.message.is_none(), "a key clears the message");
    // Esc closes the command line without running it; Backspace on empty closes too.
    keys(&mut app, &store, ":quit<esc>");
    assert!(!app.quit);
    keys(&mut app, &store, ":<bs>");
    assert!(matches!(app.overlay, Overlay::None));
    keys(&mut app, &store, ":help<enter>?");
    assert!(matches!(app.overlay, Overlay::None), "? closes help");
    keys(&mut app, &store, ":keluar<enter>");
    assert!(app.quit);
}

#[test]
fn q_and_ctrl_c_quit() {
    let demo = demo_db(50, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "q");
    assert!(app.quit);
    let mut app = common::app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, ":ab<c-c>");
    assert!(app.quit, "Ctrl-c quits even from the command line");
}

#[test]
fn resize_changes_the_page_size_and_keeps_the_selection_visible() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 120, 40);
    let big = app.caseload.list.height;
    keys(&mut app, &store, "<pgdn><pgdn>");
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::Resize(80, 24));
    assert!(app.caseload.list.height < big);
    assert!(app.caseload.list.selected >= app.caseload.list.offset);
    assert!(app.caseload.list.selected < app.caseload.list.offset + app.caseload.list.height);
    assert!(app.caseload.list.selected_row().is_some());
    // Too small: keys still work and nothing breaks.
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::Resize(60, 20));
    keys(&mut app, &store, "j");
}

#[test]
fn supervisor_sees_all_facilitators_households() {
    let demo = demo_db(500, 5, 1);
    let store = Store::open(&demo.path).unwrap();
    let app = app(&store, Lang::En, 80, 24);
    assert_eq!(app.user.role, pilar::model::Role::Supervisor);
    assert!(app.caseload.list.total > 450);
    assert_eq!(app.gauge.target, 50);
}

#[test]
fn empty_database_shows_an_empty_caseload() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("empty.db")).unwrap();
    let user = store
        .add_worker("Dewi", "dewi", pilar::model::Role::Facilitator, 10, None)
        .unwrap();
    let mut app = pilar::app::App::new(common::settings(Lang::Id), user, common::today(), false);
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::Resize(80, 24));
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::Start);
    assert_eq!(app.caseload.list.total, 0);
    assert!(app.household.detail.is_none());
    keys(&mut app, &store, "jjG<pgdn><enter><tab>l<tab><enter>");
    assert_eq!(app.caseload.list.selected, 0);
    assert_eq!(app.gauge.counted, 0);
}

/// Counts the caseload list queries (a count and a window each) the runtime runs.
fn list_queries(app: &mut pilar::app::App, store: &Store, script: &str) -> usize {
    let mut n = 0;
    pilar::runtime::burst(app, store, &parse_keys(script).unwrap(), &mut |e| {
        if matches!(
            e,
            Effect::Page {
                source: Source::List(_),
                ..
            }
        ) {
            n += 1;
        }
    });
    n
}

#[test]
fn a_search_typed_ahead_runs_one_list_query_not_one_per_key() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    assert_eq!(list_queries(&mut app, &store, "/"), 0);
    assert_eq!(list_queries(&mut app, &store, "khotimah"), 1);
    assert_eq!(app.caseload.filter_text, "khotimah");
    // Typed one key at a time, the same list, eight queries later.
    let mut slow = common::app(&store, Lang::Id, 80, 24);
    keys(&mut slow, &store, "/khotimah");
    assert_eq!(slow.caseload.list.total, app.caseload.list.total);
    assert_eq!(
        slow.caseload.list.selected_row(),
        app.caseload.list.selected_row()
    );
    assert_eq!(
        slow.household.detail.as_ref().map(|d| &d.id),
        app.household.detail.as_ref().map(|d| &d.id)
    );
}

#[test]
fn keys_typed_ahead_after_a_search_see_its_result() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    let name = app.caseload.list.rows[5].name.clone();
    let word = name.split_whitespace().next().unwrap().to_lowercase();
    // One burst: the search, Enter, then `a` on the household it found.
    let script = format!("/{word}<enter>a");
    assert_eq!(list_queries(&mut app, &store, &script), 1);
    let first = app.caseload.list.selected_row().unwrap().clone();
    assert!(first.name.to_lowercase().contains(&word));
    let Overlay::Form(entry) = &app.overlay else {
        panic!("the activity form opened");
    };
    assert!(
        matches!(&entry.purpose, pilar::app::entry::Purpose::Activity { households } if households[0].0 == first.id)
    );
    // A burst that saves then moves: the save runs (once) before `j` is applied. (The
    // household's follow-ups are closed first, so the visit asks nothing: see
    // `recorded::fix_logging_a_visit_offers_to_close_the_open_follow_up_80x24`.)
    rusqlite::Connection::open(&demo.path)
        .unwrap()
        .execute(
            "UPDATE activities SET done = 1 WHERE household_id = ?1 OR id IN
             (SELECT activity_id FROM activity_households WHERE household_id = ?1)",
            [&first.id],
        )
        .unwrap();
    let mut saves = 0;
    pilar::runtime::burst(
        &mut app,
        &store,
        &parse_keys("Kunjungan<enter>jj").unwrap(),
        &mut |e| saves += usize::from(matches!(e, Effect::Save { .. })),
    );
    assert_eq!(saves, 1);
    assert!(
        matches!(app.overlay, Overlay::None),
        "saved, so j moved the list"
    );
    assert_eq!(
        app.caseload.list.selected,
        2.min(app.caseload.list.total - 1)
    );
}
