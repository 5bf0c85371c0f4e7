//! The command line in the user's language and with the habits of command-line tools:
//! [`command`] builds clap's `Command` with every about and argument help taken from the
//! i18n table (`i18n::cli_help`) in the language read early from the arguments or
//! `PILAR_LANG` ([`early_lang`]); an environment variable set to nothing counts as unset;
//! [`usage_error`] turns clap's errors into one line naming the argument (or the environment
//! variable that gave the bad value), for status 2.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::Cli;
use crate::domain::Lang;
use crate::i18n::cli_help::{
    CLI_ARGUMENTS, CLI_CHOICES, CLI_COMMANDS, CLI_DEFAULT, CLI_ENV, CLI_MORE, CLI_OPTIONS,
    CLI_USAGE, cli_help, pick,
};
use crate::i18n::{self, T, fill, tr};

/// The language to write help and usage errors in, before clap has parsed anything:
/// `--lang X` or `--lang=X` on the command line, else a non-empty `PILAR_LANG`, else
/// Indonesian (a value pilar does not know is refused later, in both languages).
pub fn early_lang(args: &[OsString]) -> Lang {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut given = None;
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            given = it.next().map(|v| v.into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            given = Some(v.to_string());
        }
    }
    let given = given.or_else(|| std::env::var("PILAR_LANG").ok().filter(|v| !v.is_empty()));
    given.and_then(|v| i18n::parse_lang(&v)).unwrap_or(Lang::Id)
}

/// pilar's `Command` with its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = localize(Cli::command(), lang, "");
    cmd = cmd
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(help(lang, "--version"))
                .help_heading(pick(lang, CLI_OPTIONS)),
        )
        .after_help(pick(lang, CLI_MORE));
    cmd.build();
    help_subcommands(cmd, lang)
}

fn help(lang: Lang, path: &str) -> String {
    cli_help(lang, path).map(str::to_string).unwrap_or_default()
}

/// The key of an argument in the help table: `"demo --households"`, `"merge OTHER"`, `"--db"`.
pub fn arg_key(path: &str, arg: &Arg) -> String {
    let name = match arg.get_long() {
        Some(long) => format!("--{long}"),
        None => arg.get_value_names().and_then(|v| v.first()).map_or_else(
            || arg.get_id().to_string().to_uppercase(),
            |v| v.to_string(),
        ),
    };
    format!("{path} {name}").trim().to_string()
}

/// What clap would note after an argument's help, in `lang`: its variable (by name, not
/// its value), its choices and its default, as ` [bawaan: 462]`.
fn notes(a: &Arg, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(env) = a.get_env() {
        out += &format!(" [{}: {}]", pick(lang, CLI_ENV), env.to_string_lossy());
    }
    let choices: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    // A flag's "true/false" is no choice to show.
    if !choices.is_empty() && a.get_action().takes_values() {
        out += &format!(" [{}: {}]", pick(lang, CLI_CHOICES), choices.join(", "));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && a.get_action().takes_values() {
        out += &format!(" [{}: {}]", pick(lang, CLI_DEFAULT), defaults.join(", "));
    }
    out
}

/// `cmd` (at `path`, "" for pilar itself) and its subcommands in `lang`.
fn localize(mut cmd: Command, lang: Lang, path: &str) -> Command {
    if let Some(about) = cli_help(lang, path) {
        cmd = cmd.about(about).long_about(None);
    }
    let template = format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        pick(lang, CLI_USAGE)
    );
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading(pick(lang, CLI_COMMANDS))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(help(lang, "--help")),
        );
    let args: Vec<(clap::Id, String, bool, bool, String)> = cmd
        .get_arguments()
        .map(|a| {
            let env_empty = a
                .get_env()
                .and_then(std::env::var_os)
                .is_some_and(|v| v.is_empty());
            (
                a.get_id().clone(),
                arg_key(path, a),
                a.is_positional(),
                env_empty,
                notes(a, lang),
            )
        })
        .collect();
    for (id, key, positional, env_empty, notes) in args {
        let text = cli_help(lang, &key).map(|t| format!("{t}{notes}"));
        let heading = pick(
            lang,
            if positional {
                CLI_ARGUMENTS
            } else {
                CLI_OPTIONS
            },
        );
        cmd = cmd.mut_arg(id, |mut a| {
            if let Some(text) = text {
                a = a.help(text).long_help(None);
            }
            if env_empty {
                // `PILAR_TODAY=` is no date: it means "not set".
                a = a.env(None::<&'static str>);
            }
            // clap's notes are English: ours (in `text`) replace them.
            a = a.hide_env(true);
            if a.get_action().takes_values() {
                a = a.hide_default_value(true).hide_possible_values(true);
            }
            a.help_heading(heading)
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = format!("{path} {name}").trim().to_string();
        cmd = cmd.mut_subcommand(name, |s| localize(s, lang, &sub_path));
    }
    cmd
}

/// The `help` subcommands clap adds while building: their about in `lang`.
fn help_subcommands(mut cmd: Command, lang: Lang) -> Command {
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = if name == "help" {
            cmd.mut_subcommand(name, |s| s.about(help(lang, "help")))
        } else {
            cmd.mut_subcommand(name, |s| help_subcommands(s, lang))
        };
    }
    cmd
}

fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Every argument of `cmd` and its subcommands.
fn all_args(cmd: &Command) -> Vec<&Arg> {
    let mut out: Vec<&Arg> = cmd.get_arguments().collect();
    for s in cmd.get_subcommands() {
        out.extend(all_args(s));
    }
    out
}

/// How a usage error names the argument `shown` (clap's `--format <FORMAT>`): `--format`,
/// or the environment variable when the value came from one and not from the command line.
fn arg_name(cmd: &Command, args: &[OsString], shown: &str) -> String {
    let first = shown.split_whitespace().next().unwrap_or(shown).to_string();
    let Some(long) = first.strip_prefix("--") else {
        return first;
    };
    let on_line = args.iter().any(|a| {
        let a = a.to_string_lossy();
        a == first || a.starts_with(&format!("{first}="))
    });
    if !on_line
        && let Some(env) = all_args(cmd)
            .into_iter()
            .find(|a| a.get_long() == Some(long))
            .and_then(Arg::get_env)
        && std::env::var_os(env).is_some_and(|v| !v.is_empty())
    {
        return env.to_string_lossy().into_owned();
    }
    first
}

/// clap's error as one line in `lang`, or `None` for what is no error (`--help`,
/// `--version`: clap prints those itself) or a help page shown for a missing subcommand.
pub fn usage_error(
    err: &clap::Error,
    lang: Lang,
    cmd: &Command,
    args: &[OsString],
) -> Option<String> {
    let arg = || {
        context(err, ContextKind::InvalidArg)
            .map(|a| arg_name(cmd, args, &a))
            .unwrap_or_default()
    };
    let value = || context(err, ContextKind::InvalidValue).unwrap_or_default();
    Some(match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::InvalidValue => match context(err, ContextKind::ValidValue) {
            Some(valid) if !value().is_empty() => {
                fill(tr(lang, T::UsageBadChoice), &[&arg(), &value(), &valid])
            }
            _ if value().is_empty() => fill(tr(lang, T::UsageNoValue), &[&arg()]),
            _ => fill(tr(lang, T::UsageBadValue), &[&arg(), &value()]),
        },
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(err);
            let template = if arg().ends_with("TODAY") || arg() == "--today" {
                T::UsageBadDate
            } else if source.is_some_and(|s| {
                s.is::<std::num::ParseIntError>() || s.is::<std::num::ParseFloatError>()
            }) {
                T::UsageBadNumber
            } else {
                T::UsageBadValue
            };
            fill(tr(lang, template), &[&arg(), &value()])
        }
        ErrorKind::UnknownArgument => fill(tr(lang, T::UsageUnknownArg), &[&arg()]),
        ErrorKind::InvalidSubcommand => {
            let sub = context(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            fill(tr(lang, T::UsageUnknownCommand), &[&sub])
        }
        ErrorKind::MissingRequiredArgument => fill(tr(lang, T::UsageMissing), &[&arg()]),
        ErrorKind::ArgumentConflict => {
            let prior = context(err, ContextKind::PriorArg).unwrap_or_default();
            fill(tr(lang, T::UsageConflict), &[&arg(), &prior])
        }
        ErrorKind::NoEquals
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues
        | ErrorKind::TooManyValues => fill(tr(lang, T::UsageNoValue), &[&arg()]),
        ErrorKind::MissingSubcommand => {
            let sub = context(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            let valid = context(err, ContextKind::ValidSubcommand).unwrap_or_default();
            fill(tr(lang, T::UsageNeedsCommand), &[&sub, &valid])
        }
        _ => {
            let text = err.kind().as_str().unwrap_or("?");
            fill(tr(lang, T::UsageOther), &[&text])
        }
    })
}
