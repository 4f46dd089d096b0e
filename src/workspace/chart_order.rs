//! [`by_chart`]: every release of a run computed chart by chart, so that what is read for a
//! chart is dropped after its last release rather than held for the whole run.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::layout::Workspace;
use super::release_pool::in_order;

/// Runs `work` on every release of `releases` (stage, name) on all cores, a few charts at
/// a time with each chart's releases in every stage together, and calls `done` with a
/// chart's name once its last release is done (to drop what was read for it); returns the
/// results in the order of `releases`.
pub fn by_chart<R: Send>(
    ws: &Workspace,
    releases: &[(String, String)],
    work: impl Fn(&(String, String)) -> R + Sync,
    done: impl Fn(&str) + Sync,
) -> Vec<R> {
    let chart_of = |name: &str| {
        ws.release_spec(name)
            .map(|spec| spec.chart.name().to_string())
            .unwrap_or_default()
    };
    let charts: Vec<String> = releases.iter().map(|(_, name)| chart_of(name)).collect();
    // Charts are taken as many at a time as there are cores, their releases interleaved
    // (a's first, b's first, a's second, ...): each worker then reads a chart of its own
    // rather than waiting for the one another worker is reading for the same chart.
    let mut names: Vec<&str> = charts.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let index = |chart: &str| names.binary_search(&chart).unwrap_or(0);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let nth: Vec<usize> = charts
        .iter()
        .map(|chart| {
            let n = seen.entry(chart.as_str()).or_default();
            *n += 1;
            *n
        })
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut order: Vec<usize> = (0..releases.len()).collect();
    order.sort_by_key(|&i| (index(&charts[i]) / cores, nth[i], index(&charts[i]), i));
    let mut left: HashMap<&str, AtomicUsize> = HashMap::new();
    for chart in &charts {
        left.entry(chart.as_str())
            .or_insert_with(|| AtomicUsize::new(0))
            .fetch_add(1, Ordering::Relaxed);
    }
    let mut results: Vec<Option<R>> = releases.iter().map(|_| None).collect();
    let finished = in_order(
        &order,
        |&i| {
            let result = work(&releases[i]);
            if left[charts[i].as_str()].fetch_sub(1, Ordering::AcqRel) == 1 {
                done(&charts[i]);
            }
            (i, result)
        },
        |(i, result)| {
            results[i] = Some(result);
            Ok::<_, std::convert::Infallible>(())
        },
    );
    let Ok(()) = finished;
    results
        .into_iter()
        .map(|r| r.expect("every release was run"))
        .collect()
}
