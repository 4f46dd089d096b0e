//! [`OverlayDoc`]: an overlay file opened for format-preserving edits: a plain `.yaml` file
//! (`yaml::Document`), or a template (`.yaml.tera`, [`TemplateDoc`]) edited where the value
//! is literal text. A promotion and `apply-patch` both edit through it, so they follow the
//! same rules.

use std::path::{Path, PathBuf};

use crate::values::{KeyPath, Origin, Value};
use crate::workspace::{is_template, Workspace};
use crate::yaml::{Document, EditKind};

use super::error::PromoteError;
use super::template_edit::TemplateDoc;

/// An overlay file being edited in memory.
pub enum OverlayDoc {
    /// A `.yaml` file.
    Plain { file: PathBuf, doc: Document },
    /// A `.yaml.tera` template.
    Template(TemplateDoc),
}

impl OverlayDoc {
    /// Opens the overlay `file` of stage `stage`, whose bytes are `bytes` (`None`: it does
    /// not exist yet; a plain file is then created).
    pub fn open(
        ws: &Workspace,
        stage: &str,
        file: &Path,
        bytes: Option<&[u8]>,
    ) -> Result<OverlayDoc, PromoteError> {
        if is_template(file) {
            let doc = TemplateDoc::open(ws, stage, file, bytes.unwrap_or_default())?;
            return Ok(OverlayDoc::Template(doc));
        }
        let source = crate::source::display_path(file);
        let doc = Document::parse(
            bytes.unwrap_or_default(),
            &source.as_str().into(),
            &ws.config().limits.yaml,
        )
        .map_err(|e| PromoteError::Workspace(e.into()))?;
        Ok(OverlayDoc::Plain {
            file: file.to_path_buf(),
            doc,
        })
    }

    /// Writes `value` at `path`; `at` is where the key is written today (for errors).
    pub fn set_scalar(
        &mut self,
        path: &KeyPath,
        value: &Value,
        at: Option<&Origin>,
    ) -> Result<EditKind, PromoteError> {
        match self {
            OverlayDoc::Plain { file, doc } => {
                doc.set_scalar(path, value)
                    .map_err(|source| PromoteError::Edit {
                        file: file.clone(),
                        origin: at.cloned(),
                        source,
                    })
            }
            OverlayDoc::Template(doc) => doc.set_scalar(path, value, at),
        }
    }

    /// Returns the YAML the file's values are read from: its bytes, or what the template
    /// renders.
    pub fn values_text(&self) -> &[u8] {
        match self {
            OverlayDoc::Plain { doc, .. } => doc.text().as_bytes(),
            OverlayDoc::Template(doc) => doc.rendered().as_bytes(),
        }
    }

    /// Returns the file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            OverlayDoc::Plain { doc, .. } => doc.to_bytes(),
            OverlayDoc::Template(doc) => doc.template().as_bytes().to_vec(),
        }
    }
}
