//! [`ManifestSettings`]: the `kubernetes:` and `manifests:` sections of
//! `strata.yaml`, which say how releases are rendered by `helm template` and how rendered
//! manifests are compared and checked.
//!
//! ```yaml
//! kubernetes:                         # every stage's cluster, unless the stage says otherwise
//!   version: "1.31.0"                 # helm template --kube-version
//!   apiVersions: [monitoring.coreos.com/v1]   # --api-versions, for `.Capabilities` checks
//!   ingressClasses: []                # the ingress classes an Ingress may name
//!   stages:
//!     production: {ingressClasses: [kong]}    # each key given replaces the default's
//! manifests:
//!   ignore: ["**.labels.helm\\.sh/chart"]     # replaces the default ignore rules of `diff --manifests`
//! ```

use std::collections::BTreeMap;

use crate::values::{KeyPattern, Node, Value};

use super::error::SettingsError;
use super::reader::key_pattern_list;

/// The ignore rules of `diff --manifests` when `strata.yaml` names none: what every chart
/// upgrade changes without changing what runs.
pub const DEFAULT_MANIFEST_IGNORE: &[&str] = &[
    "*.**.labels.helm\\.sh/chart",
    "*.**.labels.app\\.kubernetes\\.io/version",
    "*.**.annotations.checksum/*",
];

/// What one stage's cluster is: the Kubernetes version, the API versions it serves beyond
/// the built-in ones, and the ingress classes it runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusterSettings {
    /// `--kube-version` (`None`: Helm's default).
    pub version: Option<String>,
    /// `--api-versions`, in the order written.
    pub api_versions: Vec<String>,
    /// The ingress classes an Ingress of this stage may name (empty: any).
    pub ingress_classes: Vec<String>,
}

/// The settings of rendering and of manifest comparisons.
#[derive(Clone, Debug)]
pub struct ManifestSettings {
    /// Every stage's cluster, unless the stage says otherwise.
    pub default_cluster: ClusterSettings,
    /// Per stage: the keys it gives, each replacing the default's.
    pub stage_clusters: BTreeMap<String, PartialCluster>,
    /// The ignore rules of `diff --manifests`, applied within each resource (the first
    /// segment is the resource).
    pub ignore: Vec<KeyPattern>,
}

/// A stage's own cluster settings: only the keys it writes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartialCluster {
    version: Option<String>,
    api_versions: Option<Vec<String>>,
    ingress_classes: Option<Vec<String>>,
}

impl Default for ManifestSettings {
    fn default() -> Self {
        ManifestSettings {
            default_cluster: ClusterSettings::default(),
            stage_clusters: BTreeMap::new(),
            ignore: DEFAULT_MANIFEST_IGNORE
                .iter()
                .map(|p| KeyPattern::parse(p).expect("the default ignore rules parse"))
                .collect(),
        }
    }
}

fn map_of<'a>(node: &'a Node, what: &str) -> Result<&'a crate::values::Map, SettingsError> {
    node.as_map()
        .ok_or_else(|| SettingsError::new(format!("{what} must be a mapping"), &node.origin))
}

fn text(node: &Node, what: &str) -> Result<String, SettingsError> {
    match &node.value {
        Value::String(s) => Ok(s.to_string()),
        _ => Err(SettingsError::new(
            format!("{what} must be a quoted string, e.g. \"1.31.0\""),
            &node.origin,
        )),
    }
}

fn texts(node: &Node, what: &str) -> Result<Vec<String>, SettingsError> {
    let Value::List(items) = &node.value else {
        return Err(SettingsError::new(
            format!("{what} must be a list of names"),
            &node.origin,
        ));
    };
    items.iter().map(|item| text(item, what)).collect()
}

fn partial(node: &Node, what: &str, allow_stages: bool) -> Result<PartialCluster, SettingsError> {
    let mut out = PartialCluster::default();
    for (key, value) in map_of(node, what)? {
        match key.as_str() {
            "version" => out.version = Some(text(value, &format!("{what}.version"))?),
            "apiVersions" => out.api_versions = Some(texts(value, &format!("{what}.apiVersions"))?),
            "ingressClasses" => {
                out.ingress_classes = Some(texts(value, &format!("{what}.ingressClasses"))?)
            }
            "stages" if allow_stages => {}
            _ => {
                return Err(SettingsError::new(
                    format!(
                    "unknown key {key:?} in {what}; known: version, apiVersions, ingressClasses{}",
                    if allow_stages { ", stages" } else { "" }
                ),
                    &value.key_or_value_origin(),
                ))
            }
        }
    }
    Ok(out)
}

impl PartialCluster {
    fn over(&self, base: &ClusterSettings) -> ClusterSettings {
        ClusterSettings {
            version: self.version.clone().or_else(|| base.version.clone()),
            api_versions: self
                .api_versions
                .clone()
                .unwrap_or_else(|| base.api_versions.clone()),
            ingress_classes: self
                .ingress_classes
                .clone()
                .unwrap_or_else(|| base.ingress_classes.clone()),
        }
    }
}

impl ManifestSettings {
    /// Reads the `kubernetes` and `manifests` sections (each optional); `stages` are
    /// the workspace's, which `kubernetes.stages` may name only.
    pub fn from_nodes(
        kubernetes: Option<&Node>,
        manifests: Option<&Node>,
        stages: &[String],
    ) -> Result<ManifestSettings, SettingsError> {
        let mut settings = ManifestSettings::default();
        if let Some(node) = kubernetes {
            settings.default_cluster =
                partial(node, "kubernetes", true)?.over(&ClusterSettings::default());
            if let Some(per_stage) = map_of(node, "kubernetes")?.get("stages") {
                for (stage, value) in map_of(per_stage, "kubernetes.stages")? {
                    if !stages.iter().any(|s| s == stage) {
                        return Err(SettingsError::new(
                            format!(
                                "kubernetes.stages names {stage:?}, which is not a stage; the stages are: {}",
                                stages.join(", ")
                            ),
                            &value.key_or_value_origin(),
                        ));
                    }
                    let what = format!("kubernetes.stages.{stage}");
                    settings
                        .stage_clusters
                        .insert(stage.to_string(), partial(value, &what, false)?);
                }
            }
        }
        if let Some(node) = manifests {
            for (key, value) in map_of(node, "manifests")? {
                match key.as_str() {
                    "ignore" => settings.ignore = key_pattern_list(value, "manifests.ignore")?,
                    _ => {
                        return Err(SettingsError::new(
                            format!("unknown key {key:?} in manifests; known: ignore"),
                            &value.key_or_value_origin(),
                        ))
                    }
                }
            }
        }
        Ok(settings)
    }

    /// Returns the cluster of `stage`: the stage's own keys over the default.
    pub fn cluster(&self, stage: &str) -> ClusterSettings {
        match self.stage_clusters.get(stage) {
            Some(own) => own.over(&self.default_cluster),
            None => self.default_cluster.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::test_tree as tree;

    fn read(text: &str) -> Result<ManifestSettings, SettingsError> {
        let root = tree("strata.yaml", text);
        let map = root.as_map().expect("a map");
        let stages = vec!["staging".to_string(), "production".to_string()];
        ManifestSettings::from_nodes(map.get("kubernetes"), map.get("manifests"), &stages)
    }

    #[test]
    fn stages_override_the_default_cluster_key_by_key() {
        let settings = read(
            "kubernetes:\n  version: \"1.31.0\"\n  apiVersions: [a/v1]\n  stages:\n    production: {ingressClasses: [kong]}\n",
        )
        .expect("valid");
        let production = settings.cluster("production");
        assert_eq!(production.version.as_deref(), Some("1.31.0"));
        assert_eq!(production.api_versions, vec!["a/v1".to_string()]);
        assert_eq!(production.ingress_classes, vec!["kong".to_string()]);
        assert!(settings.cluster("staging").ingress_classes.is_empty());
        assert_eq!(settings.ignore.len(), 3);
    }

    #[test]
    fn mistakes_are_errors() {
        for (text, message) in [
            (
                "kubernetes: {stages: {prod: {}}}\n",
                "kubernetes.stages names \"prod\", which is not a stage; the stages are: staging, production",
            ),
            (
                "kubernetes: {versoin: x}\n",
                "unknown key \"versoin\" in kubernetes; known: version, apiVersions, ingressClasses, stages",
            ),
            (
                "kubernetes: {version: 1.31}\n",
                "kubernetes.version must be a quoted string, e.g. \"1.31.0\"",
            ),
            ("manifests: {x: 1}\n", "unknown key \"x\" in manifests; known: ignore"),
        ] {
            let error = read(text).expect_err(text);
            assert_eq!(error.to_string(), message, "{text}");
        }
    }
}
