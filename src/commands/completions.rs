//! `pilar completions bash|zsh|fish`: the shell's completion script (clap_complete) on
//! standard output, with the descriptions in the user's language. README says where each
//! shell looks for it.

use std::process::ExitCode;

use clap_complete::Shell;

use crate::cli::localize;
use crate::domain::Lang;

use super::{Failure, print_out};

/// The script of `shell` (clap allowed only bash, zsh and fish).
pub fn script(lang: Lang, shell: &str) -> String {
    let shell = match shell {
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        _ => Shell::Bash,
    };
    let mut cmd = localize::command(lang);
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "pilar", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Prints the script; a reader that went away is no failure.
pub fn command(lang: Lang, shell: &str) -> Result<ExitCode, Failure> {
    print_out(lang, &script(lang, shell))?;
    Ok(ExitCode::SUCCESS)
}
