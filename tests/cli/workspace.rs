//! What a workspace holds: charts as folders or packaged (`.tgz`), and a workspace with no
//! chart at all, which every command working on charts refuses to run on.

use crate::support::{commit_all, Ws};

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
