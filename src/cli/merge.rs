//! `strata merge`: the values Helm would compute for any chart folder and flags.

use std::path::PathBuf;
use std::sync::Arc;

use crate::chart::{load_chart, ChartFiles};
use crate::layer::{compute, merge_user_files};
use crate::setflags::{apply_set_flags, FlagKind, SetFlag};
use crate::source::display_path;
use crate::values::{to_json_pretty, to_yaml, Node, Origin, YamlStyle};
use crate::yaml::{read_values_file, InputLimits};

use super::context::Context;
use super::error::CliError;
use super::output::{print, warn, ValuesFormat};

/// Print the values Helm would compute for a chart
///
/// Works on any chart folder, inside a workspace or not, with the flags of `helm template`;
/// paths are relative to the current folder. Warnings go to stderr as Helm prints them; where
/// Helm fails, strata fails (exit 2) with the place of the problem.
///
/// Example: strata merge charts/web -f prod.yaml --set image.tag=1.4.2 -o json
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The chart folder
    chart_dir: PathBuf,
    /// A values file, merged left to right (like `helm -f`)
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    values: Vec<PathBuf>,
    /// Set values (`a.b=1,c[0]=x`), typed like Helm's --set
    #[arg(long, value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Set values as strings
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    set_string: Vec<String>,
    /// Set values from JSON (`a={"x":1}`)
    #[arg(long = "set-json", value_name = "KEY=JSON")]
    set_json: Vec<String>,
    /// Set values from files' contents (`key=path`)
    #[arg(long = "set-file", value_name = "KEY=PATH")]
    set_file: Vec<String>,
    /// Set one literal string value (everything after the first `=`)
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    set_literal: Vec<String>,
    /// Print what this subchart sees (aliases, dotted: `mid.leaf`)
    #[arg(long, value_name = "PATH")]
    subchart: Option<String>,
    /// Output format
    #[arg(short = 'o', long = "output", value_enum, default_value_t)]
    output: ValuesFormat,
}

impl Args {
    /// Returns the `--set` family in the order Helm applies them.
    fn set_flags(&self) -> Vec<SetFlag> {
        let kinds: [(FlagKind, &Vec<String>); 5] = [
            (FlagKind::Json, &self.set_json),
            (FlagKind::Set, &self.set),
            (FlagKind::String, &self.set_string),
            (FlagKind::File, &self.set_file),
            (FlagKind::Literal, &self.set_literal),
        ];
        kinds
            .into_iter()
            .flat_map(|(kind, texts)| {
                texts.iter().map(move |text| SetFlag {
                    kind,
                    text: text.clone(),
                })
            })
            .collect()
    }
}

/// Runs `strata merge`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let limits = InputLimits::default();
    let chart_dir = ctx.cwd.join(&args.chart_dir);
    let files = ChartFiles {
        root: chart_dir,
        display_root: display_path(&args.chart_dir),
        limits: limits.clone(),
    };
    let chart = load_chart(&files, std::path::Path::new(""))?;

    let mut layers = vec![Node::empty_map(Origin::whole(Arc::from("(user values)")))];
    for file in &args.values {
        let source: Arc<str> = Arc::from(display_path(file));
        let parsed = read_values_file(&ctx.cwd.join(file), source.clone(), &limits)?;
        if parsed.extra_document.is_some() {
            warn(
                ctx,
                &format!("{source}: holds several YAML documents; only the first is used, as Helm 3 does"),
            );
        }
        layers.extend(parsed.root);
    }
    let mut user = merge_user_files(layers);
    apply_set_flags(
        &mut user,
        &args.set_flags(),
        &ctx.cwd,
        limits.max_file_bytes,
    )?;

    let computed = compute(&chart, &user)?;
    let mut seen = std::collections::HashSet::new();
    for warning in &computed.warnings {
        let text = warning.to_string();
        if seen.insert(text.clone()) {
            warn(ctx, &text);
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
