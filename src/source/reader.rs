//! Reading one file: checks its kind and size from metadata before reading, then reads at
//! most the cap (the size can change between the check and the read).

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

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
        // A name under a file (`a.yaml/b`) is not there either, as at a git revision.
        if matches!(
            source.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        ) {
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

/// Most symlinks one path may go through (a loop ends here); the git tree allows as many.
pub const MAX_SYMLINK_HOPS: usize = 8;

/// Reads `relative` inside the workspace `root`, refusing paths that leave it: absolute
/// paths, `..` components, and symlinks (at any level) whose target is outside `root`,
/// whether or not that target exists. A symlink inside the workspace whose target does not
/// exist is [`SourceError::DanglingLink`], never a file that is simply not there.
pub fn read_workspace_file(
    root: &Path,
    relative: &Path,
    limit: u64,
) -> Result<Vec<u8>, SourceError> {
    let full = resolve_workspace_path(root, relative)?;
    read_regular_file(&full, &display_path(relative), limit)
}

/// Returns the real path `relative` names inside `root`, following every symlink on the
/// way one component at a time, as the git tree follows the links of a revision: a link
/// is read relative to the real folder it is in, `..` applied to that real folder, and
/// any step above `root` refuses the path ([`SourceError::OutsideWorkspace`]) without
/// looking at what is outside. An absolute target counts when it names a place inside
/// `root`. A missing name that a link's target introduced is
/// [`SourceError::DanglingLink`]; a missing name of `relative` itself leaves the path as
/// it is (reading it then says [`SourceError::NotFound`]).
pub(crate) fn resolve_workspace_path(root: &Path, relative: &Path) -> Result<PathBuf, SourceError> {
    let real_root = root.canonicalize().map_err(|source| SourceError::Io {
        display: display_path(relative),
        source,
    })?;
    resolve_under(root, &real_root, relative)
}

/// [`resolve_workspace_path`] for a caller that knows `real_root`, the root with every
/// symlink resolved (`root.canonicalize()`), and asks many times: the root is then resolved
/// once, not on every path.
pub(crate) fn resolve_under(
    root: &Path,
    real_root: &Path,
    relative: &Path,
) -> Result<PathBuf, SourceError> {
    let display = display_path(relative);
    let outside = || SourceError::OutsideWorkspace {
        display: display.clone(),
        root: root.to_path_buf(),
    };
    let io = |source: std::io::Error| SourceError::Io {
        display: display.clone(),
        source,
    };
    let mut pending: VecDeque<(OsString, Option<PathBuf>)> = VecDeque::new();
    for component in relative.components() {
        match component {
            Component::Normal(name) => pending.push_back((name.to_os_string(), None)),
            Component::CurDir => {}
            _ => return Err(outside()),
        }
    }
    let mut current = real_root.to_path_buf();
    let mut hops = 0;
    while let Some((name, link)) = pending.pop_front() {
        if name == ".." {
            if current == real_root {
                return Err(outside());
            }
            current.pop();
            continue;
        }
        if name == "." {
            continue;
        }
        let next = current.join(&name);
        let meta = match std::fs::symlink_metadata(&next) {
            Ok(meta) => meta,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                if let Some(link) = link {
                    let target = std::fs::read_link(&link).unwrap_or_default();
                    return Err(SourceError::DanglingLink {
                        display,
                        link: display_path(link.strip_prefix(real_root).unwrap_or(&link)).into(),
                        target: target.to_string_lossy().into(),
                    });
                }
                current = next;
                current.extend(pending.into_iter().map(|(name, _)| name));
                return Ok(current);
            }
            Err(e) => return Err(io(e)),
        };
        if !meta.file_type().is_symlink() {
            current = next;
            continue;
        }
        hops += 1;
        if hops > MAX_SYMLINK_HOPS {
            return Err(io(std::io::Error::other(format!(
                "more than {MAX_SYMLINK_HOPS} symlinks on the way"
            ))));
        }
        let target = std::fs::read_link(&next).map_err(io)?;
        let mut from_target = Vec::new();
        if target.is_absolute() {
            let inside = target
                .strip_prefix(real_root)
                .or_else(|_| target.strip_prefix(root))
                .map_err(|_| outside())?;
            current = real_root.to_path_buf();
            from_target.extend(inside.components().map(|c| c.as_os_str().to_os_string()));
        } else {
            from_target.extend(target.components().map(|c| c.as_os_str().to_os_string()));
        }
        for part in from_target.into_iter().rev() {
            pending.push_front((part, Some(next.clone())));
        }
    }
    Ok(current)
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

    #[test]
    fn refuses_links_leaving_the_workspace_whether_or_not_their_target_exists() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("ws");
        std::fs::create_dir_all(root.join("env")).unwrap();
        let links = [
            ("env/gone.yaml", "../../nowhere/x.yaml"),
            ("env/abs.yaml", "/nowhere-at-all/x.yaml"),
            ("env/back-in.yaml", "../../ws/env/real.yaml"),
            ("env/dir", ".."),
        ];
        for (link, target) in links {
            std::os::unix::fs::symlink(target, root.join(link)).unwrap();
        }
        std::fs::write(root.join("env/real.yaml"), "a: 1\n").unwrap();
        for rel in [
            "env/gone.yaml",
            "env/abs.yaml",
            "env/back-in.yaml",
            "env/dir/../x",
        ] {
            let err = read_workspace_file(&root, Path::new(rel), 100).unwrap_err();
            assert!(err.is_refusal(), "{rel} should be refused: {err}");
        }
        // A link to the root's own folder, and an absolute link inside the workspace, stay in.
        std::os::unix::fs::symlink(root.join("env/real.yaml"), root.join("abs-in.yaml")).unwrap();
        assert_eq!(
            read_workspace_file(&root, Path::new("env/dir/env/real.yaml"), 100).unwrap(),
            b"a: 1\n"
        );
        assert_eq!(
            read_workspace_file(&root, Path::new("abs-in.yaml"), 100).unwrap(),
            b"a: 1\n"
        );
    }

    #[test]
    fn a_dangling_link_inside_the_workspace_is_named_not_missing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("env/dev")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::os::unix::fs::symlink("../../shared/nope.yaml", root.join("env/dev/web.yaml"))
            .unwrap();
        std::os::unix::fs::symlink("../gone", root.join("env/prod")).unwrap();
        std::os::unix::fs::symlink("../shared", root.join("env/qa")).unwrap();
        let read = |rel: &str| read_workspace_file(root, Path::new(rel), 100).unwrap_err();
        assert_eq!(
            read("env/dev/web.yaml").to_string(),
            "the symlink env/dev/web.yaml points to \"../../shared/nope.yaml\", which does not exist"
        );
        assert_eq!(
            read("env/prod/web.yaml").to_string(),
            "cannot read env/prod/web.yaml: the symlink env/prod on the way points to \"../gone\", which does not exist"
        );
        // A folder reached through a link that simply lacks the file: not found, as usual.
        assert!(matches!(
            read("env/qa/web.yaml"),
            SourceError::NotFound { .. }
        ));
        assert!(matches!(
            read("env/none.yaml"),
            SourceError::NotFound { .. }
        ));
        std::fs::write(root.join("shared/file.yaml"), "a: 1\n").unwrap();
        assert!(matches!(
            read("shared/file.yaml/under"),
            SourceError::NotFound { .. }
        ));
    }
}
