//! A real chart repository for tests: charts packaged by the real `helm package`, indexed
//! by `helm repo index`, served over HTTP on 127.0.0.1 by a small server the test starts
//! and that stops when dropped. Nothing reaches the internet.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::support::{helm, Output, Ws};

/// A chart to publish: its name, its version and its files (paths inside the chart folder).
pub struct Chart<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub files: &'a [(&'a str, &'a str)],
}

/// A chart repository served on 127.0.0.1 until dropped.
pub struct ChartRepo {
    dir: tempfile::TempDir,
    port: u16,
    stop: Arc<AtomicBool>,
    served: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

/// Runs the real helm with its homes in `home` and nothing else of the machine's.
fn run_helm(args: &[&str], cwd: &Path, home: &Path) {
    let out = Command::new(helm())
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("HOME", home)
        .env("HELM_CACHE_HOME", home.join("cache"))
        .env("HELM_CONFIG_HOME", home.join("config"))
        .env("HELM_DATA_HOME", home.join("data"))
        .stdin(Stdio::null())
        .output()
        .expect("helm runs");
    assert!(
        out.status.success(),
        "helm {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl ChartRepo {
    /// Packages `charts` with `helm package`, indexes them with `helm repo index` and
    /// serves the repository.
    pub fn serve(charts: &[Chart]) -> ChartRepo {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (sources, repo, home) = (
            dir.path().join("sources"),
            dir.path().join("repo"),
            dir.path().join("home"),
        );
        std::fs::create_dir_all(&repo).expect("the repository folder");
        for chart in charts {
            let folder = sources.join(format!("{}-{}", chart.name, chart.version));
            let mut files = vec![(
                "Chart.yaml".to_string(),
                format!(
                    "apiVersion: v2\nname: {}\nversion: {}\n",
                    chart.name, chart.version
                ),
            )];
            files.extend(
                chart
                    .files
                    .iter()
                    .map(|(p, t)| (p.to_string(), t.to_string())),
            );
            for (path, text) in files {
                let full = folder.join(path);
                std::fs::create_dir_all(full.parent().expect("a parent")).expect("a folder");
                std::fs::write(full, text).expect("a chart file");
            }
            run_helm(
                &[
                    "package",
                    &folder.to_string_lossy(),
                    "--destination",
                    &repo.to_string_lossy(),
                ],
                dir.path(),
                &home,
            );
        }
        run_helm(
            &["repo", "index", &repo.to_string_lossy()],
            dir.path(),
            &home,
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let port = listener.local_addr().expect("an address").port();
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let stop = Arc::new(AtomicBool::new(false));
        let served = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, served) = (stop.clone(), served.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => answer(stream, &repo, &served),
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        ChartRepo {
            dir,
            port,
            stop,
            served,
            thread: Some(thread),
        }
    }

    /// Returns the repository's URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Returns the archive `helm package` made for `name` at `version`.
    pub fn archive(&self, name: &str, version: &str) -> PathBuf {
        self.dir
            .path()
            .join("repo")
            .join(format!("{name}-{version}.tgz"))
    }

    /// Returns the paths served so far, in order.
    pub fn served(&self) -> Vec<String> {
        self.served.lock().expect("the log is not poisoned").clone()
    }
}

impl Drop for ChartRepo {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one request: the file of the repository folder it names, or 404.
fn answer(stream: TcpStream, repo: &Path, served: &Mutex<Vec<String>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The headers are read and ignored.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        line.clear();
    }
    let path = request.split(' ').nth(1).unwrap_or("/").to_string();
    let name = path.trim_start_matches('/');
    let body = (!name.contains('/') && !name.starts_with('.'))
        .then(|| std::fs::read(repo.join(name)).ok())
        .flatten();
    served.lock().expect("the log is not poisoned").push(path);
    let mut stream = &stream;
    let _ = match body {
        Some(body) => stream
            .write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            )
            .and_then(|()| stream.write_all(&body)),
        None => stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
}

/// Runs strata in `ws` with the real helm as STRATA_HELM.
pub fn run(ws: &Ws, args: &[&str]) -> Output {
    ws.run_with_env(
        args,
        &[("STRATA_HELM", Some(&helm().display().to_string()))],
    )
}

/// Returns the digest `strata.lock` records for the archive at `path`.
pub fn digest(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("the archive is readable");
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}
