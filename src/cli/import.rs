//! `strata import helmfile`: a new workspace from a helmfile, resolved by the real helmfile.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::import::{declared_environments, import_helmfile, Helmfile, ImportRequest};
use crate::source::display_path;

use super::atomic_file::write_atomically;
use super::context::Context;
use super::error::CliError;
use super::init::refuse_existing_workspace;
use super::output::print;

/// How long one helmfile run may take.
const HELMFILE_TIMEOUT: Duration = Duration::from_secs(120);

/// Start a workspace from another tool's configuration
///
/// Example: strata import helmfile
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Subcommand)]
enum Source {
    Helmfile(HelmfileArgs),
}

/// Import a helmfile: its environments become stages, its releases releases
///
/// Runs the real helmfile (`helmfile -e ENV build`, with and without --embed-values) for
/// every environment, so its templates are resolved by helmfile itself, then writes in the
/// current folder: strata.yaml (the stages, in the order the helmfile declares them, and the
/// releases with their chart, namespace and stages), environments/<stage>/stage.yaml (the
/// environment's values) and environments/<stage>/<release>/NN-<name>.yaml (each values
/// entry of the release, in order: plain files copied as written, inline values and .gotmpl
/// files as helmfile rendered them; its set: entries last). Charts must be folders under
/// charts/.
///
/// Whatever the workspace cannot hold (hooks, needs, secrets, repository charts, template
/// logic, ...) is listed under "not imported", and the exit status is then 1. Nothing is
/// written over an existing file (exit 3).
///
/// Example: strata import helmfile helmfile.yaml
#[derive(Debug, clap::Args)]
struct HelmfileArgs {
    /// The helmfile [default: helmfile.yaml, else helmfile.yaml.gotmpl]
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// The helmfile binary to run [default: $STRATA_HELMFILE, else helmfile on PATH]
    #[arg(long = "helmfile", value_name = "PATH")]
    helmfile: Option<PathBuf>,
    /// The helm binary helmfile runs [default: $STRATA_HELM, else helmfile's own choice]
    #[arg(long = "helm", value_name = "PATH")]
    helm: Option<PathBuf>,
}

/// Returns the helmfile binary: `--helmfile`, else `STRATA_HELMFILE`, else `helmfile` on
/// `PATH`.
fn locate_helmfile(given: Option<&PathBuf>, ctx: &Context) -> Result<PathBuf, CliError> {
    if let Some(path) = given.or(ctx.strata_helmfile.as_ref()) {
        return Ok(ctx.cwd.join(path));
    }
    ctx.path_dirs
        .iter()
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join("helmfile"))
        .find(|candidate| candidate.is_file())
        .ok_or(CliError::HelmfileNotFound)
}

/// Returns the helmfile to import: the one given, else `helmfile.yaml` or
/// `helmfile.yaml.gotmpl` in `root`, as helmfile itself looks for them.
fn helmfile_path(given: Option<&PathBuf>, root: &Path) -> Result<PathBuf, CliError> {
    if let Some(path) = given {
        return Ok(path.clone());
    }
    ["helmfile.yaml", "helmfile.yaml.gotmpl"]
        .iter()
        .map(PathBuf::from)
        .find(|p| root.join(p).is_file())
        .ok_or_else(|| {
            CliError::Usage(
                "no helmfile.yaml or helmfile.yaml.gotmpl here: name the helmfile (strata import helmfile FILE)".into(),
            )
        })
}

/// Runs `strata import`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let Source::Helmfile(args) = args.source;
    let root = &ctx.cwd;
    refuse_existing_workspace(root, "strata import helmfile")?;
    let file = helmfile_path(args.file.as_ref(), root)?;
    let program = locate_helmfile(args.helmfile.as_ref(), ctx)?;
    let helm = args
        .helm
        .as_ref()
        .or(ctx.strata_helm.as_ref())
        .map(|p| ctx.cwd.join(p));
    // A folder (helmfile.d) has no order of its own.
    let declared_order = std::fs::read(root.join(&file))
        .map(|bytes| declared_environments(&String::from_utf8_lossy(&bytes)))
        .unwrap_or_default();
    let request = ImportRequest {
        helmfile: Helmfile {
            program,
            helm,
            file: file.clone(),
            dir: root.clone(),
            timeout: HELMFILE_TIMEOUT,
        },
        root: root.clone(),
        declared_order,
        max_file_bytes: ctx
            .limits_over(crate::yaml::InputLimits::default())
            .max_file_bytes,
    };
    let plan = import_helmfile(&request)?;
    if let Some(existing) = plan.existing(root).first() {
        return Err(CliError::Refused(format!(
            "{} already exists: `strata import helmfile` writes only new files",
            display_path(&existing.path)
        )));
    }
    let mut out = format!(
        "imported {}: stages {}; releases {}\n",
        display_path(&file),
        plan.stages.join(", "),
        plan.releases.join(", ")
    );
    for planned in &plan.files {
        write_atomically(&root.join(&planned.path), &planned.text)?;
        out.push_str(&format!("wrote {}\n", display_path(&planned.path)));
    }
    if !plan.notes.is_empty() {
        out.push_str(&format!("not imported ({}):\n", plan.notes.len()));
        for note in &plan.notes {
            out.push_str(&format!("  {note}\n"));
        }
    }
    out.push_str("next: strata validate; strata render --for-helm -s STAGE -r RELEASE\n");
    print(&out)?;
    Ok(if plan.notes.is_empty() { 0 } else { 1 })
}
