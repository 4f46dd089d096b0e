//! `strata import helmfile`: a helmfile's environments and releases as a workspace, checked
//! against the real helmfile 0.166: for every release and environment, `strata render
//! --for-helm` of the imported workspace is what `helmfile write-values` writes (plus the
//! `set:` entries, which helmfile hands helm as `--set` and `write-values` leaves out), and
//! `strata template` renders what `helmfile template` renders.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use crate::support::{fixture_workspace, helm, Ws};

/// Returns the real helmfile: `STRATA_HELMFILE` as `scripts/test.sh` exports it, or the
/// one `scripts/install-helmfile.sh` finds or installs into the repository's `.tools/`.
fn helmfile() -> &'static Path {
    static HELMFILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    HELMFILE.get_or_init(|| {
        if let Some(path) = std::env::var_os("STRATA_HELMFILE").filter(|p| !p.is_empty()) {
            return PathBuf::from(path);
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-helmfile.sh");
        let out = Command::new("bash")
            .arg(&script)
            .stdin(Stdio::null())
            .output()
            .expect("scripts/install-helmfile.sh runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let folder = stdout.lines().last().unwrap_or("").trim().to_string();
        assert!(
            out.status.success() && !folder.is_empty(),
            "scripts/install-helmfile.sh failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(folder).join("helmfile/helmfile")
    })
}

/// Runs `strata ARGS` with the real helmfile and helm.
fn run(ws: &Ws, args: &[&str]) -> crate::support::Output {
    let helmfile = helmfile().display().to_string();
    let helm = helm().display().to_string();
    ws.run_with_env(
        args,
        &[
            ("STRATA_HELMFILE", Some(&helmfile)),
            ("STRATA_HELM", Some(&helm)),
        ],
    )
}

/// Runs the real `helmfile ARGS` in the workspace's folder, with a home of its own;
/// returns its stdout (panics when it fails).
fn run_helmfile(ws: &Ws, args: &[&str]) -> String {
    let home = ws.root().join(".helmfile-home");
    let out = Command::new(helmfile())
        .args(["--quiet", "--no-color", "--helm-binary"])
        .arg(helm())
        .args(args)
        .current_dir(ws.root())
        .env_clear()
        .env("HOME", &home)
        .env("HELM_CACHE_HOME", home.join("cache"))
        .env("HELM_CONFIG_HOME", home.join("config"))
        .env("HELM_DATA_HOME", home.join("data"))
        .env("HELMFILE_UPGRADE_NOTICE_DISABLED", "1")
        .stdin(Stdio::null())
        .output()
        .expect("helmfile runs");
    assert!(
        out.status.success(),
        "helmfile {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("helmfile prints UTF-8")
}

/// Reads a values file as Helm does, as JSON (maps compare regardless of key order).
fn values_json(text: &str) -> serde_json::Value {
    let parsed = strata::yaml::parse_values(
        text.as_bytes(),
        Arc::from("values"),
        &strata::yaml::Limits::default(),
    )
    .expect("valid values");
    parsed
        .root
        .map(|root| strata::values::to_json_value(&root))
        .unwrap_or_else(|| serde_json::json!({}))
}

/// Merges `upper` into `lower` as a later values file merges (maps recurse, anything else
/// replaces).
fn merge(lower: &mut serde_json::Value, upper: serde_json::Value) {
    match (lower, upper) {
        (serde_json::Value::Object(lower), serde_json::Value::Object(upper)) => {
            for (key, value) in upper {
                match lower.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        lower.insert(key, value);
                    }
                }
            }
        }
        (lower, upper) => *lower = upper,
    }
}

/// Returns the line of a rendered ConfigMap holding the release's values as JSON.
fn values_line(manifests: &str) -> String {
    manifests
        .lines()
        .find(|l| l.trim_start().starts_with("values: "))
        .unwrap_or_else(|| panic!("no values line in:\n{manifests}"))
        .trim()
        .to_string()
}

/// The releases the fixture's helmfile deploys in each environment, as imported.
const IMPORTED: &[(&str, &str)] = &[
    ("dev", "api"),
    ("dev", "web"),
    ("prod", "api"),
    ("prod", "web"),
    ("prod", "worker"),
];

#[test]
fn import_helmfile_gives_the_values_helmfile_gives_for_every_release_and_environment() {
    let ws = fixture_workspace("helmfile-import");
    run(&ws, &["import", "helmfile"]).assert(
        1,
        "
        imported helmfile.yaml: stages dev, prod; releases web, api, worker
        wrote environments/dev/stage.yaml
        wrote environments/prod/stage.yaml
        wrote environments/dev/web/01-web-common.yaml
        wrote environments/dev/web/02-dev.yaml
        wrote environments/dev/web/03-web.yaml
        wrote environments/dev/web/04-values.yaml
        wrote environments/dev/web/05-set.yaml
        wrote environments/prod/web/01-web-common.yaml
        wrote environments/prod/web/02-prod.yaml
        wrote environments/prod/web/03-web.yaml
        wrote environments/prod/web/04-values.yaml
        wrote environments/prod/web/05-set.yaml
        wrote environments/dev/api/01-api-common.yaml
        wrote environments/dev/api/02-api-dev.yaml
        wrote environments/prod/api/01-api-common.yaml
        wrote environments/prod/api/02-api-prod.yaml
        wrote environments/prod/worker/01-worker.yaml
        wrote strata.yaml
        not imported (6):
          helmfile.yaml: repositories (deployment settings; strata does not deploy)
          release web: hooks (strata has no counterpart)
          release web: values/web.yaml.gotmpl is imported as helmfile rendered it for each stage; its template logic is not kept (an overlay template, *.yaml.tera, can hold it)
          release worker: needs (strata has no counterpart)
          release cache: version (strata has no counterpart)
          release cache: chart bitnami/redis comes from a chart repository; release not imported (put the chart under charts/<name>/, e.g. with `helm pull --untar`, and import again)
        next: strata validate; strata render --for-helm -s STAGE -r RELEASE
        ",
        "",
    );
    assert_eq!(
        ws.read("strata.yaml").split("\nstages:").nth(1),
        Some(" [dev, prod]\n\nreleases:\n  - name: web\n    chart: web\n  - name: api\n    chart: api\n    namespace: api\n  - name: worker\n    chart: web\n    namespace: jobs\n    stages: [prod]\n")
    );
    // The values files are copied as written, comments kept.
    assert_eq!(
        ws.read("environments/dev/web/01-web-common.yaml"),
        ws.read("values/web-common.yaml")
    );
    // web's namespace follows the environment: it is the stages' `namespace` variable.
    assert_eq!(
        ws.read("environments/prod/stage.yaml"),
        "# Stage variables of prod, from the values of environment prod in helmfile.yaml.\n\
         # `namespace` is where the stage's releases are deployed unless a release names its\n\
         # own; overlay templates (*.yaml.tera) read every variable as stage.vars.NAME.\n\
         domain: example.com\nreplicas: 3\nnamespace: web-prod\n"
    );
    run(&ws, &["stages"]).assert(
        0,
        "
        1. dev (namespace web-dev)
           api (chart api, namespace api): environments/dev/api/01-api-common.yaml, environments/dev/api/02-api-dev.yaml
           web: environments/dev/web/01-web-common.yaml, environments/dev/web/02-dev.yaml, environments/dev/web/03-web.yaml, environments/dev/web/04-values.yaml, environments/dev/web/05-set.yaml
        2. prod (namespace web-prod)
           api (chart api, namespace api): environments/prod/api/01-api-common.yaml, environments/prod/api/02-api-prod.yaml
           web: environments/prod/web/01-web-common.yaml, environments/prod/web/02-prod.yaml, environments/prod/web/03-web.yaml, environments/prod/web/04-values.yaml, environments/prod/web/05-set.yaml
           worker (chart web, namespace jobs): environments/prod/worker/01-worker.yaml
        ",
        "",
    );

    // What helmfile writes: one file per release and environment (`cache`, whose chart is
    // in a repository, too, and `worker` only where it is installed).
    for env in ["dev", "prod"] {
        run_helmfile(
            &ws,
            &[
                "--environment",
                env,
                "write-values",
                "--skip-deps",
                "--output-file-template",
                "written/{{ .Environment.Name }}/{{ .Release.Name }}.yaml",
            ],
        );
    }
    let mut written: Vec<String> = Vec::new();
    for env in ["dev", "prod"] {
        for entry in std::fs::read_dir(ws.root().join("written").join(env)).expect("written") {
            let name = entry.expect("an entry").file_name();
            written.push(format!("{env}/{}", name.to_string_lossy()));
        }
    }
    written.sort();
    assert_eq!(
        written,
        [
            "dev/api.yaml",
            "dev/cache.yaml",
            "dev/web.yaml",
            "prod/api.yaml",
            "prod/cache.yaml",
            "prod/web.yaml",
            "prod/worker.yaml"
        ]
    );
    for (env, release) in IMPORTED {
        let out = run(&ws, &["render", "--for-helm", "-s", env, "-r", release]);
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (Some(0), ""),
            "{env}/{release}"
        );
        let mut expected = values_json(&ws.read(&format!("written/{env}/{release}.yaml")));
        if *release == "web" {
            // The set: entries, as helm types `--set image.tag=010 --set featureFlags.beta=true`.
            merge(
                &mut expected,
                serde_json::json!({"image": {"tag": "010"}, "featureFlags": {"beta": true}}),
            );
        }
        assert_eq!(values_json(&out.stdout), expected, "{env}/{release}");
    }

    // What helm renders from each: the chart prints every value it is given.
    for (env, release) in IMPORTED {
        let selector = format!("name={release}");
        let from_helmfile = run_helmfile(
            &ws,
            &[
                "--environment",
                env,
                "--selector",
                &selector,
                "template",
                "--skip-deps",
            ],
        );
        let out = run(&ws, &["template", "-s", env, "-r", release]);
        assert_eq!(out.code, Some(0), "{env}/{release}: {}", out.stderr);
        assert_eq!(
            values_line(&out.stdout),
            values_line(&from_helmfile),
            "{env}/{release}"
        );
    }
}

#[test]
fn import_refuses_to_write_over_a_workspace_or_a_file() {
    let ws = fixture_workspace("helmfile-import").file("strata.yaml", "stages: [a]\n");
    run(&ws, &["import", "helmfile"]).assert(
        3,
        "",
        "error: strata.yaml already exists here: `strata import helmfile` starts a workspace and never overwrites one\n",
    );
    let ws = fixture_workspace("helmfile-import")
        .file("environments/prod/worker/01-worker.yaml", "x: 1\n");
    run(&ws, &["import", "helmfile"]).assert(
        3,
        "",
        "error: environments/prod/worker/01-worker.yaml already exists: `strata import helmfile` writes only new files\n",
    );
    assert!(!ws.root().join("strata.yaml").exists());
    assert!(!ws.root().join("environments/dev").exists());
}

#[test]
fn import_says_what_it_needs_when_the_helmfile_or_helmfile_is_missing() {
    let ws = Ws::new();
    run(&ws, &["import", "helmfile"]).assert(
        2,
        "",
        "error: no helmfile.yaml or helmfile.yaml.gotmpl here: name the helmfile (strata import helmfile FILE)\n",
    );
    let ws = Ws::new().file("helmfile.yaml", "releases: []\n");
    ws.run_with_env(
        &["import", "helmfile"],
        &[("STRATA_HELMFILE", None), ("PATH", Some("/nonexistent"))],
    )
    .assert(
        2,
        "",
        "
        error: no helmfile found: strata import helmfile runs the real `helmfile` to resolve its templates, and neither --helmfile, STRATA_HELMFILE nor PATH gives one
          = hint: install helmfile (https://helmfile.readthedocs.io) and put it on PATH, or name the binary with --helmfile PATH or STRATA_HELMFILE; in strata's own repository, scripts/install-helmfile.sh installs helmfile 0.166 into .tools/helmfile/helmfile/helmfile
        ",
    );
}

#[test]
fn import_reports_a_helmfile_that_helmfile_cannot_read() {
    let ws = Ws::new().file(
        "helmfile.yaml",
        "releases:\n  - name: web\n    chart: ./charts/web\n    namespace: '{{ .Values.missing }}'\n",
    );
    run(&ws, &["import", "helmfile"]).assert(
        2,
        "",
        "error: `helmfile --file helmfile.yaml build` failed: in ./helmfile.yaml: error during helmfile.yaml.part.0 parsing: template: stringTemplate:4:26: executing \"stringTemplate\" at <.Values.missing>: map has no entry for key \"missing\"\n",
    );
    assert!(!ws.root().join("strata.yaml").exists());
}

#[test]
fn import_without_environments_gives_one_stage_and_lists_what_it_cannot_hold() {
    let ws = Ws::new()
        .file("charts/web/Chart.yaml", crate::support::chart_yaml("web"))
        .file("charts/web/values.yaml", "replicaCount: 1\n")
        .file("other/tool/Chart.yaml", crate::support::chart_yaml("tool"))
        // Several documents: strata refuses them as an overlay, helm reads the first.
        .file("values/web.yml", "replicaCount: 2\n---\nreplicaCount: 3\n")
        .file(
            "helmfile.yaml",
            "releases:\n  - name: web\n    chart: charts/web\n    values: [values/web.yml]\n    set:\n      - name: tag\n        value: \"\"\n      - name: hosts[0]\n        value: a.example\n  - name: tool\n    namespace: tools\n    chart: ./other/tool\n",
        );
    run(&ws, &["import", "helmfile"]).assert(
        1,
        "
        imported helmfile.yaml: stages default; releases web
        wrote environments/default/stage.yaml
        wrote environments/default/web/01-web.yaml
        wrote environments/default/web/02-set.yaml
        wrote strata.yaml
        not imported (4):
          release web: no namespace (helm would use the kube context's); strata uses the stage's `namespace` variable, else the stage's name
          release web: set tag has an empty value, which helmfile passes to helm as nothing; not imported
          release web: set hosts[0] indexes a list; as an overlay key it replaces the values files' whole list, where --set changed one item
          release tool: chart ./other/tool is not a chart folder under charts/; release not imported (move the chart to charts/<name>/ and import again)
        next: strata validate; strata render --for-helm -s STAGE -r RELEASE
        ",
        "",
    );
    assert_eq!(
        ws.read("environments/default/web/01-web.yaml"),
        "# values/web.yml of release web, as helmfile read it for environment default.\nreplicaCount: 2\n"
    );
    assert_eq!(
        ws.read("environments/default/web/02-set.yaml"),
        "# The set: entries of release web (environment default), typed as helm types --set.\nhosts:\n  - a.example\n"
    );
    run(&ws, &["render", "--for-helm"]).assert(
        0,
        "
        ---
        # release: default/web (namespace default)
        replicaCount: 2
        hosts:
          - a.example
        ",
        "",
    );
}
