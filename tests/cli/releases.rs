//! `releases:` in strata.yaml: two releases of one chart, each with its namespace and
//! overlays, a release in one stage only, and `-r/--release` on the commands.

use crate::support::{helm, Ws};

/// Two gateways from the chart `kong` (one in its own namespace) and a debug tool that runs
/// in `dev` only; `environments/prod/debug-tools.yaml` is left over from when it ran there.
fn gateways() -> Ws {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [dev, prod]\nreleases:\n  - name: gateway-public\n    chart: kong\n    namespace: edge\n  - name: gateway-internal\n    chart: kong\n  - name: debug-tools\n    chart: toolbox\n    stages: [dev]\n",
        )
        .file(
            "charts/kong/Chart.yaml",
            "apiVersion: v2\nname: kong\nversion: 2.48.0\n",
        )
        .file("charts/kong/values.yaml", "replicas: 1\nhost: localhost\n")
        .file(
            "charts/kong/templates/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  host: {{ .Values.host | quote }}\n",
        )
        .file(
            "charts/toolbox/Chart.yaml",
            "apiVersion: v2\nname: toolbox\nversion: 0.1.0\n",
        )
        .file("charts/toolbox/values.yaml", "debug: false\n")
        .file("environments/dev/stage.yaml", "namespace: apps-dev\n")
        .file("environments/dev/gateway-public.yaml", "host: public.dev\n")
        .file("environments/dev/gateway-internal.yaml", "host: internal.dev\n")
        .file("environments/prod/gateway-public.yaml", "replicas: 3\n")
        .file("environments/dev/debug-tools.yaml", "debug: true\n")
        .file("environments/prod/debug-tools.yaml", "debug: true\n")
}

#[test]
fn render_names_each_release_its_chart_and_namespace() {
    gateways().run(&["render"]).assert(
        0,
        r#"
        ---
        # release: dev/debug-tools (chart toolbox, namespace apps-dev)
        debug: true
        ---
        # release: dev/gateway-internal (chart kong, namespace apps-dev)
        replicas: 1
        host: internal.dev
        ---
        # release: dev/gateway-public (chart kong, namespace edge)
        replicas: 1
        host: public.dev
        ---
        # release: prod/gateway-internal (chart kong, namespace prod)
        replicas: 1
        host: localhost
        ---
        # release: prod/gateway-public (chart kong, namespace edge)
        replicas: 3
        host: localhost
        "#,
        "",
    );
}

#[test]
fn c_selects_the_releases_of_a_chart_and_json_names_the_release() {
    gateways()
        .run(&["render", "-c", "kong", "-s", "prod", "-o", "json"])
        .assert(
            0,
            r#"
            {
              "releases": [
                {
                  "chart": "kong",
                  "namespace": "prod",
                  "release": "gateway-internal",
                  "stage": "prod",
                  "values": {
                    "host": "localhost",
                    "replicas": 1
                  }
                },
                {
                  "chart": "kong",
                  "namespace": "edge",
                  "release": "gateway-public",
                  "stage": "prod",
                  "values": {
                    "host": "localhost",
                    "replicas": 3
                  }
                }
              ]
            }
            "#,
            "",
        );
}

#[test]
fn for_helm_files_are_named_after_the_releases() {
    let ws = gateways();
    ws.run(&[
        "render",
        "--for-helm",
        "--out",
        "out",
        "-r",
        "gateway-public",
    ])
    .assert(0, "", "wrote 2 files under out\n");
    assert_eq!(ws.read("out/dev/gateway-public.yaml"), "host: public.dev\n");
    assert_eq!(ws.read("out/prod/gateway-public.yaml"), "replicas: 3\n");
}

#[test]
fn an_unknown_release_is_an_error_listing_the_releases() {
    gateways().run(&["render", "-r", "nope"]).assert(
        2,
        "",
        "error: unknown release \"nope\"; the releases are: debug-tools, gateway-internal, gateway-public\n",
    );
    gateways().run(&["explain", "dev", "kong", "replicas"]).assert(
        2,
        "",
        "error: chart \"kong\" backs several releases (gateway-internal, gateway-public); name one\n",
    );
    gateways()
        .run(&["explain", "prod", "debug-tools", "debug"])
        .assert(
            2,
            "",
            "error: release \"debug-tools\" does not run in stage \"prod\"; it runs in: dev\n",
        );
}

#[test]
fn explain_takes_a_release_or_the_chart_of_one() {
    gateways()
        .run(&["explain", "prod", "gateway-public", "replicas"])
        .assert(
            0,
            r#"
            prod/gateway-public (chart kong, namespace edge) replicas = 3
              from environments/prod/gateway-public.yaml:1:11

            layers, most recent last:
              set      charts/kong/values.yaml:1:11                1  chart defaults
              override environments/prod/gateway-public.yaml:1:11  3  stage overlay
            "#,
            "",
        );
    gateways()
        .run(&["explain", "dev", "toolbox", "debug"])
        .assert(
            0,
            r#"
        dev/debug-tools (chart toolbox, namespace apps-dev) debug = true
          from environments/dev/debug-tools.yaml:1:8

        layers, most recent last:
          set      charts/toolbox/values.yaml:1:8         false  chart defaults
          override environments/dev/debug-tools.yaml:1:8  true  stage overlay
        "#,
            "",
        );
}

#[test]
fn stages_and_charts_list_the_releases_where_they_run() {
    gateways().run(&["stages"]).assert(
        0,
        r#"
        1. dev (namespace apps-dev)
           debug-tools (chart toolbox, namespace apps-dev): environments/dev/debug-tools.yaml
           gateway-internal (chart kong, namespace apps-dev): environments/dev/gateway-internal.yaml
           gateway-public (chart kong, namespace edge): environments/dev/gateway-public.yaml
        2. prod (namespace prod)
           gateway-internal (chart kong, namespace prod): (no overlay: chart defaults only)
           gateway-public (chart kong, namespace edge): environments/prod/gateway-public.yaml
        "#,
        "",
    );
    gateways().run(&["charts"]).assert(
        0,
        r#"
        kong (chart kong 2.48.0)
          dev/gateway-internal (namespace apps-dev): charts/kong/values.yaml < environments/dev/gateway-internal.yaml
          dev/gateway-public (namespace edge): charts/kong/values.yaml < environments/dev/gateway-public.yaml
          prod/gateway-internal (namespace prod): charts/kong/values.yaml
          prod/gateway-public (namespace edge): charts/kong/values.yaml < environments/prod/gateway-public.yaml
        toolbox (chart toolbox 0.1.0)
          dev/debug-tools (namespace apps-dev): charts/toolbox/values.yaml < environments/dev/debug-tools.yaml
        "#,
        "",
    );
}

#[test]
fn validate_reports_an_overlay_for_a_stage_the_release_does_not_run_in() {
    gateways().run(&["validate"]).assert(
        0,
        r#"
        prod/debug-tools:
        warning[stray-file]: environments/prod/debug-tools.yaml is not read by any release: release `debug-tools` does not run in stage `prod` (it runs in: dev)
          --> environments/prod/debug-tools.yaml:1:1
          |
        1 | debug: true
          | ^^^^^

        5 releases validated: 0 errors, 1 warning
        "#,
        "",
    );
    gateways()
        .run(&["validate", "-r", "gateway-public", "-s", "dev"])
        .assert(0, "1 release validated: no errors, no warnings\n", "");
}

#[test]
fn diff_and_matrix_compare_releases_by_name() {
    gateways()
        .run(&[
            "diff",
            "dev",
            "prod",
            "-r",
            "debug-tools",
            "-r",
            "gateway-internal",
        ])
        .assert(
            0,
            r#"
        strata diff: dev → prod

        debug-tools (chart toolbox, namespace apps-dev): 0 changed, 0 added, 1 removed (runs in dev only)
          drift (1):
            - debug: true
                environments/dev/debug-tools.yaml:1:8

        gateway-internal (chart kong, namespace apps-dev → prod): 1 changed, 0 added, 0 removed
          drift (1):
            ~ host: "internal.dev" → "localhost"
                environments/dev/gateway-internal.yaml:1:7 → charts/kong/values.yaml:2:7

        2 of 2 releases changed: 1 changed, 0 added, 1 removed
        "#,
            "",
        );
    gateways().run(&["matrix", "-r", "gateway-public"]).assert(
        0,
        r#"
        gateway-public (chart kong, namespace edge): 2 keys differ
            key       dev           prod
          drift:
            replicas  1             3
            host      "public.dev"  "localhost"
        "#,
        "",
    );
}

#[test]
fn helm_template_gets_the_release_name_and_namespace() {
    let helm = helm().display().to_string();
    gateways()
        .run_with_env(
            &["template", "-s", "prod", "-r", "gateway-public"],
            &[("STRATA_HELM", Some(&helm))],
        )
        .assert(
            0,
            r#"
            # release: prod/gateway-public (chart kong, namespace edge)
            ---
            # Source: kong/templates/cm.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: gateway-public
              namespace: edge
            data:
              host: "localhost"
            "#,
            "",
        );
}

#[test]
fn a_release_of_a_chart_the_workspace_lacks_is_an_error_at_its_place() {
    gateways()
        .file(
            "strata.yaml",
            "stages: [dev]\nreleases:\n  - name: web\n    chart: nginx\n",
        )
        .run(&["render"])
        .assert(
            2,
            "",
            r#"
            error: release "web": unknown chart "nginx"; the charts are: kong, toolbox
              --> strata.yaml:3:5
              |
            3 |   - name: web
              |     ^^^^
            "#,
        );
}
