//! [`Tree`]: a folder of files to read, the working tree or a git revision alike, so every
//! command that reads the working tree can read any revision the same way (DESIGN §2).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::error::SourceError;
use super::reader::{display_path, read_regular_file, resolve_under};

/// What a name in a folder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// Anything else (a symlink, a FIFO, a device); never read.
    Other,
}

/// A read-only tree of files, addressed by paths relative to its root.
pub trait Tree: std::fmt::Debug + Send + Sync {
    /// Reads the file at `rel`, at most `limit` bytes; [`SourceError::NotFound`] when there
    /// is none. Implementations refuse paths that leave the tree.
    fn read(&self, rel: &Path, limit: u64) -> Result<Vec<u8>, SourceError>;

    /// Lists the folder at `rel` (names and kinds, sorted by name); an empty list when there
    /// is no such folder.
    fn list(&self, rel: &Path) -> Result<Vec<(String, EntryKind)>, SourceError>;

    /// Returns what `rel` is, symlinks followed, or `None` when nothing is there. A path a
    /// symlink takes outside the tree, and a dangling symlink, are files: reading them is
    /// what reports them, rather than their silently not being there.
    fn kind(&self, rel: &Path) -> Option<EntryKind>;

    /// Returns a short name for the tree in messages (`working tree`, `HEAD~1`).
    fn label(&self) -> String;

    /// Returns where `rel` really is, relative to the tree's root, symlinks followed;
    /// `None` when it does not resolve inside the tree or the tree cannot tell.
    fn real_path(&self, rel: &Path) -> Option<PathBuf> {
        let _ = rel;
        None
    }

    /// Returns the git blob id of the file at `rel` (what `git hash-object` prints for its
    /// content), reading at most `limit` bytes: equal ids, equal contents, in any two trees.
    /// A git revision answers from its tree without reading the file.
    fn blob_id(&self, rel: &Path, limit: u64) -> Result<String, SourceError> {
        let bytes = self.read(rel, limit)?;
        git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)
            .map(|id| id.to_string())
            .map_err(|e| SourceError::Io {
                display: display_path(rel),
                source: std::io::Error::other(e.message().to_string()),
            })
    }
}

/// The working tree: files on disk under `root`.
///
/// A workspace asks for thousands of paths (every stage's overlays of every release, before
/// a command reads any), and resolving a path checks each of its components for a symlink.
/// The tree therefore remembers, for the run, the root's real path and each folder it has
/// resolved to a real folder: a lookup then checks only its last component. A command reads
/// the working tree as it is when it starts; a folder made or linked differently during
/// the run is not seen again.
#[derive(Debug)]
pub struct DirTree {
    root: PathBuf,
    /// `root` with its symlinks resolved, found on the first lookup.
    real_root: OnceLock<PathBuf>,
    /// Folders resolved so far, by path relative to the root: their real paths.
    folders: Mutex<HashMap<PathBuf, PathBuf>>,
}

impl Clone for DirTree {
    /// A tree of the same folder, remembering nothing yet.
    fn clone(&self) -> Self {
        DirTree::new(self.root.clone())
    }
}

impl DirTree {
    /// Returns the tree of the folder `root`.
    pub fn new(root: impl Into<PathBuf>) -> DirTree {
        DirTree {
            root: root.into(),
            real_root: OnceLock::new(),
            folders: Mutex::new(HashMap::new()),
        }
    }

    /// Returns the folder.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

fn kind_of(meta: &std::fs::Metadata) -> EntryKind {
    if meta.is_file() {
        EntryKind::File
    } else if meta.is_dir() {
        EntryKind::Dir
    } else {
        EntryKind::Other
    }
}

impl DirTree {
    /// Returns where `rel` really is, symlinks followed; `Err` when it leaves the tree or a
    /// symlink on the way leads nowhere.
    ///
    /// The folder holding `rel` is resolved once per run (see the type's comment); only the
    /// last component is then checked. Anything but a plain name in a resolved folder (a
    /// symlink, `..`, a folder that does not resolve) takes the whole walk of
    /// [`resolve_under`], so answers and errors are the walk's.
    pub(crate) fn resolve(&self, rel: &Path) -> Result<PathBuf, SourceError> {
        self.resolve_seen(rel).map(|(real, _)| real)
    }

    /// [`DirTree::resolve`], with what the last component was found to be when that was
    /// seen on the way: `Some(None)` for nothing there, `Some(Some(kind))` for a file or
    /// folder that is no symlink, `None` when not known (the whole walk was taken).
    fn resolve_seen(
        &self,
        rel: &Path,
    ) -> Result<(PathBuf, Option<Option<EntryKind>>), SourceError> {
        let real_root = self.real_root(rel)?;
        let walk = || resolve_under(&self.root, real_root, rel).map(|real| (real, None));
        let (Some(folder), Some(Component::Normal(name))) =
            (rel.parent(), rel.components().next_back())
        else {
            return walk();
        };
        if folder.as_os_str().is_empty() {
            return walk();
        }
        let Some(real_folder) = self.real_folder(folder, real_root) else {
            return walk();
        };
        let real = real_folder.join(name);
        match std::fs::symlink_metadata(&real) {
            Ok(meta) if !meta.file_type().is_symlink() => Ok((real, Some(Some(kind_of(&meta))))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((real, Some(None))),
            _ => walk(),
        }
    }

    /// Returns the real path of `folder` when it resolves to a folder inside the tree,
    /// remembered for the run; `None` otherwise (the caller then walks the whole path).
    fn real_folder(&self, folder: &Path, real_root: &Path) -> Option<PathBuf> {
        let remembered = self.folders.lock().ok()?.get(folder).cloned();
        if remembered.is_some() {
            return remembered;
        }
        let real = resolve_under(&self.root, real_root, folder).ok()?;
        if !std::fs::symlink_metadata(&real).ok()?.is_dir() {
            return None;
        }
        self.folders
            .lock()
            .ok()?
            .insert(folder.to_path_buf(), real.clone());
        Some(real)
    }

    /// Returns the root with its symlinks resolved; `rel` names the path asked for, in the
    /// error when the root cannot be resolved (it is gone).
    fn real_root(&self, rel: &Path) -> Result<&Path, SourceError> {
        if let Some(real) = self.real_root.get() {
            return Ok(real);
        }
        let real = self.root.canonicalize().map_err(|source| SourceError::Io {
            display: display_path(rel),
            source,
        })?;
        Ok(self.real_root.get_or_init(|| real))
    }
}

impl Tree for DirTree {
    fn read(&self, rel: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
        read_regular_file(&self.resolve(rel)?, &display_path(rel), limit)
    }

    /// Lists a folder; one that a symlink takes outside the tree is refused, and one behind
    /// a dangling symlink is an error, as reading would be.
    fn list(&self, rel: &Path) -> Result<Vec<(String, EntryKind)>, SourceError> {
        let folder = self.resolve(rel)?;
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(Vec::new())
            }
            Err(source) => {
                return Err(SourceError::Io {
                    display: display_path(rel),
                    source,
                })
            }
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| SourceError::Io {
                display: display_path(rel),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().to_string();
            // Follows symlinks for the kind, as reading does; anything else is what the
            // folder's listing says it is.
            let kind = match entry.file_type() {
                Ok(t) if t.is_file() => EntryKind::File,
                Ok(t) if t.is_dir() => EntryKind::Dir,
                Ok(t) if !t.is_symlink() => EntryKind::Other,
                _ => self.kind(&rel.join(&name)).unwrap_or(EntryKind::Other),
            };
            names.push((name, kind));
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(names)
    }

    /// Returns what `rel` is, symlinks followed. A path a symlink takes outside the
    /// workspace, or a dangling symlink, counts as a file: reading it is then what reports
    /// it (exit 3 for the first), rather than the file silently not being there. The git
    /// tree answers the same.
    fn kind(&self, rel: &Path) -> Option<EntryKind> {
        match self.resolve_seen(rel) {
            Ok((_, Some(seen))) => seen,
            Ok((real, None)) => std::fs::metadata(real).ok().map(|m| kind_of(&m)),
            Err(SourceError::OutsideWorkspace { .. } | SourceError::DanglingLink { .. }) => {
                Some(EntryKind::File)
            }
            Err(_) => None,
        }
    }

    fn label(&self) -> String {
        "working tree".to_string()
    }

    fn real_path(&self, rel: &Path) -> Option<PathBuf> {
        let real = self.resolve(rel).ok()?;
        let root = self.real_root(rel).ok()?;
        real.strip_prefix(root).ok().map(Path::to_path_buf)
    }
}
