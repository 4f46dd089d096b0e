//! YAML output of value trees, in a form Helm (YAML 1.1) reads back to exactly the same
//! values: strings that a YAML 1.1 reader could take for anything else are double-quoted,
//! numbers are written in Go's format. Keys keep their order, so the output reads like the
//! files it came from.

use super::go_number::format_go_float;
use super::json_out::write_string;
use super::node::{Node, Value};

/// How to write YAML.
#[derive(Clone, Copy, Debug, Default)]
pub struct YamlStyle {
    /// Adds a `# file:line:col` comment after every scalar, naming where it was set.
    pub annotate: bool,
}

/// Returns the tree as a YAML document (no `---`), ending in a newline unless empty.
pub fn to_yaml(node: &Node, style: YamlStyle) -> String {
    let mut out = String::new();
    match &node.value {
        Value::Map(map) if map.is_empty() => out.push_str("{}\n"),
        Value::Map(_) | Value::List(_) => write_block(node, 0, style, &mut out),
        _ => {
            write_scalar(&node.value, &mut out);
            annotate(node, style, &mut out);
            out.push('\n');
        }
    }
    out
}

fn indent(depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn annotate(node: &Node, style: YamlStyle, out: &mut String) {
    if style.annotate {
        out.push_str("  # ");
        for c in node.origin.to_string().chars() {
            // An origin is a path or a flag; keep the comment on one line, escapes visible.
            if c.is_control() {
                out.push_str(&format!("\\u{:04x}", c as u32));
            } else {
                out.push(c);
            }
        }
    }
}

/// Returns true when a collection is written inline (`{}` or `[]`).
fn is_inline(value: &Value) -> bool {
    match value {
        Value::Map(m) => m.is_empty(),
        Value::List(l) => l.is_empty(),
        _ => true,
    }
}

/// Writes the entries of a map or list node at `depth`, one per line.
fn write_block(node: &Node, depth: usize, style: YamlStyle, out: &mut String) {
    match &node.value {
        Value::Map(map) => {
            for (key, child) in map {
                indent(depth, out);
                write_key(key, out);
                out.push(':');
                write_child(child, depth, style, out);
            }
        }
        Value::List(items) => {
            for item in items {
                indent(depth, out);
                out.push('-');
                match &item.value {
                    Value::Map(m) if !m.is_empty() => {
                        // First entry on the dash line, the rest indented under it.
                        let mut first = true;
                        for (key, child) in m {
                            if first {
                                out.push(' ');
                                first = false;
                            } else {
                                indent(depth + 1, out);
                            }
                            write_key(key, out);
                            out.push(':');
                            write_child(child, depth + 1, style, out);
                        }
                    }
                    _ => write_child(item, depth, style, out),
                }
            }
        }
        _ => unreachable!("write_block is only called on collections"),
    }
}

/// Writes what follows `key:` or `-`: an inline value, or a newline and a nested block.
fn write_child(child: &Node, depth: usize, style: YamlStyle, out: &mut String) {
    if is_inline(&child.value) {
        out.push(' ');
        write_scalar(&child.value, out);
        annotate(child, style, out);
        out.push('\n');
    } else {
        out.push('\n');
        write_block(child, depth + 1, style, out);
    }
}

fn write_key(key: &str, out: &mut String) {
    if is_plain_safe(key) {
        out.push_str(key);
    } else {
        write_string(key, out);
    }
}

fn write_scalar(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_go_float(*f)),
        Value::String(s) if is_plain_safe(s) => out.push_str(s),
        Value::String(s) => write_string(s, out),
        Value::Map(_) => out.push_str("{}"),
        Value::List(_) => out.push_str("[]"),
    }
}

/// Words a YAML 1.1 reader takes for booleans or null when unquoted.
const RESERVED_WORDS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
    "OFF", "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL",
];

/// Returns true when `s` can be written unquoted and every YAML reader, 1.1 or 1.2, reads it
/// back as this string. Deliberately conservative: anything unusual is quoted.
fn is_plain_safe(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_' || first == '/')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !RESERVED_WORDS.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Map, Origin};

    fn at(value: Value, line: u32) -> Node {
        Node::new(value, Origin::new("v.yaml".into(), line, 3))
    }

    fn sample() -> Node {
        let mut image = Map::new();
        image.insert("tag".into(), at(Value::String("1.10".into()), 2));
        image.insert(
            "pullPolicy".into(),
            at(Value::String("IfNotPresent".into()), 3),
        );
        let mut container = Map::new();
        container.insert("name".into(), at(Value::String("web".into()), 5));
        container.insert("port".into(), at(Value::Float(8080.0), 6));
        let mut root = Map::new();
        root.insert("image".into(), at(Value::Map(image), 1));
        root.insert(
            "containers".into(),
            at(
                Value::List(thin_vec::thin_vec![at(Value::Map(container), 5)]),
                4,
            ),
        );
        root.insert("on".into(), at(Value::String("yes".into()), 7));
        root.insert("empty".into(), at(Value::List(thin_vec::thin_vec![]), 8));
        root.insert("gone".into(), at(Value::Null, 9));
        at(Value::Map(root), 1)
    }

    #[test]
    fn quotes_what_yaml_1_1_would_misread() {
        assert_eq!(
            to_yaml(&sample(), YamlStyle::default()),
            "image:\n  tag: \"1.10\"\n  pullPolicy: IfNotPresent\ncontainers:\n  - name: web\n    port: 8080\n\"on\": \"yes\"\nempty: []\ngone: null\n"
        );
    }

    #[test]
    fn annotates_every_scalar_with_its_origin() {
        assert_eq!(
            to_yaml(&sample(), YamlStyle { annotate: true }),
            "image:\n  tag: \"1.10\"  # v.yaml:2:3\n  pullPolicy: IfNotPresent  # v.yaml:3:3\ncontainers:\n  - name: web  # v.yaml:5:3\n    port: 8080  # v.yaml:6:3\n\"on\": \"yes\"  # v.yaml:7:3\nempty: []  # v.yaml:8:3\ngone: null  # v.yaml:9:3\n"
        );
    }
}
