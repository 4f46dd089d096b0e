//! [`layer_writing_key`]: which overlay file of a release writes a key today, and at which
//! line: the file a person would edit to change the key.
//!
//! This is the one place the promotion asks the layers about files. It is built on
//! [`trace`](crate::layer::trace) (what `strata explain` prints) until the `layer` module
//! answers "which layer of this release writes key K, at which line" itself; then only this
//! function changes.

use std::path::PathBuf;

use crate::layer::{trace, TraceAction};
use crate::values::{KeyPath, Node, Origin};
use crate::workspace::ReleaseValues;

/// The label of the chart's defaults among the layers traced.
const CHART: &str = "chart";

/// Which overlay file writes a key.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyWriter {
    /// The file writes the key itself (a value or a null), at `origin`.
    File { file: PathBuf, origin: Origin },
    /// The last layer that decides the key writes an ancestor of it whole (a value that
    /// replaces the map, or a null that deletes it).
    Ancestor { at: KeyPath, origin: Origin },
    /// No overlay writes the key: the value comes from the chart.
    None,
}

/// Returns the overlay of `values` (a release's layers) that writes `path` last, the one
/// whose value Helm keeps.
pub fn layer_writing_key(values: &ReleaseValues, path: &KeyPath) -> KeyWriter {
    // The chart's defaults first, so a null in an overlay is seen deleting what they set.
    let mut layers: Vec<(String, &Node)> = vec![(CHART.to_string(), &values.chart.defaults)];
    layers.extend(
        values
            .overlays
            .iter()
            .enumerate()
            .filter_map(|(i, layer)| layer.parsed.root.as_ref().map(|root| (i.to_string(), root))),
    );
    let Some(last) = trace(&layers, path).pop() else {
        return KeyWriter::None;
    };
    let Ok(index) = last.layer.parse::<usize>() else {
        return KeyWriter::None;
    };
    if &last.at == path && !matches!(last.action, TraceAction::ReplaceAncestor) {
        KeyWriter::File {
            file: values.overlays[index].path.clone(),
            origin: last.origin,
        }
    } else {
        KeyWriter::Ancestor {
            at: last.at,
            origin: last.origin,
        }
    }
}
