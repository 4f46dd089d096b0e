//! Running one case through both tools and listing every way they, or the case, disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

use crate::case::{Case, Expect, Helm};
use crate::process::{run_helm, run_strata, Outcome};
use crate::workdir::{self, CHART};

/// Whether to run strata, or only check the cases against Helm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Both,
    HelmOnly,
}

/// Everything found wrong with one case.
#[derive(Debug, Default)]
pub struct Findings {
    /// Helm does not do what the case says (the case or its fixture is wrong).
    pub case_wrong: Vec<String>,
    /// strata does not do what Helm does.
    pub disagreements: Vec<String>,
    /// Output shown under the findings.
    pub details: String,
}

impl Findings {
    pub fn is_clean(&self) -> bool {
        self.case_wrong.is_empty() && self.disagreements.is_empty()
    }
}

/// Runs `case` through `helm`'s binary (and strata with `--helm-version`, unless `mode` is
/// `HelmOnly`) and compares.
///
/// A case states Helm 3's behaviour, and Helm 4's where it differs ([`Case::on_helm4`]).
/// Where Helm 4 has no statements of its own, the case's warning fragments (Helm 3's words)
/// are not looked for in Helm 4's output, and for schema errors Helm 4's own violation lines
/// are required in strata's output instead of the case's fragments.
pub fn check(case: &Case, mode: Mode, helm_version: Helm) -> Findings {
    let helm3_words = helm_version == Helm::V4 && case.helm4.is_none();
    let case = case.for_helm(helm_version);
    let mut f = Findings::default();
    let dir = match tempfile::Builder::new().prefix("strata-diff-").tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            f.case_wrong
                .push(format!("cannot create a temp folder: {e}"));
            return f;
        }
    };
    if let Err(e) = workdir::prepare(case, dir.path()) {
        f.case_wrong
            .push(format!("cannot build the working folder: {e}"));
        return f;
    }
    let helm = run_helm(
        dir.path(),
        CHART,
        &case.args,
        case.schema_args(),
        case.stdin.as_deref(),
        helm_version,
    );
    // A schema Helm 4 finds invalid against its metaschema is refused by strata in its own
    // words; only the failure is compared.
    let helm4_schema = helm3_words && case.validates;
    let schema_lines = helm4_schema && !helm.stderr.contains("is not valid against metaschema");
    let helm_probes = check_helm(case, &helm, helm3_words, helm4_schema, &mut f);
    if mode == Mode::HelmOnly || !f.case_wrong.is_empty() {
        if !f.case_wrong.is_empty() {
            describe("helm", &helm, &mut f.details);
        }
        return f;
    }

    let strata = run_strata(
        dir.path(),
        CHART,
        &case.args,
        case.schema_args(),
        None,
        case.stdin.as_deref(),
        helm_version,
    );
    match (&case.expect, helm_probes) {
        (Expect::Error(fragments), _) => {
            if strata.code != Some(2) {
                f.disagreements
                    .push(format!("helm fails, strata exits {}", exit_text(&strata)));
            }
            if schema_lines && strata.code == Some(2) {
                for line in violation_lines(&helm.stderr) {
                    if !violation_lines(&strata.stderr).contains(&line) {
                        f.disagreements
                            .push(format!("strata's report lacks Helm's {line:?}"));
                    }
                }
            }
            for fragment in fragments
                .iter()
                .filter(|_| strata.code == Some(2) && !case.own_wording && !helm4_schema)
            {
                if !strata.stderr.contains(fragment.as_str()) {
                    f.disagreements.push(format!(
                        "strata fails but its stderr lacks Helm's {fragment:?}"
                    ));
                }
            }
        }
        (Expect::Values, Some(_)) if case.strata_refuses.is_some() => {
            let fragment = case.strata_refuses.as_deref().unwrap_or_default();
            if strata.code != Some(2) || !strata.stderr.contains(fragment) {
                f.disagreements.push(format!(
                    "strata should refuse with {fragment:?} (a documented deviation), exits {}",
                    exit_text(&strata)
                ));
            }
        }
        (Expect::Values, Some(probes)) => compare_values(
            case,
            &probes,
            (&helm, &strata),
            dir.path(),
            helm_version,
            &mut f,
        ),
        (Expect::Values, None) => {}
    }
    if !f.is_clean() {
        describe("helm", &helm, &mut f.details);
        describe("strata", &strata, &mut f.details);
    }
    f
}

/// Returns the violation lines of a schema report (`- at '/a': ...`, nested `  - ...`),
/// each list of quoted names sorted (Helm 4 lists additional properties in Go's random map
/// order).
fn violation_lines(stderr: &str) -> BTreeSet<String> {
    let Some(start) = stderr.find("values don't meet the specifications") else {
        return BTreeSet::new();
    };
    stderr[start..]
        .lines()
        .filter(|l| l.trim_start().starts_with("- "))
        .map(|l| {
            let trimmed = l.trim_end();
            for (head, tail) in [
                ("additional properties ", " not allowed"),
                ("missing properties ", ""),
            ] {
                if let Some(at) = trimmed.find(head) {
                    let list = &trimmed[at + head.len()..trimmed.len() - tail.len()];
                    let mut names: Vec<&str> = list.split(", ").collect();
                    names.sort();
                    return format!("{}{head}{}{tail}", &trimmed[..at], names.join(", "));
                }
            }
            trimmed.to_string()
        })
        .collect()
}

/// Checks Helm's outcome against what the case says; returns the probes when it succeeded.
/// With `helm3_words`, the warning fragments (Helm 3's words) are not looked for; with
/// `schema_lines`, neither are the error fragments.
fn check_helm(
    case: &Case,
    helm: &Outcome,
    helm3_words: bool,
    schema_lines: bool,
    f: &mut Findings,
) -> Option<BTreeMap<String, String>> {
    match &case.expect {
        Expect::Error(fragments) => {
            if helm.success() {
                f.case_wrong
                    .push(format!("helm succeeds; the case expects {fragments:?}"));
            }
            for fragment in fragments
                .iter()
                .filter(|_| !helm.success() && !schema_lines)
            {
                if !helm.stderr.contains(fragment.as_str()) {
                    f.case_wrong
                        .push(format!("helm's error lacks the case's {fragment:?}"));
                }
            }
            None
        }
        Expect::Values => {
            if !helm.success() {
                f.case_wrong
                    .push(format!("helm fails (exit {})", exit_text(helm)));
                return None;
            }
            let probes = match workdir::probes(&helm.stdout) {
                Ok(p) => p,
                Err(e) => {
                    f.case_wrong.push(format!("helm's output: {e}"));
                    return None;
                }
            };
            for shows in &case.shows {
                let Some(text) = probes.get(&shows.chart) else {
                    f.case_wrong
                        .push(format!("helm renders no subchart {:?}", shows.chart));
                    continue;
                };
                let Ok(values) = serde_json::from_str::<Value>(text) else {
                    f.case_wrong
                        .push(format!("helm's probe for {:?} is not JSON", shows.chart));
                    continue;
                };
                let found = values.pointer(&shows.pointer);
                let want = shows
                    .json
                    .as_ref()
                    .map(|j| serde_json::from_str::<Value>(j).expect("a case's JSON is valid"));
                if found != want.as_ref() {
                    f.case_wrong.push(format!(
                        "helm's {}{} is {}, the case says {}",
                        chart_label(&shows.chart),
                        if shows.pointer.is_empty() {
                            "(all values)"
                        } else {
                            &shows.pointer
                        },
                        found.map_or("absent".into(), |v| v.to_string()),
                        want.map_or("absent".into(), |v| v.to_string()),
                    ));
                }
            }
            let warnings = workdir::warnings(&helm.stderr);
            for fragment in case.warns.iter().filter(|_| !helm3_words) {
                if !warnings.iter().any(|w| w.contains(fragment.as_str())) {
                    f.case_wrong
                        .push(format!("helm prints no warning containing {fragment:?}"));
                }
            }
            for chart in &case.disabled {
                if probes.contains_key(chart) {
                    f.case_wrong.push(format!(
                        "helm renders {chart:?}, which the case says is disabled"
                    ));
                }
            }
            Some(probes)
        }
    }
}

fn compare_values(
    case: &Case,
    probes: &BTreeMap<String, String>,
    (helm, strata): (&Outcome, &Outcome),
    dir: &std::path::Path,
    helm_version: Helm,
    f: &mut Findings,
) {
    if !strata.success() {
        f.disagreements
            .push(format!("helm succeeds, strata exits {}", exit_text(strata)));
        return;
    }
    compare_json("top chart", &probes[""], &strata.stdout, f);

    let helm_warnings = workdir::warnings(&helm.stderr);
    let strata_warnings = workdir::warnings(&strata.stderr);
    for w in helm_warnings.difference(&strata_warnings) {
        f.disagreements
            .push(format!("strata lacks Helm's warning: {w}"));
    }
    for w in strata_warnings.difference(&helm_warnings) {
        f.disagreements
            .push(format!("strata warns where Helm does not: {w}"));
    }

    for (chart, text) in probes.iter().filter(|(c, _)| !c.is_empty()) {
        let sub = run_strata(
            dir,
            CHART,
            &case.args,
            case.schema_args(),
            Some(chart),
            case.stdin.as_deref(),
            helm_version,
        );
        if sub.success() {
            compare_json(&format!("subchart {chart}"), text, &sub.stdout, f);
        } else {
            f.disagreements.push(format!(
                "helm renders subchart {chart}; strata --subchart {chart} exits {}: {}",
                exit_text(&sub),
                sub.stderr.trim()
            ));
        }
    }
    for chart in &case.disabled {
        let sub = run_strata(
            dir,
            CHART,
            &case.args,
            case.schema_args(),
            Some(chart),
            case.stdin.as_deref(),
            helm_version,
        );
        if sub.code != Some(2) {
            f.disagreements.push(format!(
                "subchart {chart} is disabled; strata --subchart {chart} exits {}",
                exit_text(&sub)
            ));
        }
    }
}

fn compare_json(what: &str, helm_text: &str, strata_text: &str, f: &mut Findings) {
    let helm: Value = serde_json::from_str(helm_text).expect("helm's toJson prints JSON");
    let strata: Value = match serde_json::from_str(strata_text) {
        Ok(v) => v,
        Err(e) => {
            f.disagreements
                .push(format!("{what}: strata's output is not JSON ({e})"));
            return;
        }
    };
    if helm != strata {
        let mut paths = Vec::new();
        diff_paths(&helm, &strata, String::new(), &mut paths);
        let shown: Vec<String> = paths.iter().take(12).cloned().collect();
        let more = paths.len().saturating_sub(shown.len());
        f.disagreements.push(format!(
            "{what}: values differ\n{}{}",
            shown.join("\n"),
            if more > 0 {
                format!("\n      ... and {more} more")
            } else {
                String::new()
            }
        ));
        let _ = writeln!(f.details, "  {what}, helm:   {}", clip(helm_text));
        let _ = writeln!(
            f.details,
            "  {what}, strata: {}",
            clip(&minify(strata_text))
        );
        return;
    }
    let helm_numbers = number_lexemes(helm_text);
    let strata_numbers = number_lexemes(strata_text);
    if helm_numbers != strata_numbers {
        let first = helm_numbers
            .iter()
            .zip(&strata_numbers)
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("helm {a}, strata {b}"))
            .unwrap_or_else(|| "different counts".into());
        f.disagreements.push(format!(
            "{what}: same values, but numbers are spelt differently or keys are in another order (first: {first})"
        ));
    }
}

/// Lists where two JSON values differ, as `/pointer: helm X, strata Y`.
fn diff_paths(helm: &Value, strata: &Value, at: String, out: &mut Vec<String>) {
    match (helm, strata) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let path = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => diff_paths(x, y, path, out),
                    (Some(x), None) => out.push(format!(
                        "      {path}: helm {}, strata absent",
                        clip(&x.to_string())
                    )),
                    (None, Some(y)) => out.push(format!(
                        "      {path}: helm absent, strata {}",
                        clip(&y.to_string())
                    )),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff_paths(x, y, format!("{at}/{i}"), out);
            }
        }
        _ if helm != strata => out.push(format!(
            "      {}: helm {}, strata {}",
            if at.is_empty() { "/" } else { &at },
            clip(&helm.to_string()),
            clip(&strata.to_string())
        )),
        _ => {}
    }
}

/// Returns the number tokens of a JSON text in order (outside strings), as written.
fn number_lexemes(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    i += 1;
                }
                out.push(&text[start..i]);
            }
            _ => i += 1,
        }
    }
    out
}

/// Returns a JSON text without the whitespace outside strings, as written otherwise (numbers
/// keep their spelling, unlike a re-serialization).
fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

fn clip(text: &str) -> String {
    const MAX: usize = 1500;
    if text.len() <= MAX {
        return text.to_string();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

fn chart_label(chart: &str) -> String {
    if chart.is_empty() {
        String::new()
    } else {
        format!("{chart}:")
    }
}

fn exit_text(o: &Outcome) -> String {
    o.code
        .map_or("by a signal or the time limit".into(), |c| c.to_string())
}

fn describe(tool: &str, o: &Outcome, out: &mut String) {
    let _ = writeln!(out, "  {tool} exit {}", exit_text(o));
    let stderr = o.stderr.trim();
    if !stderr.is_empty() {
        let _ = writeln!(out, "  {tool} stderr:");
        for line in clip(stderr).lines().take(20) {
            let _ = writeln!(out, "    {line}");
        }
    }
    if tool == "strata" || !o.success() {
        let stdout = o.stdout.trim();
        if !stdout.is_empty() && !o.success() {
            let _ = writeln!(out, "  {tool} stdout: {}", clip(stdout));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_strings_and_number_spelling() {
        let text = "{\n  \"a b\": \"x \\\" y\",\n  \"n\": 1e+21\n}\n";
        assert_eq!(minify(text), r#"{"a b":"x \" y","n":1e+21}"#);
    }

    #[test]
    fn numbers_are_read_outside_strings() {
        let text = r#"{"a":[1,-0,1e+21],"b":"x\"1","c":0.5}"#;
        assert_eq!(number_lexemes(text), vec!["1", "-0", "1e+21", "0.5"]);
    }
}
