//! [`decode_json_prefix`]: the JSON value at the start of a `--set-json` value, found as
//! Go's `json.Decoder` finds it and decoded as Helm holds it.
//!
//! Helm hands the rest of the flag to a `json.Decoder`, takes the first value and carries on
//! parsing after it, so `a=[1,2],b={"x":1}` holds two pairs and `a=1 b=2` does too. The
//! decoder ends a number, `true`, `false` or `null` at the first character that cannot
//! continue it, and an object, array or string at its closing character. This module finds
//! that end the same way, then decodes exactly that text with `serde_json`: every number
//! becomes a [`Value::Float`] (Go's `float64`), objects maps, arrays lists.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::values::{Map, Node, Origin, Value};

use super::error::PairError;

/// Decodes the JSON value at the start of `text`; returns it with the number of bytes it
/// takes up.
pub(super) fn decode_json_prefix(text: &str, origin: &Origin) -> Result<(Node, usize), PairError> {
    let fail = |message: String| PairError::Json { message };
    let end = value_end(text.as_bytes()).map_err(fail)?;
    let mut de = serde_json::Deserializer::from_str(&text[..end]);
    let node = NodeSeed { origin }
        .deserialize(&mut de)
        .map_err(|e| fail(e.to_string()))?;
    de.end().map_err(|e| fail(e.to_string()))?;
    Ok((node, end))
}

/// Returns where the first JSON value of `b` ends, by Go's rules, or why there is none.
fn value_end(b: &[u8]) -> Result<usize, String> {
    let start = b
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        .ok_or_else(unexpected_end)?;
    match b[start] {
        b'{' | b'[' => container_end(b, start),
        b'"' => string_end(b, start),
        b'-' | b'0'..=b'9' => number_end(b, start),
        b't' => literal_end(b, start, b"true"),
        b'f' => literal_end(b, start, b"false"),
        b'n' => literal_end(b, start, b"null"),
        c => Err(format!(
            "invalid character {} looking for beginning of value",
            describe(c)
        )),
    }
}

fn unexpected_end() -> String {
    "unexpected end of JSON input".to_string()
}

fn describe(c: u8) -> String {
    if c.is_ascii_graphic() || c == b' ' {
        format!("'{}'", c as char)
    } else {
        format!("byte 0x{c:02x}")
    }
}

/// The end of an object or array: after the bracket that closes the one at `start`,
/// skipping strings. Whether the text in between is valid is left to the decoder.
fn container_end(b: &[u8], start: usize) -> Result<usize, String> {
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = string_end(b, i)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(unexpected_end())
}

/// The end of the string starting at `start`: after its closing quote.
fn string_end(b: &[u8], start: usize) -> Result<usize, String> {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'"' => return Ok(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    Err(unexpected_end())
}

/// The end of the number starting at `start`: `-? (0 | [1-9][0-9]*) (.[0-9]+)?
/// ([eE][+-]?[0-9]+)?`, stopping at the first character that cannot continue it.
fn number_end(b: &[u8], start: usize) -> Result<usize, String> {
    let digits = |mut i: usize| -> usize {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let need_digit = |i: usize, after: &str| -> Result<(), String> {
        match b.get(i) {
            Some(c) if c.is_ascii_digit() => Ok(()),
            Some(&c) => Err(format!("invalid character {} {after}", describe(c))),
            None => Err(unexpected_end()),
        }
    };
    let mut i = start;
    if b[i] == b'-' {
        i += 1;
        need_digit(i, "in numeric literal")?;
    }
    i = if b[i] == b'0' { i + 1 } else { digits(i) };
    if b.get(i) == Some(&b'.') {
        need_digit(i + 1, "after decimal point in numeric literal")?;
        i = digits(i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        need_digit(i, "in exponent of numeric literal")?;
        i = digits(i);
    }
    Ok(i)
}

/// The end of `true`, `false` or `null` at `start`.
fn literal_end(b: &[u8], start: usize, word: &[u8]) -> Result<usize, String> {
    let end = start + word.len();
    match b.get(start..end) {
        Some(found) if found == word => Ok(end),
        _ if b.len() < end && word.starts_with(&b[start..]) => Err(unexpected_end()),
        _ => Err(format!(
            "invalid character in literal {}",
            String::from_utf8_lossy(word)
        )),
    }
}

/// Builds a [`Node`] tree from JSON, every node at one origin.
#[derive(Clone, Copy)]
struct NodeSeed<'o> {
    origin: &'o Origin,
}

impl NodeSeed<'_> {
    fn node(self, value: Value) -> Node {
        Node::new(value, self.origin.clone())
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(self.node(Value::Null))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(self.node(Value::Bool(v)))
    }

    // Go decodes every JSON number into a float64; u64 and i64 convert with correct
    // rounding, as Go's ParseFloat of the same digits does.
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(self.node(Value::Float(v as f64)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(self.node(Value::Float(v as f64)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(self.node(Value::Float(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(self.node(Value::String(v.into())))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(self.node(Value::String(v.into())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(self.node(Value::List(items.into())))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            // A repeated key keeps the last value, as Go's decoder does.
            let value = access.next_value_seed(self)?;
            map.insert(key.into(), value);
        }
        Ok(self.node(Value::Map(map)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::to_json_compact;

    #[test]
    fn decodes_the_first_value_and_says_where_it_ends() {
        // (text, decoded value as JSON, bytes used) or the error
        type Want = Result<(&'static str, usize), &'static str>;
        let cases: &[(&str, Want)] = &[
            ("1", Ok(("1", 1))),
            ("1,b=2", Ok(("1", 1))),
            ("1 b=2", Ok(("1", 1))),
            ("1b", Ok(("1", 1))),
            ("01", Ok(("0", 1))),
            ("-0", Ok(("-0", 2))),
            ("1.5e3}", Ok(("1500", 5))),
            ("12345678901234567890", Ok(("12345678901234567000", 20))),
            ("truex", Ok(("true", 4))),
            ("null,", Ok(("null", 4))),
            (r#""a,b\"c",x"#, Ok((r#""a,b\"c""#, 8))),
            (r#"[1,"]",{"x":[]}],b=1"#, Ok((r#"[1,"]",{"x":[]}]"#, 16))),
            (r#"{"b":1,"a":null}x"#, Ok((r#"{"a":null,"b":1}"#, 16))),
            (r#"{"a":1,"a":2}"#, Ok((r#"{"a":2}"#, 13))),
            ("[]", Ok(("[]", 2))),
            (
                "{bad}",
                Err("invalid JSON: key must be a string at line 1 column 2"),
            ),
            ("[1,2", Err("invalid JSON: unexpected end of JSON input")),
            ("tru", Err("invalid JSON: unexpected end of JSON input")),
            (
                "trux",
                Err("invalid JSON: invalid character in literal true"),
            ),
            (
                "-x",
                Err("invalid JSON: invalid character 'x' in numeric literal"),
            ),
            (
                "1.,",
                Err("invalid JSON: invalid character ',' after decimal point in numeric literal"),
            ),
            ("1e", Err("invalid JSON: unexpected end of JSON input")),
            (
                "bad",
                Err("invalid JSON: invalid character 'b' looking for beginning of value"),
            ),
            (
                "1e400",
                Err("invalid JSON: number out of range at line 1 column 5"),
            ),
            (
                "[1,]",
                Err("invalid JSON: trailing comma at line 1 column 4"),
            ),
        ];
        let origin = Origin::whole("--set-json test".into());
        for (text, want) in cases {
            let got = decode_json_prefix(text, &origin)
                .map(|(node, used)| (to_json_compact(&node), used))
                .map_err(|e| e.to_string());
            let want = want
                .map(|(json, used)| (json.to_string(), used))
                .map_err(str::to_string);
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_floats_and_nodes_carry_the_origin() {
        let origin = Origin::whole("--set-json a=[1,{\"x\":2}]".into());
        let (node, _) = decode_json_prefix(r#"[1,{"x":2}]"#, &origin).unwrap();
        let Value::List(items) = &node.value else {
            panic!("not a list: {node:?}")
        };
        assert_eq!(items[0].value, Value::Float(1.0));
        assert_eq!(items[1].origin, origin);
        let x = &items[1].as_map().unwrap()["x"];
        assert_eq!((x.value.clone(), &x.origin), (Value::Float(2.0), &origin));
    }
}
