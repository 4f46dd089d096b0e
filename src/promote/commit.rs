//! Committing a promotion with git2 (reliability §3): refused mid-merge or mid-rebase, when
//! a target file has uncommitted changes, or when HEAD moved since it was read; one commit
//! holding only the files the promotion changed, on the current branch or a new one, whose
//! message names the stages, the source commit and the promoted paths as trailers (never a
//! value).

use std::path::{Path, PathBuf};

use git2::{build::TreeUpdateBuilder, FileMode, Oid, Repository, RepositoryState, Signature};

use crate::git::GitRepo;

use super::error::PromoteError;
use super::plan::PromotionPlan;

/// HEAD as it was read when the promotion started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadState {
    /// The commit.
    pub commit: Oid,
    /// The branch's reference (`refs/heads/main`), `None` when HEAD is detached.
    pub reference: Option<String>,
}

/// Where the commit goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommitTarget {
    /// The branch HEAD is on.
    CurrentBranch,
    /// A new branch of this name, started at HEAD and checked out.
    NewBranch(String),
}

/// Reads HEAD.
pub fn read_head(git: &GitRepo) -> Result<HeadState, PromoteError> {
    let repo = git.repository();
    let head = repo.head().map_err(|_| PromoteError::NoBranch {
        what: "unborn (the repository has no commit yet)",
    })?;
    let commit = head.peel_to_commit()?.id();
    let reference = head
        .is_branch()
        .then(|| head.name().map(str::to_string).ok())
        .flatten();
    Ok(HeadState { commit, reference })
}

fn state_name(state: RepositoryState) -> &'static str {
    match state {
        RepositoryState::Clean => "clean state",
        RepositoryState::Merge => "merge",
        RepositoryState::Revert | RepositoryState::RevertSequence => "revert",
        RepositoryState::CherryPick | RepositoryState::CherryPickSequence => "cherry-pick",
        RepositoryState::Bisect => "bisect",
        RepositoryState::Rebase
        | RepositoryState::RebaseInteractive
        | RepositoryState::RebaseMerge => "rebase",
        RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => "git am",
    }
}

fn repo_path(git: &GitRepo, file: &Path) -> PathBuf {
    git.prefix().join(file)
}

/// Checks that a promotion may commit `files` (relative to the workspace root) on `target`:
/// no merge or rebase under way, HEAD still at `head`, and no uncommitted change to any of
/// the files.
pub fn check_repository(
    git: &GitRepo,
    head: &HeadState,
    files: &[PathBuf],
    target: &CommitTarget,
) -> Result<(), PromoteError> {
    let repo = git.repository();
    if repo.state() != RepositoryState::Clean {
        return Err(PromoteError::MidOperation {
            state: state_name(repo.state()).to_string(),
        });
    }
    match target {
        CommitTarget::CurrentBranch if head.reference.is_none() => {
            return Err(PromoteError::NoBranch { what: "detached" })
        }
        CommitTarget::NewBranch(name) => {
            let full = format!("refs/heads/{name}");
            if !git2::Reference::is_valid_name(&full) {
                return Err(PromoteError::BranchName { name: name.clone() });
            }
            if repo.find_reference(&full).is_ok() {
                return Err(PromoteError::BranchExists { name: name.clone() });
            }
        }
        CommitTarget::CurrentBranch => {}
    }
    let now = read_head(git)?;
    if now.commit != head.commit {
        return Err(PromoteError::HeadMoved {
            read: head.commit.to_string(),
            now: now.commit.to_string(),
        });
    }
    for file in files {
        match repo.status_file(&repo_path(git, file)) {
            Ok(status) if status.is_empty() => {}
            Ok(_) => return Err(PromoteError::Uncommitted { file: file.clone() }),
            Err(e) if e.code() == git2::ErrorCode::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Returns the commit message of `plan`: a subject naming the stages, then trailers naming
/// the stages, the source commit and every promoted path (no value).
pub fn commit_message(plan: &PromotionPlan, source_commit: &Oid) -> String {
    let subject = match plan.edits.as_slice() {
        [one] => format!(
            "promote {} → {}: {} {}",
            plan.from, plan.to, one.release, one.path
        ),
        edits => format!(
            "promote {} → {}: {} values in {} releases",
            plan.from,
            plan.to,
            edits.len(),
            plan.changed_releases().len()
        ),
    };
    let mut message = format!(
        "{subject}\n\nThe values {} was tested with, written into {}'s overlays by strata promote.\n\nPromoted-From: {}\nPromoted-To: {}\nSource-Commit: {source_commit}\n",
        plan.from, plan.to, plan.from, plan.to
    );
    for edit in &plan.edits {
        message.push_str(&format!("Promoted-Path: {} {}\n", edit.release, edit.path));
    }
    message
}

fn signature(repo: &Repository) -> Result<Signature<'static>, PromoteError> {
    match repo.signature() {
        Ok(sig) => Ok(sig.to_owned()),
        Err(_) => Ok(Signature::now("strata", "strata@localhost")?),
    }
}

/// Commits `files` (relative to the workspace root, with the bytes written) on top of
/// `head`: the commit's tree is HEAD's with these files replaced, whatever else the index
/// holds; the branch moves only if it still points at `head` (else nothing is committed).
/// The files' index entries are updated so they show as committed. Returns the commit.
pub fn commit_files(
    git: &GitRepo,
    head: &HeadState,
    files: &[(PathBuf, Vec<u8>)],
    message: &str,
    target: &CommitTarget,
) -> Result<Oid, PromoteError> {
    let repo = git.repository();
    let parent = repo.find_commit(head.commit)?;
    let base = parent.tree()?;
    let mut update = TreeUpdateBuilder::new();
    for (file, bytes) in files {
        let path = repo_path(git, file);
        let mode = base
            .get_path(&path)
            .ok()
            .map(|e| e.filemode())
            .filter(|m| *m == i32::from(FileMode::BlobExecutable))
            .map_or(FileMode::Blob, |_| FileMode::BlobExecutable);
        let blob = repo.blob(bytes)?;
        update.upsert(path.to_string_lossy().as_ref(), blob, mode);
    }
    let tree = repo.find_tree(update.create_updated(repo, &base)?)?;
    let sig = signature(repo)?;
    let commit = repo.commit(None, &sig, &sig, message, &tree, &[&parent])?;
    let log = message.lines().next().unwrap_or("promote");
    match target {
        CommitTarget::CurrentBranch => {
            let name = head
                .reference
                .as_deref()
                .ok_or(PromoteError::NoBranch { what: "detached" })?;
            repo.reference_matching(name, commit, true, head.commit, log)
                .map_err(|_| {
                    let now = read_head(git).map_or_else(|_| "?".into(), |h| h.commit.to_string());
                    PromoteError::HeadMoved {
                        read: head.commit.to_string(),
                        now,
                    }
                })?;
        }
        CommitTarget::NewBranch(name) => {
            let full = format!("refs/heads/{name}");
            repo.reference(&full, commit, false, log)?;
            repo.set_head(&full)?;
        }
    }
    let mut index = repo.index()?;
    for (file, _) in files {
        index.add_path(&repo_path(git, file))?;
    }
    index.write()?;
    Ok(commit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Commits `files` on top of HEAD in the repository at `dir`.
    fn commit(repo: &Repository, files: &[(&str, &str)]) -> Oid {
        let workdir = repo.workdir().unwrap().to_path_buf();
        let mut index = repo.index().unwrap();
        for (path, text) in files {
            let full = workdir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
            index.add_path(Path::new(path)).unwrap();
        }
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::now("t", "t@example.com").unwrap();
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, "c", &tree, &parents)
            .unwrap()
    }

    #[test]
    fn refuses_a_moved_head_a_merge_under_way_and_a_taken_branch() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        commit(&repo, &[("env/prod/web.yaml", "a: 1\n")]);
        let git = GitRepo::discover(dir.path()).unwrap();
        let read = read_head(&git).unwrap();
        let files = [PathBuf::from("env/prod/web.yaml")];
        let current = CommitTarget::CurrentBranch;
        assert!(check_repository(&git, &read, &files, &current).is_ok());
        let taken = CommitTarget::NewBranch("master".into());
        assert_eq!(
            check_repository(&git, &read, &files, &taken)
                .unwrap_err()
                .to_string(),
            "the branch master exists already"
        );
        let bad = CommitTarget::NewBranch("a..b".into());
        assert!(matches!(
            check_repository(&git, &read, &files, &bad),
            Err(PromoteError::BranchName { .. })
        ));
        std::fs::write(dir.path().join(".git/MERGE_HEAD"), read.commit.to_string()).unwrap();
        let err = check_repository(&git, &read, &files, &current).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the repository is in the middle of a merge; finish or abort it first"
        );
        assert!(err.is_refusal());
        std::fs::remove_file(dir.path().join(".git/MERGE_HEAD")).unwrap();
        commit(&repo, &[("other.txt", "x\n")]);
        let err = check_repository(&git, &read, &files, &current).unwrap_err();
        assert!(matches!(err, PromoteError::HeadMoved { .. }), "{err}");
        // Committing against the HEAD read: the branch does not move.
        let before = read_head(&git).unwrap();
        let written = [(PathBuf::from("env/prod/web.yaml"), b"a: 2\n".to_vec())];
        let err = commit_files(&git, &read, &written, "m", &current).unwrap_err();
        assert!(matches!(err, PromoteError::HeadMoved { .. }), "{err}");
        assert_eq!(read_head(&git).unwrap(), before);
    }

    #[test]
    fn commits_only_the_given_files_on_top_of_head() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let first = commit(
            &repo,
            &[("ws/env/prod/web.yaml", "a: 1\n"), ("ws/x", "x\n")],
        );
        std::fs::create_dir_all(dir.path().join("ws")).unwrap();
        let git = GitRepo::discover(&dir.path().join("ws")).unwrap();
        let head = read_head(&git).unwrap();
        std::fs::write(dir.path().join("ws/x"), "changed, not promoted\n").unwrap();
        std::fs::write(dir.path().join("ws/env/prod/web.yaml"), "a: 2\n").unwrap();
        let written = [(PathBuf::from("env/prod/web.yaml"), b"a: 2\n".to_vec())];
        let id = commit_files(
            &git,
            &head,
            &written,
            "promote\n",
            &CommitTarget::CurrentBranch,
        )
        .unwrap();
        let made = repo.find_commit(id).unwrap();
        assert_eq!(made.parent_id(0).unwrap(), first);
        let diff = repo
            .diff_tree_to_tree(
                Some(&made.parent(0).unwrap().tree().unwrap()),
                Some(&made.tree().unwrap()),
                None,
            )
            .unwrap();
        let paths: Vec<String> = diff
            .deltas()
            .map(|d| d.new_file().path().unwrap().display().to_string())
            .collect();
        assert_eq!(paths, ["ws/env/prod/web.yaml"]);
        assert!(repo
            .status_file(Path::new("ws/env/prod/web.yaml"))
            .unwrap()
            .is_empty());
        assert_eq!(
            repo.status_file(Path::new("ws/x")).unwrap(),
            git2::Status::WT_MODIFIED
        );
    }
}
