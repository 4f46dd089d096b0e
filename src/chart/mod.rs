//! Reading a chart folder or a packaged chart (`.tgz`) into the in-memory
//! [`crate::layer::Chart`]: `Chart.yaml`,
//! `values.yaml`, `values.schema.json` (kept as bytes; `schema` parses it) and every subchart
//! under `charts/`, recursively.
//!
//! [`load_chart`] reads only what values need; [`load_chart_texts`] (`texts.rs`) reads the
//! text of `values.yaml` and `templates/` for the lint rules that need them. Packaged
//! subcharts (`charts/*.tgz`) are unpacked in memory, bounded. Files are read with the same
//! limits and the same YAML reader as overlays, so a chart's defaults carry file:line:col too.

mod archive;
mod error;
mod loader;
mod lock;
mod metadata;
mod texts;

#[cfg(test)]
pub(crate) use archive::test_tgz;
pub use error::ChartError;
pub use loader::{load_chart, load_packaged_chart, packaged_chart_name, ChartFiles};
pub use lock::LockDifference;
pub use texts::{
    load_chart_texts, load_packaged_chart_texts, ChartTexts, TextFile, MAX_TEMPLATE_DEPTH,
    MAX_TEMPLATE_FILES,
};
