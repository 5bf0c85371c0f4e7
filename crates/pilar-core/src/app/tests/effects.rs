//! The effect protocol's own rules: which reads supersede which, coalescing keys typed
//! ahead, which keys may be applied before earlier results arrive, the paging window's
//! arithmetic, and the key context.

use super::*;
use crate::app::window::{Fetch, Window, apply_delta};
use crate::app::{AfterLocate, Overlay, coalesce};
use crate::keymap::{Ctx, Key};
use crate::model::{ListQuery, LogQuery};

fn list_page(text: &str, count: bool) -> Effect {
    let mut q = ListQuery::caseload(own_scope(), today());
    q.filter = crate::filter::parse(text);
    Effect::Page {
        source: Source::List(q),
        fetch: Fetch {
            offset: 0,
            limit: 45,
        },
        count,
    }
}

fn log_page() -> Effect {
    Effect::Page {
        source: Source::Log(LogQuery::Household("h001".into())),
        fetch: Fetch {
            offset: 0,
            limit: 15,
        },
        count: true,
    }
}

#[test]
fn a_later_page_of_the_same_list_supersedes_an_earlier_one() {
    assert!(list_page("kh", true).supersedes(&list_page("k", true)));
    assert!(list_page("kh", true).supersedes(&list_page("k", false)));
    assert!(
        !list_page("kh", false).supersedes(&list_page("k", true)),
        "a page without a count does not replace one that counts"
    );
    assert!(
        !log_page().supersedes(&list_page("k", true)),
        "another list"
    );
    assert!(Effect::FetchDetail("h2".into()).supersedes(&Effect::FetchDetail("h1".into())));
    assert!(!Effect::FetchDetail("h2".into()).supersedes(&list_page("k", true)));
}

#[test]
fn writes_neither_supersede_nor_wait() {
    let save = Effect::UndoGraduation {
        author: "w1".into(),
        household_id: "h1".into(),
        today: today(),
    };
    assert!(!save.supersedes(&save.clone()));
    assert!(!save.may_wait());
    assert!(!list_page("k", true).supersedes(&save));
    assert!(list_page("k", true).may_wait());
    let locate = Effect::Locate {
        query: ListQuery::caseload(own_scope(), today()),
        household_id: "h1".into(),
        then: AfterLocate::Quiet,
    };
    assert!(
        !locate.may_wait(),
        "the next key may depend on where it lands"
    );
}

#[test]
fn coalescing_keeps_the_last_of_each_read_in_order() {
    let mut waiting = Vec::new();
    coalesce(&mut waiting, [list_page("k", true), log_page()]);
    coalesce(&mut waiting, [list_page("kh", true)]);
    coalesce(&mut waiting, [Effect::FetchDetail("h1".into())]);
    coalesce(
        &mut waiting,
        [list_page("kho", true), Effect::FetchDetail("h2".into())],
    );
    assert_eq!(
        waiting,
        vec![
            log_page(),
            list_page("kho", true),
            Effect::FetchDetail("h2".into())
        ]
    );
}

#[test]
fn a_search_typed_ahead_coalesces_into_one_query() {
    let mut app = app();
    press(&mut app, "/");
    let mut waiting = Vec::new();
    for k in crate::keymap::parse_keys("khotimah").unwrap() {
        assert!(app.edits_text(k));
        coalesce(&mut waiting, app.update(Action::Key(k)));
    }
    assert_eq!(
        list_pages(&waiting),
        vec![("khotimah".into(), 0, 3 * app.caseload.list.height, true)]
    );
    assert!(waiting.iter().all(Effect::may_wait));
}

#[test]
fn only_text_editing_keys_may_be_applied_before_earlier_results() {
    let mut app = app();
    assert!(
        !app.edits_text(Key::Char('j')),
        "in the list a letter is a command"
    );
    press(&mut app, "/");
    assert!(app.edits_text(Key::Char('j')));
    assert!(app.edits_text(Key::Backspace));
    assert!(app.edits_text(Key::Ctrl('w')));
    assert!(!app.edits_text(Key::Down), "moves the list");
    assert!(!app.edits_text(Key::Enter));
    press(&mut app, "<esc>a");
    assert!(app.edits_text(Key::Char('x')));
    assert!(!app.edits_text(Key::Enter), "saves");
    assert!(!app.edits_text(Key::Tab));
}

#[test]
fn the_window_asks_for_a_screen_of_margin_each_side_and_only_when_needed() {
    let mut w: Window<u64> = Window {
        total: 1000,
        ..Window::default()
    };
    w.set_height(10);
    assert_eq!(
        w.fetch(true),
        Some(Fetch {
            offset: 0,
            limit: 30
        })
    );
    w.load(Some(1000), 0, 30, (0..30).collect());
    w.step(19);
    assert_eq!(w.fetch(false), None, "rows 10..20 are loaded");
    w.step(i64::MAX);
    assert_eq!((w.selected, w.offset), (999, 990));
    assert_eq!(
        w.fetch(false),
        Some(Fetch {
            offset: 980,
            limit: 30
        })
    );
    w.step(i64::MIN);
    assert_eq!((w.selected, w.offset), (0, 0));
    w.restart();
    assert!(w.rows.is_empty());
    assert_eq!(apply_delta(5, -9, 10), 0);
    assert_eq!(apply_delta(5, 9, 10), 10);
    assert_eq!(apply_delta(5, i64::MAX, 10), 10);
}

#[test]
fn the_key_context_follows_overlays_then_screens_then_the_focused_pane() {
    let mut app = app();
    assert_eq!(app.ctx(), Ctx::List);
    press(&mut app, "<tab>");
    assert_eq!(app.ctx(), Ctx::Detail);
    press(&mut app, "?");
    assert_eq!(app.ctx(), Ctx::Help);
    press(&mut app, "<esc>2");
    assert_eq!(app.ctx(), Ctx::Agenda);
    press(&mut app, ":");
    assert_eq!(app.ctx(), Ctx::CommandLine);
    app.overlay = Overlay::Views {
        views: Vec::new(),
        selected: 0,
    };
    assert_eq!(app.ctx(), Ctx::Views);
}

#[test]
fn every_row_of_the_keymap_runs_on_a_started_app() {
    // The table's functions against a started app, each from a fresh state.
    for b in crate::keymap::BINDINGS {
        for key in b.keys.iter().copied().chain([Key::F(9)]) {
            let mut app = app();
            let arg = crate::app::commands::Arg::key(b.command, key);
            crate::app::commands::run(&mut app, b, arg);
            let arg = crate::app::commands::Arg::named(b.command, "x");
            crate::app::commands::run(&mut app, b, arg);
        }
    }
}
