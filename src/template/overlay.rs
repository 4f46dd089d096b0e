//! [`render_overlay`]: one overlay template rendered with its context, in the template
//! process when there is a strata binary to start ([`TemplateRunner`]), its output traced to
//! the template's lines.

use std::path::PathBuf;
use std::sync::mpsc;

use crate::sandbox::{
    SandboxError, TemplateBudget, TemplateKind, TemplateRenderer, TemplateSource,
};

use super::line_marks::{strip_marks, LineMarks};

/// How overlay templates are run.
#[derive(Clone, Debug, Default)]
pub struct TemplateRunner {
    /// The strata binary, started as the template process (`crate::sandbox`); `None` renders
    /// on a thread of this process, stopped waiting for at the time budget (for the library
    /// used without a strata binary, and for tests).
    pub program: Option<PathBuf>,
    /// The memory and time one template may use.
    pub budget: TemplateBudget,
}

/// The text an overlay template rendered, and for each of its lines (1-based, index 0 is
/// line 1) the template line that wrote it (0 when unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedOverlay {
    pub text: String,
    pub lines: Vec<u32>,
}

impl RenderedOverlay {
    /// Returns the template line that wrote line `line` (1-based) of the text; `line` itself
    /// when that is not known.
    pub fn template_line(&self, line: u32) -> u32 {
        match self.lines.get((line as usize).wrapping_sub(1)) {
            Some(&at) if at > 0 => at,
            _ => line,
        }
    }
}

/// Renders the overlay template `text` (shown as `name`) with `context` (a JSON object).
/// An error at a place of the template ([`SandboxError::TemplateAt`]) has the template's
/// own line and column.
pub fn render_overlay(
    name: &str,
    text: &str,
    context: &serde_json::Value,
    runner: &TemplateRunner,
) -> Result<RenderedOverlay, SandboxError> {
    let marks = LineMarks::add(text);
    let source = TemplateSource {
        kind: TemplateKind::Overlay,
        name: name.to_string(),
        text: marks.text.clone(),
    };
    let rendered = match &runner.program {
        Some(program) => TemplateRenderer::sandboxed(program, &source, runner.budget)
            .and_then(|mut renderer| renderer.render(context)),
        None => render_on_thread(source, context.clone(), runner.budget),
    };
    match rendered {
        Ok(out) => {
            let (text, lines) = strip_marks(&out);
            Ok(RenderedOverlay { text, lines })
        }
        Err(SandboxError::TemplateAt { message, line, col }) => Err(SandboxError::TemplateAt {
            message: strip_marks(&message).0,
            col: marks.template_col(line, col),
            line,
        }),
        Err(SandboxError::Template(message)) => {
            Err(SandboxError::Template(strip_marks(&message).0))
        }
        Err(e) => Err(e),
    }
}

/// Renders on a thread of this process and waits for it at most the time budget (a
/// template that runs past it is left behind; the command ends shortly after).
fn render_on_thread(
    source: TemplateSource,
    context: serde_json::Value,
    budget: TemplateBudget,
) -> Result<String, SandboxError> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let result = TemplateRenderer::in_process(&source).and_then(|mut r| r.render(&context));
        let _ = send.send(result);
    });
    receive
        .recv_timeout(budget.time)
        .unwrap_or(Err(SandboxError::OverTime {
            seconds: budget.time.as_secs_f64().ceil() as u64,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> Result<RenderedOverlay, SandboxError> {
        let context =
            serde_json::json!({"stage": {"name": "dev", "vars": {"domain": "dev.example.com"}}});
        render_overlay("web.yaml.tera", text, &context, &TemplateRunner::default())
    }

    #[test]
    fn renders_with_the_context_and_traces_lines() {
        let out =
            render("# web\n\ningress:\n  host: web.{{ stage.vars.domain }}\n").expect("rendered");
        assert_eq!(out.text, "# web\n\ningress:\n  host: web.dev.example.com\n");
        assert_eq!(out.template_line(4), 4);
        let out = render("{% for n in [1, 2] %}\nr{{ n }}: {{ n }}\n{% endfor %}\nlast: 1\n")
            .expect("rendered");
        assert_eq!(
            out.text,
            "\nr1: 1\n\nr2: 1\n\nlast: 1\n".replace("r2: 1", "r2: 2")
        );
        assert_eq!(out.template_line(4), 2);
        assert_eq!(out.template_line(6), 4);
    }

    #[test]
    fn errors_are_at_the_template_line_and_column() {
        let place = |text: &str| match render(text) {
            Err(SandboxError::TemplateAt { message, line, col }) => (message, line, col),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            place("a: 1\nb: {{ get_env(name=\"HOME\") }}\n"),
            (
                "get_env() is not available: templates are hermetic (no environment, clock, randomness, files or network)".to_string(),
                2,
                7
            )
        );
        let (message, line, col) = place("a: 1\nb: {{ stage.vars.nope }}\n");
        assert_eq!(
            message,
            "Field `nope` is not defined. Available fields: domain"
        );
        assert_eq!((line, col), (2, 18));
        let (_, line, col) = place("a: 1\n  b: {% if %}\n");
        assert_eq!((line, col), (2, 12));
    }
}
