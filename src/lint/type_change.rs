//! The `type-change` rule: an overlay value of a type a chart's templates cannot read where
//! the chart's default has another. Helm does not check types (the user value always wins,
//! semantics page §5): a scalar over a map default (`ingress: true`) prints no warning at a
//! chart's top level and breaks every template reading a key below it; a word over a number
//! (`replicaCount: three`) renders, and the cluster refuses it at install time.
//!
//! Found: a map default replaced by anything but a map (or null, which deletes it), and a
//! number default replaced by anything but a number or text that reads as one (`"3"`
//! renders as `3`) or that Kubernetes takes where a number may go: a quantity (`500m`,
//! `2Gi`), a percentage (`maxUnavailable: 25%`), a port name under a key naming a port
//! (`targetPort: metrics`). Keys a chart's JSON schema declares are left to the schema,
//! which states the types it allows; keys without a default are the unknown-key rule's.

use crate::values::{KeyPath, Node, Origin, Value};

use super::unknown_key::SchemaKeys;

/// An overlay value whose type differs from the chart default's.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeChange {
    /// The value's path.
    pub path: KeyPath,
    /// Where the overlay writes it.
    pub origin: Origin,
    /// The overlay's value.
    pub value: Value,
    /// What the default is: `a map` or `a number`.
    pub default_kind: &'static str,
    /// Where the default is written.
    pub default_origin: Origin,
}

/// Returns the values of `overlay` whose type the chart's `defaults` (its keys, as
/// [`chart_keys`](super::chart_keys) gives them) do not allow, in the overlay's order.
pub fn type_changes(defaults: &Node, overlay: &Node, schema: &dyn SchemaKeys) -> Vec<TypeChange> {
    let mut found = Vec::new();
    walk(defaults, overlay, &mut KeyPath::root(), schema, &mut found);
    found
}

fn walk(
    defaults: &Node,
    overlay: &Node,
    path: &mut KeyPath,
    schema: &dyn SchemaKeys,
    found: &mut Vec<TypeChange>,
) {
    let (Some(defaults), Some(overlay)) = (defaults.as_map(), overlay.as_map()) else {
        return;
    };
    for (key, value) in overlay {
        let Some(default) = defaults.get(key) else {
            continue;
        };
        if value.is_null() || schema.knows(path, key) {
            continue;
        }
        let default_kind = match (&default.value, &value.value) {
            (Value::Map(_), Value::Map(_)) => {
                path.push(crate::values::Segment::Key(key.to_string()));
                walk(default, value, path, schema, found);
                path.pop();
                continue;
            }
            (Value::Map(_), _) => "a map",
            (Value::Float(_) | Value::Int(_), Value::Float(_) | Value::Int(_)) => continue,
            (Value::Float(_) | Value::Int(_), Value::String(s)) if number_like(key, s) => continue,
            (Value::Float(_) | Value::Int(_), _) => "a number",
            _ => continue,
        };
        found.push(TypeChange {
            path: path.child_key(key),
            origin: value.origin.clone(),
            value: value.value.clone(),
            default_kind,
            default_origin: default.origin.clone(),
        });
    }
}

/// Returns true for text that may stand where a number is (at `key`): text a template prints
/// as a number, or that Kubernetes reads in its number-or-text fields.
fn number_like(key: &str, text: &str) -> bool {
    let text = text.trim();
    if key.to_ascii_lowercase().contains("port") && is_port_name(text) {
        return true;
    }
    if let Some(number) = text.strip_suffix('%') {
        return reads_as_number(number);
    }
    // Kubernetes quantities: binary and decimal suffixes (`Mi`, `m`, `k`, `G`, ...).
    const SUFFIXES: [&str; 15] = [
        "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
    ];
    let number = SUFFIXES
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))
        .unwrap_or(text);
    reads_as_number(number)
}

/// Returns true for a Kubernetes port name (IANA service name): up to 15 lowercase letters,
/// digits and `-`, with a letter.
fn is_port_name(text: &str) -> bool {
    (1..=15).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && text.chars().any(|c| c.is_ascii_lowercase())
}

/// Returns true for text a template prints as a number (`"3"`, `"0.5"`, `"1e3"`).
fn reads_as_number(text: &str) -> bool {
    !text.is_empty() && text.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::NoSchema;
    use crate::yaml::test_tree as tree;

    /// One row per case: defaults, overlay, the changes as `line:col path (default kind)`.
    #[test]
    fn finds_values_of_a_type_the_default_does_not_allow() {
        let rows: &[(&str, &str, &str, &[&str])] = &[
            (
                "a scalar over a map",
                "ingress:\n  enabled: false\n",
                "ingress: true\n",
                &["1:10 ingress (a map)"],
            ),
            (
                "a list over a map, nested",
                "a:\n  resources: {}\n",
                "a:\n  resources: [1]\n",
                &["2:14 a.resources (a map)"],
            ),
            (
                "a word over a number; numbers and numeric text are fine",
                "replicaCount: 1\nport: 80\nratio: 0.5\n",
                "replicaCount: three\nport: \"8080\"\nratio: 1\n",
                &["1:15 replicaCount (a number)"],
            ),
            (
                "what Kubernetes takes where a number may go",
                "cpu: 1\nmemory: 1\nmaxUnavailable: 1\ntargetPort: 9100\nport: 80\nreplicas: 1\n",
                "cpu: 500m\nmemory: 2Gi\nmaxUnavailable: 25%\ntargetPort: metrics\nport: Http\nreplicas: 2x\n",
                &["5:7 port (a number)", "6:11 replicas (a number)"],
            ),
            (
                "a boolean over a number",
                "replicaCount: 1\n",
                "replicaCount: true\n",
                &["1:15 replicaCount (a number)"],
            ),
            (
                "null deletes; keys without a default and other types are not this rule's",
                "ingress: {a: 1}\nname: x\nlist: [1]\n",
                "ingress: null\nname: 1\nlist: {}\nother: true\n",
                &[],
            ),
        ];
        for (case, defaults, overlay, expected) in rows {
            let found: Vec<String> = type_changes(
                &tree("d.yaml", defaults),
                &tree("o.yaml", overlay),
                &NoSchema,
            )
            .iter()
            .map(|c| {
                format!(
                    "{}:{} {} ({})",
                    c.origin.line, c.origin.col, c.path, c.default_kind
                )
            })
            .collect();
            assert_eq!(found, *expected, "{case}");
        }
    }

    #[test]
    fn a_key_the_schema_declares_is_left_to_the_schema() {
        struct Declares;
        impl SchemaKeys for Declares {
            fn knows(&self, parent: &KeyPath, key: &str) -> bool {
                parent.is_root() && key == "ingress"
            }
        }
        let found = type_changes(
            &tree("d.yaml", "ingress: {a: 1}\nreplicaCount: 1\n"),
            &tree("o.yaml", "ingress: true\nreplicaCount: two\n"),
            &Declares,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path.to_string(), "replicaCount");
    }
}
