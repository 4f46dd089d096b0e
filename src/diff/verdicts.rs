//! [`VerdictChange`]: a schema verdict that differs between Helm 3's and Helm 4's reading of
//! the same release (`strata diff --helm-version 3 --to-helm-version 4`).
//!
//! Both sides are validated as the selected Helm validates (`schema::validate_release`), the
//! chart's schemas and the workspace's. Helm 3 and Helm 4 word every violation differently,
//! so verdicts are compared by place: a value path that breaks a schema on one side only is
//! a change; a path that breaks it on both is not, whatever the words.

use std::collections::BTreeMap;

use crate::schema::{read_workspace_schema, validate_release, Violation};
use crate::values::{KeyPath, Node, Origin};
use crate::workspace::{CommandLineValues, ReleaseValues, Workspace, WorkspaceError};

/// A value path whose schema verdict differs between the two sides.
#[derive(Clone, Debug, PartialEq)]
pub struct VerdictChange {
    /// Where in the release's values (for a missing required key, the key itself).
    pub path: KeyPath,
    /// The violations on the old side, in its Helm's words (`replicas: Invalid type. ...`);
    /// empty when the old side passes here.
    pub old: Vec<String>,
    /// The violations on the new side (`at '/replicas': got string, want integer`); empty
    /// when the new side passes here.
    pub new: Vec<String>,
    /// The line responsible: where the offending value (or the `null` that deleted a required
    /// key) was written, on the side that fails.
    pub origin: Option<Origin>,
    /// The subschema that decides, `file#pointer`, on the side that fails.
    pub schema_location: String,
}

impl VerdictChange {
    /// Returns the change in one line: `pair[0]: passes under Helm 3, fails under Helm 4:
    /// at '/pair/0': got number, want string` (the failing side's violations, `; `-joined,
    /// nested lines included).
    pub fn line(&self, old: &str, new: &str) -> String {
        let failing = if self.old.is_empty() {
            &self.new
        } else {
            &self.old
        };
        let words: Vec<String> = failing
            .iter()
            .map(|v| v.lines().map(str::trim).collect::<Vec<_>>().join(" "))
            .collect();
        format!(
            "{}: {} under {old}, {} under {new}: {}",
            self.path,
            Self::verdict(&self.old),
            Self::verdict(&self.new),
            words.join("; ")
        )
    }

    /// Returns where the change comes from: `file:line:col (schema file#pointer)`.
    pub fn place(&self) -> String {
        let origin = self
            .origin
            .as_ref()
            .map_or("(no position)".to_string(), Origin::to_string);
        format!("{origin} (schema {})", self.schema_location)
    }

    /// Returns `passes` or `fails` for one side.
    pub fn verdict(violations: &[String]) -> &'static str {
        if violations.is_empty() {
            "passes"
        } else {
            "fails"
        }
    }
}

/// Returns the schema violations of `chart`'s release in `stage` under `ws`'s Helm.
pub(crate) fn release_violations(
    ws: &Workspace,
    stage: &str,
    chart: &str,
) -> Result<Vec<Violation>, WorkspaceError> {
    let release = ws.release(stage, chart)?;
    let values = release.compute(ws, &CommandLineValues::default())?;
    computed_release_violations(ws, &release.chart, &values)
}

/// Returns [`release_violations`] of a release already computed in `ws` (`values`, with no
/// command-line values), without computing it again.
pub(crate) fn computed_release_violations(
    ws: &Workspace,
    chart: &str,
    values: &ReleaseValues,
) -> Result<Vec<Violation>, WorkspaceError> {
    let roots: Vec<&Node> = values
        .overlays
        .iter()
        .filter_map(|o| o.parsed.root.as_ref())
        .collect();
    let workspace_schema =
        read_workspace_schema(ws.tree().as_ref(), chart, ws.config().limits.max_file_bytes)?;
    Ok(validate_release(
        &values.chart,
        &values.computed,
        &roots,
        workspace_schema.as_ref(),
        ws.tree().as_ref(),
        ws.helm(),
    )?)
}

/// Returns the value paths whose verdict differs between `old` and `new`, in path order.
pub(crate) fn verdict_changes(old: &[Violation], new: &[Violation]) -> Vec<VerdictChange> {
    let mut by_path: BTreeMap<KeyPath, (Vec<&Violation>, Vec<&Violation>)> = BTreeMap::new();
    for v in old {
        by_path.entry(v.values_path.clone()).or_default().0.push(v);
    }
    for v in new {
        by_path.entry(v.values_path.clone()).or_default().1.push(v);
    }
    by_path
        .into_iter()
        .filter(|(_, (o, n))| o.is_empty() != n.is_empty())
        .map(|(path, (o, n))| {
            let failing = o.first().or(n.first()).copied();
            VerdictChange {
                path,
                old: o.iter().map(|v| v.to_string()).collect(),
                new: n.iter().map(|v| v.to_string()).collect(),
                origin: failing.and_then(|v| v.origin.clone()),
                schema_location: failing
                    .map(|v| v.schema_location.clone())
                    .unwrap_or_default(),
            }
        })
        .collect()
}
