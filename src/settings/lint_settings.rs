//! [`LintSettings`]: the `lint` section of `strata.yaml`: each rule's severity and the paths
//! exempt from the unknown-key and redundant-override rules.
//!
//! ```yaml
//! lint:
//!   severity:                      # error, warning or off, per rule
//!     unknown-key: error
//!     redundant-override: warning
//!   allowUnknown: ["podLabels", "**.extraConfig.**"]
//!   allowRedundant: ["**.image.tag", "**.image.digest"]
//! ```

use std::collections::BTreeMap;

use crate::values::{KeyPattern, Node, Value};

use super::error::SettingsError;
use super::reader::{check_keys, pattern_list};
use super::rule::Rule;
use super::severity::Severity;

/// Paths where an overlay may repeat the value below it, when `strata.yaml` names none: the
/// paths promotion moves from stage to stage (DESIGN §1). A stage pins its image even when
/// the pin equals the chart's default, so that a new chart version does not change what the
/// stage runs and promotion has a line to edit.
const DEFAULT_ALLOW_REDUNDANT: &[&str] = &["**.image.tag", "**.image.digest"];

/// The keys the `lint` section may hold.
const KNOWN_KEYS: &[&str] = &["severity", "allowUnknown", "allowRedundant"];

/// The `lint` section of `strata.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct LintSettings {
    /// Per rule: its severity, or `None` when switched off.
    severities: BTreeMap<Rule, Option<Severity>>,
    /// Paths (and everything below them) an overlay may set although the chart does not
    /// know them.
    pub allow_unknown: Vec<KeyPattern>,
    /// Paths (and everything below them) where an overlay may repeat the value below it.
    pub allow_redundant: Vec<KeyPattern>,
}

impl Default for LintSettings {
    fn default() -> Self {
        LintSettings {
            severities: Rule::CONFIGURABLE
                .iter()
                .map(|rule| (rule.clone(), Some(default_severity(rule))))
                .collect(),
            allow_unknown: Vec::new(),
            allow_redundant: DEFAULT_ALLOW_REDUNDANT
                .iter()
                .map(|p| KeyPattern::parse(p).expect("the default patterns are valid (tested)"))
                .collect(),
        }
    }
}

/// Returns a rule's severity when `strata.yaml` does not set it: errors for what is almost
/// surely a mistake (a key no template reads, a key whose first value is lost, a schema
/// violation, a scalar over a map), warnings for what may be meant (a `yes` that was meant
/// as true, a repeated value) or changes no release (a stray file, a policy that matches
/// nothing).
fn default_severity(rule: &Rule) -> Severity {
    match rule {
        Rule::UnknownKey
        | Rule::DuplicateKey
        | Rule::Schema
        | Rule::TypeChange
        | Rule::Policy(_)
        | Rule::Manifest(_)
        | Rule::MissingVar => Severity::Error,
        Rule::YamlHazard
        | Rule::RedundantOverride
        | Rule::StrayFile
        | Rule::UnmatchedPolicy
        | Rule::Helm4Change
        | Rule::UnusedVar => Severity::Warning,
    }
}

impl LintSettings {
    /// Returns the severity of a rule, or `None` when it is switched off. Policies carry
    /// their own severity; this gives the default for them.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.severities.get(rule) {
            Some(severity) => *severity,
            None => Some(default_severity(rule)),
        }
    }

    /// Reads the `lint` section.
    pub fn from_node(node: &Node) -> Result<LintSettings, SettingsError> {
        let map = node
            .as_map()
            .ok_or_else(|| SettingsError::new("lint must be a mapping", &node.origin))?;
        check_keys(map, KNOWN_KEYS, "lint")?;
        let mut settings = LintSettings::default();
        if let Some(node) = map.get("severity") {
            let entries = node.as_map().ok_or_else(|| {
                SettingsError::new(
                    "lint.severity must map rule names to error, warning or off",
                    &node.origin,
                )
            })?;
            for (name, value) in entries {
                let rule = Rule::CONFIGURABLE
                    .iter()
                    .find(|rule| rule.name() == *name)
                    .ok_or_else(|| {
                        let known: Vec<String> =
                            Rule::CONFIGURABLE.iter().map(Rule::name).collect();
                        SettingsError::new(
                            format!(
                                "unknown rule {name:?} in lint.severity; the rules are: {} (a policy sets its own severity)",
                                known.join(", ")
                            ),
                            &value.key_or_value_origin(),
                        )
                    })?;
                let severity = match &value.value {
                    // An unquoted `off` is YAML 1.1's false.
                    Value::String(s) if s == "off" => None,
                    Value::Bool(false) => None,
                    Value::String(s) if Severity::parse(s).is_some() => Severity::parse(s),
                    _ => {
                        return Err(SettingsError::new(
                            format!("lint.severity.{name} must be error, warning or off"),
                            &value.origin,
                        ))
                    }
                };
                settings.severities.insert(rule.clone(), severity);
            }
        }
        if let Some(node) = map.get("allowUnknown") {
            settings.allow_unknown = pattern_list(node, "lint.allowUnknown")?;
        }
        if let Some(node) = map.get("allowRedundant") {
            settings.allow_redundant = pattern_list(node, "lint.allowRedundant")?;
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Origin;
    use crate::yaml::{parse_values, Limits};

    fn settings(text: &str) -> Result<LintSettings, SettingsError> {
        let file = parse_values(text.as_bytes(), "strata.yaml".into(), &Limits::default()).unwrap();
        let root = file.root.unwrap();
        LintSettings::from_node(&root.as_map().unwrap()["lint"])
    }

    fn at(line: u32, col: u32) -> Origin {
        Origin::new("strata.yaml".into(), line, col)
    }

    #[test]
    fn defaults_suit_a_workspace_without_settings() {
        let s = LintSettings::default();
        assert_eq!(s.severity(&Rule::UnknownKey), Some(Severity::Error));
        assert_eq!(s.severity(&Rule::DuplicateKey), Some(Severity::Error));
        assert_eq!(s.severity(&Rule::YamlHazard), Some(Severity::Warning));
        assert_eq!(
            s.severity(&Rule::RedundantOverride),
            Some(Severity::Warning)
        );
        assert_eq!(s.severity(&Rule::Schema), Some(Severity::Error));
        assert_eq!(s.severity(&Rule::Policy("x".into())), Some(Severity::Error));
        let allowed: Vec<&str> = s.allow_redundant.iter().map(KeyPattern::as_str).collect();
        assert_eq!(allowed, ["**.image.tag", "**.image.digest"]);
    }

    #[test]
    fn reads_severities_and_allow_lists() {
        let s = settings(
            "lint:\n  severity:\n    yaml-hazard: error\n    redundant-override: off\n    schema: \"off\"\n  allowUnknown: [podLabels, \"**.extra.**\"]\n  allowRedundant: []\n",
        )
        .unwrap();
        assert_eq!(s.severity(&Rule::YamlHazard), Some(Severity::Error));
        assert_eq!(s.severity(&Rule::RedundantOverride), None);
        assert_eq!(s.severity(&Rule::Schema), None);
        assert_eq!(s.severity(&Rule::UnknownKey), Some(Severity::Error));
        let allowed: Vec<&str> = s.allow_unknown.iter().map(KeyPattern::as_str).collect();
        assert_eq!(allowed, ["podLabels", "**.extra.**"]);
        assert!(s.allow_redundant.is_empty());
    }

    #[test]
    fn refuses_what_it_cannot_use_at_its_place() {
        let rows: &[(&str, &str, Origin)] = &[
            (
                "lint: [x]\n",
                "lint must be a mapping",
                at(1, 7),
            ),
            (
                "lint:\n  severty: {}\n",
                "unknown key \"severty\" in lint; known keys: severity, allowUnknown, allowRedundant",
                at(2, 3),
            ),
            (
                "lint:\n  severity:\n    unknown-keys: off\n",
                "unknown rule \"unknown-keys\" in lint.severity; the rules are: unknown-key, yaml-hazard, duplicate-key, redundant-override, schema, stray-file, type-change, unmatched-policy, helm4-change, unused-var, missing-var (a policy sets its own severity)",
                at(3, 5),
            ),
            (
                "lint:\n  severity:\n    yaml-hazard: fatal\n",
                "lint.severity.yaml-hazard must be error, warning or off",
                at(3, 18),
            ),
            (
                "lint:\n  allowUnknown: podLabels\n",
                "lint.allowUnknown must be a list of strings",
                at(2, 17),
            ),
            (
                "lint:\n  allowUnknown: [a..b]\n",
                "lint.allowUnknown: key pattern \"a..b\": key path \"a..b\" has an empty key at character 2",
                at(2, 18),
            ),
        ];
        for (text, message, origin) in rows {
            let err = settings(text).unwrap_err();
            assert_eq!(
                (err.to_string().as_str(), err.origin()),
                (*message, origin),
                "{text}"
            );
        }
    }
}
