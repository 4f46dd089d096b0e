//! [`chart_keys`]: every key a chart knows, as one value tree, for the unknown-key and
//! redundant-override rules.
//!
//! That is the chart's defaults as Helm nests them ([`compute`] with no user values: subchart
//! defaults under their keys, imported values, globals), and in addition what a stage may
//! switch on: the defaults of subcharts the defaults leave disabled (an overlay that enables
//! one sets its keys too), and the value paths Chart.yaml's `condition`s and `tags` read.
//! Those paths need not have defaults; they hold null here, which the rules read as "any
//! value".
//!
//! Keys a chart's JSON schema knows are honoured once the schema module provides them: the
//! rule calls [`SchemaKeys`](super::unknown_key::SchemaKeys) for them.

use std::sync::Arc;

use crate::layer::{compute, Chart};
use crate::values::{HelmVersion, KeyPath, Map, Node, Origin, Segment, Value};

/// Returns every key `chart` knows, with its default where it has one.
pub fn chart_keys(chart: &Chart) -> Node {
    let empty = Node::empty_map(Origin::whole(Arc::from("(no user values)")));
    // Helm 4's rules keep every nested default null, so the keys either Helm knows are named.
    let mut keys = match compute(chart, empty, HelmVersion::V4) {
        Ok(computed) => computed.values,
        // Helm would fail on the chart itself; its own files still name its keys.
        Err(_) => chart.defaults.clone(),
    };
    add_missing(&mut keys, &nested_defaults(chart));
    keys
}

/// Returns the chart's defaults with every subchart's, enabled or not, under its key (its
/// alias, or its name), and null at the condition and tag paths of its dependencies.
fn nested_defaults(chart: &Chart) -> Node {
    let mut node = chart.defaults.clone();
    for sub in &chart.subcharts {
        let sub_keys = nested_defaults(sub);
        for key in chart.section_keys(sub) {
            add_at(&mut node, key, &sub_keys);
        }
    }
    for dependency in &chart.dependencies {
        let paths = dependency
            .condition
            .iter()
            .flat_map(|c| c.split(','))
            .filter_map(|p| KeyPath::parse(p.trim()).ok());
        let tags = dependency
            .tags
            .iter()
            .map(|tag| KeyPath::from_keys(["tags", tag.as_str()]));
        for path in paths.chain(tags) {
            add_null_at(&mut node, &path, &dependency.origin);
        }
    }
    node
}

/// Adds `from` under `key` of `node`: the whole of it where `node` has no such key, the keys
/// `node` lacks where both are maps.
fn add_at(node: &mut Node, key: &str, from: &Node) {
    let Some(map) = node.as_map_mut() else {
        return;
    };
    match map.get_mut(key) {
        Some(existing) => add_missing(existing, from),
        None => {
            map.insert(key.to_string().into(), from.clone());
        }
    }
}

/// Adds to `into` the keys of `from` it lacks, at every level where both are maps.
pub(crate) fn add_missing(into: &mut Node, from: &Node) {
    let (Some(into_map), Some(from_map)) = (into.as_map_mut(), from.as_map()) else {
        return;
    };
    for (key, value) in from_map {
        match into_map.get_mut(key) {
            Some(existing) => add_missing(existing, value),
            None => {
                into_map.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Puts a null at `path` (map keys only) unless something is there, creating maps on the way.
fn add_null_at(node: &mut Node, path: &KeyPath, origin: &Origin) {
    let mut here = node;
    for segment in path.segments() {
        let Segment::Key(key) = segment else {
            return;
        };
        let Some(map) = here.as_map_mut() else {
            return;
        };
        here = map.get_or_insert_with(key.clone().into(), || {
            Node::new(Value::Map(Map::new()), origin.clone())
        });
    }
    if matches!(&here.value, Value::Map(m) if m.is_empty()) {
        here.value = Value::Null;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::Dependency;
    use crate::values::to_json_compact;
    use crate::yaml::{parse_values, Limits};

    fn chart(
        name: &str,
        values: &str,
        dependencies: Vec<Dependency>,
        subcharts: Vec<Chart>,
    ) -> Chart {
        let defaults = parse_values(
            values.as_bytes(),
            format!("{name}/values.yaml").into(),
            &Limits::default(),
        )
        .unwrap()
        .root
        .unwrap_or_else(|| Node::empty_map(Origin::whole("x".into())));
        Chart {
            name: name.to_string(),
            version: "1.0.0".into(),
            app_version: None,
            defaults,
            dependencies_declared: !dependencies.is_empty(),
            read_alike: true,
            dependencies,
            subcharts,
            schema: None,
        }
    }

    fn dependency(
        name: &str,
        alias: Option<&str>,
        condition: Option<&str>,
        tags: &[&str],
    ) -> Dependency {
        Dependency {
            name: name.into(),
            version: Some("1.0.0".into()),
            alias: alias.map(str::to_string),
            condition: condition.map(str::to_string),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            import_values: Vec::new(),
            origin: Origin::new("Chart.yaml".into(), 5, 3),
        }
    }

    #[test]
    fn knows_defaults_disabled_subcharts_conditions_and_tags() {
        let db = chart("db", "port: 5432\n", vec![], vec![]);
        let cache = chart("cache", "size: 1\n", vec![], vec![]);
        let top = chart(
            "web",
            "image: {tag: \"1\"}\ndb:\n  enabled: false\n",
            vec![
                dependency("db", None, Some("db.enabled"), &[]),
                dependency(
                    "cache",
                    Some("memo"),
                    Some("memo.on, global.memo"),
                    &["extras"],
                ),
            ],
            vec![db, cache],
        );
        // db is disabled by default: its keys are known all the same; so are the aliased
        // cache's, the condition paths and the tag.
        assert_eq!(
            to_json_compact(&chart_keys(&top)),
            r#"{"db":{"enabled":false,"port":5432},"global":{"memo":null},"image":{"tag":"1"},"memo":{"global":{},"on":null,"size":1},"tags":{"extras":null}}"#
        );
    }
}
