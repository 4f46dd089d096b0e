//! The secret rules of a release ([`release_secret_rules`]): `strata.yaml`'s `secrets:`
//! globs and the paths of its values that its schemas mark `writeOnly: true`
//! ([`write_only_patterns`]), handed to [`crate::secrets`] as data. Which paths are secret
//! is decided there; this file only knows where each schema applies.
//!
//! Every schema the release's values meet counts: the top chart's `values.schema.json`, the
//! workspace's `schemas/<chart>.schema.json`, and the schema of every subchart at any depth,
//! folder or packaged `.tgz`, as the chart loader read them into the [`Chart`] tree. A
//! subchart's schema applies under the key Helm nests its values at, below its parent's: its
//! name, or the alias of each Chart.yaml entry naming it. Enabled subcharts come with their
//! exact path (`Computed::enabled_subcharts`); every other name and alias combination is
//! added too, since a disabled subchart's section still holds what the overlays set.
//!
//! The schemas themselves are read by the schema module ([`write_only_paths`]), which
//! resolves `$ref`s as validation does, into other workspace schema files included.

use std::collections::HashMap;

use crate::layer::{Chart, EnabledChart};
use crate::schema::{write_only_paths, PathStep, SchemaError, SchemaSource};
use crate::secrets::{write_only_pattern, SecretRules, WriteOnlyStep};
use crate::source::Tree;
use crate::values::KeyPattern;

use super::{ReleaseValues, Workspace, WorkspaceError};

/// The most values paths of subcharts spelled out one by one (names times aliases, level by
/// level); past it, each subchart's schema applies under its key at any depth (`**.db.x`),
/// which hides more than needed but never less.
const MAX_PLACES: usize = 1024;

/// A chart of the tree (indices through [`Chart::subcharts`]) and one path its values live
/// under.
struct Place {
    index: Vec<usize>,
    prefix: Vec<WriteOnlyStep>,
}

/// Returns the keys a subchart's values may live under in its parent's: its Chart.yaml name
/// and the key (alias or name) of every entry of the parent's Chart.yaml naming it.
fn keys_of(parent: &Chart, sub: &Chart) -> Vec<String> {
    let mut keys = vec![sub.name.clone()];
    for dep in parent.dependencies.iter().filter(|d| d.name == sub.name) {
        let key = dep.key().to_string();
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Spells out every path of every subchart below `chart`; `false` when there are more than
/// [`MAX_PLACES`].
fn exact_places(
    chart: &Chart,
    index: &mut Vec<usize>,
    prefix: &mut Vec<String>,
    out: &mut Vec<Place>,
) -> bool {
    for (i, sub) in chart.subcharts.iter().enumerate() {
        for key in keys_of(chart, sub) {
            if out.len() >= MAX_PLACES {
                return false;
            }
            index.push(i);
            prefix.push(key);
            out.push(Place {
                index: index.clone(),
                prefix: prefix.iter().cloned().map(WriteOnlyStep::Key).collect(),
            });
            let complete = exact_places(sub, index, prefix, out);
            index.pop();
            prefix.pop();
            if !complete {
                return false;
            }
        }
    }
    true
}

/// Returns each subchart below `chart` under each of its keys at any depth.
fn loose_places(chart: &Chart, index: &mut Vec<usize>, out: &mut Vec<Place>) {
    for (i, sub) in chart.subcharts.iter().enumerate() {
        index.push(i);
        for key in keys_of(chart, sub) {
            out.push(Place {
                index: index.clone(),
                prefix: vec![WriteOnlyStep::AnyDepth, WriteOnlyStep::Key(key)],
            });
        }
        loose_places(sub, index, out);
        index.pop();
    }
}

/// Returns the pattern of a schema path below `prefix` ([`write_only_pattern`]).
fn pattern(prefix: &[WriteOnlyStep], path: &[PathStep]) -> Option<KeyPattern> {
    let steps: Vec<WriteOnlyStep> = prefix
        .iter()
        .cloned()
        .chain(path.iter().map(|s| match s {
            PathStep::Key(k) => WriteOnlyStep::Key(k.clone()),
            PathStep::Any => WriteOnlyStep::AnyKey,
        }))
        .collect();
    write_only_pattern(&steps)
}

/// Returns a pattern for every place the release's schemas mark `writeOnly: true`:
/// `chart`'s own schema and its subcharts' (`enabled` holds the enabled subcharts of every
/// release compared, with their exact paths), and `workspace_schema`. `tree` is the tree the
/// chart and schema were read from.
pub fn write_only_patterns(
    chart: &Chart,
    enabled: &[&EnabledChart],
    workspace_schema: Option<&SchemaSource>,
    tree: &dyn Tree,
    max_file_bytes: u64,
) -> Result<Vec<KeyPattern>, SchemaError> {
    let mut places = vec![Place {
        index: Vec::new(),
        prefix: Vec::new(),
    }];
    places.extend(enabled.iter().map(|e| Place {
        index: e.chart_index.clone(),
        prefix: e.path.iter().cloned().map(WriteOnlyStep::Key).collect(),
    }));
    let mut spelled = Vec::new();
    if exact_places(chart, &mut Vec::new(), &mut Vec::new(), &mut spelled) {
        places.extend(spelled);
    } else {
        loose_places(chart, &mut Vec::new(), &mut places);
    }
    let mut found = Vec::new();
    // Each chart's schema read once, whatever the number of paths it applies under.
    let mut read: HashMap<Vec<usize>, Vec<Vec<PathStep>>> = HashMap::new();
    for place in &places {
        let Some(schema) = chart
            .subchart_at(&place.index)
            .and_then(|c| c.schema.as_ref())
        else {
            continue;
        };
        if !read.contains_key(&place.index) {
            let paths = write_only_paths(schema, tree, max_file_bytes)?;
            read.insert(place.index.clone(), paths);
        }
        found.extend(
            read[&place.index]
                .iter()
                .filter_map(|path| pattern(&place.prefix, path)),
        );
    }
    if let Some(schema) = workspace_schema {
        let paths = write_only_paths(schema, tree, max_file_bytes)?;
        found.extend(paths.iter().filter_map(|path| pattern(&[], path)));
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(p.as_str().to_string()));
    Ok(found)
}

/// Returns the secret rules of one release of the workspace: `strata.yaml`'s `secrets:` paths
/// and the `writeOnly` properties of every schema the release meets (the chart's, its
/// subcharts', and `workspace_schema`, the workspace's schema of the chart as read with
/// [`crate::schema::read_workspace_schema`]). `explain` and `validate` hide values with them
/// as `diff` does.
pub fn release_secret_rules(
    ws: &Workspace,
    values: &ReleaseValues,
    workspace_schema: Option<&SchemaSource>,
) -> Result<SecretRules, WorkspaceError> {
    let tree = ws.tree().as_ref();
    let max_file_bytes = ws.config().limits.max_file_bytes;
    let enabled: Vec<&EnabledChart> = values.computed.enabled_subcharts().iter().collect();
    let mut patterns = ws.config().secrets.clone();
    patterns.extend(write_only_patterns(
        &values.chart,
        &enabled,
        workspace_schema,
        tree,
        max_file_bytes,
    )?);
    Ok(SecretRules::new(patterns))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::Dependency;
    use crate::source::DirTree;
    use crate::values::{Node, Origin};

    fn chart(name: &str, schema: Option<&str>, deps: &[(&str, &str)], subs: Vec<Chart>) -> Chart {
        Chart {
            name: name.into(),
            version: "0.1.0".into(),
            app_version: None,
            defaults: Node::empty_map(Origin::whole("v".into())),
            dependencies: deps
                .iter()
                .map(|(name, alias)| Dependency {
                    name: name.to_string(),
                    version: None,
                    alias: (!alias.is_empty()).then(|| alias.to_string()),
                    condition: None,
                    tags: Vec::new(),
                    import_values: Vec::new(),
                    origin: Origin::whole("Chart.yaml".into()),
                })
                .collect(),
            dependencies_declared: !deps.is_empty(),
            read_alike: true,
            subcharts: subs,
            schema: schema.map(|s| {
                SchemaSource::chart(format!("{name}/values.schema.json").into(), None, s.into())
            }),
        }
    }

    fn texts(top: &Chart, enabled: &[&EnabledChart]) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let mut found: Vec<String> =
            write_only_patterns(top, enabled, None, &DirTree::new(dir.path()), 1 << 20)
                .unwrap()
                .iter()
                .map(|p| p.as_str().to_string())
                .collect();
        found.sort();
        found
    }

    const PW: &str = r#"{"properties": {"pw": {"writeOnly": true}}}"#;

    #[test]
    fn every_subchart_schema_applies_under_every_key_helm_nests_it_at() {
        // top → mid (aliased `m1` and `m2`) → leaf, each with a schema.
        let leaf = chart("leaf", Some(PW), &[], vec![]);
        let mid = chart("mid", Some(PW), &[("leaf", "")], vec![leaf]);
        let top = chart("top", Some(PW), &[("mid", "m1"), ("mid", "m2")], vec![mid]);
        assert_eq!(
            texts(&top, &[]),
            [
                "m1.leaf.pw",
                "m1.pw",
                "m2.leaf.pw",
                "m2.pw",
                "mid.leaf.pw",
                "mid.pw",
                "pw"
            ]
        );
    }

    #[test]
    fn too_many_paths_apply_each_schema_at_any_depth() {
        // Eleven levels, each aliased twice: 2^11 paths to the deepest chart.
        let mut sub = chart("c11", Some(PW), &[], vec![]);
        for level in (0..11).rev() {
            let name = format!("c{level}");
            let below = sub.name.clone();
            sub = chart(&name, None, &[(&below, "a"), (&below, "b")], vec![sub]);
        }
        let found = texts(&sub, &[]);
        assert!(found.contains(&"**.c11.pw".to_string()), "{found:?}");
        assert!(found.contains(&"**.a.pw".to_string()), "{found:?}");
        assert!(found.len() < 10, "{found:?}");
    }
}
