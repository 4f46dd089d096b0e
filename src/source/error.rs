//! [`SourceError`]: why a file could not be read.

use std::path::PathBuf;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file does not exist.
    #[error("open {display}: no such file or directory")]
    NotFound { display: String },
    /// The path exists but is not a regular file (a directory, FIFO, socket or device).
    #[error("{display} is a {kind}, not a regular file")]
    NotAFile { display: String, kind: &'static str },
    /// The file is larger than the cap.
    #[error("{display} is {size} bytes, over the limit of {limit} bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)")]
    TooLarge {
        display: String,
        size: u64,
        limit: u64,
    },
    /// A stream (standard input, or a file that grew while it was read) gave more bytes than
    /// the cap; how many more is unknown, as reading stopped at the cap.
    #[error("{display} is over the limit of {limit} bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)")]
    OverLimit { display: String, limit: u64 },
    /// The path leaves the workspace (`..`, absolute, or a symlink pointing out).
    #[error("{display} is outside the workspace; strata only reads files inside {root}")]
    OutsideWorkspace { display: String, root: PathBuf },
    /// A symlink on the way (the file itself, or a folder above it) leads to nothing.
    #[error("{}", dangling_message(display, link, target))]
    DanglingLink {
        display: String,
        /// The symlink, as a path in the tree (boxed: errors stay small).
        link: Box<str>,
        /// What the symlink points to, as written in it.
        target: Box<str>,
    },
    /// A path given on the command line stays inside `root` but is, or passes through, a
    /// symlink whose target is outside it. The target is not printed.
    #[error("{display} is a symlink leading outside {root}; strata does not follow links out of it (name the target itself to read it)")]
    LinkLeaves { display: String, root: PathBuf },
    /// Any other I/O error, with the path it was about.
    #[error("cannot read {display}: {source}")]
    Io {
        display: String,
        #[source]
        source: std::io::Error,
    },
}

fn dangling_message(display: &str, link: &str, target: &str) -> String {
    if display == link {
        format!("the symlink {link} points to {target:?}, which does not exist")
    } else {
        format!("cannot read {display}: the symlink {link} on the way points to {target:?}, which does not exist")
    }
}

impl SourceError {
    /// Returns true when the error is a refusal for safety (exit code 3), not a failure.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            SourceError::OutsideWorkspace { .. } | SourceError::LinkLeaves { .. }
        )
    }
}
