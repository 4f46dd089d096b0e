//! A workspace of real public charts, as a new user would set one up: the verbatim copies in
//! `tests/fixtures/real-charts/` (kube-prometheus-stack, kong, podinfo, kube-state-metrics,
//! prometheus-node-exporter) under `charts/`, three stages, and overlays taken from the
//! charts' own `ci/` files (podinfo has none: its `values-prod.yaml` is production's).
//!
//! What had to be adapted, in the temporary copy only:
//!
//! - kong's Chart.yaml lists a `postgresql` dependency that is not vendored: it is removed
//!   (and kong's `ci/test5-values.yaml`, which needs it, is not used);
//! - kube-state-metrics and prometheus-node-exporter are also vendored as subcharts of
//!   kube-prometheus-stack (`charts/kube-prometheus-stack/charts/`), and its Chart.yaml keeps
//!   only those two dependencies (crds, grafana and the windows exporter are not vendored).
//!
//! Tests add their own `strata.yaml` and files on top ([`real_workspace`] returns a [`Ws`]).

use std::fs;
use std::path::Path;

use crate::support::{copy_tree, Ws};

/// The overlay each chart's release gets in each stage: `(stage, chart, file in the chart's
/// fixture folder)`.
pub const CI_OVERLAYS: &[(&str, &str, &str)] = &[
    (
        "development",
        "kube-prometheus-stack",
        "ci/03-non-defaults-values.yaml",
    ),
    (
        "staging",
        "kube-prometheus-stack",
        "ci/05-ingress-and-gateway-routes-values.yaml",
    ),
    (
        "production",
        "kube-prometheus-stack",
        "ci/04-prometheus-operator-webhook-values.yaml",
    ),
    ("development", "kong", "ci/default-values.yaml"),
    ("staging", "kong", "ci/test1-values.yaml"),
    ("production", "kong", "ci/test2-values.yaml"),
    (
        "development",
        "kube-state-metrics",
        "ci/02-custom-resource-state-only-values.yaml",
    ),
    (
        "staging",
        "kube-state-metrics",
        "ci/03-servicemonitor-values.yaml",
    ),
    (
        "production",
        "kube-state-metrics",
        "ci/04-self-monitor-values.yaml",
    ),
    (
        "development",
        "prometheus-node-exporter",
        "ci/kube-rbac-proxy-tlssecret-values.yaml",
    ),
    (
        "staging",
        "prometheus-node-exporter",
        "ci/networkpolicy-values.yaml",
    ),
    (
        "production",
        "prometheus-node-exporter",
        "ci/port-values.yaml",
    ),
    ("production", "podinfo", "values-prod.yaml"),
];

/// The charts of the workspace, as folders of `tests/fixtures/real-charts/`.
pub const CHARTS: &[&str] = &[
    "kong",
    "kube-prometheus-stack",
    "kube-state-metrics",
    "podinfo",
    "prometheus-node-exporter",
];

/// kube-prometheus-stack's dependencies, reduced to the two vendored under its `charts/`
/// (as they are written in its Chart.yaml).
const STACK_DEPENDENCIES: &str = "dependencies:
  - name: kube-state-metrics
    version: \"8.4.0\"
    repository: https://prometheus-community.github.io/helm-charts
    condition: kubeStateMetrics.enabled
  - name: prometheus-node-exporter
    version: \"4.56.1\"
    repository: https://prometheus-community.github.io/helm-charts
    condition: nodeExporter.enabled
";

/// Returns the folder of the real charts.
pub fn fixtures() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real-charts"
    ))
}

/// Returns the workspace described at the top of this file, with `strata_yaml` as its
/// `strata.yaml`.
pub fn real_workspace(strata_yaml: &str) -> Ws {
    let mut ws = Ws::new().file("strata.yaml", strata_yaml);
    for chart in CHARTS {
        ws = copy_tree(ws, &fixtures().join(chart), &format!("charts/{chart}"), &[]);
    }
    for sub in ["kube-state-metrics", "prometheus-node-exporter"] {
        ws = copy_tree(
            ws,
            &fixtures().join(sub),
            &format!("charts/kube-prometheus-stack/charts/{sub}"),
            &[],
        );
    }
    let kong = read(&fixtures().join("kong/Chart.yaml"));
    ws = ws.file("charts/kong/Chart.yaml", without_dependencies(&kong));
    let stack = read(&fixtures().join("kube-prometheus-stack/Chart.yaml"));
    ws = ws.file(
        "charts/kube-prometheus-stack/Chart.yaml",
        format!("{}{STACK_DEPENDENCIES}", without_dependencies(&stack)),
    );
    for (stage, chart, file) in CI_OVERLAYS {
        let bytes = fs::read(fixtures().join(chart).join(file))
            .unwrap_or_else(|e| panic!("cannot read the fixture {chart}/{file}: {e}"));
        ws = ws.file(&format!("environments/{stage}/{chart}.yaml"), bytes);
    }
    ws
}

/// Returns a Chart.yaml without its `dependencies` list, which both charts write last.
fn without_dependencies(chart_yaml: &str) -> String {
    let at = chart_yaml
        .find("\ndependencies:")
        .expect("the Chart.yaml lists dependencies");
    assert!(
        chart_yaml[at + 1..]
            .lines()
            .skip(1)
            .all(|l| l.starts_with(' ') || l.is_empty()),
        "`dependencies` is the last key of the Chart.yaml"
    );
    chart_yaml[..=at].to_string()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
