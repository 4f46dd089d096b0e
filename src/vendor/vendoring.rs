//! [`vendor`]: the job of `strata vendor`: every declared chart fetched (or found already
//! there, matching the lock) into `vendor/`, then `strata.lock` written, then the archives
//! of charts no longer declared removed.
//!
//! Everything is fetched into private folders under `vendor/` first; only when every chart
//! has been fetched and checked are the archives moved into place (one rename each) and the
//! lock replaced (a temporary file renamed over it). A failed run changes nothing.

use std::path::{Path, PathBuf};

use crate::source::{display_path, DirTree};
use crate::yaml::InputLimits;

use super::error::VendorError;
use super::fetch::Puller;
use super::lock::{archive_path, verify, Lock, LockedChart, LOCK_FILE, VENDOR_DIR};
use crate::settings::ChartSource;

/// What `strata vendor` did with one chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Its archive was there and matched the lock: nothing was fetched.
    UpToDate,
    /// It was fetched (new, or at a new version or source).
    Fetched,
    /// Its archive was missing or changed, and was fetched again, matching the lock.
    Restored,
}

/// One declared chart after `strata vendor`.
#[derive(Clone, Debug)]
pub struct Vendored {
    /// The workspace's name for the chart.
    pub chart: String,
    /// Where it comes from.
    pub source: ChartSource,
    /// Its archive, relative to the workspace root.
    pub archive: PathBuf,
    /// What was done.
    pub outcome: Outcome,
}

/// What happened to `strata.lock`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockChange {
    /// It was written (new or changed).
    Written,
    /// It already said this.
    Unchanged,
    /// No chart is declared any more, so it was removed.
    Removed,
    /// No chart is declared and there was none.
    Absent,
}

/// What `strata vendor` did.
#[derive(Clone, Debug)]
pub struct VendorReport {
    /// Every declared chart, in `strata.yaml`'s order.
    pub charts: Vec<Vendored>,
    /// Archives removed: those of charts no longer declared, or of older versions.
    pub removed: Vec<PathBuf>,
    /// What happened to the lock.
    pub lock: LockChange,
}

/// Removes a folder when dropped: the private folders helm pulls into.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> VendorError + '_ {
    move |source| VendorError::Write {
        display: display_path(path),
        source,
    }
}

/// Fetches every chart of `sources` (the workspace's name for each, and its source) into
/// the workspace at `root` with `puller`, and records them in `strata.lock`. A chart whose
/// archive already matches the lock is not fetched again; one whose archive is missing or
/// changed is fetched and kept only if it matches the lock.
pub fn vendor(
    root: &Path,
    sources: &[(String, ChartSource)],
    limits: &InputLimits,
    puller: &Puller,
) -> Result<VendorReport, VendorError> {
    let tree = DirTree::new(root);
    let old = Lock::read(&tree, limits.max_file_bytes, &limits.yaml)?;
    let vendor_dir = root.join(VENDOR_DIR);
    let scratch = Scratch(vendor_dir.join(format!(".pull-{}", std::process::id())));
    let mut plans = Vec::new();
    for (index, (chart, source)) in sources.iter().enumerate() {
        let locked = old.as_ref().and_then(|lock| lock.get(chart));
        let (outcome, digest, pulled) =
            match verify(&tree, old.as_ref(), chart, source, limits.max_file_bytes) {
                Ok(_) => {
                    let digest = locked
                        .map(|l| l.digest.clone())
                        .expect("verify found the entry");
                    (Outcome::UpToDate, digest, None)
                }
                Err(VendorError::NotVendored { .. } | VendorError::Tampered { .. }) => {
                    // The lock's digest binds a source it still declares: what is fetched
                    // again must match it.
                    let expected = locked.filter(|l| l.source == *source).map(|l| &l.digest);
                    let folder = scratch.0.join(index.to_string());
                    std::fs::create_dir_all(&folder).map_err(write_error(&folder))?;
                    let fetched = puller.fetch(source, &folder, limits)?;
                    if let Some(locked) = expected {
                        if *locked != fetched.digest {
                            return Err(VendorError::UpstreamChanged {
                                source_text: source.to_string(),
                                locked: locked.clone(),
                                fetched: fetched.digest,
                            });
                        }
                    }
                    let outcome = if expected.is_some() {
                        Outcome::Restored
                    } else {
                        Outcome::Fetched
                    };
                    (outcome, fetched.digest, Some(fetched.path))
                }
                Err(e) => return Err(e),
            };
        plans.push((chart, source, outcome, digest, pulled));
    }
    let mut charts = Vec::new();
    let mut lock = Lock::default();
    for (chart, source, outcome, digest, pulled) in plans {
        let archive = archive_path(chart, &source.version);
        if let Some(pulled) = pulled {
            let target = root.join(&archive);
            std::fs::rename(&pulled, &target).map_err(write_error(&archive))?;
        }
        lock.charts.push(LockedChart {
            chart: chart.clone(),
            source: source.clone(),
            digest,
        });
        charts.push(Vendored {
            chart: chart.clone(),
            source: source.clone(),
            archive,
            outcome,
        });
    }
    drop(scratch);
    let lock_change = write_lock(root, &lock, old.is_some())?;
    let mut removed = Vec::new();
    let kept: Vec<&PathBuf> = charts.iter().map(|c| &c.archive).collect();
    for stale in old.iter().flat_map(|lock| &lock.charts) {
        let archive = archive_path(&stale.chart, &stale.source.version);
        if kept.contains(&&archive) {
            continue;
        }
        match std::fs::remove_file(root.join(&archive)) {
            Ok(()) => removed.push(archive),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(write_error(&archive)(e)),
        }
    }
    Ok(VendorReport {
        charts,
        removed,
        lock: lock_change,
    })
}

/// Writes `lock` as `strata.lock` (a temporary file renamed over it), or removes the file
/// when the lock is empty; leaves it untouched when it already says this.
fn write_lock(root: &Path, lock: &Lock, existed: bool) -> Result<LockChange, VendorError> {
    let path = root.join(LOCK_FILE);
    let lock_file = Path::new(LOCK_FILE);
    if lock.charts.is_empty() {
        if !existed {
            return Ok(LockChange::Absent);
        }
        std::fs::remove_file(&path).map_err(write_error(lock_file))?;
        return Ok(LockChange::Removed);
    }
    let text = lock.to_yaml();
    if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(LockChange::Unchanged);
    }
    let temporary = root.join(format!(".{LOCK_FILE}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        use std::io::Write;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, &path)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(write_error(lock_file)(e));
    }
    Ok(LockChange::Written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendor::Digest;
    use std::sync::Arc;

    fn digest_of(path: &Path) -> Digest {
        Digest::of(&std::fs::read(path).unwrap())
    }

    /// A fake helm: a shell script that copies the archive `<name>-<version>.tgz` from a
    /// folder standing for the repository into the destination, as `helm pull` would.
    fn fake_helm(dir: &Path, repo: &Path) -> Puller {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("helm");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nname=$2\nfor a in \"$@\"; do case $a in --version=*) v=${{a#--version=}};; --destination=*) d=${{a#--destination=}};; esac; done\ncp '{}'/$name-$v.tgz \"$d\"/ 2>/dev/null || {{ echo \"chart $name $v not found\" >&2; exit 1; }}\n",
                repo.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Puller {
            helm: script,
            timeout: std::time::Duration::from_secs(30),
        }
    }

    fn chart_tgz(name: &str, version: &str, values: &str) -> Vec<u8> {
        crate::chart::test_tgz(&[
            (
                &format!("{name}/Chart.yaml"),
                format!("apiVersion: v2\nname: {name}\nversion: {version}\n").as_str(),
            ),
            (&format!("{name}/values.yaml"), values),
        ])
    }

    fn source(version: &str) -> ChartSource {
        let yaml = format!(
            "{{repository: https://charts.example.com, name: kong, version: \"{version}\"}}"
        );
        let parsed = crate::yaml::parse_values(
            yaml.as_bytes(),
            Arc::from("strata.yaml"),
            &crate::yaml::Limits::default(),
        )
        .unwrap();
        ChartSource::from_node(parsed.root.as_ref().unwrap(), "charts.kong").unwrap()
    }

    #[test]
    fn fetches_then_keeps_then_restores_then_moves_to_a_new_version() {
        let dir = tempfile::tempdir().unwrap();
        let (ws, repo) = (dir.path().join("ws"), dir.path().join("repo"));
        std::fs::create_dir_all(&ws).unwrap();
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::write(
            repo.join("kong-1.0.0.tgz"),
            chart_tgz("kong", "1.0.0", "a: 1\n"),
        )
        .unwrap();
        std::fs::write(
            repo.join("kong-1.1.0.tgz"),
            chart_tgz("kong", "1.1.0", "a: 2\n"),
        )
        .unwrap();
        let puller = fake_helm(dir.path(), &repo);
        let limits = InputLimits::default();
        let run = |version: &str| {
            vendor(&ws, &[("kong".into(), source(version))], &limits, &puller).map(|r| {
                (
                    r.charts.iter().map(|c| c.outcome).collect::<Vec<_>>(),
                    r.removed,
                    r.lock,
                )
            })
        };
        assert_eq!(
            run("1.0.0").unwrap(),
            (vec![Outcome::Fetched], vec![], LockChange::Written)
        );
        let archive = ws.join("vendor/kong-1.0.0.tgz");
        assert_eq!(digest_of(&archive), digest_of(&repo.join("kong-1.0.0.tgz")));
        assert_eq!(
            run("1.0.0").unwrap(),
            (vec![Outcome::UpToDate], vec![], LockChange::Unchanged)
        );
        std::fs::write(&archive, b"tampered").unwrap();
        assert_eq!(
            run("1.0.0").unwrap(),
            (vec![Outcome::Restored], vec![], LockChange::Unchanged)
        );
        assert_eq!(digest_of(&archive), digest_of(&repo.join("kong-1.0.0.tgz")));
        assert_eq!(
            run("1.1.0").unwrap(),
            (
                vec![Outcome::Fetched],
                vec![PathBuf::from("vendor/kong-1.0.0.tgz")],
                LockChange::Written
            )
        );
        assert!(!archive.exists());
        // The repository now serves other bytes for the version the lock records.
        std::fs::remove_file(ws.join("vendor/kong-1.1.0.tgz")).unwrap();
        std::fs::write(
            repo.join("kong-1.1.0.tgz"),
            chart_tgz("kong", "1.1.0", "a: 3\n"),
        )
        .unwrap();
        let err = run("1.1.0").unwrap_err();
        assert!(err.is_refusal() && err.to_string().starts_with("refusing kong 1.1.0 from https://charts.example.com: the repository now serves an archive with digest sha256:"), "{err}");
        assert!(
            !ws.join("vendor/kong-1.1.0.tgz").exists(),
            "a refused archive is not kept"
        );
        // A version the repository lacks: helm's words, nothing changed.
        let err = run("9.0.0").unwrap_err();
        assert_eq!(err.to_string(), "helm pull of kong 9.0.0 from https://charts.example.com failed: chart kong 9.0.0 not found");
        let lock = std::fs::read_to_string(ws.join("strata.lock")).unwrap();
        assert!(lock.contains("version: \"1.1.0\""), "{lock}");
        let left: Vec<_> = std::fs::read_dir(ws.join("vendor"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "no scratch folder is left: {left:?}");
        // No chart declared any more: the lock goes.
        let report = vendor(&ws, &[], &limits, &puller).unwrap();
        assert_eq!((report.removed, report.lock), (vec![], LockChange::Removed));
        assert!(!ws.join("strata.lock").exists());
    }

    #[test]
    fn an_archive_of_another_chart_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (ws, repo) = (dir.path().join("ws"), dir.path().join("repo"));
        std::fs::create_dir_all(&ws).unwrap();
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::write(
            repo.join("kong-1.0.0.tgz"),
            chart_tgz("kong", "1.0.1", "a: 1\n"),
        )
        .unwrap();
        let puller = fake_helm(dir.path(), &repo);
        let err = vendor(
            &ws,
            &[("kong".into(), source("1.0.0"))],
            &InputLimits::default(),
            &puller,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "helm pull of kong 1.0.0 from https://charts.example.com gave kong-1.0.0.tgz, which holds kong 1.0.1"
        );
        assert!(!ws.join("strata.lock").exists());
    }
}
