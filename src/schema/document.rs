//! [`Document`]: one JSON file of a schema (the schema itself, or a file its `$ref`s name),
//! parsed, and [`RefTarget`]: where a `$ref` leads, decided without touching the network and
//! without leaving the workspace.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::values::{Origin, SourceName};

use super::error::SchemaError;
use super::pointer;
use crate::layer::SchemaKind;

/// One parsed JSON file of a schema.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    /// The display path, for messages.
    pub display: SourceName,
    /// The path in the tree, when it has one (for resolving relative `$ref`s).
    pub path: Option<PathBuf>,
    /// The parsed JSON.
    pub value: Value,
}

/// Where a `$ref` leads: a document (index into the schema set's documents) and a JSON
/// pointer into it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RefTarget {
    pub doc: usize,
    pub pointer: String,
}

/// What a `$ref` string names, before any file is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RefKind {
    /// A place in the same document (`#/definitions/a`, `#`, or the document's own `$id`).
    Local { pointer: String },
    /// A file relative to the document, already normalised (`..` applied), inside the tree.
    File { path: PathBuf, pointer: String },
}

impl Document {
    /// Parses `bytes` as JSON. serde_json caps nesting at 128 levels, so a hostile file ends
    /// in an error, never a stack overflow.
    pub fn parse(
        display: SourceName,
        path: Option<PathBuf>,
        bytes: &[u8],
    ) -> Result<Document, SchemaError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        match serde_json::from_slice::<Value>(bytes) {
            Ok(value) => Ok(Document {
                display,
                path,
                value,
            }),
            Err(e) => {
                let message = e.to_string();
                // serde_json appends " at line L column C"; the origin carries the position.
                let message = message
                    .rsplit_once(" at line ")
                    .map(|(m, _)| m.to_string())
                    .unwrap_or(message);
                let origin = Origin::new(
                    display.clone(),
                    e.line().max(1) as u32,
                    e.column().max(1) as u32,
                );
                Err(SchemaError::Json {
                    source_name: display,
                    message,
                    origin,
                })
            }
        }
    }

    /// Returns the document's own `$id` (or draft-04 `id`) without an empty fragment, for
    /// recognising `$ref`s that name the document by it.
    fn own_id(&self) -> Option<&str> {
        let id = self
            .value
            .get("$id")
            .or_else(|| self.value.get("id"))
            .and_then(Value::as_str)?;
        Some(id.split('#').next().unwrap_or(id))
    }

    /// Returns the JSON pointer of the subschema whose `$id` or `id` is the plain-name
    /// anchor `#name` (or `<this document's id>#name`), searching breadth-first.
    fn anchor_pointer(&self, name: &str) -> Option<String> {
        if name.is_empty() || name.starts_with('/') {
            return None;
        }
        let wanted = format!("#{name}");
        let own = self.own_id().map(|id| format!("{id}#{name}"));
        let mut queue = std::collections::VecDeque::from([(String::new(), &self.value)]);
        let mut visited = 0usize;
        while let Some((at, value)) = queue.pop_front() {
            visited += 1;
            if visited > MAX_ANCHOR_SEARCH {
                return None;
            }
            match value {
                Value::Object(map) => {
                    let id = map
                        .get("$id")
                        .or_else(|| map.get("id"))
                        .and_then(Value::as_str);
                    if id.is_some_and(|id| id == wanted || Some(id) == own.as_deref()) {
                        return Some(at);
                    }
                    for (key, child) in map {
                        queue.push_back((pointer::push(&at, key), child));
                    }
                }
                Value::Array(items) => {
                    for (i, child) in items.iter().enumerate() {
                        queue.push_back((pointer::push(&at, &i.to_string()), child));
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Decides what `reference` (a `$ref` written at `at` in this document) names, refusing
    /// URLs and paths that leave the tree. `kind` is the kind of the schema being validated.
    pub fn classify(
        &self,
        reference: &str,
        at: &str,
        kind: SchemaKind,
    ) -> Result<RefKind, SchemaError> {
        let error_data = || (self.display.clone(), at.to_string(), reference.to_string());
        let (location, fragment) = match reference.split_once('#') {
            Some((location, fragment)) => (location, fragment),
            None => (reference, ""),
        };
        let local = location.is_empty() || Some(location) == self.own_id();
        // A plain-name fragment (`#str`) names the subschema whose `$id` (draft-04 `id`) is
        // that anchor, as gojsonschema resolves it.
        let anchor = || local.then(|| self.anchor_pointer(fragment)).flatten();
        let pointer = fragment_pointer(fragment).or_else(anchor).ok_or_else(|| {
            let (source_name, at, reference) = error_data();
            SchemaError::RefNotFound {
                source_name,
                at,
                reference,
                detail: Some(
                    "only JSON pointer fragments (#/...) and `$id` anchors of this file are supported"
                        .into(),
                ),
            }
        })?;
        if local {
            return Ok(RefKind::Local { pointer });
        }
        let outside = || {
            let (source_name, at, reference) = error_data();
            SchemaError::OutsideWorkspace {
                source_name,
                at,
                reference,
            }
        };
        // A `file:` URL names a path on this machine, absolute by nature: strata reads
        // schemas only through relative references inside the workspace, so it leaves.
        if is_file_url(location) {
            return Err(outside());
        }
        if has_scheme(location) || location.starts_with("//") {
            let (source_name, at, reference) = error_data();
            return Err(SchemaError::RemoteRef {
                source_name,
                at,
                reference,
            });
        }
        let Some(base) = &self.path else {
            let (source_name, at, reference) = error_data();
            return Err(SchemaError::RefInArchive {
                source_name,
                at,
                reference,
            });
        };
        let decoded = pointer::percent_decode(location).ok_or_else(outside)?;
        let path =
            join_inside(base.parent().unwrap_or(Path::new("")), &decoded).ok_or_else(outside)?;
        if kind == SchemaKind::Chart {
            let (source_name, at, reference) = error_data();
            return Err(SchemaError::RelativeRefInChart {
                source_name,
                at,
                reference,
            });
        }
        Ok(RefKind::File { path, pointer })
    }
}

/// Returns true when `location` is a `file:` URL (the scheme is case-insensitive).
fn is_file_url(location: &str) -> bool {
    location
        .split_once(':')
        .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("file"))
}

/// Returns true when `location` starts with a URI scheme (`https:`, `file:`, `urn:`).
fn has_scheme(location: &str) -> bool {
    let Some((scheme, _)) = location.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Returns the JSON pointer of a `$ref` fragment (`""` or `/...`, percent-decoded); `None` for
/// a plain-name fragment (`#foo`), which strata does not resolve.
/// The most values an anchor search visits in one schema document.
const MAX_ANCHOR_SEARCH: usize = 200_000;

fn fragment_pointer(fragment: &str) -> Option<String> {
    let decoded = pointer::percent_decode(fragment)?;
    (decoded.is_empty() || decoded.starts_with('/')).then_some(decoded)
}

/// Joins a relative reference to a folder, applying `.` and `..` lexically; `None` when the
/// result would leave the tree (too many `..`, an absolute path, a Windows prefix).
fn join_inside(dir: &Path, reference: &str) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in dir.components() {
        match component {
            Component::Normal(p) => parts.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    for component in Path::new(reference).components() {
        match component {
            Component::Normal(p) => parts.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.iter().collect())
}

/// Returns a display name for a document read at `path` next to `base` (whose display name is
/// `base_display`): the same prefix, so paths read the same way in every message.
pub(crate) fn display_for(base_display: &str, base_path: &Path, path: &Path) -> SourceName {
    let base_rel = crate::source::display_path(base_path);
    let rel = crate::source::display_path(path);
    match base_display.strip_suffix(&base_rel) {
        Some(prefix) => Arc::from(format!("{prefix}{rel}")),
        None => Arc::from(rel),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(path: Option<&str>) -> Document {
        Document {
            display: Arc::from("ws/schemas/web.schema.json"),
            path: path.map(PathBuf::from),
            value: json!({"$id": "https://example.com/web.json"}),
        }
    }

    #[test]
    fn refs_are_classified_without_reading_anything() {
        let ws = doc(Some("schemas/web.schema.json"));
        let local = |p: &str| Ok(RefKind::Local { pointer: p.into() });
        let file = |f: &str, p: &str| {
            Ok(RefKind::File {
                path: f.into(),
                pointer: p.into(),
            })
        };
        type Row = (&'static str, Result<RefKind, &'static str>);
        let rows: Vec<Row> = vec![
            ("#/definitions/a", local("/definitions/a")),
            ("#", local("")),
            ("#/definitions/a%20b", local("/definitions/a b")),
            (
                "https://example.com/web.json#/definitions/a",
                local("/definitions/a"),
            ),
            ("common.json", file("schemas/common.json", "")),
            ("./lib/c.json#/x", file("schemas/lib/c.json", "/x")),
            ("../charts/web/x.json", file("charts/web/x.json", "")),
            ("https://example.com/other.json", Err("remote")),
            ("http://json-schema.org/draft-07/schema#", Err("remote")),
            ("file:///etc/passwd", Err("outside")),
            ("FILE:///etc/passwd#/a", Err("outside")),
            ("file:common.json", Err("outside")),
            ("//host/x.json", Err("remote")),
            ("../../etc/passwd", Err("outside")),
            ("/etc/passwd", Err("outside")),
            ("#foo", Err("not found")),
        ];
        for (reference, want) in rows {
            let got = ws.classify(reference, "/properties/a", SchemaKind::Workspace);
            match (got, want) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{reference}"),
                (Err(e), Err(kind)) => {
                    let text = match e {
                        SchemaError::RemoteRef { .. } => "remote",
                        SchemaError::OutsideWorkspace { .. } => "outside",
                        SchemaError::RefNotFound { .. } => "not found",
                        other => panic!("{reference}: unexpected {other}"),
                    };
                    assert_eq!(text, kind, "{reference}");
                }
                (got, want) => panic!("{reference}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn chart_schemas_refuse_relative_files_as_helm_does() {
        let chart = doc(Some("charts/web/values.schema.json"));
        let err = chart
            .classify("common.json", "/properties/a", SchemaKind::Chart)
            .unwrap_err();
        assert!(
            matches!(err, SchemaError::RelativeRefInChart { .. }),
            "{err}"
        );
        let err = chart
            .classify("../../../x.json", "", SchemaKind::Chart)
            .unwrap_err();
        assert!(err.is_refusal(), "{err}");
        let packaged = doc(None);
        let err = packaged
            .classify("x.json", "", SchemaKind::Chart)
            .unwrap_err();
        assert!(matches!(err, SchemaError::RefInArchive { .. }), "{err}");
    }

    #[test]
    fn invalid_json_has_a_position() {
        let err = Document::parse(Arc::from("s.json"), None, b"{\n  \"a\": 1,\n}").unwrap_err();
        let SchemaError::Json {
            origin, message, ..
        } = &err
        else {
            panic!("{err}");
        };
        assert_eq!((origin.line, origin.col), (3, 1));
        assert_eq!(message, "trailing comma");
    }

    #[test]
    fn display_names_keep_the_prefix() {
        let name = display_for(
            "ws/schemas/web.schema.json",
            Path::new("schemas/web.schema.json"),
            Path::new("schemas/lib/c.json"),
        );
        assert_eq!(&*name, "ws/schemas/lib/c.json");
    }
}
