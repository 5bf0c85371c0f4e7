//! Opening a database: the passphrase from `PILAR_KEY_FILE` or typed on the terminal
//! (three tries), a new database created encrypted unless `--plaintext`, and the other
//! database of a merge opened read-only.

use std::path::{Path, PathBuf};

use crate::domain::Lang;
use crate::i18n::{T, fill, tr};
use crate::store::messages::open_error;
use crate::store::{Store, StoreError, is_encrypted};

use super::Failure;

/// The passphrase in `PILAR_KEY_FILE`, if that is set.
pub fn key_file(lang: Lang) -> Result<Option<String>, Failure> {
    read_key_file(lang, "PILAR_KEY_FILE")
}

/// The passphrase in the file the environment variable `var` names, if it is set. A file
/// other users may read or change, or a passphrase shorter than 8 characters, is refused
/// with the reason (a typed one must be 8 long too). Trailing line ends are not part of it.
fn read_key_file(lang: Lang, var: &str) -> Result<Option<String>, Failure> {
    let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let path = PathBuf::from(path);
    let io = |e: std::io::Error| Failure(fill(tr(lang, T::ErrIo), &[&path.display(), &e]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).map_err(io)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(Failure(fill(
                tr(lang, T::KeyFileShared),
                &[&path.display(), &format!("{mode:o}"), &path.display()],
            )));
        }
    }
    let text = std::fs::read_to_string(&path).map_err(io)?;
    let key = text.trim_end_matches(['\n', '\r']).to_string();
    if key.chars().count() < MIN_PASSPHRASE {
        return Err(Failure(fill(tr(lang, T::KeyFileShort), &[&path.display()])));
    }
    Ok(Some(key))
}

/// The shortest passphrase pilar sets.
const MIN_PASSPHRASE: usize = 8;

/// Asks for a passphrase on the terminal without echo.
pub fn ask(lang: Lang, t: T) -> Result<String, Failure> {
    rpassword::prompt_password(tr(lang, t))
        .map_err(|_| Failure(tr(lang, T::PassNoTerminal).to_string()))
}

/// Asks for the passphrase of an existing file with `prompt` until one is typed: an empty
/// one is said to be so and asked again (it counts as one of the tries).
fn ask_existing(lang: Lang, prompt: &str) -> Result<Option<String>, Failure> {
    let key = rpassword::prompt_password(prompt)
        .map_err(|_| Failure(tr(lang, T::PassNoTerminal).to_string()))?;
    if key.is_empty() {
        eprintln!("{}", tr(lang, T::PassEmpty));
        return Ok(None);
    }
    Ok(Some(key))
}

/// A new passphrase: the one in the key file `var` names (`PILAR_KEY_FILE` for a new
/// database, `PILAR_NEW_KEY_FILE` for `pilar passwd`), or typed twice on the terminal
/// (three tries; an empty or short one, or two that differ, are said to be so).
pub fn new_passphrase(lang: Lang, var: &str) -> Result<String, Failure> {
    if let Some(k) = read_key_file(lang, var)? {
        return Ok(k);
    }
    for _ in 0..3 {
        let a = ask(lang, T::PassNew)?;
        if a.is_empty() {
            eprintln!("{}", tr(lang, T::PassEmpty));
            continue;
        }
        if a.chars().count() < MIN_PASSPHRASE {
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

/// Whether a file with something in it is at `path`: a missing or empty (0-byte) file holds
/// no database.
pub fn has_database(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// Opens the database at `path`: an encrypted one with the key file's passphrase or one
/// typed (three tries); a missing one is created, encrypted unless `plaintext`. An empty
/// (0-byte) file is a new database too, created encrypted unless `plaintext`, never taken
/// silently for an unencrypted one.
pub fn open_or_create(path: &Path, lang: Lang, plaintext: bool) -> Result<Store, Failure> {
    let fail = |e: StoreError| Failure(open_error(lang, path, &e));
    if !has_database(path) {
        if plaintext {
            return Store::open(path).map_err(fail);
        }
        let key = new_passphrase(lang, "PILAR_KEY_FILE")?;
        return Store::open_encrypted(path, &key).map_err(fail);
    }
    if !is_encrypted(path).unwrap_or(false) {
        return Store::open(path).map_err(fail);
    }
    if let Some(key) = key_file(lang)? {
        return Store::open_encrypted(path, &key).map_err(fail);
    }
    for left in (0..3).rev() {
        let Some(key) = ask_existing(lang, tr(lang, T::PassPrompt))? else {
            continue;
        };
        match Store::open_encrypted(path, &key) {
            Ok(store) => return Ok(store),
            Err(StoreError::WrongKey) if left > 0 => {
                eprintln!("{}", fill(tr(lang, T::PassWrongRetry), &[&left]));
            }
            Err(e) => return Err(fail(e)),
        }
    }
    Err(fail(StoreError::WrongKey))
}

/// Opens an existing database; a missing one is an error (only `pilar`, `pilar init` and
/// `pilar import` create one), and so is an empty file (nothing is written into it).
pub fn open(path: &Path, lang: Lang) -> Result<Store, Failure> {
    if !path.exists() {
        return Err(Failure(fill(
            tr(lang, T::ErrNoDatabase),
            &[&path.display()],
        )));
    }
    if !has_database(path) {
        return Err(Failure(open_error(lang, path, &StoreError::Empty)));
    }
    open_or_create(path, lang, false)
}

/// The other database of a merge, read-only: its passphrase from PILAR_KEY_FILE, or asked
/// (three tries) naming the file.
pub fn open_other(path: &Path, lang: Lang) -> Result<Store, Failure> {
    with_passphrase(path, lang, |key| Store::open_other(path, key))
}

/// An existing database opened only to be read (`pilar verify`): never migrated, never
/// written. Its passphrase from PILAR_KEY_FILE, or asked (three tries) naming the file.
pub fn open_read_only(path: &Path, lang: Lang) -> Result<Store, Failure> {
    if !path.exists() {
        return Err(Failure(fill(
            tr(lang, T::ErrNoDatabase),
            &[&path.display()],
        )));
    }
    with_passphrase(path, lang, |key| Store::open_read_only(path, key))
}

/// Opens `path` with `opener`: without a passphrase when it is not encrypted, else with
/// PILAR_KEY_FILE's, else with one typed (three tries, the prompt naming the file).
fn with_passphrase(
    path: &Path,
    lang: Lang,
    opener: impl Fn(Option<&str>) -> Result<Store, StoreError>,
) -> Result<Store, Failure> {
    let fail = |e: StoreError| Failure(open_error(lang, path, &e));
    if !is_encrypted(path).unwrap_or(false) {
        return opener(None).map_err(fail);
    }
    if let Some(key) = key_file(lang)? {
        return opener(Some(&key)).map_err(fail);
    }
    for left in (0..3).rev() {
        let prompt = fill(tr(lang, T::MergePassPrompt), &[&path.display()]);
        let Some(key) = ask_existing(lang, &prompt)? else {
            continue;
        };
        match opener(Some(&key)) {
            Ok(store) => return Ok(store),
            Err(StoreError::WrongKey) if left > 0 => {
                eprintln!("{}", fill(tr(lang, T::PassWrongRetry), &[&left]));
            }
            Err(e) => return Err(fail(e)),
        }
    }
    Err(fail(StoreError::WrongKey))
}
