//! Reading a values file into a [`Node`](crate::values::Node) tree exactly as Helm 3 reads
//! it, with an [`Origin`](crate::values::Origin) (file, line, column) on every value.
//!
//! Helm reads values with go-yaml v2 (YAML 1.1 rules), converts them to JSON with
//! sigs.k8s.io/yaml and decodes the JSON into generic maps. So `yes`/`on` are booleans, `010`
//! is 8, every number is a 64-bit float, keys are always strings (`on:` is `"true"`), `<<`
//! merges maps, duplicate keys are allowed (last wins), `.inf` is an error, and only the first
//! document counts. `shared/spec/helm-values-semantics.md` §2 lists the rules; the tests here
//! hold one row per rule.
//!
//! The pipeline of [`parse_values`]:
//! 1. `encoding`: refuse UTF-16, invalid UTF-8 and control characters with their position;
//!    drop a UTF-8 byte order mark;
//! 2. `layout`: if the text has a tab, find tabs used as indentation (an error for Helm);
//! 3. `builder`: pull saphyr-parser's events for the first document and build the tree with
//!    an explicit stack, enforcing [`Limits`] on depth, alias expansion and node count before
//!    memory is spent; scalars are read by `scalar` (tags, keys, values) and `resolve` (YAML
//!    1.1 plain scalars); maps follow the duplicate and merge rules of `frame`.
//!
//! Not here: reading files from disk and capping their size (`source`), merging layers
//! (`layer`).

mod anchors;
mod base64;
mod builder;
mod encoding;
mod error;
mod frame;
mod input_limits;
mod layout;
mod limits;
mod parsed_file;
mod position;
mod resolve;
mod scalar;
mod tag;

pub use error::YamlError;
pub use input_limits::{read_values_file, InputLimits, ReadError};
pub use limits::Limits;
pub use parsed_file::{DuplicateKey, ParsedFile};

use crate::values::{Origin, SourceName};

use layout::{scan_layout, LayoutIssue};

/// Reads a values file as Helm 3 does: the first YAML document, which must be a mapping (or
/// empty), with every value's origin in `source`.
pub fn parse_values(
    bytes: &[u8],
    source: SourceName,
    limits: &Limits,
) -> Result<ParsedFile, YamlError> {
    let text = encoding::decode(bytes, &source)?;
    if text.contains('\t') {
        if let Some(LayoutIssue::Tab { line, col }) = scan_layout(text, usize::MAX) {
            return Err(YamlError::TabIndent {
                origin: Origin::new(source, line, col),
            });
        }
    }
    builder::build(text, &source, limits)
}
