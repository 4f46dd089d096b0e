//! [`DiffView`]: a [`DiffReport`] computed once into what every format prints — each
//! release's label, counts, summary and status, its changes grouped into [`Section`]s
//! (drift apart from stage-specific changes when comparing two stages), and the totals.
//! The text, unified, JSON and Markdown formats read the view; none of them groups, counts
//! or tells new from gone releases on its own.

use super::change::Change;
use super::compare::{DiffReport, Mode};
use super::release_diff::{Counts, ReleaseDiff, ReleaseSide};
use crate::workspace::naming;

/// A group of a release's changes, in the order they are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Values that differ between two stages and are not declared to (`diff.stageSpecific`).
    Drift,
    /// Values `strata.yaml` declares as meant to differ between stages.
    StageSpecific,
    /// Every change, in the order of the values (revisions, Helm versions, manifests).
    All,
}

impl Section {
    /// Returns the section a change or matrix row belongs to when drift and stage-specific
    /// values are told apart.
    pub fn of(stage_specific: bool) -> Section {
        if stage_specific {
            Section::StageSpecific
        } else {
            Section::Drift
        }
    }
}

/// Returns the items of `items` grouped into the sections they are listed under, drift
/// first, leaving out empty sections: the one place the split is made (releases of a stage
/// diff, rows of the matrix).
pub fn split_sections<T>(
    items: impl IntoIterator<Item = T>,
    stage_specific: impl Fn(&T) -> bool,
) -> Vec<(Section, Vec<T>)> {
    let (declared, drift): (Vec<T>, Vec<T>) = items.into_iter().partition(stage_specific);
    [(Section::Drift, drift), (Section::StageSpecific, declared)]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

/// What happened to a release between the sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleaseStatus {
    /// Two stages compared, and the release runs in one of them only.
    OneStageOnly,
    /// Only the new side has it.
    New,
    /// Only the old side has it.
    Gone,
    /// Both sides have it.
    Compared,
}

/// One release as every format prints it.
#[derive(Clone, Debug)]
pub struct ReleaseView<'a> {
    /// The release's comparison.
    pub diff: &'a ReleaseDiff,
    /// `production/web`, or `web` comparing two stages; in a workspace that declares
    /// `releases:`, followed by the release's chart and namespace
    /// (`gateway (chart kong, namespace dev → prod)`).
    pub label: String,
    /// The release's chart (its name, in a workspace without `releases:`).
    pub chart: String,
    /// In a workspace that declares `releases:`, the release's namespace: the new side's,
    /// or the old side's where the new has none.
    pub namespace: Option<String>,
    /// True in a workspace that declares `releases:`: the label names the release's chart
    /// and namespace, and the JSON the release apart from its chart.
    pub named: bool,
    /// How a patch's header names the old and the new side (`dev/web`,
    /// `HEAD~1:prod/web`).
    pub side_names: (String, String),
    /// The counts of its changes.
    pub counts: Counts,
    /// `3 changed, 1 added, 0 removed`, or a manifest diff's plan.
    pub summary: String,
    /// New, gone, or on both sides.
    pub status: ReleaseStatus,
    /// The changes in the order they are listed, grouped; no empty section.
    pub sections: Vec<(Section, Vec<&'a Change>)>,
}

impl ReleaseView<'_> {
    /// Returns the changes in the order they are listed (drift first when split).
    pub fn listed(&self) -> impl Iterator<Item = &Change> + '_ {
        self.sections
            .iter()
            .flat_map(|(_, changes)| changes.iter().copied())
    }
}

/// A report as every format prints it.
#[derive(Clone, Debug)]
pub struct DiffView<'a> {
    /// The report.
    pub report: &'a DiffReport,
    /// Every release compared, in the report's order.
    pub releases: Vec<ReleaseView<'a>>,
    /// The counts over every release.
    pub totals: Counts,
    /// How many releases have a change.
    pub changed_releases: usize,
    /// How many changes the ignore rules left out.
    pub ignored: usize,
    /// How many values were hidden as secrets.
    pub redactions: usize,
    /// How many schema verdicts changed.
    pub verdicts: usize,
}

/// Returns `3 changed, 1 added, 0 removed` (of values, or of a manifest diff's fields).
pub fn counts_text(counts: Counts) -> String {
    format!(
        "{} changed, {} added, {} removed",
        counts.changed, counts.added, counts.removed
    )
}

/// Returns the namespaces of `namespaces` as one text: `edge`, or `dev → prod` where they
/// differ (in order, a repeat next to itself once).
pub fn namespaces_text<'n>(namespaces: impl IntoIterator<Item = &'n str>) -> String {
    let mut distinct: Vec<&str> = namespaces.into_iter().collect();
    distinct.dedup();
    distinct.join(" → ")
}

/// Returns how a patch's header names one side of `diff`.
fn side_name(diff: &ReleaseDiff, side: &ReleaseSide, mode: Mode) -> String {
    match mode {
        Mode::Stages => format!("{}/{}", side.stage, diff.release),
        Mode::Revisions | Mode::Helm => {
            format!("{}:{}/{}", side.source, side.stage, diff.release)
        }
    }
}

impl<'a> ReleaseView<'a> {
    fn of(diff: &'a ReleaseDiff, mode: Mode, named: bool) -> ReleaseView<'a> {
        let counts = diff.counts();
        let sections = if mode == Mode::Stages && diff.plan.is_none() {
            split_sections(&diff.changes, |c| c.stage_specific)
        } else if diff.changes.is_empty() {
            Vec::new()
        } else {
            vec![(Section::All, diff.changes.iter().collect())]
        };
        let status = if diff.old.stage != diff.new.stage && diff.old.exists != diff.new.exists {
            ReleaseStatus::OneStageOnly
        } else if !diff.old.exists {
            ReleaseStatus::New
        } else if !diff.new.exists {
            ReleaseStatus::Gone
        } else {
            ReleaseStatus::Compared
        };
        let sides = [&diff.old, &diff.new];
        let namespaces: Vec<&str> = sides
            .iter()
            .filter_map(|side| side.namespace.as_deref())
            .collect();
        let label = if named {
            let namespace = namespaces_text(namespaces.iter().copied());
            format!(
                "{} {}",
                diff.label(),
                naming(&diff.release, &diff.chart, &namespace)
            )
        } else {
            diff.label()
        };
        ReleaseView {
            diff,
            label,
            chart: if named {
                diff.chart.clone()
            } else {
                diff.release.clone()
            },
            namespace: named
                .then(|| namespaces.last().map(|n| n.to_string()))
                .flatten(),
            named,
            side_names: (
                side_name(diff, &diff.old, mode),
                side_name(diff, &diff.new, mode),
            ),
            counts,
            summary: match &diff.plan {
                Some(plan) => plan.to_string(),
                None => counts_text(counts),
            },
            status,
            sections,
        }
    }
}

impl<'a> DiffView<'a> {
    /// Computes the view of `report`.
    pub fn of(report: &'a DiffReport) -> DiffView<'a> {
        DiffView {
            report,
            releases: report
                .releases
                .iter()
                .map(|r| ReleaseView::of(r, report.mode, report.named))
                .collect(),
            totals: report.totals(),
            changed_releases: report.releases.iter().filter(|r| r.has_changes()).count(),
            ignored: report.ignored(),
            redactions: report.redactions(),
            verdicts: report.releases.iter().map(|r| r.verdicts.len()).sum(),
        }
    }

    /// Returns the releases with a change, in order.
    pub fn changed(&self) -> impl Iterator<Item = &ReleaseView<'a>> {
        self.releases.iter().filter(|r| r.diff.has_changes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::test_support::sample_report;

    #[test]
    fn groups_drift_before_stage_specific_changes_once() {
        let report = sample_report();
        let view = DiffView::of(&report);
        let release = &view.releases[0];
        let sections: Vec<(Section, Vec<String>)> = release
            .sections
            .iter()
            .map(|(s, changes)| (*s, changes.iter().map(|c| c.path.to_string()).collect()))
            .collect();
        assert_eq!(
            sections,
            [
                (
                    Section::Drift,
                    [
                        "image.tag",
                        "debug",
                        "auth.password",
                        "containers",
                        "containers[name=app].image",
                        "extra"
                    ]
                    .map(String::from)
                    .to_vec()
                ),
                (Section::StageSpecific, vec!["replicas".to_string()]),
            ]
        );
        assert_eq!(release.summary, "5 changed, 1 added, 1 removed");
        assert_eq!(release.status, ReleaseStatus::Compared);
        assert_eq!(
            (view.changed_releases, view.ignored, view.redactions),
            (1, 1, 2)
        );
        let mut revisions = sample_report();
        revisions.mode = Mode::Revisions;
        let view = DiffView::of(&revisions);
        assert_eq!(view.releases[0].sections.len(), 1);
        assert_eq!(view.releases[0].sections[0].0, Section::All);
        assert_eq!(view.releases[0].listed().count(), 7);
    }

    #[test]
    fn names_chart_and_both_namespaces_only_where_releases_are_declared() {
        let mut report = sample_report();
        let label = |report: &DiffReport| DiffView::of(report).releases[0].label.clone();
        assert_eq!(label(&report), "web");
        assert_eq!(DiffView::of(&report).releases[0].namespace, None);
        report.named = true;
        assert_eq!(label(&report), "web (namespace staging → production)");
        report.releases[0].chart = "nginx".into();
        report.releases[0].new.namespace = Some("staging".into());
        assert_eq!(label(&report), "web (chart nginx, namespace staging)");
        // A side without the release names no namespace.
        report.releases[0].new.namespace = None;
        report.releases[0].old.namespace = Some("edge".into());
        let view = DiffView::of(&report);
        assert_eq!(view.releases[0].label, "web (chart nginx, namespace edge)");
        assert_eq!(view.releases[0].namespace.as_deref(), Some("edge"));
        assert_eq!(view.releases[0].chart, "nginx");
    }

    #[test]
    fn namespaces_read_once_each_in_order() {
        assert_eq!(namespaces_text(["a", "a"]), "a");
        assert_eq!(namespaces_text(["a", "b", "b", "c"]), "a → b → c");
        assert_eq!(namespaces_text(["a", "b", "a"]), "a → b → a");
    }
}
