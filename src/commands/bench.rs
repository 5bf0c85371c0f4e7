//! `pilar bench`: measures what a person feels, on a given database, and prints numbers
//! (never asserts them): start to first frame, cursor moves and page downs (median, p99,
//! max), search keystrokes one at a time and a name typed ahead as one burst (beside the
//! store's own query for it), bytes written to an 80x24 terminal per keystroke, and peak
//! memory. Frames are drawn by the real UI through `term::lean` into a byte counter, exactly
//! as on a terminal (and, for comparison, through ratatui's crossterm backend).
//! `pilar bench --import N` instead times importing N generated households from CSV.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::{Action, App, Settings};
use crate::cli::{BenchArgs, Cli};
use crate::domain::Lang;
use crate::domain::format::thousands;
use crate::i18n::{T, fill, tr};
use crate::keymap::Key;
use crate::model::{ListQuery, Role};
use crate::runtime;
use crate::store::messages::open_error;
use crate::store::{self, ImportOptions, Store};
use crate::term::ClassicSgr;
use crate::term::lean::Lean;
use crate::transfer::messages::import_problem;
use crate::transfer::rows;
use crate::tui;
use crate::ui::Theme;

use super::transfer::read_tables;
use super::{Failure, default_db, settings, today};

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
    /// Rounds of the search and filter measurements.
    pub searches: usize,
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

/// The benchmark's terminal: an 80x24 screen whose bytes are counted.
type Screen = Terminal<Lean<ClassicSgr<Counter>>>;

fn terminal(counter: Counter) -> io::Result<Screen> {
    Terminal::with_options(
        // Through the writer the real screen uses, so the bytes are the terminal's.
        Lean::new(ClassicSgr::new(counter)),
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
) -> store::Result<(Store, App, Screen)> {
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
    // A user's draft stays in the database untouched; the benchmark just doesn't open it.
    app.overlay = crate::app::Overlay::None;
    let mut term = terminal(counter)?;
    tui::draw_synced(&mut term, &app, theme)?;
    Ok((store, app, term))
}

/// Runs the benchmark and prints a report to stdout.
pub fn run(path: &Path, cfg: &BenchConfig) -> store::Result<()> {
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

    // Keys that arrive together, applied as the interactive shell applies them (one key
    // alone is one burst), then one frame: the time and the bytes written.
    // Beside it, outside the clock, the same frames through ratatui's own crossterm
    // backend: the bytes `Lean` saves.
    let plain = Counter::default();
    let mut plain_term = Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(ClassicSgr::new(plain.clone())),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )?;
    tui::draw_synced(&mut plain_term, &app, &theme)?;
    let mut burst = |app: &mut App, keys: &[Key]| -> store::Result<(Duration, u64, u64)> {
        let before = counter.bytes.get();
        let t = Instant::now();
        runtime::burst(app, &store, keys, &mut |_| {});
        tui::draw_synced(&mut term, app, &theme)?;
        let elapsed = t.elapsed();
        let plain_before = plain.bytes.get();
        tui::draw_synced(&mut plain_term, app, &theme)?;
        Ok((
            elapsed,
            counter.bytes.get() - before,
            plain.bytes.get() - plain_before,
        ))
    };
    let mut move_times = Vec::new();
    let mut move_bytes = Vec::new();
    let mut plain_bytes = 0;
    for i in 0..cfg.moves.max(1) {
        // Down through the list, with an occasional step back up.
        let key = if i % 10 == 9 { Key::Up } else { Key::Down };
        let (d, b, p) = burst(&mut app, &[key])?;
        move_times.push(d);
        move_bytes.push(b);
        plain_bytes += p;
    }
    let mut page_times = Vec::new();
    for _ in 0..(cfg.moves / 10).max(10) {
        page_times.push(burst(&mut app, &[Key::PageDown])?.0);
    }
    let (bottom, ..) = burst(&mut app, &[Key::End])?;
    let (top, ..) = burst(&mut app, &[Key::Home])?;

    // Search: type a name into the search box, one keystroke at a time, then erase it;
    // each keystroke counts and fetches the list again and redraws.
    // Each round once without the union of name ranges for common words (`Words::Split`
    // in the store), once with it, so the two compare on the same machine at the same time.
    burst(&mut app, &[Key::Char('/')])?;
    let mut search_times = Vec::new();
    let mut unsplit_times = Vec::new();
    // Which keystrokes make the p99: each one's time with the search it left (union).
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for _ in 0..cfg.searches.max(1) {
        for (split, times) in [(false, &mut unsplit_times), (true, &mut search_times)] {
            store.set_split_search(split);
            let keys = "siti ami"
                .chars()
                .map(Key::Char)
                .chain(std::iter::repeat_n(Key::Backspace, "siti ami".len()));
            for key in keys {
                let d = burst(&mut app, &[key])?.0;
                times.push(d);
                if split {
                    slowest.push((d, app.caseload.filter_text.clone()));
                }
            }
        }
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    burst(&mut app, &[Key::Esc])?;
    // Filters: a whole filter applied at once (`:cari ...` + Enter, timed at Enter).
    let mut filter_times = Vec::new();
    for filter in FILTERS
        .iter()
        .cycle()
        .take(cfg.searches.max(1) * FILTERS.len())
    {
        for c in format!(":cari {filter}").chars() {
            burst(&mut app, &[Key::Char(c)])?;
        }
        filter_times.push(burst(&mut app, &[Key::Enter])?.0);
        burst(&mut app, &[Key::Esc])?;
    }

    // The peak so far: starts, moves, searches and the list's filters (what a person
    // browsing touches), before the month's screens and their scope-wide filters.
    let browsing_rss = peak_rss();

    // Issue 11 item 1: the verification screen (`5`: this month's members with a
    // component), moving in it, the month before, a filter on it, and the list's
    // `gagal:ya` (households failing their commitments).
    let mut verify_times = Vec::new();
    let mut verify_moves = Vec::new();
    let mut failing_times = Vec::new();
    let mut p2k2_times = Vec::new();
    for _ in 0..cfg.searches.max(1) {
        verify_times.push(burst(&mut app, &[Key::Char('5')])?.0);
        for _ in 0..20 {
            verify_moves.push(burst(&mut app, &[Key::Down])?.0);
        }
        verify_times.push(burst(&mut app, &[Key::Char('[')])?.0);
        for c in ":cari desa:curugsewu".chars() {
            burst(&mut app, &[Key::Char(c)])?;
        }
        verify_times.push(burst(&mut app, &[Key::Enter])?.0);
        burst(&mut app, &[Key::Char('/')])?;
        burst(&mut app, &[Key::Esc])?;
        burst(&mut app, &[Key::Char('1')])?;
        for c in ":cari gagal:ya".chars() {
            burst(&mut app, &[Key::Char(c)])?;
        }
        failing_times.push(burst(&mut app, &[Key::Enter])?.0);
        burst(&mut app, &[Key::Char('/')])?;
        burst(&mut app, &[Key::Esc])?;
        // Issue 11 item 4: P2K2 completion under half, applied to the list.
        for c in ":cari p2k2:<50".chars() {
            burst(&mut app, &[Key::Char(c)])?;
        }
        p2k2_times.push(burst(&mut app, &[Key::Enter])?.0);
        burst(&mut app, &[Key::Char('/')])?;
        burst(&mut app, &[Key::Esc])?;
    }

    // Typed ahead: a name pasted, or typed faster than the screen follows, arrives as one
    // burst of keys: they are applied together and the list is searched once. Beside it,
    // the store's own count and first page for the same search, without the app.
    let ahead: Vec<Key> = TYPED_AHEAD.chars().map(Key::Char).collect();
    let mut ahead_times = Vec::new();
    let mut raw_times = Vec::new();
    for _ in 0..cfg.searches.max(1) {
        burst(&mut app, &[Key::Char('/')])?;
        ahead_times.push(burst(&mut app, &ahead)?.0);
        let query = app.list_query();
        let limit = app.caseload.list.height * 3;
        let t = Instant::now();
        store.count_for_list(&query)?;
        store.household_window(&query, 0, limit)?;
        raw_times.push(t.elapsed());
        burst(&mut app, &[Key::Esc])?;
    }

    // The team roll-up behind the team screen and `pilar report`, over every facilitator.
    let mut team_times = Vec::new();
    let mut facilitators = 0;
    for _ in 0..cfg.searches.max(1) {
        use chrono::Datelike;
        let t = Instant::now();
        let team = store.team(
            &crate::model::Scope::All,
            cfg.today.year(),
            cfg.today,
            cfg.today,
            &cfg.settings.policy,
        )?;
        team_times.push(t.elapsed());
        facilitators = team.rows.len();
    }
    // The team screen's counts since sign-off (`Baru`): the history indexed once, then
    // every facilitator's counts since their last sign-off.
    let t = Instant::now();
    store.index_history()?;
    let indexing = t.elapsed();
    let mut review_times = Vec::new();
    for _ in 0..cfg.searches.max(1) {
        let t = Instant::now();
        store.review_summaries()?;
        review_times.push(t.elapsed());
    }

    let first = stats(firsts);
    let moves = stats(move_times);
    let pages = stats(page_times);
    let searches = stats(search_times);
    let unsplit = stats(unsplit_times);
    let filters = stats(filter_times);
    let ahead = stats(ahead_times);
    let raw = stats(raw_times);
    move_bytes.sort_unstable();
    let avg_bytes = move_bytes.iter().sum::<u64>() / move_bytes.len().max(1) as u64;
    let avg_plain = plain_bytes / move_bytes.len().max(1) as u64;
    let p99_bytes = move_bytes[((move_bytes.len() - 1) as f64 * 0.99) as usize];

    say!("pilar bench: {}", path.display());
    say!("  machine            {}", machine());
    say!(
        "  database           {} households, {} MB",
        thousands(lang, households as i64),
        std::fs::metadata(path)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );
    say!(
        "  user               {} ({:?})",
        app.user.login,
        app.user.role
    );
    say!(
        "  start to 1st frame median {}  max {}  ({} runs: open, query, draw 80x24)",
        ms(first.median),
        ms(first.max),
        cfg.starts.max(1)
    );
    say!(
        "  cursor move        median {}  p99 {}  max {}  ({} moves)",
        ms(moves.median),
        ms(moves.p99),
        ms(moves.max),
        cfg.moves
    );
    say!(
        "  page down          median {}  p99 {}  max {}",
        ms(pages.median),
        ms(pages.p99),
        ms(pages.max)
    );
    say!("  jump to end/start  {} / {}", ms(bottom), ms(top));
    say!(
        "  search keystroke   median {}  p99 {}  max {}  (\"siti ami\" typed and erased)",
        ms(searches.median),
        ms(searches.p99),
        ms(searches.max)
    );
    let slow: Vec<String> = slowest
        .iter()
        .take(4)
        .map(|(d, text)| format!("{} \"{text}\"", ms(*d)))
        .collect();
    say!(
        "  slowest keystrokes {}  (the search each left)",
        slow.join(", ")
    );
    say!(
        "  search keystroke without the name-range union: median {}  p99 {}  max {}",
        ms(unsplit.median),
        ms(unsplit.p99),
        ms(unsplit.max)
    );
    say!(
        "  search, typed ahead median {}  p99 {}  max {}  (\"{TYPED_AHEAD}\" as one burst of {} keys, to the frame; the store's own count and page: median {})",
        ms(ahead.median),
        ms(ahead.p99),
        ms(ahead.max),
        TYPED_AHEAD.chars().count(),
        ms(raw.median)
    );
    say!(
        "  filter             median {}  p99 {}  max {}  ({})",
        ms(filters.median),
        ms(filters.p99),
        ms(filters.max),
        FILTERS.join(" | ")
    );
    let verify = stats(verify_times);
    let verify_move = stats(verify_moves);
    let failing = stats(failing_times);
    say!(
        "  verification screen median {}  max {}  (5, the month before, desa:curugsewu); move median {}  p99 {}",
        ms(verify.median),
        ms(verify.max),
        ms(verify_move.median),
        ms(verify_move.p99)
    );
    say!(
        "  failing filter     median {}  max {}  (gagal:ya)",
        ms(failing.median),
        ms(failing.max)
    );
    let p2k2 = stats(p2k2_times);
    say!(
        "  p2k2 filter        median {}  max {}  (p2k2:<50)",
        ms(p2k2.median),
        ms(p2k2.max)
    );
    let team = stats(team_times);
    say!(
        "  team roll-up       median {}  max {}  (facilitators: {})",
        ms(team.median),
        ms(team.max),
        facilitators
    );
    let review = stats(review_times);
    say!(
        "  review counts      median {}  max {}  (history indexed first in {})",
        ms(review.median),
        ms(review.max),
        ms(indexing)
    );
    say!(
        "  bytes per move     average {avg_bytes}  p99 {p99_bytes}  (ratatui's crossterm backend: average {avg_plain})"
    );
    say!(
        "  peak memory (RSS)  {}  ({browsing_rss} before the verification screen, gagal:, p2k2: and the team roll-up)",
        peak_rss()
    );
    drop((store, app, term));
    match idle_bytes(path, cfg) {
        Ok((first_frame, idle)) => {
            say!(
                "  real binary in a pty: first frame {}, bytes written in 2 idle s: {idle}",
                ms(first_frame)
            );
        }
        Err(e) => say!("  real binary in a pty: not measured ({e})"),
    }
    Ok(())
}

/// The name typed ahead (a second name of the demo's).
const TYPED_AHEAD: &str = "khotimah";

const FILTERS: &[&str] = &[
    "desa:curugsewu",
    "usaha:ya desil:<=2",
    "kunjungan:>90 tindaklanjut:terlambat",
    "status:semua masuk:<2015",
];

/// Starts this very binary on the database in an 80x24 pseudo-terminal, times the first
/// frame, then counts what it writes during 2 seconds without input.
fn idle_bytes(path: &Path, cfg: &BenchConfig) -> io::Result<(Duration, u64)> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    use std::sync::{Arc, Mutex};

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(io::Error::other)?;
    let mut cmd = CommandBuilder::new(std::env::current_exe()?);
    // The pseudo-terminal's command starts in the home folder unless told: the database
    // by its whole path, from this folder.
    cmd.cwd(std::env::current_dir()?);
    cmd.arg("--db");
    cmd.arg(std::path::absolute(path)?);
    cmd.arg("--today");
    cmd.arg(cfg.today.to_string());
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).map_err(io::Error::other)?;
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().map_err(io::Error::other)?;
    let mut writer = pair.master.take_writer().map_err(io::Error::other)?;
    let seen: Arc<Mutex<(Vec<u8>, Option<Duration>)>> = Arc::default();
    {
        let seen = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut s = seen.lock().unwrap_or_else(|e| e.into_inner());
                s.0.extend_from_slice(&buf[..n]);
                // The end of the first synchronized update is the first complete frame.
                if s.1.is_none() && s.0.windows(8).any(|w| w == b"\x1b[?2026l") {
                    s.1 = Some(started.elapsed());
                }
            }
        });
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    let first = loop {
        if let Some(t) = seen.lock().unwrap_or_else(|e| e.into_inner()).1 {
            break t;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err(io::Error::other("no frame within 30 s"));
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    std::thread::sleep(Duration::from_millis(300));
    let before = seen.lock().unwrap_or_else(|e| e.into_inner()).0.len();
    std::thread::sleep(Duration::from_secs(2));
    let after = seen.lock().unwrap_or_else(|e| e.into_inner()).0.len();
    writer.write_all(b"q")?;
    writer.flush()?;
    let _ = child.wait();
    Ok((first, (after - before) as u64))
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

/// `pilar bench` from the command line: `--import N`, or the keystroke benchmark on the
/// database.
pub fn command(cli: &Cli, lang: Lang, args: &BenchArgs) -> Result<ExitCode, Failure> {
    if let Some(n) = args.import {
        bench_import(n, lang, today(cli, lang)?).map_err(Failure)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.sync {
        super::bench_sync::command(today(cli, lang)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = default_db(cli, lang)?;
    let cfg = BenchConfig {
        moves: args.moves,
        searches: args.searches,
        starts: args.starts,
        today: today(cli, lang)?,
        settings: settings(lang),
    };
    run(&path, &cfg).map_err(|e| Failure(open_error(lang, &path, &e)))?;
    Ok(ExitCode::SUCCESS)
}

/// A CSV of `n` valid made-up households (semicolon, BOM, CRLF, as a spreadsheet saves).
pub fn sample_csv(n: u64, today: NaiveDate) -> Vec<u8> {
    use crate::domain::Sex;
    use crate::domain::nik::{compose_nik, compose_no_kk};
    let mut out = b"\xEF\xBB\xBFNama Pengurus;NIK Pengurus;No KK;Alamat;RT;RW;Desa/Kelurahan;Kecamatan;Kab/Kota;Kode Wilayah;Desil;No HP;Tahun Masuk;Usaha\r\n".to_vec();
    let issued = today - chrono::Duration::days(400);
    for i in 0..n {
        let birth = NaiveDate::from_ymd_opt(
            1970 + (i % 30) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        )
        .unwrap_or(today);
        // District and serial together make every NIK and No KK unique up to 990,000.
        let district = 1 + (i / 9999 % 99) as u8;
        let serial = 1 + (i % 9999) as u16;
        let nik = compose_nik(33, 24, district, birth, Sex::Female, serial);
        let kk = compose_no_kk(33, 24, district, issued, serial);
        let line = format!(
            "Ibu Contoh {i};{nik};{kk};Dusun Krajan;{:03};{:03};Curugsewu;Patean;Kendal;3324042007;{};08123{:07};{};{}\r\n",
            1 + i % 8,
            1 + i % 4,
            1 + i % 4,
            i % 10_000_000,
            2010 + i % 15,
            if i % 4 == 0 { "Warung" } else { "" },
        );
        out.extend_from_slice(line.as_bytes());
    }
    out
}

/// `pilar bench --import N`: times importing N households from CSV into a new database.
pub fn bench_import(n: u64, lang: Lang, today: NaiveDate) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("pilar-bench-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let write_error =
        |path: &Path, e: std::io::Error| fill(tr(lang, T::ExportWrite), &[&path.display(), &e]);
    let result = (|| -> Result<String, String> {
        crate::store::ensure_private_dir(&dir).map_err(|e| write_error(&dir, e))?;
        let csv_path = dir.join("keluarga.csv");
        let bytes = sample_csv(n, today);
        std::fs::write(&csv_path, &bytes).map_err(|e| write_error(&csv_path, e))?;
        let db_path = dir.join("bench.db");
        let store = Store::open(&db_path).map_err(|e| open_error(lang, &db_path, &e))?;
        let store_error = |e: crate::store::StoreError| open_error(lang, &db_path, &e);
        let user = store
            .add_worker("Bench", "bench", Role::Facilitator, 10, None)
            .map_err(store_error)?;
        let started = Instant::now();
        let table = read_tables(lang, &csv_path)?.remove(0);
        let (records, problems) = rows::households(&table, None, today);
        let checked = started.elapsed();
        if !problems.is_empty() {
            return Err(import_problem(lang, &problems[0]));
        }
        let opts = ImportOptions {
            dry_run: false,
            skip_invalid: false,
            had_problems: false,
            today,
        };
        let report = store
            .import_households(
                &user,
                &records,
                &opts,
                &mut crate::progress::Bar::new(lang, T::ImportProgress).callback(),
            )
            .map_err(store_error)?;
        let total = started.elapsed();
        // Decimals as the user's language writes them (Indonesian: a comma).
        let decimal = |s: String| match lang {
            Lang::Id => s.replace('.', ","),
            Lang::En => s,
        };
        let secs = |d: std::time::Duration| decimal(format!("{:.2}", d.as_secs_f64()));
        Ok(fill(
            tr(lang, T::BenchImport),
            &[
                &report.added,
                &decimal(format!("{:.1}", bytes.len() as f64 / 1e6)),
                &secs(checked),
                &secs(total - checked),
                &secs(total),
                &format!("{:.0}", report.added as f64 / total.as_secs_f64()),
            ],
        ))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    let message = result.map_err(|e| fill(tr(lang, T::BenchFailed), &[&e]))?;
    say!("{message}");
    Ok(())
}
