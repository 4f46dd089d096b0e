//! Starting a workspace: `strata init` around existing charts and `strata import helmfile`.
//!
//! Both only *plan*: they return a [`WorkspacePlan`] (the files to write, with their text,
//! and for an import the [`ImportNote`]s: what the helmfile holds that the workspace cannot),
//! and the command line writes it, after checking nothing it would write exists.
//!
//! - [`init_plan`]: `strata.yaml` naming the stages, `environments/<stage>/stage.yaml`
//!   with the stage's namespace.
//! - [`import_helmfile`]: runs the real `helmfile` ([`Helmfile`]) once per environment
//!   (`build`, then `build --embed-values`) so every template of the helmfile is resolved
//!   by helmfile itself, reads the resolved states ([`HelmfileState`]) and maps them:
//!   environments to stages, environment values to stage variables, releases to
//!   `releases:`, each values entry to an overlay file and `set:` to a last overlay.
//!
//! Not here: writing files and printing (`cli::init`, `cli::import`), reading a workspace
//! (`workspace`).

mod error;
mod helmfile_import;
mod helmfile_run;
mod helmfile_state;
mod import_note;
mod init_plan;
mod workspace_plan;

pub use error::ImportError;
pub use helmfile_import::{chart_folders, import_helmfile, ImportRequest};
pub use helmfile_run::Helmfile;
pub use helmfile_state::{
    declared_environments, HelmfileRelease, HelmfileState, SetEntry, ValuesEntry,
};
pub use import_note::ImportNote;
pub use init_plan::{init_plan, DEFAULT_STAGES};
pub use workspace_plan::{PlannedFile, WorkspacePlan};
