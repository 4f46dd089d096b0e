//! `strata matrix`: keys down, stages across, only the keys whose values differ between
//! stages.

use crate::diff::{build_matrix, format_matrix_json, format_matrix_text, DiffOptions, MatrixView};

use super::context::Context;
use super::diff::{check_show_secrets, ignore_patterns};
use super::error::CliError;
use super::helm_flag::HelmFlag;
use super::output::{print, warn_near_miss_stages};

/// Show where the stages differ, key by key
///
/// One table per release: keys down, stages across (in promotion order), only the keys
/// whose effective values differ between stages; drift first, then the paths strata.yaml
/// declares stage-specific. Secrets show as `<redacted> (N bytes)`.
///
/// Example: strata matrix -c wordpress
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this release (repeatable)
    #[arg(short = 'r', long = "release", value_name = "RELEASE")]
    releases: Vec<String>,
    /// Only the releases of this chart (repeatable)
    #[arg(short = 'c', long = "chart", value_name = "CHART")]
    charts: Vec<String>,
    /// Only this stage (repeatable)
    #[arg(short = 's', long = "stage", value_name = "STAGE")]
    stages: Vec<String>,
    /// Output format
    #[arg(short = 'o', long = "output", value_enum, default_value_t = MatrixFormat::Text)]
    output: MatrixFormat,
    /// Leave out keys at or below this path (`*` one key, `**` any; repeatable)
    #[arg(long, value_name = "GLOB")]
    ignore: Vec<String>,
    /// Leave out the paths declared stage-specific in strata.yaml
    #[arg(long)]
    drift_only: bool,
    /// Print secret values as they are (refused in CI: CI set, and not false or 0)
    #[arg(long)]
    show_secrets: bool,
    #[command(flatten)]
    helm: HelmFlag,
}

/// The output formats of `strata matrix`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MatrixFormat {
    /// Tables for people.
    Text,
    /// For machines, in the shape of docs/matrix-output.schema.json.
    Json,
}

/// Runs `strata matrix`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    check_show_secrets(args.show_secrets, ctx)?;
    let ws = args.helm.apply(ctx.workspace()?);
    let options = DiffOptions {
        ignore: ignore_patterns(&ws, &args.ignore)?,
        stage_specific: ws.config().diff.stage_specific.clone(),
        drift_only: args.drift_only,
        list_keys: ws.config().diff.list_keys.clone(),
        show_secrets: args.show_secrets,
    };
    warn_near_miss_stages(ctx, &ws, &ws.select_stages(&args.stages)?)?;
    let matrix = build_matrix(&ws, &args.stages, &args.releases, &args.charts, &options)?;
    let view = MatrixView::of(&matrix);
    match args.output {
        MatrixFormat::Text => print(&format_matrix_text(&view, ctx.color_stdout))?,
        MatrixFormat::Json => print(&format_matrix_json(&view))?,
    }
    Ok(0)
}
