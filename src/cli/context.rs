//! [`Context`]: what every command needs from the process: the current folder and whether
//! to colour output. Read once, here, so the library never touches the environment.

use std::io::IsTerminal;
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

/// What every command needs from the process.
#[derive(Clone, Debug)]
pub struct Context {
    /// The current folder.
    pub cwd: PathBuf,
    /// Whether stdout gets colour.
    pub color_stdout: bool,
    /// Whether stderr gets colour.
    pub color_stderr: bool,
}

impl Context {
    /// Reads the current folder, the terminal state and `NO_COLOR`.
    pub fn from_env(choice: ColorChoice) -> std::io::Result<Context> {
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
        })
    }
}
