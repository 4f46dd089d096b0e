//! [`GitError`]: why a repository or a revision could not be used.

use std::path::PathBuf;

/// Why a repository or a revision could not be used.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository holds the folder.
    #[error("{path} is not inside a git repository")]
    NotARepository { path: PathBuf },
    /// The repository has no working tree (a bare repository).
    #[error("the repository at {path} has no working tree")]
    NoWorkTree { path: PathBuf },
    /// The revision does not name a commit or tree.
    #[error("unknown revision {rev:?}: {message}")]
    UnknownRevision { rev: String, message: String },
    /// The workspace folder does not exist at the revision.
    #[error("the workspace folder {folder} does not exist at {rev}")]
    NoWorkspaceAtRevision { rev: String, folder: String },
    /// libgit2 failed.
    #[error("git: {message}")]
    Git { message: String },
}

impl From<git2::Error> for GitError {
    fn from(e: git2::Error) -> Self {
        GitError::Git {
            message: e.message().to_string(),
        }
    }
}
