//! [`Chart`]: a chart and its subcharts in memory, as far as values are concerned.
//!
//! Reading a chart folder (Chart.yaml, values.yaml, `charts/`) is done elsewhere; this is
//! what that reading produces and what [`compute`](super::compute) takes.

use crate::values::{Node, Origin};

use super::schema_source::SchemaSource;

/// A chart: its Chart.yaml facts, its default values and the charts in its `charts/` folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// `name` from Chart.yaml. Subcharts are matched to dependencies by this name, not by
    /// their folder name.
    pub name: String,
    /// `version` from Chart.yaml.
    pub version: String,
    /// `appVersion` from Chart.yaml.
    pub app_version: Option<String>,
    /// values.yaml as a map node; an empty map when the chart has none.
    pub defaults: Node,
    /// `dependencies` from Chart.yaml, in order.
    pub dependencies: Vec<Dependency>,
    /// True when Chart.yaml has a non-null `dependencies` key, even an empty list.
    ///
    /// Helm (3.17) skips condition, tag and alias processing for a chart without one, and so
    /// for every chart below it: with no `dependencies` key at the top, a sub-subchart's
    /// condition is never evaluated and its alias never applied. It also skips the
    /// pre-merge of subchart defaults (`import-values` processing) for such a chart.
    pub dependencies_declared: bool,
    /// The charts found in `charts/`, in the order Helm loads them (by path).
    pub subcharts: Vec<Chart>,
    /// `values.schema.json`, as read (parsed when values are validated, as Helm does).
    pub schema: Option<SchemaSource>,
    /// True when Helm 3 and Helm 4 read this chart's values.yaml, and every subchart's,
    /// alike (none has a `---` line, where Helm 4 splits documents): one reading of the
    /// chart serves both.
    pub read_alike: bool,
}

/// One entry of Chart.yaml's `dependencies` (the fields that matter for values).
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    /// The chart's name; matches a subchart's Chart.yaml `name`.
    pub name: String,
    /// The version range a chart in `charts/` must satisfy to be this dependency. Without
    /// one (or with one that does not parse) Helm links no chart to the entry: the chart in
    /// `charts/` then counts as unlisted (always enabled, under its own name).
    pub version: Option<String>,
    /// The key its values live under, and the name it renders as; `None` (or empty) for the
    /// chart's own name. Several entries may alias the same chart.
    pub alias: Option<String>,
    /// Comma-separated value paths, relative to the parent's values; the first one that
    /// holds a bool decides whether the dependency is enabled.
    pub condition: Option<String>,
    /// Names under the top-level `tags` map that enable or disable the dependency.
    pub tags: Vec<String>,
    /// Values the parent imports from this dependency, in order.
    pub import_values: Vec<ImportValue>,
    /// Where the entry is written in Chart.yaml.
    pub origin: Origin,
}

/// One entry of a dependency's `import-values`.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportValue {
    /// `- data`: the map at `<dependency>.exports.data` is merged into the parent's top
    /// level.
    Simple(String),
    /// `- {child: a.b, parent: c}`: the map at `<dependency>.a.b` is merged under the
    /// parent's `c` (`.` for the top level).
    Map {
        /// Dotted path below the dependency's values.
        child: String,
        /// Dotted path in the parent's values, or `.`.
        parent: String,
    },
}

impl Chart {
    /// Returns the subchart reached by following `indices` through `subcharts` (the
    /// `chart_index` of an [`EnabledChart`](super::EnabledChart)); the chart itself for an
    /// empty slice.
    pub fn subchart_at(&self, indices: &[usize]) -> Option<&Chart> {
        let mut chart = self;
        for &i in indices {
            chart = chart.subcharts.get(i)?;
        }
        Some(chart)
    }

    /// Returns true when the chart or any subchart, at any depth, has a
    /// `values.schema.json`: only then do Helm's schema checks have anything to check.
    pub fn has_schema(&self) -> bool {
        self.schema.is_some() || self.subcharts.iter().any(Chart::has_schema)
    }

    /// Returns the keys the subchart `sub` has sections under in this chart's values: the
    /// key (alias, or name) of every Chart.yaml entry naming it, or its name when Chart.yaml
    /// does not list it (Helm then enables it under its name).
    pub fn section_keys<'a>(&'a self, sub: &'a Chart) -> Vec<&'a str> {
        let mut keys: Vec<&str> = self
            .dependencies
            .iter()
            .filter(|d| d.name == sub.name)
            .map(|d| d.key())
            .collect();
        if keys.is_empty() {
            keys.push(&sub.name);
        }
        keys
    }
}

impl Dependency {
    /// Returns the key the dependency's values live under: its alias, or its name.
    pub fn key(&self) -> &str {
        match &self.alias {
            Some(alias) if !alias.is_empty() => alias,
            _ => &self.name,
        }
    }
}
