//! [`RenderJob`]: one release to render, and the key its output is cached under.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::settings::ClusterSettings;

use super::chart_snapshot::ChartSnapshot;
use super::helm::hex;

/// Bumped when the way strata runs helm changes, so older cache entries are not used.
const KEY_VERSION: &str = "strata-render-1";

/// One release to render.
#[derive(Clone, Debug)]
pub struct RenderJob {
    /// The stage.
    pub stage: String,
    /// The release name helm is given.
    pub release: String,
    /// The namespace helm is given.
    pub namespace: String,
    /// The chart's files.
    pub chart: Arc<ChartSnapshot>,
    /// The user values as YAML: what `strata render --for-helm` writes.
    pub values: String,
    /// The stage's cluster: `--kube-version`, `--api-versions`.
    pub cluster: ClusterSettings,
}

impl RenderJob {
    /// Returns `stage/release`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.stage, self.release)
    }

    /// Returns the flags after `helm template RELEASE CHART`, without the values file, for
    /// a helm that has `--skip-schema-validation` (3.16 and later) or not (older ones check
    /// the schemas themselves, which strata has already found passing).
    pub fn flags(&self, skip_schema_validation: bool) -> Vec<String> {
        let mut flags = vec!["--namespace".to_string(), self.namespace.clone()];
        if skip_schema_validation {
            flags.push("--skip-schema-validation".to_string());
        }
        if let Some(version) = &self.cluster.version {
            flags.push("--kube-version".into());
            flags.push(version.clone());
        }
        for api in &self.cluster.api_versions {
            flags.push("--api-versions".into());
            flags.push(api.clone());
        }
        flags
    }

    /// Returns the cache key: a SHA-256 of the chart's content, the values, the release
    /// name, every flag and the helm version. The stage is not in it: two stages rendering
    /// the same inputs get the same manifests.
    pub fn key(&self, helm_version: &str) -> String {
        let skip = super::helm::has_skip_schema_validation(helm_version);
        let mut hash = Sha256::new();
        let mut part = |bytes: &[u8]| {
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        };
        part(KEY_VERSION.as_bytes());
        part(helm_version.as_bytes());
        part(self.chart.hash.as_bytes());
        part(self.release.as_bytes());
        part(self.values.as_bytes());
        for flag in self.flags(skip) {
            part(flag.as_bytes());
        }
        hex(&hash.finalize())
    }
}
