//! `strata validate`: schemas, lint rules and stage policies over every release, with an exit
//! status CI can gate on.

use std::collections::HashSet;

use crate::lint::{near_miss_stages, stray_files, var_findings, Rule, Validator};
use crate::values::Origin;
use crate::workspace::{by_chart, WorkspaceError};

use super::context::Context;
use super::error::CliError;
use super::findings::{
    github, github_input_error, json, json_input_errors, text, FindingsFormat, FindingsView,
};
use super::helm_flag::HelmFlag;
use super::output::{print, warn};
use super::report::print_error;

/// Check every release against its schemas, the lint rules and the stage policies
///
/// Reports JSON Schema violations (at the overlay line that supplied the value), unknown keys
/// (with a suggestion), YAML 1.1 hazards (`yes`, `010`, `1.10`, ...), duplicate keys,
/// overrides that change nothing, and the policies strata.yaml switches on for each stage. Each finding names its rule and file:line:col. Exit status: 1 when any
/// finding is an error, 0 otherwise, 2 when validation cannot run.
///
/// Example: strata validate -s production -o github
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this stage (repeatable)
    #[arg(short = 's', long = "stage", value_name = "STAGE")]
    stages: Vec<String>,
    /// Only this release (repeatable)
    #[arg(short = 'r', long = "release", value_name = "RELEASE")]
    releases: Vec<String>,
    /// Only the releases of this chart (repeatable)
    #[arg(short = 'c', long = "chart", value_name = "CHART")]
    charts: Vec<String>,
    /// Output format
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "format",
        value_enum,
        default_value_t
    )]
    format: FindingsFormat,
    #[command(flatten)]
    helm: HelmFlag,
    /// Also render every release with the real helm and check the manifests (Services,
    /// Ingresses, monitors, autoscalers, resource requests)
    #[arg(long)]
    manifests: bool,
    #[command(flatten)]
    helm_run: super::helm_setup::HelmFlags,
}

/// Runs `strata validate`. When validation cannot run (inputs that cannot be read, values
/// Helm would refuse), every such input of the run is reported, each at its place: on stderr
/// as errors, and in the machine formats on stdout too, before exit status 2 (3 when one of
/// them was refused for safety).
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let format = args.format;
    let errors = match validate(args, ctx) {
        Ok(Validated::Checked(code)) => return Ok(code),
        Ok(Validated::Unreadable(errors)) => errors,
        Err(error) => {
            print_input_errors(format, std::slice::from_ref(&error));
            return Err(error);
        }
    };
    print_input_errors(format, &errors);
    for error in &errors {
        print_error(ctx, error);
    }
    Ok(errors.iter().map(CliError::exit_code).max().unwrap_or(2))
}

/// Prints the inputs that could not be read on stdout, in the machine formats (text prints
/// them on stderr only).
fn print_input_errors(format: FindingsFormat, errors: &[CliError]) {
    let errors: Vec<(Option<&Origin>, String)> =
        errors.iter().map(|e| (e.origin(), e.to_string())).collect();
    let shown = match format {
        FindingsFormat::Text => return,
        FindingsFormat::Json => json_input_errors(&errors),
        FindingsFormat::Github => errors
            .iter()
            .map(|(origin, message)| github_input_error(*origin, message))
            .collect(),
    };
    // The errors themselves are printed on stderr and set the exit status; a failure to
    // also print them on stdout changes neither.
    let _ = print(&shown);
}

/// What a validation run ended with.
enum Validated {
    /// Every release was checked: the exit status (1 when a finding is an error).
    Checked(i32),
    /// Some inputs could not be read: each of them, once.
    Unreadable(Vec<CliError>),
}

fn validate(args: Args, ctx: &Context) -> Result<Validated, CliError> {
    let ws = args.helm.apply(ctx.workspace()?);
    let stages = ws.select_stages(&args.stages)?;
    let names = ws.select_releases(&args.releases, &args.charts)?;
    let mut validator = Validator::new(&ws)?;
    let (checker, reports) = validator.parts();
    let mut findings = Vec::new();
    let mut unreadable: Vec<CliError> = Vec::new();
    let mut seen = HashSet::new();
    let mut releases = 0;
    // Releases are computed and checked on all cores, and their findings taken one release
    // at a time, in order (a file's findings are reported once, under the first release
    // that reads it).
    let pairs = ws.select_stage_releases(&stages, &args.releases, &args.charts)?;
    let check = |(stage, name): &(String, String)| {
        let release = ws.release(stage, name)?;
        let values = release.compute(&ws, &Default::default())?;
        let warnings: Vec<String> = values
            .computed
            .warnings
            .iter()
            .map(|w| w.text_for(ws.helm()))
            .collect();
        Ok::<_, WorkspaceError>((warnings, checker.check(&release, &values)))
    };
    // Checked chart by chart, so what was read for a chart is dropped after its last
    // release; the checks are then added in stage then release order.
    let checked = by_chart(&ws, &pairs, check, |chart| {
        ws.forget_chart(chart);
        checker.forget_chart(chart);
    });
    for ((stage, name), checked) in pairs.iter().zip(checked) {
        let checked = checked.and_then(|(warnings, check)| {
            for warning in &warnings {
                warn(ctx, &format!("{stage}/{name}"), warning);
            }
            Ok(reports.add(check?))
        });
        match checked {
            Ok(found) => findings.extend(found),
            // One unreadable input (a chart's values.yaml) may fail every stage's
            // release: it is reported once.
            Err(error) => {
                let error = CliError::from(error);
                let key = (error.origin().map(ToString::to_string), error.to_string());
                if seen.insert(key) {
                    unreadable.push(error);
                }
            }
        }
        releases += 1;
    }
    if !unreadable.is_empty() {
        return Ok(Validated::Unreadable(unreadable));
    }
    findings.extend(validator.unmatched_policies());
    if let Some(severity) = ws.config().lint.severity(&Rule::StrayFile) {
        let selected =
            |stage: &str| args.stages.is_empty() || args.stages.iter().any(|s| s == stage);
        findings.extend(
            near_miss_stages(&ws)?
                .iter()
                .filter(|near| selected(&near.stage) || selected(&near.folder))
                .map(|near| near.finding(ws.stages())),
        );
        findings.extend(
            stray_files(&ws)?
                .iter()
                .map(|stray| stray.finding(severity))
                .filter(|f| selected(&f.stage)),
        );
    }
    let lint = &ws.config().lint;
    findings.extend(var_findings(
        &ws,
        &stages,
        args.stages.is_empty(),
        (
            lint.severity(&Rule::UnusedVar),
            lint.severity(&Rule::MissingVar),
        ),
    )?);
    if args.manifests {
        findings.extend(super::validate_manifests::manifest_findings(
            &ws,
            &stages,
            &names,
            ctx,
            &args.helm_run,
        )?);
        // Each release's manifest findings join its value findings (a stable sort keeps
        // the order within a release); findings about no release stay last.
        let position = |stage: &str| ws.stages().iter().position(|s| s == stage);
        findings.sort_by_key(|f| (position(&f.stage).unwrap_or(usize::MAX), f.chart.clone()));
    }
    // Computed once; every format reads it.
    let view = FindingsView::of(&findings, releases).named_in(&ws);
    let out = match args.format {
        FindingsFormat::Text => text(&ws, &view, ctx.color_stdout),
        FindingsFormat::Json => json(&view),
        FindingsFormat::Github => github(&view),
    };
    print(&out)?;
    Ok(Validated::Checked(i32::from(view.failed)))
}
