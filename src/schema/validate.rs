//! [`validate_release`]: every schema check Helm 3.17 makes on a release's values, plus the
//! workspace schema, with each violation located.
//!
//! Helm validates after all merging (semantics §8): the top chart's schema against the top
//! `.Values` (every subchart's section and `global` included), then each enabled subchart's
//! schema against its own section (with its injected `global`), recursively, parents first.
//! Disabled subcharts are not checked. A failure to use a schema stops validation with a
//! [`SchemaError`]; Helm fails on those too (or fetches, or crashes, where strata refuses).

use crate::layer::{Chart, Computed};
use crate::source::{Tree, DEFAULT_MAX_FILE_BYTES};
use crate::values::{HelmVersion, KeyPath, Node, Segment, Value};

use super::compiled::CompiledSchema;
use super::error::SchemaError;
use super::instance::to_instance;
use super::locate::{join, locate};
use super::message::describe;
use super::message_v4::describe_v4;
use super::pointer;
use super::violation::Violation;
use crate::layer::SchemaSource;

/// Most violations reported for one release; a schema that rejects a huge values file does not
/// produce a huge report.
pub const MAX_VIOLATIONS: usize = 1000;

/// One schema to check values against.
struct Check<'a> {
    /// Helm's block name.
    chart: String,
    chart_path: Vec<String>,
    schema: &'a SchemaSource,
    values: &'a Node,
}

/// Returns every violation of the release's schemas by its values, ordered by where the
/// offending values were written (file, line, column), then by path.
///
/// `computed` is the release's [`compute`](crate::layer::compute) result; `user_layers` are the
/// user values' layers (overlays, `-f` files, each `--set` flag's own effect), lowest
/// precedence first, where a `null` that deleted a required key is looked for;
/// `workspace_schema` is `schemas/<chart>.schema.json` when the workspace has one
/// ([`read_workspace_schema`](super::read_workspace_schema)); `tree` is the tree the chart was
/// read from, for files that workspace schemas refer to.
///
/// `helm` picks whose validator is mirrored: Helm 3's gojsonschema, or Helm 4's
/// santhosh-tekuri/jsonschema v6 (draft by `$schema`, 2020-12 by default, `format` not
/// asserted, messages `at '<pointer>': ...`).
pub fn validate_release(
    chart: &Chart,
    computed: &Computed,
    user_layers: &[&Node],
    workspace_schema: Option<&SchemaSource>,
    tree: &dyn Tree,
    helm: HelmVersion,
) -> Result<Vec<Violation>, SchemaError> {
    let mut checks = Vec::new();
    if let Some(schema) = &chart.schema {
        checks.push(Check {
            chart: chart.name.clone(),
            chart_path: Vec::new(),
            schema,
            values: &computed.values,
        });
    }
    for sub in computed.enabled_subcharts() {
        let Some(schema) = chart
            .subchart_at(&sub.chart_index)
            .and_then(|c| c.schema.as_ref())
        else {
            continue;
        };
        let path: Vec<&str> = sub.path.iter().map(String::as_str).collect();
        let Some(values) = computed.subchart_values(&path) else {
            continue;
        };
        checks.push(Check {
            chart: sub.path.last().cloned().unwrap_or_default(),
            chart_path: sub.path.clone(),
            schema,
            values,
        });
    }
    if let Some(schema) = workspace_schema {
        checks.push(Check {
            chart: chart.name.clone(),
            chart_path: Vec::new(),
            schema,
            values: &computed.values,
        });
    }

    let mut violations = Vec::new();
    for (order, check) in checks.iter().enumerate() {
        let compiled =
            CompiledSchema::compile_as(check.schema, tree, DEFAULT_MAX_FILE_BYTES, helm)?;
        violations.extend(check_values(&compiled, check, order, user_layers, helm));
    }
    violations.sort_by(Violation::by_place);
    violations.dedup_by(|a, b| {
        a.check_order == b.check_order && a.path == b.path && a.message == b.message
    });
    violations.truncate(MAX_VIOLATIONS);
    Ok(violations)
}

/// Validates one chart's values against one compiled schema.
fn check_values(
    compiled: &CompiledSchema,
    check: &Check<'_>,
    order: usize,
    user_layers: &[&Node],
    helm: HelmVersion,
) -> Vec<Violation> {
    let instance = to_instance(check.values);
    let prefix = KeyPath::from_keys(check.chart_path.iter().cloned());
    let mut out = Vec::new();
    let raws = compiled.errors(&instance);
    let described: Vec<_> = match helm {
        HelmVersion::V3 => raws
            .iter()
            .flat_map(|raw| describe(raw, compiled, &instance))
            .collect(),
        HelmVersion::V4 => describe_v4(&raws, compiled, &instance),
    };
    {
        for mut described in described {
            let path = key_path(check.values, &described.instance_pointer);
            let (origin, culprit) =
                locate(check.values, &path, &described.target, &prefix, user_layers);
            if helm.is_v4() && holds_secret(&path) {
                described.message = redact_quoted_value(&described.message);
            }
            let mut values_path = join(&prefix, &path);
            if let super::message::Target::Missing(key) = &described.target {
                values_path = values_path.child_key(key);
            }
            out.push(Violation {
                chart: check.chart.clone(),
                chart_path: check.chart_path.clone(),
                path,
                values_path,
                message: described.message,
                keyword: described.keyword,
                schema_location: format!(
                    "{}#{}",
                    compiled.doc_name(described.doc),
                    described.schema_pointer
                ),
                schema: check.schema.source.clone(),
                origin,
                culprit,
                check_order: order,
                helm,
            });
            if out.len() >= MAX_VIOLATIONS {
                return out;
            }
        }
    }
    out
}

/// Returns true when a key on `path` names a secret: Helm 4 words some errors with the
/// value (`'hunter2' does not match pattern ...`), which must not be printed.
fn holds_secret(path: &KeyPath) -> bool {
    crate::secrets::names_secret_on(path)
}

/// Replaces the first quoted value of a Helm 4 message (`'x' does not match ...`,
/// `invalid propertyName 'x'`) with [`Redacted::Whole`](crate::secrets::Redacted).
fn redact_quoted_value(message: &str) -> String {
    let Some(start) = message.find('\'') else {
        return message.to_string();
    };
    let bytes = message.as_bytes();
    let mut end = start + 1;
    while end < bytes.len() && bytes[end] != b'\'' {
        end += if bytes[end] == b'\\' { 2 } else { 1 };
    }
    let end = (end + 1).min(message.len());
    format!(
        "{}'{}'{}",
        &message[..start],
        crate::secrets::Redacted::Whole,
        &message[end..]
    )
}

/// Returns the key path of a JSON pointer into the values, reading a token as a list index
/// where the value holds a list.
fn key_path(values: &Node, instance_pointer: &str) -> KeyPath {
    let mut path = KeyPath::root();
    let mut node = Some(values);
    for token in pointer::tokens(instance_pointer).unwrap_or_default() {
        let segment = match node.map(|n| &n.value) {
            Some(Value::List(_)) => token
                .parse::<usize>()
                .map(Segment::Index)
                .unwrap_or(Segment::Key(token)),
            _ => Segment::Key(token),
        };
        node = node.and_then(|n| match (&segment, &n.value) {
            (Segment::Key(k), Value::Map(m)) => m.get(k.as_str()),
            (Segment::Index(i), Value::List(l)) => l.get(*i),
            _ => None,
        });
        path.push(segment);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{compute, merge_user_files, Chart};
    use crate::schema::{Culprit, SchemaSource};
    use crate::source::DirTree;
    use crate::values::{Origin, SourceName};
    use crate::yaml::{parse_values, Limits};
    use std::sync::Arc;

    fn yaml(text: &str, source: &str) -> Node {
        parse_values(text.as_bytes(), Arc::from(source), &Limits::default())
            .expect("test YAML parses")
            .root
            .unwrap_or_else(|| Node::empty_map(Origin::whole(Arc::from(source))))
    }

    fn chart(name: &str, defaults: &str, schema: Option<&str>, subcharts: Vec<Chart>) -> Chart {
        let dir = format!("charts/{name}");
        Chart {
            name: name.to_string(),
            version: "0.1.0".into(),
            app_version: None,
            defaults: yaml(defaults, &format!("{dir}/values.yaml")),
            dependencies: Vec::new(),
            dependencies_declared: false,
            read_alike: true,
            subcharts,
            schema: schema.map(|s| {
                let source: SourceName = Arc::from(format!("{dir}/values.schema.json"));
                SchemaSource::chart(source, None, s.as_bytes().to_vec())
            }),
        }
    }

    /// Validates `chart` with user layers given as (file name, YAML), lowest first, and
    /// returns each violation as `chart | helm line | origin | culprit`.
    fn run(chart: &Chart, layers: &[(&str, &str)], workspace: Option<&str>) -> Vec<String> {
        let nodes: Vec<Node> = layers.iter().map(|(name, text)| yaml(text, name)).collect();
        let user = merge_user_files(nodes.iter().cloned());
        let computed = compute(chart, user.clone(), crate::values::HelmVersion::V3)
            .expect("test charts compute");
        let refs: Vec<&Node> = nodes.iter().collect();
        let ws = workspace.map(|s| {
            SchemaSource::workspace(
                std::path::Path::new("schemas/web.schema.json"),
                s.as_bytes().to_vec(),
            )
        });
        let dir = tempfile::tempdir().expect("a temp dir");
        validate_release(
            chart,
            &computed,
            &refs,
            ws.as_ref(),
            &DirTree::new(dir.path()),
            HelmVersion::V3,
        )
        .expect("test schemas compile")
        .iter()
        .map(|v| {
            let culprit = match &v.culprit {
                Culprit::Value => "value".to_string(),
                Culprit::Key => "key".to_string(),
                Culprit::MissingFrom { key } => format!("missing {key} at {}", v.values_path),
                Culprit::DeletedByNull { key } => format!("{key} deleted"),
            };
            let origin = v.origin.as_ref().map_or("-".to_string(), |o| o.to_string());
            format!(
                "{} | {v} | {origin} | {culprit} | {}",
                v.chart, v.schema_location
            )
        })
        .collect()
    }

    const WEB: &str = r#"{"required": ["image"], "properties": {
        "replicas": {"type": "integer"},
        "image": {"required": ["tag"], "properties": {"tag": {"type": "string"}}},
        "labels": {"additionalProperties": false, "properties": {"app": {}}}}}"#;

    #[test]
    fn violations_are_located_at_the_layer_that_wrote_them() {
        let web = chart(
            "web",
            "replicas: 1\nimage:\n  tag: v1\n",
            Some(WEB),
            Vec::new(),
        );
        type Row = (
            &'static str,
            Vec<(&'static str, &'static str)>,
            Vec<&'static str>,
        );
        let rows: Vec<Row> = vec![
            ("valid values give nothing", vec![], vec![]),
            (
                "a wrong type in an overlay is at the overlay's line and column",
                vec![("staging.yaml", "# staging\nreplicas: two\n")],
                vec!["web | replicas: Invalid type. Expected: integer, given: string | staging.yaml:2:11 | value | charts/web/values.schema.json#/properties/replicas"],
            ),
            (
                "a key deleted by null is at the null",
                vec![("base.yaml", "image:\n  tag: null\n"), ("staging.yaml", "replicas: 2\n")],
                vec!["web | image: tag is required | base.yaml:2:8 | tag deleted | charts/web/values.schema.json#/properties/image"],
            ),
            (
                "a whole map deleted by null is at the null",
                vec![("staging.yaml", "image: null\n")],
                vec!["web | (root): image is required | staging.yaml:1:8 | image deleted | charts/web/values.schema.json#"],
            ),
            (
                "an additional property is at its key",
                vec![("staging.yaml", "labels:\n  app: web\n  team:\n    name: a\n")],
                vec!["web | labels: Additional property team is not allowed | staging.yaml:3:3 | key | charts/web/values.schema.json#/properties/labels"],
            ),
            (
                "several violations come by file, then line",
                vec![
                    ("a.yaml", "labels:\n  x: 1\n"),
                    ("b.yaml", "replicas: 2.5\nimage:\n  tag: 5\n"),
                ],
                vec![
                    "web | labels: Additional property x is not allowed | a.yaml:2:3 | key | charts/web/values.schema.json#/properties/labels",
                    "web | replicas: Invalid type. Expected: integer, given: number | b.yaml:1:11 | value | charts/web/values.schema.json#/properties/replicas",
                    "web | image.tag: Invalid type. Expected: string, given: integer | b.yaml:3:8 | value | charts/web/values.schema.json#/properties/image/properties/tag",
                ],
            ),
        ];
        for (description, layers, want) in rows {
            assert_eq!(run(&web, &layers, None), want, "{description}");
        }
    }

    #[test]
    fn a_missing_key_names_where_it_would_go() {
        let web = chart("web", "replicas: 1\n", Some(WEB), Vec::new());
        assert_eq!(
            run(&web, &[("staging.yaml", "replicas: 2\n")], None),
            vec!["web | (root): image is required | - | missing image at image | charts/web/values.schema.json#"]
        );
    }

    #[test]
    fn subcharts_are_checked_against_their_section_with_global() {
        let sub = chart(
            "sub",
            "port: 80\nglobal:\n  region: eu\n",
            Some(
                r#"{"properties": {"port": {"type": "integer"}, "global": {"required": ["region"]}}, "additionalProperties": false}"#,
            ),
            Vec::new(),
        );
        let web = chart(
            "web",
            "a: 1\n",
            Some(r#"{"properties": {"a": {}}, "additionalProperties": false}"#),
            vec![sub],
        );
        assert_eq!(
            run(&web, &[("staging.yaml", "sub:\n  port: http\nglobal:\n  region: null\n")], None),
            vec![
                "web | (root): Additional property sub is not allowed | staging.yaml:1:1 | key | charts/web/values.schema.json#",
                "sub | port: Invalid type. Expected: integer, given: string | staging.yaml:2:9 | value | charts/sub/values.schema.json#/properties/port",
                "web | (root): Additional property global is not allowed | staging.yaml:3:1 | key | charts/web/values.schema.json#",
                "sub | global: region is required | staging.yaml:4:11 | region deleted | charts/sub/values.schema.json#/properties/global",
            ]
        );
    }

    #[test]
    fn the_workspace_schema_is_checked_after_the_charts() {
        let web = chart(
            "web",
            "replicas: 1\nimage:\n  tag: v1\n",
            Some(WEB),
            Vec::new(),
        );
        let got = run(
            &web,
            &[("staging.yaml", "replicas: 2\n")],
            Some(r#"{"properties": {"replicas": {"minimum": 3}}}"#),
        );
        assert_eq!(
            got,
            vec!["web | replicas: Must be greater than or equal to 3 | staging.yaml:1:11 | value | schemas/web.schema.json#/properties/replicas"]
        );
    }
}
