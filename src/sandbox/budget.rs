//! [`TemplateBudget`]: how much memory and time one template may use.

use std::time::Duration;

/// How much memory and time a template may use, all its renders together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemplateBudget {
    /// Memory the template may use, in bytes, over what the process holds at its start.
    pub memory_bytes: u64,
    /// Wall-clock time for every render together.
    pub time: Duration,
}

impl TemplateBudget {
    /// The default memory budget: the built-in diff template renders a 10,000-change
    /// comment in a few MB; 256 MiB leaves room for any honest template.
    pub const DEFAULT_MEMORY_BYTES: u64 = 256 * 1024 * 1024;
    /// The default time budget: the built-in template takes milliseconds.
    pub const DEFAULT_TIME: Duration = Duration::from_secs(5);
}

impl Default for TemplateBudget {
    fn default() -> Self {
        TemplateBudget {
            memory_bytes: Self::DEFAULT_MEMORY_BYTES,
            time: Self::DEFAULT_TIME,
        }
    }
}
