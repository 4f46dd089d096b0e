//! Reading input files safely: only regular files, never more than a size cap, and (for files
//! of a workspace) never a path that leaves the workspace root.
//!
//! Everything strata reads from disk comes through here, so a FIFO, a device, a directory or
//! `/dev/zero` named where a file is expected gets an error instead of a hang or an
//! unbounded read. [`Tree`] is the interface the workspace reads through: [`DirTree`] for the
//! working tree; the `git` module adds one for revisions.

mod error;
mod given_path;
mod reader;
mod tree;

pub use error::SourceError;
pub use given_path::open_given_path;
pub use reader::{display_path, read_regular_file, read_workspace_file, DEFAULT_MAX_FILE_BYTES};
pub use tree::{DirTree, EntryKind, Tree};
