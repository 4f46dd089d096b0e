//! Promotion (DESIGN §2, `promote`): carrying what was tested in one stage to the next as a
//! reviewable, safe change of the target stage's overlays.
//!
//! * `plan` / `planner`: [`plan_promotion`] finds, per release, the promotable paths
//!   (`strata.yaml`'s `promotion:` rules) whose effective value in the source stage differs
//!   from the target's, and the target file each goes in: the overlay that sets the key
//!   today ([`layer_writing_key`], the one question asked of the layers), else the release's
//!   overlay of the target stage, created if missing.
//! * `file_edit`, `overlay_doc`: the edits applied in memory with the format-preserving
//!   editor of `yaml::Document` (only the edited bytes change; a missing key is created in
//!   place); `template_edit`: a template (`.yaml.tera`) edited only where the value is
//!   literal text, else refused at the line that computes it.
//! * `gate`: the target stage layered, validated and diffed again with the edits applied
//!   ([`check_gates`], through an [`EditedTree`]); the diff is how the plan is shown.
//! * `patch_file`: the plan as RFC 6902 JSON Patches, one per file, and applying one.
//! * `lock`, `write_guard`, `commit`: one promotion at a time, targets that are no symlink
//!   and unchanged since read, and the git2 commit (reliability §3).
//!
//! Not here: writing files atomically and printing (`cli`), computing values (`workspace`,
//! `layer`), comparing trees (`diff`).

mod commit;
mod edited_tree;
mod error;
mod file_edit;
mod gate;
mod key_writer;
mod lock;
mod overlay_doc;
mod patch_file;
mod plan;
mod planner;
mod template_edit;
mod write_guard;

pub use commit::{
    check_repository, commit_files, commit_message, read_head, CommitTarget, HeadState,
};
pub use edited_tree::EditedTree;
pub use error::PromoteError;
pub use file_edit::{edit_file, edit_files, FileEdit, FileOp, WantedEdit};
pub use gate::{check_gates, edited_workspace, GateReport, Mismatch};
pub use key_writer::{layer_writing_key, KeyWriter};
pub use lock::{PromotionLock, LOCK_FILE};
pub use overlay_doc::OverlayDoc;
pub use patch_file::{apply_file_patch, FilePatch, PatchFile};
pub use plan::{PlannedEdit, PromotionPlan};
pub use planner::plan_promotion;
pub use template_edit::TemplateDoc;
pub use write_guard::check_targets;
