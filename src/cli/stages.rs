//! `strata stages`: the stages in promotion order, with each one's namespace and overlays.

use crate::source::display_path;

use super::context::Context;
use super::error::CliError;
use super::output::print;

/// List the stages in promotion order
///
/// Shows each stage's namespace and, per release that runs there, the overlay files that
/// apply (and, where a release is named otherwise than its chart or has its own namespace,
/// those too).
///
/// Example: strata stages
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `strata stages`.
pub fn run(_args: Args, ctx: &Context) -> Result<i32, CliError> {
    let ws = ctx.workspace()?;
    let mut out = String::new();
    for (index, stage) in ws.stages().iter().enumerate() {
        let namespace = ws.stage_namespace(stage)?;
        out.push_str(&format!("{}. {stage} (namespace {namespace})\n", index + 1));
        for (_, name) in ws.stage_releases(std::slice::from_ref(stage), &ws.release_names()) {
            let release = ws.release(stage, &name)?;
            let overlays: Vec<String> = release.overlays.iter().map(|p| display_path(p)).collect();
            let shown = if overlays.is_empty() {
                "(no overlay: chart defaults only)".to_string()
            } else {
                overlays.join(", ")
            };
            let label = if release.chart != release.name || release.namespace != namespace {
                format!(
                    "{} (chart {}, namespace {})",
                    release.name, release.chart, release.namespace
                )
            } else {
                release.name.clone()
            };
            out.push_str(&format!("   {label}: {shown}\n"));
        }
    }
    print(&out)?;
    Ok(0)
}
