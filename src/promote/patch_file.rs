//! [`PatchFile`]: a promotion plan as RFC 6902 JSON Patch documents, one per overlay file,
//! so a plan made in CI can be reviewed and applied elsewhere (`strata apply-patch`).
//!
//! ```json
//! {
//!   "promotion": {"from": "staging", "to": "production"},
//!   "files": [
//!     {"path": "environments/production/web.yaml",
//!      "patch": [{"op": "test", "path": "/image/tag", "value": "1.0"},
//!                {"op": "replace", "path": "/image/tag", "value": "1.1"}]}
//!   ]
//! }
//! ```
//!
//! Each `patch` is an RFC 6902 document (read and applied with the `json-patch` crate). A
//! replaced value is preceded by a `test` of the value it replaces, so a patch applied to a
//! file that changed since is refused; a created key is an `add` of the first missing key.
//! Applying writes through the same format-preserving editor as a promotion, so the files
//! come out byte for byte as a direct promotion writes them. A template's (`.yaml.tera`)
//! patch is about the values it renders, and applies only where they are literal text.

use std::path::{Component, Path, PathBuf};

use json_patch::jsonptr::{PointerBuf, Token};
use json_patch::{AddOperation, Patch, PatchOperation, ReplaceOperation, TestOperation};
use serde_json::{json, Value as Json};

use crate::values::{to_json_value, KeyPath, Segment, Value};
use crate::workspace::Workspace;
use crate::yaml::{parse_values, Limits};

use super::error::PromoteError;
use super::file_edit::{FileEdit, FileOp};
use super::overlay_doc::OverlayDoc;
use crate::workspace::is_template;

/// The version of the patch file's shape.
const FORMAT: &str = "strata.promotion/v1";

/// The patch of one file.
#[derive(Clone, Debug, PartialEq)]
pub struct FilePatch {
    /// The file, relative to the workspace root.
    pub path: PathBuf,
    /// Its RFC 6902 operations.
    pub patch: Patch,
}

/// A promotion as JSON Patches.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchFile {
    /// The source stage.
    pub from: String,
    /// The target stage.
    pub to: String,
    /// One patch per file, in the plan's order.
    pub files: Vec<FilePatch>,
}

/// Returns the values of a file as JSON (`{}` for an empty or missing file).
fn file_json(bytes: Option<&[u8]>, path: &Path, limits: &Limits) -> Result<Json, PromoteError> {
    let source = crate::source::display_path(path);
    let parsed = parse_values(bytes.unwrap_or_default(), source.as_str().into(), limits)
        .map_err(|e| PromoteError::Workspace(e.into()))?;
    Ok(parsed.root.as_ref().map_or(json!({}), to_json_value))
}

fn pointer(path: &[Segment]) -> PointerBuf {
    PointerBuf::from_tokens(path.iter().map(|s| match s {
        Segment::Key(k) => Token::new(k.clone()),
        Segment::Index(i) => Token::new(i.to_string()),
    }))
}

fn child<'a>(json: &'a Json, segment: &Segment) -> Option<&'a Json> {
    match (json, segment) {
        (Json::Object(map), Segment::Key(k)) => map.get(k),
        (Json::Array(items), Segment::Index(i)) => items.get(*i),
        _ => None,
    }
}

fn scalar_json(value: &Value) -> Json {
    to_json_value(&crate::values::Node::new(
        value.clone(),
        crate::values::Origin::whole("promotion".into()),
    ))
}

/// Returns the operations writing `op` into a file whose values are `state`.
fn operations(state: &Json, op: &FileOp) -> Vec<PatchOperation> {
    let segments = op.path.segments();
    let mut at = state;
    for (depth, segment) in segments.iter().enumerate() {
        match child(at, segment) {
            Some(next) => at = next,
            None => {
                let mut value = scalar_json(&op.value);
                for later in segments[depth + 1..].iter().rev() {
                    let key = match later {
                        Segment::Key(k) => k.clone(),
                        Segment::Index(i) => i.to_string(),
                    };
                    value = json!({ key: value });
                }
                return vec![PatchOperation::Add(AddOperation {
                    path: pointer(&segments[..=depth]),
                    value,
                })];
            }
        }
    }
    vec![
        PatchOperation::Test(TestOperation {
            path: pointer(segments),
            value: at.clone(),
        }),
        PatchOperation::Replace(ReplaceOperation {
            path: pointer(segments),
            value: scalar_json(&op.value),
        }),
    ]
}

impl PatchFile {
    /// Returns the patches that make each file's values what `files`' edits make them.
    pub fn of(
        from: &str,
        to: &str,
        files: &[FileEdit],
        limits: &Limits,
    ) -> Result<PatchFile, PromoteError> {
        let mut patches = Vec::new();
        for file in files {
            let values = file.values_before.as_deref().or(file.before.as_deref());
            let mut state = file_json(values, &file.path, limits)?;
            let mut ops = Vec::new();
            for op in &file.ops {
                let more = operations(&state, op);
                json_patch::patch(&mut state, &more).map_err(|e| PromoteError::Patch {
                    file: crate::source::display_path(&file.path),
                    message: format!("the plan's own patch does not apply: {e}"),
                })?;
                ops.extend(more);
            }
            patches.push(FilePatch {
                path: file.path.clone(),
                patch: Patch(ops),
            });
        }
        Ok(PatchFile {
            from: from.to_string(),
            to: to.to_string(),
            files: patches,
        })
    }

    /// Returns the patch file's text (pretty JSON, ending with a line break).
    pub fn to_json(&self) -> String {
        let files: Vec<Json> = self
            .files
            .iter()
            .map(|f| {
                json!({
                    "path": crate::source::display_path(&f.path),
                    "patch": serde_json::to_value(&f.patch).expect("a patch serialises"),
                })
            })
            .collect();
        let doc = json!({
            "format": FORMAT,
            "promotion": {"from": self.from, "to": self.to},
            "files": files,
        });
        let mut text = serde_json::to_string_pretty(&doc).expect("JSON serialises");
        text.push('\n');
        text
    }

    /// Reads a patch file; `name` is how errors name it.
    pub fn parse(bytes: &[u8], name: &str) -> Result<PatchFile, PromoteError> {
        let bad = |message: String| PromoteError::Patch {
            file: name.to_string(),
            message,
        };
        let doc: Json =
            serde_json::from_slice(bytes).map_err(|e| bad(format!("not valid JSON: {e}")))?;
        if doc.get("format").and_then(Json::as_str) != Some(FORMAT) {
            return Err(bad(format!(
                "not a promotion patch (\"format\" must be \"{FORMAT}\", as strata promote --patch writes)"
            )));
        }
        let stage = |key: &str| {
            doc.pointer(&format!("/promotion/{key}"))
                .and_then(Json::as_str)
                .map(str::to_string)
                .ok_or_else(|| bad(format!("\"promotion.{key}\" must name a stage")))
        };
        let (from, to) = (stage("from")?, stage("to")?);
        let items = doc
            .get("files")
            .and_then(Json::as_array)
            .ok_or_else(|| bad("\"files\" must be a list".into()))?;
        let mut files = Vec::new();
        for item in items {
            let path = item
                .get("path")
                .and_then(Json::as_str)
                .ok_or_else(|| bad("each file needs a \"path\"".into()))?;
            let path = PathBuf::from(path);
            if !path.components().all(|c| matches!(c, Component::Normal(_))) {
                return Err(bad(format!(
                    "{}: a path must stay inside the workspace",
                    crate::source::display_path(&path)
                )));
            }
            let patch: Patch = serde_json::from_value(
                item.get("patch").cloned().unwrap_or(Json::Null),
            )
            .map_err(|e| {
                bad(format!(
                    "{}: not an RFC 6902 patch: {e}",
                    crate::source::display_path(&path)
                ))
            })?;
            files.push(FilePatch { path, patch });
        }
        Ok(PatchFile { from, to, files })
    }
}

/// Returns the leaves of a JSON value as (path below it, value); a list, or an empty map, is
/// refused: only single values are written in place.
fn leaves(value: &Json, path: KeyPath, out: &mut Vec<(KeyPath, Value)>) -> Result<(), String> {
    match value {
        Json::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                leaves(child, path.child_key(key), out)?;
            }
            Ok(())
        }
        Json::Object(_) => Err("an empty map".into()),
        Json::Array(_) => Err("a list".into()),
        Json::Null | Json::Bool(_) | Json::Number(_) | Json::String(_) => {
            let value = match value {
                Json::Bool(b) => Value::Bool(*b),
                Json::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
                Json::String(s) => Value::String(s.clone().into()),
                _ => Value::Null,
            };
            out.push((path, value));
            Ok(())
        }
    }
}

/// Returns the key path a pointer names in `state` (a number is a list index where the value
/// there is a list).
fn key_path(state: &Json, pointer: &json_patch::jsonptr::Pointer) -> KeyPath {
    let mut path = KeyPath::root();
    let mut at = Some(state);
    for token in pointer.tokens() {
        let text = token.decoded().to_string();
        let segment = match (at, text.parse::<usize>()) {
            (Some(Json::Array(_)), Ok(i)) => Segment::Index(i),
            _ => Segment::Key(text),
        };
        at = at.and_then(|j| child(j, &segment));
        path.push(segment);
    }
    path
}

/// Applies the patch of one overlay file of stage `stage` to the workspace's copy of it, in
/// memory, format preserved. A template's values are those it renders; it is edited only
/// where each value is literal text, as a promotion edits it.
pub fn apply_file_patch(
    ws: &Workspace,
    stage: &str,
    patch: &FilePatch,
) -> Result<FileEdit, PromoteError> {
    let display = crate::source::display_path(&patch.path);
    let bad = |message: String| PromoteError::Patch {
        file: display.clone(),
        message,
    };
    let limits = &ws.config().limits.yaml;
    let before = ws.read(&patch.path)?;
    let mut doc = OverlayDoc::open(ws, stage, &patch.path, before.as_deref())?;
    let values_before = is_template(&patch.path).then(|| doc.values_text().to_vec());
    let mut state = file_json(Some(doc.values_text()), &patch.path, limits)?;
    let mut expected = state.clone();
    json_patch::patch(&mut expected, &patch.patch.0)
        .map_err(|e| bad(format!("the patch does not apply: {e}")))?;
    let mut ops = Vec::new();
    for op in &patch.patch.0 {
        let (pointer, value) = match op {
            PatchOperation::Test(_) => {
                json_patch::patch(&mut state, std::slice::from_ref(op))
                    .map_err(|e| bad(e.to_string()))?;
                continue;
            }
            PatchOperation::Add(add) => (&add.path, &add.value),
            PatchOperation::Replace(replace) => (&replace.path, &replace.value),
            other => {
                return Err(bad(format!(
                    "`{}` at {} is not applied: promotion patches write values (add, replace) and test them",
                    operation_name(other),
                    other.path()
                )))
            }
        };
        let base = key_path(&state, pointer);
        let mut written = Vec::new();
        leaves(value, base.clone(), &mut written).map_err(|what| {
            bad(format!(
                "{pointer}: {what} is not written in place; only single values and maps of them are"
            ))
        })?;
        for (path, value) in written {
            let kind = doc.set_scalar(&path, &value, None)?;
            ops.push(FileOp { path, value, kind });
        }
        json_patch::patch(&mut state, std::slice::from_ref(op)).map_err(|e| bad(e.to_string()))?;
    }
    if file_json(Some(doc.values_text()), &patch.path, limits)? != expected {
        return Err(bad(
            "the edited file would not hold the values the patch gives; nothing was written".into(),
        ));
    }
    Ok(FileEdit {
        path: patch.path.clone(),
        before,
        values_before,
        after: doc.to_bytes(),
        ops,
    })
}

fn operation_name(op: &PatchOperation) -> &'static str {
    match op {
        PatchOperation::Add(_) => "add",
        PatchOperation::Remove(_) => "remove",
        PatchOperation::Replace(_) => "replace",
        PatchOperation::Move(_) => "move",
        PatchOperation::Copy(_) => "copy",
        PatchOperation::Test(_) => "test",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promote::planner::tests::workspace;
    use crate::yaml::EditKind;

    fn op(path: &str, value: &str, kind: EditKind) -> FileOp {
        FileOp {
            path: KeyPath::parse(path).unwrap(),
            value: Value::String(value.into()),
            kind,
        }
    }

    #[test]
    fn writes_test_and_replace_for_a_value_and_add_for_a_missing_chain() {
        let edit = FileEdit {
            path: PathBuf::from("environments/b/web.yaml"),
            before: Some(b"image: {tag: '1'}\nlist: [a]\n".to_vec()),
            values_before: None,
            after: Vec::new(),
            ops: vec![
                op("image.tag", "2", EditKind::Replaced),
                op("side.image.tag", "2", EditKind::Created),
                op("side.image.digest", "d", EditKind::Created),
                op("list[0]", "b", EditKind::Replaced),
            ],
        };
        let patch = PatchFile::of("a", "b", &[edit], &Limits::default()).unwrap();
        let ops = serde_json::to_string(&patch.files[0].patch).unwrap();
        assert_eq!(
            ops,
            r#"[{"op":"test","path":"/image/tag","value":"1"},{"op":"replace","path":"/image/tag","value":"2"},{"op":"add","path":"/side","value":{"image":{"tag":"2"}}},{"op":"add","path":"/side/image/digest","value":"d"},{"op":"test","path":"/list/0","value":"a"},{"op":"replace","path":"/list/0","value":"b"}]"#
        );
        let again = PatchFile::parse(patch.to_json().as_bytes(), "p.json").unwrap();
        assert_eq!(again, patch);
    }

    #[test]
    fn refuses_what_is_not_a_promotion_patch() {
        let rows: &[(&str, &str)] = &[
            ("{", "p.json: not valid JSON: EOF while parsing an object at line 1 column 1"),
            ("{}", "p.json: not a promotion patch (\"format\" must be \"strata.promotion/v1\", as strata promote --patch writes)"),
            (
                r#"{"format": "strata.promotion/v1", "promotion": {"from": "a"}, "files": []}"#,
                "p.json: \"promotion.to\" must name a stage",
            ),
            (
                r#"{"format": "strata.promotion/v1", "promotion": {"from": "a", "to": "b"}, "files": [{"path": "../x.yaml", "patch": []}]}"#,
                "p.json: ../x.yaml: a path must stay inside the workspace",
            ),
            (
                r#"{"format": "strata.promotion/v1", "promotion": {"from": "a", "to": "b"}, "files": [{"path": "x.yaml", "patch": [{"op": "jump"}]}]}"#,
                "p.json: x.yaml: not an RFC 6902 patch: unknown variant `jump`, expected one of `add`, `remove`, `replace`, `move`, `copy`, `test`",
            ),
        ];
        for (text, want) in rows {
            let err = PatchFile::parse(text.as_bytes(), "p.json").unwrap_err();
            assert_eq!(err.to_string(), *want);
        }
    }

    #[test]
    fn applies_values_and_refuses_removals_lists_and_failed_tests() {
        let (_dir, ws) = workspace(&[
            ("strata.yaml", "stages: [a, b]\n"),
            (
                "environments/b/web.yaml",
                "# keep\nimage:\n  tag: '1' # pinned\n",
            ),
        ]);
        let file = |ops: &str| FilePatch {
            path: PathBuf::from("environments/b/web.yaml"),
            patch: serde_json::from_str(ops).unwrap(),
        };
        let edit = apply_file_patch(
            &ws,
            "b",
            &file(r#"[{"op":"test","path":"/image/tag","value":"1"},{"op":"replace","path":"/image/tag","value":"2"},{"op":"add","path":"/extra","value":{"a":{"b":true}}}]"#),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(edit.after).unwrap(),
            "# keep\nimage:\n  tag: '2' # pinned\nextra:\n  a:\n    b: true\n"
        );
        let rows: &[(&str, &str)] = &[
            (
                r#"[{"op":"remove","path":"/image/tag"}]"#,
                "environments/b/web.yaml: `remove` at /image/tag is not applied: promotion patches write values (add, replace) and test them",
            ),
            (
                r#"[{"op":"add","path":"/list","value":[1]}]"#,
                "environments/b/web.yaml: /list: a list is not written in place; only single values and maps of them are",
            ),
            (
                r#"[{"op":"test","path":"/image/tag","value":"0"}]"#,
                "environments/b/web.yaml: the patch does not apply: operation '/0' failed at path '/image/tag': value did not match",
            ),
        ];
        for (ops, want) in rows {
            let err = apply_file_patch(&ws, "b", &file(ops)).unwrap_err();
            assert_eq!(err.to_string(), *want);
        }
    }
}
