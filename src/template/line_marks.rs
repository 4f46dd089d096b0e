//! [`LineMarks`]: which line of a template wrote each line of its output, so a value read
//! from a rendered overlay is reported at the template's line (DESIGN §3: provenance reaches
//! through the template).
//!
//! tera does not say which part of a template wrote which output. So before rendering, every
//! line of the template's literal text gets a mark, `\u{E000}<line>\u{E001}`, in front of its
//! first character that is not white space; tags (`{{ }}`, `{% %}`, `{# #}`) are left as
//! they are. The output then carries the marks of the text that wrote it: each output line
//! belongs to the first mark on it, or, when it has none (a line written by an expression
//! alone), to the last mark before it. The marks are removed before the text is parsed.
//!
//! A mark never changes what tera does with white space: `{%-` and `-%}` trim only white
//! space, and a mark sits after the white space that starts a line and before any that ends
//! one. Its characters (private-use code points and digits) are the same in upper and lower
//! case. A template that holds a mark character itself is rendered without marks (every
//! line then belongs to line 1's mark: none), and its values are reported at the rendered
//! text's lines.

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A template with its text lines marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineMarks {
    /// The template with the marks added (the template itself when it could not be marked).
    pub text: String,
    /// Whether marks were added.
    pub marked: bool,
}

impl LineMarks {
    /// Marks the literal text of `template`, line by line.
    pub fn add(template: &str) -> LineMarks {
        if template.contains([OPEN, CLOSE]) {
            return LineMarks {
                text: template.to_string(),
                marked: false,
            };
        }
        let mut out = String::with_capacity(template.len() + template.len() / 8);
        let mut line = 1usize;
        let mut rest = template;
        while !rest.is_empty() {
            let tag_start = next_tag(rest);
            let (text, tail) = rest.split_at(tag_start.unwrap_or(rest.len()));
            mark_text(text, &mut line, &mut out);
            if tag_start.is_none() {
                break;
            }
            let end = tag_end(tail);
            let tag = &tail[..end];
            line += tag.matches('\n').count();
            out.push_str(tag);
            rest = &tail[end..];
        }
        LineMarks {
            text: out,
            marked: true,
        }
    }

    /// Returns the column, 1-based in characters, in the template itself of column `col` of
    /// line `line` of the marked text (the marks before it on that line taken away).
    pub fn template_col(&self, line: usize, col: usize) -> usize {
        if !self.marked {
            return col;
        }
        let Some(text) = self.text.split('\n').nth(line.saturating_sub(1)) else {
            return col;
        };
        let mut in_mark = false;
        let mut marks = 0;
        for c in text.chars().take(col.saturating_sub(1)) {
            if c == OPEN {
                in_mark = true;
            }
            if in_mark {
                marks += 1;
            }
            if c == CLOSE {
                in_mark = false;
            }
        }
        col - marks
    }
}

/// Returns `text` (a template's output, or a message quoting the marked template) without
/// marks, and for each of its lines the template line that wrote it (0 when unknown).
pub fn strip_marks(text: &str) -> (String, Vec<u32>) {
    let mut clean = String::with_capacity(text.len());
    let mut lines: Vec<u32> = Vec::new();
    let mut this_line: Option<u32> = None;
    let mut last: u32 = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == OPEN {
            let mut number = String::new();
            for d in chars.by_ref() {
                if d == CLOSE {
                    break;
                }
                number.push(d);
            }
            last = number.parse().unwrap_or(last);
            this_line.get_or_insert(last);
            continue;
        }
        if c == '\n' {
            lines.push(this_line.take().unwrap_or(last));
        }
        clean.push(c);
    }
    lines.push(this_line.unwrap_or(last));
    (clean, lines)
}

/// Returns where the next tag (`{{`, `{%` or `{#`) of `text` starts.
pub(super) fn next_tag(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(1))
        .find(|&i| bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%' | b'#'))
}

/// Returns the length of the tag `text` starts with, through its closing `}}`, `%}` or
/// `#}` (strings inside `{{ }}` and `{% %}` skipped); the whole text when it is not closed.
pub(super) fn tag_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let close = match bytes[1] {
        b'{' => b'}',
        b'%' => b'%',
        _ => b'#',
    };
    let mut quote: Option<u8> = None;
    let mut i = 2;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if close != b'#' && matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if b == close && bytes.get(i + 1) == Some(&b'}') => return i + 2,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Appends `text` (literal template text starting on `line`) to `out`, with a mark before
/// the first character of each line that is not white space; advances `line`.
fn mark_text(text: &str, line: &mut usize, out: &mut String) {
    let mut pieces = text.split('\n').peekable();
    while let Some(piece) = pieces.next() {
        match piece.find(|c: char| !c.is_whitespace()) {
            Some(at) => {
                out.push_str(&piece[..at]);
                out.push(OPEN);
                out.push_str(&line.to_string());
                out.push(CLOSE);
                out.push_str(&piece[at..]);
            }
            None => out.push_str(piece),
        }
        if pieces.peek().is_some() {
            out.push('\n');
            *line += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, context: serde_json::Value) -> String {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        tera.add_raw_template("t", template).expect("a template");
        tera.render(
            "t",
            &tera::Context::from_serialize(&context).expect("a context"),
        )
        .expect("rendered")
    }

    #[test]
    fn each_output_line_names_the_template_line_that_wrote_it() {
        let template = "# comment\n{% set d = stage.domain %}\nhost: {{ d }}\n{%- if true %}\nhosts:\n{% for h in ['a', 'b'] %}\n  - {{ h }}.{{ d }}\n{% endfor -%}\n{% endif %}\n{{ 'x' }}: 1\n";
        let context = serde_json::json!({"stage": {"domain": "example.com"}});
        let plain = render(template, context.clone());
        let marks = LineMarks::add(template);
        assert!(marks.marked);
        let (clean, lines) = strip_marks(&render(&marks.text, context));
        assert_eq!(clean, plain, "the marks change nothing but themselves");
        let written: Vec<(&str, u32)> = clean.split('\n').zip(lines.iter().copied()).collect();
        assert_eq!(
            written,
            [
                ("# comment", 1),
                ("", 1),
                ("host: example.com", 3),
                ("hosts:", 5),
                ("", 5),
                ("  - a.example.com", 7),
                ("", 7),
                ("  - b.example.com", 7),
                ("", 7),
                ("x: 1", 10),
                ("", 10),
            ]
        );
    }

    #[test]
    fn columns_in_the_marked_text_map_back_to_the_template() {
        let marks = LineMarks::add("a: 1\nb: {{ x | nope }}\n");
        let line = marks.text.split('\n').nth(1).expect("a second line");
        let col = line.chars().position(|c| c == 'x').expect("an x") + 1;
        assert_eq!(marks.template_col(2, col), 7);
        let unmarked = LineMarks::add("a: \u{E000}\n");
        assert!(!unmarked.marked);
        assert_eq!(unmarked.template_col(1, 4), 4);
    }
}
