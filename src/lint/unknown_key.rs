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
//!
//! The validator hands over the chart's keys with what its comments document and its
//! templates read added ([`ChartReads`](super::chart_reads::ChartReads)), and the field
//! chains its helpers read: an unknown key whose last segments are the first fields of
//! such a chain (`proxy.http.appProtocol` and a helper's `.http.appProtocol`) may be read
//! that way, and says so ([`UnknownKey::helper`]).

use std::collections::HashMap;

use crate::values::{KeyPath, KeyPattern, Map, Node, Origin, Segment, Value};

use super::chart_reads::HelperField;
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
    /// A helper's field chain the key may be read through: the one matching most of the
    /// key's last segments (the first written on a tie).
    pub helper: Option<HelperField>,
}

impl UnknownKey {
    /// Words the finding: an error naming the closest known sibling, or a warning naming
    /// the helper that may read the key; both name `lint.allowUnknown`.
    pub fn message(&self, chart: &str) -> String {
        let suggestion = self.suggestion.as_ref().map(|s| {
            let mut parent = self.path.clone();
            parent.pop();
            parent.child_key(s)
        });
        match (&self.helper, suggestion) {
            (Some(helper), suggestion) => format!(
                "key `{}` may be unknown: chart {chart} neither sets nor documents it, but {}:{} reads `.{}` on what a helper is handed, which may be this key{}; if it is, list it in `lint.allowUnknown`",
                self.path,
                helper.origin.source,
                helper.origin.line,
                helper.fields.join("."),
                suggestion.map(|s| format!(" (unless it means `{s}`)")).unwrap_or_default()
            ),
            (None, Some(suggestion)) => format!(
                "unknown key `{}`: chart {chart} neither sets, documents nor reads it; did you mean `{suggestion}`? If it does read it, list it in `lint.allowUnknown`",
                self.path
            ),
            (None, None) => format!(
                "unknown key `{}`: chart {chart} neither sets, documents nor reads it; if it does read it, list it in `lint.allowUnknown`",
                self.path
            ),
        }
    }
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

/// What the rule checks against: the chart's keys, its schemas, the allowed paths and the
/// field chains its helpers read.
pub struct KnownKeys<'a> {
    /// The chart's keys ([`chart_keys`](super::chart_keys::chart_keys), with
    /// [`ChartReads`](super::chart_reads::ChartReads) added).
    pub keys: &'a Node,
    /// Keys the chart's schemas declare.
    pub schema: &'a dyn SchemaKeys,
    /// `lint.allowUnknown`.
    pub allow: &'a [KeyPattern],
    /// Field chains the chart's helpers read.
    pub helpers: &'a [HelperField],
}

/// Returns the keys `overlay` sets that the chart does not know, outside free-form maps and
/// the `allow` paths, in the overlay's order.
pub fn unknown_keys(known: &KnownKeys, overlay: &Node) -> Vec<UnknownKey> {
    let mut found = Vec::new();
    let mut helpers: HelperIndex = HashMap::new();
    for helper in known.helpers {
        if let Some(first) = helper.fields.first() {
            helpers.entry(first.as_str()).or_default().push(helper);
        }
    }
    if let (Some(keys), Some(overlay)) = (known.keys.as_map(), overlay.as_map()) {
        walk(known, &helpers, keys, overlay, &KeyPath::root(), &mut found);
    }
    found
}

/// The helpers' field chains by their first field.
type HelperIndex<'a> = HashMap<&'a str, Vec<&'a HelperField>>;

/// Returns the helper field chain `path` may be read through: the longest match of the
/// path's last segments with a chain's first fields (the first chain on a tie).
fn helper_for(path: &KeyPath, helpers: &HelperIndex) -> Option<HelperField> {
    let keys: Vec<&str> = path
        .segments()
        .iter()
        .filter_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
        .collect();
    for k in (1..=keys.len()).rev() {
        let tail = &keys[keys.len() - k..];
        let matching = helpers.get(tail[0]).into_iter().flatten().find(|helper| {
            helper.fields.len() >= k && tail.iter().zip(&helper.fields).all(|(a, b)| *a == b)
        });
        if let Some(helper) = matching {
            return Some((*helper).clone());
        }
    }
    None
}

fn walk(
    known: &KnownKeys,
    helpers: &HelperIndex,
    keys: &Map,
    overlay: &Map,
    path: &KeyPath,
    found: &mut Vec<UnknownKey>,
) {
    for (key, node) in overlay {
        let child = path.child_key(key);
        if known.allow.iter().any(|p| p.matches_within(&child)) {
            continue;
        }
        let Some(default) = keys.get(key) else {
            if !is_free_form_name(key) && !known.schema.knows(path, key) {
                found.push(UnknownKey {
                    origin: node.key_or_value_origin().clone(),
                    suggestion: suggest(key, keys.keys().map(|k| k.as_str())).map(str::to_string),
                    helper: helper_for(&child, helpers),
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
                walk(known, helpers, default_map, overlay_map, &child, found);
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
            let known = KnownKeys {
                keys: &known,
                schema: &NoSchema,
                allow: &[],
                helpers: &[],
            };
            let found: Vec<String> = unknown_keys(&known, &tree(overlay))
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
        let known = KnownKeys {
            keys: &known,
            schema: &Declares,
            allow: &allow,
            helpers: &[],
        };
        let found: Vec<String> = unknown_keys(&known, &overlay)
            .into_iter()
            .map(|u| u.path.to_string())
            .collect();
        assert_eq!(found, ["other"]);
    }

    #[test]
    fn names_the_helper_field_a_key_may_be_read_through() {
        let helper = |fields: &[&str], line: u32| HelperField {
            fields: fields.iter().map(|f| f.to_string()).collect(),
            origin: Origin::new("t.tpl".into(), line, 1),
        };
        let helpers = [
            helper(&["appProtocol"], 1),
            helper(&["http", "appProtocol"], 2),
            helper(&["tls", "hosts"], 3),
            helper(&["name"], 4),
        ];
        let known = tree(
            "proxy: {http: {port: 80}}
image: {tag: x}
",
        );
        let overlay = tree(
            "proxy: {http: {appProtocol: h2}, tls: {hosts: [a]}}
image: {typo: 1}
imagee: 1
",
        );
        let known = KnownKeys {
            keys: &known,
            schema: &NoSchema,
            allow: &[],
            helpers: &helpers,
        };
        let found: Vec<String> = unknown_keys(&known, &overlay)
            .into_iter()
            .map(|u| {
                let line = u.helper.map(|h| h.origin.line.to_string());
                format!("{} {}", u.path, line.as_deref().unwrap_or("-"))
            })
            .collect();
        // The longest match wins; a key set as a map matches a chain that goes on into it.
        assert_eq!(
            found,
            [
                "proxy.http.appProtocol 2",
                "proxy.tls 3",
                "image.typo -",
                "imagee -"
            ]
        );
    }

    #[test]
    fn messages_name_the_suggestion_the_helper_and_the_allow_list() {
        let key = |suggestion: Option<&str>, helper: bool| UnknownKey {
            path: KeyPath::parse("proxy.http.appProtcol").unwrap(),
            origin: Origin::new("o.yaml".into(), 3, 5),
            suggestion: suggestion.map(str::to_string),
            helper: helper.then(|| HelperField {
                fields: vec!["http".into(), "appProtcol".into()],
                origin: Origin::new("t/_helpers.tpl".into(), 7, 1),
            }),
        };
        assert_eq!(
            key(None, false).message("kong"),
            "unknown key `proxy.http.appProtcol`: chart kong neither sets, documents nor reads it; if it does read it, list it in `lint.allowUnknown`"
        );
        assert_eq!(
            key(Some("appProtocol"), false).message("kong"),
            "unknown key `proxy.http.appProtcol`: chart kong neither sets, documents nor reads it; did you mean `proxy.http.appProtocol`? If it does read it, list it in `lint.allowUnknown`"
        );
        assert_eq!(
            key(Some("appProtocol"), true).message("kong"),
            "key `proxy.http.appProtcol` may be unknown: chart kong neither sets nor documents it, but t/_helpers.tpl:7 reads `.http.appProtcol` on what a helper is handed, which may be this key (unless it means `proxy.http.appProtocol`); if it is, list it in `lint.allowUnknown`"
        );
    }
}
