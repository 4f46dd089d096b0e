//! Import values and the pre-merge of subchart defaults (Helm's
//! `processDependencyImportValues` with `merge = true`, `pkg/chartutil/dependencies.go`,
//! v3.17, as `ProcessDependenciesWithMerge` calls it).
//!
//! Bottom-up, for every chart that (still) declares dependencies, Helm replaces the chart's
//! defaults by `MergeValues(chart, nil)`: its own defaults with every enabled subchart's
//! defaults merged under the subchart's key, nulls kept, and the chart's `global` copied into
//! each subchart section; then it merges the imported maps under that, at lower precedence.
//! This is why user values never reach an import, why a subchart section in the parent shows
//! the subchart's defaults, and why a parent's default global survives a user `null` in a
//! listed subchart.

use super::chart::ImportValue;
use super::chart_graph::{ChartGraph, ChartId};
use super::coalesce::{coalesce_tables, coalesce_values_of, Nulls};
use super::error::LayerError;
use super::go_tree::{GoValue, Table};
use super::warning::Warning;

/// Pre-merges defaults and imports values for `chart` and, first, for all its subcharts.
pub(crate) fn process_dependency_import_values(
    graph: &mut ChartGraph,
    chart: ChartId,
    warnings: &mut Vec<Warning>,
) -> Result<(), LayerError> {
    for sub in graph.charts[chart].deps.clone() {
        process_dependency_import_values(graph, sub, warnings)?;
    }
    process_import_values(graph, chart, warnings)
}

/// Replaces the defaults of `chart` by its merged defaults with the imports under them
/// (Helm's `processImportValues`).
///
/// The imported maps are gathered in order into one map, an earlier import winning over a
/// later one, and linked rather than copied, as in Go: a second import under the same parent
/// path merges into the map of the first, in the chart's values too.
fn process_import_values(
    graph: &mut ChartGraph,
    chart: ChartId,
    warnings: &mut Vec<Warning>,
) -> Result<(), LayerError> {
    let Some(reqs) = graph.charts[chart].meta_deps.clone() else {
        return Ok(());
    };
    let root_origin = graph.charts[chart].values.origin();
    let cvals = coalesce_values_of(
        graph,
        chart,
        &Table::new(root_origin.clone()),
        Nulls::Keep,
        warnings,
    )?;
    let imported = Table::new(root_origin);
    for &r in &reqs {
        if graph.reqs[r].imports_consumed {
            continue;
        }
        let req = graph.reqs[r].clone();
        for import in &req.imports {
            let (child, parent) = match import {
                ImportValue::Map { child, parent } => (child.clone(), parent.as_str()),
                ImportValue::Simple(name) => (format!("exports.{name}"), "."),
            };
            let table = match cvals.table_at(&format!("{}.{child}", req.name)) {
                Ok(table) => table,
                Err(key) => {
                    warnings.push(match import {
                        ImportValue::Map { .. } => Warning::ImportMissingTable {
                            chart: req.name.clone(),
                            key,
                            origin: req.origin.clone(),
                        },
                        ImportValue::Simple(_) => Warning::ImportMissingExport {
                            key,
                            origin: req.origin.clone(),
                        },
                    });
                    continue;
                }
            };
            // `Values.AsMap` hands out a new map for an empty one, the map itself otherwise.
            let table = if table.is_empty() {
                Table::new(table.origin())
            } else {
                table
            };
            let wrapped = path_to_map(parent, table, &req);
            coalesce_tables(&imported, &wrapped, "", Nulls::Keep, graph.helm, warnings);
        }
        graph.reqs[r].imports_consumed = true;
    }
    let merged = cvals.deep_copy();
    coalesce_tables(&merged, &imported, "", Nulls::Keep, graph.helm, warnings);
    graph.charts[chart].values = merged;
    Ok(())
}

/// Nests `data` under the dotted `path` (Helm's `pathToMap`); `.` is the top level. The maps
/// created on the way take the dependency entry's origin.
fn path_to_map(path: &str, data: Table, req: &super::chart_graph::Req) -> Table {
    if path == "." {
        return data;
    }
    let mut current = data;
    for key in path.split('.').rev() {
        let wrapper = Table::new(req.origin.clone());
        wrapper.insert(key, GoValue::Table(current));
        current = wrapper;
    }
    current
}
