//! Helm 4 beside Helm 3: `--helm-version` on the value commands, `helm.version` in
//! strata.yaml, the migration diff (`--to-helm-version`) and `validate`'s `helm4-change`
//! warnings.

use crate::support::{chart_yaml, Ws};

/// Chart `web` whose schema uses `prefixItems` (2020-12, ignored by Helm 3) and whose
/// defaults hold a nested null; production breaks the `prefixItems` rule and writes a null
/// over the null default.
fn migration_workspace(strata_yaml: &str) -> Ws {
    Ws::new()
        .file("strata.yaml", strata_yaml)
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "replicas: 1\nc:\n  d: null\npair: [\"a\"]\n",
        )
        .file(
            "charts/web/values.schema.json",
            r#"{"properties": {"pair": {"type": "array", "prefixItems": [{"type": "string"}]}}}"#,
        )
        .file("environments/staging/web.yaml", "replicas: 2\n")
        .file(
            "environments/production/web.yaml",
            "pair: [1]\nc:\n  d: null\n",
        )
}

const HELM3: &str = "stages: [staging, production]\n";
const HELM4: &str = "stages: [staging, production]\nhelm:\n  version: \"4\"\n";

#[test]
fn prefix_items_pass_helm3_and_fail_helm4_at_the_overlay_line() {
    let ws = migration_workspace(HELM3);
    ws.run(&["validate", "-s", "production"]).assert(
        0,
        r#"
        production/web:
        warning[helm4-change]: the schema keyword prefixItems is ignored by Helm 3 and enforced by Helm 4
          --> charts/web/values.schema.json

        warning[helm4-change]: the schema verdict changes with Helm 4: pair[0]: passes under Helm 3, fails under Helm 4: at '/pair/0': got number, want string
          --> environments/production/web.yaml:1:8
          |
        1 | pair: [1]
          |        ^

        warning[helm4-change]: Helm 4 computes c.d otherwise: absent under Helm 3, null under Helm 4
          --> environments/production/web.yaml:3:6
          |
        3 |   d: null
          |      ^^^^

        1 release validated: 0 errors, 3 warnings
        "#,
        "",
    );
    ws.run(&["validate", "-s", "production", "--helm-version", "4"])
        .assert(
            1,
            r#"
            production/web:
            error[schema]: at '/pair/0': got number, want string (schema charts/web/values.schema.json#/properties/pair/prefixItems/0)
              --> environments/production/web.yaml:1:8
              |
            1 | pair: [1]
              |        ^

            1 release validated: 1 error, 0 warnings
            "#,
            "",
        );
}

#[test]
fn helm_version_in_strata_yaml_picks_the_default_and_the_flag_overrides_it() {
    let ws = migration_workspace(HELM4);
    ws.run(&["validate", "-s", "production"]).assert(
        1,
        r#"
        production/web:
        error[schema]: at '/pair/0': got number, want string (schema charts/web/values.schema.json#/properties/pair/prefixItems/0)
          --> environments/production/web.yaml:1:8
          |
        1 | pair: [1]
          |        ^

        1 release validated: 1 error, 0 warnings
        "#,
        "",
    );
    // render checks the chart's schema as helm template does: under Helm 4 `pair` fails it.
    ws.run(&["render", "-s", "production"]).assert(
        2,
        "",
        r#"
        error: at '/pair/0': got number, want string
          --> environments/production/web.yaml:1:8
          |
        1 | pair: [1]
          |        ^
          = schema: charts/web/values.schema.json#/properties/pair/prefixItems/0

        error: production/web: values don't meet the specifications of the schema(s) in the following chart(s):
        web:
        - at '/pair/0': got number, want string
        "#,
    );
    ws.run(&["render", "-s", "production", "--skip-schema-validation"])
        .assert(
            0,
            r#"
        ---
        # release: production/web (namespace production)
        replicas: 1
        c:
          d: null
        pair:
          - 1
        "#,
            "",
        );
    ws.run(&["render", "-s", "production", "--helm-version", "3"])
        .assert(
            0,
            r#"
            ---
            # release: production/web (namespace production)
            replicas: 1
            c: {}
            pair:
              - 1
            "#,
            "",
        );
}

#[test]
fn explain_follows_the_selected_helm_for_a_null_over_a_null_default() {
    let ws = migration_workspace(HELM3);
    ws.run(&["explain", "production", "web", "c.d"]).assert(
        0,
        r#"
        production/web c.d is not set

        layers, most recent last:
          set      charts/web/values.yaml:3:6            null  chart defaults
          delete   environments/production/web.yaml:3:6  null  stage overlay
        "#,
        "",
    );
    ws.run(&["explain", "production", "web", "c.d", "--helm-version", "4"])
        .assert(
            0,
            r#"
            production/web c.d = null
              from environments/production/web.yaml:3:6

            layers, most recent last:
              set      charts/web/values.yaml:3:6            null  chart defaults
              override environments/production/web.yaml:3:6  null  stage overlay
            "#,
            "",
        );
}

#[test]
fn migration_diff_names_the_null_and_the_schema_verdict() {
    let ws = migration_workspace(HELM3);
    ws.run(&["diff", "--helm-version", "3", "--to-helm-version", "4", "--exit-code"])
        .assert(
            1,
            r#"
            strata diff: Helm 3 → Helm 4

            production/web: 0 changed, 1 added, 0 removed
              + c.d: null
                  null at environments/production/web.yaml:3:6 → environments/production/web.yaml:3:6
              schema verdicts (1):
                ! pair[0]: passes under Helm 3, fails under Helm 4: at '/pair/0': got number, want string
                  environments/production/web.yaml:1:8 (schema charts/web/values.schema.json#/properties/pair/prefixItems/0)

            1 of 2 releases changed: 0 changed, 1 added, 0 removed; 1 schema verdict changed
            "#,
            "",
        );
}

#[test]
fn migration_diff_in_json_unified_and_markdown() {
    let ws = migration_workspace(HELM3);
    let out = ws.run(&[
        "diff",
        "--to-helm-version",
        "4",
        "-s",
        "production",
        "-o",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON output");
    assert_eq!(doc["mode"], "helm");
    let release = &doc["releases"][0];
    assert_eq!(release["changes"][0]["path"], "c.d");
    assert_eq!(
        release["verdicts"],
        serde_json::json!([{
            "path": "pair[0]",
            "old": "passes",
            "new": "fails",
            "oldViolations": [],
            "newViolations": ["at '/pair/0': got number, want string"],
            "origin": {"file": "environments/production/web.yaml", "line": 1, "column": 8},
            "schema": "charts/web/values.schema.json#/properties/pair/prefixItems/0",
        }])
    );
    ws.run(&["diff", "--to-helm-version", "4", "-s", "production", "-o", "unified"])
        .assert(
            0,
            r#"
            --- helm3:production/web
            +++ helm4:production/web
            @@ -1,4 +1,5 @@
             replicas: 1
            -c: {}
            +c:
            +  d: null
             pair:
               - 1
            "#,
            "note: production/web: schema: pair[0]: passes under Helm 3, fails under Helm 4: at '/pair/0': got number, want string at environments/production/web.yaml:1:8 (schema charts/web/values.schema.json#/properties/pair/prefixItems/0)\n",
        );
    let markdown = ws.run(&["diff", "--to-helm-version", "4", "-o", "markdown"]);
    assert!(
        markdown.stdout.contains(
            "**Schema verdicts** (1)\n\n- `pair[0]: passes under Helm 3, fails under Helm 4: at '/pair/0': got number, want string`\n  `environments/production/web.yaml:1:8 (schema charts/web/values.schema.json#/properties/pair/prefixItems/0)`\n"
        ),
        "{}",
        markdown.stdout
    );
}

#[test]
fn merge_follows_the_selected_helm() {
    let ws = Ws::new()
        .file("chart/Chart.yaml", chart_yaml("parent"))
        .file("chart/values.yaml", "a: 1\nc:\n  d: null\n")
        .file("two.yaml", "b: 1\nc: {d: null}\n---\nb: 2\n");
    ws.run(&["merge", "chart", "-f", "two.yaml"]).assert(
        0,
        "a: 1\nc: {}\nb: 1\n",
        "note: two.yaml holds several YAML documents; only the first is used, as Helm 3 does\n",
    );
    ws.run(&["merge", "chart", "-f", "two.yaml", "--helm-version", "4"])
        .assert(
            0,
            "a: 1\nc:\n  d: null\nb: 2\n",
            "note: two.yaml holds several YAML documents; they are merged in order, as Helm 4 does\n",
        );
    ws.run(&[
        "merge",
        "chart",
        "--set-json",
        r#"{"a":{"x":1}}"#,
        "--set",
        "e[0=1",
        "--helm-version",
        "4",
        "-o",
        "json",
    ])
    .assert(
        0,
        r#"
        {
          "a": {
            "x": 1
          },
          "c": {
            "d": null
          }
        }
        "#,
        "level=INFO msg=\"warning: skipped value for parent.a: Not a table.\"\n",
    );
    ws.run(&["merge", "chart", "--set-json", r#"{"a":{"x":1}}"#])
        .assert(
            2,
            "",
            r#"
            error: failed parsing --set-json data {"a":{"x":1}}
              = caused by: key "{\"a\":{\"x\":1}}" has no value
            "#,
        );
}

#[test]
fn an_unknown_helm_version_is_refused() {
    let ws = migration_workspace("stages: [staging]\nhelm: {version: 5}\n");
    ws.run(&["validate"]).assert(
        2,
        "",
        r#"
        error: helm.version must be 3 or 4
          --> strata.yaml:2:17
          |
        2 | helm: {version: 5}
          |                 ^
        "#,
    );
    ws.run(&["merge", "charts/web", "--helm-version", "5"])
        .assert(
            2,
            "",
            r#"
        error: invalid value '5' for '--helm-version <3|4>': "5" is not a Helm version; use 3 or 4

        For more information, try '--help'.
        "#,
        );
}

#[test]
fn matrix_follows_the_selected_helm() {
    let ws = migration_workspace(HELM3);
    ws.run(&["matrix"]).assert(
        0,
        r#"
        web: 3 keys differ
            key       staging  production
          drift:
            replicas  2        1
            c.d       null     -
            pair[0]   "a"      1
        "#,
        "",
    );
    ws.run(&["matrix", "--helm-version", "4"]).assert(
        0,
        r#"
        web: 2 keys differ
            key       staging  production
          drift:
            replicas  2        1
            pair[0]   "a"      1
        "#,
        "",
    );
}

#[test]
fn validate_warns_about_a_chart_values_file_with_several_documents() {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "a: 1\n---\nextra: 1\n")
        .file("environments/dev/web.yaml", "a: 2\n");
    ws.run(&["validate"]).assert(
        0,
        r#"
        dev/web:
        warning[helm4-change]: a second YAML document: Helm 3 reads only the first, Helm 4 merges them all
          --> charts/web/values.yaml:2:1
          |
        2 | ---
          | ^

        warning[helm4-change]: Helm 4 computes extra otherwise: absent under Helm 3, 1 under Helm 4
          --> charts/web/values.yaml:3:8
          |
        3 | extra: 1
          |        ^

        1 release validated: 0 errors, 2 warnings
        "#,
        "",
    );
    // Switched off like any rule.
    ws.file(
        "strata.yaml",
        "stages: [dev]\nlint:\n  severity:\n    helm4-change: off\n",
    )
    .run(&["validate"])
    .assert(0, "1 release validated: no errors, no warnings\n", "");
}

#[test]
fn a_revision_diff_follows_the_selected_helm_on_both_sides() {
    let ws = migration_workspace(HELM3).file("environments/production/web.yaml", "replicas: 3\n");
    crate::support::commit_all(&ws, "before");
    let ws = ws.file(
        "environments/production/web.yaml",
        "replicas: 3\nc:\n  d: null\n",
    );
    ws.run(&["diff", "--from", "HEAD", "-s", "production"])
        .assert(
            0,
            r#"
        strata diff: HEAD → working tree

        production/web: 0 changed, 0 added, 1 removed
          - c.d: null (deleted by null)
              charts/web/values.yaml:3:6 → null at environments/production/web.yaml:3:6

        1 of 1 release changed: 0 changed, 0 added, 1 removed
        "#,
            "",
        );
    ws.run(&[
        "diff",
        "--from",
        "HEAD",
        "-s",
        "production",
        "--helm-version",
        "4",
    ])
    .assert(
        0,
        r#"
            strata diff: HEAD → working tree

            no differences (1 release compared)
            "#,
        "",
    );
}

#[test]
fn the_migration_diff_compares_values_not_manifests() {
    migration_workspace(HELM3)
        .run(&["diff", "--to-helm-version", "4", "--manifests"])
        .assert(
            2,
            "",
            "error: --to-helm-version compares values under two Helms' semantics; --manifests renders with the one helm binary found, so the two cannot be combined\n",
        );
}
