//! [`Workspace`]: the folder holding `strata.yaml`, its stages and its charts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::chart::ChartError;
use crate::layer::Chart;

use crate::source::{DirTree, EntryKind, SourceError, Tree};
use crate::values::{Node, Origin, Value};
use crate::yaml::parse_values;

use super::config::{is_safe_name, Config, CONFIG_FILE};
use super::error::WorkspaceError;
use super::release::Release;

/// Charts already read, by name and by the Helm whose reading of `values.yaml` applies.
type ChartCache = HashMap<(String, crate::values::HelmVersion), Arc<Chart>>;

/// A workspace: its root folder, its settings and the charts it holds.
#[derive(Clone, Debug)]
pub struct Workspace {
    root: PathBuf,
    tree: Arc<dyn Tree>,
    config: Config,
    charts: Vec<String>,
    /// Charts already read, by name: every stage's release of a chart shares one reading.
    loaded: Arc<Mutex<ChartCache>>,
}

impl Workspace {
    /// Finds `strata.yaml` in `start` or the nearest parent folder (like git) and loads it.
    pub fn discover(start: &Path) -> Result<Workspace, WorkspaceError> {
        let mut dir = start.to_path_buf();
        loop {
            if dir.join(CONFIG_FILE).is_file() {
                return Workspace::load(&dir);
            }
            if !dir.pop() {
                return Err(WorkspaceError::NotFound {
                    start: start.to_path_buf(),
                });
            }
        }
    }

    /// Loads the workspace whose `strata.yaml` is in `root`, from the working tree.
    pub fn load(root: &Path) -> Result<Workspace, WorkspaceError> {
        Workspace::load_tree(root, Arc::new(DirTree::new(root)))
    }

    /// Loads the workspace from `tree` (the working tree or a git revision); `root` is the
    /// folder it lives in on disk, for messages and for files given on the command line.
    pub fn load_tree(root: &Path, tree: Arc<dyn Tree>) -> Result<Workspace, WorkspaceError> {
        let defaults = crate::yaml::InputLimits::default();
        let bytes = tree.read(Path::new(CONFIG_FILE), defaults.max_file_bytes)?;
        let source: Arc<str> = Arc::from(CONFIG_FILE);
        let parsed = parse_values(&bytes, source.clone(), &defaults.yaml)?;
        let config = Config::from_node(parsed.root.as_ref(), &Origin::whole(source))?;
        let charts = list_charts(tree.as_ref())?;
        Ok(Workspace {
            root: root.to_path_buf(),
            tree,
            config,
            charts,
            loaded: Arc::default(),
        })
    }

    /// Returns the workspace with its input limits changed by `change` (command-line
    /// overrides of `strata.yaml`'s `limits`).
    pub fn with_limits(mut self, change: impl FnOnce(&mut crate::yaml::InputLimits)) -> Self {
        change(&mut self.config.limits);
        self
    }

    /// Returns the chart `name`, reading it with `load` the first time it is asked for.
    /// Returns whose semantics apply: `strata.yaml`'s `helm.version`, or what
    /// [`Workspace::with_helm`] set.
    pub fn helm(&self) -> crate::values::HelmVersion {
        self.config.helm
    }

    /// Returns the same workspace under another Helm's semantics (`--helm-version`); the
    /// charts already read are shared, each reading kept per Helm version.
    pub fn with_helm(&self, helm: crate::values::HelmVersion) -> Workspace {
        let mut ws = self.clone();
        ws.config.helm = helm;
        ws
    }

    pub(crate) fn loaded_chart(
        &self,
        name: &str,
        load: impl FnOnce() -> Result<Chart, ChartError>,
    ) -> Result<Arc<Chart>, WorkspaceError> {
        // A poisoned lock only means another thread panicked while inserting; the map itself
        // is still a valid cache.
        if let Some(chart) = self
            .loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(name.to_string(), self.helm()))
        {
            return Ok(chart.clone());
        }
        let chart = Arc::new(load()?);
        self.loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((name.to_string(), self.helm()), chart.clone());
        Ok(chart)
    }

    /// Returns the tree the workspace is read from.
    pub fn tree(&self) -> &Arc<dyn Tree> {
        &self.tree
    }

    /// Returns the root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Returns the settings from `strata.yaml`.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Returns the stage names in promotion order.
    pub fn stages(&self) -> &[String] {
        &self.config.stages
    }

    /// Returns the chart names (folders under `charts/` holding a `Chart.yaml`), sorted.
    pub fn charts(&self) -> &[String] {
        &self.charts
    }

    /// Returns the stage named `name`, or an error listing the stages.
    pub fn stage(&self, name: &str) -> Result<&str, WorkspaceError> {
        self.config
            .stages
            .iter()
            .find(|s| *s == name)
            .map(String::as_str)
            .ok_or_else(|| WorkspaceError::UnknownStage {
                name: name.to_string(),
                known: self.config.stages.clone(),
            })
    }

    /// Returns the chart named `name`, or an error listing the charts.
    pub fn chart(&self, name: &str) -> Result<&str, WorkspaceError> {
        self.charts
            .iter()
            .find(|c| *c == name)
            .map(String::as_str)
            .ok_or_else(|| WorkspaceError::UnknownChart {
                name: name.to_string(),
                known: self.charts.clone(),
            })
    }

    /// Returns the stages selected by `names` (all stages when empty), in promotion order.
    pub fn select_stages(&self, names: &[String]) -> Result<Vec<String>, WorkspaceError> {
        for name in names {
            self.stage(name)?;
        }
        Ok(self
            .config
            .stages
            .iter()
            .filter(|s| names.is_empty() || names.contains(s))
            .cloned()
            .collect())
    }

    /// Returns the charts selected by `names` (all charts when empty), sorted.
    pub fn select_charts(&self, names: &[String]) -> Result<Vec<String>, WorkspaceError> {
        for name in names {
            self.chart(name)?;
        }
        Ok(self
            .charts
            .iter()
            .filter(|c| names.is_empty() || names.contains(c))
            .cloned()
            .collect())
    }

    /// Returns the release of `chart` in `stage`: its namespace and its overlay files.
    pub fn release(&self, stage: &str, chart: &str) -> Result<Release, WorkspaceError> {
        let stage = self.stage(stage)?.to_string();
        let chart = self.chart(chart)?.to_string();
        let vars = self.stage_vars(&stage)?;
        let namespace = match vars
            .as_ref()
            .and_then(|v| v.as_map())
            .and_then(|m| m.get("namespace"))
        {
            Some(Node {
                value: Value::String(ns),
                ..
            }) => ns.clone(),
            _ => stage.clone(),
        };
        let mut overlays = Vec::new();
        for pattern in &self.config.overlays {
            let expanded = pattern
                .replace("{stage}", &stage)
                .replace("{chart}", &chart);
            overlays.extend(self.expand_overlay(&expanded)?);
        }
        Ok(Release {
            stage,
            chart,
            namespace,
            overlays,
        })
    }

    /// Reads `environments/<stage>/stage.yaml`, the stage's variables, if it exists.
    pub fn stage_vars(&self, stage: &str) -> Result<Option<Node>, WorkspaceError> {
        let rel = PathBuf::from("environments").join(stage).join("stage.yaml");
        match self.read(&rel)? {
            Some(bytes) => {
                let source: Arc<str> = Arc::from(crate::source::display_path(&rel));
                Ok(parse_values(&bytes, source, &self.config.limits.yaml)?.root)
            }
            None => Ok(None),
        }
    }

    /// Reads a workspace file; `None` when it does not exist.
    pub fn read(&self, rel: &Path) -> Result<Option<Vec<u8>>, WorkspaceError> {
        match self.tree.read(rel, self.config.limits.max_file_bytes) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(SourceError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Expands one overlay pattern: an existing file, or every `.yaml` file of a folder when
    /// the last component is `*.yaml`, in name order.
    fn expand_overlay(&self, pattern: &str) -> Result<Vec<PathBuf>, WorkspaceError> {
        let path = PathBuf::from(pattern);
        if path.file_name().and_then(|n| n.to_str()) != Some("*.yaml") {
            return Ok(if self.tree.kind(&path).is_some() {
                vec![path]
            } else {
                Vec::new()
            });
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(self
            .tree
            .list(&dir)?
            .into_iter()
            .filter(|(name, _)| name.ends_with(".yaml") && !name.starts_with('.'))
            .map(|(name, _)| dir.join(name))
            .collect())
    }
}

/// Lists the folders of `charts/` that hold a `Chart.yaml`, sorted.
fn list_charts(tree: &dyn Tree) -> Result<Vec<String>, WorkspaceError> {
    let charts = Path::new("charts");
    Ok(tree
        .list(charts)?
        .into_iter()
        .filter(|(name, _)| {
            is_safe_name(name)
                && tree.kind(&charts.join(name).join("Chart.yaml")) == Some(EntryKind::File)
        })
        .map(|(name, _)| name)
        .collect())
}
