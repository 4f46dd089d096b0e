//! Overlay templates (`*.yaml.tera`, DESIGN §5): an overlay rendered with tera before it is
//! parsed, from its stage's, release's and chart's context, hermetic and bounded
//! (`crate::sandbox` runs it), with each line of the text it renders traced back to the
//! template line that wrote it ([`LineMarks`]), so `explain` and `render --annotate` name the
//! template's lines; and which of a template's text is literal ([`literal_ranges`]), where a
//! promotion may edit a value.
//!
//! Not here: what goes into the context (the workspace builds it, `workspace::Release`), or
//! reading the YAML the template renders (`yaml`).

mod line_marks;
mod literal_text;
mod overlay;
mod var_reads;

pub use line_marks::{strip_marks, LineMarks};
pub use literal_text::{line_offset, literal_ranges, tags_on_line};
pub use overlay::{render_overlay, RenderedOverlay, TemplateRunner};
pub use var_reads::VarReads;
