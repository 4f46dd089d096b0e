//! Where a value was written: a source (a file's display path, or a command-line flag) and a
//! 1-based line and column within it.

use std::fmt;
use std::sync::Arc;

/// The display name of a source of values: a path relative to the workspace or the current
/// directory (`environments/staging/web.yaml`), or a flag (`--set replicaCount=3`).
///
/// Shared by every node read from that source, so cloning an [`Origin`] is cheap.
pub type SourceName = Arc<str>;

/// The place a value was written at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file or flag the value came from.
    pub source: SourceName,
    /// 1-based line; 0 when the value has no position of its own (a whole file, a flag).
    pub line: u32,
    /// 1-based column in characters; 0 when `line` is 0.
    pub col: u32,
}

impl Origin {
    /// Returns an origin at `line:col` of `source`.
    pub fn new(source: SourceName, line: u32, col: u32) -> Self {
        Origin { source, line, col }
    }

    /// Returns an origin naming a whole source, without a position (a `--set` flag, a
    /// value strata computed such as an injected `global: {}`).
    pub fn whole(source: SourceName) -> Self {
        Origin {
            source,
            line: 0,
            col: 0,
        }
    }

    /// Returns true when the origin has a line and column.
    pub fn has_position(&self) -> bool {
        self.line > 0
    }
}

impl fmt::Display for Origin {
    /// Formats as `file:line:col`, or just the source when there is no position.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_position() {
            write!(f, "{}:{}:{}", self.source, self.line, self.col)
        } else {
            write!(f, "{}", self.source)
        }
    }
}
