//! `strata template`: each release's Kubernetes manifests, from the real `helm template`.

use std::path::{Path, PathBuf};

use crate::render::{parse_manifests, JobBuilder, RenderJob, Rendered};
use crate::source::display_path;
use crate::workspace::CommandLineValues;

use super::atomic_file::write_all_atomically;
use super::context::Context;
use super::error::CliError;
use super::helm_setup::{progress, renderer, workers, HelmFlags};
use super::output::{print, warn, warn_near_miss_stages};
use super::render::{refuse_output_over_inputs, schema_ok};

/// Print the Kubernetes manifests of each release, rendered by the real helm
///
/// Runs `helm template` per release with the values `render --for-helm` gives, the
/// release's name and namespace, and the stage's Kubernetes version and API versions from
/// strata.yaml (`kubernetes:`). helm runs hermetically: empty HELM_* homes, no plugins, no
/// repository or registry access, a time limit. Releases render in parallel, one per core;
/// outputs are cached under .strata/cache/ (git-ignored) by a hash of the chart's files,
/// the values, the flags and helm's version, so a second run with nothing changed runs no
/// helm. The values are checked against the charts' schemas first, as `helm template` does.
///
/// helm is --helm PATH, else $STRATA_HELM, else the helm on PATH.
///
/// Example: strata template -s production --out rendered
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this stage (repeatable)
    #[arg(short = 's', long = "stage", value_name = "STAGE")]
    stages: Vec<String>,
    /// Only this release (repeatable)
    #[arg(short = 'r', long = "release", value_name = "RELEASE")]
    releases: Vec<String>,
    /// Only the releases of this chart (repeatable)
    #[arg(short = 'c', long = "chart", value_name = "CHART")]
    charts: Vec<String>,
    /// Write DIR/<stage>/<release>.yaml instead of printing
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// With --out: one file per resource, DIR/<stage>/<release>/<kind>-<name>.yaml
    #[arg(long, requires = "out")]
    split: bool,
    /// Do not check the values against the charts' values.schema.json (like Helm's flag)
    #[arg(long)]
    skip_schema_validation: bool,
    #[command(flatten)]
    helm: HelmFlags,
}

/// Runs `strata template`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let ws = ctx.workspace()?;
    let stages = ws.select_stages(&args.stages)?;
    warn_near_miss_stages(ctx, &ws, &stages)?;
    if let Some(out) = &args.out {
        refuse_output_over_inputs(ctx, out, &ws)?;
    }
    let command_line = CommandLineValues::default();
    let flag_layers = command_line.flag_layers();
    let mut builder = JobBuilder::new(&ws);
    let mut jobs: Vec<RenderJob> = Vec::new();
    let mut failed_schema = false;
    let mut headings = Vec::new();
    for (stage, name) in ws.select_stage_releases(&stages, &args.releases, &args.charts)? {
        let release = ws.release(&stage, &name)?;
        let values = release.compute(&ws, &command_line)?;
        for warning in &values.computed.warnings {
            warn(ctx, &release.label(), &warning.text_for(ws.helm()));
        }
        if !args.skip_schema_validation
            && !schema_ok(ctx, &ws, &release, &values, &command_line, &flag_layers)?
        {
            failed_schema = true;
            continue;
        }
        jobs.push(builder.job(&release, &values)?);
        headings.push(release.heading());
    }
    if failed_schema {
        return Ok(2);
    }
    let renderer = renderer(&args.helm, ctx, &ws, "strata template")?;
    let (results, _stats) = renderer.render_all(&jobs, workers(), &progress(ctx));
    let mut rendered: Vec<(&RenderJob, Rendered)> = Vec::new();
    for (job, result) in jobs.iter().zip(results) {
        rendered.push((job, result?));
    }
    let Some(out) = &args.out else {
        let text: String = rendered
            .iter()
            .zip(&headings)
            .map(|((_, r), heading)| format!("# release: {heading}\n{}", r.manifests))
            .collect();
        print(&text)?;
        return Ok(0);
    };
    let dir = ctx.cwd.join(out);
    let mut files = 0;
    let mut outputs: Vec<(PathBuf, &str)> = Vec::new();
    for (job, r) in &rendered {
        let stage_dir = dir.join(&job.stage);
        if args.split {
            files += write_split(&stage_dir, job, r, &ws)?;
        } else {
            // A file already holding its output is left alone.
            let path = stage_dir.join(format!("{}.yaml", job.release));
            outputs.push((path, &r.manifests));
            files += 1;
        }
    }
    write_all_atomically(&outputs, 1)?;
    let noun = if files == 1 { "file" } else { "files" };
    eprintln!("wrote {files} {noun} under {}", display_path(out));
    Ok(0)
}

/// Writes one file per resource into `stage_dir/<release>/`, replacing the folder as a
/// whole (written next to it, then renamed), so no resource of an earlier run lingers.
/// Returns how many files were written.
fn write_split(
    stage_dir: &Path,
    job: &RenderJob,
    rendered: &Rendered,
    ws: &crate::workspace::Workspace,
) -> Result<usize, CliError> {
    let file = format!("{}/{}.yaml", job.stage, job.release);
    let resources = parse_manifests(&rendered.manifests, &file, &ws.config().limits.yaml).map_err(
        |message| crate::render::RenderError::Manifest {
            release: job.label(),
            message,
        },
    )?;
    let target = stage_dir.join(&job.release);
    let tmp = stage_dir.join(format!(
        ".{}.strata-{}.tmp",
        job.release,
        std::process::id()
    ));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CliError::Write { path, source }
    };
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    let mut names: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for resource in &resources {
        let base = format!(
            "{}-{}",
            resource.id.kind.to_ascii_lowercase(),
            resource.id.name
        )
        .replace(['/', '\\'], "_");
        let mut name = format!("{base}.yaml");
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}-{n}.yaml");
            n += 1;
        }
        texts.push(format!("---\n{}", resource.text));
        names.push(name);
    }
    let files: Vec<(PathBuf, &str)> = names
        .iter()
        .zip(&texts)
        .map(|(name, text)| (tmp.join(name), text.as_str()))
        .collect();
    write_all_atomically(&files, 1)?;
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(io(&target))?;
    }
    std::fs::rename(&tmp, &target).map_err(io(&target))?;
    Ok(names.len())
}
