//! `strata explain`: a key's final value and every layer that set, overrode or deleted it.

use crate::support::web_workspace;

#[test]
fn default_overridden_by_an_overlay() {
    web_workspace()
        .run(&["explain", "production", "web", "image.tag"])
        .assert(
            0,
            r#"
            production/web image.tag = "1.26"
              from environments/production/web.yaml:3:8

            layers, most recent last:
              set      charts/web/values.yaml:4:8            "1.25"  chart defaults
              override environments/production/web.yaml:3:8  "1.26"  stage overlay
            "#,
            "",
        );
}

#[test]
fn overlay_folder_applies_after_the_overlay_in_name_order() {
    web_workspace()
        .run(&["explain", "production", "web", "replicas"])
        .assert(
            0,
            r#"
            production/web replicas = 4
              from environments/production/web/b-last.yaml:1:11

            layers, most recent last:
              set      charts/web/values.yaml:1:11                    1  chart defaults
              override environments/production/web.yaml:1:11          3  stage overlay
              override environments/production/web/a-first.yaml:1:11  5  stage overlay
              override environments/production/web/b-last.yaml:1:11   4  stage overlay
            "#,
            "",
        );
}

#[test]
fn key_deleted_by_null_names_the_null() {
    web_workspace()
        .run(&["explain", "staging", "web", "debug"])
        .assert(
            0,
            r#"
            staging/web debug is not set

            layers, most recent last:
              set      charts/web/values.yaml:6:8         true  chart defaults
              delete   environments/staging/web.yaml:2:8  null  stage overlay
            "#,
            "",
        );
}

#[test]
fn key_set_on_the_command_line() {
    // Helm's --set types whole numbers and booleans only: 1.27 stays a string.
    web_workspace()
        .run(&[
            "explain",
            "qa",
            "web",
            "image.tag",
            "--set",
            "image.tag=1.27",
        ])
        .assert(
            0,
            r#"
            qa/web image.tag = "1.27"
              from --set image.tag=1.27

            layers, most recent last:
              set      charts/web/values.yaml:4:8  "1.25"  chart defaults
              override --set image.tag=1.27        "1.27"  --set
            "#,
            "",
        );
}

#[test]
fn key_under_a_map_an_overlay_replaced_by_a_scalar() {
    web_workspace()
        .file("environments/qa/web.yaml", "image: nginx:1.27\n")
        .run(&["explain", "qa", "web", "image.tag"])
        .assert(
            0,
            r#"
            qa/web image.tag is not set

            layers, most recent last:
              set      charts/web/values.yaml:4:8    "1.25"  chart defaults
              replace  environments/qa/web.yaml:1:8  "nginx:1.27" (at image)  stage overlay
            "#,
            "",
        );
}

#[test]
fn key_set_nowhere_is_an_error() {
    web_workspace()
        .run(&["explain", "production", "web", "image.digest"])
        .assert(
            2,
            "",
            "error: image.digest is not set in any layer of production/web\n",
        );
}

#[test]
fn unknown_stage_lists_the_stages() {
    web_workspace()
        .run(&["explain", "prod", "web", "image.tag"])
        .assert(
            2,
            "",
            "error: unknown stage \"prod\"; the stages are: development, staging, production, qa\n",
        );
}

#[test]
fn secret_values_are_redacted() {
    crate::support::one_overlay("auth:\n  password: hunter2\n")
        .run(&["explain", "dev", "web", "auth.password"])
        .assert(
            0,
            r#"
            dev/web auth.password = <redacted> (7 bytes)
              from environments/dev/web.yaml:2:13

            layers, most recent last:
              set      environments/dev/web.yaml:2:13  <redacted> (7 bytes)  stage overlay
            "#,
            "",
        );
}

#[test]
fn secrets_inside_a_map_shown_whole_are_hidden() {
    crate::support::one_overlay(
        "auth:\n  password: hunter2\n  dsn: \"mysql://admin:Pa55@db/app\"\n  pin: 1234\n",
    )
    .file("strata.yaml", "stages: [dev]\nsecrets: [auth.pin]\n")
    .run(&["explain", "dev", "web", "auth"])
    .assert(
        0,
        r#"
        dev/web auth = {"password":"<redacted> (7 bytes)","dsn":"mysql://<redacted>@db/app","pin":"<redacted> (4 bytes)"}
          from environments/dev/web.yaml:2:3

        layers, most recent last:
          set      environments/dev/web.yaml:2:3  {"password":"<redacted> (7 bytes)","dsn":"mysql://<redacted>@db/app","pin":"<redacted> (4 bytes)"}  stage overlay
        "#,
        "",
    );
}

#[test]
fn a_null_on_a_global_deletes_it_in_a_subchart_too() {
    crate::support::Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file(
            "charts/app/Chart.yaml",
            "apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n",
        )
        .file("charts/app/values.yaml", "x: 1\n")
        .file("charts/app/charts/sub/Chart.yaml", crate::support::chart_yaml("sub"))
        .file("charts/app/charts/sub/values.yaml", "global:\n  gs: subonly\n")
        .file("environments/dev/app.yaml", "global:\n  gs: null\n")
        .run(&["explain", "dev", "app", "sub.global.gs"])
        .assert(
            0,
            r#"
            dev/app sub.global.gs is not set

            layers, most recent last:
              set      charts/app/charts/sub/values.yaml:2:7  "subonly"  chart defaults
              delete   environments/dev/app.yaml:2:7          null  stage overlay
            "#,
            "",
        );
}

/// Every kind of layer in precedence order: a subchart's default, the overlay, a `-f` file,
/// then the flags in the order Helm applies them (`--set` before `--set-string`, whatever
/// the command line's order).
#[test]
fn layers_come_in_helms_order_from_a_subchart_default_to_the_flags() {
    crate::support::Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/app/Chart.yaml", crate::support::chart_yaml("app"))
        .file("charts/app/values.yaml", "x: 1\n")
        .file(
            "charts/app/charts/db/Chart.yaml",
            crate::support::chart_yaml("db"),
        )
        .file("charts/app/charts/db/values.yaml", "port: 5432\n")
        .file("environments/dev/app.yaml", "db:\n  port: 6432\n")
        .file("extra.yaml", "db:\n  port: 7432\n")
        .run(&[
            "explain",
            "dev",
            "app",
            "db.port",
            "-f",
            "extra.yaml",
            "--set-string",
            "db.port=9432",
            "--set",
            "db.port=8432",
        ])
        .assert(
            0,
            r#"
            dev/app db.port = "9432"
              from --set-string db.port=9432

            layers, most recent last:
              set      charts/app/charts/db/values.yaml:1:7  5432  chart defaults
              override environments/dev/app.yaml:2:9         6432  stage overlay
              override extra.yaml:2:9                        7432  -f
              override --set db.port=8432                    8432  --set
              override --set-string db.port=9432             "9432"  --set-string
            "#,
            "",
        );
}

/// Chart `web` with a list of `env` pairs and a dotted annotation key, overridden in
/// `production`.
fn paths_workspace() -> crate::support::Ws {
    crate::support::Ws::new()
        .file("strata.yaml", "stages: [production]\n")
        .file("charts/web/Chart.yaml", crate::support::chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "env:\n  - name: A\n    value: \"1\"\n  - name: MODE\n    value: slow\nannotations:\n  prometheus.io/scrape: \"false\"\n",
        )
        .file(
            "environments/production/web.yaml",
            "env:\n  - name: MODE\n    value: fast\n  - name: A\n    value: \"1\"\nannotations:\n  prometheus.io/scrape: \"true\"\n",
        )
}

#[test]
fn accepts_a_list_element_named_by_identity_as_diff_prints_it() {
    paths_workspace()
        .run(&["explain", "production", "web", "env[name=MODE].value"])
        .assert(
            0,
            r#"
            production/web env[0].value = "fast"
              from environments/production/web.yaml:3:12

            layers, most recent last:
              set      charts/web/values.yaml:5:12            "slow" (at env[1].value)  chart defaults
              override environments/production/web.yaml:3:12  "fast"  stage overlay
            "#,
            "",
        );
}

#[test]
fn an_element_that_is_not_in_the_list_is_an_error() {
    paths_workspace()
        .run(&["explain", "production", "web", "env[name=FAST].value"])
        .assert(2, "", "error: no element of env has name = \"FAST\"\n");
}

#[test]
fn accepts_an_escaped_dotted_key_and_suggests_the_escape() {
    let ws = paths_workspace();
    ws.run(&[
        "explain",
        "production",
        "web",
        "annotations.prometheus\\.io/scrape",
    ])
    .assert(
        0,
        r#"
        production/web annotations.prometheus\.io/scrape = "true"
          from environments/production/web.yaml:7:25

        layers, most recent last:
          set      charts/web/values.yaml:7:25            "false"  chart defaults
          override environments/production/web.yaml:7:25  "true"  stage overlay
        "#,
        "",
    );
    ws.run(&[
        "explain",
        "production",
        "web",
        "annotations.prometheus.io/scrape",
    ])
    .assert(
        2,
        "",
        r#"
        error: annotations.prometheus.io/scrape is not set in any layer of production/web
          = hint: a dot inside a key is written `\.`: did you mean annotations.prometheus\.io/scrape?
        "#,
    );
}
