//! The filters a template kind gets, written here rather than by the callers because the
//! template runs in a child process that knows only its kind: `code` for the Markdown diff
//! comment ([`code_span`]).

/// Returns `text` as an inline code span that no Markdown or table syntax breaks out of.
pub fn code_span(text: &str) -> String {
    let text = text.replace('|', "\\|").replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}
