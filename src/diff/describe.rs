//! Words for a change, shared by the text and Markdown formats: its values
//! (`"1.25" → "1.26"`, a hidden value's sizes as [`Redacted`] writes them) and its origins.

use crate::values::{format_go_float, Node, Origin, Value};

use super::change::{Change, ChangeKind, Shown};
use crate::secrets::Redacted;

/// Returns a value as one line of compact JSON: keys in their order, numbers as Helm prints
/// them, strings quoted with control characters escaped (and nothing else: `<` stays `<`).
pub fn to_json_compact(node: &Node) -> String {
    let mut out = String::new();
    write_json(&node.value, &mut out);
    out
}

/// Returns true for line separators and the bidirectional controls that make text read
/// differently from how it is stored ("Trojan Source"): escaped in every output.
pub(crate) fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_invisible_format(c) => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_go_float(*f)),
        Value::String(s) => write_json_string(s, out),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(&item.value, out);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (key, child)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(key, out);
                out.push(':');
                write_json(&child.value, out);
            }
            out.push('}');
        }
    }
}

/// Returns one side's value as one line: compact JSON (strings quoted, controls escaped),
/// or [`Redacted::Whole`] for a secret.
pub fn value_text(shown: &Shown) -> String {
    match shown {
        Shown::Value(node) => to_json_compact(node),
        Shown::Redacted { .. } => Redacted::Whole.to_string(),
    }
}

/// Returns the identities of a reordered list's side, as `values_text` writes them (`app, side`).
pub(super) fn ids(shown: &Shown) -> String {
    match shown {
        Shown::Value(node) => match &node.value {
            Value::List(items) => items
                .iter()
                .map(|i| match &i.value {
                    Value::String(s) => s.escape_debug().to_string(),
                    _ => to_json_compact(i),
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => to_json_compact(node),
        },
        Shown::Redacted { .. } => Redacted::Whole.to_string(),
    }
}

/// Returns what the change did to the value: `"1.25" → "1.26"`, `true (deleted by null)`,
/// [`Redacted::Changed`], `order a, b → b, a`.
pub fn values_text(change: &Change) -> String {
    let kind_note = |text: String| match change.kind {
        ChangeKind::TypeChanged => {
            // A hidden value's kind is shown, never the value: `(type string → boolean)`.
            let kind = |s: &Option<Shown>| match s {
                Some(Shown::Value(n)) => n.value.kind_name(),
                Some(Shown::Redacted { kind, .. }) => kind,
                None => "none",
            };
            format!(
                "{text} (type {} → {})",
                kind(&change.old),
                kind(&change.new)
            )
        }
        ChangeKind::DeletedByNull => format!("{text} (deleted by null)"),
        _ => text,
    };
    let mut text = match (&change.old, &change.new) {
        _ if change.kind == ChangeKind::Reordered => {
            let side = |s: &Option<Shown>| s.as_ref().map(ids).unwrap_or_default();
            format!("order {} → {}", side(&change.old), side(&change.new))
        }
        (Some(Shown::Redacted { bytes: a, .. }), Some(Shown::Redacted { bytes: b, .. })) => {
            kind_note(Redacted::Changed { old: *a, new: *b }.to_string())
        }
        (Some(Shown::Redacted { bytes, .. }), None)
        | (None, Some(Shown::Redacted { bytes, .. })) => {
            kind_note(Redacted::Sized(*bytes).to_string())
        }
        (old, new) => {
            let one = |s: &Shown| match s {
                Shown::Redacted { bytes, .. } => Redacted::Sized(*bytes).to_string(),
                other => value_text(other),
            };
            match (old, new) {
                (Some(a), Some(b)) => kind_note(format!("{} → {}", one(a), one(b))),
                (Some(a), None) | (None, Some(a)) => kind_note(one(a)),
                (None, None) => String::new(),
            }
        }
    };
    match change.hidden.credentials_changed {
        Some(true) => text.push_str(" (credentials changed)"),
        Some(false) => text.push_str(" (credentials unchanged)"),
        None => {}
    }
    text
}

fn origin_text(origin: &Origin) -> String {
    origin
        .to_string()
        .chars()
        .flat_map(|c| {
            if c.is_control() || is_invisible_format(c) {
                format!("\\u{:04x}", c as u32).chars().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Returns where the values were written: `old → new`, one of them alone, a deletion's
/// `null` (`charts/web/values.yaml:6:8 → null at environments/staging/web.yaml:2:8`).
pub fn origins_text(change: &Change) -> String {
    let old = change.old_origin.as_ref().map(origin_text);
    let new = change.new_origin.as_ref().map(origin_text);
    match change.kind {
        ChangeKind::DeletedByNull => match (old, new) {
            (Some(a), Some(b)) => format!("{a} → null at {b}"),
            (a, b) => a.or(b).unwrap_or_default(),
        },
        ChangeKind::Added => match (old, new) {
            (Some(a), Some(b)) => format!("null at {a} → {b}"),
            (a, b) => b.or(a).unwrap_or_default(),
        },
        _ => match (old, new) {
            (Some(a), Some(b)) if a == b => a,
            (Some(a), Some(b)) => format!("{a} → {b}"),
            (a, b) => a.or(b).unwrap_or_default(),
        },
    }
}

/// Returns the one-character mark of a change kind: `~` changed, `+` added, `-` removed.
pub fn mark(kind: ChangeKind) -> char {
    match kind {
        ChangeKind::Added => '+',
        ChangeKind::Removed | ChangeKind::DeletedByNull => '-',
        ChangeKind::Changed | ChangeKind::TypeChanged | ChangeKind::Reordered => '~',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::change::Hidden;
    use crate::diff::diff_path::{DiffPath, Step};

    fn change(kind: ChangeKind, old: Option<Shown>, new: Option<Shown>) -> Change {
        Change {
            path: DiffPath::root().child(Step::Key("password".into())),
            kind,
            old,
            new,
            old_origin: None,
            new_origin: None,
            stage_specific: false,
            hidden: Hidden::default(),
        }
    }

    fn value(value: Value) -> Option<Shown> {
        Some(Shown::Value(Node::new(value, Origin::whole("v".into()))))
    }

    fn redacted(bytes: usize, kind: &'static str) -> Option<Shown> {
        Some(Shown::Redacted { bytes, kind })
    }

    #[test]
    fn a_hidden_value_changing_type_names_both_types() {
        let rows = [
            (
                change(
                    ChangeKind::TypeChanged,
                    redacted(7, "string"),
                    value(Value::Bool(false)),
                ),
                "<redacted> (7 bytes) → false (type string → boolean)",
            ),
            (
                change(
                    ChangeKind::TypeChanged,
                    value(Value::Null),
                    redacted(2, "object"),
                ),
                "null → <redacted> (2 bytes) (type null → object)",
            ),
            (
                change(
                    ChangeKind::TypeChanged,
                    redacted(7, "string"),
                    redacted(4, "number"),
                ),
                "<redacted> (changed, 7 → 4 bytes) (type string → number)",
            ),
            (
                change(
                    ChangeKind::Changed,
                    redacted(7, "string"),
                    redacted(4, "string"),
                ),
                "<redacted> (changed, 7 → 4 bytes)",
            ),
        ];
        for (change, expected) in rows {
            assert_eq!(values_text(&change), expected);
        }
    }
}
