//! The value pipeline on a generated workspace: 200 charts × 3 stages, chart defaults and
//! overlays taken from real public charts (`tests/differential/real-charts/`).
//!
//! Prints the time to only read and parse every file next to the time to compute the values
//! of every release (read, parse, layer, coalesce), to validate every release (that, plus
//! lint, schemas and the built-in policies), and to diff every pair of neighbouring stages,
//! each as a ratio to parse-only, so the cost of strata's own work is measured against the
//! floor set by parsing. Run with `cargo bench`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use strata::workspace::Workspace;
use strata::yaml::{parse_values, Limits};

const CHARTS: usize = 200;
const STAGES: [&str; 3] = ["development", "staging", "production"];
const ROUNDS: usize = 5;

/// A real chart's defaults and the overlays its maintainers test with.
struct RealChart {
    values: String,
    overlays: Vec<String>,
}

fn real_charts(dir: &Path) -> Vec<RealChart> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/differential/real-charts exists in the repository")
        .map(|e| e.expect("listing real-charts").path())
        .filter(|p| p.join("values.yaml").is_file())
        .collect();
    names.sort();
    names
        .iter()
        .map(|chart| {
            let mut overlays: Vec<PathBuf> = std::fs::read_dir(chart.join("ci"))
                .map(|entries| entries.map(|e| e.expect("listing ci").path()).collect())
                .unwrap_or_default();
            overlays.sort();
            let prod = chart.join("values-prod.yaml");
            if prod.is_file() {
                overlays.push(prod);
            }
            RealChart {
                values: std::fs::read_to_string(chart.join("values.yaml")).expect("values.yaml"),
                overlays: overlays
                    .iter()
                    .map(|p| std::fs::read_to_string(p).expect("overlay"))
                    .collect(),
            }
        })
        .collect()
}

/// Writes the workspace and returns every file written (for the parse-only measurement).
fn generate(root: &Path, real: &[RealChart]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut write = |rel: String, text: &str| {
        let path = root.join(&rel);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        files.push(path);
    };
    std::fs::write(
        root.join("strata.yaml"),
        "stages: [development, staging, production]\npolicies:\n  - use: pinned-image-tags\n  - use: replicas-or-autoscaling\n    stages: [production]\n",
    )
    .expect("write strata.yaml");
    for i in 0..CHARTS {
        let chart = format!("app{i:03}");
        let source = &real[i % real.len()];
        std::fs::create_dir_all(root.join("charts").join(&chart)).expect("mkdir chart");
        std::fs::write(
            root.join(format!("charts/{chart}/Chart.yaml")),
            format!("apiVersion: v2\nname: {chart}\nversion: 1.0.{i}\n"),
        )
        .expect("write Chart.yaml");
        write(format!("charts/{chart}/values.yaml"), &source.values);
        for (s, stage) in STAGES.iter().enumerate() {
            let mut overlay = if source.overlays.is_empty() {
                String::new()
            } else {
                source.overlays[(i + s) % source.overlays.len()].clone()
            };
            overlay.push_str(&format!(
                "\nstrataBench:\n  stage: {stage}\n  replicaCount: {}\n  image:\n    tag: \"1.{i}.{s}\"\n",
                s + 1
            ));
            write(format!("environments/{stage}/{chart}.yaml"), &overlay);
        }
    }
    files
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let real = real_charts(&repo.join("tests/differential/real-charts"));
    let dir = tempfile::tempdir().expect("temp dir");
    let files = generate(dir.path(), &real);
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).expect("stat").len())
        .sum();

    let limits = Limits::default();
    let parse_only = median(
        (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                for file in &files {
                    let text = std::fs::read(file).expect("read");
                    let source: Arc<str> = Arc::from(file.to_string_lossy().as_ref());
                    parse_values(&text, source, &limits).expect("parses");
                }
                start.elapsed()
            })
            .collect(),
    );

    let render = median(
        (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                let ws = Workspace::load(dir.path()).expect("workspace loads");
                for stage in ws.stages() {
                    for chart in ws.charts() {
                        let release = ws.release(stage, chart).expect("release");
                        release
                            .compute(&ws, &Default::default())
                            .expect("values compute");
                    }
                }
                start.elapsed()
            })
            .collect(),
    );

    let validate = median(
        (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                let ws = Workspace::load(dir.path()).expect("workspace loads");
                let mut validator = strata::lint::Validator::new(&ws).expect("validator");
                for stage in ws.stages() {
                    for chart in ws.charts() {
                        let release = ws.release(stage, chart).expect("release");
                        let values = release
                            .compute(&ws, &Default::default())
                            .expect("values compute");
                        validator.release(&release, &values).expect("validates");
                    }
                }
                start.elapsed()
            })
            .collect(),
    );

    let diff = median(
        (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                let ws = Workspace::load(dir.path()).expect("workspace loads");
                let options = strata::diff::DiffOptions::default();
                for pair in ws.stages().windows(2) {
                    strata::diff::compare_stages(&ws, &pair[0], &pair[1], (&[], &[]), &options)
                        .expect("stages compare");
                }
                start.elapsed()
            })
            .collect(),
    );

    let releases = CHARTS * STAGES.len();
    println!(
        "workspace: {CHARTS} charts x {} stages = {releases} releases, {} files, {:.1} MB",
        STAGES.len(),
        files.len(),
        bytes as f64 / 1e6
    );
    println!(
        "parse only (every file once):      {:>8.1} ms",
        parse_only.as_secs_f64() * 1e3
    );
    println!(
        "render all releases (full values): {:>8.1} ms",
        render.as_secs_f64() * 1e3
    );
    println!(
        "validate all releases:             {:>8.1} ms",
        validate.as_secs_f64() * 1e3
    );
    println!(
        "diff neighbouring stages (2 pairs): {:>8.1} ms",
        diff.as_secs_f64() * 1e3
    );
    let ratio = |d: Duration| d.as_secs_f64() / parse_only.as_secs_f64();
    println!(
        "ratios to parse-only: render {:.2}, validate {:.2}, diff {:.2}",
        ratio(render),
        ratio(validate),
        ratio(diff)
    );
}
