//! [`TemplateDoc`]: an overlay template (`*.yaml.tera`) edited where a value is literal text.
//!
//! The rule: the value the promotion replaces is found in the YAML the template renders
//! (its scalar's bytes, quotes included), and the template line that wrote that line
//! (`template::LineMarks`). The value is literal when its bytes stand, as they are, in the
//! literal text of that line (outside every `{{ }}`, `{% %}` and `{# #}`) and replacing them
//! there renders exactly the rendered YAML with only the value's bytes changed (as
//! `yaml::Document::replace_scalar` writes them: same quoting rules as a `.yaml` edit).
//! Every other value is computed: the edit is refused at the template line, naming its
//! tags. A key the template does not write is not created in it.

use std::path::{Path, PathBuf};

use crate::sandbox::SandboxError;
use crate::source::display_path;
use crate::template::{line_offset, literal_ranges, render_overlay, tags_on_line, RenderedOverlay};
use crate::values::{KeyPath, Origin, Value};
use crate::workspace::{Release, Workspace, WorkspaceError};
use crate::yaml::{Document, EditKind, Limits, LookupError};

use super::error::PromoteError;

/// How a template's text is rendered (the release's context, the workspace's runner).
pub type Render = Box<dyn Fn(&str) -> Result<RenderedOverlay, SandboxError>>;

/// An overlay template and the YAML it renders, edited in memory.
pub struct TemplateDoc {
    file: PathBuf,
    template: String,
    rendered: RenderedOverlay,
    render: Render,
    limits: Limits,
}

impl TemplateDoc {
    /// Reads the template `file` of stage `stage` (its bytes `bytes`), rendered with the
    /// context of the first release of the stage that reads it.
    pub fn open(
        ws: &Workspace,
        stage: &str,
        file: &Path,
        bytes: &[u8],
    ) -> Result<TemplateDoc, PromoteError> {
        let release = release_reading(ws, stage, file)?;
        let context = release.template_context(ws)?;
        let runner = ws.template_runner();
        let name = display_path(file);
        let render: Render =
            Box::new(move |text: &str| render_overlay(&name, text, &context, &runner));
        let template = std::str::from_utf8(bytes).map_err(|_| WorkspaceError::Template {
            message: "an overlay template must be UTF-8 text".into(),
            origin: Origin::whole(display_path(file).as_str().into()),
            hint: None,
        })?;
        TemplateDoc::new(file, template, render, &ws.config().limits.yaml)
    }

    /// Returns the template `template` (named `file`), rendered with `render`.
    pub fn new(
        file: &Path,
        template: &str,
        render: Render,
        limits: &Limits,
    ) -> Result<TemplateDoc, PromoteError> {
        let rendered = render(template).map_err(|e| WorkspaceError::Template {
            message: format!("{}: {e}", display_path(file)),
            origin: Origin::whole(display_path(file).as_str().into()),
            hint: None,
        })?;
        Ok(TemplateDoc {
            file: file.to_path_buf(),
            template: template.to_string(),
            rendered,
            render,
            limits: *limits,
        })
    }

    /// Returns the template's text, as edited.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// Returns the YAML the template renders, as edited.
    pub fn rendered(&self) -> &str {
        &self.rendered.text
    }

    /// Writes `value` at `path` in the template, where the rendered value is literal text
    /// of the template; `at` is where the key is written today (for errors).
    pub fn set_scalar(
        &mut self,
        path: &KeyPath,
        value: &Value,
        at: Option<&Origin>,
    ) -> Result<EditKind, PromoteError> {
        let source = display_path(&self.file);
        let mut doc = Document::parse(
            self.rendered.text.as_bytes(),
            &source.as_str().into(),
            &self.limits,
        )
        .map_err(|e| PromoteError::Workspace(e.into()))?;
        let edit_error = |source| PromoteError::Edit {
            file: self.file.clone(),
            origin: at.cloned(),
            source,
        };
        let id = match doc.lookup(path) {
            Ok((id, _)) => id,
            Err(LookupError::Missing { .. }) => {
                return Err(PromoteError::TemplateKeyMissing {
                    file: self.file.clone(),
                    path: path.clone(),
                })
            }
            Err(e) => return Err(edit_error(e.into())),
        };
        let body = doc.node(id).body;
        let before = doc.text().len();
        doc.replace_scalar(path, value).map_err(edit_error)?;
        let after = doc.text().to_string();
        let old_text = &self.rendered.text;
        // An empty value (`key:`) is found by the text before it on its line.
        let start = if body.is_empty() {
            old_text[..body.start].rfind('\n').map_or(0, |i| i + 1)
        } else {
            body.start
        };
        let old = &old_text[start..body.end];
        let new = &after[start..body.end + after.len() - before];
        let line = old_text[..body.start].matches('\n').count() + 1;
        let template_line = self.rendered.template_line(line as u32) as usize;
        for offset in literal_places(&self.template, template_line, old) {
            let mut edited = self.template.clone();
            edited.replace_range(offset..offset + old.len(), new);
            match (self.render)(&edited) {
                Ok(rendered) if rendered.text == after => {
                    self.template = edited;
                    self.rendered = rendered;
                    return Ok(EditKind::Replaced);
                }
                _ => {}
            }
        }
        let tags = tags_on_line(&self.template, template_line);
        let line_start = line_offset(&self.template, template_line).unwrap_or(0);
        let col = tags.first().map_or(1, |(offset, _)| {
            self.template[line_start..*offset].chars().count() + 1
        });
        Err(PromoteError::Computed {
            file: self.file.clone(),
            path: path.clone(),
            line: template_line as u32,
            tags: tags.iter().map(|(_, t)| shorten(t)).collect(),
            origin: Origin::new(source.as_str().into(), template_line as u32, col as u32),
        })
    }
}

/// Returns where `old` stands in literal text of `template` starting on line `line`.
fn literal_places(template: &str, line: usize, old: &str) -> Vec<usize> {
    let Some(start) = line_offset(template, line).filter(|_| !old.is_empty()) else {
        return Vec::new();
    };
    let end = template[start..]
        .find('\n')
        .map_or(template.len(), |i| start + i + 1);
    literal_ranges(template)
        .into_iter()
        .flat_map(|range| {
            template[range.clone()]
                .match_indices(old)
                .map(move |(i, _)| range.start + i)
                .collect::<Vec<_>>()
        })
        .filter(|offset| (start..end).contains(offset))
        .collect()
}

/// Returns a tag as shown in a message: at most 60 characters.
fn shorten(tag: &str) -> String {
    let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
    if tag.chars().count() <= 60 {
        return tag;
    }
    let head: String = tag.chars().take(56).collect();
    format!("{head} ...")
}

/// Returns the first release of `stage` (in name order) whose overlays include `file`.
fn release_reading(ws: &Workspace, stage: &str, file: &Path) -> Result<Release, PromoteError> {
    for name in ws.release_names() {
        if !ws.runs_in(stage, &name) {
            continue;
        }
        let release = ws.release(stage, &name)?;
        if release.overlays.iter().any(|p| p == file) {
            return Ok(release);
        }
    }
    Err(PromoteError::NotAnOverlay {
        file: file.to_path_buf(),
        stage: stage.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::TemplateRunner;

    fn doc(template: &str) -> TemplateDoc {
        let context =
            serde_json::json!({"stage": {"vars": {"tag": "v1", "domain": "example.com"}}});
        let render: Render = Box::new(move |text: &str| {
            render_overlay("web.yaml.tera", text, &context, &TemplateRunner::default())
        });
        TemplateDoc::new(
            Path::new("web.yaml.tera"),
            template,
            render,
            &Limits::default(),
        )
        .unwrap()
    }

    fn set(doc: &mut TemplateDoc, path: &str, value: &str) -> Result<EditKind, PromoteError> {
        doc.set_scalar(
            &KeyPath::parse(path).unwrap(),
            &Value::String(value.into()),
            None,
        )
    }

    #[test]
    fn edits_a_literal_value_changing_only_its_bytes() {
        let template = "# web\n{% set host = 'www.' ~ stage.vars.domain %}\nimage:\n  tag: \"1.0\" # pinned\n  pull: {{ stage.vars.tag }}\nhost: {{ host }}\nlist: [{{ 1 }}, a]\n";
        let mut doc = doc(template);
        assert_eq!(
            set(&mut doc, "image.tag", "1.10").unwrap(),
            EditKind::Replaced
        );
        assert_eq!(doc.template(), template.replace("\"1.0\"", "\"1.10\""));
        // A literal value after a tag on its line, and one that must now be quoted.
        let mut doc = self::doc("a: {{ 1 }}\nd: {# note #} plain\n");
        set(&mut doc, "d", "no").unwrap();
        assert_eq!(doc.template(), "a: {{ 1 }}\nd: {# note #} \"no\"\n");
        assert_eq!(doc.rendered(), "a: 1\nd:  \"no\"\n");
    }

    #[test]
    fn refuses_a_computed_value_at_the_line_that_computes_it() {
        let rows: &[(&str, &str, &str)] = &[
            (
                "image:\n  tag: {{ stage.vars.tag }}\n",
                "image.tag",
                "cannot edit web.yaml.tera:2: the value of `image.tag` is computed by the template ({{ stage.vars.tag }}); edit it by hand",
            ),
            (
                "host: www.{{ stage.vars.domain }}\n",
                "host",
                "cannot edit web.yaml.tera:1: the value of `host` is computed by the template ({{ stage.vars.domain }}); edit it by hand",
            ),
            (
                // The same text elsewhere on the line (a comment) is not the value.
                "tag: {{ 'v1' }} # was v1\n",
                "tag",
                "cannot edit web.yaml.tera:1: the value of `tag` is computed by the template ({{ 'v1' }}); edit it by hand",
            ),
            (
                // A literal written twice by a loop: editing it would change both.
                "{% for k in ['a', 'b'] %}\n{{ k }}: same\n{% endfor %}\n",
                "a",
                "cannot edit web.yaml.tera:2: the value of `a` is computed by the template ({{ k }}); edit it by hand",
            ),
        ];
        for (template, path, want) in rows {
            let mut doc = doc(template);
            let err = set(&mut doc, path, "v2").unwrap_err();
            assert_eq!(err.to_string(), *want, "{template}");
            assert_eq!(doc.template(), *template, "unchanged");
        }
        let mut doc = doc("image:\n  tag: {{ stage.vars.tag }}\n");
        let err = set(&mut doc, "image.tag", "v2").unwrap_err();
        assert_eq!(err.origin().map(|o| (o.line, o.col)), Some((2, 8)));
        let err = set(&mut doc, "image.digest", "d").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot add `image.digest` to web.yaml.tera: strata creates no key in a template (.tera); add it by hand, or write it in a plain .yaml overlay"
        );
    }
}
