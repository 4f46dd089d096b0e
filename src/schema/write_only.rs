//! [`write_only_paths`]: the places a schema marks `writeOnly: true` — values a chart takes
//! but never shows, which `diff` treats as secrets (`shared/spec/reliability.md` §4).
//!
//! The schema is loaded as validation loads it ([`SchemaSet::load`]): every `$ref` resolved,
//! to a place in the same file or in another file of the workspace (`schemas/web.schema.json`
//! → `common.schema.json#/definitions/password`), URLs and paths leaving the workspace
//! refused. Only the shape matters here: `properties` (a key), `additionalProperties`,
//! `patternProperties`, `items`, `prefixItems`, `additionalItems` and `contains` (any key or
//! index), and `$ref`, `allOf`/`anyOf`/`oneOf`, `if`/`then`/`else` and schema `dependencies`
//! (the same place). Unlike validation, keywords beside a `$ref` are read too: a `writeOnly`
//! there still says the value is secret.

use crate::source::Tree;

use super::document::{RefKind, RefTarget};
use super::error::SchemaError;
use super::pointer;
use super::schema_set::SchemaSet;
use crate::layer::SchemaSource;

/// How many schema objects deep one path goes (`$ref`s included): real schemas nest a
/// dozen levels; a schema that refers to itself (a tree of nodes) is followed this deep.
const MAX_DEPTH: usize = 64;

/// How many schema objects one walk visits at most, so a `$ref` fan-out cannot explode.
const MAX_VISITS: usize = 200_000;

/// One step of a path in a schema's values: a literal key, or any key or index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathStep {
    /// A key named by `properties`.
    Key(String),
    /// Any key or index (`additionalProperties`, `patternProperties`, `items`, ...).
    Any,
}

/// Returns the value paths `source` marks `writeOnly: true` (relative to the values the
/// schema applies to), sorted, each once. `tree` is the tree the schema was read from, for
/// the files its `$ref`s name.
pub fn write_only_paths(
    source: &SchemaSource,
    tree: &dyn Tree,
    max_file_bytes: u64,
) -> Result<Vec<Vec<PathStep>>, SchemaError> {
    let set = SchemaSet::load(source, tree, max_file_bytes)?;
    let mut walk = Walk {
        set: &set,
        source,
        found: Vec::new(),
        visits: 0,
    };
    let root = RefTarget {
        doc: 0,
        pointer: String::new(),
    };
    walk.visit(&root, &mut Vec::new(), 0);
    walk.found.sort();
    walk.found.dedup();
    Ok(walk.found)
}

struct Walk<'a> {
    set: &'a SchemaSet,
    source: &'a SchemaSource,
    found: Vec<Vec<PathStep>>,
    visits: usize,
}

impl Walk<'_> {
    /// Returns where the `$ref` written at `here` leads: as the schema set resolved it, or,
    /// for a `$ref` beside another one (which validation never reads), resolved the same way
    /// within the files already loaded.
    fn target(&self, here: &RefTarget, reference: &str) -> Option<RefTarget> {
        if let Some(target) = self.set.refs.get(here) {
            return Some(target.clone());
        }
        let doc = self.set.docs.get(here.doc)?;
        match doc
            .classify(reference, &here.pointer, self.source.kind)
            .ok()?
        {
            RefKind::Local { pointer } => Some(RefTarget {
                doc: here.doc,
                pointer,
            }),
            RefKind::File { path, pointer } => {
                let doc = self
                    .set
                    .docs
                    .iter()
                    .position(|d| d.path.as_ref() == Some(&path))?;
                Some(RefTarget { doc, pointer })
            }
        }
    }

    fn child(&mut self, here: &RefTarget, keys: &[&str], path: &mut Vec<PathStep>, depth: usize) {
        let mut pointer = here.pointer.clone();
        for key in keys {
            pointer = pointer::push(&pointer, key);
        }
        let target = RefTarget {
            doc: here.doc,
            pointer,
        };
        self.visit(&target, path, depth + 1);
    }

    fn visit(&mut self, here: &RefTarget, path: &mut Vec<PathStep>, depth: usize) {
        self.visits += 1;
        if depth > MAX_DEPTH || self.visits > MAX_VISITS {
            return;
        }
        let Some(serde_json::Value::Object(map)) = self.set.value(here) else {
            return;
        };
        if map.get("writeOnly") == Some(&serde_json::Value::Bool(true)) && !path.is_empty() {
            self.found.push(path.clone());
        }
        if let Some(reference) = map.get("$ref").and_then(|r| r.as_str()) {
            if let Some(target) = self.target(here, reference) {
                self.visit(&target, path, depth + 1);
            }
        }
        if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
            for key in properties.keys() {
                path.push(PathStep::Key(key.clone()));
                self.child(here, &["properties", key], path, depth);
                path.pop();
            }
        }
        path.push(PathStep::Any);
        for keyword in ["additionalProperties", "additionalItems", "contains"] {
            if map.get(keyword).is_some_and(|v| v.is_object()) {
                self.child(here, &[keyword], path, depth);
            }
        }
        if let Some(serde_json::Value::Object(patterns)) = map.get("patternProperties") {
            for key in patterns.keys() {
                self.child(here, &["patternProperties", key], path, depth);
            }
        }
        for keyword in ["items", "prefixItems"] {
            match map.get(keyword) {
                Some(serde_json::Value::Object(_)) => self.child(here, &[keyword], path, depth),
                Some(serde_json::Value::Array(items)) => {
                    for i in 0..items.len() {
                        self.child(here, &[keyword, &i.to_string()], path, depth);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(serde_json::Value::Array(items)) = map.get(keyword) {
                for i in 0..items.len() {
                    self.child(here, &[keyword, &i.to_string()], path, depth);
                }
            }
        }
        for keyword in ["if", "then", "else"] {
            if map.contains_key(keyword) {
                self.child(here, &[keyword], path, depth);
            }
        }
        if let Some(serde_json::Value::Object(dependencies)) = map.get("dependencies") {
            for (key, dependency) in dependencies {
                if dependency.is_object() {
                    self.child(here, &["dependencies", key], path, depth);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DirTree;
    use std::path::Path;
    use std::sync::Arc;

    /// Returns the paths as text (`a.*.b`) of a workspace schema `schemas/web.schema.json`
    /// holding `schema`, next to `files` (path, contents).
    fn texts(schema: &str, files: &[(&str, &str)]) -> Result<Vec<String>, SchemaError> {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, contents).unwrap();
        }
        let source = SchemaSource::workspace(
            Path::new("schemas/web.schema.json"),
            schema.as_bytes().to_vec(),
        );
        let paths = write_only_paths(&source, &DirTree::new(dir.path()), 1 << 20)?;
        Ok(paths
            .iter()
            .map(|p| {
                p.iter()
                    .map(|s| match s {
                        PathStep::Key(k) => k.clone(),
                        PathStep::Any => "*".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect())
    }

    #[test]
    fn finds_write_only_properties_everywhere_a_schema_can_put_them() {
        let schema = r##"{
          "properties": {
            "db": {"properties": {"dsn": {"type": "string", "writeOnly": true}}},
            "users": {"items": {"properties": {"pin": {"writeOnly": true}}}},
            "extra": {"additionalProperties": {"writeOnly": true}},
            "ref": {"$ref": "#/definitions/creds"},
            "combo": {"allOf": [{"properties": {"key": {"writeOnly": true}}}]},
            "cond": {"if": {"properties": {"on": {"const": true}}}, "then": {"properties": {"k": {"writeOnly": true}}}},
            "beside": {"$ref": "#/definitions/plain", "properties": {"s": {"writeOnly": true}}},
            "plain": {"writeOnly": false}
          },
          "definitions": {
            "creds": {"properties": {"token": {"writeOnly": true}}},
            "plain": {"type": "object"}
          }
        }"##;
        assert_eq!(
            texts(schema, &[]).unwrap(),
            [
                "beside.s",
                "combo.key",
                "cond.k",
                "db.dsn",
                "extra.*",
                "ref.token",
                "users.*.pin"
            ]
        );
    }

    #[test]
    fn follows_refs_into_other_workspace_schema_files() {
        let files = [
            (
                "schemas/common.schema.json",
                r##"{"definitions": {"sec": {"type": "string", "writeOnly": true}, "auth": {"properties": {"pw": {"$ref": "lib/more.json#/definitions/x"}}}}}"##,
            ),
            (
                "schemas/lib/more.json",
                r##"{"definitions": {"x": {"writeOnly": true}}}"##,
            ),
        ];
        let schema = r##"{"properties": {"salt": {"$ref": "common.schema.json#/definitions/sec"}, "auth": {"$ref": "common.schema.json#/definitions/auth"}}}"##;
        assert_eq!(texts(schema, &files).unwrap(), ["auth.pw", "salt"]);
        // A schema strata cannot fully read is an error, never a silent "no secrets".
        let err = texts(
            r##"{"properties": {"a": {"$ref": "../../x.json"}}}"##,
            &files,
        );
        assert!(err.is_err_and(|e| e.is_refusal()));
        let err = texts(
            r##"{"properties": {"a": {"$ref": "https://example.com/s.json"}}}"##,
            &files,
        );
        assert!(err.is_err());
    }

    #[test]
    fn a_self_referring_schema_ends() {
        let schema = r##"{"definitions": {"node": {"properties": {"kids": {"items": {"$ref": "#/definitions/node"}}, "s": {"writeOnly": true}}}}, "properties": {"tree": {"$ref": "#/definitions/node"}}}"##;
        let found = texts(schema, &[]).unwrap();
        assert!(found.contains(&"tree.s".to_string()), "{found:?}");
        assert!(found.contains(&"tree.kids.*.s".to_string()), "{found:?}");
    }

    #[test]
    fn reads_a_chart_schema_from_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let source = SchemaSource::chart(
            Arc::from("charts/web/charts/db-1.0.0.tgz:values.schema.json"),
            None,
            br#"{"properties": {"pw": {"writeOnly": true}}}"#.to_vec(),
        );
        let paths = write_only_paths(&source, &DirTree::new(dir.path()), 1 << 20).unwrap();
        assert_eq!(paths, [vec![PathStep::Key("pw".into())]]);
    }
}
