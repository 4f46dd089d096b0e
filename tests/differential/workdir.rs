//! The working folder of one case: a copy of the chart with a probe template in it and in
//! every subchart, the case's values files, and the reading of what the probes printed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::case::{Case, ChartSource};

/// Name of the chart folder inside the working folder, as given to both tools.
pub const CHART: &str = "chart";

/// The probe's file name: sorts last, so it never shadows a real template.
const PROBE_FILE: &str = "zz-strata-probe.yaml";
/// What the probe prints before `.Values` as compact JSON (a YAML comment, so `helm template`
/// prints it under its `# Source:` line and the manifest stays valid).
const PROBE_MARK: &str = "# STRATA-PROBE ";
const PROBE_TEMPLATE: &str = "# STRATA-PROBE {{ toJson .Values }}\n";

/// Returns the folder holding the suite's fixtures.
pub fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential")
}

/// Builds the working folder for `case` under `dir`.
pub fn prepare(case: &Case, dir: &Path) -> std::io::Result<()> {
    let source = match &case.chart {
        ChartSource::Fixture(name) => suite_dir().join("charts").join(name),
        ChartSource::Dir(path) => path.clone(),
    };
    let chart = dir.join(CHART);
    copy_dir(&source, &chart)?;
    for (path, contents) in &case.chart_files {
        write(&chart.join(path), contents)?;
    }
    add_probes(&chart)?;
    for (path, contents) in &case.files {
        write(&dir.join(path), contents)?;
    }
    Ok(())
}

fn write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Adds the probe template to `chart` and, recursively, to every chart in its `charts/`
/// (listed as a dependency or not: an unlisted one is rendered too), packaged ones included.
fn add_probes(chart: &Path) -> std::io::Result<()> {
    if !chart.join("Chart.yaml").is_file() {
        return Ok(());
    }
    write(
        &chart.join("templates").join(PROBE_FILE),
        PROBE_TEMPLATE.as_bytes(),
    )?;
    let charts = chart.join("charts");
    if charts.is_dir() {
        for entry in fs::read_dir(&charts)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                add_probes(&path)?;
            } else if path.extension().is_some_and(|e| e == "tgz") {
                add_probes_to_archive(&path)?;
            }
        }
    }
    Ok(())
}

/// Unpacks a packaged subchart (`charts/<name>.tgz`), adds the probes, and packs it again in
/// place, with the system's `tar`.
fn add_probes_to_archive(archive: &Path) -> std::io::Result<()> {
    let unpacked = archive.with_extension("probe-unpacked");
    fs::create_dir_all(&unpacked)?;
    tar(&[
        "-xzf".as_ref(),
        archive.as_os_str(),
        "-C".as_ref(),
        unpacked.as_os_str(),
    ])?;
    let mut tops = Vec::new();
    for entry in fs::read_dir(&unpacked)? {
        let entry = entry?;
        add_probes(&entry.path())?;
        tops.push(entry.file_name());
    }
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "-czf".as_ref(),
        archive.as_os_str(),
        "-C".as_ref(),
        unpacked.as_os_str(),
    ];
    args.extend(tops.iter().map(|t| t.as_os_str()));
    tar(&args)?;
    fs::remove_dir_all(&unpacked)
}

fn tar(args: &[&std::ffi::OsStr]) -> std::io::Result<()> {
    let status = std::process::Command::new("tar").args(args).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("tar {args:?}: {status}")))
    }
}

/// Returns what each probe printed, by chart: `""` for the top chart, else the alias path
/// (`mid.leaf`) read from the `# Source: parent/charts/mid/charts/leaf/templates/...` line
/// (Helm names subchart folders there by alias).
pub fn probes(helm_stdout: &str) -> Result<BTreeMap<String, String>, String> {
    let mut found = BTreeMap::new();
    let mut source: Option<&str> = None;
    for line in helm_stdout.lines() {
        if let Some(path) = line.strip_prefix("# Source: ") {
            source = Some(path.trim());
        } else if let Some(json) = line.strip_prefix(PROBE_MARK) {
            let path = source.ok_or("a probe line before any # Source: line")?;
            let chart = alias_path(path)?;
            if found.insert(chart.clone(), json.to_string()).is_some() {
                return Err(format!("two probes for chart {chart:?}"));
            }
        }
    }
    if !found.contains_key("") {
        return Err("no probe output for the top chart".into());
    }
    Ok(found)
}

fn alias_path(source: &str) -> Result<String, String> {
    let rest = source
        .strip_suffix(&format!("/templates/{PROBE_FILE}"))
        .ok_or_else(|| format!("unexpected probe source {source:?}"))?;
    let mut parts = rest.split('/').skip(1);
    let mut chain = Vec::new();
    while let Some(dir) = parts.next() {
        match (dir, parts.next()) {
            ("charts", Some(name)) => chain.push(name),
            _ => return Err(format!("unexpected probe source {source:?}")),
        }
    }
    Ok(chain.join("."))
}

/// Returns the set of distinct warnings in a stderr text: lines containing `warning:` or
/// `Warning:`, without Helm's `coalesce.go:237: ` style prefix.
pub fn warnings(stderr: &str) -> std::collections::BTreeSet<String> {
    stderr
        .lines()
        .filter(|l| l.contains("warning:") || l.contains("Warning:") || l.starts_with("level="))
        .map(|l| strip_go_prefix(l.trim_end()).to_string())
        .collect()
}

fn strip_go_prefix(line: &str) -> &str {
    if let Some((first, rest)) = line.split_once(": ") {
        if let Some((file, number)) = first.split_once(".go:") {
            let file_ok = !file.is_empty() && !file.contains(' ');
            if file_ok && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
                return rest;
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths_come_from_source_lines() {
        let out = "---\n# Source: parent/charts/mid/charts/leaf/templates/zz-strata-probe.yaml\n# STRATA-PROBE {\"a\":1}\n---\n# Source: parent/templates/zz-strata-probe.yaml\n# STRATA-PROBE {}\n";
        let found = probes(out).unwrap();
        assert_eq!(found[""], "{}");
        assert_eq!(found["mid.leaf"], "{\"a\":1}");
    }

    #[test]
    fn go_file_prefixes_are_stripped() {
        let set = warnings("coalesce.go:237: warning: skipped value for p.a: Not a table.\nError: x\nwarning: plain\n");
        let expected: Vec<&str> = vec![
            "warning: plain",
            "warning: skipped value for p.a: Not a table.",
        ];
        assert_eq!(set.iter().map(String::as_str).collect::<Vec<_>>(), expected);
    }
}
