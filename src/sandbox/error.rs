//! [`SandboxError`]: why a template gave no text.

/// Why a template gave no text. The caller names the template (its file) in front.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The template does not parse, or failed while rendering (tera's words).
    #[error("{0}")]
    Template(String),
    /// The template does not parse, calls what it must not, or failed while rendering, at a
    /// 1-based line and column of the template.
    #[error("{message}")]
    TemplateAt {
        message: String,
        line: usize,
        col: usize,
    },
    /// The template wrote more than [`super::OUTPUT_CAP`] bytes.
    #[error("the template wrote more than {cap} bytes")]
    OverOutput { cap: usize },
    /// The template used more memory than its budget (the child process was stopped when an
    /// allocation or its stack went over its address-space limit).
    #[error("the template used more than its memory budget of {} MiB (raise it with limits.templateMemoryBytes in strata.yaml)", .limit / (1024 * 1024))]
    OverMemory { limit: u64 },
    /// The template ran past its time budget and was stopped.
    #[error("rendering took longer than its time budget of {seconds} s; a template must not loop without end (raise it with limits.templateSeconds in strata.yaml)")]
    OverTime { seconds: u64 },
    /// The template process could not be started or talked to.
    #[error("cannot run the template process: {0}")]
    Process(#[source] std::io::Error),
    /// The template process ended in a way that is none of the above.
    #[error("the template process ended unexpectedly ({0})")]
    Crashed(String),
}
