//! Finding the layer that supplied an offending value: the effective values carry the origin of
//! every node (the layer that won), so a wrong type in a staging overlay is reported at that
//! overlay's line, not at the chart's `values.yaml`.
//!
//! A missing key has no node. If a user layer deleted it with `null` (Helm removes the key, so
//! `required` fails), the `null` is found by looking through the user layers from the highest
//! precedence down, as `layer::trace` orders them: the first layer that writes the key or an
//! ancestor decides, and it is a deletion when what it writes there is `null`. Otherwise the
//! map the key is missing from is the place it would go.

use crate::values::{KeyPath, Node, Origin, Segment, Value};

use super::message::Target;
use super::violation::Culprit;

/// Returns the origin and culprit of a violation about `target` at `path` (in the chart's
/// values `section`), whose section starts at `prefix` in the top chart's values.
pub(crate) fn locate(
    section: &Node,
    path: &KeyPath,
    target: &Target,
    prefix: &KeyPath,
    user_layers: &[&Node],
) -> (Option<Origin>, Culprit) {
    let node = section.get(path);
    match target {
        Target::Value => (node.map(|n| n.origin.clone()), Culprit::Value),
        Target::Key(key) => {
            let entry = node
                .and_then(Node::as_map)
                .and_then(|m| m.get(key.as_str()));
            match entry {
                Some(entry) => (Some(entry.key_or_value_origin().clone()), Culprit::Key),
                None => (node.map(|n| n.origin.clone()), Culprit::Value),
            }
        }
        Target::Missing(key) => {
            let missing = path.child_key(key);
            let mut candidates = vec![join(prefix, &missing)];
            // A subchart's `global` comes from the top chart's `global`.
            if !prefix.is_root()
                && matches!(missing.segments().first(), Some(Segment::Key(k)) if k == "global")
            {
                candidates.push(missing.clone());
            }
            for full in &candidates {
                if let Some(origin) = deleting_null(user_layers, full) {
                    return (Some(origin), Culprit::DeletedByNull { key: key.clone() });
                }
            }
            // The map's key, where there is one: the key would go under it. A map no file
            // wrote (the values' root, a section Helm made) has no place to show.
            (
                node.map(|n| n.key_or_value_origin().clone())
                    .filter(Origin::has_position),
                Culprit::MissingFrom { key: key.clone() },
            )
        }
    }
}

/// Returns `prefix` followed by `path`.
pub(crate) fn join(prefix: &KeyPath, path: &KeyPath) -> KeyPath {
    let mut segments = prefix.segments().to_vec();
    segments.extend(path.segments().iter().cloned());
    KeyPath::from_segments(segments)
}

/// Returns where the user layers (lowest precedence first) deleted the key at `path` with a
/// `null` at it or at an ancestor, if the highest layer that writes there does that.
fn deleting_null(user_layers: &[&Node], path: &KeyPath) -> Option<Origin> {
    let segments = path.segments();
    'layers: for layer in user_layers.iter().rev() {
        let mut node: &Node = layer;
        for (depth, segment) in segments.iter().enumerate() {
            let child = match (segment, &node.value) {
                (Segment::Key(k), Value::Map(m)) => m.get(k.as_str()),
                (Segment::Index(i), Value::List(l)) => l.get(*i),
                // This layer holds something else on the way: it replaced what held the key.
                _ => return None,
            };
            let Some(child) = child else {
                // The layer does not write the key: a lower one may.
                continue 'layers;
            };
            let last = depth + 1 == segments.len();
            if child.is_null() {
                return Some(child.origin.clone());
            }
            if last || !matches!(child.value, Value::Map(_) | Value::List(_)) {
                // A value at the key, or a scalar replacing an ancestor: not a deletion.
                return None;
            }
            node = child;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::tests::support::node_from_json;
    use serde_json::json;

    fn path(p: &str) -> KeyPath {
        KeyPath::parse(p).expect("test paths parse")
    }

    #[test]
    fn nulls_that_delete_a_key_are_found_in_the_highest_layer() {
        type Row = (
            &'static str,
            Vec<(serde_json::Value, &'static str)>,
            &'static str,
            Option<&'static str>,
        );
        let rows: Vec<Row> = vec![
            (
                "a null at the key",
                vec![(json!({"image": {"tag": null}}), "staging.yaml")],
                "image.tag",
                Some("staging.yaml"),
            ),
            (
                "a null at an ancestor",
                vec![(json!({"image": null}), "staging.yaml")],
                "image.tag",
                Some("staging.yaml"),
            ),
            (
                "a higher layer writing another key of the map does not hide a lower null",
                vec![
                    (json!({"image": {"tag": null}}), "base.yaml"),
                    (json!({"image": {"repo": "x"}}), "staging.yaml"),
                ],
                "image.tag",
                Some("base.yaml"),
            ),
            (
                "a higher layer setting the key again wins",
                vec![
                    (json!({"image": {"tag": null}}), "base.yaml"),
                    (json!({"image": {"tag": "1"}}), "staging.yaml"),
                ],
                "image.tag",
                None,
            ),
            (
                "a scalar at an ancestor is not a deletion",
                vec![(json!({"image": "nginx"}), "staging.yaml")],
                "image.tag",
                None,
            ),
            (
                "no layer writes it",
                vec![(json!({"other": 1}), "staging.yaml")],
                "image.tag",
                None,
            ),
        ];
        for (description, layers, key, want) in rows {
            let nodes: Vec<Node> = layers
                .iter()
                .map(|(v, name)| node_from_json(v, name))
                .collect();
            let refs: Vec<&Node> = nodes.iter().collect();
            let got = deleting_null(&refs, &path(key));
            assert_eq!(
                got.map(|o| o.source.to_string()),
                want.map(str::to_string),
                "{description}"
            );
        }
    }

    #[test]
    fn values_keys_and_missing_keys_are_located() {
        let section = node_from_json(&json!({"image": {"tag": 5}}), "values.yaml");
        let user = node_from_json(&json!({"image": {"repo": null}}), "prod.yaml");
        let (origin, culprit) = locate(
            &section,
            &path("image.tag"),
            &Target::Value,
            &KeyPath::root(),
            &[&user],
        );
        assert_eq!(
            (origin.map(|o| o.source.to_string()), culprit),
            (Some("values.yaml".into()), Culprit::Value)
        );
        let (origin, culprit) = locate(
            &section,
            &path("image"),
            &Target::Missing("repo".into()),
            &KeyPath::root(),
            &[&user],
        );
        assert_eq!(
            origin.map(|o| o.source.to_string()),
            Some("prod.yaml".into())
        );
        assert_eq!(culprit, Culprit::DeletedByNull { key: "repo".into() });
        let (_, culprit) = locate(
            &section,
            &path("image"),
            &Target::Missing("digest".into()),
            &KeyPath::root(),
            &[&user],
        );
        assert_eq!(
            culprit,
            Culprit::MissingFrom {
                key: "digest".into()
            }
        );
    }
}
