//! `strata validate`'s unknown-key rule on what a chart documents and reads: keys commented
//! out in its `values.yaml` and value paths its templates read are known; a key a helper may
//! read through a field of what it is handed is a warning; the real Kong chart with its
//! maintainers' `ci/` files as overlays.

use std::path::Path;

use crate::support::{chart_yaml, copy_tree, Ws};

/// Chart `web` with a subchart `db` (aliased `database`) and one overlay in stage `dev`:
///
/// - `pdb.maxUnavailable` is documented in a comment of values.yaml; `hook.timeout` is read
///   by a template inside `with .Values.hook`; `database.auth.user` by the subchart's
///   template as `.Values.auth.user`: all known;
/// - `pdb.maxUnavailabel` and `database.auth.usr` are typos, suggested against the known
///   keys (documented and read ones included);
/// - `service.http` is read by a helper as `.http.appProtocol` on what it is handed: maybe.
fn documented_workspace(strata_yaml: &str) -> Ws {
    Ws::new()
        .file("strata.yaml", strata_yaml)
        .file(
            "charts/web/Chart.yaml",
            format!(
                "{}dependencies:\n  - name: db\n    version: 0.1.0\n    alias: database\n",
                chart_yaml("web")
            ),
        )
        .file(
            "charts/web/values.yaml",
            "image:\n  repository: nginx\nservice:\n  port: 80\npdb:\n  enabled: false\n  # Uncomment one of these:\n  # maxUnavailable: 1\n  # minAvailable: 1\n",
        )
        .file(
            "charts/web/templates/deployment.yaml",
            "{{- with .Values.hook }}\ntimeout: {{ .timeout }}\n{{- end }}\n{{ include \"web.service\" .Values.service }}\n",
        )
        .file(
            "charts/web/templates/_helpers.tpl",
            "{{- define \"web.service\" -}}\nport: {{ .port }}\n{{- if .http.appProtocol }}\nappProtocol: {{ .http.appProtocol }}\n{{- end }}\n{{- end -}}\n",
        )
        .file("charts/web/charts/db/Chart.yaml", chart_yaml("db"))
        .file("charts/web/charts/db/values.yaml", "port: 5432\n")
        .file(
            "charts/web/charts/db/templates/secret.yaml",
            "user: {{ .Values.auth.user }}\n",
        )
        .file(
            "environments/dev/web.yaml",
            "pdb:\n  maxUnavailable: 1\n  maxUnavailabel: 1\nhook:\n  timeout: 5\nservice:\n  http:\n    appProtocol: h2\ndatabase:\n  auth:\n    user: app\n    usr: app\n",
        )
}

#[test]
fn keys_the_chart_documents_or_reads_are_known() {
    documented_workspace("stages: [dev]\n").run(&["validate"]).assert(
        1,
        r#"
        dev/web:
        error[unknown-key]: unknown key `pdb.maxUnavailabel`: chart web neither sets, documents nor reads it; did you mean `pdb.maxUnavailable`? If it does read it, list it in `lint.allowUnknown`
          --> environments/dev/web.yaml:3:3
          |
        3 |   maxUnavailabel: 1
          |   ^^^^^^^^^^^^^^

        warning[unknown-key]: key `service.http` may be unknown: chart web neither sets nor documents it, but charts/web/templates/_helpers.tpl:3 reads `.http.appProtocol` on what a helper is handed, which may be this key; if it is, list it in `lint.allowUnknown`
          --> environments/dev/web.yaml:7:3
          |
        7 |   http:
          |   ^^^^

        error[unknown-key]: unknown key `database.auth.usr`: chart web neither sets, documents nor reads it; did you mean `database.auth.user`? If it does read it, list it in `lint.allowUnknown`
          --> environments/dev/web.yaml:12:5
           |
        12 |     usr: app
           |     ^^^

        1 release validated: 2 errors, 1 warning
        "#,
        "",
    );
}

#[test]
fn allow_unknown_silences_a_key_a_helper_may_read() {
    documented_workspace(
        "stages: [dev]\nlint:\n  allowUnknown: [service.http, pdb, database.auth.usr]\n",
    )
    .run(&["validate"])
    .assert(0, "1 release validated: no errors, no warnings\n", "");
}

/// The Kong chart as its repository ships it (templates included), without its
/// `postgresql` dependency, in three stages; its `ci/` files (but `test5-values.yaml`,
/// which needs postgresql) are spread over the stages as overlays in name order, and
/// production's `kong.yaml` plants a typo. Redundant overrides (the ci files repeat
/// defaults) are switched off.
fn kong_workspace() -> Ws {
    let kong = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-charts/kong");
    let mut ws = Ws::new().file(
        "strata.yaml",
        "stages: [development, staging, production]\nlint:\n  severity:\n    redundant-override: \"off\"\n",
    );
    ws = copy_tree(ws, &kong, "charts/kong", &["ci"]);
    let chart_yaml = std::fs::read_to_string(kong.join("Chart.yaml")).unwrap();
    let (without_dependencies, _) = chart_yaml
        .split_once("dependencies:")
        .expect("Kong's Chart.yaml lists its dependencies last");
    ws = ws.file("charts/kong/Chart.yaml", without_dependencies);
    let mut ci: Vec<_> = std::fs::read_dir(kong.join("ci"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("test5-values.yaml"))
        .collect();
    ci.sort();
    let stages = ["development", "staging", "production"];
    for (i, path) in ci.iter().enumerate() {
        let name = path.file_name().unwrap().to_string_lossy();
        let target = format!("environments/{}/kong/{name}", stages[i % 3]);
        ws = ws.file(&target, std::fs::read(path).unwrap());
    }
    ws.file(
        "environments/production/kong.yaml",
        "imagee:\n  tag: \"3.9\"\n",
    )
}

/// The maintainers' own test values give no unknown-key error but `autoscaling.args`,
/// which nothing in the chart reads; keys its helpers read on what they are handed are
/// warnings; the planted `imagee` is an error.
#[test]
fn kong_ci_files_leave_only_the_unread_key_and_a_planted_typo() {
    kong_workspace().run(&["validate"]).assert(
        1,
        r#"
        development/kong:
        error[unknown-key]: unknown key `autoscaling.args`: chart kong neither sets, documents nor reads it; if it does read it, list it in `lint.allowUnknown`
          --> environments/development/kong/test1-values.yaml:5:3
          |
        5 |   args:
          |   ^^^^

        staging/kong:
        warning[unknown-key]: key `image.unifiedRepoTag` may be unknown: chart kong neither sets nor documents it, but charts/kong/templates/_helpers.tpl:1323 reads `.unifiedRepoTag` on what a helper is handed, which may be this key; if it is, list it in `lint.allowUnknown`
          --> environments/staging/kong/single-image-default-values.yaml:5:3
          |
        5 |   unifiedRepoTag: kong:3.4
          |   ^^^^^^^^^^^^^^

        warning[unknown-key]: key `ingressController.image.unifiedRepoTag` may be unknown: chart kong neither sets nor documents it, but charts/kong/templates/_helpers.tpl:1323 reads `.unifiedRepoTag` on what a helper is handed, which may be this key; if it is, list it in `lint.allowUnknown`
          --> environments/staging/kong/single-image-default-values.yaml:13:5
           |
        13 |     unifiedRepoTag: kong/kubernetes-ingress-controller:3.0
           |     ^^^^^^^^^^^^^^

        warning[unknown-key]: key `admin.ingress.hosts` may be unknown: chart kong neither sets nor documents it, but charts/kong/templates/_helpers.tpl:103 reads `.ingress.hosts` on what a helper is handed, which may be this key; if it is, list it in `lint.allowUnknown`
          --> environments/staging/kong/test2-values.yaml:35:5
           |
        35 |     hosts: []
           |     ^^^^^

        production/kong:
        error[unknown-key]: unknown key `imagee`: chart kong neither sets, documents nor reads it; did you mean `image`? If it does read it, list it in `lint.allowUnknown`
          --> environments/production/kong.yaml:1:1
          |
        1 | imagee:
          | ^^^^^^

        warning[unknown-key]: key `proxy.http.appProtocol` may be unknown: chart kong neither sets nor documents it, but charts/kong/templates/_helpers.tpl:227 reads `.http.appProtocol` on what a helper is handed, which may be this key; if it is, list it in `lint.allowUnknown`
          --> environments/production/kong/proxy-appprotocol-values.yaml:5:5
          |
        5 |     appProtocol: "http"
          |     ^^^^^^^^^^^

        3 releases validated: 2 errors, 4 warnings
        "#,
        "",
    );
}

/// A packaged subchart's comments and templates count too, under its key.
#[test]
fn a_packaged_subchart_documents_and_reads_keys_under_its_key() {
    let db = crate::support::tgz(&[
        (
            "db/Chart.yaml",
            "apiVersion: v2\nname: db\nversion: 0.1.0\n",
        ),
        (
            "db/values.yaml",
            "auth:\n  user: app\n  # password: secret\n",
        ),
        ("db/templates/secret.yaml", "{{ .Values.auth.database }}\n"),
    ]);
    Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "replicas: 1\n")
        .file("charts/web/charts/db-0.1.0.tgz", db)
        .file(
            "environments/dev/web.yaml",
            "db:\n  auth:\n    password: x\n    database: app\n    databse: app\n",
        )
        .run(&["validate"])
        .assert(
            1,
            r#"
            dev/web:
            error[unknown-key]: unknown key `db.auth.databse`: chart web neither sets, documents nor reads it; did you mean `db.auth.database`? If it does read it, list it in `lint.allowUnknown`
              --> environments/dev/web.yaml:5:5
              |
            5 |     databse: app
              |     ^^^^^^^

            1 release validated: 1 error, 0 warnings
            "#,
            "",
        );
}
