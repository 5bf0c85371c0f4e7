//! `pilar init` (a new database, encrypted unless `--plaintext`) and `pilar passwd` (a new
//! passphrase for an encrypted one, refused while another pilar session has it open).

use std::process::ExitCode;

use crate::cli::Cli;
use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::store::messages::open_error;

use super::open::{has_database, new_passphrase, open, open_or_create};
use super::{Failure, default_db};

/// `pilar init`: creates the database; an existing file is refused.
pub fn init_command(cli: &Cli, lang: Lang) -> Result<ExitCode, Failure> {
    let path = default_db(cli, lang)?;
    // An empty file is no database: init creates one in it.
    if has_database(&path) {
        return Err(Failure(fill(tr(lang, T::InitExists), &[&path.display()])));
    }
    let store = open_or_create(&path, lang, cli.plaintext)?;
    let done = if store.encrypted() {
        T::InitDone
    } else {
        T::InitPlainDone
    };
    say!("{}", fill(tr(lang, done), &[&path.display()]));
    Ok(ExitCode::SUCCESS)
}

/// `pilar passwd`: the new passphrase from `PILAR_NEW_KEY_FILE`, or typed twice.
pub fn passwd_command(cli: &Cli, lang: Lang) -> Result<ExitCode, Failure> {
    let path = default_db(cli, lang)?;
    let store = open(&path, lang)?;
    if !store.encrypted() {
        return Err(Failure(fill(tr(lang, T::PasswdPlain), &[&path.display()])));
    }
    // Every other session would go on with the old key and fail at its next save: only
    // with the file to itself does passwd change it.
    if !store.lock_exclusive() {
        return Err(Failure(fill(tr(lang, T::PasswdInUse), &[&path.display()])));
    }
    let new = new_passphrase(lang, "PILAR_NEW_KEY_FILE")?;
    store
        .change_passphrase(&new)
        .map_err(|e| Failure(open_error(lang, &path, &e)))?;
    say!("{}", fill(tr(lang, T::PasswdDone), &[&path.display()]));
    Ok(ExitCode::SUCCESS)
}
