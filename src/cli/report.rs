//! Rendering errors, the same way for every command (DESIGN §7): the message, the place as
//! `--> file:line:col`, the source line with carets under the value or key at the column (as
//! wide as its span in the file's `yaml::Document`; one caret when the file does not parse),
//! the cause chain, then a hint.

use std::error::Error as _;
use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::context::Context;
use super::error::CliError;
use crate::values::Origin;
use crate::yaml::{Document, Limits};

/// The longest source line shown under an error; longer lines are cut around the column.
const MAX_SNIPPET_CHARS: usize = 120;

/// Returns `text` with control characters (terminal escapes among them: ESC, DEL, the C1
/// range with CSI) made visible as `\u001b`, the way JSON and YAML output writes them.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads line `line` (1-based) of the file an origin names, for the snippet, secrets
/// redacted, and the file's document model when it parses (for the width of the value under
/// the carets). Origins are relative to the workspace root or the current folder; a file
/// that cannot be read just gets no snippet.
fn source_excerpt(ctx: &Context, origin: &Origin) -> Option<(String, Option<Document>)> {
    let path = ctx.cwd.join(&*origin.source);
    let path = if path.is_file() {
        path
    } else {
        let ws = crate::workspace::Workspace::discover(&ctx.cwd).ok()?;
        ws.root().join(&*origin.source)
    };
    let bytes = crate::source::read_regular_file(&path, &origin.source, 4 * 1024 * 1024).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // The line may hold a secret (a syntax error inside `password: "...`, a line of a
    // private key's body): never print it. The lines above say whether it is inside one.
    let wanted = origin.line as usize;
    let lines: Vec<&str> = text
        .lines()
        .take(wanted)
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    if wanted == 0 || lines.len() < wanted {
        return None;
    }
    let doc = Document::parse(&bytes, &origin.source, &Limits::default()).ok();
    let line = crate::secrets::redact_yaml_lines_in(&lines, doc.as_ref()).pop()?;
    Some((line, doc))
}

/// Returns how to mark the value at `origin` under its shown line: carets as wide as the
/// value's span in the file's document model, when the file parses and the line is shown
/// as written (a redacted line must not reveal the secret's length); else `fallback`.
pub fn value_mark(doc: Option<&Document>, origin: &Origin, shown: &str, fallback: Mark) -> Mark {
    doc.filter(|doc| doc.line(origin.line) == Some(shown))
        .and_then(|doc| doc.width_at(origin.line, origin.col))
        .map_or(fallback, Mark::Width)
}

/// How much of the source line to mark under the column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// One caret at the column.
    Caret,
    /// Carets under the whole value starting at the column, as the line alone tells it (see
    /// [`caret_width`]): for a file that does not parse.
    Value,
    /// This many carets: the value's span in the file's document model (see [`value_mark`]).
    Width(usize),
}

/// Writes where something is: `  --> file:line:col`, then, when the source line is known,
/// the line with carets under the column (long lines cut around it, tabs shown as one
/// space so the carets line up). `line` must already have any secret in it redacted.
pub fn write_place(
    out: &mut String,
    origin: &Origin,
    line: Option<&str>,
    mark: Mark,
    blue: Style,
    red: Style,
) {
    out.push_str(&format!(
        "  {blue}-->{blue:#} {}\n",
        escape_controls(&origin.to_string())
    ));
    let Some(line) = line else {
        return;
    };
    let number = origin.line.to_string();
    let pad = " ".repeat(number.len());
    let chars: Vec<char> = line.chars().collect();
    let col = (origin.col as usize).saturating_sub(1);
    let start = col.saturating_sub(MAX_SNIPPET_CHARS / 2).min(chars.len());
    let end = (start + MAX_SNIPPET_CHARS).min(chars.len());
    let shown: String = chars[start..end]
        .iter()
        .map(|&c| if c == '\t' { ' ' } else { c })
        .collect();
    out.push_str(&format!("{pad} {blue}|{blue:#}\n"));
    out.push_str(&format!(
        "{blue}{number} |{blue:#} {}\n",
        escape_controls(&shown)
    ));
    let width = match mark {
        Mark::Caret => 1,
        Mark::Value => caret_width(&chars, col).min(end.saturating_sub(col)).max(1),
        Mark::Width(width) => width.min(end.saturating_sub(col)).max(1),
    };
    out.push_str(&format!(
        "{pad} {blue}|{blue:#} {}{red}{}{red:#}\n",
        " ".repeat(col - start),
        "^".repeat(width)
    ));
}

/// The longest error message printed: a message quoting a huge input (a 100 KB `--set-json`
/// value) is cut, as reliability §1 asks errors to be capped in size.
const MAX_MESSAGE_CHARS: usize = 1000;

/// Returns `message` cut to [`MAX_MESSAGE_CHARS`], saying how much was cut.
fn capped(message: &str) -> String {
    let count = message.chars().count();
    if count <= MAX_MESSAGE_CHARS {
        return message.to_string();
    }
    let kept: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    format!("{kept}… ({} more characters)", count - MAX_MESSAGE_CHARS)
}

/// Prints an error to stderr.
pub fn print_error(ctx: &Context, error: &CliError) {
    let style = |s: Style| if ctx.color_stderr { s } else { Style::new() };
    let red = style(AnsiColor::Red.on_default().bold());
    let blue = style(AnsiColor::Blue.on_default().bold());
    let bold = style(Style::new().bold());
    let mut out = String::new();
    out.push_str(&format!(
        "{red}error{red:#}{bold}: {}{bold:#}\n",
        capped(&escape_controls(&error.to_string()))
    ));
    if let Some(origin) = error.origin().filter(|o| o.has_position()) {
        let (line, mark) = match source_excerpt(ctx, origin) {
            Some((line, doc)) => {
                let mark = value_mark(doc.as_ref(), origin, &line, Mark::Caret);
                (Some(line), mark)
            }
            None => (None, Mark::Caret),
        };
        write_place(&mut out, origin, line.as_deref(), mark, blue, red);
    }
    let mut cause = error.source();
    // `transparent` variants share their inner error's message; skip causes already shown.
    let mut shown = error.to_string();
    while let Some(e) = cause {
        let text = e.to_string();
        if !shown.contains(&text) {
            out.push_str(&format!("  = caused by: {}\n", escape_controls(&text)));
            shown = text;
        }
        cause = e.source();
    }
    if let Some(hint) = error.hint() {
        out.push_str(&format!(
            "  = {bold}hint{bold:#}: {}\n",
            escape_controls(&hint)
        ));
    }
    let _ = std::io::stderr().write_all(out.as_bytes());
}

/// Prints one schema violation to stderr (DESIGN §7): Helm's line, the place that supplied the
/// offending value with the source line and carets under the value, then the schema location
/// and, for a missing key, where it would go or which `null` deleted it; then a blank line.
pub fn print_violation(ctx: &Context, violation: &crate::schema::Violation) {
    let style = |s: Style| if ctx.color_stderr { s } else { Style::new() };
    let red = style(AnsiColor::Red.on_default().bold());
    let blue = style(AnsiColor::Blue.on_default().bold());
    let bold = style(Style::new().bold());
    // A subchart's violation names the subchart (by alias path): a chart aliased twice
    // has one schema checked twice.
    let chart = if violation.chart_path.is_empty() {
        String::new()
    } else {
        format!("subchart {}: ", violation.chart_path.join("."))
    };
    let mut out = format!(
        "{red}error{red:#}{bold}: {chart}{}{bold:#}\n",
        escape_controls(&violation.to_string())
    );
    if let Some(origin) = &violation.origin {
        let excerpt = origin
            .has_position()
            .then(|| source_excerpt(ctx, origin))
            .flatten();
        let (line, mark) = match &excerpt {
            Some((line, doc)) => (
                Some(line.as_str()),
                value_mark(doc.as_ref(), origin, line, Mark::Value),
            ),
            None => (None, Mark::Value),
        };
        write_place(&mut out, origin, line, mark, blue, red);
    }
    out.push_str(&format!(
        "  = schema: {}\n",
        escape_controls(&violation.schema_location)
    ));
    if let Some(note) = violation.note() {
        out.push_str(&format!("  = note: {}\n", escape_controls(&note)));
    }
    // A blank line between diagnostics, as several usually come together.
    out.push('\n');
    let _ = std::io::stderr().write_all(out.as_bytes());
}

/// Prints Helm's summary of schema violations ([`crate::schema::helm_report`]) as an error.
pub fn print_schema_report(ctx: &Context, report: &str) {
    let style = |s: Style| if ctx.color_stderr { s } else { Style::new() };
    let red = style(AnsiColor::Red.on_default().bold());
    let _ = write!(
        std::io::stderr(),
        "{red}error{red:#}: {}",
        escape_controls(report)
    );
}

/// Returns how many characters of the value starting at `col` to underline, from the line
/// alone (for a file that does not parse, or a line with a secret hidden): a quoted scalar
/// to its closing quote, a plain one to the end of the line (before a comment, or before the
/// next `,`, `]` or `}` inside a flow collection), a collection's opening bracket alone.
fn caret_width(line: &[char], col: usize) -> usize {
    let Some(&first) = line.get(col) else {
        return 1;
    };
    match first {
        '"' | '\'' => {
            let mut i = col + 1;
            while i < line.len() {
                if line[i] == '\\' && first == '"' {
                    i += 2;
                    continue;
                }
                if line[i] == first {
                    return i + 1 - col;
                }
                i += 1;
            }
            line.len() - col
        }
        '[' | '{' | '|' | '>' => 1,
        _ => {
            let in_flow = line[..col].iter().any(|c| matches!(c, '[' | '{'));
            let mut end = col;
            while end < line.len() {
                let c = line[end];
                if c == '#' && end > col && line[end - 1].is_whitespace() {
                    break;
                }
                if in_flow && matches!(c, ',' | ']' | '}') {
                    break;
                }
                end += 1;
            }
            while end > col + 1 && line[end - 1].is_whitespace() {
                end -= 1;
            }
            end - col
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_cover_the_value() {
        let rows = [
            ("replicaCount: two", 14, 3),
            ("replicaCount: two  # a comment", 14, 3),
            ("name: \"a b\" # c", 6, 5),
            ("ports: [80, x]", 12, 1),
            ("ports: [80, xy]", 12, 2),
            ("image: {tag: v1}", 13, 2),
            ("list: |", 6, 1),
        ];
        for (line, col, want) in rows {
            let chars: Vec<char> = line.chars().collect();
            assert_eq!(caret_width(&chars, col), want, "{line}");
        }
    }
}
