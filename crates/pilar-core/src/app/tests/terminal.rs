//! Terminal habits (issue 12, item 1) by key script: Ctrl-l and Ctrl-z ask the shell for
//! work on the terminal; Ctrl-d/Ctrl-u move half a page in lists and Ctrl-u still clears
//! typed text; the `:` line remembers what ran (Up/Down) and completes names with Tab in
//! both languages.

use super::*;
use crate::app::{Overlay, Screen, TerminalOp};

fn line(app: &App) -> String {
    match &app.overlay {
        Overlay::CommandLine(input) => input.value().to_string(),
        other => panic!("the command line is not open: {other:?}"),
    }
}

#[test]
fn ctrl_l_asks_for_a_whole_redraw_and_ctrl_z_to_suspend_from_anywhere() {
    let mut app = app();
    assert!(press(&mut app, "<c-l>").is_empty(), "no store work");
    assert_eq!(app.terminal.take(), Some(TerminalOp::Redraw));
    assert!(press(&mut app, "<c-z>").is_empty());
    assert_eq!(app.terminal.take(), Some(TerminalOp::Suspend));
    // Also with the search box or a form open, which stay as they were.
    press(&mut app, "/sit<c-l>");
    assert_eq!(app.terminal.take(), Some(TerminalOp::Redraw));
    assert!(matches!(&app.overlay, Overlay::Search(i) if i.value() == "sit"));
    World::new(100).keys(&mut app, "<esc>a");
    press(&mut app, "<c-z>");
    assert_eq!(app.terminal.take(), Some(TerminalOp::Suspend));
    assert!(matches!(app.overlay, Overlay::Form(_)));
    // On the "too small" notice too.
    let mut small = super::app();
    small.update(Action::Resize(40, 10));
    press(&mut small, "<c-l>");
    assert_eq!(small.terminal, Some(TerminalOp::Redraw));
}

#[test]
fn ctrl_d_and_ctrl_u_move_half_a_page_in_the_list_and_the_log() {
    let mut app = app();
    let h = app.caseload.list.height;
    assert!(h >= 4, "{h}");
    World::new(100).keys(&mut app, "<c-d>");
    assert_eq!(app.caseload.list.selected, h / 2);
    World::new(100).keys(&mut app, "<c-d><c-d>");
    assert_eq!(app.caseload.list.selected, 3 * (h / 2));
    World::new(100).keys(&mut app, "<c-u>");
    assert_eq!(app.caseload.list.selected, 2 * (h / 2));
    World::new(100).keys(&mut app, "<c-u><c-u><c-u>");
    assert_eq!(app.caseload.list.selected, 0, "stops at the top");
    // The caseload log.
    World::new(100).keys(&mut app, "l<tab><tab>");
    let log_h = app.log.window.height;
    World::new(100).keys(&mut app, "<c-d>");
    assert_eq!(app.log.window.selected, (log_h / 2).max(1));
}

#[test]
fn ctrl_d_moves_half_a_page_on_the_agenda() {
    let mut app = app();
    World::new(100).keys(&mut app, "2");
    assert_eq!(app.screen, Screen::Agenda);
    let before = app.agenda.selected;
    World::new(100).keys(&mut app, "<c-d>");
    let half = (app.agenda.height / 2).max(1);
    assert_eq!(
        app.agenda.selected,
        (before + half).min(app.agenda.total.saturating_sub(1))
    );
    assert!(app.agenda.selected > before || app.agenda.total <= 1);
}

#[test]
fn ctrl_u_still_clears_typed_text_in_the_line_the_search_and_forms() {
    let mut app = app();
    press(&mut app, ":graduasi<c-u>");
    assert_eq!(line(&app), "");
    World::new(100).keys(&mut app, "<esc>/siti<c-u>");
    assert!(matches!(&app.overlay, Overlay::Search(i) if i.value().is_empty()));
    assert_eq!(app.caseload.list.selected, 0, "the list did not move");
}

#[test]
fn the_command_line_remembers_what_ran_this_session() {
    let mut app = app();
    World::new(100).keys(&mut app, ":turun<enter>:cari siti<enter><esc>:awal<enter>");
    assert_eq!(app.line.history(), ["turun", "cari siti", "awal"]);
    press(&mut app, ":ak");
    press(&mut app, "<up>");
    assert_eq!(line(&app), "awal");
    press(&mut app, "<up><up>");
    assert_eq!(line(&app), "turun");
    press(&mut app, "<up>");
    assert_eq!(line(&app), "turun", "stops at the oldest");
    press(&mut app, "<down>");
    assert_eq!(line(&app), "cari siti");
    press(&mut app, "<down><down>");
    assert_eq!(line(&app), "ak", "past the newest: what was being typed");
    // A line run twice in a row is kept once; Enter on what Up found runs it again.
    World::new(100).keys(&mut app, "<esc>:<up><enter>");
    assert_eq!(app.line.history(), ["turun", "cari siti", "awal"]);
}

#[test]
fn tab_completes_command_names_in_both_languages() {
    let mut app = app();
    // `graduasi` and `graduate`: first their common start, then each in turn.
    press(&mut app, ":gra<tab>");
    assert_eq!(line(&app), "gradua");
    press(&mut app, "<tab>");
    assert_eq!(line(&app), "graduasi");
    press(&mut app, "<tab>");
    assert_eq!(line(&app), "graduate");
    press(&mut app, "<tab>");
    assert_eq!(line(&app), "graduasi");
    press(&mut app, "<esc>:histo<tab>");
    assert_eq!(line(&app), "history");
    // A command that takes an argument gets the space before it.
    press(&mut app, "<esc>:simpan-t<tab>");
    assert_eq!(line(&app), "simpan-tampilan ");
    press(&mut app, "<esc>:rij<tab>");
    assert_eq!(line(&app), "rij", "no name starts so");
    press(&mut app, "<esc>:bal<tab>");
    assert_eq!(line(&app), "balik-urutan");
    press(&mut app, "<esc>:ba<tab>");
    let first = line(&app);
    assert!(first.starts_with("ba"), "{first}");
    let found = crate::app::line::candidates(&mut app, "ba");
    assert!(found.len() > 1, "{found:?}");
    assert_eq!(first, found[0]);
    press(&mut app, "<tab>");
    assert_eq!(line(&app), found[1]);
    // Only names that work here: `:selesai` (done) is for the agenda.
    press(&mut app, "<esc>:seles<tab>");
    assert_eq!(line(&app), "seles");
    World::new(100).keys(&mut app, "<esc>2:seles<tab>");
    assert_eq!(line(&app), "selesai ", "it takes an outcome note");
    // And the completed line runs.
    World::new(100).keys(&mut app, "<esc>:dasb<tab><enter>");
    assert_eq!(app.screen, Screen::Dashboard);
}

/// The help at 80 columns: every description whole (its pieces joined), no line wider
/// than its column, and scrolling ends at the help's last line.
#[test]
fn the_help_wraps_every_description_whole_at_80_columns_and_scrolls_to_its_end() {
    use crate::app::help::{self, HelpLine};
    use crate::app::layout::{help_area, width};
    for lang in [Lang::Id, Lang::En] {
        let area = help_area(80, 24);
        let inner = area.width as usize - 2;
        let lines = help::lines(lang, inner, false);
        let text_w = inner - 1 - help::keys_width() - 2;
        let mut texts = Vec::new();
        let mut names_seen = String::new();
        for l in &lines {
            if let HelpLine::Row { text, names, .. } = l {
                let line_w = width(text)
                    + if names.is_empty() {
                        0
                    } else {
                        2 + width(names)
                    };
                assert!(
                    line_w <= text_w,
                    "{lang:?}: {text:?} {names:?} wider than {text_w}"
                );
                if !text.is_empty() {
                    texts.push(text.clone());
                }
                names_seen.push_str(&format!(" {names} "));
            }
        }
        // The descriptions, in table order, each whole: its lines put back together are
        // the text of the table, word for word.
        let mut at = 0;
        for b in crate::keymap::BINDINGS {
            let full: Vec<&str> = crate::i18n::tr(lang, b.help).split_whitespace().collect();
            let mut words: Vec<&str> = Vec::new();
            while words.len() < full.len() {
                let line = texts.get(at).unwrap_or_else(|| panic!("{full:?} cut"));
                words.extend(line.split_whitespace());
                at += 1;
            }
            assert_eq!(words, full, "{lang:?}: a description is cut or mixed");
            for n in b.names {
                assert!(names_seen.contains(&format!(" :{n} ")), "{n} missing");
            }
        }
    }
    // `G` goes to the help's end and no further: the last line at the bottom.
    let mut app = app();
    press(&mut app, "?G");
    let end = help::max_scroll(&app);
    assert!(end > 0);
    assert!(matches!(app.overlay, Overlay::Help { scroll } if u64::from(scroll) == end));
    press(&mut app, "k");
    assert!(matches!(app.overlay, Overlay::Help { scroll } if u64::from(scroll) == end - 1));
}
