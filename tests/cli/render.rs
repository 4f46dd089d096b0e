//! `strata render`: every release's values, as YAML, annotated YAML, JSON, Helm's user
//! values, or files.

use crate::support::{chart_yaml, web_workspace, Ws};

#[test]
fn prints_every_release_in_promotion_order() {
    web_workspace().run(&["render"]).assert(
        0,
        r#"
        ---
        # release: development/web (namespace development)
        replicas: 1
        image:
          repository: nginx
          tag: dev
        ports:
          - 80
          - 443
        debug: true
        ---
        # release: staging/web (namespace staging)
        replicas: 2
        image:
          repository: nginx
          tag: "1.25"
        ports:
          - 80
          - 443
        ---
        # release: production/web (namespace production)
        replicas: 4
        image:
          repository: nginx
          tag: "1.26"
        ports:
          - 443
        debug: true
        ---
        # release: qa/web (namespace qa)
        replicas: 1
        image:
          repository: nginx
          tag: "1.25"
        ports:
          - 80
          - 443
        debug: true
        "#,
        "",
    );
}

#[test]
fn annotate_names_the_origin_of_every_value() {
    web_workspace()
        .run(&[
            "render",
            "-s",
            "production",
            "--annotate",
            "--set",
            "image.repository=caddy",
        ])
        .assert(
            0,
            r#"
            ---
            # release: production/web (namespace production)
            replicas: 4  # environments/production/web/b-last.yaml:1:11
            image:
              repository: caddy  # --set image.repository=caddy
              tag: "1.26"  # environments/production/web.yaml:3:8
            ports:
              - 443  # environments/production/web/a-first.yaml:2:9
            debug: true  # charts/web/values.yaml:6:8
            "#,
            "",
        );
}

#[test]
fn annotate_names_chart_defaults_for_a_release_without_overlay() {
    web_workspace()
        .run(&["render", "-s", "qa", "--annotate"])
        .assert(
            0,
            r#"
            ---
            # release: qa/web (namespace qa)
            replicas: 1  # charts/web/values.yaml:1:11
            image:
              repository: nginx  # charts/web/values.yaml:3:15
              tag: "1.25"  # charts/web/values.yaml:4:8
            ports:
              - 80  # charts/web/values.yaml:5:9
              - 443  # charts/web/values.yaml:5:13
            debug: true  # charts/web/values.yaml:6:8
            "#,
            "",
        );
}

#[test]
fn json_sorts_keys_and_names_each_release() {
    web_workspace()
        .run(&["render", "-o", "json", "-s", "staging"])
        .assert(
            0,
            r#"
            {
              "releases": [
                {
                  "chart": "web",
                  "namespace": "staging",
                  "stage": "staging",
                  "values": {
                    "image": {
                      "repository": "nginx",
                      "tag": "1.25"
                    },
                    "ports": [
                      80,
                      443
                    ],
                    "replicas": 2
                  }
                }
              ]
            }
            "#,
            "",
        );
}

#[test]
fn annotate_needs_yaml_output() {
    web_workspace()
        .run(&["render", "-o", "json", "--annotate"])
        .assert(2, "", "error: --annotate needs YAML output (-o yaml)\n");
}

#[test]
fn for_helm_prints_the_user_values_with_nulls_kept() {
    web_workspace().run(&["render", "--for-helm"]).assert(
        0,
        r#"
        ---
        # release: development/web (namespace development)
        image:
          tag: dev
        ---
        # release: staging/web (namespace staging)
        replicas: 2
        debug: null
        ---
        # release: production/web (namespace production)
        replicas: 4
        image:
          tag: "1.26"
        ports:
          - 443
        ---
        # release: qa/web (namespace qa)
        {}
        "#,
        "",
    );
}

#[test]
fn out_writes_one_file_per_release() {
    let ws = web_workspace();
    ws.run(&["render", "--out", "out"])
        .assert(0, "", "wrote 4 files under out\n");
    let files = [
        (
            "out/development/web.yaml",
            "replicas: 1\nimage:\n  repository: nginx\n  tag: dev\nports:\n  - 80\n  - 443\ndebug: true\n",
        ),
        (
            "out/staging/web.yaml",
            "replicas: 2\nimage:\n  repository: nginx\n  tag: \"1.25\"\nports:\n  - 80\n  - 443\n",
        ),
        (
            "out/production/web.yaml",
            "replicas: 4\nimage:\n  repository: nginx\n  tag: \"1.26\"\nports:\n  - 443\ndebug: true\n",
        ),
        (
            "out/qa/web.yaml",
            "replicas: 1\nimage:\n  repository: nginx\n  tag: \"1.25\"\nports:\n  - 80\n  - 443\ndebug: true\n",
        ),
    ];
    for (path, contents) in files {
        assert_eq!(ws.read(path), contents, "{path}");
    }
}

#[test]
fn out_writes_json_files() {
    let ws = web_workspace();
    ws.run(&[
        "render", "--out", "out", "-o", "json", "-s", "staging", "-s", "qa",
    ])
    .assert(0, "", "wrote 2 files under out\n");
    assert_eq!(
        ws.read("out/staging/web.json"),
        "{\n  \"image\": {\n    \"repository\": \"nginx\",\n    \"tag\": \"1.25\"\n  },\n  \"ports\": [\n    80,\n    443\n  ],\n  \"replicas\": 2\n}\n"
    );
    assert_eq!(
        ws.read("out/qa/web.json"),
        "{\n  \"debug\": true,\n  \"image\": {\n    \"repository\": \"nginx\",\n    \"tag\": \"1.25\"\n  },\n  \"ports\": [\n    80,\n    443\n  ],\n  \"replicas\": 1\n}\n"
    );
}

#[test]
fn selects_stages_and_charts() {
    web_workspace()
        .file("charts/api/Chart.yaml", chart_yaml("api"))
        .file("charts/api/values.yaml", "port: 8080\n")
        .file("environments/development/api.yaml", "port: 9090\n")
        .run(&["render", "-s", "qa", "-s", "development", "-c", "api"])
        .assert(
            0,
            r#"
            ---
            # release: development/api (namespace development)
            port: 9090
            ---
            # release: qa/api (namespace qa)
            port: 8080
            "#,
            "",
        );
}

#[test]
fn unknown_stage_lists_the_stages() {
    web_workspace().run(&["render", "-s", "prod"]).assert(
        2,
        "",
        "error: unknown stage \"prod\"; the stages are: development, staging, production, qa\n",
    );
}

#[test]
fn unknown_chart_lists_the_charts() {
    web_workspace().run(&["render", "-c", "wbe"]).assert(
        2,
        "",
        "error: unknown chart \"wbe\"; the charts are: web\n",
    );
}

#[test]
fn outside_a_workspace_is_an_error() {
    Ws::new().run(&["render"]).assert(
        2,
        "",
        r#"
        error: no strata.yaml found in [WS] or any parent folder
          = hint: create one naming the stages, e.g. `stages: [development, staging, production]`
        "#,
    );
}

#[test]
fn warns_when_an_overlay_map_replaces_a_default_scalar() {
    // Helm prints "warning: skipped value for web.debug: Not a table." and keeps the map.
    web_workspace()
        .file("environments/qa/web.yaml", "debug:\n  level: 2\n")
        .run(&["render", "-s", "qa"])
        .assert(
            0,
            r#"
            ---
            # release: qa/web (namespace qa)
            replicas: 1
            image:
              repository: nginx
              tag: "1.25"
            ports:
              - 80
              - 443
            debug:
              level: 2
            "#,
            "warning: qa/web: skipped value for web.debug: Not a table.\n",
        );
}
