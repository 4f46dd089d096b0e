//! Creating a missing key in a [`Document`]: [`Document::set_scalar`] replaces the scalar at a
//! path when it is there (`doc_edit`), and otherwise writes the key, and any chain of maps
//! leading to it, where a person would: after the last entry of the deepest map that exists,
//! indented like its siblings (children by the file's own indentation step), with the file's
//! line breaks. In a flow map (`{a: 1}`) the key is added inside the braces. A value Helm
//! would misread (`no`, `1.10`) is quoted, as a replaced one is.
//!
//! Refused, with the reason: a path through an alias, a parent that is a scalar or a list,
//! a list item that does not exist (items are not created).

use crate::values::{KeyPath, Segment, Value};

use super::doc_edit::{double_quoted, is_plain_string, scalar_text, EditError};
use super::doc_node::{CollectionStyle, NodeId, NodeKind, ScalarStyle};
use super::document::{Document, LookupError};

/// What [`Document::set_scalar`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditKind {
    /// The value was there and was replaced.
    Replaced,
    /// The key (and maybe maps leading to it) was created.
    Created,
}

/// The indentation step when the file shows none (no nested block map).
const DEFAULT_STEP: usize = 2;

/// Where the missing part of a path starts.
enum Parent {
    /// The file has no document (empty, or comments only).
    Empty,
    /// A map that exists, and the keys still missing below it.
    Map { id: NodeId, missing: usize },
    /// A key written with an empty value (`image:`): the missing keys go under it.
    EmptyValue {
        key: NodeId,
        value: NodeId,
        missing: usize,
    },
}

impl Document {
    /// Writes `value` at `path`: replaces the scalar there ([`Document::replace_scalar`]),
    /// or creates the key and the maps leading to it. Only the new bytes are added;
    /// everything else in the file stays as it was.
    pub fn set_scalar(&mut self, path: &KeyPath, value: &Value) -> Result<EditKind, EditError> {
        match self.lookup(path) {
            Ok(_) => self
                .replace_scalar(path, value)
                .map(|()| EditKind::Replaced),
            Err(LookupError::Missing { .. }) => {
                self.insert_missing(path, value).map(|()| EditKind::Created)
            }
            Err(e) => Err(e.into()),
        }
    }

    fn insert_missing(&mut self, path: &KeyPath, value: &Value) -> Result<(), EditError> {
        if let Value::Map(_) | Value::List(_) = value {
            return Err(EditError::NewValueNotScalar {
                path: path.clone(),
                kind: if matches!(value, Value::Map(_)) {
                    "map"
                } else {
                    "list"
                },
            });
        }
        let parent = self.missing_parent(path)?;
        let segments = path.segments();
        let missing = match parent {
            Parent::Empty => segments.len(),
            Parent::Map { missing, .. } | Parent::EmptyValue { missing, .. } => missing,
        };
        let keys: Vec<&str> = segments[segments.len() - missing..]
            .iter()
            .map(|s| match s {
                Segment::Key(k) => Ok(k.as_str()),
                Segment::Index(_) => Err(EditError::MissingListItem { path: path.clone() }),
            })
            .collect::<Result<_, _>>()?;
        let unrepresentable = || EditError::Unrepresentable {
            path: path.clone(),
            value: format!("{value:?}"),
        };
        let eol = self.line_ending().as_str();
        let step = self.indent_step();
        let (at, text) = match parent {
            Parent::Empty => {
                let leaf =
                    scalar_text(value, ScalarStyle::Plain, false).ok_or_else(unrepresentable)?;
                let mut text = String::new();
                let body = self.text().trim_start_matches('\u{feff}');
                if !body.is_empty() && !body.ends_with(['\n', '\r']) {
                    text.push_str(eol);
                }
                text.push_str(&block_chain(&keys, &leaf, 0, step, eol));
                if body.is_empty() || body.ends_with(['\n', '\r']) {
                    text.push_str(eol);
                }
                (self.text().len(), text)
            }
            Parent::Map { id, .. } => {
                let node = self.node(id);
                let NodeKind::Map { style, entries } = &node.kind else {
                    unreachable!("missing_parent returns maps as maps")
                };
                match style {
                    CollectionStyle::Block => {
                        let leaf = scalar_text(value, ScalarStyle::Plain, false)
                            .ok_or_else(unrepresentable)?;
                        let last = entries
                            .iter()
                            .map(|e| e.span.end)
                            .max()
                            .unwrap_or(node.span.end);
                        let indent = node.indent.unwrap_or(0);
                        let text = format!("{eol}{}", block_chain(&keys, &leaf, indent, step, eol));
                        (self.line_end(last), text)
                    }
                    CollectionStyle::Flow => {
                        let leaf = scalar_text(value, ScalarStyle::Plain, true)
                            .ok_or_else(unrepresentable)?;
                        let chain = flow_chain(&keys, &leaf);
                        match entries.last() {
                            Some(last) => (
                                self.node(last.value)
                                    .span
                                    .end
                                    .max(self.node(last.key).span.end),
                                format!(", {chain}"),
                            ),
                            None => (node.body.start + 1, chain),
                        }
                    }
                }
            }
            Parent::EmptyValue {
                key, value: empty, ..
            } => {
                let leaf =
                    scalar_text(value, ScalarStyle::Plain, false).ok_or_else(unrepresentable)?;
                let (_, col) = self.line_col(self.node(key).span.start);
                let indent = col as usize - 1 + step;
                let text = format!("{eol}{}", block_chain(&keys, &leaf, indent, step, eol));
                (self.line_end(self.node(empty).span.end), text)
            }
        };
        self.splice(super::ByteSpan::new(at, at), &text)
            .map_err(EditError::Reparse)
    }

    /// Finds the deepest node of `path` that exists and says how the rest is created.
    fn missing_parent(&self, path: &KeyPath) -> Result<Parent, EditError> {
        let Some(mut id) = self.root() else {
            return Ok(Parent::Empty);
        };
        let segments = path.segments();
        let mut entry_key = None;
        for (depth, segment) in segments.iter().enumerate() {
            let here = KeyPath::from_segments(segments[..depth].to_vec());
            let missing = segments.len() - depth;
            let node = self.node(id);
            match (&node.kind, segment) {
                (NodeKind::Alias { name }, _) => {
                    return Err(LookupError::ThroughAlias {
                        path: path.clone(),
                        alias: name.clone(),
                    }
                    .into())
                }
                (NodeKind::Map { entries, .. }, Segment::Key(key)) => {
                    match entries
                        .iter()
                        .rev()
                        .find(|e| self.key_name(e.key).as_deref() == Some(key.as_str()))
                    {
                        Some(entry) => {
                            entry_key = Some(entry.key);
                            id = entry.value;
                        }
                        None => return Ok(Parent::Map { id, missing }),
                    }
                }
                (NodeKind::List { items, .. }, Segment::Index(index)) => match items.get(*index) {
                    Some(item) => {
                        entry_key = None;
                        id = item.value;
                    }
                    None => return Err(EditError::MissingListItem { path: path.clone() }),
                },
                (NodeKind::Scalar { .. }, Segment::Key(_))
                    if node.span.is_empty() && entry_key.is_some() && !self.in_flow(id) =>
                {
                    return Ok(Parent::EmptyValue {
                        key: entry_key.expect("checked just above"),
                        value: id,
                        missing,
                    })
                }
                (kind, _) => {
                    return Err(EditError::ParentNotAMap {
                        path: path.clone(),
                        parent: here,
                        kind: match kind {
                            NodeKind::Scalar { .. } => "single value",
                            NodeKind::List { .. } => "list",
                            NodeKind::Map { .. } => "map",
                            NodeKind::Alias { .. } => "alias",
                        },
                    })
                }
            }
        }
        unreachable!("set_scalar inserts only paths that lookup found missing")
    }

    /// Returns the offset of the line break ending the line that holds `offset` (the end of
    /// the text on the last line).
    fn line_end(&self, offset: usize) -> usize {
        self.text()[offset..]
            .find(['\n', '\r'])
            .map_or(self.text().len(), |i| offset + i)
    }

    /// Returns how many columns the file indents a block map nested in another (the first
    /// one met), else [`DEFAULT_STEP`].
    fn indent_step(&self) -> usize {
        for (_, node) in self.nodes() {
            let NodeKind::Map {
                style: CollectionStyle::Block,
                entries,
            } = &node.kind
            else {
                continue;
            };
            let outer = node.indent.unwrap_or(0);
            for entry in entries {
                let child = self.node(entry.value);
                if let (
                    NodeKind::Map {
                        style: CollectionStyle::Block,
                        ..
                    },
                    Some(inner),
                ) = (&child.kind, child.indent)
                {
                    if inner > outer {
                        return inner - outer;
                    }
                }
            }
        }
        DEFAULT_STEP
    }
}

/// Returns a key as written in a file: plain when it reads back as itself, else quoted.
fn key_text(key: &str, in_flow: bool) -> String {
    if is_plain_string(key, in_flow) {
        key.to_string()
    } else {
        double_quoted(key)
    }
}

/// Returns `keys` as nested block maps ending in `leaf`, the first at `indent` columns, each
/// next `step` further, lines joined by `eol` (no break before the first or after the last).
fn block_chain(keys: &[&str], leaf: &str, indent: usize, step: usize, eol: &str) -> String {
    let mut out = String::new();
    for (depth, key) in keys.iter().enumerate() {
        if depth > 0 {
            out.push_str(eol);
        }
        out.push_str(&" ".repeat(indent + depth * step));
        out.push_str(&key_text(key, false));
        out.push(':');
    }
    out.push(' ');
    out.push_str(leaf);
    out
}

/// Returns `keys` as nested flow maps ending in `leaf`: `a: {b: leaf}`.
fn flow_chain(keys: &[&str], leaf: &str) -> String {
    let mut out = String::new();
    for (depth, key) in keys.iter().enumerate() {
        if depth > 0 {
            out.push('{');
        }
        out.push_str(&key_text(key, true));
        out.push_str(": ");
    }
    out.push_str(leaf);
    out.push_str(&"}".repeat(keys.len() - 1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::to_json_compact;
    use crate::yaml::document::tests::parse;
    use crate::yaml::Limits;

    fn json_of(text: &str) -> String {
        crate::yaml::parse_values(text.as_bytes(), "v.yaml".into(), &Limits::default())
            .expect("parses")
            .root
            .map_or("null".into(), |r| to_json_compact(&r))
    }

    fn set(text: &str, path: &str, value: &str) -> Result<String, EditError> {
        let mut doc = parse(text);
        doc.set_scalar(&KeyPath::parse(path).unwrap(), &Value::String(value.into()))?;
        Ok(doc.to_string())
    }

    #[test]
    fn creates_missing_keys_where_a_person_would() {
        // (what the row shows, file, path, value, file after)
        let rows: &[(&str, &str, &str, &str, &str)] = &[
            (
                "a sibling, after the last entry",
                "# top\nimage:\n  repository: x # r\n\nother: 1\n",
                "image.tag",
                "v2",
                "# top\nimage:\n  repository: x # r\n  tag: v2\n\nother: 1\n",
            ),
            (
                "a chain of maps, the file's step of four",
                "a:\n    b: 1\nz: 2\n",
                "image.tag",
                "1.10",
                "a:\n    b: 1\nz: 2\nimage:\n    tag: \"1.10\"\n",
            ),
            (
                "CRLF and a BOM kept",
                "\u{feff}a: 1\r\n",
                "b.c",
                "no",
                "\u{feff}a: 1\r\nb:\r\n  c: \"no\"\r\n",
            ),
            (
                "no final line break stays none",
                "a: 1",
                "b",
                "x",
                "a: 1\nb: x",
            ),
            (
                "under an empty value",
                "image: # set below\nz: 1\n",
                "image.tag",
                "v1",
                "image: # set below\n  tag: v1\nz: 1\n",
            ),
            (
                "an empty file",
                "",
                "image.tag",
                "v1",
                "image:\n  tag: v1\n",
            ),
            (
                "a comment-only file",
                "# nothing yet\n",
                "tag",
                "v1",
                "# nothing yet\ntag: v1\n",
            ),
            (
                "into a flow map",
                "image: {repository: x}\n",
                "image.tag",
                "a,b",
                "image: {repository: x, tag: \"a,b\"}\n",
            ),
            (
                "into an empty flow map, a chain",
                "image: {}\n",
                "image.sub.tag",
                "v1",
                "image: {sub: {tag: v1}}\n",
            ),
            (
                "a map inside a list item",
                "c:\n  - name: a\n    image:\n      tag: old\n",
                "c[0].image.digest",
                "sha256:1",
                "c:\n  - name: a\n    image:\n      tag: old\n      digest: sha256:1\n",
            ),
            (
                "a key that must be quoted",
                "a: 1\n",
                "on",
                "x",
                "a: 1\n\"on\": x\n",
            ),
            (
                "replacing what is there",
                "image:\n  tag: old # pinned\n",
                "image.tag",
                "new",
                "image:\n  tag: new # pinned\n",
            ),
        ];
        for (what, text, path, value, want) in rows {
            let got = set(text, path, value).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(got, *want, "{what}");
            let mut expected: serde_json::Value =
                serde_json::from_str(&json_of(text)).unwrap_or(serde_json::Value::Null);
            if expected.is_null() {
                expected = serde_json::json!({});
            }
            let mut at = &mut expected;
            let path = KeyPath::parse(path).unwrap();
            for segment in path.segments() {
                at = match segment {
                    Segment::Key(k) => {
                        if !at.is_object() {
                            *at = serde_json::json!({});
                        }
                        at.as_object_mut()
                            .unwrap()
                            .entry(k.clone())
                            .or_insert(serde_json::Value::Null)
                    }
                    Segment::Index(i) => &mut at[*i],
                };
            }
            *at = serde_json::Value::String(value.to_string());
            let parsed: serde_json::Value = serde_json::from_str(&json_of(&got)).unwrap();
            assert_eq!(parsed, expected, "{what}: parses to the expected values");
        }
    }

    #[test]
    fn refuses_what_cannot_be_created_and_says_why() {
        let at = |p: &str| KeyPath::parse(p).unwrap();
        let rows: &[(&str, &str, EditError)] = &[
            (
                "base: &b {x: 1}\nother: *b\n",
                "other.y",
                EditError::Lookup(LookupError::ThroughAlias {
                    path: at("other.y"),
                    alias: "b".into(),
                }),
            ),
            (
                "image: latest\n",
                "image.tag",
                EditError::ParentNotAMap {
                    path: at("image.tag"),
                    parent: at("image"),
                    kind: "single value",
                },
            ),
            (
                "image: [a]\n",
                "image.tag",
                EditError::ParentNotAMap {
                    path: at("image.tag"),
                    parent: at("image"),
                    kind: "list",
                },
            ),
            (
                "c: [a]\n",
                "c[3]",
                EditError::MissingListItem { path: at("c[3]") },
            ),
            (
                "a: 1\n",
                "b[0].c",
                EditError::MissingListItem { path: at("b[0].c") },
            ),
        ];
        for (text, path, want) in rows {
            let mut doc = parse(text);
            let err = doc
                .set_scalar(&at(path), &Value::String("x".into()))
                .unwrap_err();
            assert_eq!(&err, want, "{text}");
            assert_eq!(doc.to_string(), *text, "unchanged");
        }
        assert_eq!(
            EditError::ParentNotAMap {
                path: at("image.tag"),
                parent: at("image"),
                kind: "single value",
            }
            .to_string(),
            "cannot add `image.tag`: `image` holds a single value, not a map"
        );
    }
}
