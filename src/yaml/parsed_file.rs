//! [`ParsedFile`]: what reading one values file gives.

use crate::values::{KeyPath, Node, Origin};

use super::Hazard;

/// How many duplicate keys one file reports at most: each report holds a key path, and a
/// file can repeat a key hundreds of thousands of times.
pub const MAX_REPORTED_DUPLICATES: usize = 1_000;

/// The values of one file, as Helm 3 reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedFile {
    /// The top-level map; `None` for an empty file, a comment-only file, a lone `---` or a
    /// document that is `null`/`~`, all of which contribute nothing.
    pub root: Option<Node>,
    /// Keys written more than once in the same map, in the order found (at most
    /// [`MAX_REPORTED_DUPLICATES`]). The last value won, as in Helm.
    pub duplicates: Vec<DuplicateKey>,
    /// Duplicate keys found past the [`MAX_REPORTED_DUPLICATES`] kept.
    pub duplicates_omitted: usize,
    /// Plain scalars, keys and values, that Helm reads differently from how they look
    /// (`yes`, `010`, `1.10`, ...), in document order (at most
    /// [`MAX_REPORTED_HAZARDS`](super::MAX_REPORTED_HAZARDS)), each once, where it was
    /// written: a scalar copied by an alias is noted at its anchor only.
    pub hazards: Vec<Hazard>,
    /// Hazards found past the [`MAX_REPORTED_HAZARDS`](super::MAX_REPORTED_HAZARDS) kept.
    pub hazards_omitted: usize,
    /// Where a second document starts, if there is one. Helm 3 ignores every document after
    /// the first (Helm 4 merges them), so it is not parsed.
    pub extra_document: Option<Origin>,
}

/// A key written twice in one map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key's full path.
    pub path: KeyPath,
    /// Where the key was written before.
    pub first: Origin,
    /// Where it was written again; this value won.
    pub second: Origin,
}
