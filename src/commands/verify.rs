//! `pilar verify`: checks the database file (`integrity_check`) and its tamper-evident
//! history chain; exit status 1 when either is broken.

use std::process::ExitCode;

use crate::cli::Cli;
use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::store::messages::open_error;

use super::open::open;
use super::{Failure, default_db};

/// `pilar verify`: prints what it found; status 1 when something is broken.
pub fn command(cli: &Cli, lang: Lang) -> Result<ExitCode, Failure> {
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
