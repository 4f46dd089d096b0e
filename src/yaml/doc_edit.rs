//! Editing a [`Document`] in place: [`Document::replace_scalar`] writes a new value over a
//! scalar's bytes and nothing else, keeping how the old one was quoted when the new value
//! allows it, and quoting it when Helm's YAML 1.1 reader would read it as something else
//! (`no` is a boolean, `1.10` the number 1.1).
//!
//! Not here yet: adding a key that is missing (the promotion work decides where new keys
//! go), and editing through an alias or an anchor that aliases repeat (refused: the value
//! is written once and used in several places).

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
                .any(|(_, n)| matches!(&n.kind, NodeKind::Alias { name } if name == anchor));
            if used {
                return Err(EditError::Anchored {
                    path: path.clone(),
                    anchor: anchor.clone(),
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
    fn in_flow(&self, id: super::NodeId) -> bool {
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
fn scalar_text(value: &Value, old: ScalarStyle, in_flow: bool) -> Option<String> {
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
            ScalarStyle::Plain if is_plain_string(s, in_flow) => s.clone(),
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
fn is_plain_string(s: &str, in_flow: bool) -> bool {
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
fn double_quoted(s: &str) -> String {
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
