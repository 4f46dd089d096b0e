//! [`go_quote`]: a string quoted as Go's `%q` (`strconv.Quote`) writes it, because Helm's
//! `--set` messages and coalescing warnings quote keys that way (`key "a\tb" has no value`,
//! `ImportValues missing table: "x" is not a table`); [`go_quote_runes`] for the one
//! message where Helm passes a `[]rune` to `%q`.

use std::fmt::Write;

/// Returns `s` in double quotes with Go's escapes: `\"` and `\\`, `\n`-style escapes for
/// control characters, `\xHH`, `\uHHHH` or `\UHHHHHHHH` for other unprintable runes.
pub(crate) fn go_quote(s: &str) -> String {
    go_quote_bytes(s.as_bytes())
}

/// Returns `bytes` quoted as Go quotes a string holding them; bytes that are not UTF-8 are
/// written `\xHH` one by one, as Go does.
pub(crate) fn go_quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_rune(c, '"', &mut out);
        }
        for b in chunk.invalid() {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    out
}

/// Returns the characters of `s` formatted as Go's `%q` formats a `[]rune`: a list of
/// single-quoted character literals, `['a' ',' 'b']`.
pub(crate) fn go_quote_runes(s: &str) -> String {
    let mut out = String::from("[");
    for (i, c) in s.chars().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('\'');
        push_rune(c, '\'', &mut out);
        out.push('\'');
    }
    out.push(']');
    out
}

/// Writes `c` as Go writes it inside a literal quoted with `quote`.
fn push_rune(c: char, quote: char, out: &mut String) {
    match c {
        c if c == quote || c == '\\' => {
            out.push('\\');
            out.push(c);
        }
        c if is_go_print(c) => out.push(c),
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if (c as u32) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

/// Approximates Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and
/// the ASCII space. Without Unicode category tables, this rejects the control, format,
/// private-use, space-separator and noncharacter code points by range; unassigned code points
/// count as printable here (Go escapes them).
fn is_go_print(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    if c.is_whitespace() || c.is_control() {
        return false;
    }
    const NOT_PRINT: &[(u32, u32)] = &[
        (0x00AD, 0x00AD),
        (0x0600, 0x0605),
        (0x061C, 0x061C),
        (0x06DD, 0x06DD),
        (0x070F, 0x070F),
        (0x0890, 0x0891),
        (0x08E2, 0x08E2),
        (0x180E, 0x180E),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x206F),
        (0xE000, 0xF8FF),
        (0xFDD0, 0xFDEF),
        (0xFEFF, 0xFEFF),
        (0xFFF9, 0xFFFB),
        (0x110BD, 0x110BD),
        (0x110CD, 0x110CD),
        (0x13430, 0x1343F),
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0001, 0xE0001),
        (0xE0020, 0xE007F),
        (0xF0000, 0x10FFFF),
    ];
    if u & 0xFFFE == 0xFFFE {
        return false;
    }
    !NOT_PRINT.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go_strconv_quote() {
        let cases: &[(&[u8], &str)] = &[
            (b"a", r#""a""#),
            (b"", r#""""#),
            (b" d ", r#"" d ""#),
            (b"say \"hi\"", r#""say \"hi\"""#),
            (b"C:\\dir", r#""C:\\dir""#),
            (b"a\tb\nc\r", r#""a\tb\nc\r""#),
            (b"\x07\x08\x0b\x0c", r#""\a\b\v\f""#),
            (b"\x00\x1f\x7f", r#""\x00\x1f\x7f""#),
            (
                "h\u{e9}llo \u{65e5}\u{672c}".as_bytes(),
                "\"h\u{e9}llo \u{65e5}\u{672c}\"",
            ),
            (
                "\u{a0}\u{85}\u{200b}\u{feff}".as_bytes(),
                r#""\u00a0\u0085\u200b\ufeff""#,
            ),
            ("\u{1F600}".as_bytes(), "\"\u{1F600}\""),
            ("\u{F0000}".as_bytes(), r#""\U000f0000""#),
            (b"%\xe2\x82", r#""%\xe2\x82""#),
            (b"\xffa", r#""\xffa""#),
        ];
        for (input, want) in cases {
            assert_eq!(go_quote_bytes(input), *want, "{input:?}");
        }
        assert_eq!(go_quote("k"), r#""k""#);
    }

    #[test]
    fn quotes_rune_slices_like_go() {
        let cases: &[(&str, &str)] = &[
            ("b", "['b']"),
            (",b", "[',' 'b']"),
            ("", "[]"),
            ("'\"\\", r#"['\'' '"' '\\']"#),
            ("\t\u{e9}", "['\\t' '\u{e9}']"),
        ];
        for (input, want) in cases {
            assert_eq!(go_quote_runes(input), *want, "{input:?}");
        }
    }
}
