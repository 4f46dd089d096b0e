//! Coalescing a chart that has no subcharts, directly on [`Node`] trees.
//!
//! For such a chart Helm's first two passes do nothing (no dependency to enable, no value to
//! import) and the last one merges the user values with the chart's defaults once: nothing
//! is shared between two charts, so Go's map sharing, which the [`Table`](super::go_tree)
//! engine exists to mirror, cannot show. This module gives the same result and the same
//! warnings, in the same order, as `coalesce_chart_defaults` and `coalesce_tables` in
//! `coalesce.rs` do for it, rule for rule, without converting the chart's defaults into a
//! working tree and back: a default the user did not override is copied once, straight into
//! the result. Most real charts are of this kind (`helm create`'s, podinfo's), and the copy
//! in and out was a fifth of rendering a workspace of them.

use crate::values::{HelmVersion, Node, Value};

use super::coalesce::concat_prefix;
use super::history::merge_history;
use super::warning::Warning;

/// Coalesces the user values `user` (a map) with `defaults`, the top-level defaults of the
/// chart named `chart`, as Helm's `CoalesceValues` does for a chart without subcharts
/// (`coalesceValues`: a null in the user values deletes the key). A null `defaults` is an
/// empty map; `defaults` must otherwise be a map.
pub(crate) fn coalesce_lone_chart(
    user: &mut Node,
    defaults: &Node,
    chart: &str,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) {
    let (Value::Map(v), Value::Map(defaults)) = (&mut user.value, &defaults.value) else {
        return;
    };
    let sub_prefix = concat_prefix("", chart);
    // Keys are visited sorted, the order Helm's warnings come in (see `Table::keys_sorted`).
    for (key, val) in defaults.sorted_by_key() {
        let Some(value) = v.get_mut(key.as_str()) else {
            v.insert(key.clone(), val.clone());
            continue;
        };
        if value.is_null() {
            v.shift_remove(key.as_str());
        } else if matches!(value.value, Value::Map(_)) {
            if matches!(val.value, Value::Map(_)) {
                let prefix = concat_prefix(&sub_prefix, key);
                coalesce_nodes(value, val, &prefix, helm, warnings);
            } else {
                if !val.is_null() {
                    warnings.push(Warning::SkippedNotATable {
                        path: concat_prefix(&sub_prefix, key),
                        origin: value.origin.clone(),
                        default_origin: val.origin.clone(),
                    });
                }
                record_override(value, val);
            }
        } else {
            record_override(value, val);
        }
    }
}

/// Merges the defaults `src` into the user's map `dst` below a chart's top level, as
/// `coalesce_tables` does with nulls deleting: a default missing from `dst` is copied in, a
/// null in `dst` removes the key (under Helm 4 only over a non-null default: a null over a
/// null stays, and has replaced nothing), maps merge, and a map never gives way to a
/// non-map, with a warning.
fn coalesce_nodes(
    dst: &mut Node,
    src: &Node,
    prefix: &str,
    helm: HelmVersion,
    warnings: &mut Vec<Warning>,
) {
    let (Value::Map(dst_map), Value::Map(src_map)) = (&mut dst.value, &src.value) else {
        return;
    };
    for (key, val) in src_map.sorted_by_key() {
        let Some(dv) = dst_map.get_mut(key.as_str()) else {
            dst_map.insert(key.clone(), val.clone());
            continue;
        };
        if dv.is_null() {
            if !helm.is_v4() || !val.is_null() {
                dst_map.shift_remove(key.as_str());
            }
            // Helm 4 first writes the null over the default, so it replaced nothing.
            continue;
        }
        let full_key = concat_prefix(prefix, key);
        match (&dv.value, &val.value) {
            (Value::Map(_), Value::Map(_)) => coalesce_nodes(dv, val, &full_key, helm, warnings),
            (_, Value::Map(_)) => {
                warnings.push(Warning::CannotOverwriteTable {
                    path: full_key,
                    default: val.value.clone(),
                    origin: dv.origin.clone(),
                    default_origin: val.origin.clone(),
                });
                record_override(dv, val);
            }
            (Value::Map(_), _) if !val.is_null() => {
                warnings.push(Warning::DestinationIsTable {
                    path: full_key,
                    default: val.value.clone(),
                    origin: dv.origin.clone(),
                    default_origin: val.origin.clone(),
                });
                record_override(dv, val);
            }
            _ => record_override(dv, val),
        }
    }
}

/// Records on `winner` that it replaced `loser` (see [`merge_history`]).
fn record_override(winner: &mut Node, loser: &Node) {
    winner.overrode = merge_history(
        &winner.origin,
        &winner.overrode,
        &loser.origin,
        &loser.overrode,
    );
}
