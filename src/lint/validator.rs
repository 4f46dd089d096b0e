//! [`Validator`]: runs every lint rule and the stage policies over the releases of a
//! workspace, one release at a time, and returns [`Finding`]s in a stable order.
//!
//! Which files are linted: a release's overlays always, and its chart's own `values.yaml`,
//! since the charts of a workspace are the team's (a subchart's values.yaml is a
//! dependency's, and is not). Rules about what a file says (hazards, duplicates, unknown
//! keys, redundant overrides, type changes) report each place once per run, under the first
//! release that reads the file, however many releases read it; policies report per release,
//! since each release breaks them on its own.
//!
//! Policies check what Helm renders (`release_scope.rs`): not the sections of disabled
//! subcharts, nor values below a map whose `enabled` is false. A policy or schema finding
//! about a value nobody in the workspace wrote (a subchart's default, a dependency's: a
//! [`LayerKind::SubchartDefaults`] layer) is reported where a fix would go: at the nearest enclosing key an overlay
//! writes, or at the top of the release's last overlay. After every release,
//! [`Validator::unmatched_policies`] reports each policy whose path matched nothing.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::chart::{load_chart_texts, load_packaged_chart_texts, ChartFiles};
use crate::layer::{LayerKind, LayerRef, Layers};
use crate::settings::{LintSettings, Policies};
use crate::source::display_path;
use crate::values::{KeyPath, Node, Origin, SourceName};
use crate::workspace::{ChartPath, Release, ReleaseValues, Workspace, WorkspaceError};
use crate::yaml::parse_values;

use super::chart_keys::chart_keys;
use super::chart_reads::ChartReads;
use super::file_rules::{file_findings, FileFinding};
use super::finding::{Finding, Rule, Severity};
use super::redundant::redundant_overrides;
use super::release_check::{Candidate, Gate, ReleaseCheck, Reports};
use super::release_scope::ReleaseScope;
use super::schema_keys::SchemaKeyIndex;
use super::type_change::type_changes;
use super::unknown_key::{unknown_keys, KnownKeys, SchemaKeys};
use crate::secrets::shown_value;

/// Runs lint rules and policies over releases, remembering what was reported: a
/// [`Checker`] that checks any release on any thread, and the run's [`Reports`].
pub struct Validator<'a> {
    checker: Checker<'a>,
    reports: Reports,
}

/// Checks releases: every rule, the schemas and the policies, for one release at a time
/// and from any thread; what it works out once per chart or file is shared.
pub struct Checker<'a> {
    ws: &'a Workspace,
    settings: &'a LintSettings,
    policies: &'a Policies,
    /// Each chart's keys, by chart name.
    chart_keys: Mutex<HashMap<String, Arc<Node>>>,
    /// Each chart's keys with what its comments and templates name, and what its helpers
    /// read, by chart name (for the unknown-key rule).
    chart_reads: Mutex<HashMap<String, Arc<(Node, ChartReads)>>>,
    /// What a chart's own values.yaml says wrong (hazards, duplicate keys), by chart name.
    chart_files: Mutex<HashMap<String, Arc<FileLint>>>,
}

/// A file's findings of the file rules, and what the YAML reader counted past its cap.
#[derive(Debug)]
struct FileLint {
    findings: Vec<FileFinding>,
    omitted: Vec<(Rule, usize)>,
}

impl FileLint {
    fn of(file: &crate::yaml::ParsedFile) -> FileLint {
        FileLint {
            findings: file_findings(file),
            omitted: [
                (Rule::YamlHazard, file.hazards_omitted),
                (Rule::DuplicateKey, file.duplicates_omitted),
            ]
            .into_iter()
            .filter(|(_, count)| *count > 0)
            .collect(),
        }
    }
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
            checker: Checker {
                ws,
                settings: &ws.config().lint,
                policies: &ws.config().policies,
                chart_keys: Mutex::new(HashMap::new()),
                chart_reads: Mutex::new(HashMap::new()),
                chart_files: Mutex::new(HashMap::new()),
            },
            reports: Reports::new(ws.config().policies.rules.len()),
        })
    }

    /// Returns the findings of one release whose values were computed (with no values from
    /// the command line), as [`Checker::check`] and [`Reports::add`] give them. Releases are
    /// to be given in the workspace's order.
    pub fn release(
        &mut self,
        release: &Release,
        values: &ReleaseValues,
    ) -> Result<Vec<Finding>, WorkspaceError> {
        let check = self.checker.check(release, values)?;
        Ok(self.reports.add(check))
    }

    /// Returns the checker and the run's reports apart, for a caller that checks releases
    /// on several threads and adds the checks in order on one.
    pub fn parts(&mut self) -> (&Checker<'a>, &mut Reports) {
        (&self.checker, &mut self.reports)
    }

    /// Returns a finding for each policy whose path matched nothing in any release it
    /// applies to, once every such release was validated (a typo like `replicaCuont` would
    /// otherwise switch the policy off without a word). Call after every release.
    pub fn unmatched_policies(&self) -> Vec<Finding> {
        let Checker {
            ws,
            settings,
            policies,
            ..
        } = &self.checker;
        let Some(severity) = settings.severity(&Rule::UnmatchedPolicy) else {
            return Vec::new();
        };
        let mut findings = Vec::new();
        for (rule, (validated, matched)) in policies.rules.iter().zip(&self.reports.reach) {
            let applicable = ws
                .stages()
                .iter()
                .flat_map(|stage| {
                    ws.releases()
                        .iter()
                        .filter(move |spec| spec.runs_in(stage))
                        .map(move |spec| (stage, spec.chart.name()))
                })
                .filter(|(stage, chart)| rule.applies_to(stage, chart))
                .count();
            if *matched || *validated == 0 || *validated < applicable {
                continue;
            }
            findings.push(Finding {
                stage: String::new(),
                chart: String::new(),
                rule: Rule::UnmatchedPolicy,
                severity,
                message: format!(
                    "policy {:?}: path `{}` matches no value in any release it applies to, so it can never fire",
                    rule.name, rule.path.pattern
                ),
                origin: rule.origin.clone(),
                path: KeyPath::root(),
                secret: false,
            });
        }
        findings
    }
}

impl Checker<'_> {
    /// Checks one release whose values were computed (with no values from the command
    /// line): everything every rule, schema and policy finds in it, each finding with the
    /// gate it has to pass ([`Reports::add`] decides what is new) and its place in the
    /// release's report: chart files first, then overlays in layer order, each by line and
    /// column.
    pub fn check(
        &self,
        release: &Release,
        values: &ReleaseValues,
    ) -> Result<ReleaseCheck, WorkspaceError> {
        // File rules (hazards, duplicates) on the chart's values.yaml and the overlays.
        let mut raw: Vec<(FileFinding, Gate)> = Vec::new();
        let mut files: Vec<(SourceName, Vec<(Rule, usize)>)> = Vec::new();
        // A packaged chart's values.yaml is a dependency's, not the team's: not linted.
        let chart_values = release.chart_path.folder().map(|d| d.join("values.yaml"));
        let chart_values_exists = match &chart_values {
            Some(path) => match self.chart_file_lint(&release.chart, path)? {
                Some(lint) => {
                    let source = source_of(path);
                    raw.extend(
                        lint.findings
                            .iter()
                            .map(|f| (f.clone(), Gate::File(source.clone()))),
                    );
                    files.push((source, lint.omitted.clone()));
                    true
                }
                None => false,
            },
            None => false,
        };
        for overlay in &values.overlays {
            let source = source_of(&overlay.path);
            let lint = FileLint::of(&overlay.parsed);
            raw.extend(
                lint.findings
                    .into_iter()
                    .map(|f| (f, Gate::File(source.clone()))),
            );
            files.push((source, lint.omitted));
        }
        let known = self.chart_keys(release, values);
        // The chart's keys stand for its defaults as Helm nests them: the layer below an
        // overlay, for the redundant-override rule.
        let layers = values.layers(&known);
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
        let rules =
            crate::workspace::release_secret_rules(self.ws, values, workspace_schema.as_ref())?;
        let secret = |path: &KeyPath| rules.path_is_secret(&values.computed.values, path);
        let schema_keys = SchemaKeyIndex::new(
            values
                .chart
                .schema
                .iter()
                .chain(workspace_schema.as_ref())
                .map(|s| &s.bytes[..]),
        );
        let mut by_place: Vec<FileFinding> = Vec::new();
        if self.settings.severity(&Rule::UnknownKey).is_some() {
            let reads = self.chart_reads(release, values, &known)?;
            for root in &roots {
                by_place.extend(self.unknown_keys(&release.chart, &reads, root, &schema_keys));
            }
        }
        for root in &roots {
            by_place.extend(self.type_changes(&known, root, &schema_keys, &secret));
        }
        for (overlay, _) in layers
            .iter()
            .filter(|(_, l)| matches!(l.kind, LayerKind::StageOverlay { .. }) && l.root.is_some())
        {
            by_place.extend(self.redundant(&layers, overlay, &secret));
        }
        raw.extend(by_place.into_iter().map(|f| (f, Gate::Place)));
        let finding = |rule: Rule, severity, message, origin, path: KeyPath| Finding {
            stage: release.stage.clone(),
            chart: release.name.clone(),
            rule,
            severity,
            message,
            origin,
            secret: secret(&path),
            path,
        };
        let mut found: Vec<(Finding, Gate)> = Vec::new();
        for (f, gate) in raw {
            let Some(mut severity) = self.settings.severity(&f.rule) else {
                continue;
            };
            if f.warning_only {
                severity = Severity::Warning;
            }
            found.push((finding(f.rule, severity, f.message, f.origin, f.path), gate));
        }
        let fallback = match values.overlays.last() {
            Some(last) => Origin::new(source_of(&last.path), 1, 1),
            None => match &chart_values {
                Some(path) if chart_values_exists => Origin::new(source_of(path), 1, 1),
                _ => Origin::new(
                    Arc::from(release.chart_path.file_display("Chart.yaml")),
                    1,
                    1,
                ),
            },
        };
        // A finding about a dependency's default goes where a fix would go.
        let in_dependency =
            |origin: &Origin| layers.kind_of(origin) == Some(LayerKind::SubchartDefaults);
        let fix_fallback = match values.overlays.last() {
            Some(last) => Origin::new(source_of(&last.path), 1, 1),
            None => self.would_be_overlay(release),
        };
        let place = |origin: Origin, path: &KeyPath, message: String| {
            if in_dependency(&origin) {
                (
                    fix_place(&values.user, path, &fix_fallback),
                    format!("{message} (in a dependency's defaults, {origin})"),
                )
            } else {
                (origin, message)
            }
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
            // What Helm 4 reads otherwise in a dependency's own defaults is nothing the team
            // wrote or can remove: the migration diff (`diff --to-helm-version 4`) shows it.
            for f in changes.into_iter().filter(|f| !in_dependency(&f.origin)) {
                if let Some(severity) = self.settings.severity(&f.rule) {
                    found.push((
                        finding(f.rule, severity, f.message, f.origin, f.path),
                        Gate::Place,
                    ));
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
                let (origin, message) = place(
                    violation.origin.clone().unwrap_or_else(|| fallback.clone()),
                    &violation.values_path,
                    format!("{} (schema {}){note}", violation, violation.schema_location),
                );
                found.push((
                    finding(
                        Rule::Schema,
                        severity,
                        message,
                        origin,
                        violation.values_path.clone(),
                    ),
                    Gate::Release,
                ));
            }
        }
        let scope = ReleaseScope::new(&values.chart, &values.computed);
        let mut reach = Vec::with_capacity(self.policies.rules.len());
        for rule in &self.policies.rules {
            if !rule.applies_to(&release.stage, &release.chart) {
                reach.push(None);
                continue;
            }
            reach.push(Some(
                rule.can_match(&values.computed.values) || rule.can_match(&known),
            ));
            for violation in rule.check(&values.computed.values, &scope, &fallback, &secret) {
                let (origin, message) = place(violation.origin, &violation.path, violation.message);
                found.push((
                    finding(
                        Rule::Policy(rule.name.clone()),
                        rule.severity,
                        message,
                        origin,
                        violation.path,
                    ),
                    Gate::Release,
                ));
            }
        }
        // The chart's files first (its defaults and a dependency's, its Chart.yaml and
        // schema), then the overlays in layer order, then anything else.
        let chart_files = release.chart_path.file_display("");
        let rank = |origin: &Origin| match layers.kind_of(origin) {
            Some(LayerKind::StageOverlay { index }) => index + 1,
            Some(kind) if kind.is_defaults() => 0,
            _ if origin.source.starts_with(&chart_files) => 0,
            _ => usize::MAX,
        };
        let candidates = found
            .into_iter()
            .map(|(finding, gate)| Candidate {
                key: (
                    rank(&finding.origin),
                    finding.origin.source.clone(),
                    finding.origin.line,
                    finding.origin.col,
                    finding.rule.name().to_string(),
                    finding.message.clone(),
                ),
                finding,
                gate,
            })
            .collect();
        Ok(ReleaseCheck {
            files,
            candidates,
            reach,
        })
    }

    /// Returns where a release's first overlay would be, when it has none: the first overlay
    /// pattern of `strata.yaml` that names one file.
    fn would_be_overlay(&self, release: &Release) -> Origin {
        let path = self
            .ws
            .config()
            .overlays
            .iter()
            .find(|pattern| !pattern.contains('*'))
            .map(|pattern| {
                pattern
                    .replace("{stage}", &release.stage)
                    .replace("{release}", &release.name)
                    .replace("{chart}", &release.chart)
            })
            .unwrap_or_else(|| format!("environments/{}/{}.yaml", release.stage, release.name));
        Origin::new(Arc::from(path.as_str()), 1, 1)
    }

    /// Returns the values of an overlay whose type the chart's default does not allow.
    fn type_changes(
        &self,
        known: &Node,
        overlay: &Node,
        schema: &dyn SchemaKeys,
        secret: &dyn Fn(&KeyPath) -> bool,
    ) -> Vec<FileFinding> {
        type_changes(known, overlay, schema)
            .into_iter()
            .map(|c| {
                let tail = if c.default_kind == "a map" {
                    ", and templates reading keys below it fail"
                } else {
                    ""
                };
                FileFinding {
                    rule: Rule::TypeChange,
                    message: format!(
                        "`{}` is {}, but the chart's default ({}) is {}: Helm does not check types{tail}",
                        c.path,
                        shown_value(&c.value, &c.path, secret(&c.path)),
                        c.default_origin,
                        c.default_kind
                    ),
                    origin: c.origin,
                    path: c.path,
                    warning_only: false,
                }
            })
            .collect()
    }

    /// Returns what the file rules find in a chart's own values.yaml at `path`, worked out
    /// once per file; `None` when there is no such file.
    fn chart_file_lint(
        &self,
        chart: &str,
        path: &Path,
    ) -> Result<Option<Arc<FileLint>>, WorkspaceError> {
        if let Some(lint) = lock(&self.chart_files).get(chart) {
            return Ok(Some(lint.clone()));
        }
        let Some(bytes) = self.ws.read(path)? else {
            return Ok(None);
        };
        let parsed = parse_values(&bytes, source_of(path), &self.ws.config().limits.yaml)?;
        let lint = Arc::new(FileLint::of(&parsed));
        lock(&self.chart_files).insert(chart.to_string(), lint.clone());
        Ok(Some(lint))
    }

    /// Drops what was worked out for the chart `chart` (its keys, what its templates read,
    /// its values.yaml's findings): called after the chart's last release.
    pub fn forget_chart(&self, chart: &str) {
        lock(&self.chart_keys).remove(chart);
        lock(&self.chart_reads).remove(chart);
        lock(&self.chart_files).remove(chart);
    }

    /// Returns the keys of the release's chart, worked out once per chart.
    fn chart_keys(&self, release: &Release, values: &ReleaseValues) -> Arc<Node> {
        if let Some(keys) = lock(&self.chart_keys).get(&release.chart) {
            return keys.clone();
        }
        let keys = Arc::new(chart_keys(&values.chart));
        lock(&self.chart_keys).insert(release.chart.clone(), keys.clone());
        keys
    }

    /// Returns the keys of the release's chart with what its comments document and its
    /// templates read, worked out once per chart (reading its `values.yaml` and templates).
    fn chart_reads(
        &self,
        release: &Release,
        values: &ReleaseValues,
        known: &Node,
    ) -> Result<Arc<(Node, ChartReads)>, WorkspaceError> {
        if let Some(reads) = lock(&self.chart_reads).get(&release.chart) {
            return Ok(reads.clone());
        }
        let files = ChartFiles {
            tree: self.ws.tree().clone(),
            display_root: String::new(),
            limits: self.ws.config().limits.clone(),
            downloaded: self.ws.downloaded().cloned(),
            helm: self.ws.helm(),
        };
        let texts = match &release.chart_path {
            ChartPath::Folder(dir) => load_chart_texts(&files, dir)?,
            ChartPath::Packaged(file) => load_packaged_chart_texts(&files, file)?,
        };
        let reads = ChartReads::from_texts(&values.chart, &texts);
        let mut keys = known.clone();
        reads.add_to(&mut keys);
        let reads = Arc::new((keys, reads));
        lock(&self.chart_reads).insert(release.chart.clone(), reads.clone());
        Ok(reads)
    }

    /// Returns the keys an overlay sets that the chart does not know: errors, or warnings
    /// when a helper may read them.
    fn unknown_keys(
        &self,
        chart: &str,
        reads: &(Node, ChartReads),
        overlay: &Node,
        schema: &dyn SchemaKeys,
    ) -> Vec<FileFinding> {
        let known = KnownKeys {
            keys: &reads.0,
            schema,
            allow: &self.settings.allow_unknown,
            helpers: &reads.1.helper_fields,
        };
        unknown_keys(&known, overlay)
            .into_iter()
            .map(|u| {
                let message = u.message(chart);
                FileFinding {
                    rule: Rule::UnknownKey,
                    message,
                    warning_only: u.helper.is_some(),
                    origin: u.origin,
                    path: u.path,
                }
            })
            .collect()
    }

    /// Returns the values of the overlay `overlay` that change nothing.
    fn redundant(
        &self,
        layers: &Layers<'_>,
        overlay: LayerRef,
        secret: &dyn Fn(&KeyPath) -> bool,
    ) -> Vec<FileFinding> {
        redundant_overrides(layers, overlay, &self.settings.allow_redundant)
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
                    warning_only: false,
                }
            })
            .collect()
    }
}

/// Returns where a fix for the value at `path` would go: the nearest key enclosing it (or
/// the key itself) that an overlay writes, else `fallback`.
fn fix_place(user: &Node, path: &KeyPath, fallback: &Origin) -> Origin {
    let segments = path.segments();
    (1..=segments.len())
        .rev()
        .filter_map(|n| user.get(&KeyPath::from_segments(segments[..n].to_vec())))
        .map(Node::key_or_value_origin)
        .find(|o| o.has_position())
        .unwrap_or_else(|| fallback.clone())
}

/// Returns what `mutex` guards; a worker that panicked while holding it left nothing
/// half-written (every entry is inserted whole), so the map is used as it is.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Returns a workspace path as origins name it.
fn source_of(path: &Path) -> SourceName {
    Arc::from(display_path(path))
}
