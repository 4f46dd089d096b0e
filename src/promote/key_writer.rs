//! [`layer_writing_key`]: which overlay file of a release writes a key today, and at which
//! line: the file a person would edit to change the key.
//!
//! The layers answer which layer writes the key ([`Layers::trace`], what `strata explain`
//! prints); this keeps the answer for the release's stage overlays.

use std::path::PathBuf;

use crate::layer::{LayerKind, Layers, TraceAction};
use crate::values::{KeyPath, Origin};
use crate::workspace::ReleaseValues;

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

/// Returns the overlay of `values` (a release, whose layers are `layers`, see
/// [`ReleaseValues::layers`]) that writes `path` last, the one whose value Helm keeps.
pub fn layer_writing_key(values: &ReleaseValues, layers: &Layers, path: &KeyPath) -> KeyWriter {
    let Some(last) = layers.trace(path).pop() else {
        return KeyWriter::None;
    };
    let LayerKind::StageOverlay { index } = layers[last.layer].kind else {
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
