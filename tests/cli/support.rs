//! A workspace in a temporary folder, the real `strata` binary run in it, and one
//! assertion comparing exit status, stdout and stderr together, with the folder's path
//! replaced by `[WS]`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A run taking longer than this is a hang (a FIFO read, a runaway parse): the child is
/// killed and the test fails instead of blocking the suite.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A temporary folder holding a workspace (or just some files), removed when dropped.
pub struct Ws {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// The folder runs start in: the root, or a folder inside it ([`Ws::in_folder`]).
    cwd: PathBuf,
}

impl Ws {
    pub fn new() -> Ws {
        let dir = tempfile::tempdir().expect("a temporary folder can be created");
        // Canonical, so the path strata prints (it resolves symlinks such as macOS's /tmp)
        // is the one replaced by `[WS]`.
        let root = dir
            .path()
            .canonicalize()
            .expect("the temporary folder exists");
        Ws {
            _dir: dir,
            cwd: root.clone(),
            root,
        }
    }

    /// Writes `contents` to `path` (relative to the folder), creating parent folders.
    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Ws {
        let full = self.root.join(path);
        fs::create_dir_all(full.parent().expect("a file path has a parent"))
            .expect("parent folders can be created");
        fs::write(&full, contents).expect("the file can be written");
        self
    }

    /// Creates the folder `path`.
    pub fn dir(self, path: &str) -> Ws {
        fs::create_dir_all(self.root.join(path)).expect("the folder can be created");
        self
    }

    /// Creates a symlink at `path` pointing to `target` (taken as written).
    #[cfg(unix)]
    pub fn symlink(self, path: &str, target: impl AsRef<Path>) -> Ws {
        let full = self.root.join(path);
        fs::create_dir_all(full.parent().expect("a file path has a parent"))
            .expect("parent folders can be created");
        std::os::unix::fs::symlink(target, &full).expect("the symlink can be created");
        self
    }

    /// Creates a named pipe at `path`.
    #[cfg(unix)]
    pub fn fifo(self, path: &str) -> Ws {
        let full = self.root.join(path);
        fs::create_dir_all(full.parent().expect("a file path has a parent"))
            .expect("parent folders can be created");
        let status = Command::new("mkfifo")
            .arg(&full)
            .status()
            .expect("mkfifo runs");
        assert!(status.success(), "mkfifo {} failed", full.display());
        self
    }

    /// Runs later commands in the folder `path` inside the temporary folder, so a test can
    /// keep a workspace and files outside it in its own temporary folder.
    pub fn in_folder(mut self, path: &str) -> Ws {
        self.cwd = self.root.join(path);
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Reads a file the run wrote.
    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.root.join(path))
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
    }

    /// Runs `strata --color never ARGS` in the folder, with `NO_COLOR=1` and no stdin.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_env(args, &[])
    }

    /// Runs like [`Ws::run`], with environment variables set (`Some`) or removed (`None`).
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, Option<&str>)]) -> Output {
        self.run_full(args, env, None)
    }

    /// Runs like [`Ws::run`], with `input` on standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        self.run_full(args, &[], Some(input))
    }

    /// Runs `bash -c COMMAND` in the folder with the `strata` under test first on `PATH`,
    /// `NO_COLOR=1`, no `CI` and no stdin; returns stdout then stderr as one text.
    pub fn run_shell(&self, command: &str) -> String {
        let binary = Path::new(env!("CARGO_BIN_EXE_strata"));
        let bin_dir = binary.parent().expect("the binary sits in a folder");
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![bin_dir.to_path_buf()];
        paths.extend(std::env::split_paths(&path));
        let out = Command::new("bash")
            .arg("-c")
            .arg(command)
            .current_dir(&self.root)
            .env(
                "PATH",
                std::env::join_paths(paths).expect("PATH can be joined"),
            )
            .env("NO_COLOR", "1")
            .env("STRATA_HELM", helm())
            .env_remove("CI")
            .env_remove("CLICOLOR_FORCE")
            .stdin(Stdio::null())
            .output()
            .expect("bash runs");
        let root = self.root.to_string_lossy();
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        text.replace(&*root, "[WS]")
    }

    fn run_full(
        &self,
        args: &[&str],
        env: &[(&str, Option<&str>)],
        input: Option<&[u8]>,
    ) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_strata"));
        for (name, value) in env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        let mut child = command
            .arg("--color")
            .arg("never")
            .args(args)
            .current_dir(&self.cwd)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            // Nothing of the machine's: no git configuration of the user's (libgit2 reads
            // it from HOME and XDG_CONFIG_HOME), no repository above the temporary folder.
            .env("HOME", &self.root)
            .env_remove("XDG_CONFIG_HOME")
            .env(
                "GIT_CEILING_DIRECTORIES",
                self.root.parent().unwrap_or(&self.root),
            )
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the strata binary starts");
        if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
            use std::io::Write;
            stdin.write_all(input).expect("the child reads its input");
        }
        // Read both streams while the child runs: a child writing more than a pipe holds
        // (64 KiB) would otherwise wait for a reader forever.
        let drain = |stream: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut stream) = stream {
                    let _ = stream.read_to_end(&mut bytes);
                }
                bytes
            })
        };
        let stdout = drain(child.stdout.take().map(|s| Box::new(s) as _));
        let stderr = drain(child.stderr.take().map(|s| Box::new(s) as _));
        let start = Instant::now();
        while child
            .try_wait()
            .expect("the child can be waited for")
            .is_none()
        {
            if start.elapsed() > TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("strata {args:?} did not finish within {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let status = child.wait().expect("the child can be waited for");
        let stdout = stdout.join().expect("the stdout reader does not panic");
        let stderr = stderr.join().expect("the stderr reader does not panic");
        let root = self.root.to_string_lossy();
        let normalise = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&*root, "[WS]");
        Output {
            code: status.code(),
            stdout: normalise(&stdout),
            stderr: normalise(&stderr),
            raw_stdout: stdout,
            raw_stderr: stderr,
        }
    }
}

/// What one run printed, with the workspace path replaced by `[WS]`.
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub raw_stdout: Vec<u8>,
    pub raw_stderr: Vec<u8>,
}

impl Output {
    /// Asserts the exit status, stdout and stderr at once. `stdout` and `stderr` are
    /// written indented in the test (see `dedent`).
    #[track_caller]
    pub fn assert(&self, code: i32, stdout: &str, stderr: &str) {
        let show = |code: Option<i32>, stdout: &str, stderr: &str| {
            format!("exit status: {code:?}\n--- stdout\n{stdout}--- stderr\n{stderr}--- end")
        };
        let expected = show(Some(code), &dedent(stdout), &dedent(stderr));
        let actual = show(self.code, &self.stdout, &self.stderr);
        if expected != actual {
            // Control characters are invisible in a terminal: show them as <U+XXXX>.
            let visible: String = actual
                .chars()
                .map(|c| match c {
                    '\n' => "\n".to_string(),
                    c if c.is_control() => format!("<U+{:04X}>", c as u32),
                    c => c.to_string(),
                })
                .collect();
            panic!(
                "strata's output differs\n===== expected\n{expected}\n===== actual\n{visible}\n"
            );
        }
    }

    /// Asserts that neither stream holds a raw terminal control byte: ESC, BEL, DEL or the
    /// 8-bit CSI (U+009B).
    #[track_caller]
    pub fn assert_no_raw_controls(&self) {
        for (name, bytes) in [("stdout", &self.raw_stdout), ("stderr", &self.raw_stderr)] {
            assert!(!bytes.contains(&0x1b), "raw ESC on {name}");
            assert!(!bytes.contains(&0x07), "raw BEL on {name}");
            assert!(!bytes.contains(&0x7f), "raw DEL on {name}");
            assert!(
                !bytes.windows(2).any(|w| w == [0xc2, 0x9b]),
                "raw U+009B (CSI) on {name}"
            );
        }
    }
}

/// Removes the common indentation of a multi-line literal written in a test:
///
/// ```text
/// "
///     a: 1
///     b: 2
/// "
/// ```
///
/// becomes `"a: 1\nb: 2\n"`. The first line break and the whitespace before the closing
/// quote are dropped; a literal without a line break is returned unchanged.
pub fn dedent(text: &str) -> String {
    let Some(body) = text.strip_prefix('\n') else {
        return text.to_string();
    };
    let mut lines: Vec<&str> = body.split('\n').collect();
    if lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in lines {
        out.push_str(line.get(indent..).unwrap_or(""));
        out.push('\n');
    }
    out
}

/// `Chart.yaml` of a chart named `name` at version 0.1.0.
pub fn chart_yaml(name: &str) -> String {
    format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n")
}

/// A one-stage workspace (`dev`) with chart `web` (defaults `a: 1`) whose overlay
/// `environments/dev/web.yaml` holds `overlay`.
pub fn one_overlay(overlay: impl AsRef<[u8]>) -> Ws {
    Ws::new()
        .file("strata.yaml", "stages: [dev]\n")
        .file("charts/web/Chart.yaml", chart_yaml("web"))
        .file("charts/web/values.yaml", "a: 1\n")
        .file("environments/dev/web.yaml", overlay)
}

/// The workspace most tests share: chart `web` in four stages.
///
/// - `development` overrides a key of a nested map (`image.tag`);
/// - `staging` overrides `replicas` and deletes `debug` with `null`;
/// - `production` has `web.yaml` and an overlay folder `web/`, whose files apply after it
///   in name order (`a-first.yaml` then `b-last.yaml`, written in the other order);
/// - `qa` has no overlay: chart defaults only.
pub fn web_workspace() -> Ws {
    Ws::new()
        .file(
            "strata.yaml",
            "stages: [development, staging, production, qa]\n",
        )
        .file(
            "charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 1.2.3\n",
        )
        .file(
            "charts/web/values.yaml",
            "replicas: 1\nimage:\n  repository: nginx\n  tag: \"1.25\"\nports: [80, 443]\ndebug: true\n",
        )
        .file("environments/development/web.yaml", "image:\n  tag: dev\n")
        .file("environments/staging/web.yaml", "replicas: 2\ndebug: null\n")
        .file(
            "environments/production/web.yaml",
            "replicas: 3\nimage:\n  tag: \"1.26\"\n",
        )
        .file("environments/production/web/b-last.yaml", "replicas: 4\n")
        .file(
            "environments/production/web/a-first.yaml",
            "replicas: 5\nports: [443]\n",
        )
}

/// A packaged chart (`helm package`'s `.tgz`) holding `files` (path, contents), paths
/// starting with the chart's folder (`db/Chart.yaml`).
pub fn tgz(files: &[(&str, &str)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    for (path, data) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, path, data.as_bytes())
            .expect("a tar entry is written");
    }
    builder
        .into_inner()
        .expect("the tar is written")
        .finish()
        .expect("the gzip stream is written")
}

/// Commits everything in the folder (making it a repository first), with a fixed author
/// and time so commit ids are the same on every run.
pub fn commit_all(ws: &Ws, message: &str) {
    isolate_git_config();
    let repo = git2::Repository::open(ws.root())
        .or_else(|_| git2::Repository::init(ws.root()))
        .expect("a repository");
    let mut index = repo.index().expect("an index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("files are added");
    index.update_all(["*"], None).expect("removals are staged");
    index.write().expect("the index is written");
    let tree = repo
        .find_tree(index.write_tree().expect("a tree"))
        .expect("the tree exists");
    let time = git2::Time::new(1_700_000_000, 0);
    let sig =
        git2::Signature::new("strata tests", "tests@example.com", &time).expect("a signature");
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .expect("the commit is made");
}

/// Makes libgit2 in this test process read no git configuration of the machine or the user
/// (a global `core.excludesFile` ignoring `*.tgz` would leave files out of a test's commits).
fn isolate_git_config() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for level in [
            git2::ConfigLevel::System,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::Global,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: runs once, and every use of libgit2 in this test binary comes after a
            // `commit_all`, which waits for it: nothing reads the search path meanwhile.
            unsafe { git2::opts::set_search_path(level, "") }
                .expect("libgit2 takes an empty search path");
        }
    });
}

/// A copy of the repository's own example workspace (`strata.yaml`, `charts/`,
/// `environments/`, `schemas/` at the repository root), so a test runs on it without
/// touching the checkout.
pub fn example_workspace() -> Ws {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ws = Ws::new();
    for entry in ["strata.yaml", "charts", "environments", "schemas"] {
        ws = copy_tree(ws, &root.join(entry), entry, &[]);
    }
    ws
}

/// Copies the file or folder `from` to `to` inside the workspace, in name order, leaving out
/// the entries of `from` named in `skip`.
pub fn copy_tree(mut ws: Ws, from: &Path, to: &str, skip: &[&str]) -> Ws {
    if from.is_file() {
        let bytes =
            fs::read(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
        return ws.file(to, bytes);
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(from)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", from.display()))
        .map(|e| e.expect("an entry can be read").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .expect("an entry has a name")
            .to_string_lossy()
            .into_owned();
        if !skip.contains(&name.as_str()) {
            ws = copy_tree(ws, &path, &format!("{to}/{name}"), &[]);
        }
    }
    ws
}

/// A copy of the fixture folder `tests/fixtures/<name>/` as a workspace.
pub fn fixture_workspace(name: &str) -> Ws {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut entries: Vec<PathBuf> = fs::read_dir(&from)
        .expect("the fixture exists")
        .map(|e| e.expect("an entry can be read").path())
        .collect();
    entries.sort();
    let mut ws = Ws::new();
    for path in entries {
        let name = path
            .file_name()
            .expect("an entry has a name")
            .to_string_lossy()
            .into_owned();
        ws = copy_tree(ws, &path, &name, &[]);
    }
    ws
}

/// Returns the real helm binary: `STRATA_HELM` as `scripts/test.sh` exports it, or the one
/// `scripts/install-helm.sh` finds or installs into the repository's `.tools/`.
pub fn helm() -> &'static Path {
    static HELM: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    HELM.get_or_init(|| {
        if let Some(path) = std::env::var_os("STRATA_HELM").filter(|p| !p.is_empty()) {
            return PathBuf::from(path);
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-helm.sh");
        let out = Command::new("bash")
            .arg(&script)
            .stdin(Stdio::null())
            .output()
            .expect("scripts/install-helm.sh runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let path = stdout.lines().last().unwrap_or("").trim().to_string();
        assert!(
            out.status.success() && !path.is_empty(),
            "scripts/install-helm.sh failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(path)
    })
}

/// Runs the real `helm template ARGS` in `dir` with helm's homes in a folder of its own,
/// as a person would run it by hand; returns its stdout (panics when helm fails).
pub fn helm_template(dir: &Path, args: &[&str]) -> String {
    let home = tempfile::tempdir().expect("a temporary folder");
    let out = Command::new(helm())
        .arg("template")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("HOME", home.path())
        .env("HELM_CACHE_HOME", home.path().join("cache"))
        .env("HELM_CONFIG_HOME", home.path().join("config"))
        .env("HELM_DATA_HOME", home.path().join("data"))
        .stdin(Stdio::null())
        .output()
        .expect("helm runs");
    assert!(
        out.status.success(),
        "helm template {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("helm prints UTF-8")
}

/// Writes a helm wrapper at `path` in the folder that appends each run's arguments' first
/// word (`template`, `version`) to `helm.log` beside it, then runs the real helm; returns
/// the wrapper's absolute path. It needs no PATH, as strata runs helm without one.
#[cfg(unix)]
pub fn logging_helm(ws: &Ws, path: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let wrapper = ws.root().join(path);
    let log = wrapper.with_file_name("helm.log");
    fs::create_dir_all(wrapper.parent().expect("a file path has a parent"))
        .expect("the folder can be created");
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho \"$1\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            helm().display()
        ),
    )
    .expect("the wrapper can be written");
    fs::set_permissions(&wrapper, fs::Permissions::from_mode(0o755))
        .expect("the wrapper can be made executable");
    wrapper
}
