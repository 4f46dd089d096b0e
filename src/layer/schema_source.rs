//! [`SchemaSource`]: a JSON Schema file as read, before it is parsed, with where it came from.
//! A [`Chart`](super::Chart) holds its `values.schema.json` this way; `schema` parses and
//! applies it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::values::SourceName;

/// Whose schema a file is, which decides how its relative `$ref`s are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    /// A chart's own `values.schema.json`, which Helm also validates. Helm 3.17 cannot load a
    /// relative `$ref` from it (`Reference other.json must be canonical`), so neither does
    /// strata: what passes here passes in `helm install`.
    Chart,
    /// A workspace schema (`schemas/<chart>.schema.json`), which only strata reads: relative
    /// `$ref`s are resolved against the file, inside the workspace.
    Workspace,
}

/// A JSON Schema file as read: its bytes, the name it is shown by, and its path in the tree it
/// was read from (for resolving relative `$ref`s).
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaSource {
    /// The display path (`charts/web/values.schema.json`), used in every message.
    pub source: SourceName,
    /// The path relative to the tree the file was read from; `None` inside a packaged chart,
    /// whose files have no path a `$ref` could be resolved against.
    pub path: Option<PathBuf>,
    /// The file's bytes, not yet parsed (a schema that is not valid JSON is reported when it is
    /// used, as Helm reports it when it validates).
    pub bytes: Arc<[u8]>,
    /// Whose schema it is.
    pub kind: SchemaKind,
}

impl SchemaSource {
    /// Returns a chart's `values.schema.json`.
    pub fn chart(source: SourceName, path: Option<PathBuf>, bytes: Vec<u8>) -> SchemaSource {
        SchemaSource {
            source,
            path,
            bytes: bytes.into(),
            kind: SchemaKind::Chart,
        }
    }

    /// Returns the workspace schema at `path` (relative to the workspace root).
    pub fn workspace(path: &Path, bytes: Vec<u8>) -> SchemaSource {
        SchemaSource {
            source: Arc::from(crate::source::display_path(path)),
            path: Some(path.to_path_buf()),
            bytes: bytes.into(),
            kind: SchemaKind::Workspace,
        }
    }
}
