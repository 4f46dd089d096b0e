//! [`Workspace`]: the folder holding `strata.yaml`, its stages and its charts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::chart::{packaged_chart_name, ChartError, ChartFiles};
use crate::layer::Chart;
use crate::settings::{is_safe_name, Config, CONFIG_FILE};
use crate::source::{display_path, DirTree, EntryKind, SourceError, Tree};
use crate::values::{Node, Origin, Value};
use crate::yaml::parse_values;

use super::chart_path::ChartPath;
use super::error::WorkspaceError;
use super::release::Release;
use crate::settings::{ChartRef, ReleaseSpec};

/// Charts already read, by name and by the Helm whose reading of `values.yaml` applies.
/// An error is not kept: the next release asking reads the chart again and reports it.
type ChartCache = HashMap<(String, crate::values::HelmVersion), Arc<Mutex<Option<Arc<Chart>>>>>;

/// A workspace: its root folder, its settings and the charts it holds.
#[derive(Clone, Debug)]
pub struct Workspace {
    root: PathBuf,
    tree: Arc<dyn Tree>,
    config: Config,
    charts: Vec<String>,
    /// Where each chart is kept, by name.
    chart_paths: HashMap<String, ChartPath>,
    /// The releases, sorted by name: `strata.yaml`'s `releases:`, else one per chart.
    releases: Vec<ReleaseSpec>,
    /// The working tree, when this is the workspace at a revision (see
    /// [`ChartFiles::downloaded`]).
    downloaded: Option<Arc<dyn Tree>>,
    /// Charts already read, by name: every stage's release of a chart shares one reading.
    loaded: Arc<Mutex<ChartCache>>,
    /// The strata binary overlay templates run in (see [`Workspace::with_template_program`]).
    template_program: Option<PathBuf>,
}

impl Workspace {
    /// Finds `strata.yaml` in `start` or the nearest parent folder (like git) and loads it.
    pub fn discover(start: &Path) -> Result<Workspace, WorkspaceError> {
        Workspace::load(&Workspace::find_root(start)?)
    }

    /// Returns the folder of the `strata.yaml` in `start` or the nearest parent folder,
    /// without loading the workspace (for `strata vendor`, which must run before the
    /// workspace's repository charts are there).
    pub fn find_root(start: &Path) -> Result<PathBuf, WorkspaceError> {
        let mut dir = start.to_path_buf();
        loop {
            if dir.join(CONFIG_FILE).is_file() {
                return Ok(dir);
            }
            if !dir.pop() {
                return Err(WorkspaceError::NotFound {
                    start: start.to_path_buf(),
                });
            }
        }
    }

    /// Reads `strata.yaml` from `tree` (with the default input limits: the file's own
    /// `limits` are inside it).
    pub fn read_config(tree: &dyn Tree) -> Result<Config, WorkspaceError> {
        let defaults = crate::yaml::InputLimits::default();
        let bytes = tree.read(Path::new(CONFIG_FILE), defaults.max_file_bytes)?;
        let source: crate::values::SourceName = Arc::from(CONFIG_FILE);
        let parsed = parse_values(&bytes, source.clone(), &defaults.yaml)?;
        Ok(Config::from_node(
            parsed.root.as_ref(),
            &crate::values::Origin::whole(source),
        )?)
    }

    /// Loads the workspace whose `strata.yaml` is in `root`, from the working tree.
    pub fn load(root: &Path) -> Result<Workspace, WorkspaceError> {
        Workspace::load_tree(root, Arc::new(DirTree::new(root)))
    }

    /// Loads the workspace from `tree` (the working tree or a git revision); `root` is the
    /// folder it lives in on disk, for messages and for files given on the command line.
    pub fn load_tree(root: &Path, tree: Arc<dyn Tree>) -> Result<Workspace, WorkspaceError> {
        let config = Workspace::read_config(tree.as_ref())?;
        // Packaged charts are opened here for their names, and vendored ones checked against
        // the lock, with `strata.yaml`'s limits (the command line's apply to reading the
        // charts themselves).
        let mut found = list_charts(&tree, &config.limits)?;
        add_vendored_charts(&tree, &config, &mut found)?;
        let charts: Vec<String> = found.iter().map(|(name, _)| name.clone()).collect();
        let releases = releases_of(&config, &charts, &Arc::from(CONFIG_FILE))?;
        Ok(Workspace {
            root: root.to_path_buf(),
            tree,
            config,
            charts,
            releases,
            chart_paths: found.into_iter().collect(),
            downloaded: None,
            loaded: Arc::default(),
            template_program: None,
        })
    }

    /// Loads the workspace as it is in `revision` (a git revision's tree), beside `working`,
    /// the same workspace in the working tree: dependencies a chart's lock pins that the
    /// revision lacks (downloaded and ignored, not committed) are read from the working tree
    /// when the revision's lock pins what the working tree's does.
    pub fn load_revision(
        working: &Workspace,
        revision: Arc<dyn Tree>,
    ) -> Result<Workspace, WorkspaceError> {
        let mut ws = Workspace::load_tree(&working.root, revision)?;
        ws.downloaded = Some(working.tree.clone());
        ws.template_program = working.template_program.clone();
        Ok(ws)
    }

    /// Returns the working tree this workspace at a revision falls back on for downloaded
    /// dependencies (see [`Workspace::load_revision`]); `None` for the working tree.
    pub fn downloaded(&self) -> Option<&Arc<dyn Tree>> {
        self.downloaded.as_ref()
    }

    /// Returns the workspace with its overlay templates run in a template process of
    /// `program` (the strata binary, `crate::sandbox`), under `strata.yaml`'s budget; without
    /// it they run on a thread of this process, waited for at most the time budget.
    pub fn with_template_program(mut self, program: PathBuf) -> Self {
        self.template_program = Some(program);
        self
    }

    /// Returns how overlay templates are run.
    pub fn template_runner(&self) -> crate::template::TemplateRunner {
        crate::template::TemplateRunner {
            program: self.template_program.clone(),
            budget: self.config.overlay_budget,
        }
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
        // One slot per chart: the first thread to ask reads it while others asking for the
        // same chart wait for that reading instead of making their own. A poisoned lock only
        // means another thread panicked while reading; the slot is still valid.
        let slot = self.chart_slot(name);
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(chart) = &*slot {
            return Ok(chart.clone());
        }
        if let Some(chart) = self.reading_alike(name) {
            *slot = Some(chart.clone());
            return Ok(chart);
        }
        let chart = Arc::new(load()?);
        *slot = Some(chart.clone());
        Ok(chart)
    }

    /// Returns the same workspace read through `tree`, which must hold the same files (the
    /// working tree with git's index answering blob ids, for a revision diff).
    pub fn with_tree(mut self, tree: Arc<dyn Tree>) -> Workspace {
        self.tree = tree;
        self
    }

    /// Takes `chart` as this workspace's reading of the chart `name`, unless it has one
    /// already: for a chart whose files are byte for byte those another version of the
    /// workspace read (a revision diff), so it is parsed once for both.
    pub fn adopt_chart(&self, name: &str, chart: Arc<Chart>) {
        self.chart_slot(name)
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert(chart);
    }

    /// Returns another Helm's reading of chart `name` when there is one and the two Helms
    /// read the chart alike ([`Chart::read_alike`]): `validate` reads every chart as Helm 3
    /// and as Helm 4 does (for `helm4-change`). A reading still in progress is not waited
    /// for (`try_lock`: two threads each holding one Helm's slot must not wait on the
    /// other's).
    fn reading_alike(&self, name: &str) -> Option<Arc<Chart>> {
        let others: Vec<_> = self
            .loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|((chart, helm), _)| chart == name && *helm != self.helm())
            .map(|(_, slot)| slot.clone())
            .collect();
        others.iter().find_map(|slot| {
            let reading = slot.try_lock().ok()?;
            reading.as_ref().filter(|chart| chart.read_alike).cloned()
        })
    }

    /// Returns the slot holding this workspace's reading of chart `name` under the Helm
    /// that applies, made empty on the first ask.
    fn chart_slot(&self, name: &str) -> Arc<Mutex<Option<Arc<Chart>>>> {
        self.loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry((name.to_string(), self.helm()))
            .or_default()
            .clone()
    }

    /// Drops every reading of chart `name` (each Helm's): a command calls it after the
    /// chart's last release, so the chart's trees are not held to the end.
    pub fn forget_chart(&self, name: &str) {
        self.loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(chart, _), _| chart != name);
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

    /// Returns the chart names (folders under `charts/` holding a `Chart.yaml`, and
    /// packaged charts by the name in their `Chart.yaml`), sorted.
    pub fn charts(&self) -> &[String] {
        &self.charts
    }

    /// Returns where the chart `name` is kept, or an error listing the charts.
    pub fn chart_path(&self, name: &str) -> Result<&ChartPath, WorkspaceError> {
        let name = self.chart(name)?;
        Ok(&self.chart_paths[name])
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

    /// Returns an error when the workspace holds no chart: every command that works on
    /// charts calls this (through [`Workspace::chart`] or [`Workspace::select_charts`]), so
    /// an empty or misplaced `charts/` is an error, never "0 releases validated".
    pub fn require_charts(&self) -> Result<(), WorkspaceError> {
        if self.charts.is_empty() {
            return Err(WorkspaceError::NoCharts);
        }
        Ok(())
    }

    /// Returns the chart named `name`, or an error listing the charts.
    pub fn chart(&self, name: &str) -> Result<&str, WorkspaceError> {
        self.require_charts()?;
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
        self.require_charts()?;
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

    /// Returns the releases, sorted by name: `strata.yaml`'s `releases:`, or without it one
    /// per chart, named after it.
    pub fn releases(&self) -> &[ReleaseSpec] {
        &self.releases
    }

    /// Returns the release names, sorted.
    pub fn release_names(&self) -> Vec<String> {
        self.releases.iter().map(|r| r.name.clone()).collect()
    }

    /// Returns the release named `name`, or an error listing the releases.
    pub fn release_spec(&self, name: &str) -> Result<&ReleaseSpec, WorkspaceError> {
        self.require_charts()?;
        self.releases
            .iter()
            .find(|r| r.name == name)
            .ok_or_else(|| WorkspaceError::UnknownRelease {
                name: name.to_string(),
                known: self.release_names(),
            })
    }

    /// Returns the release `name` names: the release of that name, else the one release of
    /// the chart of that name; else an error listing the releases.
    pub fn resolve_release<'a>(&'a self, name: &'a str) -> Result<&'a str, WorkspaceError> {
        self.require_charts()?;
        if let Ok(spec) = self.release_spec(name) {
            return Ok(&spec.name);
        }
        let of_chart: Vec<&ReleaseSpec> = self
            .releases
            .iter()
            .filter(|r| r.chart.name() == name)
            .collect();
        match of_chart.as_slice() {
            [one] => Ok(&one.name),
            [] => Err(WorkspaceError::UnknownRelease {
                name: name.to_string(),
                known: self.release_names(),
            }),
            several => Err(WorkspaceError::ChartOfSeveralReleases {
                chart: name.to_string(),
                releases: several.iter().map(|r| r.name.clone()).collect(),
            }),
        }
    }

    /// Returns true when a release named `name` runs in `stage`.
    pub fn runs_in(&self, stage: &str, name: &str) -> bool {
        self.releases
            .iter()
            .any(|r| r.name == name && r.runs_in(stage))
    }

    /// Returns the names of the releases selected by `releases` (by name) and `charts` (by
    /// their chart), all of them when both are empty, sorted. Naming an unknown release or
    /// chart is an error listing the known ones.
    pub fn select_releases(
        &self,
        releases: &[String],
        charts: &[String],
    ) -> Result<Vec<String>, WorkspaceError> {
        self.require_charts()?;
        for name in releases {
            self.release_spec(name)?;
        }
        for name in charts {
            self.chart(name)?;
        }
        Ok(self
            .releases
            .iter()
            .filter(|r| releases.is_empty() || releases.contains(&r.name))
            .filter(|r| charts.is_empty() || charts.iter().any(|c| c == r.chart.name()))
            .map(|r| r.name.clone())
            .collect())
    }

    /// Returns the (stage, release) pairs of `stages` × `releases` in which the release runs,
    /// in stage then release order.
    pub fn stage_releases(&self, stages: &[String], releases: &[String]) -> Vec<(String, String)> {
        stages
            .iter()
            .flat_map(|stage| {
                releases
                    .iter()
                    .filter(|name| self.runs_in(stage, name))
                    .map(move |name| (stage.clone(), name.clone()))
            })
            .collect()
    }

    /// Returns [`Workspace::stage_releases`] of `stages` and the releases `releases` and
    /// `charts` select ([`Workspace::select_releases`]); a release named in `releases` that
    /// runs in none of `stages` is an error (nothing would be shown for it).
    pub fn select_stage_releases(
        &self,
        stages: &[String],
        releases: &[String],
        charts: &[String],
    ) -> Result<Vec<(String, String)>, WorkspaceError> {
        let names = self.select_releases(releases, charts)?;
        let pairs = self.stage_releases(stages, &names);
        for name in releases {
            if !pairs.iter().any(|(_, r)| r == name) {
                let spec = self.release_spec(name)?;
                return Err(WorkspaceError::ReleaseNotInStage {
                    release: name.clone(),
                    stage: stages.join(", "),
                    stages: spec.stages.clone().unwrap_or_default(),
                });
            }
        }
        Ok(pairs)
    }

    /// Returns the label of release `name` in outputs: its name, followed by its chart when
    /// that is named otherwise (`gateway-public (chart kong)`), so a workspace without
    /// `releases:` prints what it always did.
    pub fn release_label(&self, name: &str) -> String {
        match self.releases.iter().find(|r| r.name == name) {
            Some(spec) if spec.chart.name() != name => {
                format!("{name} (chart {})", spec.chart.name())
            }
            _ => name.to_string(),
        }
    }

    /// Returns the release `name` in `stage`: its chart, namespace and overlay files.
    pub fn release(&self, stage: &str, name: &str) -> Result<Release, WorkspaceError> {
        let stage = self.stage(stage)?.to_string();
        let spec = self.release_spec(name)?.clone();
        if !spec.runs_in(&stage) {
            return Err(WorkspaceError::ReleaseNotInStage {
                release: spec.name,
                stage,
                stages: spec.stages.unwrap_or_default(),
            });
        }
        let chart = self.chart(spec.chart.name())?.to_string();
        let namespace = match &spec.namespace {
            Some(namespace) => namespace.clone(),
            None => self.stage_namespace(&stage)?,
        };
        let mut overlays = Vec::new();
        for pattern in &self.config.overlays {
            let expanded = pattern
                .replace("{stage}", &stage)
                .replace("{release}", &spec.name)
                .replace("{chart}", &chart);
            overlays.extend(self.expand_overlay(&expanded)?);
        }
        let chart_path = self.chart_paths[&chart].clone();
        Ok(Release {
            stage,
            name: spec.name,
            chart,
            chart_path,
            namespace,
            overlays,
        })
    }

    /// Returns the stage's namespace: its `namespace` variable, or its name.
    pub fn stage_namespace(&self, stage: &str) -> Result<String, WorkspaceError> {
        let vars = self.stage_vars(stage)?;
        Ok(
            match vars
                .as_ref()
                .and_then(|v| v.as_map())
                .and_then(|m| m.get("namespace"))
            {
                Some(Node {
                    value: Value::String(ns),
                    ..
                }) => ns.to_string(),
                _ => stage.to_string(),
            },
        )
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
    /// the last component is `*.yaml`, in name order. A `.yaml` file may be written as a
    /// template, `.yaml.tera`, instead; both at once is an error.
    fn expand_overlay(&self, pattern: &str) -> Result<Vec<PathBuf>, WorkspaceError> {
        let path = PathBuf::from(pattern);
        if path.file_name().and_then(|n| n.to_str()) != Some("*.yaml") {
            let template = PathBuf::from(format!("{pattern}.tera"));
            let plain = self.tree.kind(&path).is_some();
            let templated = pattern.ends_with(".yaml") && self.tree.kind(&template).is_some();
            return match (plain, templated) {
                (true, true) => Err(WorkspaceError::OverlayTwice {
                    plain: display_path(&path),
                    template: display_path(&template),
                }),
                (true, false) => Ok(vec![path]),
                (false, true) => Ok(vec![template]),
                (false, false) => Ok(Vec::new()),
            };
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut names: Vec<String> = self
            .tree
            .list(&dir)?
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| {
                (name.ends_with(".yaml") || name.ends_with(".yaml.tera")) && !name.starts_with('.')
            })
            .collect();
        for name in &names {
            if let Some(plain) = name.strip_suffix(".tera") {
                if names.iter().any(|n| n == plain) {
                    return Err(WorkspaceError::OverlayTwice {
                        plain: display_path(&dir.join(plain)),
                        template: display_path(&dir.join(name)),
                    });
                }
            }
        }
        // In the order of the names the files stand for (`a.yaml.tera` is `a.yaml`).
        names.sort_by(|a, b| a.trim_end_matches(".tera").cmp(b.trim_end_matches(".tera")));
        Ok(names.into_iter().map(|name| dir.join(name)).collect())
    }
}

/// Returns the releases of the workspace, sorted by name: `releases:` of `strata.yaml`, each
/// naming a chart the workspace holds, or one per chart.
fn releases_of(
    config: &Config,
    charts: &[String],
    source: &Arc<str>,
) -> Result<Vec<ReleaseSpec>, WorkspaceError> {
    let mut releases = match &config.releases {
        None => charts
            .iter()
            .map(|chart| ReleaseSpec::for_chart(chart, Origin::whole(source.clone())))
            .collect(),
        Some(declared) => {
            for release in declared {
                // A source written inline is among the charts already (vendored, under its
                // name): only a chart named is looked for.
                let ChartRef::Local(chart) = &release.chart else {
                    continue;
                };
                if !charts.contains(chart) {
                    return Err(WorkspaceError::Config {
                        message: format!(
                            "release {:?}: unknown chart {chart:?}; the charts are: {}",
                            release.name,
                            if charts.is_empty() {
                                "(none)".to_string()
                            } else {
                                charts.join(", ")
                            }
                        ),
                        origin: release.origin.clone(),
                    });
                }
            }
            declared.clone()
        }
    };
    releases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(releases)
}

/// Lists the charts of `charts/`, sorted by name: folders holding a `Chart.yaml` (named
/// after the folder) and packaged charts (`*.tgz`, named by their `Chart.yaml`). Two
/// charts of one name (a folder and an archive, or two archives) are an error naming both.
fn list_charts(
    tree: &Arc<dyn Tree>,
    limits: &crate::yaml::InputLimits,
) -> Result<Vec<(String, ChartPath)>, WorkspaceError> {
    let charts = Path::new("charts");
    let files = ChartFiles {
        tree: tree.clone(),
        display_root: String::new(),
        limits: limits.clone(),
        downloaded: None,
        // Only the charts' Chart.yaml is read here, which both Helms read alike.
        helm: Default::default(),
    };
    let mut found: Vec<(String, ChartPath)> = Vec::new();
    for (entry, kind) in tree.list(charts)? {
        let path = charts.join(&entry);
        let chart = if entry.ends_with(".tgz") && kind == EntryKind::File {
            if entry.starts_with(['.', '_']) {
                continue;
            }
            let name = packaged_chart_name(&files, &path)?;
            if !is_safe_name(&name) {
                return Err(WorkspaceError::PackagedChartName {
                    file: display_path(&path),
                    name,
                });
            }
            (name, ChartPath::Packaged(path))
        } else if is_safe_name(&entry)
            && tree.kind(&path.join("Chart.yaml")) == Some(EntryKind::File)
        {
            (entry, ChartPath::Folder(path))
        } else {
            continue;
        };
        if let Some((_, first)) = found.iter().find(|(name, _)| *name == chart.0) {
            return Err(WorkspaceError::DuplicateChart {
                name: chart.0,
                first: display_path(first.path()),
                second: display_path(chart.1.path()),
            });
        }
        found.push(chart);
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Adds the charts `strata.yaml` takes from repositories (`charts:`, and sources releases
/// write inline) to `found`, each under its name and kept as its vendored archive, once the archive is the one `strata.lock` records for the
/// declared source (`vendor::verify`): so a chart not vendored yet is an error naming
/// `strata vendor`, and a changed archive is refused before anything reads it.
fn add_vendored_charts(
    tree: &Arc<dyn Tree>,
    config: &Config,
    found: &mut Vec<(String, ChartPath)>,
) -> Result<(), WorkspaceError> {
    if config.charts.is_empty() {
        return Ok(());
    }
    let limits = &config.limits;
    let lock = crate::vendor::Lock::read(tree.as_ref(), limits.max_file_bytes, &limits.yaml)?;
    for (chart, source) in &config.charts {
        if let Some((_, first)) = found.iter().find(|(name, _)| name == chart) {
            if let Some(release) = writing_inline(config, chart) {
                let first = display_path(first.path());
                return Err(WorkspaceError::Config {
                    message: format!(
                        "release {:?}: its chart {source} would be the workspace's chart {chart:?}, which {first} is already; write `chart: {chart}` to use {first}, or declare this source under `charts:` with another key and name that key in `chart:`",
                        release.name
                    ),
                    origin: source.origin.clone(),
                });
            }
            return Err(WorkspaceError::DuplicateChart {
                name: chart.clone(),
                first: display_path(first.path()),
                second: display_path(&crate::vendor::archive_path(chart, &source.version)),
            });
        }
        let archive = crate::vendor::verify(
            tree.as_ref(),
            lock.as_ref(),
            chart,
            source,
            limits.max_file_bytes,
        )?;
        found.push((chart.clone(), ChartPath::Packaged(archive)));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(())
}

/// Returns the first release writing the chart `chart` inline, when one does (else the
/// chart is a `charts:` entry).
fn writing_inline<'a>(config: &'a Config, chart: &str) -> Option<&'a ReleaseSpec> {
    config
        .releases
        .iter()
        .flatten()
        .find(|release| matches!(&release.chart, ChartRef::Source(source) if source.name == chart))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::test_workspace::try_workspace as workspace;

    fn tgz(files: &[(&str, &str)]) -> Vec<u8> {
        crate::chart::test_tgz(files)
    }

    fn charts_of(files: &[(&str, Vec<u8>)]) -> Result<Vec<(String, ChartPath)>, WorkspaceError> {
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, bytes).unwrap();
        }
        let tree: Arc<dyn Tree> = Arc::new(DirTree::new(dir.path()));
        list_charts(&tree, &crate::yaml::InputLimits::default())
    }

    fn chart_yaml(name: &str) -> Vec<u8> {
        format!("apiVersion: v2\nname: {name}\nversion: 1.0.0\n").into_bytes()
    }

    /// Helm 3's reading of a chart serves Helm 4 when no values file of it has a `---`
    /// line; otherwise each Helm reads it its own way (Helm 4 merges the documents).
    #[test]
    fn one_reading_of_a_chart_serves_both_helms_when_they_read_it_alike() {
        use crate::values::{to_json_compact, HelmVersion};
        let chart = "apiVersion: v2\nname: web\nversion: 1.0.0\n";
        for (values, shared, helm4) in [
            ("a: 1\n", true, r#"{"a":1}"#),
            ("a: 1\n---\nb: 2\n", false, r#"{"a":1,"b":2}"#),
        ] {
            let (_dir, ws) = workspace(&[
                ("strata.yaml", "stages: [dev]\n"),
                ("charts/web/Chart.yaml", chart),
                ("charts/web/values.yaml", values),
            ]);
            let ws = ws.unwrap();
            let release = ws.release("dev", "web").unwrap();
            let v3 = release.chart(&ws).unwrap();
            let v4 = release.chart(&ws.with_helm(HelmVersion::V4)).unwrap();
            assert_eq!(Arc::ptr_eq(&v3, &v4), shared, "{values:?}");
            assert_eq!(to_json_compact(&v3.defaults), r#"{"a":1}"#);
            assert_eq!(to_json_compact(&v4.defaults), helm4, "{values:?}");
        }
    }

    #[test]
    fn charts_are_folders_with_a_chart_yaml_and_packaged_charts_by_their_name() {
        let packaged = |folder: &str, name: &str| {
            tgz(&[(
                &format!("{folder}/Chart.yaml"),
                &String::from_utf8(chart_yaml(name)).unwrap(),
            )])
        };
        let found = charts_of(&[
            ("charts/web/Chart.yaml", chart_yaml("whatever")),
            ("charts/notes/README.md", b"not a chart".to_vec()),
            ("charts/db-12.1.0.tgz", packaged("db", "postgresql")),
            ("charts/.cache-1.0.0.tgz", packaged("x", "cache")),
            ("charts/_old-1.0.0.tgz", packaged("x", "old")),
        ])
        .unwrap();
        assert_eq!(
            found,
            vec![
                (
                    "postgresql".to_string(),
                    ChartPath::Packaged(PathBuf::from("charts/db-12.1.0.tgz"))
                ),
                (
                    "web".to_string(),
                    ChartPath::Folder(PathBuf::from("charts/web"))
                ),
            ]
        );
        let err = charts_of(&[
            ("charts/web-1.4.0.tgz", packaged("web", "web")),
            ("charts/web-1.5.0.tgz", packaged("web", "web")),
        ])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "two charts are named \"web\": charts/web-1.4.0.tgz and charts/web-1.5.0.tgz; keep one"
        );
        let err = charts_of(&[("charts/bad.tgz", b"not gzip".to_vec())]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot unpack charts/bad.tgz: "),
            "{err}"
        );
    }

    #[test]
    fn releases_name_their_chart_namespace_stages_and_overlays() {
        let (_dir, ws) = workspace(&[
            (
                "strata.yaml",
                "stages: [dev, prod]\noverlays: [\"environments/common/{chart}.yaml\", \"environments/{stage}/{release}.yaml\", \"environments/{stage}/{release}/*.yaml\"]\nreleases:\n  - {name: public, chart: kong, namespace: edge}\n  - {name: internal, chart: kong}\n  - {name: debug, chart: toolbox, stages: [dev]}\n",
            ),
            ("charts/kong/Chart.yaml", "apiVersion: v2\nname: kong\nversion: 1.0.0\n"),
            ("charts/toolbox/Chart.yaml", "apiVersion: v2\nname: toolbox\nversion: 1.0.0\n"),
            ("environments/common/kong.yaml", "a: 1\n"),
            ("environments/dev/stage.yaml", "namespace: apps\n"),
            ("environments/dev/public.yaml.tera", "a: 2\n"),
            ("environments/dev/public/b.yaml", "a: 3\n"),
            ("environments/dev/public/a.yaml.tera", "a: 4\n"),
            ("environments/dev/internal.yaml", "a: 5\n"),
        ]);
        let ws = ws.expect("a workspace");
        assert_eq!(ws.release_names(), ["debug", "internal", "public"]);
        let public = ws.release("dev", "public").expect("a release");
        assert_eq!(
            (public.chart.as_str(), public.namespace.as_str()),
            ("kong", "edge")
        );
        let overlays: Vec<String> = public.overlays.iter().map(|p| display_path(p)).collect();
        assert_eq!(
            overlays,
            [
                "environments/common/kong.yaml",
                "environments/dev/public.yaml.tera",
                "environments/dev/public/a.yaml.tera",
                "environments/dev/public/b.yaml",
            ]
        );
        assert_eq!(
            ws.release("dev", "internal").expect("a release").namespace,
            "apps"
        );
        assert_eq!(
            ws.release("prod", "internal").expect("a release").namespace,
            "prod"
        );
        assert_eq!(
            ws.release("prod", "debug").unwrap_err().to_string(),
            "release \"debug\" does not run in stage \"prod\"; it runs in: dev"
        );
        let all: Vec<String> = Vec::new();
        assert_eq!(
            ws.select_releases(&all, &["kong".to_string()])
                .expect("selected"),
            ["internal", "public"]
        );
        assert_eq!(
            ws.stage_releases(ws.stages(), &ws.release_names()),
            [
                ("dev".to_string(), "debug".to_string()),
                ("dev".to_string(), "internal".to_string()),
                ("dev".to_string(), "public".to_string()),
                ("prod".to_string(), "internal".to_string()),
                ("prod".to_string(), "public".to_string()),
            ]
        );
        assert_eq!(ws.resolve_release("toolbox").expect("one release"), "debug");
        assert_eq!(
            ws.resolve_release("kong").unwrap_err().to_string(),
            "chart \"kong\" backs several releases (internal, public); name one"
        );
    }

    #[test]
    fn an_overlay_both_plain_and_templated_is_an_error() {
        let (_dir, ws) = workspace(&[
            ("strata.yaml", "stages: [dev]\n"),
            (
                "charts/web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            ),
            ("environments/dev/web/x.yaml", "a: 1\n"),
            ("environments/dev/web/x.yaml.tera", "a: 1\n"),
        ]);
        assert_eq!(
            ws.expect("a workspace").release("dev", "web").unwrap_err().to_string(),
            "environments/dev/web/x.yaml and environments/dev/web/x.yaml.tera are both overlays; keep one"
        );
        let (_dir, ws) = workspace(&[
            (
                "strata.yaml",
                "stages: [dev]\nreleases: [{name: web, chart: nginx}]\n",
            ),
            (
                "charts/web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            ),
        ]);
        assert_eq!(
            ws.unwrap_err().to_string(),
            "release \"web\": unknown chart \"nginx\"; the charts are: web"
        );
    }
}
