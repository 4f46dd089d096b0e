//! JSON output of value trees, byte-for-byte as Go's `encoding/json` writes them (what Helm's
//! `toJson` prints): map keys sorted, numbers in Go's format, `<`, `>`, `&`, U+2028 and U+2029
//! escaped. Identical bytes make the differential tests against Helm exact.

use super::go_number::format_go_float;
use super::node::{Node, Value};

/// Returns compact JSON exactly as Go's `json.Marshal` would write the same values.
pub fn to_json_compact(node: &Node) -> String {
    let mut out = String::new();
    write_value(&node.value, None, 0, &mut out);
    out
}

/// Returns indented JSON (two spaces, as `json.MarshalIndent(v, "", "  ")`), with a final
/// newline.
pub fn to_json_pretty(node: &Node) -> String {
    let mut out = String::new();
    write_value(&node.value, Some("  "), 0, &mut out);
    out.push('\n');
    out
}

/// Returns `node` as [`to_json_pretty`] writes it when nested `depth` levels deep in a
/// larger document (its inner lines indented accordingly, no trailing newline), so a
/// document of many trees can be written one tree at a time.
pub fn to_json_pretty_at(node: &Node, depth: usize) -> String {
    let mut out = String::new();
    write_value(&node.value, Some("  "), depth, &mut out);
    out
}

/// Converts a value tree to a `serde_json::Value` (whole-number floats stay floats).
pub fn to_json_value(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::String(s) => J::String(s.to_string()),
        Value::List(items) => J::Array(items.iter().map(to_json_value).collect()),
        Value::Map(map) => J::Object(
            map.iter()
                .map(|(k, v)| (k.to_string(), to_json_value(v)))
                .collect(),
        ),
    }
}

fn newline(indent: Option<&str>, depth: usize, out: &mut String) {
    if let Some(unit) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(unit);
        }
    }
}

fn write_value(value: &Value, indent: Option<&str>, depth: usize, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_go_float(*f)),
        Value::String(s) => write_string(s, out),
        Value::List(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(indent, depth + 1, out);
                write_value(&item.value, indent, depth + 1, out);
            }
            newline(indent, depth, out);
            out.push(']');
        }
        Value::Map(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (key, child)) in map.sorted_by_key().into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(indent, depth + 1, out);
                write_string(key, out);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_value(&child.value, indent, depth + 1, out);
            }
            newline(indent, depth, out);
            out.push('}');
        }
    }
}

/// Writes a JSON string with Go's escaping, and also DEL and the C1 controls escaped (Go
/// writes those raw; a raw U+009B is a terminal escape, so strata never prints one).
pub(crate) fn write_string(s: &str, out: &mut String) {
    out.push('"');
    // Most strings need no escape at all: printable ASCII other than `"`, `\`, `<`, `>`
    // and `&` is copied as it is, in one go.
    let plain =
        |b: &u8| (0x20..0x7f).contains(b) && !matches!(b, b'"' | b'\\' | b'<' | b'>' | b'&');
    if s.as_bytes().iter().all(plain) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Map, Origin};

    fn node(value: Value) -> Node {
        Node::new(value, Origin::whole("test".into()))
    }

    #[test]
    fn writes_like_go_json_marshal() {
        let mut map = Map::new();
        map.insert("b".into(), node(Value::Float(1000.0)));
        map.insert("a".into(), node(Value::String("<x>&\"y\"\n".into())));
        map.insert(
            "c".into(),
            node(Value::List(thin_vec::thin_vec![
                node(Value::Null),
                node(Value::Int(-5)),
                node(Value::Bool(true)),
            ])),
        );
        map.insert("d".into(), node(Value::Map(Map::new())));
        let tree = node(Value::Map(map));
        assert_eq!(
            to_json_compact(&tree),
            r#"{"a":"\u003cx\u003e\u0026\"y\"\n","b":1000,"c":[null,-5,true],"d":{}}"#
        );
        assert_eq!(
            to_json_pretty(&tree),
            "{\n  \"a\": \"\\u003cx\\u003e\\u0026\\\"y\\\"\\n\",\n  \"b\": 1000,\n  \"c\": [\n    null,\n    -5,\n    true\n  ],\n  \"d\": {}\n}\n"
        );
    }
}
