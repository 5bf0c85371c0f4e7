//! What a database file and its folder allow, decided before SQLite opens anything, and
//! the session lock.
//!
//! - [`probe`] looks at the file, its `-wal` and `-shm` and the folder (permission bits,
//!   `access(2)`, `statvfs` for a read-only file system); [`opening`] (pure) turns that
//!   into read-write, read-only through the `-wal`/`-shm` that exist, or *immutable*:
//!   read-only with nothing created beside the file, so a read-only place leaves no `-wal`
//!   or `-shm` behind (a read-only session used to leave them with the file's own 0400
//!   mode, and they kept the file unwritable after a `chmod 600`).
//! - [`SessionLock`]: every pilar session holds a shared advisory lock (`flock`, which on
//!   Linux is independent of SQLite's own `fcntl` locks) on its database file while it is
//!   open; `pilar passwd` and `pilar demo` take it exclusively, without waiting, so they
//!   can tell a file another pilar has open.
//! - [`free_bytes`]: the space left on the folder's file system (for `pilar demo`).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A `-wal` or `-shm` file beside the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sidecar {
    #[default]
    Absent,
    /// It exists and this process may write it.
    Writable,
    /// It exists and this process may only read it.
    ReadOnly,
}

/// What the file, its sidecars and its folder allow this process, as [`probe`] found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Access {
    /// The file's owner-write permission bit is set. A file whose bit is off counts as
    /// read-only even for root, who could write it anyway: someone marked it so.
    pub owner_write_bit: bool,
    /// This process may write the file (`access(2)`, `W_OK`).
    pub file_writable: bool,
    /// This process may create files in the folder (a new `-wal` or `-shm`).
    pub dir_writable: bool,
    /// The file system is mounted read-only (`statvfs`, `ST_RDONLY`).
    pub fs_read_only: bool,
    pub wal: Sidecar,
    pub shm: Sidecar,
    /// A non-empty `-journal` is beside the file: a write that was cut off (a killed
    /// import in rollback-journal mode) may have left the file half-written until a
    /// writable open rolls it back.
    pub hot_journal: bool,
}

/// How SQLite opens the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// Read and write (WAL, `-wal`/`-shm` created as needed).
    ReadWrite,
    /// `SQLITE_OPEN_READ_ONLY` with locking, through the `-wal`/`-shm` that exist (or that
    /// SQLite may create writable): sees another session's latest commits.
    ReadOnly,
    /// `immutable=1`: read-only, no locking, nothing created beside the file.
    Immutable,
}

/// How to open a file with `access`; `write` when the session wants to write (a read-only
/// session such as `pilar verify` passes false).
///
/// - The file can be written and its `-wal`/`-shm` exist writable or can be created:
///   read-write (or, not wanting to write, read-only with locking, so another session's
///   commits are seen whole).
/// - Otherwise the session is read-only: through the `-wal` and `-shm` when both exist
///   already (another session is writing the file, or left them), else immutable, so
///   that nothing is created beside a file that cannot be written (a read-only folder or
///   file system, a 0400 file). Never immutable beside a hot `-journal`: that file may be
///   half-written, and a locking open refuses it until it is rolled back.
pub fn opening(a: &Access, write: bool) -> Opening {
    let can_create = a.dir_writable && !a.fs_read_only;
    let usable = |s: Sidecar| match s {
        Sidecar::Absent => can_create,
        Sidecar::Writable => true,
        Sidecar::ReadOnly => false,
    };
    let file_ok = a.owner_write_bit && a.file_writable && !a.fs_read_only;
    if file_ok && usable(a.wal) && usable(a.shm) {
        return if write {
            Opening::ReadWrite
        } else {
            Opening::ReadOnly
        };
    }
    // Immutable would read a half-written file as it is; read-only with locking makes
    // SQLite refuse it (it must be rolled back first) instead.
    if a.hot_journal || (a.wal != Sidecar::Absent && a.shm != Sidecar::Absent) {
        Opening::ReadOnly
    } else {
        Opening::Immutable
    }
}

/// `path` with `suffix` appended (`-wal`, `-shm`, `-journal`).
pub fn sidecar_path(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Looks at an existing database file, its sidecars and its folder.
pub fn probe(path: &Path) -> Access {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let sidecar = |suffix: &str| {
        let p = sidecar_path(path, suffix);
        if std::fs::symlink_metadata(&p).is_err() {
            Sidecar::Absent
        } else if writable(&p) {
            Sidecar::Writable
        } else {
            Sidecar::ReadOnly
        }
    };
    Access {
        owner_write_bit: owner_write_bit(path),
        file_writable: writable(path),
        dir_writable: writable(&dir),
        fs_read_only: fs_read_only(path),
        wal: sidecar("-wal"),
        shm: sidecar("-shm"),
        hot_journal: std::fs::metadata(sidecar_path(path, "-journal")).is_ok_and(|m| m.len() > 0),
    }
}

/// A `-wal` or `-shm` left read-only beside a file this process may write (an older pilar's
/// read-only session created them with the file's 0400 mode) is made writable again, when
/// it is this user's: otherwise every save would fail until someone deleted them by hand.
#[cfg(unix)]
pub fn repair_sidecars(path: &Path) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if !(owner_write_bit(path) && writable(path)) {
        return;
    }
    for suffix in ["-wal", "-shm"] {
        let p = sidecar_path(path, suffix);
        if let Ok(m) = std::fs::symlink_metadata(&p)
            && m.file_type().is_file()
            && m.uid() == me
            && m.permissions().mode() & 0o200 == 0
        {
            let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600));
        }
    }
}

#[cfg(not(unix))]
pub fn repair_sidecars(_path: &Path) {}

/// The `file:` URI that opens `path` immutable (every byte but unreserved ones and `/`
/// percent-encoded, so `?`, `#` and `%` in a folder name stay part of the path).
pub fn immutable_uri(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file://");
    for &b in path_bytes(&abs).iter() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    PathBuf::from(uri)
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().replace('\\', "/").into_bytes()
}

#[cfg(unix)]
fn c_path(p: &Path) -> Option<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(p.as_os_str().as_bytes()).ok()
}

#[cfg(unix)]
fn owner_write_bit(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o200 != 0)
}

#[cfg(not(unix))]
fn owner_write_bit(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// This process may write `path` (a file, or a folder: create files in it), with its
/// effective ids, as the kernel decides (a read-only file system says no even to root).
#[cfg(unix)]
fn writable(path: &Path) -> bool {
    let Some(c) = c_path(path) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) == 0 }
}

#[cfg(not(unix))]
fn writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

#[cfg(unix)]
fn statvfs(path: &Path) -> Option<libc::statvfs> {
    let c = c_path(path)?;
    // SAFETY: an all-zero statvfs is a valid value for the call to fill in.
    let mut buf: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid path and `buf` a valid out-pointer for the call.
    (unsafe { libc::statvfs(c.as_ptr(), &mut buf) } == 0).then_some(buf)
}

#[cfg(unix)]
fn fs_read_only(path: &Path) -> bool {
    statvfs(path).is_some_and(|s| s.f_flag & libc::ST_RDONLY != 0)
}

#[cfg(not(unix))]
fn fs_read_only(_path: &Path) -> bool {
    false
}

/// Bytes free for this user on the file system holding `dir`.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // the field types differ between platforms
pub fn free_bytes(dir: &Path) -> Option<u64> {
    statvfs(dir).map(|s| (s.f_bavail as u64).saturating_mul(s.f_frsize as u64))
}

#[cfg(not(unix))]
pub fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

/// The advisory lock a pilar session holds on its database file: shared while the file is
/// open, exclusive for a moment to change what every session relies on (a new passphrase,
/// a replaced demo). Dropping it releases it.
///
/// It is a separate descriptor of the database file, so it must outlive the SQLite
/// connection (`Store` declares it after `conn`): closing any descriptor of a file drops
/// the process's `fcntl` locks on it, SQLite's included.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
}

/// The file is held by another pilar session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InUse;

impl SessionLock {
    /// Takes the shared lock on the existing file at `path`, waiting up to `wait` while
    /// another session holds it exclusively. `Ok(None)`: the file cannot be opened or the
    /// file system has no locks (the session goes on without one); `Err(InUse)`: still
    /// held after `wait`.
    pub fn shared(path: &Path, wait: Duration) -> Result<Option<SessionLock>, InUse> {
        let started = Instant::now();
        loop {
            let Ok(file) = File::open(path) else {
                return Ok(None);
            };
            match file.try_lock_shared() {
                Ok(()) => {
                    // A demo may have replaced the file while we waited: lock the file that
                    // is at the path now.
                    if same_file(&file, path) {
                        return Ok(Some(SessionLock { file }));
                    }
                    continue;
                }
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(_)) => return Ok(None),
            }
            if started.elapsed() >= wait {
                return Err(InUse);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Takes the exclusive lock on the file at `path` without waiting: `Err(InUse)` when
    /// another pilar session has it open. `Ok(None)`: no lock could be taken (no such
    /// file, or no locks on this file system).
    pub fn exclusive(path: &Path) -> Result<Option<SessionLock>, InUse> {
        let Ok(file) = File::open(path) else {
            return Ok(None);
        };
        match file.try_lock() {
            Ok(()) => Ok(Some(SessionLock { file })),
            Err(std::fs::TryLockError::WouldBlock) => Err(InUse),
            Err(std::fs::TryLockError::Error(_)) => Ok(None),
        }
    }

    /// Turns this session's shared lock exclusive, without waiting: false when another
    /// session holds the file too (this one then holds no lock).
    pub fn upgrade(&self) -> bool {
        self.file.try_lock().is_ok()
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writable_file() -> Access {
        Access {
            owner_write_bit: true,
            file_writable: true,
            dir_writable: true,
            fs_read_only: false,
            wal: Sidecar::Absent,
            shm: Sidecar::Absent,
            hot_journal: false,
        }
    }

    #[test]
    fn a_writable_file_in_a_writable_folder_opens_read_write() {
        let a = writable_file();
        assert_eq!(opening(&a, true), Opening::ReadWrite);
        // A session that only reads still locks, to see other sessions' commits whole.
        assert_eq!(opening(&a, false), Opening::ReadOnly);
        let live = Access {
            wal: Sidecar::Writable,
            shm: Sidecar::Writable,
            dir_writable: false,
            ..a
        };
        assert_eq!(opening(&live, true), Opening::ReadWrite);
    }

    #[test]
    fn a_read_only_file_system_opens_immutable() {
        let a = Access {
            fs_read_only: true,
            ..writable_file()
        };
        assert_eq!(opening(&a, true), Opening::Immutable);
        assert_eq!(opening(&a, false), Opening::Immutable);
    }

    #[test]
    fn a_read_only_folder_opens_immutable_unless_the_sidecars_exist() {
        let a = Access {
            dir_writable: false,
            ..writable_file()
        };
        assert_eq!(opening(&a, true), Opening::Immutable);
        let half = Access {
            wal: Sidecar::Writable,
            ..a
        };
        assert_eq!(opening(&half, true), Opening::Immutable);
    }

    #[test]
    fn a_file_that_cannot_be_written_creates_nothing_beside_it() {
        for a in [
            Access {
                owner_write_bit: false,
                ..writable_file()
            },
            Access {
                file_writable: false,
                ..writable_file()
            },
        ] {
            assert_eq!(opening(&a, true), Opening::Immutable, "{a:?}");
            // Another session is writing it: read through its -wal and -shm.
            let live = Access {
                wal: Sidecar::ReadOnly,
                shm: Sidecar::ReadOnly,
                ..a
            };
            assert_eq!(opening(&live, true), Opening::ReadOnly, "{live:?}");
        }
    }

    #[test]
    fn read_only_sidecars_beside_a_writable_file_make_it_read_only() {
        let a = Access {
            wal: Sidecar::ReadOnly,
            shm: Sidecar::ReadOnly,
            ..writable_file()
        };
        assert_eq!(opening(&a, true), Opening::ReadOnly);
        let shm_only = Access {
            shm: Sidecar::ReadOnly,
            ..writable_file()
        };
        assert_eq!(opening(&shm_only, true), Opening::Immutable);
    }

    #[test]
    fn a_file_left_half_written_is_never_read_immutable() {
        for a in [
            Access {
                fs_read_only: true,
                ..writable_file()
            },
            Access {
                owner_write_bit: false,
                ..writable_file()
            },
        ] {
            let hot = Access {
                hot_journal: true,
                ..a
            };
            assert_eq!(opening(&hot, true), Opening::ReadOnly, "{hot:?}");
            assert_eq!(opening(&hot, false), Opening::ReadOnly, "{hot:?}");
        }
        let writable = Access {
            hot_journal: true,
            ..writable_file()
        };
        assert_eq!(opening(&writable, true), Opening::ReadWrite, "rolled back");
    }

    #[test]
    fn the_immutable_uri_keeps_odd_characters_in_the_path() {
        let uri = immutable_uri(Path::new("/data/a?b#c%d é/pilar.db"));
        assert_eq!(
            uri.to_str().unwrap(),
            "file:///data/a%3Fb%23c%25d%20%C3%A9/pilar.db?immutable=1"
        );
    }
}
