//! [`Puller`]: the real `helm pull`, run to fetch one chart archive into a folder of its
//! own, and [`Fetched`]: the archive it left, read and checked.
//!
//! Unlike `helm template` (`render::hermetic`), `helm pull` runs with the user's environment
//! and Helm's own configuration: reaching a repository (credentials, registry logins,
//! proxies, certificates) is Helm's business, and this is the one command that is meant to
//! go online. What it leaves is trusted only after it is read back here: one archive, of the
//! chart and version asked for.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use crate::chart::{load_packaged_chart, ChartFiles};
use crate::process::{run_bounded, RunFailure};
use crate::source::DirTree;
use crate::yaml::InputLimits;

use super::digest::Digest;
use super::error::VendorError;
use crate::settings::ChartSource;

/// The most of helm's output an error quotes.
const MAX_OUTPUT_CHARS: usize = 2000;

/// The helm that fetches charts, and how long one pull may take.
#[derive(Clone, Debug)]
pub struct Puller {
    /// The helm binary.
    pub helm: PathBuf,
    /// The time limit of one `helm pull`.
    pub timeout: Duration,
}

/// An archive `helm pull` left, read and checked.
#[derive(Debug)]
pub struct Fetched {
    /// Where helm left it.
    pub path: PathBuf,
    /// Its SHA-256.
    pub digest: Digest,
}

impl Puller {
    /// Runs `helm pull` of `source` into `folder` (empty, created by the caller) and returns
    /// the one archive it left, once it holds the chart and version asked for.
    pub fn fetch(
        &self,
        source: &ChartSource,
        folder: &Path,
        limits: &InputLimits,
    ) -> Result<Fetched, VendorError> {
        self.run(source, folder)?;
        let source_text = source.to_string();
        let archive = std::fs::read_dir(folder)
            .map_err(|e| VendorError::Write {
                display: folder.display().to_string(),
                source: e,
            })?
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .find(|name| name.ends_with(".tgz"))
            .ok_or_else(|| VendorError::NoArchive {
                source_text: source_text.clone(),
            })?;
        let files = ChartFiles {
            tree: Arc::new(DirTree::new(folder)),
            display_root: String::new(),
            limits: limits.clone(),
            downloaded: None,
            helm: Default::default(),
        };
        let chart = load_packaged_chart(&files, Path::new(&archive))?;
        if chart.name != source.name || chart.version != source.version {
            return Err(VendorError::WrongChart {
                source_text,
                found: format!("{archive}, which holds {} {}", chart.name, chart.version),
            });
        }
        let path = folder.join(&archive);
        let bytes = crate::source::read_regular_file(&path, &archive, limits.max_file_bytes)?;
        Ok(Fetched {
            path,
            digest: Digest::of(&bytes),
        })
    }

    /// Runs `helm pull` in `folder`, with a time limit, and returns once it succeeded.
    fn run(&self, source: &ChartSource, folder: &Path) -> Result<(), VendorError> {
        let done = run_bounded(
            Command::new(&self.helm)
                .args(source.pull_args(folder))
                .current_dir(folder),
            self.timeout,
        )
        .map_err(|failure| match failure {
            RunFailure::Spawn(e) => VendorError::HelmUnusable {
                path: self.helm.clone(),
                source: e,
            },
            RunFailure::TimedOut => VendorError::PullTimedOut {
                source_text: source.to_string(),
                seconds: self.timeout.as_secs(),
            },
        })?;
        let (status, stdout, stderr) = (done.status, done.stdout, done.stderr);
        if status.success() {
            return Ok(());
        }
        let mut output = String::from_utf8_lossy(&stderr).into_owned();
        output.push_str(&String::from_utf8_lossy(&stdout));
        let output = output.trim();
        let output = match output.char_indices().nth(MAX_OUTPUT_CHARS) {
            Some((cut, _)) => format!("{}...", &output[..cut]),
            None => output.to_string(),
        };
        Err(VendorError::PullFailed {
            source_text: source.to_string(),
            output,
        })
    }
}
