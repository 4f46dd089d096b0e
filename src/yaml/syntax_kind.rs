//! [`SyntaxKind`]: saphyr-parser's syntax errors sorted into the kinds the reader acts on.
//!
//! saphyr's `ScanError` carries only a message, so this is the one place that reads it; the
//! rest of the crate matches on the kind (`parse_values` retries an `UnknownEscape` with
//! `\'` stood in for, and an `InvalidIndentation` with continuation lines padded).

/// What kind of syntax error the parser reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxKind {
    /// An escape a double-quoted scalar may not hold in YAML 1.2 (`\'` for saphyr; `\/` in
    /// YAML 1.1, reported by strata itself).
    UnknownEscape,
    /// A line indented less than its flow collection or quoted scalar needs (saphyr is
    /// stricter here than libyaml).
    InvalidIndentation,
    /// A `%` directive Helm's reader refuses.
    Directive,
    /// Any other syntax error.
    Other,
}

impl SyntaxKind {
    /// Returns the kind of a saphyr-parser error message (`ScanError::info`).
    pub fn of_saphyr_message(message: &str) -> SyntaxKind {
        if message.contains("unknown escape character") {
            SyntaxKind::UnknownEscape
        } else if message.starts_with("invalid indentation") {
            SyntaxKind::InvalidIndentation
        } else {
            SyntaxKind::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_the_messages_the_reader_retries_on() {
        let rows = [
            (
                "while parsing a quoted scalar, found unknown escape character",
                SyntaxKind::UnknownEscape,
            ),
            (
                "invalid indentation in flow construct",
                SyntaxKind::InvalidIndentation,
            ),
            (
                "mapping values are not allowed in this context",
                SyntaxKind::Other,
            ),
        ];
        for (message, kind) in rows {
            assert_eq!(SyntaxKind::of_saphyr_message(message), kind, "{message}");
        }
    }
}
