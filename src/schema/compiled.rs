//! [`CompiledSchema`]: a schema loaded, checked, rewritten and compiled once, ready to
//! validate any number of value trees.
//!
//! The `jsonschema` crate (default features off: no HTTP client, no file access of its own)
//! compiles the rewritten documents. It resolves nothing itself: every `$ref` already names a
//! document of the set (`strata:///doc/N`), which [`SetRetriever`] hands over from memory.
//! Patterns in `patternProperties` run on the crate's `regex` engine (linear time, bounded
//! size), `pattern` and `format` on strata's keywords.

use std::sync::Arc;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{PatternOptions, Retrieve, Uri, ValidationError, Validator};
use serde_json::Value;

use crate::source::Tree;
use crate::values::{HelmVersion, SourceName};

use super::error::SchemaError;
use super::keywords::{format_keyword, pattern_keyword, PatternCache, PATTERN_KEYWORD};
use super::normalize::{doc_index, doc_uri, normalize};
use super::pointer;
use super::schema_set::SchemaSet;
use crate::layer::SchemaSource;

/// Largest compiled program of one `patternProperties` pattern, in bytes.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// A schema ready to validate values.
pub struct CompiledSchema {
    validator: Validator,
    /// The rewritten documents, for reading the schema at an error's location.
    docs: Arc<Vec<Value>>,
    /// Display names of the documents.
    names: Vec<SourceName>,
    /// The draft the documents are validated with.
    draft: jsonschema::Draft,
    /// Whose validator is mirrored.
    helm: HelmVersion,
}

impl std::fmt::Debug for CompiledSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledSchema")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

/// One error found in a value tree, before it is put in Helm's words.
#[derive(Debug)]
pub(crate) struct RawError {
    pub kind: ValidationErrorKind,
    /// JSON pointer of the value in the instance.
    pub instance_pointer: String,
    /// The document holding the keyword.
    pub doc: usize,
    /// JSON pointer of the keyword in that document.
    pub keyword_pointer: String,
    /// The keyword's evaluation path from the root schema, through `$ref`s
    /// (`/properties/r/$ref/type`): how Helm 4 nests its messages.
    pub eval_pointer: String,
}

/// Hands the validator the documents of the set, from memory; anything else is refused.
struct SetRetriever {
    docs: Arc<Vec<Value>>,
}

impl Retrieve for SetRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        doc_index(uri.as_str())
            .and_then(|i| self.docs.get(i))
            .cloned()
            .ok_or_else(|| format!("strata does not fetch {}", uri.as_str()).into())
    }
}

impl CompiledSchema {
    /// Loads `source` and the files it refers to (through `tree`, each at most
    /// `max_file_bytes`), checks it as Helm 3.17 would, and compiles it.
    pub fn compile(
        source: &SchemaSource,
        tree: &dyn Tree,
        max_file_bytes: u64,
    ) -> Result<CompiledSchema, SchemaError> {
        CompiledSchema::compile_as(source, tree, max_file_bytes, HelmVersion::V3)
    }

    /// Compiles the schema as `helm` reads it. For Helm 4 the draft comes from `$schema`
    /// (2020-12 without one) and `format` is an annotation, never asserted, as in
    /// santhosh-tekuri/jsonschema v6 with Helm 4.1's options.
    pub fn compile_as(
        source: &SchemaSource,
        tree: &dyn Tree,
        max_file_bytes: u64,
        helm: HelmVersion,
    ) -> Result<CompiledSchema, SchemaError> {
        let set = SchemaSet::load_as(source, tree, max_file_bytes, helm)?;
        let docs = Arc::new(normalize(&set)?);
        let names: Vec<SourceName> = set.docs.iter().map(|d| d.display.clone()).collect();
        let root = &docs[0];
        if !root.is_object() && !root.is_boolean() {
            return Err(SchemaError::Invalid {
                source_name: names[0].clone(),
                at: String::new(),
                message: "a schema must be a JSON object".into(),
            });
        }
        let draft = set.dialect.draft();
        let validator = options(draft, &docs, helm, &doc_uri(0))
            .build(root)
            .map_err(|e| compile_error(&e, &names))?;
        Ok(CompiledSchema {
            validator,
            docs,
            names,
            draft,
            helm,
        })
    }

    /// Returns the errors of `instance` against the subschema at `pointer` of document
    /// `doc` alone, with evaluation paths from that subschema (Helm 4 lists, under a failed
    /// `contains`, each item's errors). Empty when the subschema cannot be compiled alone.
    pub(crate) fn subschema_errors(
        &self,
        doc: usize,
        pointer: &str,
        instance: &Value,
    ) -> Vec<RawError> {
        let wrapper = serde_json::json!({"$ref": format!("{}#{}", doc_uri(doc), pointer)});
        // The wrapper needs a URI of its own: under `strata:///doc/N` it would shadow the
        // document it refers to.
        let base = "strata:///subschema";
        let Ok(validator) = options(self.draft, &self.docs, self.helm, base).build(&wrapper) else {
            return Vec::new();
        };
        let mut errors = collect_errors(&validator, instance);
        for error in &mut errors {
            // Drop the wrapper's `/$ref`.
            if let Some(rest) = error.eval_pointer.strip_prefix("/$ref") {
                error.eval_pointer = rest.to_string();
            }
        }
        errors
    }

    /// Returns every error in `instance`.
    pub(crate) fn errors(&self, instance: &Value) -> Vec<RawError> {
        collect_errors(&self.validator, instance)
    }

    /// Returns the (rewritten) schema value at a pointer of a document.
    pub(crate) fn schema_value(&self, doc: usize, pointer: &str) -> Option<&Value> {
        pointer::resolve(self.docs.get(doc)?, pointer)
    }

    /// Returns the display name of a document.
    pub(crate) fn doc_name(&self, doc: usize) -> &SourceName {
        self.names.get(doc).unwrap_or(&self.names[0])
    }
}

/// Returns every error of `validator` in `instance`.
fn collect_errors(validator: &Validator, instance: &Value) -> Vec<RawError> {
    validator
        .iter_errors(instance)
        .map(|e| {
            let doc = e
                .absolute_keyword_location()
                .and_then(|uri| doc_index(uri.as_str()))
                .unwrap_or(0);
            let keyword_pointer = e.schema_path().as_str().to_string();
            let instance_pointer = e.instance_path().as_str().to_string();
            let eval_pointer = e.evaluation_path().as_str().to_string();
            RawError {
                kind: e.into_parts().kind,
                instance_pointer,
                doc,
                keyword_pointer,
                eval_pointer,
            }
        })
        .collect()
}

/// The validator's options: the draft, the documents served from memory, strata's `pattern`
/// keyword, and `format` as `helm` treats it.
fn options(
    draft: jsonschema::Draft,
    docs: &Arc<Vec<Value>>,
    helm: HelmVersion,
    base_uri: &str,
) -> jsonschema::ValidationOptions<'static> {
    let patterns = PatternCache::default();
    let options = jsonschema::options()
        .with_draft(draft)
        .with_base_uri(base_uri)
        .with_retriever(SetRetriever { docs: docs.clone() })
        .with_pattern_options(
            PatternOptions::regex()
                .size_limit(PATTERN_SIZE_LIMIT)
                .dfa_size_limit(PATTERN_SIZE_LIMIT),
        )
        .with_keyword(PATTERN_KEYWORD, move |_, value, _| {
            pattern_keyword(&patterns, value)
        });
    match helm {
        HelmVersion::V3 => options.with_keyword("format", format_keyword),
        HelmVersion::V4 => options.should_validate_formats(false),
    }
}

/// Turns the crate's refusal of a (rewritten) schema into a [`SchemaError`].
fn compile_error(e: &ValidationError<'_>, names: &[SourceName]) -> SchemaError {
    let doc = e
        .absolute_keyword_location()
        .and_then(|uri| doc_index(uri.as_str()))
        .unwrap_or(0);
    let mut message = e.to_string();
    if message.len() > 300 {
        let mut end = 300;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        message.truncate(end);
        message.push_str("...");
    }
    let at = e.instance_path().as_str().to_string();
    SchemaError::Invalid {
        source_name: names.get(doc).unwrap_or(&names[0]).clone(),
        at: at.replace(PATTERN_KEYWORD, "pattern"),
        message: message.replace(PATTERN_KEYWORD, "pattern"),
    }
}
