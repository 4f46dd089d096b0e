//! `strata charts`: the charts of the workspace, with each release's layers.

use crate::source::display_path;

use super::context::Context;
use super::error::CliError;
use super::output::print;

/// List the charts and the layers of each release
///
/// For every chart, its version and, per stage, the layers its values are built from, lowest
/// precedence first.
///
/// Example: strata charts
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `strata charts`.
pub fn run(_args: Args, ctx: &Context) -> Result<i32, CliError> {
    let ws = ctx.workspace()?;
    ws.require_charts()?;
    let mut out = String::new();
    for chart in ws.charts() {
        let first_stage = ws.stages().first().cloned().unwrap_or_default();
        let release = ws.release(&first_stage, chart)?;
        let loaded = release.chart(&ws)?;
        let app = loaded
            .app_version
            .as_deref()
            .map(|v| format!(", app {v}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{chart} (chart {} {}{app})\n",
            loaded.name, loaded.version
        ));
        for stage in ws.stages() {
            let release = ws.release(stage, chart)?;
            let defaults = release.chart_dir().join("values.yaml");
            let mut layers = Vec::new();
            if ws.tree().kind(&defaults) == Some(crate::source::EntryKind::File) {
                layers.push(display_path(&defaults));
            }
            layers.extend(release.overlays.iter().map(|p| display_path(p)));
            let shown = if layers.is_empty() {
                "(no values)".to_string()
            } else {
                layers.join(" < ")
            };
            out.push_str(&format!("  {stage}: {shown}\n"));
        }
    }
    print(&out)?;
    Ok(0)
}
