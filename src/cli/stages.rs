//! `strata stages`: the stages in promotion order, with each one's namespace and overlays.

use crate::source::display_path;

use super::context::Context;
use super::error::CliError;
use super::output::print;

/// List the stages in promotion order
///
/// Shows each stage's namespace and, per chart, the overlay files that apply there.
///
/// Example: strata stages
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `strata stages`.
pub fn run(_args: Args, ctx: &Context) -> Result<i32, CliError> {
    let ws = ctx.workspace()?;
    let mut out = String::new();
    for (index, stage) in ws.stages().iter().enumerate() {
        let namespace = match ws.charts().first() {
            Some(chart) => ws.release(stage, chart)?.namespace,
            None => stage.clone(),
        };
        out.push_str(&format!("{}. {stage} (namespace {namespace})\n", index + 1));
        for chart in ws.charts() {
            let release = ws.release(stage, chart)?;
            let overlays: Vec<String> = release.overlays.iter().map(|p| display_path(p)).collect();
            let shown = if overlays.is_empty() {
                "(no overlay: chart defaults only)".to_string()
            } else {
                overlays.join(", ")
            };
            out.push_str(&format!("   {chart}: {shown}\n"));
        }
    }
    print(&out)?;
    Ok(0)
}
