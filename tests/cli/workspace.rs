//! What a workspace holds: charts as folders or packaged (`.tgz`), and a workspace with no
//! chart at all, which every command working on charts refuses to run on.

use crate::support::{chart_yaml, commit_all, tgz, Ws};

const NO_CHARTS: &str = "
    error: the workspace holds no chart: charts/ has no folder with a Chart.yaml and no packaged chart (.tgz)
      = hint: a chart is a folder charts/<name>/ with a Chart.yaml, or a packaged charts/<name>-<version>.tgz
    ";

#[test]
fn a_workspace_with_no_charts_is_an_error_for_every_command_on_charts() {
    let ws = Ws::new()
        .file("strata.yaml", "stages: [dev, prod]\n")
        .file("charts/README.md", "charts go here\n")
        .file("environments/dev/web.yaml", "a: 1\n");
    for args in [
        &["render"][..],
        &["validate"],
        &["matrix"],
        &["charts"],
        &["explain", "dev", "web", "a"],
        &["diff", "dev", "prod"],
    ] {
        ws.run(args).assert(2, "", NO_CHARTS);
    }
    commit_all(&ws, "no charts yet");
    ws.run(&["diff", "--from", "HEAD"]).assert(2, "", NO_CHARTS);
    // `stages` needs no chart.
    ws.run(&["stages"])
        .assert(0, "1. dev (namespace dev)\n2. prod (namespace prod)\n", "");
}

/// `web-1.4.0.tgz`, as `helm pull` leaves it: the chart's files under its folder `web/`.
fn web_tgz() -> Vec<u8> {
    tgz(&[
        (
            "web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 1.4.0\nappVersion: \"2.0\"\n",
        ),
        (
            "web/values.yaml",
            "replicas: 1\nimage:\n  tag: \"1.0\"\n  # digest: sha256:...\n",
        ),
        (
            "web/templates/deployment.yaml",
            "replicas: {{ .Values.replicas }}\nport: {{ .Values.service.port }}\n",
        ),
    ])
}

/// Stages `dev` and `prod`; chart `web` packaged as `charts/web-1.4.0.tgz`, with an overlay
/// in `dev`.
fn packaged_workspace() -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [dev, prod]\n")
        .file("charts/web-1.4.0.tgz", web_tgz())
        .file("environments/dev/web.yaml", "image:\n  tag: \"1.1\"\n")
}

#[test]
fn a_packaged_chart_is_a_chart_of_the_workspace_named_by_its_chart_yaml() {
    let ws = packaged_workspace();
    ws.run(&["charts"]).assert(
        0,
        "
        web (chart web 1.4.0, app 2.0; packaged: charts/web-1.4.0.tgz)
          dev: charts/web-1.4.0.tgz:values.yaml < environments/dev/web.yaml
          prod: charts/web-1.4.0.tgz:values.yaml
        ",
        "",
    );
    ws.run(&["render", "-s", "dev"]).assert(
        0,
        "
        ---
        # release: dev/web (namespace dev)
        replicas: 1
        image:
          tag: \"1.1\"
        ",
        "",
    );
    ws.run(&["explain", "prod", "web", "image.tag"]).assert(
        0,
        "
        prod/web image.tag = \"1.0\"
          from charts/web-1.4.0.tgz:values.yaml:3:8

        layers, most recent last:
          set      charts/web-1.4.0.tgz:values.yaml:3:8  \"1.0\"  chart defaults
        ",
        "",
    );
    ws.run(&["validate"])
        .assert(0, "2 releases validated: no errors, no warnings\n", "");
}

/// The unknown-key rule reads a packaged chart's comments and templates as a folder's.
#[test]
fn a_packaged_chart_documents_and_reads_keys_as_a_folder_does() {
    packaged_workspace()
        .file(
            "environments/prod/web.yaml",
            "image:\n  digest: sha256:0\nservice:\n  port: 80\nreplicsa: 2\n",
        )
        .run(&["validate"])
        .assert(
            1,
            "
            prod/web:
            error[unknown-key]: unknown key `replicsa`: chart web neither sets, documents nor reads it; did you mean `replicas`? If it does read it, list it in `lint.allowUnknown`
              --> environments/prod/web.yaml:5:1
              |
            5 | replicsa: 2
              | ^^^^^^^^

            2 releases validated: 1 error, 0 warnings
            ",
            "",
        );
}

#[test]
fn a_folder_and_a_packaged_chart_of_one_name_are_an_error_naming_both() {
    packaged_workspace()
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .run(&["render"])
        .assert(
            2,
            "",
            "error: two charts are named \"web\": charts/web and charts/web-1.4.0.tgz; keep one\n",
        );
}

#[test]
fn a_packaged_chart_named_like_no_file_is_refused() {
    Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file(
            "charts/odd-1.0.0.tgz",
            tgz(&[("odd/Chart.yaml", "apiVersion: v2\nname: ../odd\nversion: 1.0.0\n")]),
        )
        .run(&["charts"])
        .assert(
            2,
            "",
            "error: charts/odd-1.0.0.tgz holds a chart named \"../odd\", which cannot name releases and overlays (letters, digits, '.', '_' and '-' only)\n",
        );
}

#[test]
fn merge_takes_a_packaged_chart_inside_a_workspace_or_not() {
    packaged_workspace()
        .run(&["merge", "charts/web-1.4.0.tgz", "--set", "replicas=2"])
        .assert(0, "replicas: 2\nimage:\n  tag: \"1.0\"\n", "");
    Ws::new()
        .file("web-1.4.0.tgz", web_tgz())
        .file("prod.yaml", "image:\n  tag: [1]\n")
        .run(&["merge", "web-1.4.0.tgz", "-f", "prod.yaml"])
        .assert(0, "replicas: 1\nimage:\n  tag:\n    - 1\n", "");
}

#[test]
fn a_packaged_chart_is_read_at_a_revision_as_in_the_working_tree() {
    let ws = packaged_workspace();
    commit_all(&ws, "web 1.4.0");
    ws.run(&["diff", "--from", "HEAD", "-s", "dev"]).assert(
        0,
        "
        strata diff: HEAD → working tree

        no differences (1 release compared)
        ",
        "",
    );
}
