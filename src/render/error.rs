//! [`RenderError`]: why a release could not be rendered.

use std::path::PathBuf;

use crate::source::SourceError;

/// Why a release could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The helm binary could not be started.
    #[error("cannot run helm at {}: {source}", path.display())]
    HelmUnusable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `helm version --short` printed something that is not a version.
    #[error("{} is not a helm binary: `helm version --short` printed {output:?}", path.display())]
    NotHelm { path: PathBuf, output: String },
    /// `helm template` failed; `stderr` is helm's own message.
    #[error("helm template failed for {release}: {}", stderr.trim_end())]
    HelmFailed {
        /// `stage/release`.
        release: String,
        /// What helm printed on stderr.
        stderr: String,
    },
    /// helm ran longer than the time limit and was stopped.
    #[error("helm template for {release} did not finish within {seconds} s and was stopped")]
    TimedOut { release: String, seconds: u64 },
    /// A chart file is a symlink leading out of the chart's folder (refused: helm would
    /// read whatever it points at).
    #[error("{link} is a symlink leading out of the chart {chart} (to {target}); a chart rendered by helm must hold its own files")]
    LinkLeavesChart {
        link: String,
        chart: String,
        target: String,
    },
    /// A chart file could not be read from the workspace.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A private file or folder could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// helm printed a document that is not a Kubernetes resource.
    #[error("the manifests of {release} cannot be read: {message}")]
    Manifest {
        /// `stage/release`.
        release: String,
        message: String,
    },
}

impl RenderError {
    /// Returns true for refusals made for safety (exit code 3): a path leaving the
    /// workspace, a symlink leaving the chart.
    pub fn is_refusal(&self) -> bool {
        match self {
            RenderError::Source(e) => e.is_refusal(),
            RenderError::LinkLeavesChart { .. } => true,
            _ => false,
        }
    }

    /// Returns an [`RenderError::Io`] about `path`.
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> RenderError {
        let path = path.into();
        move |source| RenderError::Io { path, source }
    }
}
