//! Reading one file: checks its kind and size from metadata before reading, then reads at
//! most the cap (the size can change between the check and the read).

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path};

use super::error::SourceError;

/// The default cap on one input file: values files in real charts are at most a few hundred
/// kilobytes (kube-prometheus-stack's is about 200 KB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

fn kind_name(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_dir() {
        "directory"
    } else if ft.is_fifo() {
        "FIFO"
    } else if ft.is_socket() {
        "socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "device"
    } else {
        "special file"
    }
}

/// Reads a regular file of at most `limit` bytes. `display` is the path as the user should
/// see it in errors.
///
/// The kind is checked on the file's metadata before it is opened, and the file is opened
/// with `O_NONBLOCK`, so a FIFO swapped in between the two steps does not block either.
pub fn read_regular_file(path: &Path, display: &str, limit: u64) -> Result<Vec<u8>, SourceError> {
    use std::os::unix::fs::OpenOptionsExt;
    let io = |source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::NotFound {
            SourceError::NotFound {
                display: display.to_string(),
            }
        } else {
            SourceError::Io {
                display: display.to_string(),
                source,
            }
        }
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.file_type().is_file() {
        return Err(SourceError::NotAFile {
            display: display.to_string(),
            kind: kind_name(&meta.file_type()),
        });
    }
    let too_large = |size| SourceError::TooLarge {
        display: display.to_string(),
        size,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc_o_nonblock())
        .open(path)
        .map_err(io)?;
    let opened = file.metadata().map_err(io)?;
    if !opened.file_type().is_file() {
        return Err(SourceError::NotAFile {
            display: display.to_string(),
            kind: kind_name(&opened.file_type()),
        });
    }
    let mut bytes = Vec::with_capacity(opened.len() as usize);
    (&file as &File)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(SourceError::OverLimit {
            display: display.to_string(),
            limit,
        });
    }
    Ok(bytes)
}

/// `O_NONBLOCK` on Linux and the BSDs alike without a libc dependency.
fn libc_o_nonblock() -> i32 {
    if cfg!(target_os = "linux") {
        0o4000
    } else {
        0x0004
    }
}

/// Reads `relative` inside the workspace `root`, refusing paths that leave it: absolute
/// paths, `..` components, and symlinks (at any level) whose target is outside `root`.
pub fn read_workspace_file(
    root: &Path,
    relative: &Path,
    limit: u64,
) -> Result<Vec<u8>, SourceError> {
    let display = display_path(relative);
    let outside = || SourceError::OutsideWorkspace {
        display: display.clone(),
        root: root.to_path_buf(),
    };
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside());
    }
    let full = root.join(relative);
    // Resolve symlinks on both sides before comparing, so a link anywhere on the way counts.
    if let (Ok(real_root), Ok(real)) = (root.canonicalize(), full.canonicalize()) {
        if !real.starts_with(&real_root) {
            return Err(outside());
        }
    }
    read_regular_file(&full, &display, limit)
}

/// Returns a path as printed to users: `/` separators, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular_file(dir.path(), "dir", 10).unwrap_err();
        assert_eq!(err.to_string(), "dir is a directory, not a regular file");
        let err = read_regular_file(Path::new("/dev/zero"), "/dev/zero", 10).unwrap_err();
        assert_eq!(err.to_string(), "/dev/zero is a device, not a regular file");
        let err = read_regular_file(&dir.path().join("nope.yaml"), "nope.yaml", 10).unwrap_err();
        assert_eq!(err.to_string(), "open nope.yaml: no such file or directory");
    }

    #[test]
    fn refuses_fifo_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = read_regular_file(&fifo, "pipe.yaml", 10).unwrap_err();
        assert_eq!(err.to_string(), "pipe.yaml is a FIFO, not a regular file");
    }

    #[test]
    fn refuses_files_over_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.yaml");
        std::fs::write(&file, "a: 1234567890\n").unwrap();
        let err = read_regular_file(&file, "big.yaml", 5).unwrap_err();
        assert!(matches!(
            err,
            SourceError::TooLarge {
                size: 14,
                limit: 5,
                ..
            }
        ));
        assert_eq!(
            read_regular_file(&file, "big.yaml", 14).unwrap(),
            b"a: 1234567890\n"
        );
    }

    #[test]
    fn refuses_paths_leaving_the_workspace() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("ws");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(outer.path().join("secret.txt"), "s").unwrap();
        std::os::unix::fs::symlink(outer.path().join("secret.txt"), root.join("link.yaml"))
            .unwrap();
        for rel in ["../secret.txt", "/etc/passwd", "link.yaml"] {
            let err = read_workspace_file(&root, Path::new(rel), 100).unwrap_err();
            assert!(err.is_refusal(), "{rel} should be refused: {err}");
        }
    }
}
