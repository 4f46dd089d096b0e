//! Rewrites a [`SchemaSet`] into documents the `jsonschema` crate validates exactly as Helm
//! 3.17 (gojsonschema v1.2.0) would, and reports the schema errors gojsonschema reports.
//!
//! At every place read as a schema:
//!
//! * hybrid dialect (no recognised `$schema`): a boolean `exclusiveMinimum`/`exclusiveMaximum`
//!   (draft-04 style) becomes the draft-06 form (`{"minimum": 1, "exclusiveMinimum": true}` →
//!   `{"exclusiveMinimum": 1}`); under an explicit draft-06/07 `$schema` it is an error, as in
//!   Helm;
//! * `$schema`, `$id` and `id` are removed (the dialect is chosen once, and `$ref`s are already
//!   resolved), and every `$ref` is rewritten to where it was resolved: `#/pointer` in the same
//!   file, `strata:///doc/N#/pointer` in another, so the crate never resolves anything itself;
//! * `pattern` is checked as Go reads it and renamed for strata's own keyword
//!   ([`PATTERN_KEYWORD`]); `patternProperties` keys are checked the same way;
//! * what gojsonschema ignores is removed (`enum: []`, `type: []`, and the validation keywords
//!   beside a `$ref`, which it never reads), and what it refuses is refused (`minLength` above
//!   `maxLength`, duplicate `enum` or `required` items).

use serde_json::{Map, Value};

use super::dialect::Dialect;
use super::document::RefTarget;
use super::error::SchemaError;
use super::go_regex;
use super::keywords::PATTERN_KEYWORD;
use super::schema_set::SchemaSet;

/// The URI the `i`th document of a set is known by to the validator.
pub(crate) fn doc_uri(i: usize) -> String {
    format!("strata:///doc/{i}")
}

/// Returns the document index of a `strata:///doc/N` URI (fragment ignored).
pub(crate) fn doc_index(uri: &str) -> Option<usize> {
    let rest = uri.strip_prefix("strata:///doc/")?;
    rest.split('#').next()?.parse().ok()
}

/// Validation keywords that take no subschema: beside a `$ref` gojsonschema never reads them.
const LEAF_KEYWORDS: &[&str] = &[
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "required",
];

/// Returns the documents of `set`, rewritten for the validator.
pub(crate) fn normalize(set: &SchemaSet) -> Result<Vec<Value>, SchemaError> {
    let mut docs: Vec<Value> = set.docs.iter().map(|d| d.value.clone()).collect();
    if let Some(schema) = set.docs[0].value.get("$schema") {
        if !schema.is_string() {
            return Err(invalid(set, &root(), "$schema must be of type string"));
        }
    }
    for place in &set.schemas {
        let Some(Value::Object(map)) = docs[place.doc].pointer_mut(&place.pointer) else {
            continue;
        };
        normalize_object(map, place, set)?;
    }
    Ok(docs)
}

fn root() -> RefTarget {
    RefTarget {
        doc: 0,
        pointer: String::new(),
    }
}

fn invalid(set: &SchemaSet, place: &RefTarget, message: &str) -> SchemaError {
    SchemaError::Invalid {
        source_name: set.docs[place.doc].display.clone(),
        at: place.pointer.clone(),
        message: message.to_string(),
    }
}

fn normalize_object(
    map: &mut Map<String, Value>,
    place: &RefTarget,
    set: &SchemaSet,
) -> Result<(), SchemaError> {
    let fail = |message: String| invalid(set, place, &message);
    map.remove("$schema");
    if set.dialect.is_modern() {
        // The 2019-09 and 2020-12 metaschemas allow no fragment in `$id` (`$anchor` names
        // anchors); Helm 4 refuses such a schema.
        if let Some(Value::String(id)) = map.get("$id") {
            if id
                .split_once('#')
                .is_some_and(|(_, fragment)| !fragment.is_empty())
            {
                return Err(fail(format!(
                    "is not valid against metaschema: $id {id:?} does not match pattern '^[^#]*#?$'"
                )));
            }
        }
    }
    check_ids(map, set.dialect).map_err(fail)?;
    if let Some(target) = set.refs.get(place) {
        let reference = if target.doc == place.doc {
            format!("#{}", encode_fragment(&target.pointer))
        } else {
            format!(
                "{}#{}",
                doc_uri(target.doc),
                encode_fragment(&target.pointer)
            )
        };
        map.insert("$ref".into(), Value::String(reference));
        // Helm 4 reads a `$ref`'s siblings from 2019-09 on, as the drafts say.
        if !set.dialect.is_modern() {
            for keyword in LEAF_KEYWORDS {
                map.remove(*keyword);
            }
            return Ok(());
        }
    }
    if set.helm.is_v4() {
        return check_go_patterns(map, place, set);
    }
    exclusive_bounds(map, set.dialect, "exclusiveMinimum", "minimum").map_err(fail)?;
    exclusive_bounds(map, set.dialect, "exclusiveMaximum", "maximum").map_err(fail)?;
    // gojsonschema v1.2.0 compares these two pairs (not minimum and maximum).
    for (low, high) in [
        ("minLength", "maxLength"),
        ("minProperties", "maxProperties"),
    ] {
        if let (Some(l), Some(h)) = (
            map.get(low).and_then(Value::as_f64),
            map.get(high).and_then(Value::as_f64),
        ) {
            if l > h {
                return Err(fail(format!("{low} cannot be greater than {high}")));
            }
        }
    }
    match map.get("enum") {
        Some(Value::Array(items)) if items.is_empty() => {
            map.remove("enum");
        }
        Some(Value::Array(items)) if has_duplicates(items) => {
            return Err(fail("enum items must be unique".into()))
        }
        _ => {}
    }
    if let Some(Value::Array(items)) = map.get("required") {
        if has_duplicates(items) {
            return Err(fail("required items must be unique".into()));
        }
    }
    if matches!(map.get("type"), Some(Value::Array(types)) if types.is_empty()) {
        map.remove("type");
    }
    check_go_patterns(map, place, set)
}

/// Checks `pattern` and `patternProperties` keys as Go's `regexp` reads them (both Helms use
/// it) and renames `pattern` for strata's own keyword.
fn check_go_patterns(
    map: &mut Map<String, Value>,
    place: &RefTarget,
    set: &SchemaSet,
) -> Result<(), SchemaError> {
    let fail = |message: String| invalid(set, place, &message);
    if let Some(pattern) = map.remove("pattern") {
        let Some(text) = pattern.as_str() else {
            return Err(fail("pattern must be of a string".into()));
        };
        go_regex::compile(text).map_err(|reason| SchemaError::BadPattern {
            source_name: set.docs[place.doc].display.clone(),
            at: place.pointer.clone(),
            pattern: text.to_string(),
            reason,
        })?;
        map.insert(PATTERN_KEYWORD.into(), pattern);
    }
    if let Some(Value::Object(patterns)) = map.get("patternProperties") {
        for key in patterns.keys() {
            go_regex::compile(key).map_err(|reason| SchemaError::BadPattern {
                source_name: set.docs[place.doc].display.clone(),
                at: super::pointer::push(&place.pointer, "patternProperties"),
                pattern: key.clone(),
                reason,
            })?;
        }
    }
    Ok(())
}

/// Checks and removes `$id`/`id`: gojsonschema requires a string (`id` in draft-04 and in
/// hybrid mode when present, `$id` otherwise).
fn check_ids(map: &mut Map<String, Value>, dialect: Dialect) -> Result<(), String> {
    let id_is_keyword = matches!(dialect, Dialect::Draft4 | Dialect::Hybrid);
    if id_is_keyword {
        if let Some(id) = map.get("id") {
            if !id.is_string() {
                return Err("Invalid type. Expected: string, given: id".into());
            }
            map.remove("id");
        }
    }
    if dialect != Dialect::Draft4 {
        if let Some(id) = map.remove("$id") {
            if !id.is_string() {
                return Err("Invalid type. Expected: string, given: $id".into());
            }
        }
    }
    Ok(())
}

/// Applies gojsonschema's reading of `exclusiveMinimum` (or `exclusiveMaximum`) for the dialect.
fn exclusive_bounds(
    map: &mut Map<String, Value>,
    dialect: Dialect,
    exclusive: &str,
    bound: &str,
) -> Result<(), String> {
    let Some(value) = map.get(exclusive) else {
        return Ok(());
    };
    let without = || format!("{exclusive} cannot be used without {bound}");
    match (dialect, value) {
        (Dialect::Hybrid, Value::Bool(flag)) => {
            let flag = *flag;
            let Some(limit) = map.get(bound).cloned() else {
                return Err(without());
            };
            map.remove(exclusive);
            if flag {
                map.remove(bound);
                map.insert(exclusive.to_string(), limit);
            }
            Ok(())
        }
        (Dialect::Hybrid, Value::Number(_)) => Ok(()),
        (Dialect::Hybrid, _) => Err(format!(
            "Invalid type. Expected: boolean/number, given: {exclusive}"
        )),
        (Dialect::Draft4, Value::Bool(_)) if !map.contains_key(bound) => Err(without()),
        (Dialect::Draft4, Value::Bool(_)) => Ok(()),
        (Dialect::Draft4, _) => Err(format!(
            "Invalid type. Expected: boolean, given: {exclusive}"
        )),
        (_, Value::Number(_)) => Ok(()),
        (_, _) => Err(format!(
            "Invalid type. Expected: number, given: {exclusive}"
        )),
    }
}

/// Returns true when two items are equal JSON (numbers compared by value: `1` equals `1.0`,
/// as gojsonschema compares them after reading both as float64).
fn has_duplicates(items: &[Value]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[..i].iter().any(|b| json_equal(a, b)))
}

pub(crate) fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Percent-encodes a JSON pointer for use as a URI fragment.
fn encode_fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for b in pointer.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::SchemaSource;
    use crate::source::DirTree;
    use serde_json::json;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn normalized(schema: Value) -> Result<Value, String> {
        let dir = tempfile::tempdir().unwrap();
        let source = SchemaSource::chart(
            Arc::from("values.schema.json"),
            Some(PathBuf::from("values.schema.json")),
            schema.to_string().into_bytes(),
        );
        let set = SchemaSet::load(&source, &DirTree::new(dir.path()), 1 << 20)
            .map_err(|e| e.to_string())?;
        normalize(&set)
            .map(|mut docs| docs.remove(0))
            .map_err(|e| e.to_string())
    }

    /// One row per rule: (description, schema, what it becomes or the error's text).
    #[test]
    fn schemas_are_rewritten_as_helm_reads_them() {
        type Row = (&'static str, Value, Result<Value, &'static str>);
        let rows: Vec<Row> = vec![
            (
                "hybrid: boolean exclusiveMinimum becomes the draft-06 form",
                json!({"properties": {"n": {"minimum": 1, "exclusiveMinimum": true}}}),
                Ok(json!({"properties": {"n": {"exclusiveMinimum": 1}}})),
            ),
            (
                "hybrid: exclusiveMaximum false just goes",
                json!({"maximum": 5, "exclusiveMaximum": false}),
                Ok(json!({"maximum": 5})),
            ),
            (
                "hybrid: a numeric exclusiveMinimum stays",
                json!({"exclusiveMinimum": 2}),
                Ok(json!({"exclusiveMinimum": 2})),
            ),
            (
                "hybrid: boolean exclusiveMinimum needs minimum",
                json!({"exclusiveMinimum": true}),
                Err("values.schema.json#: exclusiveMinimum cannot be used without minimum"),
            ),
            (
                "draft-07: a boolean exclusiveMinimum is Helm's error",
                json!({"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"n": {"minimum": 1, "exclusiveMinimum": true}}}),
                Err("values.schema.json#/properties/n: Invalid type. Expected: number, given: exclusiveMinimum"),
            ),
            (
                "draft-04 keeps its own form for the crate's draft-04 mode",
                json!({"$schema": "http://json-schema.org/draft-04/schema#", "minimum": 1, "exclusiveMinimum": true}),
                Ok(json!({"minimum": 1, "exclusiveMinimum": true})),
            ),
            (
                "$schema and $id go; local refs stay local",
                json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://x/y.json", "properties": {"a": {"$ref": "https://x/y.json#/$defs/a"}}, "$defs": {"a": {"type": "string"}}}),
                Ok(json!({"properties": {"a": {"$ref": "#/$defs/a"}}, "$defs": {"a": {"type": "string"}}})),
            ),
            (
                "pattern is checked and renamed",
                json!({"pattern": "^+$"}),
                Ok(json!({"x-strata-pattern": "^+$"})),
            ),
            (
                "a pattern Go rejects is an error",
                json!({"properties": {"a": {"pattern": "(?=x)"}}}),
                Err("values.schema.json#/properties/a: pattern \"(?=x)\" is not a valid regular expression"),
            ),
            (
                "validation keywords beside $ref are never read",
                json!({"definitions": {"a": {}}, "properties": {"a": {"$ref": "#/definitions/a", "type": "nonsense"}}}),
                Ok(json!({"definitions": {"a": {}}, "properties": {"a": {"$ref": "#/definitions/a"}}})),
            ),
            ("empty enum and type are ignored", json!({"enum": [], "type": []}), Ok(json!({}))),
            (
                "duplicate enum items are refused",
                json!({"enum": [1, 1.0]}),
                Err("values.schema.json#: enum items must be unique"),
            ),
            (
                "minLength above maxLength is refused",
                json!({"minLength": 5, "maxLength": 1}),
                Err("values.schema.json#: minLength cannot be greater than maxLength"),
            ),
            (
                "minimum above maximum is not (Helm accepts it)",
                json!({"minimum": 5, "maximum": 1}),
                Ok(json!({"minimum": 5, "maximum": 1})),
            ),
            (
                "$schema must be a string",
                json!({"$schema": 7}),
                Err("values.schema.json#: $schema must be of type string"),
            ),
        ];
        for (description, schema, want) in rows {
            match (normalized(schema), want) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{description}"),
                (Err(got), Err(want)) => assert!(got.starts_with(want), "{description}: {got}"),
                (got, want) => panic!("{description}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn fragments_are_percent_encoded() {
        assert_eq!(
            encode_fragment("/definitions/a b%"),
            "/definitions/a%20b%25"
        );
        assert_eq!(doc_index(&format!("{}#/x", doc_uri(3))), Some(3));
    }
}
