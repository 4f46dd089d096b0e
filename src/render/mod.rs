//! Rendering releases into Kubernetes manifests with the real `helm template` (DESIGN §5),
//! and reading what it printed.
//!
//! * `helm` finds out which helm a path is (`helm version`, remembered in the cache);
//!   `hermetic` runs it with a scrubbed environment, empty `HELM_*` homes, no plugins and
//!   a time limit.
//! * `chart_snapshot` reads a chart's files through the workspace's `source::Tree` (the
//!   working tree or a git revision alike) and hashes them; the renderer writes them to a
//!   private folder for helm, so helm never reads anything strata did not check.
//! * `render_job` is one release to render (chart, user values, name, namespace, the stage's
//!   cluster settings) and its cache key; `render_cache` keeps helm's output by that key
//!   under the workspace's git-ignored `.strata/cache/`.
//! * `renderer` renders many jobs on one worker per core.
//! * `manifest` splits helm's output into resources (`resource_id` names them), each a
//!   value tree located in the rendered file.
//!
//! Not here: choosing releases (`workspace`), comparing manifests (`diff`), checking them
//! (`lint`), printing (`cli`).

mod chart_snapshot;
mod error;
mod helm;
mod hermetic;
mod job_builder;
mod manifest;
mod render_cache;
mod render_job;
mod renderer;
mod resource_id;

pub use chart_snapshot::ChartSnapshot;
pub use error::RenderError;
pub use helm::Helm;
pub use job_builder::JobBuilder;
pub use manifest::{parse_manifests, Resource};
pub use render_cache::RenderCache;
pub use render_job::RenderJob;
pub use renderer::{RenderStats, Rendered, Renderer};
pub use resource_id::ResourceId;
