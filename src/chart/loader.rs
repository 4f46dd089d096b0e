//! [`load_chart`]: a chart folder and its subcharts, read into a [`Chart`].

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::layer::Chart;
use crate::schema::SchemaSource;
use crate::source::{display_path, EntryKind, SourceError, Tree};
use crate::values::{Node, Origin, SourceName};
use crate::yaml::{parse_values, parse_values_as, read_alike_by_helm_versions, InputLimits};

use super::archive::Archive;
use super::error::ChartError;
use super::lock::{ChartLock, LockedDependency, LOCK_FILES};
use super::metadata::Metadata;

/// How deep subcharts may nest; real charts nest two or three levels.
pub(super) const MAX_SUBCHART_DEPTH: usize = 16;

/// Where a chart's files are read from: `tree` bounds every read (nothing outside it is
/// read, symlinks included), and paths are shown to the user prefixed with `display_root`.
#[derive(Clone, Debug)]
pub struct ChartFiles {
    /// The tree every read stays inside (the working tree, or a git revision).
    pub tree: Arc<dyn Tree>,
    /// How `root` is shown to the user (`""` for the workspace root, or the folder as typed).
    pub display_root: String,
    /// Limits on each file.
    pub limits: InputLimits,
    /// The working tree, when `tree` is a git revision: a chart's dependencies that the
    /// revision lacks because they are downloaded (`helm dependency build`) and ignored,
    /// not committed, are read from it when the revision's `Chart.lock` pins what the
    /// working tree's does. `None` reading the working tree itself, or a chart outside a
    /// workspace.
    pub downloaded: Option<Arc<dyn Tree>>,
    /// Whose reading of `values.yaml` applies (Helm 4 merges every YAML document).
    pub helm: crate::values::HelmVersion,
}

impl ChartFiles {
    fn display(&self, rel: &Path) -> String {
        let rel = display_path(rel);
        if self.display_root.is_empty() || self.display_root == "." {
            rel
        } else if rel.is_empty() {
            self.display_root.clone()
        } else {
            format!("{}/{}", self.display_root.trim_end_matches('/'), rel)
        }
    }

    /// Reads a file if it exists; `None` when it does not.
    fn read_optional(&self, rel: &Path) -> Result<Option<(Vec<u8>, SourceName)>, ChartError> {
        match self.tree.read(rel, self.limits.max_file_bytes) {
            Ok(bytes) => Ok(Some((bytes, Arc::from(self.display(rel))))),
            Err(SourceError::NotFound { .. }) => Ok(None),
            Err(SourceError::OutsideWorkspace { root, .. }) => Err(SourceError::OutsideWorkspace {
                display: self.display(rel),
                root,
            }
            .into()),
            // The tree names the file relative to its root; show it as the user typed it.
            Err(SourceError::TooLarge { size, limit, .. }) => Err(SourceError::TooLarge {
                display: self.display(rel),
                size,
                limit,
            }
            .into()),
            Err(SourceError::NotAFile { kind, .. }) => Err(SourceError::NotAFile {
                display: self.display(rel),
                kind,
            }
            .into()),
            Err(SourceError::DanglingLink { link, target, .. }) => Err(SourceError::DanglingLink {
                display: self.display(rel),
                link: self.display(Path::new(&*link)).into(),
                target,
            }
            .into()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Reads the chart at `rel` (relative to `files.root`) and, recursively, its subcharts under
/// `charts/`: folders holding a `Chart.yaml` and packaged charts (`*.tgz`).
pub fn load_chart(files: &ChartFiles, rel: &Path) -> Result<Chart, ChartError> {
    load(&Place::Dir(rel.to_path_buf()), files, 0)
}

/// Reads the packaged chart (`.tgz`, as `helm pull` or `helm package` leaves it) at `rel`
/// and, recursively, its subcharts. Its files are shown as `<archive>:<path in the chart>`
/// (`charts/web-1.4.0.tgz:values.yaml`), as the files of a packaged subchart are.
pub fn load_packaged_chart(files: &ChartFiles, rel: &Path) -> Result<Chart, ChartError> {
    load(&Place::packaged(files, rel)?, files, 0)
}

/// Returns the name in the `Chart.yaml` of the packaged chart at `rel`: a packaged chart is
/// known by that name, not by its file's (`web-1.4.0.tgz` holds chart `web`).
pub fn packaged_chart_name(files: &ChartFiles, rel: &Path) -> Result<String, ChartError> {
    Ok(Place::packaged(files, rel)?.metadata(files, 0)?.name)
}

/// One file of a chart, read (lent by an archive, owned when read from a folder), with its
/// name as messages give it.
pub(super) type ChartFile<'a> = (Cow<'a, [u8]>, SourceName);

/// Where one chart's files are: a folder under the root, or an unpacked archive.
pub(super) enum Place {
    Dir(PathBuf),
    Archive { archive: Archive, display: String },
}

impl Place {
    /// Reads and unpacks the archive at `rel`.
    pub(super) fn packaged(files: &ChartFiles, rel: &Path) -> Result<Place, ChartError> {
        let Some((bytes, source)) = files.read_optional(rel)? else {
            return Err(SourceError::NotFound {
                display: files.display(rel),
            }
            .into());
        };
        let archive = Archive::unpack(&bytes, &source, files.limits.max_file_bytes)?;
        Ok(Place::Archive {
            archive,
            display: source.to_string(),
        })
    }

    /// Reads the chart's `Chart.yaml`; `depth` counts the subchart levels above it, refused
    /// past [`MAX_SUBCHART_DEPTH`].
    pub(super) fn metadata(
        &self,
        files: &ChartFiles,
        depth: usize,
    ) -> Result<Metadata, ChartError> {
        if depth > MAX_SUBCHART_DEPTH {
            return Err(ChartError::TooDeep {
                display: self.display(files),
                limit: MAX_SUBCHART_DEPTH,
            });
        }
        let Some((bytes, source)) = self.read(files, "Chart.yaml")? else {
            return Err(ChartError::NoChartYaml {
                display: self.display(files),
            });
        };
        let parsed = parse_values(&bytes, source.clone(), &files.limits.yaml)?;
        Metadata::from_node(parsed.root.as_ref(), &Origin::whole(source))
    }

    pub(super) fn display(&self, files: &ChartFiles) -> String {
        match self {
            Place::Dir(rel) => files.display(rel),
            Place::Archive { display, .. } => display.clone(),
        }
    }

    /// Returns the path of one of the chart's files in the tree; `None` inside an archive.
    fn path_of(&self, name: &str) -> Option<PathBuf> {
        match self {
            Place::Dir(rel) => Some(rel.join(name)),
            Place::Archive { .. } => None,
        }
    }

    /// Reads one file of the chart; `None` when it has none. A file of an archive is lent,
    /// not copied: an archive's values.yaml may be as large as the file cap.
    pub(super) fn read(
        &self,
        files: &ChartFiles,
        name: &str,
    ) -> Result<Option<ChartFile<'_>>, ChartError> {
        match self {
            Place::Dir(rel) => Ok(files
                .read_optional(&rel.join(name))?
                .map(|(bytes, source)| (Cow::Owned(bytes), source))),
            Place::Archive { archive, display } => Ok(archive
                .get(name)
                .map(|bytes| (Cow::Borrowed(bytes), Arc::from(format!("{display}:{name}"))))),
        }
    }

    /// Returns the subcharts under `charts/` with their names there, in name order (Helm's
    /// loader skips names starting with `_` or `.`).
    pub(super) fn subcharts(&self, files: &ChartFiles) -> Result<Vec<(String, Place)>, ChartError> {
        let mut places = Vec::new();
        match self {
            Place::Dir(rel) => {
                for name in list_dir(files, &rel.join("charts"))? {
                    let sub_rel = rel.join("charts").join(&name);
                    if name.ends_with(".tgz") {
                        if let Some((bytes, source)) = files.read_optional(&sub_rel)? {
                            let archive =
                                Archive::unpack(&bytes, &source, files.limits.max_file_bytes)?;
                            places.push((
                                name,
                                Place::Archive {
                                    archive,
                                    display: source.to_string(),
                                },
                            ));
                        }
                    } else if files.tree.kind(&sub_rel.join("Chart.yaml")) == Some(EntryKind::File)
                    {
                        places.push((name, Place::Dir(sub_rel)));
                    }
                }
            }
            Place::Archive { archive, display } => {
                for name in archive.chart_entries() {
                    if name.starts_with(['_', '.']) {
                        continue;
                    }
                    let inner = format!("charts/{name}");
                    if let Some(bytes) = archive.get(&inner).filter(|_| name.ends_with(".tgz")) {
                        let display = format!("{display}:{inner}");
                        let archive =
                            Archive::unpack(bytes, &display, files.limits.max_file_bytes)?;
                        places.push((name, Place::Archive { archive, display }));
                    } else {
                        let sub = archive.subtree(&inner);
                        if sub.get("Chart.yaml").is_some() {
                            places.push((
                                name,
                                Place::Archive {
                                    archive: sub,
                                    display: format!("{display}:{inner}"),
                                },
                            ));
                        }
                    }
                }
            }
        }
        Ok(places)
    }
}

fn load(place: &Place, files: &ChartFiles, depth: usize) -> Result<Chart, ChartError> {
    let mut metadata = place.metadata(files, depth)?;
    if let Some((bytes, source)) = place.read(files, "requirements.yaml")? {
        let parsed = parse_values(&bytes, source, &files.limits.yaml)?;
        metadata.apply_requirements(parsed.root.as_ref())?;
    }

    let mut read_alike = true;
    let defaults = match place.read(files, "values.yaml")? {
        Some((bytes, source)) => {
            read_alike = read_alike_by_helm_versions(&bytes);
            let parsed = parse_values_as(
                &bytes,
                source.clone(),
                &files.limits.yaml,
                files.helm,
                crate::layer::merge_user_node,
            )?;
            parsed
                .root
                .unwrap_or_else(|| Node::empty_map(Origin::whole(source)))
        }
        None => Node::empty_map(Origin::whole(Arc::from(format!(
            "{}/values.yaml",
            place.display(files)
        )))),
    };

    let schema = place
        .read(files, "values.schema.json")?
        .map(|(bytes, source)| {
            SchemaSource::chart(
                source,
                place.path_of("values.schema.json"),
                bytes.into_owned(),
            )
        });

    let mut subcharts = Vec::new();
    for (sub, sub_files) in subcharts_with_downloads(place, files)? {
        subcharts.push(load(&sub, &sub_files, depth + 1)?);
    }
    Ok(Chart {
        name: metadata.name,
        version: metadata.version,
        app_version: metadata.app_version,
        defaults,
        dependencies: metadata.dependencies,
        dependencies_declared: metadata.dependencies_declared,
        read_alike: read_alike && subcharts.iter().all(|sub| sub.read_alike),
        subcharts,
        schema,
    })
}

/// Returns the subcharts of the chart at `place`, each with the files it is read from: the
/// chart's own tree, and, for a dependency its lock pins that a revision lacks (downloaded,
/// not committed), the working tree's download of it when both locks agree (an error
/// naming the dependency when they do not).
fn subcharts_with_downloads(
    place: &Place,
    files: &ChartFiles,
) -> Result<Vec<(Place, ChartFiles)>, ChartError> {
    let mut found: Vec<(String, Place, ChartFiles)> = place
        .subcharts(files)?
        .into_iter()
        .map(|(name, sub)| (name, sub, files.clone()))
        .collect();
    let done = |found: Vec<(String, Place, ChartFiles)>| {
        Ok(found.into_iter().map(|(_, p, f)| (p, f)).collect())
    };
    let (Place::Dir(rel), Some(working)) = (place, &files.downloaded) else {
        return done(found);
    };
    let Some((lock_file, lock)) = read_lock(files, rel)? else {
        return done(found);
    };
    // `helm dependency build` leaves `<name>-<version>.tgz`; a dependency may also be kept
    // as a folder of its name.
    let provides = |entry: &str, dep: &LockedDependency| {
        entry == format!("{}-{}.tgz", dep.name, dep.version) || entry == dep.name
    };
    let missing: Vec<&LockedDependency> = lock
        .dependencies
        .iter()
        .filter(|dep| !found.iter().any(|(entry, _, _)| provides(entry, dep)))
        .collect();
    if missing.is_empty() {
        return done(found);
    }
    let working_files = ChartFiles {
        tree: working.clone(),
        display_root: files.display_root.clone(),
        limits: files.limits.clone(),
        downloaded: None,
        helm: files.helm,
    };
    let working_lock = read_lock(&working_files, rel)?
        .map(|(_, lock)| lock)
        .unwrap_or_default();
    if let Some(difference) = ChartLock::first_difference(&lock, &working_lock) {
        return Err(ChartError::LockMismatch {
            chart: files.display(rel),
            lock: lock_file.to_string(),
            revision: files.tree.label(),
            difference: Box::new(difference),
        });
    }
    for (entry, sub) in place.subcharts(&working_files)? {
        if missing.iter().any(|dep| provides(&entry, dep)) {
            found.push((entry, sub, working_files.clone()));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    done(found)
}

/// Reads the lock of the chart folder `rel` (`Chart.lock`, else a v1 chart's
/// `requirements.lock`), with the file's name; `None` when it has none.
fn read_lock(
    files: &ChartFiles,
    rel: &Path,
) -> Result<Option<(&'static str, ChartLock)>, ChartError> {
    for name in LOCK_FILES {
        if let Some((bytes, source)) = files.read_optional(&rel.join(name))? {
            return Ok(Some((
                name,
                ChartLock::parse(&bytes, source, &files.limits.yaml)?,
            )));
        }
    }
    Ok(None)
}

/// Lists the names in a folder, sorted (Helm's loader walks folders lexically), without
/// those Helm's loader skips (starting with `_` or `.`); an absent folder is empty.
fn list_dir(files: &ChartFiles, rel: &Path) -> Result<Vec<String>, ChartError> {
    Ok(files
        .tree
        .list(rel)?
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !name.starts_with(['_', '.']))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DirTree;

    fn tgz(files: &[(&str, &str)]) -> Vec<u8> {
        crate::chart::test_tgz(files)
    }

    fn db(version: &str, size: &str) -> Vec<u8> {
        tgz(&[
            (
                "db/Chart.yaml",
                &format!("apiVersion: v2\nname: db\nversion: {version}\n"),
            ),
            ("db/values.yaml", &format!("size: {size}\n")),
        ])
    }

    fn lock(version: &str) -> Vec<u8> {
        format!("dependencies:\n- name: db\n  repository: r\n  version: {version}\n").into_bytes()
    }

    /// A folder holding chart `web` (depending on db) with `files` (path, bytes) added.
    fn tree(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, Arc<dyn Tree>) {
        let dir = tempfile::tempdir().unwrap();
        let chart = "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n- {name: db, version: 1.0.0, repository: r}\n";
        std::fs::create_dir_all(dir.path().join("web/charts")).unwrap();
        std::fs::write(dir.path().join("web/Chart.yaml"), chart).unwrap();
        for (path, bytes) in files {
            std::fs::write(dir.path().join(path), bytes).unwrap();
        }
        let tree: Arc<dyn Tree> = Arc::new(DirTree::new(dir.path()));
        (dir, tree)
    }

    fn load_web(tree: &Arc<dyn Tree>, downloaded: &Arc<dyn Tree>) -> Result<Chart, ChartError> {
        let files = ChartFiles {
            tree: tree.clone(),
            display_root: String::new(),
            limits: InputLimits::default(),
            downloaded: Some(downloaded.clone()),
            helm: Default::default(),
        };
        load_chart(&files, Path::new("web"))
    }

    fn subchart_defaults(chart: &Chart) -> Vec<String> {
        chart
            .subcharts
            .iter()
            .map(|s| format!("{}: {}", s.defaults.origin.source, s.version))
            .collect()
    }

    #[test]
    fn a_missing_dependency_is_read_from_the_working_tree_when_the_locks_agree() {
        let (_a, revision) = tree(&[("web/Chart.lock", lock("1.0.0"))]);
        let (_b, working) = tree(&[
            ("web/Chart.lock", lock("1.0.0")),
            ("web/charts/db-1.0.0.tgz", db("1.0.0", "1")),
        ]);
        let chart = load_web(&revision, &working).unwrap();
        assert_eq!(
            subchart_defaults(&chart),
            vec!["web/charts/db-1.0.0.tgz:values.yaml: 1.0.0"]
        );
    }

    #[test]
    fn a_committed_dependency_is_the_revision_s_own() {
        let (_a, revision) = tree(&[
            ("web/Chart.lock", lock("1.0.0")),
            ("web/charts/db-1.0.0.tgz", db("1.0.0", "7")),
        ]);
        // The working tree's lock differs, but nothing is missing: no error, nothing read.
        let (_b, working) = tree(&[("web/Chart.lock", lock("2.0.0"))]);
        let chart = load_web(&revision, &working).unwrap();
        assert_eq!(chart.subcharts.len(), 1);
        assert_eq!(
            crate::values::to_yaml(&chart.subcharts[0].defaults, Default::default()),
            "size: 7\n"
        );
    }

    #[test]
    fn locks_that_disagree_are_an_error_naming_the_dependency() {
        let (_a, revision) = tree(&[("web/Chart.lock", lock("1.0.0"))]);
        let (_b, working) = tree(&[
            ("web/Chart.lock", lock("1.1.0")),
            ("web/charts/db-1.1.0.tgz", db("1.1.0", "1")),
        ]);
        let err = load_web(&revision, &working).unwrap_err();
        let ChartError::LockMismatch { difference, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(difference.dependency, "db");
        assert_eq!(difference.at_revision.as_deref(), Some("1.0.0"));
        assert_eq!(difference.in_working_tree.as_deref(), Some("1.1.0"));
    }
}
