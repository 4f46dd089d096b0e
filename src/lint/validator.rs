//! [`Validator`]: runs every lint rule and the stage policies over the releases of a
//! workspace, one release at a time, and returns [`Finding`]s in a stable order.
//!
//! Which files are linted: a release's overlays always, and its chart's own `values.yaml`,
//! since the charts of a workspace are the team's (a subchart's values.yaml is a
//! dependency's, and is not). Rules about what a file says (hazards, duplicates, unknown
//! keys, redundant overrides) report each place once per run, under the first release that
//! reads the file, however many releases read it; policies report per release, since each
//! release breaks them on its own.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::policy::Policies;
use crate::source::display_path;
use crate::values::{KeyPath, Node, Origin, SourceName};
use crate::workspace::{Release, ReleaseValues, Workspace, WorkspaceError};
use crate::yaml::parse_values;

use super::chart_keys::chart_keys;
use super::file_rules::{file_findings, FileFinding};
use super::finding::{Finding, Rule};
use super::redaction::shown_value;
use super::redundant::redundant_overrides;
use super::schema_keys::SchemaKeyIndex;
use super::settings::LintSettings;
use super::unknown_key::{unknown_keys, SchemaKeys};

/// Runs lint rules and policies over releases, remembering what was reported.
pub struct Validator<'a> {
    ws: &'a Workspace,
    settings: &'a LintSettings,
    policies: &'a Policies,
    /// Each chart's keys, by chart name.
    chart_keys: HashMap<String, Arc<Node>>,
    /// Files whose hazards and duplicates were reported.
    linted_files: HashSet<SourceName>,
    /// File findings already reported: (rule, place, message).
    reported: HashSet<(Rule, Origin, String)>,
}

impl<'a> Validator<'a> {
    /// Returns a validator using the workspace's `lint` and `policies` settings. Fails when
    /// a policy names a chart the workspace does not have (a typo would switch it off).
    pub fn new(ws: &'a Workspace) -> Result<Validator<'a>, WorkspaceError> {
        for rule in &ws.config().policies.rules {
            let unknown = rule
                .charts
                .iter()
                .flatten()
                .find(|chart| !ws.charts().contains(chart));
            if let (Some(chart), Some(origin)) = (unknown, &rule.charts_origin) {
                return Err(WorkspaceError::Config {
                    message: format!(
                        "policy {:?}: unknown chart {chart:?}; the charts are: {}",
                        rule.name,
                        ws.charts().join(", ")
                    ),
                    origin: origin.clone(),
                });
            }
        }
        Ok(Validator {
            ws,
            settings: &ws.config().lint,
            policies: &ws.config().policies,
            chart_keys: HashMap::new(),
            linted_files: HashSet::new(),
            reported: HashSet::new(),
        })
    }

    /// Returns the findings of one release whose values were computed (with no values from
    /// the command line), sorted: chart files first, then overlays in layer order, each by
    /// line and column.
    pub fn release(
        &mut self,
        release: &Release,
        values: &ReleaseValues,
    ) -> Result<Vec<Finding>, WorkspaceError> {
        let mut raw: Vec<FileFinding> = Vec::new();
        let chart_values = release.chart_dir().join("values.yaml");
        let chart_values_exists = self.lint_file(&chart_values, &mut raw)?;
        for overlay in &values.overlays {
            if self.linted_files.insert(source_of(&overlay.path)) {
                raw.extend(file_findings(&overlay.parsed));
            }
        }
        let known = self.chart_keys(release, values);
        let roots: Vec<&Node> = values
            .overlays
            .iter()
            .filter_map(|o| o.parsed.root.as_ref())
            .collect();
        let workspace_schema = crate::schema::read_workspace_schema(
            self.ws.tree().as_ref(),
            &release.chart,
            self.ws.config().limits.max_file_bytes,
        )?;
        // Which values are secrets, as `diff` decides: a message or a source line under a
        // finding never shows one.
        let rules = crate::diff::release_secret_rules(self.ws, values, workspace_schema.as_ref())?;
        let secret = |path: &KeyPath| rules.path_is_secret(&values.computed.values, path);
        let schema_keys = SchemaKeyIndex::new(
            values
                .chart
                .schema
                .iter()
                .chain(workspace_schema.as_ref())
                .map(|s| &s.bytes[..]),
        );
        for root in &roots {
            raw.extend(self.unknown_keys(&release.chart, &known, root, &schema_keys));
        }
        for index in 0..roots.len() {
            raw.extend(self.redundant(&known, &roots, index, &secret));
        }
        let mut findings: Vec<Finding> = Vec::new();
        for f in raw {
            let Some(severity) = self.settings.severity(&f.rule) else {
                continue;
            };
            if !self
                .reported
                .insert((f.rule.clone(), f.origin.clone(), f.message.clone()))
            {
                continue;
            }
            findings.push(Finding {
                stage: release.stage.clone(),
                chart: release.chart.clone(),
                rule: f.rule,
                severity,
                message: f.message,
                origin: f.origin,
                secret: secret(&f.path),
                path: f.path,
            });
        }
        let fallback = match values.overlays.last() {
            Some(last) => Origin::new(source_of(&last.path), 1, 1),
            None if chart_values_exists => Origin::new(source_of(&chart_values), 1, 1),
            None => Origin::new(source_of(&release.chart_dir().join("Chart.yaml")), 1, 1),
        };
        if self.ws.helm() == crate::values::HelmVersion::V3
            && self.settings.severity(&Rule::Helm4Change).is_some()
        {
            let schemas: Vec<&crate::schema::SchemaSource> = values
                .chart
                .schema
                .iter()
                .chain(workspace_schema.as_ref())
                .collect();
            let changes =
                super::helm4_change::helm4_changes(self.ws, release, values, &schemas, &fallback);
            for f in changes {
                if let Some(severity) = self.settings.severity(&f.rule) {
                    if self
                        .reported
                        .insert((f.rule.clone(), f.origin.clone(), f.message.clone()))
                    {
                        findings.push(Finding {
                            stage: release.stage.clone(),
                            chart: release.chart.clone(),
                            rule: f.rule,
                            severity,
                            message: f.message,
                            origin: f.origin,
                            secret: secret(&f.path),
                            path: f.path,
                        });
                    }
                }
            }
        }
        if let Some(severity) = self.settings.severity(&Rule::Schema) {
            let violations = crate::schema::validate_release(
                &values.chart,
                &values.computed,
                &roots,
                workspace_schema.as_ref(),
                self.ws.tree().as_ref(),
                self.ws.helm(),
            )?;
            for violation in violations {
                let note = violation
                    .note()
                    .map(|n| format!("; {n}"))
                    .unwrap_or_default();
                findings.push(Finding {
                    stage: release.stage.clone(),
                    chart: release.chart.clone(),
                    rule: Rule::Schema,
                    severity,
                    message: format!("{} (schema {}){note}", violation, violation.schema_location),
                    origin: violation.origin.clone().unwrap_or_else(|| fallback.clone()),
                    secret: secret(&violation.values_path),
                    path: violation.values_path.clone(),
                });
            }
        }
        for rule in &self.policies.rules {
            if !rule.applies_to(&release.stage, &release.chart) {
                continue;
            }
            for violation in rule.check(&values.computed.values, &fallback, &secret) {
                findings.push(Finding {
                    stage: release.stage.clone(),
                    chart: release.chart.clone(),
                    rule: Rule::Policy(rule.name.clone()),
                    severity: rule.severity,
                    message: violation.message,
                    origin: violation.origin,
                    secret: secret(&violation.path),
                    path: violation.path,
                });
            }
        }
        let rank = |source: &str| {
            if source.starts_with("charts/") {
                0
            } else {
                values
                    .overlays
                    .iter()
                    .position(|o| *source_of(&o.path) == *source)
                    .map_or(usize::MAX, |i| i + 1)
            }
        };
        findings.sort_by_cached_key(|f| {
            (
                rank(&f.origin.source),
                f.origin.source.clone(),
                f.origin.line,
                f.origin.col,
                f.rule.name(),
                f.message.clone(),
            )
        });
        Ok(findings)
    }

    /// Adds the hazards and duplicates of a workspace file, the first time it is seen.
    /// Returns whether the file exists.
    fn lint_file(
        &mut self,
        path: &Path,
        out: &mut Vec<FileFinding>,
    ) -> Result<bool, WorkspaceError> {
        let source = source_of(path);
        let Some(bytes) = self.ws.read(path)? else {
            return Ok(false);
        };
        if self.linted_files.insert(source.clone()) {
            let parsed = parse_values(&bytes, source, &self.ws.config().limits.yaml)?;
            out.extend(file_findings(&parsed));
        }
        Ok(true)
    }

    /// Returns the keys of the release's chart, worked out once per chart.
    fn chart_keys(&mut self, release: &Release, values: &ReleaseValues) -> Arc<Node> {
        self.chart_keys
            .entry(release.chart.clone())
            .or_insert_with(|| Arc::new(chart_keys(&values.chart)))
            .clone()
    }

    /// Returns the keys an overlay sets that the chart does not know.
    fn unknown_keys(
        &self,
        chart: &str,
        known: &Node,
        overlay: &Node,
        schema: &dyn SchemaKeys,
    ) -> Vec<FileFinding> {
        unknown_keys(known, overlay, schema, &self.settings.allow_unknown)
            .into_iter()
            .map(|u| {
                let suggestion = match &u.suggestion {
                    Some(s) => {
                        let mut parent = u.path.clone();
                        parent.pop();
                        format!("; did you mean `{}`?", parent.child_key(s))
                    }
                    None => String::new(),
                };
                FileFinding {
                    rule: Rule::UnknownKey,
                    message: format!(
                        "unknown key `{}`: chart {chart} has no such value{suggestion}",
                        u.path
                    ),
                    origin: u.origin,
                    path: u.path,
                }
            })
            .collect()
    }

    /// Returns the values of overlay `index` that change nothing.
    fn redundant(
        &self,
        known: &Node,
        overlays: &[&Node],
        index: usize,
        secret: &dyn Fn(&KeyPath) -> bool,
    ) -> Vec<FileFinding> {
        redundant_overrides(known, overlays, index, &self.settings.allow_redundant)
            .into_iter()
            .map(|r| {
                let message = if r.empty_map_over_map {
                    format!(
                        "`{}` is set to {{}}, which changes nothing: Helm merges maps (null deletes a value)",
                        r.path
                    )
                } else {
                    format!(
                        "`{}` is set to {}, the value it already has from {}; the override changes nothing",
                        r.path,
                        shown_value(&r.value, &r.path, secret(&r.path)),
                        r.below
                    )
                };
                FileFinding {
                    rule: Rule::RedundantOverride,
                    origin: r.origin,
                    path: r.path,
                    message,
                }
            })
            .collect()
    }
}

/// Returns a workspace path as origins name it.
fn source_of(path: &Path) -> SourceName {
    Arc::from(display_path(path))
}
