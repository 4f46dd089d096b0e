//! [`IndexedTree`]: the working tree, with git's index answering the blob id of every file
//! it records unchanged, as `git status` does.
//!
//! Hashing a file is what a revision diff's comparison of release inputs costs (SHA-1 over
//! 40 MB of chart defaults on a real-size workspace, half the run). The index keeps each
//! file's blob id with the size, times and inode it had when it was staged; a file whose
//! `lstat` still says the same, and that was not modified in the second the index was
//! written (git's "racy" case), has that blob id. Any other file is hashed. Reading, listing
//! and every refusal stay the working tree's own ([`DirTree`]).

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::source::{DirTree, EntryKind, SourceError, Tree};

/// What the index recorded of one regular file.
#[derive(Clone, Debug)]
struct Staged {
    id: String,
    size: u64,
    mtime: (i64, i64),
    ino: u64,
    dev: u64,
}

/// The working tree with the index's blob ids (see the module's documentation).
#[derive(Debug)]
pub struct IndexedTree {
    dir: DirTree,
    /// Regular files of the index under the workspace folder, by path relative to it.
    staged: HashMap<PathBuf, Staged>,
    /// When the index was written: a file modified at or after it may have changed since
    /// it was staged without its size or time showing it.
    index_mtime: (i64, i64),
}

/// Git's mode of a regular file (executable or not) in the index.
const MODE_FILE_MASK: u32 = 0o170000;
const MODE_FILE: u32 = 0o100000;

impl IndexedTree {
    /// Returns the working tree of `root` (the workspace folder) with the index of `repo`,
    /// whose working tree holds the workspace at `prefix`. Without a readable index, every
    /// blob id is hashed.
    pub(super) fn new(root: &Path, repo: &git2::Repository, prefix: &Path) -> IndexedTree {
        let dir = DirTree::new(root);
        let index_path = repo.path().join("index");
        let (Ok(index), Ok(meta)) = (repo.index(), std::fs::metadata(&index_path)) else {
            return IndexedTree {
                dir,
                staged: HashMap::new(),
                index_mtime: (i64::MIN, 0),
            };
        };
        let staged = index
            .iter()
            .filter(|e| e.mode & MODE_FILE_MASK == MODE_FILE && e.flags & 0x3000 == 0)
            .filter_map(|e| {
                let path = PathBuf::from(String::from_utf8(e.path.clone()).ok()?);
                let rel = path.strip_prefix(prefix).ok()?.to_path_buf();
                let staged = Staged {
                    id: e.id.to_string(),
                    size: u64::from(e.file_size),
                    mtime: (
                        i64::from(e.mtime.seconds()),
                        i64::from(e.mtime.nanoseconds()),
                    ),
                    ino: u64::from(e.ino),
                    dev: u64::from(e.dev),
                };
                Some((rel, staged))
            })
            .collect();
        IndexedTree {
            dir,
            staged,
            index_mtime: (meta.mtime(), meta.mtime_nsec()),
        }
    }

    /// Returns the index's blob id of `rel` when the file is as it was staged.
    fn unchanged(&self, rel: &Path) -> Option<&str> {
        let staged = self.staged.get(rel)?;
        // Only a path no symlink redirects: anything else is hashed, or refused, by reading.
        let path = self.dir.root().join(rel);
        if self.dir.resolve(rel).ok()? != path {
            return None;
        }
        let meta = std::fs::symlink_metadata(&path).ok()?;
        let mtime = (meta.mtime(), meta.mtime_nsec());
        // The index keeps 32 bits of sizes, inodes and devices (libgit2 writes no device).
        let same = meta.file_type().is_file()
            && meta.size() & 0xffff_ffff == staged.size
            && meta.ino() & 0xffff_ffff == staged.ino
            && (staged.dev == 0 || meta.dev() & 0xffff_ffff == staged.dev)
            && mtime == staged.mtime
            && mtime < self.index_mtime;
        same.then_some(staged.id.as_str())
    }
}

impl Tree for IndexedTree {
    fn read(&self, rel: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
        self.dir.read(rel, limit)
    }

    fn list(&self, rel: &Path) -> Result<Vec<(String, EntryKind)>, SourceError> {
        self.dir.list(rel)
    }

    fn kind(&self, rel: &Path) -> Option<EntryKind> {
        self.dir.kind(rel)
    }

    fn label(&self) -> String {
        self.dir.label()
    }

    fn blob_id(&self, rel: &Path, limit: u64) -> Result<String, SourceError> {
        match self.unchanged(rel) {
            Some(id) => Ok(id.to_string()),
            None => self.dir.blob_id(rel, limit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(bytes: &[u8]) -> String {
        git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
            .expect("hashed")
            .to_string()
    }

    #[test]
    fn staged_files_take_the_index_id_and_edited_files_are_hashed() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().canonicalize().expect("it exists");
        std::fs::create_dir_all(root.join("ws")).expect("folders");
        std::fs::write(root.join("ws/a.yaml"), "a: 1\n").expect("written");
        std::fs::write(root.join("ws/b.yaml"), "b: 1\n").expect("written");
        let repo = git2::Repository::init(&root).expect("a repository");
        // Files older than the index: not racy.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut index = repo.index().expect("an index");
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .expect("added");
        index.write().expect("written");
        // The index's id is taken as it is: a staged file reads as staged, without hashing.
        let mut entry = index.get_path(Path::new("ws/a.yaml"), 0).expect("staged");
        entry.id = repo.blob(b"staged otherwise\n").expect("a blob");
        index.add(&entry).expect("replaced");
        index.write().expect("written");
        std::fs::write(root.join("ws/b.yaml"), "b: 2\n").expect("edited");
        let tree = IndexedTree::new(&root.join("ws"), &repo, Path::new("ws"));
        let id = |rel: &str| tree.blob_id(Path::new(rel), 1 << 20).expect("an id");
        assert_eq!(id("a.yaml"), hash(b"staged otherwise\n"));
        assert_eq!(id("b.yaml"), hash(b"b: 2\n"));
        std::fs::write(root.join("ws/c.yaml"), "c: 1\n").expect("written");
        assert_eq!(id("c.yaml"), hash(b"c: 1\n"));
    }
}
