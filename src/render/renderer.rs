//! [`Renderer`]: many releases rendered by helm at once, one worker per core, each output
//! taken from the cache when its key is there.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::error::RenderError;
use super::helm::Helm;
use super::hermetic::{run_helm, RunFailure};
use super::render_cache::RenderCache;
use super::render_job::RenderJob;

/// One release's manifests: exactly what `helm template` printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// helm's standard output.
    pub manifests: String,
    /// True when it came from the cache and no helm ran.
    pub cached: bool,
}

/// How a batch of renders went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// Releases helm rendered.
    pub helm_runs: usize,
    /// Releases taken from the cache.
    pub cached: usize,
}

/// Renders releases with one helm binary.
#[derive(Debug)]
pub struct Renderer {
    helm: Helm,
    cache: Option<RenderCache>,
    scratch: PathBuf,
    timeout: Duration,
    charts: Mutex<HashMap<String, PathBuf>>,
}

impl Renderer {
    /// Returns a renderer writing its private files (chart copies, values files, helm's
    /// homes) under `scratch`, which it removes when dropped.
    pub fn new(
        helm: Helm,
        cache: Option<RenderCache>,
        scratch: PathBuf,
        timeout: Duration,
    ) -> Renderer {
        Renderer {
            helm,
            cache,
            scratch,
            timeout,
            charts: Mutex::new(HashMap::new()),
        }
    }

    /// Returns the helm binary.
    pub fn helm(&self) -> &Helm {
        &self.helm
    }

    /// Renders every job on `workers` threads (at least one), calling `progress(done,
    /// total)` after each. Results are in the order of `jobs`.
    pub fn render_all(
        &self,
        jobs: &[RenderJob],
        workers: usize,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> (Vec<Result<Rendered, RenderError>>, RenderStats) {
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<Result<Rendered, RenderError>>>> =
            Mutex::new((0..jobs.len()).map(|_| None).collect());
        std::thread::scope(|scope| {
            for _ in 0..workers.clamp(1, jobs.len().max(1)) {
                scope.spawn(|| loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(index) else {
                        break;
                    };
                    let result = self.render(job, index);
                    results.lock().expect("no worker panics holding the lock")[index] =
                        Some(result);
                    progress(done.fetch_add(1, Ordering::SeqCst) + 1, jobs.len());
                });
            }
        });
        let results: Vec<Result<Rendered, RenderError>> = results
            .into_inner()
            .expect("no worker panicked")
            .into_iter()
            .map(|r| r.expect("every job was rendered"))
            .collect();
        let mut stats = RenderStats::default();
        for rendered in results.iter().flatten() {
            if rendered.cached {
                stats.cached += 1;
            } else {
                stats.helm_runs += 1;
            }
        }
        (results, stats)
    }

    /// Renders one job: from the cache, or by helm (then cached).
    pub fn render(&self, job: &RenderJob, index: usize) -> Result<Rendered, RenderError> {
        let key = job.key(&self.helm.version);
        if let Some(manifests) = self.cache.as_ref().and_then(|c| c.get(&key)) {
            return Ok(Rendered {
                manifests,
                cached: true,
            });
        }
        let chart = self.chart_copy(job)?;
        let dir = self.scratch.join("jobs").join(index.to_string());
        std::fs::create_dir_all(&dir).map_err(RenderError::io(&dir))?;
        let values = dir.join("values.yaml");
        std::fs::write(&values, &job.values).map_err(RenderError::io(&values))?;
        let mut args: Vec<OsString> = vec![
            "template".into(),
            job.release.clone().into(),
            chart.into_os_string(),
            "--values".into(),
            values.into_os_string(),
        ];
        let skip = super::helm::has_skip_schema_validation(&self.helm.version);
        args.extend(job.flags(skip).into_iter().map(OsString::from));
        let outcome = run_helm(&self.helm.path, &args, &dir.join("home"), self.timeout);
        let _ = std::fs::remove_dir_all(&dir);
        let output = match outcome {
            Ok(output) => output,
            Err(RunFailure::Spawn(source)) => {
                return Err(RenderError::HelmUnusable {
                    path: self.helm.path.clone(),
                    source,
                })
            }
            Err(RunFailure::TimedOut) => {
                return Err(RenderError::TimedOut {
                    release: job.label(),
                    seconds: self.timeout.as_secs(),
                })
            }
        };
        if !output.success {
            return Err(RenderError::HelmFailed {
                release: job.label(),
                stderr: output.stderr,
            });
        }
        if let Some(cache) = &self.cache {
            cache.put(&key, &output.stdout)?;
        }
        Ok(Rendered {
            manifests: output.stdout,
            cached: false,
        })
    }

    /// Returns the private copy of the job's chart, written once per chart content.
    fn chart_copy(&self, job: &RenderJob) -> Result<PathBuf, RenderError> {
        let mut charts = self
            .charts
            .lock()
            .expect("no worker panics holding the lock");
        if let Some(path) = charts.get(&job.chart.hash) {
            return Ok(path.clone());
        }
        let dir = self.scratch.join("charts").join(&job.chart.hash[..16]);
        let path = job.chart.write_to(&dir)?;
        charts.insert(job.chart.hash.clone(), path.clone());
        Ok(path)
    }

    /// Returns the private folder.
    pub fn scratch(&self) -> &Path {
        &self.scratch
    }
}

impl Drop for Renderer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}
