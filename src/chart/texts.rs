//! [`load_chart_texts`]: the text of a chart's `values.yaml` and of its `templates/` files
//! (`NOTES.txt` and `_helpers.tpl` included), and its subcharts', for the lint rules that
//! read what a chart documents in comments and what its templates read.
//!
//! Values need none of this, so [`load_chart`](super::load_chart) does not read templates;
//! `strata validate` reads them once per chart. The reads go through the same places and
//! checks as the chart loader: the tree bounds every read (containment, regular files,
//! the size cap), packaged subcharts are read from their unpacked archive, and a chart
//! holds at most [`MAX_TEMPLATE_FILES`] template files in folders at most
//! [`MAX_TEMPLATE_DEPTH`] deep.

use std::path::Path;

use crate::source::EntryKind;
use crate::values::SourceName;

use super::error::ChartError;
use super::loader::{ChartFiles, Place};

/// Most template files read from one chart; real charts have tens.
pub const MAX_TEMPLATE_FILES: usize = 1_000;

/// How deep folders under `templates/` are followed.
pub const MAX_TEMPLATE_DEPTH: usize = 8;

/// One text file of a chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextFile {
    /// The file as origins name it (`charts/kong/templates/_helpers.tpl`).
    pub source: SourceName,
    /// Its text (invalid UTF-8 replaced).
    pub text: String,
}

/// The texts of a chart and of its subcharts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartTexts {
    /// `name` from Chart.yaml (subcharts are matched to dependencies by it).
    pub name: String,
    /// `values.yaml`, when the chart has one.
    pub values: Option<TextFile>,
    /// The files under `templates/`, in path order.
    pub templates: Vec<TextFile>,
    /// The subcharts under `charts/`, in the order the chart loader reads them.
    pub subcharts: Vec<ChartTexts>,
}

/// Reads the texts of the chart at `rel` (relative to `files.tree`) and of its subcharts.
pub fn load_chart_texts(files: &ChartFiles, rel: &Path) -> Result<ChartTexts, ChartError> {
    load(&Place::Dir(rel.to_path_buf()), files, 0)
}

/// Reads the texts of the packaged chart (`.tgz`) at `rel` and of its subcharts.
pub fn load_packaged_chart_texts(files: &ChartFiles, rel: &Path) -> Result<ChartTexts, ChartError> {
    load(&Place::packaged(files, rel)?, files, 0)
}

fn load(place: &Place, files: &ChartFiles, depth: usize) -> Result<ChartTexts, ChartError> {
    let name = place.metadata(files, depth)?.name;
    let values = place.read(files, "values.yaml")?.map(text_file);
    let mut templates = Vec::new();
    for name in template_names(place, files)? {
        if let Some(file) = place.read(files, &name)? {
            templates.push(text_file(file));
        }
    }
    let mut subcharts = Vec::new();
    for (_, sub) in place.subcharts(files)? {
        subcharts.push(load(&sub, files, depth + 1)?);
    }
    Ok(ChartTexts {
        name,
        values,
        templates,
        subcharts,
    })
}

fn text_file((bytes, source): super::loader::ChartFile<'_>) -> TextFile {
    TextFile {
        source,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Returns the paths (relative to the chart) of the files under `templates/`, sorted, at
/// most [`MAX_TEMPLATE_FILES`].
fn template_names(place: &Place, files: &ChartFiles) -> Result<Vec<String>, ChartError> {
    let mut names = Vec::new();
    match place {
        Place::Dir(rel) => list_files(files, rel, "templates", 0, &mut names)?,
        Place::Archive { archive, .. } => names.extend(
            archive
                .files_under("templates")
                .into_iter()
                .filter(|p| p.matches('/').count() <= MAX_TEMPLATE_DEPTH)
                .map(str::to_string),
        ),
    }
    names.truncate(MAX_TEMPLATE_FILES);
    Ok(names)
}

/// Adds the files of the folder `chart/folder` (paths relative to `chart`), recursively.
fn list_files(
    files: &ChartFiles,
    chart: &Path,
    folder: &str,
    depth: usize,
    out: &mut Vec<String>,
) -> Result<(), ChartError> {
    if depth >= MAX_TEMPLATE_DEPTH {
        return Ok(());
    }
    for (name, kind) in files.tree.list(&chart.join(folder))? {
        if out.len() >= MAX_TEMPLATE_FILES {
            return Ok(());
        }
        let path = format!("{folder}/{name}");
        match kind {
            EntryKind::File => out.push(path),
            EntryKind::Dir => list_files(files, chart, &path, depth + 1, out)?,
            EntryKind::Other => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::DirTree;
    use crate::yaml::InputLimits;
    use std::sync::Arc;

    #[test]
    fn reads_values_templates_and_subcharts() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        };
        write("web/Chart.yaml", "name: web\nversion: 1.0.0\n");
        write("web/values.yaml", "a: 1\n# b: 2\n");
        write("web/templates/_helpers.tpl", "{{ define \"x\" }}{{ end }}");
        write("web/templates/NOTES.txt", "{{ .Values.a }}");
        write("web/templates/tests/t.yaml", "{{ .Values.t }}");
        write(
            "web/charts/db/Chart.yaml",
            "name: postgres\nversion: 1.0.0\n",
        );
        write("web/charts/db/templates/s.yaml", "{{ .Values.port }}");
        let files = ChartFiles {
            tree: Arc::new(DirTree::new(dir.path())),
            display_root: String::new(),
            limits: InputLimits::default(),
            downloaded: None,
            helm: Default::default(),
        };
        let texts = load_chart_texts(&files, Path::new("web")).unwrap();
        assert_eq!(texts.name, "web");
        assert_eq!(texts.values.unwrap().text, "a: 1\n# b: 2\n");
        let names: Vec<&str> = texts.templates.iter().map(|t| &*t.source).collect();
        assert_eq!(
            names,
            [
                "web/templates/NOTES.txt",
                "web/templates/_helpers.tpl",
                "web/templates/tests/t.yaml"
            ]
        );
        assert_eq!(texts.subcharts.len(), 1);
        assert_eq!(texts.subcharts[0].name, "postgres");
        assert!(texts.subcharts[0].values.is_none());
        assert_eq!(texts.subcharts[0].templates[0].text, "{{ .Values.port }}");
    }
}
