//! Running a child program to the end under a time limit: its standard input closed, both
//! output pipes drained on threads (so a chatty program never blocks on a full pipe), and
//! the program killed when it runs past the limit. helm (`render`, `vendor`) and helmfile
//! (`import`) run this way; each caller sets the program's environment and folder.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What a finished program printed.
#[derive(Debug)]
pub struct Finished {
    /// How it exited.
    pub status: ExitStatus,
    /// Its standard output.
    pub stdout: Vec<u8>,
    /// Its standard error.
    pub stderr: Vec<u8>,
}

/// Why a program did not finish.
#[derive(Debug)]
pub enum RunFailure {
    /// It could not be started (or waited for).
    Spawn(std::io::Error),
    /// It ran past the time limit and was killed.
    TimedOut,
}

/// Runs `command` to its end, or kills it once `timeout` has passed.
pub fn run_bounded(command: &mut Command, timeout: Duration) -> Result<Finished, RunFailure> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(RunFailure::Spawn)?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait(&mut child, timeout)?;
    Ok(Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Reads `pipe` to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Waits for `child`, killing it once `timeout` has passed.
fn wait(child: &mut Child, timeout: Duration) -> Result<ExitStatus, RunFailure> {
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunFailure::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(RunFailure::Spawn(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_both_outputs_and_the_status() {
        let done = run_bounded(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(done.status.code(), Some(3));
        assert_eq!(done.stdout, b"out\n");
        assert_eq!(done.stderr, b"err\n");
    }

    #[test]
    fn a_large_output_does_not_block_and_a_slow_program_is_killed() {
        let done = run_bounded(
            Command::new("sh").args(["-c", "head -c 1000000 /dev/zero"]),
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(done.stdout.len(), 1_000_000);
        let started = Instant::now();
        let slow = run_bounded(
            Command::new("sh").args(["-c", "sleep 30"]),
            Duration::from_millis(200),
        );
        assert!(matches!(slow, Err(RunFailure::TimedOut)));
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_missing_program_cannot_be_started() {
        let missing = run_bounded(
            &mut Command::new("/nonexistent/strata-test-program"),
            Duration::from_secs(1),
        );
        assert!(matches!(missing, Err(RunFailure::Spawn(_))));
    }
}
