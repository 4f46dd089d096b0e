//! Naming releases in diff, matrix and promote: in a workspace that declares `releases:`,
//! each release is named with its chart and namespace (a stage diff shows both namespaces
//! where they differ), and JSON has `release`, `chart` and `namespace` apart.

use crate::support::{commit_all, helm, Ws};

/// Two releases of the chart `kong`: `gateway-public` in its own namespace `edge`,
/// `gateway-internal` in each stage's (`apps-dev` in dev, by its stage variable; `prod` in
/// prod, by the stage's name).
fn gateways() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [dev, prod]\nreleases:\n  - name: gateway-public\n    chart: kong\n    namespace: edge\n  - name: gateway-internal\n    chart: kong\n")
        .file("charts/kong/Chart.yaml", "apiVersion: v2\nname: kong\nversion: 2.48.0\n")
        .file("charts/kong/values.yaml", "image:\n  tag: \"3.8\"\nreplicas: 1\n")
        .file("charts/kong/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  tag: {{ .Values.image.tag | quote }}\n")
        .file("environments/dev/stage.yaml", "namespace: apps-dev\n")
        .file("environments/dev/gateway-public.yaml", "image:\n  tag: \"3.9\"\n")
        .file("environments/dev/gateway-internal.yaml", "image:\n  tag: \"3.9\"\nreplicas: 2\n")
        .file("environments/prod/gateway-public.yaml", "replicas: 3\n")
}

/// A stage diff names each release with its chart, and both namespaces where they differ.
#[test]
fn stage_diff_text_names_chart_and_both_namespaces() {
    gateways()
        .run(&["diff", "dev", "prod"])
        .assert(
            0,
            r#"
                strata diff: dev → prod

                gateway-internal (chart kong, namespace apps-dev → prod): 2 changed, 0 added, 0 removed
                  drift (2):
                    ~ image.tag: "3.9" → "3.8"
                        environments/dev/gateway-internal.yaml:2:8 → charts/kong/values.yaml:2:8
                    ~ replicas: 2 → 1
                        environments/dev/gateway-internal.yaml:3:11 → charts/kong/values.yaml:3:11

                gateway-public (chart kong, namespace edge): 2 changed, 0 added, 0 removed
                  drift (2):
                    ~ image.tag: "3.9" → "3.8"
                        environments/dev/gateway-public.yaml:2:8 → charts/kong/values.yaml:2:8
                    ~ replicas: 1 → 3
                        charts/kong/values.yaml:3:11 → environments/prod/gateway-public.yaml:1:11

                2 of 2 releases changed: 4 changed, 0 added, 0 removed
            "#,
            "",
        );
}

/// JSON keeps `chart` the chart and adds `release`, `namespace` and each side's namespace.
#[test]
fn stage_diff_json_has_release_chart_and_namespaces() {
    gateways()
        .run(&[
            "diff",
            "dev",
            "prod",
            "-r",
            "gateway-internal",
            "-o",
            "json",
        ])
        .assert(
            0,
            r#"
                {
                  "mode": "stages",
                  "new": {
                    "commit": null,
                    "name": "prod"
                  },
                  "old": {
                    "commit": null,
                    "name": "dev"
                  },
                  "releases": [
                    {
                      "changes": [
                        {
                          "kind": "changed",
                          "new": "3.8",
                          "newOrigin": {
                            "column": 8,
                            "file": "charts/kong/values.yaml",
                            "line": 2
                          },
                          "old": "3.9",
                          "oldOrigin": {
                            "column": 8,
                            "file": "environments/dev/gateway-internal.yaml",
                            "line": 2
                          },
                          "path": "image.tag",
                          "segments": [
                            "image",
                            "tag"
                          ],
                          "stageSpecific": false
                        },
                        {
                          "kind": "changed",
                          "new": 1,
                          "newOrigin": {
                            "column": 11,
                            "file": "charts/kong/values.yaml",
                            "line": 3
                          },
                          "old": 2,
                          "oldOrigin": {
                            "column": 11,
                            "file": "environments/dev/gateway-internal.yaml",
                            "line": 3
                          },
                          "path": "replicas",
                          "segments": [
                            "replicas"
                          ],
                          "stageSpecific": false
                        }
                      ],
                      "chart": "kong",
                      "label": "gateway-internal (chart kong, namespace apps-dev → prod)",
                      "namespace": "prod",
                      "new": {
                        "exists": true,
                        "namespace": "prod",
                        "source": "working tree",
                        "stage": "prod"
                      },
                      "old": {
                        "exists": true,
                        "namespace": "apps-dev",
                        "source": "working tree",
                        "stage": "dev"
                      },
                      "release": "gateway-internal",
                      "summary": {
                        "added": 0,
                        "changed": 2,
                        "ignored": 0,
                        "removed": 0
                      }
                    }
                  ],
                  "summary": {
                    "added": 0,
                    "changed": 2,
                    "changedReleases": 1,
                    "ignored": 0,
                    "redactions": 0,
                    "releases": 1,
                    "removed": 0
                  },
                  "version": 1
                }
            "#,
            "",
        );
}

/// The Markdown comment's table and sections carry the release heading.
#[test]
fn stage_diff_markdown_headings_name_chart_and_namespace() {
    gateways()
        .run(&["diff", "dev", "prod", "-o", "markdown"])
        .assert(
            0,
            r#"
                ### strata diff: `dev` → `prod`

                | release | changed | added | removed | ignored |
                | --- | ---: | ---: | ---: | ---: |
                | `gateway-internal (chart kong, namespace apps-dev → prod)` | 2 | 0 | 0 | 0 |
                | `gateway-public (chart kong, namespace edge)` | 2 | 0 | 0 | 0 |

                <details><summary><b>gateway-internal (chart kong, namespace apps-dev → prod)</b>: 2 changed, 0 added, 0 removed</summary>

                **Drift**

                ```diff
                - image.tag: "3.9"
                + image.tag: "3.8"
                    environments/dev/gateway-internal.yaml:2:8 → charts/kong/values.yaml:2:8
                - replicas: 2
                + replicas: 1
                    environments/dev/gateway-internal.yaml:3:11 → charts/kong/values.yaml:3:11
                ```

                </details>

                <details><summary><b>gateway-public (chart kong, namespace edge)</b>: 2 changed, 0 added, 0 removed</summary>

                **Drift**

                ```diff
                - image.tag: "3.9"
                + image.tag: "3.8"
                    environments/dev/gateway-public.yaml:2:8 → charts/kong/values.yaml:2:8
                - replicas: 1
                + replicas: 3
                    charts/kong/values.yaml:3:11 → environments/prod/gateway-public.yaml:1:11
                ```

                </details>

                2 of 2 releases changed: 4 changed, 0 added, 0 removed.
            "#,
            "",
        );
}

/// A unified diff names the release, its chart and namespace on a line before its patch.
#[test]
fn stage_diff_unified_names_each_release_above_its_patch() {
    gateways()
        .run(&["diff", "dev", "prod", "-o", "unified"])
        .assert(
            0,
            r#"
                # release: gateway-internal (chart kong, namespace apps-dev → prod)
                --- dev/gateway-internal
                +++ prod/gateway-internal
                @@ -1,3 +1,3 @@
                 image:
                -  tag: "3.9"
                -replicas: 2
                +  tag: "3.8"
                +replicas: 1
                # release: gateway-public (chart kong, namespace edge)
                --- dev/gateway-public
                +++ prod/gateway-public
                @@ -1,3 +1,3 @@
                 image:
                -  tag: "3.9"
                -replicas: 1
                +  tag: "3.8"
                +replicas: 3
            "#,
            "",
        );
}

/// A revision diff names the release in its stage with its chart and namespace.
#[test]
fn revision_diff_names_chart_and_namespace() {
    let ws = gateways();
    commit_all(&ws, "gateways");
    ws.file("environments/prod/gateway-public.yaml", "replicas: 4\n")
        .run(&["diff", "--from", "HEAD"])
        .assert(
            0,
            r#"
                strata diff: HEAD → working tree

                prod/gateway-public (chart kong, namespace edge): 1 changed, 0 added, 0 removed
                  ~ replicas: 3 → 4
                      environments/prod/gateway-public.yaml:1:11

                1 of 4 releases changed: 1 changed, 0 added, 0 removed
            "#,
            "",
        );
}

/// A manifest diff names the releases as a values diff does.
#[test]
fn manifest_diff_names_chart_and_namespaces() {
    let helm = helm().display().to_string();
    gateways()
        .run_with_env(
            &["diff", "dev", "prod", "--manifests"],
            &[("STRATA_HELM", Some(&helm))],
        )
        .assert(
            0,
            r#"
                strata diff: dev → prod

                gateway-internal (chart kong, namespace apps-dev → prod): 0 to add, 1 to change, 0 to destroy
                  ~ ConfigMap/gateway-internal.data.tag: "3.9" → "3.8"
                      dev/gateway-internal.yaml:9:8 → prod/gateway-internal.yaml:9:8

                gateway-public (chart kong, namespace edge): 0 to add, 1 to change, 0 to destroy
                  ~ ConfigMap/gateway-public.data.tag: "3.9" → "3.8"
                      dev/gateway-public.yaml:9:8 → prod/gateway-public.yaml:9:8

                2 of 2 releases changed: 2 changed, 0 added, 0 removed
            "#,
            "",
        );
}

/// A Helm migration diff names the releases too (a null over a null default differs).
#[test]
fn helm_migration_diff_names_chart_and_namespace() {
    gateways()
        .file(
            "charts/kong/values.yaml",
            "image:\n  tag: \"3.8\"\nreplicas: 1\nlabels:\n  team: null\n",
        )
        .file(
            "environments/prod/gateway-public.yaml",
            "replicas: 3\nlabels:\n  team: null\n",
        )
        .run(&["diff", "--to-helm-version", "4", "-s", "prod"])
        .assert(
            0,
            r#"
                strata diff: Helm 3 → Helm 4

                prod/gateway-public (chart kong, namespace edge): 0 changed, 1 added, 0 removed
                  + labels.team: null
                      null at environments/prod/gateway-public.yaml:3:9 → environments/prod/gateway-public.yaml:3:9

                1 of 2 releases changed: 0 changed, 1 added, 0 removed
            "#,
            "",
        );
}

/// The matrix heads each table with the release, its chart and its namespaces in stage order; JSON has them apart, a namespace per stage.
#[test]
fn matrix_names_chart_and_namespaces_across_stages() {
    gateways().run(&["matrix"]).assert(
        0,
        r#"
                gateway-internal (chart kong, namespace apps-dev → prod): 2 keys differ
                    key        dev    prod
                  drift:
                    image.tag  "3.9"  "3.8"
                    replicas   2      1

                gateway-public (chart kong, namespace edge): 2 keys differ
                    key        dev    prod
                  drift:
                    image.tag  "3.9"  "3.8"
                    replicas   1      3
            "#,
        "",
    );
    gateways()
        .run(&["matrix", "-r", "gateway-public", "-o", "json"])
        .assert(
            0,
            r#"
                {
                  "charts": [
                    {
                      "chart": "kong",
                      "ignored": 0,
                      "namespaces": [
                        "edge",
                        "edge"
                      ],
                      "release": "gateway-public",
                      "rows": [
                        {
                          "cells": [
                            {
                              "origin": {
                                "column": 8,
                                "file": "environments/dev/gateway-public.yaml",
                                "line": 2
                              },
                              "value": "3.9"
                            },
                            {
                              "origin": {
                                "column": 8,
                                "file": "charts/kong/values.yaml",
                                "line": 2
                              },
                              "value": "3.8"
                            }
                          ],
                          "path": "image.tag",
                          "segments": [
                            "image",
                            "tag"
                          ],
                          "stageSpecific": false
                        },
                        {
                          "cells": [
                            {
                              "origin": {
                                "column": 11,
                                "file": "charts/kong/values.yaml",
                                "line": 3
                              },
                              "value": 1
                            },
                            {
                              "origin": {
                                "column": 11,
                                "file": "environments/prod/gateway-public.yaml",
                                "line": 1
                              },
                              "value": 3
                            }
                          ],
                          "path": "replicas",
                          "segments": [
                            "replicas"
                          ],
                          "stageSpecific": false
                        }
                      ]
                    }
                  ],
                  "redactions": 0,
                  "stages": [
                    "dev",
                    "prod"
                  ],
                  "version": 1
                }
            "#,
            "",
        );
}

/// Promote's plan names the releases of the target stage as diff does.
#[test]
fn promote_plan_names_chart_and_namespace() {
    gateways()
        .run(&["promote", "dev", "prod", "--dry-run"])
        .assert(
            0,
            r#"
                strata promote: dev → prod

                prod/gateway-internal (chart kong, namespace prod): 1 changed, 0 added, 0 removed
                  ~ image.tag: "3.8" → "3.9"
                      charts/kong/values.yaml:2:8 → environments/prod/gateway-internal.yaml:2:8

                prod/gateway-public (chart kong, namespace edge): 1 changed, 0 added, 0 removed
                  ~ image.tag: "3.8" → "3.9"
                      charts/kong/values.yaml:2:8 → environments/prod/gateway-public.yaml:3:8

                2 of 2 releases changed: 2 changed, 0 added, 0 removed

                edits:
                  environments/prod/gateway-internal.yaml (new key)  gateway-internal image.tag
                  environments/prod/gateway-public.yaml (new key)  gateway-public image.tag
                new files: environments/prod/gateway-internal.yaml
            "#,
            "note: dry run: nothing was written\n",
        );
    gateways()
        .run(&["promote", "dev", "prod", "--dry-run", "-o", "unified"])
        .assert(
            0,
            r#"
                # release: prod/gateway-internal (chart kong, namespace prod)
                --- working tree:prod/gateway-internal
                +++ promoted:prod/gateway-internal
                @@ -1,3 +1,3 @@
                 image:
                -  tag: "3.8"
                +  tag: "3.9"
                 replicas: 1
                # release: prod/gateway-public (chart kong, namespace edge)
                --- working tree:prod/gateway-public
                +++ promoted:prod/gateway-public
                @@ -1,3 +1,3 @@
                 image:
                -  tag: "3.8"
                +  tag: "3.9"
                 replicas: 3
            "#,
            "note: dry run: nothing was written\n",
        );
}

/// Returns every way `doc` breaks the schema `schema` (a file of `docs/`).
fn schema_errors(schema: &str, doc: &str) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(schema).expect("the schema is JSON");
    let doc: serde_json::Value = serde_json::from_str(doc).expect("the output is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The shipped schemas describe the named outputs: a release gone from one side (its
/// namespace null there) and a stage it does not run in (a null namespace in the matrix).
#[test]
fn named_json_validates_against_the_shipped_schemas() {
    let ws = gateways()
        .file(
            "strata.yaml",
            "stages: [dev, prod]\nreleases:\n  - name: gateway-public\n    chart: kong\n    namespace: edge\n  - name: gateway-internal\n    chart: kong\n    stages: [dev]\n",
        );
    let diff = ws.run(&["diff", "dev", "prod", "-o", "json"]);
    assert_eq!(diff.code, Some(0));
    assert!(
        diff.stdout.contains("\"namespace\": null"),
        "{}",
        diff.stdout
    );
    assert_eq!(
        schema_errors(
            include_str!("../../docs/diff-output.schema.json"),
            &diff.stdout
        ),
        Vec::<String>::new()
    );
    let matrix = ws.run(&["matrix", "-o", "json"]);
    assert_eq!(matrix.code, Some(0));
    assert!(
        matrix.stdout.contains("        null\n"),
        "{}",
        matrix.stdout
    );
    assert_eq!(
        schema_errors(
            include_str!("../../docs/matrix-output.schema.json"),
            &matrix.stdout
        ),
        Vec::<String>::new()
    );
}
