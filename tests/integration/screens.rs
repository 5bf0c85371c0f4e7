//! Screen snapshots (TestBackend) of the main screen at 80x24 and 120x40, in both
//! languages, in colour and with the NO_COLOR monochrome theme, plus style checks on the
//! cells where colour or reverse video carries meaning (snapshots record text only).

use crate::common;

use common::{app, demo_db, keys};
use pilar::app::App;
use pilar::domain::Lang;
use pilar::store::Store;
use pilar::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn render(app: &App, theme: &Theme, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app, theme)).unwrap();
    t
}

fn text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// The cell where `needle` starts on screen, left of column `max_x`.
fn find(buf: &Buffer, needle: &str, max_x: usize) -> Option<(u16, u16)> {
    let t = text(buf);
    for (y, line) in t.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let n: Vec<char> = needle.chars().collect();
        for x in 0..chars.len().saturating_sub(n.len()).min(max_x) {
            if chars[x..x + n.len()] == n[..] {
                return Some((x as u16, y as u16));
            }
        }
    }
    None
}

macro_rules! screen_test {
    ($name:ident, $lang:expr, $color:expr, $w:expr, $h:expr) => {
        #[test]
        fn $name() {
            let demo = demo_db(462, 1, 1);
            let store = Store::open(&demo.path).unwrap();
            let mut app = app(&store, $lang, $w, $h);
            keys(&mut app, &store, "jj");
            let t = render(&app, &Theme::new($color, false), $w, $h);
            insta::assert_snapshot!(stringify!($name), t.backend());
        }
    };
}

screen_test!(main_80x24_id, Lang::Id, true, 80, 24);
screen_test!(main_80x24_en, Lang::En, true, 80, 24);
screen_test!(main_120x40_id, Lang::Id, true, 120, 40);
screen_test!(main_120x40_en, Lang::En, true, 120, 40);
screen_test!(main_80x24_id_no_color, Lang::Id, false, 80, 24);
screen_test!(main_120x40_en_no_color, Lang::En, false, 120, 40);

#[test]
fn four_panes_and_the_status_bar_are_visible_at_80x24() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for lang in [Lang::Id, Lang::En] {
        let app = app(&store, lang, 80, 24);
        let t = render(&app, &Theme::new(true, false), 80, 24);
        let s = text(t.backend().buffer());
        let (list, detail, log, gauge, help) = match lang {
            Lang::Id => (
                "KPM aktif",
                "Detail keluarga",
                "Kegiatan keluarga",
                "Graduasi 2026",
                "Bantuan",
            ),
            Lang::En => (
                "Active households",
                "Household",
                "Household activities",
                "Graduations 2026",
                "Help",
            ),
        };
        for needle in [list, detail, log, gauge, help, "/10"] {
            assert!(s.contains(needle), "{needle:?} missing in\n{s}");
        }
    }
}

#[test]
fn selected_row_is_visible_in_colour_and_in_monochrome() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let app = app(&store, Lang::Id, 80, 24);
    let name = app.caseload.list.selected_row().unwrap().name.clone();
    let short: String = name.chars().take(8).collect();

    let t = render(&app, &Theme::new(true, false), 80, 24);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, &short, 46).expect("selected name in the list");
    assert_eq!(
        buf[(x, y)].bg,
        Color::Cyan,
        "colour theme highlights with a background"
    );

    let t = render(&app, &Theme::new(false, false), 80, 24);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, &short, 46).unwrap();
    let cell = &buf[(x, y)];
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "monochrome uses reverse video"
    );
    assert_eq!(cell.fg, Color::Reset);
    assert_eq!(cell.bg, Color::Reset);
    // No cell anywhere carries a colour in the monochrome theme.
    for c in buf.content() {
        assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "{c:?}");
    }
}

#[test]
fn only_the_16_named_colours_are_used() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 120, 40);
    keys(&mut app, &store, "?");
    let t = render(&app, &Theme::new(true, false), 120, 40);
    for c in t.backend().buffer().content() {
        for color in [c.fg, c.bg] {
            assert!(
                !matches!(color, Color::Rgb(..) | Color::Indexed(_)),
                "{color:?} is not one of the 16 named colours"
            );
        }
    }
}

#[test]
fn ascii_mode_draws_no_box_or_block_characters() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let app = app(&store, Lang::Id, 80, 24);
    let t = render(&app, &Theme::new(false, true), 80, 24);
    let s = text(t.backend().buffer());
    assert!(s.contains("+-"), "ASCII borders");
    assert!(s.contains('#') || s.contains("-- "), "ASCII gauge");
    // Names and places are ASCII in the demo, so the whole screen must be.
    assert!(s.is_ascii(), "non-ASCII character in\n{s}");
}

#[test]
fn too_small_terminal_says_so() {
    let demo = demo_db(50, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for (lang, needle) in [(Lang::Id, "terlalu kecil"), (Lang::En, "too small")] {
        let app = app(&store, lang, 70, 20);
        let t = render(&app, &Theme::new(true, false), 70, 20);
        let s = text(t.backend().buffer());
        assert!(s.contains(needle), "{s}");
        assert!(s.contains("80x24"));
    }
}

#[test]
fn help_overlay_lists_every_binding() {
    let demo = demo_db(50, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::En, 120, 80);
    keys(&mut app, &store, "<f1>");
    let t = render(&app, &Theme::new(true, false), 120, 80);
    let s = text(t.backend().buffer());
    for b in pilar::keymap::BINDINGS {
        for name in b.names {
            assert!(s.contains(&format!(":{name}")), "{name} missing");
        }
        let shown: String = pilar::i18n::tr(Lang::En, b.help).chars().take(30).collect();
        assert!(s.contains(&shown), "{shown} missing");
    }
    insta::assert_snapshot!("help_120x80_en", t.backend());
}

#[test]
fn agenda_and_forms_at_80x24() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "2");
    let t = render(&app, &Theme::new(true, false), 80, 24);
    insta::assert_snapshot!("agenda_80x24_id", t.backend());
    let mut app = common::app(&store, Lang::En, 80, 24);
    keys(&mut app, &store, "aHouse leaks<tab><tab>+7");
    let t = render(&app, &Theme::new(true, false), 80, 24);
    let s = text(t.backend().buffer());
    assert!(
        s.contains("Sunday, 6 December 2026"),
        "the understood date in full:\n{s}"
    );
    insta::assert_snapshot!("activity_form_80x24_en", t.backend());
}

#[test]
fn hostile_names_draw_as_inert_text() {
    let demo = demo_db(462, 1, 1);
    common::write_hostile_name(&demo.path);
    let store = Store::open(&demo.path).unwrap();
    let app = app(&store, Lang::Id, 80, 24);
    let t = render(&app, &Theme::new(true, false), 80, 24);
    for c in t.backend().buffer().content() {
        assert!(
            !c.symbol().chars().any(pilar::domain::text::is_hostile),
            "{:?}",
            c.symbol()
        );
    }
    insta::assert_snapshot!("hostile_name_80x24_id", t.backend());
}
