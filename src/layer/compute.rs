//! [`compute`]: the values Helm 3.17 computes for a chart and user values, stages 2–4 of the
//! semantics page §1, in the order `helm template` runs them.
//!
//! 1. `CheckDependencies`: every dependency the top chart's Chart.yaml lists must be in
//!    `charts/` (by Chart.yaml name).
//! 2. `ProcessDependenciesWithMerge`: enable/disable subcharts (`enable.rs`), then pre-merge
//!    defaults and import values bottom-up (`import_values.rs`).
//! 3. `ToRenderValues` → `CoalesceValues`: user values coalesced with the (pre-merged)
//!    defaults, chart by chart from the top (`coalesce.rs`).
//!
//! Each of these passes runs Helm's coalescing and may print the same warning again; the
//! warnings are collected pass by pass, in Helm's order, repeats included. Within a pass Helm
//! visits map keys in Go's random order, so warnings about different keys come in varying
//! order from one `helm` run to the next; strata visits keys sorted (see `go_tree.rs`).

use crate::values::{HelmVersion, Node};

use super::chart::Chart;
use super::chart_graph::{ChartGraph, ChartId};
use super::coalesce::{coalesce_values_into, Nulls};
use super::enable::process_dependency_enabled;
use super::error::LayerError;
use super::go_tree::{GoValue, Table};
use super::import_values::process_dependency_import_values;
use super::lone_chart::coalesce_lone_chart;
use super::warning::Warning;

/// The result of computing a chart's values.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    /// The top chart's `.Values`: its defaults, every enabled subchart's section and the
    /// user values, coalesced. Every node keeps the origin of the layer that wrote it.
    pub values: Node,
    /// What Helm prints while computing, pass by pass, repeats included (within a pass,
    /// by sorted key where Helm's order is random).
    pub warnings: Vec<Warning>,
    /// The enabled subcharts, parents before their children, siblings in Helm's order.
    subcharts: Vec<EnabledChart>,
}

/// An enabled subchart: one that Helm renders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnabledChart {
    /// The keys from the top chart's values down to the subchart's section: aliases where
    /// they apply (`["mid", "leaf"]`). This is also the chart's template path in Helm
    /// (`parent/charts/mid/charts/leaf/...`).
    pub path: Vec<String>,
    /// The subchart's Chart.yaml name.
    pub chart_name: String,
    /// Indices through [`Chart::subcharts`] to the loaded chart ([`Chart::subchart_at`]).
    pub chart_index: Vec<usize>,
}

impl Computed {
    /// Returns the `.Values` a chart sees: the top chart's for an empty path, otherwise the
    /// section of the enabled subchart at `path` (alias names, `["mid", "leaf"]`), which
    /// holds its coalesced values and its `global`. `None` when no enabled subchart has
    /// that path.
    pub fn subchart_values(&self, path: &[&str]) -> Option<&Node> {
        if path.is_empty() {
            return Some(&self.values);
        }
        if !self.subcharts.iter().any(|c| c.path.iter().eq(path.iter())) {
            return None;
        }
        let mut node = &self.values;
        for key in path {
            node = node.as_map()?.get(*key)?;
        }
        Some(node)
    }

    /// Returns the enabled subcharts, parents before their children, siblings in the order
    /// Helm processes them (charts not listed in Chart.yaml first, then Chart.yaml order);
    /// this is the order of Helm's schema checks.
    pub fn enabled_subcharts(&self) -> &[EnabledChart] {
        &self.subcharts
    }
}

/// Returns the values Helm 3.17 computes for `chart` with user values `user` (the merged
/// `-f` files and `--set` flags: a map, or null for none), as `helm template` does.
///
/// Fails where Helm fails: a dependency missing from `charts/`, or a subchart's key holding
/// something other than a map.
///
/// `helm` picks whose rules apply where Helm 3.17 and 4.1 differ (a nested null over a null
/// default, see `coalesce_tables`).
///
/// `user` is taken, not borrowed: its nodes become the result's without a copy, so a large
/// overlay is never held twice. A caller that keeps the user values clones them.
pub fn compute(chart: &Chart, user: Node, helm: HelmVersion) -> Result<Computed, LayerError> {
    check_dependencies(chart)?;
    if chart.subcharts.is_empty() && !chart.dependencies_declared {
        return compute_lone(chart, user, helm);
    }
    compute_graph(chart, user, helm)
}

/// [`compute`] by Helm's passes over the chart graph, for any chart (`compute` takes it for
/// every chart that has subcharts or declares dependencies).
pub(crate) fn compute_graph(
    chart: &Chart,
    user: Node,
    helm: HelmVersion,
) -> Result<Computed, LayerError> {
    let user = user_table(user)?;
    let mut graph = ChartGraph::load(chart, helm)?;
    let mut warnings = Vec::new();
    process_dependency_enabled(&mut graph, ChartGraph::TOP, &user, "", &mut warnings)?;
    process_dependency_import_values(&mut graph, ChartGraph::TOP, &mut warnings)?;
    // The user's table is the caller's tree, moved, that the passes above only read (each
    // coalesced a copy of it), so the last pass coalesces it in place.
    let values = coalesce_values_into(&graph, ChartGraph::TOP, user, Nulls::Delete, &mut warnings)?;
    let mut subcharts = Vec::new();
    collect_enabled(&graph, ChartGraph::TOP, &mut Vec::new(), &mut subcharts);
    // The charts' tables are copies of their own (what `values` took from them it copied or
    // shares by reference): freed first, they leave `values` the only holder of most of its
    // tables, which are then moved into the result rather than copied.
    drop(graph);
    Ok(Computed {
        values: values.into_node(),
        warnings,
        subcharts,
    })
}

/// [`compute`] for a chart without subcharts and without a `dependencies` list: Helm's
/// passes before the last do nothing for it, and the last is done on the nodes themselves
/// (see `lone_chart.rs`). Fails as `compute` does: user values or defaults not a map.
fn compute_lone(chart: &Chart, mut user: Node, helm: HelmVersion) -> Result<Computed, LayerError> {
    LayerError::unless_values(&user, || "user values".to_string())?;
    LayerError::unless_values(&chart.defaults, || {
        format!("values of chart {}", chart.name)
    })?;
    if user.is_null() {
        user = Node::empty_map(user.origin);
    }
    let mut warnings = Vec::new();
    coalesce_lone_chart(&mut user, &chart.defaults, &chart.name, helm, &mut warnings);
    Ok(Computed {
        values: user,
        warnings,
        subcharts: Vec::new(),
    })
}

/// Fails when the chart's Chart.yaml lists a dependency that no chart in `charts/` is named
/// after (Helm's `action.CheckDependencies`, run on the top chart only).
fn check_dependencies(chart: &Chart) -> Result<(), LayerError> {
    let missing: Vec<_> = chart
        .dependencies
        .iter()
        .filter(|dep| !chart.subcharts.iter().any(|sub| sub.name == dep.name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(LayerError::MissingDependencies {
        chart: chart.name.clone(),
        names: missing.iter().map(|dep| dep.name.clone()).collect(),
        origins: missing.iter().map(|dep| dep.origin.clone()).collect(),
    })
}

/// Returns the user values as a table; null (no values at all) is an empty map.
fn user_table(user: Node) -> Result<Table, LayerError> {
    LayerError::unless_values(&user, || "user values".to_string())?;
    Ok(match GoValue::from_owned_node(user) {
        GoValue::Table(t) => t,
        GoValue::Leaf(null) => Table::new(null.origin),
    })
}

fn collect_enabled(
    graph: &ChartGraph,
    chart: ChartId,
    path: &mut Vec<String>,
    out: &mut Vec<EnabledChart>,
) {
    for &sub in &graph.charts[chart].deps {
        let obj = &graph.charts[sub];
        path.push(obj.name.clone());
        out.push(EnabledChart {
            path: path.clone(),
            chart_name: obj.chart_name.clone(),
            chart_index: obj.source.clone(),
        });
        collect_enabled(graph, sub, path, out);
        path.pop();
    }
}
