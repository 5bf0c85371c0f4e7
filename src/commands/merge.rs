//! `pilar merge OTHER`: brings another pilar database (a laptop worked offline) into this
//! one and reports per table.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::Cli;
use crate::domain::Lang;
use crate::i18n::{self, T, fill, tr};
use crate::store::StoreError;
use crate::store::messages::open_error;

use super::open::{open, open_other};
use super::{Failure, default_db, whoami};

/// `pilar merge OTHER`: opens both databases (the other read-only; PILAR_KEY_FILE serves
/// both, else each passphrase is asked), merges, and reports per table.
pub fn command(cli: &Cli, lang: Lang, other: &Path) -> Result<ExitCode, Failure> {
    use crate::store::MergeError;
    let path = default_db(cli, lang)?;
    let store = open(&path, lang)?;
    let theirs = open_other(other, lang)?;
    let err = |e: StoreError| Failure(open_error(lang, &path, &e));
    let login = match &cli.user {
        Some(u) => Some(u.clone()),
        None => store.default_user().map_err(err)?,
    }
    .unwrap_or_else(whoami);
    let author = match super::find_worker(lang, &store, &login)? {
        Some(w) => w,
        None => return Err(super::unknown_user(lang, &store, &login)),
    };
    let source = other.display().to_string();
    let mut bar = crate::progress::Bar::new(lang, T::ProgressMerge);
    let merged = store.merge_from_with(&theirs, &author.id, &source, &mut bar.callback());
    bar.finish();
    let report = match merged {
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
        say!(
            "{}",
            fill(tr(lang, T::MergeDone), &[&source, &path.display()])
        );
        for t in report
            .tables
            .iter()
            .filter(|t| t.added + t.updated + t.conflicts > 0)
        {
            say!(
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
        say!("{}", fill(tr(lang, T::MergeHistory), &[&report.history]));
    } else {
        say!("{}", fill(tr(lang, T::MergeNothing), &[&source]));
    }
    if report.open_conflicts > 0 {
        say!(
            "{}",
            fill(tr(lang, T::MergeOpen), &[&report.open_conflicts])
        );
    }
    Ok(ExitCode::SUCCESS)
}
