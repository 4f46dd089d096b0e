//! [`GitTree`]: the workspace folder at one revision, read from git objects.

use std::path::{Component, Path};
use std::sync::Mutex;

use git2::{Oid, Repository, TreeEntry};

use crate::source::{display_path, EntryKind, SourceError, Tree};

/// The file mode bits of a tree entry that say what it is.
const MODE_TYPE_MASK: i32 = 0o170000;
const MODE_FILE: i32 = 0o100000;
const MODE_DIR: i32 = 0o040000;
const MODE_SYMLINK: i32 = 0o120000;

/// A folder of a git revision, read straight from the repository's objects.
///
/// Reads refuse `..` and absolute paths, symlinks (at any level: a link in a revision could
/// point anywhere, and no working tree exists to check it against) and submodules, and
/// check a blob's size from its header before reading it.
pub struct GitTree {
    /// libgit2 handles are not shareable between threads; the lock makes the tree `Sync`.
    repo: Mutex<Repository>,
    /// The tree object of the workspace folder.
    root: Oid,
    /// The revision as the user wrote it.
    label: String,
    /// The commit the revision resolved to, if it names a commit.
    commit: Option<String>,
}

impl std::fmt::Debug for GitTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitTree")
            .field("root", &self.root)
            .field("label", &self.label)
            .finish()
    }
}

fn git_io(rel: &Path, e: git2::Error) -> SourceError {
    SourceError::Io {
        display: display_path(rel),
        source: std::io::Error::other(e.message().to_string()),
    }
}

/// What a tree entry's mode says it is.
fn entry_kind(mode: i32) -> EntryKind {
    match mode & MODE_TYPE_MASK {
        MODE_FILE => EntryKind::File,
        MODE_DIR => EntryKind::Dir,
        _ => EntryKind::Other,
    }
}

fn other_kind_name(mode: i32) -> &'static str {
    match mode & MODE_TYPE_MASK {
        MODE_SYMLINK => "symlink",
        MODE_DIR => "directory",
        _ => "submodule",
    }
}

impl GitTree {
    pub(super) fn new(repo: Repository, root: Oid, label: String, commit: Option<String>) -> Self {
        GitTree {
            repo: Mutex::new(repo),
            root,
            label,
            commit,
        }
    }

    /// Returns the commit id the revision resolved to, if it names a commit.
    pub fn commit(&self) -> Option<&str> {
        self.commit.as_deref()
    }

    /// Runs `f` on the entry at `rel` (`None` for the root folder itself), walking one
    /// component at a time so a symlink on the way is refused rather than followed.
    fn with_entry<T>(
        &self,
        rel: &Path,
        f: impl FnOnce(&Repository, Option<&TreeEntry>) -> Result<T, SourceError>,
    ) -> Result<T, SourceError> {
        let display = display_path(rel);
        let mut names = Vec::new();
        for component in rel.components() {
            match component {
                Component::Normal(name) => names.push(name.to_string_lossy().to_string()),
                Component::CurDir => {}
                _ => {
                    return Err(SourceError::OutsideWorkspace {
                        display,
                        root: self.label.clone().into(),
                    })
                }
            }
        }
        // A poisoned lock only means another reader panicked; the handle is still usable.
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        let mut tree = repo.find_tree(self.root).map_err(|e| git_io(rel, e))?;
        let Some((last, folders)) = names.split_last() else {
            return f(&repo, None);
        };
        for name in folders {
            let (mode, id) = match tree.get_name(name) {
                Some(entry) => (entry.filemode(), entry.id()),
                None => return Err(SourceError::NotFound { display }),
            };
            match entry_kind(mode) {
                EntryKind::Dir => {}
                EntryKind::File => return Err(SourceError::NotFound { display }),
                EntryKind::Other => {
                    return Err(SourceError::NotAFile {
                        display,
                        kind: other_kind_name(mode),
                    })
                }
            }
            tree = repo.find_tree(id).map_err(|e| git_io(rel, e))?;
        }
        let result = match tree.get_name(last) {
            Some(entry) => f(&repo, Some(&entry)),
            None => Err(SourceError::NotFound { display }),
        };
        result
    }
}

impl Tree for GitTree {
    fn read(&self, rel: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
        let display = display_path(rel);
        self.with_entry(rel, |repo, entry| {
            let Some(entry) = entry else {
                return Err(SourceError::NotAFile {
                    display: display.clone(),
                    kind: "directory",
                });
            };
            if entry_kind(entry.filemode()) != EntryKind::File {
                return Err(SourceError::NotAFile {
                    display: display.clone(),
                    kind: other_kind_name(entry.filemode()),
                });
            }
            let odb = repo.odb().map_err(|e| git_io(rel, e))?;
            let (size, _) = odb.read_header(entry.id()).map_err(|e| git_io(rel, e))?;
            if size as u64 > limit {
                return Err(SourceError::TooLarge {
                    display: display.clone(),
                    size: size as u64,
                    limit,
                });
            }
            let blob = repo.find_blob(entry.id()).map_err(|e| git_io(rel, e))?;
            Ok(blob.content().to_vec())
        })
    }

    fn list(&self, rel: &Path) -> Result<Vec<(String, EntryKind)>, SourceError> {
        let listed = self.with_entry(rel, |repo, entry| {
            let id = match entry {
                None => self.root,
                Some(entry) if entry_kind(entry.filemode()) == EntryKind::Dir => entry.id(),
                Some(_) => return Ok(Vec::new()),
            };
            let tree = repo.find_tree(id).map_err(|e| git_io(rel, e))?;
            let mut names: Vec<(String, EntryKind)> = tree
                .iter()
                .filter_map(|entry| {
                    let name = entry.name().ok()?.to_string();
                    Some((name, entry_kind(entry.filemode())))
                })
                .collect();
            names.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(names)
        });
        match listed {
            Err(SourceError::NotFound { .. }) => Ok(Vec::new()),
            other => other,
        }
    }

    fn kind(&self, rel: &Path) -> Option<EntryKind> {
        self.with_entry(rel, |_, entry| {
            Ok(entry.map_or(EntryKind::Dir, |e| entry_kind(e.filemode())))
        })
        .ok()
    }

    fn label(&self) -> String {
        self.label.clone()
    }
}
