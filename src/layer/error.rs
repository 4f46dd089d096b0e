//! [`LayerError`]: why values could not be computed.

use crate::values::{Node, Origin, Value};

/// Why values could not be computed. Messages are Helm 3's, without `Error: `.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayerError {
    /// A subchart's key holds something that is not a map (`sub: 5`, `sub: null` with no
    /// parent default to delete). Helm prints the value with `%t`.
    #[error("type mismatch on {key}: {}", go_bool_verb(value))]
    TypeMismatch {
        /// The subchart's name (its alias when it has one).
        key: String,
        /// The value found under it.
        value: Value,
        /// Where that value was written.
        origin: Origin,
    },
    /// Chart.yaml of the chart being installed lists dependencies that `charts/` does not
    /// hold. Helm checks only the top chart; a missing dependency of a subchart is ignored.
    #[error(
        "An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}",
        names.join(", ")
    )]
    MissingDependencies {
        /// The chart whose Chart.yaml lists them.
        chart: String,
        /// The missing dependencies' names, in Chart.yaml order.
        names: Vec<String>,
        /// Where each is declared.
        origins: Vec<Origin>,
    },
    /// User values or a chart's defaults are not a map.
    #[error("{what} must be a map, not {}", value_kind)]
    NotAMap {
        /// What was expected to be a map (`user values`, `values of chart sub`).
        what: String,
        /// The kind of value found (`array`, `string`, ...).
        value_kind: &'static str,
        /// Where it was written.
        origin: Origin,
    },
}

impl LayerError {
    /// Fails with [`LayerError::NotAMap`] unless `node` is a map or null (no values at all),
    /// as Helm requires of user values and of a chart's defaults; `what` names them.
    pub(crate) fn unless_values(node: &Node, what: impl FnOnce() -> String) -> Result<(), Self> {
        match node.value {
            Value::Map(_) | Value::Null => Ok(()),
            _ => Err(LayerError::NotAMap {
                what: what(),
                value_kind: node.value.kind_name(),
                origin: node.origin.clone(),
            }),
        }
    }

    /// Returns where the value the error is about was written, when there is one.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            LayerError::TypeMismatch { origin, .. } | LayerError::NotAMap { origin, .. } => {
                Some(origin)
            }
            LayerError::MissingDependencies { origins, .. } => origins.first(),
        }
    }
}

/// Formats a value as Go's `fmt` does for the `%t` verb: bools as `true`/`false`, anything
/// else as `%!t(TYPE=VALUE)`; lists and maps apply the verb to each element (so a null
/// inside a list prints `<nil>`, a null on its own `%!t(<nil>)`), map keys sorted.
pub(crate) fn go_bool_verb(value: &Value) -> String {
    let mut out = String::new();
    write_bool_verb(value, true, &mut out);
    out
}

fn write_bool_verb(value: &Value, top: bool, out: &mut String) {
    match value {
        Value::Null if top => out.push_str("%!t(<nil>)"),
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(_) => out.push_str(&format!("%!t(int64={})", value.go_display())),
        Value::Float(_) => out.push_str(&format!("%!t(float64={})", value.go_display())),
        Value::String(s) => out.push_str(&format!("%!t(string={s})")),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_bool_verb(&item.value, false, out);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push_str("map[");
            for (i, (key, child)) in map.sorted_by_key().into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(&format!("%!t(string={key}):"));
                write_bool_verb(&child.value, false, out);
            }
            out.push(']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::tests::support::node_from_json;
    use serde_json::json;

    #[test]
    fn formats_the_bool_verb_like_go() {
        // Each expected text was printed by Helm 3.17.3 for `sub: <value>`.
        let rows: &[(serde_json::Value, &str)] = &[
            (json!(5), "%!t(float64=5)"),
            (json!(1.5), "%!t(float64=1.5)"),
            (json!(1e21), "%!t(float64=1e+21)"),
            (json!(true), "true"),
            (json!(""), "%!t(string=)"),
            (json!(null), "%!t(<nil>)"),
            (json!([]), "[]"),
            (
                json!(["a", 1, true, null, {"k": "v", "b": [2]}, ["x"]]),
                "[%!t(string=a) %!t(float64=1) true <nil> map[%!t(string=b):[%!t(float64=2)] %!t(string=k):%!t(string=v)] [%!t(string=x)]]",
            ),
        ];
        for (value, expected) in rows {
            let node = node_from_json(value, "t");
            assert_eq!(go_bool_verb(&node.value), *expected, "{value}");
        }
        assert_eq!(go_bool_verb(&Value::Int(5)), "%!t(int64=5)");
    }
}
