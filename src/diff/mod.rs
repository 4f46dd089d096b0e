//! Comparing values: two stages of a workspace, or the same stages at two git revisions,
//! and the keys × stages matrix (DESIGN §2, `diff`).
//!
//! * `tree_diff` compares two value trees semantically: added, removed, changed,
//!   type-changed, deleted by a `null`, and reordered lists; list elements are matched by
//!   identity (`name`, `key`, `id`, or `diff.listKeys`) where they have one
//!   (`list_identity`), by position otherwise. Every change keeps the origin of both sides.
//! * `release_diff` applies `strata.yaml`'s rules to one release's changes: ignored paths
//!   dropped and counted, stage-specific paths marked, and secrets hidden as
//!   [`crate::secrets`] decides (`masked_pair` lines both sides up for a patch) — a
//!   [`Change`] never holds a secret unless `--show-secrets` asked for it, so no format can
//!   print one.
//! * `compare` runs that over the releases of one workspace ([`compare_stages`]) or of two
//!   versions of it, each read through its own `source::Tree` ([`compare_revisions`]).
//! * `manifest_compare` does the same for rendered manifests: resources matched by group,
//!   kind and name (`manifest_tree`), compared by `tree_diff`, with a [`Plan`] per release.
//! * `matrix` lines every stage up at once ([`build_matrix`]); `matrix_view` computes a
//!   [`Matrix`] once into the [`MatrixView`] its formats read (each table's heading).
//! * `report_view` computes a [`DiffReport`] once into the [`DiffView`] every format reads
//!   (labels naming each release's chart and namespace, counts, the drift /
//!   stage-specific sections, totals).
//! * `format_*` print a [`DiffView`] as text, a unified diff, JSON
//!   (`docs/diff-output.schema.json`) or a Markdown comment from a tera template within a
//!   size budget, and a [`MatrixView`] as text or JSON.
//!
//! Not here: reading revisions (`git`), computing values (`workspace`, `layer`), printing
//! (`cli`).

mod change;
mod compare;
mod describe;
mod diff_path;
mod error;
mod format_json;
mod format_markdown;
mod format_matrix;
mod format_text;
mod format_unified;
mod list_identity;
mod manifest_compare;
mod manifest_tree;
mod masked_pair;
mod matrix;
mod matrix_view;
mod plan;
mod release_diff;
mod report_view;
#[cfg(test)]
mod test_support;
mod tree_diff;
mod verdicts;

pub use change::{Change, ChangeKind, Hidden, Shown, SummaryColumn};
pub use compare::{
    compare_helm_versions, compare_revisions, compare_stages, DiffReport, Mode, SideLabel, Version,
};
pub use describe::to_json_compact as readable_json;
pub use diff_path::{DiffPath, Step};
pub use error::DiffError;
pub use format_json::{format_json, report_json, JSON_VERSION};
pub use format_markdown::{
    format_markdown, MarkdownOptions, Template, DEFAULT_MAX_BYTES, DEFAULT_TEMPLATE,
};
pub use format_matrix::{format_matrix_json, format_matrix_text};
pub use format_text::{format_text, summary_line};
pub use format_unified::{format_unified, Unified};
pub use manifest_compare::{
    compare_manifest_revisions, compare_manifest_stages, ManifestStats, RenderRun,
};
pub use matrix::{build_matrix, Cell, ChartMatrix, Matrix, MatrixRow};
pub use matrix_view::{MatrixView, TableView};
pub use plan::Plan;
pub use release_diff::{diff_release, Counts, DiffOptions, ReleaseDiff, ReleasePair, ReleaseSide};
pub use report_view::{counts_text, split_sections, DiffView, ReleaseStatus, ReleaseView, Section};
pub use tree_diff::{CompareRules, TreeSide};
pub use verdicts::VerdictChange;
pub(crate) use verdicts::{computed_release_violations, verdict_changes};
