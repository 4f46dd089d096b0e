//! [`GoFormat`]: the `format`s Helm 3.17 asserts, checked the way gojsonschema v1.2.0 checks
//! them (Go's `net/mail`, `net`, `time`, `net/url` and a few regular expressions).
//!
//! gojsonschema knows 17 format names; any other name is not checked at all. A known format is
//! checked on strings, and *fails on every number* (its checkers take only strings, and numbers
//! are passed to them too): `--set port=80` against `format: hostname` is an error in Helm.
//! Booleans, null, lists and maps are not checked.

use std::net::IpAddr;

/// A format gojsonschema checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GoFormat {
    Date,
    Time,
    DateTime,
    Hostname,
    Email,
    Ipv4,
    Ipv6,
    Uri,
    UriReference,
    UriTemplate,
    Uuid,
    Regex,
    JsonPointer,
    RelativeJsonPointer,
}

impl GoFormat {
    /// Returns the format of a name, `None` for names gojsonschema does not know.
    pub fn from_name(name: &str) -> Option<GoFormat> {
        Some(match name {
            "date" => GoFormat::Date,
            "time" => GoFormat::Time,
            "date-time" => GoFormat::DateTime,
            "hostname" => GoFormat::Hostname,
            "email" | "idn-email" => GoFormat::Email,
            "ipv4" => GoFormat::Ipv4,
            "ipv6" => GoFormat::Ipv6,
            "uri" | "iri" => GoFormat::Uri,
            "uri-reference" | "iri-reference" => GoFormat::UriReference,
            "uri-template" => GoFormat::UriTemplate,
            "uuid" => GoFormat::Uuid,
            "regex" => GoFormat::Regex,
            "json-pointer" => GoFormat::JsonPointer,
            "relative-json-pointer" => GoFormat::RelativeJsonPointer,
            _ => return None,
        })
    }

    /// Returns true when `text` is in the format.
    pub fn check(self, text: &str) -> bool {
        match self {
            GoFormat::Date => parse_date(text.as_bytes()).is_some_and(|rest| rest.is_empty()),
            GoFormat::Time => is_time(text.as_bytes(), true) || is_time(text.as_bytes(), false),
            GoFormat::DateTime => {
                is_time(text.as_bytes(), false)
                    || is_time(text.as_bytes(), true)
                    || GoFormat::Date.check(text)
                    || is_date_time(text.as_bytes())
            }
            GoFormat::Hostname => is_hostname(text),
            GoFormat::Email => is_mail_address(text),
            GoFormat::Ipv4 => text.parse::<IpAddr>().is_ok() && text.contains('.'),
            GoFormat::Ipv6 => text.parse::<IpAddr>().is_ok() && text.contains(':'),
            GoFormat::Uri => url_parses(text) && has_scheme(text) && !text.contains('\\'),
            GoFormat::UriReference => url_parses(text) && !text.contains('\\'),
            GoFormat::UriTemplate => {
                url_parses(text) && !text.contains('\\') && braces_balanced(url_path(text))
            }
            GoFormat::Uuid => is_uuid(text),
            GoFormat::Regex => text.is_empty() || super::go_regex::compile(text).is_ok(),
            GoFormat::JsonPointer => is_json_pointer(text),
            GoFormat::RelativeJsonPointer => is_relative_json_pointer(text),
        }
    }
}

/// Reads `2006-01-02` (Go's layout) at the start; returns the rest. Go checks the day against
/// the month's length, leap years included.
fn parse_date(b: &[u8]) -> Option<&[u8]> {
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(&b[10..])
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Reads `n` ASCII digits at `at`.
fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = b.get(at..at + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(part).ok()?.parse().ok()
}

/// Reads `15:04:05` with optional fractional seconds (Go accepts them when parsing even if
/// the layout has none), then, when `zone`, `Z07:00` (`Z` or `±hh:mm`); returns the rest.
fn parse_clock(b: &[u8], zone: bool) -> Option<&[u8]> {
    let hour = digits(b, 0, 2)?;
    let minute = digits(b, 3, 2)?;
    let second = digits(b, 6, 2)?;
    if b.get(2) != Some(&b':') || b.get(5) != Some(&b':') || hour > 23 || minute > 59 || second > 59
    {
        return None;
    }
    let mut rest = &b[8..];
    if let Some(after) = rest.strip_prefix(b".").or_else(|| rest.strip_prefix(b",")) {
        let n = after.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &after[n..];
    }
    if !zone {
        return Some(rest);
    }
    match rest.first() {
        Some(b'Z') => Some(&rest[1..]),
        Some(b'+' | b'-') => {
            let hh = digits(rest, 1, 2)?;
            let mm = digits(rest, 4, 2)?;
            (rest.get(3) == Some(&b':') && hh < 24 && mm < 60).then(|| &rest[6..])
        }
        _ => None,
    }
}

fn is_time(b: &[u8], zone: bool) -> bool {
    parse_clock(b, zone).is_some_and(|rest| rest.is_empty())
}

/// RFC 3339 as Go's `time.RFC3339` layout reads it: `2006-01-02T15:04:05Z07:00`.
fn is_date_time(b: &[u8]) -> bool {
    let Some(rest) = parse_date(b) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(b"T") else {
        return false;
    };
    is_time(rest, true)
}

/// gojsonschema's hostname: labels of letters, digits and inner hyphens, at most 63 long,
/// separated by dots, fewer than 256 characters in all.
fn is_hostname(text: &str) -> bool {
    text.len() < 256
        && text.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// Go's `mail.ParseAddress`, as far as values in charts go: `local@domain` or
/// `Display Name <local@domain>`; the local part a dot-atom or a quoted string, the domain a
/// dot-atom (no dot needed: `a@b` is an address) or a `[literal]`.
fn is_mail_address(text: &str) -> bool {
    let text = text.trim_matches(|c| c == ' ' || c == '\t');
    if let Some(inner) = text.strip_suffix('>') {
        let Some((name, addr)) = inner.rsplit_once('<') else {
            return false;
        };
        return is_display_name(name.trim_end()) && is_addr_spec(addr);
    }
    is_addr_spec(text)
}

fn is_display_name(name: &str) -> bool {
    if name.is_empty() {
        return true;
    }
    if let Some(quoted) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        return is_quoted_content(quoted);
    }
    name.split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .all(|word| word.chars().all(|c| is_atext(c) || c == '.'))
}

fn is_addr_spec(addr: &str) -> bool {
    let Some((local, domain)) = addr.rsplit_once('@') else {
        return false;
    };
    let local_ok = match local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        Some(quoted) => is_quoted_content(quoted),
        None => is_dot_atom(local),
    };
    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(literal) => literal
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '[' | ']' | '\\')),
        None => is_dot_atom(domain),
    };
    local_ok && domain_ok
}

fn is_quoted_content(text: &str) -> bool {
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' || (c.is_control() && c != '\t') {
            return false;
        }
    }
    !escaped
}

fn is_dot_atom(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|a| !a.is_empty() && a.chars().all(is_atext))
}

/// RFC 5322 atext; Go also accepts any non-ASCII character (RFC 6532).
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii()
}

fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Go's `url.Parse` succeeds: no control characters, `%` escapes well formed outside the
/// query, no colon in a first path segment without a scheme, no space or bad port in the
/// host.
fn url_parses(text: &str) -> bool {
    if text.chars().any(|c| (c as u32) < 0x20 || c == '\x7f') {
        return false;
    }
    let (before_fragment, fragment) = match text.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (text, None),
    };
    if fragment.is_some_and(|f| !escapes_ok(f)) {
        return false;
    }
    let (rest, _query) = match before_fragment.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (before_fragment, None),
    };
    if text.starts_with(':') {
        return false;
    }
    let rest = if has_scheme(rest) {
        rest.split_once(':').map(|(_, r)| r).unwrap_or("")
    } else {
        if let Some(first) = rest.split('/').next() {
            if first.contains(':') {
                return false;
            }
        }
        rest
    };
    if let Some(authority) = rest.strip_prefix("//") {
        let host_port = authority.split('/').next().unwrap_or("");
        let host_port = host_port.rsplit_once('@').map_or(host_port, |(_, h)| h);
        if host_port.contains(' ') {
            return false;
        }
        if !host_port.starts_with('[') {
            if let Some((_, port)) = host_port.rsplit_once(':') {
                if !port.bytes().all(|b| b.is_ascii_digit()) {
                    return false;
                }
            }
        }
        return escapes_ok(authority);
    }
    escapes_ok(rest)
}

/// Returns the path of a URL (what lies between the scheme or authority and `?`/`#`).
fn url_path(text: &str) -> &str {
    let text = text.split(['?', '#']).next().unwrap_or(text);
    let rest = if has_scheme(text) {
        text.split_once(':').map(|(_, r)| r).unwrap_or("")
    } else {
        text
    };
    match rest.strip_prefix("//") {
        Some(authority) => authority.find('/').map_or("", |i| &authority[i..]),
        None => rest,
    }
}

/// Every `%` starts a two-digit hex escape.
fn escapes_ok(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

/// `^([^{]*({[^}]*})?)*$`: braces never nest and every `{` is closed.
fn braces_balanced(path: &str) -> bool {
    let mut open = false;
    for c in path.chars() {
        match (c, open) {
            ('{', false) => open = true,
            ('}', true) => open = false,
            ('{', true) => return false,
            _ => {}
        }
    }
    !open
}

/// `^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$` (lower case only).
fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => matches!(c, b'0'..=b'9' | b'a'..=b'f'),
        })
}

/// `^(?:/(?:[^~/]|~0|~1)*)*$`.
fn is_json_pointer(text: &str) -> bool {
    (text.is_empty() || text.starts_with('/')) && tildes_ok(text)
}

fn tildes_ok(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

/// `^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$`.
fn is_relative_json_pointer(text: &str) -> bool {
    let n = text.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || (n > 1 && text.starts_with('0')) {
        return false;
    }
    let rest = &text[n..];
    rest == "#" || is_json_pointer(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_check_as_gojsonschema_does() {
        let rows: &[(&str, &str, bool)] = &[
            ("email", "a@b.c", true),
            ("email", "a@b", true),
            ("email", "John Smith <john@example.com>", true),
            ("email", "\"a b\"@example.com", true),
            ("email", "not-an-address", false),
            ("email", "a@@b", false),
            ("email", "a.@b", false),
            ("email", "", false),
            ("idn-email", "ü@example.com", true),
            ("hostname", "web-1.example.com", true),
            ("hostname", "-web.example.com", false),
            ("hostname", "web_1", false),
            ("hostname", "a..b", false),
            ("ipv4", "10.0.0.1", true),
            ("ipv4", "10.0.0.256", false),
            ("ipv4", "::1", false),
            ("ipv4", "::ffff:10.0.0.1", true),
            ("ipv6", "::1", true),
            ("ipv6", "10.0.0.1", false),
            ("date", "2024-02-29", true),
            ("date", "2023-02-29", false),
            ("date", "2024-1-02", false),
            ("time", "10:20:30", true),
            ("time", "10:20:30.5Z", true),
            ("time", "10:20:30+02:00", true),
            ("time", "24:00:00", false),
            ("date-time", "2024-01-02T10:20:30Z", true),
            ("date-time", "2024-01-02T10:20:30.123456789+01:00", true),
            ("date-time", "2024-01-02", true),
            ("date-time", "10:20:30", true),
            ("date-time", "2024-01-02t10:20:30Z", false),
            ("date-time", "2024-01-02 10:20:30Z", false),
            ("uri", "https://example.com/a?b#c", true),
            ("uri", "mailto:a@b.c", true),
            ("uri", "/relative/path", false),
            ("uri", "https://exa mple.com/", false),
            ("uri", "https://example.com/%zz", false),
            ("uri", "https://example.com\\a", false),
            ("uri-reference", "/relative/path", true),
            ("uri-reference", "a:b/c", true),
            ("uri-reference", "1a:b", false),
            ("uri-template", "https://example.com/{id}", true),
            ("uri-template", "https://example.com/{id", false),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
            ("uuid", "123E4567-E89B-12D3-A456-426614174000", false),
            ("regex", "^a+$", true),
            ("regex", "(", false),
            ("regex", "", true),
            ("json-pointer", "/a/b~0c", true),
            ("json-pointer", "a/b", false),
            ("json-pointer", "/a~2", false),
            ("relative-json-pointer", "0#", true),
            ("relative-json-pointer", "1/a", true),
            ("relative-json-pointer", "01/a", false),
        ];
        for (name, text, want) in rows {
            let format = GoFormat::from_name(name).expect("a known format");
            assert_eq!(format.check(text), *want, "{name} {text:?}");
        }
        assert_eq!(GoFormat::from_name("int32"), None);
        assert_eq!(GoFormat::from_name("duration"), None);
    }
}
