//! Settings: what `strata.yaml` says, read once into typed settings that every module below
//! the command line reads, so no module names another to learn its configuration.
//!
//! * [`Config`] reads the whole file: its keys, `stages`, `overlays` and `secrets`, and hands
//!   each other section to its own reader (`config.rs`):
//!   * `limits`: input limits and the template budget (`limits.rs`);
//!   * `lint`: each rule's severity and the allow-lists, [`LintSettings`]
//!     (`lint_settings.rs`), by the names of [`Rule`] (`rule.rs`) and [`Severity`]
//!     (`severity.rs`);
//!   * `policies`: [`Policies`] (`policies.rs`), each a [`PolicyRule`] (`policy_rule.rs`), the
//!     built-in rules a YAML table read the same way (`builtin_policies.rs`);
//!   * `diff`: [`DiffSettings`] (`diff_settings.rs`);
//!   * `kubernetes` and `manifests`: [`ManifestSettings`] (`manifest_settings.rs`);
//!   * `helm`: the Helm whose semantics apply (`helm_setting.rs`);
//!   * `releases`: each release's name, chart, namespace and stages, [`ReleaseSpec`]
//!     (`release_settings.rs`); a chart a release takes inline from a repository is a
//!     chart of the workspace under the source's name (`inline_charts.rs`);
//!   * `vars` and `requiredVars`: [`VarsSettings`] (`vars_settings.rs`);
//!   * `charts`: charts that come from a repository, each a [`ChartSource`]
//!     (`chart_sources.rs`, `chart_source.rs`; `vendor` fetches and checks them).
//! * Underneath, one reader of settings (`reader.rs`): key checks, lists of names, strings
//!   and key patterns, each failing with a [`SettingsError`] at the node's place
//!   (`error.rs`).
//!
//! Not here: finding `strata.yaml` and the files it names (`workspace`), applying the
//! settings (`lint` checks policies, `diff` compares, `render` renders).

mod builtin_policies;
mod chart_source;
mod chart_sources;
mod config;
mod diff_settings;
mod error;
mod helm_setting;
mod inline_charts;
mod limits;
mod lint_settings;
mod manifest_settings;
mod policies;
mod policy_rule;
mod promotion_settings;
mod reader;
mod release_settings;
mod rule;
mod severity;
mod vars_settings;

pub use builtin_policies::{builtin_policies, builtin_policy, BUILTIN_POLICIES};
pub use chart_source::{ChartSource, Repository};
pub use config::{Config, CONFIG_FILE};
pub use diff_settings::{DiffSettings, ListKey};
pub use error::SettingsError;
pub use lint_settings::LintSettings;
pub use manifest_settings::{ClusterSettings, ManifestSettings, DEFAULT_MANIFEST_IGNORE};
pub use policies::Policies;
pub use policy_rule::{Condition, Pattern, PolicyPath, PolicyRule};
pub use promotion_settings::{PromotionRule, PromotionSettings, DEFAULT_PROMOTION_PATHS};
pub use release_settings::{ChartRef, ReleaseSpec};
pub use rule::Rule;
pub use severity::Severity;
pub use vars_settings::VarsSettings;

pub(crate) use reader::is_safe_name;
