//! `strata apply-patch`: a promotion plan written by `strata promote --patch` applied to the
//! overlays, format preserved, with the same safe writes as a promotion.

use std::path::PathBuf;

use crate::promote::{apply_file_patch, FileEdit, PatchFile};
use crate::source::{display_path, read_regular_file};

use super::context::Context;
use super::error::CliError;
use super::output::{count, note, print};
use super::promote::{lock, write_files};

/// The largest patch file read.
const MAX_PATCH_BYTES: u64 = 16 * 1024 * 1024;

/// Apply a promotion plan (RFC 6902 JSON Patches) to the overlays
///
/// Reads a file written by `strata promote --patch` and applies each file's patch in
/// place: only the bytes of the patched values change, a missing key is created, and a
/// `test` operation that fails (the file changed since the plan was made) refuses the
/// whole patch. Files are replaced atomically under the promotion lock; nothing is written
/// unless every file's patch applies.
///
/// Example: strata apply-patch promotion.json
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The patch file
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Check that the patch applies; write nothing
    #[arg(long)]
    dry_run: bool,
}

/// Runs `strata apply-patch`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let name = display_path(&args.file);
    let bytes = read_regular_file(&ctx.cwd.join(&args.file), &name, MAX_PATCH_BYTES)
        .map_err(|e| CliError::Workspace(e.into()))?;
    let patch = PatchFile::parse(&bytes, &name)?;
    let ws = ctx.workspace()?;
    ws.stage(&patch.from)?;
    ws.stage(&patch.to)?;
    let files: Vec<FileEdit> = patch
        .files
        .iter()
        .map(|p| apply_file_patch(&ws, &patch.to, p))
        .collect::<Result<_, _>>()?;
    let mut out = String::new();
    for (file, edit) in patch.files.iter().zip(&files) {
        out.push_str(&format!(
            "{}: {} ({} to {})\n",
            display_path(&file.path),
            count(edit.ops.len(), "value"),
            patch.from,
            patch.to
        ));
    }
    if files.is_empty() {
        out.push_str("nothing to apply: the patch holds no file\n");
    }
    print(&out)?;
    if args.dry_run || files.is_empty() {
        return Ok(0);
    }
    let git = crate::git::GitRepo::discover_below(ws.root(), &ctx.git_ceilings).ok();
    let _lock = lock(&ws, git.as_ref())?;
    write_files(&ws, &files)?;
    note(ctx, &format!("applied {name}"));
    Ok(0)
}
