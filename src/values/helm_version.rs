//! [`HelmVersion`]: which Helm's semantics strata mirrors (DESIGN §1: `helm: {version: ...}`
//! in `strata.yaml`, or `--helm-version`).

use std::fmt;

/// The Helm whose value semantics apply: Helm 3.17 (the reference) or Helm 4.1.
///
/// The differences live where the rules live, as small branches on this setting: reading
/// several YAML documents (`yaml`), a nested null over a null default (`layer`), `--set`
/// inputs Helm 4 accepts (`setflags`), and schema drafts, `format` and messages (`schema`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HelmVersion {
    /// Helm 3.17 (gojsonschema, first YAML document only).
    #[default]
    V3,
    /// Helm 4.1 (santhosh-tekuri/jsonschema v6, every YAML document merged).
    V4,
}

impl HelmVersion {
    /// Reads `3` or `4` (a leading `v` and a minor version are accepted: `v4`, `4.1`).
    pub fn parse(text: &str) -> Option<HelmVersion> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let major = text.split('.').next().unwrap_or("");
        match major {
            "3" => Some(HelmVersion::V3),
            "4" => Some(HelmVersion::V4),
            _ => None,
        }
    }

    /// Returns the major version number, 3 or 4.
    pub fn major(self) -> u32 {
        match self {
            HelmVersion::V3 => 3,
            HelmVersion::V4 => 4,
        }
    }

    /// Returns true for Helm 4.
    pub fn is_v4(self) -> bool {
        self == HelmVersion::V4
    }
}

impl fmt::Display for HelmVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HelmVersion::V3 => "3",
            HelmVersion::V4 => "4",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_major_versions() {
        for (text, want) in [
            ("3", Some(HelmVersion::V3)),
            ("4", Some(HelmVersion::V4)),
            ("v4", Some(HelmVersion::V4)),
            ("4.1", Some(HelmVersion::V4)),
            ("3.17.3", Some(HelmVersion::V3)),
            ("5", None),
            ("", None),
        ] {
            assert_eq!(HelmVersion::parse(text), want, "{text:?}");
        }
    }
}
