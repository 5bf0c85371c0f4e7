//! Entry point: parse arguments, pick the language, hand over to the subcommand (see
//! `commands`), and turn a failure into one clear message in the user's language and an
//! exit status.

use std::process::ExitCode;

use clap::Parser;

use pilar::cli::{Cli, Command};
use pilar::commands::{self, Failure};
use pilar::domain::Lang;
use pilar::i18n::{self, T, fill, tr};

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
    // A bad theme is a bad argument, whatever the command.
    if let Err(msg) = pilar::term::palette(
        cli.theme.as_deref(),
        std::env::var("PILAR_THEME").ok().as_deref(),
        lang,
    ) {
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
        #[cfg(feature = "bench")]
        Some(Command::Bench(args)) => commands::bench::command(cli, lang, args),
        Some(Command::Demo(args)) => commands::demo::command(cli, lang, args),
        Some(Command::Serve(args)) => commands::serve::command(cli, lang, args),
        Some(Command::Server(args)) => commands::server::command(cli, lang, args),
        Some(Command::Sync(args)) => commands::sync::command(cli, lang, args),
    }
}
