//! [`PromotionLock`]: one promotion at a time in a repository (reliability §3). An advisory
//! lock (`flock`) on a file in the git folder (`.git/strata-promote.lock`), or in the
//! workspace root outside git: the kernel releases it when the process ends, however it
//! ends, so a killed promotion never leaves a stale lock behind.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::error::PromoteError;

/// The lock file's name in the git folder (in the workspace root it is hidden, `.` first).
pub const LOCK_FILE: &str = "strata-promote.lock";

/// A held promotion lock; released when dropped.
#[derive(Debug)]
pub struct PromotionLock {
    _file: File,
    path: PathBuf,
}

impl PromotionLock {
    /// Takes the lock on the file `path` (shown in messages as `shown_as`), or fails at
    /// once when another process holds it.
    pub fn acquire(path: &Path, shown_as: &Path) -> Result<PromotionLock, PromoteError> {
        let path = path.to_path_buf();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| PromoteError::Io {
                action: "open the lock",
                path: shown_as.to_path_buf(),
                source,
            })?;
        lock_exclusive(&file).map_err(|e| match e.raw_os_error() {
            Some(libc::EWOULDBLOCK) => PromoteError::Locked {
                lock: shown_as.to_path_buf(),
            },
            _ => PromoteError::Io {
                action: "lock",
                path: shown_as.to_path_buf(),
                source: e,
            },
        })?;
        Ok(PromotionLock { _file: file, path })
    }

    /// Returns the lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(unix)]
fn lock_exclusive(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this process owns for the call's duration.
    let status = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if status == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn lock_exclusive(_file: &File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_fast_and_the_first_is_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let shown = Path::new(".git/strata-promote.lock");
        let path = dir.path().join(LOCK_FILE);
        let first = PromotionLock::acquire(&path, shown).unwrap();
        let err = PromotionLock::acquire(&path, shown).unwrap_err();
        assert_eq!(
            err.to_string(),
            "another promotion is running (the lock .git/strata-promote.lock is held); nothing was written"
        );
        assert!(err.is_refusal());
        drop(first);
        assert!(PromotionLock::acquire(&path, shown).is_ok());
    }
}
