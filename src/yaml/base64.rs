//! Decoding `!!binary` scalars the way go-yaml does: Go's `base64.StdEncoding` (standard
//! alphabet, `=` padding required), which skips `\r` and `\n` so that block scalars work.

/// Returns the bytes of standard padded base64 text, or `None` if it is not valid.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut sextets: Vec<u8> = Vec::with_capacity(text.len());
    let mut padding = 0;
    for b in text.bytes() {
        match b {
            b'\r' | b'\n' => continue,
            b'=' => padding += 1,
            _ if padding > 0 => return None,
            _ => sextets.push(sextet(b)?),
        }
    }
    if (sextets.len() + padding) % 4 != 0 || padding > 2 {
        return None;
    }
    // A padded quantum holds 2 or 3 characters; one character cannot encode a byte.
    if padding > 0 && sextets.len() % 4 != 4 - padding {
        return None;
    }
    let mut out = Vec::with_capacity(sextets.len() / 4 * 3 + 2);
    for chunk in sextets.chunks(4) {
        let mut acc: u32 = 0;
        for (i, &s) in chunk.iter().enumerate() {
            acc |= u32::from(s) << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

fn sextet(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Converts decoded bytes to a string the way Go's JSON encoder does: each byte that is not
/// part of valid UTF-8 becomes U+FFFD on its own.
pub(crate) fn bytes_to_go_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(err) => {
                let (valid, after) = rest.split_at(err.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{FFFD}');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_standard_base64() {
        let rows: [(&str, Option<&[u8]>); 11] = [
            ("aGVsbG8=", Some(b"hello")),
            ("aGVsbG8h", Some(b"hello!")),
            ("aGk=", Some(b"hi")),
            ("aA==", Some(b"h")),
            ("", Some(b"")),
            ("aGVs\nbG8=\n", Some(b"hello")),
            ("aGVs\r\nbG8=", Some(b"hello")),
            ("gIGC", Some(b"\x80\x81\x82")),
            ("==", None),
            ("aGVsbG8", None),
            ("aGV sbG8=", None),
        ];
        for (text, expected) in rows {
            assert_eq!(decode_base64(text).as_deref(), expected, "{text:?}");
        }
        assert_eq!(decode_base64("aG=k"), None);
        assert_eq!(decode_base64("a==="), None);
    }

    #[test]
    fn replaces_each_invalid_byte_like_go_json() {
        assert_eq!(bytes_to_go_string(b"hello"), "hello");
        assert_eq!(bytes_to_go_string(b"\x80\x81"), "\u{FFFD}\u{FFFD}");
        assert_eq!(bytes_to_go_string(b"a\xE2\x82b"), "a\u{FFFD}\u{FFFD}b");
    }
}
