//! [`Helmfile`]: the real `helmfile` binary, asked for a helmfile's resolved state.
//!
//! `helmfile build` prints the state after helmfile has rendered every template of the
//! helmfile (`{{ .Environment.Name }}`, `{{ .Values.x }}`, `.gotmpl` files): release names,
//! namespaces, charts and values paths as helmfile resolves them for one environment; with
//! `--embed-values` each values entry is replaced by the values it holds (a `.gotmpl` file
//! rendered). Asking helmfile itself is the only way to resolve them as it does: its
//! templates are Go templates with sprig and helmfile's own functions (`exec`, `readFile`,
//! `requiredEnv`), which strata does not re-implement.
//!
//! helmfile runs as the user would run it (their environment, which its templates may read),
//! in the workspace's folder, with no terminal input and a time limit. `build` asks helm for
//! its version and nothing else; no chart is fetched and no cluster is contacted.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::process::{run_bounded, RunFailure};

use super::error::ImportError;

/// How to run helmfile on one helmfile.
#[derive(Clone, Debug)]
pub struct Helmfile {
    /// The helmfile binary.
    pub program: PathBuf,
    /// The helm binary helmfile is told to use (`-b`); helmfile's own default otherwise.
    pub helm: Option<PathBuf>,
    /// The helmfile, as given (`-f`), relative to `dir` or absolute.
    pub file: PathBuf,
    /// The folder helmfile runs in.
    pub dir: PathBuf,
    /// The longest one run may take.
    pub timeout: Duration,
}

impl Helmfile {
    /// Returns what `helmfile [-e ENV] build [--embed-values]` prints: the resolved state
    /// of every helmfile document, one YAML document each.
    pub fn build(
        &self,
        environment: Option<&str>,
        embed_values: bool,
    ) -> Result<String, ImportError> {
        let mut args: Vec<String> = vec!["--no-color".into(), "--quiet".into()];
        args.push("--file".into());
        args.push(self.file.to_string_lossy().into_owned());
        if let Some(helm) = &self.helm {
            args.push("--helm-binary".into());
            args.push(helm.to_string_lossy().into_owned());
        }
        if let Some(environment) = environment {
            args.push("--environment".into());
            args.push(environment.into());
        }
        args.push("build".into());
        if embed_values {
            args.push("--embed-values".into());
        }
        self.run(&args)
    }

    /// Runs helmfile with `args` and returns its standard output.
    fn run(&self, args: &[String]) -> Result<String, ImportError> {
        let shown = shown_args(args);
        let done = run_bounded(
            Command::new(&self.program)
                .args(args)
                .current_dir(&self.dir)
                // helmfile asks GitHub for its latest version on some commands; nothing
                // here reaches the network.
                .env("HELMFILE_UPGRADE_NOTICE_DISABLED", "1"),
            self.timeout,
        )
        .map_err(|failure| match failure {
            RunFailure::Spawn(source) => ImportError::Spawn {
                program: self.program.clone(),
                source,
            },
            RunFailure::TimedOut => ImportError::TimedOut {
                args: shown.clone(),
                seconds: self.timeout.as_secs(),
            },
        })?;
        let (status, stdout, stderr) = (done.status, done.stdout, done.stderr);
        if !status.success() {
            return Err(ImportError::Failed {
                args: shown,
                stderr: String::from_utf8_lossy(&stderr).trim().to_string(),
            });
        }
        String::from_utf8(stdout).map_err(|_| ImportError::Output {
            args: shown,
            message: "it is not UTF-8".into(),
        })
    }
}

/// Returns the arguments as a message shows them: the command, without the binaries' paths.
fn shown_args(args: &[String]) -> String {
    let mut shown = Vec::new();
    let mut skip = false;
    for arg in args {
        if skip {
            skip = false;
            continue;
        }
        match arg.as_str() {
            "--no-color" | "--quiet" => {}
            "--helm-binary" => skip = true,
            _ => shown.push(arg.as_str()),
        }
    }
    shown.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_show_the_command_without_the_binaries() {
        let args: Vec<String> = [
            "--no-color",
            "--quiet",
            "--file",
            "helmfile.yaml",
            "--helm-binary",
            "/x/helm",
            "--environment",
            "dev",
            "build",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            shown_args(&args),
            "--file helmfile.yaml --environment dev build"
        );
    }
}
