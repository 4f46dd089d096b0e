//! `strata explain`: a key's final value in a release and every layer that set, overrode or
//! deleted it.

use anstyle::{AnsiColor, Style};

use crate::layer::{Computed, LayerKind, TraceAction};
use crate::secrets::{Hide, Redacted};
use crate::values::{KeyPath, Node, PathQuery, Segment, Value};

use super::context::Context;
use super::error::CliError;
use super::helm_flag::HelmFlag;
use super::output::{print, warn_near_miss_stages};
use super::report::escape_controls;
use super::value_flags::ValueFlags;

/// Show where a value comes from
///
/// Prints the key's final value in the release and every layer that set, overrode or
/// deleted it (chart defaults, each overlay), with file:line:col, most recent last.
///
/// Example: strata explain production wordpress image.tag
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stage
    stage: String,
    /// The release (or a chart that backs exactly one release)
    #[arg(value_name = "RELEASE")]
    release: String,
    /// The key, dotted, as diff and matrix print it (`image.tag`, `env[0].value`,
    /// `env[name=MODE].value`, `annotations.prometheus\.io/scrape`)
    key: String,
    #[command(flatten)]
    flags: ValueFlags,
    #[command(flatten)]
    helm: HelmFlag,
}

fn action_word(action: &TraceAction) -> &'static str {
    match action {
        TraceAction::Set => "set",
        TraceAction::Override => "override",
        TraceAction::Delete => "delete",
        TraceAction::ReplaceAncestor => "replace",
    }
}

/// Returns how a step names its layer. A subchart's defaults are the chart's defaults as
/// Helm nests them.
fn layer_label(kind: LayerKind) -> &'static str {
    match kind {
        LayerKind::SubchartDefaults | LayerKind::ChartDefaults => "chart defaults",
        LayerKind::StageOverlay { .. } => "stage overlay",
        LayerKind::ValuesFile { .. } => "-f",
        LayerKind::SetFlag { flag, .. } => flag,
    }
}

/// Relabels, for Helm 4, a nested `null` written over a `null` as an override: Helm 4 keeps
/// it where Helm 3 deletes the key (`layer::coalesce_tables`). A chart's top-level key is
/// still deleted by both.
fn keep_nested_null_over_null(steps: &mut [crate::layer::TraceStep], path: &KeyPath) {
    if path.segments().len() < 2 {
        return;
    }
    for i in 1..steps.len() {
        let over_null = steps[i - 1].value == crate::values::Value::Null;
        let step = &mut steps[i];
        if over_null
            && step.action == TraceAction::Delete
            && step.at == *path
            && step.value == crate::values::Value::Null
        {
            step.action = TraceAction::Override;
        }
    }
}

/// Runs `strata explain`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let query = PathQuery::parse(&args.key)?;
    let ws = args.helm.apply(ctx.workspace()?);
    let release = ws.release(&args.stage, ws.resolve_release(&args.release)?)?;
    warn_near_miss_stages(ctx, &ws, std::slice::from_ref(&release.stage))?;
    let command_line = args
        .flags
        .read(ctx, &ws.config().limits, ws.root(), ws.helm())?;
    let values = release.compute(&ws, &command_line)?;
    let path = query.resolve(&values.computed.values)?;
    // The chart's defaults as Helm nests them (subchart defaults under their keys).
    let defaults = values.nested_defaults(command_line.helm)?;
    let mut layers = values.layers(&defaults);
    command_line.add_layers(&mut layers);
    // A subchart's `global` (`sub.global.x`) is also what each layer writes under the top
    // `global`: Helm copies the parent's globals into every subchart.
    if let Some(subchart) = subchart_of_global(&path, &values.computed) {
        layers = layers.with_globals_copied_to(&subchart);
    }
    // A list element named by identity is found in each layer's own list (lists replace
    // whole, so its position may differ from layer to layer).
    let mut steps = if query.has_elements() {
        layers.trace_each(|root| query.resolve_in_layer(root))
    } else {
        layers.trace(&path)
    };
    // Only where the key survives: a subchart's top-level null is deleted by both Helms.
    if ws.helm().is_v4() && values.computed.values.get(&path).is_some() {
        keep_nested_null_over_null(&mut steps, &path);
    }
    // Secrets are never printed (reliability §4): the value at a secret path shows as
    // its size only, and secrets inside a map or list shown whole are hidden the way `diff`
    // hides them (key names, `secrets:` paths, `writeOnly`, URL credentials, keys, tokens).
    let workspace_schema = crate::schema::read_workspace_schema(
        ws.tree().as_ref(),
        &release.chart,
        ws.config().limits.max_file_bytes,
    )?;
    let rules = crate::workspace::release_secret_rules(&ws, &values, workspace_schema.as_ref())?;
    let show = |node: &Node, at: &KeyPath| {
        let secret = rules.path_is_secret(&values.computed.values, at);
        match crate::secrets::hide(node, at, secret, &rules, false) {
            // A hidden value reads as diff writes it: `Redacted::Sized`.
            Hide::Whole { bytes, .. } => Redacted::Sized(bytes).to_string(),
            Hide::Value(masked, _) => match &masked.value {
                // An empty secret (`""`) hides nothing and shows as it is.
                Value::String(text) if secret => text.to_string(),
                _ => escape_controls(&crate::diff::readable_json(&masked)),
            },
        }
    };
    let final_node = values.computed.values.get(&path);
    if final_node.is_none() && steps.is_empty() {
        return Err(CliError::KeyNotSet {
            path: path.to_string(),
            release: release.label(),
            escaped: query
                .dotted_key_in(&values.computed.values)
                .map(|p| p.to_string()),
        });
    }

    let paint = |style: Style| {
        if ctx.color_stdout {
            style
        } else {
            Style::new()
        }
    };
    let bold = paint(Style::new().bold());
    let dim = paint(AnsiColor::BrightBlack.on_default());
    // A release named otherwise than its chart is shown with its chart and namespace.
    let label = if release.name == release.chart {
        release.label()
    } else {
        release.heading()
    };
    let mut out = format!(
        "{bold}{label} {}{bold:#}",
        escape_controls(&path.to_string())
    );
    match final_node {
        Some(node) => out.push_str(&format!(
            " = {}\n  from {}\n",
            show(node, &path),
            escape_controls(&node.origin.to_string())
        )),
        None => out.push_str(" is not set\n"),
    }
    out.push_str("\nlayers, most recent last:\n");
    let width = steps
        .iter()
        .map(|s| s.origin.to_string().chars().count())
        .max()
        .unwrap_or(0);
    for step in &steps {
        let shown_value = show(
            &Node::new(step.value.clone(), step.origin.clone()),
            &step.at,
        );
        let at = if step.at == path {
            String::new()
        } else {
            format!(" (at {})", step.at)
        };
        out.push_str(&format!(
            "  {:<8} {:<width$}  {}{at}  {dim}{}{dim:#}\n",
            action_word(&step.action),
            escape_controls(&step.origin.to_string()),
            shown_value,
            layer_label(layers[step.layer].kind),
        ));
    }
    print(&out)?;
    Ok(0)
}

/// Returns the subchart (alias path) when `path` is inside an enabled subchart's `global`
/// (`sub.global.x`, `mid.leaf.global.x`).
fn subchart_of_global(path: &KeyPath, computed: &Computed) -> Option<Vec<String>> {
    let keys: Vec<&str> = path
        .segments()
        .iter()
        .map_while(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
        .collect();
    let at = keys
        .iter()
        .position(|k| *k == "global")
        .filter(|&i| i > 0)?;
    computed
        .enabled_subcharts()
        .iter()
        .find(|e| {
            e.path
                .iter()
                .map(String::as_str)
                .eq(keys[..at].iter().copied())
        })
        .map(|e| e.path.clone())
}
