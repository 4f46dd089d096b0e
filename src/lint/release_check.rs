//! [`ReleaseCheck`] and [`Reports`]: what checking one release found, and the run's memory
//! of what was already reported, which decides what of it is new.
//!
//! Checking a release (every rule, the schema, the policies) needs nothing of the others and
//! runs on any core, in any order. What a run reports does depend on the order: a file's
//! findings come once, under the first release that reads the file, and a place a rule
//! flags once however many releases share it. So a check keeps everything it found with the
//! gate each finding has to pass, and [`Reports::add`] passes them, release after release in
//! the workspace's order, on one thread.

use std::collections::{HashMap, HashSet};

use crate::values::{Origin, SourceName};

use super::finding::{Finding, Rule};
use super::finding_cap::cap_findings;

/// What checking one release found, before [`Reports::add`] keeps what is new.
#[derive(Debug)]
pub struct ReleaseCheck {
    /// The files linted for the release (its chart's values.yaml, its overlays), each with
    /// the hazards and duplicate keys the YAML reader counted past its own cap.
    pub(crate) files: Vec<(SourceName, Vec<(Rule, usize)>)>,
    /// Every finding, in the order the rules ran, each with its gate and its sort key.
    pub(crate) candidates: Vec<Candidate>,
    /// Per policy, in the order of `policies.rules`: `None` when it does not apply to the
    /// release, else whether its path can match something in it.
    pub(crate) reach: Vec<Option<bool>>,
}

/// A finding and what decides whether it is reported.
#[derive(Debug)]
pub(crate) struct Candidate {
    pub finding: Finding,
    pub gate: Gate,
    /// The place in the release's report: the chart's files first, then the overlays in
    /// layer order, then anything else; within each by file, line, column, rule, message.
    pub key: SortKey,
}

/// A finding's place in its release's report (see [`Candidate::key`]).
pub(crate) type SortKey = (usize, SourceName, u32, u32, String, String);

/// What a finding has to pass to be reported.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// About what a file says (hazards, duplicates): only under the first release that
    /// reads the file, and each place once.
    File(SourceName),
    /// About a place in a file (unknown keys, type changes, redundant overrides, Helm 4
    /// changes): each place once per run.
    Place,
    /// About the release itself (schema, policies): under every release.
    Release,
}

/// What a run has reported so far.
#[derive(Debug)]
pub struct Reports {
    /// Files whose hazards and duplicates were reported.
    linted_files: HashSet<SourceName>,
    /// Findings about places already reported: (rule, place, message).
    reported: HashSet<(Rule, Origin, String)>,
    /// Per policy (in the order of `policies.rules`): how many releases it applied to, and
    /// whether its path matched something in one of them.
    pub(crate) reach: Vec<(usize, bool)>,
}

impl Reports {
    /// Returns the memory of a run that has reported nothing, for `policies` policies.
    pub fn new(policies: usize) -> Reports {
        Reports {
            linted_files: HashSet::new(),
            reported: HashSet::new(),
            reach: vec![(0, false); policies],
        }
    }

    /// Returns the findings of `check` not reported before, in report order (at most
    /// [`MAX_FINDINGS_PER_RULE_AND_FILE`](super::MAX_FINDINGS_PER_RULE_AND_FILE) of a
    /// rule in a file, then how many more), and remembers them. Releases are to be added in
    /// the workspace's order.
    pub fn add(&mut self, check: ReleaseCheck) -> Vec<Finding> {
        let mut first_seen: HashSet<SourceName> = HashSet::new();
        let mut unlisted: HashMap<(Rule, SourceName), usize> = HashMap::new();
        for (source, omitted) in check.files {
            if !self.linted_files.insert(source.clone()) {
                continue;
            }
            for (rule, count) in omitted {
                *unlisted.entry((rule, source.clone())).or_default() += count;
            }
            first_seen.insert(source);
        }
        let mut kept: Vec<(Finding, SortKey)> = Vec::new();
        for Candidate { finding, gate, key } in check.candidates {
            let new = match &gate {
                Gate::File(source) if !first_seen.contains(source) => false,
                Gate::File(_) | Gate::Place => self.reported.insert((
                    finding.rule.clone(),
                    finding.origin.clone(),
                    finding.message.clone(),
                )),
                Gate::Release => true,
            };
            if new {
                kept.push((finding, key));
            }
        }
        for (reach, applies) in self.reach.iter_mut().zip(check.reach) {
            if let Some(can_match) = applies {
                reach.0 += 1;
                reach.1 = reach.1 || can_match;
            }
        }
        // Stable: findings with equal keys keep the order the rules ran in.
        kept.sort_by(|a, b| a.1.cmp(&b.1));
        cap_findings(kept.into_iter().map(|(f, _)| f).collect(), &unlisted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;
    use crate::values::KeyPath;

    fn candidate(stage: &str, rule: Rule, line: u32, gate: Gate) -> Candidate {
        let origin = Origin::new("web.yaml".into(), line, 1);
        Candidate {
            key: (
                1,
                origin.source.clone(),
                line,
                1,
                rule.name().to_string(),
                "m".into(),
            ),
            finding: Finding {
                stage: stage.into(),
                chart: "web".into(),
                rule,
                severity: Severity::Error,
                message: "m".into(),
                origin,
                path: KeyPath::root(),
                secret: false,
            },
            gate,
        }
    }

    fn shown(findings: &[Finding]) -> Vec<String> {
        findings
            .iter()
            .map(|f| format!("{} {} {} {}", f.stage, f.rule.name(), f.origin, f.message))
            .collect()
    }

    /// Two releases read the same file: its findings come under the first only, a place
    /// once, a release's own findings under each; each report is in key order.
    #[test]
    fn keeps_what_is_new_in_the_order_releases_come() {
        let check = |stage: &str| ReleaseCheck {
            files: vec![("web.yaml".into(), vec![(Rule::YamlHazard, 2)])],
            candidates: vec![
                candidate(stage, Rule::Schema, 9, Gate::Release),
                candidate(stage, Rule::YamlHazard, 3, Gate::File("web.yaml".into())),
                candidate(stage, Rule::UnknownKey, 5, Gate::Place),
            ],
            reach: vec![Some(false), None],
        };
        let mut reports = Reports::new(2);
        assert_eq!(
            shown(&reports.add(check("dev"))),
            [
                "dev yaml-hazard web.yaml:3:1 m",
                "dev yaml-hazard web.yaml:3:1 2 more yaml-hazard findings in web.yaml not shown (at most 100 per rule and file)",
                "dev unknown-key web.yaml:5:1 m",
                "dev schema web.yaml:9:1 m",
            ]
        );
        assert_eq!(
            shown(&reports.add(check("prod"))),
            ["prod schema web.yaml:9:1 m"]
        );
        assert_eq!(reports.reach, [(2, false), (0, false)]);
    }
}
