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
