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
use crate::secrets::redact_yaml_lines_in;
use crate::values::{to_json_pretty, Map, Node, Origin, SourceName, Value};
use crate::workspace::Workspace;
use crate::yaml::{Document, Limits};

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

/// Returns `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// A workspace file as findings show it: its lines with secrets redacted, and its document
/// model when it parses (for the width of the carets).
struct SourceFile {
    lines: Vec<String>,
    doc: Option<Document>,
}

/// Workspace files, read and redacted once each, for the source line under a finding.
struct SourceLines<'a> {
    ws: &'a Workspace,
    files: HashMap<SourceName, Option<SourceFile>>,
}

impl SourceLines<'_> {
    /// Returns line `origin.line` of the file, secrets redacted, and how to mark the value
    /// at the origin under it, if the file can be read.
    fn line(&mut self, origin: &Origin) -> Option<(String, Mark)> {
        let ws = self.ws;
        let file = self
            .files
            .entry(origin.source.clone())
            .or_insert_with(|| {
                let bytes = ws.read(Path::new(&*origin.source)).ok()??;
                let text = String::from_utf8_lossy(&bytes);
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
                // Redacted as a whole: a line's secrets may depend on the lines around it.
                let doc = Document::parse(&bytes, &origin.source, &Limits::default()).ok();
                Some(SourceFile {
                    lines: redact_yaml_lines_in(&lines, doc.as_ref()),
                    doc,
                })
            })
            .as_ref()?;
        let line = file.lines.get((origin.line as usize).checked_sub(1)?)?;
        let mark = value_mark(file.doc.as_ref(), origin, line, Mark::Caret);
        Some((line.clone(), mark))
    }
}

/// Returns a source line with everything from column `col` on hidden, except a key written
/// there (`  pin: 1234` at the key → `  pin: <redacted>`): the line of a secret value, which
/// the rules of the release (a `secrets:` path, a `writeOnly` property) know but the line
/// alone does not tell.
fn hide_value_from(line: &str, col: u32) -> String {
    let start = line
        .char_indices()
        .nth((col as usize).saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let (head, tail) = line.split_at(start);
    // A key at the column is kept; anything else after it (a flow mapping's other pairs
    // included) is hidden.
    let key = tail
        .find(':')
        .filter(|&colon| !tail[..colon].contains([' ', ',', '{', '[', '\t']))
        .filter(|&colon| tail[colon + 1..].is_empty() || tail[colon + 1..].starts_with(' '));
    match key {
        Some(colon) => format!("{head}{}: <redacted>", &tail[..colon]),
        None => format!("{head}<redacted>"),
    }
}

/// Returns the findings as text: per release with findings a `stage/chart:` line, then each
/// finding as `severity[rule]: message`, its place and source line, and a blank line; then
/// a summary line.
pub fn text(ws: &Workspace, findings: &[Finding], summary: Summary, color: bool) -> String {
    let style = |s: Style| if color { s } else { Style::new() };
    let red = style(AnsiColor::Red.on_default().bold());
    let yellow = style(AnsiColor::Yellow.on_default().bold());
    let blue = style(AnsiColor::Blue.on_default().bold());
    let bold = style(Style::new().bold());
    let mut lines = SourceLines {
        ws,
        files: HashMap::new(),
    };
    let mut out = String::new();
    let mut release: Option<String> = None;
    for finding in findings {
        let this = group(ws, finding);
        if release.as_ref() != Some(&this) {
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
    let counts = if findings.is_empty() {
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
pub fn json(ws: &Workspace, findings: &[Finding], summary: Summary) -> String {
    let origin = Origin::whole(Arc::from("strata validate"));
    let node = |value: Value| Node::new(value, origin.clone());
    let string = |s: &str| node(Value::String(s.to_string()));
    let number = |n: usize| node(Value::Float(n as f64));
    let items = findings
        .iter()
        .map(|f| {
            let mut map = Map::new();
            map.insert("stage".into(), string(&f.stage));
            match ws
                .config()
                .releases
                .is_some()
                .then(|| ws.release_spec(&f.chart))
            {
                Some(Ok(spec)) => {
                    map.insert("chart".into(), string(spec.chart.name()));
                    map.insert("release".into(), string(&f.chart));
                }
                _ => {
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
pub fn github(findings: &[Finding]) -> String {
    findings
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
            error.insert("message".into(), node(Value::String(message.clone())));
            if let Some(o) = origin.filter(|o| o.has_position()) {
                error.insert("file".into(), node(Value::String(o.source.to_string())));
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

    #[test]
    fn hides_the_value_and_keeps_a_key_at_the_column() {
        let rows = [
            ("  pin: 1234", 3, "  pin: <redacted>"),
            ("  pin: 1234", 8, "  pin: <redacted>"),
            ("extra: {pin: 0777, wo: x}", 14, "extra: {pin: <redacted>"),
            ("extra: {pin: 0777, wo: x}", 9, "extra: {pin: <redacted>"),
            ("- \"https://a:b@h\"", 3, "- <redacted>"),
        ];
        for (line, col, expected) in rows {
            assert_eq!(hide_value_from(line, col), expected, "{line} at {col}");
        }
    }
}
