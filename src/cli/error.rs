//! [`CliError`]: every error a command can end with, and the exit code of each.

use std::path::PathBuf;

use crate::chart::ChartError;
use crate::diff::DiffError;
use crate::git::GitError;
use crate::layer::LayerError;
use crate::schema::SchemaError;
use crate::setflags::SetFlagError;
use crate::values::{KeyPathError, Origin};
use crate::workspace::WorkspaceError;
use crate::yaml::{ReadError, YamlError};

/// Every error a command can end with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The workspace, a stage or a chart could not be used.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// A chart folder could not be read.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// A values file could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A `--set` family flag is malformed.
    #[error(transparent)]
    SetFlag(#[from] SetFlagError),
    /// Helm would refuse these values.
    #[error(transparent)]
    Layer(#[from] LayerError),
    /// A schema could not be used to validate values.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A key path argument could not be read.
    #[error(transparent)]
    KeyPath(#[from] KeyPathError),
    /// An output file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing to stdout failed (a closed pipe is not reported).
    #[error("cannot write output: {0}")]
    Stdout(#[source] std::io::Error),
    /// Arguments that parse but do not make sense together.
    #[error("{0}")]
    Usage(String),
    /// A comparison could not be made or printed.
    #[error(transparent)]
    Diff(#[from] DiffError),
    /// A git repository or revision could not be used.
    #[error(transparent)]
    Git(#[from] GitError),
    /// Refused for safety (exit code 3), for a reason given as text.
    #[error("{0}")]
    Refused(String),
}

impl CliError {
    /// Returns the exit code for the error (DESIGN §6): 3 for refusals made for safety,
    /// 2 for everything that kept the command from running.
    pub fn exit_code(&self) -> i32 {
        let refused = match self {
            CliError::Workspace(WorkspaceError::Source(e))
            | CliError::Chart(ChartError::Source(e))
            | CliError::Read(ReadError::Source(e)) => e.is_refusal(),
            CliError::Workspace(WorkspaceError::Chart(ChartError::Source(e))) => e.is_refusal(),
            CliError::Schema(e) => e.is_refusal(),
            CliError::Diff(e) => e.workspace_error().is_some_and(workspace_refusal),
            CliError::Refused(_) => true,
            _ => false,
        };
        if refused {
            3
        } else {
            2
        }
    }

    /// Returns the place the error is about, when it has one.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            CliError::Workspace(e) => workspace_origin(e),
            CliError::Chart(e) => chart_origin(e),
            CliError::Read(ReadError::Yaml(e)) => Some(e.origin()),
            CliError::Layer(e) => e.origin(),
            CliError::Schema(e) => e.origin(),
            CliError::Diff(DiffError::Workspace(e)) => workspace_origin(e),
            _ => None,
        }
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            CliError::Workspace(WorkspaceError::Yaml(e))
            | CliError::Chart(ChartError::Yaml(e))
            | CliError::Read(ReadError::Yaml(e)) => e.hint(),
            CliError::Workspace(WorkspaceError::Chart(ChartError::Yaml(e))) => e.hint(),
            CliError::Schema(e) => e.hint(),
            CliError::Git(GitError::NotARepository { .. }) => Some(
                "comparing revisions reads git history: run strata inside a git repository".into(),
            ),
            CliError::Workspace(WorkspaceError::NotFound { .. }) => Some(
                "create one naming the stages, e.g. `stages: [development, staging, production]`"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// Returns true when a workspace error is a refusal for safety.
fn workspace_refusal(e: &WorkspaceError) -> bool {
    match e {
        WorkspaceError::Source(s) | WorkspaceError::Chart(ChartError::Source(s)) => s.is_refusal(),
        _ => false,
    }
}

fn yaml_origin(e: &YamlError) -> Option<&Origin> {
    Some(e.origin())
}

fn chart_origin(e: &ChartError) -> Option<&Origin> {
    match e {
        ChartError::Yaml(y) => yaml_origin(y),
        ChartError::Metadata { origin, .. } => Some(origin),
        _ => None,
    }
}

fn workspace_origin(e: &WorkspaceError) -> Option<&Origin> {
    match e {
        WorkspaceError::Yaml(y) => yaml_origin(y),
        WorkspaceError::Config { origin, .. } => Some(origin),
        WorkspaceError::MultipleDocuments { origin } => Some(origin),
        WorkspaceError::Chart(c) => chart_origin(c),
        WorkspaceError::Layer(l) => l.origin(),
        _ => None,
    }
}
