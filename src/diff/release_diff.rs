//! [`ReleaseDiff`]: the changes of one release between two sides, with the rules of
//! `strata.yaml` applied: ignored paths dropped (and counted), stage-specific paths marked,
//! secrets hidden. Nothing leaves this module with a secret in it unless `--show-secrets`
//! asked for it.

use super::verdicts::VerdictChange;
use crate::secrets::{credentials_changed, hide, Hide, SecretRules};
use crate::settings::ListKey;
use crate::values::{KeyPath, KeyPattern, Node};

use super::change::{Change, ChangeKind, Hidden, Shown, SummaryColumn};
use super::masked_pair::{masked_pair_yaml, MaskedYaml};
use super::tree_diff::{diff_trees, CompareRules, RawChange, TreeSide};

/// How to compare and what to hide.
#[derive(Clone, Debug, Default)]
pub struct DiffOptions {
    /// Paths never reported (`diff.ignore` and `--ignore`).
    pub ignore: Vec<KeyPattern>,
    /// Paths meant to differ between stages (`diff.stageSpecific`); empty when comparing
    /// revisions, where every change matters.
    pub stage_specific: Vec<KeyPattern>,
    /// Leaves stage-specific differences out altogether, as if ignored.
    pub drift_only: bool,
    /// `diff.listKeys`.
    pub list_keys: Vec<ListKey>,
    /// Prints secrets as they are (`--show-secrets`, refused in CI by the command line).
    pub show_secrets: bool,
}

/// One side of a release in a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseSide {
    /// The stage.
    pub stage: String,
    /// What the side was read from: `working tree`, or a revision as given (`HEAD~1`).
    pub source: String,
    /// False when the release does not exist on this side (a chart or stage added or
    /// removed between revisions).
    pub exists: bool,
    /// The release's namespace on this side (`None` where it does not exist): a stage diff
    /// may compare two namespaces, the release's defaulting to each stage's.
    pub namespace: Option<String>,
}

/// The counts of a summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Changed, type-changed, reordered.
    pub changed: usize,
    /// Added.
    pub added: usize,
    /// Removed, deleted by null.
    pub removed: usize,
}

impl Counts {
    /// Returns the counts of `changes`.
    pub fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Counts {
        let mut counts = Counts::default();
        for change in changes {
            match change.kind.summary_column() {
                SummaryColumn::Changed => counts.changed += 1,
                SummaryColumn::Added => counts.added += 1,
                SummaryColumn::Removed => counts.removed += 1,
            }
        }
        counts
    }

    /// Returns the number of changes.
    pub fn total(&self) -> usize {
        self.changed + self.added + self.removed
    }
}

/// The changes of one release.
#[derive(Clone, Debug, PartialEq)]
pub struct ReleaseDiff {
    /// The release's name (its chart's without `releases:` in `strata.yaml`).
    pub release: String,
    /// The release's chart (the new side's, or the old side's where the new has none).
    pub chart: String,
    /// The old side.
    pub old: ReleaseSide,
    /// The new side.
    pub new: ReleaseSide,
    /// The changes, in the order of the values (stage-specific and drift together; see
    /// [`Change::stage_specific`]).
    pub changes: Vec<Change>,
    /// How many changes the ignore rules (and `--drift-only`) left out.
    pub ignored: usize,
    /// Both sides as YAML with secrets hidden and ignored paths left out (empty for a side
    /// that does not exist), when they differ: what a patch of the release shows.
    pub yaml: Option<(MaskedYaml, MaskedYaml)>,
    /// Schema verdicts that differ between the sides (Helm comparisons only, see
    /// [`compare_helm_versions`](super::compare_helm_versions)).
    pub verdicts: Vec<VerdictChange>,
    /// For a manifest diff, what happens to the release's resources.
    pub plan: Option<super::plan::Plan>,
}

impl ReleaseDiff {
    /// Returns true when a value or a schema verdict changes.
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty() || !self.verdicts.is_empty()
    }

    /// Returns how the release is named in summaries: `production/web` when both sides
    /// are one stage, `web` when comparing two stages.
    pub fn label(&self) -> String {
        if self.old.stage == self.new.stage {
            format!("{}/{}", self.new.stage, self.release)
        } else {
            self.release.clone()
        }
    }

    /// Returns the counts of the changes.
    pub fn counts(&self) -> Counts {
        Counts::of(&self.changes)
    }

    /// Returns how many values were hidden.
    pub fn redactions(&self) -> usize {
        self.changes.iter().map(|c| c.hidden.count).sum()
    }
}

/// The two trees of a release to compare.
pub struct ReleasePair<'a> {
    /// The release's name.
    pub release: &'a str,
    /// The release's chart.
    pub chart: &'a str,
    /// The old side and its trees.
    pub old: (ReleaseSide, TreeSide<'a>),
    /// The new side and its trees.
    pub new: (ReleaseSide, TreeSide<'a>),
}

/// Compares one release's two sides.
pub fn diff_release(
    pair: ReleasePair,
    options: &DiffOptions,
    secrets: &SecretRules,
) -> ReleaseDiff {
    let rules = CompareRules {
        list_keys: &options.list_keys,
        secrets,
    };
    let (old_side, old_tree) = pair.old;
    let (new_side, new_tree) = pair.new;
    let raw = diff_trees(old_tree, new_tree, rules);
    let mut ignored = 0;
    let mut changes = Vec::new();
    for change in raw {
        let stage_specific = options
            .stage_specific
            .iter()
            .any(|p| p.matches_within(&change.key_path));
        let ignore = options
            .ignore
            .iter()
            .any(|p| p.matches_within(&change.key_path))
            || (options.drift_only && stage_specific);
        if ignore {
            ignored += 1;
            continue;
        }
        changes.push(hide_secrets(
            change,
            stage_specific,
            secrets,
            options.show_secrets,
        ));
    }
    let mut prune = options.ignore.clone();
    if options.drift_only {
        prune.extend(options.stage_specific.iter().cloned());
    }
    let (old_yaml, new_yaml) = masked_pair_yaml(
        old_tree.values,
        new_tree.values,
        &prune,
        rules,
        options.show_secrets,
    );
    let yaml = (old_yaml.text != new_yaml.text).then_some((old_yaml, new_yaml));
    ReleaseDiff {
        release: pair.release.to_string(),
        chart: pair.chart.to_string(),
        old: old_side,
        new: new_side,
        changes,
        ignored,
        yaml,
        verdicts: Vec::new(),
        plan: None,
    }
}

/// Returns how one side's value is shown and how many values were hidden in it.
fn shown(
    node: &Node,
    path: &KeyPath,
    secret: bool,
    secrets: &SecretRules,
    show: bool,
) -> (Shown, usize) {
    match hide(node, path, secret, secrets, show) {
        Hide::Whole { bytes, kind } => (Shown::Redacted { bytes, kind }, 1),
        Hide::Value(node, hidden) => (Shown::Value(node), hidden),
    }
}

fn hide_secrets(
    change: RawChange,
    stage_specific: bool,
    secrets: &SecretRules,
    show: bool,
) -> Change {
    let mut hidden = Hidden::default();
    let mut side = |node: &Option<Node>| {
        node.as_ref().map(|n| {
            let (value, count) = shown(n, &change.key_path, change.secret, secrets, show);
            hidden.count += count;
            value
        })
    };
    let old = side(&change.old);
    let new = side(&change.new);
    if !show && change.kind == ChangeKind::Changed {
        hidden.credentials_changed = credentials_changed(change.old.as_ref(), change.new.as_ref());
    }
    Change {
        path: change.path,
        kind: change.kind,
        old,
        new,
        old_origin: change.old_origin,
        new_origin: change.new_origin,
        stage_specific,
        hidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Value;
    use crate::yaml::test_tree as tree;

    fn side(stage: &str) -> ReleaseSide {
        ReleaseSide {
            stage: stage.into(),
            source: "working tree".into(),
            exists: true,
            namespace: Some(stage.into()),
        }
    }

    fn compare(
        old: &Node,
        new: &Node,
        options: &DiffOptions,
        secrets: &SecretRules,
    ) -> ReleaseDiff {
        diff_release(
            ReleasePair {
                release: "web",
                chart: "web",
                old: (
                    side("staging"),
                    TreeSide {
                        values: Some(old),
                        user: None,
                    },
                ),
                new: (
                    side("production"),
                    TreeSide {
                        values: Some(new),
                        user: None,
                    },
                ),
            },
            options,
            secrets,
        )
    }

    #[test]
    fn ignores_marks_and_hides() {
        let old = tree(
            "a.yaml",
            "replicas: 1\nimage: {tag: a}\nstamp: 1\nauth: {password: abc}\nurl: https://u:p@h\n",
        );
        let new = tree(
            "b.yaml",
            "replicas: 2\nimage: {tag: b}\nstamp: 2\nauth: {password: abcd}\nurl: https://u:q@h\n",
        );
        let options = DiffOptions {
            ignore: vec![KeyPattern::parse("stamp").unwrap()],
            stage_specific: vec![KeyPattern::parse("replicas").unwrap()],
            ..DiffOptions::default()
        };
        let diff = compare(&old, &new, &options, &SecretRules::default());
        assert_eq!(diff.ignored, 1);
        assert_eq!(diff.label(), "web");
        let paths: Vec<(String, bool)> = diff
            .changes
            .iter()
            .map(|c| (c.path.to_string(), c.stage_specific))
            .collect();
        let expected = [
            ("replicas", true),
            ("image.tag", false),
            ("auth.password", false),
            ("url", false),
        ];
        assert_eq!(paths, expected.map(|(p, s)| (p.to_string(), s)));
        let redacted = |bytes| {
            Some(Shown::Redacted {
                bytes,
                kind: "string",
            })
        };
        assert_eq!(diff.changes[2].old, redacted(3));
        assert_eq!(diff.changes[2].new, redacted(4));
        assert_eq!(diff.changes[2].hidden.count, 2);
        assert_eq!(diff.changes[3].hidden.credentials_changed, Some(true));
        assert_eq!(diff.redactions(), 4);
        let Some(Shown::Value(url)) = &diff.changes[3].new else {
            panic!("a value")
        };
        assert_eq!(url.value, Value::String("https://<redacted>@h".into()));
        // --drift-only drops the stage-specific change too.
        let drift = DiffOptions {
            drift_only: true,
            ..options
        };
        assert_eq!(
            compare(&old, &new, &drift, &SecretRules::default()).ignored,
            2
        );
    }
}
