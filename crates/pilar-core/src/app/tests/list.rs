//! Start, the caseload list's paging and the panes that follow its selection.

use super::*;
use crate::app::window::Fetch;
use crate::app::{AfterLocate, LogScope, Pane};
use crate::model::LogQuery;

#[test]
fn start_asks_for_the_gauge_the_draft_the_conflicts_notice_and_a_counted_list_page() {
    let mut app = bare(Role::Facilitator);
    let h = app.caseload.list.height;
    let fx = app.update(Action::Start);
    assert_eq!(
        fx,
        vec![
            Effect::FetchGauge {
                scope: own_scope(),
                today: today(),
                policy: app.settings.policy.clone(),
                rules: app.settings.rules.clone(),
                readiness: app.settings.readiness,
            },
            Effect::FetchDraft("w1".into()),
            Effect::Conflicts(conflicts::Request::Count(own_scope())),
            Effect::Page {
                source: Source::List(app.list_query()),
                fetch: Fetch {
                    offset: 0,
                    limit: 3 * h
                },
                count: true,
            },
            Effect::Sync(crate::app::sync::Request::Status),
        ]
    );
}

#[test]
fn a_supervisor_starts_on_everyones_caseload() {
    let mut app = bare(Role::Supervisor);
    let fx = app.update(Action::Start);
    assert!(fx.contains(&Effect::Conflicts(conflicts::Request::Count(Scope::All))));
    assert!(
        matches!(&fx[3], Effect::Page { source: Source::List(q), .. } if q.scope == Scope::All)
    );
}

#[test]
fn the_caseload_log_is_paged_from_the_start_when_it_shows() {
    let mut app = bare(Role::Facilitator);
    app.log.scope = LogScope::Caseload;
    let fx = app.update(Action::Start);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Page { source: Source::Log(LogQuery::Caseload(s)), count: true, .. } if *s == own_scope()
    )));
}

#[test]
fn the_first_page_selects_the_first_household_and_loads_its_detail_and_log() {
    let mut app = bare(Role::Facilitator);
    app.update(Action::Start);
    let h = app.caseload.list.height;
    let fx = app.update(Action::Page {
        total: Some(Total::exact(100)),
        offset: 0,
        limit: 3 * h,
        rows: Rows::List((0..3 * h).map(row).collect()),
    });
    assert_eq!(app.caseload.list.total, 100);
    assert_eq!(app.household.shown(), Some("h000"));
    assert_eq!(fx[0], Effect::FetchDetail("h000".into()));
    assert!(matches!(
        &fx[1],
        Effect::Page { source: Source::Log(LogQuery::Household(id)), count: true, .. } if id == "h000"
    ));
    assert_eq!(fx.len(), 2, "every visible row is loaded: no other page");
}

#[test]
fn moving_within_the_loaded_rows_asks_only_for_the_new_households_panes() {
    let mut app = app();
    let fx = press(&mut app, "j");
    assert_eq!(app.caseload.list.selected, 1);
    assert!(list_pages(&fx).is_empty());
    assert_eq!(fx[0], Effect::FetchDetail("h001".into()));
    assert!(
        matches!(&fx[1], Effect::Page { source: Source::Log(LogQuery::Household(id)), .. } if id == "h001")
    );
    // The detail pane's history, when open, follows too.
    press(&mut app, "h");
    let fx = press(&mut app, "k");
    assert!(fx.contains(&Effect::FetchHistory("h000".into())));
}

#[test]
fn jumping_to_the_end_asks_for_the_missing_page_around_it() {
    let mut app = app();
    let h = app.caseload.list.height;
    let fx = press(&mut app, "G");
    assert_eq!(app.caseload.list.selected, 99);
    assert_eq!(app.caseload.list.offset, 100 - h);
    assert_eq!(
        list_pages(&fx),
        vec![(String::new(), 100 - 2 * h, 3 * h, false)],
        "one screen of margin before the visible rows, never a count"
    );
    assert!(app.household.shown().is_none(), "the row is not loaded yet");
    // The page arrives: the last household's panes follow.
    let ran = World::new(100).run(&mut app, fx);
    assert!(ran.contains(&Effect::FetchDetail("h099".into())));
    assert_eq!(app.household.detail.as_ref().unwrap().id, "h099");
}

#[test]
fn page_down_moves_by_the_lists_height_and_top_goes_back() {
    let mut app = app();
    let h = app.caseload.list.height;
    World::new(100).keys(&mut app, "<pgdn>");
    assert_eq!(app.caseload.list.selected, h);
    World::new(100).keys(&mut app, "<pgdn><pgup><pgup>g");
    assert_eq!(
        (app.caseload.list.selected, app.caseload.list.offset),
        (0, 0)
    );
}

#[test]
fn a_short_page_shrinks_the_list_instead_of_asking_again() {
    let mut app = app();
    let h = app.caseload.list.height;
    let fx = press(&mut app, "G");
    let (_, offset, limit, _) = list_pages(&fx)[0];
    // Another session removed households: only 10 come back past the offset.
    let fx = app.update(Action::Page {
        total: None,
        offset,
        limit,
        rows: Rows::List((offset..offset + 10).map(row).collect()),
    });
    assert_eq!(app.caseload.list.total, offset + 10);
    assert_eq!(app.caseload.list.selected, offset + 9);
    // At most the rows above what came back (the view moved up), never the same again.
    for (_, o, _, count) in list_pages(&fx) {
        assert!(o < offset && !count, "{o}");
    }
    assert!(app.caseload.list.offset + h >= app.caseload.list.total);
}

#[test]
fn a_capped_count_is_kept_for_the_title() {
    let mut app = app();
    app.update(Action::Page {
        total: Some(Total {
            count: 500,
            capped: true,
        }),
        offset: 0,
        limit: 10,
        rows: Rows::List((0..10).map(row).collect()),
    });
    assert!(app.caseload.capped);
    assert_eq!(app.caseload.list.total, 500);
}

#[test]
fn tab_and_enter_move_the_focus_and_esc_returns_to_the_list() {
    let mut app = app();
    assert!(press(&mut app, "<enter>").is_empty());
    assert_eq!(app.focus, Pane::Detail);
    press(&mut app, "jj");
    assert_eq!(app.household.scroll, 2, "j scrolls the focused detail");
    assert_eq!(app.caseload.list.selected, 0);
    press(&mut app, "<tab>");
    assert_eq!(app.focus, Pane::Log);
    press(&mut app, "<esc>");
    assert_eq!(app.focus, Pane::List);
    press(&mut app, "<backtab>");
    assert_eq!(app.focus, Pane::Log);
}

#[test]
fn the_caseload_log_pages_and_enter_goes_to_the_household_in_any_status() {
    let mut app = app();
    let fx = press(&mut app, "l");
    assert_eq!(app.log.scope, LogScope::Caseload);
    assert!(matches!(
        &fx[..],
        [Effect::Page { source: Source::Log(LogQuery::Caseload(s)), count: true, .. }] if *s == own_scope()
    ));
    World::new(100).run(&mut app, fx);
    World::new(100).keys(&mut app, "<tab><tab>jjj");
    let fx = press(&mut app, "<enter>");
    assert!(matches!(
        &fx[..],
        [Effect::Locate { household_id, then: AfterLocate::RetryAllStatuses, .. }] if household_id == "h003"
    ));
    World::new(100).run(&mut app, fx);
    assert_eq!(app.focus, Pane::List);
    assert_eq!(app.caseload.list.selected, 3);
}

#[test]
fn resizing_sets_the_page_sizes_and_fetches_only_whats_missing() {
    let mut app = app();
    let small = app.caseload.list.height;
    let fx = app.update(Action::Resize(120, 90));
    assert!(
        app.caseload.list.height > 3 * small,
        "taller than the rows loaded"
    );
    assert_eq!(app.size, (120, 90));
    let pages = list_pages(&fx);
    assert_eq!(pages.len(), 1, "the taller list needs more rows");
    assert!(!pages[0].3, "without counting again");
    // Too small to draw: nothing to fetch, nothing breaks, and keys wait until it fits.
    assert!(app.update(Action::Resize(40, 10)).is_empty());
    assert!(press(&mut app, "j").is_empty());
    app.update(Action::Resize(120, 90));
    assert!(!press(&mut app, "j").is_empty());
}

#[test]
fn a_new_day_reloads_what_depends_on_it_and_the_same_day_nothing() {
    let mut app = app();
    assert!(app.update(Action::Today(today())).is_empty());
    let tomorrow = today().succ_opt().unwrap();
    let fx = app.update(Action::Today(tomorrow));
    assert!(matches!(&fx[0], Effect::FetchGauge { today, .. } if *today == tomorrow));
    assert!(
        matches!(&fx[1], Effect::Page { source: Source::List(q), count: true, .. } if q.today == tomorrow)
    );
}

#[test]
fn another_sessions_change_reloads_every_pane_keeping_the_selection() {
    let mut app = app();
    World::new(100).keys(&mut app, "jjj");
    let fx = app.update(Action::DataChanged);
    assert!(matches!(&fx[0], Effect::FetchGauge { .. }));
    assert_eq!(list_pages(&fx).len(), 1);
    World::new(100).run(&mut app, fx);
    assert_eq!(app.caseload.list.selected, 3);
    assert_eq!(app.household.detail.as_ref().unwrap().id, "h003");
}
