//! Matching list elements between two versions of a list by what identifies them, so that
//! reordering `containers` does not look like every container changed.
//!
//! The identifying field of the lists at a path is the first of: the field `diff.listKeys`
//! names for the path, `name`, `key`, `id` — the first one that every element of every
//! version holds as a scalar, with no two elements of one version sharing a value. Lists
//! without one (scalars, maps without such a field) are compared by position.
//!
//! Identities are printed in paths (`containers[name=web]`) and in reorder changes, so a field
//! whose name says it holds a secret, a field or element the secret rules cover, or values
//! that read as secrets (URL credentials, tokens), never identify elements; neither do the
//! elements of a list that is itself secret (`apiTokens`: the caller says so).

use std::collections::HashMap;

use crate::secrets::may_show_identity;
use crate::settings::ListKey;
use crate::values::{to_json_compact, KeyPath, Node, Value};

use crate::secrets::SecretRules;

/// The fields tried, in order, when `diff.listKeys` names none.
const BUILT_IN_FIELDS: &[&str] = &["name", "key", "id"];

/// Returns the identity of an element by `field`: the field's value as text (a string as
/// itself, anything else as compact JSON), or `None` when the element has no scalar there.
pub(crate) fn element_id(element: &Node, field: &str) -> Option<String> {
    let value = element.as_map()?.get(field)?;
    match &value.value {
        Value::String(s) => Some(s.to_string()),
        Value::Map(_) | Value::List(_) | Value::Null => None,
        _ => Some(to_json_compact(value)),
    }
}

/// Returns true when every element of every version has a distinct scalar `field`.
fn identifies(versions: &[&[Node]], field: &str) -> bool {
    versions.iter().all(|items| {
        let mut seen = std::collections::HashSet::new();
        items.iter().all(|item| {
            element_id(item, field).is_some_and(|id| may_show_identity(&id) && seen.insert(id))
        })
    })
}

/// Returns the field that identifies the elements of the lists at `path` in every one of
/// `versions`, or `None` to compare them by position: always when the list is `secret`
/// (its identities are part of a secret) or holds a secret element.
pub(crate) fn identity_field(
    path: &KeyPath,
    versions: &[&[Node]],
    list_keys: &[ListKey],
    (secrets, secret): (&SecretRules, bool),
) -> Option<String> {
    if secret
        || versions.iter().all(|items| items.is_empty())
        || secrets.touches_elements(versions, path, None)
    {
        return None;
    }
    let configured = list_keys
        .iter()
        .filter(|rule| rule.path.matches(path))
        .map(|rule| rule.field.as_str());
    configured
        .chain(BUILT_IN_FIELDS.iter().copied())
        .filter(|field| secrets.may_identify(versions, path, field))
        .find(|field| identifies(versions, field))
        .map(str::to_string)
}

/// How two versions of a list line up by identity.
pub(crate) struct Matching {
    /// Pairs of (old index, new index) of elements present in both, in new order.
    pub pairs: Vec<(usize, usize)>,
    /// Old indices of elements gone from the new version.
    pub removed: Vec<usize>,
    /// New indices of elements not in the old version.
    pub added: Vec<usize>,
    /// True when the elements present in both appear in a different order.
    pub reordered: bool,
}

/// Lines up `old` and `new` by `field` (which [`identity_field`] chose, so every element has
/// a distinct one).
pub(crate) fn match_by(field: &str, old: &[Node], new: &[Node]) -> Matching {
    let old_index: HashMap<String, usize> = old
        .iter()
        .enumerate()
        .filter_map(|(i, item)| Some((element_id(item, field)?, i)))
        .collect();
    let mut pairs = Vec::new();
    let mut added = Vec::new();
    for (j, item) in new.iter().enumerate() {
        match element_id(item, field).and_then(|id| old_index.get(&id)) {
            Some(&i) => pairs.push((i, j)),
            None => added.push(j),
        }
    }
    let kept: std::collections::HashSet<usize> = pairs.iter().map(|&(i, _)| i).collect();
    let removed = (0..old.len()).filter(|i| !kept.contains(i)).collect();
    let reordered = pairs.windows(2).any(|w| w[0].0 > w[1].0);
    Matching {
        pairs,
        removed,
        added,
        reordered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{KeyPattern, Map, Origin};

    fn item(fields: &[(&str, Value)]) -> Node {
        let mut map = Map::new();
        for (k, v) in fields {
            map.insert(
                k.to_string().into(),
                Node::new(v.clone(), Origin::whole("t".into())),
            );
        }
        Node::new(Value::Map(map), Origin::whole("t".into()))
    }

    fn named(name: &str) -> Node {
        item(&[("name", Value::String(name.into()))])
    }

    /// No secret rules but key names, and a list that is not secret.
    fn open() -> (&'static SecretRules, bool) {
        static NONE: std::sync::OnceLock<SecretRules> = std::sync::OnceLock::new();
        (NONE.get_or_init(SecretRules::default), false)
    }

    #[test]
    fn secret_lists_and_elements_are_matched_by_position() {
        let path = KeyPath::parse("apiTokens").unwrap();
        let ids = [
            item(&[("id", Value::String("tok_live_A".into()))]),
            item(&[("id", Value::String("tok_live_B".into()))]),
        ];
        let none = SecretRules::default();
        assert_eq!(
            identity_field(&path, &[&ids, &ids], &[], (&none, false)),
            Some("id".to_string())
        );
        // Under a secret key.
        assert_eq!(
            identity_field(&path, &[&ids, &ids], &[], (&none, true)),
            None
        );
        // Elements secret by a `secrets:` glob or a schema's writeOnly.
        for glob in ["apiTokens.*", "apiTokens.*.id", "**.id"] {
            let rules = SecretRules::new(vec![KeyPattern::parse(glob).unwrap()]);
            assert_eq!(
                identity_field(&path, &[&ids, &ids], &[], (&rules, false)),
                None,
                "{glob}"
            );
        }
        // A `{key: DB_PASSWORD, value: ...}` list is named by `key`, never by `value`.
        let env = [item(&[
            ("key", Value::String("DB_PASSWORD".into())),
            ("value", Value::String("v".into())),
        ])];
        let rule = ListKey {
            path: KeyPattern::parse("apiTokens").unwrap(),
            field: "value".into(),
        };
        assert_eq!(
            identity_field(&path, &[&env, &env], &[rule], (&none, false)),
            Some("key".to_string())
        );
    }

    #[test]
    fn chooses_the_identifying_field() {
        let path = KeyPath::parse("containers").unwrap();
        let a = [named("web"), named("sidecar")];
        let b = [named("sidecar")];
        assert_eq!(
            identity_field(&path, &[&a, &b], &[], open()),
            Some("name".to_string())
        );
        // A duplicate name on one side: by position.
        let dup = [named("web"), named("web")];
        assert_eq!(identity_field(&path, &[&a, &dup], &[], open()), None);
        // `key` when `name` is missing somewhere.
        let keyed = [item(&[("key", Value::String("k".into()))])];
        assert_eq!(
            identity_field(&path, &[&keyed, &keyed], &[], open()),
            Some("key".to_string())
        );
        // An identity that reads as a secret: by position.
        let urls = [named("https://u:p@h")];
        assert_eq!(identity_field(&path, &[&urls, &urls], &[], open()), None);
        // Scalars: by position.
        let scalars = [Node::new(Value::Float(80.0), Origin::whole("t".into()))];
        assert_eq!(
            identity_field(&path, &[&scalars, &scalars], &[], open()),
            None
        );
        // Configured first.
        let both = [item(&[
            ("name", Value::String("n".into())),
            ("port", Value::Float(80.0)),
        ])];
        let rule = ListKey {
            path: KeyPattern::parse("**.containers").unwrap(),
            field: "port".into(),
        };
        assert_eq!(
            identity_field(&path, &[&both, &both], &[rule], open()),
            Some("port".to_string())
        );
    }

    #[test]
    fn matches_elements_and_notices_reordering() {
        let old = [named("a"), named("b"), named("c")];
        let new = [named("c"), named("a"), named("d")];
        let m = match_by("name", &old, &new);
        assert_eq!(m.pairs, vec![(2, 0), (0, 1)]);
        assert_eq!(m.removed, vec![1]);
        assert_eq!(m.added, vec![2]);
        assert!(m.reordered);
        let m = match_by("name", &old, &old);
        assert!(!m.reordered);
    }
}
