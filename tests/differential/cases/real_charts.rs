//! Real charts' values.yaml with each overlay their maintainers test with (`ci/*.yaml`) and
//! podinfo's production overlay. The files are copies (Apache-2.0, see
//! `real-charts/SOURCES.md`); each chart has a minimal Chart.yaml without dependencies.

use std::path::Path;

use crate::case::{Case, Section};
use crate::workdir::{suite_dir, CHART};

pub fn cases() -> Vec<Case> {
    let root = suite_dir().join("real-charts");
    let mut all = Vec::new();
    for chart in sorted_entries(&root).into_iter().filter(|p| p.is_dir()) {
        let name = file_name(&chart);
        all.push(case(&chart, &format!("real_{name}_defaults"), &[]));
        let mut overlays: Vec<String> = sorted_entries(&chart.join("ci"))
            .iter()
            .filter(|p| is_yaml(p))
            .map(|p| format!("ci/{}", file_name(p)))
            .collect();
        overlays.extend(
            sorted_entries(&chart)
                .iter()
                .filter(|p| is_yaml(p) && file_name(p).starts_with("values-"))
                .map(|p| file_name(p)),
        );
        for overlay in overlays {
            let stem = overlay
                .trim_start_matches("ci/")
                .trim_end_matches(".yaml")
                .replace(['-', '.'], "_");
            all.push(case(&chart, &format!("real_{name}_{stem}"), &[&overlay]));
        }
    }
    assert!(
        all.len() > 40,
        "real-charts/ holds fewer overlays than expected; were the copies removed?"
    );
    all
}

fn case(chart: &Path, name: &str, overlays: &[&str]) -> Case {
    let mut case = Case::new(Section::RealCharts, name).chart_dir(chart.to_path_buf());
    for overlay in overlays {
        case = case.args(&["-f", &format!("{CHART}/{overlay}")]);
    }
    case
}

/// Returns a folder's entries sorted by name; none when it does not exist.
pub fn sorted_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_yaml(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e == "yaml")
}
