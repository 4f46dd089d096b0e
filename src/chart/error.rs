//! [`ChartError`]: why a chart folder could not be read.

use crate::source::SourceError;

use super::lock::LockDifference;
use crate::values::Origin;
use crate::yaml::YamlError;

/// Why a chart folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The folder has no `Chart.yaml`.
    #[error("{display} is not a chart: it has no Chart.yaml")]
    NoChartYaml { display: String },
    /// A file of the chart could not be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// `Chart.yaml` or `values.yaml` is not valid YAML.
    #[error(transparent)]
    Yaml(#[from] YamlError),
    /// `Chart.yaml` lacks a field or has one of the wrong kind.
    #[error("{message}")]
    Metadata { message: String, origin: Origin },
    /// Subcharts nest deeper than strata follows.
    #[error("{display}: subcharts nest more than {limit} levels deep")]
    TooDeep { display: String, limit: usize },
    /// A packaged subchart (`.tgz`) could not be unpacked.
    #[error("cannot unpack {display}: {reason}")]
    Archive { display: String, reason: String },
    /// A revision's chart lacks dependencies its lock pins (downloaded, not committed), and
    /// the working tree's downloaded ones follow a different lock, so they cannot serve.
    #[error("{chart}: the dependencies in {lock} at {revision} are not committed, and those downloaded in the working tree follow another {lock}: {}", lock_difference(difference, revision))]
    LockMismatch {
        chart: String,
        lock: String,
        revision: String,
        difference: Box<LockDifference>,
    },
    /// A folder could not be listed.
    #[error("cannot list {display}: {source}")]
    ListDir {
        display: String,
        #[source]
        source: std::io::Error,
    },
}

fn lock_difference(difference: &LockDifference, revision: &str) -> String {
    let side = |pinned: &Option<String>| pinned.clone().unwrap_or_else(|| "not locked".into());
    format!(
        "{} is {} at {revision}, {} in the working tree",
        difference.dependency,
        side(&difference.at_revision),
        side(&difference.in_working_tree)
    )
}

impl ChartError {
    /// Returns true when the error is a refusal for safety (exit code 3).
    pub fn is_refusal(&self) -> bool {
        matches!(self, ChartError::Source(e) if e.is_refusal())
    }

    /// Returns the place the error is about, when it has one.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            ChartError::Yaml(e) => Some(e.origin()),
            ChartError::Metadata { origin, .. } => Some(origin),
            _ => None,
        }
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            ChartError::Yaml(e) => e.hint(),
            ChartError::LockMismatch {
                chart, revision, ..
            } => Some(format!(
                "commit {chart}/charts/, or run `helm dependency build` in a checkout of {revision}"
            )),
            _ => None,
        }
    }
}
