//! Schema validation: a release's values checked against its charts' `values.schema.json`
//! files (and the workspace's `schemas/<chart>.schema.json`) exactly as Helm 3.17 checks them,
//! with every violation located at the layer that supplied the offending value.
//!
//! * [`validate_release`] runs Helm's checks (the top chart's schema against the top values,
//!   each enabled subchart's schema against its section, after all merging) and returns
//!   [`Violation`]s in Helm's words (`replicas: Invalid type. Expected: integer, given:
//!   string`), each with the [`Origin`](crate::values::Origin) of the offending value, the key
//!   path and the schema location; [`helm_report`] prints them as Helm does.
//! * Schemas are read as Helm reads them ([`Dialect`]): draft-04/06/07 by `$schema`, and
//!   without a recognised one gojsonschema's hybrid of the three, where 2019-09/2020-12
//!   keywords mean nothing. `format` is asserted; whole-number floats are integers.
//! * With [`HelmVersion::V4`](crate::values::HelmVersion), as Helm 4.1 reads them
//!   (santhosh-tekuri/jsonschema v6): the draft by `$schema`, 2020-12 without one, `format`
//!   not asserted, and v6's nested messages (`message_v4.rs`).
//! * Schemas are untrusted input: `$ref`s are resolved before compiling and only to files
//!   inside the workspace (never a URL), cycles that would validate forever are refused,
//!   files and schema counts are capped, and patterns run in linear time
//!   ([`SchemaError`]).
//! * [`write_only_paths`] reads the same loaded schema (every `$ref` resolved the same way)
//!   for the places it marks `writeOnly: true`, which `diff` hides as secrets.
//!
//! The `jsonschema` crate (no default features: no HTTP, no file access) does the validating,
//! on documents rewritten so that it agrees with gojsonschema (`normalize.rs`), with strata's
//! own `format` and `pattern` keywords (`keywords.rs`).
//!
//! A schema file as read is a [`SchemaSource`], which `layer` defines (a
//! [`Chart`](crate::layer::Chart) holds its own) and this module re-exports; the workspace's
//! schemas are read by [`read_workspace_schema`] (`workspace_schema.rs`).
//!
//! Not here: reading chart folders (`chart` reads `values.schema.json` into
//! [`Chart`](crate::layer::Chart)), computing values (`layer`), printing (`cli`).

mod compiled;
mod dialect;
mod document;
mod error;
mod go_format;
mod go_regex;
mod instance;
mod keywords;
mod locate;
mod message;
mod message_v4;
mod normalize;
mod pointer;
mod schema_set;
mod validate;
mod violation;
mod workspace_schema;
mod write_only;

pub use crate::layer::{SchemaKind, SchemaSource};
pub use compiled::CompiledSchema;
pub use dialect::Dialect;
pub use error::SchemaError;
pub use validate::{validate_release, MAX_VIOLATIONS};
pub use violation::{helm_report, Culprit, Violation};
pub use workspace_schema::{read_workspace_schema, WORKSPACE_SCHEMA_DIR};
pub use write_only::{write_only_paths, PathStep};
