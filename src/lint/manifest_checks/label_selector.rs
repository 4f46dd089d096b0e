//! Labels and label selectors, as Kubernetes matches them.

use std::collections::BTreeMap;

use crate::values::{Node, Value};

use super::at;

/// A set of labels.
pub(crate) type Labels = BTreeMap<String, String>;

/// Reads a labels map; a value that is not text is written as Go prints it.
pub(crate) fn labels_of(node: Option<&Node>) -> Labels {
    let Some(map) = node.and_then(Node::as_map) else {
        return Labels::new();
    };
    map.iter()
        .map(|(k, v)| {
            let text = match &v.value {
                Value::String(s) => s.to_string(),
                _ => v.value.go_display(),
            };
            (k.to_string(), text)
        })
        .collect()
}

/// One `matchExpressions` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Expression {
    key: String,
    operator: String,
    values: Vec<String>,
}

/// A label selector: a Service's `spec.selector` (labels only), or a `LabelSelector` with
/// `matchLabels` and `matchExpressions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Selector {
    labels: Labels,
    expressions: Vec<Expression>,
}

impl Selector {
    /// Reads a Service's `spec.selector`: a plain map of labels.
    pub fn plain(node: Option<&Node>) -> Selector {
        Selector {
            labels: labels_of(node),
            expressions: Vec::new(),
        }
    }

    /// Reads a `LabelSelector` (`matchLabels`, `matchExpressions`).
    pub fn label_selector(node: Option<&Node>) -> Selector {
        let Some(node) = node else {
            return Selector::default();
        };
        let expressions = match at(node, &["matchExpressions"]).map(|n| &n.value) {
            Some(Value::List(items)) => items
                .iter()
                .filter_map(|item| {
                    let text = |k: &str| match at(item, &[k]).map(|n| &n.value) {
                        Some(Value::String(s)) => Some(s.to_string()),
                        _ => None,
                    };
                    let values = match at(item, &["values"]).map(|n| &n.value) {
                        Some(Value::List(vs)) => vs
                            .iter()
                            .filter_map(|v| match &v.value {
                                Value::String(s) => Some(s.to_string()),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    Some(Expression {
                        key: text("key")?.to_string(),
                        operator: text("operator")?.to_string(),
                        values,
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        Selector {
            labels: labels_of(at(node, &["matchLabels"])),
            expressions,
        }
    }

    /// Returns true when the selector says nothing (it would match everything, or for a
    /// Service, nothing is managed by it).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.expressions.is_empty()
    }

    /// Returns true when `labels` satisfy the selector.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.labels.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self.expressions.iter().all(|e| {
                let value = labels.get(&e.key);
                match e.operator.as_str() {
                    "In" => value.is_some_and(|v| e.values.contains(v)),
                    "NotIn" => value.is_none_or(|v| !e.values.contains(v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }

    /// Returns the selector as text: `app=web, tier in (a, b)`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for e in &self.expressions {
            parts.push(match e.operator.as_str() {
                "Exists" => e.key.clone(),
                "DoesNotExist" => format!("!{}", e.key),
                op => format!("{} {} ({})", e.key, op.to_lowercase(), e.values.join(", ")),
            });
        }
        parts.join(", ")
    }

    /// Returns the label values the selector asks for, for tracing them to values.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.labels.values().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::test_tree as tree;

    #[test]
    fn matches_labels_and_expressions() {
        let labels: Labels = [("app", "web"), ("tier", "front")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let rows = [
            ("matchLabels: {app: web}", true),
            ("matchLabels: {app: db}", false),
            (
                "matchExpressions: [{key: tier, operator: In, values: [front, back]}]",
                true,
            ),
            (
                "matchExpressions: [{key: tier, operator: NotIn, values: [front]}]",
                false,
            ),
            (
                "matchExpressions: [{key: zone, operator: DoesNotExist}]",
                true,
            ),
            ("matchExpressions: [{key: zone, operator: Exists}]", false),
        ];
        for (text, expected) in rows {
            let node = tree("s.yaml", text);
            assert_eq!(
                Selector::label_selector(Some(&node)).matches(&labels),
                expected,
                "{text}"
            );
        }
        let plain = tree("s.yaml", "app: web\n");
        assert!(Selector::plain(Some(&plain)).matches(&labels));
        assert_eq!(Selector::plain(Some(&plain)).describe(), "app=web");
    }
}
