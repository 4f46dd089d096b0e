//! [`YamlError`]: why a values file could not be read as Helm would read it.

use crate::values::{Origin, Value};

use super::syntax_kind::SyntaxKind;

/// Why a values file could not be read. Every variant carries the [`Origin`] (file, 1-based
/// line and column) it is about; the message itself is one line without the position, which
/// the CLI prints as `--> file:line:col`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum YamlError {
    /// The YAML parser rejected the text.
    #[error("invalid YAML: {message}")]
    Syntax {
        origin: Origin,
        message: String,
        /// What kind of error the message is, for code that acts on it.
        kind: SyntaxKind,
    },
    /// A tab where YAML (and Helm's reader) expects indentation spaces.
    #[error("tab character used as indentation; YAML indents with spaces only")]
    TabIndent { origin: Origin },
    /// The bytes are not UTF-8.
    #[error("the file is not valid UTF-8 (byte 0x{byte:02X})")]
    InvalidUtf8 { origin: Origin, byte: u8 },
    /// A control character (NUL, ESC, DEL, C1 controls, ...) that YAML does not allow.
    #[error("control character U+{code:04X} is not allowed in YAML")]
    ControlCharacter { origin: Origin, code: u32 },
    /// The file is UTF-16 (a UTF-16 byte order mark, or NUL bytes between characters).
    #[error("the file is encoded as UTF-16; convert it to UTF-8")]
    Utf16 { origin: Origin },
    /// Collections nest deeper than the limit.
    #[error("values nest deeper than the limit of {limit} levels")]
    TooDeep { origin: Origin, limit: usize },
    /// Alias expansion would create more nodes than the budget allows ("billion laughs").
    #[error("aliases expand to more than {limit} values (at alias *{anchor})")]
    AliasBudget {
        origin: Origin,
        limit: usize,
        anchor: String,
    },
    /// The file holds more values than the limit.
    #[error("the file holds more than {limit} values")]
    NodeBudget { origin: Origin, limit: usize },
    /// An alias inside the value of its own anchor (`&a [*a]`).
    #[error("alias *{anchor} refers to the value that contains it")]
    SelfReferentialAlias { origin: Origin, anchor: String },
    /// An alias whose anchor is not defined before it.
    #[error("alias *{anchor} refers to an anchor that is not defined before it")]
    UnknownAlias { origin: Origin, anchor: String },
    /// A tag Helm does not understand (`!vault`, `!!python/tuple`), or a standard tag on the
    /// wrong kind of node. Helm drops such tags silently; strata refuses them.
    #[error("tag {tag} is not supported")]
    CustomTag { origin: Origin, tag: String },
    /// A standard tag whose scalar cannot be read as that type (`!!int abc`).
    #[error("cannot decode `{text}` as {tag}")]
    TagMismatch {
        origin: Origin,
        tag: String,
        text: String,
    },
    /// A `!!binary` scalar that is not valid base64.
    #[error("!!binary value is not valid base64")]
    InvalidBase64 { origin: Origin },
    /// `.inf`, `-.inf` or `.nan`: Helm cannot convert them to JSON.
    #[error(
        "`{text}` is not a finite number (Helm fails with \"json: unsupported value: {go_value}\")"
    )]
    NonFinite {
        origin: Origin,
        text: String,
        go_value: &'static str,
    },
    /// The document is a list or a scalar instead of a mapping.
    #[error("expected a mapping at the top level, found {kind}")]
    NotAMap { origin: Origin, kind: &'static str },
    /// A null map key (`~:`, `null:`, an empty key).
    #[error("a null map key is not allowed")]
    NullKey { origin: Origin },
    /// A map or a list used as a map key.
    #[error("{kind} cannot be used as a map key")]
    ComplexKey { origin: Origin, kind: &'static str },
    /// An integer key above 2^63-1, which Helm's JSON conversion rejects.
    #[error("number `{text}` cannot be used as a map key (unsupported map key type)")]
    UnsupportedKey { origin: Origin, text: String },
    /// A `<<` merge key whose value is not a map or a list of maps.
    #[error("the `<<` merge key needs a map or a list of maps, found {kind}")]
    MergeNotMap { origin: Origin, kind: &'static str },
}

impl YamlError {
    /// Returns where the error is.
    pub fn origin(&self) -> &Origin {
        match self {
            YamlError::Syntax { origin, .. }
            | YamlError::TabIndent { origin }
            | YamlError::InvalidUtf8 { origin, .. }
            | YamlError::ControlCharacter { origin, .. }
            | YamlError::Utf16 { origin }
            | YamlError::TooDeep { origin, .. }
            | YamlError::AliasBudget { origin, .. }
            | YamlError::NodeBudget { origin, .. }
            | YamlError::SelfReferentialAlias { origin, .. }
            | YamlError::UnknownAlias { origin, .. }
            | YamlError::CustomTag { origin, .. }
            | YamlError::TagMismatch { origin, .. }
            | YamlError::InvalidBase64 { origin }
            | YamlError::NonFinite { origin, .. }
            | YamlError::NotAMap { origin, .. }
            | YamlError::NullKey { origin }
            | YamlError::ComplexKey { origin, .. }
            | YamlError::UnsupportedKey { origin, .. }
            | YamlError::MergeNotMap { origin, .. } => origin,
        }
    }

    /// Returns where the error is, to move it (a later document's lines).
    pub(crate) fn origin_mut(&mut self) -> &mut Origin {
        match self {
            YamlError::Syntax { origin, .. }
            | YamlError::TabIndent { origin }
            | YamlError::InvalidUtf8 { origin, .. }
            | YamlError::ControlCharacter { origin, .. }
            | YamlError::Utf16 { origin }
            | YamlError::TooDeep { origin, .. }
            | YamlError::AliasBudget { origin, .. }
            | YamlError::NodeBudget { origin, .. }
            | YamlError::SelfReferentialAlias { origin, .. }
            | YamlError::UnknownAlias { origin, .. }
            | YamlError::CustomTag { origin, .. }
            | YamlError::TagMismatch { origin, .. }
            | YamlError::InvalidBase64 { origin }
            | YamlError::NonFinite { origin, .. }
            | YamlError::NotAMap { origin, .. }
            | YamlError::NullKey { origin }
            | YamlError::ComplexKey { origin, .. }
            | YamlError::UnsupportedKey { origin, .. }
            | YamlError::MergeNotMap { origin, .. } => origin,
        }
    }

    /// Returns a suggestion for fixing the input or raising a limit, when there is a useful one.
    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            YamlError::TabIndent { .. } => "replace the tab with spaces".to_string(),
            YamlError::Utf16 { .. } => {
                "convert the file, for example with `iconv -f UTF-16 -t UTF-8`".to_string()
            }
            YamlError::TooDeep { limit, .. } => format!(
                "if the nesting is intended, raise the limit of {limit} with --max-depth or limits.maxDepth in strata.yaml"
            ),
            YamlError::AliasBudget { limit, .. } => format!(
                "if the aliases are intended, raise the budget of {limit} with --max-alias-nodes or limits.maxAliasNodes in strata.yaml"
            ),
            YamlError::NodeBudget { limit, .. } => format!(
                "if the file is intended, raise the limit of {limit} with --max-nodes or limits.maxNodes in strata.yaml"
            ),
            YamlError::UnknownAlias { anchor, .. } => {
                format!("define `&{anchor}` before its first use; anchors only reach forward")
            }
            YamlError::CustomTag { .. } => {
                "remove the tag: Helm would ignore it and read the plain value".to_string()
            }
            YamlError::NonFinite { text, .. } => {
                format!("quote it (\"{text}\") if a string was meant")
            }
            YamlError::NotAMap { .. } => {
                "a values file must be a mapping of keys to values".to_string()
            }
            YamlError::NullKey { .. } => "quote the key (\"~\": or \"null\":)".to_string(),
            YamlError::UnsupportedKey { text, .. } => format!("quote the key (\"{text}\":)"),
            YamlError::ControlCharacter { .. } | YamlError::InvalidUtf8 { .. } => {
                "the file may be binary or in another encoding".to_string()
            }
            _ => return None,
        };
        Some(hint)
    }
}

/// Returns how errors name the kind of a value: "a list", "a string", ...
pub(crate) fn kind_phrase(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::String(_) => "a string",
        Value::List(_) => "a list",
        Value::Map(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Origin {
        Origin::new("values.yaml".into(), 3, 7)
    }

    #[test]
    fn messages_are_one_line_and_positions_are_data() {
        let cases = [
            (
                YamlError::TooDeep {
                    origin: at(),
                    limit: 200,
                },
                "values nest deeper than the limit of 200 levels",
            ),
            (
                YamlError::NonFinite {
                    origin: at(),
                    text: ".inf".into(),
                    go_value: "+Inf",
                },
                "`.inf` is not a finite number (Helm fails with \"json: unsupported value: +Inf\")",
            ),
            (
                YamlError::CustomTag {
                    origin: at(),
                    tag: "!vault".into(),
                },
                "tag !vault is not supported",
            ),
            (
                YamlError::NotAMap {
                    origin: at(),
                    kind: "a list",
                },
                "expected a mapping at the top level, found a list",
            ),
        ];
        for (err, text) in cases {
            assert_eq!(err.to_string(), text);
            assert_eq!(err.origin(), &at());
        }
    }

    #[test]
    fn limits_hint_how_to_raise_them() {
        let err = YamlError::AliasBudget {
            origin: at(),
            limit: 100,
            anchor: "a".into(),
        };
        assert!(err.hint().unwrap().contains("--max-alias-nodes"));
        let err = YamlError::Syntax {
            origin: at(),
            message: "x".into(),
            kind: SyntaxKind::Other,
        };
        assert_eq!(err.hint(), None);
    }
}
