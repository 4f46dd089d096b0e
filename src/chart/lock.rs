//! [`ChartLock`]: the dependencies a chart's `Chart.lock` (or a v1 chart's
//! `requirements.lock`) pins, and [`LockDifference`]: the first way two locks disagree.
//!
//! A team that downloads dependencies (`helm dependency build`) and ignores `charts/*/charts/`
//! commits only the lock. Reading a revision, the working tree's downloaded dependencies can
//! stand in for the revision's only when both locks pin the same dependencies; this is where
//! that is decided.

use crate::values::Value;
use crate::yaml::{parse_values, Limits};

use super::error::ChartError;

/// The lock files Helm writes, newest format first.
pub(crate) const LOCK_FILES: [&str; 2] = ["Chart.lock", "requirements.lock"];

/// One dependency a lock pins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LockedDependency {
    pub name: String,
    pub version: String,
    pub repository: String,
}

/// The dependencies a lock pins (its `digest` and `generated` time are left out: `helm
/// dependency update` rewrites the time even when nothing changed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ChartLock {
    pub dependencies: Vec<LockedDependency>,
}

/// How one dependency differs between the lock of a revision and the working tree's:
/// `None` where that side does not pin it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockDifference {
    /// The dependency's name.
    pub dependency: String,
    /// What the revision's lock pins (`12.1.0`, or `12.1.0 from <repository>` when only
    /// the repositories differ).
    pub at_revision: Option<String>,
    /// What the working tree's lock pins, said the same way.
    pub in_working_tree: Option<String>,
}

impl ChartLock {
    /// Reads a lock file's `dependencies`; anything else in it is ignored, as Helm's loader
    /// ignores it for values.
    pub(crate) fn parse(
        bytes: &[u8],
        source: crate::values::SourceName,
        limits: &Limits,
    ) -> Result<ChartLock, ChartError> {
        let parsed = parse_values(bytes, source, limits)?;
        let mut lock = ChartLock::default();
        let Some(deps) = parsed
            .root
            .as_ref()
            .and_then(|root| root.as_map())
            .and_then(|map| map.get("dependencies"))
        else {
            return Ok(lock);
        };
        let Value::List(items) = &deps.value else {
            return Ok(lock);
        };
        for item in items {
            let Some(map) = item.as_map() else { continue };
            let text = |key: &str| match map.get(key).map(|n| &n.value) {
                Some(Value::String(s)) => s.to_string(),
                Some(Value::Float(f)) => crate::values::format_go_float(*f),
                Some(Value::Int(i)) => i.to_string(),
                _ => String::new(),
            };
            lock.dependencies.push(LockedDependency {
                name: text("name"),
                version: text("version"),
                repository: text("repository"),
            });
        }
        Ok(lock)
    }

    /// Returns the first dependency (in the revision's order, then the working tree's) that
    /// the two locks pin differently; `None` when they agree.
    pub(crate) fn first_difference(
        at_revision: &ChartLock,
        in_working_tree: &ChartLock,
    ) -> Option<LockDifference> {
        let find = |lock: &ChartLock, name: &str| {
            lock.dependencies.iter().find(|d| d.name == name).cloned()
        };
        let names = at_revision
            .dependencies
            .iter()
            .chain(&in_working_tree.dependencies)
            .map(|d| d.name.clone());
        for name in names {
            let (old, new) = (find(at_revision, &name), find(in_working_tree, &name));
            if old == new {
                continue;
            }
            let same_version = matches!((&old, &new), (Some(a), Some(b)) if a.version == b.version);
            let say = |dep: Option<LockedDependency>| {
                dep.map(|d| {
                    if same_version {
                        format!("{} from {}", d.version, d.repository)
                    } else {
                        d.version
                    }
                })
            };
            return Some(LockDifference {
                dependency: name,
                at_revision: say(old),
                in_working_tree: say(new),
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn lock(text: &str) -> ChartLock {
        ChartLock::parse(text.as_bytes(), Arc::from("Chart.lock"), &Limits::default()).unwrap()
    }

    #[test]
    fn locks_agree_on_their_dependencies_whatever_their_time() {
        let deps = "dependencies:\n- name: postgresql\n  repository: https://charts.example.com\n  version: 12.1.0\n";
        let old = lock(&format!(
            "{deps}digest: sha256:aa\ngenerated: \"2024-01-01T00:00:00Z\"\n"
        ));
        let new = lock(&format!(
            "{deps}digest: sha256:aa\ngenerated: \"2025-06-01T00:00:00Z\"\n"
        ));
        assert_eq!(old.dependencies.len(), 1);
        assert_eq!(ChartLock::first_difference(&old, &new), None);
    }

    #[test]
    fn the_first_difference_names_the_dependency_and_both_sides() {
        /// What differs, the revision's lock, the working tree's, what each side pins.
        type Row<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);
        let rows: &[Row] = &[
            (
                "version changed",
                "dependencies:\n- {name: db, repository: r, version: 1.0.0}\n",
                "dependencies:\n- {name: db, repository: r, version: 1.1.0}\n",
                Some("1.0.0"),
                Some("1.1.0"),
            ),
            (
                "repository changed",
                "dependencies:\n- {name: db, repository: a, version: 1.0.0}\n",
                "dependencies:\n- {name: db, repository: b, version: 1.0.0}\n",
                Some("1.0.0 from a"),
                Some("1.0.0 from b"),
            ),
            (
                "only at the revision",
                "dependencies:\n- {name: db, repository: r, version: 1.0.0}\n",
                "dependencies: []\n",
                Some("1.0.0"),
                None,
            ),
            (
                "only in the working tree",
                "",
                "dependencies:\n- {name: db, repository: r, version: 1.0.0}\n",
                None,
                Some("1.0.0"),
            ),
        ];
        for (what, old, new, at_revision, in_working_tree) in rows {
            let diff = ChartLock::first_difference(&lock(old), &lock(new)).expect(what);
            assert_eq!(diff.dependency, "db", "{what}");
            assert_eq!(diff.at_revision.as_deref(), *at_revision, "{what}");
            assert_eq!(diff.in_working_tree.as_deref(), *in_working_tree, "{what}");
        }
    }
}
