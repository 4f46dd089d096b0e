//! [`var_findings`]: stage variables (`environments/<stage>/stage.yaml`) and workspace
//! variables (`vars:` of `strata.yaml`) that nothing reads, and stages missing a variable
//! `requiredVars:` lists.
//!
//! A variable is read when an overlay template of some release reads it (`stage.vars.domain`,
//! `vars.registry`, [`VarReads`]), when a setting reads it (`namespace`, the release's
//! namespace), or when `requiredVars` names it. A template that reads `stage.vars` (or
//! `vars`) whole reads every one. An unread variable that is a near miss of one that is read
//! (`namespce`) says which.

use std::collections::BTreeSet;

use crate::template::VarReads;
use crate::values::{KeyPath, Map, Node, Origin};
use crate::workspace::{is_template, Workspace, WorkspaceError};

use super::finding::{Finding, Rule, Severity};
use super::suggest::suggest;

/// The stage variables strata's settings read.
const SETTING_VARS: &[&str] = &["namespace"];

/// Returns what the overlay templates of every release, in every stage, read.
fn template_reads(ws: &Workspace) -> Result<VarReads, WorkspaceError> {
    let mut reads = VarReads::default();
    let mut seen = BTreeSet::new();
    for (stage, name) in ws.stage_releases(ws.stages(), &ws.release_names()) {
        for path in ws.release(&stage, &name)?.overlays {
            if is_template(&path) && seen.insert(path.clone()) {
                if let Some(bytes) = ws.read(&path)? {
                    reads.add(&String::from_utf8_lossy(&bytes));
                }
            }
        }
    }
    Ok(reads)
}

/// Returns each variable of `vars` that is not in `read`, with the near miss of one that
/// is (`; did you mean `namespace`?`, else empty).
fn unread<'v>(
    vars: &'v Map,
    read: &'v BTreeSet<&str>,
) -> impl Iterator<Item = (&'v crate::values::Key, &'v Node, String)> + 'v {
    vars.iter()
        .filter(|(name, _)| !read.contains(name.as_str()))
        .map(|(name, node)| {
            let near = suggest(name, read.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            (name, node, near)
        })
}

/// Returns the findings about the variables of `stages` (each stage's `stage.yaml`) and of
/// the workspace (`vars:`, with `workspace` true), in stage then file order; `unused` and
/// `missing` are the rules' severities (`None`: switched off).
pub fn var_findings(
    ws: &Workspace,
    stages: &[String],
    workspace: bool,
    (unused, missing): (Option<Severity>, Option<Severity>),
) -> Result<Vec<Finding>, WorkspaceError> {
    let reads = template_reads(ws)?;
    let required = &ws.config().vars.required;
    let mut read: BTreeSet<&str> = reads.stage.iter().map(String::as_str).collect();
    read.extend(SETTING_VARS);
    read.extend(required.iter().map(|(name, _)| name.as_str()));
    let mut findings = Vec::new();
    let finding =
        |stage: &str, rule: Rule, severity: Severity, message: String, origin: Origin| Finding {
            stage: stage.to_string(),
            chart: String::new(),
            rule,
            severity,
            message,
            origin,
            path: KeyPath::root(),
            secret: false,
        };
    for stage in stages {
        let vars = ws.stage_vars(stage)?;
        let map = vars.as_ref().and_then(Node::as_map);
        if let (Some(severity), Some(map)) = (unused.filter(|_| !reads.stage_whole), map) {
            for (name, node, near) in unread(map, &read) {
                findings.push(finding(
                    stage,
                    Rule::UnusedVar,
                    severity,
                    format!("stage variable `{name}` is read by no template or setting{near}"),
                    node.key_or_value_origin().clone(),
                ));
            }
        }
        if let Some(severity) = missing {
            for (name, origin) in required {
                if map.is_some_and(|m| m.contains_key(name.as_str())) {
                    continue;
                }
                let file = format!("environments/{stage}/stage.yaml");
                let at = match map {
                    Some(_) => Origin::new(file.as_str().into(), 1, 1),
                    None => origin.clone(),
                };
                findings.push(finding(
                    stage,
                    Rule::MissingVar,
                    severity,
                        format!("stage {stage} does not define `{name}`, which requiredVars in strata.yaml requires"),
                    at,
                ));
            }
        }
    }
    let workspace_vars = ws.config().vars.vars.as_ref().and_then(Node::as_map);
    if let (true, Some(severity), Some(map)) =
        (workspace && !reads.workspace_whole, unused, workspace_vars)
    {
        let read: BTreeSet<&str> = reads.workspace.iter().map(String::as_str).collect();
        for (name, node, near) in unread(map, &read) {
            findings.push(finding(
                "",
                Rule::UnusedVar,
                severity,
                format!("workspace variable `{name}` is read by no template{near}"),
                node.key_or_value_origin().clone(),
            ));
        }
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::test_workspace::workspace;

    #[test]
    fn variables_nothing_reads_and_missing_ones_are_found() {
        let (_dir, ws) = workspace(&[
            (
                "strata.yaml",
                "stages: [dev, prod]\nvars: {org: acme, unused: 1}\nrequiredVars: [domain]\n",
            ),
            (
                "charts/web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            ),
            (
                "environments/dev/web.yaml.tera",
                "host: {{ stage.vars.host }}.{{ stage.vars.domain }}\norg: {{ vars.org }}\n",
            ),
            (
                "environments/dev/stage.yaml",
                "namespce: x\nhost: a\ndomain: b\n",
            ),
            ("environments/prod/stage.yaml", "namespace: prod\nhots: a\n"),
        ]);
        let stages = ws.stages().to_vec();
        let found = var_findings(
            &ws,
            &stages,
            true,
            (Some(Severity::Warning), Some(Severity::Error)),
        )
        .expect("read");
        let shown: Vec<String> = found
            .iter()
            .map(|f| format!("{} {} {}: {}", f.origin, f.rule, f.severity, f.message))
            .collect();
        assert_eq!(
            shown,
            [
                "environments/dev/stage.yaml:1:1 unused-var warning: stage variable `namespce` is read by no template or setting; did you mean `namespace`?",
                "environments/prod/stage.yaml:2:1 unused-var warning: stage variable `hots` is read by no template or setting; did you mean `host`?",
                "environments/prod/stage.yaml:1:1 missing-var error: stage prod does not define `domain`, which requiredVars in strata.yaml requires",
                "strata.yaml:2:19 unused-var warning: workspace variable `unused` is read by no template",
            ]
        );
    }
}
