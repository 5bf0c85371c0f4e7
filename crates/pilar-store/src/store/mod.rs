//! The store: the only module that knows SQL. It opens (and creates) the SQLite file,
//! migrates the schema inside one transaction, and answers the queries the screens need
//! with windows of rows, never whole tables. `messages` words its errors for the user.

pub mod access;
mod bulk;
pub mod chain;
mod conflicts;
mod life_events;
mod list;
pub mod merge;
pub mod messages;
mod read;
mod readiness;
mod review;
mod schema;
mod sync;
mod sync_pull;
pub mod sync_state;
mod sync_supervisor;
mod sync_team;
mod team;
mod today;
mod today_month;
mod transfer;
mod verify;
mod views;
mod void;
mod write;
pub use write::P2k2Group;
pub use write::payment_id;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use access::Opening;

pub use bulk::{
    ActivityRecord, BulkWriter, GraduationRecord, HouseholdRecord, LifeEventRecord, MemberRecord,
    PaymentRecord, ReferralRecord, without_memory_statistics,
};
pub use list::COUNT_CAP;
pub use merge::{MergeError, MergeReport, TableReport};
pub use schema::{APPLICATION_ID, MIGRATIONS};
pub use sync_pull::SERVER_SOURCE;
pub use sync_state::{Enrolment, Outbox, Rejected, SyncState};
pub use sync_supervisor::TeamOutbox;
pub use transfer::Progress;
pub use transfer::{ImportChange, ImportOptions, ImportReport, RecordChanges, Records};

use pilar_core::model::{Role, Worker};

/// Schema version this build of pilar writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Why a database could not be opened or used. `i18n` turns these into sentences.
#[derive(Debug)]
pub enum StoreError {
    /// The file was written by a newer pilar; it was left untouched.
    NewerSchema {
        found: i64,
        known: i64,
    },
    /// The file is an SQLite database of some other program.
    NotPilar,
    /// The file is not an SQLite database at all (or is damaged).
    NotADatabase,
    /// The folder or file could not be created or read.
    Io(std::io::Error),
    /// Other users may write the file (its Unix permission bits are given): refused.
    Unsafe {
        mode: u32,
    },
    /// A read-only file from an older pilar: it would need its schema updated first.
    ReadOnlyOld,
    /// The file is encrypted and no passphrase was given.
    NeedsKey,
    /// The passphrase does not open the file.
    WrongKey,
    /// The file is empty (0 bytes): there is no database in it to read.
    Empty,
    /// Another pilar session holds the file exclusively (changing its passphrase,
    /// replacing a demo) longer than the busy timeout.
    Locked,
    /// The author may not write this: a supervisor anything but a supervision note, or a
    /// facilitator in another facilitator's caseload.
    NotAllowed,
    Sqlite(rusqlite::Error),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NewerSchema { found, known } => {
                write!(f, "schema version {found} is newer than {known}")
            }
            StoreError::NotPilar => write!(f, "not a pilar database"),
            StoreError::NotADatabase => write!(f, "not an SQLite database"),
            StoreError::Io(e) => write!(f, "{e}"),
            StoreError::Unsafe { mode } => write!(f, "writable by other users (mode {mode:o})"),
            StoreError::ReadOnlyOld => write!(f, "read-only and from an older pilar"),
            StoreError::NeedsKey => write!(f, "encrypted: a passphrase is needed"),
            StoreError::WrongKey => write!(f, "wrong passphrase"),
            StoreError::Empty => write!(f, "empty file"),
            StoreError::Locked => write!(f, "held by another pilar session"),
            StoreError::NotAllowed => write!(f, "not allowed for this worker"),
            StoreError::Sqlite(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    fn sqlite_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(code, _)) => Some(code.code),
            _ => None,
        }
    }

    pub fn is_disk_full(&self) -> bool {
        self.sqlite_code() == Some(rusqlite::ErrorCode::DiskFull)
    }

    /// Another session holds the file (a large import, a migration): try again shortly.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Locked)
            || matches!(
                self.sqlite_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            )
    }

    /// The file was left half-written by a write that was cut off (its hot `-journal` is
    /// beside it), and this session may not roll it back: a writable open must, first.
    pub fn needs_rollback(&self) -> bool {
        matches!(self, StoreError::Sqlite(rusqlite::Error::SqliteFailure(code, _))
            if code.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK)
    }

    pub fn is_read_only(&self) -> bool {
        self.sqlite_code() == Some(rusqlite::ErrorCode::ReadOnly)
    }

    /// A write failed because the disk is full or the file cannot be written: pilar keeps
    /// going, read-only.
    pub fn makes_read_only(&self) -> bool {
        matches!(self, StoreError::Sqlite(rusqlite::Error::SqliteFailure(code, _))
            if matches!(code.code, rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::ReadOnly
                | rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::SystemIoFailure))
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(code, _) = &e
            && code.code == rusqlite::ErrorCode::NotADatabase
        {
            return StoreError::NotADatabase;
        }
        StoreError::Sqlite(e)
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a write waits for another session's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How the connection is tuned: normal use is durable; a bulk load into a fresh file (the
/// demo generator) trades durability for speed because a crash only loses a scratch file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    Normal,
    FreshBulk,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    mode: OpenMode,
    /// The last FTS probe of the list search (its MATCH text, whether in name order, and
    /// the verdict).
    words_probe: std::cell::RefCell<Option<((String, bool), list::Words)>>,
    /// Whether common words may be searched as a union (`list::Words::Split`).
    split_search: std::cell::Cell<bool>,
    /// The last readiness scores computed and what they were computed for, so the gauge
    /// and Hari ini share one computation (`readiness::Memo`).
    readiness_memo: readiness::Memo,
    count_memo: list::CountMemo,
    read_only: bool,
    encrypted: bool,
    /// The passphrase it was opened with, for a second connection of this session (the
    /// TUI's background sync, `Store::reopen`).
    key: std::cell::RefCell<Option<String>>,
    /// This session's shared lock on the file (see `access::SessionLock`); declared after
    /// `conn` so that it is released after the connection is closed.
    lock: Option<access::SessionLock>,
}

/// What `pilar demo` finds at its path (`Store::peek_demo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoPeek {
    /// A pilar database that is not a demo, or another program's file: never replaced.
    NotDemo,
    /// A demo (or an empty database); `entries` history entries, each made by a person.
    Demo { entries: u64 },
}

/// This session's shared lock on the file at `path` (`access::SessionLock`), waiting the
/// busy timeout while another session holds it exclusively.
pub(crate) fn session_lock(path: &Path) -> Result<Option<access::SessionLock>> {
    access::SessionLock::shared(path, BUSY_TIMEOUT).map_err(|access::InUse| StoreError::Locked)
}

/// Whether the file at `path` is encrypted: it exists, is not empty, and does not start
/// with SQLite's plain header.
pub fn is_encrypted(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let mut header = [0u8; 16];
    let n = f.read(&mut header)?;
    Ok(n > 0 && header[..n] != b"SQLite format 3\0"[..n])
}

/// The file's schema version and application id, read before anything is written: a wrong
/// or missing passphrase, a newer schema or another program's database is refused here.
fn check_header(conn: &Connection, path: &Path, key: Option<&str>) -> Result<(i64, i64)> {
    let version: i64 =
        match conn.pragma_query_value(None, "user_version", |r| r.get("user_version")) {
            Ok(v) => v,
            Err(e) => {
                return Err(match StoreError::from(e) {
                    StoreError::NotADatabase if key.is_some() => StoreError::WrongKey,
                    StoreError::NotADatabase if is_encrypted(path).unwrap_or(false) => {
                        StoreError::NeedsKey
                    }
                    other => other,
                });
            }
        };
    let app_id: i64 =
        conn.pragma_query_value(None, "application_id", |r| r.get("application_id"))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(StoreError::NotPilar);
    }
    Ok((version, app_id))
}

/// A connection to the existing file at `path` only to read it: read-only with locking, or
/// immutable where it cannot be written and no `-wal`/`-shm` exist (nothing is created
/// beside such a file). For `verify`, `pilar demo`'s look at a file and a merge's other file.
pub(crate) fn connect_for_reading(path: &Path) -> rusqlite::Result<Connection> {
    connect(path, access::opening(&access::probe(path), false))
}

/// Opens the SQLite connection to `path` as `opening` says.
fn connect(path: &Path, opening: Opening) -> rusqlite::Result<Connection> {
    match opening {
        Opening::ReadWrite => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ),
        Opening::ReadOnly => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ),
        Opening::Immutable => Connection::open_with_flags(
            access::immutable_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ),
    }
}

/// Creates `dir` (and missing parents) readable by its owner only, if it does not exist.
pub fn ensure_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        return Ok(());
    }
    create_private_dir(dir)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn make_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn make_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if mode & 0o022 != 0 {
        return Err(StoreError::Unsafe { mode });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<()> {
    Ok(())
}

/// A new UUIDv7 id: time-ordered, unique across laptops, so records can later merge.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Current UTC time as stored in `created_at` / `updated_at`.
pub fn now_utc() -> String {
    // The same text as "%Y-%m-%dT%H:%M:%S%.3fZ", without parsing a format every time.
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// Opens (creating if needed) the unencrypted database at `path` and brings its schema
    /// up to date.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, OpenMode::Normal)
    }

    /// Opens (creating if needed) a database encrypted with `passphrase` (SQLCipher; the
    /// key is derived once, here).
    pub fn open_encrypted(path: &Path, passphrase: &str) -> Result<Store> {
        Store::open_inner(path, OpenMode::Normal, Some(passphrase))
    }

    pub fn open_with(path: &Path, mode: OpenMode) -> Result<Store> {
        Store::open_inner(path, mode, None)
    }

    fn open_inner(path: &Path, mode: OpenMode, key: Option<&str>) -> Result<Store> {
        // People's data: a folder pilar creates is the owner's alone (0700), a new file too
        // (0600), and an existing file that other users could write is refused.
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !parent.exists()
        {
            create_private_dir(parent)?;
        }
        let existed = path.exists();
        let opened = Store::open_file(path, mode, key, existed);
        if opened.is_err() && !existed {
            // A new database that could not be set up (an empty passphrase, a full disk)
            // leaves nothing behind: no empty file that a later run would take for a
            // database.
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(access::sidecar_path(path, suffix));
            }
        }
        opened
    }

    fn open_file(path: &Path, mode: OpenMode, key: Option<&str>, existed: bool) -> Result<Store> {
        if existed {
            check_private(path)?;
        }
        // A file we may not write (read-only permissions, folder or file system) is opened
        // read-only: everything can be looked at, nothing changed; and, unless another
        // session's -wal and -shm are there to read through, immutable, so nothing is
        // created beside it.
        let opening = if existed && mode == OpenMode::Normal {
            access::repair_sidecars(path);
            access::opening(&access::probe(path), true)
        } else {
            Opening::ReadWrite
        };
        let read_only = opening != Opening::ReadWrite;
        let mut conn = connect(path, opening)?;
        let lock = match mode {
            OpenMode::Normal => session_lock(path)?,
            OpenMode::FreshBulk => None,
        };
        // Every transaction the store opens (`unchecked_transaction`, in every save, the
        // import and the merge) begins with BEGIN IMMEDIATE: it takes the write lock first,
        // waiting the busy timeout for another session's write. A deferred one would read,
        // then fail at once (SQLITE_BUSY, no waiting) when it tried to write.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        if !existed {
            make_private(path)?;
        }
        // SQLCipher logs decryption failures to stderr; pilar reports them itself, once, in
        // the user's language.
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
        if let Some(k) = key {
            conn.pragma_update(None, "key", k)?;
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read-only checks first: a file we must refuse is left exactly as it was.
        let (version, app_id) = check_header(&conn, path, key)?;
        if app_id == 0 {
            let tables: i64 =
                conn.query_row("SELECT count(*) AS n FROM sqlite_schema", [], |r| {
                    r.get("n")
                })?;
            if tables > 0 {
                return Err(StoreError::NotPilar);
            }
        }
        match mode {
            OpenMode::Normal if read_only => {
                if version < SCHEMA_VERSION {
                    return Err(StoreError::ReadOnlyOld);
                }
            }
            OpenMode::Normal => {
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
                conn.pragma_update(None, "synchronous", "FULL")?;
            }
            OpenMode::FreshBulk => {
                conn.pragma_update_and_check(None, "journal_mode", "OFF", |_| Ok(()))?;
                conn.pragma_update(None, "synchronous", "OFF")?;
                conn.pragma_update(None, "cache_size", -262_144)?;
                conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
            }
        }
        // A fresh bulk load writes parents before children itself; everywhere else SQLite
        // enforces every reference.
        let fk = if mode == OpenMode::FreshBulk {
            "OFF"
        } else {
            "ON"
        };
        conn.pragma_update(None, "foreign_keys", fk)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if read_only {
            conn.pragma_update(None, "query_only", "ON")?;
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            mode,
            words_probe: std::cell::RefCell::new(None),
            split_search: std::cell::Cell::new(true),
            readiness_memo: readiness::Memo::default(),
            count_memo: list::CountMemo::default(),
            read_only,
            encrypted: key.is_some(),
            key: std::cell::RefCell::new(key.map(str::to_string)),
            lock,
        };
        store.migrate(version)?;
        Ok(store)
    }

    /// Opens an existing pilar database only to read it (`pilar verify`): read-only, with
    /// `query_only`, never migrated, never written, nothing created beside a file that
    /// cannot be written (see `access::opening`). An older schema is read as it is.
    pub fn open_read_only(path: &Path, key: Option<&str>) -> Result<Store> {
        let meta = std::fs::metadata(path)?;
        if meta.len() == 0 {
            return Err(StoreError::Empty);
        }
        check_private(path)?;
        let conn = connect_for_reading(path)?;
        let lock = session_lock(path)?;
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
        if let Some(k) = key {
            conn.pragma_update(None, "key", k)?;
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let (_, app_id) = check_header(&conn, path, key)?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotPilar);
        }
        conn.pragma_update(None, "query_only", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            mode: OpenMode::Normal,
            words_probe: std::cell::RefCell::new(None),
            split_search: std::cell::Cell::new(true),
            readiness_memo: readiness::Memo::default(),
            count_memo: list::CountMemo::default(),
            read_only: true,
            encrypted: key.is_some(),
            key: std::cell::RefCell::new(key.map(str::to_string)),
            lock,
        })
    }

    /// Makes this session's lock on the file exclusive, without waiting: false when another
    /// pilar session has the file open (`pilar passwd` then refuses). True when the file
    /// system has no locks to ask.
    pub fn lock_exclusive(&self) -> bool {
        self.lock.as_ref().is_none_or(access::SessionLock::upgrade)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        if from == SCHEMA_VERSION {
            return Ok(());
        }
        // A migration may rebuild a table others reference (SQLite cannot alter a CHECK):
        // foreign keys are off while migrations run (the pragma does nothing inside a
        // transaction, so it is set here), checked before the commit, then restored.
        let fk: bool = self
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get("foreign_keys"))?;
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let result = self.run_migrations();
        self.conn.pragma_update(None, "foreign_keys", fk)?;
        result
    }

    fn run_migrations(&mut self) -> Result<()> {
        // Take the write lock first (waiting for another session that is migrating the same
        // file), then read the version again: that session may have done the work already.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let from: i64 = tx.pragma_query_value(None, "user_version", |r| r.get("user_version"))?;
        if from == SCHEMA_VERSION {
            return Ok(());
        }
        // References a migration broke (a file damaged before is not refused for that).
        let broken = |tx: &rusqlite::Transaction<'_>| -> rusqlite::Result<i64> {
            tx.query_row(
                "SELECT count(*) AS n FROM pragma_foreign_key_check",
                [],
                |r| r.get("n"),
            )
        };
        let before = if from > 0 { broken(&tx)? } else { 0 };
        for sql in &MIGRATIONS[from as usize..] {
            tx.execute_batch(sql)?;
        }
        let after = broken(&tx)?;
        if after > before {
            // Rolled back when `tx` drops: the file stays as it was.
            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!("a migration broke {} references", after - before)),
            )));
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }

    /// Whether the file at `path` is a demo database, read without changing the file.
    /// `Ok(false)` for any SQLite file that is not a pilar demo.
    pub fn peek_is_demo(path: &Path) -> Result<bool> {
        Ok(Store::peek_demo(path)? != DemoPeek::NotDemo)
    }

    /// What the file at `path` is to `pilar demo`, read without changing the file: not a
    /// demo, or a demo with so many history entries (the generator writes none: each one
    /// is a person's work).
    pub fn peek_demo(path: &Path) -> Result<DemoPeek> {
        let conn = connect_for_reading(path)?;
        let app_id: i64 =
            conn.pragma_query_value(None, "application_id", |r| r.get("application_id"))?;
        if app_id != APPLICATION_ID {
            let tables: i64 =
                conn.query_row("SELECT count(*) AS n FROM sqlite_schema", [], |r| {
                    r.get("n")
                })?;
            // An empty file (zero tables) is nobody's data; treat it like a demo.
            return Ok(if tables == 0 {
                DemoPeek::Demo { entries: 0 }
            } else {
                DemoPeek::NotDemo
            });
        }
        let demo: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'demo'", [], |r| {
                r.get("value")
            })
            .optional()?;
        if demo.as_deref() != Some("1") {
            return Ok(DemoPeek::NotDemo);
        }
        let entries: i64 =
            conn.query_row("SELECT count(*) AS n FROM change_log", [], |r| r.get("n"))?;
        Ok(DemoPeek::Demo {
            entries: entries as u64,
        })
    }

    /// The file is encrypted (opened with a passphrase).
    pub fn encrypted(&self) -> bool {
        self.encrypted
    }

    /// Changes the passphrase of an encrypted database (SQLCipher `rekey`).
    pub fn change_passphrase(&self, new: &str) -> Result<()> {
        self.conn.pragma_update(None, "rekey", new)?;
        *self.key.borrow_mut() = Some(new.to_string());
        Ok(())
    }

    /// A second connection to this database, opened as this one was (same passphrase):
    /// the TUI's sync runs on it in a thread of its own.
    pub fn reopen(&self) -> Result<Store> {
        let key = self.key.borrow().clone();
        Store::open_inner(&self.path, OpenMode::Normal, key.as_deref())
    }

    /// The file could only be opened for reading: pilar shows everything, changes nothing.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get("user_version"))?)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                r.get("value")
            })
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// True when the demo generator wrote this file (so it may be overwritten by a new demo).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.meta("demo")?.as_deref() == Some("1"))
    }

    /// The login name pilar uses when none is given (set by the demo).
    pub fn default_user(&self) -> Result<Option<String>> {
        self.meta("default_user")
    }

    pub fn worker_by_login(&self, login: &str) -> Result<Option<Worker>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {} FROM workers WHERE login = ?1",
                    read::WORKER_COLUMNS
                ),
                [login],
                read::worker_from_row,
            )
            .optional()?)
    }

    pub fn workers(&self) -> Result<Vec<Worker>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM workers ORDER BY role, name",
            read::WORKER_COLUMNS
        ))?;
        let rows = stmt.query_map([], read::worker_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a worker; the author of a worker row is the worker who created it (itself for
    /// the first one).
    pub fn add_worker(
        &self,
        name: &str,
        login: &str,
        role: Role,
        annual_target: u32,
        author: Option<&str>,
    ) -> Result<Worker> {
        let id = new_id();
        let now = now_utc();
        self.conn.execute(
            "INSERT INTO workers (id, name, login, role, annual_target, created_at, updated_at,
                                  author_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, coalesce(?7, ?1))",
            params![id, name, login, role.key(), annual_target, now, author],
        )?;
        Ok(Worker {
            id,
            name: name.to_string(),
            login: login.to_string(),
            role,
            annual_target,
        })
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Test hook: from now on the file may grow by `spare_pages` pages only, as on a disk
    /// about to fill up. SQLite then answers a write that needs more with SQLITE_FULL, the
    /// same error a full disk gives, so the tests drive exactly the handling a full disk gets.
    #[doc(hidden)]
    pub fn simulate_full_disk(&self, spare_pages: u32) -> Result<()> {
        let pages: i64 = self
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get("page_count"))?;
        let max = pages + i64::from(spare_pages);
        let _: i64 = self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {max}"), [], |r| {
                r.get("max_page_count")
            })?;
        Ok(())
    }

    /// Changes whenever another connection (another pilar on the same file) commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get("data_version"))?)
    }
}
