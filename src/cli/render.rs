//! `strata render`: the effective values of each release (or, with `--for-helm`, the user
//! values to give `helm -f`).

use std::path::PathBuf;
use std::sync::Arc;

use crate::source::display_path;
use crate::values::{to_json_pretty, to_yaml, Map, Node, Origin, Value, YamlStyle};

use super::context::Context;
use super::error::CliError;
use super::helm_flag::HelmFlag;
use super::output::{print, warn, write_atomically, ValuesFormat};
use super::value_flags::ValueFlags;

/// Print the values each release gets
///
/// A release is one chart in one stage; its values are the chart's defaults layered with the
/// stage's overlays exactly as Helm layers them. Without -s or -c, every release is rendered.
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

/// Runs `strata render`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    if args.annotate && args.output == ValuesFormat::Json {
        return Err(CliError::Usage(
            "--annotate needs YAML output (-o yaml)".into(),
        ));
    }
    let ws = args.helm.apply(ctx.workspace()?);
    let stages = ws.select_stages(&args.stages)?;
    let charts = ws.select_charts(&args.charts)?;
    let command_line = args.flags.read(ctx, &ws.config().limits, ws.helm())?;
    let mut rendered = Vec::new();
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
