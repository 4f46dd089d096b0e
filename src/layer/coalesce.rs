//! Coalescing: merging higher-precedence values with a chart's defaults, chart by chart,
//! with `global` passed down (Helm's `pkg/chartutil/coalesce.go`, v3.17).
//!
//! The functions mirror Helm's one for one, in the same order, so that every result and every
//! warning comes out as Helm's do: [`coalesce_values_of`] is `CoalesceValues` (with
//! [`Nulls::Delete`]) and `MergeValues` (with [`Nulls::Keep`]); [`coalesce_tables`] is
//! `coalesceTablesFullKey`, the one function that decides how two nodes merge. Which passes
//! call them, and on what, is in `enable.rs`, `import_values.rs` and `compute.rs`.

use super::chart_graph::{ChartGraph, ChartId};
use super::error::LayerError;
use super::go_tree::{GoValue, Table};
use super::warning::{GlobalSide, Warning};
use crate::values::HelmVersion;

/// The key under which Helm passes globals down.
pub(crate) const GLOBAL_KEY: &str = "global";

/// What a null in the higher-precedence values does to the key (Helm's `merge` flag).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Nulls {
    /// The key is removed, whatever the default holds (`CoalesceValues`).
    Delete,
    /// The null is kept as a value (`MergeValues`, used for the pre-merge of defaults).
    Keep,
}

/// Returns `vals` (copied) coalesced with the defaults of `chart` and of its subcharts, as
/// Helm's `CoalesceValues` ([`Nulls::Delete`]) or `MergeValues` ([`Nulls::Keep`]) does.
pub(crate) fn coalesce_values_of(
    graph: &ChartGraph,
    chart: ChartId,
    vals: &Table,
    nulls: Nulls,
    warnings: &mut Vec<Warning>,
) -> Result<Table, LayerError> {
    coalesce_values_into(graph, chart, vals.deep_copy(), nulls, warnings)
}

/// Returns `vals` coalesced with the defaults of `chart` and of its subcharts, as
/// [`coalesce_values_of`] does, without copying `vals` first: for a table that nothing else
/// refers to (the user values of the last pass), where a copy would only double the memory
/// a large overlay takes.
pub(crate) fn coalesce_values_into(
    graph: &ChartGraph,
    chart: ChartId,
    vals: Table,
    nulls: Nulls,
    warnings: &mut Vec<Warning>,
) -> Result<Table, LayerError> {
    coalesce(graph, chart, &vals, "", nulls, warnings)?;
    Ok(vals)
}

/// Coalesces `dest` with the chart's defaults, then with its subcharts' (Helm's `coalesce`).
fn coalesce(
    graph: &ChartGraph,
    chart: ChartId,
    dest: &Table,
    prefix: &str,
    nulls: Nulls,
    warnings: &mut Vec<Warning>,
) -> Result<(), LayerError> {
    coalesce_chart_defaults(graph, chart, dest, prefix, nulls, warnings);
    coalesce_deps(graph, chart, dest, prefix, nulls, warnings)
}

/// Gives every subchart its section in `dest`, passes globals into it and coalesces it with
/// the subchart's defaults (Helm's `coalesceDeps`).
///
/// A missing section is created; a section that is not a map is an error, null included.
fn coalesce_deps(
    graph: &ChartGraph,
    chart: ChartId,
    dest: &Table,
    prefix: &str,
    nulls: Nulls,
    warnings: &mut Vec<Warning>,
) -> Result<(), LayerError> {
    let parent = &graph.charts[chart];
    let sub_prefix = concat_prefix(prefix, &parent.name);
    for &sub in &parent.deps {
        let subchart = &graph.charts[sub];
        let section = match dest.get(&subchart.name) {
            None => {
                let section = Table::new(subchart.values.origin());
                dest.insert(&subchart.name, GoValue::Table(section.clone()));
                section
            }
            Some(GoValue::Table(section)) => section,
            Some(GoValue::Leaf(node)) => {
                return Err(LayerError::TypeMismatch {
                    key: subchart.name.clone(),
                    value: node.value,
                    origin: node.origin,
                })
            }
        };
        coalesce_globals(
            &section,
            dest,
            &sub_prefix,
            &subchart.label,
            graph.helm,
            warnings,
        );
        coalesce(graph, sub, &section, &sub_prefix, nulls, warnings)?;
    }
    Ok(())
}

/// Returns the origin given to a `global: {}` that Helm creates in a subchart's section
/// (`<chart parent.sub: injected global>`), naming the subchart by its path of names.
pub(crate) fn injected_global_origin(chart_path: &str) -> crate::values::Origin {
    crate::values::Origin::whole(format!("<chart {chart_path}: injected global>").into())
}

/// Merges the parent's `global` (in `src`) into the section `dest` of the subchart labelled
/// `sub_label` (Helm's `coalesceGlobals`).
///
/// For each parent global: a map is copied shallowly and the section's map under the same
/// key is merged under it (the parent wins, nulls kept); a non-map replaces the section's
/// value unless that is a map. The shallow copy shares nested maps with the parent, so a
/// later merge of the subchart's own global defaults reaches into the parent's globals from
/// two levels down, as in Helm.
fn coalesce_globals(
    dest: &Table,
    src: &Table,
    prefix: &str,
    sub_label: &str,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) {
    let dg = match dest.get(GLOBAL_KEY) {
        None => Table::new(injected_global_origin(sub_label)),
        Some(GoValue::Table(t)) => t,
        Some(GoValue::Leaf(node)) => {
            warnings.push(Warning::GlobalsNotTable {
                side: GlobalSide::Destination,
                origin: node.origin,
            });
            return;
        }
    };
    let sg = match src.get(GLOBAL_KEY) {
        None => Table::new(dg.origin()),
        Some(GoValue::Table(t)) => t,
        Some(GoValue::Leaf(node)) => {
            warnings.push(Warning::GlobalsNotTable {
                side: GlobalSide::Source,
                origin: node.origin,
            });
            return;
        }
    };
    for key in sg.keys_sorted() {
        let Some(val) = sg.get(&key) else { continue };
        match &val {
            GoValue::Table(parent_map) => {
                let vv = parent_map.shallow_copy();
                match dg.get(&key) {
                    None => dg.insert(&key, GoValue::Table(vv)),
                    Some(GoValue::Leaf(node)) => warnings.push(Warning::GlobalMapOverNonMap {
                        key: key.to_string(),
                        origin: node.origin,
                    }),
                    Some(GoValue::Table(section_map)) => {
                        let full_key = concat_prefix(prefix, &key);
                        coalesce_tables(&vv, &section_map, &full_key, Nulls::Keep, helm, warnings);
                        dg.insert(&key, GoValue::Table(vv));
                    }
                }
            }
            GoValue::Leaf(_) => match dg.get(&key) {
                Some(GoValue::Table(_)) => warnings.push(Warning::GlobalKeyIsTable {
                    key: key.to_string(),
                    origin: val.origin(),
                }),
                previous => {
                    let mut value = val.clone();
                    if let Some(previous) = previous {
                        value.record_override(&previous);
                    }
                    dg.insert(&key, value);
                }
            },
        }
    }
    dest.insert(GLOBAL_KEY, GoValue::Table(dg));
}

/// Coalesces the top level of a chart's defaults into `v` (Helm's `coalesceValues`).
///
/// The rule differs from [`coalesce_tables`] at this one level: for a key in the defaults,
/// a null in `v` deletes the key ([`Nulls::Delete`]) or stays ([`Nulls::Keep`]); a map in `v`
/// is merged with a map default (keeping nulls when the key is a subchart's section), and
/// wins over a non-map default with
/// [`Warning::SkippedNotATable`] (silently over a null one); any other value in `v` wins
/// silently (no warning for a non-map over a map here). Keys missing from `v` are copied from
/// the defaults, default nulls included, which is why the top chart keeps its default nulls.
fn coalesce_chart_defaults(
    graph: &ChartGraph,
    chart: ChartId,
    v: &Table,
    prefix: &str,
    nulls: Nulls,
    warnings: &mut Vec<Warning>,
) {
    let chart = &graph.charts[chart];
    let sub_prefix = concat_prefix(prefix, &chart.name);
    let defaults = chart.values.deep_copy();
    for key in defaults.keys_sorted() {
        let Some(val) = defaults.get(&key) else {
            continue;
        };
        let Some(value) = v.get(&key) else {
            v.insert(&key, val);
            continue;
        };
        if value.is_null() && nulls == Nulls::Delete {
            v.remove(&key);
        } else if let GoValue::Table(dest) = &value {
            match &val {
                GoValue::Table(src) => {
                    // A subchart's section keeps its nulls here: the subchart's own pass
                    // below deletes what they override. Deleting them now would let the
                    // subchart's default come back (Helm's `childChartMergeTrue`, 3.17).
                    let is_subchart = chart.deps.iter().any(|&d| graph.charts[d].name == key);
                    let nulls = if is_subchart { Nulls::Keep } else { nulls };
                    coalesce_tables(
                        dest,
                        src,
                        &concat_prefix(&sub_prefix, &key),
                        nulls,
                        graph.helm,
                        warnings,
                    )
                }
                GoValue::Leaf(_) => {
                    if !val.is_null() {
                        warnings.push(Warning::SkippedNotATable {
                            path: concat_prefix(&sub_prefix, &key),
                            origin: value.origin(),
                            default_origin: val.origin(),
                        });
                    }
                    v.record_override_at(&key, &val);
                }
            }
        } else {
            v.record_override_at(&key, &val);
        }
    }
}

/// Merges `src` (lower precedence: defaults) into `dst` (higher precedence: what the user or
/// a parent chart wrote), in place; Helm's `coalesceTablesFullKey`, the rule below a chart's
/// top level. For every key of `src`:
///
/// * missing in `dst`: `src`'s value is added (shared, not copied, as in Go);
/// * null in `dst`: with [`Nulls::Delete`] the key is removed, whatever `src` holds (a null
///   default included); with [`Nulls::Keep`] the null stays;
/// * maps on both sides: merged recursively;
/// * a map in `src` under a non-map in `dst`: `dst` wins, with
///   [`Warning::CannotOverwriteTable`];
/// * a non-null non-map in `src` under a map in `dst`: `dst` wins, with
///   [`Warning::DestinationIsTable`];
/// * anything else: `dst` wins silently; scalars and lists replace, lists never merge.
///
/// Warnings name the key as `prefix.key`. Every value of `dst` that wins records what it
/// replaced in its `overrode` history.
///
/// Helm 4 (4.1.4's `coalesceTablesFullKey`) differs in one rule: a null in `dst` deletes the
/// key only when `src` held a non-null value there, so a null over a null default stays.
/// Before merging it also writes every null of `dst` into `src` (Go mutates the defaults'
/// map in place), which is mirrored because `src` may be shared.
pub(crate) fn coalesce_tables(
    dst: &Table,
    src: &Table,
    prefix: &str,
    nulls: Nulls,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) {
    let src_non_null: Option<std::collections::HashSet<crate::values::Key>> =
        helm.is_v4().then(|| {
            let non_null = src
                .keys_sorted()
                .into_iter()
                .filter(|k| src.get(k).is_some_and(|v| !v.is_null()))
                .collect();
            for key in dst.keys_sorted() {
                if let Some(dv) = dst.get(&key).filter(GoValue::is_null) {
                    src.insert(&key, dv);
                }
            }
            non_null
        });
    for key in src.keys_sorted() {
        let Some(val) = src.get(&key) else { continue };
        let full_key = concat_prefix(prefix, &key);
        let Some(dv) = dst.get(&key) else {
            dst.insert(&key, val);
            continue;
        };
        let deletes = match &src_non_null {
            None => true,
            Some(non_null) => non_null.contains(&key),
        };
        if dv.is_null() && nulls == Nulls::Delete && deletes {
            dst.remove(&key);
            continue;
        }
        match (&dv, &val) {
            (GoValue::Table(dst_map), GoValue::Table(src_map)) => {
                coalesce_tables(dst_map, src_map, &full_key, nulls, helm, warnings);
            }
            (GoValue::Leaf(_), GoValue::Table(_)) => {
                warnings.push(Warning::CannotOverwriteTable {
                    path: full_key,
                    default: val.to_value(),
                    origin: dv.origin(),
                    default_origin: val.origin(),
                });
                dst.record_override_at(&key, &val);
            }
            (GoValue::Table(_), GoValue::Leaf(_)) if !val.is_null() => {
                warnings.push(Warning::DestinationIsTable {
                    path: full_key,
                    default: val.to_value(),
                    origin: dv.origin(),
                    default_origin: val.origin(),
                });
                dst.record_override_at(&key, &val);
            }
            _ => dst.record_override_at(&key, &val),
        }
    }
}

/// Joins a dotted prefix and a key (Helm's `concatPrefix`).
pub(crate) fn concat_prefix(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}
