//! `strata validate --manifests`: every release of the selected stages rendered by helm,
//! then the checks of `lint::check_manifests` over each stage's resources.

use crate::lint::{check_manifests, Finding, ReleaseManifests};
use crate::render::{parse_manifests, JobBuilder, RenderError};
use crate::workspace::Workspace;

use super::context::Context;
use super::error::CliError;
use super::helm_setup::{progress, renderer, workers, HelmFlags};

/// Renders every release of `stages` (all of them: a Service of one release may select the
/// pods of another) and returns the findings about the releases named `selected`.
pub fn manifest_findings(
    ws: &Workspace,
    stages: &[String],
    selected: &[String],
    ctx: &Context,
    helm: &HelmFlags,
) -> Result<Vec<Finding>, CliError> {
    let renderer = renderer(helm, ctx, ws, "strata validate --manifests")?;
    let mut builder = JobBuilder::new(ws);
    let mut jobs = Vec::new();
    let mut releases = Vec::new();
    for (stage, name) in ws.stage_releases(stages, &ws.release_names()) {
        let release = ws.release(&stage, &name)?;
        let values = release.compute(ws, &Default::default())?;
        jobs.push(builder.job(&release, &values)?);
        let requests_required = ws.config().policies.rules.iter().any(|rule| {
            rule.name == "resources-requests" && rule.applies_to(&stage, &release.chart)
        });
        releases.push(ReleaseManifests {
            stage,
            release: name.clone(),
            namespace: release.namespace.clone(),
            resources: Vec::new(),
            values: values.computed.values,
            requests_required,
            reported: selected.contains(&name),
        });
    }
    let (results, _stats) = renderer.render_all(&jobs, workers(), &progress(ctx));
    for (release, result) in releases.iter_mut().zip(results) {
        let file = format!("{}/{}.yaml", release.stage, release.release);
        release.resources = parse_manifests(&result?.manifests, &file, &ws.config().limits.yaml)
            .map_err(|message| RenderError::Manifest {
                release: format!("{}/{}", release.stage, release.release),
                message,
            })?;
    }
    let mut findings = Vec::new();
    for stage in stages {
        let of_stage: Vec<ReleaseManifests> = releases
            .iter()
            .filter(|r| &r.stage == stage)
            .cloned()
            .collect();
        let cluster = ws.config().manifests.cluster(stage);
        findings.extend(check_manifests(&of_stage, &cluster.ingress_classes));
    }
    Ok(findings)
}
