//! [`load_chart`]: a chart folder and its subcharts, read into a [`Chart`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::layer::Chart;
use crate::source::{display_path, read_workspace_file, SourceError};
use crate::values::{Node, Origin, SourceName};
use crate::yaml::{parse_values, InputLimits};

use super::error::ChartError;
use super::metadata::Metadata;

/// How deep subcharts may nest; real charts nest two or three levels.
const MAX_SUBCHART_DEPTH: usize = 16;

/// Where a chart's files are read from: `root` bounds every read (nothing outside it is read,
/// symlinks included), and paths are shown to the user prefixed with `display_root`.
#[derive(Clone, Debug)]
pub struct ChartFiles {
    /// Folder that every read must stay inside.
    pub root: PathBuf,
    /// How `root` is shown to the user (`""` for the workspace root, or the folder as typed).
    pub display_root: String,
    /// Limits on each file.
    pub limits: InputLimits,
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
        match read_workspace_file(&self.root, rel, self.limits.max_file_bytes) {
            Ok(bytes) => Ok(Some((bytes, Arc::from(self.display(rel))))),
            Err(SourceError::NotFound { .. }) => Ok(None),
            Err(SourceError::OutsideWorkspace { root, .. }) => Err(SourceError::OutsideWorkspace {
                display: self.display(rel),
                root,
            }
            .into()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Reads the chart at `rel` (relative to `files.root`) and, recursively, its subcharts under
/// `charts/`.
pub fn load_chart(files: &ChartFiles, rel: &Path) -> Result<Chart, ChartError> {
    load(files, rel, 0)
}

fn load(files: &ChartFiles, rel: &Path, depth: usize) -> Result<Chart, ChartError> {
    if depth > MAX_SUBCHART_DEPTH {
        return Err(ChartError::TooDeep {
            display: files.display(rel),
            limit: MAX_SUBCHART_DEPTH,
        });
    }
    let chart_yaml = rel.join("Chart.yaml");
    let Some((bytes, source)) = files.read_optional(&chart_yaml)? else {
        return Err(ChartError::NoChartYaml {
            display: files.display(rel),
        });
    };
    let parsed = parse_values(&bytes, source.clone(), &files.limits.yaml)?;
    let metadata = Metadata::from_node(parsed.root.as_ref(), &Origin::whole(source))?;

    let values_rel = rel.join("values.yaml");
    let defaults = match files.read_optional(&values_rel)? {
        Some((bytes, source)) => {
            let parsed = parse_values(&bytes, source.clone(), &files.limits.yaml)?;
            parsed
                .root
                .unwrap_or_else(|| Node::empty_map(Origin::whole(source)))
        }
        None => Node::empty_map(Origin::whole(Arc::from(files.display(&values_rel)))),
    };

    let mut subcharts = Vec::new();
    for sub_rel in subchart_dirs(files, &rel.join("charts"))? {
        subcharts.push(load(files, &sub_rel, depth + 1)?);
    }
    Ok(Chart {
        name: metadata.name,
        version: metadata.version,
        app_version: metadata.app_version,
        defaults,
        dependencies: metadata.dependencies,
        dependencies_declared: metadata.dependencies_declared,
        subcharts,
    })
}

/// Lists the folders under `charts/` that hold a `Chart.yaml`, in name order (Helm's loader
/// walks the folder lexically).
fn subchart_dirs(files: &ChartFiles, charts_rel: &Path) -> Result<Vec<PathBuf>, ChartError> {
    let full = files.root.join(charts_rel);
    let entries = match std::fs::read_dir(&full) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Ok(Vec::new()),
        Err(source) => {
            return Err(ChartError::ListDir {
                display: files.display(charts_rel),
                source,
            })
        }
    };
    let mut dirs = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ChartError::ListDir {
            display: files.display(charts_rel),
            source,
        })?;
        let sub_rel = charts_rel.join(entry.file_name());
        if files.root.join(&sub_rel).join("Chart.yaml").is_file() {
            dirs.push(sub_rel);
        }
    }
    dirs.sort();
    Ok(dirs)
}
