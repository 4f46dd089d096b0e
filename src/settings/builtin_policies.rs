//! The built-in policies: rules a workspace switches on with `use: NAME`, written in the
//! same form as a workspace's own rules (the table below is YAML, read by the same code).

use std::sync::OnceLock;

use crate::yaml::{parse_values, Limits};

use super::policy_rule::PolicyRule;

/// The built-in rules, as a workspace would write them in `strata.yaml`.
pub const BUILTIN_POLICIES: &str = r#"
policies:
# Every image tag is pinned: set, and not `latest` (which moves under a running release and
# makes a rollback pull something else). An empty tag is the chart's appVersion (charts
# write `{{ .Values.image.tag | default .Chart.AppVersion }}`), pinned with the chart; an
# image map naming no repository (`image: {}`) falls back to another image.
- name: pinned-image-tags
  path: "**.image.tag"
  required: true
  requiredWith: [repository]
  appVersionDefault: true
  forbidden: [latest]

# Every `resources` block sets `requests`, which the scheduler places pods by.
- name: resources-requests
  path: "**.resources.requests"
  required: true

# At least two replicas, so a node going down or a rollout leaves one serving, unless an
# autoscaler manages the count (`autoscaling.enabled`, or `hpa.enabled` as some charts
# name it).
- name: replicas-or-autoscaling
  path: replicaCount
  minimum: 2
  unless:
    - {path: autoscaling.enabled, equals: true}
    - {path: hpa.enabled, equals: true}

# No debug switch is on.
- name: no-debug
  path: "**.debug"
  forbidden: [true]
"#;

/// Returns the built-in rules, in the order of the table.
pub fn builtin_policies() -> &'static [PolicyRule] {
    static RULES: OnceLock<Vec<PolicyRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let file = parse_values(
            BUILTIN_POLICIES.as_bytes(),
            "<built-in policies>".into(),
            &Limits::default(),
        )
        .expect("the built-in policy table is valid YAML (tested)");
        file.root
            .as_ref()
            .and_then(|root| root.as_map()?.get("policies"))
            .and_then(|list| match &list.value {
                crate::values::Value::List(items) => Some(items),
                _ => None,
            })
            .expect("the built-in policy table is a list (tested)")
            .iter()
            .map(|entry| {
                PolicyRule::from_node(entry, &[])
                    .expect("every built-in policy is a valid rule (tested)")
            })
            .collect()
    })
}

/// Returns the built-in rule named `name`.
pub fn builtin_policy(name: &str) -> Option<&'static PolicyRule> {
    builtin_policies().iter().find(|rule| rule.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_as_rules() {
        let names: Vec<&str> = builtin_policies().iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "pinned-image-tags",
                "resources-requests",
                "replicas-or-autoscaling",
                "no-debug"
            ]
        );
        assert!(builtin_policy("no-debug").is_some());
        assert!(builtin_policy("nope").is_none());
    }
}
