//! [`check_gates`]: the target stage layered, validated and diffed again with a promotion's
//! edits applied in memory. A promotion is written only when the gates pass: no new error
//! (schemas, lint rules at error severity, stage policies) and a change that is exactly the
//! plan (reliability §3: plan first, in memory; write nothing if anything fails).

use std::collections::HashSet;
use std::sync::Arc;

use crate::diff::{compare_revisions, DiffOptions, DiffReport, SideLabel, Version};
use crate::lint::{Finding, Severity, Validator};
use crate::values::{KeyPath, Origin};
use crate::workspace::Workspace;

use super::edited_tree::EditedTree;
use super::error::PromoteError;
use super::file_edit::FileEdit;
use super::plan::PromotionPlan;

/// A change of the target stage that the plan did not ask for, or a planned change that
/// did not happen.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// The release.
    pub release: String,
    /// The key.
    pub path: KeyPath,
    /// Where the target's new value is written, when it has one.
    pub origin: Option<Origin>,
    /// True for a planned edit whose value did not become the source's; false for a change
    /// outside the plan.
    pub planned: bool,
}

/// What the gates found.
#[derive(Clone, Debug)]
pub struct GateReport {
    /// The target stage before → after the edits: the plan as a diff.
    pub diff: DiffReport,
    /// Errors the edits bring into the target stage (errors it had before are not counted).
    pub findings: Vec<Finding>,
    /// Changes that are not exactly the plan.
    pub mismatches: Vec<Mismatch>,
}

impl GateReport {
    /// Returns true when the promotion may be written.
    pub fn passed(&self) -> bool {
        self.findings.is_empty() && self.mismatches.is_empty()
    }
}

/// Returns the workspace as it would be with `files` written.
pub fn edited_workspace(ws: &Workspace, files: &[FileEdit]) -> Workspace {
    let edited = EditedTree::new(
        ws.tree().clone(),
        files.iter().map(|f| (f.path.clone(), f.after.clone())),
        "promoted".to_string(),
    );
    ws.clone().with_tree(Arc::new(edited))
}

/// Layers, validates and diffs the target stage of `plan` with `files` applied in memory.
pub fn check_gates(
    ws: &Workspace,
    plan: &PromotionPlan,
    files: &[FileEdit],
) -> Result<GateReport, PromoteError> {
    let after = edited_workspace(ws, files);
    let releases = plan.changed_releases();
    let options = DiffOptions {
        list_keys: ws.config().diff.list_keys.clone(),
        ..DiffOptions::default()
    };
    let version = |workspace| Version {
        workspace,
        is_revision: false,
    };
    let diff = compare_revisions(
        version(ws),
        version(&after),
        (
            SideLabel::new(plan.to.clone()),
            SideLabel::new(format!("{} promoted from {}", plan.to, plan.from)),
        ),
        std::slice::from_ref(&plan.to),
        (&releases, &[]),
        &options,
    )?;
    let mut mismatches = Vec::new();
    for release in &diff.releases {
        for change in &release.changes {
            let path = change.path.key_path();
            let planned = plan
                .edits
                .iter()
                .any(|e| e.release == release.release && e.path == path);
            if !planned {
                mismatches.push(Mismatch {
                    release: release.release.clone(),
                    path,
                    origin: change.new_origin.clone(),
                    planned: false,
                });
            }
        }
    }
    let mut findings = Vec::new();
    let mut before_validator = Validator::new(ws)?;
    let mut after_validator = Validator::new(&after)?;
    for name in &releases {
        let target = after.release(&plan.to, name)?;
        let values = target.compute(&after, &Default::default())?;
        for edit in plan.edits.iter().filter(|e| &e.release == name) {
            let now = values.computed.values.get(&edit.path);
            if now.map(crate::diff::readable_json) != Some(crate::diff::readable_json(&edit.value))
            {
                mismatches.push(Mismatch {
                    release: name.clone(),
                    path: edit.path.clone(),
                    origin: now.map(|n| n.origin.clone()),
                    planned: true,
                });
            }
        }
        let old_release = ws.release(&plan.to, name)?;
        let old_values = old_release.compute(ws, &Default::default())?;
        let known: HashSet<(String, String)> = before_validator
            .release(&old_release, &old_values)?
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.rule.name(), f.message))
            .collect();
        findings.extend(
            after_validator
                .release(&target, &values)?
                .into_iter()
                .filter(|f| {
                    f.severity == Severity::Error
                        && !known.contains(&(f.rule.name(), f.message.clone()))
                }),
        );
    }
    Ok(GateReport {
        diff,
        findings,
        mismatches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promote::edit_files;
    use crate::promote::plan_promotion;
    use crate::promote::planner::tests::workspace;

    fn web() -> (tempfile::TempDir, Workspace) {
        workspace(&[
            ("strata.yaml", "stages: [a, b]\n"),
            (
                "charts/web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            ),
            ("charts/web/values.yaml", "image: {tag: '1'}\nreplicas: 1\n"),
            ("environments/a/web.yaml", "image: {tag: '2'}\n"),
            ("environments/b/web.yaml", "replicas: 3\n"),
        ])
    }

    #[test]
    fn passes_a_plan_that_changes_exactly_what_it_says() {
        let (_dir, ws) = web();
        let plan = plan_promotion(&ws, "a", "b", (&[], &[])).unwrap();
        let files = edit_files(&ws, &plan).unwrap();
        let gates = check_gates(&ws, &plan, &files).unwrap();
        assert!(gates.passed(), "{:?}", gates.mismatches);
        assert_eq!(gates.diff.totals().total(), 1);
    }

    #[test]
    fn reports_changes_outside_the_plan_and_edits_that_miss() {
        let (_dir, ws) = web();
        let plan = plan_promotion(&ws, "a", "b", (&[], &[])).unwrap();
        let mut files = edit_files(&ws, &plan).unwrap();
        // An editor that also touched another key, and wrote the wrong tag.
        files[0].after = b"replicas: 4\nimage:\n  tag: \"3\"\n".to_vec();
        let gates = check_gates(&ws, &plan, &files).unwrap();
        assert!(!gates.passed());
        let found: Vec<(String, bool)> = gates
            .mismatches
            .iter()
            .map(|m| (m.path.to_string(), m.planned))
            .collect();
        assert_eq!(
            found,
            [
                ("replicas".to_string(), false),
                ("image.tag".to_string(), true)
            ]
        );
    }
}
