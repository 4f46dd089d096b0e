//! Printing validation findings: as text (grouped per release, each with its place and
//! source line, like errors), as JSON (a stable shape, below), or as GitHub workflow
//! annotations.
//!
//! JSON, keys sorted:
//!
//! ```json
//! {
//!   "findings": [
//!     {"chart": "web", "col": 1, "file": "environments/production/web.yaml", "line": 4,
//!      "message": "...", "path": "imgae", "rule": "unknown-key", "severity": "error",
//!      "stage": "production"}
//!   ],
//!   "summary": {"errors": 1, "releases": 6, "warnings": 0}
//! }
//! ```
//!
//! A finding about the workspace's settings rather than a release (`unmatched-policy`) has
//! an empty `stage` and `chart`; text groups it under its file (`strata.yaml:`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use anstyle::{AnsiColor, Style};

use crate::lint::{Finding, Severity};
use crate::secrets::{hide_value_from, redact_yaml_lines_in};
use crate::values::{to_json_pretty, Map, Node, Origin, SourceName, Value};
use crate::workspace::Workspace;
use crate::yaml::{through_top_level_entry, Document, Limits};

use super::output::count;
use super::report::{escape_controls, value_mark, write_place, Mark};

/// The formats findings are printed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FindingsFormat {
    /// For people: grouped per release, with the source line of each finding.
    #[default]
    Text,
    /// For programs: `{"findings": [...], "summary": {...}}`, keys sorted.
    Json,
    /// GitHub Actions workflow annotations (`::error file=...,line=...,col=...::...`).
    Github,
}

/// How many findings of each severity there are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub releases: usize,
}

impl Summary {
    /// Counts `findings` over `releases` releases.
    pub fn of(findings: &[Finding], releases: usize) -> Summary {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Summary {
            errors,
            warnings: findings.len() - errors,
            releases,
        }
    }
}

/// The findings of a run computed once for every format: each finding with the group it is
/// listed under (`stage/chart`, a stage, or a file), the counts, and whether one is an
/// error (the exit code).
pub struct FindingsView<'a> {
    /// The findings, in the order printed.
    pub findings: &'a [Finding],
    /// What each finding is grouped under, in the same order.
    groups: Vec<String>,
    /// For each finding about a release of a workspace that declares `releases:`, the
    /// release's chart (the finding's `chart` is then the release's name).
    release_charts: Vec<Option<String>>,
    /// The counts.
    pub summary: Summary,
    /// True when a finding is an error.
    pub failed: bool,
}

impl<'a> FindingsView<'a> {
    /// Computes the view of `findings` over `releases` releases.
    pub fn of(findings: &'a [Finding], releases: usize) -> FindingsView<'a> {
        let summary = Summary::of(findings, releases);
        FindingsView {
            findings,
            groups: findings.iter().map(plain_group).collect(),
            release_charts: vec![None; findings.len()],
            summary,
            failed: summary.errors > 0,
        }
    }

    /// Names each finding's release as `ws` declares it: grouped under the release with its
    /// chart and namespace, and with its chart beside it (a workspace without `releases:`
    /// keeps one release per chart, named by it).
    pub fn named_in(mut self, ws: &Workspace) -> FindingsView<'a> {
        if ws.config().releases.is_none() {
            return self;
        }
        self.groups = self.findings.iter().map(|f| group(ws, f)).collect();
        self.release_charts = self
            .findings
            .iter()
            .map(|f| {
                ws.release_spec(&f.chart)
                    .ok()
                    .map(|spec| spec.chart.name().to_string())
            })
            .collect();
        self
    }

    /// Returns each finding with its group.
    fn grouped(&self) -> impl Iterator<Item = (&'a Finding, &str)> + '_ {
        self.findings
            .iter()
            .zip(self.groups.iter().map(String::as_str))
    }
}

/// A workspace file as findings show it: its lines with secrets redacted, and its document
/// model when it parses (for the width of the carets), through the top-level entry that
/// holds the last line shown.
struct SourceFile {
    lines: Vec<String>,
    doc: Option<Document>,
}

impl SourceFile {
    /// Reads the file `bytes`, named `source`, for showing lines up to `last_shown`.
    ///
    /// Lines are redacted in the context of the file's structure (a line's secrets may
    /// depend on the lines around it: a `name: DB_PASSWORD` beside a `value:`), which the
    /// top-level entry holding a line closes: the model and the lines are those of the text
    /// up to the end of that entry (`through_top_level_entry`), or of the whole text when the
    /// cut text does not parse (a flow collection cut open) and the whole does. A large
    /// file's model then takes a fraction of its size, not fifteen times it.
    fn read(bytes: &[u8], source: &SourceName, last_shown: u32) -> SourceFile {
        let parse = |bytes: &[u8]| Document::parse(bytes, source, &Limits::default()).ok();
        let cut = std::str::from_utf8(bytes)
            .ok()
            .map(|text| {
                let body = text.strip_prefix('\u{feff}').unwrap_or(text);
                text.len() - body.len() + through_top_level_entry(body, last_shown)
            })
            .filter(|end| *end < bytes.len());
        let (doc, shown) = match cut.map(|end| (end, parse(&bytes[..end]))) {
            Some((end, Some(doc))) => (Some(doc), &bytes[..end]),
            _ => (parse(bytes), bytes),
        };
        let text = String::from_utf8_lossy(shown);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
        SourceFile {
            lines: redact_yaml_lines_in(&lines, doc.as_ref()),
            doc,
        }
    }
}

/// Workspace files, read and redacted once each, for the source line under a finding.
struct SourceLines<'a> {
    ws: &'a Workspace,
    files: HashMap<SourceName, Option<SourceFile>>,
    /// The last line shown of each file.
    last_shown: HashMap<SourceName, u32>,
}

impl<'a> SourceLines<'a> {
    /// Returns the files of `ws` for showing the lines `origins` point at.
    fn new<'o>(ws: &'a Workspace, origins: impl Iterator<Item = &'o Origin>) -> Self {
        let mut last_shown: HashMap<SourceName, u32> = HashMap::new();
        for origin in origins {
            let last = last_shown.entry(origin.source.clone()).or_default();
            *last = (*last).max(origin.line);
        }
        SourceLines {
            ws,
            files: HashMap::new(),
            last_shown,
        }
    }

    /// Returns line `origin.line` of the file, secrets redacted, and how to mark the value
    /// at the origin under it, if the file can be read.
    fn line(&mut self, origin: &Origin) -> Option<(String, Mark)> {
        let ws = self.ws;
        let last_shown = self
            .last_shown
            .get(&origin.source)
            .copied()
            .unwrap_or(u32::MAX);
        let file = self
            .files
            .entry(origin.source.clone())
            .or_insert_with(|| {
                let bytes = ws.read(Path::new(&*origin.source)).ok()??;
                Some(SourceFile::read(&bytes, &origin.source, last_shown))
            })
            .as_ref()?;
        let line = file.lines.get((origin.line as usize).checked_sub(1)?)?;
        let mark = value_mark(file.doc.as_ref(), origin, line, Mark::Caret);
        Some((line.clone(), mark))
    }
}

/// Returns the findings as text: per release with findings a `stage/chart:` line, then each
/// finding as `severity[rule]: message`, its place and source line, and a blank line; then
/// a summary line.
pub fn text(ws: &Workspace, view: &FindingsView, color: bool) -> String {
    let style = |s: Style| if color { s } else { Style::new() };
    let red = style(AnsiColor::Red.on_default().bold());
    let yellow = style(AnsiColor::Yellow.on_default().bold());
    let blue = style(AnsiColor::Blue.on_default().bold());
    let bold = style(Style::new().bold());
    let mut lines = SourceLines::new(ws, view.findings.iter().map(|f| &f.origin));
    let mut out = String::new();
    let mut release: Option<&str> = None;
    for (finding, this) in view.grouped() {
        if release != Some(this) {
            out.push_str(&format!("{bold}{this}:{bold:#}\n"));
            release = Some(this);
        }
        let severity = match finding.severity {
            Severity::Error => red,
            Severity::Warning => yellow,
        };
        out.push_str(&format!(
            "{severity}{}[{}]{severity:#}{bold}: {}{bold:#}\n",
            finding.severity,
            finding.rule,
            escape_controls(&finding.message)
        ));
        // A secret's line is shown with its value hidden: one caret, which says nothing of
        // the value's length.
        let (line, mark) = match lines.line(&finding.origin) {
            Some((l, _)) if finding.secret => {
                (Some(hide_value_from(&l, finding.origin.col)), Mark::Caret)
            }
            Some((l, mark)) => (Some(l), mark),
            None => (None, Mark::Caret),
        };
        write_place(
            &mut out,
            &finding.origin,
            line.as_deref(),
            mark,
            blue,
            severity,
        );
        out.push('\n');
    }
    let summary = view.summary;
    let counts = if view.findings.is_empty() {
        "no errors, no warnings".to_string()
    } else {
        format!(
            "{}, {}",
            count(summary.errors, "error"),
            count(summary.warnings, "warning")
        )
    };
    out.push_str(&format!(
        "{} validated: {counts}\n",
        count(summary.releases, "release")
    ));
    out
}

/// Returns what a finding is grouped under: its release (`stage/release`, with its chart
/// and namespace when it is named otherwise than its chart), or for a finding about the
/// workspace's settings (no stage), its file (`strata.yaml`).
fn group(ws: &Workspace, finding: &Finding) -> String {
    if finding.stage.is_empty() || finding.chart.is_empty() || ws.config().releases.is_none() {
        return plain_group(finding);
    }
    match ws.release(&finding.stage, &finding.chart) {
        Ok(release) if release.name != release.chart => release.heading(),
        _ => plain_group(finding),
    }
}

/// Returns what a finding is about in one word: `stage/release`, the stage, or the file.
fn plain_group(finding: &Finding) -> String {
    if finding.stage.is_empty() {
        finding.origin.source.to_string()
    } else if finding.chart.is_empty() {
        // A finding about a stage as a whole (a folder) has no chart.
        finding.stage.clone()
    } else {
        format!("{}/{}", finding.stage, finding.chart)
    }
}

/// Returns the findings as the JSON document described at the top of this file. In a
/// workspace that declares `releases:`, each finding about a release also has its
/// `release` name, and `chart` is the release's chart.
pub fn json(view: &FindingsView) -> String {
    let summary = view.summary;
    let origin = Origin::whole(Arc::from("strata validate"));
    let node = |value: Value| Node::new(value, origin.clone());
    let string = |s: &str| node(Value::String(s.into()));
    let number = |n: usize| node(Value::Float(n as f64));
    let items = view
        .findings
        .iter()
        .zip(&view.release_charts)
        .map(|(f, release_chart)| {
            let mut map = Map::new();
            map.insert("stage".into(), string(&f.stage));
            match release_chart {
                Some(chart) => {
                    map.insert("chart".into(), string(chart));
                    map.insert("release".into(), string(&f.chart));
                }
                None => {
                    map.insert("chart".into(), string(&f.chart));
                }
            }
            map.insert("rule".into(), string(&f.rule.name()));
            map.insert("severity".into(), string(f.severity.name()));
            map.insert("message".into(), string(&f.message));
            map.insert("file".into(), string(&f.origin.source));
            map.insert("line".into(), number(f.origin.line as usize));
            map.insert("col".into(), number(f.origin.col as usize));
            map.insert("path".into(), string(&f.path.to_string()));
            node(Value::Map(map))
        })
        .collect();
    let mut counts = Map::new();
    counts.insert("errors".into(), number(summary.errors));
    counts.insert("warnings".into(), number(summary.warnings));
    counts.insert("releases".into(), number(summary.releases));
    let mut root = Map::new();
    root.insert("findings".into(), node(Value::List(items)));
    root.insert("summary".into(), node(Value::Map(counts)));
    to_json_pretty(&node(Value::Map(root)))
}

/// Returns the findings as GitHub workflow commands, one line each:
/// `::error file=F,line=L,col=C,title=RULE::stage/chart: message` (a finding about a
/// folder: `file=F,title=...`, `stage: message`).
pub fn github(view: &FindingsView) -> String {
    view.findings
        .iter()
        .map(|f| {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            // A finding about a folder has no line: the annotation names the file alone.
            let place = if f.origin.has_position() {
                format!(",line={},col={}", f.origin.line, f.origin.col)
            } else {
                String::new()
            };
            format!(
                "::{command} file={}{place},title={}::{}\n",
                github_property(&f.origin.source),
                github_property(&f.rule.name()),
                github_data(&format!("{}: {}", plain_group(f), f.message))
            )
        })
        .collect()
}

/// Returns a GitHub workflow annotation for an input validation could not read (a tab, a
/// second document, a value Helm would refuse), so a pull request shows it at its line.
pub fn github_input_error(origin: Option<&Origin>, message: &str) -> String {
    let place = match origin.filter(|o| o.has_position()) {
        Some(o) => format!(
            " file={},line={},col={},",
            github_property(&o.source),
            o.line,
            o.col
        ),
        None => " ".to_string(),
    };
    format!(
        "::error{place}title=input::{}\n",
        github_data(&escape_controls(message))
    )
}

/// Returns the JSON document for the inputs validation could not read:
/// `{"errors": [{"message", "file", "line", "col"}, ...]}` (place fields only when known).
pub fn json_input_errors(errors: &[(Option<&Origin>, String)]) -> String {
    let at = Origin::whole(Arc::from("strata validate"));
    let node = |value: Value| Node::new(value, at.clone());
    let items = errors
        .iter()
        .map(|(origin, message)| {
            let mut error = Map::new();
            error.insert(
                "message".into(),
                node(Value::String(message.clone().into())),
            );
            if let Some(o) = origin.filter(|o| o.has_position()) {
                error.insert("file".into(), node(Value::String((&*o.source).into())));
                error.insert("line".into(), node(Value::Float(f64::from(o.line))));
                error.insert("col".into(), node(Value::Float(f64::from(o.col))));
            }
            node(Value::Map(error))
        })
        .collect();
    let mut root = Map::new();
    root.insert("errors".into(), node(Value::List(items)));
    to_json_pretty(&node(Value::Map(root)))
}

/// Escapes a workflow command's message as the runner expects (`%`, CR, LF), with other
/// control characters made visible first.
fn github_data(text: &str) -> String {
    escape_controls(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as a message, and `:` and `,` too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_github_commands_as_the_runner_reads_them() {
        assert_eq!(github_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(github_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(github_data("esc\u{1b}["), "esc\\u001b[");
    }

    fn finding(stage: &str, chart: &str, severity: Severity, file: &str) -> Finding {
        Finding {
            stage: stage.into(),
            chart: chart.into(),
            rule: crate::lint::Rule::UnknownKey,
            severity,
            message: "imgae is not a key of the chart".into(),
            origin: Origin::new(file.into(), 3, 1),
            path: crate::values::KeyPath::parse("imgae").unwrap(),
            secret: false,
        }
    }

    #[test]
    fn every_format_reads_one_view_of_the_findings() {
        let findings = [
            finding(
                "staging",
                "web",
                Severity::Warning,
                "environments/staging/web.yaml",
            ),
            finding("staging", "", Severity::Error, "environments/staging"),
            finding("", "", Severity::Error, "strata.yaml"),
        ];
        let view = FindingsView::of(&findings, 4);
        let groups: Vec<&str> = view.grouped().map(|(_, g)| g).collect();
        assert_eq!(groups, ["staging/web", "staging", "strata.yaml"]);
        assert_eq!(
            view.summary,
            Summary {
                errors: 2,
                warnings: 1,
                releases: 4
            }
        );
        assert!(view.failed);
        assert_eq!(
            github(&view).lines().next(),
            Some("::warning file=environments/staging/web.yaml,line=3,col=1,title=unknown-key::staging/web: imgae is not a key of the chart")
        );
        assert!(!FindingsView::of(&findings[..1], 1).failed);
    }
}
