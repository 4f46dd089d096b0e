//! [`Warning`]: what Helm prints on stderr while it computes values, as data.

use std::fmt;

use crate::values::{go_quote, HelmVersion, Origin, Value};

/// Which side of a global merge held a `global` that is not a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GlobalSide {
    /// The subchart's section (`sub.global`).
    Destination,
    /// The parent's values (`global`).
    Source,
}

/// A warning Helm 3 prints while computing values. [`fmt::Display`] gives Helm's exact text
/// without the `coalesce.go:NNN: ` prefix ([`Warning::helm_location`] gives it).
///
/// `origin` is where the value the warning is about was written, so strata can point at it;
/// the merge warnings also carry the origin of the chart default that lost.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// A map was given for a key whose default is not a map, at the top level of a chart's
    /// values. The map is kept, despite the wording.
    SkippedNotATable {
        /// Dotted path, starting with the chart path (`parent.a`).
        path: String,
        /// Where the map was written.
        origin: Origin,
        /// Where the default was written.
        default_origin: Origin,
    },
    /// A non-map was given for a key whose default is a map, below a chart's top level. The
    /// non-map is kept.
    CannotOverwriteTable {
        /// Dotted path, starting with the chart path (`parent.p.a`).
        path: String,
        /// The default map, printed with Go's `%v`.
        default: Value,
        /// Where the non-map value was written.
        origin: Origin,
        /// Where the default map was written.
        default_origin: Origin,
    },
    /// A map was given for a key whose default is a non-null non-map, below a chart's top
    /// level. The map is kept.
    DestinationIsTable {
        /// Dotted path, starting with the chart path (`parent.p.a`).
        path: String,
        /// The default value, printed with Go's `%v`.
        default: Value,
        /// Where the map was written.
        origin: Origin,
        /// Where the default was written.
        default_origin: Origin,
    },
    /// `global` is not a map in a subchart's section or in its parent: globals are not
    /// passed down to that subchart.
    GlobalsNotTable {
        /// Which side is not a map.
        side: GlobalSide,
        /// Where that `global` was written.
        origin: Origin,
    },
    /// A parent's global map met a non-map under the same key in a subchart's section; the
    /// subchart keeps its value.
    GlobalMapOverNonMap {
        /// The key under `global`.
        key: String,
        /// Where the subchart section's value was written.
        origin: Origin,
    },
    /// A parent's global non-map met a map under the same key in a subchart's section; the
    /// subchart keeps its map.
    GlobalKeyIsTable {
        /// The key under `global`.
        key: String,
        /// Where the parent's value was written.
        origin: Origin,
    },
    /// A condition path resolved to a value that is not a bool; the path is skipped.
    ConditionNotBool {
        /// The condition path as written in Chart.yaml (without the parent chain).
        condition: String,
        /// The dependency's name (its alias when it has one).
        chart: String,
        /// Where the value was written.
        origin: Origin,
    },
    /// A tag's value is not a bool; the tag is ignored.
    TagNotBool {
        /// The tag.
        tag: String,
        /// The dependency's name (its alias when it has one).
        chart: String,
        /// Where the value was written.
        origin: Origin,
    },
    /// An `import-values` entry in map form names a child path that is not a map.
    ImportMissingTable {
        /// The dependency's name (its alias when it has one).
        chart: String,
        /// The first part of the path that is missing or not a map.
        key: String,
        /// Where the dependency is declared.
        origin: Origin,
    },
    /// An `import-values` entry in string form names an export that is not a map.
    ImportMissingExport {
        /// The first part of `<chart>.exports.<name>` that is missing or not a map.
        key: String,
        /// Where the dependency is declared.
        origin: Origin,
    },
}

impl Warning {
    /// Returns where Helm 3.17.3 prints the warning from (`coalesce.go:237`), the prefix of
    /// its stderr line (`coalesce.go:237: warning: ...`), as measured on the real binary.
    pub fn helm_location(&self) -> &'static str {
        match self {
            Warning::SkippedNotATable { .. } => "coalesce.go:237",
            Warning::CannotOverwriteTable { .. } => "coalesce.go:298",
            Warning::DestinationIsTable { .. } => "coalesce.go:301",
            Warning::GlobalsNotTable {
                side: GlobalSide::Destination,
                ..
            } => "coalesce.go:138",
            Warning::GlobalsNotTable {
                side: GlobalSide::Source,
                ..
            } => "coalesce.go:145",
            Warning::GlobalMapOverNonMap { .. } => "coalesce.go:161",
            Warning::GlobalKeyIsTable { .. } => "coalesce.go:175",
            Warning::ConditionNotBool { .. } => "dependencies.go:63",
            Warning::TagNotBool { .. } => "dependencies.go:94",
            Warning::ImportMissingTable { .. } => "dependencies.go:269",
            Warning::ImportMissingExport { .. } => "dependencies.go:286",
        }
    }

    /// Returns the line `helm` prints for the warning: Helm 3's text ([`fmt::Display`],
    /// without the `coalesce.go:NNN: ` prefix), or Helm 4's `slog` line
    /// (`level=INFO msg="warning: ..."`, `level=WARN msg="returned non-bool value" path=...`),
    /// as measured on Helm 4.1.4.
    pub fn text_for(&self, helm: HelmVersion) -> String {
        if !helm.is_v4() {
            return self.to_string();
        }
        match self {
            Warning::ConditionNotBool {
                condition, chart, ..
            } => format!(
                "level=WARN msg=\"returned non-bool value\" path={} chart={}",
                slog_value(condition),
                slog_value(chart)
            ),
            Warning::TagNotBool { tag, chart, .. } => format!(
                "level=WARN msg=\"returned non-bool value\" tag={} chart={}",
                slog_value(tag),
                slog_value(chart)
            ),
            Warning::ImportMissingTable { chart, key, .. } => format!(
                "level=WARN msg=\"ImportValues missing table from chart\" chart={} error={}",
                slog_value(chart),
                slog_value(&format!("{} is not a table", go_quote(key)))
            ),
            Warning::ImportMissingExport { key, .. } => format!(
                "level=WARN msg=\"ImportValues missing table\" error={}",
                slog_value(&format!("{} is not a table", go_quote(key)))
            ),
            // Helm 4 sends the coalescing `printf` through `log`, which slog prints at INFO.
            _ => format!("level=INFO msg={}", slog_value(&self.to_string())),
        }
    }

    /// Returns where the value the warning is about was written.
    pub fn origin(&self) -> &Origin {
        match self {
            Warning::SkippedNotATable { origin, .. }
            | Warning::CannotOverwriteTable { origin, .. }
            | Warning::DestinationIsTable { origin, .. }
            | Warning::GlobalsNotTable { origin, .. }
            | Warning::GlobalMapOverNonMap { origin, .. }
            | Warning::GlobalKeyIsTable { origin, .. }
            | Warning::ConditionNotBool { origin, .. }
            | Warning::TagNotBool { origin, .. }
            | Warning::ImportMissingTable { origin, .. }
            | Warning::ImportMissingExport { origin, .. } => origin,
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::SkippedNotATable { path, .. } => {
                write!(f, "warning: skipped value for {path}: Not a table.")
            }
            Warning::CannotOverwriteTable { path, default, .. } => write!(
                f,
                "warning: cannot overwrite table with non table for {path} ({})",
                default.go_display()
            ),
            Warning::DestinationIsTable { path, default, .. } => write!(
                f,
                "warning: destination for {path} is a table. Ignoring non-table value ({})",
                default.go_display()
            ),
            Warning::GlobalsNotTable { side, .. } => {
                let side = match side {
                    GlobalSide::Destination => "destination",
                    GlobalSide::Source => "source",
                };
                write!(
                    f,
                    "warning: skipping globals because {side} global is not a table."
                )
            }
            Warning::GlobalMapOverNonMap { key, .. } => write!(
                f,
                "Conflict: cannot merge map onto non-map for {}. Skipping.",
                go_quote(key)
            ),
            Warning::GlobalKeyIsTable { key, .. } => write!(f, "key {key} is table. Skipping"),
            Warning::ConditionNotBool {
                condition, chart, ..
            } => write!(
                f,
                "Warning: Condition path '{condition}' for chart {chart} returned non-bool value"
            ),
            Warning::TagNotBool { tag, chart, .. } => write!(
                f,
                "Warning: Tag '{tag}' for chart {chart} returned non-bool value"
            ),
            Warning::ImportMissingTable { chart, key, .. } => write!(
                f,
                "Warning: ImportValues missing table from chart {chart}: {} is not a table",
                go_quote(key)
            ),
            Warning::ImportMissingExport { key, .. } => write!(
                f,
                "Warning: ImportValues missing table: {} is not a table",
                go_quote(key)
            ),
        }
    }
}

/// Writes a value as Go's `slog.TextHandler` does: bare when it is a non-empty run of
/// printable characters without space, `=` or `"`, quoted with Go's `%q` otherwise.
fn slog_value(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != '=' && c != '"');
    if bare {
        text.to_string()
    } else {
        go_quote(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm4_prints_slog_lines() {
        let origin = Origin::whole("x".into());
        let skipped = Warning::SkippedNotATable {
            path: "parent.a".into(),
            origin: origin.clone(),
            default_origin: origin.clone(),
        };
        assert_eq!(
            skipped.text_for(HelmVersion::V4),
            r#"level=INFO msg="warning: skipped value for parent.a: Not a table.""#
        );
        assert_eq!(
            skipped.text_for(HelmVersion::V3),
            "warning: skipped value for parent.a: Not a table."
        );
        let condition = Warning::ConditionNotBool {
            condition: "sub.enabled".into(),
            chart: "sub".into(),
            origin: origin.clone(),
        };
        assert_eq!(
            condition.text_for(HelmVersion::V4),
            r#"level=WARN msg="returned non-bool value" path=sub.enabled chart=sub"#
        );
        let import = Warning::ImportMissingTable {
            chart: "sub".into(),
            key: "nothere".into(),
            origin,
        };
        assert_eq!(
            import.text_for(HelmVersion::V4),
            r#"level=WARN msg="ImportValues missing table from chart" chart=sub error="\"nothere\" is not a table""#
        );
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("nothere"), r#""nothere""#);
        assert_eq!(go_quote("a\"b\\c\n\u{1}é"), r#""a\"b\\c\n\x01é""#);
        assert_eq!(go_quote(""), r#""""#);
    }
}
