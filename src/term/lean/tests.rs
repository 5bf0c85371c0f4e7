use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::Lean;
use crate::term::ClassicSgr;

const W: u16 = 40;
const H: u16 = 10;

/// A tiny deterministic generator (the frames must be the same on every run).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const COLOURS: [Color; 8] = [
    Color::Reset,
    Color::Red,
    Color::LightGreen,
    Color::Gray,
    Color::White,
    Color::Blue,
    Color::DarkGray,
    Color::Indexed(3),
];
const MODIFIERS: [Modifier; 5] = [
    Modifier::empty(),
    Modifier::BOLD,
    Modifier::REVERSED,
    Modifier::UNDERLINED,
    Modifier::BOLD.union(Modifier::UNDERLINED),
];
// Wide characters are not drawn at random: overwriting half of one leaves terminals and
// ratatui's buffer disagreeing whatever the backend (ratatui's own fails this test with
// them); `a_wide_character_is_followed_by_an_absolute_move` covers them.
const TEXT: [&str; 7] = [
    "Siti Aminah",
    "Curugsewu",
    "│",
    "─",
    "é",
    "a b",
    "            ",
];

fn style(g: &mut Gen) -> Style {
    Style::default()
        .fg(COLOURS[g.below(8) as usize])
        .bg(COLOURS[g.below(4) as usize])
        .add_modifier(MODIFIERS[g.below(5) as usize])
}

/// A frame: the previous one with some runs of text written over it (names, borders, a
/// wide character), in a few styles, like a pane's text following the selection.
fn mutate(g: &mut Gen, buf: &mut Buffer) {
    for _ in 0..g.below(12) + 1 {
        let x = g.below(u64::from(W)) as u16;
        let y = g.below(u64::from(H)) as u16;
        let text = TEXT[g.below(TEXT.len() as u64) as usize];
        buf.set_stringn(x, y, text, usize::from(W - x), style(g));
    }
}

fn vt_colour(c: Color) -> vt100::Color {
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Red => vt100::Color::Idx(1),
        Color::Blue => vt100::Color::Idx(4),
        Color::Gray => vt100::Color::Idx(7),
        Color::DarkGray => vt100::Color::Idx(8),
        Color::LightGreen => vt100::Color::Idx(10),
        Color::White => vt100::Color::Idx(15),
        Color::Indexed(n) => vt100::Color::Idx(n),
        other => panic!("no test colour {other:?}"),
    }
}

/// The terminal shows exactly the buffer: every cell's text, colours and attributes.
fn same(screen: &vt100::Screen, buf: &Buffer, frame: usize) {
    for y in 0..H {
        for x in 0..W {
            let want = &buf[(x, y)];
            let got = screen.cell(y, x).expect("cell on screen");
            if got.is_wide_continuation() {
                continue;
            }
            let at = format!("frame {frame} cell ({x}, {y})");
            // The emulator holds a blank cell as nothing.
            let text = if got.has_contents() {
                got.contents()
            } else {
                " "
            };
            assert_eq!(text, want.symbol(), "{at}");
            assert_eq!(got.fgcolor(), vt_colour(want.fg), "{at} fg");
            assert_eq!(got.bgcolor(), vt_colour(want.bg), "{at} bg");
            assert_eq!(
                got.bold(),
                want.modifier.contains(Modifier::BOLD),
                "{at} bold"
            );
            assert_eq!(
                got.inverse(),
                want.modifier.contains(Modifier::REVERSED),
                "{at} reverse"
            );
            assert_eq!(
                got.underline(),
                want.modifier.contains(Modifier::UNDERLINED),
                "{at} underline"
            );
        }
    }
}

fn options() -> TerminalOptions {
    TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, W, H)),
    }
}

/// Draws `frames` through `Lean` into a terminal emulator and checks the screen after each;
/// returns the bytes written.
fn through_lean(frames: &[Buffer], clear_at: Option<usize>) -> usize {
    let mut term = Terminal::with_options(Lean::new(Vec::new()), options()).unwrap();
    let mut parser = vt100::Parser::new(H, W, 0);
    let mut seen = 0;
    for (i, frame) in frames.iter().enumerate() {
        if clear_at == Some(i) {
            // As after Ctrl-l or a resize (the whole screen cleared, drawn again).
            term.resize(Rect::new(0, 0, W, H)).unwrap();
        }
        term.draw(|f| f.buffer_mut().clone_from(frame)).unwrap();
        let bytes = term.backend().writer();
        parser.process(&bytes[seen..]);
        seen = bytes.len();
        same(parser.screen(), frame, i);
    }
    seen
}

fn frames(seed: u64, n: usize) -> Vec<Buffer> {
    let mut g = Gen(seed);
    let mut buf = Buffer::empty(Rect::new(0, 0, W, H));
    (0..n)
        .map(|_| {
            mutate(&mut g, &mut buf);
            buf.clone()
        })
        .collect()
}

#[test]
fn the_screen_shows_every_frame_exactly() {
    for seed in 0..40 {
        through_lean(&frames(seed, 30), None);
    }
}

#[test]
fn the_screen_stays_exact_after_a_clear() {
    for seed in 100..110 {
        through_lean(&frames(seed, 20), Some(7));
    }
}

/// Counts the bytes written through it (shared, to read while a terminal owns it).
#[derive(Default, Clone)]
struct Counted(std::rc::Rc<std::cell::Cell<usize>>);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn it_writes_fewer_bytes_than_the_crossterm_backend() {
    let frames = frames(7, 60);
    let lean = through_lean(&frames, None);
    let written = Counted::default();
    let mut term = Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(ClassicSgr::new(written.clone())),
        options(),
    )
    .unwrap();
    for frame in &frames {
        term.draw(|f| f.buffer_mut().clone_from(frame)).unwrap();
    }
    let crossterm = written.0.get();
    assert!(
        lean * 10 < crossterm * 8,
        "lean {lean} bytes, crossterm {crossterm}"
    );
}

#[test]
fn an_unchanged_frame_writes_nothing_but_a_changed_cell_one_move() {
    let frames = frames(3, 2);
    let mut term = Terminal::with_options(Lean::new(Vec::new()), options()).unwrap();
    term.draw(|f| f.buffer_mut().clone_from(&frames[0]))
        .unwrap();
    let first = term.backend().writer().len();
    term.draw(|f| f.buffer_mut().clone_from(&frames[0]))
        .unwrap();
    assert_eq!(term.backend().writer().len(), first, "nothing changed");
    let mut next = frames[0].clone();
    next[(5, 5)].set_symbol("Z").set_style(Style::default());
    term.draw(|f| f.buffer_mut().clone_from(&next)).unwrap();
    let wrote = &term.backend().writer()[first..];
    // One move (relative or absolute, whichever is shorter) and the letter.
    assert!(
        wrote.len() <= 8 && wrote.ends_with(b"Z"),
        "{:?}",
        String::from_utf8_lossy(wrote)
    );
}

#[test]
fn a_wide_character_is_followed_by_an_absolute_move() {
    let mut term = Terminal::with_options(Lean::new(Vec::new()), options()).unwrap();
    let mut frame = Buffer::empty(Rect::new(0, 0, W, H));
    frame.set_string(3, 2, "字", Style::default());
    frame.set_string(5, 2, "Z", Style::default());
    term.draw(|f| f.buffer_mut().clone_from(&frame)).unwrap();
    let bytes = term.backend().writer().clone();
    let mut parser = vt100::Parser::new(H, W, 0);
    parser.process(&bytes);
    same(parser.screen(), &frame, 0);
    // Where the cursor stands after a wide character is the terminal's business.
    assert!(
        String::from_utf8_lossy(&bytes).contains("字\x1b[3;6HZ"),
        "{:?}",
        String::from_utf8_lossy(&bytes)
    );
}

#[test]
fn the_first_row_of_the_first_frame_is_written_as_one_run() {
    // Before, the writer knew the screen's width only from the cells written so far, so
    // on the first row every cell looked like the last column (a pending wrap) and got an
    // absolute move of its own.
    let mut term = Terminal::with_options(Lean::new(Vec::new()), options()).unwrap();
    let mut frame = Buffer::empty(Rect::new(0, 0, W, H));
    frame.set_string(0, 0, "Graduasi 2026 Siti Rahayu", Style::default());
    term.draw(|f| f.buffer_mut().clone_from(&frame)).unwrap();
    let bytes = term.backend().writer().clone();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("Graduasi 2026 Siti Rahayu"), "{text:?}");
    let mut parser = vt100::Parser::new(H, W, 0);
    parser.process(&bytes);
    same(parser.screen(), &frame, 0);
}
