//! `strata charts`: the charts of the workspace, with each release's layers.

use crate::source::{display_path, EntryKind};
use crate::workspace::ChartPath;

use super::context::Context;
use super::error::CliError;
use super::output::print;

/// List the charts and the layers of each release
///
/// For every chart, its version (and the archive, for a packaged or vendored chart) and,
/// per stage and release of it, the layers its values are built from, lowest precedence
/// first.
///
/// Example: strata charts
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `strata charts`.
pub fn run(_args: Args, ctx: &Context) -> Result<i32, CliError> {
    let ws = ctx.workspace()?;
    ws.require_charts()?;
    let mut out = String::new();
    let named = ws.config().releases.is_some();
    for chart in ws.charts() {
        let releases: Vec<String> = ws
            .releases()
            .iter()
            .filter(|r| r.chart.name() == chart)
            .map(|r| r.name.clone())
            .collect();
        let chart_path = ws.chart_path(chart)?.clone();
        let loaded = crate::workspace::load_chart_at(&ws, chart, &chart_path)?;
        let app = loaded
            .app_version
            .as_deref()
            .map(|v| format!(", app {v}"))
            .unwrap_or_default();
        let vendored_from = ws.config().charts.iter().find(|(name, _)| name == chart);
        let packaged = match (&chart_path, vendored_from) {
            (ChartPath::Packaged(file), Some((_, source))) => format!(
                "; vendored: {} from {}",
                display_path(file),
                source.repository.url()
            ),
            (ChartPath::Packaged(file), None) => format!("; packaged: {}", display_path(file)),
            (ChartPath::Folder(_), _) => String::new(),
        };
        out.push_str(&format!(
            "{chart} (chart {} {}{app}{packaged})\n",
            loaded.name, loaded.version
        ));
        // A folder's values.yaml is a layer when the file is there; an archive's, when it
        // gave the chart any defaults.
        let has_defaults = match chart_path.folder() {
            Some(dir) => ws.tree().kind(&dir.join("values.yaml")) == Some(EntryKind::File),
            None => loaded.defaults.as_map().is_some_and(|m| !m.is_empty()),
        };
        if named && releases.is_empty() {
            out.push_str("  (no release)\n");
        }
        for (stage, name) in ws.stage_releases(ws.stages(), &releases) {
            let release = ws.release(&stage, &name)?;
            let mut layers = Vec::new();
            if has_defaults {
                layers.push(chart_path.file_display("values.yaml"));
            }
            layers.extend(release.overlays.iter().map(|p| display_path(p)));
            let shown = if layers.is_empty() {
                "(no values)".to_string()
            } else {
                layers.join(" < ")
            };
            if named {
                out.push_str(&format!(
                    "  {stage}/{name} (namespace {}): {shown}\n",
                    release.namespace
                ));
            } else {
                out.push_str(&format!("  {stage}: {shown}\n"));
            }
        }
    }
    print(&out)?;
    Ok(0)
}
