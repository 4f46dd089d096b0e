//! [`ReleaseInputs`]: every file one release reads, with each file's git blob id, so two
//! versions of a workspace can tell which releases may differ without computing any.
//!
//! A release's values depend on `strata.yaml`, its stage's `stage.yaml`, its overlays, every
//! file of its chart (defaults, subcharts, schemas; templates too, which manifests read) and
//! the workspace's schemas, and on the Helm whose semantics apply. Two versions whose inputs
//! of a release are equal give that release equal values, equal manifests and equal
//! verdicts, so a revision diff reports it unchanged without reading it. The ids are git's:
//! a revision answers them from its tree objects, the working tree hashes the content.

use std::path::{Path, PathBuf};

use crate::settings::CONFIG_FILE;
use crate::source::{EntryKind, Tree};
use crate::values::HelmVersion;

use super::chart_path::ChartPath;
use super::layout::Workspace;
use super::release::Release;

/// Deepest folder listed under a chart or `schemas/`: a symlink loop ends here (and the
/// release is then computed, which reports what is wrong).
const MAX_DEPTH: usize = 32;

/// The files a release reads and their blob ids, in a fixed order, with the Helm whose
/// semantics apply. Equal inputs, equal release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseInputs {
    /// Whose semantics the release is computed with.
    pub helm: HelmVersion,
    /// Each file, relative to the workspace root, with its git blob id.
    pub files: Vec<(PathBuf, String)>,
}

impl Release {
    /// Returns the paths of the files this release reads, relative to the workspace root:
    /// `strata.yaml`, the stage's `stage.yaml` if any, the overlays, every file under the
    /// chart's folder (or its archive), and every file under `schemas/`. `None` when a
    /// folder cannot be listed (the release's computation then reports why).
    pub fn input_paths(&self, ws: &Workspace) -> Option<Vec<PathBuf>> {
        let tree = ws.tree().as_ref();
        let mut paths = vec![PathBuf::from(CONFIG_FILE)];
        let stage_vars = Path::new("environments")
            .join(&self.stage)
            .join("stage.yaml");
        if tree.kind(&stage_vars) == Some(EntryKind::File) {
            paths.push(stage_vars);
        }
        paths.extend(self.overlays.iter().cloned());
        match &self.chart_path {
            ChartPath::Folder(dir) => files_under(tree, dir, 0, &mut paths)?,
            ChartPath::Packaged(file) => paths.push(file.clone()),
        }
        files_under(tree, Path::new("schemas"), 0, &mut paths)?;
        Some(paths)
    }

    /// Returns this release's inputs with their blob ids ([`Release::input_paths`]); `None`
    /// when one cannot be read (too large, a link leaving the workspace, not a file), so the
    /// release is computed and the error reported as usual.
    pub fn inputs(&self, ws: &Workspace) -> Option<ReleaseInputs> {
        let limit = ws.config().limits.max_file_bytes;
        let tree = ws.tree();
        let files = self
            .input_paths(ws)?
            .into_iter()
            .map(|path| {
                let id = tree.blob_id(&path, limit).ok()?;
                Some((path, id))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(ReleaseInputs {
            helm: ws.helm(),
            files,
        })
    }
}

/// Adds every file under `dir` (none when it does not exist) to `paths`, in name order,
/// folders walked as they come; `None` past [`MAX_DEPTH`] or when a folder cannot be listed.
fn files_under(tree: &dyn Tree, dir: &Path, depth: usize, paths: &mut Vec<PathBuf>) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    for (name, kind) in tree.list(dir).ok()? {
        let path = dir.join(name);
        match kind {
            EntryKind::Dir => files_under(tree, &path, depth + 1, paths)?,
            // Anything else is a file or what reading reports: its id says which.
            EntryKind::File | EntryKind::Other => paths.push(path),
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::test_workspace::workspace;

    const FILES: &[(&str, &str)] = &[
        ("strata.yaml", "stages: [dev, prod]\n"),
        (
            "charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 1.0.0\n",
        ),
        ("charts/web/values.yaml", "replicas: 1\n"),
        (
            "charts/web/charts/db/Chart.yaml",
            "apiVersion: v2\nname: db\nversion: 1.0.0\n",
        ),
        (
            "charts/api/Chart.yaml",
            "apiVersion: v2\nname: api\nversion: 1.0.0\n",
        ),
        ("environments/dev/web.yaml", "replicas: 2\n"),
        ("environments/dev/stage.yaml", "namespace: dev\n"),
        ("environments/prod/web.yaml", "replicas: 3\n"),
        ("schemas/web.schema.json", "{}"),
    ];

    #[test]
    fn a_release_reads_the_config_its_stage_its_overlays_its_chart_and_the_schemas() {
        let (_dir, ws) = workspace(FILES);
        let release = ws.release("dev", "web").expect("a release");
        let paths: Vec<String> = release
            .input_paths(&ws)
            .expect("listed")
            .iter()
            .map(|p| crate::source::display_path(p))
            .collect();
        assert_eq!(
            paths,
            [
                "strata.yaml",
                "environments/dev/stage.yaml",
                "environments/dev/web.yaml",
                "charts/web/Chart.yaml",
                "charts/web/charts/db/Chart.yaml",
                "charts/web/values.yaml",
                "schemas/web.schema.json",
            ]
        );
    }

    #[test]
    fn inputs_differ_where_a_file_the_release_reads_differs() {
        let (_dir, ws) = workspace(FILES);
        let inputs = |ws: &Workspace, stage: &str, chart: &str| {
            ws.release(stage, chart)
                .expect("a release")
                .inputs(ws)
                .expect("readable")
        };
        let before = [
            inputs(&ws, "dev", "web"),
            inputs(&ws, "prod", "web"),
            inputs(&ws, "dev", "api"),
        ];
        // The id is git's blob id of the content.
        assert_eq!(
            before[0].files[2].1,
            git2::Oid::hash_object(git2::ObjectType::Blob, b"replicas: 2\n")
                .expect("hashed")
                .to_string()
        );
        std::fs::write(ws.root().join("environments/dev/web.yaml"), "replicas: 5\n")
            .expect("written");
        assert_ne!(inputs(&ws, "dev", "web"), before[0]);
        assert_eq!(inputs(&ws, "prod", "web"), before[1]);
        assert_eq!(inputs(&ws, "dev", "api"), before[2]);
        let helm4 = ws.with_helm(HelmVersion::V4);
        assert_ne!(inputs(&helm4, "prod", "web"), before[1]);
    }
}
