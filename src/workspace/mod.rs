//! The workspace: `strata.yaml` found by walking up from a folder, its stages in promotion
//! order, the charts under `charts/` (folders and packaged `.tgz`), and each release's layer files (DESIGN §1).
//!
//! This module knows where files are, not what is in them: reading `strata.yaml` is
//! `settings`' job, reading values `yaml`'s, merging them `layer`'s. [`Release::compute`]
//! runs the pipeline for one release.

mod chart_order;
mod chart_path;
mod command_line;
mod error;
mod layout;
mod release;
mod release_inputs;
mod release_pool;
mod release_secrets;
mod templated_overlay;
#[cfg(test)]
pub(crate) mod test_workspace;

pub use chart_order::by_chart;
pub use chart_path::ChartPath;
pub use command_line::CommandLineValues;
pub use error::WorkspaceError;
pub use layout::Workspace;
pub use release::{load_chart_at, naming, LayerFile, Release, ReleaseValues};
pub use release_inputs::ReleaseInputs;
pub use release_pool::{in_order, in_order_on};
pub use release_secrets::{release_secret_rules, write_only_patterns};
pub use templated_overlay::is_template;
