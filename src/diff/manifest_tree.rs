//! Rendered resources as one value tree per side, so the value-tree diff compares them:
//! a map from a resource key (`Service/web`) to the resource, keys shared by both sides for
//! the same resource ([`ResourceId::same_resource`]: group, kind and name).

use std::sync::Arc;

use crate::render::{Resource, ResourceId};
use crate::secrets::{resource_field_pattern, secret_resource_fields};
use crate::values::{KeyPattern, Map, Node, Origin, Value};

/// Both sides' trees, and the paths holding Secret data.
pub(crate) struct ManifestTrees {
    pub old: Node,
    pub new: Node,
    /// `data` and `stringData` of every Secret, on either side: secret as a whole.
    pub secrets: Vec<KeyPattern>,
}

/// Returns the key a resource is shown under: `Kind/name`, with its API group added when
/// another resource of the same kind and name but another group is on either side.
fn resource_key(id: &ResourceId, all: &[&ResourceId]) -> String {
    let clash = all
        .iter()
        .any(|other| other.kind == id.kind && other.name == id.name && other.group() != id.group());
    if clash {
        let group = if id.group().is_empty() {
            "core"
        } else {
            id.group()
        };
        format!("{id} ({group})")
    } else {
        id.to_string()
    }
}

fn side_tree(
    resources: &[Resource],
    all: &[&ResourceId],
    file: &str,
    strip_namespace: bool,
    secrets: &mut Vec<KeyPattern>,
) -> Node {
    let mut map = Map::new();
    for resource in resources {
        let base = resource_key(&resource.id, all);
        let mut key = base.clone();
        let mut n = 2;
        while map.contains_key(key.as_str()) {
            key = format!("{base} ({n})");
            n += 1;
        }
        let mut node = resource.node.clone();
        if strip_namespace {
            if let Some(Value::Map(metadata)) = node
                .as_map_mut()
                .and_then(|m| m.get_mut("metadata"))
                .map(|m| &mut m.value)
            {
                metadata.shift_remove("namespace");
            }
        }
        for field in secret_resource_fields(&resource.id.kind, resource.id.group()) {
            if let Some(pattern) = resource_field_pattern(&key, field) {
                if !secrets.contains(&pattern) {
                    secrets.push(pattern);
                }
            }
        }
        map.insert(key.into(), node);
    }
    Node::new(Value::Map(map), Origin::whole(Arc::from(file)))
}

/// Returns both sides as trees; `strip_namespace` drops `metadata.namespace` (comparing two
/// stages, whose namespaces differ by design).
pub(crate) fn manifest_trees(
    (old, old_file): (&[Resource], &str),
    (new, new_file): (&[Resource], &str),
    strip_namespace: bool,
) -> ManifestTrees {
    let all: Vec<&ResourceId> = old.iter().chain(new).map(|r| &r.id).collect();
    let mut secrets = Vec::new();
    let old = side_tree(old, &all, old_file, strip_namespace, &mut secrets);
    let new = side_tree(new, &all, new_file, strip_namespace, &mut secrets);
    ManifestTrees { old, new, secrets }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::parse_manifests;
    use crate::yaml::Limits;

    #[test]
    fn keys_resources_by_kind_and_name_and_marks_secret_data() {
        let old = parse_manifests(
            "---\napiVersion: v1\nkind: Secret\nmetadata: {name: db.creds, namespace: a}\ndata: {p: eA==}\n---\napiVersion: a.io/v1\nkind: Thing\nmetadata: {name: t}\n",
            "a/web.yaml",
            &Limits::default(),
        )
        .expect("reads");
        let new = parse_manifests(
            "---\napiVersion: b.io/v1\nkind: Thing\nmetadata: {name: t}\n",
            "b/web.yaml",
            &Limits::default(),
        )
        .expect("reads");
        let trees = manifest_trees((&old, "a/web.yaml"), (&new, "b/web.yaml"), true);
        let keys = |tree: &Node| -> Vec<String> {
            let map = tree.as_map().expect("a map");
            map.keys().map(|k| k.to_string()).collect()
        };
        assert_eq!(keys(&trees.old), ["Secret/db.creds", "Thing/t (a.io)"]);
        let secret = &trees.old.as_map().expect("a map")["Secret/db.creds"];
        assert!(secret.as_map().expect("a map")["metadata"]
            .as_map()
            .expect("a map")
            .get("namespace")
            .is_none());
        let patterns: Vec<&str> = trees.secrets.iter().map(|p| p.as_str()).collect();
        assert_eq!(
            patterns,
            ["Secret/db\\.creds.data", "Secret/db\\.creds.stringData"]
        );
        assert_eq!(keys(&trees.new), ["Thing/t (b.io)"]);
    }
}
