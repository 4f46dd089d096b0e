//! `strata merge`: the values Helm would compute for any chart folder and flags.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::chart::{load_chart, load_packaged_chart, ChartFiles};
use crate::layer::compute;
use crate::schema::{helm_report, validate_release};
use crate::source::{display_path, DirTree};
use crate::values::{order_keys_like, to_json_pretty, to_yaml, Node, YamlStyle};
use crate::yaml::InputLimits;

use super::context::Context;
use super::error::CliError;
use super::helm_flag::HelmFlag;
use super::output::{helm_warning, print, ValuesFormat};
use super::report::{print_schema_report, print_violation};
use super::value_flags::ValueFlags;

/// Print the values Helm would compute for a chart
///
/// Works on any chart folder or packaged chart (`.tgz`), inside a workspace or not, with the flags of `helm template`;
/// paths are relative to the current folder. Warnings go to stderr as Helm prints them; where
/// Helm fails, strata fails (exit 2) with the place of the problem. Like `helm template`, the
/// values are checked against every enabled chart's values.schema.json; each violation is
/// reported at the file and line that supplied the value.
///
/// Example: strata merge charts/web -f prod.yaml --set image.tag=1.4.2 -o json
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The chart folder, or a packaged chart (.tgz)
    chart_dir: PathBuf,
    #[command(flatten)]
    flags: ValueFlags,
    #[command(flatten)]
    helm: HelmFlag,
    /// Print what this subchart sees (aliases, dotted: `mid.leaf`)
    #[arg(long, value_name = "PATH")]
    subchart: Option<String>,
    /// Output format
    #[arg(short = 'o', long = "output", value_enum, default_value_t)]
    output: ValuesFormat,
    /// Do not check the values against the charts' values.schema.json (like Helm's flag)
    #[arg(long)]
    skip_schema_validation: bool,
}

/// Runs `strata merge`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let limits = ctx.limits_over(InputLimits::default());
    let chart_path = ctx.cwd.join(&args.chart_dir);
    // A file is a packaged chart (`helm template` takes a `.tgz` too): it is read from its
    // folder, and its files are shown as `<archive>:<path in the chart>`.
    let (files, chart) = if chart_path.is_file() {
        let name = args
            .chart_dir
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_default();
        let folder = args.chart_dir.parent().unwrap_or(Path::new(""));
        let files = ChartFiles {
            tree: Arc::new(DirTree::new(ctx.cwd.join(folder))),
            display_root: display_path(folder),
            limits: limits.clone(),
            downloaded: None,
            helm: args.helm.or_default(),
        };
        let chart = load_packaged_chart(&files, &name)?;
        (files, chart)
    } else {
        let files = ChartFiles {
            tree: Arc::new(DirTree::new(chart_path)),
            display_root: display_path(&args.chart_dir),
            limits: limits.clone(),
            downloaded: None,
            helm: args.helm.or_default(),
        };
        let chart = load_chart(&files, Path::new(""))?;
        (files, chart)
    };

    // Links in -f paths may not lead out of the workspace holding the current folder, or
    // out of the current folder when there is none.
    let link_base = ctx
        .cwd
        .ancestors()
        .find(|dir| dir.join(crate::settings::CONFIG_FILE).is_file())
        .unwrap_or(&ctx.cwd);
    let mut command_line = args.flags.read(ctx, &limits, link_base, files.helm)?;
    let check_schema = !args.skip_schema_validation && chart.has_schema();
    // Only a schema check needs the -f files' own trees (to place a violation in its
    // file); otherwise they are moved into the user values rather than copied.
    let user = if check_schema {
        command_line.user_values()?
    } else {
        command_line.take_user_values()?
    };
    let mut computed = compute(&chart, user, command_line.helm)?;
    order_keys_like(&mut computed.values, &chart.defaults);
    let mut seen = std::collections::HashSet::new();
    for warning in &computed.warnings {
        let text = warning.text_for(files.helm);
        if seen.insert(text.clone()) {
            helm_warning(ctx, &text);
        }
    }
    if check_schema {
        let flag_layers = command_line.flag_layers();
        let user_layers: Vec<&Node> = command_line
            .files
            .iter()
            .filter_map(|f| f.root.as_ref())
            .chain(flag_layers.iter().map(|(_, node)| node))
            .collect();
        let violations = validate_release(
            &chart,
            &computed,
            &user_layers,
            None,
            files.tree.as_ref(),
            files.helm,
        )?;
        if !violations.is_empty() {
            for violation in &violations {
                print_violation(ctx, violation);
            }
            print_schema_report(ctx, &helm_report(&violations));
            return Ok(2);
        }
    }
    let node = match &args.subchart {
        None => &computed.values,
        Some(path) => {
            let parts: Vec<&str> = path.split('.').collect();
            computed.subchart_values(&parts).ok_or_else(|| {
                CliError::Usage(format!(
                    "no enabled subchart {path:?} in {}",
                    display_path(&args.chart_dir)
                ))
            })?
        }
    };
    print(&match args.output {
        ValuesFormat::Json => to_json_pretty(node),
        ValuesFormat::Yaml => to_yaml(node, YamlStyle::default()),
    })?;
    Ok(0)
}
