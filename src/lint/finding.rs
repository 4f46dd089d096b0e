//! [`Finding`]: one thing `strata validate` reports, with its [`Rule`] and [`Severity`].

use std::fmt;

use crate::values::{KeyPath, Origin};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails validation (exit code 1).
    Error,
    /// Reported, but validation passes.
    Warning,
}

impl Severity {
    /// Returns the name used in `strata.yaml` and in output (`error`, `warning`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// Reads a severity as `strata.yaml` writes it.
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rule a finding comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// An overlay sets a key the chart does not know.
    UnknownKey,
    /// A scalar Helm reads differently from how it looks, or keys that collide after
    /// Helm's reading.
    YamlHazard,
    /// A key written twice in one map.
    DuplicateKey,
    /// An overlay value equal to the value it overrides.
    RedundantOverride,
    /// A stage policy of `strata.yaml`, by name.
    Policy(String),
    /// A schema violation.
    Schema,
    /// A file under `environments/` that no release reads (a misspelt chart or stage, a
    /// `.yml` overlay).
    StrayFile,
    /// An overlay value of a type the chart's templates cannot read where its default has
    /// another (a scalar over a map, a word over a number).
    TypeChange,
    /// A policy whose path matches nothing in any release it applies to.
    UnmatchedPolicy,
    /// Something a workspace on Helm 3 writes that Helm 4 reads differently.
    Helm4Change,
    /// A check of the rendered manifests (`validate --manifests`), by name
    /// (`manifest/service-selector`).
    Manifest(&'static str),
    /// A stage or workspace variable that no template or setting reads (a near miss of one
    /// that is read, `namespce`, says so).
    UnusedVar,
    /// A stage that does not define a variable `requiredVars` lists.
    MissingVar,
}

impl Rule {
    /// The names of the rules whose severity `lint.severity` sets (policies have their own
    /// `severity`).
    pub const CONFIGURABLE: [Rule; 11] = [
        Rule::UnknownKey,
        Rule::YamlHazard,
        Rule::DuplicateKey,
        Rule::RedundantOverride,
        Rule::Schema,
        Rule::StrayFile,
        Rule::TypeChange,
        Rule::UnmatchedPolicy,
        Rule::Helm4Change,
        Rule::UnusedVar,
        Rule::MissingVar,
    ];

    /// Returns the rule's name in output and in `strata.yaml` (`unknown-key`,
    /// `policy/pinned-image-tags`).
    pub fn name(&self) -> String {
        match self {
            Rule::UnknownKey => "unknown-key".into(),
            Rule::YamlHazard => "yaml-hazard".into(),
            Rule::DuplicateKey => "duplicate-key".into(),
            Rule::RedundantOverride => "redundant-override".into(),
            Rule::Policy(name) => format!("policy/{name}"),
            Rule::Schema => "schema".into(),
            Rule::StrayFile => "stray-file".into(),
            Rule::TypeChange => "type-change".into(),
            Rule::UnmatchedPolicy => "unmatched-policy".into(),
            Rule::Helm4Change => "helm4-change".into(),
            Rule::Manifest(name) => format!("manifest/{name}"),
            Rule::UnusedVar => "unused-var".into(),
            Rule::MissingVar => "missing-var".into(),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// One thing validation found in a release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The stage of the release.
    pub stage: String,
    /// The release, by name (its chart's name in a workspace without `releases:`).
    pub chart: String,
    /// The rule that found it.
    pub rule: Rule,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in one line; never holds a secret value.
    pub message: String,
    /// Where: always a file with a line and column.
    pub origin: Origin,
    /// The key path concerned (the root when the finding is about a whole file).
    pub path: KeyPath,
    /// The value at `path` is a secret (by key name, `secrets:` path, `writeOnly` schema
    /// property or content): the source line under the finding hides it.
    pub secret: bool,
}
