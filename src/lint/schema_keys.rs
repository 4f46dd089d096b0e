//! [`SchemaKeyIndex`]: the keys a chart's schemas declare, so an overlay key the schema knows
//! is not reported as unknown even when the chart's defaults do not set it.
//!
//! Only what declares keys is read: `properties`, `additionalProperties` (true or a schema),
//! `patternProperties`, `items`, the branches of `allOf`/`anyOf`/`oneOf`, and local `$ref`s
//! (`#/...`). A schema that cannot be read declares nothing here; `strata validate` reports
//! it through the schema rule.

use serde_json::Value as Json;

use crate::values::{KeyPath, Segment};

use super::unknown_key::SchemaKeys;

/// How many `$ref` hops one lookup follows before giving up (cycles are reported by the
/// schema rule; here they just end the lookup).
const MAX_REF_HOPS: usize = 64;

/// The parsed schemas of a release: the chart's own and the workspace's.
#[derive(Debug, Default)]
pub struct SchemaKeyIndex {
    schemas: Vec<Json>,
}

impl SchemaKeyIndex {
    /// Parses each schema's bytes; those that are not valid JSON are left out.
    pub fn new<'a>(sources: impl IntoIterator<Item = &'a [u8]>) -> SchemaKeyIndex {
        SchemaKeyIndex {
            schemas: sources
                .into_iter()
                .filter_map(|bytes| serde_json::from_slice(bytes).ok())
                .collect(),
        }
    }
}

/// Follows local `$ref`s from `node` within `root`.
fn resolve<'a>(root: &'a Json, mut node: &'a Json) -> &'a Json {
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = node.get("$ref").and_then(Json::as_str) else {
            return node;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return node;
        };
        match root.pointer(pointer) {
            Some(target) => node = target,
            None => return node,
        }
    }
    node
}

/// Returns the schemas (with `allOf`/`anyOf`/`oneOf` branches spread out) that apply at `node`.
fn branches<'a>(root: &'a Json, node: &'a Json, out: &mut Vec<&'a Json>, depth: usize) {
    let node = resolve(root, node);
    out.push(node);
    if depth >= MAX_REF_HOPS {
        return;
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        for branch in node
            .get(combinator)
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            branches(root, branch, out, depth + 1);
        }
    }
}

/// Returns the schemas for the value of `key` under the map schema `node`.
fn child_schemas<'a>(root: &'a Json, node: &'a Json, segment: &Segment) -> Vec<&'a Json> {
    let mut found = Vec::new();
    let mut here = Vec::new();
    branches(root, node, &mut here, 0);
    for schema in here {
        match segment {
            Segment::Key(key) => {
                if let Some(p) = schema.get("properties").and_then(|p| p.get(key)) {
                    found.push(p);
                }
                if let Some(patterns) = schema.get("patternProperties").and_then(Json::as_object) {
                    for (pattern, p) in patterns {
                        if regex::Regex::new(pattern).is_ok_and(|re| re.is_match(key)) {
                            found.push(p);
                        }
                    }
                }
                if let Some(extra) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                    found.push(extra);
                }
            }
            Segment::Index(_) => {
                if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
                    found.push(items);
                }
            }
        }
    }
    found
}

/// Returns true when a map schema lets `key` in: declared, matched by a pattern, or any key
/// allowed by `additionalProperties: true` or a schema.
fn admits(root: &Json, node: &Json, key: &str) -> bool {
    let mut here = Vec::new();
    branches(root, node, &mut here, 0);
    here.into_iter().any(|schema| {
        schema.get("properties").and_then(|p| p.get(key)).is_some()
            || matches!(
                schema.get("additionalProperties"),
                Some(Json::Bool(true)) | Some(Json::Object(_))
            )
            || schema
                .get("patternProperties")
                .and_then(Json::as_object)
                .is_some_and(|patterns| {
                    patterns
                        .keys()
                        .any(|p| regex::Regex::new(p).is_ok_and(|re| re.is_match(key)))
                })
    })
}

impl SchemaKeys for SchemaKeyIndex {
    fn knows(&self, parent: &KeyPath, key: &str) -> bool {
        self.schemas.iter().any(|root| {
            let mut level = vec![root];
            for segment in parent.segments() {
                level = level
                    .into_iter()
                    .flat_map(|node| child_schemas(root, node, segment))
                    .collect();
                if level.is_empty() {
                    return false;
                }
            }
            level.into_iter().any(|node| admits(root, node, key))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_keys_a_schema_declares() {
        let schema = br##"{
            "properties": {
                "image": {"$ref": "#/definitions/image"},
                "podLabels": {"type": "object", "additionalProperties": {"type": "string"}},
                "extra": {"patternProperties": {"^x-": {}}},
                "list": {"items": {"properties": {"name": {}}}},
                "both": {"allOf": [{"properties": {"a": {}}}, {"properties": {"b": {}}}]}
            },
            "definitions": {"image": {"properties": {"tag": {"type": "string"}}}}
        }"##;
        let index = SchemaKeyIndex::new([&schema[..]]);
        let rows: &[(&str, &str, bool)] = &[
            ("", "image", true),
            ("", "imgae", false),
            ("image", "tag", true),
            ("image", "tga", false),
            ("podLabels", "anything", true),
            ("extra", "x-team", true),
            ("extra", "team", false),
            ("list[0]", "name", true),
            ("both", "a", true),
            ("both", "b", true),
            ("both", "c", false),
            ("nowhere", "a", false),
        ];
        for (parent, key, expected) in rows {
            let parent = if parent.is_empty() {
                KeyPath::root()
            } else {
                KeyPath::parse(parent).unwrap()
            };
            assert_eq!(index.knows(&parent, key), *expected, "{parent} / {key}");
        }
    }

    #[test]
    fn a_schema_that_is_not_json_declares_nothing() {
        let index = SchemaKeyIndex::new([&b"{not json"[..]]);
        assert!(!index.knows(&KeyPath::root(), "image"));
    }
}
