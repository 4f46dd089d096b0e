//! `strata template`: the real helm's manifests per release, hermetic, cached, written out.

use crate::support::{chart_yaml, example_workspace, helm, helm_template, logging_helm, Ws};

fn helm_env() -> String {
    helm().display().to_string()
}

/// Runs `strata template ARGS` with the real helm named by STRATA_HELM.
fn template(ws: &Ws, args: &[&str]) -> crate::support::Output {
    let mut all = vec!["template"];
    all.extend_from_slice(args);
    ws.run_with_env(&all, &[("STRATA_HELM", Some(&helm_env()))])
}

#[test]
fn each_example_release_equals_helm_template_with_the_same_values_name_and_namespace() {
    let ws = example_workspace();
    template(&ws, &["--out", "rendered"]).assert(0, "", "wrote 6 files under rendered\n");
    ws.run(&["render", "--for-helm", "--out", "values"]).assert(
        0,
        "",
        "wrote 6 files under values\n",
    );
    for stage in ["development", "staging", "production"] {
        for chart in ["mysql", "wordpress"] {
            let values = format!("values/{stage}/{chart}.yaml");
            let expected = helm_template(
                ws.root(),
                &[
                    chart,
                    &format!("charts/{chart}"),
                    "--namespace",
                    stage,
                    "-f",
                    &values,
                ],
            );
            let actual = ws.read(&format!("rendered/{stage}/{chart}.yaml"));
            assert_eq!(actual, expected, "{stage}/{chart}");
        }
    }
    // The cache is git-ignored by a .gitignore of its own.
    assert_eq!(
        ws.read(".strata/.gitignore"),
        "# strata's cache and scratch files; never committed\n*\n"
    );
}

#[test]
fn prints_each_release_under_a_comment_naming_it() {
    let ws = example_workspace();
    let out = template(&ws, &["-s", "staging", "-r", "mysql"]);
    let values = ws.root().join("mysql-values.yaml");
    let rendered = ws.run(&["render", "--for-helm", "-s", "staging", "-c", "mysql"]);
    std::fs::write(&values, &rendered.stdout).expect("written");
    let expected = helm_template(
        ws.root(),
        &[
            "mysql",
            "charts/mysql",
            "--namespace",
            "staging",
            "-f",
            "mysql-values.yaml",
        ],
    );
    out.assert(
        0,
        &format!("# release: staging/mysql (namespace staging)\n{expected}"),
        "",
    );
}

#[cfg(unix)]
#[test]
fn a_second_run_with_nothing_changed_runs_no_helm() {
    let ws = example_workspace();
    let wrapper = logging_helm(&ws, "tools/helm");
    let wrapper = wrapper.to_string_lossy();
    ws.run(&["template", "--helm", &wrapper, "--out", "rendered"])
        .assert(0, "", "wrote 6 files under rendered\n");
    assert_eq!(
        ws.read("tools/helm.log"),
        "version\ntemplate\ntemplate\ntemplate\ntemplate\ntemplate\ntemplate\n"
    );
    let first = ws.read("rendered/production/wordpress.yaml");
    std::fs::remove_dir_all(ws.root().join("rendered")).expect("removed");
    ws.run(&["template", "--helm", &wrapper, "--out", "rendered"])
        .assert(0, "", "wrote 6 files under rendered\n");
    assert_eq!(
        ws.read("tools/helm.log"),
        "version\ntemplate\ntemplate\ntemplate\ntemplate\ntemplate\ntemplate\n",
        "nothing changed, so no helm ran"
    );
    assert_eq!(ws.read("rendered/production/wordpress.yaml"), first);
    // One overlay changed: that release alone is rendered again.
    let overlay = ws.root().join("environments/staging/mysql.yaml");
    let text = std::fs::read_to_string(&overlay).expect("read");
    std::fs::write(&overlay, format!("{text}podAnnotations: {{team: data}}\n")).expect("written");
    ws.run(&["template", "--helm", &wrapper, "-s", "staging"])
        .stdout
        .contains("team: data")
        .then_some(())
        .expect("the new annotation is rendered");
    assert_eq!(
        ws.read("tools/helm.log"),
        "version\ntemplate\ntemplate\ntemplate\ntemplate\ntemplate\ntemplate\ntemplate\n"
    );
}

/// A chart printing what `.Capabilities` says, in a workspace whose stages declare
/// different clusters.
fn capabilities_workspace(strata_yaml: &str) -> Ws {
    Ws::new()
        .file("strata.yaml", strata_yaml)
        .file("charts/probe/Chart.yaml", chart_yaml("probe"))
        .file("charts/probe/values.yaml", "port: 80\n")
        .file(
            "charts/probe/templates/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n  monitoring: {{ .Capabilities.APIVersions.Has \"monitoring.coreos.com/v1\" | quote }}\n  port: {{ .Values.port | quote }}\n",
        )
        .file("environments/prod/stage.yaml", "namespace: web-prod\n")
        .file("environments/prod/probe.yaml", "port: 8080\n")
}

#[test]
fn each_stage_renders_with_its_own_kubernetes_version_and_api_versions() {
    let ws = capabilities_workspace(
        "stages: [dev, prod]\nkubernetes:\n  version: \"1.29.0\"\n  stages:\n    prod:\n      version: \"1.31.2\"\n      apiVersions: [monitoring.coreos.com/v1]\n",
    );
    template(&ws, &[]).assert(
        0,
        r#"
        # release: dev/probe (namespace dev)
        ---
        # Source: probe/templates/cm.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: probe
          namespace: dev
        data:
          kube: "v1.29.0"
          monitoring: "false"
          port: "80"
        # release: prod/probe (namespace web-prod)
        ---
        # Source: probe/templates/cm.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: probe
          namespace: web-prod
        data:
          kube: "v1.31.2"
          monitoring: "true"
          port: "8080"
        "#,
        "",
    );
}

#[test]
fn split_writes_one_file_per_resource_and_replaces_the_release_folder() {
    let ws = example_workspace().file("rendered/production/mysql/stale.yaml", "old\n");
    template(
        &ws,
        &[
            "-s",
            "production",
            "-c",
            "mysql",
            "--out",
            "rendered",
            "--split",
        ],
    )
    .assert(0, "", "wrote 4 files under rendered\n");
    let mut names: Vec<String> = std::fs::read_dir(ws.root().join("rendered/production/mysql"))
        .expect("the folder exists")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "service-mysql-headless.yaml",
            "service-mysql.yaml",
            "servicemonitor-mysql.yaml",
            "statefulset-mysql.yaml"
        ]
    );
    let service = ws.read("rendered/production/mysql/service-mysql.yaml");
    assert!(
        service.starts_with(
            "---\n# Source: mysql/templates/service.yaml\napiVersion: v1\nkind: Service\n"
        ),
        "{service}"
    );
}

#[test]
fn without_helm_it_says_how_to_get_one() {
    let ws = example_workspace();
    ws.run_with_env(
        &["template"],
        &[("STRATA_HELM", None), ("PATH", Some("/nonexistent"))],
    )
    .assert(
        2,
        "",
        "
        error: no helm found: strata template runs the real `helm template`, and neither --helm, STRATA_HELM nor PATH gives one
          = hint: install Helm 3 (https://helm.sh/docs/intro/install/) and put it on PATH, or name the binary with --helm PATH or STRATA_HELM; in strata's own repository, scripts/install-helm.sh installs it into .tools/helm/helm
        ",
    );
}

#[test]
fn a_helm_major_other_than_the_declared_one_is_a_warning() {
    let ws = capabilities_workspace("stages: [prod]\nhelm: {version: 4}\n");
    let out = template(&ws, &["--out", "rendered"]);
    let version = String::from_utf8(
        std::process::Command::new(helm())
            .args(["version", "--short"])
            .env("HOME", ws.root())
            .output()
            .expect("helm runs")
            .stdout,
    )
    .expect("UTF-8");
    out.assert(
        0,
        "",
        &format!(
            "warning: helm: {} is Helm 3 ({}), but strata.yaml declares Helm 4 (helm.version); the manifests may differ from what the stages' Helm renders\nwrote 1 file under rendered\n",
            helm().display(),
            version.trim()
        ),
    );
}

#[test]
fn a_template_error_is_reported_with_helms_words() {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/bad/Chart.yaml", chart_yaml("bad"))
        .file(
            "charts/bad/templates/cm.yaml",
            "{{ required \"name is required\" .Values.name }}\n",
        );
    template(&ws, &[]).assert(
        2,
        "",
        "
        error: helm template failed for dev/bad: Error: execution error at (bad/templates/cm.yaml:1:3): name is required

        Use --debug flag to render out invalid YAML
        ",
    );
}

#[cfg(unix)]
#[test]
fn a_chart_symlink_leaving_the_workspace_is_refused_before_helm_runs() {
    let ws = Ws::new()
        .file("outside/secret.txt", "s3cr3t\n")
        .file("ws/strata.yaml", "stages: [dev]\n")
        .file("ws/charts/web/Chart.yaml", chart_yaml("web"))
        .symlink(
            "ws/charts/web/files/secret.txt",
            "../../../../outside/secret.txt",
        )
        .in_folder("ws");
    let out = template(&ws, &[]);
    assert_eq!(out.code, Some(3), "{}", out.stderr);
    assert!(!out.stdout.contains("s3cr3t"));
}

#[cfg(unix)]
#[test]
fn a_chart_symlink_leaving_the_chart_is_refused() {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file(
            "shared/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
        )
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .symlink("charts/web/templates/cm.yaml", "../../../shared/cm.yaml");
    template(&ws, &[]).assert(
        3,
        "",
        "error: charts/web/templates/cm.yaml is a symlink leading out of the chart charts/web (to shared/cm.yaml); a chart rendered by helm must hold its own files\n",
    );
}
