//! [`check_targets`]: the last checks before a promotion writes its files: no target is a
//! symlink (or behind one), and each is still exactly what was read when the plan was made
//! (reliability §3: refuse if the file changed on disk since it was read).

use std::path::Path;

use super::error::PromoteError;
use super::file_edit::FileEdit;

/// Checks every file of `files` under the workspace `root`; the caller holds the promotion
/// lock, so nothing of strata's changes them between this check and the writes.
pub fn check_targets(root: &Path, files: &[FileEdit]) -> Result<(), PromoteError> {
    for file in files {
        let mut at = root.to_path_buf();
        for part in file.path.components() {
            at.push(part);
            if at
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(PromoteError::Symlink {
                    file: file.path.clone(),
                });
            }
        }
        let now = match std::fs::read(&at) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(PromoteError::Io {
                    action: "read",
                    path: file.path.clone(),
                    source,
                })
            }
        };
        if now != file.before {
            return Err(PromoteError::ChangedOnDisk {
                file: file.path.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn edit(path: &str, before: Option<&str>) -> FileEdit {
        FileEdit {
            path: PathBuf::from(path),
            before: before.map(|b| b.as_bytes().to_vec()),
            values_before: None,
            after: b"new".to_vec(),
            ops: Vec::new(),
        }
    }

    #[test]
    fn refuses_symlinks_and_files_changed_since_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("env/prod")).unwrap();
        std::fs::write(root.join("env/prod/web.yaml"), "a: 1\n").unwrap();
        std::fs::write(root.join("other.yaml"), "a: 1\n").unwrap();
        std::os::unix::fs::symlink("../../other.yaml", root.join("env/prod/db.yaml")).unwrap();
        std::os::unix::fs::symlink("prod", root.join("env/link")).unwrap();
        assert!(check_targets(root, &[edit("env/prod/web.yaml", Some("a: 1\n"))]).is_ok());
        assert!(check_targets(root, &[edit("env/prod/new.yaml", None)]).is_ok());
        let rows = [
            (
                edit("env/prod/web.yaml", Some("a: 0\n")),
                "env/prod/web.yaml changed on disk while the promotion was planned; nothing was written",
            ),
            (
                edit("env/prod/db.yaml", Some("a: 1\n")),
                "refusing to write env/prod/db.yaml through a symlink",
            ),
            (
                edit("env/link/web.yaml", Some("a: 1\n")),
                "refusing to write env/link/web.yaml through a symlink",
            ),
            (
                edit("env/prod/gone.yaml", Some("a: 1\n")),
                "env/prod/gone.yaml changed on disk while the promotion was planned; nothing was written",
            ),
        ];
        for (file, want) in rows {
            let err = check_targets(root, &[file]).unwrap_err();
            assert_eq!(err.to_string(), want);
            assert!(err.is_refusal());
        }
    }
}
