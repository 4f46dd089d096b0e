//! [`Redacted`]: a hidden value as strata prints it. Its `Display` is the one place the text
//! `<redacted>` is written: every format, message and source line that hides a secret shows
//! one of these, so what a hidden value looks like is decided here alone.

use std::fmt;

/// A hidden value, as printed: what is told about it is its size and whether it changed,
/// never its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redacted {
    /// Nothing told: `<redacted>` (the user info of a URL, a key that is a token, a value in
    /// a message or a source line, a secret in JSON beside its size).
    Whole,
    /// A value of this many bytes: `<redacted> (12 bytes)`.
    Sized(usize),
    /// A value that changed, both sizes told: `<redacted> (changed, 12 → 16 bytes)`.
    Changed {
        /// The old value's size.
        old: usize,
        /// The new value's size.
        new: usize,
    },
}

/// The only spelling of a hidden value.
const MARK: &str = "<redacted>";

/// Returns `12 bytes`, `1 byte`.
fn bytes_text(bytes: usize) -> String {
    if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Redacted::Whole => f.write_str(MARK),
            Redacted::Sized(bytes) => write!(f, "{MARK} ({})", bytes_text(*bytes)),
            Redacted::Changed { old, new } => {
                write!(f, "{MARK} (changed, {old} → {})", bytes_text(*new))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_size_and_change_never_the_value() {
        let rows = [
            (Redacted::Whole, "<redacted>"),
            (Redacted::Sized(1), "<redacted> (1 byte)"),
            (Redacted::Sized(12), "<redacted> (12 bytes)"),
            (
                Redacted::Changed { old: 1, new: 16 },
                "<redacted> (changed, 1 → 16 bytes)",
            ),
            (
                Redacted::Changed { old: 3, new: 1 },
                "<redacted> (changed, 3 → 1 byte)",
            ),
        ];
        for (redacted, expected) in rows {
            assert_eq!(redacted.to_string(), expected);
        }
    }
}
