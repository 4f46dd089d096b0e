//! The example workspace at the repository root: one case per release (chart × stage), with
//! the stage's overlays in the order strata layers them: `environments/<stage>/<chart>.yaml`,
//! then `environments/<stage>/<chart>/*.yaml` by name. The charts have real templates; the
//! probe is added beside them.
//!
//! A second case per release checks `strata render --for-helm`: the user values it writes,
//! given to `helm template -f`, must make Helm compute exactly the effective values that
//! `strata render -o json` shows.

use std::path::Path;

use super::real_charts::{file_name, sorted_entries};
use crate::case::{Case, Section};

pub fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let charts: Vec<_> = sorted_entries(&root.join("charts"))
        .into_iter()
        .filter(|p| p.join("Chart.yaml").is_file())
        .collect();
    let stages: Vec<_> = sorted_entries(&root.join("environments"))
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    // `render --for-helm` runs on a copy of the example workspace in a temporary folder, so
    // nothing about the checkout (an untracked file, a build) takes part.
    let copy = tempfile::tempdir().expect("a temporary folder can be created");
    for entry in ["strata.yaml", "charts", "environments", "schemas"] {
        copy_tree(&root.join(entry), &copy.path().join(entry));
    }
    let mut all = Vec::new();
    for chart in &charts {
        let chart_name = file_name(chart);
        for stage in &stages {
            let stage_name = file_name(stage);
            let mut overlays = Vec::new();
            let main = stage.join(format!("{chart_name}.yaml"));
            if main.is_file() {
                overlays.push(main);
            }
            overlays.extend(
                sorted_entries(&stage.join(&chart_name))
                    .into_iter()
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml")),
            );
            if overlays.is_empty() {
                continue;
            }
            let mut case = Case::new(
                Section::Workspace,
                &format!("release_{stage_name}_{chart_name}"),
            )
            .chart_dir(chart.clone());
            for overlay in overlays {
                let relative = overlay
                    .strip_prefix(root)
                    .expect("overlays are found under the repository root")
                    .to_string_lossy()
                    .into_owned();
                let contents = std::fs::read(&overlay)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", overlay.display()));
                case = case.file(&relative, contents).args(&["-f", &relative]);
            }
            all.push(case);
            all.push(for_helm_case(copy.path(), &stage_name, &chart_name, chart));
        }
    }
    assert!(
        !all.is_empty(),
        "no release found under charts/ and environments/ of the repository"
    );
    all
}

/// Copies the file or folder `from` to `to`, folders recursively.
fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("a folder can be created");
        for entry in sorted_entries(from) {
            copy_tree(&entry, &to.join(file_name(&entry)));
        }
    } else if from.is_file() {
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
    }
}

/// Runs the strata binary in the workspace `root` and returns its stdout.
fn strata(root: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("the strata binary runs");
    assert!(
        out.status.success(),
        "strata {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("strata prints UTF-8")
}

/// The case for `render --for-helm` of one release of the workspace copied to `root`.
fn for_helm_case(root: &Path, stage: &str, chart: &str, chart_dir: &Path) -> Case {
    let user_values = strata(root, &["render", "-s", stage, "-c", chart, "--for-helm"]);
    let rendered: serde_json::Value = serde_json::from_str(&strata(
        root,
        &["render", "-s", stage, "-c", chart, "-o", "json"],
    ))
    .expect("render -o json prints JSON");
    let effective = rendered["releases"][0]["values"].to_string();
    Case::new(
        Section::Workspace,
        &format!("render_for_helm_{stage}_{chart}"),
    )
    .chart_dir(chart_dir.to_path_buf())
    .values(user_values)
    .shows("", &effective)
}
