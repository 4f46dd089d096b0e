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
    #[error("no helm found: {} runs the real `helm {}`, and neither --helm, STRATA_HELM nor PATH gives one", command, if *command == "strata vendor" { "pull" } else { "template" })]
    HelmNotFound {
        /// The command, as typed (`strata template`).
        command: &'static str,
    },
    /// A chart from a repository could not be fetched or trusted (`strata vendor`).
    #[error(transparent)]
    Vendor(#[from] crate::vendor::VendorError),
    /// A promotion could not be planned, written or committed (boxed: its edit errors
    /// carry key paths and origins).
    #[error(transparent)]
    Promote(Box<crate::promote::PromoteError>),
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

impl From<crate::promote::PromoteError> for CliError {
    fn from(e: crate::promote::PromoteError) -> Self {
        CliError::Promote(Box::new(e))
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

/// How an error is rendered, besides its message: whether it is a refusal made for safety
/// (exit code 3) or kept the command from running (2), the place it is about, and a hint.
struct Rendering<'a> {
    refused: bool,
    origin: Option<&'a Origin>,
    hint: Option<String>,
}

impl<'a> Rendering<'a> {
    /// An error with neither place nor hint that kept the command from running.
    fn plain() -> Rendering<'a> {
        Rendering {
            refused: false,
            origin: None,
            hint: None,
        }
    }

    /// An error that kept the command from running, with a hint.
    fn hinted(hint: impl Into<String>) -> Rendering<'a> {
        Rendering {
            hint: Some(hint.into()),
            ..Rendering::plain()
        }
    }
}

impl CliError {
    /// Returns how the error is rendered: one arm per kind of error, each giving its exit
    /// code, place and hint together.
    fn rendering(&self) -> Rendering<'_> {
        match self {
            CliError::Workspace(e) => Rendering {
                refused: e.is_refusal(),
                origin: e.origin(),
                hint: e.hint(),
            },
            CliError::Chart(e) => Rendering {
                refused: e.is_refusal(),
                origin: e.origin(),
                hint: e.hint(),
            },
            CliError::Read(e) => Rendering {
                refused: e.is_refusal(),
                origin: e.origin(),
                hint: e.hint(),
            },
            CliError::SetFlag(e) => Rendering {
                refused: e.is_refusal(),
                ..Rendering::plain()
            },
            CliError::Layer(e) => Rendering {
                origin: e.origin(),
                ..Rendering::plain()
            },
            CliError::Schema(e) => Rendering {
                refused: e.is_refusal(),
                origin: e.origin(),
                hint: e.hint(),
            },
            CliError::Diff(e) => Rendering {
                refused: match e {
                    DiffError::Render(e) => e.is_refusal(),
                    e => e.workspace_error().is_some_and(WorkspaceError::is_refusal),
                },
                origin: match e {
                    DiffError::Workspace(e) => e.origin(),
                    _ => None,
                },
                hint: e.hint(),
            },
            CliError::Render(e) => Rendering {
                refused: e.is_refusal(),
                ..Rendering::plain()
            },
            CliError::Vendor(e) => Rendering {
                refused: e.is_refusal(),
                origin: e.origin(),
                hint: e.hint(),
            },
            CliError::Promote(e) => Rendering {
                refused: e.is_refusal(),
                origin: e.origin(),
                hint: e.hint(),
            },
            CliError::KeyNotSet {
                escaped: Some(escaped),
                ..
            } => Rendering::hinted(format!(
                "a dot inside a key is written `\\.`: did you mean {escaped}?"
            )),
            CliError::OutputOverInputs { .. } => Rendering {
                refused: true,
                ..Rendering::hinted("write the rendered values to a folder of their own, outside environments/, charts/ and schemas/ (for example --out rendered)")
            },
            CliError::ForHelmSeveralReleases { .. } => Rendering::hinted(
                "`helm -f` reads only the first document of a file: select one release (-s STAGE -c CHART), or write one file per release with --out DIR",
            ),
            CliError::HelmNotFound { .. } => Rendering::hinted(
                "install Helm 3 (https://helm.sh/docs/intro/install/) and put it on PATH, or name the binary with --helm PATH or STRATA_HELM; in strata's own repository, scripts/install-helm.sh installs it into .tools/helm/helm",
            ),
            CliError::HelmfileNotFound => Rendering::hinted(
                "install helmfile (https://helmfile.readthedocs.io) and put it on PATH, or name the binary with --helmfile PATH or STRATA_HELMFILE; in strata's own repository, scripts/install-helmfile.sh installs helmfile 0.166 into .tools/helmfile/helmfile/helmfile",
            ),
            CliError::Git(GitError::NotARepository { .. }) => Rendering::hinted(
                "comparing revisions reads git history: run strata inside a git repository",
            ),
            CliError::Refused(_) => Rendering {
                refused: true,
                ..Rendering::plain()
            },
            CliError::KeyPath(_)
            | CliError::KeyNotSet { escaped: None, .. }
            | CliError::Write { .. }
            | CliError::ValuesFileUrl(_)
            | CliError::ValuesFileFromUrl { .. }
            | CliError::Stdin(_)
            | CliError::Stdout(_)
            | CliError::Usage(_)
            | CliError::Import(_)
            | CliError::Git(_) => Rendering::plain(),
        }
    }

    /// Returns the exit code for the error (DESIGN §6): 3 for refusals made for safety,
    /// 2 for everything that kept the command from running.
    pub fn exit_code(&self) -> i32 {
        if self.rendering().refused {
            3
        } else {
            2
        }
    }

    /// Returns the place the error is about, when it has one.
    pub fn origin(&self) -> Option<&Origin> {
        self.rendering().origin
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        self.rendering().hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_error_gives_its_exit_code_place_and_hint() {
        let rows: Vec<(CliError, i32, Option<&str>)> = vec![
            (CliError::Usage("x".into()), 2, None),
            (CliError::Refused("x".into()), 3, None),
            (
                CliError::OutputOverInputs {
                    dir: "environments".into(),
                    overlap: Overlap::Is("environments"),
                },
                3,
                Some("write the rendered values to a folder of their own"),
            ),
            (
                CliError::KeyNotSet {
                    path: "a.b".into(),
                    release: "s/c".into(),
                    escaped: Some("a\\.b".into()),
                },
                2,
                Some("a dot inside a key is written `\\.`: did you mean a\\.b?"),
            ),
            (
                CliError::HelmNotFound {
                    command: "strata template",
                },
                2,
                Some("install Helm 3"),
            ),
        ];
        for (error, code, hint) in rows {
            assert_eq!(error.exit_code(), code, "{error}");
            assert_eq!(error.origin(), None, "{error}");
            match hint {
                Some(start) => assert!(
                    error.hint().is_some_and(|h| h.starts_with(start)),
                    "{error}: {:?}",
                    error.hint()
                ),
                None => assert_eq!(error.hint(), None, "{error}"),
            }
        }
    }
}
