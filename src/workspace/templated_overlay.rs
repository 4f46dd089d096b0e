//! An overlay template of a release (`environments/<stage>/<release>.yaml.tera`) read:
//! rendered with the release's context, then parsed as any overlay, every place in it moved
//! from the rendered text's line to the template line that wrote it.
//!
//! The context (DESIGN §5):
//!
//! ```text
//! stage:   {name, index (0-based, in promotion order), vars (environments/<stage>/stage.yaml)}
//! release: {name, namespace}
//! chart:   {name, version, appVersion}        (of its Chart.yaml)
//! vars:    strata.yaml's `vars:`
//! ```

use std::path::Path;
use std::sync::Arc;

use crate::sandbox::SandboxError;
use crate::template::{render_overlay, RenderedOverlay};
use crate::values::{to_json_value, Node, Origin, Value};
use crate::yaml::{parse_values, ParsedFile};

use super::error::WorkspaceError;
use super::layout::Workspace;
use super::release::Release;

/// Returns true when `path` names an overlay template.
pub fn is_template(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tera")
}

impl Release {
    /// Returns the context an overlay template of this release is rendered with.
    pub fn template_context(&self, ws: &Workspace) -> Result<serde_json::Value, WorkspaceError> {
        let chart = self.chart(ws)?;
        let json_of = |node: Option<&Node>| match node {
            Some(node) if matches!(node.value, Value::Map(_)) => to_json_value(node),
            _ => serde_json::json!({}),
        };
        let stage_vars = ws.stage_vars(&self.stage)?;
        let index = ws.stages().iter().position(|s| *s == self.stage);
        Ok(serde_json::json!({
            "stage": {
                "name": self.stage,
                "index": index,
                "vars": json_of(stage_vars.as_ref()),
            },
            "release": {"name": self.name, "namespace": self.namespace},
            "chart": {
                "name": chart.name,
                "version": chart.version,
                "appVersion": chart.app_version,
            },
            "vars": json_of(ws.config().vars.vars.as_ref()),
        }))
    }

    /// Renders the overlay template at `path` (its bytes `bytes`) and parses what it
    /// rendered, each place at the template's line.
    pub(crate) fn read_template(
        &self,
        ws: &Workspace,
        path: &Path,
        bytes: &[u8],
    ) -> Result<ParsedFile, WorkspaceError> {
        let source: Arc<str> = Arc::from(crate::source::display_path(path));
        let at = |line: usize, col: usize| Origin::new(source.clone(), line as u32, col as u32);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            WorkspaceError::Template {
                message: "an overlay template must be UTF-8 text".into(),
                origin: at(line, 1),
                hint: None,
            }
        })?;
        let context = self.template_context(ws)?;
        let rendered = render_overlay(&source, text, &context, &ws.template_runner())
            .map_err(|e| template_error(e, &source))?;
        let mut parsed = match parse_values(
            rendered.text.as_bytes(),
            source.clone(),
            &ws.config().limits.yaml,
        ) {
            Ok(parsed) => parsed,
            Err(e) => {
                let mut origin = e.origin().clone();
                move_origin(&mut origin, &rendered, &source);
                return Err(WorkspaceError::Template {
                    message: format!("{e} (in the YAML the template rendered)"),
                    origin,
                    hint: e.hint(),
                });
            }
        };
        move_parsed(&mut parsed, &rendered, &source);
        Ok(parsed)
    }
}

/// Returns the error of a template that gave no text, at its place when it has one.
fn template_error(error: SandboxError, source: &Arc<str>) -> WorkspaceError {
    match error {
        SandboxError::TemplateAt { message, line, col } => WorkspaceError::Template {
            message,
            origin: Origin::new(source.clone(), line as u32, col as u32),
            hint: None,
        },
        other => WorkspaceError::Template {
            message: format!("{source}: {other}"),
            origin: Origin::whole(source.clone()),
            hint: None,
        },
    }
}

/// Moves `origin`, a place in the text `rendered` from `source`, to the template line that
/// wrote it.
fn move_origin(origin: &mut Origin, rendered: &RenderedOverlay, source: &Arc<str>) {
    if origin.has_position() && origin.source == *source {
        origin.line = rendered.template_line(origin.line);
    }
}

/// Moves every place of `parsed` to the template's lines.
fn move_parsed(parsed: &mut ParsedFile, rendered: &RenderedOverlay, source: &Arc<str>) {
    fn walk(node: &mut Node, rendered: &RenderedOverlay, source: &Arc<str>) {
        if node.origin.source == *source {
            if let Some(key) = &mut node.key_place {
                key.line = rendered
                    .template_line(key.line.get())
                    .try_into()
                    .unwrap_or(key.line);
            }
        }
        move_origin(&mut node.origin, rendered, source);
        match &mut node.value {
            Value::Map(map) => map.values_mut().for_each(|n| walk(n, rendered, source)),
            Value::List(items) => items.iter_mut().for_each(|n| walk(n, rendered, source)),
            _ => {}
        }
    }
    if let Some(root) = &mut parsed.root {
        walk(root, rendered, source);
    }
    for duplicate in &mut parsed.duplicates {
        move_origin(&mut duplicate.first, rendered, source);
        move_origin(&mut duplicate.second, rendered, source);
    }
    for hazard in &mut parsed.hazards {
        move_origin(&mut hazard.origin, rendered, source);
    }
    if let Some(origin) = &mut parsed.extra_document {
        move_origin(origin, rendered, source);
    }
}
