//! Entry point: parse arguments, open the store, run the screen or a subcommand, and turn
//! every failure into one clear message in the user's language and an exit status.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::Parser;

use pilar::app::{App, Settings};
use pilar::cli::{Cli, Command, DemoArgs, ReportArgs};
use pilar::demo::{self, DemoConfig};
use pilar::domain::Lang;
use pilar::i18n::{self, T, fill, tr};
use pilar::model::Role;
use pilar::store::Store;
use pilar::store::messages::open_error;
use pilar::tui::{self, Ending};
use pilar::ui::Theme;

/// A failure already phrased for the user.
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang.as_deref() {
        None => Lang::Id,
        Some(s) => match i18n::parse_lang(s) {
            Some(l) => l,
            None => {
                eprintln!("pilar: {}", fill(tr(Lang::Id, T::ErrLang), &[&s]));
                eprintln!("pilar: {}", fill(tr(Lang::En, T::ErrLang), &[&s]));
                return ExitCode::from(2);
            }
        },
    };
    match run(&cli, lang) {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("pilar: {msg}");
            ExitCode::from(1)
        }
    }
}

fn today(cli: &Cli, lang: Lang) -> Result<NaiveDate, Failure> {
    match &cli.today {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| Failure(fill(tr(lang, T::ErrToday), &[s]))),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn data_dir(lang: Lang) -> Result<PathBuf, Failure> {
    dirs::data_dir()
        .map(|d| d.join("pilar"))
        .ok_or_else(|| Failure(tr(lang, T::ErrNoDataDir).to_string()))
}

/// The real database: --db, else $PILAR_DB, else the platform data folder.
fn default_db(cli: &Cli, lang: Lang) -> Result<PathBuf, Failure> {
    if let Some(p) = &cli.db {
        return Ok(p.clone());
    }
    if let Some(p) = std::env::var_os("PILAR_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(data_dir(lang)?.join("pilar.db"))
}

/// The passphrase in `PILAR_KEY_FILE`, if that is set.
fn key_file(lang: Lang) -> Result<Option<String>, Failure> {
    let Some(path) = std::env::var_os("PILAR_KEY_FILE").filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let path = PathBuf::from(path);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Failure(fill(tr(lang, T::ErrIo), &[&path.display(), &e])))?;
    Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
}

/// Asks for a passphrase on the terminal without echo.
fn ask(lang: Lang, t: T) -> Result<String, Failure> {
    rpassword::prompt_password(tr(lang, t))
        .map_err(|_| Failure(tr(lang, T::PassNoTerminal).to_string()))
}

/// A new passphrase: the key file's, or typed twice.
fn new_passphrase(lang: Lang) -> Result<String, Failure> {
    if let Some(k) = key_file(lang)? {
        return Ok(k);
    }
    for _ in 0..3 {
        let a = ask(lang, T::PassNew)?;
        if a.chars().count() < 8 {
            eprintln!("{}", tr(lang, T::PassShort));
            continue;
        }
        if ask(lang, T::PassAgain)? == a {
            return Ok(a);
        }
        eprintln!("{}", tr(lang, T::PassMismatch));
    }
    Err(Failure(tr(lang, T::PassMismatch).to_string()))
}

/// Opens the database at `path`: an encrypted one with the key file's passphrase or one
/// typed (three tries); a missing one is created, encrypted unless `plaintext`.
fn open_or_create(path: &Path, lang: Lang, plaintext: bool) -> Result<Store, Failure> {
    let fail = |e: pilar::store::StoreError| Failure(open_error(lang, path, &e));
    if !path.exists() {
        if plaintext {
            return Store::open(path).map_err(fail);
        }
        let key = new_passphrase(lang)?;
        return Store::open_encrypted(path, &key).map_err(fail);
    }
    if !pilar::store::is_encrypted(path).unwrap_or(false) {
        return Store::open(path).map_err(fail);
    }
    if let Some(key) = key_file(lang)? {
        return Store::open_encrypted(path, &key).map_err(fail);
    }
    for left in (0..3).rev() {
        let key = ask(lang, T::PassPrompt)?;
        match Store::open_encrypted(path, &key) {
            Ok(store) => return Ok(store),
            Err(pilar::store::StoreError::WrongKey) if left > 0 => {
                eprintln!("{}", fill(tr(lang, T::PassWrongRetry), &[&left]));
            }
            Err(e) => return Err(fail(e)),
        }
    }
    Err(fail(pilar::store::StoreError::WrongKey))
}

/// Opens an existing database; a missing one is an error (only `pilar`, `pilar init` and
/// `pilar import` create one).
fn open(path: &Path, lang: Lang) -> Result<Store, Failure> {
    if !path.exists() {
        return Err(Failure(fill(
            tr(lang, T::ErrNoDatabase),
            &[&path.display()],
        )));
    }
    open_or_create(path, lang, false)
}

fn run(cli: &Cli, lang: Lang) -> Result<ExitCode, Failure> {
    match &cli.command {
        None => {
            let path = default_db(cli, lang)?;
            let store = open_or_create(&path, lang, cli.plaintext)?;
            interactive(cli, lang, &store)
        }
        Some(Command::Init) => {
            let path = default_db(cli, lang)?;
            if path.exists() {
                return Err(Failure(fill(tr(lang, T::InitExists), &[&path.display()])));
            }
            let store = open_or_create(&path, lang, cli.plaintext)?;
            let done = if store.encrypted() {
                T::InitDone
            } else {
                T::InitPlainDone
            };
            println!("{}", fill(tr(lang, done), &[&path.display()]));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Passwd) => {
            let path = default_db(cli, lang)?;
            let store = open(&path, lang)?;
            if !store.encrypted() {
                return Err(Failure(fill(tr(lang, T::PasswdPlain), &[&path.display()])));
            }
            let new = match std::env::var_os("PILAR_NEW_KEY_FILE").filter(|p| !p.is_empty()) {
                Some(f) => std::fs::read_to_string(&f)
                    .map_err(|e| {
                        Failure(fill(
                            tr(lang, T::ErrIo),
                            &[&PathBuf::from(&f).display(), &e],
                        ))
                    })?
                    .trim_end_matches(['\n', '\r'])
                    .to_string(),
                None => {
                    // Ask twice, on the terminal.
                    let a = ask(lang, T::PassNew)?;
                    if a.chars().count() < 8 {
                        return Err(Failure(tr(lang, T::PassShort).to_string()));
                    }
                    if ask(lang, T::PassAgain)? != a {
                        return Err(Failure(tr(lang, T::PassMismatch).to_string()));
                    }
                    a
                }
            };
            store
                .change_passphrase(&new)
                .map_err(|e| Failure(open_error(lang, &path, &e)))?;
            println!("{}", fill(tr(lang, T::PasswdDone), &[&path.display()]));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import(args)) => {
            // A first import may create the database (encrypted unless --plaintext).
            let store = open_or_create(&default_db(cli, lang)?, lang, cli.plaintext)?;
            let user = current_user(cli, lang, &store)?;
            let code = pilar::transfer_cli::import(&store, &user, args, lang, today(cli, lang)?)
                .map_err(Failure)?;
            Ok(ExitCode::from(code))
        }
        Some(Command::Export(args)) => {
            let store = open(&default_db(cli, lang)?, lang)?;
            let user = current_user(cli, lang, &store)?;
            pilar::transfer_cli::export(&store, &user, args, lang).map_err(Failure)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::CrashWriter { count }) => {
            let path = default_db(cli, lang)?;
            let store = open(&path, lang)?;
            let fail = |e: pilar::store::StoreError| Failure(open_error(lang, &path, &e));
            pilar::crash::write_loop(&store, *count, today(cli, lang)?).map_err(fail)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Merge { other }) => merge(cli, lang, other),
        Some(Command::Verify) => {
            let path = default_db(cli, lang)?;
            let store = open(&path, lang)?;
            let v = store
                .verify()
                .map_err(|e| Failure(open_error(lang, &path, &e)))?;
            for line in &v.integrity {
                println!("{}", fill(tr(lang, T::VerifyIntegrity), &[line]));
            }
            if let Some((seq, id)) = &v.broken {
                println!("{}", fill(tr(lang, T::VerifyBroken), &[seq, id]));
            }
            if v.ok() {
                println!(
                    "{}",
                    fill(tr(lang, T::VerifyOk), &[&path.display(), &v.entries])
                );
                Ok(ExitCode::SUCCESS)
            } else {
                Ok(ExitCode::from(1))
            }
        }
        Some(Command::Report(args)) => report(cli, lang, args),
        Some(Command::Bench(args)) => {
            if let Some(n) = args.import {
                pilar::transfer_cli::bench_import(n, lang, today(cli, lang)?).map_err(Failure)?;
                return Ok(ExitCode::SUCCESS);
            }
            let path = default_db(cli, lang)?;
            let cfg = pilar::bench::BenchConfig {
                moves: args.moves,
                searches: args.searches,
                starts: args.starts,
                today: today(cli, lang)?,
                settings: settings(lang),
            };
            pilar::bench::run(&path, &cfg).map_err(|e| Failure(open_error(lang, &path, &e)))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Demo(args)) => {
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
    }
}

/// `pilar merge OTHER`: opens both databases (the other read-only; PILAR_KEY_FILE serves
/// both, else each passphrase is asked), merges, and reports per table.
fn merge(cli: &Cli, lang: Lang, other: &Path) -> Result<ExitCode, Failure> {
    use pilar::store::MergeError;
    let path = default_db(cli, lang)?;
    let store = open(&path, lang)?;
    let theirs = open_other(other, lang)?;
    let err = |e: pilar::store::StoreError| Failure(open_error(lang, &path, &e));
    let login = match &cli.user {
        Some(u) => Some(u.clone()),
        None => store.default_user().map_err(err)?,
    }
    .unwrap_or_else(whoami);
    let author = match store.worker_by_login(&login).map_err(err)? {
        Some(w) => w,
        None => return Err(Failure(fill(tr(lang, T::ErrNoUser), &[&login]))),
    };
    let source = other.display().to_string();
    let report = match store.merge_from(&theirs, &author.id, &source) {
        Ok(r) => r,
        Err(MergeError::SameFile) => {
            return Err(Failure(fill(tr(lang, T::MergeSameFile), &[&source])));
        }
        Err(MergeError::ReadOnly) => {
            return Err(Failure(fill(
                tr(lang, T::MergeReadOnly),
                &[&path.display()],
            )));
        }
        Err(MergeError::LoginClash { login }) => {
            return Err(Failure(fill(tr(lang, T::MergeLoginClash), &[&login])));
        }
        Err(MergeError::OtherBroken { seq, id }) => {
            return Err(Failure(fill(
                tr(lang, T::MergeOtherBroken),
                &[&source, &seq, &id],
            )));
        }
        Err(MergeError::Store(e)) => return Err(err(e)),
    };
    if report.changed() {
        println!(
            "{}",
            fill(tr(lang, T::MergeDone), &[&source, &path.display()])
        );
        for t in report
            .tables
            .iter()
            .filter(|t| t.added + t.updated + t.conflicts > 0)
        {
            println!(
                "{}",
                fill(
                    tr(lang, T::MergeLine),
                    &[
                        &i18n::merge_table(lang, t.table),
                        &t.added,
                        &t.updated,
                        &t.conflicts
                    ]
                )
            );
        }
        println!("{}", fill(tr(lang, T::MergeHistory), &[&report.history]));
    } else {
        println!("{}", fill(tr(lang, T::MergeNothing), &[&source]));
    }
    if report.open_conflicts > 0 {
        println!(
            "{}",
            fill(tr(lang, T::MergeOpen), &[&report.open_conflicts])
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The other database of a merge, read-only: its passphrase from PILAR_KEY_FILE, or asked
/// (three tries) naming the file.
fn open_other(path: &Path, lang: Lang) -> Result<Store, Failure> {
    let fail = |e: pilar::store::StoreError| Failure(open_error(lang, path, &e));
    if !pilar::store::is_encrypted(path).unwrap_or(false) {
        return Store::open_other(path, None).map_err(fail);
    }
    if let Some(key) = key_file(lang)? {
        return Store::open_other(path, Some(&key)).map_err(fail);
    }
    for left in (0..3).rev() {
        let key =
            rpassword::prompt_password(fill(tr(lang, T::MergePassPrompt), &[&path.display()]))
                .map_err(|_| Failure(tr(lang, T::PassNoTerminal).to_string()))?;
        match Store::open_other(path, Some(&key)) {
            Ok(store) => return Ok(store),
            Err(pilar::store::StoreError::WrongKey) if left > 0 => {
                eprintln!("{}", fill(tr(lang, T::PassWrongRetry), &[&left]));
            }
            Err(e) => return Err(fail(e)),
        }
    }
    Err(fail(pilar::store::StoreError::WrongKey))
}

fn write_demo(cli: &Cli, lang: Lang, path: &Path, args: &DemoArgs) -> Result<(), Failure> {
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
        pilar::store::ensure_private_dir(dir)
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
                &pilar::domain::format::thousands(lang, summary.households as i64),
                &summary.workers,
                &path.display(),
                &secs
            ]
        )
    );
    Ok(())
}

/// True when the locale cannot show box-drawing characters.
fn ascii_locale() -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let v = v.to_lowercase();
            return !(v.contains("utf-8") || v.contains("utf8"));
        }
    }
    true
}

/// The login of the worker using pilar: `--user`, else the database's default user, else
/// the login name.
fn login(cli: &Cli, lang: Lang, store: &Store) -> Result<String, Failure> {
    let err = |e: pilar::store::StoreError| Failure(open_error(lang, store.path(), &e));
    Ok(match &cli.user {
        Some(u) => u.clone(),
        None => match store.default_user().map_err(err)? {
            Some(u) => u,
            None => whoami(),
        },
    })
}

/// `pilar report`: the roll-up of the user's scope (a supervisor's whole team, a
/// facilitator's own row) on stdout.
fn report(cli: &Cli, lang: Lang, args: &ReportArgs) -> Result<ExitCode, Failure> {
    use chrono::Datelike;
    let format = pilar::report::Format::parse(&args.format)
        .ok_or_else(|| Failure(fill(tr(lang, T::ReportBadFormat), &[&args.format])))?;
    let path = default_db(cli, lang)?;
    let store = open(&path, lang)?;
    let err = |e: pilar::store::StoreError| Failure(open_error(lang, &path, &e));
    let login = login(cli, lang, &store)?;
    let user = store
        .worker_by_login(&login)
        .map_err(err)?
        .ok_or_else(|| Failure(fill(tr(lang, T::ErrNoUser), &[&login])))?;
    let today = today(cli, lang)?;
    let year = args.year.unwrap_or(today.year());
    let as_of = pilar::report::as_of(year, today);
    let scope = pilar::model::Scope::for_worker(&user);
    let data = store
        .team(&scope, year, as_of, today, &settings(lang).policy)
        .map_err(err)?;
    print!("{}", pilar::report::render(&data, lang, format));
    Ok(ExitCode::SUCCESS)
}

fn interactive(cli: &Cli, lang: Lang, store: &Store) -> Result<ExitCode, Failure> {
    let user = current_user(cli, lang, store)?;
    let mut settings = settings(lang);
    settings.monitoring_months = cli.monitoring_months;
    let err = |e: pilar::store::StoreError| Failure(open_error(lang, store.path(), &e));
    let is_demo = store.is_demo().map_err(err)?;
    let mut app = App::new(settings, user, today(cli, lang)?, is_demo);
    app.read_only = store.read_only();
    app.encrypted = store.encrypted();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let theme = Theme::new(color, cli.ascii || ascii_locale());
    match tui::run(store, &mut app, &theme, cli.today.is_none()) {
        Ok(Ending::Quit | Ending::InputClosed) => Ok(ExitCode::SUCCESS),
        Ok(Ending::Signal(sig)) => Ok(ExitCode::from((128 + sig) as u8)),
        Err(e) => Err(Failure(fill(tr(lang, T::ErrTerminal), &[&e]))),
    }
}

/// Who is using pilar (see [`login`]); a new, empty database registers them as its first
/// facilitator, and a login the database does not know is refused with a message.
fn current_user(cli: &Cli, lang: Lang, store: &Store) -> Result<pilar::model::Worker, Failure> {
    let err = |e: pilar::store::StoreError| Failure(open_error(lang, store.path(), &e));
    let login = login(cli, lang, store)?;
    let user = match store.worker_by_login(&login).map_err(err)? {
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
        None => return Err(Failure(fill(tr(lang, T::ErrNoUser), &[&login]))),
    };
    Ok(user)
}

fn settings(lang: Lang) -> Settings {
    Settings::new(lang)
}

fn whoami() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "pendamping".into())
}
