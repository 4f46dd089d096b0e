//! Writing to stdout and stderr: value trees in the chosen format and warnings (files written
//! for `--out` are in `atomic_file.rs`).

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::context::Context;
use super::error::CliError;
use super::report::escape_controls;

/// The formats value trees are printed in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ValuesFormat {
    /// YAML, keys in the order the files wrote them.
    #[default]
    Yaml,
    /// JSON, keys sorted, numbers as Helm's `toJson` prints them.
    Json,
}

impl ValuesFormat {
    /// Returns the file extension for the format.
    pub fn extension(self) -> &'static str {
        match self {
            ValuesFormat::Yaml => "yaml",
            ValuesFormat::Json => "json",
        }
    }
}

/// Writes `text` to stdout. A closed pipe (`strata render | head`) ends quietly.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::Stdout),
    }
}

fn yellow(ctx: &Context) -> Style {
    if ctx.color_stderr {
        AnsiColor::Yellow.on_default().bold()
    } else {
        Style::new()
    }
}

/// Prints a warning about a release to stderr: `warning: production/web: <message>`, with a
/// leading `warning: ` of the message (Helm's own wording) not repeated.
pub fn warn(ctx: &Context, release: &str, message: &str) {
    let style = yellow(ctx);
    let message = escape_controls(message);
    let rest = ["warning: ", "Warning: "]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .unwrap_or(&message);
    let _ = writeln!(
        std::io::stderr(),
        "{style}warning{style:#}: {release}: {rest}"
    );
}

/// Warns on stderr about each folder under `environments/` that is a near miss of one of
/// `stages` (`environments/stagging/` for `staging`): the stage is shown without the
/// overlays meant for it. `validate` reports the same folder as an error; other commands go
/// on, as they only show values (a decision of ARCHITECTURE.md).
pub fn warn_near_miss_stages(
    ctx: &Context,
    ws: &crate::workspace::Workspace,
    stages: &[String],
) -> Result<(), CliError> {
    let style = yellow(ctx);
    for near in crate::lint::near_miss_stages(ws)? {
        if stages.contains(&near.stage) {
            let _ = writeln!(
                std::io::stderr(),
                "{style}warning{style:#}: {}",
                escape_controls(&near.message(ws.stages()))
            );
        }
    }
    Ok(())
}

/// Prints one of Helm's warnings exactly as Helm words it (without Helm's `coalesce.go:237: `
/// source prefix), so `strata merge` and `helm template` can be compared line for line.
pub fn helm_warning(ctx: &Context, message: &str) {
    let style = yellow(ctx);
    let _ = writeln!(
        std::io::stderr(),
        "{style}{}{style:#}",
        escape_controls(message)
    );
}

/// Prints a note of strata's own about the input to stderr (`note: ...`): something Helm
/// accepts silently but a person should know.
pub fn note(ctx: &Context, message: &str) {
    let style = yellow(ctx);
    let _ = writeln!(
        std::io::stderr(),
        "{style}note{style:#}: {}",
        escape_controls(message)
    );
}

/// Returns `n thing` or `n things`.
pub fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}
