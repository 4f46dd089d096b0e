//! JSON pointers (RFC 6901) as schema locations and `$ref` fragments use them: building them
//! from keys, and following them into a document.

use serde_json::Value;

/// Returns `pointer` extended by one reference token (`~` and `/` escaped).
pub(crate) fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Returns the reference tokens of a pointer (`/a/b~1c` → `a`, `b/c`); `None` when it is not a
/// pointer (does not start with `/` and is not empty).
pub(crate) fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Returns the value `pointer` points at in `doc`.
pub(crate) fn resolve<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = doc;
    for token in tokens(pointer)? {
        node = match node {
            Value::Object(map) => map.get(&token)?,
            Value::Array(items) => items.get(array_index(&token)?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Reads an array index token: digits, no leading zero (RFC 6901).
fn array_index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// Decodes the `%XX` escapes of a URI fragment (`#/definitions/a%20b`); `None` for a bad
/// escape or a result that is not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_escape_and_resolve() {
        let doc = json!({"definitions": {"a/b": {"x~": [10, 20]}}});
        let p = push(&push("/definitions", "a/b"), "x~");
        assert_eq!(p, "/definitions/a~1b/x~0");
        assert_eq!(resolve(&doc, &format!("{p}/1")), Some(&json!(20)));
        assert_eq!(resolve(&doc, &format!("{p}/01")), None);
        assert_eq!(resolve(&doc, ""), Some(&doc));
        assert_eq!(resolve(&doc, "definitions"), None);
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/a%2").as_deref(), None);
        assert_eq!(percent_decode("/plain").as_deref(), Some("/plain"));
    }
}
