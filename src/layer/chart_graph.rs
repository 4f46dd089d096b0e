//! [`ChartGraph`]: the chart tree as Helm's processing changes it, with Go's sharing.
//!
//! Helm edits its loaded chart while computing values: it replaces each chart's list of
//! subcharts by aliased copies (`getAliasDependency` copies the chart struct), drops disabled
//! ones, renames Chart.yaml dependency entries to their aliases and replaces each chart's
//! default values by the pre-merged ones. The copies are shallow: a chart included twice
//! under two aliases shares its Chart.yaml dependency entries and its own subchart objects
//! between the copies, and edits made while processing the first copy are seen by the
//! second. Helm 3.17.3 shows it: with `child` aliased as `ca` and `cb` and `child` depending
//! on `grandchild` aliased `gc`, `cb` renders `grandchild` unaliased and always enabled.
//! The graph keeps charts and dependency entries in arenas addressed by index, so a copy
//! shares exactly what Go's copy shares.

use crate::values::Origin;

use super::chart::{Chart, ImportValue};
use super::coalesce::concat_prefix;
use super::error::LayerError;
use super::go_tree::{GoValue, Table};
use super::version_range::is_compatible_range;

/// Index of a chart object in [`ChartGraph::charts`] (a `*chart.Chart` in Helm).
pub(crate) type ChartId = usize;
/// Index of a dependency entry in [`ChartGraph::reqs`] (a `*chart.Dependency` in Helm).
pub(crate) type ReqId = usize;

/// A chart object: one loaded chart, or a copy of one made for a dependency entry.
#[derive(Clone, Debug)]
pub(crate) struct ChartObj {
    /// `Metadata.Name`: the Chart.yaml name, or the alias on a copy made for an alias.
    pub name: String,
    /// The Chart.yaml name of the loaded chart.
    pub chart_name: String,
    /// The Chart.yaml version of the loaded chart.
    pub version: String,
    /// `Values`: the defaults, replaced by the pre-merged defaults during processing.
    pub values: Table,
    /// `Metadata.Dependencies`; `None` is Go's nil slice, which stops processing.
    pub meta_deps: Option<Vec<ReqId>>,
    /// `Dependencies()`: the subchart objects.
    pub deps: Vec<ChartId>,
    /// Indices through [`Chart::subcharts`] to the loaded chart this object stands for.
    pub source: Vec<usize>,
    /// The chart's names from the top chart down (`parent.mid.leaf`, aliases applied), for
    /// origins strata gives to values Helm creates.
    pub label: String,
}

/// A Chart.yaml dependency entry, which Helm edits in place while processing.
#[derive(Clone, Debug)]
pub(crate) struct Req {
    /// `Name`: the chart name, replaced by the alias once the entry has been processed.
    pub name: String,
    /// `Version`, the version range; empty for none.
    pub version: String,
    /// `Alias`; empty for none.
    pub alias: String,
    /// `Condition`.
    pub condition: String,
    /// `Tags`.
    pub tags: Vec<String>,
    /// `ImportValues` as written.
    pub imports: Vec<ImportValue>,
    /// True once the imports have been processed: Helm rewrites the entries into
    /// `map[string]string`, which its import code no longer recognises, so a second pass
    /// over the same entry imports nothing.
    pub imports_consumed: bool,
    /// `Enabled`.
    pub enabled: bool,
    /// Where the entry is written in Chart.yaml.
    pub origin: Origin,
}

/// Chart objects and dependency entries, with the top chart at index 0.
#[derive(Clone, Debug, Default)]
pub(crate) struct ChartGraph {
    pub charts: Vec<ChartObj>,
    pub reqs: Vec<Req>,
    /// Whose coalescing rules the passes follow.
    pub helm: crate::values::HelmVersion,
}

impl ChartGraph {
    /// Index of the top chart.
    pub(crate) const TOP: ChartId = 0;

    /// Builds the graph of a loaded chart tree.
    pub(crate) fn load(
        chart: &Chart,
        helm: crate::values::HelmVersion,
    ) -> Result<ChartGraph, LayerError> {
        let mut graph = ChartGraph {
            helm,
            ..ChartGraph::default()
        };
        graph.add_chart(chart, Vec::new(), "")?;
        Ok(graph)
    }

    fn add_chart(
        &mut self,
        chart: &Chart,
        source: Vec<usize>,
        parent_label: &str,
    ) -> Result<ChartId, LayerError> {
        LayerError::unless_values(&chart.defaults, || {
            format!("values of chart {}", chart.name)
        })?;
        let values = match GoValue::from_node(&chart.defaults) {
            GoValue::Table(t) => t,
            GoValue::Leaf(null) => Table::new(null.origin),
        };
        let id = self.charts.len();
        // A declared list, even `dependencies: []`, is a non-nil slice in Go: processing
        // runs. Entries without the flag set still count as declared.
        let declared = chart.dependencies_declared || !chart.dependencies.is_empty();
        let meta_deps = declared.then(Vec::new);
        self.charts.push(ChartObj {
            name: chart.name.clone(),
            chart_name: chart.name.clone(),
            version: chart.version.clone(),
            values,
            meta_deps,
            deps: Vec::new(),
            source: source.clone(),
            label: concat_prefix(parent_label, &chart.name),
        });
        let mut reqs = Vec::with_capacity(chart.dependencies.len());
        for dep in &chart.dependencies {
            reqs.push(self.reqs.len());
            self.reqs.push(Req {
                name: dep.name.clone(),
                version: dep.version.clone().unwrap_or_default(),
                alias: dep.alias.clone().unwrap_or_default(),
                condition: dep.condition.clone().unwrap_or_default(),
                tags: dep.tags.clone(),
                imports: dep.import_values.clone(),
                imports_consumed: false,
                enabled: true,
                origin: dep.origin.clone(),
            });
        }
        if let Some(meta) = self.charts[id].meta_deps.as_mut() {
            *meta = reqs;
        }
        let mut deps = Vec::with_capacity(chart.subcharts.len());
        for (i, sub) in chart.subcharts.iter().enumerate() {
            let mut sub_source = source.clone();
            sub_source.push(i);
            let label = self.charts[id].label.clone();
            deps.push(self.add_chart(sub, sub_source, &label)?);
        }
        self.charts[id].deps = deps;
        Ok(id)
    }

    /// Returns true when the entry `req` names the chart `chart`: same name, and the chart's
    /// version in the entry's range.
    pub(crate) fn matches(&self, req: ReqId, chart: ChartId) -> bool {
        let (req, chart) = (&self.reqs[req], &self.charts[chart]);
        req.name == chart.name && is_compatible_range(&req.version, &chart.version)
    }

    /// Returns a copy of the first chart in `candidates` that the entry `req` names,
    /// renamed to the entry's alias if it has one (Helm's `getAliasDependency`), as a
    /// subchart of `parent`.
    pub(crate) fn alias_dependency(
        &mut self,
        parent: ChartId,
        candidates: &[ChartId],
        req: ReqId,
    ) -> Option<ChartId> {
        let found = candidates.iter().copied().find(|&c| self.matches(req, c))?;
        let mut copy = self.charts[found].clone();
        if !self.reqs[req].alias.is_empty() {
            copy.name = self.reqs[req].alias.clone();
        }
        copy.label = concat_prefix(&self.charts[parent].label, &copy.name);
        self.charts.push(copy);
        Some(self.charts.len() - 1)
    }
}
