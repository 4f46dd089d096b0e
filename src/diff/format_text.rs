//! The `text` format: for people at a terminal. A title, then for each release with changes
//! a summary line (`production/web: 3 changed, 1 added, 0 removed`) and one entry per change
//! (mark, path, values, then where each side was written); a footer with totals, ignored
//! changes and hidden secrets. Colour only when asked for (the command line decides).

use anstyle::{AnsiColor, Style};

use super::change::{Change, ChangeKind};
use super::describe::{mark, origins_text, values_text};
use super::report_view::{counts_text, DiffView, ReleaseStatus, ReleaseView, Section};

struct Palette {
    bold: Style,
    dim: Style,
    added: Style,
    removed: Style,
    changed: Style,
}

impl Palette {
    fn new(color: bool) -> Palette {
        let paint = |style: Style| if color { style } else { Style::new() };
        Palette {
            bold: paint(Style::new().bold()),
            dim: paint(AnsiColor::BrightBlack.on_default()),
            added: paint(AnsiColor::Green.on_default()),
            removed: paint(AnsiColor::Red.on_default()),
            changed: paint(AnsiColor::Yellow.on_default()),
        }
    }

    fn for_kind(&self, kind: ChangeKind) -> Style {
        match mark(kind) {
            '+' => self.added,
            '-' => self.removed,
            _ => self.changed,
        }
    }
}

/// Returns the summary line of a release, without styling:
/// `production/web: 3 changed, 1 added, 0 removed (2 ignored)`.
pub fn summary_line(release: &ReleaseView) -> String {
    let mut line = format!("{}: {}", release.label, release.summary);
    let mut notes = Vec::new();
    match release.status {
        ReleaseStatus::OneStageOnly => {
            let side = if release.diff.old.exists {
                &release.diff.old
            } else {
                &release.diff.new
            };
            notes.push(format!("runs in {} only", side.stage));
        }
        ReleaseStatus::New => notes.push(format!("new in {}", release.diff.new.source)),
        ReleaseStatus::Gone => notes.push(format!("gone in {}", release.diff.new.source)),
        ReleaseStatus::Compared => {}
    }
    if release.diff.ignored > 0 {
        notes.push(format!("{} ignored", release.diff.ignored));
    }
    if !notes.is_empty() {
        line.push_str(&format!(" ({})", notes.join(", ")));
    }
    line
}

fn write_change(out: &mut String, change: &Change, indent: &str, p: &Palette) {
    let style = p.for_kind(change.kind);
    out.push_str(&format!(
        "{indent}{style}{} {}{style:#}: {}\n",
        mark(change.kind),
        change.path,
        values_text(change)
    ));
    let origins = origins_text(change);
    if !origins.is_empty() {
        out.push_str(&format!("{indent}    {}{origins}{:#}\n", p.dim, p.dim));
    }
}

/// Returns the report as text.
pub fn format_text(view: &DiffView, color: bool) -> String {
    let p = Palette::new(color);
    let report = view.report;
    let mut out = format!("{}strata diff: {}{:#}\n", p.bold, report.title(), p.bold);
    for release in view.changed() {
        out.push_str(&format!(
            "\n{}{}{:#}\n",
            p.bold,
            summary_line(release),
            p.bold
        ));
        for (section, changes) in &release.sections {
            let indent = match section {
                Section::Drift => {
                    out.push_str(&format!(
                        "  {}drift{:#} ({}):\n",
                        p.bold,
                        p.bold,
                        changes.len()
                    ));
                    "    "
                }
                Section::StageSpecific => {
                    out.push_str(&format!(
                        "  {}stage-specific{:#} ({}, declared in strata.yaml):\n",
                        p.bold,
                        p.bold,
                        changes.len()
                    ));
                    "    "
                }
                Section::All => "  ",
            };
            for change in changes {
                write_change(&mut out, change, indent, &p);
            }
        }
        let verdicts = &release.diff.verdicts;
        if !verdicts.is_empty() {
            out.push_str(&format!(
                "  {}schema verdicts{:#} ({}):\n",
                p.bold,
                p.bold,
                verdicts.len()
            ));
            for verdict in verdicts {
                out.push_str(&format!(
                    "    ! {}\n      {}{}{:#}\n",
                    verdict.line(&report.old.name, &report.new.name),
                    p.dim,
                    verdict.place(),
                    p.dim
                ));
            }
        }
    }
    out.push('\n');
    out.push_str(&footer(view));
    out
}

/// Returns the closing lines: totals, what was ignored, what was hidden.
pub fn footer(view: &DiffView) -> String {
    let compared = view.releases.len();
    let changed = view.changed_releases;
    let releases = |n: usize| if n == 1 { "release" } else { "releases" };
    let mut out = if changed == 0 {
        format!("no differences ({compared} {} compared", releases(compared))
    } else {
        format!(
            "{changed} of {compared} {} changed: {}",
            releases(compared),
            counts_text(view.totals)
        )
    };
    let verdicts = view.verdicts;
    if verdicts > 0 {
        let s = if verdicts == 1 { "" } else { "s" };
        out.push_str(&format!("; {verdicts} schema verdict{s} changed"));
    }
    let ignored = view.ignored;
    if ignored > 0 {
        out.push_str(&format!("; {ignored} ignored"));
    }
    if changed == 0 {
        out.push(')');
    }
    out.push('\n');
    let hidden = view.redactions;
    if hidden > 0 {
        out.push_str(&format!(
            "{hidden} secret {} redacted (--show-secrets prints them, outside CI)\n",
            if hidden == 1 { "value" } else { "values" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::test_support::sample_report;

    #[test]
    fn prints_drift_apart_from_stage_specific_changes() {
        let report = sample_report();
        let text = format_text(&DiffView::of(&report), false);
        assert_eq!(
            text,
            r#"strata diff: staging → production

web: 5 changed, 1 added, 1 removed (1 ignored)
  drift (6):
    ~ image.tag: "1.25" → "1.26"
        environments/staging/web.yaml:3:8 → environments/production/web.yaml:3:8
    - debug: true (deleted by null)
        environments/staging/web.yaml:4:8 → null at environments/production/web.yaml:1:8
    ~ auth.password: <redacted> (changed, 3 → 4 bytes)
        environments/staging/web.yaml:7:13 → environments/production/web.yaml:6:13
    ~ containers: order app, side → side, app
        environments/staging/web.yaml:9:3 → environments/production/web.yaml:8:3
    ~ containers[name=app].image: "a" → "b"
        environments/staging/web.yaml:10:12 → environments/production/web.yaml:11:12
    + extra: {"x":1}
        environments/production/web.yaml:12:8
  stage-specific (1, declared in strata.yaml):
    ~ replicas: 2 → 3
        environments/staging/web.yaml:1:11 → environments/production/web.yaml:1:11

1 of 1 release changed: 5 changed, 1 added, 1 removed; 1 ignored
2 secret values redacted (--show-secrets prints them, outside CI)
"#
        );
        assert!(!text.contains("abc"), "no secret");
    }

    #[test]
    fn colours_only_when_asked() {
        let report = sample_report();
        let text = format_text(&DiffView::of(&report), true);
        assert!(text.contains("\u{1b}[33m~ image.tag\u{1b}[0m"), "{text}");
    }
}
