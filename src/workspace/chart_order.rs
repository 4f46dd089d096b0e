//! [`by_chart`]: every release of a run computed chart by chart, so that what is read for a
//! chart is dropped after its last release rather than held for the whole run.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::layout::Workspace;
use super::release_pool::in_order;

/// Runs `work` on every release of `releases` (stage, name) on all cores, a chart's
/// releases in every stage together, and calls `done` with a chart's name once its last
/// release is done (to drop what was read for it); returns the results in the order of
/// `releases`.
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
    let mut order: Vec<usize> = (0..releases.len()).collect();
    order.sort_by_key(|&i| (&charts[i], &releases[i].1, i));
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
