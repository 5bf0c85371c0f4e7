//! Entry point: parse arguments, pick the language, hand over to the subcommand (see
//! `commands`), and turn a failure into one clear message in the user's language and an
//! exit status.

use std::process::ExitCode;

use clap::FromArgMatches;
use clap::parser::ValueSource;

use pilar::cli::{Cli, Command, localize};
use pilar::commands::{self, Failure};
use pilar::domain::Lang;
use pilar::i18n::{self, T, fill, tr};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let early = localize::early_lang(&args);
    let cmd = localize::command(early);
    let parsed = cmd
        .clone()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(p) => p,
        Err(e) => return usage_exit(&e, early, &cmd, &args),
    };
    let lang = match cli.lang.as_deref() {
        None => Lang::Id,
        Some(s) => match i18n::parse_lang(s) {
            Some(l) => l,
            None => {
                // Named as given: the variable, or the option.
                let from_env = matches.value_source("lang") == Some(ValueSource::EnvVariable);
                let prefix = if from_env { "PILAR_LANG: " } else { "" };
                eprintln!("pilar: {prefix}{}", fill(tr(Lang::Id, T::ErrLang), &[&s]));
                eprintln!("pilar: {prefix}{}", fill(tr(Lang::En, T::ErrLang), &[&s]));
                return ExitCode::from(2);
            }
        },
    };
    // A bad theme is a bad argument, whatever the command.
    if let Err(msg) = pilar::term::palette(
        cli.theme.as_deref(),
        std::env::var("PILAR_THEME").ok().as_deref(),
        lang,
    ) {
        eprintln!("pilar: {msg}");
        return ExitCode::from(2);
    }
    // So is a bad PILAR_UMK or PILAR_READINESS_WEIGHTS (the message names the variable).
    if let Err(Failure(msg)) = commands::readiness_settings(lang) {
        eprintln!("pilar: {msg}");
        return ExitCode::from(2);
    }
    if let Err(Failure(msg)) = commands::today_at_start(lang) {
        eprintln!("pilar: {msg}");
        return ExitCode::from(2);
    }
    // And a bad PILAR_FAILING_MONTHS.
    if let Err(Failure(msg)) = commands::failing_months(lang) {
        eprintln!("pilar: {msg}");
        return ExitCode::from(2);
    }
    match run(&cli, lang) {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("pilar: {msg}");
            ExitCode::from(1)
        }
    }
}

/// A usage error on one line in the user's language, status 2; `--help` and `--version`
/// print as clap writes them (a closed pipe is no failure), status 0.
fn usage_exit(
    err: &clap::Error,
    lang: Lang,
    cmd: &clap::Command,
    args: &[std::ffi::OsString],
) -> ExitCode {
    match localize::usage_error(err, lang, cmd, args) {
        Some(line) => {
            eprintln!("pilar: {line}");
            ExitCode::from(2)
        }
        None => {
            let text = err.render().to_string();
            let code = if err.use_stderr() {
                eprint!("{text}");
                2
            } else {
                match commands::print_out(lang, &text) {
                    Ok(_) => 0,
                    Err(Failure(msg)) => {
                        eprintln!("pilar: {msg}");
                        1
                    }
                }
            };
            ExitCode::from(code)
        }
    }
}

fn run(cli: &Cli, lang: Lang) -> Result<ExitCode, Failure> {
    match &cli.command {
        None => commands::interactive::command(cli, lang),
        Some(Command::Init) => commands::init::init_command(cli, lang),
        Some(Command::Passwd) => commands::init::passwd_command(cli, lang),
        Some(Command::Import(args)) => commands::transfer::import_command(cli, lang, args),
        Some(Command::Export(args)) => commands::transfer::export_command(cli, lang, args),
        #[cfg(feature = "bench")]
        Some(Command::CrashWriter { count }) => commands::crash::command(cli, lang, *count),
        Some(Command::Merge { other }) => commands::merge::command(cli, lang, other),
        Some(Command::Verify(args)) => commands::verify::command(cli, lang, args),
        Some(Command::Report(args)) => commands::report::command(cli, lang, args),
        Some(Command::Print(args)) => commands::print::command(cli, lang, &args.what),
        #[cfg(feature = "bench")]
        Some(Command::Bench(args)) => commands::bench::command(cli, lang, args),
        Some(Command::Demo(args)) => commands::demo::command(cli, lang, args),
        Some(Command::Serve(args)) => commands::serve::command(cli, lang, args),
        Some(Command::Server(args)) => commands::server::command(cli, lang, args),
        Some(Command::Sync(args)) => commands::sync::command(cli, lang, args),
        Some(Command::Completions { shell }) => commands::completions::command(lang, shell),
    }
}
