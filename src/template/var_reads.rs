//! [`VarReads`]: which stage and workspace variables an overlay template reads
//! (`stage.vars.domain`, `stage.vars["domain"]`, `vars.registry`), so `validate` can report a
//! variable nothing reads.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

/// The variables templates read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VarReads {
    /// Stage variables read by name.
    pub stage: BTreeSet<String>,
    /// True when a template reads `stage.vars` whole (loops over it, prints it): every stage
    /// variable may be read.
    pub stage_whole: bool,
    /// Workspace variables read by name.
    pub workspace: BTreeSet<String>,
    /// True when a template reads `vars` whole.
    pub workspace_whole: bool,
}

/// `stage.vars` then `.name`, `["name"]` or nothing.
fn stage_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r#"\bstage\s*\.\s*vars\b(?:\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)|\s*\[\s*["']([^"']*)["']\s*\])?"#)
            .expect("the pattern is valid")
    })
}

/// `vars`, then `.name`, `["name"]` or nothing (one after a `.`, `stage.vars`, is skipped).
fn workspace_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r#"\bvars\b(?:\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)|\s*\[\s*["']([^"']*)["']\s*\])?"#)
            .expect("the pattern is valid")
    })
}

impl VarReads {
    /// Adds what the template `text` reads.
    pub fn add(&mut self, text: &str) {
        for tag in tags(text) {
            for found in stage_pattern().captures_iter(tag) {
                match found.get(1).or_else(|| found.get(2)) {
                    Some(name) => {
                        self.stage.insert(name.as_str().to_string());
                    }
                    None => self.stage_whole = true,
                }
            }
            for found in workspace_pattern().captures_iter(tag) {
                // `stage.vars`: the first pattern's.
                let start = found.get(0).map_or(0, |m| m.start());
                if tag[..start].trim_end().ends_with('.') {
                    continue;
                }
                match found.get(1).or_else(|| found.get(2)) {
                    Some(name) => {
                        self.workspace.insert(name.as_str().to_string());
                    }
                    None => self.workspace_whole = true,
                }
            }
        }
    }
}

/// Returns the insides of the tags (`{{ }}`, `{% %}`) of `text`.
fn tags(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open..];
        let close = if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else {
            rest = &rest[open + 1..];
            continue;
        };
        let inner = &after[2..];
        let end = inner.find(close).unwrap_or(inner.len());
        out.push(&inner[..end]);
        rest = &inner[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_variables_templates_read() {
        let mut reads = VarReads::default();
        reads.add("host: {{ stage.vars.domain }}\nc: {{ stage.vars[\"cluster\"] }}\nr: {{ vars.registry }}/{{ vars['org'] }}\nliteral stage.vars.nothing\n");
        assert_eq!(
            reads.stage.iter().collect::<Vec<_>>(),
            ["cluster", "domain"]
        );
        assert_eq!(
            reads.workspace.iter().collect::<Vec<_>>(),
            ["org", "registry"]
        );
        assert!(!reads.stage_whole && !reads.workspace_whole);
        reads.add("{% for k, v in stage.vars %}{{ k }}{% endfor %}{{ vars | json_encode }}");
        assert!(reads.stage_whole && reads.workspace_whole);
    }
}
