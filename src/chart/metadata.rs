//! Reading `Chart.yaml`: the name, versions and `dependencies` (with alias, condition, tags
//! and import-values), as Helm's `chart.Metadata` holds them.

use crate::layer::{Dependency, ImportValue};
use crate::values::{format_go_float, Node, Origin, Value};

use super::error::ChartError;

/// What strata needs of `Chart.yaml`.
pub(crate) struct Metadata {
    pub name: String,
    pub version: String,
    pub app_version: Option<String>,
    pub dependencies: Vec<Dependency>,
    /// True when Chart.yaml has a non-null `dependencies` key (see
    /// [`crate::layer::Chart::dependencies_declared`]).
    pub dependencies_declared: bool,
}

fn bad(message: String, origin: &Origin) -> ChartError {
    ChartError::Metadata {
        message,
        origin: origin.clone(),
    }
}

/// Returns a scalar as text the way Helm's typed decoding would accept it for a string
/// field (`version: 1.2` is read by the YAML reader as a number).
fn scalar_text(node: &Node, field: &str) -> Result<String, ChartError> {
    match &node.value {
        Value::String(s) => Ok(s.to_string()),
        Value::Float(f) => Ok(format_go_float(*f)),
        Value::Int(i) => Ok(i.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(bad(
            format!("Chart.yaml: {field} must be a string"),
            &node.origin,
        )),
    }
}

fn optional_text(map: &crate::values::Map, field: &str) -> Result<Option<String>, ChartError> {
    match map.get(field) {
        None => Ok(None),
        Some(node) if node.is_null() => Ok(None),
        Some(node) => scalar_text(node, field).map(Some),
    }
}

fn import_values(node: &Node) -> Result<Vec<ImportValue>, ChartError> {
    let Value::List(items) = &node.value else {
        return Err(bad(
            "Chart.yaml: import-values must be a list".into(),
            &node.origin,
        ));
    };
    items
        .iter()
        .map(|item| match &item.value {
            Value::String(s) => Ok(ImportValue::Simple(s.to_string())),
            Value::Map(m) => {
                let child = m
                    .get("child")
                    .map(|n| scalar_text(n, "import-values child"));
                let parent = m
                    .get("parent")
                    .map(|n| scalar_text(n, "import-values parent"));
                match (child, parent) {
                    (Some(child), Some(parent)) => Ok(ImportValue::Map {
                        child: child?,
                        parent: parent?,
                    }),
                    _ => Err(bad(
                        "Chart.yaml: an import-values entry needs both child and parent".into(),
                        &item.origin,
                    )),
                }
            }
            _ => Err(bad(
                "Chart.yaml: an import-values entry must be a string or a map".into(),
                &item.origin,
            )),
        })
        .collect()
}

fn dependency(node: &Node) -> Result<Dependency, ChartError> {
    let map = node.as_map().ok_or_else(|| {
        bad(
            "Chart.yaml: each dependency must be a mapping".into(),
            &node.origin,
        )
    })?;
    let name = optional_text(map, "name")?
        .ok_or_else(|| bad("Chart.yaml: a dependency has no name".into(), &node.origin))?;
    let tags = match map.get("tags") {
        None => Vec::new(),
        Some(t) if t.is_null() => Vec::new(),
        Some(Node {
            value: Value::List(items),
            ..
        }) => items
            .iter()
            .map(|tag| scalar_text(tag, "tags"))
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(bad("Chart.yaml: tags must be a list".into(), &other.origin));
        }
    };
    Ok(Dependency {
        name,
        version: optional_text(map, "version")?,
        alias: optional_text(map, "alias")?.filter(|a| !a.is_empty()),
        condition: optional_text(map, "condition")?.filter(|c| !c.is_empty()),
        tags,
        import_values: match map.get("import-values") {
            Some(n) if !n.is_null() => import_values(n)?,
            _ => Vec::new(),
        },
        origin: node.origin.clone(),
    })
}

impl Metadata {
    /// Reads the metadata from a parsed `Chart.yaml`.
    pub(crate) fn from_node(root: Option<&Node>, file: &Origin) -> Result<Metadata, ChartError> {
        let empty = crate::values::Map::new();
        let map = match root {
            Some(node) => node
                .as_map()
                .ok_or_else(|| bad("Chart.yaml must be a mapping".into(), &node.origin))?,
            None => &empty,
        };
        let name = optional_text(map, "name")?
            .filter(|n| !n.is_empty())
            .ok_or_else(|| bad("validation: chart.metadata.name is required".into(), file))?;
        let version = optional_text(map, "version")?
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                bad(
                    "validation: chart.metadata.version is required".into(),
                    file,
                )
            })?;
        let (dependencies, dependencies_declared) = dependencies_of(map)?;
        Ok(Metadata {
            name,
            version,
            app_version: optional_text(map, "appVersion")?,
            dependencies,
            dependencies_declared,
        })
    }
}

/// Reads the `dependencies` key of `Chart.yaml` (or of a v1 chart's `requirements.yaml`),
/// and whether the key is there at all (non-null).
fn dependencies_of(map: &crate::values::Map) -> Result<(Vec<Dependency>, bool), ChartError> {
    let dependencies_declared = map.get("dependencies").is_some_and(|n| !n.is_null());
    let dependencies = match map.get("dependencies") {
        None => Vec::new(),
        Some(n) if n.is_null() => Vec::new(),
        Some(Node {
            value: Value::List(items),
            ..
        }) => items.iter().map(dependency).collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(bad(
                "Chart.yaml: dependencies must be a list".into(),
                &other.origin,
            ));
        }
    };
    Ok((dependencies, dependencies_declared))
}

impl Metadata {
    /// Takes the dependencies from `requirements.yaml`, where apiVersion v1 charts list them:
    /// Helm 3's loader reads that file into the same metadata, over Chart.yaml's.
    pub(crate) fn apply_requirements(&mut self, root: Option<&Node>) -> Result<(), ChartError> {
        let Some(map) = root.and_then(Node::as_map) else {
            return Ok(());
        };
        let (dependencies, declared) = dependencies_of(map)?;
        if declared {
            self.dependencies = dependencies;
            self.dependencies_declared = true;
        }
        Ok(())
    }
}
