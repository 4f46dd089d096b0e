//! [`Position`]: a 1-based line and column in YAML text, advanced character by character.
//!
//! Line breaks are counted as YAML counts them: `\n`, `\r\n` (one break) and a lone `\r`.
//! Columns count characters, not bytes, like the parser's markers.

use crate::values::{Origin, SourceName};

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: u32,
    pub col: u32,
    /// The previous character was `\r`, so a following `\n` does not start another line.
    after_cr: bool,
}

impl Position {
    /// Returns the position of the first character.
    pub fn start() -> Self {
        Position {
            line: 1,
            col: 1,
            after_cr: false,
        }
    }

    /// Moves past `c`.
    pub fn advance(&mut self, c: char) {
        match c {
            '\n' if self.after_cr => {}
            '\n' | '\r' => {
                self.line = self.line.saturating_add(1);
                self.col = 1;
            }
            _ => self.col = self.col.saturating_add(1),
        }
        self.after_cr = c == '\r';
    }

    /// Returns the position of byte offset `offset` in `text` (clamped to the end).
    pub fn of_byte_offset(text: &str, offset: usize) -> Self {
        let mut pos = Position::start();
        for (i, c) in text.char_indices() {
            if i >= offset {
                break;
            }
            pos.advance(c);
        }
        pos
    }

    /// Returns this position as an [`Origin`] in `source`.
    pub fn origin(&self, source: &SourceName) -> Origin {
        Origin::new(source.clone(), self.line, self.col)
    }
}

/// Returns the byte offset of the character with index `char_index` (the parser's marker
/// index), or the text's length when the index is past the end.
pub(crate) fn byte_offset_of_char(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_the_way_yaml_does() {
        // (text, byte offset, expected line, expected col)
        let rows = [
            ("abc", 2, 1, 3),
            ("a\nbc", 3, 2, 2),
            ("a\r\nbc", 4, 2, 2),
            ("a\rbc", 3, 2, 2),
            ("a\n\nb", 3, 3, 1),
            ("é: x", 3, 1, 3),
            ("ab", 99, 1, 3),
        ];
        for (text, offset, line, col) in rows {
            let pos = Position::of_byte_offset(text, offset);
            assert_eq!((pos.line, pos.col), (line, col), "{text:?} at {offset}");
        }
    }

    #[test]
    fn maps_character_indices_to_byte_offsets() {
        assert_eq!(byte_offset_of_char("é*a", 1), 2);
        assert_eq!(byte_offset_of_char("ab", 5), 2);
    }
}
