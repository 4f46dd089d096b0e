//! Running a template (tera) that a repository wrote, under a memory and a time budget strata
//! enforces whatever the template does.
//!
//! A template can loop without output, build a string that doubles thirty times, or recurse
//! until the stack is gone; none of that can be stopped from inside the process (a thread
//! cannot be killed, and Rust aborts the whole process when an allocation fails). So a
//! template runs in a child process of strata itself (`strata __render-template`, hidden),
//! started with an empty environment, which limits its own address space (`RLIMIT_AS`) and
//! CPU time (`RLIMIT_CPU`) before it reads the template; the parent kills it at the wall-clock
//! deadline. The parent sends the template, then one JSON context per render, and gets the
//! text or the error back ([`Sandbox`], [`serve`]).
//!
//! [`TemplateKind`] says which filters a template gets: the Markdown diff comment and
//! overlay templates (`*.yaml.tera`), which may not call what reads outside their context
//! ([`forbidden_call`]). [`TemplateRenderer::in_process`] renders the same way on the caller's
//! thread, for tests and for callers without a strata binary to start.
//!
//! Not here: what a template is given (its caller builds the context) or where it is read.

mod budget;
mod engine;
mod error;
mod filters;
mod frame;
mod hermetic;
mod serve;
mod session;

pub use budget::TemplateBudget;
pub use engine::{TemplateKind, TemplateRenderer, TemplateSource, OUTPUT_CAP};
pub use error::SandboxError;
pub use filters::code_span;
pub use hermetic::{forbidden_call, ForbiddenCall, FORBIDDEN_FUNCTIONS};
pub use serve::{serve, SERVE_COMMAND};
pub use session::Sandbox;
