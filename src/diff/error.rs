//! [`DiffError`]: why a comparison could not be made or printed.

use crate::chart::ChartError;
use crate::values::Origin;
use crate::workspace::WorkspaceError;

/// Why a comparison could not be made or printed.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The workspace (the working tree's, or the new side's) could not be read.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// The workspace as it is at a revision could not be read; the place is in the message
    /// (a snippet from the working tree would show the wrong file).
    #[error("at {label}: {source}{}", at.as_ref().map(|a| format!(" (at {a})")).unwrap_or_default())]
    AtRevision {
        /// The revision.
        label: String,
        /// Where in the revision's files, if known.
        at: Option<String>,
        /// What went wrong.
        #[source]
        source: Box<WorkspaceError>,
    },
    /// A release could not be rendered by helm, or its manifests not read.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// The Markdown template could not be read, parsed or rendered.
    #[error("diff template {name}: {message}")]
    Template {
        /// The template file.
        name: String,
        /// What went wrong.
        message: String,
    },
}

impl DiffError {
    /// Returns an error about the workspace as it is at revision `label`, naming the place
    /// in the message.
    pub fn at_revision(label: impl Into<String>, source: WorkspaceError) -> DiffError {
        DiffError::AtRevision {
            label: label.into(),
            at: error_origin(&source).map(|o| o.to_string()),
            source: Box::new(source),
        }
    }

    /// Returns a hint for the user: the workspace error's, and for a schema that cannot be
    /// read, why `diff` reads it at all.
    pub fn hint(&self) -> Option<String> {
        let error = self.workspace_error()?;
        let WorkspaceError::Schema(schema) = error else {
            return error.hint();
        };
        let why = "diff reads every schema of a chart, subcharts' included, for writeOnly values it must never print";
        Some(match schema.hint() {
            Some(hint) => format!("{hint}; {why}"),
            None => why.to_string(),
        })
    }

    /// Returns the workspace error inside, if the failure was reading the workspace.
    pub fn workspace_error(&self) -> Option<&WorkspaceError> {
        match self {
            DiffError::Workspace(e) => Some(e),
            DiffError::AtRevision { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Returns the place a workspace error is about.
fn error_origin(e: &WorkspaceError) -> Option<&Origin> {
    match e {
        WorkspaceError::Yaml(y) | WorkspaceError::Chart(ChartError::Yaml(y)) => Some(y.origin()),
        WorkspaceError::Config { origin, .. }
        | WorkspaceError::MultipleDocuments { origin }
        | WorkspaceError::Chart(ChartError::Metadata { origin, .. }) => Some(origin),
        WorkspaceError::Layer(l) => l.origin(),
        _ => None,
    }
}
