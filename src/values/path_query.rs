//! [`PathQuery`]: a key path as a person types it, in every form strata prints one: map keys
//! (`image.tag`, `annotations.prometheus\.io/scrape`), list positions (`env[0]`) and list
//! elements named by identity (`env[name=MODE].value`, as `diff` and `matrix` print them).
//! Resolved against a tree, it becomes the [`KeyPath`] it names there.

use super::key_path::{KeyPath, KeyPathError, Segment};
use super::node::{Node, Value};
use super::to_json_compact;

/// One step of a [`PathQuery`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryStep {
    /// A map key.
    Key(String),
    /// A list position.
    Index(usize),
    /// The list element whose `field` is `id` (a string as itself, another scalar as JSON:
    /// `[port=80]`).
    Element {
        /// The identifying field.
        field: String,
        /// Its value, as text.
        id: String,
    },
}

/// A key path that may name list elements by identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathQuery {
    steps: Vec<QueryStep>,
}

impl PathQuery {
    /// Returns the steps, root first.
    pub fn steps(&self) -> &[QueryStep] {
        &self.steps
    }

    /// Reads a path: keys separated by `.`, `[N]` for a position, `[field=id]` for an
    /// element. A `\` takes the next character as it is (`a\.b` is one key; inside brackets
    /// `\]`, `\=` and `\\`), the escapes `diff` writes.
    pub fn parse(text: &str) -> Result<PathQuery, KeyPathError> {
        let steps = parse_steps(text)?
            .into_iter()
            .map(|(_, step)| step)
            .collect();
        Ok(PathQuery { steps })
    }

    /// Returns the key path this query names in `root`: each element step becomes the
    /// position of the element whose field holds the id. Without element steps, the path
    /// is the same whatever the tree holds.
    pub fn resolve(&self, root: &Node) -> Result<KeyPath, KeyPathError> {
        self.resolve_with(root, false)
    }

    /// Returns the key path this query names in one layer's tree: as [`PathQuery::resolve`],
    /// with an element the layer's list lacks at a position past the end of any list, so
    /// the path names nothing there.
    pub fn resolve_in_layer(&self, root: &Node) -> KeyPath {
        self.resolve_with(root, true)
            .expect("a missing element resolves to an absent position")
    }

    /// Returns true when the query names a list element by identity.
    pub fn has_elements(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s, QueryStep::Element { .. }))
    }

    fn resolve_with(&self, root: &Node, absent_if_missing: bool) -> Result<KeyPath, KeyPathError> {
        let mut path = KeyPath::root();
        for step in &self.steps {
            let segment = match step {
                QueryStep::Key(k) => Segment::Key(k.clone()),
                QueryStep::Index(i) => Segment::Index(*i),
                QueryStep::Element { field, id } => {
                    let items = match root.get(&path).map(|n| &n.value) {
                        Some(Value::List(items)) => items.as_slice(),
                        _ => &[],
                    };
                    let found = items
                        .iter()
                        .position(|item| element_id(item, field).as_deref() == Some(id));
                    let index = match found {
                        None if absent_if_missing => usize::MAX,
                        found => found.ok_or_else(|| KeyPathError::NoElement {
                            list: path.to_string(),
                            field: field.clone(),
                            id: id.clone(),
                        })?,
                    };
                    Segment::Index(index)
                }
            };
            path.push(segment);
        }
        Ok(path)
    }

    /// Returns the path in `root` that this query names once some of its dots are read as
    /// part of a key (`annotations.prometheus.io/scrape` → `annotations.prometheus\.io/scrape`),
    /// when the query has only keys and names nothing as written.
    pub fn dotted_key_in(&self, root: &Node) -> Option<KeyPath> {
        let keys: Vec<&str> = self
            .steps
            .iter()
            .map(|s| match s {
                QueryStep::Key(k) => Some(k.as_str()),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let mut found = Vec::new();
        dotted_keys(root, &keys, &mut found).then(|| KeyPath::from_keys(found))
    }
}

/// Finds keys in `node` that spell `keys` joined by dots, longest first; pushes them on
/// `found` and returns true when the whole of `keys` is used.
fn dotted_keys(node: &Node, keys: &[&str], found: &mut Vec<String>) -> bool {
    if keys.is_empty() {
        return true;
    }
    let Some(map) = node.as_map() else {
        return false;
    };
    for end in (1..=keys.len()).rev() {
        let key = keys[..end].join(".");
        if let Some(child) = map.get(key.as_str()) {
            found.push(key);
            if dotted_keys(child, &keys[end..], found) {
                return true;
            }
            found.pop();
        }
    }
    false
}

/// Returns an element's identity by `field` as `diff` prints it: a string as itself, another
/// scalar as compact JSON.
fn element_id(element: &Node, field: &str) -> Option<String> {
    let value = element.as_map()?.get(field)?;
    match &value.value {
        Value::String(s) => Some(s.to_string()),
        Value::Map(_) | Value::List(_) | Value::Null => None,
        _ => Some(to_json_compact(value)),
    }
}

/// Reads the steps of a path as [`PathQuery::parse`] describes, each with the byte offset
/// where it starts (for errors about it).
pub(super) fn parse_steps(text: &str) -> Result<Vec<(usize, QueryStep)>, KeyPathError> {
    let empty = |at| KeyPathError::EmptyKey {
        path: text.to_string(),
        at,
    };
    let bad_index = |at| KeyPathError::BadIndex {
        path: text.to_string(),
        at,
    };
    let mut steps = Vec::new();
    let mut key = String::new();
    let mut key_started = false;
    let mut key_at = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, escaped) = chars.next().ok_or_else(|| empty(at))?;
                if !key_started {
                    key_at = at;
                }
                key.push(escaped);
                key_started = true;
            }
            '.' => {
                if key_started {
                    steps.push((key_at, QueryStep::Key(std::mem::take(&mut key))));
                } else if !matches!(
                    steps.last().map(|(_, step)| step),
                    Some(QueryStep::Index(_) | QueryStep::Element { .. })
                ) {
                    return Err(empty(at));
                }
                key_started = false;
                if chars.peek().is_none() {
                    return Err(empty(at + 1));
                }
            }
            '[' => {
                if key_started {
                    steps.push((key_at, QueryStep::Key(std::mem::take(&mut key))));
                    key_started = false;
                } else if steps.is_empty() {
                    return Err(empty(at));
                }
                // Inside the brackets: `field=id` or digits, with `\` escapes.
                let mut field = String::new();
                let mut id: Option<String> = None;
                loop {
                    let (_, c) = chars.next().ok_or_else(|| bad_index(at))?;
                    let c = match c {
                        ']' => break,
                        '=' if id.is_none() => {
                            id = Some(String::new());
                            continue;
                        }
                        '\\' => chars.next().ok_or_else(|| bad_index(at))?.1,
                        c => c,
                    };
                    id.as_mut().unwrap_or(&mut field).push(c);
                }
                steps.push((
                    at,
                    match id {
                        Some(id) if !field.is_empty() => QueryStep::Element { field, id },
                        Some(_) => return Err(bad_index(at)),
                        None if !field.is_empty() && field.chars().all(|c| c.is_ascii_digit()) => {
                            QueryStep::Index(field.parse().map_err(|_| bad_index(at))?)
                        }
                        None => return Err(bad_index(at)),
                    },
                ));
            }
            _ => {
                if !key_started {
                    key_at = at;
                }
                key.push(c);
                key_started = true;
            }
        }
    }
    if key_started {
        steps.push((key_at, QueryStep::Key(key)));
    } else if steps.is_empty() {
        return Err(empty(0));
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Origin;

    fn tree(yaml: &str) -> Node {
        let value: serde_json::Value = serde_yaml_like(yaml);
        node_of(&value)
    }

    /// The test trees are written as JSON (a subset of YAML).
    fn serde_yaml_like(text: &str) -> serde_json::Value {
        serde_json::from_str(text).expect("test JSON parses")
    }

    fn node_of(value: &serde_json::Value) -> Node {
        let origin = Origin::whole("t".into());
        let v = match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or_default()),
            serde_json::Value::String(s) => Value::String(s.clone().into()),
            serde_json::Value::Array(items) => Value::List(items.iter().map(node_of).collect()),
            serde_json::Value::Object(map) => {
                Value::Map(map.iter().map(|(k, v)| (k.clone(), node_of(v))).collect())
            }
        };
        Node::new(v, origin)
    }

    #[test]
    fn resolves_every_form_diff_prints() {
        let root = tree(
            r#"{"env": [{"name": "A", "value": "1"}, {"name": "MODE", "value": "x"}],
                "ports": [{"port": 80}, {"port": 443}],
                "odd": [{"name": "a]b=c"}],
                "annotations": {"prometheus.io/scrape": "true"}}"#,
        );
        let rows = [
            ("env[name=MODE].value", "env[1].value"),
            ("env[1].value", "env[1].value"),
            ("ports[port=443]", "ports[1]"),
            ("odd[name=a\\]b=c]", "odd[0]"),
            (
                "annotations.prometheus\\.io/scrape",
                "annotations.prometheus\\.io/scrape",
            ),
            ("image.tag", "image.tag"),
        ];
        for (text, expected) in rows {
            let query = PathQuery::parse(text).unwrap();
            assert_eq!(
                query.resolve(&root).unwrap().to_string(),
                expected,
                "{text}"
            );
        }
        let missing = PathQuery::parse("env[name=NOPE].value").unwrap();
        assert_eq!(
            missing.resolve(&root).unwrap_err().to_string(),
            "no element of env has name = \"NOPE\""
        );
    }

    #[test]
    fn rejects_what_is_not_a_path() {
        for text in ["", ".a", "a..b", "a.", "a[x]", "a[1", "a[=x]", "a[]"] {
            assert!(PathQuery::parse(text).is_err(), "{text:?} should not parse");
        }
    }

    #[test]
    fn finds_a_key_written_with_unescaped_dots() {
        let root = tree(r#"{"annotations": {"prometheus.io/scrape": "true", "a": {"b.c.d": 1}}}"#);
        let found = |text: &str| {
            PathQuery::parse(text)
                .unwrap()
                .dotted_key_in(&root)
                .map(|p| p.to_string())
        };
        assert_eq!(
            found("annotations.prometheus.io/scrape").as_deref(),
            Some("annotations.prometheus\\.io/scrape")
        );
        assert_eq!(
            found("annotations.a.b.c.d").as_deref(),
            Some("annotations.a.b\\.c\\.d")
        );
        assert_eq!(found("annotations.nope"), None);
    }
}
