//! `strata validate`: schemas, lint rules and stage policies over every release, with an exit
//! status CI can gate on.

use crate::lint::{stray_files, Rule, Severity, Validator};

use super::context::Context;
use super::error::CliError;
use super::findings::{
    github, github_input_error, json, json_input_error, text, FindingsFormat, Summary,
};
use super::helm_flag::HelmFlag;
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
    #[command(flatten)]
    helm: HelmFlag,
}

/// Runs `strata validate`. When validation cannot run (an input Helm would refuse), the
/// machine formats still say why on stdout, at the input's place, before exit status 2.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let format = args.format;
    validate(args, ctx).inspect_err(|error| {
        let message = error.to_string();
        let shown = match format {
            FindingsFormat::Text => return,
            FindingsFormat::Json => json_input_error(error.origin(), &message),
            FindingsFormat::Github => github_input_error(error.origin(), &message),
        };
        // The error itself is printed on stderr and sets the exit status; a failure to
        // also print it on stdout changes neither.
        let _ = print(&shown);
    })
}

fn validate(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let ws = args.helm.apply(ctx.workspace()?);
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
                warn(
                    ctx,
                    &format!("{stage}/{chart}"),
                    &warning.text_for(ws.helm()),
                );
            }
            findings.extend(validator.release(&release, &values)?);
            releases += 1;
        }
    }
    if let Some(severity) = ws.config().lint.severity(&Rule::StrayFile) {
        findings.extend(
            stray_files(&ws)?
                .iter()
                .map(|stray| stray.finding(severity))
                .filter(|f| args.stages.is_empty() || args.stages.contains(&f.stage)),
        );
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
