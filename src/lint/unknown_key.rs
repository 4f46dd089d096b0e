//! The unknown-key rule: a key an overlay sets that the chart does not know is most often a
//! typo (`imgae`), and Helm ignores it without a word. Each is reported at the key, with the
//! closest sibling the chart knows as a suggestion.
//!
//! The keys a chart knows come from [`chart_keys`](super::chart_keys::chart_keys). Some maps
//! are free-form by nature and never checked inside:
//! - where the chart's default is an empty map `{}` or null (the chart passes whatever is
//!   there on, as `podAnnotations: {}` or `affinity: {}` do);
//! - maps named for what Kubernetes or the chart passes through as a whole: labels and
//!   annotations of every kind, selectors, environment variables, security contexts,
//!   probes, resources, affinity and the like ([`is_free_form_name`]);
//! - `global`, which every chart of the tree may read;
//! - paths listed in `lint.allowUnknown`.
//!
//! Lists are values, not maps of keys: their items are not checked. A key whose default is
//! not a map (a scalar or list replaced by a map) is a type question, left to the schema.

use crate::values::{KeyPath, KeyPattern, Map, Node, Origin, Value};

use super::suggest::suggest;

/// Keys a chart's schema knows beyond its defaults (its `properties`), so that a key a
/// schema declares without a default is not reported.
pub trait SchemaKeys {
    /// Returns true when the schema declares `key` in the map at `parent`, or lets that map
    /// hold any key (`additionalProperties`).
    fn knows(&self, parent: &KeyPath, key: &str) -> bool;
}

/// No schema: only the chart's defaults name keys.
pub struct NoSchema;

impl SchemaKeys for NoSchema {
    fn knows(&self, _parent: &KeyPath, _key: &str) -> bool {
        false
    }
}

/// A key an overlay sets that the chart does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKey {
    /// The key's path.
    pub path: KeyPath,
    /// Where the key is written.
    pub origin: Origin,
    /// The known sibling it most likely means.
    pub suggestion: Option<String>,
}

/// Name endings (lower case) of maps passed through as a whole: `podLabels`,
/// `serviceAnnotations`, `nodeSelector`, `extraEnv`, `containerSecurityContext`,
/// `livenessProbe`, `updateStrategy`, `extraVolumeMounts`, `initContainers`.
const FREE_FORM_ENDINGS: &[&str] = &[
    "labels",
    "annotations",
    "selector",
    "env",
    "envvars",
    "envfrom",
    "securitycontext",
    "probe",
    "affinity",
    "tolerations",
    "strategy",
    "volumes",
    "volumemounts",
    "containers",
];

/// Names (lower case) of maps passed through as a whole.
const FREE_FORM_NAMES: &[&str] = &[
    "global",
    "resources",
    "topologyspreadconstraints",
    "hostaliases",
    "dnsconfig",
    "lifecycle",
];

/// Returns true when a map of this name holds whatever its user puts in it.
pub fn is_free_form_name(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    FREE_FORM_NAMES.contains(&lower.as_str())
        || FREE_FORM_ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// Returns the keys `overlay` sets that `known` (the chart's keys) and `schema` do not
/// know, outside free-form maps and the `allow` paths, in the overlay's order.
pub fn unknown_keys(
    known: &Node,
    overlay: &Node,
    schema: &dyn SchemaKeys,
    allow: &[KeyPattern],
) -> Vec<UnknownKey> {
    let mut found = Vec::new();
    if let (Some(known), Some(overlay)) = (known.as_map(), overlay.as_map()) {
        walk(known, overlay, &KeyPath::root(), schema, allow, &mut found);
    }
    found
}

fn walk(
    known: &Map,
    overlay: &Map,
    path: &KeyPath,
    schema: &dyn SchemaKeys,
    allow: &[KeyPattern],
    found: &mut Vec<UnknownKey>,
) {
    for (key, node) in overlay {
        let child = path.child_key(key);
        if allow.iter().any(|p| p.matches_within(&child)) {
            continue;
        }
        let Some(default) = known.get(key) else {
            if !is_free_form_name(key) && !schema.knows(path, key) {
                found.push(UnknownKey {
                    origin: node.key_or_value_origin().clone(),
                    suggestion: suggest(key, known.keys().map(String::as_str)).map(str::to_string),
                    path: child,
                });
            }
            continue;
        };
        if is_free_form_name(key) {
            continue;
        }
        match (&default.value, &node.value) {
            (Value::Map(default_map), Value::Map(overlay_map)) if !default_map.is_empty() => {
                walk(default_map, overlay_map, &child, schema, allow, found);
            }
            // `{}` or null by default: free-form; anything else: a type question.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_values, Limits};

    fn tree(text: &str) -> Node {
        parse_values(text.as_bytes(), "o.yaml".into(), &Limits::default())
            .unwrap()
            .root
            .unwrap()
    }

    const CHART: &str = "\
replicaCount: 1
image: {repository: nginx, tag: \"1.25\"}
podAnnotations: {}
extra: null
ingress:
  enabled: false
  hostname: x
  annotations: {a: b}
resources: {limits: {memory: 1Gi}}
securityContext: {runAsUser: 1}
config: {level: info}
list: [{name: a}]
";

    /// One row per rule: the overlay, and the unknown keys as `path (line:col) -> suggestion`.
    #[test]
    fn reports_unknown_keys_outside_free_form_maps() {
        let rows: &[(&str, &str, &[&str])] = &[
            (
                "a typo, with a suggestion",
                "imgae: {tag: x}\n",
                &["imgae (1:1) -> image"],
            ),
            (
                "nested",
                "ingress:\n  hostnmae: y\n",
                &["ingress.hostnmae (2:3) -> hostname"],
            ),
            (
                "no close sibling",
                "somethingElse: 1\n",
                &["somethingElse (1:1)"],
            ),
            ("known keys", "replicaCount: 2\nimage: {tag: \"2\"}\n", &[]),
            (
                "under an empty default map",
                "podAnnotations: {a: 1}\n",
                &[],
            ),
            ("under a null default", "extra: {a: 1}\n", &[]),
            (
                "annotations with defaults",
                "ingress: {annotations: {x: y}}\n",
                &[],
            ),
            ("labels the chart lacks", "podLabels: {team: a}\n", &[]),
            (
                "resources passed through",
                "resources: {limits: {cpu: 1}, requests: {cpu: 1}}\n",
                &[],
            ),
            (
                "security context passed through",
                "securityContext: {runAsNonRoot: true}\n",
                &[],
            ),
            ("global", "global: {imageRegistry: r}\n", &[]),
            ("list items are values", "list: [{nmae: b}]\n", &[]),
            ("a map over a scalar default", "replicaCount: {a: 1}\n", &[]),
            (
                "each unknown key once, not its children",
                "config: {levle: debug, x: {y: 1}}\n",
                &["config.levle (1:10) -> level", "config.x (1:24)"],
            ),
        ];
        let known = tree(CHART);
        for (rule, overlay, expected) in rows {
            let found: Vec<String> = unknown_keys(&known, &tree(overlay), &NoSchema, &[])
                .into_iter()
                .map(|u| {
                    let suggestion = u.suggestion.map(|s| format!(" -> {s}")).unwrap_or_default();
                    format!(
                        "{} ({}:{}){suggestion}",
                        u.path, u.origin.line, u.origin.col
                    )
                })
                .collect();
            assert_eq!(found, *expected, "{rule}");
        }
    }

    #[test]
    fn honours_the_allow_list_and_the_schema() {
        struct Declares;
        impl SchemaKeys for Declares {
            fn knows(&self, parent: &KeyPath, key: &str) -> bool {
                parent.is_root() && key == "fromSchema"
            }
        }
        let known = tree(CHART);
        let overlay = tree("fromSchema: 1\nconfig: {custom: {a: 1}}\nother: 2\n");
        let allow = [KeyPattern::parse("config.custom").unwrap()];
        let found: Vec<String> = unknown_keys(&known, &overlay, &Declares, &allow)
            .into_iter()
            .map(|u| u.path.to_string())
            .collect();
        assert_eq!(found, ["other"]);
    }
}
