//! `strata init`: a new workspace around the charts already under `charts/`.

use std::path::Path;

use crate::import::{chart_folders, init_plan, DEFAULT_STAGES};
use crate::settings::CONFIG_FILE;
use crate::source::display_path;

use super::atomic_file::write_atomically;
use super::context::Context;
use super::error::CliError;
use super::output::print;

/// Start a workspace around the charts under charts/
///
/// Writes strata.yaml naming the stages in promotion order, and for each stage
/// environments/<stage>/stage.yaml with its namespace (the stage's name). Every chart under
/// charts/ is then a release of its own name in every stage; add overlays as
/// environments/<stage>/<chart>.yaml. A stage.yaml that exists is kept; strata.yaml is never
/// overwritten (exit 3).
///
/// Example: strata init --stages dev,staging,prod
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stages, in promotion order, separated by commas [default: development,staging,production]
    #[arg(long, value_delimiter = ',', value_name = "STAGES")]
    stages: Vec<String>,
}

/// Refuses to write over an existing `strata.yaml` in `root` (exit 3).
pub(super) fn refuse_existing_workspace(root: &Path, command: &str) -> Result<(), CliError> {
    if std::fs::symlink_metadata(root.join(CONFIG_FILE)).is_ok() {
        return Err(CliError::Refused(format!(
            "{CONFIG_FILE} already exists here: `{command}` starts a workspace and never overwrites one"
        )));
    }
    Ok(())
}

/// Runs `strata init`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let root = &ctx.cwd;
    refuse_existing_workspace(root, "strata init")?;
    let stages: Vec<String> = if args.stages.is_empty() {
        DEFAULT_STAGES.iter().map(|s| s.to_string()).collect()
    } else {
        args.stages.iter().map(|s| s.trim().to_string()).collect()
    };
    let charts = chart_folders(root);
    let plan = init_plan(&stages, &charts)?;
    let mut out = String::new();
    for file in &plan.files {
        let shown = display_path(&file.path);
        if std::fs::symlink_metadata(root.join(&file.path)).is_ok() {
            out.push_str(&format!("kept {shown} (it exists)\n"));
            continue;
        }
        write_atomically(&root.join(&file.path), &file.text)?;
        out.push_str(&format!("wrote {shown}\n"));
    }
    out.push_str(&format!("stages: {}\n", plan.stages.join(", ")));
    if charts.is_empty() {
        out.push_str(
            "charts: none yet; put each under charts/<name>/ (a folder with a Chart.yaml)\n",
        );
    } else {
        out.push_str(&format!(
            "charts: {} (each a release in every stage)\n",
            charts.join(", ")
        ));
    }
    out.push_str("next: strata validate\n");
    print(&out)?;
    Ok(0)
}
