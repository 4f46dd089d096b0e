//! [`SettingsError`]: a setting of `strata.yaml` that cannot be used, with where it is written.

use crate::values::Origin;

/// A setting of `strata.yaml` that cannot be used, with where it is written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// A key or value strata does not understand.
    #[error("{message}")]
    Invalid { message: String, origin: Origin },
    /// An overlay pattern leaves the workspace (refused for safety).
    #[error("overlay pattern {pattern:?} leaves the workspace; overlays must stay inside it")]
    PatternOutside { pattern: String, origin: Origin },
}

impl SettingsError {
    /// Returns an error about the node at `origin`.
    pub fn new(message: impl Into<String>, origin: &Origin) -> SettingsError {
        SettingsError::Invalid {
            message: message.into(),
            origin: origin.clone(),
        }
    }

    /// Returns where the setting is written.
    pub fn origin(&self) -> &Origin {
        match self {
            SettingsError::Invalid { origin, .. }
            | SettingsError::PatternOutside { origin, .. } => origin,
        }
    }
}
