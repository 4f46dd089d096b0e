//! [`Scanner`]: reads a flag's argument rune by rune, as Helm's parser reads its
//! `bytes.Buffer`: up to a set of stop characters, with or without backslash escapes.

/// A cursor over a flag's argument.
pub(super) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    /// Returns a scanner at the start of `text`.
    pub(super) fn new(text: &'a str) -> Self {
        Scanner { text, pos: 0 }
    }

    /// Reads one character; `None` at the end.
    pub(super) fn read(&mut self) -> Option<char> {
        let c = self.text[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Steps back over `c`, the character just read.
    pub(super) fn unread(&mut self, c: char) {
        self.pos -= c.len_utf8();
    }

    /// Reads up to and including the first character of `stop` and returns the text before
    /// it and the stop character, or `None` for the stop when the text ended first.
    ///
    /// With `escapes`, a backslash makes the next character part of the text whatever it is
    /// (Helm's `runesUntil`); a backslash at the very end is dropped. Stop characters are
    /// checked before backslashes, as Helm does.
    pub(super) fn until(&mut self, stop: &[char], escapes: bool) -> (String, Option<char>) {
        let mut out = String::new();
        loop {
            match self.read() {
                None => return (out, None),
                Some(c) if stop.contains(&c) => return (out, Some(c)),
                Some('\\') if escapes => match self.read() {
                    None => return (out, None),
                    Some(next) => out.push(next),
                },
                Some(c) => out.push(c),
            }
        }
    }

    /// Returns the text not read yet.
    pub(super) fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// Reads all the text left.
    pub(super) fn take_rest(&mut self) -> &'a str {
        let rest = self.rest();
        self.pos = self.text.len();
        rest
    }

    /// Skips `bytes` bytes of the text left (the length of a decoded JSON value).
    pub(super) fn skip(&mut self, bytes: usize) {
        self.pos = (self.pos + bytes).min(self.text.len());
    }

    /// Skips white space, then reports whether the value is empty: true at the end or at a
    /// `,` (which is read), false before any other character (which is left unread).
    /// Helm's `emptyVal`, used around `--set-json` values.
    pub(super) fn empty_value(&mut self) -> bool {
        loop {
            match self.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => {}
                Some(c) => {
                    self.unread(c);
                    return false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_until_stop_characters() {
        // (text, escapes, read, stop, rest)
        let cases: &[(&str, bool, &str, Option<char>, &str)] = &[
            ("a.b=1", true, "a", Some('.'), "b=1"),
            ("ab", true, "ab", None, ""),
            (r"a\.b=1", true, "a.b", Some('='), "1"),
            (r"a\.b=1", false, r"a\", Some('.'), "b=1"),
            (r"C:\dir,x", true, "C:dir", Some(','), "x"),
            (r"a\\b=", true, r"a\b", Some('='), ""),
            ("x\\", true, "x", None, ""),
            ("h\u{e9}=1", true, "h\u{e9}", Some('='), "1"),
        ];
        for &(text, escapes, read, stop, rest) in cases {
            let mut sc = Scanner::new(text);
            let got = sc.until(&['=', '.', ','], escapes);
            assert_eq!(got, (read.to_string(), stop), "{text:?}");
            assert_eq!(sc.rest(), rest, "{text:?}");
        }
    }

    #[test]
    fn empty_value_skips_space_and_one_comma() {
        let cases: &[(&str, bool, &str)] = &[
            ("", true, ""),
            ("  ", true, ""),
            (" ,b=1", true, "b=1"),
            ("\u{a0}1", false, "1"),
            ("{}", false, "{}"),
        ];
        for &(text, empty, rest) in cases {
            let mut sc = Scanner::new(text);
            assert_eq!(sc.empty_value(), empty, "{text:?}");
            assert_eq!(sc.rest(), rest, "{text:?}");
        }
    }
}
