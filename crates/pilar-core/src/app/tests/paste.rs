//! Pasting is text, never keys: a paste goes into the field, the search box or the command
//! line that has the keys, its line breaks and tabs as spaces; it never saves a form,
//! moves the focus or runs a command.

use super::*;
use crate::app::Overlay;

fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    app.update(Action::Paste(text.into()))
}

fn field(app: &App, key: &str) -> String {
    match &app.overlay {
        Overlay::Form(e) => e.form.value(key),
        _ => panic!("no form open"),
    }
}

fn focused(app: &App) -> String {
    match &app.overlay {
        Overlay::Form(e) => e.form.fields[e.form.focus].key.clone(),
        _ => panic!("no form open"),
    }
}

#[test]
fn a_paste_into_a_form_is_text_and_saves_nothing() {
    let mut app = app();
    press(&mut app, "a");
    assert_eq!(focused(&app), "summary");
    let fx = paste(&mut app, "Dikunjungi\nq");
    assert!(fx.is_empty(), "a pasted line break saves nothing: {fx:?}");
    assert_eq!(field(&app, "summary"), "Dikunjungi q");
    assert_eq!(focused(&app), "summary", "the focus stays");
    assert!(!app.quit);
    // Tabs and Windows line ends become spaces too; the cell's own last line break is
    // not part of its value; control characters are dropped.
    paste(&mut app, "\tdua\r\ntiga\u{7}\r\n");
    assert_eq!(field(&app, "summary"), "Dikunjungi q dua tiga");
    // Pasted at the cursor, which ends after the paste.
    press(&mut app, "<home>");
    paste(&mut app, "Ibu ");
    press(&mut app, "X");
    assert_eq!(field(&app, "summary"), "Ibu XDikunjungi q dua tiga");
    // Enter still saves, with what was pasted.
    let fx = press(&mut app, "<end><enter>");
    assert!(matches!(&fx[..], [Effect::Save { .. }]), "{fx:?}");
}

#[test]
fn a_paste_never_moves_the_focus_or_ticks_a_box() {
    let mut app = app();
    World::new(100).keys(&mut app, " j a");
    let Overlay::Form(e) = &mut app.overlay else {
        panic!("the group form opens");
    };
    e.form.focus_on("attend01");
    let fx = paste(&mut app, " \t\n ");
    assert!(fx.is_empty());
    assert_eq!(focused(&app), "attend01");
    assert_eq!(
        field(&app, "attend01"),
        "1",
        "a pasted space does not untick"
    );
}

#[test]
fn a_paste_into_a_choice_picks_by_its_first_letters() {
    let mut app = app();
    press(&mut app, "a");
    let Overlay::Form(e) = &mut app.overlay else {
        panic!()
    };
    e.form.focus_on("kind");
    paste(&mut app, "kasus\n");
    assert_eq!(field(&app, "kind"), "kasus");
    assert_eq!(focused(&app), "kind");
}

#[test]
fn a_paste_on_the_list_searches_for_it() {
    let mut app = app();
    let fx = paste(&mut app, "siti\naminah\n");
    assert!(matches!(&app.overlay, Overlay::Search(i) if i.value() == "siti aminah"));
    assert_eq!(app.caseload.filter_text, "siti aminah");
    assert_eq!(list_pages(&fx).len(), 1, "one query for the whole paste");
    // Pasting into the open box adds to it.
    paste(&mut app, " curug");
    assert_eq!(app.caseload.filter_text, "siti aminah curug");
}

#[test]
fn a_paste_on_the_command_line_is_typed_not_run() {
    let mut app = app();
    press(&mut app, ":");
    let fx = paste(&mut app, "keluar\n");
    assert!(fx.is_empty());
    assert!(!app.quit, "the pasted line break does not run it");
    assert!(matches!(&app.overlay, Overlay::CommandLine(i) if i.value() == "keluar"));
}

#[test]
fn a_paste_where_no_text_is_typed_does_nothing() {
    let mut app = app();
    press(&mut app, "?");
    assert!(paste(&mut app, "q\n").is_empty());
    assert!(matches!(app.overlay, Overlay::Help { .. }));
    assert!(!app.quit);
}
