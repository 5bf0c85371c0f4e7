//! `pilar demo`: writes a realistic demo caseload (the generator is `pilar_store::demo`)
//! to a scratch file, moves it into place, and opens it unless `--no-open`.
//!
//! It never unlinks a file in use or a person's work: a file another pilar session has
//! open is refused (the session lock, held exclusively until the new demo is in place), a
//! file that is not a demo is refused, and a demo holding history entries (a person's:
//! the generator writes none) is replaced only when the person says so on the terminal,
//! or with `--replace`. A size that cannot fit (more than [`MAX_HOUSEHOLDS`], or more disk
//! than is free) is refused before anything is written, and the scratch file is removed
//! on every failure and on SIGINT, SIGTERM or SIGHUP.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{Cli, DemoArgs};
use crate::demo::{self, DemoConfig};
use crate::domain::Lang;
use crate::domain::format::thousands;
use crate::i18n::{T, fill, tr};
use crate::store::access::{SessionLock, free_bytes, sidecar_path};
use crate::store::messages::open_error;
use crate::store::{DemoPeek, Store};

use super::interactive::interactive;
use super::open::open;
use super::{Failure, data_dir, today};

/// The most households a demo holds (a province has about a million).
pub const MAX_HOUSEHOLDS: u64 = 2_000_000;
/// The most facilitators a demo holds.
pub const MAX_WORKERS: u64 = 20_000;
/// Disk a demo household takes with its members, activities and indexes: measured at
/// 10.5-10.7 KB (10,000 to 50,000 households), with a margin.
pub const BYTES_PER_HOUSEHOLD: u64 = 12 * 1024;

/// `pilar demo`: the demo at `--db`, else `demo.db` in the data folder.
pub fn command(cli: &Cli, lang: Lang, args: &DemoArgs) -> Result<ExitCode, Failure> {
    // Before this process's first connection: SQLite's allocation counting is a global
    // lock per allocation, a tenth of a large demo's CPU (`store::without_memory_statistics`).
    crate::store::without_memory_statistics();
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => data_dir(lang)?.join("demo.db"),
    };
    // Sizes beyond the limits are bad values (status 2); write_demo checks them again.
    let n = |v: u64| thousands(lang, i64::try_from(v).unwrap_or(i64::MAX));
    let bad = match fits(args.households, args.workers, None) {
        Err(TooBig::Households) => Some(fill(
            tr(lang, T::DemoTooMany),
            &[&n(MAX_HOUSEHOLDS), &n(args.households)],
        )),
        Err(TooBig::Workers) => Some(fill(
            tr(lang, T::DemoTooManyWorkers),
            &[&n(MAX_WORKERS), &n(args.workers)],
        )),
        _ if args.households == 0 || args.workers == 0 => {
            Some(tr(lang, T::DemoBadArgs).to_string())
        }
        _ => None,
    };
    if let Some(msg) = bad {
        return Ok(super::usage(&msg));
    }
    write_demo(cli, lang, &path, args)?;
    if args.no_open {
        return Ok(ExitCode::SUCCESS);
    }
    let store = open(&path, lang)?;
    interactive(cli, lang, &store)
}

/// Why a demo of some size is not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooBig {
    Households,
    Workers,
    /// It needs about `needed` bytes where `free` are free.
    Disk {
        needed: u64,
        free: u64,
    },
}

/// Whether a demo of `households` and `workers` fits, with `free` bytes on the disk (when
/// known).
pub fn fits(households: u64, workers: u64, free: Option<u64>) -> Result<(), TooBig> {
    if households > MAX_HOUSEHOLDS {
        return Err(TooBig::Households);
    }
    if workers > MAX_WORKERS {
        return Err(TooBig::Workers);
    }
    let needed = households * BYTES_PER_HOUSEHOLD + (1 << 20);
    match free {
        Some(free) if free < needed => Err(TooBig::Disk { needed, free }),
        _ => Ok(()),
    }
}

/// Bytes for a person: MB below a gigabyte, else GB with one decimal.
fn size(lang: Lang, bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    let text = if (bytes as f64) < 1024.0 * MB {
        format!("{:.0} MB", (bytes as f64 / MB).ceil())
    } else {
        format!("{:.1} GB", bytes as f64 / (1024.0 * MB))
    };
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

/// Writes the demo to `path`; a file there that is in use, not a demo, or holds a person's
/// entries (unless they agree) is refused and left as it was.
pub fn write_demo(cli: &Cli, lang: Lang, path: &Path, args: &DemoArgs) -> Result<(), Failure> {
    if args.households == 0 || args.workers == 0 {
        return Err(Failure(tr(lang, T::DemoBadArgs).into()));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::store::ensure_private_dir(dir)
        .map_err(|e| Failure(fill(tr(lang, T::ErrIo), &[&dir.display(), &e])))?;
    let n = |v: u64| thousands(lang, i64::try_from(v).unwrap_or(i64::MAX));
    match fits(args.households, args.workers, free_bytes(dir)) {
        Ok(()) => {}
        Err(TooBig::Households) => {
            return Err(Failure(fill(
                tr(lang, T::DemoTooMany),
                &[&n(MAX_HOUSEHOLDS), &n(args.households)],
            )));
        }
        Err(TooBig::Workers) => {
            return Err(Failure(fill(
                tr(lang, T::DemoTooManyWorkers),
                &[&n(MAX_WORKERS), &n(args.workers)],
            )));
        }
        Err(TooBig::Disk { needed, free }) => {
            return Err(Failure(fill(
                tr(lang, T::DemoNoSpace),
                &[
                    &n(args.households),
                    &size(lang, needed),
                    &size(lang, free),
                    &dir.display(),
                ],
            )));
        }
    }
    // Held until the new demo is in place: no pilar session opens the old one meanwhile.
    let _held = if path.exists() {
        may_replace(lang, path, args)?
    } else {
        None
    };
    let cfg = DemoConfig {
        households: args.households,
        workers: args.workers,
        seed: args.seed,
        today: today(cli, lang)?,
    };
    // Write to a scratch file, then move it into place: a failed run leaves the old demo,
    // and no scratch file.
    let mut scratch = Scratch::new(path.with_extension(format!("tmp-{}", std::process::id())));
    let started = Instant::now();
    let mut bar = crate::progress::Bar::new(lang, T::ProgressDemo);
    let summary = demo::generate_with(&scratch.path, &cfg, &mut bar.callback())
        .map_err(|e| Failure(open_error(lang, path, &e)))?;
    bar.finish();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sidecar_path(path, suffix));
    }
    std::fs::rename(&scratch.path, path)
        .map_err(|e| Failure(fill(tr(lang, T::ErrIo), &[&path.display(), &e])))?;
    scratch.placed();
    let secs = started.elapsed().as_secs_f64();
    let secs = match lang {
        Lang::Id => format!("{secs:.1}").replace('.', ","),
        Lang::En => format!("{secs:.1}"),
    };
    eprintln!(
        "{}",
        fill(
            tr(lang, T::DemoDone),
            &[
                &n(summary.households),
                &summary.workers,
                &path.display(),
                &secs
            ]
        )
    );
    Ok(())
}

/// Whether the file at `path` may give way to a new demo: no other pilar session has it
/// open (the exclusive lock is returned, to hold until the new demo is in place), it is a
/// demo, and entries a person made in it are given up only with `--replace` or when they
/// answer yes on the terminal.
fn may_replace(lang: Lang, path: &Path, args: &DemoArgs) -> Result<Option<SessionLock>, Failure> {
    let shown = path.display();
    let lock = SessionLock::exclusive(path)
        .map_err(|_| Failure(fill(tr(lang, T::DemoInUse), &[&shown])))?;
    let entries = match Store::peek_demo(path) {
        Ok(DemoPeek::Demo { entries }) => entries,
        _ => return Err(Failure(fill(tr(lang, T::DemoRefuse), &[&shown]))),
    };
    if entries == 0 || args.replace {
        return Ok(lock);
    }
    let n = thousands(lang, entries as i64);
    if !std::io::stdin().is_terminal() {
        return Err(Failure(fill(tr(lang, T::DemoHasEntries), &[&shown, &n])));
    }
    eprint!("{}", fill(tr(lang, T::DemoAsk), &[&shown, &n]));
    let mut answer = String::new();
    let _ = std::io::stdin().read_line(&mut answer);
    if matches!(answer.trim().to_lowercase().as_str(), "y" | "ya" | "yes") {
        Ok(lock)
    } else {
        Err(Failure(fill(tr(lang, T::DemoKept), &[&shown])))
    }
}

/// The scratch file a demo is written to. Until it is placed, dropping it (any failure)
/// removes it, and SIGINT, SIGTERM or SIGHUP remove it and end pilar (status 128 +
/// signal).
struct Scratch {
    path: PathBuf,
    placed: bool,
    signals: Option<(signal_hook::iterator::Handle, std::thread::JoinHandle<()>)>,
}

impl Scratch {
    fn new(path: PathBuf) -> Scratch {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            .ok()
            .map(|mut signals| {
                let handle = signals.handle();
                let scratch = path.clone();
                let thread = std::thread::spawn(move || {
                    if let Some(sig) = signals.forever().next() {
                        remove_scratch(&scratch);
                        std::process::exit(128 + sig);
                    }
                });
                (handle, thread)
            });
        Scratch {
            path,
            placed: false,
            signals,
        }
    }

    /// The scratch file is the demo now: keep it.
    fn placed(&mut self) {
        self.placed = true;
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some((handle, thread)) = self.signals.take() {
            handle.close();
            let _ = thread.join();
        }
        if !self.placed {
            remove_scratch(&self.path);
        }
    }
}

/// Removes a scratch file and anything SQLite kept beside it.
fn remove_scratch(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(sidecar_path(path, suffix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demo_must_fit_the_limits_and_the_disk() {
        assert_eq!(fits(462, 1, Some(1 << 30)), Ok(()));
        assert_eq!(fits(MAX_HOUSEHOLDS, 2_000, None), Ok(()));
        assert_eq!(fits(MAX_HOUSEHOLDS + 1, 1, None), Err(TooBig::Households));
        assert_eq!(fits(99_999_999_999, 1, None), Err(TooBig::Households));
        assert_eq!(fits(u64::MAX, 1, None), Err(TooBig::Households));
        assert_eq!(fits(10, MAX_WORKERS + 1, None), Err(TooBig::Workers));
        let needed = 100_000 * BYTES_PER_HOUSEHOLD + (1 << 20);
        assert_eq!(
            fits(100_000, 1, Some(16 << 20)),
            Err(TooBig::Disk {
                needed,
                free: 16 << 20
            })
        );
        assert_eq!(fits(100_000, 1, Some(needed)), Ok(()));
    }

    #[test]
    fn sizes_read_as_megabytes_or_gigabytes() {
        assert_eq!(size(Lang::En, 16 << 20), "16 MB");
        assert_eq!(size(Lang::En, (16 << 20) + 1), "17 MB");
        assert_eq!(size(Lang::En, 3 << 30), "3.0 GB");
        assert_eq!(size(Lang::Id, (3 << 30) + (1 << 29)), "3,5 GB");
    }
}
