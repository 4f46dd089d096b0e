//! [`Finding`]: one thing `strata validate` reports, with its [`Rule`] and [`Severity`].

// A finding's rule and severity are named in `strata.yaml` (`lint.severity`, a policy's
// `severity`), so `settings` defines them; lint's modules take them from here.
pub use crate::settings::{Rule, Severity};
use crate::values::{KeyPath, Origin};

/// One thing validation found in a release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The stage of the release.
    pub stage: String,
    /// The release, by name (its chart's name in a workspace without `releases:`).
    pub chart: String,
    /// The rule that found it.
    pub rule: Rule,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in one line; never holds a secret value.
    pub message: String,
    /// Where: always a file with a line and column.
    pub origin: Origin,
    /// The key path concerned (the root when the finding is about a whole file).
    pub path: KeyPath,
    /// The value at `path` is a secret (by key name, `secrets:` path, `writeOnly` schema
    /// property or content): the source line under the finding hides it.
    pub secret: bool,
}
