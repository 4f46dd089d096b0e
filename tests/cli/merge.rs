//! `strata merge`: the values Helm would compute for any chart folder, with Helm's flags.

use crate::support::{chart_yaml, Ws};

/// A chart folder `app` outside any workspace, and values files under `vals/`.
fn chart() -> Ws {
    Ws::new()
        .file("app/Chart.yaml", chart_yaml("app"))
        .file(
            "app/values.yaml",
            "a: 1\nb:\n  c: x\n  d: y\nlist: [1, 2]\n",
        )
        .file("vals/one.yaml", "a: 2\nb:\n  c: one\n")
        .file("vals/two.yaml", "a: 3\n")
}

#[test]
fn works_outside_a_workspace_with_relative_paths() {
    // `y` is a boolean to Helm's YAML 1.1 reader.
    chart().run(&["merge", "app"]).assert(
        0,
        r#"
        a: 1
        b:
          c: x
          d: true
        list:
          - 1
          - 2
        "#,
        "",
    );
}

#[test]
fn values_files_merge_left_to_right() {
    chart()
        .run(&[
            "merge",
            "./app",
            "-f",
            "vals/one.yaml",
            "-f",
            "vals/two.yaml",
        ])
        .assert(
            0,
            r#"
            a: 3
            b:
              c: one
              d: true
            list:
              - 1
              - 2
            "#,
            "",
        );
}

#[test]
fn values_files_in_the_other_order_as_json() {
    chart()
        .run(&[
            "merge",
            "app",
            "-f",
            "vals/two.yaml",
            "-f",
            "vals/one.yaml",
            "-o",
            "json",
        ])
        .assert(
            0,
            r#"
            {
              "a": 2,
              "b": {
                "c": "one",
                "d": true
              },
              "list": [
                1,
                2
              ]
            }
            "#,
            "",
        );
}

#[test]
fn set_family_applies_in_helms_order_whatever_the_flag_order() {
    // Helm: -f, then --set-json, --set, --set-string, --set-file, --set-literal.
    chart()
        .file("vals/c.txt", "from file\n")
        .run(&[
            "merge",
            "app",
            "--set-literal",
            "a=literal,1",
            "--set-file",
            "b.c=vals/c.txt",
            "--set-string",
            "b.c=string",
            "--set-string",
            "b.d=9",
            "--set",
            "a=5",
            "--set",
            "b.d=8",
            "--set-json",
            "a=1",
            "--set-json",
            r#"list=[{"x":null}]"#,
            "-f",
            "vals/one.yaml",
        ])
        .assert(
            0,
            r#"
            a: "literal,1"
            b:
              c: "from file\n"
              d: "9"
            list:
              - x: null
            "#,
            "",
        );
}

#[test]
fn subchart_view_shows_what_the_subchart_sees() {
    Ws::new()
        .file(
            "parent/Chart.yaml",
            "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n",
        )
        .file(
            "parent/values.yaml",
            "global:\n  env: prod\nsub:\n  port: 8080\nown: 1\n",
        )
        .file("parent/charts/sub/Chart.yaml", chart_yaml("sub"))
        .file("parent/charts/sub/values.yaml", "port: 80\nname: sub\n")
        .run(&[
            "merge",
            "parent",
            "--subchart",
            "sub",
            "--set",
            "sub.name=s2",
            "-o",
            "json",
        ])
        .assert(
            0,
            r#"
            {
              "global": {
                "env": "prod"
              },
              "name": "s2",
              "port": 8080
            }
            "#,
            "",
        );
}

#[test]
fn coalescing_warning_goes_to_stderr() {
    chart()
        .file("vals/map.yaml", "a:\n  x: 1\n")
        .run(&["merge", "app", "-f", "vals/map.yaml"])
        .assert(
            0,
            r#"
            a:
              x: 1
            b:
              c: x
              d: true
            list:
              - 1
              - 2
            "#,
            "warning: skipped value for app.a: Not a table.\n",
        );
}

#[test]
fn set_without_a_value_fails_as_helm_does() {
    chart().run(&["merge", "app", "--set", "a"]).assert(
        2,
        "",
        "error: failed parsing --set data: key \"a\" has no value\n",
    );
}

#[test]
fn missing_values_file() {
    chart()
        .run(&["merge", "app", "-f", "vals/missing.yaml"])
        .assert(
            2,
            "",
            "error: open vals/missing.yaml: no such file or directory\n",
        );
}

#[test]
fn folder_without_chart_yaml() {
    chart().run(&["merge", "vals"]).assert(
        2,
        "",
        "error: vals is not a chart: it has no Chart.yaml\n",
    );
}

#[test]
fn values_from_standard_input_and_commas_between_files() {
    chart()
        .run_with_stdin(
            &["merge", "app", "-f", "vals/one.yaml,-", "-o", "json"],
            b"a: 9\n",
        )
        .assert(
            0,
            r#"
            {
              "a": 9,
              "b": {
                "c": "one",
                "d": true
              },
              "list": [
                1,
                2
              ]
            }
            "#,
            "",
        );
}

#[test]
fn a_long_flag_in_an_error_is_cut() {
    let flag = format!("a={{\"x\":\"{}", "y".repeat(3000));
    let message = format!("failed parsing --set-json data {flag}");
    let expected = format!(
        "error: {}… ({} more characters)\n  = caused by: invalid JSON: unexpected end of JSON input\n",
        &message[..1000],
        message.len() - 1000
    );
    chart()
        .run(&["merge", "app", "--set-json", &flag])
        .assert(2, "", &expected);
}
