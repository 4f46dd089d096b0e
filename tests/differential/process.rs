//! Running `helm` and `strata` as child processes: a scrubbed environment, a time limit, and
//! the outcome as data.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::case::Helm;

/// A process that ran longer than this is killed and reported; a case takes well under a
/// second, the largest real chart about two.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// What a child process did.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code; `None` when killed by a signal or the time limit.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// Returns the helm binary of `helm`, found or installed by `scripts/install-helm.sh 3`
/// (Helm 3.17.3) or `scripts/install-helm.sh 4` (Helm 4.1.4), once per run.
///
/// Panics when the script fails: CI installs helm through it, so a missing helm is a
/// failure of the suite, never a reason to skip it.
pub fn helm_binary(helm: Helm) -> &'static Path {
    static HELM3: OnceLock<PathBuf> = OnceLock::new();
    static HELM4: OnceLock<PathBuf> = OnceLock::new();
    let (cell, major) = match helm {
        Helm::V3 => (&HELM3, "3"),
        Helm::V4 => (&HELM4, "4"),
    };
    cell.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-helm.sh");
        let out = Command::new("bash")
            .arg(&script)
            .arg(major)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let path = stdout.lines().last().unwrap_or("").trim();
        assert!(
            out.status.success() && !path.is_empty(),
            "{} failed ({}); the differential suite needs helm v3.17.3 and v4.1.4\nstdout: {stdout}\nstderr: {}",
            script.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr),
        );
        PathBuf::from(path)
    })
}

/// Runs `helm template probe <chart> <args> <extra>` in `dir`, with helm's homes inside `dir`
/// so no user configuration, plugin or repository cache takes part. `extra` is
/// `--skip-schema-validation` except for the cases about schemas.
pub fn run_helm(
    dir: &Path,
    chart: &str,
    args: &[String],
    extra: &[&str],
    stdin: Option<&[u8]>,
    helm: Helm,
) -> Outcome {
    let mut cmd = Command::new(helm_binary(helm));
    cmd.args(["template", "probe", chart])
        .args(args)
        .args(extra)
        .env("HELM_CACHE_HOME", dir.join(".helm/cache"))
        .env("HELM_CONFIG_HOME", dir.join(".helm/config"))
        .env("HELM_DATA_HOME", dir.join(".helm/data"))
        .env("HELM_PLUGINS", dir.join(".helm/plugins"))
        .env("KUBECONFIG", dir.join(".helm/kubeconfig"));
    run(cmd, dir, stdin)
}

/// Runs `strata merge <chart> <args> <extra> -o json --helm-version N [--subchart path]` in
/// `dir`.
pub fn run_strata(
    dir: &Path,
    chart: &str,
    args: &[String],
    extra: &[&str],
    subchart: Option<&str>,
    stdin: Option<&[u8]>,
    helm: Helm,
) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
    cmd.args(["merge", chart]).args(args).args(extra).args([
        "-o",
        "json",
        "--helm-version",
        helm.number(),
    ]);
    if let Some(path) = subchart {
        cmd.args(["--subchart", path]);
    }
    cmd.env("NO_COLOR", "1");
    run(cmd, dir, stdin)
}

/// Runs `cmd` in `dir` with `stdin` on its standard input (nothing when `None`).
fn run(mut cmd: Command, dir: &Path, stdin: Option<&[u8]>) -> Outcome {
    cmd.current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let program = format!("{:?}", cmd.get_program());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let input = input.to_vec();
        // A child that does not read its input closes the pipe: that error is expected.
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = pipe.write_all(&input);
        });
    }
    let mut stdout = child.stdout.take().expect("stdout was piped above");
    let mut stderr = child.stderr.take().expect("stderr was piped above");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                timed_out = true;
                break child.wait().ok();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => panic!("waiting for {program}: {e}"),
        }
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let mut stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    if timed_out {
        stderr.push_str(&format!("\n[killed after {}s]", TIME_LIMIT.as_secs()));
    }
    Outcome {
        code: status.and_then(|s| s.code()).filter(|_| !timed_out),
        stdout,
        stderr,
    }
}
