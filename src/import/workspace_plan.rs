//! [`WorkspacePlan`]: the files `init` or `import helmfile` would write, and what an import
//! could not carry over.

use std::path::{Path, PathBuf};

use super::import_note::ImportNote;

/// One file to write, relative to the workspace root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedFile {
    /// Where, relative to the workspace root.
    pub path: PathBuf,
    /// Its whole text.
    pub text: String,
}

/// A new workspace, planned in memory: nothing is written until every file is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspacePlan {
    /// The stages, in promotion order.
    pub stages: Vec<String>,
    /// The releases declared (empty for `init`: one release per chart).
    pub releases: Vec<String>,
    /// The files, `strata.yaml` last, so a workspace is only found once it is whole.
    pub files: Vec<PlannedFile>,
    /// What the source holds that the workspace does not, one line each.
    pub notes: Vec<ImportNote>,
}

impl WorkspacePlan {
    /// Returns the planned files that already exist under `root`.
    pub fn existing(&self, root: &Path) -> Vec<&PlannedFile> {
        self.files
            .iter()
            .filter(|f| std::fs::symlink_metadata(root.join(&f.path)).is_ok())
            .collect()
    }
}
