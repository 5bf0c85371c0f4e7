//! Store errors as sentences in the user's language, with the core's texts (`i18n::T`):
//! the store's own messages, next to its error type, so the core never names it.

use std::path::Path;

use pilar_core::domain::Lang;
use pilar_core::i18n::{T, fill, tr};

use super::StoreError;

/// A store error as a sentence (without the file name; see [`open_error`]).
pub fn store_error(lang: Lang, e: &StoreError) -> String {
    if e.is_disk_full() {
        return tr(lang, T::ErrDiskFull).into();
    }
    if e.is_read_only() {
        return tr(lang, T::ErrReadOnlyShort).into();
    }
    if e.is_busy() {
        return tr(lang, T::ErrBusy).into();
    }
    match e {
        StoreError::Io(io) => io.to_string(),
        StoreError::Sqlite(s) => s.to_string(),
        other => match (lang, other) {
            (Lang::Id, StoreError::NewerSchema { .. }) => "skema lebih baru".into(),
            (Lang::Id, StoreError::NotPilar) => "bukan basis data pilar".into(),
            (Lang::Id, StoreError::NotADatabase) => "bukan basis data SQLite".into(),
            (lang, StoreError::Unsafe { .. }) => tr(lang, T::ErrUnsafeShort).into(),
            (lang, StoreError::ReadOnlyOld) => tr(lang, T::ErrReadOnlyShort).into(),
            (lang, StoreError::NeedsKey) => tr(lang, T::PassPrompt).into(),
            (lang, StoreError::WrongKey) => tr(lang, T::ErrWrongKeyShort).into(),
            (lang, StoreError::Empty) => tr(lang, T::ErrEmptyShort).into(),
            (lang, StoreError::NotAllowed) => tr(lang, T::ErrNotAllowed).into(),
            (Lang::En, other) => other.to_string(),
            (Lang::Id, other) => other.to_string(),
        },
    }
}

/// Why the database at `path` could not be opened, as a full sentence.
pub fn open_error(lang: Lang, path: &Path, e: &StoreError) -> String {
    let p = path.display();
    if matches!(e, StoreError::Locked) {
        return fill(tr(lang, T::ErrLockedOpen), &[&p]);
    }
    if e.needs_rollback() {
        return fill(tr(lang, T::ErrNeedsRollback), &[&p]);
    }
    if e.is_busy() {
        return fill(tr(lang, T::ErrBusyOpen), &[&p]);
    }
    match e {
        StoreError::NewerSchema { found, known } => {
            fill(tr(lang, T::ErrNewerSchema), &[&p, found, known])
        }
        StoreError::NotPilar => fill(tr(lang, T::ErrNotPilar), &[&p]),
        StoreError::NotADatabase => fill(tr(lang, T::ErrNotADatabase), &[&p]),
        StoreError::Io(io) => fill(tr(lang, T::ErrIo), &[&p, io]),
        StoreError::Sqlite(s) => fill(tr(lang, T::ErrSqlite), &[&p, s]),
        StoreError::Unsafe { mode } => {
            fill(tr(lang, T::ErrUnsafe), &[&p, &format!("{mode:o}"), &p])
        }
        StoreError::ReadOnlyOld => fill(tr(lang, T::ErrReadOnlyOld), &[&p]),
        StoreError::NeedsKey => fill(tr(lang, T::ErrNeedsKey), &[&p]),
        StoreError::WrongKey => fill(tr(lang, T::ErrWrongKey), &[&p]),
        StoreError::Empty => fill(tr(lang, T::ErrEmpty), &[&p]),
        StoreError::Locked => fill(tr(lang, T::ErrLockedOpen), &[&p]),
        StoreError::NotAllowed => tr(lang, T::ErrNotAllowed).to_string(),
    }
}
