//! `strata init`: a workspace around existing charts, which then validates.

use crate::support::{chart_yaml, dedent, Ws};

/// A folder holding one chart and no workspace yet.
fn charts_only() -> Ws {
    Ws::new()
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "replicaCount: 1\n")
        .file(
            "charts/web/templates/deployment.yaml",
            "replicas: {{ .Values.replicaCount }}\n",
        )
}

#[test]
fn init_writes_the_stages_around_the_charts_and_the_result_validates() {
    let ws = charts_only();
    ws.run(&["init", "--stages", "dev,staging,prod"]).assert(
        0,
        "
        wrote environments/dev/stage.yaml
        wrote environments/staging/stage.yaml
        wrote environments/prod/stage.yaml
        wrote strata.yaml
        stages: dev, staging, prod
        charts: web (each a release in every stage)
        next: strata validate
        ",
        "",
    );
    assert_eq!(
        ws.read("strata.yaml"),
        dedent(
            "
            # strata workspace, written by `strata init`.
            #
            # Charts: web (each a release of its own name in every stage, until a `releases:`
            # section says otherwise).
            # Each stage's overlay of a release is environments/<stage>/<release>.yaml (and
            # environments/<stage>/<release>/*.yaml); its variables are in
            # environments/<stage>/stage.yaml.
            #
            # Stages are listed in promotion order: changes flow from the first to the last.
            stages: [dev, staging, prod]
            "
        )
    );
    assert_eq!(
        ws.read("environments/staging/stage.yaml"),
        dedent(
            "
            # Stage variables of staging.
            # `namespace` is where the stage's releases are deployed unless a release names its
            # own; overlay templates (*.yaml.tera) read every variable as stage.vars.NAME.
            namespace: staging
            "
        )
    );
    ws.run(&["validate"])
        .assert(0, "3 releases validated: no errors, no warnings\n", "");
    ws.run(&["stages"]).assert(
        0,
        "
        1. dev (namespace dev)
           web: (no overlay: chart defaults only)
        2. staging (namespace staging)
           web: (no overlay: chart defaults only)
        3. prod (namespace prod)
           web: (no overlay: chart defaults only)
        ",
        "",
    );
}

#[test]
fn init_without_stages_writes_development_staging_and_production() {
    let ws = Ws::new();
    ws.run(&["init"]).assert(
        0,
        "
        wrote environments/development/stage.yaml
        wrote environments/staging/stage.yaml
        wrote environments/production/stage.yaml
        wrote strata.yaml
        stages: development, staging, production
        charts: none yet; put each under charts/<name>/ (a folder with a Chart.yaml)
        next: strata validate
        ",
        "",
    );
}

#[test]
fn init_keeps_a_stage_file_that_exists_and_never_overwrites_a_workspace() {
    let ws = charts_only().file("environments/dev/stage.yaml", "namespace: team-dev\n");
    ws.run(&["init", "--stages", "dev,prod"]).assert(
        0,
        "
        kept environments/dev/stage.yaml (it exists)
        wrote environments/prod/stage.yaml
        wrote strata.yaml
        stages: dev, prod
        charts: web (each a release in every stage)
        next: strata validate
        ",
        "",
    );
    assert_eq!(
        ws.read("environments/dev/stage.yaml"),
        "namespace: team-dev\n"
    );
    let before = ws.read("strata.yaml");
    ws.run(&["init", "--stages", "qa"]).assert(
        3,
        "",
        "error: strata.yaml already exists here: `strata init` starts a workspace and never overwrites one\n",
    );
    assert_eq!(ws.read("strata.yaml"), before);
}

#[test]
fn init_refuses_stage_names_that_are_not_folder_names() {
    let ws = charts_only();
    ws.run(&["init", "--stages", "dev,../prod"]).assert(
        2,
        "",
        "error: stage name \"../prod\" must be letters, digits, '.', '_' or '-'\n",
    );
    ws.run(&["init", "--stages", "dev,dev"])
        .assert(2, "", "error: stage \"dev\" is named twice\n");
    assert!(!ws.root().join("strata.yaml").exists());
    assert!(!ws.root().join("environments").exists());
}
