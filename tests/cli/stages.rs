//! `strata stages` and `strata charts`: what the workspace holds.

use crate::support::{web_workspace, Ws};

/// The shared workspace plus a second chart, `api` (named `api-server` in its Chart.yaml,
/// with an appVersion), overlaid only in staging, and a namespace for production.
fn two_charts() -> Ws {
    web_workspace()
        .file(
            "charts/api/Chart.yaml",
            "apiVersion: v2\nname: api-server\nversion: 2.0.0\nappVersion: \"3.1\"\n",
        )
        .file("charts/api/values.yaml", "port: 8080\n")
        .file("environments/staging/api.yaml", "port: 9090\n")
        .file(
            "environments/production/stage.yaml",
            "namespace: web-prod\ndomain: example.com\n",
        )
}

#[test]
fn stages_lists_namespaces_and_overlays_in_promotion_order() {
    two_charts().run(&["stages"]).assert(
        0,
        r#"
        1. development (namespace development)
           api: (no overlay: chart defaults only)
           web: environments/development/web.yaml
        2. staging (namespace staging)
           api: environments/staging/api.yaml
           web: environments/staging/web.yaml
        3. production (namespace web-prod)
           api: (no overlay: chart defaults only)
           web: environments/production/web.yaml, environments/production/web/a-first.yaml, environments/production/web/b-last.yaml
        4. qa (namespace qa)
           api: (no overlay: chart defaults only)
           web: (no overlay: chart defaults only)
        "#,
        "",
    );
}

#[test]
fn charts_lists_the_layers_of_each_release() {
    two_charts().run(&["charts"]).assert(
        0,
        r#"
        api (chart api-server 2.0.0, app 3.1)
          development: charts/api/values.yaml
          staging: charts/api/values.yaml < environments/staging/api.yaml
          production: charts/api/values.yaml
          qa: charts/api/values.yaml
        web (chart web 1.2.3)
          development: charts/web/values.yaml < environments/development/web.yaml
          staging: charts/web/values.yaml < environments/staging/web.yaml
          production: charts/web/values.yaml < environments/production/web.yaml < environments/production/web/a-first.yaml < environments/production/web/b-last.yaml
          qa: charts/web/values.yaml
        "#,
        "",
    );
}

#[test]
fn namespace_from_stage_yaml_names_the_release() {
    two_charts()
        .run(&["render", "-s", "production", "-c", "api", "-o", "json"])
        .assert(
            0,
            r#"
            {
              "releases": [
                {
                  "chart": "api",
                  "namespace": "web-prod",
                  "stage": "production",
                  "values": {
                    "port": 8080
                  }
                }
              ]
            }
            "#,
            "",
        );
}

#[test]
fn unknown_key_in_strata_yaml_points_at_the_key() {
    Ws::new()
        .file("strata.yaml", "chart: [web]\n")
        .run(&["stages"])
        .assert(
            2,
            "",
            r#"
            error: unknown key "chart" in strata.yaml; known keys: stages, overlays, limits, lint, policies, diff, secrets, helm, kubernetes, manifests, charts, promotion, releases, vars, requiredVars
              --> strata.yaml:1:1
              |
            1 | chart: [web]
              | ^^^^^
            "#,
        );
}

#[test]
fn stage_listed_twice_points_at_the_second() {
    Ws::new()
        .file("strata.yaml", "stages: [dev, prod, dev]\n")
        .run(&["stages"])
        .assert(
            2,
            "",
            r#"
            error: stage "dev" is listed twice
              --> strata.yaml:1:21
              |
            1 | stages: [dev, prod, dev]
              |                     ^^^
            "#,
        );
}

#[test]
fn an_overlay_pattern_leaving_the_workspace_is_refused() {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [dev]\noverlays: [\"../../etc/{chart}.yaml\"]\n",
        )
        .run(&["stages"])
        .assert(
            3,
            "",
            r#"
            error: overlay pattern "../../etc/{chart}.yaml" leaves the workspace; overlays must stay inside it
              --> strata.yaml:2:12
              |
            2 | overlays: ["../../etc/{chart}.yaml"]
              |            ^^^^^^^^^^^^^^^^^^^^^^^^
            "#,
        );
}

#[test]
fn help_lists_the_input_limits_under_their_own_heading() {
    Ws::new().run(&["stages", "-h"]).assert(
        0,
        r#"
        List the stages in promotion order

        Usage: strata stages [OPTIONS]

        Options:
              --color <WHEN>  When to use colour: auto (on a terminal, unless NO_COLOR is set), always,
                              never [default: auto] [possible values: auto, always, never]
          -h, --help          Print help (see more with '--help')
          -V, --version       Print version

        Input limits:
              --max-file-bytes <BYTES>  Largest input file read, in bytes [default: 4194304, at most
                                        1073741824]
              --max-depth <N>           Deepest nesting of maps and lists in a YAML file [default: 200, at
                                        most 255]
              --max-alias-nodes <N>     Most nodes that aliases may expand to in one YAML file [default:
                                        100000, at most 20000000]
              --max-nodes <N>           Most nodes in one YAML file [default: 2000000, at most 20000000]
        "#,
        "",
    );
}
