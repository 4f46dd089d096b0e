//! `strata vendor`: the charts `strata.yaml` takes from repositories (its `charts:` section
//! and the sources releases write inline) fetched with the real `helm pull` into `vendor/`,
//! and `strata.lock` written.

use std::path::PathBuf;
use std::time::Duration;

use crate::source::display_path;
use crate::source::DirTree;
use crate::vendor::{ChartSource, LockChange, Outcome, Puller};
use crate::workspace::Workspace;

use super::context::Context;
use super::error::CliError;
use super::helm_setup::HelmFlags;
use super::output::print;

/// How long one `helm pull` may take: a large chart over a slow link, not a hung one.
const PULL_TIMEOUT: Duration = Duration::from_secs(300);

/// Fetch the charts strata.yaml takes from repositories and write strata.lock
///
/// Runs the real `helm pull` for each chart declared as {repository, name, version}, under
/// `charts:` or as a release's `chart:` (an https:// chart repository or an oci:// registry;
/// credentials, registry logins and proxies are Helm's own configuration) and keeps the
/// archive as vendor/<chart>-<version>.tgz, its SHA-256 recorded in strata.lock. A chart whose archive already matches the lock is not
/// fetched again; one that is missing or changed is fetched and kept only if it matches the
/// lock. Archives of charts no longer declared are removed. Commit vendor/ and strata.lock:
/// every other command reads them offline and refuses an archive that differs (exit 3).
///
/// Example: strata vendor
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The helm binary to run [default: $STRATA_HELM, else helm on PATH]
    #[arg(long = "helm", value_name = "PATH")]
    pub helm: Option<PathBuf>,
}

/// Returns how a chart is named in the report: its source, with the workspace's name for it
/// first when that differs from the repository's.
fn label(chart: &str, source: &ChartSource) -> String {
    if chart == source.name {
        source.to_string()
    } else {
        format!("{chart} ({source})")
    }
}

/// Runs `strata vendor`.
pub fn run(args: Args, ctx: &Context) -> Result<i32, CliError> {
    let root = Workspace::find_root(&ctx.cwd)?;
    let config = Workspace::read_config(&DirTree::new(&root))?;
    let limits = ctx.limits_over(config.limits.clone());
    let flags = HelmFlags {
        helm: args.helm,
        no_cache: false,
    };
    // helm is looked for only when there is something to fetch.
    let helm = if config.charts.is_empty() {
        PathBuf::new()
    } else {
        super::helm_setup::locate(&flags, ctx, "strata vendor")?
    };
    let puller = Puller {
        helm,
        timeout: PULL_TIMEOUT,
    };
    let report = crate::vendor::vendor(&root, &config.charts, &limits, &puller)?;
    let mut out = String::new();
    for vendored in &report.charts {
        let what = label(&vendored.chart, &vendored.source);
        let archive = display_path(&vendored.archive);
        out.push_str(&match vendored.outcome {
            Outcome::UpToDate => format!("up to date: {what} ({archive})\n"),
            Outcome::Fetched => format!("fetched {what} into {archive}\n"),
            Outcome::Restored => {
                format!("restored {archive} ({what}), which no longer matched strata.lock\n")
            }
        });
    }
    for removed in &report.removed {
        out.push_str(&format!("removed {}\n", display_path(removed)));
    }
    out.push_str(match report.lock {
        LockChange::Written => "wrote strata.lock\n",
        LockChange::Unchanged => "strata.lock is up to date\n",
        LockChange::Removed => {
            "removed strata.lock: strata.yaml declares no chart from a repository\n"
        }
        LockChange::Absent => {
            "nothing to vendor: strata.yaml declares no chart from a repository (under `charts:` or as a release's `chart:`)\n"
        }
    });
    print(&out)?;
    Ok(0)
}
