//! The command line: parses arguments, calls the library, prints, and turns the outcome into
//! an exit code. The only module that prints, reads the environment or exits.
//!
//! One file per command, each with an `Args` struct whose doc comment is the `--help` text and
//! a `run` function; errors from every module are rendered in one place ([`report`]).

mod apply_patch;
mod atomic_file;
mod charts;
mod context;
mod diff;
mod diff_manifests;
mod error;
mod explain;
mod findings;
mod helm_flag;
mod helm_setup;
mod import;
mod init;
mod matrix;
mod merge;
mod output;
mod promote;
mod render;
mod report;
mod stages;
mod template;
mod validate;
mod validate_manifests;
mod value_flags;
mod vendor;

use clap::{Parser, Subcommand};

pub use context::Context;
pub use error::CliError;

/// strata: Helm chart values across deployment stages
///
/// Layers each chart's values with its stage overlays exactly as Helm does, tells where
/// every value came from, validates every stage, and diffs stages and git revisions, all
/// offline, with no cluster.
#[derive(Debug, Parser)]
#[command(
    name = "strata",
    version,
    propagate_version = true,
    max_term_width = 100
)]
struct Cli {
    /// When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    color: context::ColorChoice,

    #[command(flatten)]
    limits: context::LimitFlags,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Merge(merge::Args),
    Render(render::Args),
    Explain(explain::Args),
    Validate(validate::Args),
    Stages(stages::Args),
    Charts(charts::Args),
    Diff(diff::Args),
    Matrix(matrix::Args),
    Template(template::Args),
    Vendor(vendor::Args),
    Promote(promote::Args),
    ApplyPatch(apply_patch::Args),
    Init(init::Args),
    Import(import::Args),
    /// The template process (`crate::sandbox`): not for people.
    #[command(name = "__render-template", hide = true)]
    RenderTemplate,
}

/// Runs strata with the process's arguments and returns the exit code: 0 success, 1 the
/// command found something, 2 it could not run, 3 it refused for safety.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if let Command::RenderTemplate = cli.command {
        return crate::sandbox::serve(std::io::stdin().lock(), std::io::stdout().lock());
    }
    crate::git::cache_large_trees();
    // The walks over value trees are recursive; the trees are at most
    // `yaml::ceiling::MAX_DEPTH` levels from one file (plus subcharts), which this stack holds
    // many times over whatever `ulimit -s` the main thread got.
    let worker = std::thread::Builder::new()
        .name("strata".into())
        .stack_size(COMMAND_STACK_BYTES)
        .spawn(move || run_command(cli));
    match worker {
        // A panic was printed by the panic hook; exit as Rust does after one.
        Ok(handle) => handle.join().unwrap_or(101),
        Err(e) => {
            eprintln!("error: cannot start the command's thread: {e}");
            2
        }
    }
}

/// The stack of the thread commands run on: 64 MiB of address space, touched only as deep
/// as the walks go (a few hundred KB at the depth ceiling).
const COMMAND_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs the parsed command and returns its exit code.
fn run_command(cli: Cli) -> i32 {
    let ctx = match Context::from_env(cli.color, cli.limits) {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let result = match cli.command {
        Command::Merge(args) => merge::run(args, &ctx),
        Command::Render(args) => render::run(args, &ctx),
        Command::Explain(args) => explain::run(args, &ctx),
        Command::Validate(args) => validate::run(args, &ctx),
        Command::Stages(args) => stages::run(args, &ctx),
        Command::Charts(args) => charts::run(args, &ctx),
        Command::Diff(args) => diff::run(args, &ctx),
        Command::Matrix(args) => matrix::run(args, &ctx),
        Command::RenderTemplate => unreachable!("served above, before the context is read"),
        Command::Template(args) => template::run(args, &ctx),
        Command::Vendor(args) => vendor::run(args, &ctx),
        Command::Promote(args) => promote::run(args, &ctx),
        Command::ApplyPatch(args) => apply_patch::run(args, &ctx),
        Command::Init(args) => init::run(args, &ctx),
        Command::Import(args) => import::run(args, &ctx),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            report::print_error(&ctx, &error);
            error.exit_code()
        }
    }
}
