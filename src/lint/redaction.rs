//! [`shown_value`]: a value as a finding's message may show it, which is never a secret
//! (`shared/spec/reliability.md` §4): the value of a key whose name says secret, a URL with
//! credentials, a PEM private key or a JWT shows as `<redacted>`.

use crate::secrets::{classify_text, is_secret_key, SecretText};
use crate::values::{to_json_compact, KeyPath, Node, Origin, Segment, Value};

/// The longest value a message shows; longer ones are cut with `…`.
const MAX_SHOWN_CHARS: usize = 60;

/// Returns true when a key on `path` names a secret (`auth.password`, `apiToken`).
pub fn is_secret_path(path: &KeyPath) -> bool {
    path.segments()
        .iter()
        .any(|s| matches!(s, Segment::Key(k) if is_secret_key(k)))
}

/// Returns true when text holds a credential whatever its key: a URL with a password
/// (`https://user:token@host`), a PEM private key, or a JWT.
pub fn looks_secret(text: &str) -> bool {
    classify_text(text) != SecretText::Plain
}

/// Returns true when the value, or a string in it, holds a credential.
fn holds_secret(value: &Value) -> bool {
    match value {
        Value::String(s) => looks_secret(s),
        Value::List(items) => items.iter().any(|n| holds_secret(&n.value)),
        Value::Map(map) => map
            .iter()
            .any(|(k, n)| is_secret_key(k) || holds_secret(&n.value)),
        _ => false,
    }
}

/// Returns a value at `path` as a message shows it: JSON (`"latest"`, `1`, `[80,443]`),
/// cut to a readable length, or `<redacted>` for a secret: `secret` when the release's rules
/// say the path is one (`secrets:` paths, `writeOnly`), a secret key on the path, or a
/// credential in the value.
pub fn shown_value(value: &Value, path: &KeyPath, secret: bool) -> String {
    if secret || is_secret_path(path) || holds_secret(value) {
        return "<redacted>".to_string();
    }
    let json = to_json_compact(&Node::new(value.clone(), Origin::whole("".into())));
    if json.chars().count() > MAX_SHOWN_CHARS {
        let cut: String = json.chars().take(MAX_SHOWN_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.to_string())
    }

    #[test]
    fn shows_values_but_never_secrets() {
        let path = |p: &str| KeyPath::parse(p).unwrap();
        let long = format!("\"{}…", "x".repeat(58));
        let rows: Vec<(Value, &str, &str)> = vec![
            (s("latest"), "image.tag", r#""latest""#),
            (Value::Float(1.0), "replicaCount", "1"),
            (s("hunter2"), "auth.password", "<redacted>"),
            (s("x"), "apiToken", "<redacted>"),
            (s("https://user:tok@example.com/x"), "url", "<redacted>"),
            (
                s("https://example.com/a@b"),
                "url",
                r#""https://example.com/a@b""#,
            ),
            (
                s("-----BEGIN RSA PRIVATE KEY-----\nabc"),
                "key",
                "<redacted>",
            ),
            (
                s("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-_"),
                "header",
                "<redacted>",
            ),
            (s(&"x".repeat(100)), "long", &long),
        ];
        for (value, p, expected) in rows {
            assert_eq!(shown_value(&value, &path(p), false), expected, "{p}");
        }
    }
}
