//! `strata diff`: two stages, or the same stages at two git revisions, compared value by
//! value, printed as text, a unified diff, JSON or a Markdown pull request comment.

use std::path::PathBuf;
use std::sync::Arc;

use crate::diff::{
    compare_helm_versions, compare_revisions, compare_stages, format_json, format_markdown,
    format_text, format_unified, DiffError, DiffOptions, DiffView, MarkdownOptions, SideLabel,
    Template, Version, DEFAULT_MAX_BYTES,
};
use crate::git::GitRepo;
use crate::source::{display_path, read_regular_file};
use crate::values::KeyPattern;
use crate::workspace::Workspace;

use super::context::Context;
use super::error::CliError;
use super::helm_flag::{parse_helm_version, HelmFlag};
use super::output::{note, print, warn_near_miss_stages};

/// The workspace file that replaces the built-in Markdown template.
const WORKSPACE_TEMPLATE: &str = "templates/diff.md.tera";

/// The largest template read.
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// The output formats of `strata diff`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For people: a summary line per release and each change with both origins.
    #[default]
    Text,
    /// A unified diff of each release's values as YAML.
    Unified,
    /// For machines, in the shape of docs/diff-output.schema.json.
    Json,
    /// A pull request comment within a size budget.
    Markdown,
}

/// Compare values between two stages or two git revisions
///
/// With two stages: the effective values of the same charts in both. Paths that
/// strata.yaml declares as meant to differ (diff.stageSpecific) are shown apart from
/// drift. With --from: the same stages at two revisions, read from git objects (--to
/// defaults to the working tree, uncommitted edits included); a change to a chart's
/// values.yaml shows in every stage it reaches.
///
/// Lists are compared by element identity (name, key, id, or diff.listKeys), so a
/// reordered list is one change. Secrets are never printed: they show as
/// `<redacted> (changed, 12 → 16 bytes)`.
///
/// With --exit-code: 1 when a change remains after the ignore rules, 0 when none does.
///
/// Example: strata diff staging production -c web
///
/// Example: strata diff --from HEAD~1 -o markdown
///
/// Example: strata diff --helm-version 3 --to-helm-version 4
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old stage (with STAGE_B, instead of --from)
    #[arg(value_name = "STAGE_A")]
    stage_a: Option<String>,
    /// The new stage
    #[arg(value_name = "STAGE_B")]
    stage_b: Option<String>,
    /// Compare this git revision (HEAD~1, a branch, a tag, a commit) with --to
    #[arg(long, value_name = "REV")]
    from: Option<String>,
    /// The newer revision [default: the working tree, uncommitted edits included]
    #[arg(long, value_name = "REV", requires = "from")]
    to: Option<String>,
    /// Only this stage, comparing revisions (repeatable)
    #[arg(short = 's', long = "stage", value_name = "STAGE")]
    stages: Vec<String>,
    /// Only this release (repeatable)
    #[arg(short = 'r', long = "release", value_name = "RELEASE")]
    releases: Vec<String>,
    /// Only the releases of this chart (repeatable)
    #[arg(short = 'c', long = "chart", value_name = "CHART")]
    charts: Vec<String>,
    /// Output format
    #[arg(short = 'o', long = "output", value_enum, default_value_t)]
    output: DiffFormat,
    /// Exit with 1 when a change remains after the ignore rules
    #[arg(long)]
    exit_code: bool,
    /// Leave out changes at or below this key path (`*` one key, `**` any; repeatable)
    #[arg(long, value_name = "GLOB")]
    ignore: Vec<String>,
    /// Comparing stages, leave out the paths declared stage-specific in strata.yaml
    #[arg(long)]
    drift_only: bool,
    /// Print secret values as they are (refused in CI: CI set, and not false or 0)
    #[arg(long)]
    show_secrets: bool,
    /// The Markdown template, with -o markdown [default: templates/diff.md.tera if the
    /// workspace has one]
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// The Markdown size budget in bytes (GitHub's comment limit is 65536 characters)
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: usize,
    #[command(flatten)]
    helm: HelmFlag,
    /// Compare every selected release under --helm-version (the old side) with the same
    /// release under this Helm (the new side): what a move between Helm 3 and 4 changes
    #[arg(long, value_name = "3|4", value_parser = parse_helm_version, conflicts_with_all = ["from", "stage_a"])]
    to_helm_version: Option<crate::values::HelmVersion>,
    /// Compare the rendered Kubernetes manifests (the real helm's) instead of the values
    #[arg(long)]
    manifests: bool,
    #[command(flatten)]
    helm_run: super::helm_setup::HelmFlags,
}

/// Reads `--ignore` patterns over `strata.yaml`'s.
pub(super) fn ignore_patterns(
    ws: &Workspace,
    flags: &[String],
) -> Result<Vec<KeyPattern>, CliError> {
    let mut patterns = ws.config().diff.ignore.clone();
    for text in flags {
        patterns
            .push(KeyPattern::parse(text).map_err(|e| CliError::Usage(format!("--ignore: {e}")))?);
    }
    Ok(patterns)
}

/// Refuses `--show-secrets` in CI (reliability §4): the log of a CI run is read by many.
pub(super) fn check_show_secrets(show: bool, ctx: &Context) -> Result<(), CliError> {
    if show && ctx.in_ci {
        return Err(CliError::Refused(
            "--show-secrets is refused in CI (the CI environment variable is set): CI logs are read by many".into(),
        ));
    }
    Ok(())
}

/// The two sides, as the arguments name them.
pub(super) enum Sides {
    Stages(String, String),
    Revisions {
        from: String,
        to: Option<String>,
    },
    /// The same releases under two Helms' semantics.
    Helm(crate::values::HelmVersion),
}

impl Args {
    fn sides(&self) -> Result<Sides, CliError> {
        if let Some(to) = self.to_helm_version {
            return Ok(Sides::Helm(to));
        }
        match (&self.from, &self.stage_a, &self.stage_b) {
            (Some(from), None, None) => Ok(Sides::Revisions {
                from: from.clone(),
                to: self.to.clone(),
            }),
            (Some(_), _, _) => Err(CliError::Usage(
                "give either two stages or --from REV, not both".into(),
            )),
            (None, Some(a), Some(b)) => {
                if !self.stages.is_empty() {
                    return Err(CliError::Usage(
                        "-s selects stages when comparing revisions (--from); a stage comparison names its two stages".into(),
                    ));
                }
                Ok(Sides::Stages(a.clone(), b.clone()))
            }
            (None, _, _) => Err(CliError::Usage(
                "name two stages (strata diff staging production) or a revision (strata diff --from HEAD~1)".into(),
            )),
        }
    }

    /// Returns the command that prints the whole comparison, for the Markdown cut note.
    fn full_command(&self) -> String {
        let mut words = vec!["strata".to_string(), "diff".to_string()];
        match (&self.from, &self.stage_a, &self.stage_b) {
            (Some(from), _, _) => {
                words.push(format!("--from {from}"));
                if let Some(to) = &self.to {
                    words.push(format!("--to {to}"));
                }
            }
            (None, Some(a), Some(b)) => words.extend([a.clone(), b.clone()]),
            _ => {}
        }
        if let Some(to) = self.to_helm_version {
            words.push(format!("--helm-version {}", self.helm.or_default()));
            words.push(format!("--to-helm-version {to}"));
        }
        words.extend(self.stages.iter().map(|s| format!("-s {s}")));
        words.extend(self.releases.iter().map(|r| format!("-r {r}")));
        words.extend(self.charts.iter().map(|c| format!("-c {c}")));
        if self.manifests {
            words.push("--manifests".into());
        }
        words.join(" ")
    }
}

/// Reads the Markdown template: `--template FILE`, else the workspace's, else none (the
/// built-in one).
fn read_template(args: &Args, ctx: &Context, ws: &Workspace) -> Result<Option<Template>, CliError> {
    let bytes_to_text = |bytes: Vec<u8>, name: String| {
        String::from_utf8(bytes)
            .map(|text| Template {
                name: name.clone(),
                text,
            })
            .map_err(|_| {
                CliError::Diff(DiffError::Template {
                    name,
                    message: "not valid UTF-8".into(),
                })
            })
    };
    if let Some(path) = &args.template {
        let name = display_path(path);
        let bytes = read_regular_file(&ctx.cwd.join(path), &name, MAX_TEMPLATE_BYTES)
            .map_err(|e| CliError::Workspace(e.into()))?;
        return bytes_to_text(bytes, name).map(Some);
    }
    let rel = PathBuf::from(WORKSPACE_TEMPLATE);
    match ws.tree().read(&rel, MAX_TEMPLATE_BYTES) {
        Ok(bytes) => bytes_to_text(bytes, WORKSPACE_TEMPLATE.to_string()).map(Some),
        Err(crate::source::SourceError::NotFound { .. }) => Ok(None),
        Err(e) => Err(CliError::Workspace(e.into())),
    }
}

/// Loads the workspace as it is at `rev`.
fn at_revision(
    git: &GitRepo,
    ws: &Workspace,
    rev: &str,
    ctx: &Context,
) -> Result<(Workspace, SideLabel), CliError> {
    let tree = git.revision_tree(rev)?;
    let label = SideLabel {
        name: rev.to_string(),
        commit: tree.commit().map(str::to_string),
    };
    let limits = ctx.limits;
    let loaded = Workspace::load_revision(ws, Arc::new(tree))
        .map_err(|e| DiffError::at_revision(rev, e))?
        .with_limits(|l| limits.apply(l));
    Ok((loaded, label))
}

/// The two sides of a revision comparison: the old workspace and its label, the new one, its
/// label, and whether it is a revision (`false`: the working tree, when `to` is `None`).
pub(super) type RevisionSides = (Workspace, SideLabel, Workspace, SideLabel, bool);

/// Loads the sides of `--from FROM [--to TO]` from the repository holding `ws`; `adjust` is
/// applied to each side read from a revision (the working tree is `ws` as it is).
pub(super) fn revision_sides(
    ws: &Workspace,
    from: &str,
    to: Option<&str>,
    ctx: &Context,
    adjust: impl Fn(Workspace) -> Workspace,
) -> Result<RevisionSides, CliError> {
    let git = GitRepo::discover_below(ws.root(), &ctx.git_ceilings)?;
    let (old_ws, old_label) = at_revision(&git, ws, from, ctx)?;
    let (new_ws, new_label, new_is_revision) = match to {
        Some(to) => {
            let (loaded, label) = at_revision(&git, ws, to, ctx)?;
            (adjust(loaded), label, true)
        }
        // The index tells the blob ids of files unchanged since they were staged.
        None => (
            ws.clone()
                .with_tree(Arc::new(git.indexed_working_tree(ws.root()))),
            SideLabel::new(ws.tree().label()),
            false,
        ),
    };
    Ok((
        adjust(old_ws),
        old_label,
        new_ws,
        new_label,
        new_is_revision,
    ))
}

/// Runs `strata diff`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let sides = args.sides()?;
    check_show_secrets(args.show_secrets, ctx)?;
    if args.template.is_some() && args.output != DiffFormat::Markdown {
        return Err(CliError::Usage(
            "--template sets the Markdown template: add -o markdown".into(),
        ));
    }
    if args.max_bytes < 1024 {
        return Err(CliError::Usage("--max-bytes must be at least 1024".into()));
    }
    let ws = ctx.workspace()?;
    let old_helm = args.helm.helm_version.unwrap_or(ws.helm());
    let ws = args.helm.apply(ws);
    let config = ws.config();
    let mut options = DiffOptions {
        ignore: ignore_patterns(&ws, &args.ignore)?,
        stage_specific: Vec::new(),
        drift_only: args.drift_only,
        list_keys: config.diff.list_keys.clone(),
        show_secrets: args.show_secrets,
    };
    let report = match &sides {
        _ if args.manifests => {
            if args.drift_only {
                return Err(CliError::Usage(
                    "--drift-only leaves out the stage-specific values; with --manifests every change to a resource is shown".into(),
                ));
            }
            if matches!(sides, Sides::Helm(_)) {
                return Err(CliError::Usage(
                    "--to-helm-version compares values under two Helms' semantics; --manifests renders with the one helm binary found, so the two cannot be combined".into(),
                ));
            }
            let flags = super::diff_manifests::ManifestFlags {
                ignore: &args.ignore,
                releases: &args.releases,
                charts: &args.charts,
                stages: &args.stages,
                show_secrets: args.show_secrets,
                helm: &args.helm_run,
            };
            super::diff_manifests::manifest_report(&sides, &flags, ctx, &ws)?
        }
        Sides::Stages(a, b) => {
            options.stage_specific = config.diff.stage_specific.clone();
            warn_near_miss_stages(ctx, &ws, &[a.clone(), b.clone()])?;
            compare_stages(&ws, a, b, (&args.releases, &args.charts), &options)?
        }
        Sides::Helm(to) => {
            if args.drift_only {
                return Err(CliError::Usage(
                    "--drift-only applies to stage comparisons; a Helm comparison has no stage-specific paths".into(),
                ));
            }
            compare_helm_versions(
                &ws,
                (old_helm, *to),
                &args.stages,
                (&args.releases, &args.charts),
                &options,
            )?
        }
        Sides::Revisions { from, to } => {
            if args.drift_only {
                return Err(CliError::Usage(
                    "--drift-only applies to stage comparisons; a revision comparison has no stage-specific paths".into(),
                ));
            }
            // `--helm-version` applies to both revisions; without it each follows its own
            // strata.yaml.
            let (old_ws, old_label, new_ws, new_label, new_is_revision) =
                revision_sides(&ws, from, to.as_deref(), ctx, |w| args.helm.apply(w))?;
            // The rules of the version being reviewed (the new side) apply.
            options.ignore = ignore_patterns(&new_ws, &args.ignore)?;
            options.list_keys = new_ws.config().diff.list_keys.clone();
            compare_revisions(
                Version {
                    workspace: &old_ws,
                    is_revision: true,
                },
                Version {
                    workspace: &new_ws,
                    is_revision: new_is_revision,
                },
                (old_label, new_label),
                &args.stages,
                (&args.releases, &args.charts),
                &options,
            )?
        }
    };
    // Computed once; every format reads it.
    let view = DiffView::of(&report);
    match args.output {
        DiffFormat::Text => print(&format_text(&view, ctx.color_stdout))?,
        DiffFormat::Json => print(&format_json(&view))?,
        DiffFormat::Unified => {
            let unified = format_unified(&view, ctx.color_stdout);
            print(&unified.patch)?;
            for line in &unified.notes {
                note(ctx, line);
            }
        }
        DiffFormat::Markdown => {
            let options = MarkdownOptions {
                max_bytes: args.max_bytes,
                template: read_template(&args, ctx, &ws)?,
                full_command: args.full_command(),
                budget: ws.config().template_budget,
                // The template runs in a child process of this binary, under the budget.
                sandbox_program: Some(sandbox_program()?),
            };
            print(&format_markdown(&view, &options)?)?;
        }
    }
    Ok(if args.exit_code && report.has_changes() {
        1
    } else {
        0
    })
}

/// Returns strata's own binary, which runs a Markdown template in a child process.
pub(super) fn sandbox_program() -> Result<std::path::PathBuf, DiffError> {
    std::env::current_exe().map_err(|e| DiffError::Template {
        name: "(template)".into(),
        message: format!("cannot find strata's own binary to run the template in: {e}"),
    })
}
