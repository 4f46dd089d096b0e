//! [`ValueFlags`]: `-f` and the `--set` family, shared by every command that computes values
//! (DESIGN §1, layer 3: values given on the command line).

use std::path::PathBuf;
use std::sync::Arc;

use crate::setflags::{FlagKind, SetFlag};
use crate::source::display_path;
use crate::values::HelmVersion;
use crate::workspace::CommandLineValues;
use crate::yaml::{read_values_file, InputLimits};

use super::context::Context;
use super::error::CliError;
use super::output::note;

/// Values given on the command line, applied over the stage overlays.
#[derive(Debug, Default, clap::Args)]
pub struct ValueFlags {
    /// A values file, merged left to right (like `helm -f`; commas separate several)
    #[arg(
        short = 'f',
        long = "values",
        value_name = "FILE",
        value_delimiter = ','
    )]
    pub values: Vec<PathBuf>,
    /// Set values (`a.b=1,c[0]=x`), typed like Helm's --set
    #[arg(long, value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Set values as strings
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,
    /// Set values from JSON (`a={"x":1}`)
    #[arg(long = "set-json", value_name = "KEY=JSON")]
    pub set_json: Vec<String>,
    /// Set values from files' contents (`key=path`)
    #[arg(long = "set-file", value_name = "KEY=PATH")]
    pub set_file: Vec<String>,
    /// Set one literal string value (everything after the first `=`)
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    pub set_literal: Vec<String>,
}

impl ValueFlags {
    /// Returns the `--set` family in the order Helm applies them.
    fn set_flags(&self) -> Vec<SetFlag> {
        let kinds: [(FlagKind, &Vec<String>); 5] = [
            (FlagKind::Json, &self.set_json),
            (FlagKind::Set, &self.set),
            (FlagKind::String, &self.set_string),
            (FlagKind::File, &self.set_file),
            (FlagKind::Literal, &self.set_literal),
        ];
        kinds
            .into_iter()
            .flat_map(|(kind, texts)| {
                texts
                    .iter()
                    .map(move |text| SetFlag::new(kind, text.clone()))
            })
            .collect()
    }

    /// Reads the `-f` files (paths relative to the current folder) and collects the flags.
    /// A file with several YAML documents is read as `helm` reads it, with a note.
    pub fn read(
        &self,
        ctx: &Context,
        limits: &InputLimits,
        helm: HelmVersion,
    ) -> Result<CommandLineValues, CliError> {
        let mut files = Vec::new();
        for file in &self.values {
            let parsed = if file.as_os_str() == "-" {
                read_stdin_values(limits, helm)?
            } else {
                let source: Arc<str> = Arc::from(display_path(file));
                read_values_file(&ctx.cwd.join(file), source, limits, helm)?
            };
            let source = file.display();
            if parsed.extra_document.is_some() {
                let how = match helm {
                    HelmVersion::V3 => "only the first is used, as Helm 3 does",
                    HelmVersion::V4 => "they are merged in order, as Helm 4 does",
                };
                note(
                    ctx,
                    &format!("{source} holds several YAML documents; {how}"),
                );
            }
            files.push(parsed);
        }
        Ok(CommandLineValues {
            files,
            flags: self.set_flags(),
            cwd: ctx.cwd.clone(),
            max_file_bytes: limits.max_file_bytes,
            helm,
        })
    }
}

/// Reads `-f -`: values from standard input, as `helm -f -` does, capped like any file.
fn read_stdin_values(
    limits: &InputLimits,
    helm: HelmVersion,
) -> Result<crate::yaml::ParsedFile, CliError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(CliError::Stdin)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(
            crate::yaml::ReadError::Source(crate::source::SourceError::TooLarge {
                display: "(standard input)".into(),
                size: bytes.len() as u64,
                limit: limits.max_file_bytes,
            })
            .into(),
        );
    }
    Ok(
        crate::yaml::parse_values_as(&bytes, Arc::from("(standard input)"), &limits.yaml, helm)
            .map_err(crate::yaml::ReadError::Yaml)?,
    )
}
