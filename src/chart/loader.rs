//! [`load_chart`]: a chart folder and its subcharts, read into a [`Chart`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::layer::Chart;
use crate::schema::SchemaSource;
use crate::source::{display_path, EntryKind, SourceError, Tree};
use crate::values::{Node, Origin, SourceName};
use crate::yaml::{parse_values, parse_values_as, InputLimits};

use super::archive::Archive;
use super::error::ChartError;
use super::metadata::Metadata;

/// How deep subcharts may nest; real charts nest two or three levels.
const MAX_SUBCHART_DEPTH: usize = 16;

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
            Err(e) => Err(e.into()),
        }
    }
}

/// Reads the chart at `rel` (relative to `files.root`) and, recursively, its subcharts under
/// `charts/`: folders holding a `Chart.yaml` and packaged charts (`*.tgz`).
pub fn load_chart(files: &ChartFiles, rel: &Path) -> Result<Chart, ChartError> {
    load(&Place::Dir(rel.to_path_buf()), files, 0)
}

/// Where one chart's files are: a folder under the root, or an unpacked archive.
enum Place {
    Dir(PathBuf),
    Archive { archive: Archive, display: String },
}

impl Place {
    fn display(&self, files: &ChartFiles) -> String {
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

    /// Reads one file of the chart; `None` when it has none.
    fn read(
        &self,
        files: &ChartFiles,
        name: &str,
    ) -> Result<Option<(Vec<u8>, SourceName)>, ChartError> {
        match self {
            Place::Dir(rel) => files.read_optional(&rel.join(name)),
            Place::Archive { archive, display } => Ok(archive
                .get(name)
                .map(|bytes| (bytes.to_vec(), Arc::from(format!("{display}:{name}"))))),
        }
    }

    /// Returns the subcharts under `charts/`, in name order (Helm's loader skips names
    /// starting with `_` or `.`).
    fn subcharts(&self, files: &ChartFiles) -> Result<Vec<Place>, ChartError> {
        let mut places = Vec::new();
        match self {
            Place::Dir(rel) => {
                for name in list_dir(files, &rel.join("charts"))? {
                    let sub_rel = rel.join("charts").join(&name);
                    if name.ends_with(".tgz") {
                        if let Some((bytes, source)) = files.read_optional(&sub_rel)? {
                            let archive =
                                Archive::unpack(&bytes, &source, files.limits.max_file_bytes)?;
                            places.push(Place::Archive {
                                archive,
                                display: source.to_string(),
                            });
                        }
                    } else if files.tree.kind(&sub_rel.join("Chart.yaml")) == Some(EntryKind::File)
                    {
                        places.push(Place::Dir(sub_rel));
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
                        places.push(Place::Archive { archive, display });
                    } else {
                        let sub = archive.subtree(&inner);
                        if sub.get("Chart.yaml").is_some() {
                            places.push(Place::Archive {
                                archive: sub,
                                display: format!("{display}:{inner}"),
                            });
                        }
                    }
                }
            }
        }
        Ok(places)
    }
}

fn load(place: &Place, files: &ChartFiles, depth: usize) -> Result<Chart, ChartError> {
    if depth > MAX_SUBCHART_DEPTH {
        return Err(ChartError::TooDeep {
            display: place.display(files),
            limit: MAX_SUBCHART_DEPTH,
        });
    }
    let Some((bytes, source)) = place.read(files, "Chart.yaml")? else {
        return Err(ChartError::NoChartYaml {
            display: place.display(files),
        });
    };
    let parsed = parse_values(&bytes, source.clone(), &files.limits.yaml)?;
    let mut metadata = Metadata::from_node(parsed.root.as_ref(), &Origin::whole(source))?;
    if let Some((bytes, source)) = place.read(files, "requirements.yaml")? {
        let parsed = parse_values(&bytes, source, &files.limits.yaml)?;
        metadata.apply_requirements(parsed.root.as_ref())?;
    }

    let defaults = match place.read(files, "values.yaml")? {
        Some((bytes, source)) => {
            let parsed = parse_values_as(&bytes, source.clone(), &files.limits.yaml, files.helm)?;
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
            SchemaSource::chart(source, place.path_of("values.schema.json"), bytes)
        });

    let mut subcharts = Vec::new();
    for sub in place.subcharts(files)? {
        subcharts.push(load(&sub, files, depth + 1)?);
    }
    Ok(Chart {
        name: metadata.name,
        version: metadata.version,
        app_version: metadata.app_version,
        defaults,
        dependencies: metadata.dependencies,
        dependencies_declared: metadata.dependencies_declared,
        subcharts,
        schema,
    })
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
