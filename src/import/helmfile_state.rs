//! [`HelmfileState`]: one helmfile document as `helmfile build` prints it, resolved for one
//! environment.
//!
//! ```yaml
//! ---
//! #  Source: /repo/helmfile.yaml
//!
//! filepath: helmfile.yaml
//! environments: {dev: {values: [...]}, prod: {...}}
//! releases:
//! - name: web
//!   namespace: web-dev
//!   chart: ./charts/web
//!   values: [values/common.yaml, values/dev.yaml, {ingress: {host: ...}}]
//!   set: [{name: image.tag, value: "1.2"}]
//! renderedvalues: {domain: dev.example.com}
//! ```
//!
//! Keys this module does not map are kept by name ([`HelmfileState::other_keys`],
//! [`HelmfileRelease::other_keys`]) so the import lists them instead of dropping them.

use std::path::PathBuf;
use std::sync::Arc;

use crate::values::{Node, Value};
use crate::yaml::{parse_values, Limits};

use super::error::ImportError;

/// One values entry of a release: a file (a path relative to its helmfile) or values
/// written in the helmfile itself.
#[derive(Clone, Debug)]
pub enum ValuesEntry {
    /// A path, as resolved by helmfile.
    File(String),
    /// Values written inline (or, from `build --embed-values`, any entry's values).
    Inline(Node),
}

/// One `set:` entry of a release.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetEntry {
    /// The key (`image.tag`).
    pub name: String,
    /// `value:`, as helmfile holds it (a string).
    pub value: Option<String>,
    /// `values:`, a list.
    pub values: Vec<String>,
    /// `file:`, a path relative to the helmfile.
    pub file: Option<String>,
}

/// One release of a resolved helmfile.
#[derive(Clone, Debug)]
pub struct HelmfileRelease {
    /// Its name.
    pub name: String,
    /// Its namespace, when it has one.
    pub namespace: Option<String>,
    /// Its chart, as written (`./charts/web`, `bitnami/nginx`, `oci://...`).
    pub chart: String,
    /// False when `installed: false`: the release is not deployed in this environment.
    pub installed: bool,
    /// Its values entries, lowest precedence first.
    pub values: Vec<ValuesEntry>,
    /// Its `set:` entries, in order.
    pub set: Vec<SetEntry>,
    /// Every other key it holds (`hooks`, `needs`, `secrets`, `labels`, ...), sorted.
    pub other_keys: Vec<String>,
}

/// One helmfile document, resolved for one environment.
#[derive(Clone, Debug)]
pub struct HelmfileState {
    /// The file it was read from (`#  Source:`), as helmfile printed it.
    pub source: PathBuf,
    /// The environments it declares, sorted.
    pub environments: Vec<String>,
    /// Its releases, in order.
    pub releases: Vec<HelmfileRelease>,
    /// The environment's values (`.Values` of its templates), when there are any.
    pub rendered_values: Option<Node>,
    /// Every other top-level key it holds (`repositories`, `helmDefaults`, `hooks`, ...).
    pub other_keys: Vec<String>,
}

/// Top-level keys helmfile prints that the import maps or that say nothing about values.
const STATE_KEYS: &[&str] = &[
    "filepath",
    "helmBinary",
    "kustomizeBinary",
    "environments",
    "releases",
    "templates",
    "renderedvalues",
    // Sub-helmfiles are printed as states of their own.
    "helmfiles",
];

/// Release keys the import maps (`chartPath` is `chart` as helmfile resolved it).
const RELEASE_KEYS: &[&str] = &[
    "name",
    "namespace",
    "chart",
    "chartPath",
    "values",
    "set",
    "installed",
];

fn output_error(args: &str, message: impl Into<String>) -> ImportError {
    ImportError::Output {
        args: args.to_string(),
        message: message.into(),
    }
}

/// Splits what `helmfile build` printed into its documents (each starts with a line `---`).
fn documents(text: &str) -> Vec<String> {
    let mut docs: Vec<String> = Vec::new();
    for line in text.lines() {
        if line == "---" {
            docs.push(String::new());
            continue;
        }
        if docs.is_empty() {
            docs.push(String::new());
        }
        let doc = docs.last_mut().expect("a document was started");
        doc.push_str(line);
        doc.push('\n');
    }
    docs.retain(|d| !d.trim().is_empty());
    docs
}

/// Returns the string at `node`; a number or a boolean as helmfile would print it.
fn text_of(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => None,
        other => Some(crate::values::to_json_compact(&Node::new(
            other.clone(),
            node.origin.clone(),
        ))),
    }
}

/// Returns the environments a helmfile's text declares, in the order written, from the
/// first of its documents that reads as YAML and has an `environments` map; empty when none
/// does (a document with template syntax in it may not read as YAML).
pub fn declared_environments(text: &str) -> Vec<String> {
    documents(text)
        .iter()
        .filter_map(|doc| {
            parse_values(doc.as_bytes(), Arc::from("helmfile"), &Limits::default()).ok()
        })
        .filter_map(|parsed| parsed.root)
        .find_map(|root| {
            let envs = root.as_map()?.get("environments")?.as_map()?;
            Some(envs.keys().map(|k| k.to_string()).collect())
        })
        .unwrap_or_default()
}

/// Reads what `helmfile build` (with `args`) printed.
pub(crate) fn read_states(text: &str, args: &str) -> Result<Vec<HelmfileState>, ImportError> {
    let mut states = Vec::new();
    for doc in documents(text) {
        let source = doc
            .lines()
            .find_map(|l| l.strip_prefix("#  Source: "))
            .map(|s| PathBuf::from(s.trim()))
            .unwrap_or_default();
        let name: Arc<str> = Arc::from(format!("helmfile {args}"));
        let parsed = parse_values(doc.as_bytes(), name, &Limits::default())
            .map_err(|e| output_error(args, e.to_string()))?;
        let Some(root) = parsed.root else { continue };
        let map = root
            .as_map()
            .ok_or_else(|| output_error(args, "a state is not a mapping"))?;
        let mut other_keys: Vec<String> = map
            .keys()
            .filter(|k| !STATE_KEYS.contains(&k.as_str()))
            .map(|k| k.to_string())
            .collect();
        other_keys.sort();
        let mut environments: Vec<String> = map
            .get("environments")
            .and_then(Node::as_map)
            .map(|m| m.keys().map(|k| k.to_string()).collect())
            .unwrap_or_default();
        environments.sort();
        let mut releases = Vec::new();
        if let Some(node) = map.get("releases") {
            let Value::List(items) = &node.value else {
                return Err(output_error(args, "releases is not a list"));
            };
            for item in items {
                releases.push(read_release(item, args)?);
            }
        }
        let rendered_values = map
            .get("renderedvalues")
            .filter(|n| n.as_map().is_some_and(|m| !m.is_empty()))
            .cloned();
        states.push(HelmfileState {
            source,
            environments,
            releases,
            rendered_values,
            other_keys,
        });
    }
    Ok(states)
}

fn read_release(item: &Node, args: &str) -> Result<HelmfileRelease, ImportError> {
    let map = item
        .as_map()
        .ok_or_else(|| output_error(args, "a release is not a mapping"))?;
    let name = map
        .get("name")
        .and_then(text_of)
        .ok_or_else(|| output_error(args, "a release has no name"))?;
    let chart = map.get("chart").and_then(text_of).unwrap_or_default();
    let namespace = map
        .get("namespace")
        .and_then(text_of)
        .filter(|s| !s.is_empty());
    let installed = !matches!(
        map.get("installed").map(|n| &n.value),
        Some(Value::Bool(false))
    );
    let mut values = Vec::new();
    if let Some(Value::List(items)) = map.get("values").map(|n| &n.value) {
        for entry in items {
            values.push(match &entry.value {
                Value::String(path) => ValuesEntry::File(path.to_string()),
                _ => ValuesEntry::Inline(entry.clone()),
            });
        }
    }
    let mut set = Vec::new();
    if let Some(Value::List(items)) = map.get("set").map(|n| &n.value) {
        for entry in items {
            let Some(fields) = entry.as_map() else {
                return Err(output_error(
                    args,
                    format!("a set entry of {name} is not a mapping"),
                ));
            };
            set.push(SetEntry {
                name: fields.get("name").and_then(text_of).unwrap_or_default(),
                value: fields.get("value").and_then(text_of),
                values: match fields.get("values").map(|n| &n.value) {
                    Some(Value::List(list)) => list.iter().filter_map(text_of).collect(),
                    _ => Vec::new(),
                },
                file: fields.get("file").and_then(text_of),
            });
        }
    }
    let mut other_keys: Vec<String> = map
        .keys()
        .filter(|k| !RELEASE_KEYS.contains(&k.as_str()))
        .map(|k| k.to_string())
        .collect();
    other_keys.sort();
    Ok(HelmfileRelease {
        name,
        namespace,
        chart,
        installed,
        values,
        set,
        other_keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILD: &str = "---\n#  Source: /repo/helmfile.yaml\n\nfilepath: helmfile.yaml\nhelmBinary: helm\nenvironments:\n  prod:\n    values: [{a: 1}]\n  dev: {}\nrepositories:\n- name: bitnami\n  url: https://charts.bitnami.com/bitnami\nreleases:\n- chart: ./charts/web\n  chartPath: charts/web\n  name: web\n  namespace: web-dev\n  values:\n  - values/common.yaml\n  - ingress:\n      host: www.dev.example.com\n  set:\n  - name: image.tag\n    value: \"010\"\n  - name: hosts\n    values: [a, b]\n  needs: [db]\n  hooks: []\n- chart: bitnami/redis\n  name: cache\n  installed: false\ntemplates: {}\nrenderedvalues:\n  domain: dev.example.com\n---\n#  Source: /repo/sub/helmfile.yaml\n\nreleases: []\n";

    #[test]
    fn build_output_becomes_states_with_what_is_not_mapped_named() {
        let states = read_states(BUILD, "build").expect("valid");
        assert_eq!(states.len(), 2);
        let state = &states[0];
        assert_eq!(state.source, PathBuf::from("/repo/helmfile.yaml"));
        assert_eq!(state.environments, ["dev", "prod"]);
        assert_eq!(state.other_keys, ["repositories"]);
        let web = &state.releases[0];
        assert_eq!(web.name, "web");
        assert_eq!(web.namespace.as_deref(), Some("web-dev"));
        assert_eq!(web.chart, "./charts/web");
        assert!(web.installed);
        assert!(matches!(&web.values[0], ValuesEntry::File(p) if p == "values/common.yaml"));
        assert!(matches!(&web.values[1], ValuesEntry::Inline(_)));
        assert_eq!(
            web.set,
            [
                SetEntry {
                    name: "image.tag".into(),
                    value: Some("010".into()),
                    ..SetEntry::default()
                },
                SetEntry {
                    name: "hosts".into(),
                    values: vec!["a".into(), "b".into()],
                    ..SetEntry::default()
                },
            ]
        );
        assert_eq!(web.other_keys, ["hooks", "needs"]);
        let cache = &state.releases[1];
        assert!(!cache.installed && cache.namespace.is_none());
        assert!(state.rendered_values.is_some());
        assert_eq!(states[1].source, PathBuf::from("/repo/sub/helmfile.yaml"));
        assert!(states[1].releases.is_empty());
    }

    #[test]
    fn environments_are_read_in_the_order_written() {
        let text = "repositories: []\n---\nenvironments:\n  prod: {}\n  dev:\n    values: [{a: 1}]\n---\nreleases: []\n";
        assert_eq!(declared_environments(text), ["prod", "dev"]);
        assert!(declared_environments("{{ if x }}: [\n").is_empty());
    }

    #[test]
    fn output_that_is_not_a_state_is_an_error() {
        let rows: &[(&str, &str)] = &[
            (
                "---\n- a\n",
                "expected a mapping at the top level, found a list",
            ),
            ("---\nreleases: web\n", "releases is not a list"),
            ("---\nreleases: [{chart: x}]\n", "a release has no name"),
        ];
        for (text, message) in rows {
            let err = read_states(text, "build").unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("cannot read what `helmfile build` printed: {message}")
            );
        }
    }
}
