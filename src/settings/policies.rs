//! [`Policies`]: the `policies` section of `strata.yaml`: the built-in rules switched on
//! (`use: NAME`) and the rules a workspace writes, each read into a [`PolicyRule`]
//! (`policy_rule.rs`). Checking them against a release's values is `lint`'s job.

use crate::values::{Node, Value};

use super::builtin_policies::{builtin_policies, builtin_policy};
use super::error::SettingsError;
use super::policy_rule::PolicyRule;

/// The `policies` section of `strata.yaml`: the rules a workspace switched on or wrote.
#[derive(Clone, Debug, Default)]
pub struct Policies {
    /// The rules, in the order written.
    pub rules: Vec<PolicyRule>,
}

impl Policies {
    /// Reads the `policies` section; `stages` are the workspace's, which rules may name.
    pub fn from_node(node: &Node, stages: &[String]) -> Result<Policies, SettingsError> {
        let Value::List(entries) = &node.value else {
            return Err(SettingsError::new(
                "policies must be a list of rules",
                &node.origin,
            ));
        };
        let mut rules: Vec<PolicyRule> = Vec::new();
        for entry in entries {
            let rule = match entry.as_map() {
                Some(map) if PolicyRule::is_use_entry(map) => {
                    let name = PolicyRule::use_name(entry)?;
                    let mut rule = builtin_policy(&name)
                        .ok_or_else(|| {
                            let known: Vec<&str> =
                                builtin_policies().iter().map(|r| r.name.as_str()).collect();
                            SettingsError::new(
                                format!(
                                    "no built-in policy {name:?}; the built-in policies are: {}",
                                    known.join(", ")
                                ),
                                &map["use"].origin,
                            )
                        })?
                        .clone();
                    rule.origin = map["use"].origin.clone();
                    rule.apply_scope(map, stages)?;
                    rule
                }
                _ => {
                    let rule = PolicyRule::from_node(entry, stages)?;
                    if builtin_policy(&rule.name).is_some() {
                        return Err(SettingsError::new(
                            format!(
                                "policy {:?} is a built-in policy; switch it on with `use: {}`, or give yours another name",
                                rule.name, rule.name
                            ),
                            &entry.origin,
                        ));
                    }
                    rule
                }
            };
            if rules.iter().any(|r| r.name == rule.name) {
                return Err(SettingsError::new(
                    format!(
                        "policy {:?} is listed twice; give one entry all its stages",
                        rule.name
                    ),
                    &entry.origin,
                ));
            }
            rules.push(rule);
        }
        Ok(Policies { rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Severity;
    use crate::values::Origin;
    use crate::yaml::{parse_values, Limits};

    fn policies(text: &str) -> Result<Policies, SettingsError> {
        let root = parse_values(text.as_bytes(), "strata.yaml".into(), &Limits::default())
            .unwrap()
            .root
            .unwrap();
        let stages = ["staging".to_string(), "production".to_string()];
        Policies::from_node(&root.as_map().unwrap()["policies"], &stages)
    }

    #[test]
    fn switches_built_ins_on_and_reads_rules_of_its_own() {
        let p = policies(
            "policies:\n  - use: pinned-image-tags\n    stages: [production]\n    severity: warning\n  - name: replicas\n    path: replicaCount\n    minimum: 2\n    charts: [web]\n",
        )
        .unwrap();
        let rule = &p.rules[0];
        assert_eq!(rule.name, "pinned-image-tags");
        assert_eq!(rule.severity, Severity::Warning);
        assert!(rule.required && rule.applies_to("production", "web"));
        assert!(!rule.applies_to("staging", "web"));
        let rule = &p.rules[1];
        assert_eq!((rule.minimum, rule.severity), (Some(2.0), Severity::Error));
        assert!(rule.applies_to("staging", "web") && !rule.applies_to("staging", "db"));
    }

    #[test]
    fn refuses_what_it_cannot_use_at_its_place() {
        let at = |line, col| Origin::new("strata.yaml".into(), line, col);
        let rows: &[(&str, &str, Origin)] = &[
            ("policies: {a: 1}\n", "policies must be a list of rules", at(1, 11)),
            ("policies:\n  - use: pinned\n", "no built-in policy \"pinned\"; the built-in policies are: pinned-image-tags, resources-requests, replicas-or-autoscaling, no-debug", at(2, 10)),
            ("policies:\n  - use: no-debug\n    path: x\n", "policy \"no-debug\" is built in: an entry that uses it may set only stages, charts, exclude and severity, not \"path\"", at(3, 5)),
            ("policies:\n  - use: no-debug\n    stages: [prod]\n", "policy \"no-debug\": unknown stage \"prod\"; the stages are: staging, production", at(3, 13)),
            ("policies:\n  - use: no-debug\n  - use: no-debug\n", "policy \"no-debug\" is listed twice; give one entry all its stages", at(3, 5)),
            ("policies:\n  - path: x\n    required: true\n", "a policy needs a `name` (or `use: <built-in rule>`)", at(2, 5)),
            ("policies:\n  - name: no-debug\n    path: x\n    required: true\n", "policy \"no-debug\" is a built-in policy; switch it on with `use: no-debug`, or give yours another name", at(2, 5)),
            ("policies:\n  - name: a b\n", "a policy's name must be letters, digits, '.', '_' or '-'", at(2, 11)),
            ("policies:\n  - name: x\n    required: true\n", "policy \"x\" needs a `path`", at(2, 5)),
            ("policies:\n  - name: x\n    path: a\n", "policy \"x\" checks nothing; give it `required`, `forbidden`, `pattern`, `minimum` or `maximum`", at(2, 5)),
            ("policies:\n  - name: x\n    path: a.*\n    required: true\n", "policy \"x\": path must end in a key name to be required (`**.image.tag`, not `image.*`)", at(3, 11)),
            ("policies:\n  - name: x\n    path: a\n    required: \"yes\"\n", "policy \"x\": required must be true or false", at(4, 15)),
            ("policies:\n  - name: x\n    path: a\n    pattern: \"(\"\n", "policy \"x\": pattern: error: unclosed group", at(4, 14)),
            ("policies:\n  - name: x\n    path: a\n    minimum: two\n", "policy \"x\": minimum must be a number", at(4, 14)),
            ("policies:\n  - name: x\n    path: a\n    forbidden: latest\n", "policy \"x\": forbidden must be a list of values", at(4, 16)),
            ("policies:\n  - name: x\n    path: a\n    minimum: 1\n    unless: autoscaling\n", "policy \"x\": unless must be {path: KEY.PATH, equals: VALUE} or a list of them", at(5, 13)),
            ("policies:\n  - name: x\n    path: a\n    minimum: 1\n    severity: fatal\n", "policy \"x\": severity must be error or warning", at(5, 15)),
            ("policies:\n  - name: x\n    path: a\n    minimum: 1\n    when: b\n", "unknown key \"when\" in a policy; known keys: name, stages, charts, path, required, requiredWith, appVersionDefault, forbidden, pattern, minimum, maximum, unless, exclude, severity, message", at(5, 5)),
            ("policies:\n  - name: x\n    path: a.b\n    required: true\n    requiredWith: [c]\n", "policy \"x\": requiredWith applies to a required path with globs (`required: true`, `**.image.tag`)", at(5, 19)),
            ("policies:\n  - name: x\n    path: a\n    required: true\n    appVersionDefault: 1\n", "policy \"x\": appVersionDefault must be true or false", at(5, 24)),
            ("policies:\n  - use: no-debug\n    exclude: [\"a.[\"]\n", "policy \"no-debug\": exclude: key pattern \"a.[\": key path \"a.[\" has a bad index at character 2", at(3, 15)),
        ];
        for (text, message, origin) in rows {
            let err = policies(text).unwrap_err();
            assert_eq!(
                (err.to_string().as_str(), err.origin()),
                (*message, origin),
                "{text}"
            );
        }
    }
}
