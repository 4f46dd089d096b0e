//! The charts releases take inline from a repository
//! (`chart: {repository, name, version}`): each is a chart of the workspace named by the
//! source's `name`, vendored and locked exactly as if `charts:` held it under that key.
//!
//! ```yaml
//! releases:
//!   - {name: gateway-public, chart: {repository: https://charts.konghq.com, name: kong, version: 2.48.0}}
//!   - {name: gateway-internal, chart: {repository: https://charts.konghq.com, name: kong, version: 2.48.0}}
//! ```
//!
//! Both releases above share the chart `kong` (`vendor/kong-2.48.0.tgz`). One name stands for
//! one chart: two different sources of one name, or a source named like a `charts:` key,
//! are errors at the release's `chart:` (a `charts/<name>` folder is the workspace's to
//! check, as it reads the files).

use super::chart_source::ChartSource;
use super::error::SettingsError;
use super::release_settings::{ChartRef, ReleaseSpec};

/// Returns the charts `releases` write inline, each under the source's name, in the order
/// the releases are written, once per name; `declared` is the `charts:` section.
pub(crate) fn inline_charts(
    releases: &[ReleaseSpec],
    declared: &[(String, ChartSource)],
) -> Result<Vec<(String, ChartSource)>, SettingsError> {
    // Each chart with the release that first wrote it.
    let mut found: Vec<(&str, &ChartSource)> = Vec::new();
    for release in releases {
        let ChartRef::Source(source) = &release.chart else {
            continue;
        };
        let name = &source.name;
        if let Some((key, other)) = declared.iter().find(|(key, _)| key == name) {
            let message = if other == source {
                format!(
                    "release {:?}: charts.{key} ({}) already declares {source}; write `chart: {key}`",
                    release.name, other.origin
                )
            } else {
                format!(
                    "release {:?}: its chart {source} would be the workspace's chart {name:?}, which charts.{key} ({}) names for {other}; declare this source under `charts:` with another key and name that key in `chart:`",
                    release.name, other.origin
                )
            };
            return Err(SettingsError::new(message, &source.origin));
        }
        match found.iter().find(|(_, other)| other.name == *name) {
            Some((_, other)) if *other == source => {}
            Some((first, other)) => {
                return Err(SettingsError::new(
                    format!(
                        "release {:?}: its chart {source} and release {first:?}'s {other} ({}) would both be the workspace's chart {name:?}; declare them under `charts:` with distinct keys and name those keys in `chart:`",
                        release.name, other.origin
                    ),
                    &source.origin,
                ))
            }
            None => found.push((&release.name, source)),
        }
    }
    Ok(found
        .into_iter()
        .map(|(_, source)| (source.name.clone(), source.clone()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `strata.yaml` text's `charts:` and `releases:`, then the inline charts, as
    /// `name: source @line:col` or `line:col: error`.
    fn read(yaml: &str) -> Result<Vec<String>, String> {
        let root = crate::yaml::test_tree("strata.yaml", yaml);
        let map = root.as_map().unwrap();
        let located = |e: SettingsError| {
            let origin = e.origin();
            format!("{}:{}: {e}", origin.line, origin.col)
        };
        let declared = match map.get("charts") {
            Some(node) => super::super::chart_sources::chart_sources(node).map_err(located)?,
            None => Vec::new(),
        };
        let stages = vec!["dev".to_string()];
        let releases = super::super::release_settings::read_releases(&map["releases"], &stages)
            .map_err(located)?;
        inline_charts(&releases, &declared)
            .map(|charts| {
                charts
                    .into_iter()
                    .map(|(name, s)| format!("{name}: {s} @{}:{}", s.origin.line, s.origin.col))
                    .collect()
            })
            .map_err(located)
    }

    const KONG: &str = "{repository: https://charts.konghq.com, name: kong, version: 2.48.0}";

    #[test]
    fn a_source_is_a_chart_of_its_name_shared_by_the_releases_writing_it() {
        let yaml = format!(
            "releases:\n  - {{name: public, chart: {KONG}}}\n  - name: internal\n    chart:\n      repository: https://charts.konghq.com/\n      name: kong\n      version: 2.48.0\n  - {{name: web, chart: web}}\n  - {{name: info, chart: {{repository: oci://ghcr.io/stefanprodan/charts, name: podinfo, version: 6.7.1}}}}\n"
        );
        assert_eq!(
            read(&yaml),
            Ok(vec![
                "kong: kong 2.48.0 from https://charts.konghq.com @2:27".to_string(),
                "podinfo: podinfo 6.7.1 from oci://ghcr.io/stefanprodan/charts @9:25".to_string(),
            ])
        );
        // A `charts:` key of another name for the same source is another chart.
        assert_eq!(
            read(&format!(
                "charts:\n  gateway: {KONG}\nreleases:\n  - {{name: public, chart: {KONG}}}\n  - {{name: internal, chart: gateway}}\n"
            )),
            Ok(vec![
                "kong: kong 2.48.0 from https://charts.konghq.com @4:27".to_string()
            ])
        );
        assert_eq!(read("releases: [{name: web, chart: web}]\n"), Ok(vec![]));
    }

    #[test]
    fn a_chart_or_a_source_is_refused_where_the_release_writes_it() {
        let rows: Vec<(String, &str)> = vec![
            (
                format!("releases:\n  - {{name: a, chart: {KONG}}}\n  - {{name: b, chart: {{repository: https://charts.konghq.com, name: kong, version: 2.49.0}}}}\n"),
                "3:22: release \"b\": its chart kong 2.49.0 from https://charts.konghq.com and release \"a\"'s kong 2.48.0 from https://charts.konghq.com (strata.yaml:2:22) would both be the workspace's chart \"kong\"; declare them under `charts:` with distinct keys and name those keys in `chart:`",
            ),
            (
                format!("releases:\n  - {{name: a, chart: {KONG}}}\n  - {{name: b, chart: {{repository: oci://registry.example.com/charts, name: kong, version: 2.48.0}}}}\n"),
                "3:22: release \"b\": its chart kong 2.48.0 from oci://registry.example.com/charts and release \"a\"'s kong 2.48.0 from https://charts.konghq.com (strata.yaml:2:22) would both be the workspace's chart \"kong\"; declare them under `charts:` with distinct keys and name those keys in `chart:`",
            ),
            (
                format!("charts:\n  kong: {KONG}\nreleases:\n  - {{name: a, chart: {KONG}}}\n"),
                "4:22: release \"a\": charts.kong (strata.yaml:2:9) already declares kong 2.48.0 from https://charts.konghq.com; write `chart: kong`",
            ),
            (
                "charts:\n  kong: {repository: https://x.example.com, name: gateway, version: 1.0.0}\nreleases:\n  - name: a\n    chart:\n      repository: https://charts.konghq.com\n      name: kong\n      version: 2.48.0\n".to_string(),
                "6:7: release \"a\": its chart kong 2.48.0 from https://charts.konghq.com would be the workspace's chart \"kong\", which charts.kong (strata.yaml:2:9) names for gateway 1.0.0 from https://x.example.com; declare this source under `charts:` with another key and name that key in `chart:`",
            ),
            (
                "releases: [{name: a, chart: {repository: https://x.example.com, name: kong}}]\n".to_string(),
                "1:29: releases.a.chart must name its version (repository, name and version)",
            ),
            (
                "releases: [{name: a, chart: {repository: ftp://x.example.com, name: kong, version: 1.0.0}}]\n".to_string(),
                "1:42: releases.a.chart.repository has the scheme \"ftp\"; helm pulls from https://, http:// or oci://",
            ),
            (
                "releases: [{name: a, chart: {repository: https://x.example.com, name: kong, version: \">=1.0\"}}]\n".to_string(),
                "1:86: releases.a.chart.version must be one exact version (2.48.0), not a range: the lock records what strata.yaml pins",
            ),
            (
                "releases: [{name: a, chart: {repository: https://x.example.com, name: kong, version: 1.0.0, digest: x}}]\n".to_string(),
                "1:93: unknown key \"digest\" in releases.a.chart; known keys: repository, name, version",
            ),
            (
                "releases: [{name: a, chart: oci://ghcr.io/stefanprodan/charts/podinfo}]\n".to_string(),
                "1:29: chart \"oci://ghcr.io/stefanprodan/charts/podinfo\" is a URL; a chart from a repository is written as a source: `chart: {repository: oci://ghcr.io/stefanprodan/charts, name: podinfo, version: X.Y.Z}`",
            ),
            (
                "releases: [{name: a, chart: \"https://charts.konghq.com/\"}]\n".to_string(),
                "1:29: chart \"https://charts.konghq.com/\" is a URL; a chart from a repository is written as a source: `chart: {repository: https://charts.konghq.com, name: CHART, version: X.Y.Z}`",
            ),
            (
                "releases: [{name: a, chart: [kong]}]\n".to_string(),
                "1:29: chart must name a chart of the workspace (`chart: kong`) or a source (`chart: {repository: https://..., name: kong, version: 2.48.0}`)",
            ),
        ];
        let wrong: Vec<String> = rows
            .iter()
            .filter_map(|(yaml, expected)| {
                let actual = read(yaml).unwrap_err();
                (actual != *expected).then(|| format!("{yaml}\n  got: {actual}\n want: {expected}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
