//! [`to_instance`]: values as the JSON document Helm 3.17 validates.
//!
//! Helm marshals `.Values` to YAML, converts that to JSON and hands the text to gojsonschema,
//! which decides `integer` from the number's text: `2.0` read from a file is printed `2` and is
//! an integer, `2.5` is a number, a `--set` integer is an integer. So a whole-number float
//! becomes a JSON integer here, whatever draft the schema is read as (the `jsonschema` crate's
//! draft-04 mode would otherwise call `2.0` a non-integer).

use serde_json::{Map, Number, Value as Json};

use crate::values::{Node, Value};

/// The largest magnitude below which every whole float64 fits an i64 (2^63).
const I64_BOUND: f64 = 9_223_372_036_854_775_808.0;

/// Returns the JSON document a chart's values are validated as.
pub(crate) fn to_instance(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::Number(Number::from(*i)),
        Value::Float(f) => float(*f),
        Value::String(s) => Json::String(s.to_string()),
        Value::List(items) => Json::Array(items.iter().map(to_instance).collect()),
        Value::Map(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.to_string(), to_instance(v)))
                .collect::<Map<String, Json>>(),
        ),
    }
}

fn float(f: f64) -> Json {
    if f.fract() == 0.0 && f.abs() < I64_BOUND {
        // `-0` is printed `-0` by Go and read as the integer 0.
        return Json::Number(Number::from(f as i64));
    }
    // The YAML reader refuses `.inf` and `.nan`, so every float is finite.
    Number::from_f64(f).map_or(Json::Null, Json::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Origin;
    use std::sync::Arc;

    fn node(value: Value) -> Node {
        Node::new(value, Origin::whole(Arc::from("t")))
    }

    #[test]
    fn numbers_keep_helms_integer_reading() {
        let rows = [
            (Value::Float(2.0), "2"),
            (Value::Float(-0.0), "0"),
            (Value::Float(2.5), "2.5"),
            (Value::Float(1e21), "1e+21"),
            (Value::Int(7), "7"),
            (Value::String("7".into()), "\"7\""),
        ];
        for (value, want) in rows {
            assert_eq!(
                to_instance(&node(value.clone())).to_string(),
                want,
                "{value:?}"
            );
        }
    }
}
