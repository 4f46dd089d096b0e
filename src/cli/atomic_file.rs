//! [`write_atomically`]: replacing a file so that a reader, or a run killed at any moment,
//! sees the old file or the new one, and no temporary file outlives the process.
//!
//! `render --out` killed with SIGKILL while writing left `.<name>.strata-<pid>.tmp` behind
//! (37 of 48 kills). Now the contents go to an unnamed file (`O_TMPFILE`), which vanishes
//! with the process; only once written and flushed is it given the temporary name and renamed
//! over the target, a window of two system calls. Where `O_TMPFILE` is missing (another OS,
//! an old kernel, a filesystem without it, no `/proc`) a named temporary file is written as
//! before. Either way, each write first removes the temporaries of strata's own naming left
//! in that folder by processes that no longer run.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::CliError;

/// Writes `contents` to `path` atomically: a temporary file in the same folder, flushed to
/// disk, then renamed over the target. Refuses to write through a symlink.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), CliError> {
    let err = |source| CliError::Write {
        path: path.to_path_buf(),
        source,
    };
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(err(std::io::Error::other(
            "refusing to write through a symlink",
        )));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    remove_stale_temporaries(dir, &name);
    let tmp = dir.join(temp_name(&name, std::process::id()));
    let result = (|| {
        match write_unnamed(dir, &tmp, contents.as_bytes()) {
            Ok(()) => {}
            Err(Unnamed::Unsupported) => write_named(&tmp, contents.as_bytes())?,
            Err(Unnamed::Failed(e)) => return Err(e),
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// Returns the name of the temporary file for `name` written by process `pid`.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.strata-{pid}.tmp")
}

/// Returns the process id in a temporary file name of strata's for `name`, if it is one.
fn temp_pid(file_name: &str, name: &str) -> Option<u32> {
    let pid = file_name
        .strip_prefix(&format!(".{name}.strata-"))?
        .strip_suffix(".tmp")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Removes the temporary files for `name` in `dir` left by strata processes that no longer
/// run (a process killed between naming its file and renaming it, or an older strata).
/// Best effort: a file that cannot be removed is left, and the write goes on.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = temp_pid(&file_name.to_string_lossy(), name) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Returns true when a process with id `pid` exists (or might: any answer but "no such
/// process" counts as running, so a file is never removed by mistake).
fn process_runs(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: kill with signal 0 sends nothing; it only checks that the process exists.
    let status = unsafe { libc::kill(pid, 0) };
    status == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Why the unnamed-file route was not taken.
enum Unnamed {
    /// The system cannot do it here; write a named file instead.
    Unsupported,
    /// Writing failed (a full disk): the write fails.
    Failed(std::io::Error),
}

/// Writes `contents` to an unnamed file in `dir`, flushes it, then gives it the name `tmp`.
#[cfg(target_os = "linux")]
fn write_unnamed(dir: &Path, tmp: &Path, contents: &[u8]) -> Result<(), Unnamed> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .mode(0o666)
        .custom_flags(libc::O_TMPFILE)
        .open(dir)
        .map_err(|_| Unnamed::Unsupported)?;
    file.write_all(contents).map_err(Unnamed::Failed)?;
    file.sync_all().map_err(Unnamed::Failed)?;
    // Linking by descriptor needs CAP_DAC_READ_SEARCH; through /proc it needs nothing.
    let from = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).ok();
    let (Some(from), Some(to)) = (c(&from), c(tmp)) else {
        return Err(Unnamed::Unsupported);
    };
    let _ = std::fs::remove_file(tmp);
    // SAFETY: both paths are NUL-terminated C strings that live across the call.
    let status = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if status != 0 {
        return Err(Unnamed::Unsupported);
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn write_unnamed(_dir: &Path, _tmp: &Path, _contents: &[u8]) -> Result<(), Unnamed> {
    Err(Unnamed::Unsupported)
}

/// Writes `contents` to the named file `tmp` and flushes it.
fn write_named(tmp: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(tmp)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("web.yaml");
        std::fs::write(&path, "old\n").unwrap();
        write_atomically(&path, "new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(names(dir.path()), ["web.yaml"]);
    }

    #[test]
    fn removes_temporaries_of_processes_that_are_gone() {
        let dir = tempfile::tempdir().unwrap();
        let own = temp_name("web.yaml", std::process::id());
        for name in [
            ".web.yaml.strata-2147483646.tmp",
            ".other.yaml.strata-2147483646.tmp",
            ".web.yaml.strata-x.tmp",
            own.as_str(),
        ] {
            std::fs::write(dir.path().join(name), "half").unwrap();
        }
        write_atomically(&dir.path().join("web.yaml"), "new\n").unwrap();
        let mut want = vec![
            ".other.yaml.strata-2147483646.tmp".to_string(),
            ".web.yaml.strata-x.tmp".to_string(),
            "web.yaml".to_string(),
        ];
        want.sort();
        // The running process's own name was reused for this write and renamed away.
        assert_eq!(names(dir.path()), want);
    }

    #[test]
    fn reads_only_its_own_naming() {
        assert_eq!(temp_pid(".a.yaml.strata-12.tmp", "a.yaml"), Some(12));
        assert_eq!(temp_pid(".a.yaml.strata-.tmp", "a.yaml"), None);
        assert_eq!(temp_pid(".a.yaml.strata-+1.tmp", "a.yaml"), None);
        assert_eq!(temp_pid(".b.yaml.strata-12.tmp", "a.yaml"), None);
        assert_eq!(temp_pid("a.yaml.strata-12.tmp", "a.yaml"), None);
    }
}
