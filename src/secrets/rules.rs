//! [`SecretRules`]: which paths of a tree of values are secret (`shared/spec/reliability.md`
//! §4). A value is secret when it sits at or below:
//! - a key whose name says so (`password`, `apiKey`, ... — [`is_secret_key`]);
//! - a path listed under `secrets:` in `strata.yaml`;
//! - a property a schema marks `writeOnly: true` (the caller reads the schemas and hands
//!   their paths in as [`WriteOnlyStep`] lists, [`write_only_pattern`]);
//! - the `value` of a Kubernetes-style `{name: DB_PASSWORD, value: ...}` pair (or
//!   `{key: ..., value: ...}`) whose name says so (environment variables, config entries);
//! - for rendered manifests, the `data` and `stringData` of a Secret
//!   ([`secret_resource_fields`]).

use crate::values::{KeyPath, KeyPattern, Map, Node, Segment, Value};

use super::{classify_text, is_secret_key, SecretText};

/// Which paths of a tree hold secrets.
#[derive(Clone, Debug, Default)]
pub struct SecretRules {
    patterns: Vec<KeyPattern>,
    /// True when the top-level keys name resources (`Secret/db`, `ServiceAccount/token-sync`),
    /// not values: their names say nothing about what is below them.
    resource_keys: bool,
}

/// One step of the path of a `writeOnly` property, as the schema reader found it below the
/// key its chart's values live under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOnlyStep {
    /// A key, as written (escaped when it becomes a pattern).
    Key(String),
    /// Any one key (`additionalProperties`, `patternProperties`, `items`).
    AnyKey,
    /// Any number of keys (a subchart nested at an unknown depth).
    AnyDepth,
}

/// Writes a key for a pattern, escaped so that it reads as itself.
fn escaped(key: &str) -> String {
    // A pattern cannot name an empty key; any key covers it.
    if key.is_empty() {
        return "*".to_string();
    }
    let mut text = String::new();
    if key == "*" || key == "**" {
        text.push('\\');
    }
    for c in key.chars() {
        if matches!(c, '.' | '[' | ']' | '\\') {
            text.push('\\');
        }
        text.push(c);
    }
    text
}

/// Returns the pattern that hides the property at `steps`; the whole tree (`**`) for a schema
/// marking its own root.
pub fn write_only_pattern(steps: &[WriteOnlyStep]) -> Option<KeyPattern> {
    let parts: Vec<String> = steps
        .iter()
        .map(|s| match s {
            WriteOnlyStep::Key(k) => escaped(k),
            WriteOnlyStep::AnyKey => "*".to_string(),
            WriteOnlyStep::AnyDepth => "**".to_string(),
        })
        .collect();
    let text = if parts.is_empty() {
        "**".to_string()
    } else {
        parts.join(".")
    };
    KeyPattern::parse(&text).ok()
}

/// Returns the fields of a rendered resource that hold secrets as a whole: `data` and
/// `stringData` of a core (`v1`) Secret.
pub fn secret_resource_fields(kind: &str, group: &str) -> &'static [&'static str] {
    if kind == "Secret" && group.is_empty() {
        &["data", "stringData"]
    } else {
        &[]
    }
}

/// Returns the pattern of `field` of the resource at top-level key `key` (`Secret/db.data`),
/// every special character of the key escaped (a `*` in a resource's name is a star).
pub fn resource_field_pattern(key: &str, field: &str) -> Option<KeyPattern> {
    let mut text = String::with_capacity(key.len() + field.len() + 1);
    for c in key.chars() {
        if matches!(c, '\\' | '.' | '[' | ']' | '*') {
            text.push('\\');
        }
        text.push(c);
    }
    text.push('.');
    text.push_str(field);
    KeyPattern::parse(&text).ok()
}

/// Returns true when a key on `path` names a secret (`auth.password`, `apiToken`).
pub fn names_secret_on(path: &KeyPath) -> bool {
    path.segments()
        .iter()
        .any(|s| matches!(s, Segment::Key(k) if is_secret_key(k)))
}

impl SecretRules {
    /// Returns rules made of `strata.yaml`'s `secrets:` globs and the schemas' `writeOnly`
    /// patterns ([`write_only_pattern`]); key names and pairs are always checked.
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
                Segment::Key(key) => {
                    let parent = node.and_then(Node::as_map).unwrap_or(&empty);
                    secret = self.key_is_secret(secret, parent, key, &at);
                    node = parent.get(key.as_str());
                }
                Segment::Index(i) => {
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

    /// Returns true when some element of `versions` (lists at `path`), or its `field`, is
    /// secret by these rules (a `secrets:` glob, a schema's `writeOnly`, a `{name:
    /// DB_PASSWORD, value: ...}` pair).
    pub fn touches_elements(
        &self,
        versions: &[&[Node]],
        path: &KeyPath,
        field: Option<&str>,
    ) -> bool {
        versions.iter().any(|items| {
            items.iter().enumerate().any(|(i, item)| {
                let element = path.child_index(i);
                match (field, item.as_map()) {
                    (None, _) => self.element_is_secret(false, &element),
                    (Some(field), Some(map)) => {
                        self.key_is_secret(false, map, field, &element.child_key(field))
                    }
                    (Some(_), None) => false,
                }
            })
        })
    }

    /// Returns true when `field` may identify the elements of the lists at `path` in paths
    /// and reorder changes, which are printed: not a secret-named field, not one the rules
    /// cover in any element.
    pub fn may_identify(&self, versions: &[&[Node]], path: &KeyPath, field: &str) -> bool {
        !is_secret_key(field) && !self.touches_elements(versions, path, Some(field))
    }
}

/// Returns true when an element's identity (a field's value as text) may be printed: it
/// does not read as a secret by content.
pub fn may_show_identity(id: &str) -> bool {
    classify_text(id) == SecretText::Plain
}

/// Returns true for a `{name: DB_PASSWORD, value: ...}` or `{key: DB_PASSWORD, value: ...}`
/// map (an environment variable, a config entry) whose name says it holds a secret.
fn names_a_secret(map: &Map) -> bool {
    ["name", "key"].iter().any(|field| {
        matches!(map.get(*field).map(|n| &n.value), Some(Value::String(name)) if is_secret_key(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        crate::yaml::test_tree("v.yaml", text)
    }

    #[test]
    fn finds_secrets_by_name_glob_write_only_and_pair() {
        let write_only = write_only_pattern(&[
            WriteOnlyStep::AnyDepth,
            WriteOnlyStep::Key("db.x".into()),
            WriteOnlyStep::AnyKey,
        ])
        .unwrap();
        assert_eq!(write_only.as_str(), "**.db\\.x.*");
        assert_eq!(write_only_pattern(&[]).unwrap().as_str(), "**");
        let rules = SecretRules::new(vec![KeyPattern::parse("opaque").unwrap(), write_only]);
        let values = tree(
            "auth: {password: a, user: b}\nopaque: {k: v}\nsub: {db.x: {pin: 1}}\n\
             env: [{name: DB_PASSWORD, value: pw}, {name: MODE, value: prod}]\n",
        );
        let rows = [
            ("auth.password", true),
            ("auth.user", false),
            ("opaque.k", true),
            ("sub.db\\.x.pin", true),
            ("env[0].value", true),
            ("env[0].name", false),
            ("env[1].value", false),
        ];
        for (path, secret) in rows {
            let path = KeyPath::parse(path).unwrap();
            assert_eq!(rules.path_is_secret(&values, &path), secret, "{path}");
        }
        assert!(names_secret_on(&KeyPath::parse("a.apiToken.b").unwrap()));
        assert!(!names_secret_on(&KeyPath::parse("a.image").unwrap()));
    }

    #[test]
    fn resource_names_are_not_read_as_secret_keys() {
        let rules = SecretRules::for_resources(vec![resource_field_pattern(
            "Secret/db.creds",
            secret_resource_fields("Secret", "")[0],
        )
        .unwrap()]);
        let values = tree("Secret/db.creds: {data: {p: x}, type: Opaque}\nToken/x: {a: 1}\n");
        let secret = |p: &str| rules.path_is_secret(&values, &KeyPath::parse(p).unwrap());
        assert!(secret("Secret/db\\.creds.data.p"));
        assert!(!secret("Secret/db\\.creds.type"));
        assert!(!secret("Token/x.a"));
        assert!(secret_resource_fields("Secret", "example.io").is_empty());
    }
}
