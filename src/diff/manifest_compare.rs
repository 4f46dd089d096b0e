//! Comparing rendered manifests (`diff --manifests`): each release rendered by helm on both
//! sides, its resources matched by group, kind and name (`manifest_tree`), then compared
//! with the same value-tree diff, rules and secret hiding as values ([`diff_release`]),
//! with a [`Plan`] per release.
//!
//! Comparing revisions, a release whose render inputs are the same on both sides (the
//! chart's files, the values, the name, the namespace and the stage's cluster: the cache
//! key) is known equal and not rendered at all.

use crate::render::{parse_manifests, JobBuilder, RenderError, RenderJob, Renderer};
use crate::values::{Map, Node, Origin, Value};

use super::compare::{revision_releases, DiffReport, Mode, SideLabel, Version};
use super::error::DiffError;
use super::manifest_tree::manifest_trees;
use super::plan::Plan;
use super::release_diff::{diff_release, DiffOptions, ReleaseDiff, ReleasePair, ReleaseSide};
use super::tree_diff::TreeSide;
use crate::secrets::SecretRules;

/// How to render: the renderer, the number of workers and a progress callback.
pub struct RenderRun<'a> {
    /// The renderer (helm, cache).
    pub renderer: &'a Renderer,
    /// Parallel workers.
    pub workers: usize,
    /// Called with (done, total) after each render.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// What the manifest comparison rendered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ManifestStats {
    /// Renders helm ran.
    pub helm_runs: usize,
    /// Renders taken from the cache.
    pub cached: usize,
    /// Releases known equal without rendering (revisions only).
    pub unchanged: usize,
}

/// One release's two sides, as jobs (`None`: the release does not exist on that side).
struct Pending {
    release: String,
    chart: String,
    old: (ReleaseSide, Option<usize>),
    new: (ReleaseSide, Option<usize>),
    equal: bool,
}

/// Compares the manifests of the releases named `releases` and those of `charts` (all when
/// both are empty) between two stages of `version`.
pub fn compare_manifest_stages(
    version: Version,
    (old_stage, new_stage): (&str, &str),
    (releases, charts): (&[String], &[String]),
    options: &DiffOptions,
    run: &RenderRun,
) -> Result<(DiffReport, ManifestStats), DiffError> {
    let ws = version.workspace;
    ws.stage(old_stage)?;
    ws.stage(new_stage)?;
    let pairs: Vec<(String, String, String)> = ws
        .select_releases(releases, charts)?
        .into_iter()
        .map(|chart| (chart, old_stage.to_string(), new_stage.to_string()))
        .collect();
    let (releases, stats) = compare((version, version), pairs, Mode::Stages, options, run)?;
    Ok((
        DiffReport {
            mode: Mode::Stages,
            old: SideLabel::new(old_stage),
            new: SideLabel::new(new_stage),
            releases,
            named: version.declares_releases(),
        },
        stats,
    ))
}

/// Compares the manifests of the same releases in two versions of a workspace (`stages`
/// and `charts`, all of either version when empty).
pub fn compare_manifest_revisions(
    old: Version,
    new: Version,
    (old_label, new_label): (SideLabel, SideLabel),
    (stages, charts): (&[String], (&[String], &[String])),
    options: &DiffOptions,
    run: &RenderRun,
) -> Result<(DiffReport, ManifestStats), DiffError> {
    let pairs = revision_releases(old, new, stages, charts)?
        .into_iter()
        .map(|(stage, chart)| (chart, stage.clone(), stage))
        .collect();
    let (releases, stats) = compare((old, new), pairs, Mode::Revisions, options, run)?;
    Ok((
        DiffReport {
            mode: Mode::Revisions,
            old: old_label,
            new: new_label,
            releases,
            named: old.declares_releases() || new.declares_releases(),
        },
        stats,
    ))
}

fn empty_tree(label: &str) -> Node {
    Node::new(
        Value::Map(Map::new()),
        Origin::whole(std::sync::Arc::from(label)),
    )
}

fn compare(
    (old_version, new_version): (Version, Version),
    pairs: Vec<(String, String, String)>,
    mode: Mode,
    options: &DiffOptions,
    run: &RenderRun,
) -> Result<(Vec<ReleaseDiff>, ManifestStats), DiffError> {
    let helm_version = run.renderer.helm().version.clone();
    let mut jobs: Vec<RenderJob> = Vec::new();
    let mut old_builder = JobBuilder::new(old_version.workspace);
    let mut new_builder = JobBuilder::new(new_version.workspace);
    let mut pending = Vec::new();
    let mut stats = ManifestStats::default();
    for (name, old_stage, new_stage) in pairs {
        // The new side's chart, or the old side's where the new has none.
        let mut chart = None;
        let mut side = |version: Version,
                        builder: &mut JobBuilder,
                        stage: &str|
         -> Result<(ReleaseSide, Option<RenderJob>), DiffError> {
            let found = version.release(stage, &name)?;
            let exists = found.is_some();
            let namespace = found.as_ref().map(|(release, _)| release.namespace.clone());
            let job = match found {
                Some((release, values)) => {
                    chart = Some(release.chart.clone());
                    Some(
                        builder
                            .job(&release, &values)
                            .map_err(|e| wrap_render(version, e))?,
                    )
                }
                None => None,
            };
            let label = ReleaseSide {
                stage: stage.to_string(),
                source: version.workspace.tree().label(),
                exists,
                namespace,
            };
            Ok((label, job))
        };
        let (old_side, old_job) = side(old_version, &mut old_builder, &old_stage)?;
        let (new_side, new_job) = side(new_version, &mut new_builder, &new_stage)?;
        if old_job.is_none() && new_job.is_none() {
            continue;
        }
        let equal = mode == Mode::Revisions
            && matches!((&old_job, &new_job), (Some(a), Some(b)) if a.key(&helm_version) == b.key(&helm_version));
        let mut index = |job: Option<RenderJob>| {
            job.filter(|_| !equal).map(|job| {
                jobs.push(job);
                jobs.len() - 1
            })
        };
        let old_index = index(old_job);
        let new_index = index(new_job);
        if equal {
            stats.unchanged += 1;
        }
        pending.push(Pending {
            chart: chart.unwrap_or_else(|| name.clone()),
            release: name,
            old: (old_side, old_index),
            new: (new_side, new_index),
            equal,
        });
    }
    let (results, render_stats) = run.renderer.render_all(&jobs, run.workers, run.progress);
    stats.helm_runs = render_stats.helm_runs;
    stats.cached = render_stats.cached;
    let mut manifests = Vec::with_capacity(results.len());
    for result in results {
        manifests.push(result?.manifests);
    }
    let mut releases = Vec::new();
    for p in pending {
        let file = |side: &ReleaseSide| format!("{}/{}.yaml", side.stage, p.release);
        let read = |index: Option<usize>, side: &ReleaseSide| match index {
            Some(i) => parse_manifests(&manifests[i], &file(side), &Default::default()).map_err(
                |message| {
                    DiffError::Render(RenderError::Manifest {
                        release: format!("{}/{}", side.stage, p.release),
                        message,
                    })
                },
            ),
            None => Ok(Vec::new()),
        };
        let old_resources = read(p.old.1, &p.old.0)?;
        let new_resources = read(p.new.1, &p.new.0)?;
        let (old_file, new_file) = (file(&p.old.0), file(&p.new.0));
        let trees = manifest_trees(
            (&old_resources, &old_file),
            (&new_resources, &new_file),
            mode == Mode::Stages,
        );
        let (old_tree, new_tree) = if p.equal {
            (empty_tree(&old_file), empty_tree(&new_file))
        } else {
            (trees.old, trees.new)
        };
        let secrets = SecretRules::for_resources(trees.secrets);
        let mut diff = diff_release(
            ReleasePair {
                release: &p.release,
                chart: &p.chart,
                old: (
                    p.old.0,
                    TreeSide {
                        values: Some(&old_tree),
                        user: None,
                    },
                ),
                new: (
                    p.new.0,
                    TreeSide {
                        values: Some(&new_tree),
                        user: None,
                    },
                ),
            },
            options,
            &secrets,
        );
        diff.plan = Some(Plan::of(&diff.changes));
        releases.push(diff);
    }
    Ok((releases, stats))
}

fn wrap_render(version: Version, error: RenderError) -> DiffError {
    match error {
        RenderError::Source(source) if version.is_revision => DiffError::at_revision(
            version.workspace.tree().label(),
            crate::workspace::WorkspaceError::Source(source),
        ),
        other => DiffError::Render(other),
    }
}
