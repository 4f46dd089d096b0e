//! [`SchemaSet`]: a schema and every file its `$ref`s reach, walked once before anything is
//! compiled, so that nothing unsafe reaches the validator.
//!
//! The walk visits the places gojsonschema reads as schemas (`properties`, `items`, `allOf`,
//! `definitions`, the target of each `$ref`, ...), with an explicit work list and a budget, so a
//! huge or deeply linked schema costs bounded time and memory. On the way it
//!
//! * decides where every `$ref` leads ([`Document::classify`]): URLs are refused, relative files
//!   are read through [`Tree`] (which refuses paths leaving the workspace) and only for
//!   workspace schemas, pointers must point at something;
//! * records the *in-place* edges: `$ref`, `allOf`/`anyOf`/`oneOf`, `not`, `if`/`then`/`else`
//!   and schema `dependencies` apply a schema to the same value. A cycle made only of those
//!   (`{"$ref": "#"}`) would validate forever; Helm 3.17 dies of a stack overflow on it. A
//!   cycle through `properties` or `items` is fine: each step goes one level into the value.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::source::Tree;
use crate::values::HelmVersion;

use super::dialect::Dialect;
use super::document::{display_for, Document, RefKind, RefTarget};
use super::error::SchemaError;
use super::pointer;
use crate::layer::SchemaSource;

/// Most files one schema may bring in through `$ref`s.
const MAX_DOCUMENTS: usize = 64;
/// Most schema objects walked, over all files: real chart schemas have a few thousand
/// (kube-prometheus-stack's has about 4,000).
const MAX_SCHEMAS: usize = 200_000;

/// A schema and the files its `$ref`s reach, with every `$ref` resolved.
#[derive(Debug)]
pub(crate) struct SchemaSet {
    /// The documents; the schema itself is the first.
    pub docs: Vec<Document>,
    /// The dialect of the root schema, used for every document (as gojsonschema does for
    /// files without a `$schema` of their own).
    pub dialect: Dialect,
    /// Whose validator the schema is for.
    pub helm: HelmVersion,
    /// Every place read as a schema, as (document, pointer), in the order visited.
    pub schemas: Vec<RefTarget>,
    /// Where each `$ref` leads, keyed by the schema holding it.
    pub refs: HashMap<RefTarget, RefTarget>,
}

/// How a keyword's value holds subschemas.
enum Shape {
    /// The value is a schema.
    One,
    /// The value is an array of schemas.
    Many,
    /// The value is an object whose values are schemas.
    Map,
    /// `items`: a schema or an array of schemas.
    OneOrMany,
    /// `dependencies`: an object whose values are schemas or arrays of names.
    Dependencies,
}

/// The keywords holding subschemas, whether they apply to the same value (in place), and
/// from which dialect on they count.
const KEYWORDS: &[(&str, Shape, bool, Since)] = &[
    ("definitions", Shape::Map, false, Since::Draft4),
    ("properties", Shape::Map, false, Since::Draft4),
    ("patternProperties", Shape::Map, false, Since::Draft4),
    ("additionalProperties", Shape::One, false, Since::Draft4),
    ("items", Shape::OneOrMany, false, Since::Draft4),
    ("additionalItems", Shape::One, false, Since::Draft4),
    ("dependencies", Shape::Dependencies, true, Since::Draft4),
    ("allOf", Shape::Many, true, Since::Draft4),
    ("anyOf", Shape::Many, true, Since::Draft4),
    ("oneOf", Shape::Many, true, Since::Draft4),
    ("not", Shape::One, true, Since::Draft4),
    ("contains", Shape::One, false, Since::Draft6),
    ("propertyNames", Shape::One, false, Since::Draft6),
    ("if", Shape::One, true, Since::Draft7),
    ("then", Shape::One, true, Since::Draft7),
    ("else", Shape::One, true, Since::Draft7),
    ("$defs", Shape::Map, false, Since::Draft2019),
    ("prefixItems", Shape::Many, false, Since::Draft2019),
    ("dependentSchemas", Shape::Map, true, Since::Draft2019),
    ("unevaluatedProperties", Shape::One, false, Since::Draft2019),
    ("unevaluatedItems", Shape::One, false, Since::Draft2019),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Since {
    Draft4,
    Draft6,
    Draft7,
    /// Keywords of 2019-09 and 2020-12, which only Helm 4 reads.
    Draft2019,
}

impl Since {
    fn applies(self, dialect: Dialect) -> bool {
        match self {
            Since::Draft4 => true,
            Since::Draft6 => dialect.has_draft6_keywords(),
            Since::Draft7 => dialect.has_conditionals(),
            Since::Draft2019 => dialect.is_modern(),
        }
    }
}

impl SchemaSet {
    /// Parses `source`, walks it and every file it reaches, and checks for `$ref` cycles.
    pub fn load(
        source: &SchemaSource,
        tree: &dyn Tree,
        max_file_bytes: u64,
    ) -> Result<SchemaSet, SchemaError> {
        SchemaSet::load_as(source, tree, max_file_bytes, HelmVersion::V3)
    }

    /// Loads the schema as [`SchemaSet::load`] does, reading its draft as `helm` does
    /// ([`Dialect::of`] for Helm 3, [`Dialect::of_helm4`] for Helm 4).
    pub fn load_as(
        source: &SchemaSource,
        tree: &dyn Tree,
        max_file_bytes: u64,
        helm: HelmVersion,
    ) -> Result<SchemaSet, SchemaError> {
        let root = Document::parse(source.source.clone(), source.path.clone(), &source.bytes)?;
        let dialect = match helm {
            HelmVersion::V3 => Dialect::of(&root.value),
            HelmVersion::V4 => Dialect::of_helm4(&root.value).ok_or_else(|| SchemaError::Invalid {
                source_name: source.source.clone(),
                at: "/$schema".into(),
                message: "Helm 4 knows no such $schema (draft-04, -06, -07, 2019-09 and 2020-12 only)".into(),
            })?,
        };
        let mut set = SchemaSet {
            docs: vec![root],
            dialect,
            helm,
            schemas: Vec::new(),
            refs: HashMap::new(),
        };
        let mut walk = Walk {
            ids: HashMap::new(),
            in_place: Vec::new(),
            by_path: HashMap::new(),
            work: Vec::new(),
        };
        walk.visit(
            RefTarget {
                doc: 0,
                pointer: String::new(),
            },
            &mut set,
        )?;
        while let Some(id) = walk.work.pop() {
            walk.expand(id, &mut set, source, tree, max_file_bytes)?;
        }
        if let Some(cycle) = find_cycle(&walk.in_place) {
            return Err(SchemaError::RefCycle {
                cycle: cycle
                    .iter()
                    .map(|&id| {
                        let t = &set.schemas[id];
                        format!("{}#{}", set.docs[t.doc].display, t.pointer)
                    })
                    .collect(),
            });
        }
        Ok(set)
    }

    /// Returns the value at a place of the set.
    pub fn value(&self, target: &RefTarget) -> Option<&Value> {
        pointer::resolve(&self.docs.get(target.doc)?.value, &target.pointer)
    }
}

/// The state of the walk: ids of visited places, in-place edges, files read.
struct Walk {
    ids: HashMap<RefTarget, usize>,
    in_place: Vec<Vec<usize>>,
    by_path: HashMap<PathBuf, usize>,
    work: Vec<usize>,
}

impl Walk {
    /// Returns the id of a place, queueing it for expansion the first time it is seen.
    fn visit(&mut self, target: RefTarget, set: &mut SchemaSet) -> Result<usize, SchemaError> {
        if let Some(&id) = self.ids.get(&target) {
            return Ok(id);
        }
        let id = set.schemas.len();
        if id >= MAX_SCHEMAS {
            return Err(SchemaError::TooLarge {
                source_name: set.docs[0].display.clone(),
                what: "the number of schemas (with the files it refers to)",
                limit: MAX_SCHEMAS,
            });
        }
        set.schemas.push(target.clone());
        self.ids.insert(target, id);
        self.in_place.push(Vec::new());
        self.work.push(id);
        Ok(id)
    }

    /// Visits the subschemas of one place and resolves its `$ref`.
    fn expand(
        &mut self,
        id: usize,
        set: &mut SchemaSet,
        source: &SchemaSource,
        tree: &dyn Tree,
        max_file_bytes: u64,
    ) -> Result<(), SchemaError> {
        let here = set.schemas[id].clone();
        let Some(Value::Object(map)) = set.value(&here) else {
            // Booleans have nothing inside; other values are reported when compiled.
            return Ok(());
        };
        let mut children: Vec<(String, bool)> = Vec::new();
        for (keyword, shape, in_place, since) in KEYWORDS {
            if !since.applies(set.dialect) {
                continue;
            }
            let Some(value) = map.get(*keyword) else {
                continue;
            };
            // gojsonschema reads `definitions` before `$ref` and stops at `$ref`: the other
            // keywords beside a `$ref` are never read (draft-07 and earlier ignore them too).
            if map.contains_key("$ref") && *keyword != "definitions" {
                continue;
            }
            let at = pointer::push(&here.pointer, keyword);
            match (shape, value) {
                (Shape::One, _) | (Shape::OneOrMany, Value::Object(_) | Value::Bool(_)) => {
                    children.push((at, *in_place))
                }
                (Shape::Many, Value::Array(items)) | (Shape::OneOrMany, Value::Array(items)) => {
                    for i in 0..items.len() {
                        children.push((pointer::push(&at, &i.to_string()), *in_place));
                    }
                }
                (Shape::Map, Value::Object(entries)) => {
                    for key in entries.keys() {
                        children.push((pointer::push(&at, key), *in_place));
                    }
                }
                (Shape::Dependencies, Value::Object(entries)) => {
                    for (key, dep) in entries {
                        if dep.is_object() || dep.is_boolean() {
                            children.push((pointer::push(&at, key), *in_place));
                        }
                    }
                }
                _ => {}
            }
        }
        let reference = map.get("$ref").and_then(Value::as_str).map(str::to_string);
        for (pointer, in_place) in children {
            let child = self.visit(
                RefTarget {
                    doc: here.doc,
                    pointer,
                },
                set,
            )?;
            if in_place {
                self.in_place[id].push(child);
            }
        }
        if let Some(reference) = reference {
            let target = self.resolve(&here, &reference, set, source, tree, max_file_bytes)?;
            set.refs.insert(here, target.clone());
            let child = self.visit(target, set)?;
            self.in_place[id].push(child);
        }
        Ok(())
    }

    /// Resolves a `$ref` written at `here`, reading the file it names if needed.
    fn resolve(
        &mut self,
        here: &RefTarget,
        reference: &str,
        set: &mut SchemaSet,
        source: &SchemaSource,
        tree: &dyn Tree,
        max_file_bytes: u64,
    ) -> Result<RefTarget, SchemaError> {
        let doc = &set.docs[here.doc];
        let not_found = |detail: &str| SchemaError::RefNotFound {
            source_name: doc.display.clone(),
            at: here.pointer.clone(),
            reference: reference.to_string(),
            detail: Some(detail.to_string()),
        };
        let target = match doc.classify(reference, &here.pointer, source.kind)? {
            RefKind::Local { pointer } => RefTarget {
                doc: here.doc,
                pointer,
            },
            RefKind::File { path, pointer } => {
                let index = match self.by_path.get(&path) {
                    Some(&index) => index,
                    None if source.path.as_ref() == Some(&path) => 0,
                    None => {
                        if set.docs.len() >= MAX_DOCUMENTS {
                            return Err(SchemaError::TooLarge {
                                source_name: set.docs[0].display.clone(),
                                what: "the number of files its $refs reach",
                                limit: MAX_DOCUMENTS,
                            });
                        }
                        let bytes = match tree.read(&path, max_file_bytes) {
                            Ok(bytes) => bytes,
                            Err(crate::source::SourceError::NotFound { .. }) => {
                                return Err(not_found("no such file"))
                            }
                            Err(e) => return Err(e.into()),
                        };
                        let base_path = source.path.as_deref().unwrap_or(&path);
                        let display = display_for(&set.docs[0].display, base_path, &path);
                        set.docs
                            .push(Document::parse(display, Some(path.clone()), &bytes)?);
                        self.by_path.insert(path, set.docs.len() - 1);
                        set.docs.len() - 1
                    }
                };
                RefTarget {
                    doc: index,
                    pointer,
                }
            }
        };
        if set.value(&target).is_none() {
            let doc = &set.docs[here.doc];
            return Err(SchemaError::RefNotFound {
                source_name: doc.display.clone(),
                at: here.pointer.clone(),
                reference: reference.to_string(),
                detail: Some(format!(
                    "{} has nothing at #{}",
                    set.docs[target.doc].display, target.pointer
                )),
            });
        }
        Ok(target)
    }
}

/// Returns a cycle in the graph (node ids, the first repeated at the end), if there is one.
/// Iterative depth-first search, so a long chain of `$ref`s cannot overflow the stack.
fn find_cycle(edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    for start in 0..edges.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::OnPath;
        while let Some(top) = path.last_mut() {
            let (node, next) = *top;
            if let Some(&child) = edges[node].get(next) {
                top.1 += 1;
                match mark[child] {
                    Mark::New => {
                        mark[child] = Mark::OnPath;
                        path.push((child, 0));
                    }
                    Mark::OnPath => {
                        let from = path.iter().position(|&(n, _)| n == child).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[from..].iter().map(|&(n, _)| n).collect();
                        cycle.push(child);
                        return Some(cycle);
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                path.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DirTree;
    use std::sync::Arc;

    fn load(schema: &str) -> Result<SchemaSet, SchemaError> {
        let dir = tempfile::tempdir().unwrap();
        let source = SchemaSource::chart(
            Arc::from("charts/web/values.schema.json"),
            Some(PathBuf::from("charts/web/values.schema.json")),
            schema.as_bytes().to_vec(),
        );
        SchemaSet::load(&source, &DirTree::new(dir.path()), 1 << 20)
    }

    #[test]
    fn cycles_in_place_are_found_and_named() {
        let rows = [
            (r##"{"$ref": "#"}"##, Some("charts/web/values.schema.json# -> charts/web/values.schema.json#")),
            (
                r##"{"properties": {"a": {"$ref": "#/definitions/x"}}, "definitions": {"x": {"allOf": [{"$ref": "#/definitions/y"}]}, "y": {"anyOf": [{"$ref": "#/definitions/x"}]}}}"##,
                Some("charts/web/values.schema.json#/definitions/x -> charts/web/values.schema.json#/definitions/x/allOf/0 -> charts/web/values.schema.json#/definitions/y -> charts/web/values.schema.json#/definitions/y/anyOf/0 -> charts/web/values.schema.json#/definitions/x"),
            ),
            (r##"{"not": {"$ref": "#"}}"##, Some("")),
            (r##"{"properties": {"child": {"$ref": "#"}}}"##, None),
            (r##"{"items": {"$ref": "#"}}"##, None),
            (r##"{"definitions": {"tree": {"properties": {"kids": {"items": {"$ref": "#/definitions/tree"}}}}}, "$ref": "#/definitions/tree"}"##, None),
        ];
        for (schema, want) in rows {
            match (load(schema), want) {
                (Ok(_), None) => {}
                (Err(SchemaError::RefCycle { cycle }), Some(want)) => {
                    if !want.is_empty() {
                        assert_eq!(cycle.join(" -> "), want, "{schema}");
                    }
                }
                (got, want) => panic!("{schema}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn a_long_chain_of_refs_does_not_overflow_the_stack() {
        let mut defs = serde_json::Map::new();
        for i in 0..50_000 {
            defs.insert(
                format!("d{i}"),
                serde_json::json!({"$ref": format!("#/definitions/d{}", i + 1)}),
            );
        }
        defs.insert("d50000".into(), serde_json::json!({"type": "string"}));
        let schema = serde_json::json!({"$ref": "#/definitions/d0", "definitions": defs});
        let set = load(&schema.to_string()).unwrap();
        assert!(set.schemas.len() > 50_000);
    }

    #[test]
    fn refs_to_missing_places_are_errors() {
        let err = load(r##"{"properties": {"a": {"$ref": "#/definitions/nope"}}}"##).unwrap_err();
        assert_eq!(
            err.to_string(),
            "charts/web/values.schema.json#/properties/a: $ref \"#/definitions/nope\" points at nothing (charts/web/values.schema.json has nothing at #/definitions/nope)"
        );
    }

    #[test]
    fn siblings_of_a_ref_are_not_read() {
        // gojsonschema stops at `$ref`: a URL beside it is never fetched, so it is no error.
        let set = load(
            r##"{"definitions": {"a": {}}, "$ref": "#/definitions/a", "properties": {"x": {"$ref": "https://example.com/x.json"}}}"##,
        );
        assert!(set.is_ok(), "{set:?}");
    }

    #[test]
    fn workspace_schemas_read_relative_files_inside_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("schemas/lib")).unwrap();
        std::fs::write(
            dir.path().join("schemas/lib/common.json"),
            r##"{"definitions": {"port": {"type": "integer", "minimum": 1}}}"##,
        )
        .unwrap();
        let source = SchemaSource::workspace(
            std::path::Path::new("schemas/web.schema.json"),
            br##"{"properties": {"port": {"$ref": "lib/common.json#/definitions/port"}}}"##
                .to_vec(),
        );
        let set = SchemaSet::load(&source, &DirTree::new(dir.path()), 1 << 20).unwrap();
        assert_eq!(set.docs.len(), 2);
        assert_eq!(&*set.docs[1].display, "schemas/lib/common.json");
        let outside = SchemaSource::workspace(
            std::path::Path::new("schemas/web.schema.json"),
            br##"{"properties": {"port": {"$ref": "../../secret.json"}}}"##.to_vec(),
        );
        let err = SchemaSet::load(&outside, &DirTree::new(dir.path()), 1 << 20).unwrap_err();
        assert!(err.is_refusal(), "{err}");
        assert!(!err.to_string().contains(&dir.path().display().to_string()));
    }
}
