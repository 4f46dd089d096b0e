//! Test helpers: value trees and charts from JSON, and the runner for case tables.
//!
//! A case table is a JSON list of rows; `tests/cases/README.md` describes the format. The
//! same files can be given to the real `helm` to check them (the differential suite).

use serde_json::Value as Json;

use crate::layer::{compute, merge_user_files, Chart, Dependency, ImportValue};
use crate::values::{to_json_compact, Map, Node, Origin, Value};

/// Returns a node tree for a JSON value, every node at origin `source` (numbers become
/// floats, as Helm reads them from YAML).
pub(crate) fn node_from_json(json: &Json, source: &str) -> Node {
    let origin = Origin::whole(source.into());
    let value = match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Float(n.as_f64().expect("JSON numbers in tests fit a float")),
        Json::String(s) => Value::String(s.clone().into()),
        Json::Array(items) => {
            Value::List(items.iter().map(|i| node_from_json(i, source)).collect())
        }
        Json::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), node_from_json(v, source)))
                .collect::<Map>(),
        ),
    };
    Node::new(value, origin)
}

/// Returns a chart tree for `{"name", "values"?, "deps"?, "charts"?}`; a chart without
/// `deps` does not declare dependencies. Defaults get the source `NAME/values.yaml`
/// (`parent/charts/sub/values.yaml` below the top), dependency entries
/// `NAME/Chart.yaml`.
pub(crate) fn chart_from_json(json: &Json) -> Chart {
    chart_at(json, "")
}

fn chart_at(json: &Json, parent_dir: &str) -> Chart {
    let name = json["name"]
        .as_str()
        .expect("a test chart has a name")
        .to_string();
    let dir = if parent_dir.is_empty() {
        name.clone()
    } else {
        format!("{parent_dir}/charts/{name}")
    };
    let defaults = match json.get("values") {
        Some(values) => node_from_json(values, &format!("{dir}/values.yaml")),
        None => Node::empty_map(Origin::whole(format!("{dir}/values.yaml").into())),
    };
    let chart_yaml = format!("{dir}/Chart.yaml");
    let dependencies: Vec<Dependency> = json
        .get("deps")
        .and_then(Json::as_array)
        .map(|deps| deps.iter().map(|d| dependency(d, &chart_yaml)).collect())
        .unwrap_or_default();
    let subcharts = json
        .get("charts")
        .and_then(Json::as_array)
        .map(|charts| charts.iter().map(|c| chart_at(c, &dir)).collect())
        .unwrap_or_default();
    Chart {
        name,
        version: json
            .get("version")
            .and_then(Json::as_str)
            .unwrap_or("0.1.0")
            .to_string(),
        app_version: None,
        defaults,
        dependencies,
        dependencies_declared: json.get("deps").is_some(),
        read_alike: true,
        subcharts,
        schema: None,
    }
}

fn dependency(json: &Json, chart_yaml: &str) -> Dependency {
    let text = |key: &str| json.get(key).and_then(Json::as_str).map(str::to_string);
    let import_values = json
        .get("import-values")
        .and_then(Json::as_array)
        .map(|items| {
            items
                .iter()
                .map(|item| match item {
                    Json::String(s) => ImportValue::Simple(s.clone()),
                    map => ImportValue::Map {
                        child: map["child"]
                            .as_str()
                            .expect("child is a string")
                            .to_string(),
                        parent: map["parent"]
                            .as_str()
                            .expect("parent is a string")
                            .to_string(),
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    Dependency {
        name: text("name").expect("a test dependency has a name"),
        // As in the harness that runs the cases through helm: `0.1.0` unless given; null
        // for none.
        version: match json.get("version") {
            None => Some("0.1.0".to_string()),
            Some(v) => v.as_str().map(str::to_string),
        },
        alias: text("alias"),
        condition: text("condition"),
        tags: json
            .get("tags")
            .and_then(Json::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        import_values,
        origin: Origin::whole(chart_yaml.into()),
    }
}

/// Runs every row of a case table and fails with all differences at once.
///
/// A row: `{"description", "chart", "user": [file...], "expected": {"values": {PATH: json},
/// "warnings": [line...], "error": text}}`. PATH is `""` for the top chart and the dotted
/// path of names for an enabled subchart; the set of paths must equal the enabled
/// subcharts. Warning lines are Helm's, with their `file.go:NNN: ` prefix.
pub(crate) fn run_case_table(table: &str) {
    let rows: Vec<Json> = serde_json::from_str(table).expect("the case table is JSON");
    let mut failures = Vec::new();
    for row in &rows {
        let description = row["description"]
            .as_str()
            .expect("a row has a description");
        if let Err(problem) = run_case(row) {
            failures.push(format!("{description}:\n{problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
}

/// Runs a row under Helm 3's rules against `expected`, and under Helm 4's against
/// `expected_helm4` where the row has one (Helm 4 computes otherwise), else `expected`.
fn run_case(row: &Json) -> Result<(), String> {
    let helm3 = run_case_as(row, &row["expected"], crate::values::HelmVersion::V3);
    let helm4_expected = row.get("expected_helm4").unwrap_or(&row["expected"]);
    let helm4 = run_case_as(row, helm4_expected, crate::values::HelmVersion::V4)
        .map_err(|e| format!("  under Helm 4:\n{e}"));
    match (helm3, helm4) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(a), Ok(())) | (Ok(()), Err(a)) => Err(a),
        (Err(a), Err(b)) => Err(format!("{a}\n{b}")),
    }
}

/// Returns a row's user values: its `user` files merged, the first named `u0.yaml`.
pub(crate) fn user_of(row: &Json) -> Node {
    let files: Vec<Node> = row["user"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .enumerate()
                .map(|(i, f)| node_from_json(f, &format!("u{i}.yaml")))
                .collect()
        })
        .unwrap_or_default();
    merge_user_files(files)
}

fn run_case_as(
    row: &Json,
    expected: &Json,
    helm: crate::values::HelmVersion,
) -> Result<(), String> {
    let chart = chart_from_json(&row["chart"]);
    let user = user_of(row);
    let computed = match (
        compute(&chart, user, helm),
        expected.get("error").and_then(Json::as_str),
    ) {
        (Err(err), Some(text)) if err.to_string() == text => return Ok(()),
        (Err(err), _) => return Err(format!("  error: {err}")),
        (Ok(_), Some(text)) => return Err(format!("  expected error: {text}")),
        (Ok(computed), None) => computed,
    };
    let mut problems = Vec::new();
    let got_warnings: Vec<String> = computed
        .warnings
        .iter()
        .map(|w| format!("{}: {w}", w.helm_location()))
        .collect();
    let want_warnings: Vec<String> = expected["warnings"]
        .as_array()
        .map(|ws| {
            ws.iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if got_warnings != want_warnings {
        problems.push(format!(
            "  warnings:\n    got  {got_warnings:#?}\n    want {want_warnings:#?}\n    got as JSON: {}",
            serde_json::to_string(&got_warnings).unwrap_or_default()
        ));
    }
    let want_values = expected["values"].as_object().cloned().unwrap_or_default();
    let mut got_paths: Vec<String> = computed
        .enabled_subcharts()
        .iter()
        .map(|c| c.path.join("."))
        .collect();
    got_paths.push(String::new());
    got_paths.sort();
    let mut want_paths: Vec<String> = want_values.keys().cloned().collect();
    want_paths.sort();
    if got_paths != want_paths {
        problems.push(format!(
            "  enabled charts: got {got_paths:?}, want {want_paths:?}"
        ));
    }
    for (path, want) in &want_values {
        let keys: Vec<&str> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('.').collect()
        };
        let want = to_json_compact(&node_from_json(want, "expected"));
        match computed.subchart_values(&keys) {
            Some(got) if to_json_compact(got) == want => {}
            Some(got) => problems.push(format!(
                "  values of {path:?}:\n    got  {}\n    want {want}",
                to_json_compact(got)
            )),
            None => problems.push(format!("  values of {path:?}: none")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
