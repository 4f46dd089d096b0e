//! The `json` format: the report for machines, in the shape `docs/diff-output.schema.json`
//! describes (version 1). Keys are sorted; values are JSON as Helm's `toJson` would print
//! them (whole numbers without a fraction); a hidden secret's value is the string
//! [`Redacted::Whole`]'s text, with its size under `secret`.

use serde_json::{json, Map as JsonMap, Value as Json};

use crate::values::{Node, Origin, Value};

use super::change::{Change, Shown};
use super::compare::{Mode, SideLabel};
use super::diff_path::Step;
use super::release_diff::{Counts, ReleaseSide};
use super::report_view::{DiffView, ReleaseView};
use super::verdicts::VerdictChange;
use crate::secrets::{shown_key, Redacted};

/// The version of the JSON shape; raised only when a field changes meaning or goes away.
pub const JSON_VERSION: u64 = 1;

/// Returns a value tree as JSON: whole floats as integers (as Go prints them), other
/// floats as floats.
pub fn node_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => {
            json!(*f as i64)
        }
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.to_string()),
        Value::List(items) => Json::Array(items.iter().map(node_json).collect()),
        Value::Map(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.to_string(), node_json(v)))
                .collect(),
        ),
    }
}

fn origin_json(origin: &Option<Origin>) -> Json {
    match origin {
        None => Json::Null,
        Some(o) if o.has_position() => json!({"file": &*o.source, "line": o.line, "column": o.col}),
        Some(o) => json!({"file": &*o.source, "line": null, "column": null}),
    }
}

fn shown_json(shown: &Shown) -> Json {
    match shown {
        Shown::Value(node) => node_json(node),
        Shown::Redacted { .. } => Json::String(Redacted::Whole.to_string()),
    }
}

fn bytes(shown: &Option<Shown>) -> Json {
    match shown {
        Some(Shown::Redacted { bytes, .. }) => json!(bytes),
        _ => Json::Null,
    }
}

/// Returns a diff path's steps as the JSON shape documents them: keys, indices, and
/// `{field, id, index}` for list elements matched by identity.
pub(crate) fn segments_json(steps: &[Step]) -> Json {
    Json::Array(
        steps
            .iter()
            .map(|step| match step {
                Step::Key(k) => json!(shown_key(k)),
                Step::Index(i) => json!(i),
                Step::Element { field, id, index } => {
                    json!({"field": field, "id": shown_key(id), "index": index})
                }
            })
            .collect(),
    )
}

fn change_json(change: &Change) -> Json {
    let mut out = JsonMap::new();
    out.insert("path".into(), json!(change.path.to_string()));
    out.insert("segments".into(), segments_json(change.path.steps()));
    out.insert("kind".into(), json!(change.kind.as_str()));
    out.insert("stageSpecific".into(), json!(change.stage_specific));
    if let Some(old) = &change.old {
        out.insert("old".into(), shown_json(old));
    }
    if let Some(new) = &change.new {
        out.insert("new".into(), shown_json(new));
    }
    out.insert("oldOrigin".into(), origin_json(&change.old_origin));
    out.insert("newOrigin".into(), origin_json(&change.new_origin));
    if change.hidden.count > 0 {
        out.insert(
            "secret".into(),
            json!({
                "redacted": change.hidden.count,
                "oldBytes": bytes(&change.old),
                "newBytes": bytes(&change.new),
                "credentialsChanged": change.hidden.credentials_changed,
            }),
        );
    }
    Json::Object(out)
}

fn counts_json(counts: Counts, ignored: usize) -> JsonMap<String, Json> {
    let mut out = JsonMap::new();
    out.insert("changed".into(), json!(counts.changed));
    out.insert("added".into(), json!(counts.added));
    out.insert("removed".into(), json!(counts.removed));
    out.insert("ignored".into(), json!(ignored));
    out
}

/// Returns one side of a release; with its namespace when the workspace names releases.
fn side_json(side: &ReleaseSide, named: bool) -> Json {
    let mut out = json!({"stage": side.stage, "source": side.source, "exists": side.exists});
    if named {
        out["namespace"] = json!(side.namespace);
    }
    out
}

/// Returns one release: its `chart` (the release's name in a workspace without
/// `releases:`, where a release is its chart's); in a workspace that declares `releases:`
/// also its `release` name and `namespace`, and each side's namespace.
fn release_json(view: &ReleaseView, mode: Mode) -> Json {
    let release = view.diff;
    let named = view.named;
    let mut out = json!({
        "chart": view.chart,
        "label": view.label,
        "old": side_json(&release.old, named),
        "new": side_json(&release.new, named),
        "summary": Json::Object(counts_json(view.counts, release.ignored)),
        // In the order of the values, drift and stage-specific together (`stageSpecific`).
        "changes": release.changes.iter().map(change_json).collect::<Vec<_>>(),
    });
    if named {
        out["release"] = json!(release.release);
        out["namespace"] = json!(view.namespace);
    }
    if let Some(plan) = &release.plan {
        out["plan"] = json!({"add": plan.add, "change": plan.change, "destroy": plan.destroy});
    }
    if mode == Mode::Helm {
        out["verdicts"] = release.verdicts.iter().map(verdict_json).collect();
    }
    out
}

fn verdict_json(verdict: &VerdictChange) -> Json {
    json!({
        "path": verdict.path.to_string(),
        "old": VerdictChange::verdict(&verdict.old),
        "new": VerdictChange::verdict(&verdict.new),
        "oldViolations": verdict.old,
        "newViolations": verdict.new,
        "origin": origin_json(&verdict.origin),
        "schema": verdict.schema_location,
    })
}

fn label_json(label: &SideLabel) -> Json {
    json!({"name": label.name, "commit": label.commit})
}

/// Returns the report as JSON.
pub fn report_json(view: &DiffView) -> Json {
    let report = view.report;
    let mut summary = counts_json(view.totals, view.ignored);
    summary.insert("releases".into(), json!(view.releases.len()));
    summary.insert("changedReleases".into(), json!(view.changed_releases));
    summary.insert("redactions".into(), json!(view.redactions));
    json!({
        "version": JSON_VERSION,
        "mode": report.mode.as_str(),
        "old": label_json(&report.old),
        "new": label_json(&report.new),
        "summary": Json::Object(summary),
        "releases": view
            .releases
            .iter()
            .map(|r| release_json(r, report.mode))
            .collect::<Vec<_>>(),
    })
}

/// Returns the report as indented JSON with a final newline.
pub fn format_json(view: &DiffView) -> String {
    let mut text =
        serde_json::to_string_pretty(&report_json(view)).expect("a JSON value always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::test_support::sample_report;

    /// Returns every way `doc` breaks the schema at `schema` (a file of `docs/`).
    pub(crate) fn schema_errors(schema: &str, doc: &Json) -> Vec<String> {
        let schema: Json = serde_json::from_str(schema).expect("the shipped schema is JSON");
        let validator = jsonschema::validator_for(&schema).expect("the shipped schema is valid");
        validator
            .iter_errors(doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect()
    }

    #[test]
    fn writes_the_documented_shape() {
        let report = sample_report();
        let doc = report_json(&DiffView::of(&report));
        assert_eq!(
            schema_errors(include_str!("../../docs/diff-output.schema.json"), &doc),
            Vec::<String>::new()
        );
        let changes = &doc["releases"][0]["changes"];
        assert_eq!(
            changes[2],
            json!({
                "kind": "deleted-by-null", "path": "debug", "segments": ["debug"],
                "stageSpecific": false, "old": true,
                "oldOrigin": {"file": "environments/staging/web.yaml", "line": 4, "column": 8},
                "newOrigin": {"file": "environments/production/web.yaml", "line": 1, "column": 8},
            })
        );
        assert_eq!(
            changes[3],
            json!({
                "kind": "changed", "path": "auth.password", "segments": ["auth", "password"],
                "stageSpecific": false, "old": "<redacted>", "new": "<redacted>",
                "oldOrigin": {"file": "environments/staging/web.yaml", "line": 7, "column": 13},
                "newOrigin": {"file": "environments/production/web.yaml", "line": 6, "column": 13},
                "secret": {"redacted": 2, "oldBytes": 3, "newBytes": 4, "credentialsChanged": null},
            })
        );
        assert_eq!(
            changes[5]["segments"],
            json!(["containers", {"field": "name", "id": "app", "index": 1}, "image"])
        );
        assert_eq!(
            doc["summary"],
            json!({"releases": 1, "changedReleases": 1, "changed": 5, "added": 1, "removed": 1, "ignored": 1, "redactions": 2})
        );
    }

    #[test]
    fn names_the_release_apart_from_its_chart_where_releases_are_declared() {
        let mut report = sample_report();
        report.named = true;
        report.releases[0].chart = "nginx".into();
        let doc = report_json(&DiffView::of(&report));
        assert_eq!(
            schema_errors(include_str!("../../docs/diff-output.schema.json"), &doc),
            Vec::<String>::new()
        );
        let release = &doc["releases"][0];
        assert_eq!(
            (
                &release["release"],
                &release["chart"],
                &release["namespace"],
                &release["old"]["namespace"],
                &release["label"]
            ),
            (
                &json!("web"),
                &json!("nginx"),
                &json!("production"),
                &json!("staging"),
                &json!("web (chart nginx, namespace staging → production)")
            )
        );
        // Without `releases:`, none of it.
        report.named = false;
        let doc = report_json(&DiffView::of(&report));
        assert_eq!(doc["releases"][0]["chart"], json!("web"));
        assert!(doc["releases"][0].get("release").is_none());
        assert!(doc["releases"][0]["old"].get("namespace").is_none());
    }

    #[test]
    fn the_schema_rejects_what_it_should() {
        let report = sample_report();
        let mut doc = report_json(&DiffView::of(&report));
        doc["releases"][0]["changes"][0]["kind"] = json!("moved");
        doc["releases"][0]["changes"][1]["oldOrigin"] = json!({"file": "x"});
        let errors = schema_errors(include_str!("../../docs/diff-output.schema.json"), &doc);
        assert_eq!(errors.len(), 3, "{errors:?}");
    }
}
