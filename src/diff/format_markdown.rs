//! The `markdown` format: a pull request comment. A summary table, then one collapsible
//! `<details>` section per release, its changes in a fenced `diff` block (nothing inside a
//! fence is read as Markdown or HTML, so values cannot inject links, mentions or markup).
//!
//! The text comes from a tera template (`templates/diff.md.tera` built in; a workspace may
//! replace it). Autoescape is off (this is Markdown, not HTML); untrusted names go through
//! the `code` filter. A workspace's template could loop, emit or allocate without end, so it
//! renders in strata's template process under a memory and a time budget
//! ([`crate::sandbox`]); without a strata binary to start (unit tests), on a thread under the
//! time budget alone.
//!
//! The comment must fit a size budget (GitHub refuses comments over 65,536 characters):
//! when the full text does not fit, the most changes that do are kept, in order, found by
//! bisection, and strata itself appends a note of what was cut — the template cannot leave
//! it out.

use std::path::PathBuf;
use std::sync::mpsc;

use serde::Serialize;

use super::change::{Change, ChangeKind, Shown};
use super::compare::DiffReport;
use super::describe::{ids, mark, origins_text, value_text, values_text};
use super::error::DiffError;
use super::report_view::{DiffView, ReleaseStatus, Section};
use crate::sandbox::{code_span, TemplateBudget, TemplateKind, TemplateRenderer, TemplateSource};
use crate::secrets::Redacted;

/// The built-in template.
pub const DEFAULT_TEMPLATE: &str = include_str!("templates/diff.md.tera");

/// GitHub's limit on a comment, in characters; the default budget leaves room for a bot's
/// own header around strata's text.
pub const DEFAULT_MAX_BYTES: usize = 65_536 - 1_536;

/// A template to render with.
#[derive(Clone, Debug)]
pub struct Template {
    /// Where it came from, for messages (`templates/diff.md.tera`, `(built in)`).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// How to write the comment.
#[derive(Clone, Debug)]
pub struct MarkdownOptions {
    /// The size budget in bytes (bytes are never fewer than characters).
    pub max_bytes: usize,
    /// The template; the built-in one when `None`.
    pub template: Option<Template>,
    /// The command that prints everything, named in the note when something was cut.
    pub full_command: String,
    /// The memory and time rendering may take, every attempt together.
    pub budget: TemplateBudget,
    /// The strata binary, started as the template process; `None` renders on a thread of
    /// this process, under the time budget only.
    pub sandbox_program: Option<PathBuf>,
}

#[derive(Serialize, Clone)]
struct MdLabel {
    name: String,
    commit: Option<String>,
}

#[derive(Serialize, Clone)]
struct MdTotals {
    releases: usize,
    changed_releases: usize,
    changed: usize,
    added: usize,
    removed: usize,
    ignored: usize,
    redactions: usize,
}

#[derive(Serialize, Clone)]
struct MdChange {
    path: String,
    kind: &'static str,
    mark: String,
    values: String,
    origins: String,
    line: String,
    stage_specific: bool,
}

#[derive(Serialize, Clone)]
struct MdGroup {
    title: String,
    note: String,
    changes: Vec<MdChange>,
}

#[derive(Serialize, Clone)]
struct MdRelease {
    label: String,
    release: String,
    chart: String,
    namespace: Option<String>,
    old_namespace: Option<String>,
    new_namespace: Option<String>,
    old_stage: String,
    new_stage: String,
    old_source: String,
    new_source: String,
    status: &'static str,
    changed: usize,
    added: usize,
    removed: usize,
    ignored: usize,
    total: usize,
    summary: String,
    fence: String,
    groups: Vec<MdGroup>,
    omitted: usize,
    /// Schema verdicts that change (Helm comparisons): each a line and its place.
    verdicts: Vec<MdVerdict>,
}

#[derive(Serialize, Clone)]
struct MdVerdict {
    line: String,
    place: String,
}

#[derive(Serialize, Clone)]
struct MdCut {
    changes: usize,
    of: usize,
    releases: Vec<String>,
}

#[derive(Serialize, Clone)]
struct MdContext {
    mode: &'static str,
    title: String,
    old: MdLabel,
    new: MdLabel,
    totals: MdTotals,
    releases: Vec<MdRelease>,
    cut: Option<MdCut>,
    max_bytes: usize,
}

fn md_change(change: &Change) -> MdChange {
    let values = values_text(change);
    let line = match side_texts(change) {
        Some((old, new)) => format!("- {}: {old}\n+ {}: {new}", change.path, change.path),
        None => format!("{} {}: {values}", mark(change.kind), change.path),
    };
    MdChange {
        path: change.path.to_string(),
        kind: change.kind.as_str(),
        mark: mark(change.kind).to_string(),
        line,
        values,
        origins: origins_text(change),
        stage_specific: change.stage_specific,
    }
}

/// Returns the old and the new side of a change that has both (changed, type changed,
/// reordered), for a `-` line and a `+` line: GitHub colours only those in a `diff` block, so
/// a change written as one `~` line would show uncoloured. A type change names each side's
/// type; a secret shows its size only; a credentials note goes with the new side.
fn side_texts(change: &Change) -> Option<(String, String)> {
    let (old, new) = (change.old.as_ref()?, change.new.as_ref()?);
    let text = |shown: &Shown| {
        let value = match (change.kind, shown) {
            (ChangeKind::Reordered, _) => format!("order {}", ids(shown)),
            (_, Shown::Redacted { bytes, .. }) => Redacted::Sized(*bytes).to_string(),
            (_, _) => value_text(shown),
        };
        if change.kind != ChangeKind::TypeChanged {
            return value;
        }
        let kind = match shown {
            Shown::Value(node) => node.value.kind_name(),
            Shown::Redacted { kind, .. } => kind,
        };
        format!("{value} (type {kind})")
    };
    let mut new_text = text(new);
    match change.hidden.credentials_changed {
        Some(true) => new_text.push_str(" (credentials changed)"),
        Some(false) => new_text.push_str(" (credentials unchanged)"),
        None => {}
    }
    Some((text(old), new_text))
}

/// Returns a code fence longer than any run of backticks in `texts` (at least three).
fn fence_for<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let longest = texts
        .flat_map(|t| t.split(|c| c != '`').map(str::len))
        .max()
        .unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

/// Builds the template's context, showing only the first `keep` changes (in the order
/// listed: drift before stage-specific changes when comparing stages).
fn context(view: &DiffView, keep: usize) -> MdContext {
    let report = view.report;
    let totals = view.totals;
    let mut left = keep;
    let mut cut_releases = Vec::new();
    let releases = view
        .releases
        .iter()
        .map(|r| {
            let counts = r.counts;
            let mut groups = Vec::new();
            let mut shown = 0;
            for (section, changes) in &r.sections {
                let kept: Vec<MdChange> = changes.iter().take(left).map(|c| md_change(c)).collect();
                left -= kept.len();
                shown += kept.len();
                if kept.is_empty() {
                    continue;
                }
                let (title, note) = match section {
                    Section::Drift => ("Drift", ""),
                    Section::StageSpecific => ("Stage-specific", "declared in strata.yaml"),
                    Section::All => ("", ""),
                };
                groups.push(MdGroup {
                    title: title.into(),
                    note: note.into(),
                    changes: kept,
                });
            }
            let omitted = r.diff.changes.len() - shown;
            if omitted > 0 {
                cut_releases.push(r.label.clone());
            }
            let fence = fence_for(
                groups
                    .iter()
                    .flat_map(|g| &g.changes)
                    .flat_map(|c| [c.line.as_str(), c.origins.as_str()]),
            );
            let status = match r.status {
                ReleaseStatus::OneStageOnly if r.diff.old.exists => "gone",
                ReleaseStatus::New | ReleaseStatus::OneStageOnly => "new",
                ReleaseStatus::Gone => "gone",
                ReleaseStatus::Compared => "changed",
            };
            let diff = r.diff;
            MdRelease {
                label: r.label.clone(),
                release: diff.release.clone(),
                chart: r.chart.clone(),
                namespace: r.namespace.clone(),
                old_namespace: diff.old.namespace.clone(),
                new_namespace: diff.new.namespace.clone(),
                old_stage: diff.old.stage.clone(),
                new_stage: diff.new.stage.clone(),
                old_source: diff.old.source.clone(),
                new_source: diff.new.source.clone(),
                status,
                changed: counts.changed,
                added: counts.added,
                removed: counts.removed,
                ignored: diff.ignored,
                total: counts.total(),
                summary: r.summary.clone(),
                fence,
                groups,
                omitted,
                verdicts: diff
                    .verdicts
                    .iter()
                    .map(|v| MdVerdict {
                        line: v.line(&report.old.name, &report.new.name),
                        place: v.place(),
                    })
                    .collect(),
            }
        })
        .collect();
    let all = totals.total();
    MdContext {
        mode: report.mode.as_str(),
        title: report.title(),
        old: MdLabel {
            name: report.old.name.clone(),
            commit: report.old.commit.clone(),
        },
        new: MdLabel {
            name: report.new.name.clone(),
            commit: report.new.commit.clone(),
        },
        totals: MdTotals {
            releases: view.releases.len(),
            changed_releases: view.changed_releases,
            changed: totals.changed,
            added: totals.added,
            removed: totals.removed,
            ignored: view.ignored,
            redactions: view.redactions,
        },
        releases,
        cut: (keep < all).then(|| MdCut {
            changes: all - keep,
            of: all,
            releases: cut_releases,
        }),
        max_bytes: 0,
    }
}

/// The note strata appends when changes were cut.
fn cut_note(cut: &MdCut, options: &MarkdownOptions) -> String {
    const LISTED: usize = 10;
    let mut names: Vec<String> = cut.releases.iter().take(LISTED).cloned().collect();
    if cut.releases.len() > LISTED {
        names.push(format!("and {} more", cut.releases.len() - LISTED));
    }
    format!(
        "\n> ✂️ **Cut to fit the {}-byte comment budget:** {} of {} changes are not shown ({}). Run {} for everything.\n",
        options.max_bytes,
        cut.changes,
        cut.of,
        names.join(", "),
        code_span(&options.full_command),
    )
}

/// Renders with every attempt the budget needs.
fn render_within_budget(
    view: &DiffView,
    options: &MarkdownOptions,
    renderer: &mut TemplateRenderer,
    name: &str,
) -> Result<String, DiffError> {
    let template_error = |message: String| DiffError::Template {
        name: name.to_string(),
        message,
    };
    let mut render = |keep: usize| -> Result<String, DiffError> {
        let mut ctx = context(view, keep);
        ctx.max_bytes = options.max_bytes;
        let json = serde_json::to_value(&ctx).map_err(|e| template_error(e.to_string()))?;
        let mut text = renderer
            .render(&json)
            .map_err(|e| template_error(e.to_string()))?;
        if let Some(cut) = &ctx.cut {
            text.push_str(&cut_note(cut, options));
        }
        Ok(text)
    };
    let all = view.totals.total();
    let full = render(all)?;
    if full.len() <= options.max_bytes {
        return Ok(full);
    }
    // The most changes that fit: `low` fits (or is 0), `high` does not.
    let (mut low, mut high) = (0, all);
    let mut best = render(0)?;
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        let text = render(mid)?;
        if text.len() <= options.max_bytes {
            low = mid;
            best = text;
        } else {
            high = mid;
        }
    }
    if best.len() <= options.max_bytes {
        return Ok(best);
    }
    // Even the summary alone is over: cut at a line, and say so.
    let note = format!(
        "\n\n> ✂️ **Cut at the {}-byte comment budget:** the summary alone is larger. Run {} for everything.\n",
        options.max_bytes,
        code_span(&options.full_command)
    );
    let room = options.max_bytes.saturating_sub(note.len());
    let mut end = room.min(best.len());
    while !best.is_char_boundary(end) {
        end -= 1;
    }
    let end = best[..end].rfind('\n').unwrap_or(0);
    Ok(format!("{}{note}", &best[..end]))
}

/// Returns the report as a Markdown pull request comment within the size budget.
pub fn format_markdown(view: &DiffView, options: &MarkdownOptions) -> Result<String, DiffError> {
    let (name, text) = match &options.template {
        Some(t) => (t.name.clone(), t.text.clone()),
        None => ("(built in)".to_string(), DEFAULT_TEMPLATE.to_string()),
    };
    let source = TemplateSource {
        kind: TemplateKind::DiffMarkdown,
        name: name.clone(),
        text,
    };
    let template_error = |e: crate::sandbox::SandboxError| DiffError::Template {
        name: name.clone(),
        message: e.to_string(),
    };
    if let Some(program) = &options.sandbox_program {
        // The template process enforces the whole budget itself.
        let mut renderer = TemplateRenderer::sandboxed(program, &source, options.budget)
            .map_err(template_error)?;
        return render_within_budget(view, options, &mut renderer, &name);
    }
    let mut renderer = TemplateRenderer::in_process(&source).map_err(template_error)?;
    let (send, receive) = mpsc::channel();
    // The thread may outlive this call (below), so it takes its own copy of the report and
    // computes the view of it there.
    let report: DiffReport = view.report.clone();
    let options_for_thread = options.clone();
    let thread_name = name.clone();
    // The thread cannot be stopped from outside: on a timeout it is left behind, and the
    // command exits with the error shortly after.
    std::thread::spawn(move || {
        let view = DiffView::of(&report);
        let result = render_within_budget(&view, &options_for_thread, &mut renderer, &thread_name);
        let _ = send.send(result);
    });
    match receive.recv_timeout(options.budget.time) {
        Ok(result) => result,
        Err(_) => Err(DiffError::Template {
            name,
            message: crate::sandbox::SandboxError::OverTime {
                seconds: options.budget.time.as_secs(),
            }
            .to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::test_support::sample_report;

    fn options(max_bytes: usize, template: Option<&str>) -> MarkdownOptions {
        MarkdownOptions {
            max_bytes,
            template: template.map(|text| Template {
                name: "t.md.tera".into(),
                text: text.into(),
            }),
            full_command: "strata diff staging production".into(),
            budget: TemplateBudget::default(),
            sandbox_program: None,
        }
    }

    #[test]
    fn writes_a_summary_table_and_a_section_per_release() {
        let text = format_markdown(
            &DiffView::of(&sample_report()),
            &options(DEFAULT_MAX_BYTES, None),
        )
        .unwrap();
        assert_eq!(
            text,
            r#"### strata diff: `staging` → `production`

| release | changed | added | removed | ignored |
| --- | ---: | ---: | ---: | ---: |
| `web` | 5 | 1 | 1 | 1 |

<details><summary><b>web</b>: 5 changed, 1 added, 1 removed</summary>

**Drift**

```diff
- image.tag: "1.25"
+ image.tag: "1.26"
    environments/staging/web.yaml:3:8 → environments/production/web.yaml:3:8
- debug: true (deleted by null)
    environments/staging/web.yaml:4:8 → null at environments/production/web.yaml:1:8
- auth.password: <redacted> (3 bytes)
+ auth.password: <redacted> (4 bytes)
    environments/staging/web.yaml:7:13 → environments/production/web.yaml:6:13
- containers: order app, side
+ containers: order side, app
    environments/staging/web.yaml:9:3 → environments/production/web.yaml:8:3
- containers[name=app].image: "a"
+ containers[name=app].image: "b"
    environments/staging/web.yaml:10:12 → environments/production/web.yaml:11:12
+ extra: {"x":1}
    environments/production/web.yaml:12:8
```

**Stage-specific** (declared in strata.yaml)

```diff
- replicas: 2
+ replicas: 3
    environments/staging/web.yaml:1:11 → environments/production/web.yaml:1:11
```

</details>

1 of 1 release changed: 5 changed, 1 added, 1 removed; 1 ignored.

🔒 2 secret values redacted.
"#
        );
    }

    #[test]
    fn cuts_changes_to_fit_the_budget_and_says_so() {
        let full = format_markdown(
            &DiffView::of(&sample_report()),
            &options(DEFAULT_MAX_BYTES, None),
        )
        .unwrap();
        let budget = full.len() - 100;
        let text =
            format_markdown(&DiffView::of(&sample_report()), &options(budget, None)).unwrap();
        assert!(text.len() <= budget, "{} > {budget}", text.len());
        assert!(
            text.contains("- image.tag: \"1.25\"\n+ image.tag: \"1.26\"\n"),
            "the first changes stay:\n{text}"
        );
        assert!(!text.contains("+ replicas"), "the last ones go:\n{text}");
        let note = format!("\n\n> ✂️ **Cut to fit the {budget}-byte comment budget:** 3 of 7 changes are not shown (web). Run `strata diff staging production` for everything.\n");
        assert!(text.ends_with(&note), "{text}");
        assert!(
            text.contains("*3 more changes not shown (size budget).*"),
            "{text}"
        );
        // A budget below the summary itself: cut at a line, with a note.
        let text = format_markdown(&DiffView::of(&sample_report()), &options(300, None)).unwrap();
        assert!(text.len() <= 300, "{}", text.len());
        assert!(text.contains("the summary alone is larger"), "{text}");
    }

    #[test]
    fn a_workspace_template_replaces_the_built_in_one() {
        let template = "{% for r in releases %}{{ r.label }} {{ r.summary }}{% for g in r.groups %}{% for c in g.changes %}\n{{ c.mark }} {{ c.path | code }}{% endfor %}{% endfor %}{% endfor %}\n";
        let text = format_markdown(
            &DiffView::of(&sample_report()),
            &options(DEFAULT_MAX_BYTES, Some(template)),
        )
        .unwrap();
        assert_eq!(
            text,
            "web 5 changed, 1 added, 1 removed\n~ `image.tag`\n- `debug`\n~ `auth.password`\n~ `containers`\n~ `containers[name=app].image`\n+ `extra`\n~ `replicas`\n"
        );
        let err = format_markdown(
            &DiffView::of(&sample_report()),
            &options(DEFAULT_MAX_BYTES, Some("{{ nope }}")),
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("diff template t.md.tera: "),
            "{err}"
        );
    }

    #[test]
    fn a_runaway_template_is_stopped() {
        let endless = "{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% endfor %}{% endfor %}";
        let mut opts = options(DEFAULT_MAX_BYTES, Some(endless));
        opts.budget.time = std::time::Duration::from_millis(300);
        let err = format_markdown(&DiffView::of(&sample_report()), &opts).unwrap_err();
        assert!(
            err.to_string().contains("rendering took longer than"),
            "{err}"
        );
        let huge = "{% for a in range(end=100000) %}{% for b in range(end=1000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}";
        let err = format_markdown(
            &DiffView::of(&sample_report()),
            &options(DEFAULT_MAX_BYTES, Some(huge)),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("the template wrote more than"),
            "{err}"
        );
    }

    #[test]
    fn code_spans_cannot_be_broken_out_of() {
        assert_eq!(code_span("a|b"), "`a\\|b`");
        assert_eq!(code_span("x `y` z"), "``x `y` z``");
        assert_eq!(code_span("`edge"), "`` `edge ``");
    }

    #[test]
    fn a_change_with_two_sides_is_a_minus_line_and_a_plus_line() {
        use crate::diff::change::Hidden;
        use crate::diff::diff_path::{DiffPath, Step};
        use crate::values::{Node, Origin, Value};
        let value = |v: Value| Some(Shown::Value(Node::new(v, Origin::whole("t".into()))));
        let change = |kind, old, new, credentials_changed| Change {
            path: DiffPath::root().child(Step::Key("port".into())),
            kind,
            old,
            new,
            old_origin: None,
            new_origin: None,
            stage_specific: false,
            hidden: Hidden {
                count: 0,
                credentials_changed,
            },
        };
        let rows = [
            (
                change(
                    ChangeKind::TypeChanged,
                    value(Value::String("80".into())),
                    value(Value::Float(80.0)),
                    None,
                ),
                "- port: \"80\" (type string)\n+ port: 80 (type number)",
            ),
            (
                change(
                    ChangeKind::Changed,
                    value(Value::String("https://<redacted>@a".into())),
                    value(Value::String("https://<redacted>@b".into())),
                    Some(true),
                ),
                "- port: \"https://<redacted>@a\"\n+ port: \"https://<redacted>@b\" (credentials changed)",
            ),
            (
                change(ChangeKind::Added, None, value(Value::Bool(true)), None),
                "+ port: true",
            ),
        ];
        for (change, expected) in rows {
            assert_eq!(md_change(&change).line, expected);
        }
    }
}
