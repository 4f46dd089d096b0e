//! How one layer affects a key, for [`Layers::trace`](super::Layers::trace) and
//! [`Layers::writer_of`](super::Layers::writer_of) (`strata explain`, the redundant-override
//! rule, promotion).
//!
//! A layer affects a key when it writes the key itself or an ancestor of it: a map at an
//! ancestor is looked into, a null at an ancestor deletes the key with it, any other value
//! at an ancestor replaces the map that held the key. A list on the way is a value like any
//! other (lists replace, never merge), so the key exists after that layer only if the
//! layer's own list holds it.

use crate::values::{KeyPath, Node, Origin, Segment, Value};

use super::layers::LayerRef;

/// What a layer did to the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceAction {
    /// Wrote the key where no earlier layer had it.
    Set,
    /// Wrote the key over an earlier layer's value.
    Override,
    /// Wrote null at the key or an ancestor while the key had a value: Helm deletes it.
    Delete,
    /// Wrote a non-map value at an ancestor while the key had a value: the key is gone.
    ReplaceAncestor,
}

/// One layer's effect on the traced key.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceStep {
    /// The layer, in the [`Layers`](super::Layers) traced.
    pub layer: LayerRef,
    /// What the layer did.
    pub action: TraceAction,
    /// Where the layer wrote: the key itself or the ancestor that decided.
    pub at: KeyPath,
    /// Where the written value is in the layer's source.
    pub origin: Origin,
    /// The value written at `at`.
    pub value: Value,
}

/// One layer's effect on a key, as found: the layer's position among the roots walked,
/// what it did, where, and the node written there.
pub(super) struct Effect<'n> {
    pub(super) position: usize,
    pub(super) action: TraceAction,
    pub(super) at: KeyPath,
    pub(super) node: &'n Node,
}

/// Returns, most recent last, the effects of `roots` (lowest precedence first) on the key
/// whose path in each root is `path_in(root)`; roots that do not touch the key are left out.
pub(super) fn effects<'n>(
    roots: &[&'n Node],
    path_in: impl Fn(&Node) -> KeyPath,
) -> Vec<Effect<'n>> {
    let mut found = Vec::new();
    let mut present = false;
    for (position, root) in roots.iter().enumerate() {
        let path = &path_in(root);
        let Some((action, at, node)) = effect(root, path, present) else {
            continue;
        };
        present = matches!(action, TraceAction::Set | TraceAction::Override);
        found.push(Effect {
            position,
            action,
            at,
            node,
        });
    }
    found
}

/// Returns `root` with its top-level `global` map also written under the subchart at
/// `subchart` (alias path), over what `root` gives that subchart's own `global`: Helm copies
/// the parent's globals into every subchart, the parent's winning. Tracing
/// `sub.global.x` through such layers finds a layer's `global.x` (a `null` there included).
/// A layer whose values leave no map at the subchart's place is returned as it is.
pub(super) fn with_globals_copied_to(root: &Node, subchart: &[String]) -> Node {
    let mut out = root.clone();
    let Some(global) = root
        .as_map()
        .and_then(|m| m.get("global"))
        .and_then(Node::as_map)
    else {
        return out;
    };
    let mut node = &mut out;
    for key in subchart {
        let Some(map) = node.as_map_mut() else {
            return root.clone();
        };
        let origin = global_origin(global, root);
        node = map.get_or_insert_with(key.clone().into(), || Node::empty_map(origin));
    }
    let Some(map) = node.as_map_mut() else {
        return root.clone();
    };
    let origin = global_origin(global, root);
    let target = map.get_or_insert_with("global".into(), || Node::empty_map(origin));
    if let Some(target) = target.as_map_mut() {
        for (key, value) in global {
            target.insert(key.clone(), value.clone());
        }
    }
    out
}

/// Returns where a layer's `global` map was written, for the maps made to hold its copy.
fn global_origin(global: &crate::values::Map, root: &Node) -> Origin {
    global
        .values()
        .next()
        .map_or_else(|| root.origin.clone(), |n| n.origin.clone())
}

/// Returns what one layer does to the key, given whether the key had a value before.
fn effect<'a>(
    root: &'a Node,
    path: &KeyPath,
    present: bool,
) -> Option<(TraceAction, KeyPath, &'a Node)> {
    let segments = path.segments();
    let mut node = root;
    let mut at = KeyPath::root();
    for (depth, segment) in segments.iter().enumerate() {
        let last = depth + 1 == segments.len();
        let child = match (segment, &node.value) {
            (Segment::Key(key), Value::Map(map)) => map.get(key.as_str())?,
            (Segment::Index(_), Value::List(_)) => {
                // The layer's list replaces any earlier one as a whole.
                let rest = KeyPath::from_segments(segments[depth..].to_vec());
                return match node.get(&rest) {
                    Some(found) => Some((written(present), path.clone(), found)),
                    None if present => Some((TraceAction::ReplaceAncestor, at, node)),
                    None => None,
                };
            }
            _ => return None,
        };
        at.push(segment.clone());
        if last {
            return match (&child.value, present) {
                (Value::Null, true) => Some((TraceAction::Delete, at, child)),
                _ => Some((written(present), at, child)),
            };
        }
        match &child.value {
            Value::Map(_) => node = child,
            Value::List(_) if matches!(segments[depth + 1], Segment::Index(_)) => node = child,
            Value::Null if present => return Some((TraceAction::Delete, at, child)),
            _ if present => return Some((TraceAction::ReplaceAncestor, at, child)),
            _ => return None,
        }
    }
    // An empty path: the root itself.
    Some((written(present), at, root))
}

fn written(present: bool) -> TraceAction {
    if present {
        TraceAction::Override
    } else {
        TraceAction::Set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::tests::support::node_from_json;
    use serde_json::json;

    /// One row per rule: the layers (label, values), the key, and the steps expected as
    /// `layer action at`.
    #[test]
    fn traces_each_rule() {
        /// (description, layers as (label, values), key path, expected steps)
        type Row = (
            &'static str,
            Vec<(&'static str, serde_json::Value)>,
            &'static str,
            Vec<&'static str>,
        );
        let rows: Vec<Row> = vec![
            (
                "set by defaults, overridden by a file, then by a flag",
                vec![
                    ("defaults", json!({"image": {"tag": "1"}})),
                    ("staging.yaml", json!({"image": {"tag": "2"}})),
                    ("--set", json!({"image": {"tag": "3"}})),
                ],
                "image.tag",
                vec![
                    "defaults Set image.tag",
                    "staging.yaml Override image.tag",
                    "--set Override image.tag",
                ],
            ),
            (
                "layers that do not touch the key are left out",
                vec![
                    ("defaults", json!({"image": {"tag": "1"}})),
                    ("a.yaml", json!({"image": {"repo": "x"}, "other": 1})),
                ],
                "image.tag",
                vec!["defaults Set image.tag"],
            ),
            (
                "null at the key deletes it",
                vec![
                    ("defaults", json!({"a": {"b": 1}})),
                    ("a.yaml", json!({"a": {"b": null}})),
                ],
                "a.b",
                vec!["defaults Set a.b", "a.yaml Delete a.b"],
            ),
            (
                "null at an ancestor deletes the key",
                vec![
                    ("defaults", json!({"a": {"b": 1}})),
                    ("a.yaml", json!({"a": null})),
                ],
                "a.b",
                vec!["defaults Set a.b", "a.yaml Delete a"],
            ),
            (
                "a scalar at an ancestor replaces the key's map",
                vec![
                    ("defaults", json!({"a": {"b": 1}})),
                    ("a.yaml", json!({"a": 5})),
                ],
                "a.b",
                vec!["defaults Set a.b", "a.yaml ReplaceAncestor a"],
            ),
            (
                "a null where nothing was set is a value (Helm keeps it)",
                vec![("defaults", json!({})), ("a.yaml", json!({"a": null}))],
                "a",
                vec!["a.yaml Set a"],
            ),
            (
                "a key set again after a deletion is set, not overridden",
                vec![
                    ("defaults", json!({"a": 1})),
                    ("a.yaml", json!({"a": null})),
                    ("b.yaml", json!({"a": 2})),
                ],
                "a",
                vec!["defaults Set a", "a.yaml Delete a", "b.yaml Set a"],
            ),
            (
                "a map over a scalar sets the key below it",
                vec![
                    ("defaults", json!({"a": 5})),
                    ("a.yaml", json!({"a": {"b": 1}})),
                ],
                "a.b",
                vec!["a.yaml Set a.b"],
            ),
            (
                "a list replaces as a whole: an element the new list lacks is gone",
                vec![
                    ("defaults", json!({"l": [{"x": 1}, {"x": 2}]})),
                    ("a.yaml", json!({"l": [{"x": 3}]})),
                ],
                "l[1].x",
                vec!["defaults Set l[1].x", "a.yaml ReplaceAncestor l"],
            ),
            (
                "an element the new list holds is overridden",
                vec![
                    ("defaults", json!({"l": [{"x": 1}]})),
                    ("a.yaml", json!({"l": [{"x": 3}]})),
                ],
                "l[0].x",
                vec!["defaults Set l[0].x", "a.yaml Override l[0].x"],
            ),
            (
                "a map in a list is not merged: a key it lacks is gone",
                vec![
                    ("defaults", json!({"l": [{"x": 1}]})),
                    ("a.yaml", json!({"l": [{"y": 3}]})),
                ],
                "l[0].x",
                vec!["defaults Set l[0].x", "a.yaml ReplaceAncestor l"],
            ),
        ];
        for (description, layers, path, expected) in rows {
            let nodes: Vec<Node> = layers
                .iter()
                .map(|(label, value)| node_from_json(value, label))
                .collect();
            let roots: Vec<&Node> = nodes.iter().collect();
            let path = KeyPath::parse(path).expect("test paths parse");
            let got: Vec<String> = effects(&roots, |_| path.clone())
                .iter()
                .map(|e| format!("{} {:?} {}", layers[e.position].0, e.action, e.at))
                .collect();
            assert_eq!(got, expected, "{description}");
        }
    }

    #[test]
    fn effects_carry_the_node_written() {
        let defaults = node_from_json(&json!({"a": 1}), "values.yaml");
        let file = node_from_json(&json!({"a": 2}), "prod.yaml");
        let path = KeyPath::parse("a").expect("parses");
        let found = effects(&[&defaults, &file], |_| path.clone());
        assert_eq!(found[1].position, 1);
        assert_eq!(found[1].node.origin.source.as_ref(), "prod.yaml");
        assert_eq!(found[1].node.value, Value::Float(2.0));
    }
}
