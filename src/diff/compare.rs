//! Comparing the releases of a workspace: two stages of one workspace
//! ([`compare_stages`]), or the same stages of two versions of a workspace
//! ([`compare_revisions`], each version read through its own `source::Tree`).

use std::path::PathBuf;

use crate::layer::EnabledChart;
use crate::schema::{read_workspace_schema, SchemaError};
use crate::secrets::SecretRules;
use crate::values::{HelmVersion, KeyPattern};
use crate::workspace::{
    in_order, write_only_patterns, CommandLineValues, Release, ReleaseInputs, ReleaseValues,
    Workspace, WorkspaceError,
};

use super::error::DiffError;
use super::release_diff::{
    diff_release, Counts, DiffOptions, ReleaseDiff, ReleasePair, ReleaseSide,
};
use super::tree_diff::TreeSide;
use super::verdicts::{release_violations, verdict_changes};

/// What is compared with what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Two stages of one workspace.
    Stages,
    /// The same stages at two revisions.
    Revisions,
    /// The same releases under Helm 3's and Helm 4's semantics.
    Helm,
}

impl Mode {
    /// Returns `stages` or `revisions`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Stages => "stages",
            Mode::Revisions => "revisions",
            Mode::Helm => "helm",
        }
    }
}

/// One side of a comparison as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideLabel {
    /// A stage name, or a revision as given (`HEAD~1`, `working tree`).
    pub name: String,
    /// The commit a revision resolved to.
    pub commit: Option<String>,
}

impl SideLabel {
    /// Returns a label without a commit.
    pub fn new(name: impl Into<String>) -> SideLabel {
        SideLabel {
            name: name.into(),
            commit: None,
        }
    }
}

/// The result of a comparison: every release compared, with its changes.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffReport {
    /// What was compared.
    pub mode: Mode,
    /// The old side.
    pub old: SideLabel,
    /// The new side.
    pub new: SideLabel,
    /// Every release compared, changed or not, in stage then chart order.
    pub releases: Vec<ReleaseDiff>,
    /// True when a compared workspace declares `releases:` in `strata.yaml`: outputs then
    /// name each release's chart and namespace too (without it, a release is its chart's
    /// and is named as before).
    pub named: bool,
}

impl DiffReport {
    /// Returns the counts over every release.
    pub fn totals(&self) -> Counts {
        Counts::of(self.releases.iter().flat_map(|r| &r.changes))
    }

    /// Returns true when a change remains after the ignore rules.
    pub fn has_changes(&self) -> bool {
        self.releases.iter().any(ReleaseDiff::has_changes)
    }

    /// Returns how many changes the ignore rules left out.
    pub fn ignored(&self) -> usize {
        self.releases.iter().map(|r| r.ignored).sum()
    }

    /// Returns how many values were hidden as secrets.
    pub fn redactions(&self) -> usize {
        self.releases.iter().map(|r| r.redactions()).sum()
    }

    /// Returns a title: `staging → production`, `HEAD~1 → working tree`.
    pub fn title(&self) -> String {
        format!("{} → {}", self.old.name, self.new.name)
    }
}

/// One workspace version being compared: the workspace and whether its tree is a revision
/// (errors then name the revision, since the working tree's files would mislead).
#[derive(Clone, Copy)]
pub struct Version<'a> {
    /// The workspace as read from its tree.
    pub workspace: &'a Workspace,
    /// True when the tree is a git revision.
    pub is_revision: bool,
}

impl Version<'_> {
    fn wrap(&self, e: WorkspaceError) -> DiffError {
        if self.is_revision {
            DiffError::at_revision(self.workspace.tree().label(), e)
        } else {
            DiffError::Workspace(e)
        }
    }

    /// Computes the release of `chart` in `stage`, if both exist in this version.
    /// Returns true when the workspace declares `releases:`.
    pub(crate) fn declares_releases(&self) -> bool {
        self.workspace.config().releases.is_some()
    }

    /// Returns the chart and namespace of release `name` in `stage`, when it runs there.
    fn placement(&self, stage: &str, name: &str) -> Option<(String, String)> {
        let ws = self.workspace;
        if !ws.stages().iter().any(|s| s == stage) || !ws.runs_in(stage, name) {
            return None;
        }
        let release = ws.release(stage, name).ok()?;
        Some((release.chart, release.namespace))
    }

    /// Returns the release of `chart` in `stage` and its values, if both exist in this
    /// version.
    pub(crate) fn release(
        &self,
        stage: &str,
        chart: &str,
    ) -> Result<Option<(Release, ReleaseValues)>, DiffError> {
        let ws = self.workspace;
        if !ws.stages().iter().any(|s| s == stage) || !ws.runs_in(stage, chart) {
            return Ok(None);
        }
        let release = ws.release(stage, chart).map_err(|e| self.wrap(e))?;
        let values = release
            .compute(ws, &CommandLineValues::default())
            .map_err(|e| self.wrap(e))?;
        Ok(Some((release, values)))
    }

    /// Compares the files the release of `chart` in `stage` reads in this version and in
    /// `other` ([`Release::inputs`](crate::workspace::Release::inputs)). When they are all
    /// the same, with the same contents, its values and so its comparison are equal, and
    /// neither side is computed. A file that cannot be read on either side makes them
    /// differ (computing reports it).
    fn compare_inputs(&self, other: Version, stage: &str, chart: &str) -> InputsCompared {
        let (Some(mine), Some(theirs)) = (self.inputs(stage, chart), other.inputs(stage, chart))
        else {
            return InputsCompared::Differ;
        };
        if mine.1 == theirs.1 {
            return InputsCompared::Same;
        }
        if chart_inputs(&mine) == chart_inputs(&theirs) {
            InputsCompared::ChartSame(Box::new(theirs.0))
        } else {
            InputsCompared::Differ
        }
    }

    /// Returns the release of `chart` in `stage` and the files it reads with their blob
    /// ids, when it runs in this version and its files can all be read.
    fn inputs(&self, stage: &str, chart: &str) -> Option<(Release, ReleaseInputs)> {
        let ws = self.workspace;
        if !ws.stages().iter().any(|s| s == stage) || !ws.runs_in(stage, chart) {
            return None;
        }
        let release = ws.release(stage, chart).ok()?;
        let inputs = release.inputs(ws)?;
        Some((release, inputs))
    }

    /// Returns the `writeOnly` paths of `chart`'s schemas in this version, for the releases
    /// compared (each release's enabled subcharts give their exact paths): the chart's own,
    /// the workspace's `schemas/<chart>.schema.json`, and every subchart's at any depth.
    pub(crate) fn schema_secrets(
        &self,
        chart: &str,
        releases: &[ReleaseValues],
    ) -> Result<Vec<KeyPattern>, DiffError> {
        let Some(first) = releases.first() else {
            return Ok(Vec::new());
        };
        let ws = self.workspace;
        let tree = ws.tree().as_ref();
        let max_file_bytes = ws.config().limits.max_file_bytes;
        let wrap = |e: SchemaError| self.wrap(WorkspaceError::Schema(e));
        // `chart` names a release; the workspace's schema is its chart's.
        let chart = ws
            .release_spec(chart)
            .map_or(chart, |spec| spec.chart.name());
        let workspace_schema = read_workspace_schema(tree, chart, max_file_bytes).map_err(wrap)?;
        let enabled: Vec<&EnabledChart> = releases
            .iter()
            .flat_map(|r| r.computed.enabled_subcharts())
            .collect();
        write_only_patterns(
            &first.chart,
            &enabled,
            workspace_schema.as_ref(),
            tree,
            max_file_bytes,
        )
        .map_err(wrap)
    }
}

/// Returns what a release's chart is read from: the chart's name, where it is kept, whose
/// reading applies, and the files under it with their blob ids.
fn chart_inputs(
    (release, inputs): &(Release, ReleaseInputs),
) -> (&str, PathBuf, HelmVersion, Vec<&(PathBuf, String)>) {
    let path = release.chart_dir();
    let files = inputs
        .files
        .iter()
        .filter(|(file, _)| file.starts_with(&path))
        .collect();
    (&release.chart, path, inputs.helm, files)
}

/// How the files a release reads compare between two versions ([`Version::compare_inputs`]).
#[derive(Debug, PartialEq)]
enum InputsCompared {
    /// Every file is the same, with the same contents.
    Same,
    /// The files of the release's chart are the same, others differ: the release of the
    /// second version.
    ChartSame(Box<Release>),
    /// The chart's files differ, or some file could not be read.
    Differ,
}

fn tree_side(values: Option<&ReleaseValues>) -> TreeSide<'_> {
    TreeSide {
        values: values.map(|v| &v.computed.values),
        user: values.map(|v| &v.user),
    }
}

/// Compares one chart between two versions and stages.
fn compare_release(
    name: &str,
    (old, old_stage): (Version, &str),
    (new, new_stage): (Version, &str),
    options: &DiffOptions,
) -> Result<Option<ReleaseDiff>, DiffError> {
    let side = |version: Version, stage: &str, placement: &Option<(String, String)>| ReleaseSide {
        stage: stage.to_string(),
        source: version.workspace.tree().label(),
        exists: placement.is_some(),
        namespace: placement.as_ref().map(|(_, namespace)| namespace.clone()),
    };
    // The new side's chart, or the old side's where the new has none.
    let chart_of = |old: &Option<(String, String)>, new: &Option<(String, String)>| {
        new.as_ref()
            .or(old.as_ref())
            .map_or_else(|| name.to_string(), |(chart, _)| chart.clone())
    };
    let compared = if old_stage == new_stage {
        old.compare_inputs(new, new_stage, name)
    } else {
        InputsCompared::Differ
    };
    if let InputsCompared::ChartSame(release) = &compared {
        // The chart is read once, for both sides (an error is reported when each side
        // reads it).
        if let Ok(chart) = release.chart(new.workspace) {
            old.workspace.adopt_chart(&release.chart, chart);
        }
    }
    if compared == InputsCompared::Same {
        let old_placement = old.placement(old_stage, name);
        let new_placement = new.placement(new_stage, name);
        return Ok(Some(ReleaseDiff {
            release: name.to_string(),
            chart: chart_of(&old_placement, &new_placement),
            old: side(old, old_stage, &old_placement),
            new: side(new, new_stage, &new_placement),
            changes: Vec::new(),
            ignored: 0,
            yaml: None,
            verdicts: Vec::new(),
            plan: None,
        }));
    }
    let (old_placement, old_values) = split(old.release(old_stage, name)?);
    let (new_placement, new_values) = split(new.release(new_stage, name)?);
    if old_values.is_none() && new_values.is_none() {
        return Ok(None);
    }
    // Secrets by either version's rules: a path marked secret on one side only is still
    // a secret on the other.
    let mut patterns = old.workspace.config().secrets.clone();
    patterns.extend(new.workspace.config().secrets.iter().cloned());
    patterns.extend(old.schema_secrets(name, old_values.as_slice())?);
    patterns.extend(new.schema_secrets(name, new_values.as_slice())?);
    let secrets = SecretRules::new(patterns);
    let chart = chart_of(&old_placement, &new_placement);
    let pair = ReleasePair {
        release: name,
        chart: &chart,
        old: (
            side(old, old_stage, &old_placement),
            tree_side(old_values.as_ref()),
        ),
        new: (
            side(new, new_stage, &new_placement),
            tree_side(new_values.as_ref()),
        ),
    };
    Ok(Some(diff_release(pair, options, &secrets)))
}

/// Returns a found release's chart and namespace apart from its values.
fn split(
    found: Option<(Release, ReleaseValues)>,
) -> (Option<(String, String)>, Option<ReleaseValues>) {
    match found {
        Some((release, values)) => (Some((release.chart, release.namespace)), Some(values)),
        None => (None, None),
    }
}

/// Compares the effective values of the releases named `releases` and those of `charts`
/// (all when both are empty) between two stages of `ws`; a release that runs in one of the
/// stages only is compared with nothing.
pub fn compare_stages(
    ws: &Workspace,
    old_stage: &str,
    new_stage: &str,
    (releases, charts): (&[String], &[String]),
    options: &DiffOptions,
) -> Result<DiffReport, DiffError> {
    ws.stage(old_stage)?;
    ws.stage(new_stage)?;
    let charts = ws.select_releases(releases, charts)?;
    let version = Version {
        workspace: ws,
        is_revision: false,
    };
    let mut releases = Vec::new();
    in_order(
        &charts,
        |chart| compare_release(chart, (version, old_stage), (version, new_stage), options),
        |diff| {
            releases.extend(diff?);
            Ok::<_, DiffError>(())
        },
    )?;
    Ok(DiffReport {
        mode: Mode::Stages,
        old: SideLabel::new(old_stage),
        new: SideLabel::new(new_stage),
        releases,
        named: version.declares_releases(),
    })
}

/// Returns the names of both lists, `first`'s order first, then those only in `second`.
fn union(first: &[String], second: &[String]) -> Vec<String> {
    let mut all = first.to_vec();
    all.extend(second.iter().filter(|s| !first.contains(s)).cloned());
    all
}

/// Compares the same releases in two versions of a workspace: `stages` and `charts` (all
/// of either version when empty). A release that exists in one version only is compared
/// with nothing.
pub fn compare_revisions(
    old: Version,
    new: Version,
    (old_label, new_label): (SideLabel, SideLabel),
    stages: &[String],
    charts: (&[String], &[String]),
    options: &DiffOptions,
) -> Result<DiffReport, DiffError> {
    let pairs = revision_releases(old, new, stages, charts)?;
    let mut releases = Vec::new();
    // Every release on all cores; reported in promotion then chart order.
    in_order(
        &pairs,
        |(stage, chart)| compare_release(chart, (old, stage), (new, stage), options),
        |diff| {
            releases.extend(diff?);
            Ok::<_, DiffError>(())
        },
    )?;
    Ok(DiffReport {
        mode: Mode::Revisions,
        old: old_label,
        new: new_label,
        releases,
        named: old.declares_releases() || new.declares_releases(),
    })
}

/// Returns the releases (stage, release) a revision comparison covers: `stages`, and the
/// releases named in `releases` and those of the charts in `charts` (all of either version
/// when empty), in promotion then release order, each where it runs in either version; a
/// name neither version knows is an error.
pub(crate) fn revision_releases(
    old: Version,
    new: Version,
    stages: &[String],
    (releases, charts): (&[String], &[String]),
) -> Result<Vec<(String, String)>, DiffError> {
    let all_stages = union(new.workspace.stages(), old.workspace.stages());
    let mut all_releases = union(
        &new.workspace.release_names(),
        &old.workspace.release_names(),
    );
    all_releases.sort();
    let all_charts = union(new.workspace.charts(), old.workspace.charts());
    if all_releases.is_empty() {
        new.workspace.require_charts()?;
    }
    for name in stages {
        if !all_stages.contains(name) {
            return Err(WorkspaceError::UnknownStage {
                name: name.clone(),
                known: all_stages,
            }
            .into());
        }
    }
    for name in releases {
        if !all_releases.contains(name) {
            return Err(WorkspaceError::UnknownRelease {
                name: name.clone(),
                known: all_releases,
            }
            .into());
        }
    }
    for name in charts {
        if !all_charts.contains(name) {
            let mut known = all_charts;
            known.sort();
            return Err(WorkspaceError::UnknownChart {
                name: name.clone(),
                known,
            }
            .into());
        }
    }
    let chart_of = |name: &str| {
        [new.workspace, old.workspace].iter().find_map(|ws| {
            ws.release_spec(name)
                .ok()
                .map(|s| s.chart.name().to_string())
        })
    };
    let runs_in = |stage: &str, name: &str| {
        new.workspace.runs_in(stage, name) || old.workspace.runs_in(stage, name)
    };
    let mut pairs = Vec::new();
    for stage in all_stages
        .iter()
        .filter(|s| stages.is_empty() || stages.contains(s))
    {
        for name in all_releases
            .iter()
            .filter(|r| releases.is_empty() || releases.contains(r))
            .filter(|r| charts.is_empty() || chart_of(r).is_some_and(|c| charts.contains(&c)))
            .filter(|r| runs_in(stage, r))
        {
            pairs.push((stage.clone(), name.clone()));
        }
    }
    Ok(pairs)
}

/// Compares the same releases of `ws` under two Helms' semantics (`strata diff
/// --helm-version 3 --to-helm-version 4`): `stages` and `charts` (all when empty), each
/// computed by both Helms' rules; the sides are named `helm3` and `helm4`.
pub fn compare_helm_versions(
    ws: &Workspace,
    (old, new): (HelmVersion, HelmVersion),
    stages: &[String],
    charts: (&[String], &[String]),
    options: &DiffOptions,
) -> Result<DiffReport, DiffError> {
    let old_ws = ws.with_helm(old);
    let new_ws = ws.with_helm(new);
    let version = |workspace| Version {
        workspace,
        is_revision: false,
    };
    let mut report = compare_revisions(
        version(&old_ws),
        version(&new_ws),
        (
            SideLabel::new(format!("Helm {old}")),
            SideLabel::new(format!("Helm {new}")),
        ),
        stages,
        charts,
        options,
    )?;
    report.mode = Mode::Helm;
    for release in &mut report.releases {
        release.old.source = format!("helm{old}");
        release.new.source = format!("helm{new}");
        let stage = &release.new.stage;
        let before = release_violations(&old_ws, stage, &release.release)?;
        let after = release_violations(&new_ws, stage, &release.release)?;
        release.verdicts = verdict_changes(&before, &after);
    }
    Ok(report)
}
