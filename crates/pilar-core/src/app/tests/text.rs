//! Typed text: the search box, the `:` command line, and the editing keys they share with
//! form fields; sorting and saved views (reached by `:` and keys).

use super::*;
use crate::app::{Level, Overlay, Pane, Screen};
use crate::model::{SavedView, Sort, SortColumn};

fn line(app: &App) -> String {
    match &app.overlay {
        Overlay::CommandLine(i) | Overlay::Search(i) => i.value().to_string(),
        _ => panic!("no text line open"),
    }
}

#[test]
fn every_search_keystroke_reloads_the_list_once_from_the_top() {
    let mut app = app();
    World::new(100).keys(&mut app, "jjj");
    assert!(press(&mut app, "/").is_empty());
    assert!(matches!(app.overlay, Overlay::Search(_)));
    let h = app.caseload.list.height;
    let fx = press(&mut app, "si");
    assert_eq!(
        list_pages(&fx),
        vec![("s".into(), 0, 3 * h, true), ("si".into(), 0, 3 * h, true)]
    );
    assert_eq!(app.caseload.list.selected, 0);
    assert_eq!(app.caseload.filter_text, "si");
    // A cursor move changes no text: no query.
    assert!(press(&mut app, "<left><right>").is_empty());
    assert_eq!(list_pages(&press(&mut app, "<bs>")).len(), 1);
    assert_eq!(app.caseload.filter_text, "s");
}

#[test]
fn enter_keeps_the_search_and_esc_clears_it() {
    let mut app = app();
    World::new(100).keys(&mut app, "/siti<enter>");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(app.filtering());
    assert_eq!(app.caseload.filter.words, vec!["siti".to_string()]);
    let fx = press(&mut app, "<esc>");
    assert!(!app.filtering());
    assert_eq!(
        list_pages(&fx),
        vec![(String::new(), 0, fx_limit(&fx), true)]
    );
    // Esc in the search box closes it and clears the search too.
    World::new(100).keys(&mut app, "/ani");
    press(&mut app, "<esc>");
    assert!(matches!(app.overlay, Overlay::None));
    assert!(app.caseload.filter_text.is_empty());
}

fn fx_limit(fx: &[Effect]) -> u64 {
    list_pages(fx)[0].2
}

#[test]
fn up_and_down_in_the_search_box_move_the_list() {
    let mut app = app();
    World::new(100).keys(&mut app, "/a");
    World::new(100).keys(&mut app, "<down><down>");
    assert_eq!(app.caseload.list.selected, 2);
    World::new(100).keys(&mut app, "j");
    assert_eq!(line(&app), "aj", "letters type, arrows move");
    assert_eq!(
        app.caseload.list.selected, 0,
        "a new search starts at the top"
    );
}

#[test]
fn ctrl_w_and_ctrl_u_edit_the_search_box_like_a_form_field() {
    let mut app = app();
    World::new(100).keys(&mut app, "/siti ami");
    let fx = press(&mut app, "<c-w>");
    assert_eq!(line(&app), "siti ");
    assert_eq!(list_pages(&fx).len(), 1);
    press(&mut app, "<left><left>x<c-u>");
    assert_eq!(
        line(&app),
        "i ",
        "Ctrl-u deletes from the start to the cursor"
    );
    press(&mut app, "<c-e>y<c-a>z<home>1<end>2<del>");
    assert_eq!(line(&app), "1zi y2");
    press(&mut app, "<home><del>");
    assert_eq!(line(&app), "zi y2");
}

#[test]
fn the_command_line_edits_with_the_same_keys_and_backspace_on_empty_closes_it() {
    let mut app = app();
    press(&mut app, ":cari siti ami<c-w>");
    assert_eq!(line(&app), "cari siti ");
    press(&mut app, "<c-u>x<c-a>y<c-e>z");
    assert_eq!(line(&app), "yxz");
    press(&mut app, "<bs><bs><bs>");
    assert!(matches!(app.overlay, Overlay::CommandLine(_)));
    press(&mut app, "<bs>");
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn cari_with_text_searches_at_once_and_without_opens_the_box() {
    let mut app = app();
    World::new(100).keys(&mut app, "2");
    let fx = press(&mut app, ":cari desa:curugsewu siti<enter>");
    assert_eq!(app.screen, Screen::Dashboard, "the list comes into view");
    assert_eq!(app.focus, Pane::List);
    assert_eq!(app.caseload.filter_text, "desa:curugsewu siti");
    assert_eq!(list_pages(&fx).len(), 1);
    press(&mut app, ":search<enter>");
    assert_eq!(line(&app), "desa:curugsewu siti");
}

#[test]
fn commands_run_by_name_in_either_language_and_where_their_keys_would() {
    let mut app = app();
    World::new(100).keys(&mut app, ":turun<enter>:down<enter>");
    assert_eq!(app.caseload.list.selected, 2);
    press(&mut app, ":bantuan<enter>");
    assert!(matches!(app.overlay, Overlay::Help { .. }));
    press(&mut app, "q");
    assert!(matches!(app.overlay, Overlay::None));
    press(&mut app, ":nonsense<enter>");
    assert_eq!(app.message.as_ref().unwrap().level, Level::Error);
    assert!(message(&app).contains("Unknown command: nonsense"));
    press(&mut app, ":done<enter>");
    assert!(
        message(&app).contains("does not apply"),
        "{}",
        message(&app)
    );
    press(&mut app, ":run<enter>");
    assert!(
        message(&app).contains("Unknown command"),
        "Enter's row has no name"
    );
    press(&mut app, ":q<enter>");
    assert!(app.quit);
}

#[test]
fn sorting_starts_the_list_over_and_says_how() {
    let mut app = app();
    World::new(100).keys(&mut app, "jjj");
    let fx = press(&mut app, "s");
    assert_eq!(app.caseload.sort.column, SortColumn::Name.next());
    assert!(!app.caseload.sort.descending);
    assert_eq!(app.caseload.list.selected, 0);
    assert_eq!(list_pages(&fx).len(), 1);
    assert!(message(&app).contains("ascending"));
    press(&mut app, "S");
    assert!(app.caseload.sort.descending);
    assert!(message(&app).contains("descending"));
}

#[test]
fn a_view_is_saved_under_the_name_given_and_the_answer_names_it() {
    let mut app = app();
    World::new(100).keys(&mut app, "/desa:curugsewu<enter>S");
    let fx = press(&mut app, ":simpan-tampilan  Curug <enter>");
    assert_eq!(
        fx,
        vec![Effect::SaveView {
            worker_id: "w1".into(),
            name: "Curug".into(),
            query: "desa:curugsewu".into(),
            sort: app.caseload.sort,
        }]
    );
    assert!(app.update(Action::ViewSaved).is_empty());
    assert!(message(&app).contains("\"Curug\""), "{}", message(&app));
}

#[test]
fn a_view_needs_a_name_and_an_unknown_one_is_named_in_the_answer() {
    let mut app = app();
    assert!(press(&mut app, ":save-view<enter>").is_empty());
    assert_eq!(message(&app), "Give a name: :save-view NAME");
    assert!(press(&mut app, ":view<enter>").is_empty());
    assert_eq!(message(&app), "Name it: :view NAME");
    let fx = press(&mut app, ":view pasar<enter>");
    assert_eq!(
        fx,
        vec![Effect::FetchView {
            worker_id: "w1".into(),
            name: "pasar".into()
        }]
    );
    app.update(Action::ViewLoaded(None));
    assert!(message(&app).contains("\"pasar\""));
}

#[test]
fn a_saved_view_is_picked_by_number_and_applied() {
    let mut app = app();
    assert_eq!(press(&mut app, "v"), vec![Effect::FetchViews("w1".into())]);
    let views = vec![
        SavedView {
            name: "a".into(),
            query: "ani".into(),
            sort: Sort::default(),
        },
        SavedView {
            name: "b".into(),
            query: "usaha:ya".into(),
            sort: Sort {
                column: SortColumn::Name,
                descending: true,
            },
        },
    ];
    app.update(Action::ViewsLoaded(views));
    assert!(press(&mut app, "9").is_empty(), "no view 9");
    let fx = press(&mut app, "2");
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.caseload.filter_text, "usaha:ya");
    assert!(app.caseload.sort.descending);
    assert!(matches!(
        &fx[..],
        [Effect::Page { source: Source::List(q), count: true, .. }] if q.sort.descending && !q.filter.terms.is_empty()
    ));
    // Enter picks the highlighted one.
    app.update(Action::ViewsLoaded(vec![SavedView {
        name: "a".into(),
        query: "ani".into(),
        sort: Sort::default(),
    }]));
    press(&mut app, "<enter>");
    assert_eq!(app.caseload.filter_text, "ani");
}

#[test]
fn all_statuses_reloads_the_list_and_the_gauge() {
    let mut app = app();
    let fx = press(&mut app, "x");
    assert!(app.caseload.include_exited);
    assert!(matches!(fx[0], Effect::FetchGauge { .. }));
    assert!(
        matches!(&fx[1], Effect::Page { source: Source::List(q), count: true, .. } if q.include_exited)
    );
    press(&mut app, "x");
    assert!(!app.caseload.include_exited);
}
