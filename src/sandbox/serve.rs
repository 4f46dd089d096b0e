//! [`serve`]: the template process's side — limit its own resources, build the template,
//! then answer one render per context until its input ends.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use super::engine::{build, render, TemplateSource};
use super::error::SandboxError;
use super::frame::{read_frame, write_frame};

/// The hidden subcommand that runs [`serve`] (`strata __render-template`).
pub const SERVE_COMMAND: &str = "__render-template";

/// The first message: the template and the budget the process puts on itself.
#[derive(Serialize, Deserialize)]
pub(super) struct Job {
    pub(super) source: TemplateSource,
    /// Address space allowed over what the process holds when it reads this.
    pub(super) memory_bytes: u64,
    /// CPU seconds allowed (the parent also stops it at the wall-clock deadline).
    pub(super) cpu_seconds: u64,
}

/// The answer to each message.
#[derive(Serialize, Deserialize)]
pub(super) enum Reply {
    /// The template was built; send contexts.
    Ready,
    /// One render's text.
    Text(String),
    /// tera's error, building or rendering.
    Template(String),
    /// tera's error at a line and column of the template.
    TemplateAt(String, usize, usize),
    /// The render wrote more than the output cap.
    OverOutput,
    /// The process could not put the budget on itself, so it renders nothing.
    NoLimits(String),
}

/// Serves the template process on `input` and `output` (the process's stdin and stdout):
/// reads the [`Job`], limits the process's address space and CPU time, builds the template,
/// then renders each context it receives. Returns the exit code.
pub fn serve(mut input: impl Read, mut output: impl Write) -> i32 {
    let mut send = |reply: &Reply| {
        let bytes = serde_json::to_vec(reply).expect("a reply is plain data and serialises");
        write_frame(&mut output, &bytes).is_ok()
    };
    let job: Job = match read_frame(&mut input)
        .ok()
        .flatten()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
    {
        Some(job) => job,
        None => return 2,
    };
    if let Err(e) = limit_self(job.memory_bytes, job.cpu_seconds) {
        send(&Reply::NoLimits(e.to_string()));
        return 2;
    }
    let tera = match build(&job.source) {
        Ok(tera) => tera,
        Err(e) => {
            send(&reply_of(e));
            return 0;
        }
    };
    if !send(&Reply::Ready) {
        return 2;
    }
    while let Ok(Some(bytes)) = read_frame(&mut input) {
        let reply = match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(context) => match render(&tera, job.source.kind, &job.source.name, &context) {
                Ok(text) => Reply::Text(text),
                Err(e) => reply_of(e),
            },
            Err(e) => Reply::Template(e.to_string()),
        };
        if !send(&reply) {
            return 2;
        }
    }
    0
}

/// Returns the reply that carries a template's error.
fn reply_of(error: SandboxError) -> Reply {
    match error {
        SandboxError::OverOutput { .. } => Reply::OverOutput,
        SandboxError::TemplateAt { message, line, col } => Reply::TemplateAt(message, line, col),
        e => Reply::Template(e.to_string()),
    }
}

/// Limits this process's address space to what it holds now plus `memory_bytes`, and its
/// CPU time to `cpu_seconds`.
fn limit_self(memory_bytes: u64, cpu_seconds: u64) -> std::io::Result<()> {
    let now = address_space()?;
    set_limit(libc::RLIMIT_AS, now.saturating_add(memory_bytes), None)?;
    set_limit(
        libc::RLIMIT_CPU,
        cpu_seconds.max(1),
        Some(cpu_seconds.max(1) + 1),
    )
}

/// Returns the process's address space in bytes (`/proc/self/statm`, first field, in pages).
fn address_space() -> std::io::Result<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm")?;
    let pages: u64 = statm
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| std::io::Error::other("cannot read /proc/self/statm"))?;
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Ok(pages * u64::try_from(page).unwrap_or(4096))
}

/// The type `setrlimit` takes its resource as (glibc has its own).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
type Resource = libc::__rlimit_resource_t;
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
type Resource = libc::c_int;

/// Sets a resource limit: `soft`, and `hard` (the same as `soft` when `None`).
fn set_limit(resource: Resource, soft: u64, hard: Option<u64>) -> std::io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard.unwrap_or(soft) as libc::rlim_t,
    };
    // SAFETY: `limit` is a valid rlimit that lives across the call.
    if unsafe { libc::setrlimit(resource, &limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}
