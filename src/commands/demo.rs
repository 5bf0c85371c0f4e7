//! `pilar demo`: writes a realistic demo caseload (the generator is `pilar_store::demo`)
//! to a scratch file, moves it into place, and opens it unless `--no-open`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::{Cli, DemoArgs};
use crate::demo::{self, DemoConfig};
use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::store::Store;
use crate::store::messages::open_error;

use super::interactive::interactive;
use super::open::open;
use super::{Failure, data_dir, today};

/// `pilar demo`: the demo at `--db`, else `demo.db` in the data folder.
pub fn command(cli: &Cli, lang: Lang, args: &DemoArgs) -> Result<ExitCode, Failure> {
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => data_dir(lang)?.join("demo.db"),
    };
    write_demo(cli, lang, &path, args)?;
    if args.no_open {
        return Ok(ExitCode::SUCCESS);
    }
    let store = open(&path, lang)?;
    interactive(cli, lang, &store)
}

/// Writes the demo to `path`; a file there that is not a pilar demo is refused.
pub fn write_demo(cli: &Cli, lang: Lang, path: &Path, args: &DemoArgs) -> Result<(), Failure> {
    if args.households == 0 || args.workers == 0 {
        return Err(Failure(tr(lang, T::DemoBadArgs).into()));
    }
    let refuse = || Failure(fill(tr(lang, T::DemoRefuse), &[&path.display()]));
    if path.exists() {
        match Store::peek_is_demo(path) {
            Ok(true) => {}
            _ => return Err(refuse()),
        }
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::store::ensure_private_dir(dir)
            .map_err(|e| Failure(fill(tr(lang, T::ErrIo), &[&dir.display(), &e])))?;
    }
    // Write to a scratch file, then move it into place: a failed run leaves the old demo.
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let cfg = DemoConfig {
        households: args.households,
        workers: args.workers,
        seed: args.seed,
        today: today(cli, lang)?,
    };
    let started = Instant::now();
    let result = demo::generate(&tmp, &cfg);
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(Failure(open_error(lang, &tmp, &e)));
        }
    };
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    std::fs::rename(&tmp, path)
        .map_err(|e| Failure(fill(tr(lang, T::ErrIo), &[&path.display(), &e])))?;
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
                &crate::domain::format::thousands(lang, summary.households as i64),
                &summary.workers,
                &path.display(),
                &secs
            ]
        )
    );
    Ok(())
}
