//! A workspace of given files in a temporary folder, for the library's unit tests.

use super::error::WorkspaceError;
use super::layout::Workspace;

/// Writes `files` (path, contents) into a new temporary folder and loads the workspace
/// there; the folder lives as long as the returned guard.
pub(crate) fn try_workspace(
    files: &[(&str, &str)],
) -> (tempfile::TempDir, Result<Workspace, WorkspaceError>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("folders");
        std::fs::write(full, text).expect("written");
    }
    let ws = Workspace::load(dir.path());
    (dir, ws)
}

/// [`try_workspace`] for files that make a valid workspace.
pub(crate) fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
    let (dir, ws) = try_workspace(files);
    (dir, ws.expect("a workspace"))
}
