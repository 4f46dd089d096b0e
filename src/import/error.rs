//! [`ImportError`]: why `init` or `import helmfile` could not plan a workspace.

use std::path::PathBuf;

/// Why a workspace could not be planned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A stage name given to `init` is not a usable folder name.
    #[error("stage name {name:?} must be letters, digits, '.', '_' or '-'")]
    StageName { name: String },
    /// A stage named twice.
    #[error("stage {name:?} is named twice")]
    StageTwice { name: String },
    /// No stage at all.
    #[error("no stages given")]
    NoStages,
    /// helmfile could not be started.
    #[error("cannot run {}: {source}", program.display())]
    Spawn {
        program: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// helmfile ran past its time limit and was stopped.
    #[error("`helmfile {args}` did not finish within {seconds} s and was stopped")]
    TimedOut { args: String, seconds: u64 },
    /// helmfile exited with an error.
    #[error("`helmfile {args}` failed: {stderr}")]
    Failed { args: String, stderr: String },
    /// helmfile printed something that is not a resolved state.
    #[error("cannot read what `helmfile {args}` printed: {message}")]
    Output { args: String, message: String },
    /// A file the helmfile names could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A `set:` entry Helm would refuse.
    #[error("release {release:?} in environment {environment:?}: {source}")]
    SetEntry {
        release: String,
        environment: String,
        #[source]
        source: Box<crate::setflags::SetFlagError>,
    },
    /// The helmfile declares no release any environment could import.
    #[error("the helmfile has no release strata can import")]
    NothingToImport,
}
