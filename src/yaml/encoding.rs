//! Checking the bytes of a values file before parsing: UTF-16 is refused with a clear
//! message, invalid UTF-8 and control characters are errors with their line and column, and
//! a UTF-8 byte order mark is dropped so that it can never become part of a key.

use crate::values::SourceName;

use super::error::YamlError;
use super::position::Position;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Returns the text of `bytes` without a leading UTF-8 byte order mark, or the first reason
/// it is not acceptable YAML text.
pub(crate) fn decode<'a>(bytes: &'a [u8], source: &SourceName) -> Result<&'a str, YamlError> {
    if looks_like_utf16(bytes) {
        return Err(YamlError::Utf16 {
            origin: Position::start().origin(source),
        });
    }
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.valid_up_to();
            // The prefix up to `valid` is UTF-8 by definition of `valid_up_to`.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let pos = Position::of_byte_offset(prefix, valid);
            return Err(YamlError::InvalidUtf8 {
                origin: pos.origin(source),
                byte: bytes[valid],
            });
        }
    };
    check_characters(text, source)?;
    Ok(text)
}

/// A UTF-16 byte order mark, or a NUL byte in one of the first two positions next to a
/// non-NUL byte (ASCII text encoded as UTF-16 without a byte order mark).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        [a, b, ..] => (*a == 0) != (*b == 0),
        _ => false,
    }
}

/// Returns true for the characters YAML 1.1 allows in a stream (as go-yaml checks them):
/// tab, line feed, carriage return, printable ASCII, NEL, and Unicode from U+00A0 except the
/// non-characters U+FFFE and U+FFFF.
fn is_allowed(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{FFFD}' | '\u{10000}'..)
}

fn check_characters(text: &str, source: &SourceName) -> Result<(), YamlError> {
    // Fast path: almost every values file is printable ASCII plus line breaks and tabs.
    let suspicious = text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b >= 0x7F);
    if !suspicious {
        return Ok(());
    }
    let mut pos = Position::start();
    for c in text.chars() {
        if !is_allowed(c) {
            return Err(YamlError::ControlCharacter {
                origin: pos.origin(source),
                code: c as u32,
            });
        }
        pos.advance(c);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Origin;

    fn source() -> SourceName {
        "v.yaml".into()
    }

    fn at(line: u32, col: u32) -> Origin {
        Origin::new(source(), line, col)
    }

    #[test]
    fn accepts_utf8_and_drops_the_bom() {
        let rows: [(&[u8], &str); 5] = [
            (b"a: 1\n", "a: 1\n"),
            (b"\xEF\xBB\xBFa: 1\n", "a: 1\n"),
            (b"a: \"x\ty\"\r\n", "a: \"x\ty\"\r\n"),
            ("a: é€😀\n".as_bytes(), "a: é€😀\n"),
            (b"", ""),
        ];
        for (bytes, text) in rows {
            assert_eq!(decode(bytes, &source()).unwrap(), text);
        }
    }

    #[test]
    fn refuses_bad_encodings_with_positions() {
        let rows: [(&[u8], YamlError); 8] = [
            (b"\xFF\xFEa\x00", YamlError::Utf16 { origin: at(1, 1) }),
            (b"\xFE\xFF\x00a", YamlError::Utf16 { origin: at(1, 1) }),
            (b"a\x00:\x00", YamlError::Utf16 { origin: at(1, 1) }),
            (
                b"a: 1\nb: \xC3\x28\n",
                YamlError::InvalidUtf8 {
                    origin: at(2, 4),
                    byte: 0xC3,
                },
            ),
            (
                b"a: 1\nb: x\x00y\n",
                YamlError::ControlCharacter {
                    origin: at(2, 5),
                    code: 0,
                },
            ),
            (
                b"a: \x1b[31m\n",
                YamlError::ControlCharacter {
                    origin: at(1, 4),
                    code: 0x1B,
                },
            ),
            (
                b"a: \x7f\n",
                YamlError::ControlCharacter {
                    origin: at(1, 4),
                    code: 0x7F,
                },
            ),
            (
                "é: \u{9b}\n".as_bytes(),
                YamlError::ControlCharacter {
                    origin: at(1, 4),
                    code: 0x9B,
                },
            ),
        ];
        for (bytes, expected) in rows {
            assert_eq!(decode(bytes, &source()).unwrap_err(), expected, "{bytes:?}");
        }
    }
}
