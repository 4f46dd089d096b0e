//! [`PromoteError`]: why a promotion could not be planned, checked, written or committed.

use std::path::PathBuf;

use crate::values::{KeyPath, Origin};
use crate::workspace::WorkspaceError;
use crate::yaml::EditError;

/// Why a promotion could not be planned, checked, written or committed.
#[derive(Debug, thiserror::Error)]
pub enum PromoteError {
    /// The workspace, a stage or a release could not be used.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// The target stage could not be compared before and after the edits.
    #[error(transparent)]
    Diff(#[from] crate::diff::DiffError),
    /// A promotion needs two different stages.
    #[error("cannot promote {stage} to itself: name two different stages")]
    SameStage { stage: String },
    /// An overlay file could not be edited as planned (an alias, a list item, a parent
    /// that is not a map, ...).
    #[error("cannot edit {}: {source}", crate::source::display_path(file))]
    Edit {
        file: PathBuf,
        /// Where the edited value is written today, when it is.
        origin: Option<Origin>,
        #[source]
        source: EditError,
    },
    /// The value is computed by the template that writes it, not literal text of it.
    #[error(
        "cannot edit {}:{line}: the value of `{path}` {}; edit it by hand",
        crate::source::display_path(file),
        computed_by(tags)
    )]
    Computed {
        file: PathBuf,
        path: KeyPath,
        /// The template line that wrote the value.
        line: u32,
        /// The tags of that line, as shown.
        tags: Vec<String>,
        /// The line, at its first tag.
        origin: Origin,
    },
    /// A key is not created in a template.
    #[error("cannot add `{path}` to {}: strata creates no key in a template (.tera); add it by hand, or write it in a plain .yaml overlay", crate::source::display_path(file))]
    TemplateKeyMissing { file: PathBuf, path: KeyPath },
    /// A new key has no plain overlay to go in: the release's overlay is a template.
    #[error("cannot add `{path}` for {release} in {stage}: its overlay {} is a template (.tera), where strata creates no key, and it has no plain .yaml overlay in {stage}", crate::source::display_path(template))]
    NoPlainOverlay {
        release: String,
        stage: String,
        path: KeyPath,
        template: PathBuf,
    },
    /// A template edited is not an overlay of any release of the target stage.
    #[error("{} is not an overlay of a release in {stage}: a template is edited with its release's context", crate::source::display_path(file))]
    NotAnOverlay { file: PathBuf, stage: String },
    /// A layer writes an ancestor of the key whole (a value, or a null that deletes it).
    #[error("cannot promote `{path}`: {} writes `{at}` whole, so the key cannot be edited on its own", origin.source)]
    AncestorWritten {
        path: KeyPath,
        at: KeyPath,
        origin: Origin,
    },
    /// The target file is a symlink: writing would change another file.
    #[error(
        "refusing to write {} through a symlink",
        crate::source::display_path(file)
    )]
    Symlink { file: PathBuf },
    /// The target file changed on disk after it was read.
    #[error(
        "{} changed on disk while the promotion was planned; nothing was written",
        crate::source::display_path(file)
    )]
    ChangedOnDisk { file: PathBuf },
    /// Another promotion holds the lock.
    #[error(
        "another promotion is running (the lock {} is held); nothing was written",
        crate::source::display_path(lock)
    )]
    Locked { lock: PathBuf },
    /// The repository is in the middle of a merge, rebase, cherry-pick, ...
    #[error("the repository is in the middle of a {state}; finish or abort it first")]
    MidOperation { state: String },
    /// A target file has changes git has not committed.
    #[error(
        "{} has uncommitted changes; commit or stash them first",
        crate::source::display_path(file)
    )]
    Uncommitted { file: PathBuf },
    /// HEAD moved between reading and committing.
    #[error("HEAD moved from {read} to {now} while the promotion ran; nothing was committed")]
    HeadMoved { read: String, now: String },
    /// HEAD does not name a branch to commit on.
    #[error("HEAD is {what}: check out a branch, or give --branch NAME")]
    NoBranch { what: &'static str },
    /// `--branch` names no valid branch.
    #[error("{name:?} is not a valid branch name")]
    BranchName { name: String },
    /// The branch `--branch` names exists already.
    #[error("the branch {name} exists already")]
    BranchExists { name: String },
    /// A patch file would hold a secret value.
    #[error("refusing to write the secret value of {release} `{path}` into a patch file; promote it with strata promote, which writes it only into the overlay")]
    SecretInPatch { release: String, path: KeyPath },
    /// A promotion patch file cannot be read or used.
    #[error("{file}: {message}")]
    Patch { file: String, message: String },
    /// Reading or writing a file failed.
    #[error("cannot {action} {}: {source}", crate::source::display_path(path))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// libgit2 failed.
    #[error("git: {message}")]
    Git { message: String },
}

impl From<git2::Error> for PromoteError {
    fn from(e: git2::Error) -> Self {
        PromoteError::Git {
            message: e.message().to_string(),
        }
    }
}

/// Says how a template computes a value: with the tags of its line, when it has any.
fn computed_by(tags: &[String]) -> String {
    if tags.is_empty() {
        "is not literal text of the template".to_string()
    } else {
        format!("is computed by the template ({})", tags.join(" "))
    }
}

impl PromoteError {
    /// Returns true when the promotion was refused for safety (exit code 3).
    pub fn is_refusal(&self) -> bool {
        match self {
            PromoteError::Workspace(e) => e.is_refusal(),
            PromoteError::Diff(e) => e.workspace_error().is_some_and(WorkspaceError::is_refusal),
            PromoteError::Symlink { .. }
            | PromoteError::ChangedOnDisk { .. }
            | PromoteError::Locked { .. }
            | PromoteError::MidOperation { .. }
            | PromoteError::Uncommitted { .. }
            | PromoteError::HeadMoved { .. }
            | PromoteError::SecretInPatch { .. } => true,
            _ => false,
        }
    }

    /// Returns the place the error is about, when it has one.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            PromoteError::Workspace(e) => e.origin(),
            PromoteError::Edit { origin, .. } => origin.as_ref(),
            PromoteError::AncestorWritten { origin, .. }
            | PromoteError::Computed { origin, .. } => Some(origin),
            _ => None,
        }
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            PromoteError::Workspace(e) => e.hint(),
            PromoteError::Edit {
                source: EditError::Lookup(crate::yaml::LookupError::ThroughAlias { .. }),
                ..
            }
            | PromoteError::Edit {
                source: EditError::Anchored { .. },
                ..
            } => Some(
                "the value is written once and used in several places: edit the anchor by hand, or write the key without the alias".into(),
            ),
            PromoteError::NoPlainOverlay { release, stage, path, .. } => Some(format!(
                "add `{path}` to the template by hand, or create a plain overlay of {release} in {stage} (strata writes new keys there)"
            )),
            PromoteError::Locked { .. } => Some(
                "wait for the other promotion to finish, then run this one again".into(),
            ),
            _ => None,
        }
    }
}
