//! [`stray_files`]: files under `environments/` that no release reads. A misspelt overlay
//! (`environments/production/wordpres.yaml`), a folder for a stage `strata.yaml` does not list,
//! or a `.yml` file in an overlay folder would otherwise be skipped silently, and the stage
//! would run on the chart's defaults.
//!
//! A folder whose name is a near miss of a listed stage (`environments/stagging/`) is
//! reported apart ([`NearMissStage`]): its overlays were meant for that stage, which runs on
//! the chart's defaults without them, so it is an error, not a warning.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::source::{display_path, EntryKind};
use crate::values::{KeyPath, Origin};
use crate::workspace::{Workspace, WorkspaceError};

use super::finding::{Finding, Rule, Severity};
use super::suggest::suggest;

/// How deep under `environments/` files are looked for (stage / chart / file).
const MAX_DEPTH: usize = 3;

/// A file no release reads, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrayFile {
    /// The file.
    pub path: PathBuf,
    /// Why no release reads it, with a suggestion when one fits.
    pub message: String,
}

impl StrayFile {
    /// Returns the finding, reported under the release the file's place names
    /// (`environments/<stage>/<chart>...`) and pointing at the file's first line.
    pub fn finding(&self, severity: Severity) -> Finding {
        let part = |i: usize| {
            self.path
                .components()
                .nth(i)
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .unwrap_or_default()
        };
        let chart = part(2);
        Finding {
            stage: part(1),
            chart: chart.split('.').next().unwrap_or_default().to_string(),
            rule: Rule::StrayFile,
            severity,
            message: self.message.clone(),
            origin: Origin::new(display_path(&self.path).into(), 1, 1),
            path: KeyPath::root(),
            secret: false,
        }
    }
}

/// A folder under `environments/` whose name is a near miss of a stage of `strata.yaml`
/// (`stagging` for `staging`, `Production` for `production`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMissStage {
    /// The folder's name.
    pub folder: String,
    /// The stage it is a near miss of.
    pub stage: String,
}

impl NearMissStage {
    /// Returns the folder, relative to the workspace root, with a trailing `/`.
    pub fn shown(&self) -> String {
        format!("environments/{}/", self.folder)
    }

    /// Returns what is wrong, with the suggestion.
    pub fn message(&self, stages: &[String]) -> String {
        format!(
            "{} is not read by any release: `{}` is not a stage of strata.yaml (stages: {}); did you mean `{}`?",
            self.shown(),
            self.folder,
            stages.join(", "),
            self.stage
        )
    }

    /// Returns the finding: an error whatever the stray-file rule's severity, reported
    /// under the stage it misses (so `validate -s staging` shows it) and pointing at the
    /// folder.
    pub fn finding(&self, stages: &[String]) -> Finding {
        Finding {
            stage: self.stage.clone(),
            chart: String::new(),
            rule: Rule::StrayFile,
            severity: Severity::Error,
            message: self.message(stages),
            origin: Origin::whole(self.shown().into()),
            path: KeyPath::root(),
            secret: false,
        }
    }
}

/// Returns the folders under `environments/` that are not stages of the workspace but are
/// near misses of one ([`suggest`]'s measure: letter case ignored, at most two edits), in
/// name order. A folder some release reads from (a shared layer `strata.yaml` adds) is not
/// one.
pub fn near_miss_stages(ws: &Workspace) -> Result<Vec<NearMissStage>, WorkspaceError> {
    let stages = ws.stages();
    let read = read_files(ws)?;
    let is_read = |folder: &str| {
        let folder = Path::new("environments").join(folder);
        read.iter().any(|path| path.starts_with(&folder))
    };
    Ok(ws
        .tree()
        .list(Path::new("environments"))?
        .into_iter()
        .filter(|(name, kind)| {
            *kind == EntryKind::Dir && !name.starts_with('.') && !stages.contains(name)
        })
        .filter_map(|(folder, _)| {
            let stage = suggest(&folder, stages.iter().map(String::as_str))?.to_string();
            Some(NearMissStage { folder, stage })
        })
        .filter(|near| !is_read(&near.folder))
        .collect())
}

/// Returns every file some release of the workspace reads under `environments/`: each
/// stage's `stage.yaml` and each release's overlays.
fn read_files(ws: &Workspace) -> Result<BTreeSet<PathBuf>, WorkspaceError> {
    let mut read: BTreeSet<PathBuf> = BTreeSet::new();
    for stage in ws.stages() {
        read.insert(Path::new("environments").join(stage).join("stage.yaml"));
        for (_, name) in ws.stage_releases(std::slice::from_ref(stage), &ws.release_names()) {
            read.extend(ws.release(stage, &name)?.overlays);
        }
    }
    Ok(read)
}

fn is_values_like(name: &str) -> bool {
    [".yaml", ".yml", ".yaml.tera", ".yml.tera", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Returns the files under `environments/` that look like values but that no release of the
/// workspace reads, in path order. Files inside a folder that is a near miss of a stage are
/// left to [`near_miss_stages`], which reports the folder once.
pub fn stray_files(ws: &Workspace) -> Result<Vec<StrayFile>, WorkspaceError> {
    let near_misses: Vec<PathBuf> = near_miss_stages(ws)?
        .into_iter()
        .map(|n| Path::new("environments").join(n.folder))
        .collect();
    let read = read_files(ws)?;
    let mut files = Vec::new();
    collect(ws, Path::new("environments"), 0, &mut files)?;
    // Overlays are named after releases (each chart's own name without `releases:`).
    let names = ws.release_names();
    let charts: Vec<&str> = names.iter().map(String::as_str).collect();
    let stages: Vec<&str> = ws.stages().iter().map(String::as_str).collect();
    let noun = if ws.config().releases.is_some() {
        "release"
    } else {
        "chart"
    };
    Ok(files
        .into_iter()
        .filter(|path| !read.contains(path))
        .filter(|path| !near_misses.iter().any(|folder| path.starts_with(folder)))
        .map(|path| {
            let message = explain(&path, &stages, (noun, &charts));
            // A release that runs in other stages only.
            let message = match not_in_stage(ws, &path) {
                Some(text) => text,
                None => message,
            };
            StrayFile { path, message }
        })
        .collect())
}

fn collect(
    ws: &Workspace,
    dir: &Path,
    depth: usize,
    out: &mut Vec<PathBuf>,
) -> Result<(), WorkspaceError> {
    for (name, kind) in ws.tree().list(dir)? {
        if name.starts_with('.') {
            continue;
        }
        let path = dir.join(&name);
        match kind {
            EntryKind::Dir if depth + 1 < MAX_DEPTH => collect(ws, &path, depth + 1, out)?,
            EntryKind::File if is_values_like(&name) => out.push(path),
            _ => {}
        }
    }
    Ok(())
}

/// Says, when `path` is the overlay of a release in a stage it does not run in, that it
/// does not run there.
fn not_in_stage(ws: &Workspace, path: &Path) -> Option<String> {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    let (stage, name) = (parts.get(1)?, parts.get(2)?);
    let release = name.split('.').next().unwrap_or(name);
    let spec = ws.release_spec(release).ok()?;
    let stages = spec.stages.as_ref()?;
    if spec.runs_in(stage) || !ws.stages().contains(stage) {
        return None;
    }
    Some(format!(
        "{} is not read by any release: release `{release}` does not run in stage `{stage}` (it runs in: {})",
        display_path(path),
        stages.join(", ")
    ))
}

/// Says why no release reads `path` (`environments/<stage>/<name>` or deeper); `charts`
/// names what overlays are named after (`chart` or `release`) and the known names.
fn explain(path: &Path, stages: &[&str], (noun, charts): (&str, &[&str])) -> String {
    let shown = display_path(path);
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    let did_you_mean = |word: &str, known: &[&str]| {
        suggest(word, known.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default()
    };
    let Some(stage) = parts.get(1).filter(|_| parts.len() > 2) else {
        return format!(
            "{shown} is not read by any release: overlays live in environments/<stage>/"
        );
    };
    if !stages.contains(&stage.as_str()) {
        return format!(
            "{shown} is not read by any release: `{stage}` is not a stage of strata.yaml (stages: {}){}",
            stages.join(", "),
            did_you_mean(stage, stages)
        );
    }
    let name = &parts[2];
    let chart = name.split('.').next().unwrap_or(name);
    if !charts.contains(&chart) {
        return format!(
            "{shown} is not read by any release: there is no {noun} `{chart}` ({noun}s: {}){}",
            charts.join(", "),
            did_you_mean(chart, charts)
        );
    }
    format!("{shown} is not read by any release: overlays are `.yaml` files (environments/<stage>/<{noun}>.yaml or environments/<stage>/<{noun}>/*.yaml)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_why_a_file_is_not_read() {
        let stages = ["development", "production"];
        let charts = ["mysql", "wordpress"];
        let rows = [
            ("environments/production/wordpres.yaml", "environments/production/wordpres.yaml is not read by any release: there is no chart `wordpres` (charts: mysql, wordpress); did you mean `wordpress`?"),
            ("environments/prod/wordpress.yaml", "environments/prod/wordpress.yaml is not read by any release: `prod` is not a stage of strata.yaml (stages: development, production)"),
            ("environments/production/wordpress/extra.yml", "environments/production/wordpress/extra.yml is not read by any release: overlays are `.yaml` files (environments/<stage>/<chart>.yaml or environments/<stage>/<chart>/*.yaml)"),
            ("environments/common.yaml", "environments/common.yaml is not read by any release: overlays live in environments/<stage>/"),
        ];
        for (path, expected) in rows {
            assert_eq!(
                explain(Path::new(path), &stages, ("chart", &charts)),
                expected,
                "{path}"
            );
        }
    }

    #[test]
    fn a_near_miss_of_a_stage_is_an_error_under_that_stage() {
        let near = NearMissStage {
            folder: "stagging".into(),
            stage: "staging".into(),
        };
        let stages = ["staging".to_string(), "production".to_string()];
        let finding = near.finding(&stages);
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(finding.stage, "staging");
        assert_eq!(finding.origin.to_string(), "environments/stagging/");
        assert_eq!(
            finding.message,
            "environments/stagging/ is not read by any release: `stagging` is not a stage of strata.yaml (stages: staging, production); did you mean `staging`?"
        );
    }
}
