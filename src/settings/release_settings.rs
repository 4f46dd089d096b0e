//! [`ReleaseSpec`] and [`ChartRef`]: the `releases:` section of `strata.yaml`.
//!
//! ```yaml
//! releases:
//!   - name: gateway-public
//!     chart: kong                # a chart of the workspace (folder, packaged or `charts:`)
//!     namespace: edge            # default: the stage's `namespace` variable, else its name
//!   - name: gateway-internal     # or a chart from a repository, written inline
//!     chart: {repository: https://charts.konghq.com, name: kong, version: 2.48.0}
//!   - name: debug-tools
//!     chart: toolbox
//!     stages: [development]      # default: every stage
//! ```
//!
//! Without the section each chart of the workspace is one release of its own name in every
//! stage ([`ReleaseSpec::for_chart`]). Whether a named chart exists is the workspace's to
//! check (`workspace`); this file only reads what is written. What an inline source is named
//! in the workspace is `inline_charts.rs`'s rule.

use crate::values::{Node, Origin, Value};

use super::chart_source::ChartSource;
use super::error::SettingsError;
use super::reader::is_safe_name;

/// Where a release's chart comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChartRef {
    /// A chart of the workspace, by name: a folder under `charts/` or a packaged chart
    /// there (`chart: kong`).
    Local(String),
    /// A chart from a repository, written in the release
    /// (`chart: {repository, name, version}`): a vendored chart of the workspace, listed
    /// under the source's `name` like a `charts:` entry of that key.
    Source(ChartSource),
}

impl ChartRef {
    /// Returns the chart's name: the name the workspace lists it under.
    pub fn name(&self) -> &str {
        match self {
            ChartRef::Local(name) => name,
            ChartRef::Source(source) => &source.name,
        }
    }
}

/// One release as `strata.yaml` declares it (or as a chart gives it without `releases:`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseSpec {
    /// The release's name (`helm template NAME`), which also names its overlays.
    pub name: String,
    /// Its chart.
    pub chart: ChartRef,
    /// Its namespace in every stage, when written; else the stage's.
    pub namespace: Option<String>,
    /// The stages it runs in, when written; else every stage.
    pub stages: Option<Vec<String>>,
    /// Where it was declared (`strata.yaml:line:col`); the whole file for a release a chart
    /// gives.
    pub origin: Origin,
}

impl ReleaseSpec {
    /// Returns the release a chart is without `releases:`: its own name, every stage, the
    /// stage's namespace.
    pub fn for_chart(chart: &str, origin: Origin) -> ReleaseSpec {
        ReleaseSpec {
            name: chart.to_string(),
            chart: ChartRef::Local(chart.to_string()),
            namespace: None,
            stages: None,
            origin,
        }
    }

    /// Returns true when the release runs in `stage`.
    pub fn runs_in(&self, stage: &str) -> bool {
        self.stages
            .as_ref()
            .is_none_or(|stages| stages.iter().any(|s| s == stage))
    }
}

/// The keys a release may hold.
const RELEASE_KEYS: &[&str] = &["name", "chart", "namespace", "stages"];

fn config_error(message: impl Into<String>, origin: &Origin) -> SettingsError {
    SettingsError::new(message, origin)
}

/// Returns the string at `node`, or an error saying `what` must be one.
fn name_at(node: &Node, what: &str) -> Result<String, SettingsError> {
    match &node.value {
        Value::String(s) if is_safe_name(s) => Ok(s.to_string()),
        Value::String(s) => Err(config_error(
            format!("{what} {s:?} must be letters, digits, '.', '_' or '-'"),
            &node.origin,
        )),
        _ => Err(config_error(format!("{what} must be a name"), &node.origin)),
    }
}

/// Returns the source map a chart URL stands for, to suggest it: `oci://host/path/kong` is
/// `{repository: oci://host/path, name: kong, version: X.Y.Z}`.
fn source_hint(url: &str) -> String {
    let url = url.trim_end_matches('/');
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (repository, name) = match rest.rsplit_once('/') {
        Some((path, name)) if !name.is_empty() => (format!("{scheme}://{path}"), name),
        _ => (url.to_string(), "CHART"),
    };
    format!("{{repository: {repository}, name: {name}, version: X.Y.Z}}")
}

/// Reads the `chart:` of release `release`: a chart of the workspace by name, or a source
/// map `{repository, name, version}`.
fn chart_at(node: &Node, release: &str) -> Result<ChartRef, SettingsError> {
    match &node.value {
        Value::String(url) if url.contains("://") => Err(config_error(
            format!("chart {url:?} is a URL; a chart from a repository is written as a source: `chart: {}`", source_hint(url)),
            &node.origin,
        )),
        Value::String(_) => Ok(ChartRef::Local(name_at(node, "chart")?)),
        Value::Map(_) => Ok(ChartRef::Source(ChartSource::from_node(
            node,
            &format!("releases.{release}.chart"),
        )?)),
        _ => Err(config_error(
            "chart must name a chart of the workspace (`chart: kong`) or a source (`chart: {repository: https://..., name: kong, version: 2.48.0}`)",
            &node.origin,
        )),
    }
}

/// Reads the `releases:` section: a list of releases, each with a unique `name` and a
/// `chart`, and optionally a `namespace` and the `stages` (of `stages`) it runs in.
pub(crate) fn read_releases(
    node: &Node,
    stages: &[String],
) -> Result<Vec<ReleaseSpec>, SettingsError> {
    let Value::List(items) = &node.value else {
        return Err(config_error(
            "releases must be a list, e.g. `releases: [{name: web, chart: web}]`",
            &node.origin,
        ));
    };
    let mut releases: Vec<ReleaseSpec> = Vec::new();
    for item in items {
        let map = item.as_map().ok_or_else(|| {
            config_error(
                "a release must be a mapping with a name and a chart",
                &item.origin,
            )
        })?;
        for (key, value) in map {
            if !RELEASE_KEYS.contains(&key.as_str()) {
                return Err(config_error(
                    format!(
                        "unknown key {key:?} in a release; known keys: {}",
                        RELEASE_KEYS.join(", ")
                    ),
                    &value.key_or_value_origin(),
                ));
            }
        }
        let name = match map.get("name") {
            Some(node) => name_at(node, "release name")?,
            None => return Err(config_error("a release must have a name", &item.origin)),
        };
        if releases.iter().any(|r| r.name == name) {
            return Err(config_error(
                format!("release {name:?} is declared twice"),
                &map["name"].origin,
            ));
        }
        let chart = match map.get("chart") {
            Some(node) => chart_at(node, &name)?,
            None => {
                return Err(config_error(
                    format!("release {name:?} must name its chart (`chart: <name>`)"),
                    &item.origin,
                ))
            }
        };
        let namespace = match map.get("namespace") {
            Some(node) => Some(name_at(node, "namespace")?),
            None => None,
        };
        let release_stages = match map.get("stages") {
            Some(node) => {
                let Value::List(list) = &node.value else {
                    return Err(config_error(
                        "stages of a release must be a list of stages",
                        &node.origin,
                    ));
                };
                let mut names = Vec::new();
                for stage in list {
                    let name = name_at(stage, "stage")?;
                    if !stages.contains(&name) {
                        return Err(config_error(
                            format!(
                                "unknown stage {name:?}; the stages are: {}",
                                stages.join(", ")
                            ),
                            &stage.origin,
                        ));
                    }
                    names.push(name);
                }
                Some(names)
            }
            None => None,
        };
        releases.push(ReleaseSpec {
            name,
            chart,
            namespace,
            stages: release_stages,
            origin: item.origin.clone(),
        });
    }
    Ok(releases)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<ReleaseSpec>, String> {
        let parsed = crate::yaml::parse_values(
            text.as_bytes(),
            std::sync::Arc::from("strata.yaml"),
            &crate::yaml::Limits::default(),
        )
        .expect("valid YAML");
        let root = parsed.root.expect("a document");
        let stages = vec!["dev".to_string(), "prod".to_string()];
        read_releases(&root.as_map().expect("a map")["releases"], &stages).map_err(|e| {
            let origin = e.origin();
            format!("{}:{}: {e}", origin.line, origin.col)
        })
    }

    #[test]
    fn releases_name_their_chart_namespace_and_stages() {
        let releases = read(
            "releases:\n  - {name: public, chart: kong, namespace: edge}\n  - name: debug\n    chart: toolbox\n    stages: [dev]\n",
        )
        .expect("valid");
        assert_eq!(releases.len(), 2);
        assert_eq!(releases[0].name, "public");
        assert_eq!(releases[0].chart, ChartRef::Local("kong".into()));
        assert_eq!(releases[0].namespace.as_deref(), Some("edge"));
        assert!(releases[0].runs_in("prod"));
        assert_eq!(releases[1].stages, Some(vec!["dev".to_string()]));
        assert!(releases[1].runs_in("dev") && !releases[1].runs_in("prod"));
        assert_eq!((releases[1].origin.line, releases[1].origin.col), (3, 5));
    }

    #[test]
    fn mistakes_in_releases_are_reported_where_they_are() {
        let rows: &[(&str, &str)] = &[
            ("releases: web\n", "1:11: releases must be a list, e.g. `releases: [{name: web, chart: web}]`"),
            ("releases: [{chart: web}]\n", "1:12: a release must have a name"),
            ("releases: [{name: web}]\n", "1:12: release \"web\" must name its chart (`chart: <name>`)"),
            (
                "releases: [{name: a, chart: web}, {name: a, chart: web}]\n",
                "1:42: release \"a\" is declared twice",
            ),
            (
                "releases: [{name: a, chart: web, stages: [qa]}]\n",
                "1:43: unknown stage \"qa\"; the stages are: dev, prod",
            ),
            (
                "releases: [{name: a, chart: web, namespce: x}]\n",
                "1:34: unknown key \"namespce\" in a release; known keys: name, chart, namespace, stages",
            ),
            (
                "releases: [{name: ../a, chart: web}]\n",
                "1:19: release name \"../a\" must be letters, digits, '.', '_' or '-'",
            ),
        ];
        for (text, expected) in rows {
            assert_eq!(read(text).unwrap_err(), *expected, "{text}");
        }
    }
}
