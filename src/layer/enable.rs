//! Enabling and disabling subcharts: aliases, `tags` and `condition` (Helm's
//! `processDependencyEnabled` in `pkg/chartutil/dependencies.go`, v3.17).
//!
//! For a chart that declares dependencies, Helm replaces its subchart list by: the charts in
//! `charts/` that no Chart.yaml entry names, then a copy of the named chart for every entry
//! (renamed to its alias). It coalesces the values it was given with the chart's defaults
//! (warnings included), evaluates tags and then conditions against the result, drops the
//! disabled entries, and recurses into each remaining subchart with the coalesced values and
//! the condition prefix extended by the subchart's name. So a sub-subchart's condition
//! `leaf.enabled` in `mid`'s Chart.yaml is looked up at `mid.leaf.enabled`.

use std::collections::HashSet;

use super::chart_graph::{ChartGraph, ChartId, ReqId};
use super::coalesce::{coalesce_values_of, Nulls};
use super::error::LayerError;
use super::go_tree::Table;
use super::warning::Warning;

/// Removes disabled subcharts from `chart` and, recursively, from its enabled subcharts.
///
/// `vals` are the user values for the top chart; below it, the parent's coalesced values
/// (the whole tree, not the subchart's section: Helm passes it so, with `path` as prefix).
pub(crate) fn process_dependency_enabled(
    graph: &mut ChartGraph,
    chart: ChartId,
    vals: &Table,
    path: &str,
    warnings: &mut Vec<Warning>,
) -> Result<(), LayerError> {
    let Some(reqs) = graph.charts[chart].meta_deps.clone() else {
        return Ok(());
    };
    let existing = graph.charts[chart].deps.clone();
    let mut chart_deps: Vec<ChartId> = existing
        .iter()
        .copied()
        .filter(|&c| !reqs.iter().any(|&r| graph.matches(r, c)))
        .collect();
    for &r in &reqs {
        if let Some(copy) = graph.alias_dependency(chart, &existing, r) {
            chart_deps.push(copy);
        }
        if !graph.reqs[r].alias.is_empty() {
            graph.reqs[r].name = graph.reqs[r].alias.clone();
        }
    }
    graph.charts[chart].deps = chart_deps;
    for &r in &reqs {
        graph.reqs[r].enabled = true;
    }

    let cvals = coalesce_values_of(graph, chart, vals, Nulls::Delete, warnings)?;
    process_tags(graph, &reqs, &cvals, warnings);
    process_conditions(graph, &reqs, &cvals, path, warnings);

    let removed: HashSet<String> = reqs
        .iter()
        .filter(|&&r| !graph.reqs[r].enabled)
        .map(|&r| graph.reqs[r].name.clone())
        .collect();
    let kept: Vec<ChartId> = graph.charts[chart]
        .deps
        .iter()
        .copied()
        .filter(|&c| !removed.contains(&graph.charts[c].name))
        .collect();
    let kept_reqs: Vec<ReqId> = reqs
        .iter()
        .copied()
        .filter(|&r| !removed.contains(&graph.reqs[r].name))
        .collect();

    for &sub in &kept {
        let sub_path = format!("{path}{}.", graph.charts[sub].name);
        process_dependency_enabled(graph, sub, &cvals, &sub_path, warnings)?;
    }
    // Go's `append(nil, empty...)` is nil: a chart whose entries are all disabled no longer
    // declares dependencies, which skips its import-values pass.
    graph.charts[chart].meta_deps = (!kept_reqs.is_empty()).then_some(kept_reqs);
    graph.charts[chart].deps = kept;
    Ok(())
}

/// Applies the top-level `tags` map: an entry with at least one tag `false` and none `true`
/// is disabled, any other entry enabled; tags without a value are ignored, non-bool ones
/// warned about (Helm's `processDependencyTags`).
fn process_tags(
    graph: &mut ChartGraph,
    reqs: &[ReqId],
    cvals: &Table,
    warnings: &mut Vec<Warning>,
) {
    let Ok(tags) = cvals.table_at("tags") else {
        return;
    };
    for &r in reqs {
        let (mut has_true, mut has_false) = (false, false);
        for tag in &graph.reqs[r].tags {
            let Some(value) = tags.get(tag) else { continue };
            match value.as_bool() {
                Some(true) => has_true = true,
                Some(false) => has_false = true,
                None => warnings.push(Warning::TagNotBool {
                    tag: tag.clone(),
                    chart: graph.reqs[r].name.clone(),
                    origin: value.origin(),
                }),
            }
        }
        graph.reqs[r].enabled = has_true || !has_false;
    }
}

/// Applies each entry's `condition`: the comma-separated paths are tried in order, each
/// prefixed by `prefix`; the first that holds a bool decides, one holding anything else is
/// skipped with a warning, one that does not resolve (or holds a map) is skipped silently
/// (Helm's `processDependencyConditions`).
fn process_conditions(
    graph: &mut ChartGraph,
    reqs: &[ReqId],
    cvals: &Table,
    prefix: &str,
    warnings: &mut Vec<Warning>,
) {
    for &r in reqs {
        let condition = graph.reqs[r].condition.clone();
        for part in condition.trim().split(',') {
            if part.is_empty() {
                continue;
            }
            let Some(value) = cvals.path_value(&format!("{prefix}{part}")) else {
                continue;
            };
            if let Some(enabled) = value.as_bool() {
                graph.reqs[r].enabled = enabled;
                break;
            }
            warnings.push(Warning::ConditionNotBool {
                condition: part.to_string(),
                chart: graph.reqs[r].name.clone(),
                origin: value.origin(),
            });
        }
    }
}
