//! [`ReleaseScope`]: what a release's policies look at. Helm renders nothing from the
//! section of a subchart the release leaves disabled, nor (by the charts' convention) from a
//! map whose `enabled` is false, so a policy does not check values there; and an empty image
//! tag stands for the `appVersion` of the chart whose section holds it.

use crate::layer::{Chart, Computed};
use crate::values::{KeyPath, Node, Segment, Value};

/// The chart that owns a section of a release's values: the top chart, or an enabled
/// subchart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionChart {
    /// Where its values are, from the top (the root for the top chart).
    pub path: KeyPath,
    /// Its Chart.yaml `name`.
    pub name: String,
    /// Its Chart.yaml `appVersion`.
    pub app_version: Option<String>,
}

/// Which values of a release its policies check, and which chart owns each value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseScope {
    /// The top chart and every enabled subchart, deepest last.
    charts: Vec<SectionChart>,
    /// The sections of the subcharts the release leaves disabled.
    disabled: Vec<KeyPath>,
}

impl ReleaseScope {
    /// Returns the scope of a release of `chart` whose values Helm computed as `computed`.
    pub fn new(chart: &Chart, computed: &Computed) -> ReleaseScope {
        let mut charts = vec![SectionChart {
            path: KeyPath::root(),
            name: chart.name.clone(),
            app_version: chart.app_version.clone(),
        }];
        for enabled in computed.enabled_subcharts() {
            if let Some(sub) = chart.subchart_at(&enabled.chart_index) {
                charts.push(SectionChart {
                    path: KeyPath::from_keys(enabled.path.iter().cloned()),
                    name: sub.name.clone(),
                    app_version: sub.app_version.clone(),
                });
            }
        }
        let mut sections = Vec::new();
        subchart_sections(chart, &mut KeyPath::root(), &mut sections);
        let disabled = sections
            .into_iter()
            .filter(|path| !charts.iter().any(|c| c.path == *path))
            .collect();
        ReleaseScope { charts, disabled }
    }

    /// Returns the scope of a chart named `name` with no subcharts (for tests, and for
    /// values that are not a chart's).
    pub fn single(name: &str, app_version: Option<&str>) -> ReleaseScope {
        ReleaseScope {
            charts: vec![SectionChart {
                path: KeyPath::root(),
                name: name.to_string(),
                app_version: app_version.map(str::to_string),
            }],
            disabled: Vec::new(),
        }
    }

    /// Returns true when Helm renders nothing from the value at `path` of `values`: it lies
    /// in the section of a disabled subchart, or below a map (other than the top) whose
    /// `enabled` is false. The `enabled` key itself stays in scope.
    pub fn is_switched_off(&self, values: &Node, path: &KeyPath) -> bool {
        let segments = path.segments();
        if self
            .disabled
            .iter()
            .any(|section| segments.starts_with(section.segments()))
        {
            return true;
        }
        let mut node = values;
        for (depth, segment) in segments.iter().enumerate() {
            let next = match (segment, &node.value) {
                (Segment::Key(key), Value::Map(map)) => map.get(key.as_str()),
                (Segment::Index(i), Value::List(items)) => items.get(*i),
                _ => None,
            };
            let Some(next) = next else {
                return false;
            };
            node = next;
            let below = &segments[depth + 1..];
            if below.is_empty() || below == [Segment::Key("enabled".into())] {
                return false;
            }
            if let Value::Map(map) = &node.value {
                if map
                    .get("enabled")
                    .is_some_and(|e| e.value == Value::Bool(false))
                {
                    return true;
                }
            }
        }
        false
    }

    /// Returns the chart whose section holds `path`: the deepest enabled subchart whose
    /// section contains it, or the top chart.
    pub fn chart_of(&self, path: &KeyPath) -> &SectionChart {
        self.charts
            .iter()
            .rev()
            .find(|c| path.segments().starts_with(c.path.segments()))
            .unwrap_or(&self.charts[0])
    }
}

/// Adds the key path of every subchart's section below `chart` (at `at`), enabled or not:
/// under each alias Chart.yaml gives it, or its name when Chart.yaml does not list it.
fn subchart_sections(chart: &Chart, at: &mut KeyPath, out: &mut Vec<KeyPath>) {
    for sub in &chart.subcharts {
        for key in chart.section_keys(sub) {
            at.push(Segment::Key(key.to_string()));
            out.push(at.clone());
            subchart_sections(sub, at, out);
            at.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::test_tree as tree;

    #[test]
    fn values_below_a_map_switched_off_are_out_of_scope() {
        let values = tree(
            "v.yaml",
            "enabled: false\ndb:\n  enabled: false\n  image: {tag: \"\"}\nweb:\n  enabled: true\n  image: {tag: x}\nlist:\n  - enabled: false\n    tag: x\ntext:\n  enabled: \"false\"\n  tag: x\n",
        );
        let scope = ReleaseScope::single("web", None);
        let rows: &[(&str, bool)] = &[
            ("enabled", false),
            ("db.enabled", false),
            ("db", false),
            ("db.image.tag", true),
            ("web.image.tag", false),
            ("list[0].tag", true),
            ("text.tag", false),
            ("missing.tag", false),
        ];
        for (path, off) in rows {
            let path = KeyPath::parse(path).unwrap();
            assert_eq!(scope.is_switched_off(&values, &path), *off, "{path}");
        }
    }

    #[test]
    fn subcharts_own_their_sections() {
        let scope = ReleaseScope {
            charts: vec![
                SectionChart {
                    path: KeyPath::root(),
                    name: "stack".into(),
                    app_version: Some("v1".into()),
                },
                SectionChart {
                    path: KeyPath::parse("metrics").unwrap(),
                    name: "kube-state-metrics".into(),
                    app_version: Some("2.20.0".into()),
                },
            ],
            disabled: vec![KeyPath::parse("grafana").unwrap()],
        };
        let values = tree("v.yaml", "a: 1\n");
        let owner = |p: &str| scope.chart_of(&KeyPath::parse(p).unwrap()).name.clone();
        assert_eq!(owner("metrics.image.tag"), "kube-state-metrics");
        assert_eq!(owner("metricsx.image.tag"), "stack");
        assert_eq!(owner("image.tag"), "stack");
        let off = |p: &str| scope.is_switched_off(&values, &KeyPath::parse(p).unwrap());
        assert!(off("grafana.image.tag") && off("grafana"));
        assert!(!off("metrics.image.tag"));
    }
}
