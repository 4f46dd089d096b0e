//! [`SchemaError`]: why a schema could not be used to validate values.
//!
//! These are problems with the schema itself (or the files it refers to), not with the values:
//! those are [`Violation`](super::Violation)s. Where Helm 3.17 also fails on the schema, so
//! does strata; where Helm would fetch a URL, follow a `file://` path anywhere, or die of a
//! stack overflow, strata refuses with one of these instead.

use crate::source::SourceError;
use crate::values::{Origin, SourceName};

/// Why a schema could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The file is not valid JSON (Helm 3.17 prints the JSON parser's error in place of the
    /// violations).
    #[error("{source_name} is not valid JSON: {message}")]
    Json {
        source_name: SourceName,
        message: String,
        origin: Origin,
    },
    /// A `$ref` names a URL (`https://`, `urn:`...): strata never fetches schemas.
    #[error("{source_name}#{at}: $ref {reference:?} is not a local reference; strata never fetches schemas")]
    RemoteRef {
        source_name: SourceName,
        /// JSON pointer of the schema holding the `$ref`.
        at: String,
        reference: String,
    },
    /// A `$ref` resolves to a file outside the workspace (or the chart folder given to
    /// `strata merge`): a relative one climbing out, an absolute path, or any `file:` URL.
    /// The resolved path is not printed.
    #[error("{source_name}#{at}: $ref {reference:?} leaves the workspace; strata only reads schemas inside it")]
    OutsideWorkspace {
        source_name: SourceName,
        at: String,
        reference: String,
    },
    /// A chart's `values.schema.json` has a relative `$ref` to another file, which Helm 3.17
    /// cannot load.
    #[error("{source_name}#{at}: $ref {reference:?} refers to another file; Helm 3.17 cannot load it from a chart's values.schema.json (Reference {reference} must be canonical)")]
    RelativeRefInChart {
        source_name: SourceName,
        at: String,
        reference: String,
    },
    /// A `$ref` in a packaged chart (`charts/*.tgz`) refers to another file.
    #[error("{source_name}#{at}: $ref {reference:?} refers to another file, which strata does not resolve inside a packaged chart")]
    RefInArchive {
        source_name: SourceName,
        at: String,
        reference: String,
    },
    /// A `$ref` points at nothing: no such file, or no such place in the file.
    #[error("{source_name}#{at}: $ref {reference:?} points at nothing{}", detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    RefNotFound {
        source_name: SourceName,
        at: String,
        reference: String,
        detail: Option<String>,
    },
    /// `$ref`s (with `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependencies`)
    /// lead from a schema back to itself without descending into the value: validating would
    /// never end (Helm 3.17 dies of a stack overflow).
    #[error("schema $ref cycle: {}", cycle.join(" -> "))]
    RefCycle {
        /// The schemas on the cycle, as `file#pointer`, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// A referenced file could not be read.
    #[error(transparent)]
    Read(#[from] SourceError),
    /// The schema and the files it refers to exceed a size limit.
    #[error("{source_name}: {what} exceeds the limit of {limit}")]
    TooLarge {
        source_name: SourceName,
        what: &'static str,
        limit: usize,
    },
    /// A `pattern` is not a regular expression Helm accepts, or is too big to run in bounded
    /// time and memory.
    #[error("{source_name}#{at}: pattern {pattern:?} is not a valid regular expression: {reason}")]
    BadPattern {
        source_name: SourceName,
        at: String,
        pattern: String,
        reason: String,
    },
    /// The schema breaks a rule of JSON Schema that Helm 3.17 enforces too (a keyword of the
    /// wrong type, `minLength` above `maxLength`, a boolean `exclusiveMinimum` under draft-06/07).
    #[error("{source_name}#{at}: {message}")]
    Invalid {
        source_name: SourceName,
        at: String,
        message: String,
    },
}

impl SchemaError {
    /// Returns true when the error is a refusal for safety (exit code 3): a `$ref` or a file
    /// that leaves the workspace.
    pub fn is_refusal(&self) -> bool {
        match self {
            SchemaError::OutsideWorkspace { .. } => true,
            SchemaError::Read(e) => e.is_refusal(),
            _ => false,
        }
    }

    /// Returns the place the error is about, when it has a line and column.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            SchemaError::Json { origin, .. } => Some(origin),
            _ => None,
        }
    }

    /// Returns a hint for the user, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            SchemaError::RemoteRef { .. } => Some(
                "vendor the schema: save a copy in the workspace and refer to it by a relative path"
                    .into(),
            ),
            SchemaError::OutsideWorkspace { reference, .. }
                if reference.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("file:")) =>
            {
                Some("copy the schema into the workspace and refer to it by a relative path".into())
            }
            SchemaError::RelativeRefInChart { .. } => Some(
                "move the definition into values.schema.json (under \"definitions\") and use \"$ref\": \"#/definitions/...\""
                    .into(),
            ),
            SchemaError::RefCycle { .. } => Some(
                "a $ref must lead to a schema for a part of the value (under properties, items...), not back to itself"
                    .into(),
            ),
            _ => None,
        }
    }
}
