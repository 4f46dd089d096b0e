//! [`Plan`]: what a manifest diff means for a release's resources, in the words of
//! `terraform plan`: `2 to add, 3 to change, 1 to destroy`.

use std::fmt;

use super::change::{Change, ChangeKind};
use super::diff_path::Step;

/// How many resources a release gains, changes and loses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Resources only on the new side.
    pub add: usize,
    /// Resources on both sides that differ (after the ignore rules).
    pub change: usize,
    /// Resources only on the old side.
    pub destroy: usize,
}

impl Plan {
    /// Returns the plan of a manifest diff's changes, whose first path step is the
    /// resource: a whole resource added or removed, or changes inside one.
    pub fn of(changes: &[Change]) -> Plan {
        let mut plan = Plan::default();
        let mut changed: Vec<&str> = Vec::new();
        for change in changes {
            let Some(Step::Key(resource)) = change.path.steps().first() else {
                continue;
            };
            let whole = change.path.steps().len() == 1;
            match change.kind {
                ChangeKind::Added if whole => plan.add += 1,
                ChangeKind::Removed | ChangeKind::DeletedByNull if whole => plan.destroy += 1,
                _ if !changed.contains(&resource.as_str()) => changed.push(resource),
                _ => {}
            }
        }
        plan.change = changed.len();
        plan
    }
}

impl fmt::Display for Plan {
    /// Writes `2 to add, 3 to change, 1 to destroy`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} to add, {} to change, {} to destroy",
            self.add, self.change, self.destroy
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::change::Hidden;
    use crate::diff::diff_path::DiffPath;

    fn change(keys: &[&str], kind: ChangeKind) -> Change {
        let path = keys
            .iter()
            .fold(DiffPath::root(), |p, k| p.child(Step::Key(k.to_string())));
        Change {
            path,
            kind,
            old: None,
            new: None,
            old_origin: None,
            new_origin: None,
            stage_specific: false,
            hidden: Hidden::default(),
        }
    }

    #[test]
    fn counts_whole_resources_added_and_removed_and_resources_changed_inside() {
        let changes = [
            change(&["Service/a"], ChangeKind::Added),
            change(&["Service/b"], ChangeKind::Added),
            change(&["Deployment/web", "spec", "replicas"], ChangeKind::Changed),
            change(&["Deployment/web", "spec", "paused"], ChangeKind::Added),
            change(&["ConfigMap/c", "data", "x"], ChangeKind::Removed),
            change(&["Secret/old"], ChangeKind::Removed),
        ];
        let plan = Plan::of(&changes);
        assert_eq!(
            plan,
            Plan {
                add: 2,
                change: 2,
                destroy: 1
            }
        );
        assert_eq!(plan.to_string(), "2 to add, 2 to change, 1 to destroy");
    }
}
