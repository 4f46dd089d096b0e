//! [`helm4_changes`]: what a workspace on Helm 3 writes that Helm 4 reads differently, so a
//! team can remove it before the move (the `helm4-change` rule).
//!
//! The release is computed and validated a second time under Helm 4's rules, and every
//! difference becomes a finding at the line responsible: a value Helm 4 computes otherwise (a
//! nested `null` over a `null` default that Helm 4 keeps, a later document of the chart's
//! `values.yaml` that Helm 4 merges), a schema verdict that changes (a 2019-09/2020-12
//! keyword such as `prefixItems` that Helm 3 ignores, a `format` Helm 4 does not assert), or
//! an input Helm 4 refuses. Schema keywords Helm 3 ignores are reported even where today's
//! values happen to satisfy them. Comparing the two computations rather than matching
//! constructs keeps this rule exactly as wide as the engine's two semantics.

use crate::diff::{computed_release_violations, verdict_changes};
use crate::schema::SchemaSource;
use crate::values::{HelmVersion, KeyPath, Node, Origin, Segment, Value};
use crate::workspace::{Release, ReleaseValues, Workspace};

use crate::yaml::parse_values;

use super::file_rules::FileFinding;
use super::finding::Rule;
use crate::secrets::shown_value;

/// Schema keywords of 2019-09 and 2020-12 that Helm 3 (gojsonschema) ignores and Helm 4
/// enforces.
const MODERN_KEYWORDS: &[&str] = &[
    "prefixItems",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "minContains",
    "maxContains",
    "$anchor",
    "$dynamicRef",
];

/// Returns the `helm4-change` findings of one release computed under Helm 3 (`values`).
pub(super) fn helm4_changes(
    ws: &Workspace,
    release: &Release,
    values: &ReleaseValues,
    schemas: &[&SchemaSource],
    fallback: &Origin,
) -> Vec<FileFinding> {
    let finding = |origin: Origin, path: KeyPath, message: String| FileFinding {
        rule: Rule::Helm4Change,
        origin,
        path,
        message,
        warning_only: false,
    };
    let mut out = Vec::new();
    let chart_values = release.chart_dir().join("values.yaml");
    if let Ok(Some(bytes)) = ws.read(&chart_values) {
        let source = std::sync::Arc::from(crate::source::display_path(&chart_values));
        if let Ok(parsed) = parse_values(&bytes, source, &ws.config().limits.yaml) {
            if let Some(origin) = parsed.extra_document {
                out.push(finding(
                    origin,
                    KeyPath::root(),
                    "a second YAML document: Helm 3 reads only the first, Helm 4 merges them all"
                        .into(),
                ));
            }
        }
    }
    for schema in schemas {
        let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&schema.bytes) else {
            continue;
        };
        let mut found = Vec::new();
        modern_keywords(&doc, &mut found);
        for keyword in found {
            out.push(finding(
                Origin::whole(schema.source.clone()),
                KeyPath::root(),
                format!("the schema keyword {keyword} is ignored by Helm 3 and enforced by Helm 4"),
            ));
        }
    }
    let helm4 = ws.with_helm(HelmVersion::V4);
    let v4 = match release.compute_again(&helm4, values) {
        Ok(v4) => v4,
        Err(e) => {
            out.push(finding(
                fallback.clone(),
                KeyPath::root(),
                format!("Helm 4 cannot compute this release: {e}"),
            ));
            return out;
        }
    };
    let mut diffs = Vec::new();
    compare(
        &values.computed.values,
        &v4.computed.values,
        &mut KeyPath::root(),
        &mut diffs,
    );
    for (path, old, new) in diffs {
        let origin = new
            .or(old)
            .map(|n| n.origin.clone())
            .filter(Origin::has_position)
            .unwrap_or_else(|| fallback.clone());
        let show = |side: Option<&Node>| {
            side.map_or("absent".to_string(), |n| {
                shown_value(&n.value, &path, false)
            })
        };
        out.push(finding(
            origin,
            path.clone(),
            format!(
                "Helm 4 computes {path} otherwise: {} under Helm 3, {} under Helm 4",
                show(old),
                show(new)
            ),
        ));
    }
    // Both computations are at hand: the verdicts come from them, not from two more.
    let verdicts = computed_release_violations(ws, &release.chart, values).and_then(|old| {
        computed_release_violations(&helm4, &release.chart, &v4)
            .map(|new| verdict_changes(&old, &new))
    });
    match verdicts {
        Ok(verdicts) => {
            for verdict in verdicts {
                let origin = verdict
                    .origin
                    .clone()
                    .filter(Origin::has_position)
                    .unwrap_or_else(|| fallback.clone());
                out.push(finding(
                    origin,
                    verdict.path.clone(),
                    format!(
                        "the schema verdict changes with Helm 4: {}",
                        verdict.line("Helm 3", "Helm 4")
                    ),
                ));
            }
        }
        Err(e) => out.push(finding(
            fallback.clone(),
            KeyPath::root(),
            format!("Helm 4 cannot validate this release: {e}"),
        )),
    }
    out
}

/// Lists where two value trees differ: maps by key, anything else by value.
fn compare<'a>(
    old: &'a Node,
    new: &'a Node,
    at: &mut KeyPath,
    out: &mut Vec<(KeyPath, Option<&'a Node>, Option<&'a Node>)>,
) {
    match (&old.value, &new.value) {
        (Value::Map(a), Value::Map(b)) => {
            for (key, x) in a {
                at.push(Segment::Key(key.to_string()));
                match b.get(key) {
                    Some(y) => compare(x, y, at, out),
                    None => out.push((at.clone(), Some(x), None)),
                }
                at.pop();
            }
            for (key, y) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                at.push(Segment::Key(key.to_string()));
                out.push((at.clone(), None, Some(y)));
                at.pop();
            }
        }
        _ if crate::values::to_json_compact(old) != crate::values::to_json_compact(new) => {
            out.push((at.clone(), Some(old), Some(new)))
        }
        _ => {}
    }
}

/// Collects the 2019-09/2020-12 keywords used anywhere in a schema, once each, in the order
/// met (the names under `properties` and the like are names, not keywords).
fn modern_keywords(doc: &serde_json::Value, out: &mut Vec<String>) {
    const NAME_MAPS: [&str; 5] = [
        "properties",
        "patternProperties",
        "definitions",
        "$defs",
        "dependentSchemas",
    ];
    let mut work = vec![doc];
    while let Some(value) = work.pop() {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    if MODERN_KEYWORDS.contains(&key.as_str()) && !out.contains(key) {
                        out.push(key.clone());
                    }
                    match inner {
                        serde_json::Value::Object(names) if NAME_MAPS.contains(&key.as_str()) => {
                            work.extend(names.values())
                        }
                        _ => work.push(inner),
                    }
                }
            }
            serde_json::Value::Array(items) => work.extend(items),
            _ => {}
        }
    }
}
