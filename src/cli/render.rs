//! `strata render`: the effective values of each release (or, with `--for-helm`, the user
//! values to give `helm -f`).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::source::display_path;
use crate::values::{
    order_keys_like, to_json_pretty, to_json_pretty_at, to_yaml, Node, Origin, Value, YamlStyle,
};
use crate::workspace::by_chart;

use super::atomic_file::write_all_atomically;
use super::context::Context;
use super::error::{CliError, Overlap};
use super::helm_flag::HelmFlag;
use super::output::{print, warn, warn_near_miss_stages, ValuesFormat};
use super::report::{print_schema_report, print_violation};
use super::value_flags::ValueFlags;
use crate::schema::{helm_report, validate_release};

/// Print the values each release gets
///
/// A release is one chart in one stage; its values are the chart's defaults layered with the
/// stage's overlays exactly as Helm layers them. Without -s, -r or -c, every release is
/// rendered.
/// Like `helm template`, the values are checked against every enabled chart's
/// values.schema.json first: a violation is reported at the file and line that supplied the
/// value, and nothing is printed or written (exit status 2).
///
/// --for-helm prints one release's user values, the file `helm template -f` reads (with
/// -o json, the bare values object); for several releases, write one file each with --out.
///
/// Example: strata render -s production -c web --annotate
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
    #[arg(short = 'o', long = "output", value_enum, default_value_t)]
    output: ValuesFormat,
    /// Write DIR/<stage>/<release>.yaml (or .json) instead of printing
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Add a `# file:line:col` comment to every value naming where it was set (YAML only)
    #[arg(long)]
    annotate: bool,
    /// Write the user values, nulls kept, that `helm template -f` needs to compute the same
    #[arg(long = "for-helm")]
    for_helm: bool,
    /// Do not check the values against the charts' values.schema.json (like Helm's flag)
    #[arg(long)]
    skip_schema_validation: bool,
    #[command(flatten)]
    flags: ValueFlags,
    #[command(flatten)]
    helm: HelmFlag,
}

/// How many files `--out` writes at once.
const WRITERS: usize = 16;

/// One release rendered: its values as the text to print or write.
struct Rendered {
    stage: String,
    /// The release's name.
    name: String,
    chart: String,
    namespace: String,
    /// How the output names it ([`crate::workspace::Release::heading`]).
    heading: String,
    text: String,
}

/// What computing one release gave: its warnings, and its values or its schema violations.
struct Outcome {
    warnings: Vec<String>,
    result: Result<Rendered, Vec<crate::schema::Violation>>,
}

/// Refuses an `--out` folder that is, holds or lies inside the workspace's inputs (exit 3),
/// before anything is written.
pub(super) fn refuse_output_over_inputs(
    ctx: &Context,
    out: &Path,
    ws: &crate::workspace::Workspace,
) -> Result<(), CliError> {
    check_out_dir(&ctx.cwd.join(out), ws.root()).map_err(|overlap| CliError::OutputOverInputs {
        dir: out.to_path_buf(),
        overlap,
    })
}

/// Returns the violations of `values` against every enabled chart's schema, as
/// `helm template` checks them.
fn schema_violations(
    ws: &crate::workspace::Workspace,
    values: &crate::workspace::ReleaseValues,
    command_line: &crate::workspace::CommandLineValues,
    flag_layers: &[(String, Node)],
) -> Result<Vec<crate::schema::Violation>, CliError> {
    let user_layers: Vec<&Node> = values
        .overlays
        .iter()
        .filter_map(|o| o.parsed.root.as_ref())
        .chain(command_line.files.iter().filter_map(|f| f.root.as_ref()))
        .chain(flag_layers.iter().map(|(_, node)| node))
        .collect();
    Ok(validate_release(
        &values.chart,
        &values.computed,
        &user_layers,
        None,
        ws.tree().as_ref(),
        ws.helm(),
    )?)
}

/// Checks `values` against every enabled chart's schema as `helm template` would, printing
/// each violation; returns false when there was one.
pub(super) fn schema_ok(
    ctx: &Context,
    ws: &crate::workspace::Workspace,
    release: &crate::workspace::Release,
    values: &crate::workspace::ReleaseValues,
    command_line: &crate::workspace::CommandLineValues,
    flag_layers: &[(String, Node)],
) -> Result<bool, CliError> {
    let violations = schema_violations(ws, values, command_line, flag_layers)?;
    if violations.is_empty() {
        return Ok(true);
    }
    report_violations(ctx, &release.label(), &violations);
    Ok(false)
}

/// Prints a release's schema violations, each at its place, then Helm's summary.
fn report_violations(ctx: &Context, label: &str, violations: &[crate::schema::Violation]) {
    for violation in violations {
        print_violation(ctx, violation);
    }
    let report = helm_report(violations);
    print_schema_report(ctx, &format!("{label}: {report}"));
}

/// Runs `strata render`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    if args.annotate && args.output == ValuesFormat::Json {
        return Err(CliError::Usage(
            "--annotate needs YAML output (-o yaml)".into(),
        ));
    }
    let ws = args.helm.apply(ctx.workspace()?);
    let stages = ws.select_stages(&args.stages)?;
    warn_near_miss_stages(ctx, &ws, &stages)?;
    // Every release that runs in a stage, in stage then release order.
    let releases = ws.select_stage_releases(&stages, &args.releases, &args.charts)?;
    if args.for_helm && args.out.is_none() && releases.len() > 1 {
        return Err(CliError::ForHelmSeveralReleases {
            releases: releases.len(),
        });
    }
    if let Some(out) = &args.out {
        refuse_output_over_inputs(ctx, out, &ws)?;
    }
    let command_line = args
        .flags
        .read(ctx, &ws.config().limits, ws.root(), ws.helm())?;
    let flag_layers = command_line.flag_layers();
    let style = YamlStyle {
        annotate: args.annotate,
    };
    // Every release is computed, checked and formatted on all cores; warnings, violations
    // and output follow in stage then release order, as one release at a time would give
    // them.
    let format_whole = |node: &Node| match args.output {
        ValuesFormat::Json => to_json_pretty(node),
        ValuesFormat::Yaml => to_yaml(node, style),
    };
    // A release's computed values, formatted here, on the worker: text is a fraction of
    // the tree's size, and the tree is freed as soon as its release is done. JSON printed
    // to the terminal is indented to sit inside the list of releases.
    let format_values = |node: &Node| {
        if args.output == ValuesFormat::Json && args.out.is_none() {
            to_json_pretty_at(node, 3)
        } else {
            format_whole(node)
        }
    };
    let warning_texts = |warnings: &[crate::layer::Warning]| -> Vec<String> {
        warnings.iter().map(|w| w.text_for(ws.helm())).collect()
    };
    let one = |(stage, name): &(String, String)| -> Result<Outcome, CliError> {
        let release = ws.release(stage, name)?;
        let rendered = |text| Rendered {
            stage: stage.clone(),
            name: name.clone(),
            chart: release.chart.clone(),
            namespace: release.namespace.clone(),
            heading: release.heading(),
            text,
        };
        // The user values need nothing of the chart; its defaults are read only when a
        // schema of it is to check them (Helm prints its own coalescing warnings when it
        // reads the file).
        if args.for_helm && (args.skip_schema_validation || release.chart_has_no_schema(&ws)) {
            let user = release.merged_user_values(&ws, &command_line)?;
            return Ok(Outcome {
                warnings: Vec::new(),
                result: Ok(rendered(format_whole(&user))),
            });
        }
        // Without a schema to check, only the computed values are needed: the overlays'
        // trees become them without a copy, and a large overlay is held once.
        if !args.for_helm && (args.skip_schema_validation || !release.chart(&ws)?.has_schema()) {
            let mut computed = release.computed_values(&ws, &command_line)?;
            if args.output == ValuesFormat::Yaml {
                order_keys_like(&mut computed.values, &release.chart(&ws)?.defaults);
            }
            return Ok(Outcome {
                warnings: warning_texts(&computed.warnings),
                result: Ok(rendered(format_values(&computed.values))),
            });
        }
        let values = release.compute(&ws, &command_line)?;
        let warnings = warning_texts(&values.computed.warnings);
        if !args.skip_schema_validation {
            let violations = schema_violations(&ws, &values, &command_line, &flag_layers)?;
            if !violations.is_empty() {
                return Ok(Outcome {
                    warnings,
                    result: Err(violations),
                });
            }
        }
        let text = if args.for_helm {
            format_whole(&values.user)
        } else {
            format_values(&values.computed.values)
        };
        Ok(Outcome {
            warnings,
            result: Ok(rendered(text)),
        })
    };
    // Computed chart by chart, so each chart's reading is dropped after its last release
    // rather than held for the whole run; the outcomes are taken in stage then release order.
    let outcomes = by_chart(&ws, &releases, one, |chart| ws.forget_chart(chart));
    let mut rendered = Vec::new();
    let mut failed_schema = false;
    for (outcome, (stage, name)) in outcomes.into_iter().zip(&releases) {
        let outcome = outcome?;
        for warning in &outcome.warnings {
            warn(ctx, &format!("{stage}/{name}"), warning);
        }
        match outcome.result {
            Ok(r) => rendered.push(r),
            Err(violations) => {
                report_violations(ctx, &format!("{stage}/{name}"), &violations);
                failed_schema = true;
            }
        }
    }
    if failed_schema {
        return Ok(2);
    }
    if let Some(out) = &args.out {
        let dir = ctx.cwd.join(out);
        // Each file is synced to disk before it replaces the old one: the writes wait on
        // the disk, not the CPU, so more of them run at once.
        let files: Vec<(PathBuf, &str)> = rendered
            .iter()
            .map(|r| {
                let name = format!("{}.{}", r.name, args.output.extension());
                (dir.join(&r.stage).join(name), r.text.as_str())
            })
            .collect();
        write_all_atomically(&files, WRITERS)?;
        let files = if rendered.len() == 1 { "file" } else { "files" };
        eprintln!(
            "wrote {} {files} under {}",
            rendered.len(),
            display_path(out)
        );
        return Ok(0);
    }
    // Printed a release at a time, each text freed once printed: the whole output is never
    // held twice.
    match args.output {
        // The one release's values alone: the JSON file `helm -f` reads.
        ValuesFormat::Json if args.for_helm => {
            print(rendered.first().map_or("", |r| r.text.as_str()))?;
        }
        ValuesFormat::Json => releases_json(rendered, ws.config().releases.is_some(), print)?,
        ValuesFormat::Yaml => {
            for r in rendered {
                print(&format!("---\n# release: {}\n", r.heading))?;
                print(&r.text)?;
            }
        }
    }
    Ok(0)
}

/// Checks that `dir` (absolute, as given) is not, does not hold and does not lie inside the
/// workspace's inputs: the root, `environments/`, `charts/` and `schemas/`, compared as
/// canonical paths (symlinks and `..` resolved), so rendered files never replace an overlay.
fn check_out_dir(dir: &Path, root: &Path) -> Result<(), Overlap> {
    let dir = canonical(dir);
    let root = canonical(root);
    if root.starts_with(&dir) {
        return Err(if root == dir {
            Overlap::Root
        } else {
            Overlap::HoldsWorkspace
        });
    }
    for input in ["environments", "charts", "schemas"] {
        let folder = canonical(&root.join(input));
        if dir == folder {
            return Err(Overlap::Is(input));
        }
        if dir.starts_with(&folder) {
            return Err(Overlap::Inside(input));
        }
    }
    Ok(())
}

/// Returns `path` (absolute) with its longest existing part canonical and the rest, which
/// does not exist yet and so holds no symlink, resolved by its names (`..` removes one).
fn canonical(path: &Path) -> PathBuf {
    let parts: Vec<Component> = path.components().collect();
    for existing in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..existing].iter().collect();
        if let Ok(mut out) = prefix.canonicalize() {
            for part in &parts[existing..] {
                match part {
                    Component::Normal(name) => out.push(name),
                    Component::ParentDir => {
                        out.pop();
                    }
                    _ => {}
                }
            }
            return out;
        }
    }
    path.to_path_buf()
}

/// Writes the JSON document `{"releases": [{"stage", "chart", "namespace", "values"}]}` to
/// `emit` piece by piece, as [`to_json_pretty`] would write it whole (keys sorted), from
/// each release's values already written at their depth ([`to_json_pretty_at`]). With
/// `named` (a workspace that declares `releases:`), each also has its `release` name.
fn releases_json(
    rendered: Vec<Rendered>,
    named: bool,
    mut emit: impl FnMut(&str) -> Result<(), CliError>,
) -> Result<(), CliError> {
    if rendered.is_empty() {
        return emit("{\n  \"releases\": []\n}\n");
    }
    let string = |s: &str| {
        to_json_pretty_at(
            &Node::new(Value::String(s.into()), Origin::whole(Arc::from(""))),
            0,
        )
    };
    emit("{\n  \"releases\": [")?;
    for (i, r) in rendered.into_iter().enumerate() {
        let release = if named {
            format!("      \"release\": {},\n", string(&r.name))
        } else {
            String::new()
        };
        emit(&format!(
            "{}\n    {{\n      \"chart\": {},\n      \"namespace\": {},\n{release}      \"stage\": {},\n      \"values\": ",
            if i > 0 { "," } else { "" },
            string(&r.chart),
            string(&r.namespace),
            string(&r.stage),
        ))?;
        emit(&r.text)?;
        emit("\n    }")?;
    }
    emit("\n  ]\n}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_dirs_are_compared_as_real_paths() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let root = tmp.path().canonicalize().expect("it exists").join("ws");
        std::fs::create_dir_all(root.join("environments/dev")).expect("folders");
        std::fs::create_dir_all(root.join("rendered")).expect("folders");
        let rows: &[(&str, Result<(), Overlap>)] = &[
            ("", Err(Overlap::Root)),
            ("..", Err(Overlap::HoldsWorkspace)),
            ("environments", Err(Overlap::Is("environments"))),
            (
                "environments/dev/new/..",
                Err(Overlap::Inside("environments")),
            ),
            ("rendered/../charts", Err(Overlap::Is("charts"))),
            ("new/../schemas/x", Err(Overlap::Inside("schemas"))),
            ("rendered", Ok(())),
            ("new/out", Ok(())),
            ("../elsewhere", Ok(())),
        ];
        for (dir, expected) in rows {
            assert_eq!(&check_out_dir(&root.join(dir), &root), expected, "{dir}");
        }
    }
}
