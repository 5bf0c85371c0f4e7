//! The subcommands (`pilar`, `pilar demo`, `pilar merge`, ...), one module each, and what
//! they share: a failure phrased for the user, today's date, the database's path and who
//! is using pilar. `main.rs` parses the arguments and calls one of them. `serve` and `server`
//! are the central server's (`pilar serve`, `pilar server load|enroll`). `bench` and
//! `crash` (the crash test's writer) are built only with the `bench` feature.

/// `println!` that neither panics nor fails when standard output is closed (`| head`) or
/// cannot be written: used for summaries printed after the work is done and saved.
macro_rules! say {
    ($($t:tt)*) => {
        $crate::commands::say_line(&format!($($t)*))
    };
}

#[cfg(feature = "bench")]
pub mod bench;
#[cfg(feature = "bench")]
pub mod bench_sync;
#[cfg(feature = "bench")]
pub mod bench_sync_load;
pub mod completions;
#[cfg(feature = "bench")]
pub mod crash;
pub mod demo;
pub mod init;
pub mod interactive;
pub mod merge;
pub mod open;
pub mod print;
pub mod report;
pub mod serve;
pub mod server;
pub mod sync;
pub mod transfer;
pub mod verify;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::app::Settings;
use crate::cli::Cli;
use crate::domain::Lang;
use crate::domain::text::neutralize;
use crate::i18n::{T, fill, tr};
use crate::model::{Role, Worker};
use crate::store::messages::open_error;
use crate::store::{Store, StoreError};

/// A failure already phrased for the user.
pub struct Failure(pub String);

/// Today, or the date `--today` (`PILAR_TODAY`) pins (clap checked it; see `cli::date`).
pub fn today(cli: &Cli, _lang: Lang) -> Result<NaiveDate, Failure> {
    Ok(cli
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive()))
}

/// pilar's folder in the platform data folder (`~/.local/share/pilar` on Linux).
pub fn data_dir(lang: Lang) -> Result<PathBuf, Failure> {
    dirs::data_dir()
        .map(|d| d.join("pilar"))
        .ok_or_else(|| Failure(tr(lang, T::ErrNoDataDir).to_string()))
}

/// The real database: --db, else $PILAR_DB, else the platform data folder.
pub fn default_db(cli: &Cli, lang: Lang) -> Result<PathBuf, Failure> {
    if let Some(p) = &cli.db {
        return Ok(p.clone());
    }
    if let Some(p) = std::env::var_os("PILAR_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(data_dir(lang)?.join("pilar.db"))
}

/// The login of the worker using pilar: `--user`, else the database's default user, else
/// the login name.
pub fn login(cli: &Cli, lang: Lang, store: &Store) -> Result<String, Failure> {
    let err = |e: StoreError| Failure(open_error(lang, store.path(), &e));
    Ok(match &cli.user {
        Some(u) => u.clone(),
        None => match store.default_user().map_err(err)? {
            Some(u) => u,
            None => whoami(),
        },
    })
}

/// The worker whose login is `login`: the exact login, else the one login that differs
/// only in case (`--user Ani` finds `ani`); an unknown login is refused with the logins the
/// database knows.
pub fn find_worker(lang: Lang, store: &Store, login: &str) -> Result<Option<Worker>, Failure> {
    let err = |e: StoreError| Failure(open_error(lang, store.path(), &e));
    if let Some(w) = store.worker_by_login(login).map_err(err)? {
        return Ok(Some(w));
    }
    let workers = store.workers().map_err(err)?;
    let mut same = workers
        .iter()
        .filter(|w| w.login.to_lowercase() == login.to_lowercase());
    match (same.next(), same.next()) {
        (Some(w), None) => Ok(Some(w.clone())),
        _ => Ok(None),
    }
}

/// The refusal of a login the database does not know, naming the ones it does.
pub fn unknown_user(lang: Lang, store: &Store, login: &str) -> Failure {
    let mut logins: Vec<String> = store
        .workers()
        .unwrap_or_default()
        .into_iter()
        .map(|w| neutralize(&w.login))
        .collect();
    logins.sort();
    let login = neutralize(login);
    if logins.is_empty() {
        return Failure(fill(tr(lang, T::ErrNoUser), &[&login]));
    }
    Failure(fill(
        tr(lang, T::ErrNoUserKnown),
        &[&login, &logins.join(", ")],
    ))
}

/// Who is using pilar (see [`login`] and [`find_worker`]); a new, empty database registers
/// them as its first facilitator, and a login the database does not know is refused with a
/// message listing the known ones.
pub fn current_user(cli: &Cli, lang: Lang, store: &Store) -> Result<Worker, Failure> {
    let err = |e: StoreError| Failure(open_error(lang, store.path(), &e));
    let login = login(cli, lang, store)?;
    let user = match find_worker(lang, store, &login)? {
        Some(w) => w,
        None if cli.user.is_none()
            && !store.read_only()
            && store.workers().map_err(err)?.is_empty() =>
        {
            // A new database: its first user is the person running pilar.
            store
                .add_worker(&login, &login, Role::Facilitator, 10, None)
                .map_err(err)?
        }
        None => return Err(unknown_user(lang, store, &login)),
    };
    Ok(user)
}

/// Writes `text` to standard output and flushes it: `Ok(true)` when written, `Ok(false)`
/// when the reader went away (a closed pipe, `| head`: nothing more to say), and a failure
/// for anything else (`> /dev/full`), instead of the panic `print!` gives.
pub fn print_out(lang: Lang, text: &str) -> Result<bool, Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure(fill(tr(lang, T::ErrStdout), &[&e]))),
    }
}

/// A bad argument or value the command itself found (clap finds most): one line naming
/// it, status 2, as for clap's (see `cli::localize`).
pub fn usage(msg: &str) -> std::process::ExitCode {
    eprintln!("pilar: {msg}");
    std::process::ExitCode::from(2)
}

/// One line on standard output; see `say!`.
pub fn say_line(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// The app's settings in a language (the defaults), with the local zone from `TZ` and the
/// clock's offset (history times are shown in it).
pub fn settings(lang: Lang) -> Settings {
    let mut s = Settings::new(lang);
    let offset = chrono::Local::now().offset().local_minus_utc() / 60;
    s.zone = crate::domain::zone::Zone::new(std::env::var("TZ").ok().as_deref(), offset);
    s
}

/// The readiness rule's settings: the UMK from `PILAR_UMK` (Rupiah a month) and the
/// weights from `PILAR_READINESS_WEIGHTS` (`income=30,desil=15,...` over the defaults);
/// unset or empty keeps the defaults, a bad value is refused with its reason.
pub fn readiness_settings(
    lang: Lang,
) -> Result<crate::domain::readiness::ReadinessSettings, Failure> {
    use crate::domain::readiness::{Criterion, ReadinessSettings, Weights, WeightsError};
    let mut s = ReadinessSettings::default();
    if let Some(v) = std::env::var("PILAR_UMK")
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        s.umk = v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| Failure(fill(tr(lang, T::ReadinessBadUmk), &[&v])))?;
    }
    if let Ok(v) = std::env::var("PILAR_READINESS_WEIGHTS") {
        s.weights = Weights::parse(&v).map_err(|e| {
            let what = match e {
                WeightsError::Malformed(p) | WeightsError::BadWeight(p) => p,
                WeightsError::UnknownCriterion(k) => k,
                WeightsError::AllZero => "0".into(),
            };
            let keys: Vec<&str> = Criterion::ALL.iter().map(|c| c.key()).collect();
            Failure(fill(
                tr(lang, T::ReadinessBadWeights),
                &[&what, &keys.join(", ")],
            ))
        })?;
    }
    Ok(s)
}

/// Whether "Hari ini" opens at start when something is overdue: `PILAR_TODAY_AT_START`
/// (`ya`/`yes`/`1`/`on`, `tidak`/`no`/`0`/`off`; unset or empty: yes); anything else is
/// refused naming the variable.
pub fn today_at_start(lang: Lang) -> Result<bool, Failure> {
    let Some(v) = std::env::var("PILAR_TODAY_AT_START")
        .ok()
        .filter(|v| !v.trim().is_empty())
    else {
        return Ok(true);
    };
    match v.trim().to_lowercase().as_str() {
        "ya" | "yes" | "1" | "on" | "true" => Ok(true),
        "tidak" | "no" | "0" | "off" | "false" => Ok(false),
        _ => Err(Failure(fill(tr(lang, T::ErrTodayAtStart), &[&v]))),
    }
}

/// The "not met N months in a row" setting from `PILAR_FAILING_MONTHS` (1-24); unset or
/// empty keeps the default (3), a bad value is refused naming the variable.
pub fn failing_months(lang: Lang) -> Result<crate::domain::verification::FailingMonths, Failure> {
    use crate::domain::verification::FailingMonths;
    match std::env::var("PILAR_FAILING_MONTHS") {
        Ok(v) if !v.trim().is_empty() => FailingMonths::parse(&v)
            .ok_or_else(|| Failure(fill(tr(lang, T::FailingBadMonths), &[&v]))),
        _ => Ok(FailingMonths::default()),
    }
}

/// The login name (`USER`, else `LOGNAME`), or "pendamping".
pub fn whoami() -> String {
    // An empty variable counts as unset.
    ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "pendamping".into())
}
