//! [`FileEdit`]: one target file with the plan's edits applied in memory, format preserved
//! (`yaml::Document::set_scalar`), and the operations that were applied, from which the JSON
//! Patch of the file is written.

use std::path::{Path, PathBuf};

use crate::values::{KeyPath, Origin, Value};
use crate::workspace::Workspace;
use crate::yaml::{Document, EditKind};

use super::error::PromoteError;
use super::plan::PromotionPlan;

/// One value written into a file.
#[derive(Clone, Debug, PartialEq)]
pub struct FileOp {
    /// The key, from the file's root.
    pub path: KeyPath,
    /// The value written.
    pub value: Value,
    /// Whether it replaced a value or created the key.
    pub kind: EditKind,
}

/// A file with edits applied in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct FileEdit {
    /// The path relative to the workspace root.
    pub path: PathBuf,
    /// The bytes read (`None`: the file does not exist and is created).
    pub before: Option<Vec<u8>>,
    /// The bytes to write.
    pub after: Vec<u8>,
    /// The values written, in order.
    pub ops: Vec<FileOp>,
}

/// An edit of one file, as the caller has it: the key, the value, and where the key is
/// written today (for errors).
pub struct WantedEdit<'a> {
    pub path: &'a KeyPath,
    pub value: &'a Value,
    pub at: Option<&'a Origin>,
}

/// Applies `edits` to the file at `path` (read through the workspace's tree, an empty file
/// when there is none) and returns the result.
pub fn edit_file(
    ws: &Workspace,
    path: &Path,
    edits: &[WantedEdit],
) -> Result<FileEdit, PromoteError> {
    if let (true, Some(edit)) = (is_template(path), edits.first()) {
        return Err(PromoteError::Templated {
            file: path.to_path_buf(),
            path: edit.path.clone(),
            origin: edit.at.cloned(),
        });
    }
    let before = ws.read(path)?;
    let source = crate::source::display_path(path);
    let mut doc = Document::parse(
        before.as_deref().unwrap_or_default(),
        &source.as_str().into(),
        &ws.config().limits.yaml,
    )
    .map_err(|e| PromoteError::Workspace(e.into()))?;
    let mut ops = Vec::new();
    for edit in edits {
        let kind = doc
            .set_scalar(edit.path, edit.value)
            .map_err(|source| PromoteError::Edit {
                file: path.to_path_buf(),
                origin: edit.at.cloned(),
                source,
            })?;
        ops.push(FileOp {
            path: edit.path.clone(),
            value: edit.value.clone(),
            kind,
        });
    }
    Ok(FileEdit {
        path: path.to_path_buf(),
        before,
        after: doc.to_bytes(),
        ops,
    })
}

/// Returns true for an overlay template (`*.tera`): its text computes the values, so an
/// edit of the rendered value has no place in it.
pub fn is_template(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tera")
}

/// Applies every edit of `plan`, file by file, in memory.
pub fn edit_files(ws: &Workspace, plan: &PromotionPlan) -> Result<Vec<FileEdit>, PromoteError> {
    plan.files()
        .iter()
        .map(|file| {
            let wanted: Vec<WantedEdit> = plan
                .edits
                .iter()
                .filter(|e| &e.file == file)
                .map(|e| WantedEdit {
                    path: &e.path,
                    value: &e.value.value,
                    at: e.at.as_ref(),
                })
                .collect();
            edit_file(ws, file, &wanted)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_templated_overlays_at_the_line_that_computes_the_value() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("strata.yaml"), "stages: [a]\n").unwrap();
        std::fs::create_dir_all(dir.path().join("environments/a")).unwrap();
        std::fs::write(
            dir.path().join("environments/a/web.yaml.tera"),
            "image:\n  tag: {{ stage.vars.tag }}\n",
        )
        .unwrap();
        let ws = Workspace::load(dir.path()).unwrap();
        let path = KeyPath::parse("image.tag").unwrap();
        let at = Origin::new("environments/a/web.yaml.tera".into(), 2, 8);
        let err = edit_file(
            &ws,
            Path::new("environments/a/web.yaml.tera"),
            &[WantedEdit {
                path: &path,
                value: &Value::String("v2".into()),
                at: Some(&at),
            }],
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot edit `image.tag` in environments/a/web.yaml.tera: it is a template (.tera), whose text computes the value; edit it by hand"
        );
        assert_eq!(err.origin(), Some(&at));
    }
}
