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
use crate::yaml::ReadError;

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
    /// `explain` was given a key no layer of the release sets.
    #[error("{path} is not set in any layer of {release}")]
    KeyNotSet {
        /// The key, as printed.
        path: String,
        /// `stage/chart`.
        release: String,
        /// The key the path names once its dots are read as part of keys, escaped
        /// (`annotations.prometheus\.io/scrape`), when there is one.
        escaped: Option<String>,
    },
    /// An output file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A `-f` path that Go's URL parser refuses (`%a.txt`), as Helm refuses it.
    #[error(transparent)]
    ValuesFileUrl(#[from] crate::setflags::GoUrlError),
    /// A `-f` URL (`https://...`): Helm downloads it; strata works offline.
    #[error("{path}: strata works offline and does not fetch -f values from a {scheme} URL")]
    ValuesFileFromUrl { path: String, scheme: String },
    /// Reading values from standard input (`-f -`) failed.
    #[error("cannot read standard input: {0}")]
    Stdin(#[source] std::io::Error),
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
    /// `render --out DIR` where DIR is, holds or lies inside the workspace's inputs
    /// (refused: the rendered files would overwrite overlays or chart files).
    #[error(
        "refusing to write rendered values under {}: {overlap}",
        crate::source::display_path(dir)
    )]
    OutputOverInputs {
        /// The folder as given.
        dir: PathBuf,
        /// How it meets the inputs.
        overlap: Overlap,
    },
    /// `render --for-helm` of several releases to standard output: `helm -f` reads only the
    /// first YAML document of a file, and a JSON wrapper is not a values file.
    #[error("--for-helm prints the values of one release for `helm -f`; this selection has {releases} releases")]
    ForHelmSeveralReleases {
        /// How many releases the selection has.
        releases: usize,
    },
    /// A release could not be rendered by helm.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// A manifest command needs helm and none was found.
    #[error("no helm found: {} runs the real `helm template`, and neither --helm, STRATA_HELM nor PATH gives one", command)]
    HelmNotFound {
        /// The command, as typed (`strata template`).
        command: &'static str,
    },
    /// Refused for safety (exit code 3), for a reason given as text.
    #[error("{0}")]
    Refused(String),
    /// `init` or `import` could not plan the workspace.
    #[error(transparent)]
    Import(Box<crate::import::ImportError>),
    /// `import helmfile` needs helmfile and none was found.
    #[error("no helmfile found: strata import helmfile runs the real `helmfile` to resolve its templates, and neither --helmfile, STRATA_HELMFILE nor PATH gives one")]
    HelmfileNotFound,
}

impl From<crate::import::ImportError> for CliError {
    fn from(error: crate::import::ImportError) -> Self {
        CliError::Import(Box::new(error))
    }
}

/// How an output folder meets the workspace's inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlap {
    /// It is the workspace root.
    Root,
    /// It holds the workspace.
    HoldsWorkspace,
    /// It is an input folder (`environments`, `charts`, `schemas`).
    Is(&'static str),
    /// It lies inside an input folder.
    Inside(&'static str),
}

impl std::fmt::Display for Overlap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Overlap::Root => f.write_str("it is the workspace root"),
            Overlap::HoldsWorkspace => f.write_str("it holds the workspace"),
            Overlap::Is(input) => write!(f, "it is the workspace's {input}/ folder"),
            Overlap::Inside(input) => write!(f, "it is inside the workspace's {input}/ folder"),
        }
    }
}

impl CliError {
    /// Returns the exit code for the error (DESIGN §6): 3 for refusals made for safety,
    /// 2 for everything that kept the command from running.
    pub fn exit_code(&self) -> i32 {
        let refused = match self {
            CliError::Workspace(e) => e.is_refusal(),
            CliError::Chart(e) => e.is_refusal(),
            CliError::Read(e) => e.is_refusal(),
            CliError::SetFlag(e) => e.is_refusal(),
            CliError::Schema(e) => e.is_refusal(),
            CliError::Diff(DiffError::Render(e)) | CliError::Render(e) => e.is_refusal(),
            CliError::Diff(e) => e.workspace_error().is_some_and(WorkspaceError::is_refusal),
            CliError::Refused(_) | CliError::OutputOverInputs { .. } => true,
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
            CliError::Workspace(e) => e.origin(),
            CliError::Chart(e) => e.origin(),
            CliError::Read(e) => e.origin(),
            CliError::Layer(e) => e.origin(),
            CliError::Schema(e) => e.origin(),
            CliError::Diff(DiffError::Workspace(e)) => e.origin(),
            _ => None,
        }
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            CliError::Workspace(e) => e.hint(),
            CliError::Chart(e) => e.hint(),
            CliError::Read(e) => e.hint(),
            CliError::Schema(e) => e.hint(),
            CliError::Diff(e) => e.hint(),
            CliError::KeyNotSet {
                escaped: Some(escaped),
                ..
            } => Some(format!(
                "a dot inside a key is written `\\.`: did you mean {escaped}?"
            )),
            CliError::OutputOverInputs { .. } => Some(
                "write the rendered values to a folder of their own, outside environments/, charts/ and schemas/ (for example --out rendered)".into(),
            ),
            CliError::ForHelmSeveralReleases { .. } => Some(
                "`helm -f` reads only the first document of a file: select one release (-s STAGE -c CHART), or write one file per release with --out DIR".into(),
            ),
            CliError::HelmNotFound { .. } => Some(
                "install Helm 3 (https://helm.sh/docs/intro/install/) and put it on PATH, or name the binary with --helm PATH or STRATA_HELM; in strata's own repository, scripts/install-helm.sh installs it into .tools/helm/helm".into(),
            ),
            CliError::HelmfileNotFound => Some(
                "install helmfile (https://helmfile.readthedocs.io) and put it on PATH, or name the binary with --helmfile PATH or STRATA_HELMFILE; in strata's own repository, scripts/install-helmfile.sh installs helmfile 0.166 into .tools/helmfile/helmfile/helmfile".into(),
            ),
            CliError::Git(GitError::NotARepository { .. }) => Some(
                "comparing revisions reads git history: run strata inside a git repository".into(),
            ),
            _ => None,
        }
    }
}
