//! `pilar bench`: measures what a person feels, on a given database, and prints numbers
//! (never asserts them): start to first frame, cursor moves and page downs (median, p99,
//! max), bytes written to an 80x24 terminal per keystroke, and peak memory. Frames are
//! drawn by the real UI through crossterm into a byte counter, exactly as on a terminal.

use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::{Action, App, Settings};
use crate::domain::format::thousands;
use crate::keymap::Key;
use crate::model::ListQuery;
use crate::runtime;
use crate::store::{Result, Store};
use crate::tui;
use crate::ui::Theme;

/// A sink that only counts bytes (the count is shared so it can be read while the
/// terminal owns the sink).
#[derive(Default, Clone)]
pub struct Counter {
    pub bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.set(self.bytes.get() + buf.len() as u64);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct BenchConfig {
    pub moves: usize,
    pub starts: usize,
    pub today: NaiveDate,
    pub settings: Settings,
}

struct Stats {
    median: Duration,
    p99: Duration,
    max: Duration,
}

fn stats(mut xs: Vec<Duration>) -> Stats {
    xs.sort();
    let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize];
    Stats {
        median: at(0.5),
        p99: at(0.99),
        max: *xs.last().unwrap_or(&Duration::ZERO),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn terminal(counter: Counter) -> io::Result<Terminal<CrosstermBackend<Counter>>> {
    Terminal::with_options(
        CrosstermBackend::new(counter),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )
}

/// Opens the database, builds the app and draws the first frame.
fn start(
    path: &Path,
    cfg: &BenchConfig,
    theme: &Theme,
    counter: Counter,
) -> Result<(Store, App, Terminal<CrosstermBackend<Counter>>)> {
    let store = Store::open(path)?;
    let login = store.default_user()?.unwrap_or_default();
    let user = match store.worker_by_login(&login)? {
        Some(u) => u,
        None => store
            .workers()?
            .into_iter()
            .next()
            .ok_or_else(|| crate::store::StoreError::Io(io::Error::other("no workers")))?,
    };
    let demo = store.is_demo()?;
    let mut app = App::new(cfg.settings.clone(), user, cfg.today, demo);
    runtime::dispatch(&mut app, &store, Action::Resize(80, 24));
    runtime::dispatch(&mut app, &store, Action::Start);
    let mut term = terminal(counter)?;
    tui::draw_synced(&mut term, &app, theme)?;
    Ok((store, app, term))
}

/// Runs the benchmark and prints a report to stdout.
pub fn run(path: &Path, cfg: &BenchConfig) -> Result<()> {
    let theme = Theme::new(true, false);
    let lang = cfg.settings.lang;
    let mut firsts = Vec::new();
    for _ in 0..cfg.starts.max(1) {
        let t = Instant::now();
        let started = start(path, cfg, &theme, Counter::default())?;
        firsts.push(t.elapsed());
        drop(started);
    }
    let counter = Counter::default();
    let (store, mut app, mut term) = start(path, cfg, &theme, counter.clone())?;
    let mut all = ListQuery::caseload(app.scope.clone(), cfg.today);
    all.include_exited = true;
    let households = store.count_households(&all)?;

    let mut step = |app: &mut App, key: Key| -> Result<(Duration, u64)> {
        let before = counter.bytes.get();
        let t = Instant::now();
        runtime::dispatch(app, &store, Action::Key(key));
        tui::draw_synced(&mut term, app, &theme)?;
        Ok((t.elapsed(), counter.bytes.get() - before))
    };
    let mut move_times = Vec::new();
    let mut move_bytes = Vec::new();
    for i in 0..cfg.moves {
        // Down through the list, with an occasional step back up.
        let key = if i % 10 == 9 { Key::Up } else { Key::Down };
        let (d, b) = step(&mut app, key)?;
        move_times.push(d);
        move_bytes.push(b);
    }
    let mut page_times = Vec::new();
    for _ in 0..(cfg.moves / 10).max(10) {
        page_times.push(step(&mut app, Key::PageDown)?.0);
    }
    let (bottom, _) = step(&mut app, Key::End)?;
    let (top, _) = step(&mut app, Key::Home)?;

    let first = stats(firsts);
    let moves = stats(move_times);
    let pages = stats(page_times);
    move_bytes.sort_unstable();
    let avg_bytes = move_bytes.iter().sum::<u64>() / move_bytes.len().max(1) as u64;
    let p99_bytes = move_bytes[((move_bytes.len() - 1) as f64 * 0.99) as usize];

    println!("pilar bench: {}", path.display());
    println!("  machine            {}", machine());
    println!(
        "  database           {} households, {} MB",
        thousands(lang, households as i64),
        std::fs::metadata(path)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );
    println!(
        "  user               {} ({:?})",
        app.user.login, app.user.role
    );
    println!(
        "  start to 1st frame median {}  max {}  ({} runs: open, query, draw 80x24)",
        ms(first.median),
        ms(first.max),
        cfg.starts.max(1)
    );
    println!(
        "  cursor move        median {}  p99 {}  max {}  ({} moves)",
        ms(moves.median),
        ms(moves.p99),
        ms(moves.max),
        cfg.moves
    );
    println!(
        "  page down          median {}  p99 {}  max {}",
        ms(pages.median),
        ms(pages.p99),
        ms(pages.max)
    );
    println!("  jump to end/start  {} / {}", ms(bottom), ms(top));
    println!("  bytes per move     average {avg_bytes}  p99 {p99_bytes}");
    println!("  peak memory (RSS)  {}", peak_rss());
    Ok(())
}

/// Peak resident memory of this process (Linux), as text.
pub fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// CPU model and core count, so every figure names its machine.
pub fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{model}, {cores} cores")
}
