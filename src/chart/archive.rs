//! [`Archive`]: a packaged chart (`charts/*.tgz`, what `helm dependency build` leaves),
//! unpacked into memory with bounds, so a gzip bomb or a hostile path cannot hurt.

use std::collections::BTreeMap;
use std::io::Read;

use super::error::ChartError;

/// Most files an archive may hold; real charts hold tens to a few hundred.
const MAX_ENTRIES: usize = 10_000;

/// How to raise the cap, as every other size error says it.
const RAISE_HINT: &str = "(raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)";

/// The files of a chart archive, keyed by their path inside the chart (the archive's first
/// folder, the chart's name, stripped, as Helm strips it).
#[derive(Clone, Debug, Default)]
pub(crate) struct Archive {
    files: BTreeMap<String, Vec<u8>>,
}

impl Archive {
    /// Unpacks a `.tgz`. Every file is capped at `max_file_bytes` and the whole archive at
    /// 16 times that; only regular files are kept, and paths with `..` or a leading `/` are
    /// refused.
    pub(crate) fn unpack(
        bytes: &[u8],
        display: &str,
        max_file_bytes: u64,
    ) -> Result<Archive, ChartError> {
        let bad = |reason: String| ChartError::Archive {
            display: display.to_string(),
            reason,
        };
        let total_cap = max_file_bytes.saturating_mul(16);
        let decoder = flate2::read::GzDecoder::new(bytes).take(total_cap.saturating_add(1));
        let mut archive = tar::Archive::new(decoder);
        let mut files = BTreeMap::new();
        let mut total = 0u64;
        let entries = archive.entries().map_err(|e| bad(e.to_string()))?;
        for (count, entry) in entries.enumerate() {
            if count >= MAX_ENTRIES {
                return Err(bad(format!("more than {MAX_ENTRIES} files")));
            }
            let mut entry = entry.map_err(|e| bad(e.to_string()))?;
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let path = entry
                .path()
                .map_err(|e| bad(e.to_string()))?
                .to_string_lossy()
                .to_string();
            if path.starts_with('/') || path.split('/').any(|c| c == "..") {
                return Err(bad(format!(
                    "refusing the path {path:?} inside the archive"
                )));
            }
            let Some((_, inner)) = path.split_once('/') else {
                continue;
            };
            let size = entry.header().size().map_err(|e| bad(e.to_string()))?;
            if size > max_file_bytes {
                return Err(bad(format!(
                    "{inner} is {size} bytes, over the limit of {max_file_bytes} bytes {RAISE_HINT}"
                )));
            }
            total += size;
            if total > total_cap {
                return Err(bad(format!(
                    "unpacks to more than {total_cap} bytes, 16 times the file limit {RAISE_HINT}"
                )));
            }
            let mut data = Vec::with_capacity(size as usize);
            entry
                .by_ref()
                .take(max_file_bytes + 1)
                .read_to_end(&mut data)
                .map_err(|e| bad(e.to_string()))?;
            files.insert(inner.to_string(), data);
        }
        Ok(Archive { files })
    }

    /// Returns a file's bytes, if the archive has it.
    pub(crate) fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Returns the archive below `prefix/` as an archive of its own (a subchart folder
    /// inside a packaged chart).
    pub(crate) fn subtree(&self, prefix: &str) -> Archive {
        let prefix = format!("{prefix}/");
        Archive {
            files: self
                .files
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix(&prefix)
                        .map(|rest| (rest.to_string(), v.clone()))
                })
                .collect(),
        }
    }

    /// Returns the paths of the files below `prefix/` (relative to the chart), sorted.
    pub(crate) fn files_under(&self, prefix: &str) -> Vec<&str> {
        let prefix = format!("{prefix}/");
        self.files
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .map(String::as_str)
            .collect()
    }

    /// Returns the names directly under `charts/`: folders and files, sorted.
    pub(crate) fn chart_entries(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|k| k.strip_prefix("charts/"))
            .filter_map(|rest| rest.split('/').next())
            .map(str::to_string)
            .collect();
        names.dedup();
        names
    }
}

/// Packs `files` (path, contents) as `helm package` does: a gzipped tar. For tests of the
/// code that reads packaged charts.
#[cfg(test)]
pub(crate) fn test_tgz<D: AsRef<[u8]>>(files: &[(&str, D)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    for (path, data) in files {
        let data = data.as_ref();
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, path, data)
            .expect("a tar entry is written to memory");
    }
    builder
        .into_inner()
        .and_then(|gz| gz.finish())
        .expect("a tar is written to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tgz(files: &[(&str, &[u8])]) -> Vec<u8> {
        test_tgz(files)
    }

    #[test]
    fn strips_the_chart_folder_and_lists_subcharts() {
        let bytes = tgz(&[
            ("sub/Chart.yaml", b"name: sub\n"),
            ("sub/values.yaml", b"a: 1\n"),
            ("sub/charts/leaf/Chart.yaml", b"name: leaf\n"),
            ("sub/charts/other-1.0.0.tgz", b"x"),
        ]);
        let archive = Archive::unpack(&bytes, "sub.tgz", 1000).unwrap();
        assert_eq!(archive.get("values.yaml"), Some(&b"a: 1\n"[..]));
        assert_eq!(archive.chart_entries(), vec!["leaf", "other-1.0.0.tgz"]);
        assert_eq!(
            archive.subtree("charts/leaf").get("Chart.yaml"),
            Some(&b"name: leaf\n"[..])
        );
    }

    #[test]
    fn refuses_files_over_the_cap() {
        let bytes = tgz(&[("sub/values.yaml", &[b'a'; 200])]);
        let err = Archive::unpack(&bytes, "sub.tgz", 100).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot unpack sub.tgz: values.yaml is 200 bytes, over the limit of 100 bytes (raise it with --max-file-bytes or limits.maxFileBytes in strata.yaml)"
        );
    }
}
