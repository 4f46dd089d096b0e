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
use crate::values::{KeyPath, Node, Segment, Value};

use super::compiled::CompiledSchema;
use super::error::SchemaError;
use super::instance::to_instance;
use super::locate::{join, locate};
use super::message::describe;
use super::pointer;
use super::source::SchemaSource;
use super::violation::Violation;

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
pub fn validate_release(
    chart: &Chart,
    computed: &Computed,
    user_layers: &[&Node],
    workspace_schema: Option<&SchemaSource>,
    tree: &dyn Tree,
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
        let compiled = CompiledSchema::compile(check.schema, tree, DEFAULT_MAX_FILE_BYTES)?;
        violations.extend(check_values(&compiled, check, order, user_layers));
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
) -> Vec<Violation> {
    let instance = to_instance(check.values);
    let prefix = KeyPath::from_keys(check.chart_path.iter().cloned());
    let mut out = Vec::new();
    for raw in compiled.errors(&instance) {
        for described in describe(&raw, compiled, &instance) {
            let path = key_path(check.values, &described.instance_pointer);
            let (origin, culprit) =
                locate(check.values, &path, &described.target, &prefix, user_layers);
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
            });
            if out.len() >= MAX_VIOLATIONS {
                return out;
            }
        }
    }
    out
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
            (Segment::Key(k), Value::Map(m)) => m.get(k),
            (Segment::Index(i), Value::List(l)) => l.get(*i),
            _ => None,
        });
        path.push(segment);
    }
    path
}
