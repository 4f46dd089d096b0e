//! [`through_top_level_entry`]: how much of a YAML file a reader needs to see its first lines
//! exactly as the whole file's reading places them.
//!
//! In block style a line that starts in the first column with anything but a blank or a
//! comment begins a new top-level entry (a key, a `- ` item, a document marker): every
//! block above it is closed there. A document model of the text before that line is the
//! whole file's model cut there, node for node, for every line above it. Showing a few
//! lines of a 50 MB file (findings, each with its source line) then needs a model of the
//! entries that hold them, not of the whole file, which takes some fifteen times its size.
//! A text that is not so closed (a flow collection or quoted string running across the
//! line) reads differently or not at all when cut; the caller reads the whole text then.

/// Returns the length of the start of `text` that holds line `line` (1-based) and the rest
/// of the top-level entry it belongs to: up to the first line after it that starts in the
/// first column with anything but a blank or `#`, or the whole text. Lines end in `\n`
/// (a `\r` before it is part of the line); a text with a lone `\r` line break is returned
/// whole, since its lines are not those.
pub fn through_top_level_entry(text: &str, line: u32) -> usize {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .enumerate()
        .any(|(i, b)| *b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
    {
        return text.len();
    }
    let mut number = 1u32;
    let mut start = 0;
    while start < bytes.len() {
        if number > line && !matches!(bytes[start], b' ' | b'\t' | b'#' | b'\r' | b'\n') {
            return start;
        }
        match bytes[start..].iter().position(|b| *b == b'\n') {
            Some(at) => start += at + 1,
            None => break,
        }
        number += 1;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_before_the_next_top_level_entry_after_the_line() {
        let text = "a:\n  b: 1\n\n  # note\n  c: 2\nd: 3\n- e\n";
        let cut = |line| &text[..through_top_level_entry(text, line)];
        assert_eq!(cut(1), "a:\n  b: 1\n\n  # note\n  c: 2\n");
        assert_eq!(cut(2), "a:\n  b: 1\n\n  # note\n  c: 2\n");
        assert_eq!(cut(5), "a:\n  b: 1\n\n  # note\n  c: 2\n");
        assert_eq!(cut(6), "a:\n  b: 1\n\n  # note\n  c: 2\nd: 3\n");
        assert_eq!(cut(7), text);
        assert_eq!(cut(99), text);
    }

    #[test]
    fn a_comment_or_blank_line_in_the_first_column_does_not_end_an_entry() {
        let text = "a:\n# x\n\n\tb\n  c: 1\nd: 2\n";
        assert_eq!(
            through_top_level_entry(text, 1),
            "a:\n# x\n\n\tb\n  c: 1\n".len()
        );
    }

    #[test]
    fn keeps_carriage_returns_with_their_lines_and_a_lone_one_keeps_the_whole_text() {
        let text = "a:\r\n  b: 1\r\nc: 2\r\n";
        assert_eq!(through_top_level_entry(text, 2), "a:\r\n  b: 1\r\n".len());
        let old_mac = "a:\r  b: 1\rc: 2\r";
        assert_eq!(through_top_level_entry(old_mac, 1), old_mac.len());
    }
}
