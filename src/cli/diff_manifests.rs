//! `strata diff --manifests`: the comparison of rendered manifests, for stage pairs and
//! revision pairs alike; printed by `diff` in every format.

use crate::diff::{
    compare_manifest_revisions, compare_manifest_stages, DiffOptions, DiffReport, RenderRun,
    Version,
};
use crate::values::KeyPattern;
use crate::workspace::Workspace;

use super::context::Context;
use super::diff::{revision_sides, Sides};
use super::error::CliError;
use super::helm_setup::{progress, renderer, workers, HelmFlags};
use super::output::warn_near_miss_stages;

/// The `diff` arguments a manifest comparison uses.
pub struct ManifestFlags<'a> {
    pub ignore: &'a [String],
    pub releases: &'a [String],
    pub charts: &'a [String],
    pub stages: &'a [String],
    pub show_secrets: bool,
    pub helm: &'a HelmFlags,
}

/// Returns `manifests.ignore` of `ws` (the default rules when it names none) and `--ignore`.
fn manifest_ignore(ws: &Workspace, flags: &[String]) -> Result<Vec<KeyPattern>, CliError> {
    let mut patterns = ws.config().manifests.ignore.clone();
    for text in flags {
        patterns
            .push(KeyPattern::parse(text).map_err(|e| CliError::Usage(format!("--ignore: {e}")))?);
    }
    Ok(patterns)
}

/// Renders both sides and compares their manifests.
pub fn manifest_report(
    sides: &Sides,
    flags: &ManifestFlags,
    ctx: &Context,
    ws: &Workspace,
) -> Result<DiffReport, CliError> {
    let mut options = DiffOptions {
        ignore: manifest_ignore(ws, flags.ignore)?,
        stage_specific: Vec::new(),
        drift_only: false,
        list_keys: Vec::new(),
        show_secrets: flags.show_secrets,
    };
    let renderer = renderer(flags.helm, ctx, ws, "strata diff --manifests")?;
    let progress = progress(ctx);
    let run = RenderRun {
        renderer: &renderer,
        workers: workers(),
        progress: &progress,
    };
    let (report, _stats) = match sides {
        Sides::Helm(_) => unreachable!("diff refuses --manifests with --to-helm-version"),
        Sides::Stages(a, b) => {
            warn_near_miss_stages(ctx, ws, &[a.clone(), b.clone()])?;
            let version = Version {
                workspace: ws,
                is_revision: false,
            };
            compare_manifest_stages(
                version,
                (a, b),
                (flags.releases, flags.charts),
                &options,
                &run,
            )?
        }
        Sides::Revisions { from, to } => {
            let (old_ws, old_label, new_ws, new_label, new_is_revision) =
                revision_sides(ws, from, to.as_deref(), ctx, |w| w)?;
            // The rules of the version being reviewed (the new side) apply.
            options.ignore = manifest_ignore(&new_ws, flags.ignore)?;
            compare_manifest_revisions(
                Version {
                    workspace: &old_ws,
                    is_revision: true,
                },
                Version {
                    workspace: &new_ws,
                    is_revision: new_is_revision,
                },
                (old_label, new_label),
                (flags.stages, (flags.releases, flags.charts)),
                &options,
                &run,
            )?
        }
    };
    Ok(report)
}
