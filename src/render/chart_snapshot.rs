//! [`ChartSnapshot`]: every file of a chart as the workspace's tree holds it (the working
//! tree or a git revision), with a hash of all of them.
//!
//! helm is given a copy of these files, never the workspace's folder: so the files are read
//! through `source`, which refuses symlinks leaving the workspace, anything that is not a
//! regular file, and paths outside it, and a revision renders exactly as committed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::source::{EntryKind, Tree};
use crate::workspace::{ChartPath, Workspace};

use super::error::RenderError;
use super::helm::hex;

/// The largest chart file read (CRDs and dashboards run to a few MiB).
const MAX_CHART_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// A chart's files, read.
#[derive(Debug)]
pub struct ChartSnapshot {
    /// The chart's folder name, or the archive's file name for a packaged chart.
    pub name: String,
    /// True for a packaged chart: `files` is then the one archive.
    pub packaged: bool,
    /// Paths relative to the chart folder (`/`-separated), sorted, with their bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// A SHA-256 over every path and its bytes, hex.
    pub hash: String,
}

impl ChartSnapshot {
    /// Reads the chart kept at `chart_path` in `ws`. A folder under the chart's `charts/`
    /// that a revision lacks (dependencies downloaded, not committed) is read from the
    /// working tree, as the values pipeline does once it has checked the locks agree.
    pub fn read(ws: &Workspace, chart_path: &ChartPath) -> Result<Arc<ChartSnapshot>, RenderError> {
        let tree = ws.tree().as_ref();
        let mut files = Vec::new();
        let (name, packaged) = match chart_path {
            ChartPath::Packaged(file) => {
                let bytes = tree.read(file, MAX_CHART_FILE_BYTES)?;
                let name = file_name(file);
                files.push((name.clone(), bytes));
                (name, true)
            }
            ChartPath::Folder(dir) => {
                let real_dir = tree.real_path(dir);
                let walker = Walker {
                    downloaded: ws.downloaded().map(|t| t.as_ref()),
                    chart: dir,
                    real_chart: real_dir.as_deref(),
                };
                walker.walk(tree, dir, "", &mut files)?;
                (file_name(dir), false)
            }
        };
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut hash = Sha256::new();
        for (path, bytes) in &files {
            hash.update((path.len() as u64).to_le_bytes());
            hash.update(path.as_bytes());
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        }
        Ok(Arc::new(ChartSnapshot {
            name,
            packaged,
            files,
            hash: hex(&hash.finalize()),
        }))
    }

    /// Writes the files under `dir` and returns the path helm is given: the chart folder,
    /// or the archive.
    pub(crate) fn write_to(&self, dir: &Path) -> Result<PathBuf, RenderError> {
        let target = dir.join(&self.name);
        for (path, bytes) in &self.files {
            let file = if self.packaged {
                target.clone()
            } else {
                target.join(path)
            };
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).map_err(RenderError::io(parent))?;
            }
            std::fs::write(&file, bytes).map_err(RenderError::io(&file))?;
        }
        if !self.packaged {
            std::fs::create_dir_all(&target).map_err(RenderError::io(&target))?;
        }
        Ok(target)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chart".to_string())
}

/// Walks a chart folder.
struct Walker<'a> {
    /// The working tree, for dependencies a revision lacks.
    downloaded: Option<&'a dyn Tree>,
    /// The chart folder, as the workspace names it.
    chart: &'a Path,
    /// Where it really is, when the tree can tell.
    real_chart: Option<&'a Path>,
}

impl Walker<'_> {
    fn walk(
        &self,
        tree: &dyn Tree,
        dir: &Path,
        prefix: &str,
        files: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<(), RenderError> {
        let mut entries = tree.list(dir)?;
        let mut tree = tree;
        if entries.is_empty() && prefix.ends_with("charts/") {
            if let Some(working) = self.downloaded {
                entries = working.list(dir)?;
                tree = working;
            }
        }
        for (name, kind) in entries {
            let rel = dir.join(&name);
            let shown = format!("{prefix}{name}");
            // The chart pre-scan (reliability §2): nothing inside may lead out of it.
            if let (Some(chart), Some(real)) = (self.real_chart, tree.real_path(&rel)) {
                if !real.starts_with(chart) {
                    return Err(RenderError::LinkLeavesChart {
                        link: crate::source::display_path(&rel),
                        chart: crate::source::display_path(self.chart),
                        target: crate::source::display_path(&real),
                    });
                }
            }
            match kind {
                EntryKind::Dir => self.walk(tree, &rel, &format!("{shown}/"), files)?,
                // A file, or anything else: reading it is what refuses a FIFO, a device or
                // a symlink that leaves the workspace.
                EntryKind::File | EntryKind::Other => {
                    files.push((shown, tree.read(&rel, MAX_CHART_FILE_BYTES)?))
                }
            }
        }
        Ok(())
    }
}
