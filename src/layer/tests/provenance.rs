//! Provenance: every value keeps the origin of the layer that wrote it, and lists what it
//! replaced in `overrode`, oldest first.

use serde_json::json;

use super::support::{chart_from_json, node_from_json};
use crate::layer::{compute, merge_user_files, Computed, LayerError, Warning};
use crate::values::{KeyPath, Node};

fn run(chart: serde_json::Value, files: &[serde_json::Value]) -> Result<Computed, LayerError> {
    let user = merge_user_files(
        files
            .iter()
            .enumerate()
            .map(|(i, f)| node_from_json(f, &format!("u{i}.yaml"))),
    );
    compute(
        &chart_from_json(&chart),
        user,
        crate::values::HelmVersion::V3,
    )
}

fn at<'a>(computed: &'a Computed, path: &str) -> &'a Node {
    let path = KeyPath::parse(path).expect("test paths parse");
    computed
        .values
        .get(&path)
        .unwrap_or_else(|| panic!("no value at {path}"))
}

/// Returns `origin <- overrode...` (most recent first) for the node at `path`.
fn history(computed: &Computed, path: &str) -> String {
    let node = at(computed, path);
    let mut parts = vec![node.origin.to_string()];
    parts.extend(node.overrode.iter().rev().map(|o| o.to_string()));
    parts.join(" <- ")
}

#[test]
fn values_keep_the_origin_of_the_layer_that_wrote_them() {
    let computed = run(
        json!({"name": "parent", "values": {"sub": {"a": 2}, "x": 1, "n": null},
               "deps": [{"name": "sub", "import-values": [{"child": "data", "parent": "a.b"}]}],
               "charts": [{"name": "sub", "values": {"a": 1, "b": 1, "data": {"d": 1}}}]}),
        &[json!({"x": 2, "sub": {"a": 3}}), json!({"x": 5})],
    )
    .expect("computes");
    let rows = [
        // (path, origin <- what it replaced, most recent first)
        ("x", "u1.yaml <- u0.yaml <- parent/values.yaml"),
        ("n", "parent/values.yaml"),
        (
            "sub.a",
            "u0.yaml <- parent/values.yaml <- parent/charts/sub/values.yaml",
        ),
        ("sub.b", "parent/charts/sub/values.yaml"),
        ("sub", "u0.yaml"),
        ("sub.global", "<chart parent.sub: injected global>"),
        ("a.b.d", "parent/charts/sub/values.yaml"),
        ("a.b", "parent/charts/sub/values.yaml"),
        ("a", "parent/Chart.yaml"),
    ];
    for (path, expected) in rows {
        assert_eq!(history(&computed, path), expected, "{path}");
    }
}

#[test]
fn a_section_helm_creates_takes_the_subchart_defaults_origin() {
    let computed = run(
        json!({"name": "parent", "deps": [{"name": "mid"}],
               "charts": [{"name": "mid", "deps": [{"name": "leaf"}], "charts": [{"name": "leaf"}]}]}),
        &[],
    )
    .expect("computes");
    assert_eq!(history(&computed, "mid"), "parent/charts/mid/values.yaml");
    assert_eq!(
        history(&computed, "mid.leaf"),
        "parent/charts/mid/charts/leaf/values.yaml"
    );
    assert_eq!(
        history(&computed, "mid.leaf.global"),
        "<chart parent.mid.leaf: injected global>"
    );
    let leaf = computed
        .subchart_values(&["mid", "leaf"])
        .expect("leaf is enabled");
    assert_eq!(
        leaf.origin.to_string(),
        "parent/charts/mid/charts/leaf/values.yaml"
    );
    assert!(computed.subchart_values(&["leaf"]).is_none());
}

#[test]
fn warnings_point_at_the_value_they_are_about() {
    let computed = run(
        json!({"name": "parent", "values": {"a": 1, "p": {"q": {"x": 1}}},
               "deps": [{"name": "sub", "condition": "sub.enabled"}],
               "charts": [{"name": "sub"}]}),
        &[json!({"a": {"x": 1}, "p": {"q": 2}, "sub": {"enabled": "yes"}})],
    )
    .expect("computes");
    let first = computed.warnings.first().expect("warnings");
    assert_eq!(
        first,
        &Warning::SkippedNotATable {
            path: "parent.a".into(),
            origin: at(&computed, "a").origin.clone(),
            default_origin: crate::values::Origin::whole("parent/values.yaml".into()),
        }
    );
    let sources: Vec<String> = computed
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.origin(), w))
        .collect();
    assert_eq!(
        sources,
        [
            "u0.yaml: warning: skipped value for parent.a: Not a table.",
            "u0.yaml: warning: cannot overwrite table with non table for parent.p.q (map[x:1])",
            "u0.yaml: Warning: Condition path 'sub.enabled' for chart sub returned non-bool value",
            "u0.yaml: warning: skipped value for parent.a: Not a table.",
            "u0.yaml: warning: cannot overwrite table with non table for parent.p.q (map[x:1])",
        ]
    );
}

#[test]
fn errors_point_at_the_value_they_are_about() {
    let err = run(
        json!({"name": "parent", "deps": [{"name": "sub"}], "charts": [{"name": "sub"}]}),
        &[json!({"sub": 5})],
    )
    .expect_err("sub: 5 is an error");
    assert_eq!(err.to_string(), "type mismatch on sub: %!t(float64=5)");
    assert_eq!(
        err.origin().map(|o| o.to_string()).as_deref(),
        Some("u0.yaml")
    );

    let err = run(
        json!({"name": "parent", "deps": [{"name": "sub"}, {"name": "gone"}], "charts": [{"name": "sub"}]}),
        &[],
    )
    .expect_err("a missing dependency is an error");
    assert!(matches!(&err, LayerError::MissingDependencies { names, .. } if names == &["gone"]));
    assert_eq!(
        err.origin().map(|o| o.to_string()).as_deref(),
        Some("parent/Chart.yaml")
    );
}

#[test]
fn no_user_values_at_all_is_an_empty_map() {
    let chart = chart_from_json(&json!({"name": "parent", "values": {"a": 1}}));
    let null = node_from_json(&json!(null), "none");
    let computed = compute(&chart, null, crate::values::HelmVersion::V3).expect("computes");
    assert_eq!(
        crate::values::to_json_compact(&computed.values),
        r#"{"a":1}"#
    );
    let list = node_from_json(&json!([1]), "list.yaml");
    assert!(matches!(
        compute(&chart, list, crate::values::HelmVersion::V3),
        Err(LayerError::NotAMap {
            value_kind: "array",
            ..
        })
    ));
}

#[test]
fn enabled_subcharts_come_parents_first_in_helm_order() {
    let computed = run(
        json!({"name": "parent", "deps": [{"name": "sub", "alias": "b"}, {"name": "mid"}, {"name": "sub", "alias": "a"}],
               "charts": [{"name": "mid", "deps": [{"name": "leaf"}], "charts": [{"name": "leaf"}]},
                          {"name": "sub"}, {"name": "extra"}]}),
        &[],
    )
    .expect("computes");
    let listed: Vec<String> = computed
        .enabled_subcharts()
        .iter()
        .map(|c| {
            format!(
                "{} ({}) {:?}",
                c.path.join("."),
                c.chart_name,
                c.chart_index
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            "extra (extra) [2]",
            "b (sub) [1]",
            "mid (mid) [0]",
            "mid.leaf (leaf) [0, 0]",
            "a (sub) [1]",
        ]
    );
}

#[test]
fn a_version_range_picks_the_chart_among_same_named_ones() {
    // Helm keeps both charts (the other one as unlisted); their templates share a path, so
    // `helm template` prints one of them.
    let computed = run(
        json!({"name": "parent", "deps": [{"name": "sub", "version": "^2.0.0"}],
               "charts": [{"name": "sub", "version": "1.0.0", "values": {"v": 1}},
                          {"name": "sub", "version": "2.1.0", "values": {"v": 2}}]}),
        &[],
    )
    .expect("computes");
    let listed: Vec<Vec<usize>> = computed
        .enabled_subcharts()
        .iter()
        .map(|c| c.chart_index.clone())
        .collect();
    assert_eq!(listed, [vec![0], vec![1]]);
    assert_eq!(
        crate::values::to_json_compact(&computed.values),
        r#"{"sub":{"global":{},"v":1}}"#
    );
}
