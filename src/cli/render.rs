//! `strata render`: the effective values of each release (or, with `--for-helm`, the user
//! values to give `helm -f`).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::source::display_path;
use crate::values::{to_json_pretty, to_yaml, Map, Node, Origin, Value, YamlStyle};

use super::atomic_file::write_atomically;
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
/// stage's overlays exactly as Helm layers them. Without -s or -c, every release is rendered.
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
    /// Only this chart (repeatable)
    #[arg(short = 'c', long = "chart", value_name = "CHART")]
    charts: Vec<String>,
    /// Output format
    #[arg(short = 'o', long = "output", value_enum, default_value_t)]
    output: ValuesFormat,
    /// Write DIR/<stage>/<chart>.yaml (or .json) instead of printing
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

struct Rendered {
    stage: String,
    chart: String,
    namespace: String,
    values: Node,
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
    let charts = ws.select_charts(&args.charts)?;
    if args.for_helm && args.out.is_none() && stages.len() * charts.len() > 1 {
        return Err(CliError::ForHelmSeveralReleases {
            releases: stages.len() * charts.len(),
        });
    }
    if let Some(out) = &args.out {
        refuse_output_over_inputs(ctx, out, &ws)?;
    }
    let command_line = args
        .flags
        .read(ctx, &ws.config().limits, ws.root(), ws.helm())?;
    let flag_layers = command_line.flag_layers();
    let mut rendered = Vec::new();
    let mut failed_schema = false;
    for stage in &stages {
        for chart in &charts {
            let release = ws.release(stage, chart)?;
            let values = release.compute(&ws, &command_line)?;
            for warning in &values.computed.warnings {
                warn(
                    ctx,
                    &format!("{stage}/{chart}"),
                    &warning.text_for(ws.helm()),
                );
            }
            if !args.skip_schema_validation
                && !schema_ok(ctx, &ws, &release, &values, &command_line, &flag_layers)?
            {
                failed_schema = true;
                continue;
            }
            rendered.push(Rendered {
                stage: stage.clone(),
                chart: chart.clone(),
                namespace: release.namespace.clone(),
                values: if args.for_helm {
                    values.user
                } else {
                    values.computed.values
                },
            });
        }
    }
    if failed_schema {
        return Ok(2);
    }
    let style = YamlStyle {
        annotate: args.annotate,
    };
    let format_one = |node: &Node| match args.output {
        ValuesFormat::Json => to_json_pretty(node),
        ValuesFormat::Yaml => to_yaml(node, style),
    };
    if let Some(out) = &args.out {
        let dir = ctx.cwd.join(out);
        for r in &rendered {
            let path = dir
                .join(&r.stage)
                .join(format!("{}.{}", r.chart, args.output.extension()));
            write_atomically(&path, &format_one(&r.values))?;
        }
        let files = if rendered.len() == 1 { "file" } else { "files" };
        eprintln!(
            "wrote {} {files} under {}",
            rendered.len(),
            display_path(out)
        );
        return Ok(0);
    }
    let text = match args.output {
        // The one release's values alone: the JSON file `helm -f` reads.
        ValuesFormat::Json if args.for_helm => rendered
            .first()
            .map(|r| to_json_pretty(&r.values))
            .unwrap_or_default(),
        ValuesFormat::Json => to_json_pretty(&releases_json(&rendered)),
        ValuesFormat::Yaml => rendered
            .iter()
            .map(|r| {
                format!(
                    "---\n# release: {}/{} (namespace {})\n{}",
                    r.stage,
                    r.chart,
                    r.namespace,
                    format_one(&r.values)
                )
            })
            .collect(),
    };
    print(&text)?;
    Ok(0)
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
    let user_layers: Vec<&Node> = values
        .overlays
        .iter()
        .filter_map(|o| o.parsed.root.as_ref())
        .chain(command_line.files.iter().filter_map(|f| f.root.as_ref()))
        .chain(flag_layers.iter().map(|(_, node)| node))
        .collect();
    let violations = validate_release(
        &values.chart,
        &values.computed,
        &user_layers,
        None,
        ws.tree().as_ref(),
        ws.helm(),
    )?;
    if violations.is_empty() {
        return Ok(true);
    }
    for violation in &violations {
        print_violation(ctx, violation);
    }
    let report = helm_report(&violations);
    print_schema_report(
        ctx,
        &format!("{}/{}: {report}", release.stage, release.chart),
    );
    Ok(false)
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

/// Builds the JSON document `{"releases": [{"stage", "chart", "namespace", "values"}]}`.
fn releases_json(rendered: &[Rendered]) -> Node {
    let origin = Origin::whole(Arc::from("strata render"));
    let string = |s: &str| Node::new(Value::String(s.to_string()), origin.clone());
    let releases = rendered
        .iter()
        .map(|r| {
            let mut map = Map::new();
            map.insert("stage".into(), string(&r.stage));
            map.insert("chart".into(), string(&r.chart));
            map.insert("namespace".into(), string(&r.namespace));
            map.insert("values".into(), r.values.clone());
            Node::new(Value::Map(map), origin.clone())
        })
        .collect();
    let mut root = Map::new();
    root.insert(
        "releases".into(),
        Node::new(Value::List(releases), origin.clone()),
    );
    Node::new(Value::Map(root), origin)
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
