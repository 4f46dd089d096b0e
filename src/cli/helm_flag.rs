//! [`HelmFlag`]: `--helm-version 3|4`, shared by every value command, which picks whose
//! semantics apply (DESIGN §1); without it, `strata.yaml`'s `helm.version` decides (Helm 3
//! when that is not set either, and for `strata merge`).

use crate::values::HelmVersion;
use crate::workspace::Workspace;

/// The `--helm-version` flag.
#[derive(Debug, Default, clap::Args)]
pub struct HelmFlag {
    /// Follow this Helm's semantics: 3 (Helm 3.17) or 4 (Helm 4.1) [default: strata.yaml's helm.version; 3 without one, and for merge]
    #[arg(long = "helm-version", value_name = "3|4", value_parser = parse_helm_version)]
    pub helm_version: Option<HelmVersion>,
}

impl HelmFlag {
    /// Returns the version the flag names, or Helm 3.
    pub fn or_default(&self) -> HelmVersion {
        self.helm_version.unwrap_or_default()
    }

    /// Returns the workspace under the flag's Helm, or as `strata.yaml` says without it.
    pub fn apply(&self, ws: Workspace) -> Workspace {
        match self.helm_version {
            Some(helm) => ws.with_helm(helm),
            None => ws,
        }
    }
}

/// Reads `3` or `4` for clap.
pub fn parse_helm_version(text: &str) -> Result<HelmVersion, String> {
    HelmVersion::parse(text).ok_or_else(|| format!("{text:?} is not a Helm version; use 3 or 4"))
}
