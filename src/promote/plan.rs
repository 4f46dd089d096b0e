//! [`PromotionPlan`]: what a promotion changes, before anything is written: for each release,
//! the promotable paths whose value in the source stage differs from the target's, and the
//! target file each is written in.

use std::path::PathBuf;

use crate::values::{KeyPath, Node, Origin};

/// One value to carry from the source stage to the target.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedEdit {
    /// The release.
    pub release: String,
    /// The key.
    pub path: KeyPath,
    /// The source stage's effective value, with where it was written.
    pub value: Node,
    /// The target stage's effective value today, if it has one.
    pub old: Option<Node>,
    /// The target file the edit goes in, relative to the workspace root.
    pub file: PathBuf,
    /// Where that file writes the key today; `None` when the key is created.
    pub at: Option<Origin>,
    /// The value is a secret (by key name or `strata.yaml`'s `secrets:`): it is written
    /// into the overlay, never shown, and never put in a patch file.
    pub secret: bool,
}

/// Every edit of a promotion, in release then value order.
#[derive(Clone, Debug, PartialEq)]
pub struct PromotionPlan {
    /// The source stage.
    pub from: String,
    /// The target stage.
    pub to: String,
    /// The releases looked at, in order.
    pub releases: Vec<String>,
    /// The edits.
    pub edits: Vec<PlannedEdit>,
}

impl PromotionPlan {
    /// Returns true when the target stage lags on no promotable path.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Returns the files edited, each once, in the order of the edits.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = Vec::new();
        for edit in &self.edits {
            if !files.contains(&edit.file) {
                files.push(edit.file.clone());
            }
        }
        files
    }

    /// Returns the releases that have edits, each once, in order.
    pub fn changed_releases(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for edit in &self.edits {
            if !names.contains(&edit.release) {
                names.push(edit.release.clone());
            }
        }
        names
    }
}
