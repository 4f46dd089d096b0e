//! Secrets recognised by what a string holds, whatever its key is called: PEM private keys,
//! JSON Web Tokens, and credentials inside URLs (`https://user:token@host`).

/// What the text of a value says about secrets in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretText {
    /// Nothing secret.
    Plain,
    /// The whole value must be hidden (a private key, a token).
    Secret,
    /// Credentials inside URLs, hidden in the text given (the user info of each URL
    /// replaced by `<redacted>`).
    Masked(String),
}

/// The text shown in place of the user info of a URL.
pub const MASK: &str = "<redacted>";

/// Reads a string value for secrets by content.
pub fn classify_text(text: &str) -> SecretText {
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

/// Returns the byte ranges of the user info of every URL in `text`
/// (`scheme://USER:PASS@host`).
fn credential_spans(text: &str) -> Vec<std::ops::Range<usize>> {
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
        let authority_end = rest
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '"' | '\'' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(rest.len());
        if let Some(at_sign) = rest[..authority_end].rfind('@') {
            spans.push(from..from + at_sign);
            from += at_sign;
        }
    }
    spans
}

/// Returns `text` with the user info of every URL (`scheme://user:pass@host`) replaced by
/// `<redacted>`, or `None` when no URL in it has user info.
pub fn mask_url_credentials(text: &str) -> Option<String> {
    let spans = credential_spans(text);
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for span in spans {
        out.push_str(&text[last..span.start]);
        out.push_str(MASK);
        last = span.end;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// Returns the user info of every URL in `text`, to tell whether credentials changed
/// between two texts whose masked forms are alike.
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
}
