//! [`SecretRules`]: which values of a release are secrets, and [`mask_node`], which hides
//! them (`shared/spec/reliability.md` §4).
//!
//! A value is secret when it sits at or below:
//! - a key whose name says so (`password`, `apiKey`, ... — [`crate::secrets::is_secret_key`]);
//! - a path listed under `secrets:` in `strata.yaml`;
//! - a property the chart's schema marks `writeOnly: true`;
//! - the `value` of a Kubernetes-style `{name: DB_PASSWORD, value: ...}` pair (or
//!   `{key: ..., value: ...}`) whose name says so (environment variables, config entries).
//!
//! Strings are also read by content wherever they are: PEM private keys and JSON Web
//! Tokens are hidden whole, credentials in URLs are cut out of the text.

use crate::secrets::{classify_text, is_secret_key, SecretText};

use super::diff_path::{distinct_key, is_hidden_text, shown_text};
use crate::values::{to_json_compact, KeyPath, KeyPattern, Map, Node, Value};

/// Which paths of a release's values hold secrets.
#[derive(Clone, Debug, Default)]
pub struct SecretRules {
    patterns: Vec<KeyPattern>,
    /// True when the top-level keys name resources (`Secret/db`, `ServiceAccount/token-sync`),
    /// not values: their names say nothing about what is below them.
    resource_keys: bool,
}

impl SecretRules {
    /// Returns rules made of `strata.yaml`'s `secrets:` paths and the schemas' `writeOnly`
    /// paths (key names are always checked).
    pub fn new(patterns: Vec<KeyPattern>) -> SecretRules {
        SecretRules {
            patterns,
            resource_keys: false,
        }
    }

    /// Returns rules for a tree of rendered resources keyed by `Kind/name`: `patterns`
    /// (each Secret's `data` and `stringData`), key names below the resource keys, and
    /// never the resource keys' own names.
    pub fn for_resources(patterns: Vec<KeyPattern>) -> SecretRules {
        SecretRules {
            patterns,
            resource_keys: true,
        }
    }

    /// Returns true when the value at `path` of the tree `root` is secret: a secret key on
    /// the way, a `secrets:` or `writeOnly` path, or the `value` of a secret-named pair.
    pub fn path_is_secret(&self, root: &Node, path: &KeyPath) -> bool {
        let empty = Map::new();
        let mut secret = self.root_is_secret();
        let mut node = Some(root);
        let mut at = KeyPath::root();
        for segment in path.segments() {
            at.push(segment.clone());
            match segment {
                crate::values::Segment::Key(key) => {
                    let parent = node.and_then(Node::as_map).unwrap_or(&empty);
                    secret = self.key_is_secret(secret, parent, key, &at);
                    node = parent.get(key);
                }
                crate::values::Segment::Index(i) => {
                    secret = self.element_is_secret(secret, &at);
                    node = match node.map(|n| &n.value) {
                        Some(Value::List(items)) => items.get(*i),
                        _ => None,
                    };
                }
            }
            if secret {
                return true;
            }
        }
        secret
    }

    /// Returns true when the whole tree is secret (a `secrets:` pattern `**`).
    pub fn root_is_secret(&self) -> bool {
        self.patterns.iter().any(|p| p.matches(&KeyPath::root()))
    }

    /// Returns true when the value under `key` of `parent`, at `path`, is secret; `parent_secret`
    /// says whether its parent is.
    pub fn key_is_secret(
        &self,
        parent_secret: bool,
        parent: &Map,
        key: &str,
        path: &KeyPath,
    ) -> bool {
        parent_secret
            || (is_secret_key(key) && !(self.resource_keys && path.segments().len() == 1))
            || (key == "value" && names_a_secret(parent))
            || self.patterns.iter().any(|p| p.matches(path))
    }

    /// Returns true when a list element at `path` is secret.
    pub fn element_is_secret(&self, parent_secret: bool, path: &KeyPath) -> bool {
        parent_secret || self.patterns.iter().any(|p| p.matches(path))
    }
}

/// Returns true for a `{name: DB_PASSWORD, value: ...}` or `{key: DB_PASSWORD, value: ...}`
/// map (an environment variable, a config entry) whose name says it holds a secret.
fn names_a_secret(map: &Map) -> bool {
    ["name", "key"].iter().any(|field| {
        matches!(map.get(*field).map(|n| &n.value), Some(Value::String(name)) if is_secret_key(name))
    })
}

/// Returns the size of a secret as shown: the bytes of a string, or of a collection's
/// compact JSON.
pub fn secret_size(node: &Node) -> usize {
    match &node.value {
        Value::String(s) => s.len(),
        _ => to_json_compact(node).len(),
    }
}

/// Returns `12 bytes`, `1 byte`.
pub fn bytes_text(bytes: usize) -> String {
    if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

/// Returns the text that replaces a secret value in a tree: `<redacted> (12 bytes)`.
pub fn placeholder(bytes: usize) -> String {
    format!("<redacted> ({})", bytes_text(bytes))
}

/// Returns true when `node`, under a secret path, has nothing to hide: null, a boolean (one
/// bit: `automountServiceAccountToken: false`), an empty string or collection. Showing it
/// tells a reviewer the secret is unset.
pub fn is_empty_secret(node: &Node) -> bool {
    match &node.value {
        Value::Null | Value::Bool(_) => true,
        Value::String(s) => s.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::List(l) => l.is_empty(),
        _ => false,
    }
}

/// Returns `node` with every secret in it hidden, and how many values were hidden. `secret`
/// says whether `node` itself is secret; `path` is where it is.
pub fn mask_node(node: &Node, path: &KeyPath, secret: bool, rules: &SecretRules) -> (Node, usize) {
    let mut count = 0;
    let masked = mask_into(node, path, secret, rules, &mut count);
    (masked, count)
}

fn mask_into(
    node: &Node,
    path: &KeyPath,
    secret: bool,
    rules: &SecretRules,
    count: &mut usize,
) -> Node {
    if secret {
        if is_empty_secret(node) {
            return node.clone();
        }
        *count += 1;
        return Node::new(
            Value::String(placeholder(secret_size(node))),
            node.origin.clone(),
        );
    }
    let value = match &node.value {
        Value::Map(map) => {
            let mut out = Map::new();
            for (key, child) in map {
                let child_path = path.child_key(key);
                let child_secret = rules.key_is_secret(false, map, key, &child_path);
                // A key is printed too: read for secrets like any string.
                if is_hidden_text(key) {
                    *count += 1;
                }
                let masked = mask_into(child, &child_path, child_secret, rules, count);
                out.insert(distinct_key(&out, shown_text(key).into_owned()), masked);
            }
            Value::Map(out)
        }
        Value::List(items) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let child_path = path.child_index(i);
                    let child_secret = rules.element_is_secret(false, &child_path);
                    mask_into(item, &child_path, child_secret, rules, count)
                })
                .collect(),
        ),
        Value::String(s) => match classify_text(s) {
            SecretText::Plain => return node.clone(),
            SecretText::Secret => {
                *count += 1;
                Value::String(placeholder(s.len()))
            }
            SecretText::Masked(text) => {
                *count += 1;
                Value::String(text)
            }
        },
        _ => return node.clone(),
    };
    let mut out = node.clone();
    out.value = value;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::describe::to_json_compact;

    fn tree(text: &str) -> Node {
        crate::yaml::test_tree("v.yaml", text)
    }

    #[test]
    fn hides_every_kind_of_secret_and_counts_them() {
        let rules = SecretRules::new(vec![
            KeyPattern::parse("db.dsn").unwrap(),
            KeyPattern::parse("opaque.*").unwrap(),
        ]);
        let values = tree(
            "auth:\n  password: hunter2\n  rootPassword: \"\"\n  user: app\n\
             db:\n  dsn: mysql://a\n  url: https://u:p@h/x\n\
             env:\n  - name: DB_PASSWORD\n    value: pw\n  - name: MODE\n    value: prod\n\
             conf:\n  - key: MYSQL_PWD\n    value: pw2\n\
             opaque: {k: v}\n\
             hosts: {\"https://u:p@h\": 1, \"https://u:q@h\": 2}\n\
             jwts: {eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl: 1}\n\
             tls: \"-----BEGIN EC PRIVATE KEY-----\\nabc\\n-----END EC PRIVATE KEY-----\"\n",
        );
        let (masked, count) = mask_node(&values, &KeyPath::root(), false, &rules);
        assert_eq!(
            to_json_compact(&masked),
            r#"{"auth":{"password":"<redacted> (7 bytes)","rootPassword":"","user":"app"},"db":{"dsn":"<redacted> (9 bytes)","url":"https://<redacted>@h/x"},"env":[{"name":"DB_PASSWORD","value":"<redacted> (2 bytes)"},{"name":"MODE","value":"prod"}],"conf":[{"key":"MYSQL_PWD","value":"<redacted> (3 bytes)"}],"opaque":{"k":"<redacted> (1 byte)"},"hosts":{"https://<redacted>@h":1,"https://<redacted>@h (2)":2},"jwts":{"<redacted>":1},"tls":"<redacted> (63 bytes)"}"#
        );
        assert_eq!(count, 10);
    }
}
