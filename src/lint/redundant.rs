//! The redundant-override rule: an overlay value equal to what the layers below already give
//! at that path changes nothing, and hides the real differences between stages among lines
//! that make none.
//!
//! For each value an overlay writes (each leaf: a scalar, a list, an empty map), the value
//! below is the one [`Layers::writer_of`] finds in the layers under the overlay (the chart's
//! keys and the release's earlier overlays), as Helm layers them: a later overlay that
//! restores what an earlier one deleted or replaced is not redundant. Lists compare whole
//! (Helm never merges them), numbers by
//! value. An empty map over a map changes nothing either (Helm merges maps; only `null`
//! deletes), which is worth saying whatever the map below holds. Nulls are never reported:
//! a null deletes, even a null.

use crate::layer::{LayerRef, Layers};
use crate::values::{KeyPath, KeyPattern, Node, Origin, Value};

/// An overlay value that changes nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Redundant {
    /// The value's path.
    pub path: KeyPath,
    /// Where the overlay writes it.
    pub origin: Origin,
    /// The value written.
    pub value: Value,
    /// Where the value below comes from.
    pub below: Origin,
    /// True when the value is an empty map over a map that is not empty.
    pub empty_map_over_map: bool,
}

/// Returns the values of the layer `overlay` that change nothing over the layers below it
/// (their defaults traced through the chart's keys), outside the `allow` paths, in the
/// overlay's order.
pub fn redundant_overrides(
    layers: &Layers<'_>,
    overlay: LayerRef,
    allow: &[KeyPattern],
) -> Vec<Redundant> {
    let Some(root) = &layers[overlay].root else {
        return Vec::new();
    };
    let below = layers.below(overlay);
    let mut found = Vec::new();
    for_each_leaf(root, &mut KeyPath::root(), &mut |path, node| {
        if matches!(node.value, Value::Null) || allow.iter().any(|p| p.matches_within(path)) {
            return;
        }
        // The writer below may have written null at the key (a deletion): a value checked
        // here is never null, so it never equals that.
        let Some(below) = below.writer_of(path) else {
            return;
        };
        let below = below.node;
        let empty_map_over_map = matches!((&node.value, &below.value), (Value::Map(m), Value::Map(b)) if m.is_empty() && !b.is_empty());
        if empty_map_over_map || node.value.helm_eq(&below.value) {
            found.push(Redundant {
                origin: node.origin.clone(),
                value: node.value.clone(),
                below: below.origin.clone(),
                empty_map_over_map,
                path: path.clone(),
            });
        }
    });
    found
}

/// Calls `visit` with each leaf of a tree and its path, in the tree's order: every value
/// that is not a map with keys. A large overlay's leaves are visited, not collected.
fn for_each_leaf(node: &Node, path: &mut KeyPath, visit: &mut impl FnMut(&KeyPath, &Node)) {
    match &node.value {
        Value::Map(map) if !map.is_empty() => {
            for (key, child) in map {
                path.push(crate::values::Segment::Key(key.to_string()));
                for_each_leaf(child, path, visit);
                path.pop();
            }
        }
        _ if !path.is_root() => visit(path, node),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{Chart, LayerKind};
    use crate::yaml::test_tree as tree;
    use std::borrow::Cow;

    /// One row per rule: chart keys, overlays (the last one checked), and what is reported
    /// as `path (line:col) below file:line:col`.
    #[test]
    fn reports_values_that_change_nothing() {
        let chart = "replicas: 1\nimage: {repository: nginx, tag: \"1.25\"}\nports: [80, 443]\nresources: {limits: {memory: 1Gi}}\nannotations: {}\nflag: false\n";
        let rows: &[(&str, &[&str], &[&str])] = &[
            (
                "equal to the default",
                &["replicas: 1\n"],
                &["replicas (1:11) below c.yaml:1:11"],
            ),
            ("different", &["replicas: 2\n"], &[]),
            (
                "a number is a number",
                &["replicas: 1.0\n"],
                &["replicas (1:11) below c.yaml:1:11"],
            ),
            ("a string is not a number", &["replicas: \"1\"\n"], &[]),
            (
                "nested",
                &["image: {repository: nginx, tag: \"1.26\"}\n"],
                &["image.repository (1:21) below c.yaml:2:21"],
            ),
            (
                "lists compare whole",
                &["ports: [80, 443]\n"],
                &["ports (1:8) below c.yaml:3:8"],
            ),
            ("a different list", &["ports: [443, 80]\n"], &[]),
            (
                "an empty map over an empty map",
                &["annotations: {}\n"],
                &["annotations (1:14) below c.yaml:5:14"],
            ),
            (
                "an empty map over a map",
                &["resources: {}\n"],
                &["resources (1:12) below c.yaml:4:12 (empty map over map)"],
            ),
            (
                "equal to an earlier overlay",
                &["flag: true\n", "flag: true\n"],
                &["flag (1:7) below o0.yaml:1:7"],
            ),
            (
                "restoring the default over an earlier overlay",
                &["flag: true\n", "flag: false\n"],
                &[],
            ),
            (
                "restoring what an earlier overlay deleted",
                &["flag: null\n", "flag: false\n"],
                &[],
            ),
            (
                "restoring under a replaced map",
                &["image: x\n", "image: {repository: nginx}\n"],
                &[],
            ),
            ("a null is never reported", &["extra: null\n"], &[]),
            ("a new key", &["other: 1\n"], &[]),
            ("allowed paths", &["image: {tag: \"1.25\"}\n"], &[]),
        ];
        let chart = tree("c.yaml", chart);
        let allow = [KeyPattern::parse("**.image.tag").unwrap()];
        for (rule, overlays, expected) in rows {
            let trees: Vec<Node> = overlays
                .iter()
                .enumerate()
                .map(|(i, text)| tree(&format!("o{i}.yaml"), text))
                .collect();
            let chart_layer = Chart {
                defaults: chart.clone(),
                ..crate::layer::tests::support::chart_from_json(&serde_json::json!({"name": "c"}))
            };
            let mut layers = Layers::of_chart(&chart_layer, &chart);
            for (index, tree) in trees.iter().enumerate() {
                layers.push(
                    LayerKind::StageOverlay { index },
                    tree.origin.source.clone(),
                    Some(Cow::Borrowed(tree)),
                );
            }
            let last = layers.iter().last().map(|(r, _)| r).expect("an overlay");
            let found: Vec<String> = redundant_overrides(&layers, last, &allow)
                .into_iter()
                .map(|r| {
                    let note = if r.empty_map_over_map {
                        " (empty map over map)"
                    } else {
                        ""
                    };
                    format!(
                        "{} ({}:{}) below {}{note}",
                        r.path, r.origin.line, r.origin.col, r.below
                    )
                })
                .collect();
            assert_eq!(found, *expected, "{rule}");
        }
    }
}
