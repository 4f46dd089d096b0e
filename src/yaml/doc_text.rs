//! [`DocText`]: the text of a YAML document and the scans the document model needs to place
//! what the parser's markers do not: where a quoted scalar ends, where a block scalar's
//! header is, where a comment is, and which byte a character index or a line is at.
//!
//! saphyr-parser's start markers are reliable, its end markers are not for every token (a
//! quoted scalar's end runs past a comment after it; a block scalar's runs over its trailing
//! blank lines, and its start skips the `|` header), and `Marker::index()` counts characters,
//! not bytes. Everything here works in byte offsets of the text without its byte order mark.

/// The text of a document with what is needed to turn parser markers into byte offsets.
pub(crate) struct DocText<'a> {
    pub text: &'a str,
    /// (character index, bytes beyond one) of every non-ASCII character, in order: the byte
    /// offset of character `i` is `i` plus the extra bytes of the characters before it.
    wide: Vec<(usize, usize)>,
}

impl<'a> DocText<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut wide = Vec::new();
        let mut extra = 0;
        for (index, c) in text.chars().enumerate() {
            if !c.is_ascii() {
                extra += c.len_utf8() - 1;
                wide.push((index, extra));
            }
        }
        DocText { text, wide }
    }

    /// Returns the byte offset of the character with index `char_index` (clamped to the end).
    pub fn byte_of_char(&self, char_index: usize) -> usize {
        let before = self.wide.partition_point(|&(i, _)| i < char_index);
        let extra = before.checked_sub(1).map_or(0, |i| self.wide[i].1);
        (char_index + extra).min(self.text.len())
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// Returns the offset past the node properties (`&anchor`, `!tag`) at `at`, and past
    /// the whitespace, line breaks and comments after them; `at` when there are none.
    pub fn skip_properties(&self, mut at: usize) -> usize {
        while matches!(self.byte(at), Some(b'&' | b'!')) {
            while self
                .byte(at)
                .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                at += 1;
            }
            at = self.skip_blanks_and_comments(at);
        }
        at
    }

    /// Returns the end of the node properties at `at` that stand on its line (`&a !!str`),
    /// or `at` when there are none.
    pub fn properties_end(&self, mut at: usize) -> usize {
        let mut end = at;
        while matches!(self.byte(at), Some(b'&' | b'!')) {
            while self
                .byte(at)
                .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                at += 1;
            }
            end = at;
            while matches!(self.byte(at), Some(b' ' | b'\t')) {
                at += 1;
            }
        }
        end
    }

    /// Returns the offset of the next character at or after `at` that is not a space, tab,
    /// line break or part of a comment.
    pub fn skip_blanks_and_comments(&self, mut at: usize) -> usize {
        loop {
            match self.byte(at) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => at += 1,
                Some(b'#') => at = self.line_end(at),
                _ => return at,
            }
        }
    }

    /// Returns the offset of the line break (or the end of the text) ending the line of `at`.
    pub fn line_end(&self, at: usize) -> usize {
        self.text[at.min(self.text.len())..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| at + i)
    }

    /// Returns the offset where the line of `at` starts.
    pub fn line_start(&self, at: usize) -> usize {
        self.text[..at.min(self.text.len())]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1)
    }

    /// Returns the end of the quoted scalar whose opening quote is at `at` (past the closing
    /// quote), or `None` when it does not close.
    pub fn quoted_end(&self, at: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let quote = *bytes.get(at)?;
        let mut i = at + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                b if b == quote => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    /// Returns the offset of the `|` or `>` header of the block scalar whose content the
    /// parser placed at `content`, searching forward from `from` (the end of the token
    /// before it) over blanks, comments, the `:`, `-` and `?` indicators and properties.
    pub fn block_header(&self, from: usize, content: usize) -> Option<usize> {
        let mut at = from;
        while at < content {
            at = self.skip_blanks_and_comments(at);
            match self.byte(at)? {
                b'|' | b'>' => return Some(at),
                b':' | b'-' | b'?' => at += 1,
                b'&' | b'!' => at = self.skip_properties(at),
                _ => return None,
            }
        }
        None
    }

    /// Returns the end of the last line holding something other than spaces in
    /// `[start, end)`, before its line break: the end of a block scalar's text without its
    /// trailing blank lines.
    pub fn trim_trailing_blank_lines(&self, start: usize, end: usize) -> usize {
        let body = &self.text[start..end.min(self.text.len())];
        let trimmed = body.trim_end_matches([' ', '\t', '\n', '\r']);
        start + trimmed.len()
    }

    /// Returns the span of a comment after `end` on the same line (spaces or tabs between),
    /// without its line break.
    pub fn trailing_comment(&self, end: usize) -> Option<(usize, usize)> {
        let mut at = end;
        while matches!(self.byte(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        (self.byte(at) == Some(b'#') && (at > end || at == self.line_start(at)))
            .then(|| (at, self.line_end(at)))
    }

    /// Returns the spans of the comment lines right above the line of `start` (each line's
    /// comment without indentation or line break), not reaching before `floor`: a run of
    /// lines holding only a comment, ended by a blank line or anything else.
    pub fn leading_comments(&self, floor: usize, start: usize) -> Vec<(usize, usize)> {
        let mut comments = Vec::new();
        let mut line = self.line_start(start);
        while line > floor {
            // `line - 1` is the break ending the line above (the `\n` of a `\r\n` pair).
            let mut above_end = line - 1;
            if self.byte(above_end) == Some(b'\n')
                && above_end > 0
                && self.byte(above_end - 1) == Some(b'\r')
            {
                above_end -= 1;
            }
            let above = self.line_start(above_end);
            let content = self.text[above..above_end].trim_start_matches([' ', '\t']);
            let at = above_end - content.len();
            if !content.starts_with('#') || at < floor {
                break;
            }
            comments.push((at, above_end));
            line = above;
        }
        comments.reverse();
        comments
    }

    /// Returns the offset of the `-` indicator of a block sequence item whose value starts at
    /// `value`, searching forward from `from` over blanks and comments.
    pub fn dash_before(&self, from: usize, value: usize) -> Option<usize> {
        let at = self.skip_blanks_and_comments(from);
        (at <= value && self.byte(at) == Some(b'-')).then_some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_character_indices_to_bytes() {
        let t = DocText::new("é: ü\nx");
        assert_eq!(t.byte_of_char(0), 0);
        assert_eq!(t.byte_of_char(1), 2);
        assert_eq!(t.byte_of_char(3), 4);
        assert_eq!(t.byte_of_char(4), 6);
        assert_eq!(t.byte_of_char(99), 8);
    }

    #[test]
    fn finds_quote_ends_headers_and_comments() {
        let t = DocText::new("a: \"x\\\"y\" # c\nb: 'it''s'\nc: &k |\n  z\n\n");
        assert_eq!(t.quoted_end(3), Some(9));
        assert_eq!(t.trailing_comment(9), Some((10, 13)));
        assert_eq!(t.quoted_end(17), Some(24));
        assert_eq!(t.block_header(26, 34), Some(31));
        assert_eq!(t.trim_trailing_blank_lines(31, 39), 36);
        assert_eq!(t.quoted_end(t.text.len() - 1), None);
        let t = DocText::new("# one\r\n# two\r\n\r\n# three\r\na: 1\r\n");
        assert_eq!(t.leading_comments(0, 25), vec![(16, 23)]);
        let t = DocText::new("# one\n  # two\na: 1\n");
        assert_eq!(t.leading_comments(0, 14), vec![(0, 5), (8, 13)]);
        assert_eq!(t.leading_comments(6, 14), vec![(8, 13)]);
    }
}
