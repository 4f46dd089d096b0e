//! `strata diff`: two stages, or the same stages at two git revisions (repositories built
//! with git2 in the temporary folder), in every output format; secrets never printed.

use crate::support::{chart_yaml, commit_all, example_workspace, tgz, Output, Ws};

/// A two-stage workspace: `replicas` and `resources` are declared stage-specific;
/// staging moves `image.tag` ahead (drift) and production deletes `debug` with a null.
fn stages_workspace() -> Ws {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [staging, production]\ndiff:\n  stageSpecific: [replicas, resources]\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "replicas: 1\nimage:\n  repository: nginx\n  tag: \"1.25\"\nresources:\n  cpu: 100m\ndebug: false\ncontainers:\n  - name: app\n    image: app:1\n  - name: sidecar\n    image: envoy:1\n",
        )
        .file(
            "environments/staging/web.yaml",
            "replicas: 2\nimage:\n  tag: \"1.26\"\ndebug: true\n",
        )
        .file(
            "environments/production/web.yaml",
            "replicas: 3\nresources:\n  cpu: 500m\ndebug: null\n",
        )
}

const WEB_VALUES: &str = "image:\n  repository: nginx\n  tag: \"1.0\"\nreplicas: 1\ncontainers:\n  - name: app\n    image: app:1\n  - name: sidecar\n    image: envoy:1\n";

/// A repository whose first commit has chart `web` in three stages (production pins
/// `image.tag`), and whose second commit changes only the chart's `image.tag`.
fn repo_workspace() -> Ws {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [dev, staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", WEB_VALUES)
        .file("environments/staging/web.yaml", "replicas: 2\n")
        .file(
            "environments/production/web.yaml",
            "replicas: 3\nimage:\n  tag: \"0.9\"\n",
        );
    commit_all(&ws, "web 1.0");
    let ws = ws.file(
        "charts/web/values.yaml",
        WEB_VALUES.replace("\"1.0\"", "\"1.1\""),
    );
    commit_all(&ws, "web 1.1");
    ws
}

/// Asserts that none of `secrets` appears in what the run printed.
#[track_caller]
fn assert_hidden(out: &Output, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !out.stdout.contains(secret) && !out.stderr.contains(secret),
            "{secret:?} was printed:\n{}\n{}",
            out.stdout,
            out.stderr
        );
    }
}

#[test]
fn two_stages_show_drift_apart_from_stage_specific_differences() {
    stages_workspace()
        .run(&["diff", "staging", "production"])
        .assert(
            0,
            r#"
        strata diff: staging → production

        web: 3 changed, 0 added, 1 removed
          drift (2):
            ~ image.tag: "1.26" → "1.25"
                environments/staging/web.yaml:3:8 → charts/web/values.yaml:4:8
            - debug: true (deleted by null)
                environments/staging/web.yaml:4:8 → null at environments/production/web.yaml:4:8
          stage-specific (2, declared in strata.yaml):
            ~ replicas: 2 → 3
                environments/staging/web.yaml:1:11 → environments/production/web.yaml:1:11
            ~ resources.cpu: "100m" → "500m"
                charts/web/values.yaml:6:8 → environments/production/web.yaml:3:8

        1 of 1 release changed: 3 changed, 0 added, 1 removed
        "#,
            "",
        );
}

#[test]
fn exit_code_is_1_only_when_a_change_remains_after_the_ignore_rules() {
    let ws = stages_workspace();
    let out = ws.run(&["diff", "staging", "production", "--exit-code"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    ws.run(&[
        "diff",
        "staging",
        "production",
        "--exit-code",
        "--drift-only",
        "--ignore",
        "image.tag",
        "--ignore",
        "debug",
    ])
    .assert(
        0,
        "
        strata diff: staging → production

        no differences (1 release compared; 4 ignored)
        ",
        "",
    );
    ws.run(&["diff", "staging", "staging", "--exit-code"])
        .assert(
            0,
            "
        strata diff: staging → staging

        no differences (1 release compared)
        ",
            "",
        );
    // Ignore rules in strata.yaml count the same.
    let ws = ws.file(
        "strata.yaml",
        "stages: [staging, production]\ndiff:\n  ignore: [\"**\"]\n",
    );
    let out = ws.run(&["diff", "staging", "production", "--exit-code"]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
}

#[test]
fn unified_is_a_patch_of_the_values() {
    stages_workspace()
        .run(&["diff", "staging", "production", "-o", "unified"])
        .assert(
            0,
            r#"
            --- staging/web
            +++ production/web
            @@ -1,10 +1,9 @@
            -replicas: 2
            +replicas: 3
             image:
               repository: nginx
            -  tag: "1.26"
            +  tag: "1.25"
             resources:
            -  cpu: "100m"
            -debug: true
            +  cpu: "500m"
             containers:
               - name: app
                 image: "app:1"
            "#,
            "",
        );
}

#[test]
fn a_revision_diff_shows_a_chart_default_change_in_every_stage_it_reaches() {
    repo_workspace().run(&["diff", "--from", "HEAD~1"]).assert(
        0,
        r#"
        strata diff: HEAD~1 → working tree

        dev/web: 1 changed, 0 added, 0 removed
          ~ image.tag: "1.0" → "1.1"
              charts/web/values.yaml:3:8

        staging/web: 1 changed, 0 added, 0 removed
          ~ image.tag: "1.0" → "1.1"
              charts/web/values.yaml:3:8

        2 of 3 releases changed: 2 changed, 0 added, 0 removed
        "#,
        "",
    );
}

#[test]
fn uncommitted_edits_count_unless_to_names_a_revision() {
    let ws = repo_workspace().file("environments/dev/web.yaml", "replicas: 5\n");
    ws.run(&["diff", "--from", "HEAD", "--exit-code"]).assert(
        1,
        "
        strata diff: HEAD → working tree

        dev/web: 1 changed, 0 added, 0 removed
          ~ replicas: 1 → 5
              charts/web/values.yaml:4:11 → environments/dev/web.yaml:1:11

        1 of 3 releases changed: 1 changed, 0 added, 0 removed
        ",
        "",
    );
    ws.run(&["diff", "--from", "HEAD~1", "--to", "HEAD", "-s", "staging"])
        .assert(
            0,
            r#"
            strata diff: HEAD~1 → HEAD

            staging/web: 1 changed, 0 added, 0 removed
              ~ image.tag: "1.0" → "1.1"
                  charts/web/values.yaml:3:8

            1 of 1 release changed: 1 changed, 0 added, 0 removed
            "#,
            "",
        );
    ws.run(&["diff", "--from", "HEAD", "--to", "HEAD", "--exit-code"])
        .assert(
            0,
            "
            strata diff: HEAD → HEAD

            no differences (3 releases compared)
            ",
            "",
        );
}

#[test]
fn a_reordered_list_is_one_change_and_a_changed_element_is_named() {
    let ws = repo_workspace().file(
        "charts/web/values.yaml",
        "image:\n  repository: nginx\n  tag: \"1.1\"\nreplicas: 1\ncontainers:\n  - name: sidecar\n    image: envoy:2\n  - name: app\n    image: app:1\n",
    );
    commit_all(&ws, "sidecar first, envoy 2");
    ws.run(&["diff", "--from", "HEAD~1", "-s", "dev"]).assert(
        0,
        r#"
        strata diff: HEAD~1 → working tree

        dev/web: 2 changed, 0 added, 0 removed
          ~ containers: order app, sidecar → sidecar, app
              charts/web/values.yaml:6:3
          ~ containers[name=sidecar].image: "envoy:1" → "envoy:2"
              charts/web/values.yaml:9:12 → charts/web/values.yaml:7:12

        1 of 1 release changed: 2 changed, 0 added, 0 removed
        "#,
        "",
    );
}

#[test]
fn a_workspace_in_a_subfolder_of_the_repository_is_found() {
    let ws = Ws::new()
        .file("README.md", "top\n")
        .file("deploy/strata.yaml", "stages: [dev]\n")
        .file("deploy/charts/web/Chart.yaml", chart_yaml("web"))
        .file("deploy/charts/web/values.yaml", "a: 1\n");
    commit_all(&ws, "one");
    let ws = ws
        .file("deploy/charts/web/values.yaml", "a: 2\n")
        .dir("deploy/environments/dev");
    ws.in_folder("deploy/environments/dev")
        .run(&["diff", "--from", "HEAD"])
        .assert(
            0,
            "
            strata diff: HEAD → working tree

            dev/web: 1 changed, 0 added, 0 removed
              ~ a: 1 → 2
                  charts/web/values.yaml:1:4

            1 of 1 release changed: 1 changed, 0 added, 0 removed
            ",
            "",
        );
}

#[test]
fn a_release_added_since_the_revision_is_compared_with_nothing() {
    let ws = repo_workspace()
        .file("charts/db/Chart.yaml", chart_yaml("db"))
        .file("charts/db/values.yaml", "port: 5432\n");
    ws.run(&["diff", "--from", "HEAD", "-s", "dev"]).assert(
        0,
        "
        strata diff: HEAD → working tree

        dev/db: 0 changed, 1 added, 0 removed (new in working tree)
          + port: 5432
              charts/db/values.yaml:1:7

        1 of 2 releases changed: 0 changed, 1 added, 0 removed
        ",
        "",
    );
}

#[test]
fn revisions_that_cannot_be_read_are_errors() {
    let ws = repo_workspace();
    ws.run(&["diff", "--from", "nope"]).assert(
        2,
        "",
        "error: unknown revision \"nope\": revspec 'nope' not found\n",
    );
    let ws = ws.file("charts/web/values.yaml", "a: [\n");
    commit_all(&ws, "broken");
    let out = ws.run(&["diff", "--from", "HEAD", "--to", "HEAD~1"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.starts_with("error: at HEAD: ")
            && out.stderr.contains("(at charts/web/values.yaml:2:1)"),
        "{}",
        out.stderr
    );
    stages_workspace().run(&["diff", "--from", "HEAD"]).assert(
        2,
        "",
        "
        error: [WS] is not inside a git repository
          = hint: comparing revisions reads git history: run strata inside a git repository
        ",
    );
}

#[test]
fn arguments_must_name_two_stages_or_a_revision() {
    let ws = stages_workspace();
    ws.run(&["diff", "staging"]).assert(
        2,
        "",
        "error: name two stages (strata diff staging production) or a revision (strata diff --from HEAD~1)\n",
    );
    ws.run(&["diff", "staging", "production", "--from", "HEAD"])
        .assert(
            2,
            "",
            "error: give either two stages or --from REV, not both\n",
        );
    ws.run(&["diff", "staging", "nope"]).assert(
        2,
        "",
        "error: unknown stage \"nope\"; the stages are: staging, production\n",
    );
    ws.run(&["diff", "staging", "production", "--ignore", "a..b"]).assert(
        2,
        "",
        "error: --ignore: key pattern \"a..b\": key path \"a..b\" has an empty key at character 2\n",
    );
}

/// A workspace with a secret in each place strata must find one: under a `password` key,
/// under a key the chart's schema marks writeOnly, and in a URL's credentials — different
/// in each stage and each revision.
fn secrets_workspace() -> Ws {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/db/Chart.yaml", chart_yaml("db"))
        .file(
            "charts/db/values.schema.json",
            r#"{"properties": {"connection": {"properties": {"dsn": {"type": "string", "writeOnly": true}}}}}"#,
        )
        .file(
            "charts/db/values.yaml",
            "auth:\n  password: \"\"\nconnection:\n  dsn: \"\"\n  url: https://example.com\n",
        )
        .file(
            "environments/staging/db.yaml",
            "auth:\n  password: PLANTED-PASSWORD-1\nconnection:\n  dsn: PLANTED-DSN-1\n  url: https://app:PLANTED-URL-1@db.example.com/app\n",
        )
        .file(
            "environments/production/db.yaml",
            "auth:\n  password: PLANTED-PASSWORD-2\nconnection:\n  dsn: PLANTED-DSN-2\n  url: https://app:PLANTED-URL-2@db.example.com/app\n",
        );
    commit_all(&ws, "secrets");
    ws.file(
        "environments/production/db.yaml",
        "auth:\n  password: PLANTED-PASSWORD-3\nconnection:\n  dsn: PLANTED-DSN-3\n  url: https://app:PLANTED-URL-3@db.example.com/app\n",
    )
}

const PLANTED: &[&str] = &["PLANTED-PASSWORD", "PLANTED-DSN", "PLANTED-URL"];

#[test]
fn secrets_never_appear_in_any_format() {
    let ws = secrets_workspace();
    for format in ["text", "unified", "json", "markdown"] {
        for args in [
            vec!["diff", "staging", "production", "-o", format],
            vec!["diff", "--from", "HEAD", "-o", format],
        ] {
            let out = ws.run(&args);
            assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
            assert_hidden(&out, PLANTED);
            assert!(
                out.stdout.contains("<redacted>"),
                "{args:?}: {}",
                out.stdout
            );
        }
    }
    for format in ["text", "json"] {
        let out = ws.run(&["matrix", "-o", format]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_hidden(&out, PLANTED);
    }
    ws.run(&["diff", "staging", "production"]).assert(
        0,
        r#"
        strata diff: staging → production

        db: 3 changed, 0 added, 0 removed
          drift (3):
            ~ auth.password: <redacted> (changed, 18 → 18 bytes)
                environments/staging/db.yaml:2:13 → environments/production/db.yaml:2:13
            ~ connection.dsn: <redacted> (changed, 13 → 13 bytes)
                environments/staging/db.yaml:4:8 → environments/production/db.yaml:4:8
            ~ connection.url: "https://<redacted>@db.example.com/app" → "https://<redacted>@db.example.com/app" (credentials changed)
                environments/staging/db.yaml:5:8 → environments/production/db.yaml:5:8

        1 of 1 release changed: 3 changed, 0 added, 0 removed
        6 secret values redacted (--show-secrets prints them, outside CI)
        "#,
        "",
    );
    ws.run(&["diff", "--from", "HEAD", "-o", "unified"]).assert(
        0,
        r#"
        --- HEAD:production/db
        +++ working tree:production/db
        @@ -1,5 +1,5 @@
         auth:
        -  password: "<redacted> (18 bytes)"
        +  password: "<redacted> (changed, 18 → 18 bytes)"
         connection:
        -  dsn: "<redacted> (13 bytes)"
        -  url: "https://<redacted>@db.example.com/app"
        +  dsn: "<redacted> (changed, 13 → 13 bytes)"
        +  url: "https://<redacted>@db.example.com/app (credentials changed)"
        "#,
        "note: 6 secret values redacted (--show-secrets prints them, outside CI)\n",
    );
}

#[test]
fn show_secrets_prints_them_outside_ci_only() {
    let ws = secrets_workspace();
    let args = [
        "diff",
        "staging",
        "production",
        "--show-secrets",
        "-c",
        "db",
    ];
    let out = ws.run_with_env(&args, &[("CI", Some("true"))]);
    out.assert(
        3,
        "",
        "error: --show-secrets is refused in CI (the CI environment variable is set): CI logs are read by many\n",
    );
    let out = ws.run_with_env(&args, &[("CI", None)]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("PLANTED-PASSWORD-1"), "{}", out.stdout);
    // `CI=false`, `CI=0` and an empty `CI` say "not CI".
    for value in ["false", "0", ""] {
        let out = ws.run_with_env(&args, &[("CI", Some(value))]);
        assert_eq!(out.code, Some(0), "CI={value:?}: {}", out.stderr);
        assert!(out.stdout.contains("PLANTED-PASSWORD-1"), "CI={value:?}");
    }
    let out = ws.run_with_env(&["matrix", "--show-secrets"], &[("CI", Some("1"))]);
    assert_eq!(out.code, Some(3), "{}", out.stderr);
}

/// Returns every way `doc` breaks the schema in `docs/`.
fn schema_errors(schema: &str, doc: &str) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(schema).expect("the schema is JSON");
    let doc: serde_json::Value = serde_json::from_str(doc).expect("the output is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn json_output_validates_against_the_shipped_schema() {
    let schema = include_str!("../../docs/diff-output.schema.json");
    let ws = secrets_workspace()
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", WEB_VALUES)
        .file(
            "environments/staging/web.yaml",
            "containers:\n  - name: app\n    image: app:2\n",
        );
    for args in [
        vec!["diff", "staging", "production", "-o", "json"],
        vec!["diff", "--from", "HEAD", "-o", "json"],
    ] {
        let out = ws.run(&args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_eq!(
            schema_errors(schema, &out.stdout),
            Vec::<String>::new(),
            "{args:?}"
        );
    }
    let out = ws.run(&[
        "diff", "--from", "HEAD", "-o", "json", "-c", "web", "-s", "staging",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["mode"], "revisions");
    assert_eq!(doc["old"]["name"], "HEAD");
    assert_eq!(doc["releases"][0]["old"]["exists"], false);
    assert_eq!(doc["releases"][0]["changes"][0]["path"], "image");
}

#[test]
fn markdown_stays_under_the_budget_and_says_what_it_cut() {
    let keys: String = (0..3000)
        .map(|i| format!("key{i:04}: value-{i}\n"))
        .collect();
    let changed: String = (0..3000)
        .map(|i| format!("key{i:04}: other-{i}\n"))
        .collect();
    let ws = Ws::new()
        .file("strata.yaml", "stages: [a, b]\n")
        .file("charts/big/Chart.yaml", chart_yaml("big"))
        .file("charts/big/values.yaml", keys)
        .file("environments/b/big.yaml", changed);
    let out = ws.run(&["diff", "a", "b", "-o", "markdown"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.len() <= 64_000, "{} bytes", out.stdout.len());
    assert!(
        out.stdout.starts_with("### strata diff: `a` → `b`\n"),
        "{}",
        &out.stdout[..200]
    );
    let note = out.stdout.lines().last().expect("a last line");
    assert!(
        note.starts_with("> ✂️ **Cut to fit the 64000-byte comment budget:** ")
            && note.ends_with(
                " of 3000 changes are not shown (big). Run `strata diff a b` for everything."
            ),
        "{note}"
    );
    let out = ws.run(&["diff", "a", "b", "-o", "markdown", "--max-bytes", "5000"]);
    assert!(out.stdout.len() <= 5000, "{} bytes", out.stdout.len());
    assert!(out
        .stdout
        .contains("Cut to fit the 5000-byte comment budget"));
}

#[test]
fn the_workspace_template_replaces_the_built_in_one() {
    let ws = stages_workspace().file(
        "templates/diff.md.tera",
        "{{ title }}: {{ totals.changed }} changed{% for r in releases %}\n{{ r.label }}: {{ r.summary }}{% endfor %}\n",
    );
    ws.run(&["diff", "staging", "production", "-o", "markdown"])
        .assert(
            0,
            "
        staging → production: 3 changed
        web: 3 changed, 0 added, 1 removed
        ",
            "",
        );
    let ws = ws.file("custom.tera", "{{ nope }}");
    let out = ws.run(&[
        "diff",
        "staging",
        "production",
        "-o",
        "markdown",
        "--template",
        "custom.tera",
    ]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.starts_with("error: diff template custom.tera: "),
        "{}",
        out.stderr
    );
}

#[test]
fn template_needs_markdown_output() {
    let ws = stages_workspace().file("custom.tera", "{{ title }}\n");
    for format in ["text", "unified", "json"] {
        ws.run(&[
            "diff",
            "staging",
            "production",
            "-o",
            format,
            "--template",
            "custom.tera",
        ])
        .assert(
            2,
            "",
            "error: --template sets the Markdown template: add -o markdown\n",
        );
    }
    ws.run(&["diff", "staging", "production", "--template", "custom.tera"])
        .assert(
            2,
            "",
            "error: --template sets the Markdown template: add -o markdown\n",
        );
}

#[test]
fn warns_of_a_folder_that_is_a_near_miss_of_a_compared_stage() {
    stages_workspace()
        .file("environments/Production/web.yaml", "replicas: 5\n")
        .run(&["diff", "staging", "production", "-c", "nothing"])
        .assert(
            2,
            "",
            r#"
            warning: environments/Production/ is not read by any release: `Production` is not a stage of strata.yaml (stages: staging, production); did you mean `production`?
            error: unknown chart "nothing"; the charts are: web
            "#,
        );
}

/// Runs strata in a copy of the repository's own example workspace.
fn run_in_example(args: &[&str]) -> (Option<i32>, String) {
    let out = example_workspace().run(args);
    (out.code, out.stdout)
}

#[test]
fn the_example_workspace_separates_declared_differences_from_drift() {
    let (code, stdout) = run_in_example(&["diff", "staging", "production", "--drift-only"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        stdout,
        r#"strata diff: staging → production

wordpress (namespace staging → production): 1 changed, 0 added, 0 removed (16 ignored)
  drift (1):
    ~ image.tag: "6.7.2-php8.3-apache" → "6.7.1-php8.3-apache"
        environments/staging/wordpress.yaml:5:8 → environments/production/wordpress.yaml:6:8

1 of 2 releases changed: 1 changed, 0 added, 0 removed; 26 ignored
"#
    );
    let (code, stdout) = run_in_example(&["diff", "staging", "production", "-o", "json"]);
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let changes: Vec<&serde_json::Value> = doc["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .flat_map(|r| r["changes"].as_array().expect("changes"))
        .collect();
    let drift: Vec<&str> = changes
        .iter()
        .filter(|c| c["stageSpecific"] == false)
        .map(|c| c["path"].as_str().expect("a path"))
        .collect();
    assert_eq!(drift, ["image.tag"]);
    assert_eq!(changes.len(), 27);
    for change in &changes {
        // Every change says where the new value was written, and where the old one was
        // unless it was added.
        assert!(change["newOrigin"]["line"].is_u64(), "{change}");
        if change["kind"] != "added" {
            assert!(change["oldOrigin"]["line"].is_u64(), "{change}");
        }
    }
}

#[test]
fn markdown_is_a_pull_request_comment() {
    stages_workspace()
        .run(&["diff", "staging", "production", "-o", "markdown"])
        .assert(
            0,
            r#"
            ### strata diff: `staging` → `production`

            | release | changed | added | removed | ignored |
            | --- | ---: | ---: | ---: | ---: |
            | `web` | 3 | 0 | 1 | 0 |

            <details><summary><b>web</b>: 3 changed, 0 added, 1 removed</summary>

            **Drift**

            ```diff
            - image.tag: "1.26"
            + image.tag: "1.25"
                environments/staging/web.yaml:3:8 → charts/web/values.yaml:4:8
            - debug: true (deleted by null)
                environments/staging/web.yaml:4:8 → null at environments/production/web.yaml:4:8
            ```

            **Stage-specific** (declared in strata.yaml)

            ```diff
            - replicas: 2
            + replicas: 3
                environments/staging/web.yaml:1:11 → environments/production/web.yaml:1:11
            - resources.cpu: "100m"
            + resources.cpu: "500m"
                charts/web/values.yaml:6:8 → environments/production/web.yaml:3:8
            ```

            </details>

            1 of 1 release changed: 3 changed, 0 added, 1 removed.
            "#,
            "",
        );
}

#[test]
fn json_is_exact() {
    let out = repo_workspace().run(&[
        "diff", "--from", "HEAD~1", "--to", "HEAD", "-s", "dev", "-o", "json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let origin = serde_json::json!({"file": "charts/web/values.yaml", "line": 3, "column": 8});
    assert_eq!(
        doc,
        serde_json::json!({
            "version": 1,
            "mode": "revisions",
            "old": {"name": "HEAD~1", "commit": doc["old"]["commit"]},
            "new": {"name": "HEAD", "commit": doc["new"]["commit"]},
            "summary": {"releases": 1, "changedReleases": 1, "changed": 1, "added": 0, "removed": 0, "ignored": 0, "redactions": 0},
            "releases": [{
                "chart": "web",
                "label": "dev/web",
                "old": {"stage": "dev", "source": "HEAD~1", "exists": true},
                "new": {"stage": "dev", "source": "HEAD", "exists": true},
                "summary": {"changed": 1, "added": 0, "removed": 0, "ignored": 0},
                "changes": [{
                    "path": "image.tag",
                    "segments": ["image", "tag"],
                    "kind": "changed",
                    "stageSpecific": false,
                    "old": "1.0",
                    "new": "1.1",
                    "oldOrigin": origin,
                    "newOrigin": origin,
                }],
            }],
        })
    );
    assert_eq!(doc["old"]["commit"].as_str().map(str::len), Some(40));
    assert_ne!(doc["old"]["commit"], doc["new"]["commit"]);
}

const PLANTED_JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.PLANTED-JWT-SIG";

/// A workspace whose secrets are map keys: a JWT, a PEM private key, and a URL whose
/// credentials alone differ between the stages.
fn secret_keys_workspace() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "hooks: {}\n")
        .file(
            "environments/staging/web.yaml",
            format!("hooks:\n  {PLANTED_JWT}: on-deploy\n  \"-----BEGIN RSA PRIVATE KEY-----\\nPLANTED-PEM\\n-----END RSA PRIVATE KEY-----\": 1\n  https://u:PLANTED-URL-1@h.example.com/x: 1\n"),
        )
        .file(
            "environments/production/web.yaml",
            format!("hooks:\n  {PLANTED_JWT}: on-start\n  \"-----BEGIN RSA PRIVATE KEY-----\\nPLANTED-PEM\\n-----END RSA PRIVATE KEY-----\": 2\n  https://u:PLANTED-URL-2@h.example.com/x: 1\n"),
        )
}

#[test]
fn keys_that_are_secrets_are_never_printed() {
    let ws = secret_keys_workspace();
    let planted = ["PLANTED", "eyJzdWIiOiIxMjM0In0"];
    for format in ["text", "unified", "json", "markdown"] {
        let out = ws.run(&["diff", "staging", "production", "-o", format]);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        assert_hidden(&out, &planted);
    }
    for format in ["text", "json"] {
        let out = ws.run(&["matrix", "-o", format]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_hidden(&out, &planted);
    }
    ws.run(&["diff", "staging", "production"]).assert(
        0,
        r#"
        strata diff: staging → production

        web: 2 changed, 1 added, 1 removed
          drift (4):
            ~ hooks.<redacted>: "on-deploy" → "on-start"
                environments/staging/web.yaml:2:61 → environments/production/web.yaml:2:61
            ~ hooks.<redacted>: 1 → 2
                environments/staging/web.yaml:3:82 → environments/production/web.yaml:3:82
            - hooks.https://<redacted>@h\.example\.com/x: 1
                environments/staging/web.yaml:4:44
            + hooks.https://<redacted>@h\.example\.com/x: 1
                environments/production/web.yaml:4:44

        1 of 1 release changed: 2 changed, 1 added, 1 removed
        "#,
        "",
    );
    ws.run(&["diff", "staging", "production", "-o", "unified"])
        .assert(
            0,
            r#"
        --- staging/web
        +++ production/web
        @@ -1,4 +1,4 @@
         hooks:
        -  "<redacted>": on-deploy
        -  "<redacted> (2)": 1
        -  "https://<redacted>@h.example.com/x": 1
        +  "<redacted>": on-start
        +  "<redacted> (2)": 2
        +  "https://<redacted>@h.example.com/x (credentials changed)": 1
        "#,
            "note: 6 secret values redacted (--show-secrets prints them, outside CI)\n",
        );
}

#[test]
fn lists_under_a_secret_key_are_compared_by_position_without_their_ids() {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "apiTokens: []\n")
        .file(
            "environments/staging/web.yaml",
            "apiTokens:\n  - id: tok_live_A\n    scope: read\n  - id: tok_live_B\n    scope: write\n",
        )
        .file(
            "environments/production/web.yaml",
            "apiTokens:\n  - id: tok_live_B\n    scope: write\n  - id: tok_live_A\n    scope: admin\n",
        );
    for format in ["text", "unified", "json", "markdown"] {
        let out = ws.run(&["diff", "staging", "production", "-o", format]);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        assert_hidden(&out, &["tok_live"]);
    }
    for format in ["text", "json"] {
        let out = ws.run(&["matrix", "-o", format]);
        assert_hidden(&out, &["tok_live"]);
    }
    ws.run(&["diff", "staging", "production"]).assert(
        0,
        "
        strata diff: staging → production

        web: 4 changed, 0 added, 0 removed
          drift (4):
            ~ apiTokens[0].id: <redacted> (changed, 10 → 10 bytes)
                environments/staging/web.yaml:2:9 → environments/production/web.yaml:2:9
            ~ apiTokens[0].scope: <redacted> (changed, 4 → 5 bytes)
                environments/staging/web.yaml:3:12 → environments/production/web.yaml:3:12
            ~ apiTokens[1].id: <redacted> (changed, 10 → 10 bytes)
                environments/staging/web.yaml:4:9 → environments/production/web.yaml:4:9
            ~ apiTokens[1].scope: <redacted> (changed, 5 → 5 bytes)
                environments/staging/web.yaml:5:12 → environments/production/web.yaml:5:12

        1 of 1 release changed: 4 changed, 0 added, 0 removed
        8 secret values redacted (--show-secrets prints them, outside CI)
        ",
        "",
    );
    let out = ws.run(&["diff", "staging", "production", "-o", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let segments: Vec<&serde_json::Value> = doc["releases"][0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| &c["segments"])
        .collect();
    assert_eq!(
        segments,
        [
            &serde_json::json!(["apiTokens", 0, "id"]),
            &serde_json::json!(["apiTokens", 0, "scope"]),
            &serde_json::json!(["apiTokens", 1, "id"]),
            &serde_json::json!(["apiTokens", 1, "scope"]),
        ]
    );
}

/// A chart whose writeOnly secrets are in every schema strata must read: a workspace schema
/// `$ref`ing another workspace schema file, a sub-subchart, and a packaged subchart under
/// an alias; and a `.gitkeep` in `charts/`.
fn schema_secrets_workspace() -> Ws {
    let pin = r#"{"properties": {"pin": {"type": "string", "writeOnly": true}}}"#;
    let key = r#"{"properties": {"key": {"type": "string", "writeOnly": true}}}"#;
    let overlay = |n: u8| {
        format!("salt: PLANTED-SALT-{n}\nmid:\n  leaf:\n    pin: PLANTED-PIN-{n}\npk:\n  key: PLANTED-KEY-{n}\n")
    };
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file(
            "charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - name: mid\n    version: 0.1.0\n  - name: packed\n    version: 0.1.0\n    alias: pk\n",
        )
        .file("charts/web/values.yaml", "salt: \"\"\n")
        .file("charts/web/charts/.gitkeep", "")
        .file("charts/web/charts/mid/Chart.yaml", chart_yaml("mid"))
        .file("charts/web/charts/mid/charts/leaf/Chart.yaml", chart_yaml("leaf"))
        .file("charts/web/charts/mid/charts/leaf/values.schema.json", pin)
        .file(
            "charts/web/charts/packed-0.1.0.tgz",
            tgz(&[
                ("packed/Chart.yaml", &chart_yaml("packed")),
                ("packed/values.schema.json", key),
            ]),
        )
        .file(
            "schemas/web.schema.json",
            r##"{"properties": {"salt": {"$ref": "common.schema.json#/definitions/secret"}}}"##,
        )
        .file(
            "schemas/common.schema.json",
            r#"{"definitions": {"secret": {"type": "string", "writeOnly": true}}}"#,
        )
        .file("environments/staging/web.yaml", overlay(1))
        .file("environments/production/web.yaml", overlay(2))
}

#[test]
fn write_only_properties_of_every_schema_are_secret() {
    let ws = schema_secrets_workspace();
    for format in ["text", "unified", "json", "markdown"] {
        let out = ws.run(&["diff", "staging", "production", "-o", format]);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        assert_hidden(&out, &["PLANTED"]);
    }
    for format in ["text", "json"] {
        let out = ws.run(&["matrix", "-o", format]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_hidden(&out, &["PLANTED"]);
    }
    ws.run(&["diff", "staging", "production"]).assert(
        0,
        "
        strata diff: staging → production

        web: 3 changed, 0 added, 0 removed
          drift (3):
            ~ salt: <redacted> (changed, 14 → 14 bytes)
                environments/staging/web.yaml:1:7 → environments/production/web.yaml:1:7
            ~ mid.leaf.pin: <redacted> (changed, 13 → 13 bytes)
                environments/staging/web.yaml:4:10 → environments/production/web.yaml:4:10
            ~ pk.key: <redacted> (changed, 13 → 13 bytes)
                environments/staging/web.yaml:6:8 → environments/production/web.yaml:6:8

        1 of 1 release changed: 3 changed, 0 added, 0 removed
        6 secret values redacted (--show-secrets prints them, outside CI)
        ",
        "",
    );
    ws.run(&["matrix"]).assert(
        0,
        "
        web: 3 keys differ
            key           staging                production
          drift:
            salt          <redacted> (14 bytes)  <redacted> (14 bytes)
            mid.leaf.pin  <redacted> (13 bytes)  <redacted> (13 bytes)
            pk.key        <redacted> (13 bytes)  <redacted> (13 bytes)

        6 secret values redacted (--show-secrets prints them, outside CI)
        ",
        "",
    );
    // The same schemas read from a revision.
    commit_all(&ws, "schemas");
    let ws = ws.file(
        "environments/production/web.yaml",
        "salt: PLANTED-SALT-3\nmid:\n  leaf:\n    pin: PLANTED-PIN-3\npk:\n  key: PLANTED-KEY-3\n",
    );
    for format in ["text", "unified", "json", "markdown"] {
        let out = ws.run(&["diff", "--from", "HEAD", "-o", format]);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        assert_hidden(&out, &["PLANTED"]);
        assert!(out.stdout.contains("<redacted>"), "{}", out.stdout);
    }
}

#[test]
fn a_schema_ref_leaving_the_workspace_is_refused() {
    let ws = schema_secrets_workspace().file(
        "schemas/web.schema.json",
        r##"{"properties": {"salt": {"$ref": "../../outside.json"}}}"##,
    );
    ws.run(&["diff", "staging", "production"]).assert(
        3,
        "",
        "
        error: schemas/web.schema.json#/properties/salt: $ref \"../../outside.json\" leaves the workspace; strata only reads schemas inside it
          = hint: diff reads every schema of a chart, subcharts' included, for writeOnly values it must never print
        ",
    );
}

#[test]
#[cfg(unix)]
fn symlinks_in_a_revision_are_followed_as_in_the_working_tree() {
    let ws = repo_workspace()
        .file("shared/web.yaml", "replicas: 7\n")
        .symlink("environments/dev/web.yaml", "../../shared/web.yaml");
    commit_all(&ws, "dev shares an overlay");
    ws.run(&["diff", "--from", "HEAD", "-s", "dev"]).assert(
        0,
        "
        strata diff: HEAD → working tree

        no differences (1 release compared)
        ",
        "",
    );
    ws.run(&["diff", "--from", "HEAD~1", "--to", "HEAD", "-s", "dev"])
        .assert(
            0,
            "
            strata diff: HEAD~1 → HEAD

            dev/web: 1 changed, 0 added, 0 removed
              ~ replicas: 1 → 7
                  charts/web/values.yaml:4:11 → environments/dev/web.yaml:1:11

            1 of 1 release changed: 1 changed, 0 added, 0 removed
            ",
            "",
        );
    // A link leaving the workspace is refused at a revision as in the working tree.
    let ws = ws.symlink(
        "environments/production/web/z.yaml",
        "../../../../outside.yaml",
    );
    commit_all(&ws, "a link out");
    let out = ws.run(&["diff", "staging", "production"]);
    assert_eq!(out.code, Some(3), "{}", out.stderr);
    ws.run(&["diff", "--from", "HEAD", "--to", "HEAD", "-s", "production"])
        .assert(
            3,
            "",
            "error: at HEAD: environments/production/web/z.yaml is outside the workspace; strata only reads files inside HEAD\n",
        );
}

#[test]
fn a_secret_changing_type_says_which_types_not_secret() {
    Ws::new()
        .file("strata.yaml", "stages: [staging, production]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file(
            "charts/web/values.yaml",
            "auth:\n  password: PLANTED-PASSWORD\n",
        )
        .file(
            "environments/production/web.yaml",
            "auth:\n  password: false\n",
        )
        .run(&["diff", "staging", "production"])
        .assert(
            0,
            "
            strata diff: staging → production

            web: 1 changed, 0 added, 0 removed
              drift (1):
                ~ auth.password: <redacted> (16 bytes) → false (type string → boolean)
                    charts/web/values.yaml:2:13 → environments/production/web.yaml:2:13

            1 of 1 release changed: 1 changed, 0 added, 0 removed
            1 secret value redacted (--show-secrets prints them, outside CI)
            ",
            "",
        );
}

#[test]
fn a_revision_diff_computes_only_the_releases_whose_files_changed() {
    // api's overlay does not parse, in both revisions: it is reported unchanged without
    // being read, since nothing it reads changed.
    let ws = Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "a: 1\n")
        .file("charts/api/Chart.yaml", chart_yaml("api"))
        .file("environments/dev/api.yaml", "a: [\n");
    commit_all(&ws, "base");
    let ws = ws.file("charts/web/values.yaml", "a: 2\n");
    ws.run(&["diff", "--from", "HEAD"]).assert(
        0,
        "
        strata diff: HEAD → working tree

        dev/web: 1 changed, 0 added, 0 removed
          ~ a: 1 → 2
              charts/web/values.yaml:1:4

        1 of 2 releases changed: 1 changed, 0 added, 0 removed
        ",
        "",
    );
}
