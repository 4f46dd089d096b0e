//! [`EditedTree`]: a workspace's tree with some files replaced or added in memory, so the
//! target stage can be layered, validated and diffed with a promotion's edits applied
//! before anything is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::source::{display_path, EntryKind, SourceError, Tree};

/// A tree whose files `files` read as given, the rest as in `base`.
#[derive(Debug)]
pub struct EditedTree {
    base: Arc<dyn Tree>,
    files: BTreeMap<PathBuf, Vec<u8>>,
    label: String,
}

impl EditedTree {
    /// Returns `base` with `files` (path relative to the root, contents) in place, named
    /// `label` in messages and diffs.
    pub fn new(
        base: Arc<dyn Tree>,
        files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>,
        label: String,
    ) -> Self {
        EditedTree {
            base,
            files: files.into_iter().collect(),
            label,
        }
    }

    /// Returns true when an edited file lies under the folder `rel`.
    fn holds(&self, rel: &Path) -> bool {
        self.files.keys().any(|p| p.starts_with(rel) && p != rel)
    }
}

impl Tree for EditedTree {
    fn read(&self, rel: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
        match self.files.get(rel) {
            Some(bytes) if bytes.len() as u64 > limit => Err(SourceError::TooLarge {
                display: display_path(rel),
                size: bytes.len() as u64,
                limit,
            }),
            Some(bytes) => Ok(bytes.clone()),
            None => self.base.read(rel, limit),
        }
    }

    fn list(&self, rel: &Path) -> Result<Vec<(String, EntryKind)>, SourceError> {
        let mut names = self.base.list(rel)?;
        for path in self.files.keys() {
            let Ok(rest) = path.strip_prefix(rel) else {
                continue;
            };
            let mut parts = rest.components();
            let (Some(first), more) = (parts.next(), parts.next().is_some()) else {
                continue;
            };
            let name = first.as_os_str().to_string_lossy().to_string();
            if !names.iter().any(|(n, _)| *n == name) {
                let kind = if more {
                    EntryKind::Dir
                } else {
                    EntryKind::File
                };
                names.push((name, kind));
            }
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(names)
    }

    fn kind(&self, rel: &Path) -> Option<EntryKind> {
        if self.files.contains_key(rel) {
            return Some(EntryKind::File);
        }
        self.base
            .kind(rel)
            .or_else(|| self.holds(rel).then_some(EntryKind::Dir))
    }

    fn label(&self) -> String {
        self.label.clone()
    }

    fn real_path(&self, rel: &Path) -> Option<PathBuf> {
        self.base.real_path(rel)
    }
}
