//! [`Helm`]: a helm binary and the version it says it is.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::error::RenderError;
use super::hermetic::{run_helm, RunFailure};
use super::render_cache::RenderCache;

/// A helm binary and its version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Helm {
    /// The binary, an absolute path.
    pub path: PathBuf,
    /// What `helm version --short` printed (`v3.17.3+ge4da497`).
    pub version: String,
}

impl Helm {
    /// Asks the binary at `path` for its version, hermetically, in `scratch` (a private
    /// folder). The answer is remembered in `cache` under the binary's path, size and
    /// modification time, so a run with everything cached starts no helm at all.
    pub fn probe(
        path: &Path,
        cache: Option<&RenderCache>,
        scratch: &Path,
        timeout: Duration,
    ) -> Result<Helm, RenderError> {
        let unusable = |source| RenderError::HelmUnusable {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(unusable)?;
        let stamp = {
            let mut hash = Sha256::new();
            hash.update(b"helm-version\0");
            hash.update(path.as_os_str().as_encoded_bytes());
            hash.update(meta.len().to_le_bytes());
            if let Ok(modified) = meta.modified() {
                hash.update(format!("{modified:?}").as_bytes());
            }
            hex(&hash.finalize())
        };
        if let Some(version) = cache.and_then(|c| c.get(&stamp)) {
            return Ok(Helm {
                path: path.to_path_buf(),
                version: version.trim().to_string(),
            });
        }
        let output = match run_helm(
            path,
            &["version".into(), "--short".into()],
            scratch,
            timeout,
        ) {
            Ok(output) => output,
            Err(RunFailure::Spawn(e)) => return Err(unusable(e)),
            Err(RunFailure::TimedOut) => {
                return Err(unusable(std::io::Error::other(
                    "`helm version` did not answer in time",
                )))
            }
        };
        let version = output.stdout.trim().to_string();
        if !output.success || parse_major(&version).is_none() {
            return Err(RenderError::NotHelm {
                path: path.to_path_buf(),
                output: format!("{}{}", output.stdout, output.stderr)
                    .trim()
                    .to_string(),
            });
        }
        if let Some(cache) = cache {
            cache.put(&stamp, &version)?;
        }
        Ok(Helm {
            path: path.to_path_buf(),
            version,
        })
    }

    /// Returns the major version (3 for `v3.17.3+ge4da497`).
    pub fn major(&self) -> u32 {
        parse_major(&self.version).unwrap_or(0)
    }
}

/// Returns true when the helm of `version` has `--skip-schema-validation` (added in 3.16).
pub(crate) fn has_skip_schema_validation(version: &str) -> bool {
    let mut parts = version.trim_start_matches('v').split(['.', '+', '-']);
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    major > 3 || (major == 3 && minor >= 16)
}

fn parse_major(version: &str) -> Option<u32> {
    let rest = version.strip_prefix('v')?;
    let major = rest.split('.').next()?;
    let minor = rest.split('.').nth(1)?;
    minor.parse::<u32>().ok()?;
    major.parse().ok()
}

/// Returns `bytes` as lowercase hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_major_of_helm_versions() {
        assert_eq!(parse_major("v3.17.3+ge4da497"), Some(3));
        assert_eq!(parse_major("v4.1.0"), Some(4));
        assert_eq!(parse_major("version 3"), None);
        assert_eq!(parse_major("v3"), None);
        assert!(has_skip_schema_validation("v3.17.3+ge4da497"));
        assert!(has_skip_schema_validation("v4.0.0"));
        assert!(!has_skip_schema_validation("v3.15.3+g3bb50bb"));
    }
}
