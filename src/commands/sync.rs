//! `pilar sync [--server URL --code CODE] [--ca FILE]`: enrols this laptop on first use
//! (a new, empty database restores the worker's caseload with its history), then pulls,
//! merges and pushes (`crate::sync`), and prints what moved. Exit 0 on success, 1 with the
//! reason otherwise; running it again after any failure is safe.

use std::process::ExitCode;

use crate::cli::{Cli, SyncArgs};
use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::store::StoreError;
use crate::store::messages::open_error;
use crate::sync::{self, Options};

use super::open::{open, open_or_create};
use super::{Failure, default_db};

pub fn command(cli: &Cli, lang: Lang, args: &SyncArgs) -> Result<ExitCode, Failure> {
    let path = default_db(cli, lang)?;
    if args.code.is_some() && args.server.is_none() {
        // Enrolling again with the server already known is fine; a first one needs it.
        let known = path.exists() && {
            let store = open(&path, lang)?;
            store
                .sync_state()
                .map_err(|e: StoreError| Failure(open_error(lang, &path, &e)))?
                .server_url
                .is_some()
        };
        if !known {
            return Err(Failure(tr(lang, T::SyncCodeNeedsServer).to_string()));
        }
    }
    let ca_pem = match &args.ca {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .map_err(|e| Failure(fill(tr(lang, T::SyncCaRead), &[&f.display(), &e])))?,
        ),
        None => None,
    };
    // A new laptop: the database is created (encrypted unless --plaintext) and restored.
    let store = open_or_create(&path, lang, cli.plaintext)?;
    // Sent at enrolment only when named: the server refuses a code for a login this
    // database knows under another id (a clash found after enrolment is refused here too).
    let login = cli.user.clone();
    let opts = Options {
        server: args.server.clone(),
        code: args.code.clone(),
        ca_pem,
        login,
    };
    match sync::run(&store, &opts) {
        Ok(report) => {
            for line in sync::summary(lang, &report) {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let msg = e.message(lang, &path);
            // Kept for the status bar and support; a failure to record it changes nothing.
            let _ = store.sync_finished(Some(&msg));
            Err(Failure(fill(tr(lang, T::SyncFailed), &[&msg])))
        }
    }
}
