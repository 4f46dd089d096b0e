//! [`open_given_path`]: where a file named on the command line (`-f`, `--set-file`) may lead.
//!
//! A path the user typed that names an outside file directly (`-f /etc/x`, `-f ../x`) is the
//! user's explicit choice and is read. A path that stays inside the base folder (the
//! workspace, or the current folder outside one) but reaches, through a symlink on the way,
//! a file outside it is a link a repository planted: it is refused, as overlays are.

use std::path::{Component, Path, PathBuf};

use super::error::SourceError;

/// Returns the full path of `path` (relative to `cwd`, or absolute) once it is known not to be
/// a link leading out of `base`: when the path, taken lexically, is inside `base`, its target
/// with every symlink resolved must be inside `base` too. Paths that do not exist pass; the
/// read reports them.
pub fn open_given_path(cwd: &Path, path: &Path, base: &Path) -> Result<PathBuf, SourceError> {
    let full = cwd.join(path);
    let lexical = normalize(&full);
    if !lexical.starts_with(normalize(base)) {
        return Ok(full);
    }
    if let (Ok(real_base), Ok(real)) = (base.canonicalize(), full.canonicalize()) {
        if !real.starts_with(&real_base) {
            return Err(SourceError::LinkLeaves {
                display: super::display_path(path),
                root: base.to_path_buf(),
            });
        }
    }
    Ok(full)
}

/// Returns `path` with `.` dropped and `..` applied to the component before it, without
/// reading the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_leading_out_are_refused_and_direct_paths_are_not() {
        let outer = tempfile::tempdir().unwrap();
        let outer = outer.path().canonicalize().unwrap();
        let base = outer.join("ws");
        std::fs::create_dir_all(base.join("sub")).unwrap();
        std::fs::write(outer.join("secret.yaml"), "s: 1\n").unwrap();
        std::fs::write(base.join("inside.yaml"), "a: 1\n").unwrap();
        let link = |name: &str, target: &Path| {
            std::os::unix::fs::symlink(target, base.join(name)).unwrap();
        };
        link("out.yaml", &outer.join("secret.yaml"));
        link("in.yaml", &base.join("inside.yaml"));
        link("outdir", &outer);
        let cwd = base.join("sub");
        let rows: &[(&str, bool)] = &[
            ("../inside.yaml", true),
            ("../in.yaml", true),
            ("../../secret.yaml", true),
            ("/etc/hostname", true),
            ("../missing.yaml", true),
            ("../out.yaml", false),
            ("../outdir/secret.yaml", false),
            ("./.././out.yaml", false),
        ];
        for (path, allowed) in rows {
            let got = open_given_path(&cwd, Path::new(path), &base);
            assert_eq!(got.is_ok(), *allowed, "{path}: {got:?}");
            if let Err(e) = got {
                assert!(e.is_refusal(), "{path}");
            }
        }
    }
}
