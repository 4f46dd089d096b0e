//! [`order_keys_like`]: puts a tree's map keys in the order another tree wrote them.
//!
//! Helm's maps have no order, and coalescing puts user keys first. People read values in the
//! order the chart's `values.yaml` lists them, so strata shows effective values that way:
//! keys the reference has come first, in its order, then the rest in their own order.

use super::node::{Node, Value};

/// Reorders every map in `target` like the map at the same place in `reference`.
pub fn order_keys_like(target: &mut Node, reference: &Node) {
    let (Value::Map(map), Value::Map(reference)) = (&mut target.value, &reference.value) else {
        return;
    };
    map.sort_by_cached_key(|key, _| reference.get_index_of(key).unwrap_or(usize::MAX));
    for (key, child) in map.iter_mut() {
        if let Some(reference_child) = reference.get(key) {
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
            m.insert(k.to_string(), v.clone());
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
}
