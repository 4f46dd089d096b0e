//! [`parse_manifests`]: helm's output split into its resources, each a value tree whose
//! origins are lines of the rendered file (`production/web.yaml:12:5`, the layout of
//! `strata template --out`).

use std::sync::Arc;

use crate::values::{Node, Value};
use crate::yaml::{parse_values, Limits};

use super::resource_id::ResourceId;

/// One rendered resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Its identity.
    pub id: ResourceId,
    /// `metadata.namespace`, when the chart writes one.
    pub namespace: Option<String>,
    /// The template it came from (helm's `# Source:` comment), when given.
    pub template: Option<String>,
    /// The resource, located in the rendered file.
    pub node: Node,
    /// The first line of its document in the rendered file.
    pub line: u32,
    /// Its document as helm printed it (without the `---` line).
    pub text: String,
}

impl Resource {
    /// Returns the string at a path of plain keys, if there is one.
    pub fn text(&self, keys: &[&str]) -> Option<&str> {
        match &lookup(&self.node, keys)?.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Returns the node at a path of plain keys.
    pub fn get(&self, keys: &[&str]) -> Option<&Node> {
        lookup(&self.node, keys)
    }
}

fn lookup<'a>(node: &'a Node, keys: &[&str]) -> Option<&'a Node> {
    keys.iter()
        .try_fold(node, |node, key| node.as_map()?.get(*key))
}

/// Splits `text` (what `helm template` printed) into resources, in order; `file` names the
/// rendered file in origins. Documents with nothing in them are skipped; a document that
/// is not a resource (no `kind` or `metadata.name`) is an error naming its line.
pub fn parse_manifests(text: &str, file: &str, limits: &Limits) -> Result<Vec<Resource>, String> {
    let source: Arc<str> = Arc::from(file);
    let mut resources = Vec::new();
    for (start, doc) in documents(text) {
        let parsed = parse_values(doc.as_bytes(), source.clone(), limits)
            .map_err(|e| format!("{file}:{start}: {e}"))?;
        let Some(mut node) = parsed.root else {
            continue;
        };
        shift(&mut node, start - 1);
        let template = doc
            .lines()
            .find_map(|l| l.strip_prefix("# Source: "))
            .map(|s| s.trim().to_string());
        let text_at = |keys: &[&str]| match &lookup(&node, keys)?.value {
            Value::String(s) => Some(s.to_string()),
            _ => None,
        };
        let (Some(kind), Some(name)) = (text_at(&["kind"]), text_at(&["metadata", "name"])) else {
            return Err(format!(
                "{file}:{start}: a document without `kind` and `metadata.name` is not a Kubernetes resource"
            ));
        };
        resources.push(Resource {
            id: ResourceId {
                api_version: text_at(&["apiVersion"]).unwrap_or_default().to_string(),
                kind,
                name,
            },
            namespace: text_at(&["metadata", "namespace"]),
            template,
            node,
            line: start,
            text: doc,
        });
    }
    Ok(resources)
}

/// Returns each document's text with the line (1-based) it starts at; a line `---` (with
/// anything after a space) separates documents.
fn documents(text: &str) -> Vec<(u32, String)> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start = 1u32;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare.starts_with("--- ") {
            if !current.trim().is_empty() {
                docs.push((start, std::mem::take(&mut current)));
            }
            current.clear();
            start = i as u32 + 2;
        } else {
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        docs.push((start, current));
    }
    docs
}

/// Moves every origin of `node` down by `lines`.
fn shift(node: &mut Node, lines: u32) {
    if lines == 0 {
        return;
    }
    if node.origin.line > 0 {
        node.origin.line += lines;
    }
    if let Some(key) = &mut node.key_place {
        key.line = key.line.saturating_add(lines);
    }
    match &mut node.value {
        Value::Map(map) => map.values_mut().for_each(|n| shift(n, lines)),
        Value::List(items) => items.iter_mut().for_each(|n| shift(n, lines)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_documents_and_locates_them_in_the_file() {
        let text = "---\n# Source: web/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: prod\n---\n# Source: web/templates/empty.yaml\n---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
        let resources = parse_manifests(text, "prod/web.yaml", &Limits::default()).expect("reads");
        assert_eq!(resources.len(), 2);
        assert_eq!(resources[0].id.to_string(), "Service/web");
        assert_eq!(resources[0].namespace.as_deref(), Some("prod"));
        assert_eq!(
            resources[0].template.as_deref(),
            Some("web/templates/service.yaml")
        );
        assert_eq!(resources[1].id.api_version, "apps/v1");
        let replicas = resources[1].get(&["spec", "replicas"]).expect("there");
        assert_eq!(replicas.origin.to_string(), "prod/web.yaml:17:13");
        let bad =
            parse_manifests("---\nfoo: 1\n", "x.yaml", &Limits::default()).expect_err("no kind");
        assert_eq!(
            bad,
            "x.yaml:2: a document without `kind` and `metadata.name` is not a Kubernetes resource"
        );
    }
}
