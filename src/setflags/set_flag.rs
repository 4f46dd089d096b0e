//! [`SetFlag`] and [`FlagKind`]: one occurrence of a `--set`-family flag on the command line.

use std::fmt;
use std::sync::Arc;

use crate::values::{Origin, SourceName};

/// Which flag of the `--set` family a [`SetFlag`] came from.
///
/// The order of the variants is the order Helm applies them in, whatever the command line
/// says (`pkg/cli/values/options.go`, `MergeValues`): every `--set-json` first, then
/// `--set`, `--set-string`, `--set-file` and `--set-literal` last. Sorting flags by kind
/// (stably) therefore gives Helm's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlagKind {
    /// `--set-json key=<JSON>,...`: values decoded as JSON.
    Json,
    /// `--set key=value,...`: values typed (bool, null, int64, string).
    Set,
    /// `--set-string key=value,...`: every value a string.
    String,
    /// `--set-file key=path,...`: every value the contents of a file.
    File,
    /// `--set-literal key=value`: one pair, the value taken literally.
    Literal,
}

impl FlagKind {
    /// Returns the flag as written on the command line (`--set-string`).
    pub fn flag_name(self) -> &'static str {
        match self {
            FlagKind::Json => "--set-json",
            FlagKind::Set => "--set",
            FlagKind::String => "--set-string",
            FlagKind::File => "--set-file",
            FlagKind::Literal => "--set-literal",
        }
    }
}

impl fmt::Display for FlagKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.flag_name())
    }
}

/// One `--set`-family flag as given on the command line: its kind and its argument, exactly
/// as the shell passed it (`image.tag=1.2,replicas=3`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SetFlag {
    /// Which flag it was.
    pub kind: FlagKind,
    /// The flag's argument.
    pub text: String,
}

impl SetFlag {
    /// Returns a flag of `kind` with argument `text`.
    pub fn new(kind: FlagKind, text: impl Into<String>) -> Self {
        SetFlag {
            kind,
            text: text.into(),
        }
    }

    /// Returns the source name every value this flag writes is attributed to:
    /// `--set image.tag=1.2`.
    pub fn source_name(&self) -> SourceName {
        Arc::from(format!("{} {}", self.kind.flag_name(), self.text))
    }

    /// Returns the origin of every node this flag creates.
    pub fn origin(&self) -> Origin {
        Origin::whole(self.source_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_sort_in_helms_order_and_name_their_flag() {
        let mut kinds = [
            FlagKind::Literal,
            FlagKind::File,
            FlagKind::Set,
            FlagKind::Json,
            FlagKind::String,
        ];
        kinds.sort();
        let names: Vec<&str> = kinds.iter().map(|k| k.flag_name()).collect();
        assert_eq!(
            names,
            [
                "--set-json",
                "--set",
                "--set-string",
                "--set-file",
                "--set-literal"
            ]
        );
    }

    #[test]
    fn origin_names_the_flag_and_its_text() {
        let flag = SetFlag::new(FlagKind::String, "a=1,b=2");
        assert_eq!(flag.origin().to_string(), "--set-string a=1,b=2");
        assert!(!flag.origin().has_position());
    }
}
