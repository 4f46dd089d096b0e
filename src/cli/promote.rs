//! `strata promote`: what was tested in one stage carried to the next, shown as a diff of the
//! target stage, checked by the gates, then written (atomically, under a lock) and, with
//! `--commit`, committed.

use std::path::{Path, PathBuf};

use crate::diff::{
    format_json, format_markdown, format_text, format_unified, DiffReport, DiffView,
    MarkdownOptions, DEFAULT_MAX_BYTES,
};
use crate::git::GitRepo;
use crate::promote::{
    check_gates, check_repository, check_targets, commit_files, commit_message, edit_files,
    edited_workspace, plan_promotion, read_head, CommitTarget, FileEdit, GateReport, PatchFile,
    PromoteError, PromotionLock, PromotionPlan, LOCK_FILE,
};
use crate::source::display_path;
use crate::workspace::Workspace;

use super::atomic_file::write_atomically;
use super::context::Context;
use super::diff::{sandbox_program, DiffFormat};
use super::error::CliError;
use super::findings::{text, FindingsView};
use super::output::{count, note, print};

/// Promote what was tested in one stage to the next
///
/// For each release, the promotable paths (strata.yaml's `promotion:` rules; by default
/// `**.image.tag` and `**.image.digest`) whose value in FROM differs from TO's are written
/// into TO's overlays: in the file that sets the key today, else in the release's overlay
/// of TO (the key, and the file, created if missing). Only the bytes of the edited values
/// change. A template (.yaml.tera) is edited only where the value is literal text, else
/// refused at the line that computes it; a new key never goes into a template. The plan is
/// shown as a diff of TO before and after.
///
/// Before anything is written, TO is layered, validated (schemas, lint errors, policies) and
/// diffed again with the edits applied in memory: a new error, or a change that is not
/// exactly the plan, writes nothing (exit 1). Files are replaced atomically under a lock; a
/// symlinked target or one changed since it was read is refused (exit 3).
///
/// With --check: exit 1 while TO lags FROM (the plan is printed), 0 when it does not. With
/// --patch FILE: the plan is written as RFC 6902 JSON Patches, one per file, for `strata
/// apply-patch`, and the overlays are left alone. With --commit: one git commit of the
/// changed files, refused when a target file has uncommitted changes, mid-merge or when HEAD
/// moved.
///
/// Example: strata promote staging production --dry-run
///
/// Example: strata promote staging production --commit --branch promote/production
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stage whose values are promoted
    #[arg(value_name = "FROM")]
    from: String,
    /// The stage that receives them
    #[arg(value_name = "TO")]
    to: String,
    /// Only this release (repeatable)
    #[arg(short = 'r', long = "release", value_name = "RELEASE")]
    releases: Vec<String>,
    /// Only the releases of this chart (repeatable)
    #[arg(short = 'c', long = "chart", value_name = "CHART")]
    charts: Vec<String>,
    /// Show the plan and run the gates; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Exit with 1 while TO lags FROM on a promotable path (the plan is printed); write
    /// nothing
    #[arg(long, conflicts_with_all = ["patch", "commit"])]
    check: bool,
    /// Write the plan as RFC 6902 JSON Patches to FILE instead of editing the overlays
    #[arg(long, value_name = "FILE", conflicts_with = "commit")]
    patch: Option<PathBuf>,
    /// Commit the changed overlays (one commit, only those files)
    #[arg(long, conflicts_with = "dry_run")]
    commit: bool,
    /// With --commit: commit on this new branch, started at HEAD and checked out
    #[arg(long, value_name = "NAME", requires = "commit")]
    branch: Option<String>,
    /// How the plan is shown
    #[arg(short = 'o', long = "output", value_enum, default_value_t)]
    output: DiffFormat,
    #[command(flatten)]
    helm: super::helm_flag::HelmFlag,
}

/// Runs `strata promote`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let ws = args.helm.apply(ctx.workspace()?);
    let git = GitRepo::discover_below(ws.root(), &ctx.git_ceilings);
    // HEAD as read before anything else: the commit goes on top of it, or nowhere.
    let head = match (&git, args.commit) {
        (Ok(git), true) => Some(read_head(git)?),
        (Err(_), true) => {
            return Err(CliError::Usage(
                "--commit needs the workspace to be in a git repository".into(),
            ))
        }
        _ => None,
    };
    let plan = plan_promotion(&ws, &args.from, &args.to, (&args.releases, &args.charts))?;
    if plan.is_empty() {
        if let Some(file) = &args.patch {
            let patch = PatchFile::of(&plan.from, &plan.to, &[], &ws.config().limits.yaml)?;
            write_patch(ctx, file, &patch)?;
        }
        print(&format!(
            "nothing to promote: {} has {}'s values on every promotable path\n",
            plan.to, plan.from
        ))?;
        return Ok(0);
    }
    let files = edit_files(&ws, &plan)?;
    let gates = check_gates(&ws, &plan, &files)?;
    show_plan(&args, ctx, &plan, &files, &gates.diff)?;
    if !gates.passed() {
        report_gates(ctx, &ws, &files, &gates)?;
        return Ok(1);
    }
    if args.check {
        return Ok(1);
    }
    if let Some(file) = &args.patch {
        if let Some(secret) = plan.edits.iter().find(|e| e.secret) {
            return Err(PromoteError::SecretInPatch {
                release: secret.release.clone(),
                path: secret.path.clone(),
            }
            .into());
        }
        let patch = PatchFile::of(&plan.from, &plan.to, &files, &ws.config().limits.yaml)?;
        write_patch(ctx, file, &patch)?;
        note(
            ctx,
            &format!(
                "wrote the plan to {} ({}); the overlays are unchanged",
                display_path(file),
                count(files.len(), "file")
            ),
        );
        return Ok(0);
    }
    if args.dry_run {
        note(ctx, "dry run: nothing was written");
        return Ok(0);
    }
    let _lock = lock(&ws, git.as_ref().ok())?;
    let target = match &args.branch {
        Some(name) => CommitTarget::NewBranch(name.clone()),
        None => CommitTarget::CurrentBranch,
    };
    if let (Ok(git), Some(head)) = (&git, &head) {
        let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
        check_repository(git, head, &paths, &target)?;
    }
    write_files(&ws, &files)?;
    note(
        ctx,
        &format!(
            "promoted {} into {}",
            count(plan.edits.len(), "value"),
            files
                .iter()
                .map(|f| display_path(&f.path))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    if let (Ok(git), Some(head)) = (&git, &head) {
        let message = commit_message(&plan, &head.commit);
        let written: Vec<(PathBuf, Vec<u8>)> = files
            .iter()
            .map(|f| (f.path.clone(), f.after.clone()))
            .collect();
        let commit = commit_files(git, head, &written, &message, &target)?;
        let branch = match &target {
            CommitTarget::NewBranch(name) => name.clone(),
            CommitTarget::CurrentBranch => head
                .reference
                .as_deref()
                .unwrap_or_default()
                .trim_start_matches("refs/heads/")
                .to_string(),
        };
        note(
            ctx,
            &format!("committed {:.7} on {branch}", commit.to_string()),
        );
    }
    Ok(0)
}

/// Takes the promotion lock: in the git folder when the workspace is in a repository, else
/// in the workspace root.
pub(super) fn lock(ws: &Workspace, git: Option<&GitRepo>) -> Result<PromotionLock, CliError> {
    let (path, shown) = match git {
        Some(git) => {
            let dir = git.repository().path().to_path_buf();
            let shown = dir
                .strip_prefix(ws.root())
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| dir.clone());
            (dir.join(LOCK_FILE), shown.join(LOCK_FILE))
        }
        None => {
            let name = format!(".{LOCK_FILE}");
            (ws.root().join(&name), PathBuf::from(name))
        }
    };
    Ok(PromotionLock::acquire(&path, &shown)?)
}

/// Checks the targets once more (under the lock) and replaces each atomically.
pub(super) fn write_files(ws: &Workspace, files: &[FileEdit]) -> Result<(), CliError> {
    check_targets(ws.root(), files)?;
    for file in files {
        let text = std::str::from_utf8(&file.after).expect("an edited document is UTF-8 text");
        write_atomically(&ws.root().join(&file.path), text)?;
    }
    Ok(())
}

fn write_patch(ctx: &Context, file: &Path, patch: &PatchFile) -> Result<(), CliError> {
    write_atomically(&ctx.cwd.join(file), &patch.to_json())
}

/// Prints the plan: the target stage before → after in the chosen format, and (as text) the
/// file and line of every edit.
fn show_plan(
    args: &Args,
    ctx: &Context,
    plan: &PromotionPlan,
    files: &[FileEdit],
    diff: &DiffReport,
) -> Result<(), CliError> {
    let diff = &DiffView::of(diff);
    match args.output {
        DiffFormat::Text => {
            let shown = format_text(diff, ctx.color_stdout);
            let body = shown.split_once('\n').map_or("", |(_, rest)| rest);
            let mut out = format!("strata promote: {} → {}\n{body}", plan.from, plan.to);
            out.push_str("\nedits:\n");
            for edit in &plan.edits {
                let place = match &edit.at {
                    Some(at) => at.to_string(),
                    None => format!("{} (new key)", display_path(&edit.file)),
                };
                out.push_str(&format!("  {place}  {} {}\n", edit.release, edit.path));
            }
            let created: Vec<String> = files
                .iter()
                .filter(|f| f.before.is_none())
                .map(|f| display_path(&f.path))
                .collect();
            if !created.is_empty() {
                out.push_str(&format!("new files: {}\n", created.join(", ")));
            }
            print(&out)
        }
        DiffFormat::Json => print(&format_json(diff)),
        DiffFormat::Unified => {
            let unified = format_unified(diff, ctx.color_stdout);
            print(&unified.patch)?;
            for line in &unified.notes {
                note(ctx, line);
            }
            Ok(())
        }
        DiffFormat::Markdown => {
            let options = MarkdownOptions {
                max_bytes: DEFAULT_MAX_BYTES,
                template: None,
                full_command: format!("strata promote {} {} --dry-run", plan.from, plan.to),
                budget: crate::sandbox::TemplateBudget::default(),
                sandbox_program: Some(sandbox_program()?),
            };
            // The comparison's title names the target twice; the promotion's names both stages.
            let shown = format_markdown(diff, &options)?;
            let body = match shown.split_once('\n') {
                Some((first, rest)) if first.starts_with("### strata diff:") => rest,
                _ => shown.as_str(),
            };
            print(&format!(
                "### strata promote: `{}` → `{}`\n{body}",
                plan.from, plan.to
            ))
        }
    }
}

/// Prints why the gates stopped the promotion: the new findings (as `strata validate`
/// prints them, at the lines of the edited files) and the changes that are not the plan.
fn report_gates(
    ctx: &Context,
    ws: &Workspace,
    files: &[FileEdit],
    gates: &GateReport,
) -> Result<(), CliError> {
    let mut out = String::from("\n");
    if !gates.findings.is_empty() {
        let after = edited_workspace(ws, files);
        let releases = gates.diff.releases.len();
        out.push_str(&text(
            &after,
            &FindingsView::of(&gates.findings, releases).named_in(&after),
            ctx.color_stdout,
        ));
    }
    for mismatch in &gates.mismatches {
        let place = mismatch
            .origin
            .as_ref()
            .map_or_else(String::new, |o| format!(" ({o})"));
        if mismatch.planned {
            out.push_str(&format!(
                "{} {}: the edit does not give the promoted value{place}\n",
                mismatch.release, mismatch.path
            ));
        } else {
            out.push_str(&format!(
                "{} {}: would change too, outside the plan{place}\n",
                mismatch.release, mismatch.path
            ));
        }
    }
    print(&out)?;
    eprintln!("error: the promoted stage does not pass the gates; nothing was written");
    Ok(())
}
