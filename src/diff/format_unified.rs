//! The `unified` format: a unified diff of each release's values as YAML (what `render`
//! prints), secrets hidden and ignored paths left out, made with the `similar` crate. The
//! output is a plain patch (in a workspace that declares `releases:`, each release's
//! preceded by a `# release:` line naming its chart and namespace, which patch readers skip);
//! notes (hidden secrets) are returned apart, for stderr. The
//! hidden values counted are those on the patch's lines, as each side's masking tallied
//! them per line.

use anstyle::{AnsiColor, Style};
use similar::{ChangeTag, TextDiff};

use super::masked_pair::MaskedYaml;
use super::report_view::DiffView;

/// The context lines around each change, as `diff -u` gives them.
const CONTEXT: usize = 3;

/// A unified diff and the notes that go with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unified {
    /// The patch.
    pub patch: String,
    /// Lines about it (hidden secrets), for stderr.
    pub notes: Vec<String>,
}

/// Returns how many hidden values the lines of the patch of `old` and `new` show: each
/// removed or context line as the old side's masking counted it, each added line as the
/// new side's.
fn hidden_in_patch(diff: &TextDiff<'_, '_, str>, old: &MaskedYaml, new: &MaskedYaml) -> usize {
    diff.grouped_ops(CONTEXT)
        .iter()
        .flatten()
        .flat_map(|op| diff.iter_changes(op))
        .map(
            |change| match (change.tag(), change.old_index(), change.new_index()) {
                (ChangeTag::Insert, _, Some(at)) => new.marks_on(at),
                (_, Some(at), _) => old.marks_on(at),
                _ => 0,
            },
        )
        .sum()
}

/// Returns the unified diff of every release whose YAML differs.
pub fn format_unified(view: &DiffView, color: bool) -> Unified {
    let report = view.report;
    let paint = |style: Style| if color { style } else { Style::new() };
    let (bold, cyan, green, red) = (
        paint(Style::new().bold()),
        paint(AnsiColor::Cyan.on_default()),
        paint(AnsiColor::Green.on_default()),
        paint(AnsiColor::Red.on_default()),
    );
    let mut patch = String::new();
    let mut hidden = 0;
    for release in &view.releases {
        // Both sides as the comparison masked them (present only when they differ).
        let Some((old, new)) = &release.diff.yaml else {
            continue;
        };
        if old.text == new.text {
            continue;
        }
        let diff = TextDiff::from_lines(old.text.as_str(), new.text.as_str());
        hidden += hidden_in_patch(&diff, old, new);
        let text = diff
            .unified_diff()
            .context_radius(CONTEXT)
            .header(&release.side_names.0, &release.side_names.1)
            .to_string();
        // In a workspace that declares `releases:`, a line before the patch names the release,
        // its chart and namespace (what reads a patch skips lines before `---`).
        if release.named {
            patch.push_str(&format!("{bold}# release: {}{bold:#}\n", release.label));
        }
        for line in text.lines() {
            let style = if line.starts_with("---") || line.starts_with("+++") {
                bold
            } else if line.starts_with("@@") {
                cyan
            } else if line.starts_with('+') {
                green
            } else if line.starts_with('-') {
                red
            } else {
                Style::new()
            };
            patch.push_str(&format!("{style}{line}{style:#}\n"));
        }
    }
    let mut notes = Vec::new();
    if hidden > 0 {
        notes.push(format!(
            "{hidden} secret {} redacted (--show-secrets prints them, outside CI)",
            if hidden == 1 { "value" } else { "values" }
        ));
    }
    // A patch has no place for verdicts: they go with the notes, one per line.
    for release in &view.releases {
        for verdict in &release.diff.verdicts {
            notes.push(format!(
                "{}: schema: {} at {}",
                release.label,
                verdict.line(&report.old.name, &report.new.name),
                verdict.place()
            ));
        }
    }
    Unified { patch, notes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::test_support::sample_report;

    #[test]
    fn writes_a_patch_of_the_yaml_with_secrets_hidden() {
        let report = sample_report();
        let unified = format_unified(&DiffView::of(&report), false);
        assert_eq!(
            unified.patch,
            r#"--- staging/web
+++ production/web
@@ -1,11 +1,12 @@
-replicas: 2
+replicas: 3
 image:
-  tag: "1.25"
-debug: true
+  tag: "1.26"
 auth:
-  password: "<redacted> (3 bytes)"
+  password: "<redacted> (changed, 3 → 4 bytes)"
 containers:
-  - name: app
-    image: a
   - name: side
     image: s
+  - name: app
+    image: b
+extra:
+  x: 1
"#
        );
        assert_eq!(
            unified.notes,
            ["2 secret values redacted (--show-secrets prints them, outside CI)"]
        );
    }
}
