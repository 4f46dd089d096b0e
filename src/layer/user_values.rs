//! User values: the `-f` files merged left to right (semantics page §3; Helm's `mergeMaps`
//! in `pkg/cli/values/options.go`).

use crate::values::{Map, Node, Origin, Value};

use super::history::merge_history;

/// The source name given to the root map of merged user values.
pub const USER_VALUES_SOURCE: &str = "<user values>";

/// Returns the user values made of `files`, merged left to right with [`merge_user_node`].
///
/// A file whose root is null (an empty or comment-only file) contributes nothing; so does
/// one whose root is not a map, which the YAML reader rejects before it gets here. The
/// root of the result is a map at origin [`USER_VALUES_SOURCE`].
pub fn merge_user_files(files: impl IntoIterator<Item = Node>) -> Node {
    let mut merged = Node::empty_map(Origin::whole(USER_VALUES_SOURCE.into()));
    for file in files {
        if let Value::Map(map) = file.value {
            merge_user_maps(&mut merged, map);
        }
    }
    merged
}

/// Merges a later user value into an earlier one, in place: if both are maps they merge
/// recursively; otherwise the later value replaces the earlier one, whatever the types
/// (scalar, list, map or null: null is an ordinary value here, it deletes nothing), and
/// records the earlier one in its `overrode` history. Lists never merge. Helm prints no
/// warnings at this stage.
pub fn merge_user_node(earlier: &mut Node, later: Node) {
    match (&mut earlier.value, later.value) {
        (Value::Map(_), Value::Map(later_map)) => merge_user_maps(earlier, later_map),
        (_, later_value) => {
            let overrode = merge_history(
                &later.origin,
                &later.overrode,
                &earlier.origin,
                &earlier.overrode,
            );
            *earlier = Node {
                value: later_value,
                origin: later.origin,
                overrode,
                key_place: later.key_place,
            };
        }
    }
}

fn merge_user_maps(earlier: &mut Node, later: Map) {
    let Some(map) = earlier.as_map_mut() else {
        return;
    };
    for (key, value) in later {
        match map.get_mut(&key) {
            Some(existing) => merge_user_node(existing, value),
            None => {
                map.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::tests::support::node_from_json;
    use crate::values::to_json_compact;
    use serde_json::json;

    /// One row per rule of §3: earlier file, later file, merged values.
    #[test]
    fn merges_files_like_helm() {
        let rows = [
            (
                "maps merge recursively",
                json!({"a": {"x": 1, "y": 2}}),
                json!({"a": {"y": 3, "z": 4}}),
                r#"{"a":{"x":1,"y":3,"z":4}}"#,
            ),
            (
                "a scalar replaces a map",
                json!({"a": {"x": 1}}),
                json!({"a": 5}),
                r#"{"a":5}"#,
            ),
            (
                "a map replaces a scalar",
                json!({"a": 5}),
                json!({"a": {"x": 1}}),
                r#"{"a":{"x":1}}"#,
            ),
            (
                "a list replaces a list as a whole",
                json!({"a": [1, 2, 3]}),
                json!({"a": [9]}),
                r#"{"a":[9]}"#,
            ),
            (
                "an empty list replaces too",
                json!({"a": [1]}),
                json!({"a": []}),
                r#"{"a":[]}"#,
            ),
            (
                "a list replaces a map",
                json!({"a": {"x": 1}}),
                json!({"a": ["x"]}),
                r#"{"a":["x"]}"#,
            ),
            (
                "null is an ordinary value: it replaces",
                json!({"a": {"x": 1}}),
                json!({"a": null}),
                r#"{"a":null}"#,
            ),
            (
                "a value replaces null",
                json!({"a": null}),
                json!({"a": {"x": 1}}),
                r#"{"a":{"x":1}}"#,
            ),
            (
                "nested null replaces",
                json!({"a": {"x": 1, "y": 2}}),
                json!({"a": {"x": null}}),
                r#"{"a":{"x":null,"y":2}}"#,
            ),
            (
                "an empty map changes nothing",
                json!({"a": {"x": 1}}),
                json!({"a": {}}),
                r#"{"a":{"x":1}}"#,
            ),
            (
                "an empty file changes nothing",
                json!({"a": 1}),
                json!(null),
                r#"{"a":1}"#,
            ),
        ];
        for (description, earlier, later, expected) in rows {
            let merged = merge_user_files([
                node_from_json(&earlier, "1.yaml"),
                node_from_json(&later, "2.yaml"),
            ]);
            assert_eq!(to_json_compact(&merged), expected, "{description}");
        }
    }

    #[test]
    fn a_file_given_twice_counts_twice_and_history_is_kept() {
        let merged = merge_user_files([
            node_from_json(&json!({"a": 1}), "1.yaml"),
            node_from_json(&json!({"a": 2}), "2.yaml"),
            node_from_json(&json!({"a": 1}), "1.yaml"),
        ]);
        let a = &merged.as_map().expect("user values are a map")["a"];
        assert_eq!(to_json_compact(&merged), r#"{"a":1}"#);
        assert_eq!(a.origin.source.as_ref(), "1.yaml");
        let history: Vec<String> = a.overrode.iter().map(|o| o.to_string()).collect();
        assert_eq!(
            history,
            ["2.yaml"],
            "the same origin is listed once, not as its own loser"
        );
    }

    #[test]
    fn records_what_a_later_file_replaced() {
        let merged = merge_user_files([
            node_from_json(&json!({"a": {"b": 1}}), "1.yaml"),
            node_from_json(&json!({"a": {"b": 2}}), "2.yaml"),
            node_from_json(&json!({"a": {"b": 3}}), "3.yaml"),
        ]);
        let b = &merged.as_map().expect("map")["a"].as_map().expect("map")["b"];
        assert_eq!(b.origin.source.as_ref(), "3.yaml");
        let history: Vec<String> = b.overrode.iter().map(|o| o.to_string()).collect();
        assert_eq!(history, ["1.yaml", "2.yaml"]);
    }
}
