//! [`plan_promotion`]: the plan of promoting a stage to another, computed from the two
//! stages' effective values and the target's layers.

use std::path::PathBuf;

use crate::diff::readable_json;
use crate::secrets::SecretRules;
use crate::settings::PromotionRule;
use crate::values::{KeyPath, Node, Value};
use crate::workspace::{ReleaseValues, Workspace, WorkspaceError};

use super::error::PromoteError;
use super::key_writer::{layer_writing_key, KeyWriter};
use super::plan::{PlannedEdit, PromotionPlan};
use crate::workspace::is_template;

/// Returns the plan of promoting `from` to `to` for the releases selected by name and by
/// chart (`-r`, `-c`; every release when both are empty) that run in both stages:
/// each promotable path (`strata.yaml`'s `promotion:` rule of the release) whose effective
/// value in `from` differs from `to`'s, to be written in the target file that sets it today,
/// else the release's first overlay of the target stage (created if missing; when it is a
/// template, the release's first plain overlay of the stage).
pub fn plan_promotion(
    ws: &Workspace,
    from: &str,
    to: &str,
    (releases, charts): (&[String], &[String]),
) -> Result<PromotionPlan, PromoteError> {
    let from = ws.stage(from)?.to_string();
    let to = ws.stage(to)?.to_string();
    if from == to {
        return Err(PromoteError::SameStage { stage: from });
    }
    let releases: Vec<String> = ws
        .select_releases(releases, charts)?
        .into_iter()
        .filter(|name| ws.runs_in(&from, name) && ws.runs_in(&to, name))
        .collect();
    let mut edits = Vec::new();
    for name in &releases {
        let source = ws.release(&from, name)?.compute(ws, &Default::default())?;
        let target = ws.release(&to, name)?.compute(ws, &Default::default())?;
        let nested = target
            .nested_defaults(ws.config().helm)
            .map_err(WorkspaceError::from)?;
        let layers = target.layers(&nested);
        let rule = ws.config().promotion.rule(name);
        let secrets = SecretRules::new(ws.config().secrets.clone());
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
            let (file, at) = match layer_writing_key(&target, &layers, &path) {
                KeyWriter::File { file, origin } => (file, Some(origin)),
                KeyWriter::Ancestor { at, origin } => {
                    return Err(PromoteError::AncestorWritten { path, at, origin })
                }
                KeyWriter::None => (new_key_overlay(ws, &to, name, &target, &path)?, None),
            };
            edits.push(PlannedEdit {
                release: name.clone(),
                secret: secrets.path_is_secret(&source.computed.values, &path),
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

/// Returns the overlay a key no overlay writes is created in: the release's main overlay
/// ([`main_overlay`]), created if missing; when that is a template (`.yaml.tera`, where no
/// key is created), the release's first plain `.yaml` overlay of the stage, else a refusal.
fn new_key_overlay(
    ws: &Workspace,
    stage: &str,
    release: &str,
    values: &ReleaseValues,
    path: &KeyPath,
) -> Result<PathBuf, PromoteError> {
    let main = main_overlay(ws, stage, release, values);
    let template = if is_template(&main) {
        main
    } else {
        let template = PathBuf::from(format!("{}.tera", main.display()));
        if ws.tree().kind(&template).is_none() {
            return Ok(main);
        }
        template
    };
    values
        .overlays
        .iter()
        .map(|layer| &layer.path)
        .find(|p| !is_template(p))
        .cloned()
        .ok_or_else(|| PromoteError::NoPlainOverlay {
            release: release.to_string(),
            stage: stage.to_string(),
            path: path.clone(),
            template,
        })
}

/// Returns the overlay a person edits for `release` in `stage`: the first overlay pattern
/// naming the stage and one file (`environments/{stage}/{chart}.yaml` by default), whether
/// it exists or not; else the release's last overlay.
fn main_overlay(ws: &Workspace, stage: &str, release: &str, values: &ReleaseValues) -> PathBuf {
    ws.config()
        .overlays
        .iter()
        .find(|p| p.contains("{stage}") && !p.contains('*'))
        .map(|p| {
            let chart = ws
                .release_spec(release)
                .map_or(release, |spec| spec.chart.name());
            PathBuf::from(
                p.replace("{stage}", stage)
                    .replace("{release}", release)
                    .replace("{chart}", chart),
            )
        })
        .or_else(|| values.overlays.last().map(|l| l.path.clone()))
        .unwrap_or_else(|| PathBuf::from(format!("environments/{stage}/{release}.yaml")))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::values::Origin;

    /// A workspace of `files` (path, contents) in a temporary folder.
    pub(crate) fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let ws = Workspace::load(dir.path()).unwrap();
        (dir, ws)
    }

    const CHART: (&str, &str) = (
        "charts/web/Chart.yaml",
        "apiVersion: v2\nname: web\nversion: 1.0.0\n",
    );

    fn summary(plan: &PromotionPlan) -> Vec<String> {
        plan.edits
            .iter()
            .map(|e| {
                format!(
                    "{} {} = {} in {} at {}",
                    e.release,
                    e.path,
                    readable_json(&e.value),
                    e.file.display(),
                    e.at.as_ref().map_or("(new)".to_string(), Origin::to_string)
                )
            })
            .collect()
    }

    #[test]
    fn plans_the_lagging_promotable_paths_in_the_file_that_sets_them() {
        let (_dir, ws) = workspace(&[
            (
                "strata.yaml",
                "stages: [a, b]\npromotion:\n  paths: ['**.image.tag', 'version', 'debug.**']\n  exclude: ['debug.**', 'side.image']\n",
            ),
            CHART,
            (
                "charts/web/values.yaml",
                "image: {tag: '1'}\nside: {image: {tag: '1'}}\nversion: 1\nreplicas: 1\ndebug: {image: {tag: '1'}}\n",
            ),
            (
                "environments/a/web.yaml",
                "image: {tag: '2'}\nside: {image: {tag: '2'}}\nversion: 2\nreplicas: 5\ndebug: {image: {tag: '2'}}\n",
            ),
            ("environments/b/web.yaml", "replicas: 9\n"),
            ("environments/b/web/later.yaml", "version: 1\n"),
        ]);
        let plan = plan_promotion(&ws, "a", "b", (&[], &[])).unwrap();
        assert_eq!(
            summary(&plan),
            [
                "web image.tag = \"2\" in environments/b/web.yaml at (new)",
                "web version = 2 in environments/b/web/later.yaml at environments/b/web/later.yaml:1:10",
            ]
        );
        assert_eq!(plan.files().len(), 2);
        let back = plan_promotion(&ws, "b", "a", (&[], &[])).unwrap();
        assert_eq!(back.edits.len(), 2, "{:?}", summary(&back));
        assert!(matches!(
            plan_promotion(&ws, "a", "a", (&[], &[])),
            Err(PromoteError::SameStage { .. })
        ));
    }

    #[test]
    fn refuses_a_key_whose_ancestor_a_layer_writes_whole() {
        let (_dir, ws) = workspace(&[
            ("strata.yaml", "stages: [a, b]\n"),
            CHART,
            ("charts/web/values.yaml", "image: {tag: '1'}\n"),
            ("environments/a/web.yaml", "image: {tag: '2'}\n"),
            ("environments/b/web.yaml", "image: null\n"),
        ]);
        let err = plan_promotion(&ws, "a", "b", (&[], &[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot promote `image.tag`: environments/b/web.yaml writes `image` whole, so the key cannot be edited on its own"
        );
        assert_eq!(err.origin().map(|o| o.line), Some(1));
    }

    #[test]
    fn creates_a_new_key_in_a_plain_overlay_when_the_main_one_is_a_template() {
        let files = |extra: &'static [(&'static str, &'static str)]| {
            let mut files = vec![
                ("strata.yaml", "stages: [a, b]\n"),
                CHART,
                ("charts/web/values.yaml", "image: {tag: '1'}\n"),
                ("environments/a/web.yaml", "image: {tag: '2'}\n"),
                ("environments/b/web.yaml.tera", "replicas: {{ 1 + 1 }}\n"),
            ];
            files.extend_from_slice(extra);
            files
        };
        let (_dir, ws) = workspace(&files(&[("environments/b/web/extra.yaml", "a: 1\n")]));
        let plan = plan_promotion(&ws, "a", "b", (&[], &[])).unwrap();
        assert_eq!(
            summary(&plan),
            ["web image.tag = \"2\" in environments/b/web/extra.yaml at (new)"]
        );
        let (_dir, ws) = workspace(&files(&[]));
        let err = plan_promotion(&ws, "a", "b", (&[], &[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot add `image.tag` for web in b: its overlay environments/b/web.yaml.tera is a template (.tera), where strata creates no key, and it has no plain .yaml overlay in b"
        );
    }
}
