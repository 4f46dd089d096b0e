//! [`Release`]: one chart in one stage, and [`ReleaseValues`]: its layers read and merged.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use crate::chart::{load_chart, load_packaged_chart, ChartFiles};
use crate::layer::{compute, Chart, Computed, LayerError, LayerKind, Layers};
use crate::values::{order_keys_like, HelmVersion, Node, Origin};
use crate::yaml::{parse_values, ParsedFile};

use super::chart_path::ChartPath;
use super::command_line::CommandLineValues;
use super::error::WorkspaceError;
use super::layout::Workspace;

/// One release of a chart in one stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    /// The stage.
    pub stage: String,
    /// The release's name (the chart's own without `releases:` in `strata.yaml`).
    pub name: String,
    /// The chart (its folder name under `charts/`, or a packaged chart's name in its
    /// `Chart.yaml`).
    pub chart: String,
    /// Where the chart is kept.
    pub chart_path: ChartPath,
    /// The namespace: the stage's `namespace` variable, or the stage's name.
    pub namespace: String,
    /// The overlay files that exist, lowest precedence first, relative to the workspace root.
    pub overlays: Vec<PathBuf>,
}

/// One overlay file of a release, read.
#[derive(Clone, Debug)]
pub struct LayerFile {
    /// The path relative to the workspace root.
    pub path: PathBuf,
    /// What the reader made of it.
    pub parsed: ParsedFile,
}

/// A release's layers, read and merged.
#[derive(Clone, Debug)]
pub struct ReleaseValues {
    /// The chart, with its defaults and subcharts (read once per workspace and shared by
    /// the chart's releases in every stage).
    pub chart: Arc<Chart>,
    /// The overlay files, lowest precedence first.
    pub overlays: Vec<LayerFile>,
    /// The user values: every overlay and the command line's values merged, nulls kept (what `helm -f` should be given).
    pub user: Node,
    /// The values templates see, with warnings.
    pub computed: Computed,
}

impl ReleaseValues {
    /// Returns the chart's defaults as Helm nests them under `helm`'s rules (computed with
    /// no user values: subchart defaults under their keys, import-values and globals
    /// applied), for [`ReleaseValues::layers`].
    pub fn nested_defaults(&self, helm: HelmVersion) -> Result<Node, LayerError> {
        let empty = Node::empty_map(Origin::whole(Arc::from("(no user values)")));
        Ok(compute(&self.chart, empty, helm)?.values)
    }

    /// Returns the release's layers from its files, lowest precedence first: the chart's
    /// and its subcharts' defaults, traced through `nested_defaults` (the chart's defaults
    /// as Helm nests them, see [`Layers::of_chart`]), then each overlay file (an empty one
    /// too: it writes nothing). The command line's layers are added by
    /// [`CommandLineValues::add_layers`].
    pub fn layers<'a>(&'a self, nested_defaults: &'a Node) -> Layers<'a> {
        let mut layers = Layers::of_chart(&self.chart, nested_defaults);
        for (index, overlay) in self.overlays.iter().enumerate() {
            layers.push(
                LayerKind::StageOverlay { index },
                Arc::from(crate::source::display_path(&overlay.path)),
                overlay.parsed.root.as_ref().map(Cow::Borrowed),
            );
        }
        layers
    }
}

/// Returns the chart `name` of `ws`, kept at `path`, read once per workspace and shared by
/// every release of it.
pub fn load_chart_at(
    ws: &Workspace,
    name: &str,
    path: &ChartPath,
) -> Result<Arc<Chart>, WorkspaceError> {
    ws.loaded_chart(name, || {
        let files = ChartFiles {
            tree: ws.tree().clone(),
            display_root: String::new(),
            limits: ws.config().limits.clone(),
            downloaded: ws.downloaded().cloned(),
            helm: ws.helm(),
        };
        match path {
            ChartPath::Folder(dir) => load_chart(&files, dir),
            ChartPath::Packaged(file) => load_packaged_chart(&files, file),
        }
    })
}

/// Returns the user values of `overlays` merged with the command line's under `helm`'s
/// rules; each file's tree is shared with the merge, not copied (maps are copied on write).
fn merge_overlays(
    overlays: &[LayerFile],
    command_line: &CommandLineValues,
    helm: HelmVersion,
) -> Result<Node, WorkspaceError> {
    Ok(command_line.user_values_over(
        overlays
            .iter()
            .filter_map(|layer| layer.parsed.root.clone()),
        helm,
    )?)
}

/// Returns what follows a release's name in outputs: `(namespace ns)`, or with its chart
/// when that is named otherwise than the release (`(chart kong, namespace edge)`).
/// `namespace` is the namespace's text (a diff of two stages may show `dev → prod`).
pub fn naming(name: &str, chart: &str, namespace: &str) -> String {
    if chart == name {
        format!("(namespace {namespace})")
    } else {
        format!("(chart {chart}, namespace {namespace})")
    }
}

impl Release {
    /// Returns how outputs name the release: `stage/name (namespace ns)`, with its chart
    /// when that is named otherwise (`dev/gateway-public (chart kong, namespace edge)`).
    pub fn heading(&self) -> String {
        format!(
            "{}/{} {}",
            self.stage,
            self.name,
            naming(&self.name, &self.chart, &self.namespace)
        )
    }

    /// Returns `stage/name`, how warnings and findings name the release.
    pub fn label(&self) -> String {
        format!("{}/{}", self.stage, self.name)
    }

    /// Returns where the chart is kept, relative to the workspace root: its folder, or for a
    /// packaged chart the archive (a file: any path under it reads as not found). Prefer
    /// [`Release::chart_path`], which says which.
    pub fn chart_dir(&self) -> PathBuf {
        self.chart_path.path().to_path_buf()
    }

    /// Returns the release's chart, read once per workspace and shared by every stage.
    pub fn chart(&self, ws: &Workspace) -> Result<Arc<Chart>, WorkspaceError> {
        load_chart_at(ws, &self.chart, &self.chart_path)
    }

    /// Reads every overlay and merges them with the command line's values: the user values
    /// Helm would be given (`helm -f`), without reading the chart, and the files they were
    /// merged from (the files keep their trees, which share their maps with the merge).
    pub fn user_values(
        &self,
        ws: &Workspace,
        command_line: &CommandLineValues,
    ) -> Result<(Vec<LayerFile>, Node), WorkspaceError> {
        let overlays = self.read_overlays(ws)?;
        let user = merge_overlays(&overlays, command_line, ws.helm())?;
        Ok((overlays, user))
    }

    /// Returns the user values alone, as [`Release::user_values`] does, for a caller that
    /// needs nothing of the files: each file's tree is moved into the merge, so a large
    /// overlay is never held twice.
    pub fn merged_user_values(
        &self,
        ws: &Workspace,
        command_line: &CommandLineValues,
    ) -> Result<Node, WorkspaceError> {
        let overlays = self.read_overlays(ws)?;
        Ok(command_line.user_values_over(
            overlays.into_iter().filter_map(|layer| layer.parsed.root),
            ws.helm(),
        )?)
    }

    /// Reads and parses every overlay that exists (rendering a templated one first),
    /// lowest precedence first.
    fn read_overlays(&self, ws: &Workspace) -> Result<Vec<LayerFile>, WorkspaceError> {
        let limits = &ws.config().limits;
        let mut overlays = Vec::new();
        for path in &self.overlays {
            let Some(bytes) = ws.read(path)? else {
                continue;
            };
            let parsed = if super::templated_overlay::is_template(path) {
                self.read_template(ws, path, &bytes)?
            } else {
                let source: Arc<str> = Arc::from(crate::source::display_path(path));
                parse_values(&bytes, source, &limits.yaml)?
            };
            if let Some(origin) = &parsed.extra_document {
                return Err(WorkspaceError::MultipleDocuments {
                    origin: origin.clone(),
                });
            }
            overlays.push(LayerFile {
                path: path.clone(),
                parsed,
            });
        }
        Ok(overlays)
    }

    /// Returns true when the release's chart, kept as a folder, holds no
    /// `values.schema.json` at any depth (its own or a subchart's): checking the user values
    /// against schemas then needs nothing of the chart. `false` for a packaged chart (only
    /// reading it tells).
    pub fn chart_has_no_schema(&self, ws: &Workspace) -> bool {
        let ChartPath::Folder(dir) = &self.chart_path else {
            return false;
        };
        let Some(paths) = self.input_paths(ws) else {
            return false;
        };
        !paths
            .iter()
            .any(|p| p.starts_with(dir) && p.file_name().is_some_and(|n| n == "values.schema.json"))
    }

    /// Reads the chart and every overlay and computes the values as Helm would.
    pub fn compute(
        &self,
        ws: &Workspace,
        command_line: &CommandLineValues,
    ) -> Result<ReleaseValues, WorkspaceError> {
        let chart = self.chart(ws)?;
        let (overlays, user) = self.user_values(ws, command_line)?;
        Self::compute_over(chart, overlays, user, ws.helm())
    }

    /// Computes the values again under `ws`'s Helm version (its chart as that version reads
    /// it) from the overlay files `read` already holds, with no values from the command
    /// line: what [`Release::compute`] gives under that version, without reading or
    /// copying an overlay again (the trees are shared with `read`'s).
    pub fn compute_again(
        &self,
        ws: &Workspace,
        read: &ReleaseValues,
    ) -> Result<ReleaseValues, WorkspaceError> {
        let chart = self.chart(ws)?;
        let user = merge_overlays(&read.overlays, &CommandLineValues::default(), ws.helm())?;
        Self::compute_over(chart, read.overlays.clone(), user, ws.helm())
    }

    /// Computes the values of `chart` for the user values `user`, merged from `overlays`.
    fn compute_over(
        chart: Arc<Chart>,
        overlays: Vec<LayerFile>,
        user: Node,
        helm: HelmVersion,
    ) -> Result<ReleaseValues, WorkspaceError> {
        let mut computed = compute(&chart, user.clone(), helm)?;
        order_keys_like(&mut computed.values, &chart.defaults);
        Ok(ReleaseValues {
            chart,
            overlays,
            user,
            computed,
        })
    }

    /// Returns the values templates see, alone, as [`Release::compute`] computes them, for
    /// a caller that needs neither the files nor the user values: each file's tree becomes
    /// the result's without a copy, so a large overlay is held once. Keys come in Helm's
    /// order (what the user wrote first): a caller that shows them in the chart's order
    /// (YAML; JSON sorts them) applies [`order_keys_like`] with the chart's defaults.
    pub fn computed_values(
        &self,
        ws: &Workspace,
        command_line: &CommandLineValues,
    ) -> Result<Computed, WorkspaceError> {
        let chart = self.chart(ws)?;
        let user = self.merged_user_values(ws, command_line)?;
        Ok(compute(&chart, user, ws.helm())?)
    }
}
