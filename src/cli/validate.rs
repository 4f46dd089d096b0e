//! `strata validate`: schemas, lint rules and stage policies over every release, with an exit
//! status CI can gate on.

use crate::lint::{Severity, Validator};

use super::context::Context;
use super::error::CliError;
use super::findings::{github, json, text, FindingsFormat, Summary};
use super::output::{print, warn};

/// Check every release against its schemas, the lint rules and the stage policies
///
/// Reports JSON Schema violations (at the overlay line that supplied the value), unknown keys
/// (with a suggestion), YAML 1.1 hazards (`yes`, `010`, `1.10`, ...), duplicate keys,
/// overrides that change nothing, and the policies strata.yaml switches on for each stage. Each finding names its rule and file:line:col. Exit status: 1 when any
/// finding is an error, 0 otherwise, 2 when validation cannot run.
///
/// Example: strata validate -s production --format github
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this stage (repeatable)
    #[arg(short = 's', long = "stage", value_name = "STAGE")]
    stages: Vec<String>,
    /// Only this chart (repeatable)
    #[arg(short = 'c', long = "chart", value_name = "CHART")]
    charts: Vec<String>,
    /// Output format
    #[arg(short = 'o', long = "format", value_enum, default_value_t)]
    format: FindingsFormat,
}

/// Runs `strata validate`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let ws = ctx.workspace()?;
    let stages = ws.select_stages(&args.stages)?;
    let charts = ws.select_charts(&args.charts)?;
    let mut validator = Validator::new(&ws)?;
    let mut findings = Vec::new();
    let mut releases = 0;
    for stage in &stages {
        for chart in &charts {
            let release = ws.release(stage, chart)?;
            let values = release.compute(&ws, &Default::default())?;
            for warning in &values.computed.warnings {
                warn(ctx, &format!("{stage}/{chart}"), &warning.to_string());
            }
            findings.extend(validator.release(&release, &values)?);
            releases += 1;
        }
    }
    let summary = Summary::of(&findings, releases);
    let out = match args.format {
        FindingsFormat::Text => text(&ws, &findings, summary, ctx.color_stdout),
        FindingsFormat::Json => json(&findings, summary),
        FindingsFormat::Github => github(&findings),
    };
    print(&out)?;
    let failed = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(i32::from(failed))
}
