//! [`ValueFlags`]: `-f` and the `--set` family, shared by every command that computes values
//! (DESIGN §1, layer 3: values given on the command line).

use std::path::Path;
use std::sync::Arc;

use crate::layer::merge_user_node;
use crate::setflags::{url_scheme, FileSettings, FlagKind, SetFlag, StdinText};
use crate::source::{display_path, open_given_path, SourceError};
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
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<String>,
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

    /// Returns the `-f` paths as Helm reads its string-slice flag: each flag's value split at
    /// commas, an empty value (`-f ''`) naming no file at all.
    fn value_paths(&self) -> impl Iterator<Item = &str> {
        self.values
            .iter()
            .filter(|raw| !raw.is_empty())
            .flat_map(|raw| raw.split(','))
    }

    /// Reads the `-f` files (paths relative to the current folder; `-`, spaces around it
    /// ignored, is standard input) and collects the flags. A path inside `link_base` (the
    /// workspace, or the current folder outside one) may not be a symlink leading out of it.
    /// A file with several YAML documents is read as the selected Helm reads it, with a note.
    pub fn read(
        &self,
        ctx: &Context,
        limits: &InputLimits,
        link_base: &Path,
        helm: HelmVersion,
    ) -> Result<CommandLineValues, CliError> {
        let mut files = Vec::new();
        let mut stdin_taken = false;
        for file in self.value_paths() {
            let parsed = if file.trim() == "-" {
                stdin_taken = true;
                read_stdin_values(limits, helm)?
            } else {
                // Helm parses every -f path as a URL first, to pick a getter for its scheme.
                let scheme = url_scheme(file)?;
                if matches!(scheme.as_str(), "http" | "https" | "oci") {
                    return Err(CliError::ValuesFileFromUrl {
                        path: file.to_string(),
                        scheme,
                    });
                }
                if file.is_empty() {
                    // Go's os.ReadFile("") fails to open; joining "" to the current folder
                    // would name the folder instead.
                    return Err(crate::yaml::ReadError::Source(SourceError::NotFound {
                        display: String::new(),
                    })
                    .into());
                }
                let display = display_path(Path::new(file));
                let full = open_given_path(&ctx.cwd, Path::new(file), link_base)
                    .map_err(crate::yaml::ReadError::Source)?;
                read_values_file(&full, Arc::from(display), limits, helm, merge_user_node)?
            };
            if parsed.extra_document.is_some() {
                let how = match helm {
                    HelmVersion::V3 => "only the first is used, as Helm 3 does",
                    HelmVersion::V4 => "they are merged in order, as Helm 4 does",
                };
                note(ctx, &format!("{file} holds several YAML documents; {how}"));
            }
            files.push(parsed);
        }
        let max_bytes = limits.max_file_bytes;
        let stdin = if stdin_taken {
            StdinText::taken()
        } else {
            StdinText::new(Arc::new(move || read_stdin(max_bytes)))
        };
        Ok(CommandLineValues {
            files,
            flags: self.set_flags(),
            files_from: FileSettings {
                cwd: ctx.cwd.clone(),
                link_base: link_base.to_path_buf(),
                max_bytes,
                stdin,
            },
            helm,
        })
    }
}

/// Reads standard input to its end, at most `limit` bytes.
fn read_stdin(limit: u64) -> Result<Vec<u8>, SourceError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| SourceError::Io {
            display: "(standard input)".into(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(SourceError::OverLimit {
            display: "(standard input)".into(),
            limit,
        });
    }
    Ok(bytes)
}

/// Reads `-f -`: values from standard input, as `helm -f -` does, capped like any file.
fn read_stdin_values(
    limits: &InputLimits,
    helm: HelmVersion,
) -> Result<crate::yaml::ParsedFile, CliError> {
    let bytes = read_stdin(limits.max_file_bytes).map_err(crate::yaml::ReadError::Source)?;
    Ok(crate::yaml::parse_values_as(
        &bytes,
        Arc::from("(standard input)"),
        &limits.yaml,
        helm,
        merge_user_node,
    )
    .map_err(crate::yaml::ReadError::Yaml)?)
}
