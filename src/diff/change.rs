//! [`Change`]: one difference between two value trees, as every output format prints it:
//! where, what kind, both values (secrets already hidden) and where each side was written.

use crate::values::{Node, Origin};

use super::diff_path::DiffPath;

/// What kind of difference a [`Change`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Only the new side has a value here.
    Added,
    /// Only the old side has a value here.
    Removed,
    /// Both sides have a value of the same type, and they differ.
    Changed,
    /// Both sides have a value, of different types (a string became a number, a map a list,
    /// a value became `null`).
    TypeChanged,
    /// The old side has a value that a `null` in the new side's overlays deletes.
    DeletedByNull,
    /// A list whose elements are matched by identity holds the same elements in another
    /// order; the values are the identities in old and new order.
    Reordered,
}

impl ChangeKind {
    /// Returns the name used in JSON and in templates: `added`, `removed`, `changed`,
    /// `type-changed`, `deleted-by-null`, `reordered`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::TypeChanged => "type-changed",
            ChangeKind::DeletedByNull => "deleted-by-null",
            ChangeKind::Reordered => "reordered",
        }
    }

    /// Returns the summary column the kind counts in: `added`, `removed` or `changed`.
    pub fn summary_column(self) -> SummaryColumn {
        match self {
            ChangeKind::Added => SummaryColumn::Added,
            ChangeKind::Removed | ChangeKind::DeletedByNull => SummaryColumn::Removed,
            ChangeKind::Changed | ChangeKind::TypeChanged | ChangeKind::Reordered => {
                SummaryColumn::Changed
            }
        }
    }
}

/// The three counts of a summary line (`3 changed, 1 added, 0 removed`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryColumn {
    /// Changed, type-changed and reordered.
    Changed,
    /// Added.
    Added,
    /// Removed and deleted by null.
    Removed,
}

/// One side's value as it may be printed: never a secret.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    /// The value, with any secret inside it replaced by its [`Redacted`](crate::secrets::Redacted) text and
    /// credentials cut out of URLs.
    Value(Node),
    /// A secret value: only its size in bytes (a string's UTF-8 length, or the length of a
    /// collection's compact JSON).
    Redacted {
        /// The size.
        bytes: usize,
        /// The kind of value hidden (`string`, `number`, `object`, `array`): a type change
        /// says what the type was without showing the value.
        kind: &'static str,
    },
}

/// What was hidden in a change's values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    /// How many values were hidden, both sides together.
    pub count: usize,
    /// For a value with credentials cut out of URLs on both sides: whether the
    /// credentials differ (the shown texts cannot tell).
    pub credentials_changed: Option<bool>,
}

/// One difference between two value trees.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Where.
    pub path: DiffPath,
    /// What kind of difference.
    pub kind: ChangeKind,
    /// The old value (absent when added).
    pub old: Option<Shown>,
    /// The new value (absent when removed or deleted by null).
    pub new: Option<Shown>,
    /// Where the old value was written; for an addition, where the old side's `null`
    /// deleted it, if one did.
    pub old_origin: Option<Origin>,
    /// Where the new value was written; for a deletion by null, where the `null` is.
    pub new_origin: Option<Origin>,
    /// True when `strata.yaml` declares the path as meant to differ between stages
    /// (`diff.stageSpecific`); only stage-to-stage comparisons set it.
    pub stage_specific: bool,
    /// What was hidden.
    pub hidden: Hidden,
}
