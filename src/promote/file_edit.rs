//! [`FileEdit`]: one target file with the plan's edits applied in memory, format preserved
//! (`OverlayDoc`: `yaml::Document::set_scalar`, or a template's literal text), and the operations that were applied, from which the JSON
//! Patch of the file is written.

use std::path::{Path, PathBuf};

use crate::values::{KeyPath, Origin, Value};
use crate::workspace::Workspace;
use crate::yaml::EditKind;

use super::error::PromoteError;
use super::overlay_doc::OverlayDoc;
use super::plan::PromotionPlan;
use crate::workspace::is_template;

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
    /// For a template, the YAML it rendered before the edits (the values a patch's tests
    /// compare with); `None` for a plain file, whose bytes are its values.
    pub values_before: Option<Vec<u8>>,
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

/// Applies `edits` to the overlay at `path` of stage `stage` (read through the workspace's
/// tree, an empty file when there is none) and returns the result. A template is edited
/// only where each value is literal text ([`OverlayDoc`]).
pub fn edit_file(
    ws: &Workspace,
    stage: &str,
    path: &Path,
    edits: &[WantedEdit],
) -> Result<FileEdit, PromoteError> {
    let before = ws.read(path)?;
    let mut doc = OverlayDoc::open(ws, stage, path, before.as_deref())?;
    let values_before = is_template(path).then(|| doc.values_text().to_vec());
    let mut ops = Vec::new();
    for edit in edits {
        let kind = doc.set_scalar(edit.path, edit.value, edit.at)?;
        ops.push(FileOp {
            path: edit.path.clone(),
            value: edit.value.clone(),
            kind,
        });
    }
    Ok(FileEdit {
        path: path.to_path_buf(),
        before,
        values_before,
        after: doc.to_bytes(),
        ops,
    })
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
            edit_file(ws, &plan.to, file, &wanted)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promote::planner::tests::workspace;

    #[test]
    fn edits_a_template_where_the_value_is_literal_else_refuses_at_its_line() {
        let template = "# web\nimage:\n  tag: '1.0' # pinned\n  pull: {{ stage.vars.policy }}\n";
        let (_dir, ws) = workspace(&[
            ("strata.yaml", "stages: [a]\n"),
            (
                "charts/web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            ),
            ("environments/a/stage.yaml", "policy: Always\n"),
            ("environments/a/web.yaml.tera", template),
        ]);
        let file = Path::new("environments/a/web.yaml.tera");
        let edit = |path: &str, value: &str| {
            let path = KeyPath::parse(path).unwrap();
            let value = Value::String(value.into());
            edit_file(
                &ws,
                "a",
                file,
                &[WantedEdit {
                    path: &path,
                    value: &value,
                    at: None,
                }],
            )
        };
        let done = edit("image.tag", "1.1").unwrap();
        assert_eq!(
            String::from_utf8(done.after).unwrap(),
            template.replace("'1.0'", "'1.1'")
        );
        assert_eq!(
            done.values_before.as_deref(),
            Some(&b"# web\nimage:\n  tag: '1.0' # pinned\n  pull: Always\n"[..])
        );
        assert_eq!(done.ops[0].kind, EditKind::Replaced);
        let err = edit("image.pull", "Never").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot edit environments/a/web.yaml.tera:4: the value of `image.pull` is computed by the template ({{ stage.vars.policy }}); edit it by hand"
        );
        assert_eq!(
            err.origin().map(ToString::to_string).as_deref(),
            Some("environments/a/web.yaml.tera:4:9")
        );
    }
}
