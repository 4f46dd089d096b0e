//! [`Layers`]: the layers of one release, lowest precedence first, each with its
//! [`LayerKind`], its file (or flag) and its parsed root; and the two questions asked of
//! them: which layers set, overrode or deleted a key ([`Layers::trace`], for `strata
//! explain`), and which layer writes a key, at which line ([`Layers::writer_of`], for the
//! redundant-override rule and promotion).
//!
//! The chart's defaults are one layer per `values.yaml` (the chart's and each subchart's),
//! so every default value is known to come from a chart or from a dependency; but they are
//! traced as one tree, as Helm nests them before any user value is seen (subchart defaults
//! under their keys, the parent's over them, import-values and globals applied): the
//! caller gives that tree, computed with no user values. A node of that tree is attributed
//! to the defaults layer whose file it was written in; a node Helm made (an injected
//! `global: {}`) to the chart's own.
//!
//! Building the layers of a release from its files is the workspace's job
//! (`ReleaseValues::layers`, `CommandLineValues::add_layers`); this module only orders and
//! reads them.

use std::borrow::Cow;
use std::ops::Index;

use crate::values::{KeyPath, Node, Origin, SourceName};

use super::chart::Chart;
use super::layer_kind::LayerKind;
use super::trace::{effects, with_globals_copied_to, Effect, TraceStep};

/// One layer of a release.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer<'a> {
    /// What the layer is.
    pub kind: LayerKind,
    /// The file's display path (`environments/production/web.yaml`), or the flag as given
    /// (`--set image.tag=1.2`): the `source` of every origin the layer writes.
    pub source: SourceName,
    /// The values the layer writes, as its file holds them (a subchart's defaults relative
    /// to the subchart); `None` for a file that holds no document (empty, or comments only).
    pub root: Option<Cow<'a, Node>>,
}

/// A layer's place in its [`Layers`]: lower places have lower precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LayerRef(usize);

impl LayerRef {
    /// Returns the layer's position in its [`Layers`], from 0 for the lowest.
    pub fn position(self) -> usize {
        self.0
    }
}

/// The layer that writes a key last: the key holds what it wrote there (a `null` at the
/// key included), since no layer above it writes the key or one of its ancestors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Writer<'n> {
    /// The layer.
    pub layer: LayerRef,
    /// The layer's kind.
    pub kind: LayerKind,
    /// What it writes at the key; its `origin` is the file, line and column.
    pub node: &'n Node,
}

impl Writer<'_> {
    /// Returns where the layer writes the key's value: file, line and column.
    pub fn origin(&self) -> &Origin {
        &self.node.origin
    }
}

/// The layers of a release, lowest precedence first, in [`LayerKind`] order.
#[derive(Clone, Debug, PartialEq)]
pub struct Layers<'a> {
    /// The chart's defaults as Helm nests them, traced in place of the default layers;
    /// `None` below a default layer (see [`Layers::below`]).
    defaults: Option<&'a Node>,
    list: Vec<Layer<'a>>,
}

impl<'a> Layers<'a> {
    /// Returns the default layers of `chart`: every subchart's `values.yaml` (each below its
    /// parent, siblings in the order Helm loads them; enabled or not, since conditions are
    /// read from the user values), then the chart's own. `nested` is the chart's defaults
    /// as Helm nests them (what [`compute`](super::compute) gives for no user values, or
    /// any tree holding at least those keys), which is what tracing reads for them.
    pub fn of_chart(chart: &'a Chart, nested: &'a Node) -> Layers<'a> {
        let mut layers = Layers {
            defaults: Some(nested),
            list: Vec::new(),
        };
        add_defaults(&mut layers, chart, LayerKind::ChartDefaults);
        layers
    }

    /// Adds a layer: above every layer of a lower kind or of the same kind added before it,
    /// below every layer of a higher kind. A layer of a default kind is listed, but traced
    /// only through the nested defaults given to [`Layers::of_chart`].
    pub fn push(&mut self, kind: LayerKind, source: SourceName, root: Option<Cow<'a, Node>>) {
        let at = self.list.partition_point(|l| l.kind <= kind);
        self.list.insert(at, Layer { kind, source, root });
    }

    /// Returns the layers, lowest precedence first.
    pub fn iter(&self) -> impl Iterator<Item = (LayerRef, &Layer<'a>)> {
        self.list.iter().enumerate().map(|(i, l)| (LayerRef(i), l))
    }

    /// Returns the number of layers.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Returns true when there is no layer.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Returns the lowest layer whose file or flag is the origin's source; `None` for an
    /// origin no layer wrote (a value Helm made, a `Chart.yaml`, a schema).
    pub fn layer_of(&self, origin: &Origin) -> Option<LayerRef> {
        self.list
            .iter()
            .position(|l| l.source == origin.source)
            .map(LayerRef)
    }

    /// Returns the kind of the layer that wrote at `origin` ([`Layers::layer_of`]).
    pub fn kind_of(&self, origin: &Origin) -> Option<LayerKind> {
        self.layer_of(origin).map(|r| self[r].kind)
    }

    /// Returns the layers lower than `layer`. The chart's defaults are one tree as Helm
    /// nests them, so below a default layer no defaults are traced.
    pub fn below(&self, layer: LayerRef) -> Layers<'a> {
        let split = layer.0.min(self.list.len());
        let defaults = match self.list.get(split) {
            Some(l) if l.kind.is_defaults() => None,
            _ => self.defaults,
        };
        Layers {
            defaults,
            list: self.list[..split].to_vec(),
        }
    }

    /// Returns the layers with every user layer's top-level `global` also written under
    /// the subchart at `subchart` (alias path), as Helm copies a parent's globals into each
    /// subchart; tracing `sub.global.x` then finds a layer's `global.x`. The defaults are
    /// left as they are: the nested defaults hold the copies already.
    pub fn with_globals_copied_to(&self, subchart: &[String]) -> Layers<'a> {
        let list = self
            .list
            .iter()
            .map(|l| Layer {
                root: match &l.root {
                    Some(root) if !l.kind.is_defaults() => {
                        Some(Cow::Owned(with_globals_copied_to(root, subchart)))
                    }
                    other => other.clone(),
                },
                ..l.clone()
            })
            .collect();
        Layers {
            defaults: self.defaults,
            list,
        }
    }

    /// Returns, most recent last, the layers that set, overrode or deleted the key at
    /// `path` (directly or through an ancestor).
    pub fn trace(&self, path: &KeyPath) -> Vec<TraceStep> {
        self.trace_each(|_| path.clone())
    }

    /// Returns what [`Layers::trace`] does, with the key's path in each layer given by
    /// `path_in` from the layer's root: a list element named by identity
    /// (`env[name=MODE]`) sits at its own position in each layer's list.
    pub fn trace_each(&self, path_in: impl Fn(&Node) -> KeyPath) -> Vec<TraceStep> {
        let (refs, roots) = self.traced();
        effects(&roots, path_in)
            .into_iter()
            .map(|effect| TraceStep {
                layer: self.layer_of_effect(&refs, &effect),
                action: effect.action,
                at: effect.at,
                origin: effect.node.origin.clone(),
                value: effect.node.value.clone(),
            })
            .collect()
    }

    /// Returns the highest layer that writes the key at `path`, and what it writes there:
    /// the layer whose value the key holds (a `null` written at the key included). `None`
    /// when no layer writes it, or when a layer above the last one that does replaces or
    /// deletes an ancestor (the key is then gone).
    ///
    /// A key only the defaults write is attributed to the `values.yaml` it is written in
    /// (the chart's, or a subchart's when the parent's defaults leave it alone).
    pub fn writer_of(&self, path: &KeyPath) -> Option<Writer<'_>> {
        let (refs, roots) = self.traced();
        let last = effects(&roots, |_| path.clone()).pop()?;
        if last.at != *path {
            return None;
        }
        let layer = self.layer_of_effect(&refs, &last);
        Some(Writer {
            layer,
            kind: self[layer].kind,
            node: last.node,
        })
    }

    /// Returns the trees tracing reads, lowest first, each with its layer (`None` for the
    /// nested defaults, whose layer depends on the node).
    fn traced(&self) -> (Vec<Option<LayerRef>>, Vec<&Node>) {
        let defaults = self.defaults.map(|d| (None, d));
        let users = self.iter().filter_map(|(r, l)| match &l.root {
            Some(root) if !l.kind.is_defaults() => Some((Some(r), root.as_ref())),
            _ => None,
        });
        defaults.into_iter().chain(users).unzip()
    }

    /// Returns the layer an effect belongs to: the layer traced, or for the nested defaults
    /// the default layer the node was written in, else the chart's own defaults.
    fn layer_of_effect(&self, refs: &[Option<LayerRef>], effect: &Effect<'_>) -> LayerRef {
        refs[effect.position].unwrap_or_else(|| {
            let source = &effect.node.origin.source;
            let defaults = || self.iter().filter(|(_, l)| l.kind.is_defaults());
            defaults()
                .find(|(_, l)| l.source == *source)
                .or_else(|| defaults().find(|(_, l)| l.kind == LayerKind::ChartDefaults))
                .map(|(r, _)| r)
                .expect("the nested defaults come with the chart's default layers")
        })
    }
}

impl<'a> Index<LayerRef> for Layers<'a> {
    type Output = Layer<'a>;

    fn index(&self, layer: LayerRef) -> &Layer<'a> {
        &self.list[layer.0]
    }
}

/// Adds the default layers of `chart` and its subcharts, children first.
fn add_defaults<'a>(layers: &mut Layers<'a>, chart: &'a Chart, kind: LayerKind) {
    for sub in &chart.subcharts {
        add_defaults(layers, sub, LayerKind::SubchartDefaults);
    }
    layers.list.push(Layer {
        kind,
        source: chart.defaults.origin.source.clone(),
        root: Some(Cow::Borrowed(&chart.defaults)),
    });
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::layer::compute;
    use crate::layer::tests::support::{chart_from_json, node_from_json};
    use crate::values::HelmVersion;
    use crate::yaml::test_tree as tree;

    /// Returns chart `web` with subchart `db`, which has subchart `leaf`, each with the
    /// given values.yaml text (sources `web/values.yaml`, `web/charts/db/values.yaml`, ...).
    fn chart(web: &str, db: &str, leaf: &str) -> Chart {
        let mut chart = chart_from_json(&json!({
            "name": "web",
            "charts": [{"name": "db", "charts": [{"name": "leaf"}]}]
        }));
        chart.defaults = tree("web/values.yaml", web);
        chart.subcharts[0].defaults = tree("web/charts/db/values.yaml", db);
        chart.subcharts[0].subcharts[0].defaults =
            tree("web/charts/db/charts/leaf/values.yaml", leaf);
        chart
    }

    /// Returns the chart's defaults as Helm nests them.
    fn nested(chart: &Chart) -> Node {
        let empty = Node::empty_map(Origin::whole(Arc::from("(no user values)")));
        compute(chart, empty, HelmVersion::V3)
            .expect("the test chart computes")
            .values
    }

    fn overlay(index: usize) -> LayerKind {
        LayerKind::StageOverlay { index }
    }

    fn set_flag(index: usize) -> LayerKind {
        LayerKind::SetFlag {
            index,
            flag: "--set",
        }
    }

    fn listed(layers: &Layers<'_>) -> Vec<String> {
        layers
            .iter()
            .map(|(r, l)| format!("{} {:?} {}", r.position(), l.kind, l.source))
            .collect()
    }

    #[test]
    fn lists_the_layers_lowest_first_whatever_order_they_are_added_in() {
        let chart = chart("a: 1\n", "b: 1\n", "c: 1\n");
        let defaults = nested(&chart);
        let mut layers = Layers::of_chart(&chart, &defaults);
        let flag = node_from_json(&json!({"a": 2}), "--set a=2");
        layers.push(set_flag(0), "--set a=2".into(), Some(Cow::Owned(flag)));
        layers.push(overlay(1), "env/web/b.yaml".into(), None);
        layers.push(LayerKind::ValuesFile { index: 0 }, "x.yaml".into(), None);
        layers.push(overlay(0), "env/web.yaml".into(), None);
        assert_eq!(
            listed(&layers),
            [
                "0 SubchartDefaults web/charts/db/charts/leaf/values.yaml",
                "1 SubchartDefaults web/charts/db/values.yaml",
                "2 ChartDefaults web/values.yaml",
                "3 StageOverlay { index: 0 } env/web.yaml",
                "4 StageOverlay { index: 1 } env/web/b.yaml",
                "5 ValuesFile { index: 0 } x.yaml",
                "6 SetFlag { index: 0, flag: \"--set\" } --set a=2",
            ]
        );
        assert_eq!(layers.len(), 7);
        let below: Vec<String> = listed(&layers.below(LayerRef(4)));
        assert_eq!(below.len(), 4);
        assert_eq!(below[3], "3 StageOverlay { index: 0 } env/web.yaml");
    }

    #[test]
    fn finds_the_highest_layer_writing_a_key_and_its_line() {
        let chart = chart(
            "replicas: 1\nimage:\n  repository: nginx\n  tag: \"1.0\"\nlegacy:\n  x: 1\ndb:\n  user: web\n",
            "port: 5432\nuser: db\nname: app\n",
            "depth: 2\n",
        );
        let defaults = nested(&chart);
        let mut layers = Layers::of_chart(&chart, &defaults);
        let staging = tree(
            "env/staging/web.yaml",
            "image:\n  tag: \"2.0\"\ndb:\n  port: 6432\nlegacy: null\n",
        );
        let extra = tree("env/staging/web/extra.yaml", "image:\n  tag: \"2.1\"\n");
        layers.push(
            overlay(0),
            "env/staging/web.yaml".into(),
            Some(Cow::Borrowed(&staging)),
        );
        layers.push(
            overlay(1),
            "env/staging/web/extra.yaml".into(),
            Some(Cow::Borrowed(&extra)),
        );
        let flag = node_from_json(&json!({"replicas": 3}), "--set replicas=3");
        layers.push(
            set_flag(0),
            "--set replicas=3".into(),
            Some(Cow::Owned(flag)),
        );
        // (key, expected writer as `position kind origin`, or "none")
        let rows: &[(&str, &str)] = &[
            ("image.repository", "2 ChartDefaults web/values.yaml:3:15"),
            (
                "db.name",
                "1 SubchartDefaults web/charts/db/values.yaml:3:7",
            ),
            (
                "db.leaf.depth",
                "0 SubchartDefaults web/charts/db/charts/leaf/values.yaml:1:8",
            ),
            // The parent's defaults are above the subchart's.
            ("db.user", "2 ChartDefaults web/values.yaml:8:9"),
            // A subchart's default overridden by an overlay.
            (
                "db.port",
                "3 StageOverlay { index: 0 } env/staging/web.yaml:4:9",
            ),
            // The later overlay wins.
            (
                "image.tag",
                "4 StageOverlay { index: 1 } env/staging/web/extra.yaml:2:8",
            ),
            (
                "replicas",
                "5 SetFlag { index: 0, flag: \"--set\" } --set replicas=3",
            ),
            // A null written at the key is written there...
            (
                "legacy",
                "3 StageOverlay { index: 0 } env/staging/web.yaml:5:9",
            ),
            // ...and deletes what is below it: nobody writes that any more.
            ("legacy.x", "none"),
            ("image.digest", "none"),
        ];
        for (key, expected) in rows {
            let path = KeyPath::parse(key).expect("test paths parse");
            let got = layers.writer_of(&path).map_or("none".to_string(), |w| {
                format!("{} {:?} {}", w.layer.position(), w.kind, w.origin())
            });
            assert_eq!(got, *expected, "{key}");
        }
    }

    #[test]
    fn traces_through_the_nested_defaults_and_names_each_layer() {
        let chart = chart("{}\n", "port: 5432\n", "{}\n");
        let defaults = nested(&chart);
        let mut layers = Layers::of_chart(&chart, &defaults);
        let staging = tree("env/staging/web.yaml", "db:\n  port: null\n");
        layers.push(
            overlay(0),
            "env/staging/web.yaml".into(),
            Some(Cow::Borrowed(&staging)),
        );
        let steps: Vec<String> = layers
            .trace(&KeyPath::parse("db.port").expect("parses"))
            .iter()
            .map(|s| format!("{:?} {:?} {}", layers[s.layer].kind, s.action, s.origin))
            .collect();
        assert_eq!(
            steps,
            [
                "SubchartDefaults Set web/charts/db/values.yaml:1:7",
                "StageOverlay { index: 0 } Delete env/staging/web.yaml:2:9",
            ]
        );
    }

    #[test]
    fn tells_which_layer_an_origin_is_in() {
        let chart = chart("a: 1\n", "b: 1\n", "c: 1\n");
        let defaults = nested(&chart);
        let mut layers = Layers::of_chart(&chart, &defaults);
        layers.push(overlay(0), "env/web.yaml".into(), None);
        let at = |source: &str| Origin::new(Arc::from(source), 1, 1);
        assert_eq!(
            layers.kind_of(&at("web/charts/db/values.yaml")),
            Some(LayerKind::SubchartDefaults)
        );
        assert_eq!(
            layers.kind_of(&at("web/values.yaml")),
            Some(LayerKind::ChartDefaults)
        );
        // An empty overlay is a layer too: a fix may go there.
        assert_eq!(layers.kind_of(&at("env/web.yaml")), Some(overlay(0)));
        assert_eq!(layers.kind_of(&at("web/Chart.yaml")), None);
        assert_eq!(layers.kind_of(&at("<chart web.db: injected global>")), None);
    }

    #[test]
    fn copies_each_user_layers_globals_into_a_subchart() {
        let chart = chart("{}\n", "{}\n", "{}\n");
        let defaults = nested(&chart);
        let mut layers = Layers::of_chart(&chart, &defaults);
        let staging = tree("env/staging/web.yaml", "global:\n  region: eu\n");
        layers.push(
            overlay(0),
            "env/staging/web.yaml".into(),
            Some(Cow::Borrowed(&staging)),
        );
        let path = KeyPath::parse("db.global.region").expect("parses");
        assert_eq!(layers.writer_of(&path), None);
        let copied = layers.with_globals_copied_to(&["db".to_string()]);
        let writer = copied.writer_of(&path).expect("the overlay's global");
        assert_eq!(writer.kind, overlay(0));
        assert_eq!(writer.origin().to_string(), "env/staging/web.yaml:2:11");
    }
}
