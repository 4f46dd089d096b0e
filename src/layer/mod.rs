//! Layering: how Helm 3.17 turns chart defaults and user values into the `.Values` every
//! chart sees, with provenance on every value. The Helm-exact merge rules live here and only
//! here (semantics page §1, §3, §5, §6, §7).
//!
//! * [`merge_user_files`] merges `-f` files into the user values (§3).
//! * [`compute`] takes a [`Chart`] tree and the user values and returns the [`Computed`]
//!   values: subcharts enabled or disabled by condition and tags, defaults pre-merged and
//!   import-values applied, user values coalesced with the defaults chart by chart, globals
//!   passed down, and Helm's [`Warning`]s in Helm's order.
//! * [`Layers`] are a release's layers, lowest precedence first, each of a [`LayerKind`]
//!   (a chart's or a subchart's defaults, a stage overlay, a `-f` file, a `--set` flag):
//!   [`Layers::trace`] lists which layers set, overrode or deleted a key (`strata
//!   explain`), [`Layers::writer_of`] which layer writes it, at which line (the
//!   redundant-override rule, promotion), [`Layers::kind_of`] which layer an origin is in
//!   (the validator).
//!
//! The engine mirrors Helm's own functions (`coalesce.go`, `dependencies.go`) pass for pass,
//! on a tree with Go's map sharing (`go_tree.rs`) and a chart graph with Go's pointer
//! sharing (`chart_graph.rs`), because several visible results come from that sharing.
//! Dependencies are linked to charts by name and version range as Helm does
//! (`version_range.rs`). A chart without subcharts, where no sharing can show, is coalesced
//! directly on its nodes (`lone_chart.rs`), with the same result and warnings.
//!
//! Values come in and go out as [`Node`](crate::values::Node) trees; every value keeps the
//! origin of the layer that wrote it and lists what it replaced in `overrode`. A `global: {}`
//! that Helm creates in a subchart's section has the origin `<chart PATH: injected global>`
//! (PATH the chart names from the top, `parent.sub`), and a subchart section Helm creates
//! takes the origin of the subchart's values.yaml.
//!
//! Helm 4.1's rules differ in one place, a nested null over a null default, which
//! [`compute`] applies when asked for [`HelmVersion::V4`](crate::values::HelmVersion)
//! (`coalesce.rs`); its warnings print as Helm 4 logs them ([`Warning::text_for`]).
//!
//! A chart's `values.schema.json` travels with it as read ([`SchemaSource`], `schema_source.rs`),
//! unparsed.
//!
//! Not here: reading chart folders or YAML (`yaml`, the chart loader), parsing `--set`
//! (`setflags`), schema validation (`schema`, which reads [`Chart`] and [`Computed`]).

mod chart;
mod chart_graph;
mod coalesce;
mod compute;
mod enable;
mod error;
mod go_tree;
mod history;
mod import_values;
mod layer_kind;
mod layers;
mod lone_chart;
mod schema_source;
mod trace;
mod user_values;
mod version_range;
mod warning;

#[cfg(test)]
pub(crate) mod tests;

pub use chart::{Chart, Dependency, ImportValue};
pub use compute::{compute, Computed, EnabledChart};
pub use error::LayerError;
pub use layer_kind::LayerKind;
pub use layers::{Layer, LayerRef, Layers, Writer};
pub use schema_source::{SchemaKind, SchemaSource};
pub use trace::{TraceAction, TraceStep};
pub use user_values::{merge_user_files, merge_user_node, USER_VALUES_SOURCE};
pub use warning::{GlobalSide, Warning};
