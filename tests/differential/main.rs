//! The differential suite: `strata merge` against the real `helm template` on the same
//! charts, files and flags, once with Helm v3.17.3 and once with Helm v4.1.4 (`strata merge
//! --helm-version 4`).
//!
//! Each case copies a chart into a temp folder, adds a probe template that prints
//! `toJson .Values` to the chart and to every subchart, runs both tools there and compares:
//! success or failure (with Helm's message in strata's), the top chart's values, every
//! rendered subchart's values (`strata merge --subchart`), and the set of warnings.
//! The cases live in `cases/`, one file per section of `shared/spec/helm-values-semantics.md`;
//! each also states what Helm does, checked against Helm itself.
//!
//! `cargo test --test differential` runs everything and reports every failing case at once.
//! `STRATA_DIFF_CASES=octal,subchart_null` runs the cases whose names contain one of the
//! words; `STRATA_DIFF_HELM_ONLY=1` checks the cases against Helm without running strata;
//! `STRATA_DIFF_HELM=3` (or `4`) runs against one Helm only.

mod case;
mod cases;
mod compare;
mod process;
mod workdir;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use case::{shell_quote, Case, ChartSource, Helm, Section};
use compare::{Findings, Mode};

#[test]
fn strata_merge_agrees_with_helm_template() {
    let all = cases::all();
    assert_unique_names(&all);
    let selected = select(all);
    assert!(!selected.is_empty(), "STRATA_DIFF_CASES matches no case");
    let mode = if std::env::var_os("STRATA_DIFF_HELM_ONLY").is_some_and(|v| v != "0") {
        Mode::HelmOnly
    } else {
        Mode::Both
    };
    let helms = selected_helms();
    for &helm in &helms {
        process::helm_binary(helm);
    }
    let runs: Vec<(&Case, Helm)> = helms
        .iter()
        .flat_map(|&helm| selected.iter().map(move |case| (case, helm)))
        .collect();

    let started = std::time::Instant::now();
    let findings = run_all(&runs, mode);
    let failing: Vec<(&Case, Helm, &Findings)> = runs
        .iter()
        .zip(&findings)
        .filter(|(_, f)| !f.is_clean())
        .map(|((case, helm), f)| (*case, *helm, f))
        .collect();
    println!("{}", summary(&runs, &findings));
    println!("in {:.0?}", started.elapsed());
    if !failing.is_empty() {
        panic!("{}", report(&failing, runs.len()));
    }
}

/// Returns the Helms to run against: both, or the one `STRATA_DIFF_HELM` names.
fn selected_helms() -> Vec<Helm> {
    match std::env::var("STRATA_DIFF_HELM").as_deref() {
        Ok("3") => vec![Helm::V3],
        Ok("4") => vec![Helm::V4],
        _ => Helm::ALL.to_vec(),
    }
}

/// Runs the cases on a few threads; returns the findings in run order.
fn run_all(cases: &[(&Case, Helm)], mode: Mode) -> Vec<Findings> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get() + 1)
        .unwrap_or(3)
        .min(8);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Findings>>> =
        Mutex::new((0..cases.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(case, helm)) = cases.get(i) else {
                    break;
                };
                let found = compare::check(case, mode, helm);
                results
                    .lock()
                    .expect("no worker panics while holding the lock")[i] = Some(found);
            });
        }
    });
    results
        .into_inner()
        .expect("no worker panicked")
        .into_iter()
        .map(|f| f.expect("every case ran"))
        .collect()
}

fn assert_unique_names(cases: &[Case]) {
    let mut seen = BTreeSet::new();
    for case in cases {
        assert!(seen.insert(&case.name), "two cases are named {}", case.name);
    }
}

fn select(all: Vec<Case>) -> Vec<Case> {
    let Ok(filter) = std::env::var("STRATA_DIFF_CASES") else {
        return all;
    };
    let words: Vec<&str> = filter
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    all.into_iter()
        .filter(|c| words.iter().any(|w| c.name.contains(w)))
        .collect()
}

fn summary(runs: &[(&Case, Helm)], findings: &[Findings]) -> String {
    let mut per_section: BTreeMap<(Helm, Section), (usize, usize)> = BTreeMap::new();
    for ((case, helm), f) in runs.iter().zip(findings) {
        let entry = per_section.entry((*helm, case.section)).or_default();
        entry.0 += 1;
        if !f.is_clean() {
            entry.1 += 1;
        }
    }
    let mut out = format!("{} differential runs:\n", runs.len());
    for ((helm, section), (count, failed)) in per_section {
        let _ = writeln!(
            out,
            "  helm {} {:<24} {count:>4} cases, {failed:>3} failing",
            helm.number(),
            section.title()
        );
    }
    out
}

fn report(failing: &[(&Case, Helm, &Findings)], total: usize) -> String {
    let wrong = failing
        .iter()
        .filter(|(_, _, f)| !f.case_wrong.is_empty())
        .count();
    let mut out = format!(
        "{} of {total} differential runs fail ({wrong} of them because Helm does not do what the case says)\n",
        failing.len()
    );
    for (case, helm, f) in failing {
        let _ = writeln!(
            out,
            "\n=== helm {} / {} / {}",
            helm.number(),
            case.section.title(),
            case.name
        );
        let chart = match &case.chart {
            ChartSource::Fixture(name) => format!("tests/differential/charts/{name}"),
            ChartSource::Dir(path) => {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
                path.strip_prefix(root)
                    .unwrap_or(path)
                    .display()
                    .to_string()
            }
        };
        let args: String = case
            .args
            .iter()
            .map(|a| format!(" {}", shell_quote(a)))
            .collect();
        let _ = writeln!(
            out,
            "  chart {chart}, copied to ./chart with probe templates"
        );
        let extra: String = case.schema_args().iter().map(|a| format!(" {a}")).collect();
        let _ = writeln!(out, "  helm template probe chart{args}{extra}");
        let _ = writeln!(
            out,
            "  strata merge chart{args}{extra} -o json --helm-version {}",
            helm.number()
        );
        for (path, contents) in &case.chart_files {
            let _ = writeln!(out, "  chart/{path} = {}", show_bytes(contents));
        }
        for (path, contents) in &case.files {
            let _ = writeln!(out, "  {path} = {}", show_bytes(contents));
        }
        for problem in &f.case_wrong {
            let _ = writeln!(out, "  CASE WRONG: {problem}");
        }
        for problem in &f.disagreements {
            let _ = writeln!(out, "  DIFFERS: {problem}");
        }
        out.push_str(&f.details);
    }
    out
}

/// Shows a small file's contents as an escaped string, a large one by size.
fn show_bytes(contents: &[u8]) -> String {
    if contents.len() > 400 {
        return format!("({} bytes)", contents.len());
    }
    format!("{:?}", String::from_utf8_lossy(contents))
}
