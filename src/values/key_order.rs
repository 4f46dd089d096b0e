//! [`order_keys_like`]: puts a tree's map keys in the order another tree wrote them.
//!
//! Helm's maps have no order, and coalescing puts user keys first. People read values in the
//! order the chart's `values.yaml` lists them, so strata shows effective values that way:
//! keys the reference has come first, in its order, then the rest in their own order.

use super::node::{Node, Value};

/// Reorders every map in `target` like the map at the same place in `reference`.
///
/// Most of a chart's effective values are its defaults as written, so most maps are in the
/// reference's order already: such a map is recognised by comparing keys side by side (no
/// hashing, no sort), and its children are paired by position.
pub fn order_keys_like(target: &mut Node, reference: &Node) {
    let (Value::Map(map), Value::Map(reference)) = (&mut target.value, &reference.value) else {
        return;
    };
    let in_order =
        map.len() >= reference.len() && map.keys().zip(reference.keys()).all(|(a, b)| a == b);
    if !in_order {
        map.sort_by_cached_key(|key, _| reference.get_index_of(key).unwrap_or(usize::MAX));
    }
    for (index, (key, child)) in map.iter_mut().enumerate() {
        let reference_child = match reference.get_index(index) {
            Some((reference_key, reference_child)) if reference_key == key => Some(reference_child),
            _ => reference.get(key),
        };
        if let Some(reference_child) = reference_child {
            order_keys_like(child, reference_child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{to_yaml, Map, Origin, YamlStyle};

    fn map(entries: &[(&str, Node)]) -> Node {
        let mut m = Map::new();
        for (k, v) in entries {
            m.insert(k.to_string().into(), v.clone());
        }
        Node::new(Value::Map(m), Origin::whole("t".into()))
    }

    fn leaf(n: f64) -> Node {
        Node::new(Value::Float(n), Origin::whole("t".into()))
    }

    #[test]
    fn follows_the_reference_then_keeps_the_rest() {
        let mut target = map(&[
            ("extra", leaf(1.0)),
            ("b", map(&[("y", leaf(2.0)), ("x", leaf(3.0))])),
            ("a", leaf(4.0)),
        ]);
        let reference = map(&[
            ("a", leaf(0.0)),
            ("b", map(&[("x", leaf(0.0)), ("y", leaf(0.0))])),
        ]);
        order_keys_like(&mut target, &reference);
        assert_eq!(
            to_yaml(&target, YamlStyle::default()),
            "a: 4\nb:\n  x: 3\n  \"y\": 2\nextra: 1\n"
        );
    }

    /// A map already in the reference's order (extras after) is left as it is, and its
    /// children are still ordered like theirs, whether paired by position or by key.
    #[test]
    fn orders_the_children_of_a_map_already_in_order() {
        let mut target = map(&[
            ("a", map(&[("y", leaf(1.0)), ("x", leaf(2.0))])),
            ("b", leaf(3.0)),
            ("extra", map(&[("q", leaf(4.0)), ("p", leaf(5.0))])),
        ]);
        let reference = map(&[
            ("a", map(&[("x", leaf(0.0)), ("y", leaf(0.0))])),
            ("b", leaf(0.0)),
        ]);
        order_keys_like(&mut target, &reference);
        assert_eq!(
            to_yaml(&target, YamlStyle::default()),
            "a:\n  x: 2\n  \"y\": 1\nb: 3\nextra:\n  q: 4\n  p: 5\n"
        );
    }
}
