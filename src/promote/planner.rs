//! [`plan_promotion`]: the plan of promoting a stage to another, computed from the two
//! stages' effective values and the target's layers.

use std::path::PathBuf;

use crate::diff::readable_json;
use crate::values::{KeyPath, Node, Value};
use crate::workspace::{PromotionRule, ReleaseValues, Workspace};

use super::error::PromoteError;
use super::key_writer::{layer_writing_key, KeyWriter};
use super::plan::{PlannedEdit, PromotionPlan};

/// Returns the plan of promoting `from` to `to` for `releases` (every release when empty):
/// each promotable path (`strata.yaml`'s `promotion:` rule of the release) whose effective
/// value in `from` differs from `to`'s, to be written in the target file that sets it today,
/// else the release's first overlay of the target stage (created if missing).
pub fn plan_promotion(
    ws: &Workspace,
    from: &str,
    to: &str,
    releases: &[String],
) -> Result<PromotionPlan, PromoteError> {
    let from = ws.stage(from)?.to_string();
    let to = ws.stage(to)?.to_string();
    if from == to {
        return Err(PromoteError::SameStage { stage: from });
    }
    let releases = ws.select_charts(releases)?;
    let mut edits = Vec::new();
    for name in &releases {
        let source = ws.release(&from, name)?.compute(ws, &Default::default())?;
        let target = ws.release(&to, name)?.compute(ws, &Default::default())?;
        let rule = ws.config().promotion.rule(name);
        let mut lagging = Vec::new();
        promotable_leaves(
            &source.computed.values,
            &KeyPath::root(),
            rule,
            &mut lagging,
        );
        for (path, value) in lagging {
            let old = target.computed.values.get(&path);
            if old.map(readable_json) == Some(readable_json(value)) {
                continue;
            }
            let (file, at) = match layer_writing_key(&target, &path) {
                KeyWriter::File { file, origin } => (file, Some(origin)),
                KeyWriter::Ancestor { at, origin } => {
                    return Err(PromoteError::AncestorWritten { path, at, origin })
                }
                KeyWriter::None => (main_overlay(ws, &to, name, &target), None),
            };
            edits.push(PlannedEdit {
                release: name.clone(),
                path,
                value: value.clone(),
                old: old.cloned(),
                file,
                at,
            });
        }
    }
    Ok(PromotionPlan {
        from,
        to,
        releases,
        edits,
    })
}

/// Collects the values of `node` at promotable paths: the values themselves where a path
/// matches (a map or a list whole), else the values below.
fn promotable_leaves<'a>(
    node: &'a Node,
    path: &KeyPath,
    rule: &PromotionRule,
    out: &mut Vec<(KeyPath, &'a Node)>,
) {
    if !path.is_root() && rule.promotes(path) {
        out.push((path.clone(), node));
        return;
    }
    match &node.value {
        Value::Map(map) => {
            for (key, child) in map {
                promotable_leaves(child, &path.child_key(key), rule, out);
            }
        }
        Value::List(items) => {
            for (index, child) in items.iter().enumerate() {
                promotable_leaves(child, &path.child_index(index), rule, out);
            }
        }
        _ => {}
    }
}

/// Returns the overlay a person edits for `release` in `stage`: the first overlay pattern
/// naming the stage and one file (`environments/{stage}/{chart}.yaml` by default), whether
/// it exists or not; else the release's last overlay.
fn main_overlay(ws: &Workspace, stage: &str, release: &str, values: &ReleaseValues) -> PathBuf {
    ws.config()
        .overlays
        .iter()
        .find(|p| p.contains("{stage}") && !p.contains('*'))
        .map(|p| PathBuf::from(p.replace("{stage}", stage).replace("{chart}", release)))
        .or_else(|| values.overlays.last().map(|l| l.path.clone()))
        .unwrap_or_else(|| PathBuf::from(format!("environments/{stage}/{release}.yaml")))
}
