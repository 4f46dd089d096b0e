//! The template engine as the sandbox runs it: [`TemplateSource`] (which kind of template,
//! its name and text) built into tera with the kind's filters, rendered into a capped buffer.
//! The same code runs in the template process and, through [`TemplateRenderer::in_process`],
//! on the caller's thread.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::budget::TemplateBudget;
use super::error::SandboxError;
use super::session::Sandbox;

/// The most one render may write: a template emitting more is stopped.
pub const OUTPUT_CAP: usize = 16 * 1024 * 1024;

/// Which template this is, and so which filters it gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateKind {
    /// The Markdown pull request comment of `strata diff -o markdown`: the `code` filter.
    DiffMarkdown,
    /// An overlay template (`*.yaml.tera`): no filters of strata's; its errors keep their
    /// line and column ([`SandboxError::TemplateAt`]).
    Overlay,
}

/// A template to render.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TemplateSource {
    pub kind: TemplateKind,
    /// Where it came from, for messages.
    pub name: String,
    pub text: String,
}

/// Returns tera holding the template, with autoescape off (strata's templates are not HTML)
/// and the kind's filters.
pub(super) fn build(source: &TemplateSource) -> Result<tera::Tera, SandboxError> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    match source.kind {
        TemplateKind::DiffMarkdown => {
            tera.register_filter("code", |text: &str, _: tera::Kwargs, _: &tera::State| {
                super::code_span(text)
            });
        }
        TemplateKind::Overlay => {
            if let Some(call) = super::hermetic::forbidden_call(&source.text) {
                return Err(SandboxError::TemplateAt {
                    message: format!(
                        "{}() is not available: templates are hermetic (no environment, clock, randomness, files or network)",
                        call.name
                    ),
                    line: call.line,
                    col: call.col,
                });
            }
        }
    }
    // Registered under its own name, so tera's errors point at the template's file.
    tera.add_raw_template(&source.name, &source.text)
        .map_err(|e| template_error(source.kind, &e))?;
    Ok(tera)
}

/// Returns tera's error as the sandbox's: for an overlay, with its line and column when tera
/// gives them (a syntax or rendering error); else tera's words, which name the place.
fn template_error(kind: TemplateKind, e: &tera::Error) -> SandboxError {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    match (kind, report) {
        (TemplateKind::Overlay, Some(report)) => SandboxError::TemplateAt {
            message: report.message().to_string(),
            line: report.span().start_line,
            col: report.span().start_col + 1,
        },
        _ => SandboxError::Template(e.to_string()),
    }
}

/// Renders the template with `context` (a JSON object), at most [`OUTPUT_CAP`] bytes.
pub(super) fn render(
    tera: &tera::Tera,
    kind: TemplateKind,
    name: &str,
    context: &serde_json::Value,
) -> Result<String, SandboxError> {
    let ctx = tera::Context::from_serialize(context)
        .map_err(|e| SandboxError::Template(e.to_string()))?;
    let mut out = Capped::default();
    if let Err(e) = tera.render_to(name, &ctx, &mut out) {
        return Err(if out.overflowed {
            SandboxError::OverOutput { cap: OUTPUT_CAP }
        } else {
            template_error(kind, &e)
        });
    }
    String::from_utf8(out.bytes).map_err(|e| SandboxError::Template(e.to_string()))
}

/// A writer that fails past the cap, so a runaway template stops.
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > OUTPUT_CAP {
            self.overflowed = true;
            return Err(std::io::Error::other("over the output cap"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A template ready to render, in the template process or on this thread.
pub enum TemplateRenderer {
    /// In a child process under the budget ([`Sandbox`]).
    Sandboxed(Sandbox),
    /// On the caller's thread, with no memory budget and no way to stop it: for tests and
    /// for the library used without a strata binary.
    InProcess {
        tera: Box<tera::Tera>,
        kind: TemplateKind,
        name: String,
    },
}

impl TemplateRenderer {
    /// Starts the template process `program` (the strata binary) for `source`.
    pub fn sandboxed(
        program: &Path,
        source: &TemplateSource,
        budget: TemplateBudget,
    ) -> Result<TemplateRenderer, SandboxError> {
        Ok(TemplateRenderer::Sandboxed(Sandbox::start(
            program, source, budget,
        )?))
    }

    /// Builds the template on this thread.
    pub fn in_process(source: &TemplateSource) -> Result<TemplateRenderer, SandboxError> {
        Ok(TemplateRenderer::InProcess {
            tera: Box::new(build(source)?),
            kind: source.kind,
            name: source.name.clone(),
        })
    }

    /// Renders the template with `context` (a JSON object).
    pub fn render(&mut self, context: &serde_json::Value) -> Result<String, SandboxError> {
        match self {
            TemplateRenderer::Sandboxed(sandbox) => sandbox.render(context),
            TemplateRenderer::InProcess { tera, kind, name } => render(tera, *kind, name, context),
        }
    }
}
