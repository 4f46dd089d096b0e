//! [`redact_yaml_lines`]: the lines of a YAML (or JSON) file as an error excerpt may show
//! them, with every secret hidden — the source line under an error or a finding.
//!
//! A line alone does not always say whether it holds a secret: the body of a block scalar
//! (`password: |`, then the indented lines), the continuation of a quoted or plain scalar, a
//! PEM private key's base64 lines, the `value` below `- name: DB_PASSWORD`. So the lines are
//! read from the top with a stack of what each line opened (a key whose value is below, a
//! scalar that may go on), by indentation alone: no YAML parser, since the file may be the
//! broken one the error is about. When in doubt the whole line after its indentation is
//! hidden ([`Redacted::Whole`]):
//!
//! - a line inside a scalar of a secret key, or below a secret key at all, shows its key (if
//!   any) and the mark; inside a block scalar, the whole line is the mark;
//! - every line from `-----BEGIN ... PRIVATE KEY-----` to `-----END` is the mark;
//! - in a flow collection (`auth: {user: a, password: X}`), the value of each secret key
//!   and of `value` beside a secret-looking `name` or `key` is hidden;
//! - anything else is read by content ([`classify_text`]): URL and DSN credentials cut
//!   out, a token or private key hidden.
//!
//! When the file parses, [`redact_yaml_lines_in`] first hides the values of secret keys as
//! its [`Document`] places them, whatever the layout (a `? password` key on a line of its
//! own, a key written with escapes, a value on the lines below its key), then reads every
//! line as above. The line reading stays the fallback for a file that does not parse, and
//! the only reader of secrets by content.

use crate::yaml::{ByteSpan, Document, NodeKind, ScalarStyle};

use super::{classify_text, is_secret_key, Redacted, SecretText};

/// What a hidden value or line shows.
const MASK: Redacted = Redacted::Whole;

/// What a line opened, for the lines below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opened {
    /// A key whose value is on the lines below (`auth:`), or a flow collection.
    Node,
    /// A scalar the next, more indented lines may continue: a block scalar (`key: |`), or a
    /// plain or quoted scalar started on the line.
    Scalar,
}

/// A line that opened something: lines indented more than `column` are inside it.
#[derive(Clone, Copy, Debug)]
struct Frame {
    column: usize,
    opened: Opened,
    secret: bool,
}

/// Returns true when `text` starts a PEM private key.
fn begins_private_key(text: &str) -> bool {
    text.match_indices("-----BEGIN ").any(|(at, _)| {
        let rest = &text[at..];
        rest.split(['\n', '\r'])
            .next()
            .unwrap_or(rest)
            .contains("PRIVATE KEY")
    })
}

/// Returns a string value or key as it may be shown: read by content.
fn shown(text: &str) -> String {
    match classify_text(text) {
        SecretText::Plain => text.to_string(),
        SecretText::Masked(masked) => masked,
        SecretText::Secret => MASK.to_string(),
    }
}

/// Returns `text` without the quotes of a quoted scalar.
fn unquoted(text: &str) -> &str {
    let t = text.trim();
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

/// Splits `- - rest` into the list markers (`- - `) and the rest.
fn split_dashes(content: &str) -> (&str, &str) {
    let mut rest = content;
    while let Some(after) = rest
        .strip_prefix("- ")
        .or_else(|| (rest == "-").then_some(""))
    {
        rest = after.trim_start_matches(' ');
    }
    content.split_at(content.len() - rest.len())
}

/// Returns the length of a quoted scalar at the start of `text` (`"a\"b"`, `'it''s'`),
/// or of all of `text` when the quote does not close on it.
fn quoted_len(text: &str) -> usize {
    let mut chars = text.char_indices();
    let Some((_, quote)) = chars.next() else {
        return 0;
    };
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && text[i + 1..].starts_with('\'') {
                chars.next();
                continue;
            }
            return i + 1;
        }
    }
    text.len()
}

/// Splits a block mapping entry `key: value` into the key as written and the text after
/// the `:`; `None` when `text` is not one.
fn split_key(text: &str) -> Option<(&str, &str)> {
    if text.starts_with(['"', '\'']) {
        let len = quoted_len(text);
        let after = &text[len..];
        let rest = after.trim_start_matches(' ').strip_prefix(':')?;
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return None;
        }
        return Some((&text[..len], rest));
    }
    if text.starts_with(['{', '[', '#', '|', '>', '&', '!', '*', '?']) {
        return None;
    }
    let mut from = 0;
    while let Some(at) = text[from..].find(':') {
        let at = from + at;
        let rest = &text[at + 1..];
        if text[..at].contains(" #") {
            return None;
        }
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            return Some((&text[..at], rest));
        }
        from = at + 1;
    }
    None
}

/// Returns true when `value` (the text after a key's `:`, trimmed) starts a block scalar:
/// `|` or `>` with indicators, after an optional tag or anchor, before an optional comment.
fn is_block_header(value: &str) -> bool {
    let mut words = value.split_whitespace();
    let mut word = words.next();
    while word.is_some_and(|w| w.starts_with(['!', '&'])) {
        word = words.next();
    }
    let Some(header) = word else {
        return false;
    };
    let mut chars = header.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c.is_ascii_digit() || matches!(c, '+' | '-'))
        && words.next().is_none_or(|w| w.starts_with('#'))
}

/// Returns true when a flow collection's text holds a `name:` or `key:` entry whose value
/// reads as a secret's name (`{name: DB_PASSWORD, value: x}`).
fn flow_names_a_secret(text: &str) -> bool {
    let mut found = false;
    scan_flow(text, false, false, &mut |key, value| {
        if matches!(key, "name" | "key") && is_secret_key(value) {
            found = true;
        }
    });
    found
}

/// Returns a flow collection's text (`{user: a, password: X}`) with the value of every
/// secret key hidden (every value, when `secret`), keys and other values read by content.
fn redact_flow(text: &str, secret: bool) -> String {
    let env = flow_names_a_secret(text);
    scan_flow(text, secret, env, &mut |_, _| {})
}

/// Walks a flow collection's text, tolerating one cut at the end of the line, and returns
/// it redacted; `pairs` sees each `key: scalar` pair (unquoted).
fn scan_flow(text: &str, secret: bool, env: bool, pairs: &mut dyn FnMut(&str, &str)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // Set after a key's `:`: whether its value is secret, and the key.
    let mut pending: Option<(bool, String)> = None;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().expect("not at the end");
        match c {
            '{' | '[' => {
                if secret || pending.as_ref().is_some_and(|(s, _)| *s) {
                    out.push_str(&MASK.to_string());
                    i += collection_len(rest);
                    pending = None;
                    continue;
                }
                out.push(c);
                pending = None;
            }
            '}' | ']' | ',' => {
                out.push(c);
                pending = None;
            }
            ' ' | '\t' => out.push(c),
            '#' if out.ends_with([' ', '\t']) || out.is_empty() => {
                out.push_str(&shown(rest));
                break;
            }
            _ => {
                let len = if matches!(c, '"' | '\'') {
                    quoted_len(rest)
                } else {
                    plain_len(rest)
                };
                if len == 0 {
                    // A stray `:`; nothing to read as a scalar.
                    out.push(c);
                    i += c.len_utf8();
                    continue;
                }
                let token = &rest[..len];
                let after = rest[len..].trim_start_matches(' ');
                let colon_follows = after.starts_with(':')
                    && (after.len() == 1 || after[1..].starts_with([' ', ',', '}', ']']));
                if pending.is_none() && colon_follows {
                    let key = unquoted(token);
                    let key_secret = secret
                        || is_secret_key(key)
                        || (env && key == "value")
                        || classify_text(key) != SecretText::Plain;
                    out.push_str(&shown(token));
                    out.push_str(&rest[len..len + (rest[len..].len() - after.len())]);
                    out.push(':');
                    i += len + (rest[len..].len() - after.len()) + 1;
                    pending = Some((key_secret, key.to_string()));
                    continue;
                }
                let value_secret = secret || pending.as_ref().is_some_and(|(s, _)| *s);
                if let Some((_, key)) = &pending {
                    pairs(key, unquoted(token));
                }
                if value_secret && !token.trim().is_empty() {
                    out.push_str(&MASK.to_string());
                } else {
                    out.push_str(&shown(token));
                }
                pending = None;
                i += len;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// Returns the length of a plain scalar in a flow collection at the start of `text`: up to
/// `,`, `]`, `}`, a `: ` (or `:` before one of those), or a comment.
fn plain_len(text: &str) -> usize {
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        match c {
            ',' | ']' | '}' => return i,
            '#' if prev == ' ' && i > 0 => return i,
            ':' => {
                let after = &text[i + 1..];
                if after.is_empty() || after.starts_with([' ', ',', ']', '}']) {
                    return i;
                }
            }
            _ => {}
        }
        prev = c;
    }
    text.len()
}

/// Returns the length of the flow collection starting `text` (to its matching bracket, or
/// all of `text` when it does not close on it), quotes respected.
fn collection_len(text: &str) -> usize {
    let mut depth = 0;
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("not at the end");
        match c {
            '"' | '\'' => {
                i += quoted_len(&text[i..]);
                continue;
            }
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    text.len()
}

/// Returns a line as shown when nothing above it makes it secret: a `key: value` entry with
/// the value of a secret key hidden, flow collections read pair by pair, anything read by
/// content.
fn redact_plain_line(prefix: &str, rest: &str, secret: bool, env_value: bool) -> String {
    let out = match split_key(rest) {
        Some((key, after)) => {
            let name = unquoted(key);
            let value = after.trim();
            let key_secret = secret || is_secret_key(name) || (env_value && name == "value") || {
                classify_text(name) != SecretText::Plain
            };
            let shown_key = shown(key);
            if value.is_empty() || is_block_header(value) || (key_secret && value.starts_with('#'))
            {
                format!("{prefix}{shown_key}:{after}")
            } else if key_secret {
                format!("{prefix}{shown_key}: {MASK}")
            } else if value.starts_with(['{', '[']) {
                let lead = &after[..after.len() - after.trim_start().len()];
                format!("{prefix}{shown_key}:{lead}{}", redact_flow(value, false))
            } else {
                let tail = after.trim_start();
                let lead = &after[..after.len() - tail.len()];
                format!("{prefix}{shown_key}:{lead}{}", shown(tail))
            }
        }
        None if rest.starts_with(['{', '[']) => format!("{prefix}{}", redact_flow(rest, secret)),
        None if secret && !rest.is_empty() && !is_block_header(rest) => format!("{prefix}{MASK}"),
        None => format!("{prefix}{}", shown(rest)),
    };
    // Whatever is left (a token in a comment, say) is still read by content.
    match classify_text(&out) {
        SecretText::Plain => out,
        SecretText::Masked(masked) => masked,
        SecretText::Secret => match split_key(rest) {
            Some((key, _)) if classify_text(key) == SecretText::Plain => {
                format!("{prefix}{key}: {MASK}")
            }
            _ => format!("{prefix}{MASK}"),
        },
    }
}

/// Returns the lines of a YAML file as an excerpt may show them, every secret hidden (see
/// the module's documentation). Each line is redacted in the context of the lines above it,
/// so an excerpt of line `n` is `redact_yaml_lines(&lines[..=n])[n]`.
pub fn redact_yaml_lines<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut in_private_key = false;
    // The key column of a map whose `name` or `key` reads as a secret's name.
    let mut env_pair: Option<usize> = None;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.as_ref();
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let body = content.trim_end();
        if body.is_empty() {
            out.push(line.to_string());
            continue;
        }
        if indent == 0 && (body == "---" || body == "...") {
            stack.clear();
            in_private_key = false;
            env_pair = None;
            out.push(line.to_string());
            continue;
        }
        let in_scalar = |stack: &[Frame]| {
            stack
                .last()
                .is_some_and(|f| f.opened == Opened::Scalar && indent > f.column)
        };
        // A comment line outside a scalar says nothing about structure.
        if body.starts_with('#') && !in_scalar(&stack) {
            out.push(redact_plain_line(&line[..indent], content, false, false));
            continue;
        }
        while stack.last().is_some_and(|f| f.column >= indent) {
            stack.pop();
        }
        let begins = begins_private_key(content);
        if let Some(scalar) = stack.last().copied().filter(|f| f.opened == Opened::Scalar) {
            // Inside a scalar: the body of a block, or a continuation line.
            let hide = scalar.secret || in_private_key || begins;
            // Not hidden, the line is still read as if it were an entry, in case it is one.
            out.push(if hide {
                format!("{}{MASK}", &line[..indent])
            } else {
                redact_plain_line(&line[..indent], content, false, false)
            });
            if begins {
                in_private_key = true;
            }
            if content.contains("-----END ") {
                in_private_key = false;
            }
            continue;
        }
        in_private_key = false;
        let parent_secret = stack.iter().any(|f| f.secret);
        let (dashes, rest) = split_dashes(content);
        let key_column = indent + dashes.len();
        if env_pair.is_some_and(|c| key_column < c || (!dashes.is_empty() && key_column == c)) {
            env_pair = None;
        }
        let env_value = env_pair == Some(key_column);
        let prefix = &line[..key_column];
        out.push(redact_plain_line(prefix, rest, parent_secret, env_value));
        let frame = match split_key(rest) {
            Some((key, after)) => {
                let name = unquoted(key);
                let value = after.trim();
                if matches!(name, "name" | "key") && is_secret_key(unquoted(value)) {
                    env_pair = Some(key_column);
                }
                let secret = parent_secret
                    || is_secret_key(name)
                    || (env_value && name == "value")
                    || classify_text(name) != SecretText::Plain
                    || begins;
                let opened = if value.is_empty() || value.starts_with(['#', '{', '[']) {
                    // Its value is on the lines below, or a flow collection that may go on.
                    Opened::Node
                } else {
                    Opened::Scalar
                };
                Frame {
                    column: key_column,
                    opened,
                    secret,
                }
            }
            // A list item or a bare scalar: what continues it is indented past its dash.
            None => Frame {
                column: indent + dashes.len().saturating_sub(2),
                opened: if rest.is_empty() || rest.starts_with(['{', '[']) {
                    Opened::Node
                } else {
                    Opened::Scalar
                },
                secret: parent_secret || begins,
            },
        };
        if begins {
            in_private_key = true;
        }
        stack.push(frame);
    }
    out
}

/// Returns the lines of a YAML file as an excerpt may show them, like
/// [`redact_yaml_lines`], with the values of secret keys hidden first where `doc` (the same
/// file's document model, if it parses) places them. `lines` are the file's lines without
/// line breaks or byte order mark; a line that does not match the document's is left to the
/// line reading.
pub fn redact_yaml_lines_in<S: AsRef<str>>(lines: &[S], doc: Option<&Document>) -> Vec<String> {
    let Some(doc) = doc else {
        return redact_yaml_lines(lines);
    };
    // (line index, character range) to hide, per line.
    let mut hidden: Vec<Vec<(usize, usize)>> = vec![Vec::new(); lines.len()];
    for span in secret_value_spans(doc) {
        let (first, first_col) = doc.line_col(span.start);
        let (last, last_col) = doc.line_col(span.end);
        for number in first..=last {
            let index = number as usize - 1;
            let (Some(text), Some(shown)) = (doc.line(number), lines.get(index)) else {
                continue;
            };
            if text != shown.as_ref() {
                continue;
            }
            let indent = text.chars().take_while(|c| *c == ' ').count();
            let from = if number == first {
                (first_col as usize - 1).max(indent)
            } else {
                indent
            };
            let to = if number == last {
                last_col as usize - 1
            } else {
                text.chars().count()
            };
            if from < to {
                hidden[index].push((from, to));
            }
        }
    }
    let masked: Vec<String> = lines
        .iter()
        .zip(hidden)
        .map(|(line, mut ranges)| {
            let line = line.as_ref();
            if ranges.is_empty() {
                return line.to_string();
            }
            ranges.sort_unstable();
            let chars: Vec<char> = line.chars().collect();
            let mut out = String::with_capacity(line.len());
            let mut at = 0;
            for (from, to) in ranges {
                if from < at {
                    continue;
                }
                out.extend(&chars[at..from.min(chars.len())]);
                out.push_str(&MASK.to_string());
                at = to.min(chars.len());
            }
            out.extend(&chars[at..]);
            out
        })
        .collect();
    redact_yaml_lines(&masked)
}

/// Returns the spans of every non-empty scalar in the value of a secret key of `doc` (or of
/// `value` beside a `name` or `key` that reads as a secret's name), in document order.
fn secret_value_spans(doc: &Document) -> Vec<ByteSpan> {
    let mut secret_values = Vec::new();
    for (_, node) in doc.nodes() {
        let NodeKind::Map { entries, .. } = &node.kind else {
            continue;
        };
        let names_secret = entries.iter().any(|e| {
            matches!(doc.key_name(e.key).as_deref(), Some("name" | "key"))
                && matches!(&doc.node(e.value).kind,
                    NodeKind::Scalar { text, .. } if is_secret_key(text))
        });
        for entry in entries {
            let Some(key) = doc.key_name(entry.key) else {
                continue;
            };
            if is_secret_key(&key) || (names_secret && key == "value") {
                secret_values.push(entry.value);
            }
        }
    }
    let mut spans = Vec::new();
    let mut stack = secret_values;
    while let Some(id) = stack.pop() {
        let node = doc.node(id);
        match &node.kind {
            // A block scalar's header (`|`) stays, as the lines alone show it.
            NodeKind::Scalar {
                style: ScalarStyle::Literal | ScalarStyle::Folded,
                ..
            } => {
                let (header_line, _) = doc.line_col(node.body.start);
                if let Some(start) = doc.offset_of(header_line + 1, 1) {
                    spans.push(ByteSpan::new(start.min(node.body.end), node.body.end));
                }
            }
            NodeKind::Scalar { .. } if !node.body.is_empty() => spans.push(node.body),
            NodeKind::Map { entries, .. } => stack.extend(entries.iter().map(|e| e.value)),
            NodeKind::List { items, .. } => stack.extend(items.iter().map(|i| i.value)),
            _ => {}
        }
    }
    spans.sort_unstable_by_key(|s| s.start);
    spans.dedup();
    spans
}

/// Returns a source line with everything from column `col` on hidden, except a key written
/// there (`  pin: 1234` at the key keeps `  pin: ` and hides the rest): the line of a secret value, which
/// the rules of the release (a `secrets:` path, a `writeOnly` property) know but the line
/// alone does not tell.
pub fn hide_value_from(line: &str, col: u32) -> String {
    let start = line
        .char_indices()
        .nth((col as usize).saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let (head, tail) = line.split_at(start);
    // A key at the column is kept; anything else after it (a flow mapping's other pairs
    // included) is hidden.
    let key = tail
        .find(':')
        .filter(|&colon| !tail[..colon].contains([' ', ',', '{', '[', '\t']))
        .filter(|&colon| tail[colon + 1..].is_empty() || tail[colon + 1..].starts_with(' '));
    match key {
        Some(colon) => format!("{head}{}: {MASK}", &tail[..colon]),
        None => format!("{head}{MASK}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_the_value_and_keeps_a_key_at_the_column() {
        let rows = [
            ("  pin: 1234", 3, "  pin: <redacted>"),
            ("  pin: 1234", 8, "  pin: <redacted>"),
            ("extra: {pin: 0777, wo: x}", 14, "extra: {pin: <redacted>"),
            ("extra: {pin: 0777, wo: x}", 9, "extra: {pin: <redacted>"),
            ("- \"https://a:b@h\"", 3, "- <redacted>"),
        ];
        for (line, col, expected) in rows {
            assert_eq!(hide_value_from(line, col), expected, "{line} at {col}");
        }
    }

    /// Redacts `text` with its document model and returns it joined again.
    fn redact_parsed(text: &str) -> String {
        let doc = Document::parse(text.as_bytes(), &"v.yaml".into(), &Default::default())
            .expect("test YAML parses");
        let lines: Vec<&str> = text.lines().collect();
        redact_yaml_lines_in(&lines, Some(&doc)).join("\n")
    }

    #[test]
    fn the_document_model_finds_secret_values_the_lines_alone_do_not() {
        let rows = [
            // A complex key: the value is on the next line.
            ("? password\n: hunter2\n", "? password\n: <redacted>"),
            // A key written with an escape.
            (
                "\"pass\\x77ord\": hunter2\n",
                "\"pass\\x77ord\": <redacted>",
            ),
            // A value on the line below its key, after a comment.
            (
                "token: # set by CI\n  abc.def\nother: x\n",
                "token: # set by CI\n  <redacted>\nother: x",
            ),
            // Read as the lines alone read them: nothing changes.
            (
                "auth:\n  password: |\n    line1\n  user: me\n",
                "auth:\n  password: |\n    <redacted>\n  user: me",
            ),
            (
                "env:\n- {name: DB_PASSWORD,\n   value: x}\n",
                "env:\n- {name: DB_PASSWORD,\n   value: <redacted>}",
            ),
        ];
        for (text, want) in rows {
            assert_eq!(redact_parsed(text), want, "{text:?}");
        }
        // Without a model, the complex key's value shows: the reason for the model.
        let lines = ["? password", ": hunter2"];
        assert_eq!(redact_yaml_lines(&lines)[1], ": hunter2");
    }

    /// Redacts `text` (lines) and returns it joined again.
    fn redact(text: &str) -> String {
        let lines: Vec<&str> = text.lines().collect();
        redact_yaml_lines(&lines).join("\n")
    }

    #[test]
    fn hides_secrets_on_one_line() {
        let rows = [
            ("  password: hunter2", "  password: <redacted>"),
            ("  password: \"hunter2", "  password: <redacted>"),
            ("- apiKey: abc", "- apiKey: <redacted>"),
            ("  DB_PASS: abc # old one", "  DB_PASS: <redacted>"),
            ("  auth:", "  auth:"),
            ("  image: nginx", "  image: nginx"),
            ("password:", "password:"),
            ("password: |", "password: |"),
            (
                "  url: https://u:p@host/db",
                "  url: https://<redacted>@host/db",
            ),
            ("  - https://u:p@host/db", "  - https://<redacted>@host/db"),
            ("  dsn: app:pw@tcp(db)/x", "  dsn: app:<redacted>@tcp(db)/x"),
            (
                "  auth: {password: X, user: y}",
                "  auth: {password: <redacted>, user: y}",
            ),
            (
                "auth: {user: y, \"password\": \"X, Y\", nested: {token: Z}}",
                "auth: {user: y, \"password\": <redacted>, nested: {token: <redacted>}}",
            ),
            (
                "creds: {tokens: [a, b], n: 1}",
                "creds: {tokens: <redacted>, n: 1}",
            ),
            (
                "  - {name: DB_PASSWORD, value: X}",
                "  - {name: DB_PASSWORD, value: <redacted>}",
            ),
            (
                "env: [{value: X, key: MYSQL_PWD}, {name: MODE, value: prod}]",
                "env: [{value: <redacted>, key: MYSQL_PWD}, {name: MODE, value: <redacted>}]",
            ),
            ("auth: {password: X", "auth: {password: <redacted>"),
            ("  \"password\": \"X\",", "  \"password\": <redacted>"),
            (
                "  eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl: 1",
                "  <redacted>: <redacted>",
            ),
            (
                "  header: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2ln",
                "  header: <redacted>",
            ),
            (
                "  note: x # eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2ln",
                "  note: <redacted>",
            ),
        ];
        for (line, expected) in rows {
            assert_eq!(redact_yaml_lines(&[line]), [expected], "{line}");
        }
    }

    #[test]
    fn hides_lines_a_secret_above_them_covers() {
        let rows = [
            (
                "block scalar of a secret key",
                "auth:\n  password: |\n    hunter2\n\n    more\n  user: app\n",
                "auth:\n  password: |\n    <redacted>\n\n    <redacted>\n  user: app",
            ),
            (
                "folded, with indicators, in a list",
                "- token: >-\n    abc\n    def\n- name: x\n",
                "- token: >-\n    <redacted>\n    <redacted>\n- name: x",
            ),
            (
                "a PEM body under any key",
                "tls:\n  key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n    -----END RSA PRIVATE KEY-----\n  cert: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n",
                "tls:\n  key: |\n    <redacted>\n    <redacted>\n    <redacted>\n  cert: |\n    -----BEGIN CERTIFICATE-----\n    MIIB",
            ),
            (
                "a quoted scalar going on",
                "password: \"abc\n  def\"\nnext: 1\n",
                "password: <redacted>\n  <redacted>\nnext: 1",
            ),
            (
                "a plain scalar on the next line",
                "apiKey:\n  hunter2\nother: 1\n",
                "apiKey:\n  <redacted>\nother: 1",
            ),
            (
                "a map under a secret key",
                "secrets:\n  db: x\n  nested:\n    - y\nport: 1\n",
                "secrets:\n  db: <redacted>\n  nested:\n    - <redacted>\nport: 1",
            ),
            (
                "a block env pair",
                "env:\n  - name: DB_PASSWORD\n    value: X\n  - name: MODE\n    value: prod\n",
                "env:\n  - name: DB_PASSWORD\n    value: <redacted>\n  - name: MODE\n    value: prod",
            ),
            (
                "a multi-line flow map",
                "auth: {\n  password: X,\n  user: y\n}\n",
                "auth: {\n  password: <redacted>\n  user: y\n}",
            ),
            (
                "a list item's block scalar",
                "tokens:\n  - |\n    abc\nargs:\n  - |\n    --verbose\n",
                "tokens:\n  - |\n    <redacted>\nargs:\n  - |\n    --verbose",
            ),
            (
                "a comment inside and outside",
                "password: |\n  # not a comment\n# a comment: fine\nx: 1\n",
                "password: |\n  <redacted>\n# a comment: fine\nx: 1",
            ),
            (
                "an entry below an empty list item",
                "-\n  password: x\n-\n  - token\n",
                "-\n  password: <redacted>\n-\n  - token",
            ),
            (
                "an entry where a scalar could go on",
                "note: a\n  password: x\n",
                "note: a\n  password: <redacted>",
            ),
            (
                "siblings of a list item's secret are shown",
                "- password: a\n  user: b\n",
                "- password: <redacted>\n  user: b",
            ),
        ];
        for (description, text, expected) in rows {
            assert_eq!(redact(text), expected, "{description}");
        }
    }
}
