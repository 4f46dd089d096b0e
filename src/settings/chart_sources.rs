//! The `charts:` section of `strata.yaml`: charts of the workspace that come from a
//! repository, each named by its key, `{repository, name, version}` (`strata vendor` fetches them).
//!
//! ```yaml
//! charts:
//!   kong: {repository: https://charts.konghq.com, name: kong, version: 2.48.0}
//! ```

use super::chart_source::ChartSource;
use super::error::SettingsError;
use super::reader::is_safe_name;
use crate::values::{Node, Value};

/// Reads the `charts:` section: each key (the workspace's name for the chart, as a folder
/// under `charts/` would name it) with its source, in the order written.
pub(crate) fn chart_sources(node: &Node) -> Result<Vec<(String, ChartSource)>, SettingsError> {
    let Value::Map(map) = &node.value else {
        return Err(SettingsError::new(
            "charts must be a mapping of chart names to sources, e.g. `kong: {repository: https://charts.konghq.com, name: kong, version: 2.48.0}`",
            &node.origin,
        ));
    };
    let mut sources = Vec::new();
    for (chart, source) in map {
        if !is_safe_name(chart) {
            return Err(SettingsError::new(
                format!(
                    "chart name {chart:?} under charts must be letters, digits, '.', '_' or '-'"
                ),
                &source.key_or_value_origin(),
            ));
        }
        sources.push((
            chart.to_string(),
            ChartSource::from_node(source, &format!("charts.{chart}"))?,
        ));
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<Vec<String>, String> {
        let root = crate::yaml::test_tree("strata.yaml", yaml);
        let node = &root.as_map().unwrap()["charts"];
        chart_sources(node)
            .map(|sources| {
                sources
                    .into_iter()
                    .map(|(name, s)| format!("{name}: {s}"))
                    .collect()
            })
            .map_err(|e| {
                let origin = e.origin();
                format!("{}:{}: {e}", origin.line, origin.col)
            })
    }

    #[test]
    fn each_key_names_a_chart_of_the_workspace() {
        assert_eq!(
            read("charts:\n  gateway: {repository: https://charts.konghq.com, name: kong, version: 2.48.0}\n  podinfo: {repository: oci://ghcr.io/stefanprodan/charts, name: podinfo, version: 6.7.1}\n"),
            Ok(vec![
                "gateway: kong 2.48.0 from https://charts.konghq.com".to_string(),
                "podinfo: podinfo 6.7.1 from oci://ghcr.io/stefanprodan/charts".to_string(),
            ])
        );
        assert_eq!(
            read("charts: [kong]\n"),
            Err("1:9: charts must be a mapping of chart names to sources, e.g. `kong: {repository: https://charts.konghq.com, name: kong, version: 2.48.0}`".into())
        );
        assert_eq!(
            read("charts:\n  ../kong: {repository: https://x, name: kong, version: 1.0.0}\n"),
            Err(
                "2:3: chart name \"../kong\" under charts must be letters, digits, '.', '_' or '-'"
                    .into()
            )
        );
        assert_eq!(
            read("charts:\n  kong: {repository: https://x, name: kong}\n"),
            Err("2:9: charts.kong must name its version (repository, name and version)".into())
        );
    }
}
