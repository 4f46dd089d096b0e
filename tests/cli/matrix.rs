//! `strata matrix`: keys × stages, only where stages differ.

use crate::support::{chart_yaml, Ws};

fn matrix_workspace() -> Ws {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [dev, staging, production]\ndiff:\n  stageSpecific: [replicas]\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "replicas: 1\nimage:\n  tag: \"1.0\"\nsame: true\nenv:\n  - name: MODE\n    value: debug\n",
        )
        .file(
            "environments/staging/web.yaml",
            "replicas: 2\nenv:\n  - name: MODE\n    value: normal\n",
        )
        .file(
            "environments/production/web.yaml",
            "replicas: 3\nimage:\n  tag: \"0.9\"\nenv:\n  - name: MODE\n    value: normal\n",
        )
        .file("charts/db/Chart.yaml", chart_yaml("db"))
        .file("charts/db/values.yaml", "port: 5432\n")
}

#[test]
fn lists_only_the_keys_that_differ_between_stages() {
    matrix_workspace().run(&["matrix"]).assert(
        0,
        r#"
        db: no differences between stages
        
        web: 3 keys differ
            key                   dev      staging   production
          drift:
            image.tag             "1.0"    "1.0"     "0.9"
            env[name=MODE].value  "debug"  "normal"  "normal"
          stage-specific (declared in strata.yaml):
            replicas              1        2         3
        "#,
        "",
    );
}

#[test]
fn json_names_every_cell_with_its_origin() {
    let out = matrix_workspace().run(&[
        "matrix",
        "-c",
        "web",
        "-s",
        "dev",
        "-s",
        "production",
        "-o",
        "json",
        "--ignore",
        "env",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        doc,
        serde_json::json!({
            "version": 1,
            "stages": ["dev", "production"],
            "redactions": 0,
            "charts": [{
                "chart": "web",
                "ignored": 1,
                "rows": [
                    {
                        "path": "replicas", "segments": ["replicas"], "stageSpecific": true,
                        "cells": [
                            {"value": 1, "origin": {"file": "charts/web/values.yaml", "line": 1, "column": 11}},
                            {"value": 3, "origin": {"file": "environments/production/web.yaml", "line": 1, "column": 11}},
                        ],
                    },
                    {
                        "path": "image.tag", "segments": ["image", "tag"], "stageSpecific": false,
                        "cells": [
                            {"value": "1.0", "origin": {"file": "charts/web/values.yaml", "line": 3, "column": 8}},
                            {"value": "0.9", "origin": {"file": "environments/production/web.yaml", "line": 3, "column": 8}},
                        ],
                    },
                ],
            }],
        })
    );
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/matrix-output.schema.json")).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert_eq!(errors, Vec::<String>::new());
}

#[test]
fn warns_of_a_folder_that_is_a_near_miss_of_a_stage() {
    let ws = crate::support::Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", crate::support::chart_yaml("web"))
        .file("charts/web/values.yaml", "replicas: 1\n")
        .file("environments/stagging/web.yaml", "replicas: 2\n")
        .file("environments/production/web.yaml", "replicas: 3\n");
    let warning = "warning: environments/stagging/ is not read by any release: `stagging` is not a stage of strata.yaml (stages: staging, production); did you mean `staging`?\n";
    ws.run(&["matrix"]).assert(
        0,
        "
        web: 1 key differs
            key       staging  production
          drift:
            replicas  1        3
        ",
        warning,
    );
    ws.run(&["explain", "staging", "web", "replicas"]).assert(
        0,
        r#"
        staging/web replicas = 1
          from charts/web/values.yaml:1:11

        layers, most recent last:
          set      charts/web/values.yaml:1:11  1  chart defaults
        "#,
        warning,
    );
    ws.run(&["explain", "production", "web", "replicas"])
        .assert(
            0,
            r#"
        production/web replicas = 3
          from environments/production/web.yaml:1:11

        layers, most recent last:
          set      charts/web/values.yaml:1:11            1  chart defaults
          override environments/production/web.yaml:1:11  3  stage overlay
        "#,
            "",
        );
}
