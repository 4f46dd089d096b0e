//! [`FileValues`]: reading the value of a `--set-file` pair, the contents of a local file.
//!
//! Helm's `readFile` reads `-` (spaces around it ignored) from standard input, fetches URLs
//! whose scheme has a getter (`http`, `https`, `oci`) and reads anything else with
//! `os.ReadFile`, relative to the working directory. strata reads standard input and local
//! files, through [`crate::source`] (regular files only, size-capped, no link leading out of
//! the workspace), and refuses URLs with an error of its own.

use std::path::Path;

use crate::source::{open_given_path, read_regular_file, SourceError};

use super::error::PairError;
use super::file_settings::{FileSettings, StdinUse};
use super::go_url::url_scheme;

/// Where `--set-file` paths are read from during one computation of the values.
#[derive(Clone, Copy, Debug)]
pub(super) struct FileValues<'a> {
    pub(super) settings: &'a FileSettings,
    /// Whether a `key=-` pair read standard input already in this computation.
    pub(super) stdin_use: &'a StdinUse,
}

impl FileValues<'_> {
    /// Returns the contents of the file named by `path`, verbatim, as text.
    pub(super) fn read(&self, path: &str) -> Result<String, PairError> {
        let file_error = |reason| PairError::File {
            path: path.to_string(),
            reason,
        };
        if path.trim() == "-" {
            let bytes = self
                .settings
                .stdin
                .read(self.stdin_use.first())
                .map_err(file_error)?;
            return String::from_utf8(bytes).map_err(|_| PairError::FileNotUtf8 {
                path: path.to_string(),
            });
        }
        let scheme = url_scheme(path).map_err(|reason| PairError::FileUrl {
            path: path.to_string(),
            reason,
        })?;
        if matches!(scheme.as_str(), "http" | "https" | "oci") {
            return Err(PairError::FileFromUrl {
                path: path.to_string(),
                scheme,
            });
        }
        if path.is_empty() {
            // Go's os.ReadFile("") fails to open; joining "" to the directory would name the
            // directory itself instead.
            return Err(file_error(SourceError::NotFound {
                display: String::new(),
            }));
        }
        let settings = self.settings;
        let full = open_given_path(&settings.cwd, Path::new(path), &settings.link_base)
            .map_err(file_error)?;
        let bytes = read_regular_file(&full, path, settings.max_bytes).map_err(file_error)?;
        String::from_utf8(bytes).map_err(|_| PairError::FileNotUtf8 {
            path: path.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_files_and_refuses_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("v.txt"), "line\n").unwrap();
        std::fs::write(dir.path().join("big.txt"), "0123456789").unwrap();
        std::fs::write(dir.path().join("bin.dat"), b"\xff\xfe").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let settings = FileSettings {
            cwd: dir.path().to_path_buf(),
            link_base: dir.path().to_path_buf(),
            max_bytes: 8,
            stdin: super::super::StdinText::new(std::sync::Arc::new(|| Ok(b"from stdin".to_vec()))),
        };
        let stdin_use = StdinUse::default();
        let files = FileValues {
            settings: &settings,
            stdin_use: &stdin_use,
        };
        let abs = dir.path().join("v.txt");
        let abs = abs.to_str().unwrap();
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("v.txt", Ok("line\n")),
            ("./v.txt", Ok("line\n")),
            (abs, Ok("line\n")),
            ("nope.txt", Err("open nope.txt: no such file or directory")),
            ("", Err("open : no such file or directory")),
            ("sub", Err("sub is a directory, not a regular file")),
            ("big.txt", Err("big.txt is 10 bytes, over the limit of 8 bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)")),
            ("bin.dat", Err("bin.dat: not valid UTF-8; strata reads --set-file values as text")),
            (" - ", Ok("from stdin")),
            ("-", Ok("")),
            ("https://x/y", Err("https://x/y: strata works offline and does not fetch --set-file values from a https URL")),
            ("OCI://r/c", Err("OCI://r/c: strata works offline and does not fetch --set-file values from a oci URL")),
            ("50%.txt", Err(r#"parse "50%.txt": invalid URL escape "%.t""#)),
        ];
        for (path, want) in cases {
            let got = files.read(path).map_err(|e| e.to_string());
            assert_eq!(
                got,
                want.map(str::to_string).map_err(str::to_string),
                "{path:?}"
            );
        }
    }
}
