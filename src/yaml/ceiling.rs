//! [`Ceiling`]: the highest value each configurable limit may be given, in `strata.yaml` or
//! by flag. strata is tested with every limit at its ceiling (`tests/cli/bad_input.rs`), so a
//! repository cannot raise a limit to where a walk over its tree would overflow the stack.

/// A configurable limit and its ceiling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ceiling {
    /// The key under `limits:` in `strata.yaml`.
    pub key: &'static str,
    /// The highest value allowed.
    pub max: u64,
}

/// `limits.maxDepth`: saphyr-parser refuses flow collections nested deeper than 255 levels,
/// so block nesting stops there too and both obey one limit. Every tree strata builds is then
/// at most 255 levels from one file, plus 16 levels of subcharts and `global`; the walks over
/// trees are recursive and use well under 4 KB of stack a level in a debug build (measured:
/// 2,000 levels pass every command on an 8 MiB stack), and the commands run on a thread with
/// a 64 MiB stack (`cli::run`).
pub const MAX_DEPTH: Ceiling = Ceiling {
    key: "maxDepth",
    max: 255,
};

/// `limits.maxFileBytes`: 1 GiB; the memory a file takes is a small multiple of its size.
pub const MAX_FILE_BYTES: Ceiling = Ceiling {
    key: "maxFileBytes",
    max: 1024 * 1024 * 1024,
};

/// `limits.maxAliasNodes`: 20 million nodes (a node is 144 bytes: about 3 GB).
pub const MAX_ALIAS_NODES: Ceiling = Ceiling {
    key: "maxAliasNodes",
    max: 20_000_000,
};

/// `limits.maxNodes`: 20 million nodes, as for aliases.
pub const MAX_NODES: Ceiling = Ceiling {
    key: "maxNodes",
    max: 20_000_000,
};

/// `limits.templateMemoryBytes`: 4 GiB.
pub const TEMPLATE_MEMORY_BYTES: Ceiling = Ceiling {
    key: "templateMemoryBytes",
    max: 4 * 1024 * 1024 * 1024,
};

/// `limits.templateSeconds`: 10 minutes.
pub const TEMPLATE_SECONDS: Ceiling = Ceiling {
    key: "templateSeconds",
    max: 600,
};

/// Every ceiling, in the order `strata.yaml`'s documentation lists the limits.
pub const CEILINGS: [Ceiling; 6] = [
    MAX_FILE_BYTES,
    MAX_DEPTH,
    MAX_ALIAS_NODES,
    MAX_NODES,
    TEMPLATE_MEMORY_BYTES,
    TEMPLATE_SECONDS,
];

/// Returns the ceiling of the limit named `key` in `strata.yaml`.
pub fn ceiling_of(key: &str) -> Option<Ceiling> {
    CEILINGS.into_iter().find(|c| c.key == key)
}
