//! [`read_workspace_schema`]: a chart's workspace schema (`schemas/<chart>.schema.json`),
//! which only strata applies, beside the chart's own.

use std::path::Path;

use crate::layer::SchemaSource;
use crate::source::{SourceError, Tree};

use super::error::SchemaError;

/// The folder of workspace schemas (DESIGN §1).
pub const WORKSPACE_SCHEMA_DIR: &str = "schemas";

/// Reads the workspace schema of `chart` (`schemas/<chart>.schema.json`) from the workspace
/// tree; `None` when there is none. The file is capped at `max_file_bytes` like every input.
pub fn read_workspace_schema(
    tree: &dyn Tree,
    chart: &str,
    max_file_bytes: u64,
) -> Result<Option<SchemaSource>, SchemaError> {
    let path = Path::new(WORKSPACE_SCHEMA_DIR).join(format!("{chart}.schema.json"));
    match tree.read(&path, max_file_bytes) {
        Ok(bytes) => Ok(Some(SchemaSource::workspace(&path, bytes))),
        Err(SourceError::NotFound { .. }) => Ok(None),
        Err(e) => Err(SchemaError::Read(e)),
    }
}
