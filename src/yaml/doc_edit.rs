//! Editing a [`Document`] in place: [`Document::replace_scalar`] writes a new value over a
//! scalar's bytes and nothing else, keeping how the old one was quoted when the new value
//! allows it, and quoting it when Helm's YAML 1.1 reader would read it as something else
//! (`no` is a boolean, `1.10` the number 1.1).
//!
//! Adding a key that is missing is [`Document::set_scalar`]'s (`doc_insert`). Editing
//! through an alias, or an anchor that aliases repeat, is refused: the value is written once
//! and used in several places.

use crate::values::{format_go_float, KeyPath, Value};

use super::doc_node::{CollectionStyle, NodeKind, ScalarStyle};
use super::document::{Document, LookupError};
use super::error::YamlError;
use super::resolve::{resolve_plain, Resolved};

/// Why a value could not be written into a document.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The path has no value to replace, or goes through an alias.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// The value at the path is a map or a list.
    #[error("`{path}` holds a {kind}, not a single value")]
    NotAScalar { path: KeyPath, kind: &'static str },
    /// The new value is a map or a list; only single values are written in place.
    #[error("cannot write a {kind} at `{path}`: only single values are replaced in place")]
    NewValueNotScalar { path: KeyPath, kind: &'static str },
    /// The value defines an anchor that aliases use: changing it would change them too.
    #[error("`{path}` defines the anchor &{anchor} used by aliases elsewhere in the file")]
    Anchored { path: KeyPath, anchor: String },
    /// A number that cannot be written so that Helm reads the same number back.
    #[error("cannot write {value} at `{path}` so that Helm reads it back unchanged")]
    Unrepresentable { path: KeyPath, value: String },
    /// The edited text did not parse (a bug in the editor: the document is unchanged).
    #[error("the edited file does not parse")]
    Reparse(#[source] YamlError),
    /// A key cannot be created under `parent`: it holds a value that is not a map.
    #[error("cannot add `{path}`: `{parent}` holds a {kind}, not a map")]
    ParentNotAMap {
        path: KeyPath,
        parent: KeyPath,
        kind: &'static str,
    },
    /// The path names a list item that does not exist: items are not created.
    #[error("cannot add `{path}`: it names a list item that does not exist (strata adds map keys, not list items)")]
    MissingListItem { path: KeyPath },
}

impl Document {
    /// Replaces the scalar at `path` with `value`, changing only that scalar's bytes (its
    /// anchor, tag, comments and everything around it stay), then reads the file again.
    ///
    /// A string keeps the old quoting when it can: plain if Helm would read it back as this
    /// string (not `no`, `1.10`, `~`) and it holds nothing YAML would read as structure,
    /// single-quoted if it fits on one line, else double-quoted; a block scalar's value is
    /// written double-quoted on the key's line. Numbers, booleans and null are written
    /// plain.
    pub fn replace_scalar(&mut self, path: &KeyPath, value: &Value) -> Result<(), EditError> {
        let (id, _) = self.lookup(path)?;
        let node = self.node(id);
        let old_style = match &node.kind {
            NodeKind::Scalar { style, .. } => *style,
            NodeKind::Alias { name } => {
                return Err(LookupError::ThroughAlias {
                    path: path.clone(),
                    alias: name.clone(),
                }
                .into())
            }
            NodeKind::Map { .. } => {
                return Err(EditError::NotAScalar {
                    path: path.clone(),
                    kind: "map",
                })
            }
            NodeKind::List { .. } => {
                return Err(EditError::NotAScalar {
                    path: path.clone(),
                    kind: "list",
                })
            }
        };
        if let Some(anchor) = &node.anchor {
            let used = self
                .nodes()
                .any(|(_, n)| matches!(&n.kind, NodeKind::Alias { name } if **name == **anchor));
            if used {
                return Err(EditError::Anchored {
                    path: path.clone(),
                    anchor: anchor.to_string(),
                });
            }
        }
        let in_flow = self.in_flow(id);
        let mut written = scalar_text(value, old_style, in_flow).ok_or_else(|| match value {
            Value::Map(_) | Value::List(_) => EditError::NewValueNotScalar {
                path: path.clone(),
                kind: if matches!(value, Value::Map(_)) {
                    "map"
                } else {
                    "list"
                },
            },
            other => EditError::Unrepresentable {
                path: path.clone(),
                value: format!("{other:?}"),
            },
        })?;
        let body = node.body;
        if body.is_empty() && !self.text()[..body.start].ends_with([' ', '\t']) {
            // An empty value (`key:`): the new one needs a space after the `:`.
            written.insert(0, ' ');
        }
        self.splice(body, &written).map_err(EditError::Reparse)
    }

    /// Returns true when the node is inside a flow collection, where `,`, `[`, `]`, `{` and
    /// `}` end a plain scalar.
    pub(super) fn in_flow(&self, id: super::NodeId) -> bool {
        let span = self.node(id).span;
        self.nodes().any(|(_, n)| {
            matches!(
                n.kind,
                NodeKind::Map {
                    style: CollectionStyle::Flow,
                    ..
                } | NodeKind::List {
                    style: CollectionStyle::Flow,
                    ..
                }
            ) && n.span.start < span.start
                && span.end <= n.span.end
        })
    }
}

/// Returns how to write `value` in place of a scalar written in `old` style; `None` for a
/// map or a list, or a number Helm would not read back unchanged.
pub(super) fn scalar_text(value: &Value, old: ScalarStyle, in_flow: bool) -> Option<String> {
    let plain =
        |text: String, expected: Resolved| (resolve_plain(&text) == expected).then_some(text);
    match value {
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => plain(i.to_string(), Resolved::Int(*i)),
        Value::Float(f) if f.is_finite() => {
            let text = format_go_float(*f);
            match resolve_plain(&text) {
                Resolved::Float(g) if g == *f => Some(text),
                Resolved::Int(i) if i as f64 == *f => Some(text),
                _ => None,
            }
        }
        Value::Float(_) | Value::Map(_) | Value::List(_) => None,
        Value::String(s) => Some(match old {
            ScalarStyle::Plain if is_plain_string(s, in_flow) => s.to_string(),
            ScalarStyle::Plain | ScalarStyle::SingleQuoted
                if !s.chars().any(|c| c.is_control()) =>
            {
                if old == ScalarStyle::Plain {
                    double_quoted(s)
                } else {
                    format!("'{}'", s.replace('\'', "''"))
                }
            }
            _ => double_quoted(s),
        }),
    }
}

/// Returns true when `s` written unquoted reads back as the string `s`, for Helm (YAML 1.1
/// typing) and for a YAML 1.2 parser alike: no indicator first, no `: ` or ` #` inside, no
/// surrounding spaces, and (in a flow collection) no flow indicators.
pub(super) fn is_plain_string(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let starts_badly = matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
            | ' '
    );
    let flow_bad = in_flow && s.contains([',', '[', ']', '{', '}']);
    !starts_badly
        && !flow_bad
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(|c| c.is_control())
        && resolve_plain(s) == Resolved::Str(s.to_string())
        && !matches!(s, "<<" | "=")
}

/// Returns `s` as a double-quoted YAML scalar, escaping what YAML 1.1 and 1.2 both read.
pub(super) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{to_json_compact, Node, Segment};
    use crate::yaml::document::tests::{parse, real_values_files};
    use crate::yaml::{Limits, NodeId};

    /// Returns `root` as JSON with the value at `path` replaced.
    fn json_with(root: &Node, path: &KeyPath, value: &Value) -> String {
        let mut root = root.clone();
        let mut node = &mut root;
        for segment in path.segments() {
            node = match (segment, &mut node.value) {
                (Segment::Key(k), Value::Map(m)) => m.get_mut(k.as_str()).expect("path exists"),
                (Segment::Index(i), Value::List(l)) => &mut l[*i],
                _ => panic!("path exists"),
            };
        }
        node.value = value.clone();
        to_json_compact(&root)
    }

    /// Returns the paths of the scalars of `doc` reached through maps and lists only (no
    /// aliases, merges or duplicated keys), with their nodes.
    fn scalar_paths(doc: &Document) -> Vec<(KeyPath, NodeId)> {
        let mut out = Vec::new();
        let mut stack = vec![(KeyPath::root(), doc.root().expect("a root"))];
        while let Some((path, id)) = stack.pop() {
            match &doc.node(id).kind {
                NodeKind::Scalar { .. } if !path.is_root() => out.push((path, id)),
                NodeKind::Map { entries, .. } => {
                    for entry in entries {
                        let Some(key) = doc.key_name(entry.key) else {
                            continue;
                        };
                        let twice = entries
                            .iter()
                            .filter(|e| doc.key_name(e.key).as_deref() == Some(&key))
                            .count()
                            > 1;
                        if key != "<<"
                            && !twice
                            && !entries
                                .iter()
                                .any(|e| doc.key_name(e.key).as_deref() == Some("<<"))
                        {
                            stack.push((path.child_key(&key), entry.value));
                        }
                    }
                }
                NodeKind::List { items, .. } => {
                    for (i, item) in items.iter().enumerate() {
                        stack.push((path.child_index(i), item.value));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Replaces `path` in `text` with each of `values` and checks that Helm reads exactly
    /// the old values with that one changed, and that only the scalar's bytes changed.
    fn check_edits(name: &str, text: &str, path: &KeyPath, values: &[Value]) {
        let limits = Limits::default();
        let before = super::super::parse_values(text.as_bytes(), name.into(), &limits)
            .expect("parses")
            .root
            .expect("a root");
        for value in values {
            let mut doc = parse(text);
            let span = doc.node(doc.lookup(path).unwrap().0).body;
            doc.replace_scalar(path, value)
                .unwrap_or_else(|e| panic!("{name} {path}: {e}"));
            let after_text = doc.to_string();
            let after = super::super::parse_values(after_text.as_bytes(), name.into(), &limits)
                .unwrap_or_else(|e| panic!("{name} {path} = {value:?}: {e}\n{after_text}"))
                .root
                .expect("a root");
            assert_eq!(
                to_json_compact(&after),
                json_with(&before, path, value),
                "{name} {path} = {value:?}"
            );
            assert_eq!(
                &after_text[..span.start],
                &text[..span.start],
                "{name} {path}"
            );
            let tail = text.len() - span.end;
            assert_eq!(
                &after_text[after_text.len() - tail..],
                &text[span.end..],
                "{name} {path}"
            );
        }
    }

    #[test]
    fn replaces_scalars_changing_only_their_bytes() {
        let s = |t: &str| Value::String(t.into());
        let tricky = [
            s("v2.0.1"),
            s("no"),
            s("1.10"),
            s("~"),
            s(""),
            s("a: b"),
            s("x #y"),
            s("it's"),
            s("line\nbreak"),
            s("[x]"),
            s("a,b"),
            s("-dash"),
            Value::Float(3.0),
            Value::Float(1.5),
            Value::Bool(false),
            Value::Null,
        ];
        let text = "# c\r\nimage:\r\n  tag: v1 # pinned\r\n  q: 'old'\r\n  d: \"old\"\r\n  lit: |\r\n    old\r\n  flow: {a: 1, b: [x, y]}\r\n  empty:\r\n  anchored: &a 1\r\n";
        for path in [
            "image.tag",
            "image.q",
            "image.d",
            "image.lit",
            "image.flow.a",
            "image.flow.b[1]",
            "image.empty",
            "image.anchored",
        ] {
            check_edits("edit.yaml", text, &KeyPath::parse(path).unwrap(), &tricky);
            let bom = format!("\u{feff}{text}");
            check_edits(
                "bom.yaml",
                &bom,
                &KeyPath::parse(path).unwrap(),
                &tricky[..2],
            );
        }
        let mut doc = parse(text);
        doc.replace_scalar(&KeyPath::parse("image.tag").unwrap(), &s("v2"))
            .unwrap();
        assert_eq!(
            doc.to_string(),
            text.replace("tag: v1 # pinned", "tag: v2 # pinned")
        );
        doc.replace_scalar(&KeyPath::parse("image.q").unwrap(), &s("no"))
            .unwrap();
        assert!(doc.to_string().contains("  q: 'no'\r\n"));
        doc.replace_scalar(&KeyPath::parse("image.tag").unwrap(), &s("1.10"))
            .unwrap();
        assert!(doc.to_string().contains("  tag: \"1.10\" # pinned\r\n"));
    }

    #[test]
    fn refuses_edits_through_aliases_of_anchors_and_of_collections() {
        let text = "base: &b {x: 1}\nother: *b\nv: &v 1\nw: *v\nlist: [1]\n";
        let mut doc = parse(text);
        let s = Value::String("x".into());
        let at = |p: &str| KeyPath::parse(p).unwrap();
        assert!(matches!(
            doc.replace_scalar(&at("other.x"), &s),
            Err(EditError::Lookup(LookupError::ThroughAlias { .. }))
        ));
        assert!(matches!(
            doc.replace_scalar(&at("w"), &s),
            Err(EditError::Lookup(LookupError::ThroughAlias { .. }))
        ));
        assert!(matches!(
            doc.replace_scalar(&at("v"), &s),
            Err(EditError::Anchored { .. })
        ));
        assert!(matches!(
            doc.replace_scalar(&at("list"), &s),
            Err(EditError::NotAScalar { kind: "list", .. })
        ));
        assert!(matches!(
            doc.replace_scalar(&at("base.x"), &Value::List(thin_vec::thin_vec![])),
            Err(EditError::NewValueNotScalar { kind: "list", .. })
        ));
        assert!(matches!(
            doc.replace_scalar(&at("missing"), &s),
            Err(EditError::Lookup(LookupError::Missing { .. }))
        ));
        assert_eq!(doc.to_string(), text);
    }

    #[test]
    fn replaces_scalars_of_the_real_values_files() {
        let new = Value::String("promoted-1.2.3".into());
        for path in real_values_files() {
            let text = std::fs::read_to_string(&path).expect("fixture");
            let name = path.display().to_string();
            let doc = parse(&text);
            if doc.root().is_none() {
                continue;
            }
            // Every 37th scalar: enough to meet every style, cheap enough to run always.
            for (key_path, _) in scalar_paths(&doc).into_iter().step_by(37) {
                check_edits(&name, &text, &key_path, std::slice::from_ref(&new));
            }
        }
    }
}
