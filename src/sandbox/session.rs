//! [`Sandbox`]: the parent's side of a template process — start it, send contexts, get text
//! back, and stop it at the deadline.

use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::budget::TemplateBudget;
use super::engine::{TemplateSource, OUTPUT_CAP};
use super::error::SandboxError;
use super::frame::{read_frame, write_frame};
use super::serve::{Job, Reply, SERVE_COMMAND};

/// A running template process.
pub struct Sandbox {
    child: Child,
    input: Option<ChildStdin>,
    replies: mpsc::Receiver<Option<Vec<u8>>>,
    deadline: Instant,
    budget: TemplateBudget,
}

impl Sandbox {
    /// Starts `program` (the strata binary) as a template process for `source`, with an
    /// empty environment (nothing of the CI's secrets reaches it), and waits until the
    /// template is built. The time budget counts from here.
    pub fn start(
        program: &Path,
        source: &TemplateSource,
        budget: TemplateBudget,
    ) -> Result<Sandbox, SandboxError> {
        let deadline = Instant::now() + budget.time;
        let mut child = Command::new(program)
            .arg(SERVE_COMMAND)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(SandboxError::Process)?;
        let input = child.stdin.take();
        let mut output = child.stdout.take().expect("stdout was piped above");
        let (send, replies) = mpsc::channel();
        std::thread::spawn(move || loop {
            let frame = read_frame(&mut output).ok().flatten();
            let end = frame.is_none();
            if send.send(frame).is_err() || end {
                break;
            }
        });
        let mut sandbox = Sandbox {
            child,
            input,
            replies,
            deadline,
            budget,
        };
        let job = Job {
            source: source.clone(),
            memory_bytes: budget.memory_bytes,
            cpu_seconds: budget.time.as_secs_f64().ceil() as u64,
        };
        sandbox.send(&serde_json::to_vec(&job).expect("a job is plain data and serialises"))?;
        match sandbox.reply()? {
            Reply::Ready => Ok(sandbox),
            other => Err(sandbox.unexpected(other)),
        }
    }

    /// Renders the template with `context` (a JSON object).
    pub fn render(&mut self, context: &serde_json::Value) -> Result<String, SandboxError> {
        let bytes =
            serde_json::to_vec(context).map_err(|e| SandboxError::Template(e.to_string()))?;
        self.send(&bytes)?;
        match self.reply()? {
            Reply::Text(text) => Ok(text),
            other => Err(self.unexpected(other)),
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), SandboxError> {
        let Some(input) = self.input.as_mut() else {
            return Err(self.ended());
        };
        if write_frame(input, bytes).is_err() {
            return Err(self.ended());
        }
        Ok(())
    }

    /// Waits for the next reply until the deadline.
    fn reply(&mut self) -> Result<Reply, SandboxError> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        match self
            .replies
            .recv_timeout(left.max(Duration::from_millis(1)))
        {
            Ok(Some(bytes)) => serde_json::from_slice(&bytes)
                .map_err(|e| SandboxError::Crashed(format!("unreadable reply: {e}"))),
            Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => Err(self.ended()),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.stop();
                Err(self.over_time())
            }
        }
    }

    /// Turns a reply that is not the one expected into the error it stands for.
    fn unexpected(&mut self, reply: Reply) -> SandboxError {
        match reply {
            Reply::Template(message) => SandboxError::Template(message),
            Reply::TemplateAt(message, line, col) => {
                SandboxError::TemplateAt { message, line, col }
            }
            Reply::OverOutput => SandboxError::OverOutput { cap: OUTPUT_CAP },
            Reply::NoLimits(reason) => SandboxError::Process(std::io::Error::other(format!(
                "cannot limit the template's resources: {reason}"
            ))),
            Reply::Ready | Reply::Text(_) => SandboxError::Crashed("a reply out of order".into()),
        }
    }

    fn over_time(&self) -> SandboxError {
        SandboxError::OverTime {
            seconds: self.budget.time.as_secs_f64().ceil() as u64,
        }
    }

    /// Returns why the process stopped answering: how it ended.
    fn ended(&mut self) -> SandboxError {
        self.input = None;
        let status = match self.child.wait() {
            Ok(status) => status,
            Err(e) => return SandboxError::Process(e),
        };
        use std::os::unix::process::ExitStatusExt;
        match status.signal() {
            // RLIMIT_CPU ran out.
            Some(libc::SIGXCPU) => self.over_time(),
            // An allocation over RLIMIT_AS aborts the process; a stack that cannot grow
            // faults; the kernel's OOM killer sends SIGKILL.
            Some(libc::SIGABRT | libc::SIGSEGV | libc::SIGBUS | libc::SIGKILL) => {
                SandboxError::OverMemory {
                    limit: self.budget.memory_bytes,
                }
            }
            _ => SandboxError::Crashed(status.to_string()),
        }
    }

    /// Kills the process and reaps it.
    fn stop(&mut self) {
        self.input = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}
