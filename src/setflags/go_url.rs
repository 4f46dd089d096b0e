//! [`url_scheme`]: the part of Go's `url.Parse` that Helm's `--set-file` runs on every path.
//!
//! Helm reads a `--set-file` value through `readFile`, which first parses the path as a URL
//! (`net/url`), fetches it when the scheme has a getter (`http`, `https`, `oci`) and otherwise
//! reads the path from disk. A path that `url.Parse` rejects fails the flag, so
//! `--set-file a=50%.txt` is an error in Helm: this module reproduces those rejections and
//! finds the scheme. It does not check the host part of `//host/...` paths.

/// Why Go's `url.Parse` rejects a path, worded as Go words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parse {}: {problem}", crate::values::go_quote_bytes(.url.as_bytes()))]
pub struct GoUrlError {
    /// The text Go names in the message (the path, without a `#fragment` unless the fragment
    /// is what failed).
    pub url: String,
    /// What is wrong with it.
    pub problem: UrlProblem,
}

/// One of the ways `url.Parse` fails on a local path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    /// A byte below 0x20 or 0x7f.
    #[error("net/url: invalid control character in URL")]
    ControlCharacter,
    /// The path starts with `:`.
    #[error("missing protocol scheme")]
    MissingScheme,
    /// No scheme, and a `:` before the first `/`.
    #[error("first path segment in URL cannot contain colon")]
    ColonInFirstSegment,
    /// A `%` not followed by two hex digits.
    #[error("invalid URL escape {}", crate::values::go_quote_bytes(.0))]
    BadEscape(Vec<u8>),
}

/// Returns the lower-cased URL scheme of `raw` (`""` when it has none), or the error Go's
/// `url.Parse(raw)` returns.
pub(crate) fn url_scheme(raw: &str) -> Result<String, GoUrlError> {
    let (url, fragment) = match raw.split_once('#') {
        Some((url, fragment)) => (url, Some(fragment)),
        None => (raw, None),
    };
    let fail = |problem| GoUrlError {
        url: url.to_string(),
        problem,
    };
    if url.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(fail(UrlProblem::ControlCharacter));
    }
    let scheme = if url == "*" {
        String::new()
    } else {
        let (scheme, rest) = split_scheme(url).ok_or_else(|| fail(UrlProblem::MissingScheme))?;
        let scheme = scheme.to_ascii_lowercase();
        let rest = match rest.strip_suffix('?') {
            Some(stripped) if rest.matches('?').count() == 1 => stripped,
            _ => rest.split_once('?').map_or(rest, |(path, _query)| path),
        };
        let opaque = !rest.starts_with('/') && !scheme.is_empty();
        if !opaque {
            if !rest.starts_with('/') {
                let first_segment = rest.split('/').next().unwrap_or_default();
                if first_segment.contains(':') {
                    return Err(fail(UrlProblem::ColonInFirstSegment));
                }
            }
            let path = if (!scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//")
            {
                // The authority (host) is not checked; the path after it is.
                rest[2..].find('/').map_or("", |i| &rest[2 + i..])
            } else {
                rest
            };
            check_escapes(path).map_err(fail)?;
        }
        scheme
    };
    if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
        check_escapes(fragment).map_err(|problem| GoUrlError {
            url: raw.to_string(),
            problem,
        })?;
    }
    Ok(scheme)
}

/// Splits `scheme:rest` as Go's `getScheme` does; `None` when the text starts with `:`.
fn split_scheme(raw: &str) -> Option<(&str, &str)> {
    for (i, b) in raw.bytes().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return None,
            b':' => return Some((&raw[..i], &raw[i + 1..])),
            _ => return Some(("", raw)),
        }
    }
    Some(("", raw))
}

/// Checks that every `%` starts an escape of two hex digits, as Go's `unescape` does for
/// paths and fragments.
fn check_escapes(text: &str) -> Result<(), UrlProblem> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let valid = i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit();
            if !valid {
                let end = (i + 3).min(bytes.len());
                return Err(UrlProblem::BadEscape(bytes[i..end].to_vec()));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_schemes_and_rejects_what_go_rejects() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("values.txt", Ok("")),
            ("dir/sub/file.txt", Ok("")),
            ("/abs/file.txt", Ok("")),
            ("", Ok("")),
            ("*", Ok("")),
            ("https://example.com/x", Ok("https")),
            ("HTTP://example.com/x", Ok("http")),
            ("oci://registry/x", Ok("oci")),
            ("C:dir", Ok("c")),
            ("a:b%zz", Ok("a")),
            ("file%20name.txt", Ok("")),
            ("q?%zz", Ok("")),
            ("x#ok%41", Ok("")),
            ("//host%zz/file", Ok("")),
            (
                "50%.txt",
                Err(r#"parse "50%.txt": invalid URL escape "%.t""#),
            ),
            ("a%4", Err(r#"parse "a%4": invalid URL escape "%4""#)),
            ("a%", Err(r#"parse "a%": invalid URL escape "%""#)),
            (
                "x#bad%g1",
                Err(r#"parse "x#bad%g1": invalid URL escape "%g1""#),
            ),
            (":x", Err(r#"parse ":x": missing protocol scheme"#)),
            (
                "my file:1.txt",
                Err(r#"parse "my file:1.txt": first path segment in URL cannot contain colon"#),
            ),
            ("./a:b", Ok("")),
            (
                "a\tb",
                Err(r#"parse "a\tb": net/url: invalid control character in URL"#),
            ),
            ("x#a\tb", Ok("")),
            (
                "//host/%zz",
                Err(r#"parse "//host/%zz": invalid URL escape "%zz""#),
            ),
        ];
        for (raw, want) in cases {
            let got = url_scheme(raw).map_err(|e| e.to_string());
            let want = want.map(str::to_string).map_err(str::to_string);
            assert_eq!(got, want, "{raw:?}");
        }
    }
}
