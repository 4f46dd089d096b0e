//! [`Rule`]: the rule a finding comes from, by the name `strata.yaml`'s `lint.severity` and
//! every report give it (`unknown-key`, `policy/pinned-image-tags`).

use std::fmt;

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
