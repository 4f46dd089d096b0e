//! Secrets recognised by what a string holds, whatever its key is called: PEM private keys,
//! JSON Web Tokens, credentials inside URLs (`https://user:token@host`) and passwords in Go
//! database DSNs (`user:pass@tcp(db:3306)/app`).

use super::memo::Memo;
use super::Redacted;

/// What the text of a value says about secrets in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretText {
    /// Nothing secret.
    Plain,
    /// The whole value must be hidden (a private key, a token).
    Secret,
    /// Credentials inside URLs or DSNs, hidden in the text given (the user info of each
    /// URL, the password of each DSN, replaced by [`Redacted::Whole`]).
    Masked(String),
}

/// What is shown in place of the user info of a URL or a DSN's password.
const MASK: Redacted = Redacted::Whole;

/// Reads a string value for secrets by content.
pub fn classify_text(text: &str) -> SecretText {
    // Long texts (certificates, scripts) are rarely repeated: only short ones are remembered.
    const SHORT: usize = 256;
    thread_local! {
        static KNOWN: Memo<SecretText> = Memo::new();
    }
    if text.len() > SHORT {
        return classify(text);
    }
    KNOWN.with(|known| known.answer(text, classify))
}

/// [`classify_text`], worked out.
fn classify(text: &str) -> SecretText {
    if holds_private_key(text) || holds_jwt(text) {
        return SecretText::Secret;
    }
    match mask_url_credentials(text) {
        Some(masked) => SecretText::Masked(masked),
        None => SecretText::Plain,
    }
}

/// Returns true when `text` holds a PEM private key (`-----BEGIN RSA PRIVATE KEY-----`,
/// `OPENSSH`, `EC`, `ENCRYPTED`, PGP's `PRIVATE KEY BLOCK`).
fn holds_private_key(text: &str) -> bool {
    text.match_indices("-----BEGIN ").any(|(at, _)| {
        let header = &text[at..];
        let line = header.split(['\n', '\r']).next().unwrap_or(header);
        line.contains("PRIVATE KEY")
    })
}

fn is_base64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Returns true when `text` holds a JSON Web Token: three base64url parts joined by dots,
/// the first two (header and claims, both JSON objects) starting `eyJ` (`{"`).
fn holds_jwt(text: &str) -> bool {
    text.split(|c: char| !(is_base64url(c) || c == '.'))
        .any(|word| {
            let parts: Vec<&str> = word.split('.').collect();
            parts.len() == 3
                && parts[0].len() >= 10
                && parts[1].len() >= 10
                && parts[0].starts_with("eyJ")
                && parts[1].starts_with("eyJ")
        })
}

/// Returns true for the characters that end a URL written inside other text: whitespace,
/// quotes and angle brackets (a URL in a YAML line, a command line or HTML).
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>')
}

/// Returns true when `text` (what follows `host:` in an authority) is a port: digits, or
/// nothing.
fn is_port(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_digit())
}

/// Returns where the user info of the URL whose text after `scheme://` is `rest` ends (the
/// index of its `@`), if it has user info.
///
/// The authority normally ends at the first `/`, `?` or `#`, and its user info at the last
/// `@` inside it (`https://user:p@ss@host/x`). But generated passwords hold `/`, `?` and `#`
/// too, unescaped (`https://user:pa/ss@host/x`, `postgres://u:pw#1@db/app`); a URL whose
/// authority so cut is `name:TEXT` with `TEXT` not a port cannot be a host and a port, so
/// there the user info runs to the last `@` of the whole URL. This over-masks a URL that
/// has both credentials and an `@` in its path (`https://u:p@host/@scope` shows as
/// `https://` and the mark then `@scope`), and keeps `https://example.com/a@b`,
/// `https://medium.com/@user` and `oci://registry/repo@sha256:...` as they are.
fn user_info_end(rest: &str) -> Option<usize> {
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let in_password = !authority.starts_with('[')
        && authority
            .split_once(':')
            .is_some_and(|(_, after)| !is_port(after.split('@').next().unwrap_or(after)));
    if in_password {
        rest.rfind('@')
    } else {
        authority.rfind('@')
    }
}

/// Returns true for the characters of a Go driver's protocol name (`tcp`, `unix`,
/// `cloudsql`).
fn is_protocol_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-')
}

/// Returns the byte ranges of the passwords of Go database DSNs in `text`
/// (`user:PASS@tcp(db:3306)/app`, `user:PASS@/app`: go-sql-driver/mysql's form, which has
/// no scheme): the text between the first `:` of the word and the last `@` that a protocol
/// and `(`, or a `/`, follow.
/// Words holding `://` are URLs, handled by [`url_spans`].
fn dsn_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut offset = 0;
    while offset < text.len() {
        let rest = &text[offset..];
        let len = rest.find(ends_url).unwrap_or(rest.len());
        let word = &rest[..len];
        let word_start = offset;
        // Past the word and the character that ended it.
        offset += len + rest[len..].chars().next().map_or(0, char::len_utf8);
        if word.contains("://") {
            continue;
        }
        let end = word.match_indices('@').rev().find_map(|(at, _)| {
            let after = &word[at + 1..];
            let name_len = after.find(|c| !is_protocol_char(c)).unwrap_or(after.len());
            let protocol = name_len > 0 && after[name_len..].starts_with('(');
            (protocol || after.starts_with('/')).then_some(at)
        });
        let Some(end) = end else {
            continue;
        };
        if let Some(colon) = word[..end].find(':') {
            if colon + 1 < end {
                spans.push(word_start + colon + 1..word_start + end);
            }
        }
    }
    spans
}

/// Returns the byte ranges of the user info of every URL in `text`
/// (`scheme://USER:PASS@host`).
fn url_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("://") {
        let at = from + found;
        from = at + 3;
        let scheme_ok = text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if !scheme_ok {
            continue;
        }
        let rest = &text[from..];
        let rest = &rest[..rest.find(ends_url).unwrap_or(rest.len())];
        if let Some(at_sign) = user_info_end(rest) {
            spans.push(from..from + at_sign);
            from += at_sign;
        }
    }
    spans
}

/// Returns the byte ranges of every credential in `text`: the user info of URLs and the
/// passwords of Go DSNs, in order.
fn credential_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = url_spans(text);
    spans.extend(dsn_spans(text));
    spans.sort_by_key(|s| s.start);
    spans
}

/// Returns `text` with the user info of every URL (`scheme://user:pass@host`) and the
/// password of every Go DSN (`user:pass@tcp(host)/db`) replaced by [`Redacted::Whole`], or `None`
/// when it holds neither.
pub fn mask_url_credentials(text: &str) -> Option<String> {
    let spans = credential_spans(text);
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for span in spans {
        out.push_str(&text[last..span.start]);
        out.push_str(&MASK.to_string());
        last = span.end;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// Returns the credentials of every URL and DSN in `text`, to tell whether credentials
/// changed between two texts whose masked forms are alike.
pub fn url_credentials(text: &str) -> Vec<&str> {
    credential_spans(text)
        .into_iter()
        .map(|span| &text[span])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_secrets_by_content() {
        let rows: &[(&str, SecretText)] = &[
            ("nginx:1.25", SecretText::Plain),
            ("https://example.com/path?q=a@b", SecretText::Plain),
            (
                "https://user:s3cret@example.com/x",
                SecretText::Masked("https://<redacted>@example.com/x".into()),
            ),
            (
                "--db=postgres://app:pw@db:5432/app --cache=redis://:pw2@cache",
                SecretText::Masked(
                    "--db=postgres://<redacted>@db:5432/app --cache=redis://<redacted>@cache"
                        .into(),
                ),
            ),
            (
                "https://ghp_token@github.com",
                SecretText::Masked("https://<redacted>@github.com".into()),
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n",
                SecretText::Secret,
            ),
            (
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                SecretText::Plain,
            ),
            (
                "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_nature-x",
                SecretText::Secret,
            ),
            ("eyJhbGciOiJIUzI1NiJ9 is not a token", SecretText::Plain),
        ];
        for (text, expected) in rows {
            assert_eq!(&classify_text(text), expected, "{text}");
        }
        assert_eq!(url_credentials("a://u:p@h b://x@y c://h"), vec!["u:p", "x"]);
    }

    #[test]
    fn masks_credentials_whatever_characters_the_password_holds() {
        // (text, masked text, or None when nothing is a credential)
        let rows: &[(&str, Option<&str>)] = &[
            (
                "https://user:PW/SLASH@host/x",
                Some("https://<redacted>@host/x"),
            ),
            (
                "postgres://user:PW#HASH@host/x",
                Some("postgres://<redacted>@host/x"),
            ),
            ("https://user:PW?Q@host", Some("https://<redacted>@host")),
            (
                "https://user:p@ss/w@host/x",
                Some("https://<redacted>@host/x"),
            ),
            (
                "https://u:p@host:5432/db",
                Some("https://<redacted>@host:5432/db"),
            ),
            (
                "redis://:pw/x@cache:6379",
                Some("redis://<redacted>@cache:6379"),
            ),
            (
                "https://ghp_tok@github.com/o/r",
                Some("https://<redacted>@github.com/o/r"),
            ),
            (
                r#"url: "https://u:a/b@h/x" # note"#,
                Some(r#"url: "https://<redacted>@h/x" # note"#),
            ),
            // A credential and an `@` in the path: more is hidden than the user info.
            ("https://u:p@host/@scope", Some("https://<redacted>@scope")),
            // No credentials: an `@` after the host, a port, an IPv6 host.
            ("https://example.com/path?q=a@b", None),
            ("https://medium.com/@user/post", None),
            ("https://example.com:8443/@scope/pkg", None),
            ("oci://registry.example.com/repo@sha256:abc", None),
            ("http://[::1]:8080/@x", None),
            // Go DSNs have no scheme: the password between `user:` and `@protocol(`.
            (
                "user:PASS@tcp(db:3306)/app",
                Some("user:<redacted>@tcp(db:3306)/app"),
            ),
            (
                "DSN=app:p@ss:w/rd@unix(/run/mysqld.sock)/app?parseTime=true",
                Some("DSN=app:<redacted>@unix(/run/mysqld.sock)/app?parseTime=true"),
            ),
            (
                "--dsn root:pw@tcp(db)/x --other",
                Some("--dsn root:<redacted>@tcp(db)/x --other"),
            ),
            ("app:PASS@/app", Some("app:<redacted>@/app")),
            ("root@tcp(db:3306)/app", None),
            ("git@github.com:org/repo.git", None),
            ("someone@example.com (mailto)", None),
        ];
        for (text, expected) in rows {
            assert_eq!(mask_url_credentials(text).as_deref(), *expected, "{text}");
        }
        assert_eq!(
            url_credentials("mysql://u:a/b@h x:P@tcp(h)/d"),
            vec!["u:a/b", "P"]
        );
    }
}
