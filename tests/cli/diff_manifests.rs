//! `strata diff --manifests`: rendered resources compared for stage and revision pairs.

use crate::support::{commit_all, example_workspace, helm, logging_helm, Ws};

const APP_TEMPLATE: &str = r#"apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
  labels:
    helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
stringData:
  config: {{ .Values.config | quote }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
  labels:
    helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
    app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    metadata:
      annotations:
        checksum/config: {{ .Values.config | sha256sum }}
    spec:
      containers:
        - name: app
          image: {{ .Values.image }}
          env:
            - {name: DB_PASSWORD, value: {{ .Values.dbPassword | quote }}}
{{- if .Values.monitoring }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-metrics
spec:
  ports: [{name: metrics, port: 9090}]
{{- end }}
"#;

/// Chart `app` (a Secret, a Deployment, and in prod a metrics Service) in stages dev and
/// prod, each in a namespace of its own.
fn app_workspace() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [dev, prod]\n")
        .file(
            "charts/app/Chart.yaml",
            "apiVersion: v2\nname: app\nversion: 1.0.0\nappVersion: \"1.0\"\n",
        )
        .file(
            "charts/app/values.yaml",
            "replicas: 1\nimage: nginx:1.27\nconfig: abc\ndbPassword: hunter2\nmonitoring: false\n",
        )
        .file("charts/app/templates/all.yaml", APP_TEMPLATE)
        .file(
            "environments/prod/app.yaml",
            "replicas: 3\nmonitoring: true\n",
        )
}

fn diff(ws: &Ws, args: &[&str]) -> crate::support::Output {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.push("--manifests");
    ws.run_with_env(
        &all,
        &[("STRATA_HELM", Some(&helm().display().to_string()))],
    )
}

fn edit(ws: &Ws, path: &str, from: &str, to: &str) {
    let file = ws.root().join(path);
    let text = std::fs::read_to_string(&file).expect("the file exists");
    assert!(text.contains(from), "{path} holds {from}");
    std::fs::write(&file, text.replacen(from, to, 1)).expect("written");
}

#[test]
fn stages_compare_resources_by_kind_and_name_with_a_plan_and_namespaces_aside() {
    let ws = app_workspace();
    diff(&ws, &["dev", "prod"]).assert(
        0,
        r#"
        strata diff: dev → prod

        app: 1 to add, 1 to change, 0 to destroy
          ~ Deployment/app.spec.replicas: 1 → 3
              dev/app.yaml:23:13 → prod/app.yaml:31:13
          + Service/app-metrics: {"apiVersion":"v1","kind":"Service","metadata":{"name":"app-metrics"},"spec":{"ports":[{"name":"metrics","port":9090}]}}
              prod/app.yaml:14:1

        1 of 1 release changed: 1 changed, 1 added, 0 removed
        "#,
        "",
    );
}

#[test]
fn a_changed_secret_says_it_changed_never_how_in_every_format() {
    let ws = app_workspace();
    commit_all(&ws, "app");
    edit(&ws, "charts/app/values.yaml", "config: abc", "config: abcd");
    edit(
        &ws,
        "charts/app/values.yaml",
        "dbPassword: hunter2",
        "dbPassword: hunter22",
    );
    diff(&ws, &["--from", "HEAD", "-s", "dev"]).assert(
        0,
        "
        strata diff: HEAD → working tree

        dev/app: 0 to add, 2 to change, 0 to destroy (1 ignored)
          ~ Secret/app.stringData.config: <redacted> (changed, 3 → 4 bytes)
              dev/app.yaml:11:11
          ~ Deployment/app.spec.template.spec.containers[name=app].env[name=DB_PASSWORD].value: <redacted> (changed, 7 → 8 bytes)
              dev/app.yaml:33:42

        1 of 1 release changed: 2 changed, 0 added, 0 removed; 1 ignored
        4 secret values redacted (--show-secrets prints them, outside CI)
        ",
        "",
    );
    for format in ["json", "markdown", "unified"] {
        let out = diff(&ws, &["--from", "HEAD", "-s", "dev", "-o", format]);
        assert_eq!(out.code, Some(0), "{format}: {}", out.stderr);
        let all = format!("{}{}", out.stdout, out.stderr);
        for secret in ["abcd", "hunter2", "YWJj"] {
            assert!(!all.contains(secret), "{format} shows {secret}:\n{all}");
        }
        assert!(all.contains("redacted"), "{format}:\n{all}");
    }
    let json = diff(&ws, &["--from", "HEAD", "-s", "dev", "-o", "json"]).stdout;
    assert!(
        json.contains("\"plan\": {\n        \"add\": 0,\n        \"change\": 2,\n        \"destroy\": 0\n      }"),
        "{json}"
    );
    let markdown = diff(&ws, &["--from", "HEAD", "-s", "dev", "-o", "markdown"]).stdout;
    assert!(
        markdown.contains(
            "<details><summary><b>dev/app</b>: 0 to add, 2 to change, 0 to destroy</summary>"
        ),
        "{markdown}"
    );
}

#[test]
fn a_chart_version_bump_alone_shows_no_manifest_change_with_the_default_rules() {
    let ws = example_workspace();
    commit_all(&ws, "the example workspace");
    edit(
        &ws,
        "charts/wordpress/Chart.yaml",
        "version: 0.3.0",
        "version: 0.3.1",
    );
    edit(
        &ws,
        "charts/mysql/Chart.yaml",
        "appVersion:",
        "# a comment\nappVersion:",
    );
    diff(&ws, &["--from", "HEAD", "--exit-code"]).assert(
        0,
        "
        strata diff: HEAD → working tree

        no differences (6 releases compared; 16 ignored)
        ",
        "",
    );
    // Without the default rules, the labels the bump changes show.
    let strata_yaml = ws.read("strata.yaml");
    std::fs::write(
        ws.root().join("strata.yaml"),
        format!("{strata_yaml}manifests:\n  ignore: []\n"),
    )
    .expect("written");
    let out = diff(
        &ws,
        &["--from", "HEAD", "-s", "production", "-c", "wordpress"],
    );
    assert!(
        out.stdout.starts_with("strata diff: HEAD → working tree\n\nproduction/wordpress (namespace production): 0 to add, 6 to change, 0 to destroy\n  ~ PodDisruptionBudget/wordpress.metadata.labels.helm\\.sh/chart: \"wordpress-0.3.0\" → \"wordpress-0.3.1\"\n"),
        "{}",
        out.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_one_overlay_revision_diff_renders_only_that_release() {
    let ws = example_workspace();
    commit_all(&ws, "the example workspace");
    let wrapper = logging_helm(&ws, "tools/helm");
    edit(
        &ws,
        "environments/staging/wordpress.yaml",
        "replicaCount: 2",
        "replicaCount: 4",
    );
    ws.run(&[
        "diff",
        "--from",
        "HEAD",
        "--manifests",
        "--no-cache",
        "--helm",
        &wrapper.to_string_lossy(),
    ])
    .assert(
        0,
        "
        strata diff: HEAD → working tree

        staging/wordpress (namespace staging): 0 to add, 1 to change, 0 to destroy
          ~ Deployment/wordpress.spec.replicas: 2 → 4
              staging/wordpress.yaml:43:13

        1 of 6 releases changed: 1 changed, 0 added, 0 removed
        ",
        "",
    );
    // The version, then staging/wordpress on both sides; the five others are known equal.
    assert_eq!(ws.read("tools/helm.log"), "version\ntemplate\ntemplate\n");
}

#[test]
fn drift_only_has_no_meaning_for_manifests() {
    let ws = app_workspace();
    diff(&ws, &["dev", "prod", "--drift-only"]).assert(
        2,
        "",
        "error: --drift-only leaves out the stage-specific values; with --manifests every change to a resource is shown\n",
    );
}
