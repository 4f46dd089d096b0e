//! [`cap_findings`]: at most [`MAX_FINDINGS_PER_RULE_AND_FILE`] findings of one rule in one
//! file, then one finding saying how many more there were.
//!
//! An overlay with 50,000 unknown keys gave 15 MB of JSON and 224 MB of memory; nobody reads
//! the 101st finding of a rule in a file before fixing the first hundred.

use std::collections::HashMap;

use crate::values::{KeyPath, SourceName};

use super::finding::{Finding, Rule};

/// The most findings one rule reports in one file of one release.
pub const MAX_FINDINGS_PER_RULE_AND_FILE: usize = 100;

/// Keeps the first [`MAX_FINDINGS_PER_RULE_AND_FILE`] findings of each rule in each file, in
/// the given order, and puts in place of the first one dropped a finding of the same rule
/// and severity that says how many were dropped. `unlisted` adds findings of a rule in a file
/// that were counted but never built (the YAML reader keeps at most 1,000 hazards and
/// duplicate keys of a file).
pub fn cap_findings(
    findings: Vec<Finding>,
    unlisted: &HashMap<(Rule, SourceName), usize>,
) -> Vec<Finding> {
    let mut total: HashMap<(Rule, SourceName), usize> = unlisted.clone();
    for f in &findings {
        *total
            .entry((f.rule.clone(), f.origin.source.clone()))
            .or_default() += 1;
    }
    let mut kept: HashMap<(Rule, SourceName), usize> = HashMap::new();
    let mut out = Vec::with_capacity(findings.len().min(total.len() * 101));
    let mut last_kept: HashMap<(Rule, SourceName), usize> = HashMap::new();
    for f in findings {
        let key = (f.rule.clone(), f.origin.source.clone());
        let count = kept.entry(key.clone()).or_default();
        *count += 1;
        if *count <= MAX_FINDINGS_PER_RULE_AND_FILE {
            last_kept.insert(key, out.len());
            out.push(f);
        } else if *count == MAX_FINDINGS_PER_RULE_AND_FILE + 1 {
            let more = total[&key] - MAX_FINDINGS_PER_RULE_AND_FILE;
            out.push(summary(f, more));
        }
    }
    // Findings counted but never built, in a file whose built ones fit under the cap.
    for (key, &extra) in unlisted {
        let shown = kept.get(key).copied().unwrap_or(0);
        if extra == 0 || shown > MAX_FINDINGS_PER_RULE_AND_FILE {
            continue;
        }
        if let Some(&index) = last_kept.get(key) {
            let last = out[index].clone();
            out.insert(index + 1, summary(last, extra));
            for i in last_kept.values_mut().filter(|i| **i > index) {
                *i += 1;
            }
        }
    }
    out
}

/// Returns the finding that stands for `more` dropped ones, at the place of `first`.
fn summary(first: Finding, more: usize) -> Finding {
    let rule = first.rule.name();
    let file = first.origin.source.clone();
    Finding {
        message: format!(
            "{more} more {rule} finding{} in {file} not shown (at most {MAX_FINDINGS_PER_RULE_AND_FILE} per rule and file)",
            if more == 1 { "" } else { "s" }
        ),
        path: KeyPath::root(),
        secret: false,
        ..first
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lint::Severity;
    use crate::values::Origin;

    fn finding(rule: Rule, file: &str, line: u32) -> Finding {
        Finding {
            stage: "dev".into(),
            chart: "web".into(),
            rule,
            severity: Severity::Warning,
            message: format!("line {line}"),
            origin: Origin::new(Arc::from(file), line, 1),
            path: KeyPath::root(),
            secret: false,
        }
    }

    fn lines(findings: &[Finding]) -> Vec<String> {
        findings
            .iter()
            .map(|f| format!("{} {} {}", f.origin, f.rule, f.message))
            .collect()
    }

    #[test]
    fn keeps_the_first_of_each_rule_and_file_then_counts_the_rest() {
        let mut all = Vec::new();
        for line in 1..=MAX_FINDINGS_PER_RULE_AND_FILE as u32 + 3 {
            all.push(finding(Rule::UnknownKey, "a.yaml", line));
            all.push(finding(Rule::YamlHazard, "a.yaml", line));
        }
        all.push(finding(Rule::UnknownKey, "b.yaml", 1));
        let capped = cap_findings(all, &HashMap::new());
        assert_eq!(capped.len(), 2 * (MAX_FINDINGS_PER_RULE_AND_FILE + 1) + 1);
        let lines = lines(&capped);
        assert_eq!(
            &lines[200..],
            [
                "a.yaml:101:1 unknown-key 3 more unknown-key findings in a.yaml not shown (at most 100 per rule and file)",
                "a.yaml:101:1 yaml-hazard 3 more yaml-hazard findings in a.yaml not shown (at most 100 per rule and file)",
                "b.yaml:1:1 unknown-key line 1",
            ]
        );
    }

    #[test]
    fn counts_findings_the_reader_never_built() {
        let all = vec![
            finding(Rule::DuplicateKey, "a.yaml", 1),
            finding(Rule::UnknownKey, "a.yaml", 2),
        ];
        let unlisted = HashMap::from([((Rule::DuplicateKey, Arc::from("a.yaml")), 1)]);
        assert_eq!(
            lines(&cap_findings(all, &unlisted)),
            [
                "a.yaml:1:1 duplicate-key line 1",
                "a.yaml:1:1 duplicate-key 1 more duplicate-key finding in a.yaml not shown (at most 100 per rule and file)",
                "a.yaml:2:1 unknown-key line 2",
            ]
        );
    }
}
