//! [`commented_keys`]: the keys a chart documents as commented-out YAML in its
//! `values.yaml`, such as `# maxUnavailable: 1` under `podDisruptionBudget:`.
//!
//! The scan reads lines, not YAML events, and stays on the safe side:
//! - the real lines (not comments) give the structure: each `key:` line's indentation, and
//!   whether it holds a value on the same line (a scalar, which has no keys below it), opens
//!   a block scalar (`|`, `>`: its lines are text, not comments), or opens a block below;
//!   list items (`- `) open lists, inside which nothing counts (lists are values);
//! - a comment's parent is the innermost real key the comment is indented under; the
//!   comment counts only when that key opens a block, and the `#` sits where the block's
//!   own keys sit (or, when the block has no real keys, deeper than the parent);
//! - a run of comment lines at the same column is one block of commented YAML: inside it,
//!   the indentation after the `#` nests keys (`#   limits:` under `# resources:`), and
//!   `- ` items open lists as in real YAML;
//! - only lines that look like a YAML key count: `key:` followed by nothing, or by one
//!   value (a quoted string, a flow collection, or one word; prose like
//!   `# Note: this is set` has several), the key being one word of letters, digits, `_`,
//!   `-`, `.` or `/` (or quoted), neither capitalised (`Note:`, `Example:`) nor a label of
//!   documentation (`ref:`, `eg:`). A comment line within commented YAML (`#   # text`) is
//!   skipped;
//! - what cannot be placed is left out: a block whose keys sit two spaces or more after the
//!   `#` (`#  name:` is indented under the line before it, by one convention or another),
//!   a Kubernetes object shown as an example (`apiVersion:` and `kind:`), and the comments
//!   right under `key: {}` or `key: []` at its column, up to an empty comment line or prose
//!   (they show that free-form default's content, not its siblings).

/// A key documented in a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentedKey {
    /// The key's path in the values, outermost first.
    pub path: Vec<String>,
    /// The 1-based line of the comment.
    pub line: u32,
}

/// Words that label documentation in comments (`## ref: https://...`, `# eg:`), never
/// taken for keys.
const PROSE_LABELS: &[&str] = &[
    "ref",
    "refs",
    "reference",
    "see",
    "eg",
    "e.g",
    "e.g.",
    "ie",
    "i.e",
    "i.e.",
    "note",
    "notes",
    "example",
    "examples",
    "todo",
    "fixme",
    "warning",
    "info",
    "docs",
    "doc",
    "link",
];

/// Longest key name taken from a comment.
const MAX_KEY_CHARS: usize = 128;

/// What a real line of the file is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Real {
    /// `key:` with nothing after it: a block follows (or null).
    Opens(String),
    /// `key: value` (or a key with a block scalar).
    Scalar,
    /// `key: {}` or `key: []`: a free-form default, whose content comments often show.
    Empty,
    /// `- ...`: a list item.
    Item,
    /// Anything else (a continuation, a flow collection's line).
    Other,
}

#[derive(Clone, Debug)]
enum Line<'a> {
    Blank,
    /// A comment: the column of its `#` and the text after the `#`s.
    Comment(usize, &'a str),
    Real(usize, Real),
}

/// One open level of real or commented YAML.
#[derive(Clone, Debug)]
struct Level {
    indent: usize,
    /// The key; `None` for a list item or a key with a scalar.
    key: Option<String>,
    /// True for a list item.
    list: bool,
}

/// Returns the keys documented as commented-out YAML in a values file's text.
pub fn commented_keys(text: &str) -> Vec<CommentedKey> {
    let lines = classify(text);
    // The next real line at or after each line (found once, so the scan stays linear).
    let mut next_real: Vec<Option<(usize, Real)>> = vec![None; lines.len() + 1];
    for (i, line) in lines.iter().enumerate().rev() {
        next_real[i] = match line {
            Line::Real(indent, real) => Some((*indent, real.clone())),
            _ => next_real[i + 1].clone(),
        };
    }
    let mut found = Vec::new();
    let mut stack: Vec<Level> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match &lines[i] {
            Line::Blank => i += 1,
            Line::Real(indent, real) => {
                let indent = *indent;
                while stack.last().is_some_and(|l| l.indent >= indent) {
                    stack.pop();
                }
                let key = match real {
                    Real::Opens(key) => Some(key.clone()),
                    Real::Other => {
                        i += 1;
                        continue;
                    }
                    Real::Scalar | Real::Empty | Real::Item => None,
                };
                stack.push(Level {
                    indent,
                    key,
                    list: *real == Real::Item,
                });
                i += 1;
            }
            Line::Comment(column, _) => {
                let column = *column;
                let start = i;
                while let Some(Line::Comment(c, _)) = lines.get(i) {
                    if *c != column {
                        break;
                    }
                    i += 1;
                }
                let Some(parent) = parent_at(&stack, column, next_real[i].as_ref()) else {
                    continue;
                };
                let mut block: Vec<(u32, &str)> = lines[start..i]
                    .iter()
                    .enumerate()
                    .filter_map(|(offset, line)| match line {
                        Line::Comment(_, text) => Some(((start + offset + 1) as u32, *text)),
                        _ => None,
                    })
                    .collect();
                // Right under `resources: {}`, at its column, comments show its content (not
                // siblings) up to an empty comment line or prose.
                let under_empty = start > 0
                    && matches!(&lines[start - 1], Line::Real(indent, Real::Empty) if *indent == column);
                if under_empty {
                    let content = block
                        .iter()
                        .position(|(_, text)| ends_content(text))
                        .unwrap_or(block.len());
                    block.drain(..content);
                }
                commented_block(&parent, &block, &mut found);
            }
        }
    }
    found
}

/// Returns the path of the block a comment at `column` belongs to, given the open real
/// levels and the first real line after the comment block; `None` when it belongs to none
/// (under a scalar, inside a list, or at a column the block's keys do not use).
fn parent_at(stack: &[Level], column: usize, next: Option<&(usize, Real)>) -> Option<Vec<String>> {
    let depth = stack.iter().take_while(|l| l.indent < column).count();
    let open = &stack[..depth];
    let mut path = Vec::new();
    for level in open {
        path.push(level.key.clone()?);
    }
    let parent_indent = open.last().map(|l| l.indent);
    // Where the block's real keys sit: a key of the block seen before the comment, else the
    // next real line when it is deeper than the parent (the block's first key). A block
    // with no real keys takes any column deeper than its parent.
    if let Some(sibling) = stack.get(depth) {
        return (sibling.indent == column && !sibling.list).then_some(path);
    }
    match next {
        Some((indent, real)) if parent_indent.is_none_or(|p| *indent > p) => {
            (*indent == column && *real != Real::Item).then_some(path)
        }
        _ => Some(path),
    }
}

/// Adds the keys of one block of comment lines (line number, text after the `#`s) under
/// `parent`. Prose lines leave the nesting as it is.
fn commented_block(parent: &[String], block: &[(u32, &str)], found: &mut Vec<CommentedKey>) {
    // `#  name:` (two spaces or more) is indented under the real line before it, by one
    // convention or another: too uncertain to place.
    let base = block
        .iter()
        .filter_map(|(_, text)| {
            let content = text.trim_start_matches(' ');
            let yaml = content == "-" || content.starts_with("- ") || key_line(content).is_some();
            yaml.then(|| text.len() - content.len())
        })
        .min();
    if base.is_none_or(|b| b > 1) {
        return;
    }
    // A Kubernetes object shown as an example is not values.
    let keys: Vec<String> = block
        .iter()
        .filter_map(|(_, text)| key_line(text.trim_start_matches(' ')).map(|(k, _)| k))
        .collect();
    if keys.iter().any(|k| k == "apiVersion") && keys.iter().any(|k| k == "kind") {
        return;
    }
    let mut stack: Vec<Level> = Vec::new();
    for (line, text) in block {
        let indent = text.len() - text.trim_start_matches(' ').len();
        let content = &text[indent..];
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let item = content == "-" || content.starts_with("- ");
        let key = if item { None } else { key_line(content) };
        if !item && key.is_none() {
            continue;
        }
        while stack.last().is_some_and(|l| l.indent >= indent) {
            stack.pop();
        }
        let Some((key, value)) = key else {
            stack.push(Level {
                indent,
                key: None,
                list: true,
            });
            continue;
        };
        let inside: Option<Vec<String>> = stack.iter().map(|l| l.key.clone()).collect();
        let Some(inside) = inside else {
            continue;
        };
        let mut path = parent.to_vec();
        path.extend(inside);
        path.push(key.clone());
        found.push(CommentedKey { path, line: *line });
        stack.push(Level {
            indent,
            key: value.is_empty().then_some(key),
            list: false,
        });
    }
}

/// Returns true when a comment line (the text after the `#`s) is empty or prose.
fn ends_content(text: &str) -> bool {
    let content = text.trim();
    content.is_empty()
        || !(content == "-"
            || content.starts_with("- ")
            || content.starts_with('#')
            || key_line(content).is_some())
}

/// Splits a line that looks like a YAML key (`key:`, `key: value`) into the key and the
/// value; `None` for prose.
fn key_line(content: &str) -> Option<(String, &str)> {
    let (key, rest) = if let Some(quote @ ('"' | '\'')) = content.chars().next() {
        let end = content[1..].find(quote)? + 1;
        (content[1..end].to_string(), &content[end + 1..])
    } else {
        let colon = content.find(':')?;
        let key = &content[..colon];
        let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/');
        if key.is_empty() || !key.chars().all(word) {
            return None;
        }
        (key.to_string(), &content[colon..])
    };
    // A capitalised word (`Note:`, `Ref:`, `Example:`) is prose; values keys are camelCase
    // or upper case (`TZ:`). So are the labels of documentation (`ref:`, `eg:`).
    let mut chars = key.chars();
    let capitalised = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if key.is_empty()
        || key.chars().count() > MAX_KEY_CHARS
        || capitalised
        || PROSE_LABELS.contains(&key.to_ascii_lowercase().as_str())
    {
        return None;
    }
    let rest = rest.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let value = strip_comment(rest.trim());
    let one_value = value.is_empty()
        || value.starts_with(['"', '\'', '{', '['])
        || !value.contains(char::is_whitespace);
    one_value.then_some((key, value))
}

/// Removes a trailing ` # comment` from a value.
fn strip_comment(value: &str) -> &str {
    match value.find(" #") {
        Some(at) if !value.starts_with(['"', '\'']) => value[..at].trim_end(),
        _ => value,
    }
}

/// Sorts each line of the text into blank, comment or real, with the state real lines
/// need: block scalars' lines are neither comments nor keys.
fn classify(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Vec::new();
    // The indentation a block scalar's lines are deeper than, while inside one.
    let mut block_scalar: Option<usize> = None;
    for raw in text.lines() {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let content = raw[indent..].trim_end();
        if content.is_empty() {
            lines.push(Line::Blank);
            continue;
        }
        if let Some(limit) = block_scalar {
            if indent > limit {
                lines.push(Line::Real(indent, Real::Other));
                continue;
            }
            block_scalar = None;
        }
        if let Some(comment) = content.strip_prefix('#') {
            lines.push(Line::Comment(indent, comment.trim_start_matches('#')));
            continue;
        }
        if content == "---" || content.starts_with("--- ") {
            lines.push(Line::Real(0, Real::Other));
            continue;
        }
        if content == "-" || content.starts_with("- ") {
            let rest = content[1..].trim_start();
            let value = split_key(rest).map_or(rest, |(_, value)| value);
            if value.starts_with(['|', '>']) {
                block_scalar = Some(indent);
            }
            lines.push(Line::Real(indent, Real::Item));
            continue;
        }
        let real = match split_key(content) {
            Some((key, value)) if value.is_empty() || value.starts_with('#') => Real::Opens(key),
            Some((_, value)) if matches!(strip_comment(value), "{}" | "[]") => Real::Empty,
            Some((_, value)) => {
                if value.starts_with(['|', '>']) {
                    block_scalar = Some(indent);
                }
                Real::Scalar
            }
            None => Real::Other,
        };
        lines.push(Line::Real(indent, real));
    }
    lines
}

/// Splits a real `key: value` line into the key (unquoted) and the value (after `: `,
/// trimmed); `None` when the line is not a key.
fn split_key(content: &str) -> Option<(String, &str)> {
    let mut quote: Option<char> = None;
    for (at, c) in content.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if at == 0 && (c == '"' || c == '\'') => quote = Some(c),
            None if c == '{' || c == '[' || c == '#' => return None,
            None if c == ':' => {
                let rest = &content[at + 1..];
                if rest.is_empty() || rest.starts_with(' ') {
                    let key = content[..at].trim().trim_matches(['"', '\'']);
                    return Some((key.to_string(), rest.trim()));
                }
            }
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        commented_keys(text)
            .into_iter()
            .map(|k| format!("{}@{}", k.path.join("."), k.line))
            .collect()
    }

    /// One row per rule: the values.yaml text and the keys its comments document.
    #[test]
    fn finds_commented_keys_at_the_right_nesting() {
        let rows: &[(&str, &str, &[&str])] = &[
            (
                "a key under its block, after prose",
                "pdb:\n  enabled: false\n  # Uncomment one of the following\n  # maxUnavailable: \"50%\"\n  # minAvailable: 1\n  policy: x\n",
                &["pdb.maxUnavailable@4", "pdb.minAvailable@5"],
            ),
            (
                "a commented block nests by the indentation after the #",
                "# resources:\n#   limits:\n#     cpu: 100m\n#   requests: {}\nreplicas: 1\n",
                &[
                    "resources@1",
                    "resources.limits@2",
                    "resources.limits.cpu@3",
                    "resources.requests@4",
                ],
            ),
            (
                "a comment before the block's first key",
                "a:\n  # b: 1\n  c: 2\n",
                &["a.b@2"],
            ),
            (
                "a block with no real keys",
                "ingress:\n  # tls: secret\n",
                &["ingress.tls@2"],
            ),
            (
                "a block indented under the line before it",
                "sa:\n  create: true\n#  name: x\n#  annotations: {}\n",
                &[],
            ),
            (
                "prose is not a key",
                "a:\n  # Ref: https://example.com\n  # Note: this is prose\n  # See https://example.com\n  # e.g. x\n  b: 1\n",
                &[],
            ),
            (
                "a column the block's keys do not use",
                "a:\n  b: 1\n    # c: 2\n      # d: 3\n",
                &[],
            ),
            (
                "under a scalar",
                "a: 1\n  # b: 2\n",
                &[],
            ),
            (
                "inside a list, real or commented",
                "l:\n  - name: x\n    # port: 1\n# hosts:\n# - host: a\n#   paths: []\n",
                &["hosts@4"],
            ),
            (
                "the content of an empty default, not siblings",
                "a:\n  resources: {}\n  # limits:\n  #   cpu: 1\n\n  # b: 1\n  hosts: []\n  # - host: x\n  #\n  # TLS secret(s)\n  # tls: y\n",
                &["a.b@6", "a.tls@11"],
            ),
            (
                "labels of documentation",
                "a:\n  ## ref: https://example.com\n  # eg: x\n  b: 1\n",
                &[],
            ),
            (
                "a Kubernetes object as an example",
                "# apiVersion: v1\n# kind: Secret\n# metadata:\n#   name: x\nb: 1\n",
                &[],
            ),
            (
                "in a list's block",
                "args:\n  - a\n  # - b\n  # c: 1\n",
                &[],
            ),
            ("after a byte order mark", "\u{feff}# a: 1\nb: 2\n", &["a@1"]),
            (
                "a block scalar's lines are text",
                "script: |\n  # not: a key\n  echo\n# after: 1\n",
                &["after@4"],
            ),
            (
                "a comment inside commented YAML",
                "# a:\n#   # b: 1\n#   c: 2\n",
                &["a@1", "a.c@3"],
            ),
            (
                "a key back at the top after a nested block",
                "x:\n  y:\n    z: 1\n  # w: 2\n# v: 3\n",
                &["x.w@4", "v@5"],
            ),
        ];
        for (rule, text, expected) in rows {
            assert_eq!(keys(text), *expected, "{rule}");
        }
    }
}
