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

/// Most symlinks one path may go through (a loop ends here); Linux allows 40.
const MAX_SYMLINK_HOPS: usize = 8;

/// The longest symlink target read (Linux's `PATH_MAX`).
const MAX_LINK_BYTES: usize = 4096;

/// A folder of a git revision, read straight from the repository's objects.
///
/// Reads refuse `..` and absolute paths and submodules, and check a blob's size from its
/// header before reading it. Symlinks committed in the revision are followed within its
/// tree, as the working tree follows them: a relative target, resolved lexically, that stays
/// inside the workspace folder, through at most [`MAX_SYMLINK_HOPS`] links; one that leaves
/// it (an absolute target, too many `..`) is refused as outside the workspace (exit 3).
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
    /// component at a time and resolving symlinks inside the revision's tree as it goes
    /// ([`resolve_link`]).
    fn with_entry<T>(
        &self,
        rel: &Path,
        f: impl FnOnce(&Repository, Option<&TreeEntry>) -> Result<T, SourceError>,
    ) -> Result<T, SourceError> {
        let display = display_path(rel);
        let outside = || SourceError::OutsideWorkspace {
            display: display.clone(),
            root: self.label.clone().into(),
        };
        let mut names = Vec::new();
        for component in rel.components() {
            match component {
                Component::Normal(name) => names.push(name.to_string_lossy().to_string()),
                Component::CurDir => {}
                _ => return Err(outside()),
            }
        }
        // For each name, the symlink (its path and target) whose target introduced it: a
        // missing name a link introduced is a dangling link, not a missing file.
        let mut introduced: Vec<Option<(String, String)>> = vec![None; names.len()];
        // A poisoned lock only means another reader panicked; the handle is still usable.
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        let mut hops = 0;
        'walk: loop {
            let mut tree = repo.find_tree(self.root).map_err(|e| git_io(rel, e))?;
            if names.is_empty() {
                return f(&repo, None);
            }
            for i in 0..names.len() {
                let Some(entry) = tree.get_name(&names[i]) else {
                    return Err(match introduced[i].take() {
                        Some((link, target)) => SourceError::DanglingLink {
                            display,
                            link: link.into(),
                            target: target.into(),
                        },
                        None => SourceError::NotFound { display },
                    });
                };
                let (mode, id) = (entry.filemode(), entry.id());
                if mode & MODE_TYPE_MASK == MODE_SYMLINK {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return Err(SourceError::Io {
                            display,
                            source: std::io::Error::other(format!(
                                "more than {MAX_SYMLINK_HOPS} symlinks on the way"
                            )),
                        });
                    }
                    let target = link_target(&repo, id, rel)?;
                    let mut resolved = resolve_link(&names[..i], &target).ok_or_else(outside)?;
                    let link = Some((names[..=i].join("/"), target));
                    let mut origins: Vec<_> = (0..resolved.len())
                        .map(|j| {
                            if j < i && names.get(j) == resolved.get(j) {
                                introduced[j].clone()
                            } else {
                                link.clone()
                            }
                        })
                        .collect();
                    resolved.extend(names.drain(i + 1..));
                    origins.extend(introduced.drain(i + 1..));
                    names = resolved;
                    introduced = origins;
                    continue 'walk;
                }
                if i + 1 == names.len() {
                    return f(&repo, Some(&entry));
                }
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
                drop(entry);
                tree = repo.find_tree(id).map_err(|e| git_io(rel, e))?;
            }
            unreachable!("the last name returns");
        }
    }
}

/// Reads the target a symlink blob names.
fn link_target(repo: &Repository, id: Oid, rel: &Path) -> Result<String, SourceError> {
    let odb = repo.odb().map_err(|e| git_io(rel, e))?;
    let (size, _) = odb.read_header(id).map_err(|e| git_io(rel, e))?;
    let invalid = |what: &str| SourceError::Io {
        display: display_path(rel),
        source: std::io::Error::other(format!("a symlink on the way {what}")),
    };
    if size > MAX_LINK_BYTES {
        return Err(invalid("names a target too long to be a path"));
    }
    let blob = repo.find_blob(id).map_err(|e| git_io(rel, e))?;
    String::from_utf8(blob.content().to_vec()).map_err(|_| invalid("is not UTF-8"))
}

/// Returns the path (names from the tree's root) a symlink at `parent/<link>` leads to:
/// `target` read relative to `parent`, `.` and `..` applied lexically, as the working tree
/// would follow it. `None` when it leaves the tree: an absolute target, or more `..` than
/// folders above it (the working tree refuses both too, as a path outside the workspace).
fn resolve_link(parent: &[String], target: &str) -> Option<Vec<String>> {
    if target.starts_with('/') || target.is_empty() {
        return None;
    }
    let mut names = parent.to_vec();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                names.pop()?;
            }
            name => names.push(name.to_string()),
        }
    }
    Some(names)
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
            let names: Vec<(String, i32)> = tree
                .iter()
                .filter_map(|entry| Some((entry.name().ok()?.to_string(), entry.filemode())))
                .collect();
            Ok(names)
        });
        let listed = match listed {
            Err(SourceError::NotFound { .. }) => return Ok(Vec::new()),
            other => other?,
        };
        // A symlink is listed as what it leads to, as the working tree lists it (resolved
        // after the walk above has let go of the repository).
        let mut names: Vec<(String, EntryKind)> = listed
            .into_iter()
            .map(|(name, mode)| {
                let kind = if mode & MODE_TYPE_MASK == MODE_SYMLINK {
                    self.kind(&rel.join(&name)).unwrap_or(EntryKind::Other)
                } else {
                    entry_kind(mode)
                };
                (name, kind)
            })
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(names)
    }

    /// Returns what `rel` is, symlinks followed. A path a symlink takes outside the
    /// workspace, or a dangling symlink, counts as a file: reading it is then what reports
    /// it (exit 3 for the first), as in the working tree, rather than the file silently not
    /// being there.
    fn kind(&self, rel: &Path) -> Option<EntryKind> {
        let kind = self.with_entry(rel, |_, entry| {
            Ok(entry.map_or(EntryKind::Dir, |e| entry_kind(e.filemode())))
        });
        match kind {
            Ok(kind) => Some(kind),
            Err(SourceError::OutsideWorkspace { .. } | SourceError::DanglingLink { .. }) => {
                Some(EntryKind::File)
            }
            Err(_) => None,
        }
    }

    fn blob_id(&self, rel: &Path, _limit: u64) -> Result<String, SourceError> {
        let display = display_path(rel);
        self.with_entry(rel, |_, entry| match entry {
            Some(entry) if entry_kind(entry.filemode()) == EntryKind::File => {
                Ok(entry.id().to_string())
            }
            Some(entry) => Err(SourceError::NotAFile {
                display: display.clone(),
                kind: other_kind_name(entry.filemode()),
            }),
            None => Err(SourceError::NotAFile {
                display: display.clone(),
                kind: "directory",
            }),
        })
    }

    fn label(&self) -> String {
        self.label.clone()
    }
}
