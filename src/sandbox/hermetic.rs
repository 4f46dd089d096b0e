//! [`forbidden_call`]: the first call in a template of a function that would make it depend
//! on more than its context (the environment, the clock, randomness, files, the network).
//!
//! tera 2 ships none of these (tera 1 had `get_env`, `now`, `get_random`, `read_file`,
//! `get_url`), so such a call fails as an unknown function anyway; this check names why, at
//! the call's line and column, before the template is built (reliability §1: "the
//! non-hermetic functions are errors at load time").

/// Functions a template must not call: they read what is not in its context.
pub const FORBIDDEN_FUNCTIONS: &[&str] = &[
    "get_env",
    "now",
    "get_random",
    "read_file",
    "load_data",
    "get_url",
];

/// A call to a forbidden function: its name and 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForbiddenCall {
    pub name: &'static str,
    pub line: usize,
    pub col: usize,
}

/// Returns the first call `name(` of a [`FORBIDDEN_FUNCTIONS`] inside a tag (`{{ }}` or
/// `{% %}`) of `text`, outside string literals; `None` when there is none.
pub fn forbidden_call(text: &str) -> Option<ForbiddenCall> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if !in_tag {
            if b == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%')) {
                in_tag = true;
                i += 2;
                continue;
            }
            if b == b'{' && bytes.get(i + 1) == Some(&b'#') {
                // A comment: skipped whole.
                i = text[i..].find("#}").map_or(bytes.len(), |end| i + end + 2);
                continue;
            }
            i += 1;
            continue;
        }
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' | b'\'' | b'`' => quote = Some(b),
            b'}' | b'%' if bytes.get(i + 1) == Some(&b'}') => {
                in_tag = false;
                i += 2;
                continue;
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                let after = text[i..].trim_start();
                let before = text[..start].trim_end();
                // `a.now(` is a field, `| now(` a filter: neither is the function.
                let is_call = after.starts_with('(') && !before.ends_with(['.', '|']);
                if is_call {
                    if let Some(name) = FORBIDDEN_FUNCTIONS.iter().find(|f| **f == word) {
                        let line = text[..start].matches('\n').count() + 1;
                        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
                        let col = text[line_start..start].chars().count() + 1;
                        return Some(ForbiddenCall { name, line, col });
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_of_forbidden_functions_in_tags_only() {
        type Place = Option<(&'static str, usize, usize)>;
        let rows: &[(&str, Place)] = &[
            ("a: {{ get_env(name=\"HOME\") }}\n", Some(("get_env", 1, 7))),
            ("a: 1\nb: {{ now() }}\n", Some(("now", 2, 7))),
            (
                "{% set x = get_random(end=5) %}",
                Some(("get_random", 1, 12)),
            ),
            ("a: get_env(x)\n", None),
            ("a: {{ \"get_env(\" }}\n", None),
            ("{# now() #}a: {{ x.now }}\n", None),
            ("a: {{ x | now() }}\n", None),
            ("a: {{ range(end=3) | length }}\n", None),
        ];
        for (text, expected) in rows {
            let found = forbidden_call(text).map(|c| (c.name, c.line, c.col));
            assert_eq!(found, *expected, "{text}");
        }
    }
}
