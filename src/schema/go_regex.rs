//! Regular expressions for `pattern` and `format: regex`, read as Helm reads them (Go's RE2
//! syntax) and run in time linear in the input.
//!
//! Helm 3.17 compiles `pattern` with Go's `regexp`, an RE2 engine: no look-around, no
//! backreferences, linear time. Rust's `regex` crate is the same kind of engine with nearly the
//! same syntax (`(?i)`, `\z`, `[[:alpha:]]`, `(?P<name>)`, `^+` are accepted by both), so a
//! pattern that backtracks catastrophically elsewhere (`^(a+)+$` against `aaaa…!`) cannot here.
//! The `jsonschema` crate's own engine reads ECMA-262 syntax instead and rejects several Go
//! patterns Helm accepts, which is why `pattern` is checked by strata's keyword
//! ([`super::keywords`]). Go's Perl classes (`\d`, `\w`, `\s`, `\b`) are ASCII-only, Rust's
//! Unicode-aware, so they are rewritten to their ASCII forms first ([`translate`]).

/// Largest compiled program of one pattern, in bytes; a pattern over it (`(a{1000}){1000}`) is
/// refused instead of taking memory and time to build.
const SIZE_LIMIT: usize = 1 << 20;
/// Largest lazy DFA cache of one pattern, in bytes.
const DFA_SIZE_LIMIT: usize = 1 << 20;

/// Compiles a Go-syntax pattern; the error is the reason, in one line.
pub(crate) fn compile(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(&translate(pattern))
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            text.lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or(&text)
                .trim()
                .trim_start_matches("error: ")
                .to_string()
        })
}

/// Rewrites Go's ASCII-only Perl classes for Rust's engine: `\d` → `[0-9]`, `\w` →
/// `[0-9A-Za-z_]`, `\s` → `[\t\n\f\r ]` (and the negations), `\b`/`\B` → their ASCII forms;
/// inside a bracket class the same sets are spliced in. Everything else is copied as written.
fn translate(pattern: &str) -> String {
    const DIGIT: &str = "0-9";
    const WORD: &str = "0-9A-Za-z_";
    const SPACE: &str = "\\t\\n\\f\\r ";
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    // At the start of a class a `]` (after an optional `^`) is a literal.
    let mut class_start = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                let set = match next {
                    'd' | 'D' => Some(DIGIT),
                    'w' | 'W' => Some(WORD),
                    's' | 'S' => Some(SPACE),
                    _ => None,
                };
                let negated = next.is_ascii_uppercase();
                match (set, in_class) {
                    (Some(set), false) if negated => out.push_str(&format!("[^{set}]")),
                    (Some(set), false) => out.push_str(&format!("[{set}]")),
                    (Some(set), true) if negated => out.push_str(&format!("[^{set}]")),
                    (Some(set), true) => out.push_str(set),
                    (None, false) if next == 'b' || next == 'B' => {
                        out.push_str(&format!("(?-u:\\{next})"))
                    }
                    (None, false) if next == 'Q' => {
                        // `\Q...\E`: literal text, which Rust's syntax lacks.
                        let mut literal = String::new();
                        while let Some(l) = chars.next() {
                            if l == '\\' && chars.peek() == Some(&'E') {
                                chars.next();
                                break;
                            }
                            literal.push(l);
                        }
                        out.push_str(&regex::escape(&literal));
                    }
                    (None, _) => {
                        out.push(c);
                        out.push(next);
                    }
                }
                class_start = false;
            }
            '[' if !in_class => {
                out.push(c);
                in_class = true;
                class_start = true;
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
            }
            '[' if chars.peek() == Some(&':') => {
                // A POSIX class `[:alpha:]` inside a bracket class: copied through `:]`.
                out.push(c);
                for p in chars.by_ref() {
                    out.push(p);
                    if p == ']' {
                        break;
                    }
                }
                class_start = false;
            }
            ']' if in_class && !class_start => {
                out.push(c);
                in_class = false;
            }
            c => {
                out.push(c);
                class_start = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn go_syntax_that_ecma_rejects_compiles() {
        for pattern in ["^+$", "(?i)^abc$", r"\Aab\z", "[[:alpha:]]+", "(?P<n>a)"] {
            assert!(compile(pattern).is_ok(), "{pattern}");
        }
        assert!(!compile("^+$").unwrap().is_match("Demo1"));
        assert!(compile("(?i)^abc$").unwrap().is_match("ABC"));
    }

    #[test]
    fn perl_classes_are_ascii_as_in_go() {
        let rows = [
            (r"^\d+$", "[0-9]", "١٢", false),
            (r"^\d+$", "", "12", true),
            (r"^[\d_]+$", "[0-9_]", "1_2", true),
            (r"^[^\s]+$", "", "a\u{a0}b", true),
            (r"^\S+$", "", "a\u{a0}b", true),
            (r"^\w+$", "", "é", false),
            (r"\bé", "", "xé", true),
            (r"^[]a]+$", "[]a]", "]a", true),
            (r"^[[:alpha:]\d]+$", "[[:alpha:]0-9]", "a1", true),
            (r"^\\d$", r"\\d", "\\d", true),
            (r"^\Qa.b\E$", r"a\.b", "a.b", true),
        ];
        for (pattern, contains, subject, want) in rows {
            assert!(
                translate(pattern).contains(contains),
                "{pattern} -> {}",
                translate(pattern)
            );
            let re = compile(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
            assert_eq!(re.is_match(subject), want, "{pattern} on {subject:?}");
        }
    }

    #[test]
    fn what_go_rejects_is_rejected() {
        for pattern in ["(?=a)", r"(a)\1", "["] {
            assert!(compile(pattern).is_err(), "{pattern}");
        }
    }

    #[test]
    fn catastrophic_backtracking_patterns_run_in_linear_time() {
        let re = compile("^(a+)+$").unwrap();
        let subject = format!("{}!", "a".repeat(100_000));
        let start = Instant::now();
        assert!(!re.is_match(&subject));
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn huge_patterns_are_refused() {
        let err = compile("(a{1000}){1000}").unwrap_err();
        assert!(err.contains("size limit"), "{err}");
    }
}
