//! [`VendorError`]: why a chart source could not be read, fetched or trusted.

use std::path::PathBuf;

use crate::chart::ChartError;
use crate::source::SourceError;
use crate::values::Origin;

use super::digest::Digest;

/// Why a declared chart is not usable offline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotVendored {
    /// The workspace has no `strata.lock`.
    NoLock,
    /// `strata.lock` has no entry for the chart.
    NotLocked,
    /// `strata.lock` pins another source (`kong 2.47.0 from https://...`): `strata.yaml`
    /// changed since the last `strata vendor`.
    LockedOther(String),
    /// The lock names the chart but its archive is not there.
    ArchiveMissing(String),
}

impl std::fmt::Display for NotVendored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotVendored::NoLock => f.write_str("there is no strata.lock"),
            NotVendored::NotLocked => f.write_str("strata.lock has no entry for it"),
            NotVendored::LockedOther(locked) => write!(f, "strata.lock pins {locked}"),
            NotVendored::ArchiveMissing(archive) => write!(f, "{archive} is missing"),
        }
    }
}

/// Why a chart source could not be read, fetched or trusted.
#[derive(Debug, thiserror::Error)]
pub enum VendorError {
    /// `strata.lock` is malformed.
    #[error("{message}")]
    Lock { message: String, origin: Origin },
    /// A declared chart has not been fetched (or not at the declared version).
    #[error("chart {chart:?} ({source_text}) is not vendored: {reason}")]
    NotVendored {
        chart: String,
        /// The source, as `kong 2.48.0 from https://...`.
        source_text: String,
        reason: NotVendored,
        /// Where `strata.yaml` declares the source.
        origin: Origin,
    },
    /// A vendored archive is not the one the lock records (refused for safety).
    #[error("refusing chart {chart:?}: {archive} is not the archive strata.lock records (its digest is {actual}, the lock's {locked})")]
    Tampered {
        chart: String,
        archive: String,
        locked: Digest,
        actual: Digest,
    },
    /// The repository now serves other bytes for a version the lock records (refused: a
    /// published version must not change).
    #[error("refusing {source_text}: the repository now serves an archive with digest {fetched}, but strata.lock records {locked}")]
    UpstreamChanged {
        source_text: String,
        locked: Digest,
        fetched: Digest,
    },
    /// A file (the lock, an archive) could not be read.
    #[error(transparent)]
    Read(#[from] SourceError),
    /// A fetched archive is not a chart strata can read.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The fetched archive holds another chart than the one asked for.
    #[error("helm pull of {source_text} gave {found}")]
    WrongChart { source_text: String, found: String },
    /// helm could not be started.
    #[error("cannot run {}: {source}", path.display())]
    HelmUnusable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `helm pull` failed; `output` is what it printed.
    #[error("helm pull of {source_text} failed: {output}")]
    PullFailed { source_text: String, output: String },
    /// `helm pull` ran past its time limit and was stopped.
    #[error("helm pull of {source_text} did not finish within {seconds} seconds")]
    PullTimedOut { source_text: String, seconds: u64 },
    /// `helm pull` succeeded but left no archive.
    #[error("helm pull of {source_text} left no .tgz archive")]
    NoArchive { source_text: String },
    /// A file or folder under the workspace could not be written or removed.
    #[error("cannot write {display}: {source}")]
    Write {
        display: String,
        #[source]
        source: std::io::Error,
    },
}

impl VendorError {
    /// Returns true when the error is a refusal for safety (exit code 3).
    pub fn is_refusal(&self) -> bool {
        match self {
            VendorError::Tampered { .. } | VendorError::UpstreamChanged { .. } => true,
            VendorError::Read(e) => e.is_refusal(),
            VendorError::Chart(e) => e.is_refusal(),
            _ => false,
        }
    }

    /// Returns the place the error is about, when it has one.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            VendorError::Lock { origin, .. } | VendorError::NotVendored { origin, .. } => {
                Some(origin)
            }
            VendorError::Chart(e) => e.origin(),
            _ => None,
        }
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            VendorError::NotVendored { .. } => Some(
                "run `strata vendor` to fetch it with helm and record it in strata.lock; commit vendor/ and strata.lock".into(),
            ),
            VendorError::Lock { .. } => Some(
                "strata.lock is written by `strata vendor`: restore it from git, or delete it and run `strata vendor`".into(),
            ),
            VendorError::Tampered { archive, .. } => Some(format!(
                "{archive} changed since `strata vendor` fetched it; find out who changed it, then restore it from git or run `strata vendor`, which fetches it again and keeps it only if it matches strata.lock"
            )),
            VendorError::UpstreamChanged { .. } => Some(
                "a published chart version should never change; if you trust the new archive, delete the chart's entry from strata.lock and run `strata vendor` again".into(),
            ),
            VendorError::Chart(e) => e.hint(),
            _ => None,
        }
    }
}
