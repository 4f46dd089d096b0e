//! The `text` format: for people at a terminal. A title, then for each release with changes
//! a summary line (`production/web: 3 changed, 1 added, 0 removed`) and one entry per change
//! (mark, path, values, then where each side was written); a footer with totals, ignored
//! changes and hidden secrets. Colour only when asked for (the command line decides).

use anstyle::{AnsiColor, Style};

use super::change::{Change, ChangeKind};
use super::compare::{DiffReport, Mode};
use super::describe::{mark, origins_text, values_text};
use super::release_diff::{Counts, ReleaseDiff};

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

/// Returns `3 changed, 1 added, 0 removed` (of values, or of a manifest diff's fields).
pub fn counts_text(counts: Counts) -> String {
    format!(
        "{} changed, {} added, {} removed",
        counts.changed, counts.added, counts.removed
    )
}

/// Returns the summary line of a release, without styling:
/// `production/web: 3 changed, 1 added, 0 removed (2 ignored)`.
pub fn summary_line(release: &ReleaseDiff) -> String {
    let counts = match &release.plan {
        Some(plan) => plan.to_string(),
        None => counts_text(release.counts()),
    };
    let mut line = format!("{}: {}", release.label(), counts);
    let mut notes = Vec::new();
    if release.old.stage != release.new.stage && release.old.exists != release.new.exists {
        // Two stages compared: a release that runs in one of them only.
        let stage = if release.old.exists {
            &release.old.stage
        } else {
            &release.new.stage
        };
        notes.push(format!("runs in {stage} only"));
    } else if !release.old.exists {
        notes.push(format!("new in {}", release.new.source));
    } else if !release.new.exists {
        notes.push(format!("gone in {}", release.new.source));
    }
    if release.ignored > 0 {
        notes.push(format!("{} ignored", release.ignored));
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
pub fn format_text(report: &DiffReport, color: bool) -> String {
    let p = Palette::new(color);
    let mut out = format!("{}strata diff: {}{:#}\n", p.bold, report.title(), p.bold);
    for release in report.releases.iter().filter(|r| r.has_changes()) {
        out.push_str(&format!(
            "\n{}{}{:#}\n",
            p.bold,
            summary_line(release),
            p.bold
        ));
        let (declared, drift): (Vec<&Change>, Vec<&Change>) =
            release.changes.iter().partition(|c| c.stage_specific);
        if report.mode == Mode::Stages && release.plan.is_none() {
            if !drift.is_empty() {
                out.push_str(&format!(
                    "  {}drift{:#} ({}):\n",
                    p.bold,
                    p.bold,
                    drift.len()
                ));
                for change in &drift {
                    write_change(&mut out, change, "    ", &p);
                }
            }
            if !declared.is_empty() {
                out.push_str(&format!(
                    "  {}stage-specific{:#} ({}, declared in strata.yaml):\n",
                    p.bold,
                    p.bold,
                    declared.len()
                ));
                for change in &declared {
                    write_change(&mut out, change, "    ", &p);
                }
            }
        } else {
            for change in &release.changes {
                write_change(&mut out, change, "  ", &p);
            }
        }
        if !release.verdicts.is_empty() {
            out.push_str(&format!(
                "  {}schema verdicts{:#} ({}):\n",
                p.bold,
                p.bold,
                release.verdicts.len()
            ));
            for verdict in &release.verdicts {
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
    out.push_str(&footer(report));
    out
}

/// Returns the closing lines: totals, what was ignored, what was hidden.
pub fn footer(report: &DiffReport) -> String {
    let compared = report.releases.len();
    let changed = report.releases.iter().filter(|r| r.has_changes()).count();
    let releases = |n: usize| if n == 1 { "release" } else { "releases" };
    let mut out = if changed == 0 {
        format!("no differences ({compared} {} compared", releases(compared))
    } else {
        format!(
            "{changed} of {compared} {} changed: {}",
            releases(compared),
            counts_text(report.totals())
        )
    };
    let verdicts: usize = report.releases.iter().map(|r| r.verdicts.len()).sum();
    if verdicts > 0 {
        let s = if verdicts == 1 { "" } else { "s" };
        out.push_str(&format!("; {verdicts} schema verdict{s} changed"));
    }
    let ignored = report.ignored();
    if ignored > 0 {
        out.push_str(&format!("; {ignored} ignored"));
    }
    if changed == 0 {
        out.push(')');
    }
    out.push('\n');
    let hidden = report.redactions();
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
        let text = format_text(&sample_report(false), false);
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
        let text = format_text(&sample_report(false), true);
        assert!(text.contains("\u{1b}[33m~ image.tag\u{1b}[0m"), "{text}");
    }
}
