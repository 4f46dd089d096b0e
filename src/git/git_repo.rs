//! [`GitRepo`]: the repository a workspace lives in, and its revisions.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Repository};

use super::error::GitError;
use super::git_tree::GitTree;
use super::indexed_tree::IndexedTree;

/// The repository holding a workspace. The workspace may be a subfolder of the repository:
/// its paths are mapped to the repository's by a prefix.
pub struct GitRepo {
    repo: Repository,
    /// The workspace folder relative to the repository's working tree (`""` at the top).
    prefix: PathBuf,
}

impl std::fmt::Debug for GitRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitRepo")
            .field("path", &self.repo.path())
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl GitRepo {
    /// Finds the repository holding the workspace folder `workspace_root` (walking up, like
    /// git).
    pub fn discover(workspace_root: &Path) -> Result<GitRepo, GitError> {
        GitRepo::discover_below(workspace_root, &[])
    }

    /// Finds the repository holding `workspace_root`, walking up but never into one of
    /// `ceilings` (what git's `GIT_CEILING_DIRECTORIES` says; the CLI passes it), so a
    /// workspace that is not in a repository of its own is not taken for part of a
    /// repository somewhere above it.
    pub fn discover_below(
        workspace_root: &Path,
        ceilings: &[PathBuf],
    ) -> Result<GitRepo, GitError> {
        let repo =
            Repository::open_ext(workspace_root, git2::RepositoryOpenFlags::empty(), ceilings)
                .map_err(|_| GitError::NotARepository {
                    path: workspace_root.to_path_buf(),
                })?;
        let workdir = repo.workdir().ok_or_else(|| GitError::NoWorkTree {
            path: repo.path().to_path_buf(),
        })?;
        // Both sides canonical, so a symlinked temp folder or a `..` in the path compares.
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let prefix = canonical(workspace_root)
            .strip_prefix(canonical(workdir))
            .map(Path::to_path_buf)
            .map_err(|_| GitError::NotARepository {
                path: workspace_root.to_path_buf(),
            })?;
        Ok(GitRepo { repo, prefix })
    }

    /// Returns the libgit2 repository, for writing commits (`promote`).
    pub(crate) fn repository(&self) -> &Repository {
        &self.repo
    }

    /// Returns the workspace folder relative to the repository's top (`""` at the top).
    pub fn prefix(&self) -> &Path {
        &self.prefix
    }

    /// Returns the working tree of the workspace folder `root`, with the index answering
    /// the blob ids of files unchanged since they were staged ([`IndexedTree`]).
    pub fn indexed_working_tree(&self, root: &Path) -> IndexedTree {
        IndexedTree::new(root, &self.repo, &self.prefix)
    }

    /// Returns the workspace folder as it is at `rev` (anything `git rev-parse` accepts:
    /// `HEAD~1`, `main`, `v1.2`, a commit id), read from the repository's objects.
    pub fn revision_tree(&self, rev: &str) -> Result<GitTree, GitError> {
        let unknown = |e: git2::Error| GitError::UnknownRevision {
            rev: rev.to_string(),
            message: e.message().to_string(),
        };
        let object = self.repo.revparse_single(rev).map_err(unknown)?;
        let commit = object
            .peel(ObjectType::Commit)
            .ok()
            .map(|c| c.id().to_string());
        let tree = object.peel_to_tree().map_err(unknown)?;
        let root = if self.prefix.as_os_str().is_empty() {
            tree.id()
        } else {
            let missing = || GitError::NoWorkspaceAtRevision {
                rev: rev.to_string(),
                folder: crate::source::display_path(&self.prefix),
            };
            let entry = tree.get_path(&self.prefix).map_err(|_| missing())?;
            if entry.kind() != Some(ObjectType::Tree) {
                return Err(missing());
            }
            entry.id()
        };
        // A handle of its own: a `GitTree` is shared between threads behind a lock.
        let repo = Repository::open(self.repo.path())?;
        Ok(GitTree::new(repo, root, rev.to_string(), commit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{EntryKind, SourceError, Tree};
    use git2::Signature;

    /// Commits the files (path, contents) of `files` on top of HEAD in `repo`.
    fn commit(repo: &Repository, files: &[(&str, &str)], message: &str) {
        let workdir = repo.workdir().unwrap();
        let mut index = repo.index().unwrap();
        for (path, contents) in files {
            let full = workdir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, contents).unwrap();
            index.add_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::now("t", "t@example.com").unwrap();
        let parents: Vec<git2::Commit> = repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap();
    }

    /// Creates the symlinks `(link, target)` under `root` and adds them to the index.
    fn stage_links(repo: &Repository, root: &Path, links: &[(&str, &str)]) {
        for (link, target) in links {
            let full = root.join(link);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(target, full).unwrap();
        }
        let mut index = repo.index().unwrap();
        for (link, _) in links {
            index.add_path(Path::new(link)).unwrap();
        }
        index.write().unwrap();
    }

    #[test]
    fn follows_symlinks_inside_the_workspace_and_refuses_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let links = [
            (
                "deploy/environments/dev/web.yaml",
                "../../shared/common.yaml",
            ),
            ("deploy/charts/api", "web"),
            ("deploy/via-dir.yaml", "charts/api/values.yaml"),
            ("deploy/out.yaml", "../README"),
            ("deploy/abs.yaml", "/etc/passwd"),
            ("deploy/loop-a", "loop-b"),
            ("deploy/loop-b", "loop-a"),
        ];
        stage_links(&repo, dir.path(), &links);
        commit(
            &repo,
            &[
                ("deploy/strata.yaml", "stages: [dev]\n"),
                ("deploy/charts/web/values.yaml", "a: 1\n"),
                ("deploy/shared/common.yaml", "b: 2\n"),
                ("README", "top\n"),
            ],
            "links",
        );
        let tree = GitRepo::discover(&dir.path().join("deploy"))
            .unwrap()
            .revision_tree("HEAD")
            .unwrap();
        let read = |p: &str| tree.read(Path::new(p), 100);
        assert_eq!(read("environments/dev/web.yaml").unwrap(), b"b: 2\n");
        assert_eq!(read("charts/api/values.yaml").unwrap(), b"a: 1\n");
        assert_eq!(read("via-dir.yaml").unwrap(), b"a: 1\n");
        assert_eq!(
            tree.list(Path::new("charts")).unwrap(),
            vec![
                ("api".to_string(), EntryKind::Dir),
                ("web".to_string(), EntryKind::Dir)
            ]
        );
        for outside in ["out.yaml", "abs.yaml"] {
            let err = read(outside).unwrap_err();
            assert!(err.is_refusal(), "{outside}: {err}");
            assert_eq!(tree.kind(Path::new(outside)), Some(EntryKind::File));
        }
        let err = read("loop-a").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read loop-a: more than 8 symlinks on the way"
        );
    }

    #[test]
    fn discovery_stops_at_a_ceiling() {
        let dir = tempfile::tempdir().unwrap();
        Repository::init(dir.path()).unwrap();
        let ws = dir.path().join("deploy/ws");
        std::fs::create_dir_all(&ws).unwrap();
        assert!(GitRepo::discover_below(&ws, &[]).is_ok());
        let err = GitRepo::discover_below(&ws, &[dir.path().join("deploy")]).unwrap_err();
        assert!(matches!(err, GitError::NotARepository { .. }), "{err}");
    }

    #[test]
    fn a_dangling_link_at_a_revision_is_named_not_missing() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let links = [
            ("env/dev/web.yaml", "../../shared/nope.yaml"),
            ("env/prod", "../gone"),
            ("env/qa", "../shared"),
            ("env/out.yaml", "../../nowhere/x.yaml"),
        ];
        stage_links(&repo, dir.path(), &links);
        commit(&repo, &[("shared/common.yaml", "b: 2\n")], "links");
        let tree = GitRepo::discover(dir.path())
            .unwrap()
            .revision_tree("HEAD")
            .unwrap();
        let read = |p: &str| tree.read(Path::new(p), 100).unwrap_err();
        assert_eq!(
            read("env/dev/web.yaml").to_string(),
            "the symlink env/dev/web.yaml points to \"../../shared/nope.yaml\", which does not exist"
        );
        assert_eq!(
            read("env/prod/web.yaml").to_string(),
            "cannot read env/prod/web.yaml: the symlink env/prod on the way points to \"../gone\", which does not exist"
        );
        assert!(matches!(
            read("env/qa/web.yaml"),
            SourceError::NotFound { .. }
        ));
        assert!(read("env/out.yaml").is_refusal());
        assert_eq!(
            tree.kind(Path::new("env/dev/web.yaml")),
            Some(EntryKind::File)
        );
        assert!(matches!(
            tree.list(Path::new("env/prod")),
            Err(SourceError::DanglingLink { .. })
        ));
    }

    #[test]
    fn reads_a_subfolder_workspace_at_each_revision() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        commit(
            &repo,
            &[
                ("deploy/strata.yaml", "stages: [dev]\n"),
                ("deploy/charts/web/values.yaml", "a: 1\n"),
                ("README", "top\n"),
            ],
            "one",
        );
        commit(&repo, &[("deploy/charts/web/values.yaml", "a: 2\n")], "two");
        let ws = dir.path().join("deploy");
        let git = GitRepo::discover(&ws).unwrap();
        assert_eq!(git.prefix(), Path::new("deploy"));
        let old = git.revision_tree("HEAD~1").unwrap();
        let new = git.revision_tree("HEAD").unwrap();
        let values = Path::new("charts/web/values.yaml");
        assert_eq!(old.read(values, 100).unwrap(), b"a: 1\n");
        assert_eq!(new.read(values, 100).unwrap(), b"a: 2\n");
        assert_eq!(old.label(), "HEAD~1");
        assert!(old.commit().is_some());
        assert_eq!(
            new.list(Path::new("charts")).unwrap(),
            vec![("web".to_string(), EntryKind::Dir)]
        );
        assert_eq!(new.kind(Path::new("README")), None, "outside the workspace");
        assert!(matches!(
            new.read(Path::new("../README"), 100),
            Err(SourceError::OutsideWorkspace { .. })
        ));
        assert!(matches!(
            new.read(values, 3),
            Err(SourceError::TooLarge { size: 5, .. })
        ));
        let err = git.revision_tree("nope").unwrap_err();
        assert!(matches!(err, GitError::UnknownRevision { .. }), "{err}");
    }
}
