//! [`Limits`]: how much a values file may ask of the reader.

/// Limits on one values file, checked before memory is spent. File size is capped earlier,
/// when the file is read (`source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Collections nested deeper than this are an error. Real charts nest about 10 levels;
    /// the tree built here is walked recursively by later stages, so this also bounds their
    /// stack use.
    pub max_depth: usize,
    /// Budget of nodes created by alias expansion in one file (a "billion laughs" file
    /// asks for billions).
    pub max_alias_nodes: usize,
    /// Nodes in one file, alias copies and the copies anchors keep for their aliases
    /// included.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 200,
            max_alias_nodes: 100_000,
            // A 4 MiB file (the default size cap) of `[1,1,...]` holds about 2 million nodes.
            max_nodes: 2_000_000,
        }
    }
}
