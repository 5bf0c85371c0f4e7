//! [`Lean`], the backend every frame goes through: ratatui hands it the cells that changed
//! since the last frame, and it writes them in fewer bytes than ratatui's own crossterm
//! backend, which moves the cursor with an absolute `CSI row;col H` before every run of
//! changed cells and sets the colours and each attribute in separate sequences. Here:
//!
//! - the cursor moves by the shortest way: relative (`CSI n C`, `CSI n B`, `\r`, `\r\n`)
//!   when that is shorter than the absolute position;
//! - a short run of unchanged cells between two changed ones is written again (one byte a
//!   cell) when that is shorter than moving over it, so a name replaced by a name of
//!   about the same letters costs no cursor move at all;
//! - colours and attributes change in one SGR sequence, in the classic codes (30-37,
//!   90-97, 40-47, 100-107: what `ClassicSgr` would make of them anyway), from the
//!   current ones or from a reset, whichever is shorter; the pen is reset once at the end
//!   of a frame only if it is not plain already;
//! - a run of blanks (a line that got shorter) is erased in place (`CSI n X`);
//! - the cursor is hidden once, not at every frame.
//!
//! It keeps a copy of what it wrote (the cells a frame may write again), and trusts it
//! only from a clear of the whole screen (ratatui's own assumption: the screen starts
//! blank). After a wide character, or in the last column, where terminals disagree on
//! where the cursor stands, it positions absolutely again.

use std::cmp::Ordering;
use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::{cursor, execute, queue, terminal};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// Colours and attributes of the text written next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

const PLAIN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

impl Pen {
    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }
}

/// A cell as the copy holds it: a printable ASCII byte in its pen (it can be written again
/// as one byte), or `None` for anything else (a wide or non-ASCII character, part of one).
type Held = Option<(u8, Pen)>;

/// A cell the copy does not hold is blank: the screen was cleared.
const BLANK: Held = Some((b' ', PLAIN));

/// Moving over at most this many unchanged cells may write them again instead.
const MAX_REWRITE: u16 = 8;

pub struct Lean<W: Write> {
    inner: W,
    /// What the screen shows, row by row, since the last clear of the whole screen.
    shadow: Vec<Vec<Held>>,
    /// False after a clear this backend cannot follow: no cell is written again until the
    /// next clear of the whole screen.
    trusted: bool,
    /// Where the next character goes, when known.
    cursor: Option<(u16, u16)>,
    /// The widest column written since the last clear, plus one: the last column as far
    /// as this backend knows (the one after which the cursor's place is uncertain).
    width: u16,
    pen: Pen,
    /// Whether the cursor is hidden, when known.
    hidden: Option<bool>,
    out: Vec<u8>,
}

impl<W: Write> Lean<W> {
    pub fn new(writer: W) -> Lean<W> {
        Lean {
            inner: writer,
            shadow: Vec::new(),
            trusted: true,
            cursor: None,
            width: 0,
            pen: PLAIN,
            hidden: None,
            out: Vec::with_capacity(4096),
        }
    }

    pub fn writer(&self) -> &W {
        &self.inner
    }

    fn held(&self, x: u16, y: u16) -> Held {
        if !self.trusted {
            return None;
        }
        self.shadow
            .get(usize::from(y))
            .and_then(|row| row.get(usize::from(x)).copied())
            .unwrap_or(BLANK)
    }

    fn hold(&mut self, x: u16, y: u16, held: Held) {
        let (x, y) = (usize::from(x), usize::from(y));
        if self.shadow.len() <= y {
            self.shadow.resize_with(y + 1, Vec::new);
        }
        let row = &mut self.shadow[y];
        if row.len() <= x {
            row.resize(x + 1, BLANK);
        }
        row[x] = held;
    }

    /// The pen of cells `from..to` of row `y` if they can all be written again as they
    /// are, in one pen.
    fn rewritable(&self, y: u16, from: u16, to: u16) -> Option<Pen> {
        let mut pen = None;
        for x in from..to {
            let (_, p) = self.held(x, y)?;
            if pen.is_some_and(|q| q != p) {
                return None;
            }
            pen = Some(p);
        }
        pen
    }

    /// Writes the cells `from..to` of row `y` again (they are [`Self::rewritable`]).
    fn rewrite(&mut self, y: u16, from: u16, to: u16) {
        for x in from..to {
            if let Some((b, p)) = self.held(x, y) {
                self.set_pen(p);
                self.out.push(b);
            }
        }
    }

    fn set_pen(&mut self, to: Pen) {
        if self.pen != to {
            sgr(&mut self.out, self.pen, to);
            self.pen = to;
        }
    }

    /// Puts the cursor at `(x, y)` by the shortest way, for a cell to be written in `next`.
    fn move_to(&mut self, x: u16, y: u16, next: Pen) {
        if self.cursor == Some((x, y)) {
            return;
        }
        // The bytes of the way chosen, and where along the row the cells to write again
        // (if any) start; its cost counts those cells too.
        let mut best = absolute(x, y);
        let mut best_cost = best.len();
        let mut best_from = None;
        if let Some((cx, cy)) = self.cursor {
            // Vertical first (keeping the column, or to column 0), then along the row.
            let mut ways: Vec<(Vec<u8>, u16)> = Vec::new();
            match y.cmp(&cy) {
                Ordering::Equal => ways.push((Vec::new(), cx)),
                Ordering::Greater => {
                    ways.push((csi(y - cy, b'B'), cx));
                    if y - cy <= 2 {
                        ways.push((b"\r\n".repeat(usize::from(y - cy)), 0));
                    }
                }
                Ordering::Less => ways.push((csi(cy - y, b'A'), cx)),
            }
            for (vertical, col) in ways {
                let mut starts = vec![(vertical.clone(), col)];
                if col > x {
                    let mut cr = vertical;
                    cr.push(b'\r');
                    starts.push((cr, 0));
                }
                for (prefix, from) in starts {
                    let before = prefix.len();
                    let mut way = prefix.clone();
                    match from.cmp(&x) {
                        Ordering::Equal => {}
                        Ordering::Greater => way.extend(csi(from - x, b'D')),
                        Ordering::Less => way.extend(csi(x - from, b'C')),
                    }
                    if way.len() < best_cost {
                        best_cost = way.len();
                        best = way;
                        best_from = None;
                    }
                    // Or the cells in between written again: short plain text in the pen
                    // that is set, or in the one about to be set.
                    let gap = x.saturating_sub(from);
                    if from < x
                        && gap <= MAX_REWRITE
                        && before + usize::from(gap) < best_cost
                        && self
                            .rewritable(y, from, x)
                            .is_some_and(|p| p == self.pen || p == next)
                    {
                        best_cost = before + usize::from(gap);
                        best = prefix;
                        best_from = Some(from);
                    }
                }
            }
        }
        self.out.extend_from_slice(&best);
        if let Some(from) = best_from {
            self.rewrite(y, from, x);
        }
        self.cursor = Some((x, y));
    }

    /// Erases `n` cells from `(x, y)` in the pen of `cell` (an [`erasable`] blank); the
    /// cursor stays where it was put.
    fn erase(&mut self, x: u16, y: u16, cell: &Cell, n: u16) {
        let pen = Pen::of(cell);
        self.move_to(x, y, pen);
        self.set_pen(pen);
        self.out.extend(csi(n, b'X'));
        for i in 0..n {
            self.hold(x + i, y, Some((b' ', pen)));
        }
        self.width = self.width.max(x + n);
    }

    fn put(&mut self, x: u16, y: u16, cell: &Cell) {
        let pen = Pen::of(cell);
        self.move_to(x, y, pen);
        self.set_pen(pen);
        let symbol = cell.symbol();
        self.out.extend_from_slice(symbol.as_bytes());
        let cols = symbol.width();
        self.width = self.width.max(x.saturating_add(cols.max(1) as u16));
        let held = match symbol.as_bytes() {
            [b] if (0x20..0x7f).contains(b) => Some((*b, pen)),
            _ => None,
        };
        self.hold(x, y, held);
        for i in 1..cols as u16 {
            self.hold(x + i, y, None);
        }
        // After a wide character, or in the last column (a pending wrap), terminals do not
        // agree on where the cursor is: position absolutely next time.
        let end = x.saturating_add(1);
        self.cursor = (cols == 1 && end < self.width).then_some((end, y));
    }
}

/// Blank runs at least this long are erased (`CSI n X`) instead of written.
const MIN_ERASE: usize = 8;

/// Whether `c` is a blank that erasing in the pen of `first` (a blank of the run) leaves
/// as the buffer has it: a space in the same pen, on the terminal's own background, with
/// nothing an erased cell cannot show (reverse, underline, crossing out).
fn erasable(c: &Cell, first: &Cell) -> bool {
    c.symbol() == " "
        && Pen::of(c) == Pen::of(first)
        && c.bg == Color::Reset
        && !c
            .modifier
            .intersects(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT)
}

/// `CSI n <f>` (`CSI <f>` for 1).
fn csi(n: u16, f: u8) -> Vec<u8> {
    let mut v = b"\x1b[".to_vec();
    if n != 1 {
        v.extend_from_slice(n.to_string().as_bytes());
    }
    v.push(f);
    v
}

/// `CSI row;col H`, shortened where the column or both are the first.
fn absolute(x: u16, y: u16) -> Vec<u8> {
    match (x, y) {
        (0, 0) => b"\x1b[H".to_vec(),
        (0, _) => format!("\x1b[{}H", y + 1).into_bytes(),
        _ => format!("\x1b[{};{}H", y + 1, x + 1).into_bytes(),
    }
}

/// The classic SGR code of a colour (`base` 30 for the foreground, 40 for the
/// background): the 16 named colours; anything else (pilar uses none) the default.
fn colour(c: Color, base: u16) -> u16 {
    let bright = base + 60;
    match c {
        Color::Reset => base + 9,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => bright,
        Color::LightRed => bright + 1,
        Color::LightGreen => bright + 2,
        Color::LightYellow => bright + 3,
        Color::LightBlue => bright + 4,
        Color::LightMagenta => bright + 5,
        Color::LightCyan => bright + 6,
        Color::White => bright + 7,
        Color::Indexed(n) if n < 8 => base + u16::from(n),
        Color::Indexed(n) if n < 16 => bright + u16::from(n) - 8,
        _ => base + 9,
    }
}

/// Attributes and the codes that set them.
const ON: [(Modifier, u16); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

/// The codes from pen `a` to pen `b` changing only what differs.
fn diff_codes(a: Pen, b: Pen) -> Vec<u16> {
    let mut codes = Vec::new();
    let removed = a.modifier - b.modifier;
    let mut on = b.modifier - a.modifier;
    // Bold and dim end together (22); the one that stays is set again.
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        codes.push(22);
        on |= b.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    for (m, off) in [
        (Modifier::ITALIC, 23),
        (Modifier::UNDERLINED, 24),
        (Modifier::REVERSED, 27),
        (Modifier::HIDDEN, 28),
        (Modifier::CROSSED_OUT, 29),
    ] {
        if removed.contains(m) {
            codes.push(off);
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        codes.push(25);
        on |= b.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    }
    codes.extend(ON.iter().filter(|(m, _)| on.contains(*m)).map(|(_, c)| *c));
    if a.fg != b.fg {
        codes.push(colour(b.fg, 30));
    }
    if a.bg != b.bg {
        codes.push(colour(b.bg, 40));
    }
    codes
}

/// The codes from a reset to pen `b`.
fn reset_codes(b: Pen) -> Vec<u16> {
    let mut codes = vec![0];
    codes.extend(diff_codes(PLAIN, b));
    codes
}

/// One SGR sequence from pen `a` to pen `b`, the shorter of a change and a reset.
fn sgr(out: &mut Vec<u8>, a: Pen, b: Pen) {
    let text = |codes: Vec<u16>| {
        codes
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(";")
    };
    let diff = text(diff_codes(a, b));
    let reset = text(reset_codes(b));
    let codes = if diff.len() <= reset.len() {
        diff
    } else {
        reset
    };
    out.extend_from_slice(b"\x1b[");
    out.extend_from_slice(codes.as_bytes());
    out.push(b'm');
}

impl<W: Write> Write for Lean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Backend for Lean<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        // The screen is at least as wide as this frame's cells reach: known before the
        // first row is written, so its cells are not each taken for the last column.
        let reach = cells
            .iter()
            .map(|(x, _, c)| x.saturating_add(c.symbol().width().max(1) as u16))
            .max()
            .unwrap_or(0);
        self.width = self.width.max(reach);
        let mut i = 0;
        while i < cells.len() {
            let (x, y, cell) = cells[i];
            // A run of blanks (text that got shorter) is erased in place rather than
            // written space by space.
            let blanks = cells[i..]
                .iter()
                .enumerate()
                .take_while(|(k, (bx, by, c))| {
                    *by == y && usize::from(*bx) == usize::from(x) + k && erasable(c, cell)
                })
                .count();
            if blanks >= MIN_ERASE {
                self.erase(x, y, cell, blanks as u16);
                i += blanks;
                continue;
            }
            self.put(x, y, cell);
            i += 1;
        }
        // The pen plain again between frames (a clear paints with the background).
        self.set_pen(PLAIN);
        let out = std::mem::take(&mut self.out);
        let written = self.inner.write_all(&out);
        self.out = out;
        self.out.clear();
        written
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.hidden != Some(true) {
            execute!(self.inner, cursor::Hide)?;
            self.hidden = Some(true);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.hidden != Some(false) {
            execute!(self.inner, cursor::Show)?;
            self.hidden = Some(false);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        let (x, y) = cursor::position()?;
        Ok(Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        if self.cursor != Some((p.x, p.y)) {
            self.out.clear();
            self.move_to(p.x, p.y, self.pen);
            let out = std::mem::take(&mut self.out);
            self.inner.write_all(&out)?;
            self.out = out;
            self.out.clear();
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        use terminal::ClearType as Ct;
        let what = match clear_type {
            ClearType::All => Ct::All,
            ClearType::AfterCursor => Ct::FromCursorDown,
            ClearType::BeforeCursor => Ct::FromCursorUp,
            ClearType::CurrentLine => Ct::CurrentLine,
            ClearType::UntilNewLine => Ct::UntilNewLine,
        };
        queue!(self.inner, terminal::Clear(what))?;
        match clear_type {
            ClearType::All => {
                self.shadow.clear();
                self.trusted = true;
                self.width = 0;
            }
            _ => self.trusted = false,
        }
        // Where the cursor and the cursor's visibility are, after whatever wrote around us
        // (a suspend, a resize), is asked again.
        self.cursor = None;
        self.hidden = None;
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let w = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests;
