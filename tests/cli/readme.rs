//! The README's examples, run as written in a copy of the example workspace.
//!
//! Every ```` ```console ```` block of `README.md` is a session: each `$ COMMAND` line runs
//! in `bash` in a fresh copy of the repository's workspace (`strata.yaml`, `charts/`,
//! `environments/`, `schemas/`), committed once to a new git repository so `--from HEAD`
//! examples work, with the `strata` under test first on `PATH`. The lines after a command,
//! up to the next command, are its expected output (stdout then stderr); a line `...`
//! stands for any number of lines. A block preceded by `<!-- readme: not run -->` is shown
//! only (what it needs, such as a chart repository, is not in the example workspace).

use std::path::Path;

use crate::support::Ws;

#[test]
fn every_console_example_in_the_readme_runs_as_written() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).expect("README.md is readable");
    let sessions = console_blocks(&readme);
    assert!(
        sessions.len() >= 8,
        "README.md holds {} console examples; were they removed?",
        sessions.len()
    );
    let mut failures = Vec::new();
    for session in &sessions {
        let ws = example_workspace();
        for step in &session.steps {
            let out = ws.run_shell(&step.command);
            let actual: Vec<&str> = out.lines().collect();
            if !matches(&step.expected, &actual) {
                failures.push(format!(
                    "README.md:{}: $ {}\n--- expected\n{}\n--- actual\n{}",
                    step.line,
                    step.command,
                    step.expected.join("\n"),
                    actual.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// One ```` ```console ```` block: its commands in order.
struct Session {
    shown_only: bool,
    steps: Vec<Step>,
}

struct Step {
    /// 1-based line of the `$` in README.md.
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The console blocks to run, in the order of the README.
fn console_blocks(readme: &str) -> Vec<Session> {
    let mut sessions = Vec::new();
    let mut current: Option<Session> = None;
    let mut shown_only = false;
    // A block inside a list item is indented: its lines are read without that indentation.
    let mut indent = 0;
    for (index, line) in readme.lines().enumerate() {
        let fence = line.trim_start().starts_with("```");
        match current.as_mut() {
            None if line.trim() == "<!-- readme: not run -->" => shown_only = true,
            None if line.trim_start().starts_with("```console") => {
                indent = line.len() - line.trim_start().len();
                current = Some(Session {
                    shown_only: std::mem::take(&mut shown_only),
                    steps: Vec::new(),
                });
            }
            None => shown_only &= line.trim().is_empty(),
            Some(_) if fence => {
                let session = current.take().expect("a block is open");
                if !session.shown_only {
                    sessions.push(session);
                }
            }
            Some(session) => match line.get(indent..).unwrap_or("").strip_prefix("$ ") {
                Some(command) => session.steps.push(Step {
                    line: index + 1,
                    command: command.to_string(),
                    expected: Vec::new(),
                }),
                None => {
                    if let Some(step) = session.steps.last_mut() {
                        step.expected
                            .push(line.get(indent..).unwrap_or("").to_string());
                    }
                }
            },
        }
    }
    sessions
}

/// Whether `actual` matches `expected`, where an expected line `...` matches any number of
/// lines (none included). Trailing blank lines on either side do not count.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    fn trim<T: AsRef<str>>(lines: &[T]) -> &[T] {
        let mut end = lines.len();
        while end > 0 && lines[end - 1].as_ref().trim().is_empty() {
            end -= 1;
        }
        &lines[..end]
    }
    fn go(expected: &[String], actual: &[&str]) -> bool {
        match expected.split_first() {
            None => actual.is_empty(),
            Some((first, rest)) if first.trim() == "..." => {
                (0..=actual.len()).any(|skip| go(rest, &actual[skip..]))
            }
            Some((first, rest)) => {
                actual
                    .first()
                    .is_some_and(|a| a.trim_end() == first.trim_end())
                    && go(rest, &actual[1..])
            }
        }
    }
    go(trim(expected), trim(actual))
}

/// A copy of the repository's example workspace, committed to a new repository.
fn example_workspace() -> Ws {
    let ws = crate::support::example_workspace();
    crate::support::commit_all(&ws, "the example workspace");
    ws
}
