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
    web_workspace()
        .run(&["render", "--for-helm", "-s", "staging"])
        .assert(
            0,
            r#"
            ---
            # release: staging/web (namespace staging)
            replicas: 2
            debug: null
            "#,
            "",
        );
}

#[test]
fn for_helm_json_is_the_bare_values_object() {
    web_workspace()
        .run(&["render", "--for-helm", "-s", "production", "-o", "json"])
        .assert(
            0,
            r#"
            {
              "image": {
                "tag": "1.26"
              },
              "ports": [
                443
              ],
              "replicas": 4
            }
            "#,
            "",
        );
}

#[test]
fn for_helm_refuses_several_releases_on_standard_output() {
    web_workspace().run(&["render", "--for-helm"]).assert(
        2,
        "",
        r#"
        error: --for-helm prints the values of one release for `helm -f`; this selection has 4 releases
          = hint: `helm -f` reads only the first document of a file: select one release (-s STAGE -c CHART), or write one file per release with --out DIR
        "#,
    );
}

#[test]
fn for_helm_writes_several_releases_to_files() {
    let ws = web_workspace();
    ws.run(&[
        "render",
        "--for-helm",
        "--out",
        "out",
        "-s",
        "staging",
        "-s",
        "qa",
    ])
    .assert(0, "", "wrote 2 files under out\n");
    assert_eq!(
        ws.read("out/staging/web.yaml"),
        "replicas: 2\ndebug: null\n"
    );
    assert_eq!(ws.read("out/qa/web.yaml"), "{}\n");
}

#[test]
fn out_refuses_the_workspace_inputs() {
    let refused = [
        (".", "it is the workspace root"),
        ("environments", "it is the workspace's environments/ folder"),
        (
            "environments/../charts/",
            "it is the workspace's charts/ folder",
        ),
        (
            "charts/web/new",
            "it is inside the workspace's charts/ folder",
        ),
        ("schemas", "it is the workspace's schemas/ folder"),
        ("link-to-env", "it is the workspace's environments/ folder"),
        (
            "link-to-env/staging",
            "it is inside the workspace's environments/ folder",
        ),
    ];
    for (dir, reason) in refused {
        let ws = web_workspace().symlink("link-to-env", "environments");
        ws.run(&["render", "--out", dir]).assert(
            3,
            "",
            &format!(
                "error: refusing to write rendered values under {dir}: {reason}\n  = hint: write the rendered values to a folder of their own, outside environments/, charts/ and schemas/ (for example --out rendered)\n"
            ),
        );
        assert_eq!(
            ws.read("environments/staging/web.yaml"),
            "replicas: 2\ndebug: null\n",
            "{dir}"
        );
        assert_eq!(
            ws.read("environments/development/web.yaml"),
            "image:\n  tag: dev\n",
            "{dir}"
        );
    }
}

#[test]
fn out_refuses_a_folder_holding_the_workspace() {
    let ws = Ws::new()
        .file("ws/strata.yaml", "stages: [dev]\n")
        .file("ws/charts/web/Chart.yaml", chart_yaml("web"))
        .file("ws/charts/web/values.yaml", "a: 1\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["--color", "never", "render", "--out", ".."])
        .current_dir(ws.root().join("ws"))
        .output()
        .expect("strata runs");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: refusing to write rendered values under ..: it holds the workspace\n  = hint: write the rendered values to a folder of their own, outside environments/, charts/ and schemas/ (for example --out rendered)\n"
    );
    assert!(!ws.root().join("dev").exists());
}

#[test]
fn checks_the_chart_schema_like_helm_template() {
    let ws = web_workspace().file(
        "charts/web/values.schema.json",
        r#"{"properties": {"replicas": {"type": "integer", "maximum": 3}}}"#,
    );
    let refused = r#"
        error: replicas: Must be less than or equal to 3
          --> environments/production/web/b-last.yaml:1:11
          |
        1 | replicas: 4
          |           ^
          = schema: charts/web/values.schema.json#/properties/replicas

        error: production/web: values don't meet the specifications of the schema(s) in the following chart(s):
        web:
        - replicas: Must be less than or equal to 3
        "#;
    ws.run(&["render", "-s", "production"])
        .assert(2, "", refused);
    ws.run(&["render", "--out", "out"]).assert(2, "", refused);
    assert!(!ws.root().join("out").exists());
    ws.run(&[
        "render",
        "-s",
        "production",
        "--skip-schema-validation",
        "-o",
        "json",
    ])
    .assert(
        0,
        r#"
            {
              "releases": [
                {
                  "chart": "web",
                  "namespace": "production",
                  "stage": "production",
                  "values": {
                    "debug": true,
                    "image": {
                      "repository": "nginx",
                      "tag": "1.26"
                    },
                    "ports": [
                      443
                    ],
                    "replicas": 4
                  }
                }
              ]
            }
            "#,
        "",
    );
}

#[test]
fn warns_of_a_folder_that_is_a_near_miss_of_a_selected_stage() {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "replicas: 1\n")
        .file("environments/stagging/web.yaml", "replicas: 2\n");
    ws.run(&["render", "-s", "staging"]).assert(
        0,
        r#"
        ---
        # release: staging/web (namespace staging)
        replicas: 1
        "#,
        "warning: environments/stagging/ is not read by any release: `stagging` is not a stage of strata.yaml (stages: staging, production); did you mean `staging`?\n",
    );
    ws.run(&["render", "-s", "production"]).assert(
        0,
        r#"
        ---
        # release: production/web (namespace production)
        replicas: 1
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

#[test]
fn for_helm_reads_no_chart_without_a_schema_to_check() {
    // The chart's values.yaml does not parse: the user values do not need it, and with no
    // values.schema.json nothing else does.
    let ws = Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "a: [\n")
        .file("environments/dev/web.yaml", "a: 1\n");
    ws.run(&["render", "--for-helm"]).assert(
        0,
        "
        ---
        # release: dev/web (namespace dev)
        a: 1
        ",
        "",
    );
    let ws = ws.file("charts/web/values.schema.json", "{}");
    let out = ws.run(&["render", "--for-helm"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}
