//! [`Context`]: what every command needs from the process: the current folder, whether to
//! colour output, and whether it runs in CI. Read once, here, so the library never touches
//! the environment.

use std::io::IsTerminal;

use crate::yaml::ceiling;
use std::path::PathBuf;

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Input limits given on the command line; each overrides `strata.yaml`'s `limits`. They
/// are listed under their own heading in `--help`, apart from each command's options.
#[derive(Clone, Copy, Debug, Default, clap::Args)]
#[command(next_help_heading = "Input limits")]
pub struct LimitFlags {
    /// Largest input file read, in bytes [default: 4194304, at most 1073741824]
    #[arg(long, global = true, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..=ceiling::MAX_FILE_BYTES.max))]
    pub max_file_bytes: Option<u64>,
    /// Deepest nesting of maps and lists in a YAML file [default: 200, at most 255]
    #[arg(long, global = true, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=ceiling::MAX_DEPTH.max))]
    pub max_depth: Option<u64>,
    /// Most nodes that aliases may expand to in one YAML file [default: 100000, at most 20000000]
    #[arg(long, global = true, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=ceiling::MAX_ALIAS_NODES.max))]
    pub max_alias_nodes: Option<u64>,
    /// Most nodes in one YAML file [default: 2000000, at most 20000000]
    #[arg(long, global = true, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=ceiling::MAX_NODES.max))]
    pub max_nodes: Option<u64>,
}

impl LimitFlags {
    /// Applies the limits given on the command line to `limits`.
    pub fn apply(&self, limits: &mut crate::yaml::InputLimits) {
        if let Some(n) = self.max_file_bytes {
            limits.max_file_bytes = n;
        }
        // Each fits a usize: the parsers above cap them at their ceilings.
        if let Some(n) = self.max_depth {
            limits.yaml.max_depth = n as usize;
        }
        if let Some(n) = self.max_alias_nodes {
            limits.yaml.max_alias_nodes = n as usize;
        }
        if let Some(n) = self.max_nodes {
            limits.yaml.max_nodes = n as usize;
        }
    }
}

/// What every command needs from the process.
#[derive(Clone, Debug)]
pub struct Context {
    /// The current folder.
    pub cwd: PathBuf,
    /// Whether stdout gets colour.
    pub color_stdout: bool,
    /// Whether stderr gets colour.
    pub color_stderr: bool,
    /// Input limits from the command line.
    pub limits: LimitFlags,
    /// True when the process runs in CI ([`ci_is_set`]).
    pub in_ci: bool,
    /// Folders git discovery never walks into (`GIT_CEILING_DIRECTORIES`, as git reads it).
    pub git_ceilings: Vec<PathBuf>,
    /// True when stderr is a terminal (progress bars are drawn only there).
    pub stderr_is_terminal: bool,
    /// `STRATA_HELM`: the helm binary to run, when set and not empty.
    pub strata_helm: Option<PathBuf>,
    /// `STRATA_HELMFILE`: the helmfile binary `import helmfile` runs, when set and not empty.
    pub strata_helmfile: Option<PathBuf>,
    /// The folders of `PATH`, where helm is looked for last.
    pub path_dirs: Vec<PathBuf>,
}

/// Returns true when the `CI` environment variable, with value `value`, says the process
/// runs in CI: set, not empty, and not `false` or `0` (any case, spaces around ignored).
/// CI services set `CI=true`; `CI=false` or `CI=0` is how a user says "not CI" on purpose.
pub fn ci_is_set(value: Option<&std::ffi::OsStr>) -> bool {
    let Some(value) = value else {
        return false;
    };
    let text = value.to_string_lossy();
    let text = text.trim();
    !text.is_empty() && !text.eq_ignore_ascii_case("false") && text != "0"
}

impl Context {
    /// Reads the current folder, the terminal state, `NO_COLOR` and `CI`.
    pub fn from_env(choice: ColorChoice, limits: LimitFlags) -> std::io::Result<Context> {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |is_terminal: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        };
        Ok(Context {
            cwd: std::env::current_dir()?,
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            limits,
            in_ci: ci_is_set(std::env::var_os("CI").as_deref()),
            git_ceilings: std::env::var_os("GIT_CEILING_DIRECTORIES")
                .map(|v| {
                    std::env::split_paths(&v)
                        .filter(|p| p.is_absolute())
                        .collect()
                })
                .unwrap_or_default(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            strata_helm: std::env::var_os("STRATA_HELM")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            strata_helmfile: std::env::var_os("STRATA_HELMFILE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            path_dirs: std::env::var_os("PATH")
                .map(|v| std::env::split_paths(&v).collect())
                .unwrap_or_default(),
        })
    }

    /// Returns the input limits with the command line's overrides applied to `base`.
    pub fn limits_over(&self, mut base: crate::yaml::InputLimits) -> crate::yaml::InputLimits {
        self.limits.apply(&mut base);
        base
    }

    /// Finds the workspace from the current folder, with the command line's limits.
    pub fn workspace(
        &self,
    ) -> Result<crate::workspace::Workspace, crate::workspace::WorkspaceError> {
        let limits = self.limits;
        let ws = crate::workspace::Workspace::discover(&self.cwd)?.with_limits(|l| limits.apply(l));
        // Overlay templates run in a template process of this binary, under their budget.
        Ok(match std::env::current_exe() {
            Ok(program) => ws.with_template_program(program),
            Err(_) => ws,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_is_set_unless_empty_false_or_zero() {
        let rows: &[(Option<&str>, bool)] = &[
            (None, false),
            (Some(""), false),
            (Some("  "), false),
            (Some("false"), false),
            (Some("False"), false),
            (Some("FALSE"), false),
            (Some("0"), false),
            (Some("true"), true),
            (Some("1"), true),
            (Some("yes"), true),
            (Some("woodpecker"), true),
        ];
        for (value, expected) in rows {
            assert_eq!(
                ci_is_set(value.map(std::ffi::OsStr::new)),
                *expected,
                "CI={value:?}"
            );
        }
    }
}
