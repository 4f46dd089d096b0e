//! [`ChartPath`]: where a chart of the workspace is kept, a folder under `charts/` or a
//! packaged chart (`charts/web-1.4.0.tgz`, as `helm pull` leaves it).

use std::path::{Path, PathBuf};

use crate::source::display_path;

/// Where a chart of the workspace is kept, relative to the workspace root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChartPath {
    /// A folder holding `Chart.yaml` (`charts/web`); the chart is named after the folder.
    Folder(PathBuf),
    /// A packaged chart (`charts/web-1.4.0.tgz`); the chart is named by its `Chart.yaml`.
    Packaged(PathBuf),
}

impl ChartPath {
    /// Returns the folder or the archive file.
    pub fn path(&self) -> &Path {
        match self {
            ChartPath::Folder(path) | ChartPath::Packaged(path) => path,
        }
    }

    /// Returns the folder, or `None` for a packaged chart.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            ChartPath::Folder(path) => Some(path),
            ChartPath::Packaged(_) => None,
        }
    }

    /// Returns true for a packaged chart.
    pub fn is_packaged(&self) -> bool {
        matches!(self, ChartPath::Packaged(_))
    }

    /// Returns how one of the chart's files is shown to the user: `charts/web/values.yaml`
    /// in a folder, `charts/web-1.4.0.tgz:values.yaml` in an archive (the archive's own top
    /// folder left out, as for a packaged subchart).
    pub fn file_display(&self, name: &str) -> String {
        match self {
            ChartPath::Folder(path) => display_path(&path.join(name)),
            ChartPath::Packaged(path) => format!("{}:{name}", display_path(path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_a_packaged_chart_are_shown_inside_the_archive() {
        let folder = ChartPath::Folder(PathBuf::from("charts/web"));
        let packaged = ChartPath::Packaged(PathBuf::from("charts/web-1.4.0.tgz"));
        assert_eq!(folder.file_display("values.yaml"), "charts/web/values.yaml");
        assert_eq!(
            packaged.file_display("values.yaml"),
            "charts/web-1.4.0.tgz:values.yaml"
        );
        assert_eq!(folder.folder(), Some(Path::new("charts/web")));
        assert_eq!(packaged.folder(), None);
        assert!(packaged.is_packaged() && !folder.is_packaged());
    }
}
