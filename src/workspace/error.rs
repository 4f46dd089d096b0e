//! [`WorkspaceError`]: why a workspace, a stage or a chart could not be used.

use std::path::PathBuf;

use crate::source::SourceError;
use crate::values::Origin;

/// Why a workspace, a stage or a chart could not be used.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// No `strata.yaml` in the folder or any parent.
    #[error("no strata.yaml found in {start} or any parent folder")]
    NotFound { start: PathBuf },
    /// A file could not be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// `strata.yaml` or a stage file is not valid YAML.
    #[error(transparent)]
    Yaml(#[from] crate::yaml::YamlError),
    /// `strata.yaml` has a key or value strata does not understand.
    #[error("{message}")]
    Config { message: String, origin: Origin },
    /// An overlay pattern in `strata.yaml` leaves the workspace (refused for safety).
    #[error("overlay pattern {pattern:?} leaves the workspace; overlays must stay inside it")]
    PatternOutside { pattern: String, origin: Origin },
    /// A stage was named that the workspace does not define.
    #[error("unknown stage {name:?}; the stages are: {}", known.join(", "))]
    UnknownStage { name: String, known: Vec<String> },
    /// The workspace holds no chart at all, so a command that works on charts has nothing to
    /// do (rather than reporting success over nothing).
    #[error("the workspace holds no chart: charts/ has no folder with a Chart.yaml and no packaged chart (.tgz)")]
    NoCharts,
    /// Two charts of the workspace have one name (a folder and a packaged chart, or two
    /// packaged charts), so releases and overlays could not tell them apart.
    #[error("two charts are named {name:?}: {first} and {second}; keep one")]
    DuplicateChart {
        name: String,
        first: String,
        second: String,
    },
    /// A packaged chart's `Chart.yaml` names it with something that cannot be a file name.
    #[error("{file} holds a chart named {name:?}, which cannot name releases and overlays (letters, digits, '.', '_' and '-' only)")]
    PackagedChartName { file: String, name: String },
    /// A chart was named that the workspace does not hold.
    #[error("unknown chart {name:?}; the charts are: {}", if known.is_empty() { "(none)".to_string() } else { known.join(", ") })]
    UnknownChart { name: String, known: Vec<String> },
    /// A release was named that the workspace does not declare.
    #[error("unknown release {name:?}; the releases are: {}", if known.is_empty() { "(none)".to_string() } else { known.join(", ") })]
    UnknownRelease { name: String, known: Vec<String> },
    /// A chart was named where one release is needed, and it backs several.
    #[error("chart {chart:?} backs several releases ({}); name one", releases.join(", "))]
    ChartOfSeveralReleases {
        chart: String,
        releases: Vec<String>,
    },
    /// A release was asked for in a stage it does not run in (`stages:` of the release).
    #[error("release {release:?} does not run in stage {stage:?}; it runs in: {}", stages.join(", "))]
    ReleaseNotInStage {
        release: String,
        stage: String,
        stages: Vec<String>,
    },
    /// An overlay exists both as YAML and as a template: which one counts would be a guess.
    #[error("{plain} and {template} are both overlays; keep one")]
    OverlayTwice { plain: String, template: String },
    /// An overlay template could not be rendered.
    #[error("{message}")]
    Template {
        message: String,
        origin: Origin,
        hint: Option<String>,
    },
    /// An overlay file holds more than one YAML document.
    #[error("a second YAML document; an overlay must hold exactly one (Helm 3 would ignore it, Helm 4 merge it)")]
    MultipleDocuments { origin: Origin },
    /// A chart could not be read.
    #[error(transparent)]
    Chart(#[from] crate::chart::ChartError),
    /// Helm would refuse these values.
    #[error(transparent)]
    Layer(#[from] crate::layer::LayerError),
    /// A values schema could not be used.
    #[error(transparent)]
    Schema(#[from] crate::schema::SchemaError),
    /// A `--set` family flag is malformed.
    #[error(transparent)]
    SetFlag(#[from] crate::setflags::SetFlagError),
    /// A chart from a repository is declared wrongly, not vendored, or not the archive the
    /// lock records.
    #[error(transparent)]
    Vendor(#[from] crate::vendor::VendorError),
    /// A folder under `charts/` or `environments/` could not be listed.
    #[error("cannot list {display}: {source}")]
    ListDir {
        display: String,
        #[source]
        source: std::io::Error,
    },
}

impl WorkspaceError {
    /// Returns true when the error is a refusal for safety (exit code 3).
    pub fn is_refusal(&self) -> bool {
        match self {
            WorkspaceError::Source(e) => e.is_refusal(),
            WorkspaceError::Chart(e) => e.is_refusal(),
            WorkspaceError::Schema(e) => e.is_refusal(),
            WorkspaceError::PatternOutside { .. } => true,
            WorkspaceError::SetFlag(e) => e.is_refusal(),
            WorkspaceError::Vendor(e) => e.is_refusal(),
            _ => false,
        }
    }

    /// Returns the place the error is about, when it has one.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            WorkspaceError::Yaml(e) => Some(e.origin()),
            WorkspaceError::Config { origin, .. }
            | WorkspaceError::MultipleDocuments { origin }
            | WorkspaceError::Template { origin, .. }
            | WorkspaceError::PatternOutside { origin, .. } => Some(origin),
            WorkspaceError::Chart(e) => e.origin(),
            WorkspaceError::Layer(e) => e.origin(),
            WorkspaceError::Schema(e) => e.origin(),
            WorkspaceError::Vendor(e) => e.origin(),
            _ => None,
        }
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            WorkspaceError::Yaml(e) => e.hint(),
            WorkspaceError::Chart(e) => e.hint(),
            WorkspaceError::Schema(e) => e.hint(),
            WorkspaceError::Vendor(e) => e.hint(),
            WorkspaceError::Template { hint, .. } => hint.clone(),
            WorkspaceError::NoCharts => Some(
                "a chart is a folder charts/<name>/ with a Chart.yaml, or a packaged charts/<name>-<version>.tgz".into(),
            ),
            WorkspaceError::NotFound { .. } => Some(
                "create one naming the stages, e.g. `stages: [development, staging, production]`"
                    .into(),
            ),
            _ => None,
        }
    }
}

impl From<crate::settings::SettingsError> for WorkspaceError {
    fn from(e: crate::settings::SettingsError) -> Self {
        match e {
            crate::settings::SettingsError::Invalid { message, origin } => {
                WorkspaceError::Config { message, origin }
            }
            crate::settings::SettingsError::PatternOutside { pattern, origin } => {
                WorkspaceError::PatternOutside { pattern, origin }
            }
        }
    }
}
