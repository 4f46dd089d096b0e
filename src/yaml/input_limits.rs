//! [`InputLimits`]: the caps on every values file, and reading such a file in one step.

use std::path::Path;

use crate::source::{read_regular_file, SourceError, DEFAULT_MAX_FILE_BYTES};
use crate::values::SourceName;

use super::{Limits, ParsedFile, YamlError};

/// Limits on every input file: its size, checked before reading, and the reader's limits.
#[derive(Clone, Debug)]
pub struct InputLimits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Limits of the YAML reader (depth, aliases, nodes).
    pub yaml: Limits,
}

impl Default for InputLimits {
    fn default() -> Self {
        InputLimits {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            yaml: Limits::default(),
        }
    }
}

/// Why a values file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The file is not valid YAML or breaks a limit.
    #[error(transparent)]
    Yaml(#[from] YamlError),
}

impl ReadError {
    /// Returns true when the error is a refusal for safety (exit code 3).
    pub fn is_refusal(&self) -> bool {
        matches!(self, ReadError::Source(e) if e.is_refusal())
    }

    /// Returns the place the error is about, when it has one.
    pub fn origin(&self) -> Option<&crate::values::Origin> {
        match self {
            ReadError::Yaml(e) => Some(e.origin()),
            ReadError::Source(_) => None,
        }
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            ReadError::Yaml(e) => e.hint(),
            ReadError::Source(_) => None,
        }
    }
}

/// Reads and parses a values file given on the command line (`-f`), anywhere on disk, as
/// [`parse_values_as`](super::parse_values_as) reads it.
pub fn read_values_file(
    path: &Path,
    source: SourceName,
    limits: &InputLimits,
    helm: crate::values::HelmVersion,
    merge: super::MergeDocument,
) -> Result<ParsedFile, ReadError> {
    let bytes = read_regular_file(path, &source, limits.max_file_bytes)?;
    Ok(super::parse_values_as(
        &bytes,
        source,
        &limits.yaml,
        helm,
        merge,
    )?)
}
