//! [`Lock`]: `strata.lock`, what `strata vendor` fetched (each chart's source and the
//! SHA-256 of its archive), and [`verify`]: the check every other command makes before it
//! reads a vendored chart, offline.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::source::{display_path, SourceError, Tree};
use crate::values::{Node, Value};
use crate::yaml::{parse_values, Limits};

use super::digest::Digest;
use super::error::{NotVendored, VendorError};
use crate::settings::ChartSource;

/// The lock file, at the workspace root.
pub const LOCK_FILE: &str = "strata.lock";

/// The folder the archives are kept in, at the workspace root; `strata vendor` owns it.
pub const VENDOR_DIR: &str = "vendor";

/// The first lines of the lock, saying what writes it.
const HEADER: &str = "# Written by `strata vendor`: the charts strata.yaml takes from repositories, fetched into\n# vendor/<chart>-<version>.tgz with the SHA-256 of each archive. Commit it with vendor/;\n# every other command reads those archives offline and refuses one that differs.\n";

/// Returns where the archive of the workspace's chart `chart` at `version` is kept:
/// `vendor/<chart>-<version>.tgz`, named after the workspace's name for the chart, so two
/// sources of one repository chart never share a file.
pub fn archive_path(chart: &str, version: &str) -> PathBuf {
    Path::new(VENDOR_DIR).join(format!("{chart}-{version}.tgz"))
}

/// One chart the lock records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedChart {
    /// The workspace's name for the chart (its key under `charts:`, or the name of the
    /// source a release writes inline).
    pub chart: String,
    /// Where it was fetched from.
    pub source: ChartSource,
    /// The SHA-256 of its archive.
    pub digest: Digest,
}

/// What `strata.lock` records, in the order `strata.yaml` declares the charts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lock {
    pub charts: Vec<LockedChart>,
}

fn lock_error(message: impl Into<String>, node: &Node) -> VendorError {
    VendorError::Lock {
        message: message.into(),
        origin: node.origin.clone(),
    }
}

impl Lock {
    /// Reads `strata.lock` from `tree`; `None` when there is none.
    pub fn read(
        tree: &dyn Tree,
        max_bytes: u64,
        limits: &Limits,
    ) -> Result<Option<Lock>, VendorError> {
        let bytes = match tree.read(Path::new(LOCK_FILE), max_bytes) {
            Ok(bytes) => bytes,
            Err(SourceError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        Lock::parse(&bytes, limits).map(Some)
    }

    /// Reads the text of a lock; every error is placed at its line and column.
    pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Lock, VendorError> {
        let parsed =
            parse_values(bytes, Arc::from(LOCK_FILE), limits).map_err(|e| VendorError::Lock {
                message: e.to_string(),
                origin: e.origin().clone(),
            })?;
        let mut lock = Lock::default();
        let Some(root) = parsed.root else {
            return Ok(lock);
        };
        let charts = root.as_map().and_then(|m| m.get("charts")).ok_or_else(|| {
            lock_error(
                "strata.lock must be a mapping with a `charts:` section",
                &root,
            )
        })?;
        let Value::Map(entries) = &charts.value else {
            return Err(lock_error(
                "charts in strata.lock must be a mapping of chart names",
                charts,
            ));
        };
        for (chart, entry) in entries {
            let what = format!("charts.{chart}");
            let Some(map) = entry.as_map() else {
                return Err(lock_error(
                    format!("{what} in strata.lock must be a mapping"),
                    entry,
                ));
            };
            let digest = match map.get("digest") {
                Some(node) => match &node.value {
                    Value::String(text) => Digest::parse(text).ok_or_else(|| {
                        lock_error(
                            format!(
                                "{what}.digest in strata.lock must be sha256: and 64 hex digits"
                            ),
                            node,
                        )
                    })?,
                    _ => {
                        return Err(lock_error(
                            format!("{what}.digest in strata.lock must be a string"),
                            node,
                        ))
                    }
                },
                None => {
                    return Err(lock_error(
                        format!("{what} in strata.lock has no digest"),
                        entry,
                    ))
                }
            };
            let mut source_map = map.clone();
            source_map.shift_remove("digest");
            let source_node = Node::new(Value::Map(source_map), entry.origin.clone());
            let source =
                ChartSource::from_node(&source_node, &what).map_err(|e| VendorError::Lock {
                    message: format!("{e} (in strata.lock)"),
                    origin: e.origin().clone(),
                })?;
            lock.charts.push(LockedChart {
                chart: chart.to_string(),
                source,
                digest,
            });
        }
        Ok(lock)
    }

    /// Returns the entry of the workspace's chart `chart`.
    pub fn get(&self, chart: &str) -> Option<&LockedChart> {
        self.charts.iter().find(|c| c.chart == chart)
    }

    /// Returns the lock's text, as `strata vendor` writes it (every string quoted, so no
    /// version reads as a number).
    pub fn to_yaml(&self) -> String {
        let quote = |text: &str| serde_json::to_string(text).expect("a string serialises to JSON");
        let mut out = String::from(HEADER);
        if self.charts.is_empty() {
            out.push_str("charts: {}\n");
            return out;
        }
        out.push_str("charts:\n");
        for locked in &self.charts {
            let source = &locked.source;
            out.push_str(&format!(
                "  {}:\n    repository: {}\n    name: {}\n    version: {}\n    digest: {}\n",
                quote(&locked.chart),
                quote(source.repository.url()),
                quote(&source.name),
                quote(&source.version),
                quote(&locked.digest.to_string()),
            ));
        }
        out
    }
}

/// Returns the archive of the workspace's chart `chart`, declared as `source`, once its
/// bytes in `tree` have the digest `lock` records: an error naming the command to run when
/// it was never fetched (or `strata.yaml` changed since), a refusal when it changed since.
pub fn verify(
    tree: &dyn Tree,
    lock: Option<&Lock>,
    chart: &str,
    source: &ChartSource,
    max_bytes: u64,
) -> Result<PathBuf, VendorError> {
    let not_vendored = |reason| VendorError::NotVendored {
        chart: chart.to_string(),
        source_text: source.to_string(),
        reason,
        origin: source.origin.clone(),
    };
    let lock = lock.ok_or_else(|| not_vendored(NotVendored::NoLock))?;
    let locked = lock
        .get(chart)
        .ok_or_else(|| not_vendored(NotVendored::NotLocked))?;
    if locked.source != *source {
        return Err(not_vendored(NotVendored::LockedOther(
            locked.source.to_string(),
        )));
    }
    let archive = archive_path(chart, &source.version);
    let bytes = match tree.read(&archive, max_bytes) {
        Ok(bytes) => bytes,
        Err(SourceError::NotFound { .. }) => {
            return Err(not_vendored(NotVendored::ArchiveMissing(display_path(
                &archive,
            ))))
        }
        Err(e) => return Err(e.into()),
    };
    let actual = Digest::of(&bytes);
    if actual != locked.digest {
        return Err(VendorError::Tampered {
            chart: chart.to_string(),
            archive: display_path(&archive),
            locked: locked.digest.clone(),
            actual,
        });
    }
    Ok(archive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DirTree;

    fn source(version: &str) -> ChartSource {
        let yaml =
            format!("{{repository: https://charts.example.com, name: kong, version: {version}}}");
        let parsed = parse_values(
            yaml.as_bytes(),
            Arc::from("strata.yaml"),
            &Limits::default(),
        )
        .unwrap();
        ChartSource::from_node(parsed.root.as_ref().unwrap(), "charts.kong").unwrap()
    }

    #[test]
    fn a_lock_reads_back_as_written() {
        let lock = Lock {
            charts: vec![LockedChart {
                chart: "gateway".into(),
                source: source("2.48.0"),
                digest: Digest::of(b"archive"),
            }],
        };
        let text = lock.to_yaml();
        assert_eq!(
            text,
            format!(
                "{HEADER}charts:\n  \"gateway\":\n    repository: \"https://charts.example.com\"\n    name: \"kong\"\n    version: \"2.48.0\"\n    digest: \"{}\"\n",
                Digest::of(b"archive")
            )
        );
        assert_eq!(
            Lock::parse(text.as_bytes(), &Limits::default()).unwrap(),
            lock
        );
        let empty = Lock::default();
        assert_eq!(
            Lock::parse(empty.to_yaml().as_bytes(), &Limits::default()).unwrap(),
            empty
        );
    }

    #[test]
    fn a_malformed_lock_is_an_error_at_its_place() {
        let rows: &[(&str, &str)] = &[
            ("other: 1\n", "1:1: strata.lock must be a mapping with a `charts:` section"),
            ("charts: [a]\n", "1:9: charts in strata.lock must be a mapping of chart names"),
            ("charts:\n  kong: {repository: https://x, name: kong, version: 1.0.0}\n", "2:9: charts.kong in strata.lock has no digest"),
            ("charts:\n  kong: {repository: https://x, name: kong, version: 1.0.0, digest: sha256:ab}\n", "2:69: charts.kong.digest in strata.lock must be sha256: and 64 hex digits"),
            ("charts:\n  kong: {repository: x, name: kong, version: 1.0.0, digest: \"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}\n", "2:22: charts.kong.repository must be a URL starting with https://, http:// or oci:// (in strata.lock)"),
        ];
        for (text, expected) in rows {
            let err = Lock::parse(text.as_bytes(), &Limits::default()).unwrap_err();
            let origin = err.origin().unwrap();
            assert_eq!(
                format!("{}:{}: {err}", origin.line, origin.col),
                *expected,
                "{text}"
            );
        }
    }

    #[test]
    fn verify_names_what_is_missing_and_refuses_a_changed_archive() {
        let dir = tempfile::tempdir().unwrap();
        let tree = DirTree::new(dir.path());
        let declared = source("2.48.0");
        let check = |lock: Option<&Lock>| {
            verify(&tree, lock, "kong", &declared, 1 << 20)
                .map_err(|e| (e.is_refusal(), e.to_string()))
        };
        let not = "chart \"kong\" (kong 2.48.0 from https://charts.example.com) is not vendored: ";
        assert_eq!(
            check(None),
            Err((false, format!("{not}there is no strata.lock")))
        );
        assert_eq!(
            check(Some(&Lock::default())),
            Err((false, format!("{not}strata.lock has no entry for it")))
        );
        let locked = |version: &str, bytes: &[u8]| Lock {
            charts: vec![LockedChart {
                chart: "kong".into(),
                source: source(version),
                digest: Digest::of(bytes),
            }],
        };
        assert_eq!(
            check(Some(&locked("2.47.0", b"x"))),
            Err((
                false,
                format!("{not}strata.lock pins kong 2.47.0 from https://charts.example.com")
            ))
        );
        assert_eq!(
            check(Some(&locked("2.48.0", b"x"))),
            Err((false, format!("{not}vendor/kong-2.48.0.tgz is missing")))
        );
        std::fs::create_dir(dir.path().join("vendor")).unwrap();
        std::fs::write(dir.path().join("vendor/kong-2.48.0.tgz"), b"x").unwrap();
        assert_eq!(
            check(Some(&locked("2.48.0", b"x"))),
            Ok(PathBuf::from("vendor/kong-2.48.0.tgz"))
        );
        let (refused, message) = check(Some(&locked("2.48.0", b"y"))).unwrap_err();
        assert!(refused);
        assert_eq!(
            message,
            format!(
                "refusing chart \"kong\": vendor/kong-2.48.0.tgz is not the archive strata.lock records (its digest is {}, the lock's {})",
                Digest::of(b"x"),
                Digest::of(b"y")
            )
        );
    }
}
