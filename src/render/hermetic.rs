//! Running helm hermetically: an empty environment but for `HOME` and the `HELM_*` homes,
//! all inside a private folder, no `PATH`, no plugins, and a time limit (reliability §2).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a finished helm run printed.
pub(crate) struct HelmOutput {
    /// True when helm exited with 0.
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Why a helm run gave no output.
pub(crate) enum RunFailure {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It ran past the time limit and was killed.
    TimedOut,
}

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
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(RunFailure::Spawn)?;
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    // Both pipes are drained on threads, so a large output never blocks helm.
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunFailure::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(RunFailure::Spawn(e)),
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Ok(HelmOutput {
        success: status.success(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}
