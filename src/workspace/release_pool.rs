//! [`in_order`]: releases computed on every core, handed back in the order they were asked for.
//!
//! Releases are independent once the workspace is loaded (the chart cache is shared and
//! locked), so a command computes them on a small pool of threads that take the next release
//! as they finish one (a slow 200 KB chart does not hold up the others), while the calling
//! thread receives each result as soon as every release before it is done, and prints or
//! writes it then. Output order, and which error is reported first, are the sequential ones.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// The stack of each worker: as deep as the command thread's (see `cli::run`), since the
/// walks over value trees are recursive and a worker runs the same walks.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Returns how many workers a run of `items` jobs uses: one per core, at most one per job.
fn workers_for(items: usize) -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items)
}

/// Runs `work` on every item, on all cores, and gives each result to `consume` in the
/// items' order, each as soon as the results before it are consumed. The first error
/// `consume` returns stops the run: no further item is started, and it is returned.
///
/// With one core or one item, everything runs on the calling thread, one item at a time.
pub fn in_order<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    in_order_on(workers_for(items.len()), items, work, consume)
}

/// Runs [`in_order`] on `workers` threads (at most one per item) whatever the number of
/// cores: for work that mostly waits (files written and synced to disk, one `fsync` each),
/// where more threads than cores keep the disk busy.
pub fn in_order_on<T, R, E>(
    workers: usize,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let workers = workers.min(items.len());
    if workers <= 1 {
        return items.iter().try_for_each(|item| consume(work(item)));
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel::<(usize, R)>();
        let mut started = 0;
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, stop, work) = (&next, &stop, &work);
            let spawned = std::thread::Builder::new()
                .name("strata-release".into())
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, move || {
                    while !stop.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else {
                            break;
                        };
                        if sender.send((index, work(item))).is_err() {
                            break;
                        }
                    }
                });
            if spawned.is_ok() {
                started += 1;
            }
        }
        drop(sender);
        if started == 0 {
            // No thread could be started: the calling thread does the work itself.
            return items.iter().try_for_each(|item| consume(work(item)));
        }
        let mut pending = BTreeMap::new();
        let mut expected = 0;
        for (index, result) in receiver.iter() {
            pending.insert(index, result);
            while let Some(result) = pending.remove(&expected) {
                expected += 1;
                if let Err(e) = consume(result) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_items_order_whatever_finishes_first() {
        let items: Vec<u64> = (0..50).collect();
        let mut seen = Vec::new();
        let done: Result<(), ()> = in_order(
            &items,
            |&i| {
                // Early items take longest, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_millis((50 - i) / 10));
                i * 2
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(done, Ok(()));
        assert_eq!(seen, (0..50).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_in_order_stops_the_run() {
        let items: Vec<u32> = (0..1000).collect();
        let computed = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let done = in_order(
            &items,
            |&i| {
                computed.fetch_add(1, Ordering::Relaxed);
                i
            },
            |r| {
                if r == 3 {
                    return Err(r);
                }
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(done, Err(3));
        assert_eq!(seen, vec![0, 1, 2]);
        assert!(computed.load(Ordering::Relaxed) <= 1000);
    }
}
