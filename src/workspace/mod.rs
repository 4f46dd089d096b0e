//! The workspace: `strata.yaml` found by walking up from a folder, its stages in promotion
//! order, the charts under `charts/` (folders and packaged `.tgz`), and each release's layer files (DESIGN §1).
//!
//! This module knows where files are, not what is in them beyond `strata.yaml`: reading values
//! is `yaml`'s job, merging them `layer`'s. [`Release::compute`] runs the pipeline for one
//! release.

mod chart_path;
mod command_line;
mod config;
mod diff_settings;
mod error;
mod helm_setting;
mod layout;
mod manifest_settings;
mod release;
mod release_inputs;
mod release_pool;
mod release_settings;
mod templated_overlay;
mod vars_settings;

pub use chart_path::ChartPath;
pub use command_line::CommandLineValues;
pub(crate) use config::is_safe_name;
pub use config::{Config, CONFIG_FILE};
pub use diff_settings::{DiffSettings, ListKey};
pub use error::WorkspaceError;
pub use layout::Workspace;
pub use manifest_settings::{ClusterSettings, ManifestSettings, DEFAULT_MANIFEST_IGNORE};
pub use release::{load_chart_at, LayerFile, Release, ReleaseValues};
pub use release_inputs::ReleaseInputs;
pub use release_pool::{in_order, in_order_on};
pub use release_settings::{ChartRef, ReleaseSpec};
pub use vars_settings::VarsSettings;
