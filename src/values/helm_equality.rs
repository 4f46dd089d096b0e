//! [`Value::helm_eq`]: whether two values are the same for Helm, the one equality every rule
//! that compares values uses (a redundant override, a policy's `forbidden` and `unless`, a
//! changed scalar in a diff).

use super::node::Value;

impl Value {
    /// Returns true when two values are the same for Helm, wherever they were written:
    /// numbers compare by value (the `--set` integer `1` equals the `1` read from a file,
    /// which Helm holds as the float `1.0`), lists element by element, maps key by key in
    /// any order; values of different kinds (`"1"` and `1`, `null` and `""`) never equal.
    /// A NaN equals nothing, as in Go.
    pub fn helm_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::String(x), Value::String(y)) => x == y,
            (Value::Float(x), Value::Float(y)) => x == y,
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Int(i), Value::Float(f)) | (Value::Float(f), Value::Int(i)) => *i as f64 == *f,
            (Value::List(x), Value::List(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.value.helm_eq(&q.value))
            }
            (Value::Map(x), Value::Map(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|(k, v)| y.get(k).is_some_and(|w| v.value.helm_eq(&w.value)))
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::values::{Map, Node, Origin, Value};

    fn node(value: Value) -> Node {
        Node::new(value, Origin::whole("t.yaml".into()))
    }

    fn map(entries: &[(&str, Value)]) -> Value {
        let mut m = Map::new();
        for (k, v) in entries {
            m.insert(k.to_string().into(), node(v.clone()));
        }
        Value::Map(m)
    }

    fn s(text: &str) -> Value {
        Value::String(text.into())
    }

    #[test]
    fn compares_as_helm_does() {
        let list = |items: &[Value]| Value::List(items.iter().cloned().map(node).collect());
        let rows: Vec<(&str, Value, Value, bool)> = vec![
            ("null is null", Value::Null, Value::Null, true),
            ("null is not empty text", Value::Null, s(""), false),
            ("booleans", Value::Bool(true), Value::Bool(true), true),
            (
                "true is not the text true",
                Value::Bool(true),
                s("true"),
                false,
            ),
            ("text", s("a"), s("a"), true),
            ("floats", Value::Float(1.5), Value::Float(1.5), true),
            ("ints", Value::Int(3), Value::Int(3), true),
            (
                "--set int equals file float",
                Value::Int(2),
                Value::Float(2.0),
                true,
            ),
            (
                "file float equals --set int",
                Value::Float(2.0),
                Value::Int(2),
                true,
            ),
            ("different numbers", Value::Int(2), Value::Float(2.5), false),
            ("a number is not its text", Value::Float(1.0), s("1"), false),
            (
                "NaN equals nothing",
                Value::Float(f64::NAN),
                Value::Float(f64::NAN),
                false,
            ),
            (
                "lists in order",
                list(&[Value::Int(1), s("a")]),
                list(&[Value::Float(1.0), s("a")]),
                true,
            ),
            (
                "lists out of order",
                list(&[s("a"), s("b")]),
                list(&[s("b"), s("a")]),
                false,
            ),
            (
                "lists of other lengths",
                list(&[s("a")]),
                list(&[s("a"), s("a")]),
                false,
            ),
            (
                "maps in any order",
                map(&[("a", Value::Int(1)), ("b", s("x"))]),
                map(&[("b", s("x")), ("a", Value::Float(1.0))]),
                true,
            ),
            (
                "maps with other keys",
                map(&[("a", Value::Null)]),
                map(&[("b", Value::Null)]),
                false,
            ),
            (
                "maps of other sizes",
                map(&[("a", Value::Null)]),
                map(&[]),
                false,
            ),
            ("a map is not a list", map(&[]), list(&[]), false),
        ];
        for (description, a, b, expected) in rows {
            assert_eq!(a.helm_eq(&b), expected, "{description}");
        }
    }
}
