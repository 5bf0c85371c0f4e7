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
    // Tall enough for every row (the review's and the life events' rows made 120 lines too few).
    let mut app = app(&store, Lang::En, 120, 150);
    keys(&mut app, &store, "<f1>");
    let t = render(&app, &Theme::new(true, false), 120, 150);
    let s = text(t.backend().buffer());
    for b in pilar::keymap::BINDINGS {
        for name in b.names {
            assert!(s.contains(&format!(":{name}")), "{name} missing");
        }
        let shown: String = pilar::i18n::tr(Lang::En, b.help).chars().take(30).collect();
        assert!(s.contains(&shown), "{shown} missing");
    }
    insta::assert_snapshot!("help_120x150_en", t.backend());
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

/// The open form's box, found by its title: the text inside its borders, a row each.
fn form_rows(buf: &Buffer, title: &str) -> Vec<String> {
    let rows: Vec<Vec<String>> = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    let corner = |s: &str| matches!(s, "╭" | "┌" | "+");
    let (top, left) = rows
        .iter()
        .enumerate()
        .find_map(|(y, row)| {
            let line: String = row.concat();
            let at = line.find(title)?;
            let col = line[..at].chars().count();
            (0..col).rev().find(|&x| corner(&row[x])).map(|x| (y, x))
        })
        .unwrap_or_else(|| panic!("no form titled {title:?} in\n{}", text(buf)));
    let right = (left + 1..rows[top].len())
        .find(|&x| matches!(rows[top][x].as_str(), "╮" | "┐" | "+"))
        .expect("the form's right corner");
    rows[top + 1..]
        .iter()
        .take_while(|row| !matches!(row[left].as_str(), "╰" | "└" | "+"))
        .map(|row| row[left + 1..right].concat())
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `message` is on screen whole inside the form (wrapped over rows is fine).
fn whole_in_form(buf: &Buffer, title: &str, message: &str) -> bool {
    collapse(&form_rows(buf, title).join(" ")).contains(&collapse(message))
}

fn open_entry(app: &App) -> &pilar::app::entry::Entry {
    match &app.overlay {
        pilar::app::Overlay::Form(e) => e,
        _ => panic!("no form open"),
    }
}

fn household_title(lang: Lang) -> &'static str {
    pilar::i18n::tr(lang, pilar::i18n::T::FormHouseholdNew)
}

/// Five school children besides the pengurus: one component person too many.
fn five_children() -> String {
    let mut script =
        "n3324040101259999<tab>Ibu Sari<tab>3324046505900999<tab><tab><tab><tab>".to_string();
    for (name, nik) in [
        ("Ani", "3324045506160901"),
        ("Budi", "3324040506160902"),
        ("Cici", "3324045506150903"),
        ("Dodi", "3324040506140904"),
        ("Euis", "3324045506130905"),
    ] {
        script.push_str(&format!(
            "<c-n>{name}<tab>{nik}<tab><tab><tab>anak<tab>sd<tab>"
        ));
    }
    script.push_str("<c-s>");
    script
}

/// Issue 14 section 2 (field test D2, D3; adversarial test F5): every refusal of a save is
/// drawn in the form, whole (wrapped inside it), at 80x24 and 120x40, in both languages.
#[test]
fn refusals_are_drawn_whole_in_the_form() {
    let demo = demo_db(80, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let theme = Theme::new(true, false);
    for (w, h) in [(80, 24), (120, 40)] {
        for lang in [Lang::Id, Lang::En] {
            let title = household_title(lang);
            // A fifth component person: the rule and the people, for the whole form.
            let mut app = common::app(&store, lang, w, h);
            keys(&mut app, &store, &five_children());
            let message = open_entry(&app).form.error.clone().expect("refused");
            assert!(message.contains("Euis"), "{message}");
            let t = render(&app, &theme, w, h);
            let buf = t.backend().buffer();
            assert!(
                whole_in_form(buf, title, &message),
                "{w}x{h}: {message:?} not whole in\n{}",
                text(buf)
            );
            if lang == Lang::Id {
                insta::assert_snapshot!(format!("fifth_component_{w}x{h}_id"), t.backend());
            }
            // A spreadsheet's number in No KK and NIK: each reason whole, under its field.
            let mut app = common::app(&store, lang, w, h);
            keys(
                &mut app,
                &store,
                "n3.32404E+15<tab>Siti<tab>3.32402E+15<c-s>",
            );
            let t = render(&app, &theme, w, h);
            let buf = t.backend().buffer();
            for key in ["no_kk", "m1.nik"] {
                let err = open_entry(&app)
                    .form
                    .field(key)
                    .unwrap()
                    .error
                    .clone()
                    .unwrap();
                assert!(
                    whole_in_form(buf, title, &err),
                    "{w}x{h} {key}: {err:?} not whole in\n{}",
                    text(buf)
                );
            }
            // Esc on a form taller than the screen: the question is on screen.
            keys(&mut app, &store, "<esc>");
            let t = render(&app, &theme, w, h);
            let question = pilar::i18n::tr(lang, pilar::i18n::T::FormConfirmDiscard);
            assert!(
                whole_in_form(t.backend().buffer(), title, question),
                "{w}x{h}: the discard question is not whole in\n{}",
                text(t.backend().buffer())
            );
        }
    }
}

/// A duplicate in one's own caseload: the family, the number and the key that opens it,
/// under the field and in the status bar.
#[test]
fn a_duplicate_is_drawn_with_the_key_that_opens_it() {
    let demo = demo_db(80, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let nik: String = common::one(
        &demo.path,
        "SELECT m.nik FROM members m JOIN households h ON h.id = m.household_id
         WHERE h.status = 'aktif' AND m.deleted = 0 LIMIT 1",
    );
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = common::app(&store, Lang::Id, w, h);
        keys(
            &mut app,
            &store,
            &format!("n3324040101259999<tab>Orang Baru<tab>{nik}<c-s>"),
        );
        let message = open_entry(&app).refusal.clone().expect("refused").message;
        assert!(message.contains("Ctrl-o"), "{message}");
        let t = render(&app, &Theme::new(true, false), w, h);
        let buf = t.backend().buffer();
        assert!(
            whole_in_form(buf, household_title(Lang::Id), &message),
            "{w}x{h}: {message:?} not whole in\n{}",
            text(buf)
        );
        let status = text(buf).lines().last().unwrap().to_string();
        assert!(status.contains("Ctrl-o Buka"), "{status}");
        assert!(status.contains("Ctrl-s Simpan"), "{status}");
    }
}

/// The adversarial test's 5.1: the save of a copy another session changed is refused in
/// the form, with what is stored now.
#[test]
fn a_stale_edit_is_drawn_with_what_is_stored_now() {
    let demo = demo_db(60, 1, 1);
    let store_a = Store::open(&demo.path).unwrap();
    let store_b = Store::open(&demo.path).unwrap();
    let mut a = app(&store_a, Lang::En, 80, 24);
    let mut b = app(&store_b, Lang::En, 80, 24);
    keys(&mut b, &store_b, "e");
    keys(&mut a, &store_a, "e");
    let pilar::app::Overlay::Form(entry) = &mut a.overlay else {
        panic!("no form")
    };
    entry.form.focus_on("phone");
    keys(&mut a, &store_a, "<c-u>081111111111<c-s>");
    let pilar::app::Overlay::Form(entry) = &mut b.overlay else {
        panic!("no form")
    };
    entry.form.focus_on("rt");
    keys(&mut b, &store_b, "<c-u>009<c-s>");
    let message = open_entry(&b).refusal.clone().expect("refused").message;
    assert!(message.contains("Phone 081111111111"), "{message}");
    let t = render(&b, &Theme::new(true, false), 80, 24);
    let buf = t.backend().buffer();
    let title = open_entry(&b).form.title.clone();
    assert!(
        whole_in_form(buf, &title, &message),
        "{message:?} not whole in\n{}",
        text(buf)
    );
}

/// The field test's D18 on screen: the graduation's reasons name the kind, whole.
#[test]
fn graduation_errors_are_drawn_whole_naming_the_kind() {
    let demo = demo_db(80, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "LUsaha stabil<enter>");
    let t = render(&app, &Theme::new(true, false), 80, 24);
    let buf = t.backend().buffer();
    let title = open_entry(&app).form.title.clone();
    let needed = "Graduasi sejahtera mandiri perlu surat pernyataan yang ditandatangani";
    assert!(whole_in_form(buf, &title, needed), "{}", text(buf));
    assert!(whole_in_form(
        buf,
        &title,
        "Graduasi sejahtera mandiri perlu asesmen"
    ));
}

/// The field test's D13: on the "too small" notice, keys are not typed into the hidden
/// form, and `q` with typed text asks first, on the notice itself.
#[test]
fn the_too_small_notice_asks_before_q_loses_a_typed_form() {
    let demo = demo_db(50, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    let mut app = common::app(&store, Lang::Id, 80, 24);
    keys(&mut app, &store, "aKunjungan");
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::Resize(60, 20));
    keys(&mut app, &store, "Xq");
    assert!(!app.quit);
    let t = render(&app, &Theme::new(true, false), 60, 20);
    let s = collapse(&text(t.backend().buffer()));
    assert!(s.contains("terlalu kecil"), "{s}");
    assert!(
        s.contains("q sekali lagi untuk keluar tanpa menyimpan"),
        "{s}"
    );
    pilar::runtime::dispatch(&mut app, &store, pilar::app::Action::Resize(80, 24));
    assert_eq!(open_entry(&app).form.value("summary"), "Kunjungan");
}

/// Voiding asks before it writes: the whole question is on screen, in a one-field form.
#[test]
fn the_void_question_is_drawn_whole() {
    let demo = demo_db(60, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for (w, h) in [(80, 24), (120, 40)] {
        for lang in [Lang::Id, Lang::En] {
            let mut app = common::app(&store, lang, w, h);
            keys(&mut app, &store, "Ds<enter>");
            let question = open_entry(&app).form.error.clone().expect("asks first");
            let title = open_entry(&app).form.title.clone();
            let t = render(&app, &Theme::new(true, false), w, h);
            let buf = t.backend().buffer();
            assert!(
                whole_in_form(buf, &title, &question),
                "{w}x{h}: {question:?} not whole in\n{}",
                text(buf)
            );
        }
    }
}

/// The gauge writes its numbers with the thousands separator the rest of the screen uses
/// (issue 12, item 6): "11.002/20.000" in Indonesian, "11,002/20,000" in English.
#[test]
fn the_gauge_groups_thousands_as_elsewhere() {
    let demo = demo_db(30, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for (lang, shown) in [(Lang::Id, "11.002/20.000"), (Lang::En, "11,002/20,000")] {
        let mut app = app(&store, lang, 80, 24);
        app.gauge.counted = 11_002;
        app.gauge.target = 20_000;
        let t = render(&app, &Theme::new(true, false), 80, 24);
        assert!(
            find(t.backend().buffer(), shown, 80).is_some(),
            "{lang:?}: {}",
            text(t.backend().buffer())
        );
    }
}

/// The household's P2K2 group is a line of its own in the detail: after the other facts
/// a group's name ("Curugsewu 3") wrapped and left its number to start the next line.
#[test]
fn the_p2k2_group_is_not_split_from_its_name_at_80x24() {
    let demo = demo_db(462, 1, 1);
    let store = Store::open(&demo.path).unwrap();
    for (lang, group) in [
        (Lang::Id, "Kelompok Curugsewu 3:"),
        (Lang::En, "Group Curugsewu 3:"),
    ] {
        let mut app = app(&store, lang, 80, 24);
        keys(&mut app, &store, "jj");
        let t = render(&app, &Theme::new(true, false), 80, 24);
        let s = text(t.backend().buffer());
        let line = s
            .lines()
            .find(|l| l.contains("P2K2"))
            .unwrap_or_else(|| panic!("no P2K2 line in\n{s}"));
        assert!(
            line.contains(group),
            "{group:?} not whole beside P2K2 in\n{s}"
        );
    }
}
