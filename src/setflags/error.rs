//! [`SetFlagError`] and [`PairError`]: why a `--set`-family flag could not be applied.
//!
//! `Display` gives Helm's words (`failed parsing --set data: key "a" has no value`), so the
//! differential tests can compare messages; the variants keep the pieces as data.

use crate::source::SourceError;
use crate::values::KeyPath;

use super::go_url::GoUrlError;
use super::parser::{MAX_INDEX, MAX_NESTED_NAME_LEVEL, MAX_PARSE_DEPTH};
use super::set_flag::FlagKind;
use crate::values::{go_quote, go_quote_runes};

/// A flag of the `--set` family that could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum SetFlagError {
    /// A `--set`, `--set-string`, `--set-file` or `--set-literal` flag failed; Helm prefixes
    /// the reason with the flag's name.
    #[error("failed parsing {kind} data: {reason}")]
    Pair {
        /// Which flag.
        kind: FlagKind,
        /// The flag's argument as given.
        text: String,
        /// What was wrong.
        reason: PairError,
    },
    /// A `--set-json` flag failed. Helm's message names the flag's argument and drops the
    /// reason (`failed parsing --set-json data a={bad}`); strata keeps it as the cause.
    #[error("failed parsing --set-json data {text}")]
    Json {
        /// The flag's argument as given.
        text: String,
        /// What was wrong.
        #[source]
        reason: PairError,
    },
    /// A Helm 4 `--set-json` flag holding a bare JSON object (`{"a":1}`) that is not valid
    /// JSON. Helm 3 has no such form (it reads `{` as a key).
    #[error("failed parsing --set-json data JSON: {text}")]
    JsonObject {
        /// The flag's argument as given.
        text: String,
        /// What was wrong.
        #[source]
        reason: PairError,
    },
}

impl SetFlagError {
    /// Returns the error for `reason` in a flag of `kind` with argument `text`.
    pub fn new(kind: FlagKind, text: &str, reason: PairError) -> Self {
        match kind {
            FlagKind::Json => SetFlagError::Json {
                text: text.to_string(),
                reason,
            },
            _ => SetFlagError::Pair {
                kind,
                text: text.to_string(),
                reason,
            },
        }
    }

    /// Returns true when the error is a refusal for safety (exit code 3): a `--set-file` path
    /// that is a symlink leading out of the workspace.
    pub fn is_refusal(&self) -> bool {
        matches!(self.reason(), PairError::File { reason, .. } if reason.is_refusal())
    }

    /// Returns the kind of flag that failed.
    pub fn kind(&self) -> FlagKind {
        match self {
            SetFlagError::Pair { kind, .. } => *kind,
            SetFlagError::Json { .. } | SetFlagError::JsonObject { .. } => FlagKind::Json,
        }
    }

    /// Returns what was wrong with the flag.
    pub fn reason(&self) -> &PairError {
        match self {
            SetFlagError::Pair { reason, .. }
            | SetFlagError::Json { reason, .. }
            | SetFlagError::JsonObject { reason, .. } => reason,
        }
    }
}

/// What was wrong with one `key=value` pair, worded as Helm's `strvals` parser words it.
#[derive(Debug, thiserror::Error)]
pub enum PairError {
    /// A key without `=` at the end of the flag (`a`).
    #[error("key {} has no value", go_quote(.key))]
    NoValue {
        /// The last key read.
        key: String,
    },
    /// A key followed by `,` (`a,b=1`).
    #[error("key {} has no value (cannot end with ,)", go_quote(.key))]
    NoValueBeforeComma {
        /// The key before the comma.
        key: String,
    },
    /// A `.` after which nothing was set (`a.=1`).
    #[error("key map {} has no value", go_quote(.key))]
    EmptyMap {
        /// The key before the dot.
        key: String,
    },
    /// An index that is not an integer (`a[x]`).
    #[error("error parsing index: strconv.Atoi: parsing {}: invalid syntax", go_quote(.index))]
    IndexSyntax {
        /// The text between the brackets.
        index: String,
    },
    /// An index that does not fit a 64-bit integer.
    #[error("error parsing index: strconv.Atoi: parsing {}: value out of range", go_quote(.index))]
    IndexOutOfRange {
        /// The text between the brackets.
        index: String,
    },
    /// A `[` never closed (`a[0=1`).
    #[error("error parsing index: EOF")]
    IndexUnclosed,
    /// A negative index (`a[-1]`).
    #[error("negative {index} index not allowed")]
    NegativeIndex {
        /// The index.
        index: i64,
    },
    /// An index above Helm's limit.
    #[error("index of {index} is greater than maximum supported index of {MAX_INDEX}")]
    IndexTooLarge {
        /// The index.
        index: i64,
    },
    /// More dots in one key than Helm allows.
    #[error("value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}")]
    TooManyDots,
    /// Text between `]` and the next `[`, `.` or `=` (`a[0]b=1`). Helm formats it as a
    /// `[]rune` with `%q`: `['b']`.
    #[error("unexpected data at end of array index: {}", go_quote_runes(.data))]
    DataAfterIndex {
        /// The text after the `]`.
        data: String,
    },
    /// A `{` list value without its `}`.
    #[error("list must terminate with '}}'")]
    UnterminatedList,
    /// The key descends into a value of the wrong kind (`a.b=1` when `a` is a number);
    /// Helm reports the failed Go type assertion.
    #[error("unable to parse key: interface conversion: interface {{}} is {found}, not {wanted}")]
    WrongKind {
        /// Where the value of the wrong kind is.
        path: KeyPath,
        /// The Go type of the value found (`float64`, `nil`).
        found: &'static str,
        /// The Go type the key needed (`map[string]interface {}` or `[]interface {}`).
        wanted: &'static str,
    },
    /// A key nested deeper than strata follows (Helm has no limit; the guard keeps deep
    /// recursion from exhausting the stack).
    #[error("key nests deeper than {MAX_PARSE_DEPTH} levels; strata does not follow it")]
    NestedTooDeep,
    /// A `--set-file` file that could not be read.
    #[error("{reason}")]
    File {
        /// The path as given in the flag.
        path: String,
        /// Why it could not be read.
        reason: SourceError,
    },
    /// A `--set-file` file that is not UTF-8 text.
    #[error("{path}: not valid UTF-8; strata reads --set-file values as text")]
    FileNotUtf8 {
        /// The path as given in the flag.
        path: String,
    },
    /// A `--set-file` path that Helm's `url.Parse` rejects.
    #[error("{reason}")]
    FileUrl {
        /// The path as given in the flag.
        path: String,
        /// Go's complaint.
        reason: GoUrlError,
    },
    /// `--set-file key=https://...`: Helm downloads it; strata works offline.
    #[error(
        "{path}: strata works offline and does not fetch --set-file values from a {scheme} URL"
    )]
    FileFromUrl {
        /// The path as given in the flag.
        path: String,
        /// The URL scheme (`https`, `oci`).
        scheme: String,
    },
    /// A `--set-json` value that is not valid JSON.
    #[error("invalid JSON: {message}")]
    Json {
        /// The decoder's complaint.
        message: String,
    },
}
