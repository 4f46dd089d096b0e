//! `strata validate`: lint findings and stage policies, as text, JSON and GitHub
//! annotations, with exit status 1 on an error, 0 otherwise, 2 when it cannot run.

use std::path::Path;

use crate::real_workspace::real_workspace;
use crate::support::{chart_yaml, copy_tree, one_overlay, tgz, Ws};

/// Chart `web` in `staging` and `production`; production must pin its image tags.
///
/// - staging misspells `image` and `service.port`, and sets free-form maps the chart
///   leaves empty or passes through (annotations, labels it does not declare, a node
///   selector), which are fine;
/// - production uses `latest` and repeats the chart's `replicaCount`.
fn typo_workspace() -> Ws {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [staging, production]\npolicies:\n  - use: pinned-image-tags\n    stages: [production]\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "replicaCount: 1\nimage:\n  repository: nginx\n  tag: \"1.25\"\npodAnnotations: {}\nnodeSelector: {}\nservice:\n  port: 80\n",
        )
        .file(
            "environments/staging/web.yaml",
            "imgae:\n  tag: \"1.26\"\npodAnnotations:\n  prometheus.io/scrape: \"true\"\npodLabels:\n  team: web\nnodeSelector:\n  disk: ssd\nservice:\n  prot: 8080\n",
        )
        .file(
            "environments/production/web.yaml",
            "image:\n  tag: latest\nreplicaCount: 1\n",
        )
}

#[test]
fn reports_typos_with_a_suggestion_and_policies_per_stage() {
    typo_workspace().run(&["validate"]).assert(
        1,
        r#"
        staging/web:
        error[unknown-key]: unknown key `imgae`: chart web neither sets, documents nor reads it; did you mean `image`? If it does read it, list it in `lint.allowUnknown`
          --> environments/staging/web.yaml:1:1
          |
        1 | imgae:
          | ^^^^^

        error[unknown-key]: unknown key `service.prot`: chart web neither sets, documents nor reads it; did you mean `service.port`? If it does read it, list it in `lint.allowUnknown`
          --> environments/staging/web.yaml:10:3
           |
        10 |   prot: 8080
           |   ^^^^

        production/web:
        error[policy/pinned-image-tags]: `image.tag` is "latest", which this policy forbids
          --> environments/production/web.yaml:2:8
          |
        2 |   tag: latest
          |        ^^^^^^

        warning[redundant-override]: `replicaCount` is set to 1, the value it already has from charts/web/values.yaml:1:15; the override changes nothing
          --> environments/production/web.yaml:3:15
          |
        3 | replicaCount: 1
          |               ^

        2 releases validated: 3 errors, 1 warning
        "#,
        "",
    );
}

#[test]
fn json_has_a_stable_shape() {
    typo_workspace()
        .run(&["validate", "-s", "production", "-o", "json"])
        .assert(
            1,
            r#"
            {
              "findings": [
                {
                  "chart": "web",
                  "col": 8,
                  "file": "environments/production/web.yaml",
                  "line": 2,
                  "message": "`image.tag` is \"latest\", which this policy forbids",
                  "path": "image.tag",
                  "rule": "policy/pinned-image-tags",
                  "severity": "error",
                  "stage": "production"
                },
                {
                  "chart": "web",
                  "col": 15,
                  "file": "environments/production/web.yaml",
                  "line": 3,
                  "message": "`replicaCount` is set to 1, the value it already has from charts/web/values.yaml:1:15; the override changes nothing",
                  "path": "replicaCount",
                  "rule": "redundant-override",
                  "severity": "warning",
                  "stage": "production"
                }
              ],
              "summary": {
                "errors": 1,
                "releases": 1,
                "warnings": 1
              }
            }
            "#,
            "",
        );
}

#[test]
fn github_prints_workflow_annotations() {
    typo_workspace()
        .run(&["validate", "--format", "github", "-c", "web"])
        .assert(
            1,
            "
            ::error file=environments/staging/web.yaml,line=1,col=1,title=unknown-key::staging/web: unknown key `imgae`: chart web neither sets, documents nor reads it; did you mean `image`? If it does read it, list it in `lint.allowUnknown`
            ::error file=environments/staging/web.yaml,line=10,col=3,title=unknown-key::staging/web: unknown key `service.prot`: chart web neither sets, documents nor reads it; did you mean `service.port`? If it does read it, list it in `lint.allowUnknown`
            ::error file=environments/production/web.yaml,line=2,col=8,title=policy/pinned-image-tags::production/web: `image.tag` is \"latest\", which this policy forbids
            ::warning file=environments/production/web.yaml,line=3,col=15,title=redundant-override::production/web: `replicaCount` is set to 1, the value it already has from charts/web/values.yaml:1:15; the override changes nothing
            ",
            "",
        );
}

#[test]
fn output_is_the_same_on_every_run() {
    let ws = typo_workspace();
    let first = ws.run(&["validate", "-o", "json"]);
    for _ in 0..3 {
        assert_eq!(ws.run(&["validate", "-o", "json"]).stdout, first.stdout);
    }
}

/// Every YAML 1.1 hazard of the semantics page §2, in an overlay and in the chart's
/// values.yaml (read by both stages): each is reported once, where it is written.
#[test]
fn reports_each_yaml_hazard_once_at_its_place() {
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "enabled: yes\nappVersion: 1.10\nports: {}\n",
        )
        .file(
            "environments/staging/web.yaml",
            "ports:\n  on: 1\n  \"true\": 2\n  y: 3\n  mode: 0755\n  zip: 08\n  id: 9007199254740993\n  count: 1_000\n  quoted: [\"yes\", \"1.10\", true, 0x1F]\n",
        )
        .run(&["validate", "--format", "github"])
        .assert(
            0,
            "
            ::warning file=charts/web/values.yaml,line=1,col=10,title=yaml-hazard::staging/web: `yes` is read as the boolean true; write true, or quote it (\"yes\") if text is meant
            ::warning file=charts/web/values.yaml,line=2,col=13,title=yaml-hazard::staging/web: `1.10` is read as the number 1.1; quote it (\"1.10\") if a version or other text is meant
            ::warning file=environments/staging/web.yaml,line=2,col=3,title=yaml-hazard::staging/web: key `on` is read as \"true\"; quote it (\"on\") to keep the key as written
            ::warning file=environments/staging/web.yaml,line=3,col=3,title=yaml-hazard::staging/web: key `true` is read as \"true\", the same key as `on` at environments/staging/web.yaml:2:3; this one silently replaces it
            ::warning file=environments/staging/web.yaml,line=4,col=3,title=yaml-hazard::staging/web: key `y` is read as \"true\", the same key as `true` at environments/staging/web.yaml:3:3; this one silently replaces it
            ::warning file=environments/staging/web.yaml,line=5,col=9,title=yaml-hazard::staging/web: `0755` is read as the number 493 (a leading 0 means octal); quote it (\"0755\") if text is meant
            ::warning file=environments/staging/web.yaml,line=6,col=8,title=yaml-hazard::staging/web: `08` is read as the number 8; quote it (\"08\") if text is meant
            ::warning file=environments/staging/web.yaml,line=7,col=7,title=yaml-hazard::staging/web: `9007199254740993` is beyond 2^53 and read as the float 9007199254740992; quote it (\"9007199254740993\") if the digits matter
            ::warning file=environments/staging/web.yaml,line=8,col=10,title=yaml-hazard::staging/web: `1_000` is read as the number 1000 (YAML 1.1 drops `_`); quote it (\"1_000\") if text is meant
            ",
            "",
        );
}

/// A file several releases read (a shared overlay) is reported on once, under the first
/// release; a policy is reported for every release that breaks it.
#[test]
fn a_shared_overlay_is_reported_on_once() {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [staging, production]\noverlays: [\"environments/common/{chart}.yaml\"]\npolicies:\n  - use: no-debug\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "debug: false\n")
        .file("environments/common/web.yaml", "debug: yes\ndebgu: true\n")
        .run(&["validate", "--format", "github"])
        .assert(
            1,
            "
            ::error file=environments/common/web.yaml,line=1,col=8,title=policy/no-debug::staging/web: `debug` is true, which this policy forbids
            ::warning file=environments/common/web.yaml,line=1,col=8,title=yaml-hazard::staging/web: `yes` is read as the boolean true; write true, or quote it (\"yes\") if text is meant
            ::error file=environments/common/web.yaml,line=2,col=1,title=unknown-key::staging/web: unknown key `debgu`: chart web neither sets, documents nor reads it; did you mean `debug`? If it does read it, list it in `lint.allowUnknown`
            ::error file=environments/common/web.yaml,line=1,col=8,title=policy/no-debug::production/web: `debug` is true, which this policy forbids
            ",
            "",
        );
}

#[test]
fn severities_come_from_strata_yaml() {
    typo_workspace()
        .file(
            "strata.yaml",
            "stages: [staging, production]\nlint:\n  severity:\n    unknown-key: warning\n    redundant-override: off\n  allowUnknown: [imgae]\npolicies:\n  - use: pinned-image-tags\n    severity: warning\n",
        )
        .run(&["validate", "--format", "github"])
        .assert(
            0,
            "
            ::warning file=environments/staging/web.yaml,line=10,col=3,title=unknown-key::staging/web: unknown key `service.prot`: chart web neither sets, documents nor reads it; did you mean `service.port`? If it does read it, list it in `lint.allowUnknown`
            ::warning file=environments/production/web.yaml,line=2,col=8,title=policy/pinned-image-tags::production/web: `image.tag` is \"latest\", which this policy forbids
            ",
            "",
        );
}

#[test]
fn never_prints_a_secret_value() {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [prod]\npolicies:\n  - name: real-password\n    path: \"**.password\"\n    forbidden: [changeme]\n  - name: no-inline-credentials\n    path: \"**.url\"\n    pattern: \"^[^@]*$\"\n",
        )
        .file("charts/db/Chart.yaml", chart_yaml("db"))
        .file("charts/db/values.yaml", "auth:\n  password: \"\"\n  url: \"\"\n")
        .file(
            "environments/prod/db.yaml",
            "auth:\n  password: changeme\n  url: https://admin:changeme@db.example.com\n  apiToken: no\n",
        )
        .run(&["validate"])
        .assert(
            1,
            r#"
            prod/db:
            error[policy/real-password]: `auth.password` is <redacted>, which this policy forbids
              --> environments/prod/db.yaml:2:13
              |
            2 |   password: <redacted>
              |             ^

            error[policy/no-inline-credentials]: `auth.url` is <redacted>, which does not match `^[^@]*$`
              --> environments/prod/db.yaml:3:8
              |
            3 |   url: https://<redacted>@db.example.com
              |        ^

            error[unknown-key]: unknown key `auth.apiToken`: chart db neither sets, documents nor reads it; if it does read it, list it in `lint.allowUnknown`
              --> environments/prod/db.yaml:4:3
              |
            4 |   apiToken: <redacted>
              |   ^

            warning[yaml-hazard]: the value of secret key `auth.apiToken` is read as a boolean, not as the text written; quote it
              --> environments/prod/db.yaml:4:13
              |
            4 |   apiToken: <redacted>
              |             ^

            1 release validated: 3 errors, 1 warning
            "#,
            "",
        );
}

#[test]
fn a_policy_mistake_in_strata_yaml_cannot_run() {
    typo_workspace()
        .file(
            "strata.yaml",
            "stages: [staging, production]\npolicies:\n  - use: pinned-image-tags\n    stages: [prod]\n",
        )
        .run(&["validate"])
        .assert(
            2,
            "",
            r#"
            error: policy "pinned-image-tags": unknown stage "prod"; the stages are: staging, production
              --> strata.yaml:4:13
              |
            4 |     stages: [prod]
              |             ^^^^^^
            "#,
        );
}

#[test]
fn a_policy_for_a_chart_the_workspace_lacks_cannot_run() {
    typo_workspace()
        .file(
            "strata.yaml",
            "stages: [staging, production]\npolicies:\n  - use: no-debug\n    charts: [wbe]\n",
        )
        .run(&["validate"])
        .assert(
            2,
            "",
            r#"
            error: policy "no-debug": unknown chart "wbe"; the charts are: web
              --> strata.yaml:4:13
              |
            4 |     charts: [wbe]
              |             ^^^^^
            "#,
        );
}

#[test]
fn an_unknown_stage_cannot_run() {
    typo_workspace().run(&["validate", "-s", "prod"]).assert(
        2,
        "",
        "error: unknown stage \"prod\"; the stages are: staging, production\n",
    );
}

/// The repository is itself the example workspace: it validates clean, with policies
/// switched on for production.
#[test]
fn the_example_workspace_validates_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let strata_yaml = std::fs::read_to_string(root.join("strata.yaml")).unwrap();
    assert!(strata_yaml.contains("stages: [production]"));
    let mut ws = Ws::new().file("strata.yaml", strata_yaml);
    ws = copy_tree(ws, &root.join("charts"), "charts", &[]);
    ws = copy_tree(ws, &root.join("environments"), "environments", &[]);
    ws.run(&["validate"])
        .assert(0, "6 releases validated: no errors, no warnings\n", "");
}

/// Chart `web` with a `values.schema.json`: `replicaCount` must be an integer, `image.tag`
/// is required, and `resources` is declared by the schema only (the defaults leave it out).
fn schema_workspace(staging: &str) -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [staging]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "replicaCount: 1\nimage:\n  tag: \"1.25\"\n",
        )
        .file(
            "charts/web/values.schema.json",
            r#"{"properties": {"replicaCount": {"type": "integer"}, "image": {"type": "object", "required": ["tag"]}, "resources": {"type": "object"}}}"#,
        )
        .file("environments/staging/web.yaml", staging)
}

#[test]
fn schema_violations_point_at_the_overlay_that_set_the_value() {
    schema_workspace("replicaCount: two\nimage:\n  tag: null\nresources:\n  limits: {}\n")
        .run(&["validate"])
        .assert(
            1,
            r#"
            staging/web:
            error[schema]: replicaCount: Invalid type. Expected: integer, given: string (schema charts/web/values.schema.json#/properties/replicaCount)
              --> environments/staging/web.yaml:1:15
              |
            1 | replicaCount: two
              |               ^^^

            error[schema]: image: tag is required (schema charts/web/values.schema.json#/properties/image); "tag" was deleted by this null, so chart web lacks it
              --> environments/staging/web.yaml:3:8
              |
            3 |   tag: null
              |        ^^^^

            1 release validated: 2 errors, 0 warnings
            "#,
            "",
        );
}

#[test]
fn an_input_that_cannot_be_read_is_still_annotated_for_github() {
    schema_workspace("replicaCount: 2\n\tbad: 1\n")
        .run(&["validate", "--format", "github"])
        .assert(
            2,
            "::error file=environments/staging/web.yaml,line=2,col=1,title=input::tab character used as indentation; YAML indents with spaces only\n",
            r#"
            error: tab character used as indentation; YAML indents with spaces only
              --> environments/staging/web.yaml:2:1
              |
            2 |  bad: 1
              | ^
              = hint: replace the tab with spaces
            "#,
        );
}

#[test]
fn an_input_that_cannot_be_read_is_still_reported_in_json() {
    schema_workspace("a: [\n")
        .run(&["validate", "--format", "json"])
        .assert(
            2,
            r#"
            {
              "errors": [
                {
                  "col": 1,
                  "file": "environments/staging/web.yaml",
                  "line": 2,
                  "message": "invalid YAML: while parsing a node, did not find expected node content"
                }
              ]
            }
            "#,
            r#"
            error: invalid YAML: while parsing a node, did not find expected node content
              --> environments/staging/web.yaml:2:1
            "#,
        );
}

#[test]
fn files_no_release_reads_are_reported() {
    schema_workspace("replicaCount: 2\n")
        .file("environments/staging/wbe.yaml", "replicaCount: 3\n")
        .file("environments/prod/web.yaml", "replicaCount: 3\n")
        .file("environments/staging/web/more.yml", "replicaCount: 4\n")
        .run(&["validate"])
        .assert(
            0,
            r#"
            prod/web:
            warning[stray-file]: environments/prod/web.yaml is not read by any release: `prod` is not a stage of strata.yaml (stages: staging)
              --> environments/prod/web.yaml:1:1
              |
            1 | replicaCount: 3
              | ^^^^^^^^^^^^

            staging/wbe:
            warning[stray-file]: environments/staging/wbe.yaml is not read by any release: there is no chart `wbe` (charts: web); did you mean `web`?
              --> environments/staging/wbe.yaml:1:1
              |
            1 | replicaCount: 3
              | ^^^^^^^^^^^^

            staging/web:
            warning[stray-file]: environments/staging/web/more.yml is not read by any release: overlays are `.yaml` files (environments/<stage>/<chart>.yaml or environments/<stage>/<chart>/*.yaml)
              --> environments/staging/web/more.yml:1:1
              |
            1 | replicaCount: 4
              | ^^^^^^^^^^^^

            1 release validated: 0 errors, 3 warnings
            "#,
            "",
        );
}

#[test]
fn source_lines_under_findings_hide_secrets_in_flow_mappings() {
    crate::support::one_overlay("auth: {password: PLANTED-FLOW, enabled: yes}\n")
        .run(&["validate"])
        .assert(
            1,
            r#"
            dev/web:
            error[unknown-key]: unknown key `auth`: chart web neither sets, documents nor reads it; if it does read it, list it in `lint.allowUnknown`
              --> environments/dev/web.yaml:1:1
              |
            1 | auth: {password: <redacted>, enabled: yes}
              | ^

            warning[yaml-hazard]: `yes` is read as the boolean true; write true, or quote it ("yes") if text is meant
              --> environments/dev/web.yaml:1:41
              |
            1 | auth: {password: <redacted>, enabled: yes}
              |                                         ^

            1 release validated: 1 error, 1 warning
            "#,
            "",
        );
}

/// A file's lines are shown from a model of the top-level entries holding them, not of the
/// whole file (`a: 2` is past the last line shown): a line is still redacted by what follows
/// it in its entry, the `name` after a `value`.
#[test]
fn source_lines_are_redacted_by_the_rest_of_their_top_level_entry() {
    crate::support::one_overlay(
        "env:\n  - value: PLANTED-FIRST\n    value: PLANTED-AGAIN\n    name: DB_PASSWORD\na: 2\n",
    )
    .run(&["validate"])
    .assert(
        1,
        r#"
            dev/web:
            error[duplicate-key]: key `value` is written twice in this map; this one wins and the one at environments/dev/web.yaml:2:5 is ignored
              --> environments/dev/web.yaml:3:5
              |
            3 |     value: <redacted>
              |     ^

            1 release validated: 1 error, 0 warnings
            "#,
        "",
    );
}

#[test]
fn secrets_of_secrets_paths_and_write_only_properties_are_never_shown() {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [dev]\nsecrets: [extra.pin]\npolicies:\n  - name: pin\n    path: extra.pin\n    pattern: \"^zz\"\n",
        )
        .file("charts/app/Chart.yaml", chart_yaml("app"))
        .file("charts/app/values.yaml", "extra: {}\n")
        .file(
            "schemas/app.schema.json",
            r#"{"properties": {"extra": {"properties": {"wo": {"writeOnly": true, "type": "integer"}}}}}"#,
        )
        .file(
            "environments/dev/app.yaml",
            "extra:\n  pin: 0777XYZ\n  wo: \"sekritXYZ\"\n",
        )
        .run(&["validate"])
        .assert(
            1,
            r#"
            dev/app:
            error[policy/pin]: `extra.pin` is <redacted>, which does not match `^zz`
              --> environments/dev/app.yaml:2:8
              |
            2 |   pin: <redacted>
              |        ^

            error[schema]: extra.wo: Invalid type. Expected: integer, given: string (schema schemas/app.schema.json#/properties/extra/properties/wo)
              --> environments/dev/app.yaml:3:7
              |
            3 |   wo: <redacted>
              |       ^

            1 release validated: 2 errors, 0 warnings
            "#,
            "",
        );
}

/// Stages staging and production of chart `web`, with staging's overlay in a misspelt
/// folder `environments/stagging/`.
fn near_miss_workspace() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "replicas: 1\n")
        .file("environments/stagging/web.yaml", "replicas: 2\n")
        .file("environments/production/web.yaml", "replicas: 3\n")
}

#[test]
fn a_folder_that_is_a_near_miss_of_a_stage_is_an_error() {
    let ws = near_miss_workspace();
    let expected = r#"
        staging:
        error[stray-file]: environments/stagging/ is not read by any release: `stagging` is not a stage of strata.yaml (stages: staging, production); did you mean `staging`?
          --> environments/stagging/

        "#;
    ws.run(&["validate"]).assert(
        1,
        &format!("{expected}2 releases validated: 1 error, 0 warnings\n"),
        "",
    );
    ws.run(&["validate", "-s", "staging"]).assert(
        1,
        &format!("{expected}1 release validated: 1 error, 0 warnings\n"),
        "",
    );
    ws.run(&["validate", "-s", "production"]).assert(
        0,
        "1 release validated: no errors, no warnings\n",
        "",
    );
}

#[test]
fn a_near_miss_folder_is_annotated_without_a_line() {
    near_miss_workspace()
        .run(&["validate", "-o", "github"])
        .assert(
            1,
            "::error file=environments/stagging/,title=stray-file::staging: environments/stagging/ is not read by any release: `stagging` is not a stage of strata.yaml (stages: staging, production); did you mean `staging`?\n",
            "",
        );
}

/// Two stages whose overlays both hold YAML errors.
fn two_unreadable_overlays() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "replicas: 1\n")
        .file("environments/staging/web.yaml", "replicas: 2\n\tbad: 1\n")
        .file("environments/production/web.yaml", "replicas: [\n")
}

const TWO_ERRORS: &str = r#"
    error: tab character used as indentation; YAML indents with spaces only
      --> environments/staging/web.yaml:2:1
      |
    2 |  bad: 1
      | ^
      = hint: replace the tab with spaces
    error: invalid YAML: while parsing a node, did not find expected node content
      --> environments/production/web.yaml:2:1
    "#;

#[test]
fn every_unreadable_input_is_reported() {
    let ws = two_unreadable_overlays();
    ws.run(&["validate"]).assert(2, "", TWO_ERRORS);
    ws.run(&["validate", "-o", "json"]).assert(
        2,
        r#"
        {
          "errors": [
            {
              "col": 1,
              "file": "environments/staging/web.yaml",
              "line": 2,
              "message": "tab character used as indentation; YAML indents with spaces only"
            },
            {
              "col": 1,
              "file": "environments/production/web.yaml",
              "line": 2,
              "message": "invalid YAML: while parsing a node, did not find expected node content"
            }
          ]
        }
        "#,
        TWO_ERRORS,
    );
    ws.run(&["validate", "--format", "github"]).assert(
        2,
        r#"
        ::error file=environments/staging/web.yaml,line=2,col=1,title=input::tab character used as indentation; YAML indents with spaces only
        ::error file=environments/production/web.yaml,line=2,col=1,title=input::invalid YAML: while parsing a node, did not find expected node content
        "#,
        TWO_ERRORS,
    );
}

#[test]
fn a_chart_file_every_stage_reads_is_reported_once() {
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "replicas: [\n")
        .run(&["validate", "--output", "github"])
        .assert(
            2,
            "::error file=charts/web/values.yaml,line=2,col=1,title=input::invalid YAML: while parsing a node, did not find expected node content\n",
            r#"
            error: invalid YAML: while parsing a node, did not find expected node content
              --> charts/web/values.yaml:2:1
            "#,
        );
}

#[test]
fn validate_takes_output_and_format_alike() {
    let ws = crate::support::web_workspace();
    let expected = "4 releases validated: no errors, no warnings\n";
    for flag in ["-o", "--output", "--format"] {
        ws.run(&["validate", flag, "text"]).assert(0, expected, "");
    }
}

/// The policies of the real-charts workspace: the three built-in ones on staging and
/// production, each exempting what no release here renders, and a policy of the workspace's
/// own whose path is misspelt (planted).
const REAL_STRATA_YAML: &str = "\
stages: [development, staging, production]
lint:
  severity:
    redundant-override: \"off\" # the charts' ci files restate defaults on purpose
policies:
  - use: pinned-image-tags
    stages: [staging, production]
    exclude: [\"**.permissionInitContainer\"]  # node-exporter's, for host-path mounts only
  - use: resources-requests
    stages: [staging, production]
    exclude: [migrations]                    # kong's jobs, not rendered without a database
  - use: replicas-or-autoscaling
    stages: [staging, production]
  - name: at-most-ten-replicas
    stages: [production]
    path: replicaCuont
    maximum: 10
";

/// What the team adds to the charts' ci overlays in staging and production: the requests
/// the charts leave empty (`resources: {}`).
const KONG_REQUESTS: &str = "\
resources:
  requests: {cpu: 500m, memory: 512Mi}
ingressController:
  resources:
    requests: {cpu: 100m, memory: 128Mi}
";

/// kube-prometheus-stack's requests; `more` is added at the end.
fn stack_requests(more: &str) -> String {
    format!(
        "\
alertmanager:
  alertmanagerSpec:
    resources: {{requests: {{cpu: 50m, memory: 64Mi}}}}
prometheus:
  prometheusSpec:
    resources: {{requests: {{cpu: 500m, memory: 2Gi}}}}
prometheusOperator:
  resources: {{requests: {{cpu: 100m, memory: 128Mi}}}}
  prometheusConfigReloader:
    resources: {{requests: {{cpu: 10m, memory: 32Mi}}}}
  admissionWebhooks:
    patch:
      resources: {{requests: {{cpu: 10m, memory: 32Mi}}}}
    deployment:
      resources: {{requests: {{cpu: 10m, memory: 32Mi}}}}
kube-state-metrics:
  resources: {{requests: {{cpu: 10m, memory: 64Mi}}}}
{more}"
    )
}

/// Real charts with their maintainers' ci overlays, the team's requests, and planted
/// mistakes: production pins `latest` (podinfo) and one replica without autoscaling (kong);
/// staging's stack forgets the node exporter's requests (left to a vendored subchart's
/// `resources: {}`, reported in the overlay, where the fix goes); development writes `replicaCount: three` and
/// `ingress: true` over a map (podinfo); staging misspells `imagee:` (podinfo); a policy's
/// path is misspelt. Besides them, only what is really there: Kong's own `test1-values.yaml`
/// sets `autoscaling.args`, which nothing in the chart reads, and `admin.ingress.hosts` may
/// be read through a helper (a warning). Nothing else is reported: empty tags are the
/// charts' appVersions, disabled subcharts and features (`enabled: false`) are not checked,
/// podinfo's `hpa` manages its replicas, keys Kong documents in comments or reads in its
/// templates are known. podinfo's production overlay writes nulls over null defaults, which
/// Helm 4 keeps (`helm4-change` warnings: the workspace is on Helm 3); the same nulls in the
/// vendored subcharts' defaults are left to the migration diff.
#[test]
fn real_charts_report_the_planted_mistakes_only() {
    let mut ws = real_workspace(REAL_STRATA_YAML)
        .file(
            "environments/development/podinfo.yaml",
            "replicaCount: three\ningress: true\n",
        )
        .file(
            "environments/staging/podinfo.yaml",
            "replicaCount: 2\nimagee:\n  tag: 6.7.1\n",
        )
        .file(
            "environments/production/podinfo/team.yaml",
            "image:\n  tag: latest\n",
        )
        .file("environments/staging/kong/team.yaml", KONG_REQUESTS)
        .file(
            "environments/production/kong/team.yaml",
            format!("{KONG_REQUESTS}replicaCount: 1\n"),
        )
        .file(
            "environments/staging/kube-prometheus-stack/team.yaml",
            stack_requests(""),
        )
        .file(
            "environments/production/kube-prometheus-stack/team.yaml",
            stack_requests(
                "prometheus-node-exporter:\n  resources: {requests: {cpu: 10m, memory: 32Mi}}\n",
            ),
        );
    for stage in ["staging", "production"] {
        for chart in ["kube-state-metrics", "prometheus-node-exporter"] {
            ws = ws.file(
                &format!("environments/{stage}/{chart}/team.yaml"),
                "resources:\n  requests: {cpu: 10m, memory: 32Mi}\n",
            );
        }
    }
    ws.run(&["validate"]).assert(
        1,
        r#"
        development/podinfo:
        error[type-change]: `replicaCount` is "three", but the chart's default (charts/podinfo/values.yaml:3:15) is a number: Helm does not check types
          --> environments/development/podinfo.yaml:1:15
          |
        1 | replicaCount: three
          |               ^^^^^

        error[type-change]: `ingress` is true, but the chart's default (charts/podinfo/values.yaml:196:3) is a map: Helm does not check types, and templates reading keys below it fail
          --> environments/development/podinfo.yaml:2:10
          |
        2 | ingress: true
          |          ^^^^

        staging/kong:
        error[unknown-key]: unknown key `autoscaling.args`: chart kong neither sets, documents nor reads it; if it does read it, list it in `lint.allowUnknown`
          --> environments/staging/kong.yaml:5:3
          |
        5 |   args:
          |   ^^^^

        staging/kube-prometheus-stack:
        error[policy/resources-requests]: `prometheus-node-exporter.resources.requests` is not set (in a dependency's defaults, charts/kube-prometheus-stack/charts/prometheus-node-exporter/values.yaml:334:1)
          --> environments/staging/kube-prometheus-stack/team.yaml:1:1
          |
        1 | alertmanager:
          | ^^^^^^^^^^^^

        staging/podinfo:
        error[unknown-key]: unknown key `imagee`: chart podinfo neither sets, documents nor reads it; did you mean `image`? If it does read it, list it in `lint.allowUnknown`
          --> environments/staging/podinfo.yaml:2:1
          |
        2 | imagee:
          | ^^^^^^

        production/kong:
        warning[unknown-key]: key `admin.ingress.hosts` may be unknown: chart kong neither sets nor documents it, but charts/kong/templates/_helpers.tpl:103 reads `.ingress.hosts` on what a helper is handed, which may be this key; if it is, list it in `lint.allowUnknown`
          --> environments/production/kong.yaml:35:5
           |
        35 |     hosts: []
           |     ^^^^^

        error[policy/replicas-or-autoscaling]: `replicaCount` is 1, less than the minimum 2
          --> environments/production/kong/team.yaml:6:15
          |
        6 | replicaCount: 1
          |               ^

        production/podinfo:
        warning[helm4-change]: Helm 4 computes tls.secretName otherwise: absent under Helm 3, null under Helm 4
          --> environments/production/podinfo.yaml:61:13
           |
        61 |   secretName:
           |             ^

        warning[helm4-change]: Helm 4 computes tls.hostPort otherwise: absent under Helm 3, null under Helm 4
          --> environments/production/podinfo.yaml:69:11
           |
        69 |   hostPort:
           |           ^

        warning[helm4-change]: Helm 4 computes hpa.memory otherwise: absent under Helm 3, null under Helm 4
          --> environments/production/podinfo.yaml:89:9
           |
        89 |   memory:
           |         ^

        warning[helm4-change]: Helm 4 computes hpa.requests otherwise: absent under Helm 3, null under Helm 4
          --> environments/production/podinfo.yaml:91:11
           |
        91 |   requests:
           |           ^

        warning[helm4-change]: Helm 4 computes serviceAccount.name otherwise: absent under Helm 3, null under Helm 4
          --> environments/production/podinfo.yaml:106:7
            |
        106 |   name:
            |       ^

        error[policy/pinned-image-tags]: `image.tag` is "latest", which this policy forbids
          --> environments/production/podinfo/team.yaml:2:8
          |
        2 |   tag: latest
          |        ^^^^^^

        strata.yaml:
        warning[unmatched-policy]: policy "at-most-ten-replicas": path `replicaCuont` matches no value in any release it applies to, so it can never fire
          --> strata.yaml:16:11
           |
        16 |     path: replicaCuont
           |           ^^^^^^^^^^^^

        15 releases validated: 7 errors, 7 warnings
        "#,
        "",
    );
}

/// Chart `web` (appVersion 1.0) with subcharts `db` (disabled), `metrics` (appVersion
/// `latest`) and `cache` (no appVersion); production's overlay sets the metrics requests and
/// misspells a number.
fn rendered_policies_workspace() -> Ws {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [production]\nlint:\n  severity:\n    type-change: warning\npolicies:\n  - use: pinned-image-tags\n  - use: resources-requests\n    exclude: [jobs]\n  - name: replicas\n    path: replicaCuont\n    minimum: 2\n",
        )
        .file(
            "charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: \"1.0\"\ndependencies:\n  - {name: db, version: 0.1.0, condition: db.enabled}\n  - {name: metrics, version: 0.1.0}\n  - {name: cache, version: 0.1.0}\n",
        )
        .file(
            "charts/web/values.yaml",
            "image: {repository: web, tag: \"\"}\nresources: {requests: {cpu: 1m}}\nsidecar:\n  enabled: false\n  image: {repository: s, tag: latest}\n  resources: {}\njobs:\n  resources: {}\ndb:\n  enabled: false\nreplicaCount: 1\n",
        )
        .file(
            "charts/web/charts/db/Chart.yaml",
            "apiVersion: v2\nname: db\nversion: 0.1.0\n",
        )
        .file(
            "charts/web/charts/db/values.yaml",
            "image: {repository: db, tag: latest}\nresources: {}\n",
        )
        .file(
            "charts/web/charts/metrics/Chart.yaml",
            "apiVersion: v2\nname: metrics\nversion: 0.1.0\nappVersion: latest\n",
        )
        .file(
            "charts/web/charts/metrics/values.yaml",
            "image: {repository: m, tag: \"\"}\nresources: {}\n",
        )
        .file(
            "charts/web/charts/cache/Chart.yaml",
            "apiVersion: v2\nname: cache\nversion: 0.1.0\n",
        )
        .file(
            "charts/web/charts/cache/values.yaml",
            "image: {repository: c, tag: \"\"}\nresources: {requests: {cpu: 1m}}\n",
        )
        .file(
            "environments/production/web.yaml",
            "replicaCount: two\nmetrics:\n  resources:\n    requests: {cpu: 1m}\n",
        )
}

/// Policies check what Helm renders: an empty tag is its chart's appVersion (the subchart's
/// for a subchart's value), a disabled subchart or feature and an excluded path are not
/// checked, a dependency's default is reported in the overlay (at the key enclosing it, or
/// at the top), and a policy whose path matches nothing is reported.
#[test]
fn policies_check_what_helm_renders() {
    let ws = rendered_policies_workspace();
    ws.run(&["validate"]).assert(
        1,
        r#"
        production/web:
        error[policy/pinned-image-tags]: `cache.image.tag` is empty, and chart cache has no appVersion for it to stand for (in a dependency's defaults, charts/web/charts/cache/values.yaml:1:29)
          --> environments/production/web.yaml:1:1
          |
        1 | replicaCount: two
          | ^^^^^^^^^^^^

        warning[type-change]: `replicaCount` is "two", but the chart's default (charts/web/values.yaml:11:15) is a number: Helm does not check types
          --> environments/production/web.yaml:1:15
          |
        1 | replicaCount: two
          |               ^^^

        error[policy/pinned-image-tags]: `metrics.image.tag` is "" (the appVersion of chart metrics: "latest"), which this policy forbids (in a dependency's defaults, charts/web/charts/metrics/values.yaml:1:29)
          --> environments/production/web.yaml:2:1
          |
        2 | metrics:
          | ^^^^^^^

        strata.yaml:
        warning[unmatched-policy]: policy "replicas": path `replicaCuont` matches no value in any release it applies to, so it can never fire
          --> strata.yaml:10:11
           |
        10 |     path: replicaCuont
           |           ^^^^^^^^^^^^

        1 release validated: 2 errors, 2 warnings
        "#,
        "",
    );
    ws.run(&["validate", "--format", "github"]).assert(
        1,
        r#"
        ::error file=environments/production/web.yaml,line=1,col=1,title=policy/pinned-image-tags::production/web: `cache.image.tag` is empty, and chart cache has no appVersion for it to stand for (in a dependency's defaults, charts/web/charts/cache/values.yaml:1:29)
        ::warning file=environments/production/web.yaml,line=1,col=15,title=type-change::production/web: `replicaCount` is "two", but the chart's default (charts/web/values.yaml:11:15) is a number: Helm does not check types
        ::error file=environments/production/web.yaml,line=2,col=1,title=policy/pinned-image-tags::production/web: `metrics.image.tag` is "" (the appVersion of chart metrics: "latest"), which this policy forbids (in a dependency's defaults, charts/web/charts/metrics/values.yaml:1:29)
        ::warning file=strata.yaml,line=10,col=11,title=unmatched-policy::strata.yaml: policy "replicas": path `replicaCuont` matches no value in any release it applies to, so it can never fire
        "#,
        "",
    );
}

/// A policy whose path matches nothing is reported once every release it applies to was
/// validated: with `-s`, it may match in a stage left out.
#[test]
fn a_policy_matching_nothing_is_reported_when_all_its_releases_were_validated() {
    let ws = Ws::new()
        .file(
            "strata.yaml",
            "stages: [staging, production]\npolicies:\n  - use: no-debug\n  - use: replicas-or-autoscaling\n    stages: [production]\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "replicaCount: 2\n");
    ws.run(&["validate", "-s", "production"]).assert(
        0,
        "1 release validated: no errors, no warnings\n",
        "",
    );
    ws.run(&["validate"]).assert(
        0,
        r#"
        strata.yaml:
        warning[unmatched-policy]: policy "no-debug": path `**.debug` matches no value in any release it applies to, so it can never fire
          --> strata.yaml:3:10
          |
        3 |   - use: no-debug
          |          ^^^^^^^^

        2 releases validated: 0 errors, 1 warning
        "#,
        "",
    );
}

/// `type-change`: a scalar over a map default and a word over a number are errors, unless
/// the chart's schema declares the key (it states the types it allows).
#[test]
fn a_value_of_another_type_than_the_default_is_reported_unless_the_schema_declares_it() {
    let ws = one_overlay("ingress: true\nresources: 100m\nreplicaCount: three\nport: http\n")
        .file(
            "charts/web/values.yaml",
            "ingress: {enabled: false}\nresources: {}\nreplicaCount: 1\nport: 80\n",
        )
        .file(
            "charts/web/values.schema.json",
            r#"{"properties": {"ingress": {"type": ["object", "boolean"]}}}"#,
        );
    ws.run(&["validate"]).assert(
        1,
        r#"
        dev/web:
        error[type-change]: `resources` is "100m", but the chart's default (charts/web/values.yaml:2:12) is a map: Helm does not check types, and templates reading keys below it fail
          --> environments/dev/web.yaml:2:12
          |
        2 | resources: 100m
          |            ^^^^

        error[type-change]: `replicaCount` is "three", but the chart's default (charts/web/values.yaml:3:15) is a number: Helm does not check types
          --> environments/dev/web.yaml:3:15
          |
        3 | replicaCount: three
          |               ^^^^^

        1 release validated: 2 errors, 0 warnings
        "#,
        "",
    );
}

/// A release with no overlay: a dependency's default is reported where its overlay would be.
#[test]
fn a_dependency_default_is_reported_where_the_missing_overlay_would_be() {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [production]\npolicies:\n  - use: resources-requests\n",
        )
        .file(
            "charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - {name: metrics, version: 0.1.0}\n",
        )
        .file("charts/web/values.yaml", "resources: {requests: {cpu: 1m}}\n")
        .file("charts/web/charts/metrics/Chart.yaml", chart_yaml("metrics"))
        .file("charts/web/charts/metrics/values.yaml", "resources: {}\n")
        .run(&["validate"])
        .assert(
            1,
            r#"
            production/web:
            error[policy/resources-requests]: `metrics.resources.requests` is not set (in a dependency's defaults, charts/web/charts/metrics/values.yaml:1:1)
              --> environments/production/web.yaml:1:1

            1 release validated: 1 error, 0 warnings
            "#,
            "",
        );
}

/// A packaged chart's subcharts are dependencies too: a violation in their defaults is
/// reported in the overlay, not inside the archive.
#[test]
fn a_violation_in_a_packaged_charts_subchart_is_reported_in_the_overlay() {
    let web = tgz(&[
        (
            "web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - {name: db, version: 0.1.0}\n",
        ),
        ("web/values.yaml", "a: 1\n"),
        ("web/charts/db/Chart.yaml", &chart_yaml("db")),
        ("web/charts/db/values.yaml", "port: \"5432\"\nname: x\n"),
        (
            "web/charts/db/values.schema.json",
            r#"{"properties": {"port": {"type": "integer"}}}"#,
        ),
    ]);
    Ws::new()
        .file("strata.yaml", "stages: [production]\n")
        .file("charts/web-0.1.0.tgz", web)
        .file("environments/production/web.yaml", "db:\n  name: other\n")
        .run(&["validate"])
        .assert(
            1,
            r#"
            production/web:
            error[schema]: port: Invalid type. Expected: integer, given: string (schema charts/web-0.1.0.tgz:charts/db:values.schema.json#/properties/port) (in a dependency's defaults, charts/web-0.1.0.tgz:charts/db:values.yaml:1:7)
              --> environments/production/web.yaml:1:1
              |
            1 | db:
              | ^^

            1 release validated: 1 error, 0 warnings
            "#,
            "",
        );
}

/// A schema violation in a dependency's defaults is reported in the overlay too, at the key
/// enclosing it.
#[test]
fn a_schema_violation_in_a_dependency_default_is_reported_in_the_overlay() {
    Ws::new()
        .file("strata.yaml", "stages: [production]\n")
        .file(
            "charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - {name: db, version: 0.1.0}\n",
        )
        .file("charts/web/values.yaml", "a: 1\n")
        .file("charts/web/charts/db/Chart.yaml", chart_yaml("db"))
        .file("charts/web/charts/db/values.yaml", "port: \"5432\"\nname: x\n")
        .file(
            "charts/web/charts/db/values.schema.json",
            r#"{"properties": {"port": {"type": "integer"}}}"#,
        )
        .file("environments/production/web.yaml", "db:\n  name: other\n")
        .run(&["validate"])
        .assert(
            1,
            r#"
            production/web:
            error[schema]: port: Invalid type. Expected: integer, given: string (schema charts/web/charts/db/values.schema.json#/properties/port) (in a dependency's defaults, charts/web/charts/db/values.yaml:1:7)
              --> environments/production/web.yaml:1:1
              |
            1 | db:
              | ^^

            1 release validated: 1 error, 0 warnings
            "#,
            "",
        );
}
