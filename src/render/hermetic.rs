//! Running helm hermetically: an empty environment but for `HOME` and the `HELM_*` homes,
//! all inside a private folder, no `PATH`, no plugins, and a time limit (reliability §2).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::process::run_bounded;

/// What a finished helm run printed.
pub(crate) struct HelmOutput {
    /// True when helm exited with 0.
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) use crate::process::RunFailure;

/// Runs `helm ARGS` with `home` (an empty folder, created here) as its only state.
pub(crate) fn run_helm(
    helm: &Path,
    args: &[std::ffi::OsString],
    home: &Path,
    timeout: Duration,
) -> Result<HelmOutput, RunFailure> {
    for sub in ["cache", "config", "data", "plugins"] {
        std::fs::create_dir_all(home.join(sub)).map_err(RunFailure::Spawn)?;
    }
    let mut cmd = Command::new(helm);
    cmd.args(args)
        .env_clear()
        .env("HOME", home)
        .env("HELM_CACHE_HOME", home.join("cache"))
        .env("HELM_CONFIG_HOME", home.join("config"))
        .env("HELM_DATA_HOME", home.join("data"))
        .env("HELM_PLUGINS", home.join("plugins"))
        .env(
            "HELM_REPOSITORY_CONFIG",
            home.join("config/repositories.yaml"),
        )
        .env("HELM_REGISTRY_CONFIG", home.join("config/registry.json"))
        .env("KUBECONFIG", home.join("kubeconfig"))
        .current_dir(home);
    let done = run_bounded(&mut cmd, timeout)?;
    Ok(HelmOutput {
        success: done.status.success(),
        stdout: String::from_utf8_lossy(&done.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&done.stderr).into_owned(),
    })
}
