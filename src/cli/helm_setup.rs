//! Finding helm and setting up a renderer, for every command that renders manifests
//! (`template`, `diff --manifests`, `validate --manifests`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::render::{Helm, RenderCache, Renderer};
use crate::workspace::Workspace;

use super::context::Context;
use super::error::CliError;
use super::output::warn;

/// How long one `helm template` may run; the largest real charts take about two seconds.
const HELM_TIMEOUT: Duration = Duration::from_secs(120);

/// The options every manifest command takes.
#[derive(Debug, Default, clap::Args)]
pub struct HelmFlags {
    /// The helm binary to run [default: $STRATA_HELM, else helm on PATH]
    #[arg(long = "helm", value_name = "PATH")]
    pub helm: Option<PathBuf>,
    /// Render every release with helm, ignoring the cache (results still go into it)
    #[arg(long = "no-cache")]
    pub no_cache: bool,
}

/// Returns the helm to run: `--helm`, else `STRATA_HELM`, else the first `helm` on `PATH`.
pub(super) fn locate(
    flags: &HelmFlags,
    ctx: &Context,
    command: &'static str,
) -> Result<PathBuf, CliError> {
    if let Some(path) = flags.helm.as_ref().or(ctx.strata_helm.as_ref()) {
        return Ok(ctx.cwd.join(path));
    }
    ctx.path_dirs
        .iter()
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join("helm"))
        .find(|candidate| is_executable(candidate))
        .ok_or(CliError::HelmNotFound { command })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Returns a renderer for `ws`: helm found and asked its version (warning when its major
/// is not the one `strata.yaml` declares), the workspace's cache opened, and a private
/// scratch folder under `.strata/`.
pub fn renderer(
    flags: &HelmFlags,
    ctx: &Context,
    ws: &Workspace,
    command: &'static str,
) -> Result<Renderer, CliError> {
    let path = locate(flags, ctx, command)?;
    let cache = RenderCache::open(ws.root())?;
    let scratch = ws
        .root()
        .join(".strata/tmp")
        .join(std::process::id().to_string());
    let probe_dir = scratch.join("probe");
    let helm = Helm::probe(&path, Some(&cache), &probe_dir, HELM_TIMEOUT).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&scratch);
    })?;
    let declared = ws.config().helm;
    if helm.major() != declared.major() {
        warn(
            ctx,
            "helm",
            &format!(
                "{} is Helm {} ({}), but strata.yaml declares Helm {declared} (helm.version); the manifests may differ from what the stages' Helm renders",
                path.display(),
                helm.major(),
                helm.version,
            ),
        );
    }
    Ok(Renderer::new(
        helm,
        (!flags.no_cache).then_some(cache),
        scratch,
        HELM_TIMEOUT,
    ))
}

/// Returns one worker per core.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Returns a progress callback: a bar redrawn on stderr when it is a terminal, nothing
/// otherwise.
pub fn progress(ctx: &Context) -> impl Fn(usize, usize) + Sync {
    let draw = ctx.stderr_is_terminal;
    move |done: usize, total: usize| {
        if !draw || total < 2 {
            return;
        }
        const WIDTH: usize = 30;
        let filled = WIDTH * done / total;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {done}/{total} releases",
            "=".repeat(filled),
            " ".repeat(WIDTH - filled)
        );
        if done == total {
            let _ = write!(err, "\r{}\r", " ".repeat(WIDTH + 30));
        }
        let _ = err.flush();
    }
}
