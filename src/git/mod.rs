//! Git revisions as trees of files: [`GitRepo`] finds the repository a workspace lives in and
//! resolves a revision (`HEAD~1`, a branch, a tag, a commit id) to a [`GitTree`], which
//! implements [`source::Tree`](crate::source::Tree) over the revision's objects. The
//! workspace and the chart loader read only through `Tree`, so a revision loads exactly like
//! the working tree: no checkout, no temporary clone, nothing written.
//!
//! Everything goes through libgit2 (the `git2` crate, vendored, without network or SSH
//! support); strata never runs a `git` subprocess.
//!
//! Not here: comparing what was read (`diff`), the working tree itself (`source::DirTree`).

mod error;
mod git_repo;
mod git_tree;
mod indexed_tree;

pub use error::GitError;
pub use git_repo::GitRepo;
pub use git_tree::GitTree;
pub use indexed_tree::IndexedTree;

/// Largest tree object libgit2 keeps parsed in its cache. Its default, 4 KB (about 100
/// names), leaves out the folders a workspace reads most (`charts/`, `environments/<stage>/`
/// of a few hundred charts), which a revision read then inflates and parses again for every
/// file under them: a one-overlay revision diff of 400 charts grew as their square.
const TREE_CACHE_BYTES: usize = 4 * 1024 * 1024;

/// Lets libgit2 cache tree objects up to [`TREE_CACHE_BYTES`]. Called once by the binary
/// before it starts any thread (the setting is a C global libgit2 reads unsynchronised).
pub fn cache_large_trees() {
    // SAFETY: `cli::run` calls this on the main thread before it spawns any thread, as
    // `set_cache_object_limit` requires; `Tree` is a kind it accepts.
    let _ = unsafe { git2::opts::set_cache_object_limit(git2::ObjectType::Tree, TREE_CACHE_BYTES) };
}
