//! At home in any terminal (issue 12): the help readable at 80x24 (wrapped, never cut,
//! scrollable to its end) and the status bar's most used keys, as snapshots in both
//! languages; the ASCII theme's screen holds no byte above 127; the palettes' colours on
//! the cells that matter; `--theme`/`PILAR_THEME` refused with a clear message; and lists
//! that say what they show at 80x24: the sort arrow, the team table's position, the
//! supervisor agenda's facilitator column.

use crate::common;

use common::{app, demo_db, keys};
use pilar::app::App;
use pilar::domain::Lang;
use pilar::store::Store;
use pilar::ui::theme::Palette;
use pilar::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

fn render(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| ui::draw(f, app, theme)).unwrap();
    t
}

fn status_line(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    (0..80).map(|x| buf[(x, 23)].symbol()).collect()
}

#[test]
fn the_help_at_80x24_wraps_and_scrolls_to_its_end() {
    let demo = demo_db(50, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for (lang, name) in [(Lang::Id, "help_80x24_id"), (Lang::En, "help_80x24_en")] {
        let mut app = app(&store, lang, 80, 24);
        keys(&mut app, &store, "?");
        let t = render(&app, &Theme::new(true, false));
        insta::assert_snapshot!(name, t.backend());
        keys(&mut app, &store, "G");
        let t = render(&app, &Theme::new(true, false));
        insta::assert_snapshot!(format!("{name}_end"), t.backend());
    }
}

#[test]
fn the_status_bar_keeps_the_most_used_keys_at_80_columns() {
    let demo = demo_db(50, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut bars = Vec::new();
    for lang in [Lang::Id, Lang::En] {
        for ascii in [false, true] {
            let app = app(&store, lang, 80, 24);
            let t = render(&app, &Theme::new(true, ascii));
            let bar = status_line(&t);
            for key in ["n ", "2 ", "Space ", "a ", "/ ", "? ", "q "] {
                assert!(
                    bar.contains(key),
                    "{lang:?} ascii {ascii}: {key:?} missing in {bar:?}"
                );
            }
            bars.push(format!("{lang:?} ascii={ascii}: {}", bar.trim_end()));
        }
    }
    // On the agenda: done, and still help and quit.
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "2");
    let bar = status_line(&render(&app, &Theme::new(true, true)));
    assert!(
        bar.contains("d ") && bar.contains("? ") && bar.contains("q "),
        "{bar}"
    );
    bars.push(format!("Id agenda ascii=true: {}", bar.trim_end()));
    insta::assert_snapshot!("status_bar_80", bars.join("\n"));
}

#[test]
fn the_ascii_theme_draws_nothing_but_ascii_on_every_screen() {
    let demo = demo_db(80, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let theme = Theme::new(true, true);
    for script in ["", "/sit", "/sit<enter>?", "2", "a", "n", "s", ":gra"] {
        for lang in [Lang::Id, Lang::En] {
            let mut app = app(&store, lang, 80, 24);
            keys(&mut app, &store, script);
            let t = render(&app, &theme);
            for cell in t.backend().buffer().content.iter() {
                assert!(
                    cell.symbol().is_ascii(),
                    "{script:?} {lang:?}: {:?}",
                    cell.symbol()
                );
            }
        }
    }
}

#[test]
fn no_palette_draws_dark_gray_and_the_light_one_no_pale_text() {
    let demo = demo_db(80, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for palette in [Palette::Dark, Palette::Light] {
        let theme = Theme::with_palette(palette, true, false);
        for script in ["", "?", "2", "a"] {
            let mut app = app(&store, Lang::Id, 80, 24);
            keys(&mut app, &store, script);
            let t = render(&app, &theme);
            for cell in t.backend().buffer().content.iter() {
                assert_ne!(cell.fg, Color::DarkGray, "{palette:?} {script:?}");
                if palette == Palette::Light && cell.bg == Color::Reset && cell.symbol() != " " {
                    assert!(
                        !matches!(
                            cell.fg,
                            Color::Yellow | Color::Cyan | Color::Green | Color::Gray
                        ),
                        "{script:?}: {:?} in {:?} on a light background",
                        cell.symbol(),
                        cell.fg
                    );
                }
            }
        }
    }
}

#[test]
fn an_unknown_theme_is_refused_naming_the_flag_or_the_variable() {
    let run = |args: &[&str], env: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pilar"));
        cmd.args(args)
            .env_remove("PILAR_THEME")
            .env_remove("PILAR_LANG");
        if let Some(v) = env {
            cmd.env("PILAR_THEME", v);
        }
        cmd.output().unwrap()
    };
    let out = run(
        &["--theme", "solarized", "verify", "--db", "/nonexistent"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--theme") && err.contains("solarized"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let out = run(
        &["--lang", "en", "verify", "--db", "/nonexistent"],
        Some("blue"),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("PILAR_THEME") && err.contains("unknown theme blue"),
        "{err}"
    );
    // An empty variable counts as unset: the command goes on (and fails on its own).
    let out = run(&["verify", "--db", "/nonexistent"], Some(""));
    assert_ne!(out.status.code(), Some(2));
}

fn screen(t: &Terminal<TestBackend>) -> Vec<String> {
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn the_sort_arrow_shows_at_80_columns_on_every_column_it_sorts() {
    let demo = demo_db(60, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for lang in [Lang::Id, Lang::En] {
        let mut app = app(&store, lang, 80, 24);
        for _ in 0..6 {
            keys(&mut app, &store, "s");
            let column = app.caseload.sort.column;
            let lines = screen(&render(&app, &Theme::new(true, true)));
            // The header row of the list (left pane, under its top border).
            let header = &lines[4][..46];
            if column == pilar::model::SortColumn::Name {
                continue;
            }
            assert_eq!(
                header.matches('^').count(),
                1,
                "{lang:?} {column:?}: {header:?}"
            );
            let days = if lang == Lang::Id { "Hari^" } else { "Days^" };
            if column == pilar::model::SortColumn::Days {
                assert!(header.contains(days), "{header:?}");
            }
        }
    }
}

#[test]
fn the_team_table_shows_its_position_when_it_scrolls() {
    let demo = demo_db(240, 12, 3);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app_as(&store, "korkab", Lang::Id);
    keys(&mut app, &store, "3");
    let find = |app: &App| -> String {
        let lines = screen(&render(app, &Theme::new(true, false)));
        lines
            .iter()
            .find(|l| l.contains("/12 "))
            .cloned()
            .unwrap_or_default()
    };
    let on_total = find(&app);
    assert!(on_total.contains(" 1-"), "{on_total:?}");
    keys(&mut app, &store, "jjj");
    assert!(find(&app).contains(" 3/12 "), "{}", find(&app));
    keys(&mut app, &store, "G");
    assert!(find(&app).contains(" 12/12 "), "{}", find(&app));
}

#[test]
fn the_supervisors_agenda_says_whose_follow_up_it_is() {
    let demo = demo_db(240, 12, 3);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app_as(&store, "korkab", Lang::Id);
    keys(&mut app, &store, "2");
    assert!(app.agenda.total > 0);
    let lines = screen(&render(&app, &Theme::new(true, false)));
    assert!(lines[4].contains("Pendamping"), "{}", lines.join("\n"));
    let name = app.agenda.rows[(app.agenda.offset - app.agenda.rows_from) as usize]
        .facilitator
        .clone();
    assert!(!name.is_empty());
    let short: String = name.chars().take(10).collect();
    assert!(lines[5].contains(&short), "{name}: {}", lines[5]);
    insta::assert_snapshot!("agenda_supervisor_80x24_id", lines.join("\n"));
    // A facilitator's own agenda has no such column.
    let demo = demo_db(60, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut own = common::app(&store, Lang::Id, 80, 24);
    keys(&mut own, &store, "2");
    let lines = screen(&render(&own, &Theme::new(true, false)));
    assert!(!lines[4].contains("Pendamping"), "{}", lines[4]);
}

#[test]
fn a_supervisors_status_bar_offers_no_key_they_may_not_use() {
    let demo = demo_db(240, 12, 3);
    let store = Store::open(&demo.path).unwrap();
    let app = common::app_as(&store, "korkab", Lang::Id);
    let bar = status_line(&render(&app, &Theme::new(true, false)));
    assert!(!bar.contains("n Tambah") && !bar.contains("Space"), "{bar}");
    assert!(bar.contains("a Catat") && bar.contains("2 Agenda"), "{bar}");
    assert!(
        bar.contains("? Bantuan") && bar.contains("q Keluar"),
        "{bar}"
    );
}

#[test]
fn the_team_tables_sort_arrow_shows_at_80_columns_on_every_column() {
    let demo = demo_db(240, 12, 3);
    let store = Store::open(&demo.path).unwrap();
    for lang in [Lang::Id, Lang::En] {
        let mut app = common::app_as(&store, "korkab", lang);
        keys(&mut app, &store, "3");
        for _ in 0..9 {
            let lines = screen(&render(&app, &Theme::new(true, true)));
            let header = &lines[4];
            let arrows = header.matches(['^', 'v']).count();
            assert_eq!(arrows, 1, "{lang:?} {:?}: {header:?}", app.team.column);
            keys(&mut app, &store, "s");
        }
    }
}
